//! `elenchus rules`: list the rules.

use super::{Ctx, EXIT_OK, write_err};
use crate::check::rule_infos;
use crate::error::Error;

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP_SIMPLE)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let infos = rule_infos();
    let text = if args.json {
        serde_json::to_string_pretty(&infos).map_err(|e| Error::Other(e.to_string()))? + "\n"
    } else {
        let width = infos.iter().map(|r| r.name.len()).max().unwrap_or(0);
        let mut s = String::new();
        for r in &infos {
            s.push_str(&format!("{:width$}  {:5}  {}\n", r.name, r.default_level.as_str(), r.summary));
        }
        s.push_str("\nLevels: allow | note | warn | deny. `elenchus explain RULE` documents a rule.\n");
        s
    };
    ctx.out.write_all(text.as_bytes()).map_err(write_err)?;
    Ok(EXIT_OK)
}
