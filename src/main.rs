//! The `elenchus` command: parse the arguments, run, print, exit.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use elenchus::cli::StdStream;

/// The command's allocator. Reading and checking a map makes hundreds of
/// thousands of small allocations, which mimalloc serves in fewer
/// instructions than the system's allocator. Built without transparent huge
/// pages: where the kernel compacts memory to make one, a large map's run
/// paid seconds of system time. Measured in docs/performance.md ("The
/// allocator").
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether standard output was closed when the process started (`>&-`).
/// The Rust runtime reopens a closed standard stream on `/dev/null` before
/// `main` runs, where writes vanish; so this is looked at earlier, by an
/// initialiser of the program, and such an output then fails every write.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn see_stdout() {
    // SAFETY: `fcntl(F_GETFD)` only asks whether the descriptor is open.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

#[cfg(unix)]
#[used]
#[cfg_attr(not(target_vendor = "apple"), unsafe(link_section = ".init_array"))]
#[cfg_attr(target_vendor = "apple", unsafe(link_section = "__DATA,__mod_init_func"))]
static SEE_STDOUT: extern "C" fn() = see_stdout;

fn main() {
    let cli = elenchus::cli::Cli::parse();
    let mut out = StdStream::new(std::io::stdout().lock(), STDOUT_CLOSED.load(Ordering::Relaxed));
    let mut err = StdStream::new(std::io::stderr(), false);
    let code = match elenchus::cli::run(cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) => {
            drop(out);
            let _ = writeln!(err, "error: {}", elenchus::diag::terminal_safe(&e.to_string()));
            elenchus::cli::EXIT_INVALID
        }
    };
    std::process::exit(code);
}
