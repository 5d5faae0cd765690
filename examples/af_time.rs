//! Times the semantics solvers on a framework file (ICCMA 2023, or apx for
//! `.apx` files).
//!
//! ```text
//! cargo run --release --example af_time -- FILE TASK [ARG] [--queries K] [--limit L]
//!   TASK  GR            the grounded labelling (the time read includes
//!                       building the framework)
//!         DC-XX, DS-XX  credulous / sceptical acceptance of ARG under XX
//!                       (CO, GR, PR, ST, SST, STG, ID); ARG is 1-based, or
//!                       `undecided`: K arguments (default 10, spread evenly)
//!                       that the grounded labelling leaves undecided, each
//!                       timed, with the slowest
//!         SE-XX, EE-XX, CE-XX   one extension, enumeration (at most L,
//!                       default unlimited), counting
//!         ALL-XX        credulous and sceptical acceptance of every argument
//!                       at once (`solve::acceptance_all`)
//! ```
//!
//! Prints one line per measurement: what, the answer, the seconds.

use std::time::Instant;

use std::path::Path;

use elenchus::formats::{self, AfFormat};
use elenchus::semantics::solve::{self, Label};
use elenchus::semantics::{Af, Semantics};

fn main() {
    if let Err(e) = run() {
        eprintln!("af_time: {e}");
        std::process::exit(2);
    }
}

/// The framework in `path`, read by the library's ICCMA 2023 / apx reader
/// (the format from the file name, ICCMA when it does not say).
fn read(path: &str) -> Result<Af, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let format = AfFormat::from_path(Path::new(path)).unwrap_or(AfFormat::Iccma);
    match formats::read(path.to_string(), Some(path.into()), bytes, format) {
        Ok(named) => Ok(named.af),
        Err(bad) => Err(format!(
            "{path}: {} problem(s), the first: {}",
            bad.total,
            bad.diagnostics.first().map_or(String::new(), |d| format!("{d:?}"))
        )),
    }
}

fn names(e: &[u32]) -> String {
    let s: Vec<String> = e.iter().take(8).map(|a| (a + 1).to_string()).collect();
    format!("{{{}{}}} ({} arguments)", s.join(" "), if e.len() > 8 { " ..." } else { "" }, e.len())
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut flag = |name: &str| -> Result<Option<usize>, String> {
        let Some(i) = args.iter().position(|a| a == name) else { return Ok(None) };
        let v = args
            .get(i + 1)
            .ok_or(format!("{name} needs a value"))?
            .parse()
            .map_err(|_| format!("{name}: not a number"))?;
        args.drain(i..i + 2);
        Ok(Some(v))
    };
    let queries = flag("--queries")?.unwrap_or(10);
    let limit = flag("--limit")?.unwrap_or(usize::MAX);
    let [file, task, rest @ ..] = args.as_slice() else {
        return Err("usage: af_time FILE TASK [ARG] [--queries K] [--limit L]".into());
    };
    let t = Instant::now();
    let af = read(file)?;
    let n = af.len();
    println!("read {n} arguments, {} attacks: {:.3} s", af.attack_count(), t.elapsed().as_secs_f64());
    if task == "GR" {
        let t = Instant::now();
        let labels = solve::grounded(&af);
        let count = |l| labels.iter().filter(|&&x| x == l).count();
        println!(
            "GR: {} in, {} out, {} undecided; labelling {:.3} s",
            count(Label::In),
            count(Label::Out),
            count(Label::Undecided),
            t.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let (kind, sem) = task.split_once('-').ok_or(format!("unknown task {task}"))?;
    let sem: Semantics = sem.parse()?;
    match kind {
        "ALL" => {
            let t = Instant::now();
            let all: Vec<u32> = (0..n as u32).collect();
            let acc = solve::acceptance_all(&af, sem, &all);
            println!(
                "{task}: {} credulously, {} sceptically accepted {:.3} s",
                acc.iter().filter(|x| x.0).count(),
                acc.iter().filter(|x| x.1).count(),
                t.elapsed().as_secs_f64()
            );
        }
        "DC" | "DS" => {
            let targets: Vec<u32> = match rest.first().map(String::as_str) {
                Some("undecided") => {
                    let labels = solve::grounded(&af);
                    let und: Vec<u32> = (0..n as u32).filter(|&a| labels[a as usize] == Label::Undecided).collect();
                    let k = queries.min(und.len());
                    println!("{} of {n} arguments undecided by grounded; timing {k}", und.len());
                    (0..k).map(|i| und[i * und.len() / k]).collect()
                }
                Some(a) => vec![
                    a.parse::<u32>().ok().filter(|&a| a >= 1 && a as usize <= n).ok_or(format!("no argument {a}"))? - 1,
                ],
                None => return Err(format!("{task} needs an argument")),
            };
            let mut slowest = 0f64;
            for a in targets {
                let t = Instant::now();
                let yes = if kind == "DC" {
                    solve::credulous(&af, sem, a).is_some()
                } else {
                    solve::sceptical(&af, sem, a).is_ok()
                };
                let s = t.elapsed().as_secs_f64();
                slowest = slowest.max(s);
                println!("{task} {}: {} {s:.3} s", a + 1, if yes { "YES" } else { "NO" });
            }
            println!("{task}: slowest {slowest:.3} s");
        }
        "SE" => {
            let t = Instant::now();
            let e = solve::some_extension(&af, sem);
            println!("{task}: {} {:.3} s", e.map_or("NO".into(), |e| names(&e)), t.elapsed().as_secs_f64());
        }
        "EE" => {
            let t = Instant::now();
            let all = solve::enumerate(&af, sem, limit);
            println!(
                "{task}: {} extensions{} {:.3} s",
                all.extensions.len(),
                if all.complete { "" } else { " (limit reached)" },
                t.elapsed().as_secs_f64()
            );
        }
        "CE" => {
            let t = Instant::now();
            let c = solve::count(&af, sem);
            println!("{task}: {c} {:.3} s", t.elapsed().as_secs_f64());
        }
        _ => return Err(format!("unknown task {task}")),
    }
    Ok(())
}
