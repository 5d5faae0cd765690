//! One root cause, one error: a definition dropped for an error (an invalid
//! id, a bad `type`, a table defined twice) is reported once, and every
//! reference to it is a place that error points at, not an error of its own,
//! whatever the order of the file. Hints for references that name the wrong
//! thing (an actor's display name, a shorthand relation). The corpus
//! (tests/suite/corpus.rs) holds the same cases through the command line.

use elenchus::diag::{Code, Diagnostic};
use elenchus::load::{Loaded, load_str};
use elenchus::source::Format;

use crate::common;

fn toml(text: &str) -> Loaded {
    load_str("map.toml", text, Format::Toml)
}

fn json(text: &str) -> Loaded {
    load_str("map.json", text, Format::Json)
}

/// The (line, column) of each label of `d`, primary first.
fn places(l: &Loaded, d: &Diagnostic) -> Vec<(usize, usize)> {
    let mut labels = d.labels.clone();
    labels.sort_by_key(|x| (!x.primary, x.span.start));
    labels
        .iter()
        .map(|x| {
            let p = l.file.line_col(x.span.start);
            (p.line, p.column)
        })
        .collect()
}

fn codes(l: &Loaded) -> Vec<Code> {
    l.diagnostics.iter().map(|d| d.code).collect()
}

const RELATIONS: [&str; 2] = [
    "[[relations]]\nid = \"u1\"\nfrom = \"c\"\nto = \"r1\"\ntype = \"undercuts\"\n",
    "[[relations]]\nid = \"r1\"\nfrom = \"a\"\nto = \"b\"\ntype = \"suports\"\n",
];

/// A relation with a bad `type` that another relation undercuts: one error,
/// at the type, pointing at the undercut, in either order.
#[test]
fn bad_type_under_an_undercut_is_one_error_in_either_order() {
    let claims = "[claims.a]\ntext = \"A.\"\n[claims.b]\ntext = \"B.\"\n[claims.c]\ntext = \"C.\"\n";
    for order in [[0, 1], [1, 0]] {
        let text = format!("{claims}{}{}", RELATIONS[order[0]], RELATIONS[order[1]]);
        let l = toml(&text);
        assert_eq!(codes(&l), [Code::InvalidValue], "{order:?}: {:#?}", l.diagnostics);
        let d = &l.diagnostics[0];
        assert_eq!(d.message, "unknown relation type `suports`");
        // The undercut's `to` is a second label, wherever it is.
        let to = text.find("to = \"r1\"").unwrap() + 5;
        assert!(d.labels.iter().any(|x| !x.primary && x.span.start == to), "{order:?}: {:?}", d.labels);
        assert!(d.notes.iter().any(|n| n.contains("1 reference")), "{:?}", d.notes);
    }
}

/// A relation dropped for any other error of its own (no `to`, an unknown
/// `from`) is not "unknown" to an undercut either.
#[test]
fn undercut_of_a_relation_dropped_for_another_error() {
    let l = toml(
        "[claims.a]\ntext = \"A.\"\n[claims.c]\ntext = \"C.\"\n\
         [[relations]]\nfrom = \"c\"\nto = \"r1\"\ntype = \"undercuts\"\n\
         [[relations]]\nid = \"r1\"\nfrom = \"nowhere\"\nto = \"a\"\ntype = \"supports\"\n\
         [[relations]]\nfrom = \"c\"\nto = \"r2\"\ntype = \"undercuts\"\n\
         [[relations]]\nid = \"r2\"\nfrom = \"a\"\ntype = \"supports\"\n",
    );
    assert_eq!(codes(&l), [Code::UnknownReference, Code::MissingKey], "{:#?}", l.diagnostics);
    assert_eq!(l.diagnostics[0].message, "unknown claim `nowhere`");
    assert_eq!(places(&l, &l.diagnostics[0]), [(11, 8), (7, 6)]);
    assert_eq!(places(&l, &l.diagnostics[1])[1..], [(16, 6)]);
}

/// A claim id with a space: one error at the id, pointing at each of its
/// uses (shorthand relation, shorthand stance, long relation, long stance,
/// linked premise, stance reason, absent actor list is an actor's).
#[test]
fn invalid_claim_id_is_one_error_pointing_at_its_uses() {
    let text = r#"[claims."opposes invasions"]
text = "An id with a space."
supports = ["b"]

[claims.b]
text = "Another claim."
attacks = ["opposes invasions"]

[claims.c]
text = "A third claim."

[actors.uk]
affirms = ["opposes invasions"]

[[relations]]
from = "opposes invasions"
to = "b"
type = "implies"

[[relations]]
from = ["c", "opposes invasions"]
to = "b"
type = "supports"

[[stances]]
actor = "uk"
claim = "b"
position = "affirms"
reason = ["opposes invasions"]
"#;
    let l = toml(text);
    assert_eq!(codes(&l), [Code::InvalidId], "{:#?}", l.diagnostics);
    assert_eq!(places(&l, &l.diagnostics[0]), [(1, 9), (7, 12), (13, 12), (16, 8), (21, 14), (29, 11)]);
    // The same through JSON.
    let l = json(
        r#"{"claims": {"opposes invasions": {"text": "x"}, "b": {"text": "y", "attacks": ["opposes invasions"]}},
"stances": [{"actor": "uk", "claim": "opposes invasions", "position": "affirms"}],
"actors": {"uk": {}}}"#,
    );
    assert_eq!(codes(&l), [Code::InvalidId], "{:#?}", l.diagnostics);
    assert_eq!(places(&l, &l.diagnostics[0]).len(), 3);
}

/// An actor id that is invalid, or an actor that is not a table: its
/// stances are no errors of their own.
#[test]
fn broken_actor_is_one_error() {
    let l = toml(
        "[claims.a]\ntext = \"A.\"\n[actors]\n\"the kingdom\" = {}\nuk = 3\n\
         [[stances]]\nactor = \"the kingdom\"\nclaim = \"a\"\nposition = \"affirms\"\n\
         [[stances]]\nactor = \"uk\"\nclaim = \"a\"\nposition = \"denies\"\n\
         [[stances]]\nactor = \"nobody\"\nclaim = \"a\"\nposition = \"denies\"\n",
    );
    assert_eq!(codes(&l), [Code::InvalidId, Code::WrongType, Code::UnknownReference], "{:#?}", l.diagnostics);
    assert_eq!(places(&l, &l.diagnostics[0]), [(4, 1), (7, 9)]);
    assert_eq!(places(&l, &l.diagnostics[1]), [(5, 6), (11, 9)]);
    assert_eq!(l.diagnostics[2].message, "unknown actor `nobody`");
}

/// However many references, the error shows a few and counts the rest.
#[test]
fn many_references_are_counted() {
    let mut text = String::from("[claims.\"bad id\"]\ntext = \"x\"\n[claims.b]\ntext = \"y\"\nattacks = [");
    for _ in 0..20 {
        text.push_str("\"bad id\", ");
    }
    text.push_str("]\n");
    let l = toml(&text);
    assert_eq!(codes(&l), [Code::InvalidId]);
    let d = &l.diagnostics[0];
    assert_eq!(d.labels.len(), 1 + 8);
    assert_eq!(
        d.notes,
        ["and 12 more references to it", "20 references to it are left out with it, without an error of their own"]
    );
}

/// A table defined twice: one error at the second header, pointing at the
/// first; the keys the two share are not errors of their own, a key
/// repeated inside the second definition still is.
#[test]
fn table_defined_twice_is_one_error() {
    let l = toml(
        "[claims.a]\ntext = \"A.\"\nkind = \"k\"\n\n[claims.b]\ntext = \"B.\"\n\n[claims.\"a\"]\ntext = \"Again.\"\nkind = \"k\"\n",
    );
    assert_eq!(codes(&l), [Code::DuplicateId], "{:#?}", l.diagnostics);
    assert_eq!(l.diagnostics[0].message, "claim `a` is defined twice");
    assert_eq!(places(&l, &l.diagnostics[0]), [(8, 9), (1, 9)]);

    let l = toml(
        "[actors.x]\nname = \"X\"\n[claims.a]\ntext = \"A.\"\n[actors.x]\nname = \"Y\"\nkind = \"k\"\nkind = \"l\"\n",
    );
    assert_eq!(codes(&l), [Code::DuplicateId, Code::Syntax], "{:#?}", l.diagnostics);
    assert_eq!(l.diagnostics[0].message, "actor `x` is defined twice");
    assert_eq!(places(&l, &l.diagnostics[0]), [(5, 9), (1, 9)]);
    assert_eq!(l.diagnostics[1].message, "invalid TOML: duplicate key `kind`");
    assert_eq!(places(&l, &l.diagnostics[1]), [(8, 1)]);

    let l = toml("[map]\ntitle = \"One\"\n[claims.a]\ntext = \"A.\"\n[map]\ntitle = \"Two\"\n");
    assert_eq!(codes(&l), [Code::Syntax], "{:#?}", l.diagnostics);
    assert_eq!(l.diagnostics[0].message, "invalid TOML: table `[map]` is defined twice");
    assert_eq!(places(&l, &l.diagnostics[0]), [(5, 2), (1, 2)]);
}

/// An actor named by its display name or an alias: the hint names the actor
/// and points at the name.
#[test]
fn actor_named_by_its_name_or_alias() {
    let l = toml(
        "[claims.a]\ntext = \"A.\"\n[actors.clegg]\nname = \"Nick Clegg\"\n[actors.usa]\naliases = [\"USA\"]\n\
         [[stances]]\nactor = \"nick  clegg\"\nclaim = \"a\"\nposition = \"affirms\"\n\
         [[stances]]\nactor = \"USA\"\nclaim = \"a\"\nposition = \"affirms\"\n",
    );
    assert_eq!(codes(&l), [Code::UnknownReference, Code::UnknownReference], "{:#?}", l.diagnostics);
    let (clegg, usa) = (&l.diagnostics[0], &l.diagnostics[1]);
    assert_eq!(
        clegg.help.as_deref(),
        Some("`nick  clegg` is the name of actor `clegg`; a map names an actor by its id: write `clegg`")
    );
    assert_eq!(places(&l, clegg), [(8, 9), (4, 8)]);
    assert_eq!(
        usa.help.as_deref(),
        Some("`USA` is an alias of actor `usa`; a map names an actor by its id: write `usa`")
    );
    // An actor named by nothing known keeps the "did you mean".
    let l = toml(
        "[claims.a]\ntext = \"A.\"\n[actors.cambodia]\nname = \"Cambodia\"\n[actors.x]\naffirms = []\n[claims.b]\ntext = \"B.\"\nabsent = [\"cambodja\"]\n",
    );
    assert_eq!(l.diagnostics[0].help.as_deref(), Some("did you mean `cambodia`?"));
}

/// Undercutting a shorthand relation, by its source claim or by a name made
/// of its claims: the hint points at the shorthand and says how to give it an id.
#[test]
fn undercut_of_a_shorthand_relation() {
    let head = "[claims.deter-cw]\ntext = \"D.\"\nsupports = [\"gov-motion\"]\n[claims.gov-motion]\ntext = \"G.\"\n[claims.doubt]\ntext = \"X.\"\n";
    for to in ["deter-cw", "deter-cw --supports--> gov-motion", "deter-cw-supports-gov-motion"] {
        let l = toml(&format!("{head}[[relations]]\nfrom = \"doubt\"\nto = \"{to}\"\ntype = \"undercuts\"\n"));
        assert_eq!(l.diagnostics.len(), 1, "{to}: {:#?}", l.diagnostics);
        let d = &l.diagnostics[0];
        assert_eq!(places(&l, d), [(10, 6), (3, 13)], "{to}");
        let help = d.help.as_deref().unwrap();
        assert!(help.starts_with("only a relation with an `id` can be undercut"), "{help}");
        assert!(help.contains("`from = \"deter-cw\"`, `to = \"gov-motion\"`, `type = \"supports\"`"), "{help}");
    }
    // Written as the hint says, it loads: one relation, with the id, undercut.
    let l = toml(&format!(
        "{head}[[relations]]\nid = \"deter-cw-supports-gov-motion\"\nfrom = \"deter-cw\"\nto = \"gov-motion\"\ntype = \"supports\"\n\
         [[relations]]\nfrom = \"doubt\"\nto = \"deter-cw-supports-gov-motion\"\ntype = \"undercuts\"\n"
    ));
    assert_eq!(l.errors(), 0, "{:#?}", l.diagnostics);
    let map = l.map.unwrap();
    assert_eq!(map.relations.len(), 2);
    // An unknown relation with no shorthand in sight: a note on shorthand relations.
    let l = toml(&format!("{head}[[relations]]\nfrom = \"doubt\"\nto = \"zzzz\"\ntype = \"undercuts\"\n"));
    assert_eq!(l.diagnostics[0].code, Code::UnknownReference);
    assert!(l.diagnostics[0].notes[0].starts_with("shorthand relations"), "{:?}", l.diagnostics[0].notes);
}

/// Through the command line: `validate` and `check` print one error, with the references.
#[test]
fn cli_prints_one_error() {
    let dir = common::scratch("cascades", "cli");
    let text = format!(
        "[claims.a]\ntext = \"A.\"\n[claims.b]\ntext = \"B.\"\n[claims.c]\ntext = \"C.\"\n{}{}",
        RELATIONS[0], RELATIONS[1]
    );
    std::fs::write(dir.join("m.toml"), text).unwrap();
    for cmd in ["validate", "check"] {
        let out = common::run_in(&dir, &[cmd, "m.toml"], None);
        assert_eq!(out.code, 2, "{cmd}: {}{}", out.stdout, out.stderr);
        let all = format!("{}{}", out.stdout, out.stderr);
        assert_eq!(all.matches("error[").count(), 1, "{cmd}: {all}");
        assert!(all.contains("referred to here"), "{cmd}: {all}");
        assert!(!all.contains("no relation has this id"), "{cmd}: {all}");
    }
}

/// `claims` or `relations` of the wrong type: one error, the references
/// to claims or relations are places it points at.
#[test]
fn top_level_of_the_wrong_type_is_one_error() {
    let l = json(
        r#"{"claims": [{"text": "x"}], "actors": {"uk": {"affirms": ["a", "b"]}},
"relations": [{"from": "a", "to": "b", "type": "supports"}]}"#,
    );
    assert_eq!(codes(&l), [Code::WrongType], "{:#?}", l.diagnostics);
    assert_eq!(places(&l, &l.diagnostics[0]), [(1, 12), (1, 59), (1, 64), (2, 24)]);
    let l = toml("relations = 3\n[claims.a]\ntext = \"x\"\n[claims.b]\ntext = \"y\"\nundercuts = [\"r1\"]\n");
    assert_eq!(codes(&l), [Code::WrongType], "{:#?}", l.diagnostics);
    assert_eq!(places(&l, &l.diagnostics[0]), [(1, 13), (6, 14)]);
    // Actors: a stance's actor.
    let l = toml(
        "actors = \"uk\"\n[claims.a]\ntext = \"x\"\n[[stances]]\nactor = \"uk\"\nclaim = \"a\"\nposition = \"affirms\"\n",
    );
    assert_eq!(codes(&l), [Code::WrongType], "{:#?}", l.diagnostics);
    assert_eq!(places(&l, &l.diagnostics[0]), [(1, 10), (5, 9)]);
}
