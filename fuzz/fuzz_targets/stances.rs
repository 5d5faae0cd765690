//! Random maps (see `elenchus_fuzz::Case`) through the stance analysis: the
//! matrix in every order, agreement, pairs, rankings, in every output format
//! (JSON and SVG must parse back). See `docs/robustness.md`.
#![no_main]

use elenchus::stances::{self, Agreement, Matrix, Order};
use elenchus_fuzz::Case;
use elenchus_fuzz::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fn json(s: &str) {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(s) {
        panic!("not JSON: {e}\n{s}");
    }
}

fn svg(s: &str) {
    if let Err(e) = roxmltree::Document::parse(s) {
        panic!("not XML: {e}\n{s}");
    }
}

/// A selection of indices as `--actors`/`--claims` give it: any order,
/// duplicates allowed, possibly empty.
fn pick(u: &mut Unstructured<'_>, n: usize) -> Result<Option<Vec<u32>>> {
    if n == 0 || u.ratio(1, 2)? {
        return Ok(None);
    }
    (0..u.int_in_range(0..=n + 1)?).map(|_| u.int_in_range(0..=n as u32 - 1)).collect::<Result<_>>().map(Some)
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let case = Case::generate(&mut u)?;
    let loaded = case.load();
    let Some(map) = &loaded.map else { return Ok(()) };
    let actors = pick(&mut u, map.actors.len())?;
    let claims = pick(&mut u, map.claims.len())?;
    let order = *u.choose(&[Order::Map, Order::Actor, Order::Claim, Order::Similarity])?;
    let min_shared = u.int_in_range(0..=3)?;

    let mut m = Matrix::build(map, actors.as_deref(), claims.as_deref());
    m.sort(order);
    for r in 0..m.rows() {
        for c in 0..m.cols() {
            if let Some(s) = m.stance(r, c) {
                assert_eq!((s.actor, s.claim), (m.actors[r], m.claims[c]));
            }
        }
    }
    let _ = stances::matrix_table(&m, true);
    let _ = stances::matrix_csv(&m);
    json(&stances::matrix_json(&m));
    svg(&stances::matrix_svg(&m));

    let agreement = Agreement::compute(&m);
    for i in 0..m.rows() {
        for j in 0..m.rows() {
            let p = agreement.get(i, j);
            assert_eq!(p, agreement.get(j, i));
            assert!(p.agreements <= p.shared);
        }
    }
    let pairs = stances::pair_list(&agreement, min_shared);
    let _ = stances::pairs_table(&m, &pairs, true);
    let _ = stances::pairs_csv(&m, &pairs);
    json(&stances::pairs_json(&m, &pairs, min_shared));
    svg(&stances::agreement_svg(&m, &agreement, min_shared));

    if m.rows() > 0 {
        let row = u.int_in_range(0..=m.rows() - 1)?;
        let ranked = stances::rank_like(&m, row, min_shared);
        assert!(ranked.iter().all(|r| r.row != row && r.rank >= 1));
        let _ = stances::like_table(&m, row, &ranked, true);
        let _ = stances::like_csv(&m, &ranked);
        json(&stances::like_json(&m, row, &ranked, min_shared));
        svg(&stances::like_svg(&m, row, &ranked));
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
