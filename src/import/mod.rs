//! Importing recorded votes into a map (`elenchus import votes`).
//!
//! The CSV files are read by [`crate::formats::votes`]; this module builds
//! the map from the votes read.
//!
//! # Ids
//!
//! A voter whose name is the `name` or one of the `aliases` of an actor of
//! the map merged into (compared as
//! [`name_key`](crate::formats::votes::name_key): ignoring case and runs of
//! white space) is that actor, whatever its id; so is a voter whose name is
//! an actor's id (exactly, or ignoring case for an actor without a `name`).
//! A voter that is two actors this way, two actors of the map with its name,
//! an alias given to two actors, or two voters of one import linked to one
//! actor, are errors. Each link is in [`Summary::matches`].
//! Any other voter is a new actor. Its id is the [`slug`] of its name: Latin
//! letters with diacritics lose them (`Côte d'Ivoire` → `cote-divoire`),
//! apostrophes are dropped, letters are lower-cased, and every other run of
//! characters becomes one `-` (`BOLIVIA (PLURINATIONAL STATE OF)` →
//! `bolivia-plurinational-state-of`); at most 64 bytes. When two new names
//! have the same slug, or the map already has an actor with the slug as its
//! id (of another name, or with none), the id is the slug followed by `-` and
//! six hex digits of a hash of the name (64-bit FNV-1a of the name's identity), with
//! a warning in the second case: votes are never attached to an actor of
//! another name. A name with no Latin letter or digit gets `actor-` and the
//! hash. A hashed id that equals another id, or one the map has, gets all 16
//! digits. So, within one import, an id depends only on the name and on the
//! names and ids it collides with, never on row order; across imports into
//! one map, a name keeps its actor, and two names are never merged (a name
//! that arrives after another took its slug gets the hashed id).
//! Resolutions' claim ids are derived from the resolution column (`ES-11/1` →
//! `es-11-1`) the same way; a claim of the map with that id is the
//! resolution's.
//!
//! # Output and merging
//!
//! The result is a map with, for each resolution, a claim (`text` = title,
//! `kind` = `proposal`, `source`, a `note` that records the tally, and
//! `absent`, the ids of the actors recorded as absent, sorted, when there are
//! any), an actor per voter (`name`, optional `kind`), and a `[[stances]]`
//! entry per vote that is not `absent` (`actor`, `claim`, `position`, `date`,
//! optional `source`, `via = "vote on <symbol>"`), grouped by resolution under
//! a comment.
//!
//! Merging into an existing map ([`build_map`] with a base text) keeps the
//! base byte for byte except for the imported items: new claims go after the
//! last claim, new actors after the last actor, new stances after the last
//! stance (or at the end). An existing claim gets its `text` set to the title
//! and any missing `kind`, `source`, and the vote `note` (a `note` that does
//! not start with `Recorded vote` is the author's and is kept). Its `absent`
//! list becomes the actors absent in the votes, together with those already
//! listed that the votes do not show voting on the resolution (an entry the
//! votes file does not mention is kept; an actor that now voted yes, no or
//! abstain is taken out), sorted by id; a list that already names exactly
//! these actors is left as it is, and a list left empty is removed. An
//! existing actor gets a missing `kind`, nothing else. An existing
//! stance with the same `actor`, `claim` and `via` is the same vote: its `position`,
//! `date` and `source` are updated in place, and it is removed if the actor is
//! now recorded as absent. Values that are already right are not rewritten, so
//! importing the same data twice gives the same file. A leading byte-order
//! mark and CRLF line ends of the base are kept.
//!
//! # Safety of the output
//!
//! Text from the CSV files reaches the map only as TOML strings
//! ([`push_toml_str`]) or inside comments ([`push_toml_comment`], which
//! writes line ends and control characters as visible escapes), so it cannot
//! add keys, tables or stances. The complete output is then loaded with the
//! map loader: it must be a valid map and hold each vote as its stance, with
//! the vote's position and date, or [`build_map`] fails and nothing is
//! written.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use toml_edit::{DocumentMut, Item};

use crate::error::Error;
use crate::formats::votes::{
    Resolution, Vote, VoteFiles, Voter, Votes, VotesOptions, name_key, read_input, read_vote_files,
};
use crate::model::{Date, Position};
use crate::source::Format;

mod actors;
mod ids;
mod merge;
mod text;

pub use ids::{derive_ids, slug};
pub(crate) use text::push_toml_str_array;
pub use text::{push_toml_comment, push_toml_str};

use actors::KnownActors;
use merge::{
    StanceMerger, existing, find_placeholder, merge_absent, merge_tags, placeholder, stance_blocks, top_table,
};
use text::{push_json_str, push_toml_key, set_str};

/// A claim `note` that starts with this was written by the importer and is
/// updated by it; any other `note` is left alone.
pub const NOTE_PREFIX: &str = "Recorded vote";
/// Longest slug, in bytes (before any hash suffix).
pub const MAX_SLUG: usize = 64;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Vote rows read (including `absent`).
    pub votes: usize,
    /// Rows that were `absent` (no stance).
    pub absences: usize,
    pub claims_added: usize,
    pub claims_updated: usize,
    pub claims_unchanged: usize,
    pub actors_added: usize,
    /// Voters that matched an actor already in the map.
    pub actors_existing: usize,
    pub stances_added: usize,
    pub stances_updated: usize,
    pub stances_unchanged: usize,
    /// Stances of an earlier import removed because the vote is now `absent`.
    pub stances_removed: usize,
    /// Things worth knowing that do not stop the import (totals that differ, ...).
    pub warnings: Vec<String>,
    /// Each voter linked to an actor already in the map, in voter order.
    pub matches: Vec<ActorMatch>,
}

/// How a voter was linked to an actor of the map merged into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The voter's name is the actor's `name`.
    Name,
    /// The voter's name is one of the actor's `aliases`.
    Alias,
    /// The voter's name is the actor's id.
    Id,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Name => "name",
            MatchedBy::Alias => "alias",
            MatchedBy::Id => "id",
        }
    }
}

/// A voter linked to an actor already in the map.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ActorMatch {
    /// The voter's name as in the votes.
    pub voter: String,
    /// The id of the actor.
    pub actor: String,
    pub by: MatchedBy,
}

/// The map text an import produced, with what it did.
#[derive(Clone, Debug)]
pub struct Imported {
    pub text: String,
    pub summary: Summary,
    /// Id of each voter (in [`Votes::voters`] order).
    pub actor_ids: Vec<String>,
    /// Id of each resolution (in [`Votes::resolutions`] order).
    pub claim_ids: Vec<String>,
}

/// The file name part of a path, for messages and comments that must not depend on the directory.
fn base_name(file: &str) -> &str {
    Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or(file)
}

/// The text of a new map: a comment saying where it comes from and `[map]`.
fn new_map_header(votes: &Votes, opts: &VotesOptions) -> String {
    let mut s = String::new();
    s.push_str("# Imported with `elenchus import votes` from ");
    push_toml_comment(&mut s, base_name(&votes.file));
    if let Some(r) = &votes.resolutions_file {
        s.push_str(" and ");
        push_toml_comment(&mut s, base_name(r));
    }
    s.push_str(".\n\n[map]\ntitle = ");
    match &opts.title {
        Some(t) => push_toml_str(&mut s, t),
        None => push_toml_str(&mut s, &format!("Recorded votes from {}", base_name(&votes.file))),
    }
    s.push('\n');
    if let Some(src) = &opts.source {
        s.push_str("source = ");
        push_toml_str(&mut s, src);
        s.push('\n');
    }
    s
}

/// The claim `note` of a resolution: the tally. Who was absent is the
/// claim's `absent` list ([`absent_ids`]).
fn vote_note(votes: &Votes, r: usize) -> String {
    let res = &votes.resolutions[r];
    let [y, n, a, absent] = res.counts;
    let mut s = format!("{NOTE_PREFIX} on {}", res.symbol);
    if let Some(d) = votes.resolution_date(r) {
        let _ = write!(s, ", {d}");
    }
    let _ = write!(s, ": {y} yes, {n} no, {a} abstain, {absent} absent.");
    s
}

/// The ids of the actors recorded as absent on a resolution, sorted.
fn absent_ids<'i>(votes: &Votes, r: usize, actor_ids: &'i [String]) -> Vec<&'i str> {
    let mut ids: Vec<&str> = votes
        .rows_of(r)
        .filter(|row| row.vote == Vote::Absent)
        .map(|row| actor_ids[row.voter as usize].as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn via_of(res: &Resolution) -> String {
    format!("vote on {}", res.symbol)
}

/// Build the map: merge the votes into `base` (the text of an existing map)
/// or into a new map. See the module documentation for what changes.
///
/// The `[[stances]]` tables of the base are read and updated as text (so that
/// a map with millions of them merges quickly); the rest of the base goes
/// through `toml_edit`, which keeps its comments and layout.
pub fn build_map(votes: &Votes, base: Option<&str>, opts: &VotesOptions) -> Result<Imported, Error> {
    // A byte-order mark is kept, in front of the output.
    let bom = base.is_some_and(|t| t.starts_with('\u{feff}'));
    let base = base.map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
    let header;
    let base_text = match base {
        Some(t) => t,
        None => {
            header = new_map_header(votes, opts);
            &header
        }
    };
    let not_toml =
        |e: &dyn std::fmt::Display| Error::Other(format!("cannot read the map to import into as TOML:\n{e}"));
    let mut marker = String::from("elenchus-import-splice");
    while base_text.contains(&marker) {
        marker.push('x');
    }
    let (m_claims, m_actors, m_stances) =
        (format!("{marker}-claims"), format!("{marker}-actors"), format!("{marker}-stances"));

    // Cut the [[stances]] tables out, leaving a marker comment for each block.
    let blocks = match stance_blocks(base_text) {
        Some(b) => b,
        None => {
            return Err(match base_text.parse::<DocumentMut>() {
                Err(e) => not_toml(&e),
                Ok(_) => Error::Other("cannot find the `[[stances]]` tables of the map to import into".into()),
            });
        }
    };
    let mut rest = String::with_capacity(base_text.len().min(1 << 20));
    let mut at = 0;
    for (i, b) in blocks.iter().enumerate() {
        rest.push_str(&base_text[at..b.range.start]);
        let _ = writeln!(rest, "# {marker}-block-{i}");
        at = b.range.end;
    }
    rest.push_str(&base_text[at..]);
    let mut doc: DocumentMut = rest.parse().map_err(|e| not_toml(&e))?;
    if doc.contains_key("stances") {
        return Err(Error::Usage(
            "the map writes `stances` inline; write them as `[[stances]]` tables to import into it".into(),
        ));
    }

    // Actors: a voter whose name is an actor's name, one of its aliases or
    // its id is that actor; the others get new ids, different from every id
    // of the map.
    let mut summary = Summary { votes: votes.rows.len(), absences: votes.absences(), ..Summary::default() };
    summary.warnings.extend(votes.warnings.iter().cloned());
    let mut base_ids: HashSet<String> = HashSet::new();
    let mut base_name_of: HashMap<String, String> = HashMap::new();
    let mut known = KnownActors::default();
    if let Some(actors) = doc.get("actors").and_then(Item::as_table_like) {
        for (id, item) in actors.iter() {
            base_ids.insert(id.to_string());
            known.add(id, MatchedBy::Id, id);
            let Some(t) = item.as_table_like() else { continue };
            if let Some(name) = t.get("name").and_then(Item::as_str) {
                known.add(name, MatchedBy::Name, id);
                known.named.insert(id.to_string());
                base_name_of.insert(id.to_string(), name.to_string());
            }
            known.add_aliases(id, t.get("aliases"))?;
        }
    }
    known.check_aliases()?;
    let mut actor_ids: Vec<String> = vec![String::new(); votes.voters.len()];
    let mut unmatched: Vec<usize> = Vec::new();
    let mut linked: HashMap<String, usize> = HashMap::new();
    for (v, voter) in votes.voters.iter().enumerate() {
        match known.find(voter)? {
            None => unmatched.push(v),
            Some((id, by)) => {
                if let Some(&first) = linked.get(id) {
                    let m = summary.matches.iter().find(|m| m.actor == id).expect("a link");
                    return Err(Error::Other(format!(
                        "`{}` and `{}` in the votes are both actor `{id}` of the map (by {} and by {}): \
                         one import links one name of the votes to an actor; write one name for it in the votes",
                        votes.voters[first].name,
                        voter.name,
                        m.by.as_str(),
                        by.as_str()
                    )));
                }
                linked.insert(id.to_string(), v);
                summary.matches.push(ActorMatch { voter: voter.name.clone(), actor: id.to_string(), by });
                actor_ids[v] = id.to_string();
            }
        }
    }
    let unmatched_keys: Vec<&str> = unmatched.iter().map(|&v| votes.voters[v].key.as_str()).collect();
    let new_ids = derive_ids(&unmatched_keys, "actor", |id| base_ids.contains(id))?;
    for (&v, id) in unmatched.iter().zip(new_ids) {
        let voter = &votes.voters[v];
        let s = slug(&voter.key);
        if !s.is_empty() && base_ids.contains(&s) {
            let other = match base_name_of.get(&s) {
                Some(n) => format!("named `{n}`"),
                None => "without a `name`".to_string(),
            };
            summary.warnings.push(format!(
                "`{}` is a new actor `{id}`: the map's actor `{s}` is {other}; \
                 to record these votes as its, give it the name `{}`",
                voter.name, voter.name
            ));
        }
        actor_ids[v] = id;
    }
    let res_keys: Vec<String> = votes.resolutions.iter().map(|r| name_key(&r.key)).collect();
    let res_key_refs: Vec<&str> = res_keys.iter().map(String::as_str).collect();
    let claim_ids = derive_ids(&res_key_refs, "claim", |_| false)?;
    let vias: Vec<String> = votes.resolutions.iter().map(via_of).collect();

    resolution_warnings(votes, &mut summary.warnings);

    let actor_by_id: HashMap<&str, u32> = actor_ids.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();

    // Claims.
    let mut new_claims: Vec<usize> = Vec::new();
    {
        let claims = top_table(&mut doc, "claims")?;
        for (r, res) in votes.resolutions.iter().enumerate() {
            let Some(t) = existing(claims, &claim_ids[r], "claim")? else {
                new_claims.push(r);
                continue;
            };
            let mut changed = false;
            match &res.title {
                Some(title) => changed |= set_str(t, "text", title),
                None if !t.contains_key("text") => changed |= set_str(t, "text", &res.key),
                None => {}
            }
            if !t.contains_key("kind") {
                changed |= set_str(t, "kind", &opts.claim_kind);
            }
            if let Some(src) = &opts.source
                && !t.contains_key("source")
            {
                changed |= set_str(t, "source", src);
            }
            let owned = t.get("note").is_none_or(|n| n.as_str().is_some_and(|s| s.starts_with(NOTE_PREFIX)));
            if owned {
                changed |= set_str(t, "note", &vote_note(votes, r));
            }
            changed |= merge_absent(t, votes, r, &actor_ids, &actor_by_id);
            changed |= merge_tags(t, &res.tags);
            if changed {
                summary.claims_updated += 1;
            } else {
                summary.claims_unchanged += 1;
            }
        }
        if !new_claims.is_empty() {
            claims.insert(&m_claims, Item::Table(placeholder(&m_claims)));
        }
    }
    summary.claims_added = new_claims.len();

    // Actors.
    let mut new_actors: Vec<usize> = Vec::new();
    {
        let actors = top_table(&mut doc, "actors")?;
        for (v, id) in actor_ids.iter().enumerate() {
            let Some(t) = existing(actors, id, "actor")? else {
                new_actors.push(v);
                continue;
            };
            summary.actors_existing += 1;
            if let Some(kind) = &opts.actor_kind
                && !t.contains_key("kind")
            {
                set_str(t, "kind", kind);
            }
        }
        if !new_actors.is_empty() {
            actors.insert(&m_actors, Item::Table(placeholder(&m_actors)));
        }
    }
    summary.actors_added = new_actors.len();

    // Stances already in the map: the same vote is updated in place.
    let mut merger = StanceMerger {
        votes,
        opts,
        actor_by_id,
        claim_by_id: claim_ids.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect(),
        vias: &vias,
        matched: vec![false; votes.rows.len()],
        updated: 0,
        unchanged: 0,
        removed: 0,
    };
    let processed: Vec<Cow<'_, str>> = blocks.iter().map(|b| merger.block(base_text, b)).collect::<Result<_, _>>()?;
    (summary.stances_updated, summary.stances_unchanged, summary.stances_removed) =
        (merger.updated, merger.unchanged, merger.removed);
    let matched = merger.matched;
    let new_stances = votes.rows.iter().zip(&matched).filter(|(r, m)| !**m && r.vote != Vote::Absent).count();
    summary.stances_added = new_stances;
    // New stances go after the last block, or at the end of the map.
    if new_stances > 0 && blocks.is_empty() {
        let mut aot = toml_edit::ArrayOfTables::new();
        aot.push(placeholder(&m_stances));
        doc.insert("stances", Item::ArrayOfTables(aot));
    }
    let date_strings: Vec<Option<String>> =
        (0..votes.resolutions.len()).map(|r| votes.resolution_date(r).map(|d| d.to_string())).collect();

    // Encode, then put the new items and the blocks where their markers are.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Spot {
        Claims,
        Actors,
        Stances,
        Block(usize),
    }
    let encoded = doc.to_string();
    let mut spots: Vec<(Range<usize>, Spot)> = Vec::new();
    for (m, what) in [(&m_claims, Spot::Claims), (&m_actors, Spot::Actors), (&m_stances, Spot::Stances)] {
        if let Some(range) = find_placeholder(&encoded, m) {
            spots.push((range, what));
        }
    }
    for i in 0..blocks.len() {
        let line = format!("# {marker}-block-{i}\n");
        let at = encoded
            .find(&line)
            .ok_or_else(|| Error::Other("the map changed shape while importing into it (a marker is lost)".into()))?;
        spots.push((at..at + line.len(), Spot::Block(i)));
    }
    spots.sort_by_key(|(r, _)| r.start);
    let last_block = blocks.len().checked_sub(1);
    let separate = |out: &mut String| {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    };
    let mut out = String::with_capacity(
        encoded.len() + new_stances * 160 + base_text.len() + new_claims.len() * 300 + new_actors.len() * 60,
    );
    let mut at = 0;
    for (range, what) in &spots {
        out.push_str(&encoded[at..range.start]);
        at = range.end;
        let rest = &encoded[range.end..];
        match *what {
            Spot::Claims => {
                separate(&mut out);
                for (i, &r) in new_claims.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    write_claim(&mut out, votes, r, &claim_ids[r], &actor_ids, opts);
                }
            }
            Spot::Actors => {
                separate(&mut out);
                for (i, &v) in new_actors.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    write_actor(&mut out, &votes.voters[v], &actor_ids[v], opts);
                }
            }
            Spot::Stances => {
                separate(&mut out);
                write_stances(&mut out, votes, &matched, &claim_ids, &actor_ids, &vias, &date_strings, opts);
            }
            Spot::Block(i) => {
                out.push_str(&processed[i]);
                if new_stances > 0 && Some(i) == last_block {
                    separate(&mut out);
                    write_stances(&mut out, votes, &matched, &claim_ids, &actor_ids, &vias, &date_strings, opts);
                } else {
                    continue;
                }
            }
        }
        if !rest.is_empty() && !rest.starts_with('\n') && !rest.starts_with("\r\n") {
            out.push('\n');
        }
    }
    out.push_str(&encoded[at..]);
    drop(processed);
    let mut text = out;
    // A map written with CRLF line ends gets them on the new lines too.
    if base_text.find('\n').is_some_and(|i| i > 0 && base_text.as_bytes()[i - 1] == b'\r') {
        text = crlf(&text);
    }
    if bom {
        text.insert(0, '\u{feff}');
    }
    let text = verify(text, votes, &actor_ids, &claim_ids, &vias)?;
    Ok(Imported { text, summary, actor_ids, claim_ids })
}

/// Totals of the resolutions file that differ from the votes counted, and
/// resolutions without votes.
fn resolution_warnings(votes: &Votes, warnings: &mut Vec<String>) {
    for (r, res) in votes.resolutions.iter().enumerate() {
        if let Some([y, n, a]) = res.totals {
            let [cy, cn, ca, _] = res.counts;
            if [y, n, a] != [cy, cn, ca] {
                warnings.push(format!(
                    "`{}`: the votes give {cy}-{cn}-{ca} (yes-no-abstain), {} says {y}-{n}-{a}",
                    res.key,
                    votes.resolutions_file.as_deref().map_or("the resolutions file", base_name)
                ));
            }
        }
        if votes.starts[r] == votes.starts[r + 1] {
            warnings.push(format!("`{}` has no votes", res.key));
        }
    }
}

/// Build a new map as JSON (the same content as [`build_map`] without a
/// base: the header comment becomes the map's `description`). JSON maps load
/// several times faster than TOML ones, which matters at the scale of a
/// whole voting record; merging (`--into`) is TOML only. The output is
/// loaded and checked like [`build_map`]'s before it is returned.
pub fn build_json_map(votes: &Votes, opts: &VotesOptions) -> Result<Imported, Error> {
    let mut summary = Summary { votes: votes.rows.len(), absences: votes.absences(), ..Summary::default() };
    summary.warnings.extend(votes.warnings.iter().cloned());
    let voter_keys: Vec<&str> = votes.voters.iter().map(|v| v.key.as_str()).collect();
    let actor_ids = derive_ids(&voter_keys, "actor", |_| false)?;
    let res_keys: Vec<String> = votes.resolutions.iter().map(|r| name_key(&r.key)).collect();
    let res_key_refs: Vec<&str> = res_keys.iter().map(String::as_str).collect();
    let claim_ids = derive_ids(&res_key_refs, "claim", |_| false)?;
    let vias: Vec<String> = votes.resolutions.iter().map(via_of).collect();
    resolution_warnings(votes, &mut summary.warnings);
    summary.claims_added = claim_ids.len();
    summary.actors_added = actor_ids.len();

    let mut out = String::with_capacity(votes.rows.len() * 150 + votes.resolutions.len() * 400);
    out.push_str("{\n  \"map\": {\"title\": ");
    match &opts.title {
        Some(t) => push_json_str(&mut out, t),
        None => push_json_str(&mut out, &format!("Recorded votes from {}", base_name(&votes.file))),
    }
    let mut description = format!("Imported with `elenchus import votes` from {}", base_name(&votes.file));
    if let Some(r) = &votes.resolutions_file {
        let _ = write!(description, " and {}", base_name(r));
    }
    description.push('.');
    out.push_str(", \"description\": ");
    push_json_str(&mut out, &description);
    if let Some(src) = &opts.source {
        out.push_str(", \"source\": ");
        push_json_str(&mut out, src);
    }
    out.push_str("},\n  \"claims\": {");
    for (r, res) in votes.resolutions.iter().enumerate() {
        out.push_str(if r == 0 { "\n    " } else { ",\n    " });
        push_json_str(&mut out, &claim_ids[r]);
        out.push_str(": {\"text\": ");
        push_json_str(&mut out, res.title.as_deref().unwrap_or(&res.key));
        out.push_str(", \"kind\": ");
        push_json_str(&mut out, &opts.claim_kind);
        if !res.tags.is_empty() {
            out.push_str(", \"tags\": ");
            out.push_str(&serde_json::to_string(&res.tags).expect("strings encode"));
        }
        if let Some(src) = &opts.source {
            out.push_str(", \"source\": ");
            push_json_str(&mut out, src);
        }
        out.push_str(", \"note\": ");
        push_json_str(&mut out, &vote_note(votes, r));
        let absent = absent_ids(votes, r, &actor_ids);
        if !absent.is_empty() {
            out.push_str(", \"absent\": ");
            out.push_str(&serde_json::to_string(&absent).expect("strings encode"));
        }
        out.push('}');
    }
    out.push_str("\n  },\n  \"actors\": {");
    for (v, voter) in votes.voters.iter().enumerate() {
        out.push_str(if v == 0 { "\n    " } else { ",\n    " });
        push_json_str(&mut out, &actor_ids[v]);
        out.push_str(": {\"name\": ");
        push_json_str(&mut out, &voter.name);
        if let Some(kind) = &opts.actor_kind {
            out.push_str(", \"kind\": ");
            push_json_str(&mut out, kind);
        }
        out.push('}');
    }
    out.push_str("\n  },\n  \"stances\": [");
    let actor_json: Vec<String> = actor_ids.iter().map(|id| serde_json::to_string(id).expect("encodes")).collect();
    let source_json = opts.source.as_ref().map(|s| serde_json::to_string(s).expect("encodes"));
    let mut first = true;
    for r in 0..votes.resolutions.len() {
        let claim = serde_json::to_string(&claim_ids[r]).expect("encodes");
        let via = serde_json::to_string(&vias[r]).expect("encodes");
        let default_date = votes.resolution_date(r);
        for row in votes.rows_of(r) {
            let Some(position) = row.vote.position() else { continue };
            out.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            out.push_str("{\"actor\": ");
            out.push_str(&actor_json[row.voter as usize]);
            out.push_str(", \"claim\": ");
            out.push_str(&claim);
            out.push_str(", \"position\": \"");
            out.push_str(position.as_str());
            out.push('"');
            if let Some(d) = row.date.or(default_date) {
                let _ = write!(out, ", \"date\": \"{d}\"");
            }
            if let Some(s) = &source_json {
                out.push_str(", \"source\": ");
                out.push_str(s);
            }
            out.push_str(", \"via\": ");
            out.push_str(&via);
            out.push('}');
            summary.stances_added += 1;
        }
    }
    out.push_str("\n  ]\n}\n");
    let text = verify_as(out, Format::Json, votes, &actor_ids, &claim_ids, &vias)?;
    Ok(Imported { text, summary, actor_ids, claim_ids })
}

/// Load the complete output with the map loader before it is written: it
/// must be a valid map, and hold every imported vote that is not `absent` as
/// a stance (of its actor, on its claim, with its `via`) with the vote's
/// position and date, and no stance under an imported vote's actor, claim
/// and `via` that says otherwise. Returns the text.
fn verify(
    text: String,
    votes: &Votes,
    actor_ids: &[String],
    claim_ids: &[String],
    vias: &[String],
) -> Result<String, Error> {
    verify_as(text, Format::Toml, votes, actor_ids, claim_ids, vias)
}

/// [`verify`] of a text in the given format.
fn verify_as(
    text: String,
    format: Format,
    votes: &Votes,
    actor_ids: &[String],
    claim_ids: &[String],
    vias: &[String],
) -> Result<String, Error> {
    let loaded = crate::load::load_str("<import>", text, format);
    let Some(map) = &loaded.map else {
        let style = crate::diag::Style { color: false };
        let mut msg = String::from("the map would not be valid after the import; nothing written:\n");
        for d in loaded.diagnostics.iter().filter(|d| d.level == crate::diag::Level::Error).take(20) {
            msg.push_str(&d.render(&loaded.file, style));
        }
        return Err(Error::Other(msg.trim_end().to_string()));
    };
    let actor_by_id: HashMap<&str, u32> = actor_ids.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
    let claim_by_id: HashMap<&str, u32> = claim_ids.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
    // Map indices to vote indices, once per actor and claim rather than per stance.
    let voter_of: Vec<Option<u32>> = map.actors.iter().map(|a| actor_by_id.get(a.id.as_str()).copied()).collect();
    let res_of: Vec<Option<u32>> = map.claims.iter().map(|c| claim_by_id.get(c.id.as_str()).copied()).collect();
    let mut seen = vec![false; votes.rows.len()];
    for st in map.stances.iter().filter(|s| s.origin != crate::model::Origin::Reason) {
        let (Some(v), Some(r)) = (voter_of[st.actor as usize], res_of[st.claim as usize]) else { continue };
        if st.via.as_deref() != Some(vias[r as usize].as_str()) {
            continue;
        }
        let Some(ri) = votes.vote_of(r, v) else { continue };
        let row = &votes.rows[ri];
        let date = row.date.or(votes.resolution_date(r as usize));
        // A vote corrected by the voter: the record is in `recorded`.
        let recorded = st.recorded.as_ref().map_or(st.position, |r| r.position);
        if row.vote.position() != Some(recorded) || (date.is_some() && st.date != date) {
            return Err(Error::Other(format!(
                "the output would record `{}` as {} `{}` where the votes say `{}` (line {} of `{}`); nothing written",
                actor_ids[v as usize],
                st.position.as_str(),
                claim_ids[r as usize],
                row.vote.as_str(),
                row.line,
                votes.file
            )));
        }
        seen[ri] = true;
    }
    if let Some(ri) = (0..votes.rows.len()).find(|&ri| !seen[ri] && votes.rows[ri].vote != Vote::Absent) {
        let row = &votes.rows[ri];
        return Err(Error::Other(format!(
            "the output would lose the vote of `{}` on `{}` (line {} of `{}`); nothing written",
            actor_ids[row.voter as usize], claim_ids[row.resolution as usize], row.line, votes.file
        )));
    }
    drop(loaded.map);
    drop(loaded.diagnostics);
    Ok(std::sync::Arc::try_unwrap(loaded.file.text).unwrap_or_else(|t| (*t).clone()))
}

/// Lone `\n` line ends as `\r\n`.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for piece in text.split_inclusive('\n') {
        match piece.strip_suffix('\n') {
            Some(line) if !line.ends_with('\r') => {
                out.push_str(line);
                out.push_str("\r\n");
            }
            _ => out.push_str(piece),
        }
    }
    out
}

fn write_claim(s: &mut String, votes: &Votes, r: usize, id: &str, actor_ids: &[String], opts: &VotesOptions) {
    let res = &votes.resolutions[r];
    s.push_str("[claims.");
    push_toml_key(s, id);
    s.push_str("]\ntext = ");
    push_toml_str(s, res.title.as_deref().unwrap_or(&res.key));
    s.push_str("\nkind = ");
    push_toml_str(s, &opts.claim_kind);
    if !res.tags.is_empty() {
        s.push_str("\ntags = ");
        push_toml_str_array(s, &res.tags);
    }
    if let Some(src) = &opts.source {
        s.push_str("\nsource = ");
        push_toml_str(s, src);
    }
    s.push_str("\nnote = ");
    push_toml_str(s, &vote_note(votes, r));
    s.push('\n');
    let absent = absent_ids(votes, r, actor_ids);
    if !absent.is_empty() {
        s.push_str("absent = ");
        push_toml_str_array(s, &absent);
        s.push('\n');
    }
}

fn write_actor(s: &mut String, voter: &Voter, id: &str, opts: &VotesOptions) {
    s.push_str("[actors.");
    push_toml_key(s, id);
    s.push_str("]\nname = ");
    push_toml_str(s, &voter.name);
    s.push('\n');
    if let Some(kind) = &opts.actor_kind {
        s.push_str("kind = ");
        push_toml_str(s, kind);
        s.push('\n');
    }
}

/// Write the new stances, grouped by resolution, each group under a comment.
#[allow(clippy::too_many_arguments)]
fn write_stances(
    out: &mut String,
    votes: &Votes,
    matched: &[bool],
    claim_ids: &[String],
    actor_ids: &[String],
    vias: &[String],
    date_strings: &[Option<String>],
    opts: &VotesOptions,
) {
    let actor_lines: Vec<String> = actor_ids
        .iter()
        .map(|id| {
            let mut s = String::from("actor = ");
            push_toml_str(&mut s, id);
            s.push('\n');
            s
        })
        .collect();
    let source_line = opts.source.as_ref().map(|src| {
        let mut s = String::from("source = ");
        push_toml_str(&mut s, src);
        s.push('\n');
        s
    });
    let mut first = true;
    let mut date_line = String::new();
    let mut date_of_line: Option<Date> = None;
    for (r, res) in votes.resolutions.iter().enumerate() {
        let mut claim_line = String::from("claim = ");
        push_toml_str(&mut claim_line, &claim_ids[r]);
        claim_line.push('\n');
        let mut via_line = String::from("via = ");
        push_toml_str(&mut via_line, &vias[r]);
        via_line.push('\n');
        let default_date = votes.resolution_date(r);
        let mut group_started = false;
        for &ri in &votes.order[votes.starts[r] as usize..votes.starts[r + 1] as usize] {
            let row = &votes.rows[ri as usize];
            let Some(position) = row.vote.position() else { continue };
            if matched[ri as usize] {
                continue;
            }
            if !first {
                out.push('\n');
            }
            first = false;
            if !group_started {
                group_started = true;
                out.push_str("# Votes on ");
                push_toml_comment(out, &res.symbol);
                if let Some(t) = &res.title {
                    out.push_str(": ");
                    push_toml_comment(out, t);
                }
                if let Some(d) = &date_strings[r] {
                    out.push_str(" (");
                    out.push_str(d);
                    out.push(')');
                }
                out.push('\n');
            }
            out.push_str("[[stances]]\n");
            out.push_str(&actor_lines[row.voter as usize]);
            out.push_str(&claim_line);
            out.push_str(match position {
                Position::Affirms => "position = \"affirms\"\n",
                Position::Denies => "position = \"denies\"\n",
                Position::Abstains => "position = \"abstains\"\n",
            });
            if let Some(d) = row.date.or(default_date) {
                if date_of_line != Some(d) {
                    date_of_line = Some(d);
                    date_line.clear();
                    let _ = writeln!(date_line, "date = {d}");
                }
                out.push_str(&date_line);
            }
            if let Some(s) = &source_line {
                out.push_str(s);
            }
            out.push_str(&via_line);
        }
    }
}

/// The text of the map to merge into, from its bytes.
pub fn map_text<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, Error> {
    std::str::from_utf8(bytes).map_err(|_| Error::Other(format!("`{}` is not valid UTF-8", path.display())))
}

/// [`import_votes`] with a tags file too, any input gzip-compressed.
pub fn import_vote_files(files: &VoteFiles<'_>, into: Option<&Path>, opts: &VotesOptions) -> Result<Imported, Error> {
    let votes = read_vote_files(files, opts)?;
    let base = match into {
        Some(p) => Some(read_input(p)?.1),
        None => None,
    };
    let base = match (into, &base) {
        (Some(p), Some(bytes)) => Some(map_text(p, bytes)?),
        _ => None,
    };
    build_map(&votes, base, opts)
}

/// Read the files and build the map: the votes, the resolutions file if
/// any, and the map to merge into if any. (The command line holds a lock on
/// the map from reading it to writing it back: see [`crate::output::Locked`].)
pub fn import_votes(
    votes_path: &Path,
    resolutions: Option<&Path>,
    into: Option<&Path>,
    opts: &VotesOptions,
) -> Result<Imported, Error> {
    import_vote_files(&VoteFiles { votes: votes_path, resolutions, tags: None }, into, opts)
}
