//! SARIF 2.1.0: one run, a `rules` entry per rule and per file-problem code,
//! results with physical locations and `partialFingerprints`; acknowledged
//! findings carry a suppression with the reason.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Report, Reporter};
use crate::check::rule_infos;
use crate::diag::{Code, Level};
use crate::model::RuleLevel;
use crate::source::SourceFile;

/// SARIF output.
pub struct Sarif;

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

fn rule_level(l: RuleLevel) -> &'static str {
    match l {
        RuleLevel::Allow => "none",
        RuleLevel::Note => "note",
        RuleLevel::Warn => "warning",
        RuleLevel::Deny => "error",
    }
}

/// A relative URI reference for a file name: `/` separators, and every byte
/// outside the unreserved set percent-encoded.
pub fn file_uri(name: &str) -> String {
    let mut s = String::new();
    for b in name.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn region(file: &SourceFile, span: crate::source::Span) -> Value {
    let a = file.line_col(span.start);
    let b = file.line_col(span.end.max(span.start));
    json!({ "startLine": a.line, "startColumn": a.column, "endLine": b.line, "endColumn": b.column })
}

fn location(file: &SourceFile, span: crate::source::Span, message: Option<&str>) -> Value {
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file_uri(&file.name) },
            "region": region(file, span),
        }
    });
    if let Some(m) = message {
        v["message"] = json!({ "text": m });
    }
    v
}

/// The SARIF log of a report, as a value.
pub fn to_value(report: &Report) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for r in rule_infos() {
        ids.push(r.name);
        rules.push(json!({
            "id": r.name,
            "name": r.name,
            "shortDescription": { "text": r.summary },
            "fullDescription": { "text": r.explanation.split("\nExample:").next().unwrap_or("").trim() },
            "help": { "text": format!("{}\n\nRun `elenchus explain {}` for an example.", r.summary, r.name) },
            "defaultConfiguration": { "level": rule_level(r.default_level), "enabled": r.default_level != RuleLevel::Allow },
        }));
    }
    for c in Code::ALL {
        ids.push(c.as_str());
        rules.push(json!({
            "id": c.as_str(),
            "name": c.as_str(),
            "shortDescription": { "text": c.description() },
            "fullDescription": { "text": format!("A problem in the map file itself: {}", c.description()) },
            "help": { "text": "Fix the map file; `elenchus validate` lists every such problem." },
            "defaultConfiguration": { "level": level(c.level()) },
        }));
    }
    let index = |id: &str| ids.iter().position(|x| *x == id).unwrap_or(0);
    let mut results: Vec<Value> = Vec::new();
    for m in &report.maps {
        for d in &m.diagnostics {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" ({h})"));
            }
            results.push(json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index(d.code.as_str()),
                "level": level(d.level),
                "message": { "text": text },
                "locations": [location(&m.file, d.span(), None)],
            }));
        }
        for f in &m.findings {
            let mut locations = Vec::new();
            let mut related = Vec::new();
            for (i, l) in f.locations.iter().enumerate() {
                if i == 0 {
                    locations.push(location(&m.file, l.span, Some(&l.label)));
                } else {
                    let mut r = location(&m.file, l.span, Some(&l.label));
                    r["id"] = json!(i);
                    related.push(r);
                }
            }
            if locations.is_empty() {
                locations
                    .push(json!({ "physicalLocation": { "artifactLocation": { "uri": file_uri(&m.file.name) } } }));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": index(f.rule),
                "level": level(f.level),
                "message": { "text": format!("{}\nchain: {}", f.message, f.chain) },
                "locations": locations,
                "partialFingerprints": { "elenchus/v1": f.fingerprint },
                "properties": {
                    "actor": f.actor,
                    "claims": f.claims,
                    "relations": f.relations,
                    "addressedBy": f.addressed_by,
                    "chain": f.chain,
                },
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if let Some(reason) = &f.acknowledged {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "elenchus",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

impl Reporter for Sarif {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
        writeln!(out)
    }
}
