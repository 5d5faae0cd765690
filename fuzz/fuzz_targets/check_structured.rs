//! Random maps (see `elenchus_fuzz::Case`) through `check`, with every
//! output format of the report. See `docs/robustness.md`.
#![no_main]

use elenchus::report::Report;
use elenchus::{ClaimGraph, check};
use elenchus_fuzz::arbitrary::{Result, Unstructured};
use elenchus_fuzz::{Case, check_report_outputs, config};
use libfuzzer_sys::fuzz_target;

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let case = Case::generate(&mut u)?;
    let config = config(&mut u)?;
    let loaded = case.load();
    if let Some(map) = &loaded.map {
        let graph = ClaimGraph::build(map);
        let first = check(&graph, &config);
        // Deterministic: the same findings in the same order, twice.
        let again = check(&graph, &config);
        let key = |f: &elenchus::Finding| (f.fingerprint.clone(), f.message.clone(), f.chain.clone(), f.level);
        assert_eq!(first.iter().map(key).collect::<Vec<_>>(), again.iter().map(key).collect::<Vec<_>>());
        for f in &first {
            assert!(f.claims.iter().chain(&f.addressed_by).all(|c| map.claim_id(c).is_some()), "{f:?}");
            if let Some(a) = &f.actor {
                assert!(map.actor_id(a).is_some(), "{f:?}");
            }
            for l in &f.locations {
                assert!(l.line >= 1 && l.column >= 1, "{l:?}");
            }
        }
    }
    let report = Report::check(vec![loaded], &config);
    check_report_outputs(&report);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
