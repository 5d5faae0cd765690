//! Formatting TOML maps on `toml_edit`, which keeps every comment and the
//! way each value is written: only the whitespace around them (the
//! "decor") and the order of keys within a table change.

use toml_edit::{Array, DocumentMut, InlineTable, Item, KeyMut, RawString, Table, Value};

use super::{Options, width_of};
use crate::diag::{Code, Diagnostic};
use crate::load::schema::{ACK_KEYS, ACTOR_KEYS, CLAIM_KEYS, MAP_KEYS, RELATION_KEYS, STANCE_KEYS};
use crate::source::Span;

/// Spaces per level of an array written one item per line.
const INDENT: usize = 4;

/// Format a TOML map (see the [module documentation](super)). The error is
/// the document's syntax error, as `validate` reports it.
pub fn format_toml(text: &str, opts: &Options) -> Result<String, Vec<Diagnostic>> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    // The loader's parser first, for its messages; then `toml_edit`'s (the same grammar).
    crate::load::toml::parse_whole(text)?;
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let lf = text.replace("\r\n", "\n");
    let mut doc: DocumentMut = lf.parse().map_err(|e: toml_edit::TomlError| {
        let span = e.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        vec![Diagnostic::new(Code::Syntax, format!("invalid TOML: {}", e.message()), span, "here")]
    })?;
    let f = Formatter { width: opts.width.max(1) };
    f.table(doc.as_table_mut(), Kind::Top);
    let trailing = comment_lines(raw(doc.trailing()), false);
    doc.set_trailing(trailing);
    let mut out = doc.to_string();
    // The first table or key has no blank line before it, and the file ends in one line break.
    let start = out.len() - out.trim_start_matches('\n').len();
    out.drain(..start);
    out.truncate(out.trim_end().len());
    if !out.is_empty() {
        out.push('\n');
    }
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    Ok(format!("{bom}{out}"))
}

/// What a table is, for the order of its keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Top,
    Claims,
    Actors,
    /// A table whose keys keep their order (`[checks]`, unknown tables).
    Other,
    Ordered(&'static [&'static str]),
}

impl Kind {
    /// The kind of the table (or array of tables) under `key` in a table of this kind.
    fn child(self, key: &str) -> Kind {
        match (self, key) {
            (Kind::Top, "map") => Kind::Ordered(MAP_KEYS),
            (Kind::Top, "claims") => Kind::Claims,
            (Kind::Top, "actors") => Kind::Actors,
            (Kind::Top, "relations") => Kind::Ordered(RELATION_KEYS),
            (Kind::Top, "stances") => Kind::Ordered(STANCE_KEYS),
            (Kind::Top, "acknowledged") => Kind::Ordered(ACK_KEYS),
            (Kind::Claims, _) => Kind::Ordered(CLAIM_KEYS),
            (Kind::Actors, _) => Kind::Ordered(ACTOR_KEYS),
            _ => Kind::Other,
        }
    }
    /// Where `key` goes in a table of this kind (keys not in the format last).
    fn rank(self, key: &str) -> usize {
        match self {
            Kind::Ordered(keys) => keys.iter().position(|k| *k == key).unwrap_or(keys.len()),
            _ => 0,
        }
    }
}

struct Formatter {
    width: usize,
}

impl Formatter {
    /// A table with a header (or the top level, or a dotted table): its
    /// header, its keys, and the tables under it.
    fn table(&self, t: &mut Table, kind: Kind) {
        if matches!(kind, Kind::Ordered(_)) {
            t.sort_values_by(|a, _, b, _| kind.rank(a.get()).cmp(&kind.rank(b.get())));
        }
        if !t.is_dotted() {
            let d = t.decor_mut();
            let prefix = comment_lines(d.prefix().map_or("", raw), true);
            let suffix = end_comment(d.suffix().map_or("", raw));
            d.set_prefix(prefix);
            d.set_suffix(suffix);
        }
        let mut first = true;
        for (mut key, item) in t.iter_mut() {
            let child = kind.child(key.get());
            key.dotted_decor_mut().clear();
            match item {
                Item::Value(v) => {
                    let prefix = key.leaf_decor().prefix().map_or("", raw);
                    let prefix = if first {
                        comment_lines(prefix, false).trim_start_matches('\n').to_string()
                    } else {
                        comment_lines(prefix, false)
                    };
                    key.leaf_decor_mut().set_prefix(prefix);
                    key.leaf_decor_mut().set_suffix(" ");
                    first = false;
                    // The line so far: `key = `.
                    let used = width_of(&key_text(&key)) + 3;
                    self.value(v, child, 0, self.width.saturating_sub(used), " ");
                }
                Item::Table(sub) => {
                    if sub.is_dotted() {
                        // `a.b = 1`: the line's comments are on the last key.
                        key.leaf_decor_mut().clear();
                        first = false;
                    } else {
                        key.leaf_decor_mut().clear();
                    }
                    self.table(sub, child);
                }
                Item::ArrayOfTables(a) => {
                    key.leaf_decor_mut().clear();
                    for sub in a.iter_mut() {
                        self.table(sub, child);
                    }
                }
                Item::None => {}
            }
        }
    }

    /// A value after `=` (`prefix` before it), or an item of an array; `avail`
    /// is the room left on its line.
    fn value(&self, v: &mut Value, kind: Kind, level: usize, avail: usize, prefix: &str) {
        let suffix = end_comment(v.decor().suffix().map_or("", raw));
        match v {
            Value::Array(a) => self.array(a, kind, level, avail),
            Value::InlineTable(t) => self.inline_table(t, kind),
            _ => {}
        }
        let d = v.decor_mut();
        d.set_prefix(prefix);
        d.set_suffix(suffix);
    }

    fn array(&self, a: &mut Array, kind: Kind, level: usize, avail: usize) {
        // Comments after an item and before its comma (or the `]` of an
        // array without a trailing comma) go after the comma.
        let n = a.len();
        let mut moved: Vec<String> = vec![String::new(); n + 1];
        for (i, v) in a.iter_mut().enumerate() {
            let s = v.decor().suffix().map_or("", raw);
            if s.contains('#') {
                moved[i + 1] = s.to_string();
                v.decor_mut().set_suffix("");
            }
        }
        // Comments on the lines before each item (and before `]`): the first
        // of them may be on the line of the item before.
        let mut notes: Vec<(Option<String>, Vec<String>)> = Vec::with_capacity(n + 1);
        for (i, v) in a.iter().enumerate() {
            notes.push(split_notes(&(std::mem::take(&mut moved[i]) + v.decor().prefix().map_or("", raw))));
        }
        notes.push(split_notes(&(std::mem::take(&mut moved[n]) + raw(a.trailing()))));
        let commented = notes.iter().any(|(same, own)| same.is_some() || !own.is_empty());
        let child = kind;
        // On one line, if there is no comment, no line break in an item, and room.
        if !commented {
            for (i, v) in a.iter_mut().enumerate() {
                self.value(v, child, level + 1, usize::MAX, if i == 0 { "" } else { " " });
            }
            a.set_trailing_comma(false);
            a.set_trailing("");
            let mut probe = a.clone();
            probe.decor_mut().clear();
            let line = probe.to_string();
            if !line.contains('\n') && width_of(&line) <= avail {
                return;
            }
        }
        let inner = " ".repeat(INDENT * (level + 1));
        let avail = self.width.saturating_sub(INDENT * (level + 1) + 1);
        // Each item (and `]`) on a line of its own, after its comments.
        let before = |(same, own): &(Option<String>, Vec<String>), indent: &str| {
            let mut s = String::new();
            if let Some(c) = same {
                s.push(' ');
                s.push_str(c);
            }
            for c in own {
                s.push('\n');
                if !c.is_empty() {
                    s.push_str(&inner);
                    s.push_str(c);
                }
            }
            s.push('\n');
            s.push_str(indent);
            s
        };
        for (i, v) in a.iter_mut().enumerate() {
            self.value(v, child, level + 1, avail, &before(&notes[i], &inner));
        }
        let trailing = before(&notes[n], &" ".repeat(INDENT * level));
        a.set_trailing_comma(n > 0);
        a.set_trailing(trailing);
    }

    /// `{ key = value, ... }`; one holding a comment or a line break
    /// (TOML 1.1) is left as written.
    fn inline_table(&self, t: &mut InlineTable, kind: Kind) {
        if has_break(t) {
            return;
        }
        if matches!(kind, Kind::Ordered(_)) {
            t.sort_values_by(|a, _, b, _| kind.rank(a.get()).cmp(&kind.rank(b.get())));
        }
        let n = t.len();
        for (i, (mut key, v)) in t.iter_mut().enumerate() {
            let child = kind.child(key.get());
            key.leaf_decor_mut().set_prefix(" ");
            key.leaf_decor_mut().set_suffix(" ");
            key.dotted_decor_mut().clear();
            self.value(v, child, 0, usize::MAX, " ");
            if i + 1 == n {
                v.decor_mut().set_suffix(" ");
            }
        }
        t.set_trailing_comma(false);
        t.set_trailing("");
    }
}

/// Whether an inline table holds a comment or a line break anywhere (between its items).
fn has_break(t: &InlineTable) -> bool {
    let mut probe = t.clone();
    probe.decor_mut().clear();
    let text = probe.to_string();
    // Strings hold no raw line break unless multi-line; a `#` inside a string is no comment,
    // so look only outside strings.
    outside_strings(&text).any(|c| c == '\n' || c == '#')
}

/// The characters of TOML text that are not inside a string.
fn outside_strings(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut quote: Option<(char, bool)> = None; // (quote, multi-line)
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            match quote {
                None if c == '"' || c == '\'' => {
                    let multi = text[i..].starts_with(if c == '"' { "\"\"\"" } else { "'''" });
                    if multi {
                        chars.next();
                        chars.next();
                    }
                    quote = Some((c, multi));
                }
                None => return Some(c),
                Some(('"', _)) if c == '\\' => {
                    chars.next();
                }
                Some((q, false)) if c == q => quote = None,
                Some((q, true)) if c == q && text[i..].starts_with(&q.to_string().repeat(3)) => {
                    chars.next();
                    chars.next();
                    // Up to two more quotes may end the string's content.
                    while chars.peek().is_some_and(|&(_, d)| d == q) {
                        chars.next();
                    }
                    quote = None;
                }
                Some(_) => {}
            }
        }
        None
    })
}

/// The text of a decor part (after parsing, every part is text).
fn raw(r: &RawString) -> &str {
    r.as_str().unwrap_or("")
}

fn key_text(key: &KeyMut<'_>) -> String {
    key.display_repr().into_owned()
}

/// The comment lines before a key or table header, trimmed, with at most one
/// blank line in a row and (for a table, `table`) a blank line first when
/// there is none among them; each line ends in a line break. What follows the last line break
/// (the indentation of the key) is dropped.
fn comment_lines(prefix: &str, table: bool) -> String {
    let lines: Vec<&str> = match prefix.rfind('\n') {
        Some(end) => prefix[..end].split('\n').map(str::trim).collect(),
        None => Vec::new(),
    };
    let mut out = String::new();
    // A table gets a blank line before its comments, unless they have one
    // of their own (they may end the table before it, and then begin this one).
    let spaced = table && !lines.iter().any(|l| l.is_empty());
    if spaced {
        out.push('\n');
    }
    let mut blank = spaced;
    for line in lines {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out
}

/// What follows a value or a table header on its line: its comment (with
/// the spaces written before it), or nothing.
fn end_comment(suffix: &str) -> String {
    match suffix.find('#') {
        Some(at) => {
            let space = &suffix[..at];
            let space = if space.is_empty() { " " } else { space };
            format!("{space}{}", suffix[at..].trim_end())
        }
        None => String::new(),
    }
}

/// The comments before an array item (or `]`): one on the line of the item
/// before, and the lines of their own, trimmed, with blank lines kept one at
/// most between comments.
fn split_notes(prefix: &str) -> (Option<String>, Vec<String>) {
    let mut parts = prefix.split('\n');
    let first = parts.next().unwrap_or("").trim();
    let mut own: Vec<String> = Vec::new();
    let same = (!first.is_empty()).then(|| first.to_string());
    // Lines after the first line break; the last is the item's own line (indentation).
    let rest: Vec<&str> = parts.collect();
    let lines = rest.len().saturating_sub(1);
    for line in rest.into_iter().take(lines).map(str::trim) {
        if line.is_empty() {
            if own.last().is_some_and(|l| !l.is_empty()) {
                own.push(String::new());
            }
        } else {
            own.push(line.to_string());
        }
    }
    while own.last().is_some_and(|l| l.is_empty()) {
        own.pop();
    }
    (same, own)
}
