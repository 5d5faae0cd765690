use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::model::*;

/// `relation-conflict`: one pair of claims related in incompatible ways.
pub struct RelationConflict;

/// Pairs of relation types that cannot both hold between the same two claims.
const INCOMPATIBLE: [(RelationKind, RelationKind); 4] = [
    (RelationKind::Supports, RelationKind::Attacks),
    (RelationKind::Implies, RelationKind::Attacks),
    (RelationKind::Implies, RelationKind::Contradicts),
    (RelationKind::Supports, RelationKind::Contradicts),
];

impl Rule for RelationConflict {
    fn name(&self) -> &'static str {
        "relation-conflict"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Deny
    }
    fn summary(&self) -> &'static str {
        "The same two claims are related in incompatible ways."
    }
    fn explanation(&self) -> &'static str {
        "\
The map relates the same pair of claims in two ways that cannot both hold: A
`supports` B and A `attacks` B; A `implies` B and A `attacks` or `contradicts`
B; A `supports` B and A `contradicts` B (`contradicts` holds both ways, so B
`contradicts` A counts too). The map itself is inconsistent, whoever holds the
claims.

How to address it: decide which relation the source argues and remove the
other. If the two claims are related differently in different respects, split
one of them into two claims.

Example:
[claims.sanctions-work]
text = \"Sanctions change the target state's behaviour.\"
supports = [\"impose-sanctions\"]
attacks = [\"impose-sanctions\"]

[claims.impose-sanctions]
text = \"Sanctions should be imposed.\"
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let mut by_target: Vec<(ClaimIdx, RelationKind, RelIdx)> = Vec::new();
        for a in 0..map.claims.len() as ClaimIdx {
            by_target.clear();
            // Undercuts point at relations, not claims: they are not among these.
            for (b, ri, kind) in graph.claim_targets(a) {
                by_target.push((b, kind, ri));
            }
            // `contradicts` written the other way round counts for this pair too.
            for (b, ri) in graph.sources(a, RelationKind::Contradicts) {
                by_target.push((b, RelationKind::Contradicts, ri));
            }
            if by_target.len() < 2 {
                continue;
            }
            by_target.sort_unstable();
            for group in by_target.chunk_by(|x, y| x.0 == y.0) {
                for (k1, k2) in INCOMPATIBLE {
                    let (Some(r1), Some(r2)) =
                        (group.iter().find(|x| x.1 == k1).map(|x| x.2), group.iter().find(|x| x.1 == k2).map(|x| x.2))
                    else {
                        continue;
                    };
                    let b = group[0].0;
                    let (aid, bid) = (&map.claim(a).id, &map.claim(b).id);
                    let mut first = relation_label(map, r1);
                    first.primary = true;
                    let mut raw = Raw {
                        claims: vec![a, b],
                        relations: vec![r1, r2],
                        message: format!("`{aid}` both {k1} and {k2} `{bid}`"),
                        chain: format!("{aid} --{k1}--> {bid}; {aid} --{k2}--> {bid}"),
                        labels: vec![first, relation_label(map, r2)],
                        discriminant: Some(format!("{k1}/{k2}")),
                        ..Raw::default()
                    };
                    if k2 == RelationKind::Contradicts {
                        raw.chain = format!("{aid} --{k1}--> {bid}; {aid} --contradicts-- {bid}");
                    }
                    sink.push(raw);
                }
            }
        }
    }
}
