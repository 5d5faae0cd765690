//! The schema layer: turns a [`Value`] tree into a resolved [`ArgMap`],
//! reporting every problem it finds (not only the first).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::sync::Arc;

use super::json::ItemParser;
use super::value::{
    ClaimItem, Date, Deferred, Given, Item, Key, Kind, Link, LinkKind, PlainClaim, StanceRecord, Step, Time, Value,
    parse_date_time,
};
use crate::diag::{Code, Diagnostic, Label, did_you_mean};
use crate::formats::votes::name_key;
use crate::ids::FastState;
use crate::ids::IdIndex;
use crate::model::*;
use crate::source::{SourceFile, Span};

mod acks;
mod claims;
mod reader;
mod relations;
mod stances;

pub(crate) use acks::read_baseline;
use acks::*;
use claims::*;
use relations::*;
use stances::*;

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
    /// What a `[[relations]]` entry has beyond `from`, `to` and `type`
    /// (`None` when it has nothing more, as most have).
    long: Option<Box<LongForm<'a>>>,
    from: ClaimIdx,
    kind: RelationKind,
    /// The premises are linked (in `long`): a flag here, so that the passes
    /// over millions of relations need not read the boxed long form.
    linked: bool,
    /// A `[[relations]]` entry (not a shorthand in a claim).
    in_long_form: bool,
    /// The claim `to` names, when known before the claims are looked up
    /// (a link's); else [`NONE`].
    to_claim: ClaimIdx,
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
        PendingRelation { to, long: None, from, kind, linked: false, in_long_form: false, to_claim: NONE }
    }
    /// A `[[relations]]` entry; its long form is boxed only when it has something in it.
    fn long_form(kind: RelationKind, from: ClaimIdx, to: Ref<'a>, long: LongForm<'a>) -> Self {
        let linked = !long.linked.is_empty();
        let empty = long.id.is_none() && long.note.is_none() && long.source.is_none() && !linked;
        let long = (!empty).then(|| Box::new(long));
        PendingRelation { to, long, from, kind, linked, in_long_form: true, to_claim: NONE }
    }
    /// A `[[relations]]` entry of `from`, `to` and `type` alone.
    fn long_form_empty(kind: RelationKind, from: ClaimIdx, to: Ref<'a>) -> Self {
        PendingRelation { to, long: None, from, kind, linked: false, in_long_form: true, to_claim: NONE }
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
    /// Relations or stances given beside the tree (an Argdown file's), links kept unbuilt.
    Given(&'v [Item<'a>]),
    /// Claims given beside the tree (an Argdown file's), plain ones kept unbuilt.
    Claims(&'v [ClaimItem<'a>]),
}

impl<'v, 'a> Items<'v, 'a> {
    fn len(&self) -> usize {
        match self {
            Items::Table(t) => t.len(),
            Items::Array(a) => a.len(),
            Items::Deferred(d, _) => d.items.len(),
            Items::Given(g) => g.len(),
            Items::Claims(c) => c.len(),
        }
    }
    /// The threads to read these items on, `per_task` a task. Items already
    /// built (an Argdown, AIF or `toml`-crate map) are read on one: reading
    /// one is a few lookups, less than handing it to another thread costs
    /// (measured on generated Argdown maps of 10k to 100k claims: the same
    /// wall time and more CPU on two threads, and a second allocator arena's
    /// memory); deferred items are parsed as they are read, which pays.
    fn threads(&self, per_task: usize) -> usize {
        match self {
            Items::Deferred(..) if self.len() >= 2 * per_task => crate::par::threads(),
            _ => 1,
        }
    }
    /// The same items, with a parser of their own (for another thread).
    fn fork(&self) -> Items<'v, 'a> {
        match self {
            Items::Table(t) => Items::Table(t),
            Items::Array(a) => Items::Array(a),
            Items::Deferred(d, _) => Items::Deferred(d, ItemParser::new(d.text)),
            Items::Given(g) => Items::Given(g),
            Items::Claims(c) => Items::Claims(c),
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
            Items::Given(g) => match &g[i] {
                Item::Built(v) => (None, Cow::Borrowed(v)),
                Item::Link(l) => (None, Cow::Owned(l.value())),
                Item::Step(s) => (None, Cow::Owned(s.value())),
                Item::Stance(s) => (None, Cow::Owned(s.value())),
            },
            Items::Claims(c) => match &c[i] {
                ClaimItem::Built(b) => (Some(Cow::Borrowed(&b.0)), Cow::Borrowed(&b.1)),
                ClaimItem::Plain(p) => {
                    let (k, v) = p.entry();
                    (Some(Cow::Owned(k)), Cow::Owned(v))
                }
            },
        }
    }
    /// The item at `i` when it is a plain claim (not built).
    fn plain_claim(&self, i: usize) -> Option<&'v PlainClaim<'a>> {
        match self {
            Items::Claims(c) => match &c[i] {
                ClaimItem::Plain(p) => Some(p),
                ClaimItem::Built(_) => None,
            },
            _ => None,
        }
    }
    /// The item at `i` as given beside the tree (a link or a step not built).
    fn given(&self, i: usize) -> Option<&'v Item<'a>> {
        match self {
            Items::Given(g) => Some(&g[i]),
            _ => None,
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
/// `given`, when some, holds the items of the map's `claims`, `relations`
/// and `stances`, given beside the tree (whose own table and lists are then
/// empty): they are read as that table and those lists would be, and each
/// list is dropped once read.
pub(crate) fn read<'a>(
    root: &Value<'a>,
    given: Option<Given<'a>>,
    known_rules: &[&'static str],
    file: SourceFile,
) -> (ArgMap, Vec<Diagnostic>) {
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
    // The index of each claim given beside the tree (NONE for one dropped).
    let mut claim_at: Vec<ClaimIdx> = Vec::new();
    let (claims, relations, stances) = match given {
        Some(Given { claims, relations, stances }) => (Some(claims), Some(relations), Some(stances)),
        None => (None, None, None),
    };
    read_all_claims(
        &mut r,
        top,
        claims.as_deref().map(|c| (c, &mut claim_at)),
        &mut parts,
        &mut pending_rel,
        &mut pending_absent,
    );
    drop(claims);

    // Actors, with their shorthand stances.
    let mut pending_stances: Vec<PendingStance<'a>> = Vec::new();
    read_actors(&mut r, top, &mut parts, &mut pending_stances);

    read_long_relations(&mut r, top, relations.as_deref().map(|g| (g, &claim_at[..])), &parts, &mut pending_rel);
    drop(relations);
    read_long_stances(&mut r, top, stances.as_deref(), &parts, &mut pending_stances);
    drop(stances);

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

/// No index (in the vectors of pending stances).
const NONE: u32 = u32::MAX;

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

/// The values of a table of exactly the keys `names`, in any order, each a
/// string (with its span), in the order of `names`; `None` for anything
/// else (another key, one missing or repeated, a value of another type).
fn strings_only<'v, 'a, const N: usize>(
    item: &'v Value<'a>,
    names: [&str; N],
) -> Option<[(&'v Cow<'a, str>, Span); N]> {
    let Kind::Table(t) = &item.kind else { return None };
    if t.len() != N {
        return None;
    }
    let mut found: [Option<(&'v Cow<'a, str>, Span)>; N] = [None; N];
    for (k, v) in t {
        let Kind::String(s) = &v.kind else { return None };
        let slot = &mut found[names.iter().position(|n| same(n, &k.name))?];
        if slot.replace((s, v.span)).is_some() {
            return None;
        }
    }
    // N distinct keys of `names` in N entries: every one is there.
    Some(found.map(|f| f.expect("each name found once")))
}

fn key_span(t: Entries<'_, '_>, name: &str) -> Option<Span> {
    t.iter().find(|(k, _)| same(&k.name, name)).map(|(k, _)| k.span)
}

/// Table entries for the tests of the readers.
#[cfg(test)]
mod test_items {
    use super::*;

    /// `name = kind`, both spanning a few bytes after `name`'s length.
    pub(super) fn entry(name: &'static str, kind: Kind<'static>) -> (Key<'static>, Value<'static>) {
        let span = Span::new(name.len(), name.len() + 2);
        (Key { name: Cow::Borrowed(name), span }, Value { kind, span })
    }

    pub(super) fn s(text: &'static str) -> Kind<'static> {
        Kind::String(Cow::Borrowed(text))
    }
}
