use crate::check::rules::*;
use crate::check::{ActorView, Context, Denial, Raw, Rule, Sink, Via};
use crate::diag::Label;
use crate::model::*;

/// `broken-entailment`: the actor holds A, A implies B (transitively), and the
/// actor denies or abstains on B.
pub struct BrokenEntailment;

impl Rule for BrokenEntailment {
    fn name(&self) -> &'static str {
        "broken-entailment"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Deny
    }
    fn summary(&self) -> &'static str {
        "An actor denies or abstains on a claim that strictly follows from what it affirms, or abstains on one it is committed to deny."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor affirms A, A `implies` B (directly or through a chain of `implies`),
and the actor's current stance on B is `denies` or `abstains`. `implies` is
strict: whoever holds A is committed to B. Denying B while affirming A is
inconsistent: an error. Abstaining on B withholds a commitment the actor
already has, which is weaker: reported one level down (a warning). Premises
that jointly imply B (a linked `implies`, `from = [\"p1\", \"p2\"]`) commit only
an actor that holds every one of them.

Denials carry inference too: an actor that denies B is committed to deny
every A that implies B (modus tollens, transitively; of the premises of a
linked `implies`, it is committed to deny the one it does not hold when it
holds all the others), and one committed to A, where A `contradicts` B, is
committed to deny B. Abstaining on a claim the actor is committed to deny is
reported here too, one level down (a warning), with the chain. (Affirming
such a claim is reported from the other side: here, on the denied claim its
commitments reach, or as a `contradiction`.)

Current positions are compared: both have held since the later of them was
taken. When the affirmation at the root of the chain came after the stance on
B, a help line says that the inconsistency dates from then. A finding that
rests on an inferred stance (`basis = \"inferred\"`) is reported one level
lower.

How to address it: check the `implies` chain (is each step really strict? if
not, use `supports`), or revise one of the stances.

Example:
[actors.council]
affirms = [\"all-members-vote\"]
denies = [\"treasurer-votes\"]

[claims.all-members-vote]
text = \"Every member of the council may vote.\"
implies = [\"treasurer-votes\"]

[claims.treasurer-votes]
text = \"The treasurer, a member of the council, may vote.\"
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let map = cx.map;
        let actor = &map.actor(view.actor).id;
        for &b in &view.stanced {
            let Some(si) = view.current(b) else { continue };
            let position = map.stance(si).position;
            if position == Position::Affirms || !matches!(view.via(b), Some(Via::Implied { .. })) {
                continue;
            }
            let roots = view.roots_of(map, b);
            let bid = &map.claim(b).id;
            let mut raw = Raw { actor: Some(view.actor), ..Raw::default() };
            chain_items(map, view, b, &mut raw.claims, &mut raw.relations);
            raw.message = match roots.as_slice() {
                [root] => format!(
                    "{actor} {} `{bid}`, which follows strictly from `{}` that it affirms",
                    verb(position),
                    map.claim(*root).id
                ),
                _ => format!(
                    "{actor} {} `{bid}`, which follows strictly from {} together, which it affirms",
                    verb(position),
                    list(roots.iter().map(|&r| &map.claim(r).id))
                ),
            };
            raw.chain = format!("{}, yet {}", holds(map, view, b), stance_text(map, si));
            raw.labels.push(Label::primary(map.stance(si).span, format!("{actor} {} `{bid}` here", verb(position))));
            chain_labels(map, view, b, &mut raw.labels);
            if map.stance(si).date.is_some() && !view.held_at(map, b, si) {
                // Both stances are current, so both have held since the later one.
                let since = view.held_since(map, b).and_then(|s| map.stance(s).when()).unwrap_or_default();
                raw.notes.push(format!(
                    "{} affirmed on {since}, after this stance: the inconsistency dates from then",
                    match roots.as_slice() {
                        [root] => format!("`{}` was", map.claim(*root).id),
                        _ => format!("{} were", list(roots.iter().map(|&r| &map.claim(r).id))),
                    }
                ));
            }
            raw.one_level_lower = position == Position::Abstains;
            sink.push(raw);
        }
        self.check_denials(cx, view, sink);
    }
}

impl BrokenEntailment {
    /// Abstentions on what the actor is committed to deny (modus tollens, or
    /// a `contradicts` from a commitment). Affirming such a claim is already
    /// reported from the other side: the claim's commitment reaches, by
    /// `implies`, a claim the actor denies (`broken-entailment` there) or one
    /// a commitment contradicts (`contradiction`). An abstention on a claim
    /// the actor is also committed to is reported above.
    fn check_denials(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let actor = &map.actor(view.actor).id;
        for &x in &view.stanced {
            let Some(si) = view.current(x) else { continue };
            if map.stance(si).position != Position::Abstains || view.is_committed(x) {
                continue;
            }
            let Some((steps, root)) = view.denial_chain(graph, x) else { continue };
            let end = steps.last().map_or(x, |s| s.0);
            let (xid, eid) = (&map.claim(x).id, &map.claim(end).id);
            let mut raw = Raw { actor: Some(view.actor), one_level_lower: true, ..Raw::default() };
            raw.claims.extend(steps.iter().map(|&(c, _)| c));
            raw.relations.extend(steps.iter().filter_map(|&(_, r)| r));
            raw.labels.push(Label::primary(map.stance(si).span, format!("{actor} abstains on `{xid}` here")));
            // `x --implies--> y`, a linked step written with all its premises:
            // `x --implies--> [y + p] --implies--> z`; the other premises are
            // the actor's commitments, shown with their chains.
            let mut segments: Vec<String> = Vec::with_capacity(steps.len());
            let mut jointly = false;
            for (i, &(c, r)) in steps.iter().enumerate() {
                // (Only the first step, `x` itself, has no relation.)
                if let Some(r) = r {
                    raw.labels.push(relation_label(map, r));
                    let rel = map.relation(r);
                    if rel.is_linked() {
                        jointly = true;
                        let last = steps[i - 1].0;
                        segments[i - 1] = map.premises_label(r).into_owned();
                        for &p in rel.premises().iter().filter(|&&p| p != last) {
                            chain_items(map, view, p, &mut raw.claims, &mut raw.relations);
                            chain_labels(map, view, p, &mut raw.labels);
                        }
                    }
                }
                segments.push(map.claim(c).id.clone());
            }
            let implies = segments.join(" --implies--> ");
            let yet = format!("yet {}", stance_text(map, si));
            match root {
                Denial::Denied(di) => {
                    let evidence = stance_text(map, di);
                    let evidence = evidence.strip_prefix(Position::Denies.as_str()).unwrap_or("");
                    raw.message = format!(
                        "{actor} abstains on `{xid}`, though it denies `{eid}`, which `{xid}` strictly implies{}: \
                         it is committed to deny `{xid}`",
                        if jointly { " together with claims it holds" } else { "" }
                    );
                    raw.chain = format!("{actor} denies {eid}{evidence}; {implies}, {yet}");
                    raw.labels.push(Label::secondary(map.stance(di).span, format!("{actor} denies `{eid}`")));
                }
                Denial::Contradicted { by, rel } | Denial::Tollens { to: by, rel } => {
                    let pid = &map.claim(by).id;
                    chain_items(map, view, by, &mut raw.claims, &mut raw.relations);
                    raw.relations.push(rel);
                    raw.message = if end == x {
                        format!(
                            "{actor} abstains on `{xid}`, though it is committed to `{pid}`, which contradicts it: \
                             it is committed to deny `{xid}`"
                        )
                    } else {
                        format!(
                            "{actor} abstains on `{xid}`, which strictly implies `{eid}`, though it is committed to \
                             `{pid}`, which contradicts `{eid}`: it is committed to deny `{xid}`"
                        )
                    };
                    let implies = if end == x { String::new() } else { format!("; {implies}") };
                    raw.chain = format!("{}; {pid} --contradicts-- {eid}{implies}, {yet}", holds(map, view, by));
                    raw.labels.push(relation_label(map, rel));
                    chain_labels(map, view, by, &mut raw.labels);
                }
            }
            sink.push(raw);
        }
    }
}
