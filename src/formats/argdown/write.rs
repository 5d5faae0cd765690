//! A map as Argdown: claims as titled statements (the title is the claim
//! id), relations as relation trees, and what a tree cannot hold (linked
//! premises, relation ids, notes, the other one of `supports` and
//! `implies`) as arguments with a premise–conclusion structure whose
//! inference names the relation's type. docs/interop.md has the table.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::{Value as J, json};

use crate::model::{ArgMap, Basis, Origin, Position, RelationKind, Stance, Target};

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
    for (i, r) in map.relations.iter().enumerate() {
        if r.kind == RelationKind::Undercuts {
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
            for (k, v) in [("name", &a.name), ("kind", &a.kind), ("description", &a.description)] {
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
    if titles.iter().any(Option::is_some) {
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
        let _ = write!(out, "[{}]: {}", c.id, escape(&c.text));
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
        let Some(title) = title else { continue };
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

    // Undercuts, below the arguments they undercut.
    for r in map.relations.iter().filter(|r| r.kind == RelationKind::Undercuts) {
        let Target::Relation(t) = r.to else { continue };
        match &titles[t as usize] {
            Some(title) => {
                let _ = write!(out, "<{title}>\n    <_ [{}]\n\n", claim(r.from));
            }
            None => {
                let _ = write!(
                    out,
                    "// Not written: [{}] undercuts an undercut, which Argdown cannot hold.\n\n",
                    claim(r.from)
                );
            }
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
