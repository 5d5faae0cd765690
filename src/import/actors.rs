//! The actors of the map merged into, found again by name, alias or id.

use std::collections::{HashMap, HashSet};

use toml_edit::Item;

use super::MatchedBy;
use crate::error::Error;
use crate::formats::votes::{Voter, name_key};

/// The actors of the map merged into, by the identity ([`name_key`]) of
/// their names, aliases and ids.
#[derive(Default)]
pub(super) struct KnownActors {
    /// Identity → (actor id, how, the text as written), every entry.
    pub(super) by_key: HashMap<String, Vec<(String, MatchedBy, String)>>,
    /// The actors that have a `name`.
    pub(super) named: HashSet<String>,
}

impl KnownActors {
    pub(super) fn add(&mut self, text: &str, by: MatchedBy, id: &str) {
        let key = name_key(text);
        if key.is_empty() {
            return;
        }
        let list = self.by_key.entry(key).or_default();
        if !list.iter().any(|(i, b, _)| i == id && *b == by) {
            list.push((id.to_string(), by, text.to_string()));
        }
    }

    /// An actor's `aliases`: a list of non-empty strings.
    pub(super) fn add_aliases(&mut self, id: &str, item: Option<&Item>) -> Result<(), Error> {
        let Some(item) = item else { return Ok(()) };
        let bad = |what: &str| {
            Error::Other(format!(
                "actor `{id}` of the map: `aliases` must be a list of names (strings that are not empty); {what}"
            ))
        };
        let Some(list) = item.as_array() else { return Err(bad("it is not a list")) };
        for v in list.iter() {
            match v.as_str() {
                Some(a) if !a.trim().is_empty() => self.add(a, MatchedBy::Alias, id),
                Some(_) => return Err(bad("one is empty")),
                None => return Err(bad("one is not a string")),
            }
        }
        Ok(())
    }

    /// An alias may name one actor only, and no other actor's `name`.
    pub(super) fn check_aliases(&self) -> Result<(), Error> {
        let mut keys: Vec<&String> = self.by_key.keys().collect();
        keys.sort_unstable();
        for k in keys {
            let list = &self.by_key[k];
            let Some((id, _, text)) = list.iter().find(|(_, by, _)| *by == MatchedBy::Alias) else { continue };
            if let Some((other, by, other_text)) =
                list.iter().find(|(i, by, _)| i != id && matches!(by, MatchedBy::Alias | MatchedBy::Name))
            {
                return Err(Error::Other(format!(
                    "the alias `{text}` of actor `{id}` is also the {} `{other_text}` of actor `{other}`: \
                     an alias names one actor only",
                    if *by == MatchedBy::Alias { "alias" } else { "name" }
                )));
            }
        }
        Ok(())
    }

    /// The actor a voter is, and how: by `name` or alias (compared as
    /// [`name_key`]), or by id: the voter's name is the id exactly, or the
    /// actor has no `name` and the voter's name is its id ignoring case. A
    /// voter that names two different actors is an error.
    pub(super) fn find(&self, voter: &Voter) -> Result<Option<(&str, MatchedBy)>, Error> {
        let Some(all) = self.by_key.get(&voter.key) else { return Ok(None) };
        let list: Vec<&(String, MatchedBy, String)> = all
            .iter()
            .filter(|(id, by, _)| *by != MatchedBy::Id || voter.name == *id || !self.named.contains(id))
            .collect();
        if list.is_empty() {
            return Ok(None);
        }
        let mut ids: Vec<&str> = list.iter().map(|(i, _, _)| i.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > 1 && list.iter().all(|(_, by, _)| *by == MatchedBy::Name) {
            let names = ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
            return Err(Error::Other(format!(
                "the map has {} actors named `{}` ({names}): cannot tell which one cast the votes; \
                 give them different names",
                ids.len(),
                voter.name
            )));
        }
        if ids.len() > 1 {
            let names =
                list.iter().map(|(i, by, _)| format!("`{i}` (by {})", by.as_str())).collect::<Vec<_>>().join(", ");
            return Err(Error::Other(format!(
                "`{}` names {} actors of the map: {names}; cannot tell which one cast the votes: \
                 give them different names and aliases",
                voter.name,
                ids.len()
            )));
        }
        // Name before alias before id: the most specific way it matched.
        let best = list.iter().min_by_key(|(_, by, _)| *by as u8).expect("a non-empty list");
        Ok(Some((best.0.as_str(), best.1)))
    }
}
