//! `elenchus stances --ideal-points`: principal components of the actor ×
//! claim matrix, checked on a matrix with a known first component, against
//! an oracle (the Gram matrix's eigenvectors by power iteration, written
//! here apart from the library's subspace iteration) on many small random
//! matrices, for independence of actor and claim order, and the SVG's label
//! placement. The comparison with numpy on real votes is
//! tests/ideal_points_reference.py.

use crate::common;

use elenchus::stances::ideal::{self, IdealPoints, Options, Rect};
use elenchus::stances::{CsvCells, Matrix};
use elenchus::{ArgMap, Format, load_str};
use proptest::prelude::*;

/// A cell of a generated grid: 0 no stance, 1 yes, 2 no, 3 abstain, 4 absent.
type Grid = Vec<Vec<u8>>;

/// A TOML map of a grid: actors `a0`, `a1`, ... (named `A0`, ...), claims
/// `c0`, `c1`, ...; actors and claims written in the orders given, absences
/// as each claim's `absent` key.
fn map_text(grid: &Grid, actor_order: &[usize], claim_order: &[usize]) -> String {
    let mut s = String::from("[map]\ntitle = \"Grid\"\n\n");
    for &c in claim_order {
        s += &format!("[claims.c{c}]\ntext = \"Claim {c}.\"\n");
        let absent: Vec<String> =
            actor_order.iter().filter(|&&a| grid[a][c] == 4).map(|a| format!("\"a{a}\"")).collect();
        if !absent.is_empty() {
            s += &format!("absent = [{}]\n", absent.join(", "));
        }
    }
    for &a in actor_order {
        s += &format!("\n[actors.a{a}]\nname = \"A{a}\"\n");
        for (key, code) in [("affirms", 1), ("denies", 2), ("abstains", 3)] {
            let ids: Vec<String> =
                claim_order.iter().filter(|&&c| grid[a][c] == code).map(|c| format!("\"c{c}\"")).collect();
            s += &format!("{key} = [{}]\n", ids.join(", "));
        }
    }
    s
}

fn load(text: &str) -> ArgMap {
    load_str("grid.toml", text, Format::Toml).into_map().unwrap()
}

fn identity(n: usize) -> Vec<usize> {
    (0..n).collect()
}

/// The coordinates of each actor by id.
fn by_id(m: &Matrix<'_>, p: &IdealPoints) -> std::collections::BTreeMap<String, Vec<f64>> {
    (0..p.rows.len()).map(|i| (m.map.actor(m.actors[p.rows[i]]).id.clone(), p.coord(i).to_vec())).collect()
}

#[test]
fn known_first_component() {
    // a and b vote yes on every claim, c and d no: the centred matrix is
    // (±1/2) everywhere, of rank 1: X = u vᵀ with u = ½(1, 1, -1, -1),
    // v = (1, 1, 1). Sum of squares 12/4 = 3 = σ₁²; U₁ = ½(1, 1, -1, -1), so
    // the scores are ±√3/2; the loadings (1, 1, 1)/√3; dimension 2 is empty.
    let grid: Grid = vec![vec![1, 1, 1], vec![1, 1, 1], vec![2, 2, 2], vec![2, 2, 2]];
    let map = load(&map_text(&grid, &identity(4), &identity(3)));
    let m = Matrix::build(&map, None, None);
    let p = ideal::compute(&m, Options::default());
    assert!(p.converged);
    assert!((p.total - 3.0).abs() < 1e-12);
    assert!((p.variance[0] - 1.0).abs() < 1e-9, "{:?}", p.variance);
    assert_eq!(p.variance[1], 0.0);
    let h = 3f64.sqrt() / 2.0;
    for (i, want) in [h, h, -h, -h].iter().enumerate() {
        assert!((p.coord(i)[0] - want).abs() < 1e-9, "{i}: {:?}", p.coord(i));
        assert_eq!(p.coord(i)[1], 0.0);
    }
    for c in 0..3 {
        assert!((p.loading(c)[0] - 1.0 / 3f64.sqrt()).abs() < 1e-9);
    }
    // --positive flips the signs so that the named actor is positive.
    let c = map.actor_id("a2").unwrap();
    let q = ideal::compute(&m, Options { dims: 1, positive: Some(c) });
    assert!((q.coord(2)[0] - h).abs() < 1e-9 && (q.coord(0)[0] + h).abs() < 1e-9);
    assert!((q.loading(0)[0] + 1.0 / 3f64.sqrt()).abs() < 1e-9);

    // One abstention and one missing cell, worked by hand: claims c0, c1;
    // a: yes yes; b: abstain no; c: no (none). Means: c0 = 0.5, c1 = 0.5
    // (the missing cell is not counted). Centred rows: a (0.5, 0.5),
    // b (0, -0.5), c (-0.5, 0). Gram matrix X Xᵀ = [[.5, -.25, -.25],
    // [-.25, .25, 0], [-.25, 0, .25]]: eigenvalues 0.75 (vector (2, -1, -1)/√6)
    // and 0.25 (vector (0, 1, -1)/√2); total 0.75 + 0.25 = 1.
    let grid: Grid = vec![vec![1, 1], vec![3, 2], vec![2, 0]];
    let map = load(&map_text(&grid, &identity(3), &identity(2)));
    let m = Matrix::build(&map, None, None);
    let p = ideal::compute(&m, Options::default());
    assert!((p.variance[0] - 0.75).abs() < 1e-9 && (p.variance[1] - 0.25).abs() < 1e-9, "{:?}", p.variance);
    let s1 = 0.75f64.sqrt() / 6f64.sqrt();
    let s2 = 0.25f64.sqrt() / 2f64.sqrt();
    let want = [[2.0 * s1, 0.0], [-s1, s2], [-s1, -s2]];
    for (i, w) in want.iter().enumerate() {
        for d in 0..2 {
            assert!((p.coord(i)[d] - w[d]).abs() < 1e-9, "{i} {d}: {:?} vs {w:?}", p.coord(i));
        }
    }
    assert_eq!(p.positions, [2, 2, 1]);
}

#[test]
fn actors_without_positions_are_left_out() {
    // a3 only absent, a4 no stance at all.
    let grid: Grid = vec![vec![1, 2], vec![2, 1], vec![1, 1], vec![4, 4], vec![0, 0]];
    let map = load(&map_text(&grid, &identity(5), &identity(2)));
    let m = Matrix::build(&map, None, None);
    let p = ideal::compute(&m, Options { dims: 1, positive: None });
    assert_eq!(p.rows, [0, 1, 2]);
    assert_eq!(p.left_out, [3, 4]);
    let table = ideal::table(&m, &p, true);
    assert!(table.contains("Left out (2, no position on these claims): a3, a4"), "{table}");
    let v: serde_json::Value = serde_json::from_str(&ideal::json(&m, &p)).unwrap();
    assert_eq!(v["left_out"], serde_json::json!(["a3", "a4"]));
    // Everyone agreeing: no variance, everyone at 0.
    let grid: Grid = vec![vec![1, 2], vec![1, 2]];
    let map = load(&map_text(&grid, &identity(2), &identity(2)));
    let m = Matrix::build(&map, None, None);
    let p = ideal::compute(&m, Options::default());
    assert_eq!(p.total, 0.0);
    assert!(p.coords.iter().all(|&x| x == 0.0) && p.variance == [0.0, 0.0]);
    check_svg(&ideal::svg(&m, &p));
}

// ---------------------------------------------------------------------------
// The oracle

/// The centred matrix of a grid as the module documents it, rows of actors
/// with a position only: (rows kept, matrix).
fn oracle_matrix(grid: &Grid) -> (Vec<usize>, Vec<Vec<f64>>) {
    let val = |c: u8| match c {
        1 => Some(1.0),
        2 => Some(0.0),
        3 => Some(0.5),
        _ => None,
    };
    let cols = grid.first().map_or(0, Vec::len);
    let keep: Vec<usize> = (0..grid.len()).filter(|&a| grid[a].iter().any(|&c| val(c).is_some())).collect();
    let means: Vec<f64> = (0..cols)
        .map(|c| {
            let v: Vec<f64> = keep.iter().filter_map(|&a| val(grid[a][c])).collect();
            if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 }
        })
        .collect();
    let x = keep.iter().map(|&a| (0..cols).map(|c| val(grid[a][c]).map_or(0.0, |v| v - means[c])).collect()).collect();
    (keep, x)
}

/// The leading eigenpairs of the Gram matrix `X Xᵀ` by power iteration with
/// deflation: (eigenvalue, unit eigenvector) for each of `k`.
fn oracle_eigen(x: &[Vec<f64>], k: usize) -> Vec<(f64, Vec<f64>)> {
    let n = x.len();
    let mut g: Vec<Vec<f64>> =
        (0..n).map(|i| (0..n).map(|j| x[i].iter().zip(&x[j]).map(|(a, b)| a * b).sum()).collect()).collect();
    let mut out = Vec::new();
    for d in 0..k.min(n) {
        let mut v: Vec<f64> = (0..n).map(|i| 1.0 + (i as f64 * 0.37 + d as f64).sin()).collect();
        let mut lambda = 0.0;
        for _ in 0..20_000 {
            let w: Vec<f64> = (0..n).map(|i| g[i].iter().zip(&v).map(|(a, b)| a * b).sum()).collect();
            let norm = w.iter().map(|a| a * a).sum::<f64>().sqrt();
            if norm == 0.0 {
                break;
            }
            lambda = norm;
            let next: Vec<f64> = w.iter().map(|a| a / norm).collect();
            let moved = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            v = next;
            if moved < 1e-15 {
                break;
            }
        }
        for i in 0..n {
            for j in 0..n {
                g[i][j] -= lambda * v[i] * v[j];
            }
        }
        out.push((lambda, v));
    }
    out
}

/// Power iteration's eigenvalues separate well enough for the vectors to be
/// determined (up to sign): a relative gap of 1 % to the next and to zero.
fn well_separated(eig: &[(f64, Vec<f64>)], total: f64, dims: usize) -> bool {
    (0..dims).all(|d| {
        let here = eig.get(d).map_or(0.0, |e| e.0);
        let next = eig.get(d + 1).map_or(0.0, |e| e.0);
        here > 1e-3 * total && here - next > 1e-2 * here
    })
}

fn grid_strategy() -> impl Strategy<Value = Grid> {
    (2usize..8, 1usize..8).prop_flat_map(|(n, m)| proptest::collection::vec(proptest::collection::vec(0u8..5, m), n))
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    /// Coordinates, loadings' implied coordinates, shares of variance and the
    /// sign rule agree with the oracle.
    #[test]
    fn agrees_with_the_oracle(grid in grid_strategy(), dims in 1usize..3) {
        let map = load(&map_text(&grid, &identity(grid.len()), &identity(grid[0].len())));
        let m = Matrix::build(&map, None, None);
        let (keep, x) = oracle_matrix(&grid);
        let total: f64 = x.iter().flatten().map(|v| v * v).sum();
        let p = ideal::compute(&m, Options { dims, positive: None });
        // Rows: the actors with a position, in map order (every claim has a cell, so
        // the matrix's rows are the grid's).
        let rows: Vec<usize> = p.rows.iter().map(|&r| m.actors[r] as usize).collect();
        prop_assert_eq!(&rows, &keep);
        prop_assert!((p.total - total).abs() <= 1e-9 * (1.0 + total));
        prop_assume!(total > 1e-9);
        let eig = oracle_eigen(&x, dims + 1);
        prop_assume!(well_separated(&eig, total, dims));
        prop_assert!(p.converged);
        // The matrix has a column for each claim with a stance or an absence.
        let col_of: Vec<Option<usize>> =
            (0..grid[0].len()).map(|k| m.claims.iter().position(|&c| m.map.claim(c).id == format!("c{k}"))).collect();
        let loading = |k: usize, d: usize| col_of[k].map_or(0.0, |c| p.loading(c)[d]);
        for (d, (lambda, v)) in eig.iter().enumerate().take(dims) {
            prop_assert!((p.variance[d] - lambda / total).abs() < 1e-7, "{:?} {}", p.variance, lambda / total);
            // Scores are U σ: the eigenvector times √λ, up to sign.
            let s = lambda.sqrt();
            let big = (0..v.len()).max_by(|&i, &j| v[i].abs().total_cmp(&v[j].abs())).unwrap();
            let sign = if p.coord(big)[d] * v[big] < 0.0 { -1.0 } else { 1.0 };
            for (i, vi) in v.iter().enumerate() {
                prop_assert!((p.coord(i)[d] - sign * s * vi).abs() < 1e-6 * (1.0 + s), "{d} {i}");
            }
            // The sign rule: the first actor by id placed off the centre is positive.
            let max = (0..keep.len()).map(|i| p.coord(i)[d].abs()).fold(0.0, f64::max);
            let first = (0..keep.len()).find(|&i| p.coord(i)[d].abs() > 1e-6 * max).unwrap();
            prop_assert!(p.coord(first)[d] > 0.0);
            // The loadings are unit length, and X v = the scores.
            let norm: f64 = (0..m.cols()).map(|c| p.loading(c)[d].powi(2)).sum();
            prop_assert!((norm - 1.0).abs() < 1e-9);
            for (i, row) in x.iter().enumerate() {
                let xv: f64 = row.iter().enumerate().map(|(k, a)| a * loading(k, d)).sum();
                prop_assert!((xv - p.coord(i)[d]).abs() < 1e-6 * (1.0 + s));
            }
        }
    }

    /// The same map with its actors and claims in other orders gives the
    /// same positions to each actor, signs included.
    #[test]
    fn independent_of_order(
        grid in grid_strategy(),
        dims in 1usize..3,
        seed in any::<u64>(),
    ) {
        let (n, cols) = (grid.len(), grid[0].len());
        let (_, x) = oracle_matrix(&grid);
        let total: f64 = x.iter().flatten().map(|v| v * v).sum();
        prop_assume!(total > 1e-9 && well_separated(&oracle_eigen(&x, dims + 1), total, dims));
        let shuffle = |k: usize, salt: u64| -> Vec<usize> {
            let mut v: Vec<usize> = (0..k).collect();
            v.sort_by_key(|&i| (i as u64 ^ salt).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7);
            v
        };
        let map1 = load(&map_text(&grid, &identity(n), &identity(cols)));
        let map2 = load(&map_text(&grid, &shuffle(n, seed), &shuffle(cols, seed >> 17)));
        let (m1, m2) = (Matrix::build(&map1, None, None), Matrix::build(&map2, None, None));
        let opts = Options { dims, positive: None };
        let (p1, p2) = (ideal::compute(&m1, opts), ideal::compute(&m2, opts));
        let (a, b) = (by_id(&m1, &p1), by_id(&m2, &p2));
        prop_assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (id, ca) in &a {
            for d in 0..dims {
                prop_assert!((ca[d] - b[id][d]).abs() < 1e-7 * (1.0 + total), "{} {}: {:?} {:?}", id, d, ca, b[id]);
            }
        }
        // The outputs list actors in the same order.
        let order = |m: &Matrix<'_>, p: &IdealPoints| -> Vec<String> {
            p.order(m).iter().map(|&i| m.map.actor(m.actors[p.rows[i]]).id.clone()).collect()
        };
        let (o1, o2) = (order(&m1, &p1), order(&m2, &p2));
        // Equal coordinates may come out a rounding error apart: compare where they differ.
        for (i, id) in o1.iter().enumerate() {
            let j = o2.iter().position(|x| x == id).unwrap();
            if i != j {
                prop_assert!((a[id][0] - a[&o1[j]][0]).abs() < 1e-7 * (1.0 + total));
            }
        }
    }

    /// Labels never intersect each other or an obstacle, stay within the
    /// horizontal bounds, and the placement is deterministic.
    #[test]
    fn labels_do_not_overlap(
        pts in proptest::collection::vec((0.0f64..400.0, 0.0f64..300.0, 5.0f64..120.0, 8.0f64..16.0), 0..80),
        walls in proptest::collection::vec((0.0f64..400.0, 0.0f64..300.0, 1.0f64..50.0, 1.0f64..50.0), 0..10),
    ) {
        let points: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.1)).collect();
        let sizes: Vec<(f64, f64)> = pts.iter().map(|p| (p.2, p.3)).collect();
        let obstacles: Vec<Rect> = walls.iter().map(|w| Rect { x: w.0, y: w.1, w: w.2, h: w.3 }).collect();
        let boxes = ideal::place_labels(&points, &sizes, &obstacles, 0.0, 500.0);
        prop_assert_eq!(boxes.len(), points.len());
        for (i, b) in boxes.iter().enumerate() {
            prop_assert!(b.x >= 0.0 && b.x + b.w <= 500.0 + 1e-9);
            prop_assert_eq!((b.w, b.h), sizes[i]);
            for o in &obstacles {
                prop_assert!(!b.intersects(o), "{:?} {:?}", b, o);
            }
            for c in &boxes[..i] {
                prop_assert!(!b.intersects(c), "{:?} {:?}", b, c);
            }
        }
        prop_assert_eq!(boxes, ideal::place_labels(&points, &sizes, &obstacles, 0.0, 500.0));
    }
}

#[test]
fn rect_intersection() {
    let r = |x, y, w, h| Rect { x, y, w, h };
    assert!(r(0.0, 0.0, 10.0, 10.0).intersects(&r(5.0, 5.0, 10.0, 10.0)));
    assert!(!r(0.0, 0.0, 10.0, 10.0).intersects(&r(10.0, 0.0, 10.0, 10.0)), "touching edges");
    assert!(!r(0.0, 0.0, 10.0, 10.0).intersects(&r(0.0, 11.0, 10.0, 10.0)));
    assert!(r(0.0, 0.0, 10.0, 10.0).intersects(&r(2.0, 2.0, 1.0, 1.0)), "inside");
}

// ---------------------------------------------------------------------------
// A larger map: three blocs, and the SVG

/// 150 actors in three blocs of unequal size on 40 claims, with noise: bloc
/// `k` votes yes where `(claim + k) % 3 != 0`; some votes flipped, some
/// abstentions, some absences; names with characters XML escapes.
fn bloc_grid() -> Grid {
    let mut h: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        h
    };
    (0..150)
        .map(|a| {
            let k = if a < 90 {
                0
            } else if a < 130 {
                1
            } else {
                2
            };
            (0..40)
                .map(|c| {
                    let r = next() % 20;
                    let yes = (c + k) % 3 != 0;
                    match r {
                        0 => 3,
                        1 => 4,
                        2 => 0,
                        3 => {
                            if yes {
                                2
                            } else {
                                1
                            }
                        }
                        _ if yes => 1,
                        _ => 2,
                    }
                })
                .collect()
        })
        .collect()
}

fn check_svg(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc
}

#[test]
fn svg_labels_and_well_formed() {
    let grid = bloc_grid();
    let text =
        map_text(&grid, &identity(150), &identity(40)).replace("name = \"A7\"", "name = \"A7 & <Sons> \\\"q\\\"\"");
    let map = load(&text);
    let m = Matrix::build(&map, None, None);
    for dims in [1, 2] {
        let p = ideal::compute(&m, Options { dims, positive: None });
        assert!(p.converged);
        let svg = ideal::svg(&m, &p);
        let doc = check_svg(&svg);
        // A circle per actor, a label per actor (and, in 2-D, per arrow).
        let circles = doc.descendants().filter(|n| n.has_tag_name("circle")).count();
        assert_eq!(circles, 150);
        assert!(svg.contains("A7 &amp; &lt;Sons&gt; &quot;q&quot;"), "escaped name");
        let boxes = ideal::svg_label_boxes(&m, &p);
        let arrows = doc.descendants().filter(|n| n.has_tag_name("polygon")).count();
        assert_eq!(boxes.len(), 150 + arrows);
        if dims == 2 {
            assert!(arrows >= 2, "claims' directions are drawn");
        } else {
            assert_eq!(arrows, 0);
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[..i] {
                assert!(!a.intersects(b), "{a:?} {b:?}");
            }
        }
        let pct = format!("dimension 1: {:.1}% of the variance", 100.0 * p.variance[0]);
        assert!(svg.contains(&pct), "{pct}");
        assert!(svg.contains("a yes moves an actor right"));
    }
    // The blocs: bloc 0 (90 actors) and bloc 2 apart on dimension 1.
    let p = ideal::compute(&m, Options { dims: 2, positive: None });
    let mean = |lo: usize, hi: usize| (lo..hi).map(|i| p.coord(i)[0]).sum::<f64>() / (hi - lo) as f64;
    assert!((mean(0, 90) - mean(130, 150)).abs() > 1.0, "{} {}", mean(0, 90), mean(130, 150));
}

// ---------------------------------------------------------------------------
// The command line

fn cli(dir: &std::path::Path, args: &[&str]) -> common::Out {
    common::run_in(dir, args, None)
}

#[test]
fn cli_formats_and_errors() {
    let dir = common::scratch("ideal_points", "cli");
    let grid: Grid = vec![vec![1, 1, 1], vec![1, 1, 1], vec![2, 2, 2], vec![2, 2, 2]];
    std::fs::write(dir.join("m.toml"), map_text(&grid, &identity(4), &identity(3))).unwrap();
    let out = cli(&dir, &["stances", "m.toml", "--ideal-points", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "actor,name,positions,dim1,dim2\na0,A0,3,0.866025,0.000000\na1,A1,3,0.866025,0.000000\n\
         a2,A2,3,-0.866025,0.000000\na3,A3,3,-0.866025,0.000000\n"
    );
    let out = cli(&dir, &["stances", "m.toml", "--ideal-points", "--dims", "1", "--positive", "a3", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "actor,name,positions,dim1\na2,A2,3,0.866025\na3,A3,3,0.866025\na0,A0,3,-0.866025\na1,A1,3,-0.866025\n"
    );
    let out = cli(&dir, &["stances", "m.toml", "--ideal-points", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["dims"], 2);
    assert!((v["variance"][0].as_f64().unwrap() - 1.0).abs() < 1e-9);
    assert_eq!(v["actors"][0]["id"], "a0");
    assert_eq!(v["actors"][0]["positions"], 3);
    assert!((v["claims"][0]["loadings"][0].as_f64().unwrap() - 1.0 / 3f64.sqrt()).abs() < 1e-9);
    assert!(v["method"].as_str().unwrap().contains("abstain = 0.5"));
    let out = cli(&dir, &["stances", "m.toml", "--ideal-points"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("dimension 1: 100.0% of the variance; dimension 2: 0.0% of the variance"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Claims whose yes places an actor at the positive end of dimension 1:"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("   1  a0"), "{}", out.stdout);
    let quiet = cli(&dir, &["stances", "m.toml", "--ideal-points", "-q"]);
    assert!(quiet.stdout.starts_with("rank  actor"), "{}", quiet.stdout);
    let out = cli(&dir, &["stances", "m.toml", "--ideal-points", "--dims", "1", "--format", "svg"]);
    assert_eq!(out.code, 0);
    check_svg(&out.stdout);
    // Selected actors only.
    let out =
        cli(&dir, &["stances", "m.toml", "--ideal-points", "--actors", "a0,a2", "--dims", "1", "--format", "csv"]);
    assert_eq!(out.stdout, "actor,name,positions,dim1\na0,A0,3,0.866025\na2,A2,3,-0.866025\n");

    for (args, want) in [
        (vec!["--ideal-points", "--dims", "3"], "3 is not in 1..=2"),
        (vec!["--dims", "1"], "--ideal-points"),
        (vec!["--ideal-points", "--like", "a0"], "cannot be used with"),
        (vec!["--ideal-points", "--positive", "a9"], "no actor `a9`"),
        (vec!["--ideal-points", "--actors", "a0", "--positive", "a1"], "not among the selected actors"),
    ] {
        let mut all = vec!["stances", "m.toml"];
        all.extend(args.iter());
        let out = cli(&dir, &all);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stderr.contains(want), "{args:?}: {}", out.stderr);
    }
    let help = cli(&dir, &["stances", "--help"]);
    assert!(help.stdout.contains("Ideal points (--ideal-points [--dims 1|2])"), "{}", help.stdout);
}

#[test]
fn library_outputs_agree() {
    let grid = bloc_grid();
    let map = load(&map_text(&grid, &identity(150), &identity(40)));
    let m = Matrix::build(&map, None, None);
    let p = ideal::compute(&m, Options::default());
    let csv = ideal::csv(&m, &p, CsvCells::Guarded);
    let v: serde_json::Value = serde_json::from_str(&ideal::json(&m, &p)).unwrap();
    let table = ideal::table(&m, &p, false);
    // The same actors in the same order, highest on dimension 1 first.
    let from_csv: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let from_json: Vec<&str> = v["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    let from_table: Vec<&str> = table.lines().skip(1).map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(from_csv, from_json);
    assert_eq!(from_csv, from_table);
    let dim1: Vec<f64> = v["actors"].as_array().unwrap().iter().map(|a| a["coords"][0].as_f64().unwrap()).collect();
    assert!(dim1.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(v["claims"].as_array().unwrap().len(), 40);
}
