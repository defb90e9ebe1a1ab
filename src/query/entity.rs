//! Finding the entity a user means: by IRI, by prefixed name, or by any of its labels in either
//! language (rdfs:label, skos:prefLabel, skos:altLabel), with suggestions when nothing matches.

use crate::error::{Error, Result};
use crate::rdf::namespaces::{self, display_iri, PREFIXES, RDFS, SKOS};
use crate::rdf::suggest::closest;
use crate::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use std::collections::BTreeSet;

const LABEL_PREDICATES: [&str; 3] = ["label", "prefLabel", "altLabel"];

/// Resolves `input` to a named node that the graph mentions.
pub fn resolve(graph: &KnowledgeGraph, input: &str) -> Result<NamedNode> {
    let input = input.trim();
    if looks_like_iri(input) {
        let node = namespaces::expand(input)?;
        if mentions(graph, node.as_ref()) {
            return Ok(node);
        }
        let iris = all_subject_iris(graph);
        return Err(Error::UnknownEntity {
            input: input.to_owned(),
            suggestions: closest(&display_iri(node.as_str()), iris.iter().map(String::as_str)),
        });
    }
    let labelled = labelled_nodes(graph);
    let matches: BTreeSet<&NamedNode> = labelled
        .iter()
        .filter(|(label, _)| label.eq_ignore_ascii_case(input) || label == input)
        .map(|(_, node)| node)
        .collect();
    match matches.len() {
        1 => Ok(matches.into_iter().next().cloned().expect("one match")),
        0 => {
            let suggestions = closest(input, labelled.iter().map(|(label, _)| label.as_str()))
                .into_iter()
                .map(|label| {
                    let node = &labelled
                        .iter()
                        .find(|(l, _)| *l == label)
                        .expect("suggested from this list")
                        .1;
                    format!("'{label}' ({})", display_iri(node.as_str()))
                })
                .collect();
            Err(Error::UnknownEntity {
                input: input.to_owned(),
                suggestions,
            })
        }
        _ => Err(Error::AmbiguousEntity {
            input: input.to_owned(),
            candidates: matches
                .into_iter()
                .map(|n| display_iri(n.as_str()))
                .collect(),
        }),
    }
}

/// Like [`resolve`], except that an IRI or prefixed name the graph does not mention yet is taken as
/// naming a new entity (a publisher the data will describe once its passage is modelled); a label
/// must still match.
pub fn resolve_or_new(graph: &KnowledgeGraph, input: &str) -> Result<NamedNode> {
    let trimmed = input.trim();
    if looks_like_iri(trimmed) {
        namespaces::expand(trimmed)
    } else {
        resolve(graph, trimmed)
    }
}

/// `<…>`, `scheme://…`, or `prefix:local` with a prefix hkkg knows.
fn looks_like_iri(input: &str) -> bool {
    if input.starts_with('<') || input.contains("://") || input.starts_with("urn:") {
        return true;
    }
    input.split_once(':').is_some_and(|(prefix, local)| {
        !local.contains(char::is_whitespace)
            && (PREFIXES.iter().any(|(p, _)| *p == prefix)
                || (!prefix.is_empty()
                    && prefix
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')))
    })
}

fn mentions(graph: &KnowledgeGraph, node: NamedNodeRef<'_>) -> bool {
    graph.describes(node.into())
        || graph
            .quads_for_pattern(None, None, Some(node.into()), None)
            .next()
            .is_some()
        || graph
            .quads_for_pattern(None, Some(node), None, None)
            .next()
            .is_some()
}

/// Every (label, node) pair, sorted so that suggestions come out the same on every run.
fn labelled_nodes(graph: &KnowledgeGraph) -> Vec<(String, NamedNode)> {
    let mut pairs = Vec::new();
    for predicate in LABEL_PREDICATES {
        let namespace = if predicate == "label" { RDFS } else { SKOS };
        let predicate = NamedNode::new_unchecked(format!("{namespace}{predicate}"));
        for quad in graph
            .quads_for_pattern(None, Some(predicate.as_ref()), None, None)
            .flatten()
        {
            if let (NamedOrBlankNode::NamedNode(subject), Term::Literal(label)) =
                (quad.subject, quad.object)
            {
                pairs.push((label.value().to_owned(), subject));
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

fn all_subject_iris(graph: &KnowledgeGraph) -> Vec<String> {
    let mut iris: Vec<String> = graph
        .quads()
        .flatten()
        .filter_map(|quad| match quad.subject {
            NamedOrBlankNode::NamedNode(node) => Some(display_iri(node.as_str())),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    iris.sort();
    iris.dedup();
    iris
}
