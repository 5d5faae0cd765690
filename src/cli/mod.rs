//! The command-line interface: argument definitions and one module per
//! command. `src/main.rs` only parses the arguments and calls [`run`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::load::{self, Loaded};
use crate::source::Format;

pub mod af;
pub mod check;
pub mod evaluate;
pub mod explain;
pub mod export;
pub mod import;
pub mod render;
pub mod rules;
pub mod stances;
pub mod stats;
pub mod validate;

/// Exit code: success, nothing at error level.
pub const EXIT_OK: i32 = 0;
/// Exit code: `check` found a tension at error level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: unreadable or invalid input, or bad usage.
pub const EXIT_INVALID: i32 = 2;

const AFTER_HELP: &str = "\
Exit codes:
  0  success (no finding at error level)
  1  `check` found a tension at error level (warnings too under `--deny warnings`)
  2  unreadable or invalid input, or bad usage, or output that cannot be written
     (standard output closed, a full disk)
A reader that stops reading (`elenchus check maps | head -1`) ends the output quietly,
with the exit code the run has.";

/// Exit codes of the commands that find no tensions.
pub(crate) const AFTER_HELP_SIMPLE: &str = "\
Exit codes:
  0  success
  2  unreadable or invalid input, or bad usage, or output that cannot be written";

/// Argument maps in plain files: validate them, check actors' stances for
/// tensions, render them and analyse stances.
#[derive(Debug, Parser)]
#[command(name = "elenchus", version, about, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only problems: no summary lines.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more, on standard error: `render` names the layout engine that ran and the file it
    /// wrote; `stances` and `import votes` give the time each step took. The other
    /// commands print nothing more.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour output: `auto` colours a terminal only; `always` colours any output.
    /// Never when the NO_COLOR environment variable is set (and not empty).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The largest map read (a file, standard input, a named pipe), in bytes or with K, M or G
    /// (powers of 1024); a larger one is an error. Default: ELENCHUS_MAX_FILE_SIZE, else 1G.
    #[arg(long, global = true, value_name = "SIZE", value_parser = load::parse_size)]
    pub max_file_size: Option<u64>,
}

/// Standard output or standard error as the commands write to it.
///
/// A reader that goes away (`elenchus check maps | head -1`, a broken pipe)
/// is not an error of the run: the output ends quietly, later writes are
/// dropped, and the run ends with the exit code it has. A stream that was
/// closed when the process started (`elenchus check map.toml >&-`) fails
/// every write, so that a report is never lost without a word.
pub struct StdStream<W> {
    inner: W,
    state: StreamState,
}

/// What became of a [`StdStream`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamState {
    Open,
    /// Its reader went away; what is written is dropped.
    Broken,
    /// Closed from the start; every write fails.
    Closed,
}

impl<W: Write> StdStream<W> {
    /// `closed`: the stream was closed when the process started.
    pub fn new(inner: W, closed: bool) -> Self {
        StdStream { inner, state: if closed { StreamState::Closed } else { StreamState::Open } }
    }

    pub fn state(&self) -> StreamState {
        self.state
    }

    fn guard<T>(&mut self, done: T, op: impl FnOnce(&mut W) -> std::io::Result<T>) -> std::io::Result<T> {
        match self.state {
            StreamState::Open => match op(&mut self.inner) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    self.state = StreamState::Broken;
                    Ok(done)
                }
                r => r,
            },
            StreamState::Broken => Ok(done),
            StreamState::Closed => Err(std::io::Error::other(
                "standard output is closed (`>&-`): the output would be lost; redirect it to a file or to /dev/null",
            )),
        }
    }
}

impl<W: Write> Write for StdStream<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.guard(buf.len(), |w| w.write(buf))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        // Nothing written to a closed stream is nothing lost.
        if self.state == StreamState::Closed {
            return Ok(());
        }
        self.guard((), Write::flush)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check map files for errors in their format and references.
    Validate(validate::Args),
    /// Count a map's claims, relations, actors and stances.
    Stats(stats::Args),
    /// Check maps for tensions in actors' stances and in the relations.
    Check(check::Args),
    /// List the checks' rules.
    Rules(rules::Args),
    /// Explain one rule, with an example and how to address its findings.
    Explain(explain::Args),
    /// Render a map to DOT or SVG.
    Render(render::Args),
    /// Import data into a map (such as roll-call votes).
    #[command(subcommand)]
    Import(import::Command),
    /// Analyse stances across actors: the actor-by-claim matrix and agreement.
    Stances(stances::Args),
    /// Abstract argumentation frameworks (ICCMA 2023, apx): answer the ICCMA tasks.
    #[command(subcommand)]
    Af(af::Command),
    /// Write a map's framework in a foreign format (ICCMA 2023), with a name table.
    #[command(subcommand)]
    Export(export::Command),
    /// Evaluate a map: which claims survive, which positions defend themselves.
    Evaluate(evaluate::Args),
}

/// What commands write to, and how.
pub struct Ctx<'w> {
    pub out: &'w mut dyn Write,
    pub err: &'w mut dyn Write,
    /// Colour standard output.
    pub color_out: bool,
    /// Colour standard error.
    pub color_err: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// Input format for standard input (`-`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Toml,
    Json,
    Argdown,
    /// AIF JSON (AIFdb, OVA); a `.json` file shaped as AIF is read as AIF without it.
    Aif,
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Toml => Format::Toml,
            InputFormat::Json => Format::Json,
            InputFormat::Argdown => Format::Argdown,
            InputFormat::Aif => Format::Aif,
        }
    }
}

/// Run a parsed command line; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, Error> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // NO_COLOR wins over everything; `always` colours output that is not a terminal.
    let color = |tty: bool| match cli.color {
        _ if no_color => false,
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty,
    };
    let max = match (cli.max_file_size, std::env::var("ELENCHUS_MAX_FILE_SIZE")) {
        (Some(n), _) => n,
        (None, Ok(v)) => load::parse_size(&v).map_err(|e| Error::Usage(format!("ELENCHUS_MAX_FILE_SIZE: {e}")))?,
        (None, Err(_)) => load::DEFAULT_MAX_FILE_SIZE,
    };
    load::set_max_file_size(max);
    let mut ctx = Ctx {
        color_out: color(std::io::stdout().is_terminal()),
        color_err: color(std::io::stderr().is_terminal()),
        out,
        err,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let code = match &cli.command {
        Command::Validate(a) => validate::run(a, &mut ctx),
        Command::Stats(a) => stats::run(a, &mut ctx),
        Command::Check(a) => check::run(a, &mut ctx),
        Command::Rules(a) => rules::run(a, &mut ctx),
        Command::Explain(a) => explain::run(a, &mut ctx),
        Command::Render(a) => render::run(a, &mut ctx),
        Command::Import(a) => import::run(a, &mut ctx),
        Command::Stances(a) => stances::run(a, &mut ctx),
        Command::Af(a) => af::run(a, &mut ctx),
        Command::Export(a) => export::run(a, &mut ctx),
        Command::Evaluate(a) => evaluate::run(a, &mut ctx),
    }?;
    ctx.out.flush().map_err(|source| Error::Write { path: "<stdout>".into(), source })?;
    Ok(code)
}

/// Let go of what a command built without freeing it piece by piece: the
/// process is about to exit and the system takes its memory back at once.
/// A million-claim map is millions of small allocations, and freeing them
/// one by one takes most of a second.
pub(crate) fn leave<T>(big: T) {
    std::mem::forget(big);
}

/// Load every map named by `paths` (files, directories walked for `*.toml`
/// and `*.json`, or `-` for standard input in `stdin_format`).
pub fn load_inputs(paths: &[PathBuf], stdin_format: Option<InputFormat>) -> Result<Vec<Loaded>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let format = stdin_format.ok_or_else(|| {
                Error::Usage(
                    "reading a map from standard input (`-`) needs `--input-format toml|json|argdown|aif`".into(),
                )
            })?;
            let bytes = load::read_bounded(std::io::stdin().lock(), load::max_file_size())
                .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
            out.push(load::load_bytes("<stdin>".into(), None, bytes, format.into()));
            continue;
        }
        let files = load::collect_paths(std::slice::from_ref(p))?;
        if files.is_empty() {
            return Err(Error::Usage(format!("no `.toml`, `.json` or `.argdown` map files under `{}`", p.display())));
        }
        // A file named on the command line is read whatever it is (`<(...)` is
        // a named pipe); files found in a directory only if they are regular.
        let walked = files.len() != 1 || files[0] != *p;
        for f in files {
            out.push(load_or_report(&f, walked)?);
        }
    }
    Ok(out)
}

/// Load a file; a file that cannot be read (or, when `walked`, is not a
/// regular file) becomes a map with one `io` diagnostic, so that the other
/// maps of a run are still checked.
fn load_or_report(path: &std::path::Path, walked: bool) -> Result<Loaded, Error> {
    let loaded = if walked { load::load_regular_file(path) } else { load::load_file(path) };
    match loaded {
        Err(Error::Io { path, source }) => {
            let format = Format::from_path(&path).unwrap_or(Format::Toml);
            let file =
                crate::source::SourceFile::new(path.display().to_string(), Some(path.clone()), format, String::new());
            let mut d = crate::diag::Diagnostic::new(
                crate::diag::Code::Io,
                format!("cannot read `{}`: {source}", path.display()),
                crate::source::Span::new(0, 0),
                "",
            );
            d.labels.clear();
            Ok(Loaded { file, map: None, diagnostics: vec![d] })
        }
        other => other,
    }
}

/// Load exactly one map and require it to be valid; its diagnostics are
/// written to the error stream.
pub fn load_one(
    path: &PathBuf,
    stdin_format: Option<InputFormat>,
    ctx: &mut Ctx<'_>,
) -> Result<crate::model::ArgMap, Error> {
    if path.as_os_str() != "-" && path.is_dir() {
        return Err(Error::IsDirectory(path.clone()));
    }
    let mut loaded = load_inputs(std::slice::from_ref(path), stdin_format)?;
    let loaded = loaded.pop().ok_or_else(|| Error::Usage("no map given".into()))?;
    write_diagnostics(&loaded, ctx.err, ctx.color_err)?;
    loaded.into_map()
}

/// Write a file's diagnostics, rustc style.
pub fn write_diagnostics(l: &Loaded, w: &mut dyn Write, color: bool) -> Result<(), Error> {
    let style = crate::diag::Style { color };
    for d in l.diagnostics.iter().take(crate::diag::MAX_RENDERED) {
        w.write_all(d.render(&l.file, style).as_bytes()).map_err(write_err)?;
    }
    if let Some(more) = crate::diag::more_line(&l.file.name, l.diagnostics.len()) {
        w.write_all(more.as_bytes()).map_err(write_err)?;
    }
    Ok(())
}

pub(crate) fn write_err(source: std::io::Error) -> Error {
    Error::Write { path: "<output>".into(), source }
}

/// `n thing` / `n things`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
