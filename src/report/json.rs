//! The JSON document: `{ "version": 2, "maps": [...], "baseline": {...}, "findings": [...], "summary": {...} }`.
//! A stable interface, documented in `docs/checks.md`.

use std::io::{self, Write};

use serde::Serialize;

use super::{Counts, Items, Report, Reporter, Spliced, Totals};
use crate::check::Finding;

/// JSON output.
pub struct Json;

/// The document's `version`: 2 since acknowledgements are objects and the
/// counts by level leave acknowledged findings out.
pub const VERSION: u32 = 2;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    maps: Vec<MapDoc<'a>>,
    baseline: Option<BaselineDoc<'a>>,
    findings: Vec<&'a Finding>,
    summary: Totals,
}

#[derive(Serialize)]
struct MapDoc<'a> {
    file: &'a str,
    title: Option<&'a str>,
    valid: bool,
    counts: Option<Counts>,
    diagnostics: Vec<DiagDoc<'a>>,
}

#[derive(Serialize)]
struct BaselineDoc<'a> {
    file: &'a str,
    entries: usize,
    placeholders: usize,
}

/// A diagnostic in JSON: code, level, message, line, column (1-based), help.
#[derive(Serialize)]
pub(crate) struct DiagDoc<'a> {
    code: &'static str,
    level: crate::diag::Level,
    message: &'a str,
    line: usize,
    column: usize,
    help: Option<&'a str>,
}

impl<'a> DiagDoc<'a> {
    pub(crate) fn of(d: &'a crate::diag::Diagnostic, file: &crate::source::SourceFile) -> DiagDoc<'a> {
        let p = d.position(file);
        DiagDoc {
            code: d.code.as_str(),
            level: d.level,
            message: &d.message,
            line: p.line,
            column: p.column,
            help: d.help.as_deref(),
        }
    }
}

/// The JSON document of a report, as a value.
pub fn to_value(report: &Report) -> serde_json::Value {
    serde_json::to_value(doc(report, report.findings().collect())).unwrap_or(serde_json::Value::Null)
}

/// The document, with the findings given (all of them, or none when they
/// are written as a stream).
fn doc<'a>(report: &'a Report, findings: Vec<&'a Finding>) -> Doc<'a> {
    Doc {
        version: VERSION,
        maps: report
            .maps
            .iter()
            .map(|m| MapDoc {
                file: &m.file.name,
                title: m.title.as_deref(),
                valid: m.is_valid(),
                counts: m.counts,
                diagnostics: m.diagnostics.iter().map(|d| DiagDoc::of(d, &m.file)).collect(),
            })
            .collect(),
        baseline: report.baseline.as_ref().map(|b| BaselineDoc {
            file: &b.file.name,
            entries: b.entries,
            placeholders: b.placeholders,
        }),
        findings,
        summary: report.totals(),
    }
}

impl Reporter for Json {
    /// The document as [`to_value`] has it, written finding by finding.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let frame = serde_json::to_value(doc(report, Vec::new()))?;
        let stream = Spliced { value: &frame, key: "findings", stream: Items::new(report.findings()) };
        serde_json::to_writer_pretty(&mut *out, &stream)?;
        writeln!(out)
    }
}
