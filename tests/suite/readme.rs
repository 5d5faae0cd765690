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
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("elenchus-readme-{}", std::process::id()));
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

/// maps/README.md gives the real output of `elenchus check maps/`: the
/// summary line, the table of findings per map, and (for every map but the
/// roll-call map, whose 93 findings it sums up) each finding's first line.
#[test]
fn maps_readme_gives_the_real_output_of_check_maps() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/maps/README.md")).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_elenchus")).args(args).current_dir(root).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    // The summary line.
    let human = run(&["check", "--color", "never", "maps/"]);
    let summary = human.lines().last().unwrap();
    let shown = block(&readme, "```text");
    assert_eq!(shown.trim_end(), summary, "maps/README.md's summary line");

    // The table: errors, warnings, notes (not acknowledged) and acknowledged, per map.
    let doc: serde_json::Value = serde_json::from_str(&run(&["check", "--format", "json", "maps/"])).unwrap();
    let mut counts: std::collections::BTreeMap<String, [usize; 4]> = std::collections::BTreeMap::new();
    for m in doc["maps"].as_array().unwrap() {
        counts.insert(m["file"].as_str().unwrap().trim_start_matches("maps/").to_string(), [0; 4]);
    }
    for f in doc["findings"].as_array().unwrap() {
        let c = counts.get_mut(f["file"].as_str().unwrap().trim_start_matches("maps/")).unwrap();
        let i = if !f["acknowledged"].is_null() {
            3
        } else {
            ["error", "warning", "note"].iter().position(|l| f["level"] == *l).unwrap()
        };
        c[i] += 1;
    }
    let mut rows = 0;
    for line in readme.lines().filter(|l| l.starts_with("| `") && l.contains(".toml` |")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        let Some(want) = counts.get(cells[0].trim_matches('`')) else { continue };
        let Ok(got) = cells[1..].iter().map(|c| c.parse::<usize>()).collect::<Result<Vec<_>, _>>() else { continue };
        assert_eq!(got, want, "maps/README.md's row for {}", cells[0]);
        rows += 1;
    }
    assert_eq!(rows, counts.len(), "maps/README.md has a row for each map");

    // Each finding's first line, as printed.
    for (file, _) in counts.iter().filter(|(f, _)| *f != "unga-es11.toml") {
        let out = run(&["check", "--color", "never", &format!("maps/{file}")]);
        for line in out.lines().filter(|l| l.contains("]: ") && !l.starts_with(' ')) {
            assert!(readme.contains(line), "maps/README.md does not show `{line}`");
        }
    }
}
