//! `elenchus schema`: print the JSON Schema of the map format.

use super::{AFTER_HELP_SIMPLE, Ctx, EXIT_OK, write_err};
use crate::error::Error;

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP_SIMPLE)]
pub struct Args {}

pub fn run(_args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    ctx.out.write_all(crate::schema::map_schema_text().as_bytes()).map_err(write_err)?;
    Ok(EXIT_OK)
}
