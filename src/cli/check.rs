//! `elenchus check` (not yet available).

use super::Ctx;
use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, _ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    Err(Error::Usage("`check` is not available yet".into()))
}
