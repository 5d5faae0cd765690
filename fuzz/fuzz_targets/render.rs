//! Random maps (see `elenchus_fuzz::Case`) rendered: the DOT output must
//! parse back with graphviz-rust, the builtin engine's SVG must be XML with
//! each claim's text as a node title. Graphviz itself is not run (too slow
//! per case). See `docs/robustness.md`.
#![no_main]

use elenchus::render::{self, Engine, GroupBy, Options, Output, Scene};
use elenchus::{ClaimGraph, check};
use elenchus_fuzz::arbitrary::{Result, Unstructured};
use elenchus_fuzz::{Case, config};
use libfuzzer_sys::fuzz_target;

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let case = Case::generate(&mut u)?;
    let config = config(&mut u)?;
    let loaded = case.load();
    let Some(map) = &loaded.map else { return Ok(()) };
    let graph = ClaimGraph::build(map);
    let findings = check(&graph, &config);
    let tensions = render::tensions_of(map, &findings);
    let opts = Options {
        tensions: u.ratio(3, 4)?,
        actor: if u.ratio(1, 2)? && !case.actors.is_empty() { Some(u.choose(&case.actors)?.clone()) } else { None },
        actors: u.ratio(1, 2)?,
        group_by: if u.ratio(1, 3)? { Some(GroupBy::Tag) } else { None },
        focus: if u.ratio(1, 3)? { Some(u.choose(&case.claims)?.clone()) } else { None },
        depth: u.int_in_range(0..=3)?,
    };
    let scene = Scene::build(&graph, &opts, &tensions).expect("the actor and claim exist");

    let (dot, _) = render::render(&scene, Output::Dot, Engine::Builtin).unwrap();
    if let Err(e) = graphviz_rust::parse(&dot) {
        panic!("the DOT does not parse: {e}\n{dot}");
    }

    let (svg, _) = render::render(&scene, Output::Svg, Engine::Builtin).unwrap();
    let doc = match roxmltree::Document::parse(&svg) {
        Ok(d) => d,
        Err(e) => panic!("the SVG is not XML: {e}\n{svg}"),
    };
    assert!(doc.root_element().has_tag_name("svg"));
    assert!(!doc.descendants().any(|n| n.has_tag_name("script") || n.has_tag_name("foreignObject")));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class").is_some_and(|c| c.split(' ').any(|w| w == "node")))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("title")))
        .map(|t| t.text().unwrap_or(""))
        .collect();
    for node in &scene.nodes {
        if let render::Role::Claim(c) = node.role {
            let want = render::text::visible(&map.claim(c).text);
            assert!(titles.contains(&want.as_ref()), "claim `{}` has no node titled {want:?}", map.claim(c).id);
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
