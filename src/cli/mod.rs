//! The command-line interface: argument definitions and one module per
//! command. `src/main.rs` only parses the arguments and calls [`run`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Color, Config};
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::source::Format;

pub mod af;
pub mod check;
pub mod evaluate;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod import;
pub mod init;
pub mod lsp;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod shell;
pub mod stances;
pub mod stats;
pub mod validate;

pub use crate::report::{EXIT_FINDINGS, EXIT_INVALID, EXIT_OK};

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
    /// Print less: `-q` leaves out notes, progress and headings, and keeps the one-line
    /// summary of `check` and `validate`; `-qq` leaves that out too (only problems).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    pub quiet: u8,
    /// Say more, on standard error: `render` names the layout engine that ran and the file it
    /// wrote; `stances` and `import votes` give the time each step took. The other
    /// commands print nothing more.
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,
    /// When to colour output: `auto` colours a terminal only; `always` colours any output.
    /// Never when the NO_COLOR environment variable is set (and not empty). Default: the
    /// project file's `output.color`, else `auto`.
    #[arg(long, global = true, value_enum, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: Option<ColorChoice>,
    /// The largest map read (a file, standard input, a named pipe), in bytes or with K, M or G
    /// (powers of 1024); a larger one is an error. Default: ELENCHUS_MAX_FILE_SIZE, else 1G.
    #[arg(long, global = true, value_name = "SIZE", value_parser = load::parse_size, help_heading = GLOBAL)]
    pub max_file_size: Option<u64>,
    /// Read the project file FILE instead of the `elenchus.toml` found in the current
    /// directory or the nearest one above it (docs/configuration.md).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,
    /// Read no project file (`--isolated` is another name for it).
    #[arg(long, global = true, visible_alias = "isolated", help_heading = GLOBAL)]
    pub no_config: bool,
}

/// The heading of the options every command takes.
const GLOBAL: &str = "Global options";

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
    /// Count the claims, relations, actors and stances of maps.
    Stats(stats::Args),
    /// Check maps for tensions in actors' stances and in the relations.
    Check(check::Args),
    /// List the checks' rules.
    Rules(rules::Args),
    /// Explain one rule, with an example and how to address its findings.
    Explain(explain::Args),
    /// Render a map to DOT or SVG.
    Render(render::Args),
    /// Write a map's interactive HTML report: the drawing, the claims, the findings, the stances.
    Report(report::Args),
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
    /// Write a short, commented starter map (map.toml unless named).
    Init(init::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff).
    Man(shell::ManArgs),
    /// Format TOML and JSON maps: layout made uniform, comments and order kept.
    Fmt(fmt::Args),
    /// Print the JSON Schema of the map format (for editors: Taplo, Even Better TOML, Tombi).
    Schema(schema::Args),
    /// Run a language server for editors, over standard input and output.
    Lsp(lsp::Args),
}

/// What commands write to, and how.
pub struct Ctx<'w> {
    pub out: &'w mut dyn Write,
    pub err: &'w mut dyn Write,
    /// Colour standard output.
    pub color_out: bool,
    /// Colour standard error.
    pub color_err: bool,
    /// `-q`: leave out notes, progress lines and headings.
    pub quiet: bool,
    /// `-qq`: leave out the one-line summary too.
    pub quieter: bool,
    pub verbose: bool,
    /// The project file, unless there is none or `--no-config`.
    pub config: Option<Config>,
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
    let config = project_config(&cli, err)?;
    let choice = cli.color.or_else(|| config.as_ref().and_then(|c| c.output.color).map(ColorChoice::from));
    let color = |tty: bool| match choice.unwrap_or(ColorChoice::Auto) {
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
        quiet: cli.quiet >= 1,
        quieter: cli.quiet >= 2,
        verbose: cli.verbose,
        config,
    };
    let code = match &cli.command {
        Command::Validate(a) => validate::run(a, &mut ctx),
        Command::Stats(a) => stats::run(a, &mut ctx),
        Command::Check(a) => check::run(a, &mut ctx),
        Command::Rules(a) => rules::run(a, &mut ctx),
        Command::Explain(a) => explain::run(a, &mut ctx),
        Command::Render(a) => render::run(a, &mut ctx),
        Command::Report(a) => report::run(a, &mut ctx),
        Command::Import(a) => import::run(a, &mut ctx),
        Command::Stances(a) => stances::run(a, &mut ctx),
        Command::Af(a) => af::run(a, &mut ctx),
        Command::Export(a) => export::run(a, &mut ctx),
        Command::Evaluate(a) => evaluate::run(a, &mut ctx),
        Command::Init(a) => init::run(a, &mut ctx),
        Command::Completions(a) => shell::run_completions(a, &mut ctx),
        Command::Man(a) => shell::run_man(a, &mut ctx),
        Command::Fmt(a) => fmt::run(a, &mut ctx),
        Command::Schema(a) => schema::run(a, &mut ctx),
        Command::Lsp(a) => lsp::run(a, &mut ctx),
    }?;
    ctx.out.flush().map_err(|source| Error::Write { path: "<stdout>".into(), source })?;
    Ok(code)
}

impl From<Color> for ColorChoice {
    fn from(c: Color) -> ColorChoice {
        match c {
            Color::Auto => ColorChoice::Auto,
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
        }
    }
}

/// The project file of the run: `--config FILE`, else the one found from the
/// current directory up, unless `--no-config`. Its problems are written to
/// `err`; an error in it stops the run.
fn project_config(cli: &Cli, err: &mut dyn Write) -> Result<Option<Config>, Error> {
    if cli.no_config {
        return Ok(None);
    }
    let path = match &cli.config {
        Some(p) => p.clone(),
        None => match std::env::current_dir().ok().and_then(|d| config::discover(&d)) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let loaded = config::load_file(&path)?;
    let color = cli.color.map_or(std::io::stderr().is_terminal(), |c| c == ColorChoice::Always)
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    write_file_diagnostics(&loaded.file, &loaded.diagnostics, err, color)?;
    let errors = loaded.errors();
    loaded.config.map(Some).ok_or(Error::Invalid { file: loaded.file.name, errors })
}

/// The paths a command checks: those given, else the project file's
/// `paths`; without either, a usage error.
pub fn paths_or_configured(given: &[PathBuf], ctx: &Ctx<'_>) -> Result<Vec<PathBuf>, Error> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    match &ctx.config {
        Some(c) if !c.paths.is_empty() => Ok(c.default_paths()),
        Some(c) => Err(Error::Usage(format!(
            "no paths given, and the project file `{}` sets no `paths`",
            crate::diag::terminal_safe(&c.file.name)
        ))),
        None => Err(Error::Usage(format!(
            "no paths given, and no project file ({}) sets `paths`: name the maps to read",
            config::FILE_NAME
        ))),
    }
}

/// Run `body` with its standard output going to `output` when given (not
/// `-`): written there atomically once the command has finished, without
/// colour; never over one of the maps `maps` names (directories are walked)
/// nor over one of `more`. Otherwise to standard output.
pub fn with_output(
    output: Option<&std::path::Path>,
    maps: &[PathBuf],
    more: &[crate::output::Input<'_>],
    ctx: &mut Ctx<'_>,
    body: impl FnOnce(&mut Ctx<'_>) -> Result<i32, Error>,
) -> Result<i32, Error> {
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else { return body(ctx) };
    let files: Vec<PathBuf> = maps
        .iter()
        .flat_map(|p| match p.is_dir() {
            true => load::collect_paths(std::slice::from_ref(p)).unwrap_or_default(),
            false => vec![p.clone()],
        })
        .collect();
    let mut inputs: Vec<crate::output::Input<'_>> =
        files.iter().map(|p| crate::output::Input { path: p, what: "input map" }).collect();
    inputs.extend_from_slice(more);
    crate::output::refuse_inputs(path, &inputs)?;
    if path.is_dir() {
        return Err(Error::Usage(format!("`{}` is a directory: name the output file", path.display())));
    }
    let mut buf: Vec<u8> = Vec::new();
    let code = {
        let mut inner = Ctx {
            out: &mut buf,
            err: &mut *ctx.err,
            color_out: false,
            color_err: ctx.color_err,
            quiet: ctx.quiet,
            quieter: ctx.quieter,
            verbose: ctx.verbose,
            config: ctx.config.take(),
        };
        let code = body(&mut inner);
        ctx.config = inner.config.take();
        code?
    };
    crate::output::write(path, &buf)?;
    Ok(code)
}

/// Let go of what a command built without freeing it piece by piece: the
/// process is about to exit and the system takes its memory back at once.
/// A million-claim map is millions of small allocations, and freeing them
/// one by one takes most of a second.
pub(crate) fn leave<T>(big: T) {
    // A watch runs the command again and again in one process: there, free.
    if !WATCHING.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(big);
    }
}

/// Set while a command runs under `--watch` (see [`leave`]).
static WATCHING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--watch`: run `body` now and again whenever one of the maps under `paths`
/// changes (not for changes to `ignore`, the files the command writes), on a
/// cleared screen when standard output is a terminal. A run that fails (a map
/// that no longer parses) writes its error and the watch goes on; a usage
/// error in the first run ends it. Runs until interrupted (Ctrl-C).
pub fn watching(
    paths: &[PathBuf],
    ignore: &[PathBuf],
    ctx: &mut Ctx<'_>,
    mut body: impl FnMut(&mut Ctx<'_>) -> Result<i32, Error>,
) -> Result<i32, Error> {
    use crate::watch::{CLEAR_SCREEN, DEBOUNCE, Targets, Watch, run_loop};
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::Usage("`--watch` watches files: standard input (`-`) cannot be watched".into()));
    }
    WATCHING.store(true, std::sync::atomic::Ordering::Relaxed);
    let watch = Watch::start(Targets::new(paths, ignore)?)?;
    let clear = std::io::stdout().is_terminal();
    let mut failure = None;
    run_loop(&watch.changes, DEBOUNCE, |n| {
        let step = (|| {
            if clear {
                ctx.out.write_all(CLEAR_SCREEN.as_bytes()).map_err(write_err)?;
            }
            match body(ctx) {
                Err(e @ (Error::Usage(_) | Error::Write { .. })) => return Err(e),
                Err(e) => {
                    writeln!(ctx.err, "error: {}", crate::diag::terminal_safe(&e.to_string())).map_err(write_err)?
                }
                Ok(_) => {}
            }
            ctx.out.flush().map_err(write_err)?;
            if !ctx.quiet {
                writeln!(ctx.err, "[watching {} for changes; Ctrl-C stops]", plural(paths.len(), "path", "paths"))
                    .map_err(write_err)?;
            }
            Ok(())
        })();
        // A usage error is the same in every run; output that cannot be written stays so.
        match step {
            Err(e @ Error::Usage(_)) if n > 1 => {
                let _ = writeln!(ctx.err, "error: {}", crate::diag::terminal_safe(&e.to_string()));
                true
            }
            Err(e) => {
                failure = Some(e);
                false
            }
            Ok(()) => true,
        }
    });
    failure.map_or(Ok(EXIT_OK), Err)
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
    write_file_diagnostics(&l.file, &l.diagnostics, w, color)
}

/// Write the diagnostics of `file` (a map, a baseline, the project file),
/// rustc style, up to [`crate::diag::MAX_RENDERED`] and a line counting the rest.
pub(crate) fn write_file_diagnostics(
    file: &crate::source::SourceFile,
    diagnostics: &[crate::diag::Diagnostic],
    w: &mut dyn Write,
    color: bool,
) -> Result<(), Error> {
    let style = crate::diag::Style { color };
    for d in diagnostics.iter().take(crate::diag::MAX_RENDERED) {
        w.write_all(d.render(file, style).as_bytes()).map_err(write_err)?;
    }
    if let Some(more) = crate::diag::more_line(&file.name, diagnostics.len()) {
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
