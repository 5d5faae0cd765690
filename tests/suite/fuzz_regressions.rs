//! Regression tests for what the fuzzers (`fuzz/`), the properties
//! (`tests/suite/properties.rs`) and probing with large inputs found: each test is
//! the minimal input, and what must hold for it. (What the output-safety
//! tests found is tested in `tests/suite/output_safety.rs`.) See
//! `docs/robustness.md`.
//!
//! The inputs are written here rather than as files under `tests/corpus/`:
//! every file there must be a `validate` case of `tests/suite/corpus.rs`.

use elenchus::check::{CheckConfig, check};
use elenchus::diag::Code;
use elenchus::load::{Loaded, load_str};
use elenchus::model::{RelationKind, Target};
use elenchus::source::Format;
use elenchus::{ArgMap, ClaimGraph};

fn load(text: &str, format: Format) -> Loaded {
    load_str("regression", text, format)
}

fn valid(text: &str, format: Format) -> ArgMap {
    let l = load(text, format);
    let shown: Vec<String> = l.diagnostics.iter().map(|d| d.short(&l.file)).collect();
    l.map.unwrap_or_else(|| panic!("does not load: {shown:#?}"))
}

/// Found by the `relations_count_once` property: two statements of one
/// relation (with two ids) each undercut by the same claim gave the
/// undercut twice, because undercuts were told apart by the id they name
/// rather than by the relation it stands for.
#[test]
fn undercuts_of_a_duplicate_relation_count_once() {
    let text = r#"
[claims.a]
text = "A."

[claims.b]
text = "B."

[claims.c]
text = "C."

[[relations]]
id = "r1"
from = "a"
to = "b"
type = "supports"

[[relations]]
id = "r2"
from = "a"
to = "b"
type = "supports"

[[relations]]
from = "c"
to = "r1"
type = "undercuts"

[[relations]]
from = "c"
to = "r2"
type = "undercuts"

[[relations]]
id = "u"
from = "a"
to = "r2"
type = "undercuts"

[[relations]]
from = "b"
to = "u"
type = "undercuts"

[[relations]]
from = "b"
to = "r1"
type = "undercuts"
"#;
    let l = load(text, Format::Toml);
    let map = l.map.as_ref().unwrap();
    // `a supports b`, `c undercuts it`, `a undercuts it` (id `u`), `b undercuts u`, `b undercuts it`.
    assert_eq!(map.relations.len(), 5, "{:#?}", map.relations);
    let supports = map.relation_id("r1").unwrap();
    assert_eq!(map.relation_id("r2"), Some(supports), "both ids name the one relation");
    let undercuts: Vec<(u32, Target)> =
        map.relations.iter().filter(|r| r.kind == RelationKind::Undercuts).map(|r| (r.from, r.to)).collect();
    let c = map.claim_id("c").unwrap();
    assert_eq!(undercuts.iter().filter(|&&u| u == (c, Target::Relation(supports))).count(), 1);
    // One warning per statement stated again: the supports and c's undercut.
    let dups: Vec<&elenchus::Diagnostic> = l.diagnostics.iter().filter(|d| d.code == Code::DuplicateRelation).collect();
    assert_eq!(dups.len(), 2, "{dups:#?}");
    assert_eq!(l.errors(), 0);
    // Chains through the merged relation still resolve.
    let u = map.relation_id("u").unwrap();
    assert_eq!(map.relation(u).to, Target::Relation(supports));
    let b = map.claim_id("b").unwrap();
    assert!(undercuts.contains(&(b, Target::Relation(u))));
    drop(check(&ClaimGraph::build(map), &CheckConfig::default()));
}

/// Found by `relations_count_once` after the first fix: in a cycle of
/// undercuts, a statement repeated word for word (`a undercuts r2` twice)
/// was kept twice once the relation it names had been merged with another.
#[test]
fn repeated_undercuts_in_a_cycle_count_once() {
    let text = r#"{
  "claims": {"a": {"text": "A."}},
  "relations": [
    {"id": "r0", "from": "a", "to": "r2", "type": "undercuts"},
    {"from": "a", "to": "r0", "type": "undercuts"},
    {"id": "r2", "from": "a", "to": "r0", "type": "undercuts"},
    {"from": "a", "to": "r2", "type": "undercuts"}
  ]
}"#;
    let l = load(text, Format::Json);
    let map = valid(text, Format::Json);
    // r0 and the 4th are one statement, the 2nd and r2 another; the first of each is kept.
    assert_eq!(map.relations.len(), 2, "{:#?}", map.relations);
    let (r0, r2) = (map.relation_id("r0").unwrap(), map.relation_id("r2").unwrap());
    assert_eq!((map.relation(r0).to, map.relation(r2).to), (Target::Relation(r2), Target::Relation(r0)));
    assert_eq!(map.relation(r2).span.start, l.diagnostics[0].labels[1].span.start, "the first statement is kept");
    assert_eq!(l.warnings(), 2);
    drop(check(&ClaimGraph::build(&map), &CheckConfig::default()));
}

/// Run `f` on a thread of its own and fail if it takes more than `secs`
/// seconds (a hang would otherwise stall the test run).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()).unwrap());
    rx.recv_timeout(std::time::Duration::from_secs(secs)).expect("it hangs")
}

/// Found by the `render` fuzz target (out of memory): drawing the
/// neighbourhood of a claim (`render --focus`) followed a loop of undercuts
/// round and round, collecting its claims until memory ran out.
#[test]
fn focus_on_a_loop_of_undercuts_ends() {
    let text = r#"{
  "claims": {"a": {"text": "A."}, "b": {"text": "B."}, "c": {"text": "C."}},
  "relations": [
    {"id": "r1", "from": "a", "to": "r2", "type": "undercuts"},
    {"id": "r2", "from": "b", "to": "r1", "type": "undercuts"},
    {"from": "c", "to": "a", "type": "supports"}
  ]
}"#;
    let map = valid(text, Format::Json);
    let drawn = within(20, move || {
        let graph = ClaimGraph::build(&map);
        let mut drawn = Vec::new();
        for (focus, depth) in [("a", 1), ("b", 2), ("c", 3)] {
            let opts = elenchus::render::Options { focus: Some(focus.into()), depth, ..Default::default() };
            let scene = elenchus::render::Scene::build(&graph, &opts, &[]).unwrap();
            drawn.push(scene.nodes.iter().filter(|n| matches!(n.role, elenchus::render::Role::Claim(_))).count());
        }
        drawn
    });
    // Each claim is within reach of the others: `c` supports `a`, and the
    // loop joins `a` and `b`.
    assert_eq!(drawn, [3, 3, 3]);
}

/// The CPU time the calling thread has used: unlike the wall-clock time it
/// does not grow when other processes share the machine.
#[cfg(unix)]
fn thread_cpu() -> std::time::Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec to write to; the clock exists on every unix.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[cfg(not(unix))]
fn thread_cpu() -> std::time::Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// A chain of `n` undercuts: ri (i < n-1) is `c(i+1) undercuts r(i+1)`;
/// r(n-1) is `c0 supports c1`, or when `closed`, `c0 undercuts r0` (the chain
/// closed into one loop).
fn undercut_chain(n: usize, closed: bool) -> ArgMap {
    let mut s = String::with_capacity(n * 90);
    for i in 0..=n {
        s.push_str(&format!("[claims.c{i}]\ntext = \"Claim {i}.\"\n"));
    }
    for i in 0..n - 1 {
        s.push_str(&format!(
            "[[relations]]\nid = \"r{i}\"\nfrom = \"c{}\"\nto = \"r{}\"\ntype = \"undercuts\"\n",
            i + 1,
            i + 1
        ));
    }
    let last = if closed { "to = \"r0\"\ntype = \"undercuts\"" } else { "to = \"c1\"\ntype = \"supports\"" };
    s.push_str(&format!("[[relations]]\nid = \"r{}\"\nfrom = \"c0\"\n{last}\n", n - 1));
    let map = valid(&s, Format::Toml);
    assert_eq!(map.relations.len(), n);
    map
}

/// Build the graph of a map and draw it whole and around `c0`, as DOT; the
/// CPU time that took, and the number of nodes of each drawing.
fn render_cpu(map: &ArgMap) -> (std::time::Duration, Vec<usize>) {
    let t0 = thread_cpu();
    let graph = ClaimGraph::build(map);
    let mut nodes = Vec::new();
    for focus in [None, Some("c0".to_string())] {
        let opts = elenchus::render::Options { focus, ..Default::default() };
        let scene = elenchus::render::Scene::build(&graph, &opts, &[]).unwrap();
        assert!(!elenchus::render::dot::to_dot(&scene).is_empty());
        nodes.push(scene.nodes.len());
    }
    (thread_cpu() - t0, nodes)
}

/// Found while probing the corpus's 100,000-long undercut chain written the
/// other way round (each undercut naming the next relation, not the
/// previous): deciding which relations to draw searched the chain so far at
/// each step, quadratic time (half a minute for DOT output in a debug build,
/// against 3 s for the same chain written forwards). Also the chain closed
/// into one loop of undercuts, drawn whole and around a focus.
///
/// Linear time is checked by growth, not by a time limit (which a loaded
/// machine would break): four times the chain may take at most eight times
/// the CPU time (linear work takes about four times; the quadratic search
/// took sixteen). The smaller chain is timed twice and the faster run counts.
#[test]
fn long_undercut_chains_render_in_linear_time() {
    const N: usize = 8_000;
    for closed in [false, true] {
        let (small, large) = (undercut_chain(N, closed), undercut_chain(4 * N, closed));
        let measured = within(600, move || {
            // The small map twice, the faster run counting: a slow first run
            // (cold caches) cannot make the growth look smaller than it is.
            let (a, nodes_small) = render_cpu(&small);
            let (b, again) = render_cpu(&small);
            assert_eq!(nodes_small, again, "the same map drawn twice");
            ((a.min(b), nodes_small), render_cpu(&large))
        });
        let ((t_small, nodes_small), (t_large, nodes_large)) = measured;
        // Drawn whole: every claim and every relation's node.
        assert!(nodes_small.iter().all(|&n| n > 0) && nodes_large.iter().all(|&n| n > 0));
        assert!(nodes_large[0] > 3 * nodes_small[0], "{nodes_small:?} {nodes_large:?}");
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-3);
        assert!(
            ratio <= 8.0,
            "closed {closed}: {N} undercuts took {t_small:?} of CPU, {} took {t_large:?} ({ratio:.1} times)",
            4 * N
        );
    }
}
