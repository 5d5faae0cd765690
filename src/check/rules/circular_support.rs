use crate::check::graphalg::{scc, shortest_path};
use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::model::*;

/// `circular-support`: a cycle of `supports`/`implies` with at least one `supports`.
pub struct CircularSupport;

fn is_forward(k: RelationKind) -> bool {
    matches!(k, RelationKind::Supports | RelationKind::Implies)
}

impl Rule for CircularSupport {
    fn name(&self) -> &'static str {
        "circular-support"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "Claims support each other in a circle (begging the question)."
    }
    fn explanation(&self) -> &'static str {
        "\
A cycle of `supports` and `implies` relations with at least one `supports`:
each claim in it is, in the end, a reason for itself. The argument begs the
question. Cycles of `implies` alone are not reported: claims that imply each
other are equivalent, which is no fault.

One finding is reported per group of claims caught in such cycles, with one
cycle in order.

How to address it: find the claim that needs independent grounds and give it
some (a fact, a source), or remove the step that closes the circle.

Example:
[claims.scripture-true]
text = \"The scripture is true.\"
supports = [\"author-truthful\"]

[claims.author-truthful]
text = \"The scripture's author tells the truth.\"
supports = [\"scripture-true\"]
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let n = map.claims.len();
        let forward = |v: ClaimIdx| graph.claim_targets(v).filter(|&(_, _, k)| is_forward(k)).map(|(t, ri, _)| (t, ri));
        let comps = scc(n, |v| forward(v).map(|(t, _)| t));
        let mut comp_of = vec![u32::MAX; n];
        for (i, c) in comps.iter().enumerate() {
            if c.len() > 1 {
                for &v in c {
                    comp_of[v as usize] = i as u32;
                }
            }
        }
        for (ci, members) in comps.iter().enumerate() {
            if members.len() < 2 {
                continue;
            }
            let ci = ci as u32;
            // The first `supports` edge inside the component, by relation order.
            let Some((u, v, first)) = members
                .iter()
                .flat_map(|&u| graph.targets(u, RelationKind::Supports).map(move |(v, ri)| (u, v, ri)))
                .filter(|&(_, v, _)| comp_of[v as usize] == ci)
                .min_by_key(|&(_, _, ri)| ri)
            else {
                continue; // only `implies`: an equivalence
            };
            let Some(back) = shortest_path(v, u, forward, |w| comp_of[w as usize] == ci) else { continue };
            let mut cycle: Vec<(ClaimIdx, RelIdx)> = vec![(v, first)];
            cycle.extend(back);
            // cycle[i] = (claim, relation that reaches it); the last reaches u.
            // Rotate so that the chain starts at the smallest id: stable under edits elsewhere.
            let start = (0..cycle.len()).min_by_key(|&i| &map.claim(cycle[i].0).id).unwrap_or(0);
            cycle.rotate_left(start);
            let ids: Vec<&str> = cycle.iter().map(|(c, _)| map.claim(*c).id.as_str()).collect();
            let mut chain = String::from(ids[0]);
            for i in 1..=cycle.len() {
                let (c, _) = cycle[i % cycle.len()];
                let (_, r) = cycle[i % cycle.len()];
                chain.push_str(&format!(" --{}--> {}", map.relation(r).kind, map.claim(c).id));
            }
            let mut raw = Raw {
                claims: cycle.iter().map(|(c, _)| *c).collect(),
                // In chain order: the relation leaving the first claim first.
                relations: (1..=cycle.len()).map(|i| cycle[i % cycle.len()].1).collect(),
                message: format!("{} support each other in a circle", list(&ids)),
                chain,
                ..Raw::default()
            };
            let mut first_label = relation_label(map, first);
            first_label.primary = true;
            raw.labels.push(first_label);
            for &(_, r) in &cycle {
                if r != first {
                    raw.labels.push(relation_label(map, r));
                }
            }
            if members.len() > cycle.len() {
                raw.notes.push(format!("{} claims in all are caught in cycles with these", members.len()));
            }
            sink.push(raw);
        }
    }
}
