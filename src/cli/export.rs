//! `elenchus export`: a map's framework in a foreign format.

use std::path::PathBuf;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::error::Error;
use crate::formats::{self, AfFormat};
use crate::graph::ClaimGraph;
use crate::output;
use crate::semantics::framework::{MapFramework, Support};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write a map's abstract argumentation framework in the ICCMA 2023 format,
    /// with a table of its arguments' names.
    Iccma(IccmaArgs),
    /// Write a map as Argdown (docs/interop.md): claims as titled statements,
    /// relations as relation trees or as arguments, actors and stances in YAML data.
    Argdown(MapArgs),
    /// Write a map as GraphML (docs/interop.md) for Gephi, yEd, Cytoscape and
    /// Neo4j: claims, actors and some relations as nodes, relations and stances as typed edges.
    Graphml(MapArgs),
    /// Write a map as AIF JSON (docs/interop.md): claims as I-nodes, relations as
    /// RA/CA/MA-nodes, actors as participants, stances as L- and YA-nodes.
    Aif(MapArgs),
}

// The arguments of an export that reads a map and writes one file: Argdown,
// GraphML and AIF (a plain comment: clap would take a doc comment as help).
#[derive(Debug, clap::Args)]
pub struct MapArgs {
    /// The map file (`-` reads standard input).
    pub map: PathBuf,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Write to this file; standard output without it (or with `-`).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const ICCMA_HELP: &str = "\
The framework is the one `elenchus evaluate` judges (docs/semantics.md): claims
first (argument i is the i-th claim of the map), then the arguments for undercut
relations and for linked premises. After the `p af N` header come comment lines
`# i name`, one per argument (a claim's id, or what a relation argument stands
for), then one attack `i j` a line. An external solver's answer, in argument
numbers, can be read back with the table.

Example:
  elenchus export iccma map.toml -o map.af
  elenchus af solve map.af -p EE-PR";

#[derive(Debug, clap::Args)]
#[command(after_help = ICCMA_HELP)]
pub struct IccmaArgs {
    /// The map file (`-` reads standard input).
    pub map: PathBuf,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// How `supports` relations take part: none, deductive, necessary or cayrol.
    #[arg(long, value_name = "READING", default_value = "none")]
    pub support: Support,
    /// Write to this file; standard output without it (or with `-`).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Command, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    match args {
        Command::Iccma(a) => iccma(a, ctx),
        Command::Argdown(a) => argdown(a, ctx),
        Command::Graphml(a) => graphml(a, ctx),
        Command::Aif(a) => aif(a, ctx),
    }
}

fn argdown(args: &MapArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    write_map(args, ctx, |map| formats::argdown::write(map) + "\n")
}

fn graphml(args: &MapArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    write_map(args, ctx, formats::graphml::write)
}

fn aif(args: &MapArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    write_map(args, ctx, |map| formats::aif::write(map) + "\n")
}

/// Load the map of `args` and write `render(map)` to its output.
fn write_map(
    args: &MapArgs,
    ctx: &mut Ctx<'_>,
    render: impl Fn(&crate::model::ArgMap) -> String,
) -> Result<i32, Error> {
    let to = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = to {
        output::refuse_inputs(out, &[output::Input { path: &args.map, what: "input map" }])?;
    }
    let map = load_one(&args.map, args.input_format, ctx)?;
    let text = render(&map);
    match to {
        Some(p) => {
            output::write(p, text.as_bytes())?;
        }
        None => ctx.out.write_all(text.as_bytes()).map_err(write_err)?,
    }
    Ok(EXIT_OK)
}

fn iccma(args: &IccmaArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let to = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = to {
        output::refuse_inputs(out, &[output::Input { path: &args.map, what: "input map" }])?;
    }
    let map = load_one(&args.map, args.input_format, ctx)?;
    let graph = ClaimGraph::build(&map);
    let fw = MapFramework::build(&graph, args.support)?;
    let names: Vec<String> = (0..fw.af().len() as u32).map(|a| fw.name(&map, a)).collect();
    let mut text = Vec::new();
    formats::write(&mut text, fw.af(), Some(&names), AfFormat::Iccma).map_err(write_err)?;
    match to {
        Some(p) => {
            output::write(p, &text)?;
        }
        None => ctx.out.write_all(&text).map_err(write_err)?,
    }
    super::leave((fw, graph));
    super::leave(map);
    Ok(EXIT_OK)
}
