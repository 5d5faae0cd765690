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

/// Stances of one actor on one claim that disagree without a date to order them.
#[derive(Clone, Debug)]
pub struct Conflict {
    pub claim: ClaimIdx,
    pub first: StanceIdx,
    pub second: StanceIdx,
}

/// Dated stances of one actor on one claim whose position changes over time.
#[derive(Clone, Debug)]
pub struct Shift {
    pub claim: ClaimIdx,
    /// The dated stances, oldest first.
    pub stances: Vec<StanceIdx>,
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
    linked_held: HashMap<RelIdx, u32, crate::graph::FastState>,
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
        for (claim, stances) in multi {
            let current = current_stance(stances.iter().map(|&s| (s, map.stance(s)))).map(|(s, _)| s);
            let (mut dated, undated): (Vec<StanceIdx>, Vec<StanceIdx>) =
                stances.into_iter().partition(|&s| map.stance(s).date.is_some());
            dated.sort_by_key(|&s| map.stance(s).date); // stable: file order within a day
            // Undated stances that disagree with each other.
            if let Some(&u0) = undated.first()
                && let Some(&u1) = undated.iter().find(|&&u| map.stance(u).position != map.stance(u0).position)
            {
                self.conflicts.push(Conflict { claim, first: u0, second: u1 });
            }
            // Two positions on the same day cannot be ordered.
            for w in dated.windows(2) {
                let (a, b) = (map.stance(w[0]), map.stance(w[1]));
                if a.date == b.date && a.position != b.position {
                    self.conflicts.push(Conflict { claim, first: w[0], second: w[1] });
                }
            }
            // A standing (undated) stance that disagrees with the latest dated one.
            if let (Some(&latest), Some(&u)) = (dated.last(), undated.first())
                && map.stance(u).position != map.stance(latest).position
                && !self.conflicts.iter().any(|c| c.claim == claim)
            {
                self.conflicts.push(Conflict { claim, first: u, second: latest });
            }
            // A shift is a change over time: two positions on different days.
            // (Two positions on the same day are a conflict, above.)
            if let Some(&d0) = dated.first() {
                let (date0, pos0) = (map.stance(d0).date, map.stance(d0).position);
                let mut other_day = false;
                let mut differs_same_day = false;
                let mut differs_other_day = false;
                for &s in &dated {
                    let st = map.stance(s);
                    other_day |= st.date != date0;
                    differs_same_day |= st.date == date0 && st.position != pos0;
                    differs_other_day |= st.date != date0 && st.position != pos0;
                }
                if differs_other_day || (differs_same_day && other_day) {
                    self.shifts.push(Shift { claim, stances: dated });
                }
            }
            if let Some(cur) = current {
                self.current[claim as usize] = cur;
            }
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
        self.chain_to(c)[0].0
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
