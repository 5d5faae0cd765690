//! The builtin engine's drawings checked geometrically, from the SVG alone:
//! every map in maps/ and a few generated maps, drawn with the options that
//! change the drawing (`--group-by tag`, `--actor`, `--actors`, `--focus`,
//! `--status`), through the binary and through the library.
//!
//! From the SVG: node shapes (rect, polygon, ellipse, circle: the first
//! shape of each node's group, its outer outline), edge paths (with their
//! control points) and arrowheads, and text extents. A text's extent is
//! estimated with the glyph widths the layout itself uses
//! ([`em_width`] times the font size, 8% more for bold), from 0.8 of the
//! font size above its baseline to 0.25 below, anchored as its
//! `text-anchor` says. The checks:
//! - no two texts of different owners (nodes, edge labels, clusters, the
//!   heading, a legend) overlap, and no edge label overlaps a node;
//! - no two nodes overlap;
//! - no edge passes through a node it does not join (more than
//!   [`INSET`] inside its outline);
//! - everything drawn (shapes, paths with their control points, arrowheads,
//!   texts, legends, captions, cluster boxes) lies inside the viewBox;
//! - each edge starts on its source's border and ends on its target's
//!   (its path end or its arrowhead within [`ON_BORDER`] of the outline).

use crate::common;

use std::path::{Path, PathBuf};

use elenchus::ClaimGraph;
use elenchus::model::ArgMap;
use elenchus::render::text::em_width;
use elenchus::render::{self, Engine, GroupBy, Options, Output, Scene};

type P = (f32, f32);
/// `(x0, y0, x1, y1)`.
type Rect = (f32, f32, f32, f32);

/// How far inside an unrelated node an edge may pass (rounding, antialiasing).
const INSET: f32 = 2.0;
/// How far from its node's outline an edge's end may be.
const ON_BORDER: f32 = 2.5;
/// How far from its edge's path an edge label's box may lie.
const LABEL_REACH: f32 = 100.0;
/// Slack for rounding to one decimal in the SVG.
const EPS: f32 = 0.6;

#[derive(Clone, Debug)]
enum Shape {
    Rect(Rect),
    Ellipse(P, f32, f32),
    Polygon(Vec<P>),
}

impl Shape {
    fn bbox(&self) -> Rect {
        match self {
            Shape::Rect(r) => *r,
            Shape::Ellipse(c, rx, ry) => (c.0 - rx, c.1 - ry, c.0 + rx, c.1 + ry),
            Shape::Polygon(p) => bbox_of(p),
        }
    }

    /// Whether `p` lies inside the outline.
    fn contains(&self, p: P) -> bool {
        match self {
            Shape::Rect(r) => p.0 > r.0 && p.0 < r.2 && p.1 > r.1 && p.1 < r.3,
            Shape::Ellipse(c, rx, ry) => ((p.0 - c.0) / rx).powi(2) + ((p.1 - c.1) / ry).powi(2) < 1.0,
            Shape::Polygon(poly) => {
                let mut inside = false;
                let k = poly.len();
                for i in 0..k {
                    let (a, b) = (poly[i], poly[(i + 1) % k]);
                    if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                        inside = !inside;
                    }
                }
                inside
            }
        }
    }

    /// The distance from `p` to the outline (radial for ellipses).
    fn border_distance(&self, p: P) -> f32 {
        match self {
            Shape::Rect(r) => {
                let poly = [(r.0, r.1), (r.2, r.1), (r.2, r.3), (r.0, r.3)];
                polygon_distance(&poly, p)
            }
            Shape::Ellipse(c, rx, ry) => {
                let (dx, dy) = (p.0 - c.0, p.1 - c.1);
                let k = ((dx / rx).powi(2) + (dy / ry).powi(2)).sqrt();
                if k < 1e-6 {
                    return rx.min(*ry);
                }
                let q = (c.0 + dx / k, c.1 + dy / k);
                dist(p, q)
            }
            Shape::Polygon(poly) => polygon_distance(poly, p),
        }
    }
}

fn dist(a: P, b: P) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn segment_distance(a: P, b: P, p: P) -> f32 {
    let (ex, ey) = (b.0 - a.0, b.1 - a.1);
    let len2 = ex * ex + ey * ey;
    let t = if len2 < 1e-9 { 0.0 } else { (((p.0 - a.0) * ex + (p.1 - a.1) * ey) / len2).clamp(0.0, 1.0) };
    dist(p, (a.0 + ex * t, a.1 + ey * t))
}

fn polygon_distance(poly: &[P], p: P) -> f32 {
    (0..poly.len()).map(|i| segment_distance(poly[i], poly[(i + 1) % poly.len()], p)).fold(f32::INFINITY, f32::min)
}

fn bbox_of(p: &[P]) -> Rect {
    p.iter().fold((f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY), |r, q| {
        (r.0.min(q.0), r.1.min(q.1), r.2.max(q.0), r.3.max(q.1))
    })
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 + EPS < b.2 && b.0 + EPS < a.2 && a.1 + EPS < b.3 && b.1 + EPS < a.3
}

fn within(inner: Rect, outer: Rect) -> bool {
    inner.0 >= outer.0 - EPS && inner.1 >= outer.1 - EPS && inner.2 <= outer.2 + EPS && inner.3 <= outer.3 + EPS
}

/// A path's data (absolute M, L, H, V, Q, C, Z): its sampled points and
/// every point written (ends and control points).
fn parse_path(d: &str) -> Result<(Vec<P>, Vec<P>), String> {
    let mut tokens: Vec<String> = Vec::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            tokens.push(c.to_string());
            tokens.push(String::new());
        } else if c == ',' || c.is_whitespace() {
            tokens.push(String::new());
        } else if c == '-' && tokens.last().is_some_and(|t| !t.is_empty() && !t.ends_with('e')) {
            tokens.push(c.to_string());
        } else {
            match tokens.last_mut() {
                Some(t) => t.push(c),
                None => tokens.push(c.to_string()),
            }
        }
    }
    tokens.retain(|t| !t.is_empty());
    let mut samples = Vec::new();
    let mut written = Vec::new();
    let mut cur = (0f32, 0f32);
    let mut start = cur;
    let mut i = 0;
    let num = |i: usize| -> Result<f32, String> {
        tokens.get(i).and_then(|t| t.parse::<f32>().ok()).ok_or_else(|| format!("bad path data {d:?}"))
    };
    let mut cmd = ' ';
    while i < tokens.len() {
        if let Some(c) = tokens[i].chars().next().filter(|c| c.is_ascii_alphabetic()) {
            cmd = c;
            i += 1;
            if cmd == 'Z' {
                samples.push(start);
                cur = start;
                continue;
            }
        }
        match cmd {
            'M' => {
                cur = (num(i)?, num(i + 1)?);
                start = cur;
                i += 2;
                samples.push(cur);
                written.push(cur);
                cmd = 'L';
            }
            'L' | 'H' | 'V' => {
                let to = match cmd {
                    'L' => {
                        i += 2;
                        (num(i - 2)?, num(i - 1)?)
                    }
                    'H' => {
                        i += 1;
                        (num(i - 1)?, cur.1)
                    }
                    _ => {
                        i += 1;
                        (cur.0, num(i - 1)?)
                    }
                };
                let steps = (dist(cur, to) / 3.0).ceil().max(1.0) as usize;
                for s in 1..=steps {
                    let t = s as f32 / steps as f32;
                    samples.push((cur.0 + (to.0 - cur.0) * t, cur.1 + (to.1 - cur.1) * t));
                }
                cur = to;
                written.push(cur);
            }
            'Q' => {
                let (c, to) = ((num(i)?, num(i + 1)?), (num(i + 2)?, num(i + 3)?));
                i += 4;
                for s in 1..=64 {
                    let t = s as f32 / 64.0;
                    let u = 1.0 - t;
                    samples.push((
                        u * u * cur.0 + 2.0 * u * t * c.0 + t * t * to.0,
                        u * u * cur.1 + 2.0 * u * t * c.1 + t * t * to.1,
                    ));
                }
                written.extend([c, to]);
                cur = to;
            }
            'C' => {
                let (c1, c2, to) = ((num(i)?, num(i + 1)?), (num(i + 2)?, num(i + 3)?), (num(i + 4)?, num(i + 5)?));
                i += 6;
                for s in 1..=64 {
                    let t = s as f32 / 64.0;
                    let u = 1.0 - t;
                    let b = |a: f32, b: f32, c: f32, e: f32| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * e
                    };
                    samples.push((b(cur.0, c1.0, c2.0, to.0), b(cur.1, c1.1, c2.1, to.1)));
                }
                written.extend([c1, c2, to]);
                cur = to;
            }
            other => return Err(format!("path command {other:?} not understood in {d:?}")),
        }
    }
    Ok((samples, written))
}

fn attr_f(n: roxmltree::Node<'_, '_>, name: &str) -> Result<f32, String> {
    n.attribute(name)
        .and_then(|v| v.trim().parse::<f32>().ok())
        .ok_or_else(|| format!("<{}> without a numeric {name}", n.tag_name().name()))
}

fn points(s: &str) -> Result<Vec<P>, String> {
    let nums: Vec<f32> = s
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<f32>().map_err(|_| format!("bad points {s:?}")))
        .collect::<Result<_, _>>()?;
    if !nums.len().is_multiple_of(2) {
        return Err(format!("odd points {s:?}"));
    }
    Ok(nums.chunks(2).map(|c| (c[0], c[1])).collect())
}

/// The outline of a shape element, if it is one.
fn shape_of(n: roxmltree::Node<'_, '_>) -> Result<Option<Shape>, String> {
    Ok(Some(match n.tag_name().name() {
        "rect" => {
            let (x, y) = (attr_f(n, "x")?, attr_f(n, "y")?);
            Shape::Rect((x, y, x + attr_f(n, "width")?, y + attr_f(n, "height")?))
        }
        "ellipse" => Shape::Ellipse((attr_f(n, "cx")?, attr_f(n, "cy")?), attr_f(n, "rx")?, attr_f(n, "ry")?),
        "circle" => {
            let r = attr_f(n, "r")?;
            Shape::Ellipse((attr_f(n, "cx")?, attr_f(n, "cy")?), r, r)
        }
        "polygon" | "polyline" => Shape::Polygon(points(n.attribute("points").unwrap_or(""))?),
        _ => return Ok(None),
    }))
}

/// An attribute of an element or its nearest ancestor that has it.
fn inherited<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.ancestors().find_map(|a| a.attribute(name))
}

/// The estimated extent of a `<text>`.
fn text_box(n: roxmltree::Node<'_, '_>) -> Result<Rect, String> {
    let (x, y) = (attr_f(n, "x")?, attr_f(n, "y")?);
    let size: f32 = inherited(n, "font-size").and_then(|s| s.parse().ok()).ok_or("a text without font-size")?;
    let bold = inherited(n, "font-weight") == Some("bold");
    let text: String = n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect();
    let w = em_width(&text) * size * if bold { 1.08 } else { 1.0 };
    let x0 = match inherited(n, "text-anchor") {
        Some("middle") => x - w / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    Ok((x0, y - 0.8 * size, x0 + w, y + 0.25 * size))
}

fn has_class(n: roxmltree::Node<'_, '_>, class: &str) -> bool {
    n.attribute("class").is_some_and(|c| c.split(' ').any(|w| w == class))
}

struct Node {
    id: String,
    shape: Shape,
}

/// Every fault of the drawing's geometry, as sentences.
pub fn faults(svg: &str) -> Vec<String> {
    match faults_or_error(svg) {
        Ok(v) => v,
        Err(e) => vec![format!("unreadable SVG: {e}")],
    }
}

fn faults_or_error(svg: &str) -> Result<Vec<String>, String> {
    let doc = roxmltree::Document::parse(svg).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let vb = points(root.attribute("viewBox").ok_or("no viewBox")?)?;
    let view = (vb[0].0, vb[0].1, vb[0].0 + vb[1].0, vb[0].1 + vb[1].1);
    let mut out = Vec::new();

    // Nodes: the first shape in each node's group.
    let mut nodes: Vec<Node> = Vec::new();
    for g in root.descendants().filter(|g| g.has_tag_name("g") && has_class(*g, "node")) {
        let id = g.attribute("id").unwrap_or("?").to_string();
        let shape = g.children().find_map(|c| shape_of(c).transpose()).ok_or(format!("node {id} has no shape"))??;
        nodes.push(Node { id, shape });
    }

    // Texts by owner: the nearest node, edge label, cluster or legend group,
    // else the text itself (a heading line).
    let mut texts: Vec<(usize, String, Rect)> = Vec::new();
    for (i, t) in root.descendants().filter(|t| t.has_tag_name("text")).enumerate() {
        let owner = t
            .ancestors()
            .find(|a| {
                a.has_tag_name("g")
                    && ["node", "edge-label", "cluster", "legend", "edge"].iter().any(|c| has_class(*a, c))
            })
            .map_or(usize::MAX - i, |a| a.id().get_usize());
        let s: String = t.descendants().filter(|x| x.is_text()).filter_map(|x| x.text()).collect();
        texts.push((owner, s, text_box(t)?));
    }

    // 1. Everything inside the viewBox.
    for n in root.descendants().filter(|n| n.is_element()) {
        let what = n.tag_name().name();
        let b = if what == "text" {
            text_box(n)?
        } else if what == "path" {
            let (_, written) = parse_path(n.attribute("d").unwrap_or(""))?;
            bbox_of(&written)
        } else if let Some(s) = shape_of(n)? {
            s.bbox()
        } else {
            continue;
        };
        if !within(b, view) {
            let owner = n.ancestors().find_map(|a| a.attribute("id").or(a.attribute("class"))).unwrap_or("svg");
            let text: String = n.descendants().filter(|x| x.is_text()).filter_map(|x| x.text()).collect();
            out.push(format!("<{what}> of {owner} {text:?} at {b:?} leaves the viewBox {view:?}"));
        }
    }

    // 2. No two nodes overlap.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[a].shape.bbox().0.total_cmp(&nodes[b].shape.bbox().0));
    for (k, &a) in order.iter().enumerate() {
        let ba = nodes[a].shape.bbox();
        for &b in &order[k + 1..] {
            let bb = nodes[b].shape.bbox();
            if bb.0 >= ba.2 {
                break;
            }
            if overlap(ba, bb) {
                out.push(format!("nodes {} and {} overlap", nodes[a].id, nodes[b].id));
            }
        }
    }

    // 3. Texts of different owners do not overlap.
    texts.sort_by(|a, b| a.2.0.total_cmp(&b.2.0));
    for k in 0..texts.len() {
        for j in k + 1..texts.len() {
            if texts[j].2.0 >= texts[k].2.2 {
                break;
            }
            if texts[k].0 != texts[j].0 && overlap(texts[k].2, texts[j].2) {
                out.push(format!("texts {:?} and {:?} overlap", texts[k].1, texts[j].1));
            }
        }
    }

    // 4. Edge labels do not overlap nodes.
    for g in root.descendants().filter(|g| g.has_tag_name("g") && has_class(*g, "edge-label")) {
        for t in g.descendants().filter(|t| t.has_tag_name("text")) {
            let b = text_box(t)?;
            let s: String = t.descendants().filter(|x| x.is_text()).filter_map(|x| x.text()).collect();
            for n in &nodes {
                if overlap(b, n.shape.bbox()) {
                    out.push(format!("edge label {s:?} overlaps node {}", n.id));
                }
            }
        }
    }

    // 5. Edges: ends on their nodes' borders, no unrelated node crossed.
    let by_id: std::collections::HashMap<&str, &Node> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut edge_paths: std::collections::HashMap<&str, Vec<P>> = std::collections::HashMap::new();
    for g in root.descendants().filter(|g| g.has_tag_name("g") && has_class(*g, "edge")) {
        let (Some(from), Some(to)) = (g.attribute("data-from"), g.attribute("data-to")) else {
            out.push("an edge without data-from and data-to".into());
            continue;
        };
        let (Some(a), Some(b)) = (by_id.get(from), by_id.get(to)) else {
            out.push(format!("edge {from} -> {to} names a node that is not drawn"));
            continue;
        };
        let mut samples = Vec::new();
        let mut ends = Vec::new();
        let key = g.attribute("data-edge");
        let mut heads: Vec<P> = Vec::new();
        for c in g.children().filter(|c| c.is_element()) {
            if c.has_tag_name("path") {
                let (s, _) = parse_path(c.attribute("d").unwrap_or(""))?;
                if let (Some(&first), Some(&last)) = (s.first(), s.last()) {
                    ends.push((first, last));
                }
                samples.extend(s);
            } else if let Some(shape) = shape_of(c)? {
                match shape {
                    Shape::Polygon(p) => heads.extend(p),
                    Shape::Ellipse(c, r, _) => {
                        // The circle's points nearest each node.
                        for n in [a, b] {
                            let nb = n.shape.bbox();
                            let nc = ((nb.0 + nb.2) / 2.0, (nb.1 + nb.3) / 2.0);
                            let d = dist(c, nc).max(1e-6);
                            heads.push((c.0 + (nc.0 - c.0) / d * r, c.1 + (nc.1 - c.1) / d * r));
                        }
                    }
                    Shape::Rect(_) => {}
                }
            }
        }
        let Some(&(start, end)) = ends.first() else {
            out.push(format!("edge {from} -> {to} has no path"));
            continue;
        };
        for (n, p, which) in [(a, start, "starts"), (b, end, "ends")] {
            let touch = std::iter::once(p).chain(heads.iter().copied()).map(|q| n.shape.border_distance(q));
            let best = touch.fold(f32::INFINITY, f32::min);
            if best > ON_BORDER || (n.shape.contains(p) && n.shape.border_distance(p) > ON_BORDER) {
                out.push(format!("edge {from} -> {to} {which} {best:.1} away from the border of {}", n.id));
            }
        }
        for n in &nodes {
            if n.id == from || n.id == to {
                continue;
            }
            if let Some(q) = samples.iter().find(|&&q| n.shape.contains(q) && n.shape.border_distance(q) > INSET) {
                out.push(format!("edge {from} -> {to} runs through node {} at {q:?}", n.id));
            }
        }
        if let Some(k) = key {
            edge_paths.insert(k, samples);
        }
    }
    // 6. Each edge label lies near its edge (the edge of the same `data-edge`).
    for g in root.descendants().filter(|g| g.has_tag_name("g") && has_class(*g, "edge-label")) {
        let Some(k) = g.attribute("data-edge") else {
            out.push("an edge label without data-edge".into());
            continue;
        };
        let Some(line) = edge_paths.get(k) else {
            out.push(format!("edge label {k} names no edge"));
            continue;
        };
        let Some(r) = g.children().find_map(|c| shape_of(c).ok().flatten()).map(|s| s.bbox()) else {
            out.push(format!("edge label {k} has no box"));
            continue;
        };
        let d = line.iter().map(|p| rect_distance(r, *p)).fold(f32::INFINITY, f32::min);
        if d > LABEL_REACH {
            out.push(format!("edge label {k} lies {d:.0} away from its edge"));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The distance from a point to a rectangle (0 inside).
fn rect_distance(r: Rect, p: P) -> f32 {
    let dx = (r.0 - p.0).max(p.0 - r.2).max(0.0);
    let dy = (r.1 - p.1).max(p.1 - r.3).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// The widest and the tallest shape a drawing may have: width over height
/// within `1 / MAX_RATIO ..= MAX_RATIO` (a screen is 16:10).
const MAX_RATIO: f32 = 2.5;

/// A fault when the drawing (its viewBox) is too wide or too tall to fit a screen.
pub fn shape_fault(svg: &str) -> Option<String> {
    let vb = svg.split("viewBox=\"").nth(1)?.split('"').next()?;
    let v: Vec<f32> = vb.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    let (w, h) = (*v.get(2)?, *v.get(3)?);
    let r = w / h;
    (!(1.0 / MAX_RATIO..=MAX_RATIO).contains(&r)).then(|| format!("the drawing is {w} x {h} (ratio {r:.2})"))
}

// ---------------------------------------------------------------------------
// The drawings checked.

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The maps in maps/ and the generated maps of tests/data/render-geometry/.
fn maps() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["maps", "tests/data/render-geometry"] {
        v.extend(
            std::fs::read_dir(root().join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml")),
        );
    }
    v.sort();
    assert!(v.len() >= 9, "{v:?}");
    v
}

fn load(path: &Path) -> ArgMap {
    elenchus::load_file(path).unwrap().into_map().unwrap()
}

/// The option sets each map is drawn with.
fn variants(map: &ArgMap) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut v = vec![s(&[]), s(&["--group-by", "tag"]), s(&["--status"])];
    if let Some(a) = map.actors.first() {
        v.push(s(&["--actor", &a.id]));
        v.push(s(&["--group-by", "tag", "--actor", &a.id]));
    }
    if !map.actors.is_empty() && map.actors.len() <= 20 {
        v.push(s(&["--actors"]));
    }
    // The claim with the most relations, as a focus.
    let mut degree = vec![0usize; map.claims.len()];
    let graph = ClaimGraph::build(map);
    for (i, d) in degree.iter_mut().enumerate() {
        *d = graph.outgoing(i as u32).count() + graph.incoming(i as u32).count();
    }
    if let Some((best, _)) = degree.iter().enumerate().max_by_key(|&(i, d)| (*d, std::cmp::Reverse(i))) {
        v.push(s(&["--focus", &map.claims[best].id, "--depth", "1"]));
    }
    v
}

#[test]
fn every_drawing_of_every_map_through_the_binary() {
    let mut all = Vec::new();
    let mut drawn = 0;
    for path in maps() {
        let map = load(&path);
        for args in variants(&map) {
            let p = path.to_str().unwrap();
            let mut argv = vec!["render", p, "--engine", "builtin", "--quiet"];
            argv.extend(args.iter().map(String::as_str));
            let r = common::run(&argv, "");
            assert_eq!(r.code, 0, "{argv:?}: {}", r.stderr);
            drawn += 1;
            for f in faults(&r.stdout).into_iter().chain(shape_fault(&r.stdout)) {
                all.push(format!("{}: {f}", argv[1..].join(" ")));
            }
        }
    }
    assert!(drawn >= 40, "{drawn} drawings");
    assert!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
}

#[test]
fn many_actors_as_nodes_keep_their_labels_near_their_edges() {
    // 188 actors with a stance edge (labelled with its date) on each of the
    // seven resolutions they voted on: 1,210 labels.
    let argv = ["render", "maps/unga-es11.toml", "--engine", "builtin", "--quiet", "--actors", "--actors-as", "nodes"];
    let r = common::run(&argv, "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.matches("class=\"edge-label\"").count() > 1000);
    // So many edges are past the routing's budget: they keep the layout's
    // curves, which may cross actors; everything else is checked.
    let all: Vec<String> = faults(&r.stdout)
        .into_iter()
        .filter(|f| !f.contains(" runs through node "))
        .chain(shape_fault(&r.stdout))
        .collect();
    assert!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
}

#[test]
fn every_map_through_the_library() {
    let mut all = Vec::new();
    for path in maps() {
        let map = load(&path);
        let graph = ClaimGraph::build(&map);
        let tensions = render::tensions(&graph);
        let actor = map.actors.first().map(|a| a.id.clone());
        for opts in [
            Options::default(),
            Options { group_by: Some(GroupBy::Tag), actor, actors: map.actors.len() <= 20, ..Options::default() },
        ] {
            let scene = Scene::build(&graph, &opts, &tensions).unwrap();
            let (svg, _) = render::render(&scene, Output::Svg, Engine::Builtin).unwrap();
            for f in faults(&svg).into_iter().chain(shape_fault(&svg)) {
                all.push(format!("{}: {f}", path.display()));
            }
        }
    }
    assert!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
}

// ---------------------------------------------------------------------------
// The checks themselves: a hand-broken drawing is rejected, fault by fault.

const GOOD: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" font-family="sans-serif">
<g class="edges">
<g class="edge supports" data-edge="0" data-from="claim-a" data-to="claim-b"><title>a → b</title>
<path d="M100,60 L100,191"/><polygon points="100,200 96,191 104,191"/></g>
</g>
<g class="nodes">
<g id="claim-a" class="node claim fact"><title>A</title><rect x="50" y="20" width="100" height="40"/>
<g text-anchor="middle"><text x="100" y="44" font-size="12">Alpha</text></g></g>
<g id="claim-b" class="node claim fact"><title>B</title><rect x="50" y="200" width="100" height="40"/>
<g text-anchor="middle"><text x="100" y="224" font-size="12">Beta</text></g></g>
<g id="claim-c" class="node claim fact"><title>C</title><rect x="250" y="110" width="100" height="40"/>
<g text-anchor="middle"><text x="300" y="134" font-size="12">Gamma</text></g></g>
</g>
<g class="edge-labels"><g class="edge-label" data-edge="0"><rect x="104" y="120" width="40" height="14"/>
<text x="124" y="131" font-size="9.5" text-anchor="middle">label</text></g></g>
</svg>"##;

#[test]
fn a_sound_drawing_has_no_fault() {
    assert_eq!(faults(GOOD), Vec::<String>::new());
}

#[test]
fn a_broken_drawing_is_rejected_fault_by_fault() {
    let broken = |from: &str, to: &str| {
        assert!(GOOD.contains(from), "{from}");
        faults(&GOOD.replacen(from, to, 1))
    };
    let has = |f: Vec<String>, what: &str| {
        assert!(f.iter().any(|x| x.contains(what)), "{what:?} not found in {f:?}");
    };
    // An edge through an unrelated claim (C lies between 250 and 350).
    has(broken("M100,60 L100,191", "M100,60 Q600,130 100,191"), "runs through node claim-c");
    // An edge leaving the canvas: its control point is outside.
    has(broken("M100,60 L100,191", "M100,60 C-80,100 -80,150 100,191"), "leaves the viewBox");
    // A label leaving the canvas.
    has(broken(r#"<text x="124" y="131""#, r#"<text x="398" y="131""#), "leaves the viewBox");
    // An edge that stops short of its source.
    has(broken("M100,60 L100,191", "M100,70 L100,191"), "starts 10.0 away from the border of claim-a");
    // An edge whose arrowhead is not on its target.
    has(broken("100,200 96,191 104,191", "100,190 96,181 104,181"), "ends");
    // An edge label on a claim's text.
    has(broken(r#"<text x="124" y="131""#, r#"<text x="300" y="134""#), "overlap");
    has(broken(r#"<text x="124" y="131""#, r#"<text x="300" y="134""#), "edge label \"label\" overlaps node claim-c");
    // Two nodes on one another.
    has(broken(r#"<rect x="250" y="110""#, r#"<rect x="120" y="30""#), "nodes claim-a and claim-c overlap");
    // A cluster box or legend outside the viewBox.
    has(
        broken(
            "<g class=\"nodes\">",
            "<g class=\"legend\"><rect x=\"-5\" y=\"0\" width=\"20\" height=\"20\"/></g><g class=\"nodes\">",
        ),
        "leaves the viewBox",
    );
    // A label far from its edge (its box moved 150 units right), or tied to none.
    has(broken(r#"<rect x="104" y="120""#, r#"<rect x="254" y="120""#), "edge label 0 lies 154 away from its edge");
    has(broken(r#"<g class="edge-label" data-edge="0">"#, r#"<g class="edge-label">"#), "without data-edge");
    // An edge that names no drawn node.
    has(broken("data-to=\"claim-b\"", "data-to=\"claim-z\""), "not drawn");
}

#[test]
fn path_data_is_read_with_its_control_points() {
    let (samples, written) = parse_path("M0,0 C10,-20 30,-20 40,0 Q50,10 60,0 L60,30 H0 V0 Z").unwrap();
    assert_eq!(written.len(), 1 + 3 + 2 + 1 + 1 + 1);
    assert!(written.contains(&(10.0, -20.0)));
    // The cubic's lowest point is at y = -15.
    let min_y = samples.iter().map(|p| p.1).fold(f32::INFINITY, f32::min);
    assert!((min_y + 15.0).abs() < 0.1, "{min_y}");
    assert!(parse_path("M0,0 A1,1 0 0 1 2,2").is_err());
}
