//! The semantics solvers against a brute-force oracle: on random frameworks
//! of up to 14 arguments, every subset of the arguments is tried against the
//! definitions from the literature (Dung 1995; Caminada 2006 for
//! semi-stable; Verheij 1996 for stage; Dung, Mancarella & Toni 2007 for
//! ideal), and each query of `elenchus::semantics::solve` must agree.

use crate::common;

use common::oracle::{Oracle, Set, framework};
use elenchus::semantics::solve::{self, Enumeration};
use elenchus::semantics::{Af, Semantics};
use proptest::prelude::*;

fn sorted(mut v: Vec<Set>) -> Vec<Set> {
    v.sort_unstable();
    v
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    /// Enumeration, counting, one extension, credulous and sceptical
    /// acceptance: each as the definitions say, for every semantics.
    #[test]
    fn every_query_as_defined((n, attacks) in framework(), pick in any::<u32>(), limit in 0usize..6) {
        let af = Af::new(n, &attacks);
        let oracle = Oracle::new(n, &attacks);
        for sem in Semantics::ALL {
            let want = oracle.of(sem);
            let all = solve::enumerate(&af, sem, usize::MAX);
            prop_assert!(all.complete);
            let got: Vec<Set> = all.extensions.iter().map(|e| oracle.set(e)).collect();
            let mut dedup = sorted(got.clone());
            dedup.dedup();
            prop_assert_eq!(dedup.len(), got.len(), "{} extensions without repeats", sem);
            prop_assert_eq!(sorted(got.clone()), sorted(want.to_vec()), "{}", sem);
            prop_assert_eq!(solve::count(&af, sem), want.len() as u64, "{}", sem);
            // The limit: the first extensions of the same order.
            let some = solve::enumerate(&af, sem, limit);
            let k = limit.min(got.len());
            prop_assert_eq!(&some, &Enumeration { extensions: all.extensions[..k].to_vec(), complete: got.len() <= limit }, "{}", sem);
            match solve::some_extension(&af, sem) {
                Some(e) => prop_assert!(want.contains(&oracle.set(&e)), "{}", sem),
                None => prop_assert!(want.is_empty(), "{}", sem),
            }
            for a in 0..n as u32 {
                let bit = 1 << a;
                match solve::credulous(&af, sem, a) {
                    Some(w) => {
                        let w = oracle.set(&w);
                        prop_assert!(w & bit != 0 && want.contains(&w), "{} credulous {}", sem, a);
                    }
                    None => prop_assert!(want.iter().all(|e| e & bit == 0), "{} credulous {}", sem, a),
                }
                match solve::sceptical(&af, sem, a) {
                    Ok(()) => prop_assert!(want.iter().all(|e| e & bit != 0), "{} sceptical {}", sem, a),
                    Err(w) => {
                        let w = oracle.set(&w);
                        prop_assert!(w & bit == 0 && want.contains(&w), "{} sceptical {}", sem, a);
                    }
                }
            }
            // A set of arguments: a witness containing it, or a part of it
            // that no extension contains.
            let set: Vec<u32> = (0..n as u32).filter(|a| pick & (1 << a) != 0).collect();
            let s = oracle.set(&set);
            match solve::credulous_set(&af, sem, &set) {
                Ok(w) => {
                    let w = oracle.set(&w);
                    prop_assert!(s & !w == 0 && want.contains(&w), "{} credulous_set {:?}", sem, set);
                }
                Err(core) => {
                    let c = oracle.set(&core);
                    prop_assert!(c & !s == 0, "{} core {:?} within {:?}", sem, core, set);
                    prop_assert!(want.iter().all(|e| c & !e != 0), "{} core {:?} of {:?} in no extension", sem, core, set);
                }
            }
        }
    }

    /// Acceptance of many arguments at once: the same answers as the
    /// definitions (and so as `credulous` and `sceptical`), for every
    /// semantics, on a random selection of arguments in a random order
    /// (with repeats).
    #[test]
    fn acceptance_of_many_at_once((n, attacks) in framework(), picks in prop::collection::vec(any::<u32>(), 0..20)) {
        let af = Af::new(n, &attacks);
        let oracle = Oracle::new(n, &attacks);
        let args: Vec<u32> = if n == 0 { vec![] } else { picks.iter().map(|p| p % n as u32).collect() };
        for sem in Semantics::ALL {
            let want = oracle.of(sem);
            let got = solve::acceptance_all(&af, sem, &args);
            prop_assert_eq!(got.len(), args.len());
            for (&a, &(c, s)) in args.iter().zip(&got) {
                let bit = 1 << a;
                prop_assert_eq!(c, want.iter().any(|e| e & bit != 0), "{} credulous {}", sem, a);
                prop_assert_eq!(s, want.iter().all(|e| e & bit != 0), "{} sceptical {}", sem, a);
                prop_assert_eq!((c, s), (solve::credulous(&af, sem, a).is_some(), solve::sceptical(&af, sem, a).is_ok()));
            }
        }
    }

    /// The inclusions between the semantics, on what the solvers give:
    /// grounded within every complete extension, stable ⊆ semi-stable ⊆
    /// preferred, ideal within every preferred extension, semi-stable and
    /// stage equal to stable when there is a stable extension.
    #[test]
    fn inclusions_between_semantics((n, attacks) in framework()) {
        let af = Af::new(n, &attacks);
        let all = |sem| -> Vec<Vec<u32>> { sorted_ext(solve::enumerate(&af, sem, usize::MAX).extensions) };
        let subset = |a: &[u32], b: &[u32]| a.iter().all(|x| b.contains(x));
        let gr = solve::grounded_extension(&af);
        let (co, pr, st, sst, stg) = (
            all(Semantics::Complete),
            all(Semantics::Preferred),
            all(Semantics::Stable),
            all(Semantics::SemiStable),
            all(Semantics::Stage),
        );
        prop_assert!(co.iter().all(|e| subset(&gr, e)));
        prop_assert!(co.contains(&gr));
        prop_assert!(st.iter().all(|e| sst.contains(e)));
        prop_assert!(sst.iter().all(|e| pr.contains(e)));
        prop_assert!(pr.iter().all(|e| co.contains(e)));
        let id = solve::some_extension(&af, Semantics::Ideal).expect("an ideal extension");
        prop_assert!(pr.iter().all(|e| subset(&id, e)));
        prop_assert!(subset(&gr, &id));
        if !st.is_empty() {
            prop_assert_eq!(&sst, &st);
            prop_assert_eq!(&stg, &st);
        }
    }
}

fn sorted_ext(mut v: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
    v.sort();
    v
}

/// A framework where the search for a preferred extension without `a` can
/// first meet a maximal complete extension without `a` that is not
/// preferred: `{p}` grows only by `D = {d, a}`, which defends itself, while
/// `{q, x}` is preferred, lacks `a`, and holds `x`, an attacker of `D`. A
/// rule-out clause that forgot "unless some attacker of `D` is in" would
/// exclude `{q, x}` and call `a` sceptically accepted. Every numbering of
/// the seven arguments is tried, so the solver meets `{p}` first in some.
#[test]
fn sceptical_preferred_keeps_extensions_holding_an_attacker_of_what_it_ruled_out() {
    // p q x d z y a
    const P: usize = 0;
    const Q: usize = 1;
    const X: usize = 2;
    const D: usize = 3;
    const Z: usize = 4;
    const Y: usize = 5;
    const A: usize = 6;
    let attacks = [(P, Q), (Q, P), (P, X), (X, D), (D, X), (Z, D), (D, Z), (Z, Z), (Y, Y), (Y, A), (D, Y)];
    let mut perm: Vec<u32> = (0..7).collect();
    let mut tried = 0;
    // Heap's algorithm, iteratively: every permutation once.
    let mut c = [0usize; 7];
    let mut i = 0;
    let mut check = |perm: &[u32]| {
        let relabelled: Vec<(u32, u32)> = attacks.iter().map(|&(s, t)| (perm[s], perm[t])).collect();
        let af = Af::new(7, &relabelled);
        let witness = solve::sceptical(&af, Semantics::Preferred, perm[A])
            .expect_err("{q, x} is a preferred extension without a");
        assert!(witness.binary_search(&perm[A]).is_err(), "{perm:?}: {witness:?}");
        let oracle = Oracle::new(7, &relabelled);
        assert!(
            oracle.of(Semantics::Preferred).contains(&oracle.set(&witness)),
            "{perm:?}: {witness:?} is not preferred"
        );
        tried += 1;
    };
    check(&perm);
    while i < 7 {
        if c[i] < i {
            if i % 2 == 0 {
                perm.swap(0, i);
            } else {
                perm.swap(c[i], i);
            }
            check(&perm);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    assert_eq!(tried, 5040);
}
