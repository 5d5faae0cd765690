//! `elenchus stances`: the actor-by-claim matrix and agreement between actors.

use std::path::PathBuf;
use std::time::Instant;

use clap::ValueEnum;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::diag::did_you_mean;
use crate::error::Error;
use crate::model::ArgMap;
use crate::model::Date;
use crate::stances::timeline::{self, By};
use crate::stances::{self, Agreement, Matrix, Order, Selection, blocs, patterns, scale};

const STANCES_HELP: &str = "\
The matrix: one row per actor, one column per claim (by default every claim with a
stance or an absence), each cell the actor's current stance: + affirms, - denies,
~ abstains, a absent, . no stance. A cell is absent (`a` in the table, `absent` in CSV
and JSON, grey in SVG) when the actor has no stance on the claim and the claim lists
it in its `absent` key: it did not vote. That is data, shown apart from no stance,
but not a position. Of several dated stances of one actor on one claim the latest (by
date, then time of day and `seq`) is current (file order breaks ties); an undated stance
counts only when none is dated.

Agreement (--agreement, --like):
  agreement(a, b) = agreements / shared
  shared     = claims on which both a and b took a position (affirms, denies or abstains)
  agreements = those shared claims on which their positions are equal
Abstaining is a position of its own: two abstentions agree, an abstention and a yes do
not. Claims where either has no stance do not count, nor do those where either was
absent: absence is data, not a position. Pairs with no shared claim (or fewer than
--min-shared) are left out. The number of shared claims is always shown.

CSV (--format csv): a text cell (an id, a name) that starts with =, +, -, @, a tab or a
carriage return is written with a leading ' so that a spreadsheet shows it as text
instead of running it as a formula (names often come from imported files); --csv-raw
writes them as they are, for programs that read the CSV.

Ideal points (--ideal-points [--dims 1|2]): the actors' positions on one or two
dimensions, by principal components of the matrix coded yes (affirms) = 1, abstain =
0.5, no (denies) = 0, each claim centred on the mean of the positions taken on it; a
cell without a position (no stance, absent) is set to that mean, so it pulls neither
way (an actor with few positions sits near the centre). Coordinates are principal
component scores; each dimension's share of the variance is shown, and the claims at
each end of each dimension (a yes on a claim with a positive loading moves an actor
towards the positive end). Actors with no position are left out and listed. Signs:
--positive ACTOR puts that actor on the positive side of every dimension; otherwise the
first actor by id placed off the centre is. The table, CSV and JSON list actors from
the highest on dimension 1; the SVG is a strip (1 dimension) or a scatter plot (2)
with the claims' directions as arrows.

Examples:
  elenchus stances maps/unga-es11.toml --sort similarity --format svg > matrix.svg
  elenchus stances maps/unga-es11.toml --agreement --like cambodia
  elenchus stances maps/unga-es11.toml --agreement --format svg --sort similarity > agreement.svg
  elenchus stances votes.json --ideal-points --dims 2 --positive united-states --format svg > ideal.svg";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// As in the map (or as listed in --actors and --claims).
    Map,
    /// Actors by id.
    Actor,
    /// Claims by id.
    Claim,
    /// Actors that take the same positions next to each other.
    Similarity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StancesFormat {
    /// Text: the matrix with + - ~ a . cells, or the agreement list.
    Table,
    /// CSV: the matrix one column per claim, or one row per pair or ranked actor.
    Csv,
    /// JSON, with the formula and the shared-claim counts.
    Json,
    /// A heat map (pure SVG).
    Svg,
}

#[derive(Debug, clap::Args)]
#[command(after_help = STANCES_HELP)]
pub struct Args {
    /// The map file (`-` reads standard input).
    #[arg(value_name = "MAP")]
    pub path: PathBuf,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Only these actors (ids, comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub actors: Vec<String>,
    /// Only these claims: ids or tags (a tag selects every claim carrying it),
    /// comma-separated [default: every claim with a stance, but for claims named only as a stance's `reason`].
    #[arg(long, value_name = "IDS|TAGS", value_delimiter = ',')]
    pub claims: Vec<String>,
    /// Only stances dated on or after this day (YYYY-MM-DD); undated stances do not count.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,
    /// Only stances dated on or before this day (YYYY-MM-DD); undated stances do not count.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,
    /// Order of the actors and claims.
    #[arg(long, value_enum, default_value_t = SortBy::Map)]
    pub sort: SortBy,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StancesFormat::Table)]
    pub format: StancesFormat,
    /// Write the output to FILE (atomically; never over the map) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Pairwise agreement = agreements / shared claims where both took a position
    /// (abstaining is a position of its own), with the number of shared claims.
    #[arg(long)]
    pub agreement: bool,
    /// Rank every actor by agreement with this one (implies --agreement).
    #[arg(long, value_name = "ACTOR")]
    pub like: Option<String>,
    /// Leave out pairs that share fewer than N claims [default: 1; with --like, half
    /// the claims the actor took a position on, rounded up, at most 20].
    #[arg(long, value_name = "N")]
    pub min_shared: Option<u32>,
    /// Voting patterns: actors grouped by identical profiles, largest group first.
    #[arg(long, conflicts_with_all = ["agreement", "like", "scale", "blocs"])]
    pub patterns: bool,
    /// A Guttman scalogram (affirms > abstains > denies): claims and actors in scale
    /// order, the coefficient of reproducibility, the anomalies first.
    #[arg(long, conflicts_with_all = ["agreement", "like", "blocs"])]
    pub scale: bool,
    /// Blocs: average-linkage clustering on agreement, cut at --cut, with cohesion.
    #[arg(long, conflicts_with_all = ["agreement", "like"])]
    pub blocs: bool,
    /// With --blocs: the least average agreement at which two blocs merge (0 to 1, or a
    /// percentage such as 90%).
    #[arg(long, value_name = "CUT", value_parser = parse_cut, default_value = "0.9", requires = "blocs")]
    pub cut: f64,
    /// With --like: agreement period by period (session: a claim's `session:N` tag;
    /// year: of the vote's date).
    #[arg(long, value_enum, value_name = "PERIOD", requires = "like")]
    pub by: Option<ByPeriod>,
    /// With --format csv: write names and ids as they are, without the leading `'` that
    /// keeps a spreadsheet from reading a cell starting with = + - @ as a formula.
    #[arg(long)]
    pub csv_raw: bool,
    /// Ideal points: the actors' positions by principal components of the matrix coded
    /// yes = 1, abstain = 0.5, no = 0, with the share of variance per dimension.
    #[arg(long, conflicts_with_all = ["agreement", "like", "patterns", "scale", "blocs"])]
    pub ideal_points: bool,
    /// With --ideal-points: the number of dimensions (1 or 2).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2), requires = "ideal_points")]
    pub dims: u8,
    /// With --ideal-points: put this actor on the positive side of every dimension.
    #[arg(long, value_name = "ACTOR", requires = "ideal_points")]
    pub positive: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ByPeriod {
    /// The claim's `session:N` tag.
    Session,
    /// The year of the claim's earliest stance.
    Year,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s.trim()).ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD (a day that exists)"))
}

fn parse_cut(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => t.parse::<f64>(),
    };
    match v {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a cut: write a number from 0 to 1, or a percentage such as 90%")),
    }
}

pub(crate) fn resolve(map: &ArgMap, ids: &[String], actors: bool) -> Result<Vec<u32>, Error> {
    let what = if actors { "actor" } else { "claim" };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let found = if actors { map.actor_id(id) } else { map.claim_id(id) };
        match found {
            Some(i) => out.push(i),
            None => {
                let names: Vec<&str> = if actors {
                    map.actors.iter().map(|a| a.id.as_str()).collect()
                } else {
                    map.claims.iter().map(|c| c.id.as_str()).collect()
                };
                let hint = did_you_mean(id, names.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(Error::Usage(format!("no {what} `{id}` in `{}`{hint}", map.file.name)));
            }
        }
    }
    Ok(out)
}

/// `--ideal-points`: compute and format.
fn ideal_points(m: &Matrix<'_>, args: &Args, cells: stances::CsvCells, header: bool) -> Result<String, Error> {
    use stances::ideal;
    let positive = match &args.positive {
        Some(id) => {
            let a = resolve(m.map, std::slice::from_ref(id), true)?[0];
            if m.row_of(a).is_none() {
                return Err(Error::Usage(format!("--positive: the actor `{id}` is not among the selected actors")));
            }
            Some(a)
        }
        None => None,
    };
    let p = ideal::compute(m, ideal::Options { dims: usize::from(args.dims), positive });
    Ok(match args.format {
        StancesFormat::Table => ideal::table(m, &p, header),
        StancesFormat::Csv => ideal::csv(m, &p, cells),
        StancesFormat::Json => ideal::json(m, &p),
        StancesFormat::Svg => ideal::svg(m, &p),
    })
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let maps = std::slice::from_ref(&args.path);
    super::with_output(args.output.as_deref(), maps, &[], ctx, |ctx| analyse(args, ctx))
}

fn analyse(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let start = Instant::now();
    let map = load_one(&args.path, args.input_format, ctx)?;
    let loaded = start.elapsed();
    let actors = resolve(&map, &args.actors, true)?;
    let claims = stances::select_claims(&map, &args.claims).map_err(Error::Usage)?;
    let like = match &args.like {
        Some(id) => Some(resolve(&map, std::slice::from_ref(id), true)?[0]),
        None => None,
    };
    // The actor --like names is always in the matrix.
    let mut actors = actors;
    if let Some(a) = like
        && !args.actors.is_empty()
        && !actors.contains(&a)
    {
        actors.insert(0, a);
    }
    let selection = Selection {
        actors: (!args.actors.is_empty()).then_some(actors),
        claims: (!args.claims.is_empty()).then_some(claims),
        from: args.from,
        to: args.to,
    };
    let mut m = Matrix::build_selected(&map, &selection);
    m.sort(match args.sort {
        SortBy::Map => Order::Map,
        SortBy::Actor => Order::Actor,
        SortBy::Claim => Order::Claim,
        SortBy::Similarity => Order::Similarity,
    });
    let built = start.elapsed();
    let header = !ctx.quiet;
    let cells = if args.csv_raw { stances::CsvCells::Raw } else { stances::CsvCells::Guarded };
    let min_shared = args.min_shared.unwrap_or(1);
    let text = if args.ideal_points {
        ideal_points(&m, args, cells, header)?
    } else if let (Some(a), Some(by)) = (like, args.by) {
        let row = m.row_of(a).expect("the actor is in the matrix");
        let by = match by {
            ByPeriod::Session => By::Session,
            ByPeriod::Year => By::Year,
        };
        let all: Vec<usize> = (0..m.rows()).filter(|&r| r != row).collect();
        // The chart and the table show the chosen actors, or the eight most alike overall.
        let shown: Vec<usize> =
            if args.actors.is_empty() && matches!(args.format, StancesFormat::Table | StancesFormat::Svg) {
                let min = args.min_shared.unwrap_or_else(|| stances::like_min_shared(&m, row));
                stances::rank_like(&m, row, min).iter().take(8).map(|r| r.row).collect()
            } else {
                all
            };
        let t = timeline::timeline(&m, row, by, &shown);
        match args.format {
            StancesFormat::Table => timeline::timeline_table(&m, &t, by, min_shared, header),
            StancesFormat::Csv => timeline::timeline_csv(&m, &t, by, min_shared, cells),
            StancesFormat::Json => timeline::timeline_json(&m, &t, by, min_shared),
            StancesFormat::Svg => timeline::timeline_svg(&m, &t, by, min_shared),
        }
    } else if let Some(a) = like {
        let row = m.row_of(a).expect("the actor is in the matrix");
        let min_shared = args.min_shared.unwrap_or_else(|| stances::like_min_shared(&m, row));
        let ranked = stances::rank_like(&m, row, min_shared);
        match args.format {
            StancesFormat::Table => stances::like_table(&m, row, &ranked, header),
            StancesFormat::Csv => stances::like_csv_with(&m, &ranked, cells),
            StancesFormat::Json => stances::like_json(&m, row, &ranked, min_shared),
            StancesFormat::Svg => stances::like_svg(&m, row, &ranked),
        }
    } else if args.agreement {
        let agreement = Agreement::compute(&m);
        match args.format {
            StancesFormat::Svg => stances::agreement_svg(&m, &agreement, min_shared),
            f => {
                let pairs = stances::pair_list(&agreement, min_shared);
                match f {
                    StancesFormat::Csv => stances::pairs_csv_with(&m, &pairs, cells),
                    StancesFormat::Json => stances::pairs_json(&m, &pairs, min_shared),
                    _ => stances::pairs_table(&m, &pairs, header),
                }
            }
        }
    } else if args.patterns {
        let pats = patterns::patterns(&m);
        match args.format {
            StancesFormat::Table => patterns::patterns_table(&m, &pats, header),
            StancesFormat::Csv => patterns::patterns_csv(&m, &pats, cells),
            StancesFormat::Json => patterns::patterns_json(&m, &pats),
            StancesFormat::Svg => patterns::patterns_svg(&m, &pats),
        }
    } else if args.scale {
        let sc = scale::scale(&m);
        match args.format {
            StancesFormat::Table => scale::scale_table(&m, &sc, header),
            StancesFormat::Csv => scale::scale_csv(&m, &sc, cells),
            StancesFormat::Json => scale::scale_json(&m, &sc),
            StancesFormat::Svg => scale::scale_svg(&m, &sc),
        }
    } else if args.blocs {
        blocs::check_size(&m).map_err(Error::Usage)?;
        let agreement = Agreement::compute(&m);
        let found = blocs::blocs(&m, &agreement, args.cut, min_shared).map_err(Error::Usage)?;
        match args.format {
            StancesFormat::Table => blocs::blocs_table(&m, &found, args.cut, header),
            StancesFormat::Csv => blocs::blocs_csv(&m, &found, cells),
            StancesFormat::Json => blocs::blocs_json(&m, &found, args.cut, min_shared),
            StancesFormat::Svg => blocs::blocs_svg(&m, &found, min_shared),
        }
    } else {
        match args.format {
            StancesFormat::Table => stances::matrix_table(&m, header),
            StancesFormat::Csv => stances::matrix_csv_with(&m, cells),
            StancesFormat::Json => stances::matrix_json(&m),
            StancesFormat::Svg => stances::matrix_svg(&m),
        }
    };
    let done = start.elapsed();
    ctx.out.write_all(text.as_bytes()).map_err(write_err)?;
    if ctx.verbose {
        writeln!(
            ctx.err,
            "stances: loaded the map in {:.3} s, built the {} x {} matrix in {:.3} s, computed the output in {:.3} s",
            loaded.as_secs_f64(),
            m.rows(),
            m.cols(),
            (built - loaded).as_secs_f64(),
            (done - built).as_secs_f64()
        )
        .map_err(write_err)?;
    }
    super::leave(m);
    super::leave(map);
    Ok(EXIT_OK)
}
