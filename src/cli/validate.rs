//! `elenchus validate`: report every problem in map files.

use std::path::PathBuf;

use super::{Ctx, EXIT_INVALID, EXIT_OK, InputFormat, load_inputs, plural, write_diagnostics, write_err};
use crate::error::Error;
use crate::report::validation::{self, Validation};

const AFTER_HELP: &str = "\
Exit codes:
  0  every map is valid (warnings do not change the exit code)
  2  a map has an error, or unreadable input, or bad usage, or output that cannot be written";

/// `validate --format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// Each problem drawn with its place, then a one-line summary.
    Human,
    /// One JSON document: each map's diagnostics (code, level, message, line, column, help)
    /// and the totals.
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
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Write the report to FILE (atomically; never over a map read) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let paths = super::paths_or_configured(&args.paths, ctx)?;
    super::with_output(args.output.as_deref(), &paths, &[], ctx, |ctx| validate(args, &paths, ctx))
}

fn validate(args: &Args, paths: &[PathBuf], ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let loaded = load_inputs(paths, args.input_format)?;
    let totals = validation::totals(&loaded);
    match args.format {
        ValidateFormat::Json => {
            serde_json::to_writer_pretty(&mut *ctx.out, &Validation::of(&loaded)).map_err(|e| write_err(e.into()))?;
            writeln!(ctx.out).map_err(write_err)?;
        }
        ValidateFormat::Human => {
            for l in &loaded {
                write_diagnostics(l, ctx.out, ctx.color_out)?;
            }
            if !ctx.quieter {
                let verdict = if totals.valid { "ok" } else { "invalid" };
                writeln!(
                    ctx.out,
                    "{verdict}: {}, {} in {}",
                    plural(totals.errors, "error", "errors"),
                    plural(totals.warnings, "warning", "warnings"),
                    plural(totals.maps, "map", "maps")
                )
                .map_err(write_err)?;
            }
        }
    }
    super::leave(loaded);
    Ok(if totals.valid { EXIT_OK } else { EXIT_INVALID })
}
