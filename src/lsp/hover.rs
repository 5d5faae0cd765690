//! Hover on an id: a claim's text, kind, source and quote, its relations and
//! who affirms, denies or abstains (with dates); an actor's name and stances;
//! a relation's premises and target; a rule's summary.

use super::protocol::*;

use super::Analysis;
use super::document::{Document, Encoding};
use super::index::{Index, Ns};

/// Markdown for a claim.
pub fn claim_markdown(ix: &Index, id: &str) -> String {
    let mut s = format!("**claim** `{id}`\n");
    if let Some(c) = ix.claim(id) {
        if let Some(t) = c.field("text") {
            s.push_str(&format!("\n{t}\n"));
        }
        for key in ["kind", "source", "quote"] {
            if let Some(v) = c.field(key) {
                s.push_str(&format!("\n- {key}: {v}"));
            }
        }
        s.push('\n');
    }
    let out: Vec<String> = ix
        .relations
        .iter()
        .filter(|r| r.from.iter().any(|f| f == id))
        .map(|r| format!("- {} `{}`", r.kind, r.to))
        .collect();
    let into: Vec<String> = ix
        .relations
        .iter()
        .filter(|r| r.kind != "undercuts" && r.to == id)
        .map(|r| format!("- `{}` {}", r.from.join("` + `"), r.kind))
        .collect();
    section(&mut s, "relations", out.into_iter().chain(into).collect());
    let mut stances: Vec<String> = ix
        .stances
        .iter()
        .filter(|st| st.claim == id)
        .map(|st| match &st.date {
            Some(d) => format!("- `{}` {} ({d})", st.actor, st.position),
            None => format!("- `{}` {}", st.actor, st.position),
        })
        .collect();
    stances.sort();
    stances.dedup();
    section(&mut s, "stances", stances);
    s
}

/// A titled list, when it has lines.
fn section(s: &mut String, title: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    s.push_str(&format!("\n**{title}**\n\n"));
    for l in lines {
        s.push_str(&l);
        s.push('\n');
    }
}

fn actor_markdown(ix: &Index, id: &str) -> String {
    let mut s = format!("**actor** `{id}`\n");
    if let Some(a) = ix.actor(id) {
        for key in ["name", "kind", "description"] {
            if let Some(v) = a.field(key) {
                s.push_str(&format!("\n- {key}: {v}"));
            }
        }
        s.push('\n');
    }
    let stances: Vec<String> = ix
        .stances
        .iter()
        .filter(|st| st.actor == id)
        .map(|st| {
            let text = ix.claim(&st.claim).and_then(|c| c.field("text")).unwrap_or("");
            match &st.date {
                Some(d) => format!("- {} `{}` ({d}): {text}", st.position, st.claim),
                None => format!("- {} `{}`: {text}", st.position, st.claim),
            }
        })
        .collect();
    section(&mut s, "stances", stances);
    s
}

fn relation_markdown(ix: &Index, id: &str) -> String {
    let mut s = format!("**relation** `{id}`\n");
    for r in ix.relations.iter().filter(|r| r.id.as_deref() == Some(id)) {
        s.push_str(&format!("\n`{}` {} `{}`\n", r.from.join("` + `"), r.kind, r.to));
    }
    s
}

fn rule_markdown(name: &str) -> String {
    let name = crate::check::renamed(name).unwrap_or(name);
    match crate::check::rule_info(name) {
        Some(r) => format!("**rule** `{}` (default: {})\n\n{}", r.name, r.default_level.as_str(), r.summary),
        None => format!("**rule** `{name}`: no such rule"),
    }
}

pub fn hover(doc: &Document, a: &Analysis, pos: Position, enc: Encoding) -> Option<Hover> {
    let o = super::navigate::occurrence_at(doc, a, pos, enc)?;
    let ix = a.index.as_ref()?;
    let value = match o.ns {
        Ns::Claim => claim_markdown(ix, &o.name),
        Ns::Actor => actor_markdown(ix, &o.name),
        Ns::Relation => relation_markdown(ix, &o.name),
        Ns::Rule => rule_markdown(&o.name),
    };
    Some(Hover { contents: MarkupContent { kind: "markdown", value }, range: Some(doc.range(o.span, enc)) })
}
