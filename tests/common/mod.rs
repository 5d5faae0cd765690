//! Helpers shared by the tests: `tests/suite/main.rs` includes this module,
//! and each test module uses what it needs (`use crate::common;`).
#![allow(dead_code)]

pub mod oracle;
pub mod schema;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use graphviz_rust::dot_structures::{Id, Stmt};
use serde_json::{Value, json};

/// The maps shipped in maps/ (`*.toml`), sorted by path.
pub fn shipped_maps() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("maps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the binary in `dir`, with `stdin` as standard input (or none).
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_elenchus"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run elenchus");
    if let Some(text) = stdin {
        // The command may exit before reading (a usage error): ignore a broken pipe.
        let _ = child.stdin.take().expect("stdin").write_all(text.as_bytes());
    }
    let out = child.wait_with_output().expect("wait for elenchus");
    Out {
        code: out.status.code().expect("elenchus was killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Run the binary in the crate's root with `stdin` as standard input.
pub fn run(args: &[&str], stdin: &str) -> Out {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, Some(stdin))
}

/// A fresh, empty scratch directory for one test: `name` under a directory
/// of the test binary (`group`) and of this process, in Cargo's temporary
/// directory for tests, so that runs sharing the target directory do not race.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{group}-{}", std::process::id())).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear scratch directory");
    }
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

/// The SARIF 2.1.0 schema as shipped in `tests/`, built once. That copy
/// (draft-07) keeps the root schema under `definitions/Root` and validates
/// nothing at its top level, so the validator is built for
/// `#/definitions/Root`.
pub fn sarif_validator() -> &'static schema::Validator {
    static VALIDATOR: OnceLock<schema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif-schema-2.1.0.json");
        let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let root = &schema["definitions"]["Root"];
        assert_eq!(root["required"], json!(["version", "runs"]), "the schema's root is not where it was");
        schema["$ref"] = json!("#/definitions/Root");
        // The official schema's pattern for `language` (on `run` and on
        // `toolComponent`) has a stray `]`: a literal in ECMA-262 regexes, but
        // rejected by the meta-schema's strict `regex` format check. Escape
        // it: the same language, and the schema compiles.
        for owner in ["run", "toolComponent"] {
            let language = &mut schema["definitions"][owner]["properties"]["language"]["pattern"];
            assert_eq!(*language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", "{owner}.language");
            *language = json!(r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$");
        }
        schema::Validator::new(&schema).expect("the SARIF schema compiles")
    })
}

/// Undo the `%XX` escapes of GitHub workflow commands.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape in {s}")));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Every statement of a parsed DOT graph, subgraphs flattened.
pub fn flatten(stmts: &[Stmt], out: &mut Vec<Stmt>) {
    for s in stmts {
        if let Stmt::Subgraph(g) = s {
            flatten(&g.stmts, out);
        }
        out.push(s.clone());
    }
}

/// The text of a DOT id, whatever its kind.
pub fn id_str(id: &Id) -> &str {
    match id {
        Id::Html(s) | Id::Escaped(s) | Id::Plain(s) | Id::Anonymous(s) => s,
    }
}

/// The text lines an HTML-like label shows: split at `<BR/>`, tags dropped,
/// entities and Graphviz's `\\` undone.
pub fn html_lines(label: &str) -> Vec<String> {
    let inner = label.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap();
    inner
        .split("<BR/>")
        .map(|part| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in part.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            elenchus::render::text::xml_unescape(&text).replace("\\\\", "\\")
        })
        .collect()
}

/// The proptest configuration every property test uses: `cases` cases
/// (`PROPTEST_CASES=N` overrides), no failure files, and a fixed seed, so a
/// run is reproducible and CI does not turn red by chance.
/// `PROPTEST_RNG_SEED=N` picks another seed, `PROPTEST_RNG_SEED=random` a
/// fresh one per run (do that before a release; see docs/robustness.md).
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(cases);
    let rng_seed = match std::env::var("PROPTEST_RNG_SEED").as_deref() {
        Ok("random") => RngSeed::Random,
        Ok(n) => RngSeed::Fixed(n.parse().expect("PROPTEST_RNG_SEED: a number or `random`")),
        Err(_) => RngSeed::Fixed(0x0e1e_9c05),
    };
    Config { cases, failure_persistence: None, max_shrink_iters: 2048, rng_seed, ..Config::default() }
}
