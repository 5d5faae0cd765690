use crate::check::rules::*;
use crate::check::{Context, Raw, Rule, Sink};
use crate::model::*;
use crate::stances::{Matrix, scale};

/// The fewest actors with a position a claim needs to count as a vote here.
const MIN_VOTERS: usize = 10;
/// The fewest votes a scale needs.
const MIN_VOTES: usize = 3;
/// The coefficient of reproducibility from which the votes form a scale
/// (Guttman's conventional 0.90).
const MIN_REPRODUCIBILITY: f64 = 0.90;
/// The largest actor × vote matrix scaled (cells); beyond, a note says the
/// rule did not run.
const MAX_CELLS: usize = 50_000_000;

/// `off-scale`: an actor whose votes break the Guttman scale the map's votes
/// form.
pub struct OffScale;

impl Rule for OffScale {
    fn name(&self) -> &'static str {
        "off-scale"
    }
    fn default_level(&self) -> RuleLevel {
        RuleLevel::Note
    }
    fn summary(&self) -> &'static str {
        "An actor's votes break the scale that the map's votes form."
    }
    fn explanation(&self) -> &'static str {
        "\
The map's votes (claims of kind `proposal` on which at least 10 actors took a
position) are put on a Guttman scale, as `elenchus stances --scale` does
(docs/stance-analysis.md): affirms > abstains > denies, the claims ordered
from the most to the least supported, each actor's score the number of
steps it passes. When the votes form a scale (at least 3 votes, coefficient
of reproducibility at least 0.90 and above the minimal marginal
reproducibility), an actor whose votes differ from the perfect pattern of
its score is reported, with each vote that breaks the scale and the vote
the scale expects there.

Such an actor supports a harder measure while withholding an easier one (or
the reverse): its votes follow some other logic than the one most voters
share. That is not a tension in itself (the actor may have its reasons,
which the map can record), so the rule is a note: these are the profiles
worth reading. An actor whose positions all follow the scale, such as one
that condemns an act and withholds the penalty, is not reported. Votes that
form no scale report nothing. A matrix of more than 50,000,000 actor-vote
cells is not scaled (one note says so).

How to address it: read the breaking votes; record the reasons the actor
gave for them, or acknowledge the finding.

Example:
[claims.p1]
text = \"Condemn the invasion.\"
kind = \"proposal\"

[claims.p2]
text = \"Demand a ceasefire.\"
kind = \"proposal\"

[claims.p3]
text = \"Suspend the aggressor's membership.\"
kind = \"proposal\"

[actors.a1]
affirms = [\"p1\", \"p2\", \"p3\"]
[actors.a2]
affirms = [\"p1\", \"p2\", \"p3\"]
[actors.a3]
affirms = [\"p1\", \"p2\", \"p3\"]
[actors.a4]
affirms = [\"p1\", \"p2\", \"p3\"]
[actors.a5]
affirms = [\"p1\", \"p2\"]
denies = [\"p3\"]
[actors.a6]
affirms = [\"p1\", \"p2\"]
denies = [\"p3\"]
[actors.a7]
affirms = [\"p1\"]
denies = [\"p2\", \"p3\"]
[actors.a8]
affirms = [\"p1\"]
denies = [\"p2\", \"p3\"]
[actors.a9]
denies = [\"p1\", \"p2\", \"p3\"]
[actors.mixed]
affirms = [\"p2\", \"p3\"]
denies = [\"p1\"]
"
    }

    fn check_map(&self, cx: &Context<'_>, sink: &mut Sink<'_>) {
        let map = cx.map;
        // The votes: proposals with enough voters (current positions).
        let mut voters = vec![0usize; map.claims.len()];
        let mut seen = std::collections::HashSet::new();
        for s in &map.stances {
            if map.claim(s.claim).kind.as_deref() == Some("proposal") && seen.insert((s.actor, s.claim)) {
                voters[s.claim as usize] += 1;
            }
        }
        let votes: Vec<ClaimIdx> =
            (0..map.claims.len() as ClaimIdx).filter(|&c| voters[c as usize] >= MIN_VOTERS).collect();
        if votes.len() < MIN_VOTES {
            return;
        }
        let actors: Vec<ActorIdx> = {
            let mut has = vec![false; map.actors.len()];
            for s in &map.stances {
                if voters[s.claim as usize] >= MIN_VOTERS {
                    has[s.actor as usize] = true;
                }
            }
            (0..map.actors.len() as ActorIdx).filter(|&a| has[a as usize]).collect()
        };
        if actors.len().saturating_mul(votes.len()) > MAX_CELLS {
            sink.push(Raw {
                message: format!(
                    "the votes were not put on a scale: {} actors on {} votes is more than {MAX_CELLS} cells; `elenchus stances --scale --claims ...` scales a selection",
                    actors.len(),
                    votes.len()
                ),
                chain: "too large to scale here".into(),
                at_most_note: true,
                ..Raw::default()
            });
            return;
        }
        let m = Matrix::build(map, Some(&actors), Some(&votes));
        let sc = scale::scale(&m);
        let (Some(rep), Some(mmr)) = (sc.reproducibility(), sc.minimal_marginal()) else { return };
        if sc.claims.len() < MIN_VOTES || rep < MIN_REPRODUCIBILITY || rep <= mmr {
            return;
        }
        let order: Vec<&str> = sc.claims.iter().map(|&c| map.claim(m.claims[c]).id.as_str()).collect();
        let word = |score: u8| match score {
            2 => "affirms",
            1 => "abstains",
            _ => "denies",
        };
        let mut anomalies = sc.anomalies();
        // In the order of the map's actors, so findings follow the file.
        anomalies.sort_by_key(|a| m.actors[a.row]);
        for a in anomalies {
            let actor = m.actors[a.row];
            let id = &map.actor(actor).id;
            let mut labels = Vec::new();
            let mut claims = Vec::new();
            let mut breaks = Vec::new();
            for b in &a.breaks {
                let c = m.claims[b.col];
                let cid = &map.claim(c).id;
                claims.push(c);
                breaks.push(format!("`{cid}` {} (scale: {})", word(b.observed), word(b.expected)));
                let text = format!("{id} {} `{cid}`; the scale expects: {}", word(b.observed), word(b.expected));
                match m.stance(a.row, b.col) {
                    Some(s) => labels.push(crate::diag::Label::secondary(s.span, text)),
                    None => labels.push(claim_label(map, c, text)),
                }
            }
            if let Some(first) = labels.first_mut() {
                first.primary = true;
            }
            sink.push(Raw {
                actor: Some(actor),
                claims,
                message: format!(
                    "{id}'s votes break the scale the map's votes form (reproducibility {rep:.3} on {} votes): {}",
                    sc.claims.len(),
                    breaks.join("; ")
                ),
                chain: format!(
                    "scale, most supported first: {}; {id} scores {}/{} with {} error{}",
                    order.join(" > "),
                    a.score,
                    2 * a.answered,
                    a.errors,
                    if a.errors == 1 { "" } else { "s" }
                ),
                labels,
                ..Raw::default()
            });
        }
    }
}
