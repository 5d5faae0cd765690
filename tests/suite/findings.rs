//! Definitions of findings an analyst would sign: the rule renamed from
//! `self-attack` to `conflicting-position` (and the old name still accepted
//! everywhere, with a deprecation note), and `circular-support` as begging
//! the question only when no claim of the circle has a ground outside it.
//! Through the command line and the library; the examples of docs/checks.md
//! marked `# expect:` are run as they are written.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::run;
use elenchus::check::{CheckConfig, Finding, check};
use elenchus::diag::Code;
use elenchus::model::RuleLevel;
use elenchus::{ClaimGraph, Format, Level, load_str};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

// ---------------------------------------------------------------------------
// Helpers

/// `check --format json [flags] -` on a TOML map: exit code, document, stderr.
fn check_json(flags: &[&str], map: &str) -> (i32, Value, String) {
    let mut args = vec!["check", "--format", "json", "--input-format", "toml"];
    args.extend_from_slice(flags);
    args.push("-");
    let out = run(&args, map);
    let doc = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}", out.stdout));
    (out.code, doc, out.stderr)
}

/// `(rule, level)` of every finding of a JSON document.
fn rules_levels(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["level"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// The codes of the loader's diagnostics of the one map of a JSON document.
fn diagnostic_codes(doc: &Value) -> Vec<String> {
    doc["maps"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

/// Load a TOML map (it must load) and check it with `config`.
fn lib_check(text: &str, config: &CheckConfig) -> (Vec<Finding>, Vec<elenchus::Diagnostic>) {
    let loaded = load_str("findings.toml", text, Format::Toml);
    let diags = loaded.diagnostics.clone();
    let map = loaded.into_map().unwrap_or_else(|e| panic!("map does not load: {e}"));
    let graph = ClaimGraph::build(&map);
    (check(&graph, config), diags)
}

fn levels(pairs: &[(&str, RuleLevel)]) -> CheckConfig {
    CheckConfig {
        levels: pairs.iter().map(|(r, l)| (r.to_string(), *l)).collect::<BTreeMap<_, _>>(),
        ..Default::default()
    }
}

fn rule_levels(fs: &[Finding]) -> Vec<(&'static str, Level)> {
    fs.iter().map(|f| (f.rule, f.level)).collect()
}

// ---------------------------------------------------------------------------
// conflicting-position, formerly self-attack

/// An actor holding a claim and a claim that attacks it.
const CONFLICT: &str = r#"[actors.author]
affirms = ["deplore-aggression", "security-concerns-justify"]

[claims.deplore-aggression]
text = "The aggression is to be deplored."

[claims.security-concerns-justify]
text = "Security concerns made it go to war."
attacks = ["deplore-aggression"]
"#;

#[test]
fn the_rule_is_called_conflicting_position() {
    let (code, doc, stderr) = check_json(&[], CONFLICT);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("conflicting-position", "warning")])));
    assert_eq!(stderr, "");
    let (fs, _) = lib_check(CONFLICT, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("conflicting-position", Level::Warning)]);

    let out = run(&["rules"], "");
    assert!(out.stdout.contains("conflicting-position"), "{}", out.stdout);
    assert!(!out.stdout.contains("self-attack"), "the former name is not listed as a rule: {}", out.stdout);
    let infos: Vec<&str> = elenchus::check::rule_infos().iter().map(|r| r.name).collect();
    assert!(infos.contains(&"conflicting-position") && !infos.contains(&"self-attack"), "{infos:?}");
}

#[test]
fn checks_table_accepts_the_former_name_with_a_deprecation_warning() {
    let map = format!("[checks]\nself-attack = \"deny\"\n\n{CONFLICT}");
    let (code, doc, _) = check_json(&[], &map);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("conflicting-position", "error")])));
    assert_eq!(diagnostic_codes(&doc), ["deprecated-name"]);
    let d = &doc["maps"][0]["diagnostics"][0];
    assert_eq!((d["level"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("warning"), Some(2), Some(1)));
    assert_eq!(d["message"], "the rule `self-attack` is now called `conflicting-position`; the old name is deprecated");

    // The library: a warning, and the setting read under the new name.
    let (fs, diags) = lib_check(&map, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("conflicting-position", Level::Error)]);
    let codes: Vec<(Code, Level)> = diags.iter().map(|d| (d.code, d.level)).collect();
    assert_eq!(codes, [(Code::DeprecatedName, Level::Warning)]);
    let loaded = load_str("findings.toml", &map, Format::Toml).into_map().unwrap();
    assert_eq!(loaded.checks.iter().map(|s| s.rule.as_str()).collect::<Vec<_>>(), ["conflicting-position"]);

    // Off under the former name.
    let map = format!("[checks]\nself-attack = \"allow\"\n\n{CONFLICT}");
    let (code, doc, _) = check_json(&[], &map);
    assert_eq!((code, rules_levels(&doc)), (0, vec![]));
}

#[test]
fn command_line_accepts_the_former_name_with_a_line_on_stderr() {
    let note = "warning: the rule `self-attack` is now called `conflicting-position`; the old name is deprecated\n";
    for (flag, want) in [("-D", Some("error")), ("-W", Some("warning")), ("-N", Some("note")), ("-A", None)] {
        let (code, doc, stderr) = check_json(&[flag, "self-attack"], CONFLICT);
        let want: Vec<(String, String)> =
            want.map(|l| ("conflicting-position".to_string(), l.to_string())).into_iter().collect();
        assert_eq!(rules_levels(&doc), want, "{flag}");
        assert_eq!(code, i32::from(flag == "-D"), "{flag}");
        assert_eq!(stderr, note, "{flag}");
    }
    // The flag wins over the map's `[checks]`, whichever name either uses.
    let map = format!("[checks]\nconflicting-position = \"allow\"\n\n{CONFLICT}");
    let (code, doc, _) = check_json(&["--deny", "self-attack"], &map);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("conflicting-position", "error")])));

    // The library: a level set under the former name counts; one under the new name wins.
    let (fs, _) = lib_check(CONFLICT, &levels(&[("self-attack", RuleLevel::Deny)]));
    assert_eq!(rule_levels(&fs), [("conflicting-position", Level::Error)]);
    let config = levels(&[("self-attack", RuleLevel::Deny), ("conflicting-position", RuleLevel::Note)]);
    let (fs, _) = lib_check(CONFLICT, &config);
    assert_eq!(rule_levels(&fs), [("conflicting-position", Level::Note)]);
    let (fs, _) = lib_check(CONFLICT, &levels(&[("self-attack", RuleLevel::Allow)]));
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn a_typo_of_the_former_name_suggests_the_new_one() {
    let out = run(&["check", "-D", "self-atack", "--input-format", "toml", "-"], CONFLICT);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown rule `self-atack`; did you mean `conflicting-position`?"), "{}", out.stderr);
    let out = run(&["explain", "self-atack"], "");
    assert!(out.stderr.contains("did you mean `conflicting-position`?"), "{}", out.stderr);
}

#[test]
fn acknowledgement_under_the_former_name_matches_and_is_not_stale() {
    let map = format!(
        "{CONFLICT}\n[[acknowledged]]\nrule = \"self-attack\"\nactor = \"author\"\nclaims = [\"deplore-aggression\", \"security-concerns-justify\"]\nreason = \"The author says so on purpose.\"\n"
    );
    let (code, doc, _) = check_json(&["-D", "warnings"], &map);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("conflicting-position", "error")])));
    assert_eq!(doc["findings"][0]["acknowledged"]["reason"], "The author says so on purpose.");
    assert_eq!(diagnostic_codes(&doc), ["deprecated-name"]);
    assert_eq!(doc["maps"][0]["diagnostics"][0]["line"], 12);

    let (fs, diags) = lib_check(&map, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("conflicting-position", Level::Warning)], "no stale-acknowledgement");
    assert_eq!(fs[0].ack_reason(), Some("The author says so on purpose."));
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::DeprecatedName]);
}

#[test]
fn explain_the_former_name_explains_the_new_rule() {
    let old = run(&["explain", "self-attack"], "");
    let new = run(&["explain", "conflicting-position"], "");
    assert_eq!((old.code, new.code), (0, 0));
    let head = "`self-attack` was renamed `conflicting-position`; the old name still works but is deprecated.\n\n";
    assert_eq!(old.stdout, format!("{head}{}", new.stdout));
    assert!(new.stdout.starts_with("conflicting-position (default level: warn)"), "{}", new.stdout);
}

// ---------------------------------------------------------------------------
// circular-support: grounds outside the circle

const CIRCLE: &str = r#"[claims.scripture-true]
text = "The scripture is true."
supports = ["author-truthful"]

[claims.author-truthful]
text = "The scripture's author tells the truth."
supports = ["scripture-true"]
"#;

/// Two cycles sharing `a`: one tangle of three claims.
const TANGLE: &str = r#"[claims.a]
text = "A."
supports = ["b", "c"]

[claims.b]
text = "B."
supports = ["a"]

[claims.c]
text = "C."
supports = ["a"]
"#;

/// `CIRCLE` with `line` added to the table of `scripture-true`.
fn circle_with(line: &str) -> String {
    CIRCLE.replacen("text = \"The scripture is true.\"\n", &format!("text = \"The scripture is true.\"\n{line}\n"), 1)
}

#[test]
fn a_circle_with_no_ground_is_a_warning_naming_who_lacks_grounds() {
    let (fs, _) = lib_check(CIRCLE, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("circular-support", Level::Warning)]);
    assert_eq!(
        fs[0].message,
        "`author-truthful` and `scripture-true` support each other in a circle, and neither has a ground outside it"
    );
    let three = r#"[claims.a]
text = "A."
supports = ["b"]

[claims.b]
text = "B."
supports = ["c"]

[claims.c]
text = "C."
supports = ["a"]
"#;
    let (fs, _) = lib_check(three, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("circular-support", Level::Warning)]);
    assert_eq!(
        fs[0].message,
        "`a`, `b` and `c` support each other in a circle, and none of them has a ground outside it"
    );
}

#[test]
fn each_kind_of_ground_makes_the_circle_a_note_that_names_it() {
    let supporter =
        format!("{CIRCLE}\n[claims.witness]\ntext = \"Witnesses confirm it.\"\nsupports = [\"author-truthful\"]\n");
    let implier = format!("{CIRCLE}\n[claims.proof]\ntext = \"A proof.\"\nimplies = [\"scripture-true\"]\n");
    let cases = [
        (circle_with("source = \"Survey, 1998\""), "`scripture-true` has a source", (1, 9)),
        (circle_with("quote = \"It is written.\""), "`scripture-true` has a quote", (1, 9)),
        (circle_with("kind = \"fact\""), "`scripture-true` is a fact", (1, 9)),
        (circle_with("kind = \"Fact\""), "`scripture-true` is a fact", (1, 9)),
        (supporter, "`witness` supports `author-truthful`", (11, 13)),
        (implier, "`proof` implies `scripture-true`", (11, 12)),
    ];
    let plain = lib_check(CIRCLE, &CheckConfig::default()).0[0].fingerprint.clone();
    for (map, ground, (line, column)) in cases {
        let (fs, _) = lib_check(&map, &CheckConfig::default());
        assert_eq!(rule_levels(&fs), [("circular-support", Level::Note)], "{ground}");
        let f = &fs[0];
        assert_eq!(
            f.message,
            format!(
                "`author-truthful` and `scripture-true` support each other in a circle, with grounds outside it ({ground}): mutual reinforcement"
            )
        );
        assert_eq!(f.claims, ["author-truthful", "scripture-true"]);
        assert_eq!(f.fingerprint, plain, "the grounds do not change the fingerprint");
        assert!(
            f.locations.iter().any(|l| (l.line, l.column, l.label.as_str()) == (line, column, ground)),
            "{ground}: {:?}",
            f.locations
        );
        // At most a note, whatever the rule's level.
        let (fs, _) =
            lib_check(&map, &CheckConfig { deny_warnings: true, ..levels(&[("circular-support", RuleLevel::Deny)]) });
        assert_eq!(rule_levels(&fs), [("circular-support", Level::Note)], "{ground}");
        let (code, doc, _) = check_json(&["-D", "circular-support"], &map);
        assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("circular-support", "note")])), "{ground}");
    }
}

#[test]
fn what_is_no_ground() {
    // An attack from outside, a relation's own source, a stance on a member,
    // and another kind than `fact`: none is a ground.
    let map = format!(
        "{}\n[claims.sceptic]\ntext = \"Nothing can be checked.\"\nattacks = [\"scripture-true\"]\n\n[actors.believer]\naffirms = [\"scripture-true\"]\n",
        circle_with("kind = \"principle\"")
    );
    let (fs, _) = lib_check(&map, &CheckConfig::default());
    // (The sceptic's attack also defeats the believer's claim: `defeated-claim`.)
    let circular: Vec<Finding> = fs.into_iter().filter(|f| f.rule == "circular-support").collect();
    assert_eq!(rule_levels(&circular), [("circular-support", Level::Warning)]);
    // A supporter inside a larger tangle is not outside it.
    let (fs, _) = lib_check(TANGLE, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("circular-support", Level::Warning)]);
    assert_eq!(fs[0].notes, ["3 claims in all are caught in cycles with these, and none has a ground outside them"]);
}

#[test]
fn a_ground_off_the_cycle_shown_but_in_its_tangle_counts_and_many_are_counted() {
    // `c` is caught with `a` and `b` but is not on the cycle shown; its source grounds them all.
    let map = TANGLE.replacen("text = \"C.\"\n", "text = \"C.\"\nsource = \"A survey\"\n", 1)
        + "\n[claims.x1]\ntext = \"X1.\"\nsupports = [\"a\"]\n"
        + "\n[claims.x2]\ntext = \"X2.\"\nsupports = [\"b\"]\n"
        + "\n[claims.x3]\ntext = \"X3.\"\nsupports = [\"b\"]\n";
    let (fs, _) = lib_check(&map, &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("circular-support", Level::Note)]);
    assert_eq!(
        fs[0].message,
        "`a` and `b` support each other in a circle, with grounds outside it (`x1` supports `a`; `x2` supports `b`; `x3` supports `b`; 1 more): mutual reinforcement"
    );
    assert_eq!(fs[0].notes, ["3 claims in all are caught in cycles with these"]);
}

#[test]
fn the_remedy_of_explain_clears_the_warning() {
    // The example `elenchus explain circular-support` shows, then its remedy:
    // give the claim that needs grounds a source.
    let out = run(&["explain", "circular-support"], "");
    let example = out.stdout.split_once("Example:\n").expect("an example").1.to_string();
    let (code, doc, _) = check_json(&["-D", "warnings"], &example);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("circular-support", "error")])));
    let first = "text = \"The scripture is true.\"\n";
    let remedied = example.replacen(first, &format!("{first}source = \"Archaeological survey, 1998\"\n"), 1);
    assert_ne!(remedied, example);
    let (code, doc, _) = check_json(&["-D", "warnings"], &remedied);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("circular-support", "note")])));
    // Or remove the step that closes the circle.
    let open = example.replacen("supports = [\"scripture-true\"]\n", "", 1);
    assert_ne!(open, example);
    let (code, doc, _) = check_json(&["-D", "warnings"], &open);
    assert_eq!((code, rules_levels(&doc)), (0, vec![]));
}

// ---------------------------------------------------------------------------
// docs/checks.md examples

/// Every ```toml block of docs/checks.md whose first line is
/// `# expect: RULE LEVEL` (LEVEL `acknowledged` for an acknowledged finding)
/// or `# expect: no RULE` is checked: through the
/// command line, the findings of RULE are exactly one at LEVEL (or none).
#[test]
fn docs_examples_give_the_findings_they_claim() {
    let docs = std::fs::read_to_string(Path::new(ROOT).join("docs/checks.md")).unwrap();
    let mut checked = 0;
    for block in docs.split("```toml\n").skip(1) {
        let map = &block[..block.find("```").expect("unclosed block")];
        let Some(expect) = map.lines().next().and_then(|l| l.strip_prefix("# expect: ")) else { continue };
        let words: Vec<&str> = expect.split_whitespace().collect();
        let (rule, want) = match words[..] {
            ["no", rule] => (rule, None),
            [rule, level] => (rule, Some(level)),
            _ => panic!("bad expectation `{expect}`"),
        };
        // An acknowledged finding is expected as `acknowledged`, not at its level.
        let (_, doc, _) = check_json(&[], map);
        let got: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| match f["acknowledged"].is_null() {
                true => f["level"].as_str().unwrap().to_string(),
                false => "acknowledged".to_string(),
            })
            .collect();
        let want: Vec<String> = want.map(str::to_string).into_iter().collect();
        assert_eq!(got, want, "docs/checks.md example `{expect}`:\n{map}");
        // The library agrees.
        let (fs, _) = lib_check(map, &CheckConfig::default());
        let got: Vec<String> = fs
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| if f.acknowledged.is_some() { "acknowledged".to_string() } else { f.level.to_string() })
            .collect();
        assert_eq!(got, want, "docs/checks.md example `{expect}` (library)");
        checked += 1;
    }
    assert!(checked >= 5, "docs/checks.md has {checked} examples marked `# expect:`");
}

// ---------------------------------------------------------------------------
// Basis of a stance: stated, reported, inferred

/// `council` affirms a claim that implies one it denies: a
/// `broken-entailment` error when stated. `BASIS` is replaced by the
/// affirming stance's `basis` line (or nothing).
const ENTAILMENT: &str = r#"[actors.council]
denies = ["treasurer-votes"]

[claims.all-members-vote]
text = "Every member of the council may vote."
implies = ["treasurer-votes"]

[claims.treasurer-votes]
text = "The treasurer may vote."

[[stances]]
actor = "council"
claim = "all-members-vote"
position = "affirms"
source = "the rules of procedure"
BASIS
"#;

fn with_basis(map: &str, basis: &str) -> String {
    map.replace("BASIS", &if basis.is_empty() { String::new() } else { format!("basis = \"{basis}\"") })
}

#[test]
fn an_inferred_stance_lowers_the_finding_one_level() {
    for (basis, level, want_basis) in [
        ("", "error", "stated"),
        ("stated", "error", "stated"),
        ("reported", "error", "reported"),
        ("inferred", "warning", "inferred"),
    ] {
        let map = with_basis(ENTAILMENT, basis);
        let (code, doc, stderr) = check_json(&[], &map);
        assert_eq!(stderr, "", "{basis}");
        assert_eq!(rules_levels(&doc), pairs(&[("broken-entailment", level)]), "{basis}");
        assert_eq!(code, if level == "error" { 1 } else { 0 }, "{basis}");
        let f = &doc["findings"][0];
        assert_eq!(f["basis"], want_basis, "{basis}");
        let msg = f["message"].as_str().unwrap();
        let suffix = "(rests on an inferred stance of council on `all-members-vote`)";
        assert_eq!(msg.ends_with(suffix), basis == "inferred", "{msg}");
        let notes: Vec<&str> = f["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        if basis == "inferred" {
            assert_eq!(
                notes,
                [
                    "reported at warning level, not error: it rests on an inferred stance of council on `all-members-vote`"
                ]
            );
        } else {
            assert!(notes.is_empty(), "{notes:?}");
        }
        // The library agrees.
        let (fs, _) = lib_check(&map, &CheckConfig::default());
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].level.to_string(), level);
        assert_eq!(fs[0].basis.as_str(), want_basis);
    }
}

#[test]
fn an_inferred_declined_stance_lowers_too_and_a_note_stays_a_note() {
    // The denial itself inferred: the finding rests on it as well.
    let map = with_basis(ENTAILMENT, "").replace(
        "[actors.council]\ndenies = [\"treasurer-votes\"]\n",
        "[actors.council]\n\n[[stances]]\nactor = \"council\"\nclaim = \"treasurer-votes\"\nposition = \"denies\"\nbasis = \"inferred\"\n",
    );
    let (code, doc, _) = check_json(&[], &map);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("broken-entailment", "warning")])));
    // A warning falls to a note; a note configured as such stays a note, with no note about it.
    let (_, doc, _) = check_json(&["-W", "broken-entailment"], &with_basis(ENTAILMENT, "inferred"));
    assert_eq!(rules_levels(&doc), pairs(&[("broken-entailment", "note")]));
    let (_, doc, _) = check_json(&["-N", "broken-entailment"], &with_basis(ENTAILMENT, "inferred"));
    assert_eq!(rules_levels(&doc), pairs(&[("broken-entailment", "note")]));
    assert_eq!(doc["findings"][0]["notes"], serde_json::json!([]));
    assert_eq!(doc["findings"][0]["basis"], "inferred");
    // `-D warnings` makes the lowered warning fail again.
    let (code, doc, _) = check_json(&["-D", "warnings"], &with_basis(ENTAILMENT, "inferred"));
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("broken-entailment", "error")])));
}

#[test]
fn an_inferred_answer_does_not_weaken_the_tension_it_answers() {
    // `cambodia` declines a claim it has a reason for, and gives a reason
    // against it that the analyst inferred: the addressed finding is a note
    // whatever the basis of the answer, and its basis is that of its own stances.
    let map = r#"[actors.cambodia]
affirms = ["no-invasions"]

[claims.no-invasions]
text = "No invasion should be supported."
supports = ["suspend"]

[claims.suspend]
text = "Suspend the invader."

[claims.not-a-solution]
text = "Excluding it is not a solution."
attacks = ["suspend"]

[[stances]]
actor = "cambodia"
claim = "suspend"
position = "abstains"
via = "vote"

[[stances]]
actor = "cambodia"
claim = "not-a-solution"
position = "affirms"
basis = "inferred"
"#;
    let (_, doc, _) = check_json(&[], map);
    assert_eq!(rules_levels(&doc), pairs(&[("unheeded-reason", "note")]));
    assert_eq!(doc["findings"][0]["basis"], "stated");
    assert_eq!(doc["findings"][0]["addressed_by"], serde_json::json!(["not-a-solution"]));
}

#[test]
fn among_equally_weak_stances_the_first_in_the_file_is_named() {
    // Two inferred stances under one clash: the finding names the first of
    // them in the file, whatever the claims are called (renaming ids must
    // not change which stance a finding rests on).
    let map = |first: &str, second: &str| {
        format!(
            "[claims.{first}]\ntext = \"A\"\nattacks = [\"{second}\"]\n\n[claims.{second}]\ntext = \"B\"\nattacks = [\"{first}\"]\n\n\
             [actors.p]\n\n[[stances]]\nactor = \"p\"\nclaim = \"{second}\"\nposition = \"affirms\"\nbasis = \"inferred\"\n\n\
             [[stances]]\nactor = \"p\"\nclaim = \"{first}\"\nposition = \"affirms\"\nbasis = \"inferred\"\n"
        )
    };
    for (first, second) in [("aa", "zz"), ("zz", "aa")] {
        let text = map(first, second);
        let (_, doc, _) = check_json(&[], &text);
        assert_eq!(rules_levels(&doc), pairs(&[("conflicting-position", "note")]));
        let msg = doc["findings"][0]["message"].as_str().unwrap();
        assert!(msg.ends_with(&format!("(rests on an inferred stance of p on `{second}`)")), "{msg}");
        let (fs, _) = lib_check(&text, &CheckConfig::default());
        assert_eq!(fs[0].message, msg);
    }
}

#[test]
fn an_unknown_basis_is_an_invalid_value_with_its_place() {
    let map = with_basis(ENTAILMENT, "guessed");
    let (code, doc, _) = check_json(&[], &map);
    assert_eq!(code, 2);
    assert_eq!(diagnostic_codes(&doc), ["invalid-value"]);
    let d = &doc["maps"][0]["diagnostics"][0];
    let line = map.lines().position(|l| l.starts_with("basis")).unwrap() + 1;
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(9)), "{d:#}");
    assert!(d["message"].as_str().unwrap().contains("unknown basis `guessed`"), "{d:#}");
    let (_, diags) = {
        let loaded = load_str("findings.toml", &map, Format::Toml);
        (loaded.map.is_some(), loaded.diagnostics)
    };
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::InvalidValue]);
}

#[test]
fn the_builder_records_a_basis() {
    use elenchus::builder::StanceOpts;
    use elenchus::model::{Basis, Position, RelationKind};
    let mut b = elenchus::MapBuilder::new("basis");
    b.claim("a", "A.").claim("b", "B.").relate("a", RelationKind::Implies, "b").actor("x", "X");
    b.stance_with("x", "a", Position::Affirms, StanceOpts { basis: Some(Basis::Inferred), ..Default::default() });
    b.stance("x", "b", Position::Denies);
    let map = b.build().into_map().expect("a valid map");
    assert_eq!(map.stances[0].basis, Basis::Inferred);
    assert_eq!(map.stances[1].basis, Basis::Stated);
    let fs = check(&ClaimGraph::build(&map), &CheckConfig::default());
    assert_eq!(rule_levels(&fs), [("broken-entailment", Level::Warning)]);
}
