//! A map as Argdown: claims as titled statements (the title is the claim
//! id), relations as relation trees, and what a tree cannot hold (linked
//! premises, relation ids, notes, the other one of `supports` and
//! `implies`) as arguments with a premise–conclusion structure whose
//! inference names the relation's type; undercuts a tree cannot hold (with
//! an id, a note or a source, of an undercut or undercut themselves), the
//! `[checks]` and the `[[acknowledged]]` entries in the front matter's
//! `elenchus:` table. docs/interop.md has the table.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::{Value as J, json};

use crate::model::{AckClaims, Acknowledgement, ArgMap, Basis, Origin, Position, RelationKind, Stance, Target};

/// The Argdown text of a map.
pub fn write(map: &ArgMap) -> String {
    let has = |k: RelationKind| map.relations.iter().any(|r| r.kind == k);
    let strict = !has(RelationKind::Supports) && has(RelationKind::Implies);
    let tree_kind = if strict { RelationKind::Implies } else { RelationKind::Supports };
    let claim = |i: u32| map.claims[i as usize].id.as_str();

    // Which relations become arguments, and their titles.
    let mut titles: Vec<Option<String>> = vec![None; map.relations.len()];
    let mut used: HashSet<String> = map.relations.iter().filter_map(|r| r.id.clone()).collect();
    let mut counter = 0;
    let mut other_kind = false;
    // Undercuts written in the front matter, and the ids they have there.
    let undercut = |i: usize| map.relations[i].kind == RelationKind::Undercuts;
    let mut undercut_target = vec![false; map.relations.len()];
    for r in &map.relations {
        if let (RelationKind::Undercuts, Target::Relation(t)) = (r.kind, r.to) {
            undercut_target[t as usize] = true;
        }
    }
    let in_front: Vec<bool> = (0..map.relations.len())
        .map(|i| {
            let r = &map.relations[i];
            undercut(i)
                && (r.id.is_some()
                    || r.note.is_some()
                    || r.source.is_some()
                    || undercut_target[i]
                    || matches!(r.to, Target::Relation(t) if undercut(t as usize)))
        })
        .collect();
    for (i, r) in map.relations.iter().enumerate() {
        if undercut(i) {
            // An undercut another undercut names needs an id.
            if in_front[i] {
                titles[i] = r.id.clone().or_else(|| {
                    undercut_target[i].then(|| {
                        loop {
                            counter += 1;
                            let t = format!("r{counter}");
                            if used.insert(t.clone()) {
                                break t;
                            }
                        }
                    })
                });
            }
            continue;
        }
        let tree = r.id.is_none()
            && !r.is_linked()
            && r.note.is_none()
            && r.source.is_none()
            && matches!(r.kind, RelationKind::Attacks | RelationKind::Contradicts)
            || r.kind == tree_kind && r.id.is_none() && !r.is_linked() && r.note.is_none() && r.source.is_none();
        if tree {
            continue;
        }
        other_kind |= matches!(r.kind, RelationKind::Supports | RelationKind::Implies) && r.kind != tree_kind;
        titles[i] = Some(match &r.id {
            Some(id) => id.clone(),
            None => loop {
                counter += 1;
                let t = format!("r{counter}");
                if used.insert(t.clone()) {
                    break t;
                }
            },
        });
    }

    let mut out = String::new();
    // Front matter.
    // Written in the map's order (a JSON object would sort the actors).
    let mut elenchus: Vec<(&str, String)> = Vec::new();
    let mut meta = serde_json::Map::new();
    for (k, v) in [("source", &map.meta.source), ("description", &map.meta.description), ("url", &map.meta.url)] {
        if let Some(v) = v {
            meta.insert(k.into(), json!(v));
        }
    }
    if !meta.is_empty() {
        elenchus.push(("map", flow(&J::Object(meta))));
    }
    if !map.actors.is_empty() {
        let mut actors: Vec<(&str, String)> = Vec::new();
        for a in &map.actors {
            let mut t = serde_json::Map::new();
            for (k, v) in [("name", &a.name), ("kind", &a.kind), ("description", &a.description), ("url", &a.url)] {
                if let Some(v) = v {
                    t.insert(k.into(), json!(v));
                }
            }
            if !a.aliases.is_empty() {
                t.insert("aliases".into(), json!(a.aliases));
            }
            actors.push((&a.id, flow(&J::Object(t))));
        }
        elenchus.push(("actors", object(&actors)));
    }
    if !map.checks.is_empty() {
        let checks: Vec<(&str, String)> =
            map.checks.iter().map(|c| (c.rule.as_str(), flow(&json!(c.level.as_str())))).collect();
        elenchus.push(("checks", object(&checks)));
    }
    if !map.acknowledged.is_empty() {
        let acks: Vec<J> = map.acknowledged.iter().map(acknowledgement).collect();
        elenchus.push(("acknowledged", flow(&J::Array(acks))));
    }
    let front_relations: Vec<J> = (0..map.relations.len())
        .filter(|&i| in_front[i])
        .map(|i| {
            let r = &map.relations[i];
            let mut t = serde_json::Map::new();
            if let Some(id) = &titles[i] {
                t.insert("id".into(), json!(id));
            }
            t.insert("from".into(), json!(claim(r.from)));
            if let Target::Relation(to) = r.to {
                t.insert("to".into(), json!(titles[to as usize].as_deref().unwrap_or_default()));
            }
            t.insert("type".into(), json!(r.kind.as_str()));
            for (k, v) in [("note", &r.note), ("source", &r.source)] {
                if let Some(v) = v {
                    t.insert(k.into(), json!(v));
                }
            }
            J::Object(t)
        })
        .collect();
    if !front_relations.is_empty() {
        elenchus.push(("relations", flow(&J::Array(front_relations))));
    }
    if map.meta.title.is_some() || strict || !elenchus.is_empty() {
        out.push_str("===\n");
        if let Some(t) = &map.meta.title {
            let _ = writeln!(out, "title: {}", flow(&json!(t)));
        }
        if strict {
            out.push_str("model:\n    mode: strict\n");
        }
        if !elenchus.is_empty() {
            let _ = writeln!(out, "elenchus: {}", object(&elenchus));
        }
        out.push_str("===\n\n");
    }
    if titles.iter().enumerate().any(|(i, t)| t.is_some() && !undercut(i)) {
        let mode = if strict { "strict" } else { "loose" };
        let _ = writeln!(
            out,
            "// Written by elenchus in {mode} mode. Relations with linked premises, an id, a note or a source{} are\n\
             // written as arguments titled with the relation's id; the `type` in each inference's data is\n\
             // the relation's type.\n",
            if other_kind { ", and every `supports` and `implies` relation this mode cannot hold," } else { "" }
        );
    }

    // Claims.
    let mut stances: Vec<Vec<&Stance>> = vec![Vec::new(); map.claims.len()];
    for s in &map.stances {
        stances[s.claim as usize].push(s);
    }
    for (ci, c) in map.claims.iter().enumerate() {
        let _ = match c.text.is_empty() {
            true => write!(out, "[{}]:", c.id),
            false => write!(out, "[{}]: {}", c.id, escape(&c.text)),
        };
        let mut written = HashSet::new();
        for t in &c.tags {
            let t = tag(t);
            if written.insert(t.clone()) {
                out.push(' ');
                out.push_str(&t);
            }
        }
        let data = claim_data(map, ci, &stances[ci]);
        if !data.is_empty() {
            out.push(' ');
            out.push_str(&flow(&J::Object(data)));
        } else if c.text.is_empty() && written.is_empty() {
            // A claim without text: empty data keeps `[id]:` a definition.
            out.push_str(" {}");
        }
        out.push_str("\n\n");
    }

    // Relation trees, one per target claim.
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); map.claims.len()];
    for (i, r) in map.relations.iter().enumerate() {
        if let (None, Target::Claim(c)) = (&titles[i], r.to) {
            incoming[c as usize].push(i);
        }
    }
    for (c, rels) in map.claims.iter().zip(&incoming) {
        let mut lines = String::new();
        for r in rels.iter().map(|&i| &map.relations[i]) {
            let symbol = match r.kind {
                RelationKind::Supports | RelationKind::Implies => "<+",
                RelationKind::Attacks => "<-",
                RelationKind::Contradicts => "><",
                RelationKind::Undercuts => continue,
            };
            let _ = writeln!(lines, "    {symbol} [{}]", claim(r.from));
        }
        if !lines.is_empty() {
            let _ = write!(out, "[{}]\n{lines}\n", c.id);
        }
    }

    // Arguments.
    for (r, title) in map.relations.iter().zip(&titles) {
        let Some(title) = title.as_ref().filter(|_| r.kind != RelationKind::Undercuts) else { continue };
        let _ = write!(out, "<{title}>");
        if let Some(n) = &r.note {
            let _ = write!(out, ": {}", escape(n));
        }
        if let Some(s) = &r.source {
            let _ = write!(out, " {}", flow(&json!({ "source": s })));
        }
        out.push_str("\n\n");
        for (k, p) in r.premises().iter().enumerate() {
            let _ = writeln!(out, "({}) [{}]", k + 1, claim(*p));
        }
        let Target::Claim(to) = r.to else { continue };
        let _ = writeln!(
            out,
            "--\n{}\n--\n({}) [{}]\n",
            flow(&json!({ "type": r.kind.as_str() })),
            r.premises().len() + 1,
            claim(to)
        );
    }

    // Undercuts, below the arguments they undercut (the others are in the front matter).
    for (i, r) in map.relations.iter().enumerate() {
        if let (false, true, Target::Relation(t)) = (in_front[i], undercut(i), r.to)
            && let Some(title) = &titles[t as usize]
        {
            let _ = write!(out, "<{title}>\n    <_ [{}]\n\n", claim(r.from));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The data of a claim: its fields, absent actors and stances.
fn claim_data(map: &ArgMap, ci: usize, stances: &[&Stance]) -> serde_json::Map<String, J> {
    let c = &map.claims[ci];
    let mut d = serde_json::Map::new();
    for (k, v) in [("kind", &c.kind), ("source", &c.source), ("quote", &c.quote), ("url", &c.url), ("note", &c.note)] {
        if let Some(v) = v {
            d.insert(k.into(), json!(v));
        }
    }
    if !c.absent.is_empty() {
        let ids: Vec<&str> = c.absent.iter().map(|&a| map.actors[a as usize].id.as_str()).collect();
        d.insert("absent".into(), json!(ids));
    }
    let mut short: [Vec<&str>; 3] = Default::default();
    let mut long: Vec<J> = Vec::new();
    // A stance implied by another's `reason` is written as that reason.
    for s in stances.iter().filter(|s| s.origin != Origin::Reason) {
        let actor = map.actors[s.actor as usize].id.as_str();
        let plain = s.date.is_none()
            && s.source.is_none()
            && s.quote.is_none()
            && s.via.is_none()
            && s.note.is_none()
            && s.basis == Basis::Stated
            && s.reasons.is_empty()
            && s.recorded.is_none();
        if plain {
            let k = Position::ALL.iter().position(|&p| p == s.position).unwrap_or(0);
            short[k].push(actor);
            continue;
        }
        let mut e = serde_json::Map::new();
        e.insert("actor".into(), json!(actor));
        e.insert("position".into(), json!(s.position.as_str()));
        if let Some(date) = s.date {
            let mut text = date.to_string();
            if let Some(t) = s.time {
                text.push('T');
                text.push_str(&t.to_string());
            }
            e.insert("date".into(), json!(text));
        }
        if let Some(n) = s.seq {
            e.insert("seq".into(), json!(n));
        }
        for (k, v) in [("source", &s.source), ("quote", &s.quote), ("via", &s.via), ("note", &s.note)] {
            if let Some(v) = v {
                e.insert(k.into(), json!(v));
            }
        }
        if s.basis != Basis::Stated {
            e.insert("basis".into(), json!(s.basis.as_str()));
        }
        let reasons: Vec<&str> = s.reasons.iter().map(|&c| map.claims[c as usize].id.as_str()).collect();
        match reasons.as_slice() {
            [] => {}
            [one] => {
                e.insert("reason".into(), json!(one));
            }
            many => {
                e.insert("reason".into(), json!(many));
            }
        }
        if let Some(r) = &s.recorded {
            e.insert("recorded".into(), json!(r.position.as_str()));
            if let Some(c) = &r.correction {
                e.insert("correction".into(), json!(c));
            }
        }
        long.push(J::Object(e));
    }
    for ((key, _), actors) in super::to_map::STANCE_KEYS.iter().zip(short) {
        if !actors.is_empty() {
            d.insert((*key).into(), json!(actors));
        }
    }
    if !long.is_empty() {
        d.insert("stances".into(), J::Array(long));
    }
    d
}

/// An `[[acknowledged]]` entry as the map format writes it.
fn acknowledgement(a: &Acknowledgement) -> J {
    let mut t = serde_json::Map::new();
    for (k, v) in [("rule", &a.rule), ("actor", &a.actor)] {
        if let Some(v) = v {
            t.insert(k.into(), json!(v));
        }
    }
    match &a.claims {
        Some(AckClaims::Exactly(c)) => {
            t.insert("claims".into(), json!(c));
        }
        Some(AckClaims::Any) => {
            t.insert("claims".into(), json!("*"));
        }
        None => {}
    }
    if let Some(f) = &a.fingerprint {
        t.insert("fingerprint".into(), json!(f));
    }
    t.insert("reason".into(), json!(a.reason));
    J::Object(t)
}

/// JSON on one line with a space after `:` and `,`: a YAML flow value.
fn flow(v: &J) -> String {
    match v {
        J::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        J::Object(e) => {
            let e: Vec<(&str, String)> = e.iter().map(|(k, v)| (k.as_str(), flow(v))).collect();
            object(&e)
        }
        other => other.to_string(),
    }
}

/// A YAML flow mapping of values already written, in the order given.
fn object(entries: &[(&str, String)]) -> String {
    let e: Vec<String> = entries.iter().map(|(k, v)| format!("{}: {v}", J::String(k.to_string()))).collect();
    format!("{{{}}}", e.join(", "))
}

/// Text on one line, with the characters that Argdown reads as syntax escaped.
fn escape(text: &str) -> String {
    let text = super::parse::normalize(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let comment = c == '/' && matches!(chars.peek(), Some('/' | '*'));
        if comment || matches!(c, '\\' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '@') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A tag: `#tag`, or `#(long tag)` when it has other characters.
fn tag(t: &str) -> String {
    let simple = !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if simple { format!("#{t}") } else { format!("#({})", super::parse::normalize(t)) }
}
