//! The DOT writer: a [`Scene`] as graphviz-rust's typed DOT structures,
//! printed as its printer prints them ([`print`]).
//!
//! graphviz-rust prints ids verbatim, so every id and label goes through the
//! quoting here:
//!
//! - ids and plain labels are quoted strings ([`quote`], [`label`]): `"` and
//!   `\` are backslash-escaped; `&`, `<`, `>` are written as entities
//!   (Graphviz decodes entities in labels, so a literal `&amp;` in the text
//!   stays `&amp;`); line breaks as `\n`;
//! - claim and actor labels are HTML-like labels ([`Html`]): `&`, `<`, `>`,
//!   `"` as entities, `\` doubled (Graphviz expands `\N` and the like in them
//!   too), lines joined by `<BR/>`;
//! - everywhere, control characters are shown as their Unicode control
//!   pictures (Graphviz drops them, XML forbids them), and bidirectional
//!   controls and invisible formatting characters are written as numeric
//!   references (`&#x202E;`), so that the DOT text cannot reorder or hide
//!   itself in an editor while the picture shows the original text. Other
//!   non-ASCII text is written as UTF-8 (`charset="UTF-8"`).

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};

use super::style::{self, Arrow, Line, Outline, Shape};
use super::text::{em_width, is_invisible_format, visible};
use super::{EdgeRole, Role, Scene, SceneNode, legend};
use crate::diag::Level;

mod print;

/// Push `c` as a numeric character reference.
fn push_ref(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "&#x{:X};", c as u32);
}

/// The longest quoted or HTML string written, in bytes. Graphviz rejects a
/// longer one ("longer than 16384?"; its 2.43 scanner takes at most 16,381
/// bytes between the quotes), which would make `--engine auto` fall back to
/// the builtin engine and a `.dot` file unreadable. Drawn text is cut far
/// below this ([`super::text::MAX_LINES`], [`super::text::MAX_LABEL`]); the
/// writers also stop at this many bytes whatever they are given.
pub const MAX_STRING: usize = 16_000;

/// Room kept for the ellipsis that ends a string stopped at [`MAX_STRING`].
const ELLIPSIS_LEN: usize = super::text::ELLIPSIS.len_utf8();

/// Push `s` made [`visible`], each character escaped by `esc`, stopping
/// before `out` would pass `end` bytes: then `…` ends it and the result is
/// `true` (the text was cut).
///
/// Runs of printable ASCII other than `"`, `\`, `&`, `<` and `>` (which
/// neither escaper changes) are pushed whole.
fn push_bounded(out: &mut String, s: &str, end: usize, esc: impl Fn(&mut String, char)) -> bool {
    let visible = visible(s);
    let mut rest: &str = &visible;
    loop {
        let plain = rest
            .bytes()
            .position(|b| !matches!(b, b' '..=b'~') || matches!(b, b'"' | b'\\' | b'&' | b'<' | b'>'))
            .unwrap_or(rest.len());
        if plain > 0 && out.len() + plain > end {
            // One byte per character: as many as fit.
            out.push_str(&rest[..end.saturating_sub(out.len())]);
            out.push(super::text::ELLIPSIS);
            return true;
        }
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { return false };
        let before = out.len();
        esc(out, c);
        if out.len() > end {
            out.truncate(before);
            out.push(super::text::ELLIPSIS);
            return true;
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The body of a quoted DOT string that Graphviz shows as `s`, at most
/// `budget` bytes (then ended with `…`).
fn escape_into(out: &mut String, s: &str, budget: usize) {
    let end = out.len() + budget.saturating_sub(ELLIPSIS_LEN);
    push_bounded(out, s, end, |out, c| match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '\n' => out.push_str("\\n"),
        c if is_invisible_format(c) => push_ref(out, c),
        c => out.push(c),
    });
}

/// A quoted DOT id or escString that Graphviz shows as `s` (the first
/// [`MAX_STRING`] bytes of it, quoted).
pub fn quote(s: &str) -> Id {
    let mut out = String::with_capacity(s.len().min(MAX_STRING) + 2);
    out.push('"');
    escape_into(&mut out, s, MAX_STRING);
    out.push('"');
    Id::Escaped(out)
}

/// A label attribute value (an escString) showing `s` as drawn: each line
/// cut to [`MAX_LABEL`](super::text::MAX_LABEL) columns, at most
/// [`MAX_LINES`](super::text::MAX_LINES) lines; quoted as by [`quote`].
pub fn label(s: &str) -> Id {
    quote(&super::text::clip_lines(s, super::text::MAX_LABEL, super::text::MAX_LINES))
}

/// Undo [`quote`]: the text a quoted DOT string shows. Used by tests to
/// check that the DOT carries the original text.
pub fn unquote(id: &str) -> String {
    let inner = id.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(id);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    super::text::xml_unescape(&out)
}

/// An HTML-like label being built. Its text stops (with `…`) before the
/// label would pass [`MAX_STRING`] bytes, leaving room for the closing tags.
#[derive(Default)]
pub struct Html {
    markup: String,
    /// Text was cut: later text is dropped.
    full: bool,
}

/// Room in an HTML label for the markup around its text (`<FONT>`, `<B>`, `<BR/>`).
const HTML_MARKUP: usize = 512;

impl Html {
    /// Append text, escaped.
    pub fn text(&mut self, s: &str) -> &mut Self {
        if !self.full {
            let end = MAX_STRING - HTML_MARKUP - ELLIPSIS_LEN;
            self.full = push_bounded(&mut self.markup, s, end, |out, c| match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("<BR/>"),
                c if is_invisible_format(c) => push_ref(out, c),
                c => out.push(c),
            });
        }
        self
    }
    /// Append raw markup (a tag).
    pub fn tag(&mut self, s: &str) -> &mut Self {
        self.markup.push_str(s);
        self
    }
    /// The label as an id: `<...>`. The whole is wrapped in a `<FONT>` so that
    /// it always ends in a closing tag (graphviz-rust's parser needs it).
    pub fn finish(&self, size: f32) -> Id {
        Id::Html(format!("<<FONT POINT-SIZE=\"{}\">{}</FONT>>", num(size), self.markup))
    }
}

/// A number as DOT prints it: two decimals at most, no trailing zeros
/// (`format!("{x:.2}")` trimmed).
fn num(x: f32) -> String {
    // x·100 is exact in an f64 (24 bits of mantissa times 7), so rounding it
    // half to even is what `{:.2}` does to the exact value of `x`.
    let hundredths = f64::from(x) * 100.0;
    if x.is_sign_negative() || !(0.0..1e9).contains(&hundredths) {
        let s = format!("{x:.2}");
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let n = hundredths.round_ties_even() as u64;
    let mut s = (n / 100).to_string();
    let (tenths, rest) = ((n % 100) / 10, n % 10);
    if tenths != 0 || rest != 0 {
        s.push('.');
        s.push(char::from(b'0' + tenths as u8));
        if rest != 0 {
            s.push(char::from(b'0' + rest as u8));
        }
    }
    s
}

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(k: &str, v: Id) -> Attribute {
    Attribute(plain(k), v)
}

fn attr_q(k: &str, v: &str) -> Attribute {
    attr(k, quote(v))
}

fn attr_n(k: &str, v: f32) -> Attribute {
    attr(k, plain(&num(v)))
}

/// The label of a claim or actor node.
fn node_label(n: &SceneNode) -> Id {
    let mut h = Html::default();
    if let Some(m) = &n.mark {
        h.tag(&format!("<FONT POINT-SIZE=\"{}\"><B>", num(style::MARK_SIZE))).text(m).tag("</B></FONT><BR/>");
    }
    for (i, l) in n.lines.iter().enumerate() {
        if i > 0 {
            h.tag("<BR/>");
        }
        h.text(l);
    }
    if let Some(f) = &n.footer {
        let color = if n.font_color == style::INK { style::MUTED } else { n.font_color };
        h.tag(&format!("<BR/><FONT POINT-SIZE=\"{}\" COLOR=\"{color}\">", num(style::ID_SIZE))).text(f).tag("</FONT>");
    }
    h.finish(style::TEXT_SIZE)
}

fn outline_attrs(o: &Outline, styles: &mut Vec<&'static str>, attrs: &mut Vec<Attribute>) {
    attrs.push(attr_q("color", o.color));
    if o.width != 1.0 {
        attrs.push(attr_n("penwidth", o.width));
    }
    if o.peripheries != 1 {
        attrs.push(attr_n("peripheries", o.peripheries as f32));
    }
    if o.dashed {
        styles.push("dashed");
    }
}

fn node_stmt(n: &SceneNode, name: &Id) -> Stmt {
    let mut attrs = Vec::with_capacity(10);
    if n.shape == Shape::Point {
        attrs.push(attr("shape", plain("point")));
        attrs.push(attr_n("width", 0.09));
        attrs.push(attr_q("color", n.outline.color));
        attrs.push(attr_q("fillcolor", n.fill));
        attrs.push(attr_q("class", n.class));
        return Stmt::Node(Node::new(NodeId(name.clone(), None), attrs));
    }
    attrs.push(attr("shape", plain(n.shape.dot_name())));
    let mut styles = vec!["filled"];
    if n.shape == Shape::Rounded {
        styles.push("rounded");
    }
    outline_attrs(&n.outline, &mut styles, &mut attrs);
    attrs.push(attr_q("style", &styles.join(",")));
    attrs.push(attr_q("margin", shape_margin(n.shape)));
    if n.fill != "#FFFFFF" {
        attrs.push(attr_q("fillcolor", n.fill));
    }
    if n.font_color != style::INK {
        attrs.push(attr_q("fontcolor", n.font_color));
    }
    attrs.push(attr_q("class", n.class));
    attrs.push(attr("label", node_label(n)));
    Stmt::Node(Node::new(NodeId(name.clone(), None), attrs))
}

/// The attributes that draw a line in an edge style: colour, dashes, width, arrowheads.
fn line_attrs(st: &style::EdgeStyle) -> Vec<Attribute> {
    let mut attrs = Vec::with_capacity(10);
    let color = if st.double { format!("{0}:#FFFFFF:{0}", st.color) } else { st.color.to_string() };
    attrs.push(attr_q("color", &color));
    let mut styles = Vec::new();
    match st.line {
        Line::Solid => {}
        Line::Dashed => styles.push("dashed"),
        Line::Dotted => styles.push("dotted"),
    }
    if st.bold {
        styles.push("bold");
    }
    if !styles.is_empty() {
        attrs.push(attr_q("style", &styles.join(",")));
    }
    if st.width != 1.0 {
        attrs.push(attr_n("penwidth", st.width));
    }
    let dir = match (st.head != Arrow::None, st.tail != Arrow::None) {
        (true, true) => "both",
        (true, false) => "forward",
        (false, true) => "back",
        (false, false) => "none",
    };
    if dir != "forward" {
        attrs.push(attr("dir", plain(dir)));
    }
    if st.head != Arrow::None && st.head != Arrow::Normal {
        attrs.push(attr("arrowhead", plain(st.head.dot_name())));
    }
    if st.tail != Arrow::None {
        attrs.push(attr("arrowtail", plain(st.tail.dot_name())));
    }
    if st.arrow_size != 1.0 && (st.head != Arrow::None || st.tail != Arrow::None) {
        attrs.push(attr_n("arrowsize", st.arrow_size));
    }
    attrs
}

/// The attributes of each edge style met so far: a drawing has a handful.
#[derive(Default)]
struct LineAttrs(Vec<(style::EdgeStyle, Vec<Attribute>)>);

impl LineAttrs {
    fn of(&mut self, st: &style::EdgeStyle) -> Vec<Attribute> {
        match self.0.iter().find(|(s, _)| s == st) {
            Some((_, attrs)) => attrs.clone(),
            None => {
                let attrs = line_attrs(st);
                self.0.push((*st, attrs.clone()));
                attrs
            }
        }
    }
}

/// An edge's statement; `names` are the nodes' quoted names, `lines` the
/// attributes of the styles met so far.
fn edge_stmt(e: &super::SceneEdge, scene: &Scene, names: &[Id], lines: &mut LineAttrs, many: bool, up: bool) -> Stmt {
    let st = &e.style;
    let mut attrs = lines.of(st);
    let class = match e.role {
        EdgeRole::Relation(_, k) => k.as_str(),
        EdgeRole::Stance(_, p) => p.as_str(),
        EdgeRole::Tension(_) => "tension",
    };
    attrs.push(attr_q("class", class));
    if let Some(l) = &e.label {
        if matches!(e.role, EdgeRole::Tension(_)) && many {
            attrs.push(attr("tooltip", label(l)));
        } else {
            attrs.push(attr("label", label(l)));
        }
        attrs.push(attr_q("fontcolor", if st.double { st.color } else { style::MUTED }));
    }
    if !e.constraint || up {
        attrs.push(attr("constraint", plain("false")));
    }
    // An edge into a joint ends at the point, with no gap.
    let to_joint = matches!(scene.nodes[e.to as usize].role, Role::Joint(_));
    if to_joint {
        attrs.push(attr("headclip", plain("false")));
    }
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(names[e.from as usize].clone(), None)),
            Vertex::N(NodeId(names[e.to as usize].clone(), None)),
        ),
        attributes: attrs,
    })
}

/// More labelled tension connectors than this, and the connectors between
/// one pair of claims are drawn as one, at the most severe of their levels,
/// with no label: its tooltip names them. Laid out one by one with their
/// labels, 116 tensions among the 7 claims of maps/unga-es11.toml made a
/// drawing 14,000 px wide (each label is a node of the layout, and parallel
/// edges are spread side by side).
pub const MAX_LAYOUT_TENSION_LABELS: usize = 12;

fn many_tension_labels(scene: &Scene) -> bool {
    scene.edges.iter().filter(|e| matches!(e.role, EdgeRole::Tension(_)) && e.label.is_some()).count()
        > MAX_LAYOUT_TENSION_LABELS
}

/// The statements that open the graph: graph, node and edge defaults, and
/// the legend.
fn head_stmts(scene: &Scene) -> Vec<Stmt> {
    let mut stmts: Vec<Stmt> = Vec::with_capacity(8);
    let mut gattrs = vec![
        attr_q("charset", "UTF-8"),
        attr_q("fontname", style::FONT),
        attr("rankdir", plain("TB")),
        attr_n("nodesep", NODESEP),
        attr_n("ranksep", RANKSEP),
        attr_q("bgcolor", "#FFFFFF"),
        // Ranks of clusters and of the legend's rows are global (this also
        // spares `dot` its "trouble in init_rank" on some clustered maps).
        attr("newrank", plain("true")),
    ];

    let heading = scene.heading();
    if !heading.is_empty() {
        gattrs.push(attr("label", label(&heading.join("\n"))));
        gattrs.push(attr("labelloc", plain("t")));
        gattrs.push(attr_n("fontsize", style::TITLE_SIZE));
    }
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(gattrs)));
    stmts.push(Stmt::GAttribute(GraphAttributes::Node(vec![
        attr_q("fontname", style::FONT),
        attr_n("fontsize", style::TEXT_SIZE),
        attr_q("fontcolor", style::INK),
        attr_q("fillcolor", "#FFFFFF"),
    ])));
    stmts.push(Stmt::GAttribute(GraphAttributes::Edge(vec![
        attr_q("fontname", style::FONT),
        attr_n("fontsize", style::EDGE_LABEL_SIZE),
        attr_q("color", style::INK),
    ])));
    if let Some(key) = legend::of(scene) {
        stmts.push(legend_cluster(&key));
    }
    if let Some(m) = &scene.matrix {
        stmts.push(matrix_stmt(m));
    }
    stmts
}

/// The HTML-like label of one block of rows of the stance matrix.
fn matrix_block(m: &super::matrix::StanceMatrix, rows: std::ops::Range<usize>) -> Html {
    let mut h = Html::default();
    h.tag("<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR><TD BORDER=\"0\"></TD>");
    for c in 0..m.claims.len() {
        h.tag("<TD BORDER=\"0\">").text(&(c + 1).to_string()).tag("</TD>");
    }
    h.tag("</TR>");
    for a in rows {
        h.tag("<TR><TD BORDER=\"0\" ALIGN=\"LEFT\">").text(&m.name(a)).tag("</TD>");
        for c in 0..m.claims.len() {
            match m.cell(a, c) {
                Some(p) => h
                    .tag(&format!("<TD BGCOLOR=\"{}\">", style::stance_fill(p)))
                    .text(style::stance_symbol(p))
                    .tag("</TD>"),
                None => h.tag("<TD></TD>"),
            };
        }
        h.tag("</TR>");
    }
    h.tag("</TABLE>");
    h
}

/// The stance matrix (`--actors` with many actors): a cluster titled with
/// the keys to symbols and columns, holding its blocks of rows side by side,
/// each an HTML-like table.
fn matrix_stmt(m: &super::matrix::StanceMatrix) -> Stmt {
    let mut heading = vec![m.title(), m.key()];
    heading.extend(m.columns().chunks(6).map(|c| c.join("  ")));
    let mut cstmts = vec![
        Stmt::Attribute(attr("label", label(&heading.join("\n")))),
        Stmt::Attribute(attr_q("style", "rounded")),
        Stmt::Attribute(attr_q("color", style::CLUSTER_BORDER)),
        Stmt::Attribute(attr_q("fontcolor", style::INK)),
        Stmt::Attribute(attr_n("fontsize", 11.0)),
    ];
    let mut row = vec![Stmt::Attribute(attr("rank", plain("same")))];
    let name = |i: usize| Vertex::N(NodeId(quote(&format!("matrix:{i}")), None));
    for (i, rows) in m.blocks().into_iter().enumerate() {
        let attrs = vec![
            attr("shape", plain("plain")),
            attr_q("class", "stance-matrix"),
            attr("label", matrix_block(m, rows).finish(10.0)),
        ];
        row.push(Stmt::Node(Node::new(NodeId(quote(&format!("matrix:{i}")), None), attrs)));
        // Blocks in order, left to right.
        if i > 0 {
            row.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(name(i - 1), name(i)),
                attributes: vec![attr("style", plain("invis"))],
            }));
        }
    }
    cstmts.push(Stmt::Subgraph(Subgraph { id: plain("matrix_row"), stmts: row }));
    Stmt::Subgraph(Subgraph { id: plain("cluster_matrix"), stmts: cstmts })
}

fn node_id(name: &str) -> NodeId {
    NodeId(quote(name), None)
}

fn invisible_edge(from: &str, to: &str) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
        attributes: vec![attr("style", plain("invis"))],
    })
}

/// Entries in a row of the legend, at most (more wrap to another row).
const LEGEND_ROW: usize = 3;

/// The legend as a cluster: one row (a rank) per section, its title first,
/// then its entries; rows stacked by invisible edges. Lines are drawn as
/// real edges of their style, from an invisible point to the entry's text;
/// fills and shapes as small nodes holding their text.
fn legend_cluster(key: &legend::Key) -> Stmt {
    let mut stmts = vec![
        Stmt::Attribute(attr("label", label(legend::TITLE))),
        Stmt::Attribute(attr_q("style", "rounded")),
        Stmt::Attribute(attr_q("color", style::CLUSTER_BORDER)),
        Stmt::Attribute(attr_q("fontcolor", style::MUTED)),
        Stmt::Attribute(attr_n("fontsize", 11.0)),
    ];
    let small = |attrs: &mut Vec<Attribute>, text: &str| {
        attrs.push(attr_n("fontsize", legend::ENTRY_SIZE));
        attrs.push(attr_q("class", "legend"));
        attrs.push(attr("label", label(text)));
    };
    let mut prev_title: Option<String> = None;
    for (s, sec) in key.sections.iter().enumerate() {
        let title = format!("legend:{s}");
        let mut row = vec![Stmt::Attribute(attr("rank", plain("same")))];
        let mut attrs = vec![attr("shape", plain("plaintext")), attr_q("fontcolor", style::MUTED)];
        small(&mut attrs, &sec.title);
        row.push(Stmt::Node(Node::new(node_id(&title), attrs)));
        let mut last = title.clone();
        let mut row_first = title.clone();
        for (e, en) in sec.entries.iter().enumerate() {
            let name = format!("legend:{s}:{e}");
            if e > 0 && e % LEGEND_ROW == 0 {
                // Wrap: a new row under the first entry of the one before.
                let rows = e / LEGEND_ROW;
                stmts.push(Stmt::Subgraph(Subgraph {
                    id: plain(&format!("legend_row_{s}_{}", rows - 1)),
                    stmts: std::mem::replace(&mut row, vec![Stmt::Attribute(attr("rank", plain("same")))]),
                }));
                stmts.push(invisible_edge(&row_first, &name));
                row_first = name.clone();
                last = String::new();
            }
            let first = match en.swatch {
                legend::Swatch::Line(st) => {
                    let tail = format!("{name}:from");
                    row.push(Stmt::Node(Node::new(
                        node_id(&tail),
                        vec![attr("shape", plain("point")), attr_n("width", 0.01), attr_q("style", "invis")],
                    )));
                    let mut attrs = vec![attr("shape", plain("plaintext")), attr_q("margin", "0.1,0.02")];
                    small(&mut attrs, &en.text);
                    row.push(Stmt::Node(Node::new(node_id(&name), attrs)));
                    let mut eattrs = line_attrs(&st);
                    eattrs.push(attr_q("class", "legend"));
                    row.push(Stmt::Edge(Edge {
                        ty: EdgeTy::Pair(Vertex::N(node_id(&tail)), Vertex::N(node_id(&name))),
                        attributes: eattrs,
                    }));
                    tail
                }
                legend::Swatch::Fill { fill, outline } => {
                    let mut styles = vec!["filled"];
                    let mut attrs = vec![attr("shape", plain("box"))];
                    outline_attrs(&outline, &mut styles, &mut attrs);
                    attrs.push(attr_q("style", &styles.join(",")));
                    attrs.push(attr_q("fillcolor", fill));
                    attrs.push(attr_q("margin", "0.12,0.05"));
                    small(&mut attrs, &en.text);
                    row.push(Stmt::Node(Node::new(node_id(&name), attrs)));
                    name.clone()
                }
                legend::Swatch::Shape(sh) => {
                    let mut attrs = vec![attr("shape", plain(sh.dot_name()))];
                    match sh {
                        Shape::Point => {
                            attrs.push(attr_n("width", 0.09));
                            attrs.push(attr_q("color", style::SUPPORTS));
                            attrs.push(attr_q("fillcolor", style::SUPPORTS));
                            attrs.push(attr_q("class", "legend"));
                            row.push(Stmt::Node(Node::new(node_id(&name), attrs)));
                            let text = format!("{name}:text");
                            let mut tattrs = vec![attr("shape", plain("plaintext")), attr_q("margin", "0.1,0.02")];
                            small(&mut tattrs, &en.text);
                            row.push(Stmt::Node(Node::new(node_id(&text), tattrs)));
                            row.push(invisible_edge(&name, &text));
                            if !last.is_empty() {
                                row.push(invisible_edge(&last, &name));
                            }
                            last = text;
                            continue;
                        }
                        Shape::Rounded => {
                            attrs.push(attr_q("style", "filled,rounded"));
                            attrs.push(attr_q("color", style::ACTOR_FILL));
                            attrs.push(attr_q("fillcolor", style::ACTOR_FILL));
                            attrs.push(attr_q("fontcolor", "#FFFFFF"));
                        }
                        _ => {
                            attrs.push(attr_q("color", style::CLAIM_BORDER));
                        }
                    }
                    attrs.push(attr_q("margin", shape_margin(sh)));
                    small(&mut attrs, &en.text);
                    row.push(Stmt::Node(Node::new(node_id(&name), attrs)));
                    name.clone()
                }
            };
            if !last.is_empty() {
                row.push(invisible_edge(&last, &first));
            }
            last = name;
        }
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("legend_row_{s}")), stmts: row }));
        if let Some(p) = &prev_title {
            stmts.push(invisible_edge(p, &title));
        }
        prev_title = Some(row_first);
    }
    Stmt::Subgraph(Subgraph { id: plain("cluster_legend"), stmts })
}

/// The margin (inches, horizontal then vertical) around the label of a
/// shape, so that text stays inside it: the slanted sides of a hexagon and
/// the point of a `cds` need more room across, and an ellipse's text box
/// touches it only at its corners.
pub fn shape_margin(sh: Shape) -> &'static str {
    match sh {
        Shape::Hexagon => "0.3,0.12",
        Shape::Arrow => "0.4,0.16",
        Shape::Ellipse => "0.12,0.08",
        Shape::Rect | Shape::Rounded => "0.2,0.1",
        Shape::Point => "0",
    }
}

/// The nodes' names, quoted: each is written once as a node and again at
/// the ends of its edges.
fn quoted_names(scene: &Scene) -> Vec<Id> {
    scene.nodes.iter().map(|n| quote(&n.name)).collect()
}

/// The statements of the drawing itself, in parts: nodes outside clusters,
/// the clusters with their nodes, the rows' ranks, the edges, the legend's
/// place below. [`Body::parts`] lists them; each part's statements are made
/// on their own ([`Body::stmts`]), so that parts can be printed on several
/// threads and the drawing never holds all its statements at once.
struct Body<'a> {
    scene: &'a Scene,
    /// [`quoted_names`].
    names: &'a [Id],
    /// Each cluster's nodes.
    members: Vec<Vec<u32>>,
    many: bool,
    merged: Vec<Draw>,
    rows: Option<Rows>,
}

/// A part of a [`Body`].
#[derive(Clone)]
enum Part {
    /// The nodes in this range of the scene's that are in no cluster.
    Nodes(std::ops::Range<usize>),
    Cluster(usize),
    Ranks,
    /// The edges in this range.
    Edges(std::ops::Range<usize>),
    Below,
}

/// Nodes or edges in one part.
const PER_PART: usize = 2048;

impl<'a> Body<'a> {
    fn new(scene: &'a Scene, names: &'a [Id]) -> Self {
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); scene.clusters.len()];
        for (i, n) in scene.nodes.iter().enumerate() {
            if let Some(c) = n.cluster {
                members[c as usize].push(i as u32);
            }
        }
        let many = many_tension_labels(scene);
        // Labelled connectors between one pair of nodes are drawn as one, so
        // that their labels cannot overlap (unlabelled ones, as the HTML
        // report draws them, are kept apart: it finds each by its ends).
        let labelled = scene.edges.iter().any(|e| matches!(e.role, EdgeRole::Tension(_)) && e.label.is_some());
        let merged = if labelled { merge_tensions(scene, many) } else { Vec::new() };
        let rows = rows(scene, &merged);
        Body { scene, names, members, many, merged, rows }
    }

    fn parts(&self) -> Vec<Part> {
        let ranges = |n: usize| (0..n).step_by(PER_PART).map(move |s| s..(s + PER_PART).min(n));
        let mut parts: Vec<Part> = ranges(self.scene.nodes.len()).map(Part::Nodes).collect();
        parts.extend((0..self.scene.clusters.len()).map(Part::Cluster));
        parts.push(Part::Ranks);
        parts.extend(ranges(self.scene.edges.len()).map(Part::Edges));
        parts.push(Part::Below);
        parts
    }

    /// The statements of one part; `lines` keeps the edge styles' attributes.
    fn stmts(&self, part: &Part, lines: &mut LineAttrs) -> Vec<Stmt> {
        let (scene, names) = (self.scene, self.names);
        match part {
            Part::Nodes(range) => range
                .clone()
                .filter(|&v| scene.nodes[v].cluster.is_none())
                .map(|v| node_stmt(&scene.nodes[v], &names[v]))
                .collect(),
            &Part::Cluster(i) => {
                let mut cstmts = vec![
                    Stmt::Attribute(attr("label", label(&scene.clusters[i].label))),
                    Stmt::Attribute(attr_q("style", "rounded,filled")),
                    Stmt::Attribute(attr_q("color", style::CLUSTER_BORDER)),
                    Stmt::Attribute(attr_q("fillcolor", style::CLUSTER_FILL)),
                    Stmt::Attribute(attr_q("fontcolor", style::MUTED)),
                    Stmt::Attribute(attr_n("fontsize", 11.0)),
                ];
                cstmts.extend(self.members[i].iter().map(|&v| node_stmt(&scene.nodes[v as usize], &names[v as usize])));
                vec![Stmt::Subgraph(Subgraph { id: plain(&format!("cluster_{i}")), stmts: cstmts })]
            }
            Part::Ranks => self.rows.as_ref().map_or_else(Vec::new, |r| rank_stmts(scene, r)),
            Part::Edges(range) => {
                let up = |i: usize| self.rows.as_ref().is_some_and(|r| r.up[i]);
                let mut stmts = Vec::with_capacity(range.len());
                for i in range.clone() {
                    let e = &scene.edges[i];
                    match self.merged.get(i) {
                        None | Some(Draw::Own) => stmts.push(edge_stmt(e, scene, names, lines, self.many, up(i))),
                        Some(Draw::Skip) => {}
                        Some(Draw::Merged(level, tip)) => {
                            let e = super::SceneEdge {
                                style: style::tension_edge(*level),
                                label: tip.clone(),
                                ..e.clone()
                            };
                            stmts.push(edge_stmt(&e, scene, names, lines, self.many, up(i)));
                        }
                    }
                }
                stmts
            }
            Part::Below => match &self.rows {
                Some(r) => legend_under_rows(scene, r),
                None => legend_below(scene).collect(),
            },
        }
    }
}

/// The rows of a drawing whose widest ranks are wrapped
/// ([`super::layout::rows`]): each node's row and the relations that point
/// up (they close a cycle, and are drawn without constraining the ranks).
struct Rows {
    row: Vec<u32>,
    up: Vec<bool>,
}

/// The width/height ratio that wide ranks are wrapped towards: a screen's 16:10.
pub const ASPECT: f32 = 1.6;

/// Points in an inch: Graphviz's sizes and margins are in inches.
const PT: f32 = 72.0;

/// Room between nodes in a rank, and between ranks (inches).
const NODESEP: f32 = 0.35;
const RANKSEP: f32 = 0.55;

/// A node's size as Graphviz draws it, estimated in points: its label's
/// lines, its shape's margins, and the room a shape takes around its label
/// (an ellipse √2 times the label's box, a hexagon 1/cos 30° times).
fn estimated_size(n: &SceneNode) -> (f32, f32) {
    if n.shape == Shape::Point {
        return (0.09 * PT, 0.09 * PT);
    }
    let lines = n
        .mark
        .iter()
        .map(|m| (m.as_str(), style::MARK_SIZE))
        .chain(n.lines.iter().map(|l| (l.as_str(), style::TEXT_SIZE)))
        .chain(n.footer.iter().map(|f| (f.as_str(), style::ID_SIZE)));
    let (w, h) = lines.fold((0f32, 0f32), |(w, h), (l, size)| (w.max(em_width(l) * size), h + size * 1.2));
    let (mx, my) = shape_margin(n.shape)
        .split_once(',')
        .map_or((0.0, 0.0), |(x, y)| (x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0)));
    let (w, h) = (w + 2.0 * mx * PT, h + 2.0 * my * PT);
    let (w, h) = match n.shape {
        Shape::Ellipse => (w * std::f32::consts::SQRT_2, h * std::f32::consts::SQRT_2),
        Shape::Hexagon => (w / 0.866, h / 0.866),
        _ => (w, h),
    };
    let extra = if n.outline.peripheries > 1 { 8.0 } else { 0.0 };
    (w.max(0.75 * PT) + extra, h.max(0.5 * PT) + extra)
}

/// The size of what lies above and below the ranks, estimated in points:
/// the heading, and the legend's rows (at most [`LEGEND_ROW`] entries each).
fn estimated_frame(scene: &Scene) -> (f32, f32) {
    let heading = scene.heading();
    let mut w = heading.iter().map(|l| em_width(l) * style::TITLE_SIZE).fold(0f32, f32::max);
    let mut h = heading.len() as f32 * style::TITLE_SIZE * 1.3;
    if let Some(key) = legend::of(scene) {
        for sec in &key.sections {
            let title = em_width(&sec.title) * legend::ENTRY_SIZE + 0.35 * PT;
            for row in sec.entries.chunks(LEGEND_ROW) {
                let entries: f32 = row
                    .iter()
                    .map(|e| {
                        let swatch = if matches!(e.swatch, legend::Swatch::Line(_)) { 0.9 * PT } else { 0.0 };
                        em_width(&e.text) * legend::ENTRY_SIZE + 0.6 * PT + swatch
                    })
                    .sum();
                w = w.max(title + entries);
                h += 0.45 * PT + RANKSEP * PT;
            }
        }
    }
    (w, h)
}

/// Graphviz places a rank's nodes in line with their neighbours rather than
/// packed side by side: with its own ranks, its drawings of maps/ are 1.1 to
/// 1.7 times as wide as their widest rank packed (1.45 on the whole; with
/// clusters 1.6 to 2.0), and about twice as wide once wide ranks are wrapped.
const SPREAD: f32 = 1.45;
const SPREAD_CLUSTERED: f32 = 1.65;
const SPREAD_WRAPPED: f32 = 2.0;

/// The rows of the drawing when some of its ranks are too wide for a page
/// or a screen (`None` when none is): [`super::layout::rows`] of the nodes'
/// estimated sizes, spread as [`SPREAD`] says, wrapped towards [`ASPECT`].
/// Edges drawn as another one (`merged`) do not count.
fn rows(scene: &Scene, merged: &[Draw]) -> Option<Rows> {
    use super::layout::{LEdge, LNode, Spacing};
    let spread = if scene.clusters.is_empty() { SPREAD } else { SPREAD_CLUSTERED };
    let nodes: Vec<LNode> = scene
        .nodes
        .iter()
        .map(|n| {
            let (w, h) = estimated_size(n);
            LNode { w, h, band: n.cluster }
        })
        .collect();
    let edges: Vec<LEdge> = scene
        .edges
        .iter()
        .enumerate()
        .filter(|&(i, _)| !matches!(merged.get(i), Some(Draw::Skip)))
        .map(|(_, e)| LEdge { from: e.from as usize, to: e.to as usize, constraint: e.constraint })
        .collect();
    let sp = Spacing { node: NODESEP * PT, rank: RANKSEP * PT, aspect: ASPECT, ..Spacing::default() };
    let row = super::layout::rows(&nodes, &edges, sp, estimated_frame(scene), (spread, SPREAD_WRAPPED))?;
    let up = scene
        .edges
        .iter()
        .map(|e| e.constraint && e.from != e.to && row[e.from as usize] > row[e.to as usize])
        .collect();
    Some(Rows { row, up })
}

/// The rows as ranks: a `rank=same` group per row of several nodes, and an
/// invisible edge (of no weight) from a node of each row to a node of the
/// next where no relation joins them, so that the rows are stacked in order.
fn rank_stmts(scene: &Scene, rows: &Rows) -> Vec<Stmt> {
    let count = rows.row.iter().max().map_or(0, |&r| r as usize + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (v, &r) in rows.row.iter().enumerate() {
        members[r as usize].push(v);
    }
    let mut joined = vec![false; count];
    for (e, up) in scene.edges.iter().zip(&rows.up) {
        let (a, b) = (rows.row[e.from as usize], rows.row[e.to as usize]);
        if e.constraint && !up && b == a + 1 {
            joined[a as usize] = true;
        }
    }
    let name = |v: usize| Vertex::N(node_id(&scene.nodes[v].name));
    let mut stmts = Vec::with_capacity(2 * count);
    for (r, m) in members.iter().enumerate() {
        if m.len() > 1 {
            let mut group = vec![Stmt::Attribute(attr("rank", plain("same")))];
            group.extend(m.iter().map(|&v| Stmt::Node(Node::new(node_id(&scene.nodes[v].name), Vec::new()))));
            stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("row_{r}")), stmts: group }));
        }
        if r + 1 < count && !joined[r] {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(name(m[0]), name(members[r + 1][0])),
                attributes: vec![attr("style", plain("invis")), attr_n("weight", 0.0)],
            }));
        }
    }
    stmts
}

/// With rows, the legend lies under the last one: one invisible edge to it.
fn legend_under_rows(scene: &Scene, rows: &Rows) -> Vec<Stmt> {
    let last = rows.row.iter().enumerate().max_by_key(|&(v, &r)| (r, std::cmp::Reverse(v)));
    match last {
        Some((v, _)) if legend::of(scene).is_some() => vec![Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&scene.nodes[v].name)), Vertex::N(node_id("legend:0"))),
            attributes: vec![attr("style", plain("invis")), attr_n("weight", 0.0)],
        })],
        _ => Vec::new(),
    }
}

/// How an edge is drawn when tension connectors are merged.
#[derive(Clone)]
enum Draw {
    /// As it is.
    Own,
    /// Not at all: an earlier connector between the same two nodes draws it.
    Skip,
    /// At this level, with this label (or tooltip).
    Merged(Level, Option<String>),
}

/// The tension connectors between each pair of nodes merged into the first:
/// its label has a line per tension, or with [many](MAX_LAYOUT_TENSION_LABELS)
/// labels the tooltip names them.
fn merge_tensions(scene: &Scene, many: bool) -> Vec<Draw> {
    use std::collections::HashMap;
    let mut plan = vec![Draw::Own; scene.edges.len()];
    let mut first: HashMap<(u32, u32), usize> = HashMap::new();
    // (the edge that draws them, most severe level, labels)
    let mut groups: Vec<(usize, Level, Vec<&str>)> = Vec::new();
    for (i, e) in scene.edges.iter().enumerate() {
        let EdgeRole::Tension(l) = e.role else { continue };
        let key = (e.from.min(e.to), e.from.max(e.to));
        match first.get(&key) {
            Some(&g) => {
                groups[g].1 = groups[g].1.min(l);
                groups[g].2.extend(e.label.as_deref());
                plan[i] = Draw::Skip;
            }
            None => {
                first.insert(key, groups.len());
                groups.push((i, l, e.label.as_deref().into_iter().collect()));
            }
        }
    }
    for (rep, level, labels) in groups {
        let tip = match labels.len() {
            0 => None,
            1 => Some(labels[0].to_string()),
            k if many => Some(format!("{k} tensions: {}", labels.join("; "))),
            _ => Some(labels.join("\n")),
        };
        plan[rep] = Draw::Merged(level, tip);
    }
    plan
}

/// Invisible edges to the legend's first row from each node that may end up
/// lowest, so that the legend lies under the whole drawing (with no weight:
/// they do not pull nodes sideways): the nodes with no edge down, and on a
/// cycle of relations the node that closes it (as a depth-first search
/// meets it; `dot` turns a cycle's edge round too).
fn legend_below(scene: &Scene) -> impl Iterator<Item = Stmt> + '_ {
    let n = if legend::of(scene).is_some() { scene.nodes.len() } else { 0 };
    let ends: Vec<(usize, usize)> = match n {
        0 => Vec::new(),
        _ => scene.edges.iter().filter(|e| e.constraint).map(|e| (e.from as usize, e.to as usize)).collect(),
    };
    let mut lowest = vec![true; n];
    for &(a, _) in &ends {
        lowest[a] = false;
    }
    for (&(a, _), back) in ends.iter().zip(super::layout::back_edges(n, &ends)) {
        lowest[a] |= back;
    }
    lowest.into_iter().enumerate().filter(|&(_, l)| l).map(move |(i, _)| {
        Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&scene.nodes[i].name)), Vertex::N(node_id("legend:0"))),
            attributes: vec![attr("style", plain("invis")), attr_n("weight", 0.0)],
        })
    })
}

/// The scene as a typed DOT graph.
pub fn to_graph(scene: &Scene) -> Graph {
    let mut stmts = head_stmts(scene);
    let names = quoted_names(scene);
    let body = Body::new(scene, &names);
    let mut lines = LineAttrs::default();
    for part in body.parts() {
        stmts.extend(body.stmts(&part, &mut lines));
    }
    Graph::DiGraph { id: plain("elenchus"), strict: false, stmts }
}

/// The scene as DOT text: exactly `to_graph(scene)` as graphviz-rust's
/// printer prints it, plus a final newline ([`print`] writes it). The parts
/// of the drawing are made and printed a few at a time, on every core for a
/// large drawing, and put in order in one buffer: a map of 100,000 claims
/// never holds all its statements (nor several copies of the text) at once.
pub fn to_dot(scene: &Scene) -> String {
    let threads = if scene.nodes.len() + scene.edges.len() < MIN_ITEMS_FOR_THREADS { 1 } else { crate::par::threads() };
    to_dot_on(scene, threads)
}

/// [`to_dot`] on `threads` threads.
fn to_dot_on(scene: &Scene, threads: usize) -> String {
    let mut out = String::with_capacity(4096 + scene.nodes.len() * 300 + scene.edges.len() * 120);
    out.push_str("digraph elenchus {\n");
    // The opening statements are never empty, so the printer's "\n}" after
    // the last statement is the last statement's line break and the "}".
    let print = |out: &mut String, stmts: &[Stmt]| {
        for stmt in stmts {
            print::stmt(out, stmt, print::At::BODY);
            out.push('\n');
        }
    };
    print(&mut out, &head_stmts(scene));
    let names = quoted_names(scene);
    let body = Body::new(scene, &names);
    let parts = body.parts();
    for window in parts.chunks(4 * threads) {
        let texts = crate::par::map_ordered(window, threads, LineAttrs::default, |lines, part| {
            let mut text = String::new();
            print(&mut text, &body.stmts(part, lines));
            text
        });
        for text in texts {
            out.push_str(&text);
        }
    }
    out.push_str("}\n");
    out
}

/// Nodes and edges from which a drawing's DOT is written on several threads.
const MIN_ITEMS_FOR_THREADS: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;
    use graphviz_rust::printer::{DotPrinter, PrinterContext};

    #[test]
    fn numbers_as_formatted_and_trimmed() {
        let reference = |x: f32| {
            let s = format!("{x:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        let mut xs: Vec<f32> = (0..200_000).map(|k| k as f32 / 1000.0).collect();
        xs.extend((0..100_000).map(|k| k as f32 / 8.0 + 0.005));
        xs.extend((0..2_000_000u32).map(|k| f32::from_bits(k.wrapping_mul(2_654_435_761))));
        xs.extend([
            -0.0,
            -0.004,
            -1.5,
            1e9,
            1e12,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN_POSITIVE,
        ]);
        for x in xs {
            assert_eq!(num(x), reference(x), "{x:e}");
        }
    }

    /// [`push_bounded`] as it was, one character at a time: the reference.
    fn push_bounded_by_char(out: &mut String, s: &str, end: usize, esc: impl Fn(&mut String, char)) -> bool {
        for c in visible(s).chars() {
            let before = out.len();
            esc(out, c);
            if out.len() > end {
                out.truncate(before);
                out.push(crate::render::text::ELLIPSIS);
                return true;
            }
        }
        false
    }

    #[test]
    fn plain_runs_pushed_whole_as_by_character() {
        let esc = |out: &mut String, c: char| match c {
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<BR/>"),
            c if is_invisible_format(c) => push_ref(out, c),
            c => out.push(c),
        };
        let texts = ["", "plain text", "a \"q\" & <b>\\", "line\nbreak\ttab", "\u{202E}rtl é 😀", "bell\u{7}x", "&&&&"];
        for t in texts {
            for prefix in ["", "ab"] {
                for end in 0..40 {
                    let (mut a, mut b) = (prefix.to_string(), prefix.to_string());
                    let cut = push_bounded(&mut a, t, end, esc);
                    assert_eq!((cut, &a), (push_bounded_by_char(&mut b, t, end, esc), &b), "{t:?} {end}");
                }
            }
        }
    }

    #[test]
    fn quoting_round_trips() {
        for s in ["plain", "a \"q\" \\ b", "<&>", "line\nbreak", "\u{202E}rtl", "ខ្មែរ 😀", "&amp;"] {
            let Id::Escaped(q) = quote(s) else { panic!() };
            assert_eq!(unquote(&q), s, "{q}");
        }
        let Id::Escaped(q) = quote("bell\u{7}") else { panic!() };
        assert_eq!(unquote(&q), "bell\u{2407}");
    }

    #[test]
    fn strings_stay_within_graphvizs_limit() {
        for s in ["&".repeat(100_000), "\u{200B}".repeat(100_000), "\"".repeat(100_000), "é".repeat(100_000)] {
            let Id::Escaped(q) = quote(&s) else { panic!() };
            assert!(q.len() <= MAX_STRING + 2 && q.ends_with("\u{2026}\""), "{}", q.len());
            let mut h = Html::default();
            h.text(&s).tag("<BR/>").text(&s);
            let Id::Html(l) = h.finish(12.0) else { panic!() };
            assert!(l.len() <= MAX_STRING && l.ends_with("\u{2026}<BR/></FONT>>"), "{}", l.len());
        }
    }

    /// A drawing of many parts (claims in and out of clusters, relations of
    /// each kind, stances, tensions) printed on one thread and on three is
    /// graphviz-rust's printing of the whole graph.
    #[test]
    fn parts_on_threads_are_the_printed_graph() {
        use std::fmt::Write as _;
        let n = 3 * PER_PART + 100;
        let mut claims = String::new();
        let mut relations = String::new();
        for i in 0..n {
            let tags = if i % 3 == 0 { format!(r#", "tags": ["t{}"]"#, i % 7) } else { String::new() };
            let _ = write!(
                claims,
                r#"{}"c{i}": {{"text": "Claim {i} \"quoted\" & <b>é</b>"{tags}}}"#,
                if i > 0 { ", " } else { "" }
            );
            let kind = ["supports", "attacks", "contradicts", "implies"][i % 4];
            let _ = write!(
                relations,
                r#"{}{{"from": "c{i}", "to": "c{}", "type": "{kind}"}}"#,
                if i > 0 { ", " } else { "" },
                (i * 7 + 1) % n
            );
        }
        let stances: Vec<String> = (0..n)
            .step_by(5)
            .map(|i| format!(r#"{{"actor": "a", "claim": "c{i}", "position": "{}"}}"#, ["affirms", "denies"][i % 2]))
            .collect();
        let text = format!(
            r#"{{"claims": {{{claims}}}, "relations": [{relations}], "actors": {{"a": {{"name": "A"}}}}, "stances": [{}]}}"#,
            stances.join(", ")
        );
        let map = crate::load::load_str("many.json", text, crate::source::Format::Json).into_map().unwrap();
        let graph = crate::ClaimGraph::build(&map);
        let tensions = crate::render::tensions(&graph);
        for group_by in [None, Some(crate::render::GroupBy::Tag)] {
            let opts = crate::render::Options { group_by, ..crate::render::Options::default() };
            let scene = Scene::build(&graph, &opts, &tensions).unwrap();
            assert!(scene.nodes.len() > 3 * PER_PART && !scene.edges.is_empty());
            let printed = to_graph(&scene).print(&mut PrinterContext::default()) + "\n";
            assert_eq!(to_dot_on(&scene, 1), printed);
            assert_eq!(to_dot_on(&scene, 3), printed);
        }
    }

    #[test]
    fn streamed_text_is_the_printed_graph() {
        let scene = Scene {
            title: Some("T".into()),
            legend: Some(super::super::Legend {
                title: "L".into(),
                items: vec![super::super::LegendItem { text: "x".into(), fill: "#FFFFFF", outline: Outline::PLAIN }],
            }),
            clusters: vec![super::super::Cluster { label: "c".into() }],
            ..Scene::default()
        };
        let printed = to_graph(&scene).print(&mut PrinterContext::default()) + "\n";
        assert_eq!(to_dot(&scene), printed);
    }
}
