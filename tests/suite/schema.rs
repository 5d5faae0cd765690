//! `elenchus schema` and `elenchus::schema`: the JSON Schema of the map
//! format. It is the shipped docs/elenchus-map.schema.json; it agrees with
//! the loader (every key, every enumerated value, ids and dates, asked of the
//! loader itself); every valid map of the repository validates against it,
//! and the bad-input corpus entries it can express fail it.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use elenchus::diag::Code;
use elenchus::load::{Loaded, load_str};
use elenchus::source::Format;
use proptest::prelude::*;
use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> common::schema::Validator {
    common::schema::Validator::new(&elenchus::schema::map_schema()).expect("the schema is a valid draft-07 schema")
}

/// A TOML document as the JSON value editors validate: dates and times as
/// their text (as Taplo and Tombi give them to a JSON Schema).
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// The document as JSON, or `None` when it is not valid TOML or JSON.
fn as_json(text: &str, format: Format) -> Option<Value> {
    match format {
        Format::Toml => text.parse::<toml::Table>().ok().map(|t| toml_to_json(toml::Value::Table(t))),
        _ => serde_json::from_str(text).ok(),
    }
}

fn files(dir: &str) -> Vec<PathBuf> {
    crate::fmt::map_files(&root().join(dir))
}

fn load_path(p: &Path) -> Option<(String, Loaded)> {
    let text = std::fs::read_to_string(p).ok()?;
    let l = load_str(p.display().to_string(), text.as_str(), Format::from_path(p).unwrap());
    Some((text, l))
}

#[test]
fn the_shipped_schema_is_what_the_command_prints() {
    let shipped = std::fs::read_to_string(root().join("docs/elenchus-map.schema.json")).unwrap();
    let out = common::run(&["schema"], "");
    assert_eq!(out.code, 0);
    assert!(
        out.stdout == shipped && shipped == elenchus::schema::map_schema_text(),
        "docs/elenchus-map.schema.json is not current: regenerate it with \
         `cargo run -q -- schema > docs/elenchus-map.schema.json`"
    );
    let v: Value = serde_json::from_str(&shipped).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    // It builds: every keyword a draft-07 one, with a value of its type.
    validator();
}

#[test]
fn every_valid_map_of_the_repository_validates() {
    let v = validator();
    let mut n = 0;
    for dir in ["maps", "tests/data", "examples"] {
        for p in files(dir) {
            let Some((text, l)) = load_path(&p) else { continue };
            if l.map.is_none() {
                continue;
            }
            let doc = as_json(&text, Format::from_path(&p).unwrap()).unwrap();
            // An AIF file is read as a map but is no map file: the schema is
            // the map format's.
            if doc.get("nodes").is_some() && doc.get("claims").is_none() {
                continue;
            }
            let errors: Vec<String> = v.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            assert!(errors.is_empty(), "{} does not validate: {errors:#?}", p.display());
            n += 1;
        }
    }
    assert!(n >= 15, "{n} maps");
}

/// The codes of the problems a JSON Schema can see in a document: its
/// shape, keys, types and enumerated values. The others need more than the
/// document's shape (references between its values, duplicates, the
/// calendar, the parser) or are warnings.
const EXPRESSIBLE: &[Code] = &[
    Code::MissingKey,
    Code::WrongType,
    Code::UnknownKey,
    Code::InvalidValue,
    Code::InvalidId,
    Code::InvalidDate,
    Code::EmptyMap,
];

/// The corpus entries with an error the schema cannot express, and why.
/// Any other entry with an error must fail the schema.
const NOT_EXPRESSIBLE: &[(&str, &str)] = &[
    ("actor-by-name.json", "a reference to an actor (by its display name)"),
    ("actor-by-name.toml", "a reference to an actor (by its display name)"),
    ("undercut-shorthand.json", "whether `to` names a relation with an id is a reference"),
    ("undercut-shorthand.toml", "whether `to` names a relation with an id is a reference"),
    ("duplicate-actor-id.json", "a JSON object with a key twice is one object to a schema"),
    ("duplicate-claim-id.json", "a JSON object with a key twice is one object to a schema"),
    ("duplicate-key-top.json", "a JSON object with a key twice is one object to a schema"),
    ("duplicate-key.json", "a JSON object with a key twice is one object to a schema"),
    ("invalid-dates-same-stance.json", "February 30 and 31: a pattern does not know the calendar"),
    ("invalid-dates-same-stance.toml", "February 30 and 31: a pattern does not know the calendar"),
    ("duplicate-relation-id.json", "ids unique across array items: no JSON Schema keyword compares one key of items"),
    ("duplicate-relation-id.toml", "ids unique across array items: no JSON Schema keyword compares one key of items"),
    ("relation-targets-relation.json", "whether `to` names a claim or a relation is a reference"),
    ("relation-targets-relation.toml", "whether `to` names a claim or a relation is a reference"),
    ("self-relation.json", "comparing `from` with `to` is comparing two values"),
    ("self-relation.toml", "comparing `from` with `to` is comparing two values"),
    ("self-undercut.json", "comparing `id` with `to` is comparing two values"),
    ("self-undercut.toml", "comparing `id` with `to` is comparing two values"),
    ("undercut-claim.json", "whether `to` names a claim or a relation is a reference"),
    ("undercut-claim.toml", "whether `to` names a claim or a relation is a reference"),
    ("unknown-actor.json", "a reference to an actor"),
    ("unknown-actor.toml", "a reference to an actor"),
    ("unknown-claim.json", "a reference to a claim"),
    ("unknown-claim.toml", "a reference to a claim"),
    ("unknown-relation-id.json", "a reference to a relation"),
    ("unknown-relation-id.toml", "a reference to a relation"),
];

#[test]
fn corpus_entries_the_schema_can_express_fail_it() {
    let v = validator();
    let mut failing = Vec::new();
    let mut passing = BTreeSet::new();
    for p in files("tests/corpus") {
        let (text, l) = load_path(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Some(doc) = as_json(&text, Format::from_path(&p).unwrap()) else {
            // Not TOML or JSON at all (or a JSON object with a key twice,
            // which serde_json refuses): the editor's parser reports it.
            assert!(
                l.diagnostics.iter().any(|d| matches!(d.code, Code::Syntax | Code::DuplicateKey | Code::DuplicateId)),
                "{name}"
            );
            continue;
        };
        if v.is_valid(&doc) {
            passing.insert(name.clone());
        } else {
            failing.push(name.clone());
        }
        let listed = NOT_EXPRESSIBLE.iter().any(|(n, _)| *n == name);
        let expressible = l.diagnostics.iter().any(|d| EXPRESSIBLE.contains(&d.code));
        if expressible && !listed {
            assert!(!v.is_valid(&doc), "{name} has an error the schema expresses, yet validates");
        }
    }
    // What passes is exactly what the schema cannot see, or a map without errors.
    let listed: BTreeSet<String> = NOT_EXPRESSIBLE.iter().map(|(n, _)| n.to_string()).collect();
    for name in &passing {
        let (_, l) = load_path(&root().join("tests/corpus").join(name)).unwrap();
        assert!(l.errors() == 0 || listed.contains(name), "{name} validates but is not listed as inexpressible");
    }
    for name in &listed {
        assert!(
            passing.contains(name) || !root().join("tests/corpus").join(name).exists() || failing.contains(name),
            "{name}"
        );
    }
    assert!(failing.len() >= 30, "{failing:?}");
}

// ---------------------------------------------------------------------------
// The schema against the loader.

/// The properties the schema gives the object at `pointer`.
fn schema_keys(pointer: &str) -> BTreeSet<String> {
    let s = elenchus::schema::map_schema();
    s.pointer(pointer).unwrap()["properties"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('$'))
        .cloned()
        .collect()
}

/// The keys the loader lists for a table, from its help for an unknown key.
fn loader_keys(text: &str) -> BTreeSet<String> {
    let l = load_str("k.toml", text, Format::Toml);
    let d = l.diagnostics.iter().find(|d| d.code == Code::UnknownKey).unwrap_or_else(|| panic!("{text}"));
    let help = d.help.as_deref().unwrap();
    let list = help.split(" are: ").nth(1).unwrap_or_else(|| panic!("{help}"));
    list.split(", ").map(str::to_string).collect()
}

/// The values the loader allows, from its help for a value it does not know.
fn loader_values(text: &str) -> BTreeSet<String> {
    let l = load_str("v.toml", text, Format::Toml);
    let d = l.diagnostics.iter().find(|d| d.code == Code::InvalidValue).unwrap_or_else(|| panic!("{text}"));
    let help = d.help.as_deref().unwrap();
    let list = help.split("the allowed values are ").nth(1).unwrap_or_else(|| panic!("{help}"));
    list.split(", ").map(|v| v.trim_matches('`').to_string()).collect()
}

fn schema_enum(pointer: &str) -> BTreeSet<String> {
    let s = elenchus::schema::map_schema();
    s.pointer(pointer).unwrap()["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

const BASE: &str = "[claims.a]\ntext = \"A.\"\n[actors.x]\n";

#[test]
fn the_schema_has_exactly_the_keys_the_loader_reads() {
    let q = "qqqqqqqqqqqqqqqqqqqq = 1\n";
    let cases = [
        (format!("{q}{BASE}"), ""),
        (format!("{BASE}[map]\n{q}"), "/properties/map"),
        (format!("[claims.a]\ntext = \"A.\"\n{q}"), "/definitions/claim"),
        (format!("{BASE}{q}"), "/definitions/actor"),
        (format!("{BASE}[[relations]]\n{q}"), "/definitions/relation"),
        (format!("{BASE}[[stances]]\n{q}"), "/definitions/stance"),
        (format!("{BASE}[[acknowledged]]\n{q}"), "/definitions/acknowledged"),
    ];
    for (text, pointer) in cases {
        assert_eq!(schema_keys(pointer), loader_keys(&text), "{pointer}");
    }
    // `$schema` is accepted at the top, as in the schema.
    let l = load_str("s.json", r#"{"$schema": "x", "claims": {"a": {"text": "A."}}}"#, Format::Json);
    assert!(l.map.is_some());
    assert!(elenchus::schema::map_schema()["properties"]["$schema"].is_object());
}

#[test]
fn the_schema_has_exactly_the_values_the_loader_allows() {
    let stance =
        |k: &str| format!("{BASE}[[stances]]\nactor = \"x\"\nclaim = \"a\"\nposition = \"affirms\"\n{k} = \"qqq\"\n");
    assert_eq!(
        schema_enum("/definitions/stance/properties/position"),
        loader_values(&stance("position").replace("position = \"affirms\"\n", ""))
    );
    assert_eq!(schema_enum("/definitions/stance/properties/basis"), loader_values(&stance("basis")));
    assert_eq!(schema_enum("/definitions/stance/properties/recorded"), loader_values(&stance("recorded")));
    assert_eq!(
        schema_enum("/definitions/relation/properties/type"),
        loader_values(&format!("{BASE}[[relations]]\nfrom = \"a\"\nto = \"a\"\ntype = \"qqq\"\n"))
    );
    let levels: BTreeSet<String> =
        elenchus::schema::map_schema()["properties"]["checks"]["additionalProperties"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
    assert_eq!(levels, loader_values(&format!("{BASE}[checks]\norphan-claim = \"qqq\"\n")));
    // Every rule name the schema lists is one the loader takes, and only those.
    let rules = schema_enum("/definitions/rule");
    assert_eq!(rules.len(), elenchus::check::rule_names().len() + elenchus::check::RULE_ALIASES.len());
    for rule in &rules {
        let l = load_str("r.toml", format!("{BASE}[checks]\n{rule} = \"warn\"\n"), Format::Toml);
        assert!(l.map.is_some(), "{rule}: {:?}", l.diagnostics);
        let l = load_str("r.toml", format!("{BASE}[checks]\n{rule}x = \"warn\"\n"), Format::Toml);
        assert!(l.map.is_none(), "{rule}x");
    }
}

/// The loader's verdict on a claim id, and the schema's.
fn id_verdicts(v: &common::schema::Validator, id: &str) -> (bool, bool) {
    let doc = json!({ "claims": { id: { "text": "A." } } });
    let l = load_str("i.json", doc.to_string(), Format::Json);
    let loader = !l.diagnostics.iter().any(|d| d.code == Code::InvalidId);
    (loader, v.is_valid(&doc))
}

/// The loader's verdict on a stance's date string, and the schema's.
fn date_verdicts(v: &common::schema::Validator, date: &str) -> (bool, bool) {
    let doc = json!({ "claims": { "a": { "text": "A." } }, "actors": { "x": {} },
        "stances": [ { "actor": "x", "claim": "a", "position": "affirms", "date": date } ] });
    let l = load_str("d.json", doc.to_string(), Format::Json);
    let loader = !l.diagnostics.iter().any(|d| d.code == Code::InvalidDate);
    (loader, v.is_valid(&doc))
}

/// Whether the day of a `YYYY-MM-DD...` string is past the end of its month.
fn past_month_end(date: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (date[..4].parse::<u32>(), date[5..7].parse::<u32>(), date[8..10].parse::<u32>())
    else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d > days
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    #[test]
    fn ids_the_schema_accepts_are_the_ids_the_loader_accepts(id in "[A-Za-z0-9._ -]{0,3}|[a-z][a-z0-9é._-]{0,210}|.{0,4}") {
        let (loader, schema) = id_verdicts(&validator(), &id);
        prop_assert_eq!(loader, schema, "{:?}", id);
    }

    #[test]
    fn dates_the_schema_accepts_are_the_dates_the_loader_accepts_but_for_the_calendar(
        date in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]([Tt ][0-2][0-9]:[0-6][0-9](:[0-6][0-9](\\.[0-9]{1,3})?)?([Zz]|[+-][0-2][0-9]:[0-6][0-9])?)?|[0-9:-]{4,12}"
    ) {
        let (loader, schema) = date_verdicts(&validator(), &date);
        if loader {
            prop_assert!(schema, "{:?} is a date but the schema refuses it", date);
        } else if schema {
            prop_assert!(past_month_end(&date), "{:?} is not a date but the schema takes it", date);
        }
    }
}

#[test]
fn the_id_and_date_properties_see_both_verdicts() {
    let v = validator();
    assert_eq!(id_verdicts(&v, "ES-11.3"), (true, true));
    assert_eq!(id_verdicts(&v, "-x"), (false, false));
    assert_eq!(id_verdicts(&v, &"a".repeat(200)), (true, true));
    assert_eq!(id_verdicts(&v, &"a".repeat(201)), (false, false));
    assert_eq!(date_verdicts(&v, "2022-04-07"), (true, true));
    assert_eq!(date_verdicts(&v, "2013-08-29T22:30:00+02:00"), (true, true));
    assert_eq!(date_verdicts(&v, "2022-04-07T10:30"), (false, false));
    assert_eq!(date_verdicts(&v, "2022-02-30"), (false, true));
}

/// The validator the schema tests use (tests/common/schema.rs), keyword by
/// keyword: each schema with instances it must accept and must reject, as
/// draft-07 defines them.
#[test]
fn the_validator_accepts_and_rejects_by_keyword() {
    let cases: Vec<(Value, Vec<Value>, Vec<Value>)> = vec![
        (json!({"type": "integer"}), vec![json!(1), json!(1.0), json!(-3)], vec![json!(1.5), json!("1"), json!(null)]),
        (json!({"type": ["string", "null"]}), vec![json!("a"), json!(null)], vec![json!(0), json!([])]),
        (
            json!({"enum": [1, "a", {"k": [1]}]}),
            vec![json!(1.0), json!("a"), json!({"k": [1]})],
            vec![json!(2), json!({"k": [2]})],
        ),
        (json!({"const": 0}), vec![json!(0), json!(0.0)], vec![json!(false)]),
        (json!({"minimum": 1, "maximum": 3}), vec![json!(1), json!(3), json!("x")], vec![json!(0), json!(3.5)]),
        (json!({"exclusiveMinimum": 1, "multipleOf": 0.5}), vec![json!(1.5), json!(2)], vec![json!(1), json!(1.25)]),
        (json!({"minLength": 2, "maxLength": 3}), vec![json!("éé"), json!("abc")], vec![json!("a"), json!("abcd")]),
        (json!({"pattern": "^[0-9a-f]{2}$"}), vec![json!("0a"), json!(7)], vec![json!("0g"), json!("0a0")]),
        // ECMA-262's \s is Unicode white space.
        (
            json!({"pattern": "\\S"}),
            vec![json!("a"), json!(" a ")],
            vec![json!(""), json!(" \t"), json!("\u{2003}\u{a0}")],
        ),
        (json!({"pattern": "a\\sb"}), vec![json!("a\u{3000}b"), json!("a b")], vec![json!("ab"), json!("a-b")]),
        (
            json!({"format": "date-time"}),
            vec![json!("2022-04-07T10:00:00Z"), json!("2020-02-29t23:59:60.5+05:30")],
            vec![
                json!("2022-04-07"),
                json!("2021-02-29T10:00:00Z"),
                json!("2022-04-07T24:00:00Z"),
                json!("2022-04-07T10:00:00"),
            ],
        ),
        (
            json!({"format": "uri"}),
            vec![json!("file:///a/b%20c.toml"), json!("https://x.org/a?b#c"), json!("urn:x")],
            vec![json!("a/b.toml"), json!("file:///a b"), json!("1x:y"), json!("http://x/%zz")],
        ),
        (
            json!({"format": "uri-reference"}),
            vec![json!("a/b.toml"), json!("a%2Cb%3Ac.toml"), json!("#frag"), json!("file:///x")],
            vec![json!("a:b/c d"), json!("a\\b")],
        ),
        (
            json!({"items": {"type": "string"}, "minItems": 1, "maxItems": 2, "uniqueItems": true}),
            vec![json!(["a"]), json!(["a", "b"])],
            vec![json!([]), json!(["a", "a"]), json!(["a", 1]), json!(["a", "b", "c"])],
        ),
        (
            json!({"items": [{"type": "string"}], "additionalItems": false}),
            vec![json!(["a"]), json!([])],
            vec![json!(["a", "b"]), json!([1])],
        ),
        (json!({"contains": {"const": 2}}), vec![json!([1, 2])], vec![json!([1]), json!([])]),
        (
            json!({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}},
                "additionalProperties": false, "required": ["a"]}),
            vec![json!({"a": "s"}), json!({"a": "s", "x-1": 2})],
            vec![json!({}), json!({"a": 1}), json!({"a": "s", "b": 1}), json!({"a": "s", "x-1": "2"})],
        ),
        (
            json!({"additionalProperties": {"type": "boolean"}, "minProperties": 1, "maxProperties": 2}),
            vec![json!({"a": true})],
            vec![json!({}), json!({"a": 1}), json!({"a": true, "b": true, "c": true})],
        ),
        (json!({"propertyNames": {"pattern": "^[a-z]+$"}}), vec![json!({"ab": 1})], vec![json!({"aB": 1})]),
        (
            json!({"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}),
            vec![json!({"a": 1, "b": 2}), json!({"b": 1}), json!({"c": 1, "d": 1})],
            vec![json!({"a": 1}), json!({"c": 1})],
        ),
        (json!({"anyOf": [{"type": "string"}, {"minimum": 2}]}), vec![json!("a"), json!(3)], vec![json!(1)]),
        (
            json!({"oneOf": [{"type": "integer"}, {"minimum": 2}]}),
            vec![json!(1), json!(2.5), json!("a") /* `minimum` alone: a string is no number */],
            vec![json!(3), json!(2)],
        ),
        (json!({"allOf": [{"type": "integer"}, {"minimum": 2}]}), vec![json!(2)], vec![json!(1), json!(2.5)]),
        (json!({"not": {"type": "string"}}), vec![json!(1)], vec![json!("a")]),
        (
            json!({"if": {"type": "integer"}, "then": {"minimum": 2}, "else": {"type": "string"}}),
            vec![json!(2), json!("a")],
            vec![json!(1), json!(null)],
        ),
        (
            json!({"definitions": {"d": {"type": "string"}, "e~f": {"type": "integer"}}, "properties": {"p": {"$ref": "#/definitions/d", "type": "integer"}, "q": {"$ref": "#/definitions/e~0f"}}}),
            vec![json!({"p": "s", "q": 1})],
            vec![json!({"p": 1}), json!({"q": "s"})],
        ),
        (json!(false), vec![], vec![json!(1), json!(null)]),
        (json!(true), vec![json!(1), json!({})], vec![]),
    ];
    for (schema, good, bad) in cases {
        let v = common::schema::Validator::new(&schema).unwrap_or_else(|e| panic!("{schema}: {e}"));
        for x in good {
            let errors: Vec<String> = v.iter_errors(&x).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{schema} rejects {x}: {errors:?}");
        }
        for x in bad {
            assert!(!v.is_valid(&x), "{schema} accepts {x}");
        }
    }
    // Errors say where in the instance.
    let v = common::schema::Validator::new(&json!({"properties": {"a/b": {"items": {"type": "string"}}}})).unwrap();
    let errors: Vec<String> = v.iter_errors(&json!({"a/b": ["x", 2]})).map(|e| e.instance_path().to_string()).collect();
    assert_eq!(errors, ["/a~1b/1"]);
    // Building is strict: a schema that builds is read whole.
    for broken in [
        json!({"tpye": "string"}),
        json!({"type": "text"}),
        json!({"required": "a"}),
        json!({"pattern": "("}),
        json!({"$ref": "#/definitions/missing"}),
        json!({"properties": {"a": 3}}),
        json!({"oneOf": []}),
        json!({"minItems": -1}),
        json!([]),
    ] {
        assert!(common::schema::Validator::new(&broken).is_err(), "{broken} builds");
    }
}
