//! `elenchus stats`: counts of a map's contents.

use std::path::PathBuf;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::error::Error;
use crate::stats::Stats;

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP_SIMPLE)]
pub struct Args {
    /// The map file (`-` reads standard input).
    pub path: PathBuf,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let map = load_one(&args.path, args.input_format, ctx)?;
    let stats = Stats::of(&map);
    let text = if args.json {
        serde_json::to_string_pretty(&stats).map_err(|e| Error::Other(e.to_string()))? + "\n"
    } else {
        stats.to_text()
    };
    ctx.out.write_all(text.as_bytes()).map_err(write_err)?;
    super::leave(map);
    Ok(EXIT_OK)
}
