use crate::check::graphalg::scc;
use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::ids::FastState;
use crate::model::*;

/// `self-defeating-claim`: following `implies` from a claim reaches two claims
/// that contradict each other, or one that contradicts the claim itself.
pub struct SelfDefeatingClaim;

impl Rule for SelfDefeatingClaim {
    fn name(&self) -> &'static str {
        "self-defeating-claim"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Deny
    }
    fn summary(&self) -> &'static str {
        "A claim strictly implies two claims that contradict each other, or one that contradicts it."
    }
    fn explanation(&self) -> &'static str {
        "\
Following `implies` from a claim (transitively) reaches two claims that
`contradict` each other, or reaches a claim that contradicts the claim itself.
Whoever affirms such a claim is committed to a contradiction, so the claim
cannot be held consistently.

Only the deepest such claims are reported: when C implies D and D is already
self-defeating, C inherits the problem from D and is not reported again.

How to address it: check each `implies` on the chains (is every step strict?)
and the `contradicts` at their ends. In a reconstruction of a classic argument
(a reductio), a self-defeating claim may be the point: acknowledge it.

Example:
[claims.liar]
text = \"This sentence is false.\"
implies = [\"liar-true\", \"liar-false\"]

[claims.liar-true]
text = \"The sentence is true.\"
contradicts = [\"liar-false\"]

[claims.liar-false]
text = \"The sentence is false.\"
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let n = map.claims.len();
        if !map.relations.iter().any(|r| r.kind == RelationKind::Contradicts)
            || !map.relations.iter().any(|r| r.kind == RelationKind::Implies)
        {
            return;
        }
        // Components of the `implies` graph: claims in one component imply each other.
        let mut comp = vec![0u32; n];
        for (i, c) in scc(n, |v| graph.targets(v, RelationKind::Implies).map(|(t, _)| t)).iter().enumerate() {
            for &v in c {
                comp[v as usize] = i as u32;
            }
        }
        // For each contradiction x -- y: the claims that imply both (walking
        // `implies` backwards), remembering each one's next step towards x and y.
        let mut stamp_x = vec![0u32; n];
        let mut stamp_y = vec![0u32; n];
        let mut next_x = vec![(0 as ClaimIdx, 0 as RelIdx); n];
        let mut next_y = vec![(0 as ClaimIdx, 0 as RelIdx); n];
        let mut epoch = 0u32;
        let mut reported: std::collections::HashSet<(u32, ClaimIdx, ClaimIdx), FastState> = Default::default();
        // Reused for every contradiction: no allocation per relation.
        let (mut ax, mut ay) = (Vec::new(), Vec::new());
        for (ri, rel) in map.relations.iter().enumerate() {
            let (RelationKind::Contradicts, Target::Claim(y)) = (rel.kind, rel.to) else { continue };
            let x = rel.from;
            epoch += 1;
            ancestors(graph, x, epoch, &mut stamp_x, &mut next_x, &mut ax);
            ancestors(graph, y, epoch, &mut stamp_y, &mut next_y, &mut ay);
            let (small, other) = if ax.len() <= ay.len() { (&ax, &stamp_y) } else { (&ay, &stamp_x) };
            let both = |c: ClaimIdx| stamp_x[c as usize] == epoch && stamp_y[c as usize] == epoch;
            for &c in small.iter() {
                if other[c as usize] != epoch {
                    continue;
                }
                // Deepest only: no implied claim outside c's component also implies both.
                let deeper = graph
                    .targets(c, RelationKind::Implies)
                    .any(|(t, _)| both(t) && comp[t as usize] != comp[c as usize]);
                if deeper || !reported.insert((comp[c as usize], x.min(y), x.max(y))) {
                    continue;
                }
                let path = |target: ClaimIdx, next: &[(ClaimIdx, RelIdx)]| {
                    let mut claims = vec![c];
                    let mut rels = Vec::new();
                    let mut cur = c;
                    while cur != target && claims.len() <= n {
                        let (nc, nr) = next[cur as usize];
                        claims.push(nc);
                        rels.push(nr);
                        cur = nc;
                    }
                    (claims, rels)
                };
                let (px, rx) = path(x, &next_x);
                let (py, ry) = path(y, &next_y);
                let cid = &map.claim(c).id;
                let ids = |v: &[ClaimIdx]| {
                    v.iter().map(|&i| map.claim(i).id.as_str()).collect::<Vec<_>>().join(" --implies--> ")
                };
                let mut raw = Raw::default();
                let mut seen = std::collections::HashSet::new();
                for &k in px.iter().chain(py.iter()) {
                    if seen.insert(k) {
                        raw.claims.push(k);
                    }
                }
                raw.relations.extend(rx.iter().chain(ry.iter()).copied());
                raw.relations.push(ri as RelIdx);
                let (xid, yid) = (&map.claim(x).id, &map.claim(y).id);
                raw.message = if c == x || c == y {
                    let other = if c == x { yid } else { xid };
                    format!("`{cid}` strictly implies `{other}`, which contradicts it")
                } else {
                    format!("`{cid}` strictly implies both `{xid}` and `{yid}`, which contradict each other")
                };
                raw.chain = match (c == x, c == y) {
                    (true, _) => format!("{}; {xid} --contradicts-- {yid}", ids(&py)),
                    (_, true) => format!("{}; {xid} --contradicts-- {yid}", ids(&px)),
                    _ => format!("{}; {}; {xid} --contradicts-- {yid}", ids(&px), ids(&py)),
                };
                let mut primary = claim_label(map, c, format!("`{cid}` is self-defeating"));
                primary.primary = true;
                raw.labels.push(primary);
                for &r in rx.iter().chain(ry.iter()) {
                    raw.labels.push(relation_label(map, r));
                }
                raw.labels.push(relation_label(map, ri as RelIdx));
                sink.push(raw);
            }
        }
    }
}

/// Claims that imply `x` (including `x`), walking `implies` backwards breadth
/// first; `next[c]` is c's next step towards `x`.
fn ancestors(
    graph: &crate::graph::ClaimGraph<'_>,
    x: ClaimIdx,
    epoch: u32,
    stamp: &mut [u32],
    next: &mut [(ClaimIdx, RelIdx)],
    out: &mut Vec<ClaimIdx>,
) {
    out.clear();
    out.push(x);
    stamp[x as usize] = epoch;
    let mut i = 0;
    while i < out.len() {
        let v = out[i];
        i += 1;
        for (u, ri) in graph.sources(v, RelationKind::Implies) {
            if stamp[u as usize] != epoch {
                stamp[u as usize] = epoch;
                next[u as usize] = (v, ri);
                out.push(u);
            }
        }
    }
}
