//! The JSON Schema (draft-07) of the map format, generated from the key
//! tables the loader reads maps with (`src/load/schema/mod.rs`) and from the
//! values of the format's enumerations ([`RelationKind::ALL`],
//! [`Position::ALL`], [`Basis::ALL`], [`RuleLevel::ALL`], the rule names):
//! one source of truth. Editors read it for completion and validation
//! (Taplo and Even Better TOML, Tombi: a `#:schema PATH` comment on a TOML
//! map's first line; a `"$schema"` key in JSON). The repository ships it as
//! `docs/elenchus-map.schema.json`; `elenchus schema` prints it.
//!
//! What the schema cannot say, the loader still checks: that ids refer to
//! claims, actors and relations that exist; duplicates; self-relations and
//! undercut targets; a date that the pattern lets through but the calendar
//! does not have (`2023-02-29`); aliases shared between actors; a `recorded`
//! equal to the `position`; a `reason` that names the stance's own claim.

use serde_json::{Value, json};

use crate::load::schema::{ACK_KEYS, ACTOR_KEYS, CLAIM_KEYS, MAP_KEYS, RELATION_KEYS, STANCE_KEYS, TOP_KEYS};
use crate::model::{Basis, Position, RelationKind, RuleLevel};

/// The pattern of an [id](../docs/format.md#ids): 1 to 200 ASCII letters,
/// digits, `-`, `_` and `.`, starting with a letter or a digit.
pub const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$";

/// A date, or a date and a time of day, as the loader reads it from a
/// string (`YYYY-MM-DD`, or RFC 3339 with `T`, `t` or a space, seconds, an
/// optional fraction and offset; a TOML date-time literal is read as its text).
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\
([Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?$";

/// The schema, as JSON.
pub fn map_schema() -> Value {
    let mut top = object("an elenchus argument map (docs/format.md)", TOP_KEYS, &["claims"], |key| match key {
        "map" => object("information about the map as a whole", MAP_KEYS, &[], |k| string(map_key(k))),
        "claims" => json!({
            "description": "the claims, keyed by id",
            "type": "object",
            "minProperties": 1,
            "propertyNames": { "$ref": "#/definitions/id" },
            "additionalProperties": { "$ref": "#/definitions/claim" },
        }),
        "actors" => json!({
            "description": "the actors, keyed by id",
            "type": "object",
            "propertyNames": { "$ref": "#/definitions/id" },
            "additionalProperties": { "$ref": "#/definitions/actor" },
        }),
        "relations" => array_of("long-form relations", "#/definitions/relation"),
        "stances" => array_of("long-form stances", "#/definitions/stance"),
        "acknowledged" => array_of("known findings that stand", "#/definitions/acknowledged"),
        "checks" => json!({
            "description": "rule levels for this map: rule name = level",
            "type": "object",
            "propertyNames": { "$ref": "#/definitions/rule" },
            "additionalProperties": { "enum": RuleLevel::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>() },
        }),
        "$schema" => json!({ "description": "the schema of the file, for editors (ignored)" }),
        other => unreachable!("top-level key `{other}` has no schema"),
    });
    let root = top.as_object_mut().expect("an object");
    root.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    root.insert("$id".into(), json!("https://github.com/elenchus/elenchus/blob/main/docs/elenchus-map.schema.json"));
    root.insert("title".into(), json!("elenchus map"));
    root.insert("definitions".into(), definitions());
    top
}

/// The schema as the text `elenchus schema` prints: pretty JSON, one line break at the end.
pub fn map_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&map_schema()).expect("JSON");
    s.push('\n');
    s
}

fn definitions() -> Value {
    let rules: Vec<&str> =
        crate::check::rule_names().into_iter().chain(crate::check::RULE_ALIASES.iter().map(|&(old, _)| old)).collect();
    let positions: Vec<&str> = Position::ALL.iter().map(|p| p.as_str()).collect();
    let kinds: Vec<&str> = RelationKind::ALL.iter().map(|k| k.as_str()).collect();
    let one_premise: Vec<&str> = RelationKind::ALL
        .iter()
        .filter(|k| !matches!(k, RelationKind::Supports | RelationKind::Implies))
        .map(|k| k.as_str())
        .collect();
    let mut relation = object("a long-form relation", RELATION_KEYS, &["from", "to", "type"], |k| match k {
        "id" => id_ref("the relation's id; needed only to undercut it"),
        "from" => json!({
            "description": "the claim the relation starts from; for supports and implies, a list of linked premises",
            "oneOf": [ { "$ref": "#/definitions/id" }, { "$ref": "#/definitions/premises" } ],
        }),
        "to" => id_ref("the claim it points at (a relation id for undercuts)"),
        "type" => json!({ "description": "the relation's type", "enum": kinds }),
        "note" => string("the analyst's remark"),
        "source" => string("where the relation is stated"),
        other => unreachable!("relation key `{other}` has no schema"),
    });
    // Linked premises only for `supports` and `implies`.
    relation
        .as_object_mut()
        .expect("an object")
        .insert("if".into(), json!({ "properties": { "type": { "enum": one_premise } }, "required": ["type"] }));
    relation.as_object_mut().expect("an object").insert(
        "then".into(),
        json!({ "properties": { "from": { "oneOf": [ { "$ref": "#/definitions/id" },
            { "type": "array", "items": { "$ref": "#/definitions/id" }, "minItems": 1, "maxItems": 1 } ] } } }),
    );
    let mut stance = object("a long-form stance", STANCE_KEYS, &["actor", "claim", "position"], |k| match k {
        "actor" => id_ref("who takes the stance"),
        "claim" => id_ref("on what"),
        "position" => json!({ "description": "the actor's position", "enum": positions }),
        "date" => json!({
            "description": "when the stance was taken: YYYY-MM-DD, or a date and a time of day",
            "type": "string",
            "pattern": DATE_PATTERN,
        }),
        "seq" => json!({
            "description": "the order of the actor's stances within the day (needs a date)",
            "type": "integer", "minimum": 0, "maximum": u32::MAX,
        }),
        "source" => string("the evidence: a document, a record"),
        "quote" => string("the words of the actor"),
        "via" => string("the act that expresses the stance, such as a vote"),
        "note" => string("the analyst's remark"),
        "basis" => json!({
            "description": "on what the stance rests",
            "enum": Basis::ALL.iter().map(|b| b.as_str()).collect::<Vec<_>>(),
        }),
        "reason" => json!({
            "description": "the claim(s) the actor gave as its reasons for this stance",
            "oneOf": [ { "$ref": "#/definitions/id" }, { "$ref": "#/definitions/premises" } ],
        }),
        "recorded" => json!({ "description": "the position the official record gives", "enum": positions }),
        "correction" => string("where the actor said the record was in error (needs recorded)"),
        other => unreachable!("stance key `{other}` has no schema"),
    });
    stance
        .as_object_mut()
        .expect("an object")
        .insert("dependencies".into(), json!({ "seq": ["date"], "correction": ["recorded"] }));
    let mut ack = object("a known finding that stands, with the reason", ACK_KEYS, &["reason"], |k| match k {
        "rule" => json!({ "description": "the rule of the finding", "$ref": "#/definitions/rule" }),
        "actor" => id_ref("the finding's actor"),
        "claims" => json!({
            "description": "the finding's claims, or \"*\" for every finding of the rule",
            "oneOf": [ { "type": "array", "items": { "$ref": "#/definitions/id" } }, { "const": "*" } ],
        }),
        "fingerprint" => json!({
            "description": "the finding's fingerprint",
            "type": "string", "pattern": "^[0-9a-f]{16}$",
        }),
        "reason" => string("why the finding stands"),
        other => unreachable!("acknowledgement key `{other}` has no schema"),
    });
    ack.as_object_mut()
        .expect("an object")
        .insert("anyOf".into(), json!([ { "required": ["rule"] }, { "required": ["fingerprint"] } ]));
    json!({
        "id": { "type": "string", "pattern": ID_PATTERN },
        "ids": { "type": "array", "items": { "$ref": "#/definitions/id" } },
        "premises": { "type": "array", "items": { "$ref": "#/definitions/id" }, "minItems": 1, "uniqueItems": true },
        "rule": { "enum": rules },
        "claim": object("a claim", CLAIM_KEYS, &["text"], |k| match k {
            "text" => string("the claim itself, as a full sentence"),
            "kind" => string("free text: principle, fact, proposal, ..."),
            "tags" => json!({ "description": "free labels", "type": "array", "items": { "type": "string" } }),
            "source" => string("where the claim is made"),
            "quote" => string("the words of the source"),
            "url" => string("a link to the source"),
            "note" => string("the analyst's remark"),
            "supports" | "attacks" | "contradicts" | "implies" => ids_ref(&format!("shorthand: this claim {k} each listed claim")),
            "undercuts" => ids_ref("shorthand: this claim undercuts each listed relation"),
            "absent" => ids_ref("the actors recorded as absent when the claim was put to a vote"),
            other => unreachable!("claim key `{other}` has no schema"),
        }),
        "actor": object("an actor", ACTOR_KEYS, &[], |k| match k {
            "name" => string("the name to show"),
            "aliases" => json!({
                "description": "other names of the actor",
                "type": "array", "items": { "type": "string", "pattern": "\\S" },
            }),
            "kind" => string("free text: state, person, party, ..."),
            "description" => string("who the actor is"),
            "url" => string("a link about the actor"),
            "affirms" | "denies" | "abstains" => ids_ref(&format!("shorthand stances: the actor {k} each listed claim")),
            other => unreachable!("actor key `{other}` has no schema"),
        }),
        "relation": relation,
        "stance": stance,
        "acknowledged": ack,
    })
}

fn map_key(key: &str) -> &'static str {
    match key {
        "title" => "the map's title",
        "source" => "citation of the text the map reconstructs",
        "description" => "a longer description",
        "url" => "where the source can be found",
        other => unreachable!("map key `{other}` has no schema"),
    }
}

/// An object with exactly the keys `keys` (each given its schema by `each`), `required` among them.
fn object(description: &str, keys: &[&str], required: &[&str], each: impl Fn(&str) -> Value) -> Value {
    let properties: serde_json::Map<String, Value> = keys.iter().map(|k| (k.to_string(), each(k))).collect();
    let mut o = json!({
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        o.as_object_mut().expect("an object").insert("required".into(), json!(required));
    }
    o
}

fn string(description: &str) -> Value {
    json!({ "description": description, "type": "string" })
}

fn id_ref(description: &str) -> Value {
    json!({ "description": description, "$ref": "#/definitions/id" })
}

fn ids_ref(description: &str) -> Value {
    json!({ "description": description, "$ref": "#/definitions/ids" })
}

fn array_of(description: &str, item: &str) -> Value {
    json!({ "description": description, "type": "array", "items": { "$ref": item } })
}
