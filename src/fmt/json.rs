//! Formatting JSON maps: the document's tokens as written (strings and
//! numbers are copied, never re-encoded), laid out anew.

use super::{Options, width_of};
use crate::diag::{Code, Diagnostic};

/// Format a JSON map (see the [module documentation](super)). The error is
/// the document's syntax error, as `validate` reports it.
pub fn format_json(text: &str, opts: &Options) -> Result<String, Vec<Diagnostic>> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    if let Err(e) = crate::load::json::parse(text) {
        let mut d = Diagnostic::new(Code::Syntax, format!("invalid JSON: {}", e.message), e.span, e.label);
        d.help = e.help;
        return Err(vec![d]);
    }
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    let mut p = Tokens { text, pos: 0 };
    let tree = p.value();
    let mut out = String::with_capacity(text.len());
    out.push_str(bom);
    write(&tree, 0, opts.width.max(1), 0, &mut out);
    out.push('\n');
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    Ok(out)
}

/// A JSON value as written: the text of a string, number or literal.
enum J<'a> {
    Object(Vec<(&'a str, J<'a>)>),
    Array(Vec<J<'a>>),
    Scalar(&'a str),
}

/// Reads a document that [`crate::load::json::parse`] accepted (so it needs no checks).
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn peek(&mut self) -> u8 {
        self.skip_ws();
        self.text.as_bytes().get(self.pos).copied().unwrap_or(0)
    }

    fn value(&mut self) -> J<'a> {
        match self.peek() {
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                while self.peek() != b'}' {
                    let key = self.string();
                    self.peek(); // ':'
                    self.pos += 1;
                    members.push((key, self.value()));
                    if self.peek() == b',' {
                        self.pos += 1;
                    }
                }
                self.pos += 1;
                J::Object(members)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                while self.peek() != b']' {
                    items.push(self.value());
                    if self.peek() == b',' {
                        self.pos += 1;
                    }
                }
                self.pos += 1;
                J::Array(items)
            }
            b'"' => J::Scalar(self.string()),
            _ => {
                let start = self.pos;
                let rest = &self.text[start..];
                let len = rest.find([',', ']', '}', ' ', '\t', '\n', '\r']).unwrap_or(rest.len());
                self.pos += len;
                J::Scalar(&self.text[start..start + len])
            }
        }
    }

    /// A string token, quotes included.
    fn string(&mut self) -> &'a str {
        self.skip_ws();
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        while bytes[i] != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        self.pos = i + 1;
        &self.text[start..self.pos]
    }
}

/// The value on one line, when it is a scalar or an array of scalars.
fn one_line(v: &J<'_>) -> Option<String> {
    match v {
        J::Scalar(s) => Some(s.to_string()),
        J::Array(items) => {
            let mut s = String::from("[");
            for (i, item) in items.iter().enumerate() {
                let J::Scalar(x) = item else { return None };
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(x);
            }
            s.push(']');
            Some(s)
        }
        J::Object(m) if m.is_empty() => Some("{}".into()),
        J::Object(_) => None,
    }
}

/// Write `v` at indentation `level`, `used` characters of its line taken before it.
fn write(v: &J<'_>, level: usize, width: usize, used: usize, out: &mut String) {
    // One more character for a comma after it.
    if let Some(line) = one_line(v)
        && (matches!(v, J::Scalar(_)) || used + width_of(&line) < width)
    {
        out.push_str(&line);
        return;
    }
    let inner = "  ".repeat(level + 1);
    match v {
        J::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&inner);
                out.push_str(k);
                out.push_str(": ");
                write(item, level + 1, width, inner.len() + width_of(k) + 2, out);
            }
            out.push('\n');
            out.push_str(&"  ".repeat(level));
            out.push('}');
        }
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&inner);
                write(item, level + 1, width, inner.len(), out);
            }
            out.push('\n');
            out.push_str(&"  ".repeat(level));
            out.push(']');
        }
        J::Scalar(s) => out.push_str(s),
    }
}
