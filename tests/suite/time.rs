//! Time (docs/checks.md, "Time"): stances with a time of day or a `seq`,
//! each stance judged at its date, superseded same-day conflicts. Through the
//! command line and the library, with an independent brute-force oracle over
//! random small maps.

use crate::common;

use common::{Out, run};

use elenchus::check::{ActorView, check_with_threads};
use elenchus::diag::Code;
use elenchus::model::Position;
use elenchus::{CheckConfig, ClaimGraph, Finding, Format, check, load_str};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers

/// `check --format json` of a map on standard input: exit code and the findings.
fn cli(map: &str, format: &str) -> (i32, Vec<Value>) {
    let Out { code, stdout: out, stderr: err } =
        run(&["check", "--format", "json", "--input-format", format, "-"], map);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("no JSON ({e}): {out}{err}"));
    (code, doc["findings"].as_array().expect("findings").clone())
}

/// The findings of a TOML map through the library.
fn lib(map: &str) -> Vec<Finding> {
    let map = load_str("time.toml", map, Format::Toml).into_map().unwrap_or_else(|e| panic!("does not load: {e}"));
    check(&ClaimGraph::build(&map), &CheckConfig::default())
}

/// (rule, level) of the CLI's findings of one rule.
fn cli_of(fs: &[Value], rule: &str) -> Vec<String> {
    fs.iter().filter(|f| f["rule"] == rule).map(|f| f["level"].as_str().unwrap().to_string()).collect()
}

fn lib_of(fs: &[Finding], rule: &str) -> Vec<String> {
    fs.iter().filter(|f| f.rule == rule).map(|f| f.level.to_string()).collect()
}

/// A map of one actor `x` and claims `a` (which supports `b`), `b`, `c`
/// (which `a` implies), followed by `stances`.
fn map_with(stances: &[(&str, &str, &str)]) -> String {
    let mut t = String::from(
        "[actors.x]\n\n[claims.a]\ntext = \"A\"\nsupports = [\"b\"]\nimplies = [\"c\"]\n\n\
         [claims.b]\ntext = \"B\"\n\n[claims.c]\ntext = \"C\"\n",
    );
    for (claim, position, extra) in stances {
        t.push_str(&format!("\n[[stances]]\nactor = \"x\"\nclaim = \"{claim}\"\nposition = \"{position}\"\n{extra}\n"));
    }
    t
}

/// The rule and level of every finding, through the CLI and the library, which must agree.
fn both(map: &str, rule: &str) -> Vec<String> {
    let (_, fs) = cli(map, "toml");
    let via_cli = cli_of(&fs, rule);
    assert_eq!(via_cli, lib_of(&lib(map), rule), "CLI and library, {rule}:\n{map}");
    via_cli
}

// ---------------------------------------------------------------------------
// Judged at the date

#[test]
fn a_reason_adopted_after_the_vote_raises_no_warning() {
    let late = map_with(&[("b", "abstains", "date = 2022-04-07"), ("a", "affirms", "date = 2023-02-23")]);
    assert_eq!(both(&late, "unheeded-reason"), ["note"]);
    let (code, fs) = cli(&late, "toml");
    let f = fs.iter().find(|f| f["rule"] == "unheeded-reason").unwrap();
    assert_eq!(
        f["message"],
        "x abstains on `b`, though it affirms `a`, which supports it; \
         but it adopted `a` on 2023-02-23, after it abstained on `b` on 2022-04-07"
    );
    // Nothing fails, even with warnings denied (broken-entailment does not fire: x is silent on c).
    assert_eq!(code, 0);
    let Out { code, .. } = run(&["check", "--deny", "warnings", "--input-format", "toml", "-"], &late);
    assert_eq!(code, 0);

    // Held before the vote (or undated: held throughout): a warning, as before.
    for a in ["date = 2022-03-02", "date = 2022-04-07", ""] {
        let early = map_with(&[("b", "abstains", "date = 2022-04-07"), ("a", "affirms", a)]);
        assert_eq!(both(&early, "unheeded-reason"), ["warning"], "{a}");
    }
    // Held before, replaced by a denial, then affirmed again: held at the vote.
    let again = map_with(&[
        ("a", "affirms", "date = 2020-01-01"),
        ("b", "abstains", "date = 2021-01-01"),
        ("a", "denies", "date = 2022-01-01"),
        ("a", "affirms", "date = 2023-01-01"),
    ]);
    assert_eq!(both(&again, "unheeded-reason"), ["warning"]);
    // Denied at the vote, affirmed later: the reason came after.
    let after = map_with(&[
        ("a", "denies", "date = 2020-01-01"),
        ("b", "abstains", "date = 2021-01-01"),
        ("a", "affirms", "date = 2023-01-01"),
    ]);
    assert_eq!(both(&after, "unheeded-reason"), ["note"]);
    // Through `implies`: the root of the chain must be held at the vote.
    let chain = "[actors.x]\n\n[claims.r]\ntext = \"R\"\nimplies = [\"a\"]\n\n[claims.a]\ntext = \"A\"\n\
                 supports = [\"b\"]\n\n[claims.b]\ntext = \"B\"\n\n\
                 [[stances]]\nactor = \"x\"\nclaim = \"b\"\nposition = \"denies\"\ndate = 2022-01-01\n\n\
                 [[stances]]\nactor = \"x\"\nclaim = \"r\"\nposition = \"affirms\"\ndate = DATE\n";
    assert_eq!(both(&chain.replace("DATE", "2022-06-01"), "unheeded-reason"), ["note"]);
    assert_eq!(both(&chain.replace("DATE", "2021-06-01"), "unheeded-reason"), ["warning"]);
}

#[test]
fn the_reason_adopted_later_the_same_day_by_the_clock_or_by_seq() {
    for (b, a, want) in [
        ("date = 2013-08-29T18:00:00", "date = 2013-08-29T22:30:00", "note"),
        ("date = 2013-08-29T22:30:00", "date = 2013-08-29T18:00:00", "warning"),
        ("date = 2013-08-29\nseq = 1", "date = 2013-08-29\nseq = 2", "note"),
        ("date = 2013-08-29\nseq = 2", "date = 2013-08-29\nseq = 1", "warning"),
        // In UTC: 20:00Z is after 21:00+02:00 (19:00Z).
        ("date = 2013-08-29T21:00:00+02:00", "date = 2013-08-29T20:00:00Z", "note"),
        // Unordered on one day: taken at the same time, so held.
        ("date = 2013-08-29", "date = 2013-08-29T22:30:00", "warning"),
        ("date = 2013-08-29T18:00:00", "date = 2013-08-29T22:30:00Z", "warning"),
        ("date = 2013-08-29\nseq = 1", "date = 2013-08-29", "warning"),
    ] {
        let map = map_with(&[("b", "denies", b), ("a", "affirms", a)]);
        assert_eq!(both(&map, "unheeded-reason"), [want], "b: {b}; a: {a}");
    }
}

#[test]
fn a_strict_inconsistency_between_current_stances_stands_whatever_the_dates() {
    // x denies c (2020), then affirms a (2022), which implies c: both current,
    // both held since 2022. An error, with a help line saying since when.
    let map = map_with(&[("c", "denies", "date = 2020-01-01"), ("a", "affirms", "date = 2022-01-01")]);
    assert_eq!(both(&map, "broken-entailment"), ["error"]);
    let (code, fs) = cli(&map, "toml");
    assert_eq!(code, 1);
    let f = fs.iter().find(|f| f["rule"] == "broken-entailment").unwrap();
    assert!(
        f["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "`a` was affirmed on 2022-01-01, after this stance: the inconsistency dates from then"),
        "{f}"
    );
    // The denial replaced by a later affirmation: no finding.
    let map = map_with(&[
        ("c", "denies", "date = 2020-01-01"),
        ("a", "affirms", "date = 2022-01-01"),
        ("c", "affirms", "date = 2022-01-02"),
    ]);
    assert!(both(&map, "broken-entailment").is_empty());
}

// ---------------------------------------------------------------------------
// Order within a day; conflicts

#[test]
fn a_superseded_same_day_conflict_is_not_an_error() {
    let map = map_with(&[
        ("b", "affirms", "date = 2022-03-02"),
        ("b", "denies", "date = 2022-03-02"),
        ("b", "denies", "date = 2022-03-05"),
    ]);
    assert_eq!(both(&map, "contradiction"), ["note"]);
    let (code, fs) = cli(&map, "toml");
    assert_eq!(code, 0, "{fs:?}");
    let f = fs.iter().find(|f| f["rule"] == "contradiction").unwrap();
    assert_eq!(
        f["message"],
        "x both affirms and denies `b` on the same day, since replaced by its stance of 2022-03-05: denies"
    );
    // Replaced later on the same day, by the clock: history too.
    let map = map_with(&[
        ("b", "affirms", "date = 2022-03-02T10:00:00"),
        ("b", "denies", "date = 2022-03-02T10:00:00"),
        ("b", "abstains", "date = 2022-03-02T11:00:00"),
    ]);
    assert_eq!(both(&map, "contradiction"), ["note"]);
    // Not replaced: the current stance is in the conflict. An error.
    let map = map_with(&[
        ("b", "denies", "date = 2022-03-01"),
        ("b", "affirms", "date = 2022-03-02"),
        ("b", "denies", "date = 2022-03-02"),
    ]);
    assert_eq!(both(&map, "contradiction"), ["error"]);
    // An undated (standing) stance against the current one is never history.
    let map = map_with(&[
        ("b", "affirms", ""),
        ("b", "affirms", "date = 2022-03-02"),
        ("b", "denies", "date = 2022-03-02"),
        ("b", "denies", "date = 2022-03-05"),
    ]);
    let mut got = both(&map, "contradiction");
    got.sort();
    assert_eq!(got, ["error", "note"]);
}

#[test]
fn time_of_day_and_seq_order_a_day() {
    // Written in the reverse order: the clock, or seq, decides.
    for (first, second) in [
        ("date = 2013-08-29T22:30:00", "date = 2013-08-29T09:15:00"),
        ("date = 2013-08-29T22:30:00Z", "date = 2013-08-29T09:15:00Z"),
        ("date = 2013-08-29T12:00:00+00:00", "date = 2013-08-29T13:00:00+02:00"),
        ("date = 2013-08-29\nseq = 2", "date = 2013-08-29\nseq = 1"),
        ("date = 2013-08-29T10:00:00\nseq = 2", "date = 2013-08-29T10:00:00\nseq = 1"),
    ] {
        // `first` (denies b) is the later: b is current `denies`, a shift from `affirms`.
        let map = map_with(&[("a", "affirms", ""), ("b", "denies", first), ("b", "affirms", second)]);
        assert!(both(&map, "contradiction").is_empty(), "{first} / {second}");
        assert_eq!(both(&map, "stance-shift"), ["note"], "{first} / {second}");
        assert_eq!(both(&map, "unheeded-reason"), ["warning"], "{first} / {second}");
        let loaded = load_str("t.toml", map.as_str(), Format::Toml).into_map().unwrap();
        let b = loaded.claim_id("b").unwrap();
        let current = loaded.current_stance(0, b).unwrap();
        assert_eq!(loaded.stance(current).position, Position::Denies, "{first} / {second}");
    }
}

#[test]
fn two_same_day_stances_with_nothing_to_order_them_remain_a_conflict() {
    for (first, second) in [
        ("date = 2013-08-29", "date = 2013-08-29"),
        ("date = 2013-08-29T10:00:00", "date = 2013-08-29"),
        ("date = 2013-08-29\nseq = 1", "date = 2013-08-29"),
        ("date = 2013-08-29T10:00:00", "date = 2013-08-29T11:00:00Z"),
        ("date = 2013-08-29T10:00:00", "date = 2013-08-29T10:00:00"),
        ("date = 2013-08-29\nseq = 1", "date = 2013-08-29T10:00:00\nseq = 2"),
    ] {
        let map = map_with(&[("b", "denies", first), ("b", "affirms", second)]);
        assert_eq!(both(&map, "contradiction"), ["error"], "{first} / {second}");
        assert!(both(&map, "stance-shift").is_empty(), "{first} / {second}");
        assert_eq!(cli(&map, "toml").0, 1);
    }
    // One stance with no time makes the whole day unordered.
    let map = map_with(&[
        ("b", "affirms", "date = 2013-08-29T10:00:00"),
        ("b", "denies", "date = 2013-08-29T11:00:00"),
        ("b", "denies", "date = 2013-08-29"),
    ]);
    let got = both(&map, "contradiction");
    assert!(!got.is_empty() && got.iter().all(|l| l == "error"), "{got:?}");
}

#[test]
fn json_maps_take_rfc_3339_strings() {
    let map = r#"{"actors": {"x": {}},
 "claims": {"a": {"text": "A", "supports": ["b"]}, "b": {"text": "B"}},
 "stances": [
  {"actor": "x", "claim": "b", "position": "denies", "date": "2013-08-29T21:00:00+02:00"},
  {"actor": "x", "claim": "a", "position": "affirms", "date": "2013-08-29t20:00:00.25z"},
  {"actor": "x", "claim": "b", "position": "abstains", "date": "2013-08-29 18:00:00+02:00"}
 ]}"#;
    let (code, fs) = cli(map, "json");
    assert_eq!(code, 0);
    // b: denies at 19:00Z, abstains at 16:00Z: current denies; a affirmed at 20:00:00.25Z, after.
    let f = fs.iter().find(|f| f["rule"] == "unheeded-reason").unwrap();
    assert_eq!(f["level"], "note");
    assert_eq!(f["chain"], "x affirms a --supports--> b, yet denies (2013-08-29T21:00:00+02:00)", "printed as written");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("adopted `a` on 2013-08-29T20:00:00.25Z, after it denied `b` on 2013-08-29T21:00:00+02:00")
    );
    let shift = fs.iter().find(|f| f["rule"] == "stance-shift").unwrap();
    assert_eq!(
        shift["message"],
        "x's stance on `b` changed: it abstains on 2013-08-29T18:00:00+02:00 and denies on 2013-08-29T21:00:00+02:00"
    );
}

// ---------------------------------------------------------------------------
// Printed as written

#[test]
fn dates_and_times_are_printed_back_as_written() {
    let map = map_with(&[
        ("a", "affirms", "date = 2013-08-29T07:05:09.120-05:30\nvia = \"v1\""),
        ("b", "abstains", "date = 2013-08-30\nseq = 3\nvia = \"v2\""),
    ]);
    let (_, fs) = cli(&map, "toml");
    let f = fs.iter().find(|f| f["rule"] == "unheeded-reason").unwrap();
    assert_eq!(f["chain"], "x affirms a --supports--> b, yet abstains (2013-08-30 #3, v2)");
    // render: the mark on the claim and the stance's tooltip.
    let Out { code, stdout: dot, stderr: err } =
        run(&["render", "--input-format", "toml", "--actor", "x", "--format", "dot", "-"], &map);
    assert_eq!(code, 0, "{err}");
    assert!(dot.contains("affirms (2013-08-29T07:05:09.12-05:30)"), "{dot}");
    assert!(dot.contains("abstains (2013-08-30 #3)"), "{dot}");
    // stances: the matrix's tooltips.
    let Out { code, stdout: svg, stderr: err } =
        run(&["stances", "--input-format", "toml", "--format", "svg", "-"], &map);
    assert_eq!(code, 0, "{err}");
    assert!(svg.contains("affirms (2013-08-29T07:05:09.12-05:30, v1)"), "{svg}");
    assert!(svg.contains("abstains (2013-08-30 #3, v2)"), "{svg}");
}

// ---------------------------------------------------------------------------
// Diagnostics

#[test]
fn invalid_times_and_seqs_are_reported_at_their_place() {
    let cases: &[(&str, &str, Code, usize, usize)] = &[
        ("toml", "date = 10:30:00", Code::InvalidDate, 9, 8),
        ("toml", "date = \"2022-04-07T25:00:00\"", Code::InvalidDate, 9, 8),
        ("toml", "date = \"2022-04-07T10:30\"", Code::InvalidDate, 9, 8),
        ("toml", "date = \"2022-04-07T10:30:00+24:00\"", Code::InvalidDate, 9, 8),
        ("toml", "date = \"2022-04-07T10:30:00.\"", Code::InvalidDate, 9, 8),
        ("toml", "date = 2022-04-07\nseq = -1", Code::InvalidValue, 10, 7),
        ("toml", "date = 2022-04-07\nseq = 4294967296", Code::InvalidValue, 10, 7),
        ("toml", "date = 2022-04-07\nseq = \"1\"", Code::WrongType, 10, 7),
        ("toml", "date = 2022-04-07\nseq = 1.5", Code::WrongType, 10, 7),
        ("toml", "seq = 1", Code::InvalidValue, 9, 7),
        ("json", "\"date\": \"2022-04-07T10:30:00+2:00\"", Code::InvalidDate, 1, 0),
        ("json", "\"date\": \"2022-02-30T10:30:00Z\"", Code::InvalidDate, 1, 0),
        ("json", "\"seq\": 2", Code::InvalidValue, 1, 0),
        ("json", "\"date\": \"2022-04-07\", \"seq\": -3", Code::InvalidValue, 1, 0),
    ];
    for &(format, extra, code, line, column) in cases {
        let text = if format == "toml" {
            format!(
                "[actors.x]\n\n[claims.a]\ntext = \"A\"\n\n[[stances]]\nactor = \"x\"\nclaim = \"a\"\n{extra}\nposition = \"affirms\"\n"
            )
        } else {
            format!(
                "{{\"actors\": {{\"x\": {{}}}}, \"claims\": {{\"a\": {{\"text\": \"A\"}}}}, \"stances\": [{{\"actor\": \"x\", \"claim\": \"a\", \"position\": \"affirms\", {extra}}}]}}"
            )
        };
        let fmt = if format == "toml" { Format::Toml } else { Format::Json };
        let loaded = load_str(format!("t.{format}"), text.as_str(), fmt);
        let d = loaded.diagnostics.first().unwrap_or_else(|| panic!("{extra}: no diagnostic"));
        let pos = d.position(&loaded.file);
        // In JSON, the place is the value's: find it in the text.
        let (line, column) = if format == "json" {
            let v = extra.rsplit(": ").next().unwrap();
            (line, text.find(v).unwrap() + 1)
        } else {
            (line, column)
        };
        assert_eq!((d.code, pos.line, pos.column), (code, line, column), "{extra}: {}", d.short(&loaded.file));
        assert_eq!(loaded.errors(), 1, "{extra}");
        assert!(loaded.map.is_none(), "{extra}");
        // The command line: a nonzero exit, the code and the place.
        let Out { code: exit, stdout: out, stderr: err } = run(&["validate", "--input-format", format, "-"], &text);
        let err = out + &err;
        assert_eq!(exit, 2, "{extra}: {err}");
        assert!(err.contains(&format!("error[{}]", code.as_str())), "{extra}: {err}");
        assert!(err.contains(&format!("<stdin>:{line}:{column}")), "{extra}: {err}");
    }
}

#[test]
fn valid_times_load() {
    for extra in [
        "date = 2022-04-07T10:30:00",
        "date = 2022-04-07 10:30:00",
        "date = 2022-04-07T10:30",
        "date = 2022-04-07T23:59:60Z",
        "date = 2022-04-07T10:30:00.123456789-23:59",
        "date = \"2022-04-07T10:30:00Z\"",
        "date = \"2022-04-07 10:30:00+05:45\"",
        "date = 2022-04-07\nseq = 0",
        "date = 2022-04-07\nseq = 4294967295",
    ] {
        let text = format!(
            "[actors.x]\n\n[claims.a]\ntext = \"A\"\n\n[[stances]]\nactor = \"x\"\nclaim = \"a\"\n{extra}\nposition = \"affirms\"\n"
        );
        let loaded = load_str("t.toml", text.as_str(), Format::Toml);
        assert!(loaded.diagnostics.is_empty(), "{extra}: {:?}", loaded.diagnostics);
    }
    // Stances that differ only by time or seq are two stances, not a duplicate.
    let map = map_with(&[
        ("b", "denies", "date = 2022-04-07T10:00:00"),
        ("b", "denies", "date = 2022-04-07T11:00:00"),
        ("b", "denies", "date = 2022-04-07\nseq = 1"),
        ("b", "denies", "date = 2022-04-07\nseq = 1"),
    ]);
    let loaded = load_str("t.toml", map.as_str(), Format::Toml);
    let dups: Vec<_> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(dups, [Code::DuplicateStance]);
    assert_eq!(loaded.map.unwrap().stances.len(), 3);
}

// ---------------------------------------------------------------------------
// The library's queries

#[test]
fn position_at_held_at_and_held_since() {
    let map = map_with(&[
        ("a", "affirms", "date = 2020-01-01"),
        ("b", "denies", "date = 2020-06-01"),
        ("a", "denies", "date = 2021-01-01"),
        ("b", "abstains", "date = 2021-06-01"),
        ("a", "affirms", "date = 2022-01-01T09:00:00"),
        ("a", "affirms", "date = 2022-02-01"),
        ("b", "denies", "date = 2022-01-01T08:00:00"),
        ("b", "abstains", "date = 2022-01-01T10:00:00Z"),
        ("b", "denies", ""),
    ]);
    let map = load_str("t.toml", map.as_str(), Format::Toml).into_map().unwrap();
    let graph = ClaimGraph::build(&map);
    let mut view = ActorView::new(map.claims.len());
    view.load(&graph, 0);
    let (a, c) = (map.claim_id("a").unwrap(), map.claim_id("c").unwrap());
    let at = |i: u32| view.position_at(&map, a, i);
    assert_eq!(at(1), Some(Position::Affirms)); // 2020-06-01
    assert_eq!(at(3), Some(Position::Denies)); // 2021-06-01
    assert_eq!(at(6), Some(Position::Denies)); // 08:00, before 09:00
    assert_eq!(at(7), Some(Position::Affirms)); // 10:00Z: unordered with 09:00 local, so taken together
    assert_eq!(at(8), Some(Position::Affirms)); // undated: now
    assert!(view.held_at(&map, c, 1) && !view.held_at(&map, c, 3) && !view.held_at(&map, c, 6));
    assert_eq!(view.held_since(&map, a), Some(4));
    assert_eq!(view.held_since(&map, c), Some(4), "through `implies`: the root's");
}

// ---------------------------------------------------------------------------
// The oracle: random small maps, a brute force of "held at" and of the
// findings of unheeded-reason and broken-entailment.

const DAYS: [&str; 3] = ["2020-01-01", "2020-01-02", "2020-01-03"];
const TIMES: [&str; 4] = ["T10:00:00", "T12:00:00", "T10:00:00Z", "T11:00:00+02:00"];

#[derive(Clone, Debug)]
struct St {
    actor: usize,
    claim: usize,
    position: usize,
    day: Option<usize>,
    time: Option<usize>,
    seq: Option<u32>,
}

#[derive(Clone, Debug)]
struct Spec {
    claims: usize,
    /// `implies` parent of each claim (at most one, so each commitment has one chain).
    implies: Vec<Option<usize>>,
    supports: Vec<(usize, usize)>,
    stances: Vec<St>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2..6usize)
        .prop_flat_map(|n| {
            let implies = prop::collection::vec(prop::option::weighted(0.4, 0..n), n);
            let supports = prop::collection::vec((0..n, 0..n), 0..6);
            let stance = (
                0..2usize,
                0..n,
                0..3usize,
                prop::option::weighted(0.8, 0..3usize),
                prop::option::weighted(0.4, 0..4usize),
                prop::option::weighted(0.3, 0..3u32),
            )
                .prop_map(|(actor, claim, position, day, time, seq)| St {
                    actor,
                    claim,
                    position,
                    day,
                    time,
                    seq,
                });
            (Just(n), implies, supports, prop::collection::vec(stance, 0..14))
        })
        .prop_map(|(claims, implies, supports, stances)| {
            let implies = implies.into_iter().enumerate().map(|(i, p)| p.filter(|&p| p != i)).collect();
            let supports = supports.into_iter().filter(|(a, b)| a != b).collect();
            // A time or a seq only on a dated stance.
            let stances = stances
                .into_iter()
                .map(|s| St { time: s.time.filter(|_| s.day.is_some()), seq: s.seq.filter(|_| s.day.is_some()), ..s })
                .collect();
            Spec { claims, implies, supports, stances }
        })
}

const POS: [&str; 3] = ["affirms", "denies", "abstains"];

impl Spec {
    fn toml(&self) -> String {
        let mut t = String::from("[actors.x0]\n[actors.x1]\n");
        for c in 0..self.claims {
            t.push_str(&format!("\n[claims.c{c}]\ntext = \"C{c}\"\n"));
            let sup: Vec<String> = self.supports.iter().filter(|s| s.0 == c).map(|s| format!("\"c{}\"", s.1)).collect();
            if !sup.is_empty() {
                t.push_str(&format!("supports = [{}]\n", sup.join(", ")));
            }
            let imp: Vec<String> =
                (0..self.claims).filter(|&d| self.implies[d] == Some(c)).map(|d| format!("\"c{d}\"")).collect();
            if !imp.is_empty() {
                t.push_str(&format!("implies = [{}]\n", imp.join(", ")));
            }
        }
        for s in &self.stances {
            t.push_str(&format!(
                "\n[[stances]]\nactor = \"x{}\"\nclaim = \"c{}\"\nposition = \"{}\"\n",
                s.actor, s.claim, POS[s.position]
            ));
            if let Some(d) = s.day {
                t.push_str(&format!("date = {}{}\n", DAYS[d], s.time.map_or("", |t| TIMES[t])));
            }
            if let Some(q) = s.seq {
                t.push_str(&format!("seq = {q}\n"));
            }
        }
        t
    }

    /// The stances as loaded: duplicates (same actor, claim, position, date, time, seq) count once.
    fn kept(&self) -> Vec<St> {
        let mut out: Vec<St> = Vec::new();
        for s in &self.stances {
            let same = |o: &St| {
                (o.actor, o.claim, o.position, o.day, o.time, o.seq)
                    == (s.actor, s.claim, s.position, s.day, s.time, s.seq)
            };
            if !out.iter().any(same) {
                out.push(s.clone());
            }
        }
        out
    }
}

/// A time as (kind, minutes): 0 local, 1 UTC.
fn time_of(t: usize) -> (u8, i32) {
    match t {
        0 => (0, 600),
        1 => (0, 720),
        2 => (1, 600),
        _ => (1, 540),
    }
}

/// Whether `s` comes after `o`, from the definition in docs/checks.md.
fn after(s: &St, o: &St) -> bool {
    let (Some(d), Some(e)) = (s.day, o.day) else { return false };
    if d != e {
        return d > e;
    }
    let (st, ot) = (s.time.map(time_of), o.time.map(time_of));
    match (st, ot) {
        (Some(a), Some(b)) if a.0 == b.0 && a.1 != b.1 => a.1 > b.1,
        (a, b) if a == b => matches!((s.seq, o.seq), (Some(x), Some(y)) if x > y),
        _ => false,
    }
}

/// The key of the current stance (docs/checks.md, "Current stance"): dated
/// over undated; date, time (local before UTC), seq, file order; undated: the first.
fn key(i: usize, s: &St) -> (bool, usize, Option<(u8, i32)>, Option<u32>, i64) {
    match s.day {
        None => (false, 0, None, None, -(i as i64)),
        Some(d) => (true, d, s.time.map(time_of), s.seq, i as i64),
    }
}

/// The most current of `actor`'s stances on `claim` among those `keep` lets through.
fn most_current(st: &[St], actor: usize, claim: usize, keep: impl Fn(&St) -> bool) -> Option<usize> {
    (0..st.len())
        .filter(|&i| st[i].actor == actor && st[i].claim == claim && keep(&st[i]))
        .max_by_key(|&i| key(i, &st[i]))
}

/// The root of `actor`'s commitment to `c` now: `c` if it affirms it, else
/// the nearest claim up the (unique) chain of `implies` that it affirms.
fn root(spec: &Spec, st: &[St], actor: usize, c: usize) -> Option<usize> {
    let mut x = c;
    for _ in 0..=spec.claims {
        if most_current(st, actor, x, |_| true).is_some_and(|i| st[i].position == 0) {
            return Some(x);
        }
        x = spec.implies[x]?;
    }
    None
}

/// Whether `actor` is committed to deny `b` (docs/checks.md, "Negative
/// commitments"): some claim down the chain of `implies` from `b` (`b`
/// included) is one it currently denies.
fn denies_by_tollens(spec: &Spec, st: &[St], actor: usize, b: usize) -> bool {
    (0..spec.claims).any(|d| {
        let denied = most_current(st, actor, d, |_| true).is_some_and(|i| st[i].position == 1);
        // Walk up from `d` through the claims that imply it, looking for `b`.
        let mut x = d;
        for _ in 0..=spec.claims {
            if x == b {
                return denied;
            }
            match spec.implies[x] {
                Some(p) => x = p,
                None => return false,
            }
        }
        false
    })
}

/// (rule, actor, claims' last two, level) expected of the two rules (for a
/// chain of denials, the claim declined).
fn expected(spec: &Spec) -> Vec<(String, String, String, String)> {
    let st = spec.kept();
    let mut out = Vec::new();
    for actor in 0..2 {
        for b in 0..spec.claims {
            let Some(si) = most_current(&st, actor, b, |_| true) else { continue };
            if st[si].position == 0 {
                continue;
            }
            // broken-entailment: b is committed to (through implies) while
            // declined; abstaining is one level down (docs/checks.md).
            let committed = spec.implies[b].and_then(|p| root(spec, &st, actor, p)).is_some();
            let abstains = st[si].position == 2;
            if committed {
                let level = if abstains { "warning" } else { "error" };
                out.push(("broken-entailment".into(), format!("x{actor}"), format!("c{b}"), level.into()));
            }
            // ... or abstained on while committed to deny it: it implies, by
            // a chain of `implies`, a claim the actor currently denies.
            if abstains && !committed && denies_by_tollens(spec, &st, actor, b) {
                out.push(("broken-entailment".into(), format!("x{actor}"), format!("c{b}"), "warning".into()));
            }
            // unheeded-reason: each committed a supporting b; held at the stance's date?
            for &(a, _) in spec.supports.iter().filter(|s| s.1 == b) {
                let Some(r) = root(spec, &st, actor, a) else { continue };
                let held = st[si].day.is_none()
                    || most_current(&st, actor, r, |o| !after(o, &st[si])).is_some_and(|i| st[i].position == 0);
                let level = if held { "warning" } else { "note" };
                out.push(("unheeded-reason".into(), format!("x{actor}"), format!("c{a} c{b}"), level.into()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn found(fs: &[Finding]) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = fs
        .iter()
        .filter(|f| f.rule == "unheeded-reason" || f.rule == "broken-entailment")
        .map(|f| {
            let n = if f.rule == "unheeded-reason" { 2 } else { 1 };
            let last = if f.message.contains("it is committed to deny") {
                f.claims[0].clone()
            } else {
                f.claims[f.claims.len() - n..].join(" ")
            };
            (f.rule.to_string(), f.actor.clone().unwrap_or_default(), last, f.level.to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

proptest! {
    #![proptest_config(common::proptest_config(3000))]

    #[test]
    fn findings_agree_with_a_brute_force_of_held_at(spec in spec()) {
        let text = spec.toml();
        let loaded = load_str("oracle.toml", text.as_str(), Format::Toml);
        prop_assert!(loaded.errors() == 0, "{:?}", loaded.diagnostics);
        let map = loaded.into_map().unwrap();
        let graph = ClaimGraph::build(&map);
        let fs = check(&graph, &CheckConfig::default());
        prop_assert_eq!(found(&fs), expected(&spec), "{}", text);
        // Deterministic, whatever the number of threads.
        let json = |fs: &[Finding]| serde_json::to_string(fs).unwrap();
        for threads in [1, 2, 3] {
            prop_assert_eq!(json(&check_with_threads(&graph, &CheckConfig::default(), threads)), json(&fs));
        }
        // The current stance of each actor on each claim, by the brute force.
        let st = spec.kept();
        let mut view = ActorView::new(map.claims.len());
        for actor in 0..2u32 {
            view.load(&graph, actor);
            for c in 0..spec.claims {
                let want = most_current(&st, actor as usize, c, |_| true).map(|i| POS[st[i].position]);
                let got = view.position(&map, c as u32).map(|p| p.as_str());
                prop_assert_eq!(got, want, "x{} c{}\n{}", actor, c, text);
                // And the position as of every stance of the actor.
                for (i, s) in st.iter().enumerate().filter(|(_, s)| s.actor == actor as usize) {
                    let want = if s.day.is_none() {
                        most_current(&st, actor as usize, c, |_| true)
                    } else {
                        most_current(&st, actor as usize, c, |o| !after(o, s))
                    }
                    .map(|i| POS[st[i].position]);
                    let got = view.position_at(&map, c as u32, i as u32).map(|p| p.as_str());
                    prop_assert_eq!(got, want, "x{} c{} as of stance {}\n{}", actor, c, i, text);
                }
            }
        }
    }
}

#[test]
fn the_oracle_maps_are_not_trivial() {
    // The generator makes maps where the judgement at the date matters.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut notes, mut warnings) = (0, 0);
    for _ in 0..2000 {
        let spec = spec().new_tree(&mut runner).unwrap().current();
        for (rule, _, _, level) in expected(&spec) {
            if rule == "unheeded-reason" {
                if level == "note" { notes += 1 } else { warnings += 1 }
            }
        }
    }
    assert!(notes > 50 && warnings > 50, "{notes} notes, {warnings} warnings");
}
