//! The standard queries under each semantics. Grounded is computed by
//! counting (linear); the others by encoding complete labellings (or
//! conflict-free sets, for stage) into SAT and, where a semantics asks for
//! maximality, by growing a model until no larger one exists (the
//! counter-example guided loop of ICCMA solvers).

use super::ideal::ideal_extension;
use super::sat::{Base, Key, Search};
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
    let (sub, members, at) = upstream(&core, &[a]);
    let search = search(Semantics::Preferred);
    let mut enc = search.encode(&sub);
    let ext = if enc.solve(&[enc.out_lit(at[0])]) {
        enc.grow(Key::In).1
    } else {
        match search.find(&mut enc, &[(at[0], false)]) {
            Ok(ext) => ext,
            Err(_) => return Ok(()),
        }
    };
    Err(complete_from(&core, &sub, &members, &ext))
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
}
