//! The ideal extension (Dung, Mancarella & Toni 2007): the greatest
//! admissible set contained in every preferred extension.
//!
//! Let `C` be the credulously accepted arguments (those in some admissible
//! set, equivalently in some preferred extension), `C⁺` what `C` attacks, and
//! `S₀ = C \ C⁺`. Then the ideal extension is the greatest admissible subset
//! of `S₀`, and removing from `S₀` the arguments it does not defend, until
//! nothing changes, leaves exactly that set.
//!
//! Proof. (1) An admissible set `A` contained in every preferred extension
//! lies in `S₀`: `A ⊆ C`, as there is a preferred extension; if `y ∈ C`
//! attacked `x ∈ A`, a preferred extension `P ∋ y` would also contain `x`,
//! and `P` would not be conflict-free. (2) An admissible `A ⊆ S₀` lies in
//! every preferred `P`: `P ⊆ C` does not attack `A` (`A ∩ C⁺ = ∅`), and if
//! `a ∈ A` attacked `p ∈ P`, then `P`, defending `p`, would attack `a`; so
//! `A ∪ P` is conflict-free, hence admissible (a conflict-free union of
//! admissible sets is), and `A ∪ P = P` by maximality. By (1) and (2) the
//! ideal extension is the greatest admissible subset of `S₀`; it exists
//! because `S₀` is conflict-free (`x, y ∈ S₀` with `x` attacking `y` would put
//! `y` in `C⁺`), so the union of its admissible subsets is admissible.
//! (3) Let `S₀ ⊇ S₁ ⊇ …` with `Sₖ₊₁` the members of `Sₖ` that `Sₖ` defends,
//! and `G` the greatest admissible subset of `S₀`. If `G ⊆ Sₖ`, `Sₖ` defends
//! every member of `G` (defence is monotone), so `G ⊆ Sₖ₊₁`. At the fixpoint
//! `S*`, `S*` defends all its members and is conflict-free (within `S₀`), so
//! it is admissible and `S* ⊆ G`. Hence `S* = G`.
//!
//! The removals are done by counting, linear in arguments plus attacks: each
//! argument counts the members of `S` attacking it; an argument of `S` with an
//! attacker whose count is zero is undefended.

use super::sat::{Base, Enc};
use super::solve::{Label, grounded};
use super::{Af, Extension};

/// The ideal extension of `af`.
pub fn ideal_extension(af: &Af) -> Extension {
    let n = af.len();
    let labels = grounded(af);
    // C: the grounded extension, then each undecided argument that some
    // complete extension contains (each witness settles all its members).
    let mut credulous: Vec<bool> = labels.iter().map(|&l| l == Label::In).collect();
    let mut enc: Option<Enc> = None;
    for a in 0..n as u32 {
        if labels[a as usize] != Label::Undecided || credulous[a as usize] {
            continue;
        }
        let enc = enc.get_or_insert_with(|| Enc::new(af, Base::Complete, false));
        if enc.solve(&[enc.in_lit(a)]) {
            for b in enc.extension() {
                credulous[b as usize] = true;
            }
        }
    }
    greatest_admissible_outside_attacks(af, &credulous)
}

/// The greatest admissible subset of `C \ C⁺`, where `C` is the set marked
/// in `c`: arguments not defended are removed until none is left.
fn greatest_admissible_outside_attacks(af: &Af, c: &[bool]) -> Extension {
    let n = af.len();
    let attacked_by_c: Vec<bool> = (0..n as u32).map(|a| af.attackers(a).iter().any(|&b| c[b as usize])).collect();
    let mut member: Vec<bool> = (0..n).map(|a| c[a] && !attacked_by_c[a]).collect();
    // How many members attack each argument.
    let mut count = vec![0u32; n];
    for a in (0..n as u32).filter(|&a| member[a as usize]) {
        for &b in af.attacked_by(a) {
            count[b as usize] += 1;
        }
    }
    // Members with an attacker that no member attacks: out, once taken.
    let mut gone: Vec<u32> = Vec::new();
    for a in 0..n as u32 {
        if member[a as usize] && af.attackers(a).iter().any(|&b| count[b as usize] == 0) {
            member[a as usize] = false;
            gone.push(a);
        }
    }
    while let Some(a) = gone.pop() {
        for &b in af.attacked_by(a) {
            count[b as usize] -= 1;
            if count[b as usize] == 0 {
                for &c in af.attacked_by(b) {
                    if member[c as usize] {
                        member[c as usize] = false;
                        gone.push(c);
                    }
                }
            }
        }
    }
    (0..n as u32).filter(|&a| member[a as usize]).collect()
}
