//! `elenchus check`: find tensions in maps, for people and for CI.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Ctx, InputFormat, load_inputs};
use std::collections::BTreeMap;

use crate::check::{
    Baseline, CheckConfig, DEFAULT_MAX_FINDINGS, PLACEHOLDER_REASON, rename_note, renamed, rule_names, suggest_rule,
};
use crate::config::Config;
use crate::error::Error;
use crate::load::load_baseline_file;
use crate::model::RuleLevel;
use crate::output::{Input, refuse_inputs};
use crate::report::Quiet;
use crate::report::summary::{self, GroupBy};
use crate::report::{OutputFormat, Report, exit_code, reporter};

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP)]
pub struct Args {
    /// Map files or directories (walked for `*.toml`, `*.json` and `*.argdown`); `-` reads
    /// standard input. Default: the project file's `paths`.
    pub paths: Vec<PathBuf>,
    /// Output format [default: the project file's `output.format`, else human].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Write the report to FILE (atomically; never over a map read) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    /// summary and the exit code) but not listed. 0: no cap. [default: the project
    /// file's `output.max-findings`, else 100000]
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
    /// Read acknowledgements from FILE as well as from the maps: a TOML file of
    /// `[[acknowledged]]` entries, which may name the map (`file`) each applies to.
    /// [default: the project file's `baseline`]
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write to FILE a baseline acknowledging every finding that its map does not
    /// (with a placeholder reason to replace), and exit 0 once it is written.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only the findings about these actors (repeatable, or
    /// comma-separated); each must be an actor of at least one map checked.
    /// Findings about no actor are left out. The exit code follows the findings kept.
    #[arg(long = "actor", value_name = "ID")]
    pub actors: Vec<String>,
    /// Print counts of findings per rule (with level), per map and per actor
    /// instead of the findings (human and JSON formats); `--summary` is another name.
    #[arg(long, visible_alias = "summary", conflicts_with = "group_by")]
    pub statistics: bool,
    /// Print findings grouped under a heading per actor, rule, or pattern
    /// (one rule on the same claims: one finding drawn for all its actors);
    /// JSON: a `groups` array besides the findings.
    #[arg(long, value_enum, value_name = "KEY")]
    pub group_by: Option<GroupBy>,
    /// Check again whenever a map (or the baseline) changes, on a cleared screen, until
    /// interrupted (Ctrl-C).
    #[arg(long, conflicts_with = "write_baseline")]
    pub watch: bool,
}

/// The configuration the command line sets; it wins over the maps' `[checks]`.
/// A rule named by a former name is read as the current one, with a
/// deprecation line on `err`. `project`: the project file, for the defaults
/// the command line does not set (the cap on findings).
pub fn config(args: &Args, project: Option<&Config>, err: &mut dyn std::io::Write) -> Result<CheckConfig, Error> {
    let max = args.max_findings.or(project.and_then(|c| c.output.max_findings)).unwrap_or(DEFAULT_MAX_FINDINGS);
    let mut config = CheckConfig { max_findings: (max > 0).then_some(max), ..Default::default() };
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

/// Read the baseline file: its problems are written to `ctx.err`, and any
/// error stops the run (exit 2) before a map is checked. A note says how
/// many entries still give the placeholder reason.
fn read_baseline(path: &Path, ctx: &mut Ctx<'_>) -> Result<Baseline, Error> {
    let loaded = load_baseline_file(path)?;
    super::write_file_diagnostics(&loaded.file, &loaded.diagnostics, ctx.err, ctx.color_err)?;
    let errors = loaded.errors();
    let baseline = loaded.baseline.ok_or(Error::Invalid { file: loaded.file.name.clone(), errors })?;
    let n = baseline.placeholders();
    if n > 0 && !ctx.quiet {
        writeln!(
            ctx.err,
            "note: {}: {} the placeholder reason \"{PLACEHOLDER_REASON}\": replace it with why the finding stands",
            crate::diag::terminal_safe(&baseline.file().name),
            super::plural(n, "entry still gives", "entries still give"),
        )
        .map_err(super::write_err)?;
    }
    Ok(baseline)
}

/// Write the baseline of `report` to `path` (never over a map read).
fn write_baseline(path: &Path, report: &Report, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let totals = report.totals();
    if totals.invalid_maps > 0 {
        writeln!(
            ctx.err,
            "error: no baseline written to `{}`: {} could not be checked",
            crate::diag::terminal_safe(&path.display().to_string()),
            super::plural(totals.invalid_maps, "map", "maps"),
        )
        .map_err(super::write_err)?;
        return Ok(super::EXIT_INVALID);
    }
    let entries = crate::report::baseline::baseline_findings(report).count();
    crate::output::write(path, crate::report::baseline::baseline_text(report).as_bytes())?;
    if totals.omitted > 0 {
        writeln!(
            ctx.err,
            "warning: the baseline leaves out the {} past the cap (`--max-findings 0` lifts it)",
            super::plural(totals.omitted, "finding", "findings"),
        )
        .map_err(super::write_err)?;
    }
    if !ctx.quiet {
        writeln!(
            ctx.err,
            "wrote {} to `{}`",
            super::plural(entries, "baseline entry", "baseline entries"),
            crate::diag::terminal_safe(&path.display().to_string())
        )
        .map_err(super::write_err)?;
    }
    Ok(super::EXIT_OK)
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let paths = super::paths_or_configured(&args.paths, ctx)?;
    let baseline = match &args.baseline {
        Some(p) => Some(p.clone()),
        None => ctx.config.as_ref().and_then(|c| c.baseline.as_deref().map(|b| c.resolve(b))),
    };
    let mut more = Vec::new();
    if let Some(b) = &baseline {
        more.push(Input { path: b, what: "baseline" });
    }
    if let Some(w) = &args.write_baseline {
        more.push(Input { path: w, what: "baseline written" });
    }
    let once = |ctx: &mut Ctx<'_>| {
        super::with_output(args.output.as_deref(), &paths, &more, ctx, |ctx| {
            check(args, &paths, baseline.as_deref(), ctx)
        })
    };
    if !args.watch {
        return once(ctx);
    }
    let watched: Vec<PathBuf> = paths.iter().chain(&baseline).cloned().collect();
    super::watching(&watched, args.output.as_slice(), ctx, once)
}

fn check(args: &Args, paths: &[PathBuf], baseline: Option<&Path>, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let mut config = config(args, ctx.config.as_ref(), &mut *ctx.err)?;
    if let Some(path) = baseline {
        config.baseline = Some(std::sync::Arc::new(read_baseline(path, ctx)?));
    }
    let format = args.format.or(ctx.config.as_ref().and_then(|c| c.output.format)).unwrap_or(OutputFormat::Human);
    if (args.statistics || args.group_by.is_some()) && !matches!(format, OutputFormat::Human | OutputFormat::Json) {
        let flag = if args.statistics { "--statistics" } else { "--group-by" };
        return Err(Error::Usage(format!(
            "`{flag}` is for the human and JSON formats; SARIF and GitHub output list findings"
        )));
    }
    let loaded = load_inputs(paths, args.input_format)?;
    if let Some(project) = ctx.config.as_ref().filter(|c| c.sets_levels()) {
        config.project_levels = project_levels(project, &loaded, config.baseline.as_deref());
    }
    if !args.actors.is_empty() {
        let maps = loaded.iter().filter_map(|l| l.map.as_ref());
        config.actors = Some(summary::resolve_actors(maps, &args.actors).map_err(Error::Usage)?);
    }
    if let Some(path) = &args.write_baseline {
        let inputs: Vec<Input<'_>> =
            loaded.iter().filter_map(|l| l.file.path.as_deref()).map(|p| Input { path: p, what: "map" }).collect();
        refuse_inputs(path, &inputs)?;
    }
    let report = Report::check(loaded, &config);
    let color = format == OutputFormat::Human && ctx.color_out;
    // Buffered: the JSON formats write many short pieces.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *ctx.out);
    let json = format == OutputFormat::Json;
    let quiet = Quiet { notes: ctx.quiet, summary: ctx.quieter };
    match (args.statistics, args.group_by) {
        (true, _) if json => summary::write_statistics_json(&report, &mut out),
        (true, _) => summary::write_statistics_human(&report, &mut out, color, quiet.summary),
        (false, Some(by)) if json => summary::write_groups_json(&report, by, &mut out),
        (false, Some(by)) => summary::write_groups_human(&report, by, &mut out, color, quiet),
        (false, None) => reporter(format, color, quiet).write(&report, &mut out),
    }
    .map_err(super::write_err)?;
    out.flush().map_err(super::write_err)?;
    drop(out);
    let code = match &args.write_baseline {
        Some(path) => write_baseline(path, &report, ctx)?,
        None => exit_code(&report.totals()),
    };
    super::leave(report);
    Ok(code)
}

/// The levels the project file gives each file of the run, by its name:
/// each map's, and the baseline's (for its stale entries).
fn project_levels(
    project: &Config,
    loaded: &[crate::load::Loaded],
    baseline: Option<&Baseline>,
) -> BTreeMap<String, BTreeMap<String, RuleLevel>> {
    let files = loaded.iter().map(|l| &l.file).chain(baseline.map(|b| b.file()));
    files.map(|f| (f.name.clone(), project.levels_for(f.path.as_deref()))).collect()
}
