//! rustc-style text: each diagnostic and finding with its source lines
//! labelled, the chain, the reason given, and a summary line.

use std::io::{self, Write};

use super::{Report, Reporter, plural};
use crate::check::Finding;
use crate::diag::{Footer, Style, render};
use crate::source::SourceFile;

/// Findings drawn by one task.
const FINDINGS_PER_TASK: usize = 256;
/// Tasks drawn before their text is written.
const RUNS_PER_WINDOW: usize = 64;

/// One finding, rustc-style: its labels on the source lines, the chain, the
/// reason acknowledged, and its notes.
fn draw(f: &Finding, file: &SourceFile, style: Style) -> String {
    let chain = format!("chain: {}", f.chain);
    let mut footers = vec![Footer::Note(&chain)];
    let ack;
    if let Some(reason) = &f.acknowledged {
        ack = format!("acknowledged: {reason}");
        footers.push(Footer::Note(&ack));
    }
    for n in &f.notes {
        footers.push(Footer::Help(n));
    }
    let title = if f.acknowledged.is_some() { format!("{} (acknowledged)", f.message) } else { f.message.clone() };
    render(style, f.level, f.rule, &title, file, &f.labels, &footers)
}

/// Human-readable output.
pub struct Human {
    pub color: bool,
    /// Leave out notes and the summary line.
    pub quiet: bool,
}

impl Reporter for Human {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let style = Style { color: self.color };
        for m in &report.maps {
            for d in m.diagnostics.iter().take(crate::diag::MAX_RENDERED) {
                out.write_all(d.render(&m.file, style).as_bytes())?;
            }
            if let Some(more) = crate::diag::more_line(&m.file.name, m.diagnostics.len()) {
                out.write_all(more.as_bytes())?;
            }
            // Findings are drawn on every core, a run of them per task, and
            // written in order; a window of runs at a time bounds the memory.
            let shown: Vec<&Finding> =
                m.findings.iter().filter(|f| !(self.quiet && f.level == crate::diag::Level::Note)).collect();
            let runs: Vec<&[&Finding]> = shown.chunks(FINDINGS_PER_TASK).collect();
            let threads = if shown.len() < 2 * FINDINGS_PER_TASK { 1 } else { crate::par::threads() };
            for window in runs.chunks(RUNS_PER_WINDOW) {
                let drawn = crate::par::map_ordered(
                    window,
                    threads,
                    || (),
                    |_, run| {
                        let mut text = String::new();
                        for f in run.iter() {
                            text.push_str(&draw(f, &m.file, style));
                        }
                        text
                    },
                );
                for text in drawn {
                    out.write_all(text.as_bytes())?;
                }
            }
            if let Some(line) = super::omitted_line(m) {
                writeln!(out, "{}\n", crate::diag::terminal_safe(&line))?;
            }
        }
        if !self.quiet {
            let t = report.totals();
            let mut line = format!(
                "{}, {}, {} in {}",
                plural(t.errors, "error", "errors"),
                plural(t.warnings, "warning", "warnings"),
                plural(t.notes, "note", "notes"),
                plural(t.maps, "map", "maps"),
            );
            if t.acknowledged > 0 {
                line.push_str(&format!(" ({} acknowledged)", t.acknowledged));
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
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}
