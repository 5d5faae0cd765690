//! rustc-style text: each diagnostic and finding with its source lines
//! labelled, the chain, the reason given, and a summary line.

use std::io::{self, Write};

use super::{Report, Reporter, plural};
use crate::check::Finding;
use crate::diag::{Bufs, Footer, Heading, Style, recycle, render_into};
use crate::source::SourceFile;

/// Findings drawn by one task.
const FINDINGS_PER_TASK: usize = 256;
/// Findings from which they are drawn on several threads. Below, a second
/// thread costs more CPU than it saves in wall time: at 10k and 30k claims
/// (5,592 and 15,581 findings, about 17 and 62 ms on one thread) two
/// threads took 5 to 40% more CPU (the allocator's locks and a second
/// arena, more pages touched) for no steady gain in wall time
/// (docs/performance.md).
const MIN_FINDINGS_FOR_THREADS: usize = 32_768;
/// Tasks drawn before their text is written.
const RUNS_PER_WINDOW: usize = 64;

/// Text a finding's drawing is built from, kept from one finding to the next.
#[derive(Default)]
struct Scratch {
    chain: String,
    reason: String,
    footers: Vec<Footer<'static>>,
    bufs: Bufs,
}

/// One finding, rustc-style, at the end of `out`: its labels on the source
/// lines, the chain, the reason acknowledged, and its notes. An acknowledged
/// finding is titled `acknowledged[rule]`, drawn as a note, with its reason
/// and where that is.
fn draw(out: &mut String, f: &Finding, file: &SourceFile, style: Style, scratch: &mut Scratch) {
    use std::fmt::Write as _;
    scratch.chain.clear();
    scratch.chain.push_str("chain: ");
    scratch.chain.push_str(&f.chain);
    let mut footers: Vec<Footer<'_>> = recycle(std::mem::take(&mut scratch.footers));
    footers.push(Footer::Note(&scratch.chain));
    let level;
    if let Some(a) = &f.acknowledged {
        let whose = if a.wildcard { "by wildcard, " } else { "" };
        let kind = match a.kind {
            crate::model::AckKind::InSource => "",
            crate::model::AckKind::External => "baseline ",
        };
        scratch.reason.clear();
        let _ = write!(
            scratch.reason,
            "{} ({whose}{kind}{}:{}; {} when not acknowledged)",
            a.reason, a.file, a.line, f.level
        );
        footers.push(Footer::Named("reason", &scratch.reason));
        level = Some("acknowledged");
    } else {
        level = None;
    }
    for n in &f.notes {
        footers.push(Footer::Help(n));
    }
    let shown = if level.is_some() { crate::diag::Level::Note } else { f.level };
    let heading = Heading { level: shown, title: level, code: f.rule, message: &f.message };
    render_into(out, style, heading, file, &f.labels, &footers, &mut scratch.bufs);
    scratch.footers = recycle(footers);
}

/// Bytes of text a finding's drawing takes, about, to size a run's buffer.
const BYTES_PER_FINDING: usize = 2048;

/// Draw findings of `file`, on every core for many, a run of them per task,
/// written in order; a window of runs at a time bounds the memory. On one
/// thread, one buffer takes each run in turn.
pub(crate) fn draw_all(out: &mut dyn Write, findings: &[&Finding], file: &SourceFile, style: Style) -> io::Result<()> {
    let threads = if findings.len() < MIN_FINDINGS_FOR_THREADS { 1 } else { crate::par::threads() };
    draw_runs(out, findings, file, style, threads, FINDINGS_PER_TASK)
}

/// [`draw_all`] on `threads` threads, `per_task` findings at a time.
fn draw_runs(
    out: &mut dyn Write,
    findings: &[&Finding],
    file: &SourceFile,
    style: Style,
    threads: usize,
    per_task: usize,
) -> io::Result<()> {
    let runs: Vec<&[&Finding]> = findings.chunks(per_task).collect();
    if threads == 1 {
        let mut scratch = Scratch::default();
        let mut text = String::with_capacity(BYTES_PER_FINDING * per_task.min(findings.len()));
        for run in runs {
            text.clear();
            for f in run {
                draw(&mut text, f, file, style, &mut scratch);
            }
            out.write_all(text.as_bytes())?;
        }
        return Ok(());
    }
    for window in runs.chunks(RUNS_PER_WINDOW) {
        let drawn = crate::par::map_ordered(window, threads, Scratch::default, |scratch, run| {
            let mut text = String::with_capacity(BYTES_PER_FINDING * run.len());
            for f in run.iter() {
                draw(&mut text, f, file, style, scratch);
            }
            text
        });
        for text in drawn {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// A map's diagnostics (problems in the file itself), up to the cap on those drawn.
pub(crate) fn write_diagnostics(m: &super::MapReport, out: &mut dyn Write, style: Style) -> io::Result<()> {
    for d in m.diagnostics.iter().take(crate::diag::MAX_RENDERED) {
        out.write_all(d.render(&m.file, style).as_bytes())?;
    }
    if let Some(more) = crate::diag::more_line(&m.file.name, m.diagnostics.len()) {
        out.write_all(more.as_bytes())?;
    }
    Ok(())
}

/// Human-readable output.
pub struct Human {
    pub color: bool,
    /// What to leave out: notes (`-q`), the summary line (`-qq`).
    pub quiet: super::Quiet,
}

impl Human {
    /// The findings shown: all, or all but notes under `-q` (acknowledged
    /// findings are shown as notes).
    pub(crate) fn shown<'f>(&self, findings: impl IntoIterator<Item = &'f Finding>) -> Vec<&'f Finding> {
        let note = |f: &Finding| f.level == crate::diag::Level::Note || f.acknowledged.is_some();
        findings.into_iter().filter(|f| !(self.quiet.notes && note(f))).collect()
    }
}

impl Reporter for Human {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let style = Style { color: self.color };
        for m in &report.maps {
            write_diagnostics(m, out, style)?;
            draw_all(out, &self.shown(&m.findings), &m.file, style)?;
            if let Some(line) = super::omitted_line(m) {
                writeln!(out, "{}\n", crate::diag::terminal_safe(&line))?;
            }
        }
        if let Some(b) = &report.baseline {
            draw_all(out, &self.shown(&b.findings), &b.file, style)?;
        }
        if !self.quiet.summary {
            writeln!(out, "{}", totals_line(report))?;
        }
        Ok(())
    }
}

/// The summary line: findings by level, maps, acknowledged and invalid maps.
pub(crate) fn totals_line(report: &Report) -> String {
    let t = report.totals();
    let mut line = format!(
        "{}, {}, {} in {}",
        plural(t.errors, "error", "errors"),
        plural(t.warnings, "warning", "warnings"),
        plural(t.notes, "note", "notes"),
        plural(t.maps, "map", "maps"),
    );
    match (t.acknowledged, t.acknowledged_by_wildcard) {
        (0, _) => {}
        (n, 0) => line.push_str(&format!(" ({n} acknowledged)")),
        (n, w) => line.push_str(&format!(" ({n} acknowledged, {w} of them by wildcard)")),
    }
    if t.invalid_maps > 0 {
        // The counts above are of findings; name the input errors shown above
        // too, so that the line does not read "0 errors" under them.
        line.push_str(&format!(
            "; {} ({}) could not be checked",
            plural(t.invalid_maps, "invalid map", "invalid maps"),
            plural(report.diagnostic_errors(), "input error", "input errors"),
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings drawn on several threads, a run of a few at a time, read
    /// as on one, in either style.
    #[test]
    fn drawn_alike_on_any_number_of_threads() {
        let mut text = String::from("[actors.a]\n[actors.b]\n");
        for i in 0..120 {
            text.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
            if i % 3 == 0 {
                text.push_str(&format!("supports = [\"c{}\"]\n", i + 1));
            }
        }
        for i in 0..60 {
            let (a, pos) = if i % 2 == 0 { ("a", "affirms") } else { ("b", "denies") };
            text.push_str(&format!("[[stances]]\nactor = \"{a}\"\nclaim = \"c{}\"\nposition = \"{pos}\"\n", i * 2));
            text.push_str(&format!(
                "[[stances]]\nactor = \"{a}\"\nclaim = \"c{}\"\nposition = \"denies\"\n",
                i * 2 + 1
            ));
        }
        let loaded = crate::load::load_str("big.toml", text, crate::Format::Toml);
        let map = loaded.map.expect("a valid map");
        let graph = crate::ClaimGraph::build(&map);
        let findings = crate::check(&graph, &crate::CheckConfig::default());
        let shown: Vec<&Finding> = findings.iter().collect();
        assert!(shown.len() >= 10, "too few findings: {}", shown.len());
        for color in [false, true] {
            let style = Style { color };
            let mut one = Vec::new();
            draw_runs(&mut one, &shown, &loaded.file, style, 1, 3).unwrap();
            assert!(one.iter().filter(|&&b| b == b'\n').count() >= 4 * shown.len());
            for threads in [2, 3] {
                let mut many = Vec::new();
                draw_runs(&mut many, &shown, &loaded.file, style, threads, 3).unwrap();
                assert!(many == one, "{threads} threads, colour {color}");
            }
        }
    }
}
