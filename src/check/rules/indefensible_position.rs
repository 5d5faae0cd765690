use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink, Via};
use crate::model::*;
use crate::semantics::Label as Status;
use crate::semantics::actor::{Positions, inconsistency};

/// The most consistency questions asked for one actor (see
/// [`inconsistency`]): a few hundred small SAT calls.
const MAX_QUESTIONS: usize = 400;

/// `indefensible-position`: no admissible reading of the map accepts some
/// set of the actor's claims together, for a reason that no other rule
/// reports (no clash between them, none defeated outright).
pub struct IndefensiblePosition;

impl Rule for IndefensiblePosition {
    fn name(&self) -> &'static str {
        "indefensible-position"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "No reading of the map that defends itself accepts some of an actor's claims together."
    }
    fn explanation(&self) -> &'static str {
        "\
A set of claims an actor affirms (with what they imply) is in no admissible
set of the map's framework (docs/semantics.md), so in no preferred extension:
however the map's open questions are settled, a reading that defends itself
cannot accept them all. The finding names a minimal such set and says what
the actor must give up to be consistent (the minimal retraction sets).

Most inconsistent positions are already found by other rules: two claims
that attack or contradict each other (`conflicting-position`,
`contradiction`) or a claim the map defeats outright (`defeated-claim`).
This rule reports the rest: sets none of whose claims is defeated and none
of which attacks another, that still cannot stand together, such as a claim
on an odd cycle of attacks (which no admissible set can hold), or claims
whose only defences attack each other. It is a warning: the position cannot
be held as a whole, by the map's own reasons.

How to address it: give up one of the retraction sets, or record the answer
that breaks the cycle.

Example:
[actors.blogger]
affirms = [\"a\"]

[claims.a]
text = \"The study is reliable.\"
attacks = [\"b\"]

[claims.b]
text = \"The reviewer is biased.\"
attacks = [\"c\"]

[claims.c]
text = \"The reviewer found a flaw in the study.\"
attacks = [\"a\"]
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let Ok(acc) = cx.acceptance() else { return };
        let map = cx.map;
        let af = acc.fw.af();
        // Only a position with an undecided claim can fail here: one whose
        // claims are all in is defended by the grounded extension, and one
        // with a claim out or a clash is another rule's.
        let position = acc.position(view);
        if !position.iter().any(|&a| acc.grounded.label(a) == Status::Undecided) {
            return;
        }
        let Some(reach) = acc.reach(&position) else {
            sink.push(Raw {
                actor: Some(view.actor),
                message: format!(
                    "{} was not checked for an indefensible position: the undecided part of the map that bears on it has more than {} arguments; `elenchus evaluate --actor {}` decides it",
                    map.actor(view.actor).id,
                    crate::check::acceptance::MAX_REACH,
                    map.actor(view.actor).id
                ),
                chain: "too large to decide here".into(),
                at_most_note: true,
                ..Raw::default()
            });
            return;
        };
        // A claim out is `defeated-claim`'s: the question here is whether the
        // rest can stand together.
        let live: Vec<u32> = position.iter().copied().filter(|&a| acc.grounded.label(a) != Status::Out).collect();
        if reach.defensible(&live) {
            return;
        }
        // The units a minimal set of this rule can have: an affirmed claim
        // whose commitments are all in belongs to no minimal inconsistent
        // set (the grounded extension is in every complete extension), and
        // one with a commitment out is `defeated-claim`'s. Premises of a
        // linked `implies` stay: together they may commit to more.
        let positions = Positions::new(cx.graph, &acc.fw);
        let affirmed: Vec<ClaimIdx> =
            view.committed.iter().copied().filter(|&c| matches!(view.via(c), Some(Via::Affirmed(_)))).collect();
        let own: Vec<Vec<u32>> = affirmed.iter().map(|&c| positions.of(&[c])).collect();
        // Which affirmed claims commit to each argument (the crate's fast
        // hasher: the clash test below looks up every attack of each unit).
        let mut holders: std::collections::HashMap<u32, Vec<usize>, crate::ids::FastState> =
            std::collections::HashMap::with_capacity_and_hasher(
                own.iter().map(Vec::len).sum(),
                crate::ids::FastState::default(),
            );
        for (i, p) in own.iter().enumerate() {
            for &a in p {
                holders.entry(a).or_default().push(i);
            }
        }
        // Units in a clash (a commitment of one attacks or is attacked by a
        // commitment of another, or of itself) are other rules' findings;
        // the sets reported here are among the others, which keeps the
        // search small.
        let clash = |i: usize| {
            own[i].iter().any(|&a| {
                af.attackers(a)
                    .iter()
                    .chain(af.attacked_by(a))
                    .any(|&b| holders.get(&b).is_some_and(|js| js.iter().any(|&j| j != i || b != a)))
            })
        };
        let units: Vec<ClaimIdx> = (0..affirmed.len())
            .filter(|&i| {
                let c = affirmed[i];
                let linked = cx.graph.linked_from(c).iter().any(|&r| map.relation(r).kind == RelationKind::Implies);
                !clash(i)
                    && !own[i].iter().any(|&a| acc.grounded.label(a) == Status::Out)
                    && (linked || own[i].iter().any(|&a| acc.grounded.label(a) == Status::Undecided))
            })
            .map(|i| affirmed[i])
            .collect();
        let (inconsistent, retractions, exact) =
            inconsistency(&units, |set| positions.defensible(&reach, set), MAX_QUESTIONS);
        let actor = &map.actor(view.actor).id;
        let ids = |set: &[ClaimIdx]| list(set.iter().map(|&c| map.claim(c).id.as_str()));
        let give_up: Vec<String> = retractions.iter().map(|r| ids(r)).collect();
        for set in &inconsistent {
            let pos = positions.of(set);
            let inside = |x: u32| pos.binary_search(&x).is_ok();
            // Another rule's: a clash inside, or a claim out.
            if pos.iter().any(|&a| acc.grounded.label(a) == Status::Out || af.attackers(a).iter().any(|&b| inside(b))) {
                continue;
            }
            let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
            let mut labels = Vec::new();
            let mut chain = Vec::new();
            for &c in set {
                chain_items(map, view, c, &mut raw.claims, &mut raw.relations);
                chain_labels(map, view, c, &mut labels);
                chain.push(holds(map, view, c));
            }
            for &a in &pos {
                if acc.grounded.label(a) == Status::Undecided {
                    raw.notes.push(format!("{} is undecided: {}", acc.name(map, a), acc.why_undecided(map, a)));
                }
            }
            if let Some(first) = labels.first_mut() {
                first.primary = true;
            }
            raw.labels = labels;
            raw.message = if set.len() == 1 {
                format!("{actor} holds {}, which no admissible reading of the map accepts", ids(set))
            } else {
                format!("{actor} holds {}, which no admissible reading of the map accepts together", ids(set))
            };
            raw.chain = chain.join("; ");
            let mut advice = format!("to be consistent, {actor} must give up one of: {}", give_up.join("; "));
            if !exact {
                advice.push_str(" (the first found: there are more)");
            }
            raw.notes.push(advice);
            sink.push(raw);
        }
    }
}
