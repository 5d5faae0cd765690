//! Go to definition, find references, rename, document symbols and folding,
//! all read from the document's [`Index`](super::Index).

use std::collections::HashMap;

use super::protocol::*;

use super::Analysis;
use super::document::{Document, Encoding};
use super::index::{Item, Ns, Occurrence};
use crate::source::Span;

/// The name at a position, if any.
pub fn occurrence_at<'a>(doc: &Document, a: &'a Analysis, pos: Position, enc: Encoding) -> Option<&'a Occurrence> {
    a.index.as_ref()?.at(doc.offset(pos, enc))
}

pub fn definition(doc: &Document, a: &Analysis, uri: &Uri, pos: Position, enc: Encoding) -> Option<Location> {
    let o = occurrence_at(doc, a, pos, enc)?;
    let d = a.index.as_ref()?.definition(o.ns, &o.name)?;
    Some(Location::new(uri.clone(), doc.range(d.span, enc)))
}

pub fn references(
    doc: &Document,
    a: &Analysis,
    uri: &Uri,
    pos: Position,
    include_declaration: bool,
    enc: Encoding,
) -> Option<Vec<Location>> {
    let o = occurrence_at(doc, a, pos, enc)?;
    let all = a.index.as_ref()?.all(o.ns, &o.name);
    Some(
        all.filter(|x| include_declaration || !x.def)
            .map(|x| Location::new(uri.clone(), doc.range(x.span, enc)))
            .collect(),
    )
}

/// What can be renamed at a position: a claim, actor or relation id (not a rule name).
pub fn prepare_rename(doc: &Document, a: &Analysis, pos: Position, enc: Encoding) -> Option<PrepareRename> {
    let o = occurrence_at(doc, a, pos, enc)?;
    (o.ns != Ns::Rule).then(|| PrepareRename { range: doc.range(o.span, enc), placeholder: o.name.clone() })
}

/// Whether a TOML key can be written bare: ASCII letters, digits, `-` and `_`.
fn bare_key(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// The edits that rename the id at a position everywhere in the file. A
/// TOML key that needs quotes (an id with a `.`) is quoted; a new name that
/// is not a valid id, or one already taken, is refused.
pub fn rename(
    doc: &Document,
    a: &Analysis,
    uri: &Uri,
    pos: Position,
    new: &str,
    enc: Encoding,
) -> Result<Option<WorkspaceEdit>, String> {
    let Some(o) = occurrence_at(doc, a, pos, enc) else { return Ok(None) };
    let ix = a.index.as_ref().expect("an occurrence comes from an index");
    if o.ns == Ns::Rule {
        return Err("rule names cannot be renamed".into());
    }
    if !crate::model::is_valid_id(new) {
        return Err(format!(
            "`{new}` is not a valid id: ids use ASCII letters, digits, `-`, `_` and `.`, start with a letter or \
             digit, and are at most 200 bytes long"
        ));
    }
    if new != o.name && ix.definition(o.ns, new).is_some() {
        return Err(format!("there is already a {} `{new}`", o.ns.as_str()));
    }
    let toml = a.report.file.format == crate::source::Format::Toml;
    let edits: Vec<TextEdit> = ix
        .all(o.ns, &o.name)
        .map(|x| {
            let quoted = x.span != x.written;
            if x.key && toml && !quoted && !bare_key(new) {
                TextEdit::new(doc.range(x.written, enc), format!("\"{new}\""))
            } else {
                TextEdit::new(doc.range(x.span, enc), new.to_string())
            }
        })
        .collect();
    Ok(Some(workspace_edit(uri, edits)))
}

/// Edits of one document.
pub fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit { changes: Some(changes) }
}

/// The span of an item: its extent, grown to hold what names it.
fn whole(i: &Item) -> Span {
    if i.extent.end <= i.extent.start {
        return i.span;
    }
    Span::new(i.extent.start.min(i.span.start), i.extent.end.max(i.span.end))
}

fn symbol(doc: &Document, i: &Item, kind: SymbolKind, detail: Option<String>, enc: Encoding) -> DocumentSymbol {
    DocumentSymbol {
        name: if i.name.is_empty() { "?".into() } else { i.name.clone() },
        detail,
        kind,
        range: doc.range(whole(i), enc),
        selection_range: doc.range(i.span, enc),
        children: None,
    }
}

/// Claims, actors, relations and stances, each group under one symbol.
pub fn symbols(doc: &Document, a: &Analysis, enc: Encoding) -> Option<Vec<DocumentSymbol>> {
    let ix = a.index.as_ref()?;
    type Detail = fn(&Item) -> Option<String>;
    let groups: [(&str, &[Item], SymbolKind, Detail); 4] = [
        ("claims", &ix.claims, SymbolKind::STRING, |i| i.field("text").map(str::to_string)),
        ("actors", &ix.actors, SymbolKind::CLASS, |i| i.field("name").map(str::to_string)),
        ("relations", &ix.relation_items, SymbolKind::OPERATOR, |i| i.field("type").map(str::to_string)),
        ("stances", &ix.stance_items, SymbolKind::EVENT, |i| i.field("date").map(str::to_string)),
    ];
    let mut out = Vec::new();
    for (name, items, kind, detail) in groups {
        if items.is_empty() {
            continue;
        }
        let children: Vec<DocumentSymbol> = items.iter().map(|i| symbol(doc, i, kind, detail(i), enc)).collect();
        let start = children.iter().map(|c| c.range.start).min().expect("not empty");
        let end = children.iter().map(|c| c.range.end).max().expect("not empty");
        out.push(DocumentSymbol {
            name: name.into(),
            detail: Some(format!("{}", items.len())),
            kind: SymbolKind::NAMESPACE,
            range: Range::new(start, end),
            selection_range: Range::new(start, start),
            children: Some(children),
        });
    }
    Some(out)
}

/// A fold for each top-level section and each item that spans lines.
pub fn folding(doc: &Document, a: &Analysis, enc: Encoding) -> Option<Vec<FoldingRange>> {
    let ix = a.index.as_ref()?;
    let items = ix.claims.iter().chain(&ix.actors).chain(&ix.relation_items).chain(&ix.stance_items);
    let mut spans: Vec<Span> = ix.folds.clone();
    spans.extend(items.map(whole));
    let mut out: Vec<FoldingRange> = spans
        .into_iter()
        .filter_map(|s| {
            let a = doc.position(s.start, enc).line;
            // A span that ends at the start of a line ends on the line before.
            let end = doc.text[..s.end.min(doc.text.len())].trim_end();
            let b = doc.position(end.len(), enc).line;
            (b > a).then_some(FoldingRange { start_line: a, end_line: b, kind: "region" })
        })
        .collect();
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    Some(out)
}
