//! `elenchus import` (not yet available).

use super::Ctx;
use crate::error::Error;

#[derive(Debug, clap::Subcommand)]
pub enum Command {}

pub fn run(_args: &Command, _ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    Err(Error::Usage("`import` is not available yet".into()))
}
