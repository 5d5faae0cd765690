//! A format-neutral tree of values with byte spans, produced by the TOML and
//! JSON front ends and read by the schema layer.

use std::borrow::Cow;

use crate::model::{Position, RelationKind};
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

impl Date {
    /// The date as written, `YYYY-MM-DD`: its digits placed, not formatted
    /// (messages write thousands of dates). `None` for a date `Date::new`
    /// never makes (a year past 9999).
    fn digits(&self) -> Option<[u8; 10]> {
        let (y, m, d) = (self.year, u16::from(self.month), u16::from(self.day));
        if y > 9999 || m > 99 || d > 99 {
            return None;
        }
        let digit = |n: u16, unit: u16| b'0' + (n / unit % 10) as u8;
        Some([
            digit(y, 1000),
            digit(y, 100),
            digit(y, 10),
            digit(y, 1),
            b'-',
            digit(m, 10),
            digit(m, 1),
            b'-',
            digit(d, 10),
            digit(d, 1),
        ])
    }

    /// The date as written, at the end of `s` (as [`Date`]'s `Display`).
    pub fn push_to(&self, s: &mut String) {
        match self.digits() {
            Some(b) => s.push_str(std::str::from_utf8(&b).expect("ASCII digits")),
            None => {
                use std::fmt::Write;
                let _ = write!(s, "{self}");
            }
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.digits() {
            Some(b) => f.write_str(std::str::from_utf8(&b).expect("ASCII digits")),
            None => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A time of day on a stance's date, as written: `22:30`, `22:30:00`,
/// `22:30:00.5`, with an optional UTC offset (`Z`, `+02:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    /// The seconds, when written (0 to 60: a leap second is allowed).
    pub second: Option<u8>,
    /// The fraction of a second, in nanoseconds, and how many digits it was written with (0: none).
    pub nanos: u32,
    pub frac_digits: u8,
    pub offset: Option<Offset>,
}

/// A UTC offset: `Z`, or `+HH:MM` / `-HH:MM` in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Offset {
    Z,
    Minutes(i16),
}

/// Where a time falls, for ordering: a local time (compared by its wall
/// clock) sorts before any time with an offset (compared in UTC); the two
/// kinds never order each other (see docs/checks.md, "Time").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeKey {
    /// Nanoseconds since local midnight.
    Local(i64),
    /// Nanoseconds since midnight UTC of the written day (negative or past a
    /// day when the offset moves it across midnight).
    Utc(i64),
}

impl TimeKey {
    /// Whether two keys are of one kind (both local or both with an offset), so that they order each other.
    pub fn same_kind(self, other: TimeKey) -> bool {
        matches!((self, other), (TimeKey::Local(_), TimeKey::Local(_)) | (TimeKey::Utc(_), TimeKey::Utc(_)))
    }
}

impl Time {
    /// Hours 0 to 23, minutes 0 to 59, seconds 0 to 60, an offset within ±23:59.
    pub fn new(
        hour: u8,
        minute: u8,
        second: Option<u8>,
        nanos: u32,
        frac_digits: u8,
        offset: Option<Offset>,
    ) -> Option<Time> {
        let offset_ok = match offset {
            Some(Offset::Minutes(m)) => m.unsigned_abs() < 24 * 60,
            _ => true,
        };
        (hour < 24
            && minute < 60
            && second.is_none_or(|s| s <= 60)
            && nanos < 1_000_000_000
            && frac_digits <= 9
            && offset_ok)
            .then_some(Time { hour, minute, second, nanos, frac_digits, offset })
    }

    /// Parse `HH:MM[:SS[.fraction]][Z|±HH:MM]` (`z` for `Z` too), the time part of RFC 3339.
    pub fn parse(s: &str) -> Option<Time> {
        let b = s.as_bytes();
        let two = |i: usize| -> Option<u8> {
            let d = b.get(i..i + 2)?;
            d.iter().all(u8::is_ascii_digit).then(|| (d[0] - b'0') * 10 + (d[1] - b'0'))
        };
        if b.get(2) != Some(&b':') {
            return None;
        }
        let (hour, minute) = (two(0)?, two(3)?);
        let mut i = 5;
        let mut second = None;
        let (mut nanos, mut frac_digits) = (0u32, 0u8);
        if b.get(i) == Some(&b':') {
            second = Some(two(i + 1)?);
            i += 3;
            if b.get(i) == Some(&b'.') {
                i += 1;
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    if i - start < 9 {
                        nanos = nanos * 10 + u32::from(b[i] - b'0');
                    }
                    i += 1;
                }
                let n = i - start;
                if n == 0 || n > 9 {
                    return None;
                }
                nanos *= 10u32.pow(9 - n as u32);
                frac_digits = n as u8;
            }
        }
        let offset = match b.get(i) {
            None => None,
            Some(b'Z' | b'z') if i + 1 == b.len() => Some(Offset::Z),
            Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let (h, m) = (two(i + 1)?, two(i + 4)?);
                if h > 23 || m > 59 {
                    return None;
                }
                let minutes = i16::from(h) * 60 + i16::from(m);
                Some(Offset::Minutes(if sign == b'-' { -minutes } else { minutes }))
            }
            _ => return None,
        };
        Time::new(hour, minute, second, nanos, frac_digits, offset)
    }

    /// The key that orders times of one day.
    pub fn key(&self) -> TimeKey {
        let local = ((i64::from(self.hour) * 60 + i64::from(self.minute)) * 60 + i64::from(self.second.unwrap_or(0)))
            * 1_000_000_000
            + i64::from(self.nanos);
        match self.offset {
            None => TimeKey::Local(local),
            Some(Offset::Z) => TimeKey::Utc(local),
            Some(Offset::Minutes(m)) => TimeKey::Utc(local - i64::from(m) * 60 * 1_000_000_000),
        }
    }
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if let Some(sec) = self.second {
            write!(f, ":{sec:02}")?;
            if self.frac_digits > 0 {
                let digits = format!("{:09}", self.nanos);
                write!(f, ".{}", &digits[..self.frac_digits as usize])?;
            }
        }
        match self.offset {
            None => Ok(()),
            Some(Offset::Z) => f.write_str("Z"),
            Some(Offset::Minutes(m)) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

/// Parse a stance's date as written in a JSON string: `YYYY-MM-DD`, or a
/// date and a time of day (`YYYY-MM-DDTHH:MM:SS`, with `t` or a space for
/// `T`, the seconds required, an optional fraction and an optional offset: RFC 3339).
pub fn parse_date_time(s: &str) -> Option<(Date, Option<Time>)> {
    if s.len() == 10 {
        return Date::parse(s).map(|d| (d, None));
    }
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let time = Time::parse(rest).filter(|t| t.second.is_some())?;
    Some((Date::parse(date)?, Some(time)))
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
    /// A TOML date/time literal (boxed: rare, and larger than the other
    /// kinds, which it would make as large).
    Datetime(Box<DatetimeLiteral>),
    Null,
    Array(Vec<Value<'a>>),
    Table(Vec<(Key<'a>, Value<'a>)>),
    /// A table (`object`) or an array whose items were checked but not
    /// built; see [`Deferred`] (boxed, as it is large and there are few).
    Deferred(Box<Deferred<'a>>),
}

/// A TOML date/time literal, kept as written; `date` is set when it has a
/// valid date, and `time` when it has a valid time of day as well.
#[derive(Clone, Debug, PartialEq)]
pub struct DatetimeLiteral {
    pub text: String,
    pub date: Option<Date>,
    pub time: Option<Time>,
}

/// An item of a map's `relations` or `stances` as another format's reader
/// gives it (an Argdown file's): a table built, or a relation of `from`, `to`
/// and `type` alone (a stance of `actor`, `claim` and `position` alone), kept
/// as its three strings (most relations and stances of a large map are so,
/// and the schema layer reads them without a table).
#[derive(Clone, Debug, PartialEq)]
pub enum Item<'a> {
    Built(Value<'a>),
    Link(Link<'a>),
    /// A relation with an id (boxed: it is larger than a link).
    Step(Box<Step<'a>>),
    /// A stance of a statement's data, of string fields alone (boxed: it is
    /// larger than a link).
    Stance(Box<StanceRecord<'a>>),
}

/// The fields a [`StanceRecord`] may have.
pub const STANCE_RECORD_FIELDS: [&str; 7] = ["actor", "position", "date", "source", "quote", "via", "note"];

/// A stance of a statement's data whose entries are strings of
/// [`STANCE_RECORD_FIELDS`], each given once (`{actor: a, position:
/// affirms, date: 2020-01-02, source: "..."}`), on the claim `claim`. Its
/// table is its entries in the order written (each key and value with its
/// own span), with `claim` (key and value spanning the stance) second, as
/// [`StanceRecord::value`] builds it.
#[derive(Clone, Debug, PartialEq)]
pub struct StanceRecord<'a> {
    pub claim: Cow<'a, str>,
    /// The span of the stance's table.
    pub span: Span,
    /// The value of each of [`STANCE_RECORD_FIELDS`] given, with the spans
    /// of its key and of its value.
    pub fields: [Option<(Span, Cow<'a, str>, Span)>; STANCE_RECORD_FIELDS.len()],
    /// The fields given, in the order written: the first `len` of these
    /// indices into `fields`.
    pub order: [u8; STANCE_RECORD_FIELDS.len()],
    pub len: u8,
}

impl<'a> StanceRecord<'a> {
    /// The stance as a table.
    pub fn value(&self) -> Value<'a> {
        let span = self.span;
        let mut entries = Vec::with_capacity(usize::from(self.len) + 1);
        for &f in &self.order[..usize::from(self.len)] {
            if let Some((key_span, s, at)) = &self.fields[usize::from(f)] {
                entries.push(string_entry(STANCE_RECORD_FIELDS[usize::from(f)], *key_span, s, *at));
            }
        }
        entries.insert(1.min(entries.len()), string_entry("claim", span, &self.claim, span));
        Value { kind: Kind::Table(entries), span }
    }
}

/// A relation of `id`, `from` (one claim), `to` and `type`, with a `note`
/// and a `source` or not, each a string: the step of an Argdown argument's
/// premise–conclusion structure. Its table is `id`, `from`, `to` and `type`
/// (`type` spanning `kind`'s span, the others the step's span), then `note`
/// and `source` when given (their keys spanning the step, their values
/// their own spans), as [`Step::value`] builds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step<'a> {
    pub id: Cow<'a, str>,
    pub from: Cow<'a, str>,
    pub to: Cow<'a, str>,
    pub kind: (Cow<'a, str>, Span),
    pub span: Span,
    pub note: Option<(Cow<'a, str>, Span)>,
    pub source: Option<(Cow<'a, str>, Span)>,
    /// The positions in [`Given::claims`] of the claims `from` and `to`
    /// name, or [`NOT_GIVEN`] (as a [`Link`]'s).
    pub at: [u32; 2],
}

impl<'a> Step<'a> {
    /// The step as a table.
    pub fn value(&self) -> Value<'a> {
        let span = self.span;
        let mut entries = Vec::with_capacity(6);
        entries.push(string_entry("id", span, &self.id, span));
        entries.push(string_entry("from", span, &self.from, span));
        entries.push(string_entry("to", span, &self.to, span));
        entries.push(string_entry("type", span, &self.kind.0, self.kind.1));
        for (name, field) in [("note", &self.note), ("source", &self.source)] {
            if let Some((s, at)) = field {
                entries.push(string_entry(name, span, s, *at));
            }
        }
        Value { kind: Kind::Table(entries), span }
    }
}

/// A relation of `from`, `to` and `type` alone, or (a [`LinkKind::Stance`])
/// a stance of `actor` (in `from`), `claim` (in `to`) and `position` (in
/// `kind`) alone, each a string spanning the item's span (as the table of
/// [`Link::value`] has them).
#[derive(Clone, Debug, PartialEq)]
pub struct Link<'a> {
    pub from: Cow<'a, str>,
    pub to: Cow<'a, str>,
    pub kind: LinkKind,
    pub span: Span,
    /// The positions in [`Given::claims`] of the claims `from` and `to`
    /// name, or [`NOT_GIVEN`] (an actor, the target of an undercut, a claim
    /// not given).
    pub at: [u32; 2],
}

/// What a [`Link`] states: a relation of a type, or a stance of a position
/// (not their names: a link is read without looking them up).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinkKind {
    Relation(RelationKind),
    Stance(Position),
}

/// No position in [`Given::claims`].
pub const NOT_GIVEN: u32 = u32::MAX;

/// The entry `name = s` of a table built from given items: its key spanning
/// `key_span`, its string `value_span`.
fn string_entry<'a>(name: &'static str, key_span: Span, s: &Cow<'a, str>, value_span: Span) -> (Key<'a>, Value<'a>) {
    (Key { name: Cow::Borrowed(name), span: key_span }, Value { kind: Kind::String(s.clone()), span: value_span })
}

impl<'a> Link<'a> {
    /// The link as a table: `from`, `to` and `type` (`actor`, `claim` and
    /// `position`), in that order.
    pub fn value(&self) -> Value<'a> {
        let span = self.span;
        let ([a, b, c], kind) = match self.kind {
            LinkKind::Relation(k) => (["from", "to", "type"], k.as_str()),
            LinkKind::Stance(p) => (["actor", "claim", "position"], p.as_str()),
        };
        let entries = vec![
            string_entry(a, span, &self.from, span),
            string_entry(b, span, &self.to, span),
            string_entry(c, span, &Cow::Borrowed(kind), span),
        ];
        Value { kind: Kind::Table(entries), span }
    }
}

impl<'a> Item<'a> {
    /// The item as a value of the tree.
    pub fn into_value(self) -> Value<'a> {
        match self {
            Item::Built(v) => v,
            Item::Link(l) => l.value(),
            Item::Step(s) => s.value(),
            Item::Stance(s) => s.value(),
        }
    }
}

/// The `claims`, `relations` and `stances` of a map given beside its tree
/// (whose own table and lists are then empty): an Argdown file's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Given<'a> {
    pub claims: Vec<ClaimItem<'a>>,
    pub relations: Vec<Item<'a>>,
    pub stances: Vec<Item<'a>>,
}

/// An entry of a map's `claims` as another format's reader gives it (an
/// Argdown file's): a key and table built (boxed: few are), or a
/// [`PlainClaim`] (most claims of a large map are so, and the schema layer
/// reads them without a table).
/// (The plain variant is large and not boxed: nearly every item is one.)
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimItem<'a> {
    Built(Box<(Key<'a>, Value<'a>)>),
    Plain(PlainClaim<'a>),
}

/// The string fields of a [`PlainClaim`], in the order of its table.
pub const PLAIN_CLAIM_FIELDS: [&str; 5] = ["kind", "source", "quote", "url", "note"];

/// A claim of a text, tags and string fields alone (nothing of another
/// type, no `absent`, no relation): its table is `text` (spanning the
/// claim), the [`PLAIN_CLAIM_FIELDS`] given (each key spanning its value),
/// then `tags` when there are some (the list and its key spanning the
/// claim), as [`PlainClaim::entry`] builds it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlainClaim<'a> {
    pub id: Cow<'a, str>,
    /// The span of the claim's key, of its table and of its text.
    pub span: Span,
    pub text: Cow<'a, str>,
    /// The value of each of [`PLAIN_CLAIM_FIELDS`] given, with its span.
    pub fields: [Option<(Cow<'a, str>, Span)>; 5],
    /// The tags, each with its span.
    pub tags: Vec<(Cow<'a, str>, Span)>,
}

impl<'a> PlainClaim<'a> {
    /// The claim as an entry of the `claims` table: its id and its table.
    pub fn entry(&self) -> (Key<'a>, Value<'a>) {
        let span = self.span;
        let mut entries = Vec::with_capacity(2 + self.fields.iter().flatten().count());
        entries.push(string_entry("text", span, &self.text, span));
        for (name, field) in PLAIN_CLAIM_FIELDS.into_iter().zip(&self.fields) {
            if let Some((s, at)) = field {
                entries.push(string_entry(name, *at, s, *at));
            }
        }
        if !self.tags.is_empty() {
            let tags = self.tags.iter().map(|(t, at)| Value { kind: Kind::String(t.clone()), span: *at }).collect();
            entries.push((Key { name: Cow::Borrowed("tags"), span }, Value { kind: Kind::Array(tags), span }));
        }
        (Key { name: self.id.clone(), span }, Value { kind: Kind::Table(entries), span })
    }
}

impl<'a> ClaimItem<'a> {
    /// The item as an entry of the `claims` table.
    pub fn into_entry(self) -> (Key<'a>, Value<'a>) {
        match self {
            ClaimItem::Built(b) => *b,
            ClaimItem::Plain(p) => p.entry(),
        }
    }
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
    /// The items are TOML tables (`[[name]]` and its lines; each item's span
    /// is its header), not JSON values.
    pub toml: bool,
}

/// A value as a TOML value (the order of tables kept); `None` for null,
/// which TOML cannot hold (an entry whose value is null is left out), and
/// for a deferred section, which has no items built.
pub fn to_toml(v: &Value<'_>) -> Option<toml::Value> {
    use toml::Value as T;
    Some(match &v.kind {
        Kind::Null | Kind::Deferred(_) => return None,
        Kind::Bool(b) => T::Boolean(*b),
        Kind::Integer(i) => T::Integer(*i),
        Kind::Float(f) => T::Float(*f),
        Kind::String(s) => T::String(s.to_string()),
        Kind::Datetime(d) => d.text.parse().map_or_else(|_| T::String(d.text.clone()), T::Datetime),
        Kind::Array(items) => T::Array(items.iter().filter_map(to_toml).collect()),
        Kind::Table(e) => T::Table(e.iter().filter_map(|(k, v)| Some((k.name.to_string(), to_toml(v)?))).collect()),
    })
}

impl<'a> Kind<'a> {
    /// The name of the type, as used in messages ("a string", "an array", ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::String(_) => "a string",
            Kind::Integer(_) => "an integer",
            Kind::Float(_) => "a float",
            Kind::Bool(_) => "a boolean",
            Kind::Datetime(_) => "a date-time",
            Kind::Null => "null",
            Kind::Array(_) => "an array",
            Kind::Table(_) => "a table",
            Kind::Deferred(d) if d.object => "a table",
            Kind::Deferred(_) => "an array",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Date, Item, Key, Value};

    /// A date's digits placed are the date formatted (`{:04}-{:02}-{:02}`),
    /// for the dates a map can give and for one it cannot.
    #[test]
    fn dates_are_written_as_formatted() {
        let formatted = |d: Date| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
        let dates = [(1, 1, 1), (999, 12, 31), (1000, 2, 28), (2024, 2, 29), (9999, 12, 31), (2013, 8, 9)];
        for (y, m, d) in dates {
            let date = Date::new(y, m, d).expect("a valid date");
            assert_eq!(date.to_string(), formatted(date));
            let mut s = String::from("on ");
            date.push_to(&mut s);
            assert_eq!(s, format!("on {}", formatted(date)));
        }
        let far = Date { year: 12_345, month: 6, day: 7 };
        assert_eq!(far.to_string(), "12345-06-07");
        let mut s = String::new();
        far.push_to(&mut s);
        assert_eq!(s, "12345-06-07");
    }

    /// A map's tree holds millions of values: the large, rare kinds are
    /// boxed so that every value stays small.
    #[test]
    fn values_stay_small() {
        assert!(std::mem::size_of::<Value<'static>>() <= 48);
        assert!(std::mem::size_of::<(Key<'static>, Value<'static>)>() <= 88);
        // The relations and stances of an Argdown file, most of them links.
        assert!(std::mem::size_of::<Item<'static>>() <= 80);
    }
}
