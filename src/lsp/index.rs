//! What a map file names and where: every definition and reference of a
//! claim, actor, relation or rule id, read from the loader's spanned tree
//! (so it works on a map with errors, as long as its syntax is valid), and
//! the facts that hover and symbols show.

use crate::load::value::{Key, Kind, Value};
use crate::source::{Format, SourceFile, Span};

/// The kinds of name a map has. Each is its own set of ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ns {
    Claim,
    Actor,
    Relation,
    Rule,
}

impl Ns {
    pub fn as_str(self) -> &'static str {
        match self {
            Ns::Claim => "claim",
            Ns::Actor => "actor",
            Ns::Relation => "relation",
            Ns::Rule => "rule",
        }
    }
}

/// One place a name is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub ns: Ns,
    pub name: String,
    /// The name's own characters (inside quotes when quoted, so that a
    /// rename replaces only the name).
    pub span: Span,
    /// The whole key or string as written (with its quotes).
    pub written: Span,
    /// Whether this place defines the name (a claim's or actor's table key,
    /// a relation's `id`).
    pub def: bool,
    /// Whether it is a key (a TOML key may need quotes when renamed).
    pub key: bool,
}

/// A claim, actor, relation or stance as the file writes it, for symbols and hover.
#[derive(Clone, Debug, Default)]
pub struct Item {
    /// The item's id (a stance: `actor position claim`; a relation without id: `from type to`).
    pub name: String,
    /// The span of what names it (its key, its `id`, its header or its first value).
    pub span: Span,
    /// The span of the whole item (its table), when known.
    pub extent: Span,
    /// String fields as written: `text`, `kind`, `source`, `quote`, `name`, ...
    pub fields: Vec<(String, String)>,
}

impl Item {
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// A relation: premises, type, target.
#[derive(Clone, Debug, Default)]
pub struct RelationFact {
    pub id: Option<String>,
    pub kind: String,
    pub from: Vec<String>,
    pub to: String,
    pub span: Span,
}

/// A stance: actor, position, claim, date.
#[derive(Clone, Debug, Default)]
pub struct StanceFact {
    pub actor: String,
    pub position: String,
    pub claim: String,
    pub date: Option<String>,
    pub span: Span,
}

/// The tables of the file, with the keys each may have, for completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Top,
    Map,
    Claim,
    Actor,
    Relation,
    Stance,
    Checks,
    Acknowledged,
}

/// Everything named in a map file.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub occurrences: Vec<Occurrence>,
    pub claims: Vec<Item>,
    pub actors: Vec<Item>,
    pub relations: Vec<RelationFact>,
    pub stances: Vec<StanceFact>,
    /// Spans of the tables the file has, each with what it is.
    pub tables: Vec<(Table, Span)>,
    /// Spans of the top-level sections and of each item, for folding.
    pub folds: Vec<Span>,
    /// Spans of `[[relations]]` and `[[stances]]` entries (their header or object), for symbols.
    pub relation_items: Vec<Item>,
    pub stance_items: Vec<Item>,
    /// Where each claim id is in `claims` (its first definition).
    claim_at: std::collections::HashMap<String, usize>,
}

impl Index {
    /// Index a file whose syntax is valid; `None` when it is not (or it is
    /// not a TOML or JSON map).
    pub fn build(file: &SourceFile) -> Option<Index> {
        if !matches!(file.format, Format::Toml | Format::Json) {
            return None;
        }
        let root = crate::load::parse(file).ok()?.0;
        let mut ix = Index::default();
        let w = Walker { text: &file.text };
        w.root(&root, &mut ix);
        ix.occurrences.sort_by_key(|o| o.span.start);
        for (i, c) in ix.claims.iter().enumerate().rev() {
            ix.claim_at.insert(c.name.clone(), i);
        }
        if file.format == Format::Toml {
            ix.toml_extents(&file.text);
        }
        Some(ix)
    }

    /// In TOML a table's tree span is its header, not its lines: an item
    /// extends from its line to the last line with text before the line of
    /// the next item or table.
    fn toml_extents(&mut self, text: &str) {
        let line_start = |at: usize| text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
        let items = self.claims.iter().chain(&self.actors).chain(&self.relation_items).chain(&self.stance_items);
        let mut starts: Vec<usize> = items.map(|i| line_start(i.span.start)).collect();
        starts.extend(self.tables.iter().filter(|(t, _)| *t != Table::Top).map(|(_, s)| line_start(s.start)));
        starts.sort_unstable();
        starts.dedup();
        let extent = |span: Span| {
            let start = line_start(span.start);
            let next = starts.get(starts.partition_point(|&s| s <= start)).copied().unwrap_or(text.len());
            Span::new(start, start + text[start..next].trim_end().len())
        };
        for i in
            self.claims.iter_mut().chain(&mut self.actors).chain(&mut self.relation_items).chain(&mut self.stance_items)
        {
            i.extent = extent(i.span);
        }
        self.folds.clear();
    }

    /// The occurrence at a byte offset (its span holds the offset, or ends at it).
    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        let i = self.occurrences.partition_point(|o| o.written.end < offset);
        self.occurrences[i..].iter().take_while(|o| o.written.start <= offset).find(|o| o.written.end >= offset)
    }

    /// Every occurrence of a name.
    pub fn all(&self, ns: Ns, name: &str) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.ns == ns && o.name == name)
    }

    /// The definition of a name, if the file has one.
    pub fn definition(&self, ns: Ns, name: &str) -> Option<&Occurrence> {
        self.all(ns, name).find(|o| o.def)
    }

    pub fn claim(&self, id: &str) -> Option<&Item> {
        self.claim_at.get(id).map(|&i| &self.claims[i])
    }

    pub fn actor(&self, id: &str) -> Option<&Item> {
        self.actors.iter().find(|c| c.name == id)
    }
}

/// Reads the tree.
struct Walker<'t> {
    text: &'t str,
}

/// The entries of a table, built when deferred.
fn entries<'a>(v: &Value<'a>) -> Vec<(Key<'a>, Value<'a>)> {
    match &v.kind {
        Kind::Table(e) => e.clone(),
        Kind::Deferred(d) if d.object => {
            (0..d.items.len()).filter_map(|i| Some((d.key(i)?, d.value(d.items[i])))).collect()
        }
        _ => Vec::new(),
    }
}

/// The items of an array, built when deferred.
fn items<'a>(v: &Value<'a>) -> Vec<Value<'a>> {
    match &v.kind {
        Kind::Array(a) => a.clone(),
        Kind::Deferred(d) if !d.object => d.items.iter().map(|s| d.value(*s)).collect(),
        _ => Vec::new(),
    }
}

fn string<'v>(v: &'v Value<'_>) -> Option<&'v str> {
    match &v.kind {
        Kind::String(s) => Some(s),
        _ => None,
    }
}

/// The strings of a value that is a string or an array of strings.
fn strings<'v, 'a>(v: &'v Value<'a>) -> Vec<(&'v str, Span)> {
    match &v.kind {
        Kind::String(s) => vec![(s.as_ref(), v.span)],
        Kind::Array(a) => a.iter().filter_map(|x| string(x).map(|s| (s, x.span))).collect(),
        _ => Vec::new(),
    }
}

impl Walker<'_> {
    /// The span of a name's own characters inside what is written at `span`:
    /// the span itself, or inside its quotes.
    fn inner(&self, span: Span, name: &str) -> Span {
        let written = self.text.get(span.range()).unwrap_or("");
        if written == name {
            return span;
        }
        let n = written.len();
        if n >= 2 && (written.starts_with('"') || written.starts_with('\'')) && &written[1..n - 1] == name {
            return Span::new(span.start + 1, span.end - 1);
        }
        span
    }

    fn occ(&self, ix: &mut Index, ns: Ns, name: &str, span: Span, def: bool, key: bool) {
        ix.occurrences.push(Occurrence {
            ns,
            name: name.to_string(),
            span: self.inner(span, name),
            written: span,
            def,
            key,
        });
    }

    fn root(&self, root: &Value<'_>, ix: &mut Index) {
        ix.tables.push((Table::Top, root.span));
        for (k, v) in entries(root) {
            let section = k.span.start.min(v.span.start)..v.span.end.max(k.span.end);
            match k.name.as_ref() {
                "map" => ix.tables.push((Table::Map, v.span)),
                "claims" => self.claims(&v, ix),
                "actors" => self.actors(&v, ix),
                "relations" => {
                    for r in items(&v) {
                        self.relation(&r, ix);
                    }
                }
                "stances" => {
                    for s in items(&v) {
                        self.stance(&s, ix);
                    }
                }
                "checks" => {
                    ix.tables.push((Table::Checks, v.span));
                    for (rule, _) in entries(&v) {
                        self.occ(ix, Ns::Rule, &rule.name, rule.span, false, true);
                    }
                }
                "acknowledged" => {
                    for a in items(&v) {
                        self.ack(&a, ix);
                    }
                }
                _ => {}
            }
            if self.text.get(section.clone()).is_some_and(|s| s.contains('\n')) {
                ix.folds.push(section.into());
            }
        }
    }

    fn fields(&self, e: &[(Key<'_>, Value<'_>)]) -> Vec<(String, String)> {
        e.iter().filter_map(|(k, v)| Some((k.name.to_string(), string(v)?.to_string()))).collect()
    }

    fn claims(&self, v: &Value<'_>, ix: &mut Index) {
        for (k, c) in entries(v) {
            self.occ(ix, Ns::Claim, &k.name, k.span, true, true);
            ix.tables.push((Table::Claim, c.span));
            let e = entries(&c);
            for (key, val) in &e {
                let (ns, kind) = match key.name.as_ref() {
                    "supports" | "attacks" | "contradicts" | "implies" => (Ns::Claim, Some(key.name.as_ref())),
                    "undercuts" => (Ns::Relation, Some("undercuts")),
                    "absent" => (Ns::Actor, None),
                    _ => continue,
                };
                for (to, span) in strings(val) {
                    self.occ(ix, ns, to, span, false, false);
                    if let Some(kind) = kind {
                        ix.relations.push(RelationFact {
                            id: None,
                            kind: kind.to_string(),
                            from: vec![k.name.to_string()],
                            to: to.to_string(),
                            span,
                        });
                    }
                }
            }
            ix.claims.push(Item { name: k.name.to_string(), span: k.span, extent: c.span, fields: self.fields(&e) });
        }
    }

    fn actors(&self, v: &Value<'_>, ix: &mut Index) {
        for (k, a) in entries(v) {
            self.occ(ix, Ns::Actor, &k.name, k.span, true, true);
            ix.tables.push((Table::Actor, a.span));
            let e = entries(&a);
            for (key, val) in &e {
                if !matches!(key.name.as_ref(), "affirms" | "denies" | "abstains") {
                    continue;
                }
                for (claim, span) in strings(val) {
                    self.occ(ix, Ns::Claim, claim, span, false, false);
                    ix.stances.push(StanceFact {
                        actor: k.name.to_string(),
                        position: key.name.to_string(),
                        claim: claim.to_string(),
                        date: None,
                        span,
                    });
                }
            }
            ix.actors.push(Item { name: k.name.to_string(), span: k.span, extent: a.span, fields: self.fields(&e) });
        }
    }

    fn relation(&self, r: &Value<'_>, ix: &mut Index) {
        ix.tables.push((Table::Relation, r.span));
        let e = entries(r);
        let get = |name: &str| e.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
        let kind = get("type").and_then(string).unwrap_or("").to_string();
        let mut fact = RelationFact { kind: kind.clone(), span: r.span, ..Default::default() };
        if let Some(id) = get("id")
            && let Some(s) = string(id)
        {
            self.occ(ix, Ns::Relation, s, id.span, true, false);
            fact.id = Some(s.to_string());
        }
        if let Some(from) = get("from") {
            for (c, span) in strings(from) {
                self.occ(ix, Ns::Claim, c, span, false, false);
                fact.from.push(c.to_string());
            }
        }
        if let Some(to) = get("to")
            && let Some(s) = string(to)
        {
            let ns = if kind == "undercuts" { Ns::Relation } else { Ns::Claim };
            self.occ(ix, ns, s, to.span, false, false);
            fact.to = s.to_string();
        }
        let name = match &fact.id {
            Some(id) => id.clone(),
            None => format!("{} {} {}", fact.from.join(" + "), fact.kind, fact.to),
        };
        let span = get("id").or(get("to")).map_or(r.span, |v| v.span);
        ix.relation_items.push(Item { name, span, extent: r.span, fields: self.fields(&e) });
        ix.relations.push(fact);
    }

    fn stance(&self, s: &Value<'_>, ix: &mut Index) {
        ix.tables.push((Table::Stance, s.span));
        let e = entries(s);
        let get = |name: &str| e.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
        let mut fact = StanceFact { span: s.span, ..Default::default() };
        if let Some(a) = get("actor")
            && let Some(name) = string(a)
        {
            self.occ(ix, Ns::Actor, name, a.span, false, false);
            fact.actor = name.to_string();
        }
        if let Some(c) = get("claim")
            && let Some(name) = string(c)
        {
            self.occ(ix, Ns::Claim, name, c.span, false, false);
            fact.claim = name.to_string();
        }
        if let Some(r) = get("reason") {
            for (c, span) in strings(r) {
                self.occ(ix, Ns::Claim, c, span, false, false);
            }
        }
        fact.position = get("position").and_then(string).unwrap_or("").to_string();
        fact.date = get("date").and_then(|d| match &d.kind {
            Kind::String(s) => Some(s.to_string()),
            Kind::Datetime(d) => Some(d.text.clone()),
            _ => None,
        });
        let name = format!("{} {} {}", fact.actor, fact.position, fact.claim);
        let span = get("actor").map_or(s.span, |v| v.span);
        ix.stance_items.push(Item { name, span, extent: s.span, fields: self.fields(&e) });
        ix.stances.push(fact);
    }

    fn ack(&self, a: &Value<'_>, ix: &mut Index) {
        ix.tables.push((Table::Acknowledged, a.span));
        for (k, v) in entries(a) {
            let ns = match k.name.as_ref() {
                "rule" => Ns::Rule,
                "actor" => Ns::Actor,
                "claims" => Ns::Claim,
                _ => continue,
            };
            for (name, span) in strings(&v) {
                if ns == Ns::Claim && name == "*" {
                    continue;
                }
                self.occ(ix, ns, name, span, false, false);
            }
        }
    }
}
