//! A JSON Schema (draft-07) validator for the two schemas the tests use:
//! the official SARIF 2.1.0 schema and elenchus's own map schema.
//!
//! It holds the keywords those schemas use and the rest of draft-07's
//! validation vocabulary, with local `$ref`s (`#/definitions/...`, JSON
//! pointers into the same document) and the formats `date-time`, `date`,
//! `uri` and `uri-reference`. Building a validator is strict: an unknown
//! keyword, a keyword with a value of the wrong type, a pattern that does
//! not compile or a `$ref` that leads nowhere is an error, so a schema that
//! builds is a draft-07 schema in every part this validator reads.
//!
//! Why not a validator from crates.io: the full-featured one
//! (`jsonschema`, with `regex`, `fancy-regex`, `referencing`, `fraction`
//! and `strum`) was about a quarter of the compile time of `cargo test`
//! from an empty `target/` (docs/performance.md, "Build time"). Patterns
//! go through `regex-lite`, with ECMA-262's `\s` (Unicode white space and
//! line terminators) in place of the ASCII one; `\d` and `\w` are ASCII in
//! both. SARIF logs are also validated by Microsoft's SARIF Multitool in
//! `.ci/run` (tests/sarif_multitool.py), an independent check.

use std::collections::HashMap;
use std::fmt;

use regex_lite::Regex;
use serde_json::{Map, Value};

/// One way an instance fails its schema.
#[derive(Debug, Clone)]
pub struct SchemaError {
    path: String,
    message: String,
}

impl SchemaError {
    /// Where in the instance, as a JSON pointer (`/runs/0/results/2`).
    pub fn instance_path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A compiled schema.
pub struct Validator {
    root: Value,
    patterns: HashMap<String, Regex>,
}

/// What may annotate a schema without validating anything.
const ANNOTATIONS: [&str; 9] =
    ["$schema", "$id", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly"];

const TYPES: [&str; 7] = ["null", "boolean", "object", "array", "number", "string", "integer"];

impl Validator {
    /// Compile `schema`; every subschema is checked as it would be used.
    pub fn new(schema: &Value) -> Result<Validator, String> {
        let mut v = Validator { root: schema.clone(), patterns: HashMap::new() };
        let mut patterns = Vec::new();
        v.compile(schema, "#", &mut patterns)?;
        for p in patterns {
            let re = Regex::new(&ecma_pattern(&p)).map_err(|e| format!("pattern {p:?}: {e}"))?;
            v.patterns.insert(p, re);
        }
        Ok(v)
    }

    pub fn is_valid(&self, instance: &Value) -> bool {
        let mut errors = Vec::new();
        self.check(&self.root, instance, &mut String::new(), &mut errors, 0);
        errors.is_empty()
    }

    pub fn iter_errors(&self, instance: &Value) -> std::vec::IntoIter<SchemaError> {
        let mut errors = Vec::new();
        self.check(&self.root, instance, &mut String::new(), &mut errors, 0);
        errors.into_iter()
    }

    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        if pointer.is_empty() {
            return Some(&self.root);
        }
        // A JSON pointer whose tokens may be percent-encoded (URI fragment).
        self.root.pointer(&super::percent_decode(pointer))
    }

    fn compile(&self, s: &Value, at: &str, patterns: &mut Vec<String>) -> Result<(), String> {
        let obj = match s {
            Value::Bool(_) => return Ok(()),
            Value::Object(o) => o,
            _ => return Err(format!("{at}: a schema is an object or a boolean")),
        };
        let sub = |k: &str, v: &Value, patterns: &mut Vec<String>| self.compile(v, &format!("{at}/{k}"), patterns);
        for (k, v) in obj {
            let here = format!("{at}/{k}");
            match k.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$ref" => {
                    let r = v.as_str().ok_or(format!("{here}: not a string"))?;
                    self.resolve(r).ok_or(format!("{here}: {r} leads nowhere"))?;
                }
                "definitions" | "properties" | "patternProperties" => {
                    for (name, s) in v.as_object().ok_or(format!("{here}: not an object"))? {
                        if k == "patternProperties" {
                            patterns.push(name.clone());
                        }
                        sub(&format!("{k}/{name}"), s, patterns)?;
                    }
                }
                "dependencies" => {
                    for (name, d) in v.as_object().ok_or(format!("{here}: not an object"))? {
                        if let Some(a) = d.as_array() {
                            strings(a, &here)?;
                        } else {
                            sub(&format!("{k}/{name}"), d, patterns)?;
                        }
                    }
                }
                "additionalProperties"
                | "additionalItems"
                | "propertyNames"
                | "contains"
                | "not"
                | "if"
                | "then"
                | "else" => sub(k, v, patterns)?,
                "items" => match v {
                    Value::Array(a) => {
                        for (i, s) in a.iter().enumerate() {
                            sub(&format!("items/{i}"), s, patterns)?;
                        }
                    }
                    _ => sub(k, v, patterns)?,
                },
                "allOf" | "anyOf" | "oneOf" => {
                    let a = v.as_array().filter(|a| !a.is_empty()).ok_or(format!("{here}: not a non-empty array"))?;
                    for (i, s) in a.iter().enumerate() {
                        sub(&format!("{k}/{i}"), s, patterns)?;
                    }
                }
                "type" => {
                    let names: Vec<&Value> = match v {
                        Value::Array(a) => a.iter().collect(),
                        one => vec![one],
                    };
                    for n in names {
                        if !n.as_str().is_some_and(|n| TYPES.contains(&n)) {
                            return Err(format!("{here}: {n} is not a type"));
                        }
                    }
                }
                "enum" => {
                    v.as_array().ok_or(format!("{here}: not an array"))?;
                }
                "const" => {}
                "required" => strings(v.as_array().ok_or(format!("{here}: not an array"))?, &here)?,
                "pattern" => patterns.push(v.as_str().ok_or(format!("{here}: not a string"))?.to_string()),
                "format" => {
                    v.as_str().ok_or(format!("{here}: not a string"))?;
                }
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                    v.as_f64().ok_or(format!("{here}: not a number"))?;
                }
                "multipleOf" => {
                    v.as_f64().filter(|m| *m > 0.0).ok_or(format!("{here}: not a positive number"))?;
                }
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
                    v.as_u64().ok_or(format!("{here}: not a non-negative integer"))?;
                }
                "uniqueItems" => {
                    v.as_bool().ok_or(format!("{here}: not a boolean"))?;
                }
                _ => return Err(format!("{here}: unknown keyword")),
            }
        }
        Ok(())
    }

    fn check(&self, s: &Value, x: &Value, path: &mut String, out: &mut Vec<SchemaError>, depth: usize) {
        let mut fail = |path: &str, message: String| out.push(SchemaError { path: path.to_string(), message });
        let obj = match s {
            Value::Bool(true) => return,
            Value::Bool(false) => return fail(path, format!("{x} is not allowed here")),
            Value::Object(o) => o,
            _ => unreachable!("compiled"),
        };
        assert!(depth < 512, "$ref loop at {path}");
        // In draft-07 a `$ref` stands for the whole schema: siblings are ignored.
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let target = self.resolve(r).expect("compiled");
            return self.check(target, x, path, out, depth + 1);
        }
        let valid = |s: &Value, x: &Value| {
            let mut e = Vec::new();
            self.check(s, x, &mut String::new(), &mut e, depth + 1);
            e.is_empty()
        };
        for (k, v) in obj {
            match k.as_str() {
                "type" => {
                    let ok = match v {
                        Value::Array(a) => a.iter().any(|t| is_type(x, t.as_str().unwrap())),
                        t => is_type(x, t.as_str().unwrap()),
                    };
                    if !ok {
                        fail(path, format!("{x} is not of type {v}"));
                    }
                }
                "enum" if !v.as_array().unwrap().iter().any(|e| equal(e, x)) => {
                    fail(path, format!("{x} is not one of {v}"));
                }
                "const" if !equal(v, x) => fail(path, format!("{v} was expected")),
                "allOf" => {
                    for s in v.as_array().unwrap() {
                        if !valid(s, x) {
                            fail(path, format!("{x} is not valid under all of the given schemas"));
                            break;
                        }
                    }
                }
                "anyOf" if !v.as_array().unwrap().iter().any(|s| valid(s, x)) => {
                    fail(path, format!("{x} is not valid under any of the given schemas"));
                }
                "oneOf" => {
                    let n = v.as_array().unwrap().iter().filter(|s| valid(s, x)).count();
                    if n != 1 {
                        fail(path, format!("{x} is valid under {n} of the given schemas, not exactly one"));
                    }
                }
                "not" if valid(v, x) => fail(path, format!("{x} is valid under the schema it must not be")),
                "if" => {
                    let branch = if valid(v, x) { obj.get("then") } else { obj.get("else") };
                    if let Some(b) = branch
                        && !valid(b, x)
                    {
                        fail(path, format!("{x} fails the branch its `if` chose"));
                    }
                }
                _ => {}
            }
        }
        match x {
            Value::String(t) => self.check_string(obj, t, path, out),
            Value::Number(_) => check_number(obj, x.as_f64().unwrap(), path, out),
            Value::Array(a) => self.check_array(obj, a, path, out, depth),
            Value::Object(o) => self.check_object(obj, o, path, out, depth),
            _ => {}
        }
    }

    fn check_string(&self, obj: &Map<String, Value>, t: &str, path: &str, out: &mut Vec<SchemaError>) {
        let len = t.chars().count() as u64;
        let mut fail = |message: String| out.push(SchemaError { path: path.to_string(), message });
        if obj.get("minLength").and_then(Value::as_u64).is_some_and(|m| len < m) {
            fail(format!("{t:?} is shorter than {}", obj["minLength"]));
        }
        if obj.get("maxLength").and_then(Value::as_u64).is_some_and(|m| len > m) {
            fail(format!("{t:?} is longer than {}", obj["maxLength"]));
        }
        if let Some(p) = obj.get("pattern").and_then(Value::as_str)
            && !self.patterns[p].is_match(t)
        {
            fail(format!("{t:?} does not match {p:?}"));
        }
        if let Some(f) = obj.get("format").and_then(Value::as_str) {
            let ok = match f {
                "date-time" => is_date_time(t),
                "date" => is_date(t),
                "uri" => is_uri(t),
                "uri-reference" => is_uri_reference(t),
                // Formats this validator does not know are annotations, as draft-07 allows.
                _ => true,
            };
            if !ok {
                fail(format!("{t:?} is not a {f:?}"));
            }
        }
    }

    fn check_array(
        &self,
        obj: &Map<String, Value>,
        a: &[Value],
        path: &mut String,
        out: &mut Vec<SchemaError>,
        depth: usize,
    ) {
        let n = a.len() as u64;
        if obj.get("minItems").and_then(Value::as_u64).is_some_and(|m| n < m) {
            out.push(SchemaError { path: path.clone(), message: format!("{n} items, fewer than {}", obj["minItems"]) });
        }
        if obj.get("maxItems").and_then(Value::as_u64).is_some_and(|m| n > m) {
            out.push(SchemaError { path: path.clone(), message: format!("{n} items, more than {}", obj["maxItems"]) });
        }
        if obj.get("uniqueItems") == Some(&Value::Bool(true)) {
            for i in 0..a.len() {
                if a[..i].iter().any(|b| equal(b, &a[i])) {
                    out.push(SchemaError {
                        path: path.clone(),
                        message: format!("{} has non-unique elements", Value::from(a.to_vec())),
                    });
                    break;
                }
            }
        }
        let each = |i: usize, s: &Value, path: &mut String, out: &mut Vec<SchemaError>| {
            let len = path.len();
            path.push_str(&format!("/{i}"));
            self.check(s, &a[i], path, out, depth + 1);
            path.truncate(len);
        };
        match obj.get("items") {
            Some(Value::Array(tuple)) => {
                for i in 0..a.len() {
                    match tuple.get(i).or(obj.get("additionalItems")) {
                        Some(s) => each(i, s, path, out),
                        None => break,
                    }
                }
            }
            Some(s) => {
                for i in 0..a.len() {
                    each(i, s, path, out);
                }
            }
            None => {}
        }
        if let Some(c) = obj.get("contains")
            && !a.iter().any(|x| {
                let mut e = Vec::new();
                self.check(c, x, &mut String::new(), &mut e, depth + 1);
                e.is_empty()
            })
        {
            out.push(SchemaError { path: path.clone(), message: "no item is valid under `contains`".into() });
        }
    }

    fn check_object(
        &self,
        obj: &Map<String, Value>,
        o: &Map<String, Value>,
        path: &mut String,
        out: &mut Vec<SchemaError>,
        depth: usize,
    ) {
        let n = o.len() as u64;
        if obj.get("minProperties").and_then(Value::as_u64).is_some_and(|m| n < m) {
            out.push(SchemaError {
                path: path.clone(),
                message: format!("{n} properties, fewer than {}", obj["minProperties"]),
            });
        }
        if obj.get("maxProperties").and_then(Value::as_u64).is_some_and(|m| n > m) {
            out.push(SchemaError {
                path: path.clone(),
                message: format!("{n} properties, more than {}", obj["maxProperties"]),
            });
        }
        if let Some(req) = obj.get("required").and_then(Value::as_array) {
            for r in req.iter().filter_map(Value::as_str) {
                if !o.contains_key(r) {
                    out.push(SchemaError { path: path.clone(), message: format!("{r:?} is a required property") });
                }
            }
        }
        if let Some(deps) = obj.get("dependencies").and_then(Value::as_object) {
            for (name, d) in deps.iter().filter(|(name, _)| o.contains_key(*name)) {
                match d {
                    Value::Array(keys) => {
                        for r in keys.iter().filter_map(Value::as_str).filter(|r| !o.contains_key(*r)) {
                            out.push(SchemaError {
                                path: path.clone(),
                                message: format!("{r:?} is required by {name:?}"),
                            });
                        }
                    }
                    s => self.check(s, &Value::Object(o.clone()), path, out, depth + 1),
                }
            }
        }
        let props = obj.get("properties").and_then(Value::as_object);
        let pattern_props = obj.get("patternProperties").and_then(Value::as_object);
        for (key, value) in o {
            let len = path.len();
            path.push('/');
            path.push_str(&key.replace('~', "~0").replace('/', "~1"));
            if let Some(names) = obj.get("propertyNames") {
                let mut e = Vec::new();
                self.check(names, &Value::String(key.clone()), &mut String::new(), &mut e, depth + 1);
                if !e.is_empty() {
                    out.push(SchemaError {
                        path: path.clone(),
                        message: format!("{key:?} is not a valid property name"),
                    });
                }
            }
            let mut matched = false;
            if let Some(s) = props.and_then(|p| p.get(key)) {
                matched = true;
                self.check(s, value, path, out, depth + 1);
            }
            for (p, s) in pattern_props.into_iter().flatten() {
                if self.patterns[p].is_match(key) {
                    matched = true;
                    self.check(s, value, path, out, depth + 1);
                }
            }
            if !matched && let Some(s) = obj.get("additionalProperties") {
                if *s == Value::Bool(false) {
                    out.push(SchemaError {
                        path: path.clone(),
                        message: format!("additional property {key:?} is not allowed"),
                    });
                } else {
                    self.check(s, value, path, out, depth + 1);
                }
            }
            path.truncate(len);
        }
    }
}

fn strings(a: &[Value], at: &str) -> Result<(), String> {
    match a.iter().find(|v| !v.is_string()) {
        Some(v) => Err(format!("{at}: {v} is not a string")),
        None => Ok(()),
    }
}

fn check_number(obj: &Map<String, Value>, n: f64, path: &str, out: &mut Vec<SchemaError>) {
    let mut fail = |message: String| out.push(SchemaError { path: path.to_string(), message });
    let bound = |k: &str| obj.get(k).and_then(Value::as_f64);
    if bound("minimum").is_some_and(|m| n < m) {
        fail(format!("{n} is less than the minimum of {}", obj["minimum"]));
    }
    if bound("maximum").is_some_and(|m| n > m) {
        fail(format!("{n} is greater than the maximum of {}", obj["maximum"]));
    }
    if bound("exclusiveMinimum").is_some_and(|m| n <= m) {
        fail(format!("{n} is not greater than {}", obj["exclusiveMinimum"]));
    }
    if bound("exclusiveMaximum").is_some_and(|m| n >= m) {
        fail(format!("{n} is not less than {}", obj["exclusiveMaximum"]));
    }
    if let Some(m) = bound("multipleOf") {
        let q = n / m;
        if (q - q.round()).abs() > 1e-9 {
            fail(format!("{n} is not a multiple of {m}"));
        }
    }
}

fn is_type(x: &Value, t: &str) -> bool {
    match t {
        "null" => x.is_null(),
        "boolean" => x.is_boolean(),
        "object" => x.is_object(),
        "array" => x.is_array(),
        "string" => x.is_string(),
        "number" => x.is_number(),
        // A number with no fractional part, 1.0 included.
        "integer" => x.is_i64() || x.is_u64() || x.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

/// JSON equality: numbers by value (1 equals 1.0), objects whatever the
/// order of their keys.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => {
            if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
                x == y
            } else if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
                x == y
            } else {
                a.as_f64() == b.as_f64()
            }
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

/// ECMA-262's `\s` and `\S` (white space and line terminators, Unicode) for
/// regex-lite's ASCII ones; everything else is passed on as written.
fn ecma_pattern(p: &str) -> String {
    const SPACE: &str =
        "\t\n\u{b}\u{c}\r \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}";
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if in_class => out.push_str(SPACE),
                Some('s') => out.push_str(&format!("[{SPACE}]")),
                Some('S') if !in_class => out.push_str(&format!("[^{SPACE}]")),
                Some(n) => {
                    assert!(!(n == 'S' && in_class), "\\S inside a class is not supported: {p}");
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap());
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().unwrap())
}

/// RFC 3339 `full-date`.
fn is_date(t: &str) -> bool {
    let (Some(y), Some(m), Some(d)) = (t.get(0..4), t.get(5..7), t.get(8..10)) else { return false };
    if t.len() != 10 || &t[4..5] != "-" || &t[7..8] != "-" {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

/// RFC 3339 `date-time`: a full date, `T` (or `t`), a time with optional
/// fraction, and `Z` or an offset.
fn is_date_time(t: &str) -> bool {
    if t.len() < 20 || !t.is_char_boundary(10) || !is_date(&t[..10]) || !matches!(&t[10..11], "T" | "t") {
        return false;
    }
    let time = &t[11..];
    let (Some(h), Some(mi), Some(s)) = (time.get(0..2), time.get(3..5), time.get(6..8)) else { return false };
    if &time[2..3] != ":" || &time[5..6] != ":" {
        return false;
    }
    let (Some(h), Some(mi), Some(s)) = (digits(h, 2), digits(mi, 2), digits(s, 2)) else { return false };
    if h > 23 || mi > 59 || s > 60 {
        return false;
    }
    let mut rest = &time[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        "Z" | "z" => true,
        off if off.len() == 6 && (off.starts_with('+') || off.starts_with('-')) && &off[3..4] == ":" => {
            matches!((digits(&off[1..3], 2), digits(&off[4..6], 2)), (Some(oh), Some(om)) if oh <= 23 && om <= 59)
        }
        _ => false,
    }
}

/// RFC 3986 characters outside `%XX` escapes: unreserved, gen-delims and
/// sub-delims; a `%` must start a two-digit hexadecimal escape.
fn uri_characters(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if !(i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                    return false;
                }
                i += 3;
                continue;
            }
            c if c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c) => {}
            _ => return false,
        }
        i += 1;
    }
    // At most one `#`, and `[`/`]` only around an IP literal host.
    t.matches('#').count() <= 1 && (!t.contains(['[', ']']) || t.contains("//["))
}

/// RFC 3986 `URI`: a scheme (a letter, then letters, digits, `+`, `-`, `.`),
/// `:`, and the rest in URI characters.
fn is_uri(t: &str) -> bool {
    let Some((scheme, _)) = t.split_once(':') else { return false };
    let mut s = scheme.bytes();
    s.next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
        && uri_characters(t)
}

/// RFC 3986 `URI-reference`: a URI, or a relative reference (whose first
/// segment holds no `:`, which would read as a scheme).
fn is_uri_reference(t: &str) -> bool {
    if is_uri(t) {
        return true;
    }
    let first = t.split(['/', '?', '#']).next().unwrap_or("");
    !first.contains(':') && uri_characters(t)
}
