//! The command-line interface: argument definitions and one module per
//! command. `src/main.rs` only parses the arguments and calls [`run`].

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::load::{self, Loaded};
use crate::source::Format;

pub mod check;
pub mod explain;
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
  2  unreadable or invalid input, or bad usage";

/// Exit codes of the commands that find no tensions.
pub(crate) const AFTER_HELP_SIMPLE: &str = "\
Exit codes:
  0  success
  2  unreadable or invalid input, or bad usage";

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
    /// Say more about what is done (such as which render engine ran).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour output: `auto` colours a terminal only; `always` colours any output.
    /// Never when the NO_COLOR environment variable is set (and not empty).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Toml => Format::Toml,
            InputFormat::Json => Format::Json,
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
                Error::Usage("reading a map from standard input (`-`) needs `--input-format toml|json`".into())
            })?;
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
            out.push(load::load_bytes("<stdin>".into(), None, bytes, format.into()));
            continue;
        }
        let files = load::collect_paths(std::slice::from_ref(p))?;
        if files.is_empty() {
            return Err(Error::Usage(format!("no `.toml` or `.json` map files under `{}`", p.display())));
        }
        for f in files {
            out.push(load_or_report(&f)?);
        }
    }
    Ok(out)
}

/// Load a file; a file that cannot be read becomes a map with one `io`
/// diagnostic, so that the other maps of a run are still checked.
fn load_or_report(path: &std::path::Path) -> Result<Loaded, Error> {
    match load::load_file(path) {
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
