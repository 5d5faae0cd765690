//! elenchus: argument maps in plain files.
//!
//! A map holds claims, the relations between them (supports, attacks,
//! contradicts, implies, undercuts), the actors who hold them and the actors'
//! stances. The library loads a map ([`load`]), builds the claim graph
//! ([`graph::ClaimGraph`]) and checks it for tensions ([`check`]).

pub mod builder;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod fmt;
pub mod formats;
pub mod graph;
pub mod ids;
pub mod import;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub mod par;
pub mod render;
pub mod report;
pub mod report_html;
pub mod schema;
pub mod semantics;
pub mod source;
pub mod stances;
pub mod starter;
pub mod stats;
pub mod watch;

pub use builder::MapBuilder;
pub use check::{CheckConfig, Finding, check};
pub use diag::{Diagnostic, Level};
pub use error::Error;
pub use graph::ClaimGraph;
pub use load::{Loaded, load_file, load_str};
pub use model::ArgMap;
pub use source::{Format, SourceFile, Span};
