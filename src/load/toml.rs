//! TOML front end: parse with the `toml` crate's spanned document parser and
//! convert to the format-neutral [`Value`] tree.

use toml::de::{DeTable, DeValue};

use super::value::{Date, Key, Kind, Value};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// Parse a TOML document. On syntax errors, every error the parser recovered
/// from is returned.
pub fn parse(text: &str) -> Result<Value<'_>, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut diags: Vec<Diagnostic> = errors
            .into_iter()
            .map(|e| {
                let span = line_end(text, e.span().map(Span::from).unwrap_or_default());
                let (mut message, label) = split_message(e.message());
                // Name the key: the parser's message does not.
                if message.ends_with("duplicate key")
                    && let Some(key) = text.get(span.range()).filter(|k| !k.is_empty() && !k.contains('\n'))
                {
                    message = format!("{message} `{key}`");
                }
                Diagnostic::new(Code::Syntax, message, span, label)
            })
            .collect();
        // After recovering from an error the parser may report the same spot
        // again in other words (a CR before the LF does that): keep the first.
        diags.sort_by_key(|d| d.span().start);
        diags.dedup_by_key(|d| d.span().start);
        return Err(diags);
    }
    let span = Span::new(0, text.len());
    Ok(Value { kind: table(doc.into_inner(), text), span })
}

/// The parser may point at the `\n` of a CRLF line ending (after the `\r`);
/// point at the `\r` instead, the end of the line as shown, so that the
/// column is the same as with LF line endings.
fn line_end(text: &str, span: Span) -> Span {
    let b = text.as_bytes();
    if span.start > 0 && b.get(span.start) == Some(&b'\n') && b[span.start - 1] == b'\r' {
        Span::new(span.start - 1, span.end.max(span.start - 1))
    } else {
        span
    }
}

/// The toml crate's messages are a headline, sometimes followed by lines of
/// detail (such as "expected ..."). Use the first as the message and the rest
/// as the caret label.
fn split_message(m: &str) -> (String, String) {
    let mut lines = m.lines().map(str::trim).filter(|l| !l.is_empty());
    let head = lines.next().unwrap_or("invalid TOML").to_string();
    let rest: Vec<&str> = lines.collect();
    let label = if rest.is_empty() { head.clone() } else { rest.join("; ") };
    (format!("invalid TOML: {head}"), label)
}

fn table<'a>(t: DeTable<'a>, src: &str) -> Kind<'a> {
    let mut out = Vec::with_capacity(t.len());
    for (k, v) in t {
        let span = Span::from(k.span());
        out.push((Key { name: k.into_inner(), span }, value(v, src)));
    }
    Kind::Table(out)
}

fn value<'a>(v: toml::Spanned<DeValue<'a>>, src: &str) -> Value<'a> {
    let span = Span::from(v.span());
    let kind = match v.into_inner() {
        // Multi-line strings of a CRLF file keep its `\r\n` line breaks; the text is the same with `\n`.
        DeValue::String(s) if s.contains("\r\n") && is_multiline(src, span) => {
            Kind::String(s.replace("\r\n", "\n").into())
        }
        DeValue::String(s) => Kind::String(s),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Kind::Integer(n),
            Err(_) => Kind::Float(f64::NAN),
        },
        DeValue::Float(f) => Kind::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Kind::Bool(b),
        DeValue::Datetime(d) => {
            let date = match (d.date, d.time, d.offset) {
                (Some(dd), None, None) => Date::new(dd.year.into(), dd.month.into(), dd.day.into()),
                _ => None,
            };
            Kind::Datetime { text: d.to_string(), date }
        }
        DeValue::Array(a) => Kind::Array(a.into_iter().map(|v| value(v, src)).collect()),
        DeValue::Table(t) => table(t, src),
    };
    Value { kind, span }
}

/// Whether the string literal at `span` is a multi-line one (`"""` or `'''`).
fn is_multiline(src: &str, span: Span) -> bool {
    src.get(span.start..).is_some_and(|t| t.starts_with("\"\"\"") || t.starts_with("'''"))
}
