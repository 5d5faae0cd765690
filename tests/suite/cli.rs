//! End-to-end tests of the `elenchus` command line: help, version, exit
//! codes, `--quiet`, colour, standard input, directories, and the example map
//! of the foundation issue.

use crate::common;

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
    for cmd in [&[][..], &["check"]] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let r = run(&args);
        for line in ["0  success", "1  `check` found a tension", "2  unreadable or invalid input, or bad usage"] {
            assert!(r.stdout.contains(line), "`{}` lacks `{line}`", args.join(" "));
        }
    }
}

/// `validate` lists the exit codes it returns and no other: 0 for valid maps
/// (warnings included), 2 for an error; never 1.
#[test]
fn validate_help_lists_only_its_exit_codes() {
    let help = run(&["validate", "--help"]).stdout;
    let codes: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Exit codes:"))
        .skip(1)
        .filter_map(|l| l.trim_start().split_once("  ").map(|(code, _)| code))
        .filter(|c| c.parse::<u8>().is_ok())
        .collect();
    assert_eq!(codes, ["0", "2"], "{help}");
    // And those are the codes it returns: warnings alone give 0, an error 2.
    assert_eq!(run(&["validate", "tests/corpus/duplicate-relation.toml"]).code, 0);
    assert_eq!(run(&["validate", "tests/corpus/missing-text.toml"]).code, 2);
}

/// `-v` says, in the help of every command, what it adds for each command that uses it.
#[test]
fn verbose_help_names_the_commands_it_changes() {
    for cmd in [&["render"][..], &["stances"], &["import", "votes"], &["check"], &["validate"]] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let help = run(&args).stdout;
        let verbose = help.split("--verbose").nth(1).unwrap_or_else(|| panic!("no --verbose in {args:?}"));
        let text: String = verbose.split("\n  -").next().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [
            "`render` names the layout engine",
            "`stances` and `import votes` give the time",
            "other commands print nothing more",
        ] {
            assert!(text.contains(needle), "{args:?}: -v help {text:?} lacks {needle:?}");
        }
    }
}

/// As the help says, `-v` changes nothing in the output of the commands it does not name.
#[test]
fn verbose_changes_nothing_elsewhere() {
    for args in [
        &["validate", "tests/data/example.toml"][..],
        &["stats", "tests/data/example.toml"],
        &["check", "tests/data/example.toml"],
        &["check", "--format", "json", "tests/corpus/missing-text.toml"],
        &["rules"],
        &["explain", "unheeded-reason"],
    ] {
        let plain = run(args);
        let mut with_v = vec!["-v"];
        with_v.extend_from_slice(args);
        let verbose = run(&with_v);
        assert_eq!(
            (plain.code, &plain.stdout, &plain.stderr),
            (verbose.code, &verbose.stdout, &verbose.stderr),
            "{args:?}"
        );
        assert!(!plain.stdout.is_empty(), "{args:?}");
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
    assert!(r.stderr.contains("map files end in `.toml`, `.json` or `.argdown`"), "{}", r.stderr);
}

#[test]
fn warnings_alone_exit_0() {
    let r = run(&["validate", "tests/corpus/duplicate-relation.toml"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.ends_with("ok: 0 errors, 2 warnings in 1 map\n"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// --quiet

/// `validate -q` keeps the one-line summary; `-qq` leaves it out.
#[test]
fn quiet() {
    for args in
        [&["validate", "-qq", "tests/data/example.toml"][..], &["-q", "--quiet", "validate", "tests/data/example.json"]]
    {
        let r = run(args);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""), "{args:?}");
    }
    for args in
        [&["validate", "--quiet", "tests/data/example.toml"][..], &["-q", "validate", "tests/data/example.json"]]
    {
        let r = run(args);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "ok: 0 errors, 0 warnings in 1 map\n", ""));
    }
    // Problems are still reported, without the summary line.
    let loud = run(&["validate", "tests/corpus/unknown-claim.toml"]);
    let quiet = run(&["validate", "-qq", "tests/corpus/unknown-claim.toml"]);
    assert_eq!((loud.code, quiet.code), (2, 2));
    assert_eq!(format!("{}invalid: 5 errors, 0 warnings in 1 map\n", quiet.stdout), loud.stdout);
    assert_eq!(run(&["validate", "-q", "tests/corpus/unknown-claim.toml"]).stdout, loud.stdout);
    let quiet = run(&["validate", "-qq", "tests/corpus/duplicate-relation.json"]);
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
            r.stderr, "error: reading a map from standard input (`-`) needs `--input-format toml|json|argdown|aif`\n",
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
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: no `.toml`, `.json` or `.argdown` map files under `sub/deeper`\n")
    );
    // `stats` walks a directory too: each map's counts, then the total.
    let r = finish(elenchus().args(["stats", "sub"]).current_dir(&dir).output().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("== sub/b.json\nclaims: "), "{}", r.stdout);
    assert!(r.stdout.contains("\n== total (1 map)\nclaims: "), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// Input and output channels: pipes, closed output, directory walks, sizes.

/// A map with an error-level finding (`relation-conflict`): `check` exits 1.
const CONFLICT: &str = "[claims.a]\ntext = \"A.\"\n[claims.b]\ntext = \"B.\"\n\n\
[[relations]]\nfrom = \"a\"\nto = \"b\"\ntype = \"supports\"\n\n\
[[relations]]\nfrom = \"a\"\nto = \"b\"\ntype = \"attacks\"\n";

/// `elenchus check maps | head -1`: the reader goes away; the run ends
/// quietly with its own exit code (1 here), not 2 with "Broken pipe".
#[test]
fn broken_pipe_keeps_the_exit_code() {
    let dir = common::scratch("cli", "broken-pipe");
    // Far more output than a pipe holds, so that writing meets the closed pipe.
    for i in 0..400 {
        std::fs::write(dir.join(format!("m{i:03}.toml")), CONFLICT).unwrap();
    }
    let whole = run(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(whole.code, 1, "{}", whole.stderr);
    assert!(whole.stdout.len() > 1 << 17, "{}", whole.stdout.len());
    for format in ["human", "json", "sarif", "github"] {
        let mut child = elenchus()
            .args(["check".as_ref(), dir.as_os_str(), "--format".as_ref(), format.as_ref()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = finish(child.wait_with_output().unwrap());
        assert_eq!((out.code, out.stderr.as_str()), (1, ""), "{format}");
    }
}

/// `check map.toml >&-`: the report cannot be written; the run says so and
/// fails instead of losing it. A command that writes only to a file is fine.
#[test]
fn closed_standard_output_is_an_error() {
    let dir = common::scratch("cli", "closed-stdout");
    std::fs::write(dir.join("map.toml"), CONFLICT.replace("attacks", "implies")).unwrap();
    let sh =
        |script: &str| finish(Command::new("sh").arg("-c").arg(script).arg(BIN).current_dir(&dir).output().unwrap());
    let out = sh(r#"exec "$0" check map.toml >&-"#);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: cannot write"), "{}", out.stderr);
    assert!(out.stderr.contains("standard output is closed"), "{}", out.stderr);
    let out = sh(r#"exec "$0" stats map.toml >&-"#);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // Redirected to /dev/null it is written (and thrown away) as asked.
    assert_eq!(sh(r#"exec "$0" check map.toml >/dev/null"#).code, 0);
    let out = sh(r#"exec "$0" render map.toml --engine builtin -o map.svg >&-"#);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(std::fs::read_to_string(dir.join("map.svg")).unwrap().contains("<svg"));
}

/// Entries of a walked directory that are not regular files are reported
/// per file (`io`), without being opened, and the other maps are checked:
/// a symbolic link to a directory (it used to end the run), a dangling link,
/// a named pipe (it used to block forever) and a link to /dev/zero.
#[test]
fn directory_walks_report_what_is_not_a_file() {
    use std::os::unix::fs::symlink;
    // Its own directory: `directory_is_walked` runs at the same time.
    let dir = common::scratch("cli", "walk-special");
    std::fs::write(dir.join("good.toml"), CONFLICT).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    symlink(dir.join("sub"), dir.join("dir-link.toml")).unwrap();
    symlink(dir.join("nowhere.toml"), dir.join("dangling.toml")).unwrap();
    symlink("/dev/zero", dir.join("zero.json")).unwrap();
    let fifo = dir.join("pipe.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut child = elenchus()
        .args(["check".as_ref(), dir.as_os_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A hang would be a failure, not a stuck test run.
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("`check` on a directory with a named pipe did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = finish(child.wait_with_output().unwrap());
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stderr, "");
    let d = dir.display();
    for (name, what) in [
        ("dangling.toml", "No such file or directory"),
        ("dir-link.toml", "it is a directory, not a regular file"),
        ("pipe.toml", "it is a named pipe, not a regular file"),
        ("zero.json", "it is a device, not a regular file"),
    ] {
        assert!(out.stdout.contains(&format!("error[io]: cannot read `{d}/{name}`: {what}")), "{name}\n{}", out.stdout);
    }
    // The good map was checked: its finding is reported.
    assert!(out.stdout.contains("relation-conflict"), "{}", out.stdout);
    assert!(out.stdout.contains("in 5 maps; 4 invalid maps (4 input errors) could not be checked"), "{}", out.stdout);
    // Named on the command line, a named pipe is read (as `<(...)` is).
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, CONFLICT.replace("attacks", "implies")).unwrap())
    };
    let out = run(&["validate".as_ref(), fifo.as_os_str()]);
    writer.join().unwrap();
    assert_eq!((out.code, out.stdout.as_str()), (0, "ok: 0 errors, 0 warnings in 1 map\n"), "{}", out.stderr);
}

/// Reads are bounded by the maximum map size: a file over it, standard input
/// over it, a link to /dev/zero named on the command line; the option and the
/// environment variable set it.
#[test]
fn reads_are_bounded_by_the_maximum_map_size() {
    let dir = common::scratch("cli", "max-size");
    let map = dir.join("map.toml");
    let text = CONFLICT.replace("attacks", "implies");
    std::fs::write(&map, &text).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.toml")).unwrap();
    let over = "it is larger than the maximum map size of 100 bytes";
    let out = run(&["validate".as_ref(), map.as_os_str(), "--max-file-size".as_ref(), "100".as_ref()]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.starts_with(&format!("error[io]: cannot read `{}`: {over}", map.display())), "{}", out.stdout);
    // Large enough: read.
    let out = run(&["validate".as_ref(), map.as_os_str(), "--max-file-size".as_ref(), "1K".as_ref()]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    // The environment variable, and the option winning over it.
    let env = |args: &[&std::ffi::OsStr], size: &str| {
        finish(elenchus().args(args).env("ELENCHUS_MAX_FILE_SIZE", size).output().unwrap())
    };
    assert_eq!(env(&["validate".as_ref(), map.as_os_str()], "100").code, 2);
    assert_eq!(env(&["validate".as_ref(), map.as_os_str(), "--max-file-size".as_ref(), "1M".as_ref()], "100").code, 0);
    let bad = env(&["validate".as_ref(), map.as_os_str()], "lots");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.starts_with("error: ELENCHUS_MAX_FILE_SIZE: `lots` is not a size"), "{}", bad.stderr);
    // /dev/zero through a link named on the command line: read up to the bound, then refused.
    let zero = dir.join("zero.toml");
    let out = run(&["validate".as_ref(), zero.as_os_str(), "--max-file-size".as_ref(), "1M".as_ref()]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("it is larger than the maximum map size of 1MiB"), "{}", out.stdout);
    // Standard input.
    let out = run_stdin(&["validate", "-", "--input-format", "toml", "--max-file-size", "100"], text.as_bytes());
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with(&format!("error: cannot read `<stdin>`: {over}")), "{}", out.stderr);
    let out = run_stdin(&["validate", "-", "--input-format", "toml"], text.as_bytes());
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// `stances --format csv`: names starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return get a leading `'` (a spreadsheet shows them as text);
/// `--csv-raw` writes them as they are.
#[test]
fn stances_csv_guards_formulas() {
    let dir = common::scratch("cli", "csv");
    let map = dir.join("map.toml");
    std::fs::write(
        &map,
        "[claims.a]\ntext = \"A.\"\n[claims.b]\ntext = \"B.\"\n\
         [actors.x]\nname = \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\naffirms = [\"a\", \"b\"]\n\
         [actors.y]\nname = \"@SUM(1)\"\naffirms = [\"a\"]\ndenies = [\"b\"]\n\
         [actors.z]\nname = \"-2+3\"\naffirms = [\"a\"]\n\
         [actors.w]\nname = \"\\tTab\"\ndenies = [\"a\"]\n\
         [actors.v]\nname = \"+1\"\n\
         [actors.u]\nname = \"Plain = name\"\naffirms = [\"b\"]\n",
    )
    .unwrap();
    let csv = |extra: &[&str]| {
        let mut args = vec!["stances".as_ref(), map.as_os_str(), "--format".as_ref(), "csv".as_ref()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let out = run(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let guarded = csv(&[]);
    assert_eq!(
        guarded,
        "actor,name,a,b\n\
         x,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",affirms,affirms\n\
         y,'@SUM(1),affirms,denies\n\
         z,'-2+3,affirms,\n\
         w,'\tTab,denies,\n\
         v,'+1,,\n\
         u,Plain = name,,affirms\n"
    );
    let raw = csv(&["--csv-raw"]);
    assert!(raw.contains("\nx,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",affirms,affirms\n"), "{raw}");
    assert!(raw.contains("\ny,@SUM(1),") && raw.contains("\nz,-2+3,") && raw.contains("\nv,+1,"), "{raw}");
    // The ranking (names) is guarded too; ids never start with these characters.
    let like = csv(&["--like", "x"]);
    assert!(like.contains(",y,'@SUM(1),"), "{like}");
    assert!(csv(&["--like", "x", "--csv-raw"]).contains(",y,@SUM(1),"));
    // The help says so.
    let help = run(&["stances", "--help"]);
    assert!(help.stdout.contains("--csv-raw") && help.stdout.contains("as a formula"), "{}", help.stdout);
}
