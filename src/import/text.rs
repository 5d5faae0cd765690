//! Writing TOML (and JSON) text: strings, comments, and values set in place.

use std::fmt::Write as _;

use toml_edit::{Item, TableLike, Value};

use crate::model::Date;

/// Append `s` as a TOML basic string (`"..."`).
pub fn push_toml_str(out: &mut String, s: &str) {
    out.push('"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// Append `s` as text inside a TOML comment (after `# `), so that it cannot
/// end the comment or make it invalid: a comment runs to the end of its
/// line and may not hold control characters, so line ends and other control
/// characters are written as visible escapes (`\n`, `\r`, `\t`, `\u{1b}`),
/// and so are the characters that reorder how text is shown (bidirectional
/// overrides and isolates) and a backslash that would make an escape ambiguous
/// (`\\`).
pub fn push_toml_comment(out: &mut String, s: &str) {
    let escaped = |c: char| {
        c.is_control()
            || c == '\\'
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(escaped) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// Append a TOML key: bare when it can be, quoted otherwise.
pub(super) fn push_toml_key(out: &mut String, k: &str) {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        out.push_str(k);
    } else {
        push_toml_str(out, k);
    }
}

/// A string value, written as [`push_toml_str`] writes it.
pub(super) fn str_value(s: &str) -> Value {
    let mut t = String::with_capacity(s.len() + 2);
    push_toml_str(&mut t, s);
    t.parse().expect("an encoded TOML string parses")
}

pub(super) fn date_value(d: Date) -> Value {
    d.to_string().parse().expect("a date parses")
}

/// Set `key` to `new` unless `same` says it already holds that value; an
/// existing value keeps its surrounding whitespace and comment. Returns whether
/// anything changed.
pub(super) fn set_value(t: &mut dyn TableLike, key: &str, new: Value, same: impl Fn(&Item) -> bool) -> bool {
    match t.get_mut(key) {
        Some(item) if same(item) => false,
        Some(item) => {
            let mut new = new;
            if let Item::Value(old) = item {
                *new.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(new);
            true
        }
        None => {
            t.insert(key, Item::Value(new));
            true
        }
    }
}

pub(super) fn set_str(t: &mut dyn TableLike, key: &str, v: &str) -> bool {
    set_value(t, key, str_value(v), |i| i.as_str() == Some(v))
}

/// Append a TOML array of strings on one line (`["a", "b"]`).
pub(crate) fn push_toml_str_array<S: AsRef<str>>(out: &mut String, items: &[S]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_toml_str(out, item.as_ref());
    }
    out.push(']');
}

/// An array of strings, as [`push_toml_str_array`] writes it.
pub(super) fn str_array_value<S: AsRef<str>>(items: &[S]) -> Value {
    let mut t = String::new();
    push_toml_str_array(&mut t, items);
    t.parse().expect("an encoded TOML array parses")
}

/// Append `s` as a JSON string.
pub(super) fn push_json_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string encodes"));
}
