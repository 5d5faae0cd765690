//! Render the neighbourhood of one claim to SVG, with one actor's stances.
//!
//! `cargo run --example render_focus -- [MAP] [CLAIM] [OUT.svg]`
//! (defaults: the Cambodia map, the Human Rights Council vote, `target/focus.svg`)

use elenchus::render::{Engine, Options, Output, Scene, render, tensions};
use elenchus::{ClaimGraph, load_file};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "maps/cambodia-russia.toml".into());
    let focus = args.next().unwrap_or_else(|| "es-11-3".into());
    let out = args.next().unwrap_or_else(|| "target/focus.svg".into());

    let map = load_file(path.as_ref())?.into_map()?;
    let graph = ClaimGraph::build(&map);

    // What to draw: the claims within two relations of `focus`, marked with
    // Cambodia's stances (when the map has that actor), and the tensions the
    // checks find among them.
    let opts = Options {
        focus: Some(focus),
        depth: 2,
        actor: map.actor_id("cambodia").map(|_| "cambodia".to_string()),
        ..Options::default()
    };
    let scene = Scene::build(&graph, &opts, &tensions(&graph))?;

    // The builtin engine needs no Graphviz; `Engine::Auto` would use `dot` when installed.
    let (svg, _engine) = render(&scene, Output::Svg, Engine::Builtin)?;
    std::fs::write(&out, &svg)?;
    println!("wrote {out} ({} claims, {} bytes)", scene.nodes.len(), svg.len());
    Ok(())
}
