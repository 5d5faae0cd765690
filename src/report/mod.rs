//! Output of `check`: one [`Report`] of every map's diagnostics and findings,
//! written by one [`Reporter`] per format (human, JSON, SARIF, GitHub).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use serde::Serialize;

pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use sarif::Sarif;

use crate::check::{CheckConfig, Finding, Summary, check};
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
    /// Findings that make `check` fail (error level, not acknowledged).
    pub failing: usize,
}

/// Exit code for a report: 2 when a map is invalid, 1 when a finding fails, else 0.
pub fn exit_code(t: &Totals) -> i32 {
    if t.invalid_maps > 0 {
        crate::cli::EXIT_INVALID
    } else if t.failing > 0 {
        crate::cli::EXIT_FINDINGS
    } else {
        crate::cli::EXIT_OK
    }
}

impl Report {
    /// Check loaded maps: each valid map is checked; invalid ones keep their diagnostics.
    pub fn check(loaded: Vec<Loaded>, config: &CheckConfig) -> Report {
        let maps = loaded
            .into_iter()
            .map(|l| {
                let (findings, counts, title) = match &l.map {
                    Some(map) => {
                        let graph = ClaimGraph::build(map);
                        let counts = Counts {
                            claims: map.claims.len(),
                            relations: map.relations.len(),
                            actors: map.actors.len(),
                            stances: map.stances.len(),
                        };
                        (check(&graph, config), Some(counts), map.meta.title.clone())
                    }
                    None => (Vec::new(), None, None),
                };
                MapReport { file: l.file, title, counts, diagnostics: l.diagnostics, findings, map: l.map }
            })
            .collect();
        Report { maps }
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.maps.iter().flat_map(|m| m.findings.iter())
    }

    pub fn totals(&self) -> Totals {
        let s = Summary::of(self.findings());
        Totals {
            maps: self.maps.len(),
            invalid_maps: self.maps.iter().filter(|m| !m.is_valid()).count(),
            errors: s.errors,
            warnings: s.warnings,
            notes: s.notes,
            acknowledged: s.acknowledged,
            failing: s.failing,
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

/// The reporter of a format. `color` applies to human output only.
pub fn reporter(format: OutputFormat, color: bool, quiet: bool) -> Box<dyn Reporter> {
    match format {
        OutputFormat::Human => Box::new(Human { color, quiet }),
        OutputFormat::Json => Box::new(Json),
        OutputFormat::Sarif => Box::new(Sarif),
        OutputFormat::Github => Box::new(Github),
    }
}

/// `n thing` / `n things`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
