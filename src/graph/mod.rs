//! Relationship analysis: a view (a SPARQL query yielding edges) becomes a petgraph graph, which
//! is measured, searched for paths, reported, and dumped for Gephi, Cytoscape, Graphviz, NetworkX
//! and D3. Data flows store → view → network → measures, paths and dumps.

pub mod chart;
pub mod dump;
pub mod measures;
pub mod network;
pub mod paths;
pub mod picture;
pub mod report;
pub mod style;
pub mod view;
