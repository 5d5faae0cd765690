//! `check --actor`, `--summary` and `--group-by`, through the binary and the
//! library: counts are checked against a recount of the full JSON document,
//! filters against the full findings filtered here, groups against the
//! findings they came from.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Out, run_in, scratch};
use elenchus::check::CheckConfig;
use elenchus::load::load_file;
use elenchus::report::Report;
use elenchus::report::summary::{GroupBy, group, resolve_actors, statistics};
use proptest::prelude::*;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const UNGA: &str = "maps/unga-es11.toml";
/// Maps with findings of several rules, levels and acknowledgements.
const SMALL: [&str; 6] = [
    "tests/data/check/acknowledged.toml",
    "tests/data/check/addressed.toml",
    "tests/data/check/levels.toml",
    "tests/data/check/shift.toml",
    "tests/data/check/warnings.toml",
    "tests/data/check/stale.toml",
];

fn run(args: &[&str]) -> Out {
    run_in(Path::new(ROOT), args, None)
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let doc = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {out:?}"));
    (out.code, doc)
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("findings")
}

fn fingerprints<'a>(fs: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    let mut v: Vec<String> = fs.into_iter().map(|f| f["fingerprint"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

/// The level a finding is counted at, read from the JSON finding.
fn counted_level(f: &Value) -> String {
    if f["acknowledged"].is_null() { f["level"].as_str().unwrap().to_string() } else { "acknowledged".into() }
}

/// The counts of the full document, recounted: rule+level, map, actor.
#[allow(clippy::type_complexity)]
fn recount(doc: &Value) -> (BTreeMap<(String, String), u64>, BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let (mut rules, mut maps, mut actors) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for f in findings(doc) {
        *rules.entry((f["rule"].as_str().unwrap().to_string(), counted_level(f))).or_default() += 1;
        *maps.entry(f["file"].as_str().unwrap().to_string()).or_default() += 1;
        if let Some(a) = f["actor"].as_str() {
            *actors.entry(a.to_string()).or_default() += 1;
        }
    }
    (rules, maps, actors)
}

/// A table of the summary as a map, asserting it is sorted by count (most
/// first) then name.
fn table(rows: &Value, with_level: bool) -> BTreeMap<(String, String), u64> {
    let rows = rows.as_array().expect("rows");
    let keyed: Vec<(u64, String, String)> = rows
        .iter()
        .map(|r| {
            let level = if with_level { r["level"].as_str().unwrap().to_string() } else { String::new() };
            (r["count"].as_u64().unwrap(), r["name"].as_str().unwrap().to_string(), level)
        })
        .collect();
    let mut sorted = keyed.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2))));
    assert_eq!(keyed, sorted, "rows not sorted by count then name");
    keyed.into_iter().map(|(n, name, level)| ((name, level), n)).collect()
}

fn unkeyed(m: BTreeMap<String, u64>) -> BTreeMap<(String, String), u64> {
    m.into_iter().map(|(k, n)| ((k, String::new()), n)).collect()
}

#[test]
fn summary_counts_equal_a_recount_of_the_full_document() {
    let mut cases: Vec<Vec<&str>> =
        vec![vec![UNGA], vec!["maps"], vec![UNGA, "-W", "unheeded-reason", "-D", "warnings"]];
    cases.extend(SMALL.iter().map(|m| vec![*m]));
    cases.push(SMALL.to_vec());
    for args in cases {
        let (code, full) = json(&args);
        let mut with = args.clone();
        with.push("--summary");
        let (scode, sum) = json(&with);
        assert_eq!(code, scode, "{args:?}: the exit code does not depend on --summary");
        assert_eq!(sum["summary"], full["summary"], "{args:?}");
        let (rules, maps, actors) = recount(&full);
        let rules: BTreeMap<(String, String), u64> = rules;
        assert_eq!(table(&sum["statistics"]["rules"], true), rules, "{args:?}");
        assert_eq!(table(&sum["statistics"]["maps"], false), unkeyed(maps), "{args:?}");
        assert_eq!(table(&sum["statistics"]["actors"], false), unkeyed(actors), "{args:?}");
        let again = json(&with).1;
        assert_eq!(sum, again, "{args:?}: not deterministic");
    }
}

#[test]
fn summary_in_human_form_lists_every_count() {
    let (_, full) = json(&[UNGA]);
    let out = run(&["check", UNGA, "--summary"]);
    assert_eq!(out.code, 0, "{out:?}");
    let (rules, _, actors) = recount(&full);
    assert!(out.stdout.starts_with("findings by rule:\n"), "{}", out.stdout);
    let w = rules.values().map(|n| n.to_string().len()).max().unwrap();
    for ((rule, level), n) in rules {
        let line = format!("  {n:>w$}  {level:<12}  {rule}");
        assert!(out.stdout.lines().any(|l| l == line), "no line {line:?} in\n{}", out.stdout);
    }
    let actor_lines: Vec<&str> =
        out.stdout.lines().skip_while(|l| *l != "findings by actor:").skip(1).filter(|l| l.starts_with("  ")).collect();
    assert_eq!(actor_lines.len(), actors.len());
    for (actor, n) in &actors {
        let width = actors.values().map(|n| n.to_string().len()).max().unwrap();
        let line = format!("  {n:>width$}  {actor}");
        assert!(actor_lines.contains(&line.as_str()), "no line {line:?}");
    }
    // The summary line, as the full JSON document counts it.
    let count = |k: &str| full["summary"][k].as_u64().unwrap();
    let last = format!("0 errors, {} warnings, {} notes in 1 map\n", count("warnings"), count("notes"));
    assert_eq!(count("errors"), 0);
    assert!(out.stdout.ends_with(&last), "{}", out.stdout);
    assert!(!out.stdout.contains("chain:"), "findings drawn under --summary");
}

#[test]
fn actor_filter_keeps_exactly_the_findings_of_those_actors() {
    let (_, full) = json(&[UNGA]);
    let all = findings(&full);
    let actors: BTreeSet<&str> = all.iter().filter_map(|f| f["actor"].as_str()).collect();
    let chosen: Vec<&str> = actors.iter().copied().step_by(7).collect();
    assert!(chosen.len() >= 3);
    for pick in [vec![chosen[0]], chosen.clone()] {
        let expected = fingerprints(all.iter().filter(|f| f["actor"].as_str().is_some_and(|a| pick.contains(&a))));
        assert!(!expected.is_empty());
        // Repeated flags and one comma-separated list give the same.
        let mut repeated = vec![UNGA];
        for a in &pick {
            repeated.extend(["--actor", a]);
        }
        let joined = pick.join(",");
        let comma = vec![UNGA, "--actor", &joined];
        for args in [repeated, comma] {
            let (code, doc) = json(&args);
            assert_eq!(code, 0);
            assert_eq!(fingerprints(findings(&doc)), expected, "{args:?}");
            let kept: u64 = ["errors", "warnings", "notes"].iter().map(|k| doc["summary"][k].as_u64().unwrap()).sum();
            assert_eq!(kept as usize, expected.len());
        }
    }
}

#[test]
fn actor_filter_drops_findings_about_no_actor_and_sets_the_exit_code() {
    let dir = scratch("check-summary", "exit");
    let map = dir.join("two.toml");
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/data/check/levels.toml")).unwrap()
        + "\n[actors.mayor]\naffirms = [\"all-members-vote\"]\n";
    std::fs::write(&map, text).unwrap();
    let m = map.to_str().unwrap();
    let (code, full) = json(&[m]);
    assert_eq!(code, 1, "council's broken entailment fails the run");
    assert!(findings(&full).iter().any(|f| f["actor"].is_null()), "the map has findings about no actor");
    let (code, doc) = json(&[m, "--actor", "mayor"]);
    assert_eq!(code, 0, "{doc}");
    assert!(findings(&doc).iter().all(|f| f["actor"] == "mayor"));
    let (code, doc) = json(&[m, "--actor", "council"]);
    assert_eq!(code, 1);
    let expected = fingerprints(findings(&full).iter().filter(|f| f["actor"] == "council"));
    assert_eq!(fingerprints(findings(&doc)), expected);
    // Every format filters.
    for format in ["human", "sarif", "github"] {
        let out = run(&["check", m, "--actor", "mayor", "--format", format]);
        assert_eq!(out.code, 0, "{format}: {out:?}");
        // How each format names a finding's rule.
        let shown = |rule: &str| match format {
            "sarif" => format!("\"ruleId\": \"{rule}\""),
            "github" => format!("elenchus {rule}::"),
            _ => format!("[{rule}]"),
        };
        assert!(!out.stdout.contains(&shown("broken-entailment")), "{format}: {}", out.stdout);
        let out = run(&["check", m, "--actor", "council", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {out:?}");
        assert!(out.stdout.contains(&shown("broken-entailment")), "{format}: {}", out.stdout);
        assert!(!out.stdout.contains(&shown("orphan-claim")), "{format}: a finding about no actor kept");
    }
}

#[test]
fn unknown_actor_is_a_usage_error_with_a_suggestion() {
    let out = run(&["check", UNGA, "--actor", "cambodai"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("no actor `cambodai`") && out.stderr.contains("did you mean `cambodia`?"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
    // An id of one map of several is accepted: the other maps have no findings of it.
    let (code, doc) = json(&[UNGA, "tests/data/check/levels.toml", "--actor", "council"]);
    assert_eq!(code, 1);
    assert!(!findings(&doc).is_empty());
    assert!(findings(&doc).iter().all(|f| f["actor"] == "council" && f["file"] == "tests/data/check/levels.toml"));
}

#[test]
fn summary_and_group_by_refuse_sarif_and_github() {
    for flags in [vec!["--summary"], vec!["--group-by", "rule"]] {
        for format in ["sarif", "github"] {
            let mut args = vec!["check", UNGA, "--format", format];
            args.extend(&flags);
            let out = run(&args);
            assert_eq!(out.code, 2, "{args:?}");
            assert!(out.stderr.contains("human and JSON"), "{}", out.stderr);
        }
    }
    let out = run(&["check", UNGA, "--summary", "--group-by", "rule"]);
    assert_eq!(out.code, 2, "{out:?}");
}

/// The key a finding of the JSON document is grouped by, computed here.
fn key(f: &Value, by: &str) -> String {
    match by {
        "actor" => f["actor"].as_str().unwrap_or("(no actor)").to_string(),
        "rule" => f["rule"].as_str().unwrap().to_string(),
        _ => {
            let claims: Vec<&str> = f["claims"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            format!("{}: {} in {}", f["rule"].as_str().unwrap(), claims.join(", "), f["file"].as_str().unwrap())
        }
    }
}

#[test]
fn grouping_loses_no_finding_and_groups_by_its_key() {
    let mut inputs: Vec<Vec<&str>> = vec![vec![UNGA], vec!["maps"]];
    inputs.push(SMALL.to_vec());
    for input in inputs {
        for by in ["actor", "rule", "pattern"] {
            let mut args = input.clone();
            args.extend(["--group-by", by]);
            let (_, doc) = json(&args);
            let all = findings(&doc);
            let groups = doc["groups"].as_array().unwrap();
            let mut seen: Vec<usize> = Vec::new();
            let mut expected: BTreeMap<String, usize> = BTreeMap::new();
            for f in all {
                *expected.entry(key(f, by)).or_default() += 1;
            }
            let mut sizes = Vec::new();
            for g in groups {
                let members = g["findings"].as_array().unwrap();
                assert_eq!(g["count"].as_u64().unwrap() as usize, members.len());
                let k = g["key"].as_str().unwrap();
                assert_eq!(expected.get(k), Some(&members.len()), "{by}: group {k}");
                let mut actors = BTreeSet::new();
                for i in members {
                    let i = i.as_u64().unwrap() as usize;
                    let f = &all[i];
                    assert_eq!(key(f, by), k);
                    if let Some(a) = f["actor"].as_str() {
                        actors.insert(a);
                    }
                    seen.push(i);
                }
                let listed: BTreeSet<&str> =
                    g["actors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
                assert_eq!(listed, actors);
                sizes.push(members.len());
            }
            assert_eq!(groups.len(), expected.len(), "{by}");
            seen.sort();
            assert_eq!(seen, (0..all.len()).collect::<Vec<_>>(), "{input:?} {by}: a finding lost or in two groups");
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "groups not largest first");
        }
    }
}

#[test]
fn group_by_pattern_in_human_form_names_the_actors_once() {
    let (_, doc) = json(&[UNGA, "--group-by", "pattern"]);
    let out = run(&["check", UNGA, "--group-by", "pattern"]);
    assert_eq!(out.code, 0);
    let headings: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("== ")).collect();
    let groups = doc["groups"].as_array().unwrap();
    assert_eq!(headings.len(), groups.len());
    for (h, g) in headings.iter().zip(groups) {
        let actors: Vec<&str> = g["actors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        let n = actors.len();
        assert!(h.starts_with(&format!("== {} ({n} finding", g["key"].as_str().unwrap())), "{h}");
        assert!(h.ends_with(&actors.join(", ")), "{h}");
    }
    // One finding drawn per group.
    let drawn =
        |text: &str| text.lines().filter(|l| ["error[", "warning[", "note["].iter().any(|p| l.starts_with(p))).count();
    assert_eq!(drawn(&out.stdout), groups.len());
    // By actor, every finding is drawn.
    let out = run(&["check", UNGA, "--group-by", "actor"]);
    assert_eq!(drawn(&out.stdout), findings(&doc).len());
}

// ---------------------------------------------------------------------------
// The library

fn report(paths: &[&str], config: &CheckConfig) -> Report {
    let loaded = paths.iter().map(|p| load_file(&Path::new(ROOT).join(p)).unwrap()).collect();
    Report::check(loaded, config)
}

#[test]
fn library_statistics_and_groups_cover_every_finding() {
    let r = report(&[UNGA, "tests/data/check/levels.toml"], &CheckConfig::default());
    let all: Vec<_> = r.findings().collect();
    let s = statistics(all.iter().copied());
    assert_eq!(s.rules.iter().map(|c| c.count).sum::<usize>(), all.len());
    assert_eq!(s.maps.iter().map(|c| c.count).sum::<usize>(), all.len());
    assert_eq!(s.actors.iter().map(|c| c.count).sum::<usize>(), all.iter().filter(|f| f.actor.is_some()).count());
    for by in [GroupBy::Actor, GroupBy::Rule, GroupBy::Pattern] {
        let groups = group(all.iter().copied(), by);
        let mut fps: Vec<&str> =
            groups.iter().flat_map(|g| g.findings.iter().map(|f| f.fingerprint.as_str())).collect();
        let mut want: Vec<&str> = all.iter().map(|f| f.fingerprint.as_str()).collect();
        fps.sort();
        want.sort();
        assert_eq!(fps, want, "{by:?}");
    }
}

#[test]
fn library_resolve_actors() {
    let l = load_file(&Path::new(ROOT).join(UNGA)).unwrap();
    let m = l.map.as_ref().unwrap();
    let set = resolve_actors([m], &["cambodia, gabon".into(), "gabon".into()]).unwrap();
    assert_eq!(set, BTreeSet::from(["cambodia".to_string(), "gabon".to_string()]));
    let err = resolve_actors([m], &["gabonn".into()]).unwrap_err();
    assert!(err.contains("did you mean `gabon`?"), "{err}");
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// The filter in the library keeps exactly the findings of the actors
    /// chosen, acknowledged as without it.
    #[test]
    fn library_actor_filter_is_the_full_check_filtered(picks in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        let paths = [UNGA, "tests/data/check/acknowledged.toml", "tests/data/check/levels.toml"];
        let full = report(&paths, &CheckConfig::default());
        let mut ids: Vec<String> = Vec::new();
        for m in full.maps.iter().filter_map(|m| m.map.as_ref()) {
            ids.extend(m.actors.iter().map(|a| a.id.clone()));
        }
        let chosen: BTreeSet<String> = picks.iter().map(|i| ids[i.index(ids.len())].clone()).collect();
        let config = CheckConfig { actors: Some(chosen.clone()), ..Default::default() };
        let filtered = report(&paths, &config);
        let got: Vec<(String, Option<String>)> =
            filtered.findings().map(|f| (f.fingerprint.clone(), f.ack_reason().map(str::to_string))).collect();
        let want: Vec<(String, Option<String>)> = full
            .findings()
            .filter(|f| f.actor.as_ref().is_some_and(|a| chosen.contains(a)))
            .map(|f| (f.fingerprint.clone(), f.ack_reason().map(str::to_string)))
            .collect();
        prop_assert_eq!(got, want);
    }
}
