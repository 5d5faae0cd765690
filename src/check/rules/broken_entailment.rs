use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink, Via};
use crate::diag::Label;
use crate::model::*;

/// `broken-entailment`: the actor holds A, A implies B (transitively), and the
/// actor denies or abstains on B.
pub struct BrokenEntailment;

impl Rule for BrokenEntailment {
    fn name(&self) -> &'static str {
        "broken-entailment"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Deny
    }
    fn summary(&self) -> &'static str {
        "An actor denies or abstains on a claim that strictly follows from what it affirms."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor affirms A, A `implies` B (directly or through a chain of `implies`),
and the actor's current stance on B is `denies` or `abstains`. `implies` is
strict: whoever holds A is committed to B. Denying B while affirming A is
inconsistent; abstaining on B withholds a commitment the actor already has.

How to address it: check the `implies` chain (is each step really strict? if
not, use `supports`), or revise one of the stances.

Example:
[actors.council]
affirms = [\"all-members-vote\"]
denies = [\"treasurer-votes\"]

[claims.all-members-vote]
text = \"Every member of the council may vote.\"
implies = [\"treasurer-votes\"]

[claims.treasurer-votes]
text = \"The treasurer, a member of the council, may vote.\"
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let map = cx.map;
        let actor = &map.actor(view.actor).id;
        for &b in &view.stanced {
            let Some(si) = view.current(b) else { continue };
            let position = map.stance(si).position;
            if position == Position::Affirms || !matches!(view.via(b), Some(Via::Implied { .. })) {
                continue;
            }
            let root = view.root_of(b);
            let bid = &map.claim(b).id;
            let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
            chain_items(view, b, &mut raw.claims, &mut raw.relations);
            raw.message = format!(
                "{actor} {} `{bid}`, which follows strictly from `{}` that it affirms",
                verb(position),
                map.claim(root).id
            );
            raw.chain = format!("{}, yet {}", holds(map, view, b), stance_text(map, si));
            raw.labels.push(Label::primary(map.stance(si).span, format!("{actor} {} `{bid}` here", verb(position))));
            chain_labels(map, view, b, &mut raw.labels);
            if map.stance(si).date.is_some() && !view.held_at(map, b, si) {
                // Both stances are current, so both have held since the later one.
                let since = view.held_since(map, b).and_then(|s| map.stance(s).when()).unwrap_or_default();
                raw.notes.push(format!(
                    "`{}` was affirmed on {since}, after this stance: the inconsistency dates from then",
                    map.claim(root).id
                ));
            }
            sink.push(raw);
        }
    }
}
