//! Matching findings to `[[acknowledged]]` entries through an index.
//!
//! An entry matches a finding of its rule, of its actor when it names one,
//! that involves every claim it lists (among the finding's claims or the
//! claims that address it). A finding matched by several entries takes the
//! reason of the last one in the file.
//!
//! Entries are indexed by [`Key`]: rule, actor (or none) and the entry's
//! first claim (or none). A finding looks up its rule with its actor and
//! with no actor, each with no claim and with each of its claims, and checks
//! only the entries found there: the cost is the finding's size, not the
//! number of entries. (Matching by the exact set of claims would key entries
//! by the whole sorted set and need one lookup per finding.)

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use super::Finding;
use crate::model::Acknowledgement;

/// Where an entry is filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key<'m> {
    rule: &'m str,
    actor: Option<&'m str>,
    claim: Option<&'m str>,
}

/// The index of a map's enabled acknowledgements, and which of them have
/// matched a finding so far (shared by the threads of a check).
pub(crate) struct Acks<'m> {
    entries: &'m [Acknowledgement],
    by_key: HashMap<Key<'m>, Vec<usize>>,
    rules: HashSet<&'m str>,
    matched: Vec<AtomicBool>,
}

impl<'m> Acks<'m> {
    /// Index the entries for which `enabled` holds (those of rules turned
    /// off find nothing to match, and are never stale).
    pub(crate) fn new(entries: &'m [Acknowledgement], enabled: impl Fn(&Acknowledgement) -> bool) -> Acks<'m> {
        let mut by_key: HashMap<Key<'m>, Vec<usize>> = HashMap::new();
        let mut rules = HashSet::new();
        for (i, a) in entries.iter().enumerate() {
            if !enabled(a) {
                continue;
            }
            rules.insert(a.rule.as_str());
            let key = Key { rule: &a.rule, actor: a.actor.as_deref(), claim: a.claims.first().map(String::as_str) };
            by_key.entry(key).or_default().push(i);
        }
        let matched = entries.iter().map(|_| AtomicBool::new(false)).collect();
        Acks { entries, by_key, rules, matched }
    }

    /// The reason of the last entry that matches `f`, if any; every entry
    /// that matches is marked as matched.
    pub(crate) fn reason(&self, f: &Finding) -> Option<&'m str> {
        if !self.rules.contains(f.rule) {
            return None;
        }
        let involved: HashSet<&str> = f.claims.iter().chain(&f.addressed_by).map(String::as_str).collect();
        let actors = [f.actor.as_deref(), None];
        let actors = if f.actor.is_some() { &actors[..] } else { &actors[1..] };
        let mut last: Option<usize> = None;
        for &actor in actors {
            for claim in std::iter::once(None).chain(involved.iter().map(|c| Some(*c))) {
                let Some(list) = self.by_key.get(&Key { rule: f.rule, actor, claim }) else { continue };
                for &i in list {
                    if self.entries[i].claims.iter().all(|c| involved.contains(c.as_str())) {
                        self.matched[i].store(true, Ordering::Relaxed);
                        last = last.max(Some(i));
                    }
                }
            }
        }
        last.map(|i| self.entries[i].reason.as_str())
    }

    /// The enabled entries that matched no finding, in file order.
    pub(crate) fn stale(&self) -> impl Iterator<Item = &'m Acknowledgement> + '_ {
        let enabled: HashSet<usize> = self.by_key.values().flatten().copied().collect();
        self.entries
            .iter()
            .enumerate()
            .filter(move |(i, _)| enabled.contains(i) && !self.matched[*i].load(Ordering::Relaxed))
            .map(|(_, a)| a)
    }
}
