//! Ideal points: positions of actors on a few dimensions, found in their
//! votes by principal component analysis of the actor × claim matrix.
//!
//! # Method
//!
//! 1. **Coding.** A cell is `1` for affirms (yes), `0.5` for abstains, `0`
//!    for denies (no): abstention is taken as the middle of an ordered
//!    yes > abstain > no scale.
//! 2. **Who is placed.** Every actor of the matrix with at least one
//!    position; an actor without any (only absences or no stance) is left
//!    out and listed.
//! 3. **Centring and missing cells.** Each claim's column is centred on the
//!    mean of the positions taken on it; a cell without a position (no
//!    stance, or absent) is set to that mean, so it is 0 after centring and
//!    pulls the actor neither way. An actor with few positions is therefore
//!    drawn towards the centre.
//! 4. **Components.** The leading `dims` singular vectors of the centred
//!    matrix `X = U Σ Vᵀ`: an actor's coordinates are its row of `U Σ` (its
//!    principal component scores), a claim's direction (loading) is its row
//!    of `V`, and dimension `k` explains `σ_k² / Σ x²` of the variance (the
//!    sum of squares of the centred matrix, the total variance up to a
//!    constant factor).
//! 5. **Signs.** A singular vector's sign is arbitrary; it is fixed so that
//!    the actor named as `positive` has a coordinate ≥ 0 on every dimension,
//!    and otherwise (or where that actor sits at 0) so that the first actor by
//!    id (natural order: `a-2` before `a-10`) placed off the centre is on the
//!    positive side. So the result does not depend on the order of actors or
//!    claims.
//!
//! A claim's loading on a dimension says where a yes on it places an actor:
//! a positive loading towards the positive end, a negative loading towards
//! the negative end.
//!
//! # Computation
//!
//! Subspace iteration with Rayleigh–Ritz on `XᵀX`, applied as `Xᵀ(X Q)`
//! (so never formed), with a block of `dims + 3` vectors started from a
//! pseudo-random block derived from the claim ids: each step costs
//! `4 × actors × claims × block` floating-point operations and memory for
//! the dense matrix (`actors × claims` numbers). It stops when every wanted
//! Ritz pair has a residual `‖XᵀX v − θ v‖ ≤ 10⁻¹⁰ θ₁`, or after
//! [`MAX_ITERATIONS`] steps (reported as not converged).

use std::fmt::Write as _;

use serde::Serialize;

use super::{ABSTAINS, AFFIRMS, DENIES, Matrix, natural_cmp};
use crate::model::ActorIdx;

/// At most this many steps of subspace iteration.
pub const MAX_ITERATIONS: usize = 3000;
/// Relative residual at which a Ritz pair counts as converged.
pub const TOLERANCE: f64 = 1e-10;
/// The method, as stated in outputs.
pub const METHOD: &str = "principal components of the actor x claim matrix coded yes = 1, abstain = 0.5, no = 0, \
each claim centred on the mean of the positions taken on it; a cell without a position (no stance or absent) \
is set to that mean (0 after centring); coordinates are principal component scores (U x singular value)";

/// The numeric value of a cell code: `Some(1)` affirms, `Some(0.5)` abstains,
/// `Some(0)` denies, `None` otherwise (no position).
pub fn value(code: u8) -> Option<f64> {
    match code {
        AFFIRMS => Some(1.0),
        ABSTAINS => Some(0.5),
        DENIES => Some(0.0),
        _ => None,
    }
}

/// Options of [`compute`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Number of dimensions (at least 1).
    pub dims: usize,
    /// An actor to place on the positive side of every dimension.
    pub positive: Option<ActorIdx>,
}

impl Default for Options {
    fn default() -> Options {
        Options { dims: 2, positive: None }
    }
}

/// Ideal points of the actors of a matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct IdealPoints {
    pub dims: usize,
    /// The rows of the matrix that are placed (those with a position), in row order.
    pub rows: Vec<usize>,
    /// Coordinates of each placed row, `dims` numbers each (row-major).
    pub coords: Vec<f64>,
    /// Number of positions of each placed row.
    pub positions: Vec<usize>,
    /// Rows left out: no position on any of the claims.
    pub left_out: Vec<usize>,
    /// Loading of each claim (column of the matrix) on each dimension, `dims`
    /// numbers per claim (row-major); each dimension's loadings have norm 1
    /// (or are all 0).
    pub loadings: Vec<f64>,
    /// Share of the total variance explained by each dimension.
    pub variance: Vec<f64>,
    /// The total variance: sum of squares of the centred matrix.
    pub total: f64,
    /// Steps of subspace iteration taken.
    pub iterations: usize,
    /// Whether every dimension converged within [`MAX_ITERATIONS`].
    pub converged: bool,
}

impl IdealPoints {
    /// Coordinates of the `i`-th placed row.
    pub fn coord(&self, i: usize) -> &[f64] {
        &self.coords[i * self.dims..(i + 1) * self.dims]
    }
    /// Loadings of claim column `c`.
    pub fn loading(&self, c: usize) -> &[f64] {
        &self.loadings[c * self.dims..(c + 1) * self.dims]
    }
    /// Placed rows (indices into [`IdealPoints::rows`]) ordered by dimension 1,
    /// highest first, then by actor id (natural order).
    pub fn order(&self, m: &Matrix<'_>) -> Vec<usize> {
        let mut o: Vec<usize> = (0..self.rows.len()).collect();
        let id = |i: usize| &m.map.actor(m.actors[self.rows[i]]).id;
        o.sort_by(|&a, &b| {
            let (x, y) = (self.coord(a).first().copied().unwrap_or(0.0), self.coord(b).first().copied().unwrap_or(0.0));
            y.total_cmp(&x).then_with(|| natural_cmp(id(a), id(b)))
        });
        o
    }
    /// The `n` claims (columns) with the largest loadings on dimension `d` at
    /// its positive end (`positive`) or its negative end, most extreme first
    /// (ties by claim id); only claims with a loading of that sign.
    pub fn top_claims(&self, m: &Matrix<'_>, d: usize, positive: bool, n: usize) -> Vec<usize> {
        let sign = if positive { 1.0 } else { -1.0 };
        let mut cols: Vec<usize> = (0..m.cols()).filter(|&c| sign * self.loading(c)[d] > 1e-12).collect();
        let id = |c: usize| &m.map.claim(m.claims[c]).id;
        cols.sort_by(|&a, &b| {
            (sign * self.loading(b)[d]).total_cmp(&(sign * self.loading(a)[d])).then_with(|| natural_cmp(id(a), id(b)))
        });
        cols.truncate(n);
        cols
    }
}

/// The placed rows and the centred matrix (row-major, placed rows × claims).
fn centred(m: &Matrix<'_>) -> (Vec<usize>, Vec<usize>, Vec<usize>, Vec<f64>) {
    let (rows, cols) = (m.rows(), m.cols());
    let mut counts = vec![0usize; rows];
    let mut sum = vec![0f64; cols];
    let mut n = vec![0usize; cols];
    for (r, count) in counts.iter_mut().enumerate() {
        for c in 0..cols {
            if let Some(v) = value(m.code(r, c)) {
                *count += 1;
                sum[c] += v;
                n[c] += 1;
            }
        }
    }
    let placed: Vec<usize> = (0..rows).filter(|&r| counts[r] > 0).collect();
    let left_out: Vec<usize> = (0..rows).filter(|&r| counts[r] == 0).collect();
    let mean: Vec<f64> = sum.iter().zip(&n).map(|(s, &k)| if k > 0 { s / k as f64 } else { 0.0 }).collect();
    let mut x = vec![0f64; placed.len() * cols];
    for (i, &r) in placed.iter().enumerate() {
        for c in 0..cols {
            if let Some(v) = value(m.code(r, c)) {
                x[i * cols + c] = v - mean[c];
            }
        }
    }
    let positions = placed.iter().map(|&r| counts[r]).collect();
    (placed, left_out, positions, x)
}

/// 64-bit FNV-1a of a string and a salt: the start block's entries.
fn hashed(s: &str, salt: u64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 29;
    (h >> 11) as f64 / (1u64 << 53) as f64 - 0.5
}

/// Orthonormalise the columns of `q` (`len × b`, column-major) in place by
/// modified Gram–Schmidt, twice; a column that vanishes is replaced by
/// `fresh(k, round)` and orthonormalised again.
fn orthonormalise(q: &mut [f64], len: usize, b: usize, fresh: &dyn Fn(usize, u64) -> Vec<f64>) {
    for k in 0..b {
        let mut round = 0u64;
        loop {
            let norm0 = q[k * len..(k + 1) * len].iter().map(|x| x * x).sum::<f64>().sqrt();
            for _ in 0..2 {
                for j in 0..k {
                    let (done, rest) = q.split_at_mut(k * len);
                    let qj = &done[j * len..(j + 1) * len];
                    let qk = &mut rest[..len];
                    let dot: f64 = qj.iter().zip(qk.iter()).map(|(a, b)| a * b).sum();
                    qk.iter_mut().zip(qj).for_each(|(x, y)| *x -= dot * y);
                }
            }
            let norm = q[k * len..(k + 1) * len].iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 1e-10 * norm0.max(f64::MIN_POSITIVE) && norm > 0.0 {
                q[k * len..(k + 1) * len].iter_mut().for_each(|x| *x /= norm);
                break;
            }
            round += 1;
            if round > 8 || len <= k {
                q[k * len..(k + 1) * len].iter_mut().for_each(|x| *x = 0.0);
                break;
            }
            q[k * len..(k + 1) * len].copy_from_slice(&fresh(k, round));
        }
    }
}

/// Eigen-decomposition of a small symmetric matrix (`n × n`, row-major) by
/// cyclic Jacobi rotations: the eigenvalues, largest first, and the
/// eigenvectors as columns of a row-major `n × n` matrix.
pub fn symmetric_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _ in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j].powi(2))
            .sum();
        if off.sqrt() <= 1e-15 * scale || scale == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() <= f64::MIN_POSITIVE {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[j * n + j].total_cmp(&a[i * n + i]).then(i.cmp(&j)));
    let values = order.iter().map(|&i| a[i * n + i]).collect();
    let mut vectors = vec![0f64; n * n];
    for (new, &old) in order.iter().enumerate() {
        for k in 0..n {
            vectors[k * n + new] = v[k * n + old];
        }
    }
    (values, vectors)
}

/// Ideal points of the actors of `m`, as the module documents.
pub fn compute(m: &Matrix<'_>, opts: Options) -> IdealPoints {
    let dims = opts.dims.max(1);
    let cols = m.cols();
    let (rows, left_out, positions, x) = centred(m);
    let n = rows.len();
    let total: f64 = x.iter().map(|v| v * v).sum();
    let mut out = IdealPoints {
        dims,
        rows,
        coords: vec![0.0; n * dims],
        positions,
        left_out,
        loadings: vec![0.0; cols * dims],
        variance: vec![0.0; dims],
        total,
        iterations: 0,
        converged: true,
    };
    if n == 0 || cols == 0 || total == 0.0 {
        return out;
    }
    let b = (dims + 3).min(cols).min(n).max(1);
    let ids: Vec<&str> = m.claims.iter().map(|&c| m.map.claim(c).id.as_str()).collect();
    let fresh =
        |k: usize, round: u64| -> Vec<f64> { ids.iter().map(|id| hashed(id, (k as u64) << 8 | round)).collect() };
    // Q: cols × b, column-major.
    let mut q: Vec<f64> = (0..b).flat_map(|k| fresh(k, 0)).collect();
    orthonormalise(&mut q, cols, b, &fresh);
    let mut z = vec![0f64; n * b]; // X Q, column-major (n × b)
    let mut w = vec![0f64; cols * b]; // Xᵀ X Q, column-major
    let mut theta = vec![0f64; b];
    let mut converged = false;
    let mut steps = 0;
    while steps < MAX_ITERATIONS {
        steps += 1;
        // Z = X Q.
        for k in 0..b {
            let qk = &q[k * cols..(k + 1) * cols];
            for i in 0..n {
                z[k * n + i] = x[i * cols..(i + 1) * cols].iter().zip(qk).map(|(a, b)| a * b).sum();
            }
        }
        // H = Zᵀ Z = Qᵀ XᵀX Q; its eigenvectors S rotate Q and Z into Ritz vectors.
        let mut h = vec![0f64; b * b];
        for i in 0..b {
            for j in i..b {
                let d: f64 = z[i * n..(i + 1) * n].iter().zip(&z[j * n..(j + 1) * n]).map(|(a, b)| a * b).sum();
                h[i * b + j] = d;
                h[j * b + i] = d;
            }
        }
        let (values, s) = symmetric_eigen(&h, b);
        theta.copy_from_slice(&values);
        q = rotate(&q, cols, b, &s);
        z = rotate(&z, n, b, &s);
        // W = Xᵀ Z.
        w.iter_mut().for_each(|v| *v = 0.0);
        for k in 0..b {
            let wk = &mut w[k * cols..(k + 1) * cols];
            for i in 0..n {
                let zi = z[k * n + i];
                if zi != 0.0 {
                    wk.iter_mut().zip(&x[i * cols..(i + 1) * cols]).for_each(|(a, b)| *a += zi * b);
                }
            }
        }
        let top = theta[0].max(f64::MIN_POSITIVE);
        let done = (0..dims.min(b)).all(|k| {
            let r: f64 = w[k * cols..(k + 1) * cols]
                .iter()
                .zip(&q[k * cols..(k + 1) * cols])
                .map(|(a, v)| (a - theta[k] * v).powi(2))
                .sum::<f64>()
                .sqrt();
            r <= TOLERANCE * top
        });
        if done {
            converged = true;
            break;
        }
        q.copy_from_slice(&w);
        orthonormalise(&mut q, cols, b, &fresh);
    }
    out.iterations = steps;
    out.converged = converged;
    // Coordinates: X v_k = U_k σ_k, which is z after the rotation.
    for k in 0..dims.min(b) {
        let lambda = theta[k].max(0.0);
        out.variance[k] = lambda / total;
        if lambda <= 1e-12 * total {
            out.variance[k] = 0.0;
            continue;
        }
        for i in 0..n {
            out.coords[i * dims + k] = z[k * n + i];
        }
        for c in 0..cols {
            out.loadings[c * dims + k] = q[k * cols + c];
        }
    }
    orient(m, &mut out, opts.positive);
    out
}

/// `a · s` for `a` column-major (`len × b`) and `s` row-major (`b × b`).
fn rotate(a: &[f64], len: usize, b: usize, s: &[f64]) -> Vec<f64> {
    let mut out = vec![0f64; len * b];
    for k in 0..b {
        for j in 0..b {
            let f = s[j * b + k];
            if f != 0.0 {
                let (src, dst) = (&a[j * len..(j + 1) * len], &mut out[k * len..(k + 1) * len]);
                dst.iter_mut().zip(src).for_each(|(d, v)| *d += f * v);
            }
        }
    }
    out
}

/// Fix the signs, as the module documents.
fn orient(m: &Matrix<'_>, p: &mut IdealPoints, positive: Option<ActorIdx>) {
    let dims = p.dims;
    let mut by_id: Vec<usize> = (0..p.rows.len()).collect();
    by_id.sort_by(|&a, &b| natural_cmp(&m.map.actor(m.actors[p.rows[a]]).id, &m.map.actor(m.actors[p.rows[b]]).id));
    let named = positive.and_then(|a| p.rows.iter().position(|&r| m.actors[r] == a));
    for d in 0..dims {
        let max = (0..p.rows.len()).map(|i| p.coords[i * dims + d].abs()).fold(0.0, f64::max);
        if max == 0.0 {
            continue;
        }
        let off = |i: usize| p.coords[i * dims + d].abs() > 1e-6 * max;
        let reference = named.filter(|&i| off(i)).or_else(|| by_id.iter().copied().find(|&i| off(i)));
        if let Some(i) = reference
            && p.coords[i * dims + d] < 0.0
        {
            for j in 0..p.rows.len() {
                p.coords[j * dims + d] = -p.coords[j * dims + d];
            }
            for c in 0..m.cols() {
                p.loadings[c * dims + d] = -p.loadings[c * dims + d];
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Output

/// How many claims are listed at each end of each dimension.
pub const TOP_CLAIMS: usize = 5;

fn dim_header(p: &IdealPoints) -> String {
    (0..p.dims)
        .map(|d| format!("dimension {}: {:.1}% of the variance", d + 1, 100.0 * p.variance[d]))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The ideal points as a text table, highest on dimension 1 first; with the
/// method, the shares of variance and the claims at each end of each
/// dimension when `header`; [terminal safe](crate::diag::terminal_safe).
pub fn table(m: &Matrix<'_>, p: &IdealPoints, header: bool) -> String {
    let map = m.map;
    let mut s = String::new();
    if header {
        let _ = writeln!(
            s,
            "Ideal points of {} actors on {} claims: {METHOD}.\n{}.",
            p.rows.len(),
            m.cols(),
            dim_header(p)
        );
        if !p.converged {
            let _ = writeln!(s, "warning: not converged after {} steps; the positions are approximate.", p.iterations);
        }
    }
    let order = p.order(m);
    let w = order.iter().map(|&i| map.actor(m.actors[p.rows[i]]).id.chars().count()).chain([5]).max().unwrap_or(5);
    let _ = write!(s, "{:>4}  {:w$}", "rank", "actor");
    for d in 0..p.dims {
        let _ = write!(s, "  {:>8}", format!("dim{}", d + 1));
    }
    let _ = writeln!(s, "  positions");
    for (rank, &i) in order.iter().enumerate() {
        let _ = write!(s, "{:>4}  {:w$}", rank + 1, map.actor(m.actors[p.rows[i]]).id);
        for v in p.coord(i) {
            let _ = write!(s, "  {:>8.4}", v);
        }
        let _ = writeln!(s, "  {}", p.positions[i]);
    }
    if header {
        for d in 0..p.dims {
            for positive in [true, false] {
                let top = p.top_claims(m, d, positive, TOP_CLAIMS);
                if top.is_empty() {
                    continue;
                }
                let end = if positive { "positive" } else { "negative" };
                let _ = writeln!(s, "Claims whose yes places an actor at the {end} end of dimension {}:", d + 1);
                for c in top {
                    let claim = map.claim(m.claims[c]);
                    let text = super::truncate(&claim.text.replace('\n', " "), 70).into_owned();
                    let _ = writeln!(s, "  {:+.4}  {}: {text}", p.loading(c)[d], claim.id);
                }
            }
        }
        if !p.left_out.is_empty() {
            let ids: Vec<&str> = p.left_out.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect();
            let _ = writeln!(s, "Left out ({}, no position on these claims): {}", ids.len(), ids.join(", "));
        }
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// The ideal points as CSV: `actor,name,positions,dim1[,dim2...]`, highest
/// on dimension 1 first; text cells as `cells` says.
pub fn csv(m: &Matrix<'_>, p: &IdealPoints, cells: super::CsvCells) -> String {
    let map = m.map;
    let mut s = String::from("actor,name,positions");
    for d in 0..p.dims {
        let _ = write!(s, ",dim{}", d + 1);
    }
    s.push('\n');
    for i in p.order(m) {
        let a = map.actor(m.actors[p.rows[i]]);
        let _ = write!(
            s,
            "{},{},{}",
            super::text_cell(&a.id, cells),
            super::text_cell(a.display_name(), cells),
            p.positions[i]
        );
        for v in p.coord(i) {
            let _ = write!(s, ",{v:.6}");
        }
        s.push('\n');
    }
    s
}

#[derive(Serialize)]
struct JsonPoint<'a> {
    id: &'a str,
    name: &'a str,
    positions: usize,
    coords: &'a [f64],
}

#[derive(Serialize)]
struct JsonLoading<'a> {
    id: &'a str,
    text: &'a str,
    loadings: &'a [f64],
}

#[derive(Serialize)]
struct JsonIdeal<'a> {
    method: &'static str,
    dims: usize,
    /// Share of the variance of each dimension.
    variance: &'a [f64],
    total_variance: f64,
    iterations: usize,
    converged: bool,
    actors: Vec<JsonPoint<'a>>,
    left_out: Vec<&'a str>,
    claims: Vec<JsonLoading<'a>>,
}

/// The ideal points as JSON: `method`, `dims`, `variance` (share per
/// dimension), `actors` (highest on dimension 1 first, each with `coords`),
/// `left_out` and `claims` (each with its `loadings`, in matrix order).
pub fn json(m: &Matrix<'_>, p: &IdealPoints) -> String {
    let map = m.map;
    let j = JsonIdeal {
        method: METHOD,
        dims: p.dims,
        variance: &p.variance,
        total_variance: p.total,
        iterations: p.iterations,
        converged: p.converged,
        actors: p
            .order(m)
            .into_iter()
            .map(|i| {
                let a = map.actor(m.actors[p.rows[i]]);
                JsonPoint { id: &a.id, name: a.display_name(), positions: p.positions[i], coords: p.coord(i) }
            })
            .collect(),
        left_out: p.left_out.iter().map(|&r| map.actor(m.actors[r]).id.as_str()).collect(),
        claims: (0..m.cols())
            .map(|c| {
                let claim = map.claim(m.claims[c]);
                JsonLoading { id: &claim.id, text: &claim.text, loadings: p.loading(c) }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

// ---------------------------------------------------------------------------
// Label placement

/// An axis-aligned box: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Whether two boxes share interior points (touching edges do not).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// Gap between a point and its label, and between stacked labels.
const GAP: f64 = 3.0;

/// Place a label of size `sizes[i]` (width, height) near each point
/// `points[i]` so that no two labels intersect and every label lies within
/// `x_min..x_max` horizontally (vertically there is no bound: the caller
/// makes room for the boxes), and none intersects an obstacle (such as the
/// points' markers, or the axis of a strip). Greedy and deterministic: points are taken in
/// the given order; each label tries, row by row outwards from its point
/// (the point's own row, then one row above, one below, two above, ...),
/// the spot right of the point, left of it, and centred on it, and takes
/// the first that is free. It always ends: beyond the rows of the obstacles
/// and the labels placed so far every spot is free. A label wider than
/// `x_max - x_min` is placed from `x_min`. Cost: each label is tried against
/// the obstacles and the labels placed before it, on at most two rows per
/// box in its way: cubic in the number of labels and obstacles at worst.
pub fn place_labels(
    points: &[(f64, f64)],
    sizes: &[(f64, f64)],
    obstacles: &[Rect],
    x_min: f64,
    x_max: f64,
) -> Vec<Rect> {
    let mut placed: Vec<Rect> = obstacles.to_vec();
    for (&(px, py), &(w, h)) in points.iter().zip(sizes) {
        let step = h + 1.0;
        let clamp = |x: f64| x.min(x_max - w).max(x_min);
        let free = |r: &Rect| !placed.iter().any(|o| o.intersects(r));
        let mut k: i64 = 0;
        let rect = loop {
            // Rows 0, -1, 1, -2, 2, ...
            let row = if k % 2 == 0 { k / 2 } else { -(k + 1) / 2 };
            let y = py - h / 2.0 + row as f64 * step;
            let candidates = [clamp(px + GAP), clamp(px - GAP - w), clamp(px - w / 2.0)];
            if let Some(r) = candidates.iter().map(|&x| Rect { x, y, w, h }).find(|r| free(r)) {
                break r;
            }
            k += 1;
        };
        placed.push(rect);
    }
    placed.split_off(obstacles.len())
}

// ---------------------------------------------------------------------------
// SVG

/// At most this many actors are labelled in the SVG (those farthest from the
/// centre); the others are points with a tooltip.
pub const MAX_LABELS: usize = 300;
/// Claims drawn as arrows (2-D) or listed (both) at each end of each dimension.
const SVG_CLAIMS: usize = 2;
const LABEL_FONT: f64 = 10.0;
const COLOR_POINT: &str = "#0072B2";
const COLOR_ARROW: &str = "#D55E00";
const COLOR_LEADER: &str = "#A0A0A0";
const COLOR_AXIS: &str = "#606060";

/// One label to place: its point, text, tooltip, whether it names a claim.
struct Label {
    at: (f64, f64),
    text: String,
    tip: String,
    claim: bool,
}

/// The ideal points as an SVG: with one dimension a strip (actors on a
/// line), with two a scatter plot on equal scales; labels placed by
/// [`place_labels`] (no two intersect), with a leader line when a label sits
/// away from its point; claims' directions as arrows from the centre (2-D:
/// the loading vectors of the claims at each end of each dimension, scaled
/// together) and, under the plot, the claims at each end of each dimension.
pub fn svg(m: &Matrix<'_>, p: &IdealPoints) -> String {
    let (plot, labels, boxes) = layout(m, p);
    render_svg(m, p, &plot, &labels, &boxes)
}

/// Where the plot goes: data to pixels.
struct Plot {
    left: f64,
    top: f64,
    w: f64,
    h: f64,
    /// Data coordinates at the left and top edges, and pixels per unit.
    x0: f64,
    y0: f64,
    scale: f64,
    width: f64,
}

impl Plot {
    fn px(&self, c: &[f64]) -> (f64, f64) {
        let x = self.left + (c[0] - self.x0) * self.scale;
        let y = if c.len() > 1 { self.top + (self.y0 - c[1]) * self.scale } else { self.top };
        (x, y)
    }
}

fn layout(m: &Matrix<'_>, p: &IdealPoints) -> (Plot, Vec<Label>, Vec<Rect>) {
    let map = m.map;
    let n = p.rows.len();
    let width = 1000.0;
    let (left, right) = (60.0, 40.0);
    let range = |d: usize| -> (f64, f64) {
        let (lo, hi) = (0..n).map(|i| p.coord(i)[d]).fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let pad = ((hi - lo) * 0.05).max(1e-9);
        (lo - pad, hi + pad)
    };
    let (xlo, xhi) = range(0);
    let mut scale = (width - left - right) / (xhi - xlo);
    let (y0, h) = if p.dims > 1 {
        let (ylo, yhi) = range(1);
        scale = scale.min(700.0 / (yhi - ylo));
        (yhi, ((yhi - ylo) * scale).max(40.0))
    } else {
        (0.0, 0.0)
    };
    let w = (xhi - xlo) * scale;
    let plot = Plot { left: left + (width - left - right - w) / 2.0, top: 0.0, w, h, x0: xlo, y0, scale, width };
    let mut labels = Vec::new();
    // Claims' arrows first (2-D), so that actors' labels keep clear of theirs.
    if p.dims > 1 {
        let chosen = arrow_claims(m, p);
        // One scale for all arrows: the longest reaches 90 % of the way to the plot's edge.
        let (cx, cy) = plot.px(&[0.0, 0.0]);
        let room = |v: f64, lo: f64, hi: f64| -> f64 {
            if v > 0.0 {
                hi / v
            } else if v < 0.0 {
                lo / -v
            } else {
                f64::INFINITY
            }
        };
        let f = 0.9
            * chosen
                .iter()
                .map(|&c| {
                    let l = p.loading(c);
                    room(l[0], cx - plot.left, plot.left + w - cx).min(room(l[1], plot.top + h - cy, cy - plot.top))
                })
                .fold(f64::INFINITY, f64::min);
        let f = if f.is_finite() { f } else { 0.0 };
        for c in chosen {
            let l = p.loading(c);
            let claim = map.claim(m.claims[c]);
            labels.push(Label {
                at: (cx + l[0] * f, cy - l[1] * f),
                text: super::truncate(&claim.id, 30).into_owned(),
                tip: format!("{}: {} (loadings {:+.3}, {:+.3})", claim.id, claim.text, l[0], l[1]),
                claim: true,
            });
        }
    }
    // Actors, farthest from the centre first (ties by id), at most MAX_LABELS.
    let mut order: Vec<usize> = (0..n).collect();
    let dist = |i: usize| p.coord(i).iter().map(|v| v * v).sum::<f64>();
    let id = |i: usize| &map.actor(m.actors[p.rows[i]]).id;
    order.sort_by(|&a, &b| dist(b).total_cmp(&dist(a)).then_with(|| natural_cmp(id(a), id(b))));
    order.truncate(MAX_LABELS);
    for i in order {
        let a = map.actor(m.actors[p.rows[i]]);
        let c = p.coord(i);
        let coords: Vec<String> = c.iter().map(|v| format!("{v:.3}")).collect();
        labels.push(Label {
            at: plot.px(c),
            text: super::truncate(a.display_name(), 30).into_owned(),
            tip: format!("{} ({}): {}; {} positions", a.display_name(), a.id, coords.join(", "), p.positions[i]),
            claim: false,
        });
    }
    let points: Vec<(f64, f64)> = labels.iter().map(|l| l.at).collect();
    let sizes: Vec<(f64, f64)> =
        labels.iter().map(|l| (super::text_width(&l.text, LABEL_FONT), LABEL_FONT + 2.0)).collect();
    // Obstacles: each point's marker; in a strip, the axis.
    let mut obstacles: Vec<Rect> = (0..n)
        .map(|i| {
            let (x, y) = plot.px(p.coord(i));
            Rect { x: x - 2.5, y: y - 2.5, w: 5.0, h: 5.0 }
        })
        .collect();
    if p.dims == 1 {
        obstacles.push(Rect { x: 0.0, y: plot.top - 4.0, w: width, h: 8.0 });
    }
    obstacles.extend(axis_ticks(&plot, p.dims).iter().map(|t| t.label_box()));
    let boxes = place_labels(&points, &sizes, &obstacles, 4.0, width - 4.0);
    (plot, labels, boxes)
}

/// The claims drawn as arrows: the [`SVG_CLAIMS`] at each end of each
/// dimension, each once.
fn arrow_claims(m: &Matrix<'_>, p: &IdealPoints) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for d in 0..p.dims {
        for positive in [true, false] {
            for c in p.top_claims(m, d, positive, SVG_CLAIMS) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// A tick on an axis of the plot: the mark from `from` to `to`, its label at
/// `at` (10 px; right-aligned when `end`).
struct Tick {
    from: (f64, f64),
    to: (f64, f64),
    at: (f64, f64),
    end: bool,
    text: String,
}

const TICK_FONT: f64 = 10.0;

impl Tick {
    fn label_box(&self) -> Rect {
        let w = super::text_width(&self.text, TICK_FONT);
        let x = if self.end { self.at.0 - w } else { self.at.0 - w / 2.0 };
        Rect { x, y: self.at.1 - TICK_FONT, w, h: TICK_FONT + 3.0 }
    }
}

/// Round values from `lo` to `hi`, about five of them (steps of 1, 2 or 5
/// times a power of ten), with as many decimals as the step needs.
fn nice_values(lo: f64, hi: f64) -> Vec<(f64, String)> {
    if hi <= lo || !(hi - lo).is_finite() {
        return Vec::new();
    }
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = mag
        * match raw / mag {
            r if r < 1.5 => 1.0,
            r if r < 3.5 => 2.0,
            r if r < 7.5 => 5.0,
            _ => 10.0,
        };
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            let text = format!("{v:.decimals$}");
            // No "-0".
            let text =
                if text.trim_start_matches(['-', '0', '.']).is_empty() { format!("{:.decimals$}", 0.0) } else { text };
            (v, text)
        })
        .collect()
}

/// The ticks of the plot: dimension 1 under the plot (under the axis of a
/// strip), dimension 2 left of it; none within 12 px of a corner.
fn axis_ticks(plot: &Plot, dims: usize) -> Vec<Tick> {
    let mut out = Vec::new();
    let bottom = plot.top + plot.h;
    let x_hi = plot.x0 + plot.w / plot.scale;
    for (v, text) in nice_values(plot.x0, x_hi) {
        let x = plot.left + (v - plot.x0) * plot.scale;
        if dims > 1 && (x < plot.left + 12.0 || x > plot.left + plot.w - 12.0) {
            continue;
        }
        let y = if dims > 1 { bottom } else { plot.top + 4.0 };
        out.push(Tick { from: (x, y), to: (x, y + 3.0), at: (x, y + 4.0 + TICK_FONT), end: false, text });
    }
    if dims > 1 {
        for (v, text) in nice_values(plot.y0 - plot.h / plot.scale, plot.y0) {
            let y = plot.top + (plot.y0 - v) * plot.scale;
            if y < plot.top + 12.0 || y > bottom - 12.0 {
                continue;
            }
            out.push(Tick {
                from: (plot.left - 3.0, y),
                to: (plot.left, y),
                at: (plot.left - 5.0, y + 3.5),
                end: true,
                text,
            });
        }
    }
    out
}

/// The first line under the title of [`svg`] (the method in full in its tooltip is [`METHOD`]).
const HEADLINE: &str = "Principal components of the votes coded yes = 1, abstain = 0.5, no = 0, centred per claim; \
a missing vote counts as the claim's mean.";

fn render_svg(m: &Matrix<'_>, p: &IdealPoints, plot: &Plot, labels: &[Label], boxes: &[Rect]) -> String {
    use super::{END, Svg, xml_escape};
    let map = m.map;
    let header = 92.0;
    let min_y = boxes.iter().map(|b| b.y).fold(plot.top - 10.0, f64::min);
    let shift = header - min_y;
    let ticks = axis_ticks(plot, p.dims);
    let tick_boxes: Vec<Rect> = ticks.iter().map(Tick::label_box).collect();
    let max_y = boxes.iter().chain(&tick_boxes).map(|b| b.y + b.h).fold(plot.top + plot.h + 10.0, f64::max) + shift;
    // Claims listed under the plot.
    let mut notes: Vec<(String, String)> = Vec::new();
    for d in 0..p.dims {
        for positive in [true, false] {
            let top = p.top_claims(m, d, positive, SVG_CLAIMS + 1);
            if top.is_empty() {
                continue;
            }
            let end = match (d, positive) {
                (0, true) => "right",
                (0, false) => "left",
                (_, true) => "up",
                (_, false) => "down",
            };
            notes.push((format!("Dimension {}, a yes moves an actor {end}:", d + 1), String::new()));
            for c in top {
                let claim = map.claim(m.claims[c]);
                let line = format!("{:+.3}  {}: {}", p.loading(c)[d], claim.id, super::truncate(&claim.text, 110));
                notes.push((line, format!("{}: {}", claim.id, claim.text)));
            }
        }
    }
    let source = map.meta.source.as_deref();
    let height = max_y + 30.0 + notes.len() as f64 * 14.0 + if source.is_some() { 20.0 } else { 0.0 };
    let title = format!(
        "{}: ideal points of {} on {}",
        super::map_title(map),
        super::plural(p.rows.len(), "actor", "actors"),
        super::plural(m.cols(), "claim", "claims")
    );
    let mut svg = Svg::new(plot.width, height, &title);
    let dims = dim_header(p) + ".";
    let mut heading: Vec<(&str, f64, &str, Option<&str>)> =
        vec![(HEADLINE, 10.0, "", Some(METHOD)), (&dims, 11.0, "", None)];
    if !p.converged {
        heading.push(("Not converged: the positions are approximate.", 10.0, " fill=\"#D55E00\"", None));
    }
    svg.heading(&heading);
    let s = &mut svg.s;
    let _ = writeln!(s, "<g transform=\"translate(0 {shift:.1})\">");
    // Axes through the centre.
    let (cx, cy) = plot.px(&[0.0, 0.0]);
    let _ = writeln!(
        s,
        "<line x1=\"{:.1}\" y1=\"{cy:.1}\" x2=\"{:.1}\" y2=\"{cy:.1}\" stroke=\"{COLOR_AXIS}\" stroke-width=\"1\" class=\"axis\"/>",
        plot.left,
        plot.left + plot.w
    );
    if p.dims > 1 {
        let _ = writeln!(
            s,
            "<line x1=\"{cx:.1}\" y1=\"{:.1}\" x2=\"{cx:.1}\" y2=\"{:.1}\" stroke=\"{COLOR_AXIS}\" stroke-width=\"1\" stroke-dasharray=\"3 3\" class=\"axis\"/>",
            plot.top,
            plot.top + plot.h
        );
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#D0D0D0\" class=\"grid\"/>",
            plot.left, plot.top, plot.w, plot.h
        );
    }
    // Arrows and leader lines under the points and labels.
    for (l, b) in labels.iter().zip(boxes) {
        if l.claim {
            let _ = writeln!(
                s,
                "<line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{COLOR_ARROW}\" stroke-width=\"1.2\"/>",
                l.at.0, l.at.1
            );
            let (dx, dy) = (l.at.0 - cx, l.at.1 - cy);
            let len = dx.hypot(dy).max(f64::MIN_POSITIVE);
            let (ux, uy) = (dx / len, dy / len);
            let (bx, by) = (l.at.0 - 7.0 * ux, l.at.1 - 7.0 * uy);
            let _ = writeln!(
                s,
                "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{COLOR_ARROW}\"/>",
                l.at.0,
                l.at.1,
                bx - 3.0 * uy,
                by + 3.0 * ux,
                bx + 3.0 * uy,
                by - 3.0 * ux
            );
        }
        let near = (l.at.0.clamp(b.x, b.x + b.w), l.at.1.clamp(b.y, b.y + b.h));
        if (near.0 - l.at.0).hypot(near.1 - l.at.1) > GAP + 1.0 {
            let _ = writeln!(
                s,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{COLOR_LEADER}\" stroke-width=\"0.6\"/>",
                l.at.0, l.at.1, near.0, near.1
            );
        }
    }
    for i in 0..p.rows.len() {
        let (x, y) = plot.px(p.coord(i));
        let a = map.actor(m.actors[p.rows[i]]);
        let _ = writeln!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"{COLOR_POINT}\" fill-opacity=\"0.8\"><title>{}</title></circle>",
            xml_escape(&format!("{} ({})", a.display_name(), a.id))
        );
    }
    for (l, b) in labels.iter().zip(boxes) {
        let color = if l.claim { format!(" fill=\"{COLOR_ARROW}\"") } else { String::new() };
        svg.text(b.x, b.y + b.h - 3.0, LABEL_FONT, &color, &l.text, Some(&l.tip));
    }
    for t in &ticks {
        svg.line(t.from, t.to, COLOR_AXIS, "axis");
        let anchor = if t.end { END } else { " text-anchor=\"middle\"" };
        svg.text(t.at.0, t.at.1, TICK_FONT, anchor, &t.text, None);
    }
    svg.s.push_str("</g>\n");
    // Axis titles, under everything placed.
    let axis = |d: usize| format!("dimension {} ({:.1}% of the variance)", d + 1, 100.0 * p.variance[d]);
    svg.text(plot.left + plot.w, max_y + 8.0, 10.0, END, &format!("{} \u{2192}", axis(0)), None);
    if p.dims > 1 {
        svg.text(plot.left, max_y + 8.0, 10.0, "", &format!("{} \u{2191}", axis(1)), None);
    }
    let mut y = max_y + 30.0;
    for (line, tip) in &notes {
        let bold = if tip.is_empty() { " font-weight=\"bold\"" } else { "" };
        let x = if tip.is_empty() { 8.0 } else { 20.0 };
        svg.text(x, y, 10.0, bold, line, (!tip.is_empty()).then_some(tip.as_str()));
        y += 14.0;
    }
    if let Some(src) = source {
        svg.text(8.0, y + 6.0, 10.0, " fill=\"#606060\" class=\"muted\"", &format!("Source: {src}"), None);
    }
    svg.finish()
}

/// The label boxes [`svg`] places (in SVG coordinates before the vertical
/// shift that makes room above the plot), for tests.
pub fn svg_label_boxes(m: &Matrix<'_>, p: &IdealPoints) -> Vec<Rect> {
    layout(m, p).2
}
