//! The module layers (docs/architecture.md): every `crate::` path in the
//! library's code (comments, strings and unit tests left out) is an arrow
//! from the top-level module that writes it to the one it names. Each
//! arrow must point down the layers, from the command line towards the
//! model, except the few listed in [`KNOWN_UPWARD`] (each one to remove, none
//! to add). No module circle may come back: neither between top-level
//! modules beyond those the known arrows make, nor between the files of one
//! folder (`load/value.rs` and `load/json.rs` once used each other).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer of each top-level module: an arrow goes from a higher layer
/// to a lower one, or between modules of one layer without a circle.
const LAYERS: &[(&str, u32)] = &[
    ("cli", 90),
    // Commands: what one command does, as a library call.
    ("report", 80),
    ("import", 80),
    ("stats", 80),
    ("builder", 80),
    ("config", 80),
    ("fmt", 80),
    ("report_html", 80),
    ("schema", 80),
    ("starter", 80),
    ("lsp", 80),
    ("watch", 80),
    // Foreign formats, read into and written from maps.
    ("formats", 70),
    // Analyses.
    ("stances", 60),
    ("render", 50),
    ("check", 40),
    ("semantics", 40),
    // The loader sits beside the graph, above the model.
    ("load", 30),
    ("graph", 20),
    ("model", 10),
    // The floor: ids, diagnostics, errors, output files, source text, threads.
    ("output", 5),
    ("ids", 5),
    ("error", 4),
    ("diag", 3),
    ("source", 2),
    ("par", 1),
];

/// Arrows up the layers that remain (to remove, one by one).
const KNOWN_UPWARD: &[(&str, &str)] = &[
    ("check", "stances"),
    ("formats", "import"),
    ("load", "check"),
    ("load", "formats"),
    ("model", "load"),
    ("stances", "formats"),
];

/// Circles within one layer that remain (to break): `check` uses the
/// semantics for its acceptance rules, `semantics` the checks' actor model.
const KNOWN_TOP_CIRCLES: &[&[&str]] = &[&["check", "semantics"]];

/// Circles between the files of one folder that remain (to break).
const KNOWN_INNER_CIRCLES: &[&[&str]] = &[&["semantics/ideal", "semantics/scc", "semantics/solve"]];

/// Arrows that made the circles now broken: they must not come back.
const BROKEN_CIRCLES: &[(&str, &str)] =
    &[("report", "cli"), ("error", "import"), ("error", "formats"), ("ids", "graph"), ("load/value", "load/json")];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its unit tests, comments and string literals.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        // Drop string literals (a `crate::` inside one is no arrow).
        let mut in_str = false;
        let mut escaped = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if !in_str && c == '/' && chars.peek() == Some(&'/') {
                break;
            }
            match (in_str, c) {
                (true, _) if escaped => escaped = false,
                (true, '\\') => escaped = true,
                (true, '"') => in_str = false,
                (true, _) => {}
                (false, '"') => in_str = true,
                (false, c) => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

/// The module names following each occurrence of `prefix` in `code`.
fn names_after<'c>(code: &'c str, prefix: &str) -> Vec<&'c str> {
    code.match_indices(prefix)
        .filter(|&(i, _)| !code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(i, _)| {
            let rest = &code[i + prefix.len()..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|n| !n.is_empty())
        .collect()
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Arrows between top-level modules, and between the files of each folder
/// (`load/value` → `load/json`).
fn arrows() -> (Graph, Graph) {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let (mut top, mut inner): (Graph, Graph) = Default::default();
    for f in files {
        let rel = f.strip_prefix(&root).unwrap().to_str().unwrap().trim_end_matches(".rs").to_string();
        let parts: Vec<&str> = rel.split('/').collect();
        if parts == ["lib"] || parts == ["main"] {
            continue;
        }
        let module = parts[0].to_string();
        let text = code(&std::fs::read_to_string(&f).unwrap());
        for name in names_after(&text, "crate::") {
            if name != module {
                top.entry(module.clone()).or_default().insert(name.to_string());
            }
        }
        // Within a folder: `super::X` from a file of the folder, `crate::folder::X`.
        if parts.len() >= 2 && parts[parts.len() - 1] != "mod" {
            let folder = parts[..parts.len() - 1].join("/");
            let me = format!("{folder}/{}", parts[parts.len() - 1]);
            let mut siblings: Vec<&str> = names_after(&text, "super::");
            let qualified = format!("crate::{}::", folder.replace('/', "::"));
            siblings.extend(names_after(&text, &qualified));
            for s in siblings {
                let other = format!("{folder}/{s}");
                let exists = root.join(format!("{other}.rs")).exists() || root.join(&other).join("mod.rs").exists();
                if other != me && exists {
                    inner.entry(me.clone()).or_default().insert(other);
                }
            }
        }
    }
    (top, inner)
}

/// The circles of `g`: its strongly connected components of more than one node.
fn circles(g: &Graph) -> Vec<BTreeSet<String>> {
    let nodes: BTreeSet<&String> = g.keys().chain(g.values().flatten()).collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for m in g.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> = nodes.iter().map(|&n| (n, reach(n))).collect();
    let mut out: Vec<BTreeSet<String>> = Vec::new();
    for &n in &nodes {
        let scc: BTreeSet<String> = nodes
            .iter()
            .filter(|&&m| m == n || (reaches[n].contains(m) && reaches[m].contains(n)))
            .map(|m| (*m).clone())
            .collect();
        if scc.len() > 1 && !out.contains(&scc) {
            out.push(scc);
        }
    }
    out
}

#[test]
fn every_module_has_a_layer() {
    let (top, _) = arrows();
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    for (from, to) in top.iter().flat_map(|(f, ts)| ts.iter().map(move |t| (f, t))) {
        assert!(layers.contains_key(from.as_str()), "src/{from}: add it to LAYERS here and in docs/architecture.md");
        assert!(layers.contains_key(to.as_str()), "src/{to}: add it to LAYERS here and in docs/architecture.md");
    }
}

#[test]
fn arrows_point_down_the_layers() {
    let (top, _) = arrows();
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut upward = Vec::new();
    for (from, tos) in &top {
        for to in tos {
            if layers[to.as_str()] > layers[from.as_str()] {
                upward.push((from.as_str(), to.as_str()));
            }
        }
    }
    let known: Vec<(&str, &str)> = KNOWN_UPWARD.to_vec();
    assert_eq!(
        upward, known,
        "arrows up the layers (docs/architecture.md): remove a new one; drop a removed one from KNOWN_UPWARD"
    );
}

#[test]
fn no_module_circle_comes_back() {
    let (top, inner) = arrows();
    for &(from, to) in BROKEN_CIRCLES {
        let g = if from.contains('/') { &inner } else { &top };
        assert!(!g.get(from).is_some_and(|t| t.contains(to)), "`{from}` uses `{to}` again: a module circle is back");
    }
    // Between the files of a folder: only the known one.
    let known: Vec<BTreeSet<String>> =
        KNOWN_INNER_CIRCLES.iter().map(|c| c.iter().map(|m| m.to_string()).collect()).collect();
    assert_eq!(circles(&inner), known, "module circles inside a folder");
    // Between top-level modules: only those the known upward arrows make.
    let mut without_known = top.clone();
    for (from, to) in KNOWN_UPWARD {
        if let Some(t) = without_known.get_mut(*from) {
            t.remove(*to);
        }
    }
    let known: Vec<BTreeSet<String>> =
        KNOWN_TOP_CIRCLES.iter().map(|c| c.iter().map(|m| m.to_string()).collect()).collect();
    assert_eq!(circles(&without_known), known, "module circles between top-level modules");
}

/// The checker sees what it must: a circle made on purpose is found.
#[test]
fn circles_are_found() {
    let mut g = Graph::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "f"), ("f", "e")] {
        g.entry(a.into()).or_default().insert(b.into());
    }
    let found = circles(&g);
    let set = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(found, [set(&["a", "b", "c"]), set(&["e", "f"])]);
    assert_eq!(names_after(&code("use crate::x::Y; // crate::z\nlet s = \"crate::w\"; ncrate::v"), "crate::"), ["x"]);
}
