//! Counts of a map's contents, for `elenchus stats`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{ArgMap, Position, RelationKind};

/// Counts of claims by kind, relations by type, actors, and stances by position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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

    /// Add the counts of `other` to these.
    pub fn add(&mut self, other: &Stats) {
        fn merge<K: Ord + Clone>(a: &mut BTreeMap<K, usize>, b: &BTreeMap<K, usize>) {
            for (k, n) in b {
                *a.entry(k.clone()).or_default() += n;
            }
        }
        self.claims += other.claims;
        merge(&mut self.claims_by_kind, &other.claims_by_kind);
        self.relations += other.relations;
        merge(&mut self.relations_by_type, &other.relations_by_type);
        self.actors += other.actors;
        self.stances += other.stances;
        merge(&mut self.stances_by_position, &other.stances_by_position);
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

/// The counts of several maps: each map's, by file name, and their sum.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MapsStats {
    pub maps: Vec<MapStats>,
    pub total: Stats,
}

/// One map's counts in [`MapsStats`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MapStats {
    pub file: String,
    pub stats: Stats,
}

impl MapsStats {
    /// Add a map's counts.
    pub fn push(&mut self, file: impl Into<String>, stats: Stats) {
        self.total.add(&stats);
        self.maps.push(MapStats { file: file.into(), stats });
    }

    /// Plain-text report: each map's counts under `== FILE`, then the total.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for m in &self.maps {
            s.push_str(&format!("== {}\n", crate::diag::terminal_safe(&m.file)));
            s.push_str(&m.stats.to_text());
            s.push('\n');
        }
        let n = self.maps.len();
        s.push_str(&format!("== total ({n} map{})\n", if n == 1 { "" } else { "s" }));
        s.push_str(&self.total.to_text());
        s
    }
}
