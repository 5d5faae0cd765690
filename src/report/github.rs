//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.

use std::io::{self, Write};

use super::{Report, Reporter};
use crate::diag::Level;

/// GitHub annotations.
pub struct Github;

/// Escape a command's message (data) per the workflow-command rules.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a command's property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    }
}

impl Reporter for Github {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for m in &report.maps {
            for d in &m.diagnostics {
                let p = d.position(&m.file);
                writeln!(
                    out,
                    "::{} file={},line={},col={},title={}::{}",
                    command(d.level),
                    escape_property(&m.file.name),
                    p.line,
                    p.column,
                    escape_property(&format!("elenchus {}", d.code)),
                    escape_data(&d.message)
                )?;
            }
            for f in &m.findings {
                annotate(f, out)?;
            }
            if let Some(line) = super::omitted_line(m) {
                writeln!(
                    out,
                    "::warning file={},title={}::{}",
                    escape_property(&m.file.name),
                    escape_property("elenchus max-findings"),
                    escape_data(&line)
                )?;
            }
        }
        for f in report.baseline.iter().flat_map(|b| &b.findings) {
            annotate(f, out)?;
        }
        Ok(())
    }
}

/// A finding's annotation: an acknowledged one is a `notice`, whatever its level.
fn annotate(f: &crate::check::Finding, out: &mut dyn Write) -> io::Result<()> {
    let mut message = f.message.clone();
    message.push_str(&format!("\nchain: {}", f.chain));
    if let Some(a) = &f.acknowledged {
        message.push_str(&format!("\nacknowledged: {}", a.reason));
    }
    let level = if f.acknowledged.is_some() { Level::Note } else { f.level };
    let (line, col) = f.location().map_or((1, 1), |l| (l.line, l.column));
    writeln!(
        out,
        "::{} file={},line={line},col={col},title={}::{}",
        command(level),
        escape_property(&f.file),
        escape_property(&format!("elenchus {}", f.rule)),
        escape_data(&message)
    )
}
