//! The project file, `elenchus.toml`: the paths to check, rule levels, the
//! baseline, output defaults and per-path overrides (docs/configuration.md).
//!
//! [`discover`] finds the file by walking up from a directory; [`load_file`]
//! reads it, every problem a [`Diagnostic`] with its place, as for maps.
//! The commands apply it: the command line wins over a map's own
//! `[checks]`, which wins over the project file's overrides, which win over
//! its `[checks]`, which win over each rule's default level.

mod read;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Level};
use crate::error::Error;
use crate::model::RuleLevel;
use crate::report::OutputFormat;
use crate::source::{Format, SourceFile};

/// The name of the project file.
pub const FILE_NAME: &str = "elenchus.toml";

/// When to colour output, as the project file may set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// The project file's `[output]` table: defaults for options the command
/// line may give.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputDefaults {
    /// `check --format`.
    pub format: Option<OutputFormat>,
    /// `check --max-findings` (0: no cap).
    pub max_findings: Option<usize>,
    /// `--color`.
    pub color: Option<Color>,
}

/// One `[[overrides]]` entry: rule levels for the maps its patterns match.
#[derive(Clone, Debug)]
pub struct Override {
    /// The patterns as written.
    pub paths: Vec<String>,
    patterns: Vec<glob::Pattern>,
    pub checks: BTreeMap<String, RuleLevel>,
}

impl Override {
    /// Whether one of the patterns matches `rel`, a path relative to the
    /// project directory: the path itself or a directory it is in; a pattern
    /// without `/` matches a name at any depth (docs/configuration.md).
    pub fn matches(&self, rel: &Path) -> bool {
        self.patterns.iter().any(|p| pattern_matches(p, rel))
    }
}

/// A project file as read.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file, for messages.
    pub file: SourceFile,
    /// The directory the file is in: its relative paths and patterns are
    /// relative to it.
    pub root: PathBuf,
    /// `paths`: checked when a command is given none, as written.
    pub paths: Vec<PathBuf>,
    /// `baseline`: the baseline file of `check`, as written.
    pub baseline: Option<PathBuf>,
    /// `[checks]`: rule levels for every map.
    pub checks: BTreeMap<String, RuleLevel>,
    /// `[output]`.
    pub output: OutputDefaults,
    /// `[[overrides]]`, in file order: a later entry wins over an earlier one.
    pub overrides: Vec<Override>,
}

/// A project file as loaded: the file, the configuration when the file has
/// no errors, and every problem in it.
#[derive(Debug)]
pub struct LoadedConfig {
    pub file: SourceFile,
    pub config: Option<Config>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedConfig {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }
}

/// The project file that applies in `dir`: `elenchus.toml` in `dir` or the
/// nearest directory above it that has one; as a path relative to `dir`
/// (`elenchus.toml`, `../../elenchus.toml`), which is how messages name it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let up = dir.ancestors().position(|d| d.join(FILE_NAME).is_file())?;
    let mut p: PathBuf = std::iter::repeat_n(Component::ParentDir, up).collect();
    p.push(FILE_NAME);
    Some(p)
}

/// Read a project file from disk. Its relative paths are taken relative to
/// the directory it is in (made absolute against the current directory).
pub fn load_file(path: &Path) -> Result<LoadedConfig, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory(path.to_path_buf()));
    }
    let bytes = crate::load::read_file(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let abs = absolute(path);
    let root = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(load_bytes(path.display().to_string(), Some(path.to_path_buf()), bytes, root))
}

/// Read a project file from text, as if it were in directory `root`.
pub fn load_str(name: impl Into<String>, text: impl Into<String>, root: impl Into<PathBuf>) -> LoadedConfig {
    load_bytes(name.into(), None, text.into().into_bytes(), root.into())
}

fn load_bytes(name: String, path: Option<PathBuf>, bytes: Vec<u8>, root: PathBuf) -> LoadedConfig {
    let file = match crate::load::decode(name, path, bytes, Format::Toml) {
        Ok(file) => file,
        Err(bad) => {
            let (file, d) = *bad;
            return LoadedConfig { file, config: None, diagnostics: vec![d] };
        }
    };
    let (parts, mut diagnostics) = match crate::load::toml::parse_whole(&file.text) {
        Ok(root_value) => read::read(&root_value, &file),
        Err(diags) => (read::Parts::default(), diags),
    };
    diagnostics.sort_by_key(|d| d.span().start);
    let ok = !diagnostics.iter().any(|d| d.level == Level::Error);
    let config = ok.then(|| Config {
        file: file.clone(),
        root: normalize(&root),
        paths: parts.paths,
        baseline: parts.baseline,
        checks: parts.checks,
        output: parts.output,
        overrides: parts.overrides,
    });
    LoadedConfig { file, config, diagnostics }
}

impl Config {
    /// The rule levels the project file gives the map at `path` (relative to
    /// the current directory, or absolute): `[checks]`, then every override
    /// whose patterns match it, in file order, each over the one before.
    /// Standard input (`None`) gets `[checks]` only.
    pub fn levels_for(&self, path: Option<&Path>) -> BTreeMap<String, RuleLevel> {
        let mut levels = self.checks.clone();
        if let Some(rel) = path.and_then(|p| self.relative(p)) {
            for o in self.overrides.iter().filter(|o| o.matches(&rel)) {
                levels.extend(o.checks.iter().map(|(k, v)| (k.clone(), *v)));
            }
        }
        levels
    }

    /// Whether the project file sets any rule level.
    pub fn sets_levels(&self) -> bool {
        !self.checks.is_empty() || self.overrides.iter().any(|o| !o.checks.is_empty())
    }

    /// `path` relative to the project directory, when it is inside it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        normalize(&absolute(path)).strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// A path the project file names (`paths`, `baseline`), as the commands
    /// open it: relative to the current directory when the project
    /// directory is the current directory or above it, else absolute.
    pub fn resolve(&self, written: &Path) -> PathBuf {
        if written.is_absolute() {
            return written.to_path_buf();
        }
        let cwd = std::env::current_dir().map(|d| normalize(&d)).unwrap_or_default();
        match cwd.strip_prefix(&self.root) {
            Ok(below) => {
                let mut p: PathBuf = below.components().map(|_| Component::ParentDir).collect();
                p.push(written);
                p
            }
            Err(_) => self.root.join(written),
        }
    }

    /// The paths to check when a command is given none.
    pub fn default_paths(&self) -> Vec<PathBuf> {
        self.paths.iter().map(|p| self.resolve(p)).collect()
    }
}

/// Whether a pattern matches a path relative to the project directory: the
/// path itself or a directory it is in (`maps/drafts` and `maps/drafts/**`
/// both match `maps/drafts/a.toml`); a pattern without `/` matches a file
/// or directory name at any depth (`*.draft.toml`), as in `.gitignore`.
fn pattern_matches(p: &glob::Pattern, rel: &Path) -> bool {
    let opts = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if !p.as_str().contains('/') {
        return parts.iter().any(|part| p.matches_with(part, opts));
    }
    (1..=parts.len()).any(|n| p.matches_with(&parts[..n].join("/"), opts))
}

/// `path` made absolute against the current directory.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// `.` and `..` taken out of a path by its text (symbolic links are not followed).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}
