//! Build a map in code and check it for tensions.
//!
//! `cargo run --example build_and_check`

use elenchus::builder::StanceOpts;
use elenchus::model::{Date, Position, RelationKind};
use elenchus::{CheckConfig, ClaimGraph, MapBuilder, check};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A principle supports two proposals; the actor votes for one and
    // abstains on the other, and gives a reason against the second.
    let mut b = MapBuilder::new("A principle and two votes");
    b.claim("no-invasions", "Invading another country is wrong.")
        .claim("deplore", "The assembly should deplore the invasion.")
        .claim("suspend", "The invader should be suspended from the council.")
        .claim("exclusion-fails", "Excluding the invader is not a solution.")
        .relate("no-invasions", RelationKind::Supports, "deplore")
        .relate("no-invasions", RelationKind::Supports, "suspend")
        .relate("exclusion-fails", RelationKind::Attacks, "suspend")
        .actor("state", "A state")
        .stance("state", "no-invasions", Position::Affirms)
        .stance("state", "exclusion-fails", Position::Affirms)
        .stance("state", "deplore", Position::Affirms)
        .stance_with(
            "state",
            "suspend",
            Position::Abstains,
            StanceOpts { date: Date::new(2022, 4, 7), via: Some("recorded vote"), ..Default::default() },
        );

    // The builder goes through the same loader as files: bad references are
    // reported as diagnostics, and `into_map` fails on errors.
    let map = b.build().into_map()?;
    let graph = ClaimGraph::build(&map);
    let findings = check(&graph, &CheckConfig::default());

    // Exactly one finding: the abstention, addressed by the reason the actor gives.
    for f in &findings {
        println!("{}[{}]: {}", f.level, f.rule, f.message);
        println!("  chain: {}", f.chain);
        println!("  addressed by: {:?}", f.addressed_by);
    }
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].addressed_by, ["exclusion-fails"]);
    Ok(())
}
