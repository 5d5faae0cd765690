//! An actor's position as an abstract argumentation framework, and its
//! grounded labelling: which of the claims the actor holds stand within its
//! own position, and which are defeated by something else it holds.
//!
//! Arguments: the claims the actor is committed to; and every `attacks`,
//! `contradicts` (each direction) or `undercuts` relation leaving one of
//! them that a claim the actor holds undercuts (a *step*). Attacks: `attacks`
//! between held claims, `contradicts` both ways, and each `undercuts` from a
//! held claim against the step it names. A relation that is not a step
//! attacks straight from its source. A step attacks its target in place of
//! its source, and is itself attacked by the undercuts against it and by
//! whatever defeats its source: so a relation whose undercut stands has no
//! effect (as in Baroni et al.'s AFRA, where attacking an argument attacks
//! the attacks it makes). "Whatever defeats its source" goes through one
//! auxiliary argument per source (the source is out), attacked by the
//! source and attacking its steps, so that the framework stays linear in
//! the size of the actor's part of the map.

use std::collections::HashMap;

use crate::check::graphalg::{Status, grounded};
use crate::graph::{ClaimGraph, Index};
use crate::ids::FastState;
use crate::model::*;

use super::ActorView;

/// See the module documentation. Nodes `0..k` are the actor's commitments
/// in the order of [`ActorView::committed`]; then the steps; then one
/// auxiliary node per source of a step.
pub(crate) struct Framework {
    status: Vec<Status>,
    /// The attackers of each node, in a stable order.
    attackers: Index,
    /// The claim each node stands for (a step's and an auxiliary's: the source).
    claim_of: Vec<ClaimIdx>,
    /// The step of each (relation, source).
    steps: HashMap<(RelIdx, ClaimIdx), u32, FastState>,
}

impl Framework {
    pub(crate) fn build(graph: &ClaimGraph<'_>, view: &ActorView) -> Framework {
        let node = |c: ClaimIdx| view.commitment_index(c);
        // Attack-kind relations leaving held claims, from the held end.
        let mut edges: Vec<(ClaimIdx, RelIdx, Target)> = Vec::new();
        let mut undercut: Vec<RelIdx> = Vec::new();
        for &c in &view.committed {
            for (t, r) in graph.targets(c, RelationKind::Attacks).chain(graph.contradictions(c)) {
                edges.push((c, r, Target::Claim(t)));
            }
            for (r, rel) in graph.outgoing(c) {
                if let Target::Relation(t) = rel.to {
                    edges.push((c, r, rel.to));
                    undercut.push(t);
                }
            }
        }
        // The relations undercut from held claims, searched in order: most
        // edges are of relations no one undercuts, and need no hash.
        undercut.sort_unstable();
        undercut.dedup();
        let is_undercut = |r: RelIdx| undercut.binary_search(&r).is_ok();
        let mut claim_of: Vec<ClaimIdx> = view.committed.clone();
        let mut steps: HashMap<(RelIdx, ClaimIdx), u32, FastState> = HashMap::default();
        let mut steps_of: HashMap<RelIdx, Vec<u32>, FastState> = HashMap::default();
        let mut step_list: Vec<(ClaimIdx, u32)> = Vec::new();
        for &(from, r, _) in &edges {
            if is_undercut(r) && !steps.contains_key(&(r, from)) {
                let s = claim_of.len() as u32;
                claim_of.push(from);
                steps.insert((r, from), s);
                steps_of.entry(r).or_default().push(s);
                step_list.push((from, s));
            }
        }
        let mut attacks: Vec<(u32, u32)> = Vec::new();
        let mut out_of: HashMap<ClaimIdx, u32, FastState> = HashMap::default();
        for &(from, s) in &step_list {
            let Some(src) = node(from) else { continue };
            let aux = *out_of.entry(from).or_insert_with(|| {
                claim_of.push(from);
                attacks.push((src, claim_of.len() as u32 - 1));
                claim_of.len() as u32 - 1
            });
            attacks.push((aux, s));
        }
        for &(from, r, to) in &edges {
            // Only an undercut relation has steps.
            let step = if is_undercut(r) { steps.get(&(r, from)).copied() } else { None };
            let Some(src) = step.or_else(|| node(from)) else { continue };
            match to {
                Target::Claim(t) => {
                    if let Some(tn) = node(t) {
                        attacks.push((src, tn));
                    }
                }
                Target::Relation(t) => {
                    for &s in steps_of.get(&t).map_or(&[][..], Vec::as_slice) {
                        attacks.push((src, s));
                    }
                }
            }
        }
        let n = claim_of.len();
        let status = grounded(n, &attacks);
        let attackers = Index::build(n, attacks.iter().map(|&(a, b)| (b, a)));
        Framework { status, attackers, claim_of, steps }
    }

    fn node_status(&self, v: u32) -> Status {
        self.status[v as usize]
    }

    /// The first attacker of `v` that is in.
    fn defeater(&self, v: u32) -> Option<u32> {
        self.attackers.get(v).iter().copied().find(|&a| self.node_status(a) == Status::In)
    }

    /// The claims on a cycle of undecided attacks that `v` (undecided)
    /// depends on, in the order of the attacks, and whether `v`'s own claim
    /// is one of them. Every undecided argument has an undecided attacker,
    /// so walking back from one always closes a cycle.
    fn cycle(&self, v: u32) -> (Vec<ClaimIdx>, bool) {
        let mut seen: HashMap<u32, usize, FastState> = HashMap::default();
        let mut path = vec![v];
        seen.insert(v, 0);
        let mut cur = v;
        let start = loop {
            let Some(next) =
                self.attackers.get(cur).iter().copied().find(|&a| self.node_status(a) == Status::Undecided)
            else {
                break path.len() - 1;
            };
            if let Some(&at) = seen.get(&next) {
                break at;
            }
            seen.insert(next, path.len());
            path.push(next);
            cur = next;
        };
        let mut claims: Vec<ClaimIdx> = Vec::new();
        for &w in path[start..].iter().rev() {
            let c = self.claim_of[w as usize];
            if !claims.contains(&c) {
                claims.push(c);
            }
        }
        // Start from `v`'s own claim when it is on the cycle.
        let own = claims.iter().position(|&c| c == self.claim_of[v as usize]);
        if let Some(i) = own {
            claims.rotate_left(i);
        }
        (claims, own.is_some())
    }
}

/// Why a held claim, or the step it takes, does not stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unsettled {
    /// Attacked by this claim, which stands.
    Defeated(ClaimIdx),
    /// Undecided: it depends on this cycle of attacks among held claims
    /// (`true` when it is on the cycle itself).
    Undecided(Vec<ClaimIdx>, bool),
}

/// The grounded labelling of one actor's position (see the module
/// documentation), read through the actor's view.
pub struct Standing<'v> {
    pub(crate) view: &'v ActorView,
    pub(crate) framework: &'v Framework,
}

impl Standing<'_> {
    /// The status of a claim the actor is committed to (`None` otherwise).
    pub fn claim(&self, c: ClaimIdx) -> Option<Status> {
        self.view.commitment_index(c).map(|v| self.framework.node_status(v))
    }

    /// The status of the relation `rel` taken from the held claim `from`:
    /// its step's when some held claim undercuts it, else its source's.
    pub fn step(&self, rel: RelIdx, from: ClaimIdx) -> Option<Status> {
        match self.framework.steps.get(&(rel, from)) {
            Some(&s) => Some(self.framework.node_status(s)),
            None => self.claim(from),
        }
    }

    /// Why a held claim does not stand (`None` when it stands or is not held).
    pub fn why_not(&self, c: ClaimIdx) -> Option<Unsettled> {
        self.view.commitment_index(c).and_then(|v| self.unsettled(v))
    }

    /// Why the step `rel` from `from` does not stand, when `from` stands.
    pub fn why_step_not(&self, rel: RelIdx, from: ClaimIdx) -> Option<Unsettled> {
        self.framework.steps.get(&(rel, from)).and_then(|&s| self.unsettled(s))
    }

    fn unsettled(&self, v: u32) -> Option<Unsettled> {
        let f = self.framework;
        match f.node_status(v) {
            Status::In => None,
            Status::Out => f.defeater(v).map(|d| Unsettled::Defeated(f.claim_of[d as usize])),
            Status::Undecided => {
                let (cycle, own) = f.cycle(v);
                Some(Unsettled::Undecided(cycle, own))
            }
        }
    }
}
