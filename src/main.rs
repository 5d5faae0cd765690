//! The `elenchus` command: parse the arguments, run, print, exit.

use clap::Parser;

fn main() {
    let cli = elenchus::cli::Cli::parse();
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let code = match elenchus::cli::run(cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) => {
            drop(out);
            eprintln!("error: {e}");
            elenchus::cli::EXIT_INVALID
        }
    };
    std::process::exit(code);
}
