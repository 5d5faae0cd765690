//! A seeded generator of abstract argumentation frameworks in the ICCMA 2023
//! format (`p af N`, then one `i j` attack a line, arguments 1-based), for
//! the semantics benchmarks.
//!
//! ```text
//! cargo run --release --example afgen -- MODEL --args N [--seed S] [-o FILE]
//!   er     --p P            each ordered pair (i, j), i ≠ j, is an attack
//!                           with probability P (default 4/N), as the
//!                           Erdős–Rényi model of the ICCMA generators
//!   er     --attacks M      or M attacks drawn uniformly (repeats dropped)
//!   ba     --m M            Barabási–Albert: each new argument is joined to
//!                           M earlier ones (default 2), chosen in proportion
//!                           to their degree; each link points either way
//!   pairs  --pairs K --d D  K disjoint pairs attacking each other (so at
//!                           least 2^K preferred extensions) and the other
//!                           N - 2K arguments each attacked by D random
//!                           arguments (default 2) outside the pairs' reach
//! ```
//!
//! Same arguments, same bytes: the generator has its own PRNG (splitmix64).

use std::io::{self, Write};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    /// Uniform in `(0, 1]`.
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

struct Opts {
    model: String,
    n: u64,
    seed: u64,
    p: Option<f64>,
    attacks: Option<u64>,
    m: u64,
    pairs: u64,
    d: u64,
    out: Option<String>,
}

fn parse() -> Result<Opts, String> {
    let mut args = std::env::args().skip(1);
    let model = args.next().ok_or("usage: afgen er|ba|pairs --args N [--seed S] [-o FILE] (see the source)")?;
    let mut o = Opts { model, n: 0, seed: 1, p: None, attacks: None, m: 2, pairs: 0, d: 2, out: None };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let num = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--args" => o.n = num()?,
            "--seed" => o.seed = num()?,
            "--attacks" => o.attacks = Some(num()?),
            "--m" => o.m = num()?,
            "--pairs" => o.pairs = num()?,
            "--d" => o.d = num()?,
            "--p" => o.p = Some(value.parse().map_err(|_| format!("--p: not a number: {value}"))?),
            "-o" => o.out = Some(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if o.n == 0 || o.n >= u32::MAX as u64 {
        return Err("--args N: between 1 and 2^32 - 2".into());
    }
    Ok(o)
}

/// Erdős–Rényi: each ordered pair with probability `p`, drawn by geometric
/// skips so that the time is linear in the attacks made.
fn er_p(rng: &mut Rng, n: u64, p: f64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    if p <= 0.0 {
        return out;
    }
    let slots = n * (n - 1);
    let log_q = (1.0 - p.min(1.0 - 1e-12)).ln();
    let mut i: u64 = 0;
    loop {
        let skip = if p >= 1.0 { 0.0 } else { (rng.unit().ln() / log_q).floor() };
        if skip >= (slots - i) as f64 {
            return out;
        }
        i += skip as u64;
        let (a, k) = (i / (n - 1), i % (n - 1));
        let b = if k >= a { k + 1 } else { k };
        out.push((a, b));
        i += 1;
        if i >= slots {
            return out;
        }
    }
}

fn er_m(rng: &mut Rng, n: u64, m: u64) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = (0..m)
        .map(|_| {
            let a = rng.below(n);
            let b = if n > 1 { (a + 1 + rng.below(n - 1)) % n } else { a };
            (a, b)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn ba(rng: &mut Rng, n: u64, m: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    // Each argument once per link it has: drawing from it is drawing in
    // proportion to degree.
    let mut ends: Vec<u64> = Vec::new();
    for v in 1..n {
        let mut chosen: Vec<u64> = Vec::new();
        let want = m.min(v);
        while (chosen.len() as u64) < want {
            let u = if ends.is_empty() || rng.below(10) == 0 {
                rng.below(v)
            } else {
                ends[rng.below(ends.len() as u64) as usize]
            };
            if !chosen.contains(&u) {
                chosen.push(u);
            }
        }
        for u in chosen {
            out.push(if rng.below(2) == 0 { (u, v) } else { (v, u) });
            ends.push(u);
            ends.push(v);
        }
    }
    out
}

fn pairs(rng: &mut Rng, n: u64, k: u64, d: u64) -> Result<Vec<(u64, u64)>, String> {
    if 2 * k > n {
        return Err(format!("--pairs {k}: more than --args {n} allow"));
    }
    let mut out = Vec::new();
    for i in 0..k {
        out.push((2 * i, 2 * i + 1));
        out.push((2 * i + 1, 2 * i));
    }
    for b in 2 * k..n {
        for _ in 0..d {
            out.push((rng.below(n), b));
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("afgen: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let o = parse()?;
    let mut rng = Rng(o.seed);
    let attacks = match o.model.as_str() {
        "er" => match o.attacks {
            Some(m) => er_m(&mut rng, o.n, m),
            None => er_p(&mut rng, o.n, o.p.unwrap_or(4.0 / o.n as f64)),
        },
        "ba" => ba(&mut rng, o.n, o.m),
        "pairs" => pairs(&mut rng, o.n, o.pairs, o.d)?,
        other => return Err(format!("unknown model {other} (er, ba, pairs)")),
    };
    let sink: Box<dyn Write> = match &o.out {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut w = io::BufWriter::new(sink);
    let write = |w: &mut io::BufWriter<Box<dyn Write>>| -> io::Result<()> {
        writeln!(w, "p af {}", o.n)?;
        for (a, b) in &attacks {
            writeln!(w, "{} {}", a + 1, b + 1)?;
        }
        w.flush()
    };
    write(&mut w).map_err(|e| format!("writing: {e}"))
}
