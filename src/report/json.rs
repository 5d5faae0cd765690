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

/// A finding written as its value (`serde_json::to_value`) is, members by
/// name, without building the value: the document's findings are written
/// one by one in that order since the first version.
struct Sorted<'a>(&'a Finding);

impl Serialize for Sorted<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeStruct};
        let f = self.0;
        let mut m = s.serialize_struct("Finding", 14)?;
        match &f.acknowledged {
            None => m.serialize_field("acknowledged", &None::<()>)?,
            // Few findings: as a value, its members by name.
            Some(a) => m.serialize_field("acknowledged", &serde_json::to_value(a).map_err(S::Error::custom)?)?,
        }
        m.serialize_field("actor", &f.actor)?;
        m.serialize_field("addressed_by", &f.addressed_by)?;
        m.serialize_field("basis", &f.basis)?;
        m.serialize_field("chain", &f.chain)?;
        m.serialize_field("claims", &f.claims)?;
        m.serialize_field("file", &*f.file)?;
        m.serialize_field("fingerprint", &f.fingerprint)?;
        m.serialize_field("level", &f.level)?;
        m.serialize_field("locations", &Items::new(f.locations.iter().map(SortedLocation)))?;
        m.serialize_field("message", &f.message)?;
        m.serialize_field("notes", &f.notes)?;
        m.serialize_field("relations", &f.relations)?;
        m.serialize_field("rule", &f.rule)?;
        m.end()
    }
}

/// A location written as its value is, members by name.
struct SortedLocation<'a>(&'a crate::check::Location);

impl Serialize for SortedLocation<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let l = self.0;
        let mut m = s.serialize_struct("Location", 4)?;
        m.serialize_field("column", &l.column)?;
        m.serialize_field("file", &*l.file)?;
        m.serialize_field("label", &l.label)?;
        m.serialize_field("line", &l.line)?;
        m.end()
    }
}

impl Reporter for Json {
    /// The document as [`to_value`] has it, written finding by finding.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let frame = serde_json::to_value(doc(report, Vec::new()))?;
        let stream = Spliced { value: &frame, key: "findings", stream: Items::new(report.findings().map(Sorted)) };
        serde_json::to_writer_pretty(&mut *out, &stream)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each finding is written as its value is, acknowledged or not.
    #[test]
    fn findings_written_as_their_values() {
        let text = "[actors.a]\n[claims.c1]\ntext = \"One.\"\nattacks = [\"c2\"]\n[claims.c2]\ntext = \"Two.\"\n\
                    [[stances]]\nactor = \"a\"\nclaim = \"c2\"\nposition = \"affirms\"\n\
                    [[stances]]\nactor = \"a\"\nclaim = \"c1\"\nposition = \"denies\"\n";
        let loaded = crate::load::load_str("m.toml", text.to_string(), crate::Format::Toml);
        let map = loaded.map.expect("a valid map");
        let graph = crate::ClaimGraph::build(&map);
        let mut findings = crate::check(&graph, &crate::CheckConfig::default());
        assert!(!findings.is_empty());
        let mut acknowledged = findings[0].clone();
        acknowledged.acknowledged = Some(crate::check::Acknowledged {
            reason: "Known.".to_string(),
            kind: crate::model::AckKind::External,
            file: "baseline.toml".to_string(),
            line: 3,
            wildcard: false,
        });
        findings.push(acknowledged);
        for f in &findings {
            let direct = serde_json::to_string_pretty(&Sorted(f)).unwrap();
            let by_value = serde_json::to_string_pretty(&serde_json::to_value(f).unwrap()).unwrap();
            assert_eq!(direct, by_value);
        }
    }
}
