//! `elenchus render` through the library and the binary: golden DOT
//! snapshots, DOT parsed back with graphviz-rust's parser, SVG from both
//! engines parsed as XML, a hostile map whose text must come out intact and
//! inert, atomic writing, refusing to overwrite the input, and exit codes.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{flatten, html_lines, id_str};
use elenchus::ClaimGraph;
use elenchus::diag::Level;
use elenchus::model::ArgMap;
use elenchus::render::dot::{to_dot, unquote};
use elenchus::render::text::visible;
use elenchus::render::{self, Engine, EngineUsed, GroupBy, Options, Output, Scene, Tension};
use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, Graph, Id, Node, Stmt, Vertex};

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

fn load(path: &Path) -> ArgMap {
    elenchus::load_file(path).unwrap().into_map().unwrap()
}

/// The maps every drawing test runs on: the shipped maps and the test maps.
fn all_maps() -> Vec<PathBuf> {
    let mut v = common::shipped_maps();
    v.push(data("render-small.toml"));
    v.push(data("render-hostile.toml"));
    v.push(data("render-linked.toml"));
    v.push(data("example.toml"));
    v.push(root().join("docs/legend.toml"));
    v
}

/// The tension drawn in the snapshots: fixed here, so that the snapshots do
/// not move with the rules.
fn small_tensions(map: &ArgMap) -> Vec<Tension> {
    let c = |id: &str| map.claim_id(id).unwrap();
    vec![
        Tension {
            level: Level::Note,
            claims: vec![c("no-invasions"), c("suspend")],
            label: "unheeded-reason (cambodia)".into(),
            acknowledged: false,
            rule: "unheeded-reason".into(),
            actor: Some("cambodia".into()),
            offset: 0,
        },
        Tension {
            level: Level::Error,
            claims: vec![c("exclusion-bad"), c("isolation-works")],
            label: "contradiction (author)".into(),
            acknowledged: false,
            rule: "contradiction".into(),
            actor: Some("author".into()),
            offset: 0,
        },
    ]
}

fn scene(map: &ArgMap, opts: &Options, tensions: &[Tension]) -> Scene {
    Scene::build(&ClaimGraph::build(map), opts, tensions).unwrap()
}

fn overlay() -> Options {
    Options { actor: Some("cambodia".into()), actors: true, group_by: Some(GroupBy::Tag), ..Options::default() }
}

// ---------------------------------------------------------------------------
// DOT

#[test]
fn dot_snapshot_small_map() {
    let map = load(&data("render-small.toml"));
    let dot = to_dot(&scene(&map, &Options::default(), &small_tensions(&map)));
    insta::assert_snapshot!("small_plain", dot);
}

#[test]
fn dot_snapshot_small_map_with_actor_overlay() {
    let map = load(&data("render-small.toml"));
    let dot = to_dot(&scene(&map, &overlay(), &small_tensions(&map)));
    insta::assert_snapshot!("small_overlay", dot);
}

fn attr<'a>(attrs: &'a [Attribute], key: &str) -> Option<&'a Id> {
    attrs.iter().find(|a| id_str(&a.0) == key).map(|a| &a.1)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Parse DOT back and check that every claim is a node whose label shows
/// the claim's text, and every cluster label shows its tag.
fn check_dot(map: &ArgMap, dot: &str) -> Graph {
    let graph = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("the DOT does not parse: {e}\n{dot}"));
    let Graph::DiGraph { stmts, .. } = &graph else { panic!("not a digraph") };
    let mut all = Vec::new();
    flatten(stmts, &mut all);
    let nodes: Vec<&Node> = all.iter().filter_map(|s| if let Stmt::Node(n) = s { Some(n) } else { None }).collect();
    for c in &map.claims {
        // (A bare mention, with no attributes, puts a node in a row's
        // `rank=same` group.)
        let matching: Vec<&&Node> =
            nodes.iter().filter(|n| unquote(id_str(&n.id.0)) == c.id && !n.attributes.is_empty()).collect();
        assert_eq!(matching.len(), 1, "claim `{}` is one node", c.id);
        let label = attr(&matching[0].attributes, "label").expect("a label");
        let Id::Html(h) = label else { panic!("an HTML label: {label:?}") };
        let lines = html_lines(h);
        // The last line is the id (and kind); a stance mark may come first.
        assert!(lines.last().unwrap().starts_with(&c.id));
        let shown: String = lines[..lines.len() - 1].concat();
        assert!(
            squash(&shown).ends_with(&squash(&visible(&c.text))),
            "claim `{}` shows {shown:?}, not {:?}",
            c.id,
            c.text
        );
    }
    // Every other label in the graph is a quoted string that unquotes to text
    // with no stray markup.
    for s in &all {
        if let Stmt::Attribute(a) = s
            && id_str(&a.0) == "label"
        {
            let Id::Escaped(q) = &a.1 else { panic!("quoted") };
            let text = unquote(q);
            assert!(
                map.claims.iter().flat_map(|c| &c.tags).any(|t| *t == text)
                    || text.starts_with("Stances of")
                    || text == "Legend",
                "unexpected cluster label {text:?}"
            );
        }
    }
    graph
}

#[test]
fn dot_parses_back_for_every_map() {
    for path in all_maps() {
        let map = load(&path);
        for opts in [Options::default(), overlay()] {
            let opts = Options { actor: map.actors.first().map(|a| a.id.clone()).filter(|_| opts.actors), ..opts };
            let dot = to_dot(&scene(&map, &opts, &[]));
            check_dot(&map, &dot);
        }
    }
}

#[test]
fn dot_of_the_hostile_map_is_valid_and_shows_the_text() {
    let path = data("render-hostile.toml");
    let map = load(&path);
    let opts = Options { actor: Some("mallory".into()), ..overlay() };
    let dot = to_dot(&scene(&map, &opts, &[]));
    let graph = check_dot(&map, &dot);
    // Bidirectional controls are numeric references, never raw characters;
    // control characters are pictures; markup is escaped.
    assert!(!dot.contains('\u{202E}') && dot.contains("&#x202E;"));
    assert!(!dot.contains('\u{7}') && dot.contains('\u{2407}'));
    assert!(!dot.contains("<script>") && dot.contains("&lt;script&gt;"));
    assert!(dot.contains("😀") && dot.contains("កម្ពុជា"));
    // The title and the actor's name come back whole from their quoted labels.
    let Graph::DiGraph { stmts, .. } = &graph else { unreachable!() };
    let mut all = Vec::new();
    flatten(stmts, &mut all);
    let graph_label = all
        .iter()
        .find_map(|s| match s {
            Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Graph(a)) => attr(a, "label").cloned(),
            _ => None,
        })
        .unwrap();
    let title = unquote(id_str(&graph_label));
    assert!(title.starts_with(map.meta.title.as_deref().unwrap()), "{title:?}");
    assert!(title.ends_with(&format!("stances of {}", map.actors[0].display_name())), "{title:?}");
    // Edges join the quoted ids.
    let edges: Vec<&Edge> = all.iter().filter_map(|s| if let Stmt::Edge(e) = s { Some(e) } else { None }).collect();
    assert!(edges.iter().any(|e| matches!(&e.ty, EdgeTy::Pair(Vertex::N(a), Vertex::N(b))
        if unquote(id_str(&a.0)) == "quotes" && unquote(id_str(&b.0)) == "script")));
}

#[test]
fn dot_styles_follow_the_visual_language() {
    let map = load(&data("render-small.toml"));
    let dot = to_dot(&scene(&map, &overlay(), &small_tensions(&map)));
    let line = |needle: &str| {
        dot.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle}\n{dot}")).to_string()
    };
    // Shapes by kind.
    assert!(line("\"no-invasions\"[").contains("shape=hexagon"));
    assert!(line("\"isolation-works\"[").contains("shape=box"));
    assert!(line("\"suspend\"[").contains("shape=cds"));
    assert!(line("\"self-defence\"[").contains("shape=ellipse"));
    // Relations: style and arrowheads.
    assert!(line("class=\"supports\"").contains("color=\"#0072B2\""));
    let attacks = line("class=\"attacks\"");
    assert!(attacks.contains("style=\"dashed\"") && attacks.contains("arrowhead=tee"));
    let contradicts = line("class=\"contradicts\"");
    assert!(contradicts.contains("bold") && contradicts.contains("dir=both"));
    let implies = line("class=\"implies\"");
    assert!(implies.contains("penwidth=2.4") && implies.contains("arrowsize=1.4"));
    let undercuts = line("class=\"undercuts\"");
    assert!(undercuts.contains("style=\"dotted\"") && undercuts.contains("\"rel:r-deplore\""));
    // The undercut relation runs through its joint.
    assert!(dot.contains("\"no-invasions\" -> \"rel:r-deplore\""));
    assert!(dot.contains("\"rel:r-deplore\" -> \"deplore\""));
    // Tensions: outlines by level, labelled connectors that do not rank
    // (without --actor, which draws only that actor's tensions).
    let dot_all = to_dot(&scene(&map, &Options { actor: None, ..overlay() }, &small_tensions(&map)));
    let line_all = |needle: &str| dot_all.lines().find(|l| l.contains(needle)).unwrap_or_default().to_string();
    assert!(line_all("\"exclusion-bad\"[").contains("peripheries=2"));
    assert!(!line("\"exclusion-bad\"[").contains("peripheries=2"), "the author's tension is not cambodia's");
    assert!(line("\"suspend\"[").contains("dashed"));
    let tension = line_all("label=\"contradiction (author)\"");
    assert!(tension.contains("constraint=false") && tension.contains("class=\"tension\""));
    // Stances: marks with a legend, actor nodes with stance edges.
    assert!(line("\"suspend\"[").contains("○ abstains"));
    assert!(line("\"no-invasions\"[").contains("✔ affirms"));
    assert!(dot.contains("subgraph cluster_legend"));
    assert!(line("\"actor:cambodia\" -> \"suspend\"").contains("arrowhead=odot"));
    // Clusters by tag.
    assert!(dot.contains("label=\"sovereignty\"") && dot.contains("label=\"votes\""));
}

#[test]
fn no_tensions_hides_them() {
    let map = load(&data("render-small.toml"));
    let opts = Options { tensions: false, ..Options::default() };
    let dot = to_dot(&scene(&map, &opts, &small_tensions(&map)));
    assert!(!dot.contains("tension") && !dot.contains("peripheries"));
}

#[test]
fn focus_draws_the_neighbourhood() {
    let map = load(&data("render-small.toml"));
    let names = |depth| {
        let opts = Options { focus: Some("charter".into()), depth, ..Options::default() };
        let s = scene(&map, &opts, &[]);
        assert!(s.subtitle.as_deref().unwrap().contains("neighbourhood of charter"));
        let mut v: Vec<String> = s.nodes.iter().map(|n| n.name.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(names(0), ["charter"]);
    assert_eq!(names(1), ["charter", "no-invasions"]);
    // Two steps: everything no-invasions relates to, and the undercut of its
    // relation to `deplore` (an undercut is one step from both ends).
    assert_eq!(
        names(2),
        ["charter", "deplore", "no-invasions", "rel:r-deplore", "self-defence", "suspend"].map(String::from).to_vec()
    );
}

#[test]
fn unknown_ids_are_usage_errors_with_suggestions() {
    let map = load(&data("render-small.toml"));
    let graph = ClaimGraph::build(&map);
    let err = Scene::build(&graph, &Options { actor: Some("camboda".into()), ..Options::default() }, &[]).unwrap_err();
    assert!(err.to_string().contains("did you mean `cambodia`?"), "{err}");
    let err = Scene::build(&graph, &Options { focus: Some("chartre".into()), ..Options::default() }, &[]).unwrap_err();
    assert!(err.to_string().contains("did you mean `charter`?"), "{err}");
}

// ---------------------------------------------------------------------------
// SVG

/// The `<title>` texts of the node groups of an SVG.
fn node_titles<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<(roxmltree::Node<'a, 'a>, String)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class").is_some_and(|c| c.split(' ').any(|w| w == "node")))
        .filter_map(|g| {
            let t = g.children().find(|c| c.has_tag_name("title"))?;
            Some((g, t.text().unwrap_or("").to_string()))
        })
        .collect()
}

/// Parse an SVG as XML (Graphviz's names the SVG 1.1 DTD).
fn parse_svg(svg: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(svg, opts)
}

/// Parse an SVG and check it: well-formed, no script, and each claim's full
/// text once as a node title, its label lines showing that text.
fn check_svg(map: &ArgMap, svg: &str, engine: &str) {
    let doc = parse_svg(svg).unwrap_or_else(|e| panic!("{engine}: the SVG is not XML: {e}"));
    assert!(doc.root_element().has_tag_name("svg"));
    assert!(!doc.descendants().any(|n| n.has_tag_name("script") || n.has_tag_name("foreignObject")), "{engine}");
    let titles = node_titles(&doc);
    for c in &map.claims {
        let want = visible(&c.text).into_owned();
        let groups: Vec<_> = titles.iter().filter(|(_, t)| *t == want).collect();
        assert_eq!(groups.len(), 1, "{engine}: claim `{}` has one node titled with its text", c.id);
        let shown: String = groups[0]
            .0
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect();
        assert!(
            squash(&shown).contains(&squash(&want)),
            "{engine}: claim `{}` shows {shown:?}, not its text {want:?}",
            c.id
        );
    }
}

#[test]
fn builtin_svg_for_every_map() {
    for path in all_maps() {
        let map = load(&path);
        let actor = map.actors.first().map(|a| a.id.clone());
        for opts in [Options::default(), Options { actor, ..overlay() }] {
            let s = scene(&map, &opts, &small_or_none(&map));
            let (svg, used) = render::render(&s, Output::Svg, Engine::Builtin).unwrap();
            assert_eq!(used, EngineUsed::Builtin);
            check_svg(&map, &svg, &format!("builtin {}", path.display()));
        }
    }
}

/// The fixed tensions for the small map, none for the others.
fn small_or_none(map: &ArgMap) -> Vec<Tension> {
    if map.claim_id("exclusion-bad").is_some() { small_tensions(map) } else { Vec::new() }
}

/// The tests that need Graphviz carry
/// `#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]`
/// (the build script sets `graphviz` when `dot` is on the PATH): without it
/// `cargo test` lists them as ignored with that reason. Run with it, they
/// fail when `dot` has gone since the build.
fn need_graphviz() {
    assert!(render::find_dot().is_some(), "Graphviz `dot` was on the PATH at build time and is not now");
}

/// In CI Graphviz must be there (`.ci/run` installs it): no test is skipped for want of it.
#[test]
fn ci_has_graphviz() {
    if std::env::var_os("CI").is_some() {
        assert!(cfg!(graphviz) && render::find_dot().is_some(), "CI must have Graphviz: `.ci/run` installs it");
    }
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn graphviz_svg_for_every_map() {
    need_graphviz();
    for path in all_maps() {
        let map = load(&path);
        let actor = map.actors.first().map(|a| a.id.clone());
        for opts in [Options::default(), Options { actor, ..overlay() }] {
            let s = scene(&map, &opts, &small_or_none(&map));
            let (svg, used) = render::render(&s, Output::Svg, Engine::Graphviz).unwrap();
            assert!(matches!(used, EngineUsed::Graphviz(_)));
            check_svg(&map, &svg, &format!("graphviz {}", path.display()));
        }
    }
}

#[test]
fn hostile_svg_is_inert_and_intact() {
    hostile_svg(Engine::Builtin);
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn hostile_svg_is_inert_and_intact_graphviz() {
    need_graphviz();
    hostile_svg(Engine::Graphviz);
}

fn hostile_svg(engine: Engine) {
    let map = load(&data("render-hostile.toml"));
    let opts = Options { actor: Some("mallory".into()), ..overlay() };
    let s = scene(&map, &opts, &[]);
    {
        let (svg, _) = render::render(&s, Output::Svg, engine).unwrap();
        assert!(!svg.contains("<script"), "{engine:?}");
        assert!(!svg.contains("]]>") && !svg.contains("<![CDATA["), "{engine:?}");
        assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"), "{engine:?}");
        // The SVG's own title is the map's title, escaped.
        let doc = parse_svg(&svg).unwrap();
        let title = doc.root_element().descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert!(title.text().unwrap().starts_with(map.meta.title.as_deref().unwrap()), "{engine:?}");
        // Emoji, Khmer, Arabic and the right-to-left override survive.
        for c in &map.claims {
            assert!(node_titles(&doc).iter().any(|(_, t)| *t == visible(&c.text)), "{engine:?}: {}", c.id);
        }
        assert!(svg.contains("😀") && svg.contains("مرحبا"), "{engine:?}");
        check_svg(&map, &svg, &format!("{engine:?} hostile"));
    }
}

// ---------------------------------------------------------------------------
// Very long texts: cut for drawing, whole in the titles, within Graphviz's
// limit on strings.

/// A map whose title, actor name and kind, claim texts, kinds and tags are
/// each about 100,000 characters: words, one base letter with 50,000
/// combining marks, 30,000 zero-width spaces (each written as an 8-byte
/// reference in DOT), 100,000 `&` (5 bytes each).
fn long_map() -> String {
    let words = "word ".repeat(20_000);
    let long = |c: &str| c.repeat(100_000);
    format!(
        "[map]\ntitle = \"{title}\"\n\
         [actors.longname]\nname = \"{name}\"\nkind = \"{kind}\"\naffirms = [\"long-text\"]\ndenies = [\"zalgo\"]\n\
         [claims.long-text]\ntext = \"{words}\"\nkind = \"{kind}\"\ntags = [\"{tag}\"]\nsupports = [\"zalgo\"]\n\
         [claims.zalgo]\ntext = \"a{marks}\"\ntags = [\"{tag}\"]\n\
         [claims.zero-width]\ntext = \"{zw}\"\nkind = \"{amp}\"\nattacks = [\"long-text\"]\n",
        title = long("T"),
        name = "name ".repeat(20_000),
        kind = long("k"),
        tag = long("g"),
        marks = "\u{0301}".repeat(50_000),
        zw = "\u{200B}".repeat(30_000),
        amp = long("&"),
    )
}

#[test]
fn builtin_heading_shows_the_title_as_written() {
    // The heading was written with a placeholder for its x that text in the
    // title could name.
    let text = "[map]\ntitle = \"Price {CX} and <text x> {{CX}}\"\n[claims.a]\ntext = \"A\"\n";
    let map = elenchus::load_str("cx.toml", text, elenchus::Format::Toml).into_map().unwrap();
    let (svg, _) = render::render(&scene(&map, &Options::default(), &[]), Output::Svg, Engine::Builtin).unwrap();
    let doc = parse_svg(&svg).unwrap();
    let drawn: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert!(drawn.contains(&"Price {CX} and <text x> {{CX}}"), "{drawn:?}");
}

fn long_opts() -> Options {
    Options { actor: Some("longname".into()), ..overlay() }
}

/// Check an SVG of the long map: each claim's full text in its node's
/// `<title>`; drawn, at most `MAX_LINES` lines of text (and the stance mark
/// and the id line) that start the text and end with `…`, in a node of
/// bounded size.
fn check_long_svg(map: &ArgMap, svg: &str, engine: &str) {
    let doc = parse_svg(svg).unwrap_or_else(|e| panic!("{engine}: the SVG is not XML: {e}"));
    let titles = node_titles(&doc);
    for c in &map.claims {
        let want = visible(&c.text).into_owned();
        let groups: Vec<_> = titles.iter().filter(|(_, t)| *t == want).collect();
        assert_eq!(groups.len(), 1, "{engine}: claim `{}` has one node titled with its full text", c.id);
        let texts: Vec<String> = groups[0]
            .0
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect();
        assert!(texts.len() <= render::text::MAX_LINES + 2, "{engine}: `{}` draws {} lines", c.id, texts.len());
        for t in &texts {
            assert!(
                t.chars().count() <= 4 * render::text::MAX_LABEL,
                "{engine}: `{}` draws a line of {}",
                c.id,
                t.len()
            );
        }
        let shown: String = texts
            .iter()
            .filter(|t| !t.starts_with('\u{2714}') && !t.starts_with('\u{2718}'))
            .take_while(|t| !t.starts_with(&c.id))
            .map(String::as_str)
            .collect();
        let shown = squash(&shown);
        let kept =
            shown.strip_suffix('\u{2026}').unwrap_or_else(|| panic!("{engine}: `{}` ends with …: {shown:?}", c.id));
        assert!(!kept.is_empty() && squash(&want).starts_with(kept), "{engine}: `{}` shows {shown:?}", c.id);
    }
    // Bounded drawing: the nodes are cut, so the picture is too.
    let width: f32 = doc.root_element().attribute("width").unwrap().trim_end_matches("pt").parse().unwrap();
    assert!(width < 20_000.0, "{engine}: {width} wide");
}

#[test]
fn long_texts_are_cut_for_drawing_and_whole_in_titles() {
    let map = elenchus::load_str("long.toml", long_map(), elenchus::Format::Toml).into_map().unwrap();
    let s = scene(&map, &long_opts(), &[]);
    for n in &s.nodes {
        assert!(n.lines.len() <= render::text::MAX_LINES, "{}", n.name);
        assert!(n.footer.as_ref().is_none_or(|f| f.chars().count() <= 300), "{}", n.name);
    }
    let (svg, _) = render::render(&s, Output::Svg, Engine::Builtin).unwrap();
    check_long_svg(&map, &svg, "builtin");
    // The map's title is whole in the SVG's own title, cut in the heading drawn.
    let doc = parse_svg(&svg).unwrap();
    let title = doc.root_element().children().find(|n| n.has_tag_name("title")).unwrap();
    assert!(title.text().unwrap().starts_with(map.meta.title.as_deref().unwrap()));
    assert!(doc.descendants().filter(|n| n.has_tag_name("text")).all(|t| t.text().unwrap_or("").len() < 2000));
    // And in the DOT: every quoted and HTML string within Graphviz's limit.
    check_dot_strings(&to_dot(&s));
}

/// Every quoted or HTML string of a DOT text is at most `dot::MAX_STRING` bytes.
fn check_dot_strings(dot: &str) {
    let graph = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("the DOT does not parse: {e}"));
    let Graph::DiGraph { stmts, .. } = &graph else { panic!("not a digraph") };
    let mut all = Vec::new();
    flatten(stmts, &mut all);
    let mut ids: Vec<&Id> = Vec::new();
    for st in &all {
        match st {
            Stmt::Node(n) => {
                ids.push(&n.id.0);
                ids.extend(n.attributes.iter().map(|a| &a.1));
            }
            Stmt::Edge(e) => ids.extend(e.attributes.iter().map(|a| &a.1)),
            Stmt::Attribute(a) => ids.push(&a.1),
            Stmt::GAttribute(g) => {
                use graphviz_rust::dot_structures::GraphAttributes as G;
                let (G::Graph(a) | G::Node(a) | G::Edge(a)) = g;
                ids.extend(a.iter().map(|a| &a.1));
            }
            _ => {}
        }
    }
    assert!(ids.len() > 20);
    for id in ids {
        let text = id_str(id);
        // The string between its quotes (or angle brackets).
        assert!(
            text.len().saturating_sub(2) <= render::dot::MAX_STRING,
            "a string of {} bytes: {}...",
            text.len(),
            &text[..80]
        );
    }
}

#[test]
fn dot_of_long_texts_stays_within_graphviz_limits() {
    let dir = common::scratch("render", "long-limits");
    long_texts_dot(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The DOT of [`long_map`] in `dir`, checked; returns the map's path and the DOT file.
fn long_texts_dot(dir: &Path) -> (PathBuf, PathBuf) {
    let path = dir.join("long.toml");
    std::fs::write(&path, long_map()).unwrap();
    let out = dir.join("long.dot");
    let args = ["render", s(&path), "--actor", "longname", "--actors", "--group-by", "tag"];
    let r = run(&[&args[..], &["--format", "dot", "-o", s(&out)]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dot = std::fs::read_to_string(&out).unwrap();
    check_dot_strings(&dot);
    (path, out)
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn dot_of_long_texts_is_accepted_by_graphviz() {
    need_graphviz();
    let dir = common::scratch("render", "long");
    let (path, out) = long_texts_dot(&dir);
    let args = ["render", s(&path), "--actor", "longname", "--actors", "--group-by", "tag"];
    {
        // The real `dot` reads it.
        let run_dot = Command::new("dot").args(["-Tsvg", "-o"]).arg(dir.join("by-dot.svg")).arg(&out).output().unwrap();
        assert!(run_dot.status.success(), "dot: {}", String::from_utf8_lossy(&run_dot.stderr));
        // `--engine auto` uses Graphviz: no fallback to the builtin engine.
        let svg = dir.join("long.svg");
        let r = run(&[&args[..], &["-v", "-o", s(&svg)]].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("render: engine graphviz") && !r.stderr.contains("failed"), "{}", r.stderr);
        let map = load(&path);
        check_long_svg(&map, &std::fs::read_to_string(&svg).unwrap(), "graphviz");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// The command line

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    run_with(args, |_| {})
}

fn run_with(args: &[&str], f: impl FnOnce(&mut Command)) -> Run {
    let mut c = Command::new(BIN);
    c.args(args).current_dir(root()).env("NO_COLOR", "1");
    f(&mut c);
    let out = c.output().unwrap();
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn cli_stdout_svg_by_default_and_dot_on_request() {
    let r = run(&["render", "tests/data/render-small.toml", "--engine", "builtin"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    parse_svg(&r.stdout).unwrap();
    let r = run(&["render", "tests/data/render-small.toml", "--format", "dot"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("digraph elenchus {"));
    graphviz_rust::parse(&r.stdout).unwrap();
    // The findings of the checks are drawn.
    assert!(r.stdout.contains("class=\"tension\""), "{}", r.stdout);
    assert!(r.stdout.contains("unheeded-reason (cambodia)"));
    let r = run(&["render", "tests/data/render-small.toml", "--format", "dot", "--no-tensions"]);
    assert!(!r.stdout.contains("tension"));
}

#[test]
fn tensions_are_drawn_at_the_level_the_basis_gives() {
    // A broken entailment that rests on an inferred stance is a warning, not
    // an error (docs/checks.md, "Basis of a stance"): render draws it so.
    let map = |basis: &str| {
        format!(
            "[actors.council]\ndenies = [\"treasurer-votes\"]\n\n\
             [claims.all-members-vote]\ntext = \"Every member may vote.\"\nimplies = [\"treasurer-votes\"]\n\n\
             [claims.treasurer-votes]\ntext = \"The treasurer may vote.\"\n\n\
             [[stances]]\nactor = \"council\"\nclaim = \"all-members-vote\"\nposition = \"affirms\"\nbasis = \"{basis}\"\n"
        )
    };
    let dir = common::scratch("render", "basis");
    for (basis, level) in [("stated", Level::Error), ("reported", Level::Error), ("inferred", Level::Warning)] {
        let text = map(basis);
        // The library: the tensions of the checks.
        let m = elenchus::load_str("m.toml", text.as_str(), elenchus::Format::Toml).into_map().unwrap();
        let tensions = render::tensions(&ClaimGraph::build(&m));
        assert_eq!(tensions.len(), 1, "{basis}: {tensions:?}");
        assert_eq!(tensions[0].level, level, "{basis}");
        // The command line: the legend and the connector.
        let file = dir.join(format!("{basis}.toml"));
        std::fs::write(&file, &text).unwrap();
        let r = run(&["render", s(&file), "--format", "dot"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let word = if level == Level::Error { "error" } else { "warning" };
        assert!(r.stdout.contains(&format!("label=\"{word}: claim\"")), "{basis}: {}", r.stdout);
        assert_eq!(r.stdout.matches("class=\"tension\"").count(), 1, "{}", r.stdout);
    }
}

#[test]
fn cli_format_from_extension_and_atomic_write() {
    let dir = common::scratch("render", "ext");
    for (name, dot) in [("map.dot", true), ("map.gv", true), ("map.svg", false), ("MAP.SVG", false)] {
        let out = dir.join(name);
        let r = run(&["render", "tests/data/render-small.toml", "-o", s(&out), "--engine", "builtin"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.is_empty());
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.starts_with("digraph"), dot, "{name}");
    }
    // Overwriting replaces the file whole, and leaves no temporary file.
    let out = dir.join("map.svg");
    std::fs::write(&out, "old").unwrap();
    let r = run(&["render", "tests/data/example.toml", "-o", s(&out), "--engine", "builtin", "--verbose"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("engine builtin"), "{}", r.stderr);
    parse_svg(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["MAP.SVG", "map.dot", "map.gv", "map.svg"]);
    // A format that cannot be told, and a directory that does not exist.
    let r = run(&["render", "tests/data/example.toml", "-o", s(&dir.join("map.jpg"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot tell the output format"), "{}", r.stderr);
    let r = run(&["render", "tests/data/example.toml", "-o", s(&dir.join("none/map.svg"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    let r = run(&["render", "tests/data/example.toml", "-o", s(&dir), "--format", "svg"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is a directory"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_refuses_to_overwrite_the_input() {
    let dir = common::scratch("render", "input");
    let map = dir.join("map.toml");
    std::fs::copy(data("example.toml"), &map).unwrap();
    let before = std::fs::read(&map).unwrap();
    let r = run(&["render", s(&map), "-o", s(&map)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing to overwrite the input map"), "{}", r.stderr);
    // Through another name for the same file.
    let other = dir.join("sub/../map.toml");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let r = run(&["render", s(&map), "-o", s(&other), "--format", "dot"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    #[cfg(unix)]
    {
        let link = dir.join("link.svg");
        std::os::unix::fs::symlink(&map, &link).unwrap();
        let r = run(&["render", s(&map), "-o", s(&link)]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        let hard = dir.join("hard.svg");
        std::fs::hard_link(&map, &hard).unwrap();
        let r = run(&["render", s(&map), "-o", s(&hard)]);
        assert_eq!(r.code, 2, "{}", r.stderr);
    }
    assert_eq!(std::fs::read(&map).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `-o` writes through what it is given: the file a symbolic link names (the
/// link stays), every name of a hard-linked file, a device as a device; the
/// permissions of a replaced file are kept; a full disk is an error.
#[cfg(unix)]
#[test]
fn cli_output_through_links_devices_and_permissions() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    let dir = common::scratch("render", "output-kinds");
    let args = |out: &Path| {
        vec![
            "render".to_string(),
            "tests/data/example.toml".into(),
            "-o".into(),
            s(out).into(),
            "--format".into(),
            "dot".into(),
        ]
    };
    let run_to = |out: &Path| {
        let a = args(out);
        run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // A symbolic link: the file it names gets the drawing, the link stays.
    let real = dir.join("real.dot");
    std::fs::write(&real, "old").unwrap();
    let link = dir.join("link.dot");
    std::os::unix::fs::symlink("real.dot", &link).unwrap();
    let r = run_to(&link);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("digraph"));
    // Permissions of the replaced file are kept.
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(run_to(&real).code, 0);
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o600);
    // A hard link: both names hold the drawing.
    let a = dir.join("a.dot");
    let b = dir.join("b.dot");
    std::fs::write(&a, "old").unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    assert_eq!(run_to(&b).code, 0);
    assert!(std::fs::read_to_string(&a).unwrap().starts_with("digraph"));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["a.dot", "b.dot", "link.dot", "real.dot"]);
    // /dev/null stays a device; /dev/full is an error.
    if std::fs::OpenOptions::new().write(true).open("/dev/null").is_ok() {
        let r = run_to(Path::new("/dev/null"));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }
    if std::fs::OpenOptions::new().write(true).open("/dev/full").is_ok() {
        let r = run_to(Path::new("/dev/full"));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("cannot write `/dev/full`: No space left on device"), "{}", r.stderr);
        assert!(std::fs::metadata("/dev/full").unwrap().file_type().is_char_device());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_exit_codes_for_bad_input() {
    // Unknown actor and focus claim, with suggestions.
    let r = run(&["render", "tests/data/render-small.toml", "--actor", "camboda"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no actor `camboda`; did you mean `cambodia`?"), "{}", r.stderr);
    let r = run(&["render", "tests/data/render-small.toml", "--focus", "suspnd"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no claim `suspnd`; did you mean `suspend`?"), "{}", r.stderr);
    // An invalid map, a missing one, a bad flag value, --depth without --focus.
    let r = run(&["render", "tests/corpus/missing-text.toml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run(&["render", "tests/data/nope.toml"]);
    assert_eq!(r.code, 2);
    let r = run(&["render", "tests/data/example.toml", "--engine", "gnuplot"]);
    assert_eq!(r.code, 2);
    let r = run(&["render", "tests/data/example.toml", "--depth", "3"]);
    assert_eq!(r.code, 2);
    // Standard input.
    let r = run_with(&["render", "-", "--input-format", "toml", "--format", "dot"], |c| {
        c.stdin(std::fs::File::open(data("example.toml")).unwrap());
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"opposes-invasions\""));
}

#[test]
fn cli_engine_choice_without_graphviz() {
    let empty = common::scratch("render", "path");
    // No `dot` on the PATH: auto falls back to the builtin engine and says so.
    let r = run_with(&["render", "tests/data/example.toml", "-v"], |c| {
        c.env("PATH", &empty);
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("engine builtin (Graphviz `dot` is not on the PATH)"), "{}", r.stderr);
    parse_svg(&r.stdout).unwrap();
    // Asking for Graphviz says how to install it.
    let r = run_with(&["render", "tests/data/example.toml", "--engine", "graphviz"], |c| {
        c.env("PATH", &empty);
    });
    assert_eq!(r.code, 2);
    for needle in ["Graphviz is not installed", "apt-get install graphviz", "brew install graphviz"] {
        assert!(r.stderr.contains(needle), "{needle}: {}", r.stderr);
    }
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn cli_verbose_names_graphviz() {
    need_graphviz();
    let r = run(&["render", "tests/data/render-small.toml", "-v", "--actor", "cambodia", "--actors"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("render: engine graphviz"), "{}", r.stderr);
    let map = load(&data("render-small.toml"));
    check_svg(&map, &r.stdout, "graphviz cli");
}

#[test]
fn cli_hints_at_focus_on_large_maps() {
    let dir = common::scratch("render", "large");
    let map = dir.join("large.toml");
    let mut text = String::new();
    for i in 0..=render::LARGE_MAP {
        text.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
        if i > 0 {
            text.push_str(&format!("supports = [\"c{}\"]\n", i / 2));
        }
    }
    std::fs::write(&map, text).unwrap();
    let r = run(&["render", s(&map), "--format", "dot"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("hint:") && r.stderr.contains("--focus"), "{}", r.stderr);
    let r = run(&["render", s(&map), "--format", "dot", "--quiet"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let r = run(&["render", s(&map), "--focus", "c10", "--depth", "1", "--engine", "builtin"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("hint:"), "{}", r.stderr);
    let doc = parse_svg(&r.stdout).unwrap();
    // c10, its parent c5, its children c20 and c21.
    assert_eq!(node_titles(&doc).len(), 4);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `render --format dot` of a 100,000-claim map in under 2 s (release build):
/// `cargo test --release --test suite render:: -- --ignored`.
#[test]
#[ignore = "a timing test: run in release"]
fn dot_of_100k_claims_is_fast() {
    let dir = common::scratch("render", "big");
    let path = dir.join("big.toml");
    let mut text = String::from("[actors.a]\nname = \"A\"\n");
    for i in 0..100_000u32 {
        text.push_str(&format!(
            "[claims.c{i}]\ntext = \"Claim number {i} says something rather long about the state of affairs.\"\n\
             kind = \"principle\"\ntags = [\"t{}\"]\n",
            i % 50
        ));
        if i > 0 {
            text.push_str(&format!("supports = [\"c{}\"]\n", (i * 7919) % i));
        }
    }
    std::fs::write(&path, text).unwrap();
    let start = std::time::Instant::now();
    let r = run(&["render", s(&path), "--format", "dot", "-o", s(&dir.join("big.dot")), "-q"]);
    let took = start.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(took.as_secs_f64() < 2.0, "took {took:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// --status

/// A map whose grounded labels are known by hand: `a` is unattacked (in) and
/// defeats `b` (out), which reinstates `c` (in); `d` and `e` contradict each
/// other (undecided); `f` attacks `g` through a relation that `a` undercuts,
/// so the attack has no effect and `g` is in; `h` is supported by `b` only,
/// which matters under the `necessary` reading (secondary attack: `a`
/// attacks `h`).
const STATUS_MAP: &str = r#"
[claims.a]
text = "A"
attacks = ["b"]
[claims.b]
text = "B"
attacks = ["c"]
supports = ["h"]
[claims.c]
text = "C"
[claims.d]
text = "D"
contradicts = ["e"]
[claims.e]
text = "E"
[claims.f]
text = "F"
[claims.g]
text = "G"
[claims.h]
text = "H"

[[relations]]
id = "f-g"
from = "f"
to = "g"
type = "attacks"

[[relations]]
from = "a"
to = "f-g"
type = "undercuts"
"#;

/// The status word each claim node shows in DOT (the mark line), by id.
fn status_marks(dot: &str) -> std::collections::BTreeMap<String, (String, String)> {
    let graph = graphviz_rust::parse(dot).unwrap();
    let Graph::DiGraph { stmts, .. } = &graph else { panic!("not a digraph") };
    let mut all = Vec::new();
    flatten(stmts, &mut all);
    let mut out = std::collections::BTreeMap::new();
    for s in &all {
        let Stmt::Node(n) = s else { continue };
        let Some(Id::Html(h)) = attr(&n.attributes, "label") else { continue };
        let lines = html_lines(h);
        let Some(word) = ["in", "out", "undecided"].into_iter().find(|w| lines[0].ends_with(&format!(" {w}"))) else {
            continue;
        };
        let fill = attr(&n.attributes, "fillcolor").map(|f| unquote(id_str(f))).unwrap_or_default();
        out.insert(unquote(id_str(&n.id.0)), (word.to_string(), fill));
    }
    out
}

#[test]
fn status_colours_claims_by_their_grounded_label() {
    let dir = common::scratch("render", "status");
    let file = dir.join("status.toml");
    std::fs::write(&file, STATUS_MAP).unwrap();
    let expect = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    };
    let none = [("a", "in"), ("b", "out"), ("c", "in"), ("d", "undecided"), ("e", "undecided")];
    let none: Vec<_> =
        expect(&none).into_iter().chain(expect(&[("f", "in"), ("g", "in"), ("h", "in")])).collect::<Vec<_>>();
    let r = run(&["render", s(&file), "--format", "dot", "--status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let marks = status_marks(&r.stdout);
    let mut got: Vec<(String, String)> = marks.iter().map(|(k, (w, _))| (k.clone(), w.clone())).collect();
    got.sort();
    assert_eq!(got, none);
    // One fill per label, and the three apart in greyscale (Rec. 601 luma).
    let fill = |w: &str| marks.values().find(|(x, _)| x == w).unwrap().1.clone();
    let luma = |hex: &str| {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
        let (r, g, b) = ((v >> 16) & 255, (v >> 8) & 255, v & 255);
        0.299 * r as f64 + 0.587 * g as f64 + 0.114 * b as f64
    };
    let (i, u, o) = (luma(&fill("in")), luma(&fill("undecided")), luma(&fill("out")));
    assert!(i - u > 25.0 && u - o > 25.0, "in {i}, undecided {u}, out {o}");
    for (w, f) in marks.values() {
        assert_eq!(*f, fill(w));
    }
    // The legend names the evaluation and each label.
    assert!(r.stdout.contains("Status (grounded; supports: none)"), "{}", r.stdout);
    for l in ["in: accepted", "out: defeated", "undecided: on an unresolved cycle"] {
        assert!(r.stdout.contains(l), "legend lacks {l}");
    }
    // Under the necessary reading, `a` attacks `h` through `b`'s support.
    let r = run(&["render", s(&file), "--format", "dot", "--status", "--support", "necessary"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(status_marks(&r.stdout)["h"].0, "out");
    assert!(r.stdout.contains("supports: necessary"));
    // SVG from the builtin engine shows the same words.
    let r = run(&["render", s(&file), "--engine", "builtin", "--status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    parse_svg(&r.stdout).unwrap();
    assert!(r.stdout.contains("\u{25D0} undecided") && r.stdout.contains("\u{25CB} out"));
    // --support needs --status; an unknown reading is a usage error.
    assert_eq!(run(&["render", s(&file), "--support", "deductive"]).code, 2);
    assert_eq!(run(&["render", s(&file), "--status", "--support", "strong"]).code, 2);
}

#[test]
fn status_through_the_library() {
    use elenchus::semantics::Label;
    let map = elenchus::load_str("status.toml", STATUS_MAP, elenchus::Format::Toml).into_map().unwrap();
    let labels: Vec<Label> = map
        .claims
        .iter()
        .map(|c| match c.id.as_str() {
            "b" => Label::Out,
            "d" | "e" => Label::Undecided,
            _ => Label::In,
        })
        .collect();
    let opts = Options { status: Some(render::Status { labels, what: "test".into() }), ..Options::default() };
    let sc = scene(&map, &opts, &[]);
    let dot = to_dot(&sc);
    assert_eq!(status_marks(&dot)["b"].0, "out");
    assert_eq!(sc.legend.as_ref().unwrap().title, "Status (test)");
    assert_eq!(sc.subtitle.as_deref(), Some("status: test"));
}
