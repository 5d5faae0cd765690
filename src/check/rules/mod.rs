//! The rules, one per file, and the phrasing they share.

pub mod broken_entailment;
pub mod circular_support;
pub mod conflicting_position;
pub mod contradiction;
pub mod defeated_claim;
pub mod indefensible_position;
pub mod off_scale;
pub mod orphan_claim;
pub mod relation_conflict;
pub mod self_defeating_claim;
pub mod stance_shift;
pub mod undefended_position;
pub mod unheeded_reason;
pub mod unsourced_stance;
pub mod vote_correction;

use crate::check::ActorView;
use crate::diag::Label;
use crate::model::*;

/// How a position reads after the actor's name: "affirms", "denies", "abstains on".
pub(crate) fn verb(p: Position) -> &'static str {
    match p {
        Position::Affirms => "affirms",
        Position::Denies => "denies",
        Position::Abstains => "abstains on",
    }
}

/// A stance with its evidence: `abstains (2022-04-07, vote on A/RES/ES-11/3)`.
pub(crate) fn stance_text(map: &ArgMap, si: StanceIdx) -> String {
    let s = map.stance(si);
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = s.when() {
        parts.push(d);
    }
    if let Some(v) = s.via.as_ref().or(s.source.as_ref()) {
        parts.push(v.clone());
    }
    if parts.is_empty() { s.position.to_string() } else { format!("{} ({})", s.position, parts.join(", ")) }
}

/// The chain by which the actor holds `c`: `a --implies--> b --implies--> c`
/// (just `c` when it affirms `c` itself). A linked `implies` on the way
/// shows all its premises where the chain reaches one of them:
/// `a --implies--> [p1 + p2] --implies--> c`.
pub(crate) fn commitment_chain(map: &ArgMap, view: &ActorView, c: ClaimIdx) -> String {
    let mut s = String::new();
    push_commitment_chain(&mut s, map, view, c);
    s
}

/// [`commitment_chain`], pushed onto `s`.
fn push_commitment_chain(s: &mut String, map: &ArgMap, view: &ActorView, c: ClaimIdx) {
    let mut last = s.len(); // where the last claim's id starts
    for (i, (claim, rel)) in view.chain_to(c).enumerate() {
        if let Some(r) = rel.filter(|&r| map.relation(r).is_linked()) {
            s.truncate(last);
            s.push_str(&map.premises_label(r));
        }
        if i > 0 && rel.is_some() {
            s.push_str(" --implies--> ");
        }
        last = s.len();
        s.push_str(&map.claim(claim).id);
    }
}

/// `cambodia affirms a --implies--> c`.
pub(crate) fn holds(map: &ArgMap, view: &ActorView, c: ClaimIdx) -> String {
    // Room for the chain of an affirmed claim: its id alone.
    let mut s = String::with_capacity(map.actor(view.actor).id.len() + " affirms ".len() + map.claim(c).id.len());
    push_holds(&mut s, map, view, c);
    s
}

/// [`holds`], pushed onto `s`.
pub(crate) fn push_holds(s: &mut String, map: &ArgMap, view: &ActorView, c: ClaimIdx) {
    s.push_str(&map.actor(view.actor).id);
    s.push_str(" affirms ");
    push_commitment_chain(s, map, view, c);
}

/// The claims and relations of the chain to `c`, appended in order.
pub(crate) fn chain_items(
    map: &ArgMap,
    view: &ActorView,
    c: ClaimIdx,
    claims: &mut Vec<ClaimIdx>,
    rels: &mut Vec<RelIdx>,
) {
    // A scan of `claims` while it is short; then a set, as chains can be
    // as long as the map.
    let mut seen: Option<std::collections::HashSet<ClaimIdx, crate::ids::FastState>> = None;
    let mut add = |x: ClaimIdx, claims: &mut Vec<ClaimIdx>| {
        let new = match &mut seen {
            Some(set) => set.insert(x),
            None if claims.len() < FEW_CLAIMS => !claims.contains(&x),
            None => seen.insert(claims.iter().copied().collect()).insert(x),
        };
        if new {
            claims.push(x);
        }
    };
    for (claim, rel) in view.chain_to(c) {
        // The other premises of a linked `implies`, before its conclusion.
        for &p in rel.map_or(&[][..], |r| linked_premises(map, r)) {
            add(p, claims);
        }
        add(claim, claims);
        if let Some(r) = rel {
            rels.push(r);
        }
    }
}

/// Up to this many claims, [`chain_items`] finds repeats by a scan.
const FEW_CLAIMS: usize = 16;

/// The premises of `r` when they are linked (none otherwise).
fn linked_premises(map: &ArgMap, r: RelIdx) -> &[ClaimIdx] {
    &map.relation(r).linked
}

/// Labels for the chain to `c`: the affirming stance and each `implies`.
pub(crate) fn chain_labels(map: &ArgMap, view: &ActorView, c: ClaimIdx, labels: &mut Vec<Label>) {
    let actor = &map.actor(view.actor).id;
    let mut prev = c;
    for (claim, rel) in view.chain_to(c) {
        let on_path = std::mem::replace(&mut prev, claim);
        match rel {
            None => {
                if let Some(si) = view.current(claim) {
                    labels.push(Label::secondary(
                        map.stance(si).span,
                        [actor.as_str(), " affirms `", &map.claim(claim).id, "`"].concat(),
                    ));
                }
            }
            Some(r) => {
                labels.push(relation_label(map, r));
                // How the actor holds the other premises of a linked `implies`.
                for &p in linked_premises(map, r).iter().filter(|&&p| p != on_path) {
                    labels.push(premise_label(map, view, p));
                }
            }
        }
    }
}

/// A label on how the actor holds a premise: its affirming stance, or the
/// claim with the chain that commits the actor to it.
fn premise_label(map: &ArgMap, view: &ActorView, p: ClaimIdx) -> Label {
    let actor = &map.actor(view.actor).id;
    match view.current(p).filter(|&si| map.stance(si).position == Position::Affirms) {
        Some(si) => Label::secondary(map.stance(si).span, format!("{actor} affirms `{}`", map.claim(p).id)),
        None => claim_label(map, p, format!("{actor} is committed to it: {}", commitment_chain(map, view, p))),
    }
}

/// A label on a relation: "`a` supports `b`".
pub(crate) fn relation_label(map: &ArgMap, r: RelIdx) -> Label {
    let rel = map.relation(r);
    let message =
        ["`", &*map.premises_label(r), "` ", rel.kind.as_str(), " `", &map.target_label(rel.to), "`"].concat();
    Label::secondary(rel.span, message)
}

/// A label on a claim's definition.
pub(crate) fn claim_label(map: &ArgMap, c: ClaimIdx, message: impl Into<String>) -> Label {
    Label::secondary(map.claim(c).span, message)
}

/// `a`, `b` and `c`.
pub(crate) fn list(ids: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let v: Vec<String> = ids.into_iter().map(|s| crate::semantics::evaluate::backticked(s.as_ref())).collect();
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

/// An answer the actor gives to a finding: a claim it holds, the relation
/// by which it answers, why the answer does not stand (`None`: it stands),
/// and whether it is a reason the actor recorded for the stance (`reason`).
pub(crate) struct Answer {
    pub claim: ClaimIdx,
    pub rel: RelIdx,
    pub fails: Option<String>,
    pub recorded: bool,
}

/// Judge the candidate answers to a finding. An answer stands when it is
/// none of `own` (the finding's own claims: a claim cannot answer its own
/// support, nor either side of a clash) and both the claim and its step are
/// in the grounded extension of the actor's position. `own_why` says why an
/// answer among `own` fails.
pub(crate) fn judge_answers(
    cx: &crate::check::Context<'_>,
    view: &ActorView,
    candidates: &[(ClaimIdx, RelIdx)],
    own: &[ClaimIdx],
    own_why: impl Fn(&str) -> String,
) -> Vec<Answer> {
    use crate::check::Unsettled;
    // No candidate, no framework to build.
    if candidates.is_empty() {
        return Vec::new();
    }
    let map = cx.map;
    let id = |c: ClaimIdx| &map.claim(c).id;
    let standing = view.standing(cx.graph);
    let cycle = |claims: &[ClaimIdx]| claims.iter().map(|&c| id(c).as_str()).collect::<Vec<_>>().join(", ");
    candidates
        .iter()
        .map(|&(c, rel)| {
            let cid = id(c);
            let fails = if own.contains(&c) {
                Some(own_why(cid))
            } else if let Some(why) = standing.why_not(c) {
                Some(match why {
                    Unsettled::Defeated(d) => format!("its answer `{cid}` is attacked by `{}`, which it also holds", id(d)),
                    Unsettled::Undecided(cyc, true) => format!(
                        "its answer `{cid}` is undecided: it sits on a cycle of attacks among claims it holds ({})",
                        cycle(&cyc)
                    ),
                    Unsettled::Undecided(cyc, false) => format!(
                        "its answer `{cid}` is undecided: it is attacked from a cycle of attacks among claims it holds ({})",
                        cycle(&cyc)
                    ),
                })
            } else {
                let r = map.relation(rel);
                let step = format!("`{}` {} `{}`", id(r.from), r.kind, map.target_label(r.to));
                standing.why_step_not(rel, c).map(|why| match why {
                    Unsettled::Defeated(d) => {
                        format!("its answer {step} is undercut by `{}`, which it also holds", id(d))
                    }
                    Unsettled::Undecided(cyc, _) => format!(
                        "its answer {step} is undecided: it depends on a cycle of attacks among claims it holds ({})",
                        cycle(&cyc)
                    ),
                })
            };
            Answer { claim: c, rel, fails, recorded: false }
        })
        .collect()
}

/// The words a rule uses for its answers.
pub(crate) struct AnswerWords {
    /// What an answer is called: "reason", "answer".
    pub noun: &'static str,
    /// How the message names the answers that stand: "it gives `c` as its
    /// reason", "it answers with `c`".
    pub given: fn(&str, usize) -> String,
    /// The chain's heading for the answers that stand, and their labels'
    /// ("reason given", "answered").
    pub chain: &'static str,
    pub label: &'static str,
}

/// The note on a recorded answer that does not stand, naming it first:
/// "its recorded reason `c` is attacked by `d`, ...", or, when the step
/// fails (its relation may be written from the other claim), "its recorded
/// reason `c` does not stand: `b` contradicts `c` is undercut by `w`, ...".
fn recorded_note(why: &str, claim: &str, noun: &str) -> String {
    let rest = why.strip_prefix("its answer ").unwrap_or(why);
    match rest.strip_prefix(&format!("`{claim}` ")) {
        // The claim fails ("`c` is attacked by ..."), not its step ("`c` attacks `b` is ...").
        Some(tail) if tail.starts_with("is ") => format!("its recorded {noun} `{claim}` {tail}"),
        _ => format!("its recorded {noun} `{claim}` does not stand: {rest}"),
    }
}

/// Add the answers to a finding: those that stand address it (named in the
/// message, `addressed_by`, the chain and a label each); those that do not
/// are named in the message when none stands, and each gets a note saying
/// why, its relation and a label.
pub(crate) fn add_answers(
    map: &ArgMap,
    view: &ActorView,
    raw: &mut crate::check::Raw,
    answers: &[Answer],
    target: impl Fn(&Relation) -> String,
    words: &AnswerWords,
) {
    let actor = &map.actor(view.actor).id;
    let (stand, fail): (Vec<&Answer>, Vec<&Answer>) = answers.iter().partition(|a| a.fails.is_none());
    let ids = |v: &[&Answer]| list(v.iter().map(|a| &map.claim(a.claim).id));
    let step = |a: &Answer| {
        let rel = map.relation(a.rel);
        format!("{actor} affirms {} --{}--> {}", commitment_chain(map, view, a.claim), rel.kind, target(rel))
    };
    let noun = words.noun;
    // Recorded answers first: "its recorded reason `x` answers it".
    let (recorded, given): (Vec<&Answer>, Vec<&Answer>) = stand.iter().partition(|a| a.recorded);
    if !recorded.is_empty() {
        let steps: Vec<String> = recorded.iter().map(|a| step(a)).collect();
        raw.chain.push_str(&format!("; recorded {noun}: {}", steps.join("; ")));
        raw.message.push_str(&match recorded.len() {
            1 => format!("; its recorded {noun} {} answers it", ids(&recorded)),
            _ => format!("; its recorded {noun}s {} answer it", ids(&recorded)),
        });
    }
    if !given.is_empty() {
        let steps: Vec<String> = given.iter().map(|a| step(a)).collect();
        raw.chain.push_str(&format!("; {}: {}", words.chain, steps.join("; ")));
        raw.message.push_str(&format!("; {}", (words.given)(&ids(&given), given.len())));
    }
    if stand.is_empty() && !fail.is_empty() {
        let kind = if fail.iter().all(|a| a.recorded) { "recorded " } else { "" };
        raw.message.push_str(&match fail.len() {
            1 => format!("; its {kind}{noun} {} does not stand", ids(&fail)),
            _ => format!("; none of its {kind}{noun}s ({}) stands", ids(&fail)),
        });
    }
    if !fail.is_empty() {
        let steps: Vec<String> = fail.iter().map(|a| step(a)).collect();
        raw.chain.push_str(&format!("; not standing: {}", steps.join("; ")));
    }
    let mut shown: std::collections::HashSet<crate::source::Span, crate::ids::FastState> =
        raw.labels.iter().map(|l| l.span).collect();
    for a in answers {
        raw.relations.push(a.rel);
        let rel = map.relation(a.rel);
        // As written: for a `contradicts` towards the answer, `rel.from` is not the answer.
        let written = format!("`{}` {} `{}`", map.claim(rel.from).id, rel.kind, map.target_label(rel.to));
        let label = match &a.fails {
            None if a.recorded => {
                raw.addressed_by.push(a.claim);
                format!("recorded {noun}: {written}")
            }
            None => {
                raw.addressed_by.push(a.claim);
                format!("{}: {written}", words.label)
            }
            Some(why) => {
                raw.notes.push(if a.recorded { recorded_note(why, &map.claim(a.claim).id, noun) } else { why.clone() });
                format!("{}{noun} that does not stand: {written}", if a.recorded { "recorded " } else { "" })
            }
        };
        raw.labels.push(Label::secondary(rel.span, label));
        // The answer's own chain, where the finding does not show it already.
        let mut chain = Vec::new();
        chain_labels(map, view, a.claim, &mut chain);
        for l in chain {
            if shown.insert(l.span) {
                raw.labels.push(l);
            }
        }
    }
}
