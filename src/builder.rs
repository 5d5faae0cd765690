//! Building a map in code.
//!
//! [`MapBuilder`] writes the map in the JSON form of the file format and loads
//! it with the same loader as files, so a map built in code is validated
//! exactly like one read from disk (unknown references, self relations, ...).

use serde_json::{Map as JsonMap, Value, json};

use crate::load::{Loaded, load_str};
use crate::model::{Basis, Date, Position, RelationKind};
use crate::source::Format;

/// Builds a map in code; see the module documentation.
#[derive(Clone, Debug, Default)]
pub struct MapBuilder {
    map: JsonMap<String, Value>,
    claims: JsonMap<String, Value>,
    actors: JsonMap<String, Value>,
    relations: Vec<Value>,
    stances: Vec<Value>,
}

/// Optional fields of a claim.
#[derive(Clone, Debug, Default)]
pub struct ClaimOpts<'a> {
    pub kind: Option<&'a str>,
    pub tags: &'a [&'a str],
    pub source: Option<&'a str>,
    pub quote: Option<&'a str>,
}

/// Optional evidence of a stance.
#[derive(Clone, Debug, Default)]
pub struct StanceOpts<'a> {
    pub date: Option<Date>,
    pub source: Option<&'a str>,
    pub quote: Option<&'a str>,
    pub via: Option<&'a str>,
    /// On what the stance rests (`stated` when `None`, as in a file).
    pub basis: Option<Basis>,
}

impl MapBuilder {
    /// A new map with a title.
    pub fn new(title: &str) -> Self {
        let mut b = MapBuilder::default();
        b.map.insert("title".into(), json!(title));
        b
    }

    /// Add a claim.
    pub fn claim(&mut self, id: &str, text: &str) -> &mut Self {
        self.claim_with(id, text, ClaimOpts::default())
    }

    /// Add a claim with its kind, tags, source and quote.
    pub fn claim_with(&mut self, id: &str, text: &str, opts: ClaimOpts<'_>) -> &mut Self {
        let mut c = JsonMap::new();
        c.insert("text".into(), json!(text));
        if let Some(k) = opts.kind {
            c.insert("kind".into(), json!(k));
        }
        if !opts.tags.is_empty() {
            c.insert("tags".into(), json!(opts.tags));
        }
        if let Some(s) = opts.source {
            c.insert("source".into(), json!(s));
        }
        if let Some(q) = opts.quote {
            c.insert("quote".into(), json!(q));
        }
        self.claims.insert(id.into(), Value::Object(c));
        self
    }

    /// Add an actor.
    pub fn actor(&mut self, id: &str, name: &str) -> &mut Self {
        self.actors.insert(id.into(), json!({ "name": name }));
        self
    }

    /// Relate two claims (`to` is a relation id for `undercuts`).
    pub fn relate(&mut self, from: &str, kind: RelationKind, to: &str) -> &mut Self {
        self.relations.push(json!({ "from": from, "to": to, "type": kind.as_str() }));
        self
    }

    /// Relate two claims with a relation id (so that it can be undercut) and a note.
    pub fn relate_with_id(
        &mut self,
        id: &str,
        from: &str,
        kind: RelationKind,
        to: &str,
        note: Option<&str>,
    ) -> &mut Self {
        let mut r = json!({ "id": id, "from": from, "to": to, "type": kind.as_str() });
        if let Some(n) = note {
            r["note"] = json!(n);
        }
        self.relations.push(r);
        self
    }

    /// Relate claims that only jointly lead to `to`: linked premises
    /// (`from = ["p1", "p2"]`), with an optional relation id.
    pub fn relate_linked(&mut self, id: Option<&str>, premises: &[&str], kind: RelationKind, to: &str) -> &mut Self {
        let mut r = json!({ "from": premises, "to": to, "type": kind.as_str() });
        if let Some(id) = id {
            r["id"] = json!(id);
        }
        self.relations.push(r);
        self
    }

    /// Record an actor's stance on a claim.
    pub fn stance(&mut self, actor: &str, claim: &str, position: Position) -> &mut Self {
        self.stance_with(actor, claim, position, StanceOpts::default())
    }

    /// Record a stance with its date and evidence.
    pub fn stance_with(&mut self, actor: &str, claim: &str, position: Position, opts: StanceOpts<'_>) -> &mut Self {
        let mut s = json!({ "actor": actor, "claim": claim, "position": position.as_str() });
        if let Some(d) = opts.date {
            s["date"] = json!(d.to_string());
        }
        for (k, v) in [("source", opts.source), ("quote", opts.quote), ("via", opts.via)] {
            if let Some(v) = v {
                s[k] = json!(v);
            }
        }
        if let Some(b) = opts.basis {
            s["basis"] = json!(b.as_str());
        }
        self.stances.push(s);
        self
    }

    /// The map in the JSON form of the file format.
    pub fn to_json(&self) -> String {
        let doc = json!({
            "map": self.map,
            "actors": self.actors,
            "claims": self.claims,
            "relations": self.relations,
            "stances": self.stances,
        });
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }

    /// Load the map; check `Loaded::diagnostics`, or call `into_map()`.
    pub fn build(&self) -> Loaded {
        load_str("<built in code>", self.to_json(), Format::Json)
    }
}
