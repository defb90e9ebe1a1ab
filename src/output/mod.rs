//! What the query stage hands to people and programs: result tables and the W3C result formats,
//! RDF exports (with the pretty, deterministic Turtle/TriG writer), citations and figures.

mod canonical;
pub mod cite;
pub mod export;
mod jsonld;
pub(crate) mod pretty;
pub mod results;
pub mod sink;
pub mod stats;
