//! The geometry of Graphviz's drawings, read back from its SVG: for every map
//! in maps/ (plain, `--actor`, `--actors` with `--actor`, `--group-by tag`,
//! `--no-tensions`, `--status`) every line of text lies inside its node's
//! shape with a margin (in a table, the stance matrix, inside its cell), no
//! two text lines overlap, nothing lies outside the viewBox, every edge ends
//! on or near the border of its nodes, no two tension connectors are drawn on
//! top of one another, the drawing is not scaled (its text keeps its size)
//! and its width/height ratio lies in [`RATIO`]. The checker
//! is also shown hand-broken SVGs, which it must reject. The DOT of a map
//! with wide ranks wraps them into rows that Graphviz keeps.
//!
//! Graphviz's SVG: `<g class="graph" transform="scale(s) rotate(0)
//! translate(tx ty)">` holds everything, in coordinates that the transform
//! maps to the viewBox; each node is a `<g class="node ...">` with a
//! `<title>` (its DOT name), its shape (`polygon`, `ellipse` or, rounded,
//! `path`; two of them for a double outline) and a `<text>` per line; each
//! edge a `<g class="edge ...">` with a `<title>` (`TAIL->HEAD`), a `path`,
//! arrowhead `polygon`s and its label's `<text>`.
//!
//! Text extents are estimated from the font size and
//! [`elenchus::render::text::em_width`] (Graphviz's own metrics differ a
//! little: [`TEXT_SLACK`] allows for it).

use std::path::{Path, PathBuf};
use std::process::Command;

use elenchus::ClaimGraph;
use elenchus::render::{self, GroupBy, Options, Scene, text::em_width};
use elenchus::semantics::framework::{MapFramework, Support};

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

/// The width/height ratio every drawing of maps/ keeps to: from a portrait
/// page (1:2) to a wide screen (2:1); wide ranks are wrapped towards 16:10.
pub const RATIO: (f64, f64) = (0.5, 2.0);
/// Room between a text line and its shape's border, in points.
const MARGIN: f64 = 1.5;
/// Estimated text widths may be this much wider than Graphviz's (fraction).
const TEXT_SLACK: f64 = 0.12;
/// An edge ends this close to its node's border (points): Graphviz stops a
/// line at the outer outline's pen, draws a tension connector as parallel
/// strokes a few points either side of its path, and (2.43) clips lines at
/// a `cds` (proposal) shape up to 13 points short of its slanted sides.
const NEAR: f64 = 14.0;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn maps() -> Vec<PathBuf> {
    let v = crate::common::shipped_maps();
    assert!(v.len() >= 6, "maps/ has the example maps");
    v
}

type P = (f64, f64);

#[derive(Debug, Clone)]
enum ShapeG {
    Poly(Vec<P>),
    Ellipse { c: P, rx: f64, ry: f64 },
}

impl ShapeG {
    fn area(&self) -> f64 {
        match self {
            ShapeG::Poly(p) => {
                let mut a = 0.0;
                for i in 0..p.len() {
                    let (x0, y0) = p[i];
                    let (x1, y1) = p[(i + 1) % p.len()];
                    a += x0 * y1 - x1 * y0;
                }
                (a / 2.0).abs()
            }
            ShapeG::Ellipse { rx, ry, .. } => std::f64::consts::PI * rx * ry,
        }
    }
    fn bbox(&self) -> (f64, f64, f64, f64) {
        match self {
            ShapeG::Poly(p) => p.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, &(x, y)| {
                (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
            }),
            ShapeG::Ellipse { c, rx, ry } => (c.0 - rx, c.1 - ry, c.0 + rx, c.1 + ry),
        }
    }
    /// Signed distance from `p` to the border: positive inside.
    fn inside(&self, p: P) -> f64 {
        match self {
            ShapeG::Ellipse { c, rx, ry } => {
                // Distance along the ray from the centre, scaled: good enough
                // near the border for a margin test.
                let (dx, dy) = (p.0 - c.0, p.1 - c.1);
                let k = ((dx / rx).powi(2) + (dy / ry).powi(2)).sqrt();
                let r = (dx * dx + dy * dy).sqrt();
                if k == 0.0 { rx.min(*ry) } else { r / k - r }
            }
            ShapeG::Poly(poly) => {
                let mut inside = false;
                let mut d = f64::MAX;
                for i in 0..poly.len() {
                    let a = poly[i];
                    let b = poly[(i + 1) % poly.len()];
                    if (a.1 > p.1) != (b.1 > p.1) && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 {
                        inside = !inside;
                    }
                    d = d.min(seg_dist(p, a, b));
                }
                if inside { d } else { -d }
            }
        }
    }
}

fn seg_dist(p: P, a: P, b: P) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l2 = dx * dx + dy * dy;
    let t = if l2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / l2).clamp(0.0, 1.0) };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - x).powi(2) + (p.1 - y).powi(2)).sqrt()
}

/// A line of text: its box and what it says.
#[derive(Debug, Clone)]
struct TextBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

#[derive(Debug)]
struct NodeG {
    name: String,
    /// An HTML-like table (the stance matrix): its shapes are its cells.
    table: bool,
    shapes: Vec<ShapeG>,
    texts: Vec<TextBox>,
}

#[derive(Debug)]
struct EdgeG {
    /// A tension connector.
    tension: bool,
    tail: String,
    head: String,
    path: Vec<P>,
    heads: Vec<Vec<P>>,
    texts: Vec<TextBox>,
}

struct Drawing {
    width: f64,
    height: f64,
    /// The scale Graphviz drew at (below 1 when it shrank the drawing to a
    /// `size`, and its text with it).
    scale: f64,
    nodes: Vec<NodeG>,
    edges: Vec<EdgeG>,
    /// Title, cluster labels.
    other_texts: Vec<TextBox>,
    /// Cluster outlines.
    other_points: Vec<P>,
}

fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' || (c == '-' && cur.is_empty()) || (c == 'e' && !cur.is_empty()) {
            cur.push(c);
        } else {
            if let Ok(v) = cur.parse() {
                out.push(v);
            }
            cur.clear();
            if c == '-' {
                cur.push(c);
            }
        }
    }
    if let Ok(v) = cur.parse() {
        out.push(v);
    }
    out
}

fn pairs(v: &[f64]) -> Vec<P> {
    v.chunks_exact(2).map(|c| (c[0], c[1])).collect()
}

/// Read Graphviz's SVG into shapes, texts and edges, in viewBox coordinates.
fn parse(svg: &str) -> Result<Drawing, String> {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(svg, opts).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let vb = numbers(root.attribute("viewBox").ok_or("no viewBox")?);
    if vb.len() != 4 || vb[0] != 0.0 || vb[1] != 0.0 {
        return Err(format!("unexpected viewBox {vb:?}"));
    }
    let graph = root.descendants().find(|n| n.attribute("class") == Some("graph")).ok_or("no graph group")?;
    let tr = graph.attribute("transform").unwrap_or("");
    let scale = tr.find("scale(").map(|i| numbers(&tr[i + 6..])[0]).unwrap_or(1.0);
    let (tx, ty) = match tr.find("translate(") {
        Some(i) => {
            let v = numbers(&tr[i + 10..]);
            (v[0], v[1])
        }
        None => (0.0, 0.0),
    };
    let map = |p: P| (scale * (p.0 + tx), scale * (p.1 + ty));
    let text_box = |t: roxmltree::Node| -> Option<TextBox> {
        let s: String = t.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap_or("")).collect();
        if s.trim().is_empty() {
            return None;
        }
        let x: f64 = t.attribute("x")?.parse().ok()?;
        let y: f64 = t.attribute("y")?.parse().ok()?;
        let size: f64 = t.attribute("font-size").and_then(|v| v.parse().ok()).unwrap_or(14.0);
        let w = em_width(&s) as f64 * size;
        let (x0, x1) = match t.attribute("text-anchor") {
            Some("middle") => (x - w / 2.0, x + w / 2.0),
            Some("end") => (x - w, x),
            _ => (x, x + w),
        };
        let (a, b) = (map((x0, y - 0.72 * size)), map((x1, y + 0.2 * size)));
        Some(TextBox { x0: a.0, y0: a.1, x1: b.0, y1: b.1, text: s })
    };
    let shape_of = |n: roxmltree::Node| -> Option<ShapeG> {
        match n.tag_name().name() {
            "polygon" => Some(ShapeG::Poly(pairs(&numbers(n.attribute("points")?)).into_iter().map(map).collect())),
            "ellipse" => {
                let g = |k| n.attribute(k).and_then(|v: &str| v.parse::<f64>().ok());
                Some(ShapeG::Ellipse { c: map((g("cx")?, g("cy")?)), rx: scale * g("rx")?, ry: scale * g("ry")? })
            }
            // A rounded box: its corners' control points, as a polygon.
            "path" => Some(ShapeG::Poly(pairs(&numbers(n.attribute("d")?)).into_iter().map(map).collect())),
            _ => None,
        }
    };
    let title = |g: roxmltree::Node| -> String {
        g.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or("").to_string()
    };
    let mut d = Drawing {
        width: vb[2],
        height: vb[3],
        scale,
        nodes: Vec::new(),
        edges: Vec::new(),
        other_texts: Vec::new(),
        other_points: Vec::new(),
    };
    for g in graph.children().filter(|n| n.is_element()) {
        let class = g.attribute("class").unwrap_or("");
        let first = class.split(' ').next().unwrap_or("");
        match (g.tag_name().name(), first) {
            ("g", "node") => d.nodes.push(NodeG {
                name: title(g),
                table: class.split(' ').any(|c| c == "stance-matrix"),
                shapes: g
                    .descendants()
                    .filter(|n| n.has_tag_name("polygon") || n.has_tag_name("ellipse") || n.has_tag_name("path"))
                    .filter_map(shape_of)
                    .collect(),
                texts: g.descendants().filter(|n| n.has_tag_name("text")).filter_map(text_box).collect(),
            }),
            ("g", "edge") => {
                let t = title(g);
                let Some((tail, head)) = t.split_once("->") else { return Err(format!("edge title {t:?}")) };
                let path = g.descendants().find(|n| n.has_tag_name("path"));
                d.edges.push(EdgeG {
                    tension: class.split(' ').any(|c| c == "tension"),
                    tail: tail.to_string(),
                    head: head.to_string(),
                    path: path
                        .and_then(|p| p.attribute("d"))
                        .map(|s| pairs(&numbers(s)).into_iter().map(map).collect())
                        .unwrap_or_default(),
                    heads: g
                        .descendants()
                        .filter(|n| n.has_tag_name("polygon") || n.has_tag_name("ellipse"))
                        .filter_map(shape_of)
                        .map(|s| match s {
                            ShapeG::Poly(p) => p,
                            e => {
                                let b = e.bbox();
                                vec![(b.0, b.1), (b.2, b.3)]
                            }
                        })
                        .collect(),
                    texts: g.descendants().filter(|n| n.has_tag_name("text")).filter_map(text_box).collect(),
                });
            }
            ("g", "cluster") => {
                d.other_texts.extend(g.descendants().filter(|n| n.has_tag_name("text")).filter_map(text_box));
                for s in g.descendants().filter_map(shape_of) {
                    let b = s.bbox();
                    d.other_points.extend([(b.0, b.1), (b.2, b.3)]);
                }
            }
            ("text", _) => d.other_texts.extend(text_box(g)),
            _ => {}
        }
    }
    Ok(d)
}

/// A text line's corners, its estimated width shrunk by [`TEXT_SLACK`] (the
/// estimate may run wider than Graphviz's text): top left, top right, bottom
/// left, bottom right.
fn shrunk_corners(t: &TextBox) -> [P; 4] {
    let sx = (t.x1 - t.x0) * TEXT_SLACK / 2.0;
    [(t.x0 + sx, t.y0), (t.x1 - sx, t.y0), (t.x0 + sx, t.y1), (t.x1 - sx, t.y1)]
}

fn overlap(a: &TextBox, b: &TextBox) -> bool {
    // A little tolerance: estimates, and lines set close.
    const T: f64 = 0.8;
    a.x0 + T < b.x1 && b.x0 + T < a.x1 && a.y0 + T < b.y1 && b.y0 + T < a.y1
}

/// Everything wrong with a drawing's geometry (empty when it is right).
fn problems(svg: &str) -> Vec<String> {
    let d = match parse(svg) {
        Ok(d) => d,
        Err(e) => return vec![format!("unreadable SVG: {e}")],
    };
    let mut out = Vec::new();
    if d.scale != 1.0 {
        out.push(format!("drawn at scale {}: text is not at its size", d.scale));
    }
    let ratio = d.width / d.height;
    if !(RATIO.0..=RATIO.1).contains(&ratio) {
        out.push(format!("ratio {ratio:.2} ({} x {}) outside {RATIO:?}", d.width, d.height));
    }
    let within = |p: P| p.0 >= -1.0 && p.1 >= -1.0 && p.0 <= d.width + 1.0 && p.1 <= d.height + 1.0;
    // Text inside its node's innermost shape, with a margin.
    for n in &d.nodes {
        let inner = n.shapes.iter().min_by(|a, b| a.area().total_cmp(&b.area()));
        for s in &n.shapes {
            let b = s.bbox();
            if !within((b.0, b.1)) || !within((b.2, b.3)) {
                out.push(format!("node {} lies outside the viewBox", n.name));
            }
        }
        for t in &n.texts {
            // A table's text lies in the cell around its centre (row and
            // column heads have no cell: the overlap and viewBox checks
            // cover them); any other node's in its innermost shape.
            let centre = ((t.x0 + t.x1) / 2.0, (t.y0 + t.y1) / 2.0);
            let shape = match n.table {
                true => n.shapes.iter().filter(|s| s.inside(centre) > 0.0).min_by(|a, b| a.area().total_cmp(&b.area())),
                false => inner,
            };
            let Some(shape) = shape else { continue };
            let corners = shrunk_corners(t);
            let worst = corners.iter().map(|&c| shape.inside(c)).fold(f64::MAX, f64::min);
            if worst < MARGIN {
                out.push(format!(
                    "text {:?} of node {} is not inside its shape with a margin ({worst:.1} < {MARGIN})",
                    t.text, n.name
                ));
            }
        }
    }
    // No two text lines overlap.
    let mut all: Vec<&TextBox> = d.nodes.iter().flat_map(|n| &n.texts).collect();
    all.extend(d.edges.iter().flat_map(|e| &e.texts));
    all.extend(&d.other_texts);
    for t in &all {
        let c = shrunk_corners(t);
        if !within(c[0]) || !within(c[3]) {
            out.push(format!("text {:?} lies outside the viewBox", t.text));
        }
    }
    for i in 0..all.len() {
        for j in i + 1..all.len() {
            if overlap(all[i], all[j]) {
                out.push(format!("texts {:?} and {:?} overlap", all[i].text, all[j].text));
            }
        }
    }
    for p in &d.other_points {
        if !within(*p) {
            out.push(format!("a cluster reaches {p:?}, outside the viewBox"));
        }
    }
    for (i, j) in stacked_connectors(&d) {
        let (a, b) = (&d.edges[i], &d.edges[j]);
        out.push(format!(
            "connectors {}->{} and {}->{} are drawn on top of one another",
            a.tail, a.head, b.tail, b.head
        ));
    }
    // Edges: inside the viewBox, ends on their nodes' borders.
    let node = |name: &str| d.nodes.iter().find(|n| n.name == name);
    for e in &d.edges {
        if e.path.is_empty() {
            continue;
        }
        if let Some(p) = on_curve(&e.path).iter().chain(e.heads.iter().flatten()).find(|&&p| !within(p)) {
            out.push(format!("edge {}->{} reaches {p:?}, outside the viewBox", e.tail, e.head));
        }
        let ends = [(&e.tail, e.path[0]), (&e.head, *e.path.last().unwrap())];
        for (name, end) in ends {
            let Some(n) = node(name) else {
                // Invisible nodes (where a legend's sample line starts) are not drawn.
                if name.starts_with("legend:") {
                    continue;
                }
                out.push(format!("edge {}->{} names no node {name}", e.tail, e.head));
                continue;
            };
            // An invisible node (a legend line's start) has no border.
            let Some(outer) = n.shapes.iter().max_by(|a, b| a.area().total_cmp(&b.area())) else { continue };
            // The line, or the arrowhead drawn at this end, meets the border.
            let near_end: Vec<P> = std::iter::once(end)
                .chain(e.heads.iter().filter(|h| h.iter().any(|&q| dist(q, end) < 20.0)).flatten().copied())
                .collect();
            let gap = near_end.iter().map(|&p| outer.inside(p).abs()).fold(f64::MAX, f64::min);
            let small = {
                let b = outer.bbox();
                (b.2 - b.0).max(b.3 - b.1) < 12.0
            };
            if gap > NEAR && !(small && near_end.iter().any(|&p| dist(p, centre(outer)) < 8.0)) {
                out.push(format!("edge {}->{} ends {gap:.1} from the border of {name}", e.tail, e.head));
            }
        }
    }
    out
}

/// Tension connectors drawn on top of one another: most of one's points
/// within 3 points of the other's line (pairs of edge indices).
fn stacked_connectors(d: &Drawing) -> Vec<(usize, usize)> {
    let lines: Vec<(usize, Vec<P>)> = d
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.tension && !e.path.is_empty())
        .map(|(i, e)| (i, on_curve(&e.path)))
        .collect();
    let mut out = Vec::new();
    for (k, (i, a)) in lines.iter().enumerate() {
        for (j, b) in &lines[k + 1..] {
            let close = a.iter().filter(|&&p| b.iter().any(|&q| dist(p, q) < 3.0)).count();
            if 2 * close > a.len() {
                out.push((*i, *j));
            }
        }
    }
    out
}

/// Points along a path `M p0 C p1 p2 p3 ...` (Graphviz's cubic Béziers):
/// its control points need not lie on it.
fn on_curve(p: &[P]) -> Vec<P> {
    let mut out = vec![p[0]];
    for s in p[1..].chunks_exact(3) {
        // The segment starts where the last one ended.
        let a = *out.last().unwrap_or(&p[0]);
        for k in 1..=10 {
            let t = k as f64 / 10.0;
            let u = 1.0 - t;
            let f = |i: usize| {
                let c = [a, s[0], s[1], s[2]];
                u * u * u * [c[0].0, c[0].1][i]
                    + 3.0 * u * u * t * [c[1].0, c[1].1][i]
                    + 3.0 * u * t * t * [c[2].0, c[2].1][i]
                    + t * t * t * [c[3].0, c[3].1][i]
            };
            out.push((f(0), f(1)));
        }
    }
    out
}

fn dist(a: P, b: P) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn centre(s: &ShapeG) -> P {
    let b = s.bbox();
    ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0)
}

/// The variants drawn of each map: plain, `--actor` (its first actor with a
/// stance), `--actors` (with `--actor`), `--group-by tag`, `--no-tensions`,
/// `--status`.
fn variants(map: &elenchus::model::ArgMap) -> Vec<(String, Options)> {
    let mut v = vec![("plain".to_string(), Options::default())];
    if let Some(s) = map.stances.first() {
        let a = map.actor(s.actor).id.clone();
        v.push((format!("--actor {a}"), Options { actor: Some(a.clone()), ..Options::default() }));
        v.push((format!("--actors --actor {a}"), Options { actor: Some(a), actors: true, ..Options::default() }));
    }
    v.push(("--group-by tag".into(), Options { group_by: Some(GroupBy::Tag), ..Options::default() }));
    v.push(("--no-tensions".into(), Options { tensions: false, ..Options::default() }));
    let graph = ClaimGraph::build(map);
    let fw = MapFramework::build(&graph, Support::None).unwrap();
    let grounded = elenchus::semantics::solve::grounded(fw.af());
    let labels = (0..map.claims.len() as u32).map(|c| grounded[fw.arg_of_claim(c) as usize]).collect();
    v.push((
        "--status".into(),
        Options { status: Some(render::Status { labels, what: "grounded".into() }), ..Options::default() },
    ));
    v
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn graphviz_drawings_of_every_map_keep_their_geometry() {
    let mut failures = Vec::new();
    for path in maps() {
        let map = elenchus::load_file(&path).unwrap().into_map().unwrap();
        let graph = ClaimGraph::build(&map);
        let tensions = render::tensions(&graph);
        for (what, opts) in variants(&map) {
            let scene = Scene::build(&graph, &opts, &tensions).unwrap();
            let svg = render::graphviz_raw_svg(&scene).unwrap();
            for p in problems(&svg) {
                failures.push(format!("{} {what}: {p}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn graphviz_drawing_through_the_cli_keeps_its_geometry() {
    // The command line's DOT, laid out by `dot` (the SVG that `render`
    // writes has each node's `<title>` set to its full text, so its edges
    // could not be matched to their nodes by name).
    let out = Command::new(BIN)
        .args(["render", "maps/unga-es11.toml", "--format", "dot", "--actor", "togo"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = run_dot("-Tsvg", &String::from_utf8(out.stdout).unwrap());
    assert!(svg.contains("class=\"node legend\""), "the drawing carries its legend");
    assert!(svg.contains("Stances of Togo") || svg.contains("Stances of"), "with the stances of --actor");
    let p = problems(&svg);
    assert!(p.is_empty(), "{}", p.join("\n"));
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn the_checker_rejects_broken_drawings() {
    let map = elenchus::load_file(&root().join("maps/us-same-sex-marriage.toml")).unwrap().into_map().unwrap();
    let graph = ClaimGraph::build(&map);
    let scene = Scene::build(&graph, &Options::default(), &render::tensions(&graph)).unwrap();
    let svg = render::graphviz_raw_svg(&scene).unwrap();
    assert_eq!(problems(&svg), Vec::<String>::new());
    let d = parse(&svg).unwrap();
    assert!(d.nodes.iter().filter(|n| !n.texts.is_empty() && !n.shapes.is_empty()).count() >= 6);
    assert!(d.edges.iter().filter(|e| !e.path.is_empty()).count() >= 4);

    // A claim's first text line moved onto its shape's border.
    let i = svg.find("class=\"node claim").unwrap();
    let t = i + svg[i..].find("<text").unwrap();
    let y = t + svg[t..].find(" y=\"").unwrap() + 4;
    let end = y + svg[y..].find('"').unwrap();
    let v: f64 = svg[y..end].parse().unwrap();
    let broken = format!("{}{}{}", &svg[..y], v - 14.0, &svg[end..]);
    assert!(problems(&broken).iter().any(|p| p.contains("not inside its shape")), "{:?}", problems(&broken));

    // An edge's start moved away from its node.
    let i = svg
        .match_indices("class=\"edge ")
        .map(|(i, _)| i)
        .find(|&i| !svg[i..].starts_with("class=\"edge legend"))
        .unwrap();
    let d0 = i + svg[i..].find(" d=\"M").unwrap() + 5;
    let comma = d0 + svg[d0..].find(',').unwrap();
    let y_end = comma + svg[comma..].find(['C', ' ']).unwrap();
    let x: f64 = svg[d0..comma].parse().unwrap();
    let y: f64 = svg[comma + 1..y_end].parse().unwrap();
    let broken = format!("{}{},{}{}", &svg[..d0], x + 40.0, y - 40.0, &svg[y_end..]);
    assert!(problems(&broken).iter().any(|p| p.contains("from the border")), "{:?}", problems(&broken));

    // A viewBox cut in half: things outside it, and a ratio out of range.
    let vb = svg.find("viewBox=\"").unwrap() + 9;
    let vb_end = vb + svg[vb..].find('"').unwrap();
    let v = numbers(&svg[vb..vb_end]);
    let broken = format!("{}0 0 {} {}{}", &svg[..vb], v[2], v[3] / 4.0, &svg[vb_end..]);
    let p = problems(&broken);
    assert!(p.iter().any(|p| p.contains("outside the viewBox")) && p.iter().any(|p| p.contains("ratio")), "{p:?}");

    // A tension connector drawn twice.
    let i = svg.find("class=\"edge tension\"").unwrap();
    let start = svg[..i].rfind("<g ").unwrap();
    let end = i + svg[i..].find("</g>").unwrap() + "</g>".len();
    let broken = format!("{}{}", &svg[..end], &svg[start..]);
    assert!(problems(&broken).iter().any(|p| p.contains("on top of one another")), "{:?}", problems(&broken));

    // Drawn at half size, as Graphviz draws to a `size` too small.
    let broken = svg.replacen("scale(1 1)", "scale(0.5 0.5)", 1);
    assert!(problems(&broken).iter().any(|p| p.contains("scale 0.5")), "{:?}", problems(&broken));

    // Two labels on top of each other: a claim's first line written twice.
    let i = svg.find("class=\"node claim").unwrap();
    let t = i + svg[i..].find("<text").unwrap();
    let t_end = t + svg[t..].find("</text>").unwrap() + "</text>".len();
    let broken = format!("{}{}", &svg[..t_end], &svg[t..]);
    assert!(problems(&broken).iter().any(|p| p.contains("overlap")), "{:?}", problems(&broken));
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn the_checker_finds_a_stance_out_of_its_cell() {
    let map = elenchus::load_file(&root().join("maps/unga-es11.toml")).unwrap().into_map().unwrap();
    let graph = ClaimGraph::build(&map);
    let opts = Options { actors: true, ..Options::default() };
    let scene = Scene::build(&graph, &opts, &render::tensions(&graph)).unwrap();
    assert!(scene.matrix.is_some(), "193 actors make a matrix");
    let svg = render::graphviz_raw_svg(&scene).unwrap();
    assert_eq!(problems(&svg), Vec::<String>::new());
    // A stance symbol moved 8 points right, across its cell's border.
    let t = svg.find(">\u{2714}</text>").unwrap();
    let x = svg[..t].rfind(" x=\"").unwrap() + 4;
    let end = x + svg[x..].find('"').unwrap();
    let v: f64 = svg[x..end].parse().unwrap();
    let broken = format!("{}{}{}", &svg[..x], v + 8.0, &svg[end..]);
    let p = problems(&broken);
    assert!(p.iter().any(|p| p.contains("\u{2714}") && p.contains("not inside its shape")), "{p:?}");
}

fn small_map(toml: &str) -> elenchus::model::ArgMap {
    elenchus::load_str("m.toml", toml, elenchus::Format::Toml).into_map().unwrap()
}

/// The legend lists what the drawing uses and nothing else.
#[test]
fn the_legend_lists_what_the_drawing_uses() {
    use elenchus::render::legend::{self, Swatch};
    let titles = |k: &legend::Key| k.sections.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
    let texts =
        |k: &legend::Key| k.sections.iter().flat_map(|s| s.entries.iter().map(|e| e.text.clone())).collect::<Vec<_>>();
    // One claim, no relations: nothing to explain.
    let m = small_map("[claims.a]\ntext = \"A\"\n");
    let g = ClaimGraph::build(&m);
    assert!(legend::of(&Scene::build(&g, &Options::default(), &[]).unwrap()).is_none());
    // Supports between plain claims: that line only.
    let m = small_map("[claims.a]\ntext = \"A\"\nsupports = [\"b\"]\n[claims.b]\ntext = \"B\"\n");
    let g = ClaimGraph::build(&m);
    let k = legend::of(&Scene::build(&g, &Options::default(), &[]).unwrap()).unwrap();
    assert_eq!(titles(&k), ["Relations"]);
    assert_eq!(texts(&k), ["supports"]);
    assert!(
        matches!(k.sections[0].entries[0].swatch, Swatch::Line(s) if s == elenchus::render::style::relation(elenchus::model::RelationKind::Supports))
    );
    // The visual language's map with an actor's marks and stance edges.
    let m = elenchus::load_file(&root().join("docs/legend.toml")).unwrap().into_map().unwrap();
    let g = ClaimGraph::build(&m);
    let opts = Options { actor: Some("reader".into()), actors: true, ..Options::default() };
    let scene = Scene::build(&g, &opts, &render::tensions(&g)).unwrap();
    let k = legend::of(&scene).unwrap();
    assert_eq!(
        titles(&k),
        ["Claims", "Relations", "Stances of An actor", "Stances (actor \u{2192} claim)", "Tensions"]
    );
    let t = texts(&k);
    for w in [
        "principle",
        "fact",
        "proposal",
        "actor",
        "supports",
        "attacks",
        "contradicts",
        "implies",
        "undercuts",
        "no stance",
        "error: claim",
    ] {
        assert!(t.iter().any(|x| x == w), "{w} missing from {t:?}");
    }
    // Without tensions drawn, no tension entries.
    let scene = Scene::build(&g, &Options { tensions: false, ..opts }, &render::tensions(&g)).unwrap();
    assert!(!titles(&legend::of(&scene).unwrap()).contains(&"Tensions".to_string()));
}

#[test]
fn both_engines_draw_the_legend_through_the_cli() {
    let run = |args: &[&str]| {
        let out = Command::new(BIN).args(args).current_dir(root()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let svg = run(&["render", "docs/legend.toml", "--engine", "builtin", "--actor", "reader"]);
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(&svg, opts).unwrap();
    let vb = numbers(doc.root_element().attribute("viewBox").unwrap());
    let g = doc.descendants().find(|n| n.attribute("class") == Some("legend")).expect("a legend group");
    let texts: Vec<&str> = g.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    for w in ["Relations", "undercuts", "Stances of An actor", "Tensions"] {
        assert!(texts.contains(&w), "{w} missing from {texts:?}");
    }
    // Its box lies inside the canvas.
    let r = g.children().find(|n| n.has_tag_name("rect")).unwrap();
    let a = |k| r.attribute(k).unwrap().parse::<f64>().unwrap();
    assert!(
        a("x") >= vb[0]
            && a("y") >= vb[1]
            && a("x") + a("width") <= vb[0] + vb[2]
            && a("y") + a("height") <= vb[1] + vb[3]
    );
    let dot = run(&["render", "docs/legend.toml", "--format", "dot"]);
    assert!(dot.contains("subgraph cluster_legend"));
    for w in ["label=\"Relations\"", "label=\"undercuts\"", "label=\"principle\"", "class=\"legend\""] {
        assert!(dot.contains(w), "{w}");
    }
}

/// Lay out DOT text with `dot` in a format (`-Tsvg`, `-Tplain`).
fn run_dot(format: &str, dot: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new("dot")
        .arg(format)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The most claims that Graphviz puts in one rank (nodes at one height in
/// its plain output, the legend's and the matrix's left out).
fn widest_rank(plain: &str) -> usize {
    let mut ys: Vec<&str> = plain
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.first() == Some(&"node") && !f[1].contains("legend:") && !f[1].contains("matrix:")).then(|| f[3])
        })
        .collect();
    ys.sort_unstable();
    ys.chunk_by(|a, b| a == b).map(<[&str]>::len).max().unwrap_or(0)
}

/// The `rank=same` row groups of DOT text: the nodes of each.
fn row_groups(dot: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for part in dot.split("subgraph row_").skip(1) {
        let body = &part[part.find('{').unwrap() + 1..part.find('}').unwrap()];
        assert!(body.contains("rank=same"), "{body}");
        out.push(body.split(['\n', ';']).map(str::trim).filter(|s| s.starts_with('"')).map(String::from).collect());
    }
    out
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn wide_ranks_are_wrapped_through_the_cli() {
    // maps/cambodia-russia.toml: Graphviz ranked 11 claims side by side
    // (a drawing 2.3 times as wide as high); its rows are wrapped.
    let out = Command::new(BIN)
        .args(["render", "maps/cambodia-russia.toml", "--format", "dot"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dot = String::from_utf8(out.stdout).unwrap();
    let groups = row_groups(&dot);
    assert!(groups.len() >= 5, "{groups:?}");
    let plain = run_dot("-Tplain", &dot);
    let widest = widest_rank(&plain);
    assert!((2..=8).contains(&widest), "{widest} claims in one rank");
    // Each row group is one rank of Graphviz's layout.
    let y_of = |name: &str| {
        plain.lines().find_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.first() == Some(&"node") && f[1] == name).then(|| f[3].to_string())
        })
    };
    for g in &groups {
        let ys: Vec<_> = g.iter().map(|n| y_of(n).unwrap_or_else(|| panic!("{n} not laid out"))).collect();
        assert!(ys.windows(2).all(|w| w[0] == w[1]), "{g:?} at {ys:?}");
    }
}

#[test]
fn wide_ranks_are_wrapped_through_the_library() {
    let dot_of = |map: &str, opts: &Options| {
        let map = elenchus::load_file(&root().join(map)).unwrap().into_map().unwrap();
        let graph = ClaimGraph::build(&map);
        let scene = Scene::build(&graph, opts, &render::tensions(&graph)).unwrap();
        render::dot::to_dot(&scene)
    };
    for opts in [Options::default(), Options { group_by: Some(GroupBy::Tag), ..Options::default() }] {
        let dot = dot_of("maps/cambodia-russia.toml", &opts);
        assert_eq!(dot, dot_of("maps/cambodia-russia.toml", &opts), "deterministic");
        let groups = row_groups(&dot);
        assert!(groups.len() >= 5, "{groups:?}");
        // No claim is in two rows, and the 36 claims' rows hold at most 8.
        let mut all: Vec<&String> = groups.iter().flatten().collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "a claim in two rows");
        assert!(groups.iter().all(|g| (2..=8).contains(&g.len())), "{groups:?}");
    }
    // A map that fits a screen keeps Graphviz's own ranks.
    let dot = dot_of("maps/us-same-sex-marriage.toml", &Options::default());
    assert!(row_groups(&dot).is_empty() && dot.contains("\"legend:0\""));
}
