//! The builtin SVG engine: a [`Scene`] laid out by [`layout`](super::layout)
//! and drawn as SVG, with no external program. Also the touch-up of
//! Graphviz's SVG ([`retitle_graphviz`]).
//!
//! The SVG is well-formed XML: all text goes through
//! [`xml_escape`](super::text::xml_escape); each node is a `<g>` whose
//! `<title>` holds the full text (a tooltip in browsers); each line of a
//! label is its own `<text>` element.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

use super::layout::{self, LEdge, LNode, Spacing};
use super::legend::{ENTRY_SIZE, Key, PAD, SECTION_SIZE, SWATCH_H, SWATCH_W, Swatch, TITLE};
use super::style::{self, Arrow, EdgeStyle, Line, Outline, Shape};
use super::text::{MAX_LABEL, clip as clip_text, em_width, xml_escape, xml_escape_into, xml_unescape};
use super::{EdgeRole, Role, Scene, SceneEdge, SceneNode};

const LINE_H: f32 = 15.0;
const MARK_H: f32 = 15.0;
const ID_H: f32 = 12.0;
const PAD_X: f32 = 12.0;
const PAD_Y: f32 = 8.0;
const MARGIN: f32 = 20.0;
const POINT_R: f32 = 3.5;

type P = (f32, f32);

/// The size of a node's text block and of the node.
struct Size {
    w: f32,
    h: f32,
    /// Horizontal shift of the text's centre from the node's centre.
    text_dx: f32,
}

fn text_block(n: &SceneNode) -> (f32, f32) {
    let mut w = 0f32;
    let mut h = 0f32;
    if let Some(m) = &n.mark {
        w = w.max(em_width(m) * style::MARK_SIZE * 1.08);
        h += MARK_H;
    }
    for l in &n.lines {
        w = w.max(em_width(l) * style::TEXT_SIZE);
        h += LINE_H;
    }
    if let Some(f) = &n.footer {
        w = w.max(em_width(f) * style::ID_SIZE);
        h += ID_H;
    }
    (w, h)
}

fn size(n: &SceneNode) -> Size {
    if n.shape == Shape::Point {
        return Size { w: POINT_R * 2.0, h: POINT_R * 2.0, text_dx: 0.0 };
    }
    let (tw, th) = text_block(n);
    let w = (tw + 2.0 * PAD_X).max(56.0);
    let h = th + 2.0 * PAD_Y;
    let extra = if n.outline.peripheries > 1 { 8.0 } else { 0.0 };
    let (w, h, dx) = match n.shape {
        Shape::Hexagon => (w + h * 0.5, h, 0.0),
        Shape::Arrow => (w + h * 0.35, h, -h * 0.35 / 2.0),
        Shape::Ellipse => (w * 1.25 + 10.0, h * 1.4, 0.0),
        _ => (w, h, 0.0),
    };
    Size { w: w + extra, h: h + extra, text_dx: dx }
}

/// The outline of a shape as a polygon (`None` for ellipses and points).
fn polygon(shape: Shape, cx: f32, cy: f32, w: f32, h: f32) -> Option<Vec<P>> {
    let (l, r, t, b) = (cx - w / 2.0, cx + w / 2.0, cy - h / 2.0, cy + h / 2.0);
    match shape {
        Shape::Rect | Shape::Rounded => Some(vec![(l, t), (r, t), (r, b), (l, b)]),
        Shape::Hexagon => {
            let k = h / 4.0;
            Some(vec![(l, cy), (l + k, t), (r - k, t), (r, cy), (r - k, b), (l + k, b)])
        }
        Shape::Arrow => {
            let tip = h * 0.35;
            Some(vec![(l, t), (r - tip, t), (r, cy), (r - tip, b), (l, b)])
        }
        Shape::Ellipse | Shape::Point => None,
    }
}

/// Where the ray from the centre of a node towards `p` leaves it.
fn clip(shape: Shape, c: P, w: f32, h: f32, p: P) -> P {
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-3 {
        return c;
    }
    match polygon(shape, c.0, c.1, w, h) {
        None => {
            let (rx, ry) = (w / 2.0, h / 2.0);
            let t = 1.0 / ((dx / rx).powi(2) + (dy / ry).powi(2)).sqrt();
            (c.0 + dx * t.min(1.0), c.1 + dy * t.min(1.0))
        }
        Some(poly) => {
            let mut best = 1.0f32;
            for i in 0..poly.len() {
                let a = poly[i];
                let b = poly[(i + 1) % poly.len()];
                // Solve c + t*(dx,dy) = a + u*(b-a).
                let (ex, ey) = (b.0 - a.0, b.1 - a.1);
                let den = dx * ey - dy * ex;
                if den.abs() < 1e-6 {
                    continue;
                }
                let t = ((a.0 - c.0) * ey - (a.1 - c.1) * ex) / den;
                let u = ((a.0 - c.0) * dy - (a.1 - c.1) * dx) / den;
                if (0.0..=1.0).contains(&u) && t >= 0.0 && t < best {
                    best = t;
                }
            }
            (c.0 + dx * best, c.1 + dy * best)
        }
    }
}

pub(super) fn f(x: f32) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn pts(points: &[P]) -> String {
    points.iter().map(|p| format!("{},{}", f(p.0), f(p.1))).collect::<Vec<_>>().join(" ")
}

fn unit(a: P, b: P) -> P {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l = (dx * dx + dy * dy).sqrt().max(1e-6);
    (dx / l, dy / l)
}

fn outline_attrs(o: &Outline, out: &mut String) {
    let _ = write!(out, " stroke=\"{}\" stroke-width=\"{}\"", o.color, f(o.width));
    if o.dashed {
        let _ = write!(out, " stroke-dasharray=\"{}\"", Line::Dashed.dasharray(o.width).unwrap_or_default());
    }
}

/// Draw a shape (one outline).
fn shape_svg(out: &mut String, shape: Shape, c: P, w: f32, h: f32, fill: &str, o: &Outline) {
    match shape {
        Shape::Ellipse => {
            let _ = write!(
                out,
                "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" fill=\"{fill}\"",
                f(c.0),
                f(c.1),
                f(w / 2.0),
                f(h / 2.0)
            );
        }
        Shape::Point => {
            let _ = write!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"", f(c.0), f(c.1), f(w / 2.0));
        }
        Shape::Rect | Shape::Rounded => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
                f(c.0 - w / 2.0),
                f(c.1 - h / 2.0),
                f(w),
                f(h)
            );
            if shape == Shape::Rounded {
                out.push_str(" rx=\"8\"");
            }
        }
        Shape::Hexagon | Shape::Arrow => {
            let poly = polygon(shape, c.0, c.1, w, h).unwrap_or_default();
            let _ = write!(out, "<polygon points=\"{}\" fill=\"{fill}\"", pts(&poly));
        }
    }
    outline_attrs(o, out);
    out.push_str("/>\n");
}

fn text_svg(out: &mut String, x: f32, y: f32, size: f32, color: &str, bold: bool, s: &str) {
    let _ = write!(out, "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{color}\"", f(x), f(y), f(size));
    if bold {
        out.push_str(" font-weight=\"bold\"");
    }
    out.push('>');
    xml_escape_into(out, s);
    out.push_str("</text>\n");
}

/// The `id` of a node's `<g>` element.
fn node_id(n: &SceneNode) -> String {
    match n.role {
        Role::Claim(_) => format!("claim-{}", n.name),
        Role::Actor(_) => format!("actor-{}", n.name.trim_start_matches("actor:")),
        Role::Joint(_) => format!("joint-{}", n.name.replace([':', '#'], "-")),
    }
}

fn node_svg(out: &mut String, n: &SceneNode, c: P, sz: &Size) {
    let id = node_id(n);
    let _ = write!(out, "<g id=\"{}\" class=\"node {}\">\n<title>", xml_escape(&id), n.class);
    xml_escape_into(out, &n.title);
    out.push_str("</title>\n");
    let (mut w, mut h) = (sz.w, sz.h);
    if n.outline.peripheries > 1 {
        shape_svg(out, n.shape, c, w, h, n.fill, &n.outline);
        w -= 8.0;
        h -= 8.0;
        shape_svg(out, n.shape, c, w, h, n.fill, &n.outline);
    } else {
        shape_svg(out, n.shape, c, w, h, n.fill, &n.outline);
    }
    if n.shape == Shape::Point {
        out.push_str("</g>\n");
        return;
    }
    let (_, th) = text_block(n);
    let tx = c.0 + sz.text_dx;
    let mut y = c.1 - th / 2.0;
    out.push_str("<g text-anchor=\"middle\">\n");
    if let Some(m) = &n.mark {
        y += MARK_H;
        text_svg(out, tx, y - 4.0, style::MARK_SIZE, n.font_color, true, m);
    }
    for l in &n.lines {
        y += LINE_H;
        text_svg(out, tx, y - 4.0, style::TEXT_SIZE, n.font_color, false, l);
    }
    if let Some(foot) = &n.footer {
        y += ID_H;
        let color = if n.font_color == style::INK { style::MUTED } else { n.font_color };
        text_svg(out, tx, y - 3.0, style::ID_SIZE, color, false, foot);
    }
    out.push_str("</g>\n</g>\n");
}

/// Draw an arrowhead with its tip at `tip`, pointing along `d`; returns how
/// far back from the tip the line should stop.
fn arrow_svg(out: &mut String, kind: Arrow, tip: P, d: P, st: &EdgeStyle) -> f32 {
    let len = 8.0 * st.arrow_size + st.width;
    let n = (-d.1, d.0);
    match kind {
        Arrow::None => 0.0,
        Arrow::Normal => {
            let base = (tip.0 - d.0 * len, tip.1 - d.1 * len);
            let hw = len * 0.42;
            let poly = [tip, (base.0 + n.0 * hw, base.1 + n.1 * hw), (base.0 - n.0 * hw, base.1 - n.1 * hw)];
            let _ = writeln!(out, "<polygon points=\"{}\" fill=\"{}\" stroke=\"{}\"/>", pts(&poly), st.color, st.color);
            len - 1.0
        }
        Arrow::Tee => {
            let back = 2.0;
            let c = (tip.0 - d.0 * back, tip.1 - d.1 * back);
            let hw = len * 0.6;
            let th = 1.2 + st.width * 0.6;
            let poly = [
                (c.0 + n.0 * hw, c.1 + n.1 * hw),
                (c.0 + n.0 * hw - d.0 * th, c.1 + n.1 * hw - d.1 * th),
                (c.0 - n.0 * hw - d.0 * th, c.1 - n.1 * hw - d.1 * th),
                (c.0 - n.0 * hw, c.1 - n.1 * hw),
            ];
            let _ = writeln!(out, "<polygon points=\"{}\" fill=\"{}\" stroke=\"none\"/>", pts(&poly), st.color);
            back
        }
        Arrow::Dot | Arrow::ODot => {
            let r = len * 0.38;
            let c = (tip.0 - d.0 * r, tip.1 - d.1 * r);
            let fill = if kind == Arrow::Dot { st.color } else { "#FFFFFF" };
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"1\"/>",
                f(c.0),
                f(c.1),
                f(r),
                st.color
            );
            2.0 * r
        }
    }
}

/// Draw a shape with its outline; a second, inset outline when it has two
/// (legend swatches).
pub(super) fn outlined(out: &mut String, shape: Shape, c: P, w: f32, h: f32, fill: &str, o: &Outline) {
    shape_svg(out, shape, c, w, h, fill, o);
    if o.peripheries > 1 {
        shape_svg(out, shape, c, w - 7.0, h - 7.0, fill, o);
    }
}

/// A straight line from `a` to `b` drawn as an edge of style `st` is, with
/// its arrowheads (legend swatches).
pub(super) fn line_swatch(out: &mut String, a: P, b: P, st: &EdgeStyle) {
    let d = unit(a, b);
    let mut heads = String::new();
    let back_end = arrow_svg(&mut heads, st.head, b, d, st);
    let back_start = arrow_svg(&mut heads, st.tail, a, (-d.0, -d.1), st);
    let (a, b) = ((a.0 + d.0 * back_start, a.1 + d.1 * back_start), (b.0 - d.0 * back_end, b.1 - d.1 * back_end));
    let dash = st.line.dasharray(st.width).map(|d| format!(" stroke-dasharray=\"{d}\"")).unwrap_or_default();
    let strokes: &[(&str, f32)] = if st.double {
        &[(st.color, st.width * 2.0 + 2.2), ("#FFFFFF", st.width * 0.9)]
    } else {
        &[(st.color, st.width)]
    };
    for (color, w) in strokes {
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"{}\"{dash}/>",
            f(a.0),
            f(a.1),
            f(b.0),
            f(b.1),
            f(*w)
        );
    }
    out.push_str(&heads);
}

/// Draw a legend with its top left corner at `at`, its rows wrapped at
/// `max_w`; returns its size.
pub(super) fn draw_legend(out: &mut String, key: &Key, at: P, max_w: f32) -> (f32, f32) {
    let p = key.place(max_w);
    let (ox, oy) = at;
    let _ = writeln!(out, "<g class=\"legend\">\n<title>{TITLE}</title>");
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#FFFFFF\" stroke=\"{}\"/>",
        f(ox),
        f(oy),
        f(p.w),
        f(p.h),
        style::CLUSTER_BORDER
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\" fill=\"{}\">{TITLE}</text>",
        f(ox + PAD),
        f(oy + PAD + 8.0),
        style::MUTED
    );
    for &(x, y, s, e) in &p.items {
        let sec = &key.sections[s];
        let (x, y) = (ox + x, oy + y);
        let Some(e) = e else {
            let t = xml_escape(&clip_text(&sec.title, MAX_LABEL));
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{SECTION_SIZE}\" fill=\"{}\">{t}</text>",
                f(x),
                f(y + 3.5),
                style::MUTED
            );
            continue;
        };
        let en = &sec.entries[e];
        let c = (x + SWATCH_W / 2.0, y);
        match en.swatch {
            Swatch::Line(st) => line_swatch(out, (x + 2.0, y), (x + SWATCH_W - 2.0, y), &st),
            Swatch::Fill { fill, outline } => outlined(out, Shape::Rect, c, SWATCH_W - 8.0, SWATCH_H, fill, &outline),
            Swatch::Shape(sh) => {
                let (w, h) = if sh == Shape::Point { (7.0, 7.0) } else { (SWATCH_W, SWATCH_H) };
                let o = if sh == Shape::Rounded {
                    Outline { color: style::ACTOR_FILL, ..Outline::PLAIN }
                } else {
                    Outline::PLAIN
                };
                let fill = match sh {
                    Shape::Rounded => style::ACTOR_FILL,
                    Shape::Point => style::SUPPORTS,
                    _ => "#FFFFFF",
                };
                outlined(out, sh, c, w, h, fill, &o)
            }
        }
        let t = xml_escape(&clip_text(&en.text, MAX_LABEL));
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{ENTRY_SIZE}\" fill=\"{}\">{t}</text>",
            f(x + SWATCH_W + 6.0),
            f(y + 3.5),
            style::INK
        );
    }
    out.push_str("</g>\n");
    (p.w, p.h)
}

/// A path through the points: straight, one bowed curve, or a smooth
/// Catmull-Rom curve. Returns the path data and the directions at its ends
/// (outward at the start, inward at the end).
fn path_data(p: &[P], bow: f32) -> (String, P, P, P, Vec<P>) {
    let mut d = String::new();
    let k = p.len();
    if k == 2 && bow == 0.0 {
        let _ = write!(d, "M{},{} L{},{}", f(p[0].0), f(p[0].1), f(p[1].0), f(p[1].1));
        let u = unit(p[0], p[1]);
        return (d, u, u, ((p[0].0 + p[1].0) / 2.0, (p[0].1 + p[1].1) / 2.0), p.to_vec());
    }
    if k == 2 {
        let u = unit(p[0], p[1]);
        let mid = ((p[0].0 + p[1].0) / 2.0, (p[0].1 + p[1].1) / 2.0);
        let ctrl = (mid.0 - u.1 * bow * 2.0, mid.1 + u.0 * bow * 2.0);
        let _ = write!(d, "M{},{} Q{},{} {},{}", f(p[0].0), f(p[0].1), f(ctrl.0), f(ctrl.1), f(p[1].0), f(p[1].1));
        let apex = (mid.0 - u.1 * bow, mid.1 + u.0 * bow);
        return (d, unit(p[0], ctrl), unit(ctrl, p[1]), apex, vec![p[0], ctrl, p[1]]);
    }
    let _ = write!(d, "M{},{}", f(p[0].0), f(p[0].1));
    let at = |i: isize| p[i.clamp(0, k as isize - 1) as usize];
    let mut first = (0.0, 0.0);
    let mut last = (0.0, 0.0);
    let mut written = vec![p[0]];
    for i in 0..k - 1 {
        let i = i as isize;
        let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
        let c1 = (p1.0 + (p2.0 - p0.0) / 6.0, p1.1 + (p2.1 - p0.1) / 6.0);
        let c2 = (p2.0 - (p3.0 - p1.0) / 6.0, p2.1 - (p3.1 - p1.1) / 6.0);
        let _ = write!(d, " C{},{} {},{} {},{}", f(c1.0), f(c1.1), f(c2.0), f(c2.1), f(p2.0), f(p2.1));
        written.extend([c1, c2, p2]);
        if i == 0 {
            first = unit(p1, c1);
        }
        last = unit(c2, p2);
    }
    (d, first, last, p[k / 2], written)
}

/// Render a scene as SVG with the builtin layout.
pub fn render(scene: &Scene) -> String {
    let sizes: Vec<Size> = scene.nodes.iter().map(size).collect();
    let lnodes: Vec<LNode> =
        scene.nodes.iter().zip(&sizes).map(|(n, s)| LNode { w: s.w, h: s.h, band: n.cluster }).collect();
    let ledges: Vec<LEdge> = scene
        .edges
        .iter()
        .map(|e| LEdge { from: e.from as usize, to: e.to as usize, constraint: e.constraint })
        .collect();
    // A label that finds no free place near its edge asks for room: the
    // layout is made again with wider gaps between its layers, a few times
    // at most; the last drawing puts such a label on its least crowded place
    // near the edge.
    let mut sp = Spacing::default();
    for attempt in 0..=ROOM_ATTEMPTS {
        let lay = layout::layout(&lnodes, &ledges, scene.clusters.len(), sp);
        match draw(scene, &sizes, &lay, attempt == ROOM_ATTEMPTS) {
            Ok(svg) => return svg,
            Err(room) => {
                let least = ROOM_STEP * (1 << attempt) as f32;
                if room.across > 0.0 {
                    sp.rank += room.across.max(least);
                }
                if room.along {
                    sp.node += ROOM_STEP;
                }
            }
        }
    }
    unreachable!("the last attempt always draws")
}

/// The room edge labels lacked: how much wider the gaps between layers
/// should be, and whether labels of edges within a layer lacked room too
/// (the gaps between nodes are then widened).
struct Room {
    across: f32,
    along: bool,
}

/// How many times the layout is made again to make room for edge labels.
const ROOM_ATTEMPTS: usize = 6;
/// The least each attempt widens the gaps by (doubling from one to the next).
const ROOM_STEP: f32 = 24.0;

/// Draw a laid-out scene; `Err(extra)` when an edge label finds no free place
/// near its edge and `last` is false, with how much to widen the gaps
/// between layers so that the labels left out could fit.
fn draw(scene: &Scene, sizes: &[Size], lay: &layout::Layout, last: bool) -> Result<String, Room> {
    // Heading and legend above the graph.
    let heading = scene.heading();
    let mut top = MARGIN;
    // The heading's lines (y, size, bold, text): written once the width is known.
    let mut head_lines = Vec::new();
    let mut head_w = 0f32;
    for (i, full) in heading.iter().enumerate() {
        let h = clip_text(full, MAX_LABEL);
        let bold = i == 0 && scene.title.is_some();
        let size = if bold { style::TITLE_SIZE } else { 12.0 };
        top += size * 1.3;
        head_w = head_w.max(em_width(&h) * size);
        head_lines.push((top - 4.0, size, bold, h));
    }
    if !heading.is_empty() {
        top += 10.0;
    }
    // The stance matrix (`--actors` with many actors): beside the map, at its right.
    let (matrix_svg, matrix_w, matrix_h) = scene.matrix.as_ref().map_or((String::new(), 0.0, 0.0), |m| m.svg());
    // The legend: a box under the graph, its rows wrapped to the graph's width
    // (or 640 units when the graph is narrower); beside a graph much taller
    // than wide (and without a matrix there), in a narrow column.
    let key = super::legend::of(scene);
    let beside = matrix_w == 0.0 && lay.height > TALL * lay.width.max(head_w);
    let legend_max = if beside { LEGEND_COLUMN } else { (lay.width.max(head_w)).max(640.0) };
    let (legend_w, legend_h) = key.as_ref().map_or((0.0, 0.0), |k| {
        let p = k.place(legend_max);
        (p.w, p.h)
    });
    let (side_w, side_h) = if matrix_w > 0.0 {
        (matrix_w, matrix_h)
    } else if beside && key.is_some() {
        (legend_w, legend_h)
    } else {
        (0.0, 0.0)
    };
    let side = if side_w > 0.0 { side_w + 2.0 * MARGIN } else { 0.0 };
    let below_w = if beside { 0.0 } else { legend_w };
    let width = (lay.width + side + 2.0 * MARGIN).max(head_w + 2.0 * MARGIN).max(below_w + 2.0 * MARGIN).max(120.0);
    let mut height = top + lay.height.max(side_h) + MARGIN;
    let mut legend_svg = String::new();
    let mut legend_rect: Option<Rect> = None;
    if let Some(k) = &key {
        let at = if beside { (width - MARGIN - legend_w, top) } else { (MARGIN, height) };
        draw_legend(&mut legend_svg, k, at, legend_max);
        legend_rect = Some((at.0, at.1, at.0 + legend_w, at.1 + legend_h));
        if !beside {
            height += legend_h + MARGIN;
        }
    }
    let ox = MARGIN + ((width - side - 2.0 * MARGIN) - lay.width).max(0.0) / 2.0;
    let oy = top;
    let at = |v: usize| (lay.x[v] + ox, lay.y[v] + oy);
    // What is drawn may reach past the layout (curves, labels): track it.
    let mut bbox = (0f32, 0f32, width, height);
    let grow = |p: P, bbox: &mut (f32, f32, f32, f32)| {
        bbox.0 = bbox.0.min(p.0 - MARGIN);
        bbox.1 = bbox.1.min(p.1 - MARGIN);
        bbox.2 = bbox.2.max(p.0 + MARGIN);
        bbox.3 = bbox.3.max(p.1 + MARGIN);
    };

    let mut body = String::with_capacity(1024 + scene.nodes.len() * 600 + scene.edges.len() * 300);
    // What edge labels must not cover besides the nodes: the heading, the
    // legend, cluster labels.
    let mut taken: Vec<Rect> = head_lines
        .iter()
        .map(|(y, size, bold, h)| {
            let w = em_width(h) * size * if *bold { 1.08 } else { 1.0 };
            (width / 2.0 - w / 2.0, y - size, width / 2.0 + w / 2.0, y + size * 0.3)
        })
        .collect();
    taken.extend(legend_rect);
    if matrix_w > 0.0 {
        taken.push((width - MARGIN - matrix_w, top, width - MARGIN, top + matrix_h));
    }

    // Clusters.
    body.push_str("<g class=\"clusters\">\n");
    for (c, r) in scene.clusters.iter().zip(&lay.bands) {
        let Some((x0, y0, x1, y1)) = *r else { continue };
        let _ = writeln!(
            body,
            "<g class=\"cluster\">\n<title>{}</title>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" \
             fill=\"{}\" stroke=\"{}\"/>",
            xml_escape(&c.label),
            f(x0 + ox),
            f(y0 + oy),
            f(x1 - x0),
            f(y1 - y0),
            style::CLUSTER_FILL,
            style::CLUSTER_BORDER
        );
        let shown = clip_text(&c.label, MAX_LABEL);
        let label = text_rect(x0 + ox + 10.0, y0 + oy + 16.0, 11.0, &shown, false);
        grow((label.0, label.1), &mut bbox);
        grow((label.2, label.3), &mut bbox);
        taken.push(label);
        text_svg(&mut body, x0 + ox + 10.0, y0 + oy + 16.0, 11.0, style::MUTED, false, &shown);
        body.push_str("</g>\n");
    }
    body.push_str("</g>\n");

    // Nodes, the heading, the legend and cluster labels take room that
    // edge labels avoid.
    let mut occupied = Occupied::new();
    let boxes: Vec<Rect> = sizes
        .iter()
        .enumerate()
        .map(|(v, sz)| {
            let c = at(v);
            (c.0 - sz.w / 2.0, c.1 - sz.h / 2.0, c.0 + sz.w / 2.0, c.1 + sz.h / 2.0)
        })
        .collect();
    for &b in boxes.iter().chain(&taken) {
        occupied.add(b);
    }

    // Parallel edges between one pair of adjacent nodes bow apart (when the
    // edges are not routed around the nodes).
    let mut pair_count: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    for e in &scene.edges {
        if e.constraint {
            pair_count.entry((e.from.min(e.to), e.from.max(e.to))).or_default().0 += 1;
        }
    }
    let ends: Vec<(usize, usize)> = scene.edges.iter().map(|e| (e.from as usize, e.to as usize)).collect();
    let routed = layout::route(&boxes, &ends, ROUTE_PAD);

    // Edges.
    let mut labels = String::new();
    let mut missing = 0f32;
    let mut missing_along = false;
    body.push_str("<g class=\"edges\">\n");
    for (i, e) in scene.edges.iter().enumerate() {
        let (a, b) = (e.from as usize, e.to as usize);
        let na = &scene.nodes[a];
        let nb = &scene.nodes[b];
        let st = &e.style;
        let mut heads = String::new();
        let (data, line) = match routed.as_ref().map(|r| &r[i]).filter(|r| !r.points.is_empty()) {
            Some(r) => {
                // Around the nodes: from a port of each node straight into it.
                let (pa, pb) = (r.points[0], r.points[r.points.len() - 1]);
                let mut p = vec![entry(na.shape, at(a), &sizes[a], pa, r.from_side.inward())];
                p.extend(r.points.iter().copied());
                p.push(entry(nb.shape, at(b), &sizes[b], pb, r.to_side.inward()));
                p.dedup_by(|x, y| (x.0 - y.0).abs() < 0.05 && (x.1 - y.1).abs() < 0.05);
                let k = p.len();
                let d1 = unit(p[k - 2], p[k - 1]);
                let d0 = unit(p[0], p[1]);
                let back_end = arrow_svg(&mut heads, st.head, p[k - 1], d1, st);
                let back_start = arrow_svg(&mut heads, st.tail, p[0], (-d0.0, -d0.1), st);
                let p = trim(&p, back_start, back_end);
                (rounded(&p, CORNER), p)
            }
            None => {
                let route: Vec<P> = lay.routes[i].iter().map(|&(x, y)| (x + ox, y + oy)).collect();
                let ends = [(na.shape, at(a), &sizes[a]), (nb.shape, at(b), &sizes[b])];
                let (data, line, written) = layered_edge(e, route, ends, &mut pair_count, &mut heads);
                for &q in &written {
                    grow(q, &mut bbox);
                }
                (data, line)
            }
        };
        // The arrowheads lie within the margin of the line's ends.
        for &q in &line {
            grow(q, &mut bbox);
        }
        let class = match e.role {
            EdgeRole::Relation(_, kind) => kind.as_str(),
            EdgeRole::Stance(_, pos) => pos.as_str(),
            EdgeRole::Tension(_) => "tension",
        };
        let title = format!("{} \u{2192} {} ({class})", na.name, nb.name);
        let _ = writeln!(
            body,
            "<g class=\"edge {class}\" data-edge=\"{i}\" data-from=\"{}\" data-to=\"{}\">\n<title>{}</title>",
            xml_escape(&node_id(na)),
            xml_escape(&node_id(nb)),
            xml_escape(&title)
        );
        let dash = st.line.dasharray(st.width).map(|d| format!(" stroke-dasharray=\"{d}\"")).unwrap_or_default();
        if st.double {
            let _ = writeln!(
                body,
                "<path d=\"{data}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                st.color,
                f(st.width * 2.0 + 2.2)
            );
            let _ = writeln!(
                body,
                "<path d=\"{data}\" fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"{}\"{dash}/>",
                f(st.width * 0.9)
            );
        } else {
            let _ = writeln!(
                body,
                "<path d=\"{data}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                st.color,
                f(st.width)
            );
        }
        body.push_str(&heads);
        body.push_str("</g>\n");
        if let Some(l) = &e.label {
            let l = clip_text(l, MAX_LABEL);
            let w = em_width(&l) * style::EDGE_LABEL_SIZE + 8.0;
            let mid = match label_place(&line, w, &occupied, last) {
                Some(m) => m,
                None => {
                    let (a, b) = (line[0], line[line.len() - 1]);
                    if (b.1 - a.1).abs() < 1.0 {
                        missing_along = true;
                    } else {
                        missing += (w + 12.0) * 20.0;
                    }
                    continue;
                }
            };
            let rect = label_rect(mid, w);
            occupied.add(rect);
            grow((rect.0, rect.1), &mut bbox);
            grow((rect.2, rect.3), &mut bbox);
            let color = if st.double { st.color } else { style::MUTED };
            let _ = writeln!(
                labels,
                "<g class=\"edge-label\" data-edge=\"{i}\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"3\" fill=\"#FFFFFF\" \
                 fill-opacity=\"0.85\"/>",
                f(rect.0),
                f(rect.1),
                f(w)
            );
            let _ = writeln!(
                labels,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{color}\">{}</text>\n</g>",
                f(mid.0),
                f(mid.1 + 2.0),
                f(style::EDGE_LABEL_SIZE),
                xml_escape(&l)
            );
        }
    }
    if missing > 0.0 || missing_along {
        // The label area missing, spread over the gaps between the rows of
        // the layout, and as much again for free room around the labels.
        let mut rows: Vec<f32> = lay.y.clone();
        rows.sort_by(f32::total_cmp);
        rows.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        let gaps = rows.len().max(2) - 1;
        let across = if missing > 0.0 { (2.0 * missing / (lay.width.max(1.0) * gaps as f32)).min(240.0) } else { 0.0 };
        return Err(Room { across, along: missing_along });
    }
    body.push_str("</g>\n<g class=\"nodes\">\n");
    for (v, n) in scene.nodes.iter().enumerate() {
        node_svg(&mut body, n, at(v), &sizes[v]);
    }
    body.push_str("</g>\n<g class=\"edge-labels\">\n");
    body.push_str(&labels);
    body.push_str("</g>\n");

    let (vx, vy) = (bbox.0.floor(), bbox.1.floor());
    let (vw, vh) = ((bbox.2 - vx).ceil(), (bbox.3 - vy).ceil());
    let mut out = String::with_capacity(body.len() + legend_svg.len() + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" \
         font-family=\"{}\">",
        f(vw),
        f(vh),
        f(vx),
        f(vy),
        f(vw),
        f(vh),
        style::FONT
    );
    let _ = writeln!(out, "<title>{}</title>", xml_escape(&heading.join(" \u{2014} ")));
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\"/>",
        f(vx),
        f(vy),
        f(vw),
        f(vh)
    );
    for (y, size, bold, h) in &head_lines {
        let _ = write!(
            out,
            "<text text-anchor=\"middle\" x=\"{}\" y=\"{}\" font-size=\"{}\"",
            f(width / 2.0),
            f(*y),
            f(*size)
        );
        if *bold {
            out.push_str(" font-weight=\"bold\"");
        }
        let _ = writeln!(out, " fill=\"{}\">{}</text>", style::INK, xml_escape(h));
    }
    out.push_str(&legend_svg);
    if matrix_w > 0.0 {
        let _ = writeln!(out, "<g transform=\"translate({},{})\">", f(width - MARGIN - matrix_w), f(top));
        out.push_str(&matrix_svg);
        out.push_str("</g>\n");
    }
    out.push_str(&body);
    out.push_str("</svg>\n");
    Ok(out)
}

type Rect = (f32, f32, f32, f32);

/// A graph this many times taller than wide has its legend beside it,
/// wrapped to `LEGEND_COLUMN` units.
const TALL: f32 = 1.5;
const LEGEND_COLUMN: f32 = 300.0;

/// Room kept between routed edges and the nodes: sideways, above and below.
const ROUTE_PAD: (f32, f32) = (8.0, 16.0);
/// The radius of a routed edge's rounded corners.
const CORNER: f32 = 6.0;

/// The estimated extent of a line of text starting at `x` with its baseline at `y`.
fn text_rect(x: f32, y: f32, size: f32, s: &str, bold: bool) -> Rect {
    let w = em_width(s) * size * if bold { 1.08 } else { 1.0 };
    (x, y - size, x + w, y + size * 0.3)
}

/// Where a ray from `p` (outside the node) in direction `d` meets the node's
/// outline; the border point towards `p` when it misses.
fn entry(shape: Shape, c: P, sz: &Size, p: P, d: P) -> P {
    let (w, h) = (sz.w, sz.h);
    let mut best: Option<f32> = None;
    match polygon(shape, c.0, c.1, w, h) {
        None => {
            let (rx, ry) = (w / 2.0, h / 2.0);
            let (ox, oy) = ((p.0 - c.0) / rx, (p.1 - c.1) / ry);
            let (dx, dy) = (d.0 / rx, d.1 / ry);
            let qa = dx * dx + dy * dy;
            let qb = 2.0 * (ox * dx + oy * dy);
            let qc = ox * ox + oy * oy - 1.0;
            let disc = qb * qb - 4.0 * qa * qc;
            if qa > 0.0 && disc >= 0.0 {
                let t = (-qb - disc.sqrt()) / (2.0 * qa);
                if t >= 0.0 {
                    best = Some(t);
                }
            }
        }
        Some(poly) => {
            for i in 0..poly.len() {
                let a = poly[i];
                let b = poly[(i + 1) % poly.len()];
                let (ex, ey) = (b.0 - a.0, b.1 - a.1);
                let den = d.0 * ey - d.1 * ex;
                if den.abs() < 1e-6 {
                    continue;
                }
                let t = ((a.0 - p.0) * ey - (a.1 - p.1) * ex) / den;
                let u = ((a.0 - p.0) * d.1 - (a.1 - p.1) * d.0) / den;
                if (0.0..=1.0).contains(&u) && t >= 0.0 && best.is_none_or(|x| t < x) {
                    best = Some(t);
                }
            }
        }
    }
    match best {
        Some(t) => (p.0 + d.0 * t, p.1 + d.1 * t),
        None => clip(shape, c, w, h, p),
    }
}

/// A polyline with `start` cut from its start and `end` from its end (each
/// at most half its length).
fn trim(p: &[P], start: f32, end: f32) -> Vec<P> {
    let len = |a: P, b: P| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let total: f32 = p.windows(2).map(|w| len(w[0], w[1])).sum();
    let (mut start, mut end) = (start.min(total / 2.0), end.min(total / 2.0));
    let mut out: Vec<P> = p.to_vec();
    while start > 0.0 && out.len() >= 2 {
        let l = len(out[0], out[1]);
        if l > start {
            let u = unit(out[0], out[1]);
            out[0] = (out[0].0 + u.0 * start, out[0].1 + u.1 * start);
            break;
        }
        start -= l;
        out.remove(0);
    }
    while end > 0.0 && out.len() >= 2 {
        let k = out.len();
        let l = len(out[k - 2], out[k - 1]);
        if l > end {
            let u = unit(out[k - 1], out[k - 2]);
            out[k - 1] = (out[k - 1].0 + u.0 * end, out[k - 1].1 + u.1 * end);
            break;
        }
        end -= l;
        out.pop();
    }
    out
}

/// Path data for a polyline with its corners rounded (radius at most `r`,
/// and at most half of each segment).
fn rounded(p: &[P], r: f32) -> String {
    let mut d = String::new();
    let len = |a: P, b: P| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let _ = write!(d, "M{},{}", f(p[0].0), f(p[0].1));
    for i in 1..p.len().saturating_sub(1) {
        let (a, c, b) = (p[i - 1], p[i], p[i + 1]);
        let k = r.min(len(a, c) / 2.0).min(len(c, b) / 2.0);
        let (u, v) = (unit(c, a), unit(c, b));
        let (s, e) = ((c.0 + u.0 * k, c.1 + u.1 * k), (c.0 + v.0 * k, c.1 + v.1 * k));
        let _ = write!(d, " L{},{} Q{},{} {},{}", f(s.0), f(s.1), f(c.0), f(c.1), f(e.0), f(e.1));
    }
    if let Some(last) = p.last().filter(|_| p.len() > 1) {
        let _ = write!(d, " L{},{}", f(last.0), f(last.1));
    }
    d
}

/// A label's box, centred at `m`.
fn label_rect(m: P, w: f32) -> Rect {
    (m.0 - w / 2.0, m.1 - 9.0, m.0 + w / 2.0, m.1 + 5.0)
}

/// Where a label of width `w` goes: the first free place along the edge,
/// else beside it, else the nearest free place on rings around points along
/// the edge (out to [`LABEL_REACH`]). `None` when there is none; with
/// `anyway`, the least crowded of those places instead.
fn label_place(line: &[P], w: f32, occupied: &Occupied, anyway: bool) -> Option<P> {
    let crowd = |m: P| occupied.overlaps(label_rect(m, w), CROWDED);
    const ALONG: [f32; 9] = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85, 0.08, 0.92];
    let mut least: Option<(usize, P)> = None;
    let mut consider = |m: P| {
        let c = crowd(m);
        if least.is_none_or(|(k, _)| c < k) {
            least = Some((c, m));
        }
        c == 0
    };
    for t in ALONG {
        let m = point_along(line, t);
        if consider(m) {
            return Some(m);
        }
    }
    for t in ALONG {
        let m = point_along(line, t);
        for (dx, dy) in [(0.0, -12.0), (0.0, 12.0), (w / 2.0 + 6.0, 0.0), (-w / 2.0 - 6.0, 0.0)] {
            if consider((m.0 + dx, m.1 + dy)) {
                return Some((m.0 + dx, m.1 + dy));
            }
        }
    }
    let rings = (LABEL_REACH / RING) as usize;
    for ring in 1..=rings {
        let r = ring as f32 * RING;
        let steps = 8 + ring * 2;
        for t in ALONG {
            let m = point_along(line, t);
            for k in 0..steps {
                let a = k as f32 / steps as f32 * std::f32::consts::TAU;
                let q = (m.0 + r * a.cos(), m.1 + r * a.sin());
                if consider(q) {
                    return Some(q);
                }
            }
        }
    }
    least.filter(|_| anyway).map(|(_, m)| m)
}

/// How far from its edge a label's centre may go, and the step of the rings
/// searched out to there.
const LABEL_REACH: f32 = 84.0;
const RING: f32 = 12.0;

/// An edge along the layout's own route (when [`layout::route`] declined):
/// a straight line, a bowed curve (edges outside the layering, parallel
/// edges) or a smooth curve through the dummy points. Returns the path
/// data, points along it (for its label) and every point written.
fn layered_edge(
    e: &SceneEdge,
    mut p: Vec<P>,
    ends: [(Shape, P, &Size); 2],
    pair_count: &mut HashMap<(u32, u32), (u32, u32)>,
    heads: &mut String,
) -> (String, Vec<P>, Vec<P>) {
    let mut bow = 0.0;
    if !e.constraint {
        let d = ((p[0].0 - p[p.len() - 1].0).powi(2) + (p[0].1 - p[p.len() - 1].1).powi(2)).sqrt();
        bow = (d * 0.18).clamp(24.0, 90.0);
        p = vec![p[0], p[p.len() - 1]];
    } else if p.len() == 2 {
        let key = (e.from.min(e.to), e.from.max(e.to));
        if let Some((count, seen)) = pair_count.get_mut(&key)
            && *count > 1
        {
            let sign = if e.from < e.to { 1.0 } else { -1.0 };
            bow = (*seen as f32 - (*count - 1) as f32 / 2.0) * 16.0 * sign;
            *seen += 1;
        }
    }
    let k = p.len();
    let toward_a = if bow != 0.0 { mid_ctrl(p[0], p[k - 1], bow) } else { p[1] };
    let toward_b = if bow != 0.0 { mid_ctrl(p[0], p[k - 1], bow) } else { p[k - 2] };
    let [(sa, ca, za), (sb, cb, zb)] = ends;
    p[0] = clip(sa, ca, za.w, za.h, toward_a);
    p[k - 1] = clip(sb, cb, zb.w, zb.h, toward_b);
    let st = &e.style;
    // Arrowheads first, to know where the line stops.
    let (_, d0, d1, _, _) = path_data(&p, bow);
    let back_end = arrow_svg(heads, st.head, p[k - 1], d1, st);
    let back_start = arrow_svg(heads, st.tail, p[0], (-d0.0, -d0.1), st);
    p[k - 1] = (p[k - 1].0 - d1.0 * back_end, p[k - 1].1 - d1.1 * back_end);
    p[0] = (p[0].0 + d0.0 * back_start, p[0].1 + d0.1 * back_start);
    let (data, _, _, _, written) = path_data(&p, bow);
    (data, polyline(&p, bow), written)
}

/// Rectangles already drawn (nodes, labels), for quick overlap tests: a
/// hierarchy of grids. A rectangle is kept once, in the grid whose cells are
/// at least as large as it is (cells of 64 units, doubling from one grid to
/// the next), in the cell of its top-left corner; so it lies within that
/// cell and the next ones right and down. Adding costs O(1) whatever the
/// rectangle's size, and a test costs the number of cells the tested
/// rectangle spans in each grid in use, plus the rectangles found: neither
/// depends on the area of the nodes drawn.
struct Occupied {
    rects: Vec<Rect>,
    cells: HashMap<(u8, i32, i32), Vec<u32>, BuildHasherDefault<CellHasher>>,
    /// Which grids hold rectangles (bit `k`: cells of `CELL << k`).
    levels: u64,
}

/// A multiplicative hash for grid cells: the cells are small integers the
/// layout chooses, and this is many times faster than SipHash, which label
/// placement would otherwise spend most of its time in.
#[derive(Default)]
struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }
    fn write_i32(&mut self, i: i32) {
        self.write_u64(i as u32 as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

const CELL: f32 = 64.0;
/// A place where a label would overlap this many drawn rectangles is crowded:
/// no worse than one with more.
const CROWDED: usize = 4;
/// A cell where this many rectangles start is crowded as a whole (many
/// labels of one pair of nodes, placed at the same few points): a test
/// near it does not look at each of them, so it costs no more as they pile up.
const PILE: usize = 32;
/// The coarsest grid: cells of `CELL * 2^40` hold any rectangle of finite size
/// an f32 layout can have.
const TOP_LEVEL: u8 = 40;

impl Occupied {
    fn new() -> Self {
        Occupied { rects: Vec::new(), cells: HashMap::default(), levels: 0 }
    }
    fn cell_size(level: u8) -> f32 {
        CELL * (1u64 << level) as f32
    }
    /// The cell of a point in a grid, clamped to the range of `i32`.
    fn cell(level: u8, x: f32, y: f32) -> (i32, i32) {
        let s = Self::cell_size(level);
        ((x / s).floor() as i32, (y / s).floor() as i32)
    }
    fn add(&mut self, r: Rect) {
        let i = self.rects.len() as u32;
        self.rects.push(r);
        let size = (r.2 - r.0).max(r.3 - r.1);
        let mut level = 0u8;
        while level < TOP_LEVEL && Self::cell_size(level) < size {
            level += 1;
        }
        self.levels |= 1 << level;
        let (cx, cy) = Self::cell(level, r.0, r.1);
        self.cells.entry((level, cx, cy)).or_default().push(i);
    }
    /// How many drawn rectangles `r` overlaps, counted up to `cap`: beyond
    /// that a place is crowded, and counting on would cost time in the number
    /// of labels piled there. Near a cell where [`PILE`] rectangles start,
    /// the answer is `cap`.
    fn overlaps(&self, r: Rect, cap: usize) -> usize {
        let mut hits = 0;
        for level in 0..=TOP_LEVEL {
            if self.levels & (1 << level) == 0 {
                continue;
            }
            // A rectangle kept in cell (x, y) reaches at most into (x + 1, y + 1).
            let (x0, y0) = Self::cell(level, r.0, r.1);
            let (x1, y1) = Self::cell(level, r.2, r.3);
            for x in x0.saturating_sub(1)..=x1 {
                for y in y0.saturating_sub(1)..=y1 {
                    let Some(list) = self.cells.get(&(level, x, y)) else { continue };
                    if list.len() >= PILE {
                        // Labels piled up here: crowded, without looking at each.
                        return cap;
                    }
                    for &i in list {
                        let o = self.rects[i as usize];
                        if r.0 < o.2 && o.0 < r.2 && r.1 < o.3 && o.1 < r.3 {
                            hits += 1;
                            if hits >= cap {
                                return cap;
                            }
                        }
                    }
                }
            }
        }
        hits
    }
}

/// The point at a fraction `t` of the length of a polyline.
fn point_along(p: &[P], t: f32) -> P {
    let lens: Vec<f32> = p.windows(2).map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt()).collect();
    let total: f32 = lens.iter().sum();
    let mut want = total * t;
    for (i, l) in lens.iter().enumerate() {
        if want <= *l && *l > 0.0 {
            let k = want / l;
            return (p[i].0 + (p[i + 1].0 - p[i].0) * k, p[i].1 + (p[i + 1].1 - p[i].1) * k);
        }
        want -= l;
    }
    p[p.len() - 1]
}

/// Points along a drawn edge (the bowed curve sampled), for placing its label.
fn polyline(p: &[P], bow: f32) -> Vec<P> {
    if p.len() == 2 && bow != 0.0 {
        let c = mid_ctrl(p[0], p[1], bow);
        (0..=8)
            .map(|i| {
                let t = i as f32 / 8.0;
                let u = 1.0 - t;
                (
                    u * u * p[0].0 + 2.0 * u * t * c.0 + t * t * p[1].0,
                    u * u * p[0].1 + 2.0 * u * t * c.1 + t * t * p[1].1,
                )
            })
            .collect()
    } else {
        p.to_vec()
    }
}

fn mid_ctrl(a: P, b: P, bow: f32) -> P {
    let u = unit(a, b);
    let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    (mid.0 - u.1 * bow * 2.0, mid.1 + u.0 * bow * 2.0)
}

/// Set the `<title>` of each node in Graphviz's SVG to the node's full text
/// (Graphviz writes the node's name there), and the graph's to the map's
/// title. Linear in the size of the SVG.
pub fn retitle_graphviz(svg: &str, scene: &Scene) -> String {
    let titles: HashMap<&str, &str> = scene.nodes.iter().map(|n| (n.name.as_str(), n.title.as_str())).collect();
    let mut out = String::with_capacity(svg.len() + svg.len() / 4);
    let mut rest = svg;
    let mut graph_done = false;
    while let Some(i) = rest.find("<g id=\"") {
        let Some(close) = rest[i..].find('>') else { break };
        let tag = &rest[i..i + close + 1];
        out.push_str(&rest[..i + close + 1]);
        rest = &rest[i + close + 1..];
        let is_node = tag.contains("class=\"node\"") || tag.contains("class=\"node ");
        let is_graph = !graph_done && tag.contains("class=\"graph\"");
        if !(is_node || is_graph) {
            continue;
        }
        let trimmed = rest.trim_start_matches(['\n', '\r', ' ']);
        let ws = rest.len() - trimmed.len();
        let Some(body) = trimmed.strip_prefix("<title>") else { continue };
        let Some(end) = body.find("</title>") else { continue };
        let name = xml_unescape(&body[..end]);
        let new = if is_graph {
            graph_done = true;
            Some(scene.heading().join(" \u{2014} ")).filter(|s| !s.is_empty())
        } else {
            titles.get(name.as_str()).map(|t| t.to_string())
        };
        if let Some(t) = new {
            out.push_str(&rest[..ws]);
            out.push_str("<title>");
            xml_escape_into(&mut out, &t);
            out.push_str("</title>");
            rest = &body[end + "</title>".len()..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occupied_keeps_each_rectangle_once_and_finds_every_overlap() {
        // Rectangles of very different sizes, from a fixed pseudo-random sequence.
        let mut seed = 12345u64;
        let mut next = |m: f32| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 40) as f32 / (1u64 << 24) as f32 * m
        };
        let mut occupied = Occupied::new();
        let mut all = Vec::new();
        for i in 0..300 {
            let size = if i % 50 == 0 {
                1.0e7
            } else if i % 7 == 0 {
                900.0
            } else {
                30.0
            };
            let (x, y) = (next(5000.0) - 2500.0, next(5000.0) - 2500.0);
            let r = (x, y, x + next(size) + 1.0, y + next(size) + 1.0);
            occupied.add(r);
            all.push(r);
        }
        // Each rectangle is kept in one cell, whatever its area.
        assert_eq!(occupied.cells.values().map(Vec::len).sum::<usize>(), all.len());
        for _ in 0..300 {
            let (x, y) = (next(6000.0) - 3000.0, next(6000.0) - 3000.0);
            let q = (x, y, x + next(200.0) + 1.0, y + 14.0);
            let want = all.iter().filter(|o| q.0 < o.2 && o.0 < q.2 && q.1 < o.3 && o.1 < q.3).count();
            assert_eq!(occupied.overlaps(q, usize::MAX), want, "{q:?}");
            assert_eq!(occupied.overlaps(q, 2), want.min(2), "{q:?}");
        }
    }

    #[test]
    fn a_pile_of_labels_is_crowded() {
        let mut occupied = Occupied::new();
        for i in 0..10_000 {
            occupied.add((100.0, 100.0 + (i % 3) as f32, 150.0, 114.0));
        }
        // Beside the pile but not on it: crowded, as the pile's cell is full.
        assert_eq!(occupied.overlaps((151.0, 100.0, 180.0, 114.0), CROWDED), CROWDED);
        // Far away: free.
        assert_eq!(occupied.overlaps((1000.0, 1000.0, 1050.0, 1014.0), CROWDED), 0);
    }
}
