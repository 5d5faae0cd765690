//! Loading map files: bytes to text, text to a spanned tree (TOML or JSON),
//! the tree to a resolved [`ArgMap`], with every problem as a [`Diagnostic`].

mod deferred;
pub mod json;
pub(crate) mod schema;
pub mod toml;
pub mod value;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Load a map file; the format comes from its extension. Any kind of file
/// named this way is read (a named pipe such as `<(...)` too), up to
/// [`max_file_size`] bytes.
pub fn load_file(path: &Path) -> Result<Loaded, Error> {
    let format = Format::from_path(path).ok_or_else(|| Error::UnknownFormat(path.to_path_buf()))?;
    if path.is_dir() {
        return Err(Error::IsDirectory(path.to_path_buf()));
    }
    let bytes = read_file(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    Ok(load_bytes(path.display().to_string(), Some(path.to_path_buf()), bytes, format))
}

/// Load a map file found by walking a directory: only a regular file (after
/// following symbolic links) is read. A directory, a named pipe, a socket or a
/// device is an [`Error::Io`] naming what it is, and is not opened, so that a
/// named pipe cannot block the walk and a device cannot be read without end.
pub fn load_regular_file(path: &Path) -> Result<Loaded, Error> {
    let format = Format::from_path(path).ok_or_else(|| Error::UnknownFormat(path.to_path_buf()))?;
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(not_regular(&meta)));
    }
    let file = open_nonblocking(path).map_err(io)?;
    // Checked again on the file opened: it may have been replaced meanwhile.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(io(not_regular(&meta)));
    }
    let bytes = read_open(file, &meta).map_err(io)?;
    Ok(load_bytes(path.display().to_string(), Some(path.to_path_buf()), bytes, format))
}

/// Open for reading without waiting for a writer when the file turns out to
/// be a named pipe.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut opts, libc::O_NONBLOCK);
    opts.open(path)
}

/// The error for a file that is not a regular one, naming what it is.
fn not_regular(meta: &std::fs::Metadata) -> std::io::Error {
    let ft = meta.file_type();
    let what = if ft.is_dir() {
        "a directory"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                "a named pipe"
            } else if ft.is_socket() {
                "a socket"
            } else if ft.is_char_device() || ft.is_block_device() {
                "a device"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        "not a regular file"
    };
    std::io::Error::other(format!(
        "it is {what}, not a regular file; only regular files are read when walking a directory \
         (name it on the command line to read it)"
    ))
}

/// The largest map file read by default: 1 GiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 30;

static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// The largest map (file, standard input, named pipe or device) read, in
/// bytes; a larger one is an error rather than read without bound.
/// [`DEFAULT_MAX_FILE_SIZE`] unless set by [`set_max_file_size`] (the command
/// line's `--max-file-size` or `ELENCHUS_MAX_FILE_SIZE`).
pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(Ordering::Relaxed)
}

/// Set the largest map read, for the whole process.
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, Ordering::Relaxed);
}

/// The error for input over [`max_file_size`].
fn too_large(max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "it is larger than the maximum map size of {} (raise it with `--max-file-size` or \
             ELENCHUS_MAX_FILE_SIZE)",
            format_size(max)
        ),
    )
}

/// A size in bytes as written to `--max-file-size`: `1GiB`, `512MiB`, `100KiB`, `12345`.
pub fn format_size(bytes: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{}{unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// Parse a size: a number of bytes, optionally followed by `K`, `M`, `G`
/// (or `KiB`, `MiB`, `GiB`, `KB`, `MB`, `GB`: all powers of 1024), any case.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("`{s}` is not a size: write bytes, or a number with K, M or G (such as 512M)")),
    };
    let n: u64 = number.parse().map_err(|_| format!("`{s}` is not a size: it starts with no number"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("`{s}` is too large a size"))
}

/// Read at most `max` bytes of a stream (standard input, a named pipe, a
/// device); more is an error, after reading `max + 1` bytes, not all of it.
pub fn read_bounded(r: impl std::io::Read, max: u64) -> std::io::Result<Vec<u8>> {
    read_capped(r, max, 0)
}

/// [`read_bounded`], into a buffer of `capacity` bytes to begin with.
fn read_capped(r: impl std::io::Read, max: u64, capacity: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(usize::try_from(capacity.min(max)).unwrap_or(0));
    std::io::Read::read_to_end(&mut r.take(max.saturating_add(1)), &mut buf)?;
    if buf.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(buf)
}

/// Files at least this large are read on every core.
const PARALLEL_READ_MIN: u64 = 16 << 20;

/// The bytes of a file, up to [`max_file_size`]. The file is opened once
/// (a named pipe cannot be opened twice). A large regular file is read in
/// parts, one per core, each into its own part of the buffer (the copying and
/// the page faults of a file of hundreds of megabytes are shared out).
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    read_open(file, &meta)
}

/// The bytes of an open file, up to [`max_file_size`].
fn read_open(file: std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<Vec<u8>> {
    let max = max_file_size();
    if !meta.is_file() {
        return read_bounded(file, max);
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    #[cfg(unix)]
    if let Some(bytes) = read_in_parts(&file, meta.len()) {
        return Ok(bytes);
    }
    // Anything unexpected (a file that changes size while it is read, a
    // platform without positioned reads) falls back to one plain read, which
    // also gives the error to report.
    let mut file = file;
    std::io::Seek::rewind(&mut file)?;
    read_capped(file, max, meta.len() + 1)
}

#[cfg(unix)]
fn read_in_parts(file: &std::fs::File, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
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
            .map(|(i, chunk)| scope.spawn(move || file.read_exact_at(chunk, (i * part) as u64).is_ok()))
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
/// and a leading byte-order mark is ignored (one: a second one is an error,
/// in both formats). UTF-16, with or without its byte-order mark, is named
/// as such.
pub fn load_bytes(name: String, path: Option<PathBuf>, bytes: Vec<u8>, format: Format) -> Loaded {
    match decode(name, path, bytes, format) {
        Ok(file) => load_text(file),
        Err(bad) => {
            let (file, d) = *bad;
            Loaded { file, map: None, diagnostics: vec![d] }
        }
    }
}

/// The text of a file's bytes, or the file (its text made valid) and the
/// problem with its encoding.
pub(crate) fn decode(
    name: String,
    path: Option<PathBuf>,
    mut bytes: Vec<u8>,
    format: Format,
) -> Result<SourceFile, Box<(SourceFile, Diagnostic)>> {
    // Drop the byte-order mark first, so that positions are the same whether
    // or not the rest of the file is valid UTF-8.
    if bytes.starts_with(BOM) {
        bytes.drain(..3);
    }
    if let Some(d) = encoding_problem(&bytes) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return Err(Box::new((SourceFile::new(name, path, format, text), d)));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, path, format, text)),
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
            Err(Box::new((file, d)))
        }
    }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A repeated byte-order mark, or text that is UTF-16 rather than UTF-8 (by
/// its byte-order mark, or, without one, by the zero bytes of ASCII text in
/// UTF-16: a zero byte is never valid at the start of a map).
fn encoding_problem(bytes: &[u8]) -> Option<Diagnostic> {
    if bytes.starts_with(BOM) {
        return Some(
            Diagnostic::new(
                Code::Encoding,
                "the file starts with more than one byte-order mark",
                Span::new(0, 3),
                "a second byte-order mark (U+FEFF)",
            )
            .with_help("remove the repeated byte-order marks: one at most may start the file"),
        );
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let pairs = || head.chunks_exact(2);
    let utf16 = if bytes.starts_with(b"\xff\xfe") {
        Some("UTF-16 (little-endian, with a byte-order mark)")
    } else if bytes.starts_with(b"\xfe\xff") {
        Some("UTF-16 (big-endian, with a byte-order mark)")
    } else if !head.is_empty() && pairs().all(|p| p[1] == 0) && pairs().any(|p| p[0] != 0) {
        Some("UTF-16 (little-endian) without a byte-order mark")
    } else if !head.is_empty() && pairs().all(|p| p[0] == 0) && pairs().any(|p| p[1] != 0) {
        Some("UTF-16 (big-endian) without a byte-order mark")
    } else {
        None
    };
    utf16.map(|what| {
        Diagnostic::new(
            Code::Encoding,
            format!("the file is not UTF-8: it looks like {what}"),
            Span::new(0, 0),
            "UTF-16 text",
        )
        .with_help("save the file as UTF-8")
    })
}

/// Load a map from a [`SourceFile`].
pub fn load_text(file: SourceFile) -> Loaded {
    let rules = crate::check::rule_names();
    // An Argdown file's relations and stances come beside its tree, most not built as tables.
    let parsed = match file.format {
        Format::Argdown => {
            crate::formats::argdown::map_parts(&file.text).map(|(root, given)| (root, Some(given), Vec::new()))
        }
        _ => parse(&file).map(|(root, warnings)| (root, None, warnings)),
    };
    let (map, mut diagnostics) = {
        match parsed {
            Ok((root, given, mut warnings)) => {
                let (map, d) = schema::read(&root, given, &rules, file.clone());
                warnings.extend(d);
                (map, warnings)
            }
            Err(diags) => return Loaded { file, map: None, diagnostics: diags },
        }
    };
    diagnostics.sort_by_key(|d| d.span().start);
    let ok = !diagnostics.iter().any(|d| d.level == Level::Error);
    let map = ok.then_some(map);
    Loaded { file, map, diagnostics }
}

/// The spanned tree of a file's text and the warnings of reading a foreign
/// format (AIF), or its syntax errors. A JSON file shaped as AIF (`nodes`
/// and `edges`, no `claims`) is read as AIF. The language server reads its
/// names and positions from the tree.
pub fn parse(file: &SourceFile) -> Result<(value::Value<'_>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let json = || {
        json::parse(&file.text).map_err(|e| {
            let mut d = Diagnostic::new(Code::Syntax, format!("invalid JSON: {}", e.message), e.span, e.label);
            d.help = e.help;
            vec![d]
        })
    };
    match file.format {
        Format::Toml => toml::parse(&file.text).map(|v| (v, Vec::new())),
        Format::Json => {
            let root = json()?;
            if crate::formats::aif::looks_like_aif(&root) {
                return crate::formats::aif::parse_value(&root);
            }
            Ok((root, Vec::new()))
        }
        Format::Aif => crate::formats::aif::parse_value(&json()?),
        Format::Argdown => crate::formats::argdown::parse_value(&file.text).map(|v| (v, Vec::new())),
        Format::Af => Err(vec![Diagnostic::new(
            Code::Syntax,
            "an argumentation framework is not a map",
            Span::new(0, 0),
            "read with `elenchus af`",
        )]),
    }
}

/// A baseline file as read (`check --baseline`): the file (for messages),
/// the baseline when the file has no errors, and every problem in it.
#[derive(Debug)]
pub struct LoadedBaseline {
    pub file: SourceFile,
    pub baseline: Option<crate::check::Baseline>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedBaseline {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }
}

/// Read a baseline file: TOML, or JSON when its name ends in `.json`; at
/// most [`max_file_size`] bytes.
pub fn load_baseline_file(path: &Path) -> Result<LoadedBaseline, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory(path.to_path_buf()));
    }
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    let bytes = read_file(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    Ok(load_baseline_bytes(path.display().to_string(), Some(path.to_path_buf()), bytes, format))
}

/// Read a baseline from bytes.
pub fn load_baseline_bytes(name: String, path: Option<PathBuf>, bytes: Vec<u8>, format: Format) -> LoadedBaseline {
    let file = match decode(name, path, bytes, format) {
        Ok(file) => file,
        Err(bad) => {
            let (file, d) = *bad;
            return LoadedBaseline { file, baseline: None, diagnostics: vec![d] };
        }
    };
    let (entries, mut diagnostics) = match parse(&file) {
        Ok((root, _)) => schema::read_baseline(&root, &crate::check::rule_names()),
        Err(diags) => (Vec::new(), diags),
    };
    diagnostics.sort_by_key(|d| d.span().start);
    let ok = !diagnostics.iter().any(|d| d.level == Level::Error);
    let baseline = ok.then(|| crate::check::Baseline::new(file.clone(), entries));
    LoadedBaseline { file, baseline, diagnostics }
}

/// Read a baseline from text.
pub fn load_baseline_str(name: impl Into<String>, text: impl Into<String>, format: Format) -> LoadedBaseline {
    load_baseline_bytes(name.into(), None, text.into().into_bytes(), format)
}

/// Expand paths: files are kept as given, directories are walked (sorted,
/// without following hidden entries) for `*.toml`, `*.json` and `*.argdown` files.
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
    /// An Argdown map read with its claims, relations and stances beside the
    /// tree (most as plain claims, links and steps, not tables) reads as the
    /// whole tree does: the same map and the same messages, on the test files
    /// and on claims, relations and stances of every kind that falls back to
    /// the table (fields and tags not strings, `absent`, ids too long, steps
    /// of several premises or of unknown types, unknown
    /// ends, undercuts of claims, relations written twice or both ways,
    /// long-form relations and stances in the front matter, unknown actors,
    /// actors not named by a string, stances in a statement's data).
    #[test]
    fn argdown_claims_relations_and_stances_beside_the_tree_read_as_in_it() {
        use crate::source::{Format, SourceFile};
        let mut texts: Vec<String> = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "argdown") {
                    texts.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        assert!(texts.len() >= 10, "{} files", texts.len());
        let front = "===\nelenchus:\n    relations:\n        - {from: a, to: b, type: attacks}\n        - {from: a, to: zz, type: supports}\n        - {id: r9, from: b, to: a, type: undercuts}\n        - {from: q, to: a, type: nope}\n===\n\n";
        let body = "[a]: A.\n    -> [b]: B.\n    -> [b]\n    >< [c]: C.\n    _> [b]\n\n[c]\n    >< [a]\n    +> [d]\n\n<X>: x.\n    +> [a]\n\n<X>\n\n(1) [a]\n----\n(2) [c]\n\n[b]\n    _> <X>\n    - <X>\n";
        // Read by the schema layer (no error of Argdown's own): a relation of
        // a claim to itself, and the front matter's relations.
        let valid = "[a]: A.\n    -> [b]: B.\n    -> [b]\n    -> [a]\n    >< [c]: C.\n\n[c]\n    >< [a]\n\n<X>: x.\n    +> [a]\n\n<X>\n\n(1) [a]\n----\n(2) [c]\n\n[b]\n    _> <X>\n    - <X>\n";
        let undercut = "===\nelenchus:\n    relations:\n        - {from: b, to: a, type: undercuts}\n===\n\n";
        // Stances in statement data: actors known and not, ids that are not
        // strings, positions given twice, long-form stances with and without
        // a claim, and stances of the front matter.
        let actors = "===\nelenchus:\n    actors:\n        a1: {name: A1}\n        a2: {name: A2}\n    stances:\n        - {actor: a1, claim: s, position: denies}\n===\n\n";
        let stances = "[s]: S. {affirmedBy: [a1, a2, a1], deniedBy: [a2, zz, 3], abstainedBy: a1}\n    -> [t]: T. {stances: [{actor: a1, position: denies, date: 2020-01-02}, {actor: a2, claim: s, position: affirms}, 4, {actor: a9, position: nope}]}\n\n[s]: S. {affirmedBy: [a2]}\n\n<A>: arg. {deniedBy: [a1]}\n\n<A>\n\n(1) [s]\n----\n(2) [u]: U. {affirmedBy: [a1]}\n";
        let read = "[s]: S. {affirmedBy: [a1, a2, a1], deniedBy: [a2, zz, 3, true]}\n    -> [t]: T. {stances: [{actor: a1, position: denies, date: 2020-01-02}, {actor: a9, position: nope}, {actor: a2, position: affirms, note: n}]}\n\n[s]: S. {affirmedBy: [a2]}\n\n<A>: arg. {deniedBy: [a1]}\n\n<A>\n\n(1) [s]\n----\n(2) [u]: U. {affirmedBy: [a1], abstainedBy: [a1, zz]}\n";
        let plain = "[s]: S. {affirmedBy: [a1, a2], deniedBy: [a2]}\n    -> [t]: T. {abstainedBy: [a1]}\n";
        // Stances of statement data of string fields (read as records or as
        // tables): known actors and not, positions and dates valid or not,
        // times, the same stance twice, fields missing, keys other than the
        // record's, values not strings, and data read by the YAML parser.
        let records = "[s]: S. {stances: [{actor: a1, position: denies, date: 2020-01-02, source: \"Rec 1\", via: \"vote on R\"}, {position: affirms, actor: a2, quote: q, note: 'n'}, {actor: a1, position: denies, date: 2020-01-02, source: \"Rec 2\"}, {actor: zz, position: affirms}, {actor: a2, position: nope}, {actor: a2, position: abstains, date: 2020-02-30}, {actor: a2, position: abstains, date: \"2020-01-02T10:30:00Z\"}, {actor: a2, position: abstains, date: \"2020-01-02 10:30\"}, {actor: a1}, {position: denies}, {actor: a1, position: affirms, basis: reported}, {actor: a1, position: affirms, seq: 2, date: 2021-01-01}, {actor: a1, position: affirms, reason: t}, {actor: a1, position: affirms, recorded: denies, correction: c}, {actor: 3, position: affirms}, {actor: a1, position: [affirms]}, {}, {actor: a1, position: affirms, source: 4}, {actor: a2, position: denies, date: 2020-01-02, date2: x}]}\n    -> [t]: T. {deniedBy: [a1], stances: [{actor: a1, position: denies}, {actor: a2, claim: t, position: affirms}, {via: w, actor: a2, position: denies}]}\n\n[t]: T. {stances: [{actor: a2, position: affirms, date: 2019-12-31, via: v}]}\n\n[u]: U. {stances: [{actor: \"a\\\"1\", position: affirms}, {actor: a1, position: abstains, note: \"x\"}]}\n";
        // Claims: fields of every type, tags in the text and in the data (as a
        // list of strings or not), `absent` (known actors or not, a list or
        // not), other formulations kept in the note (with a note or not),
        // keys that are not fields, canonical texts, arguments without a
        // structure, titles that are no ids (too long, not ASCII), references
        // to no statement, and an argument whose claim id is too long (its
        // claim dropped, and the relations to and from it).
        let long = "x".repeat(230);
        let id = "y".repeat(200);
        let claims = format!(
            "[a]: A. {{kind: 3, source: [x], quote: q, url: u, note: n, tags: [t, 4], absent: [a1, zz]}}\n\n[b]: B. #x #y {{tags: [x, z], note: {{a: 1}}}}\n\n[b]: B2. #y {{note: m, kind: k}}\n\n[c]: C. {{absent: zz, kind: true, source: s}}\n\n[d]: D. {{isCanonical: true, foo: bar, url: 4.5}}\n\n[d]: D2. {{quote: null}}\n\n[e]: E. {{tags: t}}\n    -> [f]: F. {{absent: [a1]}}\n\n[h]: H. {{note: n}}\n\n[h]: H2.\n\n[h]: H2.\n\n<Arg>: arg text. {{kind: k, tags: [u]}}\n\n<Arg>\n\n<Bare>\n\n[{long}]: Long.\n\n[Ünïcode tïtle]: U. #ü\n\n[{long}]\n\n[{id}]: Y.\n\n<{id}>: arg y.\n\n[x.y_z-1]: Plain. #p #q {{kind: fact, source: \"Record 1\", quote: \"q\", url: \"http://x\", note: \"n\"}}\n\n<{id}>\n    -> [a]\n    >< [h]\n\n[h]\n    -> <{id}>\n    >< [a]\n    >< [h]\n\n[a]\n    >< [h]\n"
        );
        let plain_claims =
            "[a]: A. #t {kind: k, source: s}\n\n[b]: B. {note: n}\n\n[b]: B2.\n\n[c]: C. #x #x {tags: [x, y]}\n";
        let actors_only = "===\nelenchus:\n    actors:\n        a1: {name: A1}\n===\n\n";
        for text in [&claims[..], plain_claims] {
            texts.push(format!("{actors_only}{text}"));
            texts.push(text.to_string());
        }
        for text in [stances, read, plain, records] {
            texts.push(format!("{actors}{text}"));
            texts.push(text.to_string());
        }
        // Steps of premise–conclusion structures: with a note and a source or
        // not (strings or not), several premises, types unknown or not
        // strings, and a step id too long.
        let z = "z".repeat(200);
        let steps = format!(
            "<P>: Desc P. {{source: \"S\", note: n}}\n\n<P>\n\n(1) [p1]: P1.\n(2) [p2]: P2.\n--\nmodus ponens {{type: attacks}}\n--\n(3) [c1]: C1.\n--\nrule {{type: nope}}\n--\n(4) [c2]: C2.\n(5) [p1]\n----\n(6) [c3]: C3.\n\n<Q>: Q arg. {{source: [1]}}\n\n<Q>\n\n(1) [q1]: Q1.\n--\nr {{type: 4}}\n--\n(2) [q2]: Q2.\n----\n(3) [q3]: Q3.\n\n<S> {{note: [1], source: 2}}\n\n<S>\n\n(1) [s1]: S1.\n----\n(2) [s2]: S2.\n\n<T> {{note: tn}}\n\n<T>\n\n(1) [t1]: T1.\n----\n(2) [t2]: T2.\n\n<{z}>\n\n(1) [z1]: Z1.\n----\n(2) [z2]: Z2.\n----\n(3) [z3]: Z3.\n"
        );
        for text in [body, valid, &steps[..]] {
            texts.push(text.to_string());
            texts.push(format!("{front}{text}"));
            texts.push(format!("{undercut}{text}"));
            texts.push(format!("===\nmodel:\n    mode: strict\n===\n\n{text}"));
        }
        let rules = crate::check::rule_names();
        let mut read = 0;
        for text in texts {
            let file = SourceFile::new("m.argdown", None, Format::Argdown, text.clone());
            let whole = super::parse(&file).map(|(root, _)| super::schema::read(&root, None, &rules, file.clone()));
            let beside = crate::formats::argdown::map_parts(&text)
                .map(|(root, given)| super::schema::read(&root, Some(given), &rules, file.clone()));
            match (whole, beside) {
                (Ok((m1, d1)), Ok((m2, d2))) => {
                    read += 1;
                    assert_eq!(format!("{m1:?}"), format!("{m2:?}"), "{text}");
                    assert_eq!(format!("{d1:?}"), format!("{d2:?}"), "{text}");
                }
                (Err(e1), Err(e2)) => assert_eq!(format!("{e1:?}"), format!("{e2:?}"), "{text}"),
                _ => panic!("one reading failed: {text}"),
            }
        }
        assert!(read >= 10, "{read} maps read");
    }

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
