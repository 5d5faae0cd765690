//! YAML in Argdown files (front matter and `{...}` data), read with
//! `saphyr` into a small spanned tree ([`Node`]) whose spans are byte
//! offsets in the Argdown file.

use std::borrow::Cow;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::source::Span;

mod flow;

pub(crate) use flow::Scratch;

/// Flow collections (`[...]`, `{...}`) may nest at most this deep in one
/// YAML element; deeper nesting is a syntax error, not a deep recursion.
pub const MAX_YAML_DEPTH: usize = 64;

/// A YAML value with the byte span of its text. Its text borrows from the
/// file (`'t`) where it is written without escapes.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'t> {
    pub kind: NodeKind<'t>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind<'t> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'t, str>),
    Seq(Vec<Node<'t>>),
    /// Entries in the order written: key, its span, value.
    Map(Vec<(Cow<'t, str>, Span, Node<'t>)>),
}

impl<'t> Node<'t> {
    pub fn new(kind: NodeKind<'t>, span: Span) -> Node<'t> {
        Node { kind, span }
    }
    pub fn str(s: impl Into<Cow<'t, str>>, span: Span) -> Node<'t> {
        Node::new(NodeKind::Str(s.into()), span)
    }
    /// The same node owning all its text.
    pub fn into_owned(self) -> Node<'static> {
        let kind = match self.kind {
            NodeKind::Null => NodeKind::Null,
            NodeKind::Bool(b) => NodeKind::Bool(b),
            NodeKind::Int(i) => NodeKind::Int(i),
            NodeKind::Float(f) => NodeKind::Float(f),
            NodeKind::Str(s) => NodeKind::Str(Cow::Owned(s.into_owned())),
            NodeKind::Seq(items) => NodeKind::Seq(items.into_iter().map(Node::into_owned).collect()),
            NodeKind::Map(e) => {
                NodeKind::Map(e.into_iter().map(|(k, s, v)| (Cow::Owned(k.into_owned()), s, v.into_owned())).collect())
            }
        };
        Node { kind, span: self.span }
    }
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node<'t>> {
        match &self.kind {
            NodeKind::Map(e) => e.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A YAML problem: where (a byte offset in the file) and what.
#[derive(Clone, Debug)]
pub struct YamlError {
    pub at: usize,
    pub message: String,
}

/// Parse `src`, the text at byte offset `base` of the file, as one YAML
/// document. Empty text is `Null`.
pub fn parse(src: &str, base: usize) -> Result<Node<'_>, YamlError> {
    parse_in(src, base, &mut Scratch::default())
}

/// [`parse`], the items of flow collections gathered in `scratch`.
pub(crate) fn parse_in<'s>(src: &'s str, base: usize, scratch: &mut Scratch<'s>) -> Result<Node<'s>, YamlError> {
    // The fast path reads nothing nested deeper than the limit: what it
    // reads needs no check of depth.
    if let Some(node) = flow::parse(src, base, scratch) {
        return Ok(node);
    }
    if let Some(at) = too_deep(src) {
        return Err(YamlError { at: base + at, message: format!("YAML nests deeper than {MAX_YAML_DEPTH} levels") });
    }
    parse_with_saphyr(src, base)
}

/// The flow mapping starting `src` (at byte offset `base` of the file), when
/// the fast reader takes it: its node (the one [`parse`] gives for the text
/// up to its closing brace) and the offset of that brace in `src`.
pub(crate) fn flow_mapping<'s>(src: &'s str, base: usize, scratch: &mut Scratch<'s>) -> Option<(Node<'s>, usize)> {
    flow::mapping_prefix(src, base, scratch)
}

/// [`parse`] by the YAML parser alone (the depth already checked).
fn parse_with_saphyr(src: &str, base: usize) -> Result<Node<'static>, YamlError> {
    // Character index (saphyr's markers) to byte offset.
    let offsets: Vec<usize> = src.char_indices().map(|(i, _)| i).chain(std::iter::once(src.len())).collect();
    let at = |index: usize| base + offsets.get(index).copied().unwrap_or(src.len());
    let docs = MarkedYaml::load_from_str(src)
        .map_err(|e| YamlError { at: at(e.marker().index()), message: format!("invalid YAML: {}", e.info()) })?;
    match docs.into_iter().next() {
        None => Ok(Node::new(NodeKind::Null, Span::new(base, base + src.len()))),
        Some(doc) => convert(&doc, &at),
    }
}

/// Where flow collections first nest deeper than [`MAX_YAML_DEPTH`] (quoted
/// text skipped), if they do.
fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut quotes = Quotes::default();
    let mut i = 0;
    while i < b.len() {
        i = next_significant(b, i);
        if i == b.len() {
            break;
        }
        let (c, next) = quotes.step(b, i);
        match c {
            Some(b'[' | b'{') => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(i);
                }
            }
            Some(b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i = next;
    }
    None
}

/// Whether a quote after `before` opens a quoted YAML scalar (it follows
/// `{`, `[`, `,`, `:` or `-`, spaces aside), rather than being an apostrophe.
pub(crate) fn opens_quote(before: &[u8]) -> bool {
    before.iter().rev().find(|c| !c.is_ascii_whitespace()).is_none_or(|p| b"[{,:-".contains(p))
}

/// The first index from `i` on (or the length) whose byte a scan with
/// [`Quotes`] has to step over: a bracket, a brace, a quote or a backslash.
/// Any other byte is nothing inside quotes and only itself outside, which
/// no scan of brackets and braces looks at.
pub(crate) fn next_significant(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|c| matches!(c, b'{' | b'}' | b'[' | b']' | b'"' | b'\'' | b'\\')).map_or(b.len(), |k| i + k)
}

/// Scanning YAML text byte by byte, knowing what is quoted.
#[derive(Default)]
pub(crate) struct Quotes(Option<u8>);

impl Quotes {
    /// Step over the byte at `i` of `b`: the byte when it is outside quotes
    /// (and not a quote), and the index of the next byte to look at (an
    /// escape in double quotes takes two).
    pub(crate) fn step(&mut self, b: &[u8], i: usize) -> (Option<u8>, usize) {
        let c = b[i];
        match self.0 {
            Some(q) if c == q => self.0 = None,
            Some(b'"') if c == b'\\' => return (None, i + 2),
            Some(_) => {}
            None if (c == b'"' || c == b'\'') && opens_quote(&b[..i]) => self.0 = Some(c),
            None => return (Some(c), i + 1),
        }
        (None, i + 1)
    }
}

fn convert(y: &MarkedYaml<'_>, at: &dyn Fn(usize) -> usize) -> Result<Node<'static>, YamlError> {
    let span = Span::new(at(y.span.start.index()), at(y.span.end.index()).max(at(y.span.start.index())));
    let kind = match &y.data {
        YamlData::Value(s) => scalar(s),
        YamlData::Representation(text, _, _) => NodeKind::Str(Cow::Owned(text.to_string())),
        YamlData::Sequence(items) => NodeKind::Seq(items.iter().map(|i| convert(i, at)).collect::<Result<_, _>>()?),
        YamlData::Mapping(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Representation(s, _, _) => s.to_string(),
                    YamlData::Value(s) => match scalar(s) {
                        NodeKind::Int(i) => i.to_string(),
                        NodeKind::Bool(b) => b.to_string(),
                        NodeKind::Float(f) => f.to_string(),
                        _ => "null".to_string(),
                    },
                    _ => {
                        return Err(YamlError {
                            at: at(k.span.start.index()),
                            message: "a YAML key must be a plain value, not a collection".into(),
                        });
                    }
                };
                let kspan = Span::new(at(k.span.start.index()), at(k.span.end.index()).max(at(k.span.start.index())));
                out.push((Cow::Owned(key), kspan, convert(v, at)?));
            }
            NodeKind::Map(out)
        }
        YamlData::Tagged(_, inner) => return convert(inner, at),
        YamlData::Alias(_) | YamlData::BadValue => {
            return Err(YamlError {
                at: span.start,
                message: "YAML aliases and values that do not match their tag are not supported".into(),
            });
        }
    };
    Ok(Node::new(kind, span))
}

fn scalar(s: &Scalar<'_>) -> NodeKind<'static> {
    match s {
        Scalar::Null => NodeKind::Null,
        Scalar::Boolean(b) => NodeKind::Bool(*b),
        Scalar::Integer(i) => NodeKind::Int(*i),
        Scalar::FloatingPoint(f) => NodeKind::Float(f.into_inner()),
        Scalar::String(s) => NodeKind::Str(Cow::Owned(s.to_string())),
    }
}
