//! The formatter (`elenchus fmt`): a map's layout made uniform, its meaning,
//! comments and order of claims kept.
//!
//! - TOML ([`format_toml`], on `toml_edit`): the keys of each claim, actor,
//!   relation, stance, acknowledgement and of `[map]` in the order of
//!   docs/format.md (keys the format does not know after them, as written);
//!   every other order as written (claims, actors, tables, `[checks]`, the
//!   items of lists); one space around `=`, no indentation of keys, one blank
//!   line before each table header and at most one anywhere else; an array
//!   on one line when it fits in [`Options::width`] characters, else one item
//!   per line, indented by four spaces, with a trailing comma; inline tables
//!   as `{ key = value, ... }`. Comments stay where they are; values (strings,
//!   numbers, dates) are written as they were, and shorthand and long-form
//!   relations and stances stay as they are. Line endings follow the first
//!   line break of the input (LF or CRLF), and a byte-order mark is kept.
//! - JSON ([`format_json`]): two spaces of indentation, one member per line,
//!   `"key": value`, members in the order written; an array of numbers,
//!   strings and literals on one line when it fits in the width, else one
//!   item per line. Strings and numbers are kept as written.
//!
//! Both are idempotent: formatting formatted text changes nothing.

mod json;
mod toml;

use crate::diag::Diagnostic;
use crate::source::Format;

pub use json::format_json;
pub use toml::format_toml;

/// The width [`Options::width`] has by default: 100 characters.
pub const DEFAULT_WIDTH: usize = 100;

/// How to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The longest line (in characters) that an array is kept on; a longer
    /// one is written one item per line. Values themselves are never broken.
    pub width: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { width: DEFAULT_WIDTH }
    }
}

/// Format a map's text in `format` (TOML, or JSON: AIF files too). The error is the text's
/// syntax error(s), as the loader reports them.
pub fn format_text(text: &str, format: Format, opts: &Options) -> Result<String, Vec<Diagnostic>> {
    match format {
        Format::Toml => format_toml(text, opts),
        Format::Json | Format::Aif => format_json(text, opts),
        Format::Argdown | Format::Af => Err(vec![Diagnostic::new(
            crate::diag::Code::Syntax,
            "only TOML and JSON maps can be formatted",
            crate::source::Span::new(0, 0),
            "not a TOML or JSON map",
        )]),
    }
}

/// A unified diff from `old` to `new`, with three lines of context, the
/// files named `a/NAME` and `b/NAME` (empty when they are the same).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Characters in `s` (what the width counts).
fn width_of(s: &str) -> usize {
    s.chars().count()
}
