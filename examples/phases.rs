//! In-process timing of each phase of `elenchus check` on one map: read,
//! load (parse + schema), graph, rules, writing the human report, and
//! freeing it all. A companion to `benches/run.sh`, which times whole
//! processes: this one says where the time goes. Besides wall time it reports
//! CPU time (user + system, from `getrusage`, or /proc/self/stat), which a busy
//! shared machine disturbs much less.
//!
//! `cargo run --release --example phases -- MAP [--runs N]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use elenchus::check::{CheckConfig, check};
use elenchus::report::{MapReport, OutputFormat, Report, reporter};
use elenchus::{ClaimGraph, Format, load};

/// The system allocator, counting calls (allocations and reallocations) and
/// the bytes in use: the counts say which phase asks the allocator most.
struct Counting;

static CALLS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        grew(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// CPU time of this process so far (user + system), in microseconds.
#[cfg(unix)]
fn cpu() -> Option<Duration> {
    // SAFETY: `getrusage` fills the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return None;
    }
    let micros = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    Some(micros(usage.ru_utime) + micros(usage.ru_stime))
}

/// CPU time of this process so far (user + system), if the platform tells.
#[cfg(not(unix))]
fn cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

/// Peak resident memory so far (VmHWM), in MiB, if the platform tells.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
}

/// A moment: wall clock, CPU time, peak resident memory, allocator calls so
/// far, and the peak of heap bytes in use since the previous mark.
#[derive(Clone, Copy)]
struct Mark(Instant, Option<Duration>, Option<u64>, usize, usize);

fn mark() -> Mark {
    let peak = PEAK.swap(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    Mark(Instant::now(), cpu(), peak_mb(), CALLS.load(Ordering::Relaxed), peak)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: phases MAP [--runs N]")?;
    let runs: usize = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse()?,
        _ => 1,
    };
    let format = Format::from_path(path.as_ref()).ok_or("the map must be a .toml or .json file")?;
    let names = [
        "read",
        "parse only (not in total)",
        "load (parse + schema)",
        "graph",
        "check (rules)",
        "report (human)",
        "drop",
    ];
    let mut rows: Vec<Vec<(Duration, Option<Duration>)>> = Vec::new();
    let mut peaks: Vec<Option<u64>> = Vec::new();
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let mut m = vec![mark()];
        let bytes = std::fs::read(&path)?;
        m.push(mark());
        {
            let text = std::str::from_utf8(&bytes)?;
            match format {
                Format::Json => drop(load::json::parse(text).map_err(|e| e.message)?),
                Format::Toml => drop(load::toml::parse(text).map_err(|_| "invalid TOML")?),
                Format::Argdown => drop(elenchus::formats::argdown::parse(text)),
                Format::Aif => drop(load::json::parse(text).map_err(|e| e.message)?),
                Format::Af => return Err("not a map".into()),
            }
        }
        m.push(mark());
        let loaded = load::load_bytes(path.clone(), Some(path.clone().into()), bytes, format);
        m.push(mark());
        let map = loaded.map.as_ref().ok_or("the map has errors")?;
        let graph = ClaimGraph::build(map);
        m.push(mark());
        let found = check(&graph, &CheckConfig::default());
        m.push(mark());
        findings = found.len();
        drop(graph);
        let report = Report {
            maps: vec![MapReport {
                file: loaded.file.clone(),
                title: None,
                counts: None,
                diagnostics: loaded.diagnostics.clone(),
                findings: found,
                omitted: Default::default(),
                map: None,
            }],
            baseline: None,
        };
        reporter(OutputFormat::Human, false, false).write(&report, &mut std::io::sink())?;
        m.push(mark());
        drop(report);
        drop(loaded);
        m.push(mark());
        rows.push(m.windows(2).map(|w| (w[1].0 - w[0].0, w[1].1.zip(w[0].1).map(|(b, a)| b - a))).collect());
        peaks = m[1..].iter().map(|k| k.2).collect();
        calls = m.windows(2).map(|w| (w[1].3 - w[0].3, w[1].4)).collect();
    }
    println!("{path}: {findings} findings; medians of {runs} run(s)");
    println!(
        "  {:<28} {:>10} {:>10} {:>12} {:>10} {:>9}",
        "phase", "wall ms", "cpu ms", "peak RSS MB", "allocs", "heap MB"
    );
    let (mut wall, mut cpu_total) = (Duration::ZERO, Duration::ZERO);
    for (i, name) in names.iter().enumerate() {
        let med = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() / 2]
        };
        let w = med(rows.iter().map(|r| r[i].0).collect());
        let c = med(rows.iter().map(|r| r[i].1.unwrap_or_default()).collect());
        if i != 1 {
            wall += w;
            cpu_total += c;
        }
        let peak = peaks[i].map_or("-".to_string(), |p| p.to_string());
        let (n, heap) = calls[i];
        println!(
            "  {name:<28} {:>10.1} {:>10.1} {peak:>12} {n:>10} {:>9.1}",
            w.as_secs_f64() * 1e3,
            c.as_secs_f64() * 1e3,
            heap as f64 / (1 << 20) as f64
        );
    }
    println!("  {:<28} {:>10.1} {:>10.1}", "total", wall.as_secs_f64() * 1e3, cpu_total.as_secs_f64() * 1e3);
    Ok(())
}
