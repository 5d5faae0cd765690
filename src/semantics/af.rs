//! An abstract argumentation framework: arguments `0..n` and attacks, kept
//! as compressed rows both ways (what each argument attacks, and what
//! attacks it). Repeated attacks are kept once; self-attacks are allowed.

use crate::graph::Index;

/// A framework on arguments `0..n`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Af {
    n: usize,
    /// What each argument attacks.
    out: Index,
    /// What attacks each argument.
    inc: Index,
}

impl Af {
    /// The framework on `0..n` with `attacks` (attacker, attacked). Every
    /// index must be below `n` (panics otherwise: readers check first).
    /// Repeated attacks count once. Linear time and memory (counting sort).
    pub fn new(n: usize, attacks: &[(u32, u32)]) -> Af {
        assert!(n < u32::MAX as usize, "too many arguments");
        let out = Index::build(n, attacks.iter().map(|&(a, b)| (a, b))).into_sorted_sets();
        let inc = Index::build(n, attacks.iter().map(|&(a, b)| (b, a))).into_sorted_sets();
        Af { n, out, inc }
    }

    /// The number of arguments.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The number of distinct attacks.
    pub fn attack_count(&self) -> usize {
        self.out.total()
    }

    /// What `a` attacks, in increasing order.
    pub fn attacked_by(&self, a: u32) -> &[u32] {
        self.out.get(a)
    }

    /// What attacks `a`, in increasing order.
    pub fn attackers(&self, a: u32) -> &[u32] {
        self.inc.get(a)
    }

    /// Whether `a` attacks `b`.
    pub fn attacks(&self, a: u32, b: u32) -> bool {
        self.attacked_by(a).binary_search(&b).is_ok()
    }

    /// Whether `a` attacks itself.
    pub fn self_attacking(&self, a: u32) -> bool {
        self.attacks(a, a)
    }

    /// Every attack (attacker, attacked), by attacker then attacked.
    pub fn attack_pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.n as u32).flat_map(move |a| self.attacked_by(a).iter().map(move |&b| (a, b)))
    }
}

impl Af {
    /// The part of the framework that can reach `roots` along attacks
    /// (the roots and, transitively, their attackers), as a framework of its
    /// own, with the argument of `self` each of its arguments stands for (in
    /// increasing order). Nothing outside it attacks into it, so under the
    /// semantics that are directional (grounded, complete, preferred, ideal;
    /// Baroni and Giacomin 2007) whether a set of roots is in some or every
    /// extension is decided on this part alone. Linear in its size.
    pub fn ancestors(&self, roots: &[u32]) -> (Af, Vec<u32>) {
        self.ancestors_within(roots, usize::MAX).expect("no bound")
    }

    /// As [`Af::ancestors`], but `None` as soon as the part has more than
    /// `max` arguments (the search stops there: its cost is bounded by
    /// `max` and the attacks it looked at, not by the framework).
    pub fn ancestors_within(&self, roots: &[u32], max: usize) -> Option<(Af, Vec<u32>)> {
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<u32> = Vec::new();
        for &r in roots {
            if seen.insert(r) {
                stack.push(r);
            }
        }
        let mut keep = Vec::new();
        while let Some(a) = stack.pop() {
            keep.push(a);
            if keep.len() > max {
                return None;
            }
            for &b in self.attackers(a) {
                if seen.insert(b) {
                    stack.push(b);
                }
            }
        }
        keep.sort_unstable();
        let new_of = |a: u32| keep.binary_search(&a).expect("kept") as u32;
        let attacks: Vec<(u32, u32)> =
            keep.iter().flat_map(|&a| self.attackers(a).iter().map(move |&b| (b, a))).collect();
        let attacks: Vec<(u32, u32)> = attacks.into_iter().map(|(b, a)| (new_of(b), new_of(a))).collect();
        Some((Af::new(keep.len(), &attacks), keep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_sorted_without_repeats() {
        let af = Af::new(3, &[(1, 0), (0, 1), (1, 0), (2, 2), (0, 2)]);
        assert_eq!(af.attack_count(), 4);
        assert_eq!(af.attacked_by(0), [1, 2]);
        assert_eq!(af.attackers(0), [1]);
        assert_eq!(af.attackers(2), [0, 2]);
        assert!(af.self_attacking(2) && !af.self_attacking(0));
        assert_eq!(af.attack_pairs().collect::<Vec<_>>(), [(0, 1), (0, 2), (1, 0), (2, 2)]);
    }

    #[test]
    fn ancestors_keep_what_reaches_the_roots() {
        // 0 → 1 → 2, 3 → 3, 4 → 0, 2 → 5: the ancestors of 2 are 0, 1, 2, 4.
        let af = Af::new(6, &[(0, 1), (1, 2), (3, 3), (4, 0), (2, 5)]);
        let (sub, old) = af.ancestors(&[2]);
        assert_eq!(old, [0, 1, 2, 4]);
        let back: Vec<(u32, u32)> = sub.attack_pairs().map(|(a, b)| (old[a as usize], old[b as usize])).collect();
        assert_eq!(back, [(0, 1), (1, 2), (4, 0)]);
        let (sub, old) = af.ancestors(&[3, 3]);
        assert_eq!((old, sub.attack_pairs().collect::<Vec<_>>()), (vec![3], vec![(0, 0)]));
    }
}
