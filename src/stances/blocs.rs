//! Blocs: groups of actors that vote together.
//!
//! # Clustering
//!
//! Average-linkage hierarchical clustering on agreement (see the module's
//! formula), weighted by shared claims, cut at a threshold:
//!
//! ```text
//! linkage(A, B) = sum of agreements(a, b) / sum of shared(a, b)
//!                 over a in A, b in B whose pair shares at least --min-shared claims
//! ```
//!
//! Every actor starts as a bloc of its own; the two blocs with the highest
//! linkage merge, as long as that linkage is at least the cut (`--cut`,
//! default 0.9); pairs sharing too few claims do not count, and two blocs
//! with no such pair never merge. Linkages are compared exactly (as
//! fractions); ties go to the pair with more shared claims, then to the blocs
//! whose first members (by id, natural order) come first. So the blocs do not
//! depend on the order of actors or claims. Every member of a bloc agrees
//! with the rest of it at least `cut` on average in this sense, when it joined.
//!
//! # Cohesion
//!
//! - `cohesion`: the same pooled agreement inside the bloc, over its pairs
//!   (sum of agreements / sum of shared); undefined for one actor.
//! - `agreement_index`: Hix, Noury and Roland's agreement index per claim,
//!   `(max(Y, N, A) - (Y + N + A - max(Y, N, A)) / 2) / (Y + N + A)` over the
//!   bloc's affirms Y, denies N and abstains A (1: all alike, 0: split
//!   evenly three ways), averaged over the claims on which at least one
//!   member took a position. With abstention left out it is the Rice index.
//!
//! Blocs come largest first, then most cohesive, then by first member.
//!
//! Cost: the agreement of every pair (see [`Agreement`]), then at most
//! `actors - 1` merges of `actors²` comparisons each: limited to
//! [`MAX_ACTORS`] actors.

use std::fmt::Write as _;

use serde::Serialize;

use super::*;

/// The most actors [`blocs`] clusters (the clustering's time grows with the
/// cube of the number of actors).
pub const MAX_ACTORS: usize = 2000;

/// The default cut.
pub const DEFAULT_CUT: f64 = 0.9;

/// The method, as stated in outputs.
pub const METHOD: &str = "blocs: average-linkage clustering on agreement, linkage(A, B) = sum of agreements / \
sum of shared claims over the pairs between A and B (pairs sharing fewer than --min-shared claims left out), \
merging while the highest linkage is at least the cut; cohesion = the same over the pairs inside the bloc; \
agreement index = Hix-Noury-Roland (max(Y,N,A) - (Y+N+A-max)/2)/(Y+N+A) per claim, averaged";

/// A bloc.
#[derive(Clone, Debug, PartialEq)]
pub struct Bloc {
    /// Rows of the matrix, by actor id.
    pub rows: Vec<usize>,
    /// Agreements summed over the pairs inside the bloc (sharing at least `min_shared` claims).
    pub agreements: u64,
    /// Shared claims summed over the same pairs.
    pub shared: u64,
    /// The mean agreement index over claims; `None` when no member took a position.
    pub agreement_index: Option<f64>,
}

impl Bloc {
    /// `agreements / shared`: the pooled agreement inside the bloc; `None` without a pair.
    pub fn cohesion(&self) -> Option<f64> {
        (self.shared > 0).then(|| self.agreements as f64 / self.shared as f64)
    }
    fn cmp_cohesion(&self, other: &Bloc) -> Ordering {
        match (self.shared, other.shared) {
            (0, 0) => Ordering::Equal,
            (0, _) => Ordering::Less,
            (_, 0) => Ordering::Greater,
            _ => cmp_frac(self.agreements, self.shared, other.agreements, other.shared),
        }
    }
}

/// An error when the matrix has more than [`MAX_ACTORS`] rows.
pub fn check_size(m: &Matrix<'_>) -> Result<(), String> {
    let n = m.rows();
    if n > MAX_ACTORS {
        return Err(format!(
            "blocs: {n} actors, more than the {MAX_ACTORS} the clustering takes (its time grows with the cube of the number of actors); choose some with --actors"
        ));
    }
    Ok(())
}

/// Cluster the rows of `m` (with their agreement) at `cut` (0 to 1).
/// Errors with more than [`MAX_ACTORS`] rows or a cut outside 0 to 1.
pub fn blocs(m: &Matrix<'_>, agreement: &Agreement, cut: f64, min_shared: u32) -> Result<Vec<Bloc>, String> {
    check_size(m)?;
    let n = m.rows();
    if !(0.0..=1.0).contains(&cut) {
        return Err(format!("blocs: the cut must lie between 0 and 1, not {cut}"));
    }
    let min = min_shared.max(1);
    let rank = id_ranks(m);
    // Linkage sums between clusters, indexed by their first row.
    let mut agree = vec![0u64; n * n];
    let mut shared = vec![0u64; n * n];
    for i in 0..n {
        for j in 0..n {
            let p = agreement.get(i, j);
            if i != j && p.shared >= min {
                agree[i * n + j] = u64::from(p.agreements);
                shared[i * n + j] = u64::from(p.shared);
            }
        }
    }
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut key: Vec<usize> = rank.clone();
    let mut active: Vec<usize> = (0..n).collect();
    loop {
        let mut best: Option<(usize, usize)> = None;
        for (x, &i) in active.iter().enumerate() {
            for &j in &active[x + 1..] {
                let (a, s) = (agree[i * n + j], shared[i * n + j]);
                if s == 0 || (a as f64) < cut * s as f64 {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((bi, bj)) => {
                        let (ba, bs) = (agree[bi * n + bj], shared[bi * n + bj]);
                        let pair_key = |p: usize, q: usize| (key[p].min(key[q]), key[p].max(key[q]));
                        cmp_frac(a, s, ba, bs).then(s.cmp(&bs)).then_with(|| pair_key(bi, bj).cmp(&pair_key(i, j)))
                            == Ordering::Greater
                    }
                };
                if better {
                    best = Some((i, j));
                }
            }
        }
        let Some((i, j)) = best else { break };
        for &k in &active {
            if k != i && k != j {
                agree[i * n + k] += agree[j * n + k];
                agree[k * n + i] = agree[i * n + k];
                shared[i * n + k] += shared[j * n + k];
                shared[k * n + i] = shared[i * n + k];
            }
        }
        let moved = std::mem::take(&mut members[j]);
        members[i].extend(moved);
        key[i] = key[i].min(key[j]);
        active.retain(|&k| k != j);
    }
    let mut out: Vec<Bloc> = active
        .iter()
        .map(|&i| {
            let mut rows = std::mem::take(&mut members[i]);
            rows.sort_by_key(|&r| rank[r]);
            bloc_of(m, agreement, rows, min)
        })
        .collect();
    out.sort_by(|x, y| {
        y.rows.len().cmp(&x.rows.len()).then(y.cmp_cohesion(x)).then(rank[x.rows[0]].cmp(&rank[y.rows[0]]))
    });
    Ok(out)
}

/// A bloc of the given rows, with its cohesion and agreement index.
pub fn bloc_of(m: &Matrix<'_>, agreement: &Agreement, rows: Vec<usize>, min_shared: u32) -> Bloc {
    let (mut agreements, mut shared) = (0u64, 0u64);
    for (x, &i) in rows.iter().enumerate() {
        for &j in &rows[x + 1..] {
            let p = agreement.get(i, j);
            if p.shared >= min_shared.max(1) {
                agreements += u64::from(p.agreements);
                shared += u64::from(p.shared);
            }
        }
    }
    let (mut total, mut claims) = (0.0, 0usize);
    for c in 0..m.cols() {
        let mut n = [0usize; 3];
        for &r in &rows {
            match m.code(r, c) {
                AFFIRMS => n[0] += 1,
                DENIES => n[1] += 1,
                ABSTAINS => n[2] += 1,
                _ => {}
            }
        }
        let all = n[0] + n[1] + n[2];
        if all > 0 {
            let max = *n.iter().max().unwrap_or(&0) as f64;
            total += (max - (all as f64 - max) / 2.0) / all as f64;
            claims += 1;
        }
    }
    let agreement_index = (claims > 0 && rows.len() > 1).then(|| total / claims as f64);
    Bloc { rows, agreements, shared, agreement_index }
}

fn members_text(m: &Matrix<'_>, b: &Bloc) -> String {
    b.rows.iter().map(|&r| m.map.actor(m.actors[r]).id.as_str()).collect::<Vec<_>>().join(", ")
}

/// The blocs as text; [terminal safe](crate::diag::terminal_safe).
pub fn blocs_table(m: &Matrix<'_>, blocs: &[Bloc], cut: f64, header: bool) -> String {
    let mut s = String::new();
    if header {
        let _ = writeln!(s, "{METHOD}.");
    }
    let several = blocs.iter().filter(|b| b.rows.len() > 1).count();
    let _ = writeln!(
        s,
        "{several} blocs of two or more actors and {} actors on their own, cut at {:.1}%, {} actors on {} claims.",
        blocs.len() - several,
        100.0 * cut,
        m.rows(),
        m.cols()
    );
    let _ = writeln!(s, "{:>4}  {:>6}  {:>9}  {:>15}  members", "bloc", "actors", "cohesion", "agreement index");
    for (i, b) in blocs.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>4}  {:>6}  {:>9}  {:>15}  {}",
            i + 1,
            b.rows.len(),
            b.cohesion().map_or("-".into(), |x| format!("{:.1}%", 100.0 * x)),
            b.agreement_index.map_or("-".into(), |x| format!("{x:.3}")),
            members_text(m, b)
        );
    }
    crate::diag::terminal_safe(&s).into_owned()
}

/// The blocs as CSV, one row per actor: `bloc,actor,name,size,cohesion,agreement_index`.
pub fn blocs_csv(m: &Matrix<'_>, blocs: &[Bloc], cells: CsvCells) -> String {
    let mut s = String::from("bloc,actor,name,size,agreements,shared,cohesion,agreement_index\n");
    for (i, b) in blocs.iter().enumerate() {
        for &r in &b.rows {
            let a = m.map.actor(m.actors[r]);
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{}",
                i + 1,
                text_cell(&a.id, cells),
                text_cell(a.display_name(), cells),
                b.rows.len(),
                b.agreements,
                b.shared,
                b.cohesion().map_or(String::new(), |x| format!("{x:.6}")),
                b.agreement_index.map_or(String::new(), |x| format!("{x:.6}"))
            );
        }
    }
    s
}

#[derive(Serialize)]
struct JsonBloc<'a> {
    bloc: usize,
    size: usize,
    agreements: u64,
    shared: u64,
    cohesion: Option<f64>,
    agreement_index: Option<f64>,
    actors: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonBlocs<'a> {
    method: &'static str,
    cut: f64,
    min_shared: u32,
    blocs: Vec<JsonBloc<'a>>,
}

/// The blocs as JSON.
pub fn blocs_json(m: &Matrix<'_>, blocs: &[Bloc], cut: f64, min_shared: u32) -> String {
    let j = JsonBlocs {
        method: METHOD,
        cut,
        min_shared,
        blocs: blocs
            .iter()
            .enumerate()
            .map(|(i, b)| JsonBloc {
                bloc: i + 1,
                size: b.rows.len(),
                agreements: b.agreements,
                shared: b.shared,
                cohesion: b.cohesion(),
                agreement_index: b.agreement_index,
                actors: b.rows.iter().map(|&r| m.map.actor(m.actors[r]).id.as_str()).collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&j).unwrap_or_default() + "\n"
}

/// The blocs as SVG: the agreement heat map with actors bloc by bloc, each
/// bloc of two or more outlined.
pub fn blocs_svg(m: &Matrix<'_>, blocs: &[Bloc], min_shared: u32) -> String {
    let order: Vec<usize> = blocs.iter().flat_map(|b| b.rows.iter().copied()).collect();
    let mut sorted = m.clone();
    sorted.permute_rows(&order);
    let agreement = Agreement::compute(&sorted);
    let mut boxes = Vec::new();
    let mut at = 0;
    for b in blocs {
        if b.rows.len() > 1 {
            boxes.push((at, b.rows.len()));
        }
        at += b.rows.len();
    }
    agreement_svg_boxes(&sorted, &agreement, min_shared, &boxes)
}
