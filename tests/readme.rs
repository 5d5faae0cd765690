//! The README shows a map and what `elenchus check` says about it: keep both true.

use std::process::Command;

fn block<'a>(text: &'a str, fence: &str) -> &'a str {
    let start = text.find(fence).unwrap_or_else(|| panic!("README has no {fence} block")) + fence.len() + 1;
    let end = start + text[start..].find("```").expect("unclosed block");
    &text[start..end]
}

#[test]
fn readme_example_is_the_test_map_and_its_output_is_real() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let map = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/readme.toml")).unwrap();
    assert_eq!(block(&readme, "```toml"), map, "README's map differs from tests/data/readme.toml");

    let console = block(&readme, "```console");
    let (command, shown) = console.split_once('\n').unwrap();
    assert_eq!(command, "$ elenchus check tests/data/readme.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_elenchus"))
        .args(["check", "--color", "never", "tests/data/readme.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown);
}
