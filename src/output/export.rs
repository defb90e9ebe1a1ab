//! Exporting the graph (or a CONSTRUCT/DESCRIBE result) in the RDF formats other systems ingest.
//! Output is deterministic: blank nodes get canonical labels and statements are sorted, so the same
//! graph gives byte-identical files whatever order it was loaded in. Turtle, N-Triples and RDF/XML
//! hold one graph, so they get the merged graph (every fact once); TriG, N-Quads and JSON-LD keep
//! the per-passage graphs that carry provenance, without the merged copies that loading rebuilds.

use crate::error::{Error, Result};
use crate::rdf::namespaces::PREFIXES;
use crate::store::KnowledgeGraph;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, Quad, Term, Triple};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RdfOutputFormat {
    Turtle,
    Trig,
    Ntriples,
    Nquads,
    Rdfxml,
    Jsonld,
}

impl RdfOutputFormat {
    /// Whether the format can hold named graphs.
    pub fn keeps_graphs(self) -> bool {
        matches!(self, Self::Trig | Self::Nquads | Self::Jsonld)
    }

    fn oxigraph_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::Trig => RdfFormat::TriG,
            Self::Ntriples => RdfFormat::NTriples,
            Self::Nquads => RdfFormat::NQuads,
            Self::Rdfxml => RdfFormat::RdfXml,
            Self::Jsonld => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// Writes the whole store: the statements as stated, per graph, for formats that keep graphs; the
/// merged graph for the others.
pub fn export(graph: &KnowledgeGraph, format: RdfOutputFormat, out: &mut dyn Write) -> Result<()> {
    let quads = if format.keeps_graphs() {
        graph.stated_quads()?
    } else {
        graph.merged_triples()?
    };
    write_quads(quads, format, out)
}

/// Writes triples (a CONSTRUCT or DESCRIBE result) in the default graph.
pub fn write_triples(
    triples: Vec<Triple>,
    format: RdfOutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    write_quads(
        triples
            .into_iter()
            .map(|t| t.in_graph(GraphName::DefaultGraph))
            .collect(),
        format,
        out,
    )
}

/// Writes quads canonically: merged into one graph for single-graph formats, blank nodes relabelled
/// canonically, then sorted (by the pretty writer's order for Turtle and TriG, by the N-Quads text
/// for the others).
pub fn write_quads(quads: Vec<Quad>, format: RdfOutputFormat, out: &mut dyn Write) -> Result<()> {
    let mut quads = canonical(quads, format.keeps_graphs());
    match format {
        // The pretty writer sorts in its own reading order.
        RdfOutputFormat::Turtle | RdfOutputFormat::Trig => {
            let text = crate::output::pretty::write(&mut quads, format == RdfOutputFormat::Trig);
            out.write_all(text.as_bytes()).map_err(Error::Output)
        }
        other => {
            quads.sort_by_cached_key(|q| q.to_string());
            let mut serializer = RdfSerializer::from_format(other.oxigraph_format());
            if other == RdfOutputFormat::Rdfxml {
                for (prefix, namespace) in PREFIXES {
                    serializer = serializer
                        .with_prefix(*prefix, *namespace)
                        .expect("the built-in namespaces are valid IRIs");
                }
            }
            let mut writer = serializer.for_writer(out);
            for quad in &quads {
                writer.serialize_quad(quad).map_err(Error::Output)?;
            }
            writer.finish().map_err(Error::Output)?;
            Ok(())
        }
    }
}

/// Deduplicated quads with canonical blank node labels.
fn canonical(quads: Vec<Quad>, keep_graphs: bool) -> Vec<Quad> {
    let has_blank_nodes = quads.iter().any(|q| {
        q.subject.is_blank_node()
            || matches!(q.object, Term::BlankNode(_))
            || q.graph_name.is_blank_node()
    });
    let mut dataset = Dataset::new();
    for mut quad in quads {
        if !keep_graphs {
            quad.graph_name = GraphName::DefaultGraph;
        }
        dataset.insert(&quad);
    }
    if has_blank_nodes {
        dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    }
    dataset.iter().map(|q| q.into_owned()).collect()
}
