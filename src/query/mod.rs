//! SPARQL over the knowledge graph: where a query comes from and its header ([`source`],
//! [`catalog`]), the one policy that binds user values to its variables ([`params`]), the checks
//! made before it runs ([`algebra`]) and the advice given then ([`advice`]), its text as tokens
//! ([`syntax`]: readable syntax errors, positions), running it with a time limit ([`sparql`]) and
//! SERVICE calls ([`service`]), SPARQL Update that keeps the merged default graph ([`update`]), the
//! standalone form of a query for other engines ([`portable`]), and finding things by name
//! ([`search`], [`entity`]).

pub mod advice;
pub mod algebra;
pub mod catalog;
pub mod entity;
pub mod params;
pub mod portable;
pub mod remote;
pub mod search;
pub mod service;
pub mod source;
pub mod sparql;
pub mod syntax;
pub mod union;
pub mod update;
