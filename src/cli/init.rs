//! `elenchus init [PATH]`: write the starter map.

use std::path::PathBuf;

use super::{Ctx, EXIT_OK, write_err};
use crate::error::Error;
use crate::output;
use crate::starter::{STARTER_MAP, next_steps};

#[derive(Debug, clap::Args)]
#[command(after_help = super::AFTER_HELP_SIMPLE)]
pub struct Args {
    /// The map file to create (a `.toml` file that does not exist yet).
    #[arg(default_value = "map.toml")]
    pub path: PathBuf,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let path = &args.path;
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        return Err(Error::Usage(format!("the starter map is TOML: name a `.toml` file, not `{}`", path.display())));
    }
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::Usage(format!(
            "`{}` already exists: `elenchus init` does not overwrite a file; name a new one",
            path.display()
        )));
    }
    output::write(path, STARTER_MAP.as_bytes())?;
    if !ctx.quiet {
        let shown = path.display().to_string();
        let text = format!("Wrote a starter map to {shown}.\n{}", next_steps(&shown));
        ctx.out.write_all(text.as_bytes()).map_err(write_err)?;
    }
    Ok(EXIT_OK)
}
