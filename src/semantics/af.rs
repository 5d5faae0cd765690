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

    /// [`Af::new`] for attacks without repeats, in increasing order of
    /// attacker then attacked, or of attacked then attacker: the rows then
    /// come out sorted, and are not sorted again.
    pub fn from_sorted(n: usize, attacks: &[(u32, u32)]) -> Af {
        assert!(n < u32::MAX as usize, "too many arguments");
        debug_assert!(
            attacks.windows(2).all(|w| w[0] < w[1]) || attacks.windows(2).all(|w| (w[0].1, w[0].0) < (w[1].1, w[1].0)),
            "attacks in order, without repeats"
        );
        let out = Index::build(n, attacks.iter().map(|&(a, b)| (a, b)));
        let inc = Index::build(n, attacks.iter().map(|&(a, b)| (b, a)));
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

    /// The rank of the attack of `a` on `b` among all attacks, by attacker
    /// then attacked (the order of [`Af::attack_pairs`]); `None` when `a`
    /// does not attack `b`. A search in `a`'s row only.
    pub fn attack_rank(&self, a: u32, b: u32) -> Option<usize> {
        self.attacked_by(a).binary_search(&b).ok().map(|i| self.out.start(a) + i)
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
    /// `max` and the attacks it looked at, plus one bit per argument of the
    /// framework for what it has seen).
    pub fn ancestors_within(&self, roots: &[u32], max: usize) -> Option<(Af, Vec<u32>)> {
        // One bit per argument: what has been seen.
        let mut seen = vec![0u64; self.n.div_ceil(64)];
        let mut insert = |a: u32| {
            let (w, bit) = (a as usize / 64, 1u64 << (a % 64));
            let new = seen[w] & bit == 0;
            seen[w] |= bit;
            new
        };
        let mut stack: Vec<u32> = Vec::new();
        for &r in roots {
            if insert(r) {
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
                if insert(b) {
                    stack.push(b);
                }
            }
        }
        keep.sort_unstable();
        Some((self.restrict(&keep), keep))
    }

    /// The framework on the arguments `keep` (increasing, without repeats)
    /// and the attacks between them; argument `i` of the result stands for
    /// `keep[i]`. Linear in the attacks on `keep` when `keep` is a large
    /// part of the framework; a small part is looked up by binary search,
    /// so the cost never depends on the size of the whole framework.
    pub fn restrict(&self, keep: &[u32]) -> Af {
        let mut attacks: Vec<(u32, u32)> = Vec::new();
        if keep.len() >= self.n / 16 {
            let mut new_of = vec![u32::MAX; self.n];
            for (i, &a) in keep.iter().enumerate() {
                new_of[a as usize] = i as u32;
            }
            for (i, &a) in keep.iter().enumerate() {
                attacks.extend(self.attackers(a).iter().filter_map(|&b| {
                    let nb = new_of[b as usize];
                    (nb != u32::MAX).then_some((nb, i as u32))
                }));
            }
        } else {
            for (i, &a) in keep.iter().enumerate() {
                attacks.extend(
                    self.attackers(a).iter().filter_map(|b| keep.binary_search(b).ok().map(|nb| (nb as u32, i as u32))),
                );
            }
        }
        // By attacked, then attacker.
        Af::from_sorted(keep.len(), &attacks)
    }

    /// The strongly connected components (arguments attacking each other,
    /// directly or through others), each in increasing order, attackers'
    /// components before the components they attack. Tarjan's algorithm,
    /// without recursion: linear in arguments plus attacks.
    pub fn sccs(&self) -> Vec<Vec<u32>> {
        const NONE: u32 = u32::MAX;
        let n = self.n;
        let (mut index, mut low) = (vec![NONE; n], vec![0u32; n]);
        let mut on_stack = vec![false; n];
        let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0u32);
        // The path of the depth-first search: an argument and how many of
        // its attackers have been followed.
        let mut path: Vec<(u32, usize)> = Vec::new();
        for s in 0..n as u32 {
            if index[s as usize] != NONE {
                continue;
            }
            macro_rules! enter {
                ($v:expr) => {{
                    let v: u32 = $v;
                    index[v as usize] = next;
                    low[v as usize] = next;
                    next += 1;
                    stack.push(v);
                    on_stack[v as usize] = true;
                    path.push((v, 0));
                }};
            }
            enter!(s);
            while let Some(&(v, i)) = path.last() {
                let att = self.attackers(v);
                if let Some(&w) = att.get(i) {
                    path.last_mut().expect("non-empty").1 += 1;
                    if index[w as usize] == NONE {
                        enter!(w);
                    } else if on_stack[w as usize] {
                        low[v as usize] = low[v as usize].min(index[w as usize]);
                    }
                    continue;
                }
                path.pop();
                if let Some(&(p, _)) = path.last() {
                    low[p as usize] = low[p as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comp.sort_unstable();
                    out.push(comp);
                }
            }
        }
        out
    }

    /// The parts of the framework that no attack joins (weakly connected
    /// components), each in increasing order, by their least argument.
    pub fn parts(&self) -> Vec<Vec<u32>> {
        let n = self.n;
        let mut part = vec![u32::MAX; n];
        let mut out: Vec<Vec<u32>> = Vec::new();
        for s in 0..n as u32 {
            if part[s as usize] != u32::MAX {
                continue;
            }
            let id = out.len() as u32;
            part[s as usize] = id;
            let (mut members, mut stack) = (Vec::new(), vec![s]);
            while let Some(a) = stack.pop() {
                members.push(a);
                for &b in self.attackers(a).iter().chain(self.attacked_by(a)) {
                    if part[b as usize] == u32::MAX {
                        part[b as usize] = id;
                        stack.push(b);
                    }
                }
            }
            members.sort_unstable();
            out.push(members);
        }
        out
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

    #[test]
    fn components_attackers_first() {
        // 0 ⇄ 1 → 2 ⇄ 3 → 4 → 4, and 5 ⇄ 6 apart; 2 → 7.
        let af = Af::new(8, &[(0, 1), (1, 0), (1, 2), (2, 3), (3, 2), (3, 4), (4, 4), (5, 6), (6, 5), (2, 7)]);
        let sccs = af.sccs();
        let pos = |a: u32| sccs.iter().position(|c| c.contains(&a)).unwrap();
        let mut sorted = sccs.clone();
        sorted.sort();
        assert_eq!(sorted, [vec![0, 1], vec![2, 3], vec![4], vec![5, 6], vec![7]]);
        assert!(pos(0) < pos(2) && pos(2) < pos(4) && pos(2) < pos(7));
        assert_eq!(af.parts(), [vec![0, 1, 2, 3, 4, 7], vec![5, 6]]);
        let sub = af.restrict(&[1, 2, 4, 7]);
        assert_eq!(sub.attack_pairs().collect::<Vec<_>>(), [(0, 1), (1, 3), (2, 2)]);
    }
}
