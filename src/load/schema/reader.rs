//! The reader of values: tables, strings, ids, choices, dates, and the
//! diagnostics of each.

use super::*;

impl Reader {
    pub(super) fn new(known_rules: &[&'static str]) -> Reader {
        Reader {
            diags: Vec::new(),
            suggestions: 0,
            known_rules: known_rules.to_vec(),
            broken: Arc::default(),
            uses: Vec::new(),
            actor_names: Vec::new(),
        }
    }

    /// A reader for another thread: it knows the broken definitions.
    pub(super) fn fork(&self) -> Reader {
        Reader { broken: Arc::clone(&self.broken), ..Reader::new(&self.known_rules) }
    }

    /// Record that the `what` (`claim`, `actor`, `relation`) `name` was
    /// dropped for the error at `root` in `diags` (the first one stays).
    pub(super) fn mark_broken(&mut self, what: &str, name: &str, root: usize) {
        let b = Arc::make_mut(&mut self.broken);
        let map = match what {
            "claim" => &mut b.claims,
            "actor" => &mut b.actors,
            _ => &mut b.relations,
        };
        map.entry(name.to_string()).or_insert(root);
    }

    /// Point each broken definition's error at the references to it.
    pub(super) fn attach_uses(&mut self) {
        let mut uses = std::mem::take(&mut self.uses);
        uses.sort_by_key(|&(root, span)| (root, span.start));
        for group in uses.chunk_by(|a, b| a.0 == b.0) {
            let d = &mut self.diags[group[0].0];
            for &(_, span) in group.iter().take(MAX_USES_SHOWN) {
                d.labels.push(Label::secondary(span, "referred to here"));
            }
            let more = group.len().saturating_sub(MAX_USES_SHOWN);
            let noun = |n: usize| if n == 1 { "reference" } else { "references" };
            if more > 0 {
                d.notes.push(format!("and {more} more {} to it", noun(more)));
            }
            d.notes.push(format!(
                "{} {} to it {} left out with it, without an error of {} own",
                group.len(),
                noun(group.len()),
                if group.len() == 1 { "is" } else { "are" },
                if group.len() == 1 { "its" } else { "their" }
            ));
        }
    }

    pub(super) fn table<'v, 'a>(&mut self, v: &'v Value<'a>, what: impl Into<What<'v>>) -> Option<Entries<'v, 'a>> {
        match &v.kind {
            Kind::Table(t) => Some(t),
            other => {
                self.wrong_type(v, &format!("{} must be a table", what.into()), "a table", other);
                None
            }
        }
    }

    /// The items of the top-level `key`, holding the `what`s. When `key` is
    /// there but of the wrong type, every reference to a `what` is a place
    /// that error points at.
    pub(super) fn entries<'v, 'a>(
        &mut self,
        top: Entries<'v, 'a>,
        key: &str,
        object: bool,
        what: &'static str,
    ) -> Option<Items<'v, 'a>> {
        let v = get(top, key)?;
        let before = self.diags.len();
        let label = match key {
            "claims" => "`claims`",
            "actors" => "`actors`",
            _ => "`relations`",
        };
        let items = self.items(v, object, label);
        if items.is_none() && self.diags.len() > before {
            Arc::make_mut(&mut self.broken).whole.insert(what, before);
        }
        items
    }

    /// The items of a table (`object`) or an array of tables, built or deferred.
    pub(super) fn items<'v, 'a>(
        &mut self,
        v: &'v Value<'a>,
        object: bool,
        what: &'static str,
    ) -> Option<Items<'v, 'a>> {
        match &v.kind {
            Kind::Deferred(d) if d.object == object => Some(Items::Deferred(d, ItemParser::new(d.text))),
            _ if object => self.table(v, what).map(Items::Table),
            _ => self.array(v, what).map(Items::Array),
        }
    }

    pub(super) fn array<'v, 'a>(&mut self, v: &'v Value<'a>, what: impl Into<What<'v>>) -> Option<&'v [Value<'a>]> {
        match &v.kind {
            Kind::Array(a) => Some(a),
            other => {
                self.wrong_type(v, &format!("{} must be an array of tables", what.into()), "an array", other);
                None
            }
        }
    }

    /// A stance's `reason`: a claim id, or a list of them (not yet looked up).
    pub(super) fn reasons(&mut self, t: Entries<'_, '_>) -> Vec<(String, Span)> {
        let Some(v) = get(t, "reason") else { return Vec::new() };
        let list = match &v.kind {
            Kind::String(s) => vec![(s.to_string(), v.span)],
            Kind::Array(_) => {
                self.str_list(t, "reason").into_iter().map(|r| (r.name.into_owned(), r.span)).collect::<Vec<_>>()
            }
            other => {
                self.wrong_type(v, "`reason` must be a claim id or a list of claim ids", "a string or an array", other);
                return Vec::new();
            }
        };
        if list.is_empty() && matches!(v.kind, Kind::Array(ref a) if a.is_empty()) {
            self.diags.push(
                Diagnostic::new(Code::InvalidValue, "an empty list of reasons", v.span, "no claim named here")
                    .with_help("name the claim the actor gave as its reason, or leave `reason` out"),
            );
        }
        list
    }

    /// A stance's `recorded` position and `correction`. `recorded` equal to
    /// the `position` is an error: there is nothing to correct.
    pub(super) fn recorded(&mut self, t: Entries<'_, '_>, position: Option<Position>) -> Option<Box<Recorded>> {
        let correction = self.opt_str(t, "correction");
        let Some(v) = self.opt_ref(t, "recorded") else {
            if let Some(span) = key_span(t, "correction") {
                self.diags.push(
                    Diagnostic::new(Code::MissingKey, "a `correction` without `recorded`", span, "nothing corrected")
                        .with_help("`recorded` gives the position the record shows; `position` the one intended"),
                );
            }
            return None;
        };
        let recorded = self.choose(&v, "position", &Position::ALL, Position::as_str)?;
        if Some(recorded) == position {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`recorded` is the same as `position` ({recorded})"),
                    v.span,
                    "the same position",
                )
                .with_help("`recorded` is the position the record shows when it differs from the one intended; leave it out otherwise"),
            );
            return None;
        }
        Some(Box::new(Recorded { position: recorded, correction, span: v.span }))
    }

    /// Look up the `reason` of a stance on `claim`: each an existing claim,
    /// named once, not the stance's own claim (reported otherwise and left out).
    pub(super) fn resolve_reasons(
        &mut self,
        parts: &ArgMap,
        claim: ClaimIdx,
        list: Vec<(String, Span)>,
    ) -> Vec<(ClaimIdx, Span)> {
        let mut out: Vec<(ClaimIdx, Span)> = Vec::with_capacity(list.len());
        for (name, span) in list {
            let Some(c) = self.resolve(&parts.claim_index, &Ref { name: Cow::Owned(name), span }, "claim") else {
                continue;
            };
            let id = &parts.claims[c as usize].id;
            if c == claim {
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the stance gives its own claim `{id}` as its reason"),
                        span,
                        "the stance's own claim",
                    )
                    .with_help(
                        "a reason is another claim the actor affirms: one that answers the reasons against its stance",
                    ),
                );
            } else if let Some(&(_, first)) = out.iter().find(|&&(o, _)| o == c) {
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the reason `{id}` is named twice"),
                        span,
                        "named again here",
                    )
                    .with_label(first, "first named here")
                    .with_help("name each reason once"),
                );
            } else {
                out.push((c, span));
            }
        }
        out
    }

    pub(super) fn wrong_type(&mut self, v: &Value<'_>, message: &str, expected: &str, found: &Kind<'_>) {
        self.diags.push(Diagnostic::new(
            Code::WrongType,
            format!("{message}, found {}", found.type_name()),
            v.span,
            format!("expected {expected}"),
        ));
    }

    pub(super) fn string(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        self.str(v, key).map(|s| s.to_string())
    }

    /// A string value, borrowed from the tree.
    pub(super) fn str<'v, 'a>(&mut self, v: &'v Value<'a>, key: &str) -> Option<&'v Cow<'a, str>> {
        match &v.kind {
            Kind::String(s) => Some(s),
            other => {
                self.wrong_type(v, &format!("`{key}` must be a string"), "a string", other);
                None
            }
        }
    }

    pub(super) fn opt_str(&mut self, t: Entries<'_, '_>, key: &str) -> Option<String> {
        get(t, key).and_then(|v| self.string(v, key))
    }

    pub(super) fn opt_ref<'a>(&mut self, t: Entries<'_, 'a>, key: &str) -> Option<Ref<'a>> {
        let v = get(t, key)?;
        self.str(v, key).map(|name| Ref { name: name.clone(), span: v.span })
    }

    pub(super) fn req_ref<'a>(&mut self, t: Entries<'_, 'a>, key: &str, what: What<'_>, span: Span) -> Option<Ref<'a>> {
        if get(t, key).is_none() {
            self.diags.push(Diagnostic::new(
                Code::MissingKey,
                format!("{what} has no `{key}`"),
                Span::new(span.start, span.start),
                format!("this entry needs `{key}`"),
            ));
            return None;
        }
        self.opt_ref(t, key)
    }

    /// The required key `key`, whose value must be the name of one of `all`
    /// (a `what_value`): that one, with the value's span.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn req_choice<T: Copy>(
        &mut self,
        t: Entries<'_, '_>,
        key: &str,
        what: What<'_>,
        span: Span,
        what_value: &str,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<(T, Span)> {
        let v = self.req_ref(t, key, what, span)?;
        self.choose(&v, what_value, all, name).map(|x| (x, v.span))
    }

    /// The one of `all` that `v` names, or `None` with an error.
    pub(super) fn choose<T: Copy>(
        &mut self,
        v: &Ref<'_>,
        what_value: &str,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<T> {
        if let Some(&x) = all.iter().find(|&&x| name(x) == v.name) {
            return Some(x);
        }
        let names: Vec<&str> = all.iter().map(|&x| name(x)).collect();
        self.invalid_value(v, what_value, &names);
        None
    }

    /// The optional key `key`, whose value must be the name of one of `all`
    /// (a `what_value`): that one, or `None` when the key is absent or wrong
    /// (an error is reported for a wrong one).
    pub(super) fn opt_choice<T: Copy>(
        &mut self,
        t: Entries<'_, '_>,
        key: &str,
        what_value: &str,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<T> {
        let v = self.opt_ref(t, key)?;
        self.choose(&v, what_value, all, name)
    }

    /// Each string of the list `key`, without collecting them.
    pub(super) fn each_str<'a>(&mut self, t: Entries<'_, 'a>, key: &str, mut f: impl FnMut(Ref<'a>)) {
        let Some(v) = get(t, key) else { return };
        match &v.kind {
            Kind::Array(items) => {
                for item in items {
                    match &item.kind {
                        Kind::String(s) => f(Ref { name: s.clone(), span: item.span }),
                        other => {
                            self.wrong_type(item, &format!("the items of `{key}` must be strings"), "a string", other)
                        }
                    }
                }
            }
            other => self.wrong_type(v, &format!("`{key}` must be an array of strings"), "an array", other),
        }
    }

    pub(super) fn str_list<'a>(&mut self, t: Entries<'_, 'a>, key: &str) -> Vec<Ref<'a>> {
        let Some(v) = get(t, key) else { return Vec::new() };
        match &v.kind {
            Kind::Array(items) => items
                .iter()
                .filter_map(|item| match &item.kind {
                    Kind::String(s) => Some(Ref { name: s.clone(), span: item.span }),
                    other => {
                        self.wrong_type(item, &format!("the items of `{key}` must be strings"), "a string", other);
                        None
                    }
                })
                .collect(),
            other => {
                self.wrong_type(v, &format!("`{key}` must be an array of strings"), "an array", other);
                Vec::new()
            }
        }
    }

    /// A stance's `date`: a date, or a date with a time of day (a TOML date
    /// or date-time, a string in JSON). `Some(None)` when it is invalid (reported).
    pub(super) fn date(&mut self, v: &Value<'_>) -> Option<Option<(Date, Option<Time>)>> {
        let (text, parsed) = match &v.kind {
            Kind::Datetime(d) => {
                // A time alone (no date) or a date whose time did not parse is invalid.
                let whole = d.text.len() == 10 || d.time.is_some();
                (d.text.clone(), d.date.filter(|_| whole).map(|date| (date, d.time)))
            }
            Kind::String(s) => (s.to_string(), parse_date_time(s)),
            other => {
                self.wrong_type(v, "`date` must be a date", "a date such as 2022-04-07", other);
                return None;
            }
        };
        if parsed.is_none() {
            let no_date = matches!(&v.kind, Kind::Datetime(d) if d.date.is_none());
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidDate,
                    format!("`{text}` is not a valid date"),
                    v.span,
                    if no_date {
                        "a time of day needs the date it is on"
                    } else {
                        "expected a calendar date YYYY-MM-DD, or a date and time YYYY-MM-DDTHH:MM:SS (with an optional offset)"
                    },
                )
                .with_help("write the day the stance was taken, such as `date = 2022-04-07`, or the day and time, such as `date = 2013-08-29T22:30:00`"),
            );
        }
        Some(parsed)
    }

    /// A stance's `seq`: an integer from 0 to 4294967295, on a dated stance.
    /// `None` when it is invalid (reported).
    pub(super) fn seq(&mut self, v: &Value<'_>, dated: bool) -> Option<u32> {
        let n = match &v.kind {
            Kind::Integer(n) => *n,
            other => {
                self.wrong_type(v, "`seq` must be an integer", "an integer such as 1", other);
                return None;
            }
        };
        let Ok(n) = u32::try_from(n) else {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`seq = {n}` is out of range"),
                    v.span,
                    "expected 0 to 4294967295",
                )
                .with_help("`seq` numbers the actor's stances within one day: 1, 2, 3, ..."),
            );
            return None;
        };
        if !dated {
            self.diags.push(
                Diagnostic::new(Code::InvalidValue, "`seq` on a stance with no `date`", v.span, "this stance has no `date`")
                    .with_help("`seq` orders stances within one day: add the `date`, or remove `seq` (an undated stance holds throughout)"),
            );
            return None;
        }
        Some(n)
    }

    pub(super) fn check_keys<'w>(&mut self, t: Entries<'_, '_>, known: &[&str], what: impl Into<What<'w>>) {
        let what = what.into();
        // Unknown keys (skipped for tables whose keys are ids or rule names).
        if !known.is_empty() {
            for (k, _) in t {
                if !known.iter().any(|n| same(n, &k.name)) {
                    let mut d = Diagnostic::new(
                        Code::UnknownKey,
                        format!("unknown key `{}` in {what}", k.name),
                        k.span,
                        "unknown key",
                    );
                    let shown: Vec<&str> = known.iter().copied().filter(|k| !k.starts_with('$')).collect();
                    d = match did_you_mean(&k.name, known.iter().copied()) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("the keys of {what} are: {}", shown.join(", "))),
                    };
                    self.diags.push(d);
                }
            }
        }
        // Duplicate keys (only JSON can produce them; TOML rejects them in the parser).
        if t.len() <= 32 {
            for (i, (k, _)) in t.iter().enumerate() {
                if let Some((first, _)) = t[..i].iter().find(|(f, _)| same(&f.name, &k.name)) {
                    self.duplicate_key(k, first.span);
                }
            }
        } else {
            let mut seen: HashMap<&str, Span, FastState> =
                HashMap::with_capacity_and_hasher(t.len(), FastState::default());
            for (k, _) in t {
                if let Some(first) = seen.get(k.name.as_ref()).copied() {
                    self.duplicate_key(k, first);
                } else {
                    seen.insert(&k.name, k.span);
                }
            }
        }
    }

    pub(super) fn duplicate_key(&mut self, k: &Key<'_>, first: Span) {
        self.diags.push(
            Diagnostic::new(Code::DuplicateKey, format!("key `{}` appears twice", k.name), k.span, "again here")
                .with_label(first, "first here")
                .with_help("keep one of them: a later value would silently replace the earlier one"),
        );
    }

    /// Register `id`, defined at `span`, as `value` in `index`; when it is
    /// there already, report the second definition (`first` gives the span
    /// of the item a value stands for) and return false.
    pub(super) fn register(
        &mut self,
        index: &mut IdIndex,
        what: &str,
        id: &str,
        span: Span,
        value: u32,
        first: impl Fn(u32) -> Span,
    ) -> bool {
        if index.insert(id, value) {
            return true;
        }
        let first = first(index.get(id).unwrap_or(0));
        self.diags.push(
            Diagnostic::new(Code::DuplicateId, format!("{what} `{id}` is defined twice"), span, "defined again here")
                .with_label(first, "first defined here"),
        );
        false
    }

    pub(super) fn check_id(&mut self, key: &Key<'_>, what: &str) -> bool {
        if is_valid_id(&key.name) {
            return true;
        }
        self.invalid_id(&Ref { name: key.name.clone(), span: key.span }, what);
        false
    }

    pub(super) fn invalid_id(&mut self, id: &Ref<'_>, what: &str) {
        let shown: String = id.name.escape_debug().collect();
        let message = if shown.is_empty() {
            format!("an empty string is not a valid {what} id")
        } else {
            format!("`{shown}` is not a valid {what} id")
        };
        self.diags.push(
            Diagnostic::new(Code::InvalidId, message, id.span, "invalid id")
                .with_help("ids use ASCII letters, digits, `-`, `_` and `.`, start with a letter or digit, and are at most 200 bytes long"),
        );
    }

    /// Report each alias whose identity (ignoring case and runs of white
    /// space) is the name or an alias of another actor, at the later of the two
    /// in the file, with the earlier as a second label.
    pub(super) fn duplicate_aliases(&mut self, names: &mut [(String, ActorIdx, Span, bool)], actors: &[Actor]) {
        names.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.start.cmp(&b.2.start)));
        for group in names.chunk_by(|a, b| a.0 == b.0) {
            let first = &group[0];
            for later in &group[1..] {
                if later.1 == first.1 || !(first.3 || later.3) {
                    // The same actor, or two names (not this rule's business).
                    continue;
                }
                let what = |x: &(String, ActorIdx, Span, bool)| if x.3 { "an alias" } else { "the name" };
                self.diags.push(
                    Diagnostic::new(
                        Code::DuplicateAlias,
                        format!(
                            "{} of actor `{}` is {} of actor `{}` too",
                            what(later),
                            actors[later.1 as usize].id,
                            what(first),
                            actors[first.1 as usize].id
                        ),
                        later.2,
                        "names another actor too",
                    )
                    .with_label(first.2, "first given here")
                    .with_help(
                        "an alias names one actor only: `import votes --into` could not tell whose votes these are",
                    ),
                );
            }
        }
    }

    pub(super) fn invalid_value(&mut self, v: &Ref<'_>, what: &str, allowed: &[&str]) {
        let shown: String = v.name.escape_debug().collect();
        let mut d =
            Diagnostic::new(Code::InvalidValue, format!("unknown {what} `{shown}`"), v.span, format!("not a {what}"));
        let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        d = match did_you_mean(&v.name, allowed.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`? the allowed values are {list}")),
            None => d.with_help(format!("the allowed values are {list}")),
        };
        self.diags.push(d);
    }

    pub(super) fn resolve(&mut self, index: &IdIndex, r: &Ref<'_>, what: &str) -> Option<u32> {
        if let Some(i) = index.get(&r.name) {
            return Some(i);
        }
        self.unknown(r, what, index.keys());
        None
    }

    pub(super) fn unknown_claim(&mut self, r: &Ref<'_>, index: &IdIndex) {
        self.unknown(r, "claim", index.keys());
    }

    /// Report a reference to no `what` (`claim`, `actor`, `relation`), and
    /// return the index of its error in `diags`. A reference to a definition
    /// dropped for an error is no new error: that error points at it, and
    /// its index is returned.
    pub(super) fn unknown<'c>(&mut self, r: &Ref<'_>, what: &str, candidates: impl Iterator<Item = &'c str>) -> usize {
        if let Some(root) = self.broken.root(what, &r.name) {
            self.uses.push((root, r.span));
            return root;
        }
        let shown: String = r.name.escape_debug().collect();
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            format!("unknown {what} `{shown}`"),
            r.span,
            format!("no {what} has this id"),
        );
        if what == "actor"
            && let Some((_, id, span, alias)) = self.actor_named(&r.name)
        {
            let which = if *alias { "an alias" } else { "the name" };
            d = d.with_label(*span, format!("{which} of actor `{id}`")).with_help(format!(
                "`{shown}` is {which} of actor `{id}`; a map names an actor by its id: write `{id}`"
            ));
        } else if self.suggestions < MAX_SUGGESTIONS {
            self.suggestions += 1;
            if let Some(s) = did_you_mean(&r.name, candidates) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
        }
        self.diags.push(d);
        self.diags.len() - 1
    }

    /// The actor whose name or alias `name` is (ignoring case and runs of white space).
    pub(super) fn actor_named(&self, name: &str) -> Option<&(String, String, Span, bool)> {
        if self.actor_names.is_empty() {
            return None;
        }
        let key = name_key(name);
        let i = self.actor_names.partition_point(|x| x.0 < key);
        self.actor_names.get(i).filter(|x| x.0 == key)
    }

    /// The rule's current name; a former name is reported (a warning) and
    /// read as the current one, an unknown name is an error (`None`).
    pub(super) fn check_rule(&mut self, name: &str, span: Span) -> Option<String> {
        if self.known_rules.contains(&name) {
            return Some(name.to_string());
        }
        if let Some(new) = crate::check::renamed(name) {
            let d = Diagnostic::new(Code::DeprecatedName, crate::check::rename_note(name, new), span, "former name")
                .with_help(format!("write `{new}`"));
            self.diags.push(d);
            return Some(new.to_string());
        }
        let mut d =
            Diagnostic::new(Code::UnknownReference, format!("unknown rule `{name}`"), span, "no rule has this name");
        d = match crate::check::suggest_rule(name) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help("`elenchus rules` lists the rules"),
        };
        self.diags.push(d);
        None
    }
}
