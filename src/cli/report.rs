//! `elenchus report`: the interactive HTML report of a map.

use std::path::PathBuf;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::output;
use crate::render::{Engine, EngineUsed};
use crate::report_html::{self, Options};

const AFTER_HELP: &str = "\
One self-contained HTML file (no network: the drawing, the data, the script and
the style sheet are all inside): the map drawn, with pan and zoom and a search
box; a panel per claim with its relations and every actor's stance; the findings
of `check`, grouped by rule and actor, each showing its chain on the drawing;
filters by actor and by rule; each claim's grounded status; the stances matrix
and agreement heat map. The URL fragment selects a claim, an actor or a finding
(`report.html#claim=ID`, `#actor=ID`, `#finding=N`). Without -o the HTML goes
to standard output.

Exit codes:
  0  the report was written (whatever the findings)
  2  unreadable or invalid map, or bad usage, or output that cannot be written";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The map file (`-` reads standard input).
    pub map: PathBuf,
    /// Write to this file (replaced atomically; never one of the inputs); standard output without it.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Layout engine of the drawing: `auto` uses Graphviz when `dot` is on the PATH.
    #[arg(long, value_enum, default_value_t = super::render::EngineArg::Auto)]
    pub engine: super::render::EngineArg,
    /// Leave out each claim's acceptability status.
    #[arg(long)]
    pub no_status: bool,
    /// How `supports` relations take part in the status (`implies` is always deductive).
    #[arg(long, value_name = "READING", default_value = "none", conflicts_with = "no_status",
          value_parser = clap::builder::PossibleValuesParser::new(["none", "deductive", "necessary", "cayrol"]))]
    pub support: String,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    if let Some(out) = &args.output {
        output::refuse_inputs(out, &[output::Input { path: &args.map, what: "input map" }])?;
        if out.is_dir() {
            return Err(Error::Usage(format!("`{}` is a directory: name the output file", out.display())));
        }
    }
    let support = args.support.parse().map_err(Error::Usage)?;
    let map = load_one(&args.map, args.input_format, ctx)?;
    let graph = ClaimGraph::build(&map);
    let engine = match args.engine {
        super::render::EngineArg::Auto => Engine::Auto,
        super::render::EngineArg::Graphviz => Engine::Graphviz,
        super::render::EngineArg::Builtin => Engine::Builtin,
    };
    let opts = Options { engine, status: (!args.no_status).then_some(support), ..Options::default() };
    let report = report_html::build(&graph, &opts)?;
    if let EngineUsed::BuiltinFallback(why) = &report.engine {
        writeln!(ctx.err, "warning: {}; drew the map with the builtin engine instead", crate::diag::terminal_safe(why))
            .map_err(write_err)?;
    }
    match &args.output {
        Some(out) => {
            output::write(out, report.html.as_bytes())?;
            if !ctx.quiet {
                writeln!(
                    ctx.err,
                    "report: wrote `{}` ({} bytes, {} finding{})",
                    crate::diag::terminal_safe(&out.display().to_string()),
                    report.html.len(),
                    report.findings,
                    if report.findings == 1 { "" } else { "s" }
                )
                .map_err(write_err)?;
            }
        }
        None => ctx.out.write_all(report.html.as_bytes()).map_err(write_err)?,
    }
    super::leave((report, graph));
    super::leave(map);
    Ok(EXIT_OK)
}
