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
use super::{Af, Label, solve};

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
    /// Which claims the position being computed holds (all false between
    /// calls), so that a position costs its own size, not the map's.
    held: std::cell::RefCell<Vec<bool>>,
}

impl<'a> Positions<'a> {
    pub fn new(graph: &'a ClaimGraph<'a>, fw: &'a MapFramework) -> Positions<'a> {
        Positions { graph, fw, held: std::cell::RefCell::new(Vec::new()) }
    }

    /// The position of a set of affirmed claims (see the module
    /// documentation), in increasing order.
    pub fn of(&self, affirmed: &[ClaimIdx]) -> Vec<u32> {
        let map = self.graph.map;
        let mut held = self.held.borrow_mut();
        if held.len() != map.claims.len() {
            *held = vec![false; map.claims.len()];
        }
        let mut all: Vec<ClaimIdx> = Vec::new();
        for &c in affirmed {
            if !held[c as usize] {
                held[c as usize] = true;
                all.push(c);
            }
        }
        let mut next = 0;
        while let Some(&c) = all.get(next) {
            next += 1;
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
            let found: Vec<ClaimIdx> = plain.chain(linked).collect();
            for t in found {
                if !held[t as usize] {
                    held[t as usize] = true;
                    all.push(t);
                }
            }
        }
        for &c in &all {
            held[c as usize] = false;
        }
        let mut out: Vec<u32> = all.into_iter().map(|c| self.fw.arg_of_claim(c)).collect();
        out.sort_unstable();
        out
    }
}

/// Whether sets of arguments are in some admissible set (equivalently, some
/// complete or preferred extension) of one framework, decided on the part
/// of it that grounded semantics leaves undecided.
///
/// With `G` the grounded extension, a set with no argument out is in some
/// complete extension exactly when its undecided members are in some
/// complete extension of the framework without `G` and what `G` attacks
/// (the reduct; Baumann, Brewka and Ulbricht 2020), and there, since
/// complete semantics is directional (Baroni and Giacomin 2007), on the
/// arguments that can reach them. The labelling and that undecided part
/// are computed once; each [`Reach`] is linear in the part it takes.
pub struct Judge {
    labels: Vec<Label>,
    /// The undecided arguments as a framework of their own (built at first
    /// use), with the argument each stands for.
    core: std::sync::OnceLock<(Af, Vec<u32>)>,
}

impl Judge {
    /// A judge on `af`, whose grounded labelling is `labels`.
    pub fn new(labels: &[Label]) -> Judge {
        Judge { labels: labels.to_vec(), core: std::sync::OnceLock::new() }
    }

    /// The grounded label of `a`.
    pub fn label(&self, a: u32) -> Label {
        self.labels[a as usize]
    }

    /// The part of `af` (the framework the labels are of) that decides the
    /// sets made of arguments of `set`: the undecided arguments that reach
    /// an undecided member of `set`. `None` when that part has more than
    /// `max` arguments (the search stops there).
    pub fn reach(&self, af: &Af, set: &[u32], max: usize) -> Option<Reach<'_>> {
        assert_eq!(af.len(), self.labels.len(), "the labels are of another framework");
        let (core, keep) = self.core.get_or_init(|| {
            let keep: Vec<u32> = (0..af.len() as u32).filter(|&a| self.label(a) == Label::Undecided).collect();
            (af.restrict(&keep), keep)
        });
        let roots: Vec<u32> = set.iter().filter_map(|a| keep.binary_search(a).ok().map(|i| i as u32)).collect();
        let (part, local) = core.ancestors_within(&roots, max)?;
        let old = local.iter().map(|&i| keep[i as usize]).collect();
        let solver = std::cell::RefCell::new(solve::JointAcceptance::new(&part));
        let inside = std::cell::RefCell::new(vec![false; part.len()]);
        Some(Reach { judge: self, solver, part, inside, old, seen: Default::default() })
    }
}

/// What a [`Reach`] has learnt from its solver: extensions found (the
/// latest few) and sets found indefensible, in the part's numbering.
#[derive(Default)]
struct Seen {
    witnesses: std::collections::VecDeque<Vec<u32>>,
    cores: Vec<Vec<u32>>,
}

impl Seen {
    /// Remember an admissible set found, forgetting the oldest beyond
    /// [`REMEMBERED`].
    fn witness(&mut self, ext: Vec<u32>) {
        if self.witnesses.len() == REMEMBERED {
            self.witnesses.pop_back();
        }
        self.witnesses.push_front(ext);
    }
}

/// How many extensions and indefensible sets a [`Reach`] remembers.
const REMEMBERED: usize = 32;

fn subset(small: &[u32], big: &[u32]) -> bool {
    small.len() <= big.len() && small.iter().all(|a| big.binary_search(a).is_ok())
}

/// The part of a framework that decides the sets made of some arguments
/// (see [`Judge::reach`]), with one incremental solver for every question
/// on it.
pub struct Reach<'a> {
    judge: &'a Judge,
    solver: std::cell::RefCell<solve::JointAcceptance>,
    /// The part itself, for [`greedy_admissible`].
    part: Af,
    /// Scratch for [`greedy_admissible`]: all false between calls.
    inside: std::cell::RefCell<Vec<bool>>,
    old: Vec<u32>,
    seen: std::cell::RefCell<Seen>,
}

impl Reach<'_> {
    /// Whether some admissible set (so some preferred extension) contains
    /// every argument of `set`, which must be made of arguments of the set
    /// this part was taken for: false when one is out, true when all are in,
    /// else decided on this part: by an extension found before that
    /// contains the set, by a set found indefensible before that the set
    /// contains, else by [`greedy_admissible`] when it finds an admissible
    /// set holding it, else by the solver (whose answer is remembered: the
    /// extension it found, or the part of the set it proved indefensible).
    /// Questions that grow or shrink a set one argument at a time, as the
    /// search for minimal inconsistent sets asks them, are mostly answered
    /// without the solver.
    pub fn defensible(&self, set: &[u32]) -> bool {
        let mut local = Vec::new();
        for &a in set {
            match self.judge.label(a) {
                Label::Out => return false,
                Label::In => {}
                Label::Undecided => match self.old.binary_search(&a) {
                    Ok(i) => local.push(i as u32),
                    Err(_) => panic!("argument {a} is not in the part this reach was taken for"),
                },
            }
        }
        if local.is_empty() {
            return true;
        }
        local.sort_unstable();
        let mut seen = self.seen.borrow_mut();
        if seen.witnesses.iter().any(|w| subset(&local, w)) {
            return true;
        }
        if seen.cores.iter().any(|c| subset(c, &local)) {
            return false;
        }
        let prefer = seen.witnesses.front().map_or(&[][..], |w| &w[..]);
        if let Some(ext) = greedy_admissible(&self.part, &local, prefer, &mut self.inside.borrow_mut()) {
            seen.witness(ext);
            return true;
        }
        match self.solver.borrow_mut().query(&local) {
            Ok(ext) => {
                seen.witness(ext);
                true
            }
            Err(mut core) => {
                core.sort_unstable();
                if seen.cores.len() == REMEMBERED {
                    seen.cores.remove(0);
                }
                seen.cores.push(core);
                false
            }
        }
    }
}

/// An admissible set of `af` containing `set`, when a search without
/// backtracking finds one: each attacker of the set that the set does not
/// attack yet is countered by one of its own attackers (the first that is
/// in conflict with nothing taken so far, one of `prefer` (increasing: an
/// extension found before, whose members defend each other) first), until
/// every member is defended.
/// `None` when some attacker has no such counter; the set may still be
/// defensible then. Linear in the attacks on the arguments taken; `inside`
/// (one flag per argument, all false) is left all false.
fn greedy_admissible(af: &Af, set: &[u32], prefer: &[u32], inside: &mut [bool]) -> Option<Vec<u32>> {
    let mut taken: Vec<u32> = Vec::new();
    let fits = |x: u32, inside: &[bool]| {
        !af.attackers(x).iter().any(|&y| y == x || inside[y as usize])
            && !af.attacked_by(x).iter().any(|&y| inside[y as usize])
    };
    let mut ok = true;
    for &a in set {
        if inside[a as usize] {
            continue;
        }
        if !fits(a, inside) {
            ok = false;
            break;
        }
        inside[a as usize] = true;
        taken.push(a);
    }
    let mut next = 0;
    while ok && next < taken.len() {
        let a = taken[next];
        next += 1;
        for &b in af.attackers(a) {
            let attackers = af.attackers(b);
            if attackers.iter().any(|&d| inside[d as usize]) {
                continue;
            }
            let preferred = attackers.iter().copied().find(|&d| prefer.binary_search(&d).is_ok() && fits(d, inside));
            match preferred.or_else(|| attackers.iter().copied().find(|&d| fits(d, inside))) {
                Some(d) => {
                    inside[d as usize] = true;
                    taken.push(d);
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
    }
    for &a in &taken {
        inside[a as usize] = false;
    }
    ok.then(|| {
        taken.sort_unstable();
        taken
    })
}

/// The verdict on actor `actor` (whose view is `view`, loaded from `graph`),
/// its consistency questions decided by `judge` (on `fw`'s framework).
pub fn verdict(graph: &ClaimGraph<'_>, fw: &MapFramework, view: &ActorView, judge: &Judge) -> ActorVerdict {
    let map = graph.map;
    let af = fw.af();
    let grounded = &judge.labels;
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
    let reach = judge.reach(af, &position, usize::MAX).expect("no bound");
    let in_preferred = reach.defensible(&position);
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
        inconsistency(&affirmed, |set| reach.defensible(&positions.of(set)), MAX_QUESTIONS)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `set` (increasing) is admissible in `af`, from the definition.
    fn admissible(af: &Af, set: &[u32]) -> bool {
        let has = |x: &u32| set.binary_search(x).is_ok();
        set.iter().all(|&a| af.attackers(a).iter().all(|&b| !has(&b) && af.attackers(b).iter().any(has)))
    }

    /// Every framework on three arguments, every set and every preferred
    /// set: an answer is an admissible set holding the set asked about, and
    /// the scratch flags are left clear.
    #[test]
    fn greedy_answers_are_admissible_supersets() {
        let n = 3u32;
        let pairs: Vec<(u32, u32)> = (0..n).flat_map(|a| (0..n).map(move |b| (a, b))).collect();
        let subsets = |bits: u32| -> Vec<u32> { (0..n).filter(|&a| bits & (1 << a) != 0).collect() };
        let mut answered = 0;
        for mask in 0u32..1 << pairs.len() {
            let attacks: Vec<(u32, u32)> =
                pairs.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, &p)| p).collect();
            let af = Af::new(n as usize, &attacks);
            for s in 0..1 << n {
                let set = subsets(s);
                for p in 0..1 << n {
                    let mut inside = vec![false; n as usize];
                    if let Some(ext) = greedy_admissible(&af, &set, &subsets(p), &mut inside) {
                        answered += 1;
                        assert!(set.iter().all(|a| ext.binary_search(a).is_ok()), "{attacks:?} {set:?}");
                        assert!(admissible(&af, &ext), "{attacks:?} {set:?} -> {ext:?}");
                    }
                    assert!(inside.iter().all(|&f| !f));
                }
            }
        }
        assert!(answered > 0);
    }
}
