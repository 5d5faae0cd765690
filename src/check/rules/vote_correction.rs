use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::diag::Label;
use crate::model::*;

/// `vote-correction`: a stance whose official record (`recorded`) differs
/// from the position the actor intended (`position`), which every analysis
/// reads.
pub struct VoteCorrection;

impl Rule for VoteCorrection {
    fn name(&self) -> &'static str {
        "vote-correction"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Note
    }
    fn summary(&self) -> &'static str {
        "A vote is recorded otherwise than the actor intended; it is analysed as intended."
    }
    fn explanation(&self) -> &'static str {
        "\
A `[[stances]]` entry gives, beside its `position` (what the actor intended),
the position the official record shows (`recorded`): the actor said
afterwards that its vote was recorded in error (at the UN General Assembly, a
delegation's statement that it had meant to vote otherwise; the record itself
is not changed). Every rule, `render` and `stances` read the intended
`position`; this note says that the record differs, so that a reader who
compares the map with the record knows why. It is a note, not a tension: the
map records both and says which it analyses.

The note names the `correction` (where the actor said so) when there is one.

How to address it: nothing to do; set the rule to `allow` to hide the notes,
or leave `recorded` out to analyse the vote as recorded.

Example:
[actors.state]

[claims.resolution]
text = \"The resolution should be adopted.\"
kind = \"proposal\"

[[stances]]
actor = \"state\"
claim = \"resolution\"
position = \"affirms\"
recorded = \"abstains\"
correction = \"Its statement after the vote, in the meeting record.\"
date = 2022-03-02
via = \"vote on the resolution\"
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let map = cx.map;
        for s in &map.stances {
            let Some(rec) = &s.recorded else { continue };
            let (aid, cid) = (&map.actor(s.actor).id, &map.claim(s.claim).id);
            let when = s.when().map(|w| format!(" on {w}")).unwrap_or_default();
            let mut notes = vec![format!(
                "every rule reads the intended position ({}); the record is kept in `recorded`",
                s.position
            )];
            if let Some(c) = &rec.correction {
                notes.push(format!("correction: {c}"));
            }
            sink.push(Raw {
                actor: Some(s.actor),
                claims: vec![s.claim],
                message: format!(
                    "{aid}'s vote on `{cid}`{when} is recorded as `{}`, but it intended `{}`: analysed as intended",
                    rec.position, s.position
                ),
                chain: format!("{aid} {} {cid} (recorded: {})", verb(s.position), rec.position),
                labels: vec![
                    Label::primary(s.span, format!("intended: {}", s.position)),
                    Label::secondary(rec.span, format!("recorded: {}", rec.position)),
                ],
                discriminant: Some(format!("{}@{}", s.position, s.when().unwrap_or_default())),
                notes,
                ..Raw::default()
            });
        }
    }
}
