//! Parsing sources into quads, one pipeline for the store and for the checks that read files as
//! written: each source's syntax, base IRI and blank-node scope; a named graph the user chose; typed
//! literals checked against their datatype; errors located at `file:line:column`.

use super::guard::{Violation, XmlGuard};
use super::locate::{self, Anchor};
use super::source::Source;
use crate::error::{Error, Position, Result, Shown};
use crate::rdf::datatype;
use crate::rdf::namespaces::display_term;
use crate::rdf::syntax::RdfSyntax;
use oxigraph::io::{RdfParseError, RdfParser};
use oxigraph::model::{GraphName, Literal, Quad, Term, Triple};
use oxrdfxml::{RdfXmlParseError, RdfXmlParser};
use std::io::{self, BufRead};

/// What reading found besides the quads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadReport {
    pub sources: usize,
    pub quads: u64,
    /// Typed literals whose lexical form does not fit their datatype, accepted because the reader
    /// was lenient.
    pub ill_typed: u64,
}

/// How strictly literals are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literals {
    /// An ill-typed literal (`"2023-02-30"^^xsd:date`) is an error.
    Strict,
    /// Ill-typed literals are kept and counted: the checks report them themselves.
    Lenient,
}

/// Streams every quad of `sources`, in order, to `on_quad`. On the first error nothing more is read.
pub fn read_sources(
    sources: &[Source],
    literals: Literals,
    mut on_quad: impl FnMut(Quad) -> Result<()>,
) -> Result<ReadReport> {
    let mut report = ReadReport::default();
    for source in sources {
        read_source(source, literals, &mut report, &mut on_quad)?;
        report.sources += 1;
    }
    Ok(report)
}

fn read_source(
    source: &Source,
    literals: Literals,
    report: &mut ReadReport,
    on_quad: &mut dyn FnMut(Quad) -> Result<()>,
) -> Result<()> {
    let mut accept = |mut quad: Quad| -> Result<()> {
        if let Term::Literal(literal) = &quad.object {
            if let Some(reason) =
                datatype::invalid_reason(literal.datatype().as_str(), literal.value())
            {
                match literals {
                    Literals::Lenient => report.ill_typed += 1,
                    Literals::Strict => return Err(ill_typed(source, &quad, literal, reason)),
                }
            }
        }
        if let Some(graph) = &source.graph {
            // A statement the file puts in a graph of its own would silently change graph.
            if !quad.graph_name.is_default_graph() {
                return Err(Error::GraphInGraph {
                    path: source.path(),
                    own: Shown(&quad.graph_name.to_string()).to_string(),
                    target: graph.to_string(),
                });
            }
            quad.graph_name = GraphName::NamedNode(graph.clone());
        }
        report.quads += 1;
        on_quad(quad)
    };
    let reader = source.open()?;
    if source.syntax == RdfSyntax::RdfXml {
        return read_rdf_xml(source, reader, &mut accept);
    }
    // Blank node labels are local to a source: `_:b` in two files are two nodes.
    let mut parser = RdfParser::from_format(source.syntax.oxigraph()).rename_blank_nodes();
    if let Some(base) = source.base_iri() {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| Error::Store(format!("{}: not a base IRI: {e}", source.name())))?;
    }
    for quad in parser.for_reader(reader) {
        accept(quad.map_err(|error| parse_error(source, error))?)?;
    }
    Ok(())
}

/// oxigraph's RDF/XML parser, used directly for the byte position of its errors, behind the
/// [`XmlGuard`] that bounds what it may buffer.
fn read_rdf_xml(
    source: &Source,
    reader: Box<dyn BufRead + '_>,
    accept: &mut dyn FnMut(Quad) -> Result<()>,
) -> Result<()> {
    let mut parser = RdfXmlParser::new();
    if let Some(base) = source.base_iri() {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| Error::Store(format!("{}: not a base IRI: {e}", source.name())))?;
    }
    let mut parser = parser.for_reader(XmlGuard::new(reader));
    while let Some(triple) = parser.next() {
        match triple {
            Ok(triple) => accept(in_default_graph(triple))?,
            Err(RdfXmlParseError::Io(error)) => {
                return Err(match guard_violation(&error) {
                    Some(violation) => {
                        syntax_error_at(source, violation.offset, violation.message.clone())
                    }
                    None => source.io_error(error),
                })
            }
            Err(RdfXmlParseError::Syntax(error)) => {
                return Err(syntax_error_at(
                    source,
                    parser.buffer_position(),
                    error.to_string(),
                ))
            }
        }
    }
    Ok(())
}

fn in_default_graph(triple: Triple) -> Quad {
    triple.in_graph(GraphName::DefaultGraph)
}

fn guard_violation(error: &io::Error) -> Option<&Violation> {
    error.get_ref()?.downcast_ref::<Violation>()
}

/// A syntax error known by byte offset, located by reading the source again where it can be.
fn syntax_error_at(source: &Source, offset: u64, message: String) -> Error {
    let position = source
        .rereadable()
        .then(|| locate::locate(source, &[&Anchor::Offset(offset)], &Default::default()).ok())
        .flatten()
        .and_then(|found| found.into_iter().next().flatten());
    Error::RdfSyntax {
        path: source.path(),
        position,
        message: if position.is_none() {
            format!("at byte {offset}: {message}")
        } else {
            message
        },
    }
}

fn ill_typed(source: &Source, quad: &Quad, literal: &Literal, reason: String) -> Error {
    let position = source
        .rereadable()
        .then(|| {
            let anchor = Anchor::Spellings(locate::literal_spellings(literal.value()));
            locate::locate(source, &[&anchor], &Default::default()).ok()
        })
        .flatten()
        .and_then(|found| found.into_iter().next().flatten());
    Error::IllTypedLiteral {
        path: source.path(),
        position,
        literal: Shown(&display_term(literal.as_ref().into())).to_string(),
        statement: format!(
            "{} {}",
            display_term(quad.subject.as_ref().into()),
            display_term(quad.predicate.as_ref().into())
        ),
        reason,
    }
}

fn parse_error(source: &Source, error: RdfParseError) -> Error {
    match error {
        RdfParseError::Syntax(syntax) => Error::RdfSyntax {
            path: source.path(),
            position: syntax.location().map(|range| Position {
                line: range.start.line + 1,
                column: range.start.column + 1,
            }),
            message: without_position_prefix(&syntax.to_string()),
        },
        RdfParseError::Io(error) => source.io_error(error),
    }
}

/// The Turtle-family parsers start messages with "Parser error at line … column …: "; the error
/// already carries the position, so only the explanation is kept.
fn without_position_prefix(message: &str) -> String {
    if message.starts_with("Parser error ") {
        if let Some((_, rest)) = message.split_once(": ") {
            return rest.to_owned();
        }
    }
    message.to_owned()
}
