//! Why each argument of a framework has its grounded label, in steps a
//! person can follow (docs/semantics.md, "What `evaluate` prints").
//!
//! The grounded labelling is computed in rounds: the unattacked arguments
//! are in at round 0; what they attack is out; an argument all of whose
//! attackers are out is in at the next round. So every explanation is well
//! founded: an argument out is attacked by an argument in (the earliest);
//! an argument in has every attacker out, each by an argument in at an
//! earlier round; an undecided argument has an undecided attacker, and
//! following them back closes a cycle of undecided arguments.

use super::{Af, Label, Semantics, solve};

/// The grounded labelling with the round at which each argument was
/// settled (in: the round it came in; out: the round of its earliest
/// attacker in), and the attacker that puts each argument out.
#[derive(Clone, Debug)]
pub struct Grounded {
    pub labels: Vec<Label>,
    round: Vec<u32>,
    defeater: Vec<u32>,
}

impl Grounded {
    /// The grounded labelling of `af`, by rounds of the counting algorithm
    /// (linear in arguments plus attacks).
    pub fn of(af: &Af) -> Grounded {
        let n = af.len();
        let mut count: Vec<u32> = (0..n as u32).map(|a| af.attackers(a).len() as u32).collect();
        let mut labels = vec![Label::Undecided; n];
        let mut round = vec![u32::MAX; n];
        let mut defeater = vec![u32::MAX; n];
        let mut wave: Vec<u32> = (0..n as u32).filter(|&a| count[a as usize] == 0).collect();
        let mut r = 0u32;
        while !wave.is_empty() {
            let mut next = Vec::new();
            for &a in &wave {
                labels[a as usize] = Label::In;
                round[a as usize] = r;
            }
            for &a in &wave {
                for &b in af.attacked_by(a) {
                    if labels[b as usize] != Label::Undecided {
                        continue;
                    }
                    labels[b as usize] = Label::Out;
                    round[b as usize] = r;
                    defeater[b as usize] = a;
                    for &c in af.attacked_by(b) {
                        count[c as usize] -= 1;
                        if count[c as usize] == 0 && labels[c as usize] == Label::Undecided {
                            next.push(c);
                        }
                    }
                }
            }
            next.sort_unstable();
            next.dedup();
            wave = next;
            r += 1;
        }
        Grounded { labels, round, defeater }
    }

    pub fn label(&self, a: u32) -> Label {
        self.labels[a as usize]
    }

    /// For an argument that is out, the attacker in that puts it out (the
    /// earliest in).
    pub fn defeater(&self, a: u32) -> Option<u32> {
        (self.label(a) == Label::Out).then(|| self.defeater[a as usize])
    }

    /// Why `a` has its label (one step; follow the arguments it names).
    pub fn why(&self, af: &Af, a: u32) -> Why {
        match self.label(a) {
            Label::In => {
                let defeated = af.attackers(a).iter().map(|&b| (b, self.defeater[b as usize])).collect();
                Why::In { round: self.round[a as usize], defeated }
            }
            Label::Out => Why::Out { by: self.defeater[a as usize] },
            Label::Undecided => {
                let (path, cycle) = self.undecided_cycle(af, a);
                Why::Undecided { path, cycle }
            }
        }
    }

    /// The arguments an explanation of `a` goes through, each once, in the
    /// order they are first named (breadth first): `a`, then for an argument
    /// in its attackers, for one out its defeater. At most `limit`.
    pub fn justification(&self, af: &Af, a: u32, limit: usize) -> (Vec<u32>, bool) {
        let mut seen = std::collections::HashSet::from([a]);
        let mut order = vec![a];
        let mut i = 0;
        while i < order.len() {
            let v = order[i];
            i += 1;
            let next: Vec<u32> = match self.label(v) {
                Label::In => af.attackers(v).to_vec(),
                Label::Out => vec![self.defeater[v as usize]],
                Label::Undecided => Vec::new(),
            };
            for w in next {
                if seen.insert(w) {
                    if order.len() == limit {
                        return (order, false);
                    }
                    order.push(w);
                }
            }
        }
        (order, true)
    }

    /// For an undecided `a`: the path of undecided attackers from `a` back
    /// to a cycle of undecided arguments (empty when `a` is on it), and the
    /// cycle, each argument attacked by the next and the last by the first.
    /// The shortest cycle through `a` when there is one.
    fn undecided_cycle(&self, af: &Af, a: u32) -> (Vec<u32>, Vec<u32>) {
        let und = |v: u32| self.label(v) == Label::Undecided;
        // Shortest cycle through `a`: breadth first along attackers.
        let mut parent: std::collections::HashMap<u32, u32, crate::ids::FastState> = Default::default();
        let mut queue = std::collections::VecDeque::from([a]);
        // The search is bounded, so that explaining every argument of a
        // large undecided region is not quadratic: past the bound, the walk
        // below finds a cycle (maybe not the shortest, maybe not through `a`).
        while let Some(v) = queue.pop_front().filter(|_| parent.len() < CYCLE_SEARCH) {
            for &w in af.attackers(v).iter().filter(|&&w| und(w)) {
                if w == a {
                    // a ← ... ← v ← a: the cycle is a, (attacker of a), ...
                    let mut back = vec![v];
                    let mut cur = v;
                    while cur != a {
                        cur = parent[&cur];
                        back.push(cur);
                    }
                    back.pop();
                    back.reverse();
                    let mut cycle = vec![a];
                    cycle.extend(back);
                    return (Vec::new(), cycle);
                }
                if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                    e.insert(v);
                    queue.push_back(w);
                }
            }
        }
        // Not on a cycle: follow the first undecided attacker until one repeats.
        let mut path = vec![a];
        let mut at: std::collections::HashMap<u32, usize, crate::ids::FastState> = Default::default();
        at.insert(a, 0);
        let mut cur = a;
        loop {
            let next =
                *af.attackers(cur).iter().find(|&&w| und(w)).expect("an undecided argument has an undecided attacker");
            if let Some(&i) = at.get(&next) {
                let cycle = path.split_off(i);
                return (path, cycle);
            }
            at.insert(next, path.len());
            path.push(next);
            cur = next;
        }
    }
}

/// The most arguments the search for the shortest cycle through an
/// undecided argument visits.
pub const CYCLE_SEARCH: usize = 4096;

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// In at `round`: each attacker (first) is out, put out by the second
    /// (in at an earlier round). No attackers: unattacked.
    In { round: u32, defeated: Vec<(u32, u32)> },
    /// Out: attacked by `by`, which is in.
    Out { by: u32 },
    /// Undecided: `path` of undecided attackers leading from the argument
    /// (first) to `cycle` (each attacked by the next, the last by the first).
    Undecided { path: Vec<u32>, cycle: Vec<u32> },
}

/// Acceptance of an argument under a semantics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// In some extension: one such (the witness).
    pub credulous: Option<Vec<u32>>,
    /// In every extension: `None`; else an extension without it.
    pub sceptical: Result<(), Vec<u32>>,
}

/// Credulous and sceptical acceptance of `a` under `sem`.
pub fn acceptance(af: &Af, sem: Semantics, a: u32) -> Acceptance {
    Acceptance { credulous: solve::credulous(af, sem, a), sceptical: solve::sceptical(af, sem, a) }
}
