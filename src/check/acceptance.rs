//! What the acceptance rules (`defeated-claim`, `undefended-position`,
//! `indefensible-position`) read: the map's framework under the default
//! reading of `supports` (docs/semantics.md), its grounded labelling with
//! the reason for each label, and an actor's position in it.

use std::sync::Arc;

use crate::check::ActorView;
use crate::diag::Label;
use crate::graph::ClaimGraph;
use crate::model::*;
use crate::semantics::actor::{Judge, Reach};
use crate::semantics::explain::{Grounded, Why};
use crate::semantics::framework::{Arg, MapFramework, Support};
use crate::semantics::{Label as Status, evaluate};

/// A map's framework and its grounded labelling.
pub struct Acceptance {
    pub fw: MapFramework,
    pub grounded: Grounded,
    /// Decides whether sets of arguments are defensible, on the undecided
    /// part of the framework.
    judge: Judge,
    /// The attacks put into words so far ([`Acceptance::attack`]), by
    /// attacker and attacked: actors who hold the same claims meet the same
    /// attackers (at 10k claims, a quarter of the sentences are asked for
    /// again).
    said: std::sync::Mutex<std::collections::HashMap<(u32, u32), Arc<Said>, crate::ids::FastState>>,
}

/// Why one argument attacks another, in a sentence, with the relations it
/// comes from as labels.
pub struct Said {
    pub text: String,
    pub labels: Vec<Label>,
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
        let judge = Judge::new(&grounded.labels);
        Ok(Acceptance { fw, grounded, judge, said: Default::default() })
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
        let mut s = String::new();
        self.push_name(&mut s, map, arg);
        s
    }

    /// [`Acceptance::name`], pushed onto `s`: a claim's id is not copied first.
    pub fn push_name(&self, s: &mut String, map: &ArgMap, arg: u32) {
        match self.fw.what(arg) {
            Arg::Claim(c) => evaluate::push_quoted(s, &map.claim(c).id),
            _ => evaluate::push_quoted(s, &self.fw.name(map, arg)),
        }
    }

    /// Why `a` attacks `b`, in a sentence, with the relations it comes from
    /// as labels: put into words once per check, then shared.
    pub fn attack(&self, map: &ArgMap, a: u32, b: u32) -> Arc<Said> {
        let said = || self.said.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = said().get(&(a, b)) {
            return s.clone();
        }
        let at = evaluate::attack_without_lines(map, &self.fw, a, b);
        let labels = at.rels.iter().map(|&r| super::rules::relation_label(map, r)).collect();
        let s = Arc::new(Said { text: at.text, labels });
        said().insert((a, b), s.clone());
        s
    }

    /// Why argument `a` is in, in words: "nothing attacks it", or "each of
    /// its attackers is out: `x` (put out by `y`), ...".
    pub fn why_in(&self, map: &ArgMap, a: u32) -> String {
        match self.grounded.why(self.fw.af(), a) {
            Why::In { defeated, .. } if defeated.is_empty() => "nothing attacks it".into(),
            Why::In { defeated, .. } => {
                let mut s = String::with_capacity(64 + 48 * defeated.len());
                s.push_str("each of its attackers is out: ");
                for (i, &(b, by)) in defeated.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.push_name(&mut s, map, b);
                    s.push_str(" (put out by ");
                    self.push_name(&mut s, map, by);
                    s.push(')');
                }
                s
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

    /// The part of the framework that decides whether subsets of `set` are
    /// defensible (see [`Judge::reach`]); `None` when it has more than
    /// [`MAX_REACH`] arguments.
    pub fn reach(&self, set: &[u32]) -> Option<Reach<'_>> {
        self.judge.reach(self.fw.af(), set, MAX_REACH)
    }
}

/// The message used when the framework could not be built.
pub fn unavailable(why: &str) -> String {
    format!("the map's framework was not built, so acceptance was not checked: {why}")
}
