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
    Votes(VotesArgs),
}

const VOTES_HELP: &str = "\
Votes: `yes`, `no`, `abstain`, `absent` (any case; `y`, `n`, `a` for the first three).
yes affirms the resolution, no denies it, abstain abstains; absent records no stance:
the absent actors are the claim's `absent` list (sorted ids; data, not a position), and
its `note` gives the tally.

Ids: a voter whose name is the `name` of an actor in the --into map (compared ignoring
case and runs of spaces) is that actor, whatever its id. Any other voter is a new actor
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

Any bad row (unknown vote, missing column, two columns of one name, bad date, duplicate
vote of one actor on one resolution) is reported with its line number, and nothing is
written (exit code 2). Lines may end in LF, CRLF or CR. The complete output is loaded
and checked (a valid map, every vote recorded as its stance) before anything is
written; text from the CSV files goes into the map's strings escaped, and into its
comments with line ends and control characters written as `\\n`, `\\u{1b}`.

Writing: -o writes a file atomically (a temporary file renamed over it, with the old
file's permissions); through a symbolic link, the file it points to; a file with
several hard links in place (all its names get the map); a device such as /dev/null
directly. -o may not name the votes or resolutions file. With --into, the map is
locked (an advisory lock) from reading to writing, so that imports into one map run
one after the other; if another program changed it meanwhile, nothing is written.

Example:
  elenchus import votes votes.csv --resolutions resolutions.csv --into map.toml -o map.toml";

#[derive(Debug, clap::Args)]
#[command(after_help = VOTES_HELP)]
pub struct VotesArgs {
    /// The votes: CSV with a header row, one row per vote (`-` reads standard input).
    #[arg(value_name = "VOTES.csv")]
    pub votes: PathBuf,
    /// The resolutions: CSV with columns `resolution,symbol,date,title` (others are
    /// ignored; `yes,no,abstain` totals, when present, are checked against the votes;
    /// `-` reads standard input).
    #[arg(long, value_name = "RES.csv")]
    pub resolutions: Option<PathBuf>,
    /// Merge into this map, keeping its comments, order and layout.
    #[arg(long, value_name = "MAP.toml")]
    pub into: Option<PathBuf>,
    /// Write the map to this file (see "Writing" below); without it, or with `-`, to standard output.
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// Column naming the voter (an actor).
    #[arg(long, value_name = "NAME", default_value = votes::DEFAULT_ACTOR_COLUMN)]
    pub actor_column: String,
    /// Column naming the resolution (a claim); also the key column of --resolutions.
    #[arg(long, value_name = "NAME", default_value = votes::DEFAULT_CLAIM_COLUMN)]
    pub claim_column: String,
    /// Column with the date of the vote [default: `date` when present, otherwise the
    /// resolution's date from --resolutions].
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Column with the vote.
    #[arg(long, value_name = "NAME", default_value = votes::DEFAULT_VOTE_COLUMN)]
    pub vote_column: String,
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

pub fn run(args: &Command, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    match args {
        Command::Votes(a) => votes(a, ctx),
    }
}

fn votes(args: &VotesArgs, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let opts = VotesOptions {
        actor_column: args.actor_column.clone(),
        claim_column: args.claim_column.clone(),
        date_column: args.date_column.clone(),
        vote_column: args.vote_column.clone(),
        source: args.source.clone(),
        title: args.title.clone(),
        actor_kind: args.actor_kind.clone(),
        claim_kind: args.claim_kind.clone(),
        title_case_names: args.title_case,
    };
    let is_json = |p: &std::path::Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if args.into.as_deref().is_some_and(is_json) || args.output.as_deref().is_some_and(is_json) {
        return Err(Error::Usage("`import votes` writes and merges TOML maps only (`.toml`)".into()));
    }
    let start = Instant::now();
    let safe = |s: &str| crate::diag::terminal_safe(s).into_owned();
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = output {
        let mut inputs = vec![output::Input { path: &args.votes, what: "votes file" }];
        if let Some(r) = &args.resolutions {
            inputs.push(output::Input { path: r, what: "resolutions file" });
        }
        // `--into MAP -o MAP` is the way to update a map: the only input it may write.
        output::refuse_inputs(out, &inputs)?;
    }
    let votes = match votes::read_votes(&args.votes, args.resolutions.as_deref(), &opts) {
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
    let imported = import::build_map(&votes, base, &opts)?;
    let s = &imported.summary;
    for w in &s.warnings {
        writeln!(ctx.err, "warning: {}", safe(w)).map_err(write_err)?;
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
            "imported {} from `{}`: {} ({} new), {} ({} new), stances: {} new, {} updated, {} unchanged",
            plural(s.votes, "vote", "votes"),
            safe(&votes.file),
            plural(imported.claim_ids.len(), "claim", "claims"),
            s.claims_added,
            plural(imported.actor_ids.len(), "actor", "actors"),
            s.actors_added,
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
