//! `elenchus render`: draw a map as DOT or SVG.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::output;
use crate::render::{self, Engine, EngineUsed, GroupBy, Options, Output, Scene};

const AFTER_HELP: &str = "\
The output format comes from the extension of OUT (.svg, .dot, .gv, .png or
.pdf), or from --format; without -o the drawing goes to standard output (SVG
unless --format says otherwise; PNG and PDF never to a terminal). SVG is laid
out by Graphviz's `dot` when it is installed, else by the builtin engine;
--verbose says which ran. PNG and PDF are made by Graphviz (`dot -Tpng`,
`dot -Tpdf`); without it, draw DOT and convert it where Graphviz is:
  elenchus render MAP --format dot | dot -Tpng -o map.png

Tensions: --actor ID draws only that actor's tensions, --rule RULE only those
of the rules named, and --max-tensions N at most N of them (errors first, then
by rule name, then by position in the file), with a line in the drawing and on
standard error (unless -q) counting those left out per rule.

Exit codes:
  0  the drawing was written
  2  unreadable or invalid map, unknown --actor or --focus id, unknown --rule,
     PNG or PDF without Graphviz (or with --engine builtin), or bad usage";

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
    /// Output format (default: from OUT's extension, else SVG); `png` and `pdf` need Graphviz.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Layout engine for SVG: `auto` uses Graphviz when `dot` is on the PATH.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    pub engine: EngineArg,
    /// Do not draw tensions (outlines and connectors from the checks).
    #[arg(long)]
    pub no_tensions: bool,
    /// Mark each claim with this actor's stance (affirms, denies, abstains), with a legend,
    /// and draw only this actor's tensions.
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// Draw only the tensions of this rule (repeatable; `elenchus rules` lists them).
    #[arg(long, value_name = "RULE")]
    pub rule: Vec<String>,
    /// Draw at most N tensions: errors first, then by rule name, then by position in the map
    /// file. A line in the drawing (and on standard error) says what was left out.
    #[arg(long, value_name = "N")]
    pub max_tensions: Option<usize>,
    /// Add a node for each actor, with an edge for each of its stances; with more than 12
    /// actors, an actor-by-claim stance matrix beside the map instead.
    #[arg(long)]
    pub actors: bool,
    /// With --actors: draw the stances as one node per actor, as a matrix, or (auto) as a
    /// matrix when more than 12 actors have stances on drawn claims.
    #[arg(long, value_enum, value_name = "FORM", default_value_t = ActorsAs::Auto, requires = "actors")]
    pub actors_as: ActorsAs,
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
    Png,
    Pdf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ActorsAs {
    Auto,
    Nodes,
    Matrix,
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
        (Some(FormatArg::Png), _) => Output::Png,
        (Some(FormatArg::Pdf), _) => Output::Pdf,
        (None, Some(out)) => Output::from_path(out).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the output format of `{}`: name it `.svg`, `.dot`, `.gv`, `.png` or `.pdf`, \
                 or give `--format svg|dot|png|pdf`",
                out.display()
            ))
        })?,
        (None, None) => Output::Svg,
    };
    if output.is_binary() && to.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(format!(
            "will not write {} to a terminal: give `-o FILE` or redirect standard output",
            if output == Output::Png { "PNG" } else { "PDF" }
        )));
    }
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
        rules: args.rule.clone(),
        max_tensions: args.max_tensions,
        actors_matrix: match args.actors_as {
            ActorsAs::Auto => None,
            ActorsAs::Nodes => Some(false),
            ActorsAs::Matrix => Some(true),
        },
    };
    let scene = Scene::build(&graph, &opts, &tensions)?;
    for r in &args.rule {
        if let Some(new) = crate::check::renamed(r) {
            writeln!(ctx.err, "warning: {}", crate::check::rename_note(r, new)).map_err(write_err)?;
        }
    }
    if let Some(caption) = &scene.caption
        && !ctx.quiet
    {
        writeln!(ctx.err, "note: {}", crate::diag::terminal_safe(caption)).map_err(write_err)?;
    }
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
    let (text, used) = render::render_bytes(&scene, output, engine)?;
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
            output::write(out, &text)?;
            if ctx.verbose {
                writeln!(ctx.err, "render: wrote `{}`", crate::diag::terminal_safe(&out.display().to_string()))
                    .map_err(write_err)?;
            }
        }
        None => ctx.out.write_all(&text).map_err(write_err)?,
    }
    super::leave((scene, graph));
    super::leave(map);
    Ok(EXIT_OK)
}
