//! The bad-input corpus: every file under `tests/corpus/`, and cases built
//! here (bytes that cannot sit in a text file in git, huge inputs, a
//! directory, an unreadable file), run through `elenchus validate`.
//!
//! Each case asserts the exit code and snapshots the exact output
//! (`tests/suite/snapshots/`), and asserts directly, through the library, the code
//! and line:column of the first diagnostic and the numbers of errors and
//! warnings. The CLI's first `-->` position is checked against the library's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use elenchus::diag::{Code, Level};
use elenchus::load::{Loaded, load_bytes, load_file};
use elenchus::source::Format;

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// A fresh, empty scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus").join(name);
    if dir.exists() {
        make_writable(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Give back write permission below `dir` (a previous run may have left an
/// unreadable file behind).
fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let _ = std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o755));
        if e.path().is_dir() {
            make_writable(&e.path());
        }
    }
}

/// What a case must give.
#[derive(Debug, Clone, Copy)]
struct Expect {
    exit: i32,
    /// Code and level of the first diagnostic (in file order).
    code: Code,
    level: Level,
    line: usize,
    column: usize,
    errors: usize,
    warnings: usize,
}

fn format_of(file: &str) -> Format {
    Format::from_path(Path::new(file)).expect("a .toml or .json case")
}

/// Load through the library (as the CLI does) and check the first diagnostic.
fn check_library(dir: &Path, file: &str, e: &Expect) -> Loaded {
    let path = dir.join(file);
    let bytes = std::fs::read(&path).unwrap();
    let loaded = load_bytes(file.to_string(), Some(path), bytes, format_of(file));
    let first = loaded.diagnostics.first().unwrap_or_else(|| panic!("{file}: no diagnostic"));
    let pos = first.position(&loaded.file);
    assert_eq!(
        (first.code, first.level, pos.line, pos.column),
        (e.code, e.level, e.line, e.column),
        "{file}: first diagnostic: {}",
        first.short(&loaded.file)
    );
    assert_eq!((loaded.errors(), loaded.warnings()), (e.errors, e.warnings), "{file}: errors and warnings");
    assert_eq!(loaded.map.is_some(), e.errors == 0, "{file}: a map exactly when there is no error");
    loaded
}

/// Run the binary in `dir` and return (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).current_dir(dir).env_remove("NO_COLOR").output().unwrap();
    let code = out.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}", out.status));
    (code, String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// `validate FILE` in `dir`: exit code, snapshot, and the CLI's first
/// position agrees with the library's.
fn check_cli(dir: &Path, file: &str, e: &Expect) {
    let (code, stdout, stderr) = run(dir, &["validate", file]);
    assert_eq!(code, e.exit, "{file}: exit code\n{stdout}{stderr}");
    assert_eq!(stderr, "", "{file}: validate writes diagnostics to stdout");
    assert!(!stdout.contains('\x1b'), "{file}: no colour when stdout is not a terminal");
    let arrow = stdout.lines().map(str::trim_start).find(|l| l.starts_with("--> "));
    assert_eq!(arrow, Some(format!("--> {file}:{}:{}", e.line, e.column).as_str()), "{file}: first position");
    let verdict = if e.errors == 0 { "ok" } else { "invalid" };
    assert!(stdout.starts_with(&format!("{}[{}]", e.level, e.code)), "{file}: first message\n{stdout}");
    assert!(stdout.ends_with("in 1 map\n"), "{file}: summary\n{stdout}");
    assert!(stdout.lines().last().unwrap().starts_with(verdict), "{file}: verdict\n{stdout}");
    insta::assert_snapshot!(file, format!("exit code: {code}\n{stdout}"));
}

fn case(file: &str, e: Expect) -> Loaded {
    let dir = corpus_dir();
    let loaded = check_library(&dir, file, &e);
    check_cli(&dir, file, &e);
    loaded
}

/// A case whose file is written by the test.
fn generated(file: &str, bytes: &[u8], e: Expect) -> Loaded {
    let dir = scratch(file);
    std::fs::write(dir.join(file), bytes).unwrap();
    let loaded = check_library(&dir, file, &e);
    check_cli(&dir, file, &e);
    loaded
}

/// A generated case that must load with no diagnostic at all.
fn generated_ok(file: &str, bytes: &[u8]) -> Loaded {
    let dir = scratch(file);
    std::fs::write(dir.join(file), bytes).unwrap();
    let loaded = load_bytes(file.to_string(), None, bytes.to_vec(), format_of(file));
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.short(&loaded.file)).collect();
    assert!(loaded.diagnostics.is_empty(), "{file}: {shown:#?}");
    assert!(loaded.map.is_some());
    let (code, stdout, stderr) = run(&dir, &["validate", file]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "ok: 0 errors, 0 warnings in 1 map\n", ""), "{file}");
    loaded
}

macro_rules! corpus {
    ($($test:ident: $file:literal => $exit:literal, $level:ident $code:ident at $line:literal:$col:literal,
        $errors:literal errors, $warnings:literal warnings;)*) => {
        /// Every file of `tests/corpus/`, each with its test below.
        const FILES: &[&str] = &[$($file),*];
        $(
            #[test]
            fn $test() {
                case($file, Expect {
                    exit: $exit,
                    code: Code::$code,
                    level: Level::$level,
                    line: $line,
                    column: $col,
                    errors: $errors,
                    warnings: $warnings,
                });
            }
        )*
    };
}

corpus! {
    // Syntax errors.
    syntax_header_toml: "syntax-header.toml" => 2, Error Syntax at 4:10, 1 errors, 0 warnings;
    syntax_header_json: "syntax-header.json" => 2, Error Syntax at 3:3, 1 errors, 0 warnings;
    syntax_string_toml: "syntax-string.toml" => 2, Error Syntax at 2:38, 1 errors, 0 warnings;
    syntax_string_json: "syntax-string.json" => 2, Error Syntax at 3:45, 1 errors, 0 warnings;
    // Missing required keys.
    missing_text_toml: "missing-text.toml" => 2, Error MissingKey at 4:9, 1 errors, 0 warnings;
    missing_text_json: "missing-text.json" => 2, Error MissingKey at 4:5, 1 errors, 0 warnings;
    missing_keys_toml: "missing-relation-keys.toml" => 2, Error MissingKey at 6:1, 9 errors, 0 warnings;
    missing_keys_json: "missing-relation-keys.json" => 2, Error MissingKey at 4:17, 9 errors, 0 warnings;
    // Wrong types, for every key of every table.
    wrong_type_document_json: "wrong-type-document.json" => 2, Error WrongType at 1:1, 1 errors, 0 warnings;
    wrong_type_top_toml: "wrong-type-top.toml" => 2, Error WrongType at 1:7, 7 errors, 0 warnings;
    wrong_type_top_json: "wrong-type-top.json" => 2, Error WrongType at 2:10, 7 errors, 0 warnings;
    wrong_type_entries_toml: "wrong-type-entries.toml" => 2, Error WrongType at 1:14, 5 errors, 0 warnings;
    wrong_type_entries_json: "wrong-type-entries.json" => 2, Error WrongType at 3:10, 5 errors, 0 warnings;
    wrong_type_map_toml: "wrong-type-map.toml" => 2, Error WrongType at 2:9, 4 errors, 0 warnings;
    wrong_type_map_json: "wrong-type-map.json" => 2, Error WrongType at 3:14, 4 errors, 0 warnings;
    wrong_type_claim_toml: "wrong-type-claim.toml" => 2, Error WrongType at 2:8, 13 errors, 0 warnings;
    wrong_type_claim_json: "wrong-type-claim.json" => 2, Error WrongType at 4:15, 13 errors, 0 warnings;
    wrong_type_actor_toml: "wrong-type-actor.toml" => 2, Error WrongType at 5:8, 7 errors, 0 warnings;
    wrong_type_actor_json: "wrong-type-actor.json" => 2, Error WrongType at 5:15, 7 errors, 0 warnings;
    wrong_type_relation_toml: "wrong-type-relation.toml" => 2, Error WrongType at 8:6, 8 errors, 0 warnings;
    wrong_type_relation_json: "wrong-type-relation.json" => 2, Error WrongType at 7:12, 8 errors, 0 warnings;
    wrong_type_stance_toml: "wrong-type-stance.toml" => 2, Error WrongType at 7:9, 8 errors, 0 warnings;
    wrong_type_stance_json: "wrong-type-stance.json" => 2, Error WrongType at 6:16, 8 errors, 0 warnings;
    wrong_type_checks_toml: "wrong-type-checks.toml" => 2, Error WrongType at 5:16, 3 errors, 0 warnings;
    wrong_type_checks_json: "wrong-type-checks.json" => 2, Error WrongType at 4:21, 3 errors, 0 warnings;
    wrong_type_acknowledged_toml: "wrong-type-acknowledged.toml" => 2, Error WrongType at 7:8, 5 errors, 0 warnings;
    wrong_type_acknowledged_json: "wrong-type-acknowledged.json" => 2, Error WrongType at 5:14, 5 errors, 0 warnings;
    // Unknown keys, with and without a near miss.
    unknown_key_toml: "unknown-key.toml" => 2, Error UnknownKey at 1:1, 8 errors, 0 warnings;
    unknown_key_json: "unknown-key.json" => 2, Error UnknownKey at 2:3, 8 errors, 0 warnings;
    unknown_key_no_suggestion_toml: "unknown-key-no-suggestion.toml" => 2, Error UnknownKey at 3:1, 1 errors, 0 warnings;
    unknown_key_no_suggestion_json: "unknown-key-no-suggestion.json" => 2, Error UnknownKey at 1:39, 1 errors, 0 warnings;
    // Values outside their set.
    unknown_position_toml: "unknown-position.toml" => 2, Error InvalidValue at 9:12, 2 errors, 0 warnings;
    unknown_position_json: "unknown-position.json" => 2, Error InvalidValue at 5:53, 2 errors, 0 warnings;
    unknown_relation_type_toml: "unknown-relation-type.toml" => 2, Error InvalidValue at 10:8, 2 errors, 0 warnings;
    unknown_relation_type_json: "unknown-relation-type.json" => 2, Error InvalidValue at 4:38, 2 errors, 0 warnings;
    invalid_level_toml: "invalid-level.toml" => 2, Error InvalidValue at 5:16, 2 errors, 0 warnings;
    invalid_level_json: "invalid-level.json" => 2, Error InvalidValue at 3:30, 2 errors, 0 warnings;
    // Dangling references.
    unknown_claim_toml: "unknown-claim.toml" => 2, Error UnknownReference at 3:13, 5 errors, 0 warnings;
    unknown_claim_json: "unknown-claim.json" => 2, Error UnknownReference at 5:20, 5 errors, 0 warnings;
    unknown_actor_toml: "unknown-actor.toml" => 2, Error UnknownReference at 8:9, 3 errors, 0 warnings;
    unknown_actor_json: "unknown-actor.json" => 2, Error UnknownReference at 5:15, 3 errors, 0 warnings;
    unknown_relation_id_toml: "unknown-relation-id.toml" => 2, Error UnknownReference at 3:14, 2 errors, 0 warnings;
    unknown_relation_id_json: "unknown-relation-id.json" => 2, Error UnknownReference at 3:45, 2 errors, 0 warnings;
    unknown_rule_toml: "unknown-rule.toml" => 2, Error UnknownReference at 5:1, 3 errors, 0 warnings;
    unknown_rule_json: "unknown-rule.json" => 2, Error UnknownReference at 3:14, 3 errors, 0 warnings;
    // Duplicates (TOML itself rejects duplicate keys).
    duplicate_claim_id_toml: "duplicate-claim-id.toml" => 2, Error DuplicateId at 7:9, 1 errors, 0 warnings;
    duplicate_claim_id_json: "duplicate-claim-id.json" => 2, Error DuplicateId at 5:5, 1 errors, 0 warnings;
    duplicate_actor_id_toml: "duplicate-actor-id.toml" => 2, Error DuplicateId at 7:9, 1 errors, 0 warnings;
    duplicate_actor_id_json: "duplicate-actor-id.json" => 2, Error DuplicateId at 5:5, 1 errors, 0 warnings;
    duplicate_relation_id_toml: "duplicate-relation-id.toml" => 2, Error DuplicateId at 17:6, 1 errors, 0 warnings;
    duplicate_relation_id_json: "duplicate-relation-id.json" => 2, Error DuplicateId at 9:12, 1 errors, 0 warnings;
    duplicate_key_toml: "duplicate-key.toml" => 2, Error Syntax at 4:1, 1 errors, 0 warnings;
    duplicate_key_json: "duplicate-key.json" => 2, Error DuplicateKey at 6:7, 1 errors, 0 warnings;
    duplicate_key_top_json: "duplicate-key-top.json" => 2, Error DuplicateKey at 4:3, 1 errors, 0 warnings;
    // The same relation or stance twice: a warning, counted once, exit 0.
    duplicate_relation_toml: "duplicate-relation.toml" => 0, Warning DuplicateRelation at 11:16, 0 errors, 2 warnings;
    duplicate_relation_json: "duplicate-relation.json" => 0, Warning DuplicateRelation at 11:23, 0 errors, 2 warnings;
    duplicate_stance_toml: "duplicate-stance.toml" => 0, Warning DuplicateStance at 10:12, 0 errors, 1 warnings;
    duplicate_stance_json: "duplicate-stance.json" => 0, Warning DuplicateStance at 5:53, 0 errors, 1 warnings;
    // Relations that cannot be.
    self_relation_toml: "self-relation.toml" => 2, Error SelfRelation at 3:18, 2 errors, 0 warnings;
    self_relation_json: "self-relation.json" => 2, Error SelfRelation at 3:49, 2 errors, 0 warnings;
    self_undercut_toml: "self-undercut.toml" => 2, Error SelfRelation at 10:6, 1 errors, 0 warnings;
    self_undercut_json: "self-undercut.json" => 2, Error SelfRelation at 3:49, 1 errors, 0 warnings;
    undercut_claim_toml: "undercut-claim.toml" => 2, Error UndercutTarget at 10:14, 1 errors, 0 warnings;
    undercut_claim_json: "undercut-claim.json" => 2, Error UndercutTarget at 5:48, 1 errors, 0 warnings;
    relation_targets_relation_toml: "relation-targets-relation.toml" => 2, Error UndercutTarget at 9:12, 1 errors, 0 warnings;
    relation_targets_relation_json: "relation-targets-relation.json" => 2, Error UndercutTarget at 5:49, 1 errors, 0 warnings;
    // Empty map.
    empty_map_toml: "empty-map.toml" => 2, Error EmptyMap at 1:1, 1 errors, 0 warnings;
    empty_map_json: "empty-map.json" => 2, Error EmptyMap at 1:36, 1 errors, 0 warnings;
    // Invalid ids.
    invalid_id_space_toml: "invalid-id-space.toml" => 2, Error InvalidId at 1:9, 3 errors, 0 warnings;
    invalid_id_space_json: "invalid-id-space.json" => 2, Error InvalidId at 3:5, 3 errors, 0 warnings;
    invalid_id_control_toml: "invalid-id-control.toml" => 2, Error InvalidId at 1:9, 3 errors, 0 warnings;
    invalid_id_control_json: "invalid-id-control.json" => 2, Error InvalidId at 3:5, 3 errors, 0 warnings;
    invalid_id_other_toml: "invalid-id-other.toml" => 2, Error InvalidId at 1:9, 3 errors, 0 warnings;
    invalid_id_other_json: "invalid-id-other.json" => 2, Error InvalidId at 3:5, 3 errors, 0 warnings;
    // Invalid dates: a TOML date literal is checked by the TOML parser.
    invalid_date_toml: "invalid-date.toml" => 2, Error Syntax at 10:8, 1 errors, 0 warnings;
    invalid_date_string_toml: "invalid-date-string.toml" => 2, Error InvalidDate at 10:8, 3 errors, 0 warnings;
    invalid_date_json: "invalid-date.json" => 2, Error InvalidDate at 5:72, 3 errors, 0 warnings;
    // Two stances alike but for invalid dates: the date errors, no `duplicate-stance` warning.
    invalid_dates_same_stance_toml: "invalid-dates-same-stance.toml" => 2, Error InvalidDate at 12:8, 2 errors, 0 warnings;
    invalid_dates_same_stance_json: "invalid-dates-same-stance.json" => 2, Error InvalidDate at 5:72, 2 errors, 0 warnings;
    // A dotted key past the parser's nesting limit is reported at the key, not at 1:1.
    deep_dotted_key_toml: "deep-dotted-key.toml" => 2, Error Syntax at 5:1, 1 errors, 0 warnings;
    // Integers that do not fit 64 bits are errors (TOML 1.0 requires it; JSON follows).
    integer_range_toml: "integer-range.toml" => 2, Error Syntax at 3:8, 2 errors, 0 warnings;
    integer_range_json: "integer-range.json" => 2, Error Syntax at 3:39, 1 errors, 0 warnings;
    // One root cause, one error: references to a definition dropped for an
    // error are places that error points at, not errors of their own.
    cascade_bad_type_undercut_toml: "cascade-bad-type-undercut.toml" => 2, Error InvalidValue at 20:8, 1 errors, 0 warnings;
    cascade_bad_type_undercut_json: "cascade-bad-type-undercut.json" => 2, Error InvalidValue at 5:50, 1 errors, 0 warnings;
    cascade_invalid_id_toml: "cascade-invalid-id-references.toml" => 2, Error InvalidId at 1:9, 1 errors, 0 warnings;
    cascade_invalid_id_json: "cascade-invalid-id-references.json" => 2, Error InvalidId at 3:5, 2 errors, 0 warnings;
    table_defined_twice_toml: "table-defined-twice.toml" => 2, Error Syntax at 7:2, 1 errors, 0 warnings;
    actor_by_name_toml: "actor-by-name.toml" => 2, Error UnknownReference at 8:9, 1 errors, 0 warnings;
    actor_by_name_json: "actor-by-name.json" => 2, Error UnknownReference at 5:15, 2 errors, 0 warnings;
    undercut_shorthand_toml: "undercut-shorthand.toml" => 2, Error UndercutTarget at 13:6, 1 errors, 0 warnings;
    undercut_shorthand_json: "undercut-shorthand.json" => 2, Error UnknownReference at 7:41, 1 errors, 0 warnings;
    // Columns count characters: non-ASCII, wide characters, an emoji, a tab.
    columns_unicode_toml: "columns-unicode.toml" => 2, Error WrongType at 2:43, 1 errors, 0 warnings;
    columns_unicode_json: "columns-unicode.json" => 2, Error WrongType at 1:56, 1 errors, 0 warnings;
}

#[test]
fn every_corpus_file_has_a_case() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(corpus_dir()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(FILES.len() >= 40);
}

/// The first message of a few cases, asserted word for word (the snapshots
/// hold the rest).
#[test]
fn messages_name_the_problem() {
    let dir = corpus_dir();
    let load = |file: &str| {
        let path = dir.join(file);
        load_bytes(file.into(), Some(path.clone()), std::fs::read(&path).unwrap(), format_of(file))
    };
    let first = |file: &str| {
        let l = load(file);
        let d = &l.diagnostics[0];
        (d.message.clone(), d.help.clone())
    };
    assert_eq!(
        first("unknown-key.toml"),
        ("unknown key `claim` in the map file".into(), Some("did you mean `claims`?".into()))
    );
    assert_eq!(
        first("unknown-position.json"),
        (
            "unknown position `abstain`".into(),
            Some("did you mean `abstains`? the allowed values are `affirms`, `denies`, `abstains`".into())
        )
    );
    assert_eq!(
        first("unknown-relation-type.toml").1.as_deref(),
        Some(
            "did you mean `supports`? the allowed values are `supports`, `attacks`, `contradicts`, `implies`, \
             `undercuts`"
        )
    );
    assert_eq!(
        first("unknown-claim.json"),
        ("unknown claim `condemn-agression`".into(), Some("did you mean `condemn-aggression`?".into()))
    );
    assert_eq!(
        first("unknown-actor.toml"),
        ("unknown actor `cambodja`".into(), Some("did you mean `cambodia`?".into()))
    );
    assert_eq!(first("unknown-relation-id.toml"), ("unknown relation `r-1`".into(), Some("did you mean `r1`?".into())));
    assert_eq!(
        first("unknown-rule.toml"),
        ("unknown rule `orphan-claims`".into(), Some("did you mean `orphan-claim`?".into()))
    );
    assert_eq!(first("undercut-claim.json").0, "`b` is a claim, but an undercut targets a relation");
    assert_eq!(first("relation-targets-relation.toml").0, "`r1` is a relation, but `attacks` targets a claim");
    assert_eq!(first("self-relation.toml").0, "claim `a` supports itself");
    assert_eq!(first("duplicate-key.json").0, "key `text` appears twice");
    assert_eq!(first("duplicate-claim-id.json").0, "claim `a` is defined twice");
    assert_eq!(first("invalid-id-control.json").0, "`bell\\u{7}` is not a valid claim id");
    assert_eq!(first("invalid-id-other.json").0, "an empty string is not a valid claim id");
    assert_eq!(first("duplicate-claim-id.toml").0, "claim `a` is defined twice");
    assert_eq!(
        first("self-undercut.toml"),
        (
            "relation `r1` undercuts itself".into(),
            Some("an undercut defeats another relation: name that relation's id".into())
        )
    );
    assert_eq!(first("invalid-date.json").0, "`2022-02-30` is not a valid date");
    assert_eq!(first("missing-text.toml").0, "claim `b` has no `text`");
    assert_eq!(first("empty-map.toml").0, "the map has no claims");
    // Every key of a table is checked, the `url` of an actor too.
    let l = load("wrong-type-actor.toml");
    let urls: Vec<String> = l.diagnostics.iter().map(|d| d.message.clone()).filter(|m| m.contains("`url`")).collect();
    assert_eq!(urls, ["`url` must be a string, found an integer"]);
    // A relation with bad ends still has its `note` and `source` checked.
    let l = load("wrong-type-relation.toml");
    let lines: Vec<usize> = l.diagnostics.iter().map(|d| d.position(&l.file).line).collect();
    assert_eq!(lines, [8, 9, 10, 11, 12, 13, 20, 21]);
}

/// The same relation in shorthand and long form is one relation: `stats`
/// counts it once, and the long form's id and note are kept.
#[test]
fn duplicate_relation_counts_once() {
    for file in ["duplicate-relation.toml", "duplicate-relation.json"] {
        let map = load_file(&corpus_dir().join(file)).unwrap().into_map().unwrap();
        assert_eq!(map.relations.len(), 2, "{file}");
        let r = map.relation(map.relation_id("r1").expect("the long form's id is kept"));
        assert_eq!(r.note.as_deref(), Some("The same relation as the shorthand above."));
        let (code, stdout, stderr) = run(&corpus_dir(), &["stats", "--json", file]);
        assert_eq!(code, 0, "{file}: {stderr}");
        let stats: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(stats["relations"], 2, "{file}");
        assert_eq!(stats["relations_by_type"], serde_json::json!({"supports": 1, "contradicts": 1}), "{file}");
        // The warnings go to standard error.
        assert_eq!(stderr.matches("warning[duplicate-relation]").count(), 2, "{file}: {stderr}");
    }
    for file in ["duplicate-stance.toml", "duplicate-stance.json"] {
        let map = load_file(&corpus_dir().join(file)).unwrap().into_map().unwrap();
        assert_eq!(map.stances.len(), 1, "{file}");
        assert_eq!(map.stances[0].source.as_deref(), Some("The same stance, with its evidence."), "{file}");
    }
}

// ---------------------------------------------------------------------------
// Generated cases.

fn err(code: Code, line: usize, column: usize, errors: usize) -> Expect {
    Expect { exit: 2, code, level: Level::Error, line, column, errors, warnings: 0 }
}

const SMALL_TOML: &str = "[claims.a]\ntext = \"A claim.\"\nkind = 1\n";
const SMALL_JSON: &str = "{\n  \"claims\": {\n    \"a\": {\"text\": \"A claim.\", \"kind\": 1}\n  }\n}\n";

#[test]
fn invalid_utf8_toml() {
    generated("invalid-utf8.toml", b"[claims.a]\ntext = \"caf\xe9 au lait\"\n", err(Code::Encoding, 2, 12, 1));
}

#[test]
fn invalid_utf8_json() {
    // A valid two-byte character first: the column counts characters.
    generated(
        "invalid-utf8.json",
        b"{\"claims\": {\"a\": {\"text\": \"caf\xc3\xa9 \xff\"}}}",
        err(Code::Encoding, 1, 33, 1),
    );
}

#[test]
fn invalid_utf8_truncated_at_end() {
    // The first two bytes of a three-byte character, then the end of the file.
    generated("truncated-utf8.toml", b"[claims.a]\ntext = \"\xe2\x82", err(Code::Encoding, 2, 9, 1));
}

#[test]
fn invalid_utf8_after_bom() {
    // The byte-order mark is not counted in the column, valid file or not.
    generated(
        "bom-invalid-utf8.json",
        b"\xef\xbb\xbf{\"claims\": {\"a\": {\"text\": \"\xff\"}}}",
        err(Code::Encoding, 1, 28, 1),
    );
}

#[test]
fn bom_toml_loads() {
    let text = format!("\u{feff}{}", SMALL_TOML.replace("kind = 1\n", ""));
    let l = generated_ok("bom.toml", text.as_bytes());
    assert_eq!(l.map.unwrap().claims[0].id, "a");
}

#[test]
fn bom_json_loads() {
    let text = format!("\u{feff}{}", SMALL_JSON.replace(", \"kind\": 1", ""));
    let l = generated_ok("bom.json", text.as_bytes());
    assert_eq!(l.map.unwrap().claims[0].text, "A claim.");
}

#[test]
fn utf16_is_named() {
    let utf16 = |s: &str, big: bool| -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    };
    let toml = SMALL_TOML.replace("kind = 1\n", "");
    let json = SMALL_JSON.replace(", \"kind\": 1", "");
    for (file, bytes, what) in [
        ("utf16le.toml", utf16(&toml, false), "UTF-16 (little-endian) without a byte-order mark"),
        ("utf16be.json", utf16(&json, true), "UTF-16 (big-endian) without a byte-order mark"),
        (
            "utf16le-bom.json",
            [&b"\xff\xfe"[..], &utf16(&json, false)].concat(),
            "UTF-16 (little-endian, with a byte-order mark)",
        ),
    ] {
        let l = generated(file, &bytes, err(Code::Encoding, 1, 1, 1));
        assert_eq!(l.diagnostics[0].message, format!("the file is not UTF-8: it looks like {what}"), "{file}");
        assert_eq!(l.diagnostics[0].help.as_deref(), Some("save the file as UTF-8"));
    }
}

/// One byte-order mark is ignored; two or three are the same error, in both formats.
#[test]
fn repeated_byte_order_marks() {
    let toml = SMALL_TOML.replace("kind = 1\n", "");
    let json = SMALL_JSON.replace(", \"kind\": 1", "");
    for n in [2, 3] {
        for (ext, text) in [("toml", &toml), ("json", &json)] {
            let file = format!("bom{n}.{ext}");
            let bytes = format!("{}{text}", "\u{feff}".repeat(n));
            let l = generated(&file, bytes.as_bytes(), err(Code::Encoding, 1, 1, 1));
            assert_eq!(l.diagnostics[0].message, "the file starts with more than one byte-order mark", "{file}");
        }
    }
}

#[test]
fn bom_positions() {
    generated("bom-error.toml", format!("\u{feff}{SMALL_TOML}").as_bytes(), err(Code::WrongType, 3, 8, 1));
    let one_line = "\u{feff}{\"claims\": {\"a\": {\"text\": \"A claim.\", \"kind\": 1}}}";
    generated("bom-error.json", one_line.as_bytes(), err(Code::WrongType, 1, 47, 1));
}

#[test]
fn crlf_toml_loads() {
    let text = "# CRLF line endings\r\n[claims.a]\r\ntext = \"\"\"\r\nTwo\r\nlines.\"\"\"\r\nsupports = [\"b\"]\r\n\r\n\
                [claims.b]\r\ntext = \"B.\"\r\n";
    let l = generated_ok("crlf.toml", text.as_bytes());
    let map = l.map.unwrap();
    assert_eq!(map.relations.len(), 1);
    // A line break inside a multi-line string reads as `\n` whatever the file's
    // line endings (TOML lets parsers normalise), so CRLF and LF maps agree.
    assert_eq!(map.claims[0].text, "Two\nlines.");
    // So in literal multi-line strings, and mixed endings too. In a multi-line
    // string an escaped `\r\n` reads as `\n` as well, a lone escaped `\r` is
    // kept; a one-line string keeps an escaped `\r\n`.
    let text = "[claims.a]\r\ntext = '''\r\nOne\r\ntwo\nthree'''\r\n[claims.b]\r\ntext = \"\"\"\r\nx\\ry\\r\\nz\"\"\"\r\n\
                [claims.c]\r\ntext = \"p\\r\\nq\"\r\n";
    let map = generated_ok("crlf-literal.toml", text.as_bytes()).map.unwrap();
    let texts: Vec<&str> = map.claims.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["One\ntwo\nthree", "x\ry\nz", "p\r\nq"]);
    // The CRLF map and the same map with LF give the same texts.
    let lf = generated_ok("lf.toml", text.replace("\r\n", "\n").as_bytes()).map.unwrap();
    let lf_texts: Vec<&str> = lf.claims.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(lf_texts, texts);
}

#[test]
fn crlf_json_loads() {
    let text = SMALL_JSON.replace(", \"kind\": 1", "").replace('\n', "\r\n");
    generated_ok("crlf.json", text.as_bytes());
}

#[test]
fn crlf_positions() {
    generated("crlf-error.toml", SMALL_TOML.replace('\n', "\r\n").as_bytes(), err(Code::WrongType, 3, 8, 1));
    generated("crlf-error.json", SMALL_JSON.replace('\n', "\r\n").as_bytes(), err(Code::WrongType, 3, 39, 1));
    // An error at the very end of a CRLF line points before the `\r`.
    generated("crlf-syntax.toml", b"[claims.a]\r\ntext = \"abc\r\nkind = 1\r\n", err(Code::Syntax, 2, 12, 1));
    generated(
        "crlf-syntax.json",
        b"{\r\n  \"claims\": {\r\n    \"a\": {\"text\": \"abc\r\n",
        err(Code::Syntax, 3, 23, 1),
    );
}

#[test]
fn empty_file_toml() {
    generated("empty.toml", b"", err(Code::EmptyMap, 1, 1, 1));
}

#[test]
fn empty_file_json() {
    generated("empty.json", b"", err(Code::Syntax, 1, 1, 1));
    generated("whitespace.json", b"\n  \n", err(Code::Syntax, 3, 1, 1));
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn ten_mb_single_line_toml() {
    let mut text = String::with_capacity(TEN_MB + 64);
    text.push_str("claims = { a = { text = \"");
    text.push_str(&"x".repeat(TEN_MB));
    text.push_str("\" } }");
    let l = generated_ok("long-line.toml", text.as_bytes());
    assert_eq!(l.map.unwrap().claims[0].text.len(), TEN_MB);
}

#[test]
fn ten_mb_single_line_json() {
    // One line of 10 MB, with an unknown key at its very end.
    let mut text = String::from("{\"claims\": {");
    let mut i = 0;
    while text.len() < TEN_MB {
        text.push_str(&format!("\"c{i}\": {{\"text\": \"Claim number {i}.\"}}, "));
        i += 1;
    }
    // All ASCII: the column of `"txt"` is its byte offset plus one.
    let column = text.len() + "\"z\": {".len() + 1;
    text.push_str("\"z\": {\"txt\": \"A typo.\", \"text\": \"The last claim.\"}}}");
    assert!(!text.contains('\n') && text.len() > TEN_MB);
    let e = err(Code::UnknownKey, 1, column, 1);
    let loaded = generated("long-line.json", text.as_bytes(), e);
    assert_eq!(loaded.diagnostics[0].help.as_deref(), Some("did you mean `text`?"));
    // The rendered line is cut to the neighbourhood of the caret.
    let (_, stdout, _) = run(&scratch_path("long-line.json"), &["validate", "long-line.json"]);
    assert!(stdout.len() < 2_000, "{} bytes of output", stdout.len());
}

fn scratch_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus").join(name)
}

#[test]
fn json_nested_100k_deep() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    generated("deep.json", text.as_bytes(), err(Code::Syntax, 1, 129, 1));
    // Inside a map, objects and arrays mixed.
    let text = format!(
        "{{\"claims\": {{\"a\": {{\"text\": \"x\", \"note\": {}1{}}}}}}}",
        "{\"k\": [".repeat(50_000),
        "]}".repeat(50_000)
    );
    // The opening bracket of level 129 (no string here holds a bracket).
    let at = text.bytes().enumerate().filter(|(_, b)| matches!(b, b'{' | b'[')).nth(128).unwrap().0;
    generated("deep-in-map.json", text.as_bytes(), err(Code::Syntax, 1, at + 1, 1));
}

#[test]
fn toml_nested_100k_deep() {
    let text = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let l = generated("deep.toml", text.as_bytes(), err(Code::Syntax, 1, 85, 1));
    assert!(l.diagnostics[0].message.contains("recursion"), "{}", l.diagnostics[0].message);
}

#[test]
fn toml_dotted_keys_100k_deep() {
    let text = format!("{} = 1\n", vec!["a"; 100_000].join("."));
    generated("dotted.toml", text.as_bytes(), err(Code::Syntax, 1, 1, 1));
    let text = format!("[{}]\nb = 1\n", vec!["a"; 100_000].join("."));
    generated("dotted-header.toml", text.as_bytes(), err(Code::Syntax, 1, 1, 1));
}

const N: usize = 100_000;

/// A chain `c0 implies c1 implies ... c99999`, or a cycle when `cycle`.
fn chain_toml(cycle: bool) -> String {
    let mut s = String::with_capacity(N * 48);
    for i in 0..N {
        s.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
        if i + 1 < N || cycle {
            s.push_str(&format!("implies = [\"c{}\"]\n", (i + 1) % N));
        }
    }
    s
}

fn chain_json(cycle: bool) -> String {
    let mut s = String::with_capacity(N * 56);
    s.push_str("{\"claims\": {\n");
    for i in 0..N {
        let sep = if i + 1 < N { "," } else { "" };
        if i + 1 < N || cycle {
            s.push_str(&format!("\"c{i}\": {{\"text\": \"Claim {i}.\", \"implies\": [\"c{}\"]}}{sep}\n", (i + 1) % N));
        } else {
            s.push_str(&format!("\"c{i}\": {{\"text\": \"Claim {i}.\"}}{sep}\n"));
        }
    }
    s.push_str("}}\n");
    s
}

/// Load, build the graph and run every check in this (test) thread, whose
/// stack is small; then `validate`, `stats` and `check` with the binary.
fn big_map(file: &str, text: &str, relations: usize) {
    let l = generated_ok(file, text.as_bytes());
    let map = l.map.unwrap();
    assert_eq!((map.claims.len(), map.relations.len()), (N, relations));
    let graph = elenchus::ClaimGraph::build(&map);
    let findings = elenchus::check::check(&graph, &elenchus::check::CheckConfig::default());
    drop(findings);
    let dir = scratch_path(file);
    let (code, stdout, stderr) = run(&dir, &["stats", "--json", file]);
    assert_eq!(code, 0, "{stderr}");
    let stats: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(stats["relations_by_type"]["implies"], relations);
    let (code, _, stderr) = run(&dir, &["check", "--quiet", file]);
    assert!(code == 0 || code == 1, "check exits {code}: {stderr}");
}

#[test]
fn implies_chain_100k_toml() {
    big_map("chain.toml", &chain_toml(false), N - 1);
}

#[test]
fn implies_chain_100k_json() {
    big_map("chain.json", &chain_json(false), N - 1);
}

#[test]
fn implies_cycle_100k_toml() {
    big_map("cycle.toml", &chain_toml(true), N);
}

#[test]
fn implies_cycle_100k_json() {
    big_map("cycle.json", &chain_json(true), N);
}

#[test]
fn undercut_chain_100k() {
    // r0 is `c0 supports c1`; each ri (i > 0) is `c(i+1) undercuts r(i-1)`.
    let mut s = String::with_capacity(N * 80);
    for i in 0..=N {
        s.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
    }
    s.push_str("[[relations]]\nid = \"r0\"\nfrom = \"c0\"\nto = \"c1\"\ntype = \"supports\"\n");
    for i in 1..N {
        s.push_str(&format!(
            "[[relations]]\nid = \"r{i}\"\nfrom = \"c{}\"\nto = \"r{}\"\ntype = \"undercuts\"\n",
            i + 1,
            i - 1
        ));
    }
    let l = generated_ok("undercut-chain.toml", s.as_bytes());
    let map = l.map.unwrap();
    assert_eq!(map.relations.len(), N);
    let graph = elenchus::ClaimGraph::build(&map);
    drop(elenchus::check::check(&graph, &elenchus::check::CheckConfig::default()));
    // The head of the chain undercuts a relation that does not exist: every
    // undercut that depends on it is dropped without a cascade of errors.
    let s = s.replacen("to = \"r0\"", "to = \"r-none\"", 1);
    let l = load_bytes("x.toml".into(), None, s.into_bytes(), Format::Toml);
    assert_eq!(l.errors(), 1);
    assert_eq!(l.diagnostics[0].code, Code::UnknownReference);
}

/// A directory whose name ends in `.toml`: `validate` walks directories (and
/// finds no map in this one), `stats` wants a file, the library says so.
#[test]
fn file_that_is_a_directory() {
    let dir = scratch("directory");
    std::fs::create_dir(dir.join("map.toml")).unwrap();
    let err = load_file(&dir.join("map.toml")).unwrap_err();
    assert!(matches!(err, elenchus::Error::IsDirectory(_)), "{err:?}");
    let (code, stdout, stderr) = run(&dir, &["validate", "map.toml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, "error: no `.toml`, `.json` or `.argdown` map files under `map.toml`\n");
    // `stats` walks directories as `validate` does.
    let (code, stdout, stderr) = run(&dir, &["stats", "map.toml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, "error: no `.toml`, `.json` or `.argdown` map files under `map.toml`\n");
    // Inside a walked directory, a directory named like a map is walked too.
    std::fs::write(dir.join("map.toml/inner.toml"), SMALL_TOML).unwrap();
    let (code, stdout, _) = run(&dir, &["validate", "map.toml"]);
    assert_eq!(code, 2);
    assert!(stdout.contains("--> map.toml/inner.toml:3:8"), "{stdout}");
}

/// A file without read permission. Under root (as in CI) permission bits do
/// not stop reads: then the file must simply validate, and the denied case is
/// run as an unprivileged user if this process may switch to one.
#[test]
fn file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = scratch("unreadable");
    let path = dir.join("locked.toml");
    std::fs::write(&path, SMALL_TOML.replace("kind = 1\n", "")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&path).is_ok();

    let denied = |out: std::process::Output| {
        // Reported like any other problem of a file, so that the other maps of a run are still checked.
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "error[io]: cannot read `locked.toml`: Permission denied (os error 13)\n --> locked.toml\n\ninvalid: 1 error, 0 warnings in 1 map\n"
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    };
    if readable {
        // Root: the bits do not apply, the map is read and is valid.
        let (code, stdout, stderr) = run(&dir, &["validate", "locked.toml"]);
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "ok: 0 errors, 0 warnings in 1 map\n", ""));
        assert!(load_file(&path).unwrap().map.is_some());
        // As `nobody`, the bits apply.
        let as_nobody =
            Command::new(BIN).args(["validate", "locked.toml"]).current_dir(&dir).uid(65534).gid(65534).output();
        match as_nobody {
            Ok(out) => denied(out),
            Err(e) => eprintln!("note: cannot run as an unprivileged user ({e}); only the root case was checked"),
        }
    } else {
        let err = load_file(&path).unwrap_err();
        match &err {
            elenchus::Error::Io { source, .. } => assert_eq!(source.kind(), std::io::ErrorKind::PermissionDenied),
            other => panic!("{other:?}"),
        }
        denied(Command::new(BIN).args(["validate", "locked.toml"]).current_dir(&dir).output().unwrap());
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// `validate` writes nothing: the corpus, copied to a scratch directory, is
/// byte for byte and timestamp for timestamp the same after validating it all.
#[test]
fn validate_writes_nothing() {
    let dir = scratch("readonly-check");
    for f in FILES {
        std::fs::copy(corpus_dir().join(f), dir.join(f)).unwrap();
    }
    let listing = |dir: &Path| -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let modified = e.metadata().unwrap().modified().unwrap();
                (e.file_name().into_string().unwrap(), (std::fs::read(e.path()).unwrap(), modified))
            })
            .collect()
    };
    let before = listing(&dir);
    let dir_mtime = std::fs::metadata(&dir).unwrap().modified().unwrap();
    let (code, stdout, _) = run(&dir, &["validate", "."]);
    assert_eq!(code, 2);
    assert!(stdout.ends_with(&format!("in {} maps\n", FILES.len())), "{}", stdout.lines().last().unwrap());
    assert_eq!(listing(&dir), before);
    assert_eq!(std::fs::metadata(&dir).unwrap().modified().unwrap(), dir_mtime, "no file was created or removed");
}

/// `docs/format.md` names every key of the schema (the lists at the top of
/// `src/load/schema/mod.rs`) and every diagnostic code, with its level.
#[test]
fn format_doc_in_step_with_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/format.md")).unwrap();
    let schema = std::fs::read_to_string(root.join("src/load/schema/mod.rs")).unwrap();
    let mut lists = 0;
    for decl in schema.split("pub(crate) const ").skip(1) {
        let (name, rest) = decl.split_once(':').unwrap();
        if !name.ends_with("_KEYS") {
            continue;
        }
        lists += 1;
        let body = &rest[rest.find("&[").unwrap()..rest.find("];").unwrap()];
        let keys: Vec<&str> = body.split('"').skip(1).step_by(2).collect();
        assert!(!keys.is_empty(), "{name}");
        for key in keys {
            assert!(doc.contains(&format!("| `{key}` |")), "docs/format.md has no row for `{key}` ({name})");
        }
    }
    assert_eq!(lists, 9, "the key lists of src/load/schema/mod.rs");
    for code in Code::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.level());
        assert!(doc.contains(&row), "docs/format.md has no row `{row}`");
    }
}
