//! `export`, `cite` and `stats`: the graph as RDF, an entity's facts with their sources, figures.

use super::Session;
use crate::error::{Error, Result};
use crate::output::cite::{self, Citations, CiteFormat};
use crate::output::export::DefaultGraph;
use crate::output::progress;
use crate::output::{export as rdf_export, stats as figures};
use crate::rdf::syntax::RdfSyntax;
use crate::store::Lang;
use oxigraph::model::{GraphNameRef, NamedNode, Triple};
use std::io::Write;

/// The whole graph in `syntax`; `default_graph` says what the default graph of a TriG, N-Quads or
/// JSON-LD export holds.
pub fn export(
    session: &Session,
    syntax: RdfSyntax,
    default_graph: DefaultGraph,
    out: &mut dyn Write,
) -> Result<()> {
    progress::task("exporting", || {
        rdf_export::export(&session.graph, syntax, default_graph, out)
    })
}

/// One graph of the dataset, as the Graph Store Protocol names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphTarget {
    /// The default graph: the merge of every graph, as queries see it.
    Default,
    Named(NamedNode),
}

/// The triples of one graph in `syntax` (a syntax with graphs writes them in the default graph).
pub fn export_graph(
    session: &Session,
    target: &GraphTarget,
    syntax: RdfSyntax,
    out: &mut dyn Write,
) -> Result<()> {
    let name = match target {
        GraphTarget::Default => GraphNameRef::DefaultGraph,
        GraphTarget::Named(node) => node.as_ref().into(),
    };
    let triples: Vec<Triple> = session
        .graph
        .quads_for_pattern(None, None, None, Some(name))
        .map(|quad| quad.map(Triple::from))
        .collect::<Result<_>>()?;
    if let (GraphTarget::Named(node), true) = (target, triples.is_empty()) {
        return Err(Error::UnknownGraph {
            graph: format!("<{}>", node.as_str()),
        });
    }
    rdf_export::write_triples(triples, syntax, out)
}

/// Every fact about the entity `name` (an IRI, a prefixed name or a label), with its passage.
pub fn cite(session: &Session, name: &str, format: CiteFormat, out: &mut dyn Write) -> Result<()> {
    let found = cited(session, name)?;
    cite::write_citations(
        &session.graph,
        &found.entity,
        &found.facts,
        session.lang,
        format,
        out,
    )
}

/// An entity and every fact about it, grouped by where each was stated (passages in text order).
pub struct Cited {
    pub entity: NamedNode,
    pub facts: Citations,
}

/// What `cite` writes, for a front end that lays it out itself (the server's entity pages, the
/// MCP server's `cite` tool).
pub fn cited(session: &Session, name: &str) -> Result<Cited> {
    let entity = session.lookup().resolve(name)?;
    let facts = cite::cite(&session.graph, &entity)?;
    Ok(Cited { entity, facts })
}

/// The labels of `iris` in both languages, as JSON `{"IRI": {"en": …, "zh": …}}`; IRIs without a
/// label are left out. (A results table in a browser shows labels this way.)
pub fn labels(session: &Session, iris: &[String], out: &mut dyn Write) -> Result<()> {
    let mut found = serde_json::Map::new();
    for iri in iris {
        let Ok(node) = NamedNode::new(iri.as_str()) else {
            continue;
        };
        let mut both = serde_json::Map::new();
        for lang in Lang::ALL {
            if let Some(label) = session.graph.label(node.as_ref().into(), lang) {
                both.insert(lang.name().to_owned(), label.into());
            }
        }
        if !both.is_empty() {
            found.insert(iri.clone(), both.into());
        }
    }
    serde_json::to_writer(&mut *out, &found).map_err(|e| Error::Output(e.into()))
}

pub fn stats(session: &Session, out: &mut dyn Write) -> Result<()> {
    let text = figures::summary(&session.graph, session.lang)?;
    out.write_all(text.as_bytes()).map_err(Error::Output)
}
