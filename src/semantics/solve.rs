//! The standard queries under each semantics. Grounded is computed by
//! counting (linear); the others by encoding complete labellings (or
//! conflict-free sets, for stage) into SAT and, where a semantics asks for
//! maximality, by growing a model until no larger one exists (the
//! counter-example guided loop of ICCMA solvers).

use super::ideal::ideal_extension;
use super::sat::{Base, Enc, Key, Search};
use super::scc::{Core, Preferred};
use super::{Af, Extension, Semantics};

/// The label of an argument in a labelling (Caminada): in, out (attacked by
/// an argument that is in) or undecided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    In,
    Out,
    Undecided,
}

/// The extensions found by an enumeration, and whether they are all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enumeration {
    /// In the order found (deterministic for a given framework).
    pub extensions: Vec<Extension>,
    /// False when the limit stopped the enumeration early.
    pub complete: bool,
}

/// The grounded labelling, by counting: linear in arguments plus attacks.
pub fn grounded(af: &Af) -> Vec<Label> {
    let n = af.len();
    // Each argument counts its attackers not yet out; one with none left is
    // in, and what it attacks is out. Every attack is looked at at most twice.
    let mut count: Vec<u32> = (0..n as u32).map(|a| af.attackers(a).len() as u32).collect();
    let mut label = vec![Label::Undecided; n];
    let mut ready: Vec<u32> = (0..n as u32).filter(|&a| count[a as usize] == 0).collect();
    while let Some(a) = ready.pop() {
        label[a as usize] = Label::In;
        for &b in af.attacked_by(a) {
            if label[b as usize] != Label::Undecided {
                continue;
            }
            label[b as usize] = Label::Out;
            for &c in af.attacked_by(b) {
                count[c as usize] -= 1;
                if count[c as usize] == 0 && label[c as usize] == Label::Undecided {
                    ready.push(c);
                }
            }
        }
    }
    label
}

/// The grounded extension (the arguments labelled in), in increasing order.
pub fn grounded_extension(af: &Af) -> Extension {
    in_set(&grounded(af))
}

/// The arguments labelled in, in increasing order.
fn in_set(labels: &[Label]) -> Extension {
    labels.iter().enumerate().filter(|(_, l)| **l == Label::In).map(|(a, _)| a as u32).collect()
}

/// The search for the extensions of `sem` (not grounded or ideal, which are
/// computed directly).
fn search(sem: Semantics) -> Search {
    let (base, key) = match sem {
        Semantics::Grounded | Semantics::Complete | Semantics::Ideal => (Base::Complete, None),
        Semantics::Stable => (Base::Stable, None),
        Semantics::Preferred => (Base::Complete, Some(Key::In)),
        Semantics::SemiStable => (Base::Complete, Some(Key::Range)),
        Semantics::Stage => (Base::ConflictFree, Some(Key::Range)),
    };
    Search { base, key }
}

/// The one extension of a semantics that has one (grounded, ideal).
fn unique(af: &Af, sem: Semantics) -> Option<Extension> {
    match sem {
        Semantics::Grounded => Some(grounded_extension(af)),
        Semantics::Ideal => Some(ideal_extension(af)),
        _ => None,
    }
}

/// Whether every extension of `sem` is complete, so that the grounded
/// labelling settles what it labels: an argument in is in every extension,
/// one out is in none (stage extensions need not be complete).
fn grounded_settles(sem: Semantics) -> bool {
    sem != Semantics::Stage
}

/// Whether `a` is in some extension under `sem`; if so, one such extension
/// (the witness).
pub fn credulous(af: &Af, sem: Semantics, a: u32) -> Option<Extension> {
    credulous_set(af, sem, &[a]).ok()
}

/// An extension under `sem` containing every argument of `set`; else a
/// subset of `set` that no extension contains (from the solver's final
/// conflict under assumptions: a core, not necessarily minimal; for
/// grounded and ideal, and for an argument the grounded labelling puts out,
/// a single argument).
pub fn credulous_set(af: &Af, sem: Semantics, set: &[u32]) -> Result<Extension, Vec<u32>> {
    let mut set = set.to_vec();
    set.sort_unstable();
    set.dedup();
    if let Some(ext) = unique(af, sem) {
        return match set.iter().find(|a| ext.binary_search(a).is_err()) {
            Some(&a) => Err(vec![a]),
            None => Ok(ext),
        };
    }
    if grounded_settles(sem) {
        let labels = grounded(af);
        if let Some(&a) = set.iter().find(|&&a| labels[a as usize] == Label::Out) {
            return Err(vec![a]);
        }
        if sem == Semantics::Complete && set.iter().all(|&a| labels[a as usize] == Label::In) {
            return Ok(in_set(&labels));
        }
    }
    if sem == Semantics::Preferred {
        return credulous_preferred(af, &set);
    }
    let want: Vec<(u32, bool)> = set.iter().map(|&a| (a, true)).collect();
    let search = search(sem);
    search.find(&mut search.encode(af), &want).map_err(|core| core.into_iter().map(|(a, _)| a).collect())
}

/// Preferred semantics is directional: whether some or every preferred
/// extension contains the undecided arguments `roots` is decided on the
/// part of the core that can reach them (`roots` and, transitively, their
/// attackers). Returns that part (core arguments, increasing), its
/// framework, and each root's place in it.
fn upstream(core: &Core, roots: &[u32]) -> (Af, Vec<u32>, Vec<u32>) {
    let roots: Vec<u32> = roots.iter().filter_map(|&a| core.index(a)).collect();
    let (sub, members) = core.af.ancestors(&roots);
    let at = roots.iter().map(|r| members.binary_search(r).expect("root") as u32).collect();
    (sub, members, at)
}

/// A preferred extension of the whole framework whose part in `members`
/// (core arguments closed under attackers, forming `sub`) is `ext`, itself a
/// preferred extension of `sub` (one exists: preferred semantics is
/// directional).
fn complete_from(core: &Core, sub: &Af, members: &[u32], ext: &[u32]) -> Extension {
    let mut search = Preferred::new(core);
    search.preset(members, &Core::labelling(sub, ext));
    search.first()
}

/// [`credulous_set`] under preferred semantics, on the arguments upstream of
/// `set` (sorted, none labelled out by grounded).
fn credulous_preferred(af: &Af, set: &[u32]) -> Result<Extension, Vec<u32>> {
    let core = Core::of(af);
    let (sub, members, at) = upstream(&core, set);
    let want: Vec<(u32, bool)> = at.iter().map(|&i| (i, true)).collect();
    let search = search(Semantics::Preferred);
    match search.find(&mut search.encode(&sub), &want) {
        Ok(ext) => Ok(complete_from(&core, &sub, &members, &ext)),
        Err(c) => Err(c.into_iter().map(|(i, _)| core.old[members[i as usize] as usize]).collect()),
    }
}

/// [`sceptical`] under preferred semantics for an undecided argument `a`:
/// on the arguments upstream of it, first whether some admissible set
/// attacks it (then the preferred extension grown from it is a
/// counter-example, found by one search), else the general search.
fn sceptical_preferred(af: &Af, a: u32) -> Result<(), Extension> {
    let core = Core::of(af);
    match sceptical_upstream(&core, &[a]) {
        None => Ok(()),
        Some((sub, members, ext)) => Err(complete_from(&core, &sub, &members, &ext)),
    }
}

/// Whether the undecided argument `roots[0]` is in every preferred
/// extension, decided upstream of it: `None` if it is, else the upstream
/// part (framework, core arguments) and a preferred extension of it without
/// the argument.
fn sceptical_upstream(core: &Core, roots: &[u32]) -> Option<(Af, Vec<u32>, Extension)> {
    let (sub, members, at) = upstream(core, roots);
    let mut enc = search(Semantics::Preferred).encode(&sub);
    preferred_without(&mut enc, &sub, at[0]).map(|ext| (sub, members, ext))
}

/// A preferred extension of `af` (encoded by `enc`, complete labellings)
/// without `a`, if there is one. The clauses it adds exclude only complete
/// extensions that are in no preferred extension without `a`... and in
/// none at all: they remain valid for any later query on `enc`.
fn preferred_without(enc: &mut Enc, af: &Af, a: u32) -> Option<Extension> {
    if enc.solve(&[enc.out_lit(a)]) {
        return Some(enc.grow(Key::In).1);
    }
    // A complete extension `E` without `a`, grown to a maximal one without
    // `a`. If nothing larger is complete, it is a preferred extension
    // without `a`. Else it grows to `E ∪ D` with `a ∈ D`. Let `B` be the
    // attackers of `D` that `D` does not attack and `C` the members of `E`
    // attacking some of `B`. A complete `F ⊇ C` containing no attacker of
    // `D` is conflict-free with `D` (were `d ∈ D` to attack `f ∈ F`, `F`
    // would defend `f` with an attacker of `d`), and `F ∪ D` is admissible
    // (`C ∪ D` attacks every attacker of `D`): every preferred extension
    // containing `F` contains `a`. So exclude such `F` that lack `a`, and go
    // on. Each round excludes `E`; no preferred extension is excluded.
    let (in_a, not_a) = (enc.in_lit(a), !enc.in_lit(a));
    let mut mark = vec![0u8; af.len()];
    while enc.solve(&[not_a]) {
        let (without, ext) = enc.grow_under(Key::In, &[not_a]);
        let (set, ext) = enc.grow_from(Key::In, without.clone(), ext, &[]);
        if set == without {
            return Some(ext);
        }
        // mark: 1 in D, 2 attacker of D, 4 attacked by D.
        let new: Vec<u32> = set.iter().copied().filter(|d| without.binary_search(d).is_err()).collect();
        for &d in &new {
            mark[d as usize] |= 1;
            for &b in af.attackers(d) {
                mark[b as usize] |= 2;
            }
            for &b in af.attacked_by(d) {
                mark[b as usize] |= 4;
            }
        }
        let mut clause = vec![in_a];
        clause.extend((0..af.len() as u32).filter(|&b| mark[b as usize] & 2 != 0).map(|b| enc.in_lit(b)));
        clause.extend(
            without
                .iter()
                .filter(|&&c| af.attacked_by(c).iter().any(|&b| mark[b as usize] & 6 == 2))
                .map(|&c| !enc.in_lit(c)),
        );
        enc.add(&clause);
        mark.iter_mut().for_each(|m| *m = 0);
    }
    None
}

/// Whether `a` is in every extension under `sem`: `Ok(())` if it is, else
/// `Err(e)` with an extension `e` that does not contain `a`. A framework
/// without stable extensions accepts every argument sceptically (stable).
pub fn sceptical(af: &Af, sem: Semantics, a: u32) -> Result<(), Extension> {
    let labels = grounded(af);
    if labels[a as usize] == Label::In && grounded_settles(sem) {
        return Ok(());
    }
    if sem == Semantics::Complete {
        // The grounded extension is the least complete one.
        return Err(in_set(&labels));
    }
    if let Some(ext) = unique(af, sem) {
        return if ext.binary_search(&a).is_ok() { Ok(()) } else { Err(ext) };
    }
    if sem == Semantics::Preferred {
        if labels[a as usize] == Label::Out {
            return Err(Preferred::new(&Core::of(af)).first());
        }
        return sceptical_preferred(af, a);
    }
    let search = search(sem);
    match search.find(&mut search.encode(af), &[(a, false)]) {
        Ok(ext) => Err(ext),
        Err(_) => Ok(()),
    }
}

/// Credulous and sceptical acceptance under `sem` of each argument of
/// `args` (in that order), as [`credulous`] and [`sceptical`] answer them,
/// for many arguments at once: the grounded labelling settles what it
/// labels (except under stage), the rest is split into parts that no attack
/// joins (the extensions of the whole are the products of theirs), and each
/// part has one incremental solver for all its arguments. Every extension
/// found settles more than the question asked: its members are credulously
/// accepted and the part's other arguments are not sceptically accepted.
pub fn acceptance_all(af: &Af, sem: Semantics, args: &[u32]) -> Vec<(bool, bool)> {
    let labels = grounded(af);
    if let Some(ext) = unique(af, sem) {
        return args.iter().map(|a| ext.binary_search(a).is_ok()).map(|x| (x, x)).collect();
    }
    // Known answers, and the arguments still to decide with their parts.
    let mut known: Vec<(Option<bool>, Option<bool>)> = vec![(None, None); af.len()];
    let mut core = None;
    let (work, old): (Af, Vec<u32>) = if grounded_settles(sem) {
        for (a, &l) in labels.iter().enumerate() {
            known[a] = match l {
                Label::In => (Some(true), Some(true)),
                Label::Out => (Some(false), Some(false)),
                // The grounded extension is a complete one without it.
                Label::Undecided if sem == Semantics::Complete => (None, Some(false)),
                Label::Undecided => (None, None),
            };
        }
        let c = core.insert(Core::of(af));
        (c.af.clone(), c.old.clone())
    } else {
        (af.clone(), (0..af.len() as u32).collect())
    };
    let mut wanted = vec![false; work.len()];
    for &a in args {
        if let Ok(i) = old.binary_search(&a) {
            wanted[i] = true;
        }
    }
    let search = search(sem);
    for part in work.parts() {
        let needed = part.iter().any(|&i| wanted[i as usize]);
        if !needed && sem != Semantics::Stable {
            continue;
        }
        let sub = work.restrict(&part);
        let mut enc = search.encode(&sub);
        if sem == Semantics::Stable && !enc.solve(&[]) {
            // No stable extension at all: nothing credulously, everything
            // sceptically accepted.
            return args.iter().map(|_| (false, true)).collect();
        }
        let of = |i: u32| old[part[i as usize] as usize] as usize;
        // A model of the complete encoding (preferred): its members are in
        // the preferred extensions that contain it, and what it labels out
        // stays out in them.
        let complete_model = |enc: &Enc, known: &mut Vec<(Option<bool>, Option<bool>)>| {
            let ext = enc.extension();
            let labels = Core::labelling(&sub, &ext);
            for (j, l) in labels.into_iter().enumerate() {
                let k = &mut known[of(j as u32)];
                match l {
                    Label::In => k.0 = Some(true),
                    Label::Out => k.1 = Some(false),
                    Label::Undecided => {}
                }
            }
        };
        for i in (0..part.len() as u32).filter(|&i| wanted[part[i as usize] as usize]) {
            if sem == Semantics::Preferred {
                // Credulous preferred is credulous complete: one call; and an
                // argument some complete extension attacks is not sceptically
                // accepted: one more.
                if known[of(i)].0.is_none() {
                    if enc.solve(&[enc.in_lit(i)]) {
                        complete_model(&enc, &mut known);
                    } else {
                        known[of(i)] = (Some(false), Some(false));
                    }
                }
                if known[of(i)].1.is_none() && enc.solve(&[enc.out_lit(i)]) {
                    complete_model(&enc, &mut known);
                }
                // Else decide it upstream: preferred semantics is directional.
                if known[of(i)].1.is_none() {
                    let core = core.as_ref().expect("grounded core");
                    match sceptical_upstream(core, &[core.old[part[i as usize] as usize]]) {
                        None => known[of(i)].1 = Some(true),
                        Some((_, members, ext)) => {
                            // A preferred extension of the upstream part is the
                            // part of some preferred extension of the whole.
                            let mut it = ext.iter().peekable();
                            for (j, &m) in members.iter().enumerate() {
                                let k = &mut known[core.old[m as usize] as usize];
                                if it.peek() == Some(&&(j as u32)) {
                                    it.next();
                                    k.0 = Some(true);
                                } else {
                                    k.1 = Some(false);
                                }
                            }
                        }
                    }
                }
            }
            for yes in [true, false] {
                let k = known[of(i)];
                if (if yes { k.0 } else { k.1 }).is_some() {
                    continue;
                }
                enc.new_query();
                match search.find(&mut enc, &[(i, yes)]) {
                    Ok(ext) => {
                        let mut it = ext.iter().peekable();
                        for j in 0..part.len() as u32 {
                            let k = &mut known[of(j)];
                            if it.peek() == Some(&&j) {
                                it.next();
                                k.0 = Some(true);
                            } else {
                                k.1 = Some(false);
                            }
                        }
                    }
                    // In no extension: not sceptically accepted either (there
                    // are extensions: stable ones were found above).
                    Err(_) if yes => known[of(i)] = (Some(false), Some(false)),
                    Err(_) => known[of(i)].1 = Some(true),
                }
            }
        }
    }
    args.iter()
        .map(|&a| {
            let (c, s) = known[a as usize];
            (c.expect("decided"), s.expect("decided"))
        })
        .collect()
}

/// One extension under `sem`, or `None` if there is none (stable only).
pub fn some_extension(af: &Af, sem: Semantics) -> Option<Extension> {
    if sem == Semantics::Complete {
        return Some(grounded_extension(af));
    }
    if let Some(ext) = unique(af, sem) {
        return Some(ext);
    }
    let search = search(sem);
    search.find(&mut search.encode(af), &[]).ok()
}

/// Every extension under `sem`, in a deterministic order, until `visit`
/// returns false.
pub fn each_extension(af: &Af, sem: Semantics, mut visit: impl FnMut(Extension) -> bool) {
    if let Some(ext) = unique(af, sem) {
        visit(ext);
        return;
    }
    if sem == Semantics::Preferred {
        Preferred::new(&Core::of(af)).each(&mut visit);
        return;
    }
    let search = search(sem);
    search.each(&mut search.encode(af), visit);
}

/// The extensions under `sem`, at most `limit` of them.
pub fn enumerate(af: &Af, sem: Semantics, limit: usize) -> Enumeration {
    let mut found = Enumeration { extensions: Vec::new(), complete: true };
    each_extension(af, sem, |ext| {
        if found.extensions.len() == limit {
            found.complete = false;
            return false;
        }
        found.extensions.push(ext);
        true
    });
    found
}

/// The number of extensions under `sem`.
pub fn count(af: &Af, sem: Semantics) -> u64 {
    let mut n = 0u64;
    each_extension(af, sem, |_| {
        n += 1;
        true
    });
    n
}

/// Many questions "is there an admissible set (equivalently, a complete
/// or a preferred extension) containing all of this set?" on one
/// framework, answered by one incremental solver under assumptions: the
/// framework is encoded once, as its admissible sets. The solver decides
/// arguments out of the set first: the question is whether one exists, and
/// a small one is found with fewer conflicts than a complete extension.
pub struct JointAcceptance {
    enc: super::sat::Enc,
}

impl JointAcceptance {
    pub fn new(af: &Af) -> JointAcceptance {
        JointAcceptance { enc: Enc::deciding(af, Base::Admissible, false, false) }
    }

    /// An admissible set containing every argument of `set`, or else a
    /// part of `set` that no admissible set contains (from the solver's
    /// final conflict: often much smaller than `set`, never empty).
    pub fn query(&mut self, set: &[u32]) -> Result<Extension, Vec<u32>> {
        let lits: Vec<_> = set.iter().map(|&a| self.enc.in_lit(a)).collect();
        if self.enc.solve(&lits) {
            return Ok(self.enc.extension());
        }
        let mut core = self.enc.core(&lits);
        core.sort_unstable();
        let part: Vec<u32> =
            set.iter().zip(&lits).filter(|(_, l)| core.binary_search(l).is_ok()).map(|(&a, _)| a).collect();
        Err(if part.is_empty() { set.to_vec() } else { part })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Semantics::*;

    /// Textbook frameworks on arguments a, b, c, ... (0, 1, 2, ...) and
    /// their extensions under each semantics, in the order of
    /// `Semantics::ALL`: grounded, complete, preferred, stable, semi-stable,
    /// stage, ideal.
    /// A name, the number of arguments, the attacks, and the extensions.
    type Textbook = (&'static str, usize, Vec<(u32, u32)>, [&'static [&'static str]; 7]);

    fn textbook() -> Vec<Textbook> {
        vec![
            ("empty", 0, vec![], [&[""], &[""], &[""], &[""], &[""], &[""], &[""]]),
            // Dung 1995, the Nixon diamond: two arguments attacking each other.
            (
                "even cycle",
                2,
                vec![(0, 1), (1, 0)],
                [&[""], &["", "a", "b"], &["a", "b"], &["a", "b"], &["a", "b"], &["a", "b"], &[""]],
            ),
            // Reinstatement: c is defended by a against b.
            ("reinstatement", 3, vec![(0, 1), (1, 2)], [&["ac"], &["ac"], &["ac"], &["ac"], &["ac"], &["ac"], &["ac"]]),
            // Dung 1995: an odd cycle has no stable extension.
            ("odd cycle", 3, vec![(0, 1), (1, 2), (2, 0)], [&[""], &[""], &[""], &[], &[""], &["a", "b", "c"], &[""]]),
            ("self-attacker", 2, vec![(0, 0), (0, 1)], [&[""], &[""], &[""], &[], &[""], &["b"], &[""]]),
            // Floating defeat: d is in every preferred extension, not in the
            // grounded or ideal one ({d} does not defend itself against c).
            (
                "floating defeat",
                4,
                vec![(0, 1), (1, 0), (0, 2), (1, 2), (2, 3)],
                [&[""], &["", "ad", "bd"], &["ad", "bd"], &["ad", "bd"], &["ad", "bd"], &["ad", "bd"], &[""]],
            ),
            // Ideal beyond grounded: b attacks itself, so a alone survives.
            ("ideal", 2, vec![(0, 1), (1, 0), (1, 1)], [&[""], &["", "a"], &["a"], &["a"], &["a"], &["a"], &["a"]]),
            // Caminada 2006: preferred {a} is not semi-stable; {b, d} is stable.
            (
                "semi-stable",
                5,
                vec![(0, 1), (1, 0), (1, 2), (2, 3), (3, 4), (4, 2)],
                [&[""], &["", "a", "bd"], &["a", "bd"], &["bd"], &["bd"], &["bd"], &[""]],
            ),
            // No stable extension; semi-stable picks the larger range, stage
            // may take an argument the grounded labelling puts out (d).
            (
                "stage",
                4,
                vec![(0, 1), (1, 0), (1, 2), (2, 2), (0, 3), (3, 3)],
                [&[""], &["", "a", "b"], &["a", "b"], &[], &["a", "b"], &["a", "b"], &[""]],
            ),
            (
                "stage not complete",
                4,
                vec![(0, 1), (1, 2), (2, 2), (1, 3), (3, 3)],
                [&["a"], &["a"], &["a"], &[], &["a"], &["a", "b"], &["a"]],
            ),
        ]
    }

    fn names(e: &[u32]) -> String {
        e.iter().map(|&a| char::from(b'a' + a as u8)).collect()
    }

    #[test]
    fn textbook_frameworks_under_every_semantics() {
        for (name, n, attacks, expected) in textbook() {
            let af = Af::new(n, &attacks);
            for (sem, want) in Semantics::ALL.into_iter().zip(expected) {
                let all = enumerate(&af, sem, usize::MAX);
                assert!(all.complete);
                let mut got: Vec<String> = all.extensions.iter().map(|e| names(e)).collect();
                got.sort();
                assert_eq!(got, want, "{name}, {sem}");
                assert_eq!(count(&af, sem), want.len() as u64, "{name}, {sem}");
                match some_extension(&af, sem) {
                    Some(e) => assert!(want.contains(&names(&e).as_str()), "{name}, {sem}"),
                    None => assert!(want.is_empty(), "{name}, {sem}"),
                }
                for a in 0..n as u32 {
                    let x = char::from(b'a' + a as u8);
                    let holds = want.iter().filter(|e| e.contains(x)).count();
                    match credulous(&af, sem, a) {
                        Some(w) => assert!(w.contains(&a) && want.contains(&names(&w).as_str()), "{name}, {sem}, {x}"),
                        None => assert_eq!(holds, 0, "{name}, {sem}, {x}"),
                    }
                    match sceptical(&af, sem, a) {
                        Ok(()) => assert_eq!(holds, want.len(), "{name}, {sem}, {x}"),
                        Err(w) => assert!(!w.contains(&a) && want.contains(&names(&w).as_str()), "{name}, {sem}, {x}"),
                    }
                }
            }
        }
    }

    #[test]
    fn credulous_set_gives_a_witness_or_a_core() {
        // Floating defeat: a and b exclude each other; a and d go together.
        let af = Af::new(4, &[(0, 1), (1, 0), (0, 2), (1, 2), (2, 3)]);
        assert_eq!(credulous_set(&af, Preferred, &[3, 0]), Ok(vec![0, 3]));
        assert_eq!(credulous_set(&af, Complete, &[0, 1, 3]), Err(vec![0, 1]));
        assert_eq!(credulous_set(&af, Stable, &[1, 0]), Err(vec![0, 1]));
        assert_eq!(credulous_set(&af, Grounded, &[3]), Err(vec![3]));
        assert_eq!(credulous_set(&af, Grounded, &[]), Ok(vec![]));
        // An argument the grounded labelling puts out is a core by itself.
        let chain = Af::new(3, &[(0, 1), (1, 2)]);
        assert_eq!(credulous_set(&chain, SemiStable, &[0, 1]), Err(vec![1]));
        // Without stable extensions nothing is needed for the conflict.
        let odd = Af::new(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(credulous_set(&odd, Stable, &[0]), Err(vec![]));
    }

    #[test]
    fn enumeration_stops_at_the_limit() {
        // Three independent even cycles: 8 preferred extensions, 27 complete.
        let af = Af::new(6, &[(0, 1), (1, 0), (2, 3), (3, 2), (4, 5), (5, 4)]);
        assert_eq!(count(&af, Preferred), 8);
        assert_eq!(count(&af, Complete), 27);
        let some = enumerate(&af, Preferred, 5);
        assert_eq!((some.extensions.len(), some.complete), (5, false));
        let all = enumerate(&af, Preferred, 8);
        assert_eq!((all.extensions.len(), all.complete), (8, true));
        assert_eq!(enumerate(&af, Grounded, 0), Enumeration { extensions: vec![], complete: false });
        assert_eq!(enumerate(&af, Preferred, 5), some, "deterministic");
    }

    /// Joint questions on random frameworks of five arguments, one solver
    /// per framework for every set asked, against brute force: an answer
    /// yes is an admissible set holding the set; an answer no names a part
    /// of the set that no admissible set holds.
    #[test]
    fn joint_acceptance_answers_as_brute_force() {
        let n = 5u32;
        let subsets = |bits: u32| -> Vec<u32> { (0..n).filter(|&a| bits & (1 << a) != 0).collect() };
        let admissible = |af: &Af, set: &[u32]| {
            let has = |x: &u32| set.contains(x);
            set.iter().all(|&a| af.attackers(a).iter().all(|&b| !has(&b) && af.attackers(b).iter().any(has)))
        };
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let (mut yes, mut no) = (0, 0);
        for _ in 0..300 {
            let attacks: Vec<(u32, u32)> = (0..n)
                .flat_map(|a| (0..n).map(move |b| (a, b)))
                .filter(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state % 100 < 25
                })
                .collect();
            let af = Af::new(n as usize, &attacks);
            let mut joint = JointAcceptance::new(&af);
            for s in 0..1u32 << n {
                let set = subsets(s);
                let holds = |part: &[u32]| {
                    let bits: u32 = part.iter().map(|&a| 1 << a).sum();
                    (0..1u32 << n).any(|t| t & bits == bits && admissible(&af, &subsets(t)))
                };
                match joint.query(&set) {
                    Ok(ext) => {
                        yes += 1;
                        assert!(set.iter().all(|a| ext.contains(a)) && admissible(&af, &ext), "{attacks:?} {set:?}");
                    }
                    Err(part) => {
                        no += 1;
                        assert!(part.iter().all(|a| set.contains(a)) && !holds(&part), "{attacks:?} {set:?}");
                    }
                }
            }
        }
        assert!(yes > 0 && no > 0);
    }
}
