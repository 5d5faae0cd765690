//! Preferred extensions component by component.
//!
//! Two reductions, both exact for preferred (and complete) semantics:
//! - the grounded labelling settles part of every preferred labelling: what
//!   it labels in is in, what it labels out is out, and the undecided rest
//!   (the *core*) is attacked from outside only by arguments that are out,
//!   so the preferred labellings of the whole are the grounded labels plus
//!   the preferred labellings of the core;
//! - preferred semantics is SCC-recursive (Baroni, Giacomin & Guida 2005):
//!   taking the strongly connected components of the core with attackers
//!   first, a labelling is preferred exactly when each component's part is
//!   a preferred labelling of that component *given* the labels of its
//!   attackers outside it (Cerutti, Giacomin, Vallati & Zanella 2014). Given
//!   those labels, a member attacked by an outside `in` is out; one attacked
//!   by an outside `undecided` (and no `in`) cannot be in. That conditioned
//!   component is a framework of its own: the members not forced out, plus
//!   one self-attacking argument (always undecided) attacking the members
//!   that cannot be in.
//!
//! The enumeration is a depth-first search over the components: a single
//! argument has one labelling given its attackers' labels (no solver); a
//! larger component's conditioned preferred labellings come from the SAT
//! search, one at a time, and are remembered per (component, condition).
//! Independent parts multiply instead of being searched together, and each
//! extension costs a walk over the components after the last choice rather
//! than a solver call with a growing set of blocking clauses.

use std::collections::HashMap;
use std::rc::Rc;

use super::sat::{Base, Enc, Key};
use super::solve::{Label, grounded};
use super::{Af, Extension};

/// The most labellings of one conditioned component remembered.
const REMEMBER: usize = 4096;

/// The part of a framework the grounded labelling leaves undecided.
pub(crate) struct Core {
    /// The undecided arguments and the attacks between them.
    pub af: Af,
    /// The argument of the whole framework each core argument stands for.
    pub old: Vec<u32>,
    /// The grounded labelling of the whole framework.
    pub labels: Vec<Label>,
}

impl Core {
    pub(crate) fn of(af: &Af) -> Core {
        let labels = grounded(af);
        let old: Vec<u32> = (0..af.len() as u32).filter(|&a| labels[a as usize] == Label::Undecided).collect();
        Core { af: af.restrict(&old), old, labels }
    }

    /// The core argument standing for `a`, if `a` is undecided.
    pub(crate) fn index(&self, a: u32) -> Option<u32> {
        self.old.binary_search(&a).ok().map(|i| i as u32)
    }

    /// The labels of a labelling of `af` from its extension `ext`.
    pub(crate) fn labelling(af: &Af, ext: &[u32]) -> Vec<Label> {
        let mut l = vec![Label::Undecided; af.len()];
        for &a in ext {
            l[a as usize] = Label::In;
            for &b in af.attacked_by(a) {
                l[b as usize] = Label::Out;
            }
        }
        l
    }
}

/// Labellings of a component's members, shared.
type Labellings = Rc<Vec<Vec<Label>>>;

/// The labellings one component can take, given its attackers' labels.
struct Frame {
    scc: usize,
    known: Labellings,
    next: usize,
    live: Option<Box<Live>>,
}

/// A component's conditioned preferred labellings, found one at a time.
struct Live {
    enc: Enc,
    /// The conditioned component's framework.
    af: Af,
    /// Each member's argument in it (`None`: out, attacked by an outside in).
    at: Vec<Option<u32>>,
    key: (usize, Vec<u8>),
    found: Option<Vec<Vec<Label>>>,
}

/// The search for the preferred extensions of a framework by components.
pub(crate) struct Preferred<'c> {
    core: &'c Core,
    sccs: Vec<Vec<u32>>,
    scc_of: Vec<u32>,
    label: Vec<Label>,
    /// Labels fixed in advance for whole components (core arguments).
    preset: Vec<Option<Label>>,
    memo: HashMap<(usize, Vec<u8>), Labellings>,
    /// The grounded extension.
    base: Extension,
}

impl<'c> Preferred<'c> {
    pub(crate) fn new(core: &'c Core) -> Preferred<'c> {
        let n = core.af.len();
        let sccs = core.af.sccs();
        let mut scc_of = vec![0u32; n];
        for (i, c) in sccs.iter().enumerate() {
            for &a in c {
                scc_of[a as usize] = i as u32;
            }
        }
        Preferred {
            core,
            sccs,
            scc_of,
            label: vec![Label::Undecided; n],
            preset: vec![None; n],
            memo: HashMap::new(),
            base: (0..core.labels.len() as u32).filter(|&a| core.labels[a as usize] == Label::In).collect(),
        }
    }

    /// Fix the labels of the core arguments `sub` (a set closed under
    /// attackers, so a union of components) to a preferred labelling of the
    /// framework they form (`labels[i]` for `sub[i]`).
    pub(crate) fn preset(&mut self, sub: &[u32], labels: &[Label]) {
        for (&a, &l) in sub.iter().zip(labels) {
            self.preset[a as usize] = Some(l);
        }
    }

    /// The extension of the current labelling, in the whole framework.
    fn extension(&self) -> Extension {
        let mut ext = self.base.clone();
        ext.extend(self.label.iter().zip(&self.core.old).filter(|(l, _)| **l == Label::In).map(|(_, &a)| a));
        ext.sort_unstable();
        ext
    }

    /// Every preferred extension (those agreeing with the preset), until
    /// `visit` says stop. Returns false if it did.
    pub(crate) fn each(&mut self, visit: &mut dyn FnMut(Extension) -> bool) -> bool {
        let k = self.sccs.len();
        if k == 0 {
            return visit(self.extension());
        }
        let mut stack = vec![self.open(0)];
        while let Some(top) = stack.last_mut() {
            let s = top.scc;
            let Some(labels) = self.next_option(top) else {
                stack.pop();
                continue;
            };
            for (&a, &l) in self.sccs[s].iter().zip(&labels) {
                self.label[a as usize] = l;
            }
            if s + 1 == k {
                if !visit(self.extension()) {
                    return false;
                }
            } else {
                let f = self.open(s + 1);
                stack.push(f);
            }
        }
        true
    }

    /// The first preferred extension agreeing with the preset.
    pub(crate) fn first(&mut self) -> Extension {
        let mut first = None;
        self.each(&mut |e| {
            first = Some(e);
            false
        });
        first.expect("every framework has a preferred extension")
    }

    /// The frame of component `s`, given the labels of the components
    /// before it.
    fn open(&mut self, s: usize) -> Frame {
        let members = &self.sccs[s];
        let one = |labels: Vec<Label>| Frame { scc: s, known: Rc::new(vec![labels]), next: 0, live: None };
        if members.iter().all(|&a| self.preset[a as usize].is_some()) {
            return one(members.iter().map(|&a| self.preset[a as usize].expect("preset")).collect());
        }
        // 1: attacked by an outside in; 2: by an outside undecided.
        let cond: Vec<u8> = members
            .iter()
            .map(|&a| {
                let mut c = 0u8;
                for &b in self.core.af.attackers(a) {
                    if self.scc_of[b as usize] as usize != s {
                        match self.label[b as usize] {
                            Label::In => return 1,
                            Label::Undecided => c = 2,
                            Label::Out => {}
                        }
                    }
                }
                c
            })
            .collect();
        if let [a] = members[..] {
            let l = match cond[0] {
                1 => Label::Out,
                0 if !self.core.af.self_attacking(a) => Label::In,
                _ => Label::Undecided,
            };
            return one(vec![l]);
        }
        if cond.iter().all(|&c| c == 1) {
            return one(vec![Label::Out; members.len()]);
        }
        let key = (s, cond);
        if let Some(known) = self.memo.get(&key) {
            return Frame { scc: s, known: known.clone(), next: 0, live: None };
        }
        // The conditioned component: members not forced out, and `u`.
        let mut at = Vec::with_capacity(members.len());
        let mut keep = Vec::new();
        for (&a, &c) in members.iter().zip(&key.1) {
            at.push((c != 1).then_some(keep.len() as u32));
            if c != 1 {
                keep.push(a);
            }
        }
        let inner = self.core.af.restrict(&keep);
        let u = keep.len() as u32;
        let mut attacks: Vec<(u32, u32)> = inner.attack_pairs().collect();
        let blocked: Vec<(u32, u32)> =
            at.iter().zip(&key.1).filter(|&(_, &c)| c == 2).map(|(i, _)| (u, i.expect("kept"))).collect();
        let n = if blocked.is_empty() { keep.len() } else { keep.len() + 1 };
        if !blocked.is_empty() {
            attacks.push((u, u));
            attacks.extend(blocked);
        }
        let af = Af::new(n, &attacks);
        let enc = Enc::new(&af, Base::Complete, false);
        let live = Live { enc, af, at, key, found: Some(Vec::new()) };
        Frame { scc: s, known: Rc::new(Vec::new()), next: 0, live: Some(Box::new(live)) }
    }

    /// The frame's next labelling of its component.
    fn next_option(&mut self, f: &mut Frame) -> Option<Vec<Label>> {
        if let Some(l) = f.known.get(f.next) {
            f.next += 1;
            return Some(l.clone());
        }
        let live = f.live.as_mut()?;
        if !live.enc.solve(&[]) {
            let live = f.live.take().expect("live");
            if let Some(found) = live.found {
                self.memo.insert(live.key, Rc::new(found));
            }
            return None;
        }
        let (_, ext) = live.enc.grow(Key::In);
        live.enc.block_subsets(Key::In, &ext);
        let inner = Core::labelling(&live.af, &ext);
        let labels: Vec<Label> = live.at.iter().map(|i| i.map_or(Label::Out, |i| inner[i as usize])).collect();
        if let Some(found) = &mut live.found {
            found.push(labels.clone());
            if found.len() > REMEMBER {
                live.found = None;
            }
        }
        Some(labels)
    }
}
