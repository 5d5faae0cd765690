//! Frameworks in the ICCMA 2023 and apx formats: reading and writing them,
//! every problem with its line and column, `elenchus af solve` with the
//! ICCMA output conventions (on frameworks whose answers are known by hand,
//! and on random ones against the brute-force oracle), and `elenchus export
//! iccma`. Through the command line and the library.

use crate::common;

use std::collections::BTreeSet;

use common::oracle::{Oracle, Set, framework};
use common::{run, run_in, scratch};
use elenchus::diag::Code;
use elenchus::formats::iccma::{self, Problem, Task};
use elenchus::formats::{self, AfFormat, NamedAf};
use elenchus::semantics::{Af, Semantics};
use proptest::prelude::*;

fn read(text: &str, format: AfFormat) -> NamedAf {
    formats::read_str("t", text, format).unwrap_or_else(|bad| panic!("{:?}", bad.diagnostics))
}

fn pairs(af: &Af) -> Vec<(u32, u32)> {
    af.attack_pairs().collect()
}

/// `af solve` on `text` given on standard input.
fn solve(text: &str, format: &str, task: &str, arg: Option<&str>) -> common::Out {
    let mut args = vec!["af", "solve", "-", "--fo", format, "-p", task];
    if let Some(a) = arg {
        args.extend(["-a", a]);
    }
    run(&args, text)
}

/// The answer of the library for a task, as text.
fn answer(naf: &NamedAf, task: &str, arg: Option<u32>) -> String {
    let mut out = Vec::new();
    iccma::answer(naf, task.parse().expect("a task"), arg, None, &mut out).expect("answered");
    String::from_utf8(out).expect("UTF-8")
}

/// The CLI and the library give `want` for `task` on an ICCMA text.
fn both(text: &str, task: &str, arg: Option<&str>, want: &str) {
    let out = solve(text, "iccma", task, arg);
    assert_eq!((out.code, out.stdout.as_str()), (0, want), "{task} {arg:?}: {}", out.stderr);
    let naf = read(text, AfFormat::Iccma);
    let a = arg.map(|a| naf.find(a).expect("an argument"));
    assert_eq!(answer(&naf, task, a), want, "library {task} {arg:?}");
}

// ---------------------------------------------------------------------------
// Reading and writing

#[test]
fn iccma_reads_header_attacks_comments_blank_lines_crlf_and_tabs() {
    let naf = read("# a comment\n\np af 4\r\n1 2\n  # indented comment\n2\t1\n3  4\n\n1 2\n4 4\n", AfFormat::Iccma);
    assert_eq!(naf.af.len(), 4);
    assert_eq!(naf.names, None);
    assert_eq!(pairs(&naf.af), [(0, 1), (1, 0), (2, 3), (3, 3)], "a repeated attack counts once");
    assert_eq!(naf.name(2), "3");
    assert_eq!((naf.find("4"), naf.find("0"), naf.find("5"), naf.find("x")), (Some(3), None, None, None));
    let empty = read("p af 0\n", AfFormat::Iccma);
    assert!(empty.af.is_empty());
}

#[test]
fn apx_reads_facts_anywhere_with_comments_and_numbers_by_arg_order() {
    let text = "% a comment\natt(b, a). arg(b).\narg( a ).  % after\narg(c).arg(b).\natt(\n c ,\n c\n) .\natt(b,a).\n";
    let naf = read(text, AfFormat::Apx);
    assert_eq!(naf.names.as_deref(), Some(&["b".to_string(), "a".into(), "c".into()][..]));
    assert_eq!(pairs(&naf.af), [(0, 1), (2, 2)]);
    assert_eq!((naf.find("c"), naf.find("d")), (Some(2), None));
    assert_eq!(naf.witness_line(&[0, 2]), "w b c");
}

#[test]
fn writing_both_formats() {
    let af = Af::new(3, &[(2, 0), (0, 1), (1, 1)]);
    let mut out = Vec::new();
    formats::write(&mut out, &af, None, AfFormat::Iccma).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "p af 3\n1 2\n2 2\n3 1\n");
    let names: Vec<String> = ["x", "y", "z"].map(String::from).to_vec();
    let mut out = Vec::new();
    formats::write(&mut out, &af, Some(&names), AfFormat::Apx).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "arg(x).\narg(y).\narg(z).\natt(x,y).\natt(y,y).\natt(z,x).\n");
    let mut out = Vec::new();
    formats::write(&mut out, &af, Some(&names), AfFormat::Iccma).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "p af 3\n# 1 x\n# 2 y\n# 3 z\n1 2\n2 2\n3 1\n");
    let bad: Vec<String> = ["x", "a b", "z"].map(String::from).to_vec();
    let err = formats::write(&mut Vec::new(), &af, Some(&bad), AfFormat::Apx).unwrap_err();
    assert!(err.to_string().contains("`a b` cannot be an apx argument name"), "{err}");
}

fn any_af() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (0usize..40).prop_flat_map(|n| {
        let m = n.max(1) as u32;
        (Just(n), prop::collection::vec((0..m, 0..m), if n == 0 { 0..=0 } else { 0..=3 * n }))
    })
}

proptest! {
    #![proptest_config(common::proptest_config(128))]

    /// Whatever is written reads back as the same framework (and names).
    #[test]
    fn round_trip_both_formats((n, attacks) in any_af(), named in any::<bool>()) {
        let af = Af::new(n, &attacks);
        let names: Option<Vec<String>> = named.then(|| (0..n).map(|i| format!("arg_{}", n - i)).collect());
        for format in [AfFormat::Iccma, AfFormat::Apx] {
            let mut out = Vec::new();
            formats::write(&mut out, &af, names.as_deref(), format).unwrap();
            let back = read(std::str::from_utf8(&out).unwrap(), format);
            prop_assert_eq!(&back.af, &af);
            let want_names = match format {
                AfFormat::Iccma => None,
                AfFormat::Apx => Some(names.clone().unwrap_or_else(|| (1..=n).map(|i| i.to_string()).collect())),
            };
            prop_assert_eq!(back.names, want_names);
        }
    }
}

// ---------------------------------------------------------------------------
// Errors: every problem with its line and column, through both interfaces

/// (format, text, [(line, column, code, part of the message)]).
#[allow(clippy::type_complexity)]
const BAD: &[(&str, &str, &[(usize, usize, Code, &str)])] = &[
    ("iccma", "", &[(1, 1, Code::Syntax, "no `p af N` header")]),
    ("iccma", "# only a comment\n", &[(1, 1, Code::Syntax, "no `p af N` header")]),
    ("iccma", "1 2\np af 2\n", &[(1, 1, Code::Syntax, "an attack before the `p af N` header")]),
    ("iccma", "p af 3\n1 2 3\n", &[(2, 5, Code::Syntax, "unexpected text after the attack")]),
    ("iccma", "p af 3\n1\n", &[(2, 1, Code::Syntax, "expected an attack")]),
    (
        "iccma",
        "p af 3\n1 x\n-1 2\n",
        &[
            (2, 3, Code::Syntax, "`x` is not an argument number"),
            (3, 1, Code::Syntax, "`-1` is not an argument number"),
        ],
    ),
    (
        "iccma",
        "p af 3\n0 1\n2 4\n",
        &[(2, 1, Code::InvalidValue, "`0` is not one of 1..=3"), (3, 3, Code::InvalidValue, "`4` is not one of 1..=3")],
    ),
    ("iccma", "p af 2\n1 2\np af 2\n", &[(3, 1, Code::Syntax, "a second `p af` header")]),
    ("iccma", "p bf 2\n", &[(1, 1, Code::Syntax, "the header is not `p af N`")]),
    ("iccma", "p af two\n", &[(1, 6, Code::Syntax, "the number of arguments is not a number")]),
    ("iccma", "p af 99999999999\n", &[(1, 6, Code::InvalidValue, "too many arguments")]),
    ("iccma", "p af 2\n1 2\n\u{e9} 1\n", &[(3, 1, Code::Syntax, "`\u{e9}` is not an argument number")]),
    ("apx", "arg(a).\nfoo(a).\n", &[(2, 1, Code::Syntax, "expected `arg(a).` or `att(a,b).`")]),
    ("apx", "arg(a)\narg(b).\n", &[(2, 1, Code::Syntax, "expected `.` at the end of the fact")]),
    ("apx", "arg(a).\natt(a b).\n", &[(2, 7, Code::Syntax, "expected `,` between the two arguments")]),
    ("apx", "arg().\n", &[(1, 5, Code::Syntax, "expected an argument name")]),
    ("apx", "arg a.\n", &[(1, 5, Code::Syntax, "expected `(`")]),
    (
        "apx",
        "arg(alpha).\narg(beta).\natt(alpha,betta).\natt(gamma,alpha).\n",
        &[
            (3, 11, Code::UnknownReference, "`betta` is in an attack but has no `arg(betta).`"),
            (4, 5, Code::UnknownReference, "`gamma` is in an attack but has no `arg(gamma).`"),
        ],
    ),
    ("apx", "  (\n", &[(1, 3, Code::Syntax, "expected `arg(a).` or `att(a,b).`")]),
];

#[test]
fn every_problem_has_its_line_and_column_in_the_library_and_the_cli() {
    let dir = scratch("iccma", "errors");
    for (i, (format, text, want)) in BAD.iter().enumerate() {
        let f = if *format == "apx" { AfFormat::Apx } else { AfFormat::Iccma };
        let bad = formats::read_str("t", text, f).expect_err(text);
        let got: Vec<(usize, usize, Code, String)> = bad
            .diagnostics
            .iter()
            .map(|d| {
                let p = d.position(&bad.file);
                (p.line, p.column, d.code, d.message.clone())
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{text:?}: {got:?}");
        assert_eq!(bad.total, want.len());
        for (g, w) in got.iter().zip(want.iter()) {
            assert_eq!((g.0, g.1, g.2), (w.0, w.1, w.2), "{text:?}: {got:?}");
            assert!(g.3.contains(w.3), "{text:?}: {} lacks {}", g.3, w.3);
        }
        // The command line: each problem rendered at its position, exit code 2.
        let name = format!("bad{i}.{}", if *format == "apx" { "apx" } else { "af" });
        std::fs::write(dir.join(&name), text).unwrap();
        let out = run_in(&dir, &["af", "solve", &name, "-p", "SE-GR"], None);
        assert_eq!(out.code, 2, "{text:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
        for w in want.iter() {
            let at = format!("--> {name}:{}:{}", w.0, w.1);
            assert!(out.stderr.contains(&at), "{text:?}: no `{at}` in\n{}", out.stderr);
            assert!(
                out.stderr.contains(&format!("error[{}]: ", w.2)) && out.stderr.contains(w.3),
                "{text:?}: {}",
                out.stderr
            );
        }
        assert!(out.stderr.contains(&format!("error: `{name}` has {} error(s)", want.len())), "{}", out.stderr);
    }
}

#[test]
fn bad_bytes_and_many_problems() {
    let bad = formats::read("t".into(), None, b"p af 2\n1 \xff\n".to_vec(), AfFormat::Iccma).unwrap_err();
    assert_eq!(bad.diagnostics[0].code, Code::Encoding);
    assert_eq!(bad.diagnostics[0].position(&bad.file).line, 2);
    // Thousands of bad lines: the first problems kept, all counted.
    let text = format!("p af 1\n{}", "1 2\n".repeat(5000));
    let bad = formats::read_str("t", &text, AfFormat::Iccma).unwrap_err();
    assert_eq!((bad.diagnostics.len(), bad.total), (formats::MAX_PROBLEMS, 5000));
    let out = solve(&text, "iccma", "SE-GR", None);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.matches("error[invalid-value]").count(), elenchus::diag::MAX_RENDERED);
    assert!(out.stderr.contains("and 4950 more problems"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------
// Tasks and their output, on frameworks known by hand

/// 1 and 2 attack each other, 2 attacks 3: complete {}, {1,3}, {2};
/// preferred and stable {1,3}, {2}; grounded and ideal {}.
const FLOAT: &str = "p af 3\n1 2\n2 1\n2 3\n";
/// A 3-cycle: no stable extension; every other semantics has {} only (stage: each singleton).
const ODD: &str = "p af 3\n1 2\n2 3\n3 1\n";

#[test]
fn acceptance_answers_with_certificates() {
    both(FLOAT, "DC-PR", Some("3"), "YES\nw 1 3\n");
    both(FLOAT, "DS-PR", Some("3"), "NO\nw 2\n");
    both(FLOAT, "DC-GR", Some("1"), "NO\n");
    both(FLOAT, "DS-GR", Some("1"), "NO\nw\n");
    both(FLOAT, "DC-ST", Some("2"), "YES\nw 2\n");
    both(FLOAT, "DC-ID", Some("1"), "NO\n");
    both("p af 2\n1 2\n", "DS-CO", Some("1"), "YES\n");
    both("p af 2\n1 2\n", "DC-SST", Some("2"), "NO\n");
    // No stable extension: nothing is credulously, everything sceptically accepted.
    both(ODD, "DC-ST", Some("1"), "NO\n");
    both(ODD, "DS-ST", Some("1"), "YES\n");
    both(ODD, "DC-STG", Some("2"), "YES\nw 2\n");
    both(ODD, "DS-STG", Some("2"), "NO\nw 1\n");
}

#[test]
fn some_every_and_count() {
    both(FLOAT, "SE-GR", None, "w\n");
    both("p af 3\n1 2\n2 3\n", "SE-GR", None, "w 1 3\n");
    both(FLOAT, "EE-PR", None, "w 1 3\nw 2\n");
    both(FLOAT, "CE-PR", None, "2\n");
    both(FLOAT, "CE-CO", None, "3\n");
    both(FLOAT, "CE-GR", None, "1\n");
    both(ODD, "SE-ST", None, "NO\n");
    both(ODD, "EE-ST", None, "NO\n");
    both(ODD, "CE-ST", None, "0\n");
    both(ODD, "EE-SST", None, "w\n");
    both(ODD, "EE-ID", None, "w\n");
    both(ODD, "CE-STG", None, "3\n");
    let out = solve(FLOAT, "iccma", "EE-CO", None);
    let lines: BTreeSet<&str> = out.stdout.lines().collect();
    assert_eq!(lines, BTreeSet::from(["w", "w 1 3", "w 2"]));
}

#[test]
fn apx_answers_name_the_arguments() {
    let apx = "arg(red).\narg(blue).\narg(green).\natt(red,blue).\natt(blue,red).\natt(blue,green).\n";
    let out = solve(apx, "apx", "DC-PR", Some("green"));
    assert_eq!((out.code, out.stdout.as_str()), (0, "YES\nw red green\n"));
    let out = solve(apx, "apx", "DS-PR", Some("green"));
    assert_eq!(out.stdout, "NO\nw blue\n");
    let naf = read(apx, AfFormat::Apx);
    assert_eq!(answer(&naf, "DS-PR", naf.find("green")), "NO\nw blue\n");
    let out = solve(apx, "apx", "EE-ST", None);
    assert_eq!(out.stdout.lines().collect::<BTreeSet<_>>(), BTreeSet::from(["w red green", "w blue"]));
    // A file's extension sets its format.
    let dir = scratch("iccma", "apx-file");
    std::fs::write(dir.join("colours.APX"), apx).unwrap();
    let out = run_in(&dir, &["af", "solve", "colours.APX", "-p", "SE-GR"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, "w\n"), "{}", out.stderr);
    for ext in ["af", "i23", "iccma"] {
        std::fs::write(dir.join(format!("f.{ext}")), FLOAT).unwrap();
        let out = run_in(&dir, &["af", "solve", &format!("f.{ext}"), "-p", "CE-ST"], None);
        assert_eq!((out.code, out.stdout.as_str()), (0, "2\n"), "{ext}: {}", out.stderr);
    }
}

#[test]
fn limit_stops_the_enumeration_and_says_so() {
    // Three independent 2-cycles: 8 preferred extensions.
    let text = "p af 6\n1 2\n2 1\n3 4\n4 3\n5 6\n6 5\n";
    let out = run(&["af", "solve", "-", "--fo", "iccma", "-p", "EE-PR", "--limit", "3"], text);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout.lines().count(), 3);
    assert!(out.stdout.lines().all(|l| l.starts_with("w ")));
    assert!(out.stderr.contains("stopped after 3 extensions (--limit)"), "{}", out.stderr);
    let all = run(&["af", "solve", "-", "--fo", "iccma", "-p", "EE-PR", "--limit", "8"], text);
    assert_eq!((all.stdout.lines().count(), all.stderr.as_str()), (8, ""));
    assert!(all.stdout.starts_with(&out.stdout), "the limit gives the first extensions");
    let naf = read(text, AfFormat::Iccma);
    let mut buf = Vec::new();
    let done = iccma::answer(&naf, "EE-PR".parse().unwrap(), None, Some(3), &mut buf).unwrap();
    assert_eq!((done.complete, String::from_utf8(buf).unwrap()), (false, out.stdout));
}

#[test]
fn usage_errors() {
    let cases: &[(&[&str], &str)] = &[
        (&["-p", "DC-PR"], "DC-PR needs an argument: `-a ARG`"),
        (&["-p", "SE-PR", "-a", "1"], "SE-PR takes no argument"),
        (&["-p", "DC-PR", "-a", "4"], "`4` is not an argument of `-` (the arguments are 1..=3)"),
        (&["-p", "DC-XX", "-a", "1"], "unknown task `DC-XX`"),
        (&["-p", "YY-PR"], "unknown task `YY-PR`"),
        (&["-p", "CE-PR", "--limit", "2"], "`--limit` is for EE (enumeration) only"),
        (&["-p", "EE-PR", "--limit", "0"], "0 is not in 1.."),
    ];
    for (extra, want) in cases {
        let mut args = vec!["af", "solve", "-", "--fo", "iccma"];
        args.extend_from_slice(extra);
        let out = run(&args, FLOAT);
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert!(out.stderr.contains(want), "{extra:?}: {}", out.stderr);
    }
    let out = run(&["af", "solve", "-", "-p", "SE-PR"], FLOAT);
    assert!(out.code == 2 && out.stderr.contains("needs `--fo iccma|apx`"), "{}", out.stderr);
    let out = run(&["af", "solve", "fw.txt", "-p", "SE-PR"], "");
    assert!(out.code == 2 && out.stderr.contains("cannot tell the format of `fw.txt`"), "{}", out.stderr);
    let out = run(&["af", "solve", "missing.af", "-p", "SE-PR"], "");
    assert!(out.code == 2 && out.stderr.contains("cannot read `missing.af`"), "{}", out.stderr);
    let out = run(&["af", "solve", "-", "--fo", "apx", "-p", "DC-PR", "-a", "blue"], "arg(red).\n");
    assert!(out.code == 2 && out.stderr.contains("no `arg(...)` of that name"), "{}", out.stderr);
    // Lower-case tasks are read too.
    let out = solve(FLOAT, "iccma", "ce-pr", None);
    assert_eq!(out.stdout, "2\n");
    assert_eq!("dc-sst".parse::<Task>().unwrap(), Task { problem: Problem::Dc, semantics: Semantics::SemiStable });
}

// ---------------------------------------------------------------------------
// Breadth: every task on random frameworks against the brute-force oracle

/// The names in a `w` line, as a set of arguments.
fn witness(line: &str, naf: &NamedAf) -> Set {
    let mut it = line.split(' ');
    assert_eq!(it.next(), Some("w"), "{line}");
    it.fold(0, |acc, name| acc | 1 << naf.find(name).expect("an argument"))
}

/// Check an answer to `task` (about argument `a`) against the extensions `want`.
fn check_answer(text: &str, task: Task, a: u32, want: &[Set], naf: &NamedAf) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = text.lines().collect();
    let bit = 1 << a;
    match task.problem {
        Problem::Dc => match want.iter().any(|e| e & bit != 0) {
            true => {
                prop_assert_eq!(lines.len(), 2);
                prop_assert_eq!(lines[0], "YES");
                let w = witness(lines[1], naf);
                prop_assert!(w & bit != 0 && want.contains(&w), "{} {}", task, text);
            }
            false => prop_assert_eq!(&lines, &["NO"]),
        },
        Problem::Ds => match want.iter().all(|e| e & bit != 0) {
            true => prop_assert_eq!(&lines, &["YES"]),
            false => {
                prop_assert_eq!(lines.len(), 2);
                prop_assert_eq!(lines[0], "NO");
                let w = witness(lines[1], naf);
                prop_assert!(w & bit == 0 && want.contains(&w), "{} {}", task, text);
            }
        },
        Problem::Se => match want.is_empty() {
            true => prop_assert_eq!(&lines, &["NO"]),
            false => {
                prop_assert_eq!(lines.len(), 1);
                prop_assert!(want.contains(&witness(lines[0], naf)), "{} {}", task, text);
            }
        },
        Problem::Ee => match want.is_empty() {
            true => prop_assert_eq!(&lines, &["NO"]),
            false => {
                let got: Vec<Set> = lines.iter().map(|l| witness(l, naf)).collect();
                let set: BTreeSet<Set> = got.iter().copied().collect();
                prop_assert_eq!(set.len(), got.len(), "no extension twice");
                prop_assert_eq!(set, want.iter().copied().collect::<BTreeSet<Set>>());
            }
        },
        Problem::Ce => prop_assert_eq!(text, format!("{}\n", want.len())),
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// Every task under every semantics, by the library, for every argument.
    #[test]
    fn every_task_against_the_oracle((n, attacks) in framework()) {
        let naf = NamedAf { af: Af::new(n, &attacks), names: None };
        let oracle = Oracle::new(n, &attacks);
        for sem in Semantics::ALL {
            for problem in Problem::ALL {
                let task = Task { problem, semantics: sem };
                let args: Vec<u32> = if problem.needs_argument() { (0..n as u32).collect() } else { vec![0] };
                for a in args {
                    let mut out = Vec::new();
                    iccma::answer(&naf, task, Some(a), None, &mut out).unwrap();
                    check_answer(std::str::from_utf8(&out).unwrap(), task, a, oracle.of(sem), &naf)?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// A random task through the command line, in a random format.
    #[test]
    fn a_task_through_the_cli_against_the_oracle(
        (n, attacks) in framework(), sem in 0usize..7, problem in 0usize..5, a in 0u32..14, apx in any::<bool>()
    ) {
        let af = Af::new(n, &attacks);
        let task = Task { problem: Problem::ALL[problem], semantics: Semantics::ALL[sem] };
        let names: Vec<String> = (0..n).map(|i| format!("a{}", i + 1)).collect();
        let (format, names) = if apx { (AfFormat::Apx, Some(names)) } else { (AfFormat::Iccma, None) };
        let mut text = Vec::new();
        formats::write(&mut text, &af, names.as_deref(), format).unwrap();
        let naf = NamedAf { af, names };
        let a = a % n.max(1) as u32;
        let arg = naf.name(a).into_owned();
        let task_s = task.to_string();
        let mut args = vec!["af", "solve", "-", "--fo", format.name(), "-p", &task_s];
        if task.problem.needs_argument() {
            if n == 0 {
                return Ok(());
            }
            args.extend(["-a", &arg]);
        }
        let out = run(&args, std::str::from_utf8(&text).unwrap());
        prop_assert_eq!(out.code, 0, "{}", out.stderr);
        check_answer(&out.stdout, task, a, Oracle::new(n, &attacks).of(task.semantics), &naf)?;
    }
}

// ---------------------------------------------------------------------------
// export iccma

const MAP: &str = r#"[claims.a]
text = "A."
attacks = ["b"]

[claims.b]
text = "B."

[claims.c]
text = "C."
contradicts = ["a"]

[[relations]]
id = "b-against-c"
from = "b"
to = "c"
type = "attacks"

[claims.d]
text = "D."
undercuts = ["b-against-c"]
"#;

#[test]
fn export_writes_the_framework_with_a_name_table_that_reads_back() {
    let out = run(&["export", "iccma", "--input-format", "toml", "-"], MAP);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = out.stdout;
    // The name table: one comment line per argument, claims first.
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(&table[..4], &["# 1 a", "# 2 b", "# 3 c", "# 4 d"]);
    assert_eq!(table.len(), 5, "one argument for the undercut relation: {text}");
    assert!(table[4].starts_with("# 5 ") && table[4].contains("b-against-c"), "{}", table[4]);
    // It reads back, and its attacks are the map's framework's.
    let naf = read(&text, AfFormat::Iccma);
    let map = elenchus::load_str("m.toml", MAP, elenchus::Format::Toml).into_map().unwrap();
    let graph = elenchus::ClaimGraph::build(&map);
    let fw = elenchus::semantics::framework::MapFramework::build(&graph, Default::default()).unwrap();
    assert_eq!(&naf.af, fw.af());
    let p = pairs(&naf.af);
    for want in [(0, 1), (0, 2), (2, 0), (4, 2), (3, 4)] {
        assert!(p.contains(&want), "{want:?} in {p:?}");
    }
    // An answer of a solver in numbers reads back through the table: `d`
    // defeats the relation from `b`, which keeps its reply to `a`'s attack
    // on it through `c`: the preferred extensions are {a, d} and {b, c, d}.
    let ee = run(&["af", "solve", "-", "--fo", "iccma", "-p", "EE-PR"], &text);
    let named: BTreeSet<Vec<&str>> = ee
        .stdout
        .lines()
        .map(|l| l.split(' ').skip(1).map(|i| &table[i.parse::<usize>().unwrap() - 1][4..]).collect())
        .collect();
    assert_eq!(named, BTreeSet::from([vec!["a", "d"], vec!["b", "c", "d"]]));
}

#[test]
fn export_to_a_file_and_its_errors() {
    let dir = scratch("iccma", "export");
    std::fs::write(dir.join("m.toml"), MAP).unwrap();
    let out = run_in(&dir, &["export", "iccma", "m.toml", "-o", "m.af"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    let written = std::fs::read_to_string(dir.join("m.af")).unwrap();
    let stdout = run_in(&dir, &["export", "iccma", "m.toml"], None).stdout;
    assert_eq!(written, stdout);
    let solved = run_in(&dir, &["af", "solve", "m.af", "-p", "CE-PR"], None);
    assert_eq!(solved.stdout, "2\n");
    let out = run_in(&dir, &["export", "iccma", "m.toml", "-o", "m.toml"], None);
    assert!(out.code == 2 && out.stderr.contains("refusing to overwrite"), "{}", out.stderr);
    std::fs::write(dir.join("bad.toml"), "[claims.a]\n").unwrap();
    let out = run_in(&dir, &["export", "iccma", "bad.toml"], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("bad.toml"), "{}", out.stderr);
}
