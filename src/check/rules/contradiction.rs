use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `contradiction`: two of the actor's commitments contradict each other, or
/// the actor takes incompatible stances on one claim.
pub struct Contradiction;

impl Rule for Contradiction {
    fn name(&self) -> &'static str {
        "contradiction"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Deny
    }
    fn summary(&self) -> &'static str {
        "An actor is committed to two claims that contradict, or takes incompatible stances on one claim."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor's commitments are the claims it affirms and everything they imply
(the conclusion of a linked `implies` once it holds every premise). This rule
fires when two commitments `contradict` each other (so affirming B while
committed to A, where A contradicts B, is an error here), or when the actor's
stances on one claim disagree and cannot be ordered: it affirms and denies (or
abstains on) the claim with no dates, takes two positions on the same day with
no time of day or `seq` to order them, or holds an undated stance against its
latest dated one. Dated stances that change over time are a `stance-shift`,
not a contradiction; a same-day conflict that a later stance replaced is
history, reported as a note. Commitments are compared as current: a stance
replaced by a later one is no commitment. Two commitments that contradict and
also attack each other are one clash, reported here once, naming both
relations (not also a `conflicting-position`). A finding that rests on an
inferred stance (`basis = \"inferred\"`) is reported one level lower.

How to address it: revise one of the stances, date them if they were taken at
different times, or check that the `contradicts` relation is right (if the two
claims can both hold, use `attacks`).

Example:
[actors.party]
affirms = [\"cut-taxes\", \"balanced-budget-now\"]

[claims.cut-taxes]
text = \"Taxes should be cut this year, with no cut in spending.\"
contradicts = [\"balanced-budget-now\"]

[claims.balanced-budget-now]
text = \"The budget must be balanced this year.\"
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let actor = &map.actor(view.actor).id;
        // Incompatible stances on one claim.
        for conflict in &view.conflicts {
            let (s1, s2) = (map.stance(conflict.first), map.stance(conflict.second));
            let cid = &map.claim(conflict.claim).id;
            let mut raw = Raw { actor: Some(view.actor), claims: vec![conflict.claim], ..Raw::default() };
            let when = if s1.date.is_some() && s1.date == s2.date { " on the same day" } else { "" };
            raw.message = format!("{actor} both {} and {} `{cid}`{when}", verb(s1.position), verb(s2.position));
            raw.chain = format!(
                "{actor} {cid}: {} and {}",
                stance_text(map, conflict.first),
                stance_text(map, conflict.second)
            );
            raw.labels.push(Label::primary(s2.span, format!("{actor} {} `{cid}` here", verb(s2.position))));
            raw.labels.push(Label::secondary(s1.span, format!("and {} it here", verb(s1.position))));
            raw.discriminant = Some(format!("{}/{}@{}", s1.position, s2.position, s2.when().unwrap_or_default()));
            if let Some(later) = conflict.superseded_by {
                // History: a later stance replaced both (docs/checks.md, "Time").
                let st = map.stance(later);
                raw.at_most_note = true;
                raw.message.push_str(&format!(
                    ", since replaced by its stance of {}: {}",
                    st.when().unwrap_or_default(),
                    st.position
                ));
                raw.chain.push_str(&format!(" -> {}", stance_text(map, later)));
                raw.labels
                    .push(Label::secondary(st.span, format!("{actor} {} `{cid}` here, later", verb(st.position))));
            } else if s1.date.is_some() && s1.date == s2.date {
                raw.notes.push(
                    "give the stances a time of day or a `seq` if they were taken one after the other; the later is then current"
                        .into(),
                );
            } else {
                raw.notes
                    .push("date the stances if they were taken at different times; the latest is then current".into());
            }
            sink.push(raw);
        }
        // Commitments that contradict each other.
        for &c in view.committed.iter().filter(|&&c| graph.has_contradictions(c)) {
            // The claims `c` attacks or is attacked by: built once `c` has a
            // contradiction to report (an attack on the same pair is part of it).
            let mut attacks: Option<Vec<(ClaimIdx, RelIdx)>> = None;
            for (d, ri) in graph.contradictions(c) {
                if d <= c || !view.is_committed(d) {
                    continue;
                }
                let attacks = attacks.get_or_insert_with(|| {
                    let mut v: Vec<(ClaimIdx, RelIdx)> = graph
                        .targets(c, RelationKind::Attacks)
                        .chain(graph.sources(c, RelationKind::Attacks))
                        .collect();
                    v.sort_unstable();
                    v
                });
                let start = attacks.partition_point(|&(x, _)| x < d);
                let also: Vec<RelIdx> =
                    attacks[start..].iter().take_while(|&&(x, _)| x == d).map(|&(_, r)| r).collect();
                let (cid, did) = (&map.claim(c).id, &map.claim(d).id);
                // The pair tells findings apart: the claims of two pairs can be
                // the same when the chain to one runs through the other.
                let pair = if cid < did { format!("{cid}~{did}") } else { format!("{did}~{cid}") };
                let mut raw = Raw { actor: Some(view.actor), discriminant: Some(pair), ..Raw::default() };
                chain_items(map, view, c, &mut raw.claims, &mut raw.relations);
                chain_items(map, view, d, &mut raw.claims, &mut raw.relations);
                raw.relations.push(ri);
                raw.message = format!("{actor} is committed to both `{cid}` and `{did}`, which contradict each other");
                raw.chain = format!("{}; {}; {cid} --contradicts-- {did}", holds(map, view, c), holds(map, view, d));
                let mut rl = relation_label(map, ri);
                rl.primary = true;
                rl.message = format!("`{cid}` contradicts `{did}`");
                raw.labels.push(rl);
                for &r in &also {
                    raw.relations.push(r);
                    raw.labels.push(relation_label(map, r));
                }
                chain_labels(map, view, c, &mut raw.labels);
                chain_labels(map, view, d, &mut raw.labels);
                sink.push(raw);
            }
        }
    }
}
