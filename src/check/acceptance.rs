//! What the acceptance rules (`defeated-claim`, `undefended-position`,
//! `indefensible-position`) read: the map's framework under the default
//! reading of `supports` (docs/semantics.md), its grounded labelling with
//! the reason for each label, and an actor's position in it.

use crate::check::ActorView;
use crate::diag::Label;
use crate::graph::ClaimGraph;
use crate::model::*;
use crate::semantics::explain::{Grounded, Why};
use crate::semantics::framework::{Arg, MapFramework, Support};
use crate::semantics::{Label as Status, evaluate, solve};

/// A map's framework and its grounded labelling.
pub struct Acceptance {
    pub fw: MapFramework,
    pub grounded: Grounded,
    /// The undecided arguments as a framework of their own (built at first
    /// use), with the argument each stands for.
    undecided: std::sync::OnceLock<(crate::semantics::Af, Vec<u32>)>,
}

/// The largest part of the framework [`Acceptance::reach`] decides on
/// (undecided arguments that bear on a position): beyond, the position is
/// not checked and a note says so.
pub const MAX_REACH: usize = 20_000;

impl Acceptance {
    /// Build the framework (the default `supports` reading) and label it;
    /// the error's message when the framework exceeds its bounds.
    pub fn build(graph: &ClaimGraph<'_>) -> Result<Acceptance, String> {
        let fw = MapFramework::build(graph, Support::default()).map_err(|e| e.to_string())?;
        let grounded = Grounded::of(fw.af());
        Ok(Acceptance { fw, grounded, undecided: std::sync::OnceLock::new() })
    }

    /// The grounded label of claim `c`.
    pub fn label(&self, c: ClaimIdx) -> Status {
        self.grounded.label(self.fw.arg_of_claim(c))
    }

    /// The claim an argument stands for, if it is a claim.
    pub fn claim(&self, arg: u32) -> Option<ClaimIdx> {
        match self.fw.what(arg) {
            Arg::Claim(c) => Some(c),
            _ => None,
        }
    }

    /// An argument's name in map terms, quoted when it is a claim id:
    /// `` `a` `` or `the relation a --attacks--> b`.
    pub fn name(&self, map: &ArgMap, arg: u32) -> String {
        evaluate::quoted(&self.fw.name(map, arg))
    }

    /// Why `a` attacks `b`, in a sentence, with the relations it comes from
    /// as labels.
    pub fn attack(&self, map: &ArgMap, a: u32, b: u32) -> (String, Vec<Label>) {
        let at = evaluate::attack_without_lines(map, &self.fw, a, b);
        let labels = at.rels.iter().map(|&r| super::rules::relation_label(map, r)).collect();
        (at.text, labels)
    }

    /// Why argument `a` is in, in words: "nothing attacks it", or "each of
    /// its attackers is out: `x` (put out by `y`), ...".
    pub fn why_in(&self, map: &ArgMap, a: u32) -> String {
        match self.grounded.why(self.fw.af(), a) {
            Why::In { defeated, .. } if defeated.is_empty() => "nothing attacks it".into(),
            Why::In { defeated, .. } => {
                let parts: Vec<String> = defeated
                    .iter()
                    .map(|&(b, by)| format!("{} (put out by {})", self.name(map, b), self.name(map, by)))
                    .collect();
                format!("each of its attackers is out: {}", parts.join(", "))
            }
            _ => format!("it is {}", evaluate::label_name(self.grounded.label(a))),
        }
    }

    /// For an undecided argument: the cycle of undecided arguments it sits
    /// on or hangs from, in words.
    pub fn why_undecided(&self, map: &ArgMap, a: u32) -> String {
        match self.grounded.why(self.fw.af(), a) {
            Why::Undecided { path, cycle } => {
                let names: Vec<String> = cycle.iter().map(|&x| self.name(map, x)).collect();
                let kind = if cycle.len() % 2 == 1 { "an odd" } else { "an even" };
                let mut ring = names.join(" ← ");
                ring.push_str(&format!(" ← {}", names[0]));
                if path.len() <= 1 {
                    format!("it sits on {kind} cycle of attacks that nothing settles: {ring}")
                } else {
                    let chain: Vec<String> = path.iter().map(|&x| self.name(map, x)).collect();
                    format!(
                        "it hangs from {kind} cycle of attacks that nothing settles: {} ← {ring}",
                        chain.join(" ← ")
                    )
                }
            }
            _ => format!("it is {}", evaluate::label_name(self.grounded.label(a))),
        }
    }

    /// The arguments of an actor's position: the claims it is committed
    /// to, in increasing order.
    pub fn position(&self, view: &ActorView) -> Vec<u32> {
        let mut p: Vec<u32> = view.committed.iter().map(|&c| self.fw.arg_of_claim(c)).collect();
        p.sort_unstable();
        p
    }

    /// The part of the framework that reaches `set`, to decide whether
    /// subsets of `set` are defensible (see [`Reach::defensible`]).
    ///
    /// The part is taken from the undecided arguments only: with `G` the
    /// grounded extension, a set of arguments in or undecided is in some
    /// complete extension of the framework exactly when its undecided
    /// members are in some complete extension of the framework without `G`
    /// and what `G` attacks (the reduct; Baumann, Brewka and Ulbricht
    /// 2020). `None` when that part has more than [`MAX_REACH`] arguments.
    pub fn reach(&self, set: &[u32]) -> Option<Reach> {
        let und = self.undecided.get_or_init(|| {
            let af = self.fw.af();
            let keep: Vec<u32> =
                (0..af.len() as u32).filter(|&a| self.grounded.label(a) == Status::Undecided).collect();
            let index = |a: u32| keep.binary_search(&a).ok().map(|i| i as u32);
            let attacks: Vec<(u32, u32)> = keep
                .iter()
                .flat_map(|&a| af.attackers(a).iter().filter_map(move |&b| Some((index(b)?, index(a)?))))
                .collect();
            (crate::semantics::Af::new(keep.len(), &attacks), keep)
        });
        let (core, keep) = und;
        let roots: Vec<u32> = set.iter().filter_map(|a| keep.binary_search(a).ok().map(|i| i as u32)).collect();
        let (af, local) = core.ancestors_within(&roots, MAX_REACH)?;
        let old = local.iter().map(|&i| keep[i as usize]).collect();
        let solver = std::cell::RefCell::new(solve::JointAcceptance::new(&af));
        Some(Reach { solver, old })
    }
}

/// The part of a framework that reaches some set of arguments: nothing
/// outside it attacks into it.
pub struct Reach {
    /// One solver for every question on this part.
    solver: std::cell::RefCell<solve::JointAcceptance>,
    old: Vec<u32>,
}

impl Reach {
    /// Whether some admissible set (so some preferred extension) contains
    /// every argument of `set`, each of which must be in or undecided, its
    /// undecided ones in this part: decided on this part alone, since
    /// complete semantics is directional (Baroni and Giacomin 2007).
    pub fn defensible(&self, set: &[u32]) -> bool {
        let local: Vec<u32> = set.iter().filter_map(|a| self.old.binary_search(a).ok().map(|i| i as u32)).collect();
        self.solver.borrow_mut().contains(&local)
    }
}

/// The message used when the framework could not be built.
pub fn unavailable(why: &str) -> String {
    format!("the map's framework was not built, so acceptance was not checked: {why}")
}
