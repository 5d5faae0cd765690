//! `elenchus evaluate` and the library behind it: a map's framework under
//! each reading of `supports`, the explanations of grounded labels, and the
//! verdicts on actors, checked against brute-force re-implementations of
//! their definitions (docs/semantics.md) over small random maps.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use elenchus::ClaimGraph;
use elenchus::check::ActorView;
use elenchus::load::load_str;
use elenchus::model::ArgMap;
use elenchus::semantics::actor::{Judge, Positions, marco, verdict};
use elenchus::semantics::evaluate::{Options, evaluate};
use elenchus::semantics::explain::{Grounded, Why};
use elenchus::semantics::framework::{Arg, Limits, MapFramework, Reason, Support};
use elenchus::semantics::{Label, Semantics, solve};
use elenchus::source::Format;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Random bipolar maps.

#[derive(Clone, Debug)]
struct Rel {
    kind: &'static str,
    from: Vec<usize>,
    /// A claim, or (for an undercut) the index of an earlier relation.
    to: usize,
}

#[derive(Clone, Debug)]
struct Spec {
    claims: usize,
    rels: Vec<Rel>,
    /// (actor, claim, affirms?)
    stances: Vec<(usize, usize, bool)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (3usize..7).prop_flat_map(|n| {
        let rel = (0usize..8, proptest::collection::vec(0..n, 1..3), 0..n, any::<u8>());
        let stance = (0usize..2, 0..n, any::<bool>());
        (proptest::collection::vec(rel, 1..10), proptest::collection::vec(stance, 0..8)).prop_map(
            move |(raw, raw_stances)| {
                let mut rels: Vec<Rel> = Vec::new();
                let mut seen = BTreeSet::new();
                for (k, mut from, to, pick) in raw {
                    let kind = [
                        "attacks",
                        "attacks",
                        "contradicts",
                        "supports",
                        "supports",
                        "implies",
                        "undercuts",
                        "undercuts",
                    ][k];
                    if kind == "undercuts" {
                        // An earlier relation that is not itself an undercut.
                        let targets: Vec<usize> = (0..rels.len()).filter(|&i| rels[i].kind != "undercuts").collect();
                        if targets.is_empty() {
                            continue;
                        }
                        let t = targets[pick as usize % targets.len()];
                        from.truncate(1);
                        if seen.insert((kind, from.clone(), t)) {
                            rels.push(Rel { kind, from, to: t });
                        }
                        continue;
                    }
                    if !matches!(kind, "supports" | "implies") || from.len() < 2 || from[0] == from[1] {
                        from.truncate(1);
                    }
                    if from.contains(&to) {
                        continue;
                    }
                    let mut key = from.clone();
                    key.sort();
                    let key_to = if kind == "contradicts" { to.min(from[0]) } else { to };
                    if kind == "contradicts" {
                        key = vec![to.max(from[0])];
                    }
                    let dup_contra = kind == "contradicts" && seen.contains(&("contradicts", key.clone(), key_to));
                    if !dup_contra && seen.insert((kind, key, key_to)) {
                        rels.push(Rel { kind, from, to });
                    }
                }
                let mut stances = Vec::new();
                let mut had = BTreeSet::new();
                for (a, c, affirms) in raw_stances {
                    if had.insert((a, c)) {
                        stances.push((a, c, affirms));
                    }
                }
                Spec { claims: n, rels, stances }
            },
        )
    })
}

fn toml(spec: &Spec) -> String {
    let mut s = String::new();
    for c in 0..spec.claims {
        s += &format!("[claims.c{c}]\ntext = \"claim {c}\"\n\n");
    }
    for a in 0..2 {
        s += &format!("[actors.a{a}]\nname = \"actor {a}\"\n\n");
    }
    for (i, r) in spec.rels.iter().enumerate() {
        let from = if r.from.len() == 1 {
            format!("\"c{}\"", r.from[0])
        } else {
            format!("[{}]", r.from.iter().map(|p| format!("\"c{p}\"")).collect::<Vec<_>>().join(", "))
        };
        let to = if r.kind == "undercuts" { format!("r{}", r.to) } else { format!("c{}", r.to) };
        s += &format!("[[relations]]\nid = \"r{i}\"\nfrom = {from}\nto = \"{to}\"\ntype = \"{}\"\n\n", r.kind);
    }
    for &(a, c, affirms) in &spec.stances {
        let p = if affirms { "affirms" } else { "denies" };
        s += &format!("[[stances]]\nactor = \"a{a}\"\nclaim = \"c{c}\"\nposition = \"{p}\"\nsource = \"s\"\n\n");
    }
    s
}

fn load(text: &str) -> ArgMap {
    let loaded = load_str("t.toml", text, Format::Toml);
    let errors: Vec<String> =
        loaded.diagnostics.iter().filter(|d| d.level == elenchus::Level::Error).map(|d| d.message.clone()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    loaded.map.expect("a valid map")
}

// ---------------------------------------------------------------------------
// The oracle: the framework of a spec, by the definitions in
// docs/semantics.md, with reachability by a closure over support edges.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum O {
    Claim(usize),
    Rel(usize, usize),
    Junction(usize),
}

struct Oracle {
    args: Vec<O>,
    attacks: BTreeSet<(O, O)>,
}

fn oracle(spec: &Spec, support: Support) -> Oracle {
    let undercut: BTreeSet<usize> = spec.rels.iter().filter(|r| r.kind == "undercuts").map(|r| r.to).collect();
    let mut args: Vec<O> = (0..spec.claims).map(O::Claim).collect();
    // The arguments of each relation, and the argument it acts through from each end.
    let mut of_rel: BTreeMap<usize, Vec<O>> = BTreeMap::new();
    for (i, r) in spec.rels.iter().enumerate() {
        if r.from.len() > 1 {
            of_rel.insert(i, vec![O::Junction(i)]);
        } else if undercut.contains(&i) {
            let mut v = vec![O::Rel(i, r.from[0])];
            if r.kind == "contradicts" {
                v.push(O::Rel(i, r.to));
            }
            of_rel.insert(i, v);
        }
        args.extend(of_rel.get(&i).into_iter().flatten());
    }
    let src = |i: usize, from: usize| -> O {
        let r = &spec.rels[i];
        if r.from.len() > 1 {
            O::Junction(i)
        } else if undercut.contains(&i) {
            O::Rel(i, from)
        } else {
            O::Claim(from)
        }
    };
    let mut direct: BTreeSet<(O, O)> = BTreeSet::new();
    let mut edges: Vec<(O, O, bool)> = Vec::new(); // (from, to, strict)
    for (i, r) in spec.rels.iter().enumerate() {
        match r.kind {
            "attacks" => {
                direct.insert((src(i, r.from[0]), O::Claim(r.to)));
            }
            "contradicts" => {
                direct.insert((src(i, r.from[0]), O::Claim(r.to)));
                direct.insert((src(i, r.to), O::Claim(r.from[0])));
            }
            "undercuts" => {
                for &x in &of_rel[&r.to] {
                    direct.insert((src(i, r.from[0]), x));
                }
            }
            k => edges.push((src(i, r.from[0]), O::Claim(r.to), k == "implies")),
        }
    }
    // Reachability (one or more edges) over the edges a derivation may use.
    let reach = |use_strict: bool, use_plain: bool| -> BTreeSet<(O, O)> {
        let mut r: BTreeSet<(O, O)> =
            edges.iter().filter(|e| if e.2 { use_strict } else { use_plain }).map(|e| (e.0, e.1)).collect();
        for &k in &args {
            for &i in &args {
                for &j in &args {
                    if r.contains(&(i, k)) && r.contains(&(k, j)) {
                        r.insert((i, j));
                    }
                }
            }
        }
        r
    };
    let (ded, nec, cay) = (support == Support::Deductive, support == Support::Necessary, support == Support::Cayrol);
    let supported = reach(true, ded || cay);
    let mediated = reach(true, ded);
    let secondary = reach(false, nec || cay);
    let extended = reach(false, nec);
    let mut attacks = direct.clone();
    for &(x, y) in &direct {
        for &(a, b) in &supported {
            if b == x {
                attacks.insert((a, y)); // a ⇒ x → y
            }
        }
        for &(a, b) in &mediated {
            if b == y {
                attacks.insert((x, a)); // a ⇒ y ← x
            }
        }
        for &(a, b) in &secondary {
            if a == y {
                attacks.insert((x, b)); // x → y ⇒ b
            }
        }
        for &(a, b) in &extended {
            if a == x {
                attacks.insert((b, y)); // x ⇒ b, x → y
            }
        }
    }
    // Inherited: attackers of a source claim attack its relation arguments.
    let mut inherited = Vec::new();
    for &x in &args {
        let sources: Vec<usize> = match x {
            O::Claim(_) => continue,
            O::Rel(_, from) => vec![from],
            O::Junction(i) => spec.rels[i].from.clone(),
        };
        for &(c, t) in &attacks {
            if sources.iter().any(|&s| t == O::Claim(s)) {
                inherited.push((c, x));
            }
        }
    }
    attacks.extend(inherited);
    Oracle { args, attacks }
}

fn as_o(map: &ArgMap, fw: &MapFramework, a: u32) -> O {
    let _ = map;
    match fw.what(a) {
        Arg::Claim(c) => O::Claim(c as usize),
        Arg::Relation { rel, from } => O::Rel(rel as usize, from as usize),
        Arg::Junction(rel) => O::Junction(rel as usize),
    }
}

// ---------------------------------------------------------------------------
// Brute force on an abstract framework given as attack pairs on 0..n.

fn conflict_free(att: &BTreeSet<(u32, u32)>, s: &BTreeSet<u32>) -> bool {
    !att.iter().any(|(a, b)| s.contains(a) && s.contains(b))
}

fn admissible(n: u32, att: &BTreeSet<(u32, u32)>, s: &BTreeSet<u32>) -> bool {
    conflict_free(att, s)
        && s.iter()
            .all(|&a| (0..n).filter(|&b| att.contains(&(b, a))).all(|b| s.iter().any(|&d| att.contains(&(d, b)))))
}

fn subsets(n: u32) -> impl Iterator<Item = BTreeSet<u32>> {
    (0u64..1 << n).map(move |m| (0..n).filter(|i| m >> i & 1 == 1).collect())
}

/// In some admissible set (so in some preferred extension).
fn in_some_admissible(n: u32, att: &BTreeSet<(u32, u32)>, s: &BTreeSet<u32>) -> bool {
    subsets(n).any(|t| s.is_subset(&t) && admissible(n, att, &t))
}

/// The grounded labelling as the least fixpoint of the characteristic function.
fn grounded_oracle(n: u32, att: &BTreeSet<(u32, u32)>) -> Vec<Label> {
    let mut inn: BTreeSet<u32> = BTreeSet::new();
    loop {
        let next: BTreeSet<u32> = (0..n)
            .filter(|&a| (0..n).filter(|&b| att.contains(&(b, a))).all(|b| inn.iter().any(|&d| att.contains(&(d, b)))))
            .collect();
        if next == inn {
            break;
        }
        inn = next;
    }
    (0..n)
        .map(|a| {
            if inn.contains(&a) {
                Label::In
            } else if inn.iter().any(|&d| att.contains(&(d, a))) {
                Label::Out
            } else {
                Label::Undecided
            }
        })
        .collect()
}

/// The position of a set of affirmed claims: the claims and what they
/// imply (by `implies`, a linked one when every premise is held).
fn close(spec: &Spec, units: &[usize]) -> BTreeSet<u32> {
    let mut held: BTreeSet<usize> = units.iter().copied().collect();
    loop {
        let before = held.len();
        for r in spec.rels.iter().filter(|r| r.kind == "implies") {
            if r.from.iter().all(|p| held.contains(p)) {
                held.insert(r.to);
            }
        }
        if held.len() == before {
            break;
        }
    }
    held.into_iter().map(|c| c as u32).collect()
}

fn pairs(fw: &MapFramework) -> BTreeSet<(u32, u32)> {
    fw.af().attack_pairs().collect()
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(common::proptest_config(96))]

    /// The framework of a random map under each reading is the one its
    /// definition gives; every attack has a reason that names it.
    #[test]
    fn framework_matches_its_definition(spec in spec()) {
        let text = toml(&spec);
        let map = load(&text);
        let graph = ClaimGraph::build(&map);
        for support in Support::ALL {
            let fw = MapFramework::build(&graph, support).unwrap();
            let want = oracle(&spec, support);
            let got_args: BTreeSet<O> = (0..fw.af().len() as u32).map(|a| as_o(&map, &fw, a)).collect();
            prop_assert_eq!(&got_args, &want.args.iter().copied().collect::<BTreeSet<O>>(), "{}\n{}", support, text);
            let got: BTreeSet<(O, O)> = pairs(&fw).iter().map(|&(a, b)| (as_o(&map, &fw, a), as_o(&map, &fw, b))).collect();
            prop_assert_eq!(&got, &want.attacks, "{}\n{}", support, text);
            for (a, b, reason) in fw.attacks_with_reasons() {
                match *reason {
                    Reason::Relation(r) => {
                        let rel = map.relation(r);
                        prop_assert!(rel.kind.as_str() != "supports" && rel.kind.as_str() != "implies");
                    }
                    Reason::Derived { kind, support: (s, t), attack: (x, y) } => {
                        prop_assert!(fw.af().attacks(x, y));
                        prop_assert!(matches!(fw.why(x, y), Some(Reason::Relation(_))));
                        prop_assert!(!fw.support_path(kind, s, t).is_empty());
                        let _ = (a, b);
                    }
                    Reason::Inherited { source } => {
                        prop_assert!(fw.af().attacks(*a, fw.arg_of_claim(source)));
                    }
                }
            }
        }
    }

    /// Every explanation is true: an argument out is attacked by the
    /// argument named, which is in; an argument in has every attacker out,
    /// put out by an argument in that attacks it; an undecided argument
    /// leads by undecided attackers to a cycle of undecided arguments.
    #[test]
    fn explanations_are_true(spec in spec(), support in prop::sample::select(Support::ALL.to_vec())) {
        let map = load(&toml(&spec));
        let graph = ClaimGraph::build(&map);
        let fw = MapFramework::build(&graph, support).unwrap();
        let af = fw.af();
        let g = Grounded::of(af);
        prop_assert_eq!(&g.labels, &grounded_oracle(af.len() as u32, &pairs(&fw)));
        prop_assert_eq!(&g.labels, &solve::grounded(af));
        for a in 0..af.len() as u32 {
            match g.why(af, a) {
                Why::Out { by } => prop_assert!(g.label(a) == Label::Out && g.label(by) == Label::In && af.attacks(by, a)),
                Why::In { defeated, .. } => {
                    prop_assert_eq!(g.label(a), Label::In);
                    prop_assert_eq!(defeated.iter().map(|d| d.0).collect::<Vec<_>>(), af.attackers(a).to_vec());
                    for (b, d) in defeated {
                        prop_assert!(g.label(b) == Label::Out && g.label(d) == Label::In && af.attacks(d, b));
                    }
                }
                Why::Undecided { path, cycle } => {
                    prop_assert_eq!(g.label(a), Label::Undecided);
                    prop_assert!(!cycle.is_empty());
                    let chain: Vec<u32> = path.iter().chain(cycle.iter()).copied().collect();
                    prop_assert_eq!(chain[0], a);
                    for w in chain.windows(2) {
                        prop_assert!(af.attacks(w[1], w[0]));
                    }
                    prop_assert!(af.attacks(cycle[0], *cycle.last().unwrap()));
                    prop_assert!(chain.iter().all(|&x| g.label(x) == Label::Undecided));
                    let distinct: BTreeSet<u32> = cycle.iter().copied().collect();
                    prop_assert_eq!(distinct.len(), cycle.len());
                }
            }
        }
    }

    /// Actor verdicts against brute force over all subsets.
    #[test]
    fn actor_verdicts_match_brute_force(spec in spec(), support in prop::sample::select(Support::ALL.to_vec())) {
        let text = toml(&spec);
        let map = load(&text);
        let graph = ClaimGraph::build(&map);
        let fw = MapFramework::build(&graph, support).unwrap();
        let af = fw.af();
        let n = af.len() as u32;
        prop_assume!(n <= 12);
        let att = pairs(&fw);
        let labels = grounded_oracle(n, &att);
        let close = |units: &[usize]| close(&spec, units);
        let consistent = |units: &[usize]| in_some_admissible(n, &att, &close(units));
        let mut view = ActorView::new(map.claims.len());
        let judge = Judge::new(&labels);
        for actor in 0..2usize {
            let affirmed: Vec<usize> = spec.stances.iter().filter(|s| s.0 == actor && s.2).map(|s| s.1).collect();
            let denied: Vec<usize> = spec.stances.iter().filter(|s| s.0 == actor && !s.2).map(|s| s.1).collect();
            view.load(&graph, map.actor_id(&format!("a{actor}")).unwrap());
            let v = verdict(&graph, &fw, &view, &judge);
            let pos = close(&affirmed);
            prop_assert_eq!(&v.position, &pos.iter().copied().collect::<Vec<_>>(), "{}", text);
            prop_assert_eq!(v.conflict_free(), conflict_free(&att, &pos));
            prop_assert_eq!(v.admissible(), admissible(n, &att, &pos));
            prop_assert_eq!(v.in_preferred, in_some_admissible(n, &att, &pos));
            let defeated: BTreeSet<u32> = pos.iter().copied().filter(|&c| labels[c as usize] == Label::Out).collect();
            prop_assert_eq!(v.defeated.iter().copied().collect::<BTreeSet<u32>>(), defeated);
            let accepted: BTreeSet<u32> = denied
                .iter()
                .map(|&c| c as u32)
                .filter(|&c| labels[c as usize] == Label::In && !pos.iter().any(|&p| att.contains(&(p, c))))
                .collect();
            prop_assert_eq!(v.denied_accepted.iter().copied().collect::<BTreeSet<u32>>(), accepted);
            // Minimal inconsistent sets and retraction sets over the affirmed claims.
            let k = affirmed.len();
            let pick = |m: u64| -> Vec<usize> { (0..k).filter(|i| m >> i & 1 == 1).map(|i| affirmed[i]).collect() };
            let mut mus = BTreeSet::new();
            let mut mcs = BTreeSet::new();
            if !consistent(&affirmed) {
                for m in 0u64..1 << k {
                    let set = pick(m);
                    if !consistent(&set) && (0..k).filter(|i| m >> i & 1 == 1).all(|i| consistent(&pick(m & !(1 << i)))) {
                        mus.insert(set.iter().map(|&c| c as u32).collect::<BTreeSet<u32>>());
                    }
                    if consistent(&set) && (0..k).filter(|i| m >> i & 1 == 0).all(|i| !consistent(&pick(m | 1 << i))) {
                        let rest = pick(!m & ((1 << k) - 1));
                        mcs.insert(rest.iter().map(|&c| c as u32).collect::<BTreeSet<u32>>());
                    }
                }
            }
            let got_mus: BTreeSet<BTreeSet<u32>> = v.inconsistent.iter().map(|s| s.iter().copied().collect()).collect();
            let got_mcs: BTreeSet<BTreeSet<u32>> = v.retractions.iter().map(|s| s.iter().copied().collect()).collect();
            prop_assert_eq!(got_mus, mus, "{}", text);
            prop_assert_eq!(got_mcs, mcs, "{}", text);
            prop_assert!(v.exact);
        }
    }
}

// ---------------------------------------------------------------------------
// Examples.

const SMALL: &str = r#"
[claims.a]
text = "a"
[claims.b]
text = "b"
[claims.c]
text = "c"
[claims.p]
text = "p"
[claims.q]
text = "q"

[actors.x]
name = "X"

[[relations]]
id = "ab"
from = "a"
to = "b"
type = "attacks"

[[relations]]
from = "b"
to = "c"
type = "attacks"

[[relations]]
from = "p"
to = "q"
type = "contradicts"

[[stances]]
actor = "x"
claim = "b"
position = "affirms"
source = "s"

[[stances]]
actor = "x"
claim = "c"
position = "affirms"
source = "s"
"#;

#[test]
fn the_cli_explains_labels_and_verdicts_in_words() {
    let out = common::run(&["evaluate", "-", "--input-format", "toml"], SMALL);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = &out.stdout;
    // b is out: a attacks it and nothing attacks a.
    assert!(s.contains("`b` (line 4) is defeated (out)"), "{s}");
    assert!(s.contains("`a` attacks `b` (ab, line"), "{s}");
    // c is in: its one attacker, b, is put out by a.
    assert!(s.contains("`c` (line 6) is accepted (in)"), "{s}");
    assert!(s.contains("`b` is out, put out by `a`"), "{s}");
    // p and q attack each other: an even cycle.
    assert!(s.contains("`p` (line 8) is undecided"), "{s}");
    assert!(s.contains("an even cycle of 2 attacks"), "{s}");
    // The actor affirms b and c: b attacks c, and b is defeated on its own.
    assert!(s.contains("Its position is not conflict-free"), "{s}");
    assert!(s.contains("nothing it holds attacks `a`"), "{s}");
    assert!(s.contains("it must give up `b`."), "{s}");
}

#[test]
fn json_output_is_the_library_evaluation() {
    let out = common::run(
        &["evaluate", "-", "--input-format", "toml", "--format", "json", "--semantics", "preferred", "--claim", "p"],
        SMALL,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let map = load(SMALL);
    let graph = ClaimGraph::build(&map);
    let opts = Options {
        semantics: Some(Semantics::Preferred),
        support: Support::None,
        claims: vec![map.claim_id("p").unwrap()],
        actors: Vec::new(),
    };
    let mut want = serde_json::to_value(evaluate(&graph, &opts).unwrap()).unwrap();
    want["map"] = "<stdin>".into();
    let got: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(got, want);
    assert_eq!(got["version"], 1);
    let p = &got["claims"][0];
    // p is in one preferred extension ({a, c, p}) and not in the other ({a, c, q}).
    assert_eq!(
        (p["label"].as_str(), p["credulous"].as_bool(), p["sceptical"].as_bool()),
        (Some("undecided"), Some(true), Some(false))
    );
    assert_eq!(p["explanation"][0]["because"], "cycle");
}

#[test]
fn output_is_deterministic() {
    let args =
        ["evaluate", "maps/cambodia-russia.toml", "--format", "json", "--semantics", "stable", "--support", "cayrol"];
    let first = common::run(&args, "");
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(common::run(&args, "").stdout, first.stdout);
}

#[test]
fn unknown_ids_and_readings_are_usage_errors() {
    let out = common::run(&["evaluate", "-", "--input-format", "toml", "--actor", "y"], SMALL);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no actor `y`"), "{}", out.stderr);
    let out = common::run(&["evaluate", "-", "--input-format", "toml", "--claim", "bb"], SMALL);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no claim `bb`") && out.stderr.contains("did you mean `b`"), "{}", out.stderr);
    let out = common::run(&["evaluate", "-", "--input-format", "toml", "--support", "strong"], SMALL);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("strong"), "{}", out.stderr);
}

/// A chain of supports into many attacks derives attacks up to the bound,
/// and past it is a clear error, not memory.
#[test]
fn derived_attacks_are_bounded() {
    let n = 30;
    let mut s = String::new();
    for i in 0..n {
        s += &format!("[claims.s{i}]\ntext = \"s\"\n[claims.t{i}]\ntext = \"t\"\n");
    }
    for i in 0..n - 1 {
        s += &format!("[[relations]]\nfrom = \"s{i}\"\nto = \"s{}\"\ntype = \"supports\"\n", i + 1);
    }
    for i in 0..n {
        s += &format!("[[relations]]\nfrom = \"s{}\"\nto = \"t{i}\"\ntype = \"attacks\"\n", n - 1);
    }
    let map = load(&s);
    let graph = ClaimGraph::build(&map);
    // Every s_i supports s_29, which attacks 30 claims: 29 × 30 supported attacks.
    let fw = MapFramework::build(&graph, Support::Deductive).unwrap();
    assert_eq!(fw.af().attack_count(), 30 * 30);
    let small = Limits { derived: 29 * 30 - 1, ..Limits::default() };
    let err = MapFramework::build_with(&graph, Support::Deductive, small).unwrap_err().to_string();
    assert!(err.contains("more than 869 derived attacks") && err.contains("--support none"), "{err}");
    assert!(MapFramework::build_with(&graph, Support::None, small).is_ok());
}

/// The retraction sets of an actor: MARCO against brute force on a
/// monotone family (sets containing a forbidden pair are inconsistent).
#[test]
fn marco_finds_every_minimal_set() {
    let units: Vec<u32> = (0..6).collect();
    let bad = [(0u32, 1u32), (1, 2), (3, 4), (0, 5)];
    let consistent = |s: &[u32]| !bad.iter().any(|(a, b)| s.contains(a) && s.contains(b));
    let (mus, mcs, exact) = marco(&units, consistent);
    assert!(exact);
    let mus: BTreeSet<Vec<u32>> = mus.into_iter().collect();
    assert_eq!(mus, bad.iter().map(|&(a, b)| vec![a, b]).collect());
    // Minimal hitting sets of the pairs, by brute force.
    let mut want = BTreeSet::new();
    for m in 0u32..64 {
        let set: Vec<u32> = (0..6).filter(|i| m >> i & 1 == 1).collect();
        let hits = |s: &[u32]| bad.iter().all(|(a, b)| s.contains(a) || s.contains(b));
        if hits(&set) && set.iter().all(|x| !hits(&set.iter().copied().filter(|y| y != x).collect::<Vec<_>>())) {
            want.insert(set);
        }
    }
    assert_eq!(mcs.into_iter().collect::<BTreeSet<_>>(), want);
}

/// In maps/cambodia-russia.toml, the deductive reading makes
/// `russia-security-concern` attack `no-invasions` by a mediated attack
/// (no-invasions supports ES-11/1, which the security concern attacks), and
/// `excluding-not-solution` attack the undercut step from `no-invasions` to
/// ES-11/3; the default reading does neither (docs/semantics.md).
#[test]
fn the_default_reading_keeps_reasons_defeasible() {
    use elenchus::semantics::framework::Derivation;
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/maps/cambodia-russia.toml")).unwrap();
    let map = load(&text);
    let graph = ClaimGraph::build(&map);
    let id = |s: &str| map.claim_id(s).unwrap();
    let (concern, principle, excluding) =
        (id("russia-security-concern"), id("no-invasions"), id("excluding-not-solution"));
    let r3 = map.relation_id("r-invasions-es3").unwrap();
    let none = MapFramework::build(&graph, Support::default()).unwrap();
    assert_eq!(Support::default(), Support::None);
    let deductive = MapFramework::build(&graph, Support::Deductive).unwrap();
    let step = deductive.source(r3, principle);
    assert_eq!(deductive.what(step), Arg::Relation { rel: r3, from: principle });
    assert!(!none.af().attacks(concern, principle) && !none.af().attacks(excluding, none.source(r3, principle)));
    assert!(matches!(deductive.why(concern, principle), Some(Reason::Derived { kind: Derivation::Mediated, .. })));
    assert!(matches!(deductive.why(excluding, step), Some(Reason::Derived { kind: Derivation::Mediated, .. })));
    assert!(!deductive.af().attacks(excluding, principle));
    // Each actor's affirmed claims are the units of its retraction sets.
    let mut view = ActorView::new(map.claims.len());
    view.load(&graph, map.actor_id("cambodia").unwrap());
    let positions = Positions::new(&graph, &none);
    let v = verdict(&graph, &none, &view, &Judge::new(&Grounded::of(none.af()).labels));
    for r in &v.retractions {
        let rest: Vec<u32> = v.affirmed.iter().copied().filter(|c| !r.contains(c)).collect();
        assert!(solve::credulous_set(none.af(), Semantics::Preferred, &positions.of(&rest)).is_ok());
    }
}

// ---------------------------------------------------------------------------
// The check rules built on the framework, against their definitions.

proptest! {
    #![proptest_config(common::proptest_config(256))]

    /// `defeated-claim`, `undefended-position` and `indefensible-position`
    /// report exactly what docs/checks.md defines, computed here by brute
    /// force on the framework's attacks (default reading). Actors affirm
    /// more here than in the other properties, so that positions clash,
    /// fall and fail to defend themselves often.
    #[test]
    fn acceptance_rules_match_their_definitions(
        spec in spec(),
        more in proptest::collection::vec((0usize..2, 0usize..7), 0..10),
        cycle in proptest::option::of((0usize..7, 0usize..7, 0usize..7)),
    ) {
        let mut spec = spec;
        // Sometimes an odd cycle of attacks, which no admissible set holds.
        if let Some((x, y, z)) = cycle
            && x.max(y).max(z) < spec.claims
            && x != y && y != z && z != x
        {
            for (f, t) in [(x, y), (y, z), (z, x)] {
                if !spec.rels.iter().any(|r| r.kind == "attacks" && r.from == [f] && r.to == t) {
                    spec.rels.push(Rel { kind: "attacks", from: vec![f], to: t });
                }
            }
        }
        for (a, c) in more {
            if c < spec.claims && !spec.stances.iter().any(|s| s.0 == a && s.1 == c) {
                spec.stances.push((a, c, true));
            }
        }
        let text = toml(&spec);
        let map = load(&text);
        let graph = ClaimGraph::build(&map);
        let fw = MapFramework::build(&graph, Support::None).unwrap();
        let n = fw.af().len() as u32;
        prop_assume!(n <= 12);
        let att = pairs(&fw);
        let labels = grounded_oracle(n, &att);
        let claims = map.claims.len() as u32;
        let close = |units: &[usize]| close(&spec, units);
        let attackers = |a: u32| att.iter().filter(move |p| p.1 == a).map(|p| p.0);
        let mut want: BTreeSet<(String, String, Vec<String>)> = BTreeSet::new();
        for actor in 0..2usize {
            let name = format!("a{actor}");
            let affirmed: Vec<usize> = spec.stances.iter().filter(|s| s.0 == actor && s.2).map(|s| s.1).collect();
            let pos = close(&affirmed);
            let held = |x: u32| x < claims && pos.contains(&x);
            for &c in &pos {
                let id = vec![format!("c{c}")];
                if labels[c as usize] == Label::Out {
                    if attackers(c).any(|b| labels[b as usize] == Label::In && !held(b)) {
                        want.insert(("defeated-claim".into(), name.clone(), id));
                    }
                } else if attackers(c).any(|y| !pos.contains(&y) && !pos.iter().any(|&d| att.contains(&(d, y)))) {
                    want.insert(("undefended-position".into(), name.clone(), id));
                }
            }
            // Minimal indefensible sets among the affirmed claims that are in
            // no clash, none of whose commitments is out, some undecided.
            let own = |u: usize| close(&[u]);
            let units: Vec<usize> = affirmed
                .iter()
                .copied()
                .filter(|&u| {
                    let p = own(u);
                    let linked = spec.rels.iter().any(|r| r.kind == "implies" && r.from.len() > 1 && r.from.contains(&u));
                    let clash = p.iter().any(|&a| {
                        affirmed.iter().any(|&v| {
                            own(v).iter().any(|&b| (att.contains(&(a, b)) || att.contains(&(b, a))) && (v != u || a != b))
                        })
                    });
                    !clash
                        && !p.iter().any(|&a| labels[a as usize] == Label::Out)
                        && (linked || p.iter().any(|&a| labels[a as usize] == Label::Undecided))
                })
                .collect();
            if !pos.iter().any(|&a| labels[a as usize] == Label::Undecided) || in_some_admissible(n, &att, &pos) {
                continue;
            }
            let consistent = |set: &[usize]| {
                let p = close(set);
                !p.iter().any(|&a| labels[a as usize] == Label::Out) && in_some_admissible(n, &att, &p)
            };
            let k = units.len();
            let pick = |m: u64| -> Vec<usize> { (0..k).filter(|i| m >> i & 1 == 1).map(|i| units[i]).collect() };
            for m in 1u64..1 << k {
                let set = pick(m);
                let minimal = !consistent(&set)
                    && (0..k).filter(|i| m >> i & 1 == 1).all(|i| consistent(&pick(m & !(1 << i))));
                let p = close(&set);
                let clean = !p.iter().any(|&a| labels[a as usize] == Label::Out || att.iter().any(|&(x, y)| y == a && p.contains(&x)));
                if minimal && clean {
                    let mut ids: Vec<String> = set.iter().map(|c| format!("c{c}")).collect();
                    ids.sort();
                    want.insert(("indefensible-position".into(), name.clone(), ids));
                }
            }
        }
        let rules = ["defeated-claim", "undefended-position", "indefensible-position"];
        let got_of = |findings: Vec<elenchus::Finding>| -> BTreeSet<(String, String, Vec<String>)> {
            findings
                .into_iter()
                .filter(|f| rules.contains(&f.rule))
                .map(|f| {
                    let mut ids: Vec<String> = match f.rule {
                        // The claim the finding is about (the others are the chain and the attackers).
                        "indefensible-position" => f.claims.iter().filter(|c| {
                            spec.stances.iter().any(|s| format!("a{}", s.0) == *f.actor.as_ref().unwrap() && s.2 && format!("c{}", s.1) == **c)
                        }).cloned().collect(),
                        // "ACTOR holds `c`, ...": the claim the message names.
                        _ => vec![f.message.split('`').nth(1).unwrap().to_string()],
                    };
                    ids.sort();
                    (f.rule.to_string(), f.actor.clone().unwrap(), ids)
                })
                .collect()
        };
        let got = got_of(elenchus::check(&graph, &elenchus::CheckConfig::default()));
        prop_assert_eq!(&got, &want, "{}", text);
        // The command line reports the same.
        let dir = common::scratch("evaluate", "rules");
        let file = dir.join("map.toml");
        std::fs::write(&file, &text).unwrap();
        let out = common::run(&["check", "--format", "json", file.to_str().unwrap()], "");
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let cli: BTreeSet<(String, String, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| rules.contains(&f["rule"].as_str().unwrap()))
            .map(|f| (f["rule"].as_str().unwrap().into(), f["actor"].as_str().unwrap().into(), f["fingerprint"].as_str().unwrap().into()))
            .collect();
        prop_assert_eq!(cli.len(), got.len());
    }
}
