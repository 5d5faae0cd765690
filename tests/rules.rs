use elenchus::check::{CheckConfig, check};
use elenchus::{ClaimGraph, Format, load_str};
use std::time::Instant;

#[test]
fn timing() {
    for p in ["/tmp/chain.toml", "/tmp/cycle.toml"] {
        let text = std::fs::read_to_string(p).unwrap();
        let t = Instant::now();
        let map = load_str("x.toml", text, Format::Toml).into_map().unwrap();
        eprintln!("load {:?}", t.elapsed());
        let t = Instant::now();
        let g = ClaimGraph::build(&map);
        eprintln!("graph {:?}", t.elapsed());
        let t = Instant::now();
        let f = check(&g, &CheckConfig::default());
        eprintln!("check {:?} {}", t.elapsed(), f.len());
        let t = Instant::now();
        let s = serde_json::to_string(&f).unwrap();
        eprintln!("json {:?} {}", t.elapsed(), s.len());
    }
}
