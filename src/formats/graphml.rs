//! GraphML out (<http://graphml.graphdrawing.org/xmlns>): a map as a typed
//! graph for Gephi, yEd, Cytoscape and Neo4j (`apoc.import.graphml`).
//!
//! GraphML edges join two nodes, and the tools above read neither
//! hyperedges nor nested graphs nor edges that end on edges. So:
//!
//! - every claim and every actor is a node;
//! - a relation is one edge from its premise to its target claim, unless it
//!   has linked premises or is the target of an undercut: then it is a node
//!   of its own (`element` = `relation`), with a `premise` edge from each
//!   premise (`index` gives the order) and a `conclusion` edge to its target;
//! - an undercut ends on the node of the relation it undercuts;
//! - a stance is an edge from the actor to the claim.
//!
//! Every node's first data is `labels` (`:Claim`, `:Actor`, `:Relation`) and
//! every edge's first data is `label` (the relation type, the stance's
//! position, `premise`), under the key ids that `apoc.import.graphml` reads
//! with `readLabels: true` as node labels and relationship types. Gephi and
//! yEd show `label`. Lists (tags, aliases, reasons, absent actors) are JSON
//! arrays in a string. Keys are declared only when some element uses them,
//! in a fixed order; elements come in the map's order: the output is a
//! function of the map. The conventions and what is lost are in
//! docs/interop.md, "GraphML".

use std::fmt::Write as _;

use crate::model::{ArgMap, Origin, Relation, Target};
use crate::render::text::xml_escape_into;

/// The GraphML namespace.
pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// What a key is declared for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    Graph,
    Node,
    Edge,
}

impl Domain {
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Graph => "graph",
            Domain::Node => "node",
            Domain::Edge => "edge",
        }
    }
}

/// A data key: its id in the file, what it is for, its `attr.name` and `attr.type`.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub id: &'static str,
    pub domain: Domain,
    pub name: &'static str,
    pub ty: &'static str,
}

const fn key(id: &'static str, domain: Domain, name: &'static str, ty: &'static str) -> Key {
    Key { id, domain, name, ty }
}

use Domain::{Edge as E, Graph as G, Node as N};

/// Every key, in the order they are declared. `labels` (nodes) and `label`
/// (edges) keep those ids, which `apoc.import.graphml` looks for.
pub const KEYS: &[Key] = &[
    key("g_title", G, "title", "string"),
    key("g_source", G, "source", "string"),
    key("g_description", G, "description", "string"),
    key("g_url", G, "url", "string"),
    key("labels", N, "labels", "string"),
    key("n_label", N, "label", "string"),
    key("n_element", N, "element", "string"),
    key("n_id", N, "id", "string"),
    key("n_text", N, "text", "string"),
    key("n_name", N, "name", "string"),
    key("n_kind", N, "kind", "string"),
    key("n_tags", N, "tags", "string"),
    key("n_aliases", N, "aliases", "string"),
    key("n_description", N, "description", "string"),
    key("n_source", N, "source", "string"),
    key("n_quote", N, "quote", "string"),
    key("n_url", N, "url", "string"),
    key("n_note", N, "note", "string"),
    key("n_absent", N, "absent", "string"),
    key("n_relation", N, "relation", "string"),
    key("n_origin", N, "origin", "string"),
    key("label", E, "label", "string"),
    key("e_element", E, "element", "string"),
    key("e_id", E, "id", "string"),
    key("e_relation", E, "relation", "string"),
    key("e_position", E, "position", "string"),
    key("e_index", E, "index", "int"),
    key("e_date", E, "date", "string"),
    key("e_time", E, "time", "string"),
    key("e_seq", E, "seq", "int"),
    key("e_source", E, "source", "string"),
    key("e_quote", E, "quote", "string"),
    key("e_via", E, "via", "string"),
    key("e_note", E, "note", "string"),
    key("e_basis", E, "basis", "string"),
    key("e_reasons", E, "reasons", "string"),
    key("e_recorded", E, "recorded", "string"),
    key("e_correction", E, "correction", "string"),
    key("e_origin", E, "origin", "string"),
];

/// The GraphML node id of claim `id`, actor `id` and relation `r`: each kind
/// has its own prefix, so that a claim and an actor may share an id.
pub fn claim_node(id: &str) -> String {
    format!("c:{id}")
}
pub fn actor_node(id: &str) -> String {
    format!("a:{id}")
}
pub fn relation_node(r: usize) -> String {
    format!("r:{r}")
}

/// Data of one element: (index in [`KEYS`], value).
type Data = Vec<(usize, String)>;

struct Node {
    id: String,
    data: Data,
}

struct Edge {
    id: String,
    source: String,
    target: String,
    undirected: bool,
    data: Data,
}

/// Collects data for one element, checking that each key exists for its domain.
struct DataBuilder {
    domain: Domain,
    data: Data,
}

impl DataBuilder {
    fn new(domain: Domain) -> Self {
        DataBuilder { domain, data: Vec::new() }
    }
    fn put(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        let k = KEYS
            .iter()
            .position(|k| k.domain == self.domain && k.name == name)
            .unwrap_or_else(|| panic!("no GraphML key {name} for {}", self.domain.as_str()));
        self.data.push((k, value.into()));
        self
    }
    fn opt(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.put(name, v);
        }
        self
    }
    fn list<'a>(&mut self, name: &str, items: impl IntoIterator<Item = &'a str>) -> &mut Self {
        let items: Vec<&str> = items.into_iter().collect();
        if !items.is_empty() {
            self.put(name, serde_json::to_string(&items).unwrap_or_default());
        }
        self
    }
    fn take(&mut self) -> Data {
        std::mem::take(&mut self.data)
    }
}

fn origin_str(o: Origin) -> &'static str {
    match o {
        Origin::Shorthand => "shorthand",
        Origin::Long => "long",
        Origin::Reason => "reason",
    }
}

/// The GraphML document of a map (UTF-8, ending in a line break).
pub fn write(map: &ArgMap) -> String {
    let claim_id = |c: u32| map.claims[c as usize].id.as_str();
    let mut graph = DataBuilder::new(G);
    graph
        .opt("title", map.meta.title.as_deref())
        .opt("source", map.meta.source.as_deref())
        .opt("description", map.meta.description.as_deref())
        .opt("url", map.meta.url.as_deref());
    let graph = graph.take();

    let mut nodes: Vec<Node> = Vec::new();
    let mut d = DataBuilder::new(N);
    for c in &map.claims {
        d.put("labels", ":Claim")
            .put("label", c.text.as_str())
            .put("element", "claim")
            .put("id", c.id.as_str())
            .put("text", c.text.as_str())
            .opt("kind", c.kind.as_deref())
            .list("tags", c.tags.iter().map(String::as_str))
            .opt("source", c.source.as_deref())
            .opt("quote", c.quote.as_deref())
            .opt("url", c.url.as_deref())
            .opt("note", c.note.as_deref())
            .list("absent", c.absent.iter().map(|&a| map.actors[a as usize].id.as_str()));
        nodes.push(Node { id: claim_node(&c.id), data: d.take() });
    }
    for a in &map.actors {
        d.put("labels", ":Actor")
            .put("label", a.display_name())
            .put("element", "actor")
            .put("id", a.id.as_str())
            .opt("name", a.name.as_deref())
            .opt("kind", a.kind.as_deref())
            .list("aliases", a.aliases.iter().map(String::as_str))
            .opt("description", a.description.as_deref());
        nodes.push(Node { id: actor_node(&a.id), data: d.take() });
    }

    // Relations that need a node: linked ones and those undercut.
    let mut reified = vec![false; map.relations.len()];
    for rel in &map.relations {
        if let Target::Relation(t) = rel.to {
            reified[t as usize] = true;
        }
    }
    for (r, rel) in map.relations.iter().enumerate() {
        reified[r] |= rel.is_linked();
    }
    let target_node = |t: Target| match t {
        Target::Claim(c) => claim_node(claim_id(c)),
        Target::Relation(r) => relation_node(r as usize),
    };

    let mut edges: Vec<Edge> = Vec::new();
    let mut e = DataBuilder::new(E);
    for (r, rel) in map.relations.iter().enumerate() {
        let undirected = rel.kind.is_symmetric();
        if !reified[r] {
            relation_data(&mut e, rel);
            edges.push(Edge {
                id: format!("r{r}"),
                source: claim_node(claim_id(rel.from)),
                target: target_node(rel.to),
                undirected,
                data: e.take(),
            });
            continue;
        }
        relation_data(d.put("labels", ":Relation"), rel);
        nodes.push(Node { id: relation_node(r), data: d.take() });
        for (i, &p) in rel.premises().iter().enumerate() {
            e.put("label", "premise").put("element", "premise").put("index", i.to_string());
            edges.push(Edge {
                id: format!("r{r}.p{i}"),
                source: claim_node(claim_id(p)),
                target: relation_node(r),
                undirected: false,
                data: e.take(),
            });
        }
        e.put("label", rel.kind.as_str()).put("element", "conclusion").put("relation", rel.kind.as_str());
        edges.push(Edge {
            id: format!("r{r}.c"),
            source: relation_node(r),
            target: target_node(rel.to),
            undirected,
            data: e.take(),
        });
    }
    for (s, st) in map.stances.iter().enumerate() {
        let date = st.date.map(|d| d.to_string());
        let time = st.time.map(|t| t.to_string());
        e.put("label", st.position.as_str())
            .put("element", "stance")
            .put("position", st.position.as_str())
            .opt("date", date.as_deref())
            .opt("time", time.as_deref());
        if let Some(n) = st.seq {
            e.put("seq", n.to_string());
        }
        e.opt("source", st.source.as_deref())
            .opt("quote", st.quote.as_deref())
            .opt("via", st.via.as_deref())
            .opt("note", st.note.as_deref())
            .put("basis", st.basis.as_str())
            .list("reasons", st.reasons.iter().map(|&c| claim_id(c)));
        if let Some(rec) = &st.recorded {
            e.put("recorded", rec.position.as_str()).opt("correction", rec.correction.as_deref());
        }
        e.put("origin", origin_str(st.origin));
        edges.push(Edge {
            id: format!("s{s}"),
            source: actor_node(&map.actors[st.actor as usize].id),
            target: claim_node(claim_id(st.claim)),
            undirected: false,
            data: e.take(),
        });
    }

    // Declare the keys used.
    let mut used = vec![false; KEYS.len()];
    let data = nodes.iter().map(|n| &n.data).chain(edges.iter().map(|e| &e.data));
    for (k, _) in graph.iter().chain(data.flatten()) {
        used[*k] = true;
    }

    let mut out = String::with_capacity(1024 + 256 * (nodes.len() + edges.len()));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<graphml xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd\">"
    );
    for (_, key) in KEYS.iter().enumerate().filter(|&(k, _)| used[k]) {
        let _ = writeln!(
            out,
            "  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            key.id,
            key.domain.as_str(),
            key.name,
            key.ty
        );
    }
    out.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    write_data(&mut out, "    ", &graph);
    for n in &nodes {
        out.push_str("    <node id=\"");
        xml_escape_into(&mut out, &n.id);
        out.push_str("\">\n");
        write_data(&mut out, "      ", &n.data);
        out.push_str("    </node>\n");
    }
    for ed in &edges {
        out.push_str("    <edge id=\"");
        xml_escape_into(&mut out, &ed.id);
        out.push_str("\" source=\"");
        xml_escape_into(&mut out, &ed.source);
        out.push_str("\" target=\"");
        xml_escape_into(&mut out, &ed.target);
        out.push('"');
        if ed.undirected {
            out.push_str(" directed=\"false\"");
        }
        out.push_str(">\n");
        write_data(&mut out, "      ", &ed.data);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// The data of a relation, as an edge or as a node.
fn relation_data(b: &mut DataBuilder, rel: &Relation) {
    b.put("label", rel.kind.as_str())
        .put("element", "relation")
        .opt("id", rel.id.as_deref())
        .put("relation", rel.kind.as_str())
        .opt("note", rel.note.as_deref())
        .opt("source", rel.source.as_deref())
        .put("origin", origin_str(rel.origin));
}

fn write_data(out: &mut String, indent: &str, data: &Data) {
    for (k, v) in data {
        out.push_str(indent);
        out.push_str("<data key=\"");
        out.push_str(KEYS[*k].id);
        out.push_str("\">");
        xml_escape_into(out, v);
        out.push_str("</data>\n");
    }
}
