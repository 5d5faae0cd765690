//! Agreement over time: one actor against others, period by period.
//!
//! Each claim (column) falls in a period:
//!
//! - `session`: the number in the claim's tag `session:N` (also `session-N`,
//!   `session=N`, `session N`, `session_N`; the first such tag counts), as an
//!   importer of roll calls writes it;
//! - `year`: the year of the earliest date among the claim's current
//!   stances in the matrix (the date of the vote).
//!
//! Claims with no period are left out (and counted). Within a period the
//! agreement of two actors is the module's formula over that period's
//! claims. One pass over the matrix.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::*;

/// The periods of [`timeline`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The claim's `session:N` tag.
    Session,
    /// The year of the claim's earliest current stance.
    Year,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Session => "session",
            By::Year => "year",
        }
    }
}

/// The session a claim's tags give: the number after `session` and one of
/// `:`, `-`, `=`, `_`, a space, in its first tag of that form.
pub fn session_of(claim: &Claim) -> Option<u32> {
    claim.tags.iter().find_map(|t| {
        let rest = t.strip_prefix("session")?;
        let mut chars = rest.chars();
        if !matches!(chars.next(), Some(':' | '-' | '=' | '_' | ' ')) {
            return None;
        }
        chars.as_str().trim().parse().ok()
    })
}

/// The period of each column of the matrix.
pub fn periods(m: &Matrix<'_>, by: By) -> Vec<Option<u32>> {
    (0..m.cols())
        .map(|c| match by {
            By::Session => session_of(m.map.claim(m.claims[c])),
            By::Year => {
                (0..m.rows()).filter_map(|r| m.stance(r, c).and_then(|s| s.date)).min().map(|d| u32::from(d.year))
            }
        })
        .collect()
}

/// Agreement of one actor with others, period by period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The actor's row.
    pub row: usize,
    /// The other rows, as given.
    pub others: Vec<usize>,
    /// The periods with a claim, in increasing order.
    pub periods: Vec<u32>,
    /// Claims in each period.
    pub claims: Vec<usize>,
    /// `pairs[p][k]`: the agreement of the actor with `others[k]` in `periods[p]`.
    pub pairs: Vec<Vec<Pair>>,
    /// Columns with no period, left out.
    pub no_period: usize,
}

/// The agreement of `row` with each of `others`, period by period.
pub fn timeline(m: &Matrix<'_>, row: usize, by: By, others: &[usize]) -> Timeline {
    let per = periods(m, by);
    let mut index: BTreeMap<u32, usize> = BTreeMap::new();
    for p in per.iter().flatten() {
        index.insert(*p, 0);
    }
    for (i, v) in index.values_mut().enumerate() {
        *v = i;
    }
    let n = index.len();
    let mut claims = vec![0usize; n];
    let mut pairs = vec![vec![Pair::default(); others.len()]; n];
    for (c, p) in per.iter().enumerate() {
        let Some(p) = p else { continue };
        let i = index[p];
        claims[i] += 1;
        let Some(mine) = m.position(row, c) else { continue };
        for (k, &o) in others.iter().enumerate() {
            if let Some(theirs) = m.position(o, c) {
                pairs[i][k].shared += 1;
                pairs[i][k].agreements += u32::from(theirs == mine);
            }
        }
    }
    Timeline {
        row,
        others: others.to_vec(),
        periods: index.into_keys().collect(),
        claims,
        pairs,
        no_period: per.iter().filter(|p| p.is_none()).count(),
    }
}

fn cell(p: &Pair, min_shared: u32) -> String {
    if p.shared >= min_shared.max(1) { percent(p) } else { "-".into() }
}

/// The timeline as text: one row per period, one column per other actor
/// (`-`: fewer than `min_shared` shared claims); [terminal
/// safe](crate::diag::terminal_safe).
pub fn timeline_table(m: &Matrix<'_>, t: &Timeline, by: By, min_shared: u32, header: bool) -> String {
    let map = m.map;
    let me = map.actor(m.actors[t.row]);
    let mut s = String::new();
    if header {
        let _ = writeln!(s, "Agreement with {} ({}) by {}\n{FORMULA}.", me.id, me.display_name(), by.as_str());
        if t.no_period > 0 {
            let _ = writeln!(s, "{} claims with no {} left out.", t.no_period, by.as_str());
        }
    }
    let ids: Vec<&str> = t.others.iter().map(|&o| map.actor(m.actors[o]).id.as_str()).collect();
    let widths: Vec<usize> = ids.iter().map(|i| i.chars().count().max(6)).collect();
    let _ = write!(s, "{:>7}  {:>6}", by.as_str(), "claims");
    for (id, w) in ids.iter().zip(&widths) {
        let _ = write!(s, "  {id:>w$}");
    }
    push_line_end(&mut s);
    for (p, period) in t.periods.iter().enumerate() {
        let _ = write!(s, "{period:>7}  {:>6}", t.claims[p]);
        for (k, w) in widths.iter().enumerate() {
            let _ = write!(s, "  {:>w$}", cell(&t.pairs[p][k], min_shared));
        }
        push_line_end(&mut s);
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// The timeline as CSV, one row per period and other actor:
/// `period,claims,actor,name,agreements,shared,agreement` (agreement empty
/// below `min_shared` shared claims).
pub fn timeline_csv(m: &Matrix<'_>, t: &Timeline, by: By, min_shared: u32, cells: CsvCells) -> String {
    let mut s = format!("{},claims,actor,name,agreements,shared,agreement\n", by.as_str());
    for (p, period) in t.periods.iter().enumerate() {
        for (k, &o) in t.others.iter().enumerate() {
            let a = m.map.actor(m.actors[o]);
            let pair = &t.pairs[p][k];
            let ratio = pair.ratio().filter(|_| pair.shared >= min_shared.max(1));
            let _ = writeln!(
                s,
                "{period},{},{},{},{},{},{}",
                t.claims[p],
                text_cell(&a.id, cells),
                text_cell(a.display_name(), cells),
                pair.agreements,
                pair.shared,
                ratio.map_or(String::new(), |x| format!("{x:.6}"))
            );
        }
    }
    s
}

#[derive(Serialize)]
struct JsonPoint<'a> {
    actor: &'a str,
    agreements: u32,
    shared: u32,
    agreement: Option<f64>,
}

#[derive(Serialize)]
struct JsonPeriod<'a> {
    period: u32,
    claims: usize,
    agreement: Vec<JsonPoint<'a>>,
}

#[derive(Serialize)]
struct JsonTimeline<'a> {
    actor: &'a str,
    by: &'static str,
    formula: &'static str,
    min_shared: u32,
    no_period: usize,
    periods: Vec<JsonPeriod<'a>>,
}

/// The timeline as JSON (`agreement` null below `min_shared` shared claims).
pub fn timeline_json(m: &Matrix<'_>, t: &Timeline, by: By, min_shared: u32) -> String {
    let map = m.map;
    let j = JsonTimeline {
        actor: &map.actor(m.actors[t.row]).id,
        by: by.as_str(),
        formula: FORMULA,
        min_shared,
        no_period: t.no_period,
        periods: t
            .periods
            .iter()
            .enumerate()
            .map(|(p, &period)| JsonPeriod {
                period,
                claims: t.claims[p],
                agreement: t
                    .others
                    .iter()
                    .zip(&t.pairs[p])
                    .map(|(&o, pair)| JsonPoint {
                        actor: &map.actor(m.actors[o]).id,
                        agreements: pair.agreements,
                        shared: pair.shared,
                        agreement: pair.ratio().filter(|_| pair.shared >= min_shared.max(1)),
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

/// Line colours (Okabe-Ito), one per other actor, in turn.
const LINES: [&str; 8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/// The timeline as an SVG line chart: one line per other actor (breaks
/// where a period has fewer than `min_shared` shared claims), 0 to 100 %.
pub fn timeline_svg(m: &Matrix<'_>, t: &Timeline, by: By, min_shared: u32) -> String {
    let map = m.map;
    let me = map.actor(m.actors[t.row]);
    let names: Vec<Cow<'_, str>> =
        t.others.iter().map(|&o| truncate(map.actor(m.actors[o]).display_name(), 40)).collect();
    let (left, top, plot_h): (f64, f64, f64) = (56.0, 64.0, 320.0);
    let n = t.periods.len();
    let step = if n > 1 { (720.0 / (n - 1) as f64).clamp(4.0, 48.0) } else { 48.0 };
    let plot_w = step * n.saturating_sub(1) as f64;
    let legend_x = left + plot_w + 24.0;
    let width = (legend_x + 16.0 + names.iter().map(|l| text_width(l, 11.0)).fold(0.0, f64::max) + 24.0).max(560.0);
    let height = (top + plot_h + 48.0).max(top + 8.0 + names.len() as f64 * 16.0 + 8.0);
    let title = format!("{}: agreement with {} by {}", map_title(map), me.display_name(), by.as_str());
    let mut svg = Svg::new(width, height, &title);
    svg.heading(&[(FORMULA, 10.0, "", None)]);
    let y_of = |r: f64| top + plot_h * (1.0 - r);
    let x_of = |p: usize| left + p as f64 * step;
    for k in 0..=4 {
        let r = k as f64 / 4.0;
        svg.line((left, y_of(r)), (left + plot_w.max(1.0), y_of(r)), "#DDDDDD", "grid");
        svg.line((left - 4.0, y_of(r)), (left, y_of(r)), "#404040", "axis");
        svg.text(left - 6.0, y_of(r) + 4.0, 10.0, END, &format!("{}%", 25 * k), None);
    }
    // A tick under every period; a label under every `every`-th, as many as
    // fit side by side.
    let widest = t.periods.iter().map(|p| text_width(&p.to_string(), 10.0)).fold(0.0, f64::max);
    let every = ((widest + 6.0) / step).ceil().max(1.0) as usize;
    for (p, period) in t.periods.iter().enumerate() {
        let long = if p % every == 0 { 5.0 } else { 3.0 };
        svg.line((x_of(p), y_of(0.0)), (x_of(p), y_of(0.0) + long), "#404040", "axis");
        if p % every == 0 {
            svg.text(x_of(p), top + plot_h + 16.0, 10.0, " text-anchor=\"middle\"", &period.to_string(), None);
        }
    }
    svg.text(left + plot_w / 2.0, top + plot_h + 34.0, 11.0, " text-anchor=\"middle\"", by.as_str(), None);
    for (k, name) in names.iter().enumerate() {
        let color = LINES[k % LINES.len()];
        // Black turns white in the dark scheme.
        let ink = if color == "#000000" { " class=\"ink\"" } else { "" };
        let mut run: Vec<(f64, f64)> = Vec::new();
        let flush = |run: &mut Vec<(f64, f64)>, svg: &mut Svg| {
            if run.len() > 1 {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = writeln!(
                    svg.s,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"{ink}/>",
                    pts.join(" ")
                );
            }
            run.clear();
        };
        for (p, period) in t.periods.iter().enumerate() {
            let pair = &t.pairs[p][k];
            match pair.ratio().filter(|_| pair.shared >= min_shared.max(1)) {
                Some(r) => {
                    let (x, y) = (x_of(p), y_of(r));
                    run.push((x, y));
                    let _ = writeln!(
                        svg.s,
                        "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"{color}\"{ink}><title>{}</title></circle>",
                        xml_escape(&format!(
                            "{name}, {} {period}: {} ({}/{})",
                            by.as_str(),
                            percent(pair),
                            pair.agreements,
                            pair.shared
                        ))
                    );
                }
                None => flush(&mut run, &mut svg),
            }
        }
        flush(&mut run, &mut svg);
        let y = top + 8.0 + k as f64 * 16.0;
        let _ = writeln!(
            svg.s,
            "<rect x=\"{legend_x:.1}\" y=\"{:.1}\" width=\"12.0\" height=\"10.0\" fill=\"{color}\"{ink}/>",
            y - 8.0
        );
        svg.text(legend_x + 16.0, y + 1.0, 11.0, "", name, None);
    }
    svg.finish()
}
