//! The input files of an import: read (standard input too), decompressed, decoded.

use std::path::Path;

use super::read::parse_votes_with_tags;
use super::{Votes, VotesOptions};
use crate::error::{Error, RowProblem};

fn decode<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let lone_cr = before.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
            + usize::from(before.last() == Some(&b'\r'));
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count() + lone_cr;
        Error::Import {
            file: file.to_string(),
            problems: vec![RowProblem::new(line, "the file is not valid UTF-8 here; save it as UTF-8")],
            total: 1,
        }
    })
}

/// Collects bad rows, keeping the first [`MAX_PROBLEMS`].
/// The bytes of an input file; `-` reads standard input. Returns the name
/// to show for it too.
pub(crate) fn read_input(p: &Path) -> Result<(String, Vec<u8>), Error> {
    if p.as_os_str() == "-" {
        let bytes = crate::load::read_bounded(std::io::stdin().lock(), crate::load::max_file_size())
            .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    if p.is_dir() {
        return Err(Error::IsDirectory(p.to_path_buf()));
    }
    // Bounded like a map: a link to /dev/zero or a huge file is an error, not memory exhausted.
    let bytes = crate::load::read_file(p).map_err(|source| Error::Io { path: p.to_path_buf(), source })?;
    Ok((p.display().to_string(), bytes))
}

/// Whether bytes start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The bytes of a data file, decompressed when they are gzip (by their
/// first bytes, whatever the file's name; several gzip members one after
/// the other are read as one). The decompressed data is bounded by the same
/// limit as a map ([`crate::load::max_file_size`]).
pub fn gunzip_if_needed(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    if !is_gzip(&bytes) {
        return Ok(bytes);
    }
    let max = crate::load::max_file_size();
    crate::load::read_bounded(flate2::read::MultiGzDecoder::new(&bytes[..]), max).map_err(|e| {
        Error::Other(format!("`{name}` is gzip-compressed (by its first bytes) but cannot be decompressed: {e}"))
    })
}

/// [`read_input`], decompressed when gzip ([`gunzip_if_needed`]).
pub(crate) fn read_data(p: &Path) -> Result<(String, Vec<u8>), Error> {
    let (name, bytes) = read_input(p)?;
    let bytes = gunzip_if_needed(&name, bytes)?;
    Ok((name, bytes))
}

/// The input files of an import: the votes, and optionally the resolutions
/// and the tags. At most one of them may be `-` (standard input).
#[derive(Clone, Copy, Debug)]
pub struct VoteFiles<'p> {
    pub votes: &'p Path,
    pub resolutions: Option<&'p Path>,
    pub tags: Option<&'p Path>,
}

/// Read and check the votes, and the resolutions file if any. Either (not
/// both) may be `-`, standard input.
pub fn read_votes(votes_path: &Path, resolutions: Option<&Path>, opts: &VotesOptions) -> Result<Votes, Error> {
    read_vote_files(&VoteFiles { votes: votes_path, resolutions, tags: None }, opts)
}

/// Read and check the votes, and the resolutions and tags files if any;
/// any of them may be gzip-compressed.
pub fn read_vote_files(files: &VoteFiles<'_>, opts: &VotesOptions) -> Result<Votes, Error> {
    let dash = |p: Option<&Path>| p.is_some_and(|p| p.as_os_str() == "-");
    if [Some(files.votes), files.resolutions, files.tags].into_iter().filter(|p| dash(*p)).count() > 1 {
        return Err(Error::Usage(
            "the votes, the resolutions and the tags cannot be read from standard input (`-`) together: one at most"
                .into(),
        ));
    }
    let (votes_name, votes_bytes) = read_data(files.votes)?;
    let votes_text = decode(&votes_name, &votes_bytes)?;
    let other = |p: Option<&Path>| -> Result<Option<(String, Vec<u8>)>, Error> {
        match p {
            Some(p) => {
                let (name, bytes) = read_data(p)?;
                decode(&name, &bytes)?;
                Ok(Some((name, bytes)))
            }
            None => Ok(None),
        }
    };
    let res = other(files.resolutions)?;
    let tags = other(files.tags)?;
    fn text_of(f: &Option<(String, Vec<u8>)>) -> Option<(&str, &str)> {
        f.as_ref().map(|(n, b)| (n.as_str(), std::str::from_utf8(b).unwrap_or_default()))
    }
    parse_votes_with_tags(&votes_name, votes_text, text_of(&res), text_of(&tags), opts)
}
