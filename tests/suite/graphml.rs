//! GraphML out: the file read back with an XML parser (`roxmltree`) is the
//! same graph as the map (every claim, relation with its type and ends,
//! actor and stance, with their attributes), its keys are the ones its data
//! use, hostile texts are escaped, and the command line writes the same.
//! The reading back here is independent of the writer: it follows the
//! conventions of docs/interop.md, "GraphML".

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{run, run_in, scratch};
use elenchus::formats::graphml;
use elenchus::model::{ArgMap, Target};
use elenchus::{Format, load_str};
use proptest::prelude::*;

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

/// A GraphML file as read: keys by id (for, attr.name, attr.type), graph
/// data, nodes and edges with their data by `attr.name`.
/// An element's data by `attr.name`.
type Data = BTreeMap<String, String>;

#[derive(Debug, Default)]
struct Doc {
    keys: BTreeMap<String, (String, String, String)>,
    graph: BTreeMap<String, String>,
    /// (id, data), in file order.
    nodes: Vec<(String, BTreeMap<String, String>)>,
    /// (id, source, target, directed, data), in file order.
    edges: Vec<(String, String, String, bool, Data)>,
    /// The key ids used by data, with the element kind each was used on.
    used: BTreeSet<(String, String)>,
    /// The key of the first data of each node and edge.
    first: Vec<(String, String)>,
}

fn parse(text: &str) -> Doc {
    let opts = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let xml = roxmltree::Document::parse_with_options(text, opts).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    let mut doc = Doc::default();
    let el = |n: &roxmltree::Node| n.is_element();
    let data = |n: roxmltree::Node, what: &str, doc: &mut Doc| -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        for d in n.children().filter(el) {
            if what == "graph" && d.tag_name().name() != "data" {
                continue;
            }
            assert_eq!(d.tag_name().name(), "data", "only data in a {what}");
            assert_eq!(d.tag_name().namespace(), Some(NS));
            let key = d.attribute("key").expect("data has a key").to_string();
            let (domain, name, ty) = doc.keys.get(&key).unwrap_or_else(|| panic!("undeclared key {key}")).clone();
            assert_eq!(domain, what, "key {key} is for {domain}, used on a {what}");
            let value = d.text().unwrap_or("").to_string();
            if ty == "int" {
                value.parse::<i64>().unwrap_or_else(|_| panic!("{key}: {value:?} is not an int"));
            }
            if m.is_empty() && what != "graph" {
                doc.first.push((what.to_string(), key.clone()));
            }
            doc.used.insert((key, what.to_string()));
            assert!(m.insert(name.clone(), value).is_none(), "{name} twice on one {what}");
        }
        m
    };
    let mut graphs = 0;
    for child in root.children().filter(el) {
        match child.tag_name().name() {
            "key" => {
                assert!(graphs == 0, "keys come before the graph");
                let id = child.attribute("id").unwrap().to_string();
                let entry = (
                    child.attribute("for").unwrap().to_string(),
                    child.attribute("attr.name").unwrap().to_string(),
                    child.attribute("attr.type").unwrap().to_string(),
                );
                assert!(["string", "int"].contains(&entry.2.as_str()));
                assert!(doc.keys.insert(id.clone(), entry).is_none(), "key {id} declared twice");
            }
            "graph" => {
                graphs += 1;
                assert_eq!(child.attribute("edgedefault"), Some("directed"));
                doc.graph = data(child, "graph", &mut doc);
                let mut ids = BTreeSet::new();
                for n in child.children().filter(el).filter(|n| n.tag_name().name() != "data") {
                    let id = n.attribute("id").expect("element id").to_string();
                    assert!(ids.insert(id.clone()), "id {id} twice");
                    match n.tag_name().name() {
                        "node" => {
                            let d = data(n, "node", &mut doc);
                            doc.nodes.push((id, d));
                        }
                        "edge" => {
                            let directed = n.attribute("directed") != Some("false");
                            let (s, t) = (n.attribute("source").unwrap(), n.attribute("target").unwrap());
                            let d = data(n, "edge", &mut doc);
                            doc.edges.push((id, s.to_string(), t.to_string(), directed, d));
                        }
                        other => panic!("unexpected <{other}>"),
                    }
                }
            }
            other => panic!("unexpected <{other}>"),
        }
    }
    assert_eq!(graphs, 1);
    doc
}

/// Every declared key is used, on elements of its domain, and every used key declared.
fn check_keys(doc: &Doc) {
    let declared: BTreeSet<(String, String)> = doc.keys.iter().map(|(id, (d, _, _))| (id.clone(), d.clone())).collect();
    assert_eq!(declared, doc.used, "declared keys and used keys differ");
    // apoc.import.graphml reads node labels from key `labels` and relationship
    // types from key `label`, first in each element.
    for (what, key) in &doc.first {
        assert_eq!(key, if what == "node" { "labels" } else { "label" });
    }
    // Edges end on nodes.
    let nodes: BTreeSet<&str> = doc.nodes.iter().map(|(id, _)| id.as_str()).collect();
    for (id, s, t, _, _) in &doc.edges {
        assert!(nodes.contains(s.as_str()) && nodes.contains(t.as_str()), "edge {id} ends outside: {s} {t}");
    }
}

/// What a map holds, in a form that compares: one string per claim, actor,
/// relation and stance.
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    meta: Vec<Option<String>>,
    claims: Vec<String>,
    actors: Vec<String>,
    relations: Vec<String>,
    stances: Vec<String>,
}

fn list(items: Vec<String>) -> Option<String> {
    (!items.is_empty()).then(|| serde_json::to_string(&items).unwrap())
}

/// The map's own summary, computed from the model.
fn of_map(m: &ArgMap) -> Summary {
    fn rel_of(m: &ArgMap, r: usize) -> String {
        let rel = &m.relations[r];
        let premises: Vec<&str> = rel.premises().iter().map(|&p| m.claims[p as usize].id.as_str()).collect();
        let to = match rel.to {
            Target::Claim(c) => m.claims[c as usize].id.clone(),
            Target::Relation(t) => format!("({})", rel_of(m, t as usize)),
        };
        format!("{} {} {to}", premises.join("+"), rel.kind)
    }
    let actor = |a: u32| m.actors[a as usize].id.clone();
    let claim = |c: u32| m.claims[c as usize].id.clone();
    Summary {
        meta: vec![m.meta.title.clone(), m.meta.source.clone(), m.meta.description.clone(), m.meta.url.clone()],
        claims: m
            .claims
            .iter()
            .map(|c| {
                format!(
                    "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                    c.id,
                    c.text,
                    c.kind,
                    list(c.tags.clone()),
                    c.source,
                    c.quote,
                    c.url,
                    c.note,
                    list(c.absent.iter().map(|&a| actor(a)).collect())
                )
            })
            .collect(),
        actors: m
            .actors
            .iter()
            .map(|a| format!("{} {:?} {:?} {:?} {:?}", a.id, a.name, a.kind, list(a.aliases.clone()), a.description))
            .collect(),
        relations: (0..m.relations.len())
            .map(|r| {
                let x = &m.relations[r];
                format!(
                    "{} | {:?} {:?} {:?} {}",
                    rel_of(m, r),
                    x.id,
                    x.note,
                    x.source,
                    format!("{:?}", x.origin).to_lowercase()
                )
            })
            .collect(),
        stances: m
            .stances
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {:?} {:?} {:?} {}",
                    actor(s.actor),
                    s.position,
                    claim(s.claim),
                    s.date.map(|d| d.to_string()),
                    s.time.map(|t| t.to_string()),
                    s.seq.map(|n| n.to_string()),
                    s.source,
                    s.quote,
                    s.via,
                    s.note,
                    s.basis,
                    list(s.reasons.iter().map(|&c| claim(c)).collect()),
                    s.recorded.as_ref().map(|r| r.position.to_string()),
                    s.recorded.as_ref().and_then(|r| r.correction.clone()),
                    format!("{:?}", s.origin).to_lowercase()
                )
            })
            .collect(),
    }
}

/// The summary of a GraphML document, read by the documented conventions.
fn of_graphml(doc: &Doc) -> Summary {
    let get = |d: &BTreeMap<String, String>, k: &str| d.get(k).cloned();
    let node: BTreeMap<&str, &BTreeMap<String, String>> = doc.nodes.iter().map(|(id, d)| (id.as_str(), d)).collect();
    let element = |d: &BTreeMap<String, String>| d["element"].clone();
    let labels = |d: &BTreeMap<String, String>| d["labels"].clone();
    // Relation nodes: premises (by index) and conclusion from their edges.
    let mut premises: BTreeMap<&str, BTreeMap<i64, String>> = BTreeMap::new();
    let mut conclusion: BTreeMap<&str, (String, String, bool)> = BTreeMap::new();
    let claim_id = |n: &str| {
        let d = node[n];
        assert_eq!(element(d), "claim");
        assert_eq!(n, format!("c:{}", d["id"]));
        d["id"].clone()
    };
    for (_, s, t, directed, d) in &doc.edges {
        match d["element"].as_str() {
            "premise" => {
                assert_eq!(d["label"], "premise");
                let i: i64 = d["index"].parse().unwrap();
                assert!(premises.entry(t.as_str()).or_default().insert(i, claim_id(s)).is_none());
            }
            "conclusion" => {
                assert_eq!(d["label"], d["relation"]);
                assert!(conclusion.insert(s.as_str(), (t.clone(), d["relation"].clone(), *directed)).is_none());
            }
            _ => {}
        }
    }
    // A relation's text: premises, type, target (a relation node's text in parentheses).
    fn text_of(
        n: &str,
        node: &BTreeMap<&str, &Data>,
        premises: &BTreeMap<&str, BTreeMap<i64, String>>,
        conclusion: &BTreeMap<&str, (String, String, bool)>,
    ) -> String {
        let d = node[n];
        assert_eq!(d["element"], "relation");
        assert_eq!(d["labels"], ":Relation");
        let ps = &premises[n];
        assert!(ps.keys().copied().eq(0..ps.len() as i64), "premise indices 0..n");
        let (t, kind, directed) = &conclusion[n];
        assert_eq!(&d["relation"], kind);
        assert_eq!(*directed, kind != "contradicts");
        let ps: Vec<&str> = ps.values().map(String::as_str).collect();
        format!("{} {kind} {}", ps.join("+"), target_text(t, node, premises, conclusion))
    }
    fn target_text(
        t: &str,
        node: &BTreeMap<&str, &Data>,
        premises: &BTreeMap<&str, BTreeMap<i64, String>>,
        conclusion: &BTreeMap<&str, (String, String, bool)>,
    ) -> String {
        let d = node[t];
        match d["element"].as_str() {
            "claim" => d["id"].clone(),
            "relation" => format!("({})", text_of(t, node, premises, conclusion)),
            other => panic!("a relation ends on a {other}"),
        }
    }
    let relation_line = |text: &str, d: &Data| {
        format!("{text} | {:?} {:?} {:?} {}", get(d, "id"), get(d, "note"), get(d, "source"), d["origin"])
    };
    let mut meta = vec![None; 4];
    for (i, k) in ["title", "source", "description", "url"].iter().enumerate() {
        meta[i] = get(&doc.graph, k);
    }
    let mut claims = Vec::new();
    let mut actors = Vec::new();
    // Relations in the map's order: edge `rN` or node `r:N`.
    let mut relations: BTreeMap<usize, String> = BTreeMap::new();
    for (id, d) in &doc.nodes {
        match element(d).as_str() {
            "claim" => {
                assert_eq!(labels(d), ":Claim");
                assert_eq!(d["label"], d["text"]);
                claims.push(format!(
                    "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                    d["id"],
                    d["text"],
                    get(d, "kind"),
                    get(d, "tags"),
                    get(d, "source"),
                    get(d, "quote"),
                    get(d, "url"),
                    get(d, "note"),
                    get(d, "absent")
                ));
            }
            "actor" => {
                assert_eq!(labels(d), ":Actor");
                assert_eq!(id, &format!("a:{}", d["id"]));
                assert_eq!(&d["label"], d.get("name").unwrap_or(&d["id"]));
                actors.push(format!(
                    "{} {:?} {:?} {:?} {:?}",
                    d["id"],
                    get(d, "name"),
                    get(d, "kind"),
                    get(d, "aliases"),
                    get(d, "description")
                ));
            }
            "relation" => {
                let r: usize = id.strip_prefix("r:").unwrap().parse().unwrap();
                let text = text_of(id, &node, &premises, &conclusion);
                relations.insert(r, relation_line(&text, d));
            }
            other => panic!("node of element {other}"),
        }
    }
    let mut stances = Vec::new();
    for (id, s, t, directed, d) in &doc.edges {
        match d["element"].as_str() {
            "relation" => {
                let r: usize = id.strip_prefix('r').unwrap().parse().unwrap();
                let kind = &d["relation"];
                assert_eq!(&d["label"], kind);
                assert_eq!(*directed, kind != "contradicts");
                let text = format!("{} {kind} {}", claim_id(s), target_text(t, &node, &premises, &conclusion));
                let old = relations.insert(r, relation_line(&text, d));
                assert!(old.is_none());
            }
            "stance" => {
                assert_eq!(d["label"], d["position"]);
                let a = node[s.as_str()];
                assert_eq!(a["element"], "actor");
                stances.push(format!(
                    "{} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {:?} {:?} {:?} {}",
                    a["id"],
                    d["position"],
                    claim_id(t),
                    get(d, "date"),
                    get(d, "time"),
                    get(d, "seq"),
                    get(d, "source"),
                    get(d, "quote"),
                    get(d, "via"),
                    get(d, "note"),
                    d["basis"],
                    get(d, "reasons"),
                    get(d, "recorded"),
                    get(d, "correction"),
                    d["origin"]
                ));
            }
            "premise" | "conclusion" => {}
            other => panic!("edge of element {other}"),
        }
    }
    assert!(relations.keys().copied().eq(0..relations.len()), "relations numbered 0..n");
    Summary { meta, claims, actors, relations: relations.into_values().collect(), stances }
}

/// Write the map, read it back and compare; returns the text.
fn assert_same_graph(m: &ArgMap, what: &str) -> String {
    let text = graphml::write(m);
    let doc = parse(&text);
    check_keys(&doc);
    let back = of_graphml(&doc);
    let want = of_map(m);
    assert_eq!(back.meta, want.meta, "{what}: map");
    assert_eq!(back.claims, want.claims, "{what}: claims");
    assert_eq!(back.actors, want.actors, "{what}: actors");
    assert_eq!(back.relations, want.relations, "{what}: relations");
    assert_eq!(back.stances, want.stances, "{what}: stances");
    // Exactly the map's elements, and a relation node only where needed.
    let needed = m
        .relations
        .iter()
        .enumerate()
        .filter(|(r, rel)| rel.is_linked() || m.relations.iter().any(|x| x.to == Target::Relation(*r as u32)));
    assert_eq!(doc.nodes.len(), m.claims.len() + m.actors.len() + needed.count(), "{what}");
    text
}

fn load(text: &str) -> ArgMap {
    let loaded = load_str("t.toml", text.to_string(), Format::Toml);
    loaded.map.unwrap_or_else(|| panic!("{text}\n{:?}", loaded.diagnostics))
}

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

// ---------------------------------------------------------------- the library

const EVERY_CONSTRUCT: &str = r#"
[map]
title = "Every construct"
source = "S"
description = "D"
url = "https://example.org/m"

[actors.ann]
name = "Ann"
kind = "person"
aliases = ["A.", "Annie"]
description = "Speaker"

[actors.c1]

[claims.c1]
text = "A claim with the id of an actor."
kind = "fact"
tags = ["t1", "two words"]
source = "Src"
quote = "Q"
url = "https://example.org/c1"
note = "N"
absent = ["ann"]
supports = ["c2"]

[claims.c2]
text = "Second."
contradicts = ["c3"]

[claims.c3]
text = "Third."

[claims.c4]
text = "Fourth."

[[relations]]
id = "link"
from = ["c1", "c4"]
to = "c3"
type = "implies"
note = "Jointly."
source = "Book"

[[relations]]
id = "att"
from = "c4"
to = "c2"
type = "attacks"

[[relations]]
id = "u1"
from = "c3"
to = "att"
type = "undercuts"

[[relations]]
from = "c2"
to = "u1"
type = "undercuts"

[[relations]]
from = "c2"
to = "link"
type = "undercuts"

[[stances]]
actor = "ann"
claim = "c1"
position = "affirms"
date = 2024-03-01T10:30:00+01:00
seq = 2
source = "Transcript"
quote = "Yes."
via = "Reporter"
note = "Note."
basis = "reported"
reason = ["c4"]

[[stances]]
actor = "c1"
claim = "c2"
position = "denies"
date = 2024-03-02
recorded = "affirms"
correction = "Said so."

[[stances]]
actor = "c1"
claim = "c3"
position = "abstains"
basis = "inferred"
"#;

#[test]
fn every_construct_is_a_node_or_an_edge_with_its_attributes() {
    let m = load(EVERY_CONSTRUCT);
    let text = assert_same_graph(&m, "every construct");
    let doc = parse(&text);
    // The linked relation and the undercut ones are nodes; the claim and the
    // actor that share the id `c1` are two nodes.
    let ids: Vec<&str> = doc.nodes.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["c:c1", "c:c2", "c:c3", "c:c4", "a:ann", "a:c1", "r:2", "r:3", "r:4"]);
    let edge = |id: &str| doc.edges.iter().find(|e| e.0 == id).unwrap_or_else(|| panic!("no edge {id}"));
    // c1 supports c2: a plain edge labelled with the type.
    let e = edge("r0");
    assert_eq!((e.1.as_str(), e.2.as_str(), e.3), ("c:c1", "c:c2", true));
    assert_eq!(e.4["label"], "supports");
    // contradicts is undirected.
    assert!(!edge("r1").3);
    // The linked relation: two premise edges in order and a conclusion.
    assert_eq!((edge("r2.p0").1.as_str(), edge("r2.p1").1.as_str()), ("c:c1", "c:c4"));
    assert_eq!(edge("r2.c").2, "c:c3");
    assert_eq!(edge("r2.c").4["label"], "implies");
    // The undercut of an undercut ends on the undercut's node; the undercut of the attack on the attack's.
    assert_eq!((edge("r4.c").1.as_str(), edge("r4.c").2.as_str()), ("r:4", "r:3"));
    assert_eq!((edge("r5").2.as_str(), edge("r6").2.as_str()), ("r:4", "r:2"));
    // The stance implied by the reason is an edge too.
    assert_eq!(m.stances.len(), 4);
    let s = edge("s0");
    assert_eq!(
        (s.4["date"].as_str(), s.4["time"].as_str(), s.4["seq"].as_str()),
        ("2024-03-01", "10:30:00+01:00", "2")
    );
    assert_eq!(s.4["reasons"], r#"["c4"]"#);
    let t = doc.keys.iter().find(|(_, (d, n, _))| d == "edge" && n == "seq").unwrap();
    assert_eq!(t.1.2, "int");
    // Graph data.
    assert_eq!(doc.graph["title"], "Every construct");
}

#[test]
fn a_map_with_nothing_but_claims_declares_only_the_keys_it_uses() {
    let m = load("[claims.a]\ntext = \"A.\"\n");
    let text = assert_same_graph(&m, "one claim");
    let doc = parse(&text);
    let names: BTreeSet<&str> = doc.keys.values().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(names, ["element", "id", "label", "labels", "text"].into_iter().collect());
    assert!(doc.edges.is_empty());
}

#[test]
fn hostile_texts_are_escaped_and_read_back() {
    let m = elenchus::load_file(&data("render-hostile.toml")).unwrap().into_map().unwrap();
    let text = graphml::write(&m);
    // Only the characters XML 1.0 cannot hold change (docs/interop.md).
    let doc = parse(&text);
    check_keys(&doc);
    let texts: BTreeMap<&str, &str> = doc
        .nodes
        .iter()
        .filter(|(_, d)| d["element"] == "claim")
        .map(|(_, d)| (d["id"].as_str(), d["text"].as_str()))
        .collect();
    assert_eq!(
        texts["controls"],
        "bell\u{2407} nul\u{2400} esc\u{241B} del\u{2421} c1\u{FFFD} tab\there\nnew line\r\nCRLF"
    );
    for c in &m.claims {
        if c.id != "controls" {
            assert_eq!(texts[c.id.as_str()], c.text, "{}", c.id);
        }
    }
    assert_eq!(doc.graph["title"], m.meta.title.clone().unwrap());
    let mallory = doc.nodes.iter().find(|(id, _)| id == "a:mallory").unwrap();
    assert_eq!(mallory.1["name"], m.actors[0].name.clone().unwrap());
    // With the control characters taken out, the whole map reads back the same.
    let clean = std::fs::read_to_string(data("render-hostile.toml"))
        .unwrap()
        .replace("bell\\u0007 nul\\u0000 esc\\u001B del\\u007F c1\\u0085 ", "");
    assert_same_graph(&load(&clean), "hostile texts");
    // No raw markup from a text reaches the file.
    assert!(!text.contains("<script>") && !text.contains("<![CDATA["));
}

#[test]
fn the_output_is_deterministic() {
    let m = load(EVERY_CONSTRUCT);
    let a = graphml::write(&m);
    let b = graphml::write(&load(EVERY_CONSTRUCT));
    assert_eq!(a, b);
}

fn maps() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    v.sort();
    assert!(v.len() >= 5);
    v
}

#[test]
fn every_map_is_the_same_graph_in_graphml() {
    for path in maps().into_iter().chain([data("example.toml"), data("render-linked.toml")]) {
        let m = elenchus::load_file(&path).unwrap().into_map().unwrap();
        assert_same_graph(&m, &path.display().to_string());
    }
}

// ---------------------------------------------------------------- random maps

#[derive(Debug, Clone)]
struct Spec {
    texts: Vec<String>,
    /// (type, premises, target claim, with id)
    relations: Vec<(usize, Vec<usize>, usize, bool)>,
    /// (claim, relation)
    undercuts: Vec<(usize, usize)>,
    /// (actor, claim, position, date: none / day / day and time, seq)
    stances: Vec<(usize, usize, usize, usize, Option<u8>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let text = prop::sample::select(vec![
        "Plain.",
        "<tag> & \"quotes\" 'single' ]]> --> <!-- x",
        "Émile — ünïcode 😀 ព្រះរាជាណាចក្រ",
        "Line\nbreak\ttab\r\nCRLF  two  spaces ",
        "\u{202E}bidi\u{202C} zero\u{200B}width",
        " ",
    ]);
    (2usize..7).prop_flat_map(move |n| {
        (
            prop::collection::vec(text.clone().prop_map(String::from), n),
            prop::collection::vec((0usize..4, prop::collection::vec(0..n, 1..4), 0..n, any::<bool>()), 0..8),
            prop::collection::vec((0..n, 0usize..16), 0..4),
            prop::collection::vec((0usize..3, 0..n, 0usize..3, 0usize..3, prop::option::of(1u8..4)), 0..6),
        )
            .prop_map(|(texts, relations, undercuts, stances)| Spec { texts, relations, undercuts, stances })
    })
}

impl Spec {
    fn toml(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let mut out = String::from("[map]\ntitle = \"Random <&>\"\n\n");
        for a in 0..3 {
            out.push_str(&format!("[actors.a{a}]\nname = {}\n\n", q(&format!("Actor \"{a}\""))));
        }
        for (i, text) in self.texts.iter().enumerate() {
            out.push_str(&format!("[claims.c{i}]\ntext = {}\n\n", q(text)));
        }
        let kinds = ["supports", "attacks", "contradicts", "implies"];
        let mut seen = BTreeSet::new();
        let mut ids = Vec::new();
        for (r, (k, premises, to, with_id)) in self.relations.iter().enumerate() {
            // Premises in the order drawn (the order is kept), each once.
            let mut once = BTreeSet::new();
            let premises: Vec<usize> = premises.iter().copied().filter(|p| p != to && once.insert(*p)).collect();
            let linked = matches!(kinds[*k], "supports" | "implies");
            if premises.is_empty() || (!linked && premises.len() > 1) || !seen.insert((*k, premises.clone(), *to)) {
                continue;
            }
            let from: Vec<String> = premises.iter().map(|p| q(&format!("c{p}"))).collect();
            let from = if from.len() == 1 { from[0].clone() } else { format!("[{}]", from.join(", ")) };
            let id = if *with_id {
                ids.push(format!("r{r}"));
                format!("id = \"r{r}\"\nnote = \"Note <{r}>\"\n")
            } else {
                String::new()
            };
            out.push_str(&format!("[[relations]]\n{id}from = {from}\nto = \"c{to}\"\ntype = \"{}\"\n\n", kinds[*k]));
        }
        // Undercuts of relations and of earlier undercuts.
        let mut undercut = BTreeSet::new();
        for (u, (c, r)) in self.undercuts.iter().enumerate() {
            if ids.is_empty() {
                break;
            }
            let id = ids[r % ids.len()].clone();
            if undercut.insert((*c, id.clone())) {
                out.push_str(&format!(
                    "[[relations]]\nid = \"u{u}\"\nfrom = \"c{c}\"\nto = \"{id}\"\ntype = \"undercuts\"\n\n"
                ));
                ids.push(format!("u{u}"));
            }
        }
        let positions = ["affirms", "denies", "abstains"];
        for (i, (a, c, p, dated, seq)) in self.stances.iter().enumerate() {
            out.push_str(&format!(
                "[[stances]]\nactor = \"a{a}\"\nclaim = \"c{c}\"\nposition = \"{}\"\n",
                positions[*p]
            ));
            match dated {
                1 => out.push_str(&format!("date = 2022-0{}-0{}\n", p + 1, c % 9 + 1)),
                2 => out.push_str(&format!("date = 2022-01-0{}T1{}:00:00Z\n", c % 9 + 1, i % 10)),
                _ => {}
            }
            if let (Some(n), 1 | 2) = (seq, dated) {
                out.push_str(&format!("seq = {n}\nsource = \"Record & {a}\"\n"));
            }
            if *p == 0 && c + 1 < self.texts.len() {
                out.push_str(&format!("reason = [\"c{}\"]\n", c + 1));
            }
            out.push('\n');
        }
        out
    }
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// A random map (every relation type, linked premises, relation ids,
    /// undercuts of relations and of undercuts, dated and undated stances
    /// with reasons, texts with markup, line breaks and any script) is the
    /// same graph in its GraphML file.
    #[test]
    fn random_maps_are_the_same_graph(spec in spec()) {
        let toml = spec.toml();
        let loaded = load_str("r.toml", toml.clone(), Format::Toml);
        let m = loaded.map.unwrap_or_else(|| panic!("{toml}\n{:?}", loaded.diagnostics));
        assert_same_graph(&m, &toml);
    }
}

// ---------------------------------------------------------------- the command line

#[test]
fn export_graphml_through_the_command_line() {
    let dir = scratch("graphml", "cli");
    std::fs::write(dir.join("m.toml"), EVERY_CONSTRUCT).unwrap();
    let want = graphml::write(&load(EVERY_CONSTRUCT));
    // To a file, and to standard output (also with `-o -`).
    let r = run_in(&dir, &["export", "graphml", "m.toml", "-o", "m.graphml"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("m.graphml")).unwrap(), want);
    for args in [&["export", "graphml", "m.toml"][..], &["export", "graphml", "m.toml", "-o", "-"]] {
        let r = run_in(&dir, args, None);
        assert_eq!((r.code, r.stdout.as_str()), (0, want.as_str()), "{args:?}: {}", r.stderr);
    }
    // Standard input, with its format.
    let r = run(&["export", "graphml", "-", "--input-format", "toml"], EVERY_CONSTRUCT);
    assert_eq!((r.code, r.stdout.as_str()), (0, want.as_str()), "{}", r.stderr);
    // Writing again replaces the file with the same bytes.
    let r = run_in(&dir, &["export", "graphml", "m.toml", "-o", "m.graphml"], None);
    assert_eq!(r.code, 0);
    assert_eq!(std::fs::read_to_string(dir.join("m.graphml")).unwrap(), want);
}

#[test]
fn export_graphml_refuses_to_overwrite_its_input_and_bad_maps() {
    let dir = scratch("graphml", "refuse");
    std::fs::write(dir.join("m.toml"), EVERY_CONSTRUCT).unwrap();
    let r = run_in(&dir, &["export", "graphml", "m.toml", "-o", "m.toml"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("refusing to overwrite the input map"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("m.toml")).unwrap(), EVERY_CONSTRUCT);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("m.toml"), dir.join("link.graphml")).unwrap();
        let r = run_in(&dir, &["export", "graphml", "m.toml", "-o", "link.graphml"], None);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(dir.join("m.toml")).unwrap(), EVERY_CONSTRUCT);
    }
    // A map with an error: its position, a nonzero exit, no file.
    std::fs::write(dir.join("bad.toml"), "[claims.a]\ntext = \"A.\"\nsupports = [\"nothere\"]\n").unwrap();
    let r = run_in(&dir, &["export", "graphml", "bad.toml", "-o", "bad.graphml"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad.toml:3:"), "{}", r.stderr);
    assert!(!dir.join("bad.graphml").exists());
    // A missing map, and a missing directory for the output.
    let r = run_in(&dir, &["export", "graphml", "none.toml"], None);
    assert_ne!(r.code, 0);
    let r = run_in(&dir, &["export", "graphml", "m.toml", "-o", "no/such/dir.graphml"], None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("dir.graphml"), "{}", r.stderr);
}
