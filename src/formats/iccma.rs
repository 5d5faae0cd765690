//! The ICCMA 2023 framework format: a header `p af N` (arguments `1..=N`),
//! then one attack `i j` a line (`i` attacks `j`). Lines whose first
//! character other than spaces and tabs is `#` are comments; blank lines
//! are ignored; lines may end in LF or CRLF, and the numbers may be
//! separated by any spaces and tabs. Comments and blank lines may come
//! before the header. A repeated attack counts once.

use std::io::Write;

use super::{MAX_ARGUMENTS, NamedAf, Problems, lines};
use crate::diag::{Code, Diagnostic};
use crate::semantics::{Af, Semantics, solve};
use crate::source::Span;

/// The tokens of a line: (start offset in the line, text), split at spaces and tabs.
fn tokens(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split([' ', '\t'])
        .scan(0usize, |at, t| {
            let s = *at;
            *at += t.len() + 1;
            Some((s, t))
        })
        .filter(|(_, t)| !t.is_empty())
}

/// A decimal number without sign, if `t` is one that fits.
fn number(t: &str) -> Option<u64> {
    if t.is_empty() || t.len() > 19 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(t.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
}

/// `i j`: two numbers separated by spaces or tabs, perhaps with spaces or
/// tabs around them; `None` for any other line (read the slow way, with
/// its problems).
fn fast_pair(line: &[u8]) -> Option<(u64, u64)> {
    let mut i = 0;
    let blank = |b: u8| b == b' ' || b == b'\t';
    let number = |i: &mut usize| -> Option<u64> {
        let start = *i;
        let mut v = 0u64;
        while *i < line.len() && line[*i].is_ascii_digit() && *i - start < 19 {
            v = v * 10 + u64::from(line[*i] - b'0');
            *i += 1;
        }
        (*i > start).then_some(v)
    };
    while i < line.len() && blank(line[i]) {
        i += 1;
    }
    let a = number(&mut i)?;
    let gap = i;
    while i < line.len() && blank(line[i]) {
        i += 1;
    }
    if i == gap {
        return None;
    }
    let b = number(&mut i)?;
    while i < line.len() && blank(line[i]) {
        i += 1;
    }
    (i == line.len()).then_some((a, b))
}

pub(crate) fn parse(text: &str, problems: &mut Problems) -> Option<NamedAf> {
    let mut n: Option<usize> = None;
    let mut header_span = Span::default();
    let mut said_no_header = false;
    let mut attacks: Vec<(u32, u32)> = Vec::new();
    for (at, line) in lines(text) {
        // The common line, `i j` with both in range, read byte by byte.
        if let (Some(k), Some((a, b))) = (n, fast_pair(line.as_bytes()))
            && (1..=k as u64).contains(&a)
            && (1..=k as u64).contains(&b)
        {
            if problems.total == 0 {
                attacks.push(((a - 1) as u32, (b - 1) as u32));
            }
            continue;
        }
        let mut toks = tokens(line).map(|(s, t)| (Span::new(at + s, at + s + t.len()), t));
        let Some((first_span, first)) = toks.next() else { continue };
        if first.starts_with('#') {
            continue;
        }
        if first == "p" {
            let af = toks.next();
            let count = toks.next();
            let rest = toks.next();
            let line_span = Span::new(first_span.start, at + line.len());
            // A header with a problem is one problem: nothing more is said
            // of the attacks read without it.
            said_no_header = true;
            match (af, count, rest) {
                (Some((_, "af")), Some((cs, c)), None) => {
                    if n.is_some() {
                        problems.push(
                            Diagnostic::new(Code::Syntax, "a second `p af` header", line_span, "second header")
                                .with_label(header_span, "first header"),
                        );
                        continue;
                    }
                    match number(c).map(|k| k as usize) {
                        Some(k) if k <= MAX_ARGUMENTS => {
                            n = Some(k);
                            header_span = line_span;
                        }
                        Some(_) => problems.push(Diagnostic::new(
                            Code::InvalidValue,
                            format!("too many arguments: at most {MAX_ARGUMENTS} are read"),
                            cs,
                            "too many",
                        )),
                        None => problems.syntax(cs, "the number of arguments is not a number", "expected a number"),
                    }
                }
                _ => problems.push(
                    Diagnostic::new(Code::Syntax, "the header is not `p af N`", line_span, "expected `p af N`")
                        .with_help("the first line that is not a comment is `p af N`, N the number of arguments"),
                ),
            }
            continue;
        }
        let second = toks.next();
        if let Some((s, _)) = toks.next() {
            problems.syntax(
                Span::new(s.start, at + line.len()),
                "unexpected text after the attack",
                "an attack is two numbers",
            );
            continue;
        }
        let Some((second_span, second)) = second else {
            problems.syntax(
                Span::new(first_span.start, at + line.len()),
                "expected an attack: two argument numbers `i j`",
                "one item",
            );
            continue;
        };
        let Some(k) = n else {
            if !said_no_header {
                said_no_header = true;
                problems.push(
                    Diagnostic::new(Code::Syntax, "an attack before the `p af N` header", first_span, "no header yet")
                        .with_help("start the file with `p af N`, N the number of arguments"),
                );
            }
            continue;
        };
        let mut pair = [0u32; 2];
        for (i, (span, t)) in [(first_span, first), (second_span, second)].into_iter().enumerate() {
            match number(t) {
                Some(v) if v >= 1 && v <= k as u64 => pair[i] = (v - 1) as u32,
                Some(_) => problems.push(Diagnostic::new(
                    Code::InvalidValue,
                    format!("argument `{t}` is not one of 1..={k}"),
                    span,
                    "no such argument",
                )),
                None => problems.syntax(span, format!("`{t}` is not an argument number"), "expected a number"),
            }
        }
        if problems.total == 0 {
            attacks.push((pair[0], pair[1]));
        }
    }
    match n {
        Some(k) if problems.total == 0 => Some(NamedAf { af: Af::new(k, &attacks), names: None }),
        Some(_) => None,
        None => {
            if !said_no_header {
                problems.push(
                    Diagnostic::new(Code::Syntax, "no `p af N` header", Span::new(0, 0), "expected `p af N`")
                        .with_help("an ICCMA file starts with `p af N`, N the number of arguments"),
                );
            }
            None
        }
    }
}

/// Write `af` in the ICCMA 2023 format; `names`, when given, as a table of
/// `# i name` comment lines after the header (line ends in a name written
/// as `\n`, `\r`).
pub(crate) fn write(w: &mut dyn Write, af: &Af, names: Option<&[String]>) -> std::io::Result<()> {
    writeln!(w, "p af {}", af.len())?;
    if let Some(names) = names {
        for (i, name) in names.iter().enumerate() {
            writeln!(w, "# {} {}", i + 1, name.replace('\n', "\\n").replace('\r', "\\r"))?;
        }
    }
    for (a, b) in af.attack_pairs() {
        writeln!(w, "{} {}", a + 1, b + 1)?;
    }
    Ok(())
}

/// An ICCMA problem: credulous (DC) or sceptical (DS) acceptance of an
/// argument, some extension (SE), every extension (EE), their number (CE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Problem {
    Dc,
    Ds,
    Se,
    Ee,
    Ce,
}

impl Problem {
    pub const ALL: [Problem; 5] = [Problem::Dc, Problem::Ds, Problem::Se, Problem::Ee, Problem::Ce];

    pub fn name(self) -> &'static str {
        match self {
            Problem::Dc => "DC",
            Problem::Ds => "DS",
            Problem::Se => "SE",
            Problem::Ee => "EE",
            Problem::Ce => "CE",
        }
    }

    /// Whether the problem asks about one argument (`-a`).
    pub fn needs_argument(self) -> bool {
        matches!(self, Problem::Dc | Problem::Ds)
    }
}

/// An ICCMA task: a problem under a semantics, written `DC-PR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Task {
    pub problem: Problem,
    pub semantics: Semantics,
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.problem.name(), self.semantics.iccma())
    }
}

impl std::str::FromStr for Task {
    type Err = String;
    /// `XX-YY`, XX one of DC, DS, SE, EE, CE and YY an ICCMA abbreviation
    /// (CO, GR, PR, ST, SST, STG, ID), any case.
    fn from_str(s: &str) -> Result<Task, String> {
        let bad = || {
            format!(
                "unknown task `{s}`: expected XX-YY with XX one of DC, DS, SE, EE, CE and YY one of {}",
                Semantics::ALL.iter().map(|m| m.iccma()).collect::<Vec<_>>().join(", ")
            )
        };
        let (p, m) = s.split_once('-').ok_or_else(bad)?;
        let problem = Problem::ALL.into_iter().find(|x| x.name().eq_ignore_ascii_case(p)).ok_or_else(bad)?;
        let semantics = Semantics::ALL.into_iter().find(|x| x.iccma().eq_ignore_ascii_case(m)).ok_or_else(bad)?;
        Ok(Task { problem, semantics })
    }
}

/// What [`answer`] found beyond what it wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answered {
    /// EE only: false when the limit stopped the enumeration early.
    pub complete: bool,
}

/// Answer `task` on `naf` as an ICCMA solver does, writing to `w`:
/// - DC: `YES` and a certificate line `w ...` (an extension with `arg`), or `NO`;
/// - DS: `YES`, or `NO` and a certificate line (an extension without `arg`);
/// - SE: `w ...`, or `NO` when there is no extension (stable only);
/// - EE: one `w ...` line per extension (at most `limit`), `NO` when there is none;
/// - CE: the number of extensions.
///
/// Arguments are written by name (the numbers of an ICCMA file). `arg` is
/// needed by DC and DS and ignored otherwise.
pub fn answer(
    naf: &NamedAf,
    task: Task,
    arg: Option<u32>,
    limit: Option<usize>,
    w: &mut dyn Write,
) -> std::io::Result<Answered> {
    let af = &naf.af;
    let sem = task.semantics;
    let need = || {
        arg.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{task} needs an argument")))
    };
    let mut done = Answered { complete: true };
    match task.problem {
        Problem::Dc => match solve::credulous(af, sem, need()?) {
            Some(e) => writeln!(w, "YES\n{}", naf.witness_line(&e))?,
            None => writeln!(w, "NO")?,
        },
        Problem::Ds => match solve::sceptical(af, sem, need()?) {
            Ok(()) => writeln!(w, "YES")?,
            Err(e) => writeln!(w, "NO\n{}", naf.witness_line(&e))?,
        },
        Problem::Se => match solve::some_extension(af, sem) {
            Some(e) => writeln!(w, "{}", naf.witness_line(&e))?,
            None => writeln!(w, "NO")?,
        },
        Problem::Ee => {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
            let (mut found, mut failed) = (0usize, None);
            solve::each_extension(af, sem, |e| {
                if limit.is_some_and(|l| found >= l) {
                    done.complete = false;
                    return false;
                }
                found += 1;
                match writeln!(w, "{}", naf.witness_line(&e)) {
                    Ok(()) => true,
                    Err(err) => {
                        failed = Some(err);
                        false
                    }
                }
            });
            if let Some(err) = failed {
                return Err(err);
            }
            if found == 0 && done.complete {
                writeln!(w, "NO")?;
            }
            w.flush()?;
        }
        Problem::Ce => writeln!(w, "{}", solve::count(af, sem))?,
    }
    Ok(done)
}
