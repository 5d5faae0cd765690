use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `conflicting-position` (formerly `self-attack`): the actor holds A and C,
/// and C attacks A, so its position is not conflict-free. Addressed when the
/// actor holds a D that attacks C or undercuts C→A.
pub struct ConflictingPosition;

impl Rule for ConflictingPosition {
    fn name(&self) -> &'static str {
        "conflicting-position"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "An actor holds a claim and also a reason against it."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor is committed to A and to C, and C `attacks` A: one of its own claims is
a reason against another, so the actor's position is not conflict-free. Attack
is defeasible, so this is a warning: the actor may hold that A survives the
attack.

This rule was called `self-attack` before; the old name is still accepted
(with a deprecation warning) in `[checks]`, in `-A/-N/-W/-D` and in an
`[[acknowledged]]` entry's `rule`. A self-attacking argument, in the
literature, is one that attacks itself; what is found here is a position that
holds two claims one of which attacks the other.

When the actor is also committed to some D that `attacks` C, or that
`undercuts` the relation C→A, the finding is *addressed*: reported at note level
with D named as the actor's answer.

How to address it: record the actor's answer (a claim it affirms that attacks C
or undercuts C→A), or revise one of the stances.

Example:
[actors.author]
affirms = [\"deplore-aggression\", \"security-concerns-justify\"]

[claims.deplore-aggression]
text = \"The aggression against Ukraine is to be deplored in the strongest terms.\"

[claims.security-concerns-justify]
text = \"Russia's national security concerns inevitably made it go to war.\"
attacks = [\"deplore-aggression\"]
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let actor = &map.actor(view.actor).id;
        for &a in &view.committed {
            for (c, ri) in graph.sources(a, RelationKind::Attacks) {
                if !view.is_committed(c) {
                    continue;
                }
                let mut answers: Vec<(ClaimIdx, RelIdx)> = Vec::new();
                for (d, r) in graph.sources(c, RelationKind::Attacks) {
                    if d != a && view.is_committed(d) && !answers.iter().any(|x| x.0 == d) {
                        answers.push((d, r));
                    }
                }
                for (r, rel) in graph.undercuts_of(ri) {
                    if view.is_committed(rel.from) && !answers.iter().any(|x| x.0 == rel.from) {
                        answers.push((rel.from, r));
                    }
                }
                let (aid, cid) = (&map.claim(a).id, &map.claim(c).id);
                let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
                chain_items(map, view, c, &mut raw.claims, &mut raw.relations);
                chain_items(map, view, a, &mut raw.claims, &mut raw.relations);
                raw.relations.push(ri);
                raw.message = format!("{actor} holds `{cid}`, which attacks `{aid}`, a claim it also holds");
                raw.chain = format!("{} --attacks--> {aid}; {}", holds(map, view, c), holds(map, view, a));
                let mut rl = relation_label(map, ri);
                rl.primary = true;
                raw.labels.push(rl);
                chain_labels(map, view, c, &mut raw.labels);
                chain_labels(map, view, a, &mut raw.labels);
                if !answers.is_empty() {
                    let reasons: Vec<String> = answers
                        .iter()
                        .map(|&(d, r)| {
                            let rel = map.relation(r);
                            let target = if rel.kind == RelationKind::Undercuts {
                                format!("[{cid} --attacks--> {aid}]")
                            } else {
                                cid.clone()
                            };
                            format!("{actor} affirms {} --{}--> {target}", commitment_chain(map, view, d), rel.kind)
                        })
                        .collect();
                    raw.chain.push_str(&format!("; answered: {}", reasons.join("; ")));
                    raw.message.push_str(&format!(
                        "; it answers with {}",
                        list(answers.iter().map(|&(d, _)| &map.claim(d).id))
                    ));
                    for &(d, r) in &answers {
                        raw.addressed_by.push(d);
                        raw.relations.push(r);
                        let rel = map.relation(r);
                        raw.labels.push(Label::secondary(
                            rel.span,
                            format!("answer: `{}` {} `{}`", map.claim(d).id, rel.kind, map.target_label(rel.to)),
                        ));
                        chain_labels(map, view, d, &mut raw.labels);
                    }
                }
                sink.push(raw);
            }
        }
    }
}
