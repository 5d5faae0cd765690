//! `check --summary` and `check --group-by`: counts of findings per rule, map
//! and actor, and findings grouped under one heading per actor, rule or
//! pattern. Both work on the findings a report keeps (past the cap, findings
//! are counted in the totals only).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Report, human, plural};
use crate::check::Finding;

/// One row of a summary: a key and how many findings it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The rule, map file or actor id.
    pub name: String,
    /// For a rule: the level its findings are reported at (`error`,
    /// `warning`, `note`, or `acknowledged`); a rule reported at several
    /// levels has a row per level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'static str>,
    pub count: usize,
}

/// Counts of findings per rule, per map and per actor, each sorted by count
/// (most first), then name (and level).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Statistics {
    pub rules: Vec<Count>,
    pub maps: Vec<Count>,
    /// Findings about an actor only: findings of map-level rules are in
    /// `rules` and `maps`, not here.
    pub actors: Vec<Count>,
}

/// The level a finding is counted at: `acknowledged` when it is, else its level.
fn shown_level(f: &Finding) -> &'static str {
    if f.acknowledged.is_some() { "acknowledged" } else { f.level.as_str() }
}

fn sorted<K: Ord>(counts: BTreeMap<K, usize>, row: impl Fn(K, usize) -> Count) -> Vec<Count> {
    let mut rows: Vec<Count> = counts.into_iter().map(|(k, n)| row(k, n)).collect();
    // Stable: ties keep the keys' order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows
}

/// The statistics of findings.
pub fn statistics<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Statistics {
    let mut rules: BTreeMap<(&str, &'static str), usize> = BTreeMap::new();
    let mut maps: BTreeMap<&str, usize> = BTreeMap::new();
    let mut actors: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *rules.entry((f.rule, shown_level(f))).or_default() += 1;
        *maps.entry(&*f.file).or_default() += 1;
        if let Some(a) = &f.actor {
            *actors.entry(a.as_str()).or_default() += 1;
        }
    }
    Statistics {
        rules: sorted(rules, |(r, l), count| Count { name: r.to_string(), level: Some(l), count }),
        maps: sorted(maps, |m, count| Count { name: m.to_string(), level: None, count }),
        actors: sorted(actors, |a, count| Count { name: a.to_string(), level: None, count }),
    }
}

/// The statistics of a report's findings (every map's, then the baseline's).
pub fn report_statistics(report: &Report) -> Statistics {
    statistics(report.findings())
}

/// What `--group-by` groups findings by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// One group per actor (findings about no actor: one group, `(no actor)`).
    Actor,
    /// One group per rule.
    Rule,
    /// One group per rule and claims in chain order, in one map: the same
    /// tension on the same edge, whichever actor it is about.
    Pattern,
}

/// Findings that share a key.
#[derive(Clone, Debug)]
pub struct Group<'f> {
    /// The actor id, the rule, or `rule: claim, claim...` in `map`.
    pub key: String,
    pub findings: Vec<&'f Finding>,
}

impl Group<'_> {
    /// The distinct actors of the group's findings, in order of first finding.
    pub fn actors(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.findings.iter().filter_map(|f| f.actor.as_deref()).filter(|a| seen.insert(*a)).collect()
    }
}

/// The name of the group of findings about no actor.
pub const NO_ACTOR: &str = "(no actor)";

/// The key of a finding's group.
pub fn group_key(f: &Finding, by: GroupBy) -> String {
    match by {
        GroupBy::Actor => f.actor.clone().unwrap_or_else(|| NO_ACTOR.to_string()),
        GroupBy::Rule => f.rule.to_string(),
        GroupBy::Pattern => format!("{}: {} in {}", f.rule, f.claims.join(", "), f.file),
    }
}

/// Findings grouped: every finding in exactly one group, in its order of
/// the input within a group; groups by size (largest first), then key.
pub fn group<'f>(findings: impl IntoIterator<Item = &'f Finding>, by: GroupBy) -> Vec<Group<'f>> {
    let mut groups: BTreeMap<String, Vec<&'f Finding>> = BTreeMap::new();
    for f in findings {
        groups.entry(group_key(f, by)).or_default().push(f);
    }
    let mut out: Vec<Group<'f>> = groups.into_iter().map(|(key, findings)| Group { key, findings }).collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.findings.len()));
    out
}

/// A group as the JSON document gives it (`groups`): its key, its count, its
/// actors, and its findings as indices into the document's `findings`.
#[derive(Serialize)]
pub struct GroupDoc<'f> {
    pub key: &'f str,
    pub count: usize,
    pub actors: Vec<&'f str>,
    pub findings: Vec<usize>,
}

/// The groups of a report's findings as the JSON document gives them.
pub fn group_docs<'f>(groups: &'f [Group<'f>], report: &'f Report) -> Vec<GroupDoc<'f>> {
    let index: std::collections::HashMap<*const Finding, usize> =
        report.findings().enumerate().map(|(i, f)| (f as *const Finding, i)).collect();
    groups
        .iter()
        .map(|g| GroupDoc {
            key: &g.key,
            count: g.findings.len(),
            actors: g.actors(),
            findings: g.findings.iter().filter_map(|f| index.get(&(*f as *const Finding)).copied()).collect(),
        })
        .collect()
}

/// The lines of one table of a summary: count, (level,) name.
fn table(out: &mut dyn Write, title: &str, rows: &[Count]) -> io::Result<()> {
    writeln!(out, "{title}:")?;
    if rows.is_empty() {
        writeln!(out, "  (none)")?;
    }
    let width = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(1);
    for r in rows {
        let name = crate::diag::terminal_safe(&r.name);
        match r.level {
            Some(l) => writeln!(out, "  {:>width$}  {l:<12}  {name}", r.count)?,
            None => writeln!(out, "  {:>width$}  {name}", r.count)?,
        }
    }
    Ok(())
}

/// `check --summary` in human form: each map's diagnostics, the counts per
/// rule, map and actor, and the totals line.
pub fn write_statistics_human(report: &Report, out: &mut dyn Write, color: bool, no_totals: bool) -> io::Result<()> {
    let style = crate::diag::Style { color };
    for m in &report.maps {
        human::write_diagnostics(m, out, style)?;
    }
    let s = report_statistics(report);
    table(out, "findings by rule", &s.rules)?;
    table(out, "findings by map", &s.maps)?;
    table(out, "findings by actor", &s.actors)?;
    if !no_totals {
        writeln!(out, "{}", human::totals_line(report))?;
    }
    Ok(())
}

/// `check --statistics --format json`: `{ "version", "statistics": { "rules",
/// "maps", "actors" }, "summary" }`.
pub fn write_statistics_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = serde_json::json!({
        "version": super::json::VERSION,
        "statistics": report_statistics(report),
        "summary": report.totals(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `check --group-by` in human form: per group a heading with its count (and
/// its actors, for a pattern), then its findings drawn; a pattern's findings
/// differ only in their actor, so one is drawn for all.
pub fn write_groups_human(
    report: &Report,
    by: GroupBy,
    out: &mut dyn Write,
    color: bool,
    quiet: super::Quiet,
) -> io::Result<()> {
    let style = crate::diag::Style { color };
    let h = human::Human { color, quiet };
    let mut files: std::collections::HashMap<&str, &crate::source::SourceFile> =
        report.maps.iter().map(|m| (m.file.name.as_str(), &m.file)).collect();
    if let Some(b) = &report.baseline {
        files.insert(b.file.name.as_str(), &b.file);
    }
    for m in &report.maps {
        human::write_diagnostics(m, out, style)?;
    }
    for g in group(h.shown(report.findings()), by) {
        let n = g.findings.len();
        let mut heading = format!("== {} ({})", g.key, plural(n, "finding", "findings"));
        let actors = g.actors();
        if by == GroupBy::Pattern && !actors.is_empty() {
            heading.push_str(&format!(": {}: {}", plural(actors.len(), "actor", "actors"), actors.join(", ")));
        }
        writeln!(out, "{}\n", crate::diag::terminal_safe(&heading))?;
        let drawn: &[&Finding] = if by == GroupBy::Pattern { &g.findings[..1] } else { &g.findings };
        // Findings of a group may come from several maps: drawn a run of one map at a time.
        for run in drawn.chunk_by(|a, b| a.file == b.file) {
            if let Some(file) = files.get(&*run[0].file) {
                human::draw_all(out, run, file, style)?;
            }
        }
        if drawn.len() < n {
            writeln!(
                out,
                "({} like it, about the actors above)\n",
                plural(n - drawn.len(), "more finding", "more findings")
            )?;
        }
    }
    for m in &report.maps {
        if let Some(line) = super::omitted_line(m) {
            writeln!(out, "{}\n", crate::diag::terminal_safe(&line))?;
        }
    }
    if !quiet.summary {
        writeln!(out, "{}", human::totals_line(report))?;
    }
    Ok(())
}

/// `check --group-by --format json`: the document of [`super::json::to_value`]
/// with a `groups` array of [`GroupDoc`].
pub fn write_groups_json(report: &Report, by: GroupBy, out: &mut dyn Write) -> io::Result<()> {
    let mut doc = super::json::to_value(report);
    let groups = group(report.findings(), by);
    let docs = group_docs(&groups, report);
    if let Some(o) = doc.as_object_mut() {
        o.insert("groups".into(), serde_json::to_value(docs)?);
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// The actor filter of `check --actor`: the ids given (each may be a
/// comma-separated list; blanks are skipped), each of which must be an
/// actor of at least one of `maps`; an id absent from some maps simply has
/// no findings there. An id of no map is an error naming the closest id.
pub fn resolve_actors<'m>(
    maps: impl IntoIterator<Item = &'m crate::model::ArgMap> + Clone,
    ids: &[String],
) -> Result<std::collections::BTreeSet<String>, String> {
    let mut set = std::collections::BTreeSet::new();
    for id in ids.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        if !maps.clone().into_iter().any(|m| m.actor_id(id).is_some()) {
            let hint = crate::diag::did_you_mean(
                id,
                maps.clone().into_iter().flat_map(|m| m.actors.iter().map(|a| a.id.as_str())),
            )
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
            return Err(format!("no actor `{id}` in the maps checked{hint}"));
        }
        set.insert(id.to_string());
    }
    Ok(set)
}
