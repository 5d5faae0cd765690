//! Explanations of vote and corrected votes: a stance's `reason` (the
//! reasons its actor gave, each also an affirmation as of the stance) and
//! `recorded` (the official record of a vote the actor intended otherwise).
//! Through the command line and the library (docs/checks.md, "Explanations
//! of vote" and `vote-correction`; docs/format.md, `[[stances]]`).

use crate::common;

use common::run;
use elenchus::check::{CheckConfig, Finding, check};
use elenchus::model::{Origin, Position};
use elenchus::{ClaimGraph, Format, Level, load_str};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers

/// `check --format json -` on a map: exit code and document.
fn check_json(map: &str, format: &str) -> (i32, Value) {
    let out = run(&["check", "--format", "json", "--input-format", format, "-"], map);
    let doc = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}", out.stdout));
    (out.code, doc)
}

/// The findings of one rule in a JSON document.
fn json_of<'d>(doc: &'d Value, rule: &str) -> Vec<&'d Value> {
    doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

/// The library's findings of a TOML map.
fn lib(map: &str) -> Vec<Finding> {
    let map = load_str("reasons.toml", map, Format::Toml).into_map().unwrap_or_else(|e| panic!("{e}"));
    check(&ClaimGraph::build(&map), &CheckConfig::default())
}

/// (level, message, addressed_by, notes) of the one finding of `rule`, the
/// same through the command line and the library.
fn one(map: &str, rule: &str) -> (Level, String, Vec<String>, Vec<String>) {
    let fs = lib(map);
    let of: Vec<&Finding> = fs.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(of.len(), 1, "{of:#?}");
    let f = of[0];
    let (_, doc) = check_json(map, "toml");
    let j = json_of(&doc, rule);
    assert_eq!(j.len(), 1, "{doc:#}");
    let strs =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect() };
    assert_eq!(j[0]["message"], f.message.as_str());
    assert_eq!(j[0]["level"], f.level.to_string());
    assert_eq!(strs(&j[0]["addressed_by"]), f.addressed_by);
    assert_eq!(strs(&j[0]["notes"]), f.notes);
    (f.level, f.message.clone(), f.addressed_by.clone(), f.notes.clone())
}

/// Cambodia's case with an explanation of vote: it holds a reason for the
/// suspension, abstains on it, and gives `reason` for the abstention;
/// `extra` is appended (more claims, stances).
fn abstention(reason: &str, extra: &str) -> String {
    format!(
        r#"[actors.state]
affirms = ["opposes-invasions"]

[claims.opposes-invasions]
text = "The state opposes the invasion of any country."
supports = ["suspend"]

[claims.suspend]
text = "The invader's membership rights should be suspended."

[claims.prejudges-inquiry]
text = "A suspension before the inquiry reports prejudges its findings."
attacks = ["suspend"]

[claims.regional-ties]
text = "The state values its ties with the region."

[[stances]]
actor = "state"
claim = "suspend"
position = "abstains"
date = 2022-04-07
via = "vote on the suspension"
reason = {reason}
{extra}"#
    )
}

// ---------------------------------------------------------------------------
// `reason` and `unheeded-reason`

#[test]
fn a_recorded_reason_that_stands_addresses_the_finding() {
    let (level, message, by, notes) = one(&abstention(r#""prejudges-inquiry""#, ""), "unheeded-reason");
    assert_eq!((level, by), (Level::Note, vec!["prejudges-inquiry".to_string()]));
    assert!(message.ends_with("; its recorded reason `prejudges-inquiry` answers it"), "{message}");
    assert!(notes.is_empty(), "{notes:?}");
    // The chain names it as recorded.
    let fs = lib(&abstention(r#""prejudges-inquiry""#, ""));
    let f = fs.iter().find(|f| f.rule == "unheeded-reason").unwrap();
    assert!(
        f.chain.ends_with("; recorded reason: state affirms prejudges-inquiry --attacks--> suspend"),
        "{}",
        f.chain
    );
}

#[test]
fn without_the_reason_the_same_stance_is_a_warning() {
    // The reason is what the actor holds: without `reason`, it holds nothing against the claim.
    let map = abstention(r#""prejudges-inquiry""#, "").replace("reason = \"prejudges-inquiry\"\n", "");
    let (level, message, by, _) = one(&map, "unheeded-reason");
    assert_eq!((level, by.len()), (Level::Warning, 0));
    assert!(!message.contains("recorded"), "{message}");
}

#[test]
fn a_recorded_reason_defeated_by_the_actors_own_claim_does_not_address() {
    let extra = r#"
[claims.inquiry-reported]
text = "The inquiry has reported."
attacks = ["prejudges-inquiry"]

[[stances]]
actor = "state"
claim = "inquiry-reported"
position = "affirms"
date = 2022-04-01
"#;
    let (level, message, by, notes) = one(&abstention(r#""prejudges-inquiry""#, extra), "unheeded-reason");
    assert_eq!((level, by.len()), (Level::Warning, 0));
    assert!(message.ends_with("; its recorded reason `prejudges-inquiry` does not stand"), "{message}");
    assert_eq!(
        notes,
        ["its recorded reason `prejudges-inquiry` is attacked by `inquiry-reported`, which it also holds"]
    );
}

#[test]
fn a_recorded_reason_that_is_no_answer_does_not_address() {
    let (level, message, by, notes) = one(&abstention(r#""regional-ties""#, ""), "unheeded-reason");
    assert_eq!((level, by.len()), (Level::Warning, 0));
    assert!(message.ends_with("; its recorded reason `regional-ties` does not address it"), "{message}");
    assert_eq!(
        notes,
        [
            "its recorded reason `regional-ties` is no answer: it neither attacks nor contradicts `suspend`, nor undercuts opposes-invasions --supports--> suspend"
        ]
    );
}

#[test]
fn a_recorded_reason_given_up_later_does_not_address() {
    let extra = r#"
[[stances]]
actor = "state"
claim = "prejudges-inquiry"
position = "denies"
date = 2023-01-10
"#;
    let (level, message, by, notes) = one(&abstention(r#""prejudges-inquiry""#, extra), "unheeded-reason");
    assert_eq!((level, by.len()), (Level::Warning, 0));
    assert!(message.ends_with("; its recorded reason `prejudges-inquiry` does not address it"), "{message}");
    assert_eq!(
        notes,
        ["its recorded reason `prejudges-inquiry` is not held: state's current stance on it is denies (2023-01-10)"]
    );
}

#[test]
fn of_several_recorded_reasons_those_that_answer_address_and_the_others_are_explained() {
    let (level, message, by, notes) =
        one(&abstention(r#"["regional-ties", "prejudges-inquiry"]"#, ""), "unheeded-reason");
    assert_eq!((level, by), (Level::Note, vec!["prejudges-inquiry".to_string()]));
    assert!(message.ends_with("; its recorded reason `prejudges-inquiry` answers it"), "{message}");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].starts_with("its recorded reason `regional-ties` is no answer"), "{notes:?}");
}

#[test]
fn an_answer_the_actor_holds_without_recording_it_is_not_called_recorded() {
    // It affirms `prejudges-inquiry` on its own and records `regional-ties`.
    let map = abstention(r#""regional-ties""#, "")
        .replace("affirms = [\"opposes-invasions\"]", "affirms = [\"opposes-invasions\", \"prejudges-inquiry\"]");
    let (level, message, by, _) = one(&map, "unheeded-reason");
    assert_eq!((level, by), (Level::Note, vec!["prejudges-inquiry".to_string()]));
    assert!(message.ends_with("; it gives `prejudges-inquiry` as its reason"), "{message}");
}

#[test]
fn a_reason_is_an_affirmation_as_of_its_stance() {
    let map = abstention(r#"["prejudges-inquiry", "regional-ties"]"#, "");
    let map = load_str("r.toml", map.as_str(), Format::Toml).into_map().unwrap();
    let (state, suspend) = (map.actor_id("state").unwrap(), map.claim_id("suspend").unwrap());
    let declined = &map.stances[map.current_stance(state, suspend).unwrap() as usize];
    let names: Vec<&str> = declined.reasons.iter().map(|&c| map.claim(c).id.as_str()).collect();
    assert_eq!(names, ["prejudges-inquiry", "regional-ties"]);
    for name in names {
        let s = map.stance(map.current_stance(state, map.claim_id(name).unwrap()).unwrap());
        assert_eq!(
            (s.position, s.origin, s.date, &s.via),
            (Position::Affirms, Origin::Reason, declined.date, &declined.via)
        );
    }
    // Two stances: the declined one (a shorthand affirmation and two implied ones are the others).
    assert_eq!(map.stances.len(), 4);
}

#[test]
fn a_reason_already_affirmed_counts_once_and_a_same_day_denial_contradicts_it() {
    let stated = abstention(
        r#""prejudges-inquiry""#,
        "\n[[stances]]\nactor = \"state\"\nclaim = \"prejudges-inquiry\"\nposition = \"affirms\"\ndate = 2022-04-07\n",
    );
    let l = load_str("r.toml", stated.as_str(), Format::Toml);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    let map = l.into_map().unwrap();
    let on = map.claim_id("prejudges-inquiry").unwrap();
    assert_eq!(map.stances.iter().filter(|s| s.claim == on).count(), 1);

    let denied =
        stated.replace("position = \"affirms\"\ndate = 2022-04-07", "position = \"denies\"\ndate = 2022-04-07");
    let (level, message, _, _) = one(&denied, "contradiction");
    assert_eq!(level, Level::Error);
    assert!(message.contains("`prejudges-inquiry`"), "{message}");
}

#[test]
fn json_maps_carry_reasons_and_corrections_like_toml() {
    let map = r#"{
  "actors": {"state": {"affirms": ["a"]}},
  "claims": {
    "a": {"text": "A", "supports": ["b"]},
    "b": {"text": "B"},
    "c": {"text": "C", "attacks": ["b"]},
    "d": {"text": "D", "supports": ["b"]}
  },
  "stances": [
    {"actor": "state", "claim": "b", "position": "abstains", "date": "2022-04-07", "reason": "c"},
    {"actor": "state", "claim": "d", "position": "denies", "recorded": "affirms", "correction": "its statement"}
  ]
}"#;
    let (code, doc) = check_json(map, "json");
    assert_eq!(code, 0, "{doc:#}");
    let u = json_of(&doc, "unheeded-reason");
    assert_eq!(u.len(), 1, "{doc:#}");
    assert_eq!(u[0]["addressed_by"], serde_json::json!(["c"]));
    let v = json_of(&doc, "vote-correction");
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0]["message"],
        "state's vote on `d` is recorded as `affirms`, but it intended `denies`: analysed as intended"
    );
    assert_eq!(v[0]["notes"][1], "correction: its statement");
    let m = elenchus::load_str("m.json", map, Format::Json).into_map().unwrap();
    let d = m.stance(m.current_stance(0, m.claim_id("d").unwrap()).unwrap());
    assert_eq!((d.position, d.recorded.as_ref().map(|r| r.position)), (Position::Denies, Some(Position::Affirms)));
}

// ---------------------------------------------------------------------------
// Bad input

/// A diagnostic as the JSON output gives it: (code, line, column, message, help).
type Diag = (String, u64, u64, String, String);

/// Each diagnostic of a map through the CLI, with the exit code.
fn diagnostics(map: &str, format: &str) -> (i32, Vec<Diag>) {
    let (code, doc) = check_json(map, format);
    let ds = doc["maps"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (code, ds)
}

#[test]
fn bad_reasons_are_errors_with_their_place() {
    let map = abstention(r#"["prejudge-inquiry", "suspend", "regional-ties", "regional-ties"]"#, "");
    let (code, ds) = diagnostics(&map, "toml");
    assert_ne!(code, 0);
    let line = 1 + map.lines().position(|l| l.starts_with("reason = ")).unwrap() as u64;
    let got: Vec<(&str, u64, u64, &str)> = ds.iter().map(|d| (d.0.as_str(), d.1, d.2, d.3.as_str())).collect();
    assert_eq!(
        got,
        [
            ("unknown-reference", line, 11, "unknown claim `prejudge-inquiry`"),
            ("invalid-value", line, 31, "the stance gives its own claim `suspend` as its reason"),
            ("invalid-value", line, 59, "the reason `regional-ties` is named twice"),
        ]
    );
    assert_eq!(ds[0].4, "did you mean `prejudges-inquiry`?");
    // The library reports the same, and gives no map.
    let l = load_str("r.toml", map.as_str(), Format::Toml);
    assert_eq!(l.diagnostics.len(), 3);
    assert!(l.into_map().is_err());

    for (reason, code, message) in [
        ("[]", "invalid-value", "an empty list of reasons"),
        ("3", "wrong-type", "`reason` must be a claim id or a list of claim ids, found an integer"),
        ("[3]", "wrong-type", "the items of `reason` must be strings, found an integer"),
    ] {
        let (exit, ds) = diagnostics(&abstention(reason, ""), "toml");
        assert_ne!(exit, 0, "{reason}");
        assert_eq!((ds[0].0.as_str(), ds[0].3.as_str()), (code, message), "{reason}");
    }
}

#[test]
fn bad_corrections_are_errors() {
    let base =
        |keys: &str| abstention(r#""prejudges-inquiry""#, "").replace("reason = ", &format!("{keys}\nreason = "));
    for (keys, code, message) in [
        ("recorded = \"abstains\"", "invalid-value", "`recorded` is the same as `position` (abstains)"),
        ("recorded = \"maybe\"", "invalid-value", "unknown position `maybe`"),
        ("correction = \"said so\"", "missing-key", "a `correction` without `recorded`"),
    ] {
        let (exit, ds) = diagnostics(&base(keys), "toml");
        assert_ne!(exit, 0, "{keys}");
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].0, code, "{keys}");
        assert!(ds[0].3.starts_with(message), "{keys}: {}", ds[0].3);
    }
}

// ---------------------------------------------------------------------------
// Corrected votes

/// A state that holds a reason for a resolution and intended to vote for
/// it, which the record gives as an abstention.
const CORRECTED: &str = r#"[actors.state]
affirms = ["principle"]

[actors.other]
affirms = ["resolution"]

[claims.principle]
text = "A principle the resolution applies."
supports = ["resolution"]

[claims.resolution]
text = "The resolution should be adopted."
kind = "proposal"

[[stances]]
actor = "state"
claim = "resolution"
position = "affirms"
recorded = "abstains"
correction = "Its statement after the vote."
date = 2022-03-02
via = "vote on the resolution"
"#;

#[test]
fn a_corrected_vote_is_analysed_as_intended_with_a_note() {
    let (level, message, _, notes) = one(CORRECTED, "vote-correction");
    assert_eq!(level, Level::Note);
    assert_eq!(
        message,
        "state's vote on `resolution` on 2022-03-02 is recorded as `abstains`, but it intended `affirms`: analysed as intended"
    );
    assert_eq!(notes[1], "correction: Its statement after the vote.");
    // As intended: no unheeded reason. As recorded, there would be one.
    assert!(lib(CORRECTED).iter().all(|f| f.rule != "unheeded-reason"));
    let as_recorded = CORRECTED.replace(
        "position = \"affirms\"\nrecorded = \"abstains\"\ncorrection = \"Its statement after the vote.\"\n",
        "position = \"abstains\"\n",
    );
    let fs = lib(&as_recorded);
    assert_eq!(fs.iter().filter(|f| f.rule == "unheeded-reason").count(), 1, "{fs:#?}");
    assert!(fs.iter().all(|f| f.rule != "vote-correction"));
    // The note can be turned off like any rule.
    let (_, doc) = check_json(&format!("[checks]\nvote-correction = \"allow\"\n\n{CORRECTED}"), "toml");
    assert!(json_of(&doc, "vote-correction").is_empty());
}

#[test]
fn stances_reads_the_intended_vote_and_lists_the_correction() {
    let out = run(&["stances", "--format", "json", "--input-format", "toml", "-"], CORRECTED);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let row = doc["actors"].as_array().unwrap().iter().position(|a| a["id"] == "state").unwrap();
    let col = doc["claims"].as_array().unwrap().iter().position(|c| c["id"] == "resolution").unwrap();
    assert_eq!(doc["positions"][row][col], "affirms");
    assert_eq!(
        doc["corrections"],
        serde_json::json!([{"actor": "state", "claim": "resolution", "intended": "affirms", "recorded": "abstains"}])
    );
    // Without a correction there is no `corrections` key.
    let plain = CORRECTED.replace("recorded = \"abstains\"\ncorrection = \"Its statement after the vote.\"\n", "");
    let out = run(&["stances", "--format", "json", "--input-format", "toml", "-"], &plain);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(doc.get("corrections").is_none(), "{doc:#}");
    // The library's matrix reads the intended position.
    let map = load_str("c.toml", CORRECTED, Format::Toml).into_map().unwrap();
    let m = elenchus::stances::Matrix::build(&map, None, None);
    let r = m.row_of(map.actor_id("state").unwrap()).unwrap();
    let c = m.claims.iter().position(|&c| c == map.claim_id("resolution").unwrap()).unwrap();
    assert_eq!(m.position(r, c), Some(Position::Affirms));
}

#[test]
fn import_into_a_map_updates_the_record_and_keeps_the_intended_vote() {
    use elenchus::formats::votes::{VotesOptions, parse_votes};
    let votes_csv = "resolution,date,country,vote\nR/1,2021-05-01,ALPHA,yes\n";
    let opts = VotesOptions::default();
    let votes = parse_votes("v.csv", votes_csv, None, &opts).unwrap();
    // One stance written simply, the other with a literal string (edited through `toml_edit`).
    for position_line in ["position = \"denies\"", "position = 'denies'  # intended"] {
        let base = format!(
            "[actors.alpha]\nname = \"ALPHA\"\n\n[claims.r-1]\ntext = \"x\"\n\n[[stances]]\nactor = \"alpha\"\nclaim = \"r-1\"\n{position_line}\nrecorded = \"abstains\"\ndate = 2021-05-01\nvia = \"vote on R/1\"\n"
        );
        let out = elenchus::import::build_map(&votes, Some(&base), &opts).unwrap();
        let map = load_str("m.toml", out.text.as_str(), Format::Toml).into_map().unwrap();
        let alpha = map.actor_id("alpha").unwrap();
        let s = map.stance(map.current_stance(alpha, map.claim_id("r-1").unwrap()).unwrap());
        assert_eq!(
            (s.position, s.recorded.as_ref().map(|r| r.position)),
            (Position::Denies, Some(Position::Affirms)),
            "{}",
            out.text
        );
        assert_eq!(out.summary.stances_updated, 1);
    }
}

#[test]
fn a_claim_held_only_as_a_reason_is_no_column_unless_chosen() {
    let map_text = abstention(r#""prejudges-inquiry""#, "");
    let ids = |doc: &Value| -> Vec<String> {
        doc["claims"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
    };
    // By default the columns are the claims with written stances.
    let out = run(&["stances", "--format", "json", "--input-format", "toml", "-"], &map_text);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(ids(&doc), ["opposes-invasions", "suspend"]);
    // Named, the reason is a column, its cell the implied affirmation.
    let out = run(
        &["stances", "--format", "json", "--input-format", "toml", "--claims", "suspend,prejudges-inquiry", "-"],
        &map_text,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(ids(&doc), ["suspend", "prejudges-inquiry"]);
    assert_eq!(doc["positions"][0][1], "affirms");
    // The library's matrix the same way.
    let map = load_str("r.toml", &map_text, Format::Toml).into_map().unwrap();
    let m = elenchus::stances::Matrix::build(&map, None, None);
    let names: Vec<&str> = m.claims.iter().map(|&c| map.claims[c as usize].id.as_str()).collect();
    assert_eq!(names, ["opposes-invasions", "suspend"]);
    let chosen = [map.claim_id("prejudges-inquiry").unwrap()];
    let m = elenchus::stances::Matrix::build(&map, None, Some(&chosen));
    assert_eq!(m.position(0, 0), Some(Position::Affirms));
}
