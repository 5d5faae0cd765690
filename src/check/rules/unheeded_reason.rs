use std::collections::{HashMap, HashSet};

use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `unheeded-reason`: the actor holds A, A supports B, and the actor denies or
/// abstains on B. Addressed when the actor also holds a C that attacks or
/// contradicts B, or undercuts the step from A to B.
pub struct UnheededReason;

impl Rule for UnheededReason {
    fn name(&self) -> &'static str {
        "unheeded-reason"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "An actor holds a reason for a claim, yet denies or abstains on the claim."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor is committed to A (it affirms A, or A follows from what it affirms by
`implies`), A `supports` B, and the actor's current stance on B is `denies` or
`abstains`. The reason the actor itself holds points one way and its stance the
other. Support is defeasible, so this is a warning, not an error: the actor may
have a reason against B that outweighs A.

When the actor is also committed to some C that `attacks` or `contradicts` B,
or that `undercuts` the relation A→B, the finding is *addressed*: it is reported
at note level, naming C as the reason the actor gives. It is not hidden, since
an analyst may want to weigh that reason.

How to address it: record the actor's reason (a claim it affirms that attacks
B or undercuts A→B), revise the stance, or acknowledge the finding in
`[[acknowledged]]` with the reason it stands.

Example:
[actors.cambodia]
affirms = [\"opposes-invasions\"]

[claims.opposes-invasions]
text = \"Cambodia opposes the invasion of any country.\"
supports = [\"suspend-russia-hrc\"]

[claims.suspend-russia-hrc]
text = \"Russia's membership rights in the Human Rights Council should be suspended.\"

[[stances]]
actor = \"cambodia\"
claim = \"suspend-russia-hrc\"
position = \"abstains\"
date = 2022-04-07
via = \"vote on A/RES/ES-11/3\"
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let actor = &map.actor(view.actor).id;
        let mut against_b: HashMap<ClaimIdx, Vec<(ClaimIdx, RelIdx)>> = HashMap::new();
        for &a in &view.committed {
            for (b, ri) in graph.targets(a, RelationKind::Supports) {
                let Some(si) = view.current(b) else { continue };
                let position = map.stance(si).position;
                if position == Position::Affirms {
                    continue;
                }
                // The actor's answers: committed claims against B (the same for
                // every supporter of B, so found once per B), then those against A→B.
                let mut answers: Vec<(ClaimIdx, RelIdx)> = against_b
                    .entry(b)
                    .or_insert_with(|| {
                        let mut seen = HashSet::new();
                        cx.against(b).filter(|&(c, _)| view.is_committed(c) && seen.insert(c)).collect()
                    })
                    .clone();
                if graph.relation_node(ri).is_some() {
                    let mut seen: HashSet<ClaimIdx> = answers.iter().map(|x| x.0).collect();
                    for (r, rel) in graph.undercuts_of(ri) {
                        if view.is_committed(rel.from) && seen.insert(rel.from) {
                            answers.push((rel.from, r));
                        }
                    }
                }
                let (aid, bid) = (&map.claim(a).id, &map.claim(b).id);
                let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
                chain_items(view, a, &mut raw.claims, &mut raw.relations);
                raw.claims.push(b);
                raw.relations.push(ri);
                let held = if view.current(a).is_some_and(|s| map.stance(s).position == Position::Affirms) {
                    "affirms"
                } else {
                    "is committed to"
                };
                raw.message =
                    format!("{actor} {} `{bid}`, though it {held} `{aid}`, which supports it", verb(position));
                raw.chain = format!("{} --supports--> {bid}, yet {}", holds(map, view, a), stance_text(map, si));
                raw.labels
                    .push(Label::primary(map.stance(si).span, format!("{actor} {} `{bid}` here", verb(position))));
                raw.labels.push(relation_label(map, ri));
                chain_labels(map, view, a, &mut raw.labels);
                if !answers.is_empty() {
                    let reasons: Vec<String> = answers
                        .iter()
                        .map(|&(c, r)| {
                            let rel = map.relation(r);
                            let target = if rel.kind == RelationKind::Undercuts {
                                format!("[{aid} --supports--> {bid}]")
                            } else {
                                bid.clone()
                            };
                            format!("{actor} affirms {} --{}--> {target}", commitment_chain(map, view, c), rel.kind)
                        })
                        .collect();
                    raw.chain.push_str(&format!("; reason given: {}", reasons.join("; ")));
                    raw.message.push_str(&format!(
                        "; it gives {} as its {}",
                        list(answers.iter().map(|&(c, _)| &map.claim(c).id)),
                        if answers.len() == 1 { "reason" } else { "reasons" }
                    ));
                    for &(c, r) in &answers {
                        raw.addressed_by.push(c);
                        raw.relations.push(r);
                        let rel = map.relation(r);
                        raw.labels.push(Label::secondary(
                            rel.span,
                            // As written: for a `contradicts` from B, `rel.from` is B, not C.
                            format!(
                                "reason given: `{}` {} `{}`",
                                map.claim(rel.from).id,
                                rel.kind,
                                map.target_label(rel.to)
                            ),
                        ));
                        chain_labels(map, view, c, &mut raw.labels);
                    }
                }
                reason_after_stance(map, view, a, si, &mut raw);
                sink.push(raw);
            }
        }
    }
}

/// Judged at the date of the stance on B (docs/checks.md, "Time"): when the
/// actor did not yet hold the reason `a` then, the reason did not go
/// unheeded: the finding is a note, saying when the reason was adopted.
fn reason_after_stance(map: &ArgMap, view: &ActorView, a: ClaimIdx, si: StanceIdx, raw: &mut Raw) {
    if map.stance(si).date.is_none() || view.held_at(map, a, si) {
        return;
    }
    let root = &map.claim(view.root_of(a)).id;
    let stance = map.stance(si);
    let since = view.held_since(map, a).and_then(|s| map.stance(s).when()).unwrap_or_default();
    raw.at_most_note = true;
    raw.message.push_str(&format!(
        "; but it adopted `{root}` on {since}, after it {} `{}` on {}",
        match stance.position {
            Position::Affirms => "affirmed",
            Position::Denies => "denied",
            Position::Abstains => "abstained on",
        },
        map.claim(stance.claim).id,
        stance.when().unwrap_or_default()
    ));
    raw.notes.push("the reason was not held when the stance was taken: a note, not a warning".into());
}
