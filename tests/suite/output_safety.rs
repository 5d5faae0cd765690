//! Output safety: text from a map (claim text, ids, kinds, tags, notes,
//! sources, quotes, `via`, acknowledgement reasons, titles, actor names) and
//! the file name, full of `"`, `\`, line breaks, `<script>`, `]]>`, `--`,
//! NUL and other control characters, right-to-left overrides and combining
//! marks, cannot break DOT, SVG, JSON, SARIF, GitHub annotations, the stance
//! heat maps, or the terminal. Each output is parsed back and the original
//! text found in it. See `docs/robustness.md`.

use crate::common;

use common::{flatten, html_lines, id_str, percent_decode, sarif_validator};
use elenchus::check::Finding;
use elenchus::load::{Loaded, load_str};
use elenchus::render::dot::unquote;
use elenchus::render::text::{MAX_LABEL, MAX_LINES, clip, clip_lines, is_invisible_format, visible};
use elenchus::render::{self, Engine, GroupBy, Options, Output, Scene};
use elenchus::report::github::{escape_data, escape_property};
use elenchus::report::{Github, Human, Report, Reporter};
use elenchus::source::Format;
use elenchus::stances::{self, Agreement, Matrix};
use elenchus::{ArgMap, CheckConfig, ClaimGraph, check};
use graphviz_rust::dot_structures::{Graph, Node, Stmt};
use serde_json::{Value, json};

/// Everything that has broken some output format, in one string.
const HOSTILE: &str = "q\"uote 'apos' \\back\\slash \\N \\G \\l \\\" new\nline crlf\r\nlone\rcr tab\there \
<script>alert(1)</script> </text><script>x</script> <![CDATA[ ]]> <!-- -- --> --> & &amp; &#x41; &lt; \
NUL\0 bell\u{7} esc\u{1b}[31m\u{1b}]0;title\u{7} del\u{7f} c1\u{85}\u{9b} rlo\u{202E}dlrow\u{202C} \
lri\u{2066}x\u{2069} zw\u{200B}j\u{200D} bom\u{FEFF} nonchar\u{FFFF} combining e\u{301}\u{336}\u{20DD} \
% %25 %0A %0D :: ::error file=x::injected , : = | {braces} [brackets] <BR/> ${x} `tick` \
😀 👩\u{200D}💻 ខ្មែរ مرحبا";

/// The hostile text, marked with where it goes.
fn h(field: &str) -> String {
    format!("[{field}] {HOSTILE}")
}

/// A hostile file name (the report's `file`, SARIF's URI, annotations' `file=`).
const NAME: &str = "dir/a,b:c \"q\" %0A %25 ::x:: \n<script>--\u{202E}.json";

/// Ids may only hold ASCII letters, digits, `-`, `_` and `.`: but `--`,
/// leading digits and trailing dashes are allowed, and `--` is what breaks
/// XML comments.
const A: &str = "a--b";
const B: &str = "x.y--z";
const C: &str = "0-lead";
const D: &str = "c_d.e-";
const ACTOR: &str = "m--allory";

fn hostile_map() -> Value {
    json!({
        "map": { "title": h("title"), "source": h("map source"), "description": h("description"), "url": h("url") },
        "actors": {
            ACTOR: { "name": h("actor name"), "kind": h("actor kind"), "description": h("actor description"), "affirms": [A] },
            "plain": { "denies": [A], "affirms": [C] },
        },
        "claims": {
            A: {
                "text": h("claim a"), "kind": h("kind"), "tags": [h("tag")], "source": h("claim source"),
                "quote": h("claim quote"), "url": h("claim url"), "note": h("claim note"), "implies": [B],
            },
            B: { "text": h("claim b"), "kind": "fact", "tags": [h("tag")] },
            C: { "text": h("claim c"), "kind": "principle", "supports": [B] },
            D: { "text": h("claim d") },
        },
        "relations": [
            { "id": "r--1", "from": C, "to": A, "type": "attacks", "note": h("relation note"), "source": h("relation source") },
            { "from": B, "to": "r--1", "type": "undercuts", "note": h("undercut note") },
        ],
        "stances": [
            { "actor": ACTOR, "claim": B, "position": "denies", "date": "2022-04-07", "via": h("via"),
              "source": h("stance source"), "quote": h("stance quote"), "note": h("stance note") },
            { "actor": ACTOR, "claim": C, "position": "affirms", "date": "2021-01-01", "source": h("earlier source") },
            { "actor": ACTOR, "claim": C, "position": "denies", "date": "2022-01-01", "via": h("later via") },
        ],
        "checks": { "unsourced-stance": "note" },
        "acknowledged": [
            { "rule": "orphan-claim", "claims": [D], "reason": h("reason") },
            { "rule": "circular-support", "reason": h("stale reason") },
        ],
    })
}

/// The hostile map in both formats, as loaded.
fn loaded() -> Vec<Loaded> {
    let v = hostile_map();
    let json = serde_json::to_string_pretty(&v).unwrap();
    let toml = toml::to_string(&v).unwrap();
    [(Format::Json, json), (Format::Toml, toml)]
        .into_iter()
        .map(|(format, text)| {
            let name = if format == Format::Json { NAME.to_string() } else { NAME.replace(".json", ".toml") };
            let l = load_str(name, text, format);
            let errors: Vec<String> = l.diagnostics.iter().map(|d| d.short(&l.file)).collect();
            assert!(l.map.is_some(), "{format:?}: {errors:#?}");
            l
        })
        .collect()
}

/// A map with hostile keys, ids and references: it does not load, and its
/// diagnostics carry the hostile text.
fn invalid() -> Loaded {
    let mut v = hostile_map();
    v[h("top key")] = json!(1);
    v["claims"][h("claim id")] = json!({ "text": "x" });
    v["claims"][A]["supports"] = json!([h("reference")]);
    v["claims"][A][h("claim key")] = json!("x");
    let l = load_str(NAME, serde_json::to_string_pretty(&v).unwrap(), Format::Json);
    assert!(l.map.is_none() && l.errors() >= 4, "{:#?}", l.diagnostics);
    l
}

fn report(loaded: Vec<Loaded>) -> Report {
    Report::check(loaded, &CheckConfig::default())
}

fn findings(map: &ArgMap) -> Vec<Finding> {
    check(&ClaimGraph::build(map), &CheckConfig::default())
}

/// The texts the checks carry from a map into its findings: each `via` in
/// a chain, the reasons of acknowledgements (as loaded: TOML reads a CRLF in
/// a multi-line string as LF).
struct Carried {
    vias: Vec<String>,
    reason: String,
    stale: String,
}

fn carried(l: &Loaded) -> Carried {
    let map = l.map.as_ref().unwrap();
    let vias: Vec<String> = map.stances.iter().filter_map(|s| s.via.clone()).collect();
    assert!(vias.len() == 2 && vias.iter().all(|v| v.contains("<script>") && v.contains('\u{202E}')));
    Carried { vias, reason: map.acknowledged[0].reason.clone(), stale: map.acknowledged[1].reason.clone() }
}

fn assert_findings_carry(c: &Carried, findings: &[Finding]) {
    let chains: String = findings.iter().map(|f| f.chain.as_str()).collect();
    for v in &c.vias {
        assert!(chains.contains(v.as_str()), "{v:?} in no chain: {findings:#?}");
    }
    assert!(chains.contains(&c.stale), "{findings:#?}");
    let orphan = findings.iter().find(|f| f.rule == "orphan-claim").unwrap();
    assert_eq!(orphan.ack_reason(), Some(c.reason.as_str()));
}

/// The hostile maps, what they carry, and their report.
fn checked() -> (Vec<Carried>, Report) {
    let loaded = loaded();
    let carried: Vec<Carried> = loaded.iter().map(carried).collect();
    (carried, report(loaded))
}

/// No control character but those `allowed`, and with `bidi`, no raw
/// bidirectional control either (formats that write them as references).
fn assert_no_raw(what: &str, s: &str, allowed: &[char], bidi: bool) {
    for (i, c) in s.char_indices() {
        let bad = (c.is_control() && !allowed.contains(&c))
            || (bidi && matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));
        if bad {
            let around: String = s[..i].chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
            panic!("{what}: raw {c:?} at byte {i}, after {around:?}");
        }
    }
}

/// Raw C0 controls, which JSON does not allow in strings (DEL, C1 and
/// bidirectional controls are allowed, and come through as they are).
fn assert_json_text(what: &str, s: &str) {
    assert!(!s.chars().any(|c| c < ' ' && c != '\n'), "{what}: a raw C0 control character");
}

/// Output that a person reads (SVG, DOT, the terminal): control characters
/// are pictures, bidirectional controls references or replaced.
fn assert_no_raw_controls(what: &str, s: &str, allowed: &[char]) {
    assert_no_raw(what, s, allowed, true);
}

// ---------------------------------------------------------------------------
// JSON

#[test]
fn json_output_round_trips_and_keeps_every_text() {
    let (carried, report) = checked();
    let v = elenchus::report::json::to_value(&report);
    let text = serde_json::to_string_pretty(&v).unwrap();
    assert_json_text("JSON", &text);
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, v);
    for (i, m) in report.maps.iter().enumerate() {
        assert_eq!(back["maps"][i]["file"], json!(m.file.name));
        assert_eq!(back["maps"][i]["title"], json!(m.title));
        assert!(m.title.as_ref().unwrap().contains("</script>"));
        assert_findings_carry(&carried[i], &m.findings);
    }
    let all: Vec<&Finding> = report.findings().collect();
    assert_eq!(back["findings"].as_array().unwrap().len(), all.len());
    for (f, j) in all.iter().zip(back["findings"].as_array().unwrap()) {
        assert_eq!(j, &serde_json::to_value(f).unwrap());
        assert_eq!(j["chain"], json!(f.chain));
    }
    // A file name with a line break and quotes is one JSON string.
    assert!(text.contains(&serde_json::to_string(NAME).unwrap()));
}

#[test]
fn json_output_of_an_invalid_map_keeps_every_message() {
    let l = invalid();
    let messages: Vec<String> = l.diagnostics.iter().map(|d| d.message.clone()).collect();
    let v = elenchus::report::json::to_value(&report(vec![l]));
    let text = serde_json::to_string(&v).unwrap();
    assert_json_text("JSON", &text);
    let back: Value = serde_json::from_str(&text).unwrap();
    let shown: Vec<&str> =
        back["maps"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(shown, messages);
    // The loader names the hostile key (escaped for one line) in its message.
    assert!(shown.iter().any(|m| m.contains("[top key]")), "{shown:#?}");
}

// ---------------------------------------------------------------------------
// SARIF

#[test]
fn sarif_output_validates_and_keeps_every_text() {
    let v = sarif_validator();
    let (carried, valid) = checked();
    for (m, c) in valid.maps.iter().zip(&carried) {
        assert_findings_carry(c, &m.findings);
    }
    for report in [valid, report(vec![invalid()])] {
        let log = elenchus::report::sarif::to_value(&report);
        let errors: Vec<String> = v.iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let text = serde_json::to_string(&log).unwrap();
        assert_json_text("SARIF", &text);
        let back: Value = serde_json::from_str(&text).unwrap();
        let results = back["runs"][0]["results"].as_array().unwrap();
        let mut expected: Vec<(String, &str)> = Vec::new();
        for m in &report.maps {
            for d in &m.diagnostics {
                let mut t = d.message.clone();
                if let Some(help) = &d.help {
                    t.push_str(&format!(" ({help})"));
                }
                expected.push((t, &m.file.name));
            }
            for f in &m.findings {
                expected.push((format!("{}\nchain: {}", f.message, f.chain), &m.file.name));
            }
        }
        assert_eq!(results.len(), expected.len());
        for (r, (message, file)) in results.iter().zip(&expected) {
            assert_eq!(r["message"]["text"], json!(message));
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
            assert!(uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)), "{uri}");
            assert_eq!(percent_decode(uri), *file);
        }
        let findings: Vec<&Finding> = report.findings().collect();
        for (f, r) in findings.iter().zip(&results[results.len() - findings.len()..]) {
            assert_eq!(r["properties"]["chain"], json!(f.chain));
            if let Some(reason) = f.ack_reason() {
                assert_eq!(r["suppressions"][0]["justification"], json!(reason));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// GitHub annotations

/// Undo the workflow-command escaping: `%25`, `%0D`, `%0A`, and in
/// properties `%3A`, `%2C`. Any other `%` would be a bug.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        out.push(match &rest[i + 1..i + 3] {
            "25" => '%',
            "0D" => '\r',
            "0A" => '\n',
            "3A" => ':',
            "2C" => ',',
            other => panic!("`%{other}` is no escape: {s:?}"),
        });
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

#[test]
fn github_annotations_cannot_be_injected() {
    for loaded in [loaded(), vec![invalid()]] {
        let report = report(loaded);
        let mut out = Vec::new();
        Github.write(&report, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains('\r'));
        let mut expected: Vec<(&str, String, String)> = Vec::new();
        for m in &report.maps {
            for d in &m.diagnostics {
                expected.push((m.file.name.as_str(), format!("elenchus {}", d.code), d.message.clone()));
            }
            for f in &m.findings {
                let mut message = format!("{}\nchain: {}", f.message, f.chain);
                if let Some(r) = f.ack_reason() {
                    message.push_str(&format!("\nacknowledged: {r}"));
                }
                expected.push((&*f.file, format!("elenchus {}", f.rule), message));
            }
        }
        // One line per annotation: no text can start a command of its own.
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{out}");
        for (line, (file, title, message)) in lines.iter().zip(&expected) {
            let (command, rest) = line.strip_prefix("::").unwrap().split_once(' ').unwrap();
            assert!(["error", "warning", "notice"].contains(&command), "{line}");
            let (props, raw_message) = rest.split_once("::").unwrap();
            let props: Vec<(&str, &str)> = props.split(',').map(|p| p.split_once('=').unwrap()).collect();
            let keys: Vec<&str> = props.iter().map(|p| p.0).collect();
            assert_eq!(keys, ["file", "line", "col", "title"], "{line}");
            for (_, v) in &props {
                assert!(!v.contains([':', ',', '\n', '\r']), "{line}");
            }
            assert_eq!(unescape(props[0].1), *file);
            assert_eq!(unescape(props[3].1), *title);
            assert_eq!(unescape(raw_message), *message);
        }
    }
}

#[test]
fn github_escaping_follows_the_workflow_command_rules() {
    assert_eq!(escape_data("50% done\r\nnext::x,y:z"), "50%25 done%0D%0Anext::x,y:z");
    assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    // `%` first, so that an escape in the text is not decoded twice.
    assert_eq!(escape_data("%0A"), "%250A");
    assert_eq!(unescape(&escape_property(HOSTILE)), HOSTILE);
    assert_eq!(unescape(&escape_data(HOSTILE)), HOSTILE);
}

// ---------------------------------------------------------------------------
// DOT

/// The text an HTML-like label shows: tags dropped, entities and `\\` undone,
/// `<BR/>` as line breaks.
fn html_text(label: &str) -> String {
    html_lines(label).join("\n")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn scene(map: &ArgMap, actor: bool) -> Scene {
    let graph = ClaimGraph::build(map);
    let tensions = render::tensions_of(map, &findings(map));
    let opts = Options {
        actor: actor.then(|| ACTOR.to_string()),
        actors: true,
        group_by: Some(GroupBy::Tag),
        ..Options::default()
    };
    Scene::build(&graph, &opts, &tensions).unwrap()
}

#[test]
fn dot_parses_back_and_shows_every_text() {
    for l in loaded() {
        let map = l.map.unwrap();
        for actor in [false, true] {
            let dot = render::render(&scene(&map, actor), Output::Dot, Engine::Auto).unwrap().0;
            assert_no_raw_controls("DOT", &dot, &['\n', '\t']);
            assert!(!dot.chars().any(is_invisible_format), "invisible characters are written as references");
            let Graph::DiGraph { stmts, .. } =
                graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("the DOT does not parse: {e}\n{dot}"))
            else {
                panic!("not a digraph")
            };
            let mut all = Vec::new();
            flatten(&stmts, &mut all);
            let nodes: Vec<&Node> =
                all.iter().filter_map(|s| if let Stmt::Node(n) = s { Some(n) } else { None }).collect();
            let label_of = |name: &str| -> String {
                let n =
                    nodes.iter().find(|n| unquote(id_str(&n.id.0)) == name).unwrap_or_else(|| panic!("no node {name}"));
                let l = n.attributes.iter().find(|a| id_str(&a.0) == "label").unwrap();
                html_text(id_str(&l.1))
            };
            for c in &map.claims {
                let shown = label_of(&c.id);
                assert!(squash(&shown).contains(&squash(&visible(&c.text))), "claim `{}` shows {shown:?}", c.id);
                assert!(shown.contains(&c.id), "the id `{}` is shown: {shown:?}", c.id);
            }
            let a = map.actor(map.actor_id(ACTOR).unwrap());
            assert!(squash(&label_of(&format!("actor:{ACTOR}"))).contains(&squash(&visible(a.display_name()))));
            // Labels are cut for drawing (docs/rendering.md): the kind as drawn.
            let kind = map.claim(map.claim_id(A).unwrap()).kind.clone().unwrap();
            assert!(squash(&label_of(A)).contains(&squash(&clip(&kind, MAX_LABEL))), "a kind without a shape is shown");
            // Quoted labels: the graph's title and the tag clusters.
            let quoted: Vec<String> = all
                .iter()
                .filter_map(|s| match s {
                    Stmt::Attribute(a) if id_str(&a.0) == "label" => Some(unquote(id_str(&a.1))),
                    Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Graph(attrs)) => {
                        attrs.iter().find(|a| id_str(&a.0) == "label").map(|a| unquote(id_str(&a.1)))
                    }
                    _ => None,
                })
                .collect();
            let (title, tag) = (map.meta.title.as_deref().unwrap(), &map.claim(map.claim_id(A).unwrap()).tags[0]);
            let (title, tag) = (clip_lines(title, MAX_LABEL, MAX_LINES), clip_lines(tag, MAX_LABEL, MAX_LINES));
            assert!(quoted.iter().any(|q| q.starts_with(title.as_ref())), "{quoted:#?}");
            assert!(quoted.iter().any(|q| *q == tag), "{quoted:#?}");
        }
    }
}

/// Graphviz itself reads the DOT (when it is installed: CI installs it).
#[test]
#[cfg_attr(not(graphviz), ignore = "skipped: Graphviz not installed")]
fn graphviz_reads_the_dot() {
    assert!(render::find_dot().is_some(), "Graphviz `dot` was on the PATH at build time and is not now");
    for l in loaded() {
        let map = l.map.unwrap();
        let svg = render::graphviz_svg(&scene(&map, true)).unwrap();
        check_svg(&map, &svg, "graphviz");
    }
}

// ---------------------------------------------------------------------------
// SVG

/// Well-formed XML, nothing active, every claim's text as a node title and
/// the actor's name too, and no raw markup or controls from the map.
fn check_svg(map: &ArgMap, svg: &str, engine: &str) {
    // Graphviz decodes the DOT's `&#x202E;` and writes the character itself.
    assert_no_raw(engine, svg, &['\n', '\t'], engine != "graphviz");
    assert!(!svg.contains("<script") && !svg.contains("]]>") && !svg.contains("<![CDATA["), "{engine}");
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc =
        roxmltree::Document::parse_with_options(svg, options).unwrap_or_else(|e| panic!("{engine}: not XML: {e}"));
    for n in doc.descendants() {
        assert!(!n.has_tag_name("script") && !n.has_tag_name("foreignObject"), "{engine}");
        for a in n.attributes() {
            assert!(!a.name().to_ascii_lowercase().starts_with("on"), "{engine}: event handler {}", a.name());
            assert!(!a.value().trim_start().to_ascii_lowercase().starts_with("javascript:"), "{engine}");
        }
    }
    let titles: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class").is_some_and(|c| c.split(' ').any(|w| w == "node")))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("title")))
        .map(|t| t.text().unwrap_or("").to_string())
        .collect();
    for c in &map.claims {
        assert!(titles.contains(&visible(&c.text).into_owned()), "{engine}: claim `{}`", c.id);
    }
    let a = map.actor(map.actor_id(ACTOR).unwrap());
    assert!(titles.contains(&visible(a.display_name()).into_owned()), "{engine}: {titles:#?}");
    let root_title = doc.root_element().descendants().find(|n| n.has_tag_name("title")).and_then(|t| t.text());
    // The document's title shows the map's title (line breaks may stay as written).
    assert!(root_title.is_some_and(|t| visible(t).contains(visible(&h("title")).as_ref())), "{engine}: {root_title:?}");
}

#[test]
fn builtin_svg_is_inert_and_shows_every_text() {
    for l in loaded() {
        let map = l.map.unwrap();
        for actor in [false, true] {
            let (svg, _) = render::render(&scene(&map, actor), Output::Svg, Engine::Builtin).unwrap();
            check_svg(&map, &svg, "builtin");
        }
    }
}

// ---------------------------------------------------------------------------
// Stance heat maps and tables

#[test]
fn stance_outputs_parse_back() {
    for l in loaded() {
        let map = l.map.unwrap();
        let m = Matrix::build(&map, None, None);
        let agreement = Agreement::compute(&m);
        let pairs = stances::pair_list(&agreement, 1);
        let row = m.row_of(map.actor_id(ACTOR).unwrap()).unwrap();
        let ranked = stances::rank_like(&m, row, 1);
        for (what, svg) in [
            ("matrix", stances::matrix_svg(&m)),
            ("agreement", stances::agreement_svg(&m, &agreement, 1)),
            ("like", stances::like_svg(&m, row, &ranked)),
        ] {
            let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
            assert_no_raw_controls(what, &svg, &['\n', '\t']);
            let text: String = doc.descendants().filter_map(|n| n.text()).collect();
            let name = map.actor(map.actor_id(ACTOR).unwrap()).display_name();
            assert!(text.contains("plain") || text.contains(name), "{what}: {text:?}");
            assert!(!doc.descendants().any(|n| n.has_tag_name("script")), "{what}");
        }
        for (what, text) in [
            ("matrix", stances::matrix_json(&m)),
            ("pairs", stances::pairs_json(&m, &pairs, 1)),
            ("like", stances::like_json(&m, row, &ranked, 1)),
        ] {
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
            assert!(v.to_string().contains(ACTOR), "{what}");
        }
    }
}

// ---------------------------------------------------------------------------
// The terminal

/// Human output (without colour) carries no escape sequence, bell, carriage
/// return or bidirectional control from the map: a map cannot clear the
/// screen, set the window title or reorder what the terminal shows.
#[test]
fn human_output_cannot_drive_the_terminal() {
    for loaded in [loaded(), vec![invalid()]] {
        let report = report(loaded);
        let mut out = Vec::new();
        Human { color: false, quiet: Default::default() }.write(&report, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_no_raw_controls("human output", &out, &['\n', '\t']);
        if report.maps[0].is_valid() {
            // The texts are still there, their controls as pictures.
            assert!(out.contains("[via] q\"uote"), "{out}");
            assert!(out.contains("esc\u{241B}[31m"), "{out}");
        }
    }
}

/// Found by these tests: an actor name with a noncharacter (U+FFFE, U+FFFF,
/// which XML forbids) made the stance heat maps ill-formed.
#[test]
fn stance_svg_of_a_noncharacter_is_xml() {
    let text =
        r#"{"claims": {"a": {"text": "A."}}, "actors": {"x": {"name": "bad\uffff\ufffe name", "affirms": ["a"]}}}"#;
    let map = load_str("nonchar.json", text, Format::Json).into_map().unwrap();
    let m = Matrix::build(&map, None, None);
    let agreement = Agreement::compute(&m);
    for svg in [stances::matrix_svg(&m), stances::agreement_svg(&m, &agreement, 1), stances::like_svg(&m, 0, &[])] {
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
        let text: String = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(text.contains("bad\u{FFFD}\u{FFFD} name"), "{text:?}");
    }
}

/// Every command's human output, through the command line: a hostile file
/// name (ESC sequences, BEL, CR, C1, a right-to-left override), hostile
/// claim kinds, texts and actor names, and a hostile argument in an error
/// line. Nothing raw reaches standard output or standard error.
#[test]
fn every_command_keeps_the_terminal_safe() {
    const BIN: &str = env!("CARGO_BIN_EXE_elenchus");
    const EVIL: &str = "evil\u{1b}]0;title\u{7}\u{1b}[2J\rcr\u{202E}rlo\u{85}c1";
    let dir = common::scratch("output-safety", "commands");
    let map = dir.join(format!("{EVIL}.json"));
    std::fs::write(&map, serde_json::to_string_pretty(&hostile_map()).unwrap()).unwrap();
    // Enough claims with hostile texts for the stances table to number its
    // columns and list the claims' texts, and for render to give its hint.
    let mut big = hostile_map();
    for i in 0..320 {
        big["claims"][format!("k{i}")] = json!({ "text": h("many"), "kind": h("kind") });
        big["actors"]["plain"]["affirms"].as_array_mut().unwrap().push(json!(format!("k{i}")));
    }
    let big_map = dir.join(format!("big {EVIL}.json"));
    std::fs::write(&big_map, serde_json::to_string_pretty(&big).unwrap()).unwrap();
    let (m, b) = (map.to_str().unwrap(), big_map.to_str().unwrap());
    let missing = dir.join(format!("missing {EVIL}.toml"));
    let runs: Vec<Vec<&str>> = vec![
        vec!["validate", m],
        vec!["check", m],
        vec!["stats", m],
        vec!["stances", m],
        vec!["stances", b],
        vec!["stances", m, "--like", ACTOR],
        vec!["stances", m, "--agreement"],
        vec!["render", b, "--format", "dot"],
        vec!["stances", m, "--actors", "nobody"],
        vec!["stats", missing.to_str().unwrap()],
        vec!["explain", EVIL],
    ];
    for args in runs {
        let out = std::process::Command::new(BIN).args(&args).env_remove("NO_COLOR").output().unwrap();
        let what = format!("{:?}", &args[..1]);
        let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
        assert_no_raw_controls(&format!("{what} stdout"), &stdout, &['\n', '\t']);
        assert_no_raw_controls(&format!("{what} stderr"), &stderr, &['\n', '\t']);
        assert!(!stdout.is_empty() || !stderr.is_empty(), "{what}: some output");
    }
    // The texts are still there, as pictures.
    let out = std::process::Command::new(BIN).args(["stats", m]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("[kind] q\"uote"));
    let out = std::process::Command::new(BIN).args(["stats", missing.to_str().unwrap()]).output().unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("error: cannot read"));
}
