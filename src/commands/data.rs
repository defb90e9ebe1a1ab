//! `export`, `cite` and `stats`: the graph as RDF, an entity's facts with their sources, figures.

use super::Session;
use crate::error::{Error, Result};
use crate::output::cite::{self, CiteFormat};
use crate::output::progress;
use crate::output::{export as rdf_export, stats as figures};
use crate::rdf::syntax::RdfSyntax;
use std::io::Write;

pub fn export(session: &Session, syntax: RdfSyntax, out: &mut dyn Write) -> Result<()> {
    progress::task("exporting", || {
        rdf_export::export(&session.graph, syntax, out)
    })
}

/// Every fact about the entity `name` (an IRI, a prefixed name or a label), with its passage.
pub fn cite(session: &Session, name: &str, format: CiteFormat, out: &mut dyn Write) -> Result<()> {
    let node = session.lookup().resolve(name)?;
    let cited = cite::cite(&session.graph, &node)?;
    cite::write_citations(&session.graph, &node, &cited, session.lang, format, out)
}

pub fn stats(session: &Session, out: &mut dyn Write) -> Result<()> {
    let text = figures::summary(&session.graph, session.lang)?;
    out.write_all(text.as_bytes()).map_err(Error::Output)
}
