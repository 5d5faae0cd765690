//! Writing output files: the one way every command writes a file it was
//! told to write (`render -o`, `import votes -o`).
//!
//! What [`write`] does with the target:
//!
//! - **A regular file, or no file yet**: the data goes to a temporary file
//!   in the target's directory, created exclusively (`create_new`) under an
//!   unpredictable name (`.NAME.<16 hex digits>.tmp`, the digits from the
//!   standard library's randomly keyed hasher), given the target's
//!   permissions (and, where allowed, its owner and group) before any data is
//!   written (a new file gets the default permissions), synced to disk, and renamed over the target; the directory is
//!   synced after. A reader sees the old file or the new one, never a part.
//!   On any failure the temporary file is removed and the target is as it
//!   was.
//! - **A symbolic link**: followed (through every link, up to 40) to the
//!   file it names, and that file is replaced as above: the link stays a
//!   link and the file it points to gets the data. A link to a file that
//!   does not exist creates that file.
//! - **A regular file with more than one name (hard links)**: written in
//!   place, so that every name sees the new data (replacing it would leave
//!   the other names with the old data). The data is first written to a
//!   temporary file as above (so that a full disk is found before the target
//!   is touched), then copied over the target and the file cut to its length.
//!   This is not atomic: if writing fails half-way, the error names the
//!   temporary file, which is kept and holds the complete output.
//! - **A device, a FIFO or a socket**: written directly, as the shell's `>`
//!   would (`-o /dev/null` discards the output and `/dev/null` stays a
//!   device; `-o /dev/full` fails with "No space left on device").
//! - **A directory**: an error.
//!
//! Every write error (a full disk, a read-only file system, a missing
//! directory) is an [`Error::Write`] naming the target: the command exits
//! nonzero and reports no success.
//!
//! [`refuse_inputs`] stops a command from writing over one of its own input
//! files, comparing files by device and inode (so a symbolic link, a hard
//! link or another spelling of the same path is caught), and [`Locked`]
//! reads a file that the command will write back under an advisory lock.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Symbolic links followed at most, as most systems do.
const MAX_LINKS: usize = 40;

/// How [`write`] wrote the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// A new file was created.
    Created,
    /// The existing file was replaced (atomically).
    Replaced,
    /// A file with this many names (hard links) was written in place.
    InPlace { links: u64 },
    /// A device, FIFO or socket was written to directly.
    Direct,
}

/// An input of a command, for [`refuse_inputs`]: its path and what it is
/// (such as "votes file"), for the message.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub path: &'a Path,
    pub what: &'a str,
}

/// An error unless `output` is a different file from every input. Files
/// are compared by device and inode (on Unix; elsewhere by their canonical
/// paths), so links and other spellings of a path are caught. Only regular
/// files are compared: writing to a device that is also read is not
/// overwriting it. An input or output that does not exist is no conflict.
pub fn refuse_inputs(output: &Path, inputs: &[Input<'_>]) -> Result<(), Error> {
    let Ok(out) = std::fs::metadata(output) else { return Ok(()) };
    if !out.is_file() {
        return Ok(());
    }
    for input in inputs {
        if input.path.as_os_str() == "-" {
            continue;
        }
        let Ok(m) = std::fs::metadata(input.path) else { continue };
        if m.is_file() && same_file(&out, output, &m, input.path) {
            return Err(Error::Usage(format!(
                "refusing to overwrite the {} `{}` with the output `{}`: they are the same file; \
                 choose another output file",
                input.what,
                input.path.display(),
                output.display()
            )));
        }
    }
    Ok(())
}

/// Whether two paths (with their metadata) name one file.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => same_file(&ma, a, &mb, b),
        _ => false,
    }
}

#[cfg(unix)]
fn same_file(ma: &Metadata, _a: &Path, mb: &Metadata, _b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    ma.dev() == mb.dev() && ma.ino() == mb.ino()
}

#[cfg(not(unix))]
fn same_file(_ma: &Metadata, a: &Path, _mb: &Metadata, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Write `data` to `path` as the module documentation says.
pub fn write(path: &Path, data: &[u8]) -> Result<Written, Error> {
    write_with(path, data, || Ok(()))
}

/// [`write`], calling `before` just before the target is replaced or
/// written (after the temporary file is complete): an error from it stops
/// the write, leaving the target as it was. [`Locked::check_unchanged`] is
/// meant for it.
pub fn write_with(path: &Path, data: &[u8], before: impl FnOnce() -> Result<(), Error>) -> Result<Written, Error> {
    let werr = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Write { path: p, source }
    };
    if path.file_name().is_none() {
        return Err(Error::Usage(format!("`{}` names no file: name the output file", path.display())));
    }
    let target = resolve_links(path).map_err(werr(path))?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(Error::Usage(format!("`{}` is a directory: name the output file", path.display()))),
        Ok(m) if m.is_file() => {
            let links = link_count(&m);
            if links > 1 {
                in_place(&target, data, before)?;
                Ok(Written::InPlace { links })
            } else {
                replace(&target, data, Some(&m), before)?;
                Ok(Written::Replaced)
            }
        }
        Ok(_) => {
            before()?;
            let mut f = OpenOptions::new().write(true).open(&target).map_err(werr(path))?;
            f.write_all(data).and_then(|()| f.flush()).map_err(werr(path))?;
            Ok(Written::Direct)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            replace(&target, data, None, before)?;
            Ok(Written::Created)
        }
        Err(e) => Err(werr(path)(e)),
    }
}

#[cfg(unix)]
fn link_count(m: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.nlink()
}

#[cfg(not(unix))]
fn link_count(_m: &Metadata) -> u64 {
    1
}

/// The path a chain of symbolic links ends at (the path itself when it is
/// not a link); the last one may not exist.
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// A temporary file next to `target`, created exclusively.
struct Temp {
    path: PathBuf,
    file: Option<File>,
    keep: bool,
}

impl Temp {
    /// `private`: created readable by the owner only (its permissions are
    /// set before data goes in); otherwise with the default permissions of a
    /// new file.
    fn create(target: &Path, private: bool) -> std::io::Result<Temp> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut last = None;
        for _ in 0..100 {
            let path = dir.join(format!(".{name}.{:016x}.tmp", random_u64()));
            let mut o = OpenOptions::new();
            o.write(true).create_new(true);
            #[cfg(unix)]
            if private {
                std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            }
            #[cfg(not(unix))]
            let _ = private;
            match o.open(&path) {
                Ok(file) => return Ok(Temp { path, file: Some(file), keep: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("cannot create a temporary file")))
    }

    fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("the temporary file is open")
    }

    /// Give the file the permissions, and where allowed the owner and
    /// group, of the file it replaces.
    fn take_permissions(&mut self, meta: &Metadata) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Only root may give a file away; others keep it as their own.
            let _ = std::os::unix::fs::fchown(self.file(), Some(meta.uid()), Some(meta.gid()));
        }
        self.file().set_permissions(meta.permissions())
    }

    /// Write all of `data` and sync it to disk.
    fn fill(&mut self, data: &[u8]) -> std::io::Result<()> {
        let f = self.file();
        f.write_all(data)?;
        f.sync_all()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        self.file = None;
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// 64 unpredictable bits: the standard library keys each `RandomState`
/// from the system's random source.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// Replace `target` (a regular file or none) through a temporary file.
fn replace(
    target: &Path,
    data: &[u8],
    meta: Option<&Metadata>,
    before: impl FnOnce() -> Result<(), Error>,
) -> Result<(), Error> {
    let werr = |source| Error::Write { path: target.to_path_buf(), source };
    let mut tmp = Temp::create(target, meta.is_some()).map_err(werr)?;
    if let Some(m) = meta {
        tmp.take_permissions(m).map_err(werr)?;
    }
    tmp.fill(data).map_err(werr)?;
    before()?;
    tmp.file = None;
    std::fs::rename(&tmp.path, target).map_err(werr)?;
    tmp.keep = true; // It is the target now.
    sync_dir(target);
    Ok(())
}

/// Write over a file with several names, keeping its inode.
fn in_place(target: &Path, data: &[u8], before: impl FnOnce() -> Result<(), Error>) -> Result<(), Error> {
    let werr = |source| Error::Write { path: target.to_path_buf(), source };
    let mut tmp = Temp::create(target, true).map_err(werr)?;
    tmp.fill(data).map_err(werr)?;
    before()?;
    let mut f = OpenOptions::new().write(true).open(target).map_err(werr)?;
    let result = f.write_all(data).and_then(|()| f.set_len(data.len() as u64)).and_then(|()| f.sync_all());
    if let Err(e) = result {
        tmp.keep = true;
        return Err(Error::Write {
            path: target.to_path_buf(),
            source: std::io::Error::new(
                e.kind(),
                format!(
                    "{e}; the file (which has several names) is partly written: the complete output is in `{}`",
                    tmp.path.display()
                ),
            ),
        });
    }
    Ok(())
}

/// Sync the directory of `target`, so that a rename survives a crash.
fn sync_dir(target: &Path) {
    #[cfg(unix)]
    {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

/// A file read under an exclusive advisory lock (`flock` on Unix), held
/// until this is dropped: a command that reads a file, changes it and writes
/// it back holds the lock over the whole read-change-write, so that two
/// such commands on one file run one after the other instead of one losing
/// the other's changes. A program that takes no lock is caught by
/// [`Locked::check_unchanged`] instead.
#[derive(Debug)]
pub struct Locked {
    path: PathBuf,
    file: File,
    bytes: Vec<u8>,
}

impl Locked {
    /// Open `path`, wait for the lock, and read the file. When the file
    /// was replaced (renamed over) while waiting, the new file is opened
    /// and locked instead.
    pub fn open(path: &Path) -> Result<Locked, Error> {
        let rerr = |source| Error::Io { path: path.to_path_buf(), source };
        for _ in 0..1000 {
            let mut file = File::open(path).map_err(rerr)?;
            if file.metadata().map_err(rerr)?.is_dir() {
                return Err(Error::IsDirectory(path.to_path_buf()));
            }
            file.lock().map_err(rerr)?;
            // The lock is on the file that was opened; if another process
            // renamed a new file over the path meanwhile, lock that one.
            let (Ok(now), Ok(held)) = (std::fs::metadata(path), file.metadata()) else { continue };
            if !same_file(&now, path, &held, path) {
                continue;
            }
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(rerr)?;
            return Ok(Locked { path: path.to_path_buf(), file, bytes });
        }
        Err(Error::Other(format!("`{}` keeps being replaced: cannot lock it", path.display())))
    }

    /// The file's content when it was locked.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// An error when the path no longer holds the same file with the same
    /// content (another program, one that takes no lock, wrote it).
    pub fn check_unchanged(&self) -> Result<(), Error> {
        let changed = || {
            Error::Other(format!(
                "`{}` was changed by another program while this command ran: nothing written; run it again",
                self.path.display()
            ))
        };
        let (Ok(now), Ok(held)) = (std::fs::metadata(&self.path), self.file.metadata()) else {
            return Err(changed());
        };
        if !same_file(&now, &self.path, &held, &self.path) {
            return Err(changed());
        }
        let bytes = std::fs::read(&self.path).map_err(|source| Error::Io { path: self.path.clone(), source })?;
        if bytes != self.bytes {
            return Err(changed());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("elenchus-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn creates_and_replaces_leaving_no_temporary_file() {
        let d = scratch("create");
        let f = d.join("out.toml");
        assert_eq!(write(&f, b"one").unwrap(), Written::Created);
        assert_eq!(std::fs::read(&f).unwrap(), b"one");
        assert_eq!(write(&f, b"two").unwrap(), Written::Replaced);
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert_eq!(names(&d), ["out.toml"]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_directory_or_no_file_name_is_an_error() {
        let d = scratch("dir");
        let e = write(&d, b"x").unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
        let e = write(Path::new("/"), b"x").unwrap_err();
        assert!(e.to_string().contains("names no file"), "{e}");
        let e = write(&d.join("missing/out.toml"), b"x").unwrap_err();
        assert!(matches!(e, Error::Write { .. }), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_failing_check_before_replacing_leaves_the_target() {
        let d = scratch("before");
        let f = d.join("out.toml");
        std::fs::write(&f, "old").unwrap();
        let e = write_with(&f, b"new", || Err(Error::Other("changed".into()))).unwrap_err();
        assert_eq!(e.to_string(), "changed");
        assert_eq!(std::fs::read(&f).unwrap(), b"old");
        assert_eq!(names(&d), ["out.toml"]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn temporary_names_are_unpredictable_and_exclusive() {
        let d = scratch("temp");
        let f = d.join("out.toml");
        let a = Temp::create(&f, true).unwrap();
        let b = Temp::create(&f, true).unwrap();
        assert_ne!(a.path, b.path);
        let name = a.path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".out.toml.") && name.ends_with(".tmp") && name.len() == ".out.toml.".len() + 20);
        drop((a, b));
        assert!(names(&d).is_empty());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_of_the_replaced_file_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let d = scratch("mode");
        let f = d.join("secret.toml");
        std::fs::write(&f, "old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(&f, b"new").unwrap();
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&f, b"newer").unwrap();
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read(&f).unwrap(), b"newer");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_and_its_target_is_replaced() {
        let d = scratch("symlink");
        std::fs::create_dir(d.join("real")).unwrap();
        let real = d.join("real/map.toml");
        std::fs::write(&real, "old").unwrap();
        let link = d.join("link.toml");
        std::os::unix::fs::symlink("real/map.toml", &link).unwrap();
        let link2 = d.join("link2.toml");
        std::os::unix::fs::symlink("link.toml", &link2).unwrap();
        assert_eq!(write(&link2, b"new").unwrap(), Written::Replaced);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert!(std::fs::symlink_metadata(&link2).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(names(&d.join("real")), ["map.toml"]);
        // A link to a file not there yet creates it.
        let dangling = d.join("dangling.toml");
        std::os::unix::fs::symlink("real/new.toml", &dangling).unwrap();
        assert_eq!(write(&dangling, b"made").unwrap(), Written::Created);
        assert_eq!(std::fs::read(d.join("real/new.toml")).unwrap(), b"made");
        assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
        // A loop of links is an error, not a hang.
        std::os::unix::fs::symlink("loop-b", d.join("loop-a")).unwrap();
        std::os::unix::fs::symlink("loop-a", d.join("loop-b")).unwrap();
        let e = write(&d.join("loop-a"), b"x").unwrap_err();
        assert!(e.to_string().contains("symbolic links"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_hard_links_is_written_in_place() {
        use std::os::unix::fs::MetadataExt;
        let d = scratch("hard");
        let a = d.join("a.toml");
        let b = d.join("b.toml");
        std::fs::write(&a, "old content, longer than the new").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        let ino = std::fs::metadata(&a).unwrap().ino();
        assert_eq!(write(&b, b"new").unwrap(), Written::InPlace { links: 2 });
        assert_eq!(std::fs::read(&a).unwrap(), b"new");
        assert_eq!(std::fs::read(&b).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&a).unwrap().ino(), ino);
        assert_eq!(names(&d), ["a.toml", "b.toml"]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_directly() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        if std::fs::OpenOptions::new().write(true).open(null).is_ok() {
            assert_eq!(write(null, b"discarded").unwrap(), Written::Direct);
            assert!(std::fs::metadata(null).unwrap().file_type().is_char_device());
        }
        let full = Path::new("/dev/full");
        if std::fs::OpenOptions::new().write(true).open(full).is_ok() {
            let e = write(full, b"no room").unwrap_err();
            let Error::Write { source, .. } = &e else { panic!("{e}") };
            assert_eq!(source.raw_os_error(), Some(28), "{e}"); // ENOSPC
            assert!(std::fs::metadata(full).unwrap().file_type().is_char_device());
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_directly() {
        let d = scratch("fifo");
        let fifo = d.join("pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // No mkfifo here.
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).unwrap())
        };
        assert_eq!(write(&fifo, b"through the pipe").unwrap(), Written::Direct);
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::metadata(&fifo).unwrap().file_type()));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn inputs_are_refused_as_outputs_through_any_name() {
        let d = scratch("inputs");
        let input = d.join("votes.csv");
        std::fs::write(&input, "x").unwrap();
        let other = d.join("out.toml");
        std::fs::write(&other, "y").unwrap();
        let inputs = [Input { path: &input, what: "votes file" }];
        assert!(refuse_inputs(&other, &inputs).is_ok());
        assert!(refuse_inputs(&d.join("new.toml"), &inputs).is_ok());
        let e = refuse_inputs(&input, &inputs).unwrap_err();
        assert!(e.to_string().starts_with("refusing to overwrite the votes file"), "{e}");
        std::fs::create_dir(d.join("sub")).unwrap();
        assert!(refuse_inputs(&d.join("sub/../votes.csv"), &inputs).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&input, d.join("link")).unwrap();
            assert!(refuse_inputs(&d.join("link"), &inputs).is_err());
            std::fs::hard_link(&input, d.join("hard")).unwrap();
            assert!(refuse_inputs(&d.join("hard"), &inputs).is_err());
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_locked_file_that_changed_is_caught() {
        let d = scratch("lock");
        let f = d.join("map.toml");
        std::fs::write(&f, "v1").unwrap();
        let locked = Locked::open(&f).unwrap();
        assert_eq!(locked.bytes(), b"v1");
        locked.check_unchanged().unwrap();
        // Replaced by a program that takes no lock.
        std::fs::write(d.join("other"), "v2").unwrap();
        std::fs::rename(d.join("other"), &f).unwrap();
        let e = locked.check_unchanged().unwrap_err();
        assert!(e.to_string().contains("was changed by another program"), "{e}");
        drop(locked);
        // Written in place with the same length.
        let locked = Locked::open(&f).unwrap();
        std::fs::OpenOptions::new().write(true).open(&f).unwrap().write_all(b"v3").unwrap();
        assert!(locked.check_unchanged().is_err());
        drop(locked);
        // A second lock waits for the first; once the first replaces the
        // file, the second reads the new one.
        let first = Locked::open(&f).unwrap();
        let waiter = {
            let f = f.clone();
            std::thread::spawn(move || Locked::open(&f).unwrap().bytes().to_vec())
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        write_with(&f, b"v4", || first.check_unchanged()).unwrap();
        drop(first);
        assert_eq!(waiter.join().unwrap(), b"v4");
        let _ = std::fs::remove_dir_all(&d);
    }
}
