//! The starter map `elenchus init` writes: a short, commented map with one
//! actor, three claims, one relation of each type and one dated stance. It
//! is valid, and `check` finds exactly one tension in it (a
//! `conflicting-position` warning), so that a new author sees a finding and
//! how it is reported before writing a map of their own.

/// The starter map, in TOML.
pub const STARTER_MAP: &str = r#"# A starter argument map: edit it, or start from it.
# The format is in docs/format.md, the checks in docs/checks.md.

[map]
title = "Should the town centre be closed to cars?"

# Actors take positions on claims.
[actors.council]
name = "Town council"
kind = "institution"

# Claims: one statement each, under an id of your choosing.
[claims.close-centre]
text = "The town centre should be closed to cars."
kind = "proposal"

[claims.cleaner-air]
text = "Closing the centre to cars would make the town's air cleaner."
kind = "prediction"
source = "Air quality report, 2024"

[claims.traffic-moves]
text = "Closing the centre to cars would only move the traffic, and its exhaust, to the streets around it."
kind = "prediction"
# Relations in shorthand, on the claim they start from.
attacks = ["close-centre"]
contradicts = ["cleaner-air"]

# Relations in long form. An id lets another relation point at this one.
[[relations]]
id = "air-case"
from = "cleaner-air"
to = "close-centre"
type = "supports"

# An undercut: even if the air in the centre got cleaner, that would not
# support closing it, as the exhaust only moves.
[[relations]]
from = "traffic-moves"
to = "air-case"
type = "undercuts"

# `implies`: the second claim follows strictly from the first.
[[relations]]
from = "close-centre"
to = "traffic-moves"
type = "implies"

# Stances: who affirms, denies or abstains on a claim, and when. The
# council affirms closing the centre, which implies that the traffic moves,
# which attacks closing the centre: `elenchus check` reports this tension.
[[stances]]
actor = "council"
claim = "close-centre"
position = "affirms"
date = 2024-05-14
source = "Council minutes, 14 May 2024"
"#;

/// What to do after `elenchus init PATH`: commands to run on the new map.
pub fn next_steps(path: &str) -> String {
    format!(
        "Next:\n  \
         elenchus check {path}                   # one tension (a warning): read it, then edit the map\n  \
         elenchus explain conflicting-position   # what that finding means\n  \
         elenchus render {path} -o map.svg       # draw the map\n\
         The format is in docs/format.md, the rules in docs/checks.md (`elenchus rules` lists them).\n"
    )
}
