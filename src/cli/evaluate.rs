//! `elenchus evaluate`: what the map as a whole settles (docs/semantics.md).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Ctx, EXIT_OK, InputFormat, load_one, write_err};
use crate::error::Error;
use crate::graph::ClaimGraph;
use crate::semantics::Semantics;
use crate::semantics::evaluate::{ActorReport, ClaimReport, Evaluation, Options, StepWhy, evaluate, quoted};
use crate::semantics::framework::Support;

const AFTER_HELP: &str = "\
The map becomes an abstract argumentation framework (docs/semantics.md): claims are
arguments, `attacks` an attack, `contradicts` a mutual attack, an undercut relation an
argument of its own; `implies` is deductive support, `supports` is read by --support.
For each claim: its grounded label (in, out, undecided) with the reasons, and whether it
is in some / every extension of --semantics. For each actor: whether its position is
conflict-free, defends itself, fits in some preferred extension, and what it must give
up to be consistent.

Exit codes:
  0  success
  2  unreadable or invalid input, an unknown claim or actor, or bad usage

Examples:
  elenchus evaluate maps/cambodia-russia.toml
  elenchus evaluate maps/cambodia-russia.toml --semantics preferred --actor cambodia
  elenchus evaluate maps/unga-es11.toml --claim es-11-1 --format json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SemanticsArg {
    Grounded,
    Complete,
    Preferred,
    Stable,
    SemiStable,
    Stage,
    Ideal,
}

impl From<SemanticsArg> for Semantics {
    fn from(s: SemanticsArg) -> Semantics {
        match s {
            SemanticsArg::Grounded => Semantics::Grounded,
            SemanticsArg::Complete => Semantics::Complete,
            SemanticsArg::Preferred => Semantics::Preferred,
            SemanticsArg::Stable => Semantics::Stable,
            SemanticsArg::SemiStable => Semantics::SemiStable,
            SemanticsArg::Stage => Semantics::Stage,
            SemanticsArg::Ideal => Semantics::Ideal,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SupportArg {
    None,
    Deductive,
    Necessary,
    Cayrol,
}

impl From<SupportArg> for Support {
    fn from(s: SupportArg) -> Support {
        match s {
            SupportArg::None => Support::None,
            SupportArg::Deductive => Support::Deductive,
            SupportArg::Necessary => Support::Necessary,
            SupportArg::Cayrol => Support::Cayrol,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The map file (`-` reads standard input).
    pub path: PathBuf,
    /// Format of standard input.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// The semantics for credulous and sceptical acceptance (the labels and their
    /// explanations are grounded).
    #[arg(long, value_enum, default_value_t = SemanticsArg::Grounded)]
    pub semantics: SemanticsArg,
    /// How `supports` takes part: none (the default), deductive, necessary or cayrol.
    #[arg(long, value_enum, default_value_t = SupportArg::None)]
    pub support: SupportArg,
    /// Only this actor (repeatable).
    #[arg(long, value_name = "ID")]
    pub actor: Vec<String>,
    /// Only this claim (repeatable).
    #[arg(long, value_name = "ID")]
    pub claim: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    pub format: EvalFormat,
}

pub fn run(args: &Args, ctx: &mut Ctx<'_>) -> Result<i32, Error> {
    let map = load_one(&args.path, args.input_format, ctx)?;
    let opts = Options {
        semantics: Some(args.semantics.into()),
        support: args.support.into(),
        claims: super::stances::resolve(&map, &args.claim, false)?,
        actors: super::stances::resolve(&map, &args.actor, true)?,
    };
    let graph = ClaimGraph::build(&map);
    let eval = evaluate(&graph, &opts)?;
    let text = match args.format {
        EvalFormat::Json => serde_json::to_string_pretty(&eval).map_err(|e| Error::Other(e.to_string()))? + "\n",
        EvalFormat::Human => human(&eval, !args.actor.is_empty() && args.claim.is_empty()),
    };
    ctx.out.write_all(text.as_bytes()).map_err(write_err)?;
    super::leave((eval, graph));
    super::leave(map);
    Ok(EXIT_OK)
}

/// The evaluation in plain words; `actors_only` leaves out the claims.
pub fn human(e: &Evaluation, actors_only: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} arguments, {} attacks (`supports` read as {}; acceptance under {} semantics)",
        e.map, e.arguments, e.attacks, e.support, e.semantics
    );
    if !actors_only {
        s.push_str("\nClaims\n");
        for c in &e.claims {
            claim(&mut s, c, e.semantics);
        }
    }
    if !e.actors.is_empty() {
        s.push_str("\nActors\n");
        for a in &e.actors {
            actor(&mut s, a);
        }
    }
    s
}

fn verdict(label: &str) -> &'static str {
    match label {
        "in" => "accepted (in)",
        "out" => "defeated (out)",
        _ => "undecided",
    }
}

fn claim(s: &mut String, c: &ClaimReport, sem: &str) {
    let _ = write!(s, "\nBy the map's own reasons, `{}` (line {}) is {}", c.id, c.line, verdict(c.label));
    if sem != "grounded" {
        let acc = match (c.credulous, c.sceptical) {
            (true, true) => "in every extension",
            (true, false) => "in some extension but not in all",
            (false, true) => "in every extension (there is none)",
            (false, false) => "in no extension",
        };
        let _ = write!(s, "; under {sem} semantics it is {acc}");
    }
    if let [only] = &c.explanation[..]
        && matches!(only.why, StepWhy::Unattacked)
    {
        s.push_str(": nothing attacks it.\n");
        return;
    }
    s.push_str(".\n");
    for step in &c.explanation {
        let _ = write!(s, "  - {} is {}: ", quoted(&step.argument), step.label);
        match &step.why {
            StepWhy::Unattacked => s.push_str("nothing attacks it.\n"),
            StepWhy::AttackersOut { attackers } => {
                s.push_str("every attacker is out:\n");
                for d in attackers {
                    let _ = writeln!(
                        s,
                        "      {}; {} is out, put out by {}.",
                        d.attack.text,
                        quoted(&d.attacker),
                        quoted(&d.by)
                    );
                }
            }
            StepWhy::AttackedByIn { by, attack } => {
                let _ = writeln!(s, "{}, and {} is in.", attack.text, quoted(by));
            }
            StepWhy::Cycle { path, cycle, odd } => {
                if path.len() > 1 {
                    let _ = write!(
                        s,
                        "its undecided attackers lead ({}) to ",
                        path.iter().map(|p| quoted(p)).collect::<Vec<_>>().join(" <- ")
                    );
                } else {
                    s.push_str("it sits on ");
                }
                let kind = if cycle.len() == 1 {
                    "a self-attack".to_string()
                } else {
                    format!("an {} cycle of {} attacks", if *odd { "odd" } else { "even" }, cycle.len())
                };
                let ring: Vec<String> = cycle.iter().map(|p| quoted(p)).collect();
                let _ = writeln!(s, "{kind}, each attacked by the next: {} <- {}.", ring.join(" <- "), ring[0]);
            }
        }
    }
    if !c.explanation_complete {
        s.push_str("  - (the explanation goes on; `--format json` gives the same steps)\n");
    }
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(", ")
}

fn actor(s: &mut String, a: &ActorReport) {
    let _ = writeln!(
        s,
        "\n`{}` ({}) affirms {}.",
        a.id,
        a.name,
        if a.affirmed.is_empty() { "nothing".into() } else { list(&a.affirmed) }
    );
    if a.affirmed.is_empty() {
        return;
    }
    if a.conflict_free {
        s.push_str("  - Its position is conflict-free.\n");
    } else {
        s.push_str("  - Its position is not conflict-free:\n");
        for c in &a.conflicts {
            let _ = writeln!(s, "      {}.", c.attack.text);
        }
    }
    if a.admissible {
        s.push_str(
            "  - It defends itself (admissible): whatever attacks what it holds, something it holds attacks back.\n",
        );
    } else if a.undefended.is_empty() {
        s.push_str("  - It is not admissible: a position that attacks itself is not.\n");
    } else {
        s.push_str("  - It does not defend itself:\n");
        for u in &a.undefended {
            let _ = writeln!(s, "      {}, and nothing it holds attacks {}.", u.attack.text, quoted(&u.attacker));
        }
    }
    let _ = writeln!(
        s,
        "  - It is {} preferred extension.",
        if a.in_preferred { "contained in some" } else { "contained in no" }
    );
    if !a.defeated.is_empty() {
        let _ = writeln!(s, "  - It holds claims the map defeats: {}.", list(&a.defeated));
    }
    if !a.denied_accepted.is_empty() {
        let _ = writeln!(
            s,
            "  - It denies claims the map accepts, with no reason of its own against them: {}.",
            list(&a.denied_accepted)
        );
    }
    for m in &a.inconsistent {
        let _ = writeln!(s, "  - Inconsistent together: {}.", list(m));
    }
    if !a.retractions.is_empty() {
        let options: Vec<String> = a
            .retractions
            .iter()
            .map(|r| r.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(" and "))
            .collect();
        let what = if options.len() == 1 { String::new() } else { "one of: ".into() };
        let _ = writeln!(s, "  - To be consistent, it must give up {what}{}.", options.join("; "));
    }
    if !a.exact {
        s.push_str("  - (it affirms too many claims for every such set to be listed: one of each is shown)\n");
    }
}
