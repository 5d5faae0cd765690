use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `unsourced-stance`: a stance with no `source`, `quote` or `via`.
pub struct UnsourcedStance;

impl Rule for UnsourcedStance {
    fn name(&self) -> &'static str {
        "unsourced-stance"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Allow
    }
    fn summary(&self) -> &'static str {
        "A stance names no evidence (`source`, `quote` or `via`)."
    }
    fn explanation(&self) -> &'static str {
        "\
A stance that names no `source`, `quote` or `via`: nothing in the map says
where the actor took it. Shorthand stances (`affirms = [...]` on an actor)
never carry evidence, so this rule is off (`allow`) by default; turn it on for
maps whose every stance should be sourced: `[checks] unsourced-stance = \"warn\"`.

How to address it: write the stance in the long form (`[[stances]]`) with a
`source`, a `quote` or a `via`.

Example:
[checks]
unsourced-stance = \"warn\"

[actors.minister]
affirms = [\"raise-pensions\"]

[claims.raise-pensions]
text = \"Pensions should rise with prices.\"
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let map = cx.map;
        for s in map.stances.iter() {
            if s.is_sourced() {
                continue;
            }
            let (aid, cid) = (&map.actor(s.actor).id, &map.claim(s.claim).id);
            sink.push(Raw {
                actor: Some(s.actor),
                claims: vec![s.claim],
                message: format!("{aid}'s stance on `{cid}` names no source, quote or via"),
                chain: format!("{aid} {} {cid}", verb(s.position)),
                labels: vec![Label::primary(s.span, "no evidence for this stance")],
                discriminant: Some(format!("{}@{}", s.position, s.when().unwrap_or_default())),
                notes: vec!["write it as a `[[stances]]` entry with `source`, `quote` or `via`".into()],
                ..Raw::default()
            });
        }
    }
}
