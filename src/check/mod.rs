//! Tension checks.
//!
//! Each rule lives in its own file under `rules/` behind the small [`Rule`]
//! trait, with a stable name, a default level, a one-line summary and a long
//! explanation. Rules read the one [`ClaimGraph`]; per-actor rules receive an
//! [`ActorView`] (the actor's current stances and commitments) built once per
//! actor and shared by all of them. A rule reports a [`Raw`] finding into the
//! [`Sink`]; the engine turns it into the shared [`Finding`] that every output
//! format reads. To add a rule: add one file under `rules/` and one line to
//! [`RULES`].

pub mod acceptance;
mod ack;
mod actor;
pub mod graphalg;
pub mod negative;
pub mod position;
pub mod rules;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

pub use ack::{Acknowledged, Baseline, PLACEHOLDER_REASON};
pub use actor::{ActorView, ChainTo, Via};
pub use negative::Denial;
pub use position::{Standing, Unsettled};

use crate::diag::{Label, Level};
use crate::graph::ClaimGraph;
use crate::model::*;
use crate::source::{SourceFile, Span};

/// A check rule.
pub trait Rule: Sync {
    /// The stable name, used in `[checks]`, `-A/-W/-D`, acknowledgements and output.
    fn name(&self) -> &'static str;
    /// The level the rule reports at unless configured otherwise.
    fn default_level(&self) -> RuleLevel;
    /// One sentence: what the rule finds.
    fn summary(&self) -> &'static str;
    /// The long explanation for `elenchus explain`: what it finds, why it
    /// matters, how to address it. Ends with an example map (TOML) that the
    /// rule fires on, under a line `Example:`.
    fn explanation(&self) -> &'static str;
    /// Checks that need no actor (relations, hygiene). Called once per map.
    fn check_map(&self, _cx: &Context<'_>, _sink: &mut Sink<'_>) {}
    /// Checks of one actor's stances. Called once per actor.
    fn check_actor(&self, _cx: &Context<'_>, _actor: &ActorView, _sink: &mut Sink<'_>) {}
}

/// Every rule, in the order `elenchus rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &rules::relation_conflict::RelationConflict,
    &rules::self_defeating_claim::SelfDefeatingClaim,
    &rules::circular_support::CircularSupport,
    &rules::contradiction::Contradiction,
    &rules::broken_entailment::BrokenEntailment,
    &rules::unheeded_reason::UnheededReason,
    &rules::conflicting_position::ConflictingPosition,
    &rules::defeated_claim::DefeatedClaim,
    &rules::indefensible_position::IndefensiblePosition,
    &rules::undefended_position::UndefendedPosition,
    &rules::stance_shift::StanceShift,
    &rules::off_scale::OffScale,
    &rules::vote_correction::VoteCorrection,
    &rules::orphan_claim::OrphanClaim,
    &rules::unsourced_stance::UnsourcedStance,
];

/// Former rule names, each with the name of the rule it now is. They are
/// still accepted wherever a rule is named (`[checks]`, `-A/-N/-W/-D`,
/// `[[acknowledged]]`, `elenchus explain`), with a deprecation note.
pub const RULE_ALIASES: &[(&str, &str)] = &[("self-attack", "conflicting-position")];

/// The current name of a rule named by a former name, or `None` when `name`
/// is not a former name.
pub fn renamed(name: &str) -> Option<&'static str> {
    RULE_ALIASES.iter().find(|(old, _)| *old == name).map(|&(_, new)| new)
}

/// The rule a mistyped name most likely means: the closest current or
/// former name (a former name suggests the rule's current name).
pub fn suggest_rule(name: &str) -> Option<&'static str> {
    let names = rule_names();
    let olds = RULE_ALIASES.iter().map(|&(old, _)| old);
    let best = crate::diag::did_you_mean(name, names.iter().copied().chain(olds))?;
    Some(renamed(best).unwrap_or(best))
}

/// The deprecation note for a former rule name.
pub fn rename_note(old: &str, new: &str) -> String {
    format!("the rule `{old}` is now called `{new}`; the old name is deprecated")
}

/// The name of the finding reported for an acknowledgement that matches nothing.
pub const STALE_ACKNOWLEDGEMENT: &str = "stale-acknowledgement";
const STALE_SUMMARY: &str = "An `[[acknowledged]]` entry matches no finding.";
const STALE_EXPLANATION: &str = "\
An `[[acknowledged]]` entry marks a known finding as acknowledged, with the
reason it stands. When the map changes so that the finding goes away (or the
entry was mistyped), the entry matches nothing: it is reported so that the list
of acknowledgements cannot rot.

An entry names its finding exactly (its rule, actor and set of claims, or its
fingerprint), so an entry that names only some of a finding's claims matches
nothing: the message then says which finding it names part of.

How to address it: remove the entry, or correct its `rule`, `actor` or `claims`
so that it names the finding it was meant for (all of its claims), or write
`claims = \"*\"` to acknowledge every finding of the rule.

Example:
[claims.a]
text = \"A claim.\"

[[acknowledged]]
rule = \"orphan-claim\"
claims = [\"a\"]
reason = \"kept for later\"

[claims.b]
text = \"Another claim.\"
supports = [\"a\"]
";

/// Names of every rule, for validating `[checks]` and `[[acknowledged]]`.
pub fn rule_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = RULES.iter().map(|r| r.name()).collect();
    v.push(STALE_ACKNOWLEDGEMENT);
    v
}

/// A rule's name, default level, summary and explanation.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleInfo {
    pub name: &'static str,
    pub default_level: RuleLevel,
    pub summary: &'static str,
    #[serde(skip)]
    pub explanation: &'static str,
}

/// Every rule (including `stale-acknowledgement`), for listings and SARIF.
pub fn rule_infos() -> Vec<RuleInfo> {
    let mut v: Vec<RuleInfo> = RULES
        .iter()
        .map(|r| RuleInfo {
            name: r.name(),
            default_level: r.default_level(),
            summary: r.summary(),
            explanation: r.explanation(),
        })
        .collect();
    v.push(RuleInfo {
        name: STALE_ACKNOWLEDGEMENT,
        default_level: RuleLevel::Warn,
        summary: STALE_SUMMARY,
        explanation: STALE_EXPLANATION,
    });
    v
}

/// One rule's information by name.
pub fn rule_info(name: &str) -> Option<RuleInfo> {
    rule_infos().into_iter().find(|r| r.name == name)
}

/// Levels set from outside the map: the command line's win over the map's
/// `[checks]` table, a project file's lose to it.
#[derive(Clone, Debug, Default)]
pub struct CheckConfig {
    /// Rule name → level (the command line): over the map's `[checks]`.
    pub levels: BTreeMap<String, RuleLevel>,
    /// Rule name → level for each file, by its name ([`SourceFile::name`]),
    /// from a project file (docs/configuration.md): under the map's
    /// `[checks]`, over the rules' defaults. A baseline file's entry gives
    /// the level of its `stale-acknowledgement` findings.
    pub project_levels: BTreeMap<String, BTreeMap<String, RuleLevel>>,
    /// Warnings count as errors (they are reported at error level).
    pub deny_warnings: bool,
    /// Keep at most this many findings of a map (`None`: all of them). The
    /// rest are counted by level, not kept: see [`check_counted`].
    pub max_findings: Option<usize>,
    /// Acknowledgements outside the maps (`check --baseline FILE`), read as
    /// well as each map's own. Which of its entries matched is recorded in
    /// it: [`crate::report::Report::check`] reports those that matched nothing.
    pub baseline: Option<std::sync::Arc<Baseline>>,
    /// Keep only the findings about these actors (`check --actor`); `None`:
    /// every finding. Findings about no actor (map-level rules, stale
    /// acknowledgements) are left out when set. Acknowledgements are matched
    /// before the filter, so an entry for a finding filtered out is not stale.
    /// The cap ([`Self::max_findings`]) counts the findings kept by the filter.
    pub actors: Option<std::collections::BTreeSet<String>>,
}

/// The cap on findings kept per map that `elenchus check` sets unless told
/// otherwise (`--max-findings`): far above what a map meant to be read has,
/// low enough that a map with findings by the million cannot exhaust memory.
pub const DEFAULT_MAX_FINDINGS: usize = 100_000;

impl CheckConfig {
    /// Whether the actor filter ([`Self::actors`]) keeps a finding.
    pub fn keeps(&self, f: &Finding) -> bool {
        self.actors.as_ref().is_none_or(|set| f.actor.as_ref().is_some_and(|a| set.contains(a)))
    }

    /// The effective level of a rule for a map.
    /// A level set under a former name of the rule (see [`RULE_ALIASES`])
    /// counts as set under its current name; one set under the current name wins.
    pub fn level(&self, map: &ArgMap, rule: &str, default: RuleLevel) -> RuleLevel {
        if let Some(l) = self.levels.get(rule) {
            return *l;
        }
        if let Some(l) = RULE_ALIASES.iter().filter(|(_, new)| *new == rule).find_map(|(old, _)| self.levels.get(*old))
        {
            return *l;
        }
        if let Some(s) = map.checks.iter().rev().find(|s| s.rule == rule) {
            return s.level;
        }
        self.project_level(&map.file.name, rule).unwrap_or(default)
    }

    /// The level the project file gives `rule` in the file named `file`.
    pub fn project_level(&self, file: &str, rule: &str) -> Option<RuleLevel> {
        self.project_levels.get(file).and_then(|l| l.get(rule)).copied()
    }
}

/// What a rule reports: indices into the map, resolved by the engine.
#[derive(Clone, Debug, Default)]
pub struct Raw {
    pub actor: Option<ActorIdx>,
    /// The claims involved, in chain order.
    pub claims: Vec<ClaimIdx>,
    pub relations: Vec<RelIdx>,
    /// Claims the actor is committed to that answer the finding.
    pub addressed_by: Vec<ClaimIdx>,
    /// Reported at note level whatever the rule's level, as an addressed
    /// finding is (a support cycle with grounds outside it).
    pub at_most_note: bool,
    /// One sentence in plain language.
    pub message: String,
    /// The chain that produces the finding, e.g.
    /// `cambodia affirms a --supports--> b, yet abstains (2022-04-07, vote on X)`.
    pub chain: String,
    /// Source places to show, with what each is.
    pub labels: Vec<Label>,
    /// Extra lines shown under the finding.
    pub notes: Vec<String>,
    /// Reported one level below the rule's level (error → warning → note):
    /// abstaining on what one's commitments settle is weaker than denying it.
    pub one_level_lower: bool,
    /// Tells apart findings of one rule on the same actor and claims (such
    /// as the two conflicts of a pair related three ways); part of the fingerprint.
    pub discriminant: Option<String>,
}

/// Collects the findings of one rule: each is finished and matched to the
/// acknowledgements as it is reported, and kept while there is room.
pub struct Sink<'a> {
    rule: &'static str,
    level: Level,
    finisher: &'a Finisher<'a>,
    kept: &'a mut Kept,
}

impl Sink<'_> {
    pub fn push(&mut self, raw: Raw) {
        let fin = self.finisher;
        let basis = fin.basis(&raw);
        let mut f = finish(fin.map, &fin.file, self.rule, self.level, raw, fin.deny_warnings, basis);
        f.acknowledged = fin.acks.acknowledge(&f);
        if !fin.config.keeps(&f) {
            return;
        }
        if self.kept.findings.len() < self.kept.room {
            self.kept.findings.push(f);
        } else {
            self.kept.omitted.add(&f);
        }
    }
    pub fn rule(&self) -> &'static str {
        self.rule
    }
}

/// What every sink of a check run shares.
struct Finisher<'m> {
    map: &'m ArgMap,
    /// The map file's name, shared by the findings.
    file: Arc<str>,
    config: &'m CheckConfig,
    deny_warnings: bool,
    acks: ack::Acks<'m>,
    /// The stances not `stated`, by their span (empty for most maps).
    weaker: std::collections::HashMap<Span, StanceIdx, crate::ids::FastState>,
}

impl Finisher<'_> {
    /// The weakest basis of the stances a finding rests on, with the first
    /// stance of that basis: the stances it points to (its labels) of its
    /// actor on its claims. `None` when they are all stated.
    fn basis(&self, raw: &Raw) -> Option<(Basis, StanceIdx)> {
        if self.weaker.is_empty() {
            return None;
        }
        let mut weakest: Option<(Basis, StanceIdx)> = None;
        let mut claims: Option<std::collections::HashSet<ClaimIdx, crate::ids::FastState>> = None;
        for l in &raw.labels {
            let Some(&si) = self.weaker.get(&l.span) else { continue };
            let s = self.map.stance(si);
            let claims = claims.get_or_insert_with(|| raw.claims.iter().copied().collect());
            if raw.actor.is_some_and(|a| a != s.actor) || !claims.contains(&s.claim) {
                continue;
            }
            // The weakest basis; among equals the first stance in the file, so
            // the choice does not depend on how the rule ordered its labels.
            if weakest.is_none_or(|(b, w)| s.basis > b || (s.basis == b && si < w)) {
                weakest = Some((s.basis, si));
            }
        }
        weakest
    }
}

/// The findings one task keeps (at most `room`), and the counts of the rest.
#[derive(Default)]
struct Kept {
    findings: Vec<Finding>,
    room: usize,
    omitted: Summary,
}

/// What rules read: the map, its graph, and the per-actor views.
pub struct Context<'g> {
    pub graph: &'g ClaimGraph<'g>,
    pub map: &'g ArgMap,
    /// The relations against each claim (built at first use).
    against: std::sync::OnceLock<crate::graph::Index>,
    /// The map's framework and its grounded labelling (built at first use).
    acceptance: std::sync::OnceLock<Result<acceptance::Acceptance, String>>,
}

impl<'g> Context<'g> {
    pub fn new(graph: &'g ClaimGraph<'g>) -> Context<'g> {
        Context { graph, map: graph.map, against: std::sync::OnceLock::new(), acceptance: std::sync::OnceLock::new() }
    }

    /// The map's framework (the default reading of `supports`,
    /// docs/semantics.md) with its grounded labelling, built once per check
    /// on first use; the error when the framework exceeds its bounds.
    pub fn acceptance(&self) -> Result<&acceptance::Acceptance, &str> {
        self.acceptance.get_or_init(|| acceptance::Acceptance::build(self.graph)).as_ref().map_err(String::as_str)
    }

    /// The claims that attack or contradict `c`, with the relation: the
    /// `attacks` reaching it, then the `contradicts` leaving it, then those
    /// reaching it, each in the graph's order. Read from an index built once
    /// per check, so that a claim with many incoming relations of other
    /// kinds (a hub with 200,000 supporters) is not scanned again for each.
    pub fn against(&self, c: ClaimIdx) -> impl Iterator<Item = (ClaimIdx, RelIdx)> + '_ {
        let graph = self.graph;
        let index = self.against.get_or_init(|| {
            let pairs: Vec<(ClaimIdx, RelIdx)> = (0..self.map.claims.len() as ClaimIdx)
                .flat_map(|c| {
                    graph.sources(c, RelationKind::Attacks).chain(graph.contradictions(c)).map(move |(_, r)| (c, r))
                })
                .collect();
            crate::graph::Index::build(self.map.claims.len(), pairs.iter().copied())
        });
        index.get(c).iter().map(move |&r| {
            let rel = self.map.relation(r);
            // The other end: for a `contradicts` leaving `c`, its target.
            let other = match rel.to {
                Target::Claim(t) if rel.from == c => t,
                _ => rel.from,
            };
            (other, r)
        })
    }
}

/// A place in a map file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file's name, shared by every location and finding of a check.
    #[serde(serialize_with = "shared_str")]
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
    /// What is at this place.
    pub label: String,
    #[serde(skip)]
    pub span: Span,
}

/// A shared name, serialized as the string it is.
fn shared_str<S: serde::Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

/// A tension found by a rule: the one record every output format reads.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    /// The level before addressing and configuration: the rule's configured level.
    #[serde(skip)]
    pub rule_level: Level,
    pub actor: Option<String>,
    /// The weakest basis of the stances the finding rests on: `stated`,
    /// `reported` or `inferred` (one level lower).
    pub basis: Basis,
    pub claims: Vec<String>,
    pub relations: Vec<String>,
    pub addressed_by: Vec<String>,
    /// The reason given in a matching `[[acknowledged]]` entry (of the map
    /// or of a baseline), and where that entry is.
    pub acknowledged: Option<Acknowledged>,
    pub message: String,
    pub chain: String,
    pub locations: Vec<Location>,
    pub notes: Vec<String>,
    /// Stable across runs and edits elsewhere in the file: a hash of rule, actor and claims.
    pub fingerprint: String,
    /// The map file's name, shared by every finding of a check.
    #[serde(serialize_with = "shared_str")]
    pub file: Arc<str>,
    #[serde(skip)]
    pub labels: Vec<Label>,
}

impl Finding {
    /// Whether the finding makes `check` fail: at error level and not acknowledged.
    pub fn is_failing(&self) -> bool {
        self.level == Level::Error && self.acknowledged.is_none()
    }
    /// The reason it is acknowledged with, if it is.
    pub fn ack_reason(&self) -> Option<&str> {
        self.acknowledged.as_ref().map(|a| a.reason.as_str())
    }
    /// The primary location (the first one).
    pub fn location(&self) -> Option<&Location> {
        self.locations.first()
    }
}

fn to_level(l: RuleLevel) -> Option<Level> {
    match l {
        RuleLevel::Allow => None,
        RuleLevel::Note => Some(Level::Note),
        RuleLevel::Warn => Some(Level::Warning),
        RuleLevel::Deny => Some(Level::Error),
    }
}

/// Check a map for tensions. Findings come in a stable order: by their place
/// in the file, then rule, then fingerprint. With
/// [`CheckConfig::max_findings`] set, findings past the cap are left out
/// (uncounted); [`check_counted`] counts them.
pub fn check(graph: &ClaimGraph<'_>, config: &CheckConfig) -> Vec<Finding> {
    check_counted(graph, config).findings
}

/// The findings of a check, and the counts of those left out.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// At most [`CheckConfig::max_findings`] findings (plus the stale
    /// acknowledgements), in the order of [`check`].
    pub findings: Vec<Finding>,
    /// Findings past the cap, by level, acknowledged and failing as if kept.
    pub omitted: Summary,
}

/// [`check`], with the findings past [`CheckConfig::max_findings`] counted.
/// The findings kept are the first found: map-level rules in the order of
/// [`RULES`], then actor by actor in file order, each actor's rule by rule.
/// They are the same for any number of threads.
pub fn check_counted(graph: &ClaimGraph<'_>, config: &CheckConfig) -> Checked {
    let map = graph.map;
    // Below 40,000 claims and stances a second thread buys no wall time and
    // costs CPU (its own allocator arena's page faults, threads started per
    // window of tasks): measured on generated Argdown maps, 10k claims 181
    // against 200 ms wall, 15k 247 against 251 ms, each with 20 to 40 ms more
    // CPU on two threads; from 20k claims (40,001) on it pays (395 against
    // 353 ms; 30k 620 against 515 ms). docs/performance.md has the commands.
    let threads = if map.claims.len() + map.stances.len() < 40_000 { 1 } else { crate::par::threads() };
    check_counted_with_threads(graph, config, threads)
}

/// What one unit of a check run does: one map-level rule, or every rule on a
/// run of actors.
enum Task {
    Map(usize),
    Actors(std::ops::Range<ActorIdx>),
}

/// Actors per task: enough to make a task worth taking, few enough that the
/// threads finish together.
const ACTORS_PER_TASK: u32 = 8;

/// [`check`] on `threads` threads. The findings are the same for any number.
pub fn check_with_threads(graph: &ClaimGraph<'_>, config: &CheckConfig, threads: usize) -> Vec<Finding> {
    check_counted_with_threads(graph, config, threads).findings
}

/// A view taken from a pool for one thread's tasks, and given back when the
/// thread is done: the views (arrays as long as the map) are made once per
/// thread, not once per window of tasks.
struct PooledView<'p> {
    view: Option<ActorView>,
    pool: &'p std::sync::Mutex<Vec<ActorView>>,
}

impl Drop for PooledView<'_> {
    fn drop(&mut self) {
        if let Some(v) = self.view.take() {
            self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(v);
        }
    }
}

/// [`check_counted`] on `threads` threads.
pub fn check_counted_with_threads(graph: &ClaimGraph<'_>, config: &CheckConfig, threads: usize) -> Checked {
    let map = graph.map;
    let cx = Context::new(graph);
    let enabled: Vec<(&dyn Rule, Level)> = RULES
        .iter()
        .filter_map(|r| to_level(config.level(map, r.name(), r.default_level())).map(|l| (*r, l)))
        .collect();
    let mut tasks: Vec<Task> = (0..enabled.len()).map(Task::Map).collect();
    if enabled.iter().any(|(r, _)| !matches!(r.name(), "unsourced-stance" | "orphan-claim" | "vote-correction")) {
        let n = map.actors.len() as ActorIdx;
        tasks.extend((0..n).step_by(ACTORS_PER_TASK as usize).map(|a| Task::Actors(a..n.min(a + ACTORS_PER_TASK))));
    }
    let acks = ack::Acks::new(map, config.baseline.as_deref());
    let weaker = map
        .stances
        .iter()
        .enumerate()
        .filter(|(_, s)| s.basis != Basis::Stated)
        .map(|(i, s)| (s.span, i as StanceIdx))
        .collect();
    let file: Arc<str> = Arc::from(map.file.name.as_str());
    let finisher = Finisher { map, file, config, deny_warnings: config.deny_warnings, acks, weaker };
    let cap = config.max_findings.unwrap_or(usize::MAX);
    let pool = std::sync::Mutex::new(Vec::new());
    let mut findings: Vec<Finding> = Vec::new();
    let mut omitted = Summary::default();
    // Tasks run a window at a time, each keeping at most what room is left
    // under the cap when its window starts: the findings held at once are
    // bounded by the cap times the window, however many a map has. Each
    // task's findings are its actors' in order, each actor's rule by rule.
    let window = threads.max(1);
    for tasks in tasks.chunks(window) {
        let room = cap.saturating_sub(findings.len());
        let done: Vec<Kept> = crate::par::map_ordered(
            tasks,
            threads,
            || PooledView { view: None, pool: &pool },
            |pooled, task| {
                let mut kept = Kept { room, ..Kept::default() };
                match task {
                    Task::Map(i) => {
                        let (rule, level) = enabled[*i];
                        let mut sink = Sink { rule: rule.name(), level, finisher: &finisher, kept: &mut kept };
                        rule.check_map(&cx, &mut sink);
                    }
                    Task::Actors(actors) => {
                        let view = pooled.view.get_or_insert_with(|| {
                            let reused = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
                            reused.unwrap_or_else(|| ActorView::new(map.claims.len()))
                        });
                        for a in actors.clone() {
                            view.load(graph, a);
                            for (rule, level) in &enabled {
                                let mut sink =
                                    Sink { rule: rule.name(), level: *level, finisher: &finisher, kept: &mut kept };
                                rule.check_actor(&cx, view, &mut sink);
                            }
                            // After the first actor, room for the others at its
                            // rate: findings are large, and growing the Vec by
                            // doubling copies them again and again.
                            if a == actors.start {
                                let others = (actors.end - a - 1) as usize;
                                let room = kept.room.saturating_sub(kept.findings.len());
                                kept.findings.reserve(kept.findings.len().saturating_mul(others).min(room));
                            }
                        }
                    }
                }
                kept
            },
        );
        for kept in done {
            omitted.merge(&kept.omitted);
            // The first task's findings are taken whole, not moved one by one.
            if findings.is_empty() && kept.findings.len() <= cap {
                findings = kept.findings;
                continue;
            }
            findings.reserve(kept.findings.len().min(cap.saturating_sub(findings.len())));
            for f in kept.findings {
                if findings.len() < cap {
                    findings.push(f);
                } else {
                    omitted.add(&f);
                }
            }
        }
    }
    stale_acknowledgements(map, config, &finisher.acks, &mut findings);
    findings.retain(|f| config.keeps(f));
    // The sort is stable and its ties share a rule: within a rule, the order
    // of the tasks (map-level first, then actor by actor) is the order one
    // thread would have found them in.
    // Each finding's primary span is found once, and the sort moves indices,
    // not findings.
    let primary: Vec<Option<usize>> =
        findings.iter().map(|f| f.labels.iter().find(|l| l.primary).map(|l| l.span.start)).collect();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&findings[x], &findings[y]);
        (primary[x], a.rule, &a.fingerprint).cmp(&(primary[y], b.rule, &b.fingerprint))
    });
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    let findings = order.iter().map(|&i| slots[i].take().expect("each index once")).collect();
    Checked { findings, omitted }
}

/// error → warning → note (a note stays a note).
fn one_level_lower(level: Level) -> Level {
    if level == Level::Error { Level::Warning } else { Level::Note }
}

fn finish(
    map: &ArgMap,
    file: &Arc<str>,
    rule: &'static str,
    rule_level: Level,
    mut raw: Raw,
    deny_warnings: bool,
    basis: Option<(Basis, StanceIdx)>,
) -> Finding {
    let mut level = if raw.addressed_by.is_empty() && !raw.at_most_note { rule_level } else { Level::Note };
    if raw.one_level_lower {
        level = one_level_lower(level);
    }
    // A finding that rests on the analyst's inference is one level lower.
    if let Some((Basis::Inferred, si)) = basis {
        let s = map.stance(si);
        let lowered = one_level_lower(level);
        let what = format!("an inferred stance of {} on `{}`", map.actor(s.actor).id, map.claim(s.claim).id);
        if lowered != level {
            raw.notes.push(format!(
                "reported at {} level, not {}: it rests on {what}",
                lowered.as_str(),
                level.as_str()
            ));
        }
        raw.message.push_str(&format!(" (rests on {what})"));
        level = lowered;
    }
    if deny_warnings && level == Level::Warning {
        level = Level::Error;
    }
    let actor = raw.actor.map(|a| map.actor(a).id.clone());
    let claims: Vec<String> = raw.claims.iter().map(|&c| map.claim(c).id.clone()).collect();
    let locations = locations(&map.file, file, &raw.labels);
    Finding {
        rule,
        level,
        rule_level,
        basis: basis.map_or(Basis::Stated, |(b, _)| b),
        fingerprint: fingerprint(rule, actor.as_deref(), &claims, raw.discriminant.as_deref()),
        actor,
        claims,
        relations: raw.relations.iter().map(|&r| map.relation_label(r)).collect(),
        addressed_by: raw.addressed_by.iter().map(|&c| map.claim(c).id.clone()).collect(),
        acknowledged: None,
        message: raw.message,
        chain: raw.chain,
        locations,
        notes: raw.notes,
        file: file.clone(),
        labels: raw.labels,
    }
}

/// Up to this many labels, [`locations`] finds repeats by a scan.
const FEW_LABELS: usize = 16;

/// The places of a finding's labels in `file` (named `name`), each once,
/// the primary first.
fn locations(file: &SourceFile, name: &Arc<str>, labels: &[Label]) -> Vec<Location> {
    let mut locations: Vec<Location> = Vec::with_capacity(labels.len());
    // A set, not a scan of `locations`, when a finding on a long chain has
    // a label per step; a scan for the few labels of most findings.
    let few = labels.len() <= FEW_LABELS;
    let mut seen: std::collections::HashSet<Span, crate::ids::FastState> = if few {
        Default::default()
    } else {
        std::collections::HashSet::with_capacity_and_hasher(labels.len(), Default::default())
    };
    for (i, l) in labels.iter().enumerate() {
        let repeat = if few { labels[..i].iter().any(|m| m.span == l.span) } else { !seen.insert(l.span) };
        if repeat {
            continue;
        }
        let lc = file.line_col(l.span.start);
        locations.push(Location {
            file: name.clone(),
            line: lc.line,
            column: lc.column,
            label: l.message.clone(),
            span: l.span,
        });
    }
    // The primary label first.
    if let Some(p) = labels.iter().find(|l| l.primary)
        && let Some(i) = locations.iter().position(|x| x.span == p.span)
    {
        let loc = locations.remove(i);
        locations.insert(0, loc);
    }
    locations
}

/// A stable fingerprint: 64-bit FNV-1a of rule, actor, claims and (when a
/// rule needs one) a discriminant, in hex.
pub fn fingerprint(rule: &str, actor: Option<&str>, claims: &[String], discriminant: Option<&str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    // The bytes of `s`, then 0xff as a separator.
    let mut eat = |s: &str| {
        for &b in s.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        h = (h ^ 0xff).wrapping_mul(PRIME);
    };
    eat(rule);
    eat(actor.unwrap_or(""));
    for c in claims {
        eat(c);
    }
    if let Some(d) = discriminant {
        eat(d);
    }
    // Written, not formatted: every finding has one.
    let mut hex = [0u8; 16];
    for (i, d) in hex.iter_mut().enumerate() {
        *d = b"0123456789abcdef"[(h >> (60 - 4 * i)) as usize & 15];
    }
    String::from_utf8_lossy(&hex).into_owned()
}

/// Whether `s` has the form of a fingerprint: 16 lowercase hex digits.
pub fn is_fingerprint(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether a check of `map` under `config` looks for the findings of the
/// rule an entry names (an entry naming only a fingerprint: always). The
/// entries of a rule turned off are neither matched nor stale.
pub(crate) fn looked_for(map: &ArgMap, config: &CheckConfig, a: &Acknowledgement) -> bool {
    let Some(rule) = a.rule.as_deref() else { return true };
    let default = RULES.iter().find(|r| r.name() == rule).map_or(RuleLevel::Warn, |r| r.default_level());
    config.level(map, rule, default) != RuleLevel::Allow
}

/// Report the `[[acknowledged]]` entries of the map that matched no finding.
fn stale_acknowledgements(map: &ArgMap, config: &CheckConfig, acks: &ack::Acks<'_>, findings: &mut Vec<Finding>) {
    let Some(level) = to_level(config.level(map, STALE_ACKNOWLEDGEMENT, RuleLevel::Warn)) else { return };
    let stale = acks.stale(|a| looked_for(map, config, a));
    let hints = ack::hints(&stale, findings.iter());
    for (a, hint) in stale.into_iter().zip(hints) {
        findings.push(stale_finding(&map.file, a, level, config.deny_warnings, hint));
    }
}

/// The stale entries of a baseline (`config.baseline`), after checking the
/// maps `checked` (each with the findings kept): an entry is looked for when
/// its map (every map, when it names none) was checked with its rule on.
/// Reported against the baseline file's lines, at the level the command
/// line gives `stale-acknowledgement`.
pub fn stale_baseline<'a>(config: &CheckConfig, checked: &[(&'a ArgMap, &'a [Finding])]) -> Vec<Finding> {
    let Some(baseline) = config.baseline.as_deref() else { return Vec::new() };
    let default = RuleLevel::Warn;
    let level = config.levels.get(STALE_ACKNOWLEDGEMENT).copied();
    let level = level.or_else(|| config.project_level(&baseline.file().name, STALE_ACKNOWLEDGEMENT));
    let Some(level) = to_level(level.unwrap_or(default)) else {
        return Vec::new();
    };
    // The rules looked for in each map checked, by the map's name, and in
    // any: a few names per map, so the test of an entry costs no more
    // than a lookup or two.
    let mut on: std::collections::HashMap<&str, std::collections::HashSet<&str>> = Default::default();
    let mut anywhere: std::collections::HashSet<&str> = Default::default();
    for (m, _) in checked {
        let rules = on.entry(m.file.name.as_str()).or_default();
        for r in RULES.iter().filter(|r| config.level(m, r.name(), r.default_level()) != RuleLevel::Allow) {
            rules.insert(r.name());
            anywhere.insert(r.name());
        }
    }
    let stale = baseline.stale(|a| {
        let rules = match a.file.as_deref() {
            Some(f) => match on.get(f) {
                Some(rules) => rules,
                None => return false,
            },
            None if checked.is_empty() => return false,
            None => &anywhere,
        };
        a.rule.as_deref().is_none_or(|r| rules.contains(r))
    });
    let hints = ack::hints(&stale, checked.iter().flat_map(|(_, fs)| fs.iter()));
    stale
        .into_iter()
        .zip(hints)
        .map(|(a, hint)| stale_finding(baseline.file(), a, level, config.deny_warnings, hint))
        .collect()
}

/// The `stale-acknowledgement` finding of entry `a` of `file` (a map or a
/// baseline), with a hint at the finding it names part of, if any.
fn stale_finding(
    file: &SourceFile,
    a: &Acknowledgement,
    level: Level,
    deny_warnings: bool,
    hint: Option<String>,
) -> Finding {
    let ticks = |v: &[String]| v.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    let mut who: Vec<String> = Vec::new();
    let mut discriminant: Vec<String> = Vec::new();
    if let Some(r) = &a.rule {
        who.push(format!("rule `{r}`"));
    }
    if let Some(x) = &a.actor {
        who.push(format!("actor `{x}`"));
    }
    match &a.claims {
        Some(AckClaims::Exactly(c)) if !c.is_empty() => who.push(format!("claims {}", ticks(c))),
        Some(AckClaims::Any) => {
            who.push("claims \"*\"".into());
            discriminant.push("claims=*".into());
        }
        _ => {}
    }
    if let Some(fp) = &a.fingerprint {
        who.push(format!("fingerprint `{fp}`"));
        discriminant.push(format!("fingerprint={fp}"));
    }
    if let Some(f) = &a.file {
        who.push(format!("file `{f}`"));
        discriminant.push(format!("file={f}"));
    }
    let who = who.join(", ");
    let claims = a.listed_claims().to_vec();
    let discriminant = (!discriminant.is_empty()).then(|| discriminant.join(";"));
    let message = match &hint {
        Some(h) => format!("this acknowledgement matches no finding ({who}): {h}"),
        None => format!("this acknowledgement matches no finding ({who})"),
    };
    let labels = vec![Label::primary(a.span, "matches no finding")];
    let name: Arc<str> = Arc::from(file.name.as_str());
    Finding {
        rule: STALE_ACKNOWLEDGEMENT,
        level: if deny_warnings && level == Level::Warning { Level::Error } else { level },
        rule_level: level,
        fingerprint: fingerprint(STALE_ACKNOWLEDGEMENT, a.actor.as_deref(), &claims, discriminant.as_deref()),
        actor: a.actor.clone(),
        basis: Basis::Stated,
        claims,
        relations: Vec::new(),
        addressed_by: Vec::new(),
        acknowledged: None,
        message,
        chain: format!("acknowledged {who}: \"{}\"; no such finding", a.reason),
        locations: locations(file, &name, &labels),
        notes: vec!["remove the entry, or correct it to name the finding it is meant for".into()],
        file: name,
        labels,
    }
}

/// Counts of findings by level, for summaries. An acknowledged finding is
/// counted as acknowledged, not at its level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings at error level, not acknowledged.
    pub errors: usize,
    /// Findings at warning level, not acknowledged.
    pub warnings: usize,
    /// Findings at note level, not acknowledged.
    pub notes: usize,
    /// Acknowledged findings, whatever their level.
    pub acknowledged: usize,
    /// Of the acknowledged findings, those only a wildcard (`claims = "*"`) acknowledges.
    pub acknowledged_by_wildcard: usize,
    /// Findings that make `check` fail.
    pub failing: usize,
}

impl Summary {
    pub fn of<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            s.add(f);
        }
        s
    }

    /// Count one more finding.
    pub fn add(&mut self, f: &Finding) {
        if let Some(a) = &f.acknowledged {
            self.acknowledged += 1;
            self.acknowledged_by_wildcard += usize::from(a.wildcard);
        } else {
            match f.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                Level::Note => self.notes += 1,
            }
        }
        if f.is_failing() {
            self.failing += 1;
        }
    }

    /// Add the counts of another summary.
    pub fn merge(&mut self, o: &Summary) {
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.notes += o.notes;
        self.acknowledged += o.acknowledged;
        self.acknowledged_by_wildcard += o.acknowledged_by_wildcard;
        self.failing += o.failing;
    }

    /// The number of findings counted.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.notes + self.acknowledged
    }
}
