//! AIF JSON (already parsed, with spans) to the map format's tree.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::{Illocutions, Read, Rephrase, START, Summary};
use crate::diag::{Code, Diagnostic};
use crate::formats::argdown::to_map::Ids;
use crate::formats::argdown::yaml::{Node, NodeKind};
use crate::load::value::{Kind, Value, parse_date_time};
use crate::model::{Position, is_valid_id};
use crate::source::Span;

/// The node types read; any other is left out with a warning.
const TYPES: [&str; 7] = ["I", "RA", "CA", "MA", "L", "YA", "TA"];

/// Scheme names that say nothing more than the node type.
const DEFAULT_SCHEMES: [&str; 6] = ["Default Inference", "Default Conflict", "Default Rephrase", "RA", "CA", "MA"];

/// The RA scheme that stands for `implies`, and the CA scheme for `contradicts`.
pub(crate) const IMPLICATION: &str = "Implication";
pub(crate) const CONTRADICTION: &str = "Contradiction";
/// The prefix of a relation note that keeps an AIF scheme.
pub(crate) const SCHEME_NOTE: &str = "AIF scheme: ";
/// The prefix of the note of a `supports` read from an MA-node (its scheme follows).
pub(crate) const REPHRASE_NOTE: &str = "AIF rephrase: ";
/// The scheme of an MA-node that names none.
pub(crate) const DEFAULT_REPHRASE: &str = "Default Rephrase";
/// The prefix of a reported stance's `source`.
pub(crate) const REPORTED_BY: &str = "reported by ";

struct AifNode {
    id: String,
    ty: String,
    text: Option<String>,
    scheme: Option<String>,
    timestamp: Option<String>,
    span: Span,
}

impl AifNode {
    fn is(&self, ty: &str) -> bool {
        self.ty == ty
    }
    fn is_scheme(&self) -> bool {
        matches!(self.ty.as_str(), "RA" | "CA" | "MA")
    }
    /// The scheme's name: `scheme`, else `text`.
    fn scheme_name(&self) -> &str {
        self.scheme.as_deref().filter(|s| !s.trim().is_empty()).or(self.text.as_deref()).unwrap_or("").trim()
    }
}

/// The items of an array value (a deferred one built item by item).
fn items<'a>(v: &Value<'a>) -> Option<Vec<Value<'a>>> {
    match &v.kind {
        Kind::Array(a) => Some(a.clone()),
        Kind::Deferred(d) if !d.object => Some(d.items.iter().map(|s| d.value(*s)).collect()),
        _ => None,
    }
}

/// The value of `key` in a table value.
fn field<'v, 'a>(v: &'v Value<'a>, key: &str) -> Option<&'v Value<'a>> {
    match &v.kind {
        Kind::Table(e) => e.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
        _ => None,
    }
}

/// A string field; an id may also be a number.
fn text_of(v: &Value<'_>, key: &str) -> Option<String> {
    match &field(v, key)?.kind {
        Kind::String(s) => Some(s.to_string()),
        Kind::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

struct Reader<'t> {
    table: &'t Illocutions,
    warnings: Vec<Diagnostic>,
    summary: Summary,
}

impl Reader<'_> {
    fn warn(&mut self, reason: &'static str, span: Span, message: String, label: &str) {
        *self.summary.skipped.entry(reason).or_default() += 1;
        self.warnings.push(Diagnostic::new(Code::AifInput, message, span, label));
    }
}

fn fatal(code: Code, span: Span, message: &str, label: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::new(code, message, span, label)]
}

/// An array section of the file: absent is empty; not an array is an error.
fn section<'a>(root: &Value<'a>, key: &str) -> Result<Option<Vec<Value<'a>>>, Vec<Diagnostic>> {
    match field(root, key) {
        None => Ok(None),
        Some(v) => items(v).map(Some).ok_or_else(|| {
            fatal(Code::WrongType, v.span, &format!("`{key}` must be an array in an AIF file"), "not an array")
        }),
    }
}

/// A stance read from a YA-node, before merging.
struct RawStance {
    speaker: String,
    claim: usize,
    position: Position,
    /// The L-node it was taken in.
    locution: usize,
    via: String,
    reporter: Option<String>,
    span: Span,
}

/// The map tree of an AIF file.
pub(crate) fn to_tree(root: &Value<'_>, table: &Illocutions) -> Result<Read, Vec<Diagnostic>> {
    if !matches!(root.kind, Kind::Table(_)) {
        return Err(fatal(
            Code::WrongType,
            root.span,
            "an AIF file is a JSON object with `nodes` and `edges`",
            "not an object",
        ));
    }
    let Some(raw_nodes) = section(root, "nodes")? else {
        return Err(fatal(Code::MissingKey, START, "an AIF file needs `nodes`", "no `nodes` in this object"));
    };
    let mut r = Reader { table, warnings: Vec::new(), summary: Summary::default() };
    let raw_edges = match section(root, "edges")? {
        Some(e) => e,
        None => {
            r.warn("no edges", root.span, "an AIF file without `edges`: its nodes are unconnected".into(), "");
            Vec::new()
        }
    };

    // Nodes.
    let mut nodes: Vec<AifNode> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for v in &raw_nodes {
        if !matches!(v.kind, Kind::Table(_)) {
            r.warn("malformed node", v.span, "a node is a JSON object; this one is left out".into(), "not an object");
            continue;
        }
        let Some(id) = text_of(v, "nodeID") else {
            r.warn("node without nodeID", v.span, "a node without a `nodeID` is left out".into(), "no `nodeID`");
            continue;
        };
        let Some(ty) = text_of(v, "type") else {
            r.warn("node without type", v.span, format!("the node `{id}` has no `type`; it is left out"), "no `type`");
            continue;
        };
        let node = AifNode {
            id,
            ty,
            text: text_of(v, "text"),
            scheme: text_of(v, "scheme"),
            timestamp: text_of(v, "timestamp"),
            span: v.span,
        };
        if let Some(&first) = index.get(&node.id) {
            let same = nodes[first].ty == node.ty && nodes[first].text == node.text;
            let message = if same {
                format!("the node `{}` is given twice; it is read once", node.id)
            } else {
                format!("a second node with the id `{}` (of another type or text) is left out", node.id)
            };
            r.warnings.push(
                Diagnostic::new(Code::AifInput, message, node.span, "this node")
                    .with_label(nodes[first].span, "first here"),
            );
            *r.summary.skipped.entry("duplicate node").or_default() += 1;
            continue;
        }
        if !TYPES.contains(&node.ty.as_str()) {
            r.warn(
                "unsupported node type",
                node.span,
                format!(
                    "the node `{}` is of type `{}`, which is not read; it and its edges are left out",
                    node.id, node.ty
                ),
                "type not read",
            );
        }
        *r.summary.nodes.entry(node.ty.clone()).or_default() += 1;
        index.insert(node.id.clone(), nodes.len());
        nodes.push(node);
    }

    // Edges.
    let n = nodes.len();
    let mut ins: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for v in &raw_edges {
        if !matches!(v.kind, Kind::Table(_)) {
            r.warn("malformed edge", v.span, "an edge is a JSON object; this one is left out".into(), "not an object");
            continue;
        }
        let (Some(from), Some(to)) = (text_of(v, "fromID"), text_of(v, "toID")) else {
            r.warn(
                "edge without fromID or toID",
                v.span,
                "an edge needs `fromID` and `toID`; this one is left out".into(),
                "",
            );
            continue;
        };
        let (Some(&a), Some(&b)) = (index.get(&from), index.get(&to)) else {
            let missing = if index.contains_key(&from) { to } else { from };
            r.warn(
                "edge to a missing node",
                v.span,
                format!("this edge names the node `{missing}`, which is not in the file; it is left out"),
                "no such node",
            );
            continue;
        };
        if a == b {
            r.warn("edge from a node to itself", v.span, format!("an edge from `{from}` to itself is left out"), "");
            continue;
        }
        if !TYPES.contains(&nodes[a].ty.as_str()) || !TYPES.contains(&nodes[b].ty.as_str()) {
            continue; // counted with the node
        }
        if !seen.insert((a, b)) {
            r.warn(
                "duplicate edge",
                v.span,
                format!("the edge `{from}` -> `{to}` is given twice; it is read once"),
                "",
            );
            continue;
        }
        r.summary.edges += 1;
        outs[a].push(b);
        ins[b].push(a);
    }

    // Claims.
    let mut ids = Ids::default();
    let mut claim_id: Vec<Option<String>> = vec![None; n];
    let mut claims: Vec<(Cow<'static, str>, Span, Node<'static>)> = Vec::new();
    let id_for = |ids: &mut Ids, raw: &str, prefix: &str| {
        if is_valid_id(raw) {
            ids.take(raw)
        } else {
            let s = crate::import::slug(raw);
            ids.take(&if s.is_empty() { prefix.to_string() } else { format!("{prefix}-{s}") })
        }
    };
    for (i, node) in nodes.iter().enumerate() {
        if !node.is("I") {
            continue;
        }
        let text = node.text.as_deref().unwrap_or("");
        if text.trim().is_empty() {
            r.warn(
                "empty I-node",
                node.span,
                format!("the I-node `{}` has no text; it and what rests on it are left out", node.id),
                "empty proposition",
            );
            continue;
        }
        let id = id_for(&mut ids, &node.id, "i");
        let body = Node::new(
            NodeKind::Map(vec![("text".into(), node.span, Node::str(text.to_string(), node.span))]),
            node.span,
        );
        claims.push((id.clone().into(), node.span, body));
        claim_id[i] = Some(id);
    }

    // Relations: ids of the scheme nodes first (an undercut may point at a later one).
    let mut rel_id: Vec<Option<String>> = vec![None; n];
    for (i, node) in nodes.iter().enumerate() {
        if node.is_scheme() {
            rel_id[i] = Some(id_for(&mut ids, &node.id, "r"));
        }
    }
    let mut made: Vec<bool> = vec![false; n];
    let mut relations: Vec<Node> = Vec::new();
    let mut rel_seen: HashSet<(String, Vec<String>, String)> = HashSet::new();
    let mut push_rel = |r: &mut Reader<'_>,
                        id: Option<String>,
                        kind: &str,
                        from: Vec<String>,
                        to: String,
                        note: Option<String>,
                        span: Span|
     -> bool {
        let mut key_from = from.clone();
        key_from.sort();
        if !rel_seen.insert((kind.to_string(), key_from, to.clone())) {
            r.warn(
                "duplicate relation",
                span,
                format!("the same `{kind}` relation is stated twice; it is read once"),
                "",
            );
            return false;
        }
        let mut e: Vec<(Cow<'static, str>, Span, Node<'static>)> = Vec::new();
        if let Some(id) = id {
            e.push(("id".into(), span, Node::str(id, span)));
        }
        let from = if from.len() == 1 {
            Node::str(from.into_iter().next().unwrap_or_default(), span)
        } else {
            Node::new(NodeKind::Seq(from.into_iter().map(|f| Node::str(f, span)).collect()), span)
        };
        e.push(("from".into(), span, from));
        e.push(("to".into(), span, Node::str(to, span)));
        e.push(("type".into(), span, Node::str(kind.to_string(), span)));
        if let Some(note) = note {
            e.push(("note".into(), span, Node::str(note, span)));
        }
        relations.push(Node::new(NodeKind::Map(e), span));
        true
    };
    // Premises (I-nodes in) and conclusions (out) of a scheme node; anything
    // else is warned about.
    for pass in 0..2 {
        for (i, node) in nodes.iter().enumerate() {
            // Undercuts (CA-nodes on scheme nodes) in the second pass.
            let undercut = node.is("CA") && outs[i].iter().any(|&t| nodes[t].is_scheme());
            if !node.is_scheme() || (pass == 1) != undercut {
                continue;
            }
            let mut premises: Vec<String> = Vec::new();
            for &p in &ins[i] {
                let q = &nodes[p];
                if let Some(c) = claim_id[p].as_ref().filter(|c| q.is("I") && !premises.contains(c)) {
                    premises.push(c.clone());
                }
            }
            let claims_out: Vec<String> =
                outs[i].iter().filter(|&&t| nodes[t].is("I")).filter_map(|&t| claim_id[t].clone()).collect();
            let rels_out: Vec<usize> = outs[i].iter().copied().filter(|&t| nodes[t].is_scheme()).collect();
            let scheme = node.scheme_name();
            let note = (!scheme.is_empty()
                && !DEFAULT_SCHEMES.contains(&scheme)
                && scheme != IMPLICATION
                && scheme != CONTRADICTION)
                .then(|| format!("{SCHEME_NOTE}{scheme}"));
            let id = rel_id[i].clone();
            if premises.is_empty() {
                r.warn(
                    "relation without a premise",
                    node.span,
                    format!("the {}-node `{}` has no proposition leading to it; it is left out", node.ty, node.id),
                    "no premise",
                );
                continue;
            }
            match node.ty.as_str() {
                "RA" | "MA" => {
                    if !rels_out.is_empty() {
                        r.warn(
                            "relation on a relation",
                            node.span,
                            format!("the {}-node `{}` points at a relation node: only an undercut (CA) can in a map; that edge is left out", node.ty, node.id),
                            "",
                        );
                    }
                    let Some(to) = claims_out.first().cloned() else {
                        r.warn(
                            "relation without a conclusion",
                            node.span,
                            format!("the {}-node `{}` leads to no proposition; it is left out", node.ty, node.id),
                            "no conclusion",
                        );
                        continue;
                    };
                    if claims_out.len() > 1 {
                        r.warn(
                            "relation with several conclusions",
                            node.span,
                            format!(
                                "the {}-node `{}` leads to {} propositions; only the first, `{to}`, is read",
                                node.ty,
                                node.id,
                                claims_out.len()
                            ),
                            "",
                        );
                    }
                    let before = premises.len();
                    premises.retain(|p| *p != to);
                    if premises.len() < before {
                        r.warn(
                            "relation to itself",
                            node.span,
                            format!(
                                "the {}-node `{}` leads from `{to}` to itself; that premise is left out",
                                node.ty, node.id
                            ),
                            "",
                        );
                        if premises.is_empty() {
                            continue;
                        }
                    }
                    if node.is("RA") {
                        let kind = if scheme == IMPLICATION { "implies" } else { "supports" };
                        made[i] = push_rel(&mut r, id, kind, premises, to, note, node.span);
                    } else {
                        // A rephrase, from each premise; the first carries the id.
                        let one_way = r.table.rephrase() == Rephrase::Supports;
                        let note = match one_way {
                            true => Some(format!(
                                "{REPHRASE_NOTE}{}",
                                if scheme.is_empty() { DEFAULT_REPHRASE } else { scheme }
                            )),
                            false => note,
                        };
                        for (k, p) in premises.into_iter().enumerate() {
                            let rid = match k {
                                0 => id.clone(),
                                _ => Some(ids.take(&format!("{}-2", id.as_deref().unwrap_or("r")))),
                            };
                            let kind = if one_way { "supports" } else { "implies" };
                            let ok = push_rel(&mut r, rid, kind, vec![p.clone()], to.clone(), note.clone(), node.span);
                            made[i] |= ok;
                            if !one_way {
                                // Each way an implication.
                                push_rel(&mut r, None, "implies", vec![to.clone()], p, None, node.span);
                            }
                        }
                    }
                }
                _ => {
                    // CA: each attacker against each target; the first carries the id.
                    if claims_out.is_empty() && rels_out.is_empty() {
                        r.warn(
                            "relation without a conclusion",
                            node.span,
                            format!("the CA-node `{}` attacks nothing; it is left out", node.id),
                            "no target",
                        );
                        continue;
                    }
                    let kind = if scheme == CONTRADICTION { "contradicts" } else { "attacks" };
                    let mut targets: Vec<(String, &str)> = claims_out.iter().map(|c| (c.clone(), kind)).collect();
                    for &t in &rels_out {
                        match (&rel_id[t], made[t]) {
                            (Some(rid), true) => targets.push((rid.clone(), "undercuts")),
                            _ => r.warn(
                                "undercut of a left-out relation",
                                node.span,
                                format!("the CA-node `{}` attacks the {}-node `{}`, which is left out; that edge is left out", node.id, nodes[t].ty, nodes[t].id),
                                "",
                            ),
                        }
                    }
                    let mut first = true;
                    for p in &premises {
                        for (t, kind) in &targets {
                            if p == t {
                                r.warn(
                                    "relation to itself",
                                    node.span,
                                    format!(
                                        "the CA-node `{}` attacks `{t}` with itself; that edge is left out",
                                        node.id
                                    ),
                                    "",
                                );
                                continue;
                            }
                            let rid = if first {
                                id.clone()
                            } else {
                                Some(ids.take(&format!("{}-2", id.as_deref().unwrap_or("r"))))
                            };
                            if push_rel(&mut r, rid, kind, vec![p.clone()], t.clone(), note.clone(), node.span) {
                                first = false;
                                made[i] = true;
                            }
                        }
                    }
                }
            }
        }
    }

    // Speakers.
    let mut person: HashMap<String, String> = HashMap::new();
    let mut actor_names: Vec<(String, Span)> = Vec::new();
    for v in section(root, "participants")?.unwrap_or_default() {
        let Some(pid) = text_of(&v, "participantID") else {
            r.warn(
                "participant without participantID",
                v.span,
                "a participant without a `participantID` is left out".into(),
                "",
            );
            continue;
        };
        let name: Vec<String> =
            ["firstname", "surname"].iter().filter_map(|k| text_of(&v, k)).filter(|s| !s.trim().is_empty()).collect();
        if name.is_empty() {
            r.warn(
                "participant without a name",
                v.span,
                format!("the participant `{pid}` has no name; it is left out"),
                "",
            );
            continue;
        }
        let name = name.join(" ").trim().to_string();
        if !actor_names.iter().any(|(a, _)| *a == name) {
            actor_names.push((name.clone(), v.span));
        }
        person.insert(pid, name);
    }
    // L-node -> (speaker, start time).
    let mut loc: HashMap<usize, (Option<String>, Option<String>)> = HashMap::new();
    for v in section(root, "locutions")?.unwrap_or_default() {
        let Some(&l) = text_of(&v, "nodeID").and_then(|id| index.get(&id)) else {
            r.warn(
                "locution of a missing node",
                v.span,
                "this locution names no L-node of the file; it is left out".into(),
                "",
            );
            continue;
        };
        let who = text_of(&v, "personID").and_then(|p| person.get(&p).cloned());
        let start = text_of(&v, "start").or_else(|| text_of(&v, "timestamp"));
        loc.insert(l, (who, start));
    }
    let speaker = |l: usize| -> Option<(String, String)> {
        let text = nodes[l].text.as_deref().unwrap_or("");
        let split =
            text.split_once(':').map(|(a, b)| (a.trim(), b.trim())).filter(|(a, _)| !a.is_empty() && a.len() <= 100);
        if let Some(who) = loc.get(&l).and_then(|(w, _)| w.clone()) {
            let words = match split {
                Some((a, b)) if a == who => b,
                _ => text.trim(),
            };
            return Some((who, words.to_string()));
        }
        split.map(|(a, b)| (a.to_string(), b.to_string()))
    };
    // Reported locutions: L -> YA -> L, the reporter's name.
    let mut reporter: HashMap<usize, Option<String>> = HashMap::new();
    for (y, node) in nodes.iter().enumerate() {
        if !node.is("YA") {
            continue;
        }
        for &s in ins[y].iter().filter(|&&s| nodes[s].is("L")) {
            for &t in outs[y].iter().filter(|&&t| nodes[t].is("L")) {
                reporter.insert(t, speaker(s).map(|x| x.0));
            }
        }
    }

    // Stances.
    let mut raw: Vec<RawStance> = Vec::new();
    let mut rebutted: HashSet<(String, usize)> = HashSet::new();
    let mut no_speaker: HashSet<usize> = HashSet::new();
    for (y, node) in nodes.iter().enumerate() {
        if !node.is("YA") {
            continue;
        }
        let illocution = node.scheme_name().to_string();
        let Some(position) = r.table.position(&illocution) else { continue };
        for &s in &ins[y] {
            // The speaker's locution; a transition's is the reply's.
            let said = if nodes[s].is("L") {
                Some(s)
            } else if nodes[s].is("TA") {
                outs[s].iter().copied().find(|&l| nodes[l].is("L"))
            } else {
                continue;
            };
            let Some(l) = said else { continue };
            let mut targets: Vec<usize> = Vec::new();
            for &t in &outs[y] {
                if nodes[t].is("I") {
                    targets.push(t);
                } else if nodes[t].is("CA") && nodes[s].is("TA") && position == Position::Denies {
                    // Disagreeing with a conflict: denying what it attacks.
                    targets.extend(outs[t].iter().copied().filter(|&c| nodes[c].is("I")));
                }
            }
            let targets: Vec<usize> = targets.into_iter().filter(|&t| claim_id[t].is_some()).collect();
            if targets.is_empty() {
                continue;
            }
            let Some((who, _)) = speaker(l) else {
                if no_speaker.insert(l) {
                    r.warn(
                        "locution without a speaker",
                        nodes[l].span,
                        format!("the L-node `{}` names no speaker (no `locutions` entry, no `Name : ` before its text); its stances are left out", nodes[l].id),
                        "whose words?",
                    );
                }
                continue;
            };
            for t in targets {
                if position == Position::Denies {
                    // A speaker who disagrees with a view voiced the view to rebut it.
                    rebutted.insert((who.clone(), t));
                }
                raw.push(RawStance {
                    speaker: who.clone(),
                    claim: t,
                    position,
                    locution: l,
                    via: illocution.clone(),
                    reporter: reporter.get(&l).map(|r| r.clone().unwrap_or_default()),
                    span: node.span,
                });
            }
        }
    }
    // Times of the locutions.
    let mut time_of: HashMap<usize, Option<String>> = HashMap::new();
    let mut stances: Vec<Node> = Vec::new();
    let mut stance_seen: HashSet<(String, usize, Position, Option<String>)> = HashSet::new();
    for s in raw {
        if s.position == Position::Affirms && rebutted.contains(&(s.speaker.clone(), s.claim)) {
            r.summary.rebutted_reports += 1;
            continue;
        }
        let l = s.locution;
        if let std::collections::hash_map::Entry::Vacant(slot) = time_of.entry(l) {
            let raw_time = loc.get(&l).and_then(|(_, t)| t.clone()).or_else(|| nodes[l].timestamp.clone());
            let t = match raw_time.filter(|t| !t.trim().is_empty()) {
                None => None,
                Some(t) if parse_date_time(t.trim()).is_some() => {
                    let t = t.trim();
                    Some(if t.len() > 10 { format!("{}T{}", &t[..10], &t[11..]) } else { t.to_string() })
                }
                Some(t) => {
                    r.warn(
                        "timestamp not a date",
                        nodes[l].span,
                        format!(
                            "the time `{t}` of the L-node `{}` is not `YYYY-MM-DD HH:MM:SS`; its stances are undated",
                            nodes[l].id
                        ),
                        "",
                    );
                    None
                }
            };
            slot.insert(t);
        }
        let date = time_of[&l].clone();
        if !stance_seen.insert((s.speaker.clone(), s.claim, s.position, date.clone())) {
            r.summary.merged_stances += 1;
            continue;
        }
        if !actor_names.iter().any(|(a, _)| *a == s.speaker) {
            actor_names.push((s.speaker.clone(), nodes[l].span));
        }
        let sp = s.span;
        let mut e: Vec<(Cow<'static, str>, Span, Node<'static>)> = vec![
            ("actor".into(), sp, Node::str(s.speaker, sp)),
            ("claim".into(), sp, Node::str(claim_id[s.claim].clone().unwrap_or_default(), sp)),
            ("position".into(), sp, Node::str(s.position.as_str(), sp)),
        ];
        if let Some(d) = date {
            e.push(("date".into(), sp, Node::str(d, sp)));
        }
        if let Some((_, words)) = speaker(l).filter(|(_, w)| !w.is_empty()) {
            e.push(("quote".into(), sp, Node::str(words, sp)));
        }
        e.push(("via".into(), sp, Node::str(s.via, sp)));
        if let Some(by) = s.reporter {
            e.push(("basis".into(), sp, Node::str("reported", sp)));
            if !by.is_empty() {
                e.push(("source".into(), sp, Node::str(format!("{REPORTED_BY}{by}"), sp)));
            }
        }
        stances.push(Node::new(NodeKind::Map(e), sp));
    }

    // Actors, by name; stances name them by id.
    let mut actor_ids = Ids::default();
    let mut id_of_name: HashMap<String, String> = HashMap::new();
    let mut actors: Vec<(Cow<'static, str>, Span, Node<'static>)> = Vec::new();
    for (name, span) in &actor_names {
        let s = crate::import::slug(name);
        let id = actor_ids.take(if s.is_empty() { "speaker" } else { &s });
        id_of_name.insert(name.clone(), id.clone());
        let body = Node::new(NodeKind::Map(vec![("name".into(), *span, Node::str(name.clone(), *span))]), *span);
        actors.push((id.into(), *span, body));
    }
    for st in &mut stances {
        if let NodeKind::Map(e) = &mut st.kind
            && let NodeKind::Str(name) = &mut e[0].2.kind
        {
            *name = id_of_name.get(name.as_ref()).cloned().unwrap_or_default().into();
        }
    }

    r.summary.claims = claims.len();
    r.summary.relations = relations.len();
    r.summary.actors = actors.len();
    r.summary.stances = stances.len();
    let span = root.span;
    let mut top: Vec<(Cow<'static, str>, Span, Node<'static>)> = Vec::new();
    if !claims.is_empty() {
        top.push(("claims".into(), span, Node::new(NodeKind::Map(claims), span)));
    }
    if !actors.is_empty() {
        top.push(("actors".into(), span, Node::new(NodeKind::Map(actors), span)));
    }
    if !relations.is_empty() {
        top.push(("relations".into(), span, Node::new(NodeKind::Seq(relations), span)));
    }
    if !stances.is_empty() {
        top.push(("stances".into(), span, Node::new(NodeKind::Seq(stances), span)));
    }
    Ok(Read { tree: Node::new(NodeKind::Map(top), span), warnings: r.warnings, summary: r.summary })
}
