//! The semantics solvers against a brute-force oracle: on random frameworks
//! of up to 14 arguments, every subset of the arguments is tried against the
//! definitions from the literature (Dung 1995; Caminada 2006 for
//! semi-stable; Verheij 1996 for stage; Dung, Mancarella & Toni 2007 for
//! ideal), and each query of `elenchus::semantics::solve` must agree.

mod common;

use elenchus::semantics::solve::{self, Enumeration};
use elenchus::semantics::{Af, Semantics};
use proptest::prelude::*;

/// Sets of arguments as bit masks.
type Set = u32;

/// The extensions of every semantics by their definitions, over all subsets.
struct Oracle {
    n: usize,
    /// Per semantics (in the order of `Semantics::ALL`), the extensions.
    extensions: Vec<Vec<Set>>,
}

impl Oracle {
    fn new(n: usize, attacks: &[(u32, u32)]) -> Oracle {
        let mut attackers = vec![0 as Set; n];
        let mut targets = vec![0 as Set; n];
        for &(a, b) in attacks {
            attackers[b as usize] |= 1 << a;
            targets[a as usize] |= 1 << b;
        }
        let all: Set = if n == 0 { 0 } else { (1 << n) - 1 };
        let members = |s: Set| (0..n).filter(move |&a| s & (1 << a) != 0);
        // What `s` attacks.
        let plus = |s: Set| members(s).fold(0, |acc, a| acc | targets[a]);
        let conflict_free = |s: Set| s & plus(s) == 0;
        // The arguments `s` defends: each attacker is attacked by `s`.
        let defended = |s: Set| {
            let p = plus(s);
            (0..n).filter(|&a| attackers[a] & !p == 0).fold(0, |acc, a| acc | 1 << a)
        };
        let admissible = |s: Set| conflict_free(s) && s & !defended(s) == 0;
        let complete = |s: Set| conflict_free(s) && defended(s) == s;
        let range = |s: Set| s | plus(s);
        let subsets: Vec<Set> = (0..=all).collect();
        let cf: Vec<Set> = subsets.iter().copied().filter(|&s| conflict_free(s)).collect();
        let adm: Vec<Set> = subsets.iter().copied().filter(|&s| admissible(s)).collect();
        let co: Vec<Set> = subsets.iter().copied().filter(|&s| complete(s)).collect();
        // Grounded: the least complete extension.
        let gr: Vec<Set> = co.iter().copied().filter(|&g| co.iter().all(|&c| g & !c == 0)).collect();
        assert_eq!(gr.len(), 1, "one least complete extension");
        // Preferred: the maximal admissible sets.
        let pr: Vec<Set> = maximal(&adm, |s| s, all);
        let st: Vec<Set> = cf.iter().copied().filter(|&s| range(s) == all).collect();
        // Semi-stable: complete with a maximal range; stage: conflict-free
        // with a maximal range.
        let sst: Vec<Set> = maximal(&co, range, all);
        let stg: Vec<Set> = maximal(&cf, range, all);
        // Ideal: the maximal admissible sets within every preferred one.
        let within: Vec<Set> = adm.iter().copied().filter(|&s| pr.iter().all(|&p| s & !p == 0)).collect();
        let id: Vec<Set> = maximal(&within, |s| s, all);
        assert_eq!(id.len(), 1, "one ideal extension");
        Oracle { n, extensions: vec![gr, co, pr, st, sst, stg, id] }
    }

    fn of(&self, sem: Semantics) -> &[Set] {
        let i = Semantics::ALL.iter().position(|&s| s == sem).expect("a semantics");
        &self.extensions[i]
    }

    fn set(&self, e: &[u32]) -> Set {
        assert!(e.windows(2).all(|w| w[0] < w[1]), "{e:?} is sorted, without repeats");
        e.iter().fold(0, |acc, &a| {
            assert!((a as usize) < self.n);
            acc | 1 << a
        })
    }
}

/// The members of `sets` whose `key` no other member's key strictly contains.
fn maximal(sets: &[Set], key: impl Fn(Set) -> Set, all: Set) -> Vec<Set> {
    // larger[k]: whether some member's key strictly contains k, by going
    // down from the full set one argument at a time.
    let mut is_key = vec![false; all as usize + 1];
    for &s in sets {
        is_key[key(s) as usize] = true;
    }
    let mut larger = vec![false; all as usize + 1];
    for k in (0..=all).rev() {
        let mut free = all & !k;
        while free != 0 {
            let bit = free & free.wrapping_neg();
            free &= free - 1;
            let up = (k | bit) as usize;
            if is_key[up] || larger[up] {
                larger[k as usize] = true;
                break;
            }
        }
    }
    sets.iter().copied().filter(|&s| !larger[key(s) as usize]).collect()
}

fn framework() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (0usize..=14).prop_flat_map(|n| {
        let m = n.max(1) as u32;
        let len = if n == 0 { 0..=0 } else { 0..=3 * n };
        (Just(n), prop::collection::vec((0..m, 0..m), len))
    })
}

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
