//! End-to-end tests of the `elenchus` command line: help, version, exit
//! codes, `--quiet`, colour, standard input, directories, and the example map
//! of the foundation issue.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

fn corpus(name: &str) -> PathBuf {
    root().join("tests/corpus").join(name)
}

/// A command for the binary, with a clean colour environment.
fn elenchus() -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR").current_dir(root());
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}", out.status)),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    finish(elenchus().args(args).output().unwrap())
}

fn run_stdin(args: &[&str], input: &[u8]) -> Run {
    let mut child =
        elenchus().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // The command may exit before it reads its input (a usage error).
    let _ = child.stdin.take().unwrap().write_all(input);
    finish(child.wait_with_output().unwrap())
}

// ---------------------------------------------------------------------------
// Help and version.

/// Every command and subcommand, from the argument definitions themselves.
fn all_commands() -> Vec<Vec<String>> {
    use clap::CommandFactory;
    fn walk(c: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in c.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, p, out);
        }
    }
    let mut out = vec![Vec::new()];
    walk(&elenchus::cli::Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn help_on_every_command() {
    let commands = all_commands();
    for expected in ["validate", "stats", "check", "rules", "explain", "render", "import votes", "stances"] {
        assert!(commands.iter().any(|c| c.join(" ") == expected), "no command `{expected}` in {commands:?}");
    }
    for cmd in &commands {
        for flag in ["--help", "-h"] {
            let mut args = cmd.clone();
            args.push(flag.into());
            let r = run(&args);
            let name = cmd.join(" ");
            assert_eq!(r.code, 0, "`{name} {flag}`: {}", r.stderr);
            assert_eq!(r.stderr, "", "`{name} {flag}`");
            let usage = format!("Usage: elenchus {name}").trim_end().to_string();
            assert!(r.stdout.contains(&usage), "`{name} {flag}` shows no `{usage}`:\n{}", r.stdout);
        }
    }
}

/// The top level, and the commands that give a verdict on maps (`validate`,
/// `check`), draw them (`render`) or write them (`import votes`), say what
/// their exit codes mean.
#[test]
fn help_mentions_exit_codes() {
    for cmd in [&[][..], &["validate"], &["check"], &["render"], &["import", "votes"]] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let r = run(&args);
        assert_eq!(r.code, 0);
        let text = r.stdout.to_lowercase();
        assert!(text.contains("exit code"), "`{}` does not mention exit codes:\n{}", args.join(" "), r.stdout);
        assert!(text.contains('2'), "`{}`", args.join(" "));
    }
    for cmd in [&[][..], &["validate"], &["check"]] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let r = run(&args);
        for line in ["0  success", "1  `check` found a tension", "2  unreadable or invalid input, or bad usage"] {
            assert!(r.stdout.contains(line), "`{}` lacks `{line}`", args.join(" "));
        }
    }
}

#[test]
fn version() {
    for flag in ["--version", "-V"] {
        let r = run(&[flag]);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "elenchus 0.1.0\n", ""));
        assert_eq!(r.stdout, format!("elenchus {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["validate"][..],
        &["--no-such-flag"],
        &["no-such-command"],
        &["stats"],
        &["validate", "--input-format", "yaml", "-"],
        &[],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert_eq!(r.stdout, "", "{args:?}: usage errors go to standard error");
        assert!(!r.stderr.is_empty(), "{args:?}");
    }
    let r = run(&["explain", "orphan-claims"]);
    assert_eq!((r.code, r.stderr.as_str()), (2, "error: unknown rule `orphan-claims`; did you mean `orphan-claim`?\n"));
}

// ---------------------------------------------------------------------------
// The example map of the foundation issue.

const EXAMPLE_STATS: &str = "\
claims: 3
  principle: 1
  proposal: 2
relations: 2
  supports: 2
actors: 1
stances: 2
  affirms: 1
  abstains: 1
";

#[test]
fn example_validates() {
    for file in ["example.toml", "example.json"] {
        let r = run(&["validate".as_ref(), data(file).as_os_str()]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, "ok: 0 errors, 0 warnings in 1 map\n", ""),
            "{file}"
        );
    }
    let r = run(&["validate", "tests/data/example.toml", "tests/data/example.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "ok: 0 errors, 0 warnings in 2 maps\n"));
}

#[test]
fn example_stats_text() {
    for file in ["example.toml", "example.json"] {
        let r = run(&["stats".as_ref(), data(file).as_os_str()]);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, EXAMPLE_STATS, ""), "{file}");
    }
}

#[test]
fn example_stats_json() {
    let expected = serde_json::json!({
        "claims": 3,
        "claims_by_kind": {"principle": 1, "proposal": 2},
        "relations": 2,
        "relations_by_type": {"supports": 2},
        "actors": 1,
        "stances": 2,
        "stances_by_position": {"affirms": 1, "abstains": 1}
    });
    for file in ["example.toml", "example.json"] {
        let r = run(&["stats".as_ref(), "--json".as_ref(), data(file).as_os_str()]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{file}");
        let got: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(got, expected, "{file}");
    }
}

// ---------------------------------------------------------------------------
// Exit codes and messages of unreadable input.

#[test]
fn invalid_map_exits_2() {
    let r = run(&["validate", "tests/corpus/missing-text.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.starts_with("error[missing-key]: claim `b` has no `text`\n --> tests/corpus/missing-text.toml:4:9\n")
    );
    assert!(r.stdout.ends_with("invalid: 1 error, 0 warnings in 1 map\n"), "{}", r.stdout);
    // `stats` needs a valid map: the diagnostics go to standard error.
    let r = run(&["stats", "tests/corpus/missing-text.toml"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.starts_with("error[missing-key]: claim `b` has no `text`\n"), "{}", r.stderr);
    assert!(r.stderr.ends_with("error: `tests/corpus/missing-text.toml` has 1 error(s)\n"), "{}", r.stderr);
}

#[test]
fn unreadable_paths_exit_2() {
    let r = run(&["validate", "tests/data/no-such-map.toml"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(r.stderr, "error: cannot read `tests/data/no-such-map.toml`: No such file or directory (os error 2)\n");
    let dir = common::scratch("cli", "formats");
    std::fs::write(dir.join("map.yaml"), "claims: {}\n").unwrap();
    let r = run(&["validate".as_ref(), dir.join("map.yaml").as_os_str()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot tell the format of"), "{}", r.stderr);
    assert!(r.stderr.contains("map files end in `.toml` or `.json`"), "{}", r.stderr);
}

#[test]
fn warnings_alone_exit_0() {
    let r = run(&["validate", "tests/corpus/duplicate-relation.toml"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.ends_with("ok: 0 errors, 2 warnings in 1 map\n"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// --quiet

#[test]
fn quiet() {
    for args in
        [&["validate", "--quiet", "tests/data/example.toml"][..], &["-q", "validate", "tests/data/example.json"]]
    {
        let r = run(args);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""), "{args:?}");
    }
    // Problems are still reported, without the summary line.
    let loud = run(&["validate", "tests/corpus/unknown-claim.toml"]);
    let quiet = run(&["validate", "--quiet", "tests/corpus/unknown-claim.toml"]);
    assert_eq!((loud.code, quiet.code), (2, 2));
    assert_eq!(format!("{}invalid: 5 errors, 0 warnings in 1 map\n", quiet.stdout), loud.stdout);
    let quiet = run(&["validate", "-q", "tests/corpus/duplicate-relation.json"]);
    assert_eq!(quiet.code, 0);
    assert_eq!(quiet.stdout.matches("warning[duplicate-relation]").count(), 2);
    assert!(!quiet.stdout.contains("ok:"));
}

// ---------------------------------------------------------------------------
// Colour. As implemented in `src/cli/mod.rs`: `--color always` colours and
// `--color never` does not, whatever NO_COLOR says; `auto` (the default)
// colours only a terminal, and not when NO_COLOR is set to a non-empty value.

const INVALID: &str = "tests/corpus/unknown-claim.toml";

fn has_ansi(s: &str) -> bool {
    s.contains('\x1b')
}

#[test]
fn no_colour_when_not_a_terminal() {
    for extra in [&[][..], &["--color", "auto"]] {
        let mut args = vec!["validate", INVALID];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, 2);
        assert!(r.stdout.contains("error[unknown-reference]"));
        assert!(!has_ansi(&r.stdout), "{args:?}");
        // Standard error, for `stats`.
        let r = run(&["stats", INVALID]);
        assert!(r.stderr.contains("error[unknown-reference]"));
        assert!(!has_ansi(&r.stderr));
    }
    let r = run(&["--color", "never", "validate", INVALID]);
    assert!(!has_ansi(&r.stdout));
}

#[test]
fn color_always_forces_colour() {
    let r = run(&["validate", "--color", "always", INVALID]);
    assert_eq!(r.code, 2);
    assert!(has_ansi(&r.stdout), "{}", r.stdout);
    let r = run(&["stats", "--color", "always", INVALID]);
    assert!(has_ansi(&r.stderr), "{}", r.stderr);
    // NO_COLOR wins even over `always`.
    let r = finish(elenchus().args(["validate", "--color", "always", INVALID]).env("NO_COLOR", "1").output().unwrap());
    assert!(!has_ansi(&r.stdout), "{}", r.stdout);
    let r = finish(elenchus().args(["validate", "--color", "never", INVALID]).env("NO_COLOR", "1").output().unwrap());
    assert!(!has_ansi(&r.stdout));
    // Without the escapes, the coloured output is the plain output.
    let plain = run(&["validate", INVALID]).stdout;
    let coloured = run(&["validate", "--color=always", INVALID]).stdout;
    assert_eq!(strip_ansi(&coloured), plain);
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ params final-byte
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `auto` on a real terminal: colour, unless NO_COLOR is set (and not empty).
#[cfg(target_os = "linux")]
#[test]
fn auto_colour_on_a_terminal() {
    let run_tty = |no_color: Option<&str>| -> Option<String> {
        let (master, slave) = pty::open()?;
        let mut cmd = elenchus();
        cmd.args(["validate", INVALID]).stdin(Stdio::null()).stdout(slave.try_clone().unwrap()).stderr(slave);
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let reader = std::thread::spawn(move || pty::read_all(master));
        let status = cmd.status().unwrap();
        drop(cmd); // closes the parent's copies of the terminal
        let out = reader.join().unwrap();
        assert_eq!(status.code(), Some(2));
        Some(out)
    };
    let Some(tty) = run_tty(None) else {
        eprintln!("note: no pseudo-terminal available; `auto` on a terminal is not checked");
        return;
    };
    assert!(tty.contains("error"), "{tty:?}");
    assert!(has_ansi(&tty), "auto colours a terminal:\n{tty}");
    let tty = run_tty(Some("1")).unwrap();
    assert!(tty.contains("error"), "{tty:?}");
    assert!(!has_ansi(&tty), "NO_COLOR=1 turns colour off:\n{tty}");
    let tty = run_tty(Some("")).unwrap();
    assert!(has_ansi(&tty), "an empty NO_COLOR is not set:\n{tty}");
}

/// A pseudo-terminal from the C library (std links it already).
#[cfg(target_os = "linux")]
mod pty {
    use std::ffi::{CStr, c_char, c_int};
    use std::fs::{File, OpenOptions};
    use std::io::Read;
    use std::os::fd::FromRawFd;

    unsafe extern "C" {
        fn posix_openpt(flags: c_int) -> c_int;
        fn grantpt(fd: c_int) -> c_int;
        fn unlockpt(fd: c_int) -> c_int;
        fn ptsname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int;
    }

    const O_RDWR: c_int = 0o2;
    const O_NOCTTY: c_int = 0o400;

    /// The master and the slave side of a new pseudo-terminal.
    pub fn open() -> Option<(File, File)> {
        // SAFETY: plain calls into the C library with a valid buffer; the
        // descriptor is owned by the `File` from here on.
        unsafe {
            let fd = posix_openpt(O_RDWR | O_NOCTTY);
            if fd < 0 {
                return None;
            }
            let master = File::from_raw_fd(fd);
            if grantpt(fd) != 0 || unlockpt(fd) != 0 {
                return None;
            }
            let mut buf = [0 as c_char; 128];
            if ptsname_r(fd, buf.as_mut_ptr(), buf.len()) != 0 {
                return None;
            }
            let name = CStr::from_ptr(buf.as_ptr()).to_str().ok()?.to_owned();
            let slave = OpenOptions::new().read(true).write(true).open(name).ok()?;
            Some((master, slave))
        }
    }

    /// Read until every slave descriptor is closed (Linux then reports EIO).
    pub fn read_all(mut master: File) -> String {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

// ---------------------------------------------------------------------------
// Standard input.

#[test]
fn stdin_with_input_format() {
    let toml = std::fs::read(data("example.toml")).unwrap();
    let json = std::fs::read(data("example.json")).unwrap();
    let r = run_stdin(&["validate", "-", "--input-format", "toml"], &toml);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "ok: 0 errors, 0 warnings in 1 map\n", ""));
    let r = run_stdin(&["validate", "--input-format", "json", "-"], &json);
    assert_eq!((r.code, r.stdout.as_str()), (0, "ok: 0 errors, 0 warnings in 1 map\n"));
    let r = run_stdin(&["stats", "-", "--input-format", "json"], &json);
    assert_eq!((r.code, r.stdout.as_str()), (0, EXAMPLE_STATS));
    let r = run_stdin(&["stats", "--json", "--input-format", "toml", "-"], &toml);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!((v["claims"].as_u64(), v["relations"].as_u64(), v["stances"].as_u64()), (Some(3), Some(2), Some(2)));
}

#[test]
fn stdin_problems_name_stdin() {
    let bad = std::fs::read(corpus("missing-text.json")).unwrap();
    let r = run_stdin(&["validate", "-", "--input-format", "json"], &bad);
    assert_eq!(r.code, 2);
    assert!(r.stdout.starts_with("error[missing-key]: claim `b` has no `text`\n --> <stdin>:4:5\n"), "{}", r.stdout);
    // The wrong format is a syntax error, not a crash.
    let toml = std::fs::read(data("example.toml")).unwrap();
    let r = run_stdin(&["validate", "-", "--input-format", "json"], &toml);
    assert_eq!(r.code, 2);
    assert!(r.stdout.starts_with("error[syntax]: invalid JSON: "), "{}", r.stdout);
    assert!(r.stdout.contains(" --> <stdin>:1:2\n"), "{}", r.stdout);
}

#[test]
fn stdin_without_input_format() {
    let toml = std::fs::read(data("example.toml")).unwrap();
    for cmd in ["validate", "stats"] {
        let r = run_stdin(&[cmd, "-"], &toml);
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{cmd}");
        assert_eq!(
            r.stderr, "error: reading a map from standard input (`-`) needs `--input-format toml|json`\n",
            "{cmd}"
        );
    }
}

// ---------------------------------------------------------------------------
// Directories.

#[test]
fn directory_is_walked() {
    let dir = common::scratch("cli", "walk");
    std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    std::fs::copy(data("example.toml"), dir.join("a.toml")).unwrap();
    std::fs::copy(data("example.json"), dir.join("sub/b.json")).unwrap();
    std::fs::copy(corpus("missing-text.toml"), dir.join("sub/deeper/c.toml")).unwrap();
    // Not walked: hidden entries and other extensions.
    std::fs::copy(corpus("missing-text.toml"), dir.join(".hidden/x.toml")).unwrap();
    std::fs::copy(corpus("missing-text.toml"), dir.join(".dot.toml")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a map").unwrap();
    std::fs::write(dir.join("sub/README.md"), "# not a map").unwrap();

    let r = finish(elenchus().args(["validate", "."]).current_dir(&dir).output().unwrap());
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(" --> ./sub/deeper/c.toml:4:9\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("hidden") && !r.stdout.contains(".dot.toml"), "{}", r.stdout);
    assert!(r.stdout.ends_with("invalid: 1 error, 0 warnings in 3 maps\n"), "{}", r.stdout);

    // Only the valid ones.
    let r = finish(elenchus().args(["validate", "a.toml", "sub"]).current_dir(&dir).output().unwrap());
    assert!(r.stdout.starts_with("error[missing-key]"), "the walk goes into sub/deeper: {}", r.stdout);
    std::fs::remove_file(dir.join("sub/deeper/c.toml")).unwrap();
    let r = finish(elenchus().args(["validate", "."]).current_dir(&dir).output().unwrap());
    assert_eq!((r.code, r.stdout.as_str()), (0, "ok: 0 errors, 0 warnings in 2 maps\n"));

    // A directory without maps is bad usage.
    let r = finish(elenchus().args(["validate", "sub/deeper"]).current_dir(&dir).output().unwrap());
    assert_eq!((r.code, r.stderr.as_str()), (2, "error: no `.toml` or `.json` map files under `sub/deeper`\n"));
    // `stats` takes one file, not a directory.
    let r = finish(elenchus().args(["stats", "sub"]).current_dir(&dir).output().unwrap());
    assert_eq!((r.code, r.stderr.as_str()), (2, "error: `sub` is a directory, not a map file\n"));
}
