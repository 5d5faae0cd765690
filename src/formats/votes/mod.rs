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

use std::collections::HashMap;

use crate::model::{Date, Position};

mod csv;
mod files;
mod read;

pub use csv::{CsvReader, csv_field};
pub(crate) use files::read_input;
pub use files::{VoteFiles, gunzip_if_needed, is_gzip, read_vote_files, read_votes};
pub use read::{parse_votes, parse_votes_with_tags};

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
