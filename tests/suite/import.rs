//! `elenchus import votes`: CSV to map, merging, bad rows, and the ES-11 data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use elenchus::error::Error;
use elenchus::formats::votes::{self, CsvReader, Vote, VotesOptions, parse_votes, title_case};
use elenchus::import::{self, MatchedBy, build_map, derive_ids, slug};
use elenchus::model::{Origin, Position};
use elenchus::{Format, load_str};

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

/// A fresh, empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let d = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("elenchus-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn small_votes(opts: &VotesOptions) -> votes::Votes {
    parse_votes(
        "import-votes.csv",
        &read("import-votes.csv"),
        Some(("import-resolutions.csv", &read("import-resolutions.csv"))),
        opts,
    )
    .unwrap()
}

fn es11_opts() -> VotesOptions {
    VotesOptions {
        actor_kind: Some("state".into()),
        title_case_names: true,
        source: Some(
            "United Nations, General Assembly recorded votes (UN machine-readable resolutions data, ES-11)".into(),
        ),
        ..VotesOptions::default()
    }
}

/// The ids in a claim's `absent` list, as loaded.
fn absent_of(map: &elenchus::ArgMap, claim: &str) -> Vec<String> {
    map.claim(map.claim_id(claim).unwrap()).absent.iter().map(|&a| map.actor(a).id.clone()).collect()
}

/// `(claim id, position) -> count` over a loaded map's stances.
fn tally(map: &elenchus::ArgMap) -> HashMap<(String, Position), usize> {
    let mut t = HashMap::new();
    for s in &map.stances {
        *t.entry((map.claim(s.claim).id.clone(), s.position)).or_default() += 1;
    }
    t
}

// ---------------------------------------------------------------------------
// Pieces

#[test]
fn votes_parse_case_insensitively_with_aliases() {
    for (s, v) in [
        ("yes", Vote::Yes),
        ("Y", Vote::Yes),
        (" YES ", Vote::Yes),
        ("no", Vote::No),
        ("n", Vote::No),
        ("Abstain", Vote::Abstain),
        ("A", Vote::Abstain),
        ("ABSENT", Vote::Absent),
    ] {
        assert_eq!(Vote::parse(s), Some(v), "{s}");
    }
    for s in ["", "maybe", "abstention", "x", "yess"] {
        assert_eq!(Vote::parse(s), None, "{s}");
    }
    assert_eq!(Vote::Yes.position(), Some(Position::Affirms));
    assert_eq!(Vote::No.position(), Some(Position::Denies));
    assert_eq!(Vote::Abstain.position(), Some(Position::Abstains));
    assert_eq!(Vote::Absent.position(), None);
}

#[test]
fn slugs_are_ascii_ids() {
    assert_eq!(slug("CAMBODIA"), "cambodia");
    assert_eq!(slug("COTE D'IVOIRE"), "cote-divoire");
    assert_eq!(slug("Côte d’Ivoire"), "cote-divoire");
    assert_eq!(slug("BOLIVIA (PLURINATIONAL STATE OF)"), "bolivia-plurinational-state-of");
    assert_eq!(slug("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"), "democratic-peoples-republic-of-korea");
    assert_eq!(slug("  São Tomé and Príncipe "), "sao-tome-and-principe");
    assert_eq!(slug("Türkiye"), "turkiye");
    assert_eq!(slug("Straße Œuvre"), "strasse-oeuvre");
    assert_eq!(slug("ES-11/1"), "es-11-1");
    assert_eq!(slug("日本"), "");
    let long = slug(&"word ".repeat(40));
    assert!(long.len() <= import::MAX_SLUG && !long.ends_with('-'), "{long}");
    assert!(elenchus::model::is_valid_id(&long));
}

#[test]
fn colliding_names_get_stable_hashed_ids() {
    let keys = ["gamma, republic of", "gamma republic of", "alpha", "日本"];
    let ids = derive_ids(&keys, "actor", |_| false).unwrap();
    assert_eq!(ids[2], "alpha");
    assert!(ids[0].starts_with("gamma-republic-of-") && ids[0].len() == "gamma-republic-of-".len() + 6);
    assert!(ids[1].starts_with("gamma-republic-of-") && ids[0] != ids[1]);
    assert!(ids[3].starts_with("actor-"));
    // The same names in another order get the same ids.
    let rev = [keys[3], keys[2], keys[1], keys[0]];
    let ids2 = derive_ids(&rev, "actor", |_| false).unwrap();
    assert_eq!(ids2, vec![ids[3].clone(), ids[2].clone(), ids[1].clone(), ids[0].clone()]);
    // An id the map already has (for another name) is never given: hashed instead.
    let taken = derive_ids(&keys, "actor", |s| s == "alpha").unwrap();
    assert!(taken[2].starts_with("alpha-") && taken[2].len() == "alpha-".len() + 6, "{taken:?}");
    assert_eq!(taken[0], ids[0]);
    // A name spelled like another's hashed id keeps its slug, in any order;
    // the hashed id gets 16 digits.
    let literal = ids[0].clone();
    let with_literal = [keys[0], keys[1], literal.as_str()];
    let a = derive_ids(&with_literal, "actor", |_| false).unwrap();
    let b = derive_ids(&[with_literal[2], with_literal[1], with_literal[0]], "actor", |_| false).unwrap();
    assert_eq!(a[2], literal);
    assert_eq!(a[0].len(), "gamma-republic-of-".len() + 16);
    assert_eq!(b, vec![a[2].clone(), a[1].clone(), a[0].clone()]);
    // And a hashed id taken in the map gets 16 digits too.
    let c = derive_ids(&keys[..2], "actor", |s| s == literal).unwrap();
    assert_eq!(c[0], a[0]);
}

#[test]
fn title_case_of_names_in_capitals() {
    assert_eq!(title_case("DEMOCRATIC REPUBLIC OF THE CONGO"), "Democratic Republic of the Congo");
    assert_eq!(title_case("COTE D'IVOIRE"), "Cote d'Ivoire");
    assert_eq!(title_case("LAO PEOPLE'S DEMOCRATIC REPUBLIC"), "Lao People's Democratic Republic");
    assert_eq!(title_case("BOLIVIA (PLURINATIONAL STATE OF)"), "Bolivia (Plurinational State of)");
    assert_eq!(title_case("GUINEA-BISSAU"), "Guinea-Bissau");
    assert_eq!(title_case("Already Mixed of"), "Already Mixed of");
}

#[test]
fn csv_reader_handles_quotes_newlines_and_crlf() {
    let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\n";
    let mut rd = CsvReader::new(text);
    let mut f = Vec::new();
    assert_eq!(rd.next_record(&mut f).unwrap(), Some(1));
    assert_eq!(f, ["a", "b", "c"]);
    assert_eq!(rd.next_record(&mut f).unwrap(), Some(2));
    assert_eq!(f, ["x, y", "say \"hi\"", "two\nlines"]);
    assert_eq!(rd.next_record(&mut f).unwrap(), Some(5));
    assert_eq!(f, ["last", "", ""]);
    assert_eq!(rd.next_record(&mut f).unwrap(), None);
}

// ---------------------------------------------------------------------------
// Import to a new map

#[test]
fn small_csv_imports_to_exact_toml() {
    let opts =
        VotesOptions { source: Some("Test data".into()), actor_kind: Some("state".into()), ..Default::default() };
    let votes = small_votes(&opts);
    let out = build_map(&votes, None, &opts).unwrap();
    insta::assert_snapshot!("small_new_map", out.text);
    assert_eq!(out.actor_ids, ["alpha", "cote-divoire", "gamma-republic-of", "delta"]);
    assert_eq!(out.claim_ids, ["r-1", "r-2"]);
    let s = &out.summary;
    assert_eq!((s.votes, s.absences, s.stances_added, s.claims_added, s.actors_added), (8, 1, 7, 2, 4));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);

    // It loads, with the positions and dates of the votes.
    let map = load_str("out.toml", out.text.clone(), Format::Toml).into_map().unwrap();
    assert_eq!(map.stances.len(), 7);
    let delta_r2 =
        map.stances.iter().find(|s| map.actor(s.actor).id == "delta" && map.claim(s.claim).id == "r-2").unwrap();
    assert_eq!(delta_r2.position, Position::Affirms);
    // No date in the row: the resolution's date.
    assert_eq!(delta_r2.date.unwrap().to_string(), "2021-06-15");
    assert_eq!(delta_r2.via.as_deref(), Some("vote on A/RES/2"));
    assert_eq!(delta_r2.source.as_deref(), Some("Test data"));
    // Absent is no stance: it is the claim's `absent` list, and the note has the tally only.
    assert!(!map.stances.iter().any(|s| map.actor(s.actor).id == "delta" && map.claim(s.claim).id == "r-1"));
    let r1 = map.claim(map.claim_id("r-1").unwrap());
    assert_eq!(r1.note.as_deref(), Some("Recorded vote on A/RES/1, 2021-05-01: 1 yes, 1 no, 1 abstain, 1 absent."));
    assert_eq!(absent_of(&map, "r-1"), ["delta"]);
    assert!(absent_of(&map, "r-2").is_empty());
    assert!(out.text.contains("\nabsent = [\"delta\"]\n"));
    assert_eq!(out.text.matches("absent = ").count(), 1);
}

#[test]
fn totals_that_differ_are_warned() {
    let res = "resolution,symbol,date,title,yes,no,abstain\nR/1,A/RES/1,2021-05-01,First,9,9,9\nR/2,A/RES/2,2021-06-15,Second,2,1,1\nR/3,A/RES/3,2021-07-01,Third,0,0,0\n";
    let votes =
        parse_votes("v.csv", &read("import-votes.csv"), Some(("r.csv", res)), &VotesOptions::default()).unwrap();
    let out = build_map(&votes, None, &VotesOptions::default()).unwrap();
    assert_eq!(
        out.summary.warnings,
        ["`R/1`: the votes give 1-1-1 (yes-no-abstain), r.csv says 9-9-9", "`R/3` has no votes"]
    );
    // A resolution of the file without votes is still a claim.
    assert_eq!(out.claim_ids, ["r-1", "r-2", "r-3"]);
}

#[test]
fn configurable_columns() {
    let text = "Bill,Member,Ballot,When\nHB-1,Smith,Y,2020-01-01\nHB-1,Jones,N,2020-01-01\n";
    let opts = VotesOptions {
        actor_column: "member".into(),
        claim_column: "bill".into(),
        vote_column: "ballot".into(),
        date_column: Some("when".into()),
        ..Default::default()
    };
    let votes = parse_votes("house.csv", text, None, &opts).unwrap();
    let out = build_map(&votes, None, &opts).unwrap();
    let map = load_str("x.toml", out.text, Format::Toml).into_map().unwrap();
    assert_eq!(map.stances.len(), 2);
    assert_eq!(map.stances[0].via.as_deref(), Some("vote on HB-1"));
    assert_eq!(map.stances[1].position, Position::Denies);
    assert_eq!(map.stances[1].date.unwrap().to_string(), "2020-01-01");
    // The default column names are not there.
    let err = parse_votes("house.csv", text, None, &VotesOptions::default()).unwrap_err();
    let Error::Import { problems, .. } = err else { panic!() };
    assert_eq!(problems.len(), 3);
    assert!(problems.iter().all(|p| p.line == 1));
    assert!(problems[0].message.starts_with("no `resolution` column for the claim"), "{}", problems[0].message);
}

// ---------------------------------------------------------------------------
// Merging

#[test]
fn merge_keeps_comments_order_and_layout() {
    let opts = VotesOptions { source: Some("Test data".into()), ..Default::default() };
    let votes = small_votes(&opts);
    let base = read("import-base.toml");
    let out = build_map(&votes, Some(&base), &opts).unwrap();
    insta::assert_snapshot!("small_merged_map", out.text);

    // Every line of the base is still there, in order, except the lines the
    // import updates: the placeholder text, the corrected position, and the
    // stance of a vote now recorded absent (removed).
    let changed = [
        "text = \"Placeholder text, replaced by the title\"",
        "position = \"denies\"   # a correction makes this `affirms`",
    ];
    let removed_from = base.find("[[stances]]\nactor = \"delta\"\nclaim = \"r-1\"").unwrap();
    let removed_to = removed_from + base[removed_from..].find("\n\n").unwrap();
    let kept: Vec<&str> =
        base[..removed_from].lines().chain(base[removed_to..].lines()).filter(|l| !changed.contains(l)).collect();
    let mut out_lines = out.text.lines();
    for l in &kept {
        assert!(out_lines.any(|o| o == *l), "line {l:?} of the base is missing or out of order");
    }
    assert!(out.text.contains("position = \"affirms\"   # a correction makes this `affirms`"));
    assert!(out.text.contains("note = \"The author's own note: kept.\""));
    assert!(out.text.contains(
        "name = \"Alpha\"   # ALPHA in the votes (names match in any case): the import attaches its votes here"
    ));

    let s = &out.summary;
    assert_eq!((s.claims_added, s.claims_updated), (1, 1));
    assert_eq!((s.actors_added, s.actors_existing), (2, 2));
    assert_eq!((s.stances_added, s.stances_updated, s.stances_removed), (6, 1, 1));

    // The merged map is valid; ALPHA's votes went to the hand-written `alpha`.
    let map = load_str("m.toml", out.text.clone(), Format::Toml).into_map().unwrap();
    // Delta, absent on R/1, is in the claim's `absent` list; the author's note stays.
    assert_eq!(absent_of(&map, "r-1"), ["delta"]);
    assert!(absent_of(&map, "r-2").is_empty());
    assert_eq!(map.claim(map.claim_id("r-1").unwrap()).note.as_deref(), Some("The author's own note: kept."));
    let alpha = map.actor_id("alpha").unwrap();
    assert_eq!(map.stances.iter().filter(|s| s.actor == alpha && s.via.is_some()).count(), 2);
    assert_eq!(map.relations.len(), 2);

    // Importing again changes nothing.
    let again = build_map(&votes, Some(&out.text), &opts).unwrap();
    assert_eq!(again.text, out.text);
    assert_eq!((again.summary.stances_added, again.summary.stances_updated), (0, 0));
    assert_eq!(again.summary.stances_unchanged, 7);
}

#[test]
fn cli_merge_twice_is_byte_identical() {
    let dir = temp_dir("twice");
    let map = dir.join("map.toml");
    std::fs::copy(data("import-base.toml"), &map).unwrap();
    let run = || {
        Command::new(BIN)
            .args(["import", "votes"])
            .arg(data("import-votes.csv"))
            .arg("--resolutions")
            .arg(data("import-resolutions.csv"))
            .arg("--into")
            .arg(&map)
            .arg("-o")
            .arg(&map)
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let after_first = std::fs::read(&map).unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(std::fs::read(&map).unwrap(), after_first);
    let msg = String::from_utf8(second.stderr).unwrap();
    assert!(msg.contains("stances: 0 new, 0 updated, 7 unchanged"), "{msg}");
    // No temporary file is left behind.
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["map.toml"]);
    // And it validates.
    let v = Command::new(BIN).arg("validate").arg(&map).output().unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", String::from_utf8_lossy(&v.stdout));
}

#[test]
fn cli_new_map_to_stdout_matches_library() {
    let out = Command::new(BIN)
        .args(["import", "votes"])
        .arg(data("import-votes.csv"))
        .arg("--resolutions")
        .arg(data("import-resolutions.csv"))
        .args(["--source", "Test data", "--actor-kind", "state", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let opts =
        VotesOptions { source: Some("Test data".into()), actor_kind: Some("state".into()), ..Default::default() };
    let lib = build_map(&small_votes(&opts), None, &opts).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), lib.text);
}

/// Votes with absences on three resolutions, without a resolutions file.
const ABSENT_VOTES: &str = "\
resolution,date,country,vote
R/1,2021-05-01,Alpha,yes
R/1,2021-05-01,Beta,absent
R/1,2021-05-01,Gamma,absent
R/2,2021-06-01,Alpha,absent
R/2,2021-06-01,Beta,no
R/2,2021-06-01,Gamma,yes
R/3,2021-07-01,Alpha,yes
R/3,2021-07-01,Beta,yes
R/3,2021-07-01,Gamma,yes
";

#[test]
fn absent_actors_are_a_sorted_claim_key() {
    let opts = VotesOptions::default();
    let votes = parse_votes("absent.csv", ABSENT_VOTES, None, &opts).unwrap();
    let out = build_map(&votes, None, &opts).unwrap();
    assert!(
        out.text.contains(
            "[claims.r-1]\ntext = \"R/1\"\nkind = \"proposal\"\n\
             note = \"Recorded vote on R/1, 2021-05-01: 1 yes, 0 no, 0 abstain, 2 absent.\"\n\
             absent = [\"beta\", \"gamma\"]\n\n"
        ),
        "{}",
        out.text
    );
    assert!(out.text.contains("2021-06-01: 1 yes, 1 no, 0 abstain, 1 absent.\"\nabsent = [\"alpha\"]\n"));
    // No absence, no key.
    assert!(out.text.contains("2021-07-01: 3 yes, 0 no, 0 abstain, 0 absent.\"\n\n"), "{}", out.text);
    assert_eq!(out.summary.absences, 3);
    let map = load_str("absent.toml", out.text.clone(), Format::Toml).into_map().unwrap();
    assert_eq!(absent_of(&map, "r-1"), ["beta", "gamma"]);
    assert_eq!(absent_of(&map, "r-2"), ["alpha"]);
    assert!(absent_of(&map, "r-3").is_empty());
    assert_eq!(map.stances.len(), 6);

    // Importing into the map it made changes nothing.
    let again = build_map(&votes, Some(&out.text), &opts).unwrap();
    assert_eq!(again.text, out.text);
    assert_eq!((again.summary.claims_updated, again.summary.claims_unchanged), (0, 3));
}

#[test]
fn merge_updates_absent_lists_and_keeps_the_authors_entries() {
    let base = "\
# Hand-written base.

[claims.r-1]
text = \"R/1\"
absent = [\"gamma\", \"beta\"]   # the same actors in another order: kept as written

[claims.r-2]
text = \"R/2\"
absent = [\"zeta\", \"beta\"]   # zeta is not in the votes: kept; beta voted: out

[claims.r-3]
text = \"R/3\"
absent = [\"alpha\"]
note = \"Alpha voted after all.\"

[actors.alpha]
name = \"Alpha\"

[actors.zeta]
name = \"Zeta\"   # not in the votes file
";
    let opts = VotesOptions::default();
    let votes = parse_votes("absent.csv", ABSENT_VOTES, None, &opts).unwrap();
    let out = build_map(&votes, Some(base), &opts).unwrap();
    let t = &out.text;
    assert!(
        t.contains("absent = [\"gamma\", \"beta\"]   # the same actors in another order: kept as written\n"),
        "{t}"
    );
    // Alpha, absent in the votes, is added; beta voted and is taken out; zeta stays; sorted.
    assert!(t.contains("absent = [\"alpha\", \"zeta\"]   # zeta is not in the votes: kept; beta voted: out\n"), "{t}");
    // Everyone voted on R/3: its list is removed; the author's note stays.
    assert!(
        t.contains("[claims.r-3]\ntext = \"R/3\"\nnote = \"Alpha voted after all.\"\nkind = \"proposal\"\n"),
        "{t}"
    );
    assert_eq!(t.matches("absent = ").count(), 2);
    assert!(t.starts_with("# Hand-written base.\n\n[claims.r-1]\ntext = \"R/1\"\n"));
    assert!(t.contains("name = \"Zeta\"   # not in the votes file\n"));
    assert_eq!(out.summary.claims_updated, 3);

    let map = load_str("merged.toml", t.clone(), Format::Toml).into_map().unwrap();
    assert_eq!(absent_of(&map, "r-1"), ["gamma", "beta"]);
    assert_eq!(absent_of(&map, "r-2"), ["alpha", "zeta"]);
    assert!(absent_of(&map, "r-3").is_empty());

    // Re-importing gives the same bytes.
    let again = build_map(&votes, Some(t), &opts).unwrap();
    assert_eq!(&again.text, t);
    assert_eq!(again.summary.claims_updated, 0);

    // A later import in which gamma voted on R/1 takes it out of that list.
    let later = ABSENT_VOTES.replace("R/1,2021-05-01,Gamma,absent", "R/1,2021-05-01,Gamma,no");
    let votes = parse_votes("later.csv", &later, None, &opts).unwrap();
    let out = build_map(&votes, Some(t), &opts).unwrap();
    assert!(out.text.contains("absent = [\"beta\"]   # the same actors in another order: kept as written\n"));
    assert!(out.text.contains("2021-05-01: 1 yes, 1 no, 0 abstain, 1 absent."));
    let map = load_str("later.toml", out.text.clone(), Format::Toml).into_map().unwrap();
    assert_eq!(absent_of(&map, "r-1"), ["beta"]);
    assert_eq!(build_map(&votes, Some(&out.text), &opts).unwrap().text, out.text);
}

#[test]
fn loader_rejects_absent_actors_that_do_not_exist() {
    let text = "[claims.a]\ntext = \"A\"\nabsent = [\"nobody\"]\n\n[actors.somebody]\nname = \"Somebody\"\n";
    let loaded = load_str("absent.toml", text, Format::Toml);
    let errors: Vec<(&str, &str)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.level == elenchus::diag::Level::Error)
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "unknown-reference");
    assert!(errors[0].1.contains("nobody"), "{errors:?}");
    // With the actor, it loads: data, not a stance.
    let ok = load_str("absent.toml", text.replace("somebody", "nobody"), Format::Toml).into_map().unwrap();
    assert_eq!(ok.claims[0].absent.len(), 1);
    assert!(ok.stances.is_empty());
}

// ---------------------------------------------------------------------------
// Bad rows

const BAD_ROWS: &str = "\
import-bad.csv:3: unknown vote `maybe` in `vote`: expected yes, no, abstain or absent (or y, n, a)
import-bad.csv:4: `2021-13-01` in `date` is not a date (write YYYY-MM-DD)
import-bad.csv:5: duplicate vote: `ALPHA` already has a vote on `R/1` (line 2)
import-bad.csv:6: missing columns `country`, `vote`: the row has 2 fields, the header 4
import-bad.csv:7: empty `country`
import-bad.csv:8: resolution `R/9` is not in `import-resolutions.csv`
import-bad.csv:9: 5 fields, but the header has 4 (an unquoted comma in a name?)";

#[test]
fn bad_rows_are_reported_with_line_numbers() {
    let err = parse_votes(
        "import-bad.csv",
        &read("import-bad.csv"),
        Some(("import-resolutions.csv", &read("import-resolutions.csv"))),
        &VotesOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), BAD_ROWS);
    let Error::Import { total, .. } = err else { panic!("{err}") };
    assert_eq!(total, 7);
}

#[test]
fn cli_bad_rows_exit_2_and_write_nothing() {
    let dir = temp_dir("bad");
    std::fs::copy(data("import-bad.csv"), dir.join("import-bad.csv")).unwrap();
    std::fs::copy(data("import-resolutions.csv"), dir.join("import-resolutions.csv")).unwrap();
    std::fs::copy(data("import-base.toml"), dir.join("map.toml")).unwrap();
    let base = std::fs::read(dir.join("map.toml")).unwrap();
    for into in [false, true] {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(&dir).args([
            "import",
            "votes",
            "import-bad.csv",
            "--resolutions",
            "import-resolutions.csv",
            "-o",
        ]);
        if into {
            cmd.args(["map.toml", "--into", "map.toml"]);
        } else {
            cmd.arg("out.toml");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let expected: String = BAD_ROWS.lines().map(|l| format!("error: {l}\n")).collect::<String>()
            + "error: 7 problems in `import-bad.csv`; nothing written\n";
        assert_eq!(String::from_utf8(out.stderr).unwrap(), expected);
        assert!(!dir.join("out.toml").exists());
        assert_eq!(std::fs::read(dir.join("map.toml")).unwrap(), base);
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["import-bad.csv", "import-resolutions.csv", "map.toml"]);
}

#[test]
fn broken_csv_is_reported() {
    let err = parse_votes("x.csv", "resolution,country,vote\nR,A,yes\n\"R,B,no\n", None, &VotesOptions::default())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.csv:3: a quoted field is not closed: it runs to the end of the file (a `\"` inside a quoted field is written `\"\"`)"
    );
    let err = parse_votes("x.csv", "", None, &VotesOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "x.csv:1: the file is empty: it needs a header row");
    let dir = temp_dir("utf8");
    std::fs::write(dir.join("v.csv"), b"resolution,country,vote\nR,\xff,yes\n").unwrap();
    let err = import::import_votes(&dir.join("v.csv"), None, None, &VotesOptions::default()).unwrap_err();
    assert!(err.to_string().ends_with("v.csv:2: the file is not valid UTF-8 here; save it as UTF-8"), "{err}");
}

#[test]
fn a_base_that_is_not_toml_is_an_error() {
    let votes = small_votes(&VotesOptions::default());
    let err = build_map(&votes, Some("[map\ntitle = 1"), &VotesOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("cannot read the map to import into as TOML"), "{err}");
    let err =
        build_map(&votes, Some("stances = []\n[claims.a]\ntext = \"A\"\n"), &VotesOptions::default()).unwrap_err();
    assert!(err.to_string().contains("write them as `[[stances]]` tables"), "{err}");
    // A base whose own content is invalid is not written over.
    let err = build_map(&votes, Some("[claims.a]\ntext = 3\n"), &VotesOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("the map would not be valid after the import"), "{err}");
}

// ---------------------------------------------------------------------------
// The ES-11 data

#[test]
fn es11_imports_to_the_published_totals() {
    let opts = es11_opts();
    let out = import::import_votes(
        &data("import-unga-es11-votes.csv"),
        Some(&data("import-unga-es11-resolutions.csv")),
        None,
        &opts,
    )
    .unwrap();
    assert!(out.summary.warnings.is_empty(), "{:?}", out.summary.warnings);
    assert_eq!(out.summary.votes, 6 * 193);
    let map = load_str("es11.toml", out.text, Format::Toml).into_map().unwrap();
    assert_eq!(map.actors.len(), 193);
    assert_eq!(map.claims.len(), 6);
    let t = tally(&map);
    let count = |c: &str, p| t.get(&(c.to_string(), p)).copied().unwrap_or(0);
    let published = [
        ("es-11-1", 141, 5, 35),
        ("es-11-2", 140, 5, 38),
        ("es-11-3", 93, 24, 58),
        ("es-11-4", 143, 5, 35),
        ("es-11-5", 94, 14, 73),
        ("es-11-6", 141, 7, 32),
    ];
    for (c, y, n, a) in published {
        assert_eq!(
            (count(c, Position::Affirms), count(c, Position::Denies), count(c, Position::Abstains)),
            (y, n, a),
            "{c}"
        );
    }
    let cambodia = map.actor_id("cambodia").unwrap();
    let es3 = map.claim_id("es-11-3").unwrap();
    let s = map.stances.iter().find(|s| s.actor == cambodia && s.claim == es3).unwrap();
    assert_eq!(s.position, Position::Abstains);
    assert_eq!(s.date.unwrap().to_string(), "2022-04-07");
    assert_eq!(s.via.as_deref(), Some("vote on A/RES/ES-11/3"));
    assert!(s.source.as_deref().unwrap().starts_with("United Nations"));
    assert_eq!(map.actor(cambodia).name.as_deref(), Some("Cambodia"));
    assert!(map.actor_id("cote-divoire").is_some());
}

/// The shipped map is the import of the data into its hand-written part:
/// importing again changes nothing, and the totals are the published ones.
#[test]
fn shipped_es11_map_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/unga-es11.toml");
    let shipped = std::fs::read_to_string(&path).unwrap();
    let out = import::import_votes(
        &data("import-unga-es11-votes.csv"),
        Some(&data("import-unga-es11-resolutions.csv")),
        Some(&path),
        &es11_opts(),
    )
    .unwrap();
    assert!(out.text == shipped, "maps/unga-es11.toml is not what the import gives: re-run the import");
    assert_eq!(
        out.summary.stances_unchanged,
        141 + 5 + 35 + 140 + 5 + 38 + 93 + 24 + 58 + 143 + 5 + 35 + 94 + 14 + 73 + 141 + 7 + 32
    );
    let map = load_str("unga-es11.toml", shipped, Format::Toml).into_map().unwrap();
    // Six supports between resolutions and the undercut of CARICOM's recorded reason.
    assert_eq!(map.relations.len(), 7);
    // The CARICOM members' ES-11/5 stances name it; the Bahamas' vote is analysed as intended,
    // and the import keeps the record in `recorded`.
    let oversight = map.claim_id("es-11-5-without-oversight").unwrap();
    let es5 = map.claim_id("es-11-5").unwrap();
    let naming = map.stances.iter().filter(|s| s.claim == es5 && s.reasons.contains(&oversight)).count();
    assert_eq!(naming, 13);
    let bahamas = map.actor_id("bahamas").unwrap();
    let vote = map.stances.iter().find(|s| s.actor == bahamas && s.claim == es5 && s.origin != Origin::Reason).unwrap();
    assert_eq!(
        (vote.position, vote.recorded.as_ref().map(|r| r.position)),
        (Position::Abstains, Some(Position::Denies))
    );
    // The absent states are each claim's `absent` list: 75 in all, 12 on ES-11/1.
    assert_eq!(map.claims.iter().map(|c| c.absent.len()).sum::<usize>(), 75);
    let es1 = absent_of(&map, "es-11-1");
    assert_eq!(es1.len(), 12);
    assert!(es1.windows(2).all(|w| w[0] < w[1]) && es1.contains(&"turkmenistan".to_string()));
    assert_eq!(
        map.claim(map.claim_id("es-11-1").unwrap()).note.as_deref(),
        Some("Recorded vote on A/RES/ES-11/1, 2022-03-02: 141 yes, 5 no, 35 abstain, 12 absent.")
    );
    let t = tally(&map);
    assert_eq!(t[&("es-11-1".to_string(), Position::Affirms)], 141);
    assert_eq!(t[&("es-11-3".to_string(), Position::Denies)], 24);
}

/// Stances written in other ways (literal strings, a multi-line value, a
/// comment on the header, tables between them) are matched and updated in
/// place too; CRLF line ends and a missing final newline are kept.
#[test]
fn merge_into_stances_written_otherwise() {
    let opts = VotesOptions::default();
    let votes = small_votes(&opts);
    let base = read("import-base-edge.toml");
    let out = build_map(&votes, Some(&base), &opts).unwrap();
    insta::assert_snapshot!("edge_merged_map", out.text);
    let s = &out.summary;
    assert_eq!((s.stances_added, s.stances_updated, s.stances_unchanged, s.stances_removed), (4, 1, 2, 1));
    assert!(out.text.contains("[[stances]]   # a comment on the header\nactor = 'alpha'"));
    assert!(out.text.contains("note = \"\"\"\nmulti-line\nnote\"\"\"\nvia = \"vote on A/RES/1\"\ndate = 2021-05-01\n"));
    assert!(out.text.contains("position = 'denies'  # as recorded"));
    load_str("edge.toml", out.text.clone(), Format::Toml).into_map().unwrap();
    assert_eq!(build_map(&votes, Some(&out.text), &opts).unwrap().text, out.text);

    let crlf_base = base.replace('\n', "\r\n");
    let crlf = build_map(&votes, Some(&crlf_base), &opts).unwrap();
    assert_eq!(crlf.text, out.text.replace('\n', "\r\n"));
    let no_eol = build_map(&votes, Some(base.trim_end()), &opts).unwrap();
    assert_eq!(no_eol.text, out.text);
}

// ---------------------------------------------------------------------------
// Hostile input and output files

/// Run the binary in `dir`; `stdin` is piped in when given.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::io::Write as _;
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    cmd.stdin(if stdin.is_some() { std::process::Stdio::piped() } else { std::process::Stdio::null() });
    cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(bytes) = stdin {
        // The program may stop reading early (an input over the maximum size):
        // a broken pipe here is its answer, not a failure of the test.
        match child.stdin.take().unwrap().write_all(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
    }
    child.wait_with_output().unwrap()
}

/// `(actor name, via, position, date)` of every stance of a map file, sorted.
fn stances_by_name(path: &Path) -> Vec<(String, String, Position, String)> {
    let map = elenchus::load_file(path).unwrap().into_map().unwrap();
    let mut v: Vec<_> = map
        .stances
        .iter()
        .map(|s| {
            let a = map.actor(s.actor);
            (
                a.name.clone().unwrap_or_else(|| a.id.clone()),
                s.via.clone().unwrap_or_default(),
                s.position,
                s.date.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort_by(|x, y| (&x.0, &x.1, x.2.as_str(), &x.3).cmp(&(&y.0, &y.1, y.2.as_str(), &y.3)));
    v
}

/// The stances a votes CSV (`resolution,date,country,vote`, no quotes
/// needed by the test) should give, without a resolutions file.
fn expected_stances(rows: &[[&str; 4]]) -> Vec<(String, String, Position, String)> {
    let mut v: Vec<_> = rows
        .iter()
        .filter_map(|[res, date, country, vote]| {
            let position = Vote::parse(vote).unwrap().position()?;
            Some((
                country.split_whitespace().collect::<Vec<_>>().join(" "),
                format!("vote on {}", res.trim()),
                position,
                date.to_string(),
            ))
        })
        .collect();
    v.sort_by(|x, y| (&x.0, &x.1, x.2.as_str(), &x.3).cmp(&(&y.0, &y.1, y.2.as_str(), &y.3)));
    v
}

fn csv(rows: &[[&str; 4]]) -> String {
    let mut s = String::from("resolution,date,country,vote\n");
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| votes::csv_field(c).into_owned()).collect();
        s.push_str(&cells.join(","));
        s.push('\n');
    }
    s
}

const BASE_MAP: &str = "# A base.\n[map]\ntitle = \"Base\"\n\n[claims.other]\ntext = \"Other\"\n";

/// Text from the CSV files (the resolution column, a title, the file name)
/// with line ends and control characters cannot add to the map: the output
/// loads, and its stances are exactly the votes, with and without --into.
#[test]
fn cli_hostile_text_cannot_forge_stances() {
    let forge =
        "\n[[stances]]\nactor = \"cambodia\"\nclaim = \"other\"\nposition = \"denies\"\nvia = \"vote on ES-11/1\"\n";
    let res_forge = format!("ES-11/1{forge}#");
    let res_cr = "ES\r11/1";
    let cases: Vec<(&str, String, String, Option<String>)> = vec![
        // (what, votes file name, resolution, title in a resolutions file)
        ("newline in the resolution column", "votes.csv".into(), res_forge.clone(), None),
        ("newline in the votes file's name", format!("votes{}.csv", forge.replace('/', "-")), "ES-11/1".into(), None),
        ("newline in a title", "votes.csv".into(), "ES-11/1".into(), Some(format!("Title{forge}# end"))),
        ("lone CR in the resolution column", "votes.csv".into(), res_cr.into(), None),
        ("lone CR in a title", "votes.csv".into(), "ES-11/1".into(), Some("Title\rmore".into())),
        ("control characters in a title", "votes.csv".into(), "ES-11/1".into(), Some("Bell\u{7}\u{1b}[2J\u{0}".into())),
        ("control character in the votes file's name", "votes\u{1b}.csv".into(), "ES-11/1".into(), None),
    ];
    for (what, file, res, title) in &cases {
        let rows = [[res.as_str(), "2022-03-02", "Cambodia", "yes"], [res.as_str(), "2022-03-02", "Russia", "no"]];
        for into in [false, true] {
            let dir = temp_dir(&format!("hostile-{}-{into}", what.replace(' ', "-").replace('\'', "")));
            std::fs::write(dir.join(file), csv(&rows)).unwrap();
            let mut args: Vec<String> =
                vec!["import".into(), "votes".into(), file.clone(), "-o".into(), "map.toml".into()];
            if let Some(t) = title {
                let res_csv = format!("resolution,title\n{},{}\n", votes::csv_field(res), votes::csv_field(t));
                std::fs::write(dir.join("res.csv"), res_csv).unwrap();
                args.extend(["--resolutions".into(), "res.csv".into()]);
            }
            if into {
                std::fs::write(dir.join("map.toml"), BASE_MAP).unwrap();
                args.extend(["--into".into(), "map.toml".into()]);
            }
            let out = run_in(&dir, &args.iter().map(String::as_str).collect::<Vec<_>>(), None);
            assert_eq!(out.status.code(), Some(0), "{what} (into: {into}): {}", String::from_utf8_lossy(&out.stderr));
            let text = std::fs::read_to_string(dir.join("map.toml")).unwrap();
            let loaded = load_str("map.toml", text.clone(), Format::Toml);
            assert_eq!(loaded.errors(), 0, "{what} (into: {into}): the output does not load:\n{text}");
            assert_eq!(
                stances_by_name(&dir.join("map.toml")),
                expected_stances(&rows),
                "{what} (into: {into}):\n{text}"
            );
            // Every comment line is one line of printable text.
            for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
                assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{what}: {line:?}");
            }
            assert!(!text.contains("[[stances]]\nactor = \"cambodia\"\nclaim = \"other\""), "{what}:\n{text}");
        }
    }
}

#[test]
fn comments_escape_line_ends_and_controls_visibly() {
    let mut s = String::from("# ");
    import::push_toml_comment(&mut s, "a\nb\rc\td\u{1b}e\\f\u{202e}g");
    assert_eq!(s, "# a\\nb\\rc\\td\\u{1b}e\\\\f\\u{202e}g");
    assert!(load_str("c.toml", format!("{s}\n[claims.a]\ntext = \"A\"\n"), Format::Toml).errors() == 0);
}

/// `-o` may not name the votes or the resolutions file (by any name); `--into
/// MAP -o MAP` is allowed.
#[test]
fn cli_output_is_never_an_input() {
    let dir = temp_dir("inputs");
    std::fs::copy(data("import-votes.csv"), dir.join("votes.csv")).unwrap();
    std::fs::copy(data("import-resolutions.csv"), dir.join("res.csv")).unwrap();
    let votes = std::fs::read(dir.join("votes.csv")).unwrap();
    let res = std::fs::read(dir.join("res.csv")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("votes.csv", dir.join("link.csv")).unwrap();
        std::fs::hard_link(dir.join("res.csv"), dir.join("hard.csv")).unwrap();
    }
    let mut targets = vec![("votes.csv", "votes file"), ("./votes.csv", "votes file"), ("res.csv", "resolutions file")];
    if cfg!(unix) {
        targets.extend([("link.csv", "votes file"), ("hard.csv", "resolutions file")]);
    }
    for (target, what) in targets {
        let out = run_in(&dir, &["import", "votes", "votes.csv", "--resolutions", "res.csv", "-o", target], None);
        assert_eq!(out.status.code(), Some(2), "{target}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&format!("refusing to overwrite the {what}")), "{target}: {err}");
        assert_eq!(std::fs::read(dir.join("votes.csv")).unwrap(), votes);
        assert_eq!(std::fs::read(dir.join("res.csv")).unwrap(), res);
    }
    std::fs::copy(data("import-base.toml"), dir.join("map.toml")).unwrap();
    let out = run_in(
        &dir,
        &["import", "votes", "votes.csv", "--resolutions", "res.csv", "--into", "map.toml", "-o", "./map.toml"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `-o` writes through a symbolic link, keeps a file's permissions, writes
/// devices directly and reports a full disk; nothing is left behind.
#[cfg(unix)]
#[test]
fn cli_output_files_of_every_kind() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    let dir = temp_dir("out-kinds");
    std::fs::copy(data("import-votes.csv"), dir.join("votes.csv")).unwrap();
    std::fs::create_dir(dir.join("maps")).unwrap();
    std::fs::write(dir.join("maps/real.toml"), "").unwrap();
    std::fs::set_permissions(dir.join("maps/real.toml"), std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("maps/real.toml", dir.join("link.toml")).unwrap();
    let out = run_in(&dir, &["import", "votes", "votes.csv", "-o", "link.toml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(dir.join("link.toml")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::metadata(dir.join("maps/real.toml")).unwrap().mode() & 0o777, 0o600);
    elenchus::load_file(&dir.join("maps/real.toml")).unwrap().into_map().unwrap();
    // --into through the link, written back through it.
    let out = run_in(&dir, &["import", "votes", "votes.csv", "--into", "link.toml", "-o", "link.toml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(dir.join("link.toml")).unwrap().file_type().is_symlink());
    assert!(String::from_utf8(out.stderr).unwrap().contains("stances: 0 new, 0 updated, 7 unchanged"));
    // A hard-linked map: both names get the new map, and the command says so.
    std::fs::write(dir.join("a.toml"), BASE_MAP).unwrap();
    std::fs::hard_link(dir.join("a.toml"), dir.join("b.toml")).unwrap();
    let out = run_in(&dir, &["import", "votes", "votes.csv", "--into", "a.toml", "-o", "a.toml"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stderr).unwrap().contains("in place (it has 2 names"));
    assert_eq!(std::fs::read(dir.join("a.toml")).unwrap(), std::fs::read(dir.join("b.toml")).unwrap());
    assert_eq!(stances_by_name(&dir.join("b.toml")).len(), 7);
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["a.toml", "b.toml", "link.toml", "maps", "votes.csv"]);
    if std::fs::OpenOptions::new().write(true).open("/dev/null").is_ok() {
        let out = run_in(&dir, &["import", "votes", "votes.csv", "-o", "/dev/null"], None);
        assert_eq!(out.status.code(), Some(0));
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }
    if std::fs::OpenOptions::new().write(true).open("/dev/full").is_ok() {
        let out = run_in(&dir, &["import", "votes", "votes.csv", "-o", "/dev/full"], None);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("No space left on device") && !err.contains("imported"), "{err}");
    }
}

/// Rows of many voters on many resolutions, `tag` in the resolution names.
fn many_rows(tag: &str, resolutions: usize, voters: usize) -> String {
    let mut s = String::from("resolution,date,country,vote\n");
    for r in 0..resolutions {
        for v in 0..voters {
            let vote = ["yes", "no", "abstain"][(r + v) % 3];
            let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{tag}/{r},2022-01-01,Country {v},{vote}\n"));
        }
    }
    s
}

/// Two imports into one map at once: each ends with all its stances in
/// the map, or fails loudly; never both succeed with one's stances lost.
#[test]
fn cli_concurrent_imports_into_one_map_lose_nothing() {
    let dir = temp_dir("concurrent");
    std::fs::write(dir.join("a.csv"), many_rows("A", 40, 100)).unwrap();
    std::fs::write(dir.join("b.csv"), many_rows("B", 40, 100)).unwrap();
    for round in 0..3 {
        std::fs::write(dir.join("map.toml"), BASE_MAP).unwrap();
        let spawn = |f: &str| {
            Command::new(BIN)
                .current_dir(&dir)
                .args(["import", "votes", f, "--into", "map.toml", "-o", "map.toml", "-q"])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("a.csv"), spawn("b.csv"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let map = elenchus::load_file(&dir.join("map.toml")).unwrap().into_map().unwrap();
        let count = |tag: &str| map.stances.iter().filter(|s| s.via.as_deref().unwrap().starts_with(tag)).count();
        for (out, tag) in [(&a, "vote on A/"), (&b, "vote on B/")] {
            if out.status.success() {
                assert_eq!(count(tag), 4000, "round {round}: an import that exited 0 lost stances ({tag})");
            } else {
                assert!(!out.stderr.is_empty(), "round {round}: failed silently");
            }
        }
        assert!(a.status.success() || b.status.success(), "round {round}: both failed");
    }
}

fn as_refs(rows: &[[String; 4]]) -> Vec<[&str; 4]> {
    rows.iter().map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()]).collect()
}

/// The same votes imported at once, in two halves (by voter and by
/// resolution), and in the reverse order give the same actors and stances:
/// voters whose names share a slug are never merged, and a name spelled
/// like another's hashed id takes nothing from it.
#[test]
fn cli_ids_do_not_depend_on_import_history() {
    let hashed = derive_ids(&["gamma, republic of", "gamma republic of"], "actor", |_| false).unwrap();
    let voters = ["Alpha!", "Alpha", "Gamma, Republic of", "Gamma Republic of", hashed[0].as_str(), "Beta"];
    let mut rows: Vec<[String; 4]> = Vec::new();
    for (r, date) in [("R/1", "2021-01-01"), ("R/2", "2021-02-01")] {
        for (v, name) in voters.iter().enumerate() {
            rows.push([r.into(), date.into(), name.to_string(), ["yes", "no", "abstain"][(v + r.len()) % 3].into()]);
        }
    }
    let expected = expected_stances(&as_refs(&rows));
    let by_voter = |first: bool| -> Vec<[String; 4]> {
        rows.iter().filter(|r| voters[..3].contains(&r[2].as_str()) == first).cloned().collect()
    };
    let by_res =
        |first: bool| -> Vec<[String; 4]> { rows.iter().filter(|r| (r[0] == "R/1") == first).cloned().collect() };
    let mut reversed = rows.clone();
    reversed.reverse();
    let splits: Vec<(&str, Vec<Vec<[String; 4]>>)> = vec![
        ("at once", vec![rows.clone()]),
        ("reversed", vec![reversed]),
        ("voters, first half first", vec![by_voter(true), by_voter(false)]),
        ("voters, second half first", vec![by_voter(false), by_voter(true)]),
        ("resolutions, first half first", vec![by_res(true), by_res(false)]),
        ("resolutions, second half first", vec![by_res(false), by_res(true)]),
    ];
    for (what, parts) in splits {
        let dir = temp_dir(&format!("history-{}", what.replace([' ', ','], "-")));
        std::fs::write(dir.join("map.toml"), BASE_MAP).unwrap();
        for (i, part) in parts.iter().enumerate() {
            let name = format!("part{i}.csv");
            std::fs::write(dir.join(&name), csv(&as_refs(part))).unwrap();
            let out = run_in(&dir, &["import", "votes", &name, "--into", "map.toml", "-o", "map.toml"], None);
            assert_eq!(out.status.code(), Some(0), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let map = elenchus::load_file(&dir.join("map.toml")).unwrap().into_map().unwrap();
        let mut names: Vec<&str> = map.actors.iter().map(|a| a.name.as_deref().unwrap()).collect();
        names.sort();
        let mut want = voters.to_vec();
        want.sort();
        assert_eq!(names, want, "{what}: one actor per voter");
        assert_eq!(stances_by_name(&dir.join("map.toml")), expected, "{what}");
    }
}

/// A voter is never attached to an actor of the map with another name that
/// has its id ignoring case: it gets a new id, with a warning. An actor with
/// no name is linked by its id (ignoring case).
#[test]
fn an_actor_of_another_name_keeps_its_votes_apart() {
    let base = "[claims.x]\ntext = \"X\"\n\n[actors.alpha]\nname = \"Alpha!\"\n\n[actors.beta]\nkind = \"state\"\n";
    let text = "resolution,country,vote\nR/1,ALPHA,yes\nR/1,Beta,no\nR/1,alpha!,no\n";
    let opts = VotesOptions::default();
    let votes = parse_votes("v.csv", text, None, &opts).unwrap();
    let out = build_map(&votes, Some(base), &opts).unwrap();
    assert_eq!(out.actor_ids[2], "alpha", "the same name (in another case) is the same actor");
    assert!(out.actor_ids[0].starts_with("alpha-"), "{:?}", out.actor_ids);
    assert_eq!(out.actor_ids[1], "beta", "an actor without a name is linked by its id");
    assert_eq!(out.summary.warnings.len(), 1, "{:?}", out.summary.warnings);
    assert!(
        out.summary.warnings[0].contains("the map's actor `alpha` is named `Alpha!`"),
        "{:?}",
        out.summary.warnings
    );
    let by: Vec<(&str, &str, MatchedBy)> =
        out.summary.matches.iter().map(|m| (m.voter.as_str(), m.actor.as_str(), m.by)).collect();
    assert_eq!(by, [("Beta", "beta", MatchedBy::Id), ("alpha!", "alpha", MatchedBy::Name)]);
    // An actor without a name whose id is not the voter's name ignoring case keeps its id.
    let nameless = "[claims.x]\ntext = \"X\"\n\n[actors.cote-divoire]\nkind = \"state\"\n";
    let votes2 = parse_votes("v.csv", "resolution,country,vote\nR/1,Côte d'Ivoire,yes\n", None, &opts).unwrap();
    let out2 = build_map(&votes2, Some(nameless), &opts).unwrap();
    assert!(out2.actor_ids[0].starts_with("cote-divoire-"), "{:?}", out2.actor_ids);
    assert!(out2.summary.warnings[0].contains("`cote-divoire` is without a `name`"), "{:?}", out2.summary.warnings);
    // Two actors of the map with the voter's name: which one is unclear.
    let twice = format!("{base}\n[actors.a2]\nname = \"ALPHA!\"\n");
    let err = build_map(&votes, Some(&twice), &opts).unwrap_err();
    assert!(err.to_string().contains("the map has 2 actors named"), "{err}");
}

/// CR-only line ends read as line ends; two columns of one name are an
/// error naming both; `-` reads standard input; --into keeps a BOM.
#[test]
fn cli_line_ends_duplicate_columns_stdin_and_bom() {
    let dir = temp_dir("smaller");
    let lf = read("import-votes.csv");
    std::fs::write(dir.join("votes.csv"), &lf).unwrap();
    std::fs::write(dir.join("cr.csv"), lf.replace('\n', "\r")).unwrap();
    let a = run_in(&dir, &["import", "votes", "votes.csv", "-q"], None);
    let b = run_in(&dir, &["import", "votes", "cr.csv", "-q"], None);
    assert_eq!(b.status.code(), Some(0), "{}", String::from_utf8_lossy(&b.stderr));
    assert_eq!(
        String::from_utf8(b.stdout).unwrap().replace("cr.csv", "votes.csv"),
        String::from_utf8(a.stdout.clone()).unwrap()
    );
    // Line numbers count CR line ends.
    let err = parse_votes("x.csv", "resolution,country,vote\rR,A,yes\rR,B,maybe\r", None, &VotesOptions::default())
        .unwrap_err();
    assert!(err.to_string().starts_with("x.csv:3: unknown vote `maybe`"), "{err}");

    // Duplicate header names.
    std::fs::write(dir.join("dup.csv"), "resolution,country,vote,Vote\nR,A,yes,no\n").unwrap();
    let out = run_in(&dir, &["import", "votes", "dup.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("dup.csv:1: columns 3 (`vote`) and 4 (`Vote`) are both named `vote`"), "{err}");
    let err = parse_votes(
        "r.csv",
        "resolution,country,vote\nR,A,yes\n",
        Some(("res.csv", "resolution,title,Title\nR,a,b\n")),
        &VotesOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("res.csv:1: columns 2 (`title`) and 3 (`Title`) are both named `title`"), "{err}");
    // Columns the import does not read may share a name.
    parse_votes("ok.csv", "resolution,country,vote,note,note\nR,A,yes,x,y\n", None, &VotesOptions::default()).unwrap();

    // Standard input.
    let out = run_in(&dir, &["import", "votes", "-", "-q"], Some(lf.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().replace("<stdin>", "votes.csv"),
        String::from_utf8(a.stdout).unwrap()
    );
    let out = run_in(&dir, &["import", "votes", "-", "--resolutions", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));

    // A byte-order mark of the map is kept.
    std::fs::write(dir.join("bom.toml"), format!("\u{feff}{BASE_MAP}")).unwrap();
    let out = run_in(&dir, &["import", "votes", "votes.csv", "--into", "bom.toml", "-o", "bom.toml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(dir.join("bom.toml")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf# A base.\n"));
    assert!(!bytes[3..].starts_with(b"\xef\xbb\xbf"));
    assert_eq!(stances_by_name(&dir.join("bom.toml")).len(), 7);
}

/// Text of the CSV files in messages cannot drive the terminal.
#[test]
fn cli_messages_neutralise_control_characters() {
    let dir = temp_dir("terminal");
    std::fs::write(
        dir.join("v\u{1b}]0;title\u{7}.csv"),
        "resolution,country,vote\nR\u{1b}[2J,A,ma\u{1b}[31mybe\nR,B\u{202e},yes\n",
    )
    .unwrap();
    let out = run_in(&dir, &["import", "votes", "v\u{1b}]0;title\u{7}.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("unknown vote `ma␛[31mybe`"), "{err}");
    std::fs::write(dir.join("ok\u{1b}.csv"), "resolution,country,vote\nR\u{1b}[2J,A,yes\n").unwrap();
    let res = "resolution,yes,no,abstain\nR\u{1b}[2J,5,0,0\n";
    std::fs::write(dir.join("res.csv"), res).unwrap();
    let out = run_in(&dir, &["import", "votes", "ok\u{1b}.csv", "--resolutions", "res.csv", "-o", "m.toml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("warning: `R␛[2J`") && !err.contains('\u{1b}'), "{err:?}");
}

/// Every value the import writes goes through `push_toml_str`: any text,
/// with every control character, comes back from a TOML parser unchanged.
#[test]
fn toml_strings_round_trip_every_character() {
    let mut all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    all.extend(['\u{202e}', '\u{2066}', '\u{feff}', '\u{fffd}', '\u{10ffff}', '"', '\\', '\'']);
    for s in [all.as_str(), "\"\"\"", "a\\nb", "x\r\ny\rz\n", "'''"] {
        let mut t = String::from("k = ");
        import::push_toml_str(&mut t, s);
        let doc: toml_edit::DocumentMut = t.parse().unwrap();
        assert_eq!(doc["k"].as_str(), Some(s));
        assert!(!t.contains('\n') && !t.contains('\r'));
    }
}

/// The votes and resolutions are read up to the maximum map size, from a file,
/// standard input or a link to an endless device: an error, never memory exhausted.
#[test]
fn cli_inputs_are_bounded_by_the_maximum_size() {
    let dir = temp_dir("bounded");
    let lf = read("import-votes.csv");
    std::fs::write(dir.join("votes.csv"), &lf).unwrap();
    let small = format!("{}", lf.len() - 1);
    for args in [
        vec!["--max-file-size", small.as_str(), "import", "votes", "votes.csv"],
        vec!["--max-file-size", small.as_str(), "import", "votes", "-"],
    ] {
        let out = run_in(&dir, &args, Some(lf.as_bytes()));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("larger than the maximum map size"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    // The same input at its own size is read.
    let size = format!("{}", lf.len());
    let out = run_in(&dir, &["--max-file-size", &size, "import", "votes", "-", "-q"], Some(lf.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.csv")).unwrap();
        let out = run_in(&dir, &["--max-file-size", "1M", "import", "votes", "zero.csv"], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8(out.stderr).unwrap().contains("larger than the maximum map size"));
    }
}

// ---------------------------------------------------------------------------
// Import at scale: gzip, the unvotes preset, tags, aliases

/// The rows of a CSV file as maps from column name to value (read with the
/// `csv` crate, apart from the importer).
fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    rd.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const SAMPLE: [&str; 3] = ["un_votes.csv", "un_roll_calls.csv", "un_roll_call_issues.csv"];

/// The sample in the unvotes layout, in a fresh directory: the votes
/// gzipped (`un_votes.csv.gz`), the roll calls gzipped under a name without
/// `.gz`, the issues plain.
fn sample_dir(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let src = data("unvotes-sample");
    let bytes = |f: &str| std::fs::read(src.join(f)).unwrap();
    std::fs::write(dir.join("un_votes.csv.gz"), gzip(&bytes(SAMPLE[0]))).unwrap();
    std::fs::write(dir.join("un_roll_calls.csv"), gzip(&bytes(SAMPLE[1]))).unwrap();
    std::fs::write(dir.join("un_roll_call_issues.csv"), bytes(SAMPLE[2])).unwrap();
    dir
}

/// What the preset should make of the sample, computed from the raw rows:
/// per rcid, (text, tags, via, date); and the stances.
#[allow(clippy::type_complexity)]
fn sample_expected() -> (HashMap<String, (String, Vec<String>, String, String)>, Vec<(String, String, Position, String)>)
{
    let src = data("unvotes-sample");
    let text = |f: &str| std::fs::read_to_string(src.join(f)).unwrap();
    let tagify = |s: &str| -> String {
        // Lower case, every run of other characters one `-` (the sample's values are ASCII).
        let mut out = String::new();
        for w in s.to_lowercase().split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(w);
        }
        out
    };
    let mut claims = HashMap::new();
    for r in csv_rows(&text(SAMPLE[1])) {
        let parts: Vec<&str> = [r["short"].trim(), r["descr"].trim()].into_iter().filter(|s| !s.is_empty()).collect();
        let mut tags = vec![format!("session-{}", r["session"].trim_end_matches(".0"))];
        if r["importantvote"] == "1" {
            tags.push("importantvote".into());
        }
        let symbol = if r["unres"].is_empty() { r["rcid"].clone() } else { r["unres"].clone() };
        claims.insert(r["rcid"].clone(), (parts.join(": "), tags, format!("vote on {symbol}"), r["date"].clone()));
    }
    for r in csv_rows(&text(SAMPLE[2])) {
        claims.get_mut(&r["rcid"]).unwrap().1.push(tagify(&r["issue"]));
    }
    for c in claims.values_mut() {
        c.1.sort();
        c.1.dedup();
    }
    let mut stances: Vec<_> = csv_rows(&text(SAMPLE[0]))
        .iter()
        .map(|r| {
            let position = match r["vote"].as_str() {
                "yes" => Position::Affirms,
                "no" => Position::Denies,
                "abstain" => Position::Abstains,
                v => panic!("{v}"),
            };
            let c = &claims[&r["rcid"]];
            (r["country"].clone(), c.2.clone(), position, c.3.clone())
        })
        .collect();
    stances.sort();
    (claims, stances)
}

fn check_sample_map(map: &elenchus::ArgMap, path_for_stances: Option<&Path>) {
    let (claims, stances) = sample_expected();
    assert_eq!(map.claims.len(), claims.len());
    for (rcid, (text, tags, _, _)) in &claims {
        let c = map.claim(map.claim_id(rcid).unwrap_or_else(|| panic!("claim {rcid}")));
        assert_eq!(&c.text, text, "{rcid}");
        assert_eq!(&c.tags, tags, "{rcid}");
    }
    assert!(claims["5"].0.ends_with("IN CALCULATING THE MAJORITY VOTE.\\\"\""), "{}", claims["5"].0);
    assert!(claims["2497"].1.contains(&"importantvote".to_string()));
    if let Some(p) = path_for_stances {
        assert_eq!(stances_by_name(p), stances);
    }
    assert_eq!(map.stances.len(), stances.len());
}

/// The sample's files with `--preset unvotes`.
const PRESET_ARGS: [&str; 9] = [
    "import",
    "votes",
    "un_votes.csv.gz",
    "--resolutions",
    "un_roll_calls.csv",
    "--tags",
    "un_roll_call_issues.csv",
    "--preset",
    "unvotes",
];

/// `--preset unvotes` on a sample in the unvotes layout: claim per roll
/// call (`rcid`), text `short: descr`, `unres` in `via`, the roll call's
/// date, tags from `session`, `importantvote` and the issues file; gzip
/// read by its magic bytes (the roll calls are gzip under a `.csv` name).
#[test]
fn cli_preset_unvotes_on_a_sample() {
    let dir = sample_dir("preset");
    let out = run_in(&dir, &[PRESET_ARGS.as_slice(), &["-o", "unvotes.toml"]].concat(), None);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("imported 35 votes from `un_votes.csv.gz`: 5 claims (5 new), 8 actors (8 new, 0 linked)"),
        "{stderr}"
    );
    let map = elenchus::load_file(&dir.join("unvotes.toml")).unwrap().into_map().unwrap();
    check_sample_map(&map, Some(&dir.join("unvotes.toml")));
    // The same through the options the preset names; an option given wins over the preset.
    // The files, as PRESET_ARGS names them, without the preset.
    let files = &PRESET_ARGS[..7];
    let explicit = run_in(
        &dir,
        &[
            files,
            &[
                "--claim-column",
                "rcid",
                "--text-column",
                "short,descr",
                "--symbol-column",
                "unres",
                "--tag-column",
                "session",
                "--flag-column",
                "importantvote",
                "--tags-column",
                "issue",
                "-o",
                "explicit.toml",
            ],
        ]
        .concat(),
        None,
    );
    assert_eq!(explicit.status.code(), Some(0), "{}", String::from_utf8_lossy(&explicit.stderr));
    let a = std::fs::read_to_string(dir.join("unvotes.toml")).unwrap();
    assert_eq!(a, std::fs::read_to_string(dir.join("explicit.toml")).unwrap());
    let short = run_in(
        &dir,
        &[
            "import",
            "votes",
            "un_votes.csv.gz",
            "--resolutions",
            "un_roll_calls.csv",
            "--preset",
            "unvotes",
            "--text-column",
            "short",
        ],
        None,
    );
    let short_map = load_str("s.toml", String::from_utf8(short.stdout).unwrap(), Format::Toml).into_map().unwrap();
    assert_eq!(short_map.claim(short_map.claim_id("2497").unwrap()).text, "AFGHANISTAN");
    // No `short` in 5640: its text is the key.
    assert_eq!(short_map.claim(short_map.claim_id("5640").unwrap()).text, "5640");
}

/// The library: [`votes::read_vote_files`] and [`import::import_vote_files`]
/// with the preset's options give the same map as the command line.
#[test]
fn library_preset_unvotes_on_a_sample() {
    let dir = sample_dir("preset-lib");
    let mut opts = VotesOptions::default();
    votes::Preset::Unvotes.apply(&mut opts);
    let (v, r, t) = (dir.join("un_votes.csv.gz"), dir.join("un_roll_calls.csv"), dir.join("un_roll_call_issues.csv"));
    let files = votes::VoteFiles { votes: &v, resolutions: Some(&r), tags: Some(&t) };
    let read = votes::read_vote_files(&files, &opts).unwrap();
    assert_eq!((read.rows.len(), read.resolutions.len(), read.voters.len()), (35, 5, 8));
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let imported = import::import_vote_files(&files, None, &opts).unwrap();
    let map = load_str("lib.toml", imported.text.clone(), Format::Toml).into_map().unwrap();
    check_sample_map(&map, None);
    let cli = run_in(&dir, &PRESET_ARGS, None);
    assert_eq!(String::from_utf8(cli.stdout).unwrap(), imported.text);
}

/// Gzip is recognised by its first bytes, not the name: gzip data named
/// `.csv`, plain data named `.gz`, gzip on standard input, and several
/// gzip members one after the other all read as the plain file does;
/// broken gzip is an error naming the file; a gzip stream larger than the
/// size limit is an error, not memory exhausted.
#[test]
fn gzip_is_detected_by_its_magic_bytes() {
    let dir = temp_dir("gzip");
    let plain = read("import-votes.csv");
    let expected = run_in(&data(""), &["import", "votes", "import-votes.csv"], None);
    assert_eq!(expected.status.code(), Some(0));
    assert!(!votes::is_gzip(plain.as_bytes()));
    assert!(votes::is_gzip(&gzip(plain.as_bytes())));
    let half = plain.len() / 2;
    let mut two_members = gzip(&plain.as_bytes()[..half]);
    two_members.extend(gzip(&plain.as_bytes()[half..]));
    std::fs::write(dir.join("gzip-named.csv"), gzip(plain.as_bytes())).unwrap();
    std::fs::write(dir.join("plain-named.csv.gz"), &plain).unwrap();
    std::fs::write(dir.join("members.csv"), &two_members).unwrap();
    for f in ["gzip-named.csv", "plain-named.csv.gz", "members.csv"] {
        let out = run_in(&dir, &["import", "votes", f, "--title", "Recorded votes from import-votes.csv"], None);
        assert_eq!(out.status.code(), Some(0), "{f}: {}", String::from_utf8_lossy(&out.stderr));
        // The header comment names the file; the rest is the same.
        let got = String::from_utf8(out.stdout).unwrap().replacen(f, "import-votes.csv", 1);
        assert_eq!(got, String::from_utf8(expected.stdout.clone()).unwrap(), "{f}");
    }
    let stdin = run_in(&dir, &["import", "votes", "-"], Some(&gzip(plain.as_bytes())));
    assert_eq!(stdin.status.code(), Some(0), "{}", String::from_utf8_lossy(&stdin.stderr));
    // The library reads it the same way.
    let lib = votes::gunzip_if_needed("x", two_members.clone()).unwrap();
    assert_eq!(lib, plain.as_bytes());
    assert_eq!(votes::gunzip_if_needed("x", plain.as_bytes().to_vec()).unwrap(), plain.as_bytes());
    // Broken gzip: the magic bytes, then not a deflate stream; and a truncated stream.
    let mut truncated = gzip(plain.as_bytes());
    truncated.truncate(truncated.len() / 2);
    for (name, bytes) in
        [("broken.csv", vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]), ("truncated.csv.gz", truncated)]
    {
        std::fs::write(dir.join(name), &bytes).unwrap();
        let out = run_in(&dir, &["import", "votes", name, "-o", "out.toml"], None);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("`{name}` is gzip-compressed (by its first bytes) but cannot be decompressed")),
            "{stderr}"
        );
        assert!(!dir.join("out.toml").exists());
        assert!(votes::gunzip_if_needed(name, bytes).is_err());
    }
    // A gzip bomb: 4 MiB of zeros is over a 1 MiB limit.
    std::fs::write(dir.join("bomb.csv.gz"), gzip(&vec![b'0'; 4 << 20])).unwrap();
    let out = run_in(&dir, &["--max-file-size", "1M", "import", "votes", "bomb.csv.gz"], None);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bomb.csv.gz"), "{stderr}");
}

/// Tags: a flag that is not one is a bad row with its line; a tags file row
/// for a resolution not imported is a warning; an issue that has no letter
/// or digit is a bad row; tags merged into an existing claim are added
/// after its own.
#[test]
fn tags_bad_rows_warnings_and_merging() {
    let opts = VotesOptions {
        flag_columns: vec!["important".into()],
        tag_columns: vec!["session".into()],
        ..Default::default()
    };
    let votes = "resolution,country,vote\nR1,A,yes\nR2,A,no\n";
    let res = "resolution,session,important\nR1,70.0,1\nR2,71,maybe\n";
    let err = votes::parse_votes_with_tags("v.csv", votes, Some(("r.csv", res)), None, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "r.csv:3: `maybe` in `important` is not a flag: write 1 or 0, true or false, yes or no (or leave it empty)"
    );
    let res = "resolution,session,important\nR1,70.0,1\nR2,71,\n";
    let missing =
        votes::parse_votes_with_tags("v.csv", votes, Some(("r.csv", "resolution,important\nR1,1\n")), None, &opts)
            .unwrap_err();
    assert!(missing.to_string().starts_with("r.csv:1: no `session` column for the tags"), "{missing}");
    let tags = "resolution,tag\nR1,Human rights\nR9,Colonialism\nR9,Colonialism\nR2,HUMAN RIGHTS\nR2,Économie\n";
    let v = votes::parse_votes_with_tags("v.csv", votes, Some(("r.csv", res)), Some(("t.csv", tags)), &opts).unwrap();
    assert_eq!(v.resolutions[0].tags, ["human-rights", "important", "session-70"]);
    assert_eq!(v.resolutions[1].tags, ["economie", "human-rights", "session-71"]);
    assert_eq!(
        v.warnings,
        ["t.csv: 2 rows name resolutions that are not imported (the first: `R9`, line 3); their tags are left out"]
    );
    let bad = votes::parse_votes_with_tags("v.csv", votes, None, Some(("t.csv", "resolution,tag\nR1,--\n")), &opts)
        .unwrap_err();
    assert_eq!(bad.to_string(), "t.csv:2: `--` in `tag` has no Latin letter or digit to make a tag of");
    // Merging: the claim's own tags stay first; the new ones are added once.
    let base = "[claims.r1]\ntext = \"R1\"\ntags = [\"mine\", \"session-70\"] # kept\n";
    let out = build_map(&v, Some(base), &opts).unwrap();
    assert!(
        out.text.contains("tags = [\"mine\", \"session-70\", \"human-rights\", \"important\"] # kept\n"),
        "{}",
        out.text
    );
    let again = build_map(&v, Some(&out.text), &opts).unwrap();
    assert_eq!(again.text, out.text, "importing twice changes nothing");
    assert!(
        out.text.contains(
            "[claims.r2]\ntext = \"R2\"\nkind = \"proposal\"\ntags = [\"economie\", \"human-rights\", \"session-71\"]\n"
        ),
        "{}",
        out.text
    );
    // The CLI reports the warning.
    let dir = temp_dir("tags");
    for (f, t) in [("v.csv", votes), ("r.csv", res), ("t.csv", tags)] {
        std::fs::write(dir.join(f), t).unwrap();
    }
    let out = run_in(
        &dir,
        &[
            "import",
            "votes",
            "v.csv",
            "--resolutions",
            "r.csv",
            "--tags",
            "t.csv",
            "--tag-column",
            "session",
            "--flag-column",
            "important",
        ],
        None,
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.starts_with("warning: t.csv: 2 rows name resolutions that are not imported"), "{stderr}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), build_map(&v, None, &opts).unwrap().text);
}

const ALIAS_MAP: &str = r#"# The map's own comment.
[claims.x]
text = "X"

[actors.usa]
name = "United States"
aliases = ["United States of America", "USA"]

[actors.uk]
name = "United Kingdom"
aliases = ["UNITED  KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND"]

[actors.cuba]
kind = "state"

[actors.cambodia]
name = "Kingdom of Cambodia"
"#;

const ALIAS_VOTES: &str = "resolution,country,vote
R/1,USA,yes
R/1,united kingdom of great britain and northern ireland,no
R/1,Cuba,abstain
R/1,cambodia,yes
R/1,Canada,yes
R/2,United States of America,no
R/2,United States,no
";

/// `--into` links voters to actors by name, alias and id, and reports each
/// link (CLI and library); `--quiet` silences the lines.
#[test]
fn aliases_link_voters_and_each_link_is_reported() {
    let opts = VotesOptions::default();
    let votes = parse_votes("v.csv", ALIAS_VOTES, None, &opts);
    // `United States of America` and `United States` are two voters of the file
    // (two names) and one actor of the map: an error.
    let err = build_map(&votes.unwrap(), Some(ALIAS_MAP), &opts).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "`USA` and `United States of America` in the votes are both actor `usa` of the map (by alias and by alias)"
        ),
        "{err}"
    );
    let text = ALIAS_VOTES.replace("R/1,USA,yes\n", "R/1,United States of America,yes\n");
    let votes = parse_votes("v.csv", &text, None, &opts).unwrap();
    let err = build_map(&votes, Some(ALIAS_MAP), &opts).unwrap_err();
    assert!(err.to_string().contains("(by alias and by name)"), "{err}");
    let text = ALIAS_VOTES.replace("R/2,United States of America,no\nR/2,United States,no\n", "R/2,usa,no\n");
    let votes = parse_votes("v.csv", &text, None, &opts).unwrap();
    let out = build_map(&votes, Some(ALIAS_MAP), &opts).unwrap();
    let links: Vec<(&str, &str, MatchedBy)> =
        out.summary.matches.iter().map(|m| (m.voter.as_str(), m.actor.as_str(), m.by)).collect();
    assert_eq!(
        links,
        [
            ("USA", "usa", MatchedBy::Alias),
            ("united kingdom of great britain and northern ireland", "uk", MatchedBy::Alias),
            ("Cuba", "cuba", MatchedBy::Id),
            ("cambodia", "cambodia", MatchedBy::Id),
        ]
    );
    assert_eq!(out.actor_ids, ["usa", "uk", "cuba", "cambodia", "canada"]);
    assert_eq!((out.summary.actors_added, out.summary.actors_existing), (1, 4));
    assert!(out.text.starts_with("# The map's own comment.\n[claims.x]\n"), "{}", out.text);
    let map = load_str("m.toml", out.text.clone(), Format::Toml).into_map().unwrap();
    assert_eq!(map.actors.len(), 5, "only Canada is new");
    let usa = map.actor_id("usa").unwrap();
    assert_eq!(map.actor(usa).aliases, ["United States of America", "USA"]);
    assert_eq!(map.stances.iter().filter(|s| s.actor == usa).count(), 2);

    // The CLI: a line per link, in voter order, then the summary; --quiet: nothing.
    let dir = temp_dir("aliases");
    std::fs::write(dir.join("v.csv"), &text).unwrap();
    std::fs::write(dir.join("map.toml"), ALIAS_MAP).unwrap();
    let cli = run_in(&dir, &["import", "votes", "v.csv", "--into", "map.toml", "-o", "map.toml"], None);
    let stderr = String::from_utf8(cli.stderr).unwrap();
    assert_eq!(cli.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "linked `USA` to actor `usa` (by alias)",
            "linked `united kingdom of great britain and northern ireland` to actor `uk` (by alias)",
            "linked `Cuba` to actor `cuba` (by id)",
            "linked `cambodia` to actor `cambodia` (by id)",
        ]
    );
    assert!(lines[4].contains("5 actors (1 new, 4 linked)"), "{stderr}");
    assert_eq!(lines.len(), 5, "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("map.toml")).unwrap(), out.text);
    // Again, quietly: the same links, nothing printed, the file unchanged.
    let quiet = run_in(&dir, &["--quiet", "import", "votes", "v.csv", "--into", "map.toml", "-o", "map.toml"], None);
    assert_eq!((quiet.status.code(), quiet.stderr.as_slice()), (Some(0), &b""[..]));
    assert_eq!(std::fs::read_to_string(dir.join("map.toml")).unwrap(), out.text);
    // By name: `Kingdom of Cambodia`.
    let by_name = parse_votes("v.csv", "resolution,country,vote\nR/1,KINGDOM OF  cambodia,no\n", None, &opts).unwrap();
    let out = build_map(&by_name, Some(ALIAS_MAP), &opts).unwrap();
    assert_eq!(out.summary.matches[0].by, MatchedBy::Name);
    assert_eq!(out.summary.matches[0].actor, "cambodia");
}

/// A voter that is two actors (the name of one, the alias of another) is an
/// error; bad `aliases` in the map are refused by the importer and reported
/// by the loader with their position.
#[test]
fn ambiguous_voters_and_bad_aliases_are_errors() {
    let opts = VotesOptions::default();
    let votes = parse_votes("v.csv", "resolution,country,vote\nR/1,Kampuchea,yes\n", None, &opts).unwrap();
    let two = "[claims.x]\ntext = \"X\"\n\n[actors.a]\nname = \"Kampuchea\"\n\n[actors.b]\nname = \"Cambodia\"\naliases = [\"kampuchea\"]\n";
    let err = build_map(&votes, Some(two), &opts).unwrap_err().to_string();
    assert!(err.contains("the alias `kampuchea` of actor `b` is also the name `Kampuchea` of actor `a`"), "{err}");
    // The loader: the same map is a `duplicate-alias` error at the alias, line 9 column 12.
    let loaded = load_str("two.toml", two, Format::Toml);
    let d: Vec<String> = loaded.diagnostics.iter().map(|d| d.short(&loaded.file)).collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("two.toml:9:12: error[duplicate-alias]: an alias of actor `b` is the name of actor `a` too"),
        "{d:?}"
    );
    // An id of one actor and the alias of another.
    let id_alias = "[claims.x]\ntext = \"X\"\n\n[actors.kampuchea]\n\n[actors.b]\naliases = [\"Kampuchea\"]\n";
    let err = build_map(&votes, Some(id_alias), &opts).unwrap_err().to_string();
    assert!(err.contains("`Kampuchea` names 2 actors of the map"), "{err}");

    let cases: [(&str, &str, &str); 4] = [
        ("aliases = \"USA\"", "wrong-type", "5:11"),
        ("aliases = [\"USA\", 3]", "wrong-type", "5:19"),
        ("aliases = [\"  \"]", "invalid-value", "5:12"),
        ("aliases = [\"Cuba\"]\n\n[actors.c2]\naliases = [\"CUBA\"]", "duplicate-alias", "8:12"),
    ];
    let dir = temp_dir("bad-aliases");
    std::fs::write(dir.join("v.csv"), "resolution,country,vote\nR/1,USA,yes\n").unwrap();
    for (line, code, at) in cases {
        let map = format!("[claims.x]\ntext = \"X\"\n\n[actors.a]\n{line}\n");
        let loaded = load_str("m.toml", map.as_str(), Format::Toml);
        let d: Vec<String> = loaded.diagnostics.iter().map(|d| d.short(&loaded.file)).collect();
        assert_eq!(d.len(), 1, "{line}: {d:?}");
        assert!(d[0].starts_with(&format!("m.toml:{at}: error[{code}]")), "{line}: {d:?}");
        // JSON too.
        let json_line = line.split('\n').next().unwrap().replace("aliases = ", "");
        if code != "duplicate-alias" {
            let json = format!(
                "{{\"claims\": {{\"x\": {{\"text\": \"X\"}}}},\n\"actors\": {{\"a\": {{\"aliases\": {json_line}}}}}}}\n"
            );
            let loaded = load_str("m.json", json.as_str(), Format::Json);
            let d: Vec<String> = loaded.diagnostics.iter().map(|d| d.short(&loaded.file)).collect();
            assert!(d.len() == 1 && d[0].contains(&format!("error[{code}]")), "{json}: {d:?}");
        }
        // The importer refuses the map, reporting it as `validate` does; nothing written.
        std::fs::write(dir.join("map.toml"), &map).unwrap();
        let out = run_in(&dir, &["import", "votes", "v.csv", "--into", "map.toml", "-o", "map.toml"], None);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{line}: {stderr}");
        assert!(
            stderr.contains(&format!("error[{code}]")) && stderr.contains(&format!("--> map.toml:{at}")),
            "{line}: {stderr}"
        );
        assert!(stderr.ends_with("error: the map to import into has 1 error; nothing written\n"), "{stderr}");
        assert_eq!(std::fs::read_to_string(dir.join("map.toml")).unwrap(), map);
    }
    // Aliases in JSON load like TOML's.
    let json = r#"{"claims": {"x": {"text": "X"}}, "actors": {"usa": {"name": "United States", "aliases": ["USA"]}, "b": {"aliases": ["usa"]}}}"#;
    let loaded = load_str("m.json", json, Format::Json);
    let d: Vec<String> = loaded.diagnostics.iter().map(|d| d.short(&loaded.file)).collect();
    assert!(d.len() == 1 && d[0].starts_with("m.json:1:117: error[duplicate-alias]"), "{d:?}");
    let ok = load_str("m.json", json.replace(r#""b": {"aliases": ["usa"]}"#, r#""b": {}"#), Format::Json)
        .into_map()
        .unwrap();
    assert_eq!(ok.actor(ok.actor_id("usa").unwrap()).aliases, ["USA"]);
}

/// `-o FILE.json` writes a new map as JSON with the content of the TOML
/// one (CLI and [`import::build_json_map`]); `--into` with a JSON output or
/// base is refused.
#[test]
fn json_output_holds_what_toml_does() {
    let dir = sample_dir("json");
    for out in ["a.toml", "a.json"] {
        let o = run_in(
            &dir,
            &[PRESET_ARGS.as_slice(), &["--source", "Voeten", "--actor-kind", "state", "-o", out]].concat(),
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let toml = elenchus::load_file(&dir.join("a.toml")).unwrap().into_map().unwrap();
    let json = elenchus::load_file(&dir.join("a.json")).unwrap().into_map().unwrap();
    check_sample_map(&json, Some(&dir.join("a.json")));
    assert_eq!(stances_by_name(&dir.join("a.json")), stances_by_name(&dir.join("a.toml")));
    for (a, b) in toml.claims.iter().zip(&json.claims) {
        assert_eq!((&a.id, &a.text, &a.tags, &a.note, &a.source), (&b.id, &b.text, &b.tags, &b.note, &b.source));
    }
    for (a, b) in toml.actors.iter().zip(&json.actors) {
        assert_eq!((&a.id, &a.name, &a.kind), (&b.id, &b.name, &b.kind));
    }
    assert_eq!(json.meta.source.as_deref(), Some("Voeten"));
    // The library gives the file the command line wrote.
    let mut opts =
        VotesOptions { source: Some("Voeten".into()), actor_kind: Some("state".into()), ..Default::default() };
    votes::Preset::Unvotes.apply(&mut opts);
    let (v, r, t) = (dir.join("un_votes.csv.gz"), dir.join("un_roll_calls.csv"), dir.join("un_roll_call_issues.csv"));
    let read =
        votes::read_vote_files(&votes::VoteFiles { votes: &v, resolutions: Some(&r), tags: Some(&t) }, &opts).unwrap();
    let built = import::build_json_map(&read, &opts).unwrap();
    assert_eq!(built.summary.stances_added, 35);
    // The header names the files as given: relative on the command line.
    let written = std::fs::read_to_string(dir.join("a.json")).unwrap();
    assert_eq!(written.lines().skip(2).collect::<Vec<_>>(), built.text.lines().skip(2).collect::<Vec<_>>());
    std::fs::write(dir.join("m.toml"), "[claims.x]\ntext = \"X\"\n").unwrap();
    let refused = run_in(&dir, &[PRESET_ARGS.as_slice(), &["--into", "m.toml", "-o", "m.json"]].concat(), None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("-o must not end in `.json`"));
}
