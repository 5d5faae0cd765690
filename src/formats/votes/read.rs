//! Checking the rows of the votes, resolutions and tags files, and
//! gathering them into [`Votes`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::csv::{CsvReader, Header, Problems, next_full_row, read_header};
use super::{
    Cells, DEFAULT_DATE_COLUMN, DEFAULT_SYMBOL_COLUMN, DEFAULT_TEXT_COLUMN, Resolution, Vote, VoteRow, Voter, Votes,
    VotesOptions, name_key, parse_flag, tag_of, title_case,
};
use crate::error::{Error, RowProblem};
use crate::model::Date;

struct ResInfo {
    key: String,
    symbol: Option<String>,
    title: Option<String>,
    date: Option<Date>,
    totals: Option<[u32; 3]>,
    tags: Vec<String>,
}

/// Sort and dedup tags.
fn tidy_tags(tags: &mut Vec<String>) {
    tags.retain(|t| !t.is_empty());
    tags.sort_unstable();
    tags.dedup();
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
    let (header, cols) = vote_columns(file, &mut rd, &mut fields, opts, &mut problems)?;
    let mut gather = Gather::new(res_file.map(|r| r.0), res_info.as_deref(), text.len());
    while let Some(line) = next_vote_row(&mut rd, &mut fields, &header, &cols, &mut problems) {
        let Some(vote) = row_vote(&fields, line, &header, &cols, &mut problems) else {
            continue;
        };
        let Ok(date) = gather.date(&fields, line, &header, &cols, &mut problems) else {
            continue;
        };
        let Some(resolution) = gather.resolution(fields[cols.claim].trim(), line, &mut problems) else {
            continue;
        };
        let voter = gather.voter(fields[cols.actor].trim(), opts);
        gather.rows.push(VoteRow { resolution, voter, vote, date, line: line as u32 });
    }
    let Gather { mut resolutions, voters, rows, .. } = gather.finish();
    let warnings = match tag_rows {
        Some((name, tag_rows)) => attach_tags(&mut resolutions, name, &tag_rows),
        None => Vec::new(),
    };
    let grouped = group_rows(&mut resolutions, &voters, &rows, &mut problems);
    problems.into_result(file)?;
    Ok(Votes {
        file: file.to_string(),
        resolutions_file: res_file.map(|r| r.0.to_string()),
        resolutions,
        voters,
        rows,
        order: grouped.order,
        starts: grouped.starts,
        cells: grouped.cells,
        common_date: grouped.common_date,
        warnings,
    })
}

/// The columns of the votes file that are read.
struct VoteColumns {
    claim: usize,
    actor: usize,
    vote: usize,
    date: Option<usize>,
}

impl VoteColumns {
    /// The columns a row must have a value in.
    fn needed(&self) -> [Option<usize>; 4] {
        [Some(self.claim), Some(self.actor), Some(self.vote), self.date]
    }
}

/// The header of the votes file and its columns; an error when a column is
/// missing or named twice.
fn vote_columns<'a>(
    file: &str,
    rd: &mut CsvReader<'a>,
    fields: &mut Vec<Cow<'a, str>>,
    opts: &VotesOptions,
    problems: &mut Problems,
) -> Result<(Header, VoteColumns), Error> {
    let header = match read_header(rd, fields) {
        Ok(h) => h,
        Err(p) => {
            problems.push(p);
            std::mem::take(problems).into_result(file)?;
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
    header.check_duplicates([&*opts.claim_column, &opts.actor_column, &opts.vote_column, date_name], problems);
    let (Some(claim), Some(actor), Some(vote)) = (claim_col, actor_col, vote_col) else {
        std::mem::take(problems).into_result(file)?;
        unreachable!()
    };
    problems.fail_if_any(file)?;
    Ok((header, VoteColumns { claim, actor, vote, date: date_col }))
}

/// The next record of the votes file with as many fields as the header, the
/// line it starts on; other records are problems (naming the needed columns
/// a short row lacks), and skipped. `None` at the end.
fn next_vote_row<'a>(
    rd: &mut CsvReader<'a>,
    fields: &mut Vec<Cow<'a, str>>,
    header: &Header,
    cols: &VoteColumns,
    problems: &mut Problems,
) -> Option<usize> {
    let width = header.names.len();
    loop {
        let line = match rd.next_record(fields) {
            Ok(Some(l)) => l,
            Ok(None) => return None,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if fields.len() == width {
            return Some(line);
        }
        let missing: Vec<String> = cols
            .needed()
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
    }
}

/// The vote of a row; `None` (with the problems pushed) when the claim,
/// actor or vote is empty or the vote is unknown.
fn row_vote(
    fields: &[Cow<'_, str>],
    line: usize,
    header: &Header,
    cols: &VoteColumns,
    problems: &mut Problems,
) -> Option<Vote> {
    let mut bad = false;
    for c in [cols.claim, cols.actor, cols.vote] {
        if fields[c].trim().is_empty() {
            problems.push(RowProblem::new(line, format!("empty `{}`", header.names[c].trim())));
            bad = true;
        }
    }
    if bad {
        return None;
    }
    let vote = Vote::parse(&fields[cols.vote]);
    if vote.is_none() {
        problems.push(RowProblem::new(
            line,
            format!(
                "unknown vote `{}` in `{}`: expected yes, no, abstain or absent (or y, n, a)",
                fields[cols.vote].trim(),
                header.names[cols.vote].trim()
            ),
        ));
    }
    vote
}

/// The resolutions, voters and rows gathered from the votes file, row by
/// row, with the lookups that find a row's resolution and voter.
struct Gather<'t> {
    /// Name of the resolutions file, if any.
    res_file: Option<&'t str>,
    /// The entries of the resolutions file, if any.
    res_info: Option<&'t [ResInfo]>,
    /// Index in `res_info` by identity.
    res_by_key: HashMap<String, u32>,
    /// Resolution index in `resolutions` for each resolutions-file entry, once seen.
    file_to_res: Vec<u32>,
    res_raw: HashMap<Cow<'t, str>, u32>,
    res_ident: HashMap<String, u32>,
    unknown_res: HashSet<String>,
    voter_raw: HashMap<Cow<'t, str>, u32>,
    voter_ident: HashMap<String, u32>,
    last_res: Option<(Cow<'t, str>, u32)>,
    last_date: Option<(Cow<'t, str>, Date)>,
    resolutions: Vec<Resolution>,
    voters: Vec<Voter>,
    rows: Vec<VoteRow>,
}

impl<'t> Gather<'t> {
    fn new(res_file: Option<&'t str>, res_info: Option<&'t [ResInfo]>, text_len: usize) -> Gather<'t> {
        let res_by_key =
            res_info.into_iter().flatten().enumerate().map(|(i, r)| (name_key(&r.key), i as u32)).collect();
        Gather {
            res_file,
            res_info,
            res_by_key,
            file_to_res: vec![u32::MAX; res_info.map_or(0, <[ResInfo]>::len)],
            res_raw: HashMap::new(),
            res_ident: HashMap::new(),
            unknown_res: HashSet::new(),
            voter_raw: HashMap::new(),
            voter_ident: HashMap::new(),
            last_res: None,
            last_date: None,
            resolutions: Vec::new(),
            voters: Vec::new(),
            rows: Vec::with_capacity(text_len / 32),
        }
    }

    /// The date of a row (`None` without a date column or when empty);
    /// `Err` (with the problem pushed) when it is not a date.
    fn date(
        &mut self,
        fields: &[Cow<'_, str>],
        line: usize,
        header: &Header,
        cols: &VoteColumns,
        problems: &mut Problems,
    ) -> Result<Option<Date>, ()> {
        let Some(c) = cols.date else {
            return Ok(None);
        };
        let s = fields[c].trim();
        if s.is_empty() {
            return Ok(None);
        }
        if let Some((prev, d)) = &self.last_date
            && prev.as_ref() == s
        {
            return Ok(Some(*d));
        }
        match Date::parse(s) {
            Some(d) => {
                self.last_date = Some((Cow::Owned(s.to_string()), d));
                Ok(Some(d))
            }
            None => {
                problems.push(RowProblem::new(
                    line,
                    format!("`{s}` in `{}` is not a date (write YYYY-MM-DD)", header.names[c].trim()),
                ));
                Err(())
            }
        }
    }

    /// The resolution a row votes on, added when new; `None` (with one
    /// problem per resolution) when the resolutions file does not list it.
    fn resolution(&mut self, rs: &str, line: usize, problems: &mut Problems) -> Option<u32> {
        if let Some((prev, r)) = &self.last_res
            && prev.as_ref() == rs
        {
            return Some(*r);
        }
        let r = match self.res_raw.get(rs) {
            Some(&r) => r,
            None => {
                let ident = name_key(rs);
                let r = match self.res_ident.get(&ident) {
                    Some(&r) => r,
                    None => self.new_resolution(rs, ident, line, problems)?,
                };
                self.res_raw.insert(Cow::Owned(rs.to_string()), r);
                r
            }
        };
        self.last_res = Some((Cow::Owned(rs.to_string()), r));
        Some(r)
    }

    /// A resolution seen for the first time (by identity).
    fn new_resolution(&mut self, rs: &str, ident: String, line: usize, problems: &mut Problems) -> Option<u32> {
        let info_idx = match self.res_info {
            Some(_) => match self.res_by_key.get(&ident) {
                Some(&i) => Some(i as usize),
                None => {
                    if self.unknown_res.insert(ident) {
                        problems.push(RowProblem::new(
                            line,
                            format!("resolution `{rs}` is not in `{}`", self.res_file.unwrap_or("")),
                        ));
                    }
                    return None;
                }
            },
            None => None,
        };
        let r = self.resolutions.len() as u32;
        self.resolutions.push(new_resolution(rs, info_idx.map(|i| &self.res_info.unwrap()[i])));
        if let Some(i) = info_idx {
            self.file_to_res[i] = r;
        }
        self.res_ident.insert(ident, r);
        Some(r)
    }

    /// The voter of a row, added when new.
    fn voter(&mut self, vs: &str, opts: &VotesOptions) -> u32 {
        if let Some(&v) = self.voter_raw.get(vs) {
            return v;
        }
        let ident = name_key(vs);
        let v = match self.voter_ident.get(&ident) {
            Some(&v) => v,
            None => {
                let v = self.voters.len() as u32;
                let name = vs.split_whitespace().collect::<Vec<_>>().join(" ");
                let name = if opts.title_case_names { title_case(&name) } else { name };
                self.voters.push(Voter { name, key: ident.clone() });
                self.voter_ident.insert(ident, v);
                v
            }
        };
        self.voter_raw.insert(Cow::Owned(vs.to_string()), v);
        v
    }

    /// Adds the resolutions of the resolutions file that have no votes.
    fn finish(mut self) -> Self {
        if let Some(info) = self.res_info {
            for (i, r) in info.iter().enumerate() {
                if self.file_to_res[i] == u32::MAX {
                    self.file_to_res[i] = self.resolutions.len() as u32;
                    self.resolutions.push(new_resolution(&r.key, Some(r)));
                }
            }
        }
        self
    }
}

/// Tags from the tags file `name`; rows for resolutions not imported are
/// counted in the warning returned.
fn attach_tags(resolutions: &mut [Resolution], name: &str, tag_rows: &[(String, String, usize)]) -> Vec<String> {
    let mut warnings = Vec::new();
    let by_ident: HashMap<String, usize> = resolutions.iter().enumerate().map(|(i, r)| (name_key(&r.key), i)).collect();
    let mut unknown: Vec<(&str, usize)> = Vec::new();
    for (k, tag, line) in tag_rows.iter() {
        match by_ident.get(&name_key(k)) {
            Some(&r) => resolutions[r].tags.push(tag.clone()),
            None => unknown.push((k, *line)),
        }
    }
    for r in resolutions.iter_mut() {
        tidy_tags(&mut r.tags);
    }
    if let Some(&(k, line)) = unknown.first() {
        warnings.push(format!(
            "{}: {} name resolutions that are not imported (the first: `{k}`, line {line}); their tags are left out",
            name,
            if unknown.len() == 1 { "1 row".to_string() } else { format!("{} rows", unknown.len()) }
        ));
    }
    warnings
}

/// Rows grouped by resolution, each cell's row, each resolution's common date.
struct Grouped {
    order: Vec<u32>,
    starts: Vec<u32>,
    cells: Cells,
    common_date: Vec<Option<Date>>,
}

/// Group rows by resolution (a stable counting sort), find duplicates, count.
fn group_rows(resolutions: &mut [Resolution], voters: &[Voter], rows: &[VoteRow], problems: &mut Problems) -> Grouped {
    let nr = resolutions.len();
    let mut starts = vec![0u32; nr + 1];
    for r in rows {
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
    Grouped { order, starts, cells, common_date }
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
