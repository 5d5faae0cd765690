//! The ASPARTIX apx framework format: facts `arg(a).` (an argument named
//! `a`) and `att(a,b).` (`a` attacks `b`), any number a line, with spaces,
//! tabs and line ends allowed between their parts; `%` starts a comment that
//! runs to the end of its line. A name is a run of characters other than
//! white space and `(),.%"`. Arguments are numbered in the order of their
//! `arg` facts; every argument an attack names needs one (anywhere in the
//! file). A repeated fact counts once.

use std::collections::HashMap;
use std::io::Write;

use super::{MAX_ARGUMENTS, NamedAf, Problems};
use crate::diag::{Code, Diagnostic};
use crate::semantics::Af;
use crate::source::Span;

/// Whether `s` can be written as an apx name.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(name_char)
}

fn name_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '(' | ')' | ',' | '.' | '%' | '"')
}

/// A cursor over the text.
struct Cur<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cur<'t> {
    /// Skip white space and comments.
    fn skip(&mut self) {
        let b = self.text.as_bytes();
        while self.pos < b.len() {
            match b[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'%' => self.pos = self.text[self.pos..].find('\n').map_or(b.len(), |i| self.pos + i),
                _ => break,
            }
        }
    }

    /// The span of the next character (or of the end).
    fn here(&self) -> Span {
        let len = self.text[self.pos..].chars().next().map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + len)
    }

    /// Skip white space, then take `c` or say what was expected.
    fn expect(&mut self, c: u8, what: &str) -> Result<(), (Span, String)> {
        self.skip();
        if self.text.as_bytes().get(self.pos) == Some(&c) {
            self.pos += 1;
            Ok(())
        } else {
            Err((self.here(), format!("expected {what}")))
        }
    }

    /// Skip white space, then take a name.
    fn name(&mut self) -> Result<(Span, &'t str), (Span, String)> {
        self.skip();
        let start = self.pos;
        let len = self.text[start..].find(|c: char| !name_char(c)).unwrap_or(self.text.len() - start);
        if len == 0 {
            return Err((self.here(), "expected an argument name".into()));
        }
        self.pos += len;
        Ok((Span::new(start, start + len), &self.text[start..start + len]))
    }

    /// After a problem: on to the next line.
    fn recover(&mut self) {
        self.pos = self.text[self.pos..].find('\n').map_or(self.text.len(), |i| self.pos + i + 1);
    }
}

/// What is known of a name: its `arg` fact (if any), where it was first used.
struct Entry {
    declared: Option<u32>,
    first_use: Span,
}

pub(crate) fn parse(text: &str, problems: &mut Problems) -> Option<NamedAf> {
    let mut cur = Cur { text, pos: 0 };
    // Names in the order first met, each with its entry; arguments are
    // numbered in the order of their `arg` facts at the end.
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut declared: Vec<&str> = Vec::new();
    let mut attacks: Vec<(u32, u32)> = Vec::new();
    loop {
        cur.skip();
        if cur.pos >= text.len() {
            break;
        }
        let start = cur.pos;
        let kw_len = text[start..].find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len() - start);
        let kw = &text[start..start + kw_len];
        cur.pos += kw_len;
        let fact = match kw {
            "arg" => fact(&mut cur, 1),
            "att" => fact(&mut cur, 2),
            _ => {
                let span = if kw_len == 0 { cur.here() } else { Span::new(start, start + kw_len) };
                Err((span, "expected `arg(a).` or `att(a,b).`".to_string()))
            }
        };
        let names = match fact {
            Ok(names) => names,
            Err((span, msg)) => {
                problems.syntax(span, msg, "here");
                cur.recover();
                continue;
            }
        };
        let mut ids = [0u32; 2];
        for (i, &(span, name)) in names.iter().enumerate() {
            let next = entries.len() as u32;
            let id = *index.entry(name).or_insert(next);
            if id == next {
                entries.push(Entry { declared: None, first_use: span });
            }
            ids[i] = id;
        }
        if kw == "arg" {
            let e = &mut entries[ids[0] as usize];
            if e.declared.is_none() {
                if declared.len() >= MAX_ARGUMENTS {
                    problems.push(Diagnostic::new(
                        Code::InvalidValue,
                        format!("too many arguments: at most {MAX_ARGUMENTS} are read"),
                        names[0].0,
                        "one too many",
                    ));
                    break;
                }
                e.declared = Some(declared.len() as u32);
                declared.push(names[0].1);
            }
        } else if problems.total == 0 {
            attacks.push((ids[0], ids[1]));
        }
    }
    let undeclared: Vec<&Entry> = entries.iter().filter(|e| e.declared.is_none()).collect();
    for e in undeclared {
        let name = &text[e.first_use.range()];
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            format!("`{name}` is in an attack but has no `arg({name}).`"),
            e.first_use,
            "not an argument",
        );
        // A suggestion costs a pass over the arguments: only for the first few.
        if !problems.full()
            && problems.total < 10
            && let Some(s) = crate::diag::did_you_mean(name, declared.iter().copied())
        {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        problems.push(d);
    }
    if problems.total > 0 {
        return None;
    }
    let renumber = |i: u32| entries[i as usize].declared.expect("every name is declared");
    let attacks: Vec<(u32, u32)> = attacks.into_iter().map(|(a, b)| (renumber(a), renumber(b))).collect();
    let names = declared.iter().map(|s| s.to_string()).collect();
    Some(NamedAf { af: Af::new(declared.len(), &attacks), names: Some(names) })
}

/// The rest of a fact after its keyword: `(name).` or `(name,name).`
fn fact<'t>(cur: &mut Cur<'t>, arity: usize) -> Result<Vec<(Span, &'t str)>, (Span, String)> {
    cur.expect(b'(', "`(`")?;
    let mut names = vec![cur.name()?];
    if arity == 2 {
        cur.expect(b',', "`,` between the two arguments of an attack")?;
        names.push(cur.name()?);
    }
    cur.expect(b')', "`)`")?;
    cur.expect(b'.', "`.` at the end of the fact")?;
    Ok(names)
}

/// Write `af` as apx facts: every `arg` first, then every `att`. Without
/// `names`, argument `i` is named `i + 1`.
pub(crate) fn write(w: &mut dyn Write, af: &Af, names: Option<&[String]>) -> std::io::Result<()> {
    let name = |a: u32| -> std::borrow::Cow<'_, str> {
        match names {
            Some(n) => n[a as usize].as_str().into(),
            None => (a + 1).to_string().into(),
        }
    };
    if let Some(bad) = names.and_then(|n| n.iter().find(|s| !valid_name(s))) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("`{bad}` cannot be an apx argument name (white space or one of `(),.%\"`)"),
        ));
    }
    for a in 0..af.len() as u32 {
        writeln!(w, "arg({}).", name(a))?;
    }
    for (a, b) in af.attack_pairs() {
        writeln!(w, "att({},{}).", name(a), name(b))?;
    }
    Ok(())
}
