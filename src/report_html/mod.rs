//! The interactive HTML report (`elenchus report MAP -o report.html`): one
//! self-contained file with the map drawn (by the layout engines of
//! [`crate::render`]), the map's data as one inline JSON document, and the
//! hand-written script and style sheet of `assets/` that make it a reader:
//! pan and zoom, search, a side panel per claim, the findings of the checks,
//! filters by actor and rule, the acceptability status of each claim, the
//! stances matrix and agreement heat map, deep links (`#claim=ID`,
//! `#actor=ID`, `#finding=N`).
//!
//! Nothing is loaded from the network. The output depends only on the map
//! and the options (and on the Graphviz version, when it draws).
//!
//! ```no_run
//! use elenchus::report_html::{self, Options};
//! let map = elenchus::load_file("maps/cambodia-russia.toml".as_ref())?.into_map()?;
//! let graph = elenchus::ClaimGraph::build(&map);
//! let report = report_html::build(&graph, &Options::default())?;
//! std::fs::write("report.html", report.html)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::check::{CheckConfig, Finding};
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::model::*;
use crate::render::text::{xml_escape, xml_unescape};
use crate::render::{self, EdgeRole, Engine, EngineUsed, Role, Scene, Tension};
use crate::semantics::framework::{MapFramework, Support};
use crate::stances::{Agreement, Matrix, Order};

const CSS: &str = include_str!("assets/report.css");
const JS: &str = include_str!("assets/report.js");

/// The version of the inline JSON document (`<script id="elenchus-data">`).
pub const DATA_VERSION: u32 = 1;

/// What the report holds and how it is drawn.
#[derive(Clone, Debug)]
pub struct Options {
    /// The layout engine of the drawing.
    pub engine: Engine,
    /// Give each claim its grounded acceptability status, under this reading
    /// of `supports`; none with `None`.
    pub status: Option<Support>,
    /// The configuration of the checks (default: the map's own `[checks]`
    /// and `[[acknowledged]]`, as `elenchus check` reads them).
    pub checks: CheckConfig,
}

impl Default for Options {
    fn default() -> Self {
        Options { engine: Engine::Auto, status: Some(Support::default()), checks: CheckConfig::default() }
    }
}

/// A report: the HTML text and the engine that drew the map.
#[derive(Clone, Debug)]
pub struct Report {
    pub html: String,
    pub engine: EngineUsed,
    /// The number of findings in the report.
    pub findings: usize,
}

#[derive(Serialize)]
struct Data<'a> {
    version: u32,
    title: Option<&'a str>,
    file: &'a str,
    description: Option<&'a str>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    engine: &'static str,
    claims: Vec<ClaimData<'a>>,
    relations: Vec<RelationData<'a>>,
    actors: Vec<ActorData<'a>>,
    stances: Vec<StanceData<'a>>,
    findings: Vec<FindingData<'a>>,
    /// The edges of the drawing, by their `data-e` index.
    edges: Vec<EdgeData>,
    status: Option<StatusData>,
    matrix: MatrixData,
}

#[derive(Serialize)]
struct ClaimData<'a> {
    id: &'a str,
    text: &'a str,
    kind: Option<&'a str>,
    tags: &'a [String],
    source: Option<&'a str>,
    quote: Option<&'a str>,
    url: Option<&'a str>,
    note: Option<&'a str>,
    line: usize,
    /// `in`, `out` or `undecided` (with `status`).
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct RelationData<'a> {
    id: Option<&'a str>,
    kind: &'static str,
    /// The premises (claim ids).
    from: Vec<&'a str>,
    /// The claim it points at, or
    to: Option<&'a str>,
    /// the relation it undercuts, as a label.
    to_relation: Option<String>,
    line: usize,
}

#[derive(Serialize)]
struct ActorData<'a> {
    id: &'a str,
    name: &'a str,
    kind: Option<&'a str>,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct StanceData<'a> {
    actor: &'a str,
    claim: &'a str,
    position: &'static str,
    date: Option<String>,
    source: Option<&'a str>,
    quote: Option<&'a str>,
    via: Option<&'a str>,
    note: Option<&'a str>,
    basis: &'static str,
    /// The actor's current stance on the claim (the one the checks read).
    current: bool,
    line: usize,
}

#[derive(Serialize)]
struct FindingData<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    /// The edges of the drawing that show its chain.
    edges: Vec<u32>,
    /// The byte range in the map file of each of its locations.
    spans: Vec<[usize; 2]>,
}

#[derive(Serialize)]
struct EdgeData {
    from: String,
    to: String,
    /// A relation kind, a position (a stance), or `tension`.
    kind: &'static str,
}

#[derive(Serialize)]
struct StatusData {
    semantics: &'static str,
    support: &'static str,
}

/// The actor-by-claim matrix, rows sorted by similarity, and the agreement
/// of every pair of rows.
#[derive(Serialize)]
struct MatrixData {
    actors: Vec<String>,
    claims: Vec<String>,
    /// One string per row, one digit per column: 0 none, 1 affirms, 2
    /// denies, 3 abstains, 4 absent.
    cells: Vec<String>,
    /// For row `i`, `[agreements, shared]` with rows `i..n`.
    agreement: Vec<Vec<[u32; 2]>>,
}

fn line(map: &ArgMap, span: crate::source::Span) -> usize {
    map.file.line_col(span.start).line
}

/// The grounded label of each claim, under the `supports` reading given.
fn grounded(graph: &ClaimGraph<'_>, support: Support) -> Result<render::Status, Error> {
    let fw = MapFramework::build(graph, support)?;
    let labels = crate::semantics::solve::grounded(fw.af());
    let claims = (0..graph.map.claims.len() as ClaimIdx).map(|c| labels[fw.arg_of_claim(c) as usize]).collect();
    Ok(render::Status { labels: claims, what: format!("grounded; supports: {support}") })
}

/// Whether each stance is its actor's current stance on its claim: one
/// pass over each claim's stances.
fn current_flags(graph: &ClaimGraph<'_>) -> Vec<bool> {
    let map = graph.map;
    let mut current = vec![false; map.stances.len()];
    let mut by_actor: Vec<(ActorIdx, StanceIdx)> = Vec::new();
    for c in 0..map.claims.len() as ClaimIdx {
        by_actor.clear();
        by_actor.extend(graph.claim_stances(c).map(|(i, s)| (s.actor, i)));
        by_actor.sort_unstable();
        for run in by_actor.chunk_by(|a, b| a.0 == b.0) {
            if let Some((i, _)) = current_stance(run.iter().map(|&(_, i)| (i, map.stance(i)))) {
                current[i as usize] = true;
            }
        }
    }
    current
}

fn matrix_data(map: &ArgMap) -> MatrixData {
    let mut m = Matrix::build(map, None, None);
    m.sort(Order::Similarity);
    let agreement = Agreement::compute(&m);
    let n = m.rows();
    MatrixData {
        actors: m.actors.iter().map(|&a| map.actor(a).id.clone()).collect(),
        claims: m.claims.iter().map(|&c| map.claim(c).id.clone()).collect(),
        cells: (0..n).map(|r| (0..m.cols()).map(|c| char::from(b'0' + m.code(r, c))).collect()).collect(),
        agreement: (0..n)
            .map(|i| {
                (i..n)
                    .map(|j| {
                        let p = agreement.get(i, j);
                        [p.agreements, p.shared]
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Build the report of a map.
pub fn build(graph: &ClaimGraph<'_>, opts: &Options) -> Result<Report, Error> {
    let map = graph.map;
    let findings = crate::check::check(graph, &opts.checks);
    let status = match opts.status {
        Some(s) => Some(grounded(graph, s)?),
        None => None,
    };

    // The tensions to draw, each with the finding it comes from.
    let mut tensions: Vec<Tension> = Vec::new();
    let mut tension_finding: Vec<usize> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if let Some(t) = render::tensions_of(map, std::slice::from_ref(f)).pop() {
            tensions.push(t);
            tension_finding.push(i);
        }
    }
    let ropts = render::Options { status: status.clone(), ..render::Options::default() };
    let mut scene = Scene::build(graph, &ropts, &tensions)?;
    // The report names each finding beside the drawing: tension connectors
    // go unlabelled, which keeps the layout of a map with many findings
    // about as compact as the map itself.
    for e in &mut scene.edges {
        if matches!(e.role, EdgeRole::Tension(_)) {
            e.label = None;
        }
    }

    // Which finding each tension edge draws: tension edges come last, in
    // the order of the tensions, one per step of a chain between two
    // distinct drawn claims.
    let edge_finding = tension_edges(&scene, &tensions, &tension_finding);
    let (svg, engine) = draw(&scene, opts.engine)?;
    let svg = annotate(&svg, &scene, &edge_finding, matches!(engine, EngineUsed::Graphviz(_)));

    let mut finding_edges: Vec<Vec<u32>> = vec![Vec::new(); findings.len()];
    for (e, f) in edge_finding.iter().enumerate() {
        if let Some(f) = f {
            finding_edges[*f].push(e as u32);
        }
    }
    let current = current_flags(graph);
    let data = Data {
        version: DATA_VERSION,
        title: map.meta.title.as_deref(),
        file: &map.file.name,
        description: map.meta.description.as_deref(),
        source: map.meta.source.as_deref(),
        url: map.meta.url.as_deref(),
        engine: match engine {
            EngineUsed::Graphviz(_) => "graphviz",
            _ => "builtin",
        },
        claims: map
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| ClaimData {
                id: &c.id,
                text: &c.text,
                kind: c.kind.as_deref(),
                tags: &c.tags,
                source: c.source.as_deref(),
                quote: c.quote.as_deref(),
                url: c.url.as_deref(),
                note: c.note.as_deref(),
                line: line(map, c.span),
                status: status.as_ref().map(|s| crate::semantics::evaluate::label_name(s.labels[i])),
            })
            .collect(),
        relations: map
            .relations
            .iter()
            .map(|r| RelationData {
                id: r.id.as_deref(),
                kind: r.kind.as_str(),
                from: r.premises().iter().map(|&p| map.claim(p).id.as_str()).collect(),
                to: match r.to {
                    Target::Claim(c) => Some(map.claim(c).id.as_str()),
                    Target::Relation(_) => None,
                },
                to_relation: match r.to {
                    Target::Claim(_) => None,
                    t => Some(map.target_label(t).into_owned()),
                },
                line: line(map, r.span),
            })
            .collect(),
        actors: map
            .actors
            .iter()
            .map(|a| ActorData {
                id: &a.id,
                name: a.display_name(),
                kind: a.kind.as_deref(),
                description: a.description.as_deref(),
            })
            .collect(),
        stances: map
            .stances
            .iter()
            .enumerate()
            .map(|(i, s)| StanceData {
                actor: &map.actor(s.actor).id,
                claim: &map.claim(s.claim).id,
                position: s.position.as_str(),
                date: s.when(),
                source: s.source.as_deref(),
                quote: s.quote.as_deref(),
                via: s.via.as_deref(),
                note: s.note.as_deref(),
                basis: s.basis.as_str(),
                current: current[i],
                line: line(map, s.span),
            })
            .collect(),
        findings: findings
            .iter()
            .zip(finding_edges)
            .map(|(finding, edges)| FindingData {
                finding,
                edges,
                spans: finding.locations.iter().map(|l| [l.span.start, l.span.end]).collect(),
            })
            .collect(),
        edges: scene
            .edges
            .iter()
            .map(|e| EdgeData {
                from: scene.nodes[e.from as usize].name.clone(),
                to: scene.nodes[e.to as usize].name.clone(),
                kind: match e.role {
                    EdgeRole::Relation(_, k) => k.as_str(),
                    EdgeRole::Stance(_, p) => p.as_str(),
                    EdgeRole::Tension(_) => "tension",
                },
            })
            .collect(),
        status: opts.status.map(|s| StatusData { semantics: "grounded", support: s.name() }),
        matrix: matrix_data(map),
    };
    let json = serde_json::to_string(&data).map_err(|e| Error::Usage(format!("cannot write the report data: {e}")))?;
    let html = page(map, &svg, &json);
    Ok(Report { html, engine, findings: findings.len() })
}

/// For each edge of the scene, the finding its tension connector draws.
fn tension_edges(scene: &Scene, tensions: &[Tension], tension_finding: &[usize]) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = vec![None; scene.edges.len()];
    let node_of_claim: HashMap<ClaimIdx, u32> = scene
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n.role {
            Role::Claim(c) => Some((c, i as u32)),
            _ => None,
        })
        .collect();
    let first = scene.edges.iter().position(|e| matches!(e.role, EdgeRole::Tension(_))).unwrap_or(scene.edges.len());
    let mut e = first;
    for (t, &f) in tensions.iter().zip(tension_finding) {
        let nodes: Vec<u32> = t.claims.iter().filter_map(|c| node_of_claim.get(c).copied()).collect();
        for w in nodes.windows(2) {
            if w[0] != w[1] && e < out.len() {
                out[e] = Some(f);
                e += 1;
            }
        }
    }
    out
}

/// The SVG of the scene, without the XML prologue; Graphviz's with each
/// node's `<title>` still its name (for [`annotate`]).
fn draw(scene: &Scene, engine: Engine) -> Result<(String, EngineUsed), Error> {
    let graphviz = |path| render::graphviz_raw_svg(scene).map(|svg| (svg, EngineUsed::Graphviz(path)));
    match engine {
        Engine::Builtin => Ok((render::svg::render(scene), EngineUsed::Builtin)),
        Engine::Graphviz => graphviz(render::find_dot().ok_or(Error::GraphvizMissing)?),
        Engine::Auto => match render::find_dot() {
            None => Ok((render::svg::render(scene), EngineUsed::Builtin)),
            Some(p) => match graphviz(p) {
                Ok(r) => Ok(r),
                Err(e) => Ok((render::svg::render(scene), EngineUsed::BuiltinFallback(e.to_string()))),
            },
        },
    }
}

/// The value of attribute `name` in a start tag.
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let end = tag[i..].find('"')?;
    Some(&tag[i..i + end])
}

/// Tag the drawing for the script: each claim's group gets the id
/// `claim-ID` (Graphviz names its groups `nodeN`), each edge's group
/// `data-e="N"` (its index in the scene) and, for a tension connector,
/// `data-f="N"` (the finding it draws). Edges are known by their end
/// nodes, in order. Graphviz's node titles become the full texts, as
/// `render` writes them. The XML prologue goes: the SVG is inline in HTML.
fn annotate(svg: &str, scene: &Scene, edge_finding: &[Option<usize>], graphviz: bool) -> String {
    let mut by_ends: HashMap<(String, String), std::collections::VecDeque<usize>> = HashMap::new();
    for (i, e) in scene.edges.iter().enumerate() {
        let key = (scene.nodes[e.from as usize].name.clone(), scene.nodes[e.to as usize].name.clone());
        by_ends.entry(key).or_default().push_back(i);
    }
    let claims: std::collections::HashSet<&str> =
        scene.nodes.iter().filter(|n| matches!(n.role, Role::Claim(_))).map(|n| n.name.as_str()).collect();
    let start = svg.find("<svg").unwrap_or(0);
    let svg = &svg[start..];
    let mut out = String::with_capacity(svg.len() + scene.edges.len() * 16);
    let mut rest = svg;
    while let Some(i) = rest.find("<g ") {
        let Some(close) = rest[i..].find('>') else { break };
        let tag = &rest[i..i + close + 1];
        out.push_str(&rest[..i]);
        rest = &rest[i + close + 1..];
        let class = attr(tag, "class").unwrap_or("");
        let is_edge = class == "edge" || class.starts_with("edge ");
        let is_node = graphviz && (class == "node" || class.starts_with("node "));
        let title = rest
            .trim_start()
            .strip_prefix("<title>")
            .and_then(|b| b.find("</title>").map(|e| xml_unescape(&b[..e])))
            .unwrap_or_default();
        if is_node && claims.contains(title.as_str()) {
            let id = attr(tag, "id").unwrap_or("");
            out.push_str(&tag.replacen(&format!("id=\"{id}\""), &format!("id=\"claim-{}\"", xml_escape(&title)), 1));
            continue;
        }
        if is_edge {
            let ends = if graphviz {
                title.split_once("->")
            } else {
                title.rsplit_once(" (").and_then(|(t, _)| t.split_once(" \u{2192} "))
            };
            let key = ends.map(|(a, b)| (a.to_string(), b.to_string()));
            if let Some(e) = key.and_then(|k| by_ends.get_mut(&k)).and_then(|q| q.pop_front()) {
                out.push_str("<g data-e=\"");
                out.push_str(&e.to_string());
                if let Some(f) = edge_finding.get(e).copied().flatten() {
                    out.push_str("\" data-f=\"");
                    out.push_str(&f.to_string());
                }
                out.push('"');
                out.push_str(&tag[2..]);
                continue;
            }
        }
        out.push_str(tag);
    }
    out.push_str(rest);
    if graphviz { render::svg::retitle_graphviz(&out, scene) } else { out }
}

/// Text for a `<script type="application/json">`: `<` written as `\u003c`,
/// so that nothing in the data can close the element.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

fn page(map: &ArgMap, svg: &str, json: &str) -> String {
    let title = map.meta.title.as_deref().unwrap_or(&map.file.name);
    let title = xml_escape(title);
    let mut html = String::with_capacity(svg.len() + json.len() + CSS.len() + JS.len() + 8192);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"generator\" content=\"elenchus report\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    html.push_str(&format!("<title>{title} \u{2014} elenchus report</title>\n<style>\n"));
    html.push_str(CSS);
    html.push_str("</style>\n</head>\n<body>\n");
    let body = BODY.replace("{{TITLE}}", &title);
    let (before, after) = body.split_once("{{SVG}}").unwrap_or((&body, ""));
    html.push_str(before);
    html.push_str(svg.trim_end());
    html.push_str(after);
    html.push_str("<script type=\"application/json\" id=\"elenchus-data\">");
    html.push_str(&script_json(json));
    html.push_str("</script>\n<script>\n");
    html.push_str(JS);
    html.push_str("</script>\n</body>\n</html>\n");
    html
}

const BODY: &str = include_str!("assets/body.html");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let s = script_json(r#"{"t":"</script><!--"}"#);
        assert!(!s.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["t"], "</script><!--");
    }

    #[test]
    fn attributes_are_read_from_a_start_tag() {
        let tag = r#"<g id="node3" class="node claim fact">"#;
        assert_eq!(attr(tag, "id"), Some("node3"));
        assert_eq!(attr(tag, "class"), Some("node claim fact"));
        assert_eq!(attr(tag, "style"), None);
    }
}
