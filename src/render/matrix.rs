//! The actor-by-claim stance matrix that `render --actors` draws beside the
//! map instead of one node per actor when there are many actors
//! ([`super::ACTOR_NODES_MAX`]).
//!
//! Rows are actors, columns the drawn claims they take a stance on
//! (numbered; a key names them). A cell shows the actor's current stance by
//! colour and by symbol (`✔` affirms, `✘` denies, `○` abstains); blank is no
//! stance. The rows are cut into blocks set side by side, so that the matrix
//! stays about as wide as it is high.

use std::fmt::Write as _;

use super::style;
use super::text::{clip, em_width, xml_escape};
use crate::model::Position;

/// Stances to draw as a matrix.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StanceMatrix {
    /// The actors (rows): id and name as shown.
    pub actors: Vec<(String, String)>,
    /// The claims (columns): their ids.
    pub claims: Vec<String>,
    /// The current stance of each actor on each claim, row by row.
    pub cells: Vec<Option<Position>>,
}

/// Most columns a name takes (longer names end with `…`).
const NAME_COLS: usize = 22;
/// Most rows in one block.
const MAX_ROWS: usize = 50;
/// Fewest rows in a block (unless there are fewer actors).
const MIN_ROWS: usize = 12;
/// Most bytes of one block's DOT table: Graphviz reads at most 16,384
/// bytes in one HTML string (the DOT writer stops strings at 16,000).
const DOT_BLOCK_BYTES: usize = 14_500;

const CELL_W: f32 = 18.0;
const ROW_H: f32 = 15.0;
const GAP: f32 = 16.0;
const FONT: f32 = 10.0;

impl StanceMatrix {
    /// The stance in row `a`, column `c`.
    pub fn cell(&self, a: usize, c: usize) -> Option<Position> {
        self.cells[a * self.claims.len() + c]
    }

    /// The title: `Stances of 193 actors`.
    pub fn title(&self) -> String {
        let n = self.actors.len();
        format!("Stances of {n} actor{}", if n == 1 { "" } else { "s" })
    }

    /// The key to the symbols.
    pub fn key(&self) -> String {
        Position::ALL
            .iter()
            .map(|&p| format!("{} {p}", style::stance_symbol(p)))
            .chain(std::iter::once("blank: no stance".to_string()))
            .collect::<Vec<_>>()
            .join("  ")
    }

    /// The key to the columns: `1 es-11-1`, one per claim.
    pub fn columns(&self) -> Vec<String> {
        self.claims.iter().enumerate().map(|(i, c)| format!("{} {}", i + 1, clip(c, NAME_COLS))).collect()
    }

    /// The row ranges of the blocks set side by side: about as many blocks
    /// as make the matrix as wide as it is high, each small enough for one
    /// DOT string.
    pub fn blocks(&self) -> Vec<std::ops::Range<usize>> {
        let n = self.actors.len();
        if n == 0 {
            return Vec::new();
        }
        let row_bytes = 60 + 30 * self.claims.len();
        let by_bytes = (DOT_BLOCK_BYTES / row_bytes).max(1);
        // Square: rows × ROW_H ≈ blocks × block width.
        let block_w = 130.0 + CELL_W * self.claims.len() as f32;
        let square = ((n as f32 * block_w / ROW_H).sqrt()).ceil() as usize;
        let rows = square.clamp(MIN_ROWS, MAX_ROWS).min(by_bytes).max(1);
        let count = n.div_ceil(rows);
        let rows = n.div_ceil(count);
        (0..count).map(|b| b * rows..((b + 1) * rows).min(n)).filter(|r| !r.is_empty()).collect()
    }

    /// Row `a`'s actor name as drawn (cut with `…`).
    pub fn name(&self, a: usize) -> String {
        clip(&self.actors[a].1, NAME_COLS).into_owned()
    }

    /// The matrix as an SVG group at the origin: `(markup, width, height)`.
    pub fn svg(&self) -> (String, f32, f32) {
        let blocks = self.blocks();
        let name_w = (0..self.actors.len()).map(|a| em_width(&self.name(a)) * FONT).fold(0f32, f32::max) + 8.0;
        let block_w = name_w + CELL_W * self.claims.len() as f32;
        let grid_w = blocks.len() as f32 * block_w + blocks.len().saturating_sub(1) as f32 * GAP;
        let mut out = String::new();
        let _ = writeln!(out, "<g class=\"stance-matrix\">\n<title>{}</title>", xml_escape(&self.title()));
        let mut y = 14.0;
        let mut width = grid_w;
        let line = |out: &mut String, y: f32, text: &str, size: f32, bold: bool| {
            let _ = writeln!(
                out,
                "<text x=\"0\" y=\"{y}\" font-size=\"{size}\"{} fill=\"{}\">{}</text>",
                if bold { " font-weight=\"bold\"" } else { "" },
                style::INK,
                xml_escape(text)
            );
            em_width(text) * size
        };
        width = width.max(line(&mut out, y, &self.title(), 12.0, true));
        y += 16.0;
        width = width.max(line(&mut out, y, &self.key(), FONT, false));
        // The column key, wrapped to the grid's width.
        let mut row = String::new();
        for c in self.columns() {
            let joined = if row.is_empty() { c.clone() } else { format!("{row}  {c}") };
            if !row.is_empty() && em_width(&joined) * FONT > grid_w.max(200.0) {
                y += 14.0;
                width = width.max(line(&mut out, y, &row, FONT, false));
                row = c;
            } else {
                row = joined;
            }
        }
        if !row.is_empty() {
            y += 14.0;
            width = width.max(line(&mut out, y, &row, FONT, false));
        }
        y += 8.0;
        let top = y;
        let mut bottom = top;
        for (b, rows) in blocks.iter().enumerate() {
            let x0 = b as f32 * (block_w + GAP);
            for c in 0..self.claims.len() {
                let _ = writeln!(
                    out,
                    "<text class=\"column\" text-anchor=\"middle\" x=\"{}\" y=\"{}\" font-size=\"{FONT}\" fill=\"{}\">{}</text>",
                    x0 + name_w + CELL_W * (c as f32 + 0.5),
                    top + 11.0,
                    style::MUTED,
                    c + 1
                );
            }
            for (r, a) in rows.clone().enumerate() {
                let ry = top + ROW_H * (r as f32 + 1.0);
                let _ = writeln!(
                    out,
                    "<g class=\"row\"><title>{}</title>\n<text x=\"{x0}\" y=\"{}\" font-size=\"{FONT}\" fill=\"{}\">{}</text>",
                    xml_escape(&format!("{} ({})", self.actors[a].1, self.actors[a].0)),
                    ry + 11.0,
                    style::INK,
                    xml_escape(&self.name(a))
                );
                for c in 0..self.claims.len() {
                    let cx = x0 + name_w + CELL_W * c as f32;
                    let (fill, sym, class) = match self.cell(a, c) {
                        Some(p) => (style::stance_fill(p), style::stance_symbol(p), p.to_string()),
                        None => ("#FFFFFF", "", "none".to_string()),
                    };
                    let _ = write!(
                        out,
                        "<rect class=\"cell {class}\" x=\"{cx}\" y=\"{ry}\" width=\"{CELL_W}\" height=\"{ROW_H}\" \
                         fill=\"{fill}\" stroke=\"{}\" stroke-width=\"0.5\"/>",
                        style::CLUSTER_BORDER
                    );
                    if !sym.is_empty() {
                        let _ = write!(
                            out,
                            "<text text-anchor=\"middle\" x=\"{}\" y=\"{}\" font-size=\"{FONT}\" fill=\"{}\">{sym}</text>",
                            cx + CELL_W / 2.0,
                            ry + 11.0,
                            style::INK
                        );
                    }
                    out.push('\n');
                }
                out.push_str("</g>\n");
                bottom = bottom.max(ry + ROW_H);
            }
        }
        out.push_str("</g>\n");
        (out, width.ceil(), bottom.ceil())
    }
}
