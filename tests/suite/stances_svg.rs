//! The charts `elenchus stances --format svg` draws stay readable: checked
//! geometrically from the SVG, for every chart kind, on the maps in maps/,
//! on generated vote maps (a seeded roll-call record, then `import votes`) and on
//! small hand-written maps.
//!
//! Text extents are estimated here on their own, from Helvetica's advance
//! widths (the Adobe font metrics, which Arial and Liberation Sans share) for
//! ASCII, with bold text 0.06 em wider per character (at least
//! Helvetica-Bold's advance for every ASCII character), other Latin letters
//! 0.78 em and anything else 1 em; a text's box runs from 0.72 em above its
//! baseline (cap height) to 0.21 em below (descender). With those boxes:
//! nothing lies outside the viewBox (so no title or subtitle is clipped) and
//! no two texts overlap. The agreement heat map's numbers are checked against
//! an agreement computed here by brute force from the map's stances.

use std::path::{Path, PathBuf};

use elenchus::model::Position;
use elenchus::stances::{self, Agreement, Matrix, Order};

use crate::common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Helvetica's advance widths (1/1000 em) for ASCII 32 to 126.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    278, 278, 584, 584, 584, 556, 1015, // : to @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
    667, 667, 611, // A to Z
    278, 278, 278, 469, 556, 333, // [ to `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, // a to z
    334, 260, 334, 584, // { to ~
];

fn em(c: char, bold: bool) -> f64 {
    let w = match c {
        ' '..='~' => f64::from(HELVETICA[c as usize - 32]) / 1000.0,
        c if (c as u32) < 0x250 && c.is_alphabetic() => 0.78,
        _ => 1.0,
    };
    if bold { w + 0.06 } else { w }
}

/// A text of the drawing, with its box in the SVG's coordinates.
#[derive(Clone, Debug)]
struct Text {
    text: String,
    size: f64,
    fill: Option<String>,
    /// The anchor point, transformed.
    at: (f64, f64),
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// An affine map `[a b c d e f]`: (x, y) to (a x + c y + e, b x + d y + f).
type Affine = [f64; 6];
const IDENTITY: Affine = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn then(outer: &Affine, inner: &Affine) -> Affine {
    let [a, b, c, d, e, f] = *outer;
    let [g, h, i, j, k, l] = *inner;
    [a * g + c * h, b * g + d * h, a * i + c * j, b * i + d * j, a * k + c * l + e, b * k + d * l + f]
}

fn apply(t: &Affine, (x, y): (f64, f64)) -> (f64, f64) {
    (t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5])
}

/// A `transform` attribute: `translate(x y)` and `rotate(a [cx cy])`, the ones the charts use.
fn transform(s: &str) -> Affine {
    let mut t = IDENTITY;
    for part in s.split(')').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, args) = part.split_once('(').unwrap_or_else(|| panic!("transform {s:?}"));
        let v: Vec<f64> =
            args.split([' ', ',']).filter(|a| !a.is_empty()).map(|a| a.parse().expect("number")).collect();
        let m = match (name.trim(), v.as_slice()) {
            ("translate", [x]) => [1.0, 0.0, 0.0, 1.0, *x, 0.0],
            ("translate", [x, y]) => [1.0, 0.0, 0.0, 1.0, *x, *y],
            ("rotate", [a, rest @ ..]) => {
                let (sin, cos) = a.to_radians().sin_cos();
                let r = [cos, sin, -sin, cos, 0.0, 0.0];
                match rest {
                    [] => r,
                    [cx, cy] => then(&then(&[1.0, 0.0, 0.0, 1.0, *cx, *cy], &r), &[1.0, 0.0, 0.0, 1.0, -cx, -cy]),
                    _ => panic!("transform {s:?}"),
                }
            }
            _ => panic!("a transform the test does not read: {s:?}"),
        };
        t = then(&t, &m);
    }
    t
}

fn ctm(node: roxmltree::Node<'_, '_>) -> Affine {
    let mut chain: Vec<Affine> =
        node.ancestors().filter_map(|n| n.attribute("transform")).map(transform).collect::<Vec<_>>();
    chain.reverse();
    chain.iter().fold(IDENTITY, |acc, t| then(&acc, t))
}

fn num(n: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    n.attribute(name).map_or(0.0, |v| v.parse().unwrap_or_else(|_| panic!("{name}={v:?}")))
}

/// Own text of an element (its `<title>` left out).
fn own_text(n: roxmltree::Node<'_, '_>) -> String {
    n.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect()
}

fn tooltip(n: roxmltree::Node<'_, '_>) -> Option<String> {
    n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).map(str::to_string)
}

fn texts(doc: &roxmltree::Document<'_>) -> Vec<Text> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let text = own_text(n);
            let size = num(n, "font-size");
            let bold = n.attribute("font-weight") == Some("bold");
            let w: f64 = text.chars().map(|c| em(c, bold)).sum::<f64>() * size;
            let (x, y) = (num(n, "x"), num(n, "y"));
            let start = match n.attribute("text-anchor") {
                Some("end") => x - w,
                Some("middle") => x - w / 2.0,
                _ => x,
            };
            let t = ctm(n);
            let corners = [
                (start, y - 0.72 * size),
                (start + w, y - 0.72 * size),
                (start, y + 0.21 * size),
                (start + w, y + 0.21 * size),
            ]
            .map(|p| apply(&t, p));
            Text {
                text,
                size,
                fill: n.attribute("fill").map(str::to_string),
                at: apply(&t, (x, y)),
                x0: corners.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
                y0: corners.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
                x1: corners.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
                y1: corners.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
            }
        })
        .collect()
}

fn view_box(doc: &roxmltree::Document<'_>) -> (f64, f64) {
    let v: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .expect("a viewBox")
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(&v[..2], &[0.0, 0.0]);
    (v[2], v[3])
}

/// Everything that makes a chart unreadable, as messages (none: readable).
fn problems(svg: &str) -> Vec<String> {
    let doc = match roxmltree::Document::parse(svg) {
        Ok(d) => d,
        Err(e) => return vec![format!("not XML: {e}")],
    };
    let mut out = Vec::new();
    let (w, h) = view_box(&doc);
    let all = texts(&doc);
    const TOL: f64 = 0.5;
    for t in &all {
        if t.x0 < -TOL || t.y0 < -TOL || t.x1 > w + TOL || t.y1 > h + TOL {
            out.push(format!(
                "{:?} ({:.1}, {:.1})-({:.1}, {:.1}) leaves the viewBox {w} x {h}",
                t.text, t.x0, t.y0, t.x1, t.y1
            ));
        }
        out.extend(bad_plural(&t.text));
    }
    // Overlaps: a sweep over boxes sorted by their left edge.
    let mut order: Vec<&Text> = all.iter().filter(|t| !t.text.trim().is_empty()).collect();
    order.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    for (i, a) in order.iter().enumerate() {
        for b in &order[i + 1..] {
            if b.x0 >= a.x1 - TOL {
                break;
            }
            if a.y0.max(b.y0) < a.y1.min(b.y1) - TOL {
                out.push(format!("{:?} at {:?} overlaps {:?} at {:?}", a.text, a.at, b.text, b.at));
            }
        }
    }
    out
}

/// "1 claims", "1 actors", "1 shared claims"...: a plural after one.
fn bad_plural(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || "(),;:".contains(c)).collect();
    let plural = ["actors", "claims", "patterns", "errors", "blocs"];
    let bad = (0..words.len().saturating_sub(1)).any(|i| {
        words[i] == "1"
            && (plural.contains(&words[i + 1]) || (words[i + 1] == "shared" && words.get(i + 2) == Some(&"claims")))
    });
    bad.then(|| format!("{text:?}: a plural after 1"))
}

fn assert_readable(what: &str, svg: &str) {
    let p = problems(svg);
    assert!(p.is_empty(), "{what}: {} problems, first ones:\n{}", p.len(), p[..p.len().min(12)].join("\n"));
    dark_mode(what, svg);
}

/// The dark scheme: one `<style>` whose rules all sit inside
/// `@media (prefers-color-scheme: dark)` (so the light drawing does not
/// depend on it), giving text and background colours of their own; data
/// (cells, bars, points, lines, numbers on cells) keeps its colour unless
/// it is black.
fn dark_mode(what: &str, svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let styles: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("style")).collect();
    assert_eq!(styles.len(), 1, "{what}: one <style>");
    let css = styles[0].text().unwrap_or("").trim();
    let head = "@media (prefers-color-scheme: dark){";
    assert!(css.starts_with(head), "{what}: {css}");
    // The media block's closing brace ends the style: nothing applies in light mode.
    let mut depth = 0;
    for (i, c) in css.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    assert_eq!(i, css.len() - 1, "{what}: a rule outside the dark media query: {css}");
                }
            }
            _ => {}
        }
    }
    let inner = &css[head.len()..css.len() - 1];
    let rules: Vec<(&str, &str)> = inner
        .split('}')
        .filter(|r| !r.trim().is_empty())
        .map(|r| r.split_once('{').unwrap_or_else(|| panic!("{what}: rule {r:?}")))
        .collect();
    let colour = |sel: &str, prop: &str| {
        rules.iter().find(|(s, _)| s.split(',').any(|x| x.trim() == sel)).and_then(|(_, body)| {
            body.split(';').find_map(|d| d.split_once(':').filter(|(p, _)| p.trim() == prop).map(|(_, v)| v.trim()))
        })
    };
    let bg = colour(".bg", "fill").unwrap_or_else(|| panic!("{what}: no dark background: {css}"));
    let fg = colour("text:not([fill])", "fill").unwrap_or_else(|| panic!("{what}: no dark text colour: {css}"));
    assert!(contrast(bg, fg) >= 7.0, "{what}: dark text {fg} on {bg}");
    let background = doc.descendants().find(|n| n.has_tag_name("rect")).unwrap();
    assert_eq!(background.attribute("class"), Some("bg"), "{what}: the first rect is the background");
    for n in doc.descendants().filter(|n| n.is_element()) {
        let data = matches!(n.tag_name().name(), "circle" | "polyline" | "polygon")
            || (n.has_tag_name("rect") && tooltip(n).is_some());
        if data && let Some(class) = n.attribute("class") {
            let black = n.attribute("fill") == Some("#000000") || n.attribute("stroke") == Some("#000000");
            assert!(class == "ink" && black, "{what}: data of class {class:?} changes colour in the dark");
        }
        // Numbers on cells carry their own colour, which the dark scheme leaves.
        if n.has_tag_name("text") && n.attribute("pointer-events") == Some("none") {
            assert!(n.attribute("fill").is_some(), "{what}: a number on a cell without its colour");
        }
    }
}

fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let c = |k: usize| {
        let v = f64::from(u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).unwrap()) / 255.0;
        if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * c(0) + 0.7152 * c(1) + 0.0722 * c(2)
}

/// WCAG contrast ratio of two `#RRGGBB` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Each cell's position read from the map's stances, not through the
/// matrix's selection of the current stance: the maps checked here hold at
/// most one stance per actor and claim (asserted), so that stance is the
/// current one.
fn positions(m: &Matrix<'_>) -> Vec<Vec<Option<Position>>> {
    let mut at = std::collections::HashMap::new();
    for s in &m.map.stances {
        assert!(at.insert((s.actor, s.claim), s.position).is_none(), "one stance per actor and claim");
    }
    m.actors.iter().map(|a| m.claims.iter().map(|c| at.get(&(*a, *c)).copied()).collect()).collect()
}

/// Agreement of rows `i` and `j` by brute force: (same position, both took one).
fn oracle(p: &[Vec<Option<Position>>], i: usize, j: usize) -> (u32, u32) {
    let (mut agree, mut shared) = (0, 0);
    for (a, b) in p[i].iter().zip(&p[j]) {
        if let (Some(a), Some(b)) = (a, b) {
            shared += 1;
            agree += u32::from(a == b);
        }
    }
    (agree, shared)
}

/// The agreement heat map's cells against the oracle: every cell's
/// tooltip names its pair and their counts; a cell of a pair sharing at
/// least `min_shared` claims shows its agreement in whole percent (halves up)
/// at a readable size and contrast, the others show no number. With
/// `numbers` false (a large map), no cell shows a number.
fn check_agreement_cells(what: &str, svg: &str, m: &Matrix<'_>, min_shared: u32, numbers: bool) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let n = m.rows();
    let cells: Vec<_> = doc
        .descendants()
        .filter(|r| r.has_tag_name("rect") && tooltip(*r).is_some_and(|t| t.contains(" and ")))
        .collect();
    let mut out = Vec::new();
    if cells.len() != n * n {
        return vec![format!("{what}: {} cells for {n} actors", cells.len())];
    }
    let all = texts(&doc);
    let pos = positions(m);
    for (k, cell) in cells.iter().enumerate() {
        let (i, j) = (k / n, k % n);
        let (a, s) = oracle(&pos, i, j);
        let tip = tooltip(*cell).unwrap();
        let name = |r: usize| m.map.actor(m.actors[r]).display_name().to_string();
        let want = format!("{} and {}: ", name(i), name(j));
        if !tip.starts_with(&want) || !tip.ends_with(&format!("({a}/{s})")) {
            out.push(format!("{what}: cell {i},{j}: tooltip {tip:?}, expected {want:?}... ({a}/{s})"));
        }
        let t = ctm(*cell);
        let (x0, y0) = apply(&t, (num(*cell, "x"), num(*cell, "y")));
        let (x1, y1) = (x0 + num(*cell, "width"), y0 + num(*cell, "height"));
        let inside: Vec<&Text> =
            all.iter().filter(|t| t.at.0 > x0 && t.at.0 < x1 && t.at.1 > y0 && t.at.1 < y1).collect();
        let expected = (numbers && s >= min_shared.max(1)).then(|| ((200 * a + s) / (2 * s)).to_string());
        match (&expected, inside.as_slice()) {
            (None, []) => {}
            (Some(v), [t]) if &t.text == v => {
                let fill = cell.attribute("fill").unwrap();
                let ink = t.fill.as_deref().unwrap_or("#000000");
                if contrast(fill, ink) < 4.5 || t.size < 9.0 || t.x0 < x0 || t.x1 > x1 || t.y0 < y0 || t.y1 > y1 {
                    out.push(format!(
                        "{what}: cell {i},{j}: {v} in {ink} at {} px on {fill}, or outside its cell",
                        t.size
                    ));
                }
            }
            _ => out.push(format!(
                "{what}: cell {i},{j} ({a}/{s}): shows {:?}, expected {expected:?}",
                inside.iter().map(|t| &t.text).collect::<Vec<_>>()
            )),
        }
    }
    out
}

/// The colour bar: ticks labelled 0 %, 25 %, 50 %, 75 %, 100 %, evenly
/// spaced, each on a tick line, over a bar that brightens from left to
/// right (viridis); and the grey of thin pairs labelled with the right plural.
fn check_colour_bar(what: &str, svg: &str, min_shared: u32) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let all = texts(&doc);
    let mut out = Vec::new();
    let mut xs = Vec::new();
    for p in [0, 25, 50, 75, 100] {
        match all.iter().find(|t| t.text == format!("{p}%")) {
            Some(t) => xs.push(((t.x0 + t.x1) / 2.0, t.y0)),
            None => {
                out.push(format!("{what}: no tick labelled {p}%"));
                return out;
            }
        }
    }
    let step = xs[1].0 - xs[0].0;
    if step < 20.0 || xs.windows(2).any(|w| ((w[1].0 - w[0].0) - step).abs() > 1.0) {
        out.push(format!("{what}: ticks not evenly spaced: {xs:?}"));
    }
    let lines: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("line")).collect();
    for &(x, _) in &xs {
        if !lines.iter().any(|l| (num(*l, "x1") - x).abs() < 1.0 && (num(*l, "x2") - x).abs() < 1.0) {
            out.push(format!("{what}: no tick line at x = {x:.1}"));
        }
    }
    // The bar: the untitled rects above the tick labels between the end ticks.
    let label_top = xs[0].1;
    let mut bar: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|r| r.has_tag_name("rect") && tooltip(*r).is_none() && r.attribute("class").is_none())
        .filter(|r| {
            let (x, y) = apply(&ctm(*r), (num(*r, "x"), num(*r, "y")));
            y < label_top && y + num(*r, "height") > label_top - 30.0 && x >= xs[0].0 - 0.5 && x < xs[4].0
        })
        .map(|r| (num(r, "x"), luminance(r.attribute("fill").unwrap())))
        .collect();
    bar.sort_by(|a, b| a.0.total_cmp(&b.0));
    if bar.len() < 5 || bar.windows(2).any(|w| w[1].1 <= w[0].1) {
        out.push(format!("{what}: the colour bar does not brighten left to right: {bar:?}"));
    }
    let thin = format!("fewer than {min_shared} shared claim{}", if min_shared == 1 { "" } else { "s" });
    if !all.iter().any(|t| t.text == thin) {
        out.push(format!("{what}: no legend {thin:?}"));
    }
    out
}

/// An axis of round values: the numeric texts on one baseline (at least
/// three), increasing left to right in equal steps, each on a tick mark.
fn check_number_axis(what: &str, svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut rows: std::collections::BTreeMap<i64, Vec<(f64, f64)>> = Default::default();
    for t in texts(&doc) {
        if let Ok(v) = t.text.parse::<f64>() {
            rows.entry((t.at.1 * 10.0).round() as i64).or_default().push((t.at.0, v));
        }
    }
    let Some(axis) = rows.into_values().max_by_key(Vec::len).filter(|r| r.len() >= 3) else {
        return vec![format!("{what}: no axis of three or more numbers")];
    };
    let mut axis = axis;
    axis.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (dx, dv) = (axis[1].0 - axis[0].0, axis[1].1 - axis[0].1);
    let mut out = Vec::new();
    if dv <= 0.0
        || axis.windows(2).any(|w| ((w[1].0 - w[0].0) - dx).abs() > 1.0 || ((w[1].1 - w[0].1) - dv).abs() > 1e-9)
    {
        out.push(format!("{what}: the axis is not in equal increasing steps: {axis:?}"));
    }
    let lines: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("line")).collect();
    for &(x, v) in &axis {
        let on_tick = lines.iter().any(|l| {
            let t = ctm(*l);
            let (a, b) = (apply(&t, (num(*l, "x1"), num(*l, "y1"))), apply(&t, (num(*l, "x2"), num(*l, "y2"))));
            (a.0 - x).abs() < 0.6 && (b.0 - x).abs() < 0.6
        });
        if !on_tick {
            out.push(format!("{what}: no tick under {v}"));
        }
    }
    out
}

fn cli(dir: &Path, args: &[&str]) -> String {
    let out = common::run_in(dir, args, None);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

/// Every chart kind of `stances` on the map at `path` (in `dir`), with the
/// ranking and timeline for `actor`; each must be readable.
fn every_chart(dir: &Path, path: &str, actor: &str, by: Option<&str>) {
    let kinds: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--sort", "similarity"],
        vec!["--agreement"],
        vec!["--agreement", "--sort", "similarity", "--min-shared", "2"],
        vec!["--like", actor],
        vec!["--patterns"],
        vec!["--scale"],
        vec!["--blocs"],
        vec!["--ideal-points"],
        vec!["--ideal-points", "--dims", "1"],
    ];
    let kinds = kinds.into_iter().chain(by.map(|by| vec!["--like", actor, "--by", by]));
    for kind in kinds {
        let mut args = vec!["stances", path, "--format", "svg"];
        args.extend(&kind);
        let svg = cli(dir, &args);
        assert_readable(&format!("{path} {kind:?}"), &svg);
        if kind.first() == Some(&"--ideal-points") {
            let p = check_number_axis(&format!("{path} {kind:?}"), &svg);
            assert!(p.is_empty(), "{}", p.join("\n"));
        }
        if kind.first() == Some(&"--agreement") {
            let min = if kind.contains(&"2") { 2 } else { 1 };
            let p = check_colour_bar(&format!("{path} {kind:?}"), &svg, min);
            assert!(p.is_empty(), "{}", p.join("\n"));
        }
    }
}

#[test]
fn every_chart_of_the_maps_is_readable() {
    every_chart(Path::new(ROOT), "maps/unga-es11.toml", "cambodia", Some("year"));
    every_chart(Path::new(ROOT), "maps/cambodia-russia.toml", "cambodia", Some("year"));
}

/// A generated roll-call record, imported: `countries` × `resolutions`.
/// Votes follow four blocs (a country's bloc is its index mod 4), each bloc
/// voting by a seeded splitmix64 stream, with one vote in 30 absent.
fn generated(dir: &Path, countries: u32, resolutions: u32, seed: u32) -> PathBuf {
    let mut state = u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut votes = String::from("resolution,date,country,vote\n");
    let mut res = String::from("resolution,symbol,date,title\n");
    for r in 1..=resolutions {
        let date = format!("{}-{:02}-15", 2000 + r / 12, r % 12 + 1);
        res.push_str(&format!("R-{r},A/RES/R-{r},{date},\"Resolution {r} on the question of item {r}\"\n"));
        let blocs: Vec<u64> = (0..4).map(|_| next() % 3).collect();
        for c in 0..countries {
            let vote = match next() % 30 {
                0 => "absent",
                // One country in five leaves its bloc on this resolution.
                1..=6 => ["yes", "no", "abstain"][(next() % 3) as usize],
                _ => ["yes", "no", "abstain"][blocs[(c % 4) as usize] as usize],
            };
            votes.push_str(&format!("R-{r},{date},Country {c:03},{vote}\n"));
        }
    }
    std::fs::write(dir.join("votes.csv"), votes).unwrap();
    std::fs::write(dir.join("res.csv"), res).unwrap();
    let map = dir.join("votes.toml");
    let out =
        common::run_in(dir, &["import", "votes", "votes.csv", "--resolutions", "res.csv", "-o", "votes.toml"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    map
}

#[test]
fn every_chart_of_generated_vote_maps_is_readable() {
    for (countries, resolutions, seed) in [(6, 5, 1), (12, 9, 2), (35, 12, 3), (200, 14, 4)] {
        let dir = common::scratch("stances_svg", &format!("gen-{countries}"));
        let path = generated(&dir, countries, resolutions, seed);
        let map = elenchus::load_file(&path).unwrap().into_map().unwrap();
        let first = map.actors[0].id.clone();
        every_chart(&dir, "votes.toml", &first, Some("year"));
        // The numbers in the cells, through the library, in both orders.
        for order in [Order::Map, Order::Similarity] {
            let mut m = Matrix::build(&map, None, None);
            m.sort(order);
            let ag = Agreement::compute(&m);
            let svg = stances::agreement_svg(&m, &ag, 1);
            let p = check_agreement_cells(&format!("{countries} countries"), &svg, &m, 1, countries <= 40);
            assert!(p.is_empty(), "{}", p[..p.len().min(12)].join("\n"));
        }
    }
}

/// Two actors at 50 % and 60 % with a third, another pair sharing one claim
/// (thin under `--min-shared 2`), and an actor sharing nothing.
const SMALL: &str = r#"
[map]
title = "A map whose title is long enough to need two lines at the width of a heat map of five actors, or more"

[actors.a]
name = "Alpha"
affirms = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"]

[actors.b]
name = "Beta"
affirms = ["c1", "c2", "c3", "c4", "c5"]
denies = ["c6", "c7", "c8", "c9", "c10"]

[actors.c]
name = "Gamma"
affirms = ["c1", "c2", "c3", "c4", "c5", "c6"]
abstains = ["c7", "c8", "c9", "c10"]

[actors.d]
name = "Delta"
affirms = ["c11"]

[actors.e]
name = "Epsilon"
denies = ["c1"]

[claims.c11]
text = "Eleven."
"#;

fn small_toml() -> String {
    let mut toml = SMALL.to_string();
    for k in 1..=10 {
        toml.push_str(&format!("\n[claims.c{k}]\ntext = \"Claim {k}.\"\n"));
    }
    toml
}

fn small_map() -> elenchus::ArgMap {
    elenchus::load_str("small.toml", small_toml(), elenchus::Format::Toml).into_map().unwrap()
}

#[test]
fn small_heat_map_shows_every_value_and_a_labelled_colour_bar() {
    let map = small_map();
    let m = Matrix::build(&map, None, None);
    let ag = Agreement::compute(&m);
    for min in [1, 2] {
        let svg = stances::agreement_svg(&m, &ag, min);
        assert_readable("small", &svg);
        let p = check_agreement_cells("small", &svg, &m, min, true);
        assert!(p.is_empty(), "{}", p.join("\n"));
        let p = check_colour_bar("small", &svg, min);
        assert!(p.is_empty(), "{}", p.join("\n"));
        // Alpha and Beta agree on 5 of 10 (50 %), Alpha and Gamma on 6 of 10 (60 %): two texts.
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let all = texts(&doc);
        assert!(all.iter().any(|t| t.text == "50") && all.iter().any(|t| t.text == "60"));
        // The title wrapped rather than clipped.
        let title_lines = all.iter().filter(|t| t.size == 14.0).count();
        assert!(title_lines >= 2, "{svg}");
    }
    // Through the CLI too.
    let dir = common::scratch("stances_svg", "small");
    std::fs::write(dir.join("small.toml"), small_toml()).unwrap();
    every_chart(&dir, "small.toml", "a", None);
    let svg = cli(&dir, &["stances", "small.toml", "--agreement", "--format", "svg"]);
    let p = check_agreement_cells("small CLI", &svg, &m, 1, true);
    assert!(p.is_empty(), "{}", p.join("\n"));
}

/// One claim, two actors: singular nouns in titles and legends.
#[test]
fn one_is_singular() {
    let text = "[actors.a]\naffirms = [\"p\"]\n[actors.b]\ndenies = [\"p\"]\n[claims.p]\ntext = \"P.\"\n";
    let map = elenchus::load_str("one.toml", text, elenchus::Format::Toml).into_map().unwrap();
    let m = Matrix::build(&map, None, None);
    let svg = stances::agreement_svg(&m, &Agreement::compute(&m), 1);
    assert!(svg.contains("agreement between 2 actors on 1 claim<"), "{svg}");
    assert!(svg.contains(">fewer than 1 shared claim<"), "{svg}");
    assert_readable("one claim", &svg);
    let svg = stances::matrix_svg(&m);
    assert!(svg.contains("stances of 2 actors on 1 claim<"), "{svg}");
    assert_readable("one claim", &svg);
}

/// The checks reject drawings that break the rules: a clipped title, text
/// outside the viewBox, overlapping labels, a wrong or missing number, a
/// colour bar without ticks, "1 shared claims", no dark scheme, and a rule
/// that also applies in light mode.
#[test]
fn the_checks_reject_broken_drawings() {
    let map = small_map();
    let m = Matrix::build(&map, None, None);
    let ag = Agreement::compute(&m);
    let good = stances::agreement_svg(&m, &ag, 1);
    assert!(problems(&good).is_empty());
    type Break = Box<dyn Fn(&str) -> String>;
    let breaks: [(&str, &str, Break); 4] = [
        (
            "a title on one long line",
            "leaves the viewBox",
            Box::new(|s: &str| {
                let doc = roxmltree::Document::parse(s).unwrap();
                let title = doc.root_element().children().find(|n| n.has_tag_name("title")).unwrap().text().unwrap();
                s.replacen("font-weight=\"bold\">", &format!("font-weight=\"bold\">{title} "), 1)
            }),
        ),
        ("text outside", "leaves the viewBox", Box::new(|s: &str| s.replacen("<text x=\"", "<text x=\"-40", 1))),
        (
            "overlapping labels",
            "overlaps",
            Box::new(|s: &str| {
                let line = s.lines().find(|l| l.contains(">Gamma<") && l.contains("\"end\"")).unwrap();
                let y: f64 = line.split("y=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
                let copy = line.replacen(&format!("y=\"{y:.1}\""), &format!("y=\"{:.1}\"", y + 4.0), 1);
                s.replacen(line, &format!("{line}\n{copy}"), 1)
            }),
        ),
        (
            "a plural after one",
            "plural",
            Box::new(|s: &str| {
                s.replace("stances of", "1 claims of").replace("agreement between", "between 1 actors and")
            }),
        ),
    ];
    for (what, message, f) in &breaks {
        let bad = f(&good);
        assert_ne!(bad, good, "{what}: the break changed nothing");
        assert!(problems(&bad).iter().any(|p| p.contains(message)), "{what}: not caught: {:?}", problems(&bad));
    }
    // A wrong number in a cell, a missing one.
    let wrong = good.replacen(">50<", ">60<", 1);
    assert_ne!(wrong, good);
    assert!(!check_agreement_cells("wrong", &wrong, &m, 1, true).is_empty());
    let missing = good.replacen(">50<", "><", 1);
    assert!(!check_agreement_cells("missing", &missing, &m, 1, true).is_empty());
    // A colour bar labelled only at its ends, and the old legend.
    let ends = good.replace(">25%<", "><").replace(">50%<", "><").replace(">75%<", "><");
    assert!(!check_colour_bar("ends", &ends, 1).is_empty());
    let old = good.replace(">fewer than 1 shared claim<", ">fewer than 1 shared claims<");
    assert!(!check_colour_bar("old", &old, 1).is_empty());
    // A chart without a numeric axis; an ideal-point plot without its tick marks.
    assert!(!check_number_axis("no axis", &good).is_empty());
    let ideal = cli(Path::new(ROOT), &["stances", "maps/unga-es11.toml", "--ideal-points", "--format", "svg"]);
    assert!(check_number_axis("ideal", &ideal).is_empty());
    let unticked: String = ideal.lines().filter(|l| !l.starts_with("<line")).map(|l| format!("{l}\n")).collect();
    assert!(check_number_axis("unticked", &unticked).iter().any(|p| p.contains("no tick under")));
    // No dark scheme; a rule outside the media query.
    let start = good.find("<style>").unwrap();
    let end = good.find("</style>").unwrap() + "</style>".len();
    let no_style = format!("{}{}", &good[..start], &good[end..]);
    assert!(std::panic::catch_unwind(|| dark_mode("none", &no_style)).is_err());
    let light = good.replacen("</style>", "text{fill:red}</style>", 1);
    assert!(std::panic::catch_unwind(|| dark_mode("light", &light)).is_err());
}

/// The charts are the same from run to run.
#[test]
fn charts_are_deterministic() {
    let p = "maps/cambodia-russia.toml";
    for kind in [&["--agreement"][..], &["--scale"], &["--ideal-points"], &["--like", "cambodia", "--by", "year"]] {
        let mut args = vec!["stances", p, "--format", "svg"];
        args.extend(kind);
        assert_eq!(cli(Path::new(ROOT), &args), cli(Path::new(ROOT), &args), "{kind:?}");
    }
}

/// The report draws its stances tab on a canvas (not from these SVGs): its
/// page has a dark scheme, and the canvas labels take the page's muted text
/// colour, light or dark, instead of a fixed grey.
#[test]
fn the_report_stances_tab_follows_the_colour_scheme() {
    let dir = common::scratch("stances_svg", "report");
    let map = Path::new(ROOT).join("maps/cambodia-russia.toml");
    let out = common::run_in(&dir, &["report", map.to_str().unwrap(), "-o", "r.html"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    assert!(html.contains("@media (prefers-color-scheme:dark){:root{"), "the page's dark scheme");
    let start = html.find("function drawStances()").expect("the stances tab's drawing");
    let end = start + html[start..].find("function tableInto").unwrap();
    let draw = &html[start..end];
    assert!(draw.matches("ctx.fillStyle = ink;").count() >= 2, "labels in the page's colour");
    assert!(!draw.contains("'#57606a'") || draw.contains("|| '#57606a'"), "no fixed label grey");
    assert!(html.contains("getPropertyValue('--muted')"));
    assert!(html.contains("addEventListener('change', redraw)"), "redrawn when the scheme changes");
}
