//! Times the semantics solvers on a framework in the ICCMA 2023 format.
//!
//! ```text
//! cargo run --release --example af_time -- FILE TASK [ARG] [--queries K] [--limit L]
//!   TASK  GR            the grounded labelling (framework built, then labelled)
//!         DC-XX, DS-XX  credulous / sceptical acceptance of ARG under XX
//!                       (CO, GR, PR, ST, SST, STG, ID); ARG is 1-based, or
//!                       `undecided`: K arguments (default 10, spread evenly)
//!                       that the grounded labelling leaves undecided, each
//!                       timed, with the slowest
//!         SE-XX, EE-XX, CE-XX   one extension, enumeration (at most L,
//!                       default unlimited), counting
//! ```
//!
//! Prints one line per measurement: what, the answer, the seconds.

use std::time::Instant;

use elenchus::semantics::solve::{self, Label};
use elenchus::semantics::{Af, Semantics};

fn main() {
    if let Err(e) = run() {
        eprintln!("af_time: {e}");
        std::process::exit(2);
    }
}

/// A minimal reader of the ICCMA 2023 format: `p af N`, `i j` lines,
/// `#` comments.
fn read(path: &str) -> Result<(usize, Vec<(u32, u32)>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut n: Option<usize> = None;
    let mut attacks = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || format!("{path}:{}: cannot read `{line}`", i + 1);
        let mut w = line.split_whitespace();
        match n {
            None => {
                if (w.next(), w.next()) != (Some("p"), Some("af")) {
                    return Err(bad());
                }
                n = Some(w.next().and_then(|x| x.parse().ok()).ok_or_else(bad)?);
            }
            Some(n) => {
                let mut arg = || -> Result<u32, String> {
                    let a: usize = w.next().and_then(|x| x.parse().ok()).ok_or_else(bad)?;
                    if a == 0 || a > n {
                        return Err(bad());
                    }
                    Ok(a as u32 - 1)
                };
                attacks.push((arg()?, arg()?));
            }
        }
    }
    Ok((n.ok_or(format!("{path}: no `p af N` line"))?, attacks))
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
    let (n, attacks) = read(file)?;
    println!("read {n} arguments, {} attack lines: {:.3} s", attacks.len(), t.elapsed().as_secs_f64());
    if task == "GR" {
        let t = Instant::now();
        let af = Af::new(n, &attacks);
        let built = t.elapsed().as_secs_f64();
        let labels = solve::grounded(&af);
        let total = t.elapsed().as_secs_f64();
        let count = |l| labels.iter().filter(|&&x| x == l).count();
        println!(
            "GR: {} in, {} out, {} undecided; framework {built:.3} s, labelling {:.3} s, together {total:.3} s",
            count(Label::In),
            count(Label::Out),
            count(Label::Undecided),
            total - built
        );
        return Ok(());
    }
    let (kind, sem) = task.split_once('-').ok_or(format!("unknown task {task}"))?;
    let sem: Semantics = sem.parse()?;
    let af = Af::new(n, &attacks);
    match kind {
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
