//! rustc-style text: each diagnostic and finding with its source lines
//! labelled, the chain, the reason given, and a summary line.

use std::io::{self, Write};

use super::{Report, Reporter, plural};
use crate::diag::{Footer, Style, render};

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
            for f in &m.findings {
                if self.quiet && f.level == crate::diag::Level::Note {
                    continue;
                }
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
                let title =
                    if f.acknowledged.is_some() { format!("{} (acknowledged)", f.message) } else { f.message.clone() };
                out.write_all(render(style, f.level, f.rule, &title, &m.file, &f.labels, &footers).as_bytes())?;
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
