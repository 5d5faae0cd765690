//! Matching findings to `[[acknowledged]]` entries (a map's own, and a
//! baseline's) through an index.
//!
//! An entry names one finding exactly: by its rule, its actor (or none) and
//! its set of claims, or by its fingerprint; or, when it says so with
//! `claims = "*"`, every finding of its rule (and of its actor, when it names
//! one). The rules are in docs/checks.md, "Acknowledgements".
//!
//! Each entry is filed under one key, a hash of what it names: (rule, actor,
//! sorted set of claims), (rule, actor) for a wildcard, or the fingerprint,
//! each with the map file a baseline entry is restricted to. A finding looks
//! up its own few keys and checks only the entries found there: its cost is
//! a handful of lookups, not the number of entries.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::Finding;
use crate::model::{AckClaims, AckKind, Acknowledgement, ArgMap};
use crate::source::SourceFile;

/// The reason a baseline written by `check --write-baseline` gives each
/// entry, until someone writes the real one.
pub const PLACEHOLDER_REASON: &str = "TODO: say why this finding stands";

/// How a finding is acknowledged: the reason, and the entry that gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Acknowledged {
    pub reason: String,
    /// `inSource` for an entry in the map, `external` for one in a baseline.
    pub kind: AckKind,
    /// The file of the entry: the map's, or the baseline's.
    pub file: String,
    /// The entry's line in that file (1-based).
    pub line: usize,
    /// Whether the entry is a wildcard (`claims = "*"`).
    pub wildcard: bool,
}

/// The three kinds of key an entry is filed under.
#[derive(Hash)]
enum Key<'a> {
    Exact { rule: &'a str, actor: Option<&'a str>, claims: &'a [&'a str] },
    Wildcard { rule: &'a str, actor: Option<&'a str> },
    Fingerprint(&'a str),
}

fn hash(file: Option<&str>, key: Key<'_>) -> u64 {
    // Fixed keys: the same hash for the same key throughout a run.
    let mut h = std::hash::DefaultHasher::new();
    (file, key).hash(&mut h);
    h.finish()
}

/// The distinct claims of a list, sorted.
fn claim_set(claims: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = claims.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The key an entry is filed under.
fn entry_key(a: &Acknowledgement) -> u64 {
    let file = a.file.as_deref();
    if let Some(fp) = &a.fingerprint {
        return hash(file, Key::Fingerprint(fp));
    }
    let rule = a.rule.as_deref().unwrap_or("");
    match &a.claims {
        Some(AckClaims::Any) => hash(file, Key::Wildcard { rule, actor: a.actor.as_deref() }),
        Some(AckClaims::Exactly(c)) => {
            hash(file, Key::Exact { rule, actor: a.actor.as_deref(), claims: &claim_set(c) })
        }
        None => hash(file, Key::Exact { rule, actor: a.actor.as_deref(), claims: &[] }),
    }
}

/// Whether entry `a` names finding `f` (see the module documentation).
pub fn matches(a: &Acknowledgement, f: &Finding) -> bool {
    let loose = a.fingerprint.is_some() || a.is_wildcard();
    a.rule.as_deref().is_none_or(|r| r == f.rule)
        && a.file.as_deref().is_none_or(|x| x == &*f.file)
        && a.fingerprint.as_deref().is_none_or(|x| x == f.fingerprint)
        && if loose { a.actor.is_none() || a.actor == f.actor } else { a.actor == f.actor }
        && match &a.claims {
            None => a.fingerprint.is_some() || f.claims.is_empty(),
            Some(AckClaims::Any) => true,
            Some(AckClaims::Exactly(c)) => claim_set(c) == claim_set(&f.claims),
        }
}

/// The index of a list of entries, and which of them have matched a finding
/// so far (shared by the threads of a check).
#[derive(Debug, Default)]
struct Table {
    by_key: HashMap<u64, Vec<u32>>,
    matched: Vec<AtomicBool>,
}

impl Table {
    fn new(entries: &[Acknowledgement]) -> Table {
        let mut by_key: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, a) in entries.iter().enumerate() {
            by_key.entry(entry_key(a)).or_default().push(i as u32);
        }
        Table { by_key, matched: entries.iter().map(|_| AtomicBool::new(false)).collect() }
    }

    /// Every entry that matches `f`, each marked as matched: those filed
    /// under `f`'s keys for each of `files`, checked.
    fn matching<'e>(
        &self,
        entries: &'e [Acknowledgement],
        f: &Finding,
        files: &[Option<&str>],
    ) -> impl Iterator<Item = (u32, &'e Acknowledgement)> {
        let mut found: Vec<u32> = Vec::new();
        if !self.by_key.is_empty() {
            let claims = claim_set(&f.claims);
            let actor = f.actor.as_deref();
            for &file in files {
                let mut keys = vec![
                    hash(file, Key::Exact { rule: f.rule, actor, claims: &claims }),
                    hash(file, Key::Wildcard { rule: f.rule, actor }),
                    hash(file, Key::Fingerprint(&f.fingerprint)),
                ];
                if actor.is_some() {
                    keys.push(hash(file, Key::Wildcard { rule: f.rule, actor: None }));
                }
                for k in keys {
                    found.extend(self.by_key.get(&k).into_iter().flatten());
                }
            }
            found.sort_unstable();
            found.dedup();
            found.retain(|&i| matches(&entries[i as usize], f));
            for &i in &found {
                self.matched[i as usize].store(true, Ordering::Relaxed);
            }
        }
        found.into_iter().map(move |i| (i, &entries[i as usize]))
    }

    /// The entries that matched nothing, of those `looked_for` holds for.
    fn stale<'e>(
        &self,
        entries: &'e [Acknowledgement],
        looked_for: impl Fn(&Acknowledgement) -> bool,
    ) -> Vec<&'e Acknowledgement> {
        entries
            .iter()
            .zip(&self.matched)
            .filter(|(a, m)| !m.load(Ordering::Relaxed) && looked_for(a))
            .map(|(a, _)| a)
            .collect()
    }
}

/// Acknowledgements kept outside the maps, in a baseline file (`check
/// --baseline FILE`): one baseline for every map of a run; an entry with a
/// `file` applies to that map only.
#[derive(Debug)]
pub struct Baseline {
    file: SourceFile,
    entries: Vec<Acknowledgement>,
    table: Table,
}

impl Baseline {
    /// A baseline of `entries`, read from `file`.
    pub fn new(file: SourceFile, entries: Vec<Acknowledgement>) -> Baseline {
        let table = Table::new(&entries);
        Baseline { file, entries, table }
    }
    /// The file the baseline was read from.
    pub fn file(&self) -> &SourceFile {
        &self.file
    }
    pub fn entries(&self) -> &[Acknowledgement] {
        &self.entries
    }
    /// How many entries still give the placeholder reason ([`PLACEHOLDER_REASON`]).
    pub fn placeholders(&self) -> usize {
        self.entries.iter().filter(|a| a.reason.trim() == PLACEHOLDER_REASON).count()
    }
    /// Forget which entries matched (before a new run).
    pub fn reset(&self) {
        for m in &self.table.matched {
            m.store(false, Ordering::Relaxed);
        }
    }
    /// The entries that matched no finding since the last [`Baseline::reset`],
    /// of those `looked_for` holds for (an entry whose map was not checked,
    /// or whose rule was off, was not looked for), in file order.
    pub fn stale(&self, looked_for: impl Fn(&Acknowledgement) -> bool) -> Vec<&Acknowledgement> {
        self.table.stale(&self.entries, looked_for)
    }
}

/// The acknowledgements a check of one map reads: the map's own, and a
/// baseline's.
pub(crate) struct Acks<'m> {
    map: &'m ArgMap,
    table: Table,
    baseline: Option<&'m Baseline>,
}

impl<'m> Acks<'m> {
    pub(crate) fn new(map: &'m ArgMap, baseline: Option<&'m Baseline>) -> Acks<'m> {
        Acks { map, table: Table::new(&map.acknowledged), baseline }
    }

    /// How `f` is acknowledged, if it is; every entry that matches it is
    /// marked as matched. Of several, an exact entry (or one by fingerprint)
    /// wins over a wildcard, then the map's entry over the baseline's, then
    /// the later entry in its file.
    pub(crate) fn acknowledge(&self, f: &Finding) -> Option<Acknowledged> {
        let in_map = self.table.matching(&self.map.acknowledged, f, &[None]).map(|(i, a)| (AckKind::InSource, i, a));
        let mut best = in_map.max_by_key(|&(k, i, a)| (!a.is_wildcard(), std::cmp::Reverse(k), i));
        if let Some(b) = self.baseline {
            let files = [None, Some(&*f.file)];
            let ext = b.table.matching(&b.entries, f, &files).map(|(i, a)| (AckKind::External, i, a));
            let rank = |&(k, i, a): &(AckKind, u32, &Acknowledgement)| (!a.is_wildcard(), std::cmp::Reverse(k), i);
            best = best.into_iter().chain(ext).max_by_key(rank);
        }
        let (kind, _, a) = best?;
        let file = if kind == AckKind::InSource { &self.map.file } else { &self.baseline?.file };
        Some(Acknowledged {
            reason: a.reason.clone(),
            kind,
            file: file.name.clone(),
            line: file.line_col(a.span.start).line,
            wildcard: a.is_wildcard(),
        })
    }

    /// The map's entries that matched no finding, of those `looked_for`
    /// holds for, in file order.
    pub(crate) fn stale(&self, looked_for: impl Fn(&Acknowledgement) -> bool) -> Vec<&'m Acknowledgement> {
        self.table.stale(&self.map.acknowledged, looked_for)
    }
}

/// Where a stale entry is filed when looking for hints: rule, actor, and
/// the least of its claims.
type HintKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Checks of candidate findings made at most when looking for hints.
const MAX_HINT_CHECKS: usize = 1 << 20;

/// For each stale entry that lists claims (or none) by rule, the first
/// finding of its rule and file, of its actor (of any actor when it names
/// none), whose claims include every claim it lists, if any: the entry was
/// probably written for it when an entry matched every finding that
/// involved the claims it lists.
pub(crate) fn hints<'f>(
    stale: &[&Acknowledgement],
    findings: impl Iterator<Item = &'f Finding>,
) -> Vec<Option<String>> {
    let mut hints: Vec<Option<String>> = vec![None; stale.len()];
    // Entries filed under (rule, actor, their least claim).
    let mut by_key: HashMap<HintKey<'_>, Vec<usize>> = HashMap::new();
    for (i, a) in stale.iter().enumerate() {
        if a.fingerprint.is_some() || a.is_wildcard() {
            continue;
        }
        let Some(rule) = a.rule.as_deref() else { continue };
        let least = claim_set(a.listed_claims()).first().copied();
        by_key.entry((rule, a.actor.as_deref(), least)).or_default().push(i);
    }
    if by_key.is_empty() {
        return hints;
    }
    let mut checks = 0;
    for f in findings {
        if checks > MAX_HINT_CHECKS {
            break;
        }
        let claims = claim_set(&f.claims);
        // An entry without an actor once matched every actor's findings.
        let actors = [f.actor.as_deref(), None];
        let actors = if f.actor.is_some() { &actors[..] } else { &actors[1..] };
        let keys = actors
            .iter()
            .flat_map(|&a| std::iter::once(None).chain(claims.iter().map(|c| Some(*c))).map(move |c| (a, c)));
        for (actor, least) in keys {
            for &i in by_key.get(&(f.rule, actor, least)).into_iter().flatten() {
                checks += 1;
                let a = stale[i];
                let listed = claim_set(a.listed_claims());
                if hints[i].is_some()
                    || a.file.as_deref().is_some_and(|x| x != &*f.file)
                    || !listed.iter().all(|c| claims.binary_search(c).is_ok())
                {
                    continue;
                }
                let named = match listed.len() {
                    0 => "none".to_string(),
                    n => n.to_string(),
                };
                let nor_actor = match (&a.actor, &f.actor) {
                    (None, Some(x)) => format!(", nor its actor `{x}`"),
                    _ => String::new(),
                };
                hints[i] = Some(format!(
                    "it names {named} of the {} claims of finding {}{nor_actor}; list them all, or write claims = \"*\"",
                    claims.len(),
                    f.fingerprint
                ));
            }
        }
    }
    hints
}
