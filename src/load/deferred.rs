//! Building the items of a [`Deferred`] section, each with the parser of
//! its format. Here, above both parsers and the tree they build, so that the
//! tree ([`super::value`]) needs neither parser.

use super::value::{Deferred, Key, Value};
use crate::source::Span;

impl<'a> Deferred<'a> {
    /// Build the value of one item, from the span of its text.
    pub fn value(&self, span: Span) -> Value<'a> {
        if self.toml {
            return super::toml::plain::item(self.text, span);
        }
        super::json::ItemParser::new(self.text).value_at(span)
    }

    /// The key of the item at `i`, in a table.
    pub fn key(&self, i: usize) -> Option<Key<'a>> {
        let span = *self.keys.get(i)?;
        Some(super::json::ItemParser::new(self.text).key_at(span))
    }
}
