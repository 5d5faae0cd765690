use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::model::*;
use crate::semantics::Label as Status;

/// `defeated-claim`: the actor holds a claim that the map's own reasons
/// defeat (it is out in the grounded labelling of the map's framework).
pub struct DefeatedClaim;

impl Rule for DefeatedClaim {
    fn name(&self) -> &'static str {
        "defeated-claim"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "An actor holds a claim that the map's own reasons defeat."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor is committed to A (it affirms A, or A follows by `implies` from what
it affirms), and the map defeats A: in the grounded labelling of the map's
framework (docs/semantics.md), A is out, attacked by some C that is in, that
is, C is unattacked or every attacker of C is itself defeated. By the map's
own reasons, A does not survive, whoever holds it. Attack is defeasible and a
map may be incomplete, so this is a warning, not an error.

When every such C is a claim the actor also holds, the clash is
`conflicting-position`'s or `contradiction`'s finding, not reported here. The framework reads
`supports` as giving no attacks (`implies` is deductive support); see
docs/semantics.md for why, and `elenchus evaluate --support` for the other
readings.

How to address it: record what answers C (a claim that attacks C, or
undercuts C's attack on A), or revise the stance on A.

Example:
[actors.cabinet]
affirms = [\"raise-tariffs\"]

[claims.raise-tariffs]
text = \"Tariffs should be raised.\"

[claims.prices-rise]
text = \"Higher tariffs raise prices for households.\"
attacks = [\"raise-tariffs\"]
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        if cx.map.actors.is_empty() {
            return;
        }
        if let Err(why) = cx.acceptance() {
            sink.push(Raw {
                message: crate::check::acceptance::unavailable(why),
                chain: "the framework exceeds its bounds".into(),
                at_most_note: true,
                ..Raw::default()
            });
        }
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let Ok(acc) = cx.acceptance() else { return };
        let map = cx.map;
        let af = acc.fw.af();
        let actor = &map.actor(view.actor).id;
        for &c in &view.committed {
            let a = acc.fw.arg_of_claim(c);
            if acc.grounded.label(a) != Status::Out {
                continue;
            }
            // The attackers that are in, other than claims the actor holds
            // (a clash with one of those is another rule's): the grounded
            // defeater first when it is one of them.
            let held = |x: u32| acc.claim(x).is_some_and(|b| view.is_committed(b));
            let Some(by) =
                acc.grounded.defeater(a).filter(|&x| !held(x)).or_else(|| {
                    af.attackers(a).iter().copied().find(|&x| acc.grounded.label(x) == Status::In && !held(x))
                })
            else {
                continue;
            };
            let cid = &map.claim(c).id;
            let by_name = acc.name(map, by);
            let attack = acc.attack(map, by, a);
            let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
            chain_items(map, view, c, &mut raw.claims, &mut raw.relations);
            if let Some(b) = acc.claim(by)
                && !raw.claims.contains(&b)
            {
                raw.claims.push(b);
            }
            let stands =
                if af.attackers(by).is_empty() { "nothing attacks it" } else { "every attacker of it is defeated" };
            raw.message =
                [actor.as_str(), " holds `", cid, "`, which the map defeats: ", &by_name, " attacks it, and ", stands]
                    .concat();
            let why = acc.why_in(map, by);
            let mut chain = String::with_capacity(128 + attack.text.len() + why.len());
            push_holds(&mut chain, map, view, c);
            for part in ["; ", &attack.text, "; ", &by_name, " is in: ", &why] {
                chain.push_str(part);
            }
            raw.chain = chain;
            // Room for the chain's labels and the attacker's.
            let mut labels = Vec::with_capacity(attack.labels.len() + 4);
            labels.extend(attack.labels.iter().cloned());
            if let Some(first) = labels.first_mut() {
                first.primary = true;
            }
            chain_labels(map, view, c, &mut labels);
            if let Some(b) = acc.claim(by) {
                labels.push(claim_label(map, b, ["`", &map.claim(b).id, "` is in: ", &why].concat()));
            }
            raw.labels = labels;
            raw.notes.push([&by_name, " is in: ", &why].concat());
            // Other attackers that are in: the claim falls to each of them.
            let others: Vec<String> = af
                .attackers(a)
                .iter()
                .filter(|&&x| x != by && acc.grounded.label(x) == Status::In && !held(x))
                .map(|&x| acc.name(map, x))
                .collect();
            if !others.is_empty() {
                raw.notes.push(format!("also defeated by {}", others.join(", ")));
            }
            sink.push(raw);
        }
    }
}
