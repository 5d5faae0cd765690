//! The claim graph: the one structure every command reads.
//!
//! Nodes are claims, plus one node for each relation that an `undercuts`
//! targets (so that a relation can be the end of an edge). Edges are the
//! relations, weighted by their index in [`ArgMap::relations`]. Claim `i` is
//! node `i`. Stances are indexed by actor and by claim. Building it is linear
//! in the size of the map.

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::*;

/// A node of the claim graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Claim(ClaimIdx),
    /// A relation that is the target of at least one undercut.
    Relation(RelIdx),
}

/// A compact list of lists (compressed rows), indexed by a dense key.
#[derive(Clone, Debug, Default)]
pub struct Index {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Index {
    /// Build from (key, item) pairs; items keep their order within a key.
    pub fn build(keys: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Index {
        let mut offsets = vec![0u32; keys + 1];
        for (k, _) in pairs.clone() {
            offsets[k as usize + 1] += 1;
        }
        for i in 0..keys {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; offsets[keys] as usize];
        for (k, v) in pairs {
            items[fill[k as usize] as usize] = v;
            fill[k as usize] += 1;
        }
        Index { offsets, items }
    }
    pub fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The claim graph of a map, with its indexes.
#[derive(Debug)]
pub struct ClaimGraph<'m> {
    pub map: &'m ArgMap,
    pub graph: DiGraph<Node, RelIdx, u32>,
    /// The node of each relation that is targeted by an undercut (few of
    /// the relations: a map, not a vector as long as the relations).
    relation_nodes: std::collections::HashMap<RelIdx, NodeIndex, FastState>,
    /// The kind of each relation, by index: the walks below filter on it
    /// without reading the relation itself (a cache miss each on a large map).
    kinds: Vec<RelationKind>,
    /// Stances of each actor, in file order.
    pub stances_by_actor: Index,
    /// Stances on each claim, in file order.
    pub stances_by_claim: Index,
}

impl<'m> ClaimGraph<'m> {
    /// Build the graph of a loaded map.
    pub fn build(map: &'m ArgMap) -> ClaimGraph<'m> {
        // At most one node per undercut besides the claims: no regrowing.
        let undercuts = map.relations.iter().filter(|r| matches!(r.to, Target::Relation(_))).count();
        let mut graph = DiGraph::with_capacity(map.claims.len() + undercuts, map.relations.len());
        for i in 0..map.claims.len() {
            graph.add_node(Node::Claim(i as ClaimIdx));
        }
        let mut relation_nodes: std::collections::HashMap<RelIdx, NodeIndex, FastState> =
            std::collections::HashMap::with_capacity_and_hasher(undercuts, FastState::default());
        for (i, r) in map.relations.iter().enumerate() {
            let to = match r.to {
                Target::Claim(c) => NodeIndex::new(c as usize),
                Target::Relation(t) => *relation_nodes.entry(t).or_insert_with(|| graph.add_node(Node::Relation(t))),
            };
            graph.add_edge(NodeIndex::new(r.from as usize), to, i as RelIdx);
        }
        let stances = map.stances.iter().enumerate();
        let stances_by_actor = Index::build(map.actors.len(), stances.clone().map(|(i, s)| (s.actor, i as StanceIdx)));
        let stances_by_claim = Index::build(map.claims.len(), stances.map(|(i, s)| (s.claim, i as StanceIdx)));
        let kinds = map.relations.iter().map(|r| r.kind).collect();
        ClaimGraph { map, graph, relation_nodes, kinds, stances_by_actor, stances_by_claim }
    }

    /// The node of a claim.
    pub fn claim_node(&self, c: ClaimIdx) -> NodeIndex {
        NodeIndex::new(c as usize)
    }

    /// The node of a relation, when some undercut targets it.
    pub fn relation_node(&self, r: RelIdx) -> Option<NodeIndex> {
        self.relation_nodes.get(&r).copied()
    }

    /// Relations leaving a claim (as written: `from` is the claim).
    pub fn outgoing(&self, c: ClaimIdx) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        self.edges(self.claim_node(c), Direction::Outgoing)
    }

    /// Relations arriving at a claim (as written: `to` is the claim).
    pub fn incoming(&self, c: ClaimIdx) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        self.edges(self.claim_node(c), Direction::Incoming)
    }

    /// Undercuts that target a relation.
    pub fn undercuts_of(&self, r: RelIdx) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        self.relation_node(r).into_iter().flat_map(move |n| self.edges(n, Direction::Incoming))
    }

    fn edges(&self, n: NodeIndex, dir: Direction) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        let map = self.map;
        self.graph.edges_directed(n, dir).map(move |e: EdgeReference<'_, RelIdx>| {
            let r = *e.weight();
            (r, &map.relations[r as usize])
        })
    }

    /// Claims that `c` contradicts or that contradict `c` (the relation is symmetric).
    pub fn contradictions(&self, c: ClaimIdx) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        self.targets(c, RelationKind::Contradicts).chain(self.sources(c, RelationKind::Contradicts))
    }

    /// The claims `c` points at, with the relation and its kind (in the
    /// order of [`outgoing`](Self::outgoing); undercuts point at relations
    /// and are left out). Read from the graph alone, not from the relations.
    pub fn claim_targets(&self, c: ClaimIdx) -> impl Iterator<Item = (ClaimIdx, RelIdx, RelationKind)> + '_ {
        let claims = self.map.claims.len();
        self.graph.edges_directed(self.claim_node(c), Direction::Outgoing).filter_map(move |e| {
            let (t, ri) = (e.target().index(), *e.weight());
            (t < claims).then(|| (t as ClaimIdx, ri, self.kinds[ri as usize]))
        })
    }

    /// Claims `c` points at by relations of one kind.
    pub fn targets(&self, c: ClaimIdx, kind: RelationKind) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        self.claim_targets(c).filter(move |&(_, _, k)| k == kind).map(|(t, ri, _)| (t, ri))
    }

    /// Claims that point at `c` by relations of one kind.
    pub fn sources(&self, c: ClaimIdx, kind: RelationKind) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        self.graph
            .edges_directed(self.claim_node(c), Direction::Incoming)
            .filter(move |e| self.kinds[*e.weight() as usize] == kind)
            .map(|e| (e.source().index() as ClaimIdx, *e.weight()))
    }

    /// Stances of an actor.
    pub fn actor_stances(&self, a: ActorIdx) -> impl Iterator<Item = (StanceIdx, &'m Stance)> + '_ {
        let map = self.map;
        self.stances_by_actor.get(a).iter().map(move |&s| (s, &map.stances[s as usize]))
    }

    /// Stances on a claim.
    pub fn claim_stances(&self, c: ClaimIdx) -> impl Iterator<Item = (StanceIdx, &'m Stance)> + '_ {
        let map = self.map;
        self.stances_by_claim.get(c).iter().map(move |&s| (s, &map.stances[s as usize]))
    }
}

/// A fast hasher for the maps the loader and the checks build over ids and
/// indices (millions of entries on a large map). Std's default SipHash costs
/// more than the rest of a lookup there. This one folds 8 bytes at a time
/// with a 64×64→128-bit multiply; it starts from a random per-process seed,
/// so a hostile map cannot be crafted to make its keys collide.
#[derive(Clone, Copy, Debug)]
pub struct FastState {
    seed: u64,
}

impl Default for FastState {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1
        });
        FastState { seed }
    }
}

impl std::hash::BuildHasher for FastState {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher { h: self.seed }
    }
}

/// The hasher of [`FastState`].
#[derive(Clone, Copy, Debug)]
pub struct FastHasher {
    h: u64,
}

const FOLD_K: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.h;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = fold(h ^ w, FOLD_K);
        }
        // The last 1 to 7 bytes, read without a copy into a buffer (a call
        // to `memcpy` and a stalled load, once the costliest part of hashing
        // an id): two overlapping 4-byte reads, or the first, middle and last
        // byte. With the length mixed in, distinct tails give distinct words.
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            let w = if n >= 4 {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | (u64::from(hi) << 32)
            } else {
                u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
            };
            h = fold(h ^ w, FOLD_K ^ n as u64);
        }
        self.h = h;
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.h = fold(self.h ^ n, FOLD_K);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        fold(self.h, FOLD_K.rotate_left(17))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::FastState;

    #[test]
    fn fast_hash_tells_short_strings_apart() {
        // Every string of 0 to 3 bytes over a small alphabet, and longer ones
        // differing in one byte of the tail: no two hash alike.
        let state = FastState::default();
        let alphabet = b"ab-\xff";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=3 {
            let prev: Vec<Vec<u8>> = words.iter().filter(|w| w.len() == len - 1).cloned().collect();
            for w in prev {
                for &c in alphabet {
                    let mut x = w.clone();
                    x.push(c);
                    words.push(x);
                }
            }
        }
        for len in 4..=23 {
            for at in 0..len {
                let mut w = vec![b'x'; len];
                w[at] = b'y';
                words.push(w);
            }
        }
        let hashes: HashSet<u64> = words.iter().map(|w| state.hash_one(w.as_slice())).collect();
        assert_eq!(hashes.len(), words.len());
    }
}
