//! Graph walks used by the rules. All are iterative: no recursion depth is
//! tied to the input, so long chains and big cycles cannot overflow the stack.

/// Strongly connected components, one after another in one vector (a large
/// map has about one component per claim: one allocation, not a million).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Components {
    nodes: Vec<u32>,
    ends: Vec<usize>,
}

impl Components {
    /// The number of components.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The nodes of each component, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> + '_ {
        (0..self.ends.len()).map(move |i| &self[i])
    }
}

impl std::ops::Index<usize> for Components {
    type Output = [u32];
    fn index(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.nodes[start..self.ends[i]]
    }
}

/// Strongly connected components (Tarjan's algorithm, iterative) of the graph
/// on nodes `0..n` whose successors are given by `succ`. Components come in
/// reverse topological order; nodes within a component in discovery order.
pub fn scc<I, F>(n: usize, mut succ: F) -> Components
where
    F: FnMut(u32) -> I,
    I: Iterator<Item = u32>,
{
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut out = Components { nodes: Vec::with_capacity(n), ends: Vec::new() };
    let mut next = 0u32;
    // Call stack of (node, where its successors start and end on `succs`,
    // the next one to visit). The successors of every open call share one
    // stack: no allocation per node.
    let mut calls: Vec<(u32, usize, usize, usize)> = Vec::new();
    let mut succs: Vec<u32> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        // The node to open next: the root, then each unseen successor.
        let mut open = Some(root);
        loop {
            if let Some(w) = open.take() {
                index[w as usize] = next;
                low[w as usize] = next;
                next += 1;
                stack.push(w);
                on_stack[w as usize] = true;
                let start = succs.len();
                succs.extend(succ(w));
                calls.push((w, start, succs.len(), start));
            }
            let Some((v, _, end, pos)) = calls.last_mut() else { break };
            let v = *v;
            if *pos < *end {
                let w = succs[*pos];
                *pos += 1;
                if index[w as usize] == UNSEEN {
                    open = Some(w);
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            // This call's successors are the last on the shared stack.
            let (_, start, _, _) = calls.pop().expect("a call is open");
            succs.truncate(start);
            if let Some((parent, ..)) = calls.last() {
                let p = *parent as usize;
                low[p] = low[p].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let start = out.nodes.len();
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    out.nodes.push(w);
                    if w == v {
                        break;
                    }
                }
                out.nodes[start..].reverse();
                out.ends.push(out.nodes.len());
            }
        }
    }
    out
}

/// Shortest path from `from` to a different node `to` (breadth first) over
/// the edges `succ` gives as (next node, edge id), visiting only nodes for
/// which `allowed` holds. Returns the (node, edge) steps in order.
pub fn shortest_path<I, F, A>(from: u32, to: u32, mut succ: F, allowed: A) -> Option<Vec<(u32, u32)>>
where
    F: FnMut(u32) -> I,
    I: Iterator<Item = (u32, u32)>,
    A: Fn(u32) -> bool,
{
    use std::collections::{HashMap, VecDeque};
    if from == to {
        return Some(Vec::new());
    }
    let mut prev: HashMap<u32, (u32, u32), crate::ids::FastState> = HashMap::default();
    let mut queue = VecDeque::from([from]);
    'search: while let Some(v) = queue.pop_front() {
        for (w, e) in succ(v) {
            if w == from || !allowed(w) || prev.contains_key(&w) {
                continue;
            }
            prev.insert(w, (v, e));
            if w == to {
                break 'search;
            }
            queue.push_back(w);
        }
    }
    let mut path = Vec::new();
    let mut cur = to;
    while cur != from {
        let &(p, e) = prev.get(&cur)?;
        path.push((cur, e));
        cur = p;
    }
    path.reverse();
    Some(path)
}

/// The status of an argument in the grounded labelling of an abstract
/// argumentation framework (Dung 1995): in, out, or undecided.
pub use crate::semantics::Label as Status;

/// The grounded labelling of the framework on arguments `0..n` with the
/// given attacks (attacker, attacked), by the counting algorithm of
/// [`crate::semantics::solve::grounded`]. Self-attacks and repeated attacks
/// are allowed. Time and memory are linear in `n` plus the number of
/// attacks; no recursion.
pub fn grounded(n: usize, attacks: &[(u32, u32)]) -> Vec<Status> {
    crate::semantics::solve::grounded(&crate::semantics::Af::new(n, attacks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adj(edges: &[(u32, u32)]) -> impl Fn(u32) -> std::vec::IntoIter<u32> + '_ {
        move |v| edges.iter().filter(|(a, _)| *a == v).map(|(_, b)| *b).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn components() {
        let e = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3)];
        let mut c: Vec<Vec<u32>> = scc(5, adj(&e)).iter().map(<[u32]>::to_vec).collect();
        for x in &mut c {
            x.sort();
        }
        c.sort();
        assert_eq!(c, vec![vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 200_000u32;
        let c = scc(n as usize, |v| (v + 1 < n).then_some(v + 1).into_iter());
        assert_eq!(c.len(), n as usize);
        let cyc = scc(n as usize, |v| std::iter::once((v + 1) % n));
        assert_eq!(cyc.len(), 1);
        assert_eq!(cyc[0].len(), n as usize);
    }

    #[test]
    fn paths() {
        let e = [(0u32, 1u32), (1, 2), (2, 0), (0, 2)];
        let succ = |v: u32| e.iter().enumerate().filter(move |(_, (a, _))| *a == v).map(|(i, (_, b))| (*b, i as u32));
        assert_eq!(shortest_path(0, 2, succ, |_| true), Some(vec![(2, 3)]));
        assert_eq!(shortest_path(1, 0, succ, |_| true), Some(vec![(2, 1), (0, 2)]));
        assert_eq!(shortest_path(1, 0, succ, |v| v != 2), None);
    }

    #[test]
    fn grounded_labelling() {
        use Status::*;
        // 0 -> 1 -> 2: 0 in, 1 out, 2 in. 3 <-> 4 undecided, 4 -> 5 undecided.
        // 6 attacks itself: undecided. 7 attacks 6 and is unattacked: 6 out.
        let l = grounded(6, &[(0, 1), (1, 2), (3, 4), (4, 3), (4, 5)]);
        assert_eq!(l, vec![In, Out, In, Undecided, Undecided, Undecided]);
        assert_eq!(grounded(1, &[(0, 0)]), vec![Undecided]);
        assert_eq!(grounded(2, &[(0, 0), (1, 0), (1, 0)]), vec![Out, In]);
        assert_eq!(grounded(0, &[]), Vec::<Status>::new());
        // A long chain does not recurse.
        let n = 200_000u32;
        let chain: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let l = grounded(n as usize, &chain);
        assert!(l.iter().enumerate().all(|(i, s)| *s == if i % 2 == 0 { In } else { Out }));
    }
}
