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

use super::canonical::canonicalize;
use crate::error::{Error, Result, Shown};
use crate::rdf::lang::canonical_case;
use crate::rdf::namespaces::{display_term, PREFIXES};
use crate::rdf::syntax::RdfSyntax;
use crate::store::KnowledgeGraph;
use oxigraph::io::RdfSerializer;
use oxigraph::model::{GraphName, Literal, Quad, Term, TermRef, Triple};
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
/// export sorts. N-Triples and N-Quads of a graph without blank nodes are written from one buffer
/// of their own lines, sorted in place ([`Lines`]): a few bytes per statement beside its text,
/// instead of a decoded quad each. A blank node needs every statement at hand to get its canonical
/// label, so then (and for the other formats) the quads are collected and [`write_quads`] writes
/// them; both give the same bytes.
pub fn export(
    graph: &KnowledgeGraph,
    syntax: RdfSyntax,
    default_graph: DefaultGraph,
    out: &mut dyn Write,
) -> Result<()> {
    let quads = || -> Box<dyn Iterator<Item = Result<Quad>> + '_> {
        match (syntax.keeps_graphs(), default_graph) {
            (false, _) => Box::new(graph.merged_quads()),
            (true, DefaultGraph::Merged) => Box::new(graph.quads()),
            (true, DefaultGraph::Stated) => Box::new(graph.stated()),
        }
    };
    if matches!(syntax, RdfSyntax::NTriples | RdfSyntax::NQuads) {
        if let Some(lines) = Lines::without_blank_nodes(quads(), syntax.keeps_graphs())? {
            return lines.sorted().write(out);
        }
    }
    write_quads(quads().collect::<Result<_>>()?, syntax, out)
}

/// Writes triples (a CONSTRUCT or DESCRIBE result) in the default graph.
pub fn write_triples(triples: Vec<Triple>, syntax: RdfSyntax, out: &mut dyn Write) -> Result<()> {
    write_quads(
        triples
            .into_iter()
            .map(|t| t.in_graph(GraphName::DefaultGraph))
            .collect(),
        syntax,
        out,
    )
}

/// Writes quads canonically: merged into one graph for single-graph formats, without duplicates,
/// blank nodes relabelled canonically, language tags in canonical case, then sorted (by the pretty
/// writer's order for Turtle and TriG, by the N-Quads text for the others).
pub fn write_quads(mut quads: Vec<Quad>, syntax: RdfSyntax, out: &mut dyn Write) -> Result<()> {
    if !syntax.keeps_graphs() {
        for quad in &mut quads {
            quad.graph_name = GraphName::DefaultGraph;
        }
    }
    let mut quads = canonicalize(quads);
    quads.iter_mut().for_each(canonical_language);
    match syntax {
        RdfSyntax::Turtle | RdfSyntax::TriG => {
            // Quads equal under this order are the same quad, so an unstable sort is as
            // deterministic as a stable one.
            quads.sort_unstable_by(super::pretty::compare_quads);
            quads.dedup();
            let text = super::pretty::write(&quads, syntax == RdfSyntax::TriG);
            out.write_all(text.as_bytes()).map_err(Error::Output)
        }
        RdfSyntax::JsonLd => {
            quads.sort_unstable_by(super::pretty::compare_quads);
            quads.dedup();
            super::jsonld::write(&quads, out)
        }
        RdfSyntax::NTriples | RdfSyntax::NQuads => {
            let mut lines = Lines::default();
            quads.iter().for_each(|quad| lines.push(quad));
            lines.sorted().write(out)
        }
        RdfSyntax::RdfXml => {
            let mut lines = Lines::default();
            quads.iter().for_each(|quad| lines.push(quad));
            let sorted: Vec<&Quad> = lines
                .sorted()
                .spans
                .iter()
                .map(|line| &quads[line.quad])
                .collect();
            check_xml_writable(&sorted)?;
            let mut serializer = RdfSerializer::from_format(RdfSyntax::RdfXml.oxigraph());
            for (prefix, namespace) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *namespace)
                    .expect("the built-in namespaces are valid IRIs");
            }
            let mut writer = serializer.for_writer(out);
            for quad in sorted {
                writer.serialize_quad(quad).map_err(Error::Output)?;
            }
            writer.finish().map_err(Error::Output)?;
            Ok(())
        }
    }
}

/// Writes a language tag in BCP 47's canonical case (oxigraph stores it lowercased).
fn canonical_language(quad: &mut Quad) {
    if let Term::Literal(literal) = &quad.object {
        if let Some(language) = literal.language() {
            let canonical = canonical_case(language);
            if canonical != language {
                quad.object =
                    Literal::new_language_tagged_literal_unchecked(literal.value(), canonical)
                        .into();
            }
        }
    }
}

/// Statements as N-Quads lines (N-Triples ones when every quad is in the default graph) in one
/// buffer, with where each starts and ends. Sorting the lines as bytes gives the order of their
/// text without the final " .": a line that is a prefix of another up to there continues with
/// " ." where the other has a longer term ('@', '^^', a name character) or " <" / " _:" (a graph
/// name), all greater, so a line sorts where its statement's text does.
#[derive(Default)]
struct Lines {
    text: Vec<u8>,
    spans: Vec<Span>,
}

#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    /// The position of the quad the line was made from.
    quad: usize,
}

impl Lines {
    /// The lines of `quads` (graph names dropped unless `keep_graphs`), or None as soon as one
    /// holds a blank node.
    fn without_blank_nodes(
        quads: impl Iterator<Item = Result<Quad>>,
        keep_graphs: bool,
    ) -> Result<Option<Self>> {
        let mut lines = Self::default();
        for quad in quads {
            let mut quad = quad?;
            let blank = quad.subject.is_blank_node()
                || quad.object.is_blank_node()
                || quad.graph_name.is_blank_node();
            if blank {
                return Ok(None);
            }
            if !keep_graphs {
                quad.graph_name = GraphName::DefaultGraph;
            }
            canonical_language(&mut quad);
            lines.push(&quad);
        }
        Ok(Some(lines))
    }

    fn push(&mut self, quad: &Quad) {
        let start = self.text.len();
        // Written as oxigraph's N-Triples and N-Quads serializers write a statement.
        writeln!(self.text, "{quad} .").expect("writing to memory does not fail");
        self.spans.push(Span {
            start,
            end: self.text.len(),
            quad: self.spans.len(),
        });
    }

    fn line(&self, span: Span) -> &[u8] {
        &self.text[span.start..span.end]
    }

    /// Sorted, each distinct line once. Equal lines are the same statement, so an unstable sort
    /// is as deterministic as a stable one.
    fn sorted(mut self) -> Self {
        let mut spans = std::mem::take(&mut self.spans);
        spans.sort_unstable_by(|a, b| self.line(*a).cmp(self.line(*b)));
        spans.dedup_by(|a, b| self.line(*a) == self.line(*b));
        self.spans = spans;
        self
    }

    fn write(&self, out: &mut dyn Write) -> Result<()> {
        for span in &self.spans {
            out.write_all(self.line(*span)).map_err(Error::Output)?;
        }
        out.flush().map_err(Error::Output)
    }
}

/// Refuses quads RDF/XML cannot write as well-formed XML.
fn check_xml_writable(quads: &[&Quad]) -> Result<()> {
    for quad in quads {
        if xml_local_name(quad.predicate.as_str()).is_none() {
            return Err(Error::NotWritable {
                syntax: "RDF/XML",
                term: display_term(quad.predicate.as_ref().into()),
                reason: "an RDF/XML predicate must end in an XML name (a letter or '_' then letters, digits, '-', '.', '_')",
            });
        }
        let terms = [
            TermRef::from(quad.subject.as_ref()),
            quad.predicate.as_ref().into(),
            quad.object.as_ref(),
        ];
        for term in terms {
            let text = match term {
                TermRef::NamedNode(node) => node.as_str(),
                TermRef::Literal(literal) => literal.value(),
                _ => continue,
            };
            if text.chars().any(is_unwritable_in_xml) {
                return Err(Error::NotWritable {
                    syntax: "RDF/XML",
                    term: Shown(&display_term(term)).to_string(),
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
