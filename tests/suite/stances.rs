//! `elenchus stances`: the matrix, agreement computed by hand, rankings, SVG.

use std::path::Path;
use std::process::Command;

use elenchus::model::Position;
use elenchus::stances::{self, Agreement, Matrix, Order, Pair, Ranked};
use elenchus::{ArgMap, Format, load_str};

const BIN: &str = env!("CARGO_BIN_EXE_elenchus");

/// A small map whose agreement is worked out by hand below.
///
/// ```text
///        p1  p2  p3  p4  p5
///   a    +   +   -   ~   .
///   b    +   -   -   ~   .      p3: affirms 2020, denies 2021 -> denies
///   c    -   .   +   ~   ~      p1: undated affirms, dated denies -> denies
///   d    .   .   .   .   .      no stance at all
///   e    .   .   .   .   -      p5: affirms and denies on one day -> the later (denies)
/// ```
const MAP: &str = r#"
[map]
title = "Agreement by hand"

[actors.a]
name = "A & \"Sons\" <Ltd>"
affirms = ["p1", "p2"]
denies = ["p3"]
abstains = ["p4"]

[actors.b]
name = "B"
affirms = ["p1"]
denies = ["p2"]
abstains = ["p4"]

[actors.c]
name = "C"
affirms = ["p3", "p1"]
abstains = ["p4", "p5"]

[actors.d]
name = "D"

[actors.e]
name = "E"

[claims.p1]
text = "One."
[claims.p2]
text = "Two."
[claims.p3]
text = "Three."
[claims.p4]
text = "Four."
[claims.p5]
text = "Five."
[claims.unused]
text = "Nobody has a stance on this."

[[stances]]
actor = "b"
claim = "p3"
position = "affirms"
date = 2020-01-01

[[stances]]
actor = "b"
claim = "p3"
position = "denies"
date = 2021-01-01

[[stances]]
actor = "c"
claim = "p1"
position = "denies"
date = 2019-05-05

[[stances]]
actor = "e"
claim = "p5"
position = "affirms"
date = 2022-02-02

[[stances]]
actor = "e"
claim = "p5"
position = "denies"
date = 2022-02-02
"#;

fn map() -> ArgMap {
    load_str("hand.toml", MAP, Format::Toml).into_map().unwrap()
}

/// The map in a file of its own for one test (tests run in parallel).
fn temp_map(test: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("elenchus-stances-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("hand.toml");
    std::fs::write(&p, MAP).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn ids(m: &Matrix<'_>) -> Vec<String> {
    m.actors.iter().map(|&a| m.map.actor(a).id.clone()).collect()
}

#[test]
fn matrix_holds_current_stances() {
    let map = map();
    let m = Matrix::build(&map, None, None);
    assert_eq!(ids(&m), ["a", "b", "c", "d", "e"]);
    // Only claims with a stance, in map order.
    let claims: Vec<&str> = m.claims.iter().map(|&c| map.claim(c).id.as_str()).collect();
    assert_eq!(claims, ["p1", "p2", "p3", "p4", "p5"]);
    let row = |r: usize| -> String {
        (0..m.cols())
            .map(|c| match m.position(r, c) {
                Some(Position::Affirms) => '+',
                Some(Position::Denies) => '-',
                Some(Position::Abstains) => '~',
                None => '.',
            })
            .collect()
    };
    assert_eq!(row(0), "++-~.");
    assert_eq!(row(1), "+--~.");
    assert_eq!(row(2), "-.+~~");
    assert_eq!(row(3), ".....");
    assert_eq!(row(4), "....-");
    assert_eq!(m.column_counts(0), [2, 1, 0, 0, 2]);
    assert_eq!(m.column_counts(3), [0, 0, 3, 0, 2]);
    assert!(!m.has_absent());
}

/// The hand map with absences recorded on its claims: `d` on p1 and p4, `e`
/// on p2, `a` on p4 (where `a` abstains: the stance is what the cell shows),
/// and `d` on `unused`, a claim nobody has a stance on.
fn map_with_absences() -> String {
    let with = |s: &str, claim: &str, absent: &str| {
        let header = format!("[claims.{claim}]\n");
        let at = s.find(&header).unwrap() + header.len();
        format!("{}absent = {absent}\n{}", &s[..at], &s[at..])
    };
    let s = with(MAP, "p1", r#"["d"]"#);
    let s = with(&s, "p2", r#"["e"]"#);
    let s = with(&s, "p4", r#"["d", "a", "d"]"#);
    with(&s, "unused", r#"["d"]"#)
}

#[test]
fn absent_cells_are_shown_apart_and_ignored_by_agreement() {
    let text = map_with_absences();
    let map = load_str("absent.toml", text, Format::Toml).into_map().unwrap();
    let m = Matrix::build(&map, None, None);
    // `unused` has no stance but an absence: it is a column now.
    let claims: Vec<&str> = m.claims.iter().map(|&c| map.claim(c).id.as_str()).collect();
    assert_eq!(claims, ["p1", "p2", "p3", "p4", "p5", "unused"]);
    let codes = |r: usize| -> Vec<u8> { (0..m.cols()).map(|c| m.code(r, c)).collect() };
    use stances::{ABSENT, ABSTAINS, AFFIRMS, DENIES, NONE};
    assert_eq!(codes(0), [AFFIRMS, AFFIRMS, DENIES, ABSTAINS, NONE, NONE]);
    assert_eq!(codes(3), [ABSENT, NONE, NONE, ABSENT, NONE, ABSENT]);
    assert_eq!(codes(4), [NONE, ABSENT, NONE, NONE, DENIES, NONE]);
    assert!(m.has_absent() && m.is_absent(3, 0) && !m.is_absent(0, 3));
    assert_eq!(m.position(3, 0), None);
    assert!(m.stance(3, 0).is_none());
    assert_eq!(m.column_counts(0), [2, 1, 0, 1, 1]);
    assert_eq!(m.column_counts(3), [0, 0, 3, 1, 1]);

    // Agreement is that of the map without the absences.
    let plain = load_str("hand.toml", MAP, Format::Toml).into_map().unwrap();
    let m0 = Matrix::build(&plain, None, None);
    let (ag, ag0) = (Agreement::compute(&m), Agreement::compute(&m0));
    for i in 0..5 {
        for j in 0..5 {
            assert_eq!(ag.get(i, j), ag0.get(i, j), "{i} {j}");
        }
    }
    assert_eq!(stances::rank_like(&m, 0, 1), stances::rank_like(&m0, 0, 1));
    assert_eq!(stances::rank_like(&m, 3, 1), []);

    // Only `d`, absent on a claim nobody took a position on: a column each.
    let d = map.actor_id("d").unwrap();
    let only_d = Matrix::build(&map, Some(&[d]), None);
    let claims: Vec<&str> = only_d.claims.iter().map(|&c| map.claim(c).id.as_str()).collect();
    assert_eq!(claims, ["p1", "p4", "unused"]);

    // Table, CSV, JSON and SVG show them.
    let table = stances::matrix_table(&m, true);
    assert!(table.contains("\nd             a     .     .     a     .       a\n"), "{table}");
    assert!(table.contains("\nabsent        1     1     0     1     0       1\n"), "{table}");
    assert!(table.contains("\nno stance     1     2     2     1     3       4\n"), "{table}");
    assert!(table.contains("a absent"), "{table}");
    let csv = stances::matrix_csv(&m);
    assert!(csv.contains("\nd,D,absent,,,absent,,absent\n"), "{csv}");
    assert!(csv.contains("\ne,E,,absent,,,denies,\n"), "{csv}");
    let v: serde_json::Value = serde_json::from_str(&stances::matrix_json(&m)).unwrap();
    assert_eq!(v["positions"][3], serde_json::json!(["absent", null, null, "absent", null, "absent"]));
    assert_eq!(v["positions"][0][3], "abstains");
    assert_eq!(v["claims"][0]["absent"], 1);
    assert_eq!(v["claims"][0]["no_stance"], 1);
    let svg = stances::matrix_svg(&m);
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(svg.contains("D (d): p1: absent (no vote recorded: not a position)"), "{svg}");
    assert!(svg.contains(">absent (4)<"), "{svg}");
    assert!(svg.contains("D (d): p2: no stance"), "{svg}");
}

#[test]
fn cli_matrix_with_absences() {
    let p = temp_map("absent");
    std::fs::write(&p, map_with_absences()).unwrap();
    let p = p.to_str().unwrap();
    let (code, out, err) = run(&["stances", p, "--actors", "d,e", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "actor,name,p1,p2,p4,p5,unused\nd,D,absent,,absent,,absent\ne,E,,absent,,denies,\n");
    let (code, out, _) = run(&["stances", p, "--agreement", "--like", "a", "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(out, "rank,actor,name,agreements,shared,agreement\n1,b,B,3,4,0.750000\n2,c,C,1,3,0.333333\n");
    // Without absences, the table has no `absent` row and no `a` in its legend.
    let (_, out, _) = run(&["stances", &temp_map("no_absent").to_string_lossy()]);
    assert!(!out.contains("absent"), "{out}");
}

#[test]
fn agreement_by_hand() {
    let map = map();
    let m = Matrix::build(&map, None, None);
    let ag = Agreement::compute(&m);
    let p = |agreements, shared| Pair { agreements, shared };
    // a-b: shared p1 p2 p3 p4; equal on p1 (+), p3 (-), p4 (~): 3/4.
    assert_eq!(ag.get(0, 1), p(3, 4));
    // a-c: shared p1 p3 p4; equal only on p4 (two abstentions agree): 1/3.
    assert_eq!(ag.get(0, 2), p(1, 3));
    // b-c: shared p1 p3 p4; equal only on p4: 1/3.
    assert_eq!(ag.get(1, 2), p(1, 3));
    // c-e: shared p5; abstains vs denies: 0/1.
    assert_eq!(ag.get(2, 4), p(0, 1));
    // d shares nothing with anyone; a and e share nothing.
    for j in 0..5 {
        assert_eq!(ag.get(3, j).shared, 0);
    }
    assert_eq!(ag.get(0, 4), p(0, 0));
    assert_eq!(ag.get(0, 4).ratio(), None);
    assert_eq!(ag.get(0, 1).ratio(), Some(0.75));
    // Symmetric; the diagonal is each actor with itself.
    assert_eq!(ag.get(1, 0), ag.get(0, 1));
    assert_eq!(ag.get(2, 2), p(4, 4));

    let pairs = stances::pair_list(&ag, 1);
    let listed: Vec<(usize, usize, Pair)> = pairs.iter().map(|e| (e.a, e.b, e.pair)).collect();
    assert_eq!(listed, [(0, 1, p(3, 4)), (0, 2, p(1, 3)), (1, 2, p(1, 3)), (2, 4, p(0, 1))]);
    let thick = stances::pair_list(&ag, 4);
    assert_eq!(thick.len(), 1);
}

#[test]
fn ranking_like_one_actor() {
    let map = map();
    let m = Matrix::build(&map, None, None);
    let r = |rank, row, agreements, shared| Ranked { rank, row, pair: Pair { agreements, shared } };
    assert_eq!(stances::rank_like(&m, 0, 1), [r(1, 1, 3, 4), r(2, 2, 1, 3)]);
    // Ties share a rank.
    assert_eq!(stances::rank_like(&m, 2, 1), [r(1, 0, 1, 3), r(1, 1, 1, 3), r(3, 4, 0, 1)]);
    assert_eq!(stances::rank_like(&m, 2, 2), [r(1, 0, 1, 3), r(1, 1, 1, 3)]);
    assert_eq!(stances::rank_like(&m, 3, 1), []);
}

#[test]
fn selection_and_order() {
    let map = map();
    let (a, c) = (map.actor_id("a").unwrap(), map.actor_id("c").unwrap());
    let (p1, p4) = (map.claim_id("p1").unwrap(), map.claim_id("p4").unwrap());
    let mut m = Matrix::build(&map, Some(&[c, a]), Some(&[p4, p1]));
    assert_eq!(ids(&m), ["c", "a"]);
    assert_eq!(m.position(0, 1), Some(Position::Denies));
    m.sort(Order::Actor);
    assert_eq!(ids(&m), ["a", "c"]);
    m.sort(Order::Claim);
    let claims: Vec<&str> = m.claims.iter().map(|&c| map.claim(c).id.as_str()).collect();
    assert_eq!(claims, ["p1", "p4"]);
    assert_eq!(m.position(1, 0), Some(Position::Denies));
    assert_eq!(m.position(0, 0), Some(Position::Affirms));
    let mut all = Matrix::build(&map, None, None);
    all.sort(Order::Similarity);
    let mut sorted = ids(&all);
    sorted.sort();
    assert_eq!(sorted, ["a", "b", "c", "d", "e"]);
    assert_eq!(stances::natural_cmp("es-11-10", "es-11-9"), std::cmp::Ordering::Greater);
}

#[test]
fn cli_like_csv_exact() {
    let p = temp_map("like_csv");
    let p = p.to_str().unwrap();
    let (code, out, err) = run(&["stances", p, "--agreement", "--like", "a", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "rank,actor,name,agreements,shared,agreement\n1,b,B,3,4,0.750000\n2,c,C,1,3,0.333333\n");
    let (code, out, _) = run(&["stances", p, "--agreement", "--format", "csv", "--min-shared", "2"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "actor_a,actor_b,agreements,shared,agreement\na,b,3,4,0.750000\na,c,1,3,0.333333\nb,c,1,3,0.333333\n"
    );
}

#[test]
fn cli_tables() {
    let p = temp_map("tables");
    let p = p.to_str().unwrap();
    let (code, out, _) = run(&["stances", p]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("matrix_table", out);
    let (_, out, _) = run(&["stances", p, "--like", "c"]);
    insta::assert_snapshot!("like_table", out);
    let (_, out, _) = run(&["stances", p, "--agreement", "-q"]);
    insta::assert_snapshot!("pairs_table", out);
}

#[test]
fn cli_json_and_errors() {
    let p = temp_map("json");
    let p = p.to_str().unwrap();
    let (code, out, _) = run(&["stances", p, "--format", "json", "--actors", "a,b", "--claims", "p3"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["positions"], serde_json::json!([["denies"], ["denies"]]));
    assert_eq!(v["claims"][0]["denies"], 2);
    let (code, out, _) = run(&["stances", p, "--like", "b", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ranking"][0]["actor"], "a");
    assert_eq!(v["ranking"][0]["agreement"], 0.75);
    assert!(v["formula"].as_str().unwrap().contains("agreements / shared"));
    let (code, _, err) = run(&["stances", p, "--like", "bb"]);
    assert_eq!(code, 2);
    assert!(err.contains("no actor `bb`") && err.contains("did you mean `b`?"), "{err}");
    let (code, _, err) = run(&["stances", p, "--claims", "p9"]);
    assert_eq!(code, 2);
    assert!(err.contains("no claim with id or tag `p9`"), "{err}");
    let (code, out, _) = run(&["stances", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("agreement(a, b) = agreements / shared"), "{out}");
    assert!(out.contains("a absent, . no stance"), "{out}");
    assert!(out.contains("absence is data, not a position"), "{out}");
}

// ---------------------------------------------------------------------------
// SVG

/// A small XML well-formedness check: one root element, tags nest and close,
/// attribute values are quoted, and every `&` starts a known entity.
fn check_xml(s: &str) -> Result<usize, String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut elements = 0;
    let entity_ok = |at: usize| -> bool {
        let rest = &s[at..];
        let Some(end) = rest.find(';') else { return false };
        let name = &rest[1..end];
        matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name.strip_prefix("#x").is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    };
    let name_end = |from: usize| -> usize {
        let mut j = from;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b':' | b'_' | b'-' | b'.')) {
            j += 1;
        }
        j
    };
    while i < b.len() {
        if b[i] == b'<' {
            if s[i..].starts_with("<?") {
                i += s[i..].find("?>").ok_or("unclosed <?")? + 2;
            } else if s[i..].starts_with("<!--") {
                i += s[i..].find("-->").ok_or("unclosed comment")? + 3;
            } else if s[i..].starts_with("</") {
                let end = name_end(i + 2);
                let name = &s[i + 2..end];
                if stack.pop() != Some(name) {
                    return Err(format!("`</{name}>` at {i} closes nothing open"));
                }
                if b.get(end) != Some(&b'>') {
                    return Err(format!("bad end tag at {i}"));
                }
                i = end + 1;
            } else {
                let end = name_end(i + 1);
                let name = &s[i + 1..end];
                if name.is_empty() {
                    return Err(format!("bad tag at {i}"));
                }
                if stack.is_empty() {
                    roots += 1;
                }
                elements += 1;
                let mut j = end;
                let mut seen = Vec::new();
                loop {
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    match b.get(j) {
                        Some(b'>') => {
                            stack.push(name);
                            j += 1;
                            break;
                        }
                        Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                            j += 2;
                            break;
                        }
                        Some(_) => {
                            let ae = name_end(j);
                            let attr = &s[j..ae];
                            if attr.is_empty() || b.get(ae) != Some(&b'=') {
                                return Err(format!("bad attribute at {j}"));
                            }
                            if seen.contains(&attr) {
                                return Err(format!("attribute `{attr}` twice at {j}"));
                            }
                            seen.push(attr);
                            let q = *b.get(ae + 1).ok_or("eof")?;
                            if q != b'"' && q != b'\'' {
                                return Err(format!("unquoted attribute at {j}"));
                            }
                            let vend = ae + 2 + s[ae + 2..].find(q as char).ok_or("unclosed attribute")?;
                            for (k, c) in s[ae + 2..vend].char_indices() {
                                if c == '<' || (c == '&' && !entity_ok(ae + 2 + k)) {
                                    return Err(format!("bad character in attribute at {}", ae + 2 + k));
                                }
                            }
                            j = vend + 1;
                        }
                        None => return Err("eof in tag".into()),
                    }
                }
                i = j;
            }
        } else {
            if b[i] == b'&' && !entity_ok(i) {
                return Err(format!("bad entity at {i}"));
            }
            if stack.is_empty() && !b[i].is_ascii_whitespace() {
                return Err(format!("text outside the root at {i}"));
            }
            i += 1;
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed `{}`", stack.join(" > ")));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

#[test]
fn the_xml_checker_rejects_bad_xml() {
    assert!(check_xml("<a><b/></a>").is_ok());
    assert!(check_xml("<a><b></a>").is_err());
    assert!(check_xml("<a x=1/>").is_err());
    assert!(check_xml("<a>&</a>").is_err());
    assert!(check_xml("<a x=\"<\"/>").is_err());
    assert!(check_xml("<a/><b/>").is_err());
    assert!(check_xml("<a>&amp;&#38;&#x26;</a>").is_ok());
}

#[test]
fn svg_is_well_formed_xml_with_escaped_text() {
    let map = map();
    let mut m = Matrix::build(&map, None, None);
    let svg = stances::matrix_svg(&m);
    let n = check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(n > 25, "{n}");
    assert!(svg.contains("A &amp; &quot;Sons&quot; &lt;Ltd&gt;"));
    assert!(!svg.contains("<Ltd>"));
    m.sort(Order::Similarity);
    let ag = Agreement::compute(&m);
    let svg = stances::agreement_svg(&m, &ag, 1);
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let row = m.row_of(map.actor_id("a").unwrap()).unwrap();
    let svg = stances::like_svg(&m, row, &stances::rank_like(&m, row, 1));
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(svg.contains("75.0% (3/4)"));
}

#[test]
fn es11_svgs_for_193_actors_are_well_formed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/unga-es11.toml");
    let p = path.to_str().unwrap();
    for args in [
        vec!["stances", p, "--format", "svg", "--sort", "similarity"],
        vec!["stances", p, "--agreement", "--format", "svg", "--sort", "similarity"],
        vec!["stances", p, "--like", "cambodia", "--format", "svg"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        check_xml(&out).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(out.contains("Cote d&#39;Ivoire"), "{args:?}");
    }
}

/// On the ES-11 votes, the states that voted exactly as Cambodia did (yes on
/// ES-11/1, 2, 4 and 6, abstain on ES-11/3 and 5) share its rank 1.
#[test]
fn es11_like_cambodia() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/unga-es11.toml");
    let map = elenchus::load_file(&path).unwrap().into_map().unwrap();
    let m = Matrix::build(&map, None, None);
    let row = m.row_of(map.actor_id("cambodia").unwrap()).unwrap();
    let ranked = stances::rank_like(&m, row, 1);
    let find = |id: &str| *ranked.iter().find(|r| map.actor(m.actors[r.row]).id == id).unwrap();
    let full: Vec<&str> = ranked
        .iter()
        .filter(|r| r.pair == Pair { agreements: 6, shared: 6 })
        .map(|r| map.actor(m.actors[r.row]).id.as_str())
        .collect();
    assert_eq!(full.len(), 22);
    assert!(full.contains(&"brazil") && full.contains(&"indonesia") && full.contains(&"saudi-arabia"));
    assert_eq!(find("brazil").rank, 1);
    assert_eq!(find("united-states").pair, Pair { agreements: 4, shared: 6 });
    assert_eq!(find("india").pair, Pair { agreements: 2, shared: 6 });
    assert_eq!(find("china").pair, Pair { agreements: 0, shared: 6 });
    assert_eq!(find("russian-federation").pair, Pair { agreements: 0, shared: 6 });
    // 193 members, less Cambodia, less the four absent from all six votes.
    assert_eq!(ranked.len(), 188);
    assert!(ranked.iter().all(|r| map.actor(m.actors[r.row]).id != "turkmenistan"));
    // Their cells are absent, not "no stance"; 75 absences in all.
    let tm = m.row_of(map.actor_id("turkmenistan").unwrap()).unwrap();
    assert!((0..m.cols()).all(|c| m.code(tm, c) == stances::ABSENT));
    let absences: usize = (0..m.cols()).map(|c| m.column_counts(c)[3]).sum();
    assert_eq!(absences, 75);
    assert!((0..m.cols()).all(|c| m.column_counts(c)[4] == 0));
}
