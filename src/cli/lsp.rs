//! `elenchus lsp`: run the language server on standard input and output.

use super::Ctx;
use crate::error::Error;

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run a language server (LSP) on standard input and output, for editors: diagnostics \
                  (validate and check) as you type, go to definition, references, completion, hover, \
                  rename, code actions, symbols and folding for TOML and JSON maps. docs/editors.md \
                  shows how to set up VS Code, Neovim, Helix and Emacs.",
    after_help = "Exit codes:\n  0  the client sent `shutdown` then `exit`\n  1  the client exited without `shutdown`, or closed the input\n  2  standard input or output failed"
)]
pub struct Args {
    /// Accepted for clients that pass it (the server always speaks over standard input and output).
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: &Args, _ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    crate::lsp::run(std::io::stdin(), std::io::stdout())
        .map_err(|source| Error::Write { path: "<stdout>".into(), source })
}
