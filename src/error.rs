//! The library's error type.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Errors of the library's operations. Problems *inside* a map file are
/// [`Diagnostic`](crate::diag::Diagnostic)s, not errors; an operation that
/// needs a valid map fails with [`Error::Invalid`] when the file has errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write `{path}`: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("`{0}` is a directory, not a map file")]
    IsDirectory(PathBuf),
    #[error("cannot tell the format of `{0}`: map files end in `.toml`, `.json` or `.argdown`")]
    UnknownFormat(PathBuf),
    #[error("`{file}` has {errors} error(s)")]
    Invalid { file: String, errors: usize },
    #[error("{0}")]
    Usage(String),
    /// Bad rows in an imported file (such as a votes CSV): every problem
    /// found (up to a limit), with its line; `total` counts them all.
    #[error("{}", describe_problems(.file, .problems, *.total))]
    Import { file: String, problems: Vec<RowProblem>, total: usize },
    #[error(
        "Graphviz is not installed (`dot` was not found on the PATH): install it with `apt-get install graphviz` \
         (Debian, Ubuntu) or `brew install graphviz` (macOS), see https://graphviz.org/download/, \
         or render with `--engine builtin`"
    )]
    GraphvizMissing,
    #[error("Graphviz `dot` failed: {0}")]
    Graphviz(String),
    #[error("{0}")]
    Other(String),
}

/// A bad row of an imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line where the record starts (the header is line 1).
    pub line: usize,
    pub message: String,
}

impl RowProblem {
    pub fn new(line: usize, message: impl Into<String>) -> RowProblem {
        RowProblem { line, message: message.into() }
    }
}

/// `file:line: message`, one per line, with a count of those left out.
pub fn describe_problems(file: &str, problems: &[RowProblem], total: usize) -> String {
    let mut s = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = write!(s, "{file}:{}: {}", p.line, p.message);
    }
    if total > problems.len() {
        let _ = write!(s, "\n{file}: ... and {} more bad rows", total - problems.len());
    }
    s
}
