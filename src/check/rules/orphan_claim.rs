use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::model::*;

/// `orphan-claim`: a claim with no relation and no stance.
pub struct OrphanClaim;

impl Rule for OrphanClaim {
    fn name(&self) -> &'static str {
        "orphan-claim"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Note
    }
    fn summary(&self) -> &'static str {
        "A claim takes part in no relation and no stance."
    }
    fn explanation(&self) -> &'static str {
        "\
A claim that no relation joins to another claim and no actor takes a stance
on. It plays no part in the argument: often a relation was forgotten, or the
claim is left over from an edit.

How to address it: relate it to the claims it bears on, record who holds it,
or remove it.

Example:
[claims.a]
text = \"Tariffs raise prices.\"
supports = [\"b\"]

[claims.b]
text = \"Tariffs should be lowered.\"

[claims.lonely]
text = \"Trade grew last year.\"
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        for c in 0..map.claims.len() as ClaimIdx {
            if graph.outgoing(c).next().is_some()
                || graph.incoming(c).next().is_some()
                || !graph.stances_by_claim.get(c).is_empty()
            {
                continue;
            }
            let cid = &map.claim(c).id;
            let mut label = claim_label(map, c, "no relation or stance involves this claim");
            label.primary = true;
            sink.push(Raw {
                claims: vec![c],
                message: format!("claim `{cid}` takes part in no relation and no stance"),
                chain: format!("{cid}: no relations, no stances"),
                labels: vec![label],
                ..Raw::default()
            });
        }
    }
}
