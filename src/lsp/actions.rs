//! Code actions: apply a diagnostic's "did you mean" fix; acknowledge a
//! finding by adding an `[[acknowledged]]` entry for it.

use super::protocol::*;

use super::Analysis;
use super::document::{Document, Encoding};
use super::navigate::workspace_edit as edit;
use crate::check::{Finding, PLACEHOLDER_REASON};
use crate::load::value::Kind;
use crate::source::{Format, Span};

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The `[[acknowledged]]` entry (TOML) that names a finding exactly.
pub fn toml_entry(f: &Finding) -> String {
    let mut s = format!("[[acknowledged]]\nrule = {}\n", quoted(f.rule));
    if let Some(a) = &f.actor {
        s.push_str(&format!("actor = {}\n", quoted(a)));
    }
    if !f.claims.is_empty() {
        let claims: Vec<String> = f.claims.iter().map(|c| quoted(c)).collect();
        s.push_str(&format!("claims = [{}]\n", claims.join(", ")));
    }
    s.push_str(&format!("reason = {}\n", quoted(PLACEHOLDER_REASON)));
    s
}

/// The same entry as a JSON object.
pub fn json_entry(f: &Finding) -> String {
    let mut o = serde_json::Map::new();
    o.insert("rule".into(), f.rule.into());
    if let Some(a) = &f.actor {
        o.insert("actor".into(), a.as_str().into());
    }
    if !f.claims.is_empty() {
        o.insert("claims".into(), f.claims.clone().into());
    }
    o.insert("reason".into(), PLACEHOLDER_REASON.into());
    serde_json::Value::Object(o).to_string()
}

/// Where and what to insert to add an entry for `f`.
fn ack_insert(a: &Analysis, f: &Finding) -> Option<(Span, String)> {
    let text = a.report.file.text.as_str();
    match a.report.file.format {
        Format::Toml => {
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            Some((Span::new(text.len(), text.len()), format!("{sep}{}", toml_entry(f))))
        }
        Format::Json => {
            let root = crate::load::parse(&a.report.file).ok()?.0;
            let Kind::Table(entries) = &root.kind else { return None };
            let entry = json_entry(f);
            match entries.iter().find(|(k, _)| k.name == "acknowledged") {
                Some((_, v)) => {
                    let Kind::Array(items) = &v.kind else { return None };
                    let close = v.span.end.checked_sub(1)?;
                    let sep = if items.is_empty() { "" } else { ", " };
                    Some((Span::new(close, close), format!("{sep}{entry}")))
                }
                None => {
                    let close = root.span.end.checked_sub(1)?;
                    let sep = if entries.is_empty() { "" } else { ",\n  " };
                    let trimmed = text[..close].trim_end().len();
                    Some((Span::new(trimmed, trimmed), format!("{sep}\"acknowledged\": [{entry}]\n")))
                }
            }
        }
        _ => None,
    }
}

/// The actions for the diagnostics the client sends back.
pub fn actions(doc: &Document, a: &Analysis, uri: &Uri, p: &CodeActionParams, enc: Encoding) -> Vec<CodeAction> {
    let mut out = Vec::new();
    for d in &p.context.diagnostics {
        let Some(data) = &d.data else { continue };
        if let Some(new) = data.get("replace").and_then(|v| v.as_str()) {
            let span = doc.index.span(&doc.text, d.range, enc);
            let old = &doc.text[span.range()];
            let q = old.chars().next().filter(|c| matches!(c, '"' | '\''));
            let text = match q {
                Some(q) if old.len() >= 2 && old.ends_with(q) => format!("{q}{new}{q}"),
                _ => new.to_string(),
            };
            out.push(CodeAction {
                title: format!("Replace with `{new}`"),
                kind: Some("quickfix"),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(edit(uri, vec![TextEdit::new(d.range, text)])),
                is_preferred: Some(true),
            });
        }
        let fingerprint = data.get("fingerprint").and_then(|v| v.as_str());
        let acknowledged = data.get("acknowledged").is_some_and(|v| !v.is_null());
        if let Some(fp) = fingerprint
            && !acknowledged
            && let Some(f) = a.report.findings.iter().find(|f| f.fingerprint == fp && f.acknowledged.is_none())
            && f.rule != crate::check::STALE_ACKNOWLEDGEMENT
            && let Some((span, text)) = ack_insert(a, f)
        {
            out.push(CodeAction {
                title: format!("Acknowledge this `{}` finding", f.rule),
                kind: Some("quickfix"),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(edit(uri, vec![TextEdit::new(doc.range(span, enc), text)])),
                is_preferred: None,
            });
        }
    }
    out
}
