//! `elenchus validate`: report every problem in map files.

use std::path::PathBuf;

use super::{Ctx, EXIT_INVALID, EXIT_OK, InputFormat, load_inputs, plural, write_diagnostics, write_err};
use crate::error::Error;

const AFTER_HELP: &str = "\
Exit codes:
  0  every map is valid (warnings do not change the exit code)
  2  a map has an error, or unreadable input, or bad usage, or output that cannot be written";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Map files or directories (walked for `*.toml`, `*.json` and `*.argdown`); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let loaded = load_inputs(&args.paths, args.input_format)?;
    let (mut errors, mut warnings) = (0, 0);
    for l in &loaded {
        write_diagnostics(l, ctx.out, ctx.color_out)?;
        errors += l.errors();
        warnings += l.warnings();
    }
    if !ctx.quiet {
        let verdict = if errors == 0 { "ok" } else { "invalid" };
        writeln!(
            ctx.out,
            "{verdict}: {}, {} in {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            plural(loaded.len(), "map", "maps")
        )
        .map_err(write_err)?;
    }
    super::leave(loaded);
    Ok(if errors == 0 { EXIT_OK } else { EXIT_INVALID })
}
