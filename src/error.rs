//! The library's error type.

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
    #[error("{}", crate::formats::votes::describe_problems(.file, .problems, *.total))]
    Import { file: String, problems: Vec<crate::formats::votes::RowProblem>, total: usize },
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
