//! `elenchus validate --format json`: each map's problems and the totals.

use serde::Serialize;

use super::json::DiagDoc;
use crate::load::Loaded;

/// The document's `version`.
pub const VERSION: u32 = 1;

/// `{ "version", "maps": [{ "file", "valid", "errors", "warnings",
/// "diagnostics" }], "summary": { "maps", "valid", "errors", "warnings" } }`.
#[derive(Serialize)]
pub struct Validation<'a> {
    version: u32,
    maps: Vec<MapDoc<'a>>,
    summary: Totals,
}

#[derive(Serialize)]
struct MapDoc<'a> {
    file: &'a str,
    valid: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<DiagDoc<'a>>,
}

/// The totals of a validation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub maps: usize,
    /// Whether every map is valid (no errors).
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
}

impl<'a> Validation<'a> {
    pub fn of(loaded: &'a [Loaded]) -> Validation<'a> {
        let maps: Vec<MapDoc<'a>> = loaded
            .iter()
            .map(|l| MapDoc {
                file: &l.file.name,
                valid: l.errors() == 0,
                errors: l.errors(),
                warnings: l.warnings(),
                diagnostics: l.diagnostics.iter().map(|d| DiagDoc::of(d, &l.file)).collect(),
            })
            .collect();
        let summary = totals(loaded);
        Validation { version: VERSION, maps, summary }
    }

    pub fn totals(&self) -> Totals {
        self.summary
    }
}

/// The totals of the maps `loaded`.
pub fn totals(loaded: &[Loaded]) -> Totals {
    let errors = loaded.iter().map(Loaded::errors).sum();
    let warnings = loaded.iter().map(Loaded::warnings).sum();
    Totals { maps: loaded.len(), valid: errors == 0, errors, warnings }
}
