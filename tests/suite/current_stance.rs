//! One definition of an actor's current stance on a claim, the same in every
//! command: `check` (what its rules read), `render --actor`/`--actors` (the
//! mark and the stance edge) and `stances` (the matrix), through the binary
//! and through the library, on maps where the actor has several stances on
//! one claim (undated, dated on the same day, dated and undated, ordered
//! within a day by time of day or `seq`).

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{flatten, html_lines, id_str};
use elenchus::ClaimGraph;
use elenchus::check::ActorView;
use elenchus::model::{ArgMap, Currency, Position, current_stance};
use elenchus::render::{Options, Scene};
use elenchus::stances::Matrix;
use graphviz_rust::dot_structures::{Attribute, EdgeTy, Graph, Id, Stmt, Vertex};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

/// A variant: the stances of `x` on `b`, in file order, as (position, date;
/// a line after the date's text is written after it, such as `seq = 2`),
/// and the position that docs/checks.md ("Current stance") makes current.
struct Variant {
    name: &'static str,
    stances: &'static [(&'static str, Option<&'static str>)],
    current: &'static str,
}

const VARIANTS: &[Variant] = &[
    // With none dated, the first undated stance stands.
    Variant { name: "undated", stances: &[("denies", None), ("affirms", None)], current: "denies" },
    Variant { name: "undated-reversed", stances: &[("affirms", None), ("denies", None)], current: "affirms" },
    Variant {
        name: "undated-three",
        stances: &[("abstains", None), ("denies", None), ("affirms", None)],
        current: "abstains",
    },
    // Dated on the same day: the later in the file.
    Variant {
        name: "same-day",
        stances: &[("denies", Some("2022-03-02")), ("affirms", Some("2022-03-02"))],
        current: "affirms",
    },
    Variant {
        name: "same-day-reversed",
        stances: &[("affirms", Some("2022-03-02")), ("denies", Some("2022-03-02"))],
        current: "denies",
    },
    // A dated stance is more current than an undated one, before or after it.
    Variant {
        name: "undated-then-dated",
        stances: &[("denies", None), ("affirms", Some("2020-01-01"))],
        current: "affirms",
    },
    Variant {
        name: "dated-then-undated",
        stances: &[("abstains", Some("2020-01-01")), ("affirms", None)],
        current: "abstains",
    },
    // The later date, whatever the file order.
    Variant {
        name: "later-date-first",
        stances: &[("affirms", Some("2021-06-01")), ("denies", Some("2020-06-01")), ("abstains", None)],
        current: "affirms",
    },
    // On one day, the later time of day, whatever the file order.
    Variant {
        name: "later-time-first",
        stances: &[("abstains", Some("2022-03-02T22:30:00")), ("affirms", Some("2022-03-02T09:00:00"))],
        current: "abstains",
    },
    // Times with offsets compare in UTC: 10:00+02:00 is 08:00Z, before 09:00Z.
    Variant {
        name: "offsets-in-utc",
        stances: &[("denies", Some("2022-03-02T09:00:00Z")), ("affirms", Some("2022-03-02T10:00:00+02:00"))],
        current: "denies",
    },
    // `seq` orders a day (the date text carries the `seq` line).
    Variant {
        name: "greater-seq-first",
        stances: &[("denies", Some("2022-03-02\nseq = 2")), ("affirms", Some("2022-03-02\nseq = 1"))],
        current: "denies",
    },
    // A time of day on a later day does not beat the later day.
    Variant {
        name: "later-day-without-time",
        stances: &[("affirms", Some("2022-03-03")), ("denies", Some("2022-03-02T23:59:59"))],
        current: "affirms",
    },
];

/// The map of a variant: `x` affirms `a`, which supports `b`; `b` implies
/// `c`, which `x` denies. So `check` shows `x`'s current stance on `b`:
/// `unheeded-reason` when it denies or abstains on `b` ("yet denies"),
/// `broken-entailment` from `b` when it affirms `b`.
fn map_text(v: &Variant) -> String {
    let mut t = String::from(
        "[actors.x]\nname = \"X\"\n\n[claims.a]\ntext = \"A\"\nsupports = [\"b\"]\n\n\
         [claims.b]\ntext = \"B\"\nimplies = [\"c\"]\n\n[claims.c]\ntext = \"C\"\n\n\
         [[stances]]\nactor = \"x\"\nclaim = \"a\"\nposition = \"affirms\"\n\n\
         [[stances]]\nactor = \"x\"\nclaim = \"c\"\nposition = \"denies\"\n",
    );
    for (i, (p, d)) in v.stances.iter().enumerate() {
        t.push_str(&format!("\n[[stances]]\nactor = \"x\"\nclaim = \"b\"\nposition = \"{p}\"\nvia = \"stance {i}\"\n"));
        if let Some(d) = d {
            t.push_str(&format!("date = {d}\n"));
        }
    }
    t
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).env("NO_COLOR", "1").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let code = out.status.code().unwrap();
    assert!(code <= 1, "{args:?}: exit {code}: {}", String::from_utf8_lossy(&out.stderr));
    (code, stdout)
}

/// `x`'s current position on `b` as `check --format json` shows it.
fn from_check(path: &str) -> String {
    let (_, out) = run(&["check", path, "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let mut seen = Vec::new();
    for f in json["findings"].as_array().unwrap() {
        let claims: Vec<&str> = f["claims"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        let chain = f["chain"].as_str().unwrap();
        match f["rule"].as_str().unwrap() {
            "unheeded-reason" if claims == ["a", "b"] => {
                let word = chain.split("yet ").nth(1).unwrap().split([' ', ',']).next().unwrap();
                seen.push(word.to_string());
            }
            // From `b` affirmed (not the abstention on `b` that denying `c` makes a finding).
            "broken-entailment" if claims.first() == Some(&"b") && chain.starts_with("x affirms b") => {
                seen.push("affirms".into())
            }
            _ => {}
        }
    }
    assert_eq!(seen.len(), 1, "{path}: one finding shows the current stance on b: {seen:?}\n{out}");
    seen.remove(0)
}

fn attr<'a>(attrs: &'a [Attribute], key: &str) -> Option<&'a Id> {
    attrs.iter().find(|a| id_str(&a.0) == key).map(|a| &a.1)
}

/// `x`'s current position on `b` as `render --actor x --actors --format dot`
/// draws it: the mark on `b`, and the class of the stance edge `x -> b`.
fn from_render(path: &str) -> String {
    let (_, dot) = run(&["render", path, "--actor", "x", "--actors", "--format", "dot"]);
    let graph = graphviz_rust::parse(&dot).unwrap();
    let Graph::DiGraph { stmts, .. } = &graph else { panic!("a digraph") };
    let mut all = Vec::new();
    flatten(stmts, &mut all);
    let mut mark = None;
    let mut edges = Vec::new();
    for s in &all {
        match s {
            Stmt::Node(n) if id_str(&n.id.0) == "\"b\"" => {
                let Some(Id::Html(h)) = attr(&n.attributes, "label") else { panic!("an HTML label") };
                // `✔ affirms`, `✘ denies (2022-03-02)`: the word after the symbol.
                mark = html_lines(h)[0].split(' ').nth(1).map(str::to_string);
            }
            Stmt::Edge(e) => {
                if let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &e.ty
                    && id_str(&a.0) == "\"actor:x\""
                    && id_str(&b.0) == "\"b\""
                {
                    edges.push(id_str(attr(&e.attributes, "class").unwrap()).trim_matches('"').to_string());
                }
            }
            _ => {}
        }
    }
    let mark = mark.expect("b is marked with x's stance");
    assert_eq!(edges, std::slice::from_ref(&mark), "{path}: one stance edge x -> b, as the mark");
    mark
}

/// `x`'s current position on `b` in `stances --format json` and `--format csv`.
fn from_stances(path: &str) -> String {
    let (_, out) = run(&["stances", path, "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let col = json["claims"].as_array().unwrap().iter().position(|c| c["id"] == "b").unwrap();
    let json_pos = json["positions"][0][col].as_str().unwrap().to_string();
    let (_, csv) = run(&["stances", path, "--format", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == "b").unwrap();
    assert_eq!(row[i], json_pos, "{path}: csv and json agree");
    json_pos
}

#[test]
fn every_command_reports_the_same_current_stance() {
    let dir = common::scratch("current_stance", "cli");
    for v in VARIANTS {
        let path = dir.join(format!("{}.toml", v.name));
        std::fs::write(&path, map_text(v)).unwrap();
        let p = path.to_str().unwrap();
        let (check, render, stances) = (from_check(p), from_render(p), from_stances(p));
        assert_eq!(
            (check.as_str(), render.as_str(), stances.as_str()),
            (v.current, v.current, v.current),
            "{}: check, render and stances",
            v.name
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn load(v: &Variant) -> ArgMap {
    elenchus::load_str(format!("{}.toml", v.name), map_text(v), elenchus::Format::Toml).into_map().unwrap()
}

#[test]
fn the_library_has_one_current_stance() {
    for v in VARIANTS {
        let map = load(v);
        let graph = ClaimGraph::build(&map);
        let (x, b) = (map.actor_id("x").unwrap(), map.claim_id("b").unwrap());
        let want = Position::parse(v.current).unwrap();

        let current = map.current_stance(x, b).unwrap();
        assert_eq!(map.stance(current).position, want, "{}: ArgMap::current_stance", v.name);
        // The same from any order of the stances.
        let mut on_b: Vec<_> = graph.claim_stances(b).filter(|(_, s)| s.actor == x).collect();
        on_b.reverse();
        assert_eq!(current_stance(on_b.iter().copied()).map(|(i, _)| i), Some(current), "{}", v.name);
        assert!(
            on_b.iter().all(|&(i, s)| i == current || Currency::of(i, s) < Currency::of(current, map.stance(current)))
        );

        // The checks' view of the actor.
        let mut view = ActorView::new(map.claims.len());
        view.load(&graph, x);
        assert_eq!(view.current(b), Some(current), "{}: ActorView", v.name);

        // The stances matrix.
        let m = Matrix::build(&map, None, None);
        let (row, col) = (m.row_of(x).unwrap(), m.claims.iter().position(|&c| c == b).unwrap());
        assert!(std::ptr::eq(m.stance(row, col).unwrap(), map.stance(current)), "{}: Matrix", v.name);

        // The drawing: the mark on b and the stance edge.
        let opts = Options { actor: Some("x".into()), actors: true, ..Options::default() };
        let scene = Scene::build(&graph, &opts, &[]).unwrap();
        let node = scene.nodes.iter().find(|n| n.name == "b").unwrap();
        assert!(node.mark.as_deref().unwrap().contains(v.current), "{}: {:?}", v.name, node.mark);
        let edge = scene
            .edges
            .iter()
            .find_map(|e| match e.role {
                elenchus::render::EdgeRole::Stance(si, _) if map.stance(si).claim == b => Some(si),
                _ => None,
            })
            .unwrap();
        assert_eq!(edge, current, "{}: the stance edge", v.name);
    }
}

#[test]
fn the_docs_state_the_rule() {
    // docs/checks.md defines the current stance; docs/rendering.md and the
    // stances module refer to it rather than restate it differently.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checks = std::fs::read_to_string(root.join("docs/checks.md")).unwrap();
    assert!(checks.contains("with no dated stance, the first undated stance in the file is current"));
    let rendering = std::fs::read_to_string(root.join("docs/rendering.md")).unwrap();
    assert!(!rendering.contains("else the last written"), "docs/rendering.md restates the rule differently");
}
