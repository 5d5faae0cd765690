//! Roll-call votes in CSV, read for `elenchus import votes` (which builds the
//! map from them: [`crate::import`]).
//!
//! # Input
//!
//! The votes file is CSV (RFC 4180: comma-separated, fields may be quoted with
//! `"`, a `"` inside a quoted field is written `""`, quoted fields may span
//! lines; lines end in LF, CRLF or a lone CR) with a header row. Two columns
//! with the name of a column the import reads are an error naming both. One row is one vote; the columns used are named in
//! [`VotesOptions`] (by default `resolution`, `date`, `country`, `vote`; header
//! names match case-insensitively, other columns are ignored). A vote is `yes`,
//! `no`, `abstain` or `absent`, case-insensitive, with `y`, `n`, `a` for the
//! first three. `yes` becomes a stance that `affirms` the resolution, `no` one
//! that `denies` it, `abstain` one that `abstains`; `absent` is no stance.
//!
//! The optional resolutions file (CSV too) gives each resolution's text (the
//! claim's `text`: the columns of [`VotesOptions::text_columns`], by default
//! `title`, joined by `: `), symbol (named in the stances' `via`;
//! [`VotesOptions::symbol_column`], by default `symbol`) and `date` (used when
//! a vote row has none), keyed by the same column as the votes
//! (`resolution`). When it has `yes`, `no` and `abstain` columns, the counted
//! votes are compared with them and any difference is reported as a warning.
//! Claim tags come from it too: each column of [`VotesOptions::tag_columns`]
//! gives the tag `COLUMN-VALUE` (`session` = `70` → `session-70`; a number
//! written with a zero fraction, `70.0`, is written `70`), each column of
//! [`VotesOptions::flag_columns`] the tag `COLUMN` when its value is `1`,
//! `true` or `yes` (none when `0`, `false`, `no` or empty; anything else is a
//! bad row). The optional tags file (CSV keyed by the same column) gives one
//! tag per row, from [`VotesOptions::tags_column`] (by default `tag`); a
//! resolution may have any number of rows. Tags are written as
//! [`slug`](crate::import::slug)s (`Palestinian conflict` →
//! `palestinian-conflict`), sorted, each once.
//!
//! Any input file may be gzip-compressed: it is recognised by its first bytes
//! (the gzip magic number), whatever its name, and decompressed while read
//! (up to the same size limit as a map).
//!
//! Every bad row is reported with its line number (the line the record starts
//! on; the header is line 1) and what is wrong: an unknown vote, a missing or
//! empty column, a bad date, a duplicate vote of one actor on one resolution,
//! a resolution the resolutions file does not list. Nothing is produced when
//! any row is bad.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::Error;
use crate::model::{Date, Position};

/// Default name of the column naming the voter.
pub const DEFAULT_ACTOR_COLUMN: &str = "country";
/// Default name of the column naming the resolution.
pub const DEFAULT_CLAIM_COLUMN: &str = "resolution";
/// Default name of the column with the date of the vote.
pub const DEFAULT_DATE_COLUMN: &str = "date";
/// Default name of the column with the vote.
pub const DEFAULT_VOTE_COLUMN: &str = "vote";
/// At most this many bad rows are kept for the error (all are counted).
const MAX_PROBLEMS: usize = 1000;

/// One recorded vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vote {
    Yes,
    No,
    Abstain,
    /// Did not vote: no stance.
    Absent,
}

impl Vote {
    /// `yes|no|abstain|absent` or `y|n|a`, case-insensitive, surrounding spaces ignored.
    pub fn parse(s: &str) -> Option<Vote> {
        let s = s.trim();
        let is = |w: &str| s.eq_ignore_ascii_case(w);
        if is("yes") || is("y") {
            Some(Vote::Yes)
        } else if is("no") || is("n") {
            Some(Vote::No)
        } else if is("abstain") || is("a") {
            Some(Vote::Abstain)
        } else if is("absent") {
            Some(Vote::Absent)
        } else {
            None
        }
    }
    /// The stance a vote records: `yes` affirms, `no` denies, `abstain` abstains, `absent` none.
    pub fn position(self) -> Option<Position> {
        match self {
            Vote::Yes => Some(Position::Affirms),
            Vote::No => Some(Position::Denies),
            Vote::Abstain => Some(Position::Abstains),
            Vote::Absent => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Yes => "yes",
            Vote::No => "no",
            Vote::Abstain => "abstain",
            Vote::Absent => "absent",
        }
    }
}

pub use crate::error::{RowProblem, describe_problems};

/// How to read the votes and what to write.
#[derive(Clone, Debug)]
pub struct VotesOptions {
    /// Column naming the voter (an actor).
    pub actor_column: String,
    /// Column naming the resolution (a claim); also the key column of the resolutions file.
    pub claim_column: String,
    /// Column with the date of the vote. `None`: `date` when the file has it,
    /// otherwise the resolution's date from the resolutions file.
    pub date_column: Option<String>,
    /// Column with the vote.
    pub vote_column: String,
    /// Evidence credited on every stance, on new claims and on a new map (such as "United Nations").
    pub source: Option<String>,
    /// Title of a new map (without a base map).
    pub title: Option<String>,
    /// `kind` of new actors (such as `state`).
    pub actor_kind: Option<String>,
    /// `kind` of new claims.
    pub claim_kind: String,
    /// Write names given in capitals in title case (`UNITED STATES` → `United States`).
    pub title_case_names: bool,
    /// Columns of the resolutions file whose values, joined by `: ` (empty ones
    /// left out), are a claim's text.
    pub text_columns: Vec<String>,
    /// Column of the resolutions file with the symbol named in `via`.
    pub symbol_column: String,
    /// Columns of the resolutions file whose value gives the tag `COLUMN-VALUE`.
    pub tag_columns: Vec<String>,
    /// Columns of the resolutions file with a flag (`1`/`0`, `true`/`false`,
    /// `yes`/`no`, or empty): the tag `COLUMN` when set.
    pub flag_columns: Vec<String>,
    /// Column of the tags file with the tag.
    pub tags_column: String,
}

/// Default column of the resolutions file with the claim's text.
pub const DEFAULT_TEXT_COLUMN: &str = "title";
/// Default column of the resolutions file with the symbol.
pub const DEFAULT_SYMBOL_COLUMN: &str = "symbol";
/// Default column of the tags file with the tag.
pub const DEFAULT_TAGS_COLUMN: &str = "tag";

/// Column settings for a known dataset. A preset only names columns: it
/// reads nothing the options could not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The UN General Assembly roll calls of Erik Voeten's data as packaged
    /// by the `unvotes` R package: `un_votes.csv` (`rcid,country,country_code,vote`),
    /// `un_roll_calls.csv` as the resolutions file (`rcid,session,importantvote,date,unres,amend,para,short,descr`)
    /// and `un_roll_call_issues.csv` as the tags file (`rcid,short_name,issue`).
    /// Claim column `rcid`, actor column `country`, text columns `short`, `descr`,
    /// symbol column `unres`, tag column `session`, flag column `importantvote`,
    /// tags column `issue`.
    Unvotes,
}

impl Preset {
    pub const ALL: [Preset; 1] = [Preset::Unvotes];
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Unvotes => "unvotes",
        }
    }
    /// Set the columns this preset names.
    pub fn apply(self, opts: &mut VotesOptions) {
        match self {
            Preset::Unvotes => {
                opts.claim_column = "rcid".into();
                opts.actor_column = "country".into();
                opts.vote_column = "vote".into();
                opts.text_columns = vec!["short".into(), "descr".into()];
                opts.symbol_column = "unres".into();
                opts.tag_columns = vec!["session".into()];
                opts.flag_columns = vec!["importantvote".into()];
                opts.tags_column = "issue".into();
            }
        }
    }
}

impl Default for VotesOptions {
    fn default() -> Self {
        VotesOptions {
            actor_column: DEFAULT_ACTOR_COLUMN.into(),
            claim_column: DEFAULT_CLAIM_COLUMN.into(),
            date_column: None,
            vote_column: DEFAULT_VOTE_COLUMN.into(),
            source: None,
            title: None,
            actor_kind: None,
            claim_kind: "proposal".into(),
            title_case_names: false,
            text_columns: vec![DEFAULT_TEXT_COLUMN.into()],
            symbol_column: DEFAULT_SYMBOL_COLUMN.into(),
            tag_columns: Vec::new(),
            flag_columns: Vec::new(),
            tags_column: DEFAULT_TAGS_COLUMN.into(),
        }
    }
}

// ---------------------------------------------------------------------------
// CSV

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
struct Header {
    names: Vec<String>,
}

impl Header {
    fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.names.iter().position(|n| n.trim().eq_ignore_ascii_case(name))
    }
    /// A problem when two columns have the name (the first two such).
    fn duplicate(&self, name: &str) -> Option<RowProblem> {
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
    fn check_duplicates<'n>(&self, names: impl IntoIterator<Item = &'n str>, problems: &mut Problems) {
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
    fn list(&self) -> String {
        self.names.iter().map(|n| format!("`{}`", n.trim())).collect::<Vec<_>>().join(", ")
    }
}

/// Decode a file's bytes as UTF-8, or say on which line it is not.
fn decode<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let lone_cr = before.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
            + usize::from(before.last() == Some(&b'\r'));
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count() + lone_cr;
        Error::Import {
            file: file.to_string(),
            problems: vec![RowProblem::new(line, "the file is not valid UTF-8 here; save it as UTF-8")],
            total: 1,
        }
    })
}

/// Collects bad rows, keeping the first [`MAX_PROBLEMS`].
#[derive(Default)]
struct Problems {
    list: Vec<RowProblem>,
    total: usize,
}

impl Problems {
    fn push(&mut self, p: RowProblem) {
        self.total += 1;
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        }
    }
    /// An error now when there is any problem; otherwise collect on.
    fn fail_if_any(&mut self, file: &str) -> Result<(), Error> {
        if self.total == 0 {
            return Ok(());
        }
        std::mem::take(self).into_result(file)
    }
    fn into_result(mut self, file: &str) -> Result<(), Error> {
        if self.total == 0 {
            return Ok(());
        }
        self.list.sort_by_key(|p| p.line);
        Err(Error::Import { file: file.to_string(), problems: self.list, total: self.total })
    }
}

// ---------------------------------------------------------------------------
// Names and ids

/// The identity of a name: trimmed, runs of white space as one space, lower-cased.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Title case for names written in capitals (`DEMOCRATIC REPUBLIC OF THE CONGO`
/// → `Democratic Republic of the Congo`, `COTE D'IVOIRE` → `Cote d'Ivoire`).
/// Names with any lower-case letter are returned as they are.
pub fn title_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    const SMALL: &[&str] = &["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"];
    let mut out = String::with_capacity(name.len());
    for (wi, word) in name.split(' ').enumerate() {
        if wi > 0 {
            out.push(' ');
        }
        for (pi, part) in word.split('-').enumerate() {
            if pi > 0 {
                out.push('-');
            }
            let lower = part.to_lowercase();
            let core = lower.trim_matches(|c: char| !c.is_alphanumeric());
            if (wi > 0 || pi > 0) && SMALL.contains(&core) {
                out.push_str(&lower);
                continue;
            }
            // `d'ivoire` → `d'Ivoire`; `people's` → `People's`.
            let (prefix, rest) = match lower.strip_prefix("d'") {
                Some(rest) if wi > 0 && !rest.is_empty() => ("d'", rest),
                _ => ("", lower.as_str()),
            };
            out.push_str(prefix);
            let mut up = true;
            for c in rest.chars() {
                if up && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    up = false;
                } else {
                    out.push(c);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Reading the votes

/// A resolution: one claim.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// As written in the resolution column (trimmed).
    pub key: String,
    /// The symbol named in `via` (from the resolutions file, else the key).
    pub symbol: String,
    pub title: Option<String>,
    /// From the resolutions file.
    pub date: Option<Date>,
    /// `yes`, `no`, `abstain` totals given by the resolutions file.
    pub totals: Option<[u32; 3]>,
    /// Votes counted: yes, no, abstain, absent.
    pub counts: [u32; 4],
    /// Tags from the resolutions and tags files: sorted, each once.
    pub tags: Vec<String>,
}

impl Resolution {
    /// The date of the vote: the resolutions file's, else the most common date of its rows.
    fn vote_date(&self, common: Option<Date>) -> Option<Date> {
        self.date.or(common)
    }
}

/// A voter: one actor.
#[derive(Clone, Debug)]
pub struct Voter {
    /// The name as first written (in title case when asked).
    pub name: String,
    /// Its identity ([`name_key`]).
    pub key: String,
}

/// One vote row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteRow {
    pub resolution: u32,
    pub voter: u32,
    pub vote: Vote,
    /// The date in the row, if any.
    pub date: Option<Date>,
    pub line: u32,
}

/// Which row holds the vote of a voter on a resolution.
#[derive(Clone, Debug)]
enum Cells {
    Dense { voters: usize, rows: Vec<u32> },
    Sparse(HashMap<(u32, u32), u32>),
}

impl Cells {
    fn new(resolutions: usize, voters: usize) -> Cells {
        match resolutions.checked_mul(voters) {
            Some(n) if n <= 1 << 26 => Cells::Dense { voters, rows: vec![u32::MAX; n] },
            _ => Cells::Sparse(HashMap::new()),
        }
    }
    fn get(&self, r: u32, v: u32) -> Option<u32> {
        match self {
            Cells::Dense { voters, rows } => {
                let x = rows[r as usize * voters + v as usize];
                (x != u32::MAX).then_some(x)
            }
            Cells::Sparse(m) => m.get(&(r, v)).copied(),
        }
    }
    fn set(&mut self, r: u32, v: u32, row: u32) {
        match self {
            Cells::Dense { voters, rows } => rows[r as usize * *voters + v as usize] = row,
            Cells::Sparse(m) => {
                m.insert((r, v), row);
            }
        }
    }
}

/// Votes read from CSV, checked: no bad row, no duplicate vote.
#[derive(Clone, Debug)]
pub struct Votes {
    /// Name of the votes file (as given).
    pub file: String,
    /// Name of the resolutions file, if any.
    pub resolutions_file: Option<String>,
    /// In the order of their first vote, then those of the resolutions file without votes.
    pub resolutions: Vec<Resolution>,
    /// In the order of their first vote.
    pub voters: Vec<Voter>,
    /// In file order.
    pub rows: Vec<VoteRow>,
    /// Row indices grouped by resolution (file order within each): resolution
    /// `r` has `order[starts[r]..starts[r + 1]]`.
    pub(crate) order: Vec<u32>,
    pub(crate) starts: Vec<u32>,
    cells: Cells,
    /// Most common row date of each resolution.
    common_date: Vec<Option<Date>>,
    /// Things worth knowing that do not stop the import (rows of the tags
    /// file for resolutions not imported).
    pub warnings: Vec<String>,
}

impl Votes {
    /// The rows of one resolution, in file order.
    pub fn rows_of(&self, r: usize) -> impl Iterator<Item = &VoteRow> + '_ {
        self.order[self.starts[r] as usize..self.starts[r + 1] as usize].iter().map(|&i| &self.rows[i as usize])
    }
    /// The row index of a voter's vote on a resolution.
    pub fn vote_of(&self, resolution: u32, voter: u32) -> Option<usize> {
        self.cells.get(resolution, voter).map(|i| i as usize)
    }
    /// The date a resolution's votes are dated by default.
    pub fn resolution_date(&self, r: usize) -> Option<Date> {
        self.resolutions[r].vote_date(self.common_date[r])
    }
    /// Number of votes that are `absent`.
    pub fn absences(&self) -> usize {
        self.resolutions.iter().map(|r| r.counts[3] as usize).sum()
    }
}

struct ResInfo {
    key: String,
    symbol: Option<String>,
    title: Option<String>,
    date: Option<Date>,
    totals: Option<[u32; 3]>,
    tags: Vec<String>,
}

/// A tag from a value: a number written with a zero fraction (`70.0`) as the
/// integer, then as a [`slug`](crate::import::slug).
pub fn tag_of(value: &str) -> String {
    let v = value.trim();
    let v = match v.split_once('.') {
        Some((int, frac))
            if !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && !frac.is_empty()
                && frac.bytes().all(|b| b == b'0') =>
        {
            int
        }
        _ => v,
    };
    crate::import::slug(v)
}

/// A flag's value: `Some(true)` for `1`, `true`, `yes`, `y` (any case, `1.0`
/// too), `Some(false)` for `0`, `false`, `no`, `n` or empty, `None` otherwise.
pub fn parse_flag(value: &str) -> Option<bool> {
    let v = value.trim();
    let is = |w: &str| v.eq_ignore_ascii_case(w);
    if is("1") || is("1.0") || is("true") || is("yes") || is("y") {
        Some(true)
    } else if v.is_empty() || is("0") || is("0.0") || is("false") || is("no") || is("n") {
        Some(false)
    } else {
        None
    }
}

/// Sort and dedup tags.
fn tidy_tags(tags: &mut Vec<String>) {
    tags.retain(|t| !t.is_empty());
    tags.sort_unstable();
    tags.dedup();
}

/// A header row, or the problem that the file has none.
fn read_header<'a>(rd: &mut CsvReader<'a>, fields: &mut Vec<Cow<'a, str>>) -> Result<Header, RowProblem> {
    match rd.next_record(fields) {
        Ok(Some(_)) => Ok(Header { names: fields.iter().map(|f| f.to_string()).collect() }),
        Ok(None) => Err(RowProblem::new(1, "the file is empty: it needs a header row")),
        Err(p) => Err(p),
    }
}

/// The next record with `width` fields, the line it starts on; a record
/// that cannot be read or has another number of fields is a problem, and
/// skipped. `None` at the end.
fn next_full_row<'a>(
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

fn parse_resolutions(file: &str, text: &str, opts: &VotesOptions) -> Result<Vec<ResInfo>, Error> {
    let key_column = opts.claim_column.as_str();
    let mut rd = CsvReader::new(text);
    let mut fields = Vec::new();
    let mut problems = Problems::default();
    let header = match read_header(&mut rd, &mut fields) {
        Ok(h) => h,
        Err(p) => {
            problems.push(p);
            return problems.into_result(file).map(|_| Vec::new());
        }
    };
    let Some(key) = header.find(key_column) else {
        problems.push(RowProblem::new(
            1,
            format!(
                "no `{key_column}` column (the header has {}); it names the resolutions: the key \
                 column of the resolutions file is the votes file's claim column (`--claim-column`)",
                header.list()
            ),
        ));
        return problems.into_result(file).map(|_| Vec::new());
    };
    let mut names: Vec<&str> = vec![key_column, &opts.symbol_column, "date", "yes", "no", "abstain"];
    names.extend(opts.text_columns.iter().map(String::as_str));
    names.extend(opts.tag_columns.iter().map(String::as_str));
    names.extend(opts.flag_columns.iter().map(String::as_str));
    header.check_duplicates(names, &mut problems);
    // Columns named by options must be there; the default text and symbol columns may be missing.
    let required = |name: &str, what: &str, problems: &mut Problems| {
        let c = header.find(name);
        if c.is_none() {
            problems.push(RowProblem::new(
                1,
                format!("no `{name}` column for the {what} (the header has {})", header.list()),
            ));
        }
        c
    };
    let text_cols: Vec<usize> = if opts.text_columns == [DEFAULT_TEXT_COLUMN] {
        header.find(DEFAULT_TEXT_COLUMN).into_iter().collect()
    } else {
        opts.text_columns.iter().filter_map(|c| required(c, "claim text", &mut problems)).collect()
    };
    let symbol = if opts.symbol_column == DEFAULT_SYMBOL_COLUMN {
        header.find(DEFAULT_SYMBOL_COLUMN)
    } else {
        required(&opts.symbol_column, "symbol", &mut problems)
    };
    let tag_cols: Vec<(usize, &str)> =
        opts.tag_columns.iter().filter_map(|c| required(c, "tags", &mut problems).map(|i| (i, c.trim()))).collect();
    let flag_cols: Vec<(usize, String)> =
        opts.flag_columns.iter().filter_map(|c| required(c, "flag", &mut problems).map(|i| (i, tag_of(c)))).collect();
    problems.fail_if_any(file)?;
    let date = header.find("date");
    let totals = match (header.find("yes"), header.find("no"), header.find("abstain")) {
        (Some(y), Some(n), Some(a)) => Some([y, n, a]),
        _ => None,
    };
    let mut out: Vec<ResInfo> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    while let Some(line) = next_full_row(&mut rd, &mut fields, header.names.len(), &mut problems) {
        let get = |i: Option<usize>| i.map(|i| fields[i].trim()).filter(|s| !s.is_empty());
        let Some(k) = get(Some(key)) else {
            problems.push(RowProblem::new(line, format!("empty `{}`", header.names[key].trim())));
            continue;
        };
        let d = match get(date) {
            Some(s) => match Date::parse(s) {
                Some(d) => Some(d),
                None => {
                    problems.push(RowProblem::new(line, format!("`{s}` is not a date (write YYYY-MM-DD)")));
                    continue;
                }
            },
            None => None,
        };
        let t = match totals {
            Some(cols) => {
                let mut t = [0u32; 3];
                let mut ok = true;
                for (slot, c) in t.iter_mut().zip(cols) {
                    match fields[c].trim().parse::<u32>() {
                        Ok(n) => *slot = n,
                        Err(_) => ok = false,
                    }
                }
                ok.then_some(t)
            }
            None => None,
        };
        let mut tags: Vec<String> = Vec::new();
        for (c, name) in &tag_cols {
            if let Some(v) = get(Some(*c)) {
                tags.push(tag_of(&format!("{name}-{}", tag_of(v))));
            }
        }
        let mut bad_flag = false;
        for (c, tag) in &flag_cols {
            match parse_flag(&fields[*c]) {
                Some(true) => tags.push(tag.clone()),
                Some(false) => {}
                None => {
                    problems.push(RowProblem::new(
                        line,
                        format!(
                            "`{}` in `{}` is not a flag: write 1 or 0, true or false, yes or no (or leave it empty)",
                            fields[*c].trim(),
                            header.names[*c].trim()
                        ),
                    ));
                    bad_flag = true;
                }
            }
        }
        if bad_flag {
            continue;
        }
        tidy_tags(&mut tags);
        let ident = name_key(k);
        if let Some(&first) = seen.get(&ident) {
            problems.push(RowProblem::new(line, format!("resolution `{k}` is listed twice (first on line {first})")));
            continue;
        }
        seen.insert(ident, line);
        let mut title = String::new();
        for &c in &text_cols {
            if let Some(v) = get(Some(c))
                && v != title
            {
                if !title.is_empty() {
                    title.push_str(": ");
                }
                title.push_str(v);
            }
        }
        out.push(ResInfo {
            key: k.to_string(),
            symbol: get(symbol).map(str::to_string),
            title: (!title.is_empty()).then_some(title),
            date: d,
            totals: t,
            tags,
        });
    }
    problems.into_result(file)?;
    Ok(out)
}

/// The rows of a tags file: (resolution key, tag, line).
fn parse_tags(file: &str, text: &str, opts: &VotesOptions) -> Result<Vec<(String, String, usize)>, Error> {
    let mut rd = CsvReader::new(text);
    let mut fields = Vec::new();
    let mut problems = Problems::default();
    let header = match read_header(&mut rd, &mut fields) {
        Ok(h) => h,
        Err(p) => {
            problems.push(p);
            return problems.into_result(file).map(|_| Vec::new());
        }
    };
    let (key_column, tag_column) = (opts.claim_column.as_str(), opts.tags_column.as_str());
    let (key, tag) = (header.find(key_column), header.find(tag_column));
    for (c, name, what) in [(key, key_column, "resolutions"), (tag, tag_column, "tags")] {
        if c.is_none() {
            problems.push(RowProblem::new(
                1,
                format!("no `{name}` column (the header has {}); it names the {what}", header.list()),
            ));
        }
    }
    header.check_duplicates([key_column, tag_column], &mut problems);
    let (Some(key), Some(tag)) = (key, tag) else {
        return problems.into_result(file).map(|_| Vec::new());
    };
    problems.fail_if_any(file)?;
    let mut out = Vec::new();
    while let Some(line) = next_full_row(&mut rd, &mut fields, header.names.len(), &mut problems) {
        let k = fields[key].trim();
        if k.is_empty() {
            problems.push(RowProblem::new(line, format!("empty `{}`", header.names[key].trim())));
            continue;
        }
        let t = tag_of(&fields[tag]);
        if t.is_empty() {
            if !fields[tag].trim().is_empty() {
                problems.push(RowProblem::new(
                    line,
                    format!(
                        "`{}` in `{}` has no Latin letter or digit to make a tag of",
                        fields[tag].trim(),
                        header.names[tag].trim()
                    ),
                ));
            }
            continue;
        }
        out.push((k.to_string(), t, line));
    }
    problems.into_result(file)?;
    Ok(out)
}

/// Read and check votes (and optionally the resolutions file). Every bad
/// row is reported, in [`Error::Import`].
pub fn parse_votes(
    file: &str,
    text: &str,
    res_file: Option<(&str, &str)>,
    opts: &VotesOptions,
) -> Result<Votes, Error> {
    parse_votes_with_tags(file, text, res_file, None, opts)
}

/// [`parse_votes`] with a tags file too (name and text): one tag per row,
/// keyed by the claim column (see the module documentation).
pub fn parse_votes_with_tags(
    file: &str,
    text: &str,
    res_file: Option<(&str, &str)>,
    tags_file: Option<(&str, &str)>,
    opts: &VotesOptions,
) -> Result<Votes, Error> {
    let res_info = match res_file {
        Some((name, t)) => Some(parse_resolutions(name, t, opts)?),
        None => None,
    };
    let tag_rows = match tags_file {
        Some((name, t)) => Some((name, parse_tags(name, t, opts)?)),
        None => None,
    };
    let mut problems = Problems::default();
    let mut rd = CsvReader::new(text);
    let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(8);
    let header = match read_header(&mut rd, &mut fields) {
        Ok(h) => h,
        Err(p) => {
            problems.push(p);
            problems.into_result(file)?;
            unreachable!()
        }
    };
    let mut column = |name: &str, what: &str| {
        let c = header.find(name);
        if c.is_none() {
            problems.push(RowProblem::new(
                1,
                format!(
                    "no `{name}` column for the {what} (the header has {}); name it with --{what}-column",
                    header.list()
                ),
            ));
        }
        c
    };
    let claim_col = column(&opts.claim_column, "claim");
    let actor_col = column(&opts.actor_column, "actor");
    let vote_col = column(&opts.vote_column, "vote");
    let date_col = match &opts.date_column {
        Some(d) => column(d, "date"),
        None => header.find(DEFAULT_DATE_COLUMN),
    };
    let date_name = opts.date_column.as_deref().unwrap_or(DEFAULT_DATE_COLUMN);
    header.check_duplicates([&*opts.claim_column, &opts.actor_column, &opts.vote_column, date_name], &mut problems);
    let (Some(claim_col), Some(actor_col), Some(vote_col)) = (claim_col, actor_col, vote_col) else {
        problems.into_result(file)?;
        unreachable!()
    };
    problems.fail_if_any(file)?;
    let needed = [Some(claim_col), Some(actor_col), Some(vote_col), date_col];
    let width = header.names.len();

    // Resolutions known from the resolutions file, by identity.
    let mut resolutions: Vec<Resolution> = Vec::new();
    let mut res_by_key: HashMap<String, u32> = HashMap::new();
    if let Some(info) = &res_info {
        for (i, r) in info.iter().enumerate() {
            res_by_key.insert(name_key(&r.key), i as u32);
        }
    }
    // Resolution index in `resolutions` for each resolutions-file entry, once seen.
    let mut file_to_res: Vec<u32> = vec![u32::MAX; res_info.as_ref().map_or(0, Vec::len)];
    let mut res_raw: HashMap<Cow<'_, str>, u32> = HashMap::new();
    let mut res_ident: HashMap<String, u32> = HashMap::new();
    let mut unknown_res: HashSet<String> = HashSet::new();

    let mut voters: Vec<Voter> = Vec::new();
    let mut voter_raw: HashMap<Cow<'_, str>, u32> = HashMap::new();
    let mut voter_ident: HashMap<String, u32> = HashMap::new();

    let mut rows: Vec<VoteRow> = Vec::with_capacity(text.len() / 32);
    let mut last_res: Option<(Cow<'_, str>, u32)> = None;
    let mut last_date: Option<(Cow<'_, str>, Date)> = None;

    loop {
        let line = match rd.next_record(&mut fields) {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if fields.len() != width {
            let missing: Vec<String> = needed
                .iter()
                .flatten()
                .filter(|&&c| c >= fields.len())
                .map(|&c| format!("`{}`", header.names[c].trim()))
                .collect();
            let msg = if missing.is_empty() {
                format!("{} fields, but the header has {width} (an unquoted comma in a name?)", fields.len())
            } else {
                format!(
                    "missing column{} {}: the row has {} fields, the header {width}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", "),
                    fields.len()
                )
            };
            problems.push(RowProblem::new(line, msg));
            continue;
        }
        let mut bad = false;
        let mut empty = |c: usize, problems: &mut Problems| {
            let v = fields[c].trim();
            if v.is_empty() {
                problems.push(RowProblem::new(line, format!("empty `{}`", header.names[c].trim())));
                bad = true;
            }
        };
        empty(claim_col, &mut problems);
        empty(actor_col, &mut problems);
        empty(vote_col, &mut problems);
        if bad {
            continue;
        }
        let vote = match Vote::parse(&fields[vote_col]) {
            Some(v) => v,
            None => {
                problems.push(RowProblem::new(
                    line,
                    format!(
                        "unknown vote `{}` in `{}`: expected yes, no, abstain or absent (or y, n, a)",
                        fields[vote_col].trim(),
                        header.names[vote_col].trim()
                    ),
                ));
                continue;
            }
        };
        let date = match date_col {
            Some(c) => {
                let s = fields[c].trim();
                if s.is_empty() {
                    None
                } else if let Some((prev, d)) = &last_date
                    && prev.as_ref() == s
                {
                    Some(*d)
                } else {
                    match Date::parse(s) {
                        Some(d) => {
                            last_date = Some((Cow::Owned(s.to_string()), d));
                            Some(d)
                        }
                        None => {
                            problems.push(RowProblem::new(
                                line,
                                format!("`{s}` in `{}` is not a date (write YYYY-MM-DD)", header.names[c].trim()),
                            ));
                            continue;
                        }
                    }
                }
            }
            None => None,
        };
        // The resolution.
        let rs = fields[claim_col].trim();
        let resolution = match &last_res {
            Some((prev, r)) if prev.as_ref() == rs => *r,
            _ => {
                let r = match res_raw.get(rs) {
                    Some(&r) => r,
                    None => {
                        let ident = name_key(rs);
                        let r = match res_ident.get(&ident) {
                            Some(&r) => r,
                            None => {
                                let info_idx = match &res_info {
                                    Some(_) => match res_by_key.get(&ident) {
                                        Some(&i) => Some(i as usize),
                                        None => {
                                            if unknown_res.insert(ident.clone()) {
                                                problems.push(RowProblem::new(
                                                    line,
                                                    format!(
                                                        "resolution `{rs}` is not in `{}`",
                                                        res_file.map_or("", |r| r.0)
                                                    ),
                                                ));
                                            }
                                            continue;
                                        }
                                    },
                                    None => None,
                                };
                                let r = resolutions.len() as u32;
                                resolutions.push(new_resolution(rs, info_idx.map(|i| &res_info.as_ref().unwrap()[i])));
                                if let Some(i) = info_idx {
                                    file_to_res[i] = r;
                                }
                                res_ident.insert(ident, r);
                                r
                            }
                        };
                        res_raw.insert(Cow::Owned(rs.to_string()), r);
                        r
                    }
                };
                last_res = Some((Cow::Owned(rs.to_string()), r));
                r
            }
        };
        // The voter.
        let vs = fields[actor_col].trim();
        let voter = match voter_raw.get(vs) {
            Some(&v) => v,
            None => {
                let ident = name_key(vs);
                let v = match voter_ident.get(&ident) {
                    Some(&v) => v,
                    None => {
                        let v = voters.len() as u32;
                        let name = vs.split_whitespace().collect::<Vec<_>>().join(" ");
                        let name = if opts.title_case_names { title_case(&name) } else { name };
                        voters.push(Voter { name, key: ident.clone() });
                        voter_ident.insert(ident, v);
                        v
                    }
                };
                voter_raw.insert(Cow::Owned(vs.to_string()), v);
                v
            }
        };
        rows.push(VoteRow { resolution, voter, vote, date, line: line as u32 });
    }

    // Resolutions of the file that have no votes.
    if let Some(info) = &res_info {
        for (i, r) in info.iter().enumerate() {
            if file_to_res[i] == u32::MAX {
                file_to_res[i] = resolutions.len() as u32;
                resolutions.push(new_resolution(&r.key, Some(r)));
            }
        }
    }

    // Tags from the tags file; rows for resolutions not imported are counted in a warning.
    let mut warnings = Vec::new();
    if let Some((name, tag_rows)) = tag_rows {
        let by_ident: HashMap<String, usize> =
            resolutions.iter().enumerate().map(|(i, r)| (name_key(&r.key), i)).collect();
        let mut unknown: Vec<(&str, usize)> = Vec::new();
        for (k, tag, line) in tag_rows.iter() {
            match by_ident.get(&name_key(k)) {
                Some(&r) => resolutions[r].tags.push(tag.clone()),
                None => unknown.push((k, *line)),
            }
        }
        for r in &mut resolutions {
            tidy_tags(&mut r.tags);
        }
        if let Some(&(k, line)) = unknown.first() {
            warnings.push(format!(
                "{}: {} name resolutions that are not imported (the first: `{k}`, line {line}); their tags are left out",
                name,
                if unknown.len() == 1 { "1 row".to_string() } else { format!("{} rows", unknown.len()) }
            ));
        }
    }

    // Group rows by resolution (a stable counting sort), find duplicates, count.
    let nr = resolutions.len();
    let mut starts = vec![0u32; nr + 1];
    for r in &rows {
        starts[r.resolution as usize + 1] += 1;
    }
    for i in 0..nr {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut order = vec![0u32; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let slot = &mut fill[r.resolution as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    let mut cells = Cells::new(nr, voters.len());
    let mut common_date = vec![None; nr];
    let mut dates: HashMap<Date, u32> = HashMap::new();
    for r in 0..nr {
        dates.clear();
        for &ri in &order[starts[r] as usize..starts[r + 1] as usize] {
            let row = &rows[ri as usize];
            if let Some(prev) = cells.get(r as u32, row.voter) {
                problems.push(RowProblem::new(
                    row.line as usize,
                    format!(
                        "duplicate vote: `{}` already has a vote on `{}` (line {})",
                        voters[row.voter as usize].name, resolutions[r].key, rows[prev as usize].line
                    ),
                ));
                continue;
            }
            cells.set(r as u32, row.voter, ri);
            let slot = match row.vote {
                Vote::Yes => 0,
                Vote::No => 1,
                Vote::Abstain => 2,
                Vote::Absent => 3,
            };
            resolutions[r].counts[slot] += 1;
            if let Some(d) = row.date {
                *dates.entry(d).or_default() += 1;
            }
        }
        // The most common date; the earliest among equals.
        common_date[r] = dates.iter().max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d))).map(|(d, _)| *d);
    }
    problems.into_result(file)?;
    Ok(Votes {
        file: file.to_string(),
        resolutions_file: res_file.map(|r| r.0.to_string()),
        resolutions,
        voters,
        rows,
        order,
        starts,
        cells,
        common_date,
        warnings,
    })
}

fn new_resolution(key: &str, info: Option<&ResInfo>) -> Resolution {
    Resolution {
        key: key.to_string(),
        symbol: info.and_then(|i| i.symbol.clone()).unwrap_or_else(|| key.to_string()),
        title: info.and_then(|i| i.title.clone()),
        date: info.and_then(|i| i.date),
        totals: info.and_then(|i| i.totals),
        counts: [0; 4],
        tags: info.map(|i| i.tags.clone()).unwrap_or_default(),
    }
}

/// The bytes of an input file; `-` reads standard input. Returns the name
/// to show for it too.
pub(crate) fn read_input(p: &Path) -> Result<(String, Vec<u8>), Error> {
    if p.as_os_str() == "-" {
        let bytes = crate::load::read_bounded(std::io::stdin().lock(), crate::load::max_file_size())
            .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    if p.is_dir() {
        return Err(Error::IsDirectory(p.to_path_buf()));
    }
    // Bounded like a map: a link to /dev/zero or a huge file is an error, not memory exhausted.
    let bytes = crate::load::read_file(p).map_err(|source| Error::Io { path: p.to_path_buf(), source })?;
    Ok((p.display().to_string(), bytes))
}

/// Whether bytes start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The bytes of a data file, decompressed when they are gzip (by their
/// first bytes, whatever the file's name; several gzip members one after
/// the other are read as one). The decompressed data is bounded by the same
/// limit as a map ([`crate::load::max_file_size`]).
pub fn gunzip_if_needed(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    if !is_gzip(&bytes) {
        return Ok(bytes);
    }
    let max = crate::load::max_file_size();
    crate::load::read_bounded(flate2::read::MultiGzDecoder::new(&bytes[..]), max).map_err(|e| {
        Error::Other(format!("`{name}` is gzip-compressed (by its first bytes) but cannot be decompressed: {e}"))
    })
}

/// [`read_input`], decompressed when gzip ([`gunzip_if_needed`]).
pub(crate) fn read_data(p: &Path) -> Result<(String, Vec<u8>), Error> {
    let (name, bytes) = read_input(p)?;
    let bytes = gunzip_if_needed(&name, bytes)?;
    Ok((name, bytes))
}

/// The input files of an import: the votes, and optionally the resolutions
/// and the tags. At most one of them may be `-` (standard input).
#[derive(Clone, Copy, Debug)]
pub struct VoteFiles<'p> {
    pub votes: &'p Path,
    pub resolutions: Option<&'p Path>,
    pub tags: Option<&'p Path>,
}

/// Read and check the votes, and the resolutions file if any. Either (not
/// both) may be `-`, standard input.
pub fn read_votes(votes_path: &Path, resolutions: Option<&Path>, opts: &VotesOptions) -> Result<Votes, Error> {
    read_vote_files(&VoteFiles { votes: votes_path, resolutions, tags: None }, opts)
}

/// Read and check the votes, and the resolutions and tags files if any;
/// any of them may be gzip-compressed.
pub fn read_vote_files(files: &VoteFiles<'_>, opts: &VotesOptions) -> Result<Votes, Error> {
    let dash = |p: Option<&Path>| p.is_some_and(|p| p.as_os_str() == "-");
    if [Some(files.votes), files.resolutions, files.tags].into_iter().filter(|p| dash(*p)).count() > 1 {
        return Err(Error::Usage(
            "the votes, the resolutions and the tags cannot be read from standard input (`-`) together: one at most"
                .into(),
        ));
    }
    let (votes_name, votes_bytes) = read_data(files.votes)?;
    let votes_text = decode(&votes_name, &votes_bytes)?;
    let other = |p: Option<&Path>| -> Result<Option<(String, Vec<u8>)>, Error> {
        match p {
            Some(p) => {
                let (name, bytes) = read_data(p)?;
                decode(&name, &bytes)?;
                Ok(Some((name, bytes)))
            }
            None => Ok(None),
        }
    };
    let res = other(files.resolutions)?;
    let tags = other(files.tags)?;
    fn text_of(f: &Option<(String, Vec<u8>)>) -> Option<(&str, &str)> {
        f.as_ref().map(|(n, b)| (n.as_str(), std::str::from_utf8(b).unwrap_or_default()))
    }
    parse_votes_with_tags(&votes_name, votes_text, text_of(&res), text_of(&tags), opts)
}
