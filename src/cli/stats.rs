//! `elenchus stats`: counts of maps' contents.

use std::path::PathBuf;

use super::{Ctx, EXIT_OK, InputFormat, load_inputs, write_diagnostics, write_err};
use crate::error::Error;
use crate::stats::{MapsStats, Stats};

const AFTER_HELP: &str = "\
One map file (or `-`): its counts. Several paths, or a directory: the counts of each map
under `== FILE`, then their total (JSON: `{\"maps\": [{\"file\", \"stats\"}], \"total\"}`).

Exit codes:
  0  success
  2  unreadable or invalid input, or bad usage, or output that cannot be written";

/// `stats --format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Map files or directories (walked for `*.toml`, `*.json` and `*.argdown`); `-` reads
    /// standard input. Default: the project file's `paths`.
    pub paths: Vec<PathBuf>,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
    /// The same as `--format json`.
    #[arg(long, hide = true)]
    pub json: bool,
    /// Write the counts to FILE (atomically; never over a map read) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let paths = super::paths_or_configured(&args.paths, ctx)?;
    super::with_output(args.output.as_deref(), &paths, &[], ctx, |ctx| stats(args, &paths, ctx))
}

fn stats(args: &Args, paths: &[PathBuf], ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let one = paths.len() == 1 && (paths[0].as_os_str() == "-" || !paths[0].is_dir());
    let loaded = load_inputs(paths, args.input_format)?;
    for l in &loaded {
        write_diagnostics(l, ctx.err, ctx.color_err)?;
    }
    let mut all = MapsStats::default();
    let mut maps = Vec::with_capacity(loaded.len());
    for l in loaded {
        let name = l.file.name.clone();
        let map = l.into_map()?;
        all.push(name, Stats::of(&map));
        maps.push(map);
    }
    let json = args.json || args.format == StatsFormat::Json;
    let text = match (one, json) {
        (true, true) => to_json(&all.total)?,
        (true, false) => all.total.to_text(),
        (false, true) => to_json(&all)?,
        (false, false) => all.to_text(),
    };
    ctx.out.write_all(text.as_bytes()).map_err(write_err)?;
    super::leave(maps);
    Ok(EXIT_OK)
}

fn to_json(v: &impl serde::Serialize) -> Result<String, Error> {
    Ok(serde_json::to_string_pretty(v).map_err(|e| Error::Other(e.to_string()))? + "\n")
}
