//! `elenchus explain RULE`: document one rule.

use super::{Ctx, EXIT_OK, write_err};
use crate::check::{rule_info, rule_names};
use crate::diag::did_you_mean;
use crate::error::Error;

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP_SIMPLE)]
pub struct Args {
    /// The rule's name (see `elenchus rules`).
    pub rule: String,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let Some(info) = rule_info(&args.rule) else {
        let hint = match did_you_mean(&args.rule, rule_names()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None => "; `elenchus rules` lists them".into(),
        };
        return Err(Error::Usage(format!("unknown rule `{}`{hint}", args.rule)));
    };
    let text = format!(
        "{} (default level: {})\n\n{}\n\n{}",
        info.name,
        info.default_level.as_str(),
        info.summary,
        info.explanation.trim_end()
    );
    writeln!(ctx.out, "{text}").map_err(write_err)?;
    Ok(EXIT_OK)
}
