//! Acceptability semantics: which arguments of an abstract argumentation
//! framework survive (Dung 1995 and its successors), and how a map becomes
//! such a framework.
//!
//! - [`Af`]: a framework on arguments `0..n` with its attacks, both ways.
//! - [`Semantics`]: grounded, complete, preferred, stable, semi-stable,
//!   stage, ideal; [`solve`] answers the standard queries (credulous and
//!   sceptical acceptance, one extension, enumeration with a limit,
//!   counting); grounded by counting, the others with a SAT solver.
//! - [`framework`]: how a map's claims and relations become a framework
//!   (docs/semantics.md), and [`actor`]: an actor's position judged by it.

pub mod actor;
pub mod af;
pub mod evaluate;
pub mod explain;
pub mod framework;
pub mod ideal;
mod sat;
mod scc;
pub mod solve;

pub use af::Af;
pub use solve::{Enumeration, Label};

use std::fmt;
use std::str::FromStr;

/// An extension: a set of arguments, in increasing order.
pub type Extension = Vec<u32>;

/// A semantics of abstract argumentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Semantics {
    Grounded,
    Complete,
    Preferred,
    Stable,
    SemiStable,
    Stage,
    Ideal,
}

impl Semantics {
    pub const ALL: [Semantics; 7] = [
        Semantics::Grounded,
        Semantics::Complete,
        Semantics::Preferred,
        Semantics::Stable,
        Semantics::SemiStable,
        Semantics::Stage,
        Semantics::Ideal,
    ];

    /// The name on the command line: `grounded`, `semi-stable`, ...
    pub fn name(self) -> &'static str {
        match self {
            Semantics::Grounded => "grounded",
            Semantics::Complete => "complete",
            Semantics::Preferred => "preferred",
            Semantics::Stable => "stable",
            Semantics::SemiStable => "semi-stable",
            Semantics::Stage => "stage",
            Semantics::Ideal => "ideal",
        }
    }

    /// The ICCMA abbreviation: `GR`, `CO`, `PR`, `ST`, `SST`, `STG`, `ID`.
    pub fn iccma(self) -> &'static str {
        match self {
            Semantics::Grounded => "GR",
            Semantics::Complete => "CO",
            Semantics::Preferred => "PR",
            Semantics::Stable => "ST",
            Semantics::SemiStable => "SST",
            Semantics::Stage => "STG",
            Semantics::Ideal => "ID",
        }
    }

    /// Whether the semantics has exactly one extension for every framework.
    pub fn is_unique(self) -> bool {
        matches!(self, Semantics::Grounded | Semantics::Ideal)
    }
}

impl fmt::Display for Semantics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Semantics {
    type Err = String;
    /// A name (`semi-stable`) or an ICCMA abbreviation (`SST`), any case.
    fn from_str(s: &str) -> Result<Semantics, String> {
        Semantics::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s) || m.iccma().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown semantics `{s}` (expected one of {})",
                    Semantics::ALL.iter().map(|m| m.name()).collect::<Vec<_>>().join(", ")
                )
            })
    }
}
