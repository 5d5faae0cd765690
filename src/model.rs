//! The argument map as loaded: claims, actors, relations and stances, with
//! references resolved to indices and every item's place in the source file.

use serde::Serialize;
use std::borrow::Cow;

use crate::ids::IdIndex;
pub use crate::load::value::{Date, Offset, Time, TimeKey};
use crate::source::{SourceFile, Span};

/// Index of a claim in [`ArgMap::claims`] (and of its node in the claim graph).
pub type ClaimIdx = u32;
/// Index of an actor in [`ArgMap::actors`].
pub type ActorIdx = u32;
/// Index of a relation in [`ArgMap::relations`].
pub type RelIdx = u32;
/// Index of a stance in [`ArgMap::stances`].
pub type StanceIdx = u32;

/// The type of a relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    Supports,
    Attacks,
    Contradicts,
    Implies,
    Undercuts,
}

impl RelationKind {
    pub const ALL: [RelationKind; 5] = [
        RelationKind::Supports,
        RelationKind::Attacks,
        RelationKind::Contradicts,
        RelationKind::Implies,
        RelationKind::Undercuts,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Supports => "supports",
            RelationKind::Attacks => "attacks",
            RelationKind::Contradicts => "contradicts",
            RelationKind::Implies => "implies",
            RelationKind::Undercuts => "undercuts",
        }
    }
    pub fn parse(s: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// `contradicts` holds both ways.
    pub fn is_symmetric(self) -> bool {
        self == RelationKind::Contradicts
    }
}

impl std::fmt::Display for RelationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An actor's position on a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    Affirms,
    Denies,
    Abstains,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Affirms, Position::Denies, Position::Abstains];
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Affirms => "affirms",
            Position::Denies => "denies",
            Position::Abstains => "abstains",
        }
    }
    pub fn parse(s: &str) -> Option<Position> {
        Position::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// On what a stance rests: what the actor is shown saying, what someone
/// reports it holds, or the analyst's own inference (docs/checks.md,
/// "Basis of a stance"). Ordered from strongest to weakest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The actor is shown taking the position (its words, its vote).
    #[default]
    Stated,
    /// Someone else reports that the actor holds the position.
    Reported,
    /// The map's author infers the position.
    Inferred,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Basis::Stated, Basis::Reported, Basis::Inferred];
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Stated => "stated",
            Basis::Reported => "reported",
            Basis::Inferred => "inferred",
        }
    }
    pub fn parse(s: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an item was written: the long form (`[[relations]]`, `[[stances]]`)
/// or a shorthand list on a claim or actor; or a stance implied by a
/// stance's `reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Shorthand,
    Long,
    /// Implied by the `reason` of a `[[stances]]` entry: the actor affirms
    /// the reason it gave, as of that stance (docs/checks.md, "Explanations
    /// of vote").
    Reason,
}

/// The `[map]` table.
#[derive(Clone, Debug, Default)]
pub struct MapMeta {
    pub title: Option<String>,
    pub source: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    /// Span of the `[map]` table (or of the whole file when absent).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Claim {
    pub id: String,
    pub text: String,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    /// Actors recorded as absent when the claim was put to a vote: data, not a
    /// stance (an absent actor took no position).
    pub absent: Vec<ActorIdx>,
    /// Span of the claim's id (its table key).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub name: Option<String>,
    /// Other names of the actor (such as a voter's name in imported votes).
    pub aliases: Vec<String>,
    pub kind: Option<String>,
    pub description: Option<String>,
    /// A link about the actor.
    pub url: Option<String>,
    pub span: Span,
}

impl Actor {
    /// The name to show: `name`, or the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// What a relation points at: a claim, or (for `undercuts`) another relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Claim(ClaimIdx),
    Relation(RelIdx),
}

#[derive(Clone, Debug)]
pub struct Relation {
    pub id: Option<String>,
    pub kind: RelationKind,
    /// The premise (the first premise of a linked relation).
    pub from: ClaimIdx,
    pub to: Target,
    /// Every premise of a linked relation (`from = ["p1", "p2"]`: two or
    /// more, in the order written, `from` first); empty for a relation with
    /// one premise. Read the premises through [`Relation::premises`].
    pub linked: Box<[ClaimIdx]>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub origin: Origin,
    /// Span of the item that states the relation (the shorthand list entry or the `[[relations]]` entry's `to`).
    pub span: Span,
}

impl Relation {
    /// The premises: `[from]`, or every premise of a linked relation.
    pub fn premises(&self) -> &[ClaimIdx] {
        if self.linked.is_empty() { std::slice::from_ref(&self.from) } else { &self.linked }
    }
    /// Whether the premises are linked: several claims that only jointly
    /// support or imply the target.
    pub fn is_linked(&self) -> bool {
        !self.linked.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Stance {
    pub actor: ActorIdx,
    pub claim: ClaimIdx,
    pub position: Position,
    pub date: Option<Date>,
    /// The time of day, when `date` was written with one (never without a date).
    pub time: Option<Time>,
    /// `seq`: the order of the actor's stances within a day (never without a date).
    pub seq: Option<u32>,
    pub source: Option<String>,
    pub quote: Option<String>,
    pub via: Option<String>,
    pub note: Option<String>,
    /// Stated by the actor (the default), reported by others, or inferred.
    pub basis: Basis,
    /// `reason`: the claims the actor gave as its reasons for this stance
    /// (an explanation of vote), in the order written. Each is also an
    /// affirming stance of the actor as of this one ([`Origin::Reason`]).
    pub reasons: Box<[ClaimIdx]>,
    /// `recorded`: the position the official record gives, when the actor
    /// said it was recorded in error; `position` is the one it intended,
    /// which every analysis reads.
    pub recorded: Option<Box<Recorded>>,
    pub origin: Origin,
    /// Span of the stance (the shorthand list entry, or the `position` of a
    /// `[[stances]]` entry; for a stance implied by a `reason`, that entry of the `reason`).
    pub span: Span,
}

/// A vote the record gives otherwise than the voter intended: `recorded`
/// and `correction` on a `[[stances]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The position as recorded.
    pub position: Position,
    /// `correction`: where the actor said the record was in error.
    pub correction: Option<String>,
    /// Span of the `recorded` value.
    pub span: Span,
}

impl Stance {
    /// When the stance was taken, as written: `2022-04-07`,
    /// `2013-08-29T22:30:00+02:00`, with ` #2` for a `seq` (`None` when undated).
    pub fn when(&self) -> Option<String> {
        use std::fmt::Write;
        let d = self.date?;
        let mut s = String::with_capacity(16);
        d.push_to(&mut s);
        if let Some(t) = self.time {
            let _ = write!(s, "T{t}");
        }
        if let Some(n) = self.seq {
            let _ = write!(s, " #{n}");
        }
        Some(s)
    }

    /// The key that orders the stance within its day: its time, then its `seq`.
    pub fn day_key(&self) -> (Option<TimeKey>, Option<u32>) {
        (self.time.map(|t| t.key()), self.seq)
    }

    /// Whether this stance is known to come after `other`, a stance of the
    /// same actor (on any claim): a later date; on the same day, a later
    /// time of the same kind (both local, or both with an offset, compared
    /// in UTC); at the same time (or with no time on either), a greater
    /// `seq` on both. An undated stance comes after nothing and nothing comes after it.
    pub fn is_after(&self, other: &Stance) -> bool {
        let (Some(d), Some(e)) = (self.date, other.date) else { return false };
        if d != e {
            return d > e;
        }
        match (self.time.map(|t| t.key()), other.time.map(|t| t.key())) {
            (Some(a), Some(b)) if a.same_kind(b) && a != b => a > b,
            (a, b) if a == b => matches!((self.seq, other.seq), (Some(x), Some(y)) if x > y),
            _ => false,
        }
    }
    /// Whether the stance names its evidence (`source`, `quote` or `via`).
    pub fn is_sourced(&self) -> bool {
        self.source.is_some() || self.quote.is_some() || self.via.is_some()
    }
}

/// How current a stance is among the stances of one actor on one claim: the
/// stance with the greatest key is the *current* one (docs/checks.md,
/// "Current stance" and "Time"). Every command reads current stances through
/// [`current_stance`], which compares these keys.
///
/// - A dated stance is more current than any undated one.
/// - Of dated stances, the later date; on the same day, the later time of
///   day (a local time sorts before a time with an offset, and the two do
///   not order each other), then the greater `seq`, then the later in the map.
/// - Of undated stances (none dated), the first in the map: the standing
///   stance, which a later undated stance that disagrees contradicts rather
///   than replaces.
///
/// The order of the map is the order of [`ArgMap::stances`] (the file's).
/// Where the time and `seq` do not order a day's stances (docs/checks.md,
/// "Time"), the key still picks one, and the stances are reported as a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Currency {
    /// Undated: earlier in the map is more current.
    Undated(std::cmp::Reverse<StanceIdx>),
    /// Dated: later date, time, `seq`, then later in the map, is more current.
    Dated(Date, Option<TimeKey>, Option<u32>, StanceIdx),
}

impl Currency {
    /// The key of stance `i`.
    pub fn of(i: StanceIdx, s: &Stance) -> Currency {
        match s.date {
            Some(d) => Currency::Dated(d, s.time.map(|t| t.key()), s.seq, i),
            None => Currency::Undated(std::cmp::Reverse(i)),
        }
    }
}

/// The current stance among stances of one actor on one claim (see
/// [`Currency`]), or `None` when there are none. Which actor and claim is the
/// caller's to ensure; the order the stances come in does not matter.
pub fn current_stance<'s>(
    stances: impl IntoIterator<Item = (StanceIdx, &'s Stance)>,
) -> Option<(StanceIdx, &'s Stance)> {
    stances.into_iter().max_by_key(|&(i, s)| Currency::of(i, s))
}

impl ArgMap {
    /// The current stance of `actor` on `claim`, if it has one: a scan of all
    /// stances (the checks, `render` and `stances` use indexes instead).
    pub fn current_stance(&self, actor: ActorIdx, claim: ClaimIdx) -> Option<StanceIdx> {
        current_stance(
            self.stances
                .iter()
                .enumerate()
                .map(|(i, s)| (i as StanceIdx, s))
                .filter(|(_, s)| s.actor == actor && s.claim == claim),
        )
        .map(|(i, _)| i)
    }
}

/// A rule level as written in `[checks]` or on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Allow,
    Note,
    Warn,
    Deny,
}

impl RuleLevel {
    pub const ALL: [RuleLevel; 4] = [RuleLevel::Allow, RuleLevel::Note, RuleLevel::Warn, RuleLevel::Deny];
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Allow => "allow",
            RuleLevel::Note => "note",
            RuleLevel::Warn => "warn",
            RuleLevel::Deny => "deny",
        }
    }
    pub fn parse(s: &str) -> Option<RuleLevel> {
        RuleLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// One entry of the `[checks]` table.
#[derive(Clone, Debug)]
pub struct RuleSetting {
    pub rule: String,
    pub level: RuleLevel,
    pub span: Span,
}

/// The claims an `[[acknowledged]]` entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AckClaims {
    /// `claims = ["a", "b"]`: findings whose set of claims is exactly this
    /// one (order and repetition do not matter).
    Exactly(Vec<String>),
    /// `claims = "*"`: every finding of the rule (and of the actor, when the
    /// entry names one), whatever its claims.
    Any,
}

/// Where an acknowledgement was written: in the map itself, or in a
/// baseline file given to `check --baseline`. SARIF calls them `inSource`
/// and `external`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AckKind {
    #[serde(rename = "inSource")]
    InSource,
    #[serde(rename = "external")]
    External,
}

impl AckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AckKind::InSource => "inSource",
            AckKind::External => "external",
        }
    }
}

/// One `[[acknowledged]]` entry: a known finding, with the reason it stands.
/// It names its finding by `rule`, `actor` and `claims`, or by
/// `fingerprint`, or both (then all that it gives must agree); see
/// docs/checks.md, "Acknowledgements".
#[derive(Clone, Debug)]
pub struct Acknowledgement {
    /// The rule's current name (a former name is read as the current one).
    /// `None` only when the entry names a `fingerprint`.
    pub rule: Option<String>,
    pub actor: Option<String>,
    /// `None` when the entry has no `claims` key: with a `fingerprint`, the
    /// claims are not compared; without one, the entry names no claims (it
    /// matches only findings with none).
    pub claims: Option<AckClaims>,
    pub fingerprint: Option<String>,
    /// In a baseline: the map file (its name as `check` prints it) the entry
    /// applies to; `None` for every map. Always `None` in a map.
    pub file: Option<String>,
    pub reason: String,
    pub span: Span,
}

impl Acknowledgement {
    /// Whether the entry is a wildcard (`claims = "*"`).
    pub fn is_wildcard(&self) -> bool {
        self.claims == Some(AckClaims::Any)
    }
    /// The claims listed (none for a wildcard or no `claims`).
    pub fn listed_claims(&self) -> &[String] {
        match &self.claims {
            Some(AckClaims::Exactly(c)) => c,
            _ => &[],
        }
    }
}

/// A loaded, resolved argument map.
#[derive(Clone, Debug)]
pub struct ArgMap {
    pub file: SourceFile,
    pub meta: MapMeta,
    pub claims: Vec<Claim>,
    pub actors: Vec<Actor>,
    pub relations: Vec<Relation>,
    pub stances: Vec<Stance>,
    pub checks: Vec<RuleSetting>,
    pub acknowledged: Vec<Acknowledgement>,
    /// Claim ids to claim indices (see [`ArgMap::claim_id`]).
    pub claim_index: IdIndex,
    /// Actor ids to actor indices.
    pub actor_index: IdIndex,
    /// Relation ids (of `[[relations]]` entries with an `id`) to relation indices.
    pub relation_index: IdIndex,
}

impl ArgMap {
    /// A map of `file` with nothing in it yet.
    pub fn empty(file: SourceFile) -> ArgMap {
        ArgMap {
            file,
            meta: MapMeta::default(),
            claims: Vec::new(),
            actors: Vec::new(),
            relations: Vec::new(),
            stances: Vec::new(),
            checks: Vec::new(),
            acknowledged: Vec::new(),
            claim_index: IdIndex::default(),
            actor_index: IdIndex::default(),
            relation_index: IdIndex::default(),
        }
    }
    pub fn claim(&self, i: ClaimIdx) -> &Claim {
        &self.claims[i as usize]
    }
    pub fn actor(&self, i: ActorIdx) -> &Actor {
        &self.actors[i as usize]
    }
    pub fn relation(&self, i: RelIdx) -> &Relation {
        &self.relations[i as usize]
    }
    pub fn stance(&self, i: StanceIdx) -> &Stance {
        &self.stances[i as usize]
    }
    pub fn claim_id(&self, id: &str) -> Option<ClaimIdx> {
        self.claim_index.get(id)
    }
    pub fn actor_id(&self, id: &str) -> Option<ActorIdx> {
        self.actor_index.get(id)
    }
    pub fn relation_id(&self, id: &str) -> Option<RelIdx> {
        self.relation_index.get(id)
    }
    /// A short human name of a relation: its id, or `from --type--> to`
    /// (`[p1 + p2] --type--> to` for linked premises).
    pub fn relation_label(&self, r: RelIdx) -> String {
        let rel = self.relation(r);
        if let Some(id) = &rel.id {
            return id.clone();
        }
        [&*self.premises_label(r), " --", rel.kind.as_str(), "--> ", &self.target_label(rel.to)].concat()
    }
    /// The premises of a relation as written in labels: `a` (borrowed from
    /// the map), or `[p1 + p2]`.
    pub fn premises_label(&self, r: RelIdx) -> Cow<'_, str> {
        let rel = self.relation(r);
        if !rel.is_linked() {
            return Cow::Borrowed(&self.claim(rel.from).id);
        }
        let ids: Vec<&str> = rel.premises().iter().map(|&p| self.claim(p).id.as_str()).collect();
        Cow::Owned(format!("[{}]", ids.join(" + ")))
    }
    /// A relation's target as written in labels: a claim's id (borrowed from
    /// the map), or `[the relation's label]`.
    pub fn target_label(&self, t: Target) -> Cow<'_, str> {
        match t {
            Target::Claim(c) => Cow::Borrowed(&self.claim(c).id),
            Target::Relation(r) => Cow::Owned(format!("[{}]", self.relation_label(r))),
        }
    }
}

/// Whether `id` is a valid claim, actor or relation id: ASCII letters and
/// digits, `-`, `_` and `.`, starting with a letter or digit, at most 200 bytes.
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 200
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}
