//! `elenchus stances --patterns / --scale / --blocs / --like --by` and the
//! filters: known answers on small matrices, brute-force oracles on random
//! ones, independence of the order of actors and claims, and the CLI in
//! every format.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use common::{proptest_config, run};
use elenchus::stances::blocs::{self, Bloc};
use elenchus::stances::patterns;
use elenchus::stances::scale::{self, Scale};
use elenchus::stances::timeline::{self, By};
use elenchus::stances::{self, Agreement, Matrix, Selection};
use elenchus::{ArgMap, Format, load_str};
use proptest::prelude::*;
use serde_json::Value;

/// Cell codes of the grids below: 0 no stance, 1 affirms, 2 denies, 3 abstains, 4 absent.
const POS: [&str; 4] = ["", "affirms", "denies", "abstains"];

/// A map of `grid[actor][claim]` (actors `a0`, `a1`, ..., claims `c0`, ...),
/// each stance dated `2000 + year[claim]`-01-01, each claim tagged
/// `session:N` with `N = session[claim]` and `t{claim % 2}`.
fn map_text(grid: &[Vec<u8>], year: &[u16], session: &[u32]) -> String {
    let cols = grid.first().map_or(0, Vec::len);
    let mut s = String::from("[map]\ntitle = \"grid\"\n\n");
    for a in 0..grid.len() {
        let _ = writeln!(s, "[actors.a{a}]\nname = \"Actor {a}\"\n");
    }
    for c in 0..cols {
        let absent: Vec<String> = (0..grid.len()).filter(|&a| grid[a][c] == 4).map(|a| format!("\"a{a}\"")).collect();
        let _ = writeln!(
            s,
            "[claims.c{c}]\ntext = \"Claim {c}\"\ntags = [\"session:{}\", \"t{}\"]\nabsent = [{}]\n",
            session[c],
            c % 2,
            absent.join(", ")
        );
    }
    for (a, row) in grid.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if (1..=3).contains(&v) {
                let _ = writeln!(
                    s,
                    "[[stances]]\nactor = \"a{a}\"\nclaim = \"c{c}\"\nposition = \"{}\"\ndate = {}-01-01\n",
                    POS[v as usize],
                    2000 + year[c]
                );
            }
        }
    }
    s
}

fn load(text: &str) -> ArgMap {
    load_str("grid.toml", text, Format::Toml).into_map().unwrap()
}

fn grid_map(grid: &[Vec<u8>]) -> ArgMap {
    let cols = grid.first().map_or(0, Vec::len);
    load(&map_text(grid, &vec![0; cols], &vec![1; cols]))
}

/// Parse a profile written with `+ - ~ a .` into cell codes.
fn row(s: &str) -> Vec<u8> {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '+' => 1,
            '-' => 2,
            '~' => 3,
            'a' => 4,
            _ => 0,
        })
        .collect()
}

fn actor_id(m: &Matrix<'_>, r: usize) -> String {
    m.map.actor(m.actors[r]).id.clone()
}

fn claim_id(m: &Matrix<'_>, c: usize) -> String {
    m.map.claim(m.claims[c]).id.clone()
}

// ---------------------------------------------------------------------------
// Scale: known answers

/// Nine actors passing 0 to 8 of the steps of four claims in scale order:
/// a perfect scale. The claims are written in the map in another order.
fn perfect() -> Vec<Vec<u8>> {
    // Columns: c0 c1 c2 c3; the scale order is c2 > c0 > c3 > c1.
    // k passes: the k first steps of c2, c0, c3, c1 (abstain, then affirm).
    (0..9)
        .map(|k: usize| {
            let mut r = vec![2u8; 4];
            for (i, &c) in [2usize, 0, 3, 1].iter().enumerate() {
                let passed = k.saturating_sub(2 * i).min(2);
                r[c] = [2, 3, 1][passed];
            }
            r
        })
        .collect()
}

#[test]
fn a_perfect_scale_reproduces_exactly() {
    let map = grid_map(&perfect());
    let m = Matrix::build(&map, None, None);
    let sc = scale::scale(&m);
    assert_eq!(sc.errors, 0);
    assert_eq!(sc.responses, 9 * 8);
    assert_eq!(sc.reproducibility(), Some(1.0));
    assert!(sc.anomalies().is_empty());
    let claims: Vec<String> = sc.claims.iter().map(|&c| claim_id(&m, c)).collect();
    assert_eq!(claims, ["c2", "c0", "c3", "c1"]);
    let actors: Vec<String> = sc.actors.iter().map(|a| actor_id(&m, a.row)).collect();
    assert_eq!(actors, ["a8", "a7", "a6", "a5", "a4", "a3", "a2", "a1", "a0"]);
    let scores: Vec<u32> = sc.actors.iter().map(|a| a.score).collect();
    assert_eq!(scores, [8, 7, 6, 5, 4, 3, 2, 1, 0]);
    // The minimal marginal reproducibility: steps passed by 8, 7, ..., 1 of 9.
    let marginal: u64 = (1..=8u64).map(|p| p.max(9 - p)).sum();
    assert_eq!(sc.marginal, marginal);
}

/// The perfect scale and one actor out of place: it denies c2 (the most
/// affirmed claim) and affirms c0. With it, c2's "affirms" step and c0's
/// "at least abstains" step are passed by 7 of 10 each (a tie), so its two
/// passes should be c2's first step and one of that tied pair: it fails
/// the first (1 error), passes c0's first step (inside the tie: no error)
/// and c0's second (1 error). Reproducibility 1 - 2/80.
#[test]
fn a_scale_with_known_errors() {
    let mut grid = perfect();
    grid.push(row("+ - - -"));
    let map = grid_map(&grid);
    let m = Matrix::build(&map, None, None);
    let sc = scale::scale(&m);
    assert_eq!((sc.errors, sc.responses), (2, 80));
    assert_eq!(sc.reproducibility(), Some(1.0 - 2.0 / 80.0));
    let anomalies = sc.anomalies();
    assert_eq!(anomalies.len(), 1);
    let x = anomalies[0];
    assert_eq!(actor_id(&m, x.row), "a9");
    assert_eq!((x.score, x.answered, x.errors), (2, 8, 2));
    let breaks: Vec<(String, u8, u8)> =
        x.breaks.iter().map(|b| (claim_id(&m, b.col), b.observed, b.expected)).collect();
    assert_eq!(breaks, [("c2".to_string(), 0, 1), ("c0".to_string(), 2, 1)]);
    // The anomalies come first in every listing.
    assert_eq!(actor_id(&m, sc.listed()[0].row), "a9");
    let csv = scale::scale_csv(&m, &sc, stances::CsvCells::Guarded);
    let second = csv.lines().nth(1).unwrap();
    assert!(second.contains(",a9,Actor 9,2,8,2,c2 denies (scale: abstains); c0 affirms (scale: abstains)"), "{second}");
}

/// Errors by brute force: for an actor passing `k` of its answered steps,
/// the least number of steps to change so that the passed steps are `k`
/// steps no less popular than any failed one.
/// A step: claim, level, passes, answered.
type OracleStep = (usize, u8, u64, u64);

fn oracle_scale(grid: &[Vec<u8>]) -> (Vec<u32>, u64, u64) {
    let cols = grid.first().map_or(0, Vec::len);
    let score = |v: u8| match v {
        1 => Some(2u8),
        3 => Some(1),
        2 => Some(0),
        _ => None,
    };
    // Steps (claim, level) with their popularity as (passes, answered).
    let mut pop = Vec::new();
    for c in 0..cols {
        let answers: Vec<u8> = grid.iter().filter_map(|r| score(r[c])).collect();
        if answers.is_empty() {
            continue;
        }
        for level in 1..=2u8 {
            let passes = answers.iter().filter(|&&v| v >= level).count() as u64;
            pop.push((c, level, passes, answers.len() as u64));
        }
    }
    let more_popular = |x: &OracleStep, y: &OracleStep| x.2 * y.3 > y.2 * x.3;
    let mut errors = Vec::new();
    let mut responses = 0;
    for r in grid {
        let mine: Vec<(&OracleStep, bool)> = pop.iter().filter_map(|s| score(r[s.0]).map(|v| (s, v >= s.1))).collect();
        if mine.is_empty() {
            continue;
        }
        responses += mine.len() as u64;
        let k = mine.iter().filter(|x| x.1).count() as u32;
        let mut best = u32::MAX;
        for set in 0u32..(1 << mine.len()) {
            if set.count_ones() != k {
                continue;
            }
            let inside = |i: usize| set & (1 << i) != 0;
            let closed = (0..mine.len())
                .all(|i| !inside(i) || (0..mine.len()).all(|j| inside(j) || !more_popular(mine[j].0, mine[i].0)));
            if closed {
                let diff = (0..mine.len()).filter(|&i| inside(i) != mine[i].1).count() as u32;
                best = best.min(diff);
            }
        }
        errors.push(best);
    }
    let total = errors.iter().map(|&e| u64::from(e)).sum();
    (errors, total, responses)
}

// ---------------------------------------------------------------------------
// Patterns: brute force

/// Patterns by brute force: actor `i` and `j` are alike when every cell is
/// equal; groups as sets, sizes largest first.
fn oracle_patterns(grid: &[Vec<u8>]) -> BTreeSet<(Vec<u8>, BTreeSet<usize>)> {
    let mut out = BTreeSet::new();
    for i in 0..grid.len() {
        let same: BTreeSet<usize> = (0..grid.len()).filter(|&j| grid[i] == grid[j]).collect();
        out.insert((grid[i].clone(), same));
    }
    out
}

#[test]
fn patterns_on_a_small_grid() {
    let grid = vec![row("++~"), row("--a"), row("++~"), row("..+"), row("--a"), row("++~"), row("++-")];
    let map = grid_map(&grid);
    let m = Matrix::build(&map, None, None);
    let pats = patterns::patterns(&m);
    let got: Vec<(String, Vec<String>)> = pats
        .iter()
        .map(|p| {
            let profile: String = p.profile.iter().map(|&c| ['.', '+', '-', '~', 'a'][c as usize]).collect();
            (profile, p.rows.iter().map(|&r| actor_id(&m, r)).collect())
        })
        .collect();
    let want = [("++~", vec!["a0", "a2", "a5"]), ("--a", vec!["a1", "a4"]), ("..+", vec!["a3"]), ("++-", vec!["a6"])];
    let want: Vec<(String, Vec<String>)> =
        want.iter().map(|(p, a)| (p.to_string(), a.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(got, want);
}

// ---------------------------------------------------------------------------
// Blocs: known answers

/// Two groups of three on ten claims: inside a group everyone votes alike
/// but for `a2`, which differs from `a0` and `a1` on one claim; the groups
/// vote against each other everywhere (a block-diagonal agreement).
fn two_groups() -> Vec<Vec<u8>> {
    let p = row("+ + + + + - - - ~ ~");
    let q = row("- - - - - + + + + +");
    let mut a2 = p.clone();
    a2[9] = 1;
    vec![p.clone(), p.clone(), a2, q.clone(), q.clone(), q]
}

fn bloc_ids(m: &Matrix<'_>, found: &[Bloc]) -> Vec<Vec<String>> {
    found.iter().map(|b| b.rows.iter().map(|&r| actor_id(m, r)).collect()).collect()
}

#[test]
fn blocs_on_block_diagonal_agreement() {
    let map = grid_map(&two_groups());
    let m = Matrix::build(&map, None, None);
    let agreement = Agreement::compute(&m);
    let found = blocs::blocs(&m, &agreement, 0.5, 1).unwrap();
    // Equal sizes: the more cohesive first.
    assert_eq!(bloc_ids(&m, &found), [vec!["a3", "a4", "a5"], vec!["a0", "a1", "a2"]]);
    // a0-a1 10/10, a0-a2 9/10, a1-a2 9/10: cohesion 28/30.
    assert_eq!((found[1].agreements, found[1].shared), (28, 30));
    assert_eq!((found[0].agreements, found[0].shared), (30, 30));
    // Agreement index: nine claims all alike (1), one 2 to 1 ((2 - 1/2) / 3 = 0.5).
    assert!((found[1].agreement_index.unwrap() - 9.5 / 10.0).abs() < 1e-12);
    assert_eq!(found[0].agreement_index, Some(1.0));
    // Above 0.9 a2 (9/10 with each of the others: 18/20) stays alone.
    let found = blocs::blocs(&m, &agreement, 0.95, 1).unwrap();
    assert_eq!(bloc_ids(&m, &found), [vec!["a3", "a4", "a5"], vec!["a0", "a1"], vec!["a2"]]);
    assert_eq!(found[2].agreement_index, None);
    // At 0 everyone is one bloc.
    let found = blocs::blocs(&m, &agreement, 0.0, 1).unwrap();
    assert_eq!(found.len(), 1);
    assert!(blocs::blocs(&m, &agreement, 1.5, 1).is_err());
}

/// No two blocs of a result could still merge: their linkage is below the cut.
fn oracle_blocs_final(m: &Matrix<'_>, agreement: &Agreement, found: &[Bloc], cut: f64, min: u32) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for b in found {
        for &r in &b.rows {
            if !seen.insert(r) {
                return Err(format!("row {r} in two blocs"));
            }
        }
    }
    if seen.len() != m.rows() {
        return Err("not every row is in a bloc".into());
    }
    for (x, a) in found.iter().enumerate() {
        for b in &found[x + 1..] {
            let (mut agree, mut shared) = (0u64, 0u64);
            for &i in &a.rows {
                for &j in &b.rows {
                    let p = agreement.get(i, j);
                    if p.shared >= min.max(1) {
                        agree += u64::from(p.agreements);
                        shared += u64::from(p.shared);
                    }
                }
            }
            if shared > 0 && agree as f64 >= cut * shared as f64 {
                return Err(format!("blocs {:?} and {:?} link at {agree}/{shared}", a.rows, b.rows));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Random grids

fn grid() -> impl Strategy<Value = Vec<Vec<u8>>> {
    (1usize..8, 1usize..5).prop_flat_map(|(rows, cols)| {
        // Weighted: mostly positions, some no stance and absent.
        let cell = prop_oneof![3 => Just(1u8), 2 => Just(2u8), 2 => Just(3u8), 1 => Just(0u8), 1 => Just(4u8)];
        prop::collection::vec(prop::collection::vec(cell, cols), rows)
    })
}

/// An actor on the scale: id, score, answered, errors, breaks (claim, observed, expected).
type ScaledSummary = (String, u32, u32, u32, Vec<(String, u8, u8)>);

/// Everything the analyses report, by actor and claim ids, so that two
/// matrices of one map in different orders can be compared.
#[derive(Debug, PartialEq)]
struct Summary {
    patterns: Vec<(BTreeMap<String, u8>, Vec<String>)>,
    scale_claims: Vec<String>,
    scale_actors: Vec<ScaledSummary>,
    scale_listed: Vec<String>,
    scale_totals: (u64, u64, u64),
    blocs: Vec<(Vec<String>, u64, u64, Option<i64>)>,
}

fn summary(m: &Matrix<'_>, cut: f64) -> Summary {
    let pats = patterns::patterns(m);
    let sc: Scale = scale::scale(m);
    let agreement = Agreement::compute(m);
    let found = blocs::blocs(m, &agreement, cut, 1).unwrap();
    Summary {
        patterns: pats
            .iter()
            .map(|p| {
                let profile = p.profile.iter().enumerate().map(|(c, &v)| (claim_id(m, c), v)).collect();
                (profile, p.rows.iter().map(|&r| actor_id(m, r)).collect())
            })
            .collect(),
        scale_claims: sc.claims.iter().map(|&c| claim_id(m, c)).collect(),
        scale_actors: sc
            .actors
            .iter()
            .map(|a| {
                let breaks = a.breaks.iter().map(|b| (claim_id(m, b.col), b.observed, b.expected)).collect();
                (actor_id(m, a.row), a.score, a.answered, a.errors, breaks)
            })
            .collect(),
        scale_listed: sc.listed().iter().map(|a| actor_id(m, a.row)).collect(),
        scale_totals: (sc.errors, sc.responses, sc.marginal),
        blocs: found
            .iter()
            .map(|b| {
                let ai = b.agreement_index.map(|x| (x * 1e9).round() as i64);
                (b.rows.iter().map(|&r| actor_id(m, r)).collect(), b.agreements, b.shared, ai)
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(proptest_config(200))]

    /// Patterns are the classes of equal rows, largest first, ties by the
    /// first member's id.
    #[test]
    fn patterns_match_brute_force(grid in grid()) {
        let map = grid_map(&grid);
        let m = Matrix::build(&map, Some(&(0..grid.len() as u32).collect::<Vec<_>>()), Some(&(0..grid[0].len() as u32).collect::<Vec<_>>()));
        let pats = patterns::patterns(&m);
        let got: BTreeSet<(Vec<u8>, BTreeSet<usize>)> =
            pats.iter().map(|p| (p.profile.clone(), p.rows.iter().copied().collect())).collect();
        prop_assert_eq!(got, oracle_patterns(&grid));
        for w in pats.windows(2) {
            prop_assert!(w[0].rows.len() > w[1].rows.len()
                || (w[0].rows.len() == w[1].rows.len() && w[0].rows[0] < w[1].rows[0]));
        }
        prop_assert_eq!(pats.iter().map(|p| p.rows.len()).sum::<usize>(), grid.len());
    }

    /// Each actor's scale errors are the fewest changes that make its
    /// answers a perfect pattern (brute force over all patterns).
    #[test]
    fn scale_errors_match_brute_force(grid in grid()) {
        let map = grid_map(&grid);
        let m = Matrix::build(&map, Some(&(0..grid.len() as u32).collect::<Vec<_>>()), Some(&(0..grid[0].len() as u32).collect::<Vec<_>>()));
        let sc = scale::scale(&m);
        let (errors, total, responses) = oracle_scale(&grid);
        let mut by_row: Vec<(usize, u32)> = sc.actors.iter().map(|a| (a.row, a.errors)).collect();
        by_row.sort();
        prop_assert_eq!(by_row.iter().map(|x| x.1).collect::<Vec<_>>(), errors);
        prop_assert_eq!((sc.errors, sc.responses), (total, responses));
        // Breaks: each break is a claim whose score differs, and the
        // steps out of place add up to the errors.
        for a in &sc.actors {
            let moved: u32 = a.breaks.iter().map(|b| u32::from(b.observed.abs_diff(b.expected))).sum();
            prop_assert_eq!(moved, a.errors);
        }
    }

    /// Blocs: a partition that no further merge at the cut would change.
    #[test]
    fn blocs_cannot_merge_further(grid in grid(), cut in 0.0f64..=1.0) {
        let map = grid_map(&grid);
        let m = Matrix::build(&map, None, None);
        let agreement = Agreement::compute(&m);
        let found = blocs::blocs(&m, &agreement, cut, 1).unwrap();
        if let Err(e) = oracle_blocs_final(&m, &agreement, &found, cut, 1) {
            prop_assert!(false, "{}", e);
        }
    }

    /// The analyses do not depend on the order of actors or claims.
    #[test]
    fn analyses_do_not_depend_on_order(
        grid in grid(),
        seed in any::<u64>(),
        cut in prop_oneof![Just(0.0), Just(0.5), Just(0.75), Just(0.9), Just(1.0)],
    ) {
        let map = grid_map(&grid);
        let (rows, cols) = (grid.len(), grid[0].len());
        let shuffle = |n: usize, mut x: u64| {
            let mut v: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                v.swap(i, (x >> 33) as usize % (i + 1));
            }
            v
        };
        let plain = Matrix::build(&map, Some(&shuffle(rows, 0)), Some(&shuffle(cols, 0)));
        let (ra, ca) = (shuffle(rows, seed), shuffle(cols, seed ^ 0x9e37_79b9));
        let moved = Matrix::build(&map, Some(&ra), Some(&ca));
        prop_assert_eq!(summary(&plain, cut), summary(&moved, cut));
    }

    /// Agreement period by period, counted by hand; --from/--to keep the
    /// stances in the range only.
    #[test]
    fn timeline_and_dates_match_brute_force(
        grid in grid(),
        years in prop::collection::vec(0u16..3, 4),
        sessions in prop::collection::vec(1u32..3, 4),
    ) {
        let cols = grid[0].len();
        let map = load(&map_text(&grid, &years[..cols], &sessions[..cols]));
        let m = Matrix::build(&map, None, None);
        for by in [By::Session, By::Year] {
            let Some(row) = (0..m.rows()).next() else { continue };
            let others: Vec<usize> = (0..m.rows()).collect();
            let t = timeline::timeline(&m, row, by, &others);
            // The periods of the claims as columns.
            let mut expect: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for c in 0..m.cols() {
                let i: usize = claim_id(&m, c)[1..].parse().unwrap();
                let with_stance = grid.iter().any(|r| (1..=3).contains(&r[i]));
                let period = match by {
                    By::Session => Some(sessions[i]),
                    By::Year => with_stance.then(|| 2000 + u32::from(years[i])),
                };
                if let Some(p) = period {
                    expect.entry(p).or_default().push(i);
                }
            }
            prop_assert_eq!(&t.periods, &expect.keys().copied().collect::<Vec<_>>());
            let me: usize = actor_id(&m, row)[1..].parse().unwrap();
            for (p, claims) in expect.values().enumerate() {
                prop_assert_eq!(t.claims[p], claims.len());
                for (k, &o) in others.iter().enumerate() {
                    let j: usize = actor_id(&m, o)[1..].parse().unwrap();
                    let both: Vec<usize> = claims.iter().copied()
                        .filter(|&c| (1..=3).contains(&grid[me][c]) && (1..=3).contains(&grid[j][c])).collect();
                    let agree = both.iter().filter(|&&c| grid[me][c] == grid[j][c]).count() as u32;
                    prop_assert_eq!(t.pairs[p][k], stances::Pair { agreements: agree, shared: both.len() as u32 });
                }
            }
        }
        // Dates: only year 2001 (stances dated 2001-01-01).
        let d = elenchus::model::Date::parse("2001-01-01").unwrap();
        let sel = Selection { from: Some(d), to: Some(d), ..Selection::default() };
        let dm = Matrix::build_selected(&map, &sel);
        let kept: Vec<usize> = (0..cols)
            .filter(|&c| years[c] == 1 && grid.iter().any(|r| (1..=3).contains(&r[c])))
            .collect();
        prop_assert_eq!((0..dm.cols()).map(|c| claim_id(&dm, c)).collect::<Vec<_>>(),
            kept.iter().map(|c| format!("c{c}")).collect::<Vec<_>>());
        for r in 0..dm.rows() {
            let a: usize = actor_id(&dm, r)[1..].parse().unwrap();
            for (k, &c) in kept.iter().enumerate() {
                prop_assert_eq!(dm.code(r, k), grid[a][c]);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Filters

#[test]
fn claims_by_tag_or_id_and_dates() {
    let grid = vec![row("+-~+"), row("-+~-"), row("++++")];
    let map = load(&map_text(&grid, &[0, 1, 2, 3], &[1, 1, 2, 2]));
    // `t0` is the tag of c0 and c2; c3 by id; c2 named twice counts once.
    let items: Vec<String> = ["t0", "c3", "c2"].iter().map(|s| s.to_string()).collect();
    let claims = stances::select_claims(&map, &items).unwrap();
    let ids: Vec<&str> = claims.iter().map(|&c| map.claim(c).id.as_str()).collect();
    assert_eq!(ids, ["c0", "c2", "c3"]);
    let err = stances::select_claims(&map, &["t3".to_string()]).unwrap_err();
    assert!(err.contains("no claim with id or tag `t3`") && err.contains("did you mean"), "{err}");
    let date = |s: &str| elenchus::model::Date::parse(s);
    let sel = Selection { claims: Some(claims), from: date("2001-06-01"), to: None, ..Selection::default() };
    let m = Matrix::build_selected(&map, &sel);
    assert_eq!((0..m.cols()).map(|c| claim_id(&m, c)).collect::<Vec<_>>(), ["c2", "c3"]);
    let sel = Selection { to: date("2001-12-31"), ..Selection::default() };
    let m = Matrix::build_selected(&map, &sel);
    assert_eq!((0..m.cols()).map(|c| claim_id(&m, c)).collect::<Vec<_>>(), ["c0", "c1"]);
}

/// A map where `x` agrees 1 of 1 with `y` and 4 of 5 with `z`.
const LIKE: &str = r#"
[map]
title = "like"

[actors.x]
affirms = ["p1", "p2", "p3", "p4"]
denies = ["p5"]
[actors.y]
affirms = ["p1"]
[actors.z]
affirms = ["p1", "p2", "p3", "p4", "p5"]
[claims.p1]
text = "1"
[claims.p2]
text = "2"
[claims.p3]
text = "3"
[claims.p4]
text = "4"
[claims.p5]
text = "5"
"#;

#[test]
fn like_defaults_to_a_minimum_of_shared_claims() {
    let map = load(LIKE);
    let m = Matrix::build(&map, None, None);
    let x = m.row_of(map.actor_id("x").unwrap()).unwrap();
    // Five positions: at least three shared claims.
    assert_eq!(stances::like_min_shared(&m, x), 3);
    let out = run(&["stances", "-", "--input-format", "toml", "--like", "x", "--format", "csv"], LIKE);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "rank,actor,name,agreements,shared,agreement\n1,z,z,4,5,0.800000\n");
    let out =
        run(&["stances", "-", "--input-format", "toml", "--like", "x", "--format", "csv", "--min-shared", "1"], LIKE);
    assert_eq!(out.stdout, "rank,actor,name,agreements,shared,agreement\n1,y,y,1,1,1.000000\n2,z,z,4,5,0.800000\n");
    let out = run(&["stances", "-", "--input-format", "toml", "--like", "x"], LIKE);
    assert!(out.stdout.contains("Not ranked (1, sharing too few claims with x): y"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------
// CLI

fn svg_ok(s: &str) {
    let doc = roxmltree::Document::parse(s).unwrap_or_else(|e| panic!("{e}\n{s}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
}

#[test]
fn cli_every_analysis_in_every_format() {
    let mut grid = perfect();
    grid.push(row("+ - - -"));
    let text = map_text(&grid, &[0, 0, 1, 1], &[70, 71, 71, 72]);
    for mode in [
        &["--patterns"][..],
        &["--scale"],
        &["--blocs"],
        &["--blocs", "--cut", "75%"],
        &["--like", "a9", "--by", "session"],
        &["--like", "a9", "--by", "year"],
    ] {
        for format in ["table", "csv", "json", "svg"] {
            let mut args = vec!["stances", "-", "--input-format", "toml"];
            args.extend_from_slice(mode);
            args.extend_from_slice(&["--format", format]);
            let out = run(&args, &text);
            assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
            match format {
                "json" => {
                    let _: Value = serde_json::from_str(&out.stdout).unwrap();
                }
                "svg" => svg_ok(&out.stdout),
                "csv" => {
                    let width = out.stdout.lines().next().unwrap().split(',').count();
                    assert!(out.stdout.lines().all(|l| l.split(',').count() == width), "{args:?}\n{}", out.stdout);
                }
                _ => assert!(!out.stdout.is_empty()),
            }
            // Deterministic.
            assert_eq!(run(&args, &text).stdout, out.stdout);
        }
    }
}

#[test]
fn cli_scale_lists_the_anomaly_first_with_its_breaking_votes() {
    let mut grid = perfect();
    grid.push(row("+ - - -"));
    let text = map_text(&grid, &[0; 4], &[1; 4]);
    let out = run(&["stances", "-", "--input-format", "toml", "--scale"], &text);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Reproducibility 0.975 = 1 - 2 errors / 80 responses"), "{}", out.stdout);
    assert!(out.stdout.contains("Anomalies: 1 actors"), "{}", out.stdout);
    let line = out.stdout.lines().find(|l| l.starts_with("a9 ")).unwrap();
    assert!(line.ends_with("c0 affirms (scale: abstains)"), "{line}");
    assert!(line.contains("c2 denies (scale: abstains); c0 affirms (scale: abstains)"), "{line}");
    let json: Value = serde_json::from_str(
        &run(&["stances", "-", "--input-format", "toml", "--scale", "--format", "json"], &text).stdout,
    )
    .unwrap();
    assert_eq!(json["errors"], 2);
    assert_eq!(json["responses"], 80);
    assert_eq!(json["actors"][0]["actor"], "a9");
    assert_eq!(json["actors"][0]["breaks"][0]["claim"], "c2");
    assert_eq!(json["claims"][0]["id"], "c2");
    // The scale of the claims tagged t0 (c0, c2) only.
    let json: Value = serde_json::from_str(
        &run(&["stances", "-", "--input-format", "toml", "--scale", "--claims", "t0", "--format", "json"], &text)
            .stdout,
    )
    .unwrap();
    let ids: Vec<&str> = json["claims"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c2", "c0"]);
}

#[test]
fn cli_patterns_and_blocs() {
    let text = map_text(&two_groups(), &[0; 10], &[1; 10]);
    let out = run(&["stances", "-", "--input-format", "toml", "--patterns", "--format", "csv"], &text);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "pattern,actors,c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,members");
    assert_eq!(lines[1], "1,3,denies,denies,denies,denies,denies,affirms,affirms,affirms,affirms,affirms,a3;a4;a5");
    assert_eq!(lines[2], "2,2,affirms,affirms,affirms,affirms,affirms,denies,denies,denies,abstains,abstains,a0;a1");
    assert_eq!(lines.len(), 4);
    let json: Value = serde_json::from_str(
        &run(&["stances", "-", "--input-format", "toml", "--blocs", "--cut", "0.5", "--format", "json"], &text).stdout,
    )
    .unwrap();
    assert_eq!(json["blocs"][1]["actors"], serde_json::json!(["a0", "a1", "a2"]));
    assert_eq!(json["blocs"][1]["agreements"], 28);
    assert_eq!(json["blocs"][1]["shared"], 30);
    let out = run(&["stances", "-", "--input-format", "toml", "--blocs", "--cut", "0.95"], &text);
    assert!(out.stdout.contains("2 blocs of two or more actors and 1 actors on their own"), "{}", out.stdout);
    // Bad values: clear errors, nonzero exit.
    for (args, msg) in [
        (&["--blocs", "--cut", "1.5"][..], "is not a cut"),
        (&["--patterns", "--from", "2020-02-30"], "is not a date"),
        (&["--by", "year"], "--like"),
        (&["--patterns", "--scale"], "cannot be used with"),
        (&["--scale", "--claims", "nosuch"], "no claim with id or tag `nosuch`"),
    ] {
        let mut all = vec!["stances", "-", "--input-format", "toml"];
        all.extend_from_slice(args);
        let out = run(&all, &text);
        assert_ne!(out.code, 0, "{args:?}");
        assert!(out.stderr.contains(msg), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn cli_agreement_by_session() {
    // Sessions 70 (c0), 71 (c1, c2), 72 (c3).
    let grid = vec![row("+ + - ~"), row("+ - - ~"), row("- - + +")];
    let text = map_text(&grid, &[0, 0, 1, 1], &[70, 71, 71, 72]);
    let out =
        run(&["stances", "-", "--input-format", "toml", "--like", "a0", "--by", "session", "--format", "csv"], &text);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "session,claims,actor,name,agreements,shared,agreement\n\
         70,1,a1,Actor 1,1,1,1.000000\n70,1,a2,Actor 2,0,1,0.000000\n\
         71,2,a1,Actor 1,1,2,0.500000\n71,2,a2,Actor 2,0,2,0.000000\n\
         72,1,a1,Actor 1,1,1,1.000000\n72,1,a2,Actor 2,0,1,0.000000\n"
    );
    let out = run(&["stances", "-", "--input-format", "toml", "--like", "a0", "--by", "year", "--actors", "a1"], &text);
    assert!(out.stdout.contains("   2000       2   50.0%"), "{}", out.stdout);
    assert!(out.stdout.contains("   2001       2  100.0%"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------
// The ES-11 votes

#[test]
fn es11_patterns_scale_and_blocs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/unga-es11.toml");
    let map = elenchus::load_file(&path).unwrap().into_map().unwrap();
    let m = Matrix::build(&map, None, None);
    let id = |r: usize| actor_id(&m, r);
    let pats = patterns::patterns(&m);
    assert_eq!(pats.iter().map(|p| p.rows.len()).sum::<usize>(), 193);
    // Yes on all six first; Cambodia's "condemn the act, withhold the penalty" second.
    assert!(pats[0].profile.iter().all(|&c| c == stances::AFFIRMS));
    let cambodia = pats.iter().position(|p| p.rows.iter().any(|&r| id(r) == "cambodia")).unwrap();
    assert_eq!(cambodia, 1);
    assert_eq!(pats[1].rows.len(), 23);
    let sc = scale::scale(&m);
    let r = sc.reproducibility().unwrap();
    assert!(r > 0.95 && r > sc.minimal_marginal().unwrap(), "{r}");
    // Cambodia fits the scale; the two penalties (ES-11/3 and 11/5) are its top.
    let c = sc.actors.iter().find(|a| id(a.row) == "cambodia").unwrap();
    assert_eq!((c.errors, c.score, c.answered), (0, 10, 12));
    let last: Vec<String> = sc.claims[4..].iter().map(|&c| claim_id(&m, c)).collect();
    assert_eq!(last, ["es-11-5", "es-11-3"]);
    let agreement = Agreement::compute(&m);
    let found = blocs::blocs(&m, &agreement, blocs::DEFAULT_CUT, 1).unwrap();
    let with_cambodia = found.iter().find(|b| b.rows.iter().any(|&r| id(r) == "cambodia")).unwrap();
    assert!(with_cambodia.rows.iter().any(|&r| id(r) == "brazil"));
    assert!(!with_cambodia.rows.iter().any(|&r| id(r) == "united-states"));
}

/// The table shows the first eight breaking votes of an actor and counts
/// the rest; CSV gives them all.
#[test]
fn cli_scale_table_shortens_long_lists_of_breaks() {
    // Two actors for each k affirm c0 .. c(k-1) and deny the rest: a perfect
    // scale; the last actor reverses it and breaks all ten claims.
    let mut grid: Vec<Vec<u8>> = (0..22).map(|i| (0..10).map(|c| if c < i / 2 { 1 } else { 2 }).collect()).collect();
    grid.push((0..10).map(|c| if c < 5 { 2 } else { 1 }).collect());
    let text = map_text(&grid, &[0; 10], &[1; 10]);
    let out = run(&["stances", "-", "--input-format", "toml", "--scale"], &text);
    let line = out.stdout.lines().find(|l| l.starts_with("a22 ")).unwrap();
    assert_eq!(line.matches("(scale: ").count(), 8, "{line}");
    assert!(line.ends_with("; and 2 more"), "{line}");
    let csv = run(&["stances", "-", "--input-format", "toml", "--scale", "--format", "csv"], &text).stdout;
    let row = csv.lines().find(|l| l.contains(",a22,")).unwrap();
    assert_eq!(row.matches("(scale: ").count(), 10, "{row}");
}

// ---------------------------------------------------------------------------
// The `off-scale` rule of `check`, against the brute-force scale

/// Grids of 10 to 14 actors on 3 or 4 votes, mostly positions.
fn vote_grid() -> impl Strategy<Value = Vec<Vec<u8>>> {
    (10usize..15, 3usize..5).prop_flat_map(|(rows, cols)| {
        let cell = prop_oneof![6 => Just(1u8), 3 => Just(2u8), 2 => Just(3u8), 1 => Just(0u8)];
        prop::collection::vec(prop::collection::vec(cell, cols), rows)
    })
}

proptest! {
    #![proptest_config(proptest_config(128))]

    /// `check` reports `off-scale` for exactly the actors with scale errors,
    /// and only when the votes (proposals with at least 10 voters; at least
    /// 3 of them) form a scale: reproducibility at least 0.90 and above the
    /// minimal marginal reproducibility, all computed here by brute force.
    #[test]
    fn off_scale_reports_the_actors_that_break_a_scale(grid in vote_grid()) {
        let cols = grid[0].len();
        let text = map_text(&grid, &vec![0; cols], &vec![1; cols])
            .replace("text = \"Claim ", "kind = \"proposal\"\ntext = \"Claim ");
        let map = load(&text);
        let graph = elenchus::ClaimGraph::build(&map);
        let found: BTreeSet<String> = elenchus::check::check(&graph, &elenchus::check::CheckConfig::default())
            .into_iter()
            .filter(|f| f.rule == "off-scale")
            .map(|f| f.actor.expect("an actor"))
            .collect();
        // The votes: columns with at least 10 positions.
        let votes: Vec<usize> = (0..cols).filter(|&c| grid.iter().filter(|r| (1..=3).contains(&r[c])).count() >= 10).collect();
        let mut expected = BTreeSet::new();
        if votes.len() >= 3 {
            let sub: Vec<Vec<u8>> = grid.iter().map(|r| votes.iter().map(|&c| r[c]).collect()).collect();
            let (errors, total, responses) = oracle_scale(&sub);
            // Minimal marginal reproducibility: each step's larger side.
            let mut marginal = 0u64;
            for c in 0..votes.len() {
                let scores: Vec<u8> = sub.iter().filter_map(|r| match r[c] { 1 => Some(2), 3 => Some(1), 2 => Some(0), _ => None }).collect();
                for level in 1..=2u8 {
                    let p = scores.iter().filter(|&&s| s >= level).count() as u64;
                    marginal += p.max(scores.len() as u64 - p);
                }
            }
            let rep = 1.0 - total as f64 / responses as f64;
            let mmr = marginal as f64 / responses as f64;
            if rep >= 0.90 && rep > mmr {
                // oracle_scale lists the actors with an answer, in order.
                let answering: Vec<usize> = (0..sub.len()).filter(|&a| sub[a].iter().any(|v| (1..=3).contains(v))).collect();
                for (i, &a) in answering.iter().enumerate() {
                    if errors[i] > 0 {
                        expected.insert(format!("a{a}"));
                    }
                }
            }
        }
        prop_assert_eq!(found, expected, "{}", text);
    }
}
