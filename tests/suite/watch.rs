//! `check --watch` and `render --watch` (run again on change), and the
//! library's watch loop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use elenchus::watch::{Targets, run_loop};

use crate::common;

/// How long any one read of the child's output may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A `--watch` child whose standard output is read line by line on a thread,
/// so that every read can time out; killed when dropped.
struct Watched {
    child: Child,
    lines: Receiver<String>,
}

impl Watched {
    fn start(dir: &Path, args: &[&str]) -> Watched {
        let mut child = Command::new(env!("CARGO_BIN_EXE_elenchus"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run elenchus");
        let (tx, lines) = channel();
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        for stream in [Box::new(out) as Box<dyn std::io::Read + Send>, Box::new(err)] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watched { child, lines }
    }

    /// Read lines until one for which `done` holds; all lines read, in order.
    fn read_until(&self, what: &str, done: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let stop = done(&line);
                    seen.push(line);
                    if stop {
                        return seen;
                    }
                }
                Err(e) => panic!("no {what} within {TIMEOUT:?} ({e}); read:\n{}", seen.join("\n")),
            }
        }
    }

    /// Read one run's output: up to its summary line (standard output) and
    /// the watching line (standard error), which come in either order.
    fn read_run(&self, what: &str) -> Vec<String> {
        let seen = std::cell::Cell::new((false, false));
        let lines = self.read_until(what, |l| {
            let (mut summary, mut watching) = seen.get();
            summary |= l.contains(" in 1 map");
            watching |= l.contains("watching 1 path");
            seen.set((summary, watching));
            summary && watching
        });
        lines.into_iter().filter(|l| !l.contains("watching 1 path")).collect()
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn map_file(group: &str) -> (PathBuf, PathBuf) {
    let dir = common::scratch("watch", group);
    let map = dir.join("map.toml");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/example.toml")).unwrap();
    std::fs::write(&map, text).unwrap();
    (dir, map)
}

/// Replace `path` the way many editors save: a new file renamed over it.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_file_name(".map.toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn check_watch_runs_again_on_each_change_and_survives_a_bad_edit() {
    let (dir, map) = map_file("check");
    let w = Watched::start(&dir, &["--no-config", "check", "--watch", "map.toml"]);
    let first = w.read_run("first run");
    let last = first.last().unwrap();
    assert!(last.starts_with("0 errors, 1 warning"), "{first:?}");

    // A bad edit, written in place: its diagnostics, and the watch goes on.
    let good = std::fs::read_to_string(&map).unwrap();
    std::fs::write(&map, format!("{good}\nclaims = [\n")).unwrap();
    let second = w.read_run("second run");
    assert!(second.iter().any(|l| l.starts_with("error[syntax]")), "{second:?}");
    assert!(second.last().unwrap().contains("1 invalid map"), "{second:?}");

    // Fixed again, saved by rename: the first result comes back.
    save_by_rename(&map, &good);
    let third = w.read_run("third run");
    assert_eq!(third.last(), first.last(), "{third:?}");
}

#[test]
fn render_watch_draws_again_when_the_map_changes() {
    let (dir, map) = map_file("render");
    let out = dir.join("map.dot");
    let w = Watched::start(&dir, &["--no-config", "render", "--watch", "map.toml", "-o", "map.dot"]);
    w.read_until("the watching line", |l| l.contains("watching 1 path"));
    let before = std::fs::read_to_string(&out).unwrap();
    assert!(before.contains("Cambodia and the Ukraine votes") && !before.contains("A new title"), "{before}");
    let text = std::fs::read_to_string(&map).unwrap();
    std::fs::write(&map, text.replace("Cambodia and the Ukraine votes", "A new title")).unwrap();
    // The run the edit starts.
    w.read_until("the watching line", |l| l.contains("watching 1 path"));
    let after = std::fs::read_to_string(&out).unwrap();
    assert!(after.contains("A new title"), "{after}");
}

#[test]
fn watch_refuses_standard_input() {
    let out = common::run(&["--no-config", "check", "--watch", "--input-format", "toml", "-"], "");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("standard input"), "{}", out.stderr);
}

/// The loop runs once at the start, once per burst of changes (however many
/// messages the burst has), and stops when the channel closes.
#[test]
fn loop_runs_once_per_burst() {
    let (tx, rx) = channel();
    let quiet = Duration::from_millis(100);
    let feeder = std::thread::spawn(move || {
        for burst in [5, 1, 3] {
            std::thread::sleep(Duration::from_millis(300));
            for _ in 0..burst {
                tx.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        // Dropping the sender closes the channel.
    });
    let mut runs = Vec::new();
    run_loop(&rx, quiet, |n| {
        runs.push(n);
        true
    });
    feeder.join().unwrap();
    assert_eq!(runs, [1, 2, 3, 4]);
}

/// A run that returns `false` ends the loop at once.
#[test]
fn loop_stops_when_the_run_says_so() {
    let (tx, rx) = channel();
    for _ in 0..10 {
        tx.send(()).unwrap();
    }
    let mut runs = 0;
    run_loop(&rx, Duration::from_millis(10), |n| {
        runs += 1;
        n < 2
    });
    assert_eq!(runs, 2);
}

#[test]
fn targets_pick_the_maps_watched() {
    let dir = common::scratch("watch", "targets");
    let sub = dir.join("maps");
    std::fs::create_dir_all(&sub).unwrap();
    let file = dir.join("one.toml");
    std::fs::write(&file, "").unwrap();
    let out = sub.join("report.json");
    let t = Targets::new(&[file.clone(), sub.clone()], std::slice::from_ref(&out)).unwrap();
    assert!(t.relevant(&file));
    assert!(!t.relevant(&dir.join("other.toml")), "a sibling of a file named is not watched");
    assert!(t.relevant(&sub.join("deep/two.json")));
    assert!(!t.relevant(&sub.join("notes.txt")), "not a map");
    assert!(!t.relevant(&sub.join(".two.toml.123.tmp")), "hidden");
    assert!(!t.relevant(&out), "the command's own output");
}
