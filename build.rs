//! Tells the tests whether Graphviz is installed: `cfg(graphviz)` is set
//! when a `dot` executable is on the PATH at build time. The tests that need
//! Graphviz are marked `#[cfg_attr(not(graphviz), ignore = "...")]`, so that
//! without it `cargo test` lists them as `ignored, skipped: Graphviz not
//! installed` rather than as passing. The library does not use the cfg.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(graphviz)");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<_> = std::env::split_paths(&path).collect();
    let names: &[&str] = if cfg!(windows) { &["dot.exe", "dot"] } else { &["dot"] };
    let found = dirs.iter().flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| is_executable(p));
    match found {
        Some(dot) => {
            println!("cargo::rustc-cfg=graphviz");
            // Looked at again when `dot` changes or goes away.
            println!("cargo::rerun-if-changed={}", dot.display());
        }
        None => {
            // Looked at again when a directory of the PATH changes (Graphviz installed).
            for d in dirs.iter().filter(|d| d.is_dir()) {
                println!("cargo::rerun-if-changed={}", d.display());
            }
            if dirs.is_empty() {
                println!("cargo::rerun-if-env-changed=PATH");
            }
        }
    }
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}
