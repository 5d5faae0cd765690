//! AIF in and out: every node type and the real-world mess (tests/data/aif),
//! the illocution table and a speaker who voices a view and rebuts it, the
//! fixed point AIF → map → AIF → map on the test files and on random AIF
//! graphs, and the command line (`import aif`, `export aif`, detection and
//! `--input-format aif`).

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{run, scratch};
use elenchus::formats::aif::{self, Illocutions, Rephrase};
use elenchus::model::{ArgMap, Basis, Position};
use elenchus::{Format, load_str};
use proptest::prelude::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/aif");

fn data(name: &str) -> String {
    std::fs::read_to_string(Path::new(DATA).join(name)).unwrap()
}

/// The map of AIF text, which must load.
fn read(text: &str) -> ArgMap {
    let loaded = aif::read("t.json", text);
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.render(&loaded.file, Default::default())).collect();
    loaded.map.unwrap_or_else(|| panic!("errors:\n{}", shown.join("\n")))
}

/// Stances as `actor position claim basis date`.
fn stances(m: &ArgMap) -> BTreeSet<String> {
    m.stances
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {} {}",
                m.actors[s.actor as usize].id,
                s.position,
                m.claims[s.claim as usize].id,
                s.basis,
                s.when().unwrap_or_default()
            )
        })
        .collect()
}

/// Relations as `premises type target`.
fn relations(m: &ArgMap) -> BTreeSet<String> {
    m.relations
        .iter()
        .map(|r| {
            let p: Vec<&str> = r.premises().iter().map(|&c| m.claims[c as usize].id.as_str()).collect();
            let to = match r.to {
                elenchus::model::Target::Claim(c) => m.claims[c as usize].id.clone(),
                elenchus::model::Target::Relation(t) => {
                    format!("rel:{}", m.relations[t as usize].id.clone().unwrap_or_default())
                }
            };
            format!("{} {} {to}", p.join("+"), r.kind)
        })
        .collect()
}

#[test]
fn every_node_type_is_read() {
    let text = data("every-node-type.json");
    let m = read(&text);
    let claims: Vec<&str> = m.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(claims, ["1", "2", "3", "6", "8", "10", "12", "28"], "I-nodes are claims, by nodeID; L, YA, TA are not");
    assert_eq!(m.claims[0].text, "Public transport should be free");
    let want: BTreeSet<String> = [
        "2 supports 1",       // RA
        "3+6 supports 2",     // RA with two premises: linked
        "8 attacks 1",        // CA
        "10 attacks 2",       // CA
        "10 undercuts rel:4", // CA on an RA-node
        "12 supports 8",      // MA: from the rephrase to the original
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(relations(&m), want);
    let expert = m.relations.iter().find(|r| r.id.as_deref() == Some("5")).unwrap();
    assert_eq!(expert.note.as_deref(), Some("AIF scheme: Expert Opinion"), "a scheme is kept in the note");
    let rephrase = m.relations.iter().find(|r| r.id.as_deref() == Some("11")).unwrap();
    assert_eq!(rephrase.note.as_deref(), Some("AIF rephrase: Default Rephrase"));
    let names: Vec<(&str, &str)> = m.actors.iter().map(|a| (a.id.as_str(), a.display_name())).collect();
    assert_eq!(names, [("ann-lee", "Ann Lee"), ("bob-ray", "Bob Ray"), ("experts", "Experts")]);
    let want: BTreeSet<String> = [
        // participants + locutions (the locution's start is the date)
        "ann-lee affirms 1 stated 2020-10-15T22:17:22",
        // Agreeing through a transition: the reply's speaker
        "ann-lee affirms 8 stated 2020-10-15T22:20:00",
        // `Name : ` before the text, the L-node's timestamp
        "bob-ray affirms 12 stated 2020-10-15T22:18:05",
        // Disagreeing with a conflict denies what it attacks
        "bob-ray denies 1 stated 2020-10-15T22:18:05",
        // voiced "some say 2", then rebutted it: denies 2, and no affirms 2
        "bob-ray affirms 10 stated 2020-10-15T22:19:10",
        "bob-ray denies 2 stated 2020-10-15T22:19:10",
        // reported speech (L -> YA -> L): the reported speaker's, reported
        "experts affirms 3 reported 2021-01-28T19:50:01",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(stances(&m), want, "Pure Questioning commits to nothing");
    let reported = m.stances.iter().find(|s| s.basis == Basis::Reported).unwrap();
    assert_eq!(reported.source.as_deref(), Some("reported by Ann Lee"));
    assert_eq!(reported.quote.as_deref(), Some("emissions must fall"));

    let (_, summary) = aif::to_table(&text, &Illocutions::default()).unwrap();
    assert_eq!(summary.rebutted_reports, 1);
    assert_eq!(summary.skipped_total(), 0, "{:?}", summary.skipped);
    assert_eq!((summary.claims, summary.relations, summary.actors, summary.stances), (8, 6, 3, 7));
    assert_eq!(summary.nodes.get("TA"), Some(&4));
}

#[test]
fn a_view_voiced_and_rebutted_is_no_contradiction() {
    // Without the rule, bob-ray would affirm and deny `2` in one breath.
    let r = run(&["check", &format!("{DATA}/every-node-type.json"), "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let on = |rule: &str, actor: &str| findings.iter().any(|f| f["rule"] == rule && f["actor"] == actor);
    assert!(!on("contradiction", "bob-ray"), "{findings:#?}");
    // ann-lee affirms 1 and agrees with 8, which attacks 1: a real tension.
    assert!(on("conflicting-position", "ann-lee"), "{findings:#?}");

    // The same speaker disagreeing with a view voiced by someone else keeps both.
    let text = data("every-node-type.json").replace("\"Bob Ray : some say", "\"Cy Dee : some say");
    let m = read(&text);
    let s = stances(&m);
    assert!(s.contains("cy-dee affirms 2 stated 2020-10-15T22:19:00"), "{s:?}");
    assert!(s.contains("bob-ray denies 2 stated 2020-10-15T22:19:10"), "{s:?}");
}

#[test]
fn the_illocution_table_is_configurable() {
    let table = Illocutions::parse("# no denials\nDisagreeing = none\npure questioning = affirms\n").unwrap();
    assert_eq!(table.position("Disagreeing"), None);
    assert_eq!(table.position("PureQuestioning"), Some(Position::Affirms), "names compare without case and spaces");
    assert_eq!(table.position("Asserting"), Some(Position::Affirms), "the other defaults stay");
    let (t, summary) = aif::to_table(&data("every-node-type.json"), &table).unwrap();
    let st = t["stances"].as_array().unwrap();
    assert!(st.iter().all(|s| s["position"].as_str() != Some("denies")));
    assert!(st.iter().any(|s| s["claim"].as_str() == Some("28")), "the question now commits");
    assert!(st.iter().any(|s| s["claim"].as_str() == Some("2")), "with no denial, the voiced view stands");
    assert_eq!(summary.rebutted_reports, 0);
    for bad in ["Asserting", "Asserting = maybe", " = affirms"] {
        let e = Illocutions::parse(bad).unwrap_err();
        assert!(e.starts_with("line 1:"), "{e}");
    }
}

/// A speaker who asserts a rephrase and disagrees with the original: `O` is
/// the original (said first), `R` its rephrase, joined by an MA-node from `R`
/// to `O` as in AIFdb's corpora.
const REPHRASED: &str = r#"{"nodes": [
  {"nodeID": "o", "type": "I", "text": "in principle they are right"},
  {"nodeID": "r", "type": "I", "text": "they are right in the principle"},
  {"nodeID": "ma", "type": "MA", "text": "Default Rephrase", "scheme": "Default Rephrase"},
  {"nodeID": "l1", "type": "L", "text": "Ann Lee : they are right in the principle"},
  {"nodeID": "y1", "type": "YA", "text": "Asserting"},
  {"nodeID": "l2", "type": "L", "text": "Ann Lee : no, in principle they are not right"},
  {"nodeID": "y2", "type": "YA", "text": "Disagreeing"}],
 "edges": [
  {"fromID": "r", "toID": "ma"}, {"fromID": "ma", "toID": "o"},
  {"fromID": "l1", "toID": "y1"}, {"fromID": "y1", "toID": "r"},
  {"fromID": "l2", "toID": "y2"}, {"fromID": "y2", "toID": "o"}]}"#;

#[test]
fn a_rephrase_is_one_way_support_or_implication_both_ways() {
    // The default: `supports` from the rephrase to the original, the scheme in the note.
    let m = read(REPHRASED);
    assert_eq!(relations(&m), BTreeSet::from(["r supports o".to_string()]));
    assert_eq!(m.relations[0].id.as_deref(), Some("ma"));
    assert_eq!(m.relations[0].note.as_deref(), Some("AIF rephrase: Default Rephrase"));
    // Written back as an MA-node, not an RA-node.
    let written: serde_json::Value = serde_json::from_str(&aif::write(&m)).unwrap();
    let types: Vec<&str> = written["nodes"].as_array().unwrap().iter().map(|n| n["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"MA") && !types.contains(&"RA"), "{types:?}");
    // The other reading, through the table.
    let mut table = Illocutions::default();
    assert_eq!(table.rephrase(), Rephrase::Supports);
    table.set_rephrase(Rephrase::Implies);
    let (t, summary) = aif::to_table(REPHRASED, &table).unwrap();
    let rels: Vec<String> = t["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!("{} {} {}", r["from"].as_str().unwrap(), r["type"].as_str().unwrap(), r["to"].as_str().unwrap())
        })
        .collect();
    assert_eq!(rels, ["r implies o", "o implies r"]);
    assert_eq!(summary.relations, 2);
    assert_eq!(Rephrase::parse("implies"), Some(Rephrase::Implies));
    assert_eq!(Rephrase::parse("both"), None);

    // Through the command line: a strict reading makes Ann Lee's hedge a
    // broken entailment; the default leaves an unheeded reason (a warning).
    let dir = scratch("aif", "rephrase");
    let src = dir.join("rephrased.json");
    std::fs::write(&src, REPHRASED).unwrap();
    let rules = |reading: Option<&str>| -> BTreeSet<String> {
        let out = dir.join(format!("{}.toml", reading.unwrap_or("default")));
        let mut args = vec!["import", "aif", src.to_str().unwrap(), "-o", out.to_str().unwrap()];
        if let Some(r) = reading {
            args.extend(["--rephrase", r]);
        }
        let r = run(&args, "");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let r = run(&["check", out.to_str().unwrap(), "--format", "json"], "");
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["actor"] == "ann-lee")
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let default = rules(None);
    assert!(default.contains("unheeded-reason") && !default.contains("broken-entailment"), "{default:?}");
    assert_eq!(rules(Some("supports")), default);
    let strict = rules(Some("implies"));
    assert!(strict.contains("broken-entailment"), "{strict:?}");
    // The AIF file checked directly reads rephrases the default way.
    let r = run(&["check", src.to_str().unwrap(), "--format", "json"], "");
    assert!(r.stdout.contains("unheeded-reason") && !r.stdout.contains("broken-entailment"), "{}", r.stdout);
    let r = run(&["import", "aif", src.to_str().unwrap(), "--rephrase", "both"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("supports") && r.stderr.contains("implies"), "{}", r.stderr);
}

#[test]
fn the_mess_is_reported_at_the_node_and_counted() {
    let text = data("mess.json");
    let loaded = load_str("mess.json", text.clone(), Format::Aif);
    assert!(loaded.map.is_some(), "warnings do not reject the map");
    let got: Vec<(usize, String)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "aif-input")
        .map(|d| (d.position(&loaded.file).line, d.message.clone()))
        .collect();
    let lines: Vec<usize> = got.iter().map(|g| g.0).collect();
    assert_eq!(lines, [5, 6, 7, 8, 9, 10, 11, 13, 14, 16, 18, 23, 25, 26, 32], "{got:#?}");
    assert!(got[0].1.contains("given twice"));
    assert!(got[12].1.contains("`99`"));
    let (_, s) = aif::to_table(&text, &Illocutions::default()).unwrap();
    assert_eq!(s.skipped_total(), got.len(), "every warning counted once");
    assert_eq!(s.skipped.get("duplicate node"), Some(&2));
    let m = loaded.map.unwrap();
    assert_eq!(m.claims.len(), 2);
    assert_eq!(stances(&m), BTreeSet::from(["cal-poe affirms 1 stated ".to_string()]), "a bad time leaves it undated");

    // Not AIF at all: an error with a position, never a panic.
    for (bad, code) in [
        ("[1, 2]", "wrong-type"),
        ("{\"nodes\": 3, \"edges\": []}", "wrong-type"),
        ("{\"edges\": []}", "missing-key"),
        ("{\"nodes\": [", "syntax"),
        ("{\"nodes\": [], \"edges\": []}", "empty-map"),
    ] {
        let l = load_str("bad.json", bad, Format::Aif);
        assert!(l.map.is_none(), "{bad}");
        assert_eq!(l.diagnostics[0].code.as_str(), code, "{bad}");
    }
}

/// AIF → map (TOML text) → AIF → map: the second map is the first.
fn fixed_point(text: &str) {
    let table = Illocutions::default();
    let (t1, _) = aif::to_table(text, &table).unwrap();
    let m1 = read(text);
    let a1 = aif::write(&m1);
    let (t2, _) = aif::to_table(&a1, &table).unwrap();
    assert_eq!(toml::to_string(&t1).unwrap(), toml::to_string(&t2).unwrap(), "AIF written:\n{a1}");
    let a2 = aif::write(&read(&a1));
    assert_eq!(a1, a2);
    // The same with rephrases read as `implies` both ways (through the table, not the process-wide one).
    let mut table = Illocutions::default();
    table.set_rephrase(Rephrase::Implies);
    let map_of = |t: &toml::Table| load_str("t.toml", toml::to_string(t).unwrap(), Format::Toml).map;
    let (t1, _) = aif::to_table(text, &table).unwrap();
    let Some(m1) = map_of(&t1) else { return };
    let a1 = aif::write(&m1);
    let (t2, _) = aif::to_table(&a1, &table).unwrap();
    assert_eq!(toml::to_string(&t1).unwrap(), toml::to_string(&t2).unwrap(), "AIF written:\n{a1}");
    assert_eq!(aif::write(&map_of(&t2).unwrap()), a1);
}

#[test]
fn aif_map_aif_map_is_a_fixed_point() {
    for f in ["every-node-type.json", "mess.json"] {
        fixed_point(&data(f));
    }
}

#[test]
fn a_map_written_as_aif_reads_back() {
    let map = "[claims.a]\ntext = \"A\"\n[claims.b]\ntext = \"B\"\n[claims.c]\ntext = \"C\"\n\
        [actors.x]\nname = \"Xi Yu\"\naffirms = [\"a\"]\n\
        [[relations]]\nid = \"ra\"\nfrom = \"b\"\nto = \"a\"\ntype = \"supports\"\n\
        [[relations]]\nfrom = \"c\"\nto = \"ra\"\ntype = \"undercuts\"\n\
        [[relations]]\nfrom = \"c\"\nto = \"a\"\ntype = \"contradicts\"\n\
        [[relations]]\nfrom = \"a\"\nto = \"b\"\ntype = \"implies\"\n\
        [[stances]]\nactor = \"x\"\nclaim = \"c\"\nposition = \"denies\"\ndate = 2020-01-02\n";
    let m = load_str("m.toml", map, Format::Toml).map.unwrap();
    let back = read(&aif::write(&m));
    assert_eq!(
        relations(&back),
        ["b supports a", "c undercuts rel:ra", "c contradicts a", "a implies b"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert_eq!(
        stances(&back),
        ["xi-yu affirms a stated ", "xi-yu denies c stated 2020-01-02"].into_iter().map(String::from).collect()
    );
}

#[test]
fn the_command_line_reads_and_writes_aif() {
    let dir = scratch("aif", "cli");
    let src = format!("{DATA}/every-node-type.json");
    let out = dir.join("m.json");
    let r = run(&["import", "aif", &src, "-o", out.to_str().unwrap()], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("8 claims, 6 relations, 3 actors, 7 stances; left out: 0"), "{}", r.stderr);
    assert!(r.stderr.contains("views voiced and rebutted by their speaker: 1"), "{}", r.stderr);
    let m1 = std::fs::read_to_string(&out).unwrap();
    // check, stats, render take the AIF file itself (detected), or stdin with --input-format aif.
    let direct = run(&["stats", &src], "");
    let converted = run(&["stats", out.to_str().unwrap()], "");
    assert_eq!(direct.code, 0, "{}", direct.stderr);
    assert_eq!(direct.stdout.replace(&src, "F"), converted.stdout.replace(out.to_str().unwrap(), "F"));
    let stdin = run(&["validate", "-", "--input-format", "aif"], &data("every-node-type.json"));
    assert_eq!(stdin.code, 0, "{}", stdin.stderr);
    let r = run(&["render", &src, "--format", "dot"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Public transport should be"), "{}", r.stdout);
    // export aif, and back: the same map.
    let a1 = dir.join("a1.json");
    let r = run(&["export", "aif", out.to_str().unwrap(), "-o", a1.to_str().unwrap()], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m2 = dir.join("m2.json");
    let r = run(&["import", "aif", a1.to_str().unwrap(), "-o", m2.to_str().unwrap()], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(m1, std::fs::read_to_string(&m2).unwrap());
    // A directory: one map per file, with the totals.
    let maps = dir.join("maps");
    let r = run(&["import", "aif", DATA, "-o", maps.to_str().unwrap()], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 maps read, 0 rejected; in all: 10 claims, 7 relations, 4 actors, 8 stances; left out: 15"),
        "{}",
        r.stderr
    );
    assert!(maps.join("mess.toml").exists() && maps.join("every-node-type.toml").exists());
    // The illocution table from a file, and a bad one.
    let t = dir.join("table.txt");
    std::fs::write(&t, "Disagreeing = none\n").unwrap();
    let r = run(&["import", "aif", &src, "--illocutions", t.to_str().unwrap()], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("denies"), "{}", r.stdout);
    std::fs::write(&t, "Disagreeing\n").unwrap();
    let r = run(&["import", "aif", &src, "--illocutions", t.to_str().unwrap()], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("line 1"), "{}", r.stderr);
    // Not AIF: an error with its position and a nonzero exit.
    let r = run(&["import", "aif", "-"], "{\"nodes\": [}");
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("<stdin>:1:"), "{}", r.stderr);
}

/// Random AIF graphs: any node types, edges anywhere, speakers and times.
fn graph() -> impl Strategy<Value = String> {
    let node = (0usize..7, 0usize..4, any::<bool>());
    (prop::collection::vec(node, 1..14), prop::collection::vec((0usize..16, 0usize..16), 0..30)).prop_map(|(nodes, edges)| {
        let types = ["I", "RA", "CA", "MA", "L", "YA", "TA"];
        let ya = ["Asserting", "Disagreeing", "Agreeing", "Pure Questioning"];
        let people = ["Ann Lee", "Bob Ray", "Cy Dee", ""];
        let n: Vec<serde_json::Value> = nodes
            .iter()
            .enumerate()
            .map(|(i, &(t, k, numeric))| {
                let ty = types[t];
                let text = match ty {
                    "I" => format!("claim {i}"),
                    "L" => format!("{} : words {i}", people[k]),
                    "YA" => ya[k].to_string(),
                    "RA" if k == 0 => "Expert Opinion".into(),
                    _ => format!("Default {ty}"),
                };
                let id = if numeric { serde_json::json!(i) } else { serde_json::json!(i.to_string()) };
                serde_json::json!({"nodeID": id, "type": ty, "text": text, "timestamp": format!("2020-01-0{} 10:00:00", 1 + k)})
            })
            .collect();
        let e: Vec<serde_json::Value> =
            edges.iter().map(|&(a, b)| serde_json::json!({"fromID": a.to_string(), "toID": b.to_string()})).collect();
        serde_json::json!({"nodes": n, "edges": e}).to_string()
    })
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn random_aif_never_panics_and_is_a_fixed_point(text in graph()) {
        let loaded = aif::read("r.json", text.clone());
        // No error but an empty map (no I-node): the rest are warnings.
        let errors: Vec<&str> = loaded.diagnostics.iter().filter(|d| d.level == elenchus::Level::Error).map(|d| d.code.as_str()).collect();
        prop_assert!(errors.iter().all(|c| *c == "empty-map"), "{errors:?}\n{text}");
        if loaded.map.is_some() {
            fixed_point(&text);
        }
    }
}
