//! The standard queries under each semantics. Grounded is computed by
//! counting (linear); the others by encoding complete labellings (or
//! conflict-free sets, for stage) into SAT and, where a semantics asks for
//! maximality, by growing a model until no larger one exists (the
//! counter-example guided loop of ICCMA solvers).

use super::{Af, Extension, Semantics};

/// The label of an argument in a labelling (Caminada): in, out (attacked by
/// an argument that is in) or undecided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    In,
    Out,
    Undecided,
}

/// The extensions found by an enumeration, and whether they are all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enumeration {
    /// In the order found (deterministic for a given framework).
    pub extensions: Vec<Extension>,
    /// False when the limit stopped the enumeration early.
    pub complete: bool,
}

/// The grounded labelling, by counting: linear in arguments plus attacks.
pub fn grounded(af: &Af) -> Vec<Label> {
    let n = af.len();
    // Each argument counts its attackers not yet out; one with none left is
    // in, and what it attacks is out. Every attack is looked at at most twice.
    let mut count: Vec<u32> = (0..n as u32).map(|a| af.attackers(a).len() as u32).collect();
    let mut label = vec![Label::Undecided; n];
    let mut ready: Vec<u32> = (0..n as u32).filter(|&a| count[a as usize] == 0).collect();
    while let Some(a) = ready.pop() {
        label[a as usize] = Label::In;
        for &b in af.attacked_by(a) {
            if label[b as usize] != Label::Undecided {
                continue;
            }
            label[b as usize] = Label::Out;
            for &c in af.attacked_by(b) {
                count[c as usize] -= 1;
                if count[c as usize] == 0 && label[c as usize] == Label::Undecided {
                    ready.push(c);
                }
            }
        }
    }
    label
}

/// The grounded extension (the arguments labelled in), in increasing order.
pub fn grounded_extension(af: &Af) -> Extension {
    grounded(af).iter().enumerate().filter(|(_, l)| **l == Label::In).map(|(a, _)| a as u32).collect()
}

/// Whether `a` is in some extension under `sem`; if so, one such extension
/// (the witness).
pub fn credulous(af: &Af, sem: Semantics, a: u32) -> Option<Extension> {
    let _ = (af, sem, a);
    todo!()
}

/// Whether `a` is in every extension under `sem`: `Ok(())` if it is, else
/// `Err(e)` with an extension `e` that does not contain `a`. A framework
/// without stable extensions accepts every argument sceptically (stable).
pub fn sceptical(af: &Af, sem: Semantics, a: u32) -> Result<(), Extension> {
    let _ = (af, sem, a);
    todo!()
}

/// One extension under `sem`, or `None` if there is none (stable only).
pub fn some_extension(af: &Af, sem: Semantics) -> Option<Extension> {
    let _ = (af, sem);
    todo!()
}

/// The extensions under `sem`, at most `limit` of them.
pub fn enumerate(af: &Af, sem: Semantics, limit: usize) -> Enumeration {
    let _ = (af, sem, limit);
    todo!()
}

/// The number of extensions under `sem`.
pub fn count(af: &Af, sem: Semantics) -> u64 {
    let _ = (af, sem);
    todo!()
}
