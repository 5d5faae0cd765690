//! SAT encodings of a framework's labellings and the search loops built on
//! them (the `batsat` crate: a MiniSat port, incremental, solving under
//! assumptions, deterministic for a given input).
//!
//! Variables per argument `a`: `in_a`, `out_a` and, where a semantics asks
//! for a maximal range, `r_a ⇔ in_a ∨ out_a`.
//! - complete labellings: `out_a ⇔ ⋁ in_b` over the attackers `b` of `a`,
//!   `in_a ⇔ ⋀ out_b` over them, and never both `in_a` and `out_a`;
//! - stable: complete, and `in_a ∨ out_a` for every `a`;
//! - admissible sets: complete without `in_a ⇐ ⋀ out_b`;
//! - conflict-free sets (for stage): `¬in_a ∨ ¬in_b` for every attack, and
//!   `out_a ⇔ ⋁ in_b` over the attackers.
//!
//! In each of these an extension (the `in` set) fixes the other variables,
//! so distinct models are distinct extensions.
//!
//! Maximality (preferred: the `in` set; semi-stable and stage: the range) is
//! reached by growing: given a model with key set `K`, assume every key of
//! `K` and, under a fresh activation literal, ask for one key outside `K`;
//! repeat until that is unsatisfiable (the counter-example guided loop of
//! ICCMA solvers).

use batsat::{BasicSolver, Lit, SolverInterface, lbool};

use super::{Af, Extension};

/// What the models of an encoding are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    /// Complete labellings.
    Complete,
    /// Stable labellings (complete, nothing undecided).
    Stable,
    /// Conflict-free sets with what they attack.
    ConflictFree,
    /// Admissible sets with what they attack: complete labellings without
    /// `in_a ⇐ every attacker out` (an argument every attacker of which is
    /// out may be left out).
    Admissible,
}

/// Which set a maximality loop makes maximal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    /// The extension itself (preferred).
    In,
    /// Its range: the extension and what it attacks (semi-stable, stage).
    Range,
}

/// A framework's encoding in one incremental solver.
pub(crate) struct Enc {
    solver: BasicSolver,
    n: usize,
    inv: Vec<Lit>,
    outv: Vec<Lit>,
    rng: Vec<Lit>,
    /// While set, the exclusions (blocking clauses) hold only under this
    /// literal, which every solve assumes: [`Enc::new_query`] retires them.
    scope: Option<Lit>,
    /// The clause being added (the solver takes a vector it may reorder).
    scratch: Vec<Lit>,
}

impl Enc {
    /// The encoding of `af` under `base`; with range variables if `range`.
    /// Deciding `in` first makes the first models large, so that growing
    /// them to maximal ones takes few steps.
    pub(crate) fn new(af: &Af, base: Base, range: bool) -> Enc {
        Enc::deciding(af, base, range, true)
    }

    /// [`Enc::new`], or (`in_first` false) deciding each `in_a` false
    /// first, and never `out_a`: the first models are then small, which
    /// suits a question whether some model holds a given set (fewer
    /// conflicts than deciding arguments in that attack each other).
    pub(crate) fn deciding(af: &Af, base: Base, range: bool, in_first: bool) -> Enc {
        let n = af.len();
        let mut solver = BasicSolver::default();
        let fresh = |s: &mut BasicSolver| Lit::new(s.new_var_default(), true);
        let polarity = if in_first { lbool::TRUE } else { lbool::FALSE };
        let inv: Vec<Lit> = (0..n).map(|_| Lit::new(solver.new_var(polarity, true), true)).collect();
        // Unit propagation sets `out_a` once the `in` of its attackers are
        // set, so without `in_first` it is not decided on at all.
        let outv: Vec<Lit> = (0..n)
            .map(|_| if in_first { fresh(&mut solver) } else { Lit::new(solver.new_var(lbool::FALSE, false), true) })
            .collect();
        let rng: Vec<Lit> = if range { (0..n).map(|_| fresh(&mut solver)).collect() } else { Vec::new() };
        let mut enc = Enc { solver, n, inv, outv: outv.clone(), rng, scope: None, scratch: Vec::new() };
        let mut clause = Vec::new();
        for a in 0..n as u32 {
            let (i, o) = (enc.inv[a as usize], outv[a as usize]);
            let att = af.attackers(a);
            // out_a ⇔ some attacker in.
            clause.clear();
            clause.push(!o);
            clause.extend(att.iter().map(|&b| enc.inv[b as usize]));
            enc.add(&clause);
            for &b in att {
                enc.add(&[!enc.inv[b as usize], o]);
            }
            match base {
                Base::Complete | Base::Stable | Base::Admissible => {
                    // in_a ⇔ every attacker out (admissible: ⇒ only);
                    // never in and out.
                    for &b in att {
                        enc.add(&[!i, outv[b as usize]]);
                    }
                    if base != Base::Admissible {
                        clause.clear();
                        clause.push(i);
                        clause.extend(att.iter().map(|&b| !outv[b as usize]));
                        enc.add(&clause);
                    }
                    enc.add(&[!i, !o]);
                    if base == Base::Stable {
                        enc.add(&[i, o]);
                    }
                }
                Base::ConflictFree => {
                    for &b in af.attacked_by(a) {
                        enc.add(&[!i, !enc.inv[b as usize]]);
                    }
                }
            }
            if range {
                let r = enc.rng[a as usize];
                enc.add(&[!r, i, o]);
                enc.add(&[!i, r]);
                enc.add(&[!o, r]);
            }
        }
        enc
    }

    pub(crate) fn add(&mut self, clause: &[Lit]) {
        // A clause that makes the problem unsatisfiable is kept as such: every
        // later solve answers no.
        self.scratch.clear();
        self.scratch.extend_from_slice(clause);
        self.solver.add_clause_reuse(&mut self.scratch);
    }

    /// Start a new query on the same encoding: the exclusions added since
    /// the last call are dropped (what the solver learnt from the encoding
    /// itself stays).
    pub(crate) fn new_query(&mut self) {
        if let Some(old) = self.scope {
            self.add(&[!old]);
        }
        self.scope = Some(self.fresh());
    }

    /// Add an exclusion: under the current query's scope, if any.
    fn exclude(&mut self, mut clause: Vec<Lit>) {
        clause.extend(self.scope.map(|s| !s));
        self.add(&clause);
    }

    fn fresh(&mut self) -> Lit {
        Lit::new(self.solver.new_var_default(), true)
    }

    /// The literal `in_a`.
    pub(crate) fn in_lit(&self, a: u32) -> Lit {
        self.inv[a as usize]
    }

    /// The literal `out_a` (some attacker of `a` in; not for stage).
    pub(crate) fn out_lit(&self, a: u32) -> Lit {
        self.outv[a as usize]
    }

    fn key_lits(&self, key: Key) -> &[Lit] {
        match key {
            Key::In => &self.inv,
            Key::Range => &self.rng,
        }
    }

    /// Whether a model satisfies `assumptions`; if not, the assumptions in
    /// the final conflict are available from [`Enc::core`].
    pub(crate) fn solve(&mut self, assumptions: &[Lit]) -> bool {
        if !self.solver.is_ok() {
            return false;
        }
        match self.scope {
            None => self.solver.solve_limited(assumptions) == lbool::TRUE,
            Some(s) => {
                let mut all = Vec::with_capacity(assumptions.len() + 1);
                all.push(s);
                all.extend_from_slice(assumptions);
                self.solver.solve_limited(&all) == lbool::TRUE
            }
        }
    }

    /// The assumptions among `lits` in the final conflict of the last
    /// (unsatisfiable) solve: no model satisfies all of them.
    pub(crate) fn core(&self, lits: &[Lit]) -> Vec<Lit> {
        if !self.solver.is_ok() {
            return Vec::new();
        }
        lits.iter().copied().filter(|&l| self.solver.unsat_core_contains_lit(!l)).collect()
    }

    fn true_in_model(&self, lits: &[Lit]) -> Vec<u32> {
        (0..self.n as u32).filter(|&a| self.solver.value_lit(lits[a as usize]) == lbool::TRUE).collect()
    }

    /// The extension of the last (satisfiable) solve.
    pub(crate) fn extension(&self) -> Extension {
        self.true_in_model(&self.inv)
    }

    /// The key set of the last (satisfiable) solve.
    pub(crate) fn key_set(&self, key: Key) -> Vec<u32> {
        self.true_in_model(self.key_lits(key))
    }

    /// The literals `key_a` for `a` in `set`.
    pub(crate) fn assume(&self, key: Key, set: &[u32]) -> Vec<Lit> {
        let k = self.key_lits(key);
        set.iter().map(|&a| k[a as usize]).collect()
    }

    /// The clause "some key outside `set`" (`set` sorted).
    fn outside(&self, key: Key, set: &[u32]) -> Vec<Lit> {
        let k = self.key_lits(key);
        let mut it = set.iter().peekable();
        let mut clause = Vec::with_capacity(self.n - set.len());
        for a in 0..self.n as u32 {
            if it.peek() == Some(&&a) {
                it.next();
            } else {
                clause.push(k[a as usize]);
            }
        }
        clause
    }

    /// From the model of the last solve, grow to a model whose key set is
    /// maximal (among the models the solver still admits). Returns the
    /// maximal key set and the extension of that model.
    pub(crate) fn grow(&mut self, key: Key) -> (Vec<u32>, Extension) {
        self.grow_under(key, &[])
    }

    /// As [`Enc::grow`], among the models that satisfy `extra` as well.
    pub(crate) fn grow_under(&mut self, key: Key, extra: &[Lit]) -> (Vec<u32>, Extension) {
        let (set, ext) = (self.key_set(key), self.extension());
        self.grow_from(key, set, ext, extra)
    }

    /// As [`Enc::grow_under`], from the model with key set `set` and
    /// extension `ext` rather than the last one.
    pub(crate) fn grow_from(
        &mut self,
        key: Key,
        mut set: Vec<u32>,
        mut ext: Extension,
        extra: &[Lit],
    ) -> (Vec<u32>, Extension) {
        loop {
            let act = self.fresh();
            let mut clause = self.outside(key, &set);
            clause.push(!act);
            self.add(&clause);
            let mut assumptions = self.assume(key, &set);
            assumptions.push(act);
            assumptions.extend_from_slice(extra);
            let more = self.solve(&assumptions);
            if more {
                set = self.key_set(key);
                ext = self.extension();
            }
            self.add(&[!act]);
            // Drop the clauses the spent activation literal satisfies.
            self.solver.simplify();
            if !more {
                return (set, ext);
            }
        }
    }

    /// Exclude every model whose key set is contained in `set` (`set` sorted).
    pub(crate) fn block_subsets(&mut self, key: Key, set: &[u32]) {
        let clause = self.outside(key, set);
        self.exclude(clause);
    }

    /// Exclude the model with extension `ext` (sorted).
    pub(crate) fn block(&mut self, ext: &[u32]) {
        let mut clause = self.outside(Key::In, ext);
        clause.extend(ext.iter().map(|&a| !self.inv[a as usize]));
        self.exclude(clause);
    }
}

/// The extensions of a semantics as a search: the models of `base`, or
/// those with a maximal `key` set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Search {
    pub base: Base,
    pub key: Option<Key>,
}

impl Search {
    pub(crate) fn encode(self, af: &Af) -> Enc {
        Enc::new(af, self.base, self.key == Some(Key::Range))
    }

    /// An extension meeting every requirement of `want` (an argument and
    /// whether it is in); else a subset of `want` that no extension meets.
    ///
    /// Repeatedly: find a model meeting `want` not yet excluded, grow it to a
    /// maximal key set `K`, and ask for a model with key set `K` (which is
    /// then an extension, `K` being maximal) that meets `want`. If there is
    /// none, exclude every key set within `K` and go on. The subset returned
    /// is the union of the cores met on the way: an extension has a key set
    /// either within an excluded `K` (then equal to it, by maximality, so it
    /// misses the core found for `K`) or not (then the last search, which
    /// failed on its core, would have found it).
    pub(crate) fn find(self, enc: &mut Enc, want: &[(u32, bool)]) -> Result<Extension, Vec<(u32, bool)>> {
        let lits: Vec<Lit> = want.iter().map(|&(a, yes)| enc.in_lit(a).apply_sign(yes)).collect();
        let pick = |core: &[Lit]| -> Vec<(u32, bool)> {
            want.iter().zip(&lits).filter(|(_, l)| core.contains(l)).map(|(w, _)| *w).collect()
        };
        let Some(key) = self.key else {
            return if enc.solve(&lits) { Ok(enc.extension()) } else { Err(pick(&enc.core(&lits))) };
        };
        let mut core: Vec<Lit> = Vec::new();
        loop {
            if !enc.solve(&lits) {
                core.extend(enc.core(&lits));
                break;
            }
            let (set, ext) = enc.grow(key);
            if key == Key::In {
                // The key set is the extension: check it directly.
                let unmet: Vec<Lit> = want
                    .iter()
                    .zip(&lits)
                    .filter(|((a, yes), _)| ext.binary_search(a).is_ok() != *yes)
                    .map(|(_, l)| *l)
                    .collect();
                if unmet.is_empty() {
                    return Ok(ext);
                }
                core.extend(unmet);
            } else {
                let mut assumptions = enc.assume(key, &set);
                assumptions.extend_from_slice(&lits);
                if enc.solve(&assumptions) {
                    return Ok(enc.extension());
                }
                core.extend(enc.core(&lits));
            }
            enc.block_subsets(key, &set);
        }
        Err(pick(&core))
    }

    /// Every extension, in a deterministic order, until `visit` says stop.
    pub(crate) fn each(self, enc: &mut Enc, mut visit: impl FnMut(Extension) -> bool) {
        let Some(key) = self.key else {
            while enc.solve(&[]) {
                let ext = enc.extension();
                enc.block(&ext);
                if !visit(ext) {
                    return;
                }
            }
            return;
        };
        while enc.solve(&[]) {
            let (set, ext) = enc.grow(key);
            if key == Key::In {
                if !visit(ext) {
                    return;
                }
            } else {
                // Every model with the maximal range `set`.
                let assumptions = enc.assume(key, &set);
                let mut first = Some(ext);
                loop {
                    let ext = match first.take() {
                        Some(e) => e,
                        None if enc.solve(&assumptions) => enc.extension(),
                        None => break,
                    };
                    enc.block(&ext);
                    if !visit(ext) {
                        return;
                    }
                }
            }
            enc.block_subsets(key, &set);
        }
    }
}
