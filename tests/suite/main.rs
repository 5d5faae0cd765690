//! The integration tests, in one test binary: each module was a test file of
//! its own, and is still run by name (`cargo test --test suite render::`,
//! `cargo test --test suite check_cli::sarif`). One binary links the crate and
//! its dependencies once instead of once per file, which is most of the time
//! a first `cargo test` takes (docs/performance.md, "Build time").
//!
//! A new test file is a module here: add `mod NAME;` below, and in the file
//! `use crate::common;` for the shared helpers.

#[path = "../common/mod.rs"]
mod common;

mod acks;
mod aif;
mod answers;
mod argdown;
mod cascades;
mod check_cli;
mod check_summary;
mod cli;
mod config;
mod corpus;
mod current_stance;
mod evaluate;
mod findings;
mod flags;
mod fmt;
mod fuzz_regressions;
mod graphml;
mod iccma;
mod ideal_points;
mod import;
mod init;
mod layers;
mod linked;
mod lsp;
mod output_safety;
mod properties;
mod readme;
mod reasons;
mod render;
mod render_filters;
mod render_geometry;
mod render_geometry_graphviz;
mod report_html;
mod rules;
mod schema;
mod semantics;
mod shell;
mod stance_analyses;
mod stances;
mod stances_svg;
mod time;
mod toml_plain;
mod watch;
