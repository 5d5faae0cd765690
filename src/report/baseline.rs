//! The baseline file `check --write-baseline FILE` writes: one
//! `[[acknowledged]]` entry per finding of the run that its map does not
//! acknowledge, in the order of the findings, each naming its map, rule,
//! actor, claims and fingerprint, with the reason of the baseline read
//! (`--baseline`) when that acknowledged it, else [`PLACEHOLDER_REASON`].

use super::Report;
use crate::check::{Finding, PLACEHOLDER_REASON, STALE_ACKNOWLEDGEMENT};
use crate::import::{push_toml_str, push_toml_str_array};
use crate::model::AckKind;

/// The findings a baseline of `report` acknowledges: every finding of a
/// map that the map does not acknowledge itself (stale acknowledgements
/// aside: an entry cannot acknowledge that another entry matches nothing).
pub fn baseline_findings(report: &Report) -> impl Iterator<Item = &Finding> {
    report.maps.iter().flat_map(|m| &m.findings).filter(|f| {
        f.rule != STALE_ACKNOWLEDGEMENT && f.acknowledged.as_ref().is_none_or(|a| a.kind == AckKind::External)
    })
}

/// The text of the baseline of `report`.
pub fn baseline_text(report: &Report) -> String {
    let mut out = String::from(
        "# elenchus baseline: findings acknowledged outside the maps (`elenchus check --baseline FILE`).\n\
         # Written by `elenchus check --write-baseline`. Replace each reason \"TODO: ...\" with why\n\
         # the finding stands; an entry that no longer matches a finding is reported as stale.\n",
    );
    for f in baseline_findings(report) {
        out.push_str("\n[[acknowledged]]\nfile = ");
        push_toml_str(&mut out, &f.file);
        out.push_str("\nrule = ");
        push_toml_str(&mut out, f.rule);
        if let Some(a) = &f.actor {
            out.push_str("\nactor = ");
            push_toml_str(&mut out, a);
        }
        out.push_str("\nclaims = ");
        push_toml_str_array(&mut out, &f.claims);
        out.push_str("\nfingerprint = ");
        push_toml_str(&mut out, &f.fingerprint);
        out.push_str("\nreason = ");
        push_toml_str(&mut out, f.ack_reason().unwrap_or(PLACEHOLDER_REASON));
        out.push('\n');
    }
    out
}
