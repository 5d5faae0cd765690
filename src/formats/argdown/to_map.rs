//! A parsed Argdown [`Document`] to the map format's tree (the one the TOML
//! and JSON readers give the schema layer), with spans in the Argdown file:
//! every check of the map format then applies to an Argdown file, and its
//! messages point into it. The tree is built as the schema layer's values
//! at once (keys the format knows are not copied, data is read where it
//! lies in the document). docs/interop.md documents the conventions.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::parse::{Document, Member, RawRelation, Symbol};
use super::yaml::{Node, NodeKind};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::formats::Problems;
use crate::ids::FastState;
use crate::load::value::{
    ClaimItem, Given, Item, Key, Kind, Link, LinkKind, NOT_GIVEN, PLAIN_CLAIM_FIELDS, PlainClaim, STANCE_RECORD_FIELDS,
    StanceRecord, Step, Value,
};
use crate::model::{Position, RelationKind, is_valid_id};
use crate::source::Span;

/// The statement data keys that become claim fields: a plain claim's, then `absent`.
const CLAIM_FIELDS: [&str; 6] = {
    let p = PLAIN_CLAIM_FIELDS;
    [p[0], p[1], p[2], p[3], p[4], "absent"]
};
/// Shorthand stance keys in statement data, and their positions.
pub const STANCE_KEYS: [(&str, Position); 3] =
    [("affirmedBy", Position::Affirms), ("deniedBy", Position::Denies), ("abstainedBy", Position::Abstains)];

/// An equivalence class (statements with one title) or an untitled
/// statement (its statements are in a [`Groups`] beside the classes).
struct Class<'t> {
    id: Cow<'t, str>,
    /// Its first statement.
    first: usize,
}

/// An argument (its occurrences are in a [`Groups`] beside the arguments).
struct Arg<'t> {
    id: Cow<'t, str>,
    /// Its first occurrence.
    first: usize,
    /// Its premise–conclusion structure (the last well-formed one).
    pcs: Option<usize>,
    /// The claim id of an argument without a structure.
    claim: Option<Cow<'t, str>>,
}

/// The items of groups (the statements of each class, the occurrences of
/// each argument), in the order of the items, in one vector for all groups:
/// no vector per group, grown one item at a time.
struct Groups {
    /// Where each group's items start in `items`, and where the last ends.
    starts: Vec<usize>,
    items: Vec<usize>,
}

impl Groups {
    /// The groups of items whose groups are `group_of` (of `n` groups).
    fn new(group_of: &[usize], n: usize) -> Groups {
        let mut starts = vec![0; n + 1];
        for &g in group_of {
            starts[g + 1] += 1;
        }
        for g in 0..n {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut items = vec![0; group_of.len()];
        for (i, &g) in group_of.iter().enumerate() {
            items[next[g]] = i;
            next[g] += 1;
        }
        Groups { starts, items }
    }

    /// The items of the group `g`, in order.
    fn of(&self, g: usize) -> &[usize] {
        &self.items[self.starts[g]..self.starts[g + 1]]
    }
}

/// No step (of the premise–conclusion structures).
const NO_STEP: u32 = u32::MAX;

/// Ids handed out once each: a wanted id, or it with `-2`, `-3`, ...
#[derive(Default)]
pub(crate) struct Ids<'t>(pub(crate) HashSet<Cow<'t, str>, FastState>);

impl<'t> Ids<'t> {
    pub(crate) fn take(&mut self, want: &str) -> String {
        self.take_cow(Cow::Owned(want.to_string())).into_owned()
    }
    /// [`Ids::take`] of an id that may be borrowed (and stays so when it is free).
    fn take_cow(&mut self, want: Cow<'t, str>) -> Cow<'t, str> {
        if self.0.insert(want.clone()) {
            return want;
        }
        let mut n = 1;
        loop {
            n += 1;
            let id = format!("{want}-{n}");
            if self.0.insert(Cow::Owned(id.clone())) {
                return Cow::Owned(id);
            }
        }
    }
}

/// An id for a title: the title when it is an id, else its slug.
fn id_of_title<'t>(title: &Cow<'t, str>, fallback: &'static str) -> Cow<'t, str> {
    if is_valid_id(title) {
        return title.clone();
    }
    let s = crate::import::slug(title);
    if s.is_empty() { Cow::Borrowed(fallback) } else { Cow::Owned(s) }
}

/// An id for an untitled statement: the slug of its first words.
fn id_of_text(text: &str) -> Cow<'static, str> {
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    let s = crate::import::slug(&words.join(" "));
    if s.is_empty() { Cow::Borrowed("statement") } else { Cow::Owned(s) }
}

/// A value of the schema layer's tree, borrowing from the file where the
/// document does.
type V<'t> = Value<'t>;

fn string<'t>(s: impl Into<Cow<'t, str>>, span: Span) -> V<'t> {
    Value { kind: Kind::String(s.into()), span }
}

fn array(items: Vec<V<'_>>, span: Span) -> V<'_> {
    Value { kind: Kind::Array(items), span }
}

fn table<'t>(entries: Vec<(Key<'t>, V<'t>)>, span: Span) -> V<'t> {
    Value { kind: Kind::Table(entries), span }
}

fn key<'t>(name: &'static str, span: Span) -> Key<'t> {
    Key { name: Cow::Borrowed(name), span }
}

/// A key of statement data or of the front matter: borrowed when the data
/// is, and one the map format knows is not copied either.
fn known<'t>(k: &Cow<'t, str>) -> Cow<'t, str> {
    let Cow::Owned(k) = k else { return k.clone() };
    Cow::Borrowed(match k.as_str() {
        "actor" => "actor",
        "position" => "position",
        "date" => "date",
        "source" => "source",
        "via" => "via",
        "kind" => "kind",
        "note" => "note",
        "quote" => "quote",
        "url" => "url",
        "claim" => "claim",
        "name" => "name",
        "tags" => "tags",
        "absent" => "absent",
        "type" => "type",
        "id" => "id",
        "from" => "from",
        "to" => "to",
        "title" => "title",
        "text" => "text",
        _ => return Cow::Owned(k.clone()),
    })
}

/// A YAML node of the document as a value of the schema layer.
pub(crate) fn value_of<'t>(n: &Node<'t>) -> V<'t> {
    let kind = match &n.kind {
        NodeKind::Null => Kind::Null,
        NodeKind::Bool(b) => Kind::Bool(*b),
        NodeKind::Int(i) => Kind::Integer(*i),
        NodeKind::Float(f) => Kind::Float(*f),
        NodeKind::Str(s) => Kind::String(s.clone()),
        NodeKind::Seq(items) => Kind::Array(items.iter().map(value_of).collect()),
        NodeKind::Map(e) => Kind::Table(entries_of(e)),
    };
    Value { kind, span: n.span }
}

fn entries_of<'t>(e: &[(Cow<'t, str>, Span, Node<'t>)]) -> Vec<(Key<'t>, V<'t>)> {
    e.iter().map(|(k, span, v)| (Key { name: known(k), span: *span }, value_of(v))).collect()
}

/// Which claim a member of a relation stands for.
struct Ends<'c, 't> {
    classes: &'c [Class<'t>],
    class_of: &'c [usize],
    args: &'c [Arg<'t>],
    arg_of: &'c [usize],
    /// The conclusion (a statement occurrence) of each argument with a structure.
    conclusion: Vec<Option<usize>>,
    /// The position among the claims of each class's claim, and of each
    /// argument's without a structure ([`NOT_GIVEN`] for none).
    class_at: &'c [u32],
    arg_at: &'c [u32],
}

impl<'c, 't> Ends<'c, 't> {
    fn statement(&self, s: usize) -> &'c Cow<'t, str> {
        &self.classes[self.class_of[s]].id
    }
    /// The position among the claims of a statement's claim.
    fn statement_at(&self, s: usize) -> u32 {
        self.class_at[self.class_of[s]]
    }
    fn argument(&self, o: usize) -> &'c Arg<'t> {
        &self.args[self.arg_of[o]]
    }
    /// The claim a member stands for as the end of a relation, and its
    /// position among the claims.
    fn claim(&self, m: Member) -> Option<(&'c Cow<'t, str>, u32)> {
        let of_statement = |s: usize| (self.statement(s), self.statement_at(s));
        match m {
            Member::Statement(s) => Some(of_statement(s)),
            Member::Argument(o) => {
                let a = self.argument(o);
                match &a.claim {
                    Some(c) => Some((c, self.arg_at[self.arg_of[o]])),
                    None => self.conclusion[self.arg_of[o]].map(of_statement),
                }
            }
            Member::Inference { .. } => None,
        }
    }
}

/// What a relation without an id relates: its type, where from, where to.
type RelationKey<'c> = (Cow<'c, str>, Cow<'c, str>, Cow<'c, str>);

/// The relations made so far, and what those without an id relate (a
/// relation written twice is made once; a contradiction, once either way).
#[derive(Default)]
struct Relations<'c, 't> {
    list: Vec<Item<'t>>,
    seen: HashSet<RelationKey<'c>, FastState>,
    /// What the relations between claims at known positions relate: their
    /// type and the positions (ids are unique, so positions stand for
    /// them), packed in one integer ([`at_key`]).
    seen_at: HashSet<u128, FastState>,
}

/// The type of a relation and the positions of its claims in one integer.
fn at_key(kind: RelationKind, [from, to]: [u32; 2]) -> u128 {
    (kind as u128) << 64 | u128::from(from) << 32 | u128::from(to)
}

impl<'c, 't: 'c> Relations<'c, 't> {
    /// Whether a relation without an id relates what none before it did.
    fn fresh(&mut self, kind: Cow<'c, str>, from: Cow<'c, str>, to: &'c str) -> bool {
        let mirrored = kind == "contradicts" && self.seen.contains(&(kind.clone(), Cow::Borrowed(to), from.clone()));
        !mirrored && self.seen.insert((kind, from, Cow::Borrowed(to)))
    }

    /// A relation of one claim to another, of a type the map format knows:
    /// what [`Relations::push`] makes of it without an id or more, kept as a
    /// link (not a table).
    /// (`at`: the positions among the claims of `from` and `to`.)
    #[allow(clippy::ptr_arg)]
    fn push_link(
        &mut self,
        kind: RelationKind,
        (from, to): (&'c Cow<'t, str>, &'c Cow<'t, str>),
        at: [u32; 2],
        span: Span,
    ) {
        let fresh = if at.contains(&NOT_GIVEN) {
            self.fresh(Cow::Borrowed(kind.as_str()), Cow::Borrowed(from), to)
        } else {
            let mirrored = kind.is_symmetric() && self.seen_at.contains(&at_key(kind, [at[1], at[0]]));
            !mirrored && self.seen_at.insert(at_key(kind, at))
        };
        if fresh {
            let kind = LinkKind::Relation(kind);
            self.list.push(Item::Link(Link { from: from.clone(), to: to.clone(), kind, span, at }));
        }
    }

    /// `to` is cloned into the relation: as a `Cow`, a borrowed id stays borrowed.
    #[allow(clippy::ptr_arg)]
    fn push(
        &mut self,
        kind: V<'t>,
        from: &[&'c Cow<'t, str>],
        to: &'c Cow<'t, str>,
        span: Span,
        extra: Vec<(&'static str, V<'t>)>,
    ) {
        let key_from: Cow<'c, str> = match from {
            [one] => Cow::Borrowed(one),
            many => Cow::Owned(many.iter().map(|f| f.as_ref()).collect::<Vec<_>>().join("\u{1}")),
        };
        let key_kind: Cow<'c, str> = match &kind.kind {
            Kind::String(s) => s.clone(),
            _ => Cow::Borrowed(""),
        };
        let to_key: &'c str = to;
        // The ids first, the order kept (a sort of a few entries, in place).
        let mut extra = extra;
        extra.sort_by_key(|(k, _)| *k != "id");
        let ids = extra.iter().take_while(|(k, _)| *k == "id").count();
        if ids == 0 && !self.fresh(key_kind, key_from, to_key) {
            return;
        }
        let mut entries = Vec::with_capacity(3 + extra.len());
        let mut extra = extra.into_iter();
        for (k, v) in extra.by_ref().take(ids) {
            entries.push((key(k, span), v));
        }
        let from = match from {
            [one] => string((*one).clone(), span),
            many => array(many.iter().map(|f| string((*f).clone(), span)).collect(), span),
        };
        entries.push((key("from", span), from));
        entries.push((key("to", span), string(to.clone(), span)));
        entries.push((key("type", span), kind));
        for (k, v) in extra {
            entries.push((key(k, span), v));
        }
        self.list.push(Item::Built(table(entries, span)));
    }
}

/// The map tree of a document, with its `relations` and `stances` beside it
/// (the tree's own lists left empty): the items of those lists, most of them
/// links not built as tables.
pub(crate) fn to_tree<'t>(doc: &Document<'t>, problems: &mut Problems) -> (V<'t>, Given<'t>) {
    let strict = doc
        .front
        .as_ref()
        .and_then(|f| f.get("model"))
        .and_then(|m| m.get("mode"))
        .and_then(Node::as_str)
        .is_some_and(|m| m == "strict");

    // Equivalence classes, in the order of their first occurrence.
    // The ids are taken once the titles are known, so that their set is
    // made at its size at once (growing it rehashes every id again).
    let mut classes: Vec<Class> = Vec::new();
    let mut by_title: HashMap<&str, usize, FastState> = HashMap::default();
    let mut class_of = vec![0usize; doc.statements.len()];
    let mut untitled = 0;
    for (i, s) in doc.statements.iter().enumerate() {
        let Some(t) = &s.title else {
            untitled += 1;
            continue;
        };
        let c = *by_title.entry(t.as_ref()).or_insert_with(|| {
            classes.push(Class { id: Cow::Borrowed(""), first: i });
            classes.len() - 1
        });
        class_of[i] = c;
    }
    let mut ids = Ids(HashSet::with_capacity_and_hasher(classes.len() + untitled, FastState::default()));
    for class in &mut classes {
        if let Some(t) = &doc.statements[class.first].title {
            class.id = ids.take_cow(id_of_title(t, "statement"));
        }
    }
    for (i, s) in doc.statements.iter().enumerate() {
        if s.title.is_none() {
            classes.push(Class { id: ids.take_cow(id_of_text(&doc.body(s).text)), first: i });
            class_of[i] = classes.len() - 1;
        }
    }
    let class_members = Groups::new(&class_of, classes.len());
    // The defined titles, sorted, for "did you mean": made at the first
    // reference to an undefined one (most maps have none).
    let mut sorted: Option<Vec<&str>> = None;
    let mut undefined = vec![false; classes.len()];
    for (c, class) in classes.iter().enumerate() {
        if class_members.of(c).iter().all(|&m| doc.statements[m].is_reference) {
            undefined[c] = true;
            if problems.full() {
                // Counted, without a search for a near title.
                problems.push(Diagnostic::new(Code::UnknownReference, "", Span::default(), ""));
                continue;
            }
            let first = &doc.statements[class.first];
            let title = first.title.as_deref().unwrap_or_default();
            let mut d = Diagnostic::new(
                Code::UnknownReference,
                format!("the statement `[{title}]` is referred to but never defined"),
                first.title_span,
                "no statement has this title",
            );
            let sorted = sorted.get_or_insert_with(|| {
                let mut defined: Vec<&str> = by_title
                    .iter()
                    .filter(|&(_, &c)| class_members.of(c).iter().any(|&m| !doc.statements[m].is_reference))
                    .map(|(t, _)| *t)
                    .collect();
                defined.sort_unstable();
                defined
            });
            d = match did_you_mean(title, sorted.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean `[{near}]`?")),
                None => d.with_help(format!("define it somewhere: `[{title}]: text`")),
            };
            problems.push(d);
        }
    }
    drop(by_title);

    // Arguments, by title; an anonymous one stands alone.
    let mut args: Vec<Arg> = Vec::new();
    let mut arg_of = vec![0usize; doc.arguments.len()];
    let mut arg_by_title: HashMap<&str, usize, FastState> =
        HashMap::with_capacity_and_hasher(doc.arguments.len(), FastState::default());
    let mut arg_ids = Ids(HashSet::with_capacity_and_hasher(doc.arguments.len(), FastState::default()));
    for (i, a) in doc.arguments.iter().enumerate() {
        let k = match &a.title {
            Some(t) => *arg_by_title.entry(t.as_ref()).or_insert_with(|| {
                args.push(Arg { id: arg_ids.take_cow(id_of_title(t, "argument")), first: i, pcs: None, claim: None });
                args.len() - 1
            }),
            None => {
                args.push(Arg { id: arg_ids.take_cow(Cow::Borrowed("argument")), first: i, pcs: None, claim: None });
                args.len() - 1
            }
        };
        arg_of[i] = k;
    }
    drop((arg_by_title, arg_ids));
    let occurrences = Groups::new(&arg_of, args.len());
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
            let want = if ids.0.contains(&a.id) { Cow::Owned(format!("{}-argument", a.id)) } else { a.id.clone() };
            a.claim = Some(ids.take_cow(want));
        }
    }
    drop(ids);

    // Claims. (The members of one claim at a time, in one vector for all.)
    let mut members: Vec<Member_> = Vec::new();
    let mut data = Vec::new();
    let mut claims: Vec<ClaimItem<'t>> = Vec::with_capacity(classes.len());
    let mut stances: Vec<Item<'t>> = Vec::new();
    let mut class_at = vec![NOT_GIVEN; classes.len()];
    let mut arg_at = vec![NOT_GIVEN; args.len()];
    for (c, class) in classes.iter().enumerate() {
        if undefined[c] {
            continue;
        }
        class_at[c] = claims.len() as u32;
        members.clear();
        members.extend(class_members.of(c).iter().map(|&m| Member_::of_statement(doc, m)));
        let span = members.iter().find(|m| !m.reference).unwrap_or(&members[0]).title_span;
        claims.push(claim_node(&class.id, span, &members, None, (&mut data, &mut stances), problems));
    }
    for (k, a) in args.iter().enumerate() {
        let Some(id) = &a.claim else { continue };
        arg_at[k] = claims.len() as u32;
        members.clear();
        members.extend(occurrences.of(k).iter().map(|&o| Member_::of_argument(doc, o)));
        let span = members.iter().find(|m| !m.reference).unwrap_or(&members[0]).title_span;
        let title = doc.arguments[a.first].title.as_ref().unwrap_or(EMPTY);
        claims.push(claim_node(id, span, &members, Some(title), (&mut data, &mut stances), problems));
    }
    drop((class_members, undefined));

    // The id of each step of a premise–conclusion structure, and the step
    // each conclusion (a statement occurrence) ends: an undercut below a
    // conclusion undercuts the inference above it.
    let steps_of: Vec<_> = args.iter().map(|a| a.pcs.map(|p| doc.steps(p)).unwrap_or_default()).collect();
    // (The ids of the steps of all structures in one vector, those of the
    // structure `p` at `steps_at[p]`: where they start, how many; none for
    // a structure that is not its argument's. The step each statement
    // occurrence concludes, as a place in that vector, or [`NO_STEP`].)
    let n_steps = steps_of.iter().map(Vec::len).sum();
    let mut step_ids: Vec<Cow<'t, str>> = Vec::with_capacity(n_steps);
    let mut steps_at: Vec<(usize, usize)> = vec![(0, 0); doc.pcs.len()];
    let mut concluding: Vec<u32> = vec![NO_STEP; doc.statements.len()];
    for (a, steps) in args.iter().zip(&steps_of) {
        let Some(p) = a.pcs else { continue };
        steps_at[p] = (step_ids.len(), steps.len());
        for (k, (_, _, concl)) in steps.iter().enumerate() {
            let id = if k + 1 == steps.len() { a.id.clone() } else { Cow::Owned(format!("{}.{}", a.id, k + 1)) };
            concluding[*concl] = step_ids.len() as u32;
            step_ids.push(id);
        }
    }
    // The id of the step `k` of the structure `p`, if it has one.
    let step_id = |p: usize, k: usize| match steps_at.get(p) {
        Some(&(start, n)) if k < n => Some(&step_ids[start + k]),
        _ => None,
    };
    let conclusion = steps_of.iter().map(|steps| steps.last().map(|&(_, _, c)| c)).collect();
    let ends = Ends {
        classes: &classes,
        class_of: &class_of,
        args: &args,
        arg_of: &arg_of,
        conclusion,
        class_at: &class_at,
        arg_at: &arg_at,
    };
    let mut relations = Relations::default();
    relations.list.reserve(doc.relations.len() + n_steps);
    // (The relations of the trees alone are looked up there.)
    relations.seen_at.reserve(doc.relations.len());

    // The relations of premise–conclusion structures (the premises of one
    // step at a time, in one vector for all).
    let mut from_ids: Vec<&Cow<'t, str>> = Vec::new();
    for (i, (a, steps)) in args.iter().zip(&steps_of).enumerate() {
        let Some(p) = a.pcs else { continue };
        members.clear();
        members.extend(occurrences.of(i).iter().map(|&o| Member_::of_argument(doc, o)));
        let description_text = canonical(&members);
        merged_data(&members, &mut data);
        for (k, (premises, inference, concl)) in steps.iter().enumerate() {
            let main = k + 1 == steps.len();
            from_ids.clear();
            for &s in premises {
                let c = ends.statement(s);
                if !from_ids.contains(&c) {
                    from_ids.push(c);
                }
            }
            let span = inference.span;
            let kind = inference
                .data
                .as_ref()
                .and_then(|d| d.get("type"))
                .map(value_of)
                .unwrap_or_else(|| string(if strict { "implies" } else { "supports" }, span));
            let id = step_ids[steps_at[p].0 + k].clone();
            let (mut note, mut source) = (None, None);
            if main {
                note = match description_text.filter(|t| !t.is_empty()) {
                    Some(text) => Some(string(text.clone(), span)),
                    None => data.iter().find(|(k, _)| *k == "note").map(|&(_, n)| value_of(n)),
                };
                source = data.iter().find(|(k, _)| *k == "source").map(|&(_, n)| value_of(n));
            }
            let to = ends.statement(*concl);
            // One premise and strings only: a step, not built as a table.
            let string_or_none = |v: &Option<V<'t>>| v.as_ref().is_none_or(|v| matches!(v.kind, Kind::String(_)));
            if let ([from], Kind::String(name)) = (&from_ids[..], &kind.kind)
                && string_or_none(&note)
                && string_or_none(&source)
            {
                let text = |v: Option<V<'t>>| match v {
                    Some(Value { kind: Kind::String(s), span }) => Some((s, span)),
                    _ => None,
                };
                let kind = (name.clone(), kind.span);
                let (from, to) = ((*from).clone(), to.clone());
                // (Each premise is of the claim `from`.)
                let at = [ends.statement_at(premises[0]), ends.statement_at(*concl)];
                let step = Step { id, from, to, kind, span, note: text(note), source: text(source), at };
                relations.list.push(Item::Step(Box::new(step)));
                continue;
            }
            let mut extra = vec![("id", string(id, span))];
            extra.extend(note.map(|n| ("note", n)));
            extra.extend(source.map(|s| ("source", s)));
            relations.push(kind, &from_ids, to, span, extra);
        }
    }

    drop((occurrences, steps_of));

    // The relations of the trees.
    for r in &doc.relations {
        let RawRelation { symbol, outgoing, parent, child, span } = r.clone();
        let (from, to) = if outgoing { (child, parent) } else { (parent, child) };
        if symbol == Symbol::Undercut {
            let target = match to {
                Member::Argument(o) => {
                    let a = ends.argument(o);
                    a.pcs.map(|_| &a.id)
                }
                Member::Inference { pcs, step } => step_id(pcs, step),
                Member::Statement(s) => concluding.get(s).and_then(|&k| step_ids.get(k as usize)),
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
            match ends.claim(from) {
                Some((c, at)) => relations.push_link(RelationKind::Undercuts, (c, target), [at, NOT_GIVEN], span),
                None => inference_end(problems, span),
            }
            continue;
        }
        let (Some((f, f_at)), Some((t, t_at))) = (ends.claim(from), ends.claim(to)) else {
            inference_end(problems, span);
            continue;
        };
        let reconstructed = |m: Member| matches!(m, Member::Argument(o) if ends.argument(o).pcs.is_some());
        if f == t && (reconstructed(from) || reconstructed(to)) {
            // An argument supporting its own conclusion: the structure says it.
            continue;
        }
        let statements = matches!(from, Member::Statement(_)) && matches!(to, Member::Statement(_));
        let kind = match symbol {
            Symbol::Support if strict && statements => RelationKind::Implies,
            Symbol::Support => RelationKind::Supports,
            Symbol::Attack => RelationKind::Attacks,
            Symbol::Contradiction => RelationKind::Contradicts,
            Symbol::Undercut => unreachable!("handled above"),
        };
        relations.push_link(kind, (f, t), [f_at, t_at], span);
    }

    // The front matter: the title, and the `elenchus` table (actors, ...).
    let whole = Span::new(0, 0);
    let front = doc.front.as_ref();
    let title = front
        .and_then(|f| f.get("title"))
        .filter(|t| t.as_str().is_some())
        .map(value_of)
        .or_else(|| doc.headings.iter().find(|h| h.level == 1).map(|h| string(h.text.clone(), h.span)));
    let elenchus: Vec<(Key<'t>, V<'t>)> = match front.and_then(|f| f.get("elenchus")) {
        Some(Node { kind: NodeKind::Map(e), .. }) => entries_of(e),
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
    let mut top: Vec<(Key<'t>, V<'t>)> = Vec::new();
    let mut map_entry = elenchus.iter().find(|(k, _)| k.name == "map").cloned();
    if let Some(t) = title {
        match &mut map_entry {
            Some((_, Value { kind: Kind::Table(e), .. })) if !e.iter().any(|(k, _)| k.name == "title") => {
                e.insert(0, (key("title", t.span), t))
            }
            Some(_) => {}
            None => map_entry = Some((key("map", t.span), table(vec![(key("title", t.span), t)], whole))),
        }
    }
    top.extend(map_entry);
    // The claims are given beside the tree, as the relations and stances are.
    top.push((key("claims", whole), table(Vec::new(), whole)));
    // `elenchus: {relations: [...]}`: relations in the map format's long form
    // (what a tree cannot hold, such as an undercut with an id), after the tree's.
    let mut relations = relations.list;
    if let Some((_, extra)) = elenchus.iter().find(|(k, _)| k.name == "relations") {
        match &extra.kind {
            Kind::Array(more) => relations.extend(more.iter().cloned().map(Item::Built)),
            _ => problems.push(Diagnostic::new(
                Code::WrongType,
                "`relations` in the front matter's `elenchus` must be a list of relations",
                extra.span,
                "not a list",
            )),
        }
    }
    // The relations and stances are given beside the tree (their places in
    // it hold empty lists until they are put there).
    top.push((key("relations", whole), array(Vec::new(), whole)));
    top.push((key("stances", whole), array(Vec::new(), whole)));
    top.extend(elenchus.into_iter().filter(|(k, _)| k.name != "map" && k.name != "relations"));
    (table(top, whole), Given { claims, relations, stances })
}

/// The map tree of [`to_tree`] with its claims, relations and stances put
/// in it (each in the first table or list of its name).
pub(crate) fn with_given<'t>(mut tree: V<'t>, given: Given<'t>) -> V<'t> {
    if let Kind::Table(top) = &mut tree.kind {
        if let Some((_, claims)) = top.iter_mut().find(|(k, _)| k.name == "claims") {
            claims.kind = Kind::Table(given.claims.into_iter().map(ClaimItem::into_entry).collect());
        }
        for (name, items) in [("relations", given.relations), ("stances", given.stances)] {
            if let Some((_, list)) = top.iter_mut().find(|(k, _)| k.name == name) {
                list.kind = Kind::Array(items.into_iter().map(Item::into_value).collect());
            }
        }
    }
    tree
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
struct Member_<'d, 't> {
    text: &'d Cow<'t, str>,
    tags: &'d [Cow<'t, str>],
    data: Option<&'d Node<'t>>,
    reference: bool,
    title_span: Span,
}

/// No text.
const EMPTY: &Cow<'static, str> = &Cow::Borrowed("");

impl<'d, 't> Member_<'d, 't> {
    fn of_statement(doc: &'d Document<'t>, i: usize) -> Member_<'d, 't> {
        Member_::of(doc, &doc.statements[i])
    }
    fn of_argument(doc: &'d Document<'t>, i: usize) -> Member_<'d, 't> {
        Member_::of(doc, &doc.arguments[i])
    }
    fn of(doc: &'d Document<'t>, e: &'d super::parse::Element<'t>) -> Member_<'d, 't> {
        let body = doc.body(e);
        Member_ {
            text: &body.text,
            tags: &body.tags,
            data: body.data.as_ref(),
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
fn canonical<'d, 't>(members: &[Member_<'d, 't>]) -> Option<&'d Cow<'t, str>> {
    let defs = || members.iter().rev().filter(|m| !m.reference);
    defs().find(|m| m.canonical_flag()).or_else(|| defs().next()).map(|m| m.text)
}

/// The data of all members, a later key replacing an earlier one (in
/// `out`, emptied first: one vector serves every claim).
fn merged_data<'d, 't>(members: &[Member_<'d, 't>], out: &mut Vec<(&'d str, &'d Node<'t>)>) {
    out.clear();
    for m in members {
        if let Some(Node { kind: NodeKind::Map(e), .. }) = m.data {
            for (k, _, v) in e {
                match out.iter().position(|(o, _)| *o == k) {
                    Some(i) => out[i].1 = v,
                    None => out.push((k, v)),
                }
            }
        }
    }
}

/// The stance of a statement's data on its claim `claim` whose entries `e`
/// (spanning `span`) are strings of [`STANCE_RECORD_FIELDS`], each once, as a
/// record; `None` for any other.
fn stance_record<'t>(
    claim: &Cow<'t, str>,
    span: Span,
    e: &[(Cow<'t, str>, Span, Node<'t>)],
) -> Option<StanceRecord<'t>> {
    if e.is_empty() || e.len() > STANCE_RECORD_FIELDS.len() {
        return None;
    }
    let mut record = StanceRecord {
        claim: claim.clone(),
        span,
        fields: Default::default(),
        order: [0; STANCE_RECORD_FIELDS.len()],
        len: 0,
    };
    for (k, key_span, v) in e {
        let NodeKind::Str(s) = &v.kind else { return None };
        let f = STANCE_RECORD_FIELDS.iter().position(|n| n == k)?;
        if record.fields[f].replace((*key_span, s.clone(), v.span)).is_some() {
            return None;
        }
        record.order[usize::from(record.len)] = f as u8;
        record.len += 1;
    }
    Some(record)
}

/// Up to this many tags of a claim are told apart without a set.
const FEW_TAGS: usize = 16;

/// A claim: a [`PlainClaim`] when it is one (most are), else its key and
/// table; and its stances (appended to `stances`).
fn claim_node<'d, 't>(
    id: &Cow<'t, str>,
    span: Span,
    members: &[Member_<'d, 't>],
    title: Option<&'d Cow<'t, str>>,
    (data, stances): (&mut Vec<(&'d str, &'d Node<'t>)>, &mut Vec<Item<'t>>),
    problems: &mut Problems,
) -> ClaimItem<'t> {
    let text = canonical(members).filter(|t| !t.is_empty()).or(title).unwrap_or(EMPTY);
    merged_data(members, data);
    let data = &*data;
    let mut tags: Vec<(Cow<'t, str>, Span)> = Vec::new();
    // The tags so far, in a set once there are more than a few (fewer are
    // compared one by one).
    let mut seen: HashSet<Cow<'t, str>, FastState> = HashSet::default();
    let mut push_tag = |t: &'d Cow<'t, str>, s: Span| {
        let new = if tags.len() < FEW_TAGS {
            !tags.iter().any(|(u, _)| u == t)
        } else {
            if seen.is_empty() {
                seen.extend(tags.iter().map(|(u, _)| u.clone()));
            }
            seen.insert(t.clone())
        };
        if new {
            tags.push((t.clone(), s));
        }
    };
    for m in members {
        for t in m.tags {
            push_tag(t, m.title_span);
        }
    }
    let mut tag_node: Option<V> = None;
    if let Some(&(_, n)) = data.iter().find(|(k, _)| *k == "tags") {
        match &n.kind {
            NodeKind::Seq(items) if items.iter().all(|i| i.as_str().is_some()) => {
                for i in items {
                    if let NodeKind::Str(t) = &i.kind {
                        push_tag(t, i.span);
                    }
                }
            }
            _ => tag_node = Some(value_of(n)),
        }
    }
    // Other formulations of the claim are kept in its note.
    let mut others: Vec<&str> = Vec::new();
    let mut seen_text: HashSet<&str, FastState> = HashSet::default();
    for m in members.iter().filter(|m| !m.reference && !m.text.is_empty() && m.text != text) {
        if seen_text.insert(m.text) {
            others.push(m.text);
        }
    }
    let also = (!others.is_empty())
        .then(|| format!("Also stated as: {}", others.iter().map(|o| format!("“{o}”")).collect::<Vec<_>>().join("; ")));
    // Stances.
    for (field, position) in STANCE_KEYS {
        let Some(&(_, n)) = data.iter().find(|(k, _)| *k == field) else { continue };
        match &n.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    // An actor's id: a link, read without a table.
                    stances.push(match &item.kind {
                        NodeKind::Str(actor) => Item::Link(Link {
                            from: actor.clone(),
                            to: id.clone(),
                            kind: LinkKind::Stance(position),
                            span: item.span,
                            at: [NOT_GIVEN; 2],
                        }),
                        _ => Item::Built(table(
                            vec![
                                (key("actor", item.span), value_of(item)),
                                (key("claim", item.span), string(id.clone(), item.span)),
                                (key("position", item.span), string(position.as_str(), item.span)),
                            ],
                            item.span,
                        )),
                    });
                }
            }
            _ => problems.push(Diagnostic::new(
                Code::WrongType,
                format!("`{field}` must be a list of actor ids"),
                n.span,
                "not a list",
            )),
        }
    }
    if let Some(&(_, n)) = data.iter().find(|(k, _)| *k == "stances") {
        match &n.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    match &item.kind {
                        NodeKind::Map(e) => {
                            // Strings of the fields a stance has: a record, not a table.
                            if let Some(record) = stance_record(id, item.span, e) {
                                stances.push(Item::Stance(Box::new(record)));
                                continue;
                            }
                            let mut e = entries_of(e);
                            if let Some(at) = e.iter().position(|(k, _)| k.name == "claim") {
                                problems.push(Diagnostic::new(
                                    Code::UnknownKey,
                                    "a stance in a statement's data names no claim: it is the statement's",
                                    e[at].0.span,
                                    "remove `claim`",
                                ));
                                e.remove(at);
                            }
                            e.insert(1.min(e.len()), (key("claim", item.span), string(id.clone(), item.span)));
                            stances.push(Item::Built(table(e, item.span)));
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
    // The node of each field (a key is in the merged data once).
    let mut found: [Option<&'d Node<'t>>; CLAIM_FIELDS.len()] = [None; CLAIM_FIELDS.len()];
    for &(k, v) in data {
        if let Some(i) = CLAIM_FIELDS.iter().position(|f| *f == k) {
            found[i] = Some(v);
        }
    }
    // `absent` last: the fields before it are the plain claim's.
    let plain = tag_node.is_none()
        && found[CLAIM_FIELDS.len() - 1].is_none()
        && found.iter().flatten().all(|n| matches!(n.kind, NodeKind::Str(_)));
    if plain {
        let mut fields: [Option<(Cow<'t, str>, Span)>; PLAIN_CLAIM_FIELDS.len()] =
            std::array::from_fn(|i| match found[i] {
                Some(Node { kind: NodeKind::Str(s), span }) => Some((s.clone(), *span)),
                _ => None,
            });
        if let Some(also) = also {
            let note = &mut fields[PLAIN_CLAIM_FIELDS.len() - 1];
            *note = Some(match note.take() {
                Some((n, at)) => (Cow::Owned(format!("{n}\n{also}")), at),
                None => (Cow::Owned(also), span),
            });
        }
        return ClaimItem::Plain(PlainClaim { id: id.clone(), span, text: text.clone(), fields, tags });
    }
    // Room for the text and the fields most claims have (kind, source, tags).
    let mut entries: Vec<(Key<'t>, V<'t>)> = Vec::with_capacity(4);
    entries.push((key("text", span), string(text.clone(), span)));
    for (field, node) in CLAIM_FIELDS.into_iter().zip(found) {
        let value = match (field, node, &also) {
            ("note", Some(Node { kind: NodeKind::Str(n), span }), Some(also)) => {
                Some(string(format!("{n}\n{also}"), *span))
            }
            ("note", None, Some(also)) => Some(string(also.clone(), span)),
            (_, node, _) => node.map(value_of),
        };
        if field == "absent" {
            // `tags` goes before `absent`, as in the format's own order.
            if let Some(n) = tag_node.take() {
                entries.push((key("tags", n.span), n));
            } else if !tags.is_empty() {
                let list = tags.drain(..).map(|(t, s)| string(t, s)).collect();
                entries.push((key("tags", span), array(list, span)));
            }
        }
        if let Some(v) = value {
            entries.push((key(field, v.span), v));
        }
    }
    ClaimItem::Built(Box::new((Key { name: id.clone(), span }, table(entries, span))))
}

#[cfg(test)]
mod tests {
    /// A claim's tags are those of its statements, then those of its data,
    /// each once, in the order first written, however many there are (a few
    /// are told apart one by one, more with a set).
    #[test]
    fn tags_are_kept_once_each_in_the_order_first_written() {
        let mut next = super::super::picker(0x2545_f491_4f6c_dd1d);
        for n in [0, 3, 15, 16, 17, 40, 200] {
            let written: Vec<String> = (0..n).map(|_| format!("t{}", next(n.max(1)))).collect();
            let data: Vec<String> = (0..n / 2).map(|_| format!("t{}", next(n + 8))).collect();
            let hashed: Vec<String> = written.iter().map(|t| format!("#{t}")).collect();
            let text = format!("[m]: M. {} {{tags: [{}]}}\n", hashed.join(" "), data.join(", "));
            let mut expected: Vec<&str> = Vec::new();
            for t in written.iter().chain(&data) {
                if !expected.contains(&t.as_str()) {
                    expected.push(t);
                }
            }
            let loaded = crate::formats::argdown::read("m.argdown", text.clone());
            let map = loaded.map.unwrap_or_else(|| panic!("{text}: {:?}", loaded.diagnostics));
            assert_eq!(map.claims[0].tags, expected, "{text}");
        }
    }
}
