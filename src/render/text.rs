//! Text handling shared by the DOT and SVG writers: making every character
//! visible and safe, wrapping, width estimates, and XML escaping.

use std::borrow::Cow;

/// The characters that steer bidirectional text or are invisible formatting
/// (right-to-left marks and overrides, isolates, zero-width characters, the
/// byte-order mark). They are kept (the text stays intact) but written as
/// numeric character references, so that a DOT or SVG file never reorders or
/// hides its own source text when read in an editor.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// How a character that cannot be shown as itself is shown: C0 control
/// characters (other than tab and line feed) as their Unicode control
/// pictures (U+2400 ...), DEL as ␡, and C1 controls and the non-characters
/// U+FFFE and U+FFFF, which XML does not allow, as U+FFFD.
fn picture(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// The text as it is shown: line breaks normalised to `\n` (a lone carriage
/// return shows as ␍), other control characters as their control pictures.
/// Everything else, including bidirectional controls, emoji and any script,
/// is kept as it is. This is the text of each node's `<title>` in SVG.
pub fn visible(s: &str) -> Cow<'_, str> {
    // Nothing to change in printable ASCII, tabs and line feeds (tested 16
    // bytes at a time, which the compiler vectorises), nor when there is no C0 control but tab and line
    // feed, no DEL, no C1 control (0xC2 0x80..0x9F), no U+FFFE/U+FFFF (0xEF
    // 0xBF 0xBE/0xBF).
    let b = s.as_bytes();
    let plain = |c: &u8| matches!(c, b' '..=b'~' | b'\t' | b'\n');
    if b.chunks(16).all(|run| run.iter().fold(true, |ok, c| ok & plain(c))) {
        return Cow::Borrowed(s);
    }
    let suspicious = b.iter().enumerate().any(|(i, &c)| match c {
        b'\t' | b'\n' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        0xEF => b.get(i + 1) == Some(&0xBF) && b.get(i + 2).is_some_and(|n| *n >= 0xBE),
        _ => false,
    });
    if !suspicious {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        out.push(picture(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

/// Whether a character takes no horizontal room of its own (combining marks,
/// joiners, variation selectors and the like): a line never breaks before it.
fn is_combining(c: char) -> bool {
    // The first range starts at U+0300: most text is decided here.
    c >= '\u{0300}'
        && matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5
        | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963 | 0x0981..=0x0983
        | 0x09BC..=0x09D7 | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC
        | 0x0EC8..=0x0ECD | 0x0F18..=0x0F19 | 0x0F71..=0x0F84 | 0x102B..=0x103E
        | 0x17B4..=0x17D3 | 0x17DD | 0x180B..=0x180D | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D | 0x20D0..=0x20FF | 0x302A..=0x302F | 0x3099..=0x309A
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Whether a line must not break right after this character (a joiner, or
/// the Khmer sign that stacks the next consonant under this one).
fn joins_next(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{17D2}' | '\u{1039}' | '\u{103A}')
}

/// Whether a character is about twice as wide as a Latin letter (CJK,
/// Hangul, fullwidth forms, most emoji).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x1FA70..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Width of a character in "columns" (a Latin letter is 1).
pub fn columns(c: char) -> usize {
    // Below U+0300 nothing is combining or wide, and only the soft hyphen
    // is invisible: most text is decided here.
    if c < '\u{0300}' {
        return usize::from(c != '\u{00AD}');
    }
    if is_combining(c) || is_invisible_format(c) {
        0
    } else if is_wide(c) {
        2
    } else {
        1
    }
}

/// Width of a string in columns.
pub fn str_columns(s: &str) -> usize {
    s.chars().map(columns).sum()
}

/// Approximate width of a string in a sans-serif font, in ems: narrow
/// letters count less, wide characters count 1.
pub fn em_width(s: &str) -> f32 {
    s.chars()
        .map(|c| match c {
            // Every ASCII character takes one column.
            c if c.is_ascii() => ascii_em(c as u8),
            _ if columns(c) == 0 => 0.0,
            _ if is_wide(c) => 1.0,
            _ => 0.62,
        })
        .sum()
}

/// [`em_width`] of an ASCII character.
fn ascii_em(c: u8) -> f32 {
    match c {
        b'i' | b'j' | b'l' | b'.' | b',' | b':' | b';' | b'\'' | b'!' | b'|' | b'I' | b' ' | b'(' | b')' | b'f'
        | b't' | b'r' => 0.3,
        b'm' | b'w' | b'M' | b'W' | b'@' | b'%' => 0.85,
        b'A'..=b'Z' | b'0'..=b'9' | b'?' | b'&' | b'#' => 0.66,
        _ => 0.54,
    }
}

/// Whether a line may break at this character (a space, which is dropped).
/// No-break spaces are not break points.
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\n')
}

/// Wrap text to lines of at most `width` columns: at spaces, and inside a
/// word longer than a line at a character boundary that does not split a
/// combining sequence. Line breaks in the text are kept. The text is first
/// made [`visible`]. Never returns an empty list.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let text = visible(text);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_cols = 0;
        for word in para.split(is_break_space).filter(|w| !w.is_empty()) {
            let cols = str_columns(word);
            if line_cols > 0 && line_cols + 1 + cols <= width {
                line.push(' ');
                line.push_str(word);
                line_cols += 1 + cols;
                continue;
            }
            if line_cols > 0 {
                lines.push(std::mem::take(&mut line));
                line_cols = 0;
            }
            if cols <= width {
                line.push_str(word);
                line_cols = cols;
                continue;
            }
            // A word longer than a line: cut it, keeping combining marks with
            // their base, breaking after a zero-width space when there is one.
            let mut prev: Option<char> = None;
            for c in word.chars() {
                let w = columns(c);
                let glued = is_combining(c) || prev.is_some_and(joins_next);
                if line_cols + w > width && line_cols > 0 && !glued {
                    lines.push(std::mem::take(&mut line));
                    line_cols = 0;
                }
                line.push(c);
                line_cols += w;
                prev = Some(c);
                if c == '\u{200B}' && line_cols * 2 >= width {
                    lines.push(std::mem::take(&mut line));
                    line_cols = 0;
                }
            }
        }
        if !line.is_empty() || lines.is_empty() || para.is_empty() {
            lines.push(line);
        }
    }
    // Drop blank lines at the ends (a text that ends in a newline).
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let blank = lines.iter().take(lines.len() - 1).take_while(|l| l.is_empty()).count();
    lines.drain(..blank);
    lines
}

/// The most lines of a claim's or actor's text drawn in a node; the rest is
/// cut with an ellipsis (the full text stays in the node's `<title>`).
pub const MAX_LINES: usize = 16;

/// The widest one-line label drawn, in columns: a kind, a tag (cluster
/// name), an edge label, a title line, a legend. Longer ones are cut with an
/// ellipsis for drawing.
pub const MAX_LABEL: usize = 120;

/// How many characters a line of `width` columns may hold at most: combining
/// marks and invisible characters take no column, so a line of them alone
/// is bounded by this instead.
fn max_chars(width: usize) -> usize {
    width.saturating_mul(4).max(8)
}

/// The ellipsis that ends a label cut for drawing.
pub const ELLIPSIS: char = '\u{2026}';

/// The text of a one-line label as drawn: [`visible`], and when it is wider
/// than `max` columns (or holds more than four characters a column), cut
/// where a new character cluster starts (not between a base and its
/// combining marks, unless one cluster alone is too long) and ended with `…`.
/// Costs time in the length of what is kept, not of the whole text.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    let max = max.max(2);
    let limit = max_chars(max);
    let (mut cols, mut chars) = (0, 0);
    // The end of the longest start, at a cluster boundary, that leaves room
    // for the ellipsis; and the same at any character boundary.
    let (mut fit, mut fit_any) = (0, 0);
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let w = columns(c);
        if cols < max && chars < limit {
            fit_any = i;
            if !is_combining(c) && !prev.is_some_and(joins_next) {
                fit = i;
            }
        }
        if cols + w > max || chars + 1 > limit {
            let end = if fit > 0 { fit } else { fit_any };
            let mut kept = visible(&s[..end]).into_owned();
            kept.push(ELLIPSIS);
            return Cow::Owned(kept);
        }
        cols += w;
        chars += 1;
        prev = Some(c);
    }
    visible(s)
}

/// [`clip`] applied to each line of `s`, keeping at most `max_lines` lines
/// (the last one kept ends with `…` when lines are dropped). For labels that
/// are not wrapped: titles, cluster names, edge labels.
pub fn clip_lines(s: &str, max: usize, max_lines: usize) -> Cow<'_, str> {
    let max_lines = max_lines.max(1);
    let mut out = String::new();
    let mut changed = false;
    for (i, line) in s.split('\n').enumerate() {
        if i == max_lines {
            changed = true;
            if !out.ends_with(ELLIPSIS) {
                out.push(ELLIPSIS);
            }
            break;
        }
        if i > 0 {
            out.push('\n');
        }
        let l = clip(line, max);
        changed |= matches!(l, Cow::Owned(_));
        out.push_str(&l);
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(s) }
}

/// [`wrap`], keeping at most `max_lines` lines: when the text does not fit,
/// the last line kept ends with `…`. Only the start of the text that can be
/// drawn is looked at, so the cost does not grow with the rest of the text.
pub fn wrap_clipped(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let max_lines = max_lines.max(1);
    // Enough of the text for `max_lines` lines and one more.
    let budget = max_chars(width).saturating_mul(max_lines + 1);
    let head = match text.char_indices().nth(budget) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let mut lines = wrap(head, width);
    // Each line holds at most `max_chars(width)` characters (a run of
    // combining marks is cut too).
    let limit = max_chars(width);
    let mut more = head.len() < text.len();
    let mut bounded: Vec<String> = Vec::with_capacity(lines.len().min(max_lines + 1));
    for l in lines.drain(..) {
        if bounded.len() > max_lines {
            more = true;
            break;
        }
        let mut l = l;
        while l.chars().count() > limit {
            let at = l.char_indices().nth(limit).map_or(l.len(), |(i, _)| i);
            let rest = l.split_off(at);
            bounded.push(l);
            l = rest;
        }
        bounded.push(l);
    }
    if bounded.len() > max_lines {
        bounded.truncate(max_lines);
        more = true;
    }
    if more && let Some(last) = bounded.last_mut() {
        // Make room for the ellipsis on the last line.
        while str_columns(last) + 1 > width || last.chars().count() + 1 > limit {
            if last.pop().is_none() {
                break;
            }
        }
        while last.ends_with(is_break_space) {
            last.pop();
        }
        last.push(ELLIPSIS);
    }
    bounded
}

/// Escape text for XML character data and attribute values: `&`, `<`, `>`,
/// `"` and `'` as entities; bidirectional and invisible formatting characters
/// as numeric references; control characters as their pictures (XML 1.0
/// cannot hold them at all).
pub fn xml_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#xD;"),
            c if is_invisible_format(c) => {
                use std::fmt::Write as _;
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(picture(c).unwrap_or(c)),
        }
    }
}

/// [`xml_escape_into`] into a new string.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    xml_escape_into(&mut out, s);
    out
}

/// Undo the escaping of XML character data (the five named entities and
/// numeric references), for reading Graphviz's SVG.
pub fn xml_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        let lines = wrap("Cambodia opposes the invasion of any country.", 30);
        assert_eq!(lines, ["Cambodia opposes the invasion", "of any country."]);
        assert_eq!(wrap("", 30), [""]);
        assert_eq!(wrap("a\nb", 30), ["a", "b"]);
    }

    #[test]
    fn cuts_long_words_between_graphemes() {
        let khmer = "ព្រះរាជាណាចក្រកម្ពុជាមិនគាំទ្រការឈ្លានពានទេ";
        let lines = wrap(khmer, 10);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), khmer);
        for l in &lines {
            let first = l.chars().next().unwrap();
            assert!(!is_combining(first), "{l:?} starts with a combining mark");
        }
    }

    #[test]
    fn blank_lines_at_the_ends_are_dropped() {
        // 100,000 leading line breaks are dropped at once (they were removed
        // one at a time, quadratic in their number).
        let text = format!("{}x\n\n", "\n".repeat(100_000));
        assert_eq!(wrap(&text, 30), ["x"]);
        assert_eq!(wrap("\n\n", 30), [""]);
    }

    #[test]
    fn clip_cuts_long_labels_with_an_ellipsis() {
        assert!(matches!(clip("short", 10), Cow::Borrowed("short")));
        assert_eq!(clip("abcdefghijkl", 10), "abcdefghi\u{2026}");
        assert_eq!(str_columns(&clip(&"x".repeat(100_000), MAX_LABEL)), MAX_LABEL);
        // Wide characters count two columns.
        assert_eq!(clip("日本語のテキスト", 7), "日本語\u{2026}");
        // Never between a base and its combining marks...
        let khmer = "ក្រុមប្រឹក្សា";
        let cut = clip(khmer, 4);
        let kept = cut.strip_suffix(ELLIPSIS).unwrap();
        assert!(khmer.starts_with(kept) && !kept.is_empty());
        assert!(!khmer[kept.len()..].starts_with(is_combining), "{cut:?}");
        // ... unless one cluster alone is too long: a base with 100,000 marks.
        let zalgo = format!("a{}", "\u{0301}".repeat(100_000));
        let cut = clip(&zalgo, 10);
        assert!(cut.chars().count() <= max_chars(10) && cut.ends_with(ELLIPSIS));
        // Controls are shown as pictures, as by `visible`.
        assert_eq!(clip("a\u{1}b", 10), "a\u{2401}b");
        assert_eq!(clip_lines("one\ntwo\nthree", 10, 2), "one\ntwo\u{2026}");
        assert!(matches!(clip_lines("one\ntwo", 10, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn wrap_clipped_keeps_at_most_max_lines() {
        let text = "word ".repeat(100_000);
        let lines = wrap_clipped(&text, 30, MAX_LINES);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines.iter().all(|l| str_columns(l) <= 30), "{lines:?}");
        assert!(lines.last().unwrap().ends_with(ELLIPSIS));
        assert_eq!(lines[..MAX_LINES - 1].concat().replace(' ', ""), "word".repeat(6 * (MAX_LINES - 1)));
        // A text that fits is wrapped as by `wrap`, with no ellipsis.
        let short = "Cambodia opposes the invasion of any country.";
        assert_eq!(wrap_clipped(short, 30, MAX_LINES), wrap(short, 30));
        // Zero-width characters alone: lines are bounded in characters too.
        let marks = "\u{200B}".repeat(100_000);
        let lines = wrap_clipped(&marks, 30, 4);
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| l.chars().count() <= max_chars(30)));
        // Many line breaks.
        let lines = wrap_clipped(&"a\n".repeat(1000), 30, 3);
        assert_eq!(lines, ["a", "a", "a\u{2026}"]);
    }

    #[test]
    fn controls_become_pictures() {
        assert_eq!(visible("a\u{1}b\u{7f}\r\nc"), "a\u{2401}b\u{2421}\nc");
        assert!(matches!(visible("plain ខ្មែរ 😀"), Cow::Borrowed(_)));
        assert_eq!(visible("c1\u{85} \u{FFFF}"), "c1\u{FFFD} \u{FFFD}");
        assert_eq!(xml_escape("<&>\"'\u{202E}\u{1}"), "&lt;&amp;&gt;&quot;&#39;&#x202E;\u{2401}");
        assert_eq!(xml_unescape("a&#45;&gt;b &amp;&#x1F600;"), "a->b &\u{1F600}");
    }
}
