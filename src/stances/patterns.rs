//! Voting patterns: actors grouped by identical position profiles.
//!
//! An actor's profile is its row of the matrix: one cell per chosen claim,
//! each affirms, denies, abstains, absent or no stance (absent and no stance
//! are part of the profile: an actor absent on one vote has another pattern
//! than one that voted). Actors with equal profiles form a pattern. Patterns
//! come largest first; patterns of equal size in the order of their first
//! member's id (natural order), and each pattern lists its members by id, so
//! the result does not depend on the order of actors or claims in the map.
//! One pass over the matrix (hashing each row).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::*;

/// Actors with one profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// One cell code per column of the matrix ([`NONE`], [`AFFIRMS`], ...).
    pub profile: Vec<u8>,
    /// The rows of the matrix with this profile, by actor id.
    pub rows: Vec<usize>,
}

/// The patterns of a matrix, largest first.
pub fn patterns(m: &Matrix<'_>) -> Vec<Pattern> {
    let rank = id_ranks(m);
    let mut groups: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
    for r in 0..m.rows() {
        let profile: Vec<u8> = (0..m.cols()).map(|c| m.code(r, c)).collect();
        groups.entry(profile).or_default().push(r);
    }
    let mut out: Vec<Pattern> = groups
        .into_iter()
        .map(|(profile, mut rows)| {
            rows.sort_by_key(|&r| rank[r]);
            Pattern { profile, rows }
        })
        .collect();
    out.sort_by(|x, y| y.rows.len().cmp(&x.rows.len()).then(rank[x.rows[0]].cmp(&rank[y.rows[0]])));
    out
}

/// How the profile reads: one symbol per claim.
fn profile_string(p: &Pattern) -> String {
    p.profile.iter().map(|&c| symbol(c)).collect()
}

/// The patterns as text: the claims, then one line per pattern (number,
/// size, profile, members); [terminal safe](crate::diag::terminal_safe).
pub fn patterns_table(m: &Matrix<'_>, pats: &[Pattern], header: bool) -> String {
    let map = m.map;
    let mut s = String::new();
    if header {
        let _ = writeln!(
            s,
            "{} patterns of {} actors on {} claims, largest first (+ affirms, - denies, ~ abstains, a absent, . no stance)",
            pats.len(),
            m.rows(),
            m.cols()
        );
        let _ = writeln!(s, "Claims, in profile order:");
        for (i, &c) in m.claims.iter().enumerate() {
            let claim = map.claim(c);
            let _ = writeln!(s, "{:>5}  {}: {}", i + 1, claim.id, truncate(&claim.text.replace('\n', " "), 80));
        }
    }
    let pw = m.cols().max(7);
    let _ = writeln!(s, "pattern  actors  {:pw$}  members", "profile");
    for (i, p) in pats.iter().enumerate() {
        let members: Vec<&str> = p.rows.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect();
        let _ = writeln!(s, "{:>7}  {:>6}  {:pw$}  {}", i + 1, p.rows.len(), profile_string(p), members.join(", "));
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// The patterns as CSV: `pattern,actors,` one column per claim id (the
/// position: `affirms`, `denies`, `abstains`, `absent` or empty), then
/// `members` (ids joined by `;`).
pub fn patterns_csv(m: &Matrix<'_>, pats: &[Pattern], cells: CsvCells) -> String {
    let map = m.map;
    let mut s = String::from("pattern,actors");
    for &c in &m.claims {
        s.push(',');
        s.push_str(&text_cell(&map.claim(c).id, cells));
    }
    s.push_str(",members\n");
    for (i, p) in pats.iter().enumerate() {
        let _ = write!(s, "{},{}", i + 1, p.rows.len());
        for &c in &p.profile {
            s.push(',');
            s.push_str(position_name(c));
        }
        let members: Vec<&str> = p.rows.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect();
        let _ = writeln!(s, ",{}", text_cell(&members.join(";"), cells));
    }
    s
}

#[derive(Serialize)]
struct JsonPattern<'a> {
    pattern: usize,
    size: usize,
    /// One entry per claim: a position, `"absent"` or null.
    positions: Vec<Option<&'static str>>,
    actors: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonPatterns<'a> {
    claims: Vec<&'a str>,
    actors: usize,
    patterns: Vec<JsonPattern<'a>>,
}

/// The patterns as JSON: `claims` (ids, the order of `positions`), `actors`
/// (how many), `patterns` (`pattern`, `size`, `positions`, `actors`).
pub fn patterns_json(m: &Matrix<'_>, pats: &[Pattern]) -> String {
    let map = m.map;
    let j = JsonPatterns {
        claims: m.claims.iter().map(|&c| map.claim(c).id.as_str()).collect(),
        actors: m.rows(),
        patterns: pats
            .iter()
            .enumerate()
            .map(|(i, p)| JsonPattern {
                pattern: i + 1,
                size: p.rows.len(),
                positions: p.profile.iter().map(|&c| (c != NONE).then(|| position_name(c))).collect(),
                actors: p.rows.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

/// The patterns as SVG: one row per pattern (its size as a bar, its
/// profile as coloured cells, its first members' names; all of them in the
/// tooltip).
pub fn patterns_svg(m: &Matrix<'_>, pats: &[Pattern]) -> String {
    let map = m.map;
    let cols = m.cols();
    let rh = 16.0;
    let cw = cell_size(cols, 1600.0, 22.0);
    let all: Vec<usize> = (0..cols).collect();
    let bar = 120.0;
    // Pattern number, the size bar, and room for the size after it.
    let left = 8.0 + 40.0 + bar + 8.0 + text_width(&m.rows().to_string(), 10.0);
    let top = 64.0 + column_labels_height(m, &all, cw) + 8.0;
    let grid = left + cols as f64 * cw;
    let width = (grid + 16.0 + 480.0).max(560.0);
    let height = top + pats.len() as f64 * rh + 16.0;
    let title = format!(
        "{}: {} of {} on {}",
        map_title(map),
        plural(pats.len(), "pattern", "patterns"),
        plural(m.rows(), "actor", "actors"),
        plural(cols, "claim", "claims")
    );
    let mut svg = Svg::new(width, height, &title);
    svg.heading(&[]);
    legend(&mut svg, 8.0, 32.0, m.has_absent(), None);
    column_labels(&mut svg, m, &all, left, top, cw);
    let most = pats.first().map_or(1, |p| p.rows.len()) as f64;
    for (i, p) in pats.iter().enumerate() {
        let y = top + i as f64 * rh;
        let names: Vec<&str> = p.rows.iter().map(|&r| map.actor(m.actors[r]).display_name()).collect();
        let tip = format!("pattern {} ({}): {}", i + 1, plural(p.rows.len(), "actor", "actors"), names.join(", "));
        svg.text(44.0, y + rh * 0.75, 11.0, END, &format!("{}", i + 1), None);
        let w = (bar * p.rows.len() as f64 / most).max(1.0);
        svg.rect(48.0, y + 2.0, w, rh - 4.0, "#999999", Some(&tip));
        svg.text(48.0 + w + 3.0, y + rh * 0.75, 10.0, "", &p.rows.len().to_string(), None);
        for (c, &code) in p.profile.iter().enumerate() {
            svg.rect(left + c as f64 * cw, y, cw - 1.0, rh - 1.0, cell_color(code), None);
        }
        let mut shown = String::new();
        for (k, n) in names.iter().enumerate() {
            if k > 0 && shown.chars().count() + n.chars().count() > 80 {
                let _ = write!(shown, " and {} more", names.len() - k);
                break;
            }
            if k > 0 {
                shown.push_str(", ");
            }
            shown.push_str(n);
        }
        svg.text(grid + 8.0, y + rh * 0.75, 10.0, "", &shown, Some(&tip));
    }
    svg.finish()
}
