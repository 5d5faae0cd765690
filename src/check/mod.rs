//! Tension checks (placeholder until the rules land).

/// Names of every rule, for validating `[checks]` and `[[acknowledged]]`.
pub fn rule_names() -> Vec<&'static str> {
    vec![
        "relation-conflict",
        "self-defeating-claim",
        "circular-support",
        "contradiction",
        "broken-entailment",
        "unheeded-reason",
        "self-attack",
        "stance-shift",
        "orphan-claim",
        "unsourced-stance",
        "stale-acknowledgement",
    ]
}
