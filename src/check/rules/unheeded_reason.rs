use std::collections::{HashMap, HashSet};

use crate::ids::FastState;

use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `unheeded-reason`: the actor holds A, A supports B, and the actor denies or
/// abstains on B. Addressed when the actor also holds a C that attacks or
/// contradicts B, or undercuts the step from A to B.
pub struct UnheededReason;

const WORDS: AnswerWords = AnswerWords {
    noun: "reason",
    given: |ids, n| format!("it gives {ids} as its {}", if n == 1 { "reason" } else { "reasons" }),
    chain: "reason given",
    label: "reason given",
};

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

A linked `supports` (`from = [\"p1\", \"p2\"]`) is one reason: it is unheeded
only when the actor holds every premise, and the finding names them all.

A dated stance on B is judged at its date: if the actor adopted A only after
it (a reason first affirmed after the vote), the reason did not go unheeded,
and the finding is a note that says so. An undated stance on B is judged
against the current commitments.

When the actor is also committed to some C, other than A, that `attacks` or
`contradicts` B, or that `undercuts` the relation A→B (a linked relation by
its `id`), and C stands within the actor's own position (it is in the grounded
extension of the claims the actor holds: nothing else the actor holds defeats
it or the step it takes), the finding is *addressed*: it is reported at note
level, naming C as the reason the actor gives. It is not hidden, since an
analyst may want to weigh that reason. Answers that do not stand leave the
warning as it is, each with a note saying why (\"its answer `c` is attacked
by `d`, which it also holds\"). Answers are read as current.

A stance on B may name the reasons the actor gave for it (`reason = \"c\"`:
an explanation of vote; the actor affirms `c` as of that stance). A recorded
reason that answers and stands addresses the finding (\"its recorded reason
`c` answers it\"); one that does not stand, is not held any more, or neither
attacks nor contradicts B nor undercuts A→B does not, and a note says why.

A finding that rests on an inferred stance (`basis = \"inferred\"`) is
reported one level lower.

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
        let mut against_b: HashMap<ClaimIdx, Vec<(ClaimIdx, RelIdx)>, FastState> = HashMap::default();
        for &a in &view.committed {
            for (b, ri) in graph.targets(a, RelationKind::Supports) {
                report(cx, view, sink, &mut against_b, &[a], b, ri);
            }
            // A linked `supports` is one reason: reported once, from its
            // first premise, when the actor holds every premise.
            for &ri in graph.linked_from(a) {
                let rel = map.relation(ri);
                let (RelationKind::Supports, Target::Claim(b)) = (rel.kind, rel.to) else { continue };
                let premises = rel.premises();
                if premises[0] == a && premises.iter().all(|&p| view.is_committed(p)) {
                    report(cx, view, sink, &mut against_b, premises, b, ri);
                }
            }
        }
    }
}

/// The finding for the reason `ri` (from `premises`, all held) for `b`, when
/// the actor denies or abstains on `b`.
fn report(
    cx: &Context<'_>,
    view: &ActorView,
    sink: &mut Sink<'_>,
    against_b: &mut HashMap<ClaimIdx, Vec<(ClaimIdx, RelIdx)>, FastState>,
    premises: &[ClaimIdx],
    b: ClaimIdx,
    ri: RelIdx,
) {
    let (map, graph) = (cx.map, cx.graph);
    let actor = &map.actor(view.actor).id;
    let Some(si) = view.current(b) else { return };
    let position = map.stance(si).position;
    if position == Position::Affirms {
        return;
    }
    // The actor's answers: committed claims against B (the same for
    // every supporter of B, so found once per B), then those against A→B.
    let mut answers: Vec<(ClaimIdx, RelIdx)> = against_b
        .entry(b)
        .or_insert_with(|| {
            let mut seen: HashSet<ClaimIdx, FastState> = HashSet::default();
            cx.against(b).filter(|&(c, _)| view.is_committed(c) && seen.insert(c)).collect()
        })
        .clone();
    if graph.relation_node(ri).is_some() {
        let mut seen: HashSet<ClaimIdx, FastState> = answers.iter().map(|x| x.0).collect();
        for (r, rel) in graph.undercuts_of(ri) {
            if view.is_committed(rel.from) && seen.insert(rel.from) {
                answers.push((rel.from, r));
            }
        }
    }
    let (aid, bid) = (map.premises_label(ri), &map.claim(b).id);
    let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
    for &a in premises {
        chain_items(map, view, a, &mut raw.claims, &mut raw.relations);
    }
    raw.claims.push(b);
    raw.relations.push(ri);
    let affirmed = |a: ClaimIdx| view.current(a).is_some_and(|s| map.stance(s).position == Position::Affirms);
    let held = if premises.iter().all(|&a| affirmed(a)) { "affirms" } else { "is committed to" };
    raw.message = match premises {
        [a] => {
            format!("{actor} {} `{bid}`, though it {held} `{}`, which supports it", verb(position), map.claim(*a).id)
        }
        _ => format!(
            "{actor} {} `{bid}`, though it {held} {}, which jointly support it",
            verb(position),
            list(premises.iter().map(|&a| &map.claim(a).id))
        ),
    };
    let reason = match premises {
        [a] => holds(map, view, *a),
        _ => {
            let chains: Vec<String> = premises.iter().map(|&a| commitment_chain(map, view, a)).collect();
            format!("{actor} affirms [{}]", chains.join(" + "))
        }
    };
    raw.chain = format!("{reason} --supports--> {bid}, yet {}", stance_text(map, si));
    raw.labels.push(Label::primary(map.stance(si).span, format!("{actor} {} `{bid}` here", verb(position))));
    raw.labels.push(relation_label(map, ri));
    for &a in premises {
        chain_labels(map, view, a, &mut raw.labels);
    }
    let mut answers = judge_answers(cx, view, &answers, premises, |c| {
        format!("its answer `{c}` is the reason `{c}` itself: a claim cannot answer its own support")
    });
    let recorded = &map.stance(si).reasons;
    for a in &mut answers {
        a.recorded = recorded.contains(&a.claim);
    }
    let target = |rel: &Relation| {
        if rel.kind == RelationKind::Undercuts { format!("[{aid} --supports--> {bid}]") } else { bid.clone() }
    };
    add_answers(map, view, &mut raw, &answers, target, &WORDS);
    unanswering_reasons(cx, view, &answers, si, ri, &mut raw);
    reason_after_stance(map, view, premises, si, &mut raw);
    sink.push(raw);
}

/// The reasons recorded for the stance `si` on B (its `reason`) that are no
/// answer at all: they neither attack nor contradict B nor undercut `ri`
/// (A→B), or the actor no longer holds them. Each gets a note saying which,
/// and, when nothing addresses the finding, the message names them.
fn unanswering_reasons(
    cx: &Context<'_>,
    view: &ActorView,
    answers: &[Answer],
    si: StanceIdx,
    ri: RelIdx,
    raw: &mut Raw,
) {
    let (map, graph) = (cx.map, cx.graph);
    let stance = map.stance(si);
    let b = stance.claim;
    let id = |c: ClaimIdx| &map.claim(c).id;
    let mut missing: Vec<ClaimIdx> = Vec::new();
    for &r in stance.reasons.iter().filter(|&&r| !answers.iter().any(|a| a.claim == r)) {
        let relevant = cx.against(b).any(|(c, _)| c == r) || graph.undercuts_of(ri).any(|(_, u)| u.from == r);
        let why = if !relevant {
            format!(
                "its recorded reason `{}` is no answer: it neither attacks nor contradicts `{}`, nor undercuts {} --supports--> {}",
                id(r),
                id(b),
                map.premises_label(ri),
                id(b)
            )
        } else {
            let now = view.current(r).map_or_else(|| "none".to_string(), |s| stance_text(map, s));
            format!(
                "its recorded reason `{}` is not held: {}'s current stance on it is {now}",
                id(r),
                map.actor(view.actor).id
            )
        };
        raw.notes.push(why);
        raw.labels.push(claim_label(map, r, "recorded reason that does not address the finding"));
        missing.push(r);
    }
    if raw.addressed_by.is_empty() && !missing.is_empty() {
        let ids = list(missing.iter().map(|&r| id(r)));
        raw.message.push_str(&match missing.len() {
            1 => format!("; its recorded reason {ids} does not address it"),
            _ => format!("; its recorded reasons {ids} do not address it"),
        });
    }
}

/// Judged at the date of the stance on B (docs/checks.md, "Time"): when the
/// actor did not yet hold the reason (every one of its `premises`) then, the
/// reason did not go unheeded: the finding is a note, saying when the reason
/// was adopted.
fn reason_after_stance(map: &ArgMap, view: &ActorView, premises: &[ClaimIdx], si: StanceIdx, raw: &mut Raw) {
    if map.stance(si).date.is_none() || premises.iter().all(|&a| view.held_at(map, a, si)) {
        return;
    }
    // The last adopted of the claims the reason rests on.
    let latest =
        premises.iter().filter_map(|&a| view.held_since(map, a)).max_by_key(|&s| Currency::of(s, map.stance(s)));
    let root = &map.claim(latest.map_or_else(|| view.root_of(premises[0]), |s| map.stance(s).claim)).id;
    let stance = map.stance(si);
    let since = latest.and_then(|s| map.stance(s).when()).unwrap_or_default();
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
