//! The visual language: shapes, line styles, arrowheads and colours, shared
//! by the DOT writer and the builtin SVG engine. `docs/rendering.md`
//! describes it; keep the two in step.
//!
//! Every distinction is carried by something other than colour (shape, line
//! style, line weight, arrowhead, symbol, border), so a map reads in
//! greyscale and for colour-blind readers; the colours (from the Okabe-Ito
//! and Tol palettes) add to it.

use crate::diag::Level;
use crate::model::{Position, RelationKind};
use crate::semantics::Label;

/// The shape of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A principle: a hexagon.
    Hexagon,
    /// A fact: a plain rectangle.
    Rect,
    /// A proposal: a box with an arrow point on the right (Graphviz `cds`).
    Arrow,
    /// Any other kind of claim: an ellipse.
    Ellipse,
    /// An actor: a rounded box, filled dark.
    Rounded,
    /// The point where an undercut meets the relation it defeats.
    Point,
}

impl Shape {
    /// The Graphviz shape name.
    pub fn dot_name(self) -> &'static str {
        match self {
            Shape::Hexagon => "hexagon",
            Shape::Rect => "box",
            Shape::Arrow => "cds",
            Shape::Ellipse => "ellipse",
            Shape::Rounded => "box",
            Shape::Point => "point",
        }
    }
}

/// The shape of a claim of a kind (`kind` as written in the map; case and
/// surrounding spaces do not matter).
pub fn claim_shape(kind: Option<&str>) -> Shape {
    match kind.map(|k| k.trim().to_ascii_lowercase()).as_deref() {
        Some("principle") => Shape::Hexagon,
        Some("fact") => Shape::Rect,
        Some("proposal") => Shape::Arrow,
        _ => Shape::Ellipse,
    }
}

/// Whether a kind has a shape of its own (else the node shows the kind under its id).
pub fn is_shaped_kind(kind: &str) -> bool {
    claim_shape(Some(kind)) != Shape::Ellipse
}

/// A line style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    Solid,
    Dashed,
    Dotted,
}

impl Line {
    /// SVG `stroke-dasharray` for a line of width `w`.
    pub fn dasharray(self, w: f32) -> Option<String> {
        match self {
            Line::Solid => None,
            Line::Dashed => Some(format!("{:.1},{:.1}", 6.0 + 2.0 * w, 4.0 + w)),
            Line::Dotted => Some(format!("{:.1},{:.1}", w.max(1.0), 2.5 + w)),
        }
    }
}

/// An arrowhead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    None,
    /// A filled triangle.
    Normal,
    /// A bar across the line.
    Tee,
    /// A filled circle.
    Dot,
    /// An open circle.
    ODot,
}

impl Arrow {
    pub fn dot_name(self) -> &'static str {
        match self {
            Arrow::None => "none",
            Arrow::Normal => "normal",
            Arrow::Tee => "tee",
            Arrow::Dot => "dot",
            Arrow::ODot => "odot",
        }
    }
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeStyle {
    pub color: &'static str,
    pub line: Line,
    /// Line width in points.
    pub width: f32,
    /// Whether the DOT style says `bold` (contradicts).
    pub bold: bool,
    pub head: Arrow,
    pub tail: Arrow,
    /// Arrowhead scale (Graphviz `arrowsize`).
    pub arrow_size: f32,
    /// Drawn as two parallel lines (tension connectors).
    pub double: bool,
}

pub const SUPPORTS: &str = "#0072B2";
pub const ATTACKS: &str = "#D55E00";
pub const CONTRADICTS: &str = "#882255";
pub const IMPLIES: &str = "#117733";
pub const UNDERCUTS: &str = "#AA4499";
pub const STANCE_EDGE: &str = "#555555";
pub const INK: &str = "#1A1A1A";
pub const MUTED: &str = "#5A5A5A";
pub const CLAIM_BORDER: &str = "#333333";
pub const CLUSTER_BORDER: &str = "#9A9A9A";
pub const CLUSTER_FILL: &str = "#F6F6F2";
pub const ACTOR_FILL: &str = "#3A3A3A";

/// The style of a relation.
pub fn relation(kind: RelationKind) -> EdgeStyle {
    let base = EdgeStyle {
        color: SUPPORTS,
        line: Line::Solid,
        width: 1.3,
        bold: false,
        head: Arrow::Normal,
        tail: Arrow::None,
        arrow_size: 0.9,
        double: false,
    };
    match kind {
        RelationKind::Supports => base,
        RelationKind::Attacks => EdgeStyle { color: ATTACKS, line: Line::Dashed, head: Arrow::Tee, ..base },
        RelationKind::Contradicts => {
            EdgeStyle { color: CONTRADICTS, width: 2.6, bold: true, tail: Arrow::Normal, arrow_size: 0.8, ..base }
        }
        RelationKind::Implies => EdgeStyle { color: IMPLIES, width: 2.4, arrow_size: 1.4, ..base },
        RelationKind::Undercuts => {
            EdgeStyle { color: UNDERCUTS, line: Line::Dotted, width: 1.8, head: Arrow::Tee, ..base }
        }
    }
}

/// The style of an actor's stance edge (`--actors`).
pub fn stance_edge(p: Position) -> EdgeStyle {
    EdgeStyle {
        color: STANCE_EDGE,
        line: Line::Solid,
        width: 1.0,
        bold: false,
        head: match p {
            Position::Affirms => Arrow::Dot,
            Position::Denies => Arrow::Tee,
            Position::Abstains => Arrow::ODot,
        },
        tail: Arrow::None,
        arrow_size: 0.8,
        double: false,
    }
}

/// The symbol of a stance, shown on the claim (`--actor`) and on stance edges.
pub fn stance_symbol(p: Position) -> &'static str {
    match p {
        Position::Affirms => "\u{2714}",
        Position::Denies => "\u{2718}",
        Position::Abstains => "\u{25CB}",
    }
}

/// The fill of a claim marked with a stance (`--actor`).
pub fn stance_fill(p: Position) -> &'static str {
    match p {
        Position::Affirms => "#D4E6F4",
        Position::Denies => "#F8D5C0",
        Position::Abstains => "#E4E4E4",
    }
}

/// The fill of a claim by its label (`--status`): lightest for in, a middle
/// tone for undecided, darkest for out, so that the three stay apart in
/// greyscale (luminance about 234, 198 and 150), and the mark above the text
/// names the label in words.
pub fn status_fill(l: Label) -> &'static str {
    match l {
        Label::In => "#E3F1DC",
        Label::Undecided => "#E6C767",
        Label::Out => "#AA8E8E",
    }
}

/// The symbol before a claim's label (`--status`).
pub fn status_symbol(l: Label) -> &'static str {
    match l {
        Label::In => "\u{25CF}",
        Label::Undecided => "\u{25D0}",
        Label::Out => "\u{25CB}",
    }
}

/// A claim's label in a word, as marked above its text.
pub fn status_word(l: Label) -> &'static str {
    match l {
        Label::In => "in",
        Label::Undecided => "undecided",
        Label::Out => "out",
    }
}

/// A label as the legend explains it.
pub fn status_legend(l: Label) -> &'static str {
    match l {
        Label::In => "in: accepted",
        Label::Undecided => "undecided: on an unresolved cycle",
        Label::Out => "out: defeated",
    }
}

/// The colour of a tension level.
pub fn level_color(l: Level) -> &'static str {
    match l {
        Level::Error => "#C0182B",
        Level::Warning => "#C26A00",
        Level::Note => "#3A7CA5",
    }
}

/// The outline of a claim involved in a tension: colour, width, number of
/// outlines, dashed. Error: a double outline; warning: a heavy one; note: a
/// dashed one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outline {
    pub color: &'static str,
    pub width: f32,
    pub peripheries: u8,
    pub dashed: bool,
}

impl Outline {
    pub const PLAIN: Outline = Outline { color: CLAIM_BORDER, width: 1.0, peripheries: 1, dashed: false };
    pub fn level(l: Level) -> Outline {
        match l {
            Level::Error => Outline { color: level_color(l), width: 2.5, peripheries: 2, dashed: false },
            Level::Warning => Outline { color: level_color(l), width: 3.0, peripheries: 1, dashed: false },
            Level::Note => Outline { color: level_color(l), width: 2.2, peripheries: 1, dashed: true },
        }
    }
}

/// The connector drawn for a tension between two of its claims.
pub fn tension_edge(l: Level) -> EdgeStyle {
    EdgeStyle {
        color: level_color(l),
        line: if l == Level::Note { Line::Dashed } else { Line::Solid },
        width: 1.4,
        bold: false,
        head: Arrow::None,
        tail: Arrow::None,
        arrow_size: 0.8,
        double: true,
    }
}

/// Fonts, in points (SVG user units).
pub const FONT: &str = "Helvetica,Arial,sans-serif";
pub const TEXT_SIZE: f32 = 12.0;
pub const MARK_SIZE: f32 = 11.0;
pub const ID_SIZE: f32 = 9.0;
pub const EDGE_LABEL_SIZE: f32 = 9.5;
pub const TITLE_SIZE: f32 = 16.0;
/// Claim text is wrapped at about this many characters.
pub const WRAP: usize = 30;
