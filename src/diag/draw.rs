//! The drawing of a rustc-style message: what [`super::render_named`] asks
//! for, as a [`Plan`], drawn by a renderer of our own in the cases elenchus
//! emits (labels within one source line, long lines cut to the terminal's
//! width; a label over several lines alone in its snippet, starting after
//! indentation only, its lines drawn whole), with the same bytes as
//! `annotate-snippets`, which draws every other case (several labels in a
//! snippet one of which spans lines, text before such a label's start,
//! lines of such a snippet cut or unindented, a position without source
//! lines). Unit tests compare the two on random plans of every kind.

use std::borrow::Cow;

use super::Level;

/// The width of the terminal `annotate-snippets` lays lines out for.
const TERM_WIDTH: usize = 140;

/// One message to draw: the title, the labelled snippets of one file, the
/// footers.
#[derive(Clone, Debug)]
pub(crate) struct Plan<'a> {
    pub level: Level,
    /// A name shown in place of the level's (in the level's colours).
    pub title: Option<&'a str>,
    pub code: &'a str,
    pub message: &'a str,
    /// Whether `message` is known to be printable ASCII (looked at once,
    /// when it was made terminal-safe); `false` when not known.
    pub message_ascii: bool,
    pub path: &'a str,
    pub parts: Vec<Part<'a>>,
    /// Each footer, with whether its text is known to be printable ASCII.
    pub footers: Vec<(Foot<'a>, Cow<'a, str>, bool)>,
}

/// A part of a message's body, in order.
#[derive(Clone, Debug)]
pub(crate) enum Part<'a> {
    /// Source lines (the lines `line_start..` of the file, `text`) with
    /// their labels, and the lines of `text` if they are known (as
    /// [`lines_at`] finds them; empty: cut here).
    Snippet { text: &'a str, line_start: usize, marks: Vec<Mark<'a>>, lines: Vec<Line<'a>> },
    /// A position without source lines (`path`, `path:line:column`).
    Origin(Option<(usize, usize)>),
}

/// A labelled span of a snippet (byte offsets into its text).
#[derive(Clone, Debug)]
pub(crate) struct Mark<'a> {
    pub start: usize,
    pub end: usize,
    pub primary: bool,
    pub label: &'a str,
    /// Whether `label` is known to be printable ASCII (`false`: not known).
    pub ascii: bool,
}

/// The kind of a footer line.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Foot<'a> {
    Help,
    Note,
    Named(&'a str),
}

impl Foot<'_> {
    fn name(&self) -> &str {
        match self {
            Foot::Help => "help",
            Foot::Note => "note",
            Foot::Named(n) => n,
        }
    }
}

/// Draw `plan` with `annotate-snippets` (without the two blank lines after it).
pub(crate) fn with_annotate_snippets(plan: &Plan<'_>, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level as ALevel, Origin, Renderer, Snippet};
    let alevel = match plan.level {
        Level::Error => ALevel::ERROR,
        Level::Warning => ALevel::WARNING,
        Level::Note => ALevel::NOTE,
    };
    let alevel = match plan.title {
        Some(n) => alevel.with_name(n),
        None => alevel,
    };
    let mut group = Group::with_title(alevel.primary_title(plan.message).id(plan.code));
    for part in &plan.parts {
        group = match part {
            Part::Snippet { text, line_start, marks, .. } => {
                let mut snippet = Snippet::source(*text).line_start(*line_start).path(plan.path).fold(true);
                for m in marks {
                    let kind = if m.primary { AnnotationKind::Primary } else { AnnotationKind::Context };
                    snippet = snippet.annotation(kind.span(m.start..m.end).label(m.label));
                }
                group.element(snippet)
            }
            Part::Origin(Some((line, column))) => {
                group.element(Origin::path(plan.path).line(*line).char_column(*column))
            }
            Part::Origin(None) => group.element(Origin::path(plan.path)),
        };
    }
    for (f, t, _) in &plan.footers {
        let message = t.as_ref();
        group = match f {
            Foot::Help => group.element(ALevel::HELP.message(message)),
            Foot::Note => group.element(ALevel::NOTE.message(message)),
            Foot::Named(n) => group.element(ALevel::NOTE.with_name(*n).message(message)),
        };
    }
    let groups: [Group<'_>; 1] = [group];
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    renderer.render(&groups)
}

/// Draw `plan` at the end of `text` (without the two blank lines after it):
/// by our own renderer where it covers the plan, else by `annotate-snippets`.
pub(crate) fn draw_into(plan: &Plan<'_>, color: bool, text: &mut String, bufs: &mut Bufs) {
    if own_into(plan, color, text, bufs) {
        return;
    }
    // The footers are drawn alike whatever the snippets above them: only
    // the snippets are left to `annotate-snippets`, which takes time for
    // every character it draws, and the footers (a long chain) are ours.
    match gutter_width(plan) {
        Some(w) if !plan.footers.is_empty() => {
            let bare = Plan { footers: Vec::new(), ..plan.clone() };
            text.push_str(&with_annotate_snippets(&bare, color));
            text.push('\n');
            let pal = Palette::new(color, plan.level);
            let mut buf = String::new();
            let bars = Bars::new(&mut buf, w, pal.blue);
            let mut out = Out { text, current: PLAIN, bars };
            write_footers(&mut out, w, &pal, &plan.footers);
            out.text.pop();
        }
        _ => text.push_str(&with_annotate_snippets(plan, color)),
    }
}

// ---- Styles: the ANSI sequences `annotate-snippets` writes (anstyle's rendering).

const PLAIN: &str = "";
const BOLD_BRIGHT_RED: &str = "\x1b[1m\x1b[91m";
const BOLD_YELLOW: &str = if cfg!(windows) { "\x1b[1m\x1b[93m" } else { "\x1b[1m\x1b[33m" };
const BOLD_BRIGHT_GREEN: &str = "\x1b[1m\x1b[92m";
const BOLD_BLUE: &str = if cfg!(windows) { "\x1b[1m\x1b[96m" } else { "\x1b[1m\x1b[94m" };
const EMPHASIS: &str = if cfg!(windows) { "\x1b[1m\x1b[97m" } else { "\x1b[1m" };
const RESET: &str = "\x1b[0m";

/// The styles of one message.
#[derive(Clone, Copy)]
struct Palette {
    /// The message's level (title, primary underlines and labels).
    level: &'static str,
    /// Line numbers, separators, secondary underlines and labels.
    blue: &'static str,
    /// The title's message and footer names.
    emphasis: &'static str,
}

impl Palette {
    fn new(color: bool, level: Level) -> Self {
        if !color {
            return Palette { level: PLAIN, blue: PLAIN, emphasis: PLAIN };
        }
        let level = match level {
            Level::Error => BOLD_BRIGHT_RED,
            Level::Warning => BOLD_YELLOW,
            Level::Note => BOLD_BRIGHT_GREEN,
        };
        Palette { level, blue: BOLD_BLUE, emphasis: EMPHASIS }
    }
}

const SPACES: &str = "                                                                ";
const CARETS: &str = "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";
const DASHES: &str = "----------------------------------------------------------------";
const UNDERSCORES: &str = "________________________________________________________________";

/// Text written line by line with styles, as `annotate-snippets` writes its
/// buffer: a style's sequence where it changes, its reset before the next
/// and at the end of each line.
struct Out<'t> {
    text: &'t mut String,
    current: &'static str,
    bars: Bars<'t>,
}

/// The starts of a message's rows in the gutter, as [`Out`] writes them at
/// a line's start: `{w + 1 spaces}|` and `{w + 1 spaces}= ` (the gutter's
/// width `w`), written once per message and copied to each row; and the
/// style they leave current.
#[derive(Clone, Copy)]
struct Bars<'b> {
    bar: &'b str,
    eq: &'b str,
    style: &'static str,
}

impl<'b> Bars<'b> {
    fn new(buf: &'b mut String, w: usize, blue: &'static str) -> Bars<'b> {
        buf.clear();
        let mut out = Out { text: &mut *buf, current: PLAIN, bars: Bars { bar: "", eq: "", style: PLAIN } };
        out.spaces(w + 1);
        out.put(blue, "|");
        let split = out.text.len();
        out.current = PLAIN;
        out.spaces(w + 1);
        out.put(blue, "= ");
        let style = out.current;
        let buf: &'b String = buf;
        let (bar, eq) = buf.split_at(split);
        Bars { bar, eq, style }
    }
}

// The writing of short pieces is inlined: most are constants, copied
// without a call.
impl Out<'_> {
    /// Switch to `style` (nothing when it is the current one: the styles
    /// are constants, so most comparisons are of the same pointer).
    #[inline]
    fn style(&mut self, style: &'static str) {
        if !std::ptr::eq(style, self.current) && style != self.current {
            if !self.current.is_empty() {
                self.text.push_str(RESET);
            }
            self.text.push_str(style);
            self.current = style;
        }
    }
    #[inline]
    fn put(&mut self, style: &'static str, s: &str) {
        if s.is_empty() {
            return;
        }
        self.style(style);
        self.text.push_str(s);
    }
    /// `c`, `n` times (nothing, no style change, for none).
    #[inline(always)]
    fn repeat(&mut self, style: &'static str, c: char, n: usize) {
        if n == 0 {
            return;
        }
        self.style(style);
        // The characters repeated are ASCII: copied from a line of them.
        let line = match c {
            ' ' => SPACES,
            '^' => CARETS,
            '-' => DASHES,
            '_' => UNDERSCORES,
            _ => return self.text.extend(std::iter::repeat_n(c, n)),
        };
        if n <= 32 {
            // A copy of 32 (a constant length: no call), cut back to `n`.
            let len = self.text.len();
            self.text.push_str(&line[..32]);
            self.text.truncate(len + n);
        } else {
            self.repeat_long(line, n);
        }
    }
    /// `n` characters of `line` (a line of one character), many.
    #[inline(never)]
    fn repeat_long(&mut self, line: &str, n: usize) {
        let mut n = n;
        while n > 0 {
            let k = n.min(line.len());
            self.text.push_str(&line[..k]);
            n -= k;
        }
    }
    #[inline]
    fn spaces(&mut self, n: usize) {
        self.repeat(PLAIN, ' ', n);
    }
    #[inline]
    fn end_line(&mut self) {
        if !self.current.is_empty() {
            self.text.push_str(RESET);
        }
        self.current = PLAIN;
        self.text.push('\n');
    }
    /// At a line's start: `{w + 1 spaces}|`.
    #[inline]
    fn bar(&mut self) {
        debug_assert!(self.current.is_empty());
        self.text.push_str(self.bars.bar);
        self.current = self.bars.style;
    }
    /// At a line's start: `{w + 1 spaces}= `.
    #[inline]
    fn bar_eq(&mut self) {
        debug_assert!(self.current.is_empty());
        self.text.push_str(self.bars.eq);
        self.current = self.bars.style;
    }
    /// A separator line: `{w + 1 spaces}|`.
    fn separator(&mut self) {
        self.bar();
        self.end_line();
    }
}

/// The display width `annotate-snippets` gives a character.
#[inline]
fn char_width(c: char) -> usize {
    // Printable ASCII (most characters of most lines): a column each.
    if (' '..'\u{7F}').contains(&c) {
        return 1;
    }
    match c {
        '\t' => 4,
        '\0'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => 1,
        _ => unicode_width::UnicodeWidthChar::width(c).unwrap_or(1),
    }
}

use super::printable_ascii;

fn str_width(s: &str) -> usize {
    if printable_ascii(s) {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// Control characters as their pictures, tabs as four spaces, zero-width
/// joiners dropped, bidirectional controls as U+FFFD (`annotate-snippets`'
/// replacements in source lines and titles).
fn normalize(s: &str) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '\0'..='\u{1F}' | '\u{7F}' | '\u{200D}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if printable_ascii(s) || !s.chars().any(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            '\0'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            '\u{200D}' => {}
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A line of a snippet: its text (without the line ending), its first byte
/// and the byte after its line ending, and whether it is printable ASCII
/// (a column per byte, nothing to replace: most lines, looked at once).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    ending: usize,
    ascii: bool,
}

impl<'a> Line<'a> {
    fn new(text: &'a str, start: usize, end: usize, ending: usize) -> Self {
        Line { text, start, end, ending, ascii: printable_ascii(text) }
    }
    /// A line whose text is known to be printable ASCII or not.
    fn known(text: &'a str, start: usize, end: usize, ending: usize, ascii: bool) -> Self {
        Line { text, start, end, ending, ascii }
    }
    /// The display width of the line.
    fn width(&self) -> usize {
        if self.ascii { self.text.len() } else { str_width(self.text) }
    }
    /// The characters and display columns of the line's first `cut` bytes,
    /// or `None` off a character boundary.
    fn widths_to(&self, cut: usize) -> Option<(usize, usize)> {
        if self.ascii {
            return (cut <= self.text.len()).then_some((cut, cut));
        }
        Some(widths(self.text.get(..cut)?))
    }
    /// [`leading`] of the line.
    fn leading(&self) -> Option<usize> {
        if self.ascii {
            // The only whitespace of printable ASCII is the space.
            return self.text.bytes().position(|b| b != b' ');
        }
        leading(self.text)
    }
}

/// The lines of a snippet's text as `annotate-snippets` cuts them (`\n` and
/// `\r\n` endings; no line after a final ending; one empty line for no text).
#[cfg(test)]
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    lines_into(text, &mut out);
    out
}

/// [`lines`], into `out`.
fn lines_into<'a>(text: &'a str, out: &mut Vec<Line<'a>>) {
    if text.is_empty() {
        out.push(Line::new("", 0, 0, 0));
        return;
    }
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        match newline(rest.as_bytes()) {
            Some(x) => {
                let crlf = x > 0 && rest.as_bytes()[x - 1] == b'\r';
                let len = if crlf { x - 1 } else { x };
                let ending = if crlf { 2 } else { 1 };
                out.push(Line::new(&rest[..len], at, at + len + ending, ending));
                at += x + 1;
            }
            None => {
                out.push(Line::new(rest, at, text.len(), 0));
                at = text.len();
            }
        }
    }
}

/// [`lines_into`] for a `text` whose lines are known: it starts at a line's
/// start, `base`, and its lines (up to its end, which is not in a line
/// ending) start at `starts` (offsets from `base` on, the first `base`);
/// whether a line is printable ASCII is `ascii(k, text)` for the `k`th.
/// The file's index of lines gives them: no byte is looked at for line
/// feeds, and a line's text is looked at once (by `ascii`) however many
/// messages show it.
pub(crate) fn lines_at<'a>(
    text: &'a str,
    base: usize,
    starts: &[usize],
    mut ascii: impl FnMut(usize, &str) -> bool,
    out: &mut Vec<Line<'a>>,
) {
    if text.is_empty() {
        out.push(Line::new("", 0, 0, 0));
        return;
    }
    let bytes = text.as_bytes();
    for (k, &s) in starts.iter().enumerate() {
        let at = s - base;
        match starts.get(k + 1) {
            Some(&next) => {
                // Ended by the line feed before the next line.
                let x = next - base - 1;
                let crlf = x > at && bytes[x - 1] == b'\r';
                let len = x - at - usize::from(crlf);
                let t = &text[at..at + len];
                out.push(Line::known(t, at, x + 1, 1 + usize::from(crlf), ascii(k, t)));
            }
            // No line after a final ending.
            None if at < text.len() => {
                let t = &text[at..];
                out.push(Line::known(t, at, text.len(), 0, ascii(k, t)));
            }
            None => {}
        }
    }
}

/// Whether `s` has a line feed (looked for 32 bytes at a time).
fn has_newline(s: &str) -> bool {
    !super::all_bytes(s.as_bytes(), |b| b != b'\n')
}

/// Where the first line feed of `bytes` is: found by blocks of 32 bytes
/// looked at without a branch per byte, then in its block.
fn newline(bytes: &[u8]) -> Option<usize> {
    let (blocks, _) = bytes.as_chunks::<32>();
    let at = 32 * blocks.iter().take_while(|b| b.iter().fold(true, |none, &x| none & (x != b'\n'))).count();
    bytes[at..].iter().position(|&x| x == b'\n').map(|i| at + i)
}

/// `v`, emptied, as a vector of a type of the same layout (such as the same
/// type borrowing for another lifetime), its allocation kept: collected in
/// place, so that buffers of borrowed items serve one message after another.
pub(crate) fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("emptied")).collect()
}

/// A buffer from `pool`, or a new one.
fn reuse<T, U>(pool: &mut Vec<Vec<T>>) -> Vec<U> {
    pool.pop().map(recycle).unwrap_or_default()
}

/// Buffers of the drawing of a message, kept from one message to the next
/// (their allocations only: what they hold borrows each message's text).
#[derive(Default)]
pub(crate) struct Bufs {
    lines: Vec<Vec<Line<'static>>>,
    anns: Vec<Vec<Ann<'static>>>,
    snippets: Vec<Laid<'static>>,
    margins: Vec<(Margin, bool)>,
    /// The gutter's bars of a message ([`Bars`]).
    bar: String,
}

impl Bufs {
    /// Keep the buffers of `snippets` for the next message.
    fn keep(&mut self, mut snippets: Vec<Laid<'_>>) {
        for s in snippets.drain(..) {
            self.lines.push(recycle(s.lines));
            self.anns.push(recycle(s.anns));
        }
        self.snippets = recycle(snippets);
    }
}

/// A position in a snippet: line (index into its lines), character and display column.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Loc {
    line: usize,
    char: usize,
    display: usize,
}

fn widths(s: &str) -> (usize, usize) {
    if printable_ascii(s) {
        return (s.len(), s.len());
    }
    s.chars().fold((0, 0), |(c, d), ch| (c + 1, d + char_width(ch)))
}

/// Where a span starts and ends (`annotate-snippets`' `span_to_locations`),
/// or `None` where that would not be on a character boundary.
fn locations(lines: &[Line<'_>], text: &str, start: usize, end: usize) -> Option<(Loc, Loc)> {
    let find = |at: usize| lines.iter().position(|l| at >= l.start && at < l.end).unwrap_or(lines.len() - 1);
    let loc = |at: usize, i: usize| -> Option<(usize, usize)> {
        let l = &lines[i];
        l.widths_to(at.checked_sub(l.start)?.min(l.text.len()))
    };
    if !text.is_char_boundary(start.min(text.len())) || !text.is_char_boundary(end.min(text.len())) {
        return None;
    }
    let si = find(start);
    let (mut char, display) = loc(start, si)?;
    if start.checked_sub(lines[si].start)? > lines[si].text.len() {
        char += 1;
    }
    let lo = Loc { line: si, char, display };
    if start == end {
        return Some((lo, lo));
    }
    let ei = find(end);
    let (char, display) = loc(end, ei)?;
    let mut hi = Loc { line: ei, char, display };
    if lo.line != hi.line && end > lines[ei].end - lines[ei].ending {
        hi.char += 1;
        hi.display += 1;
    }
    Some((lo, hi))
}

/// A label laid out on a line: where it starts and ends, primary or not, its
/// text, and whether that is printable ASCII (looked at once, here).
#[derive(Clone, Copy, Debug)]
struct Ann<'a> {
    lo: Loc,
    hi: Loc,
    primary: bool,
    label: &'a str,
    ascii: bool,
}

impl<'a> Ann<'a> {
    /// A label, `ascii` when it is known to be printable ASCII (else looked at).
    fn new(lo: Loc, hi: Loc, primary: bool, label: &'a str, ascii: bool) -> Ann<'a> {
        Ann { lo, hi, primary, label, ascii: ascii || printable_ascii(label) }
    }
    /// The display width of the label.
    fn width(&self) -> usize {
        if self.ascii { self.label.len() } else { str_width(self.label) }
    }
}

/// A snippet laid out: its lines and its labels, in line order (the
/// labels of a line in the order given).
struct Laid<'a> {
    lines: Vec<Line<'a>>,
    line_start: usize,
    anns: Vec<Ann<'a>>,
    /// The snippet's one label over several lines, if it is one.
    multi: Option<Multi<'a>>,
}

impl<'a> Laid<'a> {
    /// The lines labelled, each with its labels.
    fn rows(&self) -> impl Iterator<Item = (usize, &[Ann<'a>])> {
        self.anns.chunk_by(|a, b| a.lo.line == b.lo.line).map(|r| (r[0].lo.line, r))
    }
}

/// A label over several lines, alone in its snippet, starting after
/// nothing but whitespace on its first line (drawn `/` on that line, `|`
/// on the lines after it, `|__^ label` under its last line).
struct Multi<'a> {
    hi: Loc,
    primary: bool,
    label: &'a str,
    /// The lines shown, in order: the first, up to three after it, the
    /// line before the last (unless blank), the last.
    shown: Shown,
    /// The labels of the span, in order: `annotate-snippets` draws the last
    /// over the lines, and each other as a label of the span's last
    /// character (primary when it or one before it is).
    marks: &'a [Mark<'a>],
}

impl<'a> Multi<'a> {
    /// The labels of the span but the last (primary or not, text).
    fn same(&self) -> impl Iterator<Item = (bool, &'a str)> {
        let mut primary = false;
        self.marks[..self.marks.len() - 1].iter().map(move |m| {
            primary |= m.primary;
            (primary, m.label)
        })
    }
}

/// The lines a label over several lines shows (six at most).
#[derive(Clone, Copy)]
struct Shown {
    at: [usize; 6],
    n: usize,
}

impl Shown {
    fn push(&mut self, line: usize) {
        self.at[self.n] = line;
        self.n += 1;
    }
    fn as_slice(&self) -> &[usize] {
        &self.at[..self.n]
    }
}

/// Whether `annotate-snippets` shows a line inside a label over several
/// lines (not blank, not a comment, not a lone bracket).
fn telling(s: &str) -> bool {
    let s = s.trim();
    !(s.starts_with("//") && !(s.starts_with("///") || s.starts_with("//!")))
        && !["", "{", "}", "(", ")", "[", "]"].contains(&s)
}

/// Lay out a label over several lines, or `None` for a shape left to
/// `annotate-snippets` (other labels in the snippet, text before its start).
fn lay_out_multi<'a>(
    lines: Vec<Line<'a>>,
    mut anns: Vec<Ann<'a>>,
    line_start: usize,
    marks: &'a [Mark<'a>],
    lo: Loc,
    hi: Loc,
    out: &mut Vec<Laid<'a>>,
) -> Option<()> {
    let first = &lines[lo.line];
    let indented = if first.ascii {
        first.text.as_bytes()[..lo.display.min(first.text.len())].iter().all(|&b| b == b' ')
    } else {
        normalize(first.text).chars().take(lo.display).all(char::is_whitespace)
    };
    if !indented {
        return None;
    }
    // Labels of one span: each is primary when it or one before it is
    // (as `annotate-snippets` marks them), the last drawn over the lines.
    let primary = marks.iter().any(|m| m.primary);
    let (label, label_ascii) = marks.last().map(|m| (m.label, m.ascii))?;
    let middle = (lo.line + 4).min(hi.line);
    let until = (lo.line..middle).rev().find(|&l| telling(lines[l].text)).map_or(lo.line, |l| l + 1);
    let mut shown = Shown { at: [0; 6], n: 0 };
    for l in lo.line..until.max(lo.line + 1) {
        shown.push(l);
    }
    if middle < hi.line - 1 && telling(lines[hi.line - 1].text) {
        shown.push(hi.line - 1);
    }
    shown.push(hi.line);
    let start = Ann::new(lo, Loc { char: lo.char + 1, display: lo.display + 1, ..lo }, primary, "", true);
    let end_lo = Loc { line: hi.line, char: hi.char.saturating_sub(1), display: hi.display.saturating_sub(1) };
    anns.clear();
    anns.extend([start, Ann::new(end_lo, hi, primary, label, label_ascii)]);
    out.push(Laid { lines, line_start, anns, multi: Some(Multi { hi, primary, label, shown, marks }) });
    Some(())
}

fn lay_out<'a>(
    text: &'a str,
    line_start: usize,
    marks: &'a [Mark<'a>],
    known: &[Line<'a>],
    bufs: &mut Bufs,
    out: &mut Vec<Laid<'a>>,
) -> Option<()> {
    if marks.is_empty() || marks.iter().any(|m| m.end < m.start || m.end > text.len() + 1) {
        return None;
    }
    let mut lines = reuse(&mut bufs.lines);
    if known.is_empty() {
        lines_into(text, &mut lines);
    } else {
        lines.extend_from_slice(known);
    }
    let mut anns: Vec<Ann<'a>> = reuse(&mut bufs.anns);
    for m in marks {
        let (lo, mut hi) = locations(&lines, text, m.start, m.end)?;
        if lo.line != hi.line {
            // Alone, or with labels of exactly the same span only.
            if marks.iter().any(|o| (o.start, o.end) != (m.start, m.end)) {
                return None;
            }
            return lay_out_multi(lines, anns, line_start, marks, lo, hi, out);
        }
        if lo.display == hi.display {
            hi.display += 1;
        }
        anns.push(Ann::new(lo, hi, m.primary, m.label, m.ascii));
    }
    anns.sort_by_key(|a| a.lo.line);
    // Laid out in place (a snippet laid out is large).
    out.push(Laid { lines, line_start, anns, multi: None });
    Some(())
}

/// The last line number up to byte `end` of a snippet of `lines` (the
/// count of `str::lines` on the text before it, less one), as
/// [`gutter_width`] counts it.
fn last_line_to(lines: &[Line<'_>], text: &str, line_start: usize, end: usize) -> usize {
    let newlines = lines.iter().take_while(|l| l.ending > 0 && l.end <= end).count();
    let count = newlines + usize::from(end > 0 && text.as_bytes()[end - 1] != b'\n');
    line_start + count.saturating_sub(1)
}

/// The numbers 00 to 99, two digits each.
const PAIRS: &str = {
    const DIGITS: [u8; 200] = {
        let mut b = [0u8; 200];
        let mut i = 0;
        while i < 100 {
            b[2 * i] = b'0' + (i / 10) as u8;
            b[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        b
    };
    match std::str::from_utf8(&DIGITS) {
        Ok(s) => s,
        Err(_) => panic!("digits are ASCII"),
    }
};

/// Write `n` in decimal, from a table of digit pairs: one or two pieces
/// of a known length for numbers under 10,000 (each an inlined copy, where
/// a piece of a length known only when running is a call).
#[inline]
fn push_number(text: &mut String, n: usize) {
    let pair = |k: usize| &PAIRS[2 * k..2 * k + 2];
    let one = |k: usize| &PAIRS[2 * k + 1..2 * k + 2];
    match n {
        0..10 => text.push_str(one(n)),
        10..100 => text.push_str(pair(n)),
        100..1000 => {
            text.push_str(one(n / 100));
            text.push_str(pair(n % 100));
        }
        1000..10_000 => {
            text.push_str(pair(n / 100));
            text.push_str(pair(n % 100));
        }
        10_000..100_000 => {
            text.push_str(one(n / 10_000));
            text.push_str(pair(n / 100 % 100));
            text.push_str(pair(n % 100));
        }
        _ => push_long_number(text, n),
    }
}

/// [`push_number`] of a number of six digits or more.
#[inline(never)]
fn push_long_number(text: &mut String, n: usize) {
    push_number(text, n / 10_000);
    let low = n % 10_000;
    text.push_str(&PAIRS[2 * (low / 100)..2 * (low / 100) + 2]);
    text.push_str(&PAIRS[2 * (low % 100)..2 * (low % 100) + 2]);
}

/// Write `n` in decimal, right-aligned in `width` columns.
fn push_number_padded(text: &mut String, n: usize, width: usize) {
    let pad = width.saturating_sub(digits(n));
    match SPACES.get(..pad) {
        Some(spaces) => text.push_str(spaces),
        None => text.extend(std::iter::repeat_n(' ', pad)),
    }
    push_number(text, n);
}

/// The number of decimal digits of `n` (one for 0).
#[inline]
fn digits(n: usize) -> usize {
    match n {
        0..10 => 1,
        10..100 => 2,
        100..1000 => 3,
        1000..10_000 => 4,
        10_000..100_000 => 5,
        _ => n.checked_ilog10().map_or(1, |d| d as usize + 1),
    }
}

/// Draw `plan` by our own renderer, or `None` where it does not cover the plan.
#[cfg(test)]
pub(crate) fn own(plan: &Plan<'_>, color: bool) -> Option<String> {
    let mut text = String::new();
    own_into(plan, color, &mut text, &mut Bufs::default()).then_some(text)
}

/// Draw `plan` by our own renderer at the end of `text`; `false` (and
/// `text` as it was) where it does not cover the plan.
pub(crate) fn own_into(plan: &Plan<'_>, color: bool, text: &mut String, bufs: &mut Bufs) -> bool {
    let before = text.len();
    let mut snippets = recycle(std::mem::take(&mut bufs.snippets));
    let drawn = own_at(plan, color, text, bufs, &mut snippets).is_some();
    bufs.keep(snippets);
    if !drawn {
        text.truncate(before);
    }
    drawn
}

fn own_at<'p>(
    plan: &'p Plan<'p>,
    color: bool,
    text: &mut String,
    bufs: &mut Bufs,
    snippets: &mut Vec<Laid<'p>>,
) -> Option<()> {
    // The gutter is as wide as the last line number up to the end of each
    // snippet's last label.
    let mut last = None;
    for part in &plan.parts {
        let Part::Snippet { text, line_start, marks, lines } = part else { return None };
        lay_out(text, *line_start, marks, lines, bufs, snippets)?;
        let s = snippets.last()?;
        let end = marks.iter().map(|m| m.end).max().unwrap_or(text.len()).min(text.len());
        let l = last_line_to(&s.lines, text, *line_start, end);
        last = Some(last.map_or(l, |m: usize| m.max(l)));
    }
    let w = digits(last?);
    // A label over several lines draws its `|` left of the source lines:
    // every snippet's source lines move two columns right.
    let code_offset = if snippets.iter().any(|s| s.multi.is_some()) { w + 5 } else { w + 3 };
    let column_width = TERM_WIDTH.saturating_sub(code_offset);
    let mut margins = std::mem::take(&mut bufs.margins);
    margins.clear();
    for s in snippets.iter() {
        // A line number longer than the gutter (`max_line_num` counts the
        // lines up to the end of the last label only) is left to it.
        if s.anns.last().is_some_and(|a| digits(s.line_start + a.lo.line) > w) || column_width < 2 {
            return None;
        }
        let margin = Margin::of(s, column_width);
        if let Some(m) = &s.multi {
            // Drawn whole only: no line cut, no indentation taken away.
            let shown = m.shown.as_slice();
            let fits = |l: usize| s.lines[l].width() <= column_width;
            let gaps = shown.windows(2).all(|p| p[1] - p[0] != 2 || fits(p[0] + 1));
            let indent = shown.iter().filter_map(|&l| s.lines[l].leading()).min().unwrap_or(0);
            if !shown.iter().all(|&l| fits(l)) || !gaps || indent.saturating_sub(6) > 20 {
                return None;
            }
            margins.push((margin, true));
            continue;
        }
        // Whether every line drawn is drawn whole (the common case): the
        // lines labelled, and a line between two of them.
        let mut prev: Option<usize> = None;
        let whole = margin.computed_left == 0
            && s.rows().all(|(li, _)| {
                let gap = prev.is_none_or(|p| li - p != 2 || s.lines[p + 1].width() <= column_width);
                prev = Some(li);
                gap && s.lines[li].width() <= column_width
            });
        margins.push((margin, whole));
    }

    let pal = Palette::new(color, plan.level);
    let mut bar = std::mem::take(&mut bufs.bar);
    let bars = Bars::new(&mut bar, w, pal.blue);
    let mut out = Out { text, current: PLAIN, bars };
    // The title.
    let name = plan.title.unwrap_or(plan.level.as_str());
    out.put(pal.level, name);
    out.put(pal.level, "[");
    out.put(pal.level, plan.code);
    out.put(pal.level, "]");
    out.put(pal.emphasis, ": ");
    if plan.message_ascii || printable_ascii(plan.message) {
        out.put(pal.emphasis, plan.message);
    } else {
        let label_width = name.len() + 2 + plan.code.len() + 2;
        for (i, line) in normalize(plan.message).split('\n').enumerate() {
            if i > 0 {
                out.end_line();
                out.spaces(label_width);
            }
            out.put(pal.emphasis, line);
        }
    }
    out.end_line();
    // The snippets.
    for (k, (s, &(margin, whole))) in snippets.iter().zip(&margins).enumerate() {
        let (arrow, line, column) = if k == 0 {
            let (li, anns) = s.rows().find(|(_, anns)| anns.iter().any(|a| a.primary)).or(s.rows().next())?;
            let first = anns.iter().min_by_key(|a| (!a.primary, a.lo.char)).unwrap_or(&anns[0]);
            ("--> ", li, first.lo.char)
        } else {
            out.separator();
            ("::: ", s.anns[0].lo.line, s.anns[0].lo.char)
        };
        out.spaces(w);
        out.put(pal.blue, arrow);
        out.put(PLAIN, plan.path);
        out.put(PLAIN, ":");
        push_number(out.text, s.line_start + line);
        out.text.push(':');
        push_number(out.text, column + 1);
        out.end_line();
        out.separator();
        let g = Cols { w, code: code_offset };
        if let Some(m) = &s.multi {
            draw_multi(&mut out, g, s, m, &pal);
            continue;
        }
        let mut rows = s.rows().peekable();
        while let Some((li, anns)) = rows.next() {
            let line = &s.lines[li];
            if !whole {
                let (n, tw) = (s.line_start + li, margin.term_width);
                // Written straight out where no span loses its middle and
                // the line is plain ASCII; else as cells.
                let middle = anns.iter().any(|a| a.hi.display - a.lo.display > (tw * 2).max(13));
                match (if middle { None } else { cut_line_ascii(&mut out, g, n, line, &margin, pal.blue) }, anns) {
                    (Some(left), [a]) if a.lo.display >= left => underline(&mut out, g, a, left, &pal),
                    (Some(left), _) => several(&mut out, g, anns, &pal, Some((None, left, tw))),
                    (None, _) => {
                        let mut cells = Vec::with_capacity(code_offset + TERM_WIDTH + 16);
                        let left = cut_line(&mut cells, g, n, line.text, &margin, pal.blue)?;
                        several(&mut out, g, anns, &pal, Some((Some(cells), left, tw)));
                    }
                }
            } else if let [a] = anns {
                source_line(&mut out, g, s.line_start + li, line, pal.blue);
                underline(&mut out, g, a, 0, &pal);
            } else {
                source_line(&mut out, g, s.line_start + li, line, pal.blue);
                several(&mut out, g, anns, &pal, None);
            }
            if let Some(&(next, _)) = rows.peek() {
                match next - li {
                    2 if !whole => {
                        let (n, between) = (s.line_start + li + 1, &s.lines[li + 1]);
                        if cut_line_ascii(&mut out, g, n, between, &margin, pal.blue).is_none() {
                            let mut cells = Vec::with_capacity(code_offset + TERM_WIDTH + 16);
                            cut_line(&mut cells, g, n, between.text, &margin, pal.blue)?;
                            write_cells(&mut out, &cells);
                        }
                    }
                    2 => source_line(&mut out, g, s.line_start + li + 1, &s.lines[li + 1], pal.blue),
                    d if d > 2 => {
                        out.put(pal.blue, "...");
                        out.end_line();
                    }
                    _ => {}
                }
            }
        }
    }
    write_footers(&mut out, w, &pal, &plan.footers);
    out.text.pop();
    bufs.margins = margins;
    bufs.bar = bar;
    Some(())
}

/// The width of the line numbers of a plan of snippets (the digits of the
/// last line up to the end of each snippet's last label), or `None` for a
/// plan without snippets or with a position without source lines.
fn gutter_width(plan: &Plan<'_>) -> Option<usize> {
    let mut max_line_num = None;
    for part in &plan.parts {
        let Part::Snippet { text, line_start, marks, .. } = part else { return None };
        let end = marks.iter().map(|m| m.end).max().unwrap_or(text.len()).min(text.len());
        let before = text.get(..end)?;
        let last = line_start + before.lines().count().saturating_sub(1);
        max_line_num = Some(max_line_num.map_or(last, |m: usize| m.max(last)));
    }
    max_line_num.map(digits)
}

/// The footers, after a separator: `= name: text`, each line of the text
/// after the first under the first.
fn write_footers(out: &mut Out<'_>, w: usize, pal: &Palette, footers: &[(Foot<'_>, Cow<'_, str>, bool)]) {
    if !footers.is_empty() {
        out.separator();
    }
    for (f, text, ascii) in footers {
        let name = f.name();
        out.bar_eq();
        out.put(pal.emphasis, name);
        out.put(PLAIN, ": ");
        if *ascii || !has_newline(text) {
            out.put(PLAIN, text);
            out.end_line();
            continue;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.end_line();
                out.spaces(w + 3 + name.len() + 2);
            }
            out.put(PLAIN, line);
        }
        out.end_line();
    }
}

type Cell = (char, &'static str);

/// `n` rows of cells under a source line, each starting with its gutter,
/// with room for a line as wide as the terminal.
fn gutter_rows(n: usize, g: Cols, blue: &'static str) -> Vec<Vec<Cell>> {
    let row = || {
        let mut cells = Vec::with_capacity(g.code + TERM_WIDTH + 16);
        cells.resize(g.w + 1, (' ', PLAIN));
        cells.push(('|', blue));
        cells
    };
    (0..n).map(|_| row()).collect()
}

fn putc(cells: &mut Vec<Cell>, col: usize, c: char, style: &'static str) {
    if col >= cells.len() {
        cells.resize(col + 1, (' ', PLAIN));
    }
    cells[col] = (c, style);
}

fn puts(cells: &mut Vec<Cell>, col: usize, s: &str, style: &'static str) {
    let n = if s.is_ascii() { s.len() } else { s.chars().count() };
    if n == 0 {
        return;
    }
    if col + n > cells.len() {
        cells.resize(col + n, (' ', PLAIN));
    }
    for (cell, c) in cells[col..].iter_mut().zip(s.chars()) {
        *cell = (c, style);
    }
}

/// `annotate-snippets`' `replace`: the cells `start..end` become `s`, if they exist.
fn replace(cells: &mut Vec<Cell>, start: usize, end: usize, s: &str, style: &'static str) {
    if start == end || start > cells.len() || end > cells.len() {
        return;
    }
    cells.splice(start..end, s.chars().map(|c| (c, style)));
}

fn write_cells(out: &mut Out, cells: &[Cell]) {
    // A run of cells of one style at a time.
    let mut rest = cells;
    while let Some(&(_, style)) = rest.first() {
        // Runs by the style's address: the styles are constants, and two
        // runs of equal styles write no sequence between them (`Out::style`).
        let n = rest.iter().position(|&(_, s)| !std::ptr::eq(s, style)).unwrap_or(rest.len());
        out.style(style);
        // Encoded in a buffer on the stack, written a buffer at a time.
        let mut buf = [0u8; 256];
        let mut len = 0;
        for &(c, _) in &rest[..n] {
            if len + 4 > buf.len() {
                out.text.push_str(std::str::from_utf8(&buf[..len]).expect("characters encoded whole"));
                len = 0;
            }
            if c.is_ascii() {
                buf[len] = c as u8;
                len += 1;
            } else {
                len += c.encode_utf8(&mut buf[len..]).len();
            }
        }
        out.text.push_str(std::str::from_utf8(&buf[..len]).expect("characters encoded whole"));
        rest = &rest[n..];
    }
    out.end_line();
}

/// The part of a snippet's lines shown when they are too wide for the
/// terminal (`annotate-snippets`' `Margin`).
#[derive(Clone, Copy, Debug)]
struct Margin {
    computed_left: usize,
    computed_right: usize,
    term_width: usize,
}

impl Margin {
    fn of(s: &Laid<'_>, term_width: usize) -> Margin {
        let mut whitespace = usize::MAX;
        let mut span_left = usize::MAX;
        let mut span_right = 0;
        let mut label_right = 0;
        let mut max_line_len = 0;
        for (li, anns) in s.rows() {
            let line = &s.lines[li];
            if let Some(lead) = line.leading() {
                whitespace = whitespace.min(lead);
            }
            max_line_len = max_line_len.max(line.width());
            for a in anns {
                span_left = span_left.min(a.lo.display).min(a.hi.display);
                span_right = span_right.max(a.lo.display).max(a.hi.display);
                label_right = label_right.max(a.hi.display + a.width() + 1);
            }
        }
        if whitespace == usize::MAX {
            whitespace = 0;
        }
        if span_left == usize::MAX {
            span_left = 0;
        }
        let whitespace_left = whitespace.saturating_sub(6);
        let span_left = span_left.saturating_sub(6);
        let span_right = span_right + 6;
        let label_right = label_right + 6;
        let mut computed_left = if whitespace_left > 20 { whitespace_left - 16 } else { 0 };
        let mut computed_right = max_line_len.max(computed_left);
        if computed_right - computed_left > term_width {
            if label_right.saturating_sub(whitespace_left) <= term_width && label_right >= whitespace_left {
                computed_left = whitespace_left;
                computed_right = computed_left + term_width;
            } else if label_right.saturating_sub(span_left) <= term_width {
                let padding_left = (term_width - (label_right - span_left)) / 2;
                computed_left = span_left.saturating_sub(padding_left);
                computed_right = computed_left + term_width;
            } else if span_right.saturating_sub(span_left) <= term_width {
                let padding_left = (term_width - (span_right - span_left)) / 5 * 2;
                computed_left = span_left.saturating_sub(padding_left);
                computed_right = computed_left + term_width;
            } else {
                computed_left = span_left;
                computed_right = span_right;
            }
        }
        Margin { computed_left, computed_right, term_width }
    }
    fn left(&self, line_len: usize) -> usize {
        self.computed_left.min(line_len)
    }
    fn right(&self, line_len: usize) -> usize {
        if line_len.saturating_sub(self.computed_left) <= self.term_width {
            line_len
        } else {
            line_len.min(self.computed_right)
        }
    }
}

/// The display width of a line's leading whitespace (tabs as four), or
/// `None` for a line of whitespace only.
fn leading(line: &str) -> Option<usize> {
    if !line.chars().any(|c| !c.is_whitespace()) {
        return None;
    }
    Some(line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum())
}

/// A source line cut to the margin, as cells (`annotate-snippets`'
/// `draw_line`): `...` where text is cut on either side. Gives the column
/// the shown text starts at, or `None` where that would not be well-defined.
fn cut_line(
    cells: &mut Vec<Cell>,
    g: Cols,
    n: usize,
    text: &str,
    margin: &Margin,
    blue: &'static str,
) -> Option<usize> {
    let Cols { w, code: code_offset } = g;
    let source = normalize(text);
    let source = source.as_ref();
    let line_len = str_width(source);
    let mut left = margin.left(line_len);
    let right = margin.right(line_len);
    let limit = right.checked_sub(left)?;
    let ascii = printable_ascii(source);
    let (skipped, start, end) = if ascii {
        // One column per byte (`left <= line_len`).
        (left, left, left + limit.min(source.len() - left))
    } else {
        let mut skipped = 0;
        let mut start = source.len();
        for (i, c) in source.char_indices() {
            if skipped < left {
                skipped += char_width(c);
            } else {
                start = i;
                break;
            }
        }
        let mut taken = 0;
        let mut end = start;
        for (i, c) in source[start..].char_indices() {
            taken += char_width(c);
            if taken > limit {
                break;
            }
            end = start + i + c.len_utf8();
        }
        (skipped, start, end)
    };
    let code = &source[start..end];
    left = left.max(skipped);
    let (width_taken, bytes_taken) = if margin.computed_left > 0 {
        let (mut wt, mut bt) = (0, 0);
        for c in code.chars() {
            wt += char_width(c);
            bt += c.len_utf8();
            if wt >= 3 {
                break;
            }
        }
        puts(cells, code_offset, "...", blue);
        (wt, bt)
    } else {
        (0, 0)
    };
    puts(cells, code_offset + width_taken, &code[bytes_taken..], PLAIN);
    if line_len > right {
        let (mut chars, mut wt) = (0, 0);
        for c in code.chars().rev() {
            wt += char_width(c);
            chars += 1;
            if wt >= 3 {
                break;
            }
        }
        let shown = if ascii { code.len() - bytes_taken } else { code[bytes_taken..].chars().count() };
        let col = (code_offset + width_taken + shown).checked_sub(chars)?;
        puts(cells, col, "...", blue);
    }
    puts(cells, 0, &format!("{n:>w$}"), blue);
    putc(cells, w + 1, '|', blue);
    Some(left)
}

/// [`cut_line`] written straight to `out`, for a line of printable ASCII
/// (a cell per byte) of which at least six characters are shown, so that
/// the `...` on either side do not meet; `None`, with nothing written, for
/// other lines.
fn cut_line_ascii(out: &mut Out, g: Cols, n: usize, line: &Line, margin: &Margin, blue: &'static str) -> Option<usize> {
    let Cols { w, code: code_offset } = g;
    let text = line.text;
    if !line.ascii || digits(n) > w {
        return None;
    }
    let line_len = text.len();
    let left = margin.left(line_len);
    let right = margin.right(line_len);
    let code = &text[left..left + right.checked_sub(left)?.min(line_len - left)];
    if code.len() < 6 {
        return None;
    }
    let from = if margin.computed_left > 0 { 3 } else { 0 };
    let to = if line_len > right { code.len() - 3 } else { code.len() };
    out.style(blue);
    push_number_padded(out.text, n, w);
    out.spaces(1);
    out.put(blue, "|");
    out.spaces(code_offset - w - 2);
    if from > 0 {
        out.put(blue, "...");
    }
    out.put(PLAIN, &code[from..to]);
    if to < code.len() {
        out.put(blue, "...");
    }
    out.end_line();
    Some(left)
}

/// The row under a source line with one label: its underline and its
/// text, the line's first `left` columns cut away (the label starts after them).
fn underline(out: &mut Out, g: Cols, a: &Ann<'_>, left: usize, pal: &Palette) {
    let (style, mark) = if a.primary { (pal.level, '^') } else { (pal.blue, '-') };
    out.bar();
    out.spaces(g.code - g.w - 2 + a.lo.display - left);
    out.repeat(style, mark, a.hi.display.saturating_sub(a.lo.display));
    if !a.label.is_empty() {
        out.spaces(1);
        out.put(style, a.label);
    }
    out.end_line();
}

/// The rows under a source line with labels, laid out as `annotate-snippets`
/// lays them out (from rustc's emitter): the rightmost label on the
/// underline row where it fits, the others hanging below their spans, each
/// on its own row when they would overlap. With `cut`, the source line's
/// cells (cut to the margin; `None` when it is already written), the column
/// its text starts at, and the terminal's width: the source line is written
/// first, and positions are moved left by that column.
fn several(out: &mut Out, g: Cols, anns: &[Ann<'_>], pal: &Palette, cut: Option<(Option<Vec<Cell>>, usize, usize)>) {
    let code_offset = g.code;
    let left = cut.as_ref().map_or(0, |c| c.1);
    let overlaps = |a: &Ann<'_>, b: &Ann<'_>, padding: usize| {
        let (a0, a1, b0, b1) = (a.lo.display, a.hi.display + padding, b.lo.display, b.hi.display);
        (b0..b1).contains(&a0) || (a0..a1).contains(&b0)
    };
    let has_label = |a: &Ann<'_>| !a.label.is_empty();
    if !matches!(cut, Some((Some(_), _, _))) && one_span(out, g, anns, left, pal) {
        return;
    }
    let mut anns: Vec<Ann<'_>> = anns.to_vec();
    anns.sort_by_key(|a| std::cmp::Reverse((a.lo.display, a.lo.char)));
    let mut overlap = vec![false; anns.len()];
    let mut positions: Vec<(usize, Ann<'_>)> = Vec::with_capacity(anns.len());
    let mut line_len = 0;
    let mut p = 0;
    for (i, a) in anns.iter().enumerate() {
        for (j, next) in anns.iter().enumerate() {
            if overlaps(next, a, 0) && j > 1 {
                overlap[i] = true;
                overlap[j] = true;
            }
            if overlaps(next, a, 0) && has_label(a) && j > i && p == 0 {
                if next.lo.display == a.lo.display
                    && next.lo.char == a.lo.char
                    && next.hi.display == a.hi.display
                    && next.hi.char == a.hi.char
                    && !has_label(next)
                {
                    continue;
                }
                p += 1;
                break;
            }
        }
        positions.push((p, *a));
        for next in &anns[i + 1..] {
            let l = next.label.len() + 2;
            if (overlaps(next, a, l) && has_label(a) && has_label(next))
                || (overlaps(next, a, l)
                    && (next.hi.display, next.hi.char) <= (a.hi.display, a.hi.char)
                    && has_label(next)
                    && p == 0)
            {
                p += 1;
                break;
            }
        }
        line_len = line_len.max(p);
    }
    if line_len == 0 && !matches!(cut, Some((Some(_), _, _))) && side_by_side(out, g, &mut anns, left, pal) {
        return;
    }
    if line_len != 0 {
        line_len += 1;
    }
    // The rows below the source line.
    let mut grid = gutter_rows(line_len + 1, g, pal.blue);
    let style_of = |a: &Ann<'_>| if a.primary { pal.level } else { pal.blue };
    for &(pos, a) in &positions {
        let pos = pos + 1;
        if pos > 1 && has_label(&a) {
            for row in &mut grid[..pos] {
                putc(row, (code_offset + a.lo.display).saturating_sub(left), '|', style_of(&a));
            }
        }
    }
    for &(pos, a) in &positions {
        let (row, col) = if pos == 0 {
            let shift = if a.hi.display == 0 { 2 } else { 1 };
            (0, (a.hi.display + shift).saturating_sub(left))
        } else {
            (pos + 1, a.lo.display.saturating_sub(left))
        };
        puts(&mut grid[row], code_offset + col, a.label, style_of(&a));
    }
    positions.sort_by_key(|(_, a)| (std::cmp::Reverse(a.hi.display.abs_diff(a.lo.display)), a.primary));
    for &(_, a) in &positions {
        let c = if a.primary { '^' } else { '-' };
        for d in a.lo.display..a.hi.display {
            putc(&mut grid[0], (code_offset + d).saturating_sub(left), c, style_of(&a));
        }
    }
    let mut source = None;
    if let Some((Some(mut cells), left, term_width)) = cut {
        // Spans much wider than the terminal lose their middle.
        for (i, (_, a)) in positions.iter().enumerate() {
            if overlap[i] {
                continue;
            }
            let width = a.hi.display - a.lo.display;
            if width > term_width * 2 && width > 13 {
                let pad = (term_width / 3).max(5);
                let start = code_offset + (a.lo.display + pad).saturating_sub(left);
                let end = code_offset + (a.hi.display - pad).saturating_sub(left);
                replace(&mut cells, start, end, "...", pal.blue);
                replace(&mut grid[0], start, end, "...", pal.blue);
            }
        }
        source = Some(cells);
    }
    if let Some(cells) = source {
        write_cells(out, &cells);
    }
    for row in &grid {
        write_cells(out, row);
    }
}

/// The rows under a source line whose labels (two or more, none empty) all
/// mark one span starting after the first `left` columns, written straight
/// out as [`several`] lays them out: the span's marks (`^` if any label is
/// primary), a row with `|` under its start (in the last label's style),
/// then each label on a row of its own, in order. `false`, with nothing
/// written, for other rows.
fn one_span(out: &mut Out, g: Cols, anns: &[Ann<'_>], left: usize, pal: &Palette) -> bool {
    let [first, .., last] = anns else { return false };
    if first.lo.display < left || anns.iter().any(|a| a.lo != first.lo || a.hi != first.hi || a.label.is_empty()) {
        return false;
    }
    let style_of = |a: &Ann<'_>| if a.primary { pal.level } else { pal.blue };
    let col = g.code - g.w - 2 + first.lo.display - left;
    let (style, mark) = if anns.iter().any(|a| a.primary) { (pal.level, '^') } else { (pal.blue, '-') };
    out.bar();
    out.spaces(col);
    out.repeat(style, mark, first.hi.display - first.lo.display);
    out.end_line();
    out.bar();
    out.spaces(col);
    out.put(style_of(last), "|");
    out.end_line();
    for a in anns {
        out.bar();
        out.spaces(col);
        out.put(style_of(a), a.label);
        out.end_line();
    }
    true
}

/// The row under a source line whose labels all fit on it, side by side,
/// written straight out (each span's marks, then its label, apart from the
/// next span), for labels of printable ASCII starting after the first
/// `left` columns; `false`, with nothing written, for other rows.
fn side_by_side(out: &mut Out, g: Cols, anns: &mut [Ann<'_>], left: usize, pal: &Palette) -> bool {
    anns.sort_by_key(|a| a.lo.display);
    let apart = anns.windows(2).all(|p| {
        let label = if p[0].label.is_empty() { 0 } else { 1 + p[0].label.len() };
        p[0].hi.display + label <= p[1].lo.display
    });
    if !apart || anns.iter().any(|a| a.lo.display < left || !a.ascii) {
        return false;
    }
    out.bar();
    let mut at = g.w + 2;
    for a in anns.iter() {
        let (style, mark) = if a.primary { (pal.level, '^') } else { (pal.blue, '-') };
        let col = g.code + a.lo.display - left;
        out.spaces(col - at);
        out.repeat(style, mark, a.hi.display - a.lo.display);
        at = col + a.hi.display - a.lo.display;
        if !a.label.is_empty() {
            out.spaces(1);
            out.put(style, a.label);
            at += 1 + a.label.len();
        }
    }
    out.end_line();
    true
}

/// A snippet whose one label spans several lines, its lines drawn whole:
/// `/` left of the first line, `|` left of the lines after it (and of `...`
/// where lines are left out), `|__^ label` under the last.
fn draw_multi(out: &mut Out, g: Cols, s: &Laid<'_>, m: &Multi<'_>, pal: &Palette) {
    let (style, mark) = if m.primary { (pal.level, "^") } else { (pal.blue, "-") };
    let shown = m.shown.as_slice();
    for (i, &li) in shown.iter().enumerate() {
        let bar = if i == 0 { "/" } else { "|" };
        source_line_marked(out, g, s.line_start + li, &s.lines[li], pal.blue, Some((style, bar)));
        if let Some(&next) = shown.get(i + 1) {
            match next - li {
                2 => source_line_marked(out, g, s.line_start + li + 1, &s.lines[li + 1], pal.blue, Some((style, "|"))),
                d if d > 2 => {
                    out.put(pal.blue, "...");
                    out.spaces(g.w);
                    out.put(style, "|");
                    out.end_line();
                }
                _ => {}
            }
        }
    }
    if m.marks.len() > 1 {
        return draw_shared_end(out, g, m, pal);
    }
    // The end: `|`, `_` up to the last character, its mark, the label.
    let at = m.hi.display.saturating_sub(1);
    out.bar();
    out.spaces(1);
    out.put(style, "|");
    out.repeat(style, '_', (g.code + at).saturating_sub(g.w + 4));
    out.put(style, mark);
    if !m.label.is_empty() {
        out.spaces(1);
        out.put(style, m.label);
    }
    out.end_line();
}

/// The rows under the last line of a label over several lines that other
/// labels share exactly: theirs are labels of its last character, laid out
/// with the end of the label over lines as `annotate-snippets` lays them out
/// (from rustc's emitter): the end takes a row of its own, `|__` to the
/// character, the labels hanging below it one per row.
fn draw_shared_end(out: &mut Out, g: Cols, m: &Multi<'_>, pal: &Palette) {
    let Cols { w, code } = g;
    /// A label at the last character: of the span over lines (`end`) or of another.
    struct At<'a> {
        lo: usize,
        hi: usize,
        primary: bool,
        label: &'a str,
        end: bool,
    }
    let (lo, hi) = (m.hi.display.saturating_sub(1), m.hi.display);
    let mut anns: Vec<At<'_>> = m.same().map(|(primary, label)| At { lo, hi, primary, label, end: false }).collect();
    anns.push(At { lo, hi, primary: m.primary, label: m.label, end: true });
    let overlaps =
        |a: &At<'_>, b: &At<'_>, padding: usize| (b.lo..b.hi).contains(&a.lo) || (a.lo..a.hi + padding).contains(&b.lo);
    let labelled = |a: &At<'_>| !a.label.is_empty();
    let mut positions: Vec<(usize, &At<'_>)> = Vec::with_capacity(anns.len());
    let (mut rows, mut p) = (0, 0);
    for (i, a) in anns.iter().enumerate() {
        for next in &anns[i + 1..] {
            if overlaps(next, a, 0) && labelled(a) && p == 0 {
                if !labelled(next) {
                    continue;
                }
                p += 1;
                break;
            }
        }
        positions.push((p, a));
        for next in &anns[i + 1..] {
            let l = next.label.len() + 2;
            if (overlaps(next, a, l) && labelled(a) && labelled(next))
                || (a.end && labelled(next))
                || (labelled(a) && next.end)
                || (a.end && next.end)
                || (overlaps(next, a, l) && labelled(next) && p == 0)
            {
                p += 1;
                break;
            }
        }
        rows = rows.max(p);
    }
    if rows != 0 {
        rows += 1;
    }
    let style_of = |a: &At<'_>| if a.primary { pal.level } else { pal.blue };
    let mut grid = gutter_rows(rows + 1, g, pal.blue);
    // `_` from the bar to the character, on the end's row.
    for &(pos, a) in &positions {
        if a.end {
            for col in w + 4..code + a.lo {
                putc(&mut grid[pos], col, '_', style_of(a));
            }
        }
    }
    // `|` down to hanging labels; the bar left of the lines down to the end's row.
    for &(pos, a) in &positions {
        let below = pos + 1;
        if below > 1 && (labelled(a) || a.end) {
            for r in &mut grid[..below] {
                putc(r, code + a.lo, '|', style_of(a));
            }
        }
        if a.end {
            for r in &mut grid[..below] {
                putc(r, w + 3, '|', style_of(a));
            }
        }
    }
    for &(pos, a) in &positions {
        let (r, col) = match pos {
            0 if a.hi == 0 => (0, a.hi + 2),
            0 => (0, a.hi + 1),
            _ => (pos + 1, a.lo),
        };
        puts(&mut grid[r], code + col, a.label, style_of(a));
    }
    // The marks, the longest first, primary ones over the others.
    positions.sort_by_key(|(_, a)| (std::cmp::Reverse(a.hi.abs_diff(a.lo)), a.primary));
    for &(pos, a) in &positions {
        let mark = if a.primary { '^' } else { '-' };
        for col in a.lo..a.hi {
            putc(&mut grid[0], code + col, mark, style_of(a));
        }
        if a.end || (pos != 0 && labelled(a)) {
            putc(&mut grid[0], code + a.lo, mark, style_of(a));
        }
    }
    for r in &grid {
        write_cells(out, r);
    }
}

/// The columns of a snippet's drawing: the line numbers' width, and where
/// source lines start.
#[derive(Clone, Copy)]
struct Cols {
    w: usize,
    code: usize,
}

/// A source line: `{number} | {text}`.
fn source_line(out: &mut Out, g: Cols, n: usize, line: &Line, blue: &'static str) {
    source_line_marked(out, g, n, line, blue, None);
}

/// A source line, with the mark of a label over several lines (`/` or `|`,
/// in its style) left of its text.
fn source_line_marked(
    out: &mut Out,
    g: Cols,
    n: usize,
    line: &Line,
    blue: &'static str,
    mark: Option<(&'static str, &'static str)>,
) {
    let w = g.w;
    out.style(blue);
    push_number_padded(out.text, n, w);
    out.spaces(1);
    out.put(blue, "|");
    let mut at = w + 2;
    if let Some((style, mark)) = mark {
        out.spaces(1);
        out.put(style, mark);
        at += 2;
    }
    let text = if line.ascii { Cow::Borrowed(line.text) } else { normalize(line.text) };
    if !text.is_empty() {
        out.spaces(g.code - at);
        out.put(PLAIN, &text);
    }
    out.end_line();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Numbers are written as `format!` writes them; a line feed is found
    /// wherever it is.
    #[test]
    fn numbers_and_line_feeds() {
        let mut text = String::new();
        for n in (0..1000).chain((1000..100_000).step_by(997)).chain([
            9999,
            10000,
            10001,
            99999,
            100000,
            1234567,
            usize::MAX,
        ]) {
            text.clear();
            push_number(&mut text, n);
            assert_eq!(text, n.to_string());
            assert_eq!(digits(n), text.len());
            text.clear();
            push_number_padded(&mut text, n, 5);
            assert_eq!(text, format!("{n:>5}"));
        }
        for n in 0..100 {
            let mut line = "a".repeat(n);
            assert_eq!(newline(line.as_bytes()), None);
            for at in (0..n).rev() {
                line.replace_range(at..=at, "\n");
                assert_eq!(newline(line.as_bytes()), Some(at));
                assert!(has_newline(&line));
            }
        }
    }

    /// Pieces of source lines: plain text, wide and combining characters,
    /// joiners, tabs, controls, bidirectional controls, CR.
    const PIECES: &[&str] = &[
        "a",
        "claim",
        " ",
        "  ",
        "=",
        "\"x\"",
        "[A]",
        "é",
        "e\u{301}",
        "中文",
        "😀",
        "👩\u{200D}👧",
        "\t",
        "\u{1b}",
        "\u{7}",
        "\r",
        "\u{202E}",
        "\u{85}",
        "\u{A0}",
        "                              ",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];

    fn line_strategy(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
    }

    /// A source text of 1 to 8 lines, some long, with LF or CRLF endings.
    fn text_strategy() -> impl Strategy<Value = String> {
        (prop::collection::vec(prop_oneof![4 => line_strategy(12), 1 => line_strategy(90)], 1..8), any::<bool>())
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
    }

    fn words_strategy() -> impl Strategy<Value = String> {
        let pieces =
            prop::sample::select(vec!["", "a", "word", " ", "\n", "\t", "é", "中", "\u{1b}", "`x`", "\u{200D}"]);
        prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
    }

    /// The char boundaries of `text`, and one past its end.
    fn boundaries(text: &str) -> Vec<usize> {
        text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()
    }

    /// A generated mark: start, end, primary, label.
    type TestMark = (usize, usize, bool, String);

    #[derive(Clone, Debug)]
    struct Case {
        level: Level,
        title: Option<String>,
        code: String,
        message: String,
        /// Snippets: text, first line number, marks (start, end, primary, label).
        snippets: Vec<(String, usize, Vec<TestMark>)>,
        footers: Vec<(u8, String)>,
        color: bool,
    }

    impl Case {
        fn plan(&self) -> Plan<'_> {
            Plan {
                level: self.level,
                title: self.title.as_deref(),
                code: &self.code,
                message: &self.message,
                // Texts known to be printable ASCII where they are, as
                // `render_into` knows them; lines known on even line numbers.
                message_ascii: printable_ascii(&self.message),
                path: "maps/x.argdown",
                parts: self
                    .snippets
                    .iter()
                    .map(|(text, line_start, marks)| Part::Snippet {
                        text,
                        line_start: *line_start,
                        marks: marks
                            .iter()
                            .map(|(s, e, p, l)| Mark {
                                start: *s,
                                end: *e,
                                primary: *p,
                                label: l,
                                ascii: printable_ascii(l),
                            })
                            .collect(),
                        lines: if line_start % 2 == 0 { lines(text) } else { Vec::new() },
                    })
                    .collect(),
                footers: self
                    .footers
                    .iter()
                    .map(|(k, t)| {
                        let kind = match k % 3 {
                            0 => Foot::Help,
                            1 => Foot::Note,
                            _ => Foot::Named("reason"),
                        };
                        (kind, Cow::Borrowed(t.as_str()), printable_ascii(t))
                    })
                    .collect(),
            }
        }
    }

    /// The kinds of marks generated.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Shape {
        /// Any spans.
        Any,
        /// Spans within a line.
        SingleLine,
        /// Spans over several lines (one or more per snippet, nested or
        /// overlapping), with spans within a line among them.
        MultiLine,
        /// Per snippet, one span over several lines alone, or spans within a line.
        Lone,
        /// Per snippet, one span over several lines labelled once or more
        /// (primary or not, the same text or not), or spans within a line.
        Shared,
    }

    /// A span within line `li` of `text`, from `x` and `y`.
    fn within(text: &str, li: usize, x: usize, y: usize) -> (usize, usize) {
        let b = boundaries(text);
        let line = &lines(text)[li];
        let inside: Vec<usize> =
            b.into_iter().filter(|&o| o >= line.start && o <= line.start + line.text.len()).collect();
        let (s, e) = (inside[x % inside.len()], inside[y % inside.len()]);
        (s.min(e), s.max(e))
    }

    /// A span from a line of `text` to a later one (`None` for one line):
    /// starting often after the first line's indentation only.
    fn spanning(text: &str, x: usize, y: usize) -> Option<(usize, usize)> {
        let ls = lines(text);
        if ls.len() < 2 {
            return None;
        }
        let first = x % (ls.len() - 1);
        let last = first + 1 + (y / 7) % (ls.len() - 1 - first);
        let line = &ls[first];
        let start = if (x / 7).is_multiple_of(2) {
            let indent = line.text.len() - line.text.trim_start_matches([' ', '\t']).len();
            line.start + (x / 14) % (indent + 1)
        } else {
            within(text, first, x / 14, x / 14).0
        };
        // Past the end of the text, sometimes, as annotate-snippets allows.
        let end =
            if (y / 3).is_multiple_of(5) && last + 1 == ls.len() { text.len() + 1 } else { within(text, last, y, y).1 };
        Some((start, end))
    }

    /// Marks on `text` of the given shape.
    fn marks(text: &str, picks: &[TestMark], shape: Shape) -> Vec<TestMark> {
        let b = boundaries(text);
        let n = lines(text).len();
        let mut out = Vec::new();
        for (k, (x, y, p, l)) in picks.iter().enumerate() {
            let multi = match shape {
                Shape::MultiLine => k == 0 || x % 3 == 0,
                Shape::Lone | Shape::Shared => (picks[0].0 / 3).is_multiple_of(2),
                _ => false,
            };
            // Every label on the first one's span.
            if shape == Shape::Shared
                && multi
                && let Some(span) = spanning(text, picks[0].0, picks[0].1)
            {
                out.extend(picks.iter().map(|(_, _, p, l)| (span.0, span.1, *p, l.clone())));
                break;
            }
            let (s, e) = match (shape, multi.then(|| spanning(text, *x, *y)).flatten()) {
                (_, Some(span)) => span,
                (Shape::Any, _) => {
                    let (s, e) = (b[x % b.len()], b[y % b.len()]);
                    (s.min(e), s.max(e))
                }
                _ => within(text, (x / 7) % n, *x, *y),
            };
            out.push((s, e, *p, l.clone()));
            if shape == Shape::Lone && multi {
                break;
            }
        }
        out
    }

    fn case_strategy(shape: Shape) -> impl Strategy<Value = Case> {
        let pick = (any::<usize>(), any::<usize>(), any::<bool>(), words_strategy());
        let snippet = (
            text_strategy(),
            prop_oneof![1usize..20, 90usize..110, 9990usize..10010],
            prop::collection::vec(pick, 1..5),
        )
            .prop_map(move |(text, line_start, picks)| {
                let m = marks(&text, &picks, shape);
                (text, line_start, m)
            });
        (
            prop::sample::select(vec![Level::Error, Level::Warning, Level::Note]),
            prop::option::of(Just("acknowledged".to_string())),
            prop::sample::select(vec!["contradiction", "syntax", "", "x"]),
            words_strategy(),
            prop::collection::vec(snippet, 1..4),
            prop::collection::vec((any::<u8>(), words_strategy()), 0..4),
            any::<bool>(),
        )
            .prop_map(|(level, title, code, message, snippets, footers, color)| Case {
                level,
                title,
                code: code.to_string(),
                message,
                snippets,
                footers,
                color,
            })
    }

    /// Where our renderer draws `case`, it draws what annotate-snippets draws.
    fn drawn_alike(case: &Case) -> Result<(), TestCaseError> {
        let plan = case.plan();
        let theirs = with_annotate_snippets(&plan, case.color);
        if let Some(own) = own(&plan, case.color) {
            prop_assert_eq!(&own, &theirs);
        }
        // After other text, by whichever renderer covers it: a plan our
        // renderer gives up on midway leaves nothing of its own behind.
        // Twice, the second time with the buffers the first left.
        let mut bufs = Bufs::default();
        for _ in 0..2 {
            let mut text = String::from("before\n");
            draw_into(&plan, case.color, &mut text, &mut bufs);
            prop_assert_eq!(text.strip_prefix("before\n"), Some(theirs.as_str()));
        }
        Ok(())
    }

    /// Our renderer draws `case` as annotate-snippets does, and draws it
    /// where `claimed` unless a snippet's line numbers grow by a digit past
    /// its last label's end (left to annotate-snippets).
    fn drawn_where_claimed(case: &Case, claimed: bool) -> Result<(), TestCaseError> {
        let plan = case.plan();
        let theirs = with_annotate_snippets(&plan, case.color);
        match own(&plan, case.color) {
            Some(own) => prop_assert_eq!(own, theirs),
            None => prop_assert!(!claimed || longer(case), "not drawn by our renderer:\n{}", theirs),
        }
        Ok(())
    }

    /// Whether a snippet's line numbers grow by a digit past its first line.
    fn longer(case: &Case) -> bool {
        case.snippets.iter().any(|(text, first, _)| digits(*first) != digits(first + text.matches('\n').count()))
    }

    /// The lines of every run of lines of `text` (as a message's snippet
    /// takes them from the file), found from the file's index of lines by
    /// [`lines_at`], are the lines [`lines_into`] cuts the snippet's text into.
    fn lines_from_index_alike(text: &str) -> Result<(), TestCaseError> {
        let file = crate::source::SourceFile::new("x", None, crate::source::Format::Toml, text.to_string());
        for first in 1..=file.line_count() {
            for last in first..=file.line_count() {
                let (start, end) = (file.line_offset(first), file.line_end(last));
                let snippet = &file.text[start..end];
                let mut known = Vec::new();
                lines_at(snippet, start, file.line_starts(first, last), |_, t| printable_ascii(t), &mut known);
                prop_assert_eq!(&known, &lines(snippet), "lines {}..={} of {:?}", first, last, text);
            }
        }
        Ok(())
    }

    /// Lines from the index: endings LF, CRLF and CR CR LF, empty lines,
    /// a final line ending or none, no text.
    #[test]
    fn lines_from_index() {
        for text in ["", "\n", "a", "a\n", "a\r\n\r\nb", "\r\n", "a\r\r\nb\r", "é\n\n\tx\r\n中\n", "x\n\n"] {
            lines_from_index_alike(text).unwrap();
        }
    }

    /// Labels (two or more) of one span within a line, drawn straight out,
    /// are drawn as annotate-snippets draws them: primary or not, cut or
    /// not, in either style.
    #[test]
    fn labels_of_one_span() {
        let long = format!("{}[claim-a]{}", "x".repeat(150), "y".repeat(60));
        for (text, start, end) in [("    -> [claim-a]", 7, 16), ("[a]: b", 0, 3), (long.as_str(), 150, 159)] {
            for primaries in [[false, false, false], [true, false, false], [false, false, true], [true, true, true]] {
                for k in 2..=3 {
                    let marks: Vec<Mark<'_>> = primaries[..k]
                        .iter()
                        .enumerate()
                        .map(|(i, &primary)| Mark {
                            start,
                            end,
                            primary,
                            label: ["one", "two `x`", "é"][i],
                            ascii: false,
                        })
                        .collect();
                    for color in [false, true] {
                        let plan = Plan {
                            level: Level::Warning,
                            title: None,
                            code: "x",
                            message: "m",
                            message_ascii: false,
                            path: "p",
                            parts: vec![Part::Snippet { text, line_start: 9, marks: marks.clone(), lines: Vec::new() }],
                            footers: Vec::new(),
                        };
                        let own = own(&plan, color).expect("drawn by our renderer");
                        assert_eq!(own, with_annotate_snippets(&plan, color), "{text} {primaries:?} {k}");
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Lines from the index are the lines cut from the text, for texts
        /// of every kind of line.
        #[test]
        fn lines_from_index_match_lines_cut(text in text_strategy()) {
            lines_from_index_alike(&text)?;
        }

        /// Where our renderer draws a plan, it draws what annotate-snippets draws.
        #[test]
        fn own_renderer_matches_annotate_snippets(case in case_strategy(Shape::Any)) {
            drawn_alike(&case)?;
        }

        /// Our renderer draws every plan whose labels are each within a line
        /// (long lines cut to the terminal's width included).
        #[test]
        fn own_renderer_covers_single_line_labels(case in case_strategy(Shape::SingleLine)) {
            drawn_where_claimed(&case, true)?;
        }

        /// Where our renderer draws labels over several lines (one or more
        /// per snippet, nested, overlapping), it draws what annotate-snippets draws.
        #[test]
        fn own_renderer_matches_annotate_snippets_over_lines(case in case_strategy(Shape::MultiLine)) {
            drawn_alike(&case)?;
        }

        /// Our renderer draws every plan whose snippets each have one label
        /// over several lines, starting after indentation only, or labels
        /// within a line, when the lines are drawn whole.
        /// Our renderer draws every plan whose snippets each have one span
        /// over several lines, labelled once or more, starting after
        /// indentation only, or labels within a line, when the lines are
        /// drawn whole.
        #[test]
        fn own_renderer_covers_shared_labels_over_lines(case in case_strategy(Shape::Shared)) {
            drawn_where_claimed(&case, lone_claimed(&case))?;
        }

        /// Our renderer draws every plan whose snippets each have one label
        /// over several lines, starting after indentation only, or labels
        /// within a line, when the lines are drawn whole.
        #[test]
        fn own_renderer_covers_lone_labels_over_lines(case in case_strategy(Shape::Lone)) {
            drawn_where_claimed(&case, lone_claimed(&case))?;
        }
    }

    /// Whether our renderer is to draw `case`, whose snippets each have one
    /// span over several lines or spans within a line: when every such span
    /// starts after indentation only and the lines are drawn whole.
    fn lone_claimed(case: &Case) -> bool {
        let lone = |(text, _, marks): &(String, usize, Vec<TestMark>)| {
            let ls = lines(text);
            let line_of = |at: usize| ls.iter().rposition(|l| l.start <= at).unwrap_or(0);
            marks.iter().any(|m| line_of(m.0) != line_of(m.1.min(text.len())) || m.1 > text.len())
        };
        case.snippets.iter().filter(|s| lone(s)).all(|(text, _, marks)| {
            let ls = lines(text);
            let first = &ls[ls.iter().rposition(|l| l.start <= marks[0].0).unwrap_or(0)];
            let indent_only = text[first.start..marks[0].0].chars().all(|c| c == ' ' || c == '\t');
            let short = ls.iter().all(|l| str_width(l.text) <= 128);
            let shallow = ls.iter().filter_map(|l| leading(l.text)).all(|n| n <= 26);
            indent_only && short && shallow
        })
    }
}
