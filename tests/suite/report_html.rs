//! The HTML report (`elenchus report`), checked without a browser: the
//! inline data parses and matches the map, every claim is in the drawing and
//! in the data, every reference inside the page resolves, nothing is loaded
//! from outside it, the output is deterministic and small. The browser tests
//! are in tests/report_browser.py.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use elenchus::ClaimGraph;
use elenchus::model::ArgMap;
use elenchus::render::{Engine, EngineUsed};
use elenchus::report_html::{self, Options};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> ArgMap {
    elenchus::load_file(path).unwrap().into_map().unwrap()
}

/// Every map of maps/ and the test maps that exercise the drawing.
fn maps() -> Vec<PathBuf> {
    let mut v = common::shipped_maps();
    for f in ["render-hostile.toml", "render-linked.toml", "example.toml"] {
        v.push(root().join("tests/data").join(f));
    }
    v
}

fn report(map: &ArgMap, engine: Engine) -> report_html::Report {
    let graph = ClaimGraph::build(map);
    report_html::build(&graph, &Options { engine, ..Options::default() }).unwrap()
}

/// The text between `open` (its end) and the next `close`; exactly one such.
fn between<'h>(html: &'h str, open: &str, close: &str) -> &'h str {
    assert_eq!(html.matches(open).count(), 1, "one `{open}`");
    let i = html.find(open).unwrap() + open.len();
    let j = html[i..].find(close).unwrap_or_else(|| panic!("no `{close}` after `{open}`"));
    &html[i..i + j]
}

fn data(html: &str) -> Value {
    let raw = between(html, "<script type=\"application/json\" id=\"elenchus-data\">", "</script>");
    serde_json::from_str(raw).unwrap_or_else(|e| panic!("the data does not parse: {e}"))
}

fn svg(html: &str) -> &str {
    let i = html.find("<svg").expect("an <svg>");
    let j = html.rfind("</svg>").expect("an </svg>") + "</svg>".len();
    &html[i..j]
}

/// The values of attribute `name` in the page, in order.
fn attrs<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let v = &html[i + key.len()..];
            &v[..v.find('"').unwrap()]
        })
        .collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

/// The structural checks of one report of `map`.
fn check_report(map: &ArgMap, html: &str, what: &str) {
    let d = data(html);
    assert_eq!(d["version"], report_html::DATA_VERSION);
    // The data is the map: claims, actors, relations, stances, findings.
    let claims = d["claims"].as_array().unwrap();
    assert_eq!(claims.len(), map.claims.len(), "{what}");
    for (c, j) in map.claims.iter().zip(claims) {
        assert_eq!(j["id"], c.id.as_str(), "{what}");
        assert_eq!(j["text"], c.text.as_str(), "{what}");
        assert_eq!(j["kind"].as_str(), c.kind.as_deref(), "{what}");
        assert_eq!(strs(&j["tags"]), c.tags.iter().map(String::as_str).collect::<Vec<_>>(), "{what}");
        assert_eq!(j["source"].as_str(), c.source.as_deref(), "{what}");
        assert_eq!(j["quote"].as_str(), c.quote.as_deref(), "{what}");
        assert_eq!(j["line"], map.file.line_col(c.span.start).line, "{what}");
    }
    let actors = d["actors"].as_array().unwrap();
    assert_eq!(
        actors.iter().map(|a| a["id"].as_str().unwrap()).collect::<Vec<_>>(),
        map.actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>()
    );
    let stances = d["stances"].as_array().unwrap();
    assert_eq!(stances.len(), map.stances.len(), "{what}");
    for (s, j) in map.stances.iter().zip(stances) {
        assert_eq!(j["actor"], map.actor(s.actor).id.as_str());
        assert_eq!(j["claim"], map.claim(s.claim).id.as_str());
        assert_eq!(j["position"], s.position.as_str());
        assert_eq!(j["date"].as_str(), s.when().as_deref());
        assert_eq!(j["via"].as_str(), s.via.as_deref());
        assert_eq!(j["source"].as_str(), s.source.as_deref());
        // `current` is the map's own answer (a scan of all stances).
        let current = map.current_stance(s.actor, s.claim).map(|i| std::ptr::eq(map.stance(i), s));
        assert_eq!(j["current"].as_bool(), current, "{what}");
    }
    assert_eq!(d["relations"].as_array().unwrap().len(), map.relations.len());
    let graph = ClaimGraph::build(map);
    let findings = elenchus::check(&graph, &elenchus::CheckConfig::default());
    let jf = d["findings"].as_array().unwrap();
    assert_eq!(jf.len(), findings.len(), "{what}");
    for (f, j) in findings.iter().zip(jf) {
        assert_eq!(j["rule"], f.rule);
        assert_eq!(j["message"], f.message.as_str());
        assert_eq!(j["chain"], f.chain.as_str());
        assert_eq!(strs(&j["claims"]), f.claims.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(j["acknowledged"].is_null(), f.acknowledged.is_none());
        assert_eq!(j["locations"].as_array().unwrap().len(), f.locations.len());
        // Each span is where its location's line and column say.
        let spans = j["spans"].as_array().unwrap();
        assert_eq!(spans.len(), f.locations.len());
        for (l, s) in j["locations"].as_array().unwrap().iter().zip(spans) {
            let (start, end) = (s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize);
            assert!(start <= end && end <= map.file.text.len(), "{what}");
            let lc = map.file.line_col(start);
            assert_eq!(
                (l["line"].as_u64(), l["column"].as_u64()),
                (Some(lc.line as u64), Some(lc.column as u64)),
                "{what}"
            );
        }
    }
    // Status: the grounded labels, as `evaluate` gives them.
    let eval = elenchus::semantics::evaluate::evaluate(&graph, &Default::default()).unwrap();
    for (c, j) in eval.claims.iter().zip(claims) {
        assert_eq!(j["status"], c.label, "{what}: status of {}", c.id);
    }

    // Every reference in the data resolves.
    let claim_ids: BTreeSet<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let actor_ids: BTreeSet<&str> = actors.iter().map(|a| a["id"].as_str().unwrap()).collect();
    for s in stances {
        assert!(claim_ids.contains(s["claim"].as_str().unwrap()) && actor_ids.contains(s["actor"].as_str().unwrap()));
    }
    for r in d["relations"].as_array().unwrap() {
        for p in strs(&r["from"]) {
            assert!(claim_ids.contains(p));
        }
        assert!(r["to"].as_str().is_none_or(|t| claim_ids.contains(t)));
        assert_ne!(r["to"].is_null(), r["to_relation"].is_null());
    }
    let edges = d["edges"].as_array().unwrap();
    for f in jf {
        for c in strs(&f["claims"]) {
            assert!(claim_ids.contains(c), "{what}: finding claim {c}");
        }
        assert!(f["actor"].as_str().is_none_or(|a| actor_ids.contains(a)));
        for e in f["edges"].as_array().unwrap() {
            assert_eq!(edges[e.as_u64().unwrap() as usize]["kind"], "tension");
        }
    }
    let m = &d["matrix"];
    let rows = strs(&m["cells"]);
    assert_eq!(rows.len(), m["actors"].as_array().unwrap().len());
    assert!(
        rows.iter()
            .all(|r| r.len() == m["claims"].as_array().unwrap().len() && r.bytes().all(|b| (b'0'..=b'4').contains(&b)))
    );
    assert!(strs(&m["actors"]).iter().all(|a| actor_ids.contains(a)));
    assert!(strs(&m["claims"]).iter().all(|c| claim_ids.contains(c)));

    // The drawing: well-formed, one group per claim, each edge tagged once,
    // each tension connector with its finding.
    let svg = svg(html);
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: the SVG does not parse: {e}"));
    let ids: BTreeMap<&str, roxmltree::Node> =
        doc.descendants().filter_map(|n| n.attribute("id").map(|i| (i, n))).collect();
    for c in &map.claims {
        let g = ids.get(format!("claim-{}", c.id).as_str()).unwrap_or_else(|| panic!("{what}: no group for {}", c.id));
        assert!(g.attribute("class").unwrap().split(' ').any(|c| c == "node"));
    }
    let mut tagged: Vec<usize> = Vec::new();
    for n in doc.descendants().filter(|n| n.has_attribute("data-e")) {
        let e: usize = n.attribute("data-e").unwrap().parse().unwrap();
        tagged.push(e);
        let f = n.attribute("data-f").map(|f| f.parse::<usize>().unwrap());
        assert_eq!(f.is_some(), edges[e]["kind"] == "tension", "{what}: edge {e}");
        if let Some(f) = f {
            assert!(jf[f]["edges"].as_array().unwrap().iter().any(|x| x.as_u64() == Some(e as u64)));
        }
        let title = n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or("");
        let (from, to) = (edges[e]["from"].as_str().unwrap(), edges[e]["to"].as_str().unwrap());
        assert!(title.contains(from) && title.contains(to), "{what}: edge {e} `{title}` is not {from} -> {to}");
    }
    tagged.sort_unstable();
    assert_eq!(tagged, (0..edges.len()).collect::<Vec<_>>(), "{what}: every edge tagged once");

    // The page: ids unique, every reference to an id resolves, nothing from outside.
    let all_ids = attrs(html, "id");
    let unique: BTreeSet<&str> = all_ids.iter().copied().collect();
    assert_eq!(unique.len(), all_ids.len(), "{what}: duplicate ids");
    for name in ["for", "aria-controls", "aria-labelledby", "aria-describedby"] {
        for v in attrs(html, name) {
            for id in v.split(' ') {
                assert!(unique.contains(id), "{what}: {name}=\"{v}\" names no element");
            }
        }
    }
    for href in attrs(html, "href") {
        if let Some(frag) = href.strip_prefix('#') {
            assert!(unique.contains(frag), "{what}: href=\"{href}\" names no element");
        } else {
            panic!("{what}: a link out of the page: {href}");
        }
    }
    let lower = html.to_ascii_lowercase();
    for bad in [
        "src=\"http",
        "src='http",
        "<link",
        "@import",
        "url(http",
        "url(//",
        "src=\"//",
        "<iframe",
        "<img",
        "<script src",
    ] {
        assert!(!lower.contains(bad), "{what}: `{bad}` in the page");
    }
    // Two scripts (the data and the code), one style sheet.
    assert_eq!(lower.matches("<script").count(), 2, "{what}");
    assert_eq!(lower.matches("</script>").count(), 2, "{what}");
    assert_eq!(lower.matches("<style>").count(), 1, "{what}");
}

#[test]
fn every_map_gives_a_sound_report_builtin() {
    for path in maps() {
        let map = load(&path);
        let r = report(&map, Engine::Builtin);
        assert_eq!(r.engine, EngineUsed::Builtin);
        check_report(&map, &r.html, &format!("builtin {}", path.display()));
    }
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn every_map_gives_a_sound_report_graphviz() {
    for path in maps() {
        let map = load(&path);
        let r = report(&map, Engine::Graphviz);
        assert!(matches!(r.engine, EngineUsed::Graphviz(_)));
        check_report(&map, &r.html, &format!("graphviz {}", path.display()));
        // Graphviz's node titles are the full texts, as `render` writes them.
        let svg = svg(&r.html);
        let doc = roxmltree::Document::parse(svg).unwrap();
        for c in &map.claims {
            let g = doc.descendants().find(|n| n.attribute("id") == Some(&format!("claim-{}", c.id))).unwrap();
            let title = g.children().find(|n| n.has_tag_name("title")).and_then(|t| t.text()).unwrap();
            assert_eq!(title, elenchus::render::text::visible(&c.text));
        }
    }
}

#[test]
fn the_report_is_deterministic() {
    let map = load(&root().join("maps/cambodia-russia.toml"));
    let a = report(&map, Engine::Builtin).html;
    let b = report(&load(&root().join("maps/cambodia-russia.toml")), Engine::Builtin).html;
    assert!(a == b, "two reports of one map differ");
    if cfg!(graphviz) {
        assert!(report(&map, Engine::Graphviz).html == report(&map, Engine::Graphviz).html);
    }
}

#[test]
fn the_cambodia_report_is_under_300_kb() {
    let map = load(&root().join("maps/cambodia-russia.toml"));
    let mut engines = vec![Engine::Builtin];
    if cfg!(graphviz) {
        engines.push(Engine::Graphviz);
    }
    for e in engines {
        let n = report(&map, e).html.len();
        assert!(n < 300 * 1024, "{e:?}: {n} bytes");
    }
}

#[test]
fn hostile_text_comes_back_intact() {
    let map = load(&root().join("tests/data/render-hostile.toml"));
    let html = report(&map, Engine::Builtin).html;
    // The title is escaped in <title> and <h1>.
    assert!(!html.contains("</title><script>alert(1)"));
    let d = data(&html);
    assert_eq!(d["title"].as_str(), map.meta.title.as_deref());
    assert_eq!(d["actors"][0]["name"].as_str(), map.actors[0].name.as_deref());
}

#[test]
fn without_status_no_claim_has_one() {
    let map = load(&root().join("maps/cambodia-russia.toml"));
    let graph = ClaimGraph::build(&map);
    let r =
        report_html::build(&graph, &Options { engine: Engine::Builtin, status: None, ..Options::default() }).unwrap();
    let d = data(&r.html);
    assert!(d["status"].is_null());
    assert!(d["claims"].as_array().unwrap().iter().all(|c| c["status"].is_null()));
}

// ---- through the command line ----

#[test]
fn cli_writes_the_report() {
    let dir = common::scratch("report_html", "cli_writes");
    let out = dir.join("report.html");
    let o = common::run_in(
        root(),
        &["report", "maps/cambodia-russia.toml", "-o", out.to_str().unwrap(), "--engine", "builtin"],
        None,
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("report: wrote"), "{}", o.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    // The library's report of the map, loaded by the same name, is the same text.
    let map = load(Path::new("maps/cambodia-russia.toml"));
    check_report(&map, &html, "cli");
    assert!(html == report(&map, Engine::Builtin).html, "the CLI's report is not the library's");
    // Without -o: standard output, the same text.
    let o = common::run_in(root(), &["report", "maps/cambodia-russia.toml", "--engine", "builtin"], None);
    assert_eq!(o.code, 0);
    assert!(o.stdout == html, "standard output differs from the file");
}

#[test]
fn cli_reads_standard_input_and_leaves_out_the_status() {
    let text = std::fs::read_to_string(root().join("tests/data/example.toml")).unwrap();
    let o = common::run(&["report", "-", "--input-format", "toml", "--engine", "builtin", "--no-status"], &text);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let d = data(&o.stdout);
    assert!(d["status"].is_null());
    assert!(!d["claims"].as_array().unwrap().is_empty());
}

#[test]
fn cli_refuses_to_overwrite_its_input() {
    let dir = common::scratch("report_html", "refuses");
    let map = dir.join("m.toml");
    std::fs::copy(root().join("tests/data/example.toml"), &map).unwrap();
    let before = std::fs::read(&map).unwrap();
    let o = common::run_in(&dir, &["report", "m.toml", "-o", "m.toml"], None);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(std::fs::read(&map).unwrap(), before);
    let o = common::run_in(&dir, &["report", "m.toml", "-o", "."], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("directory"), "{}", o.stderr);
}

#[test]
fn cli_reports_a_bad_map_with_its_place() {
    let o = common::run(
        &["report", "-", "--input-format", "toml", "--engine", "builtin"],
        "[claims.a]\ntext = \"A\"\nsupports = [\"nope\"]\n",
    );
    assert_eq!(o.code, 2);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("<stdin>:3:"), "{}", o.stderr);
}

#[test]
fn cli_rejects_a_bad_support_reading() {
    let o = common::run_in(root(), &["report", "maps/cambodia-russia.toml", "--support", "strong"], None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("strong"), "{}", o.stderr);
}

#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn cli_draws_with_graphviz_when_asked() {
    let o = common::run_in(root(), &["report", "maps/riggs-v-palmer.toml", "--engine", "graphviz"], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let d = data(&o.stdout);
    assert_eq!(d["engine"], "graphviz");
    // Graphviz names its graph group `graph0`; the builtin engine has none.
    assert!(o.stdout.contains("id=\"graph0\""));
    let o = common::run_in(root(), &["report", "maps/riggs-v-palmer.toml", "--engine", "builtin"], None);
    assert_eq!(data(&o.stdout)["engine"], "builtin");
    assert!(!o.stdout.contains("id=\"graph0\""));
}
