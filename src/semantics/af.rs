//! An abstract argumentation framework: arguments `0..n` and attacks, kept
//! as compressed rows both ways (what each argument attacks, and what
//! attacks it). Repeated attacks are kept once; self-attacks are allowed.

/// A framework on arguments `0..n`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Af {
    n: usize,
    out_off: Vec<u32>,
    out: Vec<u32>,
    in_off: Vec<u32>,
    inc: Vec<u32>,
}

impl Af {
    /// The framework on `0..n` with `attacks` (attacker, attacked). Every
    /// index must be below `n` (panics otherwise: readers check first).
    /// Repeated attacks count once. Linear time and memory (counting sort).
    pub fn new(n: usize, attacks: &[(u32, u32)]) -> Af {
        assert!(n < u32::MAX as usize, "too many arguments");
        let (out_off, out) = rows(n, attacks.iter().map(|&(a, b)| (a, b)));
        let (in_off, inc) = rows(n, attacks.iter().map(|&(a, b)| (b, a)));
        Af { n, out_off, out, in_off, inc }
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
        self.out.len()
    }

    /// What `a` attacks, in increasing order.
    pub fn attacked_by(&self, a: u32) -> &[u32] {
        &self.out[self.out_off[a as usize] as usize..self.out_off[a as usize + 1] as usize]
    }

    /// What attacks `a`, in increasing order.
    pub fn attackers(&self, a: u32) -> &[u32] {
        &self.inc[self.in_off[a as usize] as usize..self.in_off[a as usize + 1] as usize]
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

/// Compressed rows of `pairs` grouped by their first element, each row
/// sorted and without repeats.
fn rows(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut off = vec![0u32; n + 1];
    for (a, _) in pairs.clone() {
        off[a as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let mut fill = off.clone();
    let mut to = vec![0u32; off[n] as usize];
    for (a, b) in pairs {
        to[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
    }
    // Sort and deduplicate each row, compacting in place.
    let mut w = 0usize;
    let mut new_off = vec![0u32; n + 1];
    for a in 0..n {
        let (s, e) = (off[a] as usize, off[a + 1] as usize);
        to[s..e].sort_unstable();
        let start = w;
        for i in s..e {
            if w == start || to[w - 1] != to[i] {
                to[w] = to[i];
                w += 1;
            }
        }
        new_off[a + 1] = w as u32;
    }
    to.truncate(w);
    (new_off, to)
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
