//! A fast reader for plain TOML: the shape of the maps elenchus writes
//! (`import votes`, `fmt`): table headers of bare or simply quoted keys,
//! arrays of tables, `key = value` lines of single keys, and values that are
//! one-line strings, decimal integers, booleans, dates and arrays of those
//! (on one line or over several, without comments). It builds the same [`Value`] tree, spans included, as the `toml`
//! crate's parser ([`super::parse_whole`]) without that parser's token vector
//! and table per item, which dominate loading a map of a million stances.
//!
//! Anything else (other value types, dotted keys, inline tables, multi-line
//! strings, comments in arrays, a key or table defined twice, any error at all) makes
//! [`parse`] give up with `None`, and the caller parses the document with the
//! full parser, which also gives every diagnostic. So this reader never
//! decides what is an error, and accepts only documents whose tree it is
//! certain of; tests/suite/toml_plain.rs compares the two over every TOML map of
//! the repository, random documents and cut and garbled ones.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::load::value::{Date, DatetimeLiteral, Deferred, Key, Kind, Value};
use crate::source::Span;

/// The tree of a plain TOML document, or `None` when the document is not
/// plain (or not valid): then parse it with the full parser. The top-level
/// arrays of tables `stances` and `relations` come back as
/// [`Kind::Deferred`]: checked, but each item built only when it is read
/// ([`item`]), so that a map of a million stances never holds all their
/// tables at once.
pub fn parse(text: &str) -> Option<Value<'_>> {
    let mut r = Reader::new(text, 0, Span::new(0, text.len()));
    r.scratch = r.new_table(Span::new(0, 0), Defined::ArrayItem);
    let mut current = 0;
    while r.lines(current)? {
        current = r.header()?;
        r.end_of_line()?;
    }
    Some(r.build(0))
}

/// The table of a deferred item: the lines after its header at `span`, up to
/// the next header. The document has been checked by [`parse`]; should the
/// item not read after all, it is a null.
pub fn item(text: &str, span: Span) -> Value<'_> {
    let mut r = Reader::new(text, span.end, span);
    match r.end_of_line().and_then(|()| r.lines(0)) {
        Some(_) => r.build(0),
        None => Value { kind: Kind::Null, span },
    }
}

/// The most keys a header may have here (the full parser has a limit of its
/// own, and building the tree recurses once per key).
const MAX_HEADER_KEYS: usize = 8;

/// The top-level arrays of tables that [`parse`] defers.
const DEFERRED: [&str; 2] = ["stances", "relations"];

/// How a table came to be, which decides what may be added to it later.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defined {
    /// The document.
    Root,
    /// By its own header `[a.b]`.
    Header,
    /// By the header of a table inside it (`a` of `[a.b]`).
    Implicit,
    /// An item of an array of tables, by its header `[[a]]`.
    ArrayItem,
}

enum Entry<'a> {
    Value(Value<'a>),
    /// A table, by its index in [`Reader::tables`].
    Table(usize),
    /// An array of tables: its span and its items' tables.
    Array(Span, Vec<usize>),
    /// A deferred array of tables: its span and its items' spans (their headers).
    Deferred(Span, Vec<Span>),
}

struct Table<'a> {
    span: Span,
    defined: Defined,
    entries: Vec<(Key<'a>, Entry<'a>)>,
    /// Where each key is, once the table has many.
    index: Option<HashMap<Cow<'a, str>, usize>>,
}

/// Tables with more keys than this find their keys through a hash map.
const INDEXED: usize = 12;

impl<'a> Table<'a> {
    fn new(span: Span) -> Self {
        Table { span, defined: Defined::Root, entries: Vec::new(), index: None }
    }

    fn find(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(k, _)| k.name == name),
        }
    }

    fn push(&mut self, key: Key<'a>, entry: Entry<'a>) {
        if let Some(index) = &mut self.index {
            index.insert(key.name.clone(), self.entries.len());
        } else if self.entries.len() == INDEXED {
            let mut index: HashMap<Cow<'a, str>, usize> =
                self.entries.iter().enumerate().map(|(i, (k, _))| (k.name.clone(), i)).collect();
            index.insert(key.name.clone(), self.entries.len());
            self.index = Some(index);
        }
        self.entries.push((key, entry));
    }
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    tables: Vec<Table<'a>>,
    /// The table that the items of a deferred array are read into, one after another.
    scratch: usize,
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Control characters TOML does not allow in strings and comments (a tab is allowed).
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, pos: usize, span: Span) -> Self {
        Reader { text, b: text.as_bytes(), pos, tables: vec![Table::new(span)], scratch: usize::MAX }
    }

    /// Read the lines of the table at `current` up to a header (`true`, at
    /// its `[`) or the end of the document (`false`).
    fn lines(&mut self, current: usize) -> Option<bool> {
        while self.pos < self.b.len() {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b'\n') => self.pos += 1,
                Some(b'\r') => self.newline()?,
                Some(b'#') => self.end_of_line()?,
                Some(b'[') => return Some(true),
                Some(_) => {
                    let key = self.key()?;
                    self.skip_ws();
                    if self.peek() != Some(b'=') {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let value = self.value(true)?;
                    self.end_of_line()?;
                    self.insert(current, key, Entry::Value(value))?;
                }
            }
        }
        Some(false)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Spaces, tabs and line ends (`\n`, `\r\n`), as allowed between the items of an array.
    fn skip_ws_and_newlines(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n') => self.pos += 1,
                Some(b'\r') if self.b.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
                _ => break,
            }
        }
    }

    /// A `\r\n` line end.
    fn newline(&mut self) -> Option<()> {
        (self.b.get(self.pos + 1) == Some(&b'\n')).then(|| self.pos += 2)
    }

    /// Spaces, an optional comment, and the end of the line (or of the document).
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.pos += 1;
            while let Some(c) = self.peek() {
                if c == b'\n' || c == b'\r' {
                    break;
                }
                if is_control(c) {
                    return None;
                }
                self.pos += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(b'\r') => self.newline(),
            Some(_) => None,
        }
    }

    /// A bare key, or a basic string key without escapes.
    fn key(&mut self) -> Option<Key<'a>> {
        let start = self.pos;
        if self.peek() == Some(b'"') {
            let end = self.b[start + 1..].iter().position(|&c| c == b'"')? + start + 1;
            let name = &self.text[start + 1..end];
            if name.bytes().any(|c| c == b'\\' || is_control(c)) {
                return None;
            }
            self.pos = end + 1;
            return Some(Key { name: Cow::Borrowed(name), span: Span::new(start, self.pos) });
        }
        while self.peek().is_some_and(is_bare) {
            self.pos += 1;
        }
        (self.pos > start)
            .then(|| Key { name: Cow::Borrowed(&self.text[start..self.pos]), span: Span::new(start, self.pos) })
    }

    /// A table header `[a.b]` or `[[a.b]]`: the index of its table.
    fn header(&mut self) -> Option<usize> {
        let open = self.pos;
        let array = self.b.get(open + 1) == Some(&b'[');
        self.pos += if array { 2 } else { 1 };
        let mut keys = Vec::with_capacity(2);
        loop {
            self.skip_ws();
            if keys.len() == MAX_HEADER_KEYS {
                return None;
            }
            keys.push(self.key()?);
            self.skip_ws();
            match self.peek()? {
                b'.' => self.pos += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.pos += 1;
        if array {
            if self.peek() != Some(b']') {
                return None;
            }
            self.pos += 1;
        }
        let span = Span::new(open, self.pos);
        let (last, path) = keys.split_last()?;
        let mut at = 0;
        for key in path.iter() {
            at = match self.tables[at].find(&key.name) {
                Some(i) => match self.tables[at].entries[i].1 {
                    Entry::Table(t) if matches!(self.tables[t].defined, Defined::Header | Defined::Implicit) => t,
                    _ => return None,
                },
                None => {
                    let t = self.new_table(key.span, Defined::Implicit);
                    self.tables[at].push(key.clone(), Entry::Table(t));
                    t
                }
            };
        }
        let found = self.tables[at].find(&last.name);
        let last = last.clone();
        if array && path.is_empty() && DEFERRED.contains(&last.name.as_ref()) {
            match found {
                None => self.tables[at].push(last, Entry::Deferred(span, vec![span])),
                Some(i) => match &mut self.tables[at].entries[i].1 {
                    Entry::Deferred(_, items) => items.push(span),
                    _ => return None,
                },
            }
            let scratch = &mut self.tables[self.scratch];
            scratch.entries.clear();
            scratch.index = None;
            Some(self.scratch)
        } else if array {
            let t = self.new_table(span, Defined::ArrayItem);
            match found {
                None => self.tables[at].push(last, Entry::Array(span, vec![t])),
                Some(i) => match &mut self.tables[at].entries[i].1 {
                    Entry::Array(_, items) => items.push(t),
                    _ => return None,
                },
            }
            Some(t)
        } else {
            if found.is_some() {
                return None;
            }
            let t = self.new_table(span, Defined::Header);
            self.tables[at].push(last, Entry::Table(t));
            Some(t)
        }
    }

    fn new_table(&mut self, span: Span, defined: Defined) -> usize {
        let mut t = Table::new(span);
        t.defined = defined;
        self.tables.push(t);
        self.tables.len() - 1
    }

    /// Add `key = value` to a table; a key defined before gives up.
    fn insert(&mut self, table: usize, key: Key<'a>, entry: Entry<'a>) -> Option<()> {
        let t = &mut self.tables[table];
        if t.find(&key.name).is_some() {
            return None;
        }
        t.push(key, entry);
        Some(())
    }

    /// A value; `nested` arrays are not read (an array inside an array gives up).
    fn value(&mut self, top: bool) -> Option<Value<'a>> {
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' => Kind::String(self.basic_string()?),
            b'\'' => {
                if self.b.get(start + 1..start + 3) == Some(b"''") {
                    return None;
                }
                let len = self.b[start + 1..].iter().position(|&c| c == b'\'' || c == b'\n')?;
                let s = &self.text[start + 1..start + 1 + len];
                if self.b[start + 1 + len] != b'\'' || s.bytes().any(is_control) {
                    return None;
                }
                self.pos = start + len + 2;
                Kind::String(Cow::Borrowed(s))
            }
            b'[' if top => return self.array(),
            b't' | b'f' => {
                let word = self.word();
                match word {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    _ => return None,
                }
            }
            b'0'..=b'9' | b'-' | b'+' => {
                let word = self.word();
                let w = word.as_bytes();
                if w.len() == 10 && w[4] == b'-' && w[7] == b'-' {
                    // A date: a time after it (`T..` or ` hh:`) is not read here.
                    if matches!(self.peek(), Some(b'T' | b't'))
                        || (self.peek() == Some(b' ') && self.b.get(self.pos + 1).is_some_and(u8::is_ascii_digit))
                    {
                        return None;
                    }
                    let date = Date::parse(word)?;
                    Kind::Datetime(Box::new(DatetimeLiteral { text: word.to_string(), date: Some(date), time: None }))
                } else {
                    Kind::Integer(integer(word)?)
                }
            }
            _ => return None,
        };
        Some(Value { kind, span: Span::new(start, self.pos) })
    }

    /// The run of characters that may make up a number, a date or a boolean.
    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'_' | b'.' | b':')) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// A one-line basic string, escapes decoded.
    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        let open = self.pos;
        if self.b.get(open + 1..open + 3) == Some(b"\"\"") {
            return None;
        }
        let mut i = open + 1;
        let mut owned: Option<String> = None;
        let mut from = i;
        loop {
            let c = *self.b.get(i)?;
            match c {
                b'"' => break,
                b'\\' => {
                    let out = owned.get_or_insert_with(String::new);
                    out.push_str(&self.text[from..i]);
                    let (ch, len) = escape(&self.b[i + 1..])?;
                    out.push(ch);
                    i += 1 + len;
                    from = i;
                }
                c if is_control(c) => return None,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        Some(match owned {
            Some(mut s) => {
                s.push_str(&self.text[from..i]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&self.text[open + 1..i]),
        })
    }

    /// An array of strings, integers, booleans and dates, on one line or one
    /// item per line as `fmt` writes it (no comments).
    fn array(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws_and_newlines();
            if self.peek()? == b']' {
                break;
            }
            items.push(self.value(false)?);
            self.skip_ws_and_newlines();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.pos += 1;
        Some(Value { kind: Kind::Array(items), span: Span::new(start, self.pos) })
    }

    /// The value of the table at `t`, its tables and arrays of tables built.
    fn build(&mut self, t: usize) -> Value<'a> {
        let table = &mut self.tables[t];
        let span = table.span;
        let entries = std::mem::take(&mut table.entries);
        let mut out = Vec::with_capacity(entries.len());
        for (key, entry) in entries {
            let value = match entry {
                Entry::Value(v) => v,
                Entry::Table(i) => self.build(i),
                Entry::Array(span, items) => {
                    Value { kind: Kind::Array(items.into_iter().map(|i| self.build(i)).collect()), span }
                }
                Entry::Deferred(span, items) => Value {
                    kind: Kind::Deferred(Box::new(Deferred {
                        text: self.text,
                        object: false,
                        items,
                        keys: Vec::new(),
                        toml: true,
                    })),
                    span,
                },
            };
            out.push((key, value));
        }
        Value { kind: Kind::Table(out), span }
    }
}

/// A decimal integer as TOML writes it (no underscores, no leading zeros), within 64 bits.
fn integer(word: &str) -> Option<i64> {
    let digits = word.strip_prefix(['-', '+']).unwrap_or(word);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    word.parse().ok()
}

/// The character of an escape (after its backslash) and the length of the escape.
fn escape(b: &[u8]) -> Option<(char, usize)> {
    let hex = |n: usize| -> Option<char> {
        let digits = std::str::from_utf8(b.get(1..1 + n)?).ok()?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    };
    Some(match *b.first()? {
        b'b' => ('\u{8}', 1),
        b't' => ('\t', 1),
        b'n' => ('\n', 1),
        b'f' => ('\u{c}', 1),
        b'r' => ('\r', 1),
        b'"' => ('"', 1),
        b'\\' => ('\\', 1),
        b'u' => (hex(4)?, 5),
        b'U' => (hex(8)?, 9),
        _ => return None,
    })
}
