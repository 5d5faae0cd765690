//! The JSON document: `{ "version": 1, "maps": [...], "findings": [...], "summary": {...} }`.
//! A stable interface, documented in `docs/checks.md`.

use std::io::{self, Write};

use serde::Serialize;

use super::{Counts, Report, Reporter, Totals};
use crate::check::Finding;

/// JSON output.
pub struct Json;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    maps: Vec<MapDoc<'a>>,
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
struct DiagDoc<'a> {
    code: &'static str,
    level: crate::diag::Level,
    message: &'a str,
    line: usize,
    column: usize,
    help: Option<&'a str>,
}

/// The JSON document of a report, as a value.
pub fn to_value(report: &Report) -> serde_json::Value {
    let doc = Doc {
        version: 1,
        maps: report
            .maps
            .iter()
            .map(|m| MapDoc {
                file: &m.file.name,
                title: m.title.as_deref(),
                valid: m.is_valid(),
                counts: m.counts,
                diagnostics: m
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let p = d.position(&m.file);
                        DiagDoc {
                            code: d.code.as_str(),
                            level: d.level,
                            message: &d.message,
                            line: p.line,
                            column: p.column,
                            help: d.help.as_deref(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        findings: report.findings().collect(),
        summary: report.totals(),
    };
    serde_json::to_value(doc).unwrap_or(serde_json::Value::Null)
}

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
        writeln!(out)
    }
}
