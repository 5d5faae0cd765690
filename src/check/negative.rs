//! Negative commitments (Walton and Krabbe's commitment stores): what an
//! actor is committed to deny. An actor that denies B is committed to deny
//! every A that implies B (modus tollens, through chains of `implies`); an
//! actor committed to A, where A `contradicts` B (either way round), is
//! committed to deny B, and so everything that implies B. Premises that
//! jointly imply B (a linked `implies`) are denied together: an actor that
//! holds all of them but one is committed to deny that one. Computed for a view
//! on first need, breadth first from the denials and the contradicted
//! claims, visiting each claim at most once: linear in what it reaches.

use std::collections::VecDeque;

use crate::graph::ClaimGraph;
use crate::model::*;

use super::ActorView;

/// How an actor comes to be committed to deny a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denial {
    /// The actor denies it (this stance is current).
    Denied(StanceIdx),
    /// The actor is committed to `by`, and `rel` (a `contradicts`) joins the two.
    Contradicted { by: ClaimIdx, rel: RelIdx },
    /// It implies `to` by `rel`, which the actor is committed to deny (modus
    /// tollens); for a linked `rel`, together with its other premises, all held.
    Tollens { to: ClaimIdx, rel: RelIdx },
}

/// A modus tollens chain: each claim, with the `implies` that leads to it
/// from the one before (none for the first), and how its last claim is denied.
pub type DenialChain = (Vec<(ClaimIdx, Option<RelIdx>)>, Denial);

/// The negative commitments of the view last computed for; the arrays are
/// sized to the map and reused across actors, like the view's own.
#[derive(Default)]
pub(crate) struct Negative {
    /// The view's epoch they were computed for (0: never).
    epoch: u32,
    stamp: Vec<u32>,
    via: Vec<Denial>,
    /// Claims the actor is committed to deny, in breadth-first order.
    pub(crate) denied: Vec<ClaimIdx>,
}

impl Negative {
    pub(crate) fn is_for(&self, epoch: u32) -> bool {
        self.epoch == epoch
    }

    pub(crate) fn get(&self, c: ClaimIdx) -> Option<Denial> {
        (self.stamp.get(c as usize) == Some(&self.epoch)).then(|| self.via[c as usize])
    }

    /// Compute the negative commitments of `view` (whose epoch is `epoch`).
    pub(crate) fn compute(&mut self, graph: &ClaimGraph<'_>, view: &ActorView, epoch: u32) {
        let map = graph.map;
        let n = map.claims.len();
        if self.stamp.len() != n {
            self.stamp = vec![0; n];
            self.via = vec![Denial::Denied(0); n];
        }
        self.epoch = epoch;
        self.denied.clear();
        let mut queue = VecDeque::new();
        let mark = |c: ClaimIdx, how: Denial, this: &mut Negative, queue: &mut VecDeque<ClaimIdx>| {
            if this.stamp[c as usize] != epoch {
                this.stamp[c as usize] = epoch;
                this.via[c as usize] = how;
                this.denied.push(c);
                queue.push_back(c);
            }
        };
        // Denials first, so that a claim both denied and contradicted reads as denied.
        for &c in &view.stanced {
            if let Some(si) = view.current(c)
                && map.stance(si).position == Position::Denies
            {
                mark(c, Denial::Denied(si), self, &mut queue);
            }
        }
        for &a in view.committed.iter().filter(|&&a| graph.has_contradictions(a)) {
            for (b, rel) in graph.contradictions(a) {
                mark(b, Denial::Contradicted { by: a, rel }, self, &mut queue);
            }
        }
        while let Some(b) = queue.pop_front() {
            for (a, rel) in graph.sources(b, RelationKind::Implies) {
                mark(a, Denial::Tollens { to: b, rel }, self, &mut queue);
            }
            // Premises jointly imply `b`: when the actor holds all of them
            // but one, it is committed to deny that one. (Holding them all
            // commits it to `b`: that is `broken-entailment` from the other side.)
            for &rel in graph.linked_to(b) {
                let r = map.relation(rel);
                if r.kind != RelationKind::Implies {
                    continue;
                }
                let mut open = r.premises().iter().filter(|&&p| !view.is_committed(p));
                if let (Some(&a), None) = (open.next(), open.next()) {
                    mark(a, Denial::Tollens { to: b, rel }, self, &mut queue);
                }
            }
        }
    }

    /// The modus tollens chain from `c`: `c` first, then each claim it
    /// implies with the `implies` that leads there, up to the claim whose
    /// denial is not inferred by tollens; and how that one is denied.
    pub(crate) fn chain(&self, c: ClaimIdx) -> Option<DenialChain> {
        let mut out = vec![(c, None)];
        let mut cur = c;
        // Bounded by the number of denials: each step goes to an earlier one.
        for _ in 0..=self.denied.len() {
            match self.get(cur)? {
                Denial::Tollens { to, rel } => {
                    out.push((to, Some(rel)));
                    cur = to;
                }
                root => return Some((out, root)),
            }
        }
        None
    }
}
