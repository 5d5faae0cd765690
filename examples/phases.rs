//! In-process timing of each phase of `elenchus check` on one map: read,
//! parse + schema (load), graph, rules, and writing the human report. A
//! companion to `benches/run.sh`, which times whole processes: this one says
//! where the time goes.
//!
//! `cargo run --release --example phases -- MAP [--runs N]`

use std::time::{Duration, Instant};

use elenchus::check::{CheckConfig, check};
use elenchus::report::{MapReport, Report, reporter};
use elenchus::{ClaimGraph, load};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: phases MAP [--runs N]")?;
    let runs: usize = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse()?,
        _ => 1,
    };
    let mut rows: Vec<[Duration; 6]> = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let bytes = std::fs::read(&path)?;
        let t1 = Instant::now();
        let format = elenchus::Format::from_path(path.as_ref()).ok_or("unknown format")?;
        let loaded = load::load_bytes(path.clone(), Some(path.clone().into()), bytes, format);
        let t2 = Instant::now();
        let map = loaded.map.as_ref().ok_or("the map has errors")?;
        let graph = ClaimGraph::build(map);
        let t3 = Instant::now();
        let found = check(&graph, &CheckConfig::default());
        let t4 = Instant::now();
        findings = found.len();
        drop(graph);
        let report = Report {
            maps: vec![MapReport {
                file: loaded.file.clone(),
                title: None,
                counts: None,
                diagnostics: loaded.diagnostics.clone(),
                findings: found,
            }],
        };
        let mut sink = std::io::sink();
        reporter(elenchus::report::OutputFormat::Human, false, false).write(&report, &mut sink)?;
        let t5 = Instant::now();
        drop(report);
        drop(loaded);
        let t6 = Instant::now();
        rows.push([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5]);
    }
    let names = ["read", "load (parse + schema)", "graph", "check (rules)", "report (human)", "drop"];
    println!("{path}: {findings} findings; median of {runs} run(s)");
    let mut total = Duration::ZERO;
    for (i, name) in names.iter().enumerate() {
        let mut v: Vec<Duration> = rows.iter().map(|r| r[i]).collect();
        v.sort();
        let m = v[v.len() / 2];
        total += m;
        println!("  {name:<24} {:>9.1} ms", m.as_secs_f64() * 1e3);
    }
    println!("  {:<24} {:>9.1} ms", "total", total.as_secs_f64() * 1e3);
    Ok(())
}
