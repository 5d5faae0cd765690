//! TOML front end: parse with the `toml` crate's spanned document parser and
//! convert to the format-neutral [`Value`] tree.

use toml::de::{DeTable, DeValue};

use super::value::{Date, DatetimeLiteral, Key, Kind, Offset, Time, Value};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

pub mod plain;

/// Parse a TOML document. On syntax errors, every error the parser recovered
/// from is returned. Plain documents (the shape elenchus writes) are read by
/// [`plain::parse`]; any other goes through the `toml` crate's parser.
pub fn parse(text: &str) -> Result<Value<'_>, Vec<Diagnostic>> {
    if let Some(v) = plain::parse(text) {
        return Ok(v);
    }
    if text.len() >= CHUNKED_MIN
        && let Some(v) = parse_chunked(text, CHUNK)
    {
        return Ok(v);
    }
    parse_whole(text)
}

/// Parse a TOML document in one piece.
pub fn parse_whole(text: &str) -> Result<Value<'_>, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut diags: Vec<Diagnostic> = errors
            .into_iter()
            .map(|e| {
                if e.span().is_none()
                    && e.message() == "recursion limit"
                    && let Some(d) = deep_key(text)
                {
                    return d;
                }
                let span = line_end(text, e.span().map(Span::from).unwrap_or_default());
                let (mut message, label) = split_message(e.message());
                // Name the key: the parser's message does not.
                if message.ends_with("duplicate key")
                    && let Some(key) = text.get(span.range()).filter(|k| !k.is_empty() && !k.contains('\n'))
                {
                    message = format!("{message} `{key}`");
                }
                Diagnostic::new(Code::Syntax, message, span, label)
            })
            .collect();
        // After recovering from an error the parser may report the same spot
        // again in other words (a CR before the LF does that): keep the first.
        diags.sort_by_key(|d| d.span().start);
        diags.dedup_by_key(|d| d.span().start);
        redefined_tables(text, &mut diags);
        return Err(diags);
    }
    let mut errors = Vec::new();
    let kind = table(doc.into_inner(), text, 0, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Value { kind, span: Span::new(0, text.len()) })
}

/// A table header of the document: where its line starts and ends, whether
/// it is an array of tables, and its keys (unquoted) with their spans.
struct Header {
    line: std::ops::Range<usize>,
    array: bool,
    keys: Vec<(String, Span)>,
}

/// The table headers of `text`, read leniently (only to explain errors).
fn headers(text: &str) -> Vec<Header> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let (start, end) = (at, at + line.len());
        at = end;
        let lead = line.len() - line.trim_start().len();
        if !line[lead..].starts_with('[') {
            continue;
        }
        let array = line[lead..].starts_with("[[");
        let mut keys = Vec::new();
        let (mut key, mut key_start, mut key_end) = (String::new(), None::<usize>, 0);
        let mut quote = None;
        let open = lead + if array { 2 } else { 1 };
        for (i, c) in line[open..].char_indices() {
            let pos = start + open + i;
            match (quote, c) {
                (Some(q), c) if c == q => {
                    quote = None;
                    key_end = pos + 1;
                }
                (Some(_), c) => key.push(c),
                (None, '"' | '\'') => {
                    quote = Some(c);
                    key_start.get_or_insert(pos);
                }
                (None, '.' | ']') => {
                    if let Some(k) = key_start.take() {
                        keys.push((std::mem::take(&mut key), Span::new(k, key_end)));
                    }
                    if c == ']' {
                        break;
                    }
                }
                (None, c) if c.is_whitespace() => {}
                (None, c) => {
                    key.push(c);
                    key_start.get_or_insert(pos);
                    key_end = pos + c.len_utf8();
                }
            }
        }
        out.push(Header { line: start..end, array, keys });
    }
    out
}

/// A table defined twice is one error, not a `duplicate key` for the table
/// and another for each key the two definitions share: the error on the
/// header is rewritten to name the table and point at its first
/// definition, and the errors on keys of the second definition that only
/// repeat keys of the first are dropped. A claim or actor defined twice is
/// reported as in JSON, as an id defined twice.
fn redefined_tables(text: &str, diags: &mut Vec<Diagnostic>) {
    let is_duplicate = |d: &Diagnostic| d.code == Code::Syntax && d.message.starts_with("invalid TOML: duplicate key");
    if !diags.iter().any(is_duplicate) {
        return;
    }
    let headers = headers(text);
    let header_at = |at: usize| headers.iter().position(|h| h.line.contains(&at));
    // The bodies of tables defined again: from the header to the next header.
    let mut again: Vec<std::ops::Range<usize>> = Vec::new();
    for d in diags.iter_mut().filter(|d| is_duplicate(d)) {
        let span = d.span();
        let Some(h) = header_at(span.start).filter(|&h| !headers[h].array) else { continue };
        let keys: Vec<&str> = headers[h].keys.iter().map(|k| k.0.as_str()).collect();
        let Some(first) =
            headers[..h].iter().find(|f| !f.array && f.keys.iter().map(|k| k.0.as_str()).eq(keys.iter().copied()))
        else {
            continue;
        };
        let first_span = first.keys.last().map_or(Span::new(first.line.start, first.line.start), |k| k.1);
        let (code, message, help) = match keys.as_slice() {
            [kind @ ("claims" | "actors"), id] => (
                Code::DuplicateId,
                format!("{} `{id}` is defined twice", kind.trim_end_matches('s')),
                "an id names one entry: merge the two tables, or give the second another id",
            ),
            _ => (
                Code::Syntax,
                format!("invalid TOML: table `[{}]` is defined twice", keys.join(".")),
                "a table is defined once: merge the two into one",
            ),
        };
        *d = Diagnostic::new(code, message, span, "defined again here")
            .with_label(first_span, "first defined here")
            .with_help(help);
        let end = headers.get(h + 1).map_or(text.len(), |n| n.line.start);
        again.push(headers[h].line.end..end);
    }
    // A key of a second definition is a duplicate of the first's: no error of its own,
    // unless it is repeated within the second definition itself.
    diags.retain(|d| {
        let at = d.span().start;
        let Some(body) = again.iter().find(|b| b.contains(&at)) else { return true };
        if !is_duplicate(d) {
            return true;
        }
        let key = &text[d.span().range()];
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        text[body.start..line_start.max(body.start)]
            .lines()
            .any(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(['=', '.'])))
    });
}

/// The most parts a dotted key may have: the parser stops deeper keys (its
/// "recursion limit") without saying where.
const MAX_KEY_PARTS: usize = 80;

/// The first key (of a `key = value` line or a table header) with more than
/// [`MAX_KEY_PARTS`] dotted parts, as a diagnostic at that key.
fn deep_key(text: &str) -> Option<Diagnostic> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at + (line.len() - line.trim_start().len());
        at += line.len();
        let rest = &text[start..at];
        let header = rest.starts_with('[');
        let mut parts = 1;
        let mut quote = None;
        let mut end = start;
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => parts += 1,
                (None, '=') if !header => break,
                (None, ']') if header => {
                    end = start + i + 1;
                    break;
                }
                (None, '\n' | '#') => break,
                _ => {}
            }
            end = start + i + c.len_utf8();
        }
        if parts > MAX_KEY_PARTS {
            let key = text[start..end].trim_end();
            return Some(
                Diagnostic::new(
                    Code::Syntax,
                    format!("invalid TOML: a key of {parts} dotted parts nests too deeply (recursion limit)"),
                    Span::new(start, start + key.len()),
                    format!("{parts} parts"),
                )
                .with_help(format!("a key may have at most {MAX_KEY_PARTS} dotted parts")),
            );
        }
    }
    None
}

/// The parser may point at the `\n` of a CRLF line ending (after the `\r`);
/// point at the `\r` instead, the end of the line as shown, so that the
/// column is the same as with LF line endings.
fn line_end(text: &str, span: Span) -> Span {
    let b = text.as_bytes();
    if span.start > 0 && b.get(span.start) == Some(&b'\n') && b[span.start - 1] == b'\r' {
        Span::new(span.start - 1, span.end.max(span.start - 1))
    } else {
        span
    }
}

/// The toml crate's messages are a headline, sometimes followed by lines of
/// detail (such as "expected ..."). Use the first as the message and the rest
/// as the caret label.
fn split_message(m: &str) -> (String, String) {
    let mut lines = m.lines().map(str::trim).filter(|l| !l.is_empty());
    let head = lines.next().unwrap_or("invalid TOML").to_string();
    let rest: Vec<&str> = lines.collect();
    let label = if rest.is_empty() { head.clone() } else { rest.join("; ") };
    (format!("invalid TOML: {head}"), label)
}

/// Convert a table; `off` is where the parsed text starts in `src`. Values
/// TOML forbids but the parser lets through (integers that do not fit 64
/// bits) are added to `errors`.
fn table<'a>(t: DeTable<'a>, src: &str, off: usize, errors: &mut Vec<Diagnostic>) -> Kind<'a> {
    let mut out = Vec::with_capacity(t.len());
    for (k, v) in t {
        let span = shift(k.span(), off);
        out.push((Key { name: k.into_inner(), span }, value(v, src, off, errors)));
    }
    Kind::Table(out)
}

fn shift(r: std::ops::Range<usize>, off: usize) -> Span {
    Span::new(r.start + off, r.end + off)
}

fn value<'a>(v: toml::Spanned<DeValue<'a>>, src: &str, off: usize, errors: &mut Vec<Diagnostic>) -> Value<'a> {
    let span = shift(v.span(), off);
    let kind = match v.into_inner() {
        // Multi-line strings of a CRLF file keep its `\r\n` line breaks; the text is the same with `\n`.
        DeValue::String(s) if s.contains("\r\n") && is_multiline(src, span) => {
            Kind::String(s.replace("\r\n", "\n").into())
        }
        DeValue::String(s) => Kind::String(s),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Kind::Integer(n),
            // TOML 1.0: an integer that cannot be represented losslessly is an error.
            Err(_) => {
                errors.push(
                    Diagnostic::new(
                        Code::Syntax,
                        "invalid TOML: integer out of range",
                        span,
                        "does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)",
                    )
                    .with_help(
                        "quote it if it is a name or a code; write it with a fraction or an exponent for a float",
                    ),
                );
                Kind::Float(f64::NAN)
            }
        },
        DeValue::Float(f) => Kind::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Kind::Bool(b),
        DeValue::Datetime(d) => {
            let date = d.date.and_then(|dd| Date::new(dd.year.into(), dd.month.into(), dd.day.into()));
            let time = d.time.and_then(|t| {
                let offset = d.offset.map(|o| match o {
                    toml::value::Offset::Z => Offset::Z,
                    toml::value::Offset::Custom { minutes } => Offset::Minutes(minutes),
                });
                // The fraction is known in nanoseconds only: written back without trailing zeros.
                let nanos = t.nanosecond.unwrap_or(0);
                let digits = if t.nanosecond.is_some() {
                    (9 - format!("{nanos:09}").bytes().rev().take_while(|&c| c == b'0').count()).max(1) as u8
                } else {
                    0
                };
                let second = t.second.or(t.nanosecond.map(|_| 0));
                Time::new(t.hour, t.minute, second, nanos, digits, offset)
            });
            Kind::Datetime(Box::new(DatetimeLiteral { text: d.to_string(), date, time }))
        }
        DeValue::Array(a) => Kind::Array(a.into_iter().map(|v| value(v, src, off, errors)).collect()),
        DeValue::Table(t) => table(t, src, off, errors),
    };
    Value { kind, span }
}

/// Whether the string literal at `span` is a multi-line one (`"""` or `'''`).
fn is_multiline(src: &str, span: Span) -> bool {
    src.get(span.start..).is_some_and(|t| t.starts_with("\"\"\"") || t.starts_with("'''"))
}

/// Documents at least this long are parsed in pieces on every core.
const CHUNKED_MIN: usize = 1 << 20;
/// The size of a piece, roughly (it ends at a table header).
const CHUNK: usize = 1 << 22;

/// Parse a large document in pieces, each starting at a table header, on
/// every core, and join the pieces' tables. The result is the tree a
/// whole-document parse gives, spans included; whenever the pieces do not
/// join in a way that is certainly the same (a piece with an error, a table
/// or key defined in two pieces other than the plainly mergeable cases),
/// `None`, and the caller parses the whole document instead. A piece boundary
/// inside a string or an array makes the piece before it unterminated, so a
/// wrong boundary can only make a piece fail, never change a result.
pub fn parse_chunked(text: &str, chunk: usize) -> Option<Value<'_>> {
    let bounds = chunk_bounds(text, chunk.max(1));
    if bounds.len() < 3 {
        return None;
    }
    let pieces: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
    let threads = crate::par::threads();
    let parsed = crate::par::map_ordered(
        &pieces,
        threads,
        || (),
        |_, &(start, end)| {
            let (doc, errors) = DeTable::parse_recoverable(&text[start..end]);
            if !errors.is_empty() {
                return None;
            }
            // A piece with an error leaves it to the whole parse to report.
            let mut errors = Vec::new();
            match table(doc.into_inner(), text, start, &mut errors) {
                Kind::Table(entries) if errors.is_empty() => Some(entries),
                _ => None,
            }
        },
    );
    let mut pieces = parsed.into_iter().zip(&pieces);
    let (first, _) = pieces.next()?;
    let mut root = first?;
    let mut at: std::collections::HashMap<String, usize> =
        root.iter().enumerate().map(|(i, (k, _))| (k.name.to_string(), i)).collect();
    // The second-level keys of each top-level table joined so far.
    let mut inner: std::collections::HashMap<usize, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    for (piece, &(start, end)) in pieces {
        for (key, value) in piece? {
            let Some(&i) = at.get(key.name.as_ref()) else {
                at.insert(key.name.to_string(), root.len());
                root.push((key, value));
                continue;
            };
            let (key0, value0) = &mut root[i];
            match (defined_by(text, key0, value0), defined_by(text, &key, &value)) {
                (Defined::TableArray, Defined::TableArray) => match (&mut value0.kind, value.kind) {
                    (Kind::Array(a), Kind::Array(b)) => a.extend(b),
                    _ => return None,
                },
                (Defined::Header | Defined::Implicit, Defined::Implicit)
                    if !has_header(&text[start..end], &key.name) =>
                {
                    let (Kind::Table(a), Kind::Table(b)) = (&mut value0.kind, value.kind) else { return None };
                    let seen = inner.entry(i).or_insert_with(|| a.iter().map(|(k, _)| k.name.to_string()).collect());
                    for (k, v) in b {
                        if !seen.insert(k.name.to_string()) {
                            return None;
                        }
                        a.push((k, v));
                    }
                }
                _ => return None,
            }
        }
    }
    Some(Value { kind: Kind::Table(root), span: Span::new(0, text.len()) })
}

/// Where pieces start: 0, then after a newline followed by `[`, about every
/// `chunk` bytes, then the end.
fn chunk_bounds(text: &str, chunk: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut bounds = vec![0];
    let mut target = chunk;
    while target < b.len() {
        let Some(found) = b[target..].windows(2).position(|w| w == b"\n[") else { break };
        let at = target + found + 1;
        bounds.push(at);
        target = at + chunk;
    }
    bounds.push(b.len());
    bounds
}

/// How a top-level key came to be in a piece.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defined {
    /// `[[key]]`
    TableArray,
    /// `[key]`
    Header,
    /// By a header of a table inside it, `[key.sub]`.
    Implicit,
    /// Anything else (a key = value, a dotted key, an inline table).
    Other,
}

fn defined_by(text: &str, key: &Key<'_>, value: &Value<'_>) -> Defined {
    let at = &text[value.span.start..];
    let line_start = text[..key.span.start].rfind('\n').map_or(0, |i| i + 1);
    let header = text[line_start..key.span.start].trim_start().starts_with('[');
    match &value.kind {
        Kind::Array(_) if at.starts_with("[[") => Defined::TableArray,
        Kind::Table(_) if at.starts_with('[') => Defined::Header,
        Kind::Table(_) if value.span == key.span && header => Defined::Implicit,
        _ => Defined::Other,
    }
}

/// Whether `piece` has a header `[name]` (bare or quoted) for this key.
fn has_header(piece: &str, name: &str) -> bool {
    piece.lines().any(|line| {
        let Some(rest) = line.trim_start().strip_prefix('[') else { return false };
        if rest.starts_with('[') {
            return false;
        }
        let inside = rest.split(']').next().unwrap_or("").trim();
        inside == name || inside.trim_matches(['"', '\'']) == name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every TOML file of the repository (the maps, the test corpus), cut
    /// into pieces of many sizes: joined, the pieces give exactly the tree of
    /// the whole document, or the document is parsed whole.
    #[test]
    fn pieces_join_to_the_whole_document_or_are_refused() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["maps", "tests/corpus", "examples"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "toml") {
                    files.push(p);
                }
            }
        }
        files.sort();
        assert!(files.len() > 20, "{files:?}");
        let (mut joined, mut refused) = (0, 0);
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let whole = parse_whole(&text);
            for chunk in [1, 10, 60, 200, 1000, 5000] {
                match parse_chunked(&text, chunk) {
                    Some(v) => {
                        joined += 1;
                        assert_eq!(whole.as_ref().ok(), Some(&v), "{} in pieces of {chunk}", f.display());
                    }
                    None => refused += 1,
                }
            }
        }
        assert!(joined > 50, "pieces joined {joined} times, refused {refused}");
    }

    /// Edited copies of every TOML file (a line repeated, moved to the end,
    /// or removed): whenever the pieces join, the whole document parses to
    /// the same tree. An edit that makes the document invalid (a table
    /// defined twice, say) must never be accepted in pieces.
    #[test]
    fn pieces_of_edited_documents_join_only_to_the_whole_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["maps", "tests/corpus"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "toml") {
                    texts.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let (mut joined, mut invalid) = (0, 0);
        for text in &texts {
            let lines: Vec<&str> = text.lines().collect();
            // Forty places per document, fewer in the large ones (the UN map
            // of 266 KB gets eight): every document costs about the same.
            let places = (1_000_000 / text.len().max(1)).clamp(8, 40);
            let step = (lines.len() / places).max(1);
            for i in (0..lines.len()).step_by(step) {
                let mut repeated = lines.clone();
                repeated.insert(i, lines[i]);
                let mut moved = lines.clone();
                let line = moved.remove(i);
                moved.push(line);
                let mut removed = lines.clone();
                removed.remove(i);
                for edited in [repeated, moved, removed] {
                    let edited = edited.join("\n") + "\n";
                    let whole = parse_whole(&edited);
                    invalid += usize::from(whole.is_err());
                    for chunk in [1, 13, 97] {
                        if let Some(v) = parse_chunked(&edited, chunk) {
                            joined += 1;
                            assert_eq!(whole.as_ref().ok(), Some(&v), "pieces of {chunk}:\n{edited}");
                        }
                    }
                }
            }
        }
        assert!(joined > 1000 && invalid > 100, "joined {joined}, invalid edits {invalid}");
    }

    #[test]
    fn pieces_that_do_not_certainly_join_are_refused() {
        let cases = [
            // The same table defined in two pieces.
            "[map]\ntitle = \"a\"\n[claims.a]\ntext = \"A\"\n[map]\nurl = \"u\"\n",
            // Two explicit headers of one table.
            "[claims]\n[claims.a]\ntext = \"A\"\n[claims]\n",
            // A claim in one piece, its sub-table in another (valid TOML, but not joined).
            "[claims.a]\ntext = \"A\"\n[claims.b]\ntext = \"B\"\n[claims.a.more]\nx = 1\n",
            // An inline array, then an array of tables of the same name.
            "relations = [{ from = \"a\" }]\n[claims.a]\ntext = \"A\"\n[[relations]]\nfrom = \"b\"\n",
            // A boundary inside a multi-line string.
            "[claims.a]\ntext = \"\"\"\nline\n[not a header]\n\"\"\"\n[claims.b]\ntext = \"B\"\n",
            // A boundary inside a multi-line array.
            "[claims.a]\ntext = \"A\"\ntags = [\n[\"x\"],\n]\n[claims.b]\ntext = \"B\"\n",
            // Dotted keys at the root, then headers of the same table.
            "claims.a.text = \"A\"\n[claims.b]\ntext = \"B\"\n",
        ];
        for text in cases {
            let whole = parse_whole(text);
            for chunk in [1, 5, 20] {
                if let Some(v) = parse_chunked(text, chunk) {
                    assert_eq!(whole.as_ref().ok(), Some(&v), "{text:?} in pieces of {chunk}");
                }
            }
        }
        // The first two and the fourth are errors in TOML: never accepted in pieces.
        for text in [cases[0], cases[1], cases[3]] {
            assert!(parse_whole(text).is_err(), "{text:?}");
            assert!((1..40).all(|c| parse_chunked(text, c).is_none()), "{text:?}");
        }
    }
}
