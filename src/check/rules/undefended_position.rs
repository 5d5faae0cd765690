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
        // The position as one bit per argument: each attacker's attackers
        // are looked up in it.
        let mut position = vec![0u64; af.len().div_ceil(64)];
        for &c in &view.committed {
            let a = acc.fw.arg_of_claim(c);
            position[a as usize / 64] |= 1 << (a % 64);
        }
        let inside = |x: u32| position[x as usize / 64] >> (x % 64) & 1 == 1;
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
            let mut labels = Vec::with_capacity(open.len() + 4);
            // The chain and the notes are pushed into one string each, and
            // each attacker is named once.
            let mut chain = String::with_capacity(128 * (open.len() + 1));
            push_holds(&mut chain, map, view, c);
            for (&y, name) in open.iter().zip(&names) {
                if let Some(b) = acc.claim(y)
                    && !raw.claims.contains(&b)
                {
                    raw.claims.push(b);
                }
                let attack = acc.attack(map, y, a);
                chain.push_str("; ");
                chain.push_str(&attack.text);
                labels.extend(attack.labels.iter().cloned());
                let mut note = String::with_capacity(name.len() + 96);
                note.push_str(name);
                match acc.grounded.label(y) {
                    Status::Out => {
                        note.push_str(" is answered by the map, not by ");
                        note.push_str(actor);
                        note.push_str(": it is out (put out by ");
                        if let Some(d) = acc.grounded.defeater(y) {
                            acc.push_name(&mut note, map, d);
                        }
                        note.push(')');
                    }
                    Status::Undecided => note.push_str(" is undecided: nothing in the map settles it"),
                    Status::In => {
                        note.push_str(" is in: ");
                        note.push_str(&acc.why_in(map, y));
                    }
                }
                raw.notes.push(note);
            }
            if let Some(first) = labels.first_mut() {
                first.primary = true;
            }
            chain_labels(map, view, c, &mut labels);
            raw.labels = labels;
            let mut message = String::with_capacity(actor.len() + cid.len() + 64 + 32 * names.len());
            message.push_str(actor);
            message.push_str(" holds `");
            message.push_str(cid);
            message.push_str("`, but nothing it holds answers ");
            if let [one] = &names[..] {
                message.push_str(one);
            } else {
                message.push_str(&names.len().to_string());
                message.push_str(" attackers: ");
                message.push_str(&names.join(", "));
            }
            message.push_str(" against it");
            raw.message = message;
            raw.chain = chain;
            sink.push(raw);
        }
    }
}
