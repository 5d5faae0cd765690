//! `elenchus af`: abstract argumentation frameworks in the ICCMA 2023 and
//! apx formats.

use std::path::{Path, PathBuf};

use super::{Ctx, EXIT_OK, write_err};
use crate::error::Error;
use crate::formats::iccma::{self, Task};
use crate::formats::{self, AfFormat, NamedAf};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Answer an ICCMA task on a framework file (ICCMA 2023 or apx).
    Solve(SolveArgs),
}

const SOLVE_HELP: &str = "\
Tasks: XX-YY with XX one of
  DC  credulous acceptance of the argument -a: YES and a line `w ...` naming an
      extension that contains it, or NO
  DS  sceptical acceptance of the argument -a: YES, or NO and a line `w ...`
      naming an extension without it
  SE  some extension: `w ...`, or NO when there is none (stable only)
  EE  every extension: one `w ...` line each (at most --limit), NO when there is none
  CE  the number of extensions
and YY one of CO (complete), GR (grounded), PR (preferred), ST (stable),
SST (semi-stable), STG (stage), ID (ideal). A framework without stable
extensions accepts every argument sceptically under ST (DS-ST says YES).

Formats: ICCMA 2023 (`p af N`, then one attack `i j` a line, arguments 1..N,
`#` comment lines) for files ending in .af, .i23 or .iccma; ASPARTIX apx
(`arg(a).`, `att(a,b).`, `%` comments) for .apx; --fo for others and for
standard input. Arguments are named by number (ICCMA) or by name (apx), in -a
and in the answer. A bad file is reported with the line and column of every
problem (exit code 2).

Example:
  elenchus af solve fw.af -p DC-PR -a 3

Exit codes:
  0  the task was answered (YES and NO alike)
  2  unreadable or invalid input, or bad usage, or output that cannot be written";

#[derive(Debug, clap::Args)]
#[command(after_help = SOLVE_HELP)]
pub struct SolveArgs {
    /// The framework file (`-` reads standard input, with --fo).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The task, such as DC-PR or EE-ST (see below).
    #[arg(short = 'p', long = "problem", value_name = "TASK")]
    pub task: Task,
    /// The argument of DC and DS: its number (ICCMA) or name (apx).
    #[arg(short = 'a', long = "argument", value_name = "ARG")]
    pub argument: Option<String>,
    /// The file's format [default: from its extension].
    #[arg(long = "fo", value_name = "FORMAT", value_enum)]
    pub format: Option<AfFormat>,
    /// EE: stop after this many extensions.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
}

pub fn run(args: &Command, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    match args {
        Command::Solve(a) => solve(a, ctx),
    }
}

/// Read a framework file (`-`: standard input), its diagnostics written to
/// the error stream.
pub fn read_framework(path: &Path, format: Option<AfFormat>, ctx: &mut Ctx<'_>) -> Result<NamedAf, Error> {
    let format = match format.or_else(|| AfFormat::from_path(path)) {
        Some(f) => f,
        None if path.as_os_str() == "-" => {
            return Err(Error::Usage("reading a framework from standard input (`-`) needs `--fo iccma|apx`".into()));
        }
        None => {
            return Err(Error::Usage(format!(
                "cannot tell the format of `{}`: framework files end in `.af`, `.i23`, `.iccma` (ICCMA 2023) or \
                 `.apx`; or give `--fo iccma|apx`",
                path.display()
            )));
        }
    };
    let (name, file, bytes) = if path.as_os_str() == "-" {
        let bytes = crate::load::read_bounded(std::io::stdin().lock(), crate::load::max_file_size())
            .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
        ("<stdin>".to_string(), None, bytes)
    } else {
        if path.is_dir() {
            return Err(Error::IsDirectory(path.to_path_buf()));
        }
        let bytes = crate::load::read_file(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        (path.display().to_string(), Some(path.to_path_buf()), bytes)
    };
    match formats::read(name, file, bytes, format) {
        Ok(naf) => Ok(naf),
        Err(bad) => {
            let style = crate::diag::Style { color: ctx.color_err };
            for d in bad.diagnostics.iter().take(crate::diag::MAX_RENDERED) {
                ctx.err.write_all(d.render(&bad.file, style).as_bytes()).map_err(write_err)?;
            }
            if let Some(more) = crate::diag::more_line(&bad.file.name, bad.total) {
                ctx.err.write_all(more.as_bytes()).map_err(write_err)?;
            }
            Err(Error::Invalid { file: bad.file.name.clone(), errors: bad.total })
        }
    }
}

fn solve(args: &SolveArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let task = args.task;
    match (task.problem.needs_argument(), &args.argument) {
        (true, None) => return Err(Error::Usage(format!("{task} needs an argument: `-a ARG`"))),
        (false, Some(_)) => return Err(Error::Usage(format!("{task} takes no argument (`-a` is for DC and DS)"))),
        _ => {}
    }
    if args.limit.is_some() && task.problem != iccma::Problem::Ee {
        return Err(Error::Usage("`--limit` is for EE (enumeration) only".into()));
    }
    let naf = read_framework(&args.file, args.format, ctx)?;
    let arg = match &args.argument {
        Some(a) => Some(naf.find(a).ok_or_else(|| {
            let what = if naf.names.is_some() {
                "no `arg(...)` of that name".to_string()
            } else {
                format!("the arguments are 1..={}", naf.af.len())
            };
            Error::Usage(format!("`{a}` is not an argument of `{}` ({what})", args.file.display()))
        })?),
        None => None,
    };
    let limit = args.limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX));
    let done = iccma::answer(&naf, task, arg, limit, ctx.out).map_err(write_err)?;
    if !done.complete && !ctx.quiet {
        writeln!(ctx.err, "stopped after {} extensions (--limit); there are more", limit.unwrap_or(0))
            .map_err(write_err)?;
    }
    super::leave(naf);
    Ok(EXIT_OK)
}
