use crate::check::graphalg::{scc, shortest_path};
use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::model::*;

/// `circular-support`: a cycle of `supports`/`implies` with at least one
/// `supports`. A warning when no claim of the cycle has a ground outside it
/// (begging the question); a note when one has (mutual reinforcement).
pub struct CircularSupport;

fn is_forward(k: RelationKind) -> bool {
    matches!(k, RelationKind::Supports | RelationKind::Implies)
}

/// How many grounds a finding names; the rest are counted.
const GROUNDS_SHOWN: usize = 3;

/// A ground of a claim caught in a support cycle that does not come from the
/// cycle itself.
#[derive(Clone, Copy)]
enum Ground {
    /// The claim is of kind `fact`.
    Fact(ClaimIdx),
    /// The claim has a `source`.
    Source(ClaimIdx),
    /// The claim has a `quote`.
    Quote(ClaimIdx),
    /// A claim outside the cycle `supports` or `implies` it.
    From(RelIdx),
}

impl Ground {
    fn describe(self, map: &ArgMap) -> String {
        let id = |c: ClaimIdx| &map.claim(c).id;
        match self {
            Ground::Fact(c) => format!("`{}` is a fact", id(c)),
            Ground::Source(c) => format!("`{}` has a source", id(c)),
            Ground::Quote(c) => format!("`{}` has a quote", id(c)),
            Ground::From(r) => {
                let rel = map.relation(r);
                format!("`{}` {} `{}`", map.premises_label(r), rel.kind, map.target_label(rel.to))
            }
        }
    }

    fn label(self, map: &ArgMap) -> crate::diag::Label {
        match self {
            Ground::From(r) => relation_label(map, r),
            Ground::Fact(c) | Ground::Source(c) | Ground::Quote(c) => claim_label(map, c, self.describe(map)),
        }
    }
}

/// The grounds of the members of one component (in claim order), at most
/// `keep` of them, and how many there are in all.
fn grounds(
    map: &ArgMap,
    graph: &crate::graph::ClaimGraph<'_>,
    members: &[ClaimIdx],
    inside: impl Fn(ClaimIdx) -> bool,
    keep: usize,
) -> (Vec<Ground>, usize) {
    let mut sorted = members.to_vec();
    sorted.sort_unstable();
    let (mut kept, mut total) = (Vec::new(), 0);
    for &m in &sorted {
        let claim = map.claim(m);
        let own = [
            claim.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("fact")).then_some(Ground::Fact(m)),
            claim.source.is_some().then_some(Ground::Source(m)),
            claim.quote.is_some().then_some(Ground::Quote(m)),
        ];
        let mut from: Vec<RelIdx> = [RelationKind::Supports, RelationKind::Implies]
            .into_iter()
            .flat_map(|k| graph.sources(m, k))
            .filter(|&(x, _)| !inside(x))
            .map(|(_, r)| r)
            .collect();
        // A linked relation is a ground from outside when none of its
        // premises is in the cycle.
        from.extend(graph.linked_to(m).iter().copied().filter(|&r| {
            let rel = map.relation(r);
            is_forward(rel.kind) && rel.premises().iter().all(|&p| !inside(p))
        }));
        from.sort_unstable();
        for g in own.into_iter().flatten().chain(from.into_iter().map(Ground::From)) {
            total += 1;
            if kept.len() < keep {
                kept.push(g);
            }
        }
    }
    (kept, total)
}

impl Rule for CircularSupport {
    fn name(&self) -> &'static str {
        "circular-support"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Warn
    }
    fn summary(&self) -> &'static str {
        "Claims support each other in a circle (begging the question)."
    }
    fn explanation(&self) -> &'static str {
        "\
A cycle of `supports` and `implies` relations with at least one `supports`:
each claim in it is, in the end, a reason for itself. When no claim in the
cycle has a ground outside it, the argument begs the question: a warning,
whose message says that none of its claims has one. Cycles of `implies` alone
are not reported: claims that imply each other are equivalent, which is no
fault.

A claim has a ground outside the cycle when a claim outside it `supports` or
`implies` it, when it has a `source` or a `quote`, or when it is of kind
`fact`. A cycle with such a ground is mutual reinforcement, not begging the
question: it is reported as a note, naming the grounds.

A linked relation (`from = [\"p1\", \"p2\"]`) leads from each of its premises
to its target: a circle through one premise makes the target rest on itself.
A linked relation into the circle is a ground outside it only when none of
its premises is in the circle.

One finding is reported per group of claims caught in such cycles, with one
cycle in order.

How to address it: find the claim that needs independent grounds and give it
some (a `source`, a `quote`, kind `fact`, or a supporting claim outside the
circle): the warning becomes a note. Or remove the step that closes the
circle.

Example:
[claims.scripture-true]
text = \"The scripture is true.\"
supports = [\"author-truthful\"]

[claims.author-truthful]
text = \"The scripture's author tells the truth.\"
supports = [\"scripture-true\"]
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let (map, graph) = (cx.map, cx.graph);
        let n = map.claims.len();
        // A linked relation leads from each of its premises to its target:
        // a circle through any premise makes the target rest on itself.
        let forward = |v: ClaimIdx| {
            let linked = graph.linked_from(v).iter().filter_map(|&ri| {
                let rel = map.relation(ri);
                match rel.to {
                    Target::Claim(t) if is_forward(rel.kind) => Some((t, ri)),
                    _ => None,
                }
            });
            graph.claim_targets(v).filter(|&(_, _, k)| is_forward(k)).map(|(t, ri, _)| (t, ri)).chain(linked)
        };
        let comps = scc(n, |v| forward(v).map(|(t, _)| t));
        let mut comp_of = vec![u32::MAX; n];
        for (i, c) in comps.iter().enumerate() {
            if c.len() > 1 {
                for &v in c {
                    comp_of[v as usize] = i as u32;
                }
            }
        }
        for (ci, members) in comps.iter().enumerate() {
            if members.len() < 2 {
                continue;
            }
            let ci = ci as u32;
            // The first `supports` edge inside the component, by relation order.
            let Some((u, v, first)) = members
                .iter()
                .flat_map(|&u| forward(u).map(move |(v, ri)| (u, v, ri)))
                .filter(|&(_, v, ri)| comp_of[v as usize] == ci && map.relation(ri).kind == RelationKind::Supports)
                .min_by_key(|&(_, _, ri)| ri)
            else {
                continue; // only `implies`: an equivalence
            };
            let Some(back) = shortest_path(v, u, forward, |w| comp_of[w as usize] == ci) else { continue };
            let mut cycle: Vec<(ClaimIdx, RelIdx)> = vec![(v, first)];
            cycle.extend(back);
            // cycle[i] = (claim, relation that reaches it); the last reaches u.
            // Rotate so that the chain starts at the smallest id: stable under edits elsewhere.
            let start = (0..cycle.len()).min_by_key(|&i| &map.claim(cycle[i].0).id).unwrap_or(0);
            cycle.rotate_left(start);
            let ids: Vec<&str> = cycle.iter().map(|(c, _)| map.claim(*c).id.as_str()).collect();
            let mut chain = String::from(ids[0]);
            let mut last = 0; // where the last claim's id starts
            for i in 1..=cycle.len() {
                let (c, r) = cycle[i % cycle.len()];
                if map.relation(r).is_linked() {
                    chain.truncate(last);
                    chain.push_str(&map.premises_label(r));
                }
                chain.push_str(&format!(" --{}--> ", map.relation(r).kind));
                last = chain.len();
                chain.push_str(&map.claim(c).id);
            }
            let (grounds, total) = grounds(map, graph, members, |w| comp_of[w as usize] == ci, GROUNDS_SHOWN);
            let circle = format!("{} support each other in a circle", list(&ids));
            let message = if grounds.is_empty() {
                let none = if ids.len() == 2 { "neither has" } else { "none of them has" };
                format!("{circle}, and {none} a ground outside it")
            } else {
                let named: Vec<String> = grounds.iter().map(|g| g.describe(map)).collect();
                let more = total - grounds.len();
                let more = if more > 0 { format!("; {more} more") } else { String::new() };
                format!("{circle}, with grounds outside it ({}{more}): mutual reinforcement", named.join("; "))
            };
            let mut raw = Raw {
                claims: cycle.iter().map(|(c, _)| *c).collect(),
                // In chain order: the relation leaving the first claim first.
                relations: (1..=cycle.len()).map(|i| cycle[i % cycle.len()].1).collect(),
                message,
                chain,
                at_most_note: !grounds.is_empty(),
                ..Raw::default()
            };
            let mut first_label = relation_label(map, first);
            first_label.primary = true;
            raw.labels.push(first_label);
            for &(_, r) in &cycle {
                if r != first {
                    raw.labels.push(relation_label(map, r));
                }
            }
            for g in &grounds {
                raw.labels.push(g.label(map));
            }
            if members.len() > cycle.len() {
                let lack = if grounds.is_empty() { ", and none has a ground outside them" } else { "" };
                raw.notes.push(format!("{} claims in all are caught in cycles with these{lack}", members.len()));
            }
            sink.push(raw);
        }
    }
}
