//! SARIF 2.1.0: one run, a `rules` entry per rule and per file-problem code
//! (each with a PascalCase `name` and a `helpUri` into the documentation),
//! results with physical locations and `partialFingerprints`; acknowledged
//! findings carry a suppression with the reason. A relative file name is a
//! URI relative to `%SRCROOT%` (the directory the run started in, given in
//! `originalUriBaseIds`), an absolute one a `file://` URI.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Items, MapReport, Report, Reporter, Spliced};
use crate::check::Finding;
use crate::check::rule_infos;
use crate::diag::Diagnostic;
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

/// A URI reference for a file name: every byte outside the unreserved set
/// and `/` percent-encoded, so that nothing in a name (`\`, `%`, `?`, `#`,
/// `:`, spaces, controls, non-ASCII) is read as URI syntax. A backslash is
/// a character of a file name, not a separator (`a\b.toml` is one file on
/// Unix): it is `%5C`. Leading slashes are written as one, since `//x`
/// would name a host `x` (and `//x` is the file `/x`).
pub fn file_uri(name: &str) -> String {
    let mut s = String::new();
    let rest = name.trim_start_matches('/');
    if rest.len() < name.len() {
        s.push('/');
    }
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// Where the project lives: the driver's `informationUri`, and the base of
/// every rule's `helpUri`.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The base id of relative artifact URIs: the directory the run started in.
pub const SRCROOT: &str = "%SRCROOT%";

/// The `artifactLocation` of a file name: an absolute name is a `file://`
/// URI; a relative one is relative to [`SRCROOT`]. Standard input
/// (`<stdin>`, a map with no path) has no base.
pub fn artifact_location(name: &str, on_disk: bool) -> Value {
    if !on_disk {
        json!({ "uri": file_uri(name) })
    } else if name.starts_with('/') {
        json!({ "uri": format!("file://{}", file_uri(name)) })
    } else {
        json!({ "uri": file_uri(name), "uriBaseId": SRCROOT })
    }
}

/// The SARIF `name` of a rule id: PascalCase (`unheeded-reason` is `UnheededReason`).
/// A one-word id would give a name that differs from it in case only, which
/// SARIF validators reject (SARIF1001): those have names of their own.
pub fn rule_name(id: &str) -> String {
    match id {
        "contradiction" => return "ContradictoryPositions".into(),
        "io" => return "UnreadableInput".into(),
        "encoding" => return "InvalidEncoding".into(),
        "syntax" => return "SyntaxError".into(),
        _ => {}
    }
    if !id.contains('-') {
        let mut c = id.chars();
        return c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default() + "Problem";
    }
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The documentation of a rule: its section of docs/checks.md; of a file-problem
/// code, the table of diagnostics in docs/format.md.
pub fn help_uri(id: &str, is_rule: bool) -> String {
    if is_rule {
        format!("{INFORMATION_URI}/blob/main/docs/checks.md#{id}")
    } else {
        format!("{INFORMATION_URI}/blob/main/docs/format.md#diagnostics")
    }
}

fn region(file: &SourceFile, span: crate::source::Span) -> Value {
    let a = file.line_col(span.start);
    let b = file.line_col(span.end.max(span.start));
    json!({ "startLine": a.line, "startColumn": a.column, "endLine": b.line, "endColumn": b.column })
}

fn location(file: &SourceFile, span: crate::source::Span, message: Option<&str>) -> Value {
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(&file.name, file.path.is_some()),
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
    let (rules, ids) = rules();
    let mut log = frame(report, rules);
    log["runs"][0]["results"] = Value::Array(results(report, ids).collect());
    log
}

/// Every rule's entry, and the rule ids in the order of the entries.
fn rules() -> (Vec<Value>, Vec<&'static str>) {
    let mut rules: Vec<Value> = Vec::new();
    let mut ids: Vec<&'static str> = Vec::new();
    for r in rule_infos() {
        ids.push(r.name);
        rules.push(json!({
            "id": r.name,
            "name": rule_name(r.name),
            "helpUri": help_uri(r.name, true),
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
            "name": rule_name(c.as_str()),
            "helpUri": help_uri(c.as_str(), false),
            "shortDescription": { "text": c.description() },
            "fullDescription": { "text": format!("A problem in the map file itself: {}", c.description()) },
            "help": { "text": "Fix the map file; `elenchus validate` lists every such problem." },
            "defaultConfiguration": { "level": level(c.level()) },
        }));
    }
    (rules, ids)
}

/// The log without its results (an empty list in their place).
fn frame(report: &Report, rules: Vec<Value>) -> Value {
    let mut run = json!({
        "tool": { "driver": {
            "name": "elenchus",
            "informationUri": INFORMATION_URI,
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": [],
    });
    // The base of relative URIs, when the directory has a name that can be one.
    if let Some(root) =
        std::env::current_dir().ok().and_then(|d| d.to_str().filter(|d| d.starts_with('/')).map(str::to_string))
    {
        let root = if root.ends_with('/') { root } else { format!("{root}/") };
        run["originalUriBaseIds"] = json!({ SRCROOT: artifact_location(&root, true) });
    }
    let omitted = report.totals().omitted;
    if omitted > 0 {
        let lines: Vec<String> = report.maps.iter().filter_map(super::omitted_line).collect();
        run["properties"] = json!({ "omittedFindings": omitted, "omitted": lines });
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    })
}

/// The results of a report, one at a time: each map's diagnostics, then its findings.
fn results<'r>(report: &'r Report, ids: Vec<&'static str>) -> impl Iterator<Item = Value> + 'r {
    let index = std::rc::Rc::new(move |id: &str| ids.iter().position(|x| *x == id).unwrap_or(0));
    let index3 = index.clone();
    report
        .maps
        .iter()
        .flat_map(move |m| {
            let (i1, i2) = (index.clone(), index.clone());
            let diagnostics = m.diagnostics.iter().map(move |d| diagnostic_result(m, d, &*i1));
            let findings = m.findings.iter().map(move |f| finding_result(&m.file, f, &*i2));
            diagnostics.chain(findings)
        })
        .chain(report.baseline.iter().flat_map(move |b| {
            let i3 = index3.clone();
            b.findings.iter().map(move |f| finding_result(&b.file, f, &*i3))
        }))
}

fn diagnostic_result(m: &MapReport, d: &Diagnostic, index: &dyn Fn(&str) -> usize) -> Value {
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!(" ({h})"));
    }
    json!({
       "ruleId": d.code.as_str(),
       "ruleIndex": index(d.code.as_str()),
       "level": level(d.level),
       "message": { "text": text },
       "locations": [location(&m.file, d.span(), None)],
    })
}

fn finding_result(file: &SourceFile, f: &Finding, index: &dyn Fn(&str) -> usize) -> Value {
    let mut locations = Vec::new();
    let mut related = Vec::new();
    for (i, l) in f.locations.iter().enumerate() {
        if i == 0 {
            locations.push(location(file, l.span, Some(&l.label)));
        } else {
            let mut r = location(file, l.span, Some(&l.label));
            r["id"] = json!(i);
            related.push(r);
        }
    }
    if locations.is_empty() {
        locations.push(
            json!({ "physicalLocation": { "artifactLocation": artifact_location(&file.name, file.path.is_some()) } }),
        );
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
            "basis": f.basis,
            "claims": f.claims,
            "relations": f.relations,
            "addressedBy": f.addressed_by,
            "chain": f.chain,
        },
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    // An acknowledged finding does not fail the run: it is suppressed
    // (accepted, with the reason and the entry's place) and reported as a
    // note, so that a gate on suppressions or on levels agrees with the
    // exit code. Its own level is kept in the properties.
    if let Some(a) = &f.acknowledged {
        result["level"] = json!("note");
        result["properties"]["unacknowledgedLevel"] = json!(level(f.level));
        result["suppressions"] = json!([{
            "kind": a.kind.as_str(),
            "status": "accepted",
            "justification": a.reason,
            "location": { "physicalLocation": {
                "artifactLocation": artifact_location(&a.file, a.file != "<stdin>"),
                "region": { "startLine": a.line },
            }},
        }]);
    }
    result
}

impl Reporter for Sarif {
    /// The log as [`to_value`] has it, written result by result.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let (rules, ids) = rules();
        let log = frame(report, rules);
        let run = Spliced { value: &log["runs"][0], key: "results", stream: Items::new(results(report, ids)) };
        serde_json::to_writer_pretty(&mut *out, &Spliced { value: &log, key: "runs", stream: [run] })?;
        writeln!(out)
    }
}
