//! Argdown (argdown.org), read as a map and written from one.
//!
//! Reading: [`parse`] turns the text into a [`parse::Document`] (statements,
//! arguments, premise–conclusion structures, relations, with spans);
//! [`to_map::to_tree`] turns that into the map format's tree (the schema
//! layer's values, as the TOML and JSON readers give them; its relations
//! beside it, most as links not built as tables), which the same
//! schema layer as TOML and JSON maps reads, so that every check and every
//! message applies to an Argdown file, with positions in it. [`read`] does
//! both. Writing: [`write`]. The conventions (ids, actors and stances in
//! YAML data, strict and loose mode) are in docs/interop.md.

pub mod parse;
pub mod to_map;
pub mod write;
pub mod yaml;

use crate::diag::Diagnostic;
use crate::load::{Loaded, value};
use crate::source::Format;

pub use write::write;

/// For tests: a deterministic choice of a number below `n` at each call
/// (xorshift), from a seed.
#[cfg(test)]
pub(crate) fn picker(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// Read an Argdown file's text as a map (checked as any map).
pub fn read(name: impl Into<String>, text: impl Into<String>) -> Loaded {
    crate::load::load_str(name, text, Format::Argdown)
}

/// Parse Argdown text into its document, with every syntax error.
pub fn parse(text: &str) -> (parse::Document<'_>, Vec<Diagnostic>) {
    let mut problems = super::Problems::default();
    let doc = parse::parse(text, &mut problems);
    (doc, problems.list)
}

/// The map tree of Argdown text (the schema layer's values), or its syntax
/// errors (every one found, the first [`super::MAX_PROBLEMS`]).
pub fn map_tree(text: &str) -> Result<value::Value<'_>, Vec<Diagnostic>> {
    map_parts(text).map(|(tree, given)| to_map::with_given(tree, given))
}

/// [`map_tree`] with the map's relations and stances beside the tree (the
/// tree's own lists of them empty), most of them links not built as tables: what
/// loading an Argdown file reads.
pub(crate) fn map_parts(text: &str) -> Result<(value::Value<'_>, value::Given<'_>), Vec<Diagnostic>> {
    let mut problems = super::Problems::default();
    let doc = parse::parse(text, &mut problems);
    let parts = to_map::to_tree(&doc, &mut problems);
    drop(doc);
    if problems.total > 0 {
        let mut list = problems.list;
        list.sort_by_key(|d| d.span().start);
        return Err(list);
    }
    Ok(parts)
}

/// The map of Argdown text as a table of the map format (for `elenchus
/// import argdown`, which writes it as TOML or JSON), or its syntax errors.
pub fn to_table(text: &str) -> Result<toml::Table, Vec<Diagnostic>> {
    map_tree(text).map(|t| match value::to_toml(&t) {
        Some(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    })
}

/// The tree the schema layer reads.
pub(crate) fn parse_value(text: &str) -> Result<value::Value<'_>, Vec<Diagnostic>> {
    map_tree(text)
}

/// The schema layer's tree of a node, moving its strings (the two trees of
/// a large map are never held at once).
pub(crate) fn into_value(n: yaml::Node<'_>) -> value::Value<'_> {
    use value::Kind;
    use yaml::NodeKind as N;
    let kind = match n.kind {
        N::Null => Kind::Null,
        N::Bool(b) => Kind::Bool(b),
        N::Int(i) => Kind::Integer(i),
        N::Float(f) => Kind::Float(f),
        N::Str(s) => Kind::String(s),
        N::Seq(items) => Kind::Array(items.into_iter().map(into_value).collect()),
        N::Map(e) => {
            Kind::Table(e.into_iter().map(|(k, span, v)| (value::Key { name: k, span }, into_value(v))).collect())
        }
    };
    value::Value { kind, span: n.span }
}
