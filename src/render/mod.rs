//! Rendering maps to DOT and SVG.
//!
//! A map is first turned into a [`Scene`]: the nodes (claims, actors, the
//! points where undercuts meet relations), edges and clusters to draw, each
//! with its look from [`style`]. The scene is then written as DOT
//! ([`dot::to_dot`], built with graphviz-rust's typed structures and printed
//! into one buffer, in parts on every core for large maps), laid out
//! by Graphviz (`dot -Tsvg`, [`graphviz_svg`]) or by the builtin pure-Rust
//! layered layout ([`svg::render`]). [`render`] picks the engine.
//!
//! ```no_run
//! use elenchus::render::{self, Options, Output, Engine};
//! let map = elenchus::load_file("maps/cambodia-russia.toml".as_ref())?.into_map()?;
//! let graph = elenchus::ClaimGraph::build(&map);
//! let tensions = render::tensions(&graph);
//! let scene = render::Scene::build(&graph, &Options::default(), &tensions)?;
//! let (svg, engine) = render::render(&scene, Output::Svg, Engine::Auto)?;
//! # Ok::<(), elenchus::Error>(())
//! ```

pub mod dot;
pub mod layout;
pub mod legend;
pub mod matrix;
pub mod style;
pub mod svg;
pub mod text;

use std::path::{Path, PathBuf};

use crate::diag::{Level, did_you_mean};
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::model::*;
use style::{EdgeStyle, Outline, Shape};

/// What to draw.
#[derive(Clone, Debug)]
pub struct Options {
    /// Draw tensions (outlines and connectors).
    pub tensions: bool,
    /// Mark each claim with this actor's stance (an actor id).
    pub actor: Option<String>,
    /// Add actor nodes with an edge for each stance.
    pub actors: bool,
    /// Group claims into clusters.
    pub group_by: Option<GroupBy>,
    /// Draw only the neighbourhood of this claim (a claim id).
    pub focus: Option<String>,
    /// How many relations away from the focus claim to go.
    pub depth: usize,
    /// Colour each claim by its label in an evaluation of the map (`--status`).
    pub status: Option<Status>,
    /// Draw only the tensions of these rules (`--rule`, current or former
    /// names); all when empty. With [`Options::actor`], only that actor's
    /// tensions are drawn.
    pub rules: Vec<String>,
    /// Draw at most this many tensions (`--max-tensions`), chosen in the
    /// order of [`tension_order`]; the drawing says what was left out.
    pub max_tensions: Option<usize>,
    /// With [`Options::actors`]: draw the stances as an actor-by-claim
    /// matrix beside the map (`Some(true)`), as one node per actor
    /// (`Some(false)`), or as a matrix when more than [`ACTOR_NODES_MAX`]
    /// actors have stances on drawn claims (`None`).
    pub actors_matrix: Option<bool>,
}

/// `--actors` draws one node per actor up to this many actors, and a stance
/// matrix beyond: a node per actor takes about 120 pixels of width in the
/// builtin engine (193 actors: 22,606 pixels), so 12 actors fill a screen.
pub const ACTOR_NODES_MAX: usize = 12;

impl Default for Options {
    fn default() -> Self {
        Options {
            tensions: true,
            actor: None,
            actors: false,
            group_by: None,
            focus: None,
            depth: 2,
            status: None,
            rules: Vec::new(),
            max_tensions: None,
            actors_matrix: None,
        }
    }
}

/// The label of each claim in an evaluation of the map (in, out,
/// undecided), indexed by claim, and which evaluation it is
/// (`grounded; supports: none`: the legend is titled `Status (...)`, the
/// subtitle says `status: ...`).
#[derive(Clone, Debug)]
pub struct Status {
    pub labels: Vec<crate::semantics::Label>,
    pub what: String,
}

/// How claims are grouped into clusters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// By a claim's first tag.
    Tag,
}

/// A tension to draw: its level, the claims it joins (in chain order) and a
/// short label (the rule, and the actor when there is one). The checks'
/// findings convert to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tension {
    pub level: Level,
    pub claims: Vec<ClaimIdx>,
    pub label: String,
    /// Acknowledged in the map: drawn at note level, labelled as such.
    pub acknowledged: bool,
    /// The rule that found it (`contradiction`).
    pub rule: String,
    /// The actor it concerns (an actor id), if any.
    pub actor: Option<String>,
    /// Where it is in the map file (the byte offset of the finding's first
    /// location; `usize::MAX` when it has none): orders the tensions kept by
    /// `--max-tensions`.
    pub offset: usize,
}

impl Tension {
    /// The level it is drawn at: note when acknowledged.
    pub fn drawn_level(&self) -> Level {
        if self.acknowledged { Level::Note } else { self.level }
    }
}

/// The order in which `--max-tensions` keeps tensions: errors first (then
/// warnings, then notes, acknowledged ones counting as notes), then by rule
/// name, then by position in the map file, then as the checks found them.
pub fn tension_order(a: &Tension, b: &Tension) -> std::cmp::Ordering {
    (a.drawn_level(), &a.rule, a.offset).cmp(&(b.drawn_level(), &b.rule, b.offset))
}

/// The tensions drawn under `opts` (indices into `tensions`, in their
/// order) and, per rule, how many `--max-tensions` left out (by rule name).
/// Fails with a usage error for an unknown `--rule` (with a suggestion).
pub fn select_tensions(
    tensions: &[Tension],
    opts: &Options,
) -> Result<(Vec<usize>, std::collections::BTreeMap<String, usize>), Error> {
    let mut rules: Vec<&str> = Vec::with_capacity(opts.rules.len());
    let known = crate::check::rule_names();
    for r in &opts.rules {
        let name = match crate::check::renamed(r) {
            Some(new) => new,
            None if known.contains(&r.as_str()) => r.as_str(),
            None => {
                let hint = match crate::check::suggest_rule(r) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => "; `elenchus rules` lists them".into(),
                };
                return Err(Error::Usage(format!("--rule: unknown rule `{r}`{hint}")));
            }
        };
        rules.push(name);
    }
    let mut kept: Vec<usize> = (0..tensions.len())
        .filter(|&i| {
            let t = &tensions[i];
            (rules.is_empty() || rules.contains(&t.rule.as_str()))
                && opts.actor.as_ref().is_none_or(|a| t.actor.as_ref() == Some(a))
        })
        .collect();
    let mut left_out = std::collections::BTreeMap::new();
    if let Some(max) = opts.max_tensions
        && kept.len() > max
    {
        kept.sort_by(|&a, &b| tension_order(&tensions[a], &tensions[b]).then(a.cmp(&b)));
        for &i in &kept[max..] {
            *left_out.entry(tensions[i].rule.clone()).or_insert(0) += 1;
        }
        kept.truncate(max);
        kept.sort_unstable();
    }
    Ok((kept, left_out))
}

/// The width in columns the caption is wrapped to.
pub const CAPTION_WIDTH: usize = 100;

/// The caption for tensions left out: `12 more tensions not drawn: 8
/// unheeded-reason, 4 contradiction; see `elenchus check``, the rules by
/// count (most first), then by name.
pub fn left_out_caption(left_out: &std::collections::BTreeMap<String, usize>) -> Option<String> {
    let total: usize = left_out.values().sum();
    if total == 0 {
        return None;
    }
    let mut by: Vec<(&String, &usize)> = left_out.iter().collect();
    by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = by.iter().map(|(r, n)| format!("{n} {r}")).collect();
    Some(format!(
        "{total} more tension{} not drawn: {}; see `elenchus check`",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

/// The findings of the checks as tensions to draw: each finding that names
/// claims, labelled with its rule and actor.
pub fn tensions_of(map: &ArgMap, findings: &[crate::check::Finding]) -> Vec<Tension> {
    findings
        .iter()
        .filter_map(|f| {
            let claims: Vec<ClaimIdx> = f.claims.iter().filter_map(|id| map.claim_id(id)).collect();
            if claims.is_empty() {
                return None;
            }
            let label = match &f.actor {
                Some(a) => format!("{} ({a})", f.rule),
                None => f.rule.to_string(),
            };
            Some(Tension {
                level: f.level,
                claims,
                label,
                acknowledged: f.acknowledged.is_some(),
                rule: f.rule.to_string(),
                actor: f.actor.clone(),
                offset: f.location().map_or(usize::MAX, |l| l.span.start),
            })
        })
        .collect()
}

/// Run the checks (with the map's own `[checks]` and `[[acknowledged]]`, as
/// `elenchus check` does by default) and return their findings as tensions.
pub fn tensions(graph: &ClaimGraph<'_>) -> Vec<Tension> {
    tensions_of(graph.map, &crate::check::check(graph, &crate::check::CheckConfig::default()))
}

/// Maps with more claims than this get a hint to use `--focus`.
pub const LARGE_MAP: usize = 300;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Dot,
    Svg,
    /// PNG, made by Graphviz (`dot -Tpng`): see [`render_bytes`].
    Png,
    /// PDF, made by Graphviz (`dot -Tpdf`): see [`render_bytes`].
    Pdf,
}

impl Output {
    /// The format implied by a file name's extension: `.dot`/`.gv`, `.svg`,
    /// `.png` or `.pdf`.
    pub fn from_path(path: &Path) -> Option<Output> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "dot" | "gv" => Some(Output::Dot),
            "svg" => Some(Output::Svg),
            "png" => Some(Output::Png),
            "pdf" => Some(Output::Pdf),
            _ => None,
        }
    }

    /// Whether the output is binary (PNG, PDF) rather than text.
    pub fn is_binary(self) -> bool {
        matches!(self, Output::Png | Output::Pdf)
    }

    fn name(self) -> &'static str {
        match self {
            Output::Dot => "dot",
            Output::Svg => "svg",
            Output::Png => "png",
            Output::Pdf => "pdf",
        }
    }
}

/// How to make PNG or PDF without elenchus calling Graphviz: draw DOT and
/// convert it where Graphviz is installed.
pub fn binary_recipe(output: Output) -> String {
    let f = output.name();
    format!("elenchus render MAP --format dot | dot -T{f} -o map.{f}")
}

/// Which layout engine draws SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz when `dot` is on the PATH, else the builtin engine.
    Auto,
    /// Graphviz's `dot`.
    Graphviz,
    /// The builtin pure-Rust layered layout.
    Builtin,
}

/// The engine that produced an output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineUsed {
    /// DOT text needs no layout.
    None,
    /// Graphviz, at this path.
    Graphviz(PathBuf),
    Builtin,
    /// The builtin engine, because Graphviz failed (the message says why).
    BuiltinFallback(String),
}

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Claim(ClaimIdx),
    Actor(ActorIdx),
    /// The point on a relation where undercuts meet it.
    Joint(RelIdx),
}

/// A node to draw.
#[derive(Clone, Debug)]
pub struct SceneNode {
    /// The DOT node name: the claim id, `actor:ID`, `rel:ID` or `rel#INDEX`.
    pub name: String,
    pub role: Role,
    pub shape: Shape,
    /// A stance mark shown above the text (`--actor`), e.g. `✔ affirms`.
    pub mark: Option<String>,
    /// The text as drawn: wrapped, at most [`text::MAX_LINES`] lines (the
    /// last one ending with `…` when the text is cut).
    pub lines: Vec<String>,
    /// Small text under the text: the id (and the kind when it has no shape,
    /// cut to [`text::MAX_LABEL`] columns).
    pub footer: Option<String>,
    /// The full text, for the SVG `<title>` (a tooltip).
    pub title: String,
    pub fill: &'static str,
    pub font_color: &'static str,
    pub outline: Outline,
    /// Space-separated classes for the SVG (`claim principle`, `actor`).
    pub class: &'static str,
    pub cluster: Option<u32>,
}

/// What an edge stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeRole {
    Relation(RelIdx, RelationKind),
    Stance(StanceIdx, Position),
    Tension(Level),
}

/// An edge to draw, between two nodes of the scene.
#[derive(Clone, Debug)]
pub struct SceneEdge {
    pub from: u32,
    pub to: u32,
    pub role: EdgeRole,
    pub style: EdgeStyle,
    /// The label as drawn (cut to [`text::MAX_LABEL`] columns).
    pub label: Option<String>,
    /// Whether the edge takes part in ranking (tension connectors do not).
    pub constraint: bool,
}

/// A cluster of nodes (`--group-by tag`).
#[derive(Clone, Debug)]
pub struct Cluster {
    /// The full name (the tag): the writers cut it for drawing and keep it
    /// whole in the builtin SVG's `<title>`.
    pub label: String,
}

/// One entry of the legend.
#[derive(Clone, Debug)]
pub struct LegendItem {
    pub text: String,
    pub fill: &'static str,
    pub outline: Outline,
}

/// The legend of the options: claim labels (`--status`) and stance marks
/// (`--actor`). The drawings carry it within the legend of everything they
/// use ([`legend::of`]).
#[derive(Clone, Debug)]
pub struct Legend {
    pub title: String,
    pub items: Vec<LegendItem>,
}

/// Everything to draw, independent of the output format.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub title: Option<String>,
    /// A second title line (focus, actor).
    pub subtitle: Option<String>,
    pub nodes: Vec<SceneNode>,
    pub edges: Vec<SceneEdge>,
    pub clusters: Vec<Cluster>,
    pub legend: Option<Legend>,
    /// Number of claims in the map (drawn or not).
    pub map_claims: usize,
    /// Tensions `--max-tensions` left out, per rule (by name).
    pub tensions_left_out: std::collections::BTreeMap<String, usize>,
    /// A line under the heading saying what was left out
    /// ([`left_out_caption`]).
    pub caption: Option<String>,
    /// The caption as drawn: wrapped to [`CAPTION_WIDTH`] columns.
    pub caption_lines: Vec<String>,
    /// The stances of the actors as a matrix beside the map (`--actors`
    /// with many actors), instead of actor nodes.
    pub matrix: Option<matrix::StanceMatrix>,
}

/// An unknown id given on the command line, with a suggestion.
fn unknown(what: &str, flag: &str, id: &str, candidates: impl IntoIterator<Item = impl AsRef<str>>) -> Error {
    let names: Vec<_> = candidates.into_iter().map(|c| c.as_ref().to_string()).collect();
    let mut msg = format!("{flag}: the map has no {what} `{id}`");
    match did_you_mean(id, names.iter().map(String::as_str)) {
        Some(s) => msg.push_str(&format!("; did you mean `{s}`?")),
        None if names.is_empty() => msg.push_str(&format!(" (it has no {what}s)")),
        None if names.len() <= 8 => {
            msg.push_str(&format!("; it has {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")))
        }
        None => {}
    }
    Error::Usage(msg)
}

/// The small text under a node's text: its id, and the kind when there is
/// one to show (cut for drawing: the id is at most 200 bytes, the kind any length).
fn footer(id: &str, kind: Option<&str>) -> String {
    let mut footer = id.to_string();
    if let Some(k) = kind {
        footer.push_str(" \u{00B7} ");
        footer.push_str(&text::clip(k, text::MAX_LABEL));
    }
    footer
}

/// Name the evaluation in the subtitle (`status: grounded; supports: none`).
fn subtitle_status(scene: &mut Scene, what: &str) {
    let line = format!("status: {what}");
    scene.subtitle = Some(match scene.subtitle.take() {
        Some(s) => format!("{s}; {line}"),
        None => line,
    });
}

fn stance_text(s: &Stance) -> String {
    let mut t = format!("{} {}", style::stance_symbol(s.position), s.position);
    if let Some(d) = s.when() {
        t.push_str(&format!(" ({d})"));
    }
    t
}

impl Scene {
    /// Build the scene of a map. Fails with a usage error when `--actor` or
    /// `--focus` names no actor or claim of the map.
    pub fn build(graph: &ClaimGraph<'_>, opts: &Options, tensions: &[Tension]) -> Result<Scene, Error> {
        let map = graph.map;
        let n = map.claims.len();
        let actor = match &opts.actor {
            Some(id) => Some(
                map.actor_id(id).ok_or_else(|| unknown("actor", "--actor", id, map.actors.iter().map(|a| &a.id)))?,
            ),
            None => None,
        };
        let focus = match &opts.focus {
            Some(id) => Some(
                map.claim_id(id).ok_or_else(|| unknown("claim", "--focus", id, map.claims.iter().map(|c| &c.id)))?,
            ),
            None => None,
        };

        let (kept, left_out) = select_tensions(tensions, opts)?;
        let all = kept.len() == tensions.len();
        let selected: Vec<Tension>;
        let tensions: &[Tension] = if all {
            tensions
        } else {
            selected = kept.iter().map(|&i| tensions[i].clone()).collect();
            &selected
        };

        let visible = match focus {
            Some(f) => neighbourhood(graph, f, opts.depth),
            None => vec![true; n],
        };
        let rel_visible = relation_visibility(map, &visible);
        // A joint on each relation an undercut meets, and on each relation
        // with linked premises (the junction the premises join).
        let mut jointed: Vec<bool> = map.relations.iter().map(Relation::is_linked).collect();
        for (i, r) in map.relations.iter().enumerate() {
            if let Target::Relation(t) = r.to
                && rel_visible[i]
            {
                jointed[t as usize] = true;
            }
        }

        // The most severe level of a tension each claim is part of.
        let mut level: Vec<Option<Level>> = vec![None; n];
        if opts.tensions {
            for t in tensions {
                let l = t.drawn_level();
                for &c in &t.claims {
                    if let Some(slot) = level.get_mut(c as usize) {
                        *slot = Some(slot.map_or(l, |o| o.min(l)));
                    }
                }
            }
        }

        let mut scene = Scene { title: map.meta.title.clone(), map_claims: n, ..Scene::default() };
        if opts.tensions {
            scene.caption = left_out_caption(&left_out);
            scene.caption_lines = scene
                .caption
                .as_deref()
                .map_or_else(Vec::new, |c| text::wrap_clipped(c, CAPTION_WIDTH, text::MAX_LINES));
            scene.tensions_left_out = left_out;
        }
        let mut subtitle = Vec::new();
        if let Some(f) = focus {
            subtitle.push(format!(
                "neighbourhood of {} within {} relation{}",
                map.claim(f).id,
                opts.depth,
                if opts.depth == 1 { "" } else { "s" }
            ));
        }
        if let Some(a) = actor {
            subtitle.push(format!("stances of {}", map.actor(a).display_name()));
        }
        if !subtitle.is_empty() {
            scene.subtitle = Some(subtitle.join("; "));
        }

        // Clusters by first tag, in order of first appearance.
        let mut cluster_of: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();

        // Claim nodes.
        let mut node_of_claim: Vec<u32> = vec![u32::MAX; n];
        scene.nodes.reserve(n);
        for (i, c) in map.claims.iter().enumerate() {
            if !visible[i] {
                continue;
            }
            let shape = style::claim_shape(c.kind.as_deref());
            let footer = footer(&c.id, c.kind.as_deref().filter(|k| !k.trim().is_empty() && !style::is_shaped_kind(k)));
            let (mut mark, mut fill) = match actor {
                Some(a) => match current_stance(graph.claim_stances(i as ClaimIdx).filter(|(_, s)| s.actor == a)) {
                    Some((_, s)) => (Some(stance_text(s)), style::stance_fill(s.position)),
                    None => (None, "#FFFFFF"),
                },
                None => (None, "#FFFFFF"),
            };
            if let Some(label) = opts.status.as_ref().and_then(|st| st.labels.get(i)) {
                let word = format!("{} {}", style::status_symbol(*label), style::status_word(*label));
                mark = Some(match mark {
                    Some(m) => format!("{m} \u{00B7} {word}"),
                    None => word,
                });
                fill = style::status_fill(*label);
            }
            let outline = level[i].map_or(Outline::PLAIN, Outline::level);
            let cluster = match opts.group_by {
                Some(GroupBy::Tag) => c.tags.first().map(|t| {
                    let next = cluster_of.len() as u32;
                    *cluster_of.entry(t.as_str()).or_insert_with(|| {
                        scene.clusters.push(Cluster { label: t.clone() });
                        next
                    })
                }),
                None => None,
            };
            let class = match shape {
                Shape::Hexagon => "claim principle",
                Shape::Rect => "claim fact",
                Shape::Arrow => "claim proposal",
                _ => "claim other",
            };
            node_of_claim[i] = scene.nodes.len() as u32;
            scene.nodes.push(SceneNode {
                name: c.id.clone(),
                role: Role::Claim(i as ClaimIdx),
                shape,
                mark,
                lines: text::wrap_clipped(&c.text, style::WRAP, text::MAX_LINES),
                footer: Some(footer),
                title: text::visible(&c.text).into_owned(),
                fill,
                font_color: style::INK,
                outline,
                class,
                cluster,
            });
        }

        // Joints: where undercuts meet the relations they defeat, and where
        // linked premises join.
        let mut joint_of: Vec<u32> = vec![u32::MAX; map.relations.len()];
        for (r, rel) in map.relations.iter().enumerate() {
            if !(jointed[r] && rel_visible[r]) {
                continue;
            }
            joint_of[r] = scene.nodes.len() as u32;
            let name = match &rel.id {
                Some(id) => format!("rel:{id}"),
                None => format!("rel#{r}"),
            };
            let color = style::relation(rel.kind).color;
            scene.nodes.push(SceneNode {
                name,
                role: Role::Joint(r as RelIdx),
                shape: Shape::Point,
                mark: None,
                lines: Vec::new(),
                footer: None,
                title: text::visible(&map.relation_label(r as RelIdx)).into_owned(),
                fill: color,
                font_color: style::INK,
                outline: Outline { color, width: 1.0, peripheries: 1, dashed: false },
                class: if rel.is_linked() { "joint linked" } else { "joint" },
                cluster: None,
            });
        }

        // Relations.
        let end = |t: Target| match t {
            Target::Claim(c) => node_of_claim[c as usize],
            Target::Relation(r) => joint_of[r as usize],
        };
        for (r, rel) in map.relations.iter().enumerate() {
            if !rel_visible[r] {
                continue;
            }
            let to = end(rel.to);
            let st = style::relation(rel.kind);
            let role = EdgeRole::Relation(r as RelIdx, rel.kind);
            if joint_of[r] != u32::MAX {
                let j = joint_of[r];
                let first = EdgeStyle { head: style::Arrow::None, ..st };
                let second = EdgeStyle { tail: style::Arrow::None, ..st };
                for &p in rel.premises() {
                    let from = node_of_claim[p as usize];
                    scene.edges.push(SceneEdge { from, to: j, role, style: first, label: None, constraint: true });
                }
                scene.edges.push(SceneEdge { from: j, to, role, style: second, label: None, constraint: true });
            } else {
                let from = node_of_claim[rel.from as usize];
                scene.edges.push(SceneEdge { from, to, role, style: st, label: None, constraint: true });
            }
        }

        // Actors and their stances.
        if opts.actors {
            // Each actor with stances on drawn claims: its current stance per claim.
            let mut held: Vec<(ActorIdx, Vec<(ClaimIdx, StanceIdx)>)> = Vec::new();
            for a in 0..map.actors.len() {
                let mut by_claim: Vec<(ClaimIdx, StanceIdx)> = Vec::new();
                for (si, s) in graph.actor_stances(a as ActorIdx) {
                    if visible[s.claim as usize] {
                        by_claim.push((s.claim, si));
                    }
                }
                if by_claim.is_empty() {
                    continue;
                }
                // The current stance per claim: sort by claim, then one per run.
                by_claim.sort_unstable();
                let mut cur = Vec::new();
                let mut i = 0;
                while i < by_claim.len() {
                    let c = by_claim[i].0;
                    let mut j = i;
                    while j < by_claim.len() && by_claim[j].0 == c {
                        j += 1;
                    }
                    if let Some((si, _)) = current_stance(by_claim[i..j].iter().map(|&(_, si)| (si, map.stance(si)))) {
                        cur.push((c, si));
                    }
                    i = j;
                }
                held.push((a as ActorIdx, cur));
            }
            if opts.actors_matrix.unwrap_or(held.len() > ACTOR_NODES_MAX) {
                scene.matrix = Some(stance_matrix(map, &held));
                held.clear();
            }
            for (a, cur) in held {
                let act = map.actor(a);
                let node = scene.nodes.len() as u32;
                scene.nodes.push(SceneNode {
                    name: format!("actor:{}", act.id),
                    role: Role::Actor(a),
                    shape: Shape::Rounded,
                    mark: None,
                    lines: text::wrap_clipped(act.display_name(), style::WRAP, text::MAX_LINES),
                    footer: Some(footer(&act.id, act.kind.as_deref())),
                    title: text::visible(act.display_name()).into_owned(),
                    fill: style::ACTOR_FILL,
                    font_color: "#FFFFFF",
                    outline: Outline { color: style::ACTOR_FILL, width: 1.0, peripheries: 1, dashed: false },
                    class: "actor",
                    cluster: None,
                });
                for (c, si) in cur {
                    let s = map.stance(si);
                    scene.edges.push(SceneEdge {
                        from: node,
                        to: node_of_claim[c as usize],
                        role: EdgeRole::Stance(si, s.position),
                        style: style::stance_edge(s.position),
                        label: Some(stance_text(s)),
                        constraint: true,
                    });
                }
            }
        }

        // Tension connectors.
        if opts.tensions {
            for t in tensions {
                let l = if t.acknowledged { Level::Note } else { t.level };
                let nodes: Vec<u32> = t
                    .claims
                    .iter()
                    .filter_map(|&c| node_of_claim.get(c as usize).copied())
                    .filter(|&x| x != u32::MAX)
                    .collect();
                let full = if t.acknowledged { format!("{} (acknowledged)", t.label) } else { t.label.clone() };
                let mut label = Some(text::clip(&full, text::MAX_LABEL).into_owned());
                for w in nodes.windows(2) {
                    if w[0] == w[1] {
                        continue;
                    }
                    scene.edges.push(SceneEdge {
                        from: w[0],
                        to: w[1],
                        role: EdgeRole::Tension(l),
                        style: style::tension_edge(l),
                        label: label.take(),
                        constraint: false,
                    });
                }
            }
        }

        // The legend of the options (`--status`, `--actor`); [`legend::of`]
        // adds what the drawing uses (shapes, lines, tension outlines).
        let mut items = Vec::new();
        if let Some(st) = &opts.status {
            use crate::semantics::Label;
            for l in [Label::In, Label::Out, Label::Undecided] {
                items.push(LegendItem {
                    text: format!("{} {}", style::status_symbol(l), style::status_legend(l)),
                    fill: style::status_fill(l),
                    outline: Outline::PLAIN,
                });
            }
            subtitle_status(&mut scene, &st.what);
        }
        if actor.is_some() {
            for p in Position::ALL {
                items.push(LegendItem {
                    text: format!("{} {}", style::stance_symbol(p), p),
                    // With --status the fill is the claim's label.
                    fill: if opts.status.is_some() { "#FFFFFF" } else { style::stance_fill(p) },
                    outline: Outline::PLAIN,
                });
            }
            if opts.status.is_none() {
                items.push(LegendItem { text: "no stance".into(), fill: "#FFFFFF", outline: Outline::PLAIN });
            }
        }
        if !items.is_empty() {
            let title = match (actor, &opts.status) {
                (Some(a), _) => format!("Stances of {}", map.actor(a).display_name()),
                (None, Some(st)) => format!("Status ({})", st.what),
                (None, None) => "Legend".into(),
            };
            scene.legend = Some(Legend { title, items });
        }
        Ok(scene)
    }

    /// Whether the map is large enough that a full layout is hard to read.
    pub fn is_large(&self) -> bool {
        self.map_claims > LARGE_MAP
    }

    /// The lines of the graph label: title, subtitle and caption.
    pub fn heading(&self) -> Vec<&str> {
        self.title.iter().chain(self.subtitle.iter()).chain(self.caption_lines.iter()).map(String::as_str).collect()
    }
}

/// The stance matrix of the actors `held` (each with its current stance
/// per claim): the claims any of them takes a stance on, in map order.
fn stance_matrix(map: &ArgMap, held: &[(ActorIdx, Vec<(ClaimIdx, StanceIdx)>)]) -> matrix::StanceMatrix {
    let mut column: Vec<Option<usize>> = vec![None; map.claims.len()];
    for (_, cur) in held {
        for &(c, _) in cur {
            column[c as usize] = Some(0);
        }
    }
    let mut claims = Vec::new();
    for (c, slot) in column.iter_mut().enumerate() {
        if slot.is_some() {
            *slot = Some(claims.len());
            claims.push(map.claim(c as ClaimIdx).id.clone());
        }
    }
    let mut cells = vec![None; held.len() * claims.len()];
    let mut actors = Vec::with_capacity(held.len());
    for (row, (a, cur)) in held.iter().enumerate() {
        let act = map.actor(*a);
        actors.push((act.id.clone(), text::visible(act.display_name()).into_owned()));
        for &(c, si) in cur {
            if let Some(col) = column[c as usize] {
                cells[row * claims.len() + col] = Some(map.stance(si).position);
            }
        }
    }
    matrix::StanceMatrix { actors, claims, cells }
}

/// The claims within `depth` relations of `focus`, in either direction. An
/// undercut counts as a relation to both ends of the relation it defeats.
fn neighbourhood(graph: &ClaimGraph<'_>, focus: ClaimIdx, depth: usize) -> Vec<bool> {
    let map = graph.map;
    let mut seen = vec![false; map.claims.len()];
    seen[focus as usize] = true;
    let mut frontier = vec![focus];
    // The claims at the ends of a relation (following undercut targets). A
    // relation followed once need not be followed again: its claims are all
    // seen by then. So a loop of undercuts is followed once round, and long
    // chains cost linear time in all.
    let mut followed = vec![false; map.relations.len()];
    let mut ends = |r: RelIdx, out: &mut Vec<ClaimIdx>| {
        let mut r = r;
        while !std::mem::replace(&mut followed[r as usize], true) {
            let rel = map.relation(r);
            out.extend_from_slice(rel.premises());
            match rel.to {
                Target::Claim(c) => {
                    out.push(c);
                    break;
                }
                Target::Relation(t) => r = t,
            }
        }
    };
    let mut next = Vec::new();
    let mut near = Vec::new();
    for _ in 0..depth {
        for &c in &frontier {
            near.clear();
            for (ri, r) in graph.outgoing(c) {
                near.extend_from_slice(&r.linked); // the other premises
                match r.to {
                    Target::Claim(t) => near.push(t),
                    Target::Relation(_) => ends(ri, &mut near),
                }
                near.extend(graph.undercuts_of(ri).map(|(_, u)| u.from));
            }
            for (ri, r) in graph.incoming(c) {
                near.extend_from_slice(r.premises());
                near.extend(graph.undercuts_of(ri).map(|(_, u)| u.from));
            }
            for &m in &near {
                if !seen[m as usize] {
                    seen[m as usize] = true;
                    next.push(m);
                }
            }
        }
        std::mem::swap(&mut frontier, &mut next);
        next.clear();
        if frontier.is_empty() {
            break;
        }
    }
    seen
}

/// Which relations are drawn: both ends drawn (an undercut's end is the
/// relation it targets). Iterative, so long undercut chains cost no stack.
fn relation_visibility(map: &ArgMap, claims: &[bool]) -> Vec<bool> {
    const UNKNOWN: u8 = 2;
    // On the chain being followed: met again, it closes a loop.
    const ON_CHAIN: u8 = 3;
    let mut vis = vec![UNKNOWN; map.relations.len()];
    let mut chain = Vec::new();
    for start in 0..map.relations.len() {
        if vis[start] != UNKNOWN {
            continue;
        }
        chain.clear();
        let mut r = start;
        let result = loop {
            chain.push(r);
            vis[r] = ON_CHAIN;
            let rel = &map.relations[r];
            if !rel.premises().iter().all(|&p| claims[p as usize]) {
                break false;
            }
            match rel.to {
                Target::Claim(c) => break claims[c as usize],
                Target::Relation(t) => {
                    let t = t as usize;
                    if vis[t] == ON_CHAIN {
                        break false;
                    }
                    if vis[t] != UNKNOWN {
                        break vis[t] == 1;
                    }
                    r = t;
                }
            }
        };
        // Each relation in the chain is visible when its own `from` is and
        // the rest of the chain is.
        let mut ok = result;
        for &c in chain.iter().rev() {
            ok = ok && map.relations[c].premises().iter().all(|&p| claims[p as usize]);
            vis[c] = u8::from(ok);
        }
    }
    vis.into_iter().map(|v| v == 1).collect()
}

/// Where Graphviz's `dot` is on the PATH, if it is.
pub fn find_dot() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let names: &[&str] = if cfg!(windows) { &["dot.exe", "dot"] } else { &["dot"] };
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if is_executable(&p) {
                return Some(p);
            }
        }
    }
    None
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// Render a scene to DOT or SVG with an engine; returns the text and the
/// engine that ran.
/// PNG and PDF are binary: [`render_bytes`] makes them, and here they are a
/// usage error.
pub fn render(scene: &Scene, output: Output, engine: Engine) -> Result<(String, EngineUsed), Error> {
    if output == Output::Dot {
        return Ok((dot::to_dot(scene), EngineUsed::None));
    }
    if output.is_binary() {
        return Err(Error::Usage(format!(
            "{} output is binary: make it with `render_bytes`",
            output.name().to_ascii_uppercase()
        )));
    }
    match engine {
        Engine::Builtin => Ok((svg::render(scene), EngineUsed::Builtin)),
        Engine::Graphviz => {
            let path = find_dot().ok_or(Error::GraphvizMissing)?;
            Ok((graphviz_svg(scene)?, EngineUsed::Graphviz(path)))
        }
        Engine::Auto => match find_dot() {
            None => Ok((svg::render(scene), EngineUsed::Builtin)),
            Some(path) => match graphviz_svg(scene) {
                Ok(s) => Ok((s, EngineUsed::Graphviz(path))),
                Err(e) => Ok((svg::render(scene), EngineUsed::BuiltinFallback(e.to_string()))),
            },
        },
    }
}

/// Render a scene in any format, as bytes: DOT and SVG as [`render`] makes
/// them; PNG and PDF by Graphviz (`dot -Tpng`, `dot -Tpdf`). For PNG and PDF,
/// `Engine::Builtin` and a missing Graphviz are usage errors that name the
/// recipe of [`binary_recipe`].
pub fn render_bytes(scene: &Scene, output: Output, engine: Engine) -> Result<(Vec<u8>, EngineUsed), Error> {
    if !output.is_binary() {
        return render(scene, output, engine).map(|(text, used)| (text.into_bytes(), used));
    }
    let what = output.name().to_ascii_uppercase();
    let recipe = binary_recipe(output);
    if engine == Engine::Builtin {
        return Err(Error::Usage(format!(
            "the builtin engine draws SVG only: {what} is made by Graphviz (`--engine graphviz` or `auto`); \
             or draw DOT and convert it: `{recipe}`"
        )));
    }
    let missing = || {
        Error::Usage(format!(
            "{what} output needs Graphviz, and `dot` is not on the PATH: install it (`apt-get install graphviz`, \
             `brew install graphviz`), or draw DOT and convert it where Graphviz is: `{recipe}`"
        ))
    };
    let path = find_dot().ok_or_else(missing)?;
    let format = match output {
        Output::Png => graphviz_rust::cmd::Format::Png,
        _ => graphviz_rust::cmd::Format::Pdf,
    };
    let bytes = graphviz_exec(scene, format).map_err(|e| match e {
        Error::GraphvizMissing => missing(),
        e => e,
    })?;
    Ok((bytes, EngineUsed::Graphviz(path)))
}

/// SVG from Graphviz's `dot`, with each node's `<title>` set to its full text.
pub fn graphviz_svg(scene: &Scene) -> Result<String, Error> {
    Ok(svg::retitle_graphviz(&graphviz_raw_svg(scene)?, scene))
}

/// SVG from Graphviz's `dot` as it writes it: each node's `<title>` is its DOT name.
pub fn graphviz_raw_svg(scene: &Scene) -> Result<String, Error> {
    let out = graphviz_exec(scene, graphviz_rust::cmd::Format::Svg)?;
    String::from_utf8(out).map_err(|_| Error::Graphviz("`dot` wrote SVG that is not UTF-8".into()))
}

/// Run Graphviz's `dot` on the scene's DOT, to `format`.
fn graphviz_exec(scene: &Scene, format: graphviz_rust::cmd::Format) -> Result<Vec<u8>, Error> {
    use graphviz_rust::cmd::CommandArg;
    let dot = dot::to_dot(scene);
    graphviz_rust::exec_dot(dot, vec![CommandArg::Format(format)]).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound { Error::GraphvizMissing } else { Error::Graphviz(e.to_string()) }
    })
}
