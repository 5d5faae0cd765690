//! `elenchus render` filters: `--actor` draws only that actor's tensions,
//! `--rule` only those of the rules named, `--max-tensions` at most N in a
//! fixed order with a caption saying what was left out; through the library
//! and the binary.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use elenchus::ClaimGraph;
use elenchus::diag::Level;
use elenchus::model::ArgMap;
use elenchus::render::{self, Options, Scene, Tension};
use proptest::prelude::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn map_path(name: &str) -> PathBuf {
    root().join("maps").join(name)
}

fn load(path: &Path) -> ArgMap {
    elenchus::load_file(path).unwrap().into_map().unwrap()
}

fn cambodia() -> ArgMap {
    load(&map_path("cambodia-russia.toml"))
}

/// The DOT lines of the tension connectors, in order.
fn tension_lines(dot: &str) -> Vec<String> {
    dot.lines().filter(|l| l.contains("class=\"tension\"")).map(str::to_string).collect()
}

/// The label of each tension connector that carries one (the first of each tension).
fn tension_labels(dot: &str) -> Vec<String> {
    tension_lines(dot)
        .iter()
        .filter_map(|l| {
            let i = l.find(" label=\"")? + 8;
            Some(l[i..i + l[i..].find('"')?].to_string())
        })
        .collect()
}

fn dot_of(map: &ArgMap, opts: &Options, tensions: &[Tension]) -> String {
    let scene = Scene::build(&ClaimGraph::build(map), opts, tensions).unwrap();
    render::dot::to_dot(&scene)
}

fn run(args: &[&str]) -> common::Out {
    common::run(args, "")
}

// ---------------------------------------------------------------------------
// Library

/// Filtering through the options draws exactly what building the scene from
/// the tensions filtered by hand draws.
#[test]
fn rule_and_actor_filters_match_filtering_by_hand() {
    let map = cambodia();
    let graph = ClaimGraph::build(&map);
    let all = render::tensions(&graph);
    let rules: BTreeMap<&str, usize> = all.iter().fold(BTreeMap::new(), |mut m, t| {
        *m.entry(t.rule.as_str()).or_insert(0) += 1;
        m
    });
    assert!(rules.len() >= 3, "the map has tensions of several rules: {rules:?}");
    for &rule in rules.keys() {
        let opts = Options { rules: vec![rule.to_string()], ..Options::default() };
        let by_hand: Vec<Tension> = all.iter().filter(|t| t.rule == rule).cloned().collect();
        let got = dot_of(&map, &opts, &all);
        assert_eq!(got, dot_of(&map, &Options::default(), &by_hand), "--rule {rule}");
        assert!(tension_labels(&got).iter().all(|l| l.starts_with(rule)), "--rule {rule}: {got}");
        assert!(!tension_lines(&got).is_empty() || by_hand.iter().all(|t| t.claims.len() < 2));
    }
    // Two rules: the union.
    let two: Vec<String> = rules.keys().take(2).map(|r| r.to_string()).collect();
    let opts = Options { rules: two.clone(), ..Options::default() };
    let by_hand: Vec<Tension> = all.iter().filter(|t| two.contains(&t.rule)).cloned().collect();
    assert_eq!(dot_of(&map, &opts, &all), dot_of(&map, &Options::default(), &by_hand));

    let actors: Vec<String> = map.actors.iter().map(|a| a.id.clone()).collect();
    for a in &actors {
        let opts = Options { actor: Some(a.clone()), ..Options::default() };
        let by_hand: Vec<Tension> = all.iter().filter(|t| t.actor.as_deref() == Some(a)).cloned().collect();
        let got = dot_of(&map, &opts, &all);
        assert_eq!(got, dot_of(&map, &opts, &by_hand), "--actor {a}");
        let suffix = format!("({a})");
        assert!(tension_labels(&got).iter().all(|l| l.ends_with(&suffix)), "--actor {a}: {got}");
    }
    // Some actor has tensions and others do not: the filter drops some.
    let counts: Vec<usize> = actors
        .iter()
        .map(|a| tension_lines(&dot_of(&map, &Options { actor: Some(a.clone()), ..Options::default() }, &all)).len())
        .collect();
    let everything = tension_lines(&dot_of(&map, &Options::default(), &all)).len();
    assert!(counts.iter().any(|&c| c > 0) && counts.iter().all(|&c| c < everything), "{counts:?} of {everything}");
}

#[test]
fn unknown_rule_is_a_usage_error_with_a_suggestion() {
    let map = cambodia();
    let graph = ClaimGraph::build(&map);
    let opts = Options { rules: vec!["contradictoin".into()], ..Options::default() };
    let err = Scene::build(&graph, &opts, &[]).unwrap_err();
    assert!(matches!(err, elenchus::Error::Usage(_)), "{err:?}");
    assert!(err.to_string().contains("did you mean `contradiction`"), "{err}");
    // Every rule `elenchus rules` lists is accepted, even with no tensions to draw.
    for r in elenchus::check::rule_names() {
        let opts = Options { rules: vec![r.to_string()], ..Options::default() };
        Scene::build(&graph, &opts, &[]).unwrap();
    }
}

/// The level order of `--max-tensions`, written out apart from the library's.
fn level_rank(t: &Tension) -> u8 {
    match (t.acknowledged, t.level) {
        (true, _) | (false, Level::Note) => 2,
        (false, Level::Warning) => 1,
        (false, Level::Error) => 0,
    }
}

fn arb_tensions(claims: u32) -> impl Strategy<Value = Vec<Tension>> {
    let one = (0u8..3, 0usize..4, any::<bool>(), 0usize..6, proptest::collection::vec(0..claims, 1..4)).prop_map(
        |(lv, rule, ack, offset, claims)| {
            let rule = ["contradiction", "unheeded-reason", "conflicting-position", "defeated-claim"][rule].to_string();
            Tension {
                level: [Level::Error, Level::Warning, Level::Note][lv as usize],
                label: rule.clone(),
                claims,
                acknowledged: ack,
                rule,
                actor: None,
                offset,
            }
        },
    );
    proptest::collection::vec(one, 0..14)
}

/// A map of six claims, `a` to `f`.
fn six_claims() -> ArgMap {
    let text: String = "abcdef".chars().map(|c| format!("[claims.{c}]\ntext = \"Claim {c}\"\n\n")).collect();
    elenchus::load_str("six.toml", text, elenchus::Format::Toml).into_map().unwrap()
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    /// `--max-tensions N` keeps the first N in (level, rule, position, input
    /// order), counts the rest per rule, and draws those kept in input order.
    #[test]
    fn max_tensions_keeps_the_first_in_the_documented_order(ts in arb_tensions(6), max in 0usize..16) {
        // Brute force: every pair compared by the documented keys.
        let n = ts.len();
        let before = |a: usize, b: usize| {
            let ka = (level_rank(&ts[a]), ts[a].rule.clone(), ts[a].offset, a);
            let kb = (level_rank(&ts[b]), ts[b].rule.clone(), ts[b].offset, b);
            ka < kb
        };
        let expected: Vec<usize> = (0..n).filter(|&i| (0..n).filter(|&j| before(j, i)).count() < max).collect();
        let mut left: BTreeMap<String, usize> = BTreeMap::new();
        for i in (0..n).filter(|i| !expected.contains(i)) {
            *left.entry(ts[i].rule.clone()).or_insert(0) += 1;
        }
        let opts = Options { max_tensions: Some(max), ..Options::default() };
        let (kept, left_out) = render::select_tensions(&ts, &opts).unwrap();
        prop_assert_eq!(&kept, &expected);
        prop_assert_eq!(&left_out, &left);

        // The scene draws the kept ones and says how many were left out.
        let map = six_claims();
        let graph = ClaimGraph::build(&map);
        let scene = Scene::build(&graph, &opts, &ts).unwrap();
        let kept_ts: Vec<Tension> = expected.iter().map(|&i| ts[i].clone()).collect();
        let plain = Scene::build(&graph, &Options::default(), &kept_ts).unwrap();
        prop_assert_eq!(scene.edges.len(), plain.edges.len());
        let total: usize = left.values().sum();
        prop_assert_eq!(&scene.tensions_left_out, &left);
        match &scene.caption {
            None => prop_assert_eq!(total, 0),
            Some(c) => {
                prop_assert!(c.starts_with(&format!("{total} more tension{} not drawn: ", if total == 1 { "" } else { "s" })), "{}", c);
                for (r, k) in &left {
                    prop_assert!(c.contains(&format!("{k} {r}")), "{}", c);
                }
                prop_assert!(c.ends_with("; see `elenchus check`"), "{}", c);
                prop_assert_eq!(scene.caption_lines.join(" "), c.clone());
                for l in &scene.caption_lines {
                    prop_assert!(scene.heading().contains(&l.as_str()));
                }
            }
        }
    }
}

#[test]
fn caption_lists_rules_by_count_and_is_drawn_by_both_engines() {
    let map = cambodia();
    let graph = ClaimGraph::build(&map);
    let all = render::tensions(&graph);
    assert!(all.len() > 3);
    let opts = Options { max_tensions: Some(3), ..Options::default() };
    let scene = Scene::build(&graph, &opts, &all).unwrap();
    let caption = scene.caption.clone().expect("a caption");
    let left: usize = scene.tensions_left_out.values().sum();
    assert_eq!(left, all.len() - 3);
    // Rules by count, most first, then by name.
    let mut by: Vec<(&String, &usize)> = scene.tensions_left_out.iter().collect();
    by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = by.iter().map(|(r, n)| format!("{n} {r}")).collect();
    assert_eq!(caption, format!("{left} more tensions not drawn: {}; see `elenchus check`", list.join(", ")));
    // The three kept are errors or warnings before any note.
    let (kept, _) = render::select_tensions(&all, &opts).unwrap();
    let worst_left = all.iter().enumerate().filter(|(i, _)| !kept.contains(i)).map(|(_, t)| t.drawn_level()).min();
    let best_kept = kept.iter().map(|&i| all[i].drawn_level()).max().unwrap();
    assert!(worst_left.is_none_or(|w| w >= best_kept));

    // Drawn whole, wrapped, by both writers.
    assert!(scene.caption_lines.len() >= 2, "{caption} is long enough to wrap");
    assert_eq!(scene.caption_lines.join(" "), caption);
    let dot = render::dot::to_dot(&scene);
    let svg = render::svg::render(&scene);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    for l in &scene.caption_lines {
        assert!(l.chars().count() <= render::CAPTION_WIDTH);
        assert!(dot.contains(&format!("\\n{l}")), "DOT lacks {l}: {dot}");
        assert!(doc.descendants().any(|n| n.is_text() && n.text() == Some(l.as_str())), "builtin SVG lacks {l}");
    }
    // Without a cap: no caption.
    let scene = Scene::build(&graph, &Options::default(), &all).unwrap();
    assert!(scene.caption.is_none() && scene.tensions_left_out.is_empty());
}

// ---------------------------------------------------------------------------
// Command line

#[test]
fn cli_rule_actor_and_max_tensions() {
    let map = map_path("cambodia-russia.toml");
    let m = map.to_str().unwrap();
    let all = run(&["render", m, "--format", "dot"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let n_all = tension_labels(&all.stdout).len();

    let out = run(&["render", m, "--format", "dot", "--rule", "conflicting-position"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let labels = tension_labels(&out.stdout);
    assert!(!labels.is_empty() && labels.len() < n_all);
    assert!(labels.iter().all(|l| l.starts_with("conflicting-position ")), "{labels:?}");

    let out = run(&["render", m, "--format", "dot", "--rule", "conflicting-position", "--rule", "defeated-claim"]);
    let two = tension_labels(&out.stdout);
    assert!(two.len() > labels.len());
    assert!(two.iter().all(|l| l.starts_with("conflicting-position ") || l.starts_with("defeated-claim")), "{two:?}");

    let out = run(&["render", m, "--format", "dot", "--actor", "cambodia"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let labels = tension_labels(&out.stdout);
    assert!(!labels.is_empty() && labels.iter().all(|l| l.ends_with("(cambodia)")), "{labels:?}");
    assert!(out.stdout.contains("Stances of"), "the stances are still marked");

    let out = run(&["render", m, "--format", "dot", "--rule", "contradictoin"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown rule `contradictoin`; did you mean `contradiction`?"), "{}", out.stderr);
    assert!(out.stdout.is_empty());

    let out = run(&["render", m, "--format", "dot", "--max-tensions", "2"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(tension_labels(&out.stdout).len(), 2);
    let note = out.stderr.lines().find(|l| l.starts_with("note: ")).expect("a note on stderr");
    let caption = note.trim_start_matches("note: ");
    let map = cambodia();
    let graph = ClaimGraph::build(&map);
    let total = render::tensions(&graph).len();
    assert!(caption.starts_with(&format!("{} more tensions not drawn: ", total - 2)), "{caption}");
    let opts = Options { max_tensions: Some(2), ..Options::default() };
    let scene = Scene::build(&graph, &opts, &render::tensions(&graph)).unwrap();
    assert_eq!(scene.caption.as_deref(), Some(caption));
    for l in &scene.caption_lines {
        assert!(out.stdout.contains(l.as_str()), "the caption is in the drawing: {l}");
    }

    let quiet = run(&["-q", "render", m, "--format", "dot", "--max-tensions", "2"]);
    assert_eq!(quiet.code, 0);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert_eq!(quiet.stdout, out.stdout);

    // No note when nothing is left out.
    let out = run(&["render", m, "--format", "dot", "--max-tensions", "1000"]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(!out.stdout.contains("not drawn"));

    let help = run(&["render", "--help"]);
    for flag in ["--rule", "--max-tensions", "errors first"] {
        assert!(help.stdout.contains(flag), "help lacks {flag}");
    }
}

// ---------------------------------------------------------------------------
// Many actors: the stance matrix

/// A map of `claims` claims and `actors` actors, actor `a` taking on claim
/// `c` the position `pos[a][c]` (0 none, 1 affirms, 2 denies, 3 abstains).
fn actors_map(claims: usize, pos: &[Vec<u8>]) -> ArgMap {
    let mut t = String::new();
    for (a, row) in pos.iter().enumerate() {
        t.push_str(&format!("[actors.a{a}]\nname = \"Actor {a}\"\n"));
        for (word, k) in [("affirms", 1), ("denies", 2), ("abstains", 3)] {
            let ids: Vec<String> =
                row.iter().enumerate().filter(|&(_, &p)| p == k).map(|(c, _)| format!("\"c{c}\"")).collect();
            t.push_str(&format!("{word} = [{}]\n", ids.join(", ")));
        }
        t.push('\n');
    }
    for c in 0..claims {
        t.push_str(&format!("[claims.c{c}]\ntext = \"Claim {c}\"\n\n"));
    }
    elenchus::load_str("actors.toml", t, elenchus::Format::Toml).into_map().unwrap()
}

fn positions(claims: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
    proptest::collection::vec(proptest::collection::vec(0u8..4, claims), 0..20)
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// Auto: nodes up to ACTOR_NODES_MAX actors with stances, a matrix
    /// beyond; the matrix holds exactly the stances the nodes draw.
    #[test]
    fn matrix_holds_what_the_nodes_draw(pos in positions(4)) {
        let map = actors_map(4, &pos);
        let graph = ClaimGraph::build(&map);
        let holding: Vec<usize> = (0..pos.len()).filter(|&a| pos[a].iter().any(|&p| p > 0)).collect();
        let auto = Scene::build(&graph, &Options { actors: true, ..Options::default() }, &[]).unwrap();
        let actor_nodes = |s: &Scene| s.nodes.iter().filter(|n| matches!(n.role, render::Role::Actor(_))).count();
        if holding.len() > render::ACTOR_NODES_MAX {
            prop_assert!(auto.matrix.is_some());
            prop_assert_eq!(actor_nodes(&auto), 0);
        } else {
            prop_assert!(auto.matrix.is_none());
            prop_assert_eq!(actor_nodes(&auto), holding.len());
        }
        let m = Scene::build(&graph, &Options { actors: true, actors_matrix: Some(true), ..Options::default() }, &[])
            .unwrap()
            .matrix
            .unwrap();
        // Rows: the actors holding a stance, in map order; columns: the claims held.
        let ids: Vec<String> = holding.iter().map(|a| format!("a{a}")).collect();
        prop_assert_eq!(m.actors.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), ids);
        let cols: Vec<String> = (0..4).filter(|&c| pos.iter().any(|r| r[c] > 0)).map(|c| format!("c{c}")).collect();
        prop_assert_eq!(&m.claims, &cols);
        use elenchus::model::Position;
        for (row, &a) in holding.iter().enumerate() {
            for (col, cid) in cols.iter().enumerate() {
                let c: usize = cid[1..].parse().unwrap();
                let want = [None, Some(Position::Affirms), Some(Position::Denies), Some(Position::Abstains)][pos[a][c] as usize];
                prop_assert_eq!(m.cell(row, col), want);
            }
        }
        // The blocks cover every row once, in order.
        let rows: Vec<usize> = m.blocks().into_iter().flatten().collect();
        prop_assert_eq!(rows, (0..holding.len()).collect::<Vec<_>>());
        // The nodes form draws one stance edge per cell with a stance.
        let nodes = Scene::build(&graph, &Options { actors: true, actors_matrix: Some(false), ..Options::default() }, &[]).unwrap();
        prop_assert!(nodes.matrix.is_none());
        let edges = nodes.edges.iter().filter(|e| matches!(e.role, render::EdgeRole::Stance(..))).count();
        prop_assert_eq!(edges, m.cells.iter().filter(|c| c.is_some()).count());
    }
}

fn unga() -> PathBuf {
    map_path("unga-es11.toml")
}

/// The width of an SVG in pixels (Graphviz writes points: 96/72 pixels each).
fn svg_width(svg: &str) -> f32 {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(svg, opts).unwrap();
    let w = doc.root_element().attribute("width").unwrap();
    match w.strip_suffix("pt") {
        Some(pt) => pt.parse::<f32>().unwrap() * 96.0 / 72.0,
        None => w.trim_end_matches("px").parse().unwrap(),
    }
}

/// Each stance cell of the builtin matrix: its class and its symbol.
fn svg_cells(svg: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let m = doc.descendants().find(|n| n.attribute("class") == Some("stance-matrix")).expect("a matrix");
    let mut out = Vec::new();
    for r in m.descendants().filter(|n| n.has_tag_name("rect")) {
        let class = r.attribute("class").unwrap().to_string();
        let next =
            r.next_sibling_element().filter(|n| n.has_tag_name("text")).and_then(|n| n.text()).map(str::to_string);
        out.push((class, next));
    }
    out
}

#[test]
fn unga_actors_is_a_matrix_at_most_2500_pixels_wide_builtin() {
    let map = load(&unga());
    let graph = ClaimGraph::build(&map);
    let opts = Options { actors: true, ..Options::default() };
    let scene = Scene::build(&graph, &opts, &render::tensions(&graph)).unwrap();
    let m = scene.matrix.as_ref().expect("193 actors: a matrix");
    assert!(m.actors.len() > 150);
    let svg = render::svg::render(&scene);
    let w = svg_width(&svg);
    assert!(w <= 2500.0, "builtin: {w} px wide");
    // Every cell drawn, with the symbol of its stance.
    let cells = svg_cells(&svg);
    assert_eq!(cells.len(), m.actors.len() * m.claims.len());
    for (i, (class, sym)) in cells.iter().enumerate() {
        let (a, c) = (i / m.claims.len(), i % m.claims.len());
        match m.cell(a, c) {
            Some(p) => {
                assert_eq!(class, &format!("cell {p}"));
                assert_eq!(sym.as_deref(), Some(render::style::stance_symbol(p)));
            }
            None => assert!(class == "cell none" && sym.is_none()),
        }
    }
    // Inside the canvas: the group's offset plus its width within the viewBox.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let vb: Vec<f32> =
        doc.root_element().attribute("viewBox").unwrap().split(' ').map(|x| x.parse().unwrap()).collect();
    let g = doc.descendants().find(|n| n.attribute("class") == Some("stance-matrix")).unwrap().parent().unwrap();
    let t = g.attribute("transform").unwrap();
    let xy: Vec<f32> =
        t.trim_start_matches("translate(").trim_end_matches(')').split(',').map(|x| x.parse().unwrap()).collect();
    let (_, mw, mh) = m.svg();
    assert!(xy[0] >= vb[0] && xy[0] + mw <= vb[0] + vb[2], "{t} {mw} {vb:?}");
    assert!(xy[1] >= vb[1] && xy[1] + mh <= vb[1] + vb[3], "{t} {mh} {vb:?}");
    // One node per actor instead: what the matrix replaces is wider than a screen
    // even with its wide layers wrapped, and wider than the drawing with the matrix.
    let nodes = Scene::build(&graph, &Options { actors_matrix: Some(false), ..opts }, &[]).unwrap();
    let strip = svg_width(&render::svg::render(&nodes));
    assert!(strip > 2_500.0 && strip > vb[2], "{strip} against {}", vb[2]);
}

#[test]
fn matrix_dot_parses_and_stays_within_graphviz_limits() {
    let map = load(&unga());
    let graph = ClaimGraph::build(&map);
    let scene = Scene::build(&graph, &Options { actors: true, ..Options::default() }, &[]).unwrap();
    let m = scene.matrix.as_ref().unwrap();
    let dot = render::dot::to_dot(&scene);
    graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("the DOT does not parse: {e}"));
    let blocks = m.blocks();
    assert!(blocks.len() >= 2);
    for i in 0..blocks.len() {
        let line = dot.lines().find(|l| l.trim_start().starts_with(&format!("\"matrix:{i}\""))).expect("a block node");
        assert!(line.len() < render::dot::MAX_STRING, "block {i}: {} bytes", line.len());
        assert!(!line.contains('\u{2026}') || line.contains("\u{2026}</TD>"), "block {i} was cut");
    }
    // Each actor's name once, each stance symbol as often as the matrix holds it.
    for (_, name) in &m.actors {
        let shown = elenchus::render::text::clip(name, 22);
        assert!(dot.contains(&format!(">{}</TD>", shown.replace('&', "&amp;"))), "{name}");
    }
    for p in elenchus::model::Position::ALL {
        let n = m.cells.iter().filter(|c| **c == Some(p)).count();
        let sym = render::style::stance_symbol(p);
        assert_eq!(dot.matches(&format!(">{sym}</TD>")).count(), n, "{p}");
    }
    assert!(!dot.contains("\"actor:"), "no actor nodes");
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn unga_actors_matrix_graphviz_width() {
    assert!(render::find_dot().is_some());
    let map = load(&unga());
    let graph = ClaimGraph::build(&map);
    let opts = Options { actors: true, tensions: false, ..Options::default() };
    let scene = Scene::build(&graph, &opts, &[]).unwrap();
    let svg = render::graphviz_svg(&scene).unwrap();
    let w = svg_width(&svg);
    assert!(w <= 2500.0, "graphviz: {w} px wide");
    assert!(svg.contains("class=\"node stance&#45;matrix\""));
}

#[test]
fn cli_actors_matrix() {
    let u = unga();
    let u = u.to_str().unwrap();
    let out = run(&["render", u, "--actors", "--engine", "builtin"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(svg_width(&out.stdout) <= 2500.0);
    assert!(out.stdout.contains("class=\"stance-matrix\"") && !out.stdout.contains("class=\"node actor"));

    let out = run(&["render", u, "--actors", "--actors-as", "nodes", "--format", "dot", "--no-tensions"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"actor:") && !out.stdout.contains("stance-matrix"));

    // A small map: nodes unless the matrix is asked for.
    let c = map_path("cambodia-russia.toml");
    let c = c.to_str().unwrap();
    let out = run(&["render", c, "--actors", "--format", "dot"]);
    assert!(out.stdout.contains("\"actor:") && !out.stdout.contains("stance-matrix"));
    let out = run(&["render", c, "--actors", "--actors-as", "matrix", "--format", "dot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("\"actor:") && out.stdout.contains("stance-matrix"));

    let out = run(&["render", c, "--actors-as", "matrix"]);
    assert_eq!(out.code, 2, "--actors-as needs --actors");
    assert!(out.stderr.contains("--actors"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// PNG and PDF

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn run_bytes(args: &[&str], path: Option<&str>) -> (i32, Vec<u8>, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_elenchus"));
    cmd.args(args).current_dir(root()).stdin(std::process::Stdio::null());
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    (out.status.code().unwrap(), out.stdout, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn png_and_pdf_from_the_extension_and_the_flag() {
    use render::Output;
    assert_eq!(Output::from_path(Path::new("a/map.PNG")), Some(Output::Png));
    assert_eq!(Output::from_path(Path::new("map.pdf")), Some(Output::Pdf));
    assert!(Output::Png.is_binary() && Output::Pdf.is_binary() && !Output::Svg.is_binary());
    assert_eq!(render::binary_recipe(Output::Png), "elenchus render MAP --format dot | dot -Tpng -o map.png");
}

#[test]
fn png_with_the_builtin_engine_is_an_error_naming_the_recipe() {
    let map = cambodia();
    let graph = ClaimGraph::build(&map);
    let scene = Scene::build(&graph, &Options::default(), &[]).unwrap();
    for (out, f) in [(render::Output::Png, "png"), (render::Output::Pdf, "pdf")] {
        let err = render::render_bytes(&scene, out, render::Engine::Builtin).unwrap_err();
        assert!(matches!(err, elenchus::Error::Usage(_)));
        assert!(err.to_string().contains(&format!("elenchus render MAP --format dot | dot -T{f} -o map.{f}")), "{err}");
        // `render` (text) refuses binary formats.
        assert!(render::render(&scene, out, render::Engine::Auto).is_err());
        let m = map_path("cambodia-russia.toml");
        let (code, stdout, stderr) =
            run_bytes(&["render", m.to_str().unwrap(), "--engine", "builtin", "--format", f], None);
        assert_eq!(code, 2, "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains(&format!("| dot -T{f} -o map.{f}")), "{stderr}");
    }
    // Text formats come out of render_bytes as render makes them.
    let (bytes, _) = render::render_bytes(&scene, render::Output::Dot, render::Engine::Auto).unwrap();
    assert_eq!(bytes, render::dot::to_dot(&scene).into_bytes());
}

/// Without Graphviz on the PATH: exit 2 naming the recipe, nothing written.
#[test]
fn png_without_graphviz_names_the_recipe() {
    let dir = common::scratch("render_filters", "no-graphviz");
    let empty = dir.join("bin");
    std::fs::create_dir_all(&empty).unwrap();
    let m = map_path("cambodia-russia.toml");
    for f in ["png", "pdf"] {
        let out = dir.join(format!("map.{f}"));
        let (code, stdout, stderr) =
            run_bytes(&["render", m.to_str().unwrap(), "-o", out.to_str().unwrap()], Some(empty.to_str().unwrap()));
        assert_eq!(code, 2, "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("`dot` is not on the PATH"), "{stderr}");
        assert!(stderr.contains(&format!("elenchus render MAP --format dot | dot -T{f} -o map.{f}")), "{stderr}");
        assert!(!out.exists());
    }
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn png_and_pdf_with_graphviz() {
    assert!(render::find_dot().is_some());
    let map = cambodia();
    let graph = ClaimGraph::build(&map);
    let scene = Scene::build(&graph, &Options::default(), &render::tensions(&graph)).unwrap();
    let (png, used) = render::render_bytes(&scene, render::Output::Png, render::Engine::Auto).unwrap();
    assert!(png.starts_with(PNG_SIGNATURE));
    assert!(matches!(used, render::EngineUsed::Graphviz(_)));
    let (pdf, _) = render::render_bytes(&scene, render::Output::Pdf, render::Engine::Graphviz).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.windows(5).any(|w| w == b"%%EOF"));

    let dir = common::scratch("render_filters", "graphviz");
    let m = map_path("cambodia-russia.toml");
    let m = m.to_str().unwrap();
    // From -o's extension.
    for (f, head) in [("png", PNG_SIGNATURE), ("pdf", b"%PDF-".as_slice())] {
        let out = dir.join(format!("map.{f}"));
        let (code, _, stderr) = run_bytes(&["render", m, "-o", out.to_str().unwrap()], None);
        assert_eq!(code, 0, "{stderr}");
        assert!(std::fs::read(&out).unwrap().starts_with(head), "{f}");
    }
    // From --format, to standard output (not a terminal here).
    let (code, stdout, stderr) = run_bytes(&["render", m, "--format", "png"], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with(PNG_SIGNATURE));
    // --format wins over the extension.
    let out = dir.join("drawing.svg");
    let (code, _, _) = run_bytes(&["render", m, "--format", "pdf", "-o", out.to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
}

/// PNG to a terminal is refused: run under `script` (util-linux), whose
/// standard output is a pseudo-terminal.
#[test]
#[cfg(target_os = "linux")]
fn png_to_a_terminal_is_refused() {
    let Ok(probe) = std::process::Command::new("script").arg("--version").output() else {
        panic!("`script` (util-linux) is needed for this test");
    };
    assert!(probe.status.success());
    let m = map_path("cambodia-russia.toml");
    let cmd = format!("{} render {} --format png --engine builtin", env!("CARGO_BIN_EXE_elenchus"), m.display());
    let out = std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("will not write PNG to a terminal"), "{text}");
    assert!(!text.contains("PNG\r\n"), "nothing binary written");
}
