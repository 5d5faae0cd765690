//! A fast, iterative JSON parser (RFC 8259) that produces a span-carrying
//! [`Value`] tree, so that JSON map files can be reported on with exact lines
//! and columns.
//!
//! The parser works on bytes and never recurses: open objects and arrays live
//! on an explicit stack, and their members are collected on two shared
//! scratch stacks that are moved into exactly sized vectors when a container
//! closes. Nesting is limited to [`MAX_DEPTH`] levels, which also bounds the
//! recursion of dropping the resulting tree.
//!
//! Decisions beyond RFC 8259:
//! - A leading byte order mark (U+FEFF) is skipped, as RFC 8259 allows.
//! - Strings without escapes borrow from the input.
//! - Integers (no fraction, no exponent) become [`Kind::Integer`] (so `-0`
//!   is `Integer(0)`); one that does not fit 64 bits (an `i64`) is an error,
//!   as in TOML, rather than a float that silently loses digits. Numbers with
//!   a fraction or an exponent become [`Kind::Float`]; one too large for a
//!   finite `f64` is an error.
//! - Objects keep their entries in source order, duplicates included.
//! - The large sections of a map (the first `claims` and `actors` objects and
//!   the first `relations` and `stances` arrays at the top level) are checked
//!   in full but not built: they come back as [`Kind::Deferred`], the span of
//!   each item, and each item is parsed when the schema layer reads it (see
//!   [`parse_at`]). A million-claim map then never holds the tree of all its
//!   claims at once, only one claim's.

use std::borrow::Cow;
use std::fmt;

use super::value::{Deferred, Key, Kind, Value};
use crate::source::Span;

/// The deepest nesting of objects and arrays that [`parse`] accepts.
pub const MAX_DEPTH: usize = 128;

/// A syntax error in a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// The headline, e.g. "expected ',' or '}' after an object entry".
    pub message: String,
    /// Where the error is: the offending character or token, or an empty span
    /// at the end of the input for an unexpected end of file.
    pub span: Span,
    /// A short label for the caret, e.g. "expected ',' or '}'".
    pub label: String,
    /// An optional hint on how to fix it.
    pub help: Option<String>,
}

impl JsonError {
    fn new(message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        JsonError { message: message.into(), span, label: label.into(), help: None }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parse one JSON document into a span-carrying value tree.
pub fn parse(text: &str) -> Result<Value<'_>, JsonError> {
    Parser::new(text).document(true, &mut Scratch::default())
}

/// Parse the value that starts at byte `at` of `text` (after optional
/// whitespace), ignoring what follows it. Used to build the items of a
/// [`Kind::Deferred`] section, which [`parse`] has already checked.
pub fn parse_at(text: &str, at: usize) -> Result<Value<'_>, JsonError> {
    ItemParser::new(text).parse_at(at)
}

/// Parses values of one text one after another, reusing its scratch space
/// (for the many small items of a deferred section).
pub struct ItemParser<'a> {
    text: &'a str,
    scratch: Scratch<'a>,
}

impl<'a> ItemParser<'a> {
    pub fn new(text: &'a str) -> Self {
        ItemParser { text, scratch: Scratch::default() }
    }

    /// Like [`parse_at`].
    pub fn parse_at(&mut self, at: usize) -> Result<Value<'a>, JsonError> {
        let mut p = Parser::new(self.text);
        p.pos = p.pos.max(at);
        p.document(false, &mut self.scratch)
    }

    /// The value whose text is at `span`, which a whole-document parse has
    /// checked (null, if it does not parse after all).
    pub fn value_at(&mut self, span: Span) -> Value<'a> {
        self.parse_at(span.start).unwrap_or(Value { kind: Kind::Null, span })
    }

    /// The key (a string) whose text is at `span`, which a whole-document
    /// parse has checked (empty, if it does not parse after all).
    pub fn key_at(&mut self, span: Span) -> Key<'a> {
        let mut p = Parser::new(self.text);
        p.pos = span.start;
        let name = if p.peek() == Some(b'"') { p.string().unwrap_or_default() } else { Cow::Borrowed("") };
        Key { name, span }
    }
}

/// The stacks of the parser: open containers, their members so far, and the
/// pending keys. Empty between documents.
#[derive(Default)]
struct Scratch<'a> {
    frames: Vec<Frame>,
    items: Vec<Value<'a>>,
    entries: Vec<(Key<'a>, Value<'a>)>,
    keys: Vec<Key<'a>>,
}

/// The top-level keys whose values [`parse`] defers, with whether each is an object.
const SECTIONS: [(&str, bool); 4] = [("claims", true), ("actors", true), ("relations", false), ("stances", false)];

/// An open object or array.
#[derive(Clone, Copy, Debug)]
struct Frame {
    /// Offset of the opening bracket.
    start: usize,
    /// Where this container's members begin on the scratch stack.
    base: usize,
    object: bool,
}

impl Frame {
    fn close(self) -> u8 {
        if self.object { b'}' } else { b']' }
    }

    fn noun(self) -> &'static str {
        if self.object { "object" } else { "array" }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

/// Bytes that may continue a bare word (used to report `tru`, `NaN`, `{a: 1}`).
#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// The index of the first byte at or after `i` that is `"`, `\` or a control
/// character, or `bytes.len()` if there is none.
#[inline]
fn scan_string(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    const SPACES: u64 = ONES * 0x20;
    // Eight bytes at a time. In each term the lowest set high bit marks the
    // first matching byte exactly (borrows only run towards later bytes).
    while let Some(chunk) = bytes[i..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk);
        let q = x ^ QUOTES;
        let s = x ^ BACKSLASHES;
        let mask = ((q.wrapping_sub(ONES) & !q) | (s.wrapping_sub(ONES) & !s) | (x.wrapping_sub(SPACES) & !x)) & HIGHS;
        if mask != 0 {
            return i + (mask.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let pos = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        Parser { text, bytes: text.as_bytes(), pos }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.pos += 1;
        }
    }

    /// Parse a document (`whole`: the whole text, deferring the large
    /// sections of a map) or one value (not `whole`: what follows is ignored).
    fn document(mut self, whole: bool, scratch: &mut Scratch<'a>) -> Result<Value<'a>, JsonError> {
        // Open containers; members of the open containers, innermost last;
        // the key of the entry being parsed, one per open object.
        let Scratch { frames, items, entries, keys } = scratch;
        frames.clear();
        items.clear();
        entries.clear();
        keys.clear();
        // The section being deferred (it is `frames[1]` while open): its items'
        // keys and spans. Values inside it are checked, not kept.
        let mut section: Option<(Vec<Span>, Vec<Span>)> = None;
        let mut deferred_sections = [false; SECTIONS.len()];

        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let Some(byte) = self.peek() else {
                return Err(self.value_error(frames.last()));
            };
            let kind = match byte {
                b'"' => Kind::String(self.string()?),
                b'-' | b'0'..=b'9' => self.number(frames.last())?,
                b'{' | b'[' => {
                    if frames.len() == MAX_DEPTH {
                        return Err(JsonError::new(
                            format!("nesting deeper than {MAX_DEPTH} levels"),
                            Span::new(start, start + 1),
                            format!("this opens level {}", MAX_DEPTH + 1),
                        )
                        .with_help(format!("objects and arrays may be nested at most {MAX_DEPTH} levels deep")));
                    }
                    let object = byte == b'{';
                    let frame = Frame { start, base: if object { entries.len() } else { items.len() }, object };
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(frame.close()) {
                        self.pos += 1;
                        if object { Kind::Table(Vec::new()) } else { Kind::Array(Vec::new()) }
                    } else {
                        // A large section of a map: a member of the top-level object.
                        if whole
                            && frames.len() == 1
                            && frames[0].object
                            && let Some(key) = keys.last()
                            && let Some(i) = SECTIONS.iter().position(|&(name, o)| o == object && key.name == name)
                            && !deferred_sections[i]
                        {
                            deferred_sections[i] = true;
                            section = Some((Vec::new(), Vec::new()));
                        }
                        if object {
                            keys.push(self.key(frame, false)?);
                        }
                        frames.push(frame);
                        continue 'value;
                    }
                }
                _ => self.word(frames.last())?,
            };
            let mut value = Value { kind, span: Span::new(start, self.pos) };

            // Hand the finished value to its container, closing every
            // container that ends right after it.
            loop {
                let Some(&frame) = frames.last() else {
                    return if whole { self.finish(value) } else { Ok(value) };
                };
                if let Some((values, key_spans)) = section.as_mut().filter(|_| frames.len() >= 2) {
                    // In a deferred section: keep where each item is, nothing below.
                    let key = frame.object.then(|| keys.pop().expect("an open object has a pending key"));
                    if frames.len() == 2 {
                        values.push(value.span);
                        key_spans.extend(key.map(|k| k.span));
                    }
                } else if frame.object {
                    let key = keys.pop().expect("an open object has a pending key");
                    entries.push((key, value));
                } else {
                    items.push(value);
                }
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_ws();
                        if self.peek() == Some(frame.close()) {
                            return Err(JsonError::new(
                                "trailing comma is not allowed in JSON",
                                Span::new(comma, comma + 1),
                                "remove this comma",
                            ));
                        }
                        if frame.object {
                            keys.push(self.key(frame, true)?);
                        }
                        continue 'value;
                    }
                    Some(b) if b == frame.close() => {
                        self.pos += 1;
                        frames.pop();
                        let kind = if section.is_some() && frames.len() >= 2 {
                            Kind::Null // a container inside a deferred item: not kept
                        } else if section.is_some() && frames.len() == 1 {
                            let (mut items, mut keys) = section.take().unwrap_or_default();
                            items.shrink_to_fit();
                            keys.shrink_to_fit();
                            Kind::Deferred(Box::new(Deferred {
                                text: self.text,
                                object: frame.object,
                                items,
                                keys,
                                toml: false,
                            }))
                        } else if frame.object {
                            Kind::Table(entries.drain(frame.base..).collect())
                        } else {
                            Kind::Array(items.drain(frame.base..).collect())
                        };
                        value = Value { kind, span: Span::new(frame.start, self.pos) };
                    }
                    _ => return Err(self.after_member_error(frame)),
                }
            }
        }
    }

    /// After the top-level value: only whitespace may follow.
    fn finish(mut self, value: Value<'a>) -> Result<Value<'a>, JsonError> {
        self.skip_ws();
        let Some(byte) = self.peek() else {
            return Ok(value);
        };
        let (label, help) = match byte {
            b'}' | b']' => {
                (format!("unmatched '{}'", byte as char), Some("this closing bracket has no matching opening bracket"))
            }
            b',' | b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => (
                "expected end of file".to_owned(),
                Some("a JSON document holds exactly one value; wrap several values in an array"),
            ),
            _ => ("expected end of file".to_owned(), None),
        };
        Err(self.unexpected("trailing characters after the JSON value", &label, help.map(str::to_owned), None))
    }

    /// Parse an object key at the current position (whitespace skipped) and
    /// the `:` after it.
    fn key(&mut self, frame: Frame, after_comma: bool) -> Result<Key<'a>, JsonError> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            Some(b'\'') => {
                return Err(JsonError::new(
                    "keys must be strings in double quotes",
                    self.single_quoted_span(start),
                    "single quotes are not allowed in JSON",
                ));
            }
            Some(b) if is_word_byte(b) => {
                let end = self.word_end(start);
                let word = &self.text[start..end];
                return Err(JsonError::new(
                    "keys must be strings in double quotes",
                    Span::new(start, end),
                    "unquoted key",
                )
                .with_help(format!("write \"{word}\"")));
            }
            _ => {
                let message = if after_comma { "expected a key after ','" } else { "expected a key or '}'" };
                return Err(self.unexpected(message, "expected a string key", None, Some(&frame)));
            }
        }
        let name = self.string()?;
        let span = Span::new(start, self.pos);
        self.skip_ws();
        if self.peek() != Some(b':') {
            let help = (self.peek() == Some(b'=')).then(|| "JSON separates a key from its value with ':'".to_owned());
            return Err(self.unexpected("expected ':' after an object key", "expected ':'", help, Some(&frame)));
        }
        self.pos += 1;
        Ok(Key { name, span })
    }

    /// Parse a string whose opening quote is at the current position.
    #[inline]
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let open = self.pos;
        let start = open + 1;
        let end = scan_string(self.bytes, start);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(Cow::Borrowed(&self.text[start..end]));
        }
        self.string_slow(open, end)
    }

    /// The rest of a string that has escapes (or is malformed); `i` is the
    /// first byte after the opening quote that is not plain text.
    fn string_slow(&mut self, open: usize, mut i: usize) -> Result<Cow<'a, str>, JsonError> {
        let start = open + 1;
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.text[start..i]);
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => i = self.escape(open, i, &mut out)?,
                Some(_) => return Err(self.control_error(i)),
                None => {
                    let (line, column) = self.line_col(open);
                    return Err(self
                        .eof("expected '\"'")
                        .with_help(format!("the string starting at line {line}, column {column} is not closed")));
                }
            }
            let run = i;
            i = scan_string(self.bytes, i);
            out.push_str(&self.text[run..i]);
        }
    }

    /// Decode the escape whose backslash is at `i`; returns the offset after it.
    fn escape(&self, open: usize, i: usize, out: &mut String) -> Result<usize, JsonError> {
        let Some(&c) = self.bytes.get(i + 1) else {
            let (line, column) = self.line_col(open);
            return Err(self
                .eof("expected an escape character")
                .with_help(format!("the string starting at line {line}, column {column} is not closed")));
        };
        let decoded = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(i, out),
            _ => {
                let span = Span::new(i, self.char_span(i + 1).end);
                let label = match self.text[i + 1..].chars().next() {
                    Some(ch) if !ch.is_control() => format!("unknown escape `\\{ch}`"),
                    _ => "unknown escape".to_owned(),
                };
                return Err(JsonError::new("invalid escape", span, label).with_help(
                    "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; \
                     write \\\\ for a backslash",
                ));
            }
        };
        out.push(decoded);
        Ok(i + 2)
    }

    /// Decode `\uXXXX` (and a following low surrogate) at `i`.
    fn unicode_escape(&self, i: usize, out: &mut String) -> Result<usize, JsonError> {
        let code = self.hex4(i + 2)?;
        if (0xD800..0xDC00).contains(&code) && self.bytes.get(i + 6..i + 8) == Some(b"\\u") {
            let low = self.hex4(i + 8)?;
            if (0xDC00..0xE000).contains(&low) {
                let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                if let Some(ch) = char::from_u32(combined) {
                    out.push(ch);
                    return Ok(i + 12);
                }
            }
        }
        match char::from_u32(code) {
            Some(ch) => {
                out.push(ch);
                Ok(i + 6)
            }
            None => {
                let label = if code < 0xDC00 {
                    "high surrogate without a low surrogate after it"
                } else {
                    "low surrogate without a high surrogate before it"
                };
                Err(JsonError::new("lone surrogate in a unicode escape", Span::new(i, i + 6), label).with_help(
                    "a character beyond U+FFFF is written as a surrogate pair, \
                         as in \\ud83d\\ude00",
                ))
            }
        }
    }

    /// Four hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u32, JsonError> {
        let mut code = 0;
        for j in at..at + 4 {
            let Some(&b) = self.bytes.get(j) else {
                return Err(self.eof("expected a hex digit"));
            };
            let Some(digit) = (b as char).to_digit(16) else {
                return Err(JsonError::new("invalid unicode escape", self.char_span(j), "expected a hex digit")
                    .with_help("\\u must be followed by exactly four hex digits, as in \\u00e9"));
            };
            code = code * 16 + digit;
        }
        Ok(code)
    }

    fn control_error(&self, at: usize) -> JsonError {
        let c = self.bytes[at];
        let span = Span::new(at, at + 1);
        match c {
            b'\n' | b'\r' => {
                JsonError::new("line break inside a string", span, "strings cannot contain raw line breaks")
                    .with_help("close the string before the end of the line, or write \\n for a line break")
            }
            b'\t' => JsonError::new("tab character inside a string", span, "raw tab").with_help("write \\t instead"),
            _ => JsonError::new(
                format!("control character U+{c:04X} inside a string"),
                span,
                "control characters must be escaped",
            )
            .with_help(format!("write \\u{c:04x} instead")),
        }
    }

    /// Parse a number starting at the current position (`-` or a digit).
    #[inline]
    fn number(&mut self, frame: Option<&Frame>) -> Result<Kind<'a>, JsonError> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = b[i] == b'-';
        if negative {
            i += 1;
        }
        let int_start = i;
        let mut mantissa: u64 = 0;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&d @ b'0'..=b'9') = b.get(i) {
                    mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                    i += 1;
                }
            }
            _ => {
                let end = self.word_end(i);
                if is_non_finite(&self.text[i..end]) {
                    return Err(non_finite_error(&self.text[start..end], Span::new(start, end)));
                }
                self.pos = i;
                return Err(self.unexpected("invalid number", "expected a digit after '-'", None, frame));
            }
        }
        if matches!(b.get(i), Some(b'0'..=b'9')) {
            let end = skip_digits(b, i);
            return Err(JsonError::new(
                "leading zeros are not allowed in JSON numbers",
                Span::new(start, end),
                "leading zero",
            )
            .with_help("write the number without leading zeros, or quote it if it is a name"));
        }
        let int_digits = i - int_start;
        let mut integer = true;
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.unexpected("invalid number", "expected a digit after '.'", None, frame));
            }
            i = skip_digits(b, i);
            integer = false;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.unexpected("invalid number", "expected a digit in the exponent", None, frame));
            }
            i = skip_digits(b, i);
            integer = false;
        }
        if matches!(b.get(i), Some(&c) if is_word_byte(c) || c == b'.') {
            let mut end = i;
            while matches!(b.get(end), Some(&c) if is_word_byte(c) || c == b'.') {
                end += 1;
            }
            let token = &self.text[start..end];
            let err = JsonError::new("invalid number", Span::new(start, end), "not a valid JSON number");
            let hex =
                token.trim_start_matches('-').starts_with("0x") || token.trim_start_matches('-').starts_with("0X");
            return Err(if hex { err.with_help("JSON has no hexadecimal numbers") } else { err });
        }
        self.pos = i;
        // At most 19 digits cannot overflow a u64.
        if integer && int_digits <= 19 {
            if negative {
                if mantissa <= 1 << 63 {
                    return Ok(Kind::Integer((mantissa as i64).wrapping_neg()));
                }
            } else if let Ok(n) = i64::try_from(mantissa) {
                return Ok(Kind::Integer(n));
            }
        }
        if integer {
            return Err(JsonError::new(
                "integer out of range",
                Span::new(start, i),
                "does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)",
            )
            .with_help("quote it if it is a name or a code; write it with a fraction or an exponent for a float"));
        }
        match self.text[start..i].parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Kind::Float(f)),
            _ => Err(JsonError::new("number out of range", Span::new(start, i), "too large for a 64-bit float")),
        }
    }

    /// `true`, `false` or `null` at the current position, or an error for
    /// whatever else is there.
    #[inline]
    fn word(&mut self, frame: Option<&Frame>) -> Result<Kind<'a>, JsonError> {
        let start = self.pos;
        let end = self.word_end(start);
        let kind = match &self.bytes[start..end] {
            b"true" => Kind::Bool(true),
            b"false" => Kind::Bool(false),
            b"null" => Kind::Null,
            _ => return Err(self.value_error(frame)),
        };
        self.pos = end;
        Ok(kind)
    }

    /// The error for a position where a value was expected but none starts.
    fn value_error(&self, frame: Option<&Frame>) -> JsonError {
        let at = self.pos;
        let end = self.word_end(at);
        if end > at {
            let word = &self.text[at..end];
            let span = Span::new(at, end);
            if is_non_finite(word) {
                return non_finite_error(word, span);
            }
            let lower = word.to_ascii_lowercase();
            let err = JsonError::new("expected a value", span, "not a JSON value");
            return match lower.as_str() {
                "true" | "false" | "null" => JsonError { label: "JSON literals are lowercase".to_owned(), ..err }
                    .with_help(format!("write `{lower}`")),
                "none" | "nil" | "undefined" => err.with_help("JSON writes a missing value as `null`"),
                _ => err.with_help("strings must be in double quotes"),
            };
        }
        match self.peek() {
            Some(b'\'') => JsonError::new(
                "strings must be in double quotes",
                self.single_quoted_span(at),
                "single quotes are not allowed in JSON",
            ),
            Some(b'.') => JsonError::new("invalid number", self.char_span(at), "expected a digit before '.'")
                .with_help("JSON numbers need a digit before the decimal point, as in 0.5"),
            Some(b'+') => JsonError::new("invalid number", self.char_span(at), "'+' is not allowed here")
                .with_help("JSON numbers cannot start with '+'; remove it"),
            _ => {
                // Only whitespace (or nothing) before the end of the file.
                let help = (frame.is_none() && at == self.text.len()).then(|| {
                    if self.text.trim_start_matches('\u{feff}').is_empty() {
                        "the file is empty".to_owned()
                    } else {
                        "the file contains only whitespace".to_owned()
                    }
                });
                self.unexpected("expected a value", "expected a value", help, frame)
            }
        }
    }

    /// The error after an array element or object entry that is followed by
    /// neither `,` nor the closing bracket.
    fn after_member_error(&self, frame: Frame) -> JsonError {
        let (message, label) = if frame.object {
            ("expected ',' or '}' after an object entry", "expected ',' or '}'")
        } else {
            ("expected ',' or ']' after an array element", "expected ',' or ']'")
        };
        let help = match self.peek() {
            Some(b'"') => Some("is a comma missing before this?".to_owned()),
            Some(b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') if !frame.object => {
                Some("is a comma missing before this?".to_owned())
            }
            Some(b'}' | b']') => {
                let (line, column) = self.line_col(frame.start);
                Some(format!(
                    "the {} opened at line {line}, column {column} must be closed with '{}'",
                    frame.noun(),
                    frame.close() as char
                ))
            }
            _ => None,
        };
        self.unexpected(message, label, help, Some(&frame))
    }

    /// An error at the current position for something other than what was
    /// expected. End of file, comments and non-ASCII whitespace get their own
    /// messages; otherwise the error points at the current character.
    fn unexpected(&self, message: &str, label: &str, help: Option<String>, frame: Option<&Frame>) -> JsonError {
        let at = self.pos;
        let Some(byte) = self.peek() else {
            let err = self.eof(label);
            return match frame {
                Some(frame) => {
                    let (line, column) = self.line_col(frame.start);
                    err.with_help(format!("the {} opened at line {line}, column {column} is not closed", frame.noun()))
                }
                None => JsonError { help, ..err },
            };
        };
        if byte == b'/' && matches!(self.bytes.get(at + 1), Some(b'/' | b'*')) {
            return JsonError::new("comments are not allowed in JSON", Span::new(at, at + 2), "comment")
                .with_help("JSON has no comment syntax; remove the comment");
        }
        let span = self.char_span(at);
        let odd_space = |ch: &char| !ch.is_ascii() && (ch.is_whitespace() || *ch == '\u{feff}');
        if let Some(ch) = self.text[at..].chars().next().filter(odd_space) {
            return JsonError::new(format!("unexpected character U+{:04X}", ch as u32), span, "not JSON whitespace")
                .with_help("only spaces, tabs, carriage returns and line feeds may separate JSON tokens");
        }
        JsonError { help, ..JsonError::new(message, span, label) }
    }

    fn eof(&self, label: &str) -> JsonError {
        let end = self.text.len();
        JsonError::new("unexpected end of file", Span::new(end, end), label)
    }

    /// The span of the character at `at` (one byte if `at` is not a character boundary).
    fn char_span(&self, at: usize) -> Span {
        let len = self.text.get(at..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
        Span::new(at, (at + len).min(self.text.len()))
    }

    /// The end of the run of word bytes starting at `at`.
    fn word_end(&self, at: usize) -> usize {
        let mut end = at;
        while matches!(self.bytes.get(end), Some(&b) if is_word_byte(b)) {
            end += 1;
        }
        end
    }

    /// The span of a single-quoted token starting at `at`, up to its closing
    /// quote on the same line, or of the quote alone.
    fn single_quoted_span(&self, at: usize) -> Span {
        match self.bytes[at + 1..].iter().position(|&b| b == b'\'' || b == b'\n') {
            Some(n) if self.bytes[at + 1 + n] == b'\'' => Span::new(at, at + n + 2),
            _ => Span::new(at, at + 1),
        }
    }

    /// 1-based line and column (in characters) of a byte offset, for help texts.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        (line, before[line_start..].chars().count() + 1)
    }
}

fn skip_digits(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b'0'..=b'9')) {
        i += 1;
    }
    i
}

fn is_non_finite(word: &str) -> bool {
    ["nan", "inf", "infinity"].iter().any(|w| word.eq_ignore_ascii_case(w))
}

fn non_finite_error(word: &str, span: Span) -> JsonError {
    JsonError::new(format!("`{word}` is not allowed in JSON"), span, "not a JSON number")
        .with_help("JSON numbers must be finite; use null or a string instead")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    fn ok(text: &str) -> Value<'_> {
        match parse(text) {
            Ok(v) => v,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    fn err(text: &str) -> JsonError {
        match parse(text) {
            Ok(v) => panic!("{text:?} parsed: {v:?}"),
            Err(e) => e,
        }
    }

    /// Check an error's message, span and label.
    #[track_caller]
    fn check(text: &str, message: &str, span: (usize, usize), label: &str) -> JsonError {
        let e = err(text);
        assert_eq!(
            (e.message.as_str(), e.span, e.label.as_str()),
            (message, sp(span.0, span.1), label),
            "{text:?}: {e:?}"
        );
        e
    }

    fn array<'v, 'a>(v: &'v Value<'a>) -> &'v [Value<'a>] {
        match &v.kind {
            Kind::Array(items) => items,
            k => panic!("not an array: {k:?}"),
        }
    }

    fn table<'v, 'a>(v: &'v Value<'a>) -> &'v [(Key<'a>, Value<'a>)] {
        match &v.kind {
            Kind::Table(entries) => entries,
            k => panic!("not a table: {k:?}"),
        }
    }

    #[test]
    fn scalars() {
        let cases: &[(&str, Kind<'_>, (usize, usize))] = &[
            ("true", Kind::Bool(true), (0, 4)),
            (" false ", Kind::Bool(false), (1, 6)),
            ("\t\r\nnull\n", Kind::Null, (3, 7)),
            ("0", Kind::Integer(0), (0, 1)),
            ("-0", Kind::Integer(0), (0, 2)),
            ("  42  ", Kind::Integer(42), (2, 4)),
            ("-17", Kind::Integer(-17), (0, 3)),
            ("9223372036854775807", Kind::Integer(i64::MAX), (0, 19)),
            ("-9223372036854775808", Kind::Integer(i64::MIN), (0, 20)),
            ("123456789012345678901234567890.0", Kind::Float(1.2345678901234568e29), (0, 32)),
            ("9223372036854775808e0", Kind::Float(9223372036854775808.0), (0, 21)),
            ("1.5", Kind::Float(1.5), (0, 3)),
            ("-0.0", Kind::Float(-0.0), (0, 4)),
            ("1e3", Kind::Float(1000.0), (0, 3)),
            ("1E+2", Kind::Float(100.0), (0, 4)),
            ("-1.25e-2", Kind::Float(-0.0125), (0, 8)),
            ("0.1", Kind::Float(0.1), (0, 3)),
            ("1e-400", Kind::Float(0.0), (0, 6)),
            ("\"\"", Kind::String("".into()), (0, 2)),
            ("\"abc\"", Kind::String("abc".into()), (0, 5)),
            (" \"é😀\" ", Kind::String("é😀".into()), (1, 9)),
        ];
        for (text, kind, (start, end)) in cases {
            let v = ok(text);
            assert_eq!(&v.kind, kind, "{text:?}");
            assert_eq!(v.span, sp(*start, *end), "{text:?}");
        }
        // -0.0 really is negative zero.
        assert!(matches!(ok("-0.0").kind, Kind::Float(f) if f.is_sign_negative()));
    }

    #[test]
    fn integers_must_fit_64_bits() {
        let label = "does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)";
        for (text, end) in
            [("9223372036854775808", 19), ("-9223372036854775809", 20), ("99999999999999999999999999", 26)]
        {
            check(text, "integer out of range", (0, end), label);
        }
        check("[1, 18446744073709551616]", "integer out of range", (4, 24), label);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let v = ok("\u{feff}[1]");
        assert_eq!(v.span, sp(3, 6));
    }

    #[test]
    fn strings_borrow_without_escapes() {
        let v = ok(r#""plain text, long enough to use the fast path ✓""#);
        assert!(matches!(v.kind, Kind::String(Cow::Borrowed(_))));
        let v = ok(r#""a\nb""#);
        assert_eq!(v.kind, Kind::String(Cow::Owned("a\nb".into())));
        assert!(matches!(v.kind, Kind::String(Cow::Owned(_))));
    }

    #[test]
    fn escapes() {
        let v = ok(r#""\" \\ \/ \b \f \n \r \t \u0041\u00e9\u20AC end""#);
        assert_eq!(v.kind, Kind::String("\" \\ / \u{8} \u{c} \n \r \t Aé€ end".into()));
        let v = ok(r#""x\ud83d\ude00y\uD834\uDD1E""#);
        assert_eq!(v.kind, Kind::String("x😀y𝄞".into()));
        let v = ok(r#""\u0000""#);
        assert_eq!(v.kind, Kind::String("\0".into()));
        // Escapes between long runs, crossing the 8-byte blocks.
        let v = ok(r#""0123456789abcdef\t0123456789abcdef\\0123456789abcdefé""#);
        assert_eq!(v.kind, Kind::String("0123456789abcdef\t0123456789abcdef\\0123456789abcdefé".into()));
    }

    #[test]
    fn nested_spans() {
        let text = r#"{"a": [1, {"b": null}], "c": "x", "e": {}, "f": []}"#;
        let v = ok(text);
        assert_eq!(v.span, sp(0, text.len()));
        let t = table(&v);
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].0, Key { name: "a".into(), span: sp(1, 4) });
        assert_eq!(t[0].1.span, sp(6, 22));
        let a = array(&t[0].1);
        assert_eq!(a[0], Value { kind: Kind::Integer(1), span: sp(7, 8) });
        assert_eq!(a[1].span, sp(10, 21));
        let inner = table(&a[1]);
        assert_eq!(inner[0].0, Key { name: "b".into(), span: sp(11, 14) });
        assert_eq!(inner[0].1, Value { kind: Kind::Null, span: sp(16, 20) });
        assert_eq!(t[1].0, Key { name: "c".into(), span: sp(24, 27) });
        assert_eq!(t[1].1, Value { kind: Kind::String("x".into()), span: sp(29, 32) });
        assert_eq!(t[2].0.span, sp(34, 37));
        assert_eq!(t[2].1, Value { kind: Kind::Table(vec![]), span: sp(39, 41) });
        assert_eq!(t[3].0.span, sp(43, 46));
        assert_eq!(t[3].1, Value { kind: Kind::Array(vec![]), span: sp(48, 50) });
    }

    #[test]
    fn pretty_printed_and_key_with_escape() {
        let text = "{\n  \"k\\u00e9y\" : [ ]\r\n,\t\"z\":[[ ], { } ] }\n";
        let v = ok(text);
        assert_eq!(v.span, sp(0, text.len() - 1));
        let t = table(&v);
        assert_eq!(t[0].0, Key { name: "kéy".into(), span: sp(4, 14) });
        assert_eq!(t[0].1.span, sp(17, 20));
        assert_eq!(t[1].0.span, sp(24, 27));
        let z = array(&t[1].1);
        assert_eq!(t[1].1.span, sp(28, 39));
        assert_eq!(z[0].span, sp(29, 32));
        assert_eq!(z[1].span, sp(34, 37));
    }

    #[test]
    fn duplicate_keys_are_kept_in_order() {
        let v = ok(r#"{"a": 1, "b": 2, "a": 3}"#);
        let t = table(&v);
        let got: Vec<(&str, Span, &Kind<'_>)> = t.iter().map(|(k, v)| (k.name.as_ref(), k.span, &v.kind)).collect();
        assert_eq!(
            got,
            [
                ("a", sp(1, 4), &Kind::Integer(1)),
                ("b", sp(9, 12), &Kind::Integer(2)),
                ("a", sp(17, 20), &Kind::Integer(3)),
            ]
        );
    }

    #[test]
    fn structural_errors() {
        let e = check(r#"{"a": 1 "b": 2}"#, "expected ',' or '}' after an object entry", (8, 9), "expected ',' or '}'");
        assert_eq!(e.help.as_deref(), Some("is a comma missing before this?"));
        check(r#"{"a": 1 x}"#, "expected ',' or '}' after an object entry", (8, 9), "expected ',' or '}'");
        let e = check("[1, 2}", "expected ',' or ']' after an array element", (5, 6), "expected ',' or ']'");
        assert_eq!(e.help.as_deref(), Some("the array opened at line 1, column 1 must be closed with ']'"));
        let e = check("[1 2]", "expected ',' or ']' after an array element", (3, 4), "expected ',' or ']'");
        assert_eq!(e.help.as_deref(), Some("is a comma missing before this?"));
        check(r#"{"a" 1}"#, "expected ':' after an object key", (5, 6), "expected ':'");
        let e = check(r#"{"a"=1}"#, "expected ':' after an object key", (4, 5), "expected ':'");
        assert!(e.help.is_some());
        check("[1,,2]", "expected a value", (3, 4), "expected a value");
        check(r#"{"a":}"#, "expected a value", (5, 6), "expected a value");
        check("{,}", "expected a key or '}'", (1, 2), "expected a string key");
        check(r#"{"a":1,]"#, "expected a key after ','", (7, 8), "expected a string key");
        check("]", "expected a value", (0, 1), "expected a value");
        check("@", "expected a value", (0, 1), "expected a value");
        check("é", "expected a value", (0, 2), "expected a value");
    }

    #[test]
    fn end_of_file_errors() {
        let e = check("", "unexpected end of file", (0, 0), "expected a value");
        assert_eq!(e.help.as_deref(), Some("the file is empty"));
        let e = check("  \n", "unexpected end of file", (3, 3), "expected a value");
        assert_eq!(e.help.as_deref(), Some("the file contains only whitespace"));
        let e = check("\u{feff}", "unexpected end of file", (3, 3), "expected a value");
        assert_eq!(e.help.as_deref(), Some("the file is empty"));
        let e = check("{\"a\": [1,\n  {\"b\": 2", "unexpected end of file", (19, 19), "expected ',' or '}'");
        assert_eq!(e.help.as_deref(), Some("the object opened at line 2, column 3 is not closed"));
        let e = check("[1,", "unexpected end of file", (3, 3), "expected a value");
        assert_eq!(e.help.as_deref(), Some("the array opened at line 1, column 1 is not closed"));
        check("[", "unexpected end of file", (1, 1), "expected a value");
        check("{", "unexpected end of file", (1, 1), "expected a string key");
        check(r#"{"a""#, "unexpected end of file", (4, 4), "expected ':'");
        check(r#"{"a":"#, "unexpected end of file", (5, 5), "expected a value");
        let e = check("[\"abc", "unexpected end of file", (5, 5), "expected '\"'");
        assert_eq!(e.help.as_deref(), Some("the string starting at line 1, column 2 is not closed"));
        check("\"ab\\", "unexpected end of file", (4, 4), "expected an escape character");
        check("\"\\u12", "unexpected end of file", (5, 5), "expected a hex digit");
        check("-", "unexpected end of file", (1, 1), "expected a digit after '-'");
        check("1.", "unexpected end of file", (2, 2), "expected a digit after '.'");
        check("1e", "unexpected end of file", (2, 2), "expected a digit in the exponent");
        check("1e+", "unexpected end of file", (3, 3), "expected a digit in the exponent");
    }

    #[test]
    fn trailing_commas_and_characters() {
        check("[1, 2, ]", "trailing comma is not allowed in JSON", (5, 6), "remove this comma");
        check("{\"a\": 1,\n}", "trailing comma is not allowed in JSON", (7, 8), "remove this comma");
        check("[,]", "expected a value", (1, 2), "expected a value");
        let e = check("{} {}", "trailing characters after the JSON value", (3, 4), "expected end of file");
        assert!(e.help.is_some());
        check("[1]]", "trailing characters after the JSON value", (3, 4), "unmatched ']'");
        check("1 2", "trailing characters after the JSON value", (2, 3), "expected end of file");
        check("\"a\"x", "trailing characters after the JSON value", (3, 4), "expected end of file");
    }

    #[test]
    fn comments() {
        check("// hi\n1", "comments are not allowed in JSON", (0, 2), "comment");
        check("[1, /* two */ 2]", "comments are not allowed in JSON", (4, 6), "comment");
        check("[1 // one\n]", "comments are not allowed in JSON", (3, 5), "comment");
        check("{\"a\": 1} // end", "comments are not allowed in JSON", (9, 11), "comment");
        check("{// k\n}", "comments are not allowed in JSON", (1, 3), "comment");
    }

    #[test]
    fn key_errors() {
        let e = check("{a:1}", "keys must be strings in double quotes", (1, 2), "unquoted key");
        assert_eq!(e.help.as_deref(), Some("write \"a\""));
        check("{'a': 1}", "keys must be strings in double quotes", (1, 4), "single quotes are not allowed in JSON");
        check(r#"{"x": 1, name_2 : 1}"#, "keys must be strings in double quotes", (9, 15), "unquoted key");
        check("{1: 2}", "keys must be strings in double quotes", (1, 2), "unquoted key");
        check("['a']", "strings must be in double quotes", (1, 4), "single quotes are not allowed in JSON");
    }

    #[test]
    fn string_errors() {
        let e = check("\"a\\qb\"", "invalid escape", (2, 4), "unknown escape `\\q`");
        assert!(e.help.is_some());
        check("\"a\\éb\"", "invalid escape", (2, 5), "unknown escape `\\é`");
        check("\"\\u12G4\"", "invalid unicode escape", (5, 6), "expected a hex digit");
        check("\"\\u12\"", "invalid unicode escape", (5, 6), "expected a hex digit");
        check(
            "\"\\ud83d\"",
            "lone surrogate in a unicode escape",
            (1, 7),
            "high surrogate without a low surrogate after it",
        );
        check(
            "\"x\\ud83dy\"",
            "lone surrogate in a unicode escape",
            (2, 8),
            "high surrogate without a low surrogate after it",
        );
        check(
            "\"\\ud83d\\u0041\"",
            "lone surrogate in a unicode escape",
            (1, 7),
            "high surrogate without a low surrogate after it",
        );
        check(
            "\"\\ude00\"",
            "lone surrogate in a unicode escape",
            (1, 7),
            "low surrogate without a high surrogate before it",
        );
        check(
            "\"\\ud83d\\ud83d\"",
            "lone surrogate in a unicode escape",
            (1, 7),
            "high surrogate without a low surrogate after it",
        );
        check("\"\\ud83d\\u00", "unexpected end of file", (11, 11), "expected a hex digit");
        check("[\"abc\ndef\"]", "line break inside a string", (5, 6), "strings cannot contain raw line breaks");
        check("\"a\tb\"", "tab character inside a string", (2, 3), "raw tab");
        let e = check(
            "\"0123456789\u{1}\"",
            "control character U+0001 inside a string",
            (11, 12),
            "control characters must be escaped",
        );
        assert_eq!(e.help.as_deref(), Some("write \\u0001 instead"));
        // Control character after an escape (slow path).
        check(
            "\"a\\nbcdefghijkl\u{1f}\"",
            "control character U+001F inside a string",
            (15, 16),
            "control characters must be escaped",
        );
    }

    #[test]
    fn number_errors() {
        check("01", "leading zeros are not allowed in JSON numbers", (0, 2), "leading zero");
        check("[-007]", "leading zeros are not allowed in JSON numbers", (1, 5), "leading zero");
        check("+1", "invalid number", (0, 1), "'+' is not allowed here");
        check(".5", "invalid number", (0, 1), "expected a digit before '.'");
        check("[1.]", "invalid number", (3, 4), "expected a digit after '.'");
        check("1.e5", "invalid number", (2, 3), "expected a digit after '.'");
        check("1e+x", "invalid number", (3, 4), "expected a digit in the exponent");
        check("[-]", "invalid number", (2, 3), "expected a digit after '-'");
        check("- 1", "invalid number", (1, 2), "expected a digit after '-'");
        let e = check("0x1F", "invalid number", (0, 4), "not a valid JSON number");
        assert_eq!(e.help.as_deref(), Some("JSON has no hexadecimal numbers"));
        check("[12abc]", "invalid number", (1, 6), "not a valid JSON number");
        check("1.2.3", "invalid number", (0, 5), "not a valid JSON number");
        check("1e400", "number out of range", (0, 5), "too large for a 64-bit float");
        check("-1e400", "number out of range", (0, 6), "too large for a 64-bit float");
        check("NaN", "`NaN` is not allowed in JSON", (0, 3), "not a JSON number");
        check("[Infinity]", "`Infinity` is not allowed in JSON", (1, 9), "not a JSON number");
        check("-Infinity", "`-Infinity` is not allowed in JSON", (0, 9), "not a JSON number");
    }

    #[test]
    fn literal_errors() {
        let e = check("True", "expected a value", (0, 4), "JSON literals are lowercase");
        assert_eq!(e.help.as_deref(), Some("write `true`"));
        check("[nul]", "expected a value", (1, 4), "not a JSON value");
        check("[nulls]", "expected a value", (1, 6), "not a JSON value");
        check("[truex]", "expected a value", (1, 6), "not a JSON value");
        let e = check("{\"a\": None}", "expected a value", (6, 10), "not a JSON value");
        assert_eq!(e.help.as_deref(), Some("JSON writes a missing value as `null`"));
        let e = check("{\"a\": hello}", "expected a value", (6, 11), "not a JSON value");
        assert_eq!(e.help.as_deref(), Some("strings must be in double quotes"));
        check("[1,\u{a0}2]", "unexpected character U+00A0", (3, 5), "not JSON whitespace");
        check("\u{feff}\u{feff}1", "unexpected character U+FEFF", (3, 6), "not JSON whitespace");
    }

    fn nested(depth: usize) -> String {
        let mut s = "[".repeat(depth);
        s.push_str(&"]".repeat(depth));
        s
    }

    #[test]
    fn depth_limit() {
        let text = nested(MAX_DEPTH);
        let v = ok(&text);
        assert_eq!(v.span, sp(0, 2 * MAX_DEPTH));
        let msg = "nesting deeper than 128 levels";
        check(&nested(MAX_DEPTH + 1), msg, (MAX_DEPTH, MAX_DEPTH + 1), "this opens level 129");
        // Objects count too, and the limit holds inside a deep chain.
        let mut text = String::new();
        for _ in 0..MAX_DEPTH {
            text.push_str("{\"k\": ");
        }
        let at = text.len();
        text.push_str("[]");
        check(&text, msg, (at, at + 1), "this opens level 129");
    }

    #[test]
    fn very_deep_nesting_fails_fast() {
        let start = std::time::Instant::now();
        let text = "[".repeat(100_000);
        check(&text, "nesting deeper than 128 levels", (128, 129), "this opens level 129");
        let text = "{\"a\":[".repeat(100_000);
        let at = 64 * 6;
        check(&text, "nesting deeper than 128 levels", (at, at + 1), "this opens level 129");
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn large_array() {
        let n = 200_000;
        let mut text = String::from("[");
        for i in 0..n {
            if i > 0 {
                text.push(',');
            }
            match i % 4 {
                0 => text.push_str(&i.to_string()),
                1 => text.push_str(&format!("\"s{i}\"")),
                2 => text.push_str(&format!("{{\"k\": {i}.5}}")),
                _ => text.push_str("[true, null]"),
            }
        }
        text.push(']');
        let v = ok(&text);
        let items = array(&v);
        assert_eq!(items.len(), n);
        assert_eq!(items[0].kind, Kind::Integer(0));
        assert_eq!(items[1].kind, Kind::String("s1".into()));
        assert_eq!(table(&items[2])[0].1.kind, Kind::Float(2.5));
        assert_eq!(array(&items[3]).len(), 2);
        let last = &items[n - 1];
        assert_eq!(last.span, sp(text.len() - 13, text.len() - 1));
        assert_eq!(&text[last.span.range()], "[true, null]");
    }

    /// Convert to `serde_json::Value` (tables without duplicate keys).
    fn to_serde(v: &Value<'_>) -> serde_json::Value {
        match &v.kind {
            Kind::String(s) => serde_json::Value::String(s.to_string()),
            Kind::Integer(n) => (*n).into(),
            Kind::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
            Kind::Bool(b) => (*b).into(),
            Kind::Null => serde_json::Value::Null,
            Kind::Array(items) => items.iter().map(to_serde).collect(),
            Kind::Table(entries) => entries.iter().map(|(k, v)| (k.name.to_string(), to_serde(v))).collect(),
            Kind::Datetime(_) => unreachable!("JSON has no date-times"),
            Kind::Deferred(d) if d.object => (0..d.items.len())
                .map(|i| (d.key(i).expect("a table item has a key").name.to_string(), to_serde(&d.value(d.items[i]))))
                .collect(),
            Kind::Deferred(d) => d.items.iter().map(|span| to_serde(&d.value(*span))).collect(),
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        let valid = [
            r#"{"a":[1,2.5,-3e2,"x\u0041\n",true,false,null,{}],"b":{"c":[[]]}}"#,
            r#"[1e-7, 123.456e+3, 0.0, 9223372036854775807, -9223372036854775808]"#,
            r#""\ud83d\ude00 \u00e9 é 😀 \"quoted\" \\ \/""#,
            "[\"0123456789abcdefghijklmnopqrstuvwxyz\", \"ABCDEFGH\\tIJKLMNOP\"]",
            " { \"nested\" : { \"deeper\" : [ 1 , [ 2 , [ 3 ] ] ] } } ",
            r#"[0.1, 0.2, 0.30000000000000004, 5e-324, 1.7976931348623157e308]"#,
        ];
        for text in valid {
            let ours = to_serde(&ok(text));
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
        let invalid = [
            "",
            "[",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "'a'",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "NaN",
            "[1 2]",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"a\nb\"",
            "tru",
            "nul",
            "[] []",
            "// c\n1",
            "1e999",
            "\"\\u12\"",
            "\"abc",
            "{\"a\" 1}",
            "[-]",
            "-01",
        ];
        for text in invalid {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "serde accepts {text:?}");
            assert!(parse(text).is_err(), "we accept {text:?}");
        }
    }

    #[test]
    fn map_sections_are_deferred_and_rebuild_the_same_values() {
        let text = r#"{"map": {"title": "t"},
            "claims": {"a": {"text": "A \"q\"", "supports": ["b"]}, "b": {"text": "B"}},
            "actors": {"x": {"affirms": ["a"]}},
            "relations": [{"id": "r1", "from": "a", "to": "b", "type": "attacks"}, 7],
            "stances": [],
            "claims": {"c": {}}}"#;
        let deferred = ok(text);
        // The same document, every value built (`parse_at` defers nothing).
        let full = parse_at(text, 0).unwrap();
        let (top, full_top) = (table(&deferred), table(&full));
        assert_eq!(top.len(), full_top.len());
        for ((k, v), (fk, fv)) in top.iter().zip(full_top) {
            assert_eq!((k, v.span), (fk, fv.span));
            match &v.kind {
                Kind::Deferred(d) if d.object => {
                    assert!(k.name == "claims" || k.name == "actors", "{}", k.name);
                    let items = table(fv);
                    assert_eq!(d.items.len(), items.len());
                    for (i, (fk, fv)) in items.iter().enumerate() {
                        assert_eq!(&d.key(i).unwrap(), fk);
                        assert_eq!(&d.value(d.items[i]), fv);
                    }
                }
                Kind::Deferred(d) => {
                    assert_eq!(k.name, "relations");
                    let items = array(fv);
                    assert_eq!(d.items.len(), items.len());
                    for (span, fv) in d.items.iter().zip(items) {
                        assert_eq!(&d.value(*span), fv);
                    }
                }
                // An empty section, the second `claims` (only the first is
                // read) and everything else are built as usual.
                _ => assert_eq!(v, fv, "{}", k.name),
            }
        }
        // Errors inside a deferred section are the same, at the same place,
        // as when nothing is deferred.
        for text in [
            r#"{"claims": {"a": {"text": "x", "kind": tru}}}"#,
            r#"{"relations": [{"id": "r1",}]}"#,
            r#"{"stances": [{"date": "2020-01-0\q"}]}"#,
            r#"{"actors": {"x": {"affirms": ["a" "b"]}}}"#,
            r#"{"claims": {"a": {"text": "x"}, "b": 01}}"#,
            r#"{"claims": {"a": [[[[1]]]], "b": {"text": "y"}"#,
        ] {
            assert_eq!(err(text), parse_at(text, 0).unwrap_err(), "{text}");
        }
        check(r#"{"claims": {"a": {"text": "x", "kind": tru}}}"#, "expected a value", (39, 42), "not a JSON value");
    }

    #[test]
    fn scan_string_finds_first_special_byte() {
        let base = b"abcdefghijklmnopqrstuvwxyz0123456789".to_vec();
        for special in [b'"', b'\\', 0u8, 0x1f, b'\n'] {
            for at in 0..base.len() {
                let mut s = base.clone();
                s[at] = special;
                // A second special byte later must not matter.
                if at + 3 < s.len() {
                    s[at + 3] = b'"';
                }
                assert_eq!(scan_string(&s, 0), at);
                assert_eq!(scan_string(&s, at), at);
            }
        }
        assert_eq!(scan_string(&base, 0), base.len());
        let high = "ééééé😀😀 ~\u{7f}".as_bytes();
        assert_eq!(scan_string(high, 0), high.len());
    }
}
