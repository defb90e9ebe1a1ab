//! hkkg: a knowledge graph of Hong Kong's regional cooperation.
//!
//! The library is grouped by stage, and data flows one way:
//!
//! * files → [`store`] (an embedded oxigraph store) → [`query`] → [`output`] (results, exports,
//!   citations);
//! * store → [`graph`] (view → network → measures, paths and dumps);
//! * [`check`] (lint, SHACL, RDFS reasoning, diff) reads files or the store;
//! * [`source`] turns an article's text into its passages and document record (`hkkg source`);
//! * [`generate`] writes synthetic graphs in the same model, at any size, for benchmarks.
//! * [`mcp`] serves the commands to AI assistants over the Model Context Protocol (`hkkg mcp`).
//!
//! [`rdf`] holds the vocabulary every stage shares. The bundled ontology, data and named queries
//! are compiled into the binary.

pub mod assets;
pub mod check;
pub mod commands;
pub mod error;
pub mod generate;
pub mod graph;
pub mod keyword;
pub mod mcp;
pub mod output;
pub mod query;
pub mod rdf;
pub mod serve;
pub mod source;
pub mod store;

pub use error::{Error, Result};
pub use store::{KnowledgeGraph, Lang, LoadOptions};
