//! A map as AIF JSON (AIFdb's shape: `nodes`, `edges`, `locutions`,
//! `participants`): claims as I-nodes, relations as RA/CA/MA-nodes, stances
//! as L-nodes with YA-nodes, actors as participants. docs/interop.md has
//! the table of what is kept and what is lost.

use std::collections::HashSet;

use serde_json::{Value as J, json};

use super::read::{CONTRADICTION, DEFAULT_REPHRASE, IMPLICATION, REPHRASE_NOTE, REPORTED_BY, SCHEME_NOTE};
use crate::model::{ArgMap, Basis, Position, RelationKind, Target};

/// The AIF JSON text of a map (pretty-printed, deterministic).
pub fn write(map: &ArgMap) -> String {
    let mut used: HashSet<String> = map.claims.iter().map(|c| c.id.clone()).collect();
    used.extend(map.relations.iter().filter_map(|r| r.id.clone()));
    let mut counter = 0;
    let mut fresh = |prefix: &str, used: &mut HashSet<String>| loop {
        counter += 1;
        let id = format!("{prefix}{counter}");
        if used.insert(id.clone()) {
            break id;
        }
    };
    let rel_node: Vec<String> =
        map.relations.iter().map(|r| r.id.clone().unwrap_or_else(|| fresh("r", &mut used))).collect();

    let mut nodes: Vec<J> = Vec::new();
    let mut edges: Vec<J> = Vec::new();
    let edge = |edges: &mut Vec<J>, from: &str, to: &str| {
        let id = edges.len() + 1;
        edges.push(json!({"edgeID": id.to_string(), "fromID": from, "toID": to, "formEdgeID": null}));
    };
    for c in &map.claims {
        nodes.push(json!({"nodeID": c.id, "type": "I", "text": c.text, "timestamp": ""}));
    }

    // A pair of `implies` each way between two claims is one MA-node (a
    // rephrase), written at the first of the two.
    let plain_implies = |i: usize| {
        let r = &map.relations[i];
        r.kind == RelationKind::Implies && !r.is_linked()
    };
    let mut skip = vec![false; map.relations.len()];
    let mut is_ma = vec![false; map.relations.len()];
    for i in 0..map.relations.len() {
        if skip[i] || !plain_implies(i) {
            continue;
        }
        let r = &map.relations[i];
        let Target::Claim(to) = r.to else { continue };
        let back = (i + 1..map.relations.len()).find(|&j| {
            let s = &map.relations[j];
            !skip[j] && plain_implies(j) && s.from == to && s.to == Target::Claim(r.from) && s.id.is_none()
        });
        if let Some(j) = back {
            skip[j] = true;
            is_ma[i] = true;
        }
    }
    for (i, r) in map.relations.iter().enumerate() {
        if skip[i] {
            continue;
        }
        let scheme_of_note = r.note.as_deref().and_then(|n| n.strip_prefix(SCHEME_NOTE));
        // A `supports` read from an MA-node is one again.
        let rephrase = r
            .note
            .as_deref()
            .and_then(|n| n.strip_prefix(REPHRASE_NOTE))
            .filter(|_| r.kind == RelationKind::Supports && !r.is_linked() && matches!(r.to, Target::Claim(_)));
        let (ty, default) = match r.kind {
            _ if is_ma[i] || rephrase.is_some() => ("MA", DEFAULT_REPHRASE),
            RelationKind::Supports => ("RA", "Default Inference"),
            RelationKind::Implies => ("RA", IMPLICATION),
            RelationKind::Attacks | RelationKind::Undercuts => ("CA", "Default Conflict"),
            RelationKind::Contradicts => ("CA", CONTRADICTION),
        };
        let scheme = match r.kind {
            RelationKind::Implies if !is_ma[i] => IMPLICATION,
            RelationKind::Contradicts => CONTRADICTION,
            _ => rephrase.or(scheme_of_note).unwrap_or(default),
        };
        let id = &rel_node[i];
        nodes.push(json!({"nodeID": id, "type": ty, "text": scheme, "scheme": scheme, "timestamp": ""}));
        for &p in r.premises() {
            edge(&mut edges, &map.claims[p as usize].id, id);
        }
        match r.to {
            Target::Claim(c) => edge(&mut edges, id, &map.claims[c as usize].id),
            Target::Relation(t) => edge(&mut edges, id, &rel_node[t as usize]),
        }
    }

    // Actors as participants, stances as locutions.
    let mut participants: Vec<J> = Vec::new();
    for (k, a) in map.actors.iter().enumerate() {
        let name = a.display_name();
        let (first, last) = name.rsplit_once(' ').unwrap_or((name, ""));
        participants.push(json!({"participantID": (k + 1).to_string(), "firstname": first, "surname": last}));
    }
    let mut locutions: Vec<J> = Vec::new();
    for s in &map.stances {
        let actor = &map.actors[s.actor as usize];
        let claim = &map.claims[s.claim as usize];
        let time = s.date.map(|d| match s.time {
            Some(t) => format!("{d} {t}"),
            None => d.to_string(),
        });
        let time = time.unwrap_or_default();
        let words = s.quote.as_deref().unwrap_or(&claim.text);
        let l = fresh("l", &mut used);
        let y = fresh("y", &mut used);
        let default = match s.position {
            Position::Affirms => "Asserting",
            Position::Denies => "Disagreeing",
            Position::Abstains => "Abstaining",
        };
        let illocution = s
            .via
            .as_deref()
            .filter(|v| super::Illocutions::default().position(v) == Some(s.position))
            .unwrap_or(default);
        nodes.push(
            json!({"nodeID": l, "type": "L", "text": format!("{} : {words}", actor.display_name()), "timestamp": time}),
        );
        nodes.push(json!({"nodeID": y, "type": "YA", "text": illocution, "scheme": illocution, "timestamp": time}));
        locutions.push(json!({"nodeID": l, "personID": (s.actor as usize + 1).to_string(), "start": time}));
        edge(&mut edges, &l, &y);
        edge(&mut edges, &y, &claim.id);
        if s.basis == Basis::Reported {
            // The words reported by someone: that someone's locution, linked by an Asserting YA-node.
            let by = s.source.as_deref().and_then(|x| x.strip_prefix(REPORTED_BY));
            let rl = fresh("l", &mut used);
            let ry = fresh("y", &mut used);
            let text = match by {
                Some(b) => format!("{b} : {} said {words}", actor.display_name()),
                None => format!("{} said {words}", actor.display_name()),
            };
            nodes.push(json!({"nodeID": rl, "type": "L", "text": text, "timestamp": time}));
            nodes.push(
                json!({"nodeID": ry, "type": "YA", "text": "Asserting", "scheme": "Asserting", "timestamp": time}),
            );
            edge(&mut edges, &rl, &ry);
            edge(&mut edges, &ry, &l);
        }
    }
    let doc = json!({"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants});
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
