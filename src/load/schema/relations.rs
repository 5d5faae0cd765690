//! Relations: the long-form `[[relations]]`, and every relation (shorthand
//! or long form) resolved against the claims, with linked premises and
//! undercuts.

use super::*;

/// The long-form `[[relations]]`, read on every core; each `from` is looked
/// up there too, and one not found is reported here, in order.
pub(super) fn read_long_relations<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    given: Option<(&[Item<'a>], &[ClaimIdx])>,
    parts: &ArgMap,
    pending_rel: &mut Vec<PendingRelation<'a>>,
) {
    let (given, claim_at) = given.unzip();
    let claim_at = claim_at.unwrap_or_default();
    let items = r.entries(top, "relations", false, "relation");
    // Relations given beside the tree stand in its (empty) list.
    if let Some(items) = items.map(|items| given.map_or(items, Items::Given)) {
        // Exactly: the shorthand relations are in, and this may be millions.
        pending_rel.shrink_to_fit();
        pending_rel.reserve_exact(items.len());
        let claims = &parts.claim_index;
        let read = |items: &mut Items<'_, 'a>, r: &mut Reader, i: usize| {
            // A link is such an entry, not built as a table.
            let plain = match items.given(i) {
                Some(Item::Link(l)) => plain_link(l, claims, claim_at),
                Some(Item::Step(s)) => plain_step(s, claims, claim_at),
                _ => None,
            };
            if let Some(p) = plain {
                return Some(Ok(p));
            }
            let item = &*items.get(i).1;
            // Most entries (all those an Argdown file makes) are `from`, `to`
            // and `type` alone, with a known claim and type: read at once.
            if let Some(p) = plain_relation(item, claims) {
                return Some(Ok(p));
            }
            let what = What::Nth("relation", i + 1);
            let t = r.table(item, what)?;
            r.check_keys(t, RELATION_KEYS, what);
            let id = r.opt_ref(t, "id");
            let what = match &id {
                Some(id) => What::Named("relation", &id.name),
                None => what,
            };
            if let Some(id) = &id
                && !is_valid_id(&id.name)
            {
                r.invalid_id(id, "relation");
            }
            // `from` names one claim, or lists the premises of a linked relation.
            let (mut from, mut premises) = (None, None);
            match get(t, "from") {
                Some(v @ Value { kind: Kind::Array(_), .. }) => premises = Some((r.str_list(t, "from"), v.span)),
                Some(Value { kind: Kind::String(_), .. }) | None => from = r.req_ref(t, "from", what, item.span),
                Some(v) => r.wrong_type(
                    v,
                    "`from` must be a claim id or a list of claim ids",
                    "a string or an array of strings",
                    &v.kind,
                ),
            }
            let to = r.req_ref(t, "to", what, item.span);
            let kind = r
                .req_choice(t, "type", what, item.span, "relation type", &RelationKind::ALL, RelationKind::as_str)
                .map(|(k, _)| k);
            let note = r.opt_str(t, "note");
            let source = r.opt_str(t, "source");
            let (Some(to), Some(kind)) = (to, kind) else { return Some(Err((None, id))) };
            if let Some((list, span)) = premises {
                let Some((from, linked)) = linked_premises(r, claims, list, span, kind, what) else {
                    return Some(Err((None, id)));
                };
                let long = LongForm { id, note, source, linked };
                return Some(Ok(PendingRelation::long_form(kind, from, to, long)));
            }
            let Some(from) = from else { return Some(Err((None, id))) };
            Some(match claims.get(&from.name) {
                Some(from) => {
                    let long = LongForm { id, note, source, linked: Box::default() };
                    Ok(PendingRelation::long_form(kind, from, to, long))
                }
                None => Err((Some(from), id)),
            })
        };
        let reader = r.fork();
        read_parallel(&items, &reader, read, |diags, uses, rel| {
            // The relation's first error (or the error it shares with a
            // definition it names) stands for it when it is dropped.
            let mut root = (!diags.is_empty()).then_some(r.diags.len()).or(uses.first().map(|u| u.0));
            r.diags.extend(diags);
            r.uses.extend(uses);
            match rel {
                Some(Ok(p)) => pending_rel.push(p),
                Some(Err((from, id))) => {
                    if let Some(from) = from {
                        root = Some(r.unknown(&from, "claim", parts.claim_index.keys()));
                    }
                    if let (Some(id), Some(root)) = (id, root) {
                        r.mark_broken("relation", &id.name, root);
                    }
                }
                None => {}
            }
        });
    }
}

/// A `[[relations]]` entry with `from`, `to` and `type` and nothing else,
/// each a string, `from` a claim and `type` a relation type: what the full
/// reading makes of it (which reports nothing for such an entry), or `None`
/// for any other entry.
fn plain_relation<'a>(item: &Value<'a>, claims: &IdIndex) -> Option<PendingRelation<'a>> {
    let [from, to, kind] = strings_only(item, ["from", "to", "type"])?;
    plain(kind.0, from.0, Ref { name: to.0.clone(), span: to.1 }, claims)
}

/// [`plain_relation`] of a link's table, read from the link; the claims it
/// relates found by their positions among the claims given (`claim_at`,
/// their indices) when it has them.
fn plain_link<'a>(link: &Link<'a>, claims: &IdIndex, claim_at: &[ClaimIdx]) -> Option<PendingRelation<'a>> {
    let at = |k: usize| given_claim(claim_at, link.at[k]);
    let to = Ref { name: link.to.clone(), span: link.span };
    let LinkKind::Relation(kind) = link.kind else { return None };
    let from = match at(0) {
        Some(from) => from,
        None => claims.get(&link.from)?,
    };
    let mut p = PendingRelation::long_form_empty(kind, from, to);
    p.to_claim = at(1).unwrap_or(NONE);
    Some(p)
}

/// The index of the claim given at the position `at`
/// ([`crate::load::value::NOT_GIVEN`] for none), unless it was dropped.
fn given_claim(claim_at: &[ClaimIdx], at: u32) -> Option<ClaimIdx> {
    claim_at.get(at as usize).copied().filter(|&c| c != NONE)
}

/// What the full reading makes of a step's table (which reports nothing
/// for it) when its id is valid, `from` a claim and `type` a relation type;
/// `None` for any other step.
fn plain_step<'a>(step: &Step<'a>, claims: &IdIndex, claim_at: &[ClaimIdx]) -> Option<PendingRelation<'a>> {
    if !is_valid_id(&step.id) {
        return None;
    }
    let kind = RelationKind::parse(&step.kind.0)?;
    // The claims found by their positions when they have them (as a link's).
    let from = match given_claim(claim_at, step.at[0]) {
        Some(from) => from,
        None => claims.get(&step.from)?,
    };
    let span = step.span;
    let text = |f: &Option<(Cow<'a, str>, Span)>| f.as_ref().map(|(s, _)| s.to_string());
    let long = LongForm {
        id: Some(Ref { name: step.id.clone(), span }),
        note: text(&step.note),
        source: text(&step.source),
        linked: Box::default(),
    };
    let mut p = PendingRelation::long_form(kind, from, Ref { name: step.to.clone(), span }, long);
    p.to_claim = given_claim(claim_at, step.at[1]).unwrap_or(NONE);
    Some(p)
}

/// A relation of `kind` from the claim `from` to `to`, and nothing more.
fn plain<'a>(kind: &str, from: &str, to: Ref<'a>, claims: &IdIndex) -> Option<PendingRelation<'a>> {
    let kind = RelationKind::parse(kind)?;
    let from = claims.get(from)?;
    Some(PendingRelation::long_form_empty(kind, from, to))
}

/// References looked up by one task.
pub(super) const LOOKUPS_PER_TASK: usize = 65_536;

/// `f` of every run of items, on every core, joined: for lookups, millions
/// on a large map, each a cache miss or two.
pub(super) fn lookup_all<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let threads = if items.len() < 2 * LOOKUPS_PER_TASK { 1 } else { crate::par::threads() };
    let runs: Vec<&[T]> = items.chunks(LOOKUPS_PER_TASK).collect();
    let found: Vec<Vec<R>> = crate::par::map_ordered(&runs, threads, || (), |_, run| f(run));
    let mut out = Vec::with_capacity(items.len());
    for part in found {
        out.extend(part);
    }
    out
}

pub(super) fn resolve_relations(r: &mut Reader, parts: &mut ArgMap, mut rels: Vec<PendingRelation<'_>>) {
    // First give every relation an index, so that undercuts can name any
    // relation (including another undercut) by id.
    let mut keeps: Vec<bool> = Vec::with_capacity(rels.len());
    // The relations' memory is made ready on another core meanwhile.
    let relations = crate::par::prefaulted::<Relation>(rels.len());
    let with_id = rels.iter().filter(|p| p.id().is_some()).count();
    let mut ids = IdIndex::with_capacity(with_id);
    for (i, p) in rels.iter().enumerate() {
        let mut keep = true;
        // (An id too long to index is reported as invalid already.)
        if let Some(id) = p.id()
            && id.name.len() <= crate::ids::MAX_ID
            && !ids.insert(&id.name, i as u32)
        {
            let first: &PendingRelation<'_> = &rels[ids.get(&id.name).unwrap_or(0) as usize];
            let first_span = first.id().map_or(first.span(), |i| i.span);
            r.diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("relation id `{}` is used twice", id.name),
                    id.span,
                    "used again here",
                )
                .with_label(first_span, "first used here"),
            );
            keep = false;
        }
        keeps.push(keep);
    }
    // Resolve targets. The lookups (millions on a large map, each a cache
    // miss or two) are made on every core first; the diagnostics after, in
    // order. Each lookup only when needed: most targets are claims.
    let found = lookup_all(&rels, |run: &[PendingRelation<'_>]| {
        // The claims of targets known already (a link's) are not looked up.
        let unknown = |p: &&PendingRelation<'_>| p.to_claim == NONE;
        let mut looked_up = Vec::with_capacity(run.len());
        parts.claim_index.get_each(run.iter().filter(unknown).map(|p| p.to.name.as_ref()), |c| looked_up.push(c));
        let mut looked_up = looked_up.into_iter();
        let out: Vec<_> = run
            .iter()
            .map(|p| {
                let claim = match p.to_claim {
                    NONE => looked_up.next().expect("one result per relation looked up"),
                    c => Some(c),
                };
                let rel = || ids.get(&p.to.name).map(|i| i as usize);
                if p.kind == RelationKind::Undercuts {
                    // An undercut names a relation first.
                    match rel() {
                        Some(rel) => (None, Some(rel)),
                        None => (claim, None),
                    }
                } else {
                    (claim, if claim.is_some() { None } else { rel() })
                }
            })
            .collect();
        out
    });
    let mut targets: Vec<Option<Target>> = Vec::with_capacity(rels.len());
    let mut shorthands = ShorthandSearch { left: MAX_SUGGESTIONS, any: rels.iter().any(|s| !s.in_long_form) };
    for ((p, keep), (claim, rel)) in rels.iter().zip(&keeps).zip(found) {
        if !*keep {
            targets.push(None);
            continue;
        }
        let t = if p.kind == RelationKind::Undercuts {
            match (rel, claim) {
                (Some(ri), _) => Some(Target::Relation(ri as RelIdx)),
                (None, Some(c)) => {
                    let d = Diagnostic::new(
                        Code::UndercutTarget,
                        format!("`{}` is a claim, but an undercut targets a relation", p.to.name),
                        p.to.span,
                        "this is a claim id",
                    );
                    // The relation meant is likely a shorthand from (or else to) this claim.
                    let meant = shorthands.next_if(|| {
                        rels.iter()
                            .position(|s| !s.in_long_form && s.from == c)
                            .or_else(|| rels.iter().position(|s| !s.in_long_form && s.to.name == p.to.name))
                    });
                    let mut d = d.with_help("give the relation it defeats an `id` in `[[relations]]` and name that id here; to argue against a claim, use `attacks`");
                    if let Some(s) = meant {
                        shorthand_hint(&mut d, &parts.claims, &rels[s], "; to argue against a claim, use `attacks`");
                    }
                    r.diags.push(d);
                    None
                }
                (None, None) => {
                    let broken = r.broken.root("relation", &p.to.name).is_some();
                    let at = r.unknown(&p.to, "relation", ids.keys());
                    if !broken {
                        // A shorthand relation named by its claims, as in
                        // `a --supports--> b` or `a-supports-b`.
                        let claims = &parts.claims;
                        let meant = shorthands.next_if(|| {
                            rels.iter().position(|s| {
                                !s.in_long_form
                                    && p.to.name.contains(claims[s.from as usize].id.as_str())
                                    && p.to.name.contains(s.to.name.as_ref())
                            })
                        });
                        let d = &mut r.diags[at];
                        match meant {
                            Some(s) => shorthand_hint(d, claims, &rels[s], ""),
                            None if d.help.is_none() && shorthands.any => d.notes.push(
                                "shorthand relations (`supports = [..]` on a claim) have no id: only a `[[relations]]` entry with an `id` can be undercut".into(),
                            ),
                            None => {}
                        }
                    }
                    None
                }
            }
        } else {
            match (claim, rel) {
                (Some(c), _) => Some(Target::Claim(c)),
                (None, Some(_)) => {
                    r.diags.push(
                        Diagnostic::new(
                            Code::UndercutTarget,
                            format!("`{}` is a relation, but `{}` targets a claim", p.to.name, p.kind),
                            p.to.span,
                            "this is a relation id",
                        )
                        .with_help("only `undercuts` can target a relation"),
                    );
                    None
                }
                (None, None) => {
                    r.unknown_claim(&p.to, &parts.claim_index);
                    None
                }
            }
        };
        targets.push(t);
    }
    // What is no longer needed goes as soon as it can: on a large map each of
    // these is tens of megabytes, and the peak comes with `parts.relations`.
    // (The relation ids are kept: they become the index of the relations.)
    drop(keeps);
    // Self relations.
    for (i, p) in rels.iter().enumerate() {
        let is_self = match targets[i] {
            Some(Target::Claim(c)) if !p.linked().is_empty() => p.linked().contains(&c),
            Some(Target::Claim(c)) => c == p.from,
            Some(Target::Relation(t)) => t as usize == i,
            None => false,
        };
        if is_self {
            let name = match targets[i] {
                Some(Target::Claim(c)) => &parts.claims[c as usize].id,
                _ => &parts.claims[p.from as usize].id,
            };
            let (msg, label, help) = match targets[i] {
                Some(Target::Relation(_)) => (
                    format!("relation `{}` undercuts itself", p.id().map_or("", |i| &i.name)),
                    "a relation cannot defeat itself".to_string(),
                    "an undercut defeats another relation: name that relation's id",
                ),
                _ if !p.linked().is_empty() => (
                    format!("claim `{name}` is a premise of a relation that {} it", p.kind),
                    format!("`{name}` is both a premise and the target here"),
                    "the premises of a relation are claims other than its target",
                ),
                _ => (
                    format!("claim `{name}` {} itself", p.kind),
                    format!("`{name}` relates to itself here"),
                    "a relation joins two different claims",
                ),
            };
            r.diags.push(Diagnostic::new(Code::SelfRelation, msg, p.to.span, label).with_help(help));
            targets[i] = None;
        }
    }
    // An undercut of a relation that was dropped for an error is dropped
    // too (the error is already reported). Chains are followed iteratively.
    let mut state: Vec<u8> = vec![0; rels.len()]; // 0 unknown, 1 on path, 2 valid, 3 invalid
    for start in 0..rels.len() {
        let mut path = Vec::new();
        let mut i = start;
        let ok = loop {
            match state[i] {
                2 => break true,
                3 => break false,
                1 => break true, // a cycle of undercuts: every member exists
                _ => {}
            }
            match targets[i] {
                None => {
                    state[i] = 3;
                    break false;
                }
                Some(Target::Relation(t)) => {
                    state[i] = 1;
                    path.push(i);
                    i = t as usize;
                }
                Some(Target::Claim(_)) => {
                    state[i] = 2;
                    break true;
                }
            }
        };
        for j in path {
            state[j] = if ok { 2 } else { 3 };
            if !ok {
                targets[j] = None;
            }
        }
    }
    // Deduplicate (kind, from, to), with `contradicts` symmetric. The first
    // statement is kept; an id or note on a later one is merged into it. An
    // undercut's `to` is the relation it defeats with its duplicates merged
    // (two ids of one relation name one target), and merging can make two
    // undercuts the same: passes repeat until nothing merges. Going by depth
    // (relations between claims, then undercuts of them, ...) the first pass
    // merges all but what cycles of undercuts leave to the next.
    // Indices are kept in 32 bits (relations are at most `u32::MAX`): these
    // arrays are as long as all relations, millions on a large map.
    const UNSET: u32 = u32::MAX;
    const ON_PATH: u32 = u32::MAX - 1;
    const CYCLE: u32 = u32::MAX - 2;
    let mut depth: Vec<u32> = vec![UNSET; rels.len()];
    for start in 0..rels.len() {
        let mut path = Vec::new();
        let mut i = start;
        let base = loop {
            match depth[i] {
                UNSET => {}
                ON_PATH => break CYCLE,
                d => break d,
            }
            match targets[i] {
                Some(Target::Relation(t)) => {
                    depth[i] = ON_PATH;
                    path.push(i);
                    i = t as usize;
                }
                _ => {
                    depth[i] = 0;
                    break 0;
                }
            }
        };
        let mut d = base;
        for &j in path.iter().rev() {
            d = if d >= CYCLE { CYCLE } else { d + 1 };
            depth[j] = d;
        }
    }
    // By depth, in the order of the statements within one: those between
    // claims (nearly all) as they come, the few others sorted after them.
    let live = |&i: &u32| targets[i as usize].is_some();
    let mut order: Vec<u32> = (0..rels.len() as u32).filter(|i| live(i) && depth[*i as usize] == 0).collect();
    let flat = order.len();
    order.extend((0..rels.len() as u32).filter(|i| live(i) && depth[*i as usize] != 0));
    order[flat..].sort_by_key(|&i| depth[i as usize]);
    // Each relation's representative: the first statement of its class.
    pub(super) fn find(rep: &mut [u32], i: u32) -> u32 {
        let mut i = i as usize;
        while rep[i] as usize != i {
            rep[i] = rep[rep[i] as usize];
            i = rep[i] as usize;
        }
        i as u32
    }
    let mut rep: Vec<u32> = (0..rels.len() as u32).collect();
    // The key (kind, from, to) packed in one integer: hashed in two steps.
    let pack = |kind: RelationKind, from: ClaimIdx, to: Target| -> u128 {
        let to = match to {
            Target::Claim(c) => u64::from(c),
            Target::Relation(r) => (1 << 32) | u64::from(r),
        };
        ((kind as u128) << 96) | (u128::from(from) << 64) | u128::from(to)
    };
    // Relations between claims (depth 0, the most by far) can only be the
    // same as relations between the same claims: split by the key's claim,
    // their classes are found on every core, each part with its own table.
    // Each class's first statement comes first in `order`; they are its
    // first `flat`.
    let key_claim = |i: u32| -> ClaimIdx {
        let p = &rels[i as usize];
        match targets[i as usize] {
            Some(Target::Claim(c)) if p.kind == RelationKind::Contradicts => c.min(p.from),
            _ => p.from,
        }
    };
    let claims = parts.claims.len().max(1) as u64;
    // As many parts as cores, small maps included (on one thread), so that
    // every map goes the same way.
    let parts_n = crate::par::threads();
    let threads = if flat < 2 * LOOKUPS_PER_TASK { 1 } else { parts_n };
    let shares: Vec<u64> = (0..parts_n as u64).collect();
    let merges = crate::par::map_ordered(
        &shares,
        threads,
        || (),
        |_, &share| {
            let mut keyed: HashMap<u128, u32, FastState> =
                HashMap::with_capacity_and_hasher(flat / parts_n + 1, FastState::default());
            let mut merges: Vec<(u32, u32)> = Vec::new();
            for &i in &order[..flat] {
                if rels[i as usize].linked {
                    continue; // below
                }
                let c = key_claim(i);
                if u64::from(c) * parts_n as u64 / claims != share {
                    continue;
                }
                let (p, to) = (&rels[i as usize], targets[i as usize].unwrap_or(Target::Claim(0)));
                let key = match (p.kind, to) {
                    (RelationKind::Contradicts, Target::Claim(t)) if t < p.from => {
                        pack(p.kind, t, Target::Claim(p.from))
                    }
                    _ => pack(p.kind, p.from, to),
                };
                match keyed.entry(key) {
                    Entry::Occupied(o) => merges.push((i, *o.get())),
                    Entry::Vacant(e) => {
                        e.insert(i);
                    }
                }
            }
            merges
        },
    );
    for (i, first) in merges.into_iter().flatten() {
        rep[i as usize] = first;
    }
    // Linked relations (few): the same premises in any order, kind and target.
    let mut linked_keys: HashMap<(RelationKind, Vec<ClaimIdx>, ClaimIdx), u32> = HashMap::new();
    for &i in order[..flat].iter().filter(|&&i| rels[i as usize].linked) {
        let p = &rels[i as usize];
        let Some(Target::Claim(to)) = targets[i as usize] else { continue };
        let mut premises = p.linked().to_vec();
        premises.sort_unstable();
        match linked_keys.entry((p.kind, premises, to)) {
            Entry::Occupied(o) => rep[i as usize] = *o.get(),
            Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    drop(linked_keys);
    // Then undercuts, depth by depth, until nothing merges.
    let mut keyed: HashMap<u128, u32, FastState> =
        HashMap::with_capacity_and_hasher(order.len() - flat, FastState::default());
    loop {
        let mut merged = false;
        keyed.clear();
        for &i in &order[flat..] {
            let Some(to) = targets[i as usize] else { continue };
            let p = &rels[i as usize];
            let key = match (p.kind, to) {
                (_, Target::Relation(t)) => pack(p.kind, p.from, Target::Relation(find(&mut rep, t))),
                _ => pack(p.kind, p.from, to),
            };
            let me = find(&mut rep, i);
            match keyed.entry(key) {
                Entry::Occupied(o) => {
                    let other = find(&mut rep, *o.get());
                    if other != me {
                        rep[me.max(other) as usize] = me.min(other);
                        merged = true;
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(me);
                }
            }
        }
        if !merged {
            break;
        }
    }
    drop(keyed);
    drop(order);
    drop(depth);
    drop(state);
    // Each relation's first statement (`NONE` when dropped).
    let mut remap: Vec<u32> = vec![NONE; rels.len()];
    for i in 0..rels.len() {
        if targets[i].is_none() {
            continue;
        }
        let first = find(&mut rep, i as u32) as usize;
        remap[i] = first as u32;
        if first != i {
            let p = &rels[i];
            let fspan = rels[first].span();
            let from = premises_text(&parts.claims, p);
            r.diags.push(
                Diagnostic::new(
                    Code::DuplicateRelation,
                    format!("the relation `{from}` {} `{}` is stated twice", p.kind, p.to.name),
                    p.span(),
                    "stated again here",
                )
                .with_label(fspan, "first stated here")
                .with_help("remove one statement; the relation counts once"),
            );
        }
    }
    drop(rep);
    // Final indices of the kept relations.
    let mut final_idx: Vec<RelIdx> = vec![NONE; rels.len()];
    let mut n = 0;
    for i in 0..rels.len() {
        if remap[i] == i as u32 {
            final_idx[i] = n;
            n += 1;
        }
    }
    let resolve = |i: usize| match remap[i] {
        NONE => None,
        k => Some(final_idx[k as usize]).filter(|&f| f != NONE),
    };
    // One pass: a kept relation comes before its duplicates (it is the first
    // statement), so each duplicate merges into a relation already pushed.
    // Strings move out of the pending relations; none is copied.
    parts.relations = crate::par::take_prefaulted(relations, rels.len());
    // The index of the relation ids, made below one by one in the order of
    // the statements. When every id's first statement is kept (the usual
    // case), it is the index of the statements with each value made final,
    // ids and order alike: a duplicate id's statement is dropped.
    let reuse = ids.iter().all(|(_, i)| resolve(i as usize).is_some());
    parts.relation_index = if reuse {
        ids.map_values(|i| resolve(i as usize).unwrap_or(NONE));
        ids
    } else {
        drop(ids);
        IdIndex::with_capacity(with_id)
    };
    for (i, p) in rels.iter_mut().enumerate() {
        let Some(fi) = resolve(i) else { continue };
        let origin = if p.in_long_form { Origin::Long } else { Origin::Shorthand };
        let (id, note, source, linked) = match p.long.as_deref_mut() {
            Some(l) => (
                l.id.as_ref().map(|id| id.name.as_ref()),
                l.note.take(),
                l.source.take(),
                std::mem::take(&mut l.linked),
            ),
            None => (None, None, None, Box::default()),
        };
        if let Some(name) = id
            && !reuse
        {
            parts.relation_index.insert(name, fi);
        }
        if remap[i] == i as u32 {
            let to = match targets[i] {
                Some(Target::Relation(t)) => match resolve(t as usize) {
                    Some(t) => Target::Relation(t),
                    None => continue, // not reached: undercuts of dropped relations were dropped above
                },
                Some(t) => t,
                None => continue,
            };
            parts.relations.push(Relation {
                id: id.map(str::to_string),
                kind: p.kind,
                from: p.from,
                to,
                linked,
                note,
                source,
                origin,
                span: p.span(),
            });
        } else {
            // Ids and notes of duplicates merge into the kept relation.
            let kept = &mut parts.relations[fi as usize];
            if kept.note.is_none() {
                kept.note = note;
            }
            if kept.source.is_none() {
                kept.source = source;
            }
            if let Some(name) = id
                && kept.id.is_none()
            {
                kept.id = Some(name.to_string());
                kept.origin = Origin::Long;
            }
        }
    }
}

/// Searches of the shorthand relation an undercut means: each one goes over
/// every relation, so they are capped like "did you mean" searches.
pub(super) struct ShorthandSearch {
    left: usize,
    /// Whether there is any shorthand relation.
    any: bool,
}

impl ShorthandSearch {
    pub(super) fn next_if(&mut self, find: impl FnOnce() -> Option<usize>) -> Option<usize> {
        if !self.any || self.left == 0 {
            return None;
        }
        self.left -= 1;
        find()
    }
}

/// Point an undercut's error at the shorthand relation `s` it means: a
/// shorthand has no id, and how to give it one. `more` ends the help.
pub(super) fn shorthand_hint(d: &mut Diagnostic, claims: &[Claim], s: &PendingRelation<'_>, more: &str) {
    let (from, kind, to) = (&claims[s.from as usize].id, s.kind, &s.to.name);
    d.labels.push(Label::secondary(s.to.span, format!("`{from}` {kind} `{to}` is a shorthand relation: it has no id")));
    d.help = Some(format!(
        "only a relation with an `id` can be undercut: state it in `[[relations]]` with one (`id = \"{from}-{kind}-{to}\"`, `from = \"{from}\"`, `to = \"{to}\"`, `type = \"{kind}\"`; with the shorthand it is one relation) and name that id here{more}"
    ));
}

/// The premises of a pending relation as messages name them: `a`, or `[p1 + p2]`.
pub(super) fn premises_text(claims: &[Claim], p: &PendingRelation<'_>) -> String {
    if p.linked().is_empty() {
        return claims[p.from as usize].id.clone();
    }
    let ids: Vec<&str> = p.linked().iter().map(|&c| claims[c as usize].id.as_str()).collect();
    format!("[{}]", ids.join(" + "))
}

/// The premises of a linked relation (`from = ["p1", "p2"]`): the first, and
/// all of them (none when the list names one claim, which is a plain
/// relation). `None`, with the problems reported, when the list is empty,
/// names a claim twice or one that does not exist, or the relation's type
/// takes one premise.
pub(super) fn linked_premises(
    r: &mut Reader,
    claims: &IdIndex,
    list: Vec<Ref<'_>>,
    span: Span,
    kind: RelationKind,
    what: What<'_>,
) -> Option<(ClaimIdx, Box<[ClaimIdx]>)> {
    let problem = |message: String, at: Span, label: &str| Diagnostic::new(Code::LinkedPremises, message, at, label);
    if list.is_empty() {
        r.diags.push(problem(format!("{what} has an empty list of premises"), span, "no claim named here").with_help(
            "name the claim the relation starts from, or two or more claims that jointly lead to its target",
        ));
        return None;
    }
    if list.len() > 1 && !matches!(kind, RelationKind::Supports | RelationKind::Implies) {
        r.diags.push(
            problem(format!("{what} lists several premises, but `{kind}` takes one"), span, "several premises here")
                .with_help("only `supports` and `implies` take linked premises; write one relation per claim"),
        );
        return None;
    }
    let mut ok = true;
    let mut premises: Vec<ClaimIdx> = Vec::with_capacity(list.len());
    let mut seen: HashMap<&str, Span, FastState> = HashMap::with_capacity_and_hasher(list.len(), FastState::default());
    for p in &list {
        if let Some(&first) = seen.get(p.name.as_ref()) {
            r.diags.push(
                problem(format!("{what} names the premise `{}` twice", p.name), p.span, "named again here")
                    .with_label(first, "first named here")
                    .with_help("name each premise once"),
            );
            ok = false;
            continue;
        }
        seen.insert(&p.name, p.span);
        match claims.get(&p.name) {
            Some(c) => premises.push(c),
            None => {
                r.unknown_claim(p, claims);
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let first = premises[0];
    let linked = if premises.len() == 1 { Box::default() } else { premises.into_boxed_slice() };
    Some((first, linked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema::test_items::{entry, s};

    fn read(entries: Vec<(Key<'static>, Value<'static>)>) -> Option<(ClaimIdx, String, RelationKind, bool)> {
        let mut claims = IdIndex::with_capacity(2);
        claims.insert("a", 0);
        claims.insert("b", 1);
        let item = Value { kind: Kind::Table(entries), span: Span::new(0, 1) };
        plain_relation(&item, &claims).map(|p| (p.from, p.to.name.to_string(), p.kind, p.long.is_none()))
    }

    #[test]
    fn only_from_to_and_type_with_a_known_claim_and_type_are_read_at_once() {
        let plain = read(vec![entry("from", s("b")), entry("to", s("a")), entry("type", s("attacks"))]);
        assert_eq!(plain, Some((1, "a".to_string(), RelationKind::Attacks, true)));
        let reordered = read(vec![entry("type", s("supports")), entry("to", s("x")), entry("from", s("a"))]);
        assert_eq!(reordered, Some((0, "x".to_string(), RelationKind::Supports, true)));
        // Everything else is left to the full reading, which reports it.
        let others = [
            vec![entry("from", s("a")), entry("to", s("b"))],
            vec![entry("from", s("a")), entry("to", s("b")), entry("type", s("supports")), entry("id", s("r"))],
            vec![entry("from", s("a")), entry("to", s("b")), entry("kind", s("supports"))],
            vec![entry("from", s("a")), entry("from", s("b")), entry("type", s("supports"))],
            vec![entry("from", s("c")), entry("to", s("b")), entry("type", s("supports"))],
            vec![entry("from", s("a")), entry("to", s("b")), entry("type", s("support"))],
            vec![entry("from", Kind::Array(Vec::new())), entry("to", s("b")), entry("type", s("supports"))],
            vec![entry("from", s("a")), entry("to", Kind::Integer(1)), entry("type", s("supports"))],
        ];
        for entries in others {
            let keys: Vec<String> = entries.iter().map(|(k, _)| k.name.to_string()).collect();
            assert_eq!(read(entries), None, "{keys:?}");
        }
    }
}
