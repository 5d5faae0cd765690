//! The common case of Argdown data read without a YAML parser: one line of
//! flow YAML (`{kind: fact, affirmedBy: [a, b], stances: [{...}]}`) whose
//! scalars are double- or single-quoted text without escapes, or plain
//! words, whole numbers and dates. It gives exactly the [`Node`] that the
//! YAML parser gives, spans included (a collection's span ends at its
//! closing bracket, as saphyr's markers do); anything else (block YAML,
//! escapes, other plain scalars, comments, anchors, tabs, line breaks, a
//! repeated key) gives `None` and is left to the YAML parser. A generated
//! map's data are all of this kind, and reading them this way takes a
//! fraction of the time.

use std::borrow::Cow;

use super::{MAX_YAML_DEPTH, Node, NodeKind};
use crate::source::Span;

/// An entry of a mapping: key, its span, value.
type Entry<'s> = (Cow<'s, str>, Span, Node<'s>);

/// Room for the items of the collections being read (a stack: each
/// collection's own at its top), so that each is made at its exact size
/// once its last item is read. Reused from one reading to the next.
#[derive(Default)]
pub(crate) struct Scratch<'s> {
    entries: Vec<Entry<'s>>,
    items: Vec<Node<'s>>,
}

/// `src` (at byte offset `base` of the file) read as one flow mapping or
/// sequence, when it is of the simple kind above.
pub(super) fn parse<'s>(src: &'s str, base: usize, scratch: &mut Scratch<'s>) -> Option<Node<'s>> {
    let mut p = Flow::new(src, base, scratch);
    p.spaces();
    if !matches!(p.peek(), Some(b'{' | b'[')) {
        return None;
    }
    let node = p.value(0)?;
    p.spaces();
    (p.i == p.b.len()).then_some(node)
}

/// The flow mapping at the start of `src` (at byte offset `base`), when it
/// is of the simple kind above, and the offset of its closing brace: what
/// [`parse`] gives for the text up to that brace (nothing after it is read).
pub(super) fn mapping_prefix<'s>(src: &'s str, base: usize, scratch: &mut Scratch<'s>) -> Option<(Node<'s>, usize)> {
    let mut p = Flow::new(src, base, scratch);
    if p.peek() != Some(b'{') {
        return None;
    }
    let node = p.value(0)?;
    Some((node, p.i - 1))
}

struct Flow<'s, 'a> {
    b: &'s [u8],
    src: &'s str,
    i: usize,
    base: usize,
    scratch: &'a mut Scratch<'s>,
}

impl<'s, 'a> Flow<'s, 'a> {
    fn new(src: &'s str, base: usize, scratch: &'a mut Scratch<'s>) -> Flow<'s, 'a> {
        // What a reading that gave up left behind.
        scratch.entries.clear();
        scratch.items.clear();
        Flow { b: src.as_bytes(), src, i: 0, base, scratch }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    fn value(&mut self, depth: usize) -> Option<Node<'s>> {
        if depth >= MAX_YAML_DEPTH {
            return None;
        }
        match self.peek()? {
            b'{' => self.mapping(depth),
            b'[' => self.sequence(depth),
            b'"' | b'\'' => self.quoted(),
            _ => self.plain(),
        }
    }

    /// After an item: `,` and the next (true), or the closing bracket (false).
    fn next_item(&mut self, close: u8) -> Option<bool> {
        self.spaces();
        match self.peek()? {
            b',' => {
                self.i += 1;
                self.spaces();
                // `[a, ]`, `{a: b, }` and `[a,,b]`: left to the YAML parser.
                let c = self.peek()?;
                (c != close && c != b',').then_some(true)
            }
            c if c == close => Some(false),
            _ => None,
        }
    }

    fn sequence(&mut self, depth: usize) -> Option<Node<'s>> {
        let start = self.i;
        self.i += 1;
        self.spaces();
        let mark = self.scratch.items.len();
        if self.peek()? != b']' {
            loop {
                let v = self.value(depth + 1)?;
                self.scratch.items.push(v);
                if !self.next_item(b']')? {
                    break;
                }
            }
        }
        let items = self.scratch.items.drain(mark..).collect();
        let end = self.i;
        self.i += 1;
        Some(Node::new(NodeKind::Seq(items), self.span(start, end)))
    }

    fn mapping(&mut self, depth: usize) -> Option<Node<'s>> {
        let start = self.i;
        self.i += 1;
        self.spaces();
        let mark = self.scratch.entries.len();
        if self.peek()? != b'}' {
            loop {
                let k = self.i;
                let len = self.b[k..].iter().take_while(|&&c| KEY[usize::from(c)]).count();
                // A key is a word starting with a letter, followed by `: `.
                if len == 0 || !self.b[k].is_ascii_alphabetic() || self.b.get(k + len..k + len + 2) != Some(b": ") {
                    return None;
                }
                let key: &'s str = &self.src[k..k + len];
                if is_special_word(key) || self.scratch.entries[mark..].iter().any(|(e, _, _)| e == key) {
                    return None;
                }
                self.i = k + len + 2;
                self.spaces();
                let v = self.value(depth + 1)?;
                let span = self.span(k, k + len);
                self.scratch.entries.push((Cow::Borrowed(key), span, v));
                if !self.next_item(b'}')? {
                    break;
                }
            }
        }
        let entries = self.scratch.entries.drain(mark..).collect();
        let end = self.i;
        self.i += 1;
        Some(Node::new(NodeKind::Map(entries), self.span(start, end)))
    }

    /// Quoted text without escapes (no `\` in double quotes, no `''` in
    /// single ones) and on one line.
    fn quoted(&mut self) -> Option<Node<'s>> {
        let start = self.i;
        let q = self.b[start];
        // One look at each byte: the closing quote, a backslash, line break
        // or tab ends the scalar, and only the quote ends it well.
        let stop = &QUOTED_STOP[usize::from(q == b'\'')];
        let len = self.b[start + 1..].iter().position(|&c| stop[usize::from(c)])?;
        if self.b[start + 1 + len] != q {
            return None;
        }
        let inner: &'s str = &self.src[start + 1..start + 1 + len];
        self.i = start + len + 2;
        // A doubled quote is an escape; spaces after the closing quote are
        // taken into the scalar's span by the YAML parser: both left to it.
        if matches!(self.peek(), Some(c) if c == q || c == b' ') {
            return None;
        }
        Some(Node::str(inner, self.span(start, self.i)))
    }

    /// A plain scalar: words of letters, digits, `-`, `_`, `.` and `/`
    /// separated by single spaces, starting with a letter (text, unless a
    /// YAML null or boolean), or a whole number, or a date.
    fn plain(&mut self) -> Option<Node<'s>> {
        let start = self.i;
        let word = |&c: &u8| WORD[usize::from(c)];
        let mut end = start;
        loop {
            let len = self.b[end..].iter().take_while(|c| word(c)).count();
            if len == 0 {
                return None;
            }
            end += len;
            // One space and another word continue the scalar.
            match self.b.get(end..end + 2) {
                Some([b' ', c]) if word(c) => end += 1,
                _ => break,
            }
        }
        let text: &'s str = &self.src[start..end];
        self.i = end;
        let span = self.span(start, end);
        if self.b[start].is_ascii_alphabetic() {
            return (!is_special_word(text)).then(|| Node::str(text, span));
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        let number = text.strip_prefix('-').unwrap_or(text);
        if digits(number) && (number.len() == 1 || !number.starts_with('0')) {
            return text.parse::<i64>().ok().map(|n| Node::new(NodeKind::Int(n), span));
        }
        let date = text.len() == 10
            && text.bytes().enumerate().all(|(k, c)| if k == 4 || k == 7 { c == b'-' } else { c.is_ascii_digit() });
        date.then(|| Node::str(text, span))
    }
}

/// The bytes that end a quoted scalar of the fast path, quoted with `"`
/// and with `'`: its closing quote, and what it leaves to the YAML parser
/// (`\`, line breaks, tabs).
static QUOTED_STOP: [[bool; 256]; 2] = [quoted_stop(b'"'), quoted_stop(b'\'')];

const fn quoted_stop(quote: u8) -> [bool; 256] {
    let mut table = [false; 256];
    table[quote as usize] = true;
    table[b'\\' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\t' as usize] = true;
    table
}

/// The bytes of a key: ASCII letters and digits, `_` and `-` (looked up,
/// not compared, for each byte).
static KEY: [bool; 256] = bytes_of(b"_-");

/// The bytes of a word of a plain scalar: those of a key, `.` and `/`.
static WORD: [bool; 256] = bytes_of(b"_-./");

/// ASCII letters and digits, and `extra`, as a table of bytes.
const fn bytes_of(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    let mut k = 0;
    while k < extra.len() {
        table[extra[k] as usize] = true;
        k += 1;
    }
    table
}

/// Plain words YAML may read as something other than text (null, booleans,
/// and the spellings of infinity and not-a-number), in any case.
fn is_special_word(w: &str) -> bool {
    // Each is at most five letters long and starts with one of these (most
    // keys and words are told apart here, without a comparison).
    if w.len() > 5
        || !matches!(w.as_bytes().first().map(u8::to_ascii_lowercase), Some(b'n' | b't' | b'f' | b'i' | b'y' | b'o'))
    {
        return false;
    }
    ["null", "true", "false", "inf", "nan", "y", "n", "yes", "no", "on", "off"]
        .iter()
        .any(|s| w.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::super::{MAX_YAML_DEPTH, Node, parse as full, parse_with_saphyr, too_deep};
    use super::Scratch;

    /// The fast path's reading.
    fn parse(src: &str, base: usize) -> Option<Node<'_>> {
        super::parse(src, base, &mut Scratch::default())
    }

    /// The YAML parser's reading, without the fast path.
    fn saphyr(src: &str, base: usize) -> Option<Node<'static>> {
        parse_with_saphyr(src, base).ok()
    }

    #[test]
    fn generated_data_take_the_fast_path_and_read_as_saphyr_reads_them() {
        for src in [
            "{kind: proposal}",
            "{kind: principle, source: \"Record 4540, p. 4\", deniedBy: [state-5]}",
            "{kind: fact, stances: [{actor: state-3, position: abstains, date: 2021-10-13, source: \"Official record 7320\", via: \"vote on R-6\"}]}",
            "{a: 12, b: -3, g: 2020-01-01, h: [], i: {}, j: 'é x', k: State 1, l: 0}",
            "  [a, [b, {c: d}], \"\"]  ",
            "{a: \"it's\", b: 'say \"x\"'}",
        ] {
            let fast = parse(src, 7);
            assert!(fast.is_some(), "{src}");
            assert_eq!(fast, saphyr(src, 7), "{src}");
            assert_eq!(full(src, 7).ok(), fast, "{src}");
        }
    }

    /// Nesting at the depth limit reads as it did when the depth was checked
    /// before the fast path: too deep is an error, at the limit it is read.
    #[test]
    fn nesting_at_the_limit_reads_as_with_the_depth_checked_first() {
        for depth in MAX_YAML_DEPTH - 2..=MAX_YAML_DEPTH + 2 {
            for inner in ["", "a", "{k: v}"] {
                let src = format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth));
                let checked_first = match too_deep(&src) {
                    Some(_) => None,
                    None => Some(parse_with_saphyr(&src, 0).expect("valid YAML")),
                };
                assert_eq!(full(&src, 0).ok(), checked_first, "{depth} {inner}");
                let levels = depth + usize::from(inner.starts_with('{'));
                assert_eq!(full(&src, 0).is_err(), levels > MAX_YAML_DEPTH, "{depth} {inner}");
            }
        }
    }

    /// Random flow YAML made of pieces near the edge of the fast path: every
    /// input the fast path reads, it reads exactly as saphyr does, and it
    /// reads a good share of them.
    #[test]
    fn the_fast_path_agrees_with_saphyr_on_random_flow_yaml() {
        const PIECES: [&str; 49] = [
            "{",
            "}",
            "[",
            "]",
            ", ",
            ",",
            ": ",
            ":",
            " ",
            "  ",
            "a",
            "kind",
            "state-5",
            "State 1",
            "x_y",
            "a.b",
            "a/b",
            "true",
            "False",
            "NULL",
            "~",
            "yes",
            "No",
            ".inf",
            "12",
            "-3",
            "0",
            "007",
            "1.5",
            "1e3",
            "0x1F",
            "99999999999999999999",
            "2021-10-13",
            "2021-1-13",
            "\"q\"",
            "\"a, b: c\"",
            "\"é\"",
            "\"a\\\"b\"",
            "'s'",
            "'it''s'",
            "\"it's\"",
            "'a \"b\"'",
            "\"a\tb\"",
            "#c",
            " #c",
            "&x",
            "*x",
            "!t",
            "\t",
        ];
        let mut next = crate::formats::argdown::picker(0x9e37_79b9_7f4a_7c15);
        let mut random = 0;
        for _ in 0..20_000 {
            let mut src = String::from(["{", "["][next(2)]);
            for _ in 0..next(12) {
                src.push_str(PIECES[next(PIECES.len())]);
            }
            src.push_str(["}", "]", "]}", "}]"][next(4)]);
            if let Some(fast) = parse(&src, 3) {
                random += 1;
                assert_eq!(Some(fast), saphyr(&src, 3), "{src:?}");
            }
        }
        // Mostly well-formed mappings.
        let words = ["a", "kind", "State 1", "state-5", "12", "-3", "0", "2021-10-13", "\"q r\"", "'s'", "x_y", "a.b"];
        let mut formed = 0;
        for _ in 0..20_000 {
            let mut src = String::from("{");
            for k in 0..next(5) {
                if k > 0 {
                    src.push_str(", ");
                }
                src.push_str(["a", "b", "kind", "c-d"][next(4)]);
                src.push_str(": ");
                match next(3) {
                    0 => src.push_str(words[next(words.len())]),
                    1 => {
                        src.push('[');
                        for j in 0..next(3) {
                            if j > 0 {
                                src.push_str(", ");
                            }
                            src.push_str(words[next(words.len())]);
                        }
                        src.push(']');
                    }
                    _ => src.push_str(&format!("{{x: {}}}", words[next(words.len())])),
                }
            }
            src.push('}');
            if let Some(fast) = parse(&src, 0) {
                formed += 1;
                assert_eq!(Some(fast), saphyr(&src, 0), "{src:?}");
            }
        }
        assert!(random > 100 && formed > 5_000, "the fast path read only {random} and {formed} inputs");
    }
}
