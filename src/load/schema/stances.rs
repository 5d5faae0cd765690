//! Actors and stances: the `actors` table with its shorthand stances, the
//! long-form `[[stances]]`, absent actors, and the stances built (claims
//! resolved, duplicates dropped, reasons implied).

use super::*;

/// The long-form `[[stances]]`, the same way (each `actor` looked up on the
/// cores).
pub(super) fn read_long_stances<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    given: Option<&[Item<'a>]>,
    parts: &ArgMap,
    pending_stances: &mut Vec<PendingStance<'a>>,
) {
    // Stances given beside the tree stand in its (empty) list.
    if let Some(v) = get(top, "stances")
        && let Some(items) = r.items(v, false, "`stances`").map(|items| given.map_or(items, Items::Given))
    {
        pending_stances.shrink_to_fit();
        pending_stances.reserve_exact(items.len());
        let actors = &parts.actor_index;
        let read = |items: &mut Items<'_, 'a>, r: &mut Reader, i: usize| {
            // A link or a stance record is such an entry, not built as a table.
            let given = match items.given(i) {
                Some(Item::Link(l)) => plain_stance_link(l, actors),
                Some(Item::Stance(s)) => stance_record(s, actors),
                _ => None,
            };
            if let Some(s) = given {
                return Some(Ok(s));
            }
            let item = &*items.get(i).1;
            // Most entries (all those an Argdown file makes) are `actor`,
            // `claim` and `position` alone, of a known actor: read at once.
            if let Some(s) = plain_stance(item, actors) {
                return Some(Ok(s));
            }
            let what = What::Nth("stance", i + 1);
            let t = r.table(item, what)?;
            r.check_keys(t, STANCE_KEYS, what);
            let actor = r.req_ref(t, "actor", what, item.span);
            let claim = r.req_ref(t, "claim", what, item.span);
            let position = r.req_choice(t, "position", what, item.span, "position", &Position::ALL, Position::as_str);
            let date = get(t, "date").and_then(|d| r.date(d));
            let seq = get(t, "seq").map(|v| r.seq(v, date.is_some()));
            let extra = Box::new(LongStance {
                source: r.opt_str(t, "source"),
                quote: r.opt_str(t, "quote"),
                via: r.opt_str(t, "via"),
                note: r.opt_str(t, "note"),
                basis: r.opt_choice(t, "basis", "basis", &Basis::ALL, Basis::as_str).unwrap_or_default(),
                time: date.flatten().and_then(|d| d.1),
                seq: seq.flatten().filter(|_| date.flatten().is_some()),
                reasons: r.reasons(t),
                recorded: r.recorded(t, position.as_ref().map(|p| p.0)),
            });
            let (Some(actor), Some(claim), Some((position, pspan))) = (actor, claim, position) else { return None };
            Some(match actors.get(&actor.name) {
                Some(actor) => {
                    let bad_date = date == Some(None) || seq == Some(None);
                    let date = date.flatten().map(|d| d.0);
                    Ok((actor, claim, position, date, Some(extra), Origin::Long, pspan, bad_date))
                }
                None => Err(actor),
            })
        };
        let reader = r.fork();
        read_parallel(&items, &reader, read, |diags, uses, stance| {
            r.diags.extend(diags);
            r.uses.extend(uses);
            match stance {
                Some(Ok(s)) => pending_stances.push(s),
                Some(Err(actor)) => {
                    r.unknown(&actor, "actor", parts.actor_index.keys());
                }
                None => {}
            }
        });
    }
}

/// A `[[stances]]` entry with `actor`, `claim` and `position` and nothing
/// else, each a string, `actor` an actor and `position` a position: what
/// the full reading makes of it (which reports nothing for such an entry),
/// or `None` for any other entry.
fn plain_stance<'a>(item: &Value<'a>, actors: &IdIndex) -> Option<PendingStance<'a>> {
    let [actor, claim, position] = strings_only(item, ["actor", "claim", "position"])?;
    let position = Position::parse(position.0).map(|p| (p, position.1))?;
    plain(actor.0, Ref { name: claim.0.clone(), span: claim.1 }, position, actors)
}

/// [`plain_stance`] of a link's table, read from the link.
fn plain_stance_link<'a>(link: &Link<'a>, actors: &IdIndex) -> Option<PendingStance<'a>> {
    let LinkKind::Stance(position) = link.kind else { return None };
    plain(&link.from, Ref { name: link.to.clone(), span: link.span }, (position, link.span), actors)
}

/// What the full reading makes of a stance record's table when it reports
/// nothing for it (a known actor, a position, a valid date or none), read
/// from the record; `None` for any other record.
fn stance_record<'a>(s: &StanceRecord<'a>, actors: &IdIndex) -> Option<PendingStance<'a>> {
    let [actor, position, date, source, quote, via, note] = &s.fields;
    let (_, position, pspan) = position.as_ref()?;
    let position = Position::parse(position)?;
    let actor = actors.get(&actor.as_ref()?.1)?;
    let (date, time) = match date {
        Some((_, d, _)) => parse_date_time(d).map(|(d, t)| (Some(d), t))?,
        None => (None, None),
    };
    let text = |f: &Option<(Span, Cow<'a, str>, Span)>| f.as_ref().map(|(_, t, _)| t.to_string());
    let extra = LongStance {
        source: text(source),
        quote: text(quote),
        via: text(via),
        note: text(note),
        time,
        ..Default::default()
    };
    let claim = Ref { name: s.claim.clone(), span: s.span };
    Some((actor, claim, position, date, Some(Box::new(extra)), Origin::Long, *pspan, false))
}

/// A stance of the actor `actor` on `claim`, its position (at `pspan`), and
/// nothing more: no long form (an empty one reads as none, and would be an
/// allocation per stance).
fn plain<'a>(
    actor: &str,
    claim: Ref<'a>,
    (position, pspan): (Position, Span),
    actors: &IdIndex,
) -> Option<PendingStance<'a>> {
    let actor = actors.get(actor)?;
    Some((actor, claim, position, None, None, Origin::Long, pspan, false))
}

/// The actors recorded as absent on each claim, once the actors are read.
pub(super) fn resolve_absent(r: &mut Reader, parts: &mut ArgMap, pending_absent: Vec<(ClaimIdx, Vec<Ref<'_>>)>) {
    for (claim, refs) in pending_absent {
        let mut absent = Vec::with_capacity(refs.len());
        for a in &refs {
            if let Some(ai) = r.resolve(&parts.actor_index, a, "actor")
                && !absent.contains(&ai)
            {
                absent.push(ai);
            }
        }
        parts.claims[claim as usize].absent = absent;
    }
}

/// The stances: claims resolved, exact duplicates dropped (their evidence
/// kept on the first), each stance's reasons resolved. Gives the stances
/// with reasons and their reasons: each an affirmation implied.
pub(super) fn build_stances(
    r: &mut Reader,
    parts: &mut ArgMap,
    stances: crate::par::Prefaulted<Stance>,
    pending_stances: Vec<PendingStance<'_>>,
) -> Vec<(StanceIdx, Vec<(ClaimIdx, Span)>)> {
    // Stances: resolve claims, drop exact duplicates.
    let (claim_of, dup_of) = resolve_stances(r, parts, &pending_stances);
    // Pending index → index of the kept stance.
    let mut stance_of: Vec<StanceIdx> = vec![NONE; pending_stances.len()];
    // Stances with a `reason`, and their reasons: each an affirmation implied.
    let mut implied: Vec<(StanceIdx, Vec<(ClaimIdx, Span)>)> = Vec::new();
    parts.stances = crate::par::take_prefaulted(stances, pending_stances.len());
    for (i, (actor, _, position, date, extra, origin, span, _)) in pending_stances.into_iter().enumerate() {
        let claim = claim_of[i];
        if claim == NONE {
            continue;
        }
        let LongStance { source, quote, via, note, basis, time, seq, reasons, recorded } =
            extra.map_or_else(Default::default, |e| *e);
        let reasons = r.resolve_reasons(parts, claim, reasons);
        if dup_of[i] != NONE {
            let kept = stance_of[dup_of[i] as usize] as usize;
            let first = parts.stances[kept].span;
            let a = &parts.actors[actor as usize].id;
            let c = &parts.claims[claim as usize].id;
            r.diags.push(
                Diagnostic::new(
                    Code::DuplicateStance,
                    format!("`{a}` {position} `{c}` is stated twice"),
                    span,
                    "stated again here",
                )
                .with_label(first, "first stated here")
                .with_help("remove one of them; the stance counts once"),
            );
            // Keep the evidence of the long form when the first was a shorthand.
            let kept = &mut parts.stances[kept];
            kept.source = kept.source.take().or(source);
            kept.quote = kept.quote.take().or(quote);
            kept.via = kept.via.take().or(via);
            kept.note = kept.note.take().or(note);
            if kept.origin == Origin::Shorthand {
                kept.basis = basis;
            }
            if kept.reasons.is_empty() && !reasons.is_empty() {
                kept.reasons = reasons.iter().map(|&(c, _)| c).collect();
                implied.push((stance_of[dup_of[i] as usize], reasons));
            }
            kept.recorded = kept.recorded.take().or(recorded);
        } else {
            stance_of[i] = parts.stances.len() as StanceIdx;
            if !reasons.is_empty() {
                implied.push((stance_of[i], reasons.clone()));
            }
            parts.stances.push(Stance {
                actor,
                claim,
                position,
                date,
                time,
                seq,
                source,
                quote,
                via,
                note,
                basis,
                reasons: reasons.iter().map(|&(c, _)| c).collect(),
                recorded,
                origin,
                span,
            });
        }
    }
    implied
}

/// The `actors` table, with their shorthand stances; then the names and
/// aliases of actors, by identity, for the alias checks and hints.
pub(super) fn read_actors<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    parts: &mut ArgMap,
    pending_stances: &mut Vec<PendingStance<'a>>,
) {
    // Names and aliases of actors, by identity, when any actor has aliases:
    // (actor, span, whether an alias).
    let mut alias_names: Vec<(String, ActorIdx, Span, bool)> = Vec::new();
    let mut any_alias = false;
    if let Some(mut t) = r.entries(top, "actors", true, "actor") {
        for i in 0..t.len() {
            let (Some(key), val) = t.get(i) else { continue };
            let (key, val) = (&*key, &*val);
            let what = What::Named("actor", &key.name);
            let before = r.diags.len();
            let Some(at) = r.check_id(key, "actor").then(|| r.table(val, what)).flatten() else {
                if r.diags.len() > before {
                    r.mark_broken("actor", &key.name, before);
                }
                continue;
            };
            r.check_keys(at, ACTOR_KEYS, what);
            let idx = parts.actors.len() as ActorIdx;
            let actors = &parts.actors;
            if !r.register(&mut parts.actor_index, "actor", &key.name, key.span, idx, |i| actors[i as usize].span) {
                continue;
            }
            for pos in Position::ALL {
                r.each_str(at, pos.as_str(), |c| {
                    let span = c.span;
                    pending_stances.push((idx, c, pos, None, None, Origin::Shorthand, span, false));
                });
            }
            let url = r.opt_str(at, "url");
            let name = r.opt_ref(at, "name");
            let mut aliases = Vec::new();
            for a in r.str_list(at, "aliases") {
                if a.name.trim().is_empty() {
                    r.diags.push(
                        Diagnostic::new(Code::InvalidValue, "an empty alias", a.span, "no name here").with_help(
                            "an alias is another name of the actor, as the votes write it: `aliases = [\"USA\"]`",
                        ),
                    );
                    continue;
                }
                any_alias = true;
                alias_names.push((name_key(&a.name), idx, a.span, true));
                aliases.push(a.name.to_string());
            }
            if let Some(n) = &name {
                alias_names.push((name_key(&n.name), idx, n.span, false));
            }
            parts.actors.push(Actor {
                id: key.name.to_string(),
                aliases,
                name: name.map(|n| n.name.into_owned()),
                kind: r.opt_str(at, "kind"),
                description: r.opt_str(at, "description"),
                url,
                span: key.span,
            });
        }
    }

    // An alias names one actor: no other actor's alias or name may be the same name.
    if any_alias {
        r.duplicate_aliases(&mut alias_names, &parts.actors);
    } else {
        alias_names.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.start.cmp(&b.2.start)));
    }
    r.actor_names = alias_names
        .into_iter()
        .map(|(key, actor, span, alias)| (key, parts.actors[actor as usize].id.clone(), span, alias))
        .collect();
}

/// The affirmations a stance's `reason` implies (docs/checks.md,
/// "Explanations of vote"): for each reason, the actor affirms it as of the
/// stance (same date, time and `seq`, same evidence and basis), after every
/// stance in the file. One already stated (or implied twice) counts once.
pub(super) fn implied_stances(parts: &mut ArgMap, implied: Vec<(StanceIdx, Vec<(ClaimIdx, Span)>)>) {
    if implied.is_empty() {
        return;
    }
    type Key = (ActorIdx, ClaimIdx, Option<Date>, Option<Time>, Option<u32>);
    let key = |s: &Stance| (s.actor, s.claim, s.date, s.time, s.seq);
    let wanted: std::collections::HashSet<(ActorIdx, ClaimIdx)> = implied
        .iter()
        .flat_map(|(si, rs)| rs.iter().map(move |&(c, _)| (*si, c)))
        .map(|(si, c)| (parts.stances[si as usize].actor, c))
        .collect();
    let mut stated: std::collections::HashSet<Key> = parts
        .stances
        .iter()
        .filter(|s| s.position == Position::Affirms && wanted.contains(&(s.actor, s.claim)))
        .map(key)
        .collect();
    for (si, reasons) in implied {
        for (c, span) in reasons {
            let of = &parts.stances[si as usize];
            let s = Stance {
                claim: c,
                position: Position::Affirms,
                note: Some(format!("given as its reason for its stance on `{}`", parts.claims[of.claim as usize].id)),
                reasons: Box::default(),
                recorded: None,
                origin: Origin::Reason,
                span,
                ..of.clone()
            };
            if stated.insert(key(&s)) {
                parts.stances.push(s);
            }
        }
    }
}

/// Resolve the claims of pending stances (in order, reporting unknown ones),
/// and find exact duplicates: for each stance, its claim ([`NONE`] when
/// unknown) and the earlier stance it repeats ([`NONE`] when none). A stance
/// can only repeat one of the same actor on the same claim: actor by actor,
/// arrays over the claims find those, and only stances in such groups (few)
/// go into a hash table. A table of every stance would cost a cache miss per
/// stance on a map with millions of votes.
pub(super) fn resolve_stances(
    r: &mut Reader,
    parts: &ArgMap,
    pending: &[PendingStance<'_>],
) -> (Vec<ClaimIdx>, Vec<u32>) {
    // Looked up on every core; the unknown ones reported in order.
    let mut claim_of = lookup_all(pending, |run: &[PendingStance<'_>]| {
        let mut out = Vec::with_capacity(run.len());
        parts
            .claim_index
            .get_each(run.iter().map(|(_, claim, ..)| claim.name.as_ref()), |c| out.push(c.unwrap_or(NONE)));
        out
    });
    for ((_, claim, ..), c) in pending.iter().zip(&mut claim_of) {
        if *c == NONE {
            *c = r.resolve(&parts.claim_index, claim, "claim").unwrap_or(NONE);
        }
    }
    let by_actor = crate::graph::Index::build(
        parts.actors.len(),
        pending.iter().enumerate().filter(|&(i, s)| claim_of[i] != NONE && !s.7).map(|(i, s)| (s.0, i as u32)),
    );
    let mut dup_of = vec![NONE; pending.len()];
    // Per claim: the actor last seen on it, that actor's first stance on it,
    // and whether that first stance is in `groups` yet.
    let mut actor_on = vec![NONE; parts.claims.len()];
    let mut first_on = vec![NONE; parts.claims.len()];
    let mut grouped = vec![false; parts.claims.len()];
    type Same = (ActorIdx, ClaimIdx, Position, Option<Date>, (Option<Time>, Option<u32>));
    let mut groups: HashMap<Same, u32, FastState> = HashMap::default();
    for a in 0..parts.actors.len() as ActorIdx {
        for &i in by_actor.get(a) {
            let c = claim_of[i as usize];
            let p = &pending[i as usize];
            let (position, date, order) = (p.2, p.3, LongStance::order(&p.4));
            if actor_on[c as usize] != a {
                actor_on[c as usize] = a;
                first_on[c as usize] = i;
                grouped[c as usize] = false;
                continue;
            }
            if !grouped[c as usize] {
                let f = first_on[c as usize] as usize;
                groups.insert((a, c, pending[f].2, pending[f].3, LongStance::order(&pending[f].4)), f as u32);
                grouped[c as usize] = true;
            }
            match groups.entry((a, c, position, date, order)) {
                Entry::Occupied(o) => dup_of[i as usize] = *o.get(),
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }
    (claim_of, dup_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema::test_items::{entry, s};

    fn read(entries: Vec<(Key<'static>, Value<'static>)>) -> Option<(ActorIdx, String, &'static str, Span)> {
        let mut actors = IdIndex::with_capacity(2);
        actors.insert("x", 0);
        actors.insert("y", 1);
        let item = Value { kind: Kind::Table(entries), span: Span::new(0, 1) };
        plain_stance(&item, &actors).map(|(actor, claim, position, date, extra, origin, span, bad)| {
            assert!(date.is_none() && !bad && matches!(origin, Origin::Long));
            assert!(extra.is_none(), "no long form");
            (actor, claim.name.into_owned(), position.as_str(), span)
        })
    }

    #[test]
    fn only_actor_claim_and_position_with_a_known_actor_are_read_at_once() {
        let plain = read(vec![entry("actor", s("y")), entry("claim", s("c")), entry("position", s("denies"))]);
        assert_eq!(plain, Some((1, "c".to_string(), "denies", Span::new(8, 10))));
        let reordered = read(vec![entry("claim", s("d")), entry("position", s("affirms")), entry("actor", s("x"))]);
        assert_eq!(reordered, Some((0, "d".to_string(), "affirms", Span::new(8, 10))));
        // Everything else is left to the full reading, which reports it.
        let others = [
            vec![entry("actor", s("x")), entry("claim", s("c"))],
            vec![
                entry("actor", s("x")),
                entry("claim", s("c")),
                entry("position", s("affirms")),
                entry("date", s("2020-01-01")),
            ],
            vec![entry("actor", s("x")), entry("claim", s("c")), entry("stance", s("affirms"))],
            vec![entry("actor", s("x")), entry("actor", s("y")), entry("position", s("affirms"))],
            vec![entry("actor", s("z")), entry("claim", s("c")), entry("position", s("affirms"))],
            vec![entry("actor", s("x")), entry("claim", s("c")), entry("position", s("affirm"))],
            vec![entry("actor", s("x")), entry("claim", Kind::Array(Vec::new())), entry("position", s("affirms"))],
        ];
        for entries in others {
            let keys: Vec<String> = entries.iter().map(|(k, _)| k.name.to_string()).collect();
            assert_eq!(read(entries), None, "{keys:?}");
        }
    }
}
