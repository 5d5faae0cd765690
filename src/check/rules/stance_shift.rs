use crate::check::rules::*;
use crate::check::{ActorView, Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `stance-shift`: an actor's dated stances on one claim change position.
pub struct StanceShift;

impl Rule for StanceShift {
    fn name(&self) -> &'static str {
        "stance-shift"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Note
    }
    fn summary(&self) -> &'static str {
        "An actor's dated stances on one claim change position over time."
    }
    fn explanation(&self) -> &'static str {
        "\
An actor has several dated stances on one claim and the position changes (for
example it affirms, then abstains), from one day to a later one, or within a
day in the order its times of day or `seq` numbers give. The latest stance is
current and is the one the other rules read; the shift itself is worth
knowing, so it is reported as a note naming the dates.

How to address it: nothing is wrong; if the shift needs explaining, add a
`note` to the later stance, or acknowledge the finding with the reason.

Example:
[actors.state]

[claims.resolution]
text = \"The resolution should be adopted.\"

[[stances]]
actor = \"state\"
claim = \"resolution\"
position = \"affirms\"
date = 2022-03-02

[[stances]]
actor = \"state\"
claim = \"resolution\"
position = \"abstains\"
date = 2023-02-23
"
    }

    fn check_actor(&self, cx: &Context<'_>, view: &ActorView, sink: &mut Sink<'_>) {
        let map = cx.map;
        let actor = &map.actor(view.actor).id;
        for shift in &view.shifts {
            let cid = &map.claim(shift.claim).id;
            let steps: Vec<String> = shift.stances.iter().map(|&s| stance_text(map, s)).collect();
            let mut raw = Raw { actor: Some(view.actor), claims: vec![shift.claim], ..Raw::default() };
            // Each change of position with its date: `it affirms on D1 and abstains on D2`
            // (every change, so that `affirms, abstains, affirms` does not read as no change).
            // The position reads "abstains on D", not `verb`'s "abstains on on D".
            let mut changes: Vec<String> = Vec::new();
            let mut last: Option<Position> = None;
            for &s in &shift.stances {
                let st = map.stance(s);
                if last != Some(st.position) {
                    let date = st.when().unwrap_or_default();
                    changes.push(format!("{} on {date}", st.position));
                    last = Some(st.position);
                }
            }
            let changes = match changes.split_last() {
                Some((tail, init)) if !init.is_empty() => format!("{} and {tail}", init.join(", ")),
                _ => changes.join(""),
            };
            raw.message = format!("{actor}'s stance on `{cid}` changed: it {changes}");
            raw.chain = format!("{actor} {cid}: {}", steps.join(" -> "));
            let n = shift.stances.len();
            for (i, &s) in shift.stances.iter().enumerate() {
                let st = map.stance(s);
                let text = format!("{} on {}", st.position, st.when().unwrap_or_default());
                raw.labels.push(if i + 1 == n {
                    Label::primary(st.span, text)
                } else {
                    Label::secondary(st.span, text)
                });
            }
            sink.push(raw);
        }
    }
}
