//! Shared by the fuzz targets: random argument maps built from the fuzzer's
//! bytes ([`Case`]), and checks that every output parses back
//! ([`check_report_outputs`]). See `docs/robustness.md`.
//!
//! A case is written as a map file (JSON, or TOML through the `toml` crate)
//! and read by the real loader, so the checks, the renderer and the stance
//! analysis see exactly what they would see from a file. Most cases are
//! valid maps: relations of every type (cycles come by chance, undercuts may
//! target undercuts, undercut chains may loop), shorthand and long forms,
//! duplicates, stances with and without dates, `[checks]` levels and
//! `[[acknowledged]]` entries, text full of hostile characters. One case in
//! twenty may also break the rules (self relations, an undercut of a claim,
//! impossible dates), to exercise the loader's diagnostics.

use elenchus::load::{Loaded, load_str};
use elenchus::model::{Position, RelationKind, RuleLevel};
use elenchus::report::{Github, Human, Report, Reporter};
use elenchus::source::Format;
use libfuzzer_sys::arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Value, json};

pub use libfuzzer_sys::arbitrary;

/// Pieces of text that have broken other tools' output.
pub const HOSTILE: &[&str] = &[
    "A plain claim.",
    "\"",
    "\\",
    "\\\"",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "<script>alert(1)</script>",
    "</text><script>",
    "]]>",
    "<![CDATA[",
    "--",
    "-->",
    "<!--",
    "\0",
    "\u{1}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{202E}",
    "\u{202D}",
    "\u{2066}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{FFFE}",
    "\u{FFFF}",
    "e\u{301}",
    "\u{301}",
    "\u{17D2}",
    "ព្រះរាជាណាចក្រ",
    "مرحبا",
    "😀",
    "👨\u{200D}👩\u{200D}👧",
    "%",
    "%25",
    "%0A",
    "::",
    "::error::x",
    ",",
    ":",
    "=",
    "&amp;",
    "&#x202E;",
    "&",
    "<",
    ">",
    "'",
    "{",
    "}",
    "[",
    "]",
    "|",
    "<BR/>",
    "\\N",
    "\\G",
    "\\l",
    "${x}",
    " ",
    "  ",
    "a very long word without any space to break it at all",
];

/// Hostile file names.
pub const NAMES: &[&str] = &[
    "map.json",
    "maps/map.toml",
    "a,b:c.toml",
    "x%0Ay.json",
    "new\nline.toml",
    "cr\rname.json",
    "<script>.toml",
    "sp ace.json",
    "quo\"te.toml",
    "back\\slash.json",
    "\u{202E}lmth.toml",
    "::warning::x.json",
    "",
];

/// Random text: hostile pieces and arbitrary strings.
pub fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let n = u.int_in_range(0..=5)?;
    let mut s = String::new();
    for _ in 0..n {
        if u.ratio(1, 4)? {
            let raw = <&str>::arbitrary(u)?;
            s.extend(raw.chars().take(40));
        } else {
            s.push_str(u.choose(HOSTILE)?);
        }
    }
    Ok(s)
}

fn opt_text(u: &mut Unstructured<'_>, p: u8) -> Result<Option<String>> {
    Ok(if u.ratio(p, 8)? { Some(text(u)?) } else { None })
}

fn insert_opt(o: &mut Map<String, Value>, key: &str, v: Option<String>) {
    if let Some(v) = v {
        o.insert(key.into(), Value::String(v));
    }
}

/// A random map file.
#[derive(Debug)]
pub struct Case {
    pub name: String,
    pub format: Format,
    pub text: String,
    pub claims: Vec<String>,
    pub actors: Vec<String>,
    /// The relation ids given.
    pub relations: Vec<String>,
}

const SHORTHAND: [RelationKind; 4] =
    [RelationKind::Supports, RelationKind::Attacks, RelationKind::Contradicts, RelationKind::Implies];

impl Case {
    pub fn generate(u: &mut Unstructured<'_>) -> Result<Case> {
        let invalid = u.ratio(1, 20)?;
        let nc = u.int_in_range(1..=10usize)?;
        let na = u.int_in_range(0..=5usize)?;
        let nr = u.int_in_range(0..=14usize)?;
        let ns = if na > 0 { u.int_in_range(0..=16usize)? } else { 0 };

        let mut claims = Vec::with_capacity(nc);
        for i in 0..nc {
            let style = u.int_in_range(0..=4u8)?;
            claims.push(match style {
                0 => format!("C.{i}"),
                1 => format!("x_{i}-y"),
                2 => format!("{i}"),
                3 => format!("c-{}", 10 - i),
                _ => format!("c{i}"),
            });
        }
        let actors: Vec<String> = (0..na).map(|i| format!("a{i}")).collect();
        let rel_ids: Vec<Option<String>> =
            (0..nr).map(|i| Ok(u.ratio(4, 5)?.then(|| format!("r{i}")))).collect::<Result<_>>()?;
        let with_id: Vec<usize> = (0..nr).filter(|&i| rel_ids[i].is_some()).collect();

        let claim_of = |u: &mut Unstructured<'_>| -> Result<usize> { u.int_in_range(0..=nc - 1) };

        // Long-form relations.
        let mut relations = Vec::new();
        for i in 0..nr {
            let mut kind = *u.choose(&RelationKind::ALL)?;
            let from = claim_of(u)?;
            let to = if kind == RelationKind::Undercuts {
                let candidates: Vec<usize> = with_id.iter().copied().filter(|&j| invalid || j != i).collect();
                if candidates.is_empty() || (invalid && u.ratio(1, 4)?) {
                    if !invalid {
                        kind = RelationKind::Supports;
                    }
                    claims[claim_of(u)?].clone()
                } else {
                    rel_ids[*u.choose(&candidates)?].clone().unwrap_or_default()
                }
            } else if invalid && u.ratio(1, 4)? && !with_id.is_empty() {
                rel_ids[*u.choose(&with_id)?].clone().unwrap_or_default()
            } else {
                let mut to = claim_of(u)?;
                if to == from && !invalid {
                    if nc == 1 {
                        continue;
                    }
                    to = (to + 1) % nc;
                }
                claims[to].clone()
            };
            if kind == RelationKind::Undercuts && to == claims[from] && !invalid {
                continue;
            }
            // Linked premises, for `supports` and `implies` (any type, and
            // repeats, in an invalid map).
            let mut premises = vec![from];
            if (invalid || matches!(kind, RelationKind::Supports | RelationKind::Implies)) && u.ratio(1, 4)? {
                for _ in 0..u.int_in_range(1..=2u8)? {
                    let p = claim_of(u)?;
                    if invalid || (claims[p] != to && !premises.contains(&p)) {
                        premises.push(p);
                    }
                }
            }
            let mut r = Map::new();
            if let Some(id) = &rel_ids[i] {
                r.insert("id".into(), json!(id));
            }
            if premises.len() > 1 {
                r.insert("from".into(), json!(premises.iter().map(|&p| &claims[p]).collect::<Vec<_>>()));
            } else {
                r.insert("from".into(), json!(claims[from]));
            }
            r.insert("to".into(), json!(to));
            r.insert("type".into(), json!(kind.as_str()));
            insert_opt(&mut r, "note", opt_text(u, 2)?);
            insert_opt(&mut r, "source", opt_text(u, 1)?);
            relations.push(Value::Object(r));
        }

        // Claims, with shorthand relations.
        let mut claim_tables = Map::new();
        for (i, id) in claims.iter().enumerate() {
            let mut c = Map::new();
            c.insert("text".into(), json!(text(u)?));
            if u.ratio(1, 3)? {
                let kind = match u.int_in_range(0..=3u8)? {
                    0 => "principle".to_string(),
                    1 => "fact".to_string(),
                    2 => "proposal".to_string(),
                    _ => text(u)?,
                };
                c.insert("kind".into(), json!(kind));
            }
            if u.ratio(1, 3)? {
                let tags: Vec<String> = (0..u.int_in_range(0..=2)?)
                    .map(|_| Ok(if u.ratio(3, 4)? { format!("t{}", u.int_in_range(0..=2)?) } else { text(u)? }))
                    .collect::<Result<_>>()?;
                c.insert("tags".into(), json!(tags));
            }
            for key in ["source", "quote", "url", "note"] {
                insert_opt(&mut c, key, opt_text(u, 1)?);
            }
            if u.ratio(1, 2)? {
                for kind in SHORTHAND {
                    if !u.ratio(1, 3)? {
                        continue;
                    }
                    let mut list = Vec::new();
                    for _ in 0..u.int_in_range(0..=2)? {
                        let t = claim_of(u)?;
                        if t != i || invalid {
                            list.push(json!(claims[t]));
                        }
                    }
                    c.insert(kind.as_str().into(), Value::Array(list));
                }
                if !with_id.is_empty() && u.ratio(1, 3)? {
                    let list: Vec<Value> = (0..u.int_in_range(1..=2)?)
                        .map(|_| Ok(json!(rel_ids[*u.choose(&with_id)?])))
                        .collect::<Result<_>>()?;
                    c.insert("undercuts".into(), Value::Array(list));
                }
            }
            claim_tables.insert(id.clone(), Value::Object(c));
        }

        // Actors, with shorthand stances.
        let mut actor_tables = Map::new();
        for id in &actors {
            let mut a = Map::new();
            insert_opt(&mut a, "name", opt_text(u, 4)?);
            insert_opt(&mut a, "kind", opt_text(u, 1)?);
            insert_opt(&mut a, "description", opt_text(u, 1)?);
            for p in Position::ALL {
                if u.ratio(1, 3)? {
                    let list: Vec<Value> =
                        (0..u.int_in_range(0..=3)?).map(|_| Ok(json!(claims[claim_of(u)?]))).collect::<Result<_>>()?;
                    a.insert(p.as_str().into(), Value::Array(list));
                }
            }
            actor_tables.insert(id.clone(), Value::Object(a));
        }

        // Long-form stances.
        let mut stances = Vec::new();
        for _ in 0..ns {
            let mut s = Map::new();
            s.insert("actor".into(), json!(u.choose(&actors)?));
            s.insert("claim".into(), json!(claims[claim_of(u)?]));
            s.insert("position".into(), json!(u.choose(&Position::ALL)?.as_str()));
            if u.ratio(2, 3)? {
                // Few distinct dates, so that ties and shifts happen.
                let year = if u.ratio(3, 4)? { u.int_in_range(2020..=2022)? } else { u.int_in_range(1..=9999)? };
                let month = u.int_in_range(1..=12)?;
                let day = if invalid { u.int_in_range(0..=32)? } else { u.int_in_range(1..=28)? };
                s.insert("date".into(), json!(format!("{year:04}-{month:02}-{day:02}")));
            }
            for key in ["source", "quote", "via", "note"] {
                insert_opt(&mut s, key, opt_text(u, 2)?);
            }
            stances.push(Value::Object(s));
        }

        let mut doc = Map::new();
        let mut meta = Map::new();
        insert_opt(&mut meta, "title", opt_text(u, 6)?);
        insert_opt(&mut meta, "source", opt_text(u, 1)?);
        doc.insert("map".into(), Value::Object(meta));
        doc.insert("claims".into(), Value::Object(claim_tables));
        if !actors.is_empty() {
            doc.insert("actors".into(), Value::Object(actor_tables));
        }
        if !relations.is_empty() {
            doc.insert("relations".into(), Value::Array(relations));
        }
        if !stances.is_empty() {
            doc.insert("stances".into(), Value::Array(stances));
        }
        let rules = elenchus::check::rule_names();
        if u.ratio(1, 4)? {
            let mut checks = Map::new();
            for _ in 0..u.int_in_range(1..=4)? {
                checks.insert(u.choose(&rules)?.to_string(), json!(u.choose(&RuleLevel::ALL)?.as_str()));
            }
            doc.insert("checks".into(), Value::Object(checks));
        }
        if u.ratio(1, 4)? {
            let mut acks = Vec::new();
            for _ in 0..u.int_in_range(1..=3)? {
                let mut a = Map::new();
                a.insert("rule".into(), json!(u.choose(&rules)?));
                if !actors.is_empty() && u.ratio(1, 2)? {
                    a.insert("actor".into(), json!(u.choose(&actors)?));
                }
                let cl: Vec<Value> =
                    (0..u.int_in_range(0..=2)?).map(|_| Ok(json!(claims[claim_of(u)?]))).collect::<Result<_>>()?;
                // Now and then a wildcard instead of a list.
                a.insert("claims".into(), if u.ratio(1, 5)? { json!("*") } else { Value::Array(cl) });
                a.insert("reason".into(), json!(text(u)?));
                acks.push(Value::Object(a));
            }
            doc.insert("acknowledged".into(), Value::Array(acks));
        }

        let name = u.choose(NAMES)?.to_string();
        let doc = Value::Object(doc);
        let toml = if u.ratio(1, 3)? { toml::to_string(&doc).ok() } else { None };
        let (format, text) = match toml {
            Some(t) => (Format::Toml, t),
            None => (Format::Json, serde_json::to_string_pretty(&doc).unwrap()),
        };
        Ok(Case { name, format, text, claims, actors, relations: rel_ids.into_iter().flatten().collect() })
    }

    /// Load the case with the real loader.
    pub fn load(&self) -> Loaded {
        load_str(self.name.clone(), self.text.clone(), self.format)
    }
}

/// A random check configuration: command-line levels and `--deny warnings`.
pub fn config(u: &mut Unstructured<'_>) -> Result<elenchus::CheckConfig> {
    let mut c = elenchus::CheckConfig { deny_warnings: u.ratio(1, 4)?, ..Default::default() };
    if u.ratio(1, 4)? {
        let rules = elenchus::check::rule_names();
        for _ in 0..u.int_in_range(1..=3)? {
            c.levels.insert(u.choose(&rules)?.to_string(), *u.choose(&RuleLevel::ALL)?);
        }
    }
    Ok(c)
}

/// Undo the workflow-command escaping of GitHub annotations (`%25`, `%0D`,
/// `%0A`, `%3A`, `%2C`).
pub fn github_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3);
        let c = match code {
            Some("25") => '%',
            Some("0D") => '\r',
            Some("0A") => '\n',
            Some("3A") => ':',
            Some("2C") => ',',
            _ => panic!("a `%` that is not an escape: {s:?}"),
        };
        out.push(c);
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// Every output of `check` for a report: JSON round-trips, SARIF is
/// consistent, GitHub annotations parse back to the messages, human output
/// renders.
pub fn check_report_outputs(report: &Report) {
    // JSON: text and back.
    let v = elenchus::report::json::to_value(report);
    assert!(!v.is_null(), "the JSON document failed to serialise");
    let text = serde_json::to_string_pretty(&v).unwrap();
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, v);

    // SARIF: rule indices agree with rule ids, regions are 1-based and ordered.
    let log = elenchus::report::sarif::to_value(report);
    let text = serde_json::to_string(&log).unwrap();
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, log);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in run["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let mut locs: Vec<&Value> = r["locations"].as_array().unwrap().iter().collect();
        locs.extend(r["relatedLocations"].as_array().into_iter().flatten());
        for l in locs {
            let region = &l["physicalLocation"]["region"];
            if region.is_null() {
                continue;
            }
            let n = |k: &str| region[k].as_u64().unwrap_or_else(|| panic!("{k} in {region}"));
            assert!(n("startLine") >= 1 && n("startColumn") >= 1, "{region}");
            assert!((n("endLine"), n("endColumn")) >= (n("startLine"), n("startColumn")), "{region}");
        }
    }

    // GitHub: one line per diagnostic and finding, properties without `:`,
    // messages that unescape to the original text.
    let mut out = Vec::new();
    Github.write(report, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains('\r'), "a raw carriage return in workflow commands");
    let mut expected = Vec::new();
    for m in &report.maps {
        for d in &m.diagnostics {
            expected.push((m.file.name.clone(), d.message.clone()));
        }
        for f in &m.findings {
            let mut message = format!("{}\nchain: {}", f.message, f.chain);
            if let Some(a) = &f.acknowledged {
                message.push_str(&format!("\nacknowledged: {}", a.reason));
            }
            expected.push((f.file.clone(), message));
        }
    }
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{out}");
    for (line, (file, message)) in lines.iter().zip(&expected) {
        let rest = line.strip_prefix("::").unwrap();
        let (_command, rest) = rest.split_once(' ').unwrap();
        let (props, raw) = rest.split_once("::").unwrap();
        let mut seen_file = false;
        for p in props.split(',') {
            let (k, v) = p.split_once('=').unwrap();
            assert!(!v.contains(':'), "{line}");
            if k == "file" {
                assert_eq!(github_unescape(v), *file);
                seen_file = true;
            }
        }
        assert!(seen_file, "{line}");
        assert_eq!(github_unescape(raw), *message);
    }

    // Human, with and without colour.
    for color in [false, true] {
        let mut out = Vec::new();
        Human { color, quiet: (!color).into() }.write(report, &mut out).unwrap();
        String::from_utf8(out).unwrap();
    }
}

/// Raw bytes through the loader (as `validate` and `check` read a file);
/// every diagnostic has a position in the file, and the report of the
/// result (diagnostics, or the findings of a valid map) writes in every format.
pub fn load_bytes(data: &[u8], format: Format) {
    let loaded = elenchus::load::load_bytes("fuzz.input".into(), None, data.to_vec(), format);
    assert_eq!(loaded.map.is_some(), loaded.errors() == 0);
    for d in &loaded.diagnostics {
        let p = d.position(&loaded.file);
        assert!(p.line >= 1 && p.column >= 1, "{p:?}");
        assert!(p.line <= loaded.file.line_count(), "{p:?}");
        assert!(d.span().start <= loaded.file.text.len() && d.span().end <= loaded.file.text.len());
    }
    let report = Report::check(vec![loaded], &elenchus::CheckConfig::default());
    check_report_outputs(&report);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Most generated cases are valid maps with relations and stances, so
    /// that the structured targets get past the loader.
    #[test]
    fn most_cases_load() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let (mut valid, mut rich, mut toml) = (0, 0, 0);
        for _ in 0..500 {
            let bytes: Vec<u8> = (0..2048)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let case = Case::generate(&mut Unstructured::new(&bytes)).unwrap();
            toml += usize::from(case.format == Format::Toml);
            if let Some(map) = case.load().map {
                valid += 1;
                rich += usize::from(!map.relations.is_empty() && !map.stances.is_empty());
            }
        }
        assert!(valid > 350 && rich > 150 && toml > 100, "{valid} valid, {rich} rich, {toml} TOML of 500");
    }
}
