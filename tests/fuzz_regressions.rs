//! Regression tests for what the fuzzers (`fuzz/`) and the properties
//! (`tests/properties.rs`) found: each test is the minimal input, and what
//! must hold for it. See `docs/robustness.md`.
//!
//! The inputs are written here rather than as files under `tests/corpus/`,
//! whose every file is a `validate` case of `tests/corpus.rs`.

use elenchus::check::{CheckConfig, check};
use elenchus::diag::Code;
use elenchus::load::{Loaded, load_str};
use elenchus::model::{RelationKind, Target};
use elenchus::source::Format;
use elenchus::{ArgMap, ClaimGraph};

fn load(text: &str, format: Format) -> Loaded {
    load_str("regression", text, format)
}

fn valid(text: &str, format: Format) -> ArgMap {
    let l = load(text, format);
    let shown: Vec<String> = l.diagnostics.iter().map(|d| d.short(&l.file)).collect();
    l.map.unwrap_or_else(|| panic!("does not load: {shown:#?}"))
}

/// Found by the `relations_count_once` property: two statements of one
/// relation (with two ids) each undercut by the same claim gave the
/// undercut twice, because undercuts were told apart by the id they name
/// rather than by the relation it stands for.
#[test]
fn undercuts_of_a_duplicate_relation_count_once() {
    let text = r#"
[claims.a]
text = "A."

[claims.b]
text = "B."

[claims.c]
text = "C."

[[relations]]
id = "r1"
from = "a"
to = "b"
type = "supports"

[[relations]]
id = "r2"
from = "a"
to = "b"
type = "supports"

[[relations]]
from = "c"
to = "r1"
type = "undercuts"

[[relations]]
from = "c"
to = "r2"
type = "undercuts"

[[relations]]
id = "u"
from = "a"
to = "r2"
type = "undercuts"

[[relations]]
from = "b"
to = "u"
type = "undercuts"

[[relations]]
from = "b"
to = "r1"
type = "undercuts"
"#;
    let l = load(text, Format::Toml);
    let map = l.map.as_ref().unwrap();
    // `a supports b`, `c undercuts it`, `a undercuts it` (id `u`), `b undercuts u`, `b undercuts it`.
    assert_eq!(map.relations.len(), 5, "{:#?}", map.relations);
    let supports = map.relation_id("r1").unwrap();
    assert_eq!(map.relation_id("r2"), Some(supports), "both ids name the one relation");
    let undercuts: Vec<(u32, Target)> =
        map.relations.iter().filter(|r| r.kind == RelationKind::Undercuts).map(|r| (r.from, r.to)).collect();
    let c = map.claim_id("c").unwrap();
    assert_eq!(undercuts.iter().filter(|&&u| u == (c, Target::Relation(supports))).count(), 1);
    // One warning per statement stated again: the supports and c's undercut.
    let dups: Vec<&elenchus::Diagnostic> = l.diagnostics.iter().filter(|d| d.code == Code::DuplicateRelation).collect();
    assert_eq!(dups.len(), 2, "{dups:#?}");
    assert_eq!(l.errors(), 0);
    // Chains through the merged relation still resolve.
    let u = map.relation_id("u").unwrap();
    assert_eq!(map.relation(u).to, Target::Relation(supports));
    let b = map.claim_id("b").unwrap();
    assert!(undercuts.contains(&(b, Target::Relation(u))));
    drop(check(&ClaimGraph::build(map), &CheckConfig::default()));
}

/// Found by `relations_count_once` after the first fix: in a cycle of
/// undercuts, a statement repeated word for word (`a undercuts r2` twice)
/// was kept twice once the relation it names had been merged with another.
#[test]
fn repeated_undercuts_in_a_cycle_count_once() {
    let text = r#"{
  "claims": {"a": {"text": "A."}},
  "relations": [
    {"id": "r0", "from": "a", "to": "r2", "type": "undercuts"},
    {"from": "a", "to": "r0", "type": "undercuts"},
    {"id": "r2", "from": "a", "to": "r0", "type": "undercuts"},
    {"from": "a", "to": "r2", "type": "undercuts"}
  ]
}"#;
    let l = load(text, Format::Json);
    let map = valid(text, Format::Json);
    // r0 and the 4th are one statement, the 2nd and r2 another; the first of each is kept.
    assert_eq!(map.relations.len(), 2, "{:#?}", map.relations);
    let (r0, r2) = (map.relation_id("r0").unwrap(), map.relation_id("r2").unwrap());
    assert_eq!((map.relation(r0).to, map.relation(r2).to), (Target::Relation(r2), Target::Relation(r0)));
    assert_eq!(map.relation(r2).span.start, l.diagnostics[0].labels[1].span.start, "the first statement is kept");
    assert_eq!(l.warnings(), 2);
    drop(check(&ClaimGraph::build(&map), &CheckConfig::default()));
}
