//! Reading CSV text: records, the header row, and the problems found in rows.

use std::borrow::Cow;

use super::MAX_PROBLEMS;
use crate::error::{Error, RowProblem};

/// A small RFC 4180 reader over text in memory. Fields borrow the text unless
/// they contain an escaped quote.
pub struct CsvReader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> CsvReader<'a> {
    /// A reader of `text`; a leading byte-order mark is skipped.
    pub fn new(text: &'a str) -> CsvReader<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        CsvReader { text, pos: 0, line: 1 }
    }

    /// Read the next record into `fields`. Returns the line it starts on, or
    /// `None` at the end. Blank lines are skipped. After an error the reader
    /// continues at the next line.
    pub fn next_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<usize>, RowProblem> {
        let b = self.text.as_bytes();
        fields.clear();
        loop {
            match b.get(self.pos) {
                None => return Ok(None),
                Some(b'\n' | b'\r') => self.end_line(),
                Some(_) => break,
            }
        }
        let start_line = self.line;
        loop {
            if b.get(self.pos) == Some(&b'"') {
                let open_line = self.line;
                let start = self.pos + 1;
                let mut i = start;
                let mut escaped = false;
                loop {
                    match b.get(i) {
                        None => {
                            self.pos = b.len();
                            return Err(RowProblem::new(
                                open_line,
                                "a quoted field is not closed: it runs to the end of the file (a `\"` inside a quoted field is written `\"\"`)",
                            ));
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                            escaped = true;
                            i += 2;
                        }
                        Some(b'"') => break,
                        Some(b'\n') => {
                            self.line += 1;
                            i += 1;
                        }
                        Some(b'\r') => {
                            // A lone CR ends a line too (old Mac files); in CRLF the LF counts.
                            if b.get(i + 1) != Some(&b'\n') {
                                self.line += 1;
                            }
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                let raw = &self.text[start..i];
                fields.push(if escaped { Cow::Owned(raw.replace("\"\"", "\"")) } else { Cow::Borrowed(raw) });
                self.pos = i + 1;
                match b.get(self.pos) {
                    None => return Ok(Some(start_line)),
                    Some(b',') => self.pos += 1,
                    Some(b'\n' | b'\r') => {
                        self.end_line();
                        return Ok(Some(start_line));
                    }
                    Some(_) => {
                        let line = self.line;
                        self.skip_line();
                        return Err(RowProblem::new(
                            line,
                            "text after a closing quote (a `\"` inside a quoted field is written `\"\"`)",
                        ));
                    }
                }
            } else {
                let start = self.pos;
                let mut i = start;
                while i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
                    i += 1;
                }
                fields.push(Cow::Borrowed(&self.text[start..i]));
                self.pos = i;
                match b.get(i) {
                    None => return Ok(Some(start_line)),
                    Some(b',') => self.pos += 1,
                    Some(_) => {
                        self.end_line();
                        return Ok(Some(start_line));
                    }
                }
            }
        }
    }

    /// Step over the line end at the position: LF, CRLF or a lone CR.
    fn end_line(&mut self) {
        let b = self.text.as_bytes();
        match b.get(self.pos) {
            Some(b'\r') if b.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
            Some(b'\r' | b'\n') => self.pos += 1,
            _ => {}
        }
        self.line += 1;
    }

    fn skip_line(&mut self) {
        let b = self.text.as_bytes();
        while self.pos < b.len() && !matches!(b[self.pos], b'\n' | b'\r') {
            self.pos += 1;
        }
        if self.pos < b.len() {
            self.end_line();
        }
    }
}

/// Quote a CSV field when it needs it.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// The header of a CSV file: column names, compared case-insensitively.
pub(super) struct Header {
    pub(super) names: Vec<String>,
}

impl Header {
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.names.iter().position(|n| n.trim().eq_ignore_ascii_case(name))
    }
    /// A problem when two columns have the name (the first two such).
    pub(super) fn duplicate(&self, name: &str) -> Option<RowProblem> {
        let name = name.trim();
        let mut same = self.names.iter().enumerate().filter(|(_, n)| n.trim().eq_ignore_ascii_case(name));
        let (i, a) = same.next()?;
        let (j, b) = same.next()?;
        Some(RowProblem::new(
            1,
            format!(
                "columns {} (`{}`) and {} (`{}`) are both named `{name}` (names match in any case): rename one",
                i + 1,
                a.trim(),
                j + 1,
                b.trim()
            ),
        ))
    }
    /// Report a duplicate of each of `names` that the file has.
    pub(super) fn check_duplicates<'n>(&self, names: impl IntoIterator<Item = &'n str>, problems: &mut Problems) {
        let mut seen: Vec<String> = Vec::new();
        for n in names {
            let key = n.trim().to_ascii_lowercase();
            if seen.contains(&key) {
                continue;
            }
            if let Some(p) = self.duplicate(n) {
                problems.push(p);
            }
            seen.push(key);
        }
    }
    pub(super) fn list(&self) -> String {
        self.names.iter().map(|n| format!("`{}`", n.trim())).collect::<Vec<_>>().join(", ")
    }
}

/// Decode a file's bytes as UTF-8, or say on which line it is not.
#[derive(Default)]
pub(super) struct Problems {
    list: Vec<RowProblem>,
    total: usize,
}

impl Problems {
    pub(super) fn push(&mut self, p: RowProblem) {
        self.total += 1;
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        }
    }
    /// An error now when there is any problem; otherwise collect on.
    pub(super) fn fail_if_any(&mut self, file: &str) -> Result<(), Error> {
        if self.total == 0 {
            return Ok(());
        }
        std::mem::take(self).into_result(file)
    }
    pub(super) fn into_result(mut self, file: &str) -> Result<(), Error> {
        if self.total == 0 {
            return Ok(());
        }
        self.list.sort_by_key(|p| p.line);
        Err(Error::Import { file: file.to_string(), problems: self.list, total: self.total })
    }
}

/// A header row, or the problem that the file has none.
pub(super) fn read_header<'a>(rd: &mut CsvReader<'a>, fields: &mut Vec<Cow<'a, str>>) -> Result<Header, RowProblem> {
    match rd.next_record(fields) {
        Ok(Some(_)) => Ok(Header { names: fields.iter().map(|f| f.to_string()).collect() }),
        Ok(None) => Err(RowProblem::new(1, "the file is empty: it needs a header row")),
        Err(p) => Err(p),
    }
}

/// The next record with `width` fields, the line it starts on; a record
/// that cannot be read or has another number of fields is a problem, and
/// skipped. `None` at the end.
pub(super) fn next_full_row<'a>(
    rd: &mut CsvReader<'a>,
    fields: &mut Vec<Cow<'a, str>>,
    width: usize,
    problems: &mut Problems,
) -> Option<usize> {
    loop {
        match rd.next_record(fields) {
            Ok(Some(line)) if fields.len() == width => return Some(line),
            Ok(Some(line)) => {
                problems.push(RowProblem::new(line, format!("{} fields, but the header has {width}", fields.len())))
            }
            Ok(None) => return None,
            Err(p) => problems.push(p),
        }
    }
}
