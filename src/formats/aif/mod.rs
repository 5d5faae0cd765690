//! The Argument Interchange Format (AIF) in the JSON form of AIFdb and OVA,
//! read as a map and written from one.
//!
//! Reading ([`read`], [`map_tree`]): I-nodes are claims (text verbatim);
//! RA-nodes `supports` (linked when they have several premises); CA-nodes
//! `attacks`, or `undercuts` when they point at an RA/CA/MA node; MA-nodes
//! (rephrases) `supports` from the rephrase to the original, or `implies`
//! both ways ([`Rephrase`]); speakers of L-nodes are actors, and YA-nodes give
//! their stances through an [`Illocutions`] table. The map tree goes through
//! the same schema layer as TOML and JSON maps, with spans in the AIF file:
//! every check and message applies, pointing at the nodes. Whatever does not
//! fit (a dangling edge, an empty I-node, a duplicate node, ...) is an
//! `aif-input` warning at the node, and counted in the [`Summary`].
//! Writing: [`write`]. docs/interop.md has the tables.

pub mod read;
pub mod write;

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::formats::argdown::yaml;
use crate::load::{Loaded, value};
use crate::model::Position;
use crate::source::{Format, Span};

pub use write::write;

/// What an illocution (the text or scheme of a YA-node, such as
/// `Asserting`) commits its speaker to: a table from illocution names,
/// compared ignoring case, spaces and punctuation, to a position or none;
/// and how a rephrase (an MA-node) is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Illocutions {
    map: BTreeMap<String, Option<Position>>,
    rephrase: Rephrase,
}

/// How an MA-node (a rephrase: in AIFdb's corpora its premise is the later
/// wording, its conclusion the original) is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rephrase {
    /// `supports` from the rephrase to the original, with the note
    /// `AIF rephrase: SCHEME` (which `write` turns back into an MA-node):
    /// holding the rephrase is a reason for the original, not a strict
    /// commitment either way. The default.
    #[default]
    Supports,
    /// `implies` both ways: whoever holds one is committed to the other.
    Implies,
}

impl Rephrase {
    /// The reading's name, as `--rephrase` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rephrase::Supports => "supports",
            Rephrase::Implies => "implies",
        }
    }
    /// The reading of a name (`supports`, `implies`).
    pub fn parse(name: &str) -> Option<Rephrase> {
        [Rephrase::Supports, Rephrase::Implies].into_iter().find(|r| r.as_str() == name)
    }
}

/// The default table: `(illocution, position)`; an illocution not listed
/// commits to nothing.
pub const DEFAULT_ILLOCUTIONS: [(&str, Option<Position>); 22] = [
    ("Asserting", Some(Position::Affirms)),
    ("Agreeing", Some(Position::Affirms)),
    ("Arguing", Some(Position::Affirms)),
    ("Restating", Some(Position::Affirms)),
    ("Conceding", Some(Position::Affirms)),
    ("Popular Conceding", Some(Position::Affirms)),
    ("Affirming", Some(Position::Affirms)),
    ("Disagreeing", Some(Position::Denies)),
    ("Contradicting", Some(Position::Denies)),
    ("Rejecting", Some(Position::Denies)),
    ("Disaffirming", Some(Position::Denies)),
    ("Abstaining", Some(Position::Abstains)),
    ("Pure Questioning", None),
    ("Assertive Questioning", None),
    ("Rhetorical Questioning", None),
    ("Directive Questioning", None),
    ("Challenging", None),
    ("Pure Challenging", None),
    ("Assertive Challenging", None),
    ("Rhetorical Challenging", None),
    ("Ironic Asserting", None),
    ("Default Illocuting", None),
];

/// An illocution name compared: lower case, letters and digits only.
pub(crate) fn norm(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl Default for Illocutions {
    fn default() -> Self {
        Illocutions {
            map: DEFAULT_ILLOCUTIONS.iter().map(|&(k, p)| (norm(k), p)).collect(),
            rephrase: Rephrase::default(),
        }
    }
}

impl Illocutions {
    /// The position an illocution commits its speaker to, if any.
    pub fn position(&self, illocution: &str) -> Option<Position> {
        self.map.get(&norm(illocution)).copied().flatten()
    }

    /// How MA-nodes are read.
    pub fn rephrase(&self) -> Rephrase {
        self.rephrase
    }

    /// Read MA-nodes as `rephrase` says.
    pub fn set_rephrase(&mut self, rephrase: Rephrase) {
        self.rephrase = rephrase;
    }

    /// Set the position of an illocution.
    pub fn set(&mut self, illocution: &str, position: Option<Position>) {
        self.map.insert(norm(illocution), position);
    }

    /// The default table changed by the lines of `text`: `Illocution =
    /// affirms|denies|abstains|none`, with `#` comments and blank lines.
    /// Errors name the line.
    pub fn parse(text: &str) -> Result<Illocutions, String> {
        let mut t = Illocutions::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                return Err(format!("line {}: expected `Illocution = affirms|denies|abstains|none`", n + 1));
            };
            let (k, v) = (k.trim(), v.trim());
            if norm(k).is_empty() {
                return Err(format!("line {}: no illocution before `=`", n + 1));
            }
            let p =
                match v {
                    "none" => None,
                    _ => Some(Position::parse(v).ok_or_else(|| {
                        format!("line {}: `{v}` is not one of affirms, denies, abstains, none", n + 1)
                    })?),
                };
            t.set(k, p);
        }
        Ok(t)
    }
}

static TABLE: std::sync::RwLock<Option<Illocutions>> = std::sync::RwLock::new(None);

/// Use `table` for every AIF file read from now on in this process (the
/// default table otherwise).
pub fn set_illocutions(table: Illocutions) {
    if let Ok(mut t) = TABLE.write() {
        *t = Some(table);
    }
}

/// The table AIF files are read with.
pub fn illocutions() -> Illocutions {
    TABLE.read().ok().and_then(|t| t.clone()).unwrap_or_default()
}

/// What reading an AIF file found, for the import summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Nodes read, by type (`I`, `RA`, ...; other types too).
    pub nodes: BTreeMap<String, usize>,
    pub edges: usize,
    pub claims: usize,
    pub relations: usize,
    pub actors: usize,
    pub stances: usize,
    /// What was left out, by reason (each also an `aif-input` warning).
    pub skipped: BTreeMap<&'static str, usize>,
    /// `affirms` stances left out because the same speaker also disagrees
    /// with the claim in the file: the view was voiced to be rebutted (a
    /// report, not a commitment).
    pub rebutted_reports: usize,
    /// The same stance (actor, claim, position, time) read twice: kept once.
    pub merged_stances: usize,
}

impl Summary {
    /// The number of things left out.
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// An AIF file read: the map tree, the warnings, the summary.
pub struct Read {
    pub tree: yaml::Node<'static>,
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
}

/// Whether JSON text looks like AIF: a top-level object with `nodes` and
/// `edges` and no `claims` (a quick scan of the top-level keys).
pub fn looks_like_aif(root: &value::Value<'_>) -> bool {
    let value::Kind::Table(entries) = &root.kind else { return false };
    let has = |k: &str| entries.iter().any(|(key, _)| key.name == k);
    has("nodes") && has("edges") && !has("claims")
}

/// Read an AIF file's text as a map (checked as any map), with the default
/// illocution table.
pub fn read(name: impl Into<String>, text: impl Into<String>) -> Loaded {
    crate::load::load_str(name, text, Format::Aif)
}

/// The map tree of AIF text with `table`, or its errors.
pub fn map_tree(text: &str, table: &Illocutions) -> Result<Read, Vec<Diagnostic>> {
    let root = crate::load::json::parse(text).map_err(|e| {
        let mut d = crate::diag::Diagnostic::new(
            crate::diag::Code::Syntax,
            format!("invalid JSON: {}", e.message),
            e.span,
            e.label,
        );
        d.help = e.help;
        vec![d]
    })?;
    read::to_tree(&root, table)
}

/// The map of AIF text as a table of the map format (for `elenchus import
/// aif`), with the summary.
pub fn to_table(text: &str, table: &Illocutions) -> Result<(toml::Table, Summary), Vec<Diagnostic>> {
    map_tree(text, table).map(|r| {
        let t = match value::to_toml(&crate::formats::argdown::into_value(r.tree)) {
            Some(toml::Value::Table(t)) => t,
            _ => toml::Table::new(),
        };
        (t, r.summary)
    })
}

/// The schema layer's tree of AIF text (already parsed as JSON), with the
/// warnings of the reading.
pub(crate) fn parse_value(
    root: &value::Value<'_>,
) -> Result<(value::Value<'static>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let r = read::to_tree(root, &illocutions())?;
    Ok((crate::formats::argdown::into_value(r.tree), r.warnings))
}

/// A span for nothing in particular (the start of the file).
pub(crate) const START: Span = Span { start: 0, end: 0 };
