//! The legend of a drawing: what its shapes, lines, outlines, marks and
//! fills mean, computed from the [`Scene`] so that it lists exactly what the
//! drawing uses (nothing when nothing needs explaining). Engine-neutral: the
//! DOT writer ([`super::dot`]) and the builtin SVG engine ([`super::svg`])
//! both draw a [`Key`]; the builtin's placement ([`Key::place`]) is here
//! too, the drawing in `svg::legend_svg`.
//!
//! Sections, in order, each present only when the drawing uses it:
//! - **Claims**: the shapes of claim kinds (when a kind with a shape of its
//!   own is drawn), actors, and joints;
//! - **Relations**: the line of each relation type drawn;
//! - the per-option section of [`Scene::legend`] (`Stances of NAME` with
//!   `--actor`, `Status (...)` with `--status`): fills and marks;
//! - **Stances**: the stance edges of `--actors`;
//! - **Tensions**: per level drawn, the claim outline and the connector.

use super::style::{self, EdgeStyle, Outline, Shape};
use super::text::{MAX_LABEL, clip, em_width};
use super::{EdgeRole, Role, Scene};
use crate::diag::Level;
use crate::model::{Position, RelationKind};

/// What an entry shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A short line drawn as an edge of this style is.
    Line(EdgeStyle),
    /// A box filled and outlined as a claim is.
    Fill { fill: &'static str, outline: Outline },
    /// A node shape, outlined plainly.
    Shape(Shape),
}

/// One entry: a swatch and what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub swatch: Swatch,
    pub text: String,
}

/// A titled group of entries.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: String,
    pub entries: Vec<Entry>,
}

/// A drawing's legend.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub sections: Vec<Section>,
}

/// The title the legend is drawn under.
pub const TITLE: &str = "Legend";

const KINDS: [RelationKind; 5] = [
    RelationKind::Supports,
    RelationKind::Attacks,
    RelationKind::Contradicts,
    RelationKind::Implies,
    RelationKind::Undercuts,
];
const LEVELS: [Level; 3] = [Level::Error, Level::Warning, Level::Note];

fn kind_index(k: RelationKind) -> usize {
    KINDS.iter().position(|&x| x == k).unwrap_or(0)
}

fn position_index(p: Position) -> usize {
    Position::ALL.iter().position(|&x| x == p).unwrap_or(0)
}

/// What the nodes and edges of a scene use.
#[derive(Default)]
struct Used {
    /// Claim shapes: hexagon, rect, arrow, ellipse.
    shapes: [bool; 4],
    actors: bool,
    joints: bool,
    kinds: [bool; 5],
    stances: [bool; 3],
    outlines: [bool; 3],
    connectors: [bool; 3],
}

fn used(scene: &Scene) -> Used {
    let mut u = Used::default();
    for n in &scene.nodes {
        match n.role {
            Role::Claim(_) => {
                let s = match n.shape {
                    Shape::Hexagon => 0,
                    Shape::Rect => 1,
                    Shape::Arrow => 2,
                    _ => 3,
                };
                u.shapes[s] = true;
                if let Some(l) = LEVELS.iter().position(|&l| n.outline == Outline::level(l)) {
                    u.outlines[l] = true;
                }
            }
            Role::Actor(_) => u.actors = true,
            Role::Joint(_) => u.joints = true,
        }
    }
    for e in &scene.edges {
        match e.role {
            EdgeRole::Relation(_, k) => u.kinds[kind_index(k)] = true,
            EdgeRole::Stance(_, p) => u.stances[position_index(p)] = true,
            EdgeRole::Tension(l) => u.connectors[l as usize] = true,
        }
    }
    u
}

fn entry(swatch: Swatch, text: impl Into<String>) -> Entry {
    Entry { swatch, text: text.into() }
}

fn push(sections: &mut Vec<Section>, title: &str, entries: Vec<Entry>) {
    if !entries.is_empty() {
        sections.push(Section { title: title.to_string(), entries });
    }
}

/// The legend of a scene, or `None` when nothing it draws needs explaining.
pub fn of(scene: &Scene) -> Option<Key> {
    let u = used(scene);
    let mut sections = Vec::new();

    let mut claims = Vec::new();
    // Shapes explain kinds only when some kind has a shape of its own.
    if u.shapes[..3].iter().any(|&b| b) {
        let names = ["principle", "fact", "proposal", "other claim"];
        let shapes = [Shape::Hexagon, Shape::Rect, Shape::Arrow, Shape::Ellipse];
        for i in 0..4 {
            if u.shapes[i] {
                claims.push(entry(Swatch::Shape(shapes[i]), names[i]));
            }
        }
    }
    if u.actors {
        claims.push(entry(Swatch::Shape(Shape::Rounded), "actor"));
    }
    if u.joints {
        claims.push(entry(Swatch::Shape(Shape::Point), "joint: linked premises, undercut relation"));
    }
    push(&mut sections, "Claims", claims);

    let relations =
        KINDS.iter().filter(|&&k| u.kinds[kind_index(k)]).map(|&k| entry(Swatch::Line(style::relation(k)), k.as_str()));
    push(&mut sections, "Relations", relations.collect());

    if let Some(leg) = &scene.legend {
        let items = leg.items.iter().map(|it| entry(Swatch::Fill { fill: it.fill, outline: it.outline }, &it.text));
        push(&mut sections, &leg.title, items.collect());
    }

    let stances = Position::ALL
        .iter()
        .filter(|&&p| u.stances[position_index(p)])
        .map(|&p| entry(Swatch::Line(style::stance_edge(p)), format!("{} {p}", style::stance_symbol(p))));
    push(&mut sections, "Stances (actor \u{2192} claim)", stances.collect());

    let mut tensions = Vec::new();
    for (i, &l) in LEVELS.iter().enumerate() {
        let what = if l == Level::Note { "note or acknowledged".to_string() } else { l.to_string() };
        if u.outlines[i] {
            tensions
                .push(entry(Swatch::Fill { fill: "#FFFFFF", outline: Outline::level(l) }, format!("{what}: claim")));
        }
        if u.connectors[i] {
            tensions.push(entry(Swatch::Line(style::tension_edge(l)), format!("{what}: between its claims")));
        }
    }
    push(&mut sections, "Tensions", tensions);

    (!sections.is_empty()).then_some(Key { sections })
}

// The builtin engine's placement: a box of rows, one or more per section (a
// section's title, then its entries, wrapped at the width given).

/// Font size of entries and of section titles.
pub const ENTRY_SIZE: f32 = 10.0;
pub const SECTION_SIZE: f32 = 10.5;
pub const PAD: f32 = 10.0;
pub const ROW_H: f32 = 24.0;
pub const GAP: f32 = 14.0;
/// Width of a swatch.
pub const SWATCH_W: f32 = 40.0;
pub const SWATCH_H: f32 = 16.0;

/// Where each part goes, relative to the legend's top left corner.
pub struct Placed {
    /// (x, y of the row's middle, section index, entry index or `None` for the title).
    pub items: Vec<(f32, f32, usize, Option<usize>)>,
    pub w: f32,
    pub h: f32,
}

fn entry_w(e: &Entry) -> f32 {
    SWATCH_W + 6.0 + em_width(&clip(&e.text, MAX_LABEL)) * ENTRY_SIZE
}

impl Key {
    /// Where the builtin engine draws each part, rows wrapped to stay
    /// within `max_w` where they can.
    pub fn place(&self, max_w: f32) -> Placed {
        let title_w =
            self.sections.iter().map(|s| em_width(&clip(&s.title, MAX_LABEL)) * SECTION_SIZE).fold(0.0, f32::max);
        let x0 = PAD + title_w + GAP;
        let mut items = Vec::new();
        let mut y = PAD + ROW_H / 2.0 + 14.0; // below the legend's own title
        let mut w = x0;
        for (s, sec) in self.sections.iter().enumerate() {
            items.push((PAD, y, s, None));
            let mut x = x0;
            for (e, en) in sec.entries.iter().enumerate() {
                let ew = entry_w(en);
                if x > x0 && x + ew > max_w - PAD {
                    x = x0;
                    y += ROW_H;
                }
                items.push((x, y, s, Some(e)));
                x += ew + GAP;
                w = w.max(x - GAP + PAD);
            }
            y += ROW_H;
        }
        Placed { items, w, h: y - ROW_H / 2.0 + PAD }
    }
}
