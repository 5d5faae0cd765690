//! The tension rules through the public library API: for every rule, maps it
//! fires on and near misses it must not fire on, with the exact fields of
//! each finding (rule, level, actor, claims in chain order, relations,
//! addressed_by, message, chain, locations); levels and configuration,
//! acknowledgements, dated stances, transitive `implies`, fingerprints,
//! robustness on long chains and big cycles, and determinism.
//!
//! Maps are written inline and start on line 1, so that the line:column of
//! every location can be read off the text.

use std::collections::BTreeMap;

use elenchus::check::{CheckConfig, Finding, Summary, check, fingerprint};
use elenchus::model::RuleLevel;
use elenchus::{ClaimGraph, Format, Level, load_str};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const FILE: &str = "rules.toml";

/// Check a TOML map with a configuration; the map must load without errors.
fn run_with(text: &str, config: &CheckConfig) -> Vec<Finding> {
    run_format(text, Format::Toml, config)
}

fn run_format(text: &str, format: Format, config: &CheckConfig) -> Vec<Finding> {
    let loaded = load_str(FILE, text, format);
    let diags: Vec<String> = loaded.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    let map = loaded.into_map().unwrap_or_else(|e| panic!("map does not load: {e}\n{}", diags.join("\n")));
    let graph = ClaimGraph::build(&map);
    let findings = check(&graph, config);
    // A fingerprint identifies its finding: no two findings share one.
    let mut fps: Vec<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
    fps.sort_unstable();
    fps.dedup();
    assert_eq!(fps.len(), findings.len(), "fingerprints collide: {}", dump(&findings));
    findings
}

/// Check a TOML map with the default configuration.
fn run(text: &str) -> Vec<Finding> {
    run_with(text, &CheckConfig::default())
}

/// A configuration with the given command-line levels.
fn levels(pairs: &[(&str, RuleLevel)]) -> CheckConfig {
    CheckConfig {
        levels: pairs.iter().map(|(r, l)| (r.to_string(), *l)).collect::<BTreeMap<_, _>>(),
        ..Default::default()
    }
}

/// The findings of one rule.
fn of<'f>(findings: &'f [Finding], rule: &str) -> Vec<&'f Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// The one finding of a rule (fails when there are none or several).
fn one<'f>(findings: &'f [Finding], rule: &str) -> &'f Finding {
    let v = of(findings, rule);
    assert_eq!(v.len(), 1, "expected exactly one `{rule}`, got {}: {}", v.len(), dump(findings));
    v[0]
}

/// Fails when the rule reports anything.
fn none(findings: &[Finding], rule: &str) {
    let v = of(findings, rule);
    assert!(v.is_empty(), "expected no `{rule}`, got {}: {}", v.len(), dump(findings));
}

/// The rules of all findings, in order.
fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).collect()
}

/// The rules that judge positions by the map's framework as a whole
/// (tests/suite/evaluate.rs checks them against their definitions).
const ACCEPTANCE: [&str; 3] = ["defeated-claim", "indefensible-position", "undefended-position"];

/// The rules of the findings, without the acceptance rules: for tests of
/// other rules on maps where the framework also has something to say.
fn local_rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).filter(|r| !ACCEPTANCE.contains(r)).collect()
}

fn dump(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap()
}

/// A finding as JSON, for failure messages.
fn show(f: &Finding) -> String {
    serde_json::to_string_pretty(f).unwrap()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// What a finding must be, field by field.
struct Want<'a> {
    rule: &'a str,
    level: Level,
    actor: Option<&'a str>,
    claims: &'a [&'a str],
    relations: &'a [&'a str],
    addressed_by: &'a [&'a str],
    message: &'a str,
    chain: &'a str,
    /// (line, column, label), primary first.
    locations: &'a [(usize, usize, &'a str)],
}

impl Default for Want<'_> {
    fn default() -> Self {
        Want {
            rule: "",
            level: Level::Warning,
            actor: None,
            claims: &[],
            relations: &[],
            addressed_by: &[],
            message: "",
            chain: "",
            locations: &[],
        }
    }
}

#[track_caller]
fn assert_finding(f: &Finding, want: &Want<'_>) {
    assert_eq!(f.rule, want.rule, "rule of {}", show(f));
    assert_eq!(f.level, want.level, "level of {}", show(f));
    assert_eq!(f.actor.as_deref(), want.actor, "actor of {}", show(f));
    assert_eq!(strs(&f.claims), want.claims, "claims of {}", show(f));
    assert_eq!(strs(&f.relations), want.relations, "relations of {}", show(f));
    assert_eq!(strs(&f.addressed_by), want.addressed_by, "addressed_by of {}", show(f));
    assert_eq!(f.message, want.message);
    assert_eq!(f.chain, want.chain);
    let locs: Vec<(usize, usize, &str)> = f.locations.iter().map(|l| (l.line, l.column, l.label.as_str())).collect();
    assert_eq!(locs, want.locations, "locations of {}", show(f));
    assert!(f.locations.iter().all(|l| &*l.file == FILE), "file of {}", show(f));
    assert_eq!(&*f.file, FILE);
    assert_eq!(f.acknowledged, None::<elenchus::check::Acknowledged>);
    assert!(f.fingerprint.len() == 16 && f.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{}", show(f));
}

/// (line, column) of the locations.
fn lines(f: &Finding) -> Vec<(usize, usize)> {
    f.locations.iter().map(|l| (l.line, l.column)).collect()
}

// ---------------------------------------------------------------------------
// relation-conflict
// ---------------------------------------------------------------------------

#[test]
fn relation_conflict_supports_and_attacks() {
    let fs = run(r#"[claims.a]
text = "A."
supports = ["b"]
attacks = ["b"]

[claims.b]
text = "B."
"#);
    assert_eq!(rules(&fs), ["relation-conflict"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "relation-conflict",
            level: Level::Error,
            claims: &["a", "b"],
            relations: &["a --supports--> b", "a --attacks--> b"],
            message: "`a` both supports and attacks `b`",
            chain: "a --supports--> b; a --attacks--> b",
            locations: &[(3, 13, "`a` supports `b`"), (4, 12, "`a` attacks `b`")],
            ..Want::default()
        },
    );
}

#[test]
fn relation_conflict_implies_and_attacks_or_contradicts() {
    // `contradicts` written from the other end counts for the pair too; the
    // long form names its relation by id.
    let fs = run(r#"[claims.a]
text = "A."
implies = ["b", "c"]
attacks = ["b"]

[claims.b]
text = "B."

[claims.c]
text = "C."
contradicts = ["a"]

[[relations]]
id = "r-ad"
from = "a"
to = "d"
type = "supports"

[[relations]]
id = "r-da"
from = "d"
to = "a"
type = "contradicts"

[claims.d]
text = "D."
"#);
    // `a` implies `c`, which contradicts it: also self-defeating.
    assert_eq!(rules(&fs), ["self-defeating-claim", "relation-conflict", "relation-conflict", "relation-conflict"]);
    let ab = of(&fs, "relation-conflict").into_iter().find(|f| f.claims == ["a", "b"]).expect("a/b conflict");
    assert_finding(
        ab,
        &Want {
            rule: "relation-conflict",
            level: Level::Error,
            claims: &["a", "b"],
            relations: &["a --implies--> b", "a --attacks--> b"],
            message: "`a` both implies and attacks `b`",
            chain: "a --implies--> b; a --attacks--> b",
            locations: &[(3, 12, "`a` implies `b`"), (4, 12, "`a` attacks `b`")],
            ..Want::default()
        },
    );
    let ac = of(&fs, "relation-conflict").into_iter().find(|f| f.claims == ["a", "c"]).expect("a/c conflict");
    assert_finding(
        ac,
        &Want {
            rule: "relation-conflict",
            level: Level::Error,
            claims: &["a", "c"],
            relations: &["a --implies--> c", "c --contradicts--> a"],
            message: "`a` both implies and contradicts `c`",
            chain: "a --implies--> c; a --contradicts-- c",
            locations: &[(3, 17, "`a` implies `c`"), (11, 16, "`c` contradicts `a`")],
            ..Want::default()
        },
    );
    let ad = of(&fs, "relation-conflict").into_iter().find(|f| f.claims == ["a", "d"]).expect("a/d conflict");
    assert_finding(
        ad,
        &Want {
            rule: "relation-conflict",
            level: Level::Error,
            claims: &["a", "d"],
            relations: &["r-ad", "r-da"],
            message: "`a` both supports and contradicts `d`",
            chain: "a --supports--> d; a --contradicts-- d",
            locations: &[(16, 6, "`a` supports `d`"), (22, 6, "`d` contradicts `a`")],
            ..Want::default()
        },
    );
}

#[test]
fn relation_conflict_one_pair_related_three_ways() {
    // Supports, implies and attacks: two incompatible pairs, two findings,
    // told apart by their fingerprints (checked in `run_with`).
    let fs = run(r#"[claims.a]
text = "A."
supports = ["b"]
implies = ["b"]
attacks = ["b"]

[claims.b]
text = "B."
"#);
    assert_eq!(rules(&fs), ["relation-conflict"; 2]);
    let mut messages: Vec<&str> = fs.iter().map(|f| f.message.as_str()).collect();
    messages.sort_unstable();
    assert_eq!(messages, ["`a` both implies and attacks `b`", "`a` both supports and attacks `b`"]);
    assert!(fs.iter().all(|f| f.claims == ["a", "b"] && f.level == Level::Error));
}

#[test]
fn relation_conflict_near_misses() {
    // Compatible pairs: supports + implies, attacks + contradicts; opposite
    // directions are different pairs; an undercut targets a relation, not a claim.
    let fs = run(r#"[claims.a]
text = "A."
supports = ["b"]
implies = ["b"]
attacks = ["c"]
contradicts = ["c"]

[claims.b]
text = "B."
attacks = ["a"]

[claims.c]
text = "C."

[[relations]]
id = "r1"
from = "d"
to = "c"
type = "supports"

[claims.d]
text = "D."
undercuts = ["r1"]
"#);
    none(&fs, "relation-conflict");
}

// ---------------------------------------------------------------------------
// self-defeating-claim
// ---------------------------------------------------------------------------

#[test]
fn self_defeating_claim_implies_two_contradictories() {
    let fs = run(r#"[claims.liar]
text = "This sentence is false."
implies = ["liar-true", "liar-false"]

[claims.liar-true]
text = "The sentence is true."
contradicts = ["liar-false"]

[claims.liar-false]
text = "The sentence is false."
"#);
    assert_eq!(rules(&fs), ["self-defeating-claim"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "self-defeating-claim",
            level: Level::Error,
            claims: &["liar", "liar-true", "liar-false"],
            relations: &[
                "liar --implies--> liar-true",
                "liar --implies--> liar-false",
                "liar-true --contradicts--> liar-false",
            ],
            message: "`liar` strictly implies both `liar-true` and `liar-false`, which contradict each other",
            chain: "liar --implies--> liar-true; liar --implies--> liar-false; liar-true --contradicts-- liar-false",
            locations: &[
                (1, 9, "`liar` is self-defeating"),
                (3, 12, "`liar` implies `liar-true`"),
                (3, 25, "`liar` implies `liar-false`"),
                (7, 16, "`liar-true` contradicts `liar-false`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn self_defeating_claim_implies_its_own_contradictory_through_a_chain() {
    let fs = run(r#"[claims.c]
text = "C."
implies = ["m"]

[claims.m]
text = "M."
implies = ["x"]

[claims.x]
text = "X."
contradicts = ["c"]
"#);
    assert_eq!(rules(&fs), ["self-defeating-claim"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "self-defeating-claim",
            level: Level::Error,
            claims: &["c", "m", "x"],
            relations: &["c --implies--> m", "m --implies--> x", "x --contradicts--> c"],
            message: "`c` strictly implies `x`, which contradicts it",
            chain: "c --implies--> m --implies--> x; x --contradicts-- c",
            locations: &[
                (1, 9, "`c` is self-defeating"),
                (3, 12, "`c` implies `m`"),
                (7, 12, "`m` implies `x`"),
                (11, 16, "`x` contradicts `c`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn self_defeating_claim_reports_only_the_deepest() {
    // `top` implies `liar`, so it implies both contradictories too; only
    // `liar` is reported.
    let fs = run(r#"[claims.top]
text = "T."
implies = ["liar"]

[claims.liar]
text = "L."
implies = ["p", "q"]

[claims.p]
text = "P."
contradicts = ["q"]

[claims.q]
text = "Q."
"#);
    let f = one(&fs, "self-defeating-claim");
    assert_eq!(f.claims, ["liar", "p", "q"]);
    assert_eq!(rules(&fs), ["self-defeating-claim"]);
}

#[test]
fn self_defeating_claim_near_misses() {
    // `supports` is defeasible; `attacks` is not `contradicts`; two claims
    // implied by different claims do not defeat either.
    let fs = run(r#"[claims.a]
text = "A."
supports = ["x"]
implies = ["y"]

[claims.x]
text = "X."
contradicts = ["y"]

[claims.b]
text = "B."
implies = ["u", "v"]

[claims.u]
text = "U."
attacks = ["v"]

[claims.v]
text = "V."

[claims.c]
text = "C."
implies = ["y"]

[claims.y]
text = "Y."
"#);
    assert_eq!(rules(&fs), Vec::<&str>::new(), "{}", dump(&fs));
}

// ---------------------------------------------------------------------------
// circular-support
// ---------------------------------------------------------------------------

#[test]
fn circular_support_reports_the_cycle_in_order_from_the_smallest_id() {
    let fs = run(r#"[claims.m]
text = "M."
supports = ["z"]

[claims.z]
text = "Z."
supports = ["b"]

[claims.b]
text = "B."
supports = ["m"]
"#);
    assert_eq!(rules(&fs), ["circular-support"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "circular-support",
            level: Level::Warning,
            claims: &["b", "m", "z"],
            relations: &["b --supports--> m", "m --supports--> z", "z --supports--> b"],
            message: "`b`, `m` and `z` support each other in a circle, and none of them has a ground outside it",
            chain: "b --supports--> m --supports--> z --supports--> b",
            locations: &[(3, 13, "`m` supports `z`"), (7, 13, "`z` supports `b`"), (11, 13, "`b` supports `m`")],
            ..Want::default()
        },
    );
    assert!(fs[0].notes.is_empty());
}

#[test]
fn circular_support_through_implies_with_one_supports() {
    let fs = run(r#"[claims.scripture-true]
text = "The scripture is true."
implies = ["author-truthful"]

[claims.author-truthful]
text = "The author tells the truth."
supports = ["scripture-true"]
"#);
    assert_eq!(rules(&fs), ["circular-support"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "circular-support",
            level: Level::Warning,
            claims: &["author-truthful", "scripture-true"],
            relations: &["author-truthful --supports--> scripture-true", "scripture-true --implies--> author-truthful"],
            message: "`author-truthful` and `scripture-true` support each other in a circle, and neither has a ground outside it",
            chain: "author-truthful --supports--> scripture-true --implies--> author-truthful",
            locations: &[
                (7, 13, "`author-truthful` supports `scripture-true`"),
                (3, 12, "`scripture-true` implies `author-truthful`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn circular_support_near_misses() {
    // A pure `implies` cycle is an equivalence; `attacks` closes no circle;
    // a chain of supports is no cycle.
    let fs = run(r#"[claims.a]
text = "A."
implies = ["b"]
supports = ["d"]

[claims.b]
text = "B."
implies = ["c"]

[claims.c]
text = "C."
implies = ["a"]

[claims.d]
text = "D."
supports = ["e"]

[claims.e]
text = "E."
attacks = ["a"]
"#);
    assert_eq!(rules(&fs), Vec::<&str>::new(), "{}", dump(&fs));
}

#[test]
fn circular_support_one_finding_per_tangle_with_a_note() {
    // Two cycles sharing `a`: one finding, the other claims counted in a note.
    let fs = run(r#"[claims.a]
text = "A."
supports = ["b", "c"]

[claims.b]
text = "B."
supports = ["a"]

[claims.c]
text = "C."
supports = ["a"]
"#);
    let f = one(&fs, "circular-support");
    assert_eq!(f.claims, ["a", "b"]);
    assert_eq!(f.chain, "a --supports--> b --supports--> a");
    assert_eq!(f.notes, ["3 claims in all are caught in cycles with these, and none has a ground outside them"]);
}

// ---------------------------------------------------------------------------
// contradiction
// ---------------------------------------------------------------------------

#[test]
fn contradiction_affirms_and_denies_the_same_claim() {
    let fs = run(r#"[actors.party]
affirms = ["x"]
denies = ["x"]

[claims.x]
text = "X."
"#);
    assert_eq!(rules(&fs), ["contradiction"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "contradiction",
            level: Level::Error,
            actor: Some("party"),
            claims: &["x"],
            message: "party both affirms and denies `x`",
            chain: "party x: affirms and denies",
            locations: &[(3, 11, "party denies `x` here"), (2, 12, "and affirms it here")],
            ..Want::default()
        },
    );
    assert_eq!(fs[0].notes, ["date the stances if they were taken at different times; the latest is then current"]);
}

#[test]
fn contradiction_two_different_undated_stances() {
    // Affirms and abstains, undated, in the long form with evidence.
    let fs = run(r#"[actors.party]

[claims.x]
text = "X."

[[stances]]
actor = "party"
claim = "x"
position = "abstains"
via = "vote"

[[stances]]
actor = "party"
claim = "x"
position = "affirms"
source = "speech"
"#);
    assert_eq!(rules(&fs), ["contradiction"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "contradiction",
            level: Level::Error,
            actor: Some("party"),
            claims: &["x"],
            message: "party both abstains on and affirms `x`",
            chain: "party x: abstains (vote) and affirms (speech)",
            locations: &[(15, 12, "party affirms `x` here"), (9, 12, "and abstains on it here")],
            ..Want::default()
        },
    );
}

#[test]
fn contradiction_between_commitments_reached_via_implies() {
    let fs = run(r#"[actors.party]
affirms = ["p", "q"]

[claims.p]
text = "P."
implies = ["x"]

[claims.q]
text = "Q."
implies = ["m"]

[claims.m]
text = "M."
implies = ["y"]

[claims.x]
text = "X."
contradicts = ["y"]

[claims.y]
text = "Y."
"#);
    assert_eq!(rules(&fs), ["contradiction"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "contradiction",
            level: Level::Error,
            actor: Some("party"),
            claims: &["p", "x", "q", "m", "y"],
            relations: &["p --implies--> x", "q --implies--> m", "m --implies--> y", "x --contradicts--> y"],
            message: "party is committed to both `x` and `y`, which contradict each other",
            chain: "party affirms p --implies--> x; party affirms q --implies--> m --implies--> y; x --contradicts-- y",
            locations: &[
                (18, 16, "`x` contradicts `y`"),
                (2, 12, "party affirms `p`"),
                (6, 12, "`p` implies `x`"),
                (2, 17, "party affirms `q`"),
                (10, 12, "`q` implies `m`"),
                (14, 12, "`m` implies `y`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn contradiction_between_two_affirmed_claims() {
    let fs = run(r#"[actors.party]
affirms = ["cut-taxes", "balanced-budget-now"]

[claims.cut-taxes]
text = "Taxes should be cut this year."
contradicts = ["balanced-budget-now"]

[claims.balanced-budget-now]
text = "The budget must be balanced this year."
"#);
    assert_eq!(rules(&fs), ["contradiction"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "contradiction",
            level: Level::Error,
            actor: Some("party"),
            claims: &["cut-taxes", "balanced-budget-now"],
            relations: &["cut-taxes --contradicts--> balanced-budget-now"],
            message: "party is committed to both `cut-taxes` and `balanced-budget-now`, which contradict each other",
            chain: "party affirms cut-taxes; party affirms balanced-budget-now; cut-taxes --contradicts-- balanced-budget-now",
            locations: &[
                (6, 16, "`cut-taxes` contradicts `balanced-budget-now`"),
                (2, 12, "party affirms `cut-taxes`"),
                (2, 25, "party affirms `balanced-budget-now`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn contradiction_two_positions_on_the_same_day() {
    let fs = run(r#"[actors.s]

[claims.r]
text = "R."

[[stances]]
actor = "s"
claim = "r"
position = "affirms"
date = 2022-01-01

[[stances]]
actor = "s"
claim = "r"
position = "denies"
date = 2022-01-01
"#);
    // A contradiction, not a change over time: no stance-shift.
    assert_eq!(rules(&fs), ["contradiction"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "contradiction",
            level: Level::Error,
            actor: Some("s"),
            claims: &["r"],
            message: "s both affirms and denies `r` on the same day",
            chain: "s r: affirms (2022-01-01) and denies (2022-01-01)",
            locations: &[(15, 12, "s denies `r` here"), (9, 12, "and affirms it here")],
            ..Want::default()
        },
    );
}

#[test]
fn same_day_conflict_then_a_later_stance_is_both() {
    // Two positions on one day (a contradiction), then a later stance: the
    // conflict is history (a note naming the stance that replaced it), and a
    // change over time too, whose message names every change.
    let fs = run(r#"[actors.s]

[claims.r]
text = "R."

[[stances]]
actor = "s"
claim = "r"
position = "affirms"
date = 2022-01-01

[[stances]]
actor = "s"
claim = "r"
position = "denies"
date = 2022-01-01

[[stances]]
actor = "s"
claim = "r"
position = "affirms"
date = 2023-01-01
"#);
    assert_eq!(rules(&fs), ["contradiction", "stance-shift"], "{}", dump(&fs));
    assert_eq!(
        fs[0].message,
        "s both affirms and denies `r` on the same day, since replaced by its stance of 2023-01-01: affirms"
    );
    assert_eq!(fs[0].level, elenchus::Level::Note);
    let f = &fs[1];
    assert_eq!(
        f.message,
        "s's stance on `r` changed: it affirms on 2022-01-01, denies on 2022-01-01 and affirms on 2023-01-01"
    );
    assert_eq!(lines(f), [(21, 12), (9, 12), (15, 12)]);
}

#[test]
fn contradiction_undated_stance_against_the_latest_dated_one() {
    let fs = run(r#"[actors.s]
affirms = ["r"]

[claims.r]
text = "R."

[[stances]]
actor = "s"
claim = "r"
position = "denies"
date = 2022-01-01
"#);
    let f = one(&fs, "contradiction");
    assert_eq!(f.message, "s both affirms and denies `r`");
    assert_eq!(f.chain, "s r: affirms and denies (2022-01-01)");
    assert_eq!(lines(f), [(10, 12), (2, 12)]);
    assert_eq!(rules(&fs), ["contradiction"]);
}

#[test]
fn contradiction_near_misses() {
    // Denying a contradictory is consistent (abstaining on one withholds the
    // denial the actor is committed to: a `broken-entailment`, one level
    // down); a contradictory the actor takes no stance on is no commitment;
    // `attacks` is not `contradicts`; dated stances on different days are a
    // shift; the same stance twice is one stance.
    let fs = run(r#"[actors.party]
affirms = ["a", "c", "e", "g"]
denies = ["b"]
abstains = ["d"]

[claims.a]
text = "A."
contradicts = ["b"]

[claims.b]
text = "B."

[claims.c]
text = "C."
contradicts = ["d"]

[claims.d]
text = "D."

[claims.e]
text = "E."
contradicts = ["f"]

[claims.f]
text = "F."

[claims.g]
text = "G."

[claims.h]
text = "H."
attacks = ["g"]

[[stances]]
actor = "party"
claim = "h"
position = "affirms"
date = 2020-01-01

[[stances]]
actor = "party"
claim = "h"
position = "denies"
date = 2021-01-01

[[stances]]
actor = "party"
claim = "a"
position = "affirms"
source = "the same stance again, with its evidence"
"#);
    none(&fs, "contradiction");
    let f = one(&fs, "broken-entailment");
    assert_eq!((f.level, strs(&f.claims)), (Level::Warning, vec!["d", "c"]));
    assert_eq!(local_rules(&fs), ["broken-entailment", "stance-shift"], "{}", dump(&fs));
}

// ---------------------------------------------------------------------------
// broken-entailment
// ---------------------------------------------------------------------------

const ENTAIL: &str = r#"[actors.council]
affirms = ["all-vote"]

[claims.all-vote]
text = "Every member may vote."
implies = ["members-vote"]

[claims.members-vote]
text = "Each member may vote."
implies = ["officers-vote"]

[claims.officers-vote]
text = "Each officer, a member, may vote."
implies = ["treasurer-votes"]

[claims.treasurer-votes]
text = "The treasurer, an officer, may vote."

[[stances]]
actor = "council"
claim = "treasurer-votes"
position = "denies"
date = 2024-05-01
via = "minutes of the May meeting"
"#;

#[test]
fn broken_entailment_through_a_three_step_chain() {
    let fs = run(ENTAIL);
    assert_eq!(rules(&fs), ["broken-entailment"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "broken-entailment",
            level: Level::Error,
            actor: Some("council"),
            claims: &["all-vote", "members-vote", "officers-vote", "treasurer-votes"],
            relations: &[
                "all-vote --implies--> members-vote",
                "members-vote --implies--> officers-vote",
                "officers-vote --implies--> treasurer-votes",
            ],
            message: "council denies `treasurer-votes`, which follows strictly from `all-vote` that it affirms",
            chain: "council affirms all-vote --implies--> members-vote --implies--> officers-vote --implies--> \
                    treasurer-votes, yet denies (2024-05-01, minutes of the May meeting)",
            locations: &[
                (22, 12, "council denies `treasurer-votes` here"),
                (2, 12, "council affirms `all-vote`"),
                (6, 12, "`all-vote` implies `members-vote`"),
                (10, 12, "`members-vote` implies `officers-vote`"),
                (14, 12, "`officers-vote` implies `treasurer-votes`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn broken_entailment_abstains() {
    let fs = run(r#"[actors.council]
affirms = ["a"]
abstains = ["b"]

[claims.a]
text = "A."
implies = ["b"]

[claims.b]
text = "B."
"#);
    assert_eq!(rules(&fs), ["broken-entailment"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "broken-entailment",
            level: Level::Warning,
            actor: Some("council"),
            claims: &["a", "b"],
            relations: &["a --implies--> b"],
            message: "council abstains on `b`, which follows strictly from `a` that it affirms",
            chain: "council affirms a --implies--> b, yet abstains",
            locations: &[
                (3, 13, "council abstains on `b` here"),
                (2, 12, "council affirms `a`"),
                (7, 12, "`a` implies `b`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn broken_entailment_near_misses() {
    // `supports` is not strict (that is unheeded-reason); affirming the
    // consequent and denying the antecedent is consistent; denying the
    // antecedent commits to nothing; affirming both is fine; no stance on the
    // consequent is no tension.
    let fs = run(r#"[actors.x]
affirms = ["s", "b2", "a4", "b4", "a5"]
denies = ["t", "a2", "a3", "b3"]

[claims.s]
text = "S."
supports = ["t"]

[claims.a2]
text = "A2."
implies = ["b2"]

[claims.b2]
text = "B2."

[claims.a3]
text = "A3."
implies = ["b3"]

[claims.b3]
text = "B3."

[claims.a4]
text = "A4."
implies = ["b4"]

[claims.b4]
text = "B4."

[claims.a5]
text = "A5."
implies = ["b5"]

[claims.b5]
text = "B5."

[claims.t]
text = "T."
"#);
    none(&fs, "broken-entailment");
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
}

#[test]
fn broken_entailment_reads_the_latest_dated_stance() {
    // The council denied the consequent, then affirmed it: no longer broken.
    let text = ENTAIL.replace(
        "via = \"minutes of the May meeting\"\n",
        "via = \"minutes of the May meeting\"\n\n[[stances]]\nactor = \"council\"\nclaim = \"treasurer-votes\"\n\
         position = \"affirms\"\ndate = 2024-06-01\n",
    );
    let fs = run(&text);
    none(&fs, "broken-entailment");
    let f = one(&fs, "stance-shift");
    assert_eq!(
        f.message,
        "council's stance on `treasurer-votes` changed: it denies on 2024-05-01 and affirms on 2024-06-01"
    );
    assert_eq!(rules(&fs), ["stance-shift"]);
}

// ---------------------------------------------------------------------------
// unheeded-reason
// ---------------------------------------------------------------------------

/// The shape of the user's example: a principle supports two proposals; the
/// actor votes for one and abstains on the other, and gives a reason against
/// the second.
const USER: &str = r#"[actors.cambodia]
affirms = ["opposes-invasions", "condemn-aggression", "exclusion-no-solution"]

[claims.opposes-invasions]
text = "Cambodia opposes the invasion of any country."
supports = ["condemn-aggression", "suspend-russia-hrc"]

[claims.condemn-aggression]
text = "The General Assembly should deplore Russia's aggression."

[claims.suspend-russia-hrc]
text = "Russia's rights in the Human Rights Council should be suspended."

[claims.exclusion-no-solution]
text = "Excluding Russia is no solution for peace."
attacks = ["suspend-russia-hrc"]

[[stances]]
actor = "cambodia"
claim = "suspend-russia-hrc"
position = "abstains"
date = 2022-04-07
via = "vote on A/RES/ES-11/3"
"#;

/// `USER` without the reason: no `exclusion-no-solution`.
fn user_without_reason() -> String {
    let text = USER
        .replace(", \"exclusion-no-solution\"]", "]")
        .replace(
            "[claims.exclusion-no-solution]\ntext = \"Excluding Russia is no solution for peace.\"\nattacks = [\"suspend-russia-hrc\"]\n\n",
            "",
        );
    assert!(!text.contains("exclusion"));
    text
}

#[test]
fn user_example_one_unheeded_reason_addressed_at_note_level() {
    let fs = run(USER);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "unheeded-reason",
            level: Level::Note,
            actor: Some("cambodia"),
            claims: &["opposes-invasions", "suspend-russia-hrc"],
            relations: &[
                "opposes-invasions --supports--> suspend-russia-hrc",
                "exclusion-no-solution --attacks--> suspend-russia-hrc",
            ],
            addressed_by: &["exclusion-no-solution"],
            message: "cambodia abstains on `suspend-russia-hrc`, though it affirms `opposes-invasions`, which supports it; \
                      it gives `exclusion-no-solution` as its reason",
            chain: "cambodia affirms opposes-invasions --supports--> suspend-russia-hrc, yet abstains (2022-04-07, vote on \
                    A/RES/ES-11/3); reason given: cambodia affirms exclusion-no-solution --attacks--> suspend-russia-hrc",
            locations: &[
                (21, 12, "cambodia abstains on `suspend-russia-hrc` here"),
                (6, 35, "`opposes-invasions` supports `suspend-russia-hrc`"),
                (2, 12, "cambodia affirms `opposes-invasions`"),
                (16, 12, "reason given: `exclusion-no-solution` attacks `suspend-russia-hrc`"),
                (2, 55, "cambodia affirms `exclusion-no-solution`"),
            ],
        },
    );
    assert!(!fs[0].is_failing());
    assert_eq!(fs[0].rule_level, Level::Warning);
}

#[test]
fn user_example_without_the_reason_is_the_same_finding_at_warning_level() {
    let addressed = run(USER);
    let fs = run(&user_without_reason());
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "unheeded-reason",
            level: Level::Warning,
            actor: Some("cambodia"),
            claims: &["opposes-invasions", "suspend-russia-hrc"],
            relations: &["opposes-invasions --supports--> suspend-russia-hrc"],
            message: "cambodia abstains on `suspend-russia-hrc`, though it affirms `opposes-invasions`, which supports it",
            chain: "cambodia affirms opposes-invasions --supports--> suspend-russia-hrc, yet abstains (2022-04-07, vote on \
                    A/RES/ES-11/3)",
            locations: &[
                (17, 12, "cambodia abstains on `suspend-russia-hrc` here"),
                (6, 35, "`opposes-invasions` supports `suspend-russia-hrc`"),
                (2, 12, "cambodia affirms `opposes-invasions`"),
            ],
            ..Want::default()
        },
    );
    // The same finding: same fingerprint.
    assert_eq!(fs[0].fingerprint, addressed[0].fingerprint);
    assert!(!fs[0].is_failing(), "a warning does not fail without --deny warnings");
}

#[test]
fn unheeded_reason_addressed_by_contradicts() {
    // The contradiction is written from the far end (`b` contradicts `c`).
    let fs = run(r#"[actors.p]
affirms = ["a", "c"]
denies = ["b"]

[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."
contradicts = ["c"]

[claims.c]
text = "C."
"#);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "unheeded-reason",
            level: Level::Note,
            actor: Some("p"),
            claims: &["a", "b"],
            relations: &["a --supports--> b", "b --contradicts--> c"],
            addressed_by: &["c"],
            message: "p denies `b`, though it affirms `a`, which supports it; it gives `c` as its reason",
            chain: "p affirms a --supports--> b, yet denies; reason given: p affirms c --contradicts--> b",
            locations: &[
                (3, 11, "p denies `b` here"),
                (7, 13, "`a` supports `b`"),
                (2, 12, "p affirms `a`"),
                (11, 16, "reason given: `b` contradicts `c`"),
                (2, 17, "p affirms `c`"),
            ],
        },
    );

    // Written from the near end (`c` contradicts `b`): the same finding.
    let fs = run(r#"[actors.p]
affirms = ["a", "c"]
denies = ["b"]

[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."

[claims.c]
text = "C."
contradicts = ["b"]
"#);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    let f = &fs[0];
    assert_eq!((f.level, strs(&f.addressed_by)), (Level::Note, vec!["c"]));
    assert_eq!(f.relations, ["a --supports--> b", "c --contradicts--> b"]);
    assert_eq!(f.chain, "p affirms a --supports--> b, yet denies; reason given: p affirms c --contradicts--> b");
    assert_eq!(f.locations[3].label, "reason given: `c` contradicts `b`");
    assert_eq!(lines(f)[3], (14, 16));
}

#[test]
fn unheeded_reason_addressed_by_an_undercut() {
    let fs = run(r#"[actors.p]
affirms = ["a", "u"]
abstains = ["b"]

[claims.a]
text = "A."

[claims.b]
text = "B."

[claims.u]
text = "The step from A to B fails here."
undercuts = ["r-ab"]

[[relations]]
id = "r-ab"
from = "a"
to = "b"
type = "supports"
"#);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "unheeded-reason",
            level: Level::Note,
            actor: Some("p"),
            claims: &["a", "b"],
            relations: &["r-ab", "u --undercuts--> [r-ab]"],
            addressed_by: &["u"],
            message: "p abstains on `b`, though it affirms `a`, which supports it; it gives `u` as its reason",
            chain: "p affirms a --supports--> b, yet abstains; reason given: p affirms u --undercuts--> [a --supports--> b]",
            locations: &[
                (3, 13, "p abstains on `b` here"),
                (18, 6, "`a` supports `b`"),
                (2, 12, "p affirms `a`"),
                (13, 14, "reason given: `u` undercuts `[r-ab]`"),
                (2, 17, "p affirms `u`"),
            ],
        },
    );
}

#[test]
fn unheeded_reason_through_implies_on_both_sides() {
    // The reason is a commitment by `implies`, and so is the answer.
    let fs = run(r#"[actors.p]
affirms = ["top", "k"]
denies = ["b"]

[claims.top]
text = "Top."
implies = ["a"]

[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."

[claims.k]
text = "K."
implies = ["c"]

[claims.c]
text = "C."
attacks = ["b"]
"#);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "unheeded-reason",
            level: Level::Note,
            actor: Some("p"),
            claims: &["top", "a", "b"],
            relations: &["top --implies--> a", "a --supports--> b", "c --attacks--> b"],
            addressed_by: &["c"],
            message: "p denies `b`, though it is committed to `a`, which supports it; it gives `c` as its reason",
            chain: "p affirms top --implies--> a --supports--> b, yet denies; reason given: p affirms k --implies--> c \
                    --attacks--> b",
            locations: &[
                (3, 11, "p denies `b` here"),
                (11, 13, "`a` supports `b`"),
                (2, 12, "p affirms `top`"),
                (7, 12, "`top` implies `a`"),
                (22, 12, "reason given: `c` attacks `b`"),
                (2, 19, "p affirms `k`"),
                (18, 12, "`k` implies `c`"),
            ],
        },
    );
}

#[test]
fn unheeded_reason_unaddressed_when_the_answer_is_not_the_actors() {
    // `c` attacks `b` but the actor denies `c`; `u` undercuts another
    // relation; `e` attacks the reason `a`, not `b`: none of them addresses it.
    let fs = run(r#"[actors.p]
affirms = ["a", "u"]
denies = ["b", "c"]

[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."

[claims.c]
text = "C."
attacks = ["b"]

[claims.d]
text = "D."

[claims.u]
text = "U."
undercuts = ["r-ad"]

[[relations]]
id = "r-ad"
from = "a"
to = "d"
type = "supports"
"#);
    let f = one(&fs, "unheeded-reason");
    assert_eq!(f.level, Level::Warning);
    assert_eq!(f.claims, ["a", "b"]);
    assert!(f.addressed_by.is_empty());
    assert_eq!(f.relations, ["a --supports--> b"]);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
}

#[test]
fn unheeded_reason_near_misses() {
    // No stance on the supported claim; affirming it; not holding the reason
    // (denying it, or no stance); an attack, not a support.
    let fs = run(r#"[actors.p]
affirms = ["a", "a2", "s"]
denies = ["r", "b3", "t"]
abstains = ["b4"]

[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."

[claims.a2]
text = "A2."
supports = ["b2"]

[claims.b2]
text = "B2."

[claims.r]
text = "R."
supports = ["b3"]

[claims.b3]
text = "B3."

[claims.n]
text = "N."
supports = ["b4"]

[claims.b4]
text = "B4."

[claims.s]
text = "S."
attacks = ["t"]

[claims.t]
text = "T."

[[stances]]
actor = "p"
claim = "b2"
position = "affirms"
source = "speech"
"#);
    assert_eq!(rules(&fs), Vec::<&str>::new(), "{}", dump(&fs));
}

#[test]
fn unheeded_reason_reads_the_current_stance_on_the_reason() {
    // The actor affirmed the reason, then denied it: no longer committed.
    let text = r#"[actors.p]
abstains = ["b"]

[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."

[[stances]]
actor = "p"
claim = "a"
position = "denies"
date = 2021-01-01

[[stances]]
actor = "p"
claim = "a"
position = "affirms"
date = 2020-01-01
"#;
    let fs = run(text);
    assert_eq!(rules(&fs), ["stance-shift"], "{}", dump(&fs));
    // Swap the dates: affirmed last, so the abstention is unheeded.
    let swapped = text.replace("2021", "@").replace("2020", "2021").replace('@', "2020");
    let fs = run(&swapped);
    assert_eq!(rules(&fs), ["unheeded-reason", "stance-shift"], "{}", dump(&fs));
    assert_eq!(one(&fs, "unheeded-reason").level, Level::Warning);
}

// ---------------------------------------------------------------------------
// conflicting-position
// ---------------------------------------------------------------------------

#[test]
fn self_attack_unaddressed() {
    let fs = run(r#"[actors.author]
affirms = ["deplore-aggression", "security-concerns"]

[claims.deplore-aggression]
text = "The aggression is to be deplored."

[claims.security-concerns]
text = "Security concerns made the war inevitable."
attacks = ["deplore-aggression"]
"#);
    assert_eq!(rules(&fs), ["conflicting-position"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "conflicting-position",
            level: Level::Warning,
            actor: Some("author"),
            claims: &["security-concerns", "deplore-aggression"],
            relations: &["security-concerns --attacks--> deplore-aggression"],
            message: "author holds `security-concerns`, which attacks `deplore-aggression`, a claim it also holds",
            chain: "author affirms security-concerns --attacks--> deplore-aggression; author affirms deplore-aggression",
            locations: &[
                (9, 12, "`security-concerns` attacks `deplore-aggression`"),
                (2, 34, "author affirms `security-concerns`"),
                (2, 12, "author affirms `deplore-aggression`"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn self_attack_addressed_by_an_attack() {
    let fs = run(r#"[actors.p]
affirms = ["a", "c", "d"]

[claims.a]
text = "A."

[claims.c]
text = "C."
attacks = ["a"]

[claims.d]
text = "D."
attacks = ["c"]
"#);
    let c_a = fs.iter().find(|f| f.claims == ["c", "a"]).expect("c attacks a");
    assert_finding(
        c_a,
        &Want {
            rule: "conflicting-position",
            level: Level::Note,
            actor: Some("p"),
            claims: &["c", "a"],
            relations: &["c --attacks--> a", "d --attacks--> c"],
            addressed_by: &["d"],
            message: "p holds `c`, which attacks `a`, a claim it also holds; it answers with `d`",
            chain: "p affirms c --attacks--> a; p affirms a; answered: p affirms d --attacks--> c",
            locations: &[
                (9, 12, "`c` attacks `a`"),
                (2, 17, "p affirms `c`"),
                (2, 12, "p affirms `a`"),
                (13, 12, "answer: `d` attacks `c`"),
                (2, 22, "p affirms `d`"),
            ],
        },
    );
    // Holding `d` against `c` while still holding `c` is itself a conflicting-position,
    // by the definition (committed to C and D, D attacks C).
    let d_c = fs.iter().find(|f| f.claims == ["d", "c"]).expect("d attacks c");
    assert_eq!(d_c.level, Level::Warning);
    assert!(d_c.addressed_by.is_empty());
    assert_eq!(rules(&fs), ["conflicting-position"; 2]);
}

#[test]
fn self_attack_addressed_by_an_undercut() {
    let fs = run(r#"[actors.p]
affirms = ["a", "c", "u"]

[claims.a]
text = "A."

[claims.c]
text = "C."

[claims.u]
text = "C is true, but no reason against A."
undercuts = ["r-ca"]

[[relations]]
id = "r-ca"
from = "c"
to = "a"
type = "attacks"
"#);
    assert_eq!(rules(&fs), ["conflicting-position"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "conflicting-position",
            level: Level::Note,
            actor: Some("p"),
            claims: &["c", "a"],
            relations: &["r-ca", "u --undercuts--> [r-ca]"],
            addressed_by: &["u"],
            message: "p holds `c`, which attacks `a`, a claim it also holds; it answers with `u`",
            chain: "p affirms c --attacks--> a; p affirms a; answered: p affirms u --undercuts--> [c --attacks--> a]",
            locations: &[
                (17, 6, "`c` attacks `a`"),
                (2, 17, "p affirms `c`"),
                (2, 12, "p affirms `a`"),
                (12, 14, "answer: `u` undercuts `[r-ca]`"),
                (2, 22, "p affirms `u`"),
            ],
        },
    );
}

#[test]
fn self_attack_through_implies() {
    // The attacker is a commitment by `implies`.
    let fs = run(r#"[actors.p]
affirms = ["a", "k"]

[claims.a]
text = "A."

[claims.k]
text = "K."
implies = ["c"]

[claims.c]
text = "C."
attacks = ["a"]
"#);
    let f = one(&fs, "conflicting-position");
    assert_eq!(f.claims, ["k", "c", "a"]);
    assert_eq!(f.relations, ["k --implies--> c", "c --attacks--> a"]);
    assert_eq!(f.chain, "p affirms k --implies--> c --attacks--> a; p affirms a");
    assert_eq!(f.message, "p holds `c`, which attacks `a`, a claim it also holds");
    assert_eq!(lines(f), [(13, 12), (2, 17), (9, 12), (2, 12)]);
}

#[test]
fn self_attack_near_misses() {
    // Not holding the attacker (denied, or no stance); a support, not an
    // attack; an attacker of a claim the actor denies; an answer the actor
    // does not hold leaves it unaddressed (checked below).
    let fs = run(r#"[actors.p]
affirms = ["a", "b", "e"]
denies = ["c", "f"]

[claims.a]
text = "A."

[claims.b]
text = "B."
supports = ["a"]

[claims.c]
text = "C."
attacks = ["a"]

[claims.d]
text = "D."
attacks = ["a"]

[claims.e]
text = "E."
attacks = ["f"]

[claims.f]
text = "F."
"#);
    assert_eq!(local_rules(&fs), Vec::<&str>::new(), "{}", dump(&fs));

    let fs = run(r#"[actors.p]
affirms = ["a", "c"]
denies = ["d"]

[claims.a]
text = "A."

[claims.c]
text = "C."
attacks = ["a"]

[claims.d]
text = "D."
attacks = ["c"]
"#);
    let f = one(&fs, "conflicting-position");
    assert_eq!(f.level, Level::Warning);
    assert!(f.addressed_by.is_empty());
}

// ---------------------------------------------------------------------------
// stance-shift and dated stances
// ---------------------------------------------------------------------------

/// The state votes for the resolution, then abstains; the stances are
/// written latest first.
const SHIFT: &str = r#"[actors.state]
affirms = ["principle"]

[claims.principle]
text = "P."
supports = ["resolution"]

[claims.resolution]
text = "R."

[[stances]]
actor = "state"
claim = "resolution"
position = "abstains"
date = 2023-02-23
via = "vote on ES-11/6"

[[stances]]
actor = "state"
claim = "resolution"
position = "affirms"
date = 2022-03-02
via = "vote on ES-11/1"
"#;

#[test]
fn stance_shift_names_the_dates_and_the_latest_is_current() {
    let fs = run(SHIFT);
    assert_eq!(rules(&fs), ["stance-shift", "unheeded-reason"], "{}", dump(&fs));
    assert_finding(
        one(&fs, "stance-shift"),
        &Want {
            rule: "stance-shift",
            level: Level::Note,
            actor: Some("state"),
            claims: &["resolution"],
            message: "state's stance on `resolution` changed: it affirms on 2022-03-02 and abstains on 2023-02-23",
            chain: "state resolution: affirms (2022-03-02, vote on ES-11/1) -> abstains (2023-02-23, vote on ES-11/6)",
            locations: &[(14, 12, "abstains on 2023-02-23"), (21, 12, "affirms on 2022-03-02")],
            ..Want::default()
        },
    );
    // The current stance is the 2023 abstention, though it is written first.
    let u = one(&fs, "unheeded-reason");
    assert_eq!(u.chain, "state affirms principle --supports--> resolution, yet abstains (2023-02-23, vote on ES-11/6)");
    assert_eq!(lines(u)[0], (14, 12));
}

#[test]
fn stance_shift_towards_the_reason_leaves_no_unheeded_reason() {
    let text = SHIFT.replace("2023-02-23", "2021-01-01");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["stance-shift"], "{}", dump(&fs));
    let f = &fs[0];
    assert_eq!(
        f.message,
        "state's stance on `resolution` changed: it abstains on 2021-01-01 and affirms on 2022-03-02"
    );
    assert_eq!(lines(f), [(21, 12), (14, 12)]);
}

#[test]
fn stance_shift_there_and_back_names_every_change() {
    let fs = run(r#"[actors.t]

[claims.r]
text = "R."

[[stances]]
actor = "t"
claim = "r"
position = "affirms"
date = 2022-01-01

[[stances]]
actor = "t"
claim = "r"
position = "affirms"
date = 2022-06-01

[[stances]]
actor = "t"
claim = "r"
position = "abstains"
date = 2023-01-01

[[stances]]
actor = "t"
claim = "r"
position = "affirms"
date = 2024-01-01
"#);
    assert_eq!(rules(&fs), ["stance-shift"]);
    assert_finding(
        &fs[0],
        &Want {
            rule: "stance-shift",
            level: Level::Note,
            actor: Some("t"),
            claims: &["r"],
            message: "t's stance on `r` changed: it affirms on 2022-01-01, abstains on 2023-01-01 and affirms on 2024-01-01",
            chain: "t r: affirms (2022-01-01) -> affirms (2022-06-01) -> abstains (2023-01-01) -> affirms (2024-01-01)",
            locations: &[
                (27, 12, "affirms on 2024-01-01"),
                (9, 12, "affirms on 2022-01-01"),
                (15, 12, "affirms on 2022-06-01"),
                (21, 12, "abstains on 2023-01-01"),
            ],
            ..Want::default()
        },
    );
}

#[test]
fn stance_shift_near_misses() {
    // The same position on two dates; one dated stance; two actors with
    // different positions on one claim.
    let fs = run(r#"[actors.a]
[actors.b]

[claims.r]
text = "R."

[[stances]]
actor = "a"
claim = "r"
position = "denies"
date = 2022-01-01

[[stances]]
actor = "a"
claim = "r"
position = "denies"
date = 2023-01-01

[[stances]]
actor = "b"
claim = "r"
position = "affirms"
date = 2023-01-01
"#);
    assert_eq!(rules(&fs), Vec::<&str>::new(), "{}", dump(&fs));
}

// ---------------------------------------------------------------------------
// orphan-claim
// ---------------------------------------------------------------------------

#[test]
fn orphan_claim_fires_and_near_misses() {
    // `lonely` has nothing; `held` has only a stance; `target` only an
    // incoming relation; `cutter` only an undercut.
    let fs = run(r#"[actors.p]
affirms = ["held"]

[claims.source]
text = "S."
supports = ["target"]

[claims.target]
text = "T."

[claims.held]
text = "H."

[claims.lonely]
text = "Trade grew last year."

[claims.cutter]
text = "C."
undercuts = ["r1"]

[[relations]]
id = "r1"
from = "source"
to = "held"
type = "attacks"
"#);
    assert_eq!(local_rules(&fs), ["orphan-claim"], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "orphan-claim",
            level: Level::Note,
            claims: &["lonely"],
            message: "claim `lonely` takes part in no relation and no stance",
            chain: "lonely: no relations, no stances",
            locations: &[(14, 9, "no relation or stance involves this claim")],
            ..Want::default()
        },
    );
}

// ---------------------------------------------------------------------------
// unsourced-stance
// ---------------------------------------------------------------------------

const UNSOURCED: &str = r#"[actors.minister]
affirms = ["raise-pensions"]

[claims.raise-pensions]
text = "Pensions should rise with prices."
supports = ["budget"]

[claims.budget]
text = "B."

[[stances]]
actor = "minister"
claim = "budget"
position = "affirms"
date = 2024-01-01
note = "a date and a note are no evidence"

[[stances]]
actor = "minister"
claim = "budget"
position = "affirms"
date = 2024-02-01
source = "Hansard"

[[stances]]
actor = "minister"
claim = "budget"
position = "affirms"
date = 2024-03-01
quote = "We will."

[[stances]]
actor = "minister"
claim = "budget"
position = "affirms"
date = 2024-04-01
via = "vote"
"#;

#[test]
fn unsourced_stance_is_allowed_by_default() {
    assert_eq!(rules(&run(UNSOURCED)), Vec::<&str>::new());
}

#[test]
fn unsourced_stance_when_turned_on() {
    let text = format!("[checks]\nunsourced-stance = \"warn\"\n\n{UNSOURCED}");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["unsourced-stance"; 2], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "unsourced-stance",
            level: Level::Warning,
            actor: Some("minister"),
            claims: &["raise-pensions"],
            message: "minister's stance on `raise-pensions` names no source, quote or via",
            chain: "minister affirms raise-pensions",
            locations: &[(5, 12, "no evidence for this stance")],
            ..Want::default()
        },
    );
    assert_finding(
        &fs[1],
        &Want {
            rule: "unsourced-stance",
            level: Level::Warning,
            actor: Some("minister"),
            claims: &["budget"],
            message: "minister's stance on `budget` names no source, quote or via",
            chain: "minister affirms budget",
            locations: &[(17, 12, "no evidence for this stance")],
            ..Want::default()
        },
    );
    assert_eq!(fs[0].notes, ["write it as a `[[stances]]` entry with `source`, `quote` or `via`"]);
    // Different claims, different fingerprints.
    assert_ne!(fs[0].fingerprint, fs[1].fingerprint);
}

// ---------------------------------------------------------------------------
// Acknowledgements and stale-acknowledgement
// ---------------------------------------------------------------------------

#[test]
fn acknowledgement_marks_a_finding_and_never_fails() {
    let text = format!(
        "{}\n[[acknowledged]]\nrule = \"unheeded-reason\"\nactor = \"cambodia\"\nclaims = [\"opposes-invasions\", \
         \"suspend-russia-hrc\"]\nreason = \"Cambodia holds that excluding Russia is no solution.\"\n",
        user_without_reason()
    );
    let config = CheckConfig { deny_warnings: true, ..Default::default() };
    let fs = run_with(&text, &config);
    assert_eq!(rules(&fs), ["unheeded-reason"], "{}", dump(&fs));
    let f = &fs[0];
    assert_eq!(f.ack_reason(), Some("Cambodia holds that excluding Russia is no solution."));
    assert_eq!(f.level, Level::Error, "still shown at its level");
    assert!(!f.is_failing());
    let s = Summary::of(&fs);
    assert_eq!(
        s,
        Summary { errors: 0, warnings: 0, notes: 0, acknowledged: 1, acknowledged_by_wildcard: 0, failing: 0 },
        "an acknowledged finding is counted as acknowledged, not at its level"
    );

    // Without the acknowledgement the same configuration fails.
    let fs = run_with(&user_without_reason(), &config);
    assert!(fs[0].is_failing());
    assert_eq!(Summary::of(&fs).failing, 1);
}

#[test]
fn acknowledgement_naming_part_of_the_claims_matches_nothing() {
    // No actor, and a claim that answers the finding (in `addressed_by`, not
    // `claims`); then no actor and one of its two claims: neither names the
    // finding (cambodia's, on two claims). The second says which finding it
    // names part of.
    let text = format!(
        "{USER}\n[[acknowledged]]\nrule = \"unheeded-reason\"\nclaims = [\"exclusion-no-solution\"]\nreason = \"seen\"\n\
         \n[[acknowledged]]\nrule = \"unheeded-reason\"\nactor = \"cambodia\"\nclaims = [\"suspend-russia-hrc\"]\nreason = \"part\"\n"
    );
    let fs = run(&text);
    assert_eq!(rules(&fs), ["unheeded-reason", "stale-acknowledgement", "stale-acknowledgement"], "{}", dump(&fs));
    assert_eq!(fs[0].ack_reason(), None);
    assert_eq!(fs[0].claims, ["opposes-invasions", "suspend-russia-hrc"]);
    assert_eq!(fs[0].addressed_by, ["exclusion-no-solution"]);
    assert_eq!(
        fs[1].message,
        "this acknowledgement matches no finding (rule `unheeded-reason`, claims `exclusion-no-solution`)"
    );
    assert_eq!(
        fs[2].message,
        format!(
            "this acknowledgement matches no finding (rule `unheeded-reason`, actor `cambodia`, claims \
             `suspend-russia-hrc`): it names 1 of the 2 claims of finding {}; list them all, or write claims = \"*\"",
            fs[0].fingerprint
        )
    );
    // A wildcard acknowledges it, counted as such.
    let text = text.replace("claims = [\"exclusion-no-solution\"]", "claims = \"*\"");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["unheeded-reason", "stale-acknowledgement"], "{}", dump(&fs));
    assert_eq!(fs[0].ack_reason(), Some("seen"));
    assert!(fs[0].acknowledged.as_ref().unwrap().wildcard);
    assert_eq!(Summary::of(&fs[..1]).acknowledged_by_wildcard, 1);
}

#[test]
fn stale_acknowledgement_is_reported() {
    let text = r#"[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."

[[acknowledged]]
rule = "orphan-claim"
claims = ["b"]
reason = "kept for later"

[[acknowledged]]
rule = "unheeded-reason"
actor = "p"
claims = ["a", "b"]
reason = "p has its reasons"

[actors.p]
affirms = ["a", "b"]
"#;
    let fs = run(text);
    assert_eq!(rules(&fs), ["stale-acknowledgement"; 2], "{}", dump(&fs));
    assert_finding(
        &fs[0],
        &Want {
            rule: "stale-acknowledgement",
            level: Level::Warning,
            message: "this acknowledgement matches no finding (rule `orphan-claim`, claims `b`)",
            claims: &["b"],
            chain: "acknowledged rule `orphan-claim`, claims `b`: \"kept for later\"; no such finding",
            locations: &[(8, 1, "matches no finding")],
            ..Want::default()
        },
    );
    assert_eq!(fs[0].fingerprint, fingerprint("stale-acknowledgement", None, &["b".to_string()], None));
    assert_eq!(fs[0].notes, ["remove the entry, or correct it to name the finding it is meant for"]);
    let f = &fs[1];
    assert_eq!(f.level, Level::Warning);
    // The finding names the entry's actor and claims, so its fingerprint can be recomputed from them.
    assert_eq!(f.actor.as_deref(), Some("p"));
    assert_eq!(f.claims, ["a", "b"]);
    assert_eq!(
        f.message,
        "this acknowledgement matches no finding (rule `unheeded-reason`, actor `p`, claims `a`, `b`)"
    );
    assert_eq!(
        f.chain,
        "acknowledged rule `unheeded-reason`, actor `p`, claims `a`, `b`: \"p has its reasons\"; no such finding"
    );
    assert_eq!(lines(f), [(13, 1)]);
    assert_eq!(
        f.fingerprint,
        fingerprint("stale-acknowledgement", Some("p"), &["a".to_string(), "b".to_string()], None)
    );

    // Its level is configurable like any rule's, and --deny warnings promotes it.
    let fs = run_with(text, &levels(&[("stale-acknowledgement", RuleLevel::Allow)]));
    assert_eq!(rules(&fs), Vec::<&str>::new());
    let fs = run_with(text, &CheckConfig { deny_warnings: true, ..Default::default() });
    assert!(fs.iter().all(|f| f.level == Level::Error && f.is_failing()));
}

#[test]
fn acknowledgement_of_another_actor_or_claim_does_not_match() {
    let text = format!(
        "{USER}\n[actors.other]\naffirms = [\"condemn-aggression\"]\n\n[[acknowledged]]\nrule = \"unheeded-reason\"\n\
         actor = \"other\"\nreason = \"wrong actor\"\n\n[[acknowledged]]\nrule = \"unheeded-reason\"\n\
         claims = [\"condemn-aggression\"]\nreason = \"wrong claim\"\n"
    );
    let fs = run(&text);
    assert_eq!(rules(&fs), ["unheeded-reason", "stale-acknowledgement", "stale-acknowledgement"], "{}", dump(&fs));
    assert_eq!(fs[0].acknowledged, None::<elenchus::check::Acknowledged>);
    assert_eq!(lines(&fs[1]), [(28, 1)]);
    assert_eq!(lines(&fs[2]), [(33, 1)]);
}

// ---------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------

const CYCLE: &str = r#"[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."
supports = ["a"]

[claims.c]
text = "C."
"#;

#[test]
fn levels_from_the_checks_table() {
    let fs = run(CYCLE);
    assert_eq!(rules(&fs), ["circular-support", "orphan-claim"]);
    assert_eq!((fs[0].level, fs[1].level), (Level::Warning, Level::Note));

    let text = format!("[checks]\ncircular-support = \"deny\"\norphan-claim = \"warn\"\n\n{CYCLE}");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["circular-support", "orphan-claim"]);
    assert_eq!((fs[0].level, fs[1].level), (Level::Error, Level::Warning));
    assert!(fs[0].is_failing());
    assert_eq!(lines(&fs[0])[0], (7, 13), "locations follow the inserted table");

    let text = format!("[checks]\ncircular-support = \"note\"\norphan-claim = \"allow\"\n\n{CYCLE}");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["circular-support"]);
    assert_eq!(fs[0].level, Level::Note);
    assert_eq!(fs[0].rule_level, Level::Note);
}

#[test]
fn command_line_levels_override_the_checks_table() {
    let text = format!("[checks]\ncircular-support = \"deny\"\norphan-claim = \"allow\"\n\n{CYCLE}");
    let config = levels(&[("circular-support", RuleLevel::Allow), ("orphan-claim", RuleLevel::Deny)]);
    let fs = run_with(&text, &config);
    assert_eq!(rules(&fs), ["orphan-claim"]);
    assert_eq!(fs[0].level, Level::Error);

    let fs = run_with(&text, &levels(&[("circular-support", RuleLevel::Note)]));
    assert_eq!(rules(&fs), ["circular-support"]);
    assert_eq!(fs[0].level, Level::Note);

    // Off by default, turned on from the command line.
    let fs = run_with(&user_without_reason(), &levels(&[("unsourced-stance", RuleLevel::Note)]));
    assert_eq!(rules(&fs), ["unsourced-stance", "unsourced-stance", "unheeded-reason"], "{}", dump(&fs));
    assert!(of(&fs, "unsourced-stance").iter().all(|f| f.level == Level::Note));
}

#[test]
fn deny_warnings_promotes_warnings_only() {
    let config = CheckConfig { deny_warnings: true, ..Default::default() };
    let fs = run_with(CYCLE, &config);
    assert_eq!(rules(&fs), ["circular-support", "orphan-claim"]);
    assert_eq!((fs[0].level, fs[1].level), (Level::Error, Level::Note));
    assert_eq!(fs[0].rule_level, Level::Warning);
    assert_eq!(
        Summary::of(&fs),
        Summary { errors: 1, warnings: 0, notes: 1, acknowledged: 0, acknowledged_by_wildcard: 0, failing: 1 }
    );

    // An addressed finding is a note, and stays one.
    let fs = run_with(USER, &config);
    assert_eq!(fs[0].level, Level::Note);
    assert!(!fs[0].is_failing());
    let fs = run_with(&user_without_reason(), &config);
    assert_eq!(fs[0].level, Level::Error);
    assert!(fs[0].is_failing());
}

#[test]
fn addressed_findings_are_notes_whatever_the_rule_level() {
    let fs = run_with(USER, &levels(&[("unheeded-reason", RuleLevel::Deny)]));
    assert_eq!(rules(&fs), ["unheeded-reason"]);
    assert_eq!(fs[0].level, Level::Note);
    assert_eq!(fs[0].rule_level, Level::Error);
    let fs = run_with(&user_without_reason(), &levels(&[("unheeded-reason", RuleLevel::Deny)]));
    assert_eq!(fs[0].level, Level::Error);
    // Allowed: not reported at all, addressed or not.
    assert!(run_with(USER, &levels(&[("unheeded-reason", RuleLevel::Allow)])).is_empty());
}

// ---------------------------------------------------------------------------
// Fingerprints
// ---------------------------------------------------------------------------

#[test]
fn fingerprint_is_stable_across_edits_elsewhere() {
    let before = run(USER);
    // An unrelated claim (related, so not an orphan) above everything, and
    // another actor below.
    let edited = format!(
        "[claims.unrelated]\ntext = \"Unrelated.\"\nsupports = [\"condemn-aggression\"]\n\n{USER}\n[actors.observer]\n\
         name = \"An observer\"\n"
    );
    let after = run(&edited);
    assert_eq!(rules(&after), ["unheeded-reason"], "{}", dump(&after));
    let (b, a) = (&before[0], &after[0]);
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_eq!((a.rule, a.level, &a.actor, &a.claims), (b.rule, b.level, &b.actor, &b.claims));
    assert_eq!(
        (&a.message, &a.chain, &a.addressed_by, &a.relations),
        (&b.message, &b.chain, &b.addressed_by, &b.relations)
    );
    // Every location moved down by the 4 inserted lines, same columns.
    let moved: Vec<(usize, usize)> = lines(b).iter().map(|&(l, c)| (l + 4, c)).collect();
    assert_eq!(lines(a), moved);

    // Stable across runs, and different for a different actor or claims.
    assert_eq!(run(USER)[0].fingerprint, b.fingerprint);
    let renamed = USER.replace("cambodia", "laos");
    assert_ne!(run(&renamed)[0].fingerprint, b.fingerprint);
    assert_eq!(b.fingerprint, fingerprint("unheeded-reason", Some("cambodia"), &b.claims, None));
    assert_eq!(b.fingerprint.len(), 16);
}

#[test]
fn fingerprint_of_a_cycle_does_not_depend_on_where_it_is_written() {
    let a = run(r#"[claims.m]
text = "M."
supports = ["z"]

[claims.z]
text = "Z."
supports = ["b"]

[claims.b]
text = "B."
supports = ["m"]
"#);
    let b = run(r#"[claims.b]
text = "B."
supports = ["m"]

[claims.pad]
text = "Padding."
supports = ["m"]

[claims.z]
text = "Z."
supports = ["b"]

[claims.m]
text = "M."
supports = ["z"]
"#);
    let (fa, fb) = (one(&a, "circular-support"), one(&b, "circular-support"));
    assert_eq!(fa.claims, fb.claims);
    assert_eq!(fa.chain, fb.chain);
    assert_eq!(fa.fingerprint, fb.fingerprint);
}

// ---------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------

#[test]
fn locations_count_columns_in_characters() {
    // Inline tables put each relation after non-ASCII text on its line.
    let fs = run(r#"[claims]
a = { text = "Été", supports = ["b"] }
b = { text = "Ça", supports = ["a"] }
"#);
    let f = one(&fs, "circular-support");
    assert_eq!(f.chain, "a --supports--> b --supports--> a");
    assert_eq!(lines(f), [(2, 33), (3, 32)]);
}

#[test]
fn locations_with_crlf_line_endings() {
    let lf = run(USER);
    let crlf = run(&USER.replace('\n', "\r\n"));
    assert_eq!(rules(&crlf), ["unheeded-reason"]);
    assert_eq!(lines(&crlf[0]), lines(&lf[0]));
    assert_eq!(crlf[0].fingerprint, lf[0].fingerprint);
}

// ---------------------------------------------------------------------------
// JSON maps
// ---------------------------------------------------------------------------

#[test]
fn a_json_map_gives_the_same_findings() {
    let json = r#"{
  "actors": {
    "cambodia": { "affirms": ["opposes-invasions", "condemn-aggression", "exclusion-no-solution"] }
  },
  "claims": {
    "opposes-invasions": {
      "text": "Cambodia opposes the invasion of any country.",
      "supports": ["condemn-aggression", "suspend-russia-hrc"]
    },
    "condemn-aggression": { "text": "The General Assembly should deplore Russia's aggression." },
    "suspend-russia-hrc": { "text": "Russia's rights in the Human Rights Council should be suspended." },
    "exclusion-no-solution": {
      "text": "Excluding Russia is no solution for peace.",
      "attacks": ["suspend-russia-hrc"]
    }
  },
  "stances": [
    {
      "actor": "cambodia",
      "claim": "suspend-russia-hrc",
      "position": "abstains",
      "date": "2022-04-07",
      "via": "vote on A/RES/ES-11/3"
    }
  ]
}
"#;
    let t = run(USER);
    let j = run_format(json, Format::Json, &CheckConfig::default());
    assert_eq!(rules(&j), ["unheeded-reason"], "{}", dump(&j));
    let (t, j) = (&t[0], &j[0]);
    assert_eq!(
        (t.level, &t.claims, &t.relations, &t.addressed_by, &t.message, &t.chain, &t.fingerprint),
        (j.level, &j.claims, &j.relations, &j.addressed_by, &j.message, &j.chain, &j.fingerprint)
    );
    assert_eq!(lines(j), [(21, 19), (8, 42), (3, 31), (14, 19), (3, 74)]);
}

// ---------------------------------------------------------------------------
// Robustness and determinism
// ---------------------------------------------------------------------------

/// Claims `c0..c{n-1}`, each related to the next by `kind`; the last one
/// also to `c0` when `close`.
fn chain_map(n: usize, kind: &str, close: bool, extra: &str) -> String {
    let mut s = String::with_capacity(n * 48 + extra.len());
    s.push_str(extra);
    for i in 0..n {
        s.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
        if i + 1 < n {
            s.push_str(&format!("{kind} = [\"c{}\"]\n", i + 1));
        } else if close {
            s.push_str(&format!("{kind} = [\"c0\"]\n"));
        }
    }
    s
}

const BIG: usize = 100_000;

#[test]
fn long_implies_chain_does_not_overflow() {
    // The last claim contradicts the first: `c0` is self-defeating, and the
    // actor affirming `c0` is committed to both ends; it also denies the end.
    let mut text = chain_map(BIG, "implies", false, "[actors.a]\naffirms = [\"c0\"]\ndenies = [\"c99999\"]\n\n");
    text.push_str("contradicts = [\"c0\"]\n");
    let fs: Vec<Finding> = run(&text).into_iter().filter(|f| !ACCEPTANCE.contains(&f.rule)).collect();
    assert_eq!(rules(&fs), ["broken-entailment", "self-defeating-claim", "contradiction"]);
    let sd = &fs[1];
    assert_eq!(sd.claims.len(), BIG);
    assert_eq!(sd.relations.len(), BIG);
    assert_eq!(sd.message, "`c0` strictly implies `c99999`, which contradicts it");
    assert!(sd.chain.starts_with("c0 --implies--> c1 --implies--> c2"));
    assert!(sd.chain.ends_with("c99998 --implies--> c99999; c99999 --contradicts-- c0"));
    let be = &fs[0];
    assert_eq!(be.claims.len(), BIG);
    assert_eq!((be.claims.first().unwrap().as_str(), be.claims.last().unwrap().as_str()), ("c0", "c99999"));
    assert!(be.chain.starts_with("a affirms c0 --implies--> c1"));
    assert!(be.chain.ends_with("c99998 --implies--> c99999, yet denies"));
    assert_eq!(be.locations.len(), BIG + 1);
    assert_eq!(fs[2].claims.len(), BIG);
}

#[test]
fn long_implies_cycle_is_an_equivalence() {
    let text = chain_map(BIG, "implies", true, "[actors.a]\naffirms = [\"c0\"]\nabstains = [\"c50000\"]\n\n");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["broken-entailment"]);
    assert_eq!(fs[0].claims.len(), 50_001);
    assert!(fs[0].chain.ends_with("c49999 --implies--> c50000, yet abstains"));
}

#[test]
fn big_supports_cycle_does_not_overflow() {
    let text = chain_map(BIG, "supports", true, "");
    let fs = run(&text);
    assert_eq!(rules(&fs), ["circular-support"]);
    let f = &fs[0];
    assert_eq!(f.claims.len(), BIG);
    assert_eq!(f.relations.len(), BIG);
    // Starts at the smallest id (`c0`), in cycle order, and closes on it.
    assert_eq!((f.claims[0].as_str(), f.claims[1].as_str(), f.claims[BIG - 1].as_str()), ("c0", "c1", "c99999"));
    assert_eq!(f.relations[0], "c0 --supports--> c1");
    assert_eq!(f.relations[BIG - 1], "c99999 --supports--> c0");
    assert!(f.chain.starts_with("c0 --supports--> c1 --supports--> c2"));
    assert!(f.chain.ends_with("c99999 --supports--> c0"));
    assert_eq!(f.locations.len(), BIG);
    assert!(f.notes.is_empty());
}

/// A map on which most rules fire, several times.
const MANY: &str = r#"[checks]
unsourced-stance = "note"

[actors.p]
affirms = ["a", "c", "k", "x"]
denies = ["b", "x"]

[actors.q]
affirms = ["b", "a"]
abstains = ["d"]

[claims.a]
text = "A."
supports = ["b", "d"]
attacks = ["d"]

[claims.b]
text = "B."
supports = ["a"]

[claims.c]
text = "C."
attacks = ["a"]

[claims.d]
text = "D."
implies = ["e"]

[claims.e]
text = "E."
contradicts = ["d"]

[claims.k]
text = "K."
implies = ["d"]

[claims.x]
text = "X."

[claims.lonely]
text = "L."

[[stances]]
actor = "q"
claim = "c"
position = "affirms"
date = 2020-01-01
source = "s"

[[stances]]
actor = "q"
claim = "c"
position = "denies"
date = 2021-01-01
source = "s"

[[acknowledged]]
rule = "orphan-claim"
reason = "later"
"#;

#[test]
fn the_same_map_checked_twice_gives_identical_json() {
    let first = serde_json::to_string(&run(MANY)).unwrap();
    let second = serde_json::to_string(&run(MANY)).unwrap();
    assert_eq!(first, second);
    // Once more on one graph.
    let map = load_str(FILE, MANY, Format::Toml).into_map().unwrap();
    let graph = ClaimGraph::build(&map);
    let a = serde_json::to_string(&check(&graph, &CheckConfig::default())).unwrap();
    let b = serde_json::to_string(&check(&graph, &CheckConfig::default())).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, first);
    // Many rules fire, so the order of the findings is exercised.
    let fs = run(MANY);
    let mut names = rules(&fs);
    names.sort_unstable();
    names.dedup();
    assert!(names.len() >= 8, "{names:?}");
}

#[test]
fn unheeded_reason_on_a_hub_gives_each_supporter_the_same_reasons() {
    // Three supporters of one denied claim, with reasons against it of every
    // form (an attack, a contradiction written from either end, a claim that
    // both attacks and contradicts it, counted once), one not held, and an
    // undercut of one supporter's step by a claim that is also a reason
    // (counted once). A second actor holds fewer of them. The reasons are
    // found once per claim and actor; each finding lists them the same way.
    let fs = run(r#"[actors.p]
affirms = ["s1", "s2", "s3", "x", "y", "u"]
denies = ["h", "w"]

[actors.q]
affirms = ["s1", "y"]
denies = ["h"]

[claims.h]
text = "The hub."
contradicts = ["y"]

[claims.s1]
text = "S1."
supports = ["h"]

[claims.s2]
text = "S2."

[claims.s3]
text = "S3."
supports = ["h"]

[claims.x]
text = "X attacks and contradicts the hub."
attacks = ["h"]
contradicts = ["h"]
undercuts = ["r-s2"]

[claims.y]
text = "Y."

[claims.w]
text = "W, not held."
attacks = ["h"]

[claims.u]
text = "U undercuts the step from S2."
undercuts = ["r-s2"]

[[relations]]
id = "r-s2"
from = "s2"
to = "h"
type = "supports"
"#);
    type Row<'a> = (Option<&'a str>, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
    let got: Vec<Row<'_>> = of(&fs, "unheeded-reason")
        .into_iter()
        .map(|f| (f.actor.as_deref(), strs(&f.claims), strs(&f.addressed_by), strs(&f.relations)))
        .collect();
    let (r1, r3) = ("s1 --supports--> h", "s3 --supports--> h");
    let (xh, hy) = ("x --attacks--> h", "h --contradicts--> y");
    assert_eq!(
        got,
        [
            (Some("p"), vec!["s1", "h"], vec!["x", "y"], vec![r1, xh, hy]),
            (Some("p"), vec!["s2", "h"], vec!["x", "y", "u"], vec!["r-s2", xh, hy, "u --undercuts--> [r-s2]"]),
            (Some("p"), vec!["s3", "h"], vec!["x", "y"], vec![r3, xh, hy]),
            (Some("q"), vec!["s1", "h"], vec!["y"], vec![r1, hy]),
        ]
    );
    let s2 = of(&fs, "unheeded-reason")[1];
    assert_eq!(
        s2.chain,
        "p affirms s2 --supports--> h, yet denies; reason given: p affirms x --attacks--> h; \
         p affirms y --contradicts--> h; p affirms u --undercuts--> [s2 --supports--> h]"
    );
    assert_eq!(
        s2.message,
        "p denies `h`, though it affirms `s2`, which supports it; it gives `x`, `y` and `u` as its reasons"
    );
}
