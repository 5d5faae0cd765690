use std::collections::{HashMap, HashSet};

use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::ids::FastState;
use crate::model::*;

/// `conflicting-position` (formerly `self-attack`): the actor holds A and C,
/// and C attacks A, so its position is not conflict-free. Addressed when the
/// actor holds a D that attacks C or undercuts C→A.
pub struct ConflictingPosition;

/// What a claim attacks (with the relation) and what it contradicts.
type Back = (HashMap<ClaimIdx, RelIdx, FastState>, HashSet<ClaimIdx, FastState>);

const WORDS: AnswerWords = AnswerWords {
    noun: "answer",
    given: |ids, _| format!("it answers with {ids}"),
    chain: "answered",
    label: "answer",
};

impl Rule for ConflictingPosition {
    fn name(&self) -> &'static str {
        "conflicting-position"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "An actor holds a claim and also a reason against it."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor is committed to A and to C, and C `attacks` A: one of its own claims is
a reason against another, so the actor's position is not conflict-free. Attack
is defeasible, so this is a warning: the actor may hold that A survives the
attack.

This rule was called `self-attack` before; the old name is still accepted
(with a deprecation warning) in `[checks]`, in `-A/-N/-W/-D` and in an
`[[acknowledged]]` entry's `rule`. A self-attacking argument, in the
literature, is one that attacks itself; what is found here is a position that
holds two claims one of which attacks the other.

Two claims that attack each other are one clash and one finding. A pair
that also `contradicts` is a `contradiction` (an error), not reported here.

When the actor is also committed to some D, other than A and C, that
`attacks` C (or A, in a mutual attack), or that `undercuts` an attack of the
clash, and D stands within the actor's own position (it is in the grounded
extension of the claims the actor holds), the finding is *addressed*:
reported at note level with D named as the actor's answer. Answers that do
not stand leave the warning as it is, each with a note saying why. A finding
that rests on an inferred stance (`basis = \"inferred\"`) is reported one
level lower.

How to address it: record the actor's answer (a claim it affirms that attacks C
or undercuts C→A), or revise one of the stances.

Example:
[actors.author]
affirms = [\"deplore-aggression\", \"security-concerns-justify\"]

[claims.deplore-aggression]
text = \"The aggression against Ukraine is to be deplored in the strongest terms.\"

[claims.security-concerns-justify]
text = \"Russia's national security concerns inevitably made it go to war.\"
attacks = [\"deplore-aggression\"]
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let actor = &map.actor(view.actor).id;
        for &a in &view.committed {
            // What `a` attacks and contradicts: built once `a` has a held attacker.
            let mut back: Option<Back> = None;
            for (c, ri) in graph.sources(a, RelationKind::Attacks) {
                if !view.is_committed(c) {
                    continue;
                }
                let (attacks, contradicts) = back.get_or_insert_with(|| {
                    (
                        graph.targets(a, RelationKind::Attacks).collect(),
                        graph.contradictions(a).map(|(x, _)| x).collect(),
                    )
                });
                // A pair that also contradicts is one clash, `contradiction`'s.
                if contradicts.contains(&c) {
                    continue;
                }
                // One clash, one finding: a mutual attack is reported once,
                // from the claim with the smaller id.
                let reverse = attacks.get(&c).copied();
                if reverse.is_some() && map.claim(c).id > map.claim(a).id {
                    continue;
                }
                // The clash as `x` against `y` (and `y` against `x` when mutual).
                let (x, y) = (c, a);
                let (xid, yid) = (&map.claim(x).id, &map.claim(y).id);
                let mut candidates: Vec<(ClaimIdx, RelIdx)> = Vec::new();
                let mut seen: HashSet<ClaimIdx, FastState> = HashSet::default();
                let mut directions = vec![(x, ri)];
                directions.extend(reverse.map(|r| (y, r)));
                for &(from, r) in &directions {
                    for (d, dr) in graph.sources(from, RelationKind::Attacks) {
                        // Either side attacking the other is the clash itself, not an
                        // answer to it (left out before `seen`, so that the same claim's
                        // undercut of an attack in the clash is still weighed).
                        if d != x && d != y && view.is_committed(d) && seen.insert(d) {
                            candidates.push((d, dr));
                        }
                    }
                    for (dr, rel) in graph.undercuts_of(r) {
                        if view.is_committed(rel.from) && seen.insert(rel.from) {
                            candidates.push((rel.from, dr));
                        }
                    }
                }
                // The clash itself tells findings apart: the claims of two
                // clashes can be the same when one's chain runs through the other.
                let clash = if reverse.is_some() {
                    let (p, q) = if xid < yid { (xid, yid) } else { (yid, xid) };
                    format!("{p}~{q}")
                } else {
                    format!("{xid}>{yid}")
                };
                let mut raw = Raw { actor: Some(view.actor), discriminant: Some(clash), ..Raw::default() };
                chain_items(map, view, x, &mut raw.claims, &mut raw.relations);
                chain_items(map, view, y, &mut raw.claims, &mut raw.relations);
                raw.relations.extend(directions.iter().map(|&(_, r)| r));
                if reverse.is_some() {
                    raw.message = format!("{actor} holds `{xid}` and `{yid}`, which attack each other");
                    raw.chain = format!(
                        "{} --attacks--> {yid}; {} --attacks--> {xid}",
                        holds(map, view, x),
                        holds(map, view, y)
                    );
                } else {
                    raw.message = format!("{actor} holds `{xid}`, which attacks `{yid}`, a claim it also holds");
                    raw.chain = format!("{} --attacks--> {yid}; {}", holds(map, view, x), holds(map, view, y));
                }
                let mut rl = relation_label(map, ri);
                rl.primary = true;
                raw.labels.push(rl);
                if let Some(r) = reverse {
                    raw.labels.push(relation_label(map, r));
                }
                chain_labels(map, view, x, &mut raw.labels);
                chain_labels(map, view, y, &mut raw.labels);
                let answers = judge_answers(cx, view, &candidates, &[x, y], |d| {
                    format!("its answer `{d}` is one of the two claims in the clash: it cannot answer for itself")
                });
                let target = |rel: &Relation| match rel.to {
                    Target::Relation(t) => {
                        let t = map.relation(t);
                        format!("[{} --attacks--> {}]", map.claim(t.from).id, map.target_label(t.to))
                    }
                    Target::Claim(t) => map.claim(t).id.clone(),
                };
                add_answers(map, view, &mut raw, &answers, target, &WORDS);
                sink.push(raw);
            }
        }
    }
}
