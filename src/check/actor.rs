//! One actor's view of the map: its current stance on each claim, its
//! commitments (what it affirms, and everything that follows by `implies`),
//! and the irregularities of its stance history. Built once per actor and
//! shared by every per-actor rule. The arrays are sized to the map and reused
//! across actors (reset by an epoch counter), so building a view costs only
//! the actor's stances and what its commitments reach.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::collections::VecDeque;

use super::negative::{Denial, DenialChain, Negative};
use super::position::{Framework, Standing};

use crate::graph::ClaimGraph;
use crate::model::*;

/// How an actor comes to be committed to a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The actor affirms it (this stance is current).
    Affirmed(StanceIdx),
    /// It follows by `rel` (an `implies`) from `from`, a commitment. When
    /// `rel` has linked premises, `from` is the first of them (the actor
    /// holds every one).
    Implied { from: ClaimIdx, rel: RelIdx },
}

/// Stances of one actor on one claim that disagree with nothing to order them
/// (no dates, or one day with no time or `seq` that orders it).
#[derive(Clone, Debug)]
pub struct Conflict {
    pub claim: ClaimIdx,
    pub first: StanceIdx,
    pub second: StanceIdx,
    /// The current stance, when it comes after both: the conflict was
    /// resolved by a later stance and is history (docs/checks.md, "Time").
    pub superseded_by: Option<StanceIdx>,
}

/// Dated stances of one actor on one claim whose position changes over time.
#[derive(Clone, Debug)]
pub struct Shift {
    pub claim: ClaimIdx,
    /// The dated stances, oldest first (by date, time, `seq`, then file order).
    pub stances: Vec<StanceIdx>,
}

/// The stances of one actor on one claim in the order of
/// [`Currency`] (undated first), with where the current run of `affirms` starts.
#[derive(Clone, Copy, Debug)]
struct Timeline {
    start: u32,
    len: u32,
    /// The first stance of the run of `affirms` that ends with the current
    /// stance (`None` when that run reaches an undated stance, or the
    /// current stance is not `affirms`).
    since: Option<StanceIdx>,
}

/// See the module documentation.
pub struct ActorView {
    pub actor: ActorIdx,
    epoch: u32,
    stance_epoch: Vec<u32>,
    current: Vec<StanceIdx>,
    commit_epoch: Vec<u32>,
    via: Vec<Via>,
    /// Claims the actor has a stance on, in the order of its first stance.
    pub stanced: Vec<ClaimIdx>,
    /// Commitments in breadth-first order from the affirmed claims.
    pub committed: Vec<ClaimIdx>,
    pub conflicts: Vec<Conflict>,
    pub shifts: Vec<Shift>,
    /// Each commitment's place in `committed` (valid where `commit_epoch` is current).
    commit_index: Vec<u32>,
    /// What the actor is committed to deny: computed on first need.
    negative: RefCell<Negative>,
    /// The grounded labelling of the actor's position: built on first need.
    framework: OnceCell<Framework>,
    /// For each linked `implies` some premise of which the actor holds: how
    /// many of its premises it holds.
    linked_held: HashMap<RelIdx, u32, crate::ids::FastState>,
    /// Claims with several stances: their stances in order, in `history`.
    timelines: HashMap<ClaimIdx, Timeline, crate::ids::FastState>,
    history: Vec<StanceIdx>,
}

impl ActorView {
    /// An empty view sized for a map of `claims` claims.
    pub fn new(claims: usize) -> ActorView {
        ActorView {
            actor: 0,
            epoch: 0,
            stance_epoch: vec![0; claims],
            current: vec![0; claims],
            commit_epoch: vec![0; claims],
            via: vec![Via::Affirmed(0); claims],
            stanced: Vec::new(),
            committed: Vec::new(),
            conflicts: Vec::new(),
            shifts: Vec::new(),
            commit_index: vec![0; claims],
            negative: RefCell::default(),
            framework: OnceCell::new(),
            linked_held: HashMap::default(),
            timelines: HashMap::default(),
            history: Vec::new(),
        }
    }

    /// Build the view of one actor (reusing this view's storage).
    pub fn load(&mut self, graph: &ClaimGraph<'_>, actor: ActorIdx) {
        let map = graph.map;
        self.actor = actor;
        self.epoch += 1;
        let epoch = self.epoch;
        self.stanced.clear();
        self.committed.clear();
        self.conflicts.clear();
        self.shifts.clear();
        self.framework = OnceCell::new();
        self.linked_held.clear();

        // Current stances; claims with several stances are resolved below.
        let mut several: HashMap<ClaimIdx, Vec<StanceIdx>, crate::ids::FastState> = HashMap::default();
        for (si, s) in graph.actor_stances(actor) {
            let c = s.claim as usize;
            if self.stance_epoch[c] != epoch {
                self.stance_epoch[c] = epoch;
                self.current[c] = si;
                self.stanced.push(s.claim);
            } else {
                several.entry(s.claim).or_insert_with(|| vec![self.current[c]]).push(si);
            }
        }
        let mut multi: Vec<(ClaimIdx, Vec<StanceIdx>)> = several.into_iter().collect();
        multi.sort_unstable_by_key(|(c, _)| *c);
        self.timelines.clear();
        self.history.clear();
        for (claim, stances) in multi {
            let current = self.order_history(map, claim, stances);
            self.current[claim as usize] = current;
        }

        // Commitments: affirmed claims, then `implies` breadth first.
        let mut queue = VecDeque::new();
        for &c in &self.stanced {
            let si = self.current[c as usize];
            if map.stance(si).position == Position::Affirms {
                self.commit_epoch[c as usize] = epoch;
                self.via[c as usize] = Via::Affirmed(si);
                self.commit_index[c as usize] = self.committed.len() as u32;
                self.committed.push(c);
                queue.push_back(c);
            }
        }
        while let Some(c) = queue.pop_front() {
            for (t, ri) in graph.targets(c, RelationKind::Implies) {
                if self.commit_epoch[t as usize] != epoch {
                    self.commit_epoch[t as usize] = epoch;
                    self.via[t as usize] = Via::Implied { from: c, rel: ri };
                    self.commit_index[t as usize] = self.committed.len() as u32;
                    self.committed.push(t);
                    queue.push_back(t);
                }
            }
            self.follow_linked(graph, c, &mut queue);
        }
    }

    /// Commitments through linked `implies`: `c` is one more premise held of
    /// each linked `implies` it is a premise of; the relation's conclusion
    /// is committed to when every premise is held. Each commitment is
    /// followed once and premises are distinct, so a count per relation
    /// suffices: linear in the premises of the relations reached.
    fn follow_linked(&mut self, graph: &ClaimGraph<'_>, c: ClaimIdx, queue: &mut VecDeque<ClaimIdx>) {
        let epoch = self.epoch;
        for &ri in graph.linked_from(c) {
            let rel = graph.map.relation(ri);
            let (RelationKind::Implies, Target::Claim(t)) = (rel.kind, rel.to) else { continue };
            let held = self.linked_held.entry(ri).or_insert(0);
            *held += 1;
            if *held as usize == rel.premises().len() && self.commit_epoch[t as usize] != epoch {
                self.commit_epoch[t as usize] = epoch;
                // Through the first premise: every premise is held by now.
                self.via[t as usize] = Via::Implied { from: rel.from, rel: ri };
                self.commit_index[t as usize] = self.committed.len() as u32;
                self.committed.push(t);
                queue.push_back(t);
            }
        }
    }

    /// The history of one claim with several stances (docs/checks.md,
    /// "Current stance" and "Time"): keeps its stances in order for the
    /// queries below, and finds its conflicts and shift. Returns the current stance.
    fn order_history(&mut self, map: &ArgMap, claim: ClaimIdx, mut stances: Vec<StanceIdx>) -> StanceIdx {
        stances.sort_unstable_by_key(|&s| Currency::of(s, map.stance(s)));
        let pos = |s: StanceIdx| map.stance(s).position;
        let current = *stances.last().expect("several stances");
        let n_undated = stances.partition_point(|&s| map.stance(s).date.is_none());
        let (undated, dated) = stances.split_at(n_undated);
        // Whether a conflict on this claim stands (is not superseded).
        let mut unresolved = false;
        // Undated stances that disagree with each other (file order: the reverse of their keys').
        if let Some(&u0) = undated.last()
            && let Some(&u1) = undated.iter().rev().find(|&&u| pos(u) != pos(u0))
        {
            self.conflicts.push(Conflict { claim, first: u0, second: u1, superseded_by: None });
            unresolved = true;
        }
        // The dated stances in groups that follow each other in time; the
        // stances of one group are not ordered among themselves.
        let groups = tie_groups(map, dated);
        let in_current = groups.last().map_or(0, |g| g.start);
        for g in &groups {
            let superseded_by = (g.start < in_current).then_some(current);
            for w in dated[g.clone()].windows(2) {
                if pos(w[0]) != pos(w[1]) {
                    self.conflicts.push(Conflict { claim, first: w[0], second: w[1], superseded_by });
                    unresolved |= superseded_by.is_none();
                }
            }
        }
        // A standing (undated) stance that disagrees with the latest dated one.
        if let (Some(&latest), Some(&u)) = (dated.last(), undated.last())
            && pos(u) != pos(latest)
            && !unresolved
        {
            self.conflicts.push(Conflict { claim, first: u, second: latest, superseded_by: None });
        }
        // A shift: two groups, one after the other, with different positions.
        let mask = |g: &std::ops::Range<usize>| dated[g.clone()].iter().fold(0u8, |m, &s| m | 1 << pos(s) as u8);
        if let Some(first) = groups.first().map(mask)
            && groups.len() > 1
            && !(first.is_power_of_two() && groups.iter().all(|g| mask(g) == first))
        {
            self.shifts.push(Shift { claim, stances: dated.to_vec() });
        }
        // Where the run of `affirms` that ends with the current stance starts.
        let run = stances.iter().rev().take_while(|&&s| pos(s) == Position::Affirms).count();
        let since = (run > 0 && run <= dated.len()).then(|| dated[dated.len() - run]);
        let start = self.history.len() as u32;
        self.timelines.insert(claim, Timeline { start, len: stances.len() as u32, since });
        self.history.extend_from_slice(&stances);
        current
    }

    /// The actor's stances on `c` in the order of [`Currency`].
    fn timeline(&self, c: ClaimIdx) -> &[StanceIdx] {
        match self.timelines.get(&c) {
            Some(t) => &self.history[t.start as usize..(t.start + t.len) as usize],
            None => match self.current(c) {
                Some(_) => std::slice::from_ref(&self.current[c as usize]),
                None => &[],
            },
        }
    }

    /// The actor's position on `c` as of its stance `at` (on another claim):
    /// that of the most current of its stances on `c` that do not come after
    /// `at` ([`Stance::is_after`]); undated stances hold throughout. When `at`
    /// is undated it holds throughout too, and this is the current position.
    /// O(log n) in the actor's stances on `c`.
    pub fn position_at(&self, map: &ArgMap, c: ClaimIdx, at: StanceIdx) -> Option<Position> {
        let at = map.stance(at);
        let Some(day) = at.date else { return self.position(map, c) };
        let list = self.timeline(c);
        let n_undated = list.partition_point(|&s| map.stance(s).date.is_none());
        let dated = &list[n_undated..];
        let lo = dated.partition_point(|&s| map.stance(s).date < Some(day));
        let hi = dated.partition_point(|&s| map.stance(s).date <= Some(day));
        let same_day = &dated[lo..hi];
        // On the same day, the stances that come after `at` are those of its
        // kind of time (none, local or with an offset) whose (time, seq) is greater.
        let kind = |k: Option<TimeKey>| match k {
            None => 0,
            Some(TimeKey::Local(_)) => 1,
            Some(TimeKey::Utc(_)) => 2,
        };
        let (at_time, at_seq) = at.day_key();
        let run_end = same_day.partition_point(|&s| kind(map.stance(s).day_key().0) <= kind(at_time));
        let p = same_day.partition_point(|&s| map.stance(s).day_key() <= (at_time, Some(at_seq.unwrap_or(u32::MAX))));
        let found = if run_end < same_day.len() {
            same_day.last()
        } else if p > 0 {
            same_day.get(p - 1)
        } else {
            dated[..lo].last().or(list[..n_undated].last())
        };
        found.map(|&s| map.stance(s).position)
    }

    /// Whether the actor held commitment `c` at its stance `at`: `c` is a
    /// commitment now, and every claim it rests on (the root of its chain,
    /// and the other premises of each linked `implies` on the way,
    /// [`ActorView::roots_of`]) was affirmed as of `at`
    /// ([`ActorView::position_at`]). O(chain length + log n).
    pub fn held_at(&self, map: &ArgMap, c: ClaimIdx, at: StanceIdx) -> bool {
        self.is_committed(c)
            && self.roots_of(map, c).into_iter().all(|r| self.position_at(map, r, at) == Some(Position::Affirms))
    }

    /// Since when the actor holds commitment `c`: of the claims it rests on
    /// ([`ActorView::roots_of`]), the latest stance that starts an unbroken
    /// run of `affirms` leading to the current stance; `None` when the actor
    /// holds every one of them throughout (each run reaches an undated
    /// stance) or does not hold `c`. The commitment's interval runs from that
    /// stance to now.
    pub fn held_since(&self, map: &ArgMap, c: ClaimIdx) -> Option<StanceIdx> {
        if !self.is_committed(c) {
            return None;
        }
        self.roots_of(map, c)
            .into_iter()
            .filter_map(|root| match self.timelines.get(&root) {
                Some(t) => t.since,
                None => self.current(root).filter(|&s| map.stance(s).date.is_some()),
            })
            .max_by_key(|&s| Currency::of(s, map.stance(s)))
    }

    /// The actor's current stance on a claim.
    pub fn current(&self, c: ClaimIdx) -> Option<StanceIdx> {
        (self.stance_epoch.get(c as usize) == Some(&self.epoch)).then(|| self.current[c as usize])
    }

    /// The actor's current position on a claim.
    pub fn position(&self, map: &ArgMap, c: ClaimIdx) -> Option<Position> {
        self.current(c).map(|s| map.stance(s).position)
    }

    /// How the actor is committed to a claim, if it is.
    pub fn via(&self, c: ClaimIdx) -> Option<Via> {
        (self.commit_epoch.get(c as usize) == Some(&self.epoch)).then(|| self.via[c as usize])
    }

    pub fn is_committed(&self, c: ClaimIdx) -> bool {
        self.via(c).is_some()
    }

    /// The chain by which the actor is committed to `c`: the affirmed claim
    /// first, then each implied claim with the `implies` relation that leads to it.
    pub fn chain_to(&self, c: ClaimIdx) -> ChainTo {
        // Most commitments are affirmed: a chain of one, without a Vec.
        if !matches!(self.via(c), Some(Via::Implied { .. })) {
            return ChainTo::One(Some((c, None)));
        }
        let mut out = Vec::new();
        let mut cur = c;
        // Bounded by the number of commitments: each step goes to an earlier one.
        for _ in 0..=self.committed.len() {
            match self.via(cur) {
                Some(Via::Implied { from, rel }) => {
                    out.push((cur, Some(rel)));
                    cur = from;
                }
                _ => {
                    out.push((cur, None));
                    break;
                }
            }
        }
        out.reverse();
        ChainTo::Many(out.into_iter())
    }

    /// The affirmed claims a commitment rests on: the root of its chain and,
    /// for each linked `implies` on the way, those of its other premises (in
    /// the order first reached, each once).
    pub fn roots_of(&self, map: &ArgMap, c: ClaimIdx) -> Vec<ClaimIdx> {
        let mut roots = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![c];
        seen.insert(c);
        while let Some(x) = stack.pop() {
            match self.via(x) {
                Some(Via::Implied { from, rel }) => {
                    // Pushed in reverse: the premises are visited in order.
                    let rel = map.relation(rel);
                    let next: &[ClaimIdx] = if rel.is_linked() { rel.premises() } else { std::slice::from_ref(&from) };
                    for &p in next.iter().rev() {
                        if seen.insert(p) {
                            stack.push(p);
                        }
                    }
                }
                _ => roots.push(x),
            }
        }
        roots
    }

    /// The affirmed claim at the root of a commitment's chain.
    pub fn root_of(&self, c: ClaimIdx) -> ClaimIdx {
        self.chain_to(c).next().expect("a chain has its root").0
    }
}

/// Negative commitments and the standing of answers: built on first need,
/// once per loaded view.
impl ActorView {
    /// Where `c` is in [`committed`](Self::committed), when the actor is committed to it.
    pub fn commitment_index(&self, c: ClaimIdx) -> Option<u32> {
        self.is_committed(c).then(|| self.commit_index[c as usize])
    }

    fn negative(&self, graph: &ClaimGraph<'_>) -> std::cell::Ref<'_, Negative> {
        if !self.negative.borrow().is_for(self.epoch) {
            self.negative.borrow_mut().compute(graph, self, self.epoch);
        }
        self.negative.borrow()
    }

    /// How the actor is committed to deny a claim, if it is (see
    /// [`Denial`]). `graph` must be the graph the view was loaded from.
    pub fn denial(&self, graph: &ClaimGraph<'_>, c: ClaimIdx) -> Option<Denial> {
        self.negative(graph).get(c)
    }

    /// Every claim the actor is committed to deny, breadth first from its
    /// denials and the claims its commitments contradict.
    pub fn denied(&self, graph: &ClaimGraph<'_>) -> Vec<ClaimIdx> {
        self.negative(graph).denied.clone()
    }

    /// The modus tollens chain by which the actor is committed to deny `c`:
    /// `c`, then each claim it implies with the `implies` that leads there,
    /// up to a claim denied or contradicted; and how that last one is.
    pub fn denial_chain(&self, graph: &ClaimGraph<'_>, c: ClaimIdx) -> Option<DenialChain> {
        self.negative(graph).chain(c)
    }

    /// The grounded labelling of the actor's position (see
    /// [`position`](super::position)). `graph` must be the graph the view
    /// was loaded from.
    pub fn standing(&self, graph: &ClaimGraph<'_>) -> Standing<'_> {
        let framework = self.framework.get_or_init(|| Framework::build(graph, self));
        Standing { view: self, framework }
    }
}

/// The dated stances of one actor on one claim (in the order of [`Currency`])
/// in groups that follow each other in time (docs/checks.md, "Time"). One
/// day's stances are ordered by their time when all have a time of one kind
/// (all local, or all with an offset), stances at one time by `seq` when all
/// of them have one; with no time on any, by `seq` when all have one.
/// Otherwise the day is one group: its stances are not ordered.
fn tie_groups(map: &ArgMap, dated: &[StanceIdx]) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < dated.len() {
        let day = map.stance(dated[i]).date;
        let end = i + dated[i..].partition_point(|&s| map.stance(s).date == day);
        let keys: Vec<(Option<TimeKey>, Option<u32>)> =
            dated[i..end].iter().map(|&s| map.stance(s).day_key()).collect();
        let timed = keys[0].0.is_some_and(|k| keys.iter().all(|x| x.0.is_some_and(|y| y.same_kind(k))));
        let by_seq = |ks: &[(Option<TimeKey>, Option<u32>)]| ks.iter().all(|x| x.1.is_some());
        if timed || (keys[0].0.is_none() && keys.iter().all(|x| x.0.is_none()) && by_seq(&keys)) {
            // Runs of one time (all with no time, when ordered by seq alone).
            let mut j = 0;
            while j < keys.len() {
                let t_end = j + keys[j..].partition_point(|x| x.0 == keys[j].0);
                if by_seq(&keys[j..t_end]) {
                    let mut k = j;
                    while k < t_end {
                        let s_end = k + keys[k..t_end].partition_point(|x| x.1 == keys[k].1);
                        groups.push(i + k..i + s_end);
                        k = s_end;
                    }
                } else {
                    groups.push(i + j..i + t_end);
                }
                j = t_end;
            }
        } else {
            groups.push(i..end);
        }
        i = end;
    }
    groups
}

/// The steps of [`ActorView::chain_to`], in order: the affirmed claim, then
/// each implied claim with the `implies` that leads to it.
pub enum ChainTo {
    /// An affirmed claim: the chain is that claim alone.
    One(Option<(ClaimIdx, Option<RelIdx>)>),
    Many(std::vec::IntoIter<(ClaimIdx, Option<RelIdx>)>),
}

impl Iterator for ChainTo {
    type Item = (ClaimIdx, Option<RelIdx>);
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            ChainTo::One(step) => step.take(),
            ChainTo::Many(steps) => steps.next(),
        }
    }
}
