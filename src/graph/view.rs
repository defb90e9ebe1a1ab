//! Graph views: a SPARQL SELECT query that yields edges, turned into a petgraph graph whose nodes
//! carry what the knowledge graph says about them (types, labels in both languages, IRI, dates).
//!
//! A view lives in `queries/views/NAME.rq` (bundled) or in a directory given with `--views`, and
//! opens with the same header as a named query (`# title:`, `# description:`, `# param:`). Its
//! SELECT must yield
//!
//! * `?source`, `?target`: the two ends of an edge (IRIs; literals become nodes of their own);
//! * `?label`: the edge label, a property IRI (shown by its rdfs:label) or a literal;
//!
//! and may yield
//!
//! * `?weight`: a non-negative number (default 1);
//! * `?start`, `?end`: the edge's time interval as `xsd:date` (YYYY-MM-DD…).
//!
//! Rows with the same source, target and label are one edge (the largest weight is kept): the same
//! fact is often stated by several passages, and each passage graph would otherwise repeat it. To
//! add weights up, aggregate in the query (GROUP BY … SUM).
//!
//! An edge is undirected when its property is declared `owl:SymmetricProperty` (`hk:sameWordsAs`:
//! A says the same words as B, and B as A) or when the view's header says `# edges: undirected`;
//! then A–B and B–A are one edge.
//!
//! A node's type for colouring and shaping is its most specific class (with `--reason rdfs` a visa
//! arrangement is also an `hk:Outcome`, and is drawn as a visa arrangement).
//!
//! Nodes and edges are inserted in sorted order, so node indices, edge ids and every dump are the
//! same on every run.

use crate::error::{Error, Result};
use crate::graph::style::{self, Look};
use crate::query::catalog::NamedQuery;
use crate::query::sparql::{self, Limits};
use crate::rdf::datatype;
use crate::rdf::namespaces::{display_iri, expand, HK, RDF};
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::sparql::{QueryResults, QuerySolution, Variable};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, HashMap, HashSet};

const OWL: &str = "http://www.w3.org/2002/07/owl#";

const REQUIRED: [&str; 3] = ["source", "target", "label"];

/// Dates of every node that has its own schema:startDate, or that a visit produced or took along
/// (outcomes, delegations, legs), so that a timeline shows them when the visit happened. Countries
/// and people are not dated: they exist before and after any one visit.
const NODE_DATES: &str = "SELECT ?node (MIN(STR(?s)) AS ?start) (MAX(STR(?e)) AS ?end) WHERE {
  { ?node schema:startDate ?s . OPTIONAL { ?node schema:endDate ?e } }
  UNION
  { ?visit (hk:outcome|hk:delegation|schema:subEvent) ?node ; schema:startDate ?s .
    OPTIONAL { ?visit schema:endDate ?e } }
} GROUP BY ?node";

/// A node of a view: an entity of the knowledge graph (or a literal the view yielded).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Stable identifier: the IRI, or `literal:` followed by the literal's N-Triples form.
    pub id: String,
    pub iri: Option<String>,
    pub label_en: String,
    pub label_zh: String,
    /// rdf:types as prefixed names, hkkg's own first, then sorted.
    pub types: Vec<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// The node's measures in its whole view, when they were asked for.
    pub measures: Option<Measured>,
}

/// What `analyze` measures of a node, carried into dumps as node attributes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Measured {
    pub degree: usize,
    pub pagerank: f64,
    pub betweenness: f64,
    pub closeness: f64,
    /// None when the power iteration did not converge.
    pub eigenvector: Option<f64>,
    pub core: usize,
    pub component: usize,
    pub community: usize,
}

impl Node {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label_en,
            Lang::Zh => &self.label_zh,
        }
    }

    /// The most specific class as a prefixed name (or an IRI in angle brackets), if typed.
    pub fn class(&self) -> Option<&str> {
        self.types.first().map(String::as_str)
    }

    /// How the node is drawn: its class's colour and shape.
    pub fn look(&self) -> Look {
        style::look(self.class())
    }

    /// The most specific type's local name, as dumps and reports name it.
    pub fn kind(&self) -> &str {
        match self.types.first() {
            Some(t) => t.rsplit([':', '/', '#']).next().unwrap_or(t),
            None if self.iri.is_some() => "Resource",
            None => "Literal",
        }
    }
}

/// An edge of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub label_en: String,
    pub label_zh: String,
    /// The property IRI when the view's ?label was one.
    pub predicate: Option<String>,
    pub weight: f64,
    pub start: Option<String>,
    pub end: Option<String>,
    /// False for a relation without direction: a symmetric property, or a view of undirected edges.
    pub directed: bool,
}

impl Edge {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label_en,
            Lang::Zh => &self.label_zh,
        }
    }
}

/// A view's graph: directed, possibly with parallel edges of different labels.
#[derive(Debug, Clone)]
pub struct ViewGraph {
    pub name: String,
    pub title: String,
    pub graph: StableDiGraph<Node, Edge>,
    /// The label in English and Chinese of each class nodes are drawn by, keyed by prefixed name.
    pub classes: BTreeMap<String, (String, String)>,
    by_id: HashMap<String, NodeIndex>,
}

impl ViewGraph {
    pub fn new(name: &str, title: &str) -> Self {
        Self {
            name: name.to_owned(),
            title: title.to_owned(),
            graph: StableDiGraph::new(),
            classes: BTreeMap::new(),
            by_id: HashMap::new(),
        }
    }

    /// Adds a node, or returns the one with the same id.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&index) = self.by_id.get(&node.id) {
            return index;
        }
        let id = node.id.clone();
        let index = self.graph.add_node(node);
        self.by_id.insert(id, index);
        index
    }

    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The graph induced by `keep`, in the order given (ego networks, path neighbourhoods).
    pub fn subgraph(&self, keep: &[NodeIndex]) -> ViewGraph {
        let mut sub = ViewGraph::new(&self.name, &self.title);
        sub.classes = self.classes.clone();
        let mapped: HashMap<NodeIndex, NodeIndex> = keep
            .iter()
            .map(|&old| (old, sub.add_node(self.graph[old].clone())))
            .collect();
        for edge in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(edge).expect("a live edge");
            if let (Some(&a), Some(&b)) = (mapped.get(&a), mapped.get(&b)) {
                sub.graph.add_edge(a, b, self.graph[edge].clone());
            }
        }
        sub
    }
}

/// Runs `view` with `bindings` and builds its graph.
pub fn build(
    kg: &KnowledgeGraph,
    view: &NamedQuery,
    bindings: &[(Variable, Term)],
    limits: &Limits,
) -> Result<ViewGraph> {
    let bad = |message: String| Error::BadView {
        view: view.name.clone(),
        message,
    };
    let prepared = sparql::prepare(&view.text, view.base_iri.as_deref())?;
    let answer = sparql::evaluate(kg, prepared, bindings, limits)?;
    let QueryResults::Solutions(solutions) = answer.results else {
        return Err(bad(
            "a view must be a SELECT query yielding ?source ?target ?label".to_owned(),
        ));
    };
    let yielded: Vec<&str> = solutions.variables().iter().map(Variable::as_str).collect();
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|name| !yielded.contains(name))
        .map(|name| format!("?{name}"))
        .collect();
    if !missing.is_empty() {
        return Err(bad(format!(
            "the query does not yield {}; a view must yield ?source ?target ?label (and may yield ?weight ?start ?end); it yields {}",
            missing.join(" "),
            if yielded.is_empty() { "nothing".to_owned() } else { yielded.iter().map(|v| format!("?{v}")).collect::<Vec<_>>().join(" ") }
        )));
    }

    let symmetric = symmetric_properties(kg);
    let undirected = |label: &Term| {
        view.undirected || matches!(label, Term::NamedNode(p) if symmetric.contains(p.as_str()))
    };
    // (source id, target id, label) → (label term, weight, start, end): identical rows collapse
    // into one edge, and so do A–B and B–A of an undirected relation (its ends in id order).
    let mut rows: BTreeMap<(String, String, String), RowEdge> = BTreeMap::new();
    let mut endpoints: HashMap<String, Term> = HashMap::new();
    for (number, solution) in solutions.enumerate() {
        let row = Row {
            solution: solution?,
            number: number + 1,
        };
        let ends = (row.term("source"), row.term("target"), row.term("label"));
        let (Some(source), Some(target), Some(label)) = ends else {
            return Err(bad(format!(
                "result row {} has no value for {}; make the pattern that binds it non-optional",
                row.number,
                REQUIRED
                    .iter()
                    .find(|v| row.term(v).is_none())
                    .map_or(String::new(), |v| format!("?{v}"))
            )));
        };
        let weight = row.weight().map_err(&bad)?;
        let start = row.date("start").map_err(&bad)?;
        let end = row.date("end").map_err(&bad)?;
        if let (Some(start), Some(end)) = (&start, &end) {
            // Both are YYYY-MM-DD, so text order is date order.
            if end < start {
                return Err(bad(format!(
                    "result row {}: the edge ends ({end}) before it starts ({start}); swap ?start and ?end or fix the data",
                    row.number
                )));
            }
        }
        let (mut source_id, mut target_id) = (term_id(&source), term_id(&target));
        if undirected(&label) && target_id < source_id {
            std::mem::swap(&mut source_id, &mut target_id);
        }
        let key = (source_id, target_id, label.to_string());
        endpoints.insert(term_id(&source), source);
        endpoints.insert(term_id(&target), target);
        let directed = !undirected(&label);
        let entry = rows.entry(key).or_insert(RowEdge {
            label,
            weight,
            start: start.clone(),
            end: end.clone(),
            directed,
        });
        entry.weight = entry.weight.max(weight);
        entry.start = entry.start.take().or(start);
        entry.end = entry.end.take().or(end);
    }
    assemble(
        kg,
        ViewGraph::new(&view.name, &view.title),
        rows,
        endpoints,
        limits,
    )
}

/// The graph of a CONSTRUCT or DESCRIBE answer drawn as a view: each triple an edge from its
/// subject to its object, labelled by its predicate.
pub fn from_triples(
    kg: &KnowledgeGraph,
    name: &str,
    triples: Vec<oxigraph::model::Triple>,
    limits: &Limits,
) -> Result<ViewGraph> {
    let symmetric = symmetric_properties(kg);
    let mut rows: BTreeMap<(String, String, String), RowEdge> = BTreeMap::new();
    let mut endpoints: HashMap<String, Term> = HashMap::new();
    for triple in triples {
        let source: Term = triple.subject.into();
        let directed = !symmetric.contains(triple.predicate.as_str());
        let label: Term = triple.predicate.into();
        let key = (term_id(&source), term_id(&triple.object), label.to_string());
        endpoints.insert(key.0.clone(), source);
        endpoints.insert(key.1.clone(), triple.object);
        rows.entry(key).or_insert(RowEdge {
            label,
            weight: 1.0,
            start: None,
            end: None,
            directed,
        });
    }
    assemble(kg, ViewGraph::new(name, name), rows, endpoints, limits)
}

/// Nodes described from the knowledge graph, then the edges, both in a stable order.
fn assemble(
    kg: &KnowledgeGraph,
    mut graph: ViewGraph,
    rows: BTreeMap<(String, String, String), RowEdge>,
    endpoints: HashMap<String, Term>,
    limits: &Limits,
) -> Result<ViewGraph> {
    let dates = node_dates(kg, limits)?;
    let superclasses = superclasses(kg, limits)?;
    let named = endpoints.values().filter_map(|term| match term {
        Term::NamedNode(node) => Some(node),
        _ => None,
    });
    kg.describe_all(named)?;
    let mut nodes: Vec<Node> = endpoints
        .values()
        .map(|term| describe(kg, term, &dates, &superclasses))
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    for node in nodes {
        if let Some(class) = node.class() {
            if !graph.classes.contains_key(class) {
                graph
                    .classes
                    .insert(class.to_owned(), class_labels(kg, class));
            }
        }
        graph.add_node(node);
    }
    // The rows are sorted by (source id, target id, label) and node indices follow id order, so
    // edges are inserted in a stable order too.
    for ((source, target, _), row) in rows {
        let RowEdge {
            label,
            weight,
            start,
            end,
            directed,
        } = row;
        let a = graph.node(&source).expect("every endpoint is a node");
        let b = graph.node(&target).expect("every endpoint is a node");
        // An edge without its own interval lives while its dated end does, so a timeline shows
        // a visit's edges with the visit.
        let (start, end) = match (start, end) {
            (None, None) => inherited_interval(&graph.graph[a], &graph.graph[b]),
            given => given,
        };
        let (label_en, label_zh, predicate) = edge_labels(kg, &label);
        let edge = Edge {
            label_en,
            label_zh,
            predicate,
            weight,
            start,
            end,
            directed,
        };
        graph.graph.add_edge(a, b, edge);
    }
    Ok(graph)
}

/// What the rows with one (source, target, label) say about their edge.
struct RowEdge {
    label: Term,
    weight: f64,
    start: Option<String>,
    end: Option<String>,
    /// False for a symmetric relation or a view of undirected edges.
    directed: bool,
}

/// One result row, for reading the optional columns with errors that name the row.
struct Row {
    solution: QuerySolution,
    number: usize,
}

impl Row {
    fn term(&self, variable: &str) -> Option<Term> {
        self.solution.get(variable).cloned()
    }

    fn weight(&self) -> Result<f64, String> {
        let Some(term) = self.solution.get("weight") else {
            return Ok(1.0);
        };
        let parsed = match term {
            Term::Literal(literal) => literal.value().parse::<f64>().ok(),
            _ => None,
        };
        let problem = match parsed {
            Some(w) if w.is_finite() && w >= 0.0 => return Ok(w),
            Some(w) if w.is_nan() => "is NaN",
            Some(w) if w.is_infinite() => "is infinite",
            Some(_) => "is negative",
            None => "is not a number",
        };
        Err(format!(
            "result row {}: ?weight {problem} ({term}); a weight must be a finite number of at least 0",
            self.number
        ))
    }

    fn date(&self, variable: &str) -> Result<Option<String>, String> {
        let Some(term) = self.solution.get(variable) else {
            return Ok(None);
        };
        match term {
            Term::Literal(literal)
                if literal.value().get(..10).is_some_and(|day| {
                    datatype::invalid_reason(oxigraph::model::vocab::xsd::DATE.as_str(), day)
                        .is_none()
                }) =>
            {
                Ok(Some(literal.value()[..10].to_owned()))
            }
            other => Err(format!(
                "result row {}: ?{variable} must be a date (YYYY-MM-DD), found {other}",
                self.number
            )),
        }
    }
}

fn term_id(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => node.as_str().to_owned(),
        // Blank node labels change between loads; views over hkkg's data never yield them.
        Term::BlankNode(node) => node.to_string(),
        other => format!("literal:{other}"),
    }
}

fn describe(
    kg: &KnowledgeGraph,
    term: &Term,
    dates: &HashMap<String, (String, Option<String>)>,
    superclasses: &HashMap<String, HashSet<String>>,
) -> Node {
    let id = term_id(term);
    let (start, end) = dates
        .get(&id)
        .map_or((None, None), |(s, e)| (Some(s.clone()), e.clone()));
    let subject = match term {
        Term::NamedNode(node) => Some(oxigraph::model::NamedOrBlankNodeRef::from(node.as_ref())),
        Term::BlankNode(node) => Some(node.as_ref().into()),
        _ => None,
    };
    let Some(subject) = subject else {
        let value = match term {
            Term::Literal(literal) => literal.value().to_owned(),
            other => other.to_string(),
        };
        return Node {
            id,
            iri: None,
            label_en: value.clone(),
            label_zh: value,
            types: Vec::new(),
            start,
            end,
            measures: None,
        };
    };
    let fallback = || display_iri(&id);
    let types: Vec<String> = kg
        .types(subject)
        .into_iter()
        .map(NamedNode::into_string)
        .collect();
    // Most specific first: a class that is a superclass of another of the node's types goes after
    // it; then hkkg's own classes, then by name.
    let is_general = |class: &String| {
        types
            .iter()
            .any(|other| superclasses.get(other).is_some_and(|s| s.contains(class)))
    };
    let mut ranked: Vec<(bool, bool, &String)> = types
        .iter()
        .map(|t| (is_general(t), !t.starts_with(HK), t))
        .collect();
    ranked.sort();
    Node {
        iri: matches!(term, Term::NamedNode(_)).then(|| id.clone()),
        label_en: kg.label(subject, Lang::En).unwrap_or_else(fallback),
        label_zh: kg.label(subject, Lang::Zh).unwrap_or_else(fallback),
        types: ranked.iter().map(|(_, _, t)| display_iri(t)).collect(),
        id,
        start,
        end,
        measures: None,
    }
}

/// Each class's superclasses (rdfs:subClassOf, transitively), for finding a node's most specific
/// type.
fn superclasses(kg: &KnowledgeGraph, limits: &Limits) -> Result<HashMap<String, HashSet<String>>> {
    let mut found: HashMap<String, HashSet<String>> = HashMap::new();
    // subClassOf+ written as one step then any: Virtuoso refuses a transitive path with neither
    // end bound ("transitive start not given").
    let query = "SELECT DISTINCT ?class ?super WHERE { ?class rdfs:subClassOf ?direct . ?direct rdfs:subClassOf* ?super }";
    for_each_solution(kg, query, limits, |solution| {
        if let (Some(Term::NamedNode(class)), Some(Term::NamedNode(sup))) =
            (solution.get("class"), solution.get("super"))
        {
            found
                .entry(class.as_str().to_owned())
                .or_default()
                .insert(sup.as_str().to_owned());
        }
    })?;
    Ok(found)
}

/// Runs one of the view builder's own SELECT queries and hands each row to `row`.
fn for_each_solution(
    kg: &KnowledgeGraph,
    query: &str,
    limits: &Limits,
    mut row: impl FnMut(&QuerySolution),
) -> Result<()> {
    let answer = sparql::evaluate(kg, sparql::prepare(query, None)?, &[], limits)?;
    if let QueryResults::Solutions(solutions) = answer.results {
        for solution in solutions {
            row(&solution?);
        }
    }
    Ok(())
}

/// The properties declared owl:SymmetricProperty.
fn symmetric_properties(kg: &KnowledgeGraph) -> HashSet<String> {
    let rdf_type = format!("{RDF}type");
    let symmetric = format!("{OWL}SymmetricProperty");
    kg.facts_for_pattern(
        None,
        Some(NamedNodeRef::new_unchecked(&rdf_type)),
        Some(NamedNodeRef::new_unchecked(&symmetric).into()),
        None,
    )
    .flatten()
    .filter_map(|quad| match quad.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(p) => Some(p.into_string()),
        _ => None,
    })
    .collect()
}

/// A class's labels in English and Chinese (its local name when it has none), for legends.
fn class_labels(kg: &KnowledgeGraph, class: &str) -> (String, String) {
    let local = class.rsplit([':', '/', '#']).next().unwrap_or(class);
    let Ok(iri) = expand(class) else {
        return (local.to_owned(), local.to_owned());
    };
    let subject = iri.as_ref().into();
    (
        kg.label(subject, Lang::En)
            .unwrap_or_else(|| local.to_owned()),
        kg.label(subject, Lang::Zh)
            .unwrap_or_else(|| local.to_owned()),
    )
}

fn node_dates(
    kg: &KnowledgeGraph,
    limits: &Limits,
) -> Result<HashMap<String, (String, Option<String>)>> {
    let mut dates = HashMap::new();
    for_each_solution(kg, NODE_DATES, limits, |solution| {
        if let (Some(Term::NamedNode(node)), Some(Term::Literal(start))) =
            (solution.get("node"), solution.get("start"))
        {
            let end = match solution.get("end") {
                Some(Term::Literal(end)) => Some(end.value().to_owned()),
                _ => None,
            };
            dates.insert(node.as_str().to_owned(), (start.value().to_owned(), end));
        }
    })?;
    Ok(dates)
}

fn inherited_interval(a: &Node, b: &Node) -> (Option<String>, Option<String>) {
    [a, b]
        .into_iter()
        .find(|node| node.start.is_some())
        .map_or((None, None), |node| (node.start.clone(), node.end.clone()))
}

/// (English label, Chinese label, property IRI) of an edge label term.
fn edge_labels(kg: &KnowledgeGraph, label: &Term) -> (String, String, Option<String>) {
    match label {
        Term::NamedNode(property) => {
            let fallback = || display_iri(property.as_str());
            let subject = property.as_ref().into();
            (
                kg.label(subject, Lang::En).unwrap_or_else(fallback),
                kg.label(subject, Lang::Zh).unwrap_or_else(fallback),
                Some(property.as_str().to_owned()),
            )
        }
        Term::Literal(literal) => (literal.value().to_owned(), literal.value().to_owned(), None),
        other => (other.to_string(), other.to_string(), None),
    }
}
