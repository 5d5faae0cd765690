//! A format-neutral tree of values with byte spans, produced by the TOML and
//! JSON front ends and read by the schema layer.

use std::borrow::Cow;

use crate::source::Span;

/// A calendar date (proleptic Gregorian), as used for stances.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parse `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        Date::new(num(0..4)?, num(5..7)?, num(8..10)?)
    }

    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if year == 0 || year > 9999 || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A key of a table, with the span of the key itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Key<'a> {
    pub name: Cow<'a, str>,
    pub span: Span,
}

/// A value with the span of its text in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Value<'a> {
    pub kind: Kind<'a>,
    pub span: Span,
}

/// What a value is. `Table` keeps entries in source order and keeps duplicate
/// keys (JSON allows them; the schema layer reports them).
#[derive(Clone, Debug, PartialEq)]
pub enum Kind<'a> {
    String(Cow<'a, str>),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date/time literal, kept as written; `date` is set when it is a plain local date.
    Datetime {
        text: String,
        date: Option<Date>,
    },
    Null,
    Array(Vec<Value<'a>>),
    Table(Vec<(Key<'a>, Value<'a>)>),
    /// A table (`object`) or an array whose items were checked but not
    /// built; see [`Deferred`].
    Deferred(Deferred<'a>),
}

/// A large section of a map file (such as a JSON map's `claims`), checked by
/// the parser, whose items are built one at a time when they are read: a
/// huge map never holds the tree of all its items at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Deferred<'a> {
    /// The whole source text.
    pub text: &'a str,
    /// A table (items have keys) or an array.
    pub object: bool,
    /// The span of each item's value.
    pub items: Vec<Span>,
    /// The span of each item's key, in a table (empty for an array).
    pub keys: Vec<Span>,
}

impl<'a> Deferred<'a> {
    /// Build the value of one item, from the span of its text.
    pub fn value(&self, span: Span) -> Value<'a> {
        super::json::ItemParser::new(self.text).value_at(span)
    }

    /// The key of the item at `i`, in a table.
    pub fn key(&self, i: usize) -> Option<Key<'a>> {
        let span = *self.keys.get(i)?;
        Some(super::json::ItemParser::new(self.text).key_at(span))
    }
}

impl<'a> Kind<'a> {
    /// The name of the type, as used in messages ("a string", "an array", ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::String(_) => "a string",
            Kind::Integer(_) => "an integer",
            Kind::Float(_) => "a float",
            Kind::Bool(_) => "a boolean",
            Kind::Datetime { .. } => "a date-time",
            Kind::Null => "null",
            Kind::Array(_) => "an array",
            Kind::Table(_) => "a table",
            Kind::Deferred(d) if d.object => "a table",
            Kind::Deferred(_) => "an array",
        }
    }
}
