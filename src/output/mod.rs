//! What the query stage hands to people and programs: result tables and the W3C result formats,
//! RDF exports (with the pretty, deterministic Turtle/TriG writer), citations and figures, and
//! the progress shown on a terminal while a long step runs.

mod canonical;
pub mod cite;
pub mod export;
mod jsonld;
mod ordered;
pub(crate) mod pretty;
pub mod progress;
pub mod results;
pub mod sink;
pub mod stats;
