//! `elenchus completions SHELL` and `elenchus man`: shell completion scripts
//! and a man page, generated from the command-line definitions
//! (`clap_complete`, `clap_mangen`), so that they always match the commands.

use clap::{CommandFactory, ValueEnum};

use super::{Cli, Ctx, EXIT_OK, write_err};
use crate::error::Error;

/// A shell to complete in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = COMPLETIONS_HELP)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish or powershell.
    #[arg(value_enum)]
    pub shell: Shell,
}

const COMPLETIONS_HELP: &str = "\
Examples:
  elenchus completions bash > ~/.local/share/bash-completion/completions/elenchus
  elenchus completions zsh > ~/.zfunc/_elenchus        # with fpath+=(~/.zfunc) before compinit
  elenchus completions fish > ~/.config/fish/completions/elenchus.fish
  elenchus completions powershell >> $PROFILE

Exit codes:
  0  success
  2  bad usage, or output that cannot be written";

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  elenchus man > elenchus.1 && man -l elenchus.1\n\n".to_string() + super::AFTER_HELP_SIMPLE)]
pub struct ManArgs {}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "elenchus", &mut out);
    out
}

/// The man page `elenchus(1)` (roff): the global options, and each command
/// with its summary in the SUBCOMMANDS section (`elenchus help COMMAND`
/// gives a command's options).
pub fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a vector does not fail.
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    out
}

pub fn run_completions(args: &CompletionsArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    ctx.out.write_all(&completions(args.shell)).map_err(write_err)?;
    Ok(EXIT_OK)
}

pub fn run_man(_: &ManArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    ctx.out.write_all(&man_page()).map_err(write_err)?;
    Ok(EXIT_OK)
}
