//! The interop tier: hkkg's output read, checked and recomputed by tools we did not write (rapper,
//! rdflib, pyoxigraph, pySHACL, owlrl, NetworkX, igraph, Graphviz, SPARQLWrapper, Chromium, wrk, the
//! Python MCP client) and the W3C test suites. CI
//! installs the tools (`.ci/install-deps`); `cargo test --features interop` runs it.

#[path = "../support/mod.rs"]
mod support;

mod broken;
mod diff;
mod export;
mod graph_analysis;
mod graph_dumps;
mod mcp;
mod pictures;
mod reason;
mod serve;
mod validate;
mod w3c_shacl;
mod w3c_sparql;
