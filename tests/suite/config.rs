//! The project file `elenchus.toml` (docs/configuration.md): discovery,
//! `--config`, `--no-config`/`--isolated`, each step of the precedence of
//! rule levels, the configured paths, baseline and output defaults, and its
//! problems with their places; through the CLI and the library.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use elenchus::check::CheckConfig;
use elenchus::config::{self, Config};
use elenchus::model::RuleLevel;
use elenchus::report::Report;
use elenchus::{Format, load_str};
use proptest::prelude::*;
use serde_json::Value;

use crate::common;

/// A map with one finding: the orphan claim `lonely` (`orphan-claim`, a note by default).
const ORPHAN: &str = "[claims.lonely]\ntext = \"Trade grew last year.\"\n";

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A project: maps/a.toml, maps/own.toml (its own `[checks]` allow the
/// rule), maps/drafts/d.toml, maps/drafts/old/e.toml; and `elenchus.toml`.
fn project(name: &str, config: &str) -> PathBuf {
    let dir = common::scratch("config", name);
    write(&dir, "maps/a.toml", ORPHAN);
    write(&dir, "maps/own.toml", &format!("[checks]\norphan-claim = \"allow\"\n\n{ORPHAN}"));
    write(&dir, "maps/drafts/d.toml", ORPHAN);
    write(&dir, "maps/drafts/old/e.toml", ORPHAN);
    write(&dir, "elenchus.toml", config);
    dir
}

/// `check --format json ARGS` in `dir`: the level of the `orphan-claim`
/// finding of each map, by file name (maps without one are left out), and the exit code.
fn levels(dir: &Path, args: &[&str]) -> (BTreeMap<String, String>, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = common::run_in(dir, &all, None);
    let doc: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{all:?}: no JSON ({e}): {}{}", out.stdout, out.stderr));
    let mut m = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        assert_eq!(f["rule"], "orphan-claim", "{f}");
        m.insert(f["file"].as_str().unwrap().to_string(), f["level"].as_str().unwrap().to_string());
    }
    (m, out.code)
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(f, l)| (f.to_string(), l.to_string())).collect()
}

const PATHS: [&str; 4] = ["maps/a.toml", "maps/own.toml", "maps/drafts/d.toml", "maps/drafts/old/e.toml"];

/// Each step of the precedence, from the bottom: the rule's default, the
/// project's `[checks]`, its overrides (the later over the earlier), the
/// map's own `[checks]`, the command line.
#[test]
fn precedence_step_by_step() {
    let (a, own, d, e) = (PATHS[0], PATHS[1], PATHS[2], PATHS[3]);
    // 5. The rule's default (note); the map's own `allow` wins over it.
    let dir = project("precedence", "");
    assert_eq!(levels(&dir, &PATHS).0, expect(&[(a, "note"), (d, "note"), (e, "note")]));

    // 4. The project's [checks] wins over the default, not over the map's own.
    write(&dir, "elenchus.toml", "[checks]\norphan-claim = \"warn\"\n");
    assert_eq!(levels(&dir, &PATHS).0, expect(&[(a, "warning"), (d, "warning"), (e, "warning")]));

    // 3. An override wins over [checks], for the maps it matches only.
    let base = "[checks]\norphan-claim = \"warn\"\n";
    let drafts = "[[overrides]]\npaths = [\"maps/drafts/**\"]\nchecks = { orphan-claim = \"deny\" }\n";
    let old = "[[overrides]]\npaths = [\"maps/drafts/old\"]\n[overrides.checks]\norphan-claim = \"note\"\n";
    write(&dir, "elenchus.toml", &format!("{base}{drafts}"));
    let (got, code) = levels(&dir, &PATHS);
    assert_eq!(got, expect(&[(a, "warning"), (d, "error"), (e, "error")]));
    assert_eq!(code, 1, "an error-level finding fails the check");
    // Of two overrides, the later wins.
    write(&dir, "elenchus.toml", &format!("{base}{drafts}{old}"));
    assert_eq!(levels(&dir, &PATHS).0, expect(&[(a, "warning"), (d, "error"), (e, "note")]));
    write(&dir, "elenchus.toml", &format!("{base}{old}{drafts}"));
    assert_eq!(levels(&dir, &PATHS).0, expect(&[(a, "warning"), (d, "error"), (e, "error")]));

    // 2. The map's own [checks] wins over every override matching it.
    let own_deny = "[[overrides]]\npaths = [\"own.toml\", \"maps/*.toml\"]\nchecks = { orphan-claim = \"deny\" }\n";
    write(&dir, "elenchus.toml", &format!("{base}{own_deny}"));
    assert_eq!(levels(&dir, &PATHS).0, expect(&[(a, "error"), (d, "warning"), (e, "warning")]));

    // 1. The command line wins over the map's own [checks] and the project file.
    let mut args = vec!["-W", "orphan-claim"];
    args.extend(PATHS);
    assert_eq!(levels(&dir, &args).0, expect(&[(a, "warning"), (own, "warning"), (d, "warning"), (e, "warning")]));
    let mut args = vec!["-A", "orphan-claim"];
    args.extend(PATHS);
    assert_eq!(levels(&dir, &args), (BTreeMap::new(), 0));

    // --no-config and --isolated: the project file is not read.
    for flag in ["--no-config", "--isolated"] {
        let mut args = vec![flag];
        args.extend(PATHS);
        assert_eq!(levels(&dir, &args).0, expect(&[(a, "note"), (d, "note"), (e, "note")]), "{flag}");
    }
    // --config FILE: that file instead, before or after the command.
    write(&dir, "ci.toml", "[checks]\norphan-claim = \"deny\"\n");
    let mut args = vec!["--config", "ci.toml"];
    args.extend(PATHS);
    assert_eq!(levels(&dir, &args).0, expect(&[(a, "error"), (d, "error"), (e, "error")]));
    let out = common::run_in(&dir, &["--config", "ci.toml", "--no-config", "check", "maps"], None);
    assert_eq!(out.code, 2, "--config and --no-config exclude each other: {out:?}");
}

/// `check` with no paths checks the configured ones, found from a
/// subdirectory too (paths relative to the project file's directory); the
/// configured baseline and output defaults apply, and the command line wins.
#[test]
fn configured_paths_baseline_and_output() {
    let config = "paths = [\"maps\"]\n[output]\nformat = \"json\"\nmax-findings = 1\n";
    let dir = project("paths", config);
    let (got, _) = levels(&dir, &[]);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.contains_key("maps/a.toml"), "{got:?}");

    // From maps/drafts: the same maps, named from there.
    let sub = dir.join("maps/drafts");
    let out = common::run_in(&sub, &["check"], None);
    let doc: Value = serde_json::from_str(&out.stdout).expect("output.format = json");
    let files: Vec<&str> = doc["maps"].as_array().unwrap().iter().map(|m| m["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["../../maps/a.toml", "../../maps/drafts/d.toml", "../../maps/drafts/old/e.toml", "../../maps/own.toml"]
    );
    // --format wins over output.format.
    let out = common::run_in(&sub, &["check", "--format", "github"], None);
    assert!(serde_json::from_str::<Value>(&out.stdout).is_err() && out.stdout.contains("::"), "{out:?}");
    // output.max-findings: one kept per map, the rest counted; --max-findings wins.
    write(&dir, "maps/two.toml", &format!("{ORPHAN}[claims.lonelier]\ntext = \"Nobody came.\"\n"));
    let doc: Value = serde_json::from_str(&common::run_in(&dir, &["check", "maps/two.toml"], None).stdout).unwrap();
    assert_eq!((doc["findings"].as_array().unwrap().len(), &doc["summary"]["omitted"]), (1, &Value::from(1)));
    let out = common::run_in(&dir, &["check", "--max-findings", "0", "maps/two.toml"], None);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 2);
    std::fs::remove_file(dir.join("maps/two.toml")).unwrap();

    // The configured baseline acknowledges; --baseline wins; its stale
    // entries take the level the project file gives the baseline's path.
    let base = "[[acknowledged]]\nfile = \"maps/a.toml\"\nrule = \"orphan-claim\"\nclaims = [\"lonely\"]\nreason = \"kept on purpose\"\n\n\
                [[acknowledged]]\nfile = \"maps/a.toml\"\nrule = \"orphan-claim\"\nclaims = [\"gone\"]\nreason = \"stale\"\n";
    write(&dir, "base.toml", base);
    write(&dir, "empty.toml", "");
    write(
        &dir,
        "elenchus.toml",
        "paths = [\"maps\"]\nbaseline = \"base.toml\"\n[[overrides]]\npaths = [\"base.toml\"]\nchecks = { stale-acknowledgement = \"deny\" }\n",
    );
    // (Baseline entries name maps as the command line does: run where the
    // project file is, as CI does.)
    let out = common::run_in(&dir, &["check", "--format", "json"], None);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"));
    let a = doc["findings"].as_array().unwrap().iter().find(|f| f["file"] == "maps/a.toml").unwrap();
    assert_eq!(a["acknowledged"]["reason"], "kept on purpose", "{a}");
    let stale = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "stale-acknowledgement").unwrap();
    assert_eq!((stale["level"].as_str(), out.code), (Some("error"), 1), "{stale}");
    let out = common::run_in(&dir, &["check", "--format", "json", "--baseline", "empty.toml"], None);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"));
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["acknowledged"].is_null()), "{doc}");

    // validate and stats read the configured paths too.
    let out = common::run_in(&sub, &["validate"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, "ok: 0 errors, 0 warnings in 4 maps\n"));
    let out = common::run_in(&sub, &["stats", "--format", "json"], None);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"));
    assert_eq!(doc["total"]["claims"], 4);
}

/// No paths and no configured paths: a usage error naming what to do.
#[test]
fn no_paths_anywhere() {
    let dir = project("no-paths", "[checks]\norphan-claim = \"warn\"\n");
    for cmd in ["check", "validate", "stats"] {
        let out = common::run_in(&dir, &[cmd], None);
        assert_eq!(out.code, 2, "{cmd}: {out:?}");
        assert!(out.stderr.contains("sets no `paths`"), "{cmd}: {}", out.stderr);
        let out = common::run_in(&dir, &["--no-config", cmd], None);
        assert_eq!(out.code, 2, "{cmd}: {out:?}");
        assert!(out.stderr.contains("name the maps to read"), "{cmd}: {}", out.stderr);
    }
}

/// `output.color = "always"` colours output that is not a terminal;
/// `--color never` wins over it.
#[test]
fn configured_color() {
    let dir = project("color", "[output]\ncolor = \"always\"\n");
    let out = common::run_in(&dir, &["check", "maps/a.toml"], None);
    assert!(out.stdout.contains('\x1b'), "{out:?}");
    let out = common::run_in(&dir, &["check", "--color", "never", "maps/a.toml"], None);
    assert!(!out.stdout.contains('\x1b'), "{out:?}");
}

/// Each kind of problem in the project file: an error at its line and
/// column with a did-you-mean, exit 2, for any command.
#[test]
fn problems_have_places() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "paths = [\"maps\"]\nbasline = \"b.toml\"\n",
            "error[unknown-key]: unknown key `basline` in the project file",
            "elenchus.toml:2:1",
            "did you mean `baseline`?",
        ),
        (
            "[checks]\norphan-clam = \"warn\"\n",
            "error[unknown-reference]: unknown rule `orphan-clam`",
            "elenchus.toml:2:1",
            "did you mean `orphan-claim`?",
        ),
        (
            "[checks]\norphan-claim = \"wrn\"\n",
            "error[invalid-value]: `wrn` is not a rule level",
            "elenchus.toml:2:16",
            "did you mean `warn`?",
        ),
        (
            "[output]\nformat = \"sarf\"\n",
            "error[invalid-value]: `sarf` is not an output format",
            "elenchus.toml:2:10",
            "did you mean `sarif`?",
        ),
        (
            "[output]\ncolour = \"never\"\n",
            "error[unknown-key]: unknown key `colour` in `output`",
            "elenchus.toml:2:1",
            "did you mean `color`?",
        ),
        (
            "[[overrides]]\npath = [\"x\"]\n",
            "error[unknown-key]: unknown key `path` in an entry of `overrides`",
            "elenchus.toml:2:1",
            "did you mean `paths`?",
        ),
        (
            "[[overrides]]\npaths = [\"maps/[drafts\"]\n",
            "error[invalid-value]: `maps/[drafts` is not a valid pattern",
            "elenchus.toml:2:",
            "`**` any number of directories",
        ),
        ("paths = \"maps\"\n", "error[wrong-type]: `paths` must be an array, not a string", "elenchus.toml:1:9", ""),
        ("[output]\nmax-findings = -3\n", "error[invalid-value]: `max-findings` is negative", "elenchus.toml:2:16", ""),
        ("paths = [\"maps\"\n", "error[syntax]", "elenchus.toml:", ""),
    ];
    for (i, (text, error, place, help)) in cases.iter().enumerate() {
        let dir = project(&format!("problem-{i}"), text);
        for cmd in [&["check", "maps"][..], &["validate", "maps"], &["rules"]] {
            let out = common::run_in(&dir, cmd, None);
            assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{text}{cmd:?}: {out:?}");
            assert!(out.stderr.contains(error), "{text}: {}", out.stderr);
            assert!(out.stderr.contains(&format!("--> {place}")), "{text}: {}", out.stderr);
            assert!(out.stderr.contains(help), "{text}: {}", out.stderr);
            assert!(out.stderr.contains("error: `elenchus.toml` has "), "{text}: {}", out.stderr);
        }
        // Found from a subdirectory, the file is named from there.
        let out = common::run_in(&dir.join("maps/drafts"), &["validate"], None);
        assert!(out.stderr.contains(&format!("--> ../../{place}")), "{text}: {}", out.stderr);
        // --no-config reads none of it.
        let out = common::run_in(&dir, &["--isolated", "validate", "maps"], None);
        assert_eq!(out.code, 0, "{out:?}");
    }
    // A former rule name is read, with a warning.
    let dir = project("renamed", "[checks]\nself-attack = \"deny\"\n");
    let out = common::run_in(&dir, &["validate", "maps"], None);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("warning[deprecated-name]"), "{}", out.stderr);
    // A missing --config file is an error too.
    let out = common::run_in(&dir, &["--config", "nope.toml", "validate", "maps"], None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("nope.toml"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// The library.

fn loaded(text: &str) -> Config {
    let l = config::load_str("elenchus.toml", text, "/project");
    assert_eq!(l.errors(), 0, "{:?}", l.diagnostics);
    l.config.expect("no errors")
}

/// `discover` finds the nearest file above, as a path relative to the directory.
#[test]
fn discover_walks_up() {
    let dir = project("discover", "");
    assert_eq!(config::discover(&dir), Some(PathBuf::from("elenchus.toml")));
    assert_eq!(config::discover(&dir.join("maps/drafts/old")), Some(PathBuf::from("../../../elenchus.toml")));
    write(&dir, "maps/elenchus.toml", "");
    assert_eq!(config::discover(&dir.join("maps/drafts")), Some(PathBuf::from("../elenchus.toml")));
}

/// Pattern semantics: a path or a directory it is in; a pattern without
/// `/` matches a name at any depth; outside the project nothing matches.
#[test]
fn override_patterns() {
    let c = loaded(
        "[checks]\norphan-claim = \"warn\"\n\
         [[overrides]]\npaths = [\"maps/drafts\"]\nchecks = { orphan-claim = \"deny\" }\n\
         [[overrides]]\npaths = [\"*.wip.toml\"]\nchecks = { orphan-claim = \"allow\" }\n\
         [[overrides]]\npaths = [\"maps/*/x.toml\"]\nchecks = { stance-shift = \"deny\" }\n",
    );
    let level = |p: &str, rule: &str| c.levels_for(Some(Path::new(p))).get(rule).copied();
    assert_eq!(level("/project/maps/a.toml", "orphan-claim"), Some(RuleLevel::Warn));
    assert_eq!(level("/project/maps/drafts/a.toml", "orphan-claim"), Some(RuleLevel::Deny));
    assert_eq!(level("/project/maps/drafts/deep/a.toml", "orphan-claim"), Some(RuleLevel::Deny));
    assert_eq!(level("/project/maps/drafts-old/a.toml", "orphan-claim"), Some(RuleLevel::Warn));
    assert_eq!(level("/project/maps/drafts/a.wip.toml", "orphan-claim"), Some(RuleLevel::Allow));
    assert_eq!(level("/project/x/./../maps/drafts/a.toml", "orphan-claim"), Some(RuleLevel::Deny));
    assert_eq!(level("/elsewhere/maps/drafts/a.toml", "orphan-claim"), Some(RuleLevel::Warn));
    assert_eq!(level("/project/maps/a/x.toml", "stance-shift"), Some(RuleLevel::Deny));
    assert_eq!(level("/project/maps/a/b/x.toml", "stance-shift"), None, "`*` stays within a name");
    assert_eq!(c.levels_for(None).get("orphan-claim"), Some(&RuleLevel::Warn));
    assert_eq!(c.overrides[1].paths, ["*.wip.toml"]);
}

/// The library reports the problems a map would: codes, places, help.
#[test]
fn library_problems() {
    let l = config::load_str("e.toml", "[checks]\norphan-claim = \"maybe\"\n[output]\nfromat = \"json\"\n", "/p");
    assert!(l.config.is_none());
    let got: Vec<(&str, usize, usize)> = l
        .diagnostics
        .iter()
        .map(|d| {
            let p = d.position(&l.file);
            (d.code.as_str(), p.line, p.column)
        })
        .collect();
    assert_eq!(got, [("invalid-value", 2, 16), ("unknown-key", 4, 1)]);
    assert_eq!(l.diagnostics[1].help.as_deref(), Some("did you mean `format`?"));
}

/// The level a rule gets, computed independently: the first of the command
/// line, the map's `[checks]`, the matching overrides (last first), the
/// project's `[checks]`, the default.
fn oracle(
    cli: Option<RuleLevel>,
    map: Option<RuleLevel>,
    overrides: &[(bool, Option<RuleLevel>)],
    base: Option<RuleLevel>,
) -> RuleLevel {
    let from_overrides = overrides.iter().rev().find_map(|(hit, l)| if *hit { *l } else { None });
    cli.or(map).or(from_overrides).or(base).unwrap_or(RuleLevel::Note)
}

fn level_strategy() -> impl Strategy<Value = Option<RuleLevel>> {
    prop::option::of(prop::sample::select(RuleLevel::ALL.to_vec()))
}

proptest! {
    #![proptest_config(common::proptest_config(64))]
    /// Random settings at every step: the level of the one finding of a map
    /// checked through the library agrees with the oracle.
    #[test]
    fn precedence_matches_oracle(
        cli in level_strategy(),
        map in level_strategy(),
        base in level_strategy(),
        overrides in prop::collection::vec((any::<bool>(), level_strategy()), 0..4),
    ) {
        let mut text = String::new();
        if let Some(l) = base {
            text.push_str(&format!("[checks]\norphan-claim = \"{}\"\n", l.as_str()));
        }
        for (hit, l) in &overrides {
            let pattern = if *hit { "maps/**" } else { "other/**" };
            text.push_str(&format!("[[overrides]]\npaths = [\"{pattern}\"]\n[overrides.checks]\n"));
            if let Some(l) = l {
                text.push_str(&format!("orphan-claim = \"{}\"\n", l.as_str()));
            }
        }
        let project = loaded(&text);
        let map_text = match map {
            Some(l) => format!("[checks]\norphan-claim = \"{}\"\n\n{ORPHAN}", l.as_str()),
            None => ORPHAN.to_string(),
        };
        let name = "/project/maps/m.toml";
        let mut l = load_str(name, map_text, Format::Toml);
        l.file.path = Some(PathBuf::from(name));
        let mut config = CheckConfig::default();
        if let Some(c) = cli {
            config.levels.insert("orphan-claim".into(), c);
        }
        config.project_levels.insert(name.into(), project.levels_for(Some(Path::new(name))));
        let report = Report::check(vec![l], &config);
        let got: Vec<_> = report.findings().map(|f| f.level).collect();
        let want = match oracle(cli, map, &overrides, base) {
            RuleLevel::Allow => vec![],
            RuleLevel::Note => vec![elenchus::Level::Note],
            RuleLevel::Warn => vec![elenchus::Level::Warning],
            RuleLevel::Deny => vec![elenchus::Level::Error],
        };
        prop_assert_eq!(got, want);
    }
}
