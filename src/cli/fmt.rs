//! `elenchus fmt`: format TOML and JSON maps in place, or check that they are formatted.

use std::path::{Path, PathBuf};

use super::{Ctx, EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, InputFormat, plural, write_err};
use crate::error::Error;
use crate::fmt::{DEFAULT_WIDTH, Options};
use crate::load::{self, Loaded};
use crate::source::Format;

const AFTER_HELP: &str = "\
Exit codes:
  0  every map is formatted (or was formatted now)
  1  `--check`: a map is not formatted (its diff is on standard output)
  2  a map is not valid TOML or JSON, or unreadable input, or bad usage, or output that cannot be written";

const BOM: &[u8] = b"\xef\xbb\xbf";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Map files or directories (walked for `*.toml` and `*.json`); `-` formats standard input to
    /// standard output.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Change no file: print a unified diff for each map that is not formatted, and exit 1 if any is not.
    #[arg(long)]
    pub check: bool,
    /// The longest line an array is kept on; a longer array is written one item per line.
    #[arg(long, value_name = "CHARS", default_value_t = DEFAULT_WIDTH as u32,
          value_parser = clap::value_parser!(u32).range(10..=100_000))]
    pub width: u32,
    /// Format of standard input: `toml` (the default) or `json`.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let opts = Options { width: args.width as usize };
    let (mut seen, mut changed, mut invalid) = (0, 0, 0);
    for p in &args.paths {
        if p.as_os_str() == "-" {
            let format: Format = match args.input_format.unwrap_or(InputFormat::Toml) {
                InputFormat::Argdown => {
                    return Err(Error::Usage("`fmt` formats TOML and JSON maps, not Argdown".into()));
                }
                f => f.into(),
            };
            let bytes = load::read_bounded(std::io::stdin().lock(), load::max_file_size())
                .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
            seen += 1;
            match format_bytes("<stdin>", None, bytes, format, &opts) {
                Err(bad) => {
                    invalid += 1;
                    super::write_diagnostics(&bad, ctx.err, ctx.color_err)?;
                }
                Ok((old, new)) => {
                    if args.check {
                        if old != new {
                            changed += 1;
                            write_diff(ctx, "<stdin>", &old, &new)?;
                        }
                    } else {
                        ctx.out.write_all(&new).map_err(write_err)?;
                    }
                }
            }
            continue;
        }
        let named = load::collect_paths(std::slice::from_ref(p))?;
        let walked = named.len() != 1 || named[0] != *p;
        let files: Vec<PathBuf> = named
            .into_iter()
            .filter(|f| !walked || matches!(Format::from_path(f), Some(Format::Toml | Format::Json)))
            .collect();
        if files.is_empty() {
            return Err(Error::Usage(format!("no `.toml` or `.json` map files under `{}`", p.display())));
        }
        for f in files {
            let format = match Format::from_path(&f) {
                Some(x @ (Format::Toml | Format::Json)) => x,
                _ => {
                    return Err(Error::Usage(format!(
                        "`{}`: `fmt` formats TOML and JSON maps (`.toml`, `.json`)",
                        f.display()
                    )));
                }
            };
            seen += 1;
            let lock = if args.check { None } else { Some(crate::output::Locked::open(&f)?) };
            let bytes = match &lock {
                Some(l) => l.bytes().to_vec(),
                None => load::read_file(&f).map_err(|source| Error::Io { path: f.clone(), source })?,
            };
            if bytes.len() as u64 > load::max_file_size() {
                return Err(Error::Io {
                    path: f.clone(),
                    source: std::io::Error::other(format!(
                        "the file is larger than the maximum map size, {}",
                        load::format_size(load::max_file_size())
                    )),
                });
            }
            let name = f.display().to_string();
            match format_bytes(&name, Some(&f), bytes, format, &opts) {
                Err(bad) => {
                    invalid += 1;
                    super::write_diagnostics(&bad, ctx.err, ctx.color_err)?;
                }
                Ok((old, new)) if old == new => {}
                Ok((old, new)) => {
                    changed += 1;
                    if args.check {
                        write_diff(ctx, &name, &old, &new)?;
                    } else if let Some(lock) = &lock {
                        crate::output::write_with(&f, &new, || lock.check_unchanged())?;
                    }
                }
            }
        }
    }
    // Standard input alone: its output is the formatted text (or the diff) only.
    let only_stdin = args.paths.iter().all(|p| p.as_os_str() == "-");
    if !ctx.quiet && !only_stdin {
        let maps = plural(seen, "map", "maps");
        let line = match (args.check, changed) {
            (true, 0) => format!("ok: {maps} formatted"),
            (true, n) => format!("{n} of {maps} not formatted: run `elenchus fmt` on them"),
            (false, n) => format!("formatted {n} of {maps}"),
        };
        let line = if invalid > 0 { format!("{line}; {} not valid", plural(invalid, "map", "maps")) } else { line };
        writeln!(ctx.err, "{line}").map_err(write_err)?;
    }
    Ok(if invalid > 0 {
        EXIT_INVALID
    } else if args.check && changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The file's bytes and their formatted form, or the file with its problems.
fn format_bytes(
    name: &str,
    path: Option<&Path>,
    bytes: Vec<u8>,
    format: Format,
    opts: &Options,
) -> Result<(Vec<u8>, Vec<u8>), Box<Loaded>> {
    let old = bytes.clone();
    let bom = bytes.starts_with(BOM);
    let file = match load::decode(name.to_string(), path.map(Path::to_path_buf), bytes, format) {
        Ok(file) => file,
        Err(bad) => {
            let (file, d) = *bad;
            return Err(Box::new(Loaded { file, map: None, diagnostics: vec![d] }));
        }
    };
    match crate::fmt::format_text(&file.text, format, opts) {
        Ok(text) => {
            let mut new = if bom { BOM.to_vec() } else { Vec::new() };
            new.extend_from_slice(text.as_bytes());
            Ok((old, new))
        }
        Err(diagnostics) => Err(Box::new(Loaded { file, map: None, diagnostics })),
    }
}

fn write_diff(ctx: &mut Ctx<'_>, name: &str, old: &[u8], new: &[u8]) -> Result<(), Error> {
    let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
    ctx.out.write_all(crate::fmt::unified_diff(name, &old, &new).as_bytes()).map_err(write_err)
}
