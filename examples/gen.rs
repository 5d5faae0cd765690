//! A deterministic generator of large, realistic argument maps (and of
//! roll-call vote CSVs) for the benchmarks in `benches/run.sh`.
//!
//! ```text
//! cargo run --release --example gen -- --claims N [--seed S] [--actors A]
//!     [--stances M] [--relations R] [--format toml|json|argdown]
//!     [--tension-density F] [--shift-rate F] [-o FILE]
//! cargo run --release --example gen -- votes [--countries C] [--resolutions R]
//!     [--seed S] [-o VOTES.csv] [--resolutions-out RES.csv]
//! cargo run --release --example gen -- stress contradictions|hub|acknowledged
//!     --claims N [--acknowledged 0|1] [-o FILE.json]
//! ```
//!
//! Same arguments, same bytes: the generator has its own PRNG (splitmix64)
//! and no dependency. The maps load without errors: ids are valid and unique,
//! no claim relates to itself, no relation is stated twice, every undercut
//! names a relation id, and every stance names an existing actor and claim.
//!
//! What a map holds (see `docs/performance.md`):
//! - N claims of kind principle, fact or proposal, with texts of 6 to 14 words
//!   (a few with quotes and non-ASCII characters), some tags and sources.
//! - About R = 3N relations: supports 50%, attacks 28%, implies 10%,
//!   contradicts 5%, undercuts 7%. Supports and implies run forward in claim
//!   order, mostly to nearby claims (topics), so the graph has no accidental
//!   circles; no two claims are joined twice. About a fifth are written in the
//!   long form (`[[relations]]`, with an id, some with a note); undercuts name
//!   those ids. The rest are shorthand lists on the claims.
//! - A actors (default N/1000, clamped to 1..=1000) in four voting blocs,
//!   with M stances in all (default N), each actor on distinct claims; 60%
//!   shorthand (`affirms = [...]`, wrapped eight ids to a line), 40% long form
//!   with a date, a source and a `via`.
//! - Dated stance shifts: a share (`--shift-rate`, default 0.02) of stance
//!   slots become two or three dated stances whose position changes.
//! - Tensions: each stance slot becomes, with probability `--tension-density`
//!   F (default 0.01), a pair "affirms A, denies or abstains on B" where A
//!   supports or implies B; and about F/10 of the claims seed a map-level
//!   tension (a relation conflict, a two-claim support circle, or a claim that
//!   implies two contradicting claims). F = 0 leaves only chance tensions.
//!
//! `--format argdown` writes the same map as Argdown text in loose mode (the
//! conventions of `docs/interop.md`): each claim a statement titled with its
//! id, with its kind, source and stances in its data (`affirmedBy`,
//! `deniedBy`, `abstainedBy`, long `stances`) and its tags as `#tag`; the
//! actors in the front matter (`elenchus: actors:`); shorthand supports,
//! attacks, contradicts and undercuts as relation lines below their source
//! (`+>`, `->`, `><`, `_> <rK>`); every long-form relation but an undercut,
//! and every `implies`, as an argument with a one-step premise–conclusion
//! structure (titled `rK` for long-form relation K, `iE` for a shorthand
//! implies, the E-th relation built; a type other than supports named in the
//! inference's data, `{type: implies}`), its note the argument's text. Long-form
//! undercuts are written as `_>` lines: nothing names their ids.

use std::io::{self, Write};
use std::process::ExitCode;

// ---------------------------------------------------------------------------
// PRNG: splitmix64.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6a09_e667_f3bc_c909)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hash of a few numbers, for per-item choices made at write time.
fn h(seed: u64, a: u64, b: u64) -> u64 {
    mix(mix(seed ^ a.wrapping_mul(0x9e37_79b9_7f4a_7c15)) ^ b)
}

// ---------------------------------------------------------------------------
// A small open-addressing set of u64 keys (the generator needs no `HashSet`
// with SipHash for millions of pairs).

struct Set {
    slots: Vec<u64>,
    len: usize,
}

impl Set {
    fn with_capacity(n: usize) -> Set {
        Set { slots: vec![0; (n * 2).next_power_of_two().max(16)], len: 0 }
    }
    /// Insert a key (never 0); false when it was present.
    fn insert(&mut self, key: u64) -> bool {
        if self.len * 2 >= self.slots.len() {
            let grown = vec![0; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            self.len = 0;
            for k in old.into_iter().filter(|&k| k != 0) {
                self.insert(k);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = mix(key) as usize & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }
    fn contains(&self, key: u64) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = mix(key) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return false,
                k if k == key => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// The key of an unordered pair of claims (never 0).
fn pair(a: u32, b: u32) -> u64 {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    (1 << 63) | (u64::from(x) << 32) | u64::from(y)
}

/// The key of a typed relation between claims (never 0).
fn typed(kind: Kind, a: u32, b: u32) -> u64 {
    let (a, b) = if kind == Kind::Contradicts && b < a { (b, a) } else { (a, b) };
    (1 << 62) | ((kind as u64) << 56) | (u64::from(a) << 28) | u64::from(b)
}

// ---------------------------------------------------------------------------
// Words.

const WORDS: &[&str] = &[
    "sovereignty",
    "trade",
    "security",
    "peace",
    "treaty",
    "border",
    "charter",
    "council",
    "assembly",
    "vote",
    "sanctions",
    "aid",
    "reform",
    "budget",
    "tax",
    "pension",
    "court",
    "rights",
    "law",
    "order",
    "energy",
    "climate",
    "water",
    "health",
    "school",
    "market",
    "wage",
    "labour",
    "union",
    "police",
    "army",
    "navy",
    "export",
    "import",
    "tariff",
    "debt",
    "bank",
    "currency",
    "inflation",
    "growth",
    "harvest",
    "famine",
    "refugee",
    "asylum",
    "election",
    "minister",
    "parliament",
    "senate",
    "judge",
    "witness",
    "evidence",
    "invasion",
    "aggression",
    "ceasefire",
    "mission",
    "mandate",
    "resolution",
    "membership",
    "suspension",
    "neutrality",
    "alliance",
    "friendship",
    "partner",
    "region",
    "province",
    "city",
    "village",
    "railway",
    "harbour",
    "pipeline",
    "grid",
    "reactor",
    "mine",
    "forest",
    "river",
    "coast",
    "island",
    "fishery",
    "farm",
    "grain",
    "rice",
    "oil",
    "gas",
    "coal",
    "solar",
    "wind",
    "housing",
    "rent",
    "transport",
    "privacy",
    "speech",
    "press",
    "religion",
    "minority",
    "language",
    "culture",
    "heritage",
    "museum",
    "science",
    "research",
    "vaccine",
    "hospital",
    "doctor",
    "nurse",
    "teacher",
    "student",
    "child",
    "family",
    "marriage",
    "welfare",
    "charity",
    "church",
    "contract",
    "property",
    "inheritance",
    "promise",
    "duty",
    "justice",
    "mercy",
    "liberty",
    "equality",
    "dignity",
    "autonomy",
    "consent",
    "harm",
    "benefit",
    "risk",
    "cost",
];

const FILLER: &[&str] = &[
    "the", "a", "every", "no", "its", "our", "their", "this", "that", "should", "must", "may", "will", "not", "be",
    "is", "are", "protect", "respect", "limit", "raise", "lower", "end", "support", "oppose", "defend", "require",
    "allow", "forbid", "of", "for", "against", "with", "without", "under", "in", "on", "by", "and", "or", "than",
    "more", "less", "all", "any", "each", "some", "public", "national", "local", "foreign", "free", "fair", "strong",
    "small", "large", "new", "old",
];

const KINDS: &[&str] = &["principle", "fact", "proposal"];
const ACTOR_KINDS: &[&str] = &["state", "party", "person", "organisation"];

// ---------------------------------------------------------------------------
// The model the generator builds before writing.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Supports = 0,
    Attacks = 1,
    Contradicts = 2,
    Implies = 3,
    Undercuts = 4,
}

impl Kind {
    const ALL: [Kind; 5] = [Kind::Supports, Kind::Attacks, Kind::Contradicts, Kind::Implies, Kind::Undercuts];
    fn name(self) -> &'static str {
        match self {
            Kind::Supports => "supports",
            Kind::Attacks => "attacks",
            Kind::Contradicts => "contradicts",
            Kind::Implies => "implies",
            Kind::Undercuts => "undercuts",
        }
    }
}

#[derive(Clone, Copy)]
struct Edge {
    from: u32,
    /// A claim index, or for an undercut the long id number of the target.
    to: u32,
    kind: Kind,
    /// The long-form id number (`r{id}`), or 0 for a shorthand relation.
    id: u32,
}

#[derive(Clone, Copy)]
struct LongStance {
    actor: u32,
    claim: u32,
    position: u8,
    /// Days since 2000-01-01 in a simple 12 × 28-day calendar (always a valid date).
    date: u32,
}

const POSITIONS: [&str; 3] = ["affirms", "denies", "abstains"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Toml,
    Argdown,
}

struct Config {
    claims: u32,
    seed: u64,
    actors: u32,
    stances: u64,
    relations: u64,
    format: Format,
    tension: f64,
    shift: f64,
    out: Option<String>,
}

struct Map {
    cfg: Config,
    edges: Vec<Edge>,
    /// Shorthand edges by source claim (compressed rows of indices into `edges`).
    short_off: Vec<u32>,
    short_idx: Vec<u32>,
    /// Long-form edges in id order (`long[k - 1]` has id k).
    long: Vec<u32>,
    /// Shorthand stances of each actor: (claim, position), grouped by position when written.
    short_stances: Vec<Vec<(u32, u8)>>,
    long_stances: Vec<LongStance>,
}

fn build(cfg: Config) -> Map {
    let n = cfg.claims;
    let mut rng = Rng::new(cfg.seed);
    let mut edges: Vec<Edge> = Vec::with_capacity(cfg.relations as usize + 16);
    let mut pairs = Set::with_capacity(cfg.relations as usize + 16);
    let mut typed_set = Set::with_capacity(cfg.relations as usize / 8 + 16);

    // Main relations (all but undercuts), per source claim with a geometric
    // out-degree whose mean gives about R relations in all.
    let main_total = cfg.relations as f64 * 0.93;
    let mean = if n > 1 { main_total / f64::from(n) } else { 0.0 };
    let p_more = mean / (1.0 + mean);
    let window = 200u64;
    for a in 0..n {
        let mut tries = 0;
        while rng.chance(p_more) && tries < 64 {
            tries += 1;
            let r = rng.below(1000);
            let kind = match r {
                0..=537 => Kind::Supports,
                538..=838 => Kind::Attacks,
                839..=946 => Kind::Implies,
                _ => Kind::Contradicts,
            };
            let forward = matches!(kind, Kind::Supports | Kind::Implies);
            let local = rng.chance(0.8);
            let b = if forward {
                let room = u64::from(n - 1 - a);
                if room == 0 {
                    continue;
                }
                let off = if local { rng.below(room.min(window)) } else { rng.below(room) };
                a as u64 + 1 + off
            } else {
                if n < 2 {
                    continue;
                }
                let off =
                    if local { 1 + rng.below(window.min(u64::from(n - 1))) } else { 1 + rng.below(u64::from(n - 1)) };
                let up = rng.chance(0.5);
                if up {
                    (u64::from(a) + off) % u64::from(n)
                } else {
                    (u64::from(a) + u64::from(n) - off) % u64::from(n)
                }
            } as u32;
            if b == a || !pairs.insert(pair(a, b)) {
                continue;
            }
            typed_set.insert(typed(kind, a, b));
            edges.push(Edge { from: a, to: b, kind, id: 0 });
        }
    }

    // Map-level tensions: about F/10 of the claims seed one.
    let seeds = (f64::from(n) * cfg.tension / 10.0).round() as u64;
    let mut which = 0u64;
    let mut attempts = 0u64;
    while which < seeds && attempts < 50 * seeds && !edges.is_empty() {
        attempts += 1;
        match which % 3 {
            0 => {
                // A relation conflict: a supports b, and a attacks b.
                let e = edges[rng.below(edges.len() as u64) as usize];
                if e.kind == Kind::Supports && typed_set.insert(typed(Kind::Attacks, e.from, e.to)) {
                    edges.push(Edge { from: e.from, to: e.to, kind: Kind::Attacks, id: 0 });
                    which += 1;
                }
            }
            1 => {
                // A circle: a supports b, and b supports a.
                let e = edges[rng.below(edges.len() as u64) as usize];
                if e.kind == Kind::Supports && typed_set.insert(typed(Kind::Supports, e.to, e.from)) {
                    edges.push(Edge { from: e.to, to: e.from, kind: Kind::Supports, id: 0 });
                    which += 1;
                }
            }
            _ => {
                // A self-defeating claim: a implies x and y, x contradicts y.
                if n < 3 {
                    which += 1;
                    continue;
                }
                let a = rng.below(u64::from(n - 2)) as u32;
                let (x, y) = (a + 1, a + 2);
                if [pair(a, x), pair(a, y), pair(x, y)].iter().all(|&p| !pairs.contains(p)) {
                    for (f, t, k) in [(a, x, Kind::Implies), (a, y, Kind::Implies), (x, y, Kind::Contradicts)] {
                        pairs.insert(pair(f, t));
                        typed_set.insert(typed(k, f, t));
                        edges.push(Edge { from: f, to: t, kind: k, id: 0 });
                    }
                    which += 1;
                }
            }
        }
    }

    // Long form for about a fifth of them, with ids r1, r2, ...
    let mut long: Vec<u32> = Vec::new();
    for (i, e) in edges.iter_mut().enumerate() {
        if rng.chance(0.2) {
            long.push(i as u32);
            e.id = long.len() as u32;
        }
    }
    // Undercuts of long-form relations, from a claim near the relation.
    let undercuts = (cfg.relations as f64 * 0.07).round() as u64;
    let targets = long.len() as u64;
    let mut undercut_set = Set::with_capacity(undercuts as usize + 16);
    if targets > 0 && n > 1 {
        for _ in 0..undercuts {
            let k = rng.below(targets) as u32; // index into `long`, id k + 1
            let target = edges[long[k as usize] as usize];
            let near = target.to as u64 + rng.below(window.min(u64::from(n)));
            let u = (near % u64::from(n)) as u32;
            if !undercut_set.insert((u64::from(u) << 32) | u64::from(k + 1)) {
                continue;
            }
            let mut e = Edge { from: u, to: k + 1, kind: Kind::Undercuts, id: 0 };
            if rng.chance(0.5) {
                long.push(edges.len() as u32);
                e.id = long.len() as u32;
            }
            edges.push(e);
        }
    }

    // Shorthand relations by source claim.
    let mut short_off = vec![0u32; n as usize + 1];
    for e in edges.iter().filter(|e| e.id == 0) {
        short_off[e.from as usize + 1] += 1;
    }
    for i in 0..n as usize {
        short_off[i + 1] += short_off[i];
    }
    let mut fill = short_off.clone();
    let mut short_idx = vec![0u32; short_off[n as usize] as usize];
    for (i, e) in edges.iter().enumerate().filter(|(_, e)| e.id == 0) {
        short_idx[fill[e.from as usize] as usize] = i as u32;
        fill[e.from as usize] += 1;
    }

    // Forward reasons (supports, implies) by source claim, for tensions.
    let mut fwd_off = vec![0u32; n as usize + 1];
    let is_reason = |e: &Edge| matches!(e.kind, Kind::Supports | Kind::Implies);
    for e in edges.iter().filter(|e| is_reason(e)) {
        fwd_off[e.from as usize + 1] += 1;
    }
    for i in 0..n as usize {
        fwd_off[i + 1] += fwd_off[i];
    }
    let mut fill = fwd_off.clone();
    let mut fwd = vec![0u32; fwd_off[n as usize] as usize];
    for e in edges.iter().filter(|e| is_reason(e)) {
        fwd[fill[e.from as usize] as usize] = e.to;
        fill[e.from as usize] += 1;
    }
    drop(fill);

    // Stances.
    let a_count = cfg.actors;
    let mut short_stances: Vec<Vec<(u32, u8)>> = Vec::with_capacity(a_count as usize);
    let mut long_stances: Vec<LongStance> = Vec::new();
    let mut used = vec![u32::MAX; n as usize];
    let per = cfg.stances / u64::from(a_count);
    let extra = cfg.stances % u64::from(a_count);
    for actor in 0..a_count {
        let k = (per + u64::from(u64::from(actor) < extra)).min(u64::from(n));
        let bloc = actor % 4;
        let start = rng.below(u64::from(n));
        let step = loop {
            let s = 1 + rng.below(u64::from(n));
            if gcd(s, u64::from(n)) == 1 {
                break s % u64::from(n).max(1);
            }
        };
        let mut mine: Vec<(u32, u8)> = Vec::new();
        let mut placed = 0u64;
        let mut cur = start;
        for _ in 0..n {
            if placed >= k {
                break;
            }
            let c = cur as u32;
            cur = (cur + step) % u64::from(n);
            if used[c as usize] == actor {
                continue;
            }
            // A tension: affirm c, and deny or abstain on a claim it supports or implies.
            if placed + 2 <= k && rng.chance(cfg.tension) {
                let outs = &fwd[fwd_off[c as usize] as usize..fwd_off[c as usize + 1] as usize];
                if let Some(&b) = outs.iter().find(|&&b| used[b as usize] != actor) {
                    used[c as usize] = actor;
                    used[b as usize] = actor;
                    let against = 1 + rng.below(2) as u8;
                    for (claim, pos) in [(c, 0u8), (b, against)] {
                        stance(&mut rng, actor, claim, pos, &mut mine, &mut long_stances);
                    }
                    placed += 2;
                    continue;
                }
            }
            used[c as usize] = actor;
            let pos = position(&mut rng, cfg.seed, bloc, c);
            if placed + 2 <= k && rng.chance(cfg.shift) {
                // Dated stances whose position changes.
                let steps = 2 + rng.below(2) as u32;
                let mut date = random_date(&mut rng);
                let mut p = pos;
                for s in 0..steps {
                    if s > 0 {
                        date += 1 + rng.below(3 * 336) as u32;
                        p = (p + 1 + rng.below(2) as u8) % 3;
                    }
                    long_stances.push(LongStance { actor, claim: c, position: p, date });
                }
                placed += u64::from(steps);
                continue;
            }
            stance(&mut rng, actor, c, pos, &mut mine, &mut long_stances);
            placed += 1;
        }
        short_stances.push(mine);
    }
    Map { cfg, edges, short_off, short_idx, long, short_stances, long_stances }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A position: mostly the bloc's line on the claim, sometimes not.
fn position(rng: &mut Rng, seed: u64, bloc: u32, claim: u32) -> u8 {
    if rng.chance(0.75) {
        let r = h(seed, u64::from(claim), u64::from(bloc) + 1) % 100;
        match r {
            0..=59 => 0,
            60..=84 => 1,
            _ => 2,
        }
    } else {
        rng.below(3) as u8
    }
}

fn random_date(rng: &mut Rng) -> u32 {
    rng.below(22 * 336) as u32
}

fn stance(rng: &mut Rng, actor: u32, claim: u32, pos: u8, mine: &mut Vec<(u32, u8)>, long: &mut Vec<LongStance>) {
    if rng.chance(0.6) {
        mine.push((claim, pos));
    } else {
        long.push(LongStance { actor, claim, position: pos, date: random_date(rng) });
    }
}

// ---------------------------------------------------------------------------
// Output: a buffer flushed in large blocks; numbers written without `format!`.

struct Out<W: Write> {
    buf: Vec<u8>,
    w: W,
}

impl<W: Write> Out<W> {
    fn new(w: W) -> Self {
        Out { buf: Vec::with_capacity(1 << 20), w }
    }
    #[inline]
    fn s(&mut self, s: &str) -> &mut Self {
        self.buf.extend_from_slice(s.as_bytes());
        self
    }
    #[inline]
    fn u(&mut self, mut n: u64) -> &mut Self {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
        self
    }
    /// Two digits, zero-padded.
    fn u2(&mut self, n: u32) -> &mut Self {
        self.buf.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        self
    }
    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= 1 << 20 {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    fn finish(mut self) -> io::Result<()> {
        self.w.write_all(&self.buf)?;
        self.w.flush()
    }

    /// A claim id: two topic words and the index, e.g. `treaty-harbour-4821`.
    fn claim_id(&mut self, seed: u64, c: u32) -> &mut Self {
        let x = h(seed, u64::from(c), 0x1d);
        let w1 = WORDS[(x % WORDS.len() as u64) as usize];
        let w2 = WORDS[((x >> 20) % WORDS.len() as u64) as usize];
        self.s(w1).s("-").s(w2).s("-").u(u64::from(c))
    }
    fn actor_id(&mut self, a: u32) -> &mut Self {
        self.s("state-").u(u64::from(a) + 1)
    }
    fn date(&mut self, d: u32) -> &mut Self {
        let (y, rest) = (2000 + d / 336, d % 336);
        self.u(u64::from(y)).s("-").u2(rest / 28 + 1).s("-").u2(rest % 28 + 1)
    }
    /// A claim's text: 6 to 14 words, a sentence. About 1 in 50 quotes a word,
    /// 1 in 50 has a curly apostrophe.
    /// In CSV (`csv`), a quote is doubled instead of escaped.
    fn claim_text(&mut self, seed: u64, c: u32, csv: bool) -> &mut Self {
        let mut r = Rng::new(h(seed, u64::from(c), 0x7e));
        let words = 6 + r.below(9);
        let quote = r.below(50) == 0;
        let curly = r.below(50) == 0;
        for i in 0..words {
            if i > 0 {
                self.s(" ");
            }
            let topic = r.chance(0.4);
            let w = if topic {
                WORDS[r.below(WORDS.len() as u64) as usize]
            } else {
                FILLER[r.below(FILLER.len() as u64) as usize]
            };
            if i == 0 {
                let mut cs = w.chars();
                if let Some(f) = cs.next() {
                    let mut b = [0u8; 4];
                    self.s(f.to_ascii_uppercase().encode_utf8(&mut b)).s(cs.as_str());
                }
            } else if topic && quote && i == 2 {
                let q = if csv { "\"\"" } else { "\\\"" };
                self.s(q).s(w).s(q);
            } else if topic && curly {
                self.s(w).s("\u{2019}s");
            } else {
                self.s(w);
            }
        }
        self.s(".")
    }
}

fn kind_of(seed: u64, c: u32) -> &'static str {
    let r = h(seed, u64::from(c), 0x4b) % 100;
    KINDS[match r {
        0..=19 => 0,
        20..=54 => 1,
        _ => 2,
    }]
}

impl Map {
    fn has_tags(&self, c: u32) -> u64 {
        let r = h(self.cfg.seed, u64::from(c), 0x7a) % 10;
        if r < 2 { 1 + r } else { 0 }
    }
    fn has_source(&self, c: u32) -> bool {
        h(self.cfg.seed, u64::from(c), 0x50) % 10 < 3
    }
    fn shorthand(&self, c: u32) -> &[u32] {
        &self.short_idx[self.short_off[c as usize] as usize..self.short_off[c as usize + 1] as usize]
    }
}

fn write_json<W: Write>(m: &Map, o: &mut Out<W>) -> io::Result<()> {
    let seed = m.cfg.seed;
    o.s("{\"map\":{\"title\":\"Generated map: ")
        .u(u64::from(m.cfg.claims))
        .s(" claims, seed ")
        .u(seed)
        .s("\",\"source\":\"examples/gen.rs\"},\n\"actors\":{");
    for (a, mine) in m.short_stances.iter().enumerate() {
        let a = a as u32;
        o.s(if a == 0 { "\n\"" } else { ",\n\"" }).actor_id(a).s("\":{\"name\":\"State ").u(u64::from(a) + 1);
        o.s("\",\"kind\":\"").s(ACTOR_KINDS[(h(seed, u64::from(a), 0xac) % 4) as usize]).s("\"");
        for (p, name) in POSITIONS.iter().enumerate() {
            let mut first = true;
            for (i, &(c, _)) in mine.iter().filter(|(_, q)| *q as usize == p).enumerate() {
                if first {
                    o.s(",\"").s(name).s("\":[\"");
                    first = false;
                } else {
                    // Long lists wrap, eight ids to a line, as a formatter would write them.
                    o.s(if i % 8 == 0 { "\",\n\"" } else { "\",\"" });
                }
                o.claim_id(seed, c);
                o.flush_if_full()?;
            }
            if !first {
                o.s("\"]");
            }
        }
        o.s("}");
    }
    o.s("},\n\"claims\":{");
    for c in 0..m.cfg.claims {
        o.s(if c == 0 { "\n\"" } else { ",\n\"" }).claim_id(seed, c).s("\":{\"text\":\"").claim_text(seed, c, false);
        o.s("\",\"kind\":\"").s(kind_of(seed, c)).s("\"");
        let tags = m.has_tags(c);
        if tags > 0 {
            o.s(",\"tags\":[");
            for t in 0..tags {
                let w = WORDS[(h(seed, u64::from(c), 0x700 + t) % WORDS.len() as u64) as usize];
                o.s(if t == 0 { "\"" } else { ",\"" }).s(w).s("\"");
            }
            o.s("]");
        }
        if m.has_source(c) {
            o.s(",\"source\":\"Record ").u(h(seed, u64::from(c), 0x5e) % 10_000).s(", p. 4\"");
        }
        let short = m.shorthand(c);
        for kind in Kind::ALL {
            let mut first = true;
            for &ei in short {
                let e = m.edges[ei as usize];
                if e.kind != kind {
                    continue;
                }
                o.s(",\"");
                if first {
                    o.s(kind.name()).s("\":[\"");
                    first = false;
                }
                if kind == Kind::Undercuts {
                    o.s("r").u(u64::from(e.to))
                } else {
                    o.claim_id(seed, e.to)
                };
                o.s("\"");
            }
            if !first {
                o.s("]");
            }
        }
        o.s("}");
        o.flush_if_full()?;
    }
    o.s("},\n\"relations\":[");
    for (k, &ei) in m.long.iter().enumerate() {
        let e = m.edges[ei as usize];
        o.s(if k == 0 { "\n{\"id\":\"r" } else { ",\n{\"id\":\"r" }).u(k as u64 + 1);
        o.s("\",\"from\":\"").claim_id(seed, e.from).s("\",\"to\":\"");
        if e.kind == Kind::Undercuts {
            o.s("r").u(u64::from(e.to))
        } else {
            o.claim_id(seed, e.to)
        };
        o.s("\",\"type\":\"").s(e.kind.name()).s("\"");
        if h(seed, u64::from(ei), 0x40) % 10 < 3 {
            o.s(",\"note\":\"The map author's reading of the record, item ").u(u64::from(ei)).s(".\"");
        }
        o.s("}");
        o.flush_if_full()?;
    }
    o.s("],\n\"stances\":[");
    for (i, s) in m.long_stances.iter().enumerate() {
        o.s(if i == 0 { "\n{\"actor\":\"" } else { ",\n{\"actor\":\"" }).actor_id(s.actor);
        o.s("\",\"claim\":\"").claim_id(seed, s.claim);
        o.s("\",\"position\":\"").s(POSITIONS[s.position as usize]).s("\",\"date\":\"").date(s.date);
        o.s("\",\"source\":\"Official record ").u(u64::from(s.date)).s("\",\"via\":\"vote on R-");
        o.u(u64::from(s.claim)).s("\"}");
        o.flush_if_full()?;
    }
    o.s("]}\n");
    Ok(())
}

fn write_toml<W: Write>(m: &Map, o: &mut Out<W>) -> io::Result<()> {
    let seed = m.cfg.seed;
    o.s("# Generated by examples/gen.rs: ")
        .u(u64::from(m.cfg.claims))
        .s(" claims, seed ")
        .u(seed)
        .s(".\n\n[map]\ntitle = \"Generated map: ")
        .u(u64::from(m.cfg.claims))
        .s(" claims, seed ")
        .u(seed)
        .s("\"\nsource = \"examples/gen.rs\"\n");
    for (a, mine) in m.short_stances.iter().enumerate() {
        let a = a as u32;
        o.s("\n[actors.").actor_id(a).s("]\nname = \"State ").u(u64::from(a) + 1).s("\"\n");
        o.s("kind = \"").s(ACTOR_KINDS[(h(seed, u64::from(a), 0xac) % 4) as usize]).s("\"\n");
        for (p, name) in POSITIONS.iter().enumerate() {
            let mut first = true;
            for (i, &(c, _)) in mine.iter().filter(|(_, q)| *q as usize == p).enumerate() {
                if first {
                    o.s(name).s(" = [\"");
                    first = false;
                } else {
                    // Long lists wrap, eight ids to a line, as a formatter would write them.
                    o.s(if i % 8 == 0 { "\",\n  \"" } else { "\", \"" });
                }
                o.claim_id(seed, c);
                o.flush_if_full()?;
            }
            if !first {
                o.s("\"]\n");
            }
        }
    }
    for c in 0..m.cfg.claims {
        o.s("\n[claims.").claim_id(seed, c).s("]\ntext = \"").claim_text(seed, c, false);
        o.s("\"\nkind = \"").s(kind_of(seed, c)).s("\"\n");
        let tags = m.has_tags(c);
        if tags > 0 {
            o.s("tags = [");
            for t in 0..tags {
                let w = WORDS[(h(seed, u64::from(c), 0x700 + t) % WORDS.len() as u64) as usize];
                o.s(if t == 0 { "\"" } else { ", \"" }).s(w).s("\"");
            }
            o.s("]\n");
        }
        if m.has_source(c) {
            o.s("source = \"Record ").u(h(seed, u64::from(c), 0x5e) % 10_000).s(", p. 4\"\n");
        }
        let short = m.shorthand(c);
        for kind in Kind::ALL {
            let mut first = true;
            for &ei in short {
                let e = m.edges[ei as usize];
                if e.kind != kind {
                    continue;
                }
                if first {
                    o.s(kind.name()).s(" = [\"");
                    first = false;
                } else {
                    o.s(", \"");
                }
                if kind == Kind::Undercuts {
                    o.s("r").u(u64::from(e.to))
                } else {
                    o.claim_id(seed, e.to)
                };
                o.s("\"");
            }
            if !first {
                o.s("]\n");
            }
        }
        o.flush_if_full()?;
    }
    for (k, &ei) in m.long.iter().enumerate() {
        let e = m.edges[ei as usize];
        o.s("\n[[relations]]\nid = \"r").u(k as u64 + 1).s("\"\nfrom = \"").claim_id(seed, e.from).s("\"\nto = \"");
        if e.kind == Kind::Undercuts {
            o.s("r").u(u64::from(e.to))
        } else {
            o.claim_id(seed, e.to)
        };
        o.s("\"\ntype = \"").s(e.kind.name()).s("\"\n");
        if h(seed, u64::from(ei), 0x40) % 10 < 3 {
            o.s("note = \"The map author's reading of the record, item ").u(u64::from(ei)).s(".\"\n");
        }
        o.flush_if_full()?;
    }
    for s in &m.long_stances {
        o.s("\n[[stances]]\nactor = \"").actor_id(s.actor).s("\"\nclaim = \"").claim_id(seed, s.claim);
        o.s("\"\nposition = \"").s(POSITIONS[s.position as usize]).s("\"\ndate = ").date(s.date);
        o.s("\nsource = \"Official record ").u(u64::from(s.date)).s("\"\nvia = \"vote on R-");
        o.u(u64::from(s.claim)).s("\"\n");
        o.flush_if_full()?;
    }
    Ok(())
}

/// Items grouped by claim, in their order: `items[off[c]..off[c + 1]]` are claim c's.
fn by_claim<T: Copy + Default>(n: usize, items: impl Iterator<Item = (u32, T)> + Clone) -> (Vec<u32>, Vec<T>) {
    let mut off = vec![0u32; n + 1];
    for (c, _) in items.clone() {
        off[c as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let mut fill = off.clone();
    let mut out = vec![T::default(); off[n] as usize];
    for (c, v) in items {
        out[fill[c as usize] as usize] = v;
        fill[c as usize] += 1;
    }
    (off, out)
}

/// The map as Argdown text, loose mode (see the module's documentation).
fn write_argdown<W: Write>(m: &Map, o: &mut Out<W>) -> io::Result<()> {
    let seed = m.cfg.seed;
    let n = m.cfg.claims as usize;
    o.s("===\ntitle: \"Generated map: ")
        .u(u64::from(m.cfg.claims))
        .s(" claims, seed ")
        .u(seed)
        .s("\"\nmodel:\n    mode: loose\nelenchus:\n    map: {source: examples/gen.rs}\n    actors:\n");
    for a in 0..m.short_stances.len() as u32 {
        o.s("        ").actor_id(a).s(": {name: State ").u(u64::from(a) + 1).s(", kind: ");
        o.s(ACTOR_KINDS[(h(seed, u64::from(a), 0xac) % 4) as usize]).s("}\n");
    }
    o.s("===\n");
    // Stances by claim: shorthand (actor, position), then the long form; the
    // undercuts written in the long form by source claim, as relation lines.
    let short_items =
        m.short_stances.iter().enumerate().flat_map(|(a, mine)| mine.iter().map(move |&(c, p)| (c, (a as u32, p))));
    let (short_off, short) = by_claim(n, short_items);
    let (long_off, long) = by_claim(n, m.long_stances.iter().enumerate().map(|(i, s)| (s.claim, i as u32)));
    let undercut_items = m.long.iter().map(|&ei| m.edges[ei as usize]).filter(|e| e.kind == Kind::Undercuts);
    let (undercut_off, undercuts) = by_claim(n, undercut_items.map(|e| (e.from, e.to)));

    for c in 0..m.cfg.claims {
        let ci = c as usize;
        o.s("\n[").claim_id(seed, c).s("]: ").claim_text(seed, c, false);
        for t in 0..m.has_tags(c) {
            o.s(" #").s(WORDS[(h(seed, u64::from(c), 0x700 + t) % WORDS.len() as u64) as usize]);
        }
        o.s(" {kind: ").s(kind_of(seed, c));
        if m.has_source(c) {
            o.s(", source: \"Record ").u(h(seed, u64::from(c), 0x5e) % 10_000).s(", p. 4\"");
        }
        let mine = &short[short_off[ci] as usize..short_off[ci + 1] as usize];
        for (p, key) in ["affirmedBy", "deniedBy", "abstainedBy"].iter().enumerate() {
            let mut first = true;
            for &(a, _) in mine.iter().filter(|(_, q)| *q as usize == p) {
                if first {
                    o.s(", ").s(key).s(": [");
                    first = false;
                } else {
                    o.s(", ");
                }
                o.actor_id(a);
            }
            if !first {
                o.s("]");
            }
        }
        let longs = &long[long_off[ci] as usize..long_off[ci + 1] as usize];
        for (i, &si) in longs.iter().enumerate() {
            let s = m.long_stances[si as usize];
            o.s(if i == 0 { ", stances: [{actor: " } else { ", {actor: " }).actor_id(s.actor);
            o.s(", position: ").s(POSITIONS[s.position as usize]).s(", date: ").date(s.date);
            o.s(", source: \"Official record ").u(u64::from(s.date)).s("\", via: \"vote on R-");
            o.u(u64::from(c)).s("\"}");
        }
        if !longs.is_empty() {
            o.s("]");
        }
        o.s("}\n");
        for &ei in m.shorthand(c) {
            let e = m.edges[ei as usize];
            let symbol = match e.kind {
                Kind::Supports => "+> [",
                Kind::Attacks => "-> [",
                Kind::Contradicts => ">< [",
                Kind::Undercuts => "_> <r",
                Kind::Implies => continue,
            };
            o.s("    ").s(symbol);
            if e.kind == Kind::Undercuts {
                o.u(u64::from(e.to)).s(">\n");
            } else {
                o.claim_id(seed, e.to).s("]\n");
            }
        }
        for &r in &undercuts[undercut_off[ci] as usize..undercut_off[ci + 1] as usize] {
            o.s("    _> <r").u(u64::from(r)).s(">\n");
        }
        o.flush_if_full()?;
    }
    // Arguments: long-form relations (but undercuts), then shorthand implies.
    let argument = |o: &mut Out<W>, title: (&str, u64), e: Edge, note: Option<u32>| {
        o.s("\n<").s(title.0).u(title.1).s(">");
        if let Some(ei) = note {
            o.s(": The map author's reading of the record, item ").u(u64::from(ei)).s(".");
        }
        o.s("\n\n(1) [").claim_id(seed, e.from).s("]\n");
        if e.kind == Kind::Supports {
            o.s("----\n");
        } else {
            o.s("--\n{type: ").s(e.kind.name()).s("}\n--\n");
        }
        o.s("(2) [").claim_id(seed, e.to).s("]\n");
        o.flush_if_full()
    };
    for (k, &ei) in m.long.iter().enumerate() {
        let e = m.edges[ei as usize];
        if e.kind != Kind::Undercuts {
            let note = (h(seed, u64::from(ei), 0x40) % 10 < 3).then_some(ei);
            argument(o, ("r", k as u64 + 1), e, note)?;
        }
    }
    for (ei, &e) in m.edges.iter().enumerate() {
        if e.kind == Kind::Implies && e.id == 0 {
            argument(o, ("i", ei as u64), e, None)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Roll-call votes: `resolution,date,country,vote` rows, as in
// `../shared/data/unga-es11-votes.csv`, and optionally the resolutions file
// `resolution,symbol,date,title`.

const COUNTRY_A: &[&str] =
    &["NORTH", "SOUTH", "EAST", "WEST", "NEW", "UPPER", "LOWER", "GREAT", "SAINT", "CENTRAL", "UNITED", "FREE"];
const COUNTRY_B: &[&str] = &[
    "ALBARIA",
    "BORNESIA",
    "CALDONIA",
    "DURMANIA",
    "ESTRAVIA",
    "FERNLAND",
    "GALVANIA",
    "HOLMIA",
    "ISTRIA",
    "JORVIK",
    "KALDERA",
    "LUMBRIA",
    "MORAVIA",
    "NORDICA",
    "OSTRIA",
    "PALMIRA",
    "QUARTIA",
    "RUSTIA",
    "SOLVANIA",
    "TARVISIA",
    "ULDORIA",
    "VESPERIA",
    "WESTMARK",
    "XANTHIA",
    "YSTRIA",
    "ZEMBLA",
    "CÔTE D'AZURIA",
    "SÃO MARCOS",
];

fn country(i: u32) -> String {
    let a = COUNTRY_A[(i as usize / COUNTRY_B.len()) % COUNTRY_A.len()];
    let b = COUNTRY_B[i as usize % COUNTRY_B.len()];
    let round = i as usize / (COUNTRY_A.len() * COUNTRY_B.len());
    let mut s = if i < COUNTRY_B.len() as u32 { b.to_string() } else { format!("{a} {b}") };
    if round > 0 {
        s.push_str(&format!(" {}", round + 1));
    }
    s
}

fn votes(seed: u64, countries: u32, resolutions: u32, out: Option<&str>, res_out: Option<&str>) -> io::Result<()> {
    let names: Vec<String> = (0..countries).map(country).collect();
    let mut rng = Rng::new(seed);
    let mut o = Out::new(open(out)?);
    o.s("resolution,date,country,vote\n");
    let mut dates = Vec::with_capacity(resolutions as usize);
    for r in 0..resolutions {
        let date = (u64::from(r) * 22 * 336 / u64::from(resolutions.max(1))) as u32;
        dates.push(date);
        for (c, name) in names.iter().enumerate() {
            let bloc = c as u32 % 4;
            let vote = if rng.chance(0.03) {
                "absent"
            } else {
                ["yes", "no", "abstain"][position(&mut rng, seed, bloc, r) as usize]
            };
            o.s("R-").u(u64::from(r) + 1).s(",").date(date).s(",");
            if name.contains(',') {
                o.s("\"").s(name).s("\"");
            } else {
                o.s(name);
            }
            o.s(",").s(vote).s("\n");
            o.flush_if_full()?;
        }
    }
    o.finish()?;
    if let Some(path) = res_out {
        let mut o = Out::new(open(Some(path))?);
        o.s("resolution,symbol,date,title\n");
        for r in 0..resolutions {
            o.s("R-").u(u64::from(r) + 1).s(",A/RES/R-").u(u64::from(r) + 1).s(",").date(dates[r as usize]);
            o.s(",\"").claim_text(seed, r, true).s("\"\n");
            o.flush_if_full()?;
        }
        o.finish()?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Command line.

// ---------------------------------------------------------------------------
// Stress shapes: small maps whose findings grow with a product of sizes, for
// the cost rows of the benchmarks (JSON, one entry per line).

/// `contradictions`: one actor affirms `root`, which implies claims `c0`..`cN`,
/// each pair of which contradicts (N(N-1)/2 `contradiction` findings).
/// `hub`: one actor affirms N claims that each support `hub`, which it denies
/// (N `unheeded-reason` findings on one claim). `acknowledged`: N pairs `aI`
/// supports `bI`, the actor affirming each `aI` and denying each `bI`, and
/// (unless `--acknowledged 0`) an `[[acknowledged]]` entry for each finding.
fn stress(shape: &str, n: u64, acknowledged: bool, out: Option<&str>) -> Result<(), String> {
    let mut o = Out::new(open(out).map_err(|e| e.to_string())?);
    let list = |o: &mut Out<Box<dyn Write>>, prefix: &str, ids: std::ops::Range<u64>| {
        for (k, i) in ids.enumerate() {
            o.s(if k == 0 { "\"" } else { ",\"" }).s(prefix).u(i).s("\"");
        }
    };
    o.s("{\"map\":{\"title\":\"Stress map: ").s(shape).s(", ").u(n).s("\"},\n");
    match shape {
        "contradictions" => {
            o.s("\"actors\":{\"a\":{\"affirms\":[\"root\"]}},\n\"claims\":{\n");
            o.s("\"root\":{\"text\":\"The root.\",\"implies\":[");
            list(&mut o, "c", 0..n);
            o.s("]}");
            for i in 0..n {
                o.s(",\n\"c").u(i).s("\":{\"text\":\"Claim ").u(i).s(".\"");
                if i + 1 < n {
                    o.s(",\"contradicts\":[");
                    list(&mut o, "c", i + 1..n);
                    o.s("]");
                }
                o.s("}");
                o.flush_if_full().map_err(|e| e.to_string())?;
            }
            o.s("}}\n");
        }
        "hub" => {
            o.s("\"actors\":{\"a\":{\"denies\":[\"hub\"],\"affirms\":[");
            list(&mut o, "s", 0..n);
            o.s("]}},\n\"claims\":{\n\"hub\":{\"text\":\"The hub.\"}");
            for i in 0..n {
                o.s(",\n\"s").u(i).s("\":{\"text\":\"Supporter ").u(i).s(".\",\"supports\":[\"hub\"]}");
                o.flush_if_full().map_err(|e| e.to_string())?;
            }
            o.s("}}\n");
        }
        "acknowledged" => {
            o.s("\"actors\":{\"a\":{\"affirms\":[");
            list(&mut o, "a", 0..n);
            o.s("],\"denies\":[");
            list(&mut o, "b", 0..n);
            o.s("]}},\n\"claims\":{");
            for i in 0..n {
                o.s(if i == 0 { "\n" } else { ",\n" });
                o.s("\"a").u(i).s("\":{\"text\":\"Reason ").u(i).s(".\",\"supports\":[\"b").u(i).s("\"]},");
                o.s("\"b").u(i).s("\":{\"text\":\"Claim ").u(i).s(".\"}");
                o.flush_if_full().map_err(|e| e.to_string())?;
            }
            o.s("}");
            if acknowledged {
                o.s(",\n\"acknowledged\":[");
                for i in 0..n {
                    o.s(if i == 0 { "\n" } else { ",\n" });
                    o.s("{\"rule\":\"unheeded-reason\",\"actor\":\"a\",\"claims\":[\"a").u(i).s("\",\"b").u(i);
                    o.s("\"],\"reason\":\"Known ").u(i).s(".\"}");
                    o.flush_if_full().map_err(|e| e.to_string())?;
                }
                o.s("]");
            }
            o.s("}\n");
        }
        _ => return Err(format!("unknown stress shape `{shape}`")),
    }
    o.finish().map_err(|e| e.to_string())
}

fn open(path: Option<&str>) -> io::Result<Box<dyn Write>> {
    Ok(match path {
        None | Some("-") => Box::new(io::stdout().lock()),
        Some(p) => Box::new(std::fs::File::create(p)?),
    })
}

const USAGE: &str = "\
usage: gen --claims N [--seed S] [--actors A] [--stances M] [--relations R]
           [--format toml|json|argdown] [--tension-density F] [--shift-rate F] [-o FILE]
       gen votes [--countries C] [--resolutions R] [--seed S] [-o VOTES.csv]
           [--resolutions-out RES.csv]
       gen stress contradictions|hub|acknowledged --claims N [--acknowledged 0|1] [-o FILE.json]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let votes_mode = args.first().is_some_and(|a| a == "votes");
    if votes_mode {
        args.remove(0);
    }
    let stress_shape = if args.first().is_some_and(|a| a == "stress") {
        args.remove(0);
        if args.is_empty() {
            return Err("`stress` needs a shape: contradictions, hub or acknowledged".into());
        }
        Some(args.remove(0))
    } else {
        None
    };
    let mut opts: std::collections::BTreeMap<String, String> = Default::default();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "-h" || a == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let key = match a.as_str() {
            "-o" => "--output".to_string(),
            k if k.starts_with("--") => k.to_string(),
            _ => return Err(format!("unexpected argument `{a}`")),
        };
        let v = it.next().ok_or_else(|| format!("`{a}` needs a value"))?;
        opts.insert(key, v);
    }
    let num = |k: &str, d: u64| -> Result<u64, String> {
        opts.get(k).map_or(Ok(d), |v| v.replace('_', "").parse().map_err(|_| format!("`{k}` needs a number")))
    };
    let float = |k: &str, d: f64| -> Result<f64, String> {
        opts.get(k).map_or(Ok(d), |v| v.parse().map_err(|_| format!("`{k}` needs a number")))
    };
    let seed = num("--seed", 1)?;
    let out = opts.get("--output").cloned();
    if votes_mode {
        let known = ["--countries", "--resolutions", "--seed", "--output", "--resolutions-out"];
        if let Some(k) = opts.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!("unknown option `{k}`"));
        }
        let c = num("--countries", 200)? as u32;
        let r = num("--resolutions", 10_000)? as u32;
        return votes(seed, c, r, out.as_deref(), opts.get("--resolutions-out").map(String::as_str))
            .map_err(|e| e.to_string());
    }
    if let Some(shape) = stress_shape {
        if let Some(k) = opts.keys().find(|k| !["--claims", "--acknowledged", "--output"].contains(&k.as_str())) {
            return Err(format!("unknown option `{k}`"));
        }
        let n = num("--claims", 0)?;
        if n == 0 || n >= 1 << 28 {
            return Err("`--claims` must be between 1 and 268435455".into());
        }
        let acknowledged = num("--acknowledged", 1)? != 0;
        return stress(&shape, n, acknowledged, out.as_deref());
    }
    let known = [
        "--claims",
        "--seed",
        "--actors",
        "--stances",
        "--relations",
        "--format",
        "--tension-density",
        "--shift-rate",
        "--output",
    ];
    if let Some(k) = opts.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("unknown option `{k}`"));
    }
    let claims = num("--claims", 0)?;
    if claims == 0 || claims >= 1 << 28 {
        return Err("`--claims` must be between 1 and 268435455".into());
    }
    let claims = claims as u32;
    let actors = num("--actors", u64::from((claims / 1000).clamp(1, 1000)))?.max(1) as u32;
    let format = match opts.get("--format").map(String::as_str) {
        Some("json") => Format::Json,
        Some("toml") => Format::Toml,
        Some("argdown") => Format::Argdown,
        Some(f) => return Err(format!("unknown format `{f}`")),
        None => match out.as_deref() {
            Some(o) if o.ends_with(".toml") => Format::Toml,
            Some(o) if o.ends_with(".argdown") => Format::Argdown,
            _ => Format::Json,
        },
    };
    let cfg = Config {
        claims,
        seed,
        actors,
        stances: num("--stances", u64::from(claims))?,
        relations: num("--relations", 3 * u64::from(claims))?,
        format,
        tension: float("--tension-density", 0.01)?,
        shift: float("--shift-rate", 0.02)?,
        out,
    };
    let map = build(cfg);
    let w = open(map.cfg.out.as_deref()).map_err(|e| e.to_string())?;
    let mut o = Out::new(w);
    let r = match map.cfg.format {
        Format::Json => write_json(&map, &mut o),
        Format::Toml => write_toml(&map, &mut o),
        Format::Argdown => write_argdown(&map, &mut o),
    };
    r.and_then(|()| o.finish()).map_err(|e| e.to_string())
}
