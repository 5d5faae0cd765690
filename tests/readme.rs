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

/// The pictures in the README and docs are made by the commands the README
/// shows: regenerate each and compare with the committed file.
#[test]
fn readme_pictures_are_up_to_date() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .flat_map(|l| l.split('`'))
        .filter(|l| l.starts_with("elenchus render ") && l.contains(" -o docs/"))
        .collect();
    assert!(commands.len() >= 2, "README shows the commands that draw its pictures");
    let dir = std::env::temp_dir().join(format!("elenchus-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for command in commands {
        let mut args: Vec<String> = command.split_whitespace().skip(1).map(String::from).collect();
        let o = args.iter().position(|a| a == "-o").unwrap();
        let committed = format!("{root}/{}", args[o + 1]);
        let fresh = dir.join("picture.svg");
        args[o + 1] = fresh.display().to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_elenchus")).args(&args).current_dir(root).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(
            std::fs::read(&fresh).unwrap() == std::fs::read(&committed).unwrap(),
            "{committed} is out of date: run `{command}`"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
