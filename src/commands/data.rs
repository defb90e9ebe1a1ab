//! `export`, `cite` and `stats`: the graph as RDF, an entity's facts with their sources, figures.

use super::Session;
use crate::error::{Error, Result};
use crate::output::cite::{self, CiteFormat};
use crate::output::export::DefaultGraph;
use crate::output::{export as rdf_export, stats as figures};
use crate::query::entity;
use crate::rdf::syntax::RdfSyntax;
use std::io::Write;

/// The whole graph in `syntax`; `default_graph` says what the default graph of a TriG, N-Quads or
/// JSON-LD export holds.
pub fn export(
    session: &Session,
    syntax: RdfSyntax,
    default_graph: DefaultGraph,
    out: &mut dyn Write,
) -> Result<()> {
    rdf_export::export(&session.graph, syntax, default_graph, out)
}

/// Every fact about the entity `name` (an IRI, a prefixed name or a label), with its passage.
pub fn cite(session: &Session, name: &str, format: CiteFormat, out: &mut dyn Write) -> Result<()> {
    let node = entity::resolve(&session.graph, name)?;
    let cited = cite::cite(&session.graph, &node)?;
    cite::write_citations(&session.graph, &node, &cited, session.lang, format, out)
}

pub fn stats(session: &Session, out: &mut dyn Write) -> Result<()> {
    let text = figures::summary(&session.graph, session.lang)?;
    out.write_all(text.as_bytes()).map_err(Error::Output)
}
