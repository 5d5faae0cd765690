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
    /// calls), so that a position costs its own size, not the map's; and
    /// those claims, in the order found.
    held: std::cell::RefCell<(Vec<bool>, Vec<ClaimIdx>)>,
    /// The position asked about by [`Positions::defensible`].
    asked: std::cell::RefCell<Vec<u32>>,
    /// The positions of single claims (for a map without linked
    /// relations): the slot of each claim's, [`NOT_TAKEN`] before it is
    /// computed, and the positions.
    single: std::cell::RefCell<(Vec<u32>, Vec<Vec<u32>>)>,
}

impl<'a> Positions<'a> {
    pub fn new(graph: &'a ClaimGraph<'a>, fw: &'a MapFramework) -> Positions<'a> {
        Positions { graph, fw, held: Default::default(), asked: Default::default(), single: Default::default() }
    }

    /// Whether the position of `affirmed` is defensible (see
    /// [`Reach::defensible`]; `reach` must be taken for a set holding it).
    pub fn defensible(&self, reach: &Reach<'_>, affirmed: &[ClaimIdx]) -> bool {
        if self.graph.has_linked() {
            let mut asked = self.asked.borrow_mut();
            self.of_into(affirmed, &mut asked);
            return reach.defensible(&asked);
        }
        // Without linked relations a claim's commitments do not depend on
        // the others held: a position is the union of its claims' (the
        // question takes them as they are, not joined first).
        let mut single = self.single.borrow_mut();
        let (slot, positions) = &mut *single;
        if slot.len() != self.graph.map.claims.len() {
            *slot = vec![NOT_TAKEN; self.graph.map.claims.len()];
        }
        for &c in affirmed {
            if slot[c as usize] == NOT_TAKEN {
                slot[c as usize] = positions.len() as u32;
                positions.push(self.of(&[c]));
            }
        }
        reach.defensible_union(affirmed.iter().map(|&c| &positions[slot[c as usize] as usize][..]))
    }

    /// The position of a set of affirmed claims (see the module
    /// documentation), in increasing order.
    pub fn of(&self, affirmed: &[ClaimIdx]) -> Vec<u32> {
        // One claim that implies nothing (most): its own argument alone.
        if let &[c] = affirmed
            && self.graph.linked_from(c).is_empty()
            && self.graph.targets(c, RelationKind::Implies).next().is_none()
        {
            return vec![self.fw.arg_of_claim(c)];
        }
        let mut out = Vec::new();
        self.of_into(affirmed, &mut out);
        out
    }

    /// [`Positions::of`], written into `out` (cleared first).
    fn of_into(&self, affirmed: &[ClaimIdx], out: &mut Vec<u32>) {
        let map = self.graph.map;
        let mut guard = self.held.borrow_mut();
        let (held, all) = &mut *guard;
        if held.len() != map.claims.len() {
            *held = vec![false; map.claims.len()];
        }
        all.clear();
        let hold = |t: ClaimIdx, held: &mut [bool], all: &mut Vec<ClaimIdx>| {
            if !held[t as usize] {
                held[t as usize] = true;
                all.push(t);
            }
        };
        for &c in affirmed {
            hold(c, held, all);
        }
        // The order claims are found in does not change the closure: a
        // linked relation is looked at again from each of its premises.
        let mut next = 0;
        while let Some(&c) = all.get(next) {
            next += 1;
            for (t, _) in self.graph.targets(c, RelationKind::Implies) {
                hold(t, held, all);
            }
            for &r in self.graph.linked_from(c) {
                let rel = map.relation(r);
                if let Target::Claim(t) = rel.to
                    && rel.kind == RelationKind::Implies
                    && rel.premises().iter().all(|&p| held[p as usize])
                {
                    hold(t, held, all);
                }
            }
        }
        out.clear();
        out.reserve(all.len());
        for &c in all.iter() {
            held[c as usize] = false;
            out.push(self.fw.arg_of_claim(c));
        }
        out.sort_unstable();
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
    /// use).
    core: std::sync::OnceLock<Core>,
}

/// The undecided part of a framework as a framework of its own.
struct Core {
    af: Af,
    /// The argument each of its arguments stands for, in increasing order.
    keep: Vec<u32>,
    /// The other way: the core argument of each argument of the whole
    /// framework ([`NOT_TAKEN`] for one that is not undecided).
    index: Vec<u32>,
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
        let core = self.core.get_or_init(|| {
            let keep: Vec<u32> = (0..af.len() as u32).filter(|&a| self.label(a) == Label::Undecided).collect();
            let mut index = vec![NOT_TAKEN; af.len()];
            for (i, &a) in keep.iter().enumerate() {
                index[a as usize] = i as u32;
            }
            Core { af: af.restrict(&keep), keep, index }
        });
        let roots: Vec<u32> = set.iter().map(|&a| core.index[a as usize]).filter(|&i| i != NOT_TAKEN).collect();
        let (part, local) = core.af.ancestors_within(&roots, max)?;
        let mut index = vec![NOT_TAKEN; core.keep.len()];
        for (i, &c) in local.iter().enumerate() {
            index[c as usize] = i as u32;
        }
        let level = std::cell::RefCell::new(vec![NOT_TAKEN; part.len()]);
        Some(Reach {
            judge: self,
            solver: Default::default(),
            part,
            level,
            scratch: Default::default(),
            index,
            seen: Default::default(),
        })
    }
}

/// What a [`Reach`] has learnt: admissible sets found (the latest few)
/// and sets found indefensible, in the part's numbering.
#[derive(Default)]
struct Seen {
    witnesses: std::collections::VecDeque<Witness>,
    cores: Vec<Vec<u32>>,
    /// Buffers of [`Reach::defensible`]: the set asked about in the part's
    /// numbering, and one bit per argument of the part (all clear between
    /// calls) marking it.
    local: Vec<u32>,
    marks: Vec<u64>,
}

/// An admissible set found, as one bit per argument of the part (whether
/// a set is inside it is then a bit test per member, not a search).
struct Witness {
    bits: Vec<u64>,
}

impl Witness {
    /// Whether it holds the set marked in `marks` (one bit per argument,
    /// from word `from` on): a test per word.
    fn holds(&self, marks: &[u64], from: usize) -> bool {
        marks.iter().zip(&self.bits[from..]).all(|(m, b)| m & !b == 0)
    }
}

impl Seen {
    /// Remember an admissible set found (of a part of `n` arguments),
    /// forgetting the oldest beyond [`WITNESSES`].
    fn witness(&mut self, members: &[u32], n: usize) {
        let mut bits = match self.witnesses.len() {
            WITNESSES => self.witnesses.pop_back().map(|w| w.bits).unwrap_or_default(),
            _ => Vec::new(),
        };
        bits.clear();
        bits.resize(n.div_ceil(64), 0);
        for &a in members {
            bits[a as usize / 64] |= 1 << (a % 64);
        }
        self.witnesses.push_front(Witness { bits });
    }

    /// The extension remembered last, `kept`, grown by `added` (an
    /// admissible set found from it).
    fn grown(&mut self, kept: &[u32], added: &[u32]) {
        let bits = &mut self.witnesses.front_mut().expect("a set kept is remembered").bits;
        debug_assert!(
            kept.iter().all(|&a| bits[a as usize / 64] >> (a % 64) & 1 == 1),
            "the set kept is the one remembered"
        );
        for &a in added {
            bits[a as usize / 64] |= 1 << (a % 64);
        }
    }

    /// Whether [`Seen::local`], marked in [`Seen::marks`], holds a set
    /// found indefensible: a bit test per member of each.
    fn holds_core(&self) -> bool {
        let marked = |a: u32| self.marks[a as usize / 64] >> (a % 64) & 1 == 1;
        self.cores.iter().any(|c| c.len() <= self.local.len() && c.iter().all(|&a| marked(a)))
    }

    /// Remember a set found indefensible, forgetting the oldest beyond
    /// [`REMEMBERED`].
    fn core(&mut self, core: Vec<u32>) {
        if self.cores.len() == REMEMBERED {
            self.cores.remove(0);
        }
        self.cores.push(core);
    }
}

/// How many indefensible sets a [`Reach`] remembers. Since a set is the
/// few members a failed search blames, not the whole question, testing one
/// costs little: at 10k claims 32 spare searches that 8 did not, and 128
/// answer nothing more (docs/performance.md).
const REMEMBERED: usize = 32;

/// How many extensions a [`Reach`] remembers: the latest alone. Each
/// question first tries to extend it (see [`admissible_superset`]), which
/// answers at once a set that it holds; at 10k claims the older ones (4 or
/// 16 kept) answered no question the latest did not, and testing them cost
/// more than it saved (docs/performance.md).
const WITNESSES: usize = 1;

/// The part of a framework that decides the sets made of some arguments
/// (see [`Judge::reach`]), with one incremental solver for every question
/// on it that the search does not decide (encoded at the first such).
pub struct Reach<'a> {
    judge: &'a Judge,
    solver: std::cell::RefCell<Option<solve::JointAcceptance>>,
    /// The part itself, for [`admissible_superset`].
    part: Af,
    /// Scratch for [`admissible_superset`]: `level` all [`NOT_TAKEN`]
    /// between calls, and the search's buffers.
    level: std::cell::RefCell<Vec<u32>>,
    scratch: std::cell::RefCell<Scratch>,
    /// The argument of the part each core argument stands for
    /// ([`NOT_TAKEN`] for one outside the part).
    index: Vec<u32>,
    seen: std::cell::RefCell<Seen>,
}

impl Reach<'_> {
    /// Whether some admissible set (so some preferred extension) contains
    /// every argument of `set` (in any order, repeats allowed), which must
    /// be made of arguments of the set this part was taken for: false when one is out, true when all are in,
    /// else decided on this part: by an extension found before that
    /// contains the set, by a set found indefensible before that the set
    /// contains, else by [`admissible_superset`] when it decides within
    /// [`SEARCH_STEPS_PER_ARGUMENT`] steps per argument of the part, else
    /// by the solver. Each answer is remembered: the admissible set found,
    /// or the set (for the solver, the part of it) proved indefensible.
    /// Questions that grow or shrink a set one argument at a time, as the
    /// search for minimal inconsistent sets asks them, are mostly answered
    /// without the solver.
    pub fn defensible(&self, set: &[u32]) -> bool {
        self.defensible_union(std::iter::once(set))
    }

    /// [`Reach::defensible`] of the union of `parts`, not copied into one
    /// set first.
    pub fn defensible_union<'s>(&self, parts: impl Iterator<Item = &'s [u32]>) -> bool {
        let core = self.judge.core.get().expect("a reach is taken from the core");
        let mut seen = self.seen.borrow_mut();
        // The undecided members in the part's numbering, in increasing
        // order, each once: marked in a bitmap, then read off the words
        // marked (fewer steps than a sort), the marks kept for the tests
        // against the sets remembered.
        let Seen { local, marks, .. } = &mut *seen;
        marks.resize(self.part.len().div_ceil(64), 0);
        let (mut lo, mut hi) = (usize::MAX, 0);
        for &a in parts.flatten() {
            match self.judge.label(a) {
                Label::Out => {
                    if lo <= hi {
                        marks[lo..=hi].fill(0);
                    }
                    return false;
                }
                Label::In => {}
                Label::Undecided => match self.index[core.index[a as usize] as usize] {
                    NOT_TAKEN => panic!("argument {a} is not in the part this reach was taken for"),
                    i => {
                        let w = i as usize / 64;
                        marks[w] |= 1 << (i % 64);
                        (lo, hi) = (lo.min(w), hi.max(w));
                    }
                },
            }
        }
        if lo > hi {
            return true;
        }
        local.clear();
        for (w, word) in marks[lo..=hi].iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                local.push(((lo + w) * 64) as u32 + bits.trailing_zeros());
                bits &= bits - 1;
            }
        }
        let answer = if seen.witnesses.iter().any(|w| w.holds(&seen.marks[lo..=hi], lo)) {
            Some(true)
        } else if seen.holds_core() {
            Some(false)
        } else {
            None
        };
        seen.marks[lo..=hi].fill(0);
        if let Some(answer) = answer {
            return answer;
        }
        let local = std::mem::take(&mut seen.local);
        let prefer = seen.witnesses.front().map_or(&[][..], |w| &w.bits[..]);
        let steps = SEARCH_STEPS_PER_ARGUMENT * self.part.len();
        let mut scratch = self.scratch.borrow_mut();
        let level = &mut self.level.borrow_mut();
        // First from the set found last, when it is still taken: a set
        // that grows one claim at a time is then searched for what it adds.
        // When it finds none for a reason made of members of the set asked
        // about alone (not of the set kept), that reason answers the
        // question; else the search starts again from the set alone.
        if scratch.kept > 0 {
            let before = scratch.kept;
            match admissible_superset(&self.part, &local, prefer, level, &mut scratch, steps, true) {
                Search::Found => {
                    // The set kept is the extension remembered last (both
                    // are the set found last): it grows by what was added.
                    seen.grown(&scratch.taken[..before], &scratch.taken[before..]);
                    seen.local = local;
                    return true;
                }
                Search::None if scratch.core.iter().all(|a| local.binary_search(a).is_ok()) => {
                    seen.core(scratch.core.clone());
                    seen.local = local;
                    return false;
                }
                _ => {}
            }
        }
        let found = admissible_superset(&self.part, &local, prefer, level, &mut scratch, steps, true);
        let answer = match found {
            Search::Found => {
                seen.witness(&scratch.taken, self.part.len());
                true
            }
            Search::None => {
                seen.core(scratch.core.clone());
                false
            }
            Search::GaveUp => {
                let mut solver = self.solver.borrow_mut();
                let solver = solver.get_or_insert_with(|| solve::JointAcceptance::new(&self.part));
                match solver.query(&local) {
                    Ok(ext) => {
                        seen.witness(&ext, self.part.len());
                        true
                    }
                    Err(mut core) => {
                        core.sort_unstable();
                        seen.core(core);
                        false
                    }
                }
            }
        };
        seen.local = local;
        answer
    }
}

/// How many counters [`Reach::defensible`] lets its search look at per
/// argument of the part before it asks the solver.
const SEARCH_STEPS_PER_ARGUMENT: usize = 1;

/// What [`admissible_superset`] found.
#[derive(Debug, PartialEq, Eq)]
enum Search {
    /// An admissible set holding the set asked about: the members taken
    /// ([`Scratch::taken`]), in no particular order.
    Found,
    /// No admissible set holds it: every choice was tried.
    None,
    /// The search ran out of steps before deciding.
    GaveUp,
}

/// A choice of the search in [`admissible_superset`]: the open attacker
/// is attacker `j` of `taken[i]`, `len` arguments were taken before it,
/// `k` is the next of its counters to try, and `culprits` are earlier
/// choices (their levels, in the order found, with repeats) that the
/// counters tried so far failed because of.
struct Choice {
    i: usize,
    j: usize,
    len: usize,
    k: usize,
    culprits: Vec<u32>,
}

/// The buffers of [`admissible_superset`], kept from one call to the next
/// so that a question allocates nothing once they have grown.
#[derive(Default)]
struct Scratch {
    /// The arguments taken; after [`Search::Found`], the set found.
    taken: Vec<u32>,
    stack: Vec<Choice>,
    /// The `culprits` of choices done with, emptied when taken again.
    spare: Vec<Vec<u32>>,
    /// For each argument, how many of those taken attack it (all zero
    /// between calls but for what the kept arguments attack): an attacker
    /// is countered when its count is not zero.
    countered: Vec<u32>,
    /// How many arguments the call before kept taken (the first of
    /// `taken`), for the next to start from.
    kept: usize,
    /// After [`Search::None`]: members of the set asked about or of the
    /// set kept that no admissible set holds together (the reason the
    /// search found), in increasing order.
    core: Vec<u32>,
}

/// In `level` (see [`admissible_superset`]): not taken.
const NOT_TAKEN: u32 = u32::MAX;
/// In `level`: a member of the set asked about, never undone.
const GIVEN: u32 = u32::MAX - 1;

/// A reason in [`Choice::culprits`] at or above this is a given member
/// (this added to it), below it a choice (its level).
const MEMBER: u32 = 1 << 31;
/// What [`clash`] gives for an argument that attacks itself: no reason
/// that anything undoes or that a member is to blame for.
const ITSELF: u32 = u32::MAX;

/// Whether `x` can join the arguments taken (`level`): `Ok` when it
/// conflicts with none of them and does not attack itself, else why:
/// [`ITSELF`], a given member it conflicts with ([`MEMBER`] added), or
/// the earliest choice it conflicts with (its level).
fn clash(af: &Af, x: u32, level: &[u32]) -> Result<(), u32> {
    let mut earliest: Option<u32> = None;
    for &y in af.attackers(x).iter().chain(af.attacked_by(x)) {
        let l = level[y as usize];
        if y == x {
            return Err(ITSELF);
        }
        if l == GIVEN {
            return Err(MEMBER + y);
        }
        if l != NOT_TAKEN {
            earliest = Some(earliest.map_or(l, |e| e.min(l)));
        }
    }
    earliest.map_or(Ok(()), Err)
}

/// The given members among `reasons` (see [`MEMBER`]), written into
/// `core` in increasing order.
fn members(reasons: &[u32], core: &mut Vec<u32>) {
    core.clear();
    core.extend(reasons.iter().filter(|&&r| r != ITSELF && r >= MEMBER).map(|&r| r - MEMBER));
    core.sort_unstable();
    core.dedup();
}

/// An admissible set of `af` containing `set`, by a depth-first search:
/// each attacker of the set that the set does not attack yet is countered
/// by one of its own attackers that is in conflict with nothing taken so
/// far, one of `prefer` (one bit per argument: an extension found before, whose
/// members defend each other) first, then the others in order, until every
/// member is defended. The first path tried takes the first counter each
/// time (a search without backtracking).
///
/// When an attacker has no counter left, the search jumps back to the
/// latest choice that one of its failures is due to (conflict-directed
/// backjumping: the choices in between change nothing about it), or, when
/// none is, answers that there is no such set ([`Search::None`]): every
/// admissible set containing `set` holds a counter of each open attacker,
/// and each counter conflicts with what the choices jumped back to keep.
/// Failures due to given members are remembered as such, alongside the
/// choices: with [`Search::None`], [`Scratch::core`] holds the given
/// members the search found to blame (no admissible set holds them all;
/// Dechter's conflict-directed backjumping keeps the same account of
/// reasons). It gives up after `steps` counters looked at ([`Search::GaveUp`]).
/// Each step is linear in the attacks on the counter; `level` (one entry
/// per argument) says for each argument taken the choice that took it.
///
/// The search starts from the arguments kept in `scratch` by the call
/// before ([`Scratch::kept`]: an admissible set, each member at [`GIVEN`]
/// in `level`; usually none), which it never undoes: then
/// [`Search::None`] says only that no admissible set holds both them and
/// `set`. With `keep`, the set found stays taken (its members at
/// [`GIVEN`]) for the next call to start from; otherwise, and whenever
/// nothing is found, `level` is left all [`NOT_TAKEN`] and nothing is kept.
fn admissible_superset(
    af: &Af,
    set: &[u32],
    prefer: &[u64],
    level: &mut [u32],
    scratch: &mut Scratch,
    mut steps: usize,
    keep: bool,
) -> Search {
    let preferred_one = |d: u32| prefer.get(d as usize / 64).is_some_and(|w| w >> (d % 64) & 1 == 1);
    debug_assert!(af.len() < MEMBER as usize, "arguments are numbered below MEMBER");
    let Scratch { taken, stack, spare, countered, kept, core } = scratch;
    spare.extend(stack.drain(..).map(|c| c.culprits));
    taken.truncate(*kept);
    let start = std::mem::take(kept);
    if countered.len() < af.len() {
        countered.resize(af.len(), 0);
    }
    let take = |x: u32, at: u32, level: &mut [u32], countered: &mut [u32]| {
        level[x as usize] = at;
        for &y in af.attacked_by(x) {
            countered[y as usize] += 1;
        }
    };
    let undo = |taken: &[u32], level: &mut [u32], countered: &mut [u32]| {
        for &x in taken {
            level[x as usize] = NOT_TAKEN;
            for &y in af.attacked_by(x) {
                countered[y as usize] -= 1;
            }
        }
    };
    for &a in set {
        if level[a as usize] != NOT_TAKEN {
            continue;
        }
        if let Err(why) = clash(af, a, level) {
            members(&[MEMBER + a, why], core);
            undo(taken, level, countered);
            return Search::None;
        }
        take(a, GIVEN, level, countered);
        taken.push(a);
    }
    // The cursor: attacker `j` of `taken[i]`. The kept members are
    // defended by each other.
    let (mut i, mut j) = (start, 0usize);
    let outcome = 'search: loop {
        // The next attacker not countered yet, from the cursor on.
        let mut open = false;
        while i < taken.len() {
            let attackers = af.attackers(taken[i]);
            while j < attackers.len() {
                if countered[attackers[j] as usize] == 0 {
                    open = true;
                    break;
                }
                j += 1;
            }
            if open {
                break;
            }
            i += 1;
            j = 0;
        }
        if !open {
            break 'search Some(true);
        }
        // The attacked member needs the counter as long as it is taken.
        let mut culprits = spare.pop().unwrap_or_default();
        culprits.clear();
        culprits.push(match level[taken[i] as usize] {
            GIVEN => MEMBER + taken[i],
            l => l,
        });
        let mut choice = Choice { i, j, len: taken.len(), k: 0, culprits };
        loop {
            let b = af.attackers(taken[choice.i])[choice.j];
            let counters = af.attackers(b);
            let n = counters.len();
            // Counters `0..n`: those of `prefer`; `n..2n`: the others.
            while choice.k < 2 * n {
                let k = choice.k;
                choice.k += 1;
                let (d, preferred) = if k < n { (counters[k], true) } else { (counters[k - n], false) };
                if preferred_one(d) != preferred {
                    continue;
                }
                if steps == 0 {
                    break 'search None;
                }
                steps -= 1;
                match clash(af, d, level) {
                    Ok(()) => {
                        take(d, stack.len() as u32, level, countered);
                        taken.push(d);
                        stack.push(choice);
                        continue 'search;
                    }
                    Err(ITSELF) => {}
                    Err(why) => choice.culprits.push(why),
                }
            }
            // No counter left: jump back to the latest choice to blame,
            // which inherits the other reasons; without one, there is no
            // such set, for the given members to blame.
            let Some(&back) = choice.culprits.iter().filter(|&&l| l < MEMBER).max() else {
                members(&choice.culprits, core);
                break 'search Some(false);
            };
            spare.extend(stack.drain(back as usize + 1..).map(|c| c.culprits));
            let mut last = stack.pop().expect("a culprit is a choice on the stack");
            undo(&taken[last.len..], level, countered);
            taken.truncate(last.len);
            last.culprits.extend(choice.culprits.iter().filter(|&&l| l != back));
            last.culprits.sort_unstable();
            last.culprits.dedup();
            (i, j) = (last.i, last.j);
            spare.push(std::mem::replace(&mut choice, last).culprits);
        }
    };
    if keep && outcome == Some(true) {
        // The kept members are at GIVEN already (nothing undoes them).
        for &a in &taken[start..] {
            level[a as usize] = GIVEN;
        }
        *kept = taken.len();
        return Search::Found;
    }
    undo(taken, level, countered);
    match outcome {
        Some(true) => Search::Found,
        Some(false) => Search::None,
        None => Search::GaveUp,
    }
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
        inconsistency(&affirmed, |set| positions.defensible(&reach, set), MAX_QUESTIONS)
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
    // Each question's set is written into one buffer, not a new Vec.
    let asking = std::cell::RefCell::new(Vec::with_capacity(k));
    let ok = |mask: &[bool]| {
        let mut set = asking.borrow_mut();
        set.clear();
        set.extend((0..k).filter(|&i| mask[i]).map(|i| units[i]));
        consistent(&set)
    };
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

    /// [`admissible_superset`] with fresh buffers: its answer, with the
    /// set found (in increasing order) when it found one, the members it
    /// blames when it found none.
    fn superset(af: &Af, set: &[u32], prefer: &[u64], level: &mut [u32], steps: usize) -> (Search, Vec<u32>) {
        let mut scratch = Scratch::default();
        let answer = admissible_superset(af, set, prefer, level, &mut scratch, steps, false);
        assert!(scratch.countered.iter().all(|&c| c == 0), "the counts are left clear");
        let mut ext = match answer {
            Search::Found => scratch.taken,
            Search::None => scratch.core,
            Search::GaveUp => Vec::new(),
        };
        ext.sort_unstable();
        (answer, ext)
    }

    /// Every framework on three arguments, every set and every preferred
    /// set: an answer is an admissible set holding the set asked about, a
    /// search that tried every choice is right that there is none (by brute
    /// force over all sets) and so are the members it blames (see
    /// [`blamed_rightly`]), one that gives up does so only with too few
    /// steps, and the scratch flags are left clear.
    #[test]
    fn search_answers_are_admissible_supersets_or_none() {
        let n = 3u32;
        let pairs: Vec<(u32, u32)> = (0..n).flat_map(|a| (0..n).map(move |b| (a, b))).collect();
        let subsets = |bits: u32| -> Vec<u32> { (0..n).filter(|&a| bits & (1 << a) != 0).collect() };
        let (mut found, mut none) = (0, 0);
        for mask in 0u32..1 << pairs.len() {
            let attacks: Vec<(u32, u32)> =
                pairs.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, &p)| p).collect();
            let af = Af::new(n as usize, &attacks);
            for s in 0..1 << n {
                let set = subsets(s);
                let exists = (0..1 << n).any(|t| t & s == s && admissible(&af, &subsets(t)));
                for p in 0u64..1 << n {
                    let mut inside = vec![NOT_TAKEN; n as usize];
                    match superset(&af, &set, &[p], &mut inside, usize::MAX) {
                        (Search::Found, ext) => {
                            found += 1;
                            assert!(set.iter().all(|a| ext.binary_search(a).is_ok()), "{attacks:?} {set:?}");
                            assert!(admissible(&af, &ext), "{attacks:?} {set:?} -> {ext:?}");
                        }
                        (Search::None, core) => {
                            none += 1;
                            assert!(!exists, "{attacks:?} {set:?}: there is one");
                            blamed_rightly(&af, &set, &core);
                        }
                        (Search::GaveUp, _) => panic!("gave up without a bound"),
                    }
                    assert!(inside.iter().all(|&f| f == NOT_TAKEN));
                    // Without steps, what it decides is still right.
                    match superset(&af, &set, &[p], &mut inside, 0) {
                        (Search::Found, ext) => assert!(admissible(&af, &ext), "{attacks:?} {set:?}"),
                        (Search::None, core) => {
                            assert!(!exists, "{attacks:?} {set:?}");
                            blamed_rightly(&af, &set, &core);
                        }
                        (Search::GaveUp, _) => {}
                    }
                    assert!(inside.iter().all(|&f| f == NOT_TAKEN));
                }
            }
        }
        assert!(found > 0 && none > 0);
    }

    /// A claim's position alone (taken without the closure when the claim
    /// implies nothing) is the one the closure gives.
    #[test]
    fn a_single_claims_position_is_its_closure() {
        let text = r#"
[claims.a]
text = "a"
implies = ["b"]
[claims.b]
text = "b"
implies = ["c"]
[claims.c]
text = "c"
[claims.d]
text = "d"
attacks = ["c"]
"#;
        let map = crate::load::load_str("t.toml", text, crate::source::Format::Toml).map.expect("valid map");
        let graph = ClaimGraph::build(&map);
        let fw = MapFramework::build(&graph, Default::default()).expect("a framework");
        let positions = Positions::new(&graph, &fw);
        let mut sizes = Vec::new();
        for c in 0..map.claims.len() as ClaimIdx {
            let mut closure = Vec::new();
            positions.of_into(&[c], &mut closure);
            assert_eq!(positions.of(&[c]), closure, "claim {}", map.claim(c).id);
            sizes.push((map.claim(c).id.as_str(), closure.len()));
        }
        sizes.sort_unstable();
        assert_eq!(sizes, [("a", 3), ("b", 2), ("c", 1), ("d", 1)]);
    }

    /// A stream of pseudo-random numbers (xorshift) from `state`.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// Questions in a row to one [`Reach`], mostly growing a set one
    /// argument at a time as the search for minimal inconsistent sets asks
    /// them (so that many start from the set kept from the question
    /// before: about 700 of them here, 300 of which extend it), on random
    /// frameworks of twelve arguments in six pairs that attack each other:
    /// each answer is the brute-force one, whatever was remembered or kept
    /// before it.
    #[test]
    fn questions_in_a_row_are_answered_as_alone() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let n = 12u32;
        let subsets = |bits: u32| -> Vec<u32> { (0..n).filter(|&a| bits & (1 << a) != 0).collect() };
        let (mut yes, mut no) = (0, 0);
        for _ in 0..200 {
            // Pairs that attack each other (undecided, so in the part),
            // and attacks at random.
            let mut attacks: Vec<(u32, u32)> =
                (0..n).flat_map(|a| (0..n).map(move |b| (a, b))).filter(|_| next() % 100 < 6).collect();
            attacks.extend((0..n).map(|a| (a, a ^ 1)));
            let af = Af::new(n as usize, &attacks);
            let admissible_sets: Vec<u32> = (0..1u32 << n).filter(|&t| admissible(&af, &subsets(t))).collect();
            let judge = Judge::new(&super::super::explain::Grounded::of(&af).labels);
            let all: Vec<u32> = (0..n).collect();
            let reach = judge.reach(&af, &all, usize::MAX).expect("no bound");
            let mut bits = 0u32;
            for _ in 0..40 {
                // Mostly one argument more, kept when defensible; sometimes
                // one in or out whatever the answer.
                let flip = 1 << (next() % n as u64);
                let grow = !next().is_multiple_of(4);
                let asked = if grow { bits | flip } else { bits ^ flip };
                let set = subsets(asked);
                let exists = admissible_sets.iter().any(|&t| t & asked == asked);
                assert_eq!(reach.defensible(&set), exists, "{attacks:?} {set:?}");
                if exists || !grow {
                    bits = asked;
                }
                if exists { yes += 1 } else { no += 1 }
            }
        }
        assert!(yes > 1000 && no > 1000, "{yes} {no}");
    }

    /// A question with an argument out is answered no, and leaves nothing
    /// marked for the next; a union of parts is asked as the set it makes.
    #[test]
    fn questions_with_an_argument_out_and_unions() {
        // 0 and 1 attack each other (undecided), 2 is in and puts 3 out,
        // 4 attacks itself and 5 (both undecided).
        let af = Af::new(6, &[(0, 1), (1, 0), (2, 3), (4, 4), (4, 5)]);
        let judge = Judge::new(&super::super::explain::Grounded::of(&af).labels);
        let all: Vec<u32> = (0..6).collect();
        let reach = judge.reach(&af, &all, usize::MAX).expect("no bound");
        assert!(!reach.defensible(&[0, 5, 3]));
        assert!(reach.defensible(&[0, 2]));
        // Only 4 attacks 4, and no admissible set holds it: 5 is never defended.
        assert!(!reach.defensible(&[5, 2, 5]));
        assert!(reach.defensible(&[2, 0]));
        assert!(!reach.defensible_union([&[0][..], &[2, 1][..]].into_iter()));
        assert!(!reach.defensible_union([&[1][..], &[3][..]].into_iter()));
        assert!(reach.defensible_union([&[1, 2][..], &[][..], &[1][..]].into_iter()));
        assert!(!reach.defensible(&[4]));
        assert!(reach.defensible(&[]));
    }

    /// A framework where the first counter of an attacker leads nowhere:
    /// the search goes back to the next; random frameworks on seven
    /// arguments against brute force (what it finds is admissible, and it
    /// says there is none only when there is none).
    #[test]
    fn search_backtracks_and_is_complete() {
        // 0 is attacked by 1; 1 is attacked by 2 and 3; 2 is attacked by 4,
        // which nothing counters (4 is unattacked); 3 is unattacked by any
        // but 5, which 3 attacks back.
        let af = Af::new(6, &[(1, 0), (2, 1), (3, 1), (4, 2), (5, 3), (3, 5)]);
        let mut inside = vec![NOT_TAKEN; 6];
        match superset(&af, &[0], &[], &mut inside, usize::MAX) {
            (Search::Found, ext) => assert_eq!(ext, vec![0, 3]),
            other => panic!("{other:?}"),
        }
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let n = 7u32;
        let subsets = |bits: u32| -> Vec<u32> { (0..n).filter(|&a| bits & (1 << a) != 0).collect() };
        let (mut blamed, mut asked) = (0, 0);
        for _ in 0..1500 {
            let attacks: Vec<(u32, u32)> =
                (0..n).flat_map(|a| (0..n).map(move |b| (a, b))).filter(|_| next() % 100 < 22).collect();
            let af = Af::new(n as usize, &attacks);
            for s in [1u32, 2, 3, 5, 9, 17, 33, 65, 100] {
                let set = subsets(s);
                let exists = (0..1 << n).any(|t| t & s == s && admissible(&af, &subsets(t)));
                let mut inside = vec![NOT_TAKEN; n as usize];
                match superset(&af, &set, &[], &mut inside, usize::MAX) {
                    (Search::Found, ext) => assert!(exists && admissible(&af, &ext), "{attacks:?} {set:?}"),
                    (Search::None, core) => {
                        assert!(!exists, "{attacks:?} {set:?}");
                        blamed_rightly(&af, &set, &core);
                        blamed += core.len();
                        asked += set.len();
                    }
                    (Search::GaveUp, _) => panic!("gave up without a bound"),
                }
                assert!(inside.iter().all(|&f| f == NOT_TAKEN));
            }
        }
        // The members blamed are fewer than those asked about.
        assert!(blamed > 0 && blamed < asked, "{blamed} of {asked}");
    }

    /// The members blamed when a search finds no admissible set holding
    /// `set`: some of its members (at least one), which no admissible set
    /// holds together (by brute force over all sets).
    fn blamed_rightly(af: &Af, set: &[u32], core: &[u32]) {
        assert!(!core.is_empty(), "{set:?}");
        assert!(core.windows(2).all(|w| w[0] < w[1]), "{core:?}");
        assert!(core.iter().all(|a| set.contains(a)), "{core:?} is not of {set:?}");
        let n = af.len() as u32;
        let has = |t: u32| core.iter().all(|&a| t & (1 << a) != 0);
        let subsets = |bits: u32| -> Vec<u32> { (0..n).filter(|&a| bits & (1 << a) != 0).collect() };
        assert!((0..1u32 << n).all(|t| !has(t) || !admissible(af, &subsets(t))), "{core:?} of {set:?} is held");
    }
}
