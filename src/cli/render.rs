//! `elenchus render`: draw a map as DOT or SVG.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::output;
use crate::render::{self, Engine, EngineUsed, GroupBy, Options, Output, Scene};

const AFTER_HELP: &str = "\
The output format comes from the extension of OUT (.svg, .dot or .gv), or from
--format; without -o the drawing goes to standard output (SVG unless --format dot).
SVG is laid out by Graphviz's `dot` when it is installed, else by the builtin
engine; --verbose says which ran.

Exit codes:
  0  the drawing was written
  2  unreadable or invalid map, unknown --actor or --focus id, or bad usage";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The map file (`-` reads standard input).
    pub map: PathBuf,
    /// Write to this file (its extension gives the format); standard output without it (or
    /// with `-`). A file is replaced atomically, a symbolic link's target is written, a device
    /// is written to.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output format (default: from OUT's extension, else SVG).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Layout engine for SVG: `auto` uses Graphviz when `dot` is on the PATH.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    pub engine: EngineArg,
    /// Do not draw tensions (outlines and connectors from the checks).
    #[arg(long)]
    pub no_tensions: bool,
    /// Mark each claim with this actor's stance (affirms, denies, abstains), with a legend.
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// Add a node for each actor, with an edge for each of its stances.
    #[arg(long)]
    pub actors: bool,
    /// Group claims into clusters (by their first tag).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub group_by: Option<GroupByArg>,
    /// Draw only the neighbourhood of this claim.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// With --focus: how many relations away to go.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "focus")]
    pub depth: usize,
    /// Colour each claim by its label in the grounded labelling of the map's framework (in,
    /// out, undecided), with a legend (docs/semantics.md).
    #[arg(long)]
    pub status: bool,
    /// With --status: how `supports` relations take part (`implies` is always deductive).
    #[arg(long, value_name = "READING", default_value = "none", requires = "status",
          value_parser = clap::builder::PossibleValuesParser::new(["none", "deductive", "necessary", "cayrol"]))]
    pub support: String,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Draw again whenever the map changes, until interrupted (Ctrl-C).
    #[arg(long)]
    pub watch: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Dot,
    Svg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Auto,
    Graphviz,
    Builtin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    Tag,
}

/// The grounded label of each claim, under the `supports` reading named.
fn status(graph: &ClaimGraph<'_>, support: &str) -> Result<render::Status, Error> {
    use crate::semantics::framework::{MapFramework, Support};
    let support: Support = support.parse().map_err(Error::Usage)?;
    let fw = MapFramework::build(graph, support)?;
    let labels = crate::semantics::solve::grounded(fw.af());
    let claims = (0..graph.map.claims.len() as u32).map(|c| labels[fw.arg_of_claim(c) as usize]).collect();
    Ok(render::Status { labels: claims, what: format!("grounded; supports: {support}") })
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    match args.watch {
        true => super::watching(std::slice::from_ref(&args.map), args.output.as_slice(), ctx, |ctx| draw(args, ctx)),
        false => draw(args, ctx),
    }
}

fn draw(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    // `-o -` is standard output.
    let to = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = to {
        output::refuse_inputs(out, &[output::Input { path: &args.map, what: "input map" }])?;
        if out.is_dir() {
            return Err(Error::Usage(format!("`{}` is a directory: name the output file", out.display())));
        }
    }

    let output = match (args.format, to) {
        (Some(FormatArg::Dot), _) => Output::Dot,
        (Some(FormatArg::Svg), _) => Output::Svg,
        (None, Some(out)) => Output::from_path(out).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the output format of `{}`: name it `.svg`, `.dot` or `.gv`, or give `--format svg|dot`",
                out.display()
            ))
        })?,
        (None, None) => Output::Svg,
    };
    let map = load_one(&args.map, args.input_format, ctx)?;
    let graph = ClaimGraph::build(&map);
    let tensions = if args.no_tensions { Vec::new() } else { render::tensions(&graph) };
    let opts = Options {
        tensions: !args.no_tensions,
        actor: args.actor.clone(),
        actors: args.actors,
        group_by: args.group_by.map(|GroupByArg::Tag| GroupBy::Tag),
        focus: args.focus.clone(),
        depth: args.depth,
        status: if args.status { Some(status(&graph, &args.support)?) } else { None },
    };
    let scene = Scene::build(&graph, &opts, &tensions)?;
    if scene.is_large() && args.focus.is_none() && !ctx.quiet {
        writeln!(
            ctx.err,
            "hint: `{}` has {} claims: a full layout of so many is slow and hard to read; \
             draw the neighbourhood of one claim with `--focus ID --depth 2`",
            crate::diag::terminal_safe(&map.file.name),
            scene.map_claims
        )
        .map_err(write_err)?;
    }
    let engine = match args.engine {
        EngineArg::Auto => Engine::Auto,
        EngineArg::Graphviz => Engine::Graphviz,
        EngineArg::Builtin => Engine::Builtin,
    };
    let (text, used) = render::render(&scene, output, engine)?;
    match &used {
        EngineUsed::BuiltinFallback(why) => writeln!(
            ctx.err,
            "warning: {}; drew the SVG with the builtin engine instead",
            crate::diag::terminal_safe(why)
        )
        .map_err(write_err)?,
        _ if ctx.verbose => {
            let msg = match &used {
                EngineUsed::None => "render: wrote DOT (no layout engine needed)".to_string(),
                EngineUsed::Graphviz(p) => format!("render: engine graphviz (`{}`)", p.display()),
                EngineUsed::Builtin if engine == Engine::Auto => {
                    "render: engine builtin (Graphviz `dot` is not on the PATH)".to_string()
                }
                _ => "render: engine builtin".to_string(),
            };
            writeln!(ctx.err, "{}", crate::diag::terminal_safe(&msg)).map_err(write_err)?;
        }
        _ => {}
    }
    match to {
        Some(out) => {
            output::write(out, text.as_bytes())?;
            if ctx.verbose {
                writeln!(ctx.err, "render: wrote `{}`", crate::diag::terminal_safe(&out.display().to_string()))
                    .map_err(write_err)?;
            }
        }
        None => ctx.out.write_all(text.as_bytes()).map_err(write_err)?,
    }
    super::leave((scene, graph));
    super::leave(map);
    Ok(EXIT_OK)
}
