//! Stance analysis across actors: the actor-by-claim matrix, pairwise
//! agreement, and heat maps of both.
//!
//! # The matrix
//!
//! One row per actor, one column per claim; a cell holds the actor's
//! *current* stance on the claim: of several dated stances the latest (by
//! date, then time of day and `seq`; file order breaks ties), an undated
//! stance only when none is dated (the first one): [`crate::model::Currency`], the rule the checks and `render` use too. A cell with no stance whose
//! claim lists the actor in its `absent` key (an actor that did not vote) is
//! [`ABSENT`]: shown apart from "no stance", but not a position (a stance, when
//! there is one, is what the cell shows). Cells are integer-coded ([`NONE`],
//! [`AFFIRMS`], [`DENIES`], [`ABSTAINS`], [`ABSENT`]); building the matrix is
//! one pass over the stances and the claims' absences.
//!
//! # Agreement
//!
//! For two actors `a` and `b`:
//!
//! ```text
//! agreement(a, b) = agreements / shared
//! shared          = number of claims on which both a and b have a position
//!                   (affirms, denies or abstains)
//! agreements      = number of those claims on which their positions are equal
//! ```
//!
//! Abstaining is a position of its own: two abstentions agree; an abstention
//! and a yes do not. Claims on which either actor has no stance do not count,
//! nor do those on which either was absent (absence is not a position).
//! With no shared claim the agreement is undefined (the pair is left out).
//!
//! Each actor's positions are three bitsets over the claims (affirms, denies,
//! abstains), so a pair costs `4 × claims / 64` word operations:
//! `agreements = popcount(A₁&A₂ | D₁&D₂ | B₁&B₂)` and
//! `shared = popcount((A₁|D₁|B₁) & (A₂|D₂|B₂))`. All pairs of 200 actors over
//! 10,000 claims take a few million word operations; ranking everyone by
//! agreement with one actor is linear in the number of actors.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::*;

pub mod blocs;
pub mod filter;
pub mod ideal;
pub mod patterns;
pub mod scale;
pub mod timeline;

pub use filter::{Selection, select_claims};

/// Cell code: no stance.
pub const NONE: u8 = 0;
/// Cell code: affirms.
pub const AFFIRMS: u8 = 1;
/// Cell code: denies.
pub const DENIES: u8 = 2;
/// Cell code: abstains.
pub const ABSTAINS: u8 = 3;
/// Cell code: no stance, and recorded as absent (the claim's `absent` key).
/// Not a position: agreement ignores it as it ignores [`NONE`].
pub const ABSENT: u8 = 4;

/// The cell code of a position.
pub fn code(p: Position) -> u8 {
    match p {
        Position::Affirms => AFFIRMS,
        Position::Denies => DENIES,
        Position::Abstains => ABSTAINS,
    }
}

/// The formula, as stated in outputs.
pub const FORMULA: &str = "agreement = agreements / shared, where shared = claims on which both took a position \
(affirms, denies or abstains) and agreements = those on which the positions are equal; abstaining is a position of its own";

/// In which order rows (actors) and columns (claims) come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Order {
    /// As in the map (or as selected).
    #[default]
    Map,
    /// Actors by id (natural order: `a-2` before `a-10`); claims as in the map.
    Actor,
    /// Claims by id (natural order); actors as in the map.
    Claim,
    /// Actors that vote alike next to each other (a one-dimensional scaling of
    /// their agreement); claims as in the map.
    Similarity,
}

/// Compare ids in natural order: runs of digits by value.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let m = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (p, q) = (&x[..n], &y[..m]);
                let strip = |s: &[u8]| -> usize { s.iter().take_while(|&&c| c == b'0').count() };
                let (p2, q2) = (&p[strip(p)..], &q[strip(q)..]);
                let o = p2.len().cmp(&q2.len()).then_with(|| p2.cmp(q2));
                if o != Ordering::Equal {
                    return o;
                }
                x = &x[n..];
                y = &y[m..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

/// The actor-by-claim matrix of current stances.
#[derive(Clone, Debug)]
pub struct Matrix<'m> {
    pub map: &'m ArgMap,
    /// The rows.
    pub actors: Vec<ActorIdx>,
    /// The columns.
    pub claims: Vec<ClaimIdx>,
    /// The current stance of each cell, row-major; [`NO_STANCE`] for none,
    /// [`ABSENT_CELL`] for none with the actor recorded absent.
    cells: Vec<StanceIdx>,
}

const NO_STANCE: StanceIdx = StanceIdx::MAX;
const ABSENT_CELL: StanceIdx = StanceIdx::MAX - 1;

impl<'m> Matrix<'m> {
    /// Build the matrix of the given actors (default: all, in map order) and
    /// claims (default: every claim one of those actors has a stance on or is
    /// recorded absent from, in map order; a stance implied by a `reason`
    /// alone does not make a claim a column). One pass over the stances.
    pub fn build(map: &'m ArgMap, actors: Option<&[ActorIdx]>, claims: Option<&[ClaimIdx]>) -> Matrix<'m> {
        Matrix::build_with(map, actors, claims, None)
    }

    /// Build the matrix of a [`Selection`]: its actors and claims as in
    /// [`Matrix::build`], and of the stances only those its dates keep (see
    /// [`Selection::keeps`]); with a date range, a claim is a column only when
    /// one of its stances (of any actor) lies in the range.
    pub fn build_selected(map: &'m ArgMap, sel: &Selection) -> Matrix<'m> {
        Matrix::build_with(map, sel.actors.as_deref(), sel.claims.as_deref(), Some(sel))
    }

    fn build_with(
        map: &'m ArgMap,
        actors: Option<&[ActorIdx]>,
        claims: Option<&[ClaimIdx]>,
        sel: Option<&Selection>,
    ) -> Matrix<'m> {
        let keep = |s: &Stance| sel.is_none_or(|sel| sel.keeps(s));
        // With a date range: the claims with a stance in it.
        let dated: Option<Vec<bool>> = sel.filter(|s| s.from.is_some() || s.to.is_some()).map(|sel| {
            let mut in_range = vec![false; map.claims.len()];
            for s in map.stances.iter().filter(|s| sel.keeps(s)) {
                in_range[s.claim as usize] = true;
            }
            in_range
        });
        let in_range = |c: ClaimIdx| dated.as_ref().is_none_or(|d| d[c as usize]);
        let actors: Vec<ActorIdx> = match actors {
            Some(a) => dedup(a),
            None => (0..map.actors.len() as ActorIdx).collect(),
        };
        let mut row_of = vec![u32::MAX; map.actors.len()];
        for (i, &a) in actors.iter().enumerate() {
            row_of[a as usize] = i as u32;
        }
        let claims: Vec<ClaimIdx> = match claims {
            Some(c) => dedup(c).into_iter().filter(|&c| in_range(c)).collect(),
            None => {
                let mut has = vec![false; map.claims.len()];
                // A claim that is only a recorded reason (an affirmation a
                // stance's `reason` implies) is no column unless chosen.
                for s in map.stances.iter().filter(|s| s.origin != Origin::Reason) {
                    if row_of[s.actor as usize] != u32::MAX && keep(s) {
                        has[s.claim as usize] = true;
                    }
                }
                for (c, claim) in map.claims.iter().enumerate() {
                    if !has[c] && claim.absent.iter().any(|&a| row_of[a as usize] != u32::MAX) {
                        has[c] = true;
                    }
                }
                (0..map.claims.len() as ClaimIdx).filter(|&c| has[c as usize] && in_range(c)).collect()
            }
        };
        let mut col_of = vec![u32::MAX; map.claims.len()];
        for (i, &c) in claims.iter().enumerate() {
            col_of[c as usize] = i as u32;
        }
        let width = claims.len();
        let mut cells = vec![NO_STANCE; actors.len() * width];
        for (si, s) in map.stances.iter().enumerate() {
            let (r, c) = (row_of[s.actor as usize], col_of[s.claim as usize]);
            if r == u32::MAX || c == u32::MAX || !keep(s) {
                continue;
            }
            let cell = &mut cells[r as usize * width + c as usize];
            if *cell == NO_STANCE {
                *cell = si as StanceIdx;
                continue;
            }
            // The current stance (model::Currency).
            if Currency::of(si as StanceIdx, s) > Currency::of(*cell, &map.stances[*cell as usize]) {
                *cell = si as StanceIdx;
            }
        }
        // Absences, where there is no stance.
        for (col, &c) in claims.iter().enumerate() {
            for &a in &map.claim(c).absent {
                let r = row_of[a as usize];
                if r != u32::MAX {
                    let cell = &mut cells[r as usize * width + col];
                    if *cell == NO_STANCE {
                        *cell = ABSENT_CELL;
                    }
                }
            }
        }
        Matrix { map, actors, claims, cells }
    }

    pub fn rows(&self) -> usize {
        self.actors.len()
    }
    pub fn cols(&self) -> usize {
        self.claims.len()
    }

    /// The current stance in a cell.
    pub fn stance(&self, row: usize, col: usize) -> Option<&'m Stance> {
        let s = self.cells[row * self.claims.len() + col];
        (s != NO_STANCE && s != ABSENT_CELL).then(|| &self.map.stances[s as usize])
    }

    /// Whether a cell has no stance and the actor is recorded absent on the claim.
    pub fn is_absent(&self, row: usize, col: usize) -> bool {
        self.cells[row * self.claims.len() + col] == ABSENT_CELL
    }

    /// Whether any cell is [`ABSENT`].
    pub fn has_absent(&self) -> bool {
        self.cells.contains(&ABSENT_CELL)
    }

    /// The current position in a cell.
    pub fn position(&self, row: usize, col: usize) -> Option<Position> {
        self.stance(row, col).map(|s| s.position)
    }

    /// The cell code ([`NONE`], [`AFFIRMS`], [`DENIES`], [`ABSTAINS`], [`ABSENT`]).
    pub fn code(&self, row: usize, col: usize) -> u8 {
        match self.position(row, col) {
            Some(p) => code(p),
            None if self.is_absent(row, col) => ABSENT,
            None => NONE,
        }
    }

    /// Row of an actor.
    pub fn row_of(&self, a: ActorIdx) -> Option<usize> {
        self.actors.iter().position(|&x| x == a)
    }

    /// Counts in a column: affirms, denies, abstains, absent, no stance
    /// (absent cells are not counted as no stance).
    pub fn column_counts(&self, col: usize) -> [usize; 5] {
        let mut n = [0usize; 5];
        for r in 0..self.rows() {
            match self.code(r, col) {
                AFFIRMS => n[0] += 1,
                DENIES => n[1] += 1,
                ABSTAINS => n[2] += 1,
                ABSENT => n[3] += 1,
                _ => n[4] += 1,
            }
        }
        n
    }

    /// Reorder rows and columns.
    pub fn sort(&mut self, order: Order) {
        let map = self.map;
        match order {
            Order::Map => {}
            Order::Actor => {
                let mut perm: Vec<usize> = (0..self.rows()).collect();
                perm.sort_by(|&x, &y| {
                    natural_cmp(&map.actor(self.actors[x]).id, &map.actor(self.actors[y]).id).then(x.cmp(&y))
                });
                self.permute_rows(&perm);
            }
            Order::Claim => {
                let mut perm: Vec<usize> = (0..self.cols()).collect();
                perm.sort_by(|&x, &y| {
                    natural_cmp(&map.claim(self.claims[x]).id, &map.claim(self.claims[y]).id).then(x.cmp(&y))
                });
                self.permute_cols(&perm);
            }
            Order::Similarity => {
                let perm = seriate(&Agreement::compute(self));
                self.permute_rows(&perm);
            }
        }
    }

    /// Put row `perm[i]` at row `i`.
    pub fn permute_rows(&mut self, perm: &[usize]) {
        let w = self.cols();
        let mut cells = Vec::with_capacity(self.cells.len());
        for &r in perm {
            cells.extend_from_slice(&self.cells[r * w..(r + 1) * w]);
        }
        self.actors = perm.iter().map(|&r| self.actors[r]).collect();
        self.cells = cells;
    }

    /// Put column `perm[i]` at column `i`.
    pub fn permute_cols(&mut self, perm: &[usize]) {
        let w = self.cols();
        let mut cells = Vec::with_capacity(self.cells.len());
        for r in 0..self.rows() {
            cells.extend(perm.iter().map(|&c| self.cells[r * w + c]));
        }
        self.claims = perm.iter().map(|&c| self.claims[c]).collect();
        self.cells = cells;
    }

    /// Each row's positions as bitsets, for agreement ([`NONE`] and [`ABSENT`]
    /// cells are no position).
    pub fn bits(&self) -> Bits {
        let words = self.cols().div_ceil(64);
        let mut data = vec![0u64; self.rows() * words * 4];
        for r in 0..self.rows() {
            let base = r * words * 4;
            for c in 0..self.cols() {
                let code = self.code(r, c);
                if !matches!(code, AFFIRMS | DENIES | ABSTAINS) {
                    continue;
                }
                let (w, bit) = (c / 64, 1u64 << (c % 64));
                let at = base + w * 4;
                data[at + (code as usize - 1)] |= bit;
                data[at + 3] |= bit;
            }
        }
        Bits { words, data }
    }
}

/// Each row's place when the rows are sorted by actor id in natural order:
/// the tie-breaker of the analyses, which makes them independent of the
/// order of actors in the map.
pub(crate) fn id_ranks(m: &Matrix<'_>) -> Vec<usize> {
    let mut by_id: Vec<usize> = (0..m.rows()).collect();
    by_id.sort_by(|&x, &y| natural_cmp(&m.map.actor(m.actors[x]).id, &m.map.actor(m.actors[y]).id).then(x.cmp(&y)));
    let mut rank = vec![0; m.rows()];
    for (i, &r) in by_id.iter().enumerate() {
        rank[r] = i;
    }
    rank
}

/// Compare `a/b` with `c/d` exactly (`b`, `d` > 0).
pub(crate) fn cmp_frac(a: u64, b: u64, c: u64, d: u64) -> Ordering {
    (u128::from(a) * u128::from(d)).cmp(&(u128::from(c) * u128::from(b)))
}

fn dedup(ids: &[u32]) -> Vec<u32> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|x| seen.insert(*x)).collect()
}

/// Agreement of one pair of actors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// Shared claims on which the two positions are equal.
    pub agreements: u32,
    /// Claims on which both took a position.
    pub shared: u32,
}

impl Pair {
    /// `agreements / shared`; `None` with no shared claim.
    pub fn ratio(&self) -> Option<f64> {
        (self.shared > 0).then(|| f64::from(self.agreements) / f64::from(self.shared))
    }
    /// Compare by agreement, exactly (as fractions); an undefined agreement is lowest.
    pub fn cmp_ratio(&self, other: &Pair) -> Ordering {
        match (self.shared, other.shared) {
            (0, 0) => Ordering::Equal,
            (0, _) => Ordering::Less,
            (_, 0) => Ordering::Greater,
            _ => (u64::from(self.agreements) * u64::from(other.shared))
                .cmp(&(u64::from(other.agreements) * u64::from(self.shared))),
        }
    }
}

/// Each row's positions as bitsets: for each 64-claim word, the affirms,
/// denies, abstains and any-position words side by side.
#[derive(Clone, Debug)]
pub struct Bits {
    words: usize,
    data: Vec<u64>,
}

impl Bits {
    /// The agreement of rows `i` and `j`.
    pub fn pair(&self, i: usize, j: usize) -> Pair {
        let n = self.words * 4;
        let (x, y) = (&self.data[i * n..(i + 1) * n], &self.data[j * n..(j + 1) * n]);
        let (mut agree, mut shared) = (0u32, 0u32);
        for (a, b) in x.chunks_exact(4).zip(y.chunks_exact(4)) {
            agree += ((a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2])).count_ones();
            shared += (a[3] & b[3]).count_ones();
        }
        Pair { agreements: agree, shared }
    }
}

/// Agreement of every pair of rows of a matrix (symmetric; the diagonal is
/// each actor with itself).
#[derive(Clone, Debug)]
pub struct Agreement {
    pub n: usize,
    pairs: Vec<Pair>,
}

impl Agreement {
    /// All pairs: `rows² / 2` pair computations of `claims / 16` word operations each.
    pub fn compute(m: &Matrix<'_>) -> Agreement {
        let bits = m.bits();
        let n = m.rows();
        let mut pairs = vec![Pair::default(); n * n];
        for i in 0..n {
            for j in i..n {
                let p = bits.pair(i, j);
                pairs[i * n + j] = p;
                pairs[j * n + i] = p;
            }
        }
        Agreement { n, pairs }
    }
    pub fn get(&self, i: usize, j: usize) -> Pair {
        self.pairs[i * self.n + j]
    }
}

/// Agreement of one row with every row (linear in the number of rows).
pub fn agreement_with(m: &Matrix<'_>, row: usize) -> Vec<Pair> {
    let bits = m.bits();
    (0..m.rows()).map(|j| bits.pair(row, j)).collect()
}

/// One pair of actors (rows of the matrix) with their agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairEntry {
    pub a: usize,
    pub b: usize,
    pub pair: Pair,
}

/// Every pair of distinct rows with at least `min_shared` shared claims (and
/// at least one), most agreeing first (then more shared claims first, then row order).
pub fn pair_list(agreement: &Agreement, min_shared: u32) -> Vec<PairEntry> {
    let mut out = Vec::new();
    for a in 0..agreement.n {
        for b in a + 1..agreement.n {
            let pair = agreement.get(a, b);
            if pair.shared >= min_shared.max(1) {
                out.push(PairEntry { a, b, pair });
            }
        }
    }
    out.sort_by(|x, y| {
        y.pair.cmp_ratio(&x.pair).then(y.pair.shared.cmp(&x.pair.shared)).then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    out
}

/// One actor in a ranking by agreement with another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranked {
    /// 1-based; equal agreements share a rank (1, 2, 2, 4, ...).
    pub rank: usize,
    pub row: usize,
    pub pair: Pair,
}

/// Rank every other row by agreement with `row`: rows sharing fewer than
/// `min_shared` claims (or none) are left out. Most agreeing first, then more
/// shared claims, then row order.
pub fn rank_like(m: &Matrix<'_>, row: usize, min_shared: u32) -> Vec<Ranked> {
    let pairs = agreement_with(m, row);
    let mut out: Vec<Ranked> = pairs
        .iter()
        .enumerate()
        .filter(|&(j, p)| j != row && p.shared >= min_shared.max(1))
        .map(|(j, &pair)| Ranked { rank: 0, row: j, pair })
        .collect();
    out.sort_by(|x, y| y.pair.cmp_ratio(&x.pair).then(y.pair.shared.cmp(&x.pair.shared)).then(x.row.cmp(&y.row)));
    for i in 0..out.len() {
        out[i].rank =
            if i > 0 && out[i].pair.cmp_ratio(&out[i - 1].pair) == Ordering::Equal { out[i - 1].rank } else { i + 1 };
    }
    out
}

/// The least number of shared claims for ranking by agreement with `row`
/// when none is given: half the claims on which the actor took a position,
/// rounded up, at least 1 and at most 20, so that an actor sharing one claim
/// (a 1-of-1 agreement) does not come first.
pub fn like_min_shared(m: &Matrix<'_>, row: usize) -> u32 {
    let n = (0..m.cols()).filter(|&c| m.position(row, c).is_some()).count() as u32;
    n.div_ceil(2).clamp(1, 20)
}

/// An order of rows that puts actors who agree next to each other: the first
/// coordinate of a classical multidimensional scaling of the distances
/// `1 - agreement` (undefined agreements count as 0.5), by power iteration.
/// Deterministic; ties keep row order.
pub fn seriate(agreement: &Agreement) -> Vec<usize> {
    let n = agreement.n;
    if n < 3 {
        return (0..n).collect();
    }
    // Squared distances, double centred: B = -1/2 J D² J.
    let mut b = vec![0f64; n * n];
    for i in 0..n {
        for j in 0..n {
            let d = if i == j { 0.0 } else { 1.0 - agreement.get(i, j).ratio().unwrap_or(0.5) };
            b[i * n + j] = d * d;
        }
    }
    let row_mean: Vec<f64> = (0..n).map(|i| b[i * n..(i + 1) * n].iter().sum::<f64>() / n as f64).collect();
    let mean = row_mean.iter().sum::<f64>() / n as f64;
    for i in 0..n {
        for j in 0..n {
            b[i * n + j] = -0.5 * (b[i * n + j] - row_mean[i] - row_mean[j] + mean);
        }
    }
    // Start from a fixed, non-symmetric vector; iterate.
    let mut v: Vec<f64> = (0..n).map(|i| ((i as f64) * 0.618_034).fract() - 0.5).collect();
    let mut w = vec![0f64; n];
    for _ in 0..100 {
        for i in 0..n {
            w[i] = b[i * n..(i + 1) * n].iter().zip(&v).map(|(x, y)| x * y).sum();
        }
        let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return (0..n).collect();
        }
        for i in 0..n {
            v[i] = w[i] / norm;
        }
    }
    // Orientation: the first row comes in the first half.
    if v[0] > 0.0 {
        v.iter_mut().for_each(|x| *x = -*x);
    }
    // Round so that numerically equal coordinates keep row order.
    let key: Vec<i64> = v.iter().map(|x| (x * 1e9).round() as i64).collect();
    let mut perm: Vec<usize> = (0..n).collect();
    perm.sort_by_key(|&i| (key[i], i));
    perm
}

// ---------------------------------------------------------------------------
// Output

fn symbol(code: u8) -> char {
    match code {
        AFFIRMS => '+',
        DENIES => '-',
        ABSTAINS => '~',
        ABSENT => 'a',
        _ => '.',
    }
}

fn position_name(code: u8) -> &'static str {
    match code {
        AFFIRMS => "affirms",
        DENIES => "denies",
        ABSTAINS => "abstains",
        ABSENT => "absent",
        _ => "",
    }
}

fn percent(p: &Pair) -> String {
    match p.ratio() {
        Some(r) => format!("{:.1}%", 100.0 * r),
        None => "-".into(),
    }
}

fn csv_field(s: &str) -> Cow<'_, str> {
    crate::formats::votes::csv_field(s)
}

/// How the CSV outputs write text from the map (ids, names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvCells {
    /// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
    /// gets a leading `'`, so that a spreadsheet shows it as text instead of
    /// running it as a formula (OWASP's advice against CSV injection: names
    /// come from imported files, which anyone may have written).
    #[default]
    Guarded,
    /// As written in the map.
    Raw,
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell holding text from the map.
fn text_cell(s: &str, cells: CsvCells) -> Cow<'_, str> {
    if cells == CsvCells::Guarded && s.starts_with(FORMULA_START) {
        Cow::Owned(csv_field(&format!("'{s}")).into_owned())
    } else {
        csv_field(s)
    }
}

/// Widest table, in characters, with claim ids as column headers; a wider
/// one numbers its columns and lists the claims under it.
const TABLE_WIDTH: usize = 120;

/// The matrix as a text table: `+` affirms, `-` denies, `~` abstains, `a`
/// absent (recorded as not voting: no position), `.` no stance; with the
/// counts of each column under it (an `absent` row when any cell is absent).
/// When claim ids would make it wider than 120 characters, the columns are
/// numbered and a key follows.
pub fn matrix_table(m: &Matrix<'_>, legend: bool) -> String {
    let map = m.map;
    let label_w = m.actors.iter().map(|&a| map.actor(a).id.chars().count()).chain([9]).max().unwrap_or(9);
    let by_id: Vec<usize> = m.claims.iter().map(|&c| map.claim(c).id.chars().count().max(4)).collect();
    let numbered = label_w + by_id.iter().map(|w| w + 2).sum::<usize>() > TABLE_WIDTH;
    let heads: Vec<String> = m
        .claims
        .iter()
        .enumerate()
        .map(|(i, &c)| if numbered { (i + 1).to_string() } else { map.claim(c).id.clone() })
        .collect();
    let count_w = m.rows().to_string().len();
    let widths: Vec<usize> = if numbered { heads.iter().map(|h| h.len().max(count_w)).collect() } else { by_id };
    let mut s = String::new();
    let _ = write!(s, "{:label_w$}", "actor");
    for (h, w) in heads.iter().zip(&widths) {
        let _ = write!(s, "  {h:>w$}");
    }
    push_line_end(&mut s);
    for r in 0..m.rows() {
        let _ = write!(s, "{:label_w$}", map.actor(m.actors[r]).id);
        for (c, w) in widths.iter().enumerate() {
            let _ = write!(s, "  {:>w$}", symbol(m.code(r, c)));
        }
        push_line_end(&mut s);
    }
    let absent = m.has_absent();
    if m.cols() > 0 && m.rows() > 0 {
        let counts: Vec<[usize; 5]> = (0..m.cols()).map(|c| m.column_counts(c)).collect();
        for (k, name) in ["affirms", "denies", "abstains", "absent", "no stance"].iter().enumerate() {
            if k == 3 && !absent {
                continue;
            }
            let _ = write!(s, "{:label_w$}", name);
            for (c, w) in widths.iter().enumerate() {
                let _ = write!(s, "  {:w$}", counts[c][k]);
            }
            push_line_end(&mut s);
        }
    }
    if numbered {
        let w = heads.last().map_or(1, String::len);
        for (h, &c) in heads.iter().zip(&m.claims) {
            let claim = map.claim(c);
            let _ = writeln!(s, "{h:>w$}  {}: {}", claim.id, truncate(&claim.text.replace('\n', " "), 80));
        }
    }
    if legend {
        s.push_str("+ affirms, - denies, ~ abstains, ");
        if absent {
            s.push_str("a absent (not a position), ");
        }
        s.push_str(". no stance (the current stance: the latest dated one)\n");
    }
    crate::diag::terminal_safe(&s).into_owned()
}

fn push_line_end(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
    s.push('\n');
}

/// The matrix as CSV: `actor,name,` then one column per claim id; cells are
/// `affirms`, `denies`, `abstains`, `absent` (recorded as not voting: no
/// position) or empty (no stance). Text cells are [`CsvCells::Guarded`].
pub fn matrix_csv(m: &Matrix<'_>) -> String {
    matrix_csv_with(m, CsvCells::Guarded)
}

/// [`matrix_csv`], with text cells written as `cells` says.
pub fn matrix_csv_with(m: &Matrix<'_>, cells: CsvCells) -> String {
    let map = m.map;
    let mut s = String::from("actor,name");
    for &c in &m.claims {
        s.push(',');
        s.push_str(&text_cell(&map.claim(c).id, cells));
    }
    s.push('\n');
    for r in 0..m.rows() {
        let a = map.actor(m.actors[r]);
        let _ = write!(s, "{},{}", text_cell(&a.id, cells), text_cell(a.display_name(), cells));
        for c in 0..m.cols() {
            s.push(',');
            s.push_str(position_name(m.code(r, c)));
        }
        s.push('\n');
    }
    s
}

#[derive(Serialize)]
struct JsonActor<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    text: &'a str,
    affirms: usize,
    denies: usize,
    abstains: usize,
    absent: usize,
    no_stance: usize,
}

#[derive(Serialize)]
struct JsonMatrix<'a> {
    actors: Vec<JsonActor<'a>>,
    claims: Vec<JsonClaim<'a>>,
    /// One row per actor, one entry per claim: a position, `"absent"` or null.
    positions: Vec<Vec<Option<&'static str>>>,
    /// The cells whose vote the record gives otherwise than the actor
    /// intended (`recorded`): `positions` has the intended one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    corrections: Vec<JsonCorrection<'a>>,
}

#[derive(Serialize)]
struct JsonCorrection<'a> {
    actor: &'a str,
    claim: &'a str,
    intended: &'static str,
    recorded: &'static str,
}

/// The matrix as JSON: `actors`, `claims` (with counts) and `positions`
/// (rows follow `actors`, entries follow `claims`: `"affirms"`, `"denies"`,
/// `"abstains"`, `"absent"` for an actor recorded as not voting, which is not
/// a position, and `null` for no stance); and, when some vote was recorded
/// otherwise than intended, `corrections` (`actor`, `claim`, `intended`,
/// `recorded`; `positions` has the intended position).
pub fn matrix_json(m: &Matrix<'_>) -> String {
    let map = m.map;
    let j = JsonMatrix {
        actors: m
            .actors
            .iter()
            .map(|&a| JsonActor { id: &map.actor(a).id, name: map.actor(a).display_name() })
            .collect(),
        claims: m
            .claims
            .iter()
            .enumerate()
            .map(|(c, &ci)| {
                let n = m.column_counts(c);
                JsonClaim {
                    id: &map.claim(ci).id,
                    text: &map.claim(ci).text,
                    affirms: n[0],
                    denies: n[1],
                    abstains: n[2],
                    absent: n[3],
                    no_stance: n[4],
                }
            })
            .collect(),
        positions: (0..m.rows())
            .map(|r| {
                (0..m.cols())
                    .map(|c| match m.code(r, c) {
                        NONE => None,
                        code => Some(position_name(code)),
                    })
                    .collect()
            })
            .collect(),
        corrections: (0..m.rows())
            .flat_map(|r| (0..m.cols()).map(move |c| (r, c)))
            .filter_map(|(r, c)| {
                let s = m.stance(r, c)?;
                let rec = s.recorded.as_ref()?;
                Some(JsonCorrection {
                    actor: &map.actor(s.actor).id,
                    claim: &map.claim(s.claim).id,
                    intended: s.position.as_str(),
                    recorded: rec.position.as_str(),
                })
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

/// All pairs as a text table, most agreeing first; [terminal safe](crate::diag::terminal_safe).
pub fn pairs_table(m: &Matrix<'_>, pairs: &[PairEntry], header: bool) -> String {
    let map = m.map;
    let w = m.actors.iter().map(|&a| map.actor(a).id.chars().count()).chain([7]).max().unwrap_or(7);
    let mut s = String::new();
    if header {
        let _ = writeln!(s, "{FORMULA}.");
    }
    let _ = writeln!(s, "{:w$}  {:w$}  {:>9}  agreements/shared", "actor", "actor", "agreement");
    for p in pairs {
        let _ = writeln!(
            s,
            "{:w$}  {:w$}  {:>9}  {}/{}",
            map.actor(m.actors[p.a]).id,
            map.actor(m.actors[p.b]).id,
            percent(&p.pair),
            p.pair.agreements,
            p.pair.shared
        );
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// All pairs as CSV: `actor_a,actor_b,agreements,shared,agreement`; text
/// cells [`CsvCells::Guarded`].
pub fn pairs_csv(m: &Matrix<'_>, pairs: &[PairEntry]) -> String {
    pairs_csv_with(m, pairs, CsvCells::Guarded)
}

/// [`pairs_csv`], with text cells written as `cells` says.
pub fn pairs_csv_with(m: &Matrix<'_>, pairs: &[PairEntry], cells: CsvCells) -> String {
    let map = m.map;
    let mut s = String::from("actor_a,actor_b,agreements,shared,agreement\n");
    for p in pairs {
        let _ = writeln!(
            s,
            "{},{},{},{},{:.6}",
            text_cell(&map.actor(m.actors[p.a]).id, cells),
            text_cell(&map.actor(m.actors[p.b]).id, cells),
            p.pair.agreements,
            p.pair.shared,
            p.pair.ratio().unwrap_or(0.0)
        );
    }
    s
}

#[derive(Serialize)]
struct JsonPair<'a> {
    a: &'a str,
    b: &'a str,
    agreements: u32,
    shared: u32,
    agreement: f64,
}

#[derive(Serialize)]
struct JsonPairs<'a> {
    formula: &'static str,
    min_shared: u32,
    pairs: Vec<JsonPair<'a>>,
}

/// All pairs as JSON.
pub fn pairs_json(m: &Matrix<'_>, pairs: &[PairEntry], min_shared: u32) -> String {
    let map = m.map;
    let j = JsonPairs {
        formula: FORMULA,
        min_shared,
        pairs: pairs
            .iter()
            .map(|p| JsonPair {
                a: &map.actor(m.actors[p.a]).id,
                b: &map.actor(m.actors[p.b]).id,
                agreements: p.pair.agreements,
                shared: p.pair.shared,
                agreement: p.pair.ratio().unwrap_or(0.0),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

/// A ranking by agreement with one actor, as a text table; [terminal
/// safe](crate::diag::terminal_safe).
pub fn like_table(m: &Matrix<'_>, row: usize, ranked: &[Ranked], header: bool) -> String {
    let map = m.map;
    let me = map.actor(m.actors[row]);
    let w = ranked.iter().map(|r| map.actor(m.actors[r.row]).id.chars().count()).chain([5]).max().unwrap_or(5);
    let mut s = String::new();
    if header {
        let _ = writeln!(s, "Agreement with {} ({})\n{FORMULA}.", me.id, me.display_name());
    }
    let _ = writeln!(s, "rank  {:w$}  {:>9}  agreements/shared", "actor", "agreement");
    for r in ranked {
        let _ = writeln!(
            s,
            "{:>4}  {:w$}  {:>9}  {}/{}",
            r.rank,
            map.actor(m.actors[r.row]).id,
            percent(&r.pair),
            r.pair.agreements,
            r.pair.shared
        );
    }
    if header {
        let mut ranked_rows = vec![false; m.rows()];
        ranked.iter().for_each(|r| ranked_rows[r.row] = true);
        ranked_rows[row] = true;
        let left: Vec<&str> =
            (0..m.rows()).filter(|&r| !ranked_rows[r]).map(|r| map.actor(m.actors[r]).id.as_str()).collect();
        if !left.is_empty() {
            let _ = write!(s, "Not ranked ({}, sharing too few claims with {}): ", left.len(), me.id);
            let shown = left.len().min(20);
            s.push_str(&left[..shown].join(", "));
            if left.len() > shown {
                let _ = write!(s, " and {} more", left.len() - shown);
            }
            s.push('\n');
        }
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// A ranking as CSV: `rank,actor,name,agreements,shared,agreement`; text
/// cells [`CsvCells::Guarded`].
pub fn like_csv(m: &Matrix<'_>, ranked: &[Ranked]) -> String {
    like_csv_with(m, ranked, CsvCells::Guarded)
}

/// [`like_csv`], with text cells written as `cells` says.
pub fn like_csv_with(m: &Matrix<'_>, ranked: &[Ranked], cells: CsvCells) -> String {
    let map = m.map;
    let mut s = String::from("rank,actor,name,agreements,shared,agreement\n");
    for r in ranked {
        let a = map.actor(m.actors[r.row]);
        let _ = writeln!(
            s,
            "{},{},{},{},{},{:.6}",
            r.rank,
            text_cell(&a.id, cells),
            text_cell(a.display_name(), cells),
            r.pair.agreements,
            r.pair.shared,
            r.pair.ratio().unwrap_or(0.0)
        );
    }
    s
}

#[derive(Serialize)]
struct JsonRanked<'a> {
    rank: usize,
    actor: &'a str,
    name: &'a str,
    agreements: u32,
    shared: u32,
    agreement: f64,
}

#[derive(Serialize)]
struct JsonLike<'a> {
    actor: &'a str,
    formula: &'static str,
    min_shared: u32,
    ranking: Vec<JsonRanked<'a>>,
}

/// A ranking as JSON.
pub fn like_json(m: &Matrix<'_>, row: usize, ranked: &[Ranked], min_shared: u32) -> String {
    let map = m.map;
    let j = JsonLike {
        actor: &map.actor(m.actors[row]).id,
        formula: FORMULA,
        min_shared,
        ranking: ranked
            .iter()
            .map(|r| {
                let a = map.actor(m.actors[r.row]);
                JsonRanked {
                    rank: r.rank,
                    actor: &a.id,
                    name: a.display_name(),
                    agreements: r.pair.agreements,
                    shared: r.pair.shared,
                    agreement: r.pair.ratio().unwrap_or(0.0),
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

// ---------------------------------------------------------------------------
// SVG

/// Escape text for XML content and attribute values (the rendering's escaping).
pub fn xml_escape(s: &str) -> Cow<'_, str> {
    Cow::Owned(crate::render::text::xml_escape(s))
}

/// Colours (Okabe-Ito, safe for colour-blind readers).
const COLOR_AFFIRMS: &str = "#0072B2";
const COLOR_DENIES: &str = "#D55E00";
const COLOR_ABSTAINS: &str = "#F0E442";
const COLOR_NONE: &str = "#F2F2F2";
/// Absent: a mid grey, darker than no stance and than the grey of thin pairs.
const COLOR_ABSENT: &str = "#8C8C8C";
const COLOR_MISSING: &str = "#D9D9D9";
/// Attribute: right-aligned text.
const END: &str = " text-anchor=\"end\"";
const FONT: &str = "font-family=\"Helvetica, Arial, sans-serif\"";
/// Above this many cells, no per-cell tooltip and runs of equal cells are merged.
const TOOLTIP_CELLS: usize = 60_000;

fn cell_color(code: u8) -> &'static str {
    match code {
        AFFIRMS => COLOR_AFFIRMS,
        DENIES => COLOR_DENIES,
        ABSTAINS => COLOR_ABSTAINS,
        ABSENT => COLOR_ABSENT,
        _ => COLOR_NONE,
    }
}

/// Approximate width of text in pixels, on the wide side: per character, a
/// class estimate that is at least Helvetica's (and Arial's, Liberation
/// Sans') advance for every ASCII character (narrow `il.,:;'|! ` 0.3 em;
/// `ftrI()[]-/` 0.4 em; `mwMW@%` 0.95 em; other capitals 0.78 em; digits,
/// other lowercase letters and signs 0.58 em; other Latin letters 0.78 em,
/// anything else 1 em), so that a text placed by it is not wider on screen.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(glyph_em).sum::<f64>() * size
}

/// [`text_width`] of bold text (Helvetica-Bold is at most 10 % wider).
fn bold_width(s: &str, size: f64) -> f64 {
    text_width(s, size) * 1.1
}

fn glyph_em(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.95,
        'A'..='Z' => 0.78,
        c if c.is_ascii() => 0.58,
        c if (c as u32) < 0x250 && c.is_alphabetic() => 0.78,
        _ => 1.0,
    }
}

/// `text` broken at spaces into lines at most `max` pixels wide (a word
/// wider than a line is cut), by `width` (the pixel width of a text).
fn wrap(text: &str, max: f64, width: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let joined = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if width(&joined) <= max {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line: cut it.
        let mut rest = String::new();
        for c in word.chars() {
            rest.push(c);
            if width(&rest) > max && rest.chars().count() > 1 {
                let last = rest.pop().unwrap_or(c);
                lines.push(std::mem::take(&mut rest));
                rest.push(last);
            }
        }
        line = rest;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `n` and a noun, singular for 1: `plural(2, "claim", "claims")` is `2 claims`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().take(max.saturating_sub(1)).collect::<String>() + "…")
    }
}

/// Viridis, from 0 (dark purple) to 1 (yellow).
fn viridis(t: f64) -> String {
    const STOPS: [(f64, f64, f64); 5] =
        [(68.0, 1.0, 84.0), (59.0, 82.0, 139.0), (33.0, 145.0, 140.0), (94.0, 201.0, 98.0), (253.0, 231.0, 37.0)];
    let t = t.clamp(0.0, 1.0) * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    format!("#{:02X}{:02X}{:02X}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black or white, whichever contrasts more with the colour `#RRGGBB`
/// (WCAG relative luminance: black above 0.179).
fn ink_on(fill: &str) -> &'static str {
    let channel = |k: usize| {
        let v = f64::from(u8::from_str_radix(fill.get(1 + 2 * k..3 + 2 * k).unwrap_or("00"), 16).unwrap_or(0)) / 255.0;
        if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    if l > 0.179 { "#000000" } else { "#FFFFFF" }
}

/// The dark colour scheme: only inside `prefers-color-scheme: dark`, so the
/// light drawing is the same with or without it. Text without a colour of
/// its own, the background, grid lines and axes change; data colours (cells,
/// bars, lines, points, and the numbers on cells) stay, except black data
/// (`.ink`), which turns white.
const DARK_STYLE: &str = "@media (prefers-color-scheme: dark){\
.bg{fill:#1E1E1E}\
text:not([fill]){fill:#E6E6E6}\
text.muted{fill:#B0B0B0}\
.grid{stroke:#505050}\
.axis{stroke:#B0B0B0}\
.ink{stroke:#FFFFFF}\
rect.ink,circle.ink{fill:#FFFFFF}\
}";

/// An SVG being written: the body's text and shapes (in `s`), placed under
/// a heading that wraps to the drawing's width; the drawing grows to hold
/// every text written through [`Svg::text`].
struct Svg {
    s: String,
    width: f64,
    height: f64,
    title: String,
    head: String,
    /// How far the body moves down because the heading wrapped.
    shift: f64,
    /// The right and bottom ends of the body's texts.
    right: f64,
    bottom: f64,
}

/// Heading line spacing: the title (14 px bold), then lines of 10 or 11 px.
const TITLE_SIZE: f64 = 14.0;
const TITLE_LEAD: f64 = 18.0;
const SUB_LEAD: f64 = 16.0;

impl Svg {
    /// An SVG `width` × `height` (at least), titled `title` (its `<title>`).
    fn new(width: f64, height: f64, title: &str) -> Svg {
        Svg {
            s: String::new(),
            width,
            height,
            title: title.to_string(),
            head: String::new(),
            shift: 0.0,
            right: 0.0,
            bottom: 0.0,
        }
    }

    /// The title in bold (first baseline at 20), then each subtitle `(text,
    /// size, attrs, tooltip)` 16 px further down; each wrapped to the drawing's
    /// width. The body was laid out for one line each: it moves down by the
    /// extra lines.
    fn heading(&mut self, subtitles: &[(&str, f64, &str, Option<&str>)]) {
        let max = self.width - 16.0;
        let mut y = 20.0;
        let title = self.title.clone();
        for (k, line) in wrap(&title, max, |s| bold_width(s, TITLE_SIZE)).iter().enumerate() {
            if k > 0 {
                y += TITLE_LEAD;
            }
            self.head_text(y, TITLE_SIZE, " font-weight=\"bold\"", line, None);
        }
        for &(text, size, attrs, tip) in subtitles {
            for (k, line) in wrap(text, max, |s| text_width(s, size)).iter().enumerate() {
                y += if k == 0 { SUB_LEAD } else { size + 4.0 };
                self.head_text(y, size, attrs, line, tip);
            }
        }
        self.shift = y - (20.0 + SUB_LEAD * subtitles.len() as f64);
    }

    fn head_text(&mut self, y: f64, size: f64, attrs: &str, text: &str, tip: Option<&str>) {
        let _ = write!(self.head, "<text x=\"8.0\" y=\"{y:.1}\" font-size=\"{size}\"{attrs}>{}", xml_escape(text));
        if let Some(t) = tip {
            let _ = write!(self.head, "<title>{}</title>", xml_escape(t));
        }
        self.head.push_str("</text>\n");
    }

    /// Text at (x, y); `attrs` are more attributes, each with a leading space.
    fn text(&mut self, x: f64, y: f64, size: f64, attrs: &str, text: &str, tip: Option<&str>) {
        let _ = write!(self.s, "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\"{attrs}>{}", xml_escape(text));
        if let Some(t) = tip {
            let _ = write!(self.s, "<title>{}</title>", xml_escape(t));
        }
        self.s.push_str("</text>\n");
        if !attrs.contains("rotate(") {
            let w = if attrs.contains("bold") { bold_width(text, size) } else { text_width(text, size) };
            let right = if attrs.contains("\"end\"") {
                x
            } else if attrs.contains("\"middle\"") {
                x + w / 2.0
            } else {
                x + w
            };
            self.right = self.right.max(right);
            self.bottom = self.bottom.max(y + 0.3 * size);
        }
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tip: Option<&str>) {
        let _ = write!(self.s, "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{fill}\"");
        match tip {
            Some(t) => {
                let _ = writeln!(self.s, "><title>{}</title></rect>", xml_escape(t));
            }
            None => self.s.push_str("/>\n"),
        }
    }

    /// A line of class `class` (`grid`, `axis`: the dark scheme recolours them).
    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, class: &str) {
        let _ = writeln!(
            self.s,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" class=\"{class}\"/>"
        );
    }

    fn finish(self) -> String {
        let width = self.width.max(self.right + 8.0).ceil();
        let height = (self.height.max(self.bottom + 8.0) + self.shift).ceil();
        let mut s = String::with_capacity(self.s.len() + self.head.len() + 1024);
        let _ = writeln!(
            s,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" {FONT}>"
        );
        let _ = writeln!(s, "<title>{}</title>", xml_escape(&self.title));
        let _ = writeln!(s, "<style>{DARK_STYLE}</style>");
        let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\" class=\"bg\"/>");
        s.push_str(&self.head);
        if self.shift > 0.0 {
            let _ = writeln!(s, "<g transform=\"translate(0 {:.1})\">", self.shift);
            s.push_str(&self.s);
            s.push_str("</g>\n");
        } else {
            s.push_str(&self.s);
        }
        s.push_str("</svg>\n");
        s
    }
}

/// The colour key of positions at (x, y), with each position's count when
/// given; absent only when `absent`.
fn legend(svg: &mut Svg, x: f64, y: f64, absent: bool, counts: Option<&[usize; 5]>) {
    let mut x = x;
    for (k, (name, color)) in [
        ("affirms", COLOR_AFFIRMS),
        ("denies", COLOR_DENIES),
        ("abstains", COLOR_ABSTAINS),
        ("absent", COLOR_ABSENT),
        ("no stance", COLOR_NONE),
    ]
    .iter()
    .enumerate()
    {
        if k == 3 && !absent {
            continue;
        }
        svg.rect(x, y, 12.0, 12.0, color, None);
        let label = match counts {
            Some(n) => format!("{name} ({})", n[k]),
            None => name.to_string(),
        };
        svg.text(x + 16.0, y + 10.0, 11.0, "", &label, None);
        x += 28.0 + text_width(&label, 11.0);
    }
}

/// The columns' claim ids, rotated, above `top`, the columns (of the
/// matrix) in the order given, `cw` wide from `left`.
fn column_labels(svg: &mut Svg, m: &Matrix<'_>, cols: &[usize], left: f64, top: f64, cw: f64) {
    if cw < 6.0 {
        return;
    }
    let font = cw.clamp(6.0, 11.0);
    for (i, &c) in cols.iter().enumerate() {
        let claim = m.map.claim(m.claims[c]);
        let cx = left + (i as f64 + 0.5) * cw + font * 0.35;
        let tip = format!("{}: {}", claim.id, claim.text);
        let extra = format!(" transform=\"rotate(-90 {cx:.1} {:.1})\"", top - 6.0);
        svg.text(cx, top - 6.0, font, &extra, &truncate(&claim.id, 40), Some(&tip));
    }
}

/// The height of the rotated claim ids of `cols`, `cw` wide.
fn column_labels_height(m: &Matrix<'_>, cols: &[usize], cw: f64) -> f64 {
    if cw < 6.0 {
        return 0.0;
    }
    let font = cw.clamp(6.0, 11.0);
    cols.iter().map(|&c| text_width(&truncate(&m.map.claim(m.claims[c]).id, 40), font)).fold(0.0, f64::max)
}

fn map_title(map: &ArgMap) -> &str {
    map.meta.title.as_deref().unwrap_or(&map.file.name)
}

/// Sizes for `n` rows or columns of cells.
fn cell_size(n: usize, max_total: f64, preferred: f64) -> f64 {
    if n == 0 { preferred } else { (max_total / n as f64).clamp(2.0, preferred) }
}

/// A heat map of the matrix: one row per actor (labelled with its name),
/// one column per claim (labelled with its id; the claim's text in the
/// tooltip), a cell per current stance (absent actors in grey), and a legend
/// with the counts (absent only when a cell is).
pub fn matrix_svg(m: &Matrix<'_>) -> String {
    let map = m.map;
    let (rows, cols) = (m.rows(), m.cols());
    let ch = cell_size(rows, 6000.0, 14.0);
    let cw = cell_size(cols, 2400.0, 22.0);
    let font = ch.clamp(6.0, 11.0);
    let labels: Vec<Cow<'_, str>> = m.actors.iter().map(|&a| truncate(map.actor(a).display_name(), 40)).collect();
    let left = 12.0 + labels.iter().map(|l| text_width(l, font)).fold(0.0, f64::max);
    let all: Vec<usize> = (0..cols).collect();
    let top = 64.0 + column_labels_height(m, &all, cw) + 8.0;
    let width = (left + cols as f64 * cw + 16.0).max(520.0);
    let height = top + rows as f64 * ch + 16.0;
    let title = format!(
        "{}: stances of {} on {}",
        map_title(map),
        plural(rows, "actor", "actors"),
        plural(cols, "claim", "claims")
    );
    let mut svg = Svg::new(width, height, &title);
    svg.heading(&[]);
    // Legend with totals.
    let mut totals = [0usize; 5];
    for c in 0..cols {
        let n = m.column_counts(c);
        for k in 0..5 {
            totals[k] += n[k];
        }
    }
    legend(&mut svg, 8.0, 32.0, totals[3] > 0, Some(&totals));
    column_labels(&mut svg, m, &all, left, top, cw);
    let tooltips = rows * cols <= TOOLTIP_CELLS;
    for (r, label) in labels.iter().enumerate() {
        let y = top + r as f64 * ch;
        let actor = map.actor(m.actors[r]);
        if ch >= 6.0 {
            svg.text(left - 6.0, y + ch * 0.8, font, END, label, Some(&actor.id));
        }
        if tooltips {
            for c in 0..cols {
                let code = m.code(r, c);
                let claim = &map.claim(m.claims[c]).id;
                let mut tip = format!("{} ({}): {claim}: ", actor.display_name(), actor.id);
                match m.stance(r, c) {
                    Some(s) => {
                        tip.push_str(s.position.as_str());
                        if let Some(rec) = &s.recorded {
                            let _ = write!(tip, " (recorded as {}: a correction)", rec.position);
                        }
                        let mut extra = Vec::new();
                        if let Some(d) = s.when() {
                            extra.push(d);
                        }
                        if let Some(v) = &s.via {
                            extra.push(v.clone());
                        }
                        if !extra.is_empty() {
                            let _ = write!(tip, " ({})", extra.join(", "));
                        }
                    }
                    None if m.is_absent(r, c) => tip.push_str("absent (no vote recorded: not a position)"),
                    None => tip.push_str("no stance"),
                }
                svg.rect(left + c as f64 * cw, y, cw - 1.0, ch - 1.0, cell_color(code), Some(&tip));
            }
        } else {
            // Runs of equal cells as one rectangle.
            let mut c = 0;
            while c < cols {
                let code = m.code(r, c);
                let mut end = c + 1;
                while end < cols && m.code(r, end) == code {
                    end += 1;
                }
                if code != NONE {
                    svg.rect(left + c as f64 * cw, y, (end - c) as f64 * cw, ch, cell_color(code), None);
                }
                c = end;
            }
        }
    }
    svg.finish()
}

/// A heat map of the agreement of every pair of actors (rows and columns in
/// the matrix's row order), from 0 % (dark) to 100 % (yellow); grey for pairs
/// sharing fewer than `min_shared` claims.
pub fn agreement_svg(m: &Matrix<'_>, agreement: &Agreement, min_shared: u32) -> String {
    agreement_svg_boxes(m, agreement, min_shared, &[])
}

/// [`agreement_svg`] with groups of rows `(first, count)` outlined on the diagonal.
fn agreement_svg_boxes(m: &Matrix<'_>, agreement: &Agreement, min_shared: u32, boxes: &[(usize, usize)]) -> String {
    let map = m.map;
    let n = m.rows();
    let cs = cell_size(n, 3000.0, if n <= NUMBERED_ACTORS { 30.0 } else { 16.0 });
    let font = cs.clamp(6.0, 11.0);
    // Numbers in cells when "100" fits with a margin.
    let number = if cs >= 28.0 { 11.0 } else { 10.0 };
    let numbers = cs >= 4.0 + text_width("100", number);
    let labels: Vec<Cow<'_, str>> = m.actors.iter().map(|&a| truncate(map.actor(a).display_name(), 40)).collect();
    let label_w = labels.iter().map(|l| text_width(l, font)).fold(0.0, f64::max);
    let left = 12.0 + label_w;
    let top = 82.0 + label_w + 8.0;
    let width = (left + n as f64 * cs + 16.0).max(560.0);
    let height = top + n as f64 * cs + 16.0;
    let title = format!(
        "{}: agreement between {} on {}",
        map_title(map),
        plural(n, "actor", "actors"),
        plural(m.cols(), "claim", "claims")
    );
    let mut svg = Svg::new(width, height, &title);
    let key = if numbers { "Agreement in % (numbers in the cells; " } else { "Agreement in % (" };
    let key = format!("{key}each cell's agreements/shared in its tooltip). {FORMULA}.");
    svg.heading(&[(&key, 10.0, "", None)]);
    let thin = format!("fewer than {}", plural(min_shared.max(1) as usize, "shared claim", "shared claims"));
    colour_bar(&mut svg, 44.0, &thin);
    let min_shared = min_shared.max(1);
    for (i, l) in labels.iter().enumerate() {
        let id = &map.actor(m.actors[i]).id;
        if cs >= 6.0 {
            svg.text(left - 6.0, top + i as f64 * cs + cs * 0.8, font, END, l, Some(id));
            let cx = left + (i as f64 + 0.5) * cs + font * 0.35;
            let extra = format!(" transform=\"rotate(-90 {cx:.1} {:.1})\"", top - 6.0);
            svg.text(cx, top - 6.0, font, &extra, l, Some(id));
        }
    }
    let tooltips = n * n <= TOOLTIP_CELLS;
    let gap = if cs >= 6.0 { 0.5 } else { 0.0 };
    for i in 0..n {
        for j in 0..n {
            let p = agreement.get(i, j);
            let shown = p.ratio().filter(|_| p.shared >= min_shared);
            let color = shown.map_or_else(|| COLOR_MISSING.to_string(), viridis);
            let (x, y) = (left + j as f64 * cs, top + i as f64 * cs);
            if tooltips {
                let tip = format!(
                    "{} and {}: {} ({}/{})",
                    map.actor(m.actors[i]).display_name(),
                    map.actor(m.actors[j]).display_name(),
                    percent(&p),
                    p.agreements,
                    p.shared
                );
                svg.rect(x, y, cs - gap, cs - gap, &color, Some(&tip));
            } else {
                svg.rect(x, y, cs - gap, cs - gap, &color, None);
            }
            if numbers && shown.is_some() {
                let attrs = format!(" text-anchor=\"middle\" fill=\"{}\" pointer-events=\"none\"", ink_on(&color));
                let value = whole_percent(&p).to_string();
                svg.text(x + (cs - gap) / 2.0, y + (cs - gap) / 2.0 + 0.35 * number, number, &attrs, &value, None);
            }
        }
    }
    for &(first, count) in boxes {
        let (x, y) = (left + first as f64 * cs, top + first as f64 * cs);
        let side = count as f64 * cs;
        let _ = writeln!(
            svg.s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{side:.1}\" height=\"{side:.1}\" fill=\"none\" stroke=\"#E31A1C\" stroke-width=\"2\"/>"
        );
    }
    svg.finish()
}

/// Up to this many actors, the agreement heat map's cells are large enough
/// for their numbers.
const NUMBERED_ACTORS: usize = 40;

/// `agreements / shared` in whole percent, halves rounded up (0 with nothing shared).
fn whole_percent(p: &Pair) -> u64 {
    if p.shared == 0 { 0 } else { (200 * u64::from(p.agreements) + u64::from(p.shared)) / (2 * u64::from(p.shared)) }
}

/// The agreement colour bar at `y` (0 to 100 %, ticks every 25 %), and
/// beside it the grey of pairs left out, labelled `thin`.
fn colour_bar(svg: &mut Svg, y: f64, thin: &str) {
    let (x0, w, h) = (12.0, 200.0, 12.0);
    const STEPS: usize = 20;
    for k in 0..STEPS {
        let t = (k as f64 + 0.5) / STEPS as f64;
        let step = w / STEPS as f64;
        svg.rect(x0 + k as f64 * step, y, step, h, &viridis(t), None);
    }
    // A frame, so that the dark end stands out on a dark background too.
    let _ = writeln!(
        svg.s,
        "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"none\" stroke=\"#404040\" stroke-width=\"0.5\" class=\"axis\"/>"
    );
    for k in 0..=4 {
        let x = x0 + w * k as f64 / 4.0;
        svg.line((x, y + h), (x, y + h + 4.0), "#404040", "axis");
        svg.text(x, y + h + 14.0, 10.0, " text-anchor=\"middle\"", &format!("{}%", 25 * k), None);
    }
    svg.rect(x0 + w + 24.0, y, 12.0, 12.0, COLOR_MISSING, None);
    svg.text(x0 + w + 40.0, y + 10.0, 10.0, "", thin, None);
}

/// A bar chart of the ranking by agreement with one actor.
pub fn like_svg(m: &Matrix<'_>, row: usize, ranked: &[Ranked]) -> String {
    let map = m.map;
    let me = map.actor(m.actors[row]);
    let rh = 14.0;
    let labels: Vec<String> = ranked
        .iter()
        .map(|r| format!("{}. {}", r.rank, truncate(map.actor(m.actors[r.row]).display_name(), 40)))
        .collect();
    let left = 12.0 + labels.iter().map(|l| text_width(l, 11.0)).fold(0.0, f64::max).max(10.0);
    let bar = 300.0;
    let top = 64.0;
    let width = (left + bar + 120.0).max(560.0);
    let height = top + ranked.len() as f64 * rh + 16.0;
    let title = format!("{}: agreement with {}", map_title(map), me.display_name());
    let mut svg = Svg::new(width, height, &title);
    svg.heading(&[(FORMULA, 10.0, "", None)]);
    // The axis: 0 to 100 % above the bars, with grid lines.
    let bottom = top + ranked.len() as f64 * rh;
    for k in 0..=4 {
        let x = left + bar * k as f64 / 4.0;
        svg.line((x, top - 4.0), (x, bottom), "#DDDDDD", "grid");
        svg.text(x, top - 8.0, 10.0, " text-anchor=\"middle\"", &format!("{}%", 25 * k), None);
    }
    for (i, (r, l)) in ranked.iter().zip(&labels).enumerate() {
        let y = top + i as f64 * rh;
        let other = map.actor(m.actors[r.row]);
        svg.text(left - 6.0, y + rh * 0.8, 11.0, END, l, Some(&other.id));
        let ratio = r.pair.ratio().unwrap_or(0.0);
        let tip = format!("{}: {} ({}/{})", other.display_name(), percent(&r.pair), r.pair.agreements, r.pair.shared);
        svg.rect(left, y + 1.0, (bar * ratio).max(0.5), rh - 2.0, &viridis(ratio), Some(&tip));
        let value = format!("{} ({}/{})", percent(&r.pair), r.pair.agreements, r.pair.shared);
        svg.text(left + bar * ratio + 4.0, y + rh * 0.8, 10.0, "", &value, None);
    }
    svg.finish()
}
