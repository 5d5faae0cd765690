//! `[[acknowledged]]` entries, in a map or in a baseline file.

use super::*;

/// The ids an acknowledgement in a map must name.
#[derive(Clone, Copy)]
pub(super) struct Known<'m> {
    pub(super) actors: &'m IdIndex,
    pub(super) claims: &'m IdIndex,
}

/// Read the `[[acknowledged]]` array of a map (`known` holds its ids, which
/// every entry must name) or of a baseline (`None`: ids are not looked up,
/// and entries may name a `file`).
pub(super) fn read_acks(r: &mut Reader, v: &Value<'_>, known: Option<Known<'_>>) -> Vec<Acknowledgement> {
    let mut out = Vec::new();
    let Some(items) = r.array(v, "`acknowledged`") else { return out };
    for (i, item) in items.iter().enumerate() {
        let what = What::Nth("acknowledgement", i + 1);
        let Some(t) = r.table(item, what) else { continue };
        r.check_keys(t, if known.is_some() { ACK_KEYS } else { BASELINE_ACK_KEYS }, what);
        let fingerprint = r.opt_ref(t, "fingerprint");
        // `rule` may be left out only when a fingerprint names the finding.
        let rule = if fingerprint.is_some() { r.opt_ref(t, "rule") } else { r.req_ref(t, "rule", what, item.span) };
        let reason = r.req_ref(t, "reason", what, item.span);
        let actor = r.opt_ref(t, "actor");
        let file = if known.is_some() { None } else { r.opt_ref(t, "file") };
        let mut ok = reason.is_some() && (rule.is_some() || fingerprint.is_some());
        let claims = match get(t, "claims") {
            None => None,
            Some(Value { kind: Kind::String(s), .. }) if s == "*" => Some(AckClaims::Any),
            Some(v @ Value { kind: Kind::String(s), .. }) => {
                r.diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!(
                            "`claims` must be an array of claim ids or \"*\", found the string `{}`",
                            s.escape_debug()
                        ),
                        v.span,
                        "expected an array, or \"*\"",
                    )
                    .with_help(
                        "write `claims = [\"a\", \"b\"]` for the finding on exactly these claims, or `claims = \"*\"` \
                         for every finding of the rule",
                    ),
                );
                ok = false;
                None
            }
            Some(_) => {
                let list = r.str_list(t, "claims");
                if let Some(k) = known {
                    for c in &list {
                        ok &= r.resolve(k.claims, c, "claim").is_some();
                    }
                }
                Some(AckClaims::Exactly(list.into_iter().map(|c| c.name.to_string()).collect()))
            }
        };
        let rule = rule.and_then(|rule| {
            let checked = r.check_rule(&rule.name, rule.span);
            ok &= checked.is_some();
            checked
        });
        if let (Some(a), Some(k)) = (&actor, known) {
            ok &= r.resolve(k.actors, a, "actor").is_some();
        }
        if let Some(f) = &fingerprint
            && !crate::check::is_fingerprint(&f.name)
        {
            r.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` is not a fingerprint", f.name.escape_debug()),
                    f.span,
                    "not a fingerprint",
                )
                .with_help("a fingerprint is 16 lowercase hex digits, as in a finding's `fingerprint`"),
            );
            ok = false;
        }
        if let (Some(reason), true) = (reason, ok) {
            out.push(Acknowledgement {
                rule,
                actor: actor.map(|a| a.name.to_string()),
                claims,
                fingerprint: fingerprint.map(|f| f.name.to_string()),
                file: file.map(|f| f.name.to_string()),
                reason: reason.name.to_string(),
                span: item.span,
            });
        }
    }
    out
}

/// Read a parsed baseline file: its `[[acknowledged]]` entries, and every
/// problem found in it.
pub(crate) fn read_baseline(root: &Value<'_>, known_rules: &[&'static str]) -> (Vec<Acknowledgement>, Vec<Diagnostic>) {
    let mut r = Reader::new(known_rules);
    let Some(top) = r.table(root, "the baseline file") else { return (Vec::new(), r.diags) };
    r.check_keys(top, BASELINE_KEYS, "the baseline file");
    let acks = get(top, "acknowledged").map(|v| read_acks(&mut r, v, None)).unwrap_or_default();
    (acks, r.diags)
}
