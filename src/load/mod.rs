//! Loading map files: bytes to text, text to a spanned tree (TOML or JSON),
//! the tree to a resolved [`ArgMap`], with every problem as a [`Diagnostic`].

pub mod json;
pub(crate) mod schema;
pub mod toml;
pub mod value;

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Level};
use crate::error::Error;
use crate::model::ArgMap;
use crate::source::{Format, SourceFile, Span};

/// The result of loading one map file: the file (for messages), the map when
/// it has no errors, and every diagnostic (errors and warnings).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: SourceFile,
    pub map: Option<ArgMap>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Warning).count()
    }
    /// The map, or an error naming the file and its number of errors.
    pub fn into_map(self) -> Result<ArgMap, Error> {
        match self.map {
            Some(m) => Ok(m),
            None => {
                let errors = self.errors();
                Err(Error::Invalid { file: self.file.name, errors })
            }
        }
    }
}

/// Load a map file; the format comes from its extension.
pub fn load_file(path: &Path) -> Result<Loaded, Error> {
    let format = Format::from_path(path).ok_or_else(|| Error::UnknownFormat(path.to_path_buf()))?;
    if path.is_dir() {
        return Err(Error::IsDirectory(path.to_path_buf()));
    }
    let bytes = read_file(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    Ok(load_bytes(path.display().to_string(), Some(path.to_path_buf()), bytes, format))
}

/// Files at least this large are read on every core.
const PARALLEL_READ_MIN: u64 = 16 << 20;

/// The bytes of a file. A large one is read in parts, one per core, each
/// into its own part of the buffer (the copying and the page faults of a file
/// of hundreds of megabytes are shared out). Anything unexpected (a file that
/// changes size while it is read, a platform without positioned reads) falls
/// back to one plain read, which also gives the error to report.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    if let Some(bytes) = read_in_parts(path) {
        return Ok(bytes);
    }
    std::fs::read(path)
}

#[cfg(unix)]
fn read_in_parts(path: &Path) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let threads = crate::par::threads();
    if len < PARALLEL_READ_MIN || threads < 2 {
        return None;
    }
    let mut buf = vec![0u8; usize::try_from(len).ok()?];
    let part = buf.len().div_ceil(threads);
    let ok = std::thread::scope(|scope| {
        let handles: Vec<_> = buf
            .chunks_mut(part)
            .enumerate()
            .map(|(i, chunk)| {
                let file = &file;
                scope.spawn(move || file.read_exact_at(chunk, (i * part) as u64).is_ok())
            })
            .collect();
        handles.into_iter().all(|h| h.join().unwrap_or(false))
    });
    // The whole file, and nothing after it (it did not grow meanwhile).
    let mut probe = [0u8; 1];
    (ok && file.read_at(&mut probe, len).ok()? == 0).then_some(buf)
}

/// Load a map from text.
pub fn load_str(name: impl Into<String>, text: impl Into<String>, format: Format) -> Loaded {
    load_text(SourceFile::new(name, None, format, text.into()))
}

/// Load a map from raw bytes: invalid UTF-8 is reported with its position,
/// and a leading byte-order mark is ignored.
pub fn load_bytes(name: String, path: Option<PathBuf>, mut bytes: Vec<u8>, format: Format) -> Loaded {
    // Drop the byte-order mark first, so that positions are the same whether
    // or not the rest of the file is valid UTF-8.
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => load_text(SourceFile::new(name, path, format, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has U+FFFD (3 bytes) in place of the bad bytes:
            // the valid prefix is unchanged, so `at` is a position in it too.
            let file = SourceFile::new(name, path, format, text);
            let end = file.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let d = Diagnostic::new(
                Code::Encoding,
                "the file is not valid UTF-8",
                Span::new(at, end),
                "invalid byte sequence here",
            )
            .with_help("save the file as UTF-8");
            Loaded { file, map: None, diagnostics: vec![d] }
        }
    }
}

/// Load a map from a [`SourceFile`].
pub fn load_text(file: SourceFile) -> Loaded {
    let rules = crate::check::rule_names();
    let (map, mut diagnostics) = {
        let parsed = match file.format {
            Format::Toml => toml::parse(&file.text),
            Format::Json => json::parse(&file.text).map_err(|e| {
                let mut d = Diagnostic::new(Code::Syntax, format!("invalid JSON: {}", e.message), e.span, e.label);
                d.help = e.help;
                vec![d]
            }),
        };
        match parsed {
            Ok(root) => schema::read(&root, &rules, file.clone()),
            Err(diags) => return Loaded { file, map: None, diagnostics: diags },
        }
    };
    diagnostics.sort_by_key(|d| d.span().start);
    let ok = !diagnostics.iter().any(|d| d.level == Level::Error);
    let map = ok.then_some(map);
    Loaded { file, map, diagnostics }
}

/// Expand paths: files are kept as given, directories are walked (sorted,
/// without following hidden entries) for `*.toml` and `*.json` files.
pub fn collect_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| Error::Io { path: p.clone(), source })?;
        if !meta.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut stack = vec![p.clone()];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
            for e in entries {
                let e = e.map_err(|source| Error::Io { path: dir.clone(), source })?;
                let path = e.path();
                if e.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let ft = e.file_type().map_err(|source| Error::Io { path: path.clone(), source })?;
                if ft.is_dir() {
                    stack.push(path);
                } else if Format::from_path(&path).is_some() {
                    found.push(path);
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        let dir = std::env::temp_dir().join(format!("elenchus-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.json");
        let len = super::PARALLEL_READ_MIN as usize + 12_345;
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let read = super::read_file(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read.len(), bytes.len());
        assert!(read == bytes, "the parts are in their places");
        assert!(super::read_file(&dir.join("missing.json")).is_err());
    }
}
