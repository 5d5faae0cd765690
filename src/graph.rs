//! The claim graph: the one structure every command reads.
//!
//! Nodes are claims, plus one node for each relation that an `undercuts`
//! targets (so that a relation can be the end of an edge) and one for each
//! relation with linked premises (its junction). Edges are the relations,
//! weighted by their index in [`ArgMap::relations`]: a linked relation is an
//! edge from each premise to its junction and one from the junction to its
//! target. Claim `i` is node `i`. Stances are indexed by actor and by claim. Building it is linear
//! in the size of the map.

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeReference, NodeIndex};

use crate::model::*;

/// A node of the claim graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Claim(ClaimIdx),
    /// A relation that is the target of at least one undercut, or that has
    /// linked premises (the junction its premises join).
    Relation(RelIdx),
}

/// A compact list of lists (compressed rows), indexed by a dense key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

    /// Each row sorted and without repeats (rows as sets), compacted in place.
    pub fn into_sorted_sets(mut self) -> Index {
        let mut w = 0usize;
        for k in 0..self.offsets.len().saturating_sub(1) {
            let (s, e) = (self.offsets[k] as usize, self.offsets[k + 1] as usize);
            self.items[s..e].sort_unstable();
            let start = w;
            for i in s..e {
                if w == start || self.items[w - 1] != self.items[i] {
                    self.items[w] = self.items[i];
                    w += 1;
                }
            }
            self.offsets[k] = start as u32;
        }
        if let Some(last) = self.offsets.last_mut() {
            *last = w as u32;
        }
        self.items.truncate(w);
        self
    }

    /// The number of items in all rows.
    pub fn total(&self) -> usize {
        self.items.len()
    }

    /// Where row `key` starts among the items of all rows (in row order).
    pub fn start(&self, key: u32) -> usize {
        self.offsets.get(key as usize).map_or(self.items.len(), |&a| a as usize)
    }

    pub fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// One claim-to-claim edge as the walks read it: the claim at the other
/// end, the relation, and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edge {
    other: ClaimIdx,
    rel: RelIdx,
    kind: RelationKind,
}

/// The claim-to-claim edges of each claim in one direction, as compressed
/// rows: the walks of the rules read a claim's edges as one slice, where
/// the graph's own lists are a pointer chase (a cache miss per edge on a
/// large map). Each claim's edges are in the order the graph lists them
/// (the relation added last first), so that every walk visits them in the
/// same order as through the graph.
#[derive(Debug, Default)]
struct Adjacency {
    offsets: Vec<u32>,
    edges: Vec<Edge>,
}

impl Adjacency {
    /// `ends` gives (this end, other end) of a relation, or `None` when it
    /// is not between two claims.
    fn build(map: &ArgMap, ends: impl Fn(&Relation) -> Option<(ClaimIdx, ClaimIdx)>) -> Adjacency {
        let n = map.claims.len();
        let mut offsets = vec![0u32; n + 1];
        for r in &map.relations {
            if let Some((at, _)) = ends(r) {
                offsets[at as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let blank = Edge { other: 0, rel: 0, kind: RelationKind::Supports };
        let mut edges = vec![blank; offsets[n] as usize];
        // Backwards: the last relation added comes first, as in the graph.
        for (i, r) in map.relations.iter().enumerate().rev() {
            if let Some((at, other)) = ends(r) {
                let slot = &mut fill[at as usize];
                edges[*slot as usize] = Edge { other, rel: i as RelIdx, kind: r.kind };
                *slot += 1;
            }
        }
        Adjacency { offsets, edges }
    }

    /// Each claim's edges grouped by kind (in the order of
    /// [`RelationKind`]), keeping their order within a kind.
    fn grouped_by_kind(mut self) -> Adjacency {
        for w in self.offsets.windows(2) {
            let edges = &mut self.edges[w[0] as usize..w[1] as usize];
            if edges.windows(2).any(|p| p[0].kind > p[1].kind) {
                edges.sort_by_key(|e| e.kind); // stable
            }
        }
        self
    }

    fn of(&self, c: ClaimIdx) -> &[Edge] {
        let c = c as usize;
        match (self.offsets.get(c), self.offsets.get(c + 1)) {
            (Some(&a), Some(&b)) => &self.edges[a as usize..b as usize],
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
    /// Claim-to-claim edges leaving and reaching each claim (relations with
    /// one premise: linked relations are not edges between two claims).
    out_edges: Adjacency,
    /// (Each claim's incoming edges are grouped by kind, in their order
    /// within a kind, so that a claim with many incoming relations of other
    /// kinds, a hub with 200,000 supporters, costs nothing to ask for its
    /// `implies` or `contradicts`: see [`sources`](Self::sources).)
    in_edges: Adjacency,
    /// The claims some `contradicts` joins (see [`has_contradictions`](Self::has_contradictions)).
    contradicting: std::sync::OnceLock<Vec<u64>>,
    /// The linked relations each claim is a premise of, and those that
    /// reach each claim (empty when the map has none).
    linked_from: Index,
    linked_to: Index,
    /// Stances of each actor, in file order.
    pub stances_by_actor: Index,
    /// Stances on each claim, in file order.
    pub stances_by_claim: Index,
}

impl<'m> ClaimGraph<'m> {
    /// Build the graph of a loaded map.
    pub fn build(map: &'m ArgMap) -> ClaimGraph<'m> {
        let between_claims = |r: &Relation| match r.to {
            Target::Claim(c) if !r.is_linked() => Some((r.from, c)),
            _ => None,
        };
        let stance_indexes = || {
            let stances = map.stances.iter().enumerate();
            let by_actor = Index::build(map.actors.len(), stances.clone().map(|(i, s)| (s.actor, i as StanceIdx)));
            let by_claim = Index::build(map.claims.len(), stances.map(|(i, s)| (s.claim, i as StanceIdx)));
            (by_actor, by_claim)
        };
        let outgoing = || Adjacency::build(map, between_claims);
        let incoming = || Adjacency::build(map, |r| between_claims(r).map(|(a, b)| (b, a))).grouped_by_kind();
        // On a large map the edge lists and the stance indexes are built on
        // other cores while this one builds the graph.
        let parallel = map.relations.len() + map.stances.len() >= 100_000 && crate::par::threads() >= 2;
        let ((graph, relation_nodes), (out_edges, in_edges), (stances_by_actor, stances_by_claim)) = if parallel {
            std::thread::scope(|scope| {
                let edges = scope.spawn(|| (outgoing(), incoming()));
                let stances = scope.spawn(stance_indexes);
                let graph = Self::graph_of(map);
                let resume = std::panic::resume_unwind;
                (graph, edges.join().unwrap_or_else(|e| resume(e)), stances.join().unwrap_or_else(|e| resume(e)))
            })
        } else {
            (Self::graph_of(map), (outgoing(), incoming()), stance_indexes())
        };
        let (linked_from, linked_to) = Self::linked_indexes(map);
        ClaimGraph {
            map,
            graph,
            relation_nodes,
            out_edges,
            in_edges,
            contradicting: std::sync::OnceLock::new(),
            linked_from,
            linked_to,
            stances_by_actor,
            stances_by_claim,
        }
    }

    /// The linked relations by premise and by target claim.
    fn linked_indexes(map: &ArgMap) -> (Index, Index) {
        let linked: Vec<(RelIdx, &Relation)> =
            map.relations.iter().enumerate().filter(|(_, r)| r.is_linked()).map(|(i, r)| (i as RelIdx, r)).collect();
        if linked.is_empty() {
            return (Index::default(), Index::default());
        }
        let n = map.claims.len();
        let by_premise = Index::build(n, linked.iter().flat_map(|&(i, r)| r.premises().iter().map(move |&p| (p, i))));
        let by_target = Index::build(
            n,
            linked.iter().filter_map(|&(i, r)| match r.to {
                Target::Claim(c) => Some((c, i)),
                Target::Relation(_) => None,
            }),
        );
        (by_premise, by_target)
    }

    /// The graph itself: a node per claim and per relation that an undercut
    /// targets, an edge per relation.
    fn graph_of(map: &ArgMap) -> (DiGraph<Node, RelIdx, u32>, std::collections::HashMap<RelIdx, NodeIndex, FastState>) {
        // At most one node per undercut or linked relation besides the
        // claims, and one edge per premise: no regrowing.
        let undercuts = map.relations.iter().filter(|r| matches!(r.to, Target::Relation(_)) || r.is_linked()).count();
        let premises: usize = map.relations.iter().map(|r| r.linked.len()).sum();
        let mut graph = DiGraph::with_capacity(map.claims.len() + undercuts, map.relations.len() + premises);
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
            let from = if r.is_linked() {
                // Premises → junction → target.
                let ri = i as RelIdx;
                let junction = *relation_nodes.entry(ri).or_insert_with(|| graph.add_node(Node::Relation(ri)));
                for &p in r.premises() {
                    graph.add_edge(NodeIndex::new(p as usize), junction, ri);
                }
                junction
            } else {
                NodeIndex::new(r.from as usize)
            };
            graph.add_edge(from, to, i as RelIdx);
        }
        (graph, relation_nodes)
    }

    /// The node of a claim.
    pub fn claim_node(&self, c: ClaimIdx) -> NodeIndex {
        NodeIndex::new(c as usize)
    }

    /// The node of a relation, when some undercut targets it or it has
    /// linked premises (its junction).
    pub fn relation_node(&self, r: RelIdx) -> Option<NodeIndex> {
        self.relation_nodes.get(&r).copied()
    }

    /// Relations leaving a claim (as written: `from` is the claim, or one of
    /// its linked premises).
    pub fn outgoing(&self, c: ClaimIdx) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        self.edges(self.claim_node(c), Direction::Outgoing)
    }

    /// Relations arriving at a claim (as written: `to` is the claim).
    pub fn incoming(&self, c: ClaimIdx) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        self.edges(self.claim_node(c), Direction::Incoming)
    }

    /// Undercuts that target a relation.
    pub fn undercuts_of(&self, r: RelIdx) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        // A junction's other incoming edges are the relation's own premises.
        self.relation_node(r)
            .into_iter()
            .flat_map(move |n| self.edges(n, Direction::Incoming))
            .filter(|(_, u)| u.kind == RelationKind::Undercuts)
    }

    /// The linked relations (two or more premises) that `c` is a premise of,
    /// in relation order.
    pub fn linked_from(&self, c: ClaimIdx) -> &[RelIdx] {
        self.linked_from.get(c)
    }

    /// The linked relations whose target is the claim `c`, in relation order.
    pub fn linked_to(&self, c: ClaimIdx) -> &[RelIdx] {
        self.linked_to.get(c)
    }

    /// Whether the map has linked relations.
    pub fn has_linked(&self) -> bool {
        !self.linked_from.items.is_empty()
    }

    fn edges(&self, n: NodeIndex, dir: Direction) -> impl Iterator<Item = (RelIdx, &'m Relation)> + '_ {
        let map = self.map;
        self.graph.edges_directed(n, dir).map(move |e: EdgeReference<'_, RelIdx>| {
            let r = *e.weight();
            (r, &map.relations[r as usize])
        })
    }

    /// Claims that `c` contradicts or that contradict `c` (the relation is symmetric).
    /// Whether any `contradicts` relation joins `c` to a claim (a bit per
    /// claim, built on first use): lets a walk over many claims skip, at the
    /// cost of one bit, the many that contradict nothing.
    pub fn has_contradictions(&self, c: ClaimIdx) -> bool {
        let bits = self.contradicting.get_or_init(|| {
            let mut bits = vec![0u64; self.map.claims.len().div_ceil(64)];
            for r in &self.map.relations {
                if let (RelationKind::Contradicts, Target::Claim(t)) = (r.kind, r.to) {
                    for x in [r.from, t] {
                        bits[x as usize / 64] |= 1 << (x % 64);
                    }
                }
            }
            bits
        });
        bits.get(c as usize / 64).is_some_and(|w| w & (1 << (c % 64)) != 0)
    }

    pub fn contradictions(&self, c: ClaimIdx) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        self.targets(c, RelationKind::Contradicts).chain(self.sources(c, RelationKind::Contradicts))
    }

    /// The claims `c` points at, with the relation and its kind (in the
    /// order of [`outgoing`](Self::outgoing); undercuts point at relations
    /// and are left out). Read from the edge lists alone, not from the relations.
    pub fn claim_targets(&self, c: ClaimIdx) -> impl Iterator<Item = (ClaimIdx, RelIdx, RelationKind)> + '_ {
        self.out_edges.of(c).iter().map(|e| (e.other, e.rel, e.kind))
    }

    /// Claims `c` points at by relations of one kind.
    pub fn targets(&self, c: ClaimIdx, kind: RelationKind) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        self.out_edges.of(c).iter().filter(move |e| e.kind == kind).map(|e| (e.other, e.rel))
    }

    /// Claims that point at `c` by relations of one kind (in the order of
    /// [`incoming`](Self::incoming)).
    pub fn sources(&self, c: ClaimIdx, kind: RelationKind) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        let edges = self.in_edges.of(c);
        // Most claims have a few incoming edges: a scan is quicker than a search.
        let (lo, hi) = if edges.len() <= 16 {
            let lo = edges.iter().position(|e| e.kind >= kind).unwrap_or(edges.len());
            (lo, lo + edges[lo..].iter().take_while(|e| e.kind == kind).count())
        } else {
            let lo = edges.partition_point(|e| e.kind < kind);
            (lo, lo + edges[lo..].partition_point(|e| e.kind == kind))
        };
        edges[lo..hi].iter().map(|e| (e.other, e.rel))
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

pub use crate::ids::{FastHasher, FastState};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::FastState;
    use crate::model::*;
    use petgraph::Direction;

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

    /// The edge lists give each claim's edges in the order the graph itself
    /// lists them, so every walk visits them in that order.
    #[test]
    fn edge_lists_follow_the_graph() {
        use petgraph::visit::EdgeRef;
        let text = r#"
[claims.a]
text = "A"
supports = ["b", "c"]
attacks = ["d"]
implies = ["c"]
contradicts = ["d"]
[claims.b]
text = "B"
attacks = ["a"]
supports = ["c"]
[claims.c]
text = "C"
contradicts = ["a"]
[claims.d]
text = "D"
supports = ["a", "b"]
[[relations]]
id = "r1"
from = "b"
to = "d"
type = "implies"
[[relations]]
from = "c"
to = "r1"
type = "undercuts"
"#;
        let loaded = crate::load::load_str("t.toml", text, crate::source::Format::Toml);
        let map = loaded.map.expect("the map loads");
        let g = super::ClaimGraph::build(&map);
        let n = map.claims.len() as ClaimIdx;
        for c in 0..n {
            let node = g.claim_node(c);
            let out: Vec<(ClaimIdx, RelIdx, RelationKind)> = g
                .graph
                .edges_directed(node, Direction::Outgoing)
                .filter(|e| e.target().index() < n as usize)
                .map(|e| (e.target().index() as ClaimIdx, *e.weight(), map.relations[*e.weight() as usize].kind))
                .collect();
            assert_eq!(g.claim_targets(c).collect::<Vec<_>>(), out, "targets of {c}");
            for kind in RelationKind::ALL {
                let inc: Vec<(ClaimIdx, RelIdx)> = g
                    .graph
                    .edges_directed(node, Direction::Incoming)
                    .filter(|e| map.relations[*e.weight() as usize].kind == kind)
                    .map(|e| (e.source().index() as ClaimIdx, *e.weight()))
                    .collect();
                assert_eq!(g.sources(c, kind).collect::<Vec<_>>(), inc, "{kind} sources of {c}");
            }
        }
        assert!(g.claim_targets(0).count() >= 4);
    }
}
