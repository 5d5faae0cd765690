//! Output of `check`: one [`Report`] of every map's diagnostics and findings,
//! written by one [`Reporter`] per format (human, JSON, SARIF, GitHub).

pub mod baseline;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod summary;
pub mod validation;

use std::io::{self, Write};

use serde::Serialize;

pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use sarif::Sarif;

use crate::check::{CheckConfig, Finding, Summary, check_counted};
use crate::diag::{Diagnostic, Level};
use crate::graph::ClaimGraph;
use crate::load::Loaded;
use crate::model::ArgMap;
use crate::source::SourceFile;

/// Counts of one map's contents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub claims: usize,
    pub relations: usize,
    pub actors: usize,
    pub stances: usize,
}

/// The result of checking one map file.
#[derive(Debug, Clone)]
pub struct MapReport {
    pub file: SourceFile,
    pub title: Option<String>,
    /// Set when the map loaded without errors (and so was checked).
    pub counts: Option<Counts>,
    /// Problems in the file itself (syntax, schema, references).
    pub diagnostics: Vec<Diagnostic>,
    pub findings: Vec<Finding>,
    /// Findings past the cap on findings kept ([`CheckConfig::max_findings`]),
    /// counted but not kept.
    pub omitted: Summary,
    /// The map that was checked (when it loaded without errors), for callers
    /// that look further into it.
    pub map: Option<ArgMap>,
}

impl MapReport {
    pub fn is_valid(&self) -> bool {
        self.counts.is_some()
    }
}

/// The result of checking several maps.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub maps: Vec<MapReport>,
    /// The baseline read (`check --baseline`), when one was.
    pub baseline: Option<BaselineReport>,
}

/// What a run says of its baseline file: its entries that matched no
/// finding, reported against the baseline's own lines.
#[derive(Debug, Clone)]
pub struct BaselineReport {
    pub file: SourceFile,
    /// Entries in the baseline.
    pub entries: usize,
    /// Entries that still give the placeholder reason.
    pub placeholders: usize,
    /// A `stale-acknowledgement` finding per entry that matched nothing.
    pub findings: Vec<Finding>,
}

/// Totals over a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub maps: usize,
    pub invalid_maps: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub acknowledged: usize,
    /// Of the acknowledged findings, those only a wildcard (`claims = "*"`) acknowledges.
    pub acknowledged_by_wildcard: usize,
    /// Findings that make `check` fail (error level, not acknowledged).
    pub failing: usize,
    /// Findings counted above but not listed: past the cap on findings kept.
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Exit code: success, nothing at error level.
pub const EXIT_OK: i32 = 0;
/// Exit code: `check` found a tension at error level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: unreadable or invalid input, or bad usage.
pub const EXIT_INVALID: i32 = 2;

/// Exit code for a report: 2 when a map is invalid, 1 when a finding fails, else 0.
pub fn exit_code(t: &Totals) -> i32 {
    if t.invalid_maps > 0 {
        EXIT_INVALID
    } else if t.failing > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

impl Report {
    /// Check loaded maps: each valid map is checked; invalid ones keep their diagnostics.
    /// With a baseline (`config.baseline`), its entries that matched no
    /// finding of any map are reported in [`Report::baseline`].
    pub fn check(loaded: Vec<Loaded>, config: &CheckConfig) -> Report {
        if let Some(b) = &config.baseline {
            b.reset();
        }
        let maps: Vec<MapReport> = loaded
            .into_iter()
            .map(|l| {
                let (checked, counts, title) = match &l.map {
                    Some(map) => {
                        let graph = ClaimGraph::build(map);
                        let counts = Counts {
                            claims: map.claims.len(),
                            relations: map.relations.len(),
                            actors: map.actors.len(),
                            stances: map.stances.len(),
                        };
                        (check_counted(&graph, config), Some(counts), map.meta.title.clone())
                    }
                    None => (Default::default(), None, None),
                };
                MapReport {
                    file: l.file,
                    title,
                    counts,
                    diagnostics: l.diagnostics,
                    findings: checked.findings,
                    omitted: checked.omitted,
                    map: l.map,
                }
            })
            .collect();
        let baseline = config.baseline.as_deref().map(|b| {
            let checked: Vec<(&ArgMap, &[Finding])> =
                maps.iter().filter_map(|m| m.map.as_ref().map(|map| (map, m.findings.as_slice()))).collect();
            BaselineReport {
                file: b.file().clone(),
                entries: b.entries().len(),
                placeholders: b.placeholders(),
                findings: crate::check::stale_baseline(config, &checked)
                    .into_iter()
                    .filter(|f| config.keeps(f))
                    .collect(),
            }
        });
        Report { maps, baseline }
    }

    /// Every finding: each map's, then the baseline's.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.maps.iter().flat_map(|m| m.findings.iter()).chain(self.baseline.iter().flat_map(|b| b.findings.iter()))
    }

    pub fn totals(&self) -> Totals {
        let mut s = Summary::of(self.findings());
        let mut omitted = 0;
        for m in &self.maps {
            s.merge(&m.omitted);
            omitted += m.omitted.total();
        }
        Totals {
            maps: self.maps.len(),
            invalid_maps: self.maps.iter().filter(|m| !m.is_valid()).count(),
            errors: s.errors,
            warnings: s.warnings,
            notes: s.notes,
            acknowledged: s.acknowledged,
            acknowledged_by_wildcard: s.acknowledged_by_wildcard,
            failing: s.failing,
            omitted,
        }
    }

    /// Diagnostics at error level across all maps.
    pub fn diagnostic_errors(&self) -> usize {
        self.maps.iter().flat_map(|m| &m.diagnostics).filter(|d| d.level == Level::Error).count()
    }
}

/// Writes a report in one format.
pub trait Reporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    Github,
}

/// What `-q` and `-qq` leave out of human output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quiet {
    /// Notes (and acknowledged findings, shown as notes): `-q`.
    pub notes: bool,
    /// The summary line: `-qq`.
    pub summary: bool,
}

impl From<bool> for Quiet {
    /// `true`: leave out both.
    fn from(quiet: bool) -> Quiet {
        Quiet { notes: quiet, summary: quiet }
    }
}

/// The reporter of a format. `color` and `quiet` apply to human output only.
pub fn reporter(format: OutputFormat, color: bool, quiet: impl Into<Quiet>) -> Box<dyn Reporter> {
    let quiet = quiet.into();
    match format {
        OutputFormat::Human => Box::new(Human { color, quiet }),
        OutputFormat::Json => Box::new(Json),
        OutputFormat::Sarif => Box::new(Sarif),
        OutputFormat::Github => Box::new(Github),
    }
}

/// The line that says how many findings of a map were left out, if any.
pub(crate) fn omitted_line(m: &MapReport) -> Option<String> {
    let n = m.omitted.total();
    (n > 0).then(|| {
        format!(
            "{} in {} not listed: only the first {} found are kept (`--max-findings` sets the cap); \
             the counts include them",
            plural(n, "more finding", "more findings"),
            m.file.name,
            m.findings.len()
        )
    })
}

/// A sequence written item by item from an iterator, each item as the JSON
/// value it serialises to (so with its keys sorted, as a [`serde_json::Value`]
/// writes them): a report is written as it is formatted, never held whole.
pub(crate) struct Items<I>(std::cell::RefCell<Option<I>>);

impl<I> Items<I> {
    pub(crate) fn new(items: I) -> Self {
        Items(std::cell::RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Items<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let items = self.0.borrow_mut().take().ok_or_else(|| S::Error::custom("a stream is written once"))?;
        let mut seq = s.serialize_seq(None)?;
        for item in items {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// A JSON object written as `value` is, except its member `key`, written
/// from `stream` in its place.
pub(crate) struct Spliced<'a, T> {
    pub value: &'a serde_json::Value,
    pub key: &'a str,
    pub stream: T,
}

impl<T: Serialize> Serialize for Spliced<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap};
        let object = self.value.as_object().ok_or_else(|| S::Error::custom("not an object"))?;
        let mut map = s.serialize_map(Some(object.len()))?;
        for (k, v) in object {
            if k == self.key {
                map.serialize_entry(k, &self.stream)?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// `n thing` / `n things`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
