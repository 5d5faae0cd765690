//! Properties of loading and checking, over random small maps (proptest).
//!
//! A random map is a [`Spec`]: claims, actors, long-form and shorthand
//! relations of every type (`supports` and `implies` sometimes with linked
//! premises; cycles come by chance; undercuts target any
//! relation with an id, undercuts included, and may form loops), stances
//! with and without dates (some with a time of day, local or with an
//! offset, and a `seq`, often on one day), evidence and a `basis`, `[checks]` levels and
//! `[[acknowledged]]` entries, with text full of hostile characters. It is
//! written as JSON with one value per line (so that renaming ids moves no
//! line or column), or as TOML (dates as strings or as TOML date-times),
//! and read by the real loader.
//!
//! The number of cases is 64 per property (`PROPTEST_CASES=N` for more). The
//! cases come from a fixed seed, so that a run is reproducible and CI does
//! not turn red by chance; `PROPTEST_RNG_SEED=N` picks another seed and
//! `PROPTEST_RNG_SEED=random` a fresh one per run (do that before a release).
//! See `docs/robustness.md`.

use crate::common;

use std::collections::BTreeMap;

use common::sarif_validator;
use elenchus::check::{Finding, rule_names};
use elenchus::load::{Loaded, load_bytes, load_str};
use elenchus::model::{Basis, Origin, Position, RelationKind, RuleLevel};
use elenchus::report::Report;
use elenchus::source::Format;
use elenchus::{CheckConfig, ClaimGraph, check};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{Value, json};

fn config() -> Config {
    common::proptest_config(64)
}

// ---------------------------------------------------------------------------
// Random maps.

/// Text pieces without ASCII digits (ids have digits, so text never contains an id).
const PIECES: &[&str] = &[
    "A plain claim.",
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "<script>alert(x)</script>",
    "]]>",
    "--",
    "\0",
    "\u{1}",
    "\u{1b}[m",
    "\u{7f}",
    "\u{85}",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "e\u{301}",
    "ព្រះរាជាណាចក្រ",
    "مرحبا",
    "😀",
    "%",
    "::",
    ",",
    "&amp;",
    "{",
    "}",
    " ",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| if c.is_ascii_digit() { 'x' } else { c }.to_string()),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|v| v.concat())
}

#[derive(Clone, Debug)]
struct ClaimSpec {
    text: String,
    kind: Option<String>,
    tags: Vec<String>,
    note: Option<String>,
    /// Shorthand relations: kind (not `undercuts`) and target claim.
    shorthand: Vec<(RelationKind, usize)>,
    /// Shorthand undercuts: target relation.
    undercuts: Vec<usize>,
}

#[derive(Clone, Debug)]
struct RelSpec {
    has_id: bool,
    kind: RelationKind,
    from: usize,
    /// More premises (`from = [from, also...]`: linked premises), for
    /// `supports` and `implies`.
    also: Vec<usize>,
    /// A claim, or a relation for `undercuts`.
    to: usize,
    note: Option<String>,
    /// Written to the file (a relation that cannot be made valid is left out;
    /// ids stay by index).
    alive: bool,
}

#[derive(Clone, Debug)]
struct StanceSpec {
    actor: usize,
    claim: usize,
    position: Position,
    date: Option<(u16, u8, u8)>,
    /// On a dated stance only.
    time: Option<TimeSpec>,
    /// On a dated stance only.
    seq: Option<u32>,
    basis: Option<Basis>,
    /// In TOML, the date written as a TOML date or date-time rather than a string.
    native: bool,
    source: Option<String>,
    via: Option<String>,
    /// `reason`: claims the actor gave for the stance (distinct, not its claim).
    reasons: Vec<usize>,
}

/// A time of day: hour, minute, second, a fraction (`.5`) or none, and an
/// offset (`Z`, `+01:00`) or none (a local time).
#[derive(Clone, Copy, Debug)]
struct TimeSpec(u8, u8, u8, &'static str, &'static str);

impl StanceSpec {
    /// The `date` as written: `2022-03-01`, or with a time `2022-03-01T09:30:00.5+01:00`.
    fn date_text(&self) -> Option<String> {
        let (y, mo, d) = self.date?;
        let mut t = format!("{y:04}-{mo:02}-{d:02}");
        if let Some(TimeSpec(h, mi, sec, frac, offset)) = self.time {
            t.push_str(&format!("T{h:02}:{mi:02}:{sec:02}{frac}{offset}"));
        }
        Some(t)
    }
}

#[derive(Clone, Debug)]
struct AckSpec {
    rule: &'static str,
    actor: Option<usize>,
    claims: Vec<usize>,
    reason: String,
}

#[derive(Clone, Debug)]
struct ActorSpec {
    name: Option<String>,
    shorthand: Vec<(Position, usize)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Spec {
    title: Option<String>,
    claims: Vec<ClaimSpec>,
    actors: Vec<ActorSpec>,
    relations: Vec<RelSpec>,
    stances: Vec<StanceSpec>,
    checks: BTreeMap<&'static str, RuleLevel>,
    acks: Vec<AckSpec>,
}

fn claim_spec(nc: usize, nr: usize) -> impl Strategy<Value = ClaimSpec> {
    let shorthand_kind =
        select(vec![RelationKind::Supports, RelationKind::Attacks, RelationKind::Contradicts, RelationKind::Implies]);
    (
        text(),
        prop::option::of(select(vec!["principle", "fact", "proposal", "odd kind"]).prop_map(str::to_string)),
        prop::collection::vec(select(vec!["t", "u", "<v>"]).prop_map(str::to_string), 0..2),
        prop::option::of(text()),
        prop::collection::vec((shorthand_kind, 0..nc), 0..3),
        prop::collection::vec(0..nr.max(1), if nr > 0 { 0..2 } else { 0..1 }),
    )
        .prop_map(move |(text, kind, tags, note, shorthand, undercuts)| ClaimSpec {
            text,
            kind,
            tags,
            note,
            shorthand,
            undercuts: if nr > 0 { undercuts } else { Vec::new() },
        })
}

pub(crate) fn spec() -> impl Strategy<Value = Spec> {
    (1..8usize, 0..4usize, 0..10usize).prop_flat_map(|(nc, na, nr)| {
        let rules: Vec<&'static str> = rule_names();
        let actor = (prop::option::of(text()), prop::collection::vec((select(Position::ALL.to_vec()), 0..nc), 0..3))
            .prop_map(|(name, shorthand)| ActorSpec { name, shorthand });
        let relation = (
            any::<bool>(),
            select(RelationKind::ALL.to_vec()),
            0..nc,
            prop::collection::vec(0..nc, 0..3),
            0..nc.max(nr),
            prop::option::of(text()),
        )
            .prop_map(|(has_id, kind, from, also, to, note)| RelSpec {
                has_id,
                kind,
                from,
                also,
                to,
                note,
                alive: true,
            });
        // Often one of two days, so that times of day and `seq` have stances to order.
        let date = prop::option::of(prop_oneof![
            1 => (2020u16..2023, 1u8..13, 1u8..29),
            2 => (Just(2022u16), Just(3u8), 1u8..3),
        ]);
        let time = prop::option::of(
            (
                select(vec![0u8, 9, 10, 23]),
                select(vec![0u8, 30, 59]),
                select(vec![0u8, 59]),
                select(vec!["", "", ".5", ".250", ".000000001"]),
                select(vec!["", "", "Z", "+00:00", "+01:00", "-05:30", "+23:59"]),
            )
                .prop_map(|(h, m, s, frac, offset)| TimeSpec(h, m, s, frac, offset)),
        );
        let seq = prop::option::of(prop_oneof![4 => 0u32..3, 1 => Just(u32::MAX)]);
        let basis = prop::option::of(select(Basis::ALL.to_vec()));
        let evidence = || prop::option::of(text());
        let stance = (
            (0..na.max(1), 0..nc, select(Position::ALL.to_vec())),
            (date, time, seq, basis, any::<bool>()),
            (evidence(), evidence(), prop::collection::vec(0..nc, 0..3)),
        )
            .prop_map(
                move |((actor, claim, position), (date, time, seq, basis, native), (source, via, reasons))| {
                    let mut distinct: Vec<usize> = Vec::new();
                    for r in reasons {
                        if r != claim && !distinct.contains(&r) {
                            distinct.push(r);
                        }
                    }
                    StanceSpec {
                        actor,
                        claim,
                        position,
                        date,
                        time: time.filter(|_| date.is_some()),
                        seq: seq.filter(|_| date.is_some()),
                        basis,
                        native,
                        source,
                        via,
                        reasons: distinct,
                    }
                },
            );
        let ack = (select(rules.clone()), prop::option::of(0..na.max(1)), prop::collection::vec(0..nc, 0..3), text())
            .prop_map(move |(rule, actor, claims, reason)| AckSpec {
                rule,
                actor: actor.filter(|_| na > 0),
                claims,
                reason,
            });
        (
            prop::option::of(text()),
            prop::collection::vec(claim_spec(nc, nr), nc),
            prop::collection::vec(actor, na),
            prop::collection::vec(relation, nr),
            prop::collection::vec(stance, if na > 0 { 0..12 } else { 0..1 }),
            prop::collection::btree_map(select(rules), select(RuleLevel::ALL.to_vec()), 0..3),
            prop::collection::vec(ack, 0..3),
        )
            .prop_map(move |(title, claims, actors, relations, stances, checks, acks)| {
                let stances = if na == 0 { Vec::new() } else { stances };
                Spec { title, claims, actors, relations, stances, checks, acks }.normalised()
            })
    })
}

impl Spec {
    /// Make the map valid: no self relations; undercuts target relations
    /// with ids other than themselves; other relations target claims.
    fn normalised(mut self) -> Spec {
        let nc = self.claims.len();
        let with_id: Vec<usize> = (0..self.relations.len()).filter(|&i| self.relations[i].has_id).collect();
        for (i, r) in self.relations.iter_mut().enumerate() {
            if !matches!(r.kind, RelationKind::Supports | RelationKind::Implies) {
                r.also.clear();
            }
            if r.kind == RelationKind::Undercuts {
                let candidates: Vec<usize> = with_id.iter().copied().filter(|&j| j != i).collect();
                if candidates.is_empty() {
                    r.kind = RelationKind::Supports;
                } else {
                    r.to = candidates[r.to % candidates.len()];
                    continue;
                }
            }
            r.to %= nc;
            if r.to == r.from {
                if nc == 1 {
                    r.alive = false;
                } else {
                    r.to = (r.to + 1) % nc;
                }
            }
            // Linked premises: distinct, none the target.
            let mut premises = vec![r.from];
            for &p in &r.also {
                if p != r.to && !premises.contains(&p) {
                    premises.push(p);
                }
            }
            r.also = premises.split_off(1);
        }
        // Undercuts of relations left out are left out, transitively.
        loop {
            let mut changed = false;
            for i in 0..self.relations.len() {
                let r = &self.relations[i];
                if r.alive && r.kind == RelationKind::Undercuts && !self.relations[r.to].alive {
                    self.relations[i].alive = false;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let targets: Vec<bool> = self.relations.iter().map(|r| r.alive && r.has_id).collect();
        for (ci, c) in self.claims.iter_mut().enumerate() {
            c.shorthand.retain(|&(_, t)| t != ci);
            c.undercuts.retain(|&r| targets.get(r).copied().unwrap_or(false));
        }
        self
    }

    /// Leave out the acknowledgements that would match a new orphan claim.
    fn without_orphan_acks(mut self) -> Spec {
        self.acks.retain(|a| !(a.rule == "orphan-claim" && a.actor.is_none() && a.claims.is_empty()));
        self
    }
}

// ---------------------------------------------------------------------------
// Writing a map.

/// Two consistent namings of every id. `B` is another alphabet, length and
/// order; both are digits between letters, so no id is part of another and
/// text (which has no digits) never contains one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    A,
    B,
}

fn scramble(i: usize) -> usize {
    (i * 7919 + 13) % 10007
}

impl Naming {
    fn claim(self, i: usize) -> String {
        match self {
            Naming::A => format!("k{i}q"),
            Naming::B => format!("Z{}clm.x", scramble(i)),
        }
    }
    fn actor(self, i: usize) -> String {
        match self {
            Naming::A => format!("p{i}q"),
            Naming::B => format!("Y{}act_x", scramble(i)),
        }
    }
    fn relation(self, i: usize) -> String {
        match self {
            Naming::A => format!("r{i}q"),
            Naming::B => format!("W{}rel-x", scramble(i)),
        }
    }
}

/// A JSON value whose members keep their order.
enum J {
    S(String),
    N(u64),
    A(Vec<J>),
    O(Vec<(String, J)>),
}

fn s(x: impl Into<String>) -> J {
    J::S(x.into())
}

/// Every array item and object member on a line of its own, at column 1.
fn write_json(j: &J, out: &mut String) {
    match j {
        J::S(x) => out.push_str(&serde_json::to_string(x).unwrap()),
        J::N(x) => out.push_str(&x.to_string()),
        J::A(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                out.push_str(if i > 0 { ",\n" } else { "\n" });
                write_json(x, out);
            }
            out.push_str("\n]");
        }
        J::O(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                out.push_str(if i > 0 { ",\n" } else { "\n" });
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push_str(": ");
                write_json(v, out);
            }
            out.push_str("\n}");
        }
    }
}

/// An extra claim with no relations and no stances: (position among the
/// claims, text).
type Extra<'a> = Option<(usize, &'a str)>;

impl Spec {
    fn claim_member(&self, n: Naming, i: usize) -> (String, J) {
        let c = &self.claims[i];
        let mut m = vec![("text".to_string(), s(&c.text))];
        if let Some(k) = &c.kind {
            m.push(("kind".into(), s(k)));
        }
        if !c.tags.is_empty() {
            m.push(("tags".into(), J::A(c.tags.iter().map(s).collect())));
        }
        if let Some(note) = &c.note {
            m.push(("note".into(), s(note)));
        }
        for kind in [RelationKind::Supports, RelationKind::Attacks, RelationKind::Contradicts, RelationKind::Implies] {
            let list: Vec<J> = c.shorthand.iter().filter(|(k, _)| *k == kind).map(|&(_, t)| s(n.claim(t))).collect();
            if !list.is_empty() {
                m.push((kind.as_str().into(), J::A(list)));
            }
        }
        if !c.undercuts.is_empty() {
            m.push(("undercuts".into(), J::A(c.undercuts.iter().map(|&r| s(n.relation(r))).collect())));
        }
        (n.claim(i), J::O(m))
    }

    /// The map as JSON: claims last, so that an extra claim moves nothing
    /// written before it.
    fn json(&self, n: Naming, extra: Extra<'_>) -> String {
        let mut doc = Vec::new();
        let mut meta = Vec::new();
        if let Some(t) = &self.title {
            meta.push(("title".to_string(), s(t)));
        }
        doc.push(("map".to_string(), J::O(meta)));
        if !self.actors.is_empty() {
            let actors = self
                .actors
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let mut m = Vec::new();
                    if let Some(name) = &a.name {
                        m.push(("name".to_string(), s(name)));
                    }
                    for p in Position::ALL {
                        let list: Vec<J> =
                            a.shorthand.iter().filter(|(q, _)| *q == p).map(|&(_, c)| s(n.claim(c))).collect();
                        if !list.is_empty() {
                            m.push((p.as_str().to_string(), J::A(list)));
                        }
                    }
                    (n.actor(i), J::O(m))
                })
                .collect();
            doc.push(("actors".into(), J::O(actors)));
        }
        let relations: Vec<J> = self
            .relations
            .iter()
            .enumerate()
            .filter(|(_, r)| r.alive)
            .map(|(i, r)| {
                let mut m = Vec::new();
                if r.has_id {
                    m.push(("id".to_string(), s(n.relation(i))));
                }
                if r.also.is_empty() {
                    m.push(("from".into(), s(n.claim(r.from))));
                } else {
                    let premises = std::iter::once(r.from).chain(r.also.iter().copied());
                    m.push(("from".into(), J::A(premises.map(|p| s(n.claim(p))).collect())));
                }
                let to = if r.kind == RelationKind::Undercuts { n.relation(r.to) } else { n.claim(r.to) };
                m.push(("to".into(), s(to)));
                m.push(("type".into(), s(r.kind.as_str())));
                if let Some(note) = &r.note {
                    m.push(("note".into(), s(note)));
                }
                J::O(m)
            })
            .collect();
        if !relations.is_empty() {
            doc.push(("relations".into(), J::A(relations)));
        }
        if !self.stances.is_empty() {
            let stances = self
                .stances
                .iter()
                .map(|st| {
                    let mut m = vec![
                        ("actor".to_string(), s(n.actor(st.actor))),
                        ("claim".into(), s(n.claim(st.claim))),
                        ("position".into(), s(st.position.as_str())),
                    ];
                    if let Some(date) = st.date_text() {
                        m.push(("date".into(), s(date)));
                    }
                    if let Some(n) = st.seq {
                        m.push(("seq".into(), J::N(n.into())));
                    }
                    if let Some(b) = st.basis {
                        m.push(("basis".into(), s(b.as_str())));
                    }
                    if let Some(x) = &st.source {
                        m.push(("source".into(), s(x)));
                    }
                    if let Some(x) = &st.via {
                        m.push(("via".into(), s(x)));
                    }
                    // One reason as a string, several as a list.
                    match &st.reasons[..] {
                        [] => {}
                        [r] => m.push(("reason".into(), s(n.claim(*r)))),
                        rs => m.push(("reason".into(), J::A(rs.iter().map(|&r| s(n.claim(r))).collect()))),
                    }
                    J::O(m)
                })
                .collect();
            doc.push(("stances".into(), J::A(stances)));
        }
        if !self.checks.is_empty() {
            let checks = self.checks.iter().map(|(r, l)| (r.to_string(), s(l.as_str()))).collect();
            doc.push(("checks".into(), J::O(checks)));
        }
        if !self.acks.is_empty() {
            let acks = self
                .acks
                .iter()
                .map(|a| {
                    let mut m = vec![("rule".to_string(), s(a.rule))];
                    if let Some(x) = a.actor {
                        m.push(("actor".into(), s(n.actor(x))));
                    }
                    if !a.claims.is_empty() {
                        m.push(("claims".into(), J::A(a.claims.iter().map(|&c| s(n.claim(c))).collect())));
                    }
                    m.push(("reason".into(), s(&a.reason)));
                    J::O(m)
                })
                .collect();
            doc.push(("acknowledged".into(), J::A(acks)));
        }
        let mut claims: Vec<(String, J)> = (0..self.claims.len()).map(|i| self.claim_member(n, i)).collect();
        if let Some((at, text)) = extra {
            claims.insert(at, (n.claim(self.claims.len()), J::O(vec![("text".into(), s(text))])));
        }
        doc.push(("claims".into(), J::O(claims)));
        let mut out = String::new();
        write_json(&J::O(doc), &mut out);
        out.push('\n');
        out
    }

    /// The map as TOML (through `toml`, from the JSON), with the dates of
    /// the stances marked `native` as TOML dates or date-times.
    fn toml(&self, n: Naming) -> String {
        let v: Value = serde_json::from_str(&self.json(n, None)).unwrap();
        let text = toml::to_string(&v).unwrap();
        // The `date` lines are the dated stances', in order (text has no digits,
        // so no line of a text starts like one).
        let mut native = self.stances.iter().filter(|st| st.date.is_some()).map(|st| st.native);
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            match line.strip_prefix("date = \"").filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit())) {
                Some(rest) => {
                    let date = rest.trim_end().strip_suffix('"').expect("a date string");
                    if native.next().expect("a dated stance") {
                        out.push_str(&format!("date = {date}\n"));
                    } else {
                        out.push_str(line);
                    }
                }
                None => out.push_str(line),
            }
        }
        assert!(native.next().is_none(), "a dated stance's date was not written:\n{text}");
        out
    }

    pub(crate) fn text(&self, format: Format, n: Naming) -> String {
        match format {
            Format::Json => self.json(n, None),
            Format::Toml => self.toml(n),
            Format::Af | Format::Argdown | Format::Aif => unreachable!("these maps are TOML or JSON"),
        }
    }
}

fn format() -> impl Strategy<Value = Format> {
    select(vec![Format::Json, Format::Toml])
}

// ---------------------------------------------------------------------------
// Loading and checking.

const NAME: &str = "map.json";

/// Load a map that must be valid.
fn load(name: &str, text: &str, format: Format) -> Loaded {
    let l = load_str(name, text, format);
    let errors: Vec<String> =
        l.diagnostics.iter().filter(|d| d.level == elenchus::Level::Error).map(|d| d.short(&l.file)).collect();
    assert!(errors.is_empty(), "the generated map does not load: {errors:#?}\n{text}");
    l
}

fn findings_of(l: &Loaded) -> Vec<Finding> {
    let map = l.map.as_ref().unwrap();
    check(&ClaimGraph::build(map), &CheckConfig::default())
}

fn as_json(findings: &[Finding]) -> Vec<Value> {
    findings.iter().map(|f| serde_json::to_value(f).unwrap()).collect()
}

/// Replace every string in a JSON value.
fn map_strings(v: &mut Value, f: &dyn Fn(&str) -> String) {
    match v {
        Value::String(x) => *x = f(x),
        Value::Array(a) => a.iter_mut().for_each(|x| map_strings(x, f)),
        Value::Object(o) => o.values_mut().for_each(|x| map_strings(x, f)),
        _ => {}
    }
}

/// `circular-support` writes a cycle from the claim with the smallest id
/// (documented in `docs/checks.md`), so under renaming the same cycle can
/// start elsewhere: rotate it (claims, relations, chain, message) to start
/// at the smallest id, and sort the locations after the primary one.
fn rotate_cycle(f: &mut Value) {
    let strings =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect() };
    let claims = strings(&f["claims"]);
    let relations = strings(&f["relations"]);
    let n = claims.len();
    let k = (0..n).min_by_key(|&i| &claims[i]).unwrap();
    let rot = |v: &[String]| -> Vec<String> { (0..v.len()).map(|i| v[(i + k) % v.len()].clone()).collect() };
    // The chain: `c0 --kind--> c1 ... --kind--> c0`.
    let chain = f["chain"].as_str().unwrap().to_string();
    let parts: Vec<&str> = chain.split(" --").collect();
    assert_eq!(parts.len(), n + 1, "{chain}");
    let kinds: Vec<String> = parts[1..].iter().map(|p| p.split_once("--> ").unwrap().0.to_string()).collect();
    let mut rotated = claims[k].clone();
    for i in 1..=n {
        rotated.push_str(&format!(" --{}--> {}", kinds[(i - 1 + k) % n], claims[(i + k) % n]));
    }
    let list = |ids: &[String]| {
        let v: Vec<String> = ids.iter().map(|s| format!("`{s}`")).collect();
        format!("{} and {}", v[..v.len() - 1].join(", "), v[v.len() - 1])
    };
    let message = f["message"].as_str().unwrap().replace(&list(&claims), &list(&rot(&claims)));
    f["message"] = json!(message);
    f["chain"] = json!(rotated);
    f["claims"] = json!(rot(&claims));
    f["relations"] = json!(rot(&relations));
    let locations = f["locations"].as_array_mut().unwrap();
    locations[1..].sort_by_key(|l| l.to_string());
}

/// A mutual attack is written from the claim with the smaller id (so that
/// its fingerprint does not depend on the order of the file), so under
/// renaming the same clash can be written the other way round: put the
/// pair in the message, the claims, the relations, the parts of the chain
/// and the locations in sorted order.
fn orient_clash(f: &mut Value) {
    let sorted = |v: &Value| {
        let mut v: Vec<Value> = v.as_array().unwrap().clone();
        v.sort_by_key(|x| x.to_string());
        Value::Array(v)
    };
    let message = f["message"].as_str().unwrap().to_string();
    let mut ids: Vec<&str> = message.split('`').skip(1).step_by(2).take(2).collect();
    let pair = format!("`{}` and `{}`", ids[0], ids[1]);
    ids.sort();
    f["message"] = json!(message.replacen(&pair, &format!("`{}` and `{}`", ids[0], ids[1]), 1));
    let chain = f["chain"].as_str().unwrap().to_string();
    let mut parts: Vec<&str> = chain.split("; ").collect();
    parts.sort();
    f["chain"] = json!(parts.join("; "));
    for key in ["claims", "relations", "locations"] {
        f[key] = sorted(&f[key]);
    }
}

/// A few bytes changed, inserted or removed, at positions `edits` picks.
fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for &(at, op, byte) in edits {
        let at = if b.is_empty() { 0 } else { at % (b.len() + 1) };
        match op % 3 {
            0 if at < b.len() => b[at] = byte,
            1 => b.insert(at, byte),
            _ if at < b.len() => {
                b.remove(at);
            }
            _ => b.push(byte),
        }
    }
    b
}

/// Structural characters and bytes that matter to the parsers.
const BYTES: &[u8] = b"{}[]\"',:=.\\\n\r\t #0aZ-\x00\xff\xc3\xa9\xe2";

proptest! {
    #![proptest_config(config())]

    /// The same text gives the same findings, in the same order, every time
    /// (the loader's hash maps are seeded afresh for each load).
    #[test]
    fn findings_are_deterministic(spec in spec(), format in format()) {
        let text = spec.text(format, Naming::A);
        let first = as_json(&findings_of(&load(NAME, &text, format)));
        for _ in 0..2 {
            let again = as_json(&findings_of(&load(NAME, &text, format)));
            prop_assert_eq!(&first, &again);
        }
        // On any number of threads: the work is divided differently, the findings are the same.
        let loaded = load(NAME, &text, format);
        let graph = ClaimGraph::build(loaded.map.as_ref().unwrap());
        for threads in [2, 3, 8] {
            let parallel = as_json(&elenchus::check::check_with_threads(&graph, &CheckConfig::default(), threads));
            prop_assert_eq!(&first, &parallel, "{} threads", threads);
        }
        let report = |t: &str| Report::check(vec![load(NAME, t, format)], &CheckConfig::default());
        let (a, b) = (report(&text), report(&text));
        prop_assert_eq!(elenchus::report::json::to_value(&a), elenchus::report::json::to_value(&b));
        prop_assert_eq!(elenchus::report::sarif::to_value(&a), elenchus::report::sarif::to_value(&b));
    }

    /// A claim with no relations and no stances, anywhere among the claims,
    /// changes no other finding: only its own `orphan-claim` note is new
    /// (every other position moves down by the lines it takes).
    #[test]
    fn an_unrelated_claim_changes_nothing_else(spec in spec(), at in any::<prop::sample::Index>(), new_text in text()) {
        let spec = spec.without_orphan_acks();
        let before_text = spec.json(Naming::A, None);
        let before = as_json(&findings_of(&load(NAME, &before_text, Format::Json)));
        let at = at.index(spec.claims.len() + 1);
        let after_text = spec.json(Naming::A, Some((at, &new_text)));
        let after = findings_of(&load(NAME, &after_text, Format::Json));
        let new_id = Naming::A.claim(spec.claims.len());
        // The line of the claim the new one is written before: everything from
        // there on moves down by the three lines of the new claim.
        let shift_from = (at < spec.claims.len()).then(|| {
            let key = format!("\"{}\": {{", Naming::A.claim(at));
            before_text.lines().position(|l| l == key).unwrap() + 1
        });
        let (own, others): (Vec<&Finding>, Vec<&Finding>) =
            after.iter().partition(|f| f.claims.contains(&new_id) || f.addressed_by.contains(&new_id));
        prop_assert!(own.len() <= 1, "{own:#?}");
        for f in &own {
            prop_assert_eq!(f.rule, "orphan-claim");
            prop_assert_eq!(&f.claims, &vec![new_id.clone()]);
        }
        let mut others: Vec<Value> = others.iter().map(|f| serde_json::to_value(f).unwrap()).collect();
        for f in &mut others {
            for l in f["locations"].as_array_mut().unwrap() {
                let line = l["line"].as_u64().unwrap() as usize;
                if shift_from.is_some_and(|s| line >= s) {
                    l["line"] = json!(line - 3);
                }
            }
        }
        prop_assert_eq!(others, before);
    }

    /// Renaming every claim, actor and relation id consistently (another
    /// alphabet, length and sort order) changes no finding but its ids and
    /// fingerprint (and the fingerprints that stale entries' hints name).
    #[test]
    fn renaming_ids_changes_only_the_ids(spec in spec()) {
        let a = findings_of(&load(NAME, &spec.json(Naming::A, None), Format::Json));
        let b = findings_of(&load(NAME, &spec.json(Naming::B, None), Format::Json));
        let mut pairs: Vec<(String, String)> = Vec::new();
        for i in 0..spec.claims.len() {
            pairs.push((Naming::B.claim(i), Naming::A.claim(i)));
        }
        for i in 0..spec.actors.len() {
            pairs.push((Naming::B.actor(i), Naming::A.actor(i)));
        }
        for i in 0..spec.relations.len() {
            pairs.push((Naming::B.relation(i), Naming::A.relation(i)));
        }
        let back = |x: &str| pairs.iter().fold(x.to_string(), |acc, (from, to)| acc.replace(from.as_str(), to));
        let canonical = |findings: &[Finding], rename: bool| {
            let mut v: Vec<String> = as_json(findings)
                .into_iter()
                .map(|mut f| {
                    f.as_object_mut().unwrap().remove("fingerprint");
                    if rename {
                        map_strings(&mut f, &back);
                    }
                    if f["rule"] == "circular-support" {
                        rotate_cycle(&mut f);
                    }
                    if f["message"].as_str().unwrap().contains(", which attack each other") {
                        orient_clash(&mut f);
                    }
                    // A stale entry's hint names another finding by its fingerprint.
                    if let Some((head, tail)) = f["message"].as_str().and_then(|m| m.split_once(" of finding ")) {
                        f["message"] = json!(format!("{head} of finding <fingerprint>{}", &tail[16..]));
                    }
                    serde_json::to_string_pretty(&f).unwrap()
                })
                .collect();
            v.sort();
            v
        };
        prop_assert_eq!(canonical(&b, true), canonical(&a, false));
        // The fingerprints are a function of the ids: all distinct when they were.
        let distinct = |f: &[Finding]| f.iter().map(|f| &f.fingerprint).collect::<std::collections::BTreeSet<_>>().len();
        prop_assert_eq!(distinct(&a), distinct(&b));
    }

    /// The JSON report round-trips through serde_json, pretty or compact.
    #[test]
    fn json_output_round_trips(spec in spec(), format in format(), name in select(NAMES)) {
        let report = Report::check(vec![load(name, &spec.text(format, Naming::A), format)], &CheckConfig::default());
        let v = elenchus::report::json::to_value(&report);
        prop_assert!(!v.is_null());
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            let back: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &v);
        }
        prop_assert_eq!(&v["maps"][0]["file"], &json!(name));
        let findings: Vec<Value> = report.findings().map(|f| serde_json::to_value(f).unwrap()).collect();
        prop_assert_eq!(&v["findings"], &Value::Array(findings));
    }

    /// The SARIF log of any map validates against the SARIF 2.1.0 schema,
    /// under any configuration, hostile file names included.
    #[test]
    fn sarif_output_validates(
        spec in spec(),
        format in format(),
        name in select(NAMES),
        levels in prop::collection::btree_map(select(rule_names()), select(RuleLevel::ALL.to_vec()), 0..3),
        deny_warnings in any::<bool>(),
    ) {
        let config = CheckConfig {
            levels: levels.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            deny_warnings,
            ..Default::default()
        };
        let report = Report::check(vec![load(name, &spec.text(format, Naming::A), format)], &config);
        let log = elenchus::report::sarif::to_value(&report);
        let errors: Vec<String> =
            sarif_validator().iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).collect();
        prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
        let results = log["runs"][0]["results"].as_array().unwrap();
        prop_assert_eq!(results.len(), report.findings().count() + report.maps[0].diagnostics.len());
    }

    /// A relation counts once: no two relations of a loaded map have the
    /// same type and ends (`contradicts` either way round; linked premises
    /// in any order).
    #[test]
    fn relations_count_once(spec in spec(), format in format()) {
        let l = load(NAME, &spec.text(format, Naming::A), format);
        let map = l.map.unwrap();
        let mut seen = std::collections::HashSet::new();
        for (i, r) in map.relations.iter().enumerate() {
            let mut a = r.premises().to_vec();
            a.sort_unstable();
            let b = r.to;
            let key = match (r.kind, b) {
                (RelationKind::Contradicts, elenchus::model::Target::Claim(c)) if c < a[0] => {
                    (r.kind, vec![c], elenchus::model::Target::Claim(a[0]))
                }
                _ => (r.kind, a, b),
            };
            prop_assert!(seen.insert(key), "{} is in the map twice", map.relation_label(i as u32));
        }
    }

    /// The loader never panics on arbitrary bytes, in either format.
    #[test]
    fn loader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), format in format()) {
        let l = load_bytes("bytes".into(), None, bytes, format);
        prop_assert_eq!(l.map.is_some(), l.errors() == 0);
    }

    /// ... nor on a valid map with a few bytes changed, inserted or removed,
    /// and every diagnostic points into the file.
    #[test]
    fn loader_never_panics_on_damaged_maps(
        spec in spec(),
        format in format(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), select(BYTES)), 1..6),
    ) {
        let bytes = mutate(&spec.text(format, Naming::A), &edits);
        let l = load_bytes("damaged".into(), None, bytes, format);
        prop_assert_eq!(l.map.is_some(), l.errors() == 0);
        for d in &l.diagnostics {
            let p = d.position(&l.file);
            prop_assert!(p.line >= 1 && p.line <= l.file.line_count() && p.column >= 1);
            let _ = d.render(&l.file, elenchus::diag::Style::default());
        }
        if let Some(map) = &l.map {
            drop(check(&ClaimGraph::build(map), &CheckConfig::default()));
        }
    }
}

// ---------------------------------------------------------------------------
// The basis of a stance (docs/checks.md, "Basis of a stance"), metamorphic.

impl Spec {
    /// The same map with every stance's `basis` left out, except those
    /// `marked`, which get `basis`.
    fn with_basis(&self, marked: &[bool], basis: Option<Basis>) -> Spec {
        let mut spec = self.clone();
        for (i, st) in spec.stances.iter_mut().enumerate() {
            st.basis = if marked.get(i).copied().unwrap_or(false) { basis } else { None };
        }
        spec
    }
}

/// error → warning → note (a note stays a note).
fn one_level_lower(level: elenchus::Level) -> elenchus::Level {
    match level {
        elenchus::Level::Error => elenchus::Level::Warning,
        _ => elenchus::Level::Note,
    }
}

proptest! {
    #![proptest_config(config())]

    /// Marking some stances `inferred` keeps the same findings (the same
    /// fingerprints, in the same order), never raises a level, and lowers by
    /// one level exactly the findings whose `basis` is then `inferred`, whose
    /// messages say so; marking them `reported` changes no level.
    #[test]
    fn an_inferred_basis_lowers_exactly_the_findings_resting_on_it(
        spec in spec(),
        format in format(),
        marked in prop::collection::vec(any::<bool>(), 12),
    ) {
        let findings = |s: &Spec| findings_of(&load(NAME, &s.text(format, Naming::A), format));
        let plain = findings(&spec.with_basis(&marked, None));
        let inferred = findings(&spec.with_basis(&marked, Some(Basis::Inferred)));
        let reported = findings(&spec.with_basis(&marked, Some(Basis::Reported)));
        let prints = |f: &[Finding]| f.iter().map(|f| (f.rule, f.fingerprint.clone())).collect::<Vec<_>>();
        prop_assert_eq!(prints(&inferred), prints(&plain));
        prop_assert_eq!(prints(&reported), prints(&plain));
        for ((p, i), r) in plain.iter().zip(&inferred).zip(&reported) {
            prop_assert_eq!(p.basis, Basis::Stated);
            prop_assert!(i.level >= p.level, "raised: {:?} → {:?}", p, i);
            if i.basis == Basis::Inferred {
                prop_assert_eq!(i.level, one_level_lower(p.level), "{}", i.message);
                let (head, tail) = i.message.split_at(p.message.len().min(i.message.len()));
                prop_assert_eq!(head, p.message.as_str());
                prop_assert!(tail.starts_with(" (rests on an inferred stance of ") && tail.ends_with("`)"), "{}", i.message);
            } else {
                prop_assert_eq!(i.level, p.level, "{}", i.message);
                prop_assert_eq!(&i.message, &p.message);
            }
            prop_assert!(r.basis != Basis::Inferred);
            prop_assert_eq!(r.level, p.level, "{}", r.message);
            prop_assert_eq!(&r.message, &p.message);
        }
    }
}

#[test]
fn the_generated_stances_exercise_time_seq_and_basis() {
    // Over the generator's maps, in both formats: stances load with times of
    // day of both kinds and with `seq`; stances of one day are ordered by
    // them (shifts within a day); and marking stances `inferred` lowers
    // errors and warnings alike, so the properties above are not vacuous.
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = BTreeMap::<&str, usize>::new();
    let all = [true; 12];
    for i in 0..600 {
        let spec = spec().new_tree(&mut runner).unwrap().current();
        let format = if i % 2 == 0 { Format::Json } else { Format::Toml };
        let l = load(NAME, &spec.text(format, Naming::A), format);
        let map = l.map.as_ref().unwrap();
        for st in &map.stances {
            let when = st.when().unwrap_or_default();
            let offset = when.len() > 19 && (when.ends_with('Z') || when.contains('+') || when[11..].contains('-'));
            *seen.entry("time with an offset").or_default() += usize::from(st.time.is_some() && offset);
            *seen.entry("local time").or_default() += usize::from(st.time.is_some() && !offset);
            *seen.entry("seq").or_default() += usize::from(st.seq.is_some());
            *seen.entry("inferred").or_default() += usize::from(st.basis == Basis::Inferred);
            *seen.entry("reported").or_default() += usize::from(st.basis == Basis::Reported);
        }
        // A shift within one day: two of the message's dates ("on 2022-03-01T09:00:00") on one day.
        let same_day_shift = findings_of(&l).iter().filter(|f| f.rule == "stance-shift").any(|f| {
            let days: Vec<&str> = f.message.split(" on ").skip(1).filter_map(|d| d.get(..10)).collect();
            days.windows(2).any(|w| w[0] == w[1])
        });
        *seen.entry("shift within a day").or_default() += usize::from(same_day_shift);
        let plain = findings_of(&load(NAME, &spec.with_basis(&all, None).text(format, Naming::A), format));
        let inferred =
            findings_of(&load(NAME, &spec.with_basis(&all, Some(Basis::Inferred)).text(format, Naming::A), format));
        for (p, i) in plain.iter().zip(&inferred) {
            *seen.entry("error lowered").or_default() +=
                usize::from(p.level == elenchus::Level::Error && i.level == elenchus::Level::Warning);
            *seen.entry("warning lowered").or_default() +=
                usize::from(p.level == elenchus::Level::Warning && i.level == elenchus::Level::Note);
        }
    }
    assert_eq!(seen.len(), 8, "{seen:?}");
    // TOML has both spellings of a date: a string, and a date-time of TOML's own.
    let toml: String = (0..50).map(|_| spec().new_tree(&mut runner).unwrap().current().toml(Naming::A)).collect();
    assert!(toml.contains("date = \"2") && toml.contains("\ndate = 2"), "{toml}");
    assert!(seen.values().all(|&n| n >= 10), "{seen:?}");
}

// ---------------------------------------------------------------------------
// Commitments through linked premises, against a brute-force oracle.

/// A small map of `supports` and `implies` relations, each with one or more
/// premises, and actors with at most one (undated) stance per claim.
#[derive(Clone, Debug)]
struct LinkedSpec {
    claims: usize,
    /// (kind, premises, target): premises distinct, none the target.
    relations: Vec<(RelationKind, Vec<usize>, usize)>,
    /// Each actor's position on each claim, if any.
    actors: Vec<Vec<Option<Position>>>,
}

fn linked_spec() -> impl Strategy<Value = LinkedSpec> {
    (2..8usize, 1..4usize).prop_flat_map(|(nc, na)| {
        let kind = select(vec![RelationKind::Supports, RelationKind::Implies]);
        let relation = (kind, prop::collection::vec(0..nc, 1..4), 0..nc);
        let position = prop::option::of(select(Position::ALL.to_vec()));
        (prop::collection::vec(relation, 0..12), prop::collection::vec(prop::collection::vec(position, nc), na))
            .prop_map(move |(relations, actors)| {
                let relations = relations
                    .into_iter()
                    .filter_map(|(kind, premises, to)| {
                        let mut ps: Vec<usize> = Vec::new();
                        for p in premises {
                            if p != to && !ps.contains(&p) {
                                ps.push(p);
                            }
                        }
                        (!ps.is_empty()).then_some((kind, ps, to))
                    })
                    .collect();
                LinkedSpec { claims: nc, relations, actors }
            })
    })
}

impl LinkedSpec {
    fn toml(&self) -> String {
        let mut t = String::new();
        for c in 0..self.claims {
            t.push_str(&format!("[claims.c{c}]\ntext = \"Claim {c}\"\n\n"));
        }
        for (a, positions) in self.actors.iter().enumerate() {
            t.push_str(&format!("[actors.a{a}]\n"));
            for p in Position::ALL {
                let ids: Vec<String> =
                    (0..self.claims).filter(|&c| positions[c] == Some(p)).map(|c| format!("\"c{c}\"")).collect();
                t.push_str(&format!("{} = [{}]\n", p.as_str(), ids.join(", ")));
            }
            t.push('\n');
        }
        for (kind, premises, to) in &self.relations {
            let ps: Vec<String> = premises.iter().map(|p| format!("\"c{p}\"")).collect();
            t.push_str(&format!(
                "[[relations]]\nfrom = [{}]\nto = \"c{to}\"\ntype = \"{}\"\n\n",
                ps.join(", "),
                kind.as_str()
            ));
        }
        t
    }

    /// The actor's commitments, by brute force: the affirmed claims, then
    /// every `implies` all of whose premises are held, until nothing changes.
    fn commitments(&self, actor: usize) -> Vec<bool> {
        let mut held: Vec<bool> = self.actors[actor].iter().map(|p| *p == Some(Position::Affirms)).collect();
        loop {
            let mut changed = false;
            for (kind, premises, to) in &self.relations {
                if *kind == RelationKind::Implies && !held[*to] && premises.iter().all(|&p| held[p]) {
                    held[*to] = true;
                    changed = true;
                }
            }
            if !changed {
                return held;
            }
        }
    }

    /// What the actor is committed to deny, by brute force: its denials, then
    /// the premise of a plain `implies` (one premise, held or not) whose
    /// target is denied, and every premise of a linked `implies` whose target
    /// is denied and whose other premises are all held, until nothing changes.
    fn denials(&self, actor: usize) -> Vec<bool> {
        let held = self.commitments(actor);
        let mut deny: Vec<bool> = self.actors[actor].iter().map(|p| *p == Some(Position::Denies)).collect();
        loop {
            let mut changed = false;
            for (kind, premises, to) in &self.relations {
                if *kind != RelationKind::Implies || !deny[*to] {
                    continue;
                }
                let open: Vec<usize> = match premises[..] {
                    [p] => vec![p],
                    _ => premises.iter().copied().filter(|&p| !held[p]).collect(),
                };
                if let [p] = open[..]
                    && !deny[p]
                {
                    deny[p] = true;
                    changed = true;
                }
            }
            if !changed {
                return deny;
            }
        }
    }

    /// The relations as the map holds them: one per type, set of premises
    /// and target.
    fn distinct_relations(&self) -> Vec<(RelationKind, Vec<usize>, usize)> {
        let mut out: Vec<(RelationKind, Vec<usize>, usize)> = Vec::new();
        for (kind, premises, to) in &self.relations {
            let mut set = premises.clone();
            set.sort_unstable();
            if !out.iter().any(|(k, s, t)| k == kind && *s == set && t == to) {
                out.push((*kind, set, *to));
            }
        }
        out
    }
}

proptest! {
    #![proptest_config(config())]

    /// `broken-entailment` and `unheeded-reason` on maps with linked
    /// premises agree with a brute-force model of commitments: a linked
    /// `implies` commits only when every premise is held; a linked
    /// `supports` is one reason, unheeded only when every premise is held.
    /// On any number of threads, the same findings.
    #[test]
    fn linked_commitments_agree_with_a_brute_force_oracle(spec in linked_spec()) {
        let text = spec.toml();
        let loaded = load(NAME, &text, Format::Toml);
        prop_assert_eq!(loaded.errors(), 0, "{}", text);
        let map = loaded.map.as_ref().unwrap();
        let graph = ClaimGraph::build(map);
        let findings = check(&graph, &CheckConfig::default());
        let relations = spec.distinct_relations();
        let mut want_be: Vec<(String, String)> = Vec::new();
        let mut want_ur: Vec<(String, String)> = Vec::new();
        for (a, positions) in spec.actors.iter().enumerate() {
            let held = spec.commitments(a);
            let declines = |c: usize| matches!(positions[c], Some(Position::Denies | Position::Abstains));
            for (c, _) in held.iter().enumerate().filter(|&(c, &h)| h && declines(c)) {
                want_be.push((format!("a{a}"), format!("c{c}")));
            }
            // Abstaining on what it is committed to deny (and not to affirm).
            let deny = spec.denials(a);
            for c in (0..spec.claims).filter(|&c| deny[c] && !held[c] && positions[c] == Some(Position::Abstains)) {
                want_be.push((format!("a{a}"), format!("c{c}")));
            }
            for (kind, premises, to) in &relations {
                if *kind == RelationKind::Supports && declines(*to) && premises.iter().all(|&p| held[p]) {
                    want_ur.push((format!("a{a}"), format!("c{to}")));
                }
            }
        }
        let got = |rule: &str| {
            // The declined claim: a commitment's chain ends with it; a
            // chain of denials starts with it.
            let declined = |f: &Finding| {
                if f.message.contains("committed to deny") { f.claims[0].clone() } else { f.claims.last().unwrap().clone() }
            };
            let mut v: Vec<(String, String)> =
                findings.iter().filter(|f| f.rule == rule).map(|f| (f.actor.clone().unwrap(), declined(f))).collect();
            v.sort();
            v
        };
        want_be.sort();
        want_ur.sort();
        prop_assert_eq!(got("broken-entailment"), want_be, "{}", text);
        prop_assert_eq!(got("unheeded-reason"), want_ur, "{}", text);
        // Each unheeded reason names all the premises of one reason held.
        for f in findings.iter().filter(|f| f.rule == "unheeded-reason") {
            let a: usize = f.actor.as_ref().unwrap()[1..].parse().unwrap();
            let held = spec.commitments(a);
            let named = |c: usize| f.claims.contains(&format!("c{c}"));
            let to = f.claims.last().unwrap();
            let found = relations.iter().any(|(kind, premises, t)| {
                *kind == RelationKind::Supports
                    && format!("c{t}") == *to
                    && premises.iter().all(|&p| held[p] && named(p))
            });
            prop_assert!(found, "{:?}\n{}", f, text);
        }
        let first = as_json(&findings);
        for threads in [1, 2, 3] {
            let again = as_json(&elenchus::check::check_with_threads(&graph, &CheckConfig::default(), threads));
            prop_assert_eq!(&first, &again, "{} threads", threads);
        }
    }
}

#[test]
fn the_linked_oracle_is_not_vacuous() {
    // [c0 + c1] implies c2 (held: denied, a finding); [c0 + c3] implies c2
    // (c3 not held, so by modus tollens committed to deny, and abstained
    // on: a finding); [c0 + c1] supports c3 (abstained on, a finding).
    let spec = LinkedSpec {
        claims: 4,
        relations: vec![
            (RelationKind::Implies, vec![0, 1], 2),
            (RelationKind::Implies, vec![0, 3], 2),
            (RelationKind::Supports, vec![1, 0], 3),
        ],
        actors: vec![vec![
            Some(Position::Affirms),
            Some(Position::Affirms),
            Some(Position::Denies),
            Some(Position::Abstains),
        ]],
    };
    assert_eq!(spec.commitments(0), [true, true, true, false]);
    assert_eq!(spec.denials(0), [false, false, true, true]);
    let l = load(NAME, &spec.toml(), Format::Toml);
    let rules: Vec<&str> = findings_of(&l).iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["broken-entailment", "broken-entailment", "unheeded-reason"]);
}

/// Hostile file names (for the report's `file`, SARIF's `uri`).
const NAMES: &[&str] = &["map.json", "a,b:c.toml", "new\nline.json", "<x>&\"y\".toml", "%25 :: \u{202E}.json", ""];

/// A relation of a spec, written to the file, with no note.
fn rel(has_id: bool, kind: RelationKind, from: usize, also: Vec<usize>, to: usize) -> RelSpec {
    RelSpec { has_id, kind, from, also, to, note: None, alive: true }
}

#[test]
fn the_generated_maps_are_not_trivial() {
    // One fixed map of the generator's kind, written both ways, loads with
    // every relation type and stances, so the properties are not vacuous.
    let spec = Spec {
        title: Some("T\u{202E}".into()),
        claims: (0..3)
            .map(|i| ClaimSpec {
                text: format!("claim {}", "abc".chars().nth(i).unwrap()),
                kind: None,
                tags: vec![],
                note: None,
                shorthand: if i == 0 { vec![(RelationKind::Implies, 1)] } else { vec![] },
                undercuts: if i == 2 { vec![0] } else { vec![] },
            })
            .collect(),
        actors: vec![ActorSpec { name: None, shorthand: vec![(Position::Affirms, 0), (Position::Denies, 1)] }],
        relations: vec![
            rel(true, RelationKind::Supports, 1, vec![], 2),
            rel(true, RelationKind::Undercuts, 0, vec![], 2),
            rel(true, RelationKind::Undercuts, 2, vec![], 1),
            rel(false, RelationKind::Contradicts, 2, vec![], 0),
            rel(false, RelationKind::Attacks, 0, vec![], 2),
            rel(true, RelationKind::Implies, 0, vec![2], 1),
        ],
        stances: vec![],
        checks: BTreeMap::new(),
        acks: vec![],
    }
    .normalised();
    for (format, naming) in [(Format::Json, Naming::A), (Format::Toml, Naming::B)] {
        let l = load(NAME, &spec.text(format, naming), format);
        let map = l.map.as_ref().unwrap();
        assert_eq!(map.relations.len(), 8, "{format:?}");
        assert_eq!(map.relations.iter().filter(|r| r.is_linked()).count(), 1, "{format:?}");
        let f = findings_of(&l);
        assert!(f.iter().any(|f| f.rule == "broken-entailment"), "{f:#?}");
    }
}

// ---------------------------------------------------------------------------
// An independent oracle for the actor's position: negative commitments and
// the grounded extension, by brute force, against the engine.

/// Per actor: current positions, commitments (affirmed, closed under
/// `implies`) and claims it is committed to deny (denied, contradicted by a
/// commitment, closed backwards under `implies`), each by naive fixpoint.
struct Oracle {
    position: Vec<Option<Position>>,
    committed: Vec<bool>,
    deny: Vec<bool>,
}

fn oracle(map: &elenchus::model::ArgMap, actor: u32) -> Oracle {
    use elenchus::model::Target;
    let n = map.claims.len();
    // The stances as written (none implied), and an affirmation for each
    // `reason` of the actor's stances, as of that stance and after every
    // stance in the file (docs/checks.md, "Explanations of vote").
    let written: Vec<(u32, &elenchus::model::Stance)> = map
        .stances
        .iter()
        .enumerate()
        .filter(|(_, s)| s.origin != Origin::Reason)
        .map(|(i, s)| (i as u32, s))
        .collect();
    let mut implied: Vec<elenchus::model::Stance> = Vec::new();
    for (_, s) in written.iter().filter(|(_, s)| s.actor == actor) {
        for &r in s.reasons.iter() {
            implied.push(elenchus::model::Stance {
                claim: r,
                position: Position::Affirms,
                reasons: Box::default(),
                ..(*s).clone()
            });
        }
    }
    let end = map.stances.len() as u32;
    let all: Vec<(u32, &elenchus::model::Stance)> =
        written.iter().copied().chain(implied.iter().enumerate().map(|(k, s)| (end + k as u32, s))).collect();
    let position: Vec<Option<Position>> = (0..n as u32)
        .map(|c| {
            let mine = all.iter().copied().filter(|(_, s)| s.actor == actor && s.claim == c);
            elenchus::model::current_stance(mine).map(|(_, s)| s.position)
        })
        .collect();
    let between = |kind: RelationKind| -> Vec<(usize, usize)> {
        map.relations
            .iter()
            .filter(|r| r.kind == kind && !r.is_linked())
            .filter_map(|r| match r.to {
                Target::Claim(t) => Some((r.from as usize, t as usize)),
                Target::Relation(_) => None,
            })
            .collect()
    };
    let implies = between(RelationKind::Implies);
    let contradicts = between(RelationKind::Contradicts);
    // Naive fixpoint: mark `to` wherever `from` is marked, over every edge, until nothing changes.
    let close = |set: &mut Vec<bool>, edges: &[(usize, usize)]| loop {
        let before = set.clone();
        for &(from, to) in edges {
            set[to] |= set[from];
        }
        if before == *set {
            break;
        }
    };
    // Linked `implies`: (premises, target).
    let linked: Vec<(Vec<usize>, usize)> = map
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Implies && r.is_linked())
        .filter_map(|r| match r.to {
            Target::Claim(t) => Some((r.premises().iter().map(|&p| p as usize).collect(), t as usize)),
            Target::Relation(_) => None,
        })
        .collect();
    let mut committed: Vec<bool> = position.iter().map(|p| *p == Some(Position::Affirms)).collect();
    loop {
        let before = committed.clone();
        close(&mut committed, &implies);
        for (premises, t) in &linked {
            committed[*t] |= premises.iter().all(|&p| committed[p]);
        }
        if before == committed {
            break;
        }
    }
    let mut deny: Vec<bool> = position.iter().map(|p| *p == Some(Position::Denies)).collect();
    for &(a, b) in &contradicts {
        deny[b] |= committed[a];
        deny[a] |= committed[b];
    }
    let backwards: Vec<(usize, usize)> = implies.iter().map(|&(a, b)| (b, a)).collect();
    loop {
        let before = deny.clone();
        close(&mut deny, &backwards);
        for (premises, t) in &linked {
            let open: Vec<usize> = premises.iter().copied().filter(|&p| !committed[p]).collect();
            if let [p] = open[..] {
                deny[p] |= deny[*t];
            }
        }
        if before == deny {
            break;
        }
    }
    Oracle { position, committed, deny }
}

/// The grounded extension of the actor's position, built as docs/checks.md
/// defines it but without the engine's auxiliary arguments (a step is
/// attacked by every attacker of its source, copied) and computed by
/// iterating the characteristic function from the empty set. Returns, for
/// each claim, whether it is in, and whether it is attacked by one that is.
fn brute_grounded(map: &elenchus::model::ArgMap, committed: &[bool]) -> (Vec<bool>, Vec<bool>) {
    use elenchus::model::Target;
    let n = map.claims.len();
    // Directed attack-kind relations from held claims: (relation, from, target).
    let mut directed: Vec<(usize, usize, Target)> = Vec::new();
    for (i, r) in map.relations.iter().enumerate() {
        let held = |c: u32| committed[c as usize];
        match (r.kind, r.to) {
            (RelationKind::Attacks, Target::Claim(_)) | (RelationKind::Undercuts, Target::Relation(_))
                if held(r.from) =>
            {
                directed.push((i, r.from as usize, r.to));
            }
            (RelationKind::Contradicts, Target::Claim(t)) => {
                if held(r.from) {
                    directed.push((i, r.from as usize, r.to));
                }
                if held(t) {
                    directed.push((i, t as usize, Target::Claim(r.from)));
                }
            }
            _ => {}
        }
    }
    let undercut: std::collections::HashSet<usize> = directed
        .iter()
        .filter_map(|&(_, _, t)| match t {
            Target::Relation(r) => Some(r as usize),
            _ => None,
        })
        .collect();
    // Arguments: claims 0..n (only held ones take part), then steps.
    let steps: Vec<(usize, usize)> =
        directed.iter().filter(|(r, _, _)| undercut.contains(r)).map(|&(r, f, _)| (r, f)).collect();
    let arg_of =
        |r: usize, from: usize| -> usize { steps.iter().position(|&s| s == (r, from)).map_or(from, |i| n + i) };
    let total = n + steps.len();
    let mut attackers: Vec<Vec<usize>> = vec![Vec::new(); total];
    for &(r, from, to) in &directed {
        let src = arg_of(r, from);
        match to {
            Target::Claim(t) if committed[t as usize] => attackers[t as usize].push(src),
            Target::Claim(_) => {}
            Target::Relation(t) => {
                for (i, &(sr, _)) in steps.iter().enumerate() {
                    if sr == t as usize {
                        attackers[n + i].push(src);
                    }
                }
            }
        }
    }
    for (i, &(_, from)) in steps.iter().enumerate() {
        let copied = attackers[from].clone();
        attackers[n + i].extend(copied);
    }
    let active = |a: usize| a >= n || committed[a];
    let mut s = vec![false; total];
    loop {
        let attacked_by_s: Vec<bool> = (0..total).map(|a| attackers[a].iter().any(|&b| s[b])).collect();
        let next: Vec<bool> = (0..total).map(|a| active(a) && attackers[a].iter().all(|&b| attacked_by_s[b])).collect();
        if next == s {
            let out = (0..n).map(|a| active(a) && attacked_by_s[a]).collect();
            return (s[..n].to_vec(), out);
        }
        s = next;
    }
}

proptest! {
    #![proptest_config(Config { cases: config().cases.max(3000), ..config() })]

    /// Negative commitments, the grounded labelling of each actor's
    /// position, the answers that address findings, and the abstentions
    /// `broken-entailment` reports agree with the brute-force oracle.
    #[test]
    fn positions_agree_with_a_brute_force_oracle(spec in spec()) {
        use elenchus::check::graphalg::Status;
        let l = load(NAME, &spec.json(Naming::A, None), Format::Json);
        let map = l.map.as_ref().unwrap();
        let graph = ClaimGraph::build(map);
        let config = CheckConfig { levels: [("broken-entailment".to_string(), RuleLevel::Deny), ("unheeded-reason".to_string(), RuleLevel::Warn), ("conflicting-position".to_string(), RuleLevel::Warn), ("contradiction".to_string(), RuleLevel::Deny)].into_iter().collect(), ..CheckConfig::default() };
        let findings = check(&graph, &config);
        let mut view = elenchus::check::ActorView::new(map.claims.len());
        for actor in 0..map.actors.len() as u32 {
            view.load(&graph, actor);
            let o = oracle(map, actor);
            let aid = &map.actor(actor).id;
            let (grounded_in, grounded_out) = brute_grounded(map, &o.committed);
            let standing = view.standing(&graph);
            for c in 0..map.claims.len() {
                let ci = c as u32;
                prop_assert_eq!(view.is_committed(ci), o.committed[c], "commitment to {}", c);
                let denial = view.denial(&graph, ci);
                prop_assert_eq!(denial.is_some(), o.deny[c], "committed to deny {}", c);
                // The chain rebuilds: each step an `implies` to the next, ending at a denial or contradiction.
                if denial.is_some() {
                    let (chain, root) = view.denial_chain(&graph, ci).unwrap();
                    for w in chain.windows(2) {
                        let r = map.relation(w[1].1.unwrap());
                        // A linked step: the claim is one of its premises, the others all held.
                        prop_assert!(r.premises().contains(&w[0].0));
                        prop_assert!(r.premises().iter().all(|&p| p == w[0].0 || o.committed[p as usize]));
                        prop_assert_eq!((r.kind, r.to), (RelationKind::Implies, elenchus::model::Target::Claim(w[1].0)));
                    }
                    let end = chain.last().unwrap().0;
                    match root {
                        elenchus::check::Denial::Denied(s) => prop_assert_eq!((map.stance(s).claim, o.position[end as usize]), (end, Some(Position::Denies))),
                        elenchus::check::Denial::Contradicted { by, rel } => {
                            prop_assert!(o.committed[by as usize]);
                            prop_assert_eq!(map.relation(rel).kind, RelationKind::Contradicts);
                        }
                        elenchus::check::Denial::Tollens { .. } => prop_assert!(false, "a chain ends at its root"),
                    }
                }
                let status = standing.claim(ci);
                if o.committed[c] {
                    let want = if grounded_in[c] { Status::In } else if grounded_out[c] { Status::Out } else { Status::Undecided };
                    prop_assert_eq!(status, Some(want), "claim {} of actor {}\n{}", c, actor, spec.json(Naming::A, None));
                } else {
                    prop_assert_eq!(status, None);
                }
                // Abstaining on what one is committed to deny (and not committed to): one
                // `broken-entailment` warning naming the claim first. Affirming it: an error
                // from the positive side.
                let of_actor = |rule: &'static str| of_rule(&findings, rule, aid);
                let cid = &map.claim(ci).id;
                let negative = of_actor("broken-entailment").filter(|f| f.message.contains("it is committed to deny") && &f.claims[0] == cid).count();
                let want = usize::from(o.position[c] == Some(Position::Abstains) && o.deny[c] && !o.committed[c]);
                prop_assert_eq!(negative, want, "abstention on {}", cid);
                if o.position[c] == Some(Position::Affirms) && o.deny[c] {
                    prop_assert!(
                        // (A warning when it rests on an inferred stance: one level lower.)
                        of_actor("broken-entailment").chain(of_actor("contradiction")).any(|f| f.level
                            == if f.basis == Basis::Inferred { elenchus::Level::Warning } else { elenchus::Level::Error }),
                        "affirming {} which {} is committed to deny is an error", cid, aid
                    );
                }
            }
            // Every answer that addresses a finding stands: held, in the
            // grounded extension, and not the finding's supporting claim.
            for f in findings.iter().filter(|f| f.actor.as_deref() == Some(aid.as_str())) {
                if f.rule != "unheeded-reason" && f.rule != "conflicting-position" {
                    continue;
                }
                // A note is addressed, or (docs/checks.md, "Time") a reason adopted after the
                // stance, or ("Basis of a stance") a warning that rests on an inferred stance.
                let late = f.message.contains("; but it adopted `");
                let inferred = f.basis == Basis::Inferred;
                prop_assert_eq!(f.level == elenchus::Level::Note, !f.addressed_by.is_empty() || late || inferred, "{:?}", f.message);
                if f.rule == "unheeded-reason" {
                    recorded_reasons_agree(map, actor, &o, &grounded_in, f)?;
                }
                for d in &f.addressed_by {
                    let di = map.claim_id(d).unwrap() as usize;
                    prop_assert!(grounded_in[di], "{} addresses {:?} but does not stand", d, f.message);
                    if f.rule == "unheeded-reason" {
                        prop_assert_ne!(d, &f.claims[f.claims.len() - 2]);
                    } else {
                        let pair: Vec<&str> = f.message.split('`').skip(1).step_by(2).take(2).collect();
                        prop_assert!(!pair.contains(&d.as_str()), "{} answers for itself: {}", d, f.message);
                    }
                }
            }
            // One clash, one finding: no two `conflicting-position` findings on one pair,
            // and none on a pair that contradicts.
            let mut pairs = std::collections::BTreeSet::new();
            for f in of_rule(&findings, "conflicting-position", aid) {
                // The pair, as the message names it: "holds `x`, which attacks `y`" or "holds `x` and `y`, ...".
                let ids: Vec<&str> = f.message.split('`').skip(1).step_by(2).take(2).collect();
                let (x, y) = (map.claim_id(ids[0]).unwrap(), map.claim_id(ids[1]).unwrap());
                prop_assert!(pairs.insert((x.min(y), x.max(y))), "two findings on one clash: {:#?}", f);
                let contradict = map.relations.iter().any(|r| r.kind == RelationKind::Contradicts && (r.from == x && r.to == elenchus::model::Target::Claim(y) || r.from == y && r.to == elenchus::model::Target::Claim(x)));
                prop_assert!(!contradict, "a contradicting pair is `contradiction`'s");
            }
        }
    }
}

/// The reasons recorded for the declined stance of an `unheeded-reason`
/// finding (docs/checks.md, "Explanations of vote"): one addresses it only
/// when it attacks or contradicts the declined claim (or undercuts the
/// step), is held and stands; one that attacks or contradicts it, is held,
/// stands, is none of the finding's claims and takes steps nothing held
/// undercuts does address it; each recorded reason that does not address it
/// has a note; the message calls the finding answered by a recorded reason
/// exactly when one addresses it.
fn recorded_reasons_agree(
    map: &elenchus::model::ArgMap,
    actor: u32,
    o: &Oracle,
    grounded_in: &[bool],
    f: &Finding,
) -> Result<(), TestCaseError> {
    use elenchus::model::Target;
    let b = map.claim_id(f.claims.last().unwrap()).unwrap();
    let declined = map.stance(map.current_stance(actor, b).unwrap());
    let recorded: Vec<u32> = declined.reasons.to_vec();
    let id = |c: u32| map.claim(c).id.as_str();
    // Relations by which `r` answers `b` directly: attacks on b, contradicts either way.
    let against = |r: u32| -> Vec<usize> {
        (0..map.relations.len())
            .filter(|&i| {
                let rel = map.relation(i as u32);
                match rel.kind {
                    RelationKind::Attacks => rel.from == r && rel.to == Target::Claim(b),
                    RelationKind::Contradicts => {
                        (rel.from == r && rel.to == Target::Claim(b)) || (rel.from == b && rel.to == Target::Claim(r))
                    }
                    _ => false,
                }
            })
            .collect()
    };
    let undercuts_of = |i: usize| {
        map.relations.iter().filter(move |u| u.kind == RelationKind::Undercuts && u.to == Target::Relation(i as u32))
    };
    let mut addressed_by_recorded = false;
    for &r in &recorded {
        let addresses = f.addressed_by.iter().any(|d| d == id(r));
        let steps = against(r);
        if addresses {
            addressed_by_recorded = true;
            let undercuts_step = map.relations.iter().any(|u| {
                u.kind == RelationKind::Undercuts
                    && u.from == r
                    && matches!(u.to, Target::Relation(t) if map.relation(t).kind == RelationKind::Supports && map.relation(t).to == Target::Claim(b))
            });
            prop_assert!(
                !steps.is_empty() || undercuts_step,
                "{} addresses {:?} without answering it",
                id(r),
                f.message
            );
            prop_assert!(o.committed[r as usize] && grounded_in[r as usize]);
        } else {
            prop_assert!(
                f.notes.iter().any(|n| n.starts_with(&format!("its recorded reason `{}` ", id(r)))),
                "no note on recorded reason {} of {:#?}",
                id(r),
                f
            );
            let clear =
                !steps.is_empty() && steps.iter().all(|&i| undercuts_of(i).all(|u| !o.committed[u.from as usize]));
            let own = f.claims.iter().any(|c| c == id(r));
            prop_assert!(
                !(clear && o.committed[r as usize] && grounded_in[r as usize] && !own),
                "{} stands against {} but does not address {:#?}",
                id(r),
                id(b),
                f
            );
        }
    }
    let says = f.message.contains("; its recorded reason `") && f.message.contains(" answer");
    let says = says || f.message.contains("; its recorded reasons `") && f.message.contains(" answer it");
    prop_assert_eq!(says, addressed_by_recorded, "{:?}", f.message);
    Ok(())
}

fn of_rule<'f>(findings: &'f [Finding], rule: &'f str, actor: &'f str) -> impl Iterator<Item = &'f Finding> + 'f {
    findings.iter().filter(move |f| f.rule == rule && f.actor.as_deref() == Some(actor))
}
