//! An open document: its text, its line index, and the conversion between
//! byte offsets and LSP positions in the negotiated encoding.

use super::protocol::{Position, Range};

use crate::source::Span;

/// How the `character` of an LSP position counts: UTF-8 bytes (when the
/// client offers it) or UTF-16 code units (the protocol's default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Where each line of a text starts, for position conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The LSP position of a byte offset (rounded down to a character
    /// boundary, clamped to the text).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &text[self.starts[line]..offset];
        let character = match enc {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of an LSP position. A line past the end is the end of
    /// the text; a character past the end of its line is the line's end
    /// (before its line ending), and one inside a character its start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self.starts.get(pos.line as usize + 1).copied().unwrap_or(text.len());
        let line = text[start..end].trim_end_matches('\n').trim_end_matches('\r');
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let n = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + n > want {
                return start + i;
            }
            units += n;
        }
        start + line.len()
    }

    pub fn range(&self, text: &str, span: Span, enc: Encoding) -> Range {
        Range::new(self.position(text, span.start, enc), self.position(text, span.end, enc))
    }

    pub fn span(&self, text: &str, range: Range, enc: Encoding) -> Span {
        let a = self.offset(text, range.start, enc);
        let b = self.offset(text, range.end, enc);
        Span::new(a.min(b), a.max(b))
    }

    /// The number of lines (one more than the number of line feeds).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }
}

/// A document as the client has it.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub index: LineIndex,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        let index = LineIndex::new(&text);
        Document { text, version, index }
    }

    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        self.index.position(&self.text, offset, enc)
    }

    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        self.index.offset(&self.text, pos, enc)
    }

    pub fn range(&self, span: Span, enc: Encoding) -> Range {
        self.index.range(&self.text, span, enc)
    }

    /// Apply one change: the whole text, or a range replaced.
    pub fn apply(&mut self, range: Option<Range>, new: &str, enc: Encoding) {
        match range {
            None => self.text = new.to_string(),
            Some(r) => {
                let s = self.index.span(&self.text, r, enc);
                self.text.replace_range(s.range(), new);
            }
        }
        self.index = LineIndex::new(&self.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Positions by brute force: walk the text character by character.
    fn brute_position(text: &str, offset: usize, enc: Encoding) -> Position {
        let (mut line, mut ch) = (0u32, 0u32);
        for (i, c) in text.char_indices() {
            if i + c.len_utf8() > offset {
                break;
            }
            if c == '\n' {
                line += 1;
                ch = 0;
            } else {
                ch += match enc {
                    Encoding::Utf8 => c.len_utf8(),
                    Encoding::Utf16 => c.len_utf16(),
                } as u32;
            }
        }
        Position::new(line, ch)
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec!["a", "é", "ក", "្", "😀", "👩‍👩‍👧", "\n", "\r\n", "\t", "=", "\""]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn offsets_and_positions_match_a_brute_force_walk(text in text_strategy(), pick in 0usize..1000) {
            let index = LineIndex::new(&text);
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let offset = boundaries[pick % boundaries.len()];
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let pos = index.position(&text, offset, enc);
                prop_assert_eq!(pos, brute_position(&text, offset, enc));
                // Back again: the same offset, unless it sits between `\r` and `\n`
                // (then it is the line's end, before the `\r`).
                let back = index.offset(&text, pos, enc);
                if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                    prop_assert_eq!(back, offset - 1);
                } else {
                    prop_assert_eq!(back, offset);
                }
            }
        }
    }

    #[test]
    fn khmer_and_emoji_before_the_position() {
        let text = "a = \"ក្រុង 😀\" # x\nb";
        let index = LineIndex::new(text);
        let x = text.find('#').unwrap();
        // Khmer: 5 characters of one UTF-16 unit and 3 UTF-8 bytes each; the emoji 2 and 4.
        assert_eq!(index.position(text, x, Encoding::Utf16), Position::new(0, 4 + 1 + 5 + 1 + 2 + 2));
        assert_eq!(index.position(text, x, Encoding::Utf8), Position::new(0, x as u32));
        assert_eq!(index.offset(text, Position::new(0, 15), Encoding::Utf16), x);
        // Inside the emoji's surrogate pair: its start; past the line: its end.
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.offset(text, Position::new(0, 12), Encoding::Utf16), emoji);
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), text.find('\n').unwrap());
        assert_eq!(index.offset(text, Position::new(7, 0), Encoding::Utf16), text.len());
    }
}
