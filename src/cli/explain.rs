//! `elenchus explain RULE`: document one rule.

use super::{Ctx, EXIT_OK, write_err};
use crate::check::{renamed, rule_info, suggest_rule};
use crate::error::Error;

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP_SIMPLE)]
pub struct Args {
    /// The rule's name (see `elenchus rules`).
    pub rule: String,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let renamed_from = renamed(&args.rule).map(|new| (args.rule.as_str(), new));
    let name = renamed_from.map_or(args.rule.as_str(), |(_, new)| new);
    let Some(info) = rule_info(name) else {
        let hint = match suggest_rule(&args.rule) {
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
    if let Some((old, new)) = renamed_from {
        writeln!(ctx.out, "`{old}` was renamed `{new}`; the old name still works but is deprecated.\n")
            .map_err(write_err)?;
    }
    writeln!(ctx.out, "{text}").map_err(write_err)?;
    Ok(EXIT_OK)
}
