//! What the analyses look at: a selection of actors, claims (by id or by
//! tag) and a date range of stances.
//!
//! - Claims: each item names a claim by id or, when no claim has that id,
//!   every claim with that tag (in map order); a claim named twice counts once.
//! - Dates: with `from` and/or `to` (inclusive), only stances dated in the
//!   range count (undated stances do not), the current stance of a cell is
//!   the latest of those, and a claim is a column only when one of its
//!   stances lies in the range.

use crate::diag::did_you_mean;
use crate::model::*;

/// Actors, claims and dates to analyse; `None` is "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The rows, in this order (default: every actor, in map order).
    pub actors: Option<Vec<ActorIdx>>,
    /// The columns, in this order (default: every claim with a written
    /// stance of a selected actor or an absence of one, in map order; a claim
    /// named only as a stance's `reason` is a column only when chosen).
    pub claims: Option<Vec<ClaimIdx>>,
    /// Earliest date of a stance that counts (inclusive).
    pub from: Option<Date>,
    /// Latest date of a stance that counts (inclusive).
    pub to: Option<Date>,
}

impl Selection {
    /// Whether a stance counts: always without dates; with a range, only a
    /// stance dated within it.
    pub fn keeps(&self, s: &Stance) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        match s.date {
            None => false,
            Some(d) => self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t),
        }
    }
}

/// The claims that `items` name: each a claim id, or else a tag (every
/// claim carrying it, in map order). An item that is neither is an error
/// naming the closest id or tag.
pub fn select_claims(map: &ArgMap, items: &[String]) -> Result<Vec<ClaimIdx>, String> {
    let mut out = Vec::new();
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if let Some(c) = map.claim_id(item) {
            out.push(c);
            continue;
        }
        let before = out.len();
        out.extend(
            map.claims.iter().enumerate().filter(|(_, c)| c.tags.iter().any(|t| t == item)).map(|(i, _)| i as ClaimIdx),
        );
        if out.len() == before {
            let names = map
                .claims
                .iter()
                .map(|c| c.id.as_str())
                .chain(map.claims.iter().flat_map(|c| c.tags.iter().map(String::as_str)));
            let hint = did_you_mean(item, names).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            return Err(format!("no claim with id or tag `{item}` in `{}`{hint}", map.file.name));
        }
    }
    let mut seen = vec![false; map.claims.len()];
    out.retain(|&c| !std::mem::replace(&mut seen[c as usize], true));
    Ok(out)
}
