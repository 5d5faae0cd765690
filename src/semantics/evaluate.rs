//! The evaluation of a map (`elenchus evaluate`): each claim's grounded
//! label with its explanation and its acceptance under a semantics, and
//! each actor's verdict (docs/semantics.md, "What `evaluate` prints").

use serde::Serialize;

use crate::check::ActorView;
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::model::*;

use super::actor::{ActorVerdict, Judge, verdict};
use super::explain::{Grounded, Why};
use super::framework::{Arg, MapFramework, Reason, Support};
use super::{Label, Semantics, solve};

/// The version of the JSON output.
pub const JSON_VERSION: u32 = 1;

/// The most steps of one claim's explanation (arguments it goes through).
pub const MAX_STEPS: usize = 24;

/// What to evaluate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub semantics: Option<Semantics>,
    pub support: Support,
    /// Only these claims (all when empty).
    pub claims: Vec<ClaimIdx>,
    /// Only these actors (all when empty).
    pub actors: Vec<ActorIdx>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub version: u32,
    pub map: String,
    pub semantics: &'static str,
    pub support: &'static str,
    pub arguments: usize,
    pub attacks: usize,
    pub claims: Vec<ClaimReport>,
    pub actors: Vec<ActorReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ClaimReport {
    pub id: String,
    pub line: usize,
    /// The grounded label: `in`, `out` or `undecided`.
    pub label: &'static str,
    /// In some extension of the semantics.
    pub credulous: bool,
    /// In every extension of the semantics.
    pub sceptical: bool,
    /// The explanation of the grounded label, the claim first; each
    /// argument it names is explained after it (each once).
    pub explanation: Vec<Step>,
    /// False when the explanation was cut at [`MAX_STEPS`].
    pub explanation_complete: bool,
}

/// One step of an explanation: an argument, its label and why.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub argument: String,
    pub label: &'static str,
    #[serde(flatten)]
    pub why: StepWhy,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", tag = "because")]
pub enum StepWhy {
    /// In: nothing attacks it.
    Unattacked,
    /// In: every attacker is out.
    AttackersOut { attackers: Vec<Defeat> },
    /// Out: attacked by an argument that is in.
    AttackedByIn { by: String, attack: Attack },
    /// Undecided: the path of undecided attackers leads to this cycle.
    Cycle { path: Vec<String>, cycle: Vec<String>, odd: bool },
}

#[derive(Clone, Debug, Serialize)]
pub struct Defeat {
    pub attacker: String,
    pub attack: Attack,
    /// The argument in that puts the attacker out.
    pub by: String,
}

/// Why an attack exists, in map terms.
#[derive(Clone, Debug, Serialize)]
pub struct Attack {
    /// The relations it comes from (as indices, for source places).
    #[serde(skip)]
    pub rels: Vec<RelIdx>,
    /// `relation`, `supported`, `mediated`, `secondary`, `extended` or `inherited`.
    pub kind: &'static str,
    /// The relations it comes from, as labels.
    pub relations: Vec<String>,
    /// The lines of those relations (empty from [`attack_without_lines`]).
    pub lines: Vec<usize>,
    /// A sentence.
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActorReport {
    pub id: String,
    pub name: String,
    pub affirmed: Vec<String>,
    pub position: Vec<String>,
    pub conflict_free: bool,
    pub admissible: bool,
    pub in_preferred: bool,
    pub conflicts: Vec<Conflict>,
    pub undefended: Vec<Undefended>,
    pub defeated: Vec<String>,
    pub denied_accepted: Vec<String>,
    pub inconsistent: Vec<Vec<String>>,
    pub retractions: Vec<Vec<String>>,
    pub exact: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Conflict {
    pub attacker: String,
    pub attacked: String,
    pub attack: Attack,
}

#[derive(Clone, Debug, Serialize)]
pub struct Undefended {
    pub argument: String,
    pub attacker: String,
    pub attack: Attack,
}

pub fn label_name(l: Label) -> &'static str {
    match l {
        Label::In => "in",
        Label::Out => "out",
        Label::Undecided => "undecided",
    }
}

/// Evaluate a map.
pub fn evaluate(graph: &ClaimGraph<'_>, opts: &Options) -> Result<Evaluation, Error> {
    let map = graph.map;
    let fw = MapFramework::build(graph, opts.support)?;
    let af = fw.af();
    let g = Grounded::of(af);
    let sem = opts.semantics.unwrap_or(Semantics::Grounded);
    let ctx = Words { map, fw: &fw, lines: true };
    let claims: Vec<ClaimIdx> =
        if opts.claims.is_empty() { (0..map.claims.len() as ClaimIdx).collect() } else { opts.claims.clone() };
    let args: Vec<u32> = claims.iter().map(|&c| fw.arg_of_claim(c)).collect();
    let acceptance = solve::acceptance_all(af, sem, &args);
    let claims = claims
        .into_iter()
        .zip(args.into_iter().zip(acceptance))
        .map(|(c, (a, (credulous, sceptical)))| {
            let (steps, complete) = g.justification(af, a, MAX_STEPS);
            ClaimReport {
                id: map.claim(c).id.clone(),
                line: line(map, map.claim(c).span),
                label: label_name(g.label(a)),
                credulous,
                sceptical,
                explanation: steps.iter().map(|&v| ctx.step(&g, v)).collect(),
                explanation_complete: complete,
            }
        })
        .collect();
    let actors: Vec<ActorIdx> =
        if opts.actors.is_empty() { (0..map.actors.len() as ActorIdx).collect() } else { opts.actors.clone() };
    // Each actor's verdict is its own (one judge shares the map's
    // undecided core), so actors are judged on every core, reported in order.
    let judge = Judge::new(&g.labels);
    let actors = crate::par::map_ordered(
        &actors,
        crate::par::threads(),
        || ActorView::new(map.claims.len()),
        |view, &a| {
            view.load(graph, a);
            ctx.actor(&verdict(graph, &fw, view, &judge))
        },
    );
    Ok(Evaluation {
        version: JSON_VERSION,
        map: map.file.name.clone(),
        semantics: sem.name(),
        support: opts.support.name(),
        arguments: af.len(),
        attacks: af.attack_count(),
        claims,
        actors,
    })
}

/// Why argument `a` attacks argument `b` of a map's framework, in map terms.
pub fn attack(map: &ArgMap, fw: &MapFramework, a: u32, b: u32) -> Attack {
    Words { map, fw, lines: true }.attack(a, b)
}

/// As [`attack`], without line numbers in the sentence (for text that must
/// not move when lines elsewhere in the file do, such as a finding's chain).
pub fn attack_without_lines(map: &ArgMap, fw: &MapFramework, a: u32, b: u32) -> Attack {
    Words { map, fw, lines: false }.attack(a, b)
}

/// An argument's name quoted as code when it is an id (`` `es-11-1` ``),
/// as it is when it is a phrase (`the relation r1`).
pub fn quoted(name: &str) -> String {
    if name.contains(' ') { name.to_string() } else { backticked(name) }
}

/// `` `id` ``: an id quoted as code (pushed, not formatted: findings name
/// thousands of ids).
pub fn backticked(id: &str) -> String {
    let mut s = String::with_capacity(id.len() + 2);
    push_backticked(&mut s, id);
    s
}

/// [`backticked`], pushed onto `s`.
pub fn push_backticked(s: &mut String, id: &str) {
    s.push('`');
    s.push_str(id);
    s.push('`');
}

/// [`quoted`], pushed onto `s`.
pub fn push_quoted(s: &mut String, name: &str) {
    if name.contains(' ') { s.push_str(name) } else { push_backticked(s, name) }
}

fn line(map: &ArgMap, span: crate::source::Span) -> usize {
    map.file.line_col(span.start).line
}

/// Map terms for a framework's arguments and attacks.
struct Words<'a> {
    map: &'a ArgMap,
    fw: &'a MapFramework,
    /// Name the lines of relations in sentences.
    lines: bool,
}

impl Words<'_> {
    fn name(&self, a: u32) -> String {
        self.fw.name(self.map, a)
    }

    /// [`quoted`] of [`Words::name`], a claim's id without a copy first.
    fn quoted_name(&self, a: u32) -> String {
        let mut s = String::new();
        self.push_quoted_name(&mut s, a);
        s
    }

    /// [`Words::quoted_name`], pushed onto `s`: a claim's id is not copied.
    fn push_quoted_name(&self, s: &mut String, a: u32) {
        match self.fw.what(a) {
            Arg::Claim(c) => push_quoted(s, &self.map.claim(c).id),
            _ => push_quoted(s, &self.name(a)),
        }
    }

    fn step(&self, g: &Grounded, v: u32) -> Step {
        let af = self.fw.af();
        let why = match g.why(af, v) {
            Why::In { defeated, .. } if defeated.is_empty() => StepWhy::Unattacked,
            Why::In { defeated, .. } => StepWhy::AttackersOut {
                attackers: defeated
                    .into_iter()
                    .map(|(b, d)| Defeat { attacker: self.name(b), attack: self.attack(b, v), by: self.name(d) })
                    .collect(),
            },
            Why::Out { by } => StepWhy::AttackedByIn { by: self.name(by), attack: self.attack(by, v) },
            Why::Undecided { path, cycle } => StepWhy::Cycle {
                path: path.iter().map(|&x| self.name(x)).collect(),
                odd: cycle.len() % 2 == 1,
                cycle: cycle.iter().map(|&x| self.name(x)).collect(),
            },
        };
        Step { argument: self.name(v), label: label_name(g.label(v)), why }
    }

    /// Why `a` attacks `b`, in map terms.
    fn attack(&self, a: u32, b: u32) -> Attack {
        let map = self.map;
        // Finding a line is a search in the file's line index: only when asked.
        let rel = |r: RelIdx| (map.relation_label(r), if self.lines { line(map, map.relation(r).span) } else { 0 });
        // The sentences are pushed, not formatted: findings on attacks are
        // many, and the quoted names are written without a copy each.
        match self.fw.why(a, b) {
            None => {
                let (an, bn) = (self.quoted_name(a), self.quoted_name(b));
                Attack {
                    rels: vec![],
                    kind: "none",
                    relations: vec![],
                    lines: vec![],
                    text: format!("{an} does not attack {bn}"),
                }
            }
            Some(Reason::Relation(r)) => {
                let (l, n) = rel(r);
                let verb = map.relation(r).kind.as_str();
                let mut text = String::with_capacity(2 * l.len() + 16);
                self.push_quoted_name(&mut text, a);
                text.push(' ');
                text.push_str(verb);
                text.push(' ');
                self.push_quoted_name(&mut text, b);
                text.push_str(" (");
                text.push_str(&l);
                if self.lines {
                    text.push_str(", line ");
                    text.push_str(&n.to_string());
                }
                text.push(')');
                Attack {
                    rels: vec![r],
                    kind: "relation",
                    relations: vec![l],
                    lines: if self.lines { vec![n] } else { vec![] },
                    text,
                }
            }
            Some(Reason::Derived { kind, support, attack }) => {
                let path = self.fw.support_path(kind, support.0, support.1);
                // `implies` when every step of the path is one, else `supports`.
                let verb = if path.iter().all(|&r| map.relation(r).kind == RelationKind::Implies) {
                    "implies"
                } else {
                    "supports"
                };
                let mut relations: Vec<(String, usize)> = path.iter().map(|&r| rel(r)).collect();
                let mut rels = path;
                let direct = match self.fw.why(attack.0, attack.1) {
                    Some(Reason::Relation(r)) => Some(r),
                    _ => None,
                };
                rels.extend(direct);
                relations.extend(direct.map(rel));
                let mut text = String::with_capacity(128);
                text.push_str(kind.name());
                text.push_str(" attack: ");
                self.push_quoted_name(&mut text, support.0);
                text.push(' ');
                text.push_str(verb);
                text.push(' ');
                self.push_quoted_name(&mut text, support.1);
                text.push_str(" and ");
                self.push_quoted_name(&mut text, attack.0);
                text.push_str(" attacks ");
                self.push_quoted_name(&mut text, attack.1);
                text.push_str(", so ");
                self.push_quoted_name(&mut text, a);
                text.push_str(" attacks ");
                self.push_quoted_name(&mut text, b);
                text.push_str(" (through ");
                for (i, (l, n)) in relations.iter().enumerate() {
                    if i > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(l);
                    if self.lines {
                        text.push_str(" (line ");
                        text.push_str(&n.to_string());
                        text.push(')');
                    }
                }
                text.push(')');
                Attack {
                    rels,
                    kind: kind.name(),
                    lines: if self.lines { relations.iter().map(|r| r.1).collect() } else { vec![] },
                    relations: relations.into_iter().map(|r| r.0).collect(),
                    text,
                }
            }
            Some(Reason::Inherited { source }) => {
                let (an, bn) = (self.quoted_name(a), self.quoted_name(b));
                let inner = self.attack(a, self.fw.arg_of_claim(source));
                Attack {
                    rels: inner.rels,
                    kind: "inherited",
                    text: format!("{an} attacks `{}`, on which {bn} rests: {}", map.claim(source).id, inner.text),
                    relations: inner.relations,
                    lines: inner.lines,
                }
            }
        }
    }

    fn actor(&self, v: &ActorVerdict) -> ActorReport {
        let map = self.map;
        let actor = &map.actors[v.actor as usize];
        let ids = |cs: &[ClaimIdx]| cs.iter().map(|&c| map.claim(c).id.clone()).collect::<Vec<_>>();
        ActorReport {
            id: actor.id.clone(),
            name: actor.display_name().to_string(),
            affirmed: ids(&v.affirmed),
            position: v.position.iter().map(|&a| self.name(a)).collect(),
            conflict_free: v.conflict_free(),
            admissible: v.admissible(),
            in_preferred: v.in_preferred,
            conflicts: v
                .conflicts
                .iter()
                .map(|&(a, b)| Conflict { attacker: self.name(a), attacked: self.name(b), attack: self.attack(a, b) })
                .collect(),
            undefended: v
                .undefended
                .iter()
                .map(|&(a, b)| Undefended { argument: self.name(a), attacker: self.name(b), attack: self.attack(b, a) })
                .collect(),
            defeated: ids(&v.defeated),
            denied_accepted: ids(&v.denied_accepted),
            inconsistent: v.inconsistent.iter().map(|s| ids(s)).collect(),
            retractions: v.retractions.iter().map(|s| ids(s)).collect(),
            exact: v.exact,
        }
    }
}
