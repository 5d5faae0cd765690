//! `elenchus check`: find tensions in maps, for people and for CI.

use std::io::Write as _;
use std::path::PathBuf;

use super::{Ctx, InputFormat, load_inputs};
use crate::check::{CheckConfig, DEFAULT_MAX_FINDINGS, rename_note, renamed, rule_names, suggest_rule};
use crate::error::Error;
use crate::model::RuleLevel;
use crate::report::{OutputFormat, Report, exit_code, reporter};

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP)]
pub struct Args {
    /// Map files or directories (walked for `*.toml` and `*.json`); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Turn a rule off (repeatable).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Report a rule at note level (repeatable).
    #[arg(short = 'N', long = "note", value_name = "RULE")]
    pub note: Vec<String>,
    /// Report a rule as a warning (repeatable).
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Report a rule as an error (repeatable); `--deny warnings` makes every warning an error.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Keep at most N findings of each map; the rest are counted (in the
    /// summary and the exit code) but not listed. 0: no cap.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_FINDINGS)]
    pub max_findings: usize,
}

/// The configuration the command line sets; it wins over the maps' `[checks]`.
/// A rule named by a former name is read as the current one, with a
/// deprecation line on `err`.
pub fn config(args: &Args, err: &mut dyn std::io::Write) -> Result<CheckConfig, Error> {
    let mut config =
        CheckConfig { max_findings: (args.max_findings > 0).then_some(args.max_findings), ..Default::default() };
    let known = rule_names();
    let lists = [
        (&args.allow, RuleLevel::Allow),
        (&args.note, RuleLevel::Note),
        (&args.warn, RuleLevel::Warn),
        (&args.deny, RuleLevel::Deny),
    ];
    for (names, level) in lists {
        for name in names {
            if name == "warnings" && level == RuleLevel::Deny {
                config.deny_warnings = true;
                continue;
            }
            if let Some(new) = renamed(name) {
                writeln!(err, "warning: {}", rename_note(name, new)).map_err(super::write_err)?;
                config.levels.insert(new.to_string(), level);
                continue;
            }
            if !known.contains(&name.as_str()) {
                let hint = match suggest_rule(name) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => "; `elenchus rules` lists them".into(),
                };
                return Err(Error::Usage(format!("unknown rule `{name}`{hint}")));
            }
            config.levels.insert(name.clone(), level);
        }
    }
    Ok(config)
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let config = config(args, &mut *ctx.err)?;
    let loaded = load_inputs(&args.paths, args.input_format)?;
    let report = Report::check(loaded, &config);
    let color = args.format == OutputFormat::Human && ctx.color_out;
    // Buffered: the JSON formats write many short pieces.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *ctx.out);
    reporter(args.format, color, ctx.quiet).write(&report, &mut out).map_err(super::write_err)?;
    out.flush().map_err(super::write_err)?;
    drop(out);
    let code = exit_code(&report.totals());
    super::leave(report);
    Ok(code)
}
