//! SPARQL over the knowledge graph: running queries with parameters bound as RDF terms, the
//! catalogue of named queries and their headers, and finding the entity a user means.

pub mod catalog;
pub mod entity;
pub mod sparql;
