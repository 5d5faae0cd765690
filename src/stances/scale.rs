//! A Guttman scalogram of the matrix.
//!
//! # Scores and direction
//!
//! Each position is a score on an ordered three-point scale:
//! affirms = 2 > abstains = 1 > denies = 0. Abstaining is the middle of the
//! scale: more than a no, less than a yes. No stance and absence are not
//! answers: they are left out (of the actor's score, of its errors and of the
//! responses). A claim's direction is the claim's own: affirming is the high
//! end of every claim (select the claims that point one way, or write the
//! opposite claim, to scale a claim the other way).
//!
//! # Steps
//!
//! Each claim gives two ordered steps (dichotomies), as polytomous items do
//! in Guttman and Mokken scaling: step 1, "at least abstains" (passed by
//! affirms and abstains), and step 2, "affirms". An actor's *score* is the
//! number of steps it passes (0, 1 or 2 per claim it answered). A step's
//! popularity is the share of the actors answering its claim that pass it.
//! The scale orders steps from the most to the least popular (ties by the
//! claim's order below, step 1 first); claims come by mean score, highest
//! first (ties by id, natural order), and actors by the share of their
//! answered steps they pass, highest first (ties: fewer errors, then id).
//!
//! # Errors and the coefficient of reproducibility
//!
//! A perfect scale: an actor that passes `k` of its answered steps passes
//! exactly the `k` most popular of them. Its *errors* are the steps where
//! its answers differ from that perfect pattern (the Goodenough–Edwards
//! count: a vote out of place costs two, the step passed that should not be
//! and the one failed that should be passed). Steps of equal popularity are
//! interchangeable: the perfect pattern takes, within such a group, the steps
//! the actor passed first, so that ties never count as errors.
//!
//! ```text
//! reproducibility = 1 - errors / responses
//! responses       = answered steps, two per answer (actor, claim)
//! ```
//!
//! Guttman's rule of thumb asks for 0.90 or more. The *minimal marginal
//! reproducibility*, `sum over steps of max(passes, fails) / responses`, is
//! what the steps' popularities alone give; a reproducibility not well above
//! it says little. The actors with errors are the *anomalies*: listed first,
//! most errors first, each with the votes that break the scale (its score on
//! a claim, and the score the perfect pattern expects).
//!
//! Cost: sorting the steps, then one pass over each actor's row.

use std::fmt::Write as _;

use serde::Serialize;

use super::*;

/// The score of a cell code: affirms 2, abstains 1, denies 0; `None` for
/// no stance and absent.
pub fn score(code: u8) -> Option<u8> {
    match code {
        AFFIRMS => Some(2),
        ABSTAINS => Some(1),
        DENIES => Some(0),
        _ => None,
    }
}

/// The method, as stated in outputs.
pub const METHOD: &str = "Guttman scale: affirms (2) > abstains (1) > denies (0), affirming high on every claim; \
each claim two steps (at least abstains; affirms); errors = steps that differ from the perfect pattern of the same \
score (Goodenough-Edwards); reproducibility = 1 - errors / responses (two per answer)";

/// One step of a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The column of the matrix.
    pub col: usize,
    /// 1: at least abstains; 2: affirms.
    pub level: u8,
    /// Actors that pass it.
    pub passes: u32,
    /// Actors that answered its claim.
    pub answered: u32,
}

/// A vote that breaks the scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    /// The column of the matrix.
    pub col: usize,
    /// The actor's score on the claim (0, 1, 2).
    pub observed: u8,
    /// The score the perfect pattern expects.
    pub expected: u8,
}

/// One actor on the scale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaledActor {
    /// The row of the matrix.
    pub row: usize,
    /// Steps passed.
    pub score: u32,
    /// Steps answered (two per claim with a position).
    pub answered: u32,
    /// Steps that differ from the perfect pattern.
    pub errors: u32,
    /// The claims where its score differs from the perfect pattern's, in scale order.
    pub breaks: Vec<Break>,
}

/// A scalogram.
#[derive(Clone, Debug)]
pub struct Scale {
    /// The columns scaled, highest mean score first.
    pub claims: Vec<usize>,
    /// Columns with no answer, left out.
    pub left_out: Vec<usize>,
    /// The steps, most popular first.
    pub steps: Vec<Step>,
    /// The actors with an answer, highest on the scale first.
    pub actors: Vec<ScaledActor>,
    /// Rows with no answer, left out.
    pub unscaled: Vec<usize>,
    /// Sum of the actors' errors.
    pub errors: u64,
    /// Answered steps.
    pub responses: u64,
    /// Sum over steps of max(passes, fails).
    pub marginal: u64,
}

impl Scale {
    /// `1 - errors / responses`; `None` without responses.
    pub fn reproducibility(&self) -> Option<f64> {
        (self.responses > 0).then(|| 1.0 - self.errors as f64 / self.responses as f64)
    }
    /// `marginal / responses`; `None` without responses.
    pub fn minimal_marginal(&self) -> Option<f64> {
        (self.responses > 0).then(|| self.marginal as f64 / self.responses as f64)
    }
    /// The actors with errors: most errors first, then in scale order.
    pub fn anomalies(&self) -> Vec<&ScaledActor> {
        let mut out: Vec<&ScaledActor> = self.actors.iter().filter(|a| a.errors > 0).collect();
        out.sort_by_key(|a| std::cmp::Reverse(a.errors));
        out
    }
    /// The actors in output order: the anomalies, then the others in scale order.
    pub fn listed(&self) -> Vec<&ScaledActor> {
        let mut out = self.anomalies();
        out.extend(self.actors.iter().filter(|a| a.errors == 0));
        out
    }
}

/// Scale the matrix.
pub fn scale(m: &Matrix<'_>) -> Scale {
    let (rows, cols) = (m.rows(), m.cols());
    let map = m.map;
    let scores: Vec<Option<u8>> =
        (0..rows).flat_map(|r| (0..cols).map(move |c| (r, c))).map(|(r, c)| score(m.code(r, c))).collect();
    let at = |r: usize, c: usize| scores[r * cols + c];
    // Per claim: answers, sum of scores, passes of step 1 and 2.
    let mut answered = vec![0u32; cols];
    let mut sum = vec![0u64; cols];
    let mut pass = vec![[0u32; 2]; cols];
    for r in 0..rows {
        for c in 0..cols {
            if let Some(s) = at(r, c) {
                answered[c] += 1;
                sum[c] += u64::from(s);
                pass[c][0] += u32::from(s >= 1);
                pass[c][1] += u32::from(s == 2);
            }
        }
    }
    let (mut claims, left_out): (Vec<usize>, Vec<usize>) = (0..cols).partition(|&c| answered[c] > 0);
    claims.sort_by(|&x, &y| {
        cmp_frac(sum[y], u64::from(answered[y]), sum[x], u64::from(answered[x]))
            .then_with(|| natural_cmp(&map.claim(m.claims[x]).id, &map.claim(m.claims[y]).id))
            .then(x.cmp(&y))
    });
    let mut steps: Vec<Step> = claims
        .iter()
        .flat_map(|&c| (1..=2u8).map(move |level| (c, level)))
        .map(|(c, level)| Step { col: c, level, passes: pass[c][level as usize - 1], answered: answered[c] })
        .collect();
    // Stable: ties keep claim order, step 1 before step 2.
    steps.sort_by(|x, y| {
        cmp_frac(u64::from(y.passes), u64::from(y.answered), u64::from(x.passes), u64::from(x.answered))
    });
    // Groups of equal popularity.
    let mut group = vec![0usize; steps.len()];
    for i in 1..steps.len() {
        let (a, b) = (&steps[i - 1], &steps[i]);
        let same = cmp_frac(u64::from(a.passes), u64::from(a.answered), u64::from(b.passes), u64::from(b.answered))
            == Ordering::Equal;
        group[i] = group[i - 1] + usize::from(!same);
    }
    let marginal: u64 = steps.iter().map(|s| u64::from(s.passes.max(s.answered - s.passes))).sum();
    let mut actors = Vec::new();
    let mut unscaled = Vec::new();
    let mut expected = vec![0u8; cols];
    for r in 0..rows {
        // The actor's answered steps, in scale order: (group, passed, column).
        let mine: Vec<(usize, bool, usize)> = steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| at(r, s.col).map(|v| (group[i], v >= s.level, s.col)))
            .collect();
        if mine.is_empty() {
            unscaled.push(r);
            continue;
        }
        let k = mine.iter().filter(|x| x.1).count();
        let mut before = 0;
        let mut errors = 0;
        for &c in &claims {
            expected[c] = 0;
        }
        let mut i = 0;
        while i < mine.len() {
            let mut j = i;
            while j < mine.len() && mine[j].0 == mine[i].0 {
                j += 1;
            }
            let g = j - i;
            let passed = mine[i..j].iter().filter(|x| x.1).count();
            let want = k.saturating_sub(before).min(g);
            errors += passed.abs_diff(want);
            // The perfect pattern: the actor's passed steps first, then the others.
            let mut left = want;
            for pass_first in [true, false] {
                for x in &mine[i..j] {
                    if x.1 == pass_first && left > 0 {
                        expected[x.2] += 1;
                        left -= 1;
                    }
                }
            }
            before += g;
            i = j;
        }
        let breaks = claims
            .iter()
            .filter_map(|&c| {
                at(r, c).filter(|&v| v != expected[c]).map(|v| Break { col: c, observed: v, expected: expected[c] })
            })
            .collect();
        actors.push(ScaledActor {
            row: r,
            score: k as u32,
            answered: mine.len() as u32,
            errors: errors as u32,
            breaks,
        });
    }
    let rank = id_ranks(m);
    actors.sort_by(|x, y| {
        cmp_frac(u64::from(y.score), u64::from(y.answered), u64::from(x.score), u64::from(x.answered))
            .then(x.errors.cmp(&y.errors))
            .then(rank[x.row].cmp(&rank[y.row]))
    });
    unscaled.sort_by_key(|&r| rank[r]);
    let errors = actors.iter().map(|a| u64::from(a.errors)).sum();
    let responses = actors.iter().map(|a| u64::from(a.answered)).sum();
    Scale { claims, left_out, steps, actors, unscaled, errors, responses, marginal }
}

fn score_name(v: u8) -> &'static str {
    match v {
        2 => "affirms",
        1 => "abstains",
        _ => "denies",
    }
}

/// The breaking votes as text: all of them, or the first `most` and how many more.
fn breaks_text(m: &Matrix<'_>, a: &ScaledActor, most: usize) -> String {
    let mut s = a
        .breaks
        .iter()
        .take(most)
        .map(|b| {
            format!(
                "{} {} (scale: {})",
                m.map.claim(m.claims[b.col]).id,
                score_name(b.observed),
                score_name(b.expected)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    if a.breaks.len() > most {
        let _ = write!(s, "; and {} more", a.breaks.len() - most);
    }
    s
}

/// How many breaking votes the table shows per actor.
const TABLE_BREAKS: usize = 8;

fn ratio_text(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:.3}"))
}

/// The scalogram as text: the coefficient, the claims in scale order, the
/// anomalies with their breaking votes (the first eight of each), then every
/// actor in scale order;
/// [terminal safe](crate::diag::terminal_safe).
pub fn scale_table(m: &Matrix<'_>, sc: &Scale, header: bool) -> String {
    let map = m.map;
    let mut s = String::new();
    if header {
        let _ = writeln!(s, "{METHOD}.");
    }
    let _ = writeln!(
        s,
        "Reproducibility {} = 1 - {} errors / {} responses (minimal marginal reproducibility {}); {} actors on {} claims.",
        ratio_text(sc.reproducibility()),
        sc.errors,
        sc.responses,
        ratio_text(sc.minimal_marginal()),
        sc.actors.len(),
        sc.claims.len()
    );
    let _ = writeln!(s, "\nClaims, highest mean score first:");
    let _ = writeln!(s, "{:>5}  {:>10}  affirms/abstains/denies  claim", "#", "mean score");
    for (i, &c) in sc.claims.iter().enumerate() {
        let n = m.column_counts(c);
        let mean = (2 * n[0] + n[2]) as f64 / (n[0] + n[1] + n[2]) as f64;
        let claim = map.claim(m.claims[c]);
        let _ = writeln!(
            s,
            "{:>5}  {:>10.3}  {:>23}  {}: {}",
            i + 1,
            mean,
            format!("{}/{}/{}", n[0], n[2], n[1]),
            claim.id,
            truncate(&claim.text.replace('\n', " "), 60)
        );
    }
    let w = sc.actors.iter().map(|a| map.actor(m.actors[a.row]).id.chars().count()).chain([5]).max().unwrap_or(5);
    let anomalies = sc.anomalies();
    let _ = writeln!(s, "\nAnomalies: {} actors whose positions break the scale, most errors first:", anomalies.len());
    if !anomalies.is_empty() {
        let _ = writeln!(s, "{:w$}  {:>7}  {:>6}  votes that break the scale", "actor", "score", "errors");
        for a in &anomalies {
            let _ = writeln!(
                s,
                "{:w$}  {:>7}  {:>6}  {}",
                map.actor(m.actors[a.row]).id,
                format!("{}/{}", a.score, a.answered),
                a.errors,
                breaks_text(m, a, TABLE_BREAKS)
            );
        }
    }
    let _ = writeln!(
        s,
        "\nScalogram, highest first (claims in scale order; + affirms, ~ abstains, - denies, a absent, . no stance):"
    );
    let _ = writeln!(s, "{:>5}  {:w$}  {:>7}  {:>6}  profile", "#", "actor", "score", "errors");
    for (i, a) in sc.actors.iter().enumerate() {
        let profile: String = sc.claims.iter().map(|&c| symbol(m.code(a.row, c))).collect();
        let _ = writeln!(
            s,
            "{:>5}  {:w$}  {:>7}  {:>6}  {}",
            i + 1,
            map.actor(m.actors[a.row]).id,
            format!("{}/{}", a.score, a.answered),
            a.errors,
            profile
        );
    }
    if !sc.unscaled.is_empty() {
        let ids: Vec<&str> = sc.unscaled.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect();
        let _ = writeln!(s, "Not scaled ({}, no position on these claims): {}", ids.len(), ids.join(", "));
    }
    if !sc.left_out.is_empty() {
        let ids: Vec<&str> = sc.left_out.iter().map(|&c| map.claim(m.claims[c]).id.as_str()).collect();
        let _ = writeln!(s, "Claims left out ({}, no position on them): {}", ids.len(), ids.join(", "));
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// The scalogram as CSV, one row per actor, anomalies first:
/// `position,actor,name,score,answered,errors,breaks,` then one column per
/// claim in scale order (the position, `absent` or empty).
pub fn scale_csv(m: &Matrix<'_>, sc: &Scale, cells: CsvCells) -> String {
    let map = m.map;
    let mut s = String::from("position,actor,name,score,answered,errors,breaks");
    for &c in &sc.claims {
        s.push(',');
        s.push_str(&text_cell(&map.claim(m.claims[c]).id, cells));
    }
    s.push('\n');
    let position: std::collections::HashMap<usize, usize> =
        sc.actors.iter().enumerate().map(|(i, a)| (a.row, i + 1)).collect();
    for a in sc.listed() {
        let actor = map.actor(m.actors[a.row]);
        let _ = write!(
            s,
            "{},{},{},{},{},{},{}",
            position[&a.row],
            text_cell(&actor.id, cells),
            text_cell(actor.display_name(), cells),
            a.score,
            a.answered,
            a.errors,
            text_cell(&breaks_text(m, a, usize::MAX), cells)
        );
        for &c in &sc.claims {
            s.push(',');
            s.push_str(position_name(m.code(a.row, c)));
        }
        s.push('\n');
    }
    s
}

#[derive(Serialize)]
struct JsonScaleClaim<'a> {
    id: &'a str,
    affirms: usize,
    abstains: usize,
    denies: usize,
    mean_score: f64,
}

#[derive(Serialize)]
struct JsonBreak<'a> {
    claim: &'a str,
    position: &'static str,
    expected: &'static str,
}

#[derive(Serialize)]
struct JsonScaled<'a> {
    position: usize,
    actor: &'a str,
    name: &'a str,
    score: u32,
    answered: u32,
    errors: u32,
    breaks: Vec<JsonBreak<'a>>,
}

#[derive(Serialize)]
struct JsonScale<'a> {
    method: &'static str,
    reproducibility: Option<f64>,
    errors: u64,
    responses: u64,
    minimal_marginal_reproducibility: Option<f64>,
    claims: Vec<JsonScaleClaim<'a>>,
    steps: Vec<JsonStep<'a>>,
    /// The anomalies first, then the other actors in scale order.
    actors: Vec<JsonScaled<'a>>,
    unscaled: Vec<&'a str>,
    left_out: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    claim: &'a str,
    step: &'static str,
    passes: u32,
    answered: u32,
}

/// The scalogram as JSON.
pub fn scale_json(m: &Matrix<'_>, sc: &Scale) -> String {
    let map = m.map;
    let position: std::collections::HashMap<usize, usize> =
        sc.actors.iter().enumerate().map(|(i, a)| (a.row, i + 1)).collect();
    let cid = |c: usize| map.claim(m.claims[c]).id.as_str();
    let j = JsonScale {
        method: METHOD,
        reproducibility: sc.reproducibility(),
        errors: sc.errors,
        responses: sc.responses,
        minimal_marginal_reproducibility: sc.minimal_marginal(),
        claims: sc
            .claims
            .iter()
            .map(|&c| {
                let n = m.column_counts(c);
                JsonScaleClaim {
                    id: cid(c),
                    affirms: n[0],
                    abstains: n[2],
                    denies: n[1],
                    mean_score: (2 * n[0] + n[2]) as f64 / (n[0] + n[1] + n[2]) as f64,
                }
            })
            .collect(),
        steps: sc
            .steps
            .iter()
            .map(|st| JsonStep {
                claim: cid(st.col),
                step: if st.level == 1 { "abstains or affirms" } else { "affirms" },
                passes: st.passes,
                answered: st.answered,
            })
            .collect(),
        actors: sc
            .listed()
            .into_iter()
            .map(|a| {
                let actor = map.actor(m.actors[a.row]);
                JsonScaled {
                    position: position[&a.row],
                    actor: &actor.id,
                    name: actor.display_name(),
                    score: a.score,
                    answered: a.answered,
                    errors: a.errors,
                    breaks: a
                        .breaks
                        .iter()
                        .map(|b| JsonBreak {
                            claim: cid(b.col),
                            position: score_name(b.observed),
                            expected: score_name(b.expected),
                        })
                        .collect(),
                }
            })
            .collect(),
        unscaled: sc.unscaled.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect(),
        left_out: sc.left_out.iter().map(|&c| cid(c)).collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

/// The scalogram as SVG: actors in scale order (rows), claims in scale
/// order (columns), the votes that break the scale outlined, each actor's
/// errors at the right.
pub fn scale_svg(m: &Matrix<'_>, sc: &Scale) -> String {
    let map = m.map;
    let (rows, cols) = (sc.actors.len(), sc.claims.len());
    let ch = cell_size(rows, 6000.0, 14.0);
    let cw = cell_size(cols, 2400.0, 22.0);
    let font = ch.clamp(6.0, 11.0);
    let labels: Vec<Cow<'_, str>> =
        sc.actors.iter().map(|a| truncate(map.actor(m.actors[a.row]).display_name(), 40)).collect();
    let left = 12.0 + labels.iter().map(|l| text_width(l, font)).fold(0.0, f64::max);
    let top = 80.0 + column_labels_height(m, &sc.claims, cw) + 8.0;
    let grid = left + cols as f64 * cw;
    let width = (grid + 80.0).max(640.0);
    let height = top + rows as f64 * ch + 16.0;
    let title = format!(
        "{}: Guttman scale of {} on {}, reproducibility {}",
        map_title(map),
        plural(rows, "actor", "actors"),
        plural(cols, "claim", "claims"),
        ratio_text(sc.reproducibility())
    );
    let mut svg = Svg::new(width, height, &title);
    svg.heading(&[(METHOD, 10.0, "", None)]);
    legend(&mut svg, 8.0, 46.0, m.has_absent(), None);
    svg.text(8.0, 74.0, 10.0, "", "outlined: a vote that breaks the scale; right: the actor's errors", None);
    column_labels(&mut svg, m, &sc.claims, left, top, cw);
    for (i, (a, label)) in sc.actors.iter().zip(&labels).enumerate() {
        let y = top + i as f64 * ch;
        let actor = map.actor(m.actors[a.row]);
        if ch >= 6.0 {
            svg.text(left - 6.0, y + ch * 0.8, font, END, label, Some(&actor.id));
            svg.text(grid + 6.0, y + ch * 0.8, font, "", &a.errors.to_string(), None);
        }
        for (k, &c) in sc.claims.iter().enumerate() {
            let code = m.code(a.row, c);
            let broken = a.breaks.iter().find(|b| b.col == c);
            let tip = match broken {
                Some(b) => format!(
                    "{}: {}: {} (the scale expects {})",
                    actor.display_name(),
                    map.claim(m.claims[c]).id,
                    score_name(b.observed),
                    score_name(b.expected)
                ),
                None => format!("{}: {}: {}", actor.display_name(), map.claim(m.claims[c]).id, position_name(code)),
            };
            let x = left + k as f64 * cw;
            svg.rect(x, y, cw - 1.0, ch - 1.0, cell_color(code), Some(&tip));
            if broken.is_some() {
                let _ = writeln!(
                    svg.s,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\"/>",
                    x + 0.75,
                    y + 0.75,
                    (cw - 2.5).max(0.5),
                    (ch - 2.5).max(0.5)
                );
            }
        }
    }
    svg.finish()
}
