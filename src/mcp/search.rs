//! Finding entities for `search_entities`: the entity lookup every command uses
//! ([`crate::query::entity::resolve`]: an IRI, a prefixed name, or a label in either language),
//! then labels that contain the words, then the lookup's own suggestions.
//!
//! [`find`] is the one place this is decided: when hkkg has a search over a label index (`hkkg
//! search`), `find` should call it instead of the label scan, and the tool keeps its answer.

use crate::error::{Error, Result};
use crate::query::entity;
use crate::query::sparql::{self, Limits};
use crate::rdf::namespaces;
use crate::store::KnowledgeGraph;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{QueryResults, Variable};

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

/// Labels containing the text, with the label's length, shortest (closest) first.
const CONTAINING: &str = "SELECT ?entity (MIN(STRLEN(?label)) AS ?length) (MAX(STRSTARTS(LCASE(STR(?label)), ?text)) AS ?prefix) WHERE {
  ?entity rdfs:label|skos:prefLabel|skos:altLabel ?label .
  FILTER(isIRI(?entity) && CONTAINS(LCASE(STR(?label)), ?text))
} GROUP BY ?entity ORDER BY DESC(?prefix) ?length ?entity";

/// Whether the entity has the type, directly or through subclasses.
const HAS_TYPE: &str = "ASK { ?entity a/rdfs:subClassOf* ?type }";

/// The entities `text` names, of type `kind` when given, at most `limit` of them.
pub fn find(
    graph: &KnowledgeGraph,
    text: &str,
    kind: Option<&NamedNode>,
    limit: usize,
    limits: &Limits,
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
        candidates = of_kind(graph, containing(graph, text, limits)?, kind)?;
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

fn containing(graph: &KnowledgeGraph, text: &str, limits: &Limits) -> Result<Vec<NamedNode>> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let needle = Literal::new_simple_literal(text.to_lowercase());
    let bindings = [(Variable::new_unchecked("text"), needle.into())];
    let answer = sparql::evaluate(graph, sparql::prepare(CONTAINING, None)?, &bindings, limits)?;
    let (results, _time_limit) = answer.into_parts();
    let mut entities = Vec::new();
    if let QueryResults::Solutions(solutions) = results {
        for solution in solutions {
            if let Some(Term::NamedNode(node)) = solution?.get("entity") {
                entities.push(node.clone());
            }
        }
    }
    Ok(entities)
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
