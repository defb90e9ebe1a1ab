//! hkkg: a knowledge graph of Hong Kong's regional cooperation.
//!
//! Data flows one way: RDF files → [`store`] (an embedded oxigraph store) → [`sparql`] →
//! [`results`] and [`export`]. The bundled ontology, data and named queries are compiled into the
//! binary; [`cite`] traces any fact back to the source passage that states it.
//!
//! Trust in the data: [`lint`] checks source files before loading, [`shacl`] validates the data
//! against `ontology/shapes.ttl`, [`reason`] adds RDFS entailments in their own graph, and
//! [`diff`] shows (and patches) what changed between two versions.
//!
//! Graph analysis flows store → [`view`] (a SPARQL query yielding edges, built into a petgraph
//! graph) → [`analysis`], [`paths`] and [`dump`] (files for Gephi, Cytoscape, Graphviz, NetworkX).

pub mod analysis;
pub mod catalog;
pub mod cite;
pub mod datatype;
pub mod diff;
pub mod dump;
pub mod entity;
pub mod error;
pub mod export;
pub mod graph_output;
pub mod lint;
pub mod namespaces;
pub mod paths;
mod pretty;
pub mod reason;
pub mod results;
pub mod shacl;
pub mod sparql;
pub mod stats;
pub mod store;
mod suggest;
pub mod view;
pub mod vocabulary;

pub use error::{Error, Result};
pub use store::{KnowledgeGraph, Lang, LoadOptions};
