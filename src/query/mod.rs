//! SPARQL over the knowledge graph: where a query comes from and its header ([`source`],
//! [`catalog`]), the one policy that binds user values to its variables ([`params`]), the checks
//! made before it runs ([`algebra`]), running it with a time limit ([`sparql`]), SPARQL Update that
//! keeps the merged default graph ([`update`]), and finding the entity a user means ([`entity`]).

pub mod algebra;
pub mod catalog;
pub mod entity;
pub mod params;
pub mod source;
pub mod sparql;
pub mod update;
