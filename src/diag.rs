//! Diagnostics about map files (syntax, schema, references) and the shared
//! rustc-style renderer that also draws tension findings.

use std::fmt::Write as _;

use serde::Serialize;

use crate::source::{LineCol, SourceFile, Span};

mod draw;

pub(crate) use draw::recycle;

/// How serious a diagnostic or finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $level:ident, $desc:literal;)*) => {
        /// The kinds of problem the loader reports about a map file.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }
        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
            /// The stable name shown as `error[name]`.
            pub fn as_str(self) -> &'static str { match self { $(Code::$variant => $name,)* } }
            /// The level the loader reports it at.
            pub fn level(self) -> Level { match self { $(Code::$variant => Level::$level,)* } }
            /// One sentence on what the code means.
            pub fn description(self) -> &'static str { match self { $(Code::$variant => $desc,)* } }
        }
    };
}

codes! {
    Io = "io", Error, "The file could not be read.";
    Encoding = "encoding", Error, "The file is not valid UTF-8 text.";
    Syntax = "syntax", Error, "The file is not valid TOML or JSON.";
    MissingKey = "missing-key", Error, "A required key is missing.";
    WrongType = "wrong-type", Error, "A value has the wrong type.";
    UnknownKey = "unknown-key", Error, "A key is not part of the map format.";
    InvalidValue = "invalid-value", Error, "A value is not one of the allowed values.";
    InvalidId = "invalid-id", Error, "An id uses characters outside the allowed set.";
    InvalidDate = "invalid-date", Error, "A date is not a valid calendar date.";
    UnknownReference = "unknown-reference", Error, "A reference names a claim, actor, relation or rule that does not exist.";
    DuplicateId = "duplicate-id", Error, "Two items share one id.";
    DuplicateKey = "duplicate-key", Error, "A key appears twice in one table.";
    DuplicateRelation = "duplicate-relation", Warning, "The same relation is stated twice; it counts once.";
    DuplicateStance = "duplicate-stance", Warning, "The same stance is stated twice; it counts once.";
    SelfRelation = "self-relation", Error, "A claim is related to itself.";
    UndercutTarget = "undercut-target", Error, "An undercut must target a relation, and only an undercut may.";
    LinkedPremises = "linked-premises", Error, "A list of premises is empty, names a claim twice, or is given to a relation type that takes one premise.";
    EmptyMap = "empty-map", Error, "The map has no claims.";
    DuplicateAlias = "duplicate-alias", Error, "An alias of an actor is the name or an alias of another actor.";
    DeprecatedName = "deprecated-name", Warning, "A rule is named by its former name; it is read as the new one.";
    AifInput = "aif-input", Warning, "A part of an AIF file is malformed or does not fit a map; it is left out, and counted.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span of a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The primary label is the one the diagnostic's position refers to.
    pub primary: bool,
}

impl Label {
    pub fn primary(span: Span, message: impl Into<String>) -> Self {
        Label { span, message: message.into(), primary: true }
    }
    pub fn secondary(span: Span, message: impl Into<String>) -> Self {
        Label { span, message: message.into(), primary: false }
    }
}

/// A problem in a map file, found while loading it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: code.level(),
            message: message.into(),
            labels: vec![Label::primary(span, label)],
            help: None,
            notes: Vec::new(),
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label::secondary(span, message));
        self
    }
    /// The span of the primary label.
    pub fn span(&self) -> Span {
        self.labels.iter().find(|l| l.primary).or(self.labels.first()).map(|l| l.span).unwrap_or_default()
    }
    /// Line and column of the primary label in `file`.
    pub fn position(&self, file: &SourceFile) -> LineCol {
        file.line_col(self.span().start)
    }
}

/// At most this many diagnostics of one file are drawn with their source
/// lines; the rest are counted in one line (JSON output has them all). This
/// keeps a hostile file with thousands of errors on huge lines fast.
pub const MAX_RENDERED: usize = 50;

/// The line that stands for diagnostics beyond [`MAX_RENDERED`], if any.
pub fn more_line(file: &str, total: usize) -> Option<String> {
    (total > MAX_RENDERED).then(|| {
        format!(
            "... and {} more problems in {} not shown (`--format json` lists them all)\n\n",
            total - MAX_RENDERED,
            terminal_safe(file)
        )
    })
}

/// Source lines longer than this (in bytes, for one labelled cluster) are not
/// drawn: the message gives positions and labels instead.
pub const MAX_SNIPPET_BYTES: usize = 4096;

/// Options of the human renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// ANSI colour.
    pub color: bool,
}

/// A footer line under a rendered snippet.
#[derive(Clone, Debug)]
pub enum Footer<'a> {
    Help(&'a str),
    Note(&'a str),
    /// A line with a name of its own, drawn as a note (`= reason: ...`).
    Named(&'a str, &'a str),
}

/// Whether `ok` holds for every byte of `bytes`, looked at 32 bytes at a
/// time without a branch per byte (which the compiler vectorises); the
/// bytes after the last whole block are looked at as the last 32 (or 16,
/// or 8) bytes, overlapping the ones before, not one at a time.
#[inline]
pub(crate) fn all_bytes(bytes: &[u8], ok: impl Fn(u8) -> bool + Copy) -> bool {
    #[inline(always)]
    fn block<const N: usize>(block: Option<&[u8; N]>, ok: impl Fn(u8) -> bool) -> bool {
        block.is_none_or(|b| b.iter().fold(true, |all, &x| all & ok(x)))
    }
    let n = bytes.len();
    if n < 8 {
        return bytes.iter().all(|&b| ok(b));
    }
    if n < 16 {
        return block::<8>(bytes.first_chunk(), ok) && block::<8>(bytes.last_chunk(), ok);
    }
    if n < 32 {
        return block::<16>(bytes.first_chunk(), ok) && block::<16>(bytes.last_chunk(), ok);
    }
    let (blocks, tail) = bytes.as_chunks::<32>();
    blocks.iter().all(|b| block(Some(b), ok)) && (tail.is_empty() || block::<32>(bytes.last_chunk(), ok))
}

/// Text from a map or a file name as a terminal may show it: control
/// characters but line feed and tab (escape sequences, bell, carriage
/// return) as their Unicode control pictures, C1 controls and bidirectional
/// embeddings, overrides and isolates as U+FFFD, as annotate-snippets shows
/// them in source lines. So a map cannot drive the terminal (clear it, set
/// its title) or reorder what it shows, whatever its reasons or `via` say.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    // Printable ASCII (looked at first: the cheaper test), newlines and
    // tabs: nothing to replace (most texts).
    let bytes = s.as_bytes();
    if printable_ascii(s)
        || all_bytes(bytes, |b| (0x20..0x7F).contains(&b) | (b == b'\n') | (b == b'\t'))
        || !s.chars().any(bad)
    {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            c if bad(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Whether `s` is printable ASCII only: one column per byte, nothing to replace.
pub(crate) fn printable_ascii(s: &str) -> bool {
    all_bytes(s.as_bytes(), |b| (0x20..0x7F).contains(&b))
}

/// [`terminal_safe`], and whether `s` is printable ASCII (then returned as
/// it is): the one look at a text that both need.
fn terminal_safe_ascii(s: &str) -> (std::borrow::Cow<'_, str>, bool) {
    if printable_ascii(s) { (std::borrow::Cow::Borrowed(s), true) } else { (terminal_safe(s), false) }
}

/// Render one rustc-style message: `level[code]: message`, the file position,
/// the labelled source lines, then help and notes. Every text but the source
/// lines goes through [`terminal_safe`] (annotate-snippets makes those safe).
pub fn render(
    style: Style,
    level: Level,
    code: &str,
    message: &str,
    file: &SourceFile,
    labels: &[Label],
    footers: &[Footer<'_>],
) -> String {
    render_named(style, level, None, code, message, file, labels, footers)
}

/// [`render`], with the title named `title` (such as `acknowledged`) in
/// place of the level's name, in the level's colours.
#[allow(clippy::too_many_arguments)]
pub fn render_named(
    style: Style,
    level: Level,
    title: Option<&str>,
    code: &str,
    message: &str,
    file: &SourceFile,
    labels: &[Label],
    footers: &[Footer<'_>],
) -> String {
    let mut out = String::new();
    let heading = Heading { level, title, code, message };
    render_into(&mut out, style, heading, file, labels, footers, &mut Bufs { once: true, ..Bufs::default() });
    out
}

/// The first line of a message: `level[code]: message`, or with `title` in
/// place of the level's name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Heading<'a> {
    pub level: Level,
    pub title: Option<&'a str>,
    pub code: &'a str,
    pub message: &'a str,
}

/// Buffers of [`render_into`] kept from one message to the next (their
/// allocations only: what they hold borrows each message's texts).
#[derive(Default)]
pub(crate) struct Bufs {
    messages: Vec<(std::borrow::Cow<'static, str>, bool)>,
    by_line: Vec<(usize, usize, Labelled<'static>)>,
    clusters: Vec<(usize, usize)>,
    cluster_of: Vec<usize>,
    marks: Vec<Vec<draw::Mark<'static>>>,
    lines: Vec<Vec<draw::Line<'static>>>,
    parts: Vec<draw::Part<'static>>,
    notes: Vec<(draw::Foot<'static>, std::borrow::Cow<'static, str>, bool)>,
    draw: draw::Bufs,
    /// Whether each line of a file is printable ASCII (0: not looked at
    /// yet, 1: it is, 2: it is not), kept from message to message: a line
    /// that many findings show is looked at once. Of the file whose text
    /// has the address and length `ascii_of`.
    ascii: Vec<u8>,
    ascii_of: (usize, usize),
    /// For one message only: lines are not remembered.
    once: bool,
}

impl Bufs {
    /// Whether `text`, line `line` (0-based) of `file`, is printable ASCII.
    fn line_ascii(&mut self, file: &SourceFile, line: usize, text: &str) -> bool {
        if self.once {
            return printable_ascii(text);
        }
        let of = (file.text.as_ptr() as usize, file.text.len());
        if self.ascii_of != of {
            self.ascii.clear();
            self.ascii.resize(file.line_count(), 0);
            self.ascii_of = of;
        }
        match self.ascii[line] {
            0 => {
                let ascii = printable_ascii(text);
                self.ascii[line] = if ascii { 1 } else { 2 };
                ascii
            }
            known => known == 1,
        }
    }
}

/// A label with its terminal-safe text, and whether that is printable ASCII.
type Labelled<'l> = (&'l Label, &'l str, bool);

/// [`render_named`], written at the end of `out`.
pub(crate) fn render_into(
    out: &mut String,
    style: Style,
    heading: Heading<'_>,
    file: &SourceFile,
    labels: &[Label],
    footers: &[Footer<'_>],
    bufs: &mut Bufs,
) {
    let Heading { level, title, code, message } = heading;
    let (message, message_ascii) = terminal_safe_ascii(message);
    let message = message.as_ref();
    let name = terminal_safe(&file.name);
    let mut messages: Vec<(std::borrow::Cow<'_, str>, bool)> = recycle(std::mem::take(&mut bufs.messages));
    messages.extend(labels.iter().map(|l| terminal_safe_ascii(&l.message)));
    // Cluster labels by line so that a finding spread over a long file shows
    // only the lines involved, each cluster as its own snippet.
    let mut by_line: Vec<(usize, usize, Labelled<'_>)> = recycle(std::mem::take(&mut bufs.by_line));
    by_line.extend(labels.iter().zip(&messages).map(|(l, (m, ascii))| {
        let a = file.line(l.span.start);
        let b = file.line_from(a, l.span.end.max(l.span.start));
        (a, b, (l, m.as_ref(), *ascii))
    }));
    // The primary label's snippet comes first; the rest in file order.
    by_line.sort_by_key(|(a, _, (l, _, _))| (!l.primary, *a));
    // Each cluster's first and last lines, and the cluster of each label.
    let (mut clusters, mut cluster_of) = (std::mem::take(&mut bufs.clusters), std::mem::take(&mut bufs.cluster_of));
    clusters.clear();
    cluster_of.clear();
    for &(a, b, _) in &by_line {
        match clusters.iter().position(|&(s, e)| a + 3 >= s && a <= e + 3) {
            Some(k) => {
                let c = &mut clusters[k];
                c.0 = c.0.min(a);
                c.1 = c.1.max(b);
                cluster_of.push(k);
            }
            None => {
                cluster_of.push(clusters.len());
                clusters.push((a, b));
            }
        }
    }
    let mut parts: Vec<draw::Part<'_>> = recycle(std::mem::take(&mut bufs.parts));
    let mut notes: Vec<(draw::Foot<'_>, std::borrow::Cow<'_, str>, bool)> = recycle(std::mem::take(&mut bufs.notes));
    for (k, &(first, last)) in clusters.iter().enumerate() {
        let members = || by_line.iter().zip(&cluster_of).filter(move |&(_, &c)| c == k).map(|(x, _)| x.2);
        let last = last.min(file.line_count());
        let start = file.line_offset(first);
        let end = file.line_end(last);
        let text = &file.text[start..end];
        // Drawing a line costs its length: a map written on one huge line
        // (minified JSON) would make every message slow. Past a few
        // thousand bytes, give the positions and labels without the source.
        if end - start > MAX_SNIPPET_BYTES {
            let mut ls: Vec<Labelled<'_>> = members().collect();
            ls.sort_by_key(|(l, _, _)| (!l.primary, l.span.start));
            let p = file.line_col(ls[0].0.span.start);
            parts.push(draw::Part::Origin(Some((p.line, p.column))));
            for (l, message, _) in ls {
                let p = file.line_col(l.span.start);
                let note = format!("{}:{}:{}: {}", file.name, p.line, p.column, message);
                notes.push((draw::Foot::Note, std::borrow::Cow::Owned(note), false));
            }
            continue;
        }
        let mut marks: Vec<draw::Mark<'_>> = bufs.marks.pop().map(recycle).unwrap_or_default();
        marks.extend(members().map(|(l, message, ascii)| {
            let s = l.span.start.clamp(start, end) - start;
            let e = l.span.end.clamp(start, end) - start;
            draw::Mark { start: s, end: e.max(s), primary: l.primary, label: message, ascii }
        }));
        // The snippet's lines, from the file's index of lines.
        let mut lines: Vec<draw::Line<'_>> = bufs.lines.pop().map(recycle).unwrap_or_default();
        draw::lines_at(
            text,
            start,
            file.line_starts(first, last),
            |k, t| bufs.line_ascii(file, first - 1 + k, t),
            &mut lines,
        );
        parts.push(draw::Part::Snippet { text, line_start: first, marks, lines });
    }
    if labels.is_empty() {
        parts.push(draw::Part::Origin(None));
    }
    for f in footers {
        let (kind, t) = match f {
            Footer::Help(t) => (draw::Foot::Help, t),
            Footer::Note(t) => (draw::Foot::Note, t),
            Footer::Named(n, t) => (draw::Foot::Named(n), t),
        };
        let (t, ascii) = terminal_safe_ascii(t);
        notes.push((kind, t, ascii));
    }
    let plan = draw::Plan { level, title, code, message, message_ascii, path: name.as_ref(), parts, footers: notes };
    draw::draw_into(&plan, style.color, out, &mut bufs.draw);
    out.push_str("\n\n");
    // The buffers, for the next message.
    let draw::Plan { mut parts, footers: notes, .. } = plan;
    for part in parts.drain(..) {
        if let draw::Part::Snippet { marks, lines, .. } = part {
            bufs.marks.push(recycle(marks));
            bufs.lines.push(recycle(lines));
        }
    }
    bufs.parts = recycle(parts);
    bufs.notes = recycle(notes);
    bufs.by_line = recycle(by_line);
    bufs.messages = recycle(messages);
    (bufs.clusters, bufs.cluster_of) = (clusters, cluster_of);
}

impl Diagnostic {
    /// Render as rustc-style text.
    pub fn render(&self, file: &SourceFile, style: Style) -> String {
        let mut footers: Vec<Footer<'_>> = Vec::new();
        if let Some(h) = &self.help {
            footers.push(Footer::Help(h));
        }
        for n in &self.notes {
            footers.push(Footer::Note(n));
        }
        render(style, self.level, self.code.as_str(), &self.message, file, &self.labels, &footers)
    }

    /// One line: `file:line:col: level[code]: message`.
    pub fn short(&self, file: &SourceFile) -> String {
        let p = self.position(file);
        let mut s = String::new();
        let _ = write!(s, "{}:{}:{}: {}[{}]: {}", file.name, p.line, p.column, self.level, self.code, self.message);
        s
    }
}

/// The closest candidate to `name` by edit distance, if it is close enough to
/// be a likely typo.
pub fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.len().abs_diff(name.len()) > limit {
            continue;
        }
        let d = edit_distance(name, c);
        if d <= limit && d < name.chars().count() && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance over characters: insertions, deletions, substitutions and
/// transpositions of two adjacent characters (optimal string alignment), so
/// that the common typo `titel` is one edit from `title`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two rows back (for transpositions), the previous and the current.
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let sub = prev[j] + usize::from(a[i] != b[j]);
            let mut d = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(prev2[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `all_bytes` agrees with a check of each byte, at every length up to
    /// a few blocks and with the one byte that fails at every position.
    #[test]
    fn all_bytes_looks_at_every_byte() {
        let ok = |b: u8| b != b'x';
        for n in 0..100 {
            let good = vec![b'a'; n];
            assert!(all_bytes(&good, ok), "{n}");
            for at in 0..n {
                let mut bad = good.clone();
                bad[at] = b'x';
                assert!(!all_bytes(&bad, ok), "{n} {at}");
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("txt", ["text", "kind", "tags"]), Some("text"));
        assert_eq!(did_you_mean("abstain", ["affirms", "denies", "abstains"]), Some("abstains"));
        assert_eq!(did_you_mean("zzzzzz", ["text", "kind"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(did_you_mean("titel", ["title", "source", "description", "url"]), Some("title"));
    }
}
