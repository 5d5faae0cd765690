//! Claims: the `claims` table read on every core, then registered in order.

use super::*;

/// The `claims` table: claims are read on every core, a run of them per
/// task, a window of runs at a time (so that drafts never pile up); then
/// registered in order, which decides indices and duplicates exactly as one
/// pass would. Shorthand relations and `absent` lists are kept for resolution.
pub(super) fn read_all_claims<'a>(
    r: &mut Reader,
    top: Entries<'_, 'a>,
    given: Option<(&[ClaimItem<'a>], &mut Vec<ClaimIdx>)>,
    parts: &mut ArgMap,
    pending_rel: &mut Vec<PendingRelation<'a>>,
    pending_absent: &mut Vec<(ClaimIdx, Vec<Ref<'a>>)>,
) {
    let (given, mut claim_at) = given.unzip();
    if let Some(t) = r.entries(top, "claims", true, "claim").map(|items| given.map_or(items, Items::Claims)) {
        let n = t.len();
        parts.claims.reserve(n);
        parts.claim_index = IdIndex::with_capacity(n);
        // Claims are read on every core, a run of them per task, a window of
        // runs at a time (so that drafts never pile up); then registered in
        // order, which decides indices and duplicates exactly as one pass would.
        let runs: Vec<std::ops::Range<usize>> =
            (0..n).step_by(CLAIMS_PER_TASK).map(|a| a..n.min(a + CLAIMS_PER_TASK)).collect();
        let threads = t.threads(CLAIMS_PER_TASK);
        for window in runs.chunks(threads * TASKS_PER_THREAD) {
            let chunks = crate::par::map_ordered(
                window,
                threads,
                || (t.fork(), r.fork()),
                |(items, reader), run| read_claims(items, reader, run.clone()),
            );
            for chunk in chunks {
                let index = register_claims(r, parts, chunk, pending_rel, pending_absent);
                if let Some(at) = claim_at.as_deref_mut() {
                    at.extend(index);
                }
            }
        }
    }
}

/// Claims read by one task.
pub(super) const CLAIMS_PER_TASK: usize = 4096;

/// Tasks per thread in a window of claims read before they are registered.
pub(super) const TASKS_PER_THREAD: usize = 8;

/// Items of a long-form section read by one task.
pub(super) const ITEMS_PER_TASK: usize = 4096;

/// Read the items of a section on every core, a run of them per task and a
/// window of runs at a time; `merge` receives each item's diagnostics and
/// result in the order of the file, as a single pass would have made them.
pub(super) fn read_parallel<'v, 'a, T: Send>(
    items: &Items<'v, 'a>,
    reader: &Reader,
    read: impl Fn(&mut Items<'v, 'a>, &mut Reader, usize) -> T + Sync,
    mut merge: impl FnMut(Vec<Diagnostic>, Vec<(usize, Span)>, T),
) {
    let n = items.len();
    let runs: Vec<std::ops::Range<usize>> =
        (0..n).step_by(ITEMS_PER_TASK).map(|a| a..n.min(a + ITEMS_PER_TASK)).collect();
    let threads = items.threads(ITEMS_PER_TASK);
    for window in runs.chunks(threads * TASKS_PER_THREAD) {
        if threads == 1 {
            // Each item merged as it is read: nothing collected. A window
            // has a reader of its own, as on several threads.
            let (mut items, mut r) = (items.fork(), reader.fork());
            for i in window.iter().flat_map(Clone::clone) {
                let out = read(&mut items, &mut r, i);
                merge(std::mem::take(&mut r.diags), std::mem::take(&mut r.uses), out);
            }
            continue;
        }
        let done = crate::par::map_ordered(
            window,
            threads,
            || (items.fork(), reader.fork()),
            |(items, r), run| {
                run.clone()
                    .map(|i| {
                        let out = read(items, r, i);
                        (std::mem::take(&mut r.diags), std::mem::take(&mut r.uses), out)
                    })
                    .collect::<Vec<_>>()
            },
        );
        for (diags, uses, out) in done.into_iter().flatten() {
            merge(diags, uses, out);
        }
    }
}

/// A claim as read, before its id is registered.
pub(super) struct ClaimDraft {
    /// Diagnostics up to the registration of the id, and after it (dropped
    /// when the id turns out to be a duplicate, as a single pass would never
    /// have read the rest).
    pub(super) before: Vec<Diagnostic>,
    pub(super) after: Vec<Diagnostic>,
    /// The id, when the entry is not a claim (an invalid id, not a table).
    pub(super) claim: Result<Claim, String>,
}

/// A run of claims as read by one task: the drafts, with the shorthand
/// relations and absences of each (`from` and the claim index are positions
/// in `drafts` until registration).
pub(super) struct ClaimRun<'a> {
    pub(super) drafts: Vec<ClaimDraft>,
    pub(super) rels: Vec<PendingRelation<'a>>,
    pub(super) absent: Vec<(ClaimIdx, Vec<Ref<'a>>)>,
}

/// Read the claims at `range` of the `claims` table.
pub(super) fn read_claims<'a>(t: &mut Items<'_, 'a>, r: &mut Reader, range: std::ops::Range<usize>) -> ClaimRun<'a> {
    let mut run = ClaimRun { drafts: Vec::with_capacity(range.len()), rels: Vec::new(), absent: Vec::new() };
    for i in range {
        if let Some(p) = t.plain_claim(i)
            && is_valid_id(&p.id)
        {
            // What the full reading below makes of its table, without one.
            let [kind, source, quote, url, note] = p.fields.each_ref().map(|f| f.as_ref().map(|(s, _)| s.to_string()));
            let claim = Claim {
                absent: Vec::new(),
                id: p.id.to_string(),
                text: p.text.to_string(),
                kind,
                tags: p.tags.iter().map(|(t, _)| t.to_string()).collect(),
                source,
                quote,
                url,
                note,
                span: p.span,
            };
            let before = std::mem::take(&mut r.diags);
            run.drafts.push(ClaimDraft { before, after: Vec::new(), claim: Ok(claim) });
            continue;
        }
        let (Some(key), val) = t.get(i) else { continue };
        let (key, val) = (&*key, &*val);
        let local = run.drafts.len() as ClaimIdx;
        let skip = |r: &mut Reader| ClaimDraft {
            before: std::mem::take(&mut r.diags),
            after: Vec::new(),
            claim: Err(key.name.to_string()),
        };
        if !r.check_id(key, "claim") {
            run.drafts.push(skip(r));
            continue;
        }
        let what = What::Named("claim", &key.name);
        let Some(ct) = r.table(val, what) else {
            run.drafts.push(skip(r));
            continue;
        };
        r.check_keys(ct, CLAIM_KEYS, what);
        let before = std::mem::take(&mut r.diags);
        let text = match get(ct, "text") {
            Some(tv) => r.string(tv, "text").unwrap_or_default(),
            None => {
                r.diags.push(
                    Diagnostic::new(
                        Code::MissingKey,
                        format!("{what} has no `text`"),
                        key.span,
                        "this claim needs a `text`",
                    )
                    .with_help("every claim states its content: add `text = \"...\"`"),
                );
                String::new()
            }
        };
        for kind in RelationKind::ALL {
            r.each_str(ct, kind.as_str(), |target| run.rels.push(PendingRelation::shorthand(kind, local, target)));
        }
        let absent = r.str_list(ct, "absent");
        if !absent.is_empty() {
            run.absent.push((local, absent));
        }
        let claim = Claim {
            absent: Vec::new(),
            id: key.name.to_string(),
            text,
            kind: r.opt_str(ct, "kind"),
            tags: r.str_list(ct, "tags").into_iter().map(|t| t.name.to_string()).collect(),
            source: r.opt_str(ct, "source"),
            quote: r.opt_str(ct, "quote"),
            url: r.opt_str(ct, "url"),
            note: r.opt_str(ct, "note"),
            span: key.span,
        };
        run.drafts.push(ClaimDraft { before, after: std::mem::take(&mut r.diags), claim: Ok(claim) });
    }
    run
}

/// Register a run of claims in order: give each its index, or report its id
/// as a duplicate (and drop what else it says). Gives the index of each
/// draft's claim ([`NONE`] for one dropped).
pub(super) fn register_claims<'a>(
    r: &mut Reader,
    parts: &mut ArgMap,
    run: ClaimRun<'a>,
    pending_rel: &mut Vec<PendingRelation<'a>>,
    pending_absent: &mut Vec<(ClaimIdx, Vec<Ref<'a>>)>,
) -> Vec<ClaimIdx> {
    let mut index: Vec<ClaimIdx> = Vec::with_capacity(run.drafts.len());
    for draft in run.drafts {
        let first = r.diags.len();
        r.diags.extend(draft.before);
        let claim = match draft.claim {
            Ok(claim) => claim,
            Err(id) => {
                if r.diags.len() > first {
                    r.mark_broken("claim", &id, first);
                }
                index.push(NONE);
                continue;
            }
        };
        let idx = parts.claims.len() as ClaimIdx;
        let claims = &parts.claims;
        if !r.register(&mut parts.claim_index, "claim", &claim.id, claim.span, idx, |i| claims[i as usize].span) {
            index.push(NONE);
            continue;
        }
        r.diags.extend(draft.after);
        parts.claims.push(claim);
        index.push(idx);
    }
    pending_rel.extend(run.rels.into_iter().filter_map(|mut p| {
        p.from = index[p.from as usize];
        (p.from != NONE).then_some(p)
    }));
    pending_absent.extend(run.absent.into_iter().filter_map(|(c, refs)| {
        let c = index[c as usize];
        (c != NONE).then_some((c, refs))
    }));
    index
}
