//! Source files, byte spans and line/column positions.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A half-open byte range into a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// The format of a map file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Toml,
    Json,
    /// Argdown (`.argdown`), read by [`crate::formats::argdown`].
    Argdown,
    /// AIF JSON (`nodes` and `edges`), read by [`crate::formats::aif`].
    Aif,
    /// An abstract argumentation framework (ICCMA 2023 or apx), read by
    /// [`crate::formats`], never as a map.
    Af,
}

impl Format {
    /// The format implied by a file name's extension, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "argdown" => Some(Format::Argdown),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
            Format::Argdown => "argdown",
            Format::Aif => "aif",
            Format::Af => "af",
        }
    }
}

/// A 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The text of one map file, with its name as shown in messages. The text
/// and its line index are shared: a clone (the map keeps one, its report
/// another) costs no copy of a file that may be hundreds of megabytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in messages (the path as given, or `<stdin>`).
    pub name: String,
    /// The path on disk, if the map came from a file.
    pub path: Option<PathBuf>,
    pub format: Format,
    pub text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
    /// For each block of `1 << BLOCK_BITS` bytes, the (0-based) line its
    /// first byte is on: a line is searched for among the few lines of its
    /// block, not among all the file's.
    blocks: Arc<Vec<usize>>,
    /// Column checkpoints of the long lines, built at the first position
    /// asked for on a long line, each line's own at the first position on it.
    long_lines: Arc<OnceLock<LongLines>>,
}

/// Lines longer than this (in bytes) have column checkpoints every
/// `CHECKPOINT` bytes; a column on a shorter line is counted from its start.
/// Either way a column costs at most this many bytes counted.
const CHECKPOINT: usize = 1024;

/// A file's lines are looked up by blocks of this many bytes (a power of two).
const BLOCK_BITS: u32 = 10;

/// The (0-based) line of the first byte of each block of `1 << BLOCK_BITS`
/// bytes of a text `len` bytes long whose lines start at `line_starts`
/// (every offset up to `len` included is in a block).
fn line_blocks(line_starts: &[usize], len: usize) -> Vec<usize> {
    let mut line = 0;
    (0..=len >> BLOCK_BITS)
        .map(|b| {
            let at = b << BLOCK_BITS;
            while line + 1 < line_starts.len() && line_starts[line + 1] <= at {
                line += 1;
            }
            line
        })
        .collect()
}

/// The long lines of a file (by line index), each with its checkpoints: the
/// number of characters before each multiple of [`CHECKPOINT`] bytes from
/// the line's start.
#[derive(Debug, Default)]
struct LongLines {
    lines: Vec<usize>,
    checkpoints: Vec<OnceLock<Box<[usize]>>>,
}

/// Characters that start in `bytes` (of UTF-8 text, cut anywhere): the bytes
/// that are not continuation bytes. Counting them is what `chars().count()`
/// does on whole text, and the compiler vectorises it.
fn chars_starting_in(bytes: &[u8]) -> usize {
    // ASCII, as most lines are: a byte is a char (the test reads a word at a time).
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, format: Format, text: String) -> Self {
        let line_starts = line_starts(text.as_bytes());
        let blocks = line_blocks(&line_starts, text.len());
        SourceFile {
            name: name.into(),
            path,
            format,
            text: Arc::new(text),
            line_starts: Arc::new(line_starts),
            blocks: Arc::new(blocks),
            long_lines: Arc::default(),
        }
    }

    /// Line and column (1-based, column in characters) of a byte offset.
    /// A column costs at most [`CHECKPOINT`] bytes counted, however long its
    /// line: a map written on one line (minified JSON) has its positions
    /// found as fast as the same map pretty-printed.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line(offset) - 1;
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let bytes = self.text.as_bytes();
        let column = if end - start <= CHECKPOINT {
            chars_starting_in(&bytes[start..end])
        } else {
            let k = (end - start) / CHECKPOINT;
            self.checkpoints(line)[k - 1] + chars_starting_in(&bytes[start + k * CHECKPOINT..end])
        };
        LineCol { line: line + 1, column: column + 1 }
    }

    /// The checkpoints of a long line: entry `k - 1` is the number of
    /// characters in its first `k * CHECKPOINT` bytes.
    fn checkpoints(&self, line: usize) -> &[usize] {
        let long = self.long_lines.get_or_init(|| {
            let ends = self.line_starts.iter().skip(1).copied().chain([self.text.len()]);
            let lines: Vec<usize> = self
                .line_starts
                .iter()
                .zip(ends)
                .enumerate()
                .filter(|(_, (s, e))| e - *s > CHECKPOINT)
                .map(|(i, _)| i)
                .collect();
            let checkpoints = lines.iter().map(|_| OnceLock::new()).collect();
            LongLines { lines, checkpoints }
        });
        let i = long.lines.binary_search(&line).expect("a line longer than a checkpoint is listed");
        long.checkpoints[i].get_or_init(|| {
            let start = self.line_starts[line];
            let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
            let mut total = 0;
            self.text.as_bytes()[start..end]
                .chunks_exact(CHECKPOINT)
                .map(|c| {
                    total += chars_starting_in(c);
                    total
                })
                .collect()
        })
    }

    /// The 1-based line of a byte offset (`line_col(offset).line`, without
    /// counting the column).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // The lines that start in `offset`'s block, after the line of its
        // first byte: the line is that one or one of them.
        let b = offset >> BLOCK_BITS;
        let first = self.blocks[b];
        let end = self.blocks.get(b + 1).map_or(self.line_starts.len(), |&l| l + 1);
        first + self.line_starts[first..end].partition_point(|&s| s <= offset)
    }

    /// The 1-based line of `offset`, or `line` if it is before that line's
    /// end: for the end of a span starting on `line`, most often on it too.
    pub(crate) fn line_from(&self, line: usize, offset: usize) -> usize {
        match self.line_starts.get(line) {
            Some(&next) if offset >= next => self.line(offset),
            _ => line,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let mut end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        // Every `\n` and `\r` at the end (`trim_end_matches(['\n', '\r'])`,
        // a byte at a time: neither byte is part of another character).
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        &self.text[start..end]
    }

    /// Where the 1-based lines `first..=last` start (byte offsets).
    pub(crate) fn line_starts(&self, first: usize, last: usize) -> &[usize] {
        &self.line_starts[first - 1..last]
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_offset(&self, line: usize) -> usize {
        self.line_starts[(line.max(1) - 1).min(self.line_starts.len() - 1)]
    }

    /// Byte offset where a 1-based line's text ends (before its line ending).
    pub fn line_end(&self, line: usize) -> usize {
        let start = self.line_offset(line);
        start + self.line_text(line.max(1).min(self.line_starts.len())).len()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Texts at least this long have their lines found on every core.
const PARALLEL_LINES_MIN: usize = 8 << 20;

/// Where each line starts: 0, and after each `\n`. A long text is cut in
/// parts whose newlines are found on every core, then joined in order.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    let threads = crate::par::threads();
    if bytes.len() < PARALLEL_LINES_MIN || threads < 2 {
        push_newlines(bytes, &mut out);
        return out;
    }
    let part = bytes.len().div_ceil(threads * 4);
    let parts: Vec<(usize, &[u8])> = bytes.chunks(part).enumerate().map(|(i, c)| (i * part, c)).collect();
    let found = crate::par::map_ordered(
        &parts,
        threads,
        || (),
        |_, &(at, chunk)| {
            let mut v = Vec::new();
            push_newlines(chunk, &mut v);
            v.iter_mut().for_each(|x| *x += at);
            v
        },
    );
    out.reserve(found.iter().map(Vec::len).sum());
    for v in found {
        out.extend(v);
    }
    out
}

/// Offsets just after each `\n` (see [`each_line_feed`]). The line index of
/// a 350 MB map is built in a fraction of the time a byte-by-byte scan takes.
fn push_newlines(bytes: &[u8], out: &mut Vec<usize>) {
    // Room for lines of 16 bytes on average (a map's are longer), then what
    // is left over given back: grown instead, the index would be copied,
    // and held at up to twice its size. (The room never used is never
    // touched, and the allocator gives it back in place.)
    out.reserve(bytes.len() / 16);
    each_line_feed(bytes, |nl| out.push(nl + 1));
    out.shrink_to_fit();
}

/// A high bit in each byte of `w` that is zero, and possibly in bytes after
/// one (a borrow runs only towards later bytes): the lowest is exact, and a
/// word with none has no zero byte.
pub(crate) fn zero_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    w.wrapping_sub(ONES) & !w & 0x8080_8080_8080_8080
}

/// `b` in every byte of a word.
pub(crate) const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Call `f` with the offset of each `\n` in `b`, in order: eight bytes at a
/// time (a word with no line feed, most of them, costs a few instructions
/// instead of eight comparisons).
pub(crate) fn each_line_feed(b: &[u8], mut f: impl FnMut(usize)) {
    let mut words = b.chunks_exact(8);
    let mut i = 0;
    for word in &mut words {
        let mut found = zero_bytes(u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ splat(b'\n'));
        // Each candidate is checked: only the lowest is sure.
        while found != 0 {
            let k = i + (found.trailing_zeros() / 8) as usize;
            if b[k] == b'\n' {
                f(k);
            }
            found &= found - 1;
        }
        i += 8;
    }
    for (k, &c) in words.remainder().iter().enumerate() {
        if c == b'\n' {
            f(i + k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_found_in_words_and_in_the_tail() {
        for text in ["", "\n", "a\nb", "0123456\n89abcdef\n\n\nxyz\n", "\n\n\n\n\n\n\n\n\n"] {
            let mut fast = Vec::new();
            push_newlines(text.as_bytes(), &mut fast);
            let slow: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
        let long: String = (0..1000).map(|i| if i % 7 == 0 { '\n' } else { 'x' }).collect();
        let mut fast = Vec::new();
        push_newlines(long.as_bytes(), &mut fast);
        assert_eq!(fast.len(), 143);
        assert!(fast.iter().all(|&i| long.as_bytes()[i - 1] == b'\n'));
        // In parts on several cores, as in one pass.
        let big: String = (0..PARALLEL_LINES_MIN * 2 + 5).map(|i| if i % 97 == 3 { '\n' } else { 'y' }).collect();
        let mut one = vec![0];
        push_newlines(big.as_bytes(), &mut one);
        assert_eq!(line_starts(big.as_bytes()), one);
    }

    /// The column as it was always computed: characters from the line's
    /// start to the offset (rounded down to a character boundary).
    fn naive(text: &str, offset: usize) -> LineCol {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..start].matches('\n').count() + 1;
        LineCol { line, column: text[start..end].chars().count() + 1 }
    }

    #[test]
    fn lines_and_columns_match_the_naive_count_on_long_and_short_lines() {
        // Random text of one- to four-byte characters, with lines from empty
        // to many checkpoints long, some ending in CRLF.
        let pieces = ["a", "é", "ក", "😀", "\t", "\r\n", "\n", "\"", "ü"];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..40 {
            let mut text = String::new();
            let len = [10, 900, 5000, 40_000][round % 4];
            while text.len() < len {
                let r = next();
                // Newlines rare on some rounds: lines of many checkpoints.
                let p = pieces[(r % pieces.len() as u64) as usize];
                if p.contains('\n') && (r >> 32) % [1, 50, 400, 4000][round % 4] != 0 {
                    continue;
                }
                text.push_str(p);
            }
            let file = SourceFile::new("t", None, Format::Json, text.clone());
            // Every offset of the small texts, random ones of the large (in random order).
            let offsets: Vec<usize> = if text.len() <= 1000 {
                (0..=text.len() + 2).collect()
            } else {
                (0..3000).map(|_| (next() % (text.len() as u64 + 3)) as usize).collect()
            };
            for &o in &offsets {
                assert_eq!(file.line_col(o), naive(&text, o), "offset {o} of round {round}");
                assert_eq!(file.line(o), naive(&text, o).line, "line of offset {o} of round {round}");
                let before = naive(&text, o.saturating_sub(o % 7)).line;
                assert_eq!(file.line_from(before, o), naive(&text, o).line, "line from {before} of offset {o}");
            }
        }
        // Exactly at checkpoints, and just around them, on one long line.
        let line: String = "ab€😀".repeat(3000);
        let file = SourceFile::new("t", None, Format::Toml, format!("x\n{line}\ny"));
        for k in 0..line.len() / CHECKPOINT + 2 {
            for d in [0, 1, 2, 3] {
                let o = (2 + k * CHECKPOINT + d).saturating_sub(2);
                assert_eq!(file.line_col(o), naive(file.text.as_str(), o), "offset {o}");
            }
        }
    }
}
