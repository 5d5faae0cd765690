//! Flags shared across commands: `-o/--output` on every command that
//! writes a document, `--format json` on `validate` and `stats`, `stats` over
//! several maps, global options apart in `--help`, `check --statistics`,
//! `-q`/`-qq`, and the key column of `import votes --resolutions`.

use std::path::{Path, PathBuf};

use elenchus::Format;
use elenchus::load::load_str;
use elenchus::report::validation::{self, Validation};
use elenchus::report::{OutputFormat, Quiet, Report, reporter};
use elenchus::stats::{MapsStats, Stats};
use serde_json::Value;

use crate::common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn data(name: &str) -> PathBuf {
    Path::new(ROOT).join("tests/data").join(name)
}

fn copy(from: &Path, dir: &Path, name: &str) {
    let to = dir.join(name);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

/// `--no-config`: the tests do not depend on a project file above the checkout.
fn run_in(dir: &Path, args: &[&str]) -> common::Out {
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    common::run_in(dir, &all, None)
}

/// Every command that writes a document: `-o FILE` writes exactly what it
/// would print (without colour), nothing on standard output, the same exit
/// code; `-o` naming an input is refused and leaves it as it was.
#[test]
fn output_flag_on_every_command() {
    let dir = common::scratch("flags", "output");
    copy(&data("example.toml"), &dir, "m.toml");
    copy(&data("check/levels.toml"), &dir, "maps/levels.toml");
    copy(&Path::new(ROOT).join("tests/data/argdown/arguments.argdown"), &dir, "a.argdown");
    // Each command, and an input that `-o` may not name.
    let cmds: &[(&[&str], &str)] = &[
        (&["check", "m.toml", "maps"], "maps/levels.toml"),
        (&["check", "--format", "json", "maps"], "maps/levels.toml"),
        (&["check", "--statistics", "maps"], "maps/levels.toml"),
        (&["validate", "m.toml", "maps"], "m.toml"),
        (&["validate", "--format", "json", "maps"], "maps/levels.toml"),
        (&["stats", "m.toml"], "m.toml"),
        (&["stats", "--format", "json", "m.toml", "maps"], "maps/levels.toml"),
        (&["stances", "m.toml"], "m.toml"),
        (&["stances", "m.toml", "--format", "csv"], "m.toml"),
        (&["render", "m.toml", "--format", "dot"], "m.toml"),
        (&["export", "iccma", "m.toml"], "m.toml"),
        (&["export", "argdown", "m.toml"], "m.toml"),
        (&["import", "argdown", "a.argdown"], "a.argdown"),
    ];
    for &(cmd, input) in cmds {
        let plain = run_in(&dir, cmd);
        assert!(plain.code == 0 || plain.code == 1, "{cmd:?}: {plain:?}");
        assert!(!plain.stdout.is_empty(), "{cmd:?}");
        let mut args = cmd.to_vec();
        args.extend(["--color", "always", "-o", "out.txt"]);
        let to_file = run_in(&dir, &args);
        assert_eq!((to_file.code, to_file.stdout.as_str()), (plain.code, ""), "{cmd:?}: {to_file:?}");
        let written = std::fs::read_to_string(dir.join("out.txt")).unwrap();
        assert_eq!(written, plain.stdout, "{cmd:?}");
        assert!(!written.contains('\x1b'), "{cmd:?}: no colour in a file");
        // `-o -` is standard output.
        let mut args = cmd.to_vec();
        args.extend(["--output", "-"]);
        assert_eq!(run_in(&dir, &args).stdout, plain.stdout, "{cmd:?}");
        // Never over an input: a file named, or one found in a directory.
        let before = std::fs::read(dir.join(input)).unwrap();
        let mut args = cmd.to_vec();
        args.extend(["-o", input]);
        let refused = run_in(&dir, &args);
        assert_eq!(refused.code, 2, "{cmd:?} -o {input}: {refused:?}");
        assert!(refused.stderr.contains("refusing to overwrite"), "{cmd:?}: {}", refused.stderr);
        assert_eq!(std::fs::read(dir.join(input)).unwrap(), before, "{cmd:?}: the input is unchanged");
    }
    // A directory is not an output file.
    let out = run_in(&dir, &["check", "m.toml", "-o", "maps"]);
    assert_eq!(out.code, 2, "{out:?}");
}

/// `validate --format json`: each map's diagnostics with the places the
/// human output gives, and the totals; the library's document is the same.
#[test]
fn validate_json() {
    let dir = common::scratch("flags", "validate-json");
    copy(&data("example.toml"), &dir, "maps/a.toml");
    copy(&Path::new(ROOT).join("tests/corpus/unknown-claim.toml"), &dir, "maps/b.toml");
    copy(&Path::new(ROOT).join("tests/corpus/duplicate-relation.json"), &dir, "maps/c.json");
    let human = run_in(&dir, &["validate", "maps"]);
    let json = run_in(&dir, &["validate", "--format", "json", "maps"]);
    assert_eq!((human.code, json.code), (2, 2));
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    let maps = doc["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 3);
    let mut places = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for m in maps {
        let diags = m["diagnostics"].as_array().unwrap();
        let e = diags.iter().filter(|d| d["level"] == "error").count();
        let w = diags.iter().filter(|d| d["level"] == "warning").count();
        assert_eq!((m["errors"].as_u64(), m["warnings"].as_u64()), (Some(e as u64), Some(w as u64)), "{m}");
        assert_eq!(m["valid"], e == 0);
        errors += e;
        warnings += w;
        for d in diags {
            let (level, code, message) =
                (d["level"].as_str().unwrap(), d["code"].as_str().unwrap(), d["message"].as_str().unwrap());
            places.push(format!("{level}[{code}]: {message}\n"));
            places.push(format!("--> {}:{}:{}\n", m["file"].as_str().unwrap(), d["line"], d["column"]));
        }
    }
    // The human output has each diagnostic at the same place.
    for p in &places {
        assert!(human.stdout.contains(p.as_str()), "{p}\n{}", human.stdout);
    }
    assert_eq!(human.stdout.matches("--> ").count(), places.len() / 2);
    assert_eq!(doc["summary"], serde_json::json!({"maps": 3, "valid": false, "errors": errors, "warnings": warnings}));
    assert!(human.stdout.ends_with(&format!("invalid: {errors} errors, {warnings} warnings in 3 maps\n")));

    // The library.
    let loaded = vec![
        load_str("x.toml", std::fs::read_to_string(data("example.toml")).unwrap(), Format::Toml),
        load_str("y.toml", "[claims.a]\n", Format::Toml),
    ];
    let t = validation::totals(&loaded);
    assert_eq!((t.maps, t.valid, t.errors), (2, false, loaded[1].errors()));
    let v = serde_json::to_value(Validation::of(&loaded)).unwrap();
    assert_eq!(v["maps"][1]["diagnostics"][0]["code"], "missing-key", "{v}");
    assert_eq!(v["maps"][1]["diagnostics"][0]["line"], 1);
}

/// `stats` over several files and directories: each map's counts as a
/// run on it alone gives them, and their sum computed here.
#[test]
fn stats_of_several_maps() {
    let dir = common::scratch("flags", "stats");
    copy(&data("example.toml"), &dir, "a.toml");
    copy(&data("example.json"), &dir, "maps/b.json");
    copy(&data("check/levels.toml"), &dir, "maps/deep/c.toml");
    let each: Vec<(String, Value)> = ["a.toml", "maps/b.json", "maps/deep/c.toml"]
        .iter()
        .map(|f| {
            let out = run_in(&dir, &["stats", "--format", "json", f]);
            assert_eq!(out.code, 0, "{out:?}");
            (f.to_string(), serde_json::from_str(&out.stdout).unwrap())
        })
        .collect();
    // The sum, key by key.
    let mut sum = serde_json::Map::new();
    for (_, s) in &each {
        for (k, v) in s.as_object().unwrap() {
            match v {
                Value::Number(n) => {
                    let old = sum.get(k).and_then(Value::as_u64).unwrap_or(0);
                    sum.insert(k.clone(), Value::from(old + n.as_u64().unwrap()));
                }
                Value::Object(o) => {
                    let entry = sum.entry(k.clone()).or_insert_with(|| Value::Object(Default::default()));
                    for (kk, vv) in o {
                        let old = entry.get(kk).and_then(Value::as_u64).unwrap_or(0);
                        entry.as_object_mut().unwrap().insert(kk.clone(), Value::from(old + vv.as_u64().unwrap()));
                    }
                }
                _ => panic!("{v}"),
            }
        }
    }
    let out = run_in(&dir, &["stats", "--format", "json", "a.toml", "maps"]);
    assert_eq!(out.code, 0, "{out:?}");
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["total"], Value::Object(sum));
    let got: Vec<(String, Value)> = doc["maps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["file"].as_str().unwrap().to_string(), m["stats"].clone()))
        .collect();
    assert_eq!(got, each);
    // `--json` is `--format json`; text: each map under a heading, then the total.
    assert_eq!(run_in(&dir, &["stats", "--json", "a.toml", "maps"]).stdout, out.stdout);
    let text = run_in(&dir, &["stats", "a.toml", "maps"]).stdout;
    let one = run_in(&dir, &["stats", "a.toml"]).stdout;
    assert!(text.starts_with(&format!("== a.toml\n{one}\n== maps/b.json\n")), "{text}");
    assert!(text.contains("\n== total (3 maps)\nclaims: "), "{text}");
    // An invalid map among them: its problems, exit 2.
    std::fs::write(dir.join("maps/bad.toml"), "[claims.x]\n").unwrap();
    let out = run_in(&dir, &["stats", "maps"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(out.stderr.contains("error[missing-key]"), "{}", out.stderr);

    // The library: the total is the sum of the maps' counts.
    let maps: Vec<_> = [data("example.toml"), data("check/levels.toml")]
        .iter()
        .map(|p| elenchus::load_file(p).unwrap().into_map().unwrap())
        .collect();
    let mut all = MapsStats::default();
    let mut sum = Stats::default();
    for m in &maps {
        all.push(m.file.name.clone(), Stats::of(m));
        sum.add(&Stats::of(m));
    }
    assert_eq!(all.total, sum);
    assert_eq!(all.total.claims, maps.iter().map(|m| m.claims.len()).sum::<usize>());
    assert_eq!(all.total.stances, maps.iter().map(|m| m.stances.len()).sum::<usize>());
}

/// `--help` of every command lists the global options under their own
/// heading, and the command's options without them.
#[test]
fn global_options_apart_in_help() {
    let globals = ["--quiet", "--verbose", "--color", "--max-file-size", "--config", "--no-config"];
    let cmds: &[&[&str]] = &[
        &[],
        &["check"],
        &["validate"],
        &["stats"],
        &["render"],
        &["stances"],
        &["import", "votes"],
        &["export", "iccma"],
        &["evaluate"],
        &["rules"],
    ];
    for cmd in cmds {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = run_in(Path::new(ROOT), &args).stdout;
        let (own, global) = help.split_once("\nGlobal options:\n").unwrap_or_else(|| panic!("{cmd:?}:\n{help}"));
        let global = global.split("\nExit codes:").next().unwrap();
        for g in globals {
            assert!(global.contains(g), "{cmd:?}: `{g}` not under Global options:\n{help}");
            assert!(
                !own.contains(&format!(" {g} ")) && !own.contains(&format!(" {g}\n")),
                "{cmd:?}: `{g}` among the command's own:\n{help}"
            );
        }
        assert!(global.contains("-qq"), "{cmd:?}: -q's help names -qq");
    }
}

/// `check --statistics` (also `--summary`): counts per rule, map and actor;
/// `-q` keeps the summary line and leaves out notes, `-qq` leaves out the summary too.
#[test]
fn statistics_and_quiet() {
    let dir = common::scratch("flags", "statistics");
    copy(&data("check/levels.toml"), &dir, "levels.toml");
    let stats = run_in(&dir, &["check", "--statistics", "levels.toml"]);
    assert_eq!(run_in(&dir, &["check", "--summary", "levels.toml"]).stdout, stats.stdout);
    assert!(stats.stdout.contains("findings by rule"), "{}", stats.stdout);
    let out = run_in(&dir, &["check", "--statistics", "--format", "sarif", "levels.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`--statistics` is for the human and JSON formats"), "{}", out.stderr);

    let loud = run_in(&dir, &["check", "levels.toml"]);
    let q = run_in(&dir, &["check", "-q", "levels.toml"]);
    let qq = run_in(&dir, &["-qq", "check", "levels.toml"]);
    assert_eq!((loud.code, q.code, qq.code), (1, 1, 1));
    let summary = "1 error, 1 warning, 1 note in 1 map\n";
    assert!(loud.stdout.ends_with(summary) && loud.stdout.contains("note["), "{}", loud.stdout);
    assert!(q.stdout.ends_with(summary) && !q.stdout.contains("note["), "{}", q.stdout);
    assert_eq!(format!("{}{summary}", qq.stdout), q.stdout);
    // --statistics under -qq: the tables only.
    let sq = run_in(&dir, &["check", "--statistics", "-qq", "levels.toml"]);
    assert_eq!(format!("{}{summary}", sq.stdout), stats.stdout);

    // The library: what each `Quiet` leaves out.
    let l = load_str("levels.toml", std::fs::read_to_string(data("check/levels.toml")).unwrap(), Format::Toml);
    let report = Report::check(vec![l], &Default::default());
    let write = |q: Quiet| {
        let mut out = Vec::new();
        reporter(OutputFormat::Human, false, q).write(&report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let all = write(Quiet::default());
    let no_notes = write(Quiet { notes: true, summary: false });
    let none = write(Quiet { notes: true, summary: true });
    assert!(all.contains("note[") && all.ends_with(summary));
    assert!(!no_notes.contains("note[") && no_notes.ends_with(summary));
    assert_eq!(format!("{none}{summary}"), no_notes);
    assert_eq!(write(true.into()), none);
}

/// `import votes`: the resolutions file is keyed by the column
/// `--claim-column` names, and the help says so.
#[test]
fn claim_column_keys_the_resolutions() {
    let dir = common::scratch("flags", "claim-column");
    std::fs::write(dir.join("v.csv"), "rcid,country,vote\nR1,ALPHA,yes\nR1,BETA,no\n").unwrap();
    std::fs::write(dir.join("r.csv"), "rcid,symbol,date,title\nR1,A/RES/1,2021-05-01,First\n").unwrap();
    std::fs::write(dir.join("r-other.csv"), "resolution,symbol,date,title\nR1,A/RES/1,2021-05-01,First\n").unwrap();
    let args = ["import", "votes", "v.csv", "--claim-column", "rcid", "--resolutions"];
    let mut ok = args.to_vec();
    ok.push("r.csv");
    let out = run_in(&dir, &ok);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("First"), "the title comes from the row keyed `R1`: {}", out.stdout);
    let mut bad = args.to_vec();
    bad.push("r-other.csv");
    let out = run_in(&dir, &bad);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:?}");
    assert!(out.stderr.contains("no `rcid` column") && out.stderr.contains("`--claim-column`"), "{}", out.stderr);
    let help = run_in(&dir, &["import", "votes", "--help"]).stdout;
    let res = help.split("--resolutions <RES.csv>").nth(1).unwrap().split("\n  -").next().unwrap();
    assert!(res.contains("keyed by the column") && res.contains("--claim-column"), "{res}");
}
