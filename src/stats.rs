//! Counts of a map's contents, for `elenchus stats`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{ArgMap, Position, RelationKind};

/// Counts of claims by kind, relations by type, actors, and stances by position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub claims: usize,
    /// Claims by `kind`; claims without one count under `(none)`.
    pub claims_by_kind: BTreeMap<String, usize>,
    pub relations: usize,
    pub relations_by_type: BTreeMap<RelationKind, usize>,
    pub actors: usize,
    pub stances: usize,
    pub stances_by_position: BTreeMap<Position, usize>,
}

impl Stats {
    pub fn of(map: &ArgMap) -> Stats {
        let mut claims_by_kind = BTreeMap::new();
        for c in &map.claims {
            *claims_by_kind.entry(c.kind.clone().unwrap_or_else(|| "(none)".into())).or_default() += 1;
        }
        let mut relations_by_type = BTreeMap::new();
        for r in &map.relations {
            *relations_by_type.entry(r.kind).or_default() += 1;
        }
        let mut stances_by_position = BTreeMap::new();
        for s in &map.stances {
            *stances_by_position.entry(s.position).or_default() += 1;
        }
        Stats {
            claims: map.claims.len(),
            claims_by_kind,
            relations: map.relations.len(),
            relations_by_type,
            actors: map.actors.len(),
            stances: map.stances.len(),
            stances_by_position,
        }
    }

    /// Plain-text report, [terminal safe](crate::diag::terminal_safe) (a
    /// claim's `kind` is the map's text).
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "claims: {}", self.claims);
        for (k, n) in &self.claims_by_kind {
            let _ = writeln!(s, "  {k}: {n}");
        }
        let _ = writeln!(s, "relations: {}", self.relations);
        for (k, n) in &self.relations_by_type {
            let _ = writeln!(s, "  {k}: {n}");
        }
        let _ = writeln!(s, "actors: {}", self.actors);
        let _ = writeln!(s, "stances: {}", self.stances);
        for (k, n) in &self.stances_by_position {
            let _ = writeln!(s, "  {k}: {n}");
        }
        crate::diag::terminal_safe(&s).into_owned()
    }
}
