//! Finding entities for `search_entities`: the entity lookup every command uses
//! ([`crate::query::entity::resolve`]: an IRI, a prefixed name, or a label in either language),
//! then labels that contain every word of the text, then the lookup's own suggestions.
//!
//! [`find`] is the one place this is decided: when hkkg has a search over a label index (`hkkg
//! search`), `find` should call it instead of the label scan (`containing`), and the tool keeps
//! its answer.

use crate::error::{Error, Result};
use crate::query::entity;
use crate::query::sparql;
use crate::rdf::namespaces::{self, RDFS, SKOS};
use crate::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, Variable};
use std::collections::HashMap;

/// The properties whose values name an entity (as the entity lookup reads them).
const LABELS: [(&str, &str); 3] = [(RDFS, "label"), (SKOS, "prefLabel"), (SKOS, "altLabel")];

/// How the entities were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The text is the entity's IRI, prefixed name or one of its labels.
    Exact,
    /// Labels containing the text (ignoring case).
    Partial,
}

#[derive(Debug)]
pub struct Found {
    pub how: How,
    /// Best first; at most the limit asked for.
    pub entities: Vec<NamedNode>,
    /// Whether more matched than the limit.
    pub more: bool,
    /// Close spellings when nothing matched.
    pub did_you_mean: Vec<String>,
}

/// Whether the entity has the type, directly or through subclasses.
const HAS_TYPE: &str = "ASK { ?entity a/rdfs:subClassOf* ?type }";

/// The entities `text` names, of type `kind` when given, at most `limit` of them.
pub fn find(
    graph: &KnowledgeGraph,
    text: &str,
    kind: Option<&NamedNode>,
    limit: usize,
) -> Result<Found> {
    let text = text.trim();
    let mut found = Found {
        how: How::Exact,
        entities: Vec::new(),
        more: false,
        did_you_mean: Vec::new(),
    };
    let exact = match entity::resolve(graph, text) {
        Ok(node) => vec![node],
        Err(Error::AmbiguousEntity { candidates, .. }) => candidates
            .iter()
            .map(|name| namespaces::expand(name))
            .collect::<Result<_>>()?,
        Err(Error::UnknownEntity { suggestions, .. }) => {
            found.did_you_mean = suggestions;
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    let mut candidates = of_kind(graph, exact, kind)?;
    // A name can be exact for something else: "visit" is the label of the class hk:Visit, while
    // the visits are what a search of that type wants.
    if candidates.is_empty() {
        found.how = How::Partial;
        candidates = of_kind(graph, containing(graph, text)?, kind)?;
    }
    found.more = candidates.len() > limit;
    candidates.truncate(limit);
    if !candidates.is_empty() {
        found.did_you_mean.clear();
    }
    found.entities = candidates;
    Ok(found)
}

fn of_kind(
    graph: &KnowledgeGraph,
    candidates: Vec<NamedNode>,
    kind: Option<&NamedNode>,
) -> Result<Vec<NamedNode>> {
    let Some(kind) = kind else {
        return Ok(candidates);
    };
    let mut typed = Vec::new();
    for node in candidates {
        if has_type(graph, &node, kind)? {
            typed.push(node);
        }
    }
    Ok(typed)
}

/// The entities with a label containing every word of `text` (ignoring case), best first: labels
/// holding the words as one phrase, then labels starting with it, then shorter (closer) labels.
fn containing(graph: &KnowledgeGraph, text: &str) -> Result<Vec<NamedNode>> {
    let phrase = text.to_lowercase();
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut best: HashMap<NamedNode, (bool, bool, usize)> = HashMap::new();
    for (namespace, local) in LABELS {
        let predicate = NamedNode::new_unchecked(format!("{namespace}{local}"));
        for quad in graph.quads_for_pattern(None, Some(predicate.as_ref()), None, None) {
            let quad = quad?;
            let (NamedOrBlankNode::NamedNode(entity), Term::Literal(label)) =
                (quad.subject, quad.object)
            else {
                continue;
            };
            let label = label.value().to_lowercase();
            if !words.iter().all(|word| label.contains(word)) {
                continue;
            }
            // Smaller is better: false sorts before true.
            let rank = (
                !label.contains(&phrase),
                !label.starts_with(&phrase),
                label.chars().count(),
            );
            best.entry(entity)
                .and_modify(|known| *known = (*known).min(rank))
                .or_insert(rank);
        }
    }
    let mut ranked: Vec<((bool, bool, usize), NamedNode)> = best
        .into_iter()
        .map(|(entity, rank)| (rank, entity))
        .collect();
    ranked.sort();
    Ok(ranked.into_iter().map(|(_, entity)| entity).collect())
}

fn has_type(graph: &KnowledgeGraph, node: &NamedNode, kind: &NamedNode) -> Result<bool> {
    let bindings = [
        (Variable::new_unchecked("entity"), node.clone().into()),
        (Variable::new_unchecked("type"), kind.clone().into()),
    ];
    match sparql::execute(graph, HAS_TYPE, &bindings)? {
        QueryResults::Boolean(yes) => Ok(yes),
        _ => Ok(false),
    }
}
