//! `elenchus import`: bring data into maps (roll-call votes).

use std::path::PathBuf;
use std::time::Instant;

use super::{Ctx, EXIT_INVALID, EXIT_OK, plural, write_err};
use crate::error::Error;
use crate::import::{self, VotesOptions};

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

Ids: an actor's id is its name lower-cased in ASCII: diacritics removed, apostrophes
dropped, other runs of characters turned into `-` (`COTE D'IVOIRE` -> `cote-divoire`).
Two different names with the same such id each get `-` and 6 hex digits of a hash of
the name appended. Claim ids come from the resolution column (`ES-11/1` -> `es-11-1`).

--into keeps the map's comments, order and layout: new claims, actors and stances are
added after the existing ones; a stance with the same actor, claim and `via` is the same
vote and is updated in place. A claim's `absent` list gets the actors absent in the
votes and loses those that now voted; entries for actors the votes file does not
mention are kept. Importing the same data twice gives the same file.

Any bad row (unknown vote, missing column, bad date, duplicate vote of one actor on one
resolution) is reported with its line number, and nothing is written (exit code 2).
The output file is written atomically (a temporary file renamed over it).

Example:
  elenchus import votes votes.csv --resolutions resolutions.csv --into map.toml -o map.toml";

#[derive(Debug, clap::Args)]
#[command(after_help = VOTES_HELP)]
pub struct VotesArgs {
    /// The votes: CSV with a header row, one row per vote.
    #[arg(value_name = "VOTES.csv")]
    pub votes: PathBuf,
    /// The resolutions: CSV with columns `resolution,symbol,date,title` (others are
    /// ignored; `yes,no,abstain` totals, when present, are checked against the votes).
    #[arg(long, value_name = "RES.csv")]
    pub resolutions: Option<PathBuf>,
    /// Merge into this map, keeping its comments, order and layout.
    #[arg(long, value_name = "MAP.toml")]
    pub into: Option<PathBuf>,
    /// Write the map to this file (atomically); without it, or with `-`, to standard output.
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// Column naming the voter (an actor).
    #[arg(long, value_name = "NAME", default_value = import::DEFAULT_ACTOR_COLUMN)]
    pub actor_column: String,
    /// Column naming the resolution (a claim); also the key column of --resolutions.
    #[arg(long, value_name = "NAME", default_value = import::DEFAULT_CLAIM_COLUMN)]
    pub claim_column: String,
    /// Column with the date of the vote [default: `date` when present, otherwise the
    /// resolution's date from --resolutions].
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Column with the vote.
    #[arg(long, value_name = "NAME", default_value = import::DEFAULT_VOTE_COLUMN)]
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
    let imported = match import::import_votes(&args.votes, args.resolutions.as_deref(), args.into.as_deref(), &opts) {
        Ok(i) => i,
        Err(Error::Import { file, problems, total }) => {
            for p in &problems {
                writeln!(ctx.err, "error: {file}:{}: {}", p.line, p.message).map_err(write_err)?;
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
    let s = &imported.summary;
    for w in &s.warnings {
        writeln!(ctx.err, "warning: {w}").map_err(write_err)?;
    }
    let to = match &args.output {
        Some(p) if p.as_os_str() != "-" => {
            import::write_atomic(p, imported.text.as_bytes())?;
            Some(p)
        }
        _ => {
            ctx.out.write_all(imported.text.as_bytes()).map_err(write_err)?;
            None
        }
    };
    if ctx.verbose {
        writeln!(ctx.err, "import: {:.3} s", start.elapsed().as_secs_f64()).map_err(write_err)?;
    }
    if !ctx.quiet {
        let mut line = format!(
            "imported {} from `{}`: {} ({} new), {} ({} new), stances: {} new, {} updated, {} unchanged",
            plural(s.votes, "vote", "votes"),
            args.votes.display(),
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
        if let Some(p) = to {
            line.push_str(&format!("; wrote `{}`", p.display()));
        }
        writeln!(ctx.err, "{line}").map_err(write_err)?;
    }
    Ok(EXIT_OK)
}
