//! `elenchus import`: bring data into maps (roll-call votes).

use std::path::PathBuf;
use std::time::Instant;

use super::{Ctx, EXIT_INVALID, EXIT_OK, plural, write_err};
use crate::error::Error;
use crate::formats::votes::{self, VotesOptions};
use crate::import;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import roll-call votes from CSV: a `proposal` claim per resolution, an
    /// actor per voter, a dated stance per vote.
    Votes(Box<VotesArgs>),
    /// Read an Argdown file as a map (docs/interop.md) and write it as TOML
    /// (standard output, or `-o MAP.toml`) or JSON (`-o MAP.json`).
    Argdown(ArgdownArgs),
    /// Read AIF JSON (AIFdb, OVA, the public corpora) as a map (docs/interop.md):
    /// a file, or every `*.json` file of a directory.
    Aif(AifArgs),
}

const AIF_HELP: &str = "\
I-nodes become claims (ids: the nodeIDs), RA-nodes `supports` (linked with several
premises), CA-nodes `attacks` (`undercuts` on an RA/CA/MA-node), MA-nodes (rephrases)
`supports` from the rephrase to the original (--rephrase implies: `implies` both ways).
Speakers (participants with locutions, or `Name : ` before an L-node's text) become
actors; YA-nodes give their stances through the illocution table (defaults in
docs/interop.md; --illocutions FILE changes it, lines `Disagreeing = none`). A speaker
who voices a view and disagrees with it in the next locution is not committed to it.
Stances are dated by the locution's `start`, else the L-node's `timestamp`.

Whatever does not fit (dangling edges, empty I-nodes, duplicate nodes, ...) is an
`aif-input` warning at the node; each file's summary counts what was left out, by reason.

Examples:
  elenchus import aif nodeset1234.json -o debate.toml
  elenchus import aif qt30/ -o qt30-maps/ --illocutions table.txt";

#[derive(Debug, clap::Args)]
#[command(after_help = AIF_HELP)]
pub struct AifArgs {
    /// The AIF JSON file (`-` reads standard input), or a directory of them.
    pub file: PathBuf,
    /// Write the map to this file (`.json` for JSON, else TOML); standard output
    /// (TOML) without it. For a directory: the directory to write `NAME.toml` into
    /// (without it, the files are only read and summarised).
    #[arg(short, long, value_name = "MAP")]
    pub output: Option<PathBuf>,
    /// The illocution table: lines `Illocution = affirms|denies|abstains|none`
    /// (`#` comments), changing the defaults.
    #[arg(long, value_name = "FILE")]
    pub illocutions: Option<PathBuf>,
    /// How an MA-node (a rephrase) is read: `supports` from the rephrase to the
    /// original (the default), or `implies` both ways.
    #[arg(long, value_name = "READING", default_value = "supports", value_parser = ["supports", "implies"])]
    pub rephrase: String,
}

fn aif(args: &AifArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    use crate::formats::aif;
    use crate::load;
    use crate::source::Format;
    let table = match &args.illocutions {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| Error::Io { path: p.clone(), source })?;
            aif::Illocutions::parse(&text).map_err(|e| Error::Usage(format!("{}: {e}", p.display())))?
        }
        None => aif::Illocutions::default(),
    };
    let mut table = table;
    table.set_rephrase(aif::Rephrase::parse(&args.rephrase).unwrap_or_default());
    aif::set_illocutions(table.clone());
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let dir = args.file.is_dir();
    let files: Vec<PathBuf> = if dir {
        load::collect_paths(std::slice::from_ref(&args.file))?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
            .collect()
    } else {
        vec![args.file.clone()]
    };
    if let Some(out) = output {
        if dir {
            std::fs::create_dir_all(out).map_err(|source| Error::Io { path: out.to_path_buf(), source })?;
        } else {
            output::refuse_inputs(out, &[output::Input { path: &args.file, what: "AIF file" }])?;
        }
    }
    let (mut read, mut rejected) = (0usize, 0usize);
    let mut total = aif::Summary::default();
    for f in &files {
        let loaded = if f.as_os_str() == "-" {
            let bytes = load::read_bounded(std::io::stdin().lock(), load::max_file_size())
                .map_err(|source| Error::Io { path: "<stdin>".into(), source })?;
            load::load_bytes("<stdin>".into(), None, bytes, Format::Aif)
        } else {
            let bytes = load::read_file(f).map_err(|source| Error::Io { path: f.clone(), source })?;
            load::load_bytes(f.display().to_string(), Some(f.clone()), bytes, Format::Aif)
        };
        let errors = loaded.errors() > 0;
        if errors || !ctx.quiet {
            super::write_diagnostics(&loaded, ctx.err, ctx.color_err)?;
        }
        if loaded.map.is_none() {
            rejected += 1;
            continue;
        }
        let (table, s) = aif::to_table(&loaded.file.text, &table)
            .map_err(|_| Error::Other("the AIF file could not be read twice alike".into()))?;
        read += 1;
        if !ctx.quiet {
            writeln!(ctx.err, "{}: {}", loaded.file.name, summary_line(&s)).map_err(write_err)?;
        }
        add_summary(&mut total, &s);
        let target = match output {
            Some(out) if dir => {
                let stem = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                Some(out.join(format!("{stem}.toml")))
            }
            Some(out) => Some(out.to_path_buf()),
            None if dir => continue,
            None => None,
        };
        let json = target.as_deref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")));
        let text = if json {
            serde_json::to_string_pretty(&table).map_err(|e| Error::Other(e.to_string()))? + "\n"
        } else {
            toml::to_string(&table).map_err(|e| Error::Other(e.to_string()))?
        };
        match target {
            Some(p) => {
                output::write(&p, text.as_bytes())?;
            }
            None => ctx.out.write_all(text.as_bytes()).map_err(write_err)?,
        }
    }
    if dir && !ctx.quiet {
        writeln!(
            ctx.err,
            "{} read, {rejected} rejected; in all: {}",
            plural(read, "map", "maps"),
            summary_line(&total)
        )
        .map_err(write_err)?;
    }
    Ok(if rejected > 0 { EXIT_INVALID } else { EXIT_OK })
}

/// One line of an AIF import summary.
fn summary_line(s: &crate::formats::aif::Summary) -> String {
    let mut line = format!(
        "{} claims, {} relations, {} actors, {} stances; left out: {}",
        s.claims,
        s.relations,
        s.actors,
        s.stances,
        s.skipped_total()
    );
    if !s.skipped.is_empty() {
        let parts: Vec<String> = s.skipped.iter().map(|(k, n)| format!("{k} {n}")).collect();
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    line.push_str(&format!(
        "; views voiced and rebutted by their speaker: {}; stances merged: {}",
        s.rebutted_reports, s.merged_stances
    ));
    line
}

fn add_summary(total: &mut crate::formats::aif::Summary, s: &crate::formats::aif::Summary) {
    total.claims += s.claims;
    total.relations += s.relations;
    total.actors += s.actors;
    total.stances += s.stances;
    total.edges += s.edges;
    total.rebutted_reports += s.rebutted_reports;
    total.merged_stances += s.merged_stances;
    for (k, n) in &s.skipped {
        *total.skipped.entry(k).or_default() += n;
    }
    for (k, n) in &s.nodes {
        *total.nodes.entry(k.clone()).or_default() += n;
    }
}

#[derive(Debug, clap::Args)]
pub struct ArgdownArgs {
    /// The Argdown file (`-` reads standard input).
    pub file: PathBuf,
    /// Write the map to this file (`.json` for JSON, else TOML); standard output (TOML) without it.
    #[arg(short, long, value_name = "MAP")]
    pub output: Option<PathBuf>,
}

fn argdown(args: &ArgdownArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = output {
        output::refuse_inputs(out, &[output::Input { path: &args.file, what: "Argdown file" }])?;
    }
    let mut loaded = super::load_inputs(std::slice::from_ref(&args.file), Some(super::InputFormat::Argdown))?;
    let loaded = loaded.pop().ok_or_else(|| Error::Usage("no file given".into()))?;
    super::write_diagnostics(&loaded, ctx.err, ctx.color_err)?;
    if loaded.map.is_none() {
        return Ok(EXIT_INVALID);
    }
    let table = crate::formats::argdown::to_table(&loaded.file.text)
        .map_err(|_| Error::Other("the Argdown file could not be read twice alike".into()))?;
    let json = output.is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")));
    let text = if json {
        serde_json::to_string_pretty(&table).map_err(|e| Error::Other(e.to_string()))? + "\n"
    } else {
        toml::to_string(&table).map_err(|e| Error::Other(e.to_string()))?
    };
    match output {
        Some(p) => {
            output::write(p, text.as_bytes())?;
        }
        None => ctx.out.write_all(text.as_bytes()).map_err(write_err)?,
    }
    super::leave((table, loaded));
    Ok(EXIT_OK)
}

const VOTES_HELP: &str = "\
Votes: `yes`, `no`, `abstain`, `absent` (any case; `y`, `n`, `a` for the first three).
yes affirms the resolution, no denies it, abstain abstains; absent records no stance:
the absent actors are the claim's `absent` list (sorted ids; data, not a position), and
its `note` gives the tally.

Linking voters to actors of the --into map: a voter is the actor whose `name`, or one of
whose `aliases` (`aliases = [\"USA\", \"United States of America\"]`), is the voter's name
(compared ignoring case and runs of spaces), or whose id is the voter's name (exactly; or
ignoring case, for an actor with no `name`). A voter that would be two actors is an error.
Each link made is reported (`linked ...`; --quiet silences it). Any other voter is a new actor
whose id is its name lower-cased in ASCII: diacritics removed, apostrophes dropped,
other runs of characters turned into `-` (`COTE D'IVOIRE` -> `cote-divoire`). When two
new names give the same such id, or the map already has an actor with it (of another
name, or none), the id gets `-` and 6 hex digits of a hash of the name appended (16
when even that is taken), with a warning in the second case: votes are never attached
to an actor of another name. Claim ids come from the resolution column (`ES-11/1` ->
`es-11-1`); a claim of the map with that id is the resolution's.

--into keeps the map's comments, order and layout: new claims, actors and stances are
added after the existing ones; a stance with the same actor, claim and `via` is the same
vote and is updated in place. A claim's `absent` list gets the actors absent in the
votes and loses those that now voted; entries for actors the votes file does not
mention are kept. Importing the same data twice gives the same file. A leading
byte-order mark and CRLF line ends are kept.

Resolutions and tags: --resolutions gives each resolution's text (--text-column, several
joined by `: `), symbol (--symbol-column; named in the stances' `via`) and `date`, and
claim tags: --tag-column COL gives the tag `COL-VALUE` (`session` 70.0 -> `session-70`),
--flag-column COL the tag `COL` where the value is 1, true or yes. --tags FILE adds one tag
per row (--tags-column, keyed by the claim column). Tags are written lower-case with `-`
(`Palestinian conflict` -> `palestinian-conflict`); merged into a claim of the map, they
are added to its own.

Gzip: any input file may be gzip-compressed; it is recognised by its first bytes, whatever
its name, and decompressed while read.

Presets: --preset unvotes sets the columns of the UN General Assembly roll calls as the
`unvotes` R package publishes them (un_votes.csv, un_roll_calls.csv, un_roll_call_issues.csv):
--claim-column rcid --actor-column country --vote-column vote --text-column short,descr
--symbol-column unres --tag-column session --flag-column importantvote --tags-column issue.
Options given as well win over the preset's.

Any bad row (unknown vote, missing column, two columns of one name, bad date, duplicate
vote of one actor on one resolution) is reported with its line number, and nothing is
written (exit code 2). Lines may end in LF, CRLF or CR. The complete output is loaded
and checked (a valid map, every vote recorded as its stance) before anything is
written; text from the CSV files goes into the map's strings escaped, and into its
comments with line ends and control characters written as `\\n`, `\\u{1b}`.

Writing: -o FILE.json writes a new map as JSON (several times faster to load than TOML at
the scale of a whole voting record; the header comment is then the map's `description`);
--into merges into TOML only. -o writes a file atomically (a temporary file renamed over it, with the old
file's permissions); through a symbolic link, the file it points to; a file with
several hard links in place (all its names get the map); a device such as /dev/null
directly. -o may not name the votes or resolutions file. With --into, the map is
locked (an advisory lock) from reading to writing, so that imports into one map run
one after the other; if another program changed it meanwhile, nothing is written.

Examples:
  elenchus import votes votes.csv --resolutions resolutions.csv --into map.toml -o map.toml
  elenchus import votes un_votes.csv.gz --resolutions un_roll_calls.csv.gz \\
      --tags un_roll_call_issues.csv.gz --preset unvotes --source \"Erik Voeten, UNGA votes\" -o unvotes.toml";

#[derive(Debug, clap::Args)]
#[command(after_help = VOTES_HELP)]
pub struct VotesArgs {
    /// The votes: CSV with a header row, one row per vote (`-` reads standard input).
    #[arg(value_name = "VOTES.csv")]
    pub votes: PathBuf,
    /// The resolutions: CSV with a header row, one row per resolution, keyed by the column
    /// --claim-column names (the same name as in the votes file: `resolution` by default),
    /// with `symbol`, `date` and `title` (others are ignored; `yes,no,abstain` totals, when
    /// present, are checked against the votes; `-` reads standard input).
    #[arg(long, value_name = "RES.csv")]
    pub resolutions: Option<PathBuf>,
    /// Merge into this map, keeping its comments, order and layout.
    #[arg(long, value_name = "MAP.toml")]
    pub into: Option<PathBuf>,
    /// Write the map to this file (see "Writing" below); without it, or with `-`, to standard output.
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// Tags of the resolutions: CSV keyed by the --claim-column column, with --tags-column,
    /// one tag per row (`-` reads standard input).
    #[arg(long, value_name = "TAGS.csv")]
    pub tags: Option<PathBuf>,
    /// Set the columns of a known dataset (see "Presets" below); other column options win.
    #[arg(long, value_name = "NAME")]
    pub preset: Option<PresetArg>,
    /// Column naming the voter (an actor) [default: country].
    #[arg(long, value_name = "NAME")]
    pub actor_column: Option<String>,
    /// Column naming the resolution (a claim) in the votes file; the key column of
    /// --resolutions and --tags has this name too [default: resolution].
    #[arg(long, value_name = "NAME")]
    pub claim_column: Option<String>,
    /// Column with the date of the vote [default: `date` when present, otherwise the
    /// resolution's date from --resolutions].
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Column with the vote [default: vote].
    #[arg(long, value_name = "NAME")]
    pub vote_column: Option<String>,
    /// Columns of --resolutions with the claim's text, joined by `: ` [default: title].
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub text_column: Vec<String>,
    /// Column of --resolutions with the symbol named in `via` [default: symbol].
    #[arg(long, value_name = "NAME")]
    pub symbol_column: Option<String>,
    /// Columns of --resolutions whose value is a claim tag `NAME-VALUE`.
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub tag_column: Vec<String>,
    /// Columns of --resolutions with a flag (1/0, true/false, yes/no): the tag `NAME` when set.
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub flag_column: Vec<String>,
    /// Column of --tags with the tag [default: tag].
    #[arg(long, value_name = "NAME")]
    pub tags_column: Option<String>,
    /// Credit for the data: the `source` of every stance, of new claims and of a new map
    /// (such as "United Nations").
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Title of a new map (without --into).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// `kind` of new actors (such as `state`).
    #[arg(long, value_name = "KIND")]
    pub actor_kind: Option<String>,
    /// `kind` of new claims.
    #[arg(long, value_name = "KIND", default_value = "proposal")]
    pub claim_kind: String,
    /// Write voters' names given in capitals in title case (UNITED STATES -> United States).
    #[arg(long)]
    pub title_case: bool,
}

/// `--preset` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum PresetArg {
    /// UN General Assembly roll calls (the `unvotes` R package's CSV files).
    Unvotes,
}

impl VotesArgs {
    /// The options: the defaults, then the preset's columns, then the options given.
    pub fn options(&self) -> VotesOptions {
        let mut opts = VotesOptions::default();
        if let Some(PresetArg::Unvotes) = self.preset {
            votes::Preset::Unvotes.apply(&mut opts);
        }
        let set = |slot: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                slot.clone_from(v);
            }
        };
        set(&mut opts.actor_column, &self.actor_column);
        set(&mut opts.claim_column, &self.claim_column);
        set(&mut opts.vote_column, &self.vote_column);
        set(&mut opts.symbol_column, &self.symbol_column);
        set(&mut opts.tags_column, &self.tags_column);
        if self.date_column.is_some() {
            opts.date_column.clone_from(&self.date_column);
        }
        for (slot, v) in [
            (&mut opts.text_columns, &self.text_column),
            (&mut opts.tag_columns, &self.tag_column),
            (&mut opts.flag_columns, &self.flag_column),
        ] {
            if !v.is_empty() {
                slot.clone_from(v);
            }
        }
        opts.source.clone_from(&self.source);
        opts.title.clone_from(&self.title);
        opts.actor_kind.clone_from(&self.actor_kind);
        opts.claim_kind.clone_from(&self.claim_kind);
        opts.title_case_names = self.title_case;
        opts
    }
}

pub fn run(args: &Command, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    match args {
        Command::Votes(a) => votes(a, ctx),
        Command::Argdown(a) => argdown(a, ctx),
        Command::Aif(a) => aif(a, ctx),
    }
}

fn votes(args: &VotesArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let opts = args.options();
    let is_json = |p: &std::path::Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if args.into.as_deref().is_some_and(is_json) {
        return Err(Error::Usage("`import votes --into` merges into TOML maps only (`.toml`)".into()));
    }
    let json = args.output.as_deref().is_some_and(is_json);
    if json && args.into.is_some() {
        return Err(Error::Usage(
            "`import votes --into` writes TOML (the map merged into keeps its layout); -o must not end in `.json`"
                .into(),
        ));
    }
    let start = Instant::now();
    let safe = |s: &str| crate::diag::terminal_safe(s).into_owned();
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = output {
        let mut inputs = vec![output::Input { path: &args.votes, what: "votes file" }];
        if let Some(r) = &args.resolutions {
            inputs.push(output::Input { path: r, what: "resolutions file" });
        }
        if let Some(t) = &args.tags {
            inputs.push(output::Input { path: t, what: "tags file" });
        }
        // `--into MAP -o MAP` is the way to update a map: the only input it may write.
        output::refuse_inputs(out, &inputs)?;
    }
    let files =
        votes::VoteFiles { votes: &args.votes, resolutions: args.resolutions.as_deref(), tags: args.tags.as_deref() };
    let votes = match votes::read_vote_files(&files, &opts) {
        Ok(v) => v,
        Err(Error::Import { file, problems, total }) => {
            let file = safe(&file);
            for p in &problems {
                writeln!(ctx.err, "error: {file}:{}: {}", p.line, safe(&p.message)).map_err(write_err)?;
            }
            if total > problems.len() {
                writeln!(ctx.err, "error: ... and {} more bad rows", total - problems.len()).map_err(write_err)?;
            }
            writeln!(ctx.err, "error: {} in `{file}`; nothing written", plural(total, "problem", "problems"))
                .map_err(write_err)?;
            return Ok(EXIT_INVALID);
        }
        Err(e) => return Err(e),
    };
    // The map is locked from reading it to writing it back: another import
    // into it waits, rather than one of the two being lost.
    let locked = match &args.into {
        Some(p) => Some((p, output::Locked::open(p)?)),
        None => None,
    };
    let base = match &locked {
        Some((p, l)) => Some(import::map_text(p, l.bytes())?),
        None => None,
    };
    let built = if json { import::build_json_map(&votes, &opts) } else { import::build_map(&votes, base, &opts) };
    let imported = match built {
        Ok(i) => i,
        Err(e) => {
            // A map that is not valid is reported as `validate` reports it, with positions.
            if let (Some((p, _)), Some(text)) = (&locked, base) {
                let loaded = crate::load::load_str(p.display().to_string(), text, crate::source::Format::Toml);
                let errors: Vec<_> =
                    loaded.diagnostics.iter().filter(|d| d.level == crate::diag::Level::Error).collect();
                if !errors.is_empty() {
                    let style = crate::diag::Style { color: false };
                    for d in &errors {
                        write!(ctx.err, "{}", d.render(&loaded.file, style)).map_err(write_err)?;
                    }
                    writeln!(
                        ctx.err,
                        "error: the map to import into has {}; nothing written",
                        plural(errors.len(), "error", "errors")
                    )
                    .map_err(write_err)?;
                    return Ok(EXIT_INVALID);
                }
            }
            return Err(e);
        }
    };
    let s = &imported.summary;
    for w in &s.warnings {
        writeln!(ctx.err, "warning: {}", safe(w)).map_err(write_err)?;
    }
    if !ctx.quiet {
        for m in &s.matches {
            writeln!(ctx.err, "linked `{}` to actor `{}` (by {})", safe(&m.voter), safe(&m.actor), m.by.as_str())
                .map_err(write_err)?;
        }
    }
    let to = match output {
        Some(p) => {
            let how = output::write_with(p, imported.text.as_bytes(), || match &locked {
                Some((_, l)) => l.check_unchanged(),
                None => Ok(()),
            })?;
            Some((p, how))
        }
        None => {
            ctx.out.write_all(imported.text.as_bytes()).map_err(write_err)?;
            None
        }
    };
    drop(locked);
    if ctx.verbose {
        writeln!(ctx.err, "import: {:.3} s", start.elapsed().as_secs_f64()).map_err(write_err)?;
    }
    if !ctx.quiet {
        let mut line = format!(
            "imported {} from `{}`: {} ({} new), {} ({} new, {} linked), stances: {} new, {} updated, {} unchanged",
            plural(s.votes, "vote", "votes"),
            safe(&votes.file),
            plural(imported.claim_ids.len(), "claim", "claims"),
            s.claims_added,
            plural(imported.actor_ids.len(), "actor", "actors"),
            s.actors_added,
            s.matches.len(),
            s.stances_added,
            s.stances_updated,
            s.stances_unchanged,
        );
        if s.stances_removed > 0 {
            line.push_str(&format!(", {} removed", s.stances_removed));
        }
        line.push_str(&format!("; {} (no stance)", plural(s.absences, "absence", "absences")));
        match to {
            Some((p, output::Written::InPlace { links })) => line.push_str(&format!(
                "; wrote `{}` in place (it has {links} names, all of which now hold the map)",
                safe(&p.display().to_string())
            )),
            Some((p, _)) => line.push_str(&format!("; wrote `{}`", safe(&p.display().to_string()))),
            None => {}
        }
        writeln!(ctx.err, "{line}").map_err(write_err)?;
    }
    Ok(EXIT_OK)
}
