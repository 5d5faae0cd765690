//! `elenchus check`, `rules` and `explain` through the binary: human output
//! (snapshots), the JSON document, SARIF (validated against the official
//! schema), GitHub annotations, exit codes, configuration on the command line,
//! acknowledgements and determinism. Rule semantics are tested through the
//! library in `tests/suite/rules.rs`; this file tests what users and CI see.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{percent_decode, sarif_validator};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every rule with its default level, as the issue names them.
const RULES: [(&str, &str); 16] = [
    ("relation-conflict", "deny"),
    ("self-defeating-claim", "deny"),
    ("circular-support", "warn"),
    ("contradiction", "deny"),
    ("broken-entailment", "deny"),
    ("unheeded-reason", "warn"),
    ("conflicting-position", "warn"),
    ("defeated-claim", "warn"),
    ("indefensible-position", "warn"),
    ("undefended-position", "note"),
    ("stance-shift", "note"),
    ("off-scale", "note"),
    ("vote-correction", "note"),
    ("orphan-claim", "note"),
    ("unsourced-stance", "allow"),
    ("stale-acknowledgement", "warn"),
];

/// The fields of a finding in the JSON document (docs/checks.md).
const FINDING_FIELDS: [&str; 14] = [
    "rule",
    "level",
    "actor",
    "basis",
    "claims",
    "relations",
    "addressed_by",
    "acknowledged",
    "message",
    "chain",
    "locations",
    "notes",
    "fingerprint",
    "file",
];

/// The valid fixtures (every one checks without input errors).
const VALID: [&str; 9] = [
    "tests/data/example.toml",
    "tests/data/check/levels.toml",
    "tests/data/check/acknowledged.toml",
    "tests/data/check/stale.toml",
    "tests/data/check/warnings.toml",
    "tests/data/check/checks.toml",
    "tests/data/check/addressed.toml",
    "tests/data/check/shift.toml",
    "maps",
];

// ---------------------------------------------------------------------------
// Helpers

use common::{Out, run_in};

/// Run the binary in the crate's root, so that file names in the output are
/// the relative paths given.
fn run(args: &[&str]) -> Out {
    run_in(Path::new(ROOT), args, None)
}

/// Run `check --format json ARGS...` and parse the document.
fn check_json_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all, None);
    let doc: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("`check --format json` printed no JSON ({e}): {out:?}"));
    (out.code, doc)
}

fn check_json(args: &[&str]) -> (i32, Value) {
    check_json_in(Path::new(ROOT), args)
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("`findings` is an array")
}

/// `(rule, level)` of every finding, in order.
fn rules_levels(doc: &Value) -> Vec<(String, String)> {
    findings(doc)
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["level"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().map(String::as_str).collect()
}

fn set<'a>(v: &[&'a str]) -> BTreeSet<&'a str> {
    v.iter().copied().collect()
}

/// The fingerprint as docs/checks.md defines it: 64-bit FNV-1a over the
/// rule, the actor (empty when none) and each claim, each followed by 0xff.
fn fnv_fingerprint(rule: &str, actor: Option<&str>, claims: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [rule, actor.unwrap_or("")].into_iter().chain(claims.iter().copied());
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn str_list(v: &Value) -> Vec<&str> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}")).iter().map(|s| s.as_str().unwrap()).collect()
}

// ---------------------------------------------------------------------------
// Human output

/// Run `check --color never PATH...`, check the exit code and return stdout.
fn human(args: &[&str], code: i32) -> String {
    let mut all = vec!["check", "--color", "never"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, code, "exit code of {all:?}: {out:?}");
    assert!(!out.stdout.contains('\x1b'), "`--color never` printed ANSI escapes");
    out.stdout
}

#[test]
fn human_issue_example() {
    insta::assert_snapshot!("human_example", human(&["tests/data/example.toml"], 0));
}

#[test]
fn human_one_finding_of_each_level() {
    insta::assert_snapshot!("human_levels", human(&["tests/data/check/levels.toml"], 1));
}

#[test]
fn human_acknowledged_finding() {
    insta::assert_snapshot!("human_acknowledged", human(&["tests/data/check/acknowledged.toml"], 0));
}

#[test]
fn human_stale_acknowledgement() {
    insta::assert_snapshot!("human_stale", human(&["tests/data/check/stale.toml"], 0));
}

#[test]
fn human_invalid_map() {
    insta::assert_snapshot!("human_invalid", human(&["tests/data/check/invalid.toml"], 2));
}

#[test]
fn human_addressed_finding_names_the_reason() {
    insta::assert_snapshot!("human_addressed", human(&["tests/data/check/addressed.toml"], 0));
}

#[test]
fn human_deny_warnings_shows_warnings_as_errors() {
    let out = human(&["--deny", "warnings", "tests/data/check/warnings.toml"], 1);
    assert!(out.contains("error[conflicting-position]"), "{out}");
    assert!(!out.contains("warning["), "{out}");
    assert!(out.contains("note[orphan-claim]"), "notes stay notes: {out}");
    insta::assert_snapshot!("human_deny_warnings", out);
}

#[test]
fn human_summary_counts_maps() {
    let out = human(&["tests/data/check/levels.toml", "tests/data/example.toml"], 1);
    assert!(out.ends_with("1 error, 2 warnings, 1 note in 2 maps\n"), "{out}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let path = "tests/data/check/levels.toml";
    let always = run(&["check", "--color", "always", path]);
    assert!(always.stdout.contains("\x1b["), "`--color always` printed no colour");
    // Standard output is a pipe here: `auto` does not colour it.
    let auto = run(&["check", path]);
    assert!(!auto.stdout.contains('\x1b'), "colour on a pipe");
    let no_color = Command::new(env!("CARGO_BIN_EXE_elenchus"))
        .args(["check", "--color", "auto", path])
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!no_color.stdout.contains(&0x1b), "colour with NO_COLOR");
    // Colour never leaks into machine formats.
    for format in ["json", "sarif", "github"] {
        let out = run(&["check", "--color", "always", "--format", format, path]);
        assert!(!out.stdout.contains('\x1b'), "colour in --format {format}");
    }
}

// ---------------------------------------------------------------------------
// JSON

#[test]
fn json_document_shape_and_every_finding_field() {
    let (code, doc) = check_json(&["tests/data/example.toml"]);
    assert_eq!(code, 0);
    assert_eq!(keys(&doc), set(&["version", "maps", "baseline", "findings", "summary"]));
    assert_eq!(doc["version"], 2);
    assert!(doc["baseline"].is_null(), "no baseline was read");

    let maps = doc["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 1);
    assert_eq!(
        maps[0],
        json!({
            "file": "tests/data/example.toml",
            "title": "Cambodia and the Ukraine votes",
            "valid": true,
            "counts": { "claims": 3, "relations": 2, "actors": 1, "stances": 2 },
            "diagnostics": [],
        })
    );

    assert_eq!(
        doc["summary"],
        json!({
            "maps": 1, "invalid_maps": 0, "errors": 0, "warnings": 1, "notes": 0,
            "acknowledged": 0, "acknowledged_by_wildcard": 0, "failing": 0,
        })
    );

    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{doc:#}");
    let file = "tests/data/example.toml";
    assert_eq!(
        f[0],
        json!({
            "rule": "unheeded-reason",
            "level": "warning",
            "actor": "cambodia",
            "basis": "stated",
            "claims": ["opposes-invasions", "suspend-russia-hrc"],
            "relations": ["r1"],
            "addressed_by": [],
            "acknowledged": null,
            "message": "cambodia abstains on `suspend-russia-hrc`, though it affirms `opposes-invasions`, which supports it",
            "chain": "cambodia affirms opposes-invasions --supports--> suspend-russia-hrc, yet abstains (2022-04-07, vote on A/RES/ES-11/3)",
            "locations": [
                { "file": file, "line": 41, "column": 12, "label": "cambodia abstains on `suspend-russia-hrc` here" },
                { "file": file, "line": 34, "column": 6, "label": "`opposes-invasions` supports `suspend-russia-hrc`" },
                { "file": file, "line": 8, "column": 12, "label": "cambodia affirms `opposes-invasions`" },
            ],
            "notes": [],
            "fingerprint": fnv_fingerprint("unheeded-reason", Some("cambodia"), &["opposes-invasions", "suspend-russia-hrc"]),
            "file": file,
        })
    );
    // Pinned: the fingerprint must not change between versions either.
    assert_eq!(f[0]["fingerprint"], "20501188f19fcef8");
}

#[test]
fn json_fields_of_every_finding_have_their_types() {
    let known: BTreeSet<&str> = RULES.iter().map(|(r, _)| *r).collect();
    let (_, doc) = check_json(&VALID);
    let all = findings(&doc);
    assert!(all.len() >= 20, "expected many findings over the fixtures and maps, got {}", all.len());
    let map_files: BTreeSet<&str> =
        doc["maps"].as_array().unwrap().iter().map(|m| m["file"].as_str().unwrap()).collect();
    let mut seen_rules = BTreeSet::new();
    for f in all {
        assert_eq!(keys(f), set(&FINDING_FIELDS), "{f:#}");
        let rule = f["rule"].as_str().unwrap();
        assert!(known.contains(rule), "unknown rule {rule}");
        seen_rules.insert(rule);
        assert!(["error", "warning", "note"].contains(&f["level"].as_str().unwrap()), "{f:#}");
        assert!(f["actor"].is_null() || f["actor"].is_string(), "{f:#}");
        str_list(&f["claims"]);
        str_list(&f["relations"]);
        str_list(&f["addressed_by"]);
        str_list(&f["notes"]);
        let a = &f["acknowledged"];
        if !a.is_null() {
            assert_eq!(keys(a), set(&["reason", "kind", "file", "line", "wildcard"]), "{f:#}");
            assert!(
                a["reason"].is_string() && a["file"].is_string() && a["line"].is_u64() && a["wildcard"].is_boolean()
            );
            assert!(a["kind"] == "inSource" || a["kind"] == "external", "{f:#}");
        }
        assert!(!f["message"].as_str().unwrap().is_empty(), "{f:#}");
        assert!(!f["message"].as_str().unwrap().contains('\n'), "a message is one sentence: {f:#}");
        assert!(!f["chain"].as_str().unwrap().is_empty(), "{f:#}");
        let file = f["file"].as_str().unwrap();
        assert!(map_files.contains(file), "{file} is not one of the maps");
        let locations = f["locations"].as_array().unwrap();
        assert!(!locations.is_empty(), "a finding without a location: {f:#}");
        for l in locations {
            assert_eq!(keys(l), set(&["file", "line", "column", "label"]), "{l}");
            assert_eq!(l["file"], file);
            assert!(l["line"].as_u64().unwrap() >= 1 && l["column"].as_u64().unwrap() >= 1, "{l}");
            assert!(!l["label"].as_str().unwrap().is_empty(), "{l}");
        }
        let fp = f["fingerprint"].as_str().unwrap();
        assert!(fp.len() == 16 && fp.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{fp}");
        if !matches!(
            rule,
            "stale-acknowledgement"
                | "relation-conflict"
                | "unsourced-stance"
                | "vote-correction"
                | "conflicting-position"
                | "contradiction"
        ) {
            // Stale acknowledgements hash the entry's actor and claims; relation-conflict,
            // unsourced-stance, vote-correction, conflicting-position and contradiction add a
            // discriminant (the pair of types; the position and date; the position and date; the
            // clash; the pair or the two positions).
            let claims = str_list(&f["claims"]);
            assert_eq!(fp, fnv_fingerprint(rule, f["actor"].as_str(), &claims), "{f:#}");
        }
        // Addressed findings are notes; per-actor rules name the actor.
        if !f["addressed_by"].as_array().unwrap().is_empty() {
            assert_eq!(f["level"], "note", "{f:#}");
        }
        let per_actor =
            ["contradiction", "broken-entailment", "unheeded-reason", "conflicting-position", "stance-shift"];
        if per_actor.contains(&rule) {
            assert!(f["actor"].is_string(), "{f:#}");
        }
    }
    assert!(seen_rules.len() >= 8, "the fixtures exercise most rules: {seen_rules:?}");

    // The summary agrees with the findings.
    let count = |pred: &dyn Fn(&Value) -> bool| all.iter().filter(|f| pred(f)).count();
    let s = &doc["summary"];
    assert_eq!(s["maps"], doc["maps"].as_array().unwrap().len());
    assert_eq!(s["invalid_maps"], 0);
    // Acknowledged findings are counted apart from the levels.
    let open = |f: &Value| f["acknowledged"].is_null();
    assert_eq!(s["errors"], count(&|f| f["level"] == "error" && open(f)));
    assert_eq!(s["warnings"], count(&|f| f["level"] == "warning" && open(f)));
    assert_eq!(s["notes"], count(&|f| f["level"] == "note" && open(f)));
    assert_eq!(s["acknowledged"], count(&|f| !open(f)));
    assert_eq!(s["acknowledged_by_wildcard"], count(&|f| f["acknowledged"]["wildcard"] == true));
    assert_eq!(s["failing"], count(&|f| f["level"] == "error" && f["acknowledged"].is_null()));
}

#[test]
fn json_addressed_finding() {
    let (code, doc) = check_json(&["tests/data/check/addressed.toml"]);
    assert_eq!(code, 0);
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "exactly one finding: {doc:#}");
    let f = &f[0];
    assert_eq!(f["rule"], "unheeded-reason");
    assert_eq!(f["level"], "note");
    assert_eq!(f["actor"], "cambodia");
    assert_eq!(f["claims"], json!(["opposes-invasions", "suspend-russia-hrc"]));
    assert_eq!(f["addressed_by"], json!(["excluding-not-solution"]));
    assert_eq!(
        f["relations"],
        json!([
            "opposes-invasions --supports--> suspend-russia-hrc",
            "excluding-not-solution --attacks--> suspend-russia-hrc"
        ])
    );
    assert!(f["message"].as_str().unwrap().ends_with("it gives `excluding-not-solution` as its reason"), "{f:#}");
    assert!(
        f["chain"]
            .as_str()
            .unwrap()
            .ends_with("; reason given: cambodia affirms excluding-not-solution --attacks--> suspend-russia-hrc"),
        "{f:#}"
    );
    let labels: Vec<&str> = f["locations"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"reason given: `excluding-not-solution` attacks `suspend-russia-hrc`"), "{labels:?}");
    // Addressing does not change the finding's identity.
    assert_eq!(f["fingerprint"], "20501188f19fcef8");
}

#[test]
fn json_acknowledged_and_stale() {
    let (code, doc) = check_json(&["tests/data/check/acknowledged.toml", "tests/data/check/stale.toml"]);
    assert_eq!(code, 0);
    let f = findings(&doc);
    assert_eq!(rules_levels(&doc), pairs(&[("broken-entailment", "error"), ("stale-acknowledgement", "warning")]));
    assert_eq!(
        f[0]["acknowledged"],
        json!({
            "reason": "The council's rules of procedure bar the treasurer; the map leaves that out on purpose.",
            "kind": "inSource",
            "file": "tests/data/check/acknowledged.toml",
            "line": 16,
            "wildcard": false,
        })
    );
    assert_eq!(f[0]["file"], "tests/data/check/acknowledged.toml");
    assert!(f[1]["acknowledged"].is_null());
    assert_eq!(f[1]["file"], "tests/data/check/stale.toml");
    assert_eq!(
        f[1]["message"],
        "this acknowledgement matches no finding (rule `broken-entailment`, actor `council`, claims `treasurer-votes`)"
    );
    assert_eq!(f[1]["locations"][0]["line"], 15);
    assert_eq!(f[1]["fingerprint"], fnv_fingerprint("stale-acknowledgement", Some("council"), &["treasurer-votes"]));
    assert_eq!(
        doc["summary"],
        json!({ "maps": 2, "invalid_maps": 0, "errors": 0, "warnings": 1, "notes": 0, "acknowledged": 1,
                "acknowledged_by_wildcard": 0, "failing": 0 })
    );
}

#[test]
fn json_invalid_map() {
    let (code, doc) = check_json(&["tests/data/check/invalid.toml"]);
    assert_eq!(code, 2);
    assert_eq!(findings(&doc).len(), 0);
    assert_eq!(
        doc["maps"],
        json!([{
            "file": "tests/data/check/invalid.toml",
            "title": null,
            "valid": false,
            "counts": null,
            "diagnostics": [
                { "code": "unknown-reference", "level": "error", "message": "unknown claim `no-such-claim`",
                  "line": 4, "column": 13, "help": null },
                { "code": "unknown-key", "level": "error", "message": "unknown key `colour` in claim `a`",
                  "line": 5, "column": 1,
                  "help": "the keys of claim `a` are: text, kind, tags, source, quote, url, note, supports, attacks, contradicts, implies, undercuts, absent" },
            ],
        }])
    );
    assert_eq!(doc["summary"]["invalid_maps"], 1);
}

#[test]
fn json_stance_shift_names_positions_and_dates() {
    let (code, doc) = check_json(&["tests/data/check/shift.toml"]);
    assert_eq!(code, 0);
    let f = findings(&doc);
    assert_eq!(rules_levels(&doc), pairs(&[("stance-shift", "note")]));
    assert_eq!(
        f[0]["chain"],
        "state resolution: affirms (2022-03-02, UN General Assembly, A/ES-11/PV.5) -> abstains (2023-02-23, UN General Assembly, A/ES-11/PV.19)"
    );
    assert_eq!(
        f[0]["message"],
        "state's stance on `resolution` changed: it affirms on 2022-03-02 and abstains on 2023-02-23"
    );
}

#[test]
fn fingerprints_stable_when_an_unrelated_claim_is_inserted_above() {
    let original = std::fs::read_to_string(Path::new(ROOT).join("tests/data/check/levels.toml")).unwrap();
    let marker = "[actors.council]";
    assert!(original.contains(marker));
    let inserted = "[claims.unrelated]\ntext = \"An unrelated claim.\"\nsupports = [\"also-unrelated\"]\n\n\
                    [claims.also-unrelated]\ntext = \"Another.\"\n\n";
    let edited = original.replacen(marker, &format!("{inserted}{marker}"), 1);
    let shift = inserted.matches('\n').count() as u64;

    let dir = common::scratch("check_cli", "fingerprints");
    std::fs::create_dir_all(dir.join("before")).unwrap();
    std::fs::create_dir_all(dir.join("after")).unwrap();
    std::fs::write(dir.join("before/map.toml"), &original).unwrap();
    std::fs::write(dir.join("after/map.toml"), &edited).unwrap();
    let (_, before) = check_json_in(&dir, &["before/map.toml"]);
    let (_, after) = check_json_in(&dir, &["after/map.toml"]);
    let (b, a) = (findings(&before), findings(&after));
    assert_eq!(b.len(), 3);
    assert_eq!(a.len(), b.len(), "the inserted claims add no finding: {after:#}");
    for (fb, fa) in b.iter().zip(a) {
        assert_eq!(fb["rule"], fa["rule"]);
        assert_eq!(fb["fingerprint"], fa["fingerprint"], "fingerprint changed by an edit elsewhere");
        // The edit did move the finding: the test is not vacuous.
        let (lb, la) = (fb["locations"][0]["line"].as_u64().unwrap(), fa["locations"][0]["line"].as_u64().unwrap());
        assert_eq!(la, lb + shift, "{fb:#} vs {fa:#}");
    }
    // Distinct findings have distinct fingerprints.
    let fps: BTreeSet<&str> = b.iter().map(|f| f["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fps.len(), b.len());
}

#[test]
fn json_from_standard_input() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/data/example.toml")).unwrap();
    let out = run_in(Path::new(ROOT), &["check", "--format", "json", "--input-format", "toml", "-"], Some(&text));
    assert_eq!(out.code, 0, "{out:?}");
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["maps"][0]["file"], "<stdin>");
    assert_eq!(rules_levels(&doc), pairs(&[("unheeded-reason", "warning")]));
    assert_eq!(findings(&doc)[0]["fingerprint"], "20501188f19fcef8");
}

// ---------------------------------------------------------------------------
// SARIF

fn sarif_errors(v: &common::schema::Validator, log: &Value) -> Vec<String> {
    v.iter_errors(log).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn sarif_of(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all, None);
    let log = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no SARIF ({e}): {out:?}"));
    (out.code, log)
}

#[test]
fn sarif_validates_against_the_schema() {
    let v = sarif_validator();
    let mut inputs: Vec<Vec<&str>> = VALID.iter().map(|p| vec![*p]).collect();
    inputs.push(vec!["tests/data/check/invalid.toml"]);
    inputs.push(VALID.to_vec());
    inputs.push(vec!["--deny", "warnings", "-W", "unsourced-stance", "maps", "tests/data/check/invalid.toml"]);
    for args in inputs {
        let (_, log) = sarif_of(Path::new(ROOT), &args);
        let errors = sarif_errors(v, &log);
        assert!(errors.is_empty(), "SARIF of {args:?} is invalid:\n{}", errors.join("\n"));
    }
}

#[test]
fn sarif_schema_check_is_not_vacuous() {
    let v = sarif_validator();
    let (_, good) = sarif_of(Path::new(ROOT), &["tests/data/check/acknowledged.toml"]);
    assert!(v.is_valid(&good));

    let mut bad_version = good.clone();
    bad_version["version"] = json!("9");
    assert!(!v.is_valid(&bad_version), "a SARIF log with version 9 passed validation");

    let mut no_runs = good.clone();
    no_runs.as_object_mut().unwrap().remove("runs");
    assert!(!v.is_valid(&no_runs), "a SARIF log without runs passed validation");

    // Deep in the document, through several `$ref`s.
    let mut bad_level = good.clone();
    bad_level["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!v.is_valid(&bad_level), "a result with level `fatal` passed validation");

    let mut bad_line = good.clone();
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = json!(0);
    assert!(!v.is_valid(&bad_line), "a region with startLine 0 passed validation");

    let mut bad_suppression = good;
    bad_suppression["runs"][0]["results"][0]["suppressions"][0]["kind"] = json!("ignored");
    assert!(!v.is_valid(&bad_suppression), "a suppression of kind `ignored` passed validation");

    assert!(!v.is_valid(&json!({})));
}

#[test]
fn sarif_rules_entries() {
    let (_, log) = sarif_of(Path::new(ROOT), &["tests/data/example.toml"]);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "elenchus");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let listed: Value = serde_json::from_str(&run_rules_json()).unwrap();
    for (i, (name, default)) in RULES.iter().enumerate() {
        let r = &rules[i];
        assert_eq!(r["id"], *name);
        let summary = listed.as_array().unwrap().iter().find(|x| x["name"] == *name).unwrap()["summary"].clone();
        assert_eq!(r["shortDescription"]["text"], summary);
        let full = r["fullDescription"]["text"].as_str().unwrap();
        assert!(full.len() > 100, "{name}: full description too short: {full}");
        assert!(!full.contains("Example:"), "{name}: the full description carries the example");
        assert!(full.contains("How to address it"), "{name}: {full}");
        let help = r["help"]["text"].as_str().unwrap();
        assert!(help.contains(&format!("elenchus explain {name}")), "{name}: {help}");
        let level = match *default {
            "deny" => "error",
            "warn" => "warning",
            "note" => "note",
            _ => "none",
        };
        assert_eq!(r["defaultConfiguration"]["level"], level, "{name}");
        assert_eq!(r["defaultConfiguration"]["enabled"], *default != "allow", "{name}");
    }
    // The file problems (input errors) have rules entries too, and ids are unique.
    let ids: BTreeSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rules.len(), "duplicate rule ids");
    assert!(ids.contains("unknown-reference") && ids.contains("syntax"), "{ids:?}");
}

/// Each rule's `name` is its id in PascalCase (the SARIF convention: an id
/// is stable and opaque, a name readable), or for a one-word id a name of its
/// own, distinct from the id even ignoring case and from every other name; `helpUri` leads to the rule's section of docs/checks.md
/// (a heading that exists there) or, for a problem in the file, to the table
/// of diagnostics in docs/format.md; the driver's `informationUri` is the
/// project's repository.
#[test]
fn sarif_rule_names_and_help_uris() {
    let (_, log) = sarif_of(Path::new(ROOT), &["tests/data/example.toml"]);
    let driver = &log["runs"][0]["tool"]["driver"];
    let repo = env!("CARGO_PKG_REPOSITORY");
    assert!(repo.starts_with("https://"), "Cargo.toml has no repository: {repo:?}");
    assert_eq!(driver["informationUri"], repo);
    let checks = std::fs::read_to_string(Path::new(ROOT).join("docs/checks.md")).unwrap();
    let format = std::fs::read_to_string(Path::new(ROOT).join("docs/format.md")).unwrap();
    let rules = driver["rules"].as_array().unwrap();
    let mut names = BTreeSet::new();
    for r in rules {
        let (id, name) = (r["id"].as_str().unwrap(), r["name"].as_str().unwrap());
        // PascalCase of the kebab-case id, written independently: drop the dashes,
        // upper-case the first letter of each word.
        let mut expected = String::new();
        let mut up = true;
        for c in id.chars() {
            if c == '-' {
                up = true;
            } else {
                expected.push(if up { c.to_ascii_uppercase() } else { c });
                up = false;
            }
        }
        // A one-word id has a name of its own (a name differing from the id in
        // case only is invalid SARIF: SARIF1001).
        let own = [
            ("contradiction", "ContradictoryPositions"),
            ("io", "UnreadableInput"),
            ("encoding", "InvalidEncoding"),
            ("syntax", "SyntaxError"),
        ];
        match own.iter().find(|(i, _)| *i == id) {
            Some((_, n)) => assert_eq!(name, *n),
            None => assert_eq!(name, expected, "{id}"),
        }
        assert!(!name.eq_ignore_ascii_case(id), "{id}: the name differs from the id in case only");
        assert!(names.insert(name.to_string()), "two rules named {name}");
        let help = r["helpUri"].as_str().unwrap();
        let (page, anchor) = help.strip_prefix(&format!("{repo}/blob/main/")).unwrap().split_once('#').unwrap();
        if RULES.iter().any(|(rule, _)| *rule == id) {
            assert_eq!((page, anchor), ("docs/checks.md", id));
            assert!(checks.contains(&format!("\n### `{id}`\n")), "docs/checks.md has no section for {id}");
        } else {
            assert_eq!((page, anchor), ("docs/format.md", "diagnostics"));
            assert!(format.contains("\n## Diagnostics\n"));
            assert!(format.contains(&format!("| `{id}` |")), "docs/format.md's table lacks {id}");
        }
    }
    assert_eq!(elenchus::report::sarif::rule_name("unheeded-reason"), "UnheededReason");
}

/// A relative file name is a URI relative to `%SRCROOT%`, which
/// `originalUriBaseIds` gives as the `file://` URI of the directory the
/// check ran in; an absolute name is a `file://` URI of its own,
/// percent-encoded; standard input has no base.
#[test]
fn sarif_artifact_uris() {
    let dir = common::scratch("check_cli", "uris");
    let name = "a map ü#1.toml";
    std::fs::write(dir.join(name), "[claims.a]\ntext = \"A.\"\n[claims.b]\ntext = \"B.\"\n").unwrap();
    let absolute = dir.join("other map%.toml");
    std::fs::copy(dir.join(name), &absolute).unwrap();
    let (code, log) = sarif_of(&dir, &[name, absolute.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(sarif_errors(sarif_validator(), &log), Vec::<String>::new());
    let run = &log["runs"][0];
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    let canonical = dir.canonicalize().unwrap();
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
    assert_eq!(Path::new(&percent_decode(&root["file://".len()..])).canonicalize().unwrap(), canonical);
    let locations: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .collect();
    assert_eq!(locations.len(), 4, "{locations:#?}");
    assert_eq!(*locations[0], json!({ "uri": "a%20map%20%C3%BC%231.toml", "uriBaseId": "%SRCROOT%" }));
    let abs = locations[2]["uri"].as_str().unwrap();
    assert!(locations[2].get("uriBaseId").is_none());
    assert_eq!(abs, format!("file://{}", elenchus::report::sarif::file_uri(absolute.to_str().unwrap())));
    assert_eq!(Path::new(&percent_decode(&abs["file://".len()..])), absolute);
    // Standard input is not a file under the root.
    let text = "[claims.a]\ntext = \"A.\"\n";
    let out = run_in(&dir, &["check", "--format", "sarif", "--input-format", "toml", "-"], Some(text));
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
        json!({ "uri": "%3Cstdin%3E" })
    );
    assert_eq!(sarif_errors(sarif_validator(), &log), Vec::<String>::new());
}

fn run_rules_json() -> String {
    let out = run(&["rules", "--json"]);
    assert_eq!(out.code, 0);
    out.stdout
}

#[test]
fn sarif_results_match_the_json_findings() {
    let args =
        ["tests/data/check/levels.toml", "tests/data/check/acknowledged.toml", "tests/data/check/addressed.toml"];
    let (sarif_code, log) = sarif_of(Path::new(ROOT), &args);
    let (json_code, doc) = check_json(&args);
    assert_eq!(sarif_code, json_code, "the format does not change the exit code");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let f = findings(&doc);
    assert_eq!(results.len(), f.len());
    for (r, f) in results.iter().zip(f) {
        assert_eq!(r["ruleId"], f["rule"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], f["rule"], "ruleIndex points at the rule");
        // An acknowledged finding is a note, suppressed: gates on levels and
        // on suppressions agree with the exit code.
        match f["acknowledged"].is_null() {
            true => assert_eq!(r["level"], f["level"]),
            false => {
                assert_eq!(r["level"], "note");
                assert_eq!(r["properties"]["unacknowledgedLevel"], f["level"]);
            }
        }
        assert_eq!(r["partialFingerprints"]["elenchus/v1"], f["fingerprint"]);
        let text = r["message"]["text"].as_str().unwrap();
        assert_eq!(text, format!("{}\nchain: {}", f["message"].as_str().unwrap(), f["chain"].as_str().unwrap()));
        // Primary location, then the others as related locations, with regions.
        let locations = f["locations"].as_array().unwrap();
        let mut sarif_locs = vec![&r["locations"][0]];
        sarif_locs.extend(r["relatedLocations"].as_array().map(|v| v.iter().collect::<Vec<_>>()).unwrap_or_default());
        assert_eq!(r["locations"].as_array().unwrap().len(), 1);
        assert_eq!(sarif_locs.len(), locations.len());
        for (s, l) in sarif_locs.iter().zip(locations) {
            let p = &s["physicalLocation"];
            assert_eq!(p["artifactLocation"], json!({ "uri": l["file"], "uriBaseId": "%SRCROOT%" }));
            let region = &p["region"];
            assert_eq!(region["startLine"], l["line"]);
            assert_eq!(region["startColumn"], l["column"]);
            let (sl, el) = (region["startLine"].as_u64().unwrap(), region["endLine"].as_u64().unwrap());
            assert!(el > sl || region["endColumn"].as_u64().unwrap() > region["startColumn"].as_u64().unwrap());
            assert_eq!(s["message"]["text"], l["label"]);
        }
        let props = &r["properties"];
        assert_eq!(props["actor"], f["actor"]);
        assert_eq!(props["basis"], f["basis"]);
        assert_eq!(props["claims"], f["claims"]);
        assert_eq!(props["relations"], f["relations"]);
        assert_eq!(props["addressedBy"], f["addressed_by"]);
        let a = &f["acknowledged"];
        match a["reason"].as_str() {
            Some(reason) => assert_eq!(
                r["suppressions"],
                json!([{ "kind": "inSource", "status": "accepted", "justification": reason,
                         "location": { "physicalLocation": { "artifactLocation": { "uri": a["file"], "uriBaseId": "%SRCROOT%" },
                                                             "region": { "startLine": a["line"] } } } }])
            ),
            None => assert!(r.get("suppressions").is_none(), "{r:#}"),
        }
    }
    // One of them is acknowledged, and so suppressed.
    assert!(results.iter().any(|r| r.get("suppressions").is_some()));
}

#[test]
fn sarif_invalid_map_results() {
    let (code, log) = sarif_of(Path::new(ROOT), &["tests/data/check/invalid.toml"]);
    assert_eq!(code, 2);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let got: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap();
            (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap(), line)
        })
        .collect();
    assert_eq!(got, vec![("unknown-reference", "error", 4), ("unknown-key", "error", 5)]);
}

// ---------------------------------------------------------------------------
// GitHub annotations

/// One parsed workflow command: `::command k=v,k=v::message`, unescaped.
#[derive(Debug)]
struct Annotation {
    command: String,
    /// Raw (escaped) properties, in order.
    raw_props: Vec<(String, String)>,
    raw_message: String,
}

impl Annotation {
    fn prop(&self, key: &str) -> String {
        let raw = &self.raw_props.iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("no {key}: {self:?}")).1;
        percent_decode(raw)
    }
    fn message(&self) -> String {
        percent_decode(&self.raw_message)
    }
}

fn parse_annotations(stdout: &str) -> Vec<Annotation> {
    assert!(!stdout.contains('\r'), "a raw carriage return in workflow commands");
    stdout
        .lines()
        .map(|line| {
            let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line}"));
            let (command, rest) = rest.split_once(' ').unwrap();
            let (props, message) = rest.split_once("::").unwrap();
            let raw_props = props
                .split(',')
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("bad property {p} in {line}"));
                    assert!(!v.contains(':'), "unescaped `:` in a property: {line}");
                    (k.to_string(), v.to_string())
                })
                .collect();
            Annotation { command: command.to_string(), raw_props, raw_message: message.to_string() }
        })
        .collect()
}

/// What the GitHub message of a finding says, unescaped.
fn github_message(f: &Value) -> String {
    let mut m = format!("{}\nchain: {}", f["message"].as_str().unwrap(), f["chain"].as_str().unwrap());
    if let Some(reason) = f["acknowledged"]["reason"].as_str() {
        m.push_str(&format!("\nacknowledged: {reason}"));
    }
    m
}

#[test]
fn github_annotations() {
    let path = "tests/data/check/levels.toml";
    let out = run(&["check", "--format", "github", path]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert_eq!(
        lines[0],
        "::error file=tests/data/check/levels.toml,line=7,col=11,title=elenchus broken-entailment::\
         council denies `treasurer-votes`, which follows strictly from `all-members-vote` that it affirms\
         %0Achain: council affirms all-members-vote --implies--> treasurer-votes, yet denies"
    );
    assert!(
        lines[1].starts_with(
            "::warning file=tests/data/check/levels.toml,line=18,col=13,title=elenchus circular-support::"
        )
    );
    assert!(
        lines[2].starts_with("::notice file=tests/data/check/levels.toml,line=24,col=9,title=elenchus orphan-claim::")
    );

    // Every annotation agrees with the JSON finding it stands for.
    let (_, doc) = check_json(&[path]);
    for (a, f) in parse_annotations(&out.stdout).iter().zip(findings(&doc)) {
        assert_eq!(a.prop("file"), f["file"].as_str().unwrap());
        assert_eq!(a.prop("line"), f["locations"][0]["line"].to_string());
        assert_eq!(a.prop("col"), f["locations"][0]["column"].to_string());
        assert_eq!(a.prop("title"), format!("elenchus {}", f["rule"].as_str().unwrap()));
        assert_eq!(a.message(), github_message(f));
    }
}

#[test]
fn github_acknowledged_finding_is_a_notice_with_its_reason() {
    let out = run(&["check", "--format", "github", "tests/data/check/acknowledged.toml"]);
    assert_eq!(out.code, 0);
    let a = parse_annotations(&out.stdout);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].command, "notice");
    assert!(
        a[0].message().ends_with(
            "\nacknowledged: The council's rules of procedure bar the treasurer; the map leaves that out on purpose."
        ),
        "{a:?}"
    );
}

#[test]
fn github_invalid_map_diagnostics() {
    let out = run(&["check", "--format", "github", "tests/data/check/invalid.toml"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stdout,
        "::error file=tests/data/check/invalid.toml,line=4,col=13,title=elenchus unknown-reference::unknown claim `no-such-claim`\n\
         ::error file=tests/data/check/invalid.toml,line=5,col=1,title=elenchus unknown-key::unknown key `colour` in claim `a`\n"
    );
}

/// A map whose file name holds `,` and `:` and whose free text (a stance's
/// `via`, acknowledgement reasons) holds `%`, `::`, `,`, newlines and a
/// carriage return. Ids cannot hold those, so the text reaches the messages
/// through the chain and the acknowledgement reasons.
const HOSTILE_NAME: &str = "a,b:c.toml";
const HOSTILE_MAP: &str = r#"
[actors.x]
affirms = ["a"]

[claims.a]
text = "A claim: 100%, with commas, colons :: and all"
implies = ["b"]

[claims.b]
text = "B"

[[stances]]
actor = "x"
claim = "b"
position = "denies"
via = "vote 50%, item A::B, 10%0A\nsecond line\r\nthird"

[[acknowledged]]
rule = "broken-entailment"
actor = "x"
claims = ["a", "b"]
reason = "known: 100% sure, see a::b,\nand the next line"

[[acknowledged]]
rule = "orphan-claim"
claims = ["b"]
reason = "stale:: 5%, c,d\r\nend"
"#;

#[test]
fn github_escapes_hostile_file_names_and_text() {
    let dir = common::scratch("check_cli", "github-hostile");
    std::fs::write(dir.join(HOSTILE_NAME), HOSTILE_MAP).unwrap();
    let out = run_in(&dir, &["check", "--format", "github", HOSTILE_NAME], None);
    assert_eq!(out.code, 0, "{out:?}");
    let (_, doc) = check_json_in(&dir, &[HOSTILE_NAME]);
    let f = findings(&doc);
    assert_eq!(rules_levels(&doc), pairs(&[("broken-entailment", "error"), ("stale-acknowledgement", "warning")]));

    let annotations = parse_annotations(&out.stdout);
    assert_eq!(annotations.len(), f.len(), "one line per finding: {}", out.stdout);
    for (a, f) in annotations.iter().zip(f) {
        assert_eq!(a.raw_props[0], ("file".to_string(), "a%2Cb%3Ac.toml".to_string()));
        assert_eq!(a.prop("file"), HOSTILE_NAME);
        assert_eq!(a.message(), github_message(f));
    }
    assert_eq!(annotations[0].command, "notice", "acknowledged");
    assert_eq!(annotations[1].command, "warning");
    // The raw text really was hostile, and came through escaped.
    let m0 = annotations[0].message();
    assert!(m0.contains("vote 50%, item A::B, 10%0A\nsecond line\r\nthird"), "{m0:?}");
    assert!(m0.contains("acknowledged: known: 100% sure, see a::b,\nand the next line"), "{m0:?}");
    assert!(annotations[0].raw_message.contains("vote 50%25, item A::B, 10%250A%0Asecond line%0D%0Athird"));
    assert!(annotations[1].message().contains("\"stale:: 5%, c,d\r\nend\""));
    assert!(annotations[1].raw_message.contains("stale:: 5%25, c,d%0D%0Aend"));
}

#[test]
fn hostile_file_name_in_json_and_sarif() {
    let dir = common::scratch("check_cli", "sarif-hostile");
    std::fs::write(dir.join(HOSTILE_NAME), HOSTILE_MAP).unwrap();
    let (_, doc) = check_json_in(&dir, &[HOSTILE_NAME]);
    assert_eq!(doc["maps"][0]["file"], HOSTILE_NAME);
    assert!(findings(&doc).iter().all(|f| f["file"] == HOSTILE_NAME));

    let (_, log) = sarif_of(&dir, &[HOSTILE_NAME]);
    let errors = sarif_errors(sarif_validator(), &log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    for r in log["runs"][0]["results"].as_array().unwrap() {
        // `:` in the first segment would read as a URI scheme: it is escaped.
        assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a%2Cb%3Ac.toml");
    }
    let text = log["runs"][0]["results"][0]["message"]["text"].as_str().unwrap();
    assert!(text.contains("vote 50%, item A::B, 10%0A\nsecond line\r\nthird"), "{text:?}");
}

// ---------------------------------------------------------------------------
// Exit codes and configuration

fn exit_code(args: &[&str]) -> i32 {
    run(args).code
}

#[test]
fn exit_0_when_nothing_is_at_error_level() {
    assert_eq!(exit_code(&["check", "tests/data/example.toml"]), 0);
    assert_eq!(exit_code(&["check", "tests/data/check/warnings.toml"]), 0);
    assert_eq!(exit_code(&["check", "tests/data/check/shift.toml"]), 0);
    assert_eq!(exit_code(&["check", "maps"]), 0, "the shipped maps pass");
}

#[test]
fn exit_1_for_an_unacknowledged_error() {
    for format in ["human", "json", "sarif", "github"] {
        assert_eq!(exit_code(&["check", "--format", format, "tests/data/check/levels.toml"]), 1, "{format}");
        assert_eq!(exit_code(&["check", "--format", format, "tests/data/check/warnings.toml"]), 0, "{format}");
    }
    // One failing map fails the run.
    assert_eq!(exit_code(&["check", "tests/data/example.toml", "tests/data/check/levels.toml"]), 1);
}

#[test]
fn exit_2_for_input_and_usage_errors() {
    // An invalid map, also next to a failing one.
    assert_eq!(exit_code(&["check", "tests/data/check/invalid.toml"]), 2);
    assert_eq!(exit_code(&["check", "tests/data/check/levels.toml", "tests/data/check/invalid.toml"]), 2);

    // An unknown rule on the command line: nothing is checked.
    for flag in ["-A", "-N", "-W", "-D"] {
        let out = run(&["check", flag, "nonsense", "tests/data/example.toml"]);
        assert_eq!(out.code, 2, "{flag}: {out:?}");
        assert!(out.stderr.contains("unknown rule `nonsense`"), "{}", out.stderr);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
    let out = run(&["check", "-D", "orphan-clam", "tests/data/example.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean `orphan-claim`?"), "{}", out.stderr);

    // A missing file.
    let out = run(&["check", "tests/data/check/no-such-map.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-map.toml"), "{}", out.stderr);

    // `-` without `--input-format`.
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/data/example.toml")).unwrap();
    let out = run_in(Path::new(ROOT), &["check", "-"], Some(&text));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--input-format"), "{}", out.stderr);
    let out = run_in(Path::new(ROOT), &["check", "--input-format", "toml", "-"], Some(&text));
    assert_eq!(out.code, 0, "{out:?}");

    // Bad usage.
    assert_eq!(exit_code(&["check"]), 2);
    assert_eq!(exit_code(&["check", "--format", "xml", "tests/data/example.toml"]), 2);
}

#[test]
fn deny_warnings_fails_on_warnings_and_reports_them_as_errors() {
    let path = "tests/data/check/warnings.toml";
    let (code, doc) = check_json(&[path]);
    assert_eq!(code, 0);
    assert_eq!(rules_levels(&doc), pairs(&[("conflicting-position", "warning"), ("orphan-claim", "note")]));
    let (code, doc) = check_json(&["--deny", "warnings", path]);
    assert_eq!(code, 1);
    assert_eq!(rules_levels(&doc), pairs(&[("conflicting-position", "error"), ("orphan-claim", "note")]));
    assert_eq!(doc["summary"]["failing"], 1);
    // The short flag too.
    let (code, _) = check_json(&["-D", "warnings", path]);
    assert_eq!(code, 1);
    // Notes do not fail under `--deny warnings`.
    let (code, _) = check_json(&["--deny", "warnings", "tests/data/check/shift.toml"]);
    assert_eq!(code, 0);
}

#[test]
fn allow_silences_a_rule() {
    let (code, doc) = check_json(&["-A", "unheeded-reason", "tests/data/example.toml"]);
    assert_eq!(code, 0);
    assert!(findings(&doc).is_empty(), "{doc:#}");
    let (code, doc) = check_json(&["--allow", "broken-entailment", "tests/data/check/levels.toml"]);
    assert_eq!(code, 0);
    assert_eq!(rules_levels(&doc), pairs(&[("circular-support", "warning"), ("orphan-claim", "note")]));
    let out = human(&["-A", "unheeded-reason", "tests/data/example.toml"], 0);
    assert_eq!(out, "0 errors, 0 warnings, 0 notes in 1 map\n");
}

#[test]
fn levels_on_the_command_line_change_findings_and_exit_code() {
    let path = "tests/data/example.toml";
    let (code, doc) = check_json(&["-D", "unheeded-reason", path]);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("unheeded-reason", "error")])));
    let (code, doc) = check_json(&["-N", "unheeded-reason", path]);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("unheeded-reason", "note")])));
    let (code, doc) = check_json(&["-W", "broken-entailment", "tests/data/check/levels.toml"]);
    assert_eq!(code, 0);
    assert_eq!(rules_levels(&doc)[0], ("broken-entailment".to_string(), "warning".to_string()));
    // An allowed-by-default rule turned on.
    let (code, doc) = check_json(&["-W", "unsourced-stance", path]);
    assert_eq!(code, 0);
    assert!(rules_levels(&doc).contains(&("unsourced-stance".to_string(), "warning".to_string())), "{doc:#}");
    // `stale-acknowledgement` is configurable like any rule.
    let (code, _) = check_json(&["-D", "stale-acknowledgement", "tests/data/check/stale.toml"]);
    assert_eq!(code, 1);
    let (code, doc) = check_json(&["-A", "stale-acknowledgement", "tests/data/check/stale.toml"]);
    assert_eq!(code, 0);
    assert!(findings(&doc).is_empty());
}

#[test]
fn the_command_line_wins_over_the_maps_checks_table() {
    let path = "tests/data/check/checks.toml";
    // The map's `[checks]`: orphan-claim at deny, circular-support off.
    let (code, doc) = check_json(&[path]);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("orphan-claim", "error")])));
    let (code, doc) = check_json(&["-N", "orphan-claim", path]);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("orphan-claim", "note")])));
    let (code, doc) = check_json(&["-W", "circular-support", path]);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("circular-support", "warning"), ("orphan-claim", "error")])));
    let (code, doc) = check_json(&["-A", "orphan-claim", "-D", "circular-support", path]);
    assert_eq!((code, rules_levels(&doc)), (1, pairs(&[("circular-support", "error")])));
    // `[checks]` applies only to its own map.
    let (code, doc) = check_json(&[path, "tests/data/check/warnings.toml"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_levels(&doc),
        pairs(&[("orphan-claim", "error"), ("conflicting-position", "warning"), ("orphan-claim", "note")])
    );
}

#[test]
fn an_acknowledged_error_does_not_fail() {
    let path = "tests/data/check/acknowledged.toml";
    let (code, doc) = check_json(&[path]);
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["failing"], 0);
    assert_eq!(json_exit_code(&["--deny", "warnings", path]), 0);
    // Without the acknowledgement the same finding fails.
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    let cut = text.find("[[acknowledged]]").unwrap();
    let dir = common::scratch("check_cli", "unacknowledged");
    std::fs::write(dir.join("map.toml"), &text[..cut]).unwrap();
    let (code, doc) = check_json_in(&dir, &["map.toml"]);
    assert_eq!(code, 1);
    assert_eq!(rules_levels(&doc), pairs(&[("broken-entailment", "error")]));
}

fn json_exit_code(check_args: &[&str]) -> i32 {
    check_json(check_args).0
}

#[test]
fn a_stale_acknowledgement_is_a_warning() {
    let path = "tests/data/check/stale.toml";
    let (code, doc) = check_json(&[path]);
    assert_eq!((code, rules_levels(&doc)), (0, pairs(&[("stale-acknowledgement", "warning")])));
    assert_eq!(json_exit_code(&["--deny", "warnings", path]), 1);
}

#[test]
fn turning_a_rule_off_does_not_make_its_acknowledgements_stale() {
    // The rule's findings were not looked for: its acknowledgements can be
    // neither matched nor stale. Reporting them as stale would tell the user
    // to delete an acknowledgement that is still needed (and, under
    // `--deny warnings`, silencing a rule would fail the run).
    let path = "tests/data/check/acknowledged.toml";
    let (code, doc) = check_json(&["-A", "broken-entailment", path]);
    assert_eq!(code, 0);
    assert!(findings(&doc).is_empty(), "{doc:#}");
    assert_eq!(json_exit_code(&["-A", "broken-entailment", "--deny", "warnings", path]), 0);
}

#[test]
fn help_documents_exit_codes() {
    let out = run(&["check", "--help"]);
    assert_eq!(out.code, 0);
    for line in
        ["Exit codes:", "0  success", "1  `check` found a tension at error level", "2  unreadable or invalid input"]
    {
        assert!(out.stdout.contains(line), "`check --help` lacks {line:?}:\n{}", out.stdout);
    }
    for flag in ["--format", "--allow", "--note", "--warn", "--deny", "--input-format"] {
        assert!(out.stdout.contains(flag), "`check --help` lacks {flag}");
    }
}

// ---------------------------------------------------------------------------
// `rules` and `explain`

#[test]
fn rules_lists_every_rule_with_its_default_level() {
    let out = run(&["rules"]);
    assert_eq!(out.code, 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.len() > RULES.len());
    for (line, (name, level)) in lines.iter().zip(RULES) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&words[..2], &[name, level], "{line}");
        assert!(words.len() > 3, "no summary: {line}");
    }
    assert_eq!(lines[RULES.len()], "", "{}", out.stdout);
}

#[test]
fn rules_json() {
    let listed: Value = serde_json::from_str(&run_rules_json()).expect("`rules --json` is JSON");
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), RULES.len());
    for (r, (name, level)) in listed.iter().zip(RULES) {
        assert_eq!(keys(r), set(&["name", "default_level", "summary"]));
        assert_eq!(r["name"], name);
        assert_eq!(r["default_level"], level);
        assert!(r["summary"].as_str().unwrap().ends_with('.'), "{r}");
    }
}

/// The example map of an explanation: the text after the line `Example:`.
fn example_of(explanation: &str) -> &str {
    let at = explanation.find("\nExample:\n").unwrap_or_else(|| panic!("no `Example:` line in:\n{explanation}"));
    &explanation[at + "\nExample:\n".len()..]
}

#[test]
fn explain_every_rule_and_its_example_fires() {
    let dir = common::scratch("check_cli", "explain");
    for (name, level) in RULES {
        let out = run(&["explain", name]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        let text = &out.stdout;
        assert!(text.starts_with(&format!("{name} (default level: {level})\n\n")), "{name}: {text}");
        assert!(text.contains("How to address it"), "{name}: {text}");
        let example = example_of(text);
        assert!(example.contains("[claims."), "{name}: the example is not a map:\n{example}");
        let file = format!("{name}.toml");
        std::fs::write(dir.join(&file), example).unwrap();
        let (code, doc) = check_json_in(&dir, &[file.as_str()]);
        assert_ne!(code, 2, "{name}: the example is not a valid map: {doc:#}");
        assert!(
            findings(&doc).iter().any(|f| f["rule"] == name),
            "{name}: its own example does not trigger it:\n{example}\n{doc:#}"
        );
    }
}

#[test]
fn explanations_name_what_their_rules_read() {
    // Each rule's explanation speaks of the parts of the definitions it reads
    // (docs/checks.md): linked premises, time, and the basis of a stance.
    let explain = |name: &str| {
        let out = run(&["explain", name]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        out.stdout.split_once("\nExample:\n").expect("an example").0.to_string()
    };
    for name in ["unheeded-reason", "broken-entailment", "contradiction", "circular-support"] {
        assert!(explain(name).contains("linked"), "{name} does not mention linked premises");
    }
    for name in ["unheeded-reason", "broken-entailment", "contradiction", "conflicting-position"] {
        assert!(explain(name).contains("basis = \"inferred\""), "{name} does not mention the basis");
    }
    for (name, about) in [
        ("unheeded-reason", "judged at its date"),
        ("contradiction", "replaced is\nhistory"),
        ("broken-entailment", "modus tollens"),
        ("contradiction", "`seq`"),
        ("stance-shift", "`seq`"),
    ] {
        assert!(explain(name).contains(about), "{name} does not say {about:?}");
    }
}

#[test]
fn explain_unknown_rule() {
    let out = run(&["explain", "nonsense"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("unknown rule `nonsense`"), "{}", out.stderr);
    assert!(out.stderr.contains("`elenchus rules` lists them"), "{}", out.stderr);
    for (typo, meant) in [("orphan-clam", "orphan-claim"), ("stale-acknowledgment", "stale-acknowledgement")] {
        let out = run(&["explain", typo]);
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains(&format!("did you mean `{meant}`?")), "{typo}: {}", out.stderr);
    }
}

// ---------------------------------------------------------------------------
// Determinism

#[test]
fn output_is_byte_identical_across_runs() {
    let mut paths = VALID.to_vec();
    paths.push("tests/data/check/invalid.toml");
    for format in ["human", "json", "sarif", "github"] {
        let mut args = vec!["check", "--color", "never", "--format", format, "-W", "unsourced-stance"];
        args.extend_from_slice(&paths);
        let first = run(&args);
        assert_eq!(first.code, 2);
        assert!(!first.stdout.is_empty());
        for _ in 0..2 {
            let again = run(&args);
            assert_eq!(first.stdout, again.stdout, "--format {format} differs between runs");
            assert_eq!(first.stderr, again.stderr);
        }
    }
    for args in [vec!["rules"], vec!["rules", "--json"], vec!["explain", "unheeded-reason"]] {
        assert_eq!(run(&args).stdout, run(&args).stdout, "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// docs/checks.md

#[test]
fn docs_json_example_is_real_output() {
    let docs = std::fs::read_to_string(Path::new(ROOT).join("docs/checks.md")).expect("docs/checks.md");
    let command = "$ elenchus check --format json tests/data/example.toml\n";
    let at = docs.find(command).unwrap_or_else(|| panic!("docs/checks.md does not show `{}`", command.trim()));
    let rest = &docs[at + command.len()..];
    let end = rest.find("```").expect("unclosed block");
    let shown: Value = serde_json::from_str(&rest[..end]).expect("the docs' JSON example parses");
    let (_, real) = check_json(&["tests/data/example.toml"]);
    assert_eq!(shown, real, "docs/checks.md shows a JSON document the tool does not produce");
}

#[test]
fn docs_describe_every_rule_and_field() {
    let docs = std::fs::read_to_string(Path::new(ROOT).join("docs/checks.md")).expect("docs/checks.md");
    for (name, level) in RULES {
        let heading = format!("### `{name}`");
        let at = docs.find(&heading).unwrap_or_else(|| panic!("docs/checks.md has no section {heading}"));
        let section = &docs[at..];
        let section = &section[..section[heading.len()..].find("\n#").map_or(section.len(), |e| e + heading.len())];
        assert!(section.contains(&format!("`{level}`")), "{name}: its default level `{level}` is not named");
    }
    for field in FINDING_FIELDS {
        assert!(docs.contains(&format!("| `{field}` ")), "docs/checks.md does not document the field `{field}`");
    }
}

/// A map written on one long line (minified JSON) is reported without drawing
/// the line: positions and labels instead, so that a big minified map stays fast.
#[test]
fn human_output_on_one_long_line_gives_positions() {
    let dir = common::scratch("check_cli", "one-long-line");
    let long = "x".repeat(5000);
    let map = format!(
        r#"{{"actors":{{"p":{{"affirms":["a"],"denies":["b"]}}}},"claims":{{"a":{{"text":"{long}","supports":["b"]}},"b":{{"text":"B."}}}}}}"#
    );
    std::fs::write(dir.join("min.json"), &map).unwrap();
    let out = run_in(&dir, &["check", "--color", "never", "min.json"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let col = |needle: &str| map.find(needle).unwrap() + 1;
    let expected = format!(
        "warning[unheeded-reason]: p denies `b`, though it affirms `a`, which supports it\n \
         --> min.json:1:{}\n  \
         = note: min.json:1:{}: p denies `b` here\n  \
         = note: min.json:1:{}: p affirms `a`\n  \
         = note: min.json:1:{}: `a` supports `b`\n  \
         = note: chain: p affirms a --supports--> b, yet denies\n\n\
         0 errors, 1 warning, 0 notes in 1 map\n",
        col(r#""b"]}}"#),
        col(r#""b"]}}"#),
        col(r#""a"],"denies""#),
        col(r#""b"]},"b""#),
    );
    assert_eq!(out.stdout, expected);
}

/// A large map is checked and reported on several threads; the output is
/// the same, byte for byte, whatever their number (`ELENCHUS_THREADS`).
#[test]
fn output_is_the_same_on_any_number_of_threads() {
    let dir = common::scratch("check_cli", "threads");
    // 12,000 claims and 12,000 stances: above the size where `check` uses
    // threads, with 1,000 findings (the report draws on several threads from
    // 32,768 findings only: a unit test of `report::human` compares them).
    let mut text = String::from("[actors.a]\n[actors.b]\n");
    for i in 0..12_000 {
        text.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
        if i % 3 == 0 && i + 1 < 12_000 {
            text.push_str(&format!("supports = [\"c{}\"]\n", i + 1));
        }
        if i % 7 == 1 && i + 2 < 12_000 {
            text.push_str(&format!("implies = [\"c{}\"]\n", i + 2));
        }
    }
    for i in 0..6_000 {
        let (a, pos) = if i % 2 == 0 { ("a", "affirms") } else { ("b", "denies") };
        text.push_str(&format!("[[stances]]\nactor = \"{a}\"\nclaim = \"c{}\"\nposition = \"{pos}\"\n", i * 2));
        text.push_str(&format!("[[stances]]\nactor = \"{a}\"\nclaim = \"c{}\"\nposition = \"denies\"\n", i * 2 + 1));
    }
    std::fs::write(dir.join("big.toml"), text).unwrap();
    let run_with = |threads: &str, format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_elenchus"))
            .args(["check", "big.toml", "--format", format])
            .current_dir(&dir)
            .env("ELENCHUS_THREADS", threads)
            .env_remove("NO_COLOR")
            .output()
            .expect("run elenchus");
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    for format in ["human", "json"] {
        let one = run_with("1", format);
        assert!(one.1.matches("unheeded-reason").count() >= 1000, "{format}: too few findings to use threads");
        for threads in ["2", "5"] {
            assert_eq!(run_with(threads, format), one, "{format} on {threads} threads");
        }
    }
}

// ---------------------------------------------------------------------------
// Costs: streaming reporters, the cap on findings, acknowledgements by index,
// SARIF URIs of odd file names

/// A map whose findings grow with the square of its claims: one actor
/// affirms `root`, which implies `c0`..`c{n-1}`, each pair of which contradicts.
fn pairwise_contradictions(n: usize) -> String {
    let ids: Vec<String> = (0..n).map(|i| format!("\"c{i}\"")).collect();
    let mut s = format!(
        "[actors.a]\naffirms = [\"root\"]\n\n[claims.root]\ntext = \"Root.\"\nimplies = [{}]\n",
        ids.join(", ")
    );
    for i in 0..n {
        s.push_str(&format!("\n[claims.c{i}]\ntext = \"Claim {i}.\"\ncontradicts = [{}]\n", ids[i + 1..].join(", ")));
    }
    s
}

#[test]
fn streamed_reports_are_the_documents_of_to_value() {
    // JSON and SARIF are written finding by finding; the bytes are those of
    // the whole document serialised at once, on valid and invalid maps, with
    // and without findings, acknowledged and stale ones.
    let mut paths: Vec<std::path::PathBuf> = VALID.iter().map(|p| Path::new(ROOT).join(p)).collect();
    paths.push(Path::new(ROOT).join("tests/data/check/invalid.toml"));
    let loaded = elenchus::cli::load_inputs(&paths, None).expect("inputs load");
    let report = elenchus::report::Report::check(loaded, &elenchus::CheckConfig::default());
    assert!(report.findings().count() > 20 && report.totals().invalid_maps == 1);
    for (format, value) in [
        (elenchus::report::OutputFormat::Json, elenchus::report::json::to_value(&report)),
        (elenchus::report::OutputFormat::Sarif, elenchus::report::sarif::to_value(&report)),
    ] {
        let mut streamed = Vec::new();
        elenchus::report::reporter(format, false, false).write(&report, &mut streamed).expect("write");
        let mut whole = serde_json::to_vec_pretty(&value).expect("serialise");
        whole.push(b'\n');
        assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(whole).unwrap(), "{format:?}");
    }
}

#[test]
fn findings_past_the_cap_are_counted_not_listed() {
    let dir = common::scratch("check_cli", "cap");
    std::fs::write(dir.join("pairs.toml"), pairwise_contradictions(8)).unwrap();
    // 28 contradictions and 28 times a self-defeating root (all errors).
    let (code, all) = check_json_in(&dir, &["pairs.toml"]);
    let total = findings(&all).len();
    assert_eq!((code, all["summary"]["errors"].as_u64(), total), (1, Some(total as u64), 56));
    assert!(all["summary"].get("omitted").is_none(), "{}", all["summary"]);
    for threads in ["1", "3"] {
        let out = Command::new(env!("CARGO_BIN_EXE_elenchus"))
            .args(["check", "--format", "json", "--max-findings", "5", "pairs.toml"])
            .current_dir(&dir)
            .env("ELENCHUS_THREADS", threads)
            .output()
            .unwrap();
        let capped: Value = serde_json::from_slice(&out.stdout).unwrap();
        // Five listed, the rest counted: the exit code and the summary as without the cap.
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(findings(&capped).len(), 5);
        assert_eq!(capped["summary"]["errors"], all["summary"]["errors"]);
        assert_eq!(capped["summary"]["failing"], all["summary"]["failing"]);
        assert_eq!(capped["summary"]["omitted"], json!(total - 5));
        // Those listed are findings of the full run, the first found (the
        // map-level rules come before the actor's).
        for f in findings(&capped) {
            assert!(findings(&all).contains(f), "{f}");
        }
        assert_eq!(findings(&capped).iter().filter(|f| f["rule"] == "self-defeating-claim").count(), 5);
    }
    // The human summary says so; SARIF validates and carries the count;
    // GitHub gets one annotation for the rest.
    let human = run_in(&dir, &["check", "--max-findings", "5", "pairs.toml"], None);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains(
            "51 more findings in pairs.toml not listed: only the first 5 found are kept (`--max-findings` sets the cap)"
        ),
        "{}",
        human.stdout
    );
    assert!(human.stdout.ends_with("56 errors, 0 warnings, 0 notes in 1 map\n"), "{}", human.stdout);
    let (code, log) = sarif_of(&dir, &["--max-findings", "5", "pairs.toml"]);
    assert_eq!(code, 1);
    assert_eq!(sarif_errors(sarif_validator(), &log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 5);
    assert_eq!(log["runs"][0]["properties"]["omittedFindings"], json!(51));
    let gh = run_in(&dir, &["check", "--format", "github", "--max-findings", "5", "pairs.toml"], None);
    assert_eq!((gh.code, gh.stdout.lines().count()), (1, 6));
    assert!(
        gh.stdout.lines().last().unwrap().starts_with("::warning file=pairs.toml,title=elenchus max-findings::51 more")
    );
    // 0 lifts the cap.
    let (_, lifted) = check_json_in(&dir, &["--max-findings", "0", "pairs.toml"]);
    assert_eq!(lifted, all);
}

#[test]
fn acknowledgements_match_exactly_through_the_index() {
    // Many entries and findings: each finding takes the reason of the last
    // entry that names it (its rule, its actor, its set of claims in any
    // order, repeated or not); an entry that names anything else (two
    // findings' claims, no actor for a finding with one, part of a
    // finding's claims) is stale; a rule turned off makes its entries
    // neither match nor stale.
    let dir = common::scratch("check_cli", "acks");
    let n = 30;
    let mut s = String::from("[actors.p]\naffirms = [");
    s.push_str(&(0..n).map(|i| format!("\"a{i}\"")).collect::<Vec<_>>().join(", "));
    s.push_str("]\ndenies = [");
    s.push_str(&(0..n).map(|i| format!("\"b{i}\"")).collect::<Vec<_>>().join(", "));
    s.push_str("]\n");
    for i in 0..n {
        s.push_str(&format!(
            "\n[claims.a{i}]\ntext = \"A{i}.\"\nsupports = [\"b{i}\"]\n\n[claims.b{i}]\ntext = \"B{i}.\"\n"
        ));
    }
    let ack = |s: &mut String, actor: Option<&str>, claims: &[String], reason: &str| {
        s.push_str("\n[[acknowledged]]\nrule = \"unheeded-reason\"\n");
        if let Some(a) = actor {
            s.push_str(&format!("actor = \"{a}\"\n"));
        }
        let list: Vec<String> = claims.iter().map(|c| format!("\"{c}\"")).collect();
        s.push_str(&format!("claims = [{}]\nreason = \"{reason}\"\n", list.join(", ")));
    };
    // Even findings: claims in reverse order; every third: a claim repeated,
    // later in the file (that reason wins).
    for i in (0..n).step_by(2) {
        ack(&mut s, Some("p"), &[format!("b{i}"), format!("a{i}")], &format!("even {i}"));
    }
    for i in (0..n).step_by(3) {
        ack(&mut s, Some("p"), &[format!("a{i}"), format!("b{i}"), format!("a{i}")], &format!("third {i}"));
    }
    // Stale: claims of two findings at once, no actor, part of the claims.
    ack(&mut s, Some("p"), &["b1".into(), "b3".into()], "stale pair");
    ack(&mut s, None, &["a5".into(), "b5".into()], "stale no actor");
    ack(&mut s, Some("p"), &["b7".into()], "stale part");
    s.push_str("\n[[acknowledged]]\nrule = \"orphan-claim\"\nreason = \"off\"\n");
    std::fs::write(dir.join("acks.toml"), &s).unwrap();
    let (code, doc) = check_json_in(&dir, &["acks.toml", "-A", "orphan-claim"]);
    assert_eq!(code, 0);
    for i in 0..n {
        let b = format!("b{i}");
        let f = findings(&doc)
            .iter()
            .find(|f| f["rule"] == "unheeded-reason" && f["claims"][1] == b.as_str())
            .unwrap_or_else(|| panic!("no finding on {b}"));
        let want = if i % 3 == 0 {
            json!(format!("third {i}"))
        } else if i % 2 == 0 {
            json!(format!("even {i}"))
        } else {
            Value::Null
        };
        assert_eq!(f["acknowledged"]["reason"], want, "{b}");
    }
    let stale: Vec<(&str, &str)> = findings(&doc)
        .iter()
        .filter(|f| f["rule"] == "stale-acknowledgement")
        .map(|f| (f["chain"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(stale.len(), 3, "{stale:?}");
    assert!(stale[0].0.contains("\"stale pair\"") && stale[1].0.contains("\"stale no actor\""), "{stale:?}");
    assert!(stale[2].0.contains("\"stale part\""), "{stale:?}");
    let b7 = findings(&doc).iter().find(|f| f["claims"][1] == "b7").unwrap()["fingerprint"].as_str().unwrap();
    assert!(
        stale[2]
            .1
            .ends_with(&format!("it names 1 of the 2 claims of finding {b7}; list them all, or write claims = \"*\""))
    );
}

#[test]
fn sarif_uris_of_file_names_with_uri_syntax() {
    use elenchus::report::sarif::file_uri;
    // A backslash is part of a name on Unix, not a separator.
    assert_eq!(file_uri("dir\\map.toml"), "dir%5Cmap.toml");
    assert_eq!(
        file_uri("a b?c#d%e:f[g]@h!$&'()*+,;=.toml"),
        "a%20b%3Fc%23d%25e%3Af%5Bg%5D%40h%21%24%26%27%28%29%2A%2B%2C%3B%3D.toml"
    );
    // `//x` would name a host.
    assert_eq!(file_uri("//etc/map.toml"), "/etc/map.toml");
    assert_eq!(file_uri("/abs/map.toml"), "/abs/map.toml");
    assert_eq!(file_uri("map-ü.toml"), "map-%C3%BC.toml");
    // Through the binary: the URI decodes to the file's own name.
    let dir = common::scratch("check_cli", "backslash");
    let name = "x\\..\\y.toml";
    std::fs::write(dir.join(name), "[claims.a]\ntext = \"A.\"\n").unwrap();
    let (code, log) = sarif_of(&dir, &[name]);
    assert_eq!(code, 0);
    assert_eq!(sarif_errors(sarif_validator(), &log), Vec::<String>::new());
    let uri =
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert_eq!(uri, "x%5C..%5Cy.toml");
    assert_eq!(percent_decode(uri), name);
}

/// The human report of the map at `path` (no colour), written by the library.
fn library_human(path: &str) -> String {
    let loaded = elenchus::load::load_file(Path::new(path)).unwrap();
    let report = elenchus::report::Report::check(vec![loaded], &elenchus::check::CheckConfig::default());
    let mut lib = Vec::new();
    elenchus::report::Reporter::write(
        &elenchus::report::Human { color: false, quiet: Default::default() },
        &report,
        &mut lib,
    )
    .unwrap();
    String::from_utf8(lib).unwrap()
}

/// A span over several lines named by two steps of a chain (the attack a
/// supported attack goes through, and the attack itself): drawn once over
/// its lines, the other label at its last character, both hanging below;
/// the library writes the same bytes.
#[test]
fn human_span_over_lines_labelled_twice() {
    let path = "tests/data/check/shared-span.argdown";
    let out = human(&[path], 0);
    let label = "`river-harvest` attacks `border-contract`";
    let end = format!("   | |__{label}\n   |    {label}\n");
    assert!(out.contains(&format!("   | |  -\n   | |  |\n{end}")), "{out}");
    assert_eq!(library_human(path), out, "the library and the command line differ");
    insta::assert_snapshot!("human_span_labelled_twice", out);
}

/// A label over several lines (an Argdown one-step argument's `--`,
/// `{type: implies}`, `--`): `/` left of its first line, `|` left of the
/// next, `|__` and the label under the last, every source line of the
/// message two columns to the right; the library writes the same bytes.
#[test]
fn human_label_over_several_lines() {
    let path = "tests/data/check/over-lines.argdown";
    let out = human(&[path], 1);
    let starts = out.matches(" | / --\n").count();
    assert!(starts >= 1, "{out}");
    assert_eq!(out.matches(" | | {type: ").count(), starts, "{out}");
    let ends = out.lines().filter(|l| l.contains(" | |__- ") || l.contains(" | |__^ ")).count();
    assert_eq!(ends, starts, "{out}");
    // A message with such a label moves its other source lines too.
    let shifted = out.split("\n\n").filter(|m| m.contains(" | / --")).all(|m| {
        m.lines().filter(|l| l.split_once(" | ").is_some_and(|(n, _)| n.trim().parse::<usize>().is_ok())).all(|l| {
            let rest = l.split_once(" | ").unwrap().1;
            rest.starts_with("/ ") || rest.starts_with("| ") || rest.starts_with("  ") || rest == "|" || rest == "/"
        })
    });
    assert!(shifted, "{out}");
    assert_eq!(library_human(path), out, "the library and the command line differ");
    insta::assert_snapshot!("human_over_lines", out);
}
