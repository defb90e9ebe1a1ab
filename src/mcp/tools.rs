//! What each tool does, as plain functions of a [`Session`]: the arguments an assistant gave in,
//! a JSON answer out. Each calls one function of [`commands`] — the one the command line and the
//! HTTP server call — for everything it resolves, binds, evaluates, searches or cites
//! ([`commands::evaluate`] as `hkkg query` does, [`commands::find_entities`] as `hkkg search`,
//! [`commands::cited`] as `hkkg cite`, [`commands::find_paths`] as `hkkg path`,
//! [`commands::show_query`] as `hkkg queries --show`), and shapes the result with
//! [`super::answer`]. Each checks its size arguments against the caps, so that a bad value is
//! refused with a message rather than silently changed.

use super::answer::{self, property_name, Advised, QueryAnswer, Source, SourceBook, Value};
use crate::commands::{self, CatalogEntry, PathRequest, Session, ShowRequest, ViewRequest};
use crate::error::{Error, Result};
use crate::graph::paths::describe_path;
use crate::graph::view::ViewGraph;
use crate::output::cite::Origin;
use crate::query::params::Assignment;
use crate::query::source::QuerySource;
use crate::rdf::namespaces::RDF;
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Term, TermRef};
use petgraph::stable_graph::NodeIndex;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::str::FromStr;

/// A size argument: its name, the default, and the largest value accepted.
#[derive(Debug, Clone, Copy)]
pub struct Cap {
    pub name: &'static str,
    pub default: usize,
    pub max: usize,
}

impl Cap {
    /// The value given, or the default; 0 and values above the cap are refused.
    pub fn take(self, given: Option<u32>) -> Result<usize> {
        let Some(given) = given else {
            return Ok(self.default);
        };
        let value = usize::try_from(given).unwrap_or(usize::MAX);
        if value == 0 || value > self.max {
            return Err(Error::InvalidParameter {
                name: self.name.to_owned(),
                message: format!("{given} is out of range: give 1 to {}", self.max),
            });
        }
        Ok(value)
    }
}

pub const ROWS: Cap = Cap {
    name: "max_rows",
    default: 50,
    max: 500,
};
pub const FACTS: Cap = Cap {
    name: "max_facts",
    default: 100,
    max: 1000,
};
pub const MATCHES: Cap = Cap {
    name: "limit",
    default: 10,
    max: 50,
};
pub const PATHS: Cap = Cap {
    name: "limit",
    default: 5,
    max: 20,
};
/// The passages that name an entity, listed with each search match.
const NAMED_IN: usize = 3;
/// The view `find_paths` searches unless told otherwise (as `hkkg path` does).
pub const DEFAULT_VIEW: &str = "entities";

/// The catalogues: named queries for `run_query`, views for `find_paths`, listed as `hkkg queries
/// --format json` lists them (without their text: `show_query` gives it).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Catalogue {
    pub queries: Vec<CatalogEntry>,
    pub views: Vec<CatalogEntry>,
}

pub fn list_queries(session: &Session) -> Catalogue {
    Catalogue {
        queries: commands::catalog_entries(&session.queries, false),
        views: commands::catalog_entries(&session.views, false),
    }
}

/// A named query by name with its parameters (never a file: an assistant names queries of the
/// catalogue only), its rows with their evidence and the advice `hkkg query` prints.
pub fn run_query(
    session: &Session,
    name: &str,
    params: &[Assignment],
    max_rows: Option<u32>,
) -> Result<QueryAnswer> {
    answered(
        session,
        &QuerySource::Named(name.to_owned()),
        params,
        max_rows,
    )
}

/// A SPARQL query given as text, read-only (an update is refused when it is parsed).
pub fn sparql(session: &Session, text: &str, max_rows: Option<u32>) -> Result<QueryAnswer> {
    answered(
        session,
        &QuerySource::Inline(text.to_owned()),
        &[],
        max_rows,
    )
}

/// Evaluates as `hkkg query` does ([`commands::evaluate`]) and reads up to `max_rows` of the
/// answer, with the advice on the query (warnings on terms that match nothing, notes on how
/// parameter values were read, and why an answer after warnings may be empty).
fn answered(
    session: &Session,
    source: &QuerySource,
    params: &[Assignment],
    max_rows: Option<u32>,
) -> Result<QueryAnswer> {
    let max_rows = ROWS.take(max_rows)?;
    let evaluation = commands::evaluate(session, source, params, None, false)?;
    // Rows are read under the time limit while `_time_limit` lives.
    let (results, _time_limit) = evaluation.answer.into_parts();
    let mut answer = answer::query_answer(&session.graph, results, session.lang, max_rows)?;
    let found_something =
        !answer.rows.is_empty() || !answer.triples.is_empty() || answer.boolean == Some(true);
    answer.advice = commands::concluded(evaluation.advice, found_something)
        .iter()
        .map(Advised::of)
        .collect();
    Ok(answer)
}

/// A named query in its standalone form (`hkkg queries --show`): PREFIX lines, the parameter
/// values given bound with VALUES, ready for the `sparql` tool or another SPARQL engine.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ShownQuery {
    pub name: String,
    pub text: String,
    /// How the parameter values given were read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<Advised>,
}

pub fn show_query(session: &Session, name: &str, params: &[Assignment]) -> Result<ShownQuery> {
    let request = ShowRequest {
        source: QuerySource::Named(name.to_owned()),
        params: params.to_vec(),
    };
    let mut text = Vec::new();
    let advice = commands::show_query(session, &request, &mut text)?;
    Ok(ShownQuery {
        name: name.to_owned(),
        text: String::from_utf8_lossy(&text).into_owned(),
        advice: advice.iter().map(Advised::of).collect(),
    })
}

/// An entity: its IRI, label and types.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Entity {
    pub iri: String,
    /// In the server's language (the other language when it has none there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Its rdf:types, with their labels.
    pub types: Vec<Value>,
}

impl Entity {
    fn of(graph: &KnowledgeGraph, node: &NamedNode, lang: Lang) -> Result<Self> {
        let mut types = Vec::new();
        let rdf_type = format!("{RDF}type");
        for quad in graph.quads_for_pattern(
            Some(node.as_ref().into()),
            Some(NamedNodeRef::new_unchecked(&rdf_type)),
            None,
            None,
        ) {
            if let Term::NamedNode(class) = quad?.object {
                types.push(class);
            }
        }
        types.sort();
        types.dedup();
        Ok(Self::with_types(graph, node, &types, lang))
    }

    /// The entity with its `types` known (sorted, as the search index keeps them).
    fn with_types(
        graph: &KnowledgeGraph,
        node: &NamedNode,
        types: &[NamedNode],
        lang: Lang,
    ) -> Self {
        Self {
            iri: node.as_str().to_owned(),
            label: graph.label(node.as_ref().into(), lang),
            types: types
                .iter()
                .map(|class| Value::of(graph, class.as_ref().into(), lang))
                .collect(),
        }
    }
}

/// What made a search take an entity.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Matched {
    /// label, alt_label (an alternative name) or identifier (the IRI's local name, an ISO code).
    pub field: String,
    /// The text that matched, as the graph writes it, and its language tag.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// How well, best first: exact, prefix (the text begins with what was asked), words (it has
    /// every word asked), substring, fuzzy (only alike: a typing mistake, another script).
    pub grade: String,
}

/// An entity a search found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Match {
    #[serde(flatten)]
    pub entity: Entity,
    /// Its labels in English and in Traditional Chinese, where it has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<String>,
    pub matched: Matched,
    /// The keys in `sources` of the passages whose words name it (the first few).
    pub named_in: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchAnswer {
    /// Best first, ranked as `hkkg search` ranks them.
    pub matches: Vec<Match>,
    /// False when more entities matched than `limit`.
    pub complete: bool,
    pub sources: BTreeMap<String, Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Entities by name, as `hkkg search` finds them, each with the passages that name it.
pub fn search_entities(
    session: &Session,
    text: &str,
    kind: Option<&str>,
    limit: Option<u32>,
) -> Result<SearchAnswer> {
    let limit = MATCHES.take(limit)?;
    if text.trim().is_empty() {
        return Err(Error::InvalidParameter {
            name: "text".to_owned(),
            message: "is empty: give a name, part of one, or an IRI".to_owned(),
        });
    }
    // One more than shown, to know whether the answer is complete.
    let mut hits = commands::find_entities(session, text, kind, limit + 1)?;
    let more = hits.len() > limit;
    hits.truncate(limit);
    let graph = &session.graph;
    let mut book = SourceBook::default();
    let mut matches = Vec::new();
    for hit in &hits {
        let node = hit.iri.as_ref().into();
        matches.push(Match {
            entity: Entity::with_types(graph, &hit.iri, &hit.types, session.lang),
            label_en: graph.label_in(node, Lang::En),
            label_zh: graph.label_in(node, Lang::Zh),
            matched: Matched {
                field: serde_name(&hit.field),
                text: hit.text.clone(),
                lang: hit.lang.clone(),
                grade: serde_name(&hit.grade),
            },
            named_in: named_in(graph, &hit.iri, &mut book)?,
        });
    }
    let mut notes = Vec::new();
    if hits.is_empty() {
        notes.push(format!(
            "no entity's name resembles «{}»: try another spelling, the other language, or fewer words",
            crate::error::Shown(text.trim())
        ));
    } else if hits.iter().all(|hit| !hit.grade.is_confident()) {
        notes.push(
            "no name contains the text: these names are only alike (a typing mistake?); check them before use"
                .to_owned(),
        );
    }
    if more {
        notes.push(format!(
            "more than {limit} entities match: give more of the name, a type, or raise limit (at most {})",
            MATCHES.max
        ));
    }
    notes.extend(book.note());
    Ok(SearchAnswer {
        matches,
        complete: !more,
        sources: book.quoted,
        notes,
    })
}

/// The name serde gives a unit variant (`alt_label`, `prefix`): the one `hkkg search --format
/// json` writes.
fn serde_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The passages that state the entity's labels: where the source's words name it.
fn named_in(
    graph: &KnowledgeGraph,
    node: &NamedNode,
    book: &mut SourceBook,
) -> Result<Vec<String>> {
    let rdfs_label = format!("{}label", crate::rdf::namespaces::RDFS);
    let mut passages: Vec<(i64, String)> = Vec::new();
    for quad in graph.quads_for_pattern(
        Some(node.as_ref().into()),
        Some(NamedNodeRef::new_unchecked(&rdfs_label)),
        None,
        None,
    ) {
        let quad = quad?;
        if let GraphName::NamedNode(name) = &quad.graph_name {
            if let Origin::Passage { line_start, .. } =
                crate::output::cite::origin(graph, &quad.graph_name)
            {
                passages.push((line_start, name.as_str().to_owned()));
            }
        }
    }
    passages.sort();
    passages.dedup();
    let mut keys = Vec::new();
    for (_, passage) in passages.into_iter().take(NAMED_IN) {
        let name = GraphName::NamedNode(NamedNode::new_unchecked(passage));
        keys.extend(book.cite(graph, &name));
    }
    Ok(keys)
}

/// A fact about the entity cited.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Fact {
    pub subject: Value,
    pub predicate: Value,
    pub object: Value,
}

/// The facts one source states.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Cited {
    pub source: Source,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CiteAnswer {
    pub entity: Entity,
    /// By source: passages in text order first (each with its quoted words and lines), then other
    /// graphs, then facts with no recorded source.
    pub cited: Vec<Cited>,
    /// Every fact about the entity, shown or not.
    pub fact_count: usize,
    /// False when facts were left out past `max_facts`.
    pub complete: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

pub fn cite(session: &Session, name: &str, max_facts: Option<u32>) -> Result<CiteAnswer> {
    let max_facts = FACTS.take(max_facts)?;
    let graph = &session.graph;
    let lang = session.lang;
    let found = commands::cited(session, name).map_err(|e| naming(e, &[("entity", name)]))?;
    let (node, citations) = (found.entity, found.facts);
    let fact_count = citations.values().map(Vec::len).sum();
    let mut cited = Vec::new();
    let mut shown = 0;
    for (origin, quads) in &citations {
        if shown == max_facts {
            break;
        }
        let take = quads.len().min(max_facts - shown);
        shown += take;
        cited.push(Cited {
            source: Source::of(graph, origin),
            facts: quads[..take]
                .iter()
                .map(|quad| Fact {
                    subject: Value::of(graph, TermRef::from(quad.subject.as_ref()), lang),
                    predicate: Value::of(graph, quad.predicate.as_ref().into(), lang),
                    object: Value::of(graph, quad.object.as_ref(), lang),
                })
                .collect(),
        });
    }
    let complete = shown == fact_count;
    let notes = if complete {
        Vec::new()
    } else {
        vec![format!(
            "{shown} of {fact_count} facts are shown: raise max_facts (at most {}) or query the rest with sparql",
            FACTS.max
        )]
    };
    Ok(CiteAnswer {
        entity: Entity::of(graph, &node, lang)?,
        cited,
        fact_count,
        complete,
        notes,
    })
}

/// A relation a hop follows, with the sources that state it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Relation {
    /// The edge's label in the server's language.
    pub label: String,
    /// The property, as a prefixed name, when the view's edge is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// True when the stated fact points from this hop's `from` to its `to`, false when it points
    /// back (paths follow edges in either direction).
    pub forward: bool,
    /// The keys in `sources` of the passages (or graphs) that state it.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Hop {
    pub from: Value,
    pub to: Value,
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Path {
    /// The path in one line: `A —relation→ B ←relation— C`.
    pub text: String,
    pub hops: Vec<Hop>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PathsAnswer {
    pub view: String,
    pub from: Value,
    pub to: Value,
    /// The length of the shortest paths; absent when the two are not connected in the view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    pub paths: Vec<Path>,
    pub sources: BTreeMap<String, Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

pub fn find_paths(
    session: &Session,
    from: &str,
    to: &str,
    view: Option<&str>,
    params: Vec<Assignment>,
    limit: Option<u32>,
) -> Result<PathsAnswer> {
    let limit = PATHS.take(limit)?;
    let request = PathRequest {
        view: ViewRequest {
            source: QuerySource::Named(view.unwrap_or(DEFAULT_VIEW).to_owned()),
            params,
        },
        from: from.to_owned(),
        to: to.to_owned(),
        limit,
    };
    let found = commands::find_paths(session, &request)
        .map_err(|e| naming(e, &[("from", from), ("to", to)]))?;
    let graph = &session.graph;
    let lang = session.lang;
    let mut book = SourceBook::default();
    let mut paths = Vec::new();
    for path in &found.paths {
        let mut hops = Vec::new();
        for hop in path {
            let mut relations = Vec::new();
            for &(edge, forward) in &hop.edges {
                let weight = &found.view.graph[edge];
                let (subject, object) = if forward {
                    (hop.from, hop.to)
                } else {
                    (hop.to, hop.from)
                };
                relations.push(Relation {
                    label: weight.label(lang).to_owned(),
                    property: weight
                        .predicate
                        .as_deref()
                        .map(|p| property_name(NamedNodeRef::new_unchecked(p))),
                    forward,
                    sources: edge_sources(
                        graph,
                        &found.view,
                        subject,
                        object,
                        weight.predicate.as_deref(),
                        &mut book,
                    )?,
                });
            }
            hops.push(Hop {
                from: node_value(graph, &found.view, hop.from, lang),
                to: node_value(graph, &found.view, hop.to, lang),
                relations,
            });
        }
        paths.push(Path {
            text: describe_path(&found.view, path, lang),
            hops,
        });
    }
    let mut notes = Vec::new();
    if found.paths.is_empty() {
        notes.push(format!(
            "the two are not connected in the view {}; another view (list_queries lists them) may connect them",
            found.view.name
        ));
    } else if found.paths.len() == limit {
        notes.push(format!(
            "at most {limit} paths are shown; there may be more of the same length (raise limit, at most {})",
            PATHS.max
        ));
    }
    notes.extend(book.note());
    Ok(PathsAnswer {
        view: found.view.name.clone(),
        from: node_value(graph, &found.view, found.from, lang),
        to: node_value(graph, &found.view, found.to, lang),
        length: found.paths.first().map(Vec::len),
        paths,
        sources: book.quoted,
        notes,
    })
}

/// A failure to find the entity an argument names, said with the argument's name (`arguments`
/// pairs each name with the value given), so that the assistant knows which one to correct.
/// Other errors are left as they are.
fn naming(error: Error, arguments: &[(&str, &str)]) -> Error {
    let input = match &error {
        Error::UnknownEntity { input, .. }
        | Error::AmbiguousEntity { input, .. }
        | Error::UnknownPrefix { input, .. } => input.as_str(),
        // "input (prefixed name)".
        Error::NotInView { entity, .. } => entity.as_str(),
        _ => return error,
    };
    let Some((name, _)) = arguments.iter().find(|(_, given)| {
        let given = given.trim();
        input == given || input.starts_with(&format!("{given} ("))
    }) else {
        return error;
    };
    let message = match &error {
        Error::NotInView {
            entity,
            view,
            suggestions,
        } => format!(
            "{entity} is in the graph but not in the view '{view}'{}; search another view (the argument 'view'; list_queries lists them)",
            crate::error::DidYouMean(suggestions)
        ),
        other => other.to_string(),
    };
    Error::InvalidParameter {
        name: (*name).to_owned(),
        message,
    }
}

/// The RDF term of a view node: its IRI, or the literal its id spells.
fn node_term(view: &ViewGraph, index: NodeIndex) -> Option<Term> {
    let node = &view.graph[index];
    match &node.iri {
        Some(iri) => Some(NamedNode::new_unchecked(iri).into()),
        None => node
            .id
            .strip_prefix("literal:")
            .and_then(|literal| Term::from_str(literal).ok()),
    }
}

fn node_value(graph: &KnowledgeGraph, view: &ViewGraph, index: NodeIndex, lang: Lang) -> Value {
    match node_term(view, index) {
        Some(term) => Value::of(graph, term.as_ref(), lang),
        None => Value::of(
            graph,
            oxigraph::model::LiteralRef::new_simple_literal(view.graph[index].label(lang)).into(),
            lang,
        ),
    }
}

/// The sources stating the fact an edge stands for, when the edge is a property between two
/// terms of the graph (a view may also build edges of its own, which no passage states as such).
fn edge_sources(
    graph: &KnowledgeGraph,
    view: &ViewGraph,
    subject: NodeIndex,
    object: NodeIndex,
    predicate: Option<&str>,
    book: &mut SourceBook,
) -> Result<Vec<String>> {
    let (Some(Term::NamedNode(subject)), Some(object), Some(predicate)) =
        (node_term(view, subject), node_term(view, object), predicate)
    else {
        return Ok(Vec::new());
    };
    let stated = book.stating(
        graph,
        subject.as_ref().into(),
        Some(NamedNodeRef::new_unchecked(predicate)),
        object.as_ref(),
    )?;
    Ok(stated.into_values().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_default_and_are_refused_outside_their_range() {
        assert_eq!(ROWS.take(None).unwrap(), ROWS.default);
        assert_eq!(ROWS.take(Some(500)).unwrap(), 500);
        for bad in [0, 501] {
            let error = ROWS.take(Some(bad)).unwrap_err().to_string();
            assert!(
                error.contains("'max_rows'") && error.contains("1 to 500"),
                "{error}"
            );
        }
    }
}
