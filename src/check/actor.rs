//! One actor's view of the map: its current stance on each claim, its
//! commitments (what it affirms, and everything that follows by `implies`),
//! and the irregularities of its stance history. Built once per actor and
//! shared by every per-actor rule. The arrays are sized to the map and reused
//! across actors (reset by an epoch counter), so building a view costs only
//! the actor's stances and what its commitments reach.

use std::collections::HashMap;
use std::collections::VecDeque;

use crate::graph::ClaimGraph;
use crate::model::*;

/// How an actor comes to be committed to a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The actor affirms it (this stance is current).
    Affirmed(StanceIdx),
    /// It follows by `rel` (an `implies`) from `from`, a commitment.
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
    /// Claims with several stances: their stances in order, in `history`.
    timelines: HashMap<ClaimIdx, Timeline>,
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
            timelines: HashMap::new(),
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

        // Current stances; claims with several stances are resolved below.
        let mut several: HashMap<ClaimIdx, Vec<StanceIdx>> = HashMap::new();
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
                self.committed.push(c);
                queue.push_back(c);
            }
        }
        while let Some(c) = queue.pop_front() {
            for (t, ri) in graph.targets(c, RelationKind::Implies) {
                if self.commit_epoch[t as usize] != epoch {
                    self.commit_epoch[t as usize] = epoch;
                    self.via[t as usize] = Via::Implied { from: c, rel: ri };
                    self.committed.push(t);
                    queue.push_back(t);
                }
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
    /// commitment now, and the claim at the root of its chain was affirmed as
    /// of `at` ([`ActorView::position_at`]). O(chain length + log n).
    pub fn held_at(&self, map: &ArgMap, c: ClaimIdx, at: StanceIdx) -> bool {
        self.is_committed(c) && self.position_at(map, self.root(c), at) == Some(Position::Affirms)
    }

    /// The root of the chain to `c`, as [`ActorView::root_of`], without building the chain.
    fn root(&self, c: ClaimIdx) -> ClaimIdx {
        let mut cur = c;
        // Bounded by the number of commitments: each step goes to an earlier one.
        for _ in 0..=self.committed.len() {
            match self.via(cur) {
                Some(Via::Implied { from, .. }) => cur = from,
                _ => break,
            }
        }
        cur
    }

    /// Since when the actor holds commitment `c`: the stance that starts the
    /// unbroken run of `affirms` on the root of its chain that leads to the
    /// current stance; `None` when the actor holds it throughout (the run
    /// reaches an undated stance) or does not hold it. The commitment's
    /// interval runs from that stance to now.
    pub fn held_since(&self, map: &ArgMap, c: ClaimIdx) -> Option<StanceIdx> {
        if !self.is_committed(c) {
            return None;
        }
        let root = self.root(c);
        match self.timelines.get(&root) {
            Some(t) => t.since,
            None => self.current(root).filter(|&s| map.stance(s).date.is_some()),
        }
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
    pub fn chain_to(&self, c: ClaimIdx) -> Vec<(ClaimIdx, Option<RelIdx>)> {
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
        out
    }

    /// The affirmed claim at the root of a commitment's chain.
    pub fn root_of(&self, c: ClaimIdx) -> ClaimIdx {
        self.chain_to(c)[0].0
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
