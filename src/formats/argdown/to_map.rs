//! A parsed Argdown [`Document`] to the map format's tree (the one the TOML
//! and JSON readers give the schema layer), with spans in the Argdown file:
//! every check of the map format then applies to an Argdown file, and its
//! messages point into it. docs/interop.md documents the conventions.

use std::collections::{HashMap, HashSet};

use super::parse::{Document, Member, RawRelation, Symbol};
use super::yaml::{Node, NodeKind};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::formats::Problems;
use crate::model::is_valid_id;
use crate::source::Span;

/// The statement data keys that become claim fields.
const CLAIM_FIELDS: [&str; 6] = ["kind", "source", "quote", "url", "note", "absent"];
/// Shorthand stance keys in statement data, and their positions.
pub const STANCE_KEYS: [(&str, &str); 3] =
    [("affirmedBy", "affirms"), ("deniedBy", "denies"), ("abstainedBy", "abstains")];

/// An equivalence class (statements with one title) or an untitled statement.
struct Class {
    id: String,
    members: Vec<usize>,
}

struct Arg {
    id: String,
    occurrences: Vec<usize>,
    /// Its premise–conclusion structure (the last well-formed one).
    pcs: Option<usize>,
    /// The claim id of an argument without a structure.
    claim: Option<String>,
}

/// Ids handed out once each: a wanted id, or it with `-2`, `-3`, ...
#[derive(Default)]
pub(crate) struct Ids(pub(crate) HashSet<String>);

impl Ids {
    pub(crate) fn take(&mut self, want: &str) -> String {
        let mut id = want.to_string();
        let mut n = 1;
        while !self.0.insert(id.clone()) {
            n += 1;
            id = format!("{want}-{n}");
        }
        id
    }
}

/// An id for a title: the title when it is an id, else its slug.
fn id_of_title(title: &str, fallback: &str) -> String {
    if is_valid_id(title) {
        return title.to_string();
    }
    let s = crate::import::slug(title);
    if s.is_empty() { fallback.to_string() } else { s }
}

/// An id for an untitled statement: the slug of its first words.
fn id_of_text(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    let s = crate::import::slug(&words.join(" "));
    if s.is_empty() { "statement".to_string() } else { s }
}

/// The map tree of a document.
pub(crate) fn to_tree(doc: &Document, problems: &mut Problems) -> Node {
    let strict = doc
        .front
        .as_ref()
        .and_then(|f| f.get("model"))
        .and_then(|m| m.get("mode"))
        .and_then(Node::as_str)
        .is_some_and(|m| m == "strict");

    // Equivalence classes, in the order of their first occurrence.
    let mut ids = Ids::default();
    let mut classes: Vec<Class> = Vec::new();
    let mut by_title: HashMap<&str, usize> = HashMap::new();
    let mut class_of = vec![0usize; doc.statements.len()];
    for (i, s) in doc.statements.iter().enumerate() {
        if let Some(t) = &s.title {
            let c = *by_title.entry(t.as_str()).or_insert_with(|| {
                classes.push(Class { id: ids.take(&id_of_title(t, "statement")), members: Vec::new() });
                classes.len() - 1
            });
            classes[c].members.push(i);
            class_of[i] = c;
        }
    }
    for (i, s) in doc.statements.iter().enumerate() {
        if s.title.is_none() {
            classes.push(Class { id: ids.take(&id_of_text(&s.text)), members: vec![i] });
            class_of[i] = classes.len() - 1;
        }
    }
    let defined: Vec<&str> = by_title
        .iter()
        .filter(|&(_, &c)| classes[c].members.iter().any(|&m| !doc.statements[m].is_reference))
        .map(|(t, _)| *t)
        .collect();
    let mut undefined = vec![false; classes.len()];
    let mut sorted = defined.clone();
    sorted.sort_unstable();
    for (c, class) in classes.iter().enumerate() {
        if class.members.iter().all(|&m| doc.statements[m].is_reference) {
            undefined[c] = true;
            if problems.full() {
                // Counted, without a search for a near title.
                problems.push(Diagnostic::new(Code::UnknownReference, "", Span::default(), ""));
                continue;
            }
            let first = &doc.statements[class.members[0]];
            let title = first.title.as_deref().unwrap_or_default();
            let mut d = Diagnostic::new(
                Code::UnknownReference,
                format!("the statement `[{title}]` is referred to but never defined"),
                first.title_span,
                "no statement has this title",
            );
            d = match did_you_mean(title, sorted.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean `[{near}]`?")),
                None => d.with_help(format!("define it somewhere: `[{title}]: text`")),
            };
            problems.push(d);
        }
    }

    // Arguments, by title; an anonymous one stands alone.
    let mut args: Vec<Arg> = Vec::new();
    let mut arg_of = vec![0usize; doc.arguments.len()];
    let mut arg_by_title: HashMap<&str, usize> = HashMap::new();
    let mut arg_ids = Ids::default();
    for (i, a) in doc.arguments.iter().enumerate() {
        let k = match &a.title {
            Some(t) => *arg_by_title.entry(t.as_str()).or_insert_with(|| {
                args.push(Arg {
                    id: arg_ids.take(&id_of_title(t, "argument")),
                    occurrences: Vec::new(),
                    pcs: None,
                    claim: None,
                });
                args.len() - 1
            }),
            None => {
                args.push(Arg { id: arg_ids.take("argument"), occurrences: Vec::new(), pcs: None, claim: None });
                args.len() - 1
            }
        };
        args[k].occurrences.push(i);
        arg_of[i] = k;
    }
    for (p, pcs) in doc.pcs.iter().enumerate() {
        if pcs.valid {
            let k = arg_of[pcs.argument];
            if args[k].pcs.is_some() {
                let a = &doc.arguments[pcs.argument];
                problems.push(Diagnostic::new(
                    Code::DuplicateId,
                    format!(
                        "the argument `<{}>` has a second premise–conclusion structure",
                        a.title.as_deref().unwrap_or("")
                    ),
                    pcs.span,
                    "a second structure; an argument has one",
                ));
            }
            args[k].pcs = Some(p);
        }
    }
    for a in &mut args {
        if a.pcs.is_none() {
            let want = if ids.0.contains(&a.id) { format!("{}-argument", a.id) } else { a.id.clone() };
            a.claim = Some(ids.take(&want));
        }
    }

    // Claims.
    let mut claims: Vec<(String, Span, Node)> = Vec::new();
    let mut stances: Vec<Node> = Vec::new();
    for (c, class) in classes.iter().enumerate() {
        if undefined[c] {
            continue;
        }
        let members: Vec<Member_> = class.members.iter().map(|&m| Member_::of_statement(doc, m)).collect();
        let span = members.iter().find(|m| !m.reference).unwrap_or(&members[0]).title_span;
        let node = claim_node(&class.id, span, &members, None, &mut stances, problems);
        claims.push((class.id.clone(), span, node));
    }
    for a in &args {
        let Some(id) = &a.claim else { continue };
        let members: Vec<Member_> = a.occurrences.iter().map(|&o| Member_::of_argument(doc, o)).collect();
        let span = members.iter().find(|m| !m.reference).unwrap_or(&members[0]).title_span;
        let title = doc.arguments[a.occurrences[0]].title.clone().unwrap_or_default();
        let node = claim_node(id, span, &members, Some(&title), &mut stances, problems);
        claims.push((id.clone(), span, node));
    }

    // The claim a member stands for as the end of a relation.
    let conclusion = |a: &Arg| -> Option<usize> {
        let pcs = &doc.pcs[a.pcs?];
        pcs.steps().last().map(|&(_, _, c)| c)
    };
    let claim_of = |m: Member| -> Option<String> {
        match m {
            Member::Statement(s) => Some(classes[class_of[s]].id.clone()),
            Member::Argument(o) => {
                let a = &args[arg_of[o]];
                match &a.claim {
                    Some(c) => Some(c.clone()),
                    None => conclusion(a).map(|s| classes[class_of[s]].id.clone()),
                }
            }
            Member::Inference { .. } => None,
        }
    };

    let mut relations: Vec<Node> = Vec::new();
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    let mut push_relation = |kind: Node, from: Node, to: String, span: Span, extra: Vec<(&str, Node)>| {
        let key_from = match &from.kind {
            NodeKind::Str(s) => s.clone(),
            NodeKind::Seq(items) => items.iter().filter_map(Node::as_str).collect::<Vec<_>>().join("\u{1}"),
            _ => String::new(),
        };
        let key_kind = kind.as_str().unwrap_or_default().to_string();
        let has_id = extra.iter().any(|(k, _)| *k == "id");
        if !has_id {
            let mirrored =
                key_kind == "contradicts" && seen.contains(&(key_kind.clone(), to.clone(), key_from.clone()));
            if mirrored || !seen.insert((key_kind, key_from, to.clone())) {
                return;
            }
        }
        let mut entries = Vec::new();
        for (k, v) in extra.iter().filter(|(k, _)| *k == "id") {
            entries.push((k.to_string(), span, v.clone()));
        }
        entries.push(("from".to_string(), span, from));
        entries.push(("to".to_string(), span, Node::str(to, span)));
        entries.push(("type".to_string(), span, kind));
        for (k, v) in extra.into_iter().filter(|(k, _)| *k != "id") {
            entries.push((k.to_string(), span, v));
        }
        relations.push(Node::new(NodeKind::Map(entries), span));
    };

    // The relations of premise–conclusion structures.
    let mut step_ids: HashMap<(usize, usize), String> = HashMap::new();
    // The step each conclusion (a statement occurrence) ends: an undercut
    // below a conclusion undercuts the inference above it.
    let mut concluding: HashMap<usize, (usize, usize)> = HashMap::new();
    for a in &args {
        let Some(p) = a.pcs else { continue };
        let pcs = &doc.pcs[p];
        let steps = pcs.steps();
        let description: Vec<Member_> = a.occurrences.iter().map(|&o| Member_::of_argument(doc, o)).collect();
        let description_text = canonical(&description);
        let data = merged_data(&description);
        for (k, (premises, inference, concl)) in steps.iter().enumerate() {
            let main = k + 1 == steps.len();
            let id = if main { a.id.clone() } else { format!("{}.{}", a.id, k + 1) };
            step_ids.insert((p, k), id.clone());
            concluding.insert(*concl, (p, k));
            let mut from_ids: Vec<String> = Vec::new();
            for &s in premises {
                let c = classes[class_of[s]].id.clone();
                if !from_ids.contains(&c) {
                    from_ids.push(c);
                }
            }
            let span = inference.span;
            let from = if from_ids.len() == 1 {
                Node::str(from_ids[0].clone(), span)
            } else {
                Node::new(NodeKind::Seq(from_ids.into_iter().map(|f| Node::str(f, span)).collect()), span)
            };
            let kind = inference
                .data
                .as_ref()
                .and_then(|d| d.get("type"))
                .cloned()
                .unwrap_or_else(|| Node::str(if strict { "implies" } else { "supports" }, span));
            let mut extra = vec![("id", Node::str(id, span))];
            if main {
                match description_text.clone().filter(|t| !t.is_empty()) {
                    Some(text) => extra.push(("note", Node::str(text, span))),
                    None => {
                        if let Some(n) = data.iter().find(|(k, _)| k == "note") {
                            extra.push(("note", n.1.clone()));
                        }
                    }
                }
                if let Some(n) = data.iter().find(|(k, _)| k == "source") {
                    extra.push(("source", n.1.clone()));
                }
            }
            push_relation(kind, from, classes[class_of[*concl]].id.clone(), span, extra);
        }
    }

    // The relations of the trees.
    for r in &doc.relations {
        let RawRelation { symbol, outgoing, parent, child, span } = r.clone();
        let (from, to) = if outgoing { (child, parent) } else { (parent, child) };
        if symbol == Symbol::Undercut {
            let target = match to {
                Member::Argument(o) => args[arg_of[o]].pcs.map(|_| args[arg_of[o]].id.clone()),
                Member::Inference { pcs, step } => step_ids.get(&(pcs, step)).cloned(),
                Member::Statement(s) => concluding.get(&s).and_then(|step| step_ids.get(step)).cloned(),
            };
            let Some(target) = target else {
                problems.push(
                    Diagnostic::new(
                        Code::UndercutTarget,
                        "an undercut must point at a reconstructed argument or an inference",
                        span,
                        "it points at a statement that concludes nothing, or at an argument without premises and conclusion",
                    )
                    .with_help("give the argument a premise–conclusion structure, or use `-` to attack"),
                );
                continue;
            };
            match claim_of(from) {
                Some(c) => push_relation(Node::str("undercuts", span), Node::str(c, span), target, span, Vec::new()),
                None => inference_end(problems, span),
            }
            continue;
        }
        let (Some(f), Some(t)) = (claim_of(from), claim_of(to)) else {
            inference_end(problems, span);
            continue;
        };
        let reconstructed = |m: Member| matches!(m, Member::Argument(o) if args[arg_of[o]].pcs.is_some());
        if f == t && (reconstructed(from) || reconstructed(to)) {
            // An argument supporting its own conclusion: the structure says it.
            continue;
        }
        let statements = matches!(from, Member::Statement(_)) && matches!(to, Member::Statement(_));
        let kind = match symbol {
            Symbol::Support if strict && statements => "implies",
            Symbol::Support => "supports",
            Symbol::Attack => "attacks",
            Symbol::Contradiction => "contradicts",
            Symbol::Undercut => unreachable!("handled above"),
        };
        push_relation(Node::str(kind, span), Node::str(f, span), t, span, Vec::new());
    }

    // The front matter: the title, and the `elenchus` table (actors, ...).
    let whole = Span::new(0, 0);
    let front = doc.front.as_ref();
    let title = front
        .and_then(|f| f.get("title"))
        .filter(|t| t.as_str().is_some())
        .cloned()
        .or_else(|| doc.headings.iter().find(|h| h.level == 1).map(|h| Node::str(h.text.clone(), h.span)));
    let elenchus: Vec<(String, Span, Node)> = match front.and_then(|f| f.get("elenchus")) {
        Some(Node { kind: NodeKind::Map(e), .. }) => e.clone(),
        Some(other) => {
            problems.push(Diagnostic::new(
                Code::WrongType,
                "`elenchus` in the front matter must be a table (actors, map, checks, ...)",
                other.span,
                "not a table",
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    let mut top: Vec<(String, Span, Node)> = Vec::new();
    let mut map_entry = elenchus.iter().find(|(k, _, _)| k == "map").cloned();
    if let Some(t) = title {
        match &mut map_entry {
            Some((_, _, Node { kind: NodeKind::Map(e), .. })) if !e.iter().any(|(k, _, _)| k == "title") => {
                e.insert(0, ("title".into(), t.span, t))
            }
            Some(_) => {}
            None => {
                map_entry =
                    Some(("map".into(), t.span, Node::new(NodeKind::Map(vec![("title".into(), t.span, t)]), whole)))
            }
        }
    }
    top.extend(map_entry);
    top.push(("claims".into(), whole, Node::new(NodeKind::Map(claims), whole)));
    // `elenchus: {relations: [...]}`: relations in the map format's long form
    // (what a tree cannot hold, such as an undercut with an id), after the tree's.
    let mut relations = Node::new(NodeKind::Seq(relations), whole);
    if let Some((_, _, extra)) = elenchus.iter().find(|(k, _, _)| k == "relations") {
        match (&mut relations.kind, &extra.kind) {
            (NodeKind::Seq(all), NodeKind::Seq(more)) => all.extend(more.iter().cloned()),
            _ => problems.push(Diagnostic::new(
                Code::WrongType,
                "`relations` in the front matter's `elenchus` must be a list of relations",
                extra.span,
                "not a list",
            )),
        }
    }
    top.push(("relations".into(), whole, relations));
    top.push(("stances".into(), whole, Node::new(NodeKind::Seq(stances), whole)));
    top.extend(elenchus.into_iter().filter(|(k, _, _)| k != "map" && k != "relations"));
    Node::new(NodeKind::Map(top), whole)
}

fn inference_end(problems: &mut Problems, span: Span) {
    problems.push(Diagnostic::new(
        Code::UndercutTarget,
        "an inference can only be undercut",
        span,
        "an inference cannot support, attack or contradict",
    ));
}

/// What a claim is made of: one occurrence of a statement or an argument.
struct Member_<'d> {
    text: &'d str,
    tags: &'d [String],
    data: Option<&'d Node>,
    reference: bool,
    title_span: Span,
}

impl<'d> Member_<'d> {
    fn of_statement(doc: &'d Document, i: usize) -> Member_<'d> {
        Member_::of(&doc.statements[i])
    }
    fn of_argument(doc: &'d Document, i: usize) -> Member_<'d> {
        Member_::of(&doc.arguments[i])
    }
    fn of(e: &'d super::parse::Element) -> Member_<'d> {
        Member_ {
            text: &e.text,
            tags: &e.tags,
            data: e.data.as_ref(),
            reference: e.is_reference,
            title_span: e.title_span,
        }
    }
    fn canonical_flag(&self) -> bool {
        matches!(self.data.and_then(|d| d.get("isCanonical")), Some(Node { kind: NodeKind::Bool(true), .. }))
    }
}

/// The canonical text (as Argdown's model: the last definition marked
/// `isCanonical: true`, else the last definition).
fn canonical(members: &[Member_]) -> Option<String> {
    let defs = || members.iter().rev().filter(|m| !m.reference);
    defs().find(|m| m.canonical_flag()).or_else(|| defs().next()).map(|m| m.text.to_string())
}

/// The data of all members, a later key replacing an earlier one.
fn merged_data(members: &[Member_]) -> Vec<(String, Node)> {
    let mut out: Vec<(String, Node)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for m in members {
        if let Some(Node { kind: NodeKind::Map(e), .. }) = m.data {
            for (k, _, v) in e {
                match at.get(k.as_str()) {
                    Some(&i) => out[i].1 = v.clone(),
                    None => {
                        at.insert(k, out.len());
                        out.push((k.clone(), v.clone()));
                    }
                }
            }
        }
    }
    out
}

/// A claim's table, and its stances (appended to `stances`).
fn claim_node(
    id: &str,
    span: Span,
    members: &[Member_],
    title: Option<&str>,
    stances: &mut Vec<Node>,
    problems: &mut Problems,
) -> Node {
    let text = canonical(members).filter(|t| !t.is_empty()).or_else(|| title.map(str::to_string)).unwrap_or_default();
    let data = merged_data(members);
    let mut entries: Vec<(String, Span, Node)> = vec![("text".into(), span, Node::str(text.clone(), span))];
    let mut tags: Vec<Node> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push_tag = |t: &str, s: Span| {
        if seen.insert(t.to_string()) {
            tags.push(Node::str(t, s));
        }
    };
    for m in members {
        for t in m.tags {
            push_tag(t, m.title_span);
        }
    }
    let mut tag_node: Option<Node> = None;
    if let Some((_, n)) = data.iter().find(|(k, _)| k == "tags") {
        match &n.kind {
            NodeKind::Seq(items) if items.iter().all(|i| i.as_str().is_some()) => {
                for i in items {
                    push_tag(i.as_str().unwrap_or_default(), i.span);
                }
            }
            _ => tag_node = Some(n.clone()),
        }
    }
    // Other formulations of the claim are kept in its note.
    let mut others: Vec<&str> = Vec::new();
    let mut seen_text: HashSet<&str> = HashSet::new();
    for m in members.iter().filter(|m| !m.reference && !m.text.is_empty() && m.text != text) {
        if seen_text.insert(m.text) {
            others.push(m.text);
        }
    }
    for key in CLAIM_FIELDS {
        let value = data.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let value = if key == "note" && !others.is_empty() {
            let also =
                format!("Also stated as: {}", others.iter().map(|o| format!("“{o}”")).collect::<Vec<_>>().join("; "));
            match value {
                Some(Node { kind: NodeKind::Str(n), span }) => Some(Node::str(format!("{n}\n{also}"), span)),
                Some(other) => Some(other),
                None => Some(Node::str(also, span)),
            }
        } else {
            value
        };
        if key == "absent" {
            // `tags` goes before `absent`, as in the format's own order.
            if let Some(n) = tag_node.take() {
                entries.push(("tags".into(), n.span, n));
            } else if !tags.is_empty() {
                entries.push(("tags".into(), span, Node::new(NodeKind::Seq(std::mem::take(&mut tags)), span)));
            }
        }
        if let Some(v) = value {
            entries.push((key.into(), v.span, v));
        }
    }
    // Stances.
    for (key, position) in STANCE_KEYS {
        let Some((_, n)) = data.iter().find(|(k, _)| k == key) else { continue };
        match &n.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    stances.push(Node::new(
                        NodeKind::Map(vec![
                            ("actor".into(), item.span, item.clone()),
                            ("claim".into(), item.span, Node::str(id, item.span)),
                            ("position".into(), item.span, Node::str(position, item.span)),
                        ]),
                        item.span,
                    ));
                }
            }
            _ => problems.push(Diagnostic::new(
                Code::WrongType,
                format!("`{key}` must be a list of actor ids"),
                n.span,
                "not a list",
            )),
        }
    }
    if let Some((_, n)) = data.iter().find(|(k, _)| k == "stances") {
        match &n.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    match &item.kind {
                        NodeKind::Map(e) => {
                            let mut e = e.clone();
                            if let Some(at) = e.iter().position(|(k, _, _)| k == "claim") {
                                problems.push(Diagnostic::new(
                                    Code::UnknownKey,
                                    "a stance in a statement's data names no claim: it is the statement's",
                                    e[at].1,
                                    "remove `claim`",
                                ));
                                e.remove(at);
                            }
                            e.insert(1.min(e.len()), ("claim".into(), item.span, Node::str(id, item.span)));
                            stances.push(Node::new(NodeKind::Map(e), item.span));
                        }
                        _ => problems.push(Diagnostic::new(
                            Code::WrongType,
                            "a stance must be a table (`{actor: a, position: affirms, ...}`)",
                            item.span,
                            "not a table",
                        )),
                    }
                }
            }
            _ => problems.push(Diagnostic::new(
                Code::WrongType,
                "`stances` must be a list of tables",
                n.span,
                "not a list",
            )),
        }
    }
    Node::new(NodeKind::Map(entries), span)
}
