//! Linked premises (`from = ["p1", "p2"]`): the loader's diagnostics, the
//! commitments and findings they lead to, their labels in the output, and
//! how `render` draws them. Through the command line and the library.

use crate::common;

use std::path::Path;

use common::run;

use elenchus::builder::MapBuilder;
use elenchus::check::{CheckConfig, Finding, check};
use elenchus::diag::Code;
use elenchus::model::{ArgMap, Position, RelationKind, Target};
use elenchus::render::dot::to_dot;
use elenchus::render::{self, Engine, Options, Output, Scene};
use elenchus::{ClaimGraph, Format, Level, load_str};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

// ---------------------------------------------------------------------------
// Helpers

/// `check --format json -` on a map: exit code and document.
fn check_json(map: &str, format: &str) -> (i32, Value) {
    let out = run(&["check", "--format", "json", "--input-format", format, "-"], map);
    let doc =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}{}", out.stdout, out.stderr));
    (out.code, doc)
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("findings")
}

fn of_rule<'d>(doc: &'d Value, rule: &str) -> Vec<&'d Value> {
    findings(doc).iter().filter(|f| f["rule"] == rule).collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().expect("an array").iter().map(|x| x.as_str().expect("a string")).collect()
}

fn lib_load(text: &str) -> ArgMap {
    load_str("linked.toml", text, Format::Toml).into_map().unwrap_or_else(|e| panic!("map does not load: {e}"))
}

fn lib_check(map: &ArgMap) -> Vec<Finding> {
    check(&ClaimGraph::build(map), &CheckConfig::default())
}

fn lib_of<'f>(fs: &'f [Finding], rule: &str) -> Vec<&'f Finding> {
    fs.iter().filter(|f| f.rule == rule).collect()
}

/// A map with a linked relation `[p1 + p2] --KIND--> c`, an actor that
/// affirms `held` and takes `position` on `c`, and `extra` TOML after it.
fn linked_map(kind: &str, held: &[&str], position: &str, extra: &str) -> String {
    let held: Vec<String> = held.iter().map(|h| format!("\"{h}\"")).collect();
    format!(
        r#"[claims.p1]
text = "Every member of the council may vote."

[claims.p2]
text = "The treasurer is a member of the council."

[claims.c]
text = "The treasurer may vote."

[[relations]]
id = "joint"
from = ["p1", "p2"]
to = "c"
type = "{kind}"

[actors.council]
affirms = [{}]
{position} = ["c"]
{extra}"#,
        held.join(", ")
    )
}

// ---------------------------------------------------------------------------
// Loading

#[test]
fn a_linked_relation_loads_with_all_its_premises_in_both_formats() {
    let toml = linked_map("implies", &["p1"], "denies", "");
    let json = r#"{
  "claims": {"p1": {"text": "P1"}, "p2": {"text": "P2"}, "c": {"text": "C"}},
  "relations": [{"id": "joint", "from": ["p1", "p2"], "to": "c", "type": "implies"}]
}"#;
    for (text, format) in [(toml.as_str(), Format::Toml), (json, Format::Json)] {
        let map = load_str("m", text, format).into_map().unwrap();
        assert_eq!(map.relations.len(), 1, "{format:?}");
        let r = &map.relations[0];
        let id = |c| map.claim_id(c).unwrap();
        assert!(r.is_linked());
        assert_eq!(r.premises(), [id("p1"), id("p2")]);
        assert_eq!(r.from, id("p1"));
        assert_eq!(r.to, Target::Claim(id("c")));
        assert_eq!(map.relation_label(0), "joint");
        assert_eq!(map.premises_label(0), "[p1 + p2]");
    }
    // A plain relation has one premise, and the label of one without an id
    // lists the premises.
    let map = MapBuilder::new("t")
        .claim("a", "A")
        .claim("b", "B")
        .claim("c", "C")
        .relate("a", RelationKind::Supports, "c")
        .relate_linked(None, &["a", "b"], RelationKind::Supports, "c")
        .build()
        .into_map()
        .unwrap();
    assert_eq!(map.relations.len(), 2, "a linked relation and one from its first premise alone are two");
    assert!(!map.relations[0].is_linked());
    assert_eq!(map.relations[0].premises(), [map.claim_id("a").unwrap()]);
    assert_eq!(map.relation_label(0), "a --supports--> c");
    assert_eq!(map.relation_label(1), "[a + b] --supports--> c");
}

#[test]
fn a_list_of_one_premise_is_a_plain_relation() {
    let text = "[claims.a]\ntext = \"A\"\n[claims.b]\ntext = \"B\"\nsupports = [\"a\"]\n\
                [[relations]]\nfrom = [\"b\"]\nto = \"a\"\ntype = \"supports\"\n";
    let l = load_str("m", text, Format::Toml);
    // The same relation as the shorthand: one relation, stated twice.
    let codes: Vec<Code> = l.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::DuplicateRelation]);
    let map = l.into_map().unwrap();
    assert_eq!(map.relations.len(), 1);
    assert!(!map.relations[0].is_linked());
}

/// (code, line, column, message) of every diagnostic of a map.
fn diags(text: &str, format: Format) -> Vec<(Code, usize, usize, String)> {
    let l = load_str("m", text, format);
    assert!(l.map.is_none() || l.errors() == 0);
    l.diagnostics
        .iter()
        .map(|d| {
            let p = d.position(&l.file);
            (d.code, p.line, p.column, d.message.clone())
        })
        .collect()
}

/// A diagnostic's code, line, column and message.
type Place<'m> = (Code, usize, usize, &'m str);

const CLAIMS: &str = "[claims.a]\ntext = \"A\"\n[claims.b]\ntext = \"B\"\n[claims.c]\ntext = \"C\"\n";

fn with_relation(from: &str, kind: &str) -> String {
    format!("{CLAIMS}[[relations]]\nfrom = {from}\nto = \"c\"\ntype = \"{kind}\"\n")
}

#[test]
fn bad_lists_of_premises_are_errors_with_their_place() {
    // Line 8 is `from = ...`: column 8 its value, and each item after.
    let cases: Vec<(String, Vec<Place<'_>>)> = vec![
        (
            with_relation("[]", "supports"),
            vec![(Code::LinkedPremises, 8, 8, "relation #1 has an empty list of premises")],
        ),
        (
            with_relation("[\"a\", \"b\", \"a\"]", "implies"),
            vec![(Code::LinkedPremises, 8, 19, "relation #1 names the premise `a` twice")],
        ),
        (
            with_relation("[\"a\", \"b\"]", "attacks"),
            vec![(Code::LinkedPremises, 8, 8, "relation #1 lists several premises, but `attacks` takes one")],
        ),
        (
            with_relation("[\"a\", \"b\"]", "contradicts"),
            vec![(Code::LinkedPremises, 8, 8, "relation #1 lists several premises, but `contradicts` takes one")],
        ),
        (with_relation("[\"a\", \"zz\"]", "supports"), vec![(Code::UnknownReference, 8, 14, "unknown claim `zz`")]),
        (
            with_relation("[\"a\", \"c\"]", "supports"),
            vec![(Code::SelfRelation, 9, 6, "claim `c` is a premise of a relation that supports it")],
        ),
        (
            with_relation("[\"a\", 3]", "supports"),
            vec![(Code::WrongType, 8, 14, "the items of `from` must be strings, found an integer")],
        ),
        (
            with_relation("{ x = 1 }", "supports"),
            vec![(Code::WrongType, 8, 8, "`from` must be a claim id or a list of claim ids, found a table")],
        ),
    ];
    for (text, want) in &cases {
        let got = diags(text, Format::Toml);
        let got: Vec<(Code, usize, usize, &str)> =
            got.iter().map(|(c, l, col, m)| (*c, *l, *col, m.as_str())).collect();
        assert_eq!(&got, want, "{text}");
        // The command line: an invalid map, exit 2, the code and place shown.
        let out = run(&["validate", "--input-format", "toml", "-"], text);
        let shown = format!("{}{}", out.stdout, out.stderr);
        assert_eq!(out.code, 2, "{text}\n{shown}");
        let (code, line, col, _) = want[0];
        assert!(shown.contains(&format!("error[{code}]")), "{shown}");
        assert!(shown.contains(&format!("<stdin>:{line}:{col}")), "{shown}");
    }
    // An undercut cannot have linked premises either.
    let text = format!(
        "{CLAIMS}[[relations]]\nid = \"r\"\nfrom = \"a\"\nto = \"c\"\ntype = \"supports\"\n\
         [[relations]]\nfrom = [\"a\", \"b\"]\nto = \"r\"\ntype = \"undercuts\"\n"
    );
    let got = diags(&text, Format::Toml);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (Code::LinkedPremises, 13));
    assert!(got[0].3.contains("but `undercuts` takes one"), "{got:?}");
    // JSON: the same problems, with JSON positions.
    let json = r#"{"claims": {"a": {"text": "A"}, "c": {"text": "C"}},
 "relations": [{"from": ["a", "a"], "to": "c", "type": "supports"}, {"from": [], "to": "c", "type": "implies"}]}"#;
    let got = diags(json, Format::Json);
    let got: Vec<(Code, usize, usize)> = got.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect();
    assert_eq!(got, [(Code::LinkedPremises, 2, 31), (Code::LinkedPremises, 2, 78)]);
}

#[test]
fn the_same_premises_in_another_order_are_the_same_relation() {
    let text = format!(
        "{CLAIMS}[[relations]]\nfrom = [\"a\", \"b\"]\nto = \"c\"\ntype = \"supports\"\n\
         [[relations]]\nid = \"again\"\nfrom = [\"b\", \"a\"]\nto = \"c\"\ntype = \"supports\"\n\
         [[relations]]\nfrom = [\"b\", \"a\"]\nto = \"c\"\ntype = \"implies\"\n"
    );
    let got = diags(&text, Format::Toml);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, Code::DuplicateRelation);
    assert_eq!(got[0].3, "the relation `[b + a]` supports `c` is stated twice");
    let map = lib_load(&text);
    assert_eq!(map.relations.len(), 2, "supports once, implies once");
    // The id of the second statement is merged into the first.
    assert_eq!(map.relation_id("again"), Some(0));
    assert_eq!(map.relation_label(1), "[b + a] --implies--> c");
}

#[test]
fn large_lists_of_premises_load_in_linear_time() {
    // 50,000 premises, the last one named twice: one error, at once.
    let n = 50_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("[claims.p{i}]\ntext = \"P\"\n"));
    }
    text.push_str("[claims.c]\ntext = \"C\"\n[[relations]]\nto = \"c\"\ntype = \"implies\"\nfrom = [");
    for i in 0..n {
        text.push_str(&format!("\"p{i}\", "));
    }
    text.push_str(&format!("\"p{}\"]\n", n - 1));
    let start = std::time::Instant::now();
    let l = load_str("big", &text, Format::Toml);
    let codes: Vec<Code> = l.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::LinkedPremises]);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

// ---------------------------------------------------------------------------
// Commitments and findings

#[test]
fn a_linked_implies_fires_only_when_every_premise_is_held() {
    for (held, position, want) in [
        (&["p1", "p2"][..], "denies", Some("error")),
        // Abstaining is weaker than denying (docs/checks.md, `broken-entailment`).
        (&["p1", "p2"][..], "abstains", Some("warning")),
        (&["p1"][..], "denies", None),
        (&["p2"][..], "denies", None),
        (&[][..], "denies", None),
    ] {
        let text = linked_map("implies", held, position, "");
        let (code, doc) = check_json(&text, "toml");
        let got = of_rule(&doc, "broken-entailment");
        let fs = lib_check(&lib_load(&text));
        let lib = lib_of(&fs, "broken-entailment");
        match want {
            Some(level) => {
                assert_eq!(got.len(), 1, "{held:?}: {doc:#}");
                let f = got[0];
                assert_eq!(f["level"], level);
                assert_eq!(code, if level == "error" { 1 } else { 0 });
                assert_eq!(strs(&f["claims"]), ["p1", "p2", "c"]);
                assert_eq!(strs(&f["relations"]), ["joint"]);
                assert_eq!(f["chain"], format!("council affirms [p1 + p2] --implies--> c, yet {position}"));
                let verb = if position == "abstains" { "abstains on" } else { "denies" };
                assert_eq!(
                    f["message"],
                    format!("council {verb} `c`, which follows strictly from `p1` and `p2` together, which it affirms")
                );
                // Both premises' stances are shown.
                let labels: Vec<&str> =
                    f["locations"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
                assert!(
                    labels.contains(&"council affirms `p1`") && labels.contains(&"council affirms `p2`"),
                    "{labels:?}"
                );
                assert_eq!(lib.len(), 1);
                assert_eq!(lib[0].claims, ["p1", "p2", "c"]);
                assert_eq!(lib[0].level.as_str(), level);
            }
            None => {
                assert!(got.is_empty(), "{held:?}: {doc:#}");
                assert!(lib.is_empty(), "{held:?}");
                assert_eq!(code, 0, "{held:?}");
            }
        }
    }
}

#[test]
fn a_premise_held_through_a_chain_counts() {
    // council affirms a; a implies p1 (plain); [p1 + p2] implies c; p2 affirmed.
    let text = linked_map(
        "implies",
        &["a", "p2"],
        "denies",
        "[claims.a]\ntext = \"A\"\nimplies = [\"p1\"]\n\n[[relations]]\nfrom = [\"c\", \"p2\"]\nto = \"d\"\ntype = \"implies\"\n\n[claims.d]\ntext = \"D\"\n\n[[stances]]\nactor = \"council\"\nclaim = \"d\"\nposition = \"abstains\"\n",
    );
    let (_, doc) = check_json(&text, "toml");
    let got = of_rule(&doc, "broken-entailment");
    let chains: Vec<&str> = got.iter().map(|f| f["chain"].as_str().unwrap()).collect();
    assert_eq!(
        chains,
        [
            "council affirms a --implies--> [p1 + p2] --implies--> c, yet denies",
            // A linked `implies` whose premise is itself a linked conclusion.
            "council affirms a --implies--> [p1 + p2] --implies--> [c + p2] --implies--> d, yet abstains",
        ],
        "{doc:#}"
    );
    let messages: Vec<&str> = got.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(
        messages[1].ends_with("which follows strictly from `a` and `p2` together, which it affirms"),
        "{messages:?}"
    );
    assert_eq!(strs(&got[1]["claims"]), ["a", "p1", "p2", "c", "d"]);
}

#[test]
fn linked_supports_is_unheeded_only_with_all_its_premises() {
    for (held, want) in [(&["p1", "p2"][..], true), (&["p1"][..], false), (&["p2"][..], false)] {
        let text = linked_map("supports", held, "abstains", "");
        let (_, doc) = check_json(&text, "toml");
        let got = of_rule(&doc, "unheeded-reason");
        let fs = lib_check(&lib_load(&text));
        assert_eq!(got.len(), usize::from(want), "{held:?}: {doc:#}");
        assert_eq!(lib_of(&fs, "unheeded-reason").len(), usize::from(want), "{held:?}");
        if want {
            let f = got[0];
            assert_eq!(f["level"], "warning");
            assert_eq!(
                f["message"],
                "council abstains on `c`, though it affirms `p1` and `p2`, which jointly support it"
            );
            assert_eq!(f["chain"], "council affirms [p1 + p2] --supports--> c, yet abstains");
            assert_eq!(strs(&f["claims"]), ["p1", "p2", "c"]);
            assert_eq!(strs(&f["relations"]), ["joint"]);
        }
    }
    // One premise held only through `implies`: "is committed to".
    let text = linked_map("supports", &["a", "p2"], "denies", "[claims.a]\ntext = \"A\"\nimplies = [\"p1\"]\n");
    let (_, doc) = check_json(&text, "toml");
    let got = of_rule(&doc, "unheeded-reason");
    assert_eq!(got.len(), 1, "{doc:#}");
    assert_eq!(
        got[0]["message"],
        "council denies `c`, though it is committed to `p1` and `p2`, which jointly support it"
    );
    assert_eq!(got[0]["chain"], "council affirms [a --implies--> p1 + p2] --supports--> c, yet denies");
}

#[test]
fn an_undercut_of_a_linked_relation_by_its_id_answers_it() {
    let undercut = "[claims.u]\ntext = \"U\"\nundercuts = [\"joint\"]\n";
    let held = linked_map("supports", &["p1", "p2", "u"], "abstains", undercut);
    let (_, doc) = check_json(&held, "toml");
    let got = of_rule(&doc, "unheeded-reason");
    assert_eq!(got.len(), 1, "{doc:#}");
    let f = got[0];
    assert_eq!(f["level"], "note");
    assert_eq!(strs(&f["addressed_by"]), ["u"]);
    assert_eq!(
        f["chain"],
        "council affirms [p1 + p2] --supports--> c, yet abstains; reason given: council affirms u --undercuts--> [[p1 + p2] --supports--> c]"
    );
    let map = lib_load(&held);
    let u = map.relations.iter().find(|r| r.kind == RelationKind::Undercuts).unwrap();
    assert_eq!(u.to, Target::Relation(map.relation_id("joint").unwrap()));
    let fs = lib_check(&map);
    assert_eq!(lib_of(&fs, "unheeded-reason")[0].level, Level::Note);
    // Not held, no answer: a warning.
    let (_, doc) = check_json(&linked_map("supports", &["p1", "p2"], "abstains", undercut), "toml");
    assert_eq!(of_rule(&doc, "unheeded-reason")[0]["level"], "warning");
}

#[test]
fn a_linked_conclusion_can_contradict() {
    let extra = "[claims.barred]\ntext = \"B\"\ncontradicts = [\"c\"]\n";
    for (held, want) in [(&["p1", "p2", "barred"][..], 1), (&["p1", "barred"][..], 0)] {
        let mut text = linked_map("implies", held, "abstains", extra);
        text = text.replace("abstains = [\"c\"]\n", "");
        let (_, doc) = check_json(&text, "toml");
        assert_eq!(of_rule(&doc, "contradiction").len(), want, "{held:?}: {doc:#}");
        assert_eq!(lib_of(&lib_check(&lib_load(&text)), "contradiction").len(), want);
    }
}

#[test]
fn circular_support_runs_through_any_premise() {
    let cycle = |extra: &str| {
        format!(
            "[claims.a]\ntext = \"A\"\nsupports = [\"p1\"]\n[claims.p1]\ntext = \"P1\"\n[claims.p2]\ntext = \"P2\"\n\
             [[relations]]\nfrom = [\"p1\", \"p2\"]\nto = \"a\"\ntype = \"supports\"\n{extra}"
        )
    };
    let (_, doc) = check_json(&cycle(""), "toml");
    let got = of_rule(&doc, "circular-support");
    assert_eq!(got.len(), 1, "{doc:#}");
    assert_eq!(got[0]["level"], "warning");
    assert_eq!(got[0]["chain"], "a --supports--> [p1 + p2] --supports--> a");
    // A linked support from outside the circle is a ground: a note.
    let outside = "[claims.x]\ntext = \"X\"\n[claims.y]\ntext = \"Y\"\n\
                   [[relations]]\nfrom = [\"x\", \"y\"]\nto = \"p1\"\ntype = \"supports\"\n";
    let (_, doc) = check_json(&cycle(outside), "toml");
    let got = of_rule(&doc, "circular-support");
    assert_eq!(got[0]["level"], "note", "{doc:#}");
    assert!(got[0]["message"].as_str().unwrap().contains("`[x + y]` supports `p1`"), "{doc:#}");
    // One with a premise in the circle is not.
    let half = "[claims.x]\ntext = \"X\"\n[[relations]]\nfrom = [\"x\", \"a\"]\nto = \"p1\"\ntype = \"supports\"\n";
    let (_, doc) = check_json(&cycle(half), "toml");
    assert_eq!(of_rule(&doc, "circular-support")[0]["level"], "warning", "{doc:#}");
    // Linked `implies` alone make no circle of support.
    let implies = cycle("").replace("supports", "implies");
    let (_, doc) = check_json(&implies, "toml");
    assert!(of_rule(&doc, "circular-support").is_empty(), "{doc:#}");
    let fs = lib_check(&lib_load(&cycle("")));
    assert_eq!(lib_of(&fs, "circular-support")[0].level, Level::Warning);
}

#[test]
fn premises_and_targets_of_linked_relations_are_not_orphans() {
    let text = format!("{CLAIMS}[[relations]]\nfrom = [\"a\", \"b\"]\nto = \"c\"\ntype = \"supports\"\n");
    let (_, doc) = check_json(&text, "toml");
    assert!(of_rule(&doc, "orphan-claim").is_empty(), "{doc:#}");
    assert!(lib_of(&lib_check(&lib_load(&text)), "orphan-claim").is_empty());
}

#[test]
fn a_linked_relation_is_no_relation_conflict_with_one_of_its_premises() {
    let text = format!(
        "{CLAIMS}[[relations]]\nfrom = [\"a\", \"b\"]\nto = \"c\"\ntype = \"supports\"\n\
         [[relations]]\nfrom = \"a\"\nto = \"c\"\ntype = \"attacks\"\n"
    );
    let (_, doc) = check_json(&text, "toml");
    assert!(of_rule(&doc, "relation-conflict").is_empty(), "{doc:#}");
    assert!(lib_of(&lib_check(&lib_load(&text)), "relation-conflict").is_empty());
}

#[test]
fn built_in_code_linked_relations_check_like_loaded_ones() {
    let loaded = MapBuilder::new("t")
        .claim("p1", "P1")
        .claim("p2", "P2")
        .claim("c", "C")
        .actor("council", "Council")
        .relate_linked(Some("joint"), &["p1", "p2"], RelationKind::Implies, "c")
        .stance("council", "p1", Position::Affirms)
        .stance("council", "p2", Position::Affirms)
        .stance("council", "c", Position::Denies)
        .build();
    let map = loaded.into_map().unwrap();
    let fs = lib_check(&map);
    let be = lib_of(&fs, "broken-entailment");
    assert_eq!(be.len(), 1);
    assert_eq!(be[0].relations, ["joint"]);
}

// ---------------------------------------------------------------------------
// Render

fn linked_render_map() -> ArgMap {
    elenchus::load_file(&Path::new(ROOT).join("tests/data/render-linked.toml")).unwrap().into_map().unwrap()
}

#[test]
fn dot_draws_a_junction_the_premises_join() {
    let map = linked_render_map();
    let scene = Scene::build(&ClaimGraph::build(&map), &Options::default(), &[]).unwrap();
    let dot = to_dot(&scene);
    let line = |needle: &str| {
        dot.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle}\n{dot}")).to_string()
    };
    // The junction: a point in the relation's colour.
    let j = line("\"rel:syllogism\"[");
    assert!(j.contains("shape=point") && j.contains("class=\"joint linked\"") && j.contains("#117733"), "{j}");
    // Each premise joins it without an arrowhead; one arrow goes on.
    for p in ["all-members-vote", "treasurer-is-member"] {
        let e = line(&format!("\"{p}\" -> \"rel:syllogism\""));
        assert!(e.contains("dir=none") && e.contains("class=\"implies\""), "{e}");
    }
    let on = line("\"rel:syllogism\" -> \"treasurer-votes\"");
    assert!(!on.contains("dir=none") && on.contains("arrowsize=1.4"), "{on}");
    assert_eq!(dot.matches("-> \"treasurer-votes\"").count(), 1, "one arrow into the conclusion\n{dot}");
    // The undercut ends on the junction.
    assert!(line("\"rules-changed\" -> \"rel:syllogism\"").contains("class=\"undercuts\""));
    // A linked relation without an id: named by its index.
    assert!(line("\"rel#2\"[").contains("class=\"joint linked\""));
    assert!(dot.contains("\"voice-matters\" -> \"rel#2\"") && dot.contains("\"rel#2\" -> \"hear-treasurer\""));
    insta::assert_snapshot!("linked_plain", dot);
}

#[test]
fn svg_draws_the_junction_with_the_relation_as_its_title() {
    let map = linked_render_map();
    let scene = Scene::build(&ClaimGraph::build(&map), &Options::default(), &[]).unwrap();
    let (svg, _) = render::render(&scene, Output::Svg, Engine::Builtin).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &svg,
        roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() },
    )
    .unwrap();
    let junctions: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node joint linked"))
        .map(|n| n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or("").to_string())
        .collect();
    assert_eq!(junctions, ["syllogism", "[treasurer-votes + voice-matters] --supports--> hear-treasurer"]);
    // Three edges reach each junction's relation: two premises and one on.
    let edges = doc.descendants().filter(|n| n.attribute("class") == Some("edge implies")).count();
    assert_eq!(edges, 3);
    // The command line too.
    let out = run(&["render", "--engine", "builtin", "tests/data/render-linked.toml"], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("class=\"node joint linked\""));
}

#[test]
fn focus_reaches_the_other_premises_and_draws_a_relation_only_with_all_of_them() {
    let map = linked_render_map();
    let names = |focus: &str, depth| {
        let opts = Options { focus: Some(focus.into()), depth, ..Options::default() };
        let s = Scene::build(&ClaimGraph::build(&map), &opts, &[]).unwrap();
        let mut v: Vec<String> = s.nodes.iter().map(|n| n.name.clone()).collect();
        v.sort();
        v
    };
    // From one premise: the other premise, the conclusion, the undercut.
    assert_eq!(
        names("all-members-vote", 1),
        ["all-members-vote", "rel:syllogism", "rules-changed", "treasurer-is-member", "treasurer-votes"]
    );
    // From the conclusion of the linked support, one step: both premises.
    assert_eq!(names("hear-treasurer", 1), ["hear-treasurer", "rel#2", "treasurer-votes", "voice-matters"]);
    // A relation whose premises are not all drawn is not drawn.
    let opts = Options { focus: Some("voice-matters".into()), depth: 0, ..Options::default() };
    let s = Scene::build(&ClaimGraph::build(&map), &opts, &[]).unwrap();
    assert_eq!(s.nodes.len(), 1);
    assert!(s.edges.is_empty());
}

/// Modus tollens through a linked `implies`: denying the conclusion and
/// holding every premise but one commits the actor to deny that one.
#[test]
fn denying_the_conclusion_of_a_linked_implies_denies_the_one_premise_not_held() {
    for (held, stance_on_p2, want) in [
        (&["p1"][..], "abstains", Some("warning")),
        (&["p1"][..], "denies", None),
        // Two premises not held: nothing follows for either.
        (&[][..], "abstains", None),
    ] {
        let p2 = format!("\n[[stances]]\nactor = \"council\"\nclaim = \"p2\"\nposition = \"{stance_on_p2}\"\n");
        let text = linked_map("implies", held, "denies", &p2);
        let (code, doc) = check_json(&text, "toml");
        let got = of_rule(&doc, "broken-entailment");
        let fs = lib_check(&lib_load(&text));
        let lib = lib_of(&fs, "broken-entailment");
        assert_eq!(code, 0, "{held:?} {stance_on_p2}");
        match want {
            Some(level) => {
                assert_eq!(got.len(), 1, "{held:?}: {doc:#}");
                let f = got[0];
                assert_eq!(f["level"], level);
                assert_eq!(f["claims"][0], "p2");
                assert_eq!(
                    f["message"],
                    "council abstains on `p2`, though it denies `c`, which `p2` strictly implies together with \
                     claims it holds: it is committed to deny `p2`"
                );
                assert_eq!(f["chain"], "council denies c; [p1 + p2] --implies--> c, yet abstains");
                let labels: Vec<&str> =
                    f["locations"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
                assert!(labels.contains(&"council affirms `p1`"), "{labels:?}");
                assert_eq!(lib.len(), 1);
                assert_eq!(lib[0].level, Level::Warning);
            }
            None => {
                assert!(got.is_empty(), "{held:?}: {doc:#}");
                assert!(lib.is_empty());
            }
        }
    }
}
