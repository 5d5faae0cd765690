//! Reading the project file's tree: every key and value checked, each
//! problem a diagnostic at its place, with a did-you-mean where one is near.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::ValueEnum as _;

use super::{Color, OutputDefaults, Override};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::value::{Key, Kind, Value};
use crate::model::RuleLevel;
use crate::report::OutputFormat;
use crate::source::{SourceFile, Span};

/// What the file says, before it is known to be free of errors.
#[derive(Default)]
pub(super) struct Parts {
    pub paths: Vec<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub checks: BTreeMap<String, RuleLevel>,
    pub output: OutputDefaults,
    pub overrides: Vec<Override>,
}

const TOP: &[&str] = &["paths", "baseline", "checks", "output", "overrides"];
const OUTPUT: &[&str] = &["format", "max-findings", "color"];
const OVERRIDE: &[&str] = &["paths", "checks"];
const COLORS: &[&str] = &["auto", "always", "never"];

type Entries<'v, 'a> = &'v [(Key<'a>, Value<'a>)];

pub(super) fn read(root: &Value<'_>, file: &SourceFile) -> (Parts, Vec<Diagnostic>) {
    let mut r = Reader { diags: Vec::new(), file };
    let mut parts = Parts::default();
    let Some(top) = r.table(root, "the project file") else { return (parts, r.diags) };
    r.known_keys(top, TOP, "the project file");
    for (key, value) in top {
        match &*key.name {
            "paths" => parts.paths = r.paths(value, "`paths`").into_iter().map(|(p, _)| PathBuf::from(p)).collect(),
            "baseline" => parts.baseline = r.string(value, "`baseline`").map(PathBuf::from),
            "checks" => parts.checks = r.checks(value, "`checks`"),
            "output" => parts.output = r.output(value),
            "overrides" => parts.overrides = r.overrides(value),
            _ => {}
        }
    }
    (parts, r.diags)
}

struct Reader<'f> {
    diags: Vec<Diagnostic>,
    file: &'f SourceFile,
}

impl Reader<'_> {
    fn wrong_type(&mut self, v: &Value<'_>, what: &str, expected: &str) {
        self.diags.push(Diagnostic::new(
            Code::WrongType,
            format!("{what} must be {expected}, not {}", v.kind.type_name()),
            v.span,
            format!("expected {expected}"),
        ));
    }

    fn table<'v, 'a>(&mut self, v: &'v Value<'a>, what: &str) -> Option<Entries<'v, 'a>> {
        match &v.kind {
            Kind::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, what, "a table");
                None
            }
        }
    }

    fn array<'v, 'a>(&mut self, v: &'v Value<'a>, what: &str) -> Option<&'v [Value<'a>]> {
        match &v.kind {
            Kind::Array(a) => Some(a),
            _ => {
                self.wrong_type(v, what, "an array");
                None
            }
        }
    }

    fn string(&mut self, v: &Value<'_>, what: &str) -> Option<String> {
        match &v.kind {
            Kind::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(v, what, "a string");
                None
            }
        }
    }

    fn known_keys(&mut self, t: Entries<'_, '_>, known: &[&str], what: &str) {
        for (k, _) in t.iter().filter(|(k, _)| !known.contains(&&*k.name)) {
            let d =
                Diagnostic::new(Code::UnknownKey, format!("unknown key `{}` in {what}", k.name), k.span, "unknown key");
            self.diags.push(match did_you_mean(&k.name, known.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("the keys of {what} are: {}", known.join(", "))),
            });
        }
    }

    /// A value that must be one of `names`; `what` with its article ("a rule level").
    fn invalid_value(&mut self, v: &Value<'_>, given: &str, what: &str, names: &[&str]) {
        let d = Diagnostic::new(Code::InvalidValue, format!("`{given}` is not {what}"), v.span, format!("not {what}"));
        self.diags.push(match did_you_mean(given, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("one of: {}", names.join(", "))),
        });
    }

    /// An array of strings, each with its value (for its place).
    fn strings<'v, 'a>(&mut self, v: &'v Value<'a>, what: &str) -> Vec<(String, &'v Value<'a>)> {
        let Some(items) = self.array(v, what) else { return Vec::new() };
        items.iter().filter_map(|item| self.string(item, &format!("an item of {what}")).map(|s| (s, item))).collect()
    }

    /// `paths`: a list of paths, at least one.
    fn paths<'v, 'a>(&mut self, v: &'v Value<'a>, what: &str) -> Vec<(String, &'v Value<'a>)> {
        let list = self.strings(v, what);
        if matches!(&v.kind, Kind::Array(a) if a.is_empty()) {
            self.diags.push(
                Diagnostic::new(Code::InvalidValue, format!("{what} is empty"), v.span, "no path")
                    .with_help("name at least one path, or leave the key out"),
            );
        }
        list
    }

    fn checks(&mut self, v: &Value<'_>, what: &str) -> BTreeMap<String, RuleLevel> {
        let mut levels = BTreeMap::new();
        let Some(t) = self.table(v, what) else { return levels };
        let known = crate::check::rule_names();
        let level_names: Vec<&str> = RuleLevel::ALL.iter().map(|l| l.as_str()).collect();
        for (key, val) in t {
            let rule = if known.contains(&&*key.name) {
                Some(key.name.to_string())
            } else if let Some(new) = crate::check::renamed(&key.name) {
                self.diags.push(
                    Diagnostic::new(
                        Code::DeprecatedName,
                        crate::check::rename_note(&key.name, new),
                        key.span,
                        "former name",
                    )
                    .with_help(format!("write `{new}`")),
                );
                Some(new.to_string())
            } else {
                let d = Diagnostic::new(
                    Code::UnknownReference,
                    format!("unknown rule `{}`", key.name),
                    key.span,
                    "no rule has this name",
                );
                self.diags.push(match crate::check::suggest_rule(&key.name) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("`elenchus rules` lists the rules"),
                });
                None
            };
            let Some(level) = self.string(val, &format!("the level of `{}`", key.name)) else { continue };
            match RuleLevel::parse(&level) {
                Some(level) => {
                    if let Some(rule) = rule {
                        levels.insert(rule, level);
                    }
                }
                None => self.invalid_value(val, &level, "a rule level", &level_names),
            }
        }
        levels
    }

    fn output(&mut self, v: &Value<'_>) -> OutputDefaults {
        let mut out = OutputDefaults::default();
        let Some(t) = self.table(v, "`output`") else { return out };
        self.known_keys(t, OUTPUT, "`output`");
        for (key, val) in t {
            match &*key.name {
                "format" => {
                    let Some(s) = self.string(val, "`output.format`") else { continue };
                    let names: Vec<String> = OutputFormat::value_variants()
                        .iter()
                        .filter_map(|f| f.to_possible_value().map(|p| p.get_name().to_string()))
                        .collect();
                    match OutputFormat::from_str(&s, false) {
                        Ok(f) => out.format = Some(f),
                        Err(_) => {
                            let names: Vec<&str> = names.iter().map(String::as_str).collect();
                            self.invalid_value(val, &s, "an output format", &names);
                        }
                    }
                }
                "max-findings" => match val.kind {
                    Kind::Integer(n) if n >= 0 => out.max_findings = Some(n as usize),
                    Kind::Integer(_) => self.diags.push(
                        Diagnostic::new(Code::InvalidValue, "`max-findings` is negative", val.span, "negative")
                            .with_help("give a number of findings, or 0 for no cap"),
                    ),
                    _ => self.wrong_type(val, "`output.max-findings`", "an integer"),
                },
                "color" => {
                    let Some(s) = self.string(val, "`output.color`") else { continue };
                    match s.as_str() {
                        "auto" => out.color = Some(Color::Auto),
                        "always" => out.color = Some(Color::Always),
                        "never" => out.color = Some(Color::Never),
                        _ => self.invalid_value(val, &s, "a colour choice", COLORS),
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn overrides(&mut self, v: &Value<'_>) -> Vec<Override> {
        let Some(items) = self.array(v, "`overrides`") else { return Vec::new() };
        let mut out = Vec::new();
        for item in items {
            let Some(t) = self.table(item, "an entry of `overrides`") else { continue };
            self.known_keys(t, OVERRIDE, "an entry of `overrides`");
            let mut o = Override { paths: Vec::new(), patterns: Vec::new(), checks: BTreeMap::new() };
            let mut has_paths = false;
            for (key, val) in t {
                match &*key.name {
                    "paths" => {
                        has_paths = true;
                        for (p, at) in self.paths(val, "`paths` of an override") {
                            match glob::Pattern::new(&p) {
                                Ok(pattern) => {
                                    o.paths.push(p);
                                    o.patterns.push(pattern);
                                }
                                Err(e) => self.bad_pattern(&p, at, &e),
                            }
                        }
                    }
                    "checks" => o.checks = self.checks(val, "`checks` of an override"),
                    _ => {}
                }
            }
            if !has_paths {
                self.diags.push(
                    Diagnostic::new(Code::MissingKey, "an override without `paths`", item.span, "no `paths`")
                        .with_help("give the maps it applies to: `paths = [\"maps/drafts/**\"]`"),
                );
            }
            out.push(o);
        }
        out
    }

    /// A pattern the `glob` syntax rejects: pointed at the character where
    /// it goes wrong when the string is written without escapes.
    fn bad_pattern(&mut self, p: &str, at: &Value<'_>, e: &glob::PatternError) {
        let raw = self.file.text.get(at.span.start..at.span.end).unwrap_or("");
        let plain = raw.len() == p.len() + 2 && &raw[1..raw.len() - 1] == p;
        let span = if plain {
            let byte = p.char_indices().nth(e.pos).map_or(p.len(), |(i, _)| i);
            let start = at.span.start + 1 + byte;
            let end = p[byte..].chars().next().map_or(start, |c| start + c.len_utf8());
            Span::new(start, end)
        } else {
            at.span
        };
        self.diags.push(
            Diagnostic::new(Code::InvalidValue, format!("`{p}` is not a valid pattern: {}", e.msg), span, e.msg)
                .with_help(
                    "`*` matches within a name, `**` any number of directories, `?` one character, `[ab]` one of a set",
                ),
        );
    }
}
