//! Merging into an existing map: finding where new items go, and updating
//! the `[[stances]]` tables (read and rewritten as text) and claims in place.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::absent_ids;
use super::text::{date_value, push_toml_str, set_str, set_value, str_array_value};
use crate::error::Error;
use crate::formats::votes::{Vote, Votes, VotesOptions};
use crate::model::{Date, Position};

/// The table of `id` in `tables` when the map has one (`None` when the id is
/// new); an error when the map has `id` as something other than a table.
pub(super) fn existing<'t>(
    tables: &'t mut Table,
    id: &str,
    what: &str,
) -> Result<Option<&'t mut dyn TableLike>, Error> {
    if !tables.contains_key(id) {
        return Ok(None);
    }
    match tables.get_mut(id).and_then(Item::as_table_like_mut) {
        Some(t) => Ok(Some(t)),
        None => Err(Error::Usage(format!("{what} `{id}` in the map is not a table"))),
    }
}

/// The table under `key` at the top of the document, created (implicit) when
/// absent. A table written inline cannot take new `[key.id]` tables.
pub(super) fn top_table<'d>(doc: &'d mut DocumentMut, key: &str) -> Result<&'d mut Table, Error> {
    let item = doc.as_table_mut().entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    item.as_table_mut().ok_or_else(|| {
        Error::Usage(format!("the map writes `{key}` inline; write it as `[{key}.ID]` tables to import into it"))
    })
}

/// A placeholder table marking where new items go, found again in the text.
pub(super) fn placeholder(marker: &str) -> Table {
    let mut t = Table::new();
    t.decor_mut().set_prefix(format!("# {marker}\n"));
    t
}

/// The span of a placeholder in the encoded document: its comment line and header line.
pub(super) fn find_placeholder(text: &str, marker: &str) -> Option<std::ops::Range<usize>> {
    let needle = format!("# {marker}\n");
    let at = text.find(&needle)?;
    let header = at + needle.len();
    let end = text[header..].find('\n').map_or(text.len(), |i| header + i + 1);
    Some(at..end)
}

/// A run of `[[stances]]` tables in a TOML text: from the first header to the
/// end of the last table's last line with a key; each table likewise.
#[derive(Clone, Debug)]
pub(super) struct Block {
    pub(super) range: Range<usize>,
    pub(super) tables: Vec<Range<usize>>,
}

/// Scan one line of TOML for strings, comments and brackets, tracking an
/// open multi-line string (`ml`, its quote) and the bracket depth. `None` on
/// an unterminated single-line string.
pub(super) fn scan_line(line: &str, ml: &mut Option<u8>, depth: &mut i32) -> Option<()> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(q) = *ml {
            if q == b'"' && b[i] == b'\\' {
                i += 2;
            } else if b[i] == q && b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                i += 3;
                // Up to two more quotes are part of the string.
                while b.get(i) == Some(&q) {
                    i += 1;
                }
                *ml = None;
            } else {
                i += 1;
            }
            continue;
        }
        match b[i] {
            b'#' => return Some(()),
            q @ (b'"' | b'\'') => {
                if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                    *ml = Some(q);
                    i += 3;
                    continue;
                }
                i += 1;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => return None,
                        Some(&c) if c == q => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') if q == b'"' => i += 2,
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
            b'[' | b'{' => *depth += 1,
            b']' | b'}' => *depth -= 1,
            _ => {}
        }
        i += 1;
    }
    Some(())
}

pub(super) fn is_stances_header(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("[[") else { return false };
    let Some(end) = rest.find("]]") else { return false };
    matches!(rest[..end].trim(), "stances" | "\"stances\"" | "'stances'")
}

/// Find the `[[stances]]` tables of a TOML text by its lines. `None` when the
/// text is not well-formed enough to tell (an unterminated string or bracket).
pub(super) fn stance_blocks(text: &str) -> Option<Vec<Block>> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    let mut in_block = false;
    let (mut ml, mut depth) = (None, 0i32);
    let close = |blocks: &mut Vec<Block>, t: Range<usize>| {
        let blk = blocks.last_mut().expect("a block is open");
        if blk.tables.is_empty() {
            blk.range.start = t.start;
        }
        blk.range.end = t.end;
        blk.tables.push(t);
    };
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        if ml.is_some() || depth > 0 {
            scan_line(line, &mut ml, &mut depth)?;
            if let Some(c) = &mut cur {
                c.end = end;
            }
            pos = end;
            continue;
        }
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            pos = end;
            continue;
        }
        if t.starts_with('[') {
            if let Some(c) = cur.take() {
                close(&mut blocks, c);
            }
            if is_stances_header(t) {
                if !in_block {
                    blocks.push(Block { range: pos..end, tables: Vec::new() });
                    in_block = true;
                }
                cur = Some(pos..end);
            } else {
                in_block = false;
            }
        } else {
            scan_line(t, &mut ml, &mut depth)?;
            if let Some(c) = &mut cur {
                c.end = end;
            }
        }
        pos = end;
    }
    if ml.is_some() || depth != 0 {
        return None;
    }
    if let Some(c) = cur.take() {
        close(&mut blocks, c);
    }
    Some(blocks)
}

/// A `key = value` line of a simple table: the key, the value's span, and the
/// string when the value is a string without escapes.
pub(super) struct Kv {
    pub(super) key: Range<usize>,
    pub(super) value: Range<usize>,
    pub(super) text: Option<Range<usize>>,
}

/// The keys of a `[[stances]]` table written simply (bare keys, one-line
/// values, strings without escapes); `None` otherwise.
pub(super) fn simple_kvs(section: &str) -> Option<Vec<Kv>> {
    let mut out = Vec::new();
    let mut pos = section.find('\n').map_or(section.len(), |i| i + 1);
    while pos < section.len() {
        let end = section[pos..].find('\n').map_or(section.len(), |i| pos + i + 1);
        let line = &section[pos..end];
        let t = line.trim_start();
        let off = pos + (line.len() - t.len());
        pos = end;
        if t.trim().is_empty() || t.starts_with('#') {
            continue;
        }
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_') {
            i += 1;
        }
        if i == 0 {
            return None;
        }
        let key = off..off + i;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let start = i;
        let (vend, text) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                    return None;
                }
                let close = i + 1 + t[i + 1..].find([q as char, '\\', '\n'])?;
                if b[close] != q {
                    return None;
                }
                (close + 1, Some(off + i + 1..off + close))
            }
            Some(b'[' | b'{' | b'#' | b'\r' | b'\n') | None => return None,
            Some(_) => {
                let mut j = i;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'#' {
                    j += 1;
                }
                (j, None)
            }
        };
        let rest = t[vend..].trim_start();
        if !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        out.push(Kv { key, value: off + start..off + vend, text });
    }
    Some(out)
}

/// What happens to a stance already in the map.
pub(super) enum Outcome {
    Keep,
    Update(String),
    Remove,
}

/// Matches stances already in the map with imported votes and updates them.
pub(super) struct StanceMerger<'a> {
    pub(super) votes: &'a Votes,
    pub(super) opts: &'a VotesOptions,
    pub(super) actor_by_id: HashMap<&'a str, u32>,
    pub(super) claim_by_id: HashMap<&'a str, u32>,
    pub(super) vias: &'a [String],
    /// Rows matched by a stance in the map.
    pub(super) matched: Vec<bool>,
    pub(super) updated: usize,
    pub(super) unchanged: usize,
    pub(super) removed: usize,
}

/// The wanted values of a matched stance: `None` position to remove it.
pub(super) struct Wanted {
    pub(super) position: Option<Position>,
    pub(super) date: Option<Date>,
}

impl StanceMerger<'_> {
    pub(super) fn decide(&mut self, actor: &str, claim: &str, via: &str) -> Option<Wanted> {
        let (&a, &c) = (self.actor_by_id.get(actor)?, self.claim_by_id.get(claim)?);
        if via != self.vias[c as usize] {
            return None;
        }
        let ri = self.votes.vote_of(c, a)?;
        self.matched[ri] = true;
        let row = &self.votes.rows[ri];
        Some(Wanted { position: row.vote.position(), date: row.date.or(self.votes.resolution_date(c as usize)) })
    }

    pub(super) fn count(&mut self, o: &Outcome) {
        match o {
            Outcome::Keep => self.unchanged += 1,
            Outcome::Update(_) => self.updated += 1,
            Outcome::Remove => self.removed += 1,
        }
    }

    /// One `[[stances]]` table (its header to its last key line).
    pub(super) fn table(&mut self, section: &str) -> Result<Outcome, Error> {
        let Some(kvs) = simple_kvs(section) else { return self.table_edit(section) };
        let get = |k: &str| kvs.iter().find(|kv| &section[kv.key.clone()] == k);
        let text = |k: &str| get(k).and_then(|kv| kv.text.clone()).map(|r| &section[r]);
        let (Some(a), Some(c), Some(via)) = (text("actor"), text("claim"), text("via")) else {
            return Ok(Outcome::Keep);
        };
        let Some(want) = self.decide(a, c, via) else { return Ok(Outcome::Keep) };
        let Some(position) = want.position else {
            self.removed += 1;
            return Ok(Outcome::Remove);
        };
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut append = String::new();
        let mut set = |key: &str, same: bool, encoded: String| match get(key) {
            Some(_) if same => {}
            Some(kv) => edits.push((kv.value.clone(), encoded)),
            None => {
                let _ = writeln!(append, "{key} = {encoded}");
            }
        };
        let encode = |s: &str| {
            let mut e = String::new();
            push_toml_str(&mut e, s);
            e
        };
        // A vote recorded otherwise than intended (`recorded`): the record is
        // what the votes give; the intended `position` stays.
        let key = if get("recorded").is_some() { "recorded" } else { "position" };
        set(key, text(key) == Some(position.as_str()), encode(position.as_str()));
        if let Some(d) = want.date {
            let d = d.to_string();
            set("date", get("date").is_some_and(|kv| section[kv.value.clone()] == d), d);
        }
        if let Some(src) = &self.opts.source {
            set("source", text("source") == Some(src.as_str()), encode(src));
        }
        if edits.is_empty() && append.is_empty() {
            self.unchanged += 1;
            return Ok(Outcome::Keep);
        }
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(section.len() + append.len() + 16);
        let mut at = 0;
        for (r, v) in edits {
            out.push_str(&section[at..r.start]);
            out.push_str(&v);
            at = r.end;
        }
        out.push_str(&section[at..]);
        if !append.is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&append);
        }
        self.updated += 1;
        Ok(Outcome::Update(out))
    }

    /// A table not written simply: through `toml_edit`.
    pub(super) fn table_edit(&mut self, section: &str) -> Result<Outcome, Error> {
        let mut d: DocumentMut = section
            .parse()
            .map_err(|e| Error::Other(format!("cannot read a `[[stances]]` table of the map as TOML:\n{e}")))?;
        let Some(t) = d.get_mut("stances").and_then(Item::as_array_of_tables_mut).and_then(|a| a.get_mut(0)) else {
            return Ok(Outcome::Keep);
        };
        let field = |k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
        let (Some(a), Some(c), Some(via)) = (field("actor"), field("claim"), field("via")) else {
            return Ok(Outcome::Keep);
        };
        let Some(want) = self.decide(&a, &c, &via) else { return Ok(Outcome::Keep) };
        let Some(position) = want.position else {
            self.removed += 1;
            return Ok(Outcome::Remove);
        };
        let key = if t.contains_key("recorded") { "recorded" } else { "position" };
        let mut changed = set_str(t, key, position.as_str());
        if let Some(d) = want.date {
            let text = d.to_string();
            let same = |item: &Item| item.as_datetime().is_some_and(|x| x.to_string() == text);
            changed |= set_value(t, "date", date_value(d), same);
        }
        if let Some(src) = &self.opts.source {
            changed |= set_str(t, "source", src);
        }
        let o = if changed { Outcome::Update(d.to_string()) } else { Outcome::Keep };
        self.count(&o);
        Ok(o)
    }

    /// A block of tables, as it reads after the import.
    pub(super) fn block<'t>(&mut self, text: &'t str, block: &Block) -> Result<Cow<'t, str>, Error> {
        // The tables that change, by index; most often none.
        let mut changes: Vec<(usize, Outcome)> = Vec::new();
        for (i, t) in block.tables.iter().enumerate() {
            match self.table(&text[t.clone()])? {
                Outcome::Keep => {}
                o => changes.push((i, o)),
            }
        }
        if changes.is_empty() {
            return Ok(Cow::Borrowed(&text[block.range.clone()]));
        }
        let mut out = String::with_capacity(block.range.len() + 64 * changes.len());
        let mut changes = changes.into_iter().peekable();
        let mut prev_end = None;
        for (i, t) in block.tables.iter().enumerate() {
            let gap = prev_end.map_or("", |e| &text[e..t.start]);
            prev_end = Some(t.end);
            let section = &text[t.clone()];
            let kept: Cow<'_, str> = match changes.next_if(|(j, _)| *j == i) {
                None | Some((_, Outcome::Keep)) => Cow::Borrowed(section),
                Some((_, Outcome::Update(s))) => Cow::Owned(s),
                Some((_, Outcome::Remove)) => continue,
            };
            // The gap before the first table left is outside the block.
            if !out.is_empty() {
                out.push_str(gap);
            }
            out.push_str(&kept);
        }
        Ok(Cow::Owned(out))
    }
}

/// Set the `absent` list of a claim already in the map: the actors absent
/// in the votes, and those it lists that have no yes, no or abstain vote on
/// the resolution, sorted. A list that names exactly these actors already
/// (in any order) is left as it is; one left empty is removed; a value that
/// is not a list of strings is the author's (the loader reports it). Returns
/// whether anything changed.
pub(super) fn merge_absent(
    t: &mut dyn TableLike,
    votes: &Votes,
    r: usize,
    actor_ids: &[String],
    actor_by_id: &HashMap<&str, u32>,
) -> bool {
    let imported = absent_ids(votes, r, actor_ids);
    let existing: Vec<&str> = match t.get("absent") {
        None => Vec::new(),
        Some(item) => {
            let list = item.as_array().and_then(|a| a.iter().map(Value::as_str).collect::<Option<Vec<&str>>>());
            match list {
                Some(l) => l,
                None => return false,
            }
        }
    };
    let voted = |id: &str| {
        actor_by_id
            .get(id)
            .and_then(|&v| votes.vote_of(r as u32, v))
            .is_some_and(|ri| votes.rows[ri].vote != Vote::Absent)
    };
    let mut want: Vec<&str> = existing.iter().copied().filter(|id| !voted(id)).chain(imported).collect();
    want.sort_unstable();
    want.dedup();
    let mut have = existing.clone();
    have.sort_unstable();
    have.dedup();
    if have == want {
        return false;
    }
    let want: Vec<String> = want.into_iter().map(str::to_string).collect();
    if want.is_empty() {
        t.remove("absent");
        return true;
    }
    set_value(t, "absent", str_array_value(&want), |_| false)
}

/// Add the imported tags that a claim already in the map does not have, after
/// its own (which are kept, in their order). A `tags` value that is not a
/// list of strings is the author's (the loader reports it). Returns whether
/// anything changed.
pub(super) fn merge_tags(t: &mut dyn TableLike, tags: &[String]) -> bool {
    if tags.is_empty() {
        return false;
    }
    let Some(item) = t.get_mut("tags") else {
        t.insert("tags", Item::Value(str_array_value(tags)));
        return true;
    };
    let Some(list) = item.as_array_mut() else { return false };
    if list.iter().any(|v| v.as_str().is_none()) {
        return false;
    }
    let have: HashSet<String> = list.iter().filter_map(Value::as_str).map(str::to_string).collect();
    let mut changed = false;
    for tag in tags {
        if !have.contains(tag) {
            list.push(tag.as_str());
            changed = true;
        }
    }
    changed
}
