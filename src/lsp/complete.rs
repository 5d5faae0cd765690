//! Completion: ids where an id goes (with the claim's text as detail), the
//! keys of each table, the values of `type`, `position`, `basis`, `kind`, rule levels
//! and rule names.
//!
//! What is being typed is often not valid yet, so the place is read from the
//! text before the cursor: the table header above it (TOML) and the key whose
//! value the cursor is in.

use super::protocol::*;

use super::Analysis;
use super::document::{Document, Encoding};
use super::index::{Index, Ns};
use crate::load::schema;
use crate::source::{Format, Span};

/// Where the cursor is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The table, by its header: `claims`, `actors`, `relations`, `stances`,
    /// `acknowledged`, `checks`, `map`, or empty at the top.
    pub table: String,
    /// The key whose value the cursor is in, if it is in a value.
    pub key: Option<String>,
    /// Whether the cursor is inside a string.
    pub in_string: bool,
    /// The id characters just before the cursor, replaced by the completion.
    pub prefix: Span,
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The table a TOML header names: its first key.
fn header_table(line: &str) -> Option<String> {
    let t = line.trim_start();
    if !t.starts_with('[') {
        return None;
    }
    let inner = t.trim_start_matches('[');
    let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$').collect();
    Some(name)
}

/// Where the cursor at `offset` is in `text`.
pub fn place(text: &str, offset: usize, format: Format) -> Place {
    let before = &text[..offset];
    let word = before.len() - before.chars().rev().take_while(|c| id_char(*c)).map(char::len_utf8).sum::<usize>();
    let prefix = Span::new(word, offset);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut table = String::new();
    let mut key = None;
    let mut depth = 0i32;
    let mut in_string = false;
    let mut first = true;
    // Lines from the cursor's back to the table header (TOML), or back to a key (JSON).
    let mut end = offset;
    let mut start = line_start;
    loop {
        let line = &text[start..end];
        if format == Format::Toml {
            if let Some(t) = header_table(line) {
                table = t;
                break;
            }
            let code = line.split(" #").next().unwrap_or(line);
            if key.is_none() {
                if first {
                    in_string = code.matches('"').count() % 2 == 1;
                }
                depth += code.matches(']').count() as i32 - code.matches('[').count() as i32;
                if let Some(eq) = code.find('=') {
                    let k = code[..eq].trim().trim_matches('"').to_string();
                    if first || depth < 0 {
                        key = Some(k);
                    } else {
                        // A key line whose value is closed: the cursor is past it.
                        first = false;
                        if start == 0 {
                            break;
                        }
                        end = start - 1;
                        start = text[..end].rfind('\n').map_or(0, |i| i + 1);
                        continue;
                    }
                }
            }
        } else if key.is_none() {
            table = json_table(text, offset);
            // JSON: the last `"key":` before the cursor whose value is still open.
            let seg = &text[..offset];
            if let Some(colon) = seg.rfind(':') {
                let after = &seg[colon + 1..];
                let quotes = after.matches('"').count();
                let open = after.matches('[').count() > after.matches(']').count();
                let plain = !after.contains(',') || open;
                let k = seg[..colon].trim_end().trim_end_matches('"');
                let k = &k[k.rfind('"').map_or(0, |i| i + 1)..];
                if plain && !after.contains('{') {
                    key = Some(k.to_string());
                    in_string = quotes % 2 == 1;
                }
            }
            break;
        }
        first = false;
        if start == 0 {
            break;
        }
        end = start - 1;
        start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    }
    Place { table, key, in_string, prefix }
}

/// The table the cursor at `offset` of a JSON map is in, named as a TOML
/// header would name it: `claims` inside a claim's object, `relations` inside
/// an item of `relations`, `map` or `checks` inside those objects, empty in
/// the top-level object. Where ids are written (the object of `claims` or of
/// `actors` itself) it is `claims.*` or `actors.*`, which has no keys. Read
/// forward from the start, strings skipped, so that text not valid yet still
/// gives its place.
fn json_table(text: &str, offset: usize) -> String {
    // The open containers: (is an object, the key it is the value of).
    let mut stack: Vec<(bool, Option<String>)> = Vec::new();
    let mut last_string: Option<(usize, usize)> = None;
    let b = text.as_bytes();
    let end = offset.min(b.len());
    let mut i = 0;
    while i < end {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < end && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                last_string = Some((start, i.min(end)));
            }
            c @ (b'{' | b'[') => {
                // The key of this container: the string before the last `:`.
                let key = last_string.take().and_then(|(s, e)| {
                    let between = text.get(e + 1..i)?;
                    between.trim().starts_with(':').then(|| text[s..e].to_string())
                });
                stack.push((c == b'{', key));
            }
            b'}' | b']' => {
                stack.pop();
                last_string = None;
            }
            _ => {}
        }
        i += 1;
    }
    let top = stack.get(1).and_then(|(_, k)| k.clone()).unwrap_or_default();
    match (top.as_str(), stack.len()) {
        ("claims" | "actors", 2) => format!("{top}.*"),
        ("claims" | "actors" | "map" | "checks", _) | ("relations" | "stances" | "acknowledged", 3..) => top,
        (_, 0 | 1) => String::new(),
        _ => format!("{top}.*"),
    }
}

/// Values written in a claim's or an actor's `kind`: the ones docs/format.md
/// names, then those the map uses.
fn kind_values(table: &str, ix: Option<&Index>) -> Vec<String> {
    let (mut out, used): (Vec<String>, Vec<String>) = match table {
        "claims" => (
            ["principle", "fact", "proposal"].map(String::from).to_vec(),
            ix.map(|ix| ix.claims.iter().filter_map(|c| c.field("kind").map(str::to_string)).collect())
                .unwrap_or_default(),
        ),
        "actors" => (
            ["state", "person", "party"].map(String::from).to_vec(),
            ix.map(|ix| ix.actors.iter().filter_map(|c| c.field("kind").map(str::to_string)).collect())
                .unwrap_or_default(),
        ),
        _ => return Vec::new(),
    };
    let mut used = used;
    used.sort();
    used.dedup();
    for k in used {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The namespaces whose ids go in the value of `key`.
fn id_kinds(table: &str, key: &str) -> &'static [Ns] {
    match key {
        "supports" | "attacks" | "contradicts" | "implies" | "affirms" | "denies" | "abstains" | "from" | "claim"
        | "reason" | "claims" => &[Ns::Claim],
        "to" => &[Ns::Claim, Ns::Relation],
        "undercuts" => &[Ns::Relation],
        "absent" | "actor" => &[Ns::Actor],
        "rule" => &[Ns::Rule],
        _ if table == "checks" => &[],
        _ => &[],
    }
}

/// The values a key takes, when they are a fixed list.
fn fixed_values(table: &str, key: &str) -> Vec<&'static str> {
    use crate::model::{Basis, Position, RelationKind, RuleLevel};
    match key {
        _ if table == "checks" => RuleLevel::ALL.iter().map(|l| l.as_str()).collect(),
        "type" => RelationKind::ALL.iter().map(|k| k.as_str()).collect(),
        "position" | "recorded" => Position::ALL.iter().map(|p| p.as_str()).collect(),
        "basis" => Basis::ALL.iter().map(|b| b.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn table_keys(table: &str) -> &'static [&'static str] {
    match table {
        "" => schema::TOP_KEYS,
        "map" => schema::MAP_KEYS,
        "claims" => schema::CLAIM_KEYS,
        "actors" => schema::ACTOR_KEYS,
        "relations" => schema::RELATION_KEYS,
        "stances" => schema::STANCE_KEYS,
        "acknowledged" => schema::ACK_KEYS,
        _ => &[],
    }
}

fn item(
    label: &str,
    detail: Option<String>,
    kind: CompletionItemKind,
    new_text: String,
    range: Range,
) -> CompletionItem {
    CompletionItem { label: label.to_string(), detail, kind, text_edit: TextEdit::new(range, new_text) }
}

/// Names of one namespace with their details: ids defined in the file, or the rules.
fn names(ix: Option<&Index>, ns: Ns) -> Vec<(String, Option<String>)> {
    match ns {
        Ns::Rule => {
            crate::check::rule_infos().into_iter().map(|r| (r.name.to_string(), Some(r.summary.to_string()))).collect()
        }
        Ns::Claim => ix
            .map(|ix| ix.claims.iter().map(|c| (c.name.clone(), c.field("text").map(str::to_string))).collect())
            .unwrap_or_default(),
        Ns::Actor => ix
            .map(|ix| ix.actors.iter().map(|c| (c.name.clone(), c.field("name").map(str::to_string))).collect())
            .unwrap_or_default(),
        Ns::Relation => ix
            .map(|ix| {
                ix.relations
                    .iter()
                    .filter_map(|r| Some((r.id.clone()?, Some(format!("{} {} {}", r.from.join(" + "), r.kind, r.to)))))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The completions at a position.
pub fn complete(doc: &Document, a: &Analysis, format: Format, pos: Position, enc: Encoding) -> Vec<CompletionItem> {
    let offset = doc.offset(pos, enc);
    let p = place(&doc.text, offset, format);
    let range = doc.range(p.prefix, enc);
    let quote = |s: &str| if p.in_string { s.to_string() } else { format!("\"{s}\"") };
    let mut out = Vec::new();
    let ix = a.index.as_deref().or(a.names.as_deref());
    match &p.key {
        Some(key) => {
            for &ns in id_kinds(&p.table, key) {
                let kind = if ns == Ns::Rule { CompletionItemKind::EVENT } else { CompletionItemKind::REFERENCE };
                for (name, detail) in names(ix, ns) {
                    out.push(item(&name, detail, kind, quote(&name), range));
                }
            }
            for v in fixed_values(&p.table, key) {
                out.push(item(v, None, CompletionItemKind::ENUM_MEMBER, quote(v), range));
            }
            if key == "kind" {
                for v in kind_values(&p.table, ix) {
                    out.push(item(&v, None, CompletionItemKind::VALUE, quote(&v), range));
                }
            }
        }
        None if p.table == "checks" => {
            for (name, detail) in names(ix, Ns::Rule) {
                let text = if format == Format::Json { format!("\"{name}\": ") } else { format!("{name} = ") };
                out.push(item(&name, detail, CompletionItemKind::EVENT, text, range));
            }
        }
        None => {
            let text =
                if format == Format::Json { |k: &str| format!("\"{k}\": ") } else { |k: &str| format!("{k} = ") };
            for k in table_keys(&p.table) {
                out.push(item(k, None, CompletionItemKind::PROPERTY, text(k), range));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Place {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        place(&text, offset, Format::Toml)
    }

    #[test]
    fn places_in_toml() {
        let p = at("[claims.a]\ntext = \"x\"\nsupports = [\"b\", \"c|");
        assert_eq!((p.table.as_str(), p.key.as_deref(), p.in_string), ("claims", Some("supports"), true));
        let p = at("[claims.a]\nsupports = [\n  \"b\",\n  |\n");
        assert_eq!((p.table.as_str(), p.key.as_deref(), p.in_string), ("claims", Some("supports"), false));
        let p = at("[[relations]]\nfrom = \"a\"\nty|");
        assert_eq!((p.table.as_str(), p.key.as_deref()), ("relations", None));
        assert_eq!(p.prefix, Span::new(25, 27));
        let p = at("[checks]\norphan-claim = |");
        assert_eq!((p.table.as_str(), p.key.as_deref()), ("checks", Some("orphan-claim")));
        let p = at("x = 1\n|");
        assert_eq!((p.table.as_str(), p.key.as_deref()), ("", None));
    }

    #[test]
    fn places_in_json() {
        let text = "{\"claims\": {\"a\": {\"text\": \"x\", \"supports\": [\"b\", \"";
        let p = place(text, text.len(), Format::Json);
        assert_eq!((p.table.as_str(), p.key.as_deref(), p.in_string), ("claims", Some("supports"), true));
    }

    #[test]
    fn json_tables_by_nesting() {
        let json = |t: &str| {
            let offset = t.find('|').unwrap();
            json_table(&t.replace('|', ""), offset)
        };
        assert_eq!(json("{\"map\": {\"title\": \"t\"}, |"), "");
        assert_eq!(json("{\"map\": {|"), "map");
        assert_eq!(json("{\"claims\": {|"), "claims.*");
        assert_eq!(json("{\"claims\": {\"a\": {\"text\": \"x {[\", |"), "claims");
        assert_eq!(json("{\"claims\": {\"a\": {}, \"b\": {|"), "claims");
        assert_eq!(json("{\"claims\": {}, \"relations\": [|"), "relations.*");
        assert_eq!(json("{\"claims\": {}, \"relations\": [{\"from\": \"a\"}, {|"), "relations");
        assert_eq!(json("{\"stances\": [{\"actor\": \"a\", |"), "stances");
        assert_eq!(json("{\"actors\": {\"x\": {\"affirms\": [\"a\", |"), "actors");
        assert_eq!(json("{\"checks\": {|"), "checks");
        // A key typed in a JSON claim gets the claim keys; in the ids' object, none.
        assert!(table_keys(&json("{\"claims\": {\"a\": {|")).contains(&"supports"));
        assert!(table_keys(&json("{\"claims\": {|")).is_empty());
    }
}
