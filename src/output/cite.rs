//! Provenance: every fact in `data/` sits in the named graph of the source passage that states it,
//! and the passage records (text, lines) sit in the graph `hkg:source`. `cite` gathers each fact
//! about an entity, in either direction, with the passage it came from.

use crate::error::{Error, Result};
use crate::output::export::write_quads;
use crate::rdf::namespaces::{display_iri, source_graph, HK};
use crate::rdf::syntax::RdfSyntax;
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Quad, Term};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A passage of the source text.
    Passage {
        line_start: i64,
        line_end: i64,
        iri: String,
        text: String,
    },
    /// Another named graph (for instance the reference names), with what it says of itself.
    Graph {
        iri: String,
        derived_from: Option<String>,
    },
    /// The default graph: the ontology, or user data loaded without provenance.
    Unsourced,
}

#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub subject: String,
    pub predicate: String,
    pub object: String,
    pub origin: Origin,
}

/// Facts grouped by where they come from, passages in text order first.
pub type Citations = BTreeMap<Origin, Vec<Quad>>;

/// Each fact with `entity` as subject or object, grouped by origin (passages in text order first).
pub fn cite(graph: &KnowledgeGraph, entity: &NamedNode) -> Result<Citations> {
    let mut quads: Vec<Quad> = graph
        .quads_for_pattern(Some(entity.as_ref().into()), None, None, None)
        .collect::<Result<_>>()?;
    quads.extend(
        graph
            .quads_for_pattern(None, None, Some(entity.as_ref().into()), None)
            .collect::<Result<Vec<_>>>()?,
    );
    let mut grouped = Citations::new();
    for quad in quads {
        if graph.is_merged_copy(&quad)? {
            continue;
        }
        let origin = origin(graph, &quad.graph_name);
        grouped.entry(origin).or_default().push(quad);
    }
    for facts in grouped.values_mut() {
        facts.sort_by_cached_key(|q| q.to_string());
        facts.dedup();
    }
    Ok(grouped)
}

/// Where a fact in the graph `name` comes from: the passage the graph is named after (with its
/// text and lines), another named graph, or no recorded source (the default graph).
pub fn origin(graph: &KnowledgeGraph, name: &GraphName) -> Origin {
    let GraphName::NamedNode(name) = name else {
        return Origin::Unsourced;
    };
    let value = |property: &str| -> Option<Term> {
        let property = NamedNode::new_unchecked(property);
        graph
            .quads_for_pattern(
                Some(name.as_ref().into()),
                Some(property.as_ref()),
                None,
                Some(source_graph().as_ref().into()),
            )
            .flatten()
            .map(|q| q.object)
            .min_by_key(Term::to_string)
    };
    let number = |property: &str| match value(property) {
        Some(Term::Literal(l)) => l.value().parse().ok(),
        _ => None,
    };
    let text = value(&format!("{HK}text"));
    match (text, number(&format!("{HK}lineStart"))) {
        (Some(Term::Literal(text)), Some(line_start)) => Origin::Passage {
            line_start,
            line_end: number(&format!("{HK}lineEnd")).unwrap_or(line_start),
            iri: name.as_str().to_owned(),
            text: text.value().to_owned(),
        },
        _ => Origin::Graph {
            iri: name.as_str().to_owned(),
            derived_from: value("http://www.w3.org/ns/prov#wasDerivedFrom").map(
                |term| match &term {
                    Term::NamedNode(node) => graph
                        .label(node.as_ref().into(), Lang::En)
                        .unwrap_or_else(|| display_iri(node.as_str())),
                    other => other.to_string(),
                },
            ),
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteFormat {
    /// Grouped by passage, with the quote, for reading.
    Text,
    /// One object per fact, for programs.
    Json,
    /// The facts as RDF, each in the graph of its passage where the syntax keeps graphs.
    Rdf(RdfSyntax),
}

crate::keywords!(CiteFormat, "citation format", [
    Text "text": "grouped by passage, with the quote, for reading",
    Json "json": "one object per fact, for programs",
], rdf: Rdf);

/// Writes the citations for `entity`.
pub fn write_citations(
    graph: &KnowledgeGraph,
    entity: &NamedNode,
    cited: &Citations,
    lang: Lang,
    format: CiteFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let show = |term: &Term| graph.display_term(term.as_ref(), lang, true);
    match format {
        CiteFormat::Rdf(syntax) => {
            let quads = cited.values().flatten().cloned().collect();
            write_quads(quads, syntax, out)
        }
        CiteFormat::Json => {
            let citations: Vec<Citation> = cited
                .iter()
                .flat_map(|(origin, quads)| {
                    quads.iter().map(move |quad| Citation {
                        subject: quad.subject.to_string(),
                        predicate: quad.predicate.to_string(),
                        object: quad.object.to_string(),
                        origin: origin.clone(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &citations)
                .map_err(|e| Error::Output(e.into()))?;
            writeln!(out).map_err(Error::Output)
        }
        CiteFormat::Text => {
            let title = graph
                .label(entity.as_ref().into(), lang)
                .unwrap_or_default();
            let mut text = format!("{title} ({})\n", display_iri(entity.as_str()));
            for (origin, quads) in cited {
                text.push('\n');
                match origin {
                    Origin::Passage {
                        line_start,
                        line_end,
                        iri,
                        text: quote,
                    } => {
                        let lines = if line_start == line_end {
                            format!("line {line_start}")
                        } else {
                            format!("lines {line_start}–{line_end}")
                        };
                        text.push_str(&format!("{} · {lines}\n  「{quote}」\n", display_iri(iri)));
                    }
                    Origin::Graph { iri, derived_from } => {
                        let from = derived_from
                            .as_deref()
                            .map(|d| format!(" (derived from {d})"))
                            .unwrap_or_default();
                        text.push_str(&format!("{}{from}\n", display_iri(iri)));
                    }
                    Origin::Unsourced => {
                        text.push_str("no source passage recorded (default graph)\n")
                    }
                }
                for quad in quads {
                    let subject: Term = quad.subject.clone().into();
                    text.push_str(&format!(
                        "    {}  {}  {}\n",
                        show(&subject),
                        display_predicate(quad.predicate.as_ref()),
                        show(&quad.object)
                    ));
                }
            }
            out.write_all(text.as_bytes()).map_err(Error::Output)
        }
    }
}

fn display_predicate(predicate: NamedNodeRef<'_>) -> String {
    if predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
        "a".to_owned()
    } else {
        display_iri(predicate.as_str())
    }
}
