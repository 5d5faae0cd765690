//! Load a map file and print its findings as JSON.
//!
//! `cargo run --example check_file -- maps/cambodia-russia.toml`

use elenchus::check::{CheckConfig, check};
use elenchus::{ClaimGraph, load_file};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: check_file MAP")?;
    // Loading reports every problem in the file; `into_map` fails if any is an error.
    let map = load_file(path.as_ref())?.into_map()?;
    // The claim graph is the one structure the checks read.
    let graph = ClaimGraph::build(&map);
    let findings = check(&graph, &CheckConfig::default());
    println!("{}", serde_json::to_string_pretty(&findings)?);
    Ok(())
}
