//! Answers that stand, one finding per clash, and negative commitments:
//! through the command line (JSON) and the library, which must agree.

use crate::common;

use elenchus::check::{CheckConfig, Finding, check};
use elenchus::{ClaimGraph, Format, Level, load_str};
use serde_json::Value;

/// What the two ways must agree on: rule, level, message, addressed_by, notes.
type Seen = (String, String, String, Vec<String>, Vec<String>);

/// The findings of a TOML map through the library and through
/// `elenchus check --format json -`, checked to be the same.
fn findings(map: &str) -> Vec<Finding> {
    let loaded = load_str("map.toml", map, Format::Toml);
    let m = loaded.map.as_ref().unwrap_or_else(|| panic!("the map does not load: {:?}", loaded.diagnostics));
    let fs = check(&ClaimGraph::build(m), &CheckConfig::default());
    let out = common::run(&["check", "--format", "json", "--input-format", "toml", "-"], map);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let fails = fs.iter().any(|f| f.level == Level::Error);
    assert_eq!(out.code, i32::from(fails));
    let cli: Vec<Seen> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let strs = |k: &str| f[k].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
            (
                f["rule"].as_str().unwrap().into(),
                f["level"].as_str().unwrap().into(),
                f["message"].as_str().unwrap().into(),
                strs("addressed_by"),
                strs("notes"),
            )
        })
        .collect();
    let lib: Vec<Seen> = fs
        .iter()
        .map(|f| (f.rule.into(), f.level.to_string(), f.message.clone(), f.addressed_by.clone(), f.notes.clone()))
        .collect();
    assert_eq!(cli, lib);
    fs
}

fn one<'f>(fs: &'f [Finding], rule: &str) -> &'f Finding {
    let v: Vec<&Finding> = fs.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(v.len(), 1, "one {rule}: {fs:#?}");
    v[0]
}

fn none(fs: &[Finding], rule: &str) {
    assert!(fs.iter().all(|f| f.rule != rule), "no {rule}: {fs:#?}");
}

const DEFEATED: &str = r#"[actors.x]
affirms = ["a", "c", "d"]
abstains = ["b"]

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
attacks = ["c"]
"#;

#[test]
fn an_answer_defeated_by_the_actors_own_claim_does_not_address() {
    let fs = findings(DEFEATED);
    let f = one(&fs, "unheeded-reason");
    assert_eq!(f.level, Level::Warning);
    assert!(f.addressed_by.is_empty());
    assert_eq!(f.message, "x abstains on `b`, though it affirms `a`, which supports it; its reason `c` does not stand");
    assert_eq!(f.notes, ["its answer `c` is attacked by `d`, which it also holds"]);
    assert!(f.chain.ends_with("; not standing: x affirms c --attacks--> b"), "{}", f.chain);
    assert!(f.relations.contains(&"c --attacks--> b".to_string()), "{:?}", f.relations);
    // Answer `d` in turn, and `c` stands again.
    let fs = findings(
        &DEFEATED
            .replace("affirms = [\"a\", \"c\", \"d\"]", "affirms = [\"a\", \"c\", \"d\", \"e\"]")
            .replace("attacks = [\"c\"]\n", "attacks = [\"c\"]\n\n[claims.e]\ntext = \"E.\"\nattacks = [\"d\"]\n"),
    );
    let f = one(&fs, "unheeded-reason");
    assert_eq!((f.level, f.addressed_by.clone()), (Level::Note, vec!["c".to_string()]));
    assert!(f.notes.is_empty());
    // An undercut of `c`'s attack that stands defeats the answer too.
    let fs = findings(&DEFEATED.replace("attacks = [\"c\"]\n", "\n[[relations]]\nid = \"cb\"\nfrom = \"c\"\nto = \"b\"\ntype = \"attacks\"\n\n[[relations]]\nfrom = \"d\"\nto = \"cb\"\ntype = \"undercuts\"\n").replace("text = \"C.\"\nattacks = [\"b\"]\n", "text = \"C.\"\n"));
    let f = one(&fs, "unheeded-reason");
    assert_eq!(f.level, Level::Warning);
    assert_eq!(f.notes, ["its answer `c` attacks `b` is undercut by `d`, which it also holds"]);
}

#[test]
fn a_claim_cannot_answer_its_own_support() {
    let fs = findings(
        r#"[actors.x]
affirms = ["a"]
abstains = ["b"]

[claims.a]
text = "A."
supports = ["b"]
attacks = ["b"]

[claims.b]
text = "B."
"#,
    );
    let f = one(&fs, "unheeded-reason");
    assert_eq!(f.level, Level::Warning);
    assert!(f.addressed_by.is_empty());
    assert_eq!(f.notes, ["its answer `a` is the reason `a` itself: a claim cannot answer its own support"]);
}

#[test]
fn an_undecided_answer_is_explained_with_its_cycle() {
    let fs = findings(&DEFEATED.replace("attacks = [\"b\"]\n\n[claims.d]", "attacks = [\"b\", \"d\"]\n\n[claims.d]"));
    let f = one(&fs, "unheeded-reason");
    assert_eq!(f.level, Level::Warning);
    assert_eq!(f.notes, ["its answer `c` is undecided: it sits on a cycle of attacks among claims it holds (c, d)"]);
}

const MUTUAL: &str = r#"[actors.x]
affirms = ["p", "q"]

[claims.p]
text = "P."
attacks = ["q"]

[claims.q]
text = "Q."
attacks = ["p"]
"#;

#[test]
fn a_mutual_attack_is_one_finding_whatever_the_order_of_the_file() {
    let fs = findings(MUTUAL);
    let f = one(&fs, "conflicting-position");
    assert_eq!(f.message, "x holds `p` and `q`, which attack each other");
    assert_eq!(f.relations, ["p --attacks--> q", "q --attacks--> p"]);
    // The same clash written the other way round: the same finding.
    let swapped = "[actors.x]\naffirms = [\"q\", \"p\"]\n\n[claims.q]\ntext = \"Q.\"\nattacks = [\"p\"]\n\n[claims.p]\ntext = \"P.\"\nattacks = [\"q\"]\n";
    let g = findings(swapped);
    let g = one(&g, "conflicting-position");
    assert_eq!((&g.fingerprint, &g.message, &g.claims), (&f.fingerprint, &f.message, &f.claims));
    // Answered by an `r` the actor holds, which attacks either side: a note.
    let fs = findings(
        &MUTUAL
            .replace("[\"p\", \"q\"]", "[\"p\", \"q\", \"r\"]")
            .replace("[claims.q]", "[claims.r]\ntext = \"R.\"\nattacks = [\"q\"]\n\n[claims.q]"),
    );
    // (`r` against `q` is a clash of its own, unanswered.)
    let f = fs.iter().find(|f| f.message.starts_with("x holds `p` and `q`")).expect("the clash");
    assert_eq!((f.level, f.addressed_by.clone()), (Level::Note, vec!["r".to_string()]));
    assert_eq!(fs.iter().filter(|f| f.rule == "conflicting-position").count(), 2);
}

#[test]
fn a_clash_weighs_the_same_answers_whichever_claim_has_the_smaller_id() {
    // `u` and `v` attack each other, and `u` undercuts its own attack on `v`:
    // a claim of the clash is no answer, and the finding says so, whether the
    // clash is written from `u` (the smaller id) or from `v`.
    let map = |u: &str, v: &str| {
        format!(
            "[actors.x]\naffirms = [\"{u}\", \"{v}\"]\n\n\
             [claims.{u}]\ntext = \"U.\"\nundercuts = [\"u-against-v\"]\n\n\
             [claims.{v}]\ntext = \"V.\"\nattacks = [\"{u}\"]\n\n\
             [[relations]]\nid = \"u-against-v\"\nfrom = \"{u}\"\nto = \"{v}\"\ntype = \"attacks\"\n"
        )
    };
    let note = |u: &str| format!("its answer `{u}` is one of the two claims in the clash: it cannot answer for itself");
    for (u, v) in [("a", "b"), ("b", "a")] {
        let fs = findings(&map(u, v));
        let f = one(&fs, "conflicting-position");
        assert_eq!(f.level, Level::Warning, "{u}: {f:#?}");
        assert!(f.addressed_by.is_empty(), "{u}: {f:#?}");
        assert_eq!(f.notes, [note(u)], "{u}: {f:#?}");
        assert!(
            f.chain.contains(&format!("; not standing: x affirms {u} --undercuts--> [{u} --attacks--> {v}]")),
            "{u}: {}",
            f.chain
        );
    }
}

#[test]
fn attack_and_contradiction_on_one_pair_is_one_contradiction() {
    let fs = findings(&MUTUAL.replace("attacks = [\"q\"]", "attacks = [\"q\"]\ncontradicts = [\"q\"]"));
    none(&fs, "conflicting-position");
    let f = one(&fs, "contradiction");
    assert_eq!(f.level, Level::Error);
    assert_eq!(f.relations, ["p --contradicts--> q", "p --attacks--> q", "q --attacks--> p"]);
}

const TOLLENS: &str = r#"[actors.council]
denies = ["d"]
abstains = ["a"]

[claims.a]
text = "A."
implies = ["b"]

[claims.b]
text = "B."
implies = ["c"]

[claims.c]
text = "C."
implies = ["d"]

[claims.d]
text = "D."
"#;

#[test]
fn modus_tollens_through_three_implies() {
    let fs = findings(TOLLENS);
    let f = one(&fs, "broken-entailment");
    assert_eq!(f.level, Level::Warning);
    assert_eq!(f.claims, ["a", "b", "c", "d"]);
    assert_eq!(
        f.message,
        "council abstains on `a`, though it denies `d`, which `a` strictly implies: it is committed to deny `a`"
    );
    assert_eq!(f.chain, "council denies d; a --implies--> b --implies--> c --implies--> d, yet abstains");
    // The library's view: committed to deny all four, with the chain.
    let loaded = load_str("map.toml", TOLLENS, Format::Toml);
    let map = loaded.map.unwrap();
    let graph = ClaimGraph::build(&map);
    let mut view = elenchus::check::ActorView::new(map.claims.len());
    view.load(&graph, 0);
    let ids = |v: Vec<u32>| v.into_iter().map(|c| map.claim(c).id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(view.denied(&graph)), ["d", "c", "b", "a"]);
    let (chain, root) = view.denial_chain(&graph, map.claim_id("a").unwrap()).unwrap();
    assert_eq!(ids(chain.iter().map(|s| s.0).collect()), ["a", "b", "c", "d"]);
    assert!(matches!(root, elenchus::check::Denial::Denied(_)));
    // Denial: error; abstention: warning. Affirming `a` is the error, once, from the positive side.
    let fs = findings(&TOLLENS.replace("abstains = [\"a\"]", "affirms = [\"a\"]"));
    let f = one(&fs, "broken-entailment");
    assert_eq!(f.level, Level::Error);
    assert_eq!(f.chain, "council affirms a --implies--> b --implies--> c --implies--> d, yet denies");
    // Denying `a` is consistent.
    none(
        &findings(
            &TOLLENS
                .replace("abstains = [\"a\"]", "denies2 = []")
                .replace("denies = [\"d\"]", "denies = [\"d\", \"a\"]")
                .replace("denies2 = []\n", ""),
        ),
        "broken-entailment",
    );
}

#[test]
fn a_contradicted_claim_is_committed_to_deny() {
    let map = r#"[actors.party]
affirms = ["p"]
abstains = ["q"]

[claims.p]
text = "P."
contradicts = ["q"]

[claims.q]
text = "Q."
"#;
    let fs = findings(map);
    let f = one(&fs, "broken-entailment");
    assert_eq!(f.level, Level::Warning);
    assert_eq!(
        f.message,
        "party abstains on `q`, though it is committed to `p`, which contradicts it: it is committed to deny `q`"
    );
    assert_eq!(f.chain, "party affirms p; p --contradicts-- q, yet abstains");
    none(&fs, "contradiction");
    // Affirming it: the contradiction, an error; denying it: nothing.
    let fs = findings(
        &map.replace("abstains = [\"q\"]", "affirms2 = []")
            .replace("affirms = [\"p\"]", "affirms = [\"p\", \"q\"]")
            .replace("affirms2 = []\n", ""),
    );
    assert_eq!(one(&fs, "contradiction").level, Level::Error);
    none(&fs, "broken-entailment");
    assert!(findings(&map.replace("abstains", "denies")).is_empty());
}

#[test]
fn denial_is_an_error_and_abstention_a_warning() {
    let map = "[actors.c]\naffirms = [\"a\"]\ndenies = [\"b\"]\n\n[claims.a]\ntext = \"A.\"\nimplies = [\"b\"]\n\n[claims.b]\ntext = \"B.\"\n";
    assert_eq!(one(&findings(map), "broken-entailment").level, Level::Error);
    assert_eq!(one(&findings(&map.replace("denies", "abstains")), "broken-entailment").level, Level::Warning);
    // One level down from whatever the rule is set to.
    let warn = map.replace("[actors.c]", "[checks]\nbroken-entailment = \"warn\"\n\n[actors.c]");
    assert_eq!(one(&findings(&warn), "broken-entailment").level, Level::Warning);
    assert_eq!(one(&findings(&warn.replace("denies", "abstains")), "broken-entailment").level, Level::Note);
}

/// Two clashes whose claims are the same (the chain to one runs through the
/// other, by a linked `implies`) are two findings with two fingerprints,
/// whatever the ids: the clash is part of the fingerprint.
#[test]
fn two_clashes_on_the_same_claims_have_two_fingerprints() {
    // x holds p and q, which jointly imply m, which implies t; q and t attack
    // each other, and p attacks t.
    let map = |p: &str, q: &str, m: &str, t: &str| {
        format!(
            r#"[actors.x]
affirms = ["{p}", "{q}"]

[claims.{p}]
text = "P."
attacks = ["{t}"]

[claims.{q}]
text = "Q."
attacks = ["{t}"]

[claims.{m}]
text = "M."
implies = ["{t}"]

[claims.{t}]
text = "T."
attacks = ["{q}"]

[[relations]]
from = ["{p}", "{q}"]
to = "{m}"
type = "implies"
"#
        )
    };
    for ids in [["c3", "c2", "c0", "c1"], ["a", "b", "c", "d"], ["z", "y", "x0", "w"]] {
        let fs = findings(&map(ids[0], ids[1], ids[2], ids[3]));
        let clashes: Vec<&Finding> = fs.iter().filter(|f| f.rule == "conflicting-position").collect();
        assert_eq!(clashes.len(), 2, "{ids:?}: {fs:#?}");
        assert_ne!(clashes[0].fingerprint, clashes[1].fingerprint, "{ids:?}");
    }
}

/// Likewise two contradicting pairs whose chains give the same claims: a
/// linked `implies` from `p` and `q` to `m`, which contradicts both.
#[test]
fn two_contradicting_pairs_on_the_same_claims_have_two_fingerprints() {
    let map = r#"[claims.m]
text = "M."
contradicts = ["p", "q"]

[claims.p]
text = "P."

[claims.q]
text = "Q."

[actors.x]
affirms = ["p", "q"]

[[relations]]
from = ["p", "q"]
to = "m"
type = "implies"
"#;
    let fs = findings(map);
    let pairs: Vec<&Finding> = fs.iter().filter(|f| f.rule == "contradiction").collect();
    assert_eq!(pairs.len(), 2, "{fs:#?}");
    assert_eq!(pairs[0].claims, pairs[1].claims, "the two pairs' chains give the same claims");
    assert_ne!(pairs[0].fingerprint, pairs[1].fingerprint);
}
