use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::model::*;
use crate::semantics::Label as Status;

/// `undefended-position`: the actor's position does not defend one of its
/// claims against an attacker (the position is not admissible).
pub struct UndefendedPosition;

impl Rule for UndefendedPosition {
    fn name(&self) -> &'static str {
        "undefended-position"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Note
    }
    fn summary(&self) -> &'static str {
        "An actor holds a claim that the map attacks, and nothing it holds answers the attacker."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor is committed to A, the map's framework (docs/semantics.md) has C
attacking A, and nothing the actor is committed to attacks C: the actor's
position does not defend A, so it is not admissible in Dung's sense. One
finding per claim, naming every such attacker and what the map makes of it
(out: the map answers it, though not the actor; undecided: nothing settles
it).

This is a note: most real positions leave some objection unanswered, and the
map may answer it on the actor's behalf. It is what an analyst means by \"the
position is undefended here\". An attacker the actor holds itself is a clash
(`conflicting-position`, `contradiction`), and a claim the map defeats outright
is `defeated-claim`'s; neither is repeated here.

How to address it: record the actor's answer to C (a claim it affirms that
attacks C, or undercuts C's attack), or accept that the position rests on the
map's answer.

Example:
[actors.council]
affirms = [\"build-the-bridge\"]

[claims.build-the-bridge]
text = \"The council should build the bridge.\"

[claims.too-costly]
text = \"The bridge costs more than the budget allows.\"
attacks = [\"build-the-bridge\"]

[claims.grant-covers-it]
text = \"A regional grant covers the shortfall.\"
attacks = [\"too-costly\"]
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let Ok(acc) = cx.acceptance() else { return };
        let map = cx.map;
        let af = acc.fw.af();
        let actor = &map.actor(view.actor).id;
        let position = acc.position(view);
        let inside = |x: u32| position.binary_search(&x).is_ok();
        for &c in &view.committed {
            let a = acc.fw.arg_of_claim(c);
            // Defeated outright: `defeated-claim`.
            if acc.grounded.label(a) == Status::Out {
                continue;
            }
            let open: Vec<u32> = af
                .attackers(a)
                .iter()
                .copied()
                .filter(|&y| !inside(y) && !af.attackers(y).iter().any(|&d| inside(d)))
                .collect();
            if open.is_empty() {
                continue;
            }
            let cid = &map.claim(c).id;
            let names: Vec<String> = open.iter().map(|&y| acc.name(map, y)).collect();
            let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
            chain_items(map, view, c, &mut raw.claims, &mut raw.relations);
            let mut labels = Vec::new();
            let mut chain = vec![holds(map, view, c)];
            for &y in &open {
                if let Some(b) = acc.claim(y)
                    && !raw.claims.contains(&b)
                {
                    raw.claims.push(b);
                }
                let (attack, attack_labels) = acc.attack(map, y, a);
                chain.push(attack);
                labels.extend(attack_labels);
                let name = acc.name(map, y);
                raw.notes.push(match acc.grounded.label(y) {
                    Status::Out => {
                        let by = acc.grounded.defeater(y).map(|d| acc.name(map, d)).unwrap_or_default();
                        [&name, " is answered by the map, not by ", actor, ": it is out (put out by ", &by, ")"]
                            .concat()
                    }
                    Status::Undecided => name + " is undecided: nothing in the map settles it",
                    Status::In => [&name, " is in: ", &acc.why_in(map, y)].concat(),
                });
            }
            if let Some(first) = labels.first_mut() {
                first.primary = true;
            }
            chain_labels(map, view, c, &mut labels);
            raw.labels = labels;
            let attackers = if names.len() == 1 {
                names[0].clone()
            } else {
                format!("{} attackers: {}", names.len(), names.join(", "))
            };
            raw.message =
                [actor.as_str(), " holds `", cid, "`, but nothing it holds answers ", &attackers, " against it"]
                    .concat();
            raw.chain = chain.join("; ");
            sink.push(raw);
        }
    }
}
