//! The rules, one per file, and the phrasing they share.

pub mod broken_entailment;
pub mod circular_support;
pub mod conflicting_position;
pub mod contradiction;
pub mod orphan_claim;
pub mod relation_conflict;
pub mod self_defeating_claim;
pub mod stance_shift;
pub mod unheeded_reason;
pub mod unsourced_stance;

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
/// (just `c` when it affirms `c` itself).
pub(crate) fn commitment_chain(map: &ArgMap, view: &ActorView, c: ClaimIdx) -> String {
    let mut s = String::new();
    for (i, (claim, rel)) in view.chain_to(c).into_iter().enumerate() {
        if i > 0 && rel.is_some() {
            s.push_str(" --implies--> ");
        }
        s.push_str(&map.claim(claim).id);
    }
    s
}

/// `cambodia affirms a --implies--> c`.
pub(crate) fn holds(map: &ArgMap, view: &ActorView, c: ClaimIdx) -> String {
    format!("{} affirms {}", map.actor(view.actor).id, commitment_chain(map, view, c))
}

/// The claims and relations of the chain to `c`, appended in order.
pub(crate) fn chain_items(view: &ActorView, c: ClaimIdx, claims: &mut Vec<ClaimIdx>, rels: &mut Vec<RelIdx>) {
    // A set, not `claims.contains`: chains can be as long as the map.
    let mut seen: std::collections::HashSet<ClaimIdx> = claims.iter().copied().collect();
    for (claim, rel) in view.chain_to(c) {
        if seen.insert(claim) {
            claims.push(claim);
        }
        if let Some(r) = rel {
            rels.push(r);
        }
    }
}

/// Labels for the chain to `c`: the affirming stance and each `implies`.
pub(crate) fn chain_labels(map: &ArgMap, view: &ActorView, c: ClaimIdx, labels: &mut Vec<Label>) {
    let actor = &map.actor(view.actor).id;
    for (claim, rel) in view.chain_to(c) {
        match rel {
            None => {
                if let Some(si) = view.current(claim) {
                    labels.push(Label::secondary(
                        map.stance(si).span,
                        format!("{actor} affirms `{}`", map.claim(claim).id),
                    ));
                }
            }
            Some(r) => labels.push(relation_label(map, r)),
        }
    }
}

/// A label on a relation: "`a` supports `b`".
pub(crate) fn relation_label(map: &ArgMap, r: RelIdx) -> Label {
    let rel = map.relation(r);
    Label::secondary(rel.span, format!("`{}` {} `{}`", map.claim(rel.from).id, rel.kind, map.target_label(rel.to)))
}

/// A label on a claim's definition.
pub(crate) fn claim_label(map: &ArgMap, c: ClaimIdx, message: impl Into<String>) -> Label {
    Label::secondary(map.claim(c).span, message)
}

/// `a`, `b` and `c`.
pub(crate) fn list(ids: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let v: Vec<String> = ids.into_iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}
