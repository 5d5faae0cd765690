//! The plain TOML reader (`load::toml::plain`) against the `toml` crate's
//! parser (`load::toml::parse_whole`): whenever the plain reader gives a tree,
//! it is the full parser's tree, spans included; on any document the full
//! parser rejects, the plain reader gives up (so every diagnostic still comes
//! from the full parser). Over every TOML file of the repository, a map
//! written by `import votes`, random documents, and cut and garbled copies.

use crate::common;

use std::path::{Path, PathBuf};

use elenchus::load::toml::{parse_whole, plain};
use elenchus::load::value::{Kind, Value};
use proptest::prelude::*;

/// A tree with its deferred sections built, item by item.
fn built(v: Value<'_>) -> Value<'_> {
    let kind = match v.kind {
        Kind::Deferred(d) => {
            assert!(d.toml && !d.object && d.keys.is_empty());
            Kind::Array(d.items.iter().map(|&span| built(d.value(span))).collect())
        }
        Kind::Table(t) => Kind::Table(t.into_iter().map(|(k, v)| (k, built(v))).collect()),
        Kind::Array(a) => Kind::Array(a.into_iter().map(built).collect()),
        other => other,
    };
    Value { kind, span: v.span }
}

/// The plain reader gives the full parser's tree or nothing; returns whether it gave one.
fn agrees(text: &str) -> bool {
    let whole = parse_whole(text);
    match plain::parse(text).map(built) {
        Some(v) => {
            assert_eq!(whole.as_ref().ok(), Some(&v), "the plain reader's tree differs on:\n{text}");
            true
        }
        None => false,
    }
}

fn toml_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["maps", "tests/corpus", "tests/data", "examples", "docs"] {
        walk(&root.join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn every_repository_map_reads_the_same() {
    let files = toml_files();
    assert!(files.len() > 40, "{files:?}");
    let mut plain = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if agrees(&text) {
            plain.push(f.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    // Most maps of the repository are plain, and so read by the fast reader
    // (cambodia-russia.toml, with its multi-line strings, is not).
    for name in ["unga-es11.toml", "example.toml", "us-same-sex-marriage.toml"] {
        assert!(plain.iter().any(|p| p == name), "{name} is not read as plain: {plain:?}");
    }
    // The bad-input corpus: none of its syntax errors is accepted.
    for f in files.iter().filter(|f| f.to_string_lossy().contains("corpus")) {
        let text = std::fs::read_to_string(f).unwrap();
        if parse_whole(&text).is_err() {
            assert!(plain::parse(&text).is_none(), "{}", f.display());
        }
    }
}

/// Headers of many keys are left to the full parser (which limits their depth).
#[test]
fn deep_headers_are_not_plain() {
    for n in [9, 100, 100_000] {
        let text = format!("[{}]\nb = 1\n", vec!["a"; n].join("."));
        assert!(plain::parse(&text).is_none(), "{n} keys");
    }
    assert!(agrees("[a.b.c.d.e.f.g.h]\nb = 1\n"));
}

/// A map written by `import votes` (TOML) is plain: it is what the reader is for.
#[test]
fn an_imported_map_is_plain() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let out = common::scratch("toml_plain", "imported").join("imported.toml");
    let r = common::run(
        &[
            "import",
            "votes",
            data.join("import-unga-es11-votes.csv").to_str().unwrap(),
            "--resolutions",
            data.join("import-unga-es11-resolutions.csv").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.matches("[[stances]]").count() > 100);
    assert!(agrees(&text), "the imported map is not read as plain");
    // The same map with CRLF line ends.
    assert!(agrees(&text.replace('\n', "\r\n")));
    // Its stances (deferred by the plain reader) are those of the same votes imported as JSON.
    let json = out.with_extension("json");
    let args = |o: &Path| {
        [
            "import".to_string(),
            "votes".into(),
            data.join("import-unga-es11-votes.csv").display().to_string(),
            "--resolutions".into(),
            data.join("import-unga-es11-resolutions.csv").display().to_string(),
            "-o".into(),
            o.display().to_string(),
        ]
    };
    let r = common::run(&args(&json).iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let analyse = |p: &Path| common::run(&["stances", p.to_str().unwrap(), "--format", "json"], "");
    let (t, j) = (analyse(&out), analyse(&json));
    assert_eq!((t.code, j.code), (0, 0), "{}{}", t.stderr, j.stderr);
    assert!(t.stdout.len() > 1000);
    assert_eq!(t.stdout, j.stdout);
    let toml_map = elenchus::load::load_file(&out).unwrap().into_map().unwrap();
    let json_map = elenchus::load::load_file(&json).unwrap().into_map().unwrap();
    assert_eq!(toml_map.stances.len(), json_map.stances.len());
    let key = |m: &elenchus::model::ArgMap| -> Vec<_> {
        m.stances
            .iter()
            .map(|s| (m.actors[s.actor as usize].id.clone(), m.claims[s.claim as usize].id.clone(), s.position, s.date))
            .collect()
    };
    assert_eq!(key(&toml_map), key(&json_map));
}

/// Every cut of every repository map, and every one of a set of one-byte
/// edits at many places: the plain reader agrees or gives up.
#[test]
fn cut_and_garbled_maps() {
    let edits: [&str; 16] = ["\"", "'", "[", "]", "=", "\n", "#", ".", "\\", " ", "\r", "\0", "x", ",", "-", "\u{7f}"];
    let (mut accepted, mut tried) = (0, 0);
    for f in toml_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        // Forty places per document, fewer in the large ones (the UN map of
        // 266 KB gets eight): every document costs about the same.
        let places = (1_000_000 / text.len().max(1)).clamp(8, 40);
        let step = (bounds.len() / places).max(1);
        for &i in bounds.iter().step_by(step) {
            tried += 1;
            accepted += usize::from(agrees(&text[..i]));
            let next = bounds.iter().find(|&&j| j > i).copied().unwrap_or(text.len());
            for e in edits {
                let edited = format!("{}{e}{}", &text[..i], &text[next..]);
                accepted += usize::from(agrees(&edited));
                let inserted = format!("{}{e}{}", &text[..i], &text[i..]);
                accepted += usize::from(agrees(&inserted));
                tried += 2;
            }
        }
    }
    assert!(accepted > 300, "accepted {accepted} of {tried}");
}

/// Pieces of TOML documents: the plain shapes and many that are not.
fn line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("a"),
        Just("b"),
        Just("text"),
        Just("3"),
        Just("\"q k\""),
        Just("\"\""),
        Just("a.b"),
        Just("\"e\\u0041\""),
        Just("ü"),
        Just("'lit'"),
    ];
    let value = prop_oneof![
        Just("\"x\""),
        Just("\"a\\\"b\\\\c\\n\\u00e9\\U0001F600\""),
        Just("\"\\e\""),
        Just("\"\\x41\""),
        Just("\"\\ud800\""),
        Just("'lit\\n'"),
        Just("''"),
        Just("\"\"\"ml\"\"\""),
        Just("'''ml'''"),
        Just("12"),
        Just("-7"),
        Just("+3"),
        Just("0"),
        Just("007"),
        Just("1_000"),
        Just("0x1f"),
        Just("9223372036854775807"),
        Just("9223372036854775808"),
        Just("-9223372036854775808"),
        Just("1.5"),
        Just("1e3"),
        Just("inf"),
        Just("true"),
        Just("false"),
        Just("truex"),
        Just("1946-01-01"),
        Just("2020-02-30"),
        Just("0000-01-01"),
        Just("1946-01-01T10:00:00"),
        Just("1946-01-01 10:00:00"),
        Just("10:00:00"),
        Just("[]"),
        Just("[\"a\", \"b\"]"),
        Just("[\"a\", \"b\",]"),
        Just("[ 1 , 2 ]"),
        Just("[1, \"a\", 1946-01-01, true]"),
        Just("[[1], [2]]"),
        Just("[,]"),
        Just("[\"a\"\n, \"b\"]"),
        Just("{ a = 1 }"),
        Just(""),
    ];
    let header = prop_oneof![
        Just("[map]"),
        Just("[claims.a]"),
        Just("[claims.b]"),
        Just("[claims]"),
        Just("[ claims . \"c d\" ]"),
        Just("[claims.a.sub]"),
        Just("[a]"),
        Just("[a.b]"),
        Just("[[stances]]"),
        Just("[[stances]]"),
        Just("[[a]]"),
        Just("[[a.b]]"),
        Just("[stances.x]"),
        Just("[ [stances]]"),
        Just("[[stances] ]"),
        Just("[]"),
    ];
    let comment = prop_oneof![Just(""), Just(" # c"), Just("# é"), Just(" #\u{1}"), Just("\t#\t")];
    let end = prop_oneof![Just("\n"), Just("\n"), Just("\r\n"), Just("\r"), Just("")];
    prop_oneof![
        (key, value, comment.clone(), end.clone()).prop_map(|(k, v, c, e)| format!("{k} = {v}{c}{e}")),
        (header, comment.clone(), end.clone()).prop_map(|(h, c, e)| format!("{h}{c}{e}")),
        (comment, end).prop_map(|(c, e)| format!("{c}{e}")),
        Just("  \tb=\"x\"\n".to_string()),
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(600))]

    #[test]
    fn random_documents(lines in proptest::collection::vec(line(), 0..14)) {
        let text: String = lines.concat();
        agrees(&text);
        // And with a newline between every piece (so that fewer are cut short).
        agrees(&lines.join("\n"));
    }
}
