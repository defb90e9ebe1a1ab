//! `export`, `cite` and `stats`: the graph as RDF, an entity's facts with their sources, figures.

use super::Session;
use crate::error::{Error, Result};
use crate::output::cite::{self, Citations, CiteFormat};
use crate::output::{export as rdf_export, stats as figures};
use crate::query::entity;
use crate::rdf::syntax::RdfSyntax;
use oxigraph::model::NamedNode;
use std::io::Write;

pub fn export(session: &Session, syntax: RdfSyntax, out: &mut dyn Write) -> Result<()> {
    rdf_export::export(&session.graph, syntax, out)
}

/// Every fact about the entity `name` (an IRI, a prefixed name or a label), with its passage.
pub fn cite(session: &Session, name: &str, format: CiteFormat, out: &mut dyn Write) -> Result<()> {
    let (node, cited) = citations(session, name)?;
    cite::write_citations(&session.graph, &node, &cited, session.lang, format, out)
}

/// The entity `name` stands for, and its facts grouped by origin: what [`cite`] writes.
pub fn citations(session: &Session, name: &str) -> Result<(NamedNode, Citations)> {
    let node = entity::resolve(&session.graph, name)?;
    let cited = cite::cite(&session.graph, &node)?;
    Ok((node, cited))
}

pub fn stats(session: &Session, out: &mut dyn Write) -> Result<()> {
    let text = figures::summary(&session.graph, session.lang)?;
    out.write_all(text.as_bytes()).map_err(Error::Output)
}
