//! Watch mode: run a command again whenever the maps it reads change.
//!
//! [`Watch::start`] watches the *directories* of the paths given (editors
//! often save by writing a new file and renaming it over the old one, which a
//! watch on the file itself would lose) and sends one message on a channel for
//! each event that touches a watched map. [`run_loop`] runs the command once,
//! then again after each burst of changes, waiting until the events have been
//! quiet for a while ([`DEBOUNCE`]) so that one save is one run. The command is
//! passed in, so that the loop can be driven by any channel in tests.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::error::Error;
use crate::source::Format;

/// How long the events must be quiet before the command runs again.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Clears the terminal and puts the cursor at the top left (and drops the
/// scroll-back, where the terminal keeps one).
pub const CLEAR_SCREEN: &str = "\x1b[H\x1b[2J\x1b[3J";

/// The files a watch cares about: maps named, and maps under directories named.
#[derive(Clone, Debug)]
pub struct Targets {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    ignore: Vec<PathBuf>,
}

impl Targets {
    /// `paths`: the files and directories a command reads (`-`, standard
    /// input, is left out); `ignore`: files it writes, whose changes must not
    /// start another run.
    pub fn new(paths: &[PathBuf], ignore: &[PathBuf]) -> Result<Targets, Error> {
        let abs = |p: &Path| std::path::absolute(p).map_err(|source| Error::Io { path: p.to_path_buf(), source });
        let mut t = Targets { files: Vec::new(), dirs: Vec::new(), ignore: Vec::new() };
        for p in paths.iter().filter(|p| p.as_os_str() != "-") {
            match p.is_dir() {
                true => t.dirs.push(abs(p)?),
                false => t.files.push(abs(p)?),
            }
        }
        t.ignore = ignore.iter().map(|p| abs(p)).collect::<Result<_, _>>()?;
        Ok(t)
    }

    /// Whether a change to `path` (absolute) is a change to a watched map.
    pub fn relevant(&self, path: &Path) -> bool {
        if self.ignore.iter().any(|i| i == path) {
            return false;
        }
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        !hidden && Format::from_path(path).is_some() && self.dirs.iter().any(|d| path.starts_with(d))
    }

    /// The directories to watch, each with whether to watch below it: each
    /// named directory (recursively) and the directory of each named file.
    fn watched(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut out: Vec<(PathBuf, RecursiveMode)> =
            self.dirs.iter().map(|d| (d.clone(), RecursiveMode::Recursive)).collect();
        for f in &self.files {
            let dir = f.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
            if !out.iter().any(|(d, _)| *d == dir) {
                out.push((dir, RecursiveMode::NonRecursive));
            }
        }
        out
    }
}

/// Whether an event kind may change a file's content (reading a file, which
/// the command itself does, does not).
fn changes(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// A running watch of some maps; dropping it stops the watch.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    /// One message for each event that touches a watched map.
    pub changes: Receiver<()>,
}

impl Watch {
    /// Start watching the maps of `targets`.
    pub fn start(targets: Targets) -> Result<Watch, Error> {
        let (tx, rx): (Sender<()>, Receiver<()>) = channel();
        let dirs = targets.watched();
        let handler = move |event: notify::Result<notify::Event>| {
            // An error of the watch itself (an overflowed queue) may hide a change: run again.
            let touched = match event {
                Ok(e) => changes(&e.kind) && e.paths.iter().any(|p| targets.relevant(p)),
                Err(_) => true,
            };
            if touched {
                let _ = tx.send(());
            }
        };
        let mut watcher = notify::recommended_watcher(handler).map_err(|e| watch_error(Path::new("."), e))?;
        for (dir, mode) in dirs {
            watcher.watch(&dir, mode).map_err(|e| watch_error(&dir, e))?;
        }
        Ok(Watch { _watcher: watcher, changes: rx })
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::Io { path: path.to_path_buf(), source: std::io::Error::other(format!("cannot watch it: {e}")) }
}

/// Run `run` once, then again after each burst of messages on `changes`,
/// once no message has come for `quiet`. Returns when `changes` is closed,
/// or when `run` returns `false`. `run` is given the number of the run (1,
/// 2, …).
pub fn run_loop(changes: &Receiver<()>, quiet: Duration, mut run: impl FnMut(usize) -> bool) {
    let mut n = 1;
    if !run(n) {
        return;
    }
    while changes.recv().is_ok() {
        loop {
            match changes.recv_timeout(quiet) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                // The last burst is still run.
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        n += 1;
        if !run(n) {
            return;
        }
    }
}
