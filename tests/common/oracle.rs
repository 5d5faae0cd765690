//! A brute-force oracle of the semantics, for tests: on a framework of up
//! to about 14 arguments, every subset of the arguments is tried against the
//! definitions from the literature (Dung 1995; Caminada 2006 for
//! semi-stable; Verheij 1996 for stage; Dung, Mancarella & Toni 2007 for
//! ideal). Written apart from the solvers, which it checks.

use elenchus::semantics::Semantics;
use proptest::prelude::*;

/// Sets of arguments as bit masks.
pub type Set = u32;

/// The extensions of every semantics by their definitions, over all subsets.
pub struct Oracle {
    pub n: usize,
    /// Per semantics (in the order of `Semantics::ALL`), the extensions.
    pub extensions: Vec<Vec<Set>>,
}

impl Oracle {
    pub fn new(n: usize, attacks: &[(u32, u32)]) -> Oracle {
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

    pub fn of(&self, sem: Semantics) -> &[Set] {
        let i = Semantics::ALL.iter().position(|&s| s == sem).expect("a semantics");
        &self.extensions[i]
    }

    pub fn set(&self, e: &[u32]) -> Set {
        assert!(e.windows(2).all(|w| w[0] < w[1]), "{e:?} is sorted, without repeats");
        e.iter().fold(0, |acc, &a| {
            assert!((a as usize) < self.n);
            acc | 1 << a
        })
    }
}

/// The members of `sets` whose `key` no other member's key strictly contains.
pub fn maximal(sets: &[Set], key: impl Fn(Set) -> Set, all: Set) -> Vec<Set> {
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

/// A random framework of up to 14 arguments: (n, attacks), repeats and
/// self-attacks allowed.
pub fn framework() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (0usize..=14).prop_flat_map(|n| {
        let m = n.max(1) as u32;
        let len = if n == 0 { 0..=0 } else { 0..=3 * n };
        (Just(n), prop::collection::vec((0..m, 0..m), len))
    })
}
