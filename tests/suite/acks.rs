//! Acknowledgements that match exactly what they name, and baselines
//! outside the map: through the command line and the library, with an
//! independent re-implementation of the matching over random small maps.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use common::Out;
use elenchus::check::{CheckConfig, Finding, PLACEHOLDER_REASON, check};
use elenchus::load::{load_baseline_str, load_str};
use elenchus::model::AckKind;
use elenchus::report::Report;
use elenchus::{ClaimGraph, Format, Level};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Run the binary in `dir`.
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> Out {
    common::run_in(dir, args, Some(stdin))
}

fn json_in(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all, "");
    let doc =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}{}", out.stdout, out.stderr));
    (out.code, doc, out.stderr)
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().unwrap()
}

/// `(rule, reason or "-")` of every finding of a JSON document.
fn rule_reasons(doc: &Value) -> Vec<(String, String)> {
    findings(doc)
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().into(), f["acknowledged"]["reason"].as_str().unwrap_or("-").into()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn lib_check(text: &str) -> Vec<Finding> {
    let map = load_str("m.toml", text, Format::Toml).into_map().expect("the map loads");
    check(&ClaimGraph::build(&map), &CheckConfig::default())
}

fn lib_reasons(fs: &[Finding]) -> Vec<(&str, &str)> {
    fs.iter().map(|f| (f.rule, f.ack_reason().unwrap_or("-"))).collect()
}

/// An actor that denies two claims its claim implies: two
/// `broken-entailment` errors, on `{a, b}` and on `{a, c}`.
const TWO: &str = r#"[actors.council]
affirms = ["a"]
denies = ["b", "c"]

[claims.a]
text = "Every member may vote."
implies = ["b", "c"]

[claims.b]
text = "The treasurer may vote."

[claims.c]
text = "The secretary may vote."
"#;

/// A scratch directory `name` holding `map` as `m.toml`.
fn with_map(name: &str, map: &str) -> std::path::PathBuf {
    let dir = common::scratch("acks", name);
    std::fs::write(dir.join("m.toml"), map).unwrap();
    dir
}

fn with(map: &str, entries: &str) -> String {
    format!("{map}\n{entries}")
}

// ---------------------------------------------------------------------------
// Exact matching

#[test]
fn a_rule_only_entry_silences_nothing_and_is_stale() {
    let map = with(TWO, "[[acknowledged]]\nrule = \"broken-entailment\"\nreason = \"known\"\n");
    let dir = with_map("rule-only", &map);
    let (code, doc, _) = json_in(&dir, &["m.toml"]);
    assert_eq!(code, 1, "both errors fail");
    assert_eq!(
        rule_reasons(&doc),
        pairs(&[("broken-entailment", "-"), ("broken-entailment", "-"), ("stale-acknowledgement", "-")])
    );
    let stale = &findings(&doc)[2];
    assert_eq!(stale["locations"][0]["line"], 15);
    let first = findings(&doc)[0]["fingerprint"].as_str().unwrap();
    assert_eq!(
        stale["message"],
        format!(
            "this acknowledgement matches no finding (rule `broken-entailment`): it names none of the 2 claims of \
             finding {first}, nor its actor `council`; list them all, or write claims = \"*\""
        )
    );
    // The library agrees.
    let fs = lib_check(&map);
    assert_eq!(
        lib_reasons(&fs),
        [("broken-entailment", "-"), ("broken-entailment", "-"), ("stale-acknowledgement", "-")]
    );
    assert!(fs[0].is_failing() && fs[1].is_failing());
}

#[test]
fn a_wildcard_must_be_spelled_out_and_is_counted() {
    let map = with(TWO, "[[acknowledged]]\nrule = \"broken-entailment\"\nclaims = \"*\"\nreason = \"known\"\n");
    let dir = with_map("wildcard", &map);
    let (code, doc, _) = json_in(&dir, &["m.toml"]);
    assert_eq!(code, 0);
    assert_eq!(rule_reasons(&doc), pairs(&[("broken-entailment", "known"), ("broken-entailment", "known")]));
    assert_eq!(findings(&doc)[0]["acknowledged"]["wildcard"], true);
    assert_eq!(
        doc["summary"],
        json!({ "maps": 1, "invalid_maps": 0, "errors": 0, "warnings": 0, "notes": 0, "acknowledged": 2,
                "acknowledged_by_wildcard": 2, "failing": 0 })
    );
    let human = run_in(&dir, &["check", "m.toml"], "");
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.ends_with("0 errors, 0 warnings, 0 notes in 1 map (2 acknowledged, 2 of them by wildcard)\n"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.starts_with("acknowledged[broken-entailment]: "), "{}", human.stdout);
    assert!(!human.stdout.contains("error["), "not drawn as a failure: {}", human.stdout);
    assert!(human.stdout.contains("= reason: known (by wildcard, m.toml:15; error when not acknowledged)"));

    // An exact entry wins over the wildcard: one finding is no longer the wildcard's.
    let exact = "\n[[acknowledged]]\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"c\", \"a\"]\nreason = \"exact\"\n";
    let map = format!("{map}{exact}");
    let fs = lib_check(&map);
    assert_eq!(lib_reasons(&fs), [("broken-entailment", "known"), ("broken-entailment", "exact")]);
    let s = elenchus::check::Summary::of(&fs);
    assert_eq!((s.acknowledged, s.acknowledged_by_wildcard, s.errors), (2, 1, 0));

    // A wildcard of another actor matches nothing.
    let map = with(
        &format!("{TWO}\n[actors.other]\n"),
        "[[acknowledged]]\nrule = \"broken-entailment\"\nactor = \"other\"\nclaims = \"*\"\nreason = \"not them\"\n",
    );
    let fs = lib_check(&map);
    assert_eq!(
        lib_reasons(&fs),
        [("broken-entailment", "-"), ("broken-entailment", "-"), ("stale-acknowledgement", "-")]
    );
}

#[test]
fn a_claims_subset_entry_does_not_silence_a_different_finding() {
    // `claims = ["a"]` once silenced both findings; `["a", "b"]` names the first only.
    let subset =
        "[[acknowledged]]\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"a\"]\nreason = \"one\"\n";
    let fs = lib_check(&with(TWO, subset));
    assert_eq!(
        lib_reasons(&fs),
        [("broken-entailment", "-"), ("broken-entailment", "-"), ("stale-acknowledgement", "-")]
    );
    assert!(fs[2].message.contains(": it names 1 of the 2 claims of finding "), "{}", fs[2].message);

    let first = "[[acknowledged]]\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"b\", \"a\", \"b\"]\nreason = \"one\"\n";
    let map = with(TWO, first);
    let fs = lib_check(&map);
    assert_eq!(lib_reasons(&fs), [("broken-entailment", "one"), ("broken-entailment", "-")]);
    assert_eq!(fs[0].claims, ["a", "b"]);
    let dir = with_map("subset", &map);
    let (code, doc, _) = json_in(&dir, &["m.toml"]);
    assert_eq!(code, 1, "the other finding still fails");
    assert_eq!(rule_reasons(&doc), pairs(&[("broken-entailment", "one"), ("broken-entailment", "-")]));
    assert_eq!((doc["summary"]["errors"].as_u64(), doc["summary"]["acknowledged"].as_u64()), (Some(1), Some(1)));
    let human = run_in(&dir, &["check", "m.toml"], "");
    assert!(human.stdout.ends_with("1 error, 0 warnings, 0 notes in 1 map (1 acknowledged)\n"), "{}", human.stdout);

    // Without `actor`, an entry names a finding without one.
    let no_actor = "[[acknowledged]]\nrule = \"broken-entailment\"\nclaims = [\"a\", \"b\"]\nreason = \"one\"\n";
    let fs = lib_check(&with(TWO, no_actor));
    assert_eq!(
        lib_reasons(&fs),
        [("broken-entailment", "-"), ("broken-entailment", "-"), ("stale-acknowledgement", "-")]
    );
}

#[test]
fn a_fingerprint_entry_names_its_finding() {
    let fs = lib_check(TWO);
    let fp = fs[1].fingerprint.clone();
    let map = with(TWO, &format!("[[acknowledged]]\nfingerprint = \"{fp}\"\nreason = \"by print\"\n"));
    let fs = lib_check(&map);
    assert_eq!(lib_reasons(&fs), [("broken-entailment", "-"), ("broken-entailment", "by print")]);
    let dir = with_map("fingerprint", &map);
    let (code, doc, _) = json_in(&dir, &["m.toml"]);
    assert_eq!(code, 1);
    assert_eq!(rule_reasons(&doc), pairs(&[("broken-entailment", "-"), ("broken-entailment", "by print")]));

    // With a rule that agrees, too; with one that does not, nothing.
    let agree =
        with(TWO, &format!("[[acknowledged]]\nrule = \"broken-entailment\"\nfingerprint = \"{fp}\"\nreason = \"r\"\n"));
    assert_eq!(lib_reasons(&lib_check(&agree))[1], ("broken-entailment", "r"));
    let disagree =
        with(TWO, &format!("[[acknowledged]]\nrule = \"orphan-claim\"\nfingerprint = \"{fp}\"\nreason = \"r\"\n"));
    let fs = lib_check(&disagree);
    assert_eq!(
        lib_reasons(&fs),
        [("broken-entailment", "-"), ("broken-entailment", "-"), ("stale-acknowledgement", "-")]
    );
    assert!(fs[2].message.contains(&format!("fingerprint `{fp}`")), "{}", fs[2].message);

    // A fingerprint of the wrong form is an error with its place.
    let bad = with(TWO, "[[acknowledged]]\nfingerprint = \"XYZ\"\nreason = \"r\"\n");
    std::fs::write(dir.join("bad.toml"), &bad).unwrap();
    let (code, doc, _) = json_in(&dir, &["bad.toml"]);
    assert_eq!(code, 2);
    let d = &doc["maps"][0]["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("invalid-value"), Some(16), Some(15))
    );
    // Neither rule nor fingerprint: the rule is missing.
    let loaded = load_str("m.toml", with(TWO, "[[acknowledged]]\nreason = \"r\"\n"), Format::Toml);
    assert!(loaded.map.is_none());
    assert_eq!(loaded.diagnostics[0].message, "acknowledgement #1 has no `rule`");
}

// ---------------------------------------------------------------------------
// Baselines

#[test]
fn write_baseline_then_baseline_passes_and_an_added_tension_fails() {
    let dir = with_map("round-trip", TWO);
    let out = run_in(&dir, &["check", "--write-baseline", "base.toml", "m.toml"], "");
    assert_eq!(out.code, 0, "writing the baseline succeeds: {}", out.stderr);
    assert!(out.stdout.contains("error[broken-entailment]"), "the report is written as usual: {}", out.stdout);
    assert_eq!(out.stderr, "wrote 2 baseline entries to `base.toml`\n");
    let text = std::fs::read_to_string(dir.join("base.toml")).unwrap();
    let fs = lib_check(TWO);
    for f in &fs {
        assert!(text.contains(&format!(
            "[[acknowledged]]\nfile = \"m.toml\"\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"{}\", \"{}\"]\n\
             fingerprint = \"{}\"\nreason = \"{PLACEHOLDER_REASON}\"\n",
            f.claims[0], f.claims[1], f.fingerprint
        )), "{text}");
    }
    // Written again, the same bytes.
    let again = run_in(&dir, &["check", "-q", "--write-baseline", "again.toml", "m.toml"], "");
    assert_eq!((again.code, again.stderr.as_str()), (0, ""));
    assert_eq!(std::fs::read(dir.join("again.toml")).unwrap(), text.as_bytes());

    // Read back: nothing fails; a note says the reasons are still placeholders.
    let (code, doc, stderr) = json_in(&dir, &["--baseline", "base.toml", "m.toml"]);
    assert_eq!(code, 0);
    assert_eq!(rule_reasons(&doc), pairs(&[("broken-entailment", PLACEHOLDER_REASON); 2]));
    assert_eq!(findings(&doc)[0]["acknowledged"]["kind"], "external");
    assert_eq!(findings(&doc)[0]["acknowledged"]["file"], "base.toml");
    assert_eq!(findings(&doc)[0]["acknowledged"]["line"], 5);
    assert_eq!(doc["baseline"], json!({ "file": "base.toml", "entries": 2, "placeholders": 2 }));
    assert_eq!(
        stderr,
        format!(
            "note: base.toml: 2 entries still give the placeholder reason \"{PLACEHOLDER_REASON}\": replace it with \
             why the finding stands\n"
        )
    );
    let human = run_in(&dir, &["check", "--baseline", "base.toml", "m.toml"], "");
    assert!(human.stdout.contains("(baseline base.toml:5; error when not acknowledged)"), "{}", human.stdout);

    // A new tension fails again; the old ones stay acknowledged.
    let added = TWO.replace("denies = [\"b\", \"c\"]", "denies = [\"b\", \"c\", \"d\"]").replace(
        "implies = [\"b\", \"c\"]",
        "implies = [\"b\", \"c\", \"d\"]\n\n[claims.d]\ntext = \"The auditor may vote.\"",
    );
    std::fs::write(dir.join("m.toml"), &added).unwrap();
    let (code, doc, _) = json_in(&dir, &["--baseline", "base.toml", "m.toml"]);
    assert_eq!(code, 1, "the added tension fails");
    let open: Vec<&Value> = findings(&doc).iter().filter(|f| f["acknowledged"].is_null()).collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["claims"], json!(["a", "d"]));

    // Rewriting the baseline keeps the reasons it had.
    let filled = text.replacen(PLACEHOLDER_REASON, "The treasurer abstains by custom.", 1);
    std::fs::write(dir.join("base.toml"), &filled).unwrap();
    let out = run_in(&dir, &["check", "-q", "--baseline", "base.toml", "--write-baseline", "base.toml", "m.toml"], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rewritten = std::fs::read_to_string(dir.join("base.toml")).unwrap();
    assert_eq!(rewritten.matches("[[acknowledged]]").count(), 3);
    assert_eq!(rewritten.matches("The treasurer abstains by custom.").count(), 1);
    assert_eq!(rewritten.matches(PLACEHOLDER_REASON).count(), 2);
}

#[test]
fn the_library_reads_a_baseline() {
    let fs = lib_check(TWO);
    let entries = format!(
        "[[acknowledged]]\nfile = \"m.toml\"\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"a\", \"c\"]\n\
         reason = \"known\"\n\n[[acknowledged]]\nfile = \"other.toml\"\nfingerprint = \"{}\"\nreason = \"elsewhere\"\n\n\
         [[acknowledged]]\nrule = \"orphan-claim\"\nclaims = [\"a\"]\nreason = \"stale\"\n",
        fs[0].fingerprint
    );
    let loaded = load_baseline_str("base.toml", entries.clone(), Format::Toml);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let baseline = Arc::new(loaded.baseline.unwrap());
    let config = CheckConfig { baseline: Some(baseline.clone()), ..Default::default() };
    let report = Report::check(vec![load_str("m.toml", TWO, Format::Toml)], &config);
    let fs = &report.maps[0].findings;
    assert_eq!(lib_reasons(fs), [("broken-entailment", "-"), ("broken-entailment", "known")]);
    let a = fs[1].acknowledged.as_ref().unwrap();
    assert_eq!((a.kind, a.file.as_str(), a.line, a.wildcard), (AckKind::External, "base.toml", 1, false));
    // The entry of another map is not looked for; the orphan-claim one is stale.
    let b = report.baseline.as_ref().unwrap();
    assert_eq!((b.entries, b.placeholders), (3, 0));
    assert_eq!(b.findings.len(), 1);
    assert_eq!((&*b.findings[0].file, b.findings[0].locations[0].line), ("base.toml", 13));
    assert_eq!(report.totals().failing, 1);
    // The same baseline with that map checked under its name: the entry is stale there.
    let report = Report::check(
        vec![
            load_str("m.toml", TWO, Format::Toml),
            load_str("other.toml", "[claims.z]\ntext = \"Z.\"\n", Format::Toml),
        ],
        &config,
    );
    let stale: Vec<u64> = report.baseline.unwrap().findings.iter().map(|f| f.locations[0].line as u64).collect();
    assert_eq!(stale, [8, 13]);
}

#[test]
fn stale_baseline_entries_are_reported_at_the_baseline_lines() {
    let dir = with_map("stale-baseline", TWO);
    std::fs::write(
        dir.join("base.toml"),
        "# known findings\n\n[[acknowledged]]\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"a\"]\n\
         reason = \"part\"\n\n[[acknowledged]]\nfile = \"m.toml\"\nrule = \"circular-support\"\nclaims = \"*\"\nreason = \"none\"\n",
    )
    .unwrap();
    let (code, doc, _) = json_in(&dir, &["--baseline", "base.toml", "m.toml"]);
    assert_eq!(code, 1);
    let stale: Vec<(&str, u64, &str)> = findings(&doc)
        .iter()
        .filter(|f| f["rule"] == "stale-acknowledgement")
        .map(|f| {
            (f["file"].as_str().unwrap(), f["locations"][0]["line"].as_u64().unwrap(), f["message"].as_str().unwrap())
        })
        .collect();
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert_eq!((stale[0].0, stale[0].1), ("base.toml", 3));
    assert!(stale[0].2.contains("it names 1 of the 2 claims of finding"), "{}", stale[0].2);
    assert_eq!((stale[1].0, stale[1].1), ("base.toml", 9));
    assert!(stale[1].2.contains("claims \"*\", file `m.toml`"), "{}", stale[1].2);
    // Human output draws them against the baseline's lines, after the map's findings.
    let human = run_in(&dir, &["check", "--baseline", "base.toml", "m.toml"], "");
    assert!(human.stdout.contains("--> base.toml:3:1\n"), "{}", human.stdout);
    assert!(human.stdout.contains("\n9 | [[acknowledged]]\n"), "{}", human.stdout);
    // GitHub annotations name the baseline too.
    let gh = run_in(&dir, &["check", "--format", "github", "--baseline", "base.toml", "m.toml"], "");
    assert!(
        gh.stdout.contains("::warning file=base.toml,line=9,col=1,title=elenchus stale-acknowledgement::"),
        "{}",
        gh.stdout
    );
    // `-A stale-acknowledgement` silences them, as it does a map's.
    let (code, doc, _) = json_in(&dir, &["-A", "stale-acknowledgement", "--baseline", "base.toml", "m.toml"]);
    assert_eq!((code, findings(&doc).len()), (1, 2));
}

#[test]
fn a_bad_baseline_is_an_error_with_its_place_and_exit_2() {
    let dir = with_map("bad-baseline", TWO);
    std::fs::write(
        dir.join("base.toml"),
        "[[acknowledged]]\nrule = \"broken-entailmnt\"\nclaims = \"a\"\nreason = \"x\"\ncolour = 1\n",
    )
    .unwrap();
    let out = run_in(&dir, &["check", "--baseline", "base.toml", "m.toml"], "");
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "", "no map is checked");
    assert!(out.stderr.contains("--> base.toml:2:8"), "{}", out.stderr);
    assert!(out.stderr.contains("unknown rule `broken-entailmnt`"), "{}", out.stderr);
    assert!(out.stderr.contains("--> base.toml:3:10"), "{}", out.stderr);
    assert!(out.stderr.contains("--> base.toml:5:1"), "{}", out.stderr);
    assert!(out.stderr.ends_with("error: `base.toml` has 3 error(s)\n"), "{}", out.stderr);
    // A syntax error, a missing file, a directory.
    std::fs::write(dir.join("syntax.toml"), "[[acknowledged]\n").unwrap();
    let out = run_in(&dir, &["check", "--baseline", "syntax.toml", "m.toml"], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--> syntax.toml:1:"), "{}", out.stderr);
    let out = run_in(&dir, &["check", "--baseline", "missing.toml", "m.toml"], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: cannot read `missing.toml`"), "{}", out.stderr);
    let out = run_in(&dir, &["check", "--baseline", ".", "m.toml"], "");
    assert_eq!(out.code, 2);
    // The library gives the same diagnostics.
    let loaded = load_baseline_str("base.toml", std::fs::read_to_string(dir.join("base.toml")).unwrap(), Format::Toml);
    assert!(loaded.baseline.is_none());
    let places: Vec<(usize, usize)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let p = loaded.file.line_col(d.span().start);
            (p.line, p.column)
        })
        .collect();
    assert_eq!(places, [(2, 8), (3, 10), (5, 1)]);
    assert_eq!(loaded.errors(), 3);
}

#[test]
fn write_baseline_never_overwrites_a_map_and_needs_every_map_checked() {
    let dir = with_map("refuse", TWO);
    let out = run_in(&dir, &["check", "--write-baseline", "m.toml", "m.toml"], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("refusing to overwrite the map `m.toml`"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("m.toml")).unwrap(), TWO);
    std::fs::write(dir.join("bad.toml"), "[claims.a]\n").unwrap();
    let out = run_in(&dir, &["check", "--write-baseline", "base.toml", "m.toml", "bad.toml"], "");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no baseline written to `base.toml`: 1 map could not be checked"), "{}", out.stderr);
    assert!(!dir.join("base.toml").exists());
}

#[test]
fn sarif_suppressions_are_schema_valid_and_agree_with_the_exit_code() {
    let dir = common::scratch("acks", "sarif");
    let map = with(
        TWO,
        "[[acknowledged]]\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"a\", \"b\"]\nreason = \"in the map\"\n",
    );
    std::fs::write(dir.join("m.toml"), &map).unwrap();
    let c = &lib_check(TWO)[1];
    std::fs::write(
        dir.join("base.toml"),
        format!(
            "[[acknowledged]]\nfile = \"m.toml\"\nrule = \"broken-entailment\"\nactor = \"council\"\nclaims = [\"a\", \"c\"]\nfingerprint = \"{}\"\nreason = \"in the baseline\"\n\n[[acknowledged]]\nrule = \"orphan-claim\"\nclaims = [\"zz\"]\nreason = \"stale\"\n",
            c.fingerprint
        ),
    )
    .unwrap();
    let out = run_in(&dir, &["check", "--format", "sarif", "--baseline", "base.toml", "m.toml"], "");
    assert_eq!(out.code, 0);
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    let errors: Vec<String> =
        common::sarif_validator().iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let sup = |r: &Value| r["suppressions"].clone();
    assert_eq!(
        sup(&results[0]),
        json!([{ "kind": "inSource", "status": "accepted", "justification": "in the map",
                 "location": { "physicalLocation": { "artifactLocation": { "uri": "m.toml", "uriBaseId": "%SRCROOT%" }, "region": { "startLine": 15 } } } }])
    );
    assert_eq!(
        sup(&results[1]),
        json!([{ "kind": "external", "status": "accepted", "justification": "in the baseline",
                 "location": { "physicalLocation": { "artifactLocation": { "uri": "base.toml", "uriBaseId": "%SRCROOT%" }, "region": { "startLine": 1 } } } }])
    );
    // No result at error level unsuppressed: a gate on either agrees with exit code 0.
    for r in &results[..2] {
        assert_eq!(
            (r["level"].as_str(), r["properties"]["unacknowledgedLevel"].as_str()),
            (Some("note"), Some("error"))
        );
    }
    assert!(results.iter().all(|r| r["level"] != "error"));
    // The baseline's stale entry is a result in the baseline file.
    assert_eq!(results[2]["ruleId"], "stale-acknowledgement");
    assert_eq!(results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "base.toml");
    assert!(results[2].get("suppressions").is_none());
    // GitHub: acknowledged findings are notices, not errors.
    let gh = run_in(&dir, &["check", "--format", "github", "--baseline", "base.toml", "m.toml"], "");
    assert_eq!(gh.code, 0);
    assert!(!gh.stdout.contains("::error"), "{}", gh.stdout);
    assert_eq!(gh.stdout.matches("::notice").count(), 2, "{}", gh.stdout);
}

// ---------------------------------------------------------------------------
// An independent re-implementation of the matching, over random small maps.

#[derive(Clone, Debug)]
enum Claims {
    Absent,
    Any,
    List(Vec<String>),
}

#[derive(Clone, Debug)]
struct Entry {
    rule: Option<String>,
    actor: Option<String>,
    claims: Claims,
    fingerprint: Option<String>,
    /// In the baseline (else in the map).
    external: bool,
    /// In a baseline: `file = "m.toml"` (or another map's name).
    file: Option<String>,
    reason: String,
}

/// Whether `e` names `f`, read off docs/checks.md "Acknowledgements".
fn names(e: &Entry, f: &Finding) -> bool {
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
    if e.file.as_deref().is_some_and(|x| x != &*f.file) {
        return false;
    }
    if let Some(fp) = &e.fingerprint {
        return *fp == f.fingerprint
            && e.rule.as_ref().is_none_or(|r| r == f.rule)
            && e.actor.as_ref().is_none_or(|a| Some(a) == f.actor.as_ref())
            && match &e.claims {
                Claims::List(c) => set(c) == set(&f.claims),
                _ => true,
            };
    }
    if e.rule.as_deref() != Some(f.rule) {
        return false;
    }
    match &e.claims {
        Claims::Any => e.actor.as_ref().is_none_or(|a| Some(a) == f.actor.as_ref()),
        Claims::Absent => e.actor == f.actor && f.claims.is_empty(),
        Claims::List(c) => e.actor == f.actor && set(c) == set(&f.claims),
    }
}

fn toml_entry(e: &Entry) -> String {
    let mut s = String::from("\n[[acknowledged]]\n");
    if let Some(f) = &e.file {
        s += &format!("file = \"{f}\"\n");
    }
    if let Some(r) = &e.rule {
        s += &format!("rule = \"{r}\"\n");
    }
    if let Some(a) = &e.actor {
        s += &format!("actor = \"{a}\"\n");
    }
    match &e.claims {
        Claims::Absent => {}
        Claims::Any => s += "claims = \"*\"\n",
        Claims::List(c) => {
            s += &format!("claims = [{}]\n", c.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "))
        }
    }
    if let Some(fp) = &e.fingerprint {
        s += &format!("fingerprint = \"{fp}\"\n");
    }
    s + &format!("reason = \"{}\"\n", e.reason)
}

const KINDS: [&str; 4] = ["implies", "supports", "attacks", "contradicts"];
const POSITIONS: [&str; 3] = ["affirms", "denies", "abstains"];

/// A map of `nc` claims and two actors: `rels` are (kind, from, to), `stances` (actor, position, claim).
fn random_map(nc: usize, rels: &[(usize, usize, usize)], stances: &[(usize, usize, usize)]) -> String {
    let mut s = String::new();
    for a in 0..2 {
        s += &format!("[actors.p{a}]\n");
        let mut seen = BTreeSet::new();
        for (p, pos) in POSITIONS.iter().enumerate() {
            let list: Vec<String> = stances
                .iter()
                .filter(|&&(x, y, c)| x == a && y == p && c < nc && seen.insert(c))
                .map(|&(_, _, c)| format!("\"c{c}\""))
                .collect();
            if !list.is_empty() {
                s += &format!("{pos} = [{}]\n", list.join(", "));
            }
        }
        s += "\n";
    }
    let mut seen = BTreeSet::new();
    for c in 0..nc {
        s += &format!("[claims.c{c}]\ntext = \"Claim {c}.\"\n");
        for (k, kind) in KINDS.iter().enumerate() {
            let to: Vec<String> = rels
                .iter()
                .filter(|&&(x, f, t)| x == k && f % nc == c && t % nc != c && seen.insert((k, c, t % nc)))
                .map(|&(_, _, t)| format!("\"c{}\"", t % nc))
                .collect();
            if !to.is_empty() {
                s += &format!("{kind} = [{}]\n", to.join(", "));
            }
        }
        s += "\n";
    }
    s
}

/// Entries made from the findings `fs` by `choices` (variant, finding, extra).
fn entries(fs: &[Finding], nc: usize, choices: &[(u8, usize, usize, bool, bool)]) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, &(variant, which, extra, external, restrict)) in choices.iter().enumerate() {
        let Some(f) = fs.get(which % fs.len().max(1)) else { break };
        let mut e = Entry {
            rule: Some(f.rule.to_string()),
            actor: f.actor.clone(),
            claims: Claims::List(f.claims.iter().rev().cloned().collect()),
            fingerprint: None,
            external,
            file: (external && restrict).then(|| if extra % 3 == 0 { "other.toml".into() } else { "m.toml".into() }),
            reason: format!("r{i}"),
        };
        let other_actor = || Some(if f.actor.as_deref() == Some("p0") { "p1".to_string() } else { "p0".to_string() });
        match variant % 10 {
            0 => {}
            1 => {
                // A repeated claim.
                if let Claims::List(c) = &mut e.claims
                    && let Some(x) = c.first().cloned()
                {
                    c.push(x);
                }
            }
            2 => {
                // One claim fewer.
                if let Claims::List(c) = &mut e.claims
                    && !c.is_empty()
                {
                    c.remove(extra % c.len());
                }
            }
            3 => {
                // One claim more (or the same one again).
                if let Claims::List(c) = &mut e.claims {
                    c.push(format!("c{}", extra % nc));
                }
            }
            4 => e.claims = Claims::Any,
            5 => {
                e.claims = Claims::Any;
                e.actor = if extra % 2 == 0 { None } else { other_actor() };
            }
            6 => {
                e.fingerprint = Some(f.fingerprint.clone());
                if extra % 2 == 0 {
                    e.rule = None;
                    e.actor = None;
                    e.claims = Claims::Absent;
                }
            }
            7 => e.claims = Claims::Absent,
            8 => e.actor = if f.actor.is_some() && extra % 2 == 0 { None } else { other_actor() },
            _ => {
                e.fingerprint = Some(f.fingerprint.clone());
                e.rule = Some(if f.rule == "orphan-claim" { "contradiction" } else { "orphan-claim" }.into());
            }
        }
        out.push(e);
    }
    out
}

proptest! {
    #![proptest_config(common::proptest_config(192))]

    #[test]
    fn matching_agrees_with_a_re_implementation(
        nc in 2usize..6,
        rels in prop::collection::vec((0usize..4, 0usize..6, 0usize..6), 0..10),
        stances in prop::collection::vec((0usize..2, 0usize..3, 0usize..6), 0..10),
        choices in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<bool>(), any::<bool>()), 0..8),
    ) {
        let map = random_map(nc, &rels, &stances);
        let plain = lib_check(&map);
        let entries = entries(&plain, nc, &choices);
        let in_map: Vec<&Entry> = entries.iter().filter(|e| !e.external).collect();
        let in_base: Vec<&Entry> = entries.iter().filter(|e| e.external).collect();
        let map_text = in_map.iter().fold(map.clone(), |s, e| s + &toml_entry(e));
        let base_text: String = in_base.iter().map(|e| toml_entry(e)).collect();
        let loaded = load_baseline_str("base.toml", base_text, Format::Toml);
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let config = CheckConfig { baseline: Some(Arc::new(loaded.baseline.unwrap())), ..Default::default() };
        let report = Report::check(vec![load_str("m.toml", map_text.clone(), Format::Toml)], &config);
        prop_assert!(report.maps[0].map.is_some(), "{:?}", report.maps[0].diagnostics);
        let (found, stale): (Vec<&Finding>, Vec<&Finding>) =
            report.maps[0].findings.iter().partition(|f| f.rule != "stale-acknowledgement");

        // The findings are those of the map without entries.
        prop_assert_eq!(found.iter().map(|f| &f.fingerprint).collect::<Vec<_>>(), plain.iter().map(|f| &f.fingerprint).collect::<Vec<_>>());
        // Each takes the reason of the entry the docs say wins: exact before
        // wildcard, the map's before the baseline's, then the later one.
        for f in &found {
            let rank = |(k, e): &(usize, &&Entry)| (!matches!(e.claims, Claims::Any) || e.fingerprint.is_some(), !e.external, *k);
            let best = in_map.iter().enumerate().chain(in_base.iter().enumerate())
                .filter(|(_, e)| names(e, f))
                .max_by_key(rank);
            let want = best.map(|(_, e)| (e.reason.clone(), if e.external { AckKind::External } else { AckKind::InSource },
                matches!(e.claims, Claims::Any) && e.fingerprint.is_none()));
            let got = f.acknowledged.as_ref().map(|a| (a.reason.clone(), a.kind, a.wildcard));
            prop_assert_eq!(got, want, "{}\n{:#?}", map_text, f);
            prop_assert_eq!(f.is_failing(), f.level == Level::Error && f.acknowledged.is_none());
        }
        // The stale entries are those that name no finding, each once, with
        // a hint exactly when a finding of its rule and actor has every claim it lists.
        let reason_of = |f: &Finding| f.chain.rsplit_once(": \"").unwrap().1.trim_end_matches("\"; no such finding").to_string();
        let mut got: Vec<String> = stale.iter().map(|f| reason_of(f)).collect();
        got.extend(report.baseline.as_ref().unwrap().findings.iter().map(reason_of));
        let looked_for = |e: &Entry| e.file.as_deref() != Some("other.toml");
        let mut want: Vec<String> = entries.iter().filter(|e| looked_for(e) && !plain.iter().any(|f| names(e, f))).map(|e| e.reason.clone()).collect();
        got.sort();
        want.sort();
        prop_assert_eq!(&got, &want);
        let all_stale = stale.iter().copied().chain(report.baseline.as_ref().unwrap().findings.iter());
        for s in all_stale {
            let e = entries.iter().find(|e| e.reason == reason_of(s)).unwrap();
            let listed: BTreeSet<String> = match &e.claims { Claims::List(c) => c.iter().cloned().collect(), _ => BTreeSet::new() };
            let hinted = e.fingerprint.is_none() && !matches!(e.claims, Claims::Any) && plain.iter().any(|f| {
                Some(f.rule) == e.rule.as_deref()
                    && (e.actor.is_none() || f.actor == e.actor)
                    && listed.iter().all(|c| f.claims.contains(c))
            });
            prop_assert_eq!(s.message.contains(": it names "), hinted, "{}", s.message);
        }
    }
}
