//! Finding the entity a user means: by IRI, by prefixed name, or by name — any label, alternative
//! label or identifier in either language, exactly, or (when only one entity fits) by its beginning,
//! its words or a part of it, ranked by the session's [`SearchIndex`]. A name that fits several
//! entities equally well lists them; one that fits none suggests the closest.

use super::search::{Hit, SearchIndex};
use crate::error::{Error, Result};
use crate::rdf::namespaces::{self, display_iri, PREFIXES};
use crate::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, NamedNodeRef};
use std::sync::OnceLock;

/// How many candidates an ambiguous name lists, and how many suggestions an unknown one gets.
const MAX_CANDIDATES: usize = 8;
const MAX_SUGGESTIONS: usize = 3;

/// The graph and its name index: what finding an entity needs.
#[derive(Clone, Copy)]
pub struct Lookup<'a> {
    pub graph: &'a KnowledgeGraph,
    index: Index<'a>,
}

/// The name index, built already or on first use: indexing reads every label of the graph
/// (seconds on a store of a million triples), which a query naming no entity never needs.
#[derive(Clone, Copy)]
enum Index<'a> {
    Built(&'a SearchIndex),
    OnFirstUse(&'a OnceLock<SearchIndex>),
}

/// The entity found, and, when it was found by less than an exact name, why it was taken.
#[derive(Debug, Clone)]
pub struct Found {
    pub node: NamedNode,
    /// "hkr:qianhai (its English label «…» begins with «Qianhai»)": for a note to the user.
    pub inexact: Option<String>,
}

/// What a name matches.
#[derive(Debug)]
pub enum Matches {
    /// One entity.
    One(Found),
    /// Several equally well, best first.
    Several(Vec<Hit>),
    /// None, with the closest names.
    None(Vec<Hit>),
}

impl<'a> Lookup<'a> {
    pub fn new(graph: &'a KnowledgeGraph, index: &'a SearchIndex) -> Self {
        Self {
            graph,
            index: Index::Built(index),
        }
    }

    /// A lookup that builds the index into `index` the first time a name must be looked up.
    pub fn on_first_use(graph: &'a KnowledgeGraph, index: &'a OnceLock<SearchIndex>) -> Self {
        Self {
            graph,
            index: Index::OnFirstUse(index),
        }
    }

    /// The name index (built now if it has not been).
    pub fn index(&self) -> &'a SearchIndex {
        match self.index {
            Index::Built(index) => index,
            Index::OnFirstUse(cell) => cell.get_or_init(|| {
                crate::output::progress::task("indexing names", || SearchIndex::build(self.graph))
            }),
        }
    }

    /// Resolves `input` to a named node that the graph mentions, or an error listing candidates
    /// (several fit) or suggestions (none does).
    pub fn resolve(&self, input: &str) -> Result<NamedNode> {
        Ok(self.find(input)?.node)
    }

    /// Like [`resolve`](Self::resolve), and says how an inexact name was taken.
    pub fn find(&self, input: &str) -> Result<Found> {
        let input = input.trim();
        match self.matches(input)? {
            Matches::One(found) => Ok(found),
            Matches::Several(hits) => Err(Error::AmbiguousEntity {
                input: input.to_owned(),
                candidates: hits.iter().map(|hit| self.describe(hit)).collect(),
            }),
            Matches::None(hits) => Err(Error::UnknownEntity {
                input: input.to_owned(),
                suggestions: hits.iter().map(|hit| self.describe(hit)).collect(),
            }),
        }
    }

    /// What `input` matches, without deciding what to do about it. An IRI or prefixed name is
    /// taken as such (an error only when its prefix is unknown); a name goes through the index.
    pub fn matches(&self, input: &str) -> Result<Matches> {
        let input = input.trim();
        if looks_like_iri(input) {
            let node = namespaces::expand(input)?;
            if mentions(self.graph, node.as_ref()) {
                return Ok(Matches::One(Found {
                    node,
                    inexact: None,
                }));
            }
            let local = display_iri(node.as_str());
            let local = local.split_once(':').map_or(local.as_str(), |(_, l)| l);
            return Ok(Matches::None(self.suggestions(local)));
        }
        let exact = self.index().exact(input);
        match exact.len() {
            1 => {
                return Ok(Matches::One(Found {
                    node: exact[0].iri.clone(),
                    inexact: None,
                }))
            }
            0 => {}
            _ => {
                return Ok(Matches::Several(
                    exact.into_iter().take(MAX_CANDIDATES).collect(),
                ))
            }
        }
        let hits = self.index().search(input, &|_| true);
        let Some(best) = hits.first().filter(|hit| hit.grade.is_confident()) else {
            return Ok(Matches::None(
                hits.into_iter().take(MAX_SUGGESTIONS).collect(),
            ));
        };
        let grade = best.grade;
        let tied: Vec<Hit> = hits
            .iter()
            .take_while(|hit| hit.grade == grade)
            .take(MAX_CANDIDATES)
            .cloned()
            .collect();
        if tied.len() > 1 {
            return Ok(Matches::Several(tied));
        }
        Ok(Matches::One(Found {
            node: best.iri.clone(),
            inexact: Some(format!(
                "{} ({})",
                display_iri(best.iri.as_str()),
                best.reason(input)
            )),
        }))
    }

    /// The closest names to `input`, fuzzy ones included.
    fn suggestions(&self, input: &str) -> Vec<Hit> {
        self.index()
            .search(input, &|_| true)
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .collect()
    }

    /// "'Qatar' (hkr:qatar)": a candidate as a message lists it.
    pub fn describe(&self, hit: &Hit) -> String {
        let iri = display_iri(hit.iri.as_str());
        // Statements are labelled by their words: a long label is cut.
        const MAX: usize = 60;
        if hit.field == super::search::Field::Identifier {
            iri
        } else if hit.text.chars().count() > MAX {
            let cut: String = hit.text.chars().take(MAX - 1).collect();
            format!("'{cut}…' ({iri})")
        } else {
            format!("'{}' ({iri})", hit.text)
        }
    }

    /// Like [`resolve`](Self::resolve), except that an IRI or prefixed name the graph does not
    /// mention yet is taken as naming a new entity (a publisher the data will describe once its
    /// passage is modelled); a name must still match.
    pub fn resolve_or_new(&self, input: &str) -> Result<NamedNode> {
        let trimmed = input.trim();
        if looks_like_iri(trimmed) {
            namespaces::expand(trimmed)
        } else {
            self.resolve(trimmed)
        }
    }
}

/// `<…>`, `scheme://…`, or `prefix:local` with a prefix hkkg knows.
pub fn looks_like_iri(input: &str) -> bool {
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

/// Whether `node` occurs in the graph as a subject, an object or a predicate.
pub fn mentions(graph: &KnowledgeGraph, node: NamedNodeRef<'_>) -> bool {
    graph.describes(node.into())
        || graph.has_fact(None, None, Some(node.into()))
        || graph.has_fact(None, Some(node), None)
}
