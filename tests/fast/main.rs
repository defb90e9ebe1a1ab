//! The fast tier: everything that needs only Rust and the `hkkg` binary. `cargo test` runs it.

#[path = "../support/mod.rs"]
mod support;

mod claims;
mod cli;
mod data_integrity;
mod dataset;
mod diff;
mod errors;
mod export;
mod fuzz;
mod generate;
mod graph_errors;
mod graph_paths;
mod graph_pictures;
mod lint;
mod mcp;
mod merge;
mod named_queries;
mod reason;
mod remote;
mod robustness;
mod serve;
mod sources;
mod store;
mod workbench;
