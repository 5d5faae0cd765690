//! An actor's position judged by the map's framework (docs/semantics.md,
//! "Per actor").
//!
//! The *position* of a set of affirmed claims is the set of the arguments
//! of the claims and of everything they strictly imply (following
//! `implies`, a linked one when every premise is held: the commitments
//! `check` computes). Relation arguments and junctions are the map's
//! reading of its relations, not what an actor asserts: they are never part
//! of a position, and they attack and are attacked like any argument. An
//! actor's position is that of the claims it currently affirms.
//!
//! The units of consistency are the affirmed claims (each a stance): a set
//! of them is *consistent* when its position is contained in some
//! preferred extension (equivalently, in some admissible set). Minimal
//! inconsistent sets and minimal retraction sets (minimal sets whose
//! removal leaves the rest consistent) are found exactly by MARCO (Liffiton
//! et al. 2016) over at most [`MAX_EXACT`] affirmed claims; beyond, one of
//! each is given and the answer is marked partial.

use crate::check::{ActorView, Via};
use crate::graph::ClaimGraph;
use crate::model::*;

use super::framework::MapFramework;
use super::{Label, Semantics, solve};

/// The most inconsistent sets and retraction sets found for one actor (in
/// all); when there are more, the answer is marked partial.
pub const MAX_SETS: usize = 64;

/// The verdict on one actor's position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorVerdict {
    pub actor: ActorIdx,
    /// The claims the actor affirms (its current stances), in the order of
    /// its commitments.
    pub affirmed: Vec<ClaimIdx>,
    /// The arguments of its position, in increasing order.
    pub position: Vec<u32>,
    /// Attacks between arguments of the position (attacker, attacked).
    pub conflicts: Vec<(u32, u32)>,
    /// Arguments of the position with an attacker the position does not
    /// attack: (argument, attacker).
    pub undefended: Vec<(u32, u32)>,
    /// Whether the position is contained in some preferred extension.
    pub in_preferred: bool,
    /// Commitments the map defeats (grounded out).
    pub defeated: Vec<ClaimIdx>,
    /// Claims the actor denies that the map accepts (grounded in), against
    /// which nothing in its position is an attacker.
    pub denied_accepted: Vec<ClaimIdx>,
    /// Minimal inconsistent sets of affirmed claims.
    pub inconsistent: Vec<Vec<ClaimIdx>>,
    /// Minimal sets of affirmed claims whose retraction restores
    /// consistency (the complements of the maximal consistent sets): to be
    /// consistent the actor must give up one of them.
    pub retractions: Vec<Vec<ClaimIdx>>,
    /// False when there are more than [`MAX_SETS`] such sets: then only
    /// those found are given.
    pub exact: bool,
}

impl ActorVerdict {
    pub fn conflict_free(&self) -> bool {
        self.conflicts.is_empty()
    }
    pub fn admissible(&self) -> bool {
        self.conflicts.is_empty() && self.undefended.is_empty()
    }
}

/// Positions of sets of affirmed claims in one framework.
pub struct Positions<'a> {
    graph: &'a ClaimGraph<'a>,
    fw: &'a MapFramework,
}

impl<'a> Positions<'a> {
    pub fn new(graph: &'a ClaimGraph<'a>, fw: &'a MapFramework) -> Positions<'a> {
        Positions { graph, fw }
    }

    /// The position of a set of affirmed claims (see the module
    /// documentation), in increasing order.
    pub fn of(&self, affirmed: &[ClaimIdx]) -> Vec<u32> {
        let map = self.graph.map;
        let mut held = vec![false; map.claims.len()];
        let mut stack: Vec<ClaimIdx> = Vec::new();
        for &c in affirmed {
            if !held[c as usize] {
                held[c as usize] = true;
                stack.push(c);
            }
        }
        while let Some(c) = stack.pop() {
            let plain = self.graph.targets(c, RelationKind::Implies).map(|(t, _)| t);
            let linked = self.graph.linked_from(c).iter().filter_map(|&r| {
                let rel = map.relation(r);
                match rel.to {
                    Target::Claim(t)
                        if rel.kind == RelationKind::Implies && rel.premises().iter().all(|&p| held[p as usize]) =>
                    {
                        Some(t)
                    }
                    _ => None,
                }
            });
            let next: Vec<ClaimIdx> = plain.chain(linked).collect();
            for t in next {
                if !held[t as usize] {
                    held[t as usize] = true;
                    stack.push(t);
                }
            }
        }
        let out: Vec<u32> =
            (0..map.claims.len() as u32).filter(|&c| held[c as usize]).map(|c| self.fw.arg_of_claim(c)).collect();
        out
    }

    /// Whether the position of `affirmed` is contained in some preferred
    /// extension.
    pub fn consistent(&self, affirmed: &[ClaimIdx]) -> bool {
        solve::credulous_set(self.fw.af(), Semantics::Preferred, &self.of(affirmed)).is_ok()
    }
}

/// The verdict on actor `actor` (whose view is `view`, loaded from `graph`).
pub fn verdict(graph: &ClaimGraph<'_>, fw: &MapFramework, view: &ActorView, grounded: &[Label]) -> ActorVerdict {
    let map = graph.map;
    let af = fw.af();
    let affirmed: Vec<ClaimIdx> =
        view.committed.iter().copied().filter(|&c| matches!(view.via(c), Some(Via::Affirmed(_)))).collect();
    let positions = Positions::new(graph, fw);
    let position = positions.of(&affirmed);
    let inside = |a: u32| position.binary_search(&a).is_ok();
    let mut conflicts = Vec::new();
    let mut undefended = Vec::new();
    for &a in &position {
        for &b in af.attackers(a) {
            if inside(b) {
                conflicts.push((b, a));
            } else if !af.attackers(b).iter().any(|&d| inside(d)) {
                undefended.push((a, b));
            }
        }
    }
    conflicts.sort_unstable();
    let in_preferred = solve::credulous_set(af, Semantics::Preferred, &position).is_ok();
    let defeated =
        view.committed.iter().copied().filter(|&c| grounded[fw.arg_of_claim(c) as usize] == Label::Out).collect();
    let denied_accepted = view
        .stanced
        .iter()
        .copied()
        .filter(|&c| view.position(map, c) == Some(Position::Denies))
        .filter(|&c| {
            let a = fw.arg_of_claim(c);
            grounded[a as usize] == Label::In && !af.attackers(a).iter().any(|&b| inside(b))
        })
        .collect();
    let (inconsistent, retractions, exact) = if in_preferred {
        (Vec::new(), Vec::new(), true)
    } else {
        inconsistency(&affirmed, |set| positions.consistent(set), MAX_QUESTIONS)
    };
    ActorVerdict {
        actor: view.actor,
        affirmed,
        position,
        conflicts,
        undefended,
        in_preferred,
        defeated,
        denied_accepted,
        inconsistent,
        retractions,
        exact,
    }
}

/// Minimal inconsistent subsets and minimal retraction sets (complements of
/// maximal consistent subsets) of `units`, for a monotone `consistent`
/// (every subset of a consistent set is consistent; `units` itself is not),
/// by MARCO: a SAT solver over one variable per unit proposes a set that is
/// neither a superset of an inconsistent set found nor a subset of a
/// consistent one; an inconsistent proposal shrinks to a minimal
/// inconsistent set, a consistent one grows to a maximal consistent set.
/// Exact up to [`MAX_SETS`] sets in all (`true`); beyond, those found.
pub fn marco(
    units: &[ClaimIdx],
    consistent: impl Fn(&[ClaimIdx]) -> bool,
) -> (Vec<Vec<ClaimIdx>>, Vec<Vec<ClaimIdx>>, bool) {
    marco_within(units, consistent, usize::MAX)
}

/// The most consistency questions `evaluate` lets [`inconsistency`] ask for
/// one actor before it settles for the sets found so far.
pub const MAX_QUESTIONS: usize = 4_000;

/// Minimal inconsistent sets and minimal retraction sets of `units`, as
/// [`marco`] gives them, but first setting apart the units inconsistent on
/// their own (each such unit is a minimal inconsistent set by itself and
/// belongs to every retraction set): MARCO then runs on the rest only, and
/// only when the rest is inconsistent, asking at most `budget` questions
/// in all (beyond, the answer is marked partial). A position with many
/// affirmed claims of which a few are indefensible alone costs one question
/// per claim plus one.
pub fn inconsistency(
    units: &[ClaimIdx],
    consistent: impl Fn(&[ClaimIdx]) -> bool,
    budget: usize,
) -> (Vec<Vec<ClaimIdx>>, Vec<Vec<ClaimIdx>>, bool) {
    let (alone, rest): (Vec<ClaimIdx>, Vec<ClaimIdx>) = units.iter().partition(|&&u| !consistent(&[u]));
    let mut muses: Vec<Vec<ClaimIdx>> = alone.iter().map(|&u| vec![u]).collect();
    let (more, mcses, exact) = if consistent(&rest) {
        (Vec::new(), vec![Vec::new()], true)
    } else {
        marco_within(&rest, &consistent, budget.saturating_sub(units.len() + 1))
    };
    muses.extend(more);
    let mcses = mcses
        .into_iter()
        .map(|m| {
            let mut set = alone.clone();
            set.extend(m);
            set.sort_by_key(|c| units.iter().position(|u| u == c));
            set
        })
        .filter(|m| !m.is_empty())
        .collect();
    (muses, mcses, exact)
}

/// [`marco`], asking `consistent` at most about `budget` times (then the
/// answer is partial: `false`).
fn marco_within(
    units: &[ClaimIdx],
    consistent: impl Fn(&[ClaimIdx]) -> bool,
    budget: usize,
) -> (Vec<Vec<ClaimIdx>>, Vec<Vec<ClaimIdx>>, bool) {
    use batsat::{BasicSolver, Lit, SolverInterface, lbool};
    let k = units.len();
    let pick = |mask: &[bool]| -> Vec<ClaimIdx> { (0..k).filter(|&i| mask[i]).map(|i| units[i]).collect() };
    let ok = |mask: &[bool]| consistent(&pick(mask));
    let mut solver = BasicSolver::default();
    let vars: Vec<Lit> = (0..k).map(|_| Lit::new(solver.new_var_default(), true)).collect();
    let mut muses: Vec<Vec<bool>> = Vec::new();
    let mut msses: Vec<Vec<bool>> = Vec::new();
    let mut exact = true;
    let asked = std::cell::Cell::new(0usize);
    let ok = |mask: &[bool]| {
        asked.set(asked.get() + 1);
        ok(mask)
    };
    while solver.is_ok() && solver.solve_limited(&[]) == lbool::TRUE {
        if muses.len() + msses.len() >= MAX_SETS || asked.get() + k > budget {
            exact = false;
            break;
        }
        let mut mask: Vec<bool> = vars.iter().map(|&l| solver.value_lit(l) == lbool::TRUE).collect();
        if ok(&mask) {
            for i in 0..k {
                if !mask[i] {
                    mask[i] = true;
                    mask[i] = ok(&mask);
                }
            }
            let mut clause: Vec<Lit> = (0..k).filter(|&i| !mask[i]).map(|i| vars[i]).collect();
            solver.add_clause_reuse(&mut clause);
            msses.push(mask);
        } else {
            for i in 0..k {
                if mask[i] {
                    mask[i] = false;
                    mask[i] = ok(&mask);
                }
            }
            let mut clause: Vec<Lit> = (0..k).filter(|&i| mask[i]).map(|i| !vars[i]).collect();
            solver.add_clause_reuse(&mut clause);
            muses.push(mask);
        }
    }
    let mut muses: Vec<Vec<ClaimIdx>> = muses.iter().map(|m| pick(m)).collect();
    let mut mcses: Vec<Vec<ClaimIdx>> = msses.iter().map(|m| pick(&m.iter().map(|b| !b).collect::<Vec<_>>())).collect();
    let rank =
        |set: &Vec<ClaimIdx>| (set.len(), set.iter().map(|c| units.iter().position(|u| u == c)).collect::<Vec<_>>());
    muses.sort_by_key(rank);
    mcses.sort_by_key(rank);
    (muses, mcses, exact)
}
