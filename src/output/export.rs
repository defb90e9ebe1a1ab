//! Exporting the graph (or a CONSTRUCT/DESCRIBE result) in the RDF formats other systems ingest.
//!
//! Output is deterministic: blank nodes get canonical labels (see `canonical`) and statements are
//! sorted, so the same graph gives byte-identical files whatever order it was loaded in. Turtle,
//! N-Triples and RDF/XML hold one graph, so they get the merged graph (every fact once). TriG,
//! N-Quads and JSON-LD keep the per-passage graphs that carry provenance and, unless asked not to
//! ([`DefaultGraph::Stated`]), the merged default graph too: Jena TDB2, oxigraph and rdflib answer a
//! query from the default graph alone unless told to take the union, and would find nothing in a
//! file whose facts are all in named graphs. Reading such a file into hkkg gives the same store as
//! the one exported: the merge loading rebuilds puts each fact in the default graph once, and the
//! copy the file already holds there is the same quad. Language tags are written in BCP 47's
//! canonical case (`zh-Hant`) in every format, so that two exports of one graph read back as the
//! same graph. JSON-LD is written compacted (see [`super::jsonld`]).
//!
//! RDF/XML cannot write everything RDF can: a predicate must end in an XML name, and XML 1.0 has
//! no way to write most control characters, even escaped. Such a graph is refused with the term
//! that cannot be written, rather than written as a file no XML parser accepts.

use super::ordered::{Collector, Order, Statements, DEFAULT_GRAPH};
use crate::error::{Error, Result, Shown};
use crate::rdf::namespaces::{display_term, PREFIXES};
use crate::rdf::syntax::RdfSyntax;
use crate::store::KnowledgeGraph;
use oxigraph::io::RdfSerializer;
use oxigraph::model::{GraphName, Quad, Term, Triple};
use std::io::Write;

/// What the default graph of a TriG, N-Quads or JSON-LD export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DefaultGraph {
    /// Every fact once, as hkkg's queries see it, beside the named graphs that say where each
    /// comes from: what stores with default settings query.
    #[default]
    Merged,
    /// Only what was stated outside any named graph (the ontology): each fact once per passage
    /// graph that states it, and no copy that loading would rebuild. Smaller.
    Stated,
}

crate::keywords!(DefaultGraph, "default graph", [
    Merged "merged": "every fact once in the default graph, beside the named graphs (what stores with default settings query)",
    Stated "stated": "only what was stated outside named graphs; the facts are in their passage graphs alone",
]);

/// Writes the whole store: for formats that keep graphs, the named graphs and the default graph
/// that `default_graph` asks for; the merged graph for the others.
///
/// The in-memory store yields quads newest first (a linked list, not sorted indexes), so every
/// export sorts: the quads stream from the store into `ordered`'s collector, which keeps each
/// distinct term once and each statement as four integers, and sorts the terms once.
pub fn export(
    graph: &KnowledgeGraph,
    syntax: RdfSyntax,
    default_graph: DefaultGraph,
    out: &mut dyn Write,
) -> Result<()> {
    let quads: Box<dyn Iterator<Item = Result<Quad>> + '_> =
        match (syntax.keeps_graphs(), default_graph) {
            (false, _) => Box::new(graph.merged_quads()),
            (true, DefaultGraph::Merged) => graph.merged_dataset(),
            (true, DefaultGraph::Stated) => Box::new(graph.stated()),
        };
    write_statements(quads, syntax, out)
}

/// Writes triples (a CONSTRUCT or DESCRIBE result) in the default graph.
pub fn write_triples(triples: Vec<Triple>, syntax: RdfSyntax, out: &mut dyn Write) -> Result<()> {
    write_statements(
        triples
            .into_iter()
            .map(|t| Ok(t.in_graph(GraphName::DefaultGraph))),
        syntax,
        out,
    )
}

/// Writes quads canonically: see [`write_statements`].
pub fn write_quads(quads: Vec<Quad>, syntax: RdfSyntax, out: &mut dyn Write) -> Result<()> {
    write_statements(quads.into_iter().map(Ok), syntax, out)
}

/// Writes quads canonically: merged into one graph for single-graph formats, without duplicates,
/// blank nodes relabelled canonically, language tags in canonical case, then sorted (by the pretty
/// writer's order for Turtle, TriG and JSON-LD, by the N-Quads text for the others).
fn write_statements(
    quads: impl Iterator<Item = Result<Quad>>,
    syntax: RdfSyntax,
    out: &mut dyn Write,
) -> Result<()> {
    let mut collector = Collector::new(syntax.keeps_graphs());
    for quad in quads {
        collector.push(quad?);
    }
    match syntax {
        RdfSyntax::Turtle | RdfSyntax::TriG => {
            let statements = collector.finish(Order::Pretty);
            super::pretty::write(&statements, syntax == RdfSyntax::TriG, out).map_err(Error::Output)
        }
        RdfSyntax::JsonLd => {
            let statements = collector.finish(Order::Pretty);
            let quads: Vec<Quad> = statements
                .statements
                .iter()
                .map(|s| statements.quad(s).into_owned())
                .collect();
            drop(statements);
            super::jsonld::write(&quads, out)
        }
        RdfSyntax::NTriples | RdfSyntax::NQuads => {
            write_lines(&collector.finish(Order::Text), out).map_err(Error::Output)
        }
        RdfSyntax::RdfXml => {
            let statements = collector.finish(Order::Text);
            check_xml_writable(&statements)?;
            let mut serializer = RdfSerializer::from_format(RdfSyntax::RdfXml.oxigraph());
            for (prefix, namespace) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *namespace)
                    .expect("the built-in namespaces are valid IRIs");
            }
            let mut writer = serializer.for_writer(out);
            for statement in &statements.statements {
                writer
                    .serialize_quad(statements.quad(statement))
                    .map_err(Error::Output)?;
            }
            writer.finish().map_err(Error::Output)?;
            Ok(())
        }
    }
}

/// Writes statements sorted by [`Order::Text`] as N-Quads lines (N-Triples ones when every
/// statement is in the default graph), as oxigraph's serializers write them, from the text of
/// each term, through a buffer of a few pages.
fn write_lines(statements: &Statements, out: &mut dyn Write) -> std::io::Result<()> {
    const PAGE: usize = 1 << 16;
    let texts = &statements.texts;
    let mut buffer = Vec::with_capacity(PAGE + 1024);
    for statement in &statements.statements {
        for (at, id) in [statement.subject, statement.predicate, statement.object]
            .into_iter()
            .enumerate()
        {
            if at > 0 {
                buffer.push(b' ');
            }
            buffer.extend_from_slice(texts.get(id));
        }
        if statement.graph != DEFAULT_GRAPH {
            buffer.push(b' ');
            buffer.extend_from_slice(texts.get(statement.graph));
        }
        buffer.extend_from_slice(b" .\n");
        if buffer.len() >= PAGE {
            out.write_all(&buffer)?;
            buffer.clear();
        }
    }
    out.write_all(&buffer)?;
    out.flush()
}

/// Refuses quads RDF/XML cannot write as well-formed XML: the first in the order written, each
/// distinct term checked once.
fn check_xml_writable(statements: &Statements) -> Result<()> {
    let unwritable: Vec<bool> = statements
        .terms
        .iter()
        .map(|term| {
            let text = match term {
                Term::NamedNode(node) => node.as_str(),
                Term::Literal(literal) => literal.value(),
                _ => return false,
            };
            text.chars().any(is_unwritable_in_xml)
        })
        .collect();
    for statement in &statements.statements {
        let predicate = statements.predicate(statement.predicate);
        if xml_local_name(predicate.as_str()).is_none() {
            return Err(Error::NotWritable {
                syntax: "RDF/XML",
                term: display_term(predicate.into()),
                reason: "an RDF/XML predicate must end in an XML name (a letter or '_' then letters, digits, '-', '.', '_')",
            });
        }
        for id in [statement.subject, statement.predicate, statement.object] {
            if unwritable[id as usize] {
                return Err(Error::NotWritable {
                    syntax: "RDF/XML",
                    term: Shown(&display_term(statements.term(id))).to_string(),
                    reason: "XML 1.0 cannot hold control characters other than tab, line feed and carriage return, even escaped",
                });
            }
        }
    }
    Ok(())
}

/// XML 1.0's Char production leaves out these (Rust strings hold no surrogates).
fn is_unwritable_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The XML local name an RDF/XML writer splits off the end of `iri`, as oxigraph's does: the
/// longest tail that starts with a name-start character and holds name characters only.
fn xml_local_name(iri: &str) -> Option<&str> {
    let tail_start = iri
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c) && *c != ':')
        .last()
        .map(|(at, _)| at)?;
    let tail = &iri[tail_start..];
    let start = tail.find(is_name_start_char)?;
    Some(&tail[start..])
}

fn is_name_start_char(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML's NameChar without ':' (names are split at colons).
pub(crate) fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || c.is_ascii_digit()
        || matches!(c, '-' | '.' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_need_an_xml_name_at_the_end() {
        assert_eq!(
            xml_local_name("http://schema.org/startDate"),
            Some("startDate")
        );
        assert_eq!(xml_local_name("http://e/p-1"), Some("p-1"));
        assert_eq!(xml_local_name("http://e/1p"), Some("p"));
        assert_eq!(xml_local_name("http://e/p/"), None);
        assert_eq!(xml_local_name("http://e/123"), None);
        assert_eq!(xml_local_name("urn:x:"), None);
    }
}
