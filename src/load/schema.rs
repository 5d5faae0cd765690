//! The schema layer: turns a [`Value`] tree into a resolved [`ArgMap`],
//! reporting every problem it finds (not only the first).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::sync::Arc;

use super::json::ItemParser;
use super::value::{Date, Deferred, Key, Kind, Time, Value, parse_date_time};
use crate::diag::{Code, Diagnostic, Label, did_you_mean};
use crate::formats::votes::name_key;
use crate::ids::FastState;
use crate::ids::IdIndex;
use crate::model::*;
use crate::source::{SourceFile, Span};

type Entries<'v, 'a> = &'v [(Key<'a>, Value<'a>)];

pub(crate) const TOP_KEYS: &[&str] =
    &["map", "actors", "claims", "relations", "stances", "checks", "acknowledged", "$schema"];
pub(crate) const MAP_KEYS: &[&str] = &["title", "source", "description", "url"];
pub(crate) const CLAIM_KEYS: &[&str] = &[
    "text",
    "kind",
    "tags",
    "source",
    "quote",
    "url",
    "note",
    "supports",
    "attacks",
    "contradicts",
    "implies",
    "undercuts",
    "absent",
];
pub(crate) const ACTOR_KEYS: &[&str] =
    &["name", "aliases", "kind", "description", "url", "affirms", "denies", "abstains"];
pub(crate) const RELATION_KEYS: &[&str] = &["id", "from", "to", "type", "note", "source"];
pub(crate) const STANCE_KEYS: &[&str] = &[
    "actor",
    "claim",
    "position",
    "date",
    "seq",
    "source",
    "quote",
    "via",
    "note",
    "basis",
    "reason",
    "recorded",
    "correction",
];
pub(crate) const ACK_KEYS: &[&str] = &["rule", "actor", "claims", "fingerprint", "reason"];
/// The keys of a baseline's `[[acknowledged]]` entries: a map's, and `file`.
pub(crate) const BASELINE_ACK_KEYS: &[&str] = &["rule", "actor", "claims", "fingerprint", "file", "reason"];
pub(crate) const BASELINE_KEYS: &[&str] = &["acknowledged", "$schema"];

/// A name written in the file, with where it was written. It borrows from
/// the source text (`'a`) when the name has no escapes: no string is copied
/// until it goes into the map.
#[derive(Clone)]
struct Ref<'a> {
    name: Cow<'a, str>,
    span: Span,
}

/// What a table or entry is, for messages. Formatted only when a message is
/// written, so that reading a valid map formats nothing per item.
#[derive(Clone, Copy)]
enum What<'v> {
    Text(&'v str),
    /// `claim `x``, `relation `r1``, ...
    Named(&'static str, &'v str),
    /// `relation #3`, `stance #7`, ...
    Nth(&'static str, usize),
}

impl fmt::Display for What<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::Text(t) => f.write_str(t),
            What::Named(kind, name) => write!(f, "{kind} `{name}`"),
            What::Nth(kind, n) => write!(f, "{kind} #{n}"),
        }
    }
}

impl<'v> From<&'v str> for What<'v> {
    fn from(t: &'v str) -> Self {
        What::Text(t)
    }
}

/// A relation as written, before its target is resolved. Kept small (there
/// are millions in a large map): what only the long form has is boxed, and
/// the relation's span is its target's.
struct PendingRelation<'a> {
    to: Ref<'a>,
    /// `Some` for a `[[relations]]` entry.
    long: Option<Box<LongForm<'a>>>,
    from: ClaimIdx,
    kind: RelationKind,
    /// The premises are linked (in `long`): a flag here, so that the passes
    /// over millions of relations need not read the boxed long form.
    linked: bool,
}

struct LongForm<'a> {
    id: Option<Ref<'a>>,
    note: Option<String>,
    source: Option<String>,
    /// Every premise of a linked relation (`from` is the first); empty when
    /// `from` names one claim.
    linked: Box<[ClaimIdx]>,
}

impl<'a> PendingRelation<'a> {
    fn shorthand(kind: RelationKind, from: ClaimIdx, to: Ref<'a>) -> Self {
        PendingRelation { to, long: None, from, kind, linked: false }
    }
    fn id(&self) -> Option<&Ref<'a>> {
        self.long.as_ref().and_then(|l| l.id.as_ref())
    }
    /// The premises of a linked relation (empty for one premise).
    fn linked(&self) -> &[ClaimIdx] {
        match &self.long {
            Some(l) if self.linked => &l.linked,
            _ => &[],
        }
    }
    /// The span of the item that states the relation.
    fn span(&self) -> Span {
        self.to.span
    }
}

/// (actor, claim, position, date, what only the long form has, origin, span)
/// A stance read but not yet resolved; the last field says that its `date`
/// or `seq` is invalid (it is then never taken for a duplicate of another
/// stance: two invalid dates are two errors, not one stance stated twice).
type PendingStance<'a> = (ActorIdx, Ref<'a>, Position, Option<Date>, Option<Box<LongStance>>, Origin, Span, bool);

/// What only a `[[stances]]` entry can carry: its evidence (`source`,
/// `quote`, `via`, `note`), its `basis`, the time of day of its `date`, and
/// its `seq`; its `reason` (claim ids, resolved with the stances) and the
/// position it was `recorded` as, with the `correction`.
#[derive(Default)]
struct LongStance {
    source: Option<String>,
    quote: Option<String>,
    via: Option<String>,
    note: Option<String>,
    basis: Basis,
    time: Option<Time>,
    seq: Option<u32>,
    reasons: Vec<(String, Span)>,
    recorded: Option<Box<Recorded>>,
}

impl LongStance {
    /// What tells apart two stances of one position on one day.
    fn order(extra: &Option<Box<LongStance>>) -> (Option<Time>, Option<u32>) {
        extra.as_ref().map_or((None, None), |e| (e.time, e.seq))
    }
}

/// The items of a table or an array of the map, built or deferred.
enum Items<'v, 'a> {
    Table(Entries<'v, 'a>),
    Array(&'v [Value<'a>]),
    Deferred(&'v Deferred<'a>, ItemParser<'a>),
}

impl<'v, 'a> Items<'v, 'a> {
    fn len(&self) -> usize {
        match self {
            Items::Table(t) => t.len(),
            Items::Array(a) => a.len(),
            Items::Deferred(d, _) => d.items.len(),
        }
    }
    /// The same items, with a parser of their own (for another thread).
    fn fork(&self) -> Items<'v, 'a> {
        match self {
            Items::Table(t) => Items::Table(t),
            Items::Array(a) => Items::Array(a),
            Items::Deferred(d, _) => Items::Deferred(d, ItemParser::new(d.text)),
        }
    }
    /// The item at `i`: its key (in a table) and its value, built now if it was deferred.
    fn get(&mut self, i: usize) -> (Option<Cow<'v, Key<'a>>>, Cow<'v, Value<'a>>) {
        match self {
            Items::Table(t) => (Some(Cow::Borrowed(&t[i].0)), Cow::Borrowed(&t[i].1)),
            Items::Array(a) => (None, Cow::Borrowed(&a[i])),
            Items::Deferred(d, _) if d.toml => (None, Cow::Owned(d.value(d.items[i]))),
            Items::Deferred(d, parser) => {
                let key = d.keys.get(i).map(|&span| Cow::Owned(parser.key_at(span)));
                (key, Cow::Owned(parser.value_at(d.items[i])))
            }
        }
    }
}

struct Reader {
    diags: Vec<Diagnostic>,
    /// How many "did you mean" searches were made; they are capped so that a
    /// huge map with many bad references stays linear.
    suggestions: usize,
    known_rules: Vec<&'static str>,
    /// Claims, actors and relations whose definition was dropped for an
    /// error. A reference to one is no second error: the error on the
    /// definition points at it instead (`uses`).
    broken: Arc<Broken>,
    /// References to broken definitions: (index of the definition's error in
    /// the main reader's `diags`, where the reference is).
    uses: Vec<(usize, Span)>,
    /// Names and aliases of the actors by identity ([`name_key`]), sorted:
    /// (identity, actor id, where given, whether an alias). For the hint on
    /// an actor named by its name instead of its id.
    actor_names: Vec<(String, String, Span, bool)>,
}

/// Definitions dropped for an error, by id: the index of that error.
#[derive(Default, Clone)]
struct Broken {
    claims: HashMap<String, usize>,
    actors: HashMap<String, usize>,
    relations: HashMap<String, usize>,
    /// Kinds (`claim`, ...) whose whole top-level table or array is of the
    /// wrong type: every reference to one is a place that error points at.
    whole: HashMap<&'static str, usize>,
}

impl Broken {
    /// The error that stands for the `what` (`claim`, `actor`, `relation`) `name`, if any.
    fn root(&self, what: &str, name: &str) -> Option<usize> {
        let by_name = match what {
            "claim" => &self.claims,
            "actor" => &self.actors,
            "relation" => &self.relations,
            _ => return None,
        };
        by_name.get(name).or_else(|| self.whole.get(what)).copied()
    }
}

/// The most references a broken definition's error shows; the rest are counted in a note.
const MAX_USES_SHOWN: usize = 8;

const MAX_SUGGESTIONS: usize = 64;

/// Read a parsed document into map parts. Diagnostics are returned alongside;
/// the parts are complete only when no diagnostic is an error.
/// `file` is the file the tree was parsed from; the map keeps it.
pub(crate) fn read<'a>(root: &Value<'a>, known_rules: &[&'static str], file: SourceFile) -> (ArgMap, Vec<Diagnostic>) {
    let mut r = Reader::new(known_rules);
    let mut parts = ArgMap::empty(file);
    let Some(top) = r.table(root, "the map file") else {
        return (parts, r.diags);
    };
    r.check_keys(top, TOP_KEYS, "the map file");
    parts.meta.span = Span::new(0, 0);

    read_meta(&mut r, top, &mut parts);

    // Claims, with their shorthand relations kept for resolution.
    let mut pending_rel: Vec<PendingRelation<'a>> = Vec::new();
    // Actors recorded as absent on a claim (resolved once actors are read).
    let mut pending_absent: Vec<(ClaimIdx, Vec<Ref<'a>>)> = Vec::new();
    read_all_claims(&mut r, top, &mut parts, &mut pending_rel, &mut pending_absent);

    // Actors, with their shorthand stances.
    let mut pending_stances: Vec<PendingStance<'a>> = Vec::new();
    read_actors(&mut r, top, &mut parts, &mut pending_stances);

    read_long_relations(&mut r, top, &parts, &mut pending_rel);
    read_long_stances(&mut r, top, &parts, &mut pending_stances);

    resolve_relations(&mut r, &mut parts, pending_rel);
    let stances = crate::par::prefaulted::<Stance>(pending_stances.len());
    resolve_absent(&mut r, &mut parts, pending_absent);
    let implied = build_stances(&mut r, &mut parts, stances, pending_stances);
    implied_stances(&mut parts, implied);

    read_checks(&mut r, top, &mut parts);

    // [[acknowledged]]
    if let Some(v) = get(top, "acknowledged") {
        let known = Known { actors: &parts.actor_index, claims: &parts.claim_index };
        parts.acknowledged = read_acks(&mut r, v, Some(known));
    }

    check_not_empty(&mut r, top, &parts);
    r.attach_uses();
    (parts, r.diags)
}

/// The long-form `[[relations]]`, read on every core; each `from` is looked
/// up there too, and one not found is reported here, in order.
fn read_long_relations<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    parts: &ArgMap,
    pending_rel: &mut Vec<PendingRelation<'a>>,
) {
    if let Some(items) = r.entries(top, "relations", false, "relation") {
        // Exactly: the shorthand relations are in, and this may be millions.
        pending_rel.shrink_to_fit();
        pending_rel.reserve_exact(items.len());
        let claims = &parts.claim_index;
        let read = |items: &mut Items<'_, 'a>, r: &mut Reader, i: usize| {
            let item = &*items.get(i).1;
            let what = What::Nth("relation", i + 1);
            let t = r.table(item, what)?;
            r.check_keys(t, RELATION_KEYS, what);
            let id = r.opt_ref(t, "id");
            let what = match &id {
                Some(id) => What::Named("relation", &id.name),
                None => what,
            };
            if let Some(id) = &id
                && !is_valid_id(&id.name)
            {
                r.invalid_id(id, "relation");
            }
            // `from` names one claim, or lists the premises of a linked relation.
            let (mut from, mut premises) = (None, None);
            match get(t, "from") {
                Some(v @ Value { kind: Kind::Array(_), .. }) => premises = Some((r.str_list(t, "from"), v.span)),
                Some(Value { kind: Kind::String(_), .. }) | None => from = r.req_ref(t, "from", what, item.span),
                Some(v) => r.wrong_type(
                    v,
                    "`from` must be a claim id or a list of claim ids",
                    "a string or an array of strings",
                    &v.kind,
                ),
            }
            let to = r.req_ref(t, "to", what, item.span);
            let kind = r
                .req_choice(t, "type", what, item.span, "relation type", &RelationKind::ALL, RelationKind::as_str)
                .map(|(k, _)| k);
            let note = r.opt_str(t, "note");
            let source = r.opt_str(t, "source");
            let (Some(to), Some(kind)) = (to, kind) else { return Some(Err((None, id))) };
            if let Some((list, span)) = premises {
                let Some((from, linked)) = linked_premises(r, claims, list, span, kind, what) else {
                    return Some(Err((None, id)));
                };
                let is_linked = !linked.is_empty();
                let long = Some(Box::new(LongForm { id, note, source, linked }));
                return Some(Ok(PendingRelation { to, long, from, kind, linked: is_linked }));
            }
            let Some(from) = from else { return Some(Err((None, id))) };
            Some(match claims.get(&from.name) {
                Some(from) => {
                    let long = Some(Box::new(LongForm { id, note, source, linked: Box::default() }));
                    Ok(PendingRelation { to, long, from, kind, linked: false })
                }
                None => Err((Some(from), id)),
            })
        };
        let reader = r.fork();
        read_parallel(&items, &reader, read, |diags, uses, rel| {
            // The relation's first error (or the error it shares with a
            // definition it names) stands for it when it is dropped.
            let mut root = (!diags.is_empty()).then_some(r.diags.len()).or(uses.first().map(|u| u.0));
            r.diags.extend(diags);
            r.uses.extend(uses);
            match rel {
                Some(Ok(p)) => pending_rel.push(p),
                Some(Err((from, id))) => {
                    if let Some(from) = from {
                        root = Some(r.unknown(&from, "claim", parts.claim_index.keys()));
                    }
                    if let (Some(id), Some(root)) = (id, root) {
                        r.mark_broken("relation", &id.name, root);
                    }
                }
                None => {}
            }
        });
    }
}

/// The long-form `[[stances]]`, the same way (each `actor` looked up on the
/// cores).
fn read_long_stances<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    parts: &ArgMap,
    pending_stances: &mut Vec<PendingStance<'a>>,
) {
    if let Some(v) = get(top, "stances")
        && let Some(items) = r.items(v, false, "`stances`")
    {
        pending_stances.shrink_to_fit();
        pending_stances.reserve_exact(items.len());
        let actors = &parts.actor_index;
        let read = |items: &mut Items<'_, 'a>, r: &mut Reader, i: usize| {
            let item = &*items.get(i).1;
            let what = What::Nth("stance", i + 1);
            let t = r.table(item, what)?;
            r.check_keys(t, STANCE_KEYS, what);
            let actor = r.req_ref(t, "actor", what, item.span);
            let claim = r.req_ref(t, "claim", what, item.span);
            let position = r.req_choice(t, "position", what, item.span, "position", &Position::ALL, Position::as_str);
            let date = get(t, "date").and_then(|d| r.date(d));
            let seq = get(t, "seq").map(|v| r.seq(v, date.is_some()));
            let extra = Box::new(LongStance {
                source: r.opt_str(t, "source"),
                quote: r.opt_str(t, "quote"),
                via: r.opt_str(t, "via"),
                note: r.opt_str(t, "note"),
                basis: r.opt_choice(t, "basis", "basis", &Basis::ALL, Basis::as_str).unwrap_or_default(),
                time: date.flatten().and_then(|d| d.1),
                seq: seq.flatten().filter(|_| date.flatten().is_some()),
                reasons: r.reasons(t),
                recorded: r.recorded(t, position.as_ref().map(|p| p.0)),
            });
            let (Some(actor), Some(claim), Some((position, pspan))) = (actor, claim, position) else { return None };
            Some(match actors.get(&actor.name) {
                Some(actor) => {
                    let bad_date = date == Some(None) || seq == Some(None);
                    let date = date.flatten().map(|d| d.0);
                    Ok((actor, claim, position, date, Some(extra), Origin::Long, pspan, bad_date))
                }
                None => Err(actor),
            })
        };
        let reader = r.fork();
        read_parallel(&items, &reader, read, |diags, uses, stance| {
            r.diags.extend(diags);
            r.uses.extend(uses);
            match stance {
                Some(Ok(s)) => pending_stances.push(s),
                Some(Err(actor)) => {
                    r.unknown(&actor, "actor", parts.actor_index.keys());
                }
                None => {}
            }
        });
    }
}

/// The actors recorded as absent on each claim, once the actors are read.
fn resolve_absent(r: &mut Reader, parts: &mut ArgMap, pending_absent: Vec<(ClaimIdx, Vec<Ref<'_>>)>) {
    for (claim, refs) in pending_absent {
        let mut absent = Vec::with_capacity(refs.len());
        for a in &refs {
            if let Some(ai) = r.resolve(&parts.actor_index, a, "actor")
                && !absent.contains(&ai)
            {
                absent.push(ai);
            }
        }
        parts.claims[claim as usize].absent = absent;
    }
}

/// The stances: claims resolved, exact duplicates dropped (their evidence
/// kept on the first), each stance's reasons resolved. Gives the stances
/// with reasons and their reasons: each an affirmation implied.
fn build_stances(
    r: &mut Reader,
    parts: &mut ArgMap,
    stances: std::thread::JoinHandle<Vec<Stance>>,
    pending_stances: Vec<PendingStance<'_>>,
) -> Vec<(StanceIdx, Vec<(ClaimIdx, Span)>)> {
    // Stances: resolve claims, drop exact duplicates.
    let (claim_of, dup_of) = resolve_stances(r, &parts, &pending_stances);
    // Pending index → index of the kept stance.
    let mut stance_of: Vec<StanceIdx> = vec![NONE; pending_stances.len()];
    // Stances with a `reason`, and their reasons: each an affirmation implied.
    let mut implied: Vec<(StanceIdx, Vec<(ClaimIdx, Span)>)> = Vec::new();
    parts.stances = crate::par::take_prefaulted(stances, pending_stances.len());
    for (i, (actor, _, position, date, extra, origin, span, _)) in pending_stances.into_iter().enumerate() {
        let claim = claim_of[i];
        if claim == NONE {
            continue;
        }
        let LongStance { source, quote, via, note, basis, time, seq, reasons, recorded } =
            extra.map_or_else(Default::default, |e| *e);
        let reasons = r.resolve_reasons(&parts, claim, reasons);
        if dup_of[i] != NONE {
            let kept = stance_of[dup_of[i] as usize] as usize;
            let first = parts.stances[kept].span;
            let a = &parts.actors[actor as usize].id;
            let c = &parts.claims[claim as usize].id;
            r.diags.push(
                Diagnostic::new(
                    Code::DuplicateStance,
                    format!("`{a}` {position} `{c}` is stated twice"),
                    span,
                    "stated again here",
                )
                .with_label(first, "first stated here")
                .with_help("remove one of them; the stance counts once"),
            );
            // Keep the evidence of the long form when the first was a shorthand.
            let kept = &mut parts.stances[kept];
            kept.source = kept.source.take().or(source);
            kept.quote = kept.quote.take().or(quote);
            kept.via = kept.via.take().or(via);
            kept.note = kept.note.take().or(note);
            if kept.origin == Origin::Shorthand {
                kept.basis = basis;
            }
            if kept.reasons.is_empty() && !reasons.is_empty() {
                kept.reasons = reasons.iter().map(|&(c, _)| c).collect();
                implied.push((stance_of[dup_of[i] as usize], reasons));
            }
            kept.recorded = kept.recorded.take().or(recorded);
        } else {
            stance_of[i] = parts.stances.len() as StanceIdx;
            if !reasons.is_empty() {
                implied.push((stance_of[i], reasons.clone()));
            }
            parts.stances.push(Stance {
                actor,
                claim,
                position,
                date,
                time,
                seq,
                source,
                quote,
                via,
                note,
                basis,
                reasons: reasons.iter().map(|&(c, _)| c).collect(),
                recorded,
                origin,
                span,
            });
        }
    }
    implied
}

/// The `claims` table: claims are read on every core, a run of them per
/// task, a window of runs at a time (so that drafts never pile up); then
/// registered in order, which decides indices and duplicates exactly as one
/// pass would. Shorthand relations and `absent` lists are kept for resolution.
fn read_all_claims<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    parts: &mut ArgMap,
    pending_rel: &mut Vec<PendingRelation<'a>>,
    pending_absent: &mut Vec<(ClaimIdx, Vec<Ref<'a>>)>,
) {
    if let Some(t) = r.entries(top, "claims", true, "claim") {
        let n = t.len();
        parts.claims.reserve(n);
        parts.claim_index = IdIndex::with_capacity(n);
        // Claims are read on every core, a run of them per task, a window of
        // runs at a time (so that drafts never pile up); then registered in
        // order, which decides indices and duplicates exactly as one pass would.
        let runs: Vec<std::ops::Range<usize>> =
            (0..n).step_by(CLAIMS_PER_TASK).map(|a| a..n.min(a + CLAIMS_PER_TASK)).collect();
        let threads = if n < 2 * CLAIMS_PER_TASK { 1 } else { crate::par::threads() };
        for window in runs.chunks(threads * TASKS_PER_THREAD) {
            let chunks = crate::par::map_ordered(
                window,
                threads,
                || (t.fork(), r.fork()),
                |(items, reader), run| read_claims(items, reader, run.clone()),
            );
            for chunk in chunks {
                register_claims(r, parts, chunk, pending_rel, pending_absent);
            }
        }
    }
}

/// The `actors` table, with their shorthand stances; then the names and
/// aliases of actors, by identity, for the alias checks and hints.
fn read_actors<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    parts: &mut ArgMap,
    pending_stances: &mut Vec<PendingStance<'a>>,
) {
    // Names and aliases of actors, by identity, when any actor has aliases:
    // (actor, span, whether an alias).
    let mut alias_names: Vec<(String, ActorIdx, Span, bool)> = Vec::new();
    let mut any_alias = false;
    if let Some(mut t) = r.entries(top, "actors", true, "actor") {
        for i in 0..t.len() {
            let (Some(key), val) = t.get(i) else { continue };
            let (key, val) = (&*key, &*val);
            let what = What::Named("actor", &key.name);
            let before = r.diags.len();
            let Some(at) = r.check_id(key, "actor").then(|| r.table(val, what)).flatten() else {
                if r.diags.len() > before {
                    r.mark_broken("actor", &key.name, before);
                }
                continue;
            };
            r.check_keys(at, ACTOR_KEYS, what);
            let idx = parts.actors.len() as ActorIdx;
            let actors = &parts.actors;
            if !r.register(&mut parts.actor_index, "actor", &key.name, key.span, idx, |i| actors[i as usize].span) {
                continue;
            }
            for pos in Position::ALL {
                r.each_str(at, pos.as_str(), |c| {
                    let span = c.span;
                    pending_stances.push((idx, c, pos, None, None, Origin::Shorthand, span, false));
                });
            }
            // `url` is part of the format but not of the model: check its type all the same.
            let _ = r.opt_str(at, "url");
            let name = r.opt_ref(at, "name");
            let mut aliases = Vec::new();
            for a in r.str_list(at, "aliases") {
                if a.name.trim().is_empty() {
                    r.diags.push(
                        Diagnostic::new(Code::InvalidValue, "an empty alias", a.span, "no name here").with_help(
                            "an alias is another name of the actor, as the votes write it: `aliases = [\"USA\"]`",
                        ),
                    );
                    continue;
                }
                any_alias = true;
                alias_names.push((name_key(&a.name), idx, a.span, true));
                aliases.push(a.name.to_string());
            }
            if let Some(n) = &name {
                alias_names.push((name_key(&n.name), idx, n.span, false));
            }
            parts.actors.push(Actor {
                id: key.name.to_string(),
                aliases,
                name: name.map(|n| n.name.into_owned()),
                kind: r.opt_str(at, "kind"),
                description: r.opt_str(at, "description"),
                span: key.span,
            });
        }
    }

    // An alias names one actor: no other actor's alias or name may be the same name.
    if any_alias {
        r.duplicate_aliases(&mut alias_names, &parts.actors);
    } else {
        alias_names.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.start.cmp(&b.2.start)));
    }
    r.actor_names = alias_names
        .into_iter()
        .map(|(key, actor, span, alias)| (key, parts.actors[actor as usize].id.clone(), span, alias))
        .collect();
}

/// The `[map]` table: the map's title, source, description and url.
fn read_meta(r: &mut Reader, top: Entries<'_, '_>, parts: &mut ArgMap) {
    if let Some(v) = get(top, "map")
        && let Some(t) = r.table(v, "`map`")
    {
        r.check_keys(t, MAP_KEYS, "`map`");
        parts.meta = MapMeta {
            title: r.opt_str(t, "title"),
            source: r.opt_str(t, "source"),
            description: r.opt_str(t, "description"),
            url: r.opt_str(t, "url"),
            span: key_span(top, "map").unwrap_or(v.span),
        };
    }
}

/// The `[checks]` table: a level for each rule named.
fn read_checks(r: &mut Reader, top: Entries<'_, '_>, parts: &mut ArgMap) {
    if let Some(v) = get(top, "checks")
        && let Some(t) = r.table(v, "`checks`")
    {
        r.check_keys(t, &[], What::Text(""));
        for (key, val) in t {
            let Some(rule) = r.check_rule(&key.name, key.span) else { continue };
            let Some(level) = r.string(val, &key.name) else { continue };
            match RuleLevel::parse(&level) {
                Some(level) => parts.checks.push(RuleSetting { rule, level, span: val.span }),
                None => {
                    let names: Vec<&str> = RuleLevel::ALL.iter().map(|l| l.as_str()).collect();
                    r.invalid_value(&Ref { name: Cow::Owned(level), span: val.span }, "rule level", &names);
                }
            }
        }
    }
}

/// The error for a map without claims (unless an error explains it already).
fn check_not_empty(r: &mut Reader, top: Entries<'_, '_>, parts: &ArgMap) {
    if parts.claims.is_empty() && !r.diags.iter().any(|d| d.level == crate::diag::Level::Error) {
        let (span, label) = match key_span(top, "claims") {
            Some(span) => (span, "`claims` is empty"),
            None => (Span::new(0, 0), "no `claims` in this file"),
        };
        r.diags.push(
            Diagnostic::new(Code::EmptyMap, "the map has no claims", span, label)
                .with_help("add at least one claim: `[claims.my-claim]` with `text = \"...\"`"),
        );
    }
}

/// The affirmations a stance's `reason` implies (docs/checks.md,
/// "Explanations of vote"): for each reason, the actor affirms it as of the
/// stance (same date, time and `seq`, same evidence and basis), after every
/// stance in the file. One already stated (or implied twice) counts once.
fn implied_stances(parts: &mut ArgMap, implied: Vec<(StanceIdx, Vec<(ClaimIdx, Span)>)>) {
    if implied.is_empty() {
        return;
    }
    type Key = (ActorIdx, ClaimIdx, Option<Date>, Option<Time>, Option<u32>);
    let key = |s: &Stance| (s.actor, s.claim, s.date, s.time, s.seq);
    let wanted: std::collections::HashSet<(ActorIdx, ClaimIdx)> = implied
        .iter()
        .flat_map(|(si, rs)| rs.iter().map(move |&(c, _)| (*si, c)))
        .map(|(si, c)| (parts.stances[si as usize].actor, c))
        .collect();
    let mut stated: std::collections::HashSet<Key> = parts
        .stances
        .iter()
        .filter(|s| s.position == Position::Affirms && wanted.contains(&(s.actor, s.claim)))
        .map(key)
        .collect();
    for (si, reasons) in implied {
        for (c, span) in reasons {
            let of = &parts.stances[si as usize];
            let s = Stance {
                claim: c,
                position: Position::Affirms,
                note: Some(format!("given as its reason for its stance on `{}`", parts.claims[of.claim as usize].id)),
                reasons: Box::default(),
                recorded: None,
                origin: Origin::Reason,
                span,
                ..of.clone()
            };
            if stated.insert(key(&s)) {
                parts.stances.push(s);
            }
        }
    }
}

/// The ids an acknowledgement in a map must name.
#[derive(Clone, Copy)]
struct Known<'m> {
    actors: &'m IdIndex,
    claims: &'m IdIndex,
}

/// Read the `[[acknowledged]]` array of a map (`known` holds its ids, which
/// every entry must name) or of a baseline (`None`: ids are not looked up,
/// and entries may name a `file`).
fn read_acks(r: &mut Reader, v: &Value<'_>, known: Option<Known<'_>>) -> Vec<Acknowledgement> {
    let mut out = Vec::new();
    let Some(items) = r.array(v, "`acknowledged`") else { return out };
    for (i, item) in items.iter().enumerate() {
        let what = What::Nth("acknowledgement", i + 1);
        let Some(t) = r.table(item, what) else { continue };
        r.check_keys(t, if known.is_some() { ACK_KEYS } else { BASELINE_ACK_KEYS }, what);
        let fingerprint = r.opt_ref(t, "fingerprint");
        // `rule` may be left out only when a fingerprint names the finding.
        let rule = if fingerprint.is_some() { r.opt_ref(t, "rule") } else { r.req_ref(t, "rule", what, item.span) };
        let reason = r.req_ref(t, "reason", what, item.span);
        let actor = r.opt_ref(t, "actor");
        let file = if known.is_some() { None } else { r.opt_ref(t, "file") };
        let mut ok = reason.is_some() && (rule.is_some() || fingerprint.is_some());
        let claims = match get(t, "claims") {
            None => None,
            Some(Value { kind: Kind::String(s), .. }) if s == "*" => Some(AckClaims::Any),
            Some(v @ Value { kind: Kind::String(s), .. }) => {
                r.diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!(
                            "`claims` must be an array of claim ids or \"*\", found the string `{}`",
                            s.escape_debug()
                        ),
                        v.span,
                        "expected an array, or \"*\"",
                    )
                    .with_help(
                        "write `claims = [\"a\", \"b\"]` for the finding on exactly these claims, or `claims = \"*\"` \
                         for every finding of the rule",
                    ),
                );
                ok = false;
                None
            }
            Some(_) => {
                let list = r.str_list(t, "claims");
                if let Some(k) = known {
                    for c in &list {
                        ok &= r.resolve(k.claims, c, "claim").is_some();
                    }
                }
                Some(AckClaims::Exactly(list.into_iter().map(|c| c.name.to_string()).collect()))
            }
        };
        let rule = rule.and_then(|rule| {
            let checked = r.check_rule(&rule.name, rule.span);
            ok &= checked.is_some();
            checked
        });
        if let (Some(a), Some(k)) = (&actor, known) {
            ok &= r.resolve(k.actors, a, "actor").is_some();
        }
        if let Some(f) = &fingerprint
            && !crate::check::is_fingerprint(&f.name)
        {
            r.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` is not a fingerprint", f.name.escape_debug()),
                    f.span,
                    "not a fingerprint",
                )
                .with_help("a fingerprint is 16 lowercase hex digits, as in a finding's `fingerprint`"),
            );
            ok = false;
        }
        if let (Some(reason), true) = (reason, ok) {
            out.push(Acknowledgement {
                rule,
                actor: actor.map(|a| a.name.to_string()),
                claims,
                fingerprint: fingerprint.map(|f| f.name.to_string()),
                file: file.map(|f| f.name.to_string()),
                reason: reason.name.to_string(),
                span: item.span,
            });
        }
    }
    out
}

/// Read a parsed baseline file: its `[[acknowledged]]` entries, and every
/// problem found in it.
pub(crate) fn read_baseline(root: &Value<'_>, known_rules: &[&'static str]) -> (Vec<Acknowledgement>, Vec<Diagnostic>) {
    let mut r = Reader::new(known_rules);
    let Some(top) = r.table(root, "the baseline file") else { return (Vec::new(), r.diags) };
    r.check_keys(top, BASELINE_KEYS, "the baseline file");
    let acks = get(top, "acknowledged").map(|v| read_acks(&mut r, v, None)).unwrap_or_default();
    (acks, r.diags)
}

/// Claims read by one task.
const CLAIMS_PER_TASK: usize = 4096;
/// Tasks per thread in a window of claims read before they are registered.
const TASKS_PER_THREAD: usize = 8;

/// Items of a long-form section read by one task.
const ITEMS_PER_TASK: usize = 4096;

/// Read the items of a section on every core, a run of them per task and a
/// window of runs at a time; `merge` receives each item's diagnostics and
/// result in the order of the file, as a single pass would have made them.
fn read_parallel<'v, 'a, T: Send>(
    items: &Items<'v, 'a>,
    reader: &Reader,
    read: impl Fn(&mut Items<'v, 'a>, &mut Reader, usize) -> T + Sync,
    mut merge: impl FnMut(Vec<Diagnostic>, Vec<(usize, Span)>, T),
) {
    let n = items.len();
    let runs: Vec<std::ops::Range<usize>> =
        (0..n).step_by(ITEMS_PER_TASK).map(|a| a..n.min(a + ITEMS_PER_TASK)).collect();
    let threads = if n < 2 * ITEMS_PER_TASK { 1 } else { crate::par::threads() };
    for window in runs.chunks(threads * TASKS_PER_THREAD) {
        let done = crate::par::map_ordered(
            window,
            threads,
            || (items.fork(), reader.fork()),
            |(items, r), run| {
                run.clone()
                    .map(|i| {
                        let out = read(items, r, i);
                        (std::mem::take(&mut r.diags), std::mem::take(&mut r.uses), out)
                    })
                    .collect::<Vec<_>>()
            },
        );
        for (diags, uses, out) in done.into_iter().flatten() {
            merge(diags, uses, out);
        }
    }
}

/// A claim as read, before its id is registered.
struct ClaimDraft {
    /// Diagnostics up to the registration of the id, and after it (dropped
    /// when the id turns out to be a duplicate, as a single pass would never
    /// have read the rest).
    before: Vec<Diagnostic>,
    after: Vec<Diagnostic>,
    /// The id, when the entry is not a claim (an invalid id, not a table).
    claim: Result<Claim, String>,
}

/// A run of claims as read by one task: the drafts, with the shorthand
/// relations and absences of each (`from` and the claim index are positions
/// in `drafts` until registration).
struct ClaimRun<'a> {
    drafts: Vec<ClaimDraft>,
    rels: Vec<PendingRelation<'a>>,
    absent: Vec<(ClaimIdx, Vec<Ref<'a>>)>,
}

/// Read the claims at `range` of the `claims` table.
fn read_claims<'a>(t: &mut Items<'_, 'a>, r: &mut Reader, range: std::ops::Range<usize>) -> ClaimRun<'a> {
    let mut run = ClaimRun { drafts: Vec::with_capacity(range.len()), rels: Vec::new(), absent: Vec::new() };
    for i in range {
        let (Some(key), val) = t.get(i) else { continue };
        let (key, val) = (&*key, &*val);
        let local = run.drafts.len() as ClaimIdx;
        let skip = |r: &mut Reader| ClaimDraft {
            before: std::mem::take(&mut r.diags),
            after: Vec::new(),
            claim: Err(key.name.to_string()),
        };
        if !r.check_id(key, "claim") {
            run.drafts.push(skip(r));
            continue;
        }
        let what = What::Named("claim", &key.name);
        let Some(ct) = r.table(val, what) else {
            run.drafts.push(skip(r));
            continue;
        };
        r.check_keys(ct, CLAIM_KEYS, what);
        let before = std::mem::take(&mut r.diags);
        let text = match get(ct, "text") {
            Some(tv) => r.string(tv, "text").unwrap_or_default(),
            None => {
                r.diags.push(
                    Diagnostic::new(
                        Code::MissingKey,
                        format!("{what} has no `text`"),
                        key.span,
                        "this claim needs a `text`",
                    )
                    .with_help("every claim states its content: add `text = \"...\"`"),
                );
                String::new()
            }
        };
        for kind in RelationKind::ALL {
            r.each_str(ct, kind.as_str(), |target| run.rels.push(PendingRelation::shorthand(kind, local, target)));
        }
        let absent = r.str_list(ct, "absent");
        if !absent.is_empty() {
            run.absent.push((local, absent));
        }
        let claim = Claim {
            absent: Vec::new(),
            id: key.name.to_string(),
            text,
            kind: r.opt_str(ct, "kind"),
            tags: r.str_list(ct, "tags").into_iter().map(|t| t.name.to_string()).collect(),
            source: r.opt_str(ct, "source"),
            quote: r.opt_str(ct, "quote"),
            url: r.opt_str(ct, "url"),
            note: r.opt_str(ct, "note"),
            span: key.span,
        };
        run.drafts.push(ClaimDraft { before, after: std::mem::take(&mut r.diags), claim: Ok(claim) });
    }
    run
}

/// Register a run of claims in order: give each its index, or report its id
/// as a duplicate (and drop what else it says).
fn register_claims<'a>(
    r: &mut Reader,
    parts: &mut ArgMap,
    run: ClaimRun<'a>,
    pending_rel: &mut Vec<PendingRelation<'a>>,
    pending_absent: &mut Vec<(ClaimIdx, Vec<Ref<'a>>)>,
) {
    let mut index: Vec<ClaimIdx> = Vec::with_capacity(run.drafts.len());
    for draft in run.drafts {
        let first = r.diags.len();
        r.diags.extend(draft.before);
        let claim = match draft.claim {
            Ok(claim) => claim,
            Err(id) => {
                if r.diags.len() > first {
                    r.mark_broken("claim", &id, first);
                }
                index.push(NONE);
                continue;
            }
        };
        let idx = parts.claims.len() as ClaimIdx;
        let claims = &parts.claims;
        if !r.register(&mut parts.claim_index, "claim", &claim.id, claim.span, idx, |i| claims[i as usize].span) {
            index.push(NONE);
            continue;
        }
        r.diags.extend(draft.after);
        parts.claims.push(claim);
        index.push(idx);
    }
    pending_rel.extend(run.rels.into_iter().filter_map(|mut p| {
        p.from = index[p.from as usize];
        (p.from != NONE).then_some(p)
    }));
    pending_absent.extend(run.absent.into_iter().filter_map(|(c, refs)| {
        let c = index[c as usize];
        (c != NONE).then_some((c, refs))
    }));
}

/// No index (in the vectors of pending stances).
const NONE: u32 = u32::MAX;

/// Resolve the claims of pending stances (in order, reporting unknown ones),
/// and find exact duplicates: for each stance, its claim ([`NONE`] when
/// unknown) and the earlier stance it repeats ([`NONE`] when none). A stance
/// can only repeat one of the same actor on the same claim: actor by actor,
/// arrays over the claims find those, and only stances in such groups (few)
/// go into a hash table. A table of every stance would cost a cache miss per
/// stance on a map with millions of votes.
fn resolve_stances(r: &mut Reader, parts: &ArgMap, pending: &[PendingStance<'_>]) -> (Vec<ClaimIdx>, Vec<u32>) {
    // Looked up on every core; the unknown ones reported in order.
    let mut claim_of = lookup_all(pending, |run: &[PendingStance<'_>]| {
        let mut out = Vec::with_capacity(run.len());
        parts
            .claim_index
            .get_each(run.iter().map(|(_, claim, ..)| claim.name.as_ref()), |c| out.push(c.unwrap_or(NONE)));
        out
    });
    for ((_, claim, ..), c) in pending.iter().zip(&mut claim_of) {
        if *c == NONE {
            *c = r.resolve(&parts.claim_index, claim, "claim").unwrap_or(NONE);
        }
    }
    let by_actor = crate::graph::Index::build(
        parts.actors.len(),
        pending.iter().enumerate().filter(|&(i, s)| claim_of[i] != NONE && !s.7).map(|(i, s)| (s.0, i as u32)),
    );
    let mut dup_of = vec![NONE; pending.len()];
    // Per claim: the actor last seen on it, that actor's first stance on it,
    // and whether that first stance is in `groups` yet.
    let mut actor_on = vec![NONE; parts.claims.len()];
    let mut first_on = vec![NONE; parts.claims.len()];
    let mut grouped = vec![false; parts.claims.len()];
    type Same = (ActorIdx, ClaimIdx, Position, Option<Date>, (Option<Time>, Option<u32>));
    let mut groups: HashMap<Same, u32, FastState> = HashMap::default();
    for a in 0..parts.actors.len() as ActorIdx {
        for &i in by_actor.get(a) {
            let c = claim_of[i as usize];
            let p = &pending[i as usize];
            let (position, date, order) = (p.2, p.3, LongStance::order(&p.4));
            if actor_on[c as usize] != a {
                actor_on[c as usize] = a;
                first_on[c as usize] = i;
                grouped[c as usize] = false;
                continue;
            }
            if !grouped[c as usize] {
                let f = first_on[c as usize] as usize;
                groups.insert((a, c, pending[f].2, pending[f].3, LongStance::order(&pending[f].4)), f as u32);
                grouped[c as usize] = true;
            }
            match groups.entry((a, c, position, date, order)) {
                Entry::Occupied(o) => dup_of[i as usize] = *o.get(),
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }
    (claim_of, dup_of)
}

/// References looked up by one task.
const LOOKUPS_PER_TASK: usize = 65_536;

/// `f` of every run of items, on every core, joined: for lookups, millions
/// on a large map, each a cache miss or two.
fn lookup_all<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let threads = if items.len() < 2 * LOOKUPS_PER_TASK { 1 } else { crate::par::threads() };
    let runs: Vec<&[T]> = items.chunks(LOOKUPS_PER_TASK).collect();
    let found: Vec<Vec<R>> = crate::par::map_ordered(&runs, threads, || (), |_, run| f(run));
    let mut out = Vec::with_capacity(items.len());
    for part in found {
        out.extend(part);
    }
    out
}

fn resolve_relations(r: &mut Reader, parts: &mut ArgMap, mut rels: Vec<PendingRelation<'_>>) {
    // First give every relation an index, so that undercuts can name any
    // relation (including another undercut) by id.
    let mut keeps: Vec<bool> = Vec::with_capacity(rels.len());
    // The relations' memory is made ready on another core meanwhile.
    let relations = crate::par::prefaulted::<Relation>(rels.len());
    let with_id = rels.iter().filter(|p| p.id().is_some()).count();
    let mut ids = IdIndex::with_capacity(with_id);
    for (i, p) in rels.iter().enumerate() {
        let mut keep = true;
        // (An id too long to index is reported as invalid already.)
        if let Some(id) = p.id()
            && id.name.len() <= crate::ids::MAX_ID
            && !ids.insert(&id.name, i as u32)
        {
            let first: &PendingRelation<'_> = &rels[ids.get(&id.name).unwrap_or(0) as usize];
            let first_span = first.id().map_or(first.span(), |i| i.span);
            r.diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("relation id `{}` is used twice", id.name),
                    id.span,
                    "used again here",
                )
                .with_label(first_span, "first used here"),
            );
            keep = false;
        }
        keeps.push(keep);
    }
    // Resolve targets. The lookups (millions on a large map, each a cache
    // miss or two) are made on every core first; the diagnostics after, in
    // order. Each lookup only when needed: most targets are claims.
    let found = lookup_all(&rels, |run: &[PendingRelation<'_>]| {
        let mut out = Vec::with_capacity(run.len());
        let mut ps = run.iter();
        parts.claim_index.get_each(run.iter().map(|p| p.to.name.as_ref()), |claim| {
            let p = ps.next().expect("one result per relation");
            let rel = || ids.get(&p.to.name).map(|i| i as usize);
            out.push(if p.kind == RelationKind::Undercuts {
                // An undercut names a relation first.
                match rel() {
                    Some(rel) => (None, Some(rel)),
                    None => (claim, None),
                }
            } else {
                (claim, if claim.is_some() { None } else { rel() })
            });
        });
        out
    });
    let mut targets: Vec<Option<Target>> = Vec::with_capacity(rels.len());
    let mut shorthands = ShorthandSearch { left: MAX_SUGGESTIONS, any: rels.iter().any(|s| s.long.is_none()) };
    for ((p, keep), (claim, rel)) in rels.iter().zip(&keeps).zip(found) {
        if !*keep {
            targets.push(None);
            continue;
        }
        let t = if p.kind == RelationKind::Undercuts {
            match (rel, claim) {
                (Some(ri), _) => Some(Target::Relation(ri as RelIdx)),
                (None, Some(c)) => {
                    let d = Diagnostic::new(
                        Code::UndercutTarget,
                        format!("`{}` is a claim, but an undercut targets a relation", p.to.name),
                        p.to.span,
                        "this is a claim id",
                    );
                    // The relation meant is likely a shorthand from (or else to) this claim.
                    let meant = shorthands.next_if(|| {
                        rels.iter()
                            .position(|s| s.long.is_none() && s.from == c)
                            .or_else(|| rels.iter().position(|s| s.long.is_none() && s.to.name == p.to.name))
                    });
                    let mut d = d.with_help("give the relation it defeats an `id` in `[[relations]]` and name that id here; to argue against a claim, use `attacks`");
                    if let Some(s) = meant {
                        shorthand_hint(&mut d, &parts.claims, &rels[s], "; to argue against a claim, use `attacks`");
                    }
                    r.diags.push(d);
                    None
                }
                (None, None) => {
                    let broken = r.broken.root("relation", &p.to.name).is_some();
                    let at = r.unknown(&p.to, "relation", ids.keys());
                    if !broken {
                        // A shorthand relation named by its claims, as in
                        // `a --supports--> b` or `a-supports-b`.
                        let claims = &parts.claims;
                        let meant = shorthands.next_if(|| {
                            rels.iter().position(|s| {
                                s.long.is_none()
                                    && p.to.name.contains(claims[s.from as usize].id.as_str())
                                    && p.to.name.contains(s.to.name.as_ref())
                            })
                        });
                        let d = &mut r.diags[at];
                        match meant {
                            Some(s) => shorthand_hint(d, claims, &rels[s], ""),
                            None if d.help.is_none() && shorthands.any => d.notes.push(
                                "shorthand relations (`supports = [..]` on a claim) have no id: only a `[[relations]]` entry with an `id` can be undercut".into(),
                            ),
                            None => {}
                        }
                    }
                    None
                }
            }
        } else {
            match (claim, rel) {
                (Some(c), _) => Some(Target::Claim(c)),
                (None, Some(_)) => {
                    r.diags.push(
                        Diagnostic::new(
                            Code::UndercutTarget,
                            format!("`{}` is a relation, but `{}` targets a claim", p.to.name, p.kind),
                            p.to.span,
                            "this is a relation id",
                        )
                        .with_help("only `undercuts` can target a relation"),
                    );
                    None
                }
                (None, None) => {
                    r.unknown_claim(&p.to, &parts.claim_index);
                    None
                }
            }
        };
        targets.push(t);
    }
    // What is no longer needed goes as soon as it can: on a large map each of
    // these is tens of megabytes, and the peak comes with `parts.relations`.
    drop(ids);
    drop(keeps);
    // Self relations.
    for (i, p) in rels.iter().enumerate() {
        let is_self = match targets[i] {
            Some(Target::Claim(c)) if !p.linked().is_empty() => p.linked().contains(&c),
            Some(Target::Claim(c)) => c == p.from,
            Some(Target::Relation(t)) => t as usize == i,
            None => false,
        };
        if is_self {
            let name = match targets[i] {
                Some(Target::Claim(c)) => &parts.claims[c as usize].id,
                _ => &parts.claims[p.from as usize].id,
            };
            let (msg, label, help) = match targets[i] {
                Some(Target::Relation(_)) => (
                    format!("relation `{}` undercuts itself", p.id().map_or("", |i| &i.name)),
                    "a relation cannot defeat itself".to_string(),
                    "an undercut defeats another relation: name that relation's id",
                ),
                _ if !p.linked().is_empty() => (
                    format!("claim `{name}` is a premise of a relation that {} it", p.kind),
                    format!("`{name}` is both a premise and the target here"),
                    "the premises of a relation are claims other than its target",
                ),
                _ => (
                    format!("claim `{name}` {} itself", p.kind),
                    format!("`{name}` relates to itself here"),
                    "a relation joins two different claims",
                ),
            };
            r.diags.push(Diagnostic::new(Code::SelfRelation, msg, p.to.span, label).with_help(help));
            targets[i] = None;
        }
    }
    // An undercut of a relation that was dropped for an error is dropped
    // too (the error is already reported). Chains are followed iteratively.
    let mut state: Vec<u8> = vec![0; rels.len()]; // 0 unknown, 1 on path, 2 valid, 3 invalid
    for start in 0..rels.len() {
        let mut path = Vec::new();
        let mut i = start;
        let ok = loop {
            match state[i] {
                2 => break true,
                3 => break false,
                1 => break true, // a cycle of undercuts: every member exists
                _ => {}
            }
            match targets[i] {
                None => {
                    state[i] = 3;
                    break false;
                }
                Some(Target::Relation(t)) => {
                    state[i] = 1;
                    path.push(i);
                    i = t as usize;
                }
                Some(Target::Claim(_)) => {
                    state[i] = 2;
                    break true;
                }
            }
        };
        for j in path {
            state[j] = if ok { 2 } else { 3 };
            if !ok {
                targets[j] = None;
            }
        }
    }
    // Deduplicate (kind, from, to), with `contradicts` symmetric. The first
    // statement is kept; an id or note on a later one is merged into it. An
    // undercut's `to` is the relation it defeats with its duplicates merged
    // (two ids of one relation name one target), and merging can make two
    // undercuts the same: passes repeat until nothing merges. Going by depth
    // (relations between claims, then undercuts of them, ...) the first pass
    // merges all but what cycles of undercuts leave to the next.
    // Indices are kept in 32 bits (relations are at most `u32::MAX`): these
    // arrays are as long as all relations, millions on a large map.
    const UNSET: u32 = u32::MAX;
    const ON_PATH: u32 = u32::MAX - 1;
    const CYCLE: u32 = u32::MAX - 2;
    let mut depth: Vec<u32> = vec![UNSET; rels.len()];
    for start in 0..rels.len() {
        let mut path = Vec::new();
        let mut i = start;
        let base = loop {
            match depth[i] {
                UNSET => {}
                ON_PATH => break CYCLE,
                d => break d,
            }
            match targets[i] {
                Some(Target::Relation(t)) => {
                    depth[i] = ON_PATH;
                    path.push(i);
                    i = t as usize;
                }
                _ => {
                    depth[i] = 0;
                    break 0;
                }
            }
        };
        let mut d = base;
        for &j in path.iter().rev() {
            d = if d >= CYCLE { CYCLE } else { d + 1 };
            depth[j] = d;
        }
    }
    let mut order: Vec<u32> = (0..rels.len() as u32).filter(|&i| targets[i as usize].is_some()).collect();
    order.sort_by_key(|&i| depth[i as usize]);
    // Each relation's representative: the first statement of its class.
    fn find(rep: &mut [u32], i: u32) -> u32 {
        let mut i = i as usize;
        while rep[i] as usize != i {
            rep[i] = rep[rep[i] as usize];
            i = rep[i] as usize;
        }
        i as u32
    }
    let mut rep: Vec<u32> = (0..rels.len() as u32).collect();
    // The key (kind, from, to) packed in one integer: hashed in two steps.
    let pack = |kind: RelationKind, from: ClaimIdx, to: Target| -> u128 {
        let to = match to {
            Target::Claim(c) => u64::from(c),
            Target::Relation(r) => (1 << 32) | u64::from(r),
        };
        ((kind as u128) << 96) | (u128::from(from) << 64) | u128::from(to)
    };
    // Relations between claims (depth 0, the most by far) can only be the
    // same as relations between the same claims: split by the key's claim,
    // their classes are found on every core, each part with its own table.
    // Each class's first statement comes first in `order`.
    let flat = order.partition_point(|&i| depth[i as usize] == 0);
    let key_claim = |i: u32| -> ClaimIdx {
        let p = &rels[i as usize];
        match targets[i as usize] {
            Some(Target::Claim(c)) if p.kind == RelationKind::Contradicts => c.min(p.from),
            _ => p.from,
        }
    };
    let claims = parts.claims.len().max(1) as u64;
    // As many parts as cores, small maps included (on one thread), so that
    // every map goes the same way.
    let parts_n = crate::par::threads();
    let threads = if flat < 2 * LOOKUPS_PER_TASK { 1 } else { parts_n };
    let shares: Vec<u64> = (0..parts_n as u64).collect();
    let merges = crate::par::map_ordered(
        &shares,
        threads,
        || (),
        |_, &share| {
            let mut keyed: HashMap<u128, u32, FastState> =
                HashMap::with_capacity_and_hasher(flat / parts_n + 1, FastState::default());
            let mut merges: Vec<(u32, u32)> = Vec::new();
            for &i in &order[..flat] {
                if rels[i as usize].linked {
                    continue; // below
                }
                let c = key_claim(i);
                if u64::from(c) * parts_n as u64 / claims != share {
                    continue;
                }
                let (p, to) = (&rels[i as usize], targets[i as usize].unwrap_or(Target::Claim(0)));
                let key = match (p.kind, to) {
                    (RelationKind::Contradicts, Target::Claim(t)) if t < p.from => {
                        pack(p.kind, t, Target::Claim(p.from))
                    }
                    _ => pack(p.kind, p.from, to),
                };
                match keyed.entry(key) {
                    Entry::Occupied(o) => merges.push((i, *o.get())),
                    Entry::Vacant(e) => {
                        e.insert(i);
                    }
                }
            }
            merges
        },
    );
    for (i, first) in merges.into_iter().flatten() {
        rep[i as usize] = first;
    }
    // Linked relations (few): the same premises in any order, kind and target.
    let mut linked_keys: HashMap<(RelationKind, Vec<ClaimIdx>, ClaimIdx), u32> = HashMap::new();
    for &i in order[..flat].iter().filter(|&&i| rels[i as usize].linked) {
        let p = &rels[i as usize];
        let Some(Target::Claim(to)) = targets[i as usize] else { continue };
        let mut premises = p.linked().to_vec();
        premises.sort_unstable();
        match linked_keys.entry((p.kind, premises, to)) {
            Entry::Occupied(o) => rep[i as usize] = *o.get(),
            Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    drop(linked_keys);
    // Then undercuts, depth by depth, until nothing merges.
    let mut keyed: HashMap<u128, u32, FastState> =
        HashMap::with_capacity_and_hasher(order.len() - flat, FastState::default());
    loop {
        let mut merged = false;
        keyed.clear();
        for &i in &order[flat..] {
            let Some(to) = targets[i as usize] else { continue };
            let p = &rels[i as usize];
            let key = match (p.kind, to) {
                (_, Target::Relation(t)) => pack(p.kind, p.from, Target::Relation(find(&mut rep, t))),
                _ => pack(p.kind, p.from, to),
            };
            let me = find(&mut rep, i);
            match keyed.entry(key) {
                Entry::Occupied(o) => {
                    let other = find(&mut rep, *o.get());
                    if other != me {
                        rep[me.max(other) as usize] = me.min(other);
                        merged = true;
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(me);
                }
            }
        }
        if !merged {
            break;
        }
    }
    drop(keyed);
    drop(order);
    drop(depth);
    drop(state);
    // Each relation's first statement (`NONE` when dropped).
    let mut remap: Vec<u32> = vec![NONE; rels.len()];
    for i in 0..rels.len() {
        if targets[i].is_none() {
            continue;
        }
        let first = find(&mut rep, i as u32) as usize;
        remap[i] = first as u32;
        if first != i {
            let p = &rels[i];
            let fspan = rels[first].span();
            let from = premises_text(&parts.claims, p);
            r.diags.push(
                Diagnostic::new(
                    Code::DuplicateRelation,
                    format!("the relation `{from}` {} `{}` is stated twice", p.kind, p.to.name),
                    p.span(),
                    "stated again here",
                )
                .with_label(fspan, "first stated here")
                .with_help("remove one statement; the relation counts once"),
            );
        }
    }
    drop(rep);
    // Final indices of the kept relations.
    let mut final_idx: Vec<RelIdx> = vec![NONE; rels.len()];
    let mut n = 0;
    for i in 0..rels.len() {
        if remap[i] == i as u32 {
            final_idx[i] = n;
            n += 1;
        }
    }
    let resolve = |i: usize| match remap[i] {
        NONE => None,
        k => Some(final_idx[k as usize]).filter(|&f| f != NONE),
    };
    // One pass: a kept relation comes before its duplicates (it is the first
    // statement), so each duplicate merges into a relation already pushed.
    // Strings move out of the pending relations; none is copied.
    parts.relations = crate::par::take_prefaulted(relations, rels.len());
    parts.relation_index = IdIndex::with_capacity(with_id);
    for (i, p) in rels.iter_mut().enumerate() {
        let Some(fi) = resolve(i) else { continue };
        let origin = if p.long.is_some() { Origin::Long } else { Origin::Shorthand };
        let (id, note, source, linked) = match p.long.as_deref_mut() {
            Some(l) => (
                l.id.as_ref().map(|id| id.name.as_ref()),
                l.note.take(),
                l.source.take(),
                std::mem::take(&mut l.linked),
            ),
            None => (None, None, None, Box::default()),
        };
        if let Some(name) = id {
            parts.relation_index.insert(name, fi);
        }
        if remap[i] == i as u32 {
            let to = match targets[i] {
                Some(Target::Relation(t)) => match resolve(t as usize) {
                    Some(t) => Target::Relation(t),
                    None => continue, // not reached: undercuts of dropped relations were dropped above
                },
                Some(t) => t,
                None => continue,
            };
            parts.relations.push(Relation {
                id: id.map(str::to_string),
                kind: p.kind,
                from: p.from,
                to,
                linked,
                note,
                source,
                origin,
                span: p.span(),
            });
        } else {
            // Ids and notes of duplicates merge into the kept relation.
            let kept = &mut parts.relations[fi as usize];
            if kept.note.is_none() {
                kept.note = note;
            }
            if kept.source.is_none() {
                kept.source = source;
            }
            if let Some(name) = id
                && kept.id.is_none()
            {
                kept.id = Some(name.to_string());
                kept.origin = Origin::Long;
            }
        }
    }
}

/// Searches of the shorthand relation an undercut means: each one goes over
/// every relation, so they are capped like "did you mean" searches.
struct ShorthandSearch {
    left: usize,
    /// Whether there is any shorthand relation.
    any: bool,
}

impl ShorthandSearch {
    fn next_if(&mut self, find: impl FnOnce() -> Option<usize>) -> Option<usize> {
        if !self.any || self.left == 0 {
            return None;
        }
        self.left -= 1;
        find()
    }
}

/// Point an undercut's error at the shorthand relation `s` it means: a
/// shorthand has no id, and how to give it one. `more` ends the help.
fn shorthand_hint(d: &mut Diagnostic, claims: &[Claim], s: &PendingRelation<'_>, more: &str) {
    let (from, kind, to) = (&claims[s.from as usize].id, s.kind, &s.to.name);
    d.labels.push(Label::secondary(s.to.span, format!("`{from}` {kind} `{to}` is a shorthand relation: it has no id")));
    d.help = Some(format!(
        "only a relation with an `id` can be undercut: state it in `[[relations]]` with one (`id = \"{from}-{kind}-{to}\"`, `from = \"{from}\"`, `to = \"{to}\"`, `type = \"{kind}\"`; with the shorthand it is one relation) and name that id here{more}"
    ));
}

/// The premises of a pending relation as messages name them: `a`, or `[p1 + p2]`.
fn premises_text(claims: &[Claim], p: &PendingRelation<'_>) -> String {
    if p.linked().is_empty() {
        return claims[p.from as usize].id.clone();
    }
    let ids: Vec<&str> = p.linked().iter().map(|&c| claims[c as usize].id.as_str()).collect();
    format!("[{}]", ids.join(" + "))
}

/// The premises of a linked relation (`from = ["p1", "p2"]`): the first, and
/// all of them (none when the list names one claim, which is a plain
/// relation). `None`, with the problems reported, when the list is empty,
/// names a claim twice or one that does not exist, or the relation's type
/// takes one premise.
fn linked_premises(
    r: &mut Reader,
    claims: &IdIndex,
    list: Vec<Ref<'_>>,
    span: Span,
    kind: RelationKind,
    what: What<'_>,
) -> Option<(ClaimIdx, Box<[ClaimIdx]>)> {
    let problem = |message: String, at: Span, label: &str| Diagnostic::new(Code::LinkedPremises, message, at, label);
    if list.is_empty() {
        r.diags.push(problem(format!("{what} has an empty list of premises"), span, "no claim named here").with_help(
            "name the claim the relation starts from, or two or more claims that jointly lead to its target",
        ));
        return None;
    }
    if list.len() > 1 && !matches!(kind, RelationKind::Supports | RelationKind::Implies) {
        r.diags.push(
            problem(format!("{what} lists several premises, but `{kind}` takes one"), span, "several premises here")
                .with_help("only `supports` and `implies` take linked premises; write one relation per claim"),
        );
        return None;
    }
    let mut ok = true;
    let mut premises: Vec<ClaimIdx> = Vec::with_capacity(list.len());
    let mut seen: HashMap<&str, Span, FastState> = HashMap::with_capacity_and_hasher(list.len(), FastState::default());
    for p in &list {
        if let Some(&first) = seen.get(p.name.as_ref()) {
            r.diags.push(
                problem(format!("{what} names the premise `{}` twice", p.name), p.span, "named again here")
                    .with_label(first, "first named here")
                    .with_help("name each premise once"),
            );
            ok = false;
            continue;
        }
        seen.insert(&p.name, p.span);
        match claims.get(&p.name) {
            Some(c) => premises.push(c),
            None => {
                r.unknown_claim(p, claims);
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let first = premises[0];
    let linked = if premises.len() == 1 { Box::default() } else { premises.into_boxed_slice() };
    Some((first, linked))
}

/// Whether two keys are equal. Most keys differ in length or in their first
/// or last byte; those are told apart without a call to `memcmp` (a claim is
/// read with a dozen key lookups, a million-claim map with tens of millions).
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    x.len() == y.len() && x.first() == y.first() && x.last() == y.last() && x == y
}

fn get<'v, 'a>(t: Entries<'v, 'a>, name: &str) -> Option<&'v Value<'a>> {
    t.iter().find(|(k, _)| same(&k.name, name)).map(|(_, v)| v)
}

fn key_span(t: Entries<'_, '_>, name: &str) -> Option<Span> {
    t.iter().find(|(k, _)| same(&k.name, name)).map(|(k, _)| k.span)
}

impl Reader {
    fn new(known_rules: &[&'static str]) -> Reader {
        Reader {
            diags: Vec::new(),
            suggestions: 0,
            known_rules: known_rules.to_vec(),
            broken: Arc::default(),
            uses: Vec::new(),
            actor_names: Vec::new(),
        }
    }

    /// A reader for another thread: it knows the broken definitions.
    fn fork(&self) -> Reader {
        Reader { broken: Arc::clone(&self.broken), ..Reader::new(&self.known_rules) }
    }

    /// Record that the `what` (`claim`, `actor`, `relation`) `name` was
    /// dropped for the error at `root` in `diags` (the first one stays).
    fn mark_broken(&mut self, what: &str, name: &str, root: usize) {
        let b = Arc::make_mut(&mut self.broken);
        let map = match what {
            "claim" => &mut b.claims,
            "actor" => &mut b.actors,
            _ => &mut b.relations,
        };
        map.entry(name.to_string()).or_insert(root);
    }

    /// Point each broken definition's error at the references to it.
    fn attach_uses(&mut self) {
        let mut uses = std::mem::take(&mut self.uses);
        uses.sort_by_key(|&(root, span)| (root, span.start));
        for group in uses.chunk_by(|a, b| a.0 == b.0) {
            let d = &mut self.diags[group[0].0];
            for &(_, span) in group.iter().take(MAX_USES_SHOWN) {
                d.labels.push(Label::secondary(span, "referred to here"));
            }
            let more = group.len().saturating_sub(MAX_USES_SHOWN);
            let noun = |n: usize| if n == 1 { "reference" } else { "references" };
            if more > 0 {
                d.notes.push(format!("and {more} more {} to it", noun(more)));
            }
            d.notes.push(format!(
                "{} {} to it {} left out with it, without an error of {} own",
                group.len(),
                noun(group.len()),
                if group.len() == 1 { "is" } else { "are" },
                if group.len() == 1 { "its" } else { "their" }
            ));
        }
    }

    fn table<'v, 'a>(&mut self, v: &'v Value<'a>, what: impl Into<What<'v>>) -> Option<Entries<'v, 'a>> {
        match &v.kind {
            Kind::Table(t) => Some(t),
            other => {
                self.wrong_type(v, &format!("{} must be a table", what.into()), "a table", other);
                None
            }
        }
    }

    /// The items of the top-level `key`, holding the `what`s. When `key` is
    /// there but of the wrong type, every reference to a `what` is a place
    /// that error points at.
    fn entries<'v, 'a>(
        &mut self,
        top: Entries<'v, 'a>,
        key: &str,
        object: bool,
        what: &'static str,
    ) -> Option<Items<'v, 'a>> {
        let v = get(top, key)?;
        let before = self.diags.len();
        let label = match key {
            "claims" => "`claims`",
            "actors" => "`actors`",
            _ => "`relations`",
        };
        let items = self.items(v, object, label);
        if items.is_none() && self.diags.len() > before {
            Arc::make_mut(&mut self.broken).whole.insert(what, before);
        }
        items
    }

    /// The items of a table (`object`) or an array of tables, built or deferred.
    fn items<'v, 'a>(&mut self, v: &'v Value<'a>, object: bool, what: &'static str) -> Option<Items<'v, 'a>> {
        match &v.kind {
            Kind::Deferred(d) if d.object == object => Some(Items::Deferred(d, ItemParser::new(d.text))),
            _ if object => self.table(v, what).map(Items::Table),
            _ => self.array(v, what).map(Items::Array),
        }
    }

    fn array<'v, 'a>(&mut self, v: &'v Value<'a>, what: impl Into<What<'v>>) -> Option<&'v [Value<'a>]> {
        match &v.kind {
            Kind::Array(a) => Some(a),
            other => {
                self.wrong_type(v, &format!("{} must be an array of tables", what.into()), "an array", other);
                None
            }
        }
    }

    /// A stance's `reason`: a claim id, or a list of them (not yet looked up).
    fn reasons(&mut self, t: Entries<'_, '_>) -> Vec<(String, Span)> {
        let Some(v) = get(t, "reason") else { return Vec::new() };
        let list = match &v.kind {
            Kind::String(s) => vec![(s.to_string(), v.span)],
            Kind::Array(_) => {
                self.str_list(t, "reason").into_iter().map(|r| (r.name.into_owned(), r.span)).collect::<Vec<_>>()
            }
            other => {
                self.wrong_type(v, "`reason` must be a claim id or a list of claim ids", "a string or an array", other);
                return Vec::new();
            }
        };
        if list.is_empty() && matches!(v.kind, Kind::Array(ref a) if a.is_empty()) {
            self.diags.push(
                Diagnostic::new(Code::InvalidValue, "an empty list of reasons", v.span, "no claim named here")
                    .with_help("name the claim the actor gave as its reason, or leave `reason` out"),
            );
        }
        list
    }

    /// A stance's `recorded` position and `correction`. `recorded` equal to
    /// the `position` is an error: there is nothing to correct.
    fn recorded(&mut self, t: Entries<'_, '_>, position: Option<Position>) -> Option<Box<Recorded>> {
        let correction = self.opt_str(t, "correction");
        let Some(v) = self.opt_ref(t, "recorded") else {
            if let Some(span) = key_span(t, "correction") {
                self.diags.push(
                    Diagnostic::new(Code::MissingKey, "a `correction` without `recorded`", span, "nothing corrected")
                        .with_help("`recorded` gives the position the record shows; `position` the one intended"),
                );
            }
            return None;
        };
        let recorded = self.choose(&v, "position", &Position::ALL, Position::as_str)?;
        if Some(recorded) == position {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`recorded` is the same as `position` ({recorded})"),
                    v.span,
                    "the same position",
                )
                .with_help("`recorded` is the position the record shows when it differs from the one intended; leave it out otherwise"),
            );
            return None;
        }
        Some(Box::new(Recorded { position: recorded, correction, span: v.span }))
    }

    /// Look up the `reason` of a stance on `claim`: each an existing claim,
    /// named once, not the stance's own claim (reported otherwise and left out).
    fn resolve_reasons(&mut self, parts: &ArgMap, claim: ClaimIdx, list: Vec<(String, Span)>) -> Vec<(ClaimIdx, Span)> {
        let mut out: Vec<(ClaimIdx, Span)> = Vec::with_capacity(list.len());
        for (name, span) in list {
            let Some(c) = self.resolve(&parts.claim_index, &Ref { name: Cow::Owned(name), span }, "claim") else {
                continue;
            };
            let id = &parts.claims[c as usize].id;
            if c == claim {
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the stance gives its own claim `{id}` as its reason"),
                        span,
                        "the stance's own claim",
                    )
                    .with_help(
                        "a reason is another claim the actor affirms: one that answers the reasons against its stance",
                    ),
                );
            } else if let Some(&(_, first)) = out.iter().find(|&&(o, _)| o == c) {
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the reason `{id}` is named twice"),
                        span,
                        "named again here",
                    )
                    .with_label(first, "first named here")
                    .with_help("name each reason once"),
                );
            } else {
                out.push((c, span));
            }
        }
        out
    }

    fn wrong_type(&mut self, v: &Value<'_>, message: &str, expected: &str, found: &Kind<'_>) {
        self.diags.push(Diagnostic::new(
            Code::WrongType,
            format!("{message}, found {}", found.type_name()),
            v.span,
            format!("expected {expected}"),
        ));
    }

    fn string(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        self.str(v, key).map(|s| s.to_string())
    }

    /// A string value, borrowed from the tree.
    fn str<'v, 'a>(&mut self, v: &'v Value<'a>, key: &str) -> Option<&'v Cow<'a, str>> {
        match &v.kind {
            Kind::String(s) => Some(s),
            other => {
                self.wrong_type(v, &format!("`{key}` must be a string"), "a string", other);
                None
            }
        }
    }

    fn opt_str(&mut self, t: Entries<'_, '_>, key: &str) -> Option<String> {
        get(t, key).and_then(|v| self.string(v, key))
    }

    fn opt_ref<'a>(&mut self, t: Entries<'_, 'a>, key: &str) -> Option<Ref<'a>> {
        let v = get(t, key)?;
        self.str(v, key).map(|name| Ref { name: name.clone(), span: v.span })
    }

    fn req_ref<'a>(&mut self, t: Entries<'_, 'a>, key: &str, what: What<'_>, span: Span) -> Option<Ref<'a>> {
        if get(t, key).is_none() {
            self.diags.push(Diagnostic::new(
                Code::MissingKey,
                format!("{what} has no `{key}`"),
                Span::new(span.start, span.start),
                format!("this entry needs `{key}`"),
            ));
            return None;
        }
        self.opt_ref(t, key)
    }

    /// The required key `key`, whose value must be the name of one of `all`
    /// (a `what_value`): that one, with the value's span.
    #[allow(clippy::too_many_arguments)]
    fn req_choice<T: Copy>(
        &mut self,
        t: Entries<'_, '_>,
        key: &str,
        what: What<'_>,
        span: Span,
        what_value: &str,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<(T, Span)> {
        let v = self.req_ref(t, key, what, span)?;
        self.choose(&v, what_value, all, name).map(|x| (x, v.span))
    }

    /// The one of `all` that `v` names, or `None` with an error.
    fn choose<T: Copy>(&mut self, v: &Ref<'_>, what_value: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
        if let Some(&x) = all.iter().find(|&&x| name(x) == v.name) {
            return Some(x);
        }
        let names: Vec<&str> = all.iter().map(|&x| name(x)).collect();
        self.invalid_value(v, what_value, &names);
        None
    }

    /// The optional key `key`, whose value must be the name of one of `all`
    /// (a `what_value`): that one, or `None` when the key is absent or wrong
    /// (an error is reported for a wrong one).
    fn opt_choice<T: Copy>(
        &mut self,
        t: Entries<'_, '_>,
        key: &str,
        what_value: &str,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<T> {
        let v = self.opt_ref(t, key)?;
        self.choose(&v, what_value, all, name)
    }

    /// Each string of the list `key`, without collecting them.
    fn each_str<'a>(&mut self, t: Entries<'_, 'a>, key: &str, mut f: impl FnMut(Ref<'a>)) {
        let Some(v) = get(t, key) else { return };
        match &v.kind {
            Kind::Array(items) => {
                for item in items {
                    match &item.kind {
                        Kind::String(s) => f(Ref { name: s.clone(), span: item.span }),
                        other => {
                            self.wrong_type(item, &format!("the items of `{key}` must be strings"), "a string", other)
                        }
                    }
                }
            }
            other => self.wrong_type(v, &format!("`{key}` must be an array of strings"), "an array", other),
        }
    }

    fn str_list<'a>(&mut self, t: Entries<'_, 'a>, key: &str) -> Vec<Ref<'a>> {
        let Some(v) = get(t, key) else { return Vec::new() };
        match &v.kind {
            Kind::Array(items) => items
                .iter()
                .filter_map(|item| match &item.kind {
                    Kind::String(s) => Some(Ref { name: s.clone(), span: item.span }),
                    other => {
                        self.wrong_type(item, &format!("the items of `{key}` must be strings"), "a string", other);
                        None
                    }
                })
                .collect(),
            other => {
                self.wrong_type(v, &format!("`{key}` must be an array of strings"), "an array", other);
                Vec::new()
            }
        }
    }

    /// A stance's `date`: a date, or a date with a time of day (a TOML date
    /// or date-time, a string in JSON). `Some(None)` when it is invalid (reported).
    fn date(&mut self, v: &Value<'_>) -> Option<Option<(Date, Option<Time>)>> {
        let (text, parsed) = match &v.kind {
            Kind::Datetime { text, date, time } => {
                // A time alone (no date) or a date whose time did not parse is invalid.
                let whole = text.len() == 10 || time.is_some();
                (text.clone(), date.filter(|_| whole).map(|d| (d, *time)))
            }
            Kind::String(s) => (s.to_string(), parse_date_time(s)),
            other => {
                self.wrong_type(v, "`date` must be a date", "a date such as 2022-04-07", other);
                return None;
            }
        };
        if parsed.is_none() {
            let no_date = matches!(v.kind, Kind::Datetime { date: None, .. });
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidDate,
                    format!("`{text}` is not a valid date"),
                    v.span,
                    if no_date {
                        "a time of day needs the date it is on"
                    } else {
                        "expected a calendar date YYYY-MM-DD, or a date and time YYYY-MM-DDTHH:MM:SS (with an optional offset)"
                    },
                )
                .with_help("write the day the stance was taken, such as `date = 2022-04-07`, or the day and time, such as `date = 2013-08-29T22:30:00`"),
            );
        }
        Some(parsed)
    }

    /// A stance's `seq`: an integer from 0 to 4294967295, on a dated stance.
    /// `None` when it is invalid (reported).
    fn seq(&mut self, v: &Value<'_>, dated: bool) -> Option<u32> {
        let n = match &v.kind {
            Kind::Integer(n) => *n,
            other => {
                self.wrong_type(v, "`seq` must be an integer", "an integer such as 1", other);
                return None;
            }
        };
        let Ok(n) = u32::try_from(n) else {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`seq = {n}` is out of range"),
                    v.span,
                    "expected 0 to 4294967295",
                )
                .with_help("`seq` numbers the actor's stances within one day: 1, 2, 3, ..."),
            );
            return None;
        };
        if !dated {
            self.diags.push(
                Diagnostic::new(Code::InvalidValue, "`seq` on a stance with no `date`", v.span, "this stance has no `date`")
                    .with_help("`seq` orders stances within one day: add the `date`, or remove `seq` (an undated stance holds throughout)"),
            );
            return None;
        }
        Some(n)
    }

    fn check_keys<'w>(&mut self, t: Entries<'_, '_>, known: &[&str], what: impl Into<What<'w>>) {
        let what = what.into();
        // Unknown keys (skipped for tables whose keys are ids or rule names).
        if !known.is_empty() {
            for (k, _) in t {
                if !known.iter().any(|n| same(n, &k.name)) {
                    let mut d = Diagnostic::new(
                        Code::UnknownKey,
                        format!("unknown key `{}` in {what}", k.name),
                        k.span,
                        "unknown key",
                    );
                    let shown: Vec<&str> = known.iter().copied().filter(|k| !k.starts_with('$')).collect();
                    d = match did_you_mean(&k.name, known.iter().copied()) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("the keys of {what} are: {}", shown.join(", "))),
                    };
                    self.diags.push(d);
                }
            }
        }
        // Duplicate keys (only JSON can produce them; TOML rejects them in the parser).
        if t.len() <= 32 {
            for (i, (k, _)) in t.iter().enumerate() {
                if let Some((first, _)) = t[..i].iter().find(|(f, _)| same(&f.name, &k.name)) {
                    self.duplicate_key(k, first.span);
                }
            }
        } else {
            let mut seen: HashMap<&str, Span, FastState> =
                HashMap::with_capacity_and_hasher(t.len(), FastState::default());
            for (k, _) in t {
                if let Some(first) = seen.get(k.name.as_ref()).copied() {
                    self.duplicate_key(k, first);
                } else {
                    seen.insert(&k.name, k.span);
                }
            }
        }
    }

    fn duplicate_key(&mut self, k: &Key<'_>, first: Span) {
        self.diags.push(
            Diagnostic::new(Code::DuplicateKey, format!("key `{}` appears twice", k.name), k.span, "again here")
                .with_label(first, "first here")
                .with_help("keep one of them: a later value would silently replace the earlier one"),
        );
    }

    /// Register `id`, defined at `span`, as `value` in `index`; when it is
    /// there already, report the second definition (`first` gives the span
    /// of the item a value stands for) and return false.
    fn register(
        &mut self,
        index: &mut IdIndex,
        what: &str,
        id: &str,
        span: Span,
        value: u32,
        first: impl Fn(u32) -> Span,
    ) -> bool {
        if index.insert(id, value) {
            return true;
        }
        let first = first(index.get(id).unwrap_or(0));
        self.diags.push(
            Diagnostic::new(Code::DuplicateId, format!("{what} `{id}` is defined twice"), span, "defined again here")
                .with_label(first, "first defined here"),
        );
        false
    }

    fn check_id(&mut self, key: &Key<'_>, what: &str) -> bool {
        if is_valid_id(&key.name) {
            return true;
        }
        self.invalid_id(&Ref { name: key.name.clone(), span: key.span }, what);
        false
    }

    fn invalid_id(&mut self, id: &Ref<'_>, what: &str) {
        let shown: String = id.name.escape_debug().collect();
        let message = if shown.is_empty() {
            format!("an empty string is not a valid {what} id")
        } else {
            format!("`{shown}` is not a valid {what} id")
        };
        self.diags.push(
            Diagnostic::new(Code::InvalidId, message, id.span, "invalid id")
                .with_help("ids use ASCII letters, digits, `-`, `_` and `.`, start with a letter or digit, and are at most 200 bytes long"),
        );
    }

    /// Report each alias whose identity (ignoring case and runs of white
    /// space) is the name or an alias of another actor, at the later of the two
    /// in the file, with the earlier as a second label.
    fn duplicate_aliases(&mut self, names: &mut [(String, ActorIdx, Span, bool)], actors: &[Actor]) {
        names.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.start.cmp(&b.2.start)));
        for group in names.chunk_by(|a, b| a.0 == b.0) {
            let first = &group[0];
            for later in &group[1..] {
                if later.1 == first.1 || !(first.3 || later.3) {
                    // The same actor, or two names (not this rule's business).
                    continue;
                }
                let what = |x: &(String, ActorIdx, Span, bool)| if x.3 { "an alias" } else { "the name" };
                self.diags.push(
                    Diagnostic::new(
                        Code::DuplicateAlias,
                        format!(
                            "{} of actor `{}` is {} of actor `{}` too",
                            what(later),
                            actors[later.1 as usize].id,
                            what(first),
                            actors[first.1 as usize].id
                        ),
                        later.2,
                        "names another actor too",
                    )
                    .with_label(first.2, "first given here")
                    .with_help(
                        "an alias names one actor only: `import votes --into` could not tell whose votes these are",
                    ),
                );
            }
        }
    }

    fn invalid_value(&mut self, v: &Ref<'_>, what: &str, allowed: &[&str]) {
        let shown: String = v.name.escape_debug().collect();
        let mut d =
            Diagnostic::new(Code::InvalidValue, format!("unknown {what} `{shown}`"), v.span, format!("not a {what}"));
        let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        d = match did_you_mean(&v.name, allowed.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`? the allowed values are {list}")),
            None => d.with_help(format!("the allowed values are {list}")),
        };
        self.diags.push(d);
    }

    fn resolve(&mut self, index: &IdIndex, r: &Ref<'_>, what: &str) -> Option<u32> {
        if let Some(i) = index.get(&r.name) {
            return Some(i);
        }
        self.unknown(r, what, index.keys());
        None
    }

    fn unknown_claim(&mut self, r: &Ref<'_>, index: &IdIndex) {
        self.unknown(r, "claim", index.keys());
    }

    /// Report a reference to no `what` (`claim`, `actor`, `relation`), and
    /// return the index of its error in `diags`. A reference to a definition
    /// dropped for an error is no new error: that error points at it, and
    /// its index is returned.
    fn unknown<'c>(&mut self, r: &Ref<'_>, what: &str, candidates: impl Iterator<Item = &'c str>) -> usize {
        if let Some(root) = self.broken.root(what, &r.name) {
            self.uses.push((root, r.span));
            return root;
        }
        let shown: String = r.name.escape_debug().collect();
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            format!("unknown {what} `{shown}`"),
            r.span,
            format!("no {what} has this id"),
        );
        if what == "actor"
            && let Some((_, id, span, alias)) = self.actor_named(&r.name)
        {
            let which = if *alias { "an alias" } else { "the name" };
            d = d.with_label(*span, format!("{which} of actor `{id}`")).with_help(format!(
                "`{shown}` is {which} of actor `{id}`; a map names an actor by its id: write `{id}`"
            ));
        } else if self.suggestions < MAX_SUGGESTIONS {
            self.suggestions += 1;
            if let Some(s) = did_you_mean(&r.name, candidates) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
        }
        self.diags.push(d);
        self.diags.len() - 1
    }

    /// The actor whose name or alias `name` is (ignoring case and runs of white space).
    fn actor_named(&self, name: &str) -> Option<&(String, String, Span, bool)> {
        if self.actor_names.is_empty() {
            return None;
        }
        let key = name_key(name);
        let i = self.actor_names.partition_point(|x| x.0 < key);
        self.actor_names.get(i).filter(|x| x.0 == key)
    }

    /// The rule's current name; a former name is reported (a warning) and
    /// read as the current one, an unknown name is an error (`None`).
    fn check_rule(&mut self, name: &str, span: Span) -> Option<String> {
        if self.known_rules.contains(&name) {
            return Some(name.to_string());
        }
        if let Some(new) = crate::check::renamed(name) {
            let d = Diagnostic::new(Code::DeprecatedName, crate::check::rename_note(name, new), span, "former name")
                .with_help(format!("write `{new}`"));
            self.diags.push(d);
            return Some(new.to_string());
        }
        let mut d =
            Diagnostic::new(Code::UnknownReference, format!("unknown rule `{name}`"), span, "no rule has this name");
        d = match crate::check::suggest_rule(name) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help("`elenchus rules` lists the rules"),
        };
        self.diags.push(d);
        None
    }
}
