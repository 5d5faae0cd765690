//! `elenchus init`: the starter map is valid, has one actor, three claims,
//! one relation of each type and one dated stance, and `check` finds exactly
//! one tension in it; the command writes it, says what to do next, and
//! never overwrites a file.

use crate::common;

use std::collections::BTreeSet;

use common::{run_in, scratch};
use elenchus::check::{CheckConfig, check};
use elenchus::model::RelationKind;
use elenchus::starter::STARTER_MAP;
use elenchus::{ClaimGraph, Format, Level, load_str};

#[test]
fn the_starter_map_is_valid_small_and_has_one_finding() {
    let loaded = load_str("map.toml", STARTER_MAP.to_string(), Format::Toml);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let map = loaded.map.expect("a valid map");
    assert_eq!((map.actors.len(), map.claims.len(), map.stances.len()), (1, 3, 1));
    let kinds: BTreeSet<RelationKind> = map.relations.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, RelationKind::ALL.into_iter().collect());
    assert_eq!(map.relations.len(), RelationKind::ALL.len(), "one relation of each type");
    assert!(map.stances[0].date.is_some(), "the stance is dated");
    // Commented: every table has a comment line before it or in it.
    assert!(STARTER_MAP.lines().filter(|l| l.starts_with('#')).count() >= 8);
    let graph = ClaimGraph::build(&map);
    let findings = check(&graph, &CheckConfig::default());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!((findings[0].rule, findings[0].level), ("conflicting-position", Level::Warning));
}

#[test]
fn init_writes_the_starter_map_and_says_what_next() {
    let dir = scratch("init", "write");
    let r = run_in(&dir, &["init"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("map.toml")).unwrap(), STARTER_MAP);
    assert!(r.stdout.contains("elenchus check map.toml"), "{}", r.stdout);
    assert!(r.stdout.contains("elenchus explain conflicting-position"), "{}", r.stdout);
    // The written map checks with one warning and exit code 0.
    let c = run_in(&dir, &["check", "map.toml"], None);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert!(c.stdout.contains("warning[conflicting-position]"), "{}", c.stdout);
    assert!(c.stdout.contains("0 errors, 1 warning, 0 notes in 1 map"), "{}", c.stdout);
    let v = run_in(&dir, &["validate", "map.toml"], None);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    // A named path, quietly.
    let r = run_in(&dir, &["init", "-q", "debate.toml"], None);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("debate.toml")).unwrap(), STARTER_MAP);
}

#[test]
fn init_refuses_to_overwrite_and_non_toml_paths() {
    let dir = scratch("init", "refuse");
    std::fs::write(dir.join("map.toml"), "# mine\n").unwrap();
    let r = run_in(&dir, &["init"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`map.toml` already exists"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("map.toml")).unwrap(), "# mine\n");
    // Not even through a dangling symbolic link.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("elsewhere.toml"), dir.join("link.toml")).unwrap();
        let r = run_in(&dir, &["init", "link.toml"], None);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(!dir.join("elsewhere.toml").exists());
    }
    let r = run_in(&dir, &["init", "map.json"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("name a `.toml` file"), "{}", r.stderr);
    assert!(!dir.join("map.json").exists());
    // A directory that does not exist: an error naming the file.
    let r = run_in(&dir, &["init", "no/such/map.toml"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("map.toml"), "{}", r.stderr);
}
