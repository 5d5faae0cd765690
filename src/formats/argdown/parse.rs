//! Argdown text to a [`Document`]: every statement and argument occurrence,
//! premise–conclusion structure and relation, with byte spans. The parser
//! works line by line with an explicit stack of open relation parents, so
//! nesting depth costs no recursion; every problem is reported (up to
//! [`crate::formats::MAX_PROBLEMS`]) and parsing goes on after it.

use std::borrow::Cow;

use super::yaml::{self, Node};
use crate::formats::Problems;
use crate::source::{Span, each_line_feed, splat, zero_bytes};

/// An Argdown document as written. Titles, tags, text and data borrow from
/// the file's text (`'t`) where they are written as they read (no escape, no
/// comment, no white space to fold).
#[derive(Debug, Default)]
pub struct Document<'t> {
    /// The front matter's YAML, when the document starts with one.
    pub front: Option<Node<'t>>,
    /// Every statement occurrence (definitions and references), in order.
    pub statements: Vec<Statement<'t>>,
    /// Every argument occurrence (definitions, references, and one for each
    /// premise–conclusion structure without an argument before it).
    pub arguments: Vec<Argument<'t>>,
    /// The text, tags and data of the elements that have any (most
    /// references have none), in order: see [`Document::body`].
    pub bodies: Vec<Body<'t>>,
    pub pcs: Vec<Pcs>,
    /// The lines of all premise–conclusion structures, in order (each
    /// structure's a range of them: see [`Document::steps`]).
    pub pcs_items: Vec<PcsItem>,
    /// The inferences of all premise–conclusion structures, in order.
    pub inferences: Vec<Inference<'t>>,
    pub relations: Vec<RawRelation>,
    pub headings: Vec<Heading<'t>>,
}

impl<'t> Document<'t> {
    /// The inferential steps of the `p`-th premise–conclusion structure:
    /// (premises, inference, conclusion), premises being the statements
    /// since the previous inference.
    pub fn steps(&self, p: usize) -> Vec<(Vec<usize>, &Inference<'t>, usize)> {
        let pcs = &self.pcs[p];
        let items = &self.pcs_items[pcs.items.clone()];
        let mut out = Vec::with_capacity(pcs.inferences);
        let mut group = Vec::new();
        let mut pending: Option<&Inference<'t>> = None;
        for (k, item) in items.iter().enumerate() {
            match item {
                PcsItem::Statement(s) => {
                    if let Some(inf) = pending.take() {
                        out.push((std::mem::take(&mut group), inf, *s));
                    }
                    // (The last statement is a premise of no step.)
                    if k + 1 < items.len() {
                        group.push(*s);
                    }
                }
                PcsItem::Inference(inf) => pending = Some(&self.inferences[*inf]),
            }
        }
        out
    }

    /// An element's text, tags and data (all empty when it has none).
    pub fn body(&self, e: &Element<'t>) -> &Body<'t> {
        match e.body {
            NO_BODY => &EMPTY_BODY,
            b => &self.bodies[b as usize],
        }
    }
}

/// A statement occurrence (`[Title]: text`, `[Title]`, or untitled text)
/// or an argument occurrence (`<Title>: description`, `<Title>`).
#[derive(Debug, Clone)]
pub struct Element<'t> {
    /// `None` for an untitled statement, or for the anonymous argument of a
    /// premise–conclusion structure.
    pub title: Option<Cow<'t, str>>,
    /// The span of the title (or of the text when untitled).
    pub title_span: Span,
    /// Its text, tags and data: an index in [`Document::bodies`], or
    /// [`NO_BODY`] when it has none (read them with [`Document::body`]).
    pub body: u32,
    pub is_reference: bool,
}

/// [`Element::body`] of an element without text, tags or data.
pub const NO_BODY: u32 = u32::MAX;

/// What an element says: its text, its tags and its data.
#[derive(Debug, Clone, Default)]
pub struct Body<'t> {
    pub text: Cow<'t, str>,
    pub tags: Vec<Cow<'t, str>>,
    pub data: Option<Node<'t>>,
}

impl Body<'_> {
    fn is_empty(&self) -> bool {
        self.text.is_empty() && self.tags.is_empty() && self.data.is_none()
    }
}

static EMPTY_BODY: Body<'static> = Body { text: Cow::Borrowed(""), tags: Vec::new(), data: None };

pub type Statement<'t> = Element<'t>;
pub type Argument<'t> = Element<'t>;

#[derive(Debug)]
pub struct Heading<'t> {
    pub level: usize,
    pub text: Cow<'t, str>,
    pub span: Span,
}

/// One line of a premise–conclusion structure.
#[derive(Debug)]
pub enum PcsItem {
    /// A numbered statement: its index in [`Document::statements`].
    Statement(usize),
    /// An inference: its index in [`Document::inferences`].
    Inference(usize),
}

#[derive(Debug)]
pub struct Inference<'t> {
    pub span: Span,
    /// Inference rules written in an expanded inference (as text).
    pub rules: Cow<'t, str>,
    pub data: Option<Node<'t>>,
}

/// A premise–conclusion structure and the argument occurrence it belongs to.
#[derive(Debug)]
pub struct Pcs {
    pub argument: usize,
    /// Its lines: a range of [`Document::pcs_items`] (one structure is
    /// read at a time, so each one's lines follow one another there).
    pub items: std::ops::Range<usize>,
    pub span: Span,
    /// Well formed: at least one premise, ending in a conclusion after an inference.
    pub valid: bool,
    /// How many numbered statements and inferences it has.
    statements: usize,
    inferences: usize,
}

/// One end of a relation as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    Statement(usize),
    Argument(usize),
    /// The `step`-th inference (0-based) of a premise–conclusion structure.
    Inference {
        pcs: usize,
        step: usize,
    },
}

/// The relation symbol without its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    Support,
    Attack,
    Undercut,
    Contradiction,
}

/// A relation as written below its parent: `outgoing` when it goes from the
/// child (the member on the symbol's line) to the parent (`+`, `<+`, ...).
#[derive(Debug, Clone)]
pub struct RawRelation {
    pub symbol: Symbol,
    pub outgoing: bool,
    pub parent: Member,
    pub child: Member,
    /// The span of the child's line (symbol and member).
    pub span: Span,
}

/// An element as read: an argument's or a statement's, and what it says.
struct Read<'t> {
    argument: bool,
    element: Element<'t>,
    body: Body<'t>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Tree,
    Pcs(usize),
    Heading,
}

/// Parse an Argdown document. `problems` receives every syntax error.
pub(crate) fn parse<'t>(text: &'t str, problems: &mut Problems) -> Document<'t> {
    let front = front_matter(text, problems);
    let body = front.as_ref().map_or(0, |f| f.1);
    let blanked = blank_comments(text, body, problems);
    // Without comments the text read is the file's: what is read borrows from it.
    let orig = matches!(blanked, Cow::Borrowed(_)).then_some(text);
    let mut p = Parser::new(&blanked, orig, problems);
    if let Some((node, _)) = front {
        p.doc.front = node;
    }
    let first = p.lines.iter().position(|l| l.0 >= body).unwrap_or(p.lines.len());
    p.run(first);
    let mut doc = p.doc;
    // The room the lists grew beyond their lengths, given back (held
    // while the document is read into a map).
    doc.statements.shrink_to_fit();
    doc.arguments.shrink_to_fit();
    doc.bodies.shrink_to_fit();
    doc.relations.shrink_to_fit();
    doc
}

/// Room in a full list for the items still to come, at the rate they came
/// in the text read so far (up to byte `at` of `len`), and a quarter more
/// (then half as many again at least): a long list grows about once, to
/// about its size, not by doubling (each doubling copies it and touches new
/// memory), and [`parse`]'s `shrink_to_fit` gives the room back in place. A
/// short list doubles. No list has more than two items a line (`lines`:
/// the text's), so the lines after `at` bound the room taken however the
/// text's start differs from the rest.
fn room<T>(v: &mut Vec<T>, at: usize, len: usize, lines: &[(usize, usize)]) {
    if v.len() == v.capacity() && v.len() >= 256 {
        let rest = v.len() * len.saturating_sub(at) / at.max(1);
        let lines_left = lines.len() - lines.partition_point(|l| l.0 <= at);
        v.reserve_exact((rest + rest / 4 + 16).min(2 * lines_left + 16).max(v.len() / 2));
    }
}

/// The spans of the lines, without their line ends (the lines of
/// [`crate::formats::lines`], found by one scan for line feeds).
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut spans = Vec::with_capacity(b.len() / 32 + 1);
    let mut at = 0;
    let mut push = |at: usize, next: usize| {
        let mut end = next;
        while end > at && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        if spans.len() == spans.capacity() {
            // Room for the lines left, at the mean length of the lines so far
            // (most tables are regrown once, to about their size, not
            // doubled), and never less than half as many again.
            let mean = at / spans.len().max(1) + 1;
            spans.reserve(((b.len() - at) / mean + 16).max(spans.len() / 2));
        }
        spans.push((at, end));
    };
    each_line_feed(b, |nl| {
        push(at, nl + 1);
        at = nl + 1;
    });
    if at < b.len() {
        push(at, b.len());
    }
    spans
}

/// The offset of the first byte of `b` that is one of `set`: eight bytes
/// at a time, as [`each_line_feed`] finds line feeds.
fn first_of_three(b: &[u8], set: [u8; 3]) -> Option<usize> {
    let mut words = b.chunks_exact(8);
    let mut i = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // The lowest high bit marks the first byte of the set exactly.
        let found = zero_bytes(w ^ splat(set[0])) | zero_bytes(w ^ splat(set[1])) | zero_bytes(w ^ splat(set[2]));
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    words.remainder().iter().position(|c| set.contains(c)).map(|p| i + p)
}

/// The front matter (`===` lines around YAML) at the document's start:
/// its YAML (`None` when invalid) and the offset after its closing line.
fn front_matter<'t>(text: &'t str, problems: &mut Problems) -> Option<(Option<Node<'t>>, usize)> {
    let mut lines = super::super::lines(text).skip_while(|(_, l)| l.trim().is_empty());
    let (open_at, open) = lines.next()?;
    if !open.starts_with("===") || !open.trim_end().bytes().all(|b| b == b'=') {
        return None;
    }
    let body = open_at + text[open_at..].find('\n').map_or(text.len() - open_at, |i| i + 1);
    for (at, l) in lines {
        if l.starts_with("===") && l.trim_end().bytes().all(|b| b == b'=') {
            let end = at + text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
            let node = match yaml::parse(&text[body..at], body) {
                Ok(n) => Some(n),
                Err(e) => {
                    problems.syntax(Span::new(e.at, e.at), format!("front matter: {}", e.message), "here");
                    None
                }
            };
            return Some((node, end));
        }
    }
    problems.syntax(
        Span::new(open_at, open_at + open.len()),
        "the front matter is not closed",
        "opened here; close it with a line of `===`",
    );
    Some((None, text.len()))
}

/// The text with comments (`//`, `/* */`, `<!-- -->`) replaced by spaces
/// (line ends kept), so that every offset stays the same. Nothing inside
/// `{...}` data or before `from` (the front matter) is a comment; `//` right
/// after `:` (as in `https://`) is not a comment either.
fn blank_comments<'t>(text: &'t str, from: usize, problems: &mut Problems) -> Cow<'t, str> {
    if !may_have_comments(&text[from..]) {
        return Cow::Borrowed(text);
    }
    blank_all_comments(text, from, problems)
}

/// [`blank_comments`] by a scan of the whole text.
fn blank_all_comments<'t>(text: &'t str, from: usize, problems: &mut Problems) -> Cow<'t, str> {
    let mut b: Cow<'t, [u8]> = Cow::Borrowed(text.as_bytes());
    let mut i = from;
    let mut depth = 0usize;
    let mut quotes = yaml::Quotes::default();
    let mut data_start = 0;
    let blank = |b: &mut Cow<'t, [u8]>, from: usize, to: usize| {
        for c in &mut b.to_mut()[from..to] {
            if *c != b'\n' && *c != b'\r' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        if depth > 0 {
            i = yaml::next_significant(&b, i);
            if i == b.len() {
                break;
            }
            let (c, next) = quotes.step(&b[data_start..], i - data_start);
            match c {
                Some(b'{') => depth += 1,
                Some(b'}') => depth -= 1,
                _ => {}
            }
            i = data_start + next;
            continue;
        }
        if !matches!(c, b'\\' | b'{' | b'/' | b'<') {
            // Nothing to look at before the next escape, data or comment.
            i += b[i..].iter().position(|&c| matches!(c, b'\\' | b'{' | b'/' | b'<')).unwrap_or(b.len() - i);
            continue;
        }
        let rest = &b[i..];
        if c == b'\\' {
            i += 2;
        } else if c == b'{' {
            depth = 1;
            quotes = yaml::Quotes::default();
            data_start = i;
            i += 1;
        } else if rest.starts_with(b"/*") || rest.starts_with(b"<!--") {
            let (close, what): (&[u8], &str) = if c == b'/' { (b"*/", "/*") } else { (b"-->", "<!--") };
            match find(rest, close) {
                Some(k) => {
                    blank(&mut b, i, i + k + close.len());
                    i += k + close.len();
                }
                None => {
                    problems.syntax(
                        Span::new(i, i + what.len()),
                        format!("unterminated comment: `{what}` is never closed"),
                        format!("this comment needs a closing `{}`", String::from_utf8_lossy(close)),
                    );
                    let end = b.len();
                    blank(&mut b, i, end);
                    i = end;
                }
            }
        } else if rest.starts_with(b"//") && (i == 0 || b[i - 1] != b':') {
            let end = rest.iter().position(|&c| c == b'\n' || c == b'\r').map_or(b.len(), |k| i + k);
            blank(&mut b, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced, each whole character at a time.
    match b {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(b) => {
            Cow::Owned(String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        }
    }
}

/// Whether `//`, `/*` or `<!--` occurs in the text (by fast searches for
/// `/` and `<!--`): without them, there is no comment to blank.
fn may_have_comments(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'/', b).any(|k| matches!(b.get(k + 1), Some(b'/' | b'*')))
        || memchr::memmem::find(b, b"<!--").is_some()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The relation symbol starting `rest`: (symbol, outgoing, length). It must
/// be followed by white space (or end the line). Told by its first two
/// bytes (a symbol of two bytes is tried before one of its first byte alone,
/// which the second byte, not being white space, would not let stand).
fn relation_symbol(rest: &str) -> Option<(Symbol, bool, usize)> {
    let b = rest.as_bytes();
    let (symbol, outgoing, len) = match (*b.first()?, b.get(1).copied()) {
        (b'+', Some(b'>')) => (Symbol::Support, false, 2),
        (b'-', Some(b'>')) => (Symbol::Attack, false, 2),
        (b'>', Some(b'<')) => (Symbol::Contradiction, true, 2),
        (b'_', Some(b'>')) => (Symbol::Undercut, false, 2),
        (b'<', Some(b'+')) => (Symbol::Support, true, 2),
        (b'<', Some(b'-')) => (Symbol::Attack, true, 2),
        (b'<', Some(b'_')) => (Symbol::Undercut, true, 2),
        (b'+', _) => (Symbol::Support, true, 1),
        (b'-', _) => (Symbol::Attack, true, 1),
        (b'_', _) => (Symbol::Undercut, true, 1),
        _ => return None,
    };
    matches!(b.get(len), None | Some(b' ' | b'\t')).then_some((symbol, outgoing, len))
}

/// The number of hyphens of an inference line (two or more hyphens and nothing else).
fn inference_line(rest: &str) -> Option<usize> {
    let t = rest.trim_end();
    (t.len() >= 2 && t.bytes().all(|b| b == b'-')).then_some(t.len())
}

/// `(n)` starting a premise or conclusion: (n, length).
fn pcs_number(rest: &str) -> Option<(u64, usize)> {
    let inner = rest.strip_prefix('(')?;
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || inner.as_bytes().get(digits) != Some(&b')') {
        return None;
    }
    Some((inner[..digits].parse().unwrap_or(u64::MAX), digits + 2))
}

/// `* ` or `1. ` starting a list item: its length.
fn list_item(rest: &str) -> Option<usize> {
    let ws = |s: &str| s.is_empty() || s.starts_with([' ', '\t']);
    if let Some(after) = rest.strip_prefix('*') {
        return ws(after).then_some(1);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].strip_prefix('.')?;
    (digits > 0 && ws(after)).then_some(digits + 1)
}

fn heading(line: &str) -> Option<usize> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    (level > 0 && line[level..].starts_with(' ')).then_some(level)
}

/// What a line is, by what starts it after its indentation (spaces and tabs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Nothing but the indentation.
    Empty,
    /// White space of other kinds too: an empty line to a block, but text
    /// that continues the element above it.
    Blank,
    /// An inference line: its hyphens.
    Inference(usize),
    /// `(n)`: n, and its length.
    Pcs(u64, usize),
    /// A relation symbol: as [`relation_symbol`] gives it.
    Relation(Symbol, bool, usize),
    /// `#` to `######` at the line's start: the level.
    Heading(usize),
    /// `* ` or `1. `: its length.
    ListItem(usize),
    /// Anything else: an element, or text continuing one.
    Text,
}

impl Kind {
    /// Whether the line starts something of its own (and so does not
    /// continue the element above it).
    fn structural(self) -> bool {
        !matches!(self, Kind::Blank | Kind::Text)
    }
}

/// A line's indentation (spaces and tabs) and its kind: the first of
/// [`inference_line`], [`pcs_number`], [`relation_symbol`], [`heading`] and
/// [`list_item`] that it is (each is told by the first byte after the
/// indentation before it is tried).
fn classify(line: &str) -> (usize, Kind) {
    let ind = line.bytes().take_while(|&c| c == b' ' || c == b'\t').count();
    let rest = &line[ind..];
    let kind = match rest.as_bytes().first() {
        None => Kind::Empty,
        Some(b'-') => match inference_line(rest) {
            Some(hyphens) => Kind::Inference(hyphens),
            None => relation_kind(rest),
        },
        Some(b'+' | b'>' | b'_' | b'<') => relation_kind(rest),
        Some(b'(') => pcs_number(rest).map_or(Kind::Text, |(n, len)| Kind::Pcs(n, len)),
        Some(b'#') => heading(line).map_or(Kind::Text, Kind::Heading),
        Some(b'*' | b'0'..=b'9') => list_item(rest).map_or(Kind::Text, Kind::ListItem),
        Some(c) if c.is_ascii_graphic() => Kind::Text,
        Some(_) if rest.trim().is_empty() => Kind::Blank,
        Some(_) => Kind::Text,
    };
    (ind, kind)
}

fn relation_kind(rest: &str) -> Kind {
    relation_symbol(rest).map_or(Kind::Text, |(symbol, outgoing, len)| Kind::Relation(symbol, outgoing, len))
}

struct Parser<'t, 'b, 'p> {
    /// The text read: the file's, comments blanked.
    text: &'b str,
    /// The file's text, when it is the text read (no comment was blanked).
    orig: Option<&'t str>,
    lines: Vec<(usize, usize)>,
    problems: &'p mut Problems,
    doc: Document<'t>,
    /// Data read ahead by [`Parser::extent`]: where its `{` and `}` are, and its node.
    ahead: Option<(usize, usize, Node<'t>)>,
    /// Room for the items of the data being read.
    scratch: yaml::Scratch<'t>,
    /// The same, for data read in the text with comments blanked (then copied).
    blanked_scratch: yaml::Scratch<'b>,
    /// Room for the tags of the element being read.
    tags: Vec<Cow<'t, str>>,
    /// The line after the element [`Parser::extent`] last found: its
    /// number, indentation and kind (told there, not again).
    next: Option<(usize, usize, Kind)>,
}

impl<'t, 'b, 'p> Parser<'t, 'b, 'p> {
    /// A parser of `text` (the file's `orig`, comments blanked).
    fn new(text: &'b str, orig: Option<&'t str>, problems: &'p mut Problems) -> Parser<'t, 'b, 'p> {
        Parser {
            text,
            orig,
            lines: line_spans(text),
            problems,
            doc: Document::default(),
            ahead: None,
            scratch: yaml::Scratch::default(),
            blanked_scratch: yaml::Scratch::default(),
            tags: Vec::new(),
            next: None,
        }
    }

    /// The text at `start..end`, borrowed from the file when it is the file's.
    fn cow(&self, start: usize, end: usize) -> Cow<'t, str> {
        cow(self.orig, self.text, start, end)
    }

    /// The YAML at `start..end` (at its own offset in the file).
    fn yaml(&mut self, start: usize, end: usize) -> Result<Node<'t>, yaml::YamlError> {
        match self.orig {
            Some(o) => yaml::parse_in(&o[start..end], start, &mut self.scratch),
            None => yaml::parse_in(&self.text[start..end], start, &mut self.blanked_scratch).map(Node::into_owned),
        }
    }

    fn line(&self, i: usize) -> &str {
        let (s, e) = self.lines[i];
        &self.text[s..e]
    }

    fn error(&mut self, span: Span, message: impl Into<String>, label: impl Into<String>) {
        self.problems.syntax(span, message, label);
    }

    /// What line `i` is: its indentation and its kind (see [`classify`]).
    fn classify(&self, i: usize) -> (usize, Kind) {
        classify(self.line(i))
    }

    /// The end of the element starting on line `i` (its continuation lines,
    /// and the lines of a `{...}` data element it opens), and the next line.
    /// The next line's kind, when it was told, is kept for [`Parser::run`].
    fn extent(&mut self, i: usize) -> (usize, usize) {
        let mut balance = self.first_line_braces(i);
        let mut j = i + 1;
        while j < self.lines.len() {
            if balance <= 0 {
                let (ind, kind) = self.classify(j);
                if kind.structural() {
                    self.next = Some((j, ind, kind));
                    break;
                }
            }
            balance += braces(self.line(j));
            j += 1;
        }
        (self.lines[j - 1].1, j)
    }

    /// [`braces`] of line `i`, the first of an element. A line whose data
    /// (its one `{`, with no `\` or `}` before it and no `{`, `}` or `\`
    /// after its end) the fast flow reader takes balances its braces: that
    /// reading is kept for [`Parser::body`], which would make the same (the
    /// data read once instead of three times).
    fn first_line_braces(&mut self, i: usize) -> i64 {
        self.ahead = None;
        let (start, end) = self.lines[i];
        let line = &self.text.as_bytes()[start..end];
        let tricky = |c: &u8| matches!(c, b'\\' | b'{' | b'}');
        // No brace: nothing to count (the search most lines need, eight bytes at a time).
        let Some(open) = first_of_three(line, [b'\\', b'{', b'}']) else { return 0 };
        if line[open] != b'{' {
            return braces(self.line(i));
        }
        match self.flow_mapping(start + open, end) {
            Some((at, close, node)) if !line[close - start + 1..].iter().any(tricky) => {
                self.ahead = Some((at, close, node));
                0
            }
            _ => braces(self.line(i)),
        }
    }

    /// The flow mapping whose `{` is at `at`, when the fast flow reader
    /// takes it from there (up to `end` at most): where its `{` and `}`
    /// are, and its node (the one `data_end` and `yaml` would find).
    fn flow_mapping(&mut self, at: usize, end: usize) -> Option<(usize, usize, Node<'t>)> {
        let read = match self.orig {
            Some(o) => yaml::flow_mapping(&o[at..end], at, &mut self.scratch),
            None => {
                yaml::flow_mapping(&self.text[at..end], at, &mut self.blanked_scratch).map(|(n, c)| (n.into_owned(), c))
            }
        };
        read.map(|(node, close)| (at, at + close, node))
    }

    fn run(&mut self, first: usize) {
        let mut block = Block::None;
        let mut stack: Vec<(usize, Member)> = Vec::new();
        // The argument at the root of the current and of the previous block.
        let mut root_argument: Option<usize> = None;
        let mut previous_argument: Option<usize> = None;
        let mut indent_char: Option<(u8, usize)> = None;
        let mut i = first;
        while i < self.lines.len() {
            let (start, end) = self.lines[i];
            let line = &self.text[start..end];
            let (ind, kind) = match self.next.take() {
                Some((j, ind, kind)) if j == i => (ind, kind),
                _ => self.classify(i),
            };
            if matches!(kind, Kind::Empty | Kind::Blank) {
                if block != Block::None {
                    self.close_block(block);
                    previous_argument = if block == Block::Tree { root_argument } else { None };
                    root_argument = None;
                    block = Block::None;
                    stack.clear();
                    indent_char = None;
                }
                i += 1;
                continue;
            }
            let at = start + ind;
            self.check_indent(&line[..ind], start, &mut indent_char);
            if let Kind::Inference(hyphens) = kind {
                i = match block {
                    Block::Pcs(p) => {
                        let (inf, next) = self.inference(i, hyphens);
                        let step = self.doc.pcs[p].inferences;
                        self.doc.pcs[p].inferences += 1;
                        if self.doc.pcs[p].statements == 0 {
                            self.error(
                                inf.span,
                                "an inference with no premise above it",
                                "no numbered premise before this line",
                            );
                        }
                        room(&mut self.doc.inferences, at, self.text.len(), &self.lines);
                        self.doc.inferences.push(inf);
                        self.pcs_item(p, PcsItem::Inference(self.doc.inferences.len() - 1), at);
                        stack.clear();
                        stack.push((ind, Member::Inference { pcs: p, step }));
                        next
                    }
                    _ => {
                        self.error(
                            Span::new(at, end),
                            "an inference line outside a premise–conclusion structure",
                            "an inference separates numbered premises `(1)` from a conclusion",
                        );
                        i + 1
                    }
                };
                continue;
            }
            if let Kind::Pcs(n, len) = kind {
                let p = match block {
                    Block::Pcs(p) => p,
                    other => {
                        if other != Block::None {
                            self.close_block(other);
                            self.error(
                                Span::new(at, at + len),
                                "a premise–conclusion structure must follow an empty line",
                                "insert an empty line above this line",
                            );
                        }
                        let argument = match previous_argument.take() {
                            Some(a) if other == Block::None => a,
                            _ => {
                                self.doc.arguments.push(Argument {
                                    title: None,
                                    title_span: Span::new(at, at + len),
                                    body: NO_BODY,
                                    is_reference: true,
                                });
                                self.doc.arguments.len() - 1
                            }
                        };
                        self.doc.pcs.push(Pcs {
                            argument,
                            items: self.doc.pcs_items.len()..self.doc.pcs_items.len(),
                            span: Span::new(at, end),
                            valid: false,
                            statements: 0,
                            inferences: 0,
                        });
                        block = Block::Pcs(self.doc.pcs.len() - 1);
                        self.doc.pcs.len() - 1
                    }
                };
                let expected = self.doc.pcs[p].statements as u64 + 1;
                if n != expected {
                    self.error(
                        Span::new(at, at + len),
                        format!("premises and conclusions are numbered in order: expected `({expected})`"),
                        format!("`({n})` here"),
                    );
                }
                let (elem_end, next) = self.extent(i);
                let read = self.element(at + len, elem_end);
                if read.argument {
                    self.error(
                        read.element.title_span,
                        "a premise or conclusion must be a statement, not an argument",
                        "an argument here",
                    );
                }
                let member = self.push(read);
                if let Member::Statement(s) = member {
                    self.pcs_item(p, PcsItem::Statement(s), at);
                    self.doc.pcs[p].statements += 1;
                }
                self.doc.pcs[p].span.end = elem_end;
                stack.clear();
                stack.push((ind, member));
                i = next;
                continue;
            }
            if let Kind::Relation(symbol, outgoing, len) = kind {
                while stack.last().is_some_and(|&(d, _)| d >= ind) {
                    stack.pop();
                }
                let parent = stack.last().map(|&(_, m)| m);
                if parent.is_none() {
                    let message = if block == Block::None {
                        "a relation with no parent: a relation cannot start a block"
                    } else {
                        "a relation with no parent: it is not indented more than an element above it"
                    };
                    self.error(
                        Span::new(at, at + len),
                        message,
                        "write the element it relates to on the line above, indented less",
                    );
                }
                let (elem_end, next) = self.extent(i);
                let read = self.element(at + len, elem_end);
                let child = self.push(read);
                if let Some(parent) = parent {
                    room(&mut self.doc.relations, at, self.text.len(), &self.lines);
                    self.doc.relations.push(RawRelation {
                        symbol,
                        outgoing,
                        parent,
                        child,
                        span: Span::new(at, elem_end),
                    });
                }
                if block == Block::None || block == Block::Heading {
                    block = Block::Tree;
                }
                stack.push((ind, child));
                i = next;
                continue;
            }
            if block == Block::None
                && let Kind::Heading(level) = kind
            {
                let (elem_end, next) = self.extent(i);
                let text = self.element(start + level, elem_end).body.text;
                self.doc.headings.push(Heading { level, text, span: Span::new(start, elem_end) });
                block = Block::Heading;
                i = next;
                continue;
            }
            // A root element (a list item's too).
            let skip = if let Kind::ListItem(len) = kind { len } else { 0 };
            if let Block::Pcs(_) = block {
                self.close_block(block);
            }
            let (elem_end, next) = self.extent(i);
            let read = self.element(at + skip, elem_end);
            let member = self.push(read);
            root_argument = match member {
                Member::Argument(a) if skip == 0 => Some(a),
                _ => None,
            };
            block = Block::Tree;
            stack.clear();
            stack.push((ind, member));
            i = next;
        }
        if block != Block::None {
            self.close_block(block);
        }
    }

    /// Report tabs and spaces mixed in the indentation of one block.
    fn check_indent(&mut self, indent: &str, start: usize, seen: &mut Option<(u8, usize)>) {
        for (k, c) in indent.bytes().enumerate() {
            match *seen {
                None => *seen = Some((c, start + k)),
                Some((first, _)) if first != c => {
                    let (what, other) = if c == b'\t' { ("a tab", "spaces") } else { ("a space", "tabs") };
                    self.error(
                        Span::new(start + k, start + k + 1),
                        format!("indentation mixes tabs and spaces: {what} where the block is indented with {other}"),
                        format!("{what} here"),
                    );
                    return;
                }
                _ => {}
            }
        }
    }

    fn close_block(&mut self, block: Block) {
        let Block::Pcs(p) = block else { return };
        let pcs = &self.doc.pcs[p];
        let statements = pcs.statements;
        let ends_in_conclusion =
            matches!(self.doc.pcs_items[pcs.items.clone()], [.., PcsItem::Inference(_), PcsItem::Statement(_)]);
        let span = pcs.span;
        if statements < 2 || !ends_in_conclusion {
            self.error(
                Span::new(span.start, span.start),
                "a premise–conclusion structure without a conclusion",
                "the last numbered statement must follow an inference line (`----`)",
            );
        } else {
            self.doc.pcs[p].valid = true;
        }
    }

    /// An inference at line `i`: collapsed (`----`) or expanded (`--`,
    /// rules and data, `--`). Returns it and the next line.
    fn inference(&mut self, i: usize, hyphens: usize) -> (Inference<'t>, usize) {
        let (start, end) = self.lines[i];
        if hyphens >= 4 {
            return (Inference { span: Span::new(start, end), rules: Cow::Borrowed(""), data: None }, i + 1);
        }
        let mut j = i + 1;
        let mut balance = 0i64;
        while j < self.lines.len() {
            let l = self.line(j);
            if balance <= 0 && (l.trim().is_empty() || inference_line(l.trim_start()).is_some()) {
                break;
            }
            balance += braces(l);
            j += 1;
        }
        if j >= self.lines.len() || inference_line(self.line(j).trim_start()).is_none() {
            self.error(
                Span::new(start, end),
                "an expanded inference is not closed",
                "opened here; close it with a line of `--`",
            );
            return (Inference { span: Span::new(start, end), rules: Cow::Borrowed(""), data: None }, j);
        }
        let (body_start, body_end) = (self.lines[i].1, self.lines[j].0);
        let Body { text: rules, data, .. } = self.element(body_start, body_end).body;
        (Inference { span: Span::new(start, self.lines[j].1), rules, data }, j + 1)
    }

    /// A line of the premise–conclusion structure `p` (the one being read),
    /// at byte `at`.
    fn pcs_item(&mut self, p: usize, item: PcsItem, at: usize) {
        room(&mut self.doc.pcs_items, at, self.text.len(), &self.lines);
        self.doc.pcs_items.push(item);
        self.doc.pcs[p].items.end = self.doc.pcs_items.len();
    }

    /// An element read, added to the document (its body too, unless empty).
    fn push(&mut self, read: Read<'t>) -> Member {
        let Read { argument, mut element, body } = read;
        let (at, len) = (element.title_span.start, self.text.len());
        if !body.is_empty() {
            element.body = u32::try_from(self.doc.bodies.len()).expect("fewer than 2^32 - 1 elements");
            room(&mut self.doc.bodies, at, len, &self.lines);
            self.doc.bodies.push(body);
        }
        if argument {
            room(&mut self.doc.arguments, at, len, &self.lines);
            self.doc.arguments.push(element);
            Member::Argument(self.doc.arguments.len() - 1)
        } else {
            room(&mut self.doc.statements, at, len, &self.lines);
            self.doc.statements.push(element);
            Member::Statement(self.doc.statements.len() - 1)
        }
    }

    /// An element (statement or argument) written in `start..end`.
    fn element(&mut self, start: usize, end: usize) -> Read<'t> {
        let text = self.text;
        let lead = leading_space(&text[start..end]);
        let at = start + lead;
        let rest = &text[at..end];
        let orig = self.orig;
        let bracket = |open: char, close: char| -> Option<Result<(usize, Cow<'t, str>), ()>> {
            if !rest.starts_with(open) {
                return None;
            }
            // The closing bracket on the title's line (an ASCII byte: found by
            // one look at the title's bytes, eight at a time, not a search to
            // the line's end).
            let close_byte = close as u8;
            let close_at = first_of_three(&text.as_bytes()[at + 1..end], [close_byte, b'\n', b'\r'])
                .map(|k| at + 1 + k)
                .filter(|&k| text.as_bytes()[k] == close_byte);
            Some(
                close_at
                    .map(|c| {
                        let (from, to) = trimmed(text, at + 1, c);
                        (c, cow(orig, text, from, to))
                    })
                    .ok_or(()),
            )
        };
        for (open, close, argument) in [('[', ']', false), ('<', '>', true)] {
            let Some(found) = bracket(open, close) else { continue };
            let Ok((close_at, title)) = found else {
                self.error(
                    Span::new(at, at + 1),
                    format!("unterminated title: `{open}` is not closed on its line"),
                    format!("expected `{close}` after the title"),
                );
                break;
            };
            // `[text](url)` is a link in the text, not a title.
            if !argument && text[close_at + 1..].starts_with('(') {
                break;
            }
            let title_span = Span::new(at, close_at + 1);
            if title.is_empty() {
                self.error(title_span, "an empty title", "write a title between the brackets");
            }
            let defines = text[close_at + 1..].starts_with(':');
            let body_start = close_at + 1 + usize::from(defines);
            let body = self.body(body_start, end);
            // Tags or data without text make a statement, as they do untitled.
            if defines && body.is_empty() && !argument {
                self.error(
                    title_span,
                    format!("the statement `[{title}]` is defined without text"),
                    "text expected after `:`",
                );
            } else if !defines && !body.text.is_empty() {
                let (o, c) = (open, close);
                self.error(
                    Span::new(body_start, end),
                    format!("text after the reference `{o}{title}{c}`"),
                    format!("to define it, write `{o}{title}{c}: text`"),
                );
            }
            let element = Element { title: Some(title), title_span, body: NO_BODY, is_reference: !defines };
            return Read { argument, element, body };
        }
        let body = self.body(at, end);
        let span = Span::new(at, end);
        if body.is_empty() {
            self.error(span, "an element without text", "a statement or argument expected here");
        }
        let element = Element { title: None, title_span: span, body: NO_BODY, is_reference: false };
        Read { argument: false, element, body }
    }

    /// The text of an element's body, its tags and its data.
    fn body(&mut self, start: usize, end: usize) -> Body<'t> {
        let text = self.text;
        let b = text.as_bytes();
        let mut out = Text::default();
        // The tags, gathered in a reused vector.
        let mut tags = std::mem::take(&mut self.tags);
        tags.clear();
        let mut data: Option<Node> = None;
        let mut ahead = self.ahead.take();
        let mut i = start;
        while i < end {
            let c = b[i];
            if c == b'\\' && i + 1 < end {
                let ch = text[i + 1..].chars().next().unwrap_or(' ');
                out.push(text, i + 1, ch);
                i += 1 + ch.len_utf8();
                continue;
            }
            if PLAIN[usize::from(c)] {
                // A run of plain characters and of single spaces between
                // them (as they read), copied at once.
                let mut run = i + 1;
                while run < end {
                    if PLAIN[usize::from(b[run])] {
                        run += 1;
                    } else if b[run] == b' ' && run + 1 < end && PLAIN[usize::from(b[run + 1])] {
                        run += 2;
                    } else {
                        break;
                    }
                }
                out.push_run(text, i, run);
                i = run;
                continue;
            }
            let after_space = i == start || b[i - 1].is_ascii_whitespace();
            if c == b'#' && after_space && i + 1 < end {
                if b[i + 1] == b'(' {
                    match text[i + 2..end].find(')') {
                        Some(k) => {
                            let tag = &text[i + 2..i + 2 + k];
                            tags.push(if is_normal(tag) {
                                self.cow(i + 2, i + 2 + k)
                            } else {
                                Cow::Owned(normalize(tag))
                            });
                            i += 3 + k;
                        }
                        None => {
                            self.error(Span::new(i, i + 2), "unterminated tag: `#(` is not closed", "expected `)`");
                            i = end;
                        }
                    }
                    continue;
                }
                let len: usize = text[i + 1..end]
                    .chars()
                    .take_while(|&ch| ch.is_alphanumeric() || ch == '-' || ch == '_')
                    .map(char::len_utf8)
                    .sum();
                if len > 0 {
                    tags.push(self.cow(i + 1, i + 1 + len));
                    i += 1 + len;
                    continue;
                }
            }
            if c == b'{' {
                // Data read ahead by `extent` (found as `data_end` would find
                // its end, read as `yaml` would read it), or read now.
                let found = match ahead.take_if(|a| a.0 == i).or_else(|| self.flow_mapping(i, end)) {
                    Some((_, close, node)) => Some((close, Ok(node))),
                    None => data_end(b, i, end).map(|close| {
                        let inner = &text[i + 1..close];
                        let block = inner.trim_start_matches([' ', '\t']).starts_with(['\n', '\r']);
                        (close, if block { self.yaml(i + 1, close) } else { self.yaml(i, close + 1) })
                    }),
                };
                match found {
                    Some((close, parsed)) => {
                        match parsed {
                            Ok(n) if data.is_none() => data = Some(n),
                            Ok(n) => {
                                self.error(n.span, "a second data element", "one `{...}` per element");
                            }
                            Err(e) => self.error(Span::new(e.at, e.at), format!("data: {}", e.message), "here"),
                        }
                        i = close + 1;
                    }
                    None => {
                        self.error(
                            Span::new(i, i + 1),
                            "unterminated data: `{` is not closed",
                            "expected a matching `}`",
                        );
                        i = end;
                    }
                }
                continue;
            }
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(text, i, ch);
            i += ch.len_utf8();
        }
        let text = match out.owned {
            Some(s) => Cow::Owned(s),
            None => self.cow(out.start, out.end),
        };
        // At their exact size (the reused vector keeps its room).
        let mut exact = Vec::with_capacity(tags.len());
        exact.append(&mut tags);
        self.tags = tags;
        Body { text, tags: exact, data }
    }
}

/// The bytes that read as themselves in an element's text: ASCII, neither
/// white space nor `\\`, `#` or `{`.
static PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        plain[c] = !matches!(b, b'\\' | b'#' | b'{') && !b.is_ascii_whitespace() && b != 0x0b;
        c += 1;
    }
    plain
};

/// An element's text as it is read: runs of white space (line breaks too)
/// as one space, none at either end (as [`normalize`] gives). While it is a
/// piece of the text read as written (`start..end`, words separated by
/// single spaces), nothing is copied.
#[derive(Default)]
struct Text {
    start: usize,
    end: usize,
    /// The text, once it is not a piece of the text read.
    owned: Option<String>,
    /// White space held back until a character follows it.
    space: bool,
}

impl Text {
    /// The character `ch` at `at` in `text`.
    fn push(&mut self, text: &str, at: usize, ch: char) {
        if ch.is_whitespace() {
            self.space = self.end > self.start || self.owned.as_ref().is_some_and(|s| !s.is_empty());
        } else {
            self.push_run(text, at, at + ch.len_utf8());
        }
    }
    /// Characters without white space at `from..to` of `text`.
    fn push_run(&mut self, text: &str, from: usize, to: usize) {
        let space = std::mem::take(&mut self.space);
        if let Some(s) = &mut self.owned {
            if space {
                s.push(' ');
            }
            s.push_str(&text[from..to]);
        } else if self.start == self.end {
            (self.start, self.end) = (from, to);
        } else if (!space && self.end == from) || (space && self.end + 1 == from && text.as_bytes()[self.end] == b' ') {
            self.end = to;
        } else {
            let mut s = String::with_capacity(self.end - self.start + 1 + to - from);
            s.push_str(&text[self.start..self.end]);
            if space {
                s.push(' ');
            }
            s.push_str(&text[from..to]);
            self.owned = Some(s);
        }
    }
}

/// Whether `c` is a byte that is a whole character and not white space (as
/// [`char::is_whitespace`] tells it).
fn unspaced(c: u8) -> bool {
    c.is_ascii() && !char::from(c).is_whitespace()
}

/// The length of the white space starting `s` (as [`str::trim_start`] finds
/// it), told by its first byte when that is ASCII (as most are).
fn leading_space(s: &str) -> usize {
    match s.as_bytes().first() {
        Some(&c) if unspaced(c) => 0,
        _ => s.len() - s.trim_start().len(),
    }
}

/// The bounds of `text[start..end]` trimmed of white space at both ends (as
/// [`str::trim`] trims it), told by its end bytes when they are ASCII.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    if start < end && unspaced(b[start]) && unspaced(b[end - 1]) {
        return (start, end);
    }
    let raw = &text[start..end];
    let from = start + leading_space(raw);
    (from, from + raw.trim().len())
}

/// `text[start..end]`, borrowed from the file's text `orig` when that is `text`.
#[inline(always)]
fn cow<'t>(orig: Option<&'t str>, text: &str, start: usize, end: usize) -> Cow<'t, str> {
    match orig {
        Some(o) => Cow::Borrowed(&o[start..end]),
        None => Cow::Owned(text[start..end].to_string()),
    }
}

/// Whether text is as [`normalize`] gives it.
fn is_normal(s: &str) -> bool {
    !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") && s.chars().all(|c| c == ' ' || !c.is_whitespace())
}

/// Runs of white space (line breaks too) as one space, trimmed.
pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `{` minus `}` on a line (quoted text skipped).
fn braces(line: &str) -> i64 {
    let b = line.as_bytes();
    let mut n = 0i64;
    let mut quote: Option<u8> = None;
    // Without braces there is nothing to count (by fast searches: most lines have none).
    if !b.contains(&b'{') && !b.contains(&b'}') {
        return 0;
    }
    // Nothing counts before the first `\`, `{` or `}` (no quote opens outside braces).
    let Some(mut i) = b.iter().position(|&c| matches!(c, b'\\' | b'{' | b'}')) else { return 0 };
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'\\' => i += 1,
                b'"' | b'\'' if n > 0 && yaml::opens_quote(&b[..i]) => quote = Some(c),
                b'{' => n += 1,
                b'}' => n -= 1,
                _ => {}
            },
        }
        i += 1;
    }
    n
}

/// The offset of the `}` closing the `{` at `open`, before `end`.
fn data_end(b: &[u8], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quotes = yaml::Quotes::default();
    let mut i = open;
    while i < end {
        i = open + yaml::next_significant(&b[open..end], i - open);
        if i == end {
            break;
        }
        let (c, next) = quotes.step(&b[open..end], i - open);
        match c {
            Some(b'{') => depth += 1,
            Some(b'}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i = open + next;
    }
    None
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{
        Kind, Parser, Text, blank_all_comments, braces, classify, data_end, first_of_three, heading, inference_line,
        is_normal, leading_space, line_spans, list_item, may_have_comments, normalize, pcs_number, relation_symbol,
        trimmed, yaml,
    };
    use crate::formats::Problems;

    /// `f` on 20,000 random lines of fewer than `most` pieces each, with a
    /// parser of the line.
    fn on_random_lines(seed: u64, pieces: &[&str], most: usize, mut f: impl FnMut(&str, &mut Parser<'_, '_, '_>)) {
        let mut next = crate::formats::argdown::picker(seed);
        for _ in 0..20_000 {
            let line: String = (0..next(most)).map(|_| pieces[next(pieces.len())]).collect();
            let text = format!("{line}\n");
            let mut problems = Problems::default();
            f(&line, &mut Parser::new(&text, Some(&text), &mut problems));
        }
    }

    /// The spans of the lines are those of [`crate::formats::lines`], on
    /// texts of every kind of line end, bytes next to a line feed and
    /// characters of several bytes, at every offset in a word.
    #[test]
    fn line_spans_are_the_lines() {
        const PIECES: [&str; 12] =
            ["a", "word ", "\n", "\r\n", "\r", "\r\r\n", "\u{b}", "\u{c}", "\u{8a}", "é", "\n\n", "\t"];
        let mut next = crate::formats::argdown::picker(0x9e37_79b9_7f4a_7c15);
        let mut lines_seen = 0;
        for _ in 0..5_000 {
            let text: String = (0..next(24)).map(|_| PIECES[next(PIECES.len())]).collect();
            let want: Vec<(usize, usize)> = crate::formats::lines(&text).map(|(at, l)| (at, at + l.len())).collect();
            assert_eq!(line_spans(&text), want, "{text:?}");
            lines_seen += want.len();
        }
        assert!(lines_seen > 10_000, "{lines_seen} lines");
    }

    /// A line's kind is what the main loop tried in turn made of it (blank by
    /// `trim`, then an inference, a premise or conclusion, a relation, a
    /// heading, a list item), and it is structural when the test of the line
    /// after an element (empty after spaces and tabs, or any of those) says
    /// so: on lines of pieces that start or nearly start each kind.
    #[test]
    fn a_line_is_classified_as_each_test_in_turn_finds_it() {
        const PIECES: [&str; 28] = [
            " ", "\t", "\u{a0}", "\u{b}", "\r", "-", "--", "----", "+", ">", "<", "_", "+>", "->", "<-", "><", "(",
            ")", "12", "1.", "*", "#", "## ", "[a]", "x", "é", " y", ".",
        ];
        let mut kinds = std::collections::BTreeSet::new();
        let mut next = crate::formats::argdown::picker(0x3c6e_f372_fe94_f82b);
        for _ in 0..40_000 {
            let line: String = (0..next(6)).map(|_| PIECES[next(PIECES.len())]).collect();
            let rest = line.trim_start_matches([' ', '\t']);
            let ind = line.len() - rest.len();
            let want = if line.trim().is_empty() {
                if rest.is_empty() { Kind::Empty } else { Kind::Blank }
            } else if let Some(h) = inference_line(rest) {
                Kind::Inference(h)
            } else if let Some((n, len)) = pcs_number(rest) {
                Kind::Pcs(n, len)
            } else if let Some((s, out, len)) = relation_symbol(rest) {
                Kind::Relation(s, out, len)
            } else if ind == 0
                && let Some(level) = heading(&line)
            {
                Kind::Heading(level)
            } else if let Some(len) = list_item(rest) {
                Kind::ListItem(len)
            } else {
                Kind::Text
            };
            let structural = rest.is_empty()
                || relation_symbol(rest).is_some()
                || inference_line(rest).is_some()
                || pcs_number(rest).is_some()
                || list_item(rest).is_some()
                || heading(&line).is_some();
            let (got_ind, got) = classify(&line);
            assert_eq!((got_ind, got), (ind, want), "{line:?}");
            assert_eq!(got.structural(), structural, "{line:?}");
            kinds.insert(format!("{got:?}").split('(').next().map(str::to_string));
        }
        assert_eq!(kinds.len(), 8, "{kinds:?}");
    }

    /// The first of three bytes found eight at a time is the first found one
    /// at a time, at every offset and length.
    #[test]
    fn first_of_three_is_the_first_position() {
        const PIECES: [&str; 8] = ["a", "\\", "{", "}", "é", "\u{80}", "zzzzzzz", "\u{ff}"];
        let mut next = crate::formats::argdown::picker(0xa54f_f53a_5f1d_36f1);
        let (mut found, mut none) = (0, 0);
        for _ in 0..20_000 {
            let s: String = (0..next(12)).map(|_| PIECES[next(PIECES.len())]).collect();
            let set = [b'\\', b'{', b'}'];
            let want = s.bytes().position(|c| set.contains(&c));
            assert_eq!(first_of_three(s.as_bytes(), set), want, "{s:?}");
            if want.is_some() { found += 1 } else { none += 1 }
        }
        assert!(found > 5_000 && none > 1_000, "{found} found, {none} not");
    }

    /// The relation symbol told by two bytes is the first of the symbols,
    /// tried in turn, that starts the text and is followed by white space
    /// or nothing.
    #[test]
    fn relation_symbols_are_told_by_two_bytes() {
        use super::Symbol;
        const SYMBOLS: [(&str, Symbol, bool); 10] = [
            ("+>", Symbol::Support, false),
            ("->", Symbol::Attack, false),
            ("><", Symbol::Contradiction, true),
            ("_>", Symbol::Undercut, false),
            ("<+", Symbol::Support, true),
            ("<-", Symbol::Attack, true),
            ("<_", Symbol::Undercut, true),
            ("+", Symbol::Support, true),
            ("-", Symbol::Attack, true),
            ("_", Symbol::Undercut, true),
        ];
        const PIECES: [&str; 12] = ["+", "-", "_", "<", ">", " ", "\t", "x", "é", "\u{a0}", "[a]", "\n"];
        let mut next = crate::formats::argdown::picker(0x1f83_d9ab_fb41_bd6b);
        let (mut found, mut none) = (0, 0);
        for _ in 0..20_000 {
            let s: String = (0..next(5)).map(|_| PIECES[next(PIECES.len())]).collect();
            let want = SYMBOLS.iter().find_map(|&(sym, symbol, out)| {
                let after = s.strip_prefix(sym)?;
                (after.is_empty() || after.starts_with([' ', '\t'])).then_some((symbol, out, sym.len()))
            });
            assert_eq!(relation_symbol(&s), want, "{s:?}");
            if want.is_some() { found += 1 } else { none += 1 }
        }
        assert!(found > 1_000 && none > 5_000, "{found} found, {none} not");
    }

    /// White space found by a look at the end bytes is what `trim_start`
    /// and `trim` find, on strings of ASCII and other white space and text.
    #[test]
    fn trimming_by_the_end_bytes_is_trimming() {
        const PIECES: [&str; 12] =
            ["a", " ", "\t", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{2003}", "é", "x y", "\u{85}", "\u{1c}"];
        let mut next = crate::formats::argdown::picker(0xa54f_f53a_5f1d_36f1);
        let (mut kept, mut cut) = (0, 0);
        for _ in 0..20_000 {
            let s: String = (0..next(6)).map(|_| PIECES[next(PIECES.len())]).collect();
            assert_eq!(leading_space(&s), s.len() - s.trim_start().len(), "{s:?}");
            let text = format!("[{s}]");
            let (from, to) = trimmed(&text, 1, text.len() - 1);
            assert_eq!(&text[from..to], s.trim(), "{s:?}");
            if s.trim().len() == s.len() { kept += 1 } else { cut += 1 }
        }
        assert!(kept > 2_000 && cut > 5_000, "{kept} kept whole, {cut} trimmed");
    }

    /// A line whose data the fast flow reader reads at once has balanced
    /// braces, and that reading is the one `body` makes without it: the
    /// closing brace of `data_end`, the node of `yaml::parse` (on lines made
    /// of pieces near the edges: quotes, escapes, braces in text and in
    /// quotes, several data, tags).
    #[test]
    fn data_read_ahead_is_data_read_in_place() {
        const PIECES: [&str; 24] = [
            "[a]: ",
            "text ",
            "{",
            "}",
            "{k: v}",
            "{k: \"x}\"}",
            "{k: 'it''s'}",
            "{a: [b, {c: d}]}",
            "\\",
            "\\{",
            "'",
            "\"",
            " #t",
            " #(a{b)",
            "{k: \"{{\"}",
            "}",
            ", ",
            ": ",
            "x",
            "{k: v, k: w}",
            "{k:v}",
            " ",
            "é",
            "{s: \"a\\\"b\"}",
        ];
        let (mut ahead, mut not) = (0, 0);
        on_random_lines(0x2f8e_1d3c_5b7a_9e01, &PIECES, 7, |line, p| {
            let balance = p.first_line_braces(0);
            assert_eq!(balance, braces(line), "{line:?}");
            let text = p.text;
            match p.ahead.take() {
                Some((open, close, node)) => {
                    ahead += 1;
                    assert_eq!(data_end(text.as_bytes(), open, line.len()), Some(close), "{line:?}");
                    assert_eq!(yaml::parse(&text[open..close + 1], open).ok(), Some(node), "{line:?}");
                }
                None => not += 1,
            }
        });
        assert!(ahead > 1_000 && not > 10_000, "{ahead} read ahead, {not} not");
    }

    /// An element's text without tags, data or escapes is the text read
    /// with its white space folded (as [`normalize`] gives it), borrowed
    /// from the file while it is written so: on lines of words, single and
    /// other spaces, and characters of several bytes.
    #[test]
    fn body_text_is_the_text_normalized() {
        const PIECES: [&str; 14] =
            ["a", "word", "x.y", ",", " ", " ", "  ", "\t", "\r", "é", "\u{a0}", "\u{b}", "\u{1c}", "a#b"];
        let (mut borrowed, mut owned) = (0, 0);
        on_random_lines(0x6a09_e667_f3bc_c908, &PIECES, 10, |line, p| {
            let body = p.body(0, line.len());
            assert_eq!(body.text, normalize(line), "{line:?}");
            assert!(body.tags.is_empty() && body.data.is_none() && p.problems.total == 0, "{line:?}");
            match body.text {
                Cow::Borrowed(_) => borrowed += 1,
                Cow::Owned(_) => owned += 1,
            }
        });
        assert!(borrowed > 5_000 && owned > 1_000, "{borrowed} borrowed, {owned} owned");
    }

    /// Text in which the quick search finds no comment opener has nothing
    /// blanked, and no problem, by the whole scan either.
    #[test]
    fn text_without_comment_openers_needs_no_scan() {
        const PIECES: [&str; 16] =
            ["//", "/*", "*/", "<!--", "-->", "{", "}", "\\", "a b", ":", "\"", "'", "\n", "/", "<", "!"];
        let mut next = crate::formats::argdown::picker(0x5851_f42d_4c95_7f2d);
        let (mut skipped, mut scanned) = (0, 0);
        for _ in 0..20_000 {
            let text: String = (0..next(8)).map(|_| PIECES[next(PIECES.len())]).collect();
            let mut problems = Problems::default();
            let blanked = blank_all_comments(&text, 0, &mut problems);
            if may_have_comments(&text) {
                scanned += 1;
            } else {
                skipped += 1;
                assert!(matches!(blanked, Cow::Borrowed(_)) && problems.total == 0, "{text:?}");
            }
        }
        assert!(skipped > 1_000 && scanned > 1_000, "{skipped} skipped, {scanned} scanned");
    }

    /// Text folded as it is read equals [`normalize`] of the text read whole,
    /// on strings made of plain runs and every kind of white space.
    #[test]
    fn text_folds_white_space_as_normalize() {
        const PIECES: [&str; 12] =
            ["a", "word", " ", "  ", "\t", "\n", "\r\n", "\u{b}", "\u{a0}", "\u{2003}", "é", "\u{1c}"];
        let mut next = crate::formats::argdown::picker(0x2545_f491_4f6c_dd1d);
        let (mut empty, mut borrowed) = (0, 0);
        for _ in 0..5_000 {
            let mut whole = String::new();
            let mut text = Text::default();
            for _ in 0..next(9) {
                let piece = PIECES[next(PIECES.len())];
                let at = whole.len();
                whole.push_str(piece);
                if piece.bytes().all(|c| c.is_ascii_alphanumeric()) {
                    text.push_run(&whole, at, whole.len());
                } else {
                    piece.char_indices().for_each(|(k, c)| text.push(&whole, at + k, c));
                }
            }
            let read = match &text.owned {
                Some(s) => s.as_str(),
                None => {
                    borrowed += 1;
                    &whole[text.start..text.end]
                }
            };
            assert_eq!(read, normalize(&whole), "{whole:?}");
            assert_eq!(is_normal(&whole), whole == normalize(&whole), "{whole:?}");
            empty += usize::from(read.is_empty());
        }
        // Texts of words, of white space alone, and nothing at all were all
        // tried; many were read without a copy, not all.
        assert!(empty > 100 && empty < 4_000, "{empty} empty texts");
        assert!(borrowed > empty + 100 && borrowed < 4_900, "{borrowed} texts borrowed");
    }
}
