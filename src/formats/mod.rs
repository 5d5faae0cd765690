//! Foreign formats, read and written beside the map format: abstract
//! argumentation frameworks in the ICCMA 2023 format ([`iccma`]) and in
//! ASPARTIX's apx ([`apx`]), roll-call votes in CSV ([`votes`]), Argdown
//! ([`argdown`]), and maps written as GraphML for graph tools ([`graphml`]).
//!
//! A framework file is read in one pass over its lines: time and memory are
//! linear in its size. Every problem is a [`Diagnostic`] with its line and
//! column (the first [`MAX_PROBLEMS`] are kept, all are counted), and a file
//! with any problem gives no framework.

pub mod aif;
pub mod apx;
pub mod argdown;
pub mod graphml;
pub mod iccma;
pub mod votes;

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::semantics::Af;
use crate::source::{Format, SourceFile, Span};

/// At most this many problems of one framework file are kept.
pub const MAX_PROBLEMS: usize = 100;

/// At most this many arguments in a framework file (a header may not ask
/// for more): about 16 bytes of memory each before any attack is read.
pub const MAX_ARGUMENTS: usize = 1 << 26;

/// A framework format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum AfFormat {
    /// ICCMA 2023: `p af N`, then one attack `i j` a line (1-based), `#` comments.
    Iccma,
    /// ASPARTIX: `arg(a).` and `att(a,b).` statements, `%` comments.
    Apx,
}

impl AfFormat {
    /// The format a file name's extension implies: `.apx` is apx; `.af`,
    /// `.i23` and `.iccma` are ICCMA 2023.
    pub fn from_path(path: &Path) -> Option<AfFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "apx" => Some(AfFormat::Apx),
            "af" | "i23" | "iccma" => Some(AfFormat::Iccma),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AfFormat::Iccma => "iccma",
            AfFormat::Apx => "apx",
        }
    }
}

/// A framework read from a file, with its arguments' names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedAf {
    pub af: Af,
    /// The name of each argument (apx); `None`: the ICCMA numbers, `i + 1`
    /// for argument `i`.
    pub names: Option<Vec<String>>,
}

impl NamedAf {
    /// The name of argument `a`.
    pub fn name(&self, a: u32) -> Cow<'_, str> {
        match &self.names {
            Some(n) => Cow::Borrowed(n[a as usize].as_str()),
            None => Cow::Owned((a + 1).to_string()),
        }
    }

    /// The argument named `name`, if any (a number `1..=n` for ICCMA).
    pub fn find(&self, name: &str) -> Option<u32> {
        match &self.names {
            Some(n) => n.iter().position(|x| x == name).map(|i| i as u32),
            None => name.parse::<u32>().ok().filter(|&i| i >= 1 && i as usize <= self.af.len()).map(|i| i - 1),
        }
    }

    /// `w` and the names of `ext`, separated by spaces (the ICCMA certificate line).
    pub fn witness_line(&self, ext: &[u32]) -> String {
        let mut s = String::from("w");
        for &a in ext {
            s.push(' ');
            s.push_str(&self.name(a));
        }
        s
    }
}

/// A file that is not a well-formed framework.
#[derive(Debug)]
pub struct BadAf {
    pub file: SourceFile,
    /// The first [`MAX_PROBLEMS`] problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many problems there are in all.
    pub total: usize,
}

/// Read a framework from a file's bytes (a leading byte-order mark is
/// skipped; the text must be UTF-8).
pub fn read(name: String, path: Option<PathBuf>, bytes: Vec<u8>, format: AfFormat) -> Result<NamedAf, Box<BadAf>> {
    let file = match crate::load::decode(name, path, bytes, Format::Af) {
        Ok(f) => f,
        Err(bad) => {
            let (file, d) = *bad;
            return Err(Box::new(BadAf { file, diagnostics: vec![d], total: 1 }));
        }
    };
    let mut problems = Problems::default();
    let parsed = match format {
        AfFormat::Iccma => iccma::parse(&file.text, &mut problems),
        AfFormat::Apx => apx::parse(&file.text, &mut problems),
    };
    match parsed {
        Some(af) if problems.total == 0 => Ok(af),
        _ => {
            problems.list.sort_by_key(|d| d.span().start);
            Err(Box::new(BadAf { file, diagnostics: problems.list, total: problems.total.max(1) }))
        }
    }
}

/// Read a framework from text (in memory).
pub fn read_str(name: &str, text: &str, format: AfFormat) -> Result<NamedAf, Box<BadAf>> {
    read(name.to_string(), None, text.as_bytes().to_vec(), format)
}

/// Write `af` in `format`. `names` names the arguments (apx writes them;
/// ICCMA writes them as `# i name` comment lines after the header, a name
/// table for reading an answer back); without names, apx names argument `i`
/// by its number `i + 1`. A name that apx cannot hold is an error
/// ([`apx::valid_name`]).
pub fn write(w: &mut dyn Write, af: &Af, names: Option<&[String]>, format: AfFormat) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    match format {
        AfFormat::Iccma => iccma::write(&mut w, af, names)?,
        AfFormat::Apx => apx::write(&mut w, af, names)?,
    }
    w.flush()
}

/// The problems found in a file.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Diagnostic>,
    total: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.total += 1;
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(d);
        }
    }

    pub(crate) fn syntax(&mut self, span: Span, message: impl Into<String>, label: impl Into<String>) {
        self.push(Diagnostic::new(Code::Syntax, message, span, label));
    }

    /// Whether enough problems are kept that the rest can only be counted.
    pub(crate) fn full(&self) -> bool {
        self.list.len() >= MAX_PROBLEMS
    }
}

/// The lines of `text`: (start offset, the line without its line end).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let at = start;
        start += l.len();
        (at, l.trim_end_matches(['\n', '\r']))
    })
}
