//! Streaming a Turtle-family source through rio_turtle's zero-copy parsers, and turning its syntax
//! errors into findings.

use super::{Pending, Severity};
use crate::error::{Error, Result};
use crate::rdf::namespaces::PREFIXES;
use crate::rdf::suggest::closest;
use crate::rdf::syntax::RdfSyntax;
use crate::store::locate::Anchor;
use crate::store::source::Source;
use rio_api::model::{GraphName, NamedNode, Subject, Term};
use rio_api::parser::{ParseError, QuadsParser, TriplesParser};
use rio_turtle::{NQuadsParser, NTriplesParser, TriGParser, TurtleError, TurtleParser};
use std::collections::HashMap;
use std::io;

/// Streams every statement of `source` to `on_statement`, with the IRI of its named graph (None
/// in the default graph, and for a blank-node graph name, which no check is about). Returns the
/// prefixes declared and the first syntax error; rio_turtle cannot resume reliably after an error
/// in Turtle, so the rest of that file goes unchecked.
pub(crate) fn parse(
    source: &Source,
    mut on_statement: impl FnMut(Option<&str>, &Subject<'_>, &NamedNode<'_>, &Term<'_>),
) -> Result<(HashMap<String, String>, Option<TurtleError>)> {
    let reader = source.open()?;
    let mut triple = |g: Option<&str>, s: &Subject<'_>, p: &NamedNode<'_>, o: &Term<'_>| {
        on_statement(g, s, p, o);
        Ok::<(), TurtleError>(())
    };
    let (prefixes, error) = match source.syntax {
        RdfSyntax::Turtle => {
            let mut parser = TurtleParser::new(reader, None);
            let error = drive_triples(&mut parser, &mut triple);
            (parser.prefixes().clone(), error)
        }
        RdfSyntax::NTriples => {
            let mut parser = NTriplesParser::new(reader);
            (HashMap::new(), drive_triples(&mut parser, &mut triple))
        }
        RdfSyntax::TriG => {
            let mut parser = TriGParser::new(reader, None);
            let error = drive_quads(&mut parser, &mut triple);
            (parser.prefixes().clone(), error)
        }
        RdfSyntax::NQuads => {
            let mut parser = NQuadsParser::new(reader);
            (HashMap::new(), drive_quads(&mut parser, &mut triple))
        }
        RdfSyntax::RdfXml | RdfSyntax::JsonLd => {
            return Err(Error::NotLintable {
                path: source.path(),
            })
        }
    };
    match error {
        Some(error) if error.textual_position().is_none() => {
            Err(source.io_error(io::Error::other(error.to_string())))
        }
        error => Ok((prefixes, error)),
    }
}

type StatementSink<'a> = dyn FnMut(Option<&str>, &Subject<'_>, &NamedNode<'_>, &Term<'_>) -> Result<(), TurtleError>
    + 'a;

fn drive_triples<P: TriplesParser<Error = TurtleError>>(
    parser: &mut P,
    on_statement: &mut StatementSink<'_>,
) -> Option<TurtleError> {
    parser
        .parse_all(&mut |t| on_statement(None, &t.subject, &t.predicate, &t.object))
        .err()
}

fn drive_quads<P: QuadsParser<Error = TurtleError>>(
    parser: &mut P,
    on_statement: &mut StatementSink<'_>,
) -> Option<TurtleError> {
    parser
        .parse_all(&mut |q| {
            let graph = match q.graph_name {
                Some(GraphName::NamedNode(node)) => Some(node.iri),
                Some(GraphName::BlankNode(_)) | None => None,
            };
            on_statement(graph, &q.subject, &q.predicate, &q.object)
        })
        .err()
}

pub(crate) fn syntax_finding(
    source: usize,
    error: &TurtleError,
    prefixes: &HashMap<String, String>,
) -> Pending {
    let text = error.to_string();
    // rio appends " on line N at position M"; the position is reported separately.
    let message = text
        .rsplit_once(" on line ")
        .map_or(text.as_str(), |(m, _)| m)
        .to_owned();
    let undeclared = message
        .strip_prefix("unknown prefix '")
        .and_then(|rest| rest.strip_suffix('\''));
    let (code, message, anchor) = match undeclared {
        // rio notices an undeclared prefix only after reading ahead; the use itself is the place.
        Some(prefix) => (
            "undeclared-prefix",
            undeclared_prefix_message(prefix, prefixes),
            Anchor::Prefix(prefix.to_owned()),
        ),
        None => (
            "syntax",
            format!("syntax error: {message}; the rest of this file was not checked"),
            // rio's positions are 1-based, whatever its getters' documentation says (measured).
            error
                .textual_position()
                .map_or(Anchor::LineByte { line: 0, byte: 0 }, |p| {
                    Anchor::LineByte {
                        line: p.line_number().saturating_sub(1),
                        byte: p.byte_number().saturating_sub(1),
                    }
                }),
        ),
    };
    Pending {
        severity: Severity::Error,
        source,
        anchor,
        code,
        message,
    }
}

fn undeclared_prefix_message(prefix: &str, declared: &HashMap<String, String>) -> String {
    let fix = match PREFIXES.iter().find(|(p, _)| *p == prefix) {
        Some((_, namespace)) => format!(" (add `@prefix {prefix}: <{namespace}> .`)"),
        None => closest(prefix, declared.keys().map(String::as_str))
            .first()
            .map(|best| format!(" — did you mean {best}:?"))
            .unwrap_or_default(),
    };
    format!(
        "prefix '{prefix}:' is used but not declared{fix}; the rest of this file was not checked"
    )
}
