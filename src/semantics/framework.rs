//! How a map becomes an abstract argumentation framework
//! (docs/semantics.md, "The framework of a map").
//!
//! - Arguments: every claim (claim `i` is argument `i`); then, in relation
//!   order, one *junction* per linked relation (`from = [p1, p2]`: "the
//!   premises together, through this relation"), and one *relation
//!   argument* per relation that some `undercuts` targets ("the source,
//!   through this relation"; a `contradicts` has one per direction). A
//!   linked relation that is undercut keeps its junction as its relation
//!   argument.
//! - Direct attacks: `attacks` from its source to its target; `contradicts`
//!   both ways; `undercuts` from its source to every argument of the
//!   relation it names. The *source* of a relation is its relation
//!   argument when it has one, else its junction, else its `from` claim: a
//!   relation acts through it, so a defeated relation has no effect.
//! - Supports: `implies` always, `supports` under the chosen [`Support`]
//!   reading, as support edges from the relation's source to its target.
//!   Derived attacks come from one support path (one or more support edges)
//!   and one direct attack: supported, mediated, secondary and extended
//!   (see [`Derivation`]).
//! - Inherited attacks: a relation argument or junction is attacked by
//!   whatever attacks (directly or by derivation) one of its source claims.
//!
//! Derived and inherited attacks are computed by a search from each
//! argument that takes part in a direct attack, so that every step of the
//! search produces an attack: time and memory are linear in the map plus
//! the attacks produced, and their number is bounded ([`Limits`]).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::model::*;

use super::Af;

/// How `supports` relations take part in the framework (the bipolar
/// reading). `implies` is deductive support under every reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Support {
    /// `supports` derives no attacks (the default: a defeasible reason is
    /// neither sufficient nor necessary for its conclusion).
    #[default]
    None,
    /// Supported and mediated attacks (deductive support: accepting the
    /// supporter commits to the supported).
    Deductive,
    /// Secondary and extended attacks (necessary support: the supported
    /// cannot stand without the supporter).
    Necessary,
    /// Supported and secondary attacks (Cayrol and Lagasquie-Schiex).
    Cayrol,
}

impl Support {
    pub const ALL: [Support; 4] = [Support::None, Support::Deductive, Support::Necessary, Support::Cayrol];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Support::None => "none",
            Support::Deductive => "deductive",
            Support::Necessary => "necessary",
            Support::Cayrol => "cayrol",
        }
    }

    /// Whether a derivation of `kind` may pass through a support edge of a
    /// `supports` relation (`strict`: of an `implies`) under this reading.
    pub fn passes(self, kind: Derivation, strict: bool) -> bool {
        use Derivation::*;
        match kind {
            Supported => strict || matches!(self, Support::Deductive | Support::Cayrol),
            Mediated => strict || self == Support::Deductive,
            Secondary => !strict && matches!(self, Support::Necessary | Support::Cayrol),
            Extended => !strict && self == Support::Necessary,
        }
    }
}

impl fmt::Display for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Support {
    type Err = String;
    fn from_str(s: &str) -> Result<Support, String> {
        Support::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(s)).ok_or_else(|| {
            format!("unknown support reading `{s}` (expected one of none, deductive, necessary, cayrol)")
        })
    }
}

/// A kind of derived attack. `a ⇒ b` is a support path (one or more
/// support edges), `x → y` a direct attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Derivation {
    /// `a ⇒ b`, `b → c`: `a` attacks `c`.
    Supported,
    /// `a ⇒ b`, `c → b`: `c` attacks `a`.
    Mediated,
    /// `c → a`, `a ⇒ b`: `c` attacks `b`.
    Secondary,
    /// `a ⇒ b`, `a → c`: `b` attacks `c`.
    Extended,
}

impl Derivation {
    pub const ALL: [Derivation; 4] =
        [Derivation::Supported, Derivation::Mediated, Derivation::Secondary, Derivation::Extended];
    pub fn name(self) -> &'static str {
        match self {
            Derivation::Supported => "supported",
            Derivation::Mediated => "mediated",
            Derivation::Secondary => "secondary",
            Derivation::Extended => "extended",
        }
    }
}

/// What an argument of a map's framework stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    Claim(ClaimIdx),
    /// The relation `rel` taken from its source claim `from` (an undercut
    /// relation; a `contradicts` has one per direction).
    Relation {
        rel: RelIdx,
        from: ClaimIdx,
    },
    /// The premises of the linked relation `rel`, together, through it.
    Junction(RelIdx),
}

/// Why an attack of a map's framework exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A relation of the map: an `attacks`, a direction of a `contradicts`,
    /// or an `undercuts`.
    Relation(RelIdx),
    /// Derived from the support path `support.0 ⇒ support.1` (see
    /// [`MapFramework::support_path`]) and the direct attack `attack`.
    Derived { kind: Derivation, support: (u32, u32), attack: (u32, u32) },
    /// The attacker attacks `source`, a source claim of the attacked
    /// relation argument or junction.
    Inherited { source: ClaimIdx },
}

/// Bounds on building a framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Derived and inherited attacks produced (repeats counted).
    pub derived: usize,
    /// Steps of the searches along support paths that produce them.
    pub steps: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { derived: MAX_DERIVED, steps: MAX_STEPS }
    }
}

/// The default bound on derived and inherited attacks (repeats counted):
/// about 32 bytes each, so at most about 130 MB.
pub const MAX_DERIVED: usize = 4_000_000;

/// The default bound on the steps of the searches along support paths
/// (each support edge looked at from each argument that starts a search).
pub const MAX_STEPS: usize = 64_000_000;

/// One support edge: from an argument (a relation's source) to a claim.
#[derive(Clone, Copy, Debug)]
struct SupportEdge {
    from: u32,
    to: u32,
    rel: RelIdx,
    strict: bool,
}

/// A map's framework, with what each argument stands for and why each
/// attack exists.
#[derive(Clone, Debug)]
pub struct MapFramework {
    af: Af,
    support: Support,
    args: Vec<Arg>,
    /// The relation arguments and junction of each relation, as a range
    /// into `args` (empty for a relation that has none).
    rel_args: Vec<(u32, u32)>,
    /// One reason per attack, sorted by (attacker, attacked).
    reasons: Vec<(u32, u32, Reason)>,
    edges: Vec<SupportEdge>,
    /// For each kind of derivation, the support edges it may use by their
    /// source (indices into `edges`), built at first use.
    paths: [std::sync::OnceLock<crate::graph::Index>; 4],
}

impl MapFramework {
    /// The framework of a map under a reading of `supports`, with the
    /// default [`Limits`].
    pub fn build(graph: &ClaimGraph<'_>, support: Support) -> Result<MapFramework, Error> {
        Self::build_with(graph, support, Limits::default())
    }

    /// The framework of a map; an error when it needs more derived attacks
    /// than `limits` allow.
    pub fn build_with(graph: &ClaimGraph<'_>, support: Support, limits: Limits) -> Result<MapFramework, Error> {
        let map = graph.map;
        let nc = map.claims.len();
        let mut args: Vec<Arg> = (0..nc as ClaimIdx).map(Arg::Claim).collect();
        // Whether each relation is undercut: a lookup per relation, not a hash.
        let mut undercut = vec![false; map.relations.len()];
        for r in &map.relations {
            if let (RelationKind::Undercuts, Target::Relation(t)) = (r.kind, r.to) {
                undercut[t as usize] = true;
            }
        }
        let mut rel_args: Vec<(u32, u32)> = vec![(0, 0); map.relations.len()];
        for (i, r) in map.relations.iter().enumerate() {
            let i = i as RelIdx;
            let start = args.len() as u32;
            if r.is_linked() {
                args.push(Arg::Junction(i));
            } else if undercut[i as usize] {
                args.push(Arg::Relation { rel: i, from: r.from });
                if let (RelationKind::Contradicts, Target::Claim(t)) = (r.kind, r.to)
                    && t != r.from
                {
                    args.push(Arg::Relation { rel: i, from: t });
                }
            }
            if args.len() as u32 > start {
                rel_args[i as usize] = (start, args.len() as u32);
            }
        }
        if args.len() >= u32::MAX as usize / 2 {
            return Err(Error::Other("the map has too many claims and relations for a framework".into()));
        }
        let mut this = MapFramework {
            af: Af::default(),
            support,
            args,
            rel_args,
            reasons: Vec::new(),
            edges: Vec::new(),
            paths: Default::default(),
        };
        // Direct attacks and support edges, counted first: the lists are
        // as long as the map's relations.
        let (mut attacks, mut supports) = (0, 0);
        for r in &map.relations {
            match (r.kind, r.to) {
                (RelationKind::Attacks, Target::Claim(_)) => attacks += 1,
                (RelationKind::Contradicts, Target::Claim(_)) => attacks += 2,
                (RelationKind::Undercuts, Target::Relation(t)) => attacks += this.args_of_relation(t).count(),
                (RelationKind::Supports | RelationKind::Implies, Target::Claim(_)) => supports += 1,
                _ => {}
            }
        }
        this.edges.reserve_exact(supports);
        let mut direct: Vec<(u32, u32, Reason)> = Vec::with_capacity(attacks);
        for (i, r) in map.relations.iter().enumerate() {
            let i = i as RelIdx;
            let src = this.source(i, r.from);
            match (r.kind, r.to) {
                (RelationKind::Attacks, Target::Claim(t)) => direct.push((src, t, Reason::Relation(i))),
                (RelationKind::Contradicts, Target::Claim(t)) => {
                    direct.push((src, t, Reason::Relation(i)));
                    direct.push((this.source(i, t), r.from, Reason::Relation(i)));
                }
                (RelationKind::Undercuts, Target::Relation(t)) => {
                    for x in this.args_of_relation(t) {
                        direct.push((src, x, Reason::Relation(i)));
                    }
                }
                (RelationKind::Supports | RelationKind::Implies, Target::Claim(t)) => {
                    this.edges.push(SupportEdge { from: src, to: t, rel: i, strict: r.kind == RelationKind::Implies })
                }
                _ => {}
            }
        }
        let n = this.args.len();
        let d = Af::new(n, &direct.iter().map(|&(a, b, _)| (a, b)).collect::<Vec<_>>());
        let mut produced: Vec<(u32, u32, Reason)> = Vec::new();
        let mut budget = Budget {
            left: limits.derived,
            limit: limits.derived,
            steps: limits.steps,
            step_limit: limits.steps,
            support,
        };
        let mut search = Search::new(n);
        for kind in Derivation::ALL {
            if !this.edges.iter().any(|e| support.passes(kind, e.strict)) {
                continue;
            }
            let (fwd, bwd) = this.support_rows(kind);
            // Each argument `s` in a direct attack seeds a search along
            // support paths: back from the attacker (supported) or the
            // attacked (mediated), forward from the attacked (secondary)
            // or the attacker (extended). Every argument reached `t`
            // yields one attack per direct attack of the seed.
            let (rows, forward) = match kind {
                Derivation::Supported | Derivation::Mediated => (&bwd, false),
                Derivation::Secondary | Derivation::Extended => (&fwd, true),
            };
            for s in 0..n as u32 {
                let hits = match kind {
                    Derivation::Supported | Derivation::Extended => d.attacked_by(s),
                    Derivation::Mediated | Derivation::Secondary => d.attackers(s),
                };
                if hits.is_empty() {
                    continue;
                }
                for &t in search.reach(rows, s, &mut budget)? {
                    let support = if forward { (s, t) } else { (t, s) };
                    for &c in hits {
                        let (x, y, attack) = match kind {
                            Derivation::Supported => (t, c, (s, c)),
                            Derivation::Mediated => (c, t, (c, s)),
                            Derivation::Secondary => (c, t, (c, s)),
                            Derivation::Extended => (t, c, (s, c)),
                        };
                        budget.spend(1)?;
                        produced.push((x, y, Reason::Derived { kind, support, attack }));
                    }
                }
            }
        }
        // Inherited: attackers of a source claim attack the relation
        // arguments and junctions that take it.
        if this.args.len() > nc {
            let mut pairs: Vec<(u32, u32)> = direct.iter().map(|&(a, b, _)| (a, b)).collect();
            pairs.extend(produced.iter().map(|&(a, b, _)| (a, b)));
            // Only who attacks each argument is read.
            let all = crate::graph::Index::build(n, pairs.iter().map(|&(a, b)| (b, a))).into_sorted_sets();
            drop(pairs);
            for x in nc as u32..n as u32 {
                let one;
                let sources: &[ClaimIdx] = match this.args[x as usize] {
                    Arg::Relation { from, .. } => {
                        one = [from];
                        &one
                    }
                    Arg::Junction(r) => map.relation(r).premises(),
                    Arg::Claim(_) => &[],
                };
                for &s in sources {
                    for &c in all.get(s) {
                        budget.spend(1)?;
                        produced.push((c, x, Reason::Inherited { source: s }));
                    }
                }
            }
        }
        // One reason per attack: a relation first, then the first derived
        // or inherited in the order produced.
        direct.append(&mut produced);
        let mut direct = by_attack(n, &direct);
        direct.dedup_by_key(|&mut (a, b, _)| (a, b));
        this.af = Af::from_sorted(n, &direct.iter().map(|&(a, b, _)| (a, b)).collect::<Vec<_>>());
        this.reasons = direct;
        Ok(this)
    }

    /// The abstract framework.
    pub fn af(&self) -> &Af {
        &self.af
    }

    /// The reading of `supports` it was built with.
    pub fn support(&self) -> Support {
        self.support
    }

    /// The argument of a claim (claim `c` is argument `c`).
    pub fn arg_of_claim(&self, c: ClaimIdx) -> u32 {
        c
    }

    /// The number of claims (the first arguments).
    pub fn claim_count(&self) -> usize {
        self.args.iter().take_while(|a| matches!(a, Arg::Claim(_))).count()
    }

    /// What argument `arg` stands for.
    pub fn what(&self, arg: u32) -> Arg {
        self.args[arg as usize]
    }

    /// The arguments of relation `rel`: its relation arguments (one per
    /// direction of a `contradicts`) or its junction; empty when it has none.
    pub fn args_of_relation(&self, rel: RelIdx) -> impl Iterator<Item = u32> + use<> {
        let (s, e) = self.rel_args[rel as usize];
        s..e
    }

    /// The argument a relation acts through when taken from `from`: its
    /// relation argument for that direction, its junction, or `from`.
    pub fn source(&self, rel: RelIdx, from: ClaimIdx) -> u32 {
        for x in self.args_of_relation(rel) {
            match self.args[x as usize] {
                Arg::Junction(_) => return x,
                Arg::Relation { from: f, .. } if f == from => return x,
                _ => {}
            }
        }
        from
    }

    /// Why `attacker` attacks `attacked` (`None` if it does not).
    pub fn why(&self, attacker: u32, attacked: u32) -> Option<Reason> {
        // `reasons` has one entry per attack in the order of the attacks.
        self.af.attack_rank(attacker, attacked).map(|i| self.reasons[i].2)
    }

    /// Every attack with its reason, by attacker then attacked.
    pub fn attacks_with_reasons(&self) -> &[(u32, u32, Reason)] {
        &self.reasons
    }

    /// The support relations on a shortest support path from `from` to `to`
    /// that a derivation of `kind` may use (the path of a
    /// [`Reason::Derived`]), in order; empty when there is none.
    pub fn support_path(&self, kind: Derivation, from: u32, to: u32) -> Vec<RelIdx> {
        let slot = Derivation::ALL.iter().position(|&k| k == kind).expect("a kind");
        let rows = self.paths[slot].get_or_init(|| {
            let usable = self
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| self.support.passes(kind, e.strict))
                .map(|(i, e)| (e.from, i as u32));
            crate::graph::Index::build(self.args.len(), usable)
        });
        let mut parent: HashMap<u32, (u32, RelIdx), crate::ids::FastState> = HashMap::default();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(v) = queue.pop_front() {
            for e in rows.get(v).iter().map(|&i| &self.edges[i as usize]) {
                if parent.contains_key(&e.to) {
                    continue;
                }
                parent.insert(e.to, (v, e.rel));
                if e.to == to {
                    let mut path = vec![e.rel];
                    let mut cur = v;
                    while cur != from {
                        let (p, r) = parent[&cur];
                        path.push(r);
                        cur = p;
                    }
                    path.reverse();
                    return path;
                }
                queue.push_back(e.to);
            }
        }
        Vec::new()
    }

    /// A short name of an argument in map terms: the claim id, or
    /// `relation (from claim)`, or `[p1 + p2] together (relation)`.
    pub fn name(&self, map: &ArgMap, arg: u32) -> String {
        match self.what(arg) {
            Arg::Claim(c) => map.claim(c).id.clone(),
            Arg::Relation { rel, from } => {
                let r = map.relation(rel);
                if r.kind.is_symmetric() {
                    let to = match r.to {
                        Target::Claim(t) if t == from => r.from,
                        Target::Claim(t) => t,
                        Target::Relation(_) => from,
                    };
                    format!(
                        "{} --{}--> {} (the relation {})",
                        map.claim(from).id,
                        r.kind,
                        map.claim(to).id,
                        map.relation_label(rel)
                    )
                } else {
                    format!("the relation {}", map.relation_label(rel))
                }
            }
            Arg::Junction(rel) => {
                format!("{} together (the relation {})", map.premises_label(rel), map.relation_label(rel))
            }
        }
    }

    /// The support edges usable by `kind`, as rows forward and backward.
    fn support_rows(&self, kind: Derivation) -> (crate::graph::Index, crate::graph::Index) {
        let usable = || self.edges.iter().filter(|e| self.support.passes(kind, e.strict));
        let n = self.args.len();
        (
            crate::graph::Index::build(n, usable().map(|e| (e.from, e.to))),
            crate::graph::Index::build(n, usable().map(|e| (e.to, e.from))),
        )
    }
}

/// `attacks` (attacker, attacked, reason; arguments below `n`) ordered by
/// attacker then attacked, keeping the order of those with the same two
/// (a stable sort): counted into one bucket per attacker, then each
/// bucket, a few attacks, sorted by the attacked.
fn by_attack(n: usize, attacks: &[(u32, u32, Reason)]) -> Vec<(u32, u32, Reason)> {
    let mut start = vec![0u32; n + 1];
    for &(a, _, _) in attacks {
        start[a as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut order = vec![0u32; attacks.len()];
    let mut next = start.clone();
    for (i, &(a, _, _)) in attacks.iter().enumerate() {
        order[next[a as usize] as usize] = i as u32;
        next[a as usize] += 1;
    }
    for a in 0..n {
        let bucket = &mut order[start[a] as usize..start[a + 1] as usize];
        if bucket.len() > 1 {
            bucket.sort_by_key(|&i| attacks[i as usize].1);
        }
    }
    order.iter().map(|&i| attacks[i as usize]).collect()
}

/// What is left of the bound on derived attacks.
struct Budget {
    left: usize,
    limit: usize,
    steps: usize,
    step_limit: usize,
    support: Support,
}

impl Budget {
    fn step(&mut self, k: usize) -> Result<(), Error> {
        if self.steps < k {
            return Err(Error::Other(format!(
                "the map's framework needs more than {} steps to derive its attacks under the `{}` \
                 reading of `supports` (many support paths between the same claims); evaluate it with \
                 `--support none`, or split the map",
                self.step_limit, self.support
            )));
        }
        self.steps -= k;
        Ok(())
    }

    fn spend(&mut self, k: usize) -> Result<(), Error> {
        if self.left < k {
            return Err(Error::Other(format!(
                "the map's framework needs more than {} derived attacks under the `{}` reading of `supports` \
                 (a long chain of supports into many attacks); evaluate it with `--support none`, or split the map",
                self.limit, self.support
            )));
        }
        self.left -= k;
        Ok(())
    }
}

/// Reachability along support rows with scratch linear in the arguments.
struct Search {
    stamp: Vec<u32>,
    round: u32,
    stack: Vec<u32>,
    out: Vec<u32>,
}

impl Search {
    fn new(n: usize) -> Search {
        Search { stamp: vec![0; n], round: 0, stack: Vec::new(), out: Vec::new() }
    }

    /// The arguments reachable from `start` by one or more steps along
    /// `rows` (`start` itself only on a cycle), in a deterministic order
    /// (in a buffer kept for the next search: one per argument would be
    /// grown from nothing each time).
    fn reach(&mut self, rows: &crate::graph::Index, start: u32, budget: &mut Budget) -> Result<&[u32], Error> {
        self.round += 1;
        if self.round == u32::MAX {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.round = 1;
        }
        self.out.clear();
        self.stack.clear();
        budget.step(rows.get(start).len())?;
        self.stack.extend(rows.get(start).iter().rev());
        while let Some(v) = self.stack.pop() {
            if self.stamp[v as usize] == self.round {
                continue;
            }
            self.stamp[v as usize] = self.round;
            self.out.push(v);
            budget.step(rows.get(v).len())?;
            self.stack.extend(rows.get(v).iter().rev());
        }
        Ok(&self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;
    use crate::source::Format;

    /// [`by_attack`] orders as a stable sort by (attacker, attacked) does,
    /// repeats in the order given.
    #[test]
    fn by_attack_is_a_stable_sort() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in [0usize, 1, 2, 5, 40, 300] {
            let attacks: Vec<(u32, u32, Reason)> = (0..len)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    ((state % 7) as u32, (state / 7 % 5) as u32, Reason::Relation(i as RelIdx))
                })
                .collect();
            let mut expected = attacks.clone();
            expected.sort_by_key(|&(a, b, _)| (a, b));
            assert_eq!(by_attack(7, &attacks), expected);
        }
    }

    fn framework(text: &str, support: Support) -> (ArgMap, Vec<(String, String, Reason)>) {
        let map = load_str("t.toml", text, Format::Toml).map.expect("valid map");
        let graph = ClaimGraph::build(&map);
        let f = MapFramework::build(&graph, support).unwrap();
        let attacks: Vec<_> =
            f.attacks_with_reasons().iter().map(|&(a, b, r)| (f.name(&map, a), f.name(&map, b), r)).collect();
        (map, attacks)
    }

    const CHAIN: &str = r#"
[claims.a]
text = "a"
supports = ["b"]
[claims.b]
text = "b"
attacks = ["c"]
[claims.c]
text = "c"
"#;

    #[test]
    fn readings_derive_their_attacks() {
        let names =
            |s| framework(CHAIN, s).1.into_iter().map(|(a, b, _)| format!("{a}>{b}")).collect::<Vec<_>>().join(" ");
        assert_eq!(names(Support::None), "b>c");
        assert_eq!(names(Support::Deductive), "a>c b>c");
        assert_eq!(names(Support::Necessary), "b>c");
        assert_eq!(names(Support::Cayrol), "a>c b>c");
    }

    const UNDERCUT: &str = r#"
[claims.a]
text = "a"
[claims.b]
text = "b"
[claims.u]
text = "u"
[claims.x]
text = "x"
attacks = ["a"]
[[relations]]
id = "r"
type = "attacks"
from = "a"
to = "b"
[[relations]]
type = "undercuts"
from = "u"
to = "r"
"#;

    #[test]
    fn an_undercut_relation_is_an_argument() {
        let text = UNDERCUT;
        let (_, attacks) = framework(text, Support::None);
        let names: Vec<String> = attacks.iter().map(|(a, b, _)| format!("{a}>{b}")).collect();
        assert_eq!(names, ["u>the relation r", "x>a", "x>the relation r", "the relation r>b"]);
        assert!(matches!(attacks[2].2, Reason::Inherited { source: 0 }));
    }

    /// `why` answers from the attack's rank: the reason listed for every
    /// attack, and none for a pair that is not one, under every reading.
    #[test]
    fn why_gives_each_attack_its_reason() {
        for (text, support) in [CHAIN, UNDERCUT]
            .into_iter()
            .flat_map(|t| [Support::None, Support::Deductive, Support::Necessary, Support::Cayrol].map(|s| (t, s)))
        {
            let map = load_str("t.toml", text, Format::Toml).map.expect("valid map");
            let graph = ClaimGraph::build(&map);
            let f = MapFramework::build(&graph, support).unwrap();
            let n = f.af().len() as u32;
            let listed = f.attacks_with_reasons();
            assert!(!listed.is_empty());
            for a in 0..n {
                for b in 0..n {
                    let expected = listed.iter().find(|&&(x, y, _)| (x, y) == (a, b)).map(|&(_, _, r)| r);
                    assert_eq!(f.why(a, b), expected, "{support} {a} {b}");
                }
            }
        }
    }
}
