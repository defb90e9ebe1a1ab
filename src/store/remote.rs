//! The knowledge graph in a remote SPARQL 1.1 store (`--endpoint URL`), and `hkkg push`, which
//! puts the loaded graph there.
//!
//! What a remote graph answers is what the embedded store answers for the same data: named queries,
//! views, citations, statistics and exports run the same library code, which reads the graph only
//! through `KnowledgeGraph` and `sparql::evaluate`; those send SPARQL to the endpoint here.
//!
//! **The dataset.** hkkg's queries expect a default graph holding every fact once and one named
//! graph per passage. A store's own default graph is not that: Virtuoso's is the union of every
//! graph *including its system graphs* (about 2,500 triples of `virtrdf:` and others on a fresh
//! database), and it is a union of bags: a fact stated by two passages is matched twice, so
//! `COUNT(*)` and sums double (measured on Virtuoso 7.2). So `push` writes, besides each named
//! graph, the merged graph once into [`merged_graph`] and a description of what it pushed into
//! [`manifest_graph`]; every query on a remote graph that was pushed to then runs over
//! `FROM <hkg:merged> FROM NAMED <each pushed graph>` (unless it names its own dataset). That
//! stores each fact twice, as the embedded store does, and gives the same answers on any store
//! whatever its default graph is. An endpoint without a manifest (data loaded by other means) is
//! queried over its own dataset.
//!
//! **Idempotence.** Each graph is replaced, never added to: a Graph Store Protocol PUT
//! (`--graph-store`), or a `DROP SILENT GRAPH` followed by `INSERT DATA`. Those operations go
//! several graphs to a request, about [`INSERT_BATCH`] triples each: a generated graph of a
//! million triples has some 30,000 passages, and a request per graph would be 60,000 requests.
//! One request is sent at a time: Virtuoso 7.2 fails concurrent `INSERT DATA`s that hold blank
//! nodes ("'nodeID://8192' is not valid bnode IRI", measured with four in flight).
//! Graphs an earlier push listed that the data no longer has are dropped, and the manifest is
//! written last, so running push twice leaves the same remote state.
//! A push is not one transaction (SPARQL has none across requests): if it stops half-way, running
//! it again completes it.

use crate::error::{Error, Result};
use crate::query::algebra::Role;
use crate::query::remote::Endpoint;
use crate::query::sparql::{self, Prepared};
use crate::rdf::namespaces::{HKG, RDF, RDFS, SKOS};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, Term, TermRef, Triple,
};
use oxigraph::sparql::{QueryResults, Variable};
use spargebra::algebra::{GraphPattern, GraphTarget, QueryDataset};
use spargebra::term::{GroundTerm, TriplePattern};
use spargebra::{GraphUpdateOperation, Query};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// Triples per update request, and per `INSERT DATA` at most. Virtuoso 7.2 compiles an update
/// into SQL, at a cost that grows faster than the text: 100 requests of 1,000 triples took 78 s,
/// 100 of 100 took 1.9 s, and for the same 20,000 triples 50 to 200 a request were fastest
/// (4.6-5.0 s; 25 took 5.8, 400 took 6.0). At 1,500 it refuses the text outright (SP031).
/// Pushing 100,000 generated triples went from 107 s at 1,000 to 72 s at 100.
pub const INSERT_BATCH: usize = 100;

/// Triples per Graph Store request: a million-triple merged graph in one PUT found Virtuoso 7.2
/// still at work after the 60 s limit; a PUT of the first part and POSTs of the rest keep each
/// request short, and the graph is still replaced, not added to.
pub const GRAPH_STORE_BATCH: usize = 10_000;

const SERVICE_DESCRIPTION: &str = "http://www.w3.org/ns/sparql-service-description#";

/// The graph in which `push` writes the merged graph (every fact once).
pub fn merged_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}merged"))
}

/// The graph in which `push` lists what it pushed: `<manifest> sd:namedGraph <graph>` for each
/// named graph and `<manifest> sd:defaultGraph <hkg:merged>`.
pub fn manifest_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}pushed"))
}

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SERVICE_DESCRIPTION}{local}"))
}

/// A knowledge graph held by a SPARQL endpoint.
pub struct RemoteStore {
    endpoint: Endpoint,
    /// The named graphs a push listed, when the endpoint has a manifest.
    named: Option<Vec<NamedNode>>,
    /// The labels and classes of nodes already asked about (see [`RemoteStore::describe_all`]):
    /// tables and views ask for the same few many times.
    described: Mutex<HashMap<NamedNode, Description>>,
}

/// What [`RemoteStore::describe_all`] learns of a node: its labels and its classes.
#[derive(Clone, Default)]
struct Description {
    labels: Labels,
    types: Arc<[NamedNode]>,
}

/// Nodes described per request by [`RemoteStore::describe_all`]: a `VALUES` of a few hundred IRIs
/// keeps a request small, and a view of ten thousand nodes takes tens of requests, not 20,000.
const DESCRIBED_PER_REQUEST: usize = 250;

/// A node's label literals, each with the index of its predicate in [`label_predicates`].
pub(crate) type Labels = Arc<[(usize, Literal)]>;

/// The label predicates, in order of preference.
pub(crate) fn label_predicates() -> [NamedNode; 2] {
    [
        NamedNode::new_unchecked(format!("{RDFS}label")),
        NamedNode::new_unchecked(format!("{SKOS}prefLabel")),
    ]
}

impl RemoteStore {
    /// Connects to `endpoint` and reads what an earlier push left there.
    pub fn open(endpoint: Endpoint) -> Result<Self> {
        let named = read_manifest(&endpoint)?;
        Ok(Self {
            endpoint,
            named: (!named.is_empty()).then_some(named),
            described: Mutex::default(),
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Evaluates a query over the pushed dataset (see the module comment).
    pub fn evaluate(&self, mut query: Query) -> Result<QueryResults<'static>> {
        if let Some(named) = &self.named {
            let scoped = QueryDataset {
                default: vec![merged_graph()],
                named: Some(named_graphs_read(&query, named)?),
            };
            match &mut query {
                Query::Select { dataset, .. }
                | Query::Construct { dataset, .. }
                | Query::Describe { dataset, .. }
                | Query::Ask { dataset, .. } => {
                    dataset.get_or_insert(scoped);
                }
            }
        }
        self.endpoint.query(&query)
    }

    /// Prepares one of hkkg's own fixed queries, binds `bindings`, and collects its solutions.
    fn rows(&self, text: &str, bindings: &[(Variable, Term)]) -> Result<Vec<Vec<Option<Term>>>> {
        self.solutions(bound(text, bindings)?)
    }

    /// Evaluates a SELECT query and collects its solutions, a row of terms each.
    fn solutions(&self, query: Query) -> Result<Vec<Vec<Option<Term>>>> {
        let QueryResults::Solutions(solutions) = self.evaluate(query)? else {
            return Err(unexpected(self.endpoint.url(), "solutions"));
        };
        let names: Vec<Variable> = solutions.variables().to_vec();
        solutions
            .map(|row| {
                let row = row?;
                Ok(names.iter().map(|name| row.get(name).cloned()).collect())
            })
            .collect()
    }

    fn ask(&self, text: &str, bindings: &[(Variable, Term)]) -> Result<bool> {
        match self.evaluate(bound(text, bindings)?)? {
            QueryResults::Boolean(answer) => Ok(answer),
            _ => Err(unexpected(self.endpoint.url(), "yes or no")),
        }
    }

    /// The quads matching a pattern (None: any), in every graph unless `graph` is given, at most
    /// `limit` of them.
    pub fn quads_for_pattern(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
        limit: Option<usize>,
    ) -> Result<Vec<Quad>> {
        let Some(mut bindings) = pattern_bindings(subject, predicate, object) else {
            return Ok(Vec::new());
        };
        let text = match graph {
            Some(GraphNameRef::DefaultGraph) => "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
            Some(GraphNameRef::NamedNode(name)) => {
                bindings.push((var("g"), name.into_owned().into()));
                "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
            }
            Some(GraphNameRef::BlankNode(_)) => return Ok(Vec::new()),
            None => "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
        };
        let mut query = bound(text, &bindings)?;
        if let (Some(length), Query::Select { pattern, .. }) = (limit, &mut query) {
            *pattern = GraphPattern::Slice {
                inner: Box::new(std::mem::take(pattern)),
                start: 0,
                length: Some(length),
            };
        }
        self.solutions(query)?
            .into_iter()
            .filter_map(|row| quad_of(&row).transpose())
            .collect()
    }

    /// Whether some named graph states this triple.
    pub fn is_stated_in_a_named_graph(&self, triple: &Quad) -> Result<bool> {
        let Some(bindings) = pattern_bindings(
            Some(triple.subject.as_ref()),
            Some(triple.predicate.as_ref()),
            Some(triple.object.as_ref()),
        ) else {
            return Ok(false);
        };
        self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", &bindings)
    }

    /// The default-graph statements no named graph also states.
    pub fn default_only(&self) -> Result<Vec<Quad>> {
        self.rows(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }",
            &[],
        )?
        .into_iter()
        .filter_map(|row| quad_of(&row).transpose())
        .collect()
    }

    /// The named graphs: those a push listed, else those the endpoint has.
    pub fn named_graphs(&self) -> Result<Vec<NamedOrBlankNode>> {
        if let Some(named) = &self.named {
            return Ok(named.iter().cloned().map(Into::into).collect());
        }
        Ok(self
            .rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", &[])?
            .into_iter()
            .filter_map(|row| match row.into_iter().next().flatten() {
                Some(Term::NamedNode(node)) => Some(node.into()),
                Some(Term::BlankNode(node)) => Some(node.into()),
                _ => None,
            })
            .collect())
    }

    /// How many quads the dataset holds, in the default graph and the named graphs.
    pub fn quad_count(&self) -> Result<usize> {
        let rows = self.rows(
            "SELECT ((?d + ?n) AS ?count) WHERE { { SELECT (COUNT(*) AS ?d) WHERE { ?s ?p ?o } } { SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } } }",
            &[],
        )?;
        match rows.first().and_then(|row| row.first()) {
            Some(Some(Term::Literal(count))) => count.value().parse().map_err(|_| {
                Error::QueryEvaluation(format!(
                    "the endpoint counted {count}, not a number of quads"
                ))
            }),
            _ => Ok(0),
        }
    }

    /// Whether some quad has `node` as its subject.
    pub fn describes(&self, node: NamedOrBlankNodeRef<'_>) -> Result<bool> {
        let Some(bindings) = pattern_bindings(Some(node), None, None) else {
            return Ok(false);
        };
        self.ask(
            "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
            &bindings,
        )
    }

    /// The labels of `node` (rdfs:label and skos:prefLabel literals), each with the index of its
    /// predicate in [`label_predicates`]; asked once per node (see [`Self::describe_all`]).
    pub fn labels(&self, node: NamedOrBlankNodeRef<'_>) -> Result<Labels> {
        // A blank node's label is never asked of a remote store: blank node names are the
        // answer's own, not the store's.
        let NamedOrBlankNodeRef::NamedNode(node) = node else {
            return Ok(Arc::new([]));
        };
        Ok(self.description(&node.into_owned())?.labels)
    }

    /// Asks for the labels and classes of every node in `nodes` not yet known, a few hundred a
    /// request, so that [`Self::labels`] and [`Self::types`] answer from what is kept.
    pub fn describe_all<'n>(&self, nodes: impl IntoIterator<Item = &'n NamedNode>) -> Result<()> {
        let unknown: Vec<NamedNode> = {
            let described = lock(&self.described);
            let mut unknown: Vec<NamedNode> = nodes
                .into_iter()
                .filter(|node| !described.contains_key(*node))
                .cloned()
                .collect();
            unknown.sort();
            unknown.dedup();
            unknown
        };
        let predicates = label_predicates();
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        let asked: Vec<NamedNode> = std::iter::once(rdf_type.clone())
            .chain(predicates.iter().cloned())
            .collect();
        for chunk in unknown.chunks(DESCRIBED_PER_REQUEST) {
            let (s, p, o) = (var("s"), var("p"), var("o"));
            let column = |variable: &Variable, values: &[NamedNode]| GraphPattern::Values {
                variables: vec![variable.clone()],
                bindings: values
                    .iter()
                    .map(|value| vec![Some(GroundTerm::NamedNode(value.clone()))])
                    .collect(),
            };
            let triple = TriplePattern {
                subject: s.clone().into(),
                predicate: p.clone().into(),
                object: o.clone().into(),
            };
            let pattern = GraphPattern::Join {
                left: Box::new(column(&s, chunk)),
                right: Box::new(GraphPattern::Join {
                    left: Box::new(column(&p, &asked)),
                    right: Box::new(GraphPattern::Bgp {
                        patterns: vec![triple],
                    }),
                }),
            };
            let query = Query::Select {
                dataset: None,
                pattern: GraphPattern::Project {
                    inner: Box::new(pattern),
                    variables: vec![s, p, o],
                },
                base_iri: None,
            };
            let QueryResults::Solutions(solutions) = self.evaluate(query)? else {
                return Err(unexpected(self.endpoint.url(), "solutions"));
            };
            // Each node's labels and classes as the rows come.
            type Found = (Vec<(usize, Literal)>, Vec<NamedNode>);
            let mut found: HashMap<&NamedNode, Found> = chunk
                .iter()
                .map(|node| (node, Default::default()))
                .collect();
            for row in solutions {
                let row = row?;
                let (Some(Term::NamedNode(node)), Some(Term::NamedNode(predicate)), Some(object)) =
                    (row.get("s"), row.get("p"), row.get("o"))
                else {
                    continue;
                };
                let Some((labels, types)) = found.get_mut(node) else {
                    continue;
                };
                match object {
                    Term::NamedNode(class) if *predicate == rdf_type => types.push(class.clone()),
                    Term::Literal(literal) => {
                        if let Some(index) = predicates.iter().position(|known| known == predicate)
                        {
                            labels.push((index, literal.clone()));
                        }
                    }
                    _ => {}
                }
            }
            let mut described = lock(&self.described);
            for (node, (labels, types)) in found {
                let description = Description {
                    labels: labels.into(),
                    types: types.into(),
                };
                described.insert(node.clone(), description);
            }
        }
        Ok(())
    }

    /// The classes of `node` (its `rdf:type` objects that are IRIs); asked once per node.
    pub fn types(&self, node: &NamedNode) -> Result<Arc<[NamedNode]>> {
        Ok(self.description(node)?.types)
    }

    /// What is known of `node`, asked for first if nothing is.
    fn description(&self, node: &NamedNode) -> Result<Description> {
        if let Some(found) = lock(&self.described).get(node) {
            return Ok(found.clone());
        }
        self.describe_all([node])?;
        Ok(lock(&self.described).get(node).cloned().unwrap_or_default())
    }
}

/// A cache's lock. A thread that panicked holding it left whole entries only (each is inserted in
/// one step), so the cache is still good.
fn lock<T>(cache: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The pushed graphs `query` can read as named graphs: all of them for a `GRAPH ?g`, those it names
/// for `GRAPH <g>` only, none without GRAPH. The dataset then lists only those: listing all of them
/// costs Virtuoso the time to compile the list into every query (30,000 passages at a million
/// triples), and a query without GRAPH never reads a named graph anyway.
fn named_graphs_read(query: &Query, pushed: &[NamedNode]) -> Result<Vec<NamedNode>> {
    let (_, mentions) = crate::query::algebra::inspect(query)?;
    if mentions.any_graph {
        return Ok(pushed.to_vec());
    }
    Ok(mentions
        .iris
        .into_iter()
        .filter(|(iri, role)| *role == Role::Graph && pushed.binary_search(iri).is_ok())
        .map(|(iri, _)| iri)
        .collect())
}

/// One of hkkg's own fixed queries with `bindings` as the values of its variables (no VALUES at
/// all without any: Virtuoso fails on an empty `VALUES () { () }`).
fn bound(text: &str, bindings: &[(Variable, Term)]) -> Result<Query> {
    let Prepared {
        query, variables, ..
    } = sparql::prepare(text, None)?;
    if bindings.is_empty() {
        return Ok(query);
    }
    sparql::bind(query, &variables, bindings)
}

/// An endpoint that answered a query with the wrong kind of answer.
fn unexpected(url: &str, expected: &str) -> Error {
    Error::Endpoint {
        url: url.to_owned(),
        message: format!(
            "answered a query with something other than {expected}; is this a SPARQL endpoint?"
        ),
    }
}

fn var(name: &str) -> Variable {
    Variable::new_unchecked(name)
}

/// The given parts of a pattern as values of ?s ?p ?o; None when one is a blank node, which
/// matches nothing remotely: a store's blank nodes have no names outside one answer.
fn pattern_bindings(
    subject: Option<NamedOrBlankNodeRef<'_>>,
    predicate: Option<NamedNodeRef<'_>>,
    object: Option<TermRef<'_>>,
) -> Option<Vec<(Variable, Term)>> {
    if matches!(subject, Some(NamedOrBlankNodeRef::BlankNode(_)))
        || matches!(object, Some(TermRef::BlankNode(_)))
    {
        return None;
    }
    let mut bindings = Vec::new();
    if let Some(subject) = subject {
        bindings.push((var("s"), Term::from(subject.into_owned())));
    }
    if let Some(predicate) = predicate {
        bindings.push((var("p"), predicate.into_owned().into()));
    }
    if let Some(object) = object {
        bindings.push((var("o"), object.into_owned()));
    }
    Some(bindings)
}

/// A row of ?s ?p ?o (?g) as a quad; None for a row that is not one (a literal subject).
fn quad_of(row: &[Option<Term>]) -> Result<Option<Quad>> {
    let subject = match row.first() {
        Some(Some(Term::NamedNode(node))) => NamedOrBlankNode::from(node.clone()),
        Some(Some(Term::BlankNode(node))) => node.clone().into(),
        _ => return Ok(None),
    };
    let (Some(Some(Term::NamedNode(predicate))), Some(Some(object))) = (row.get(1), row.get(2))
    else {
        return Ok(None);
    };
    let graph = match row.get(3) {
        Some(Some(Term::NamedNode(name))) => GraphName::from(name.clone()),
        Some(Some(Term::BlankNode(name))) => name.clone().into(),
        _ => GraphName::DefaultGraph,
    };
    Ok(Some(Quad::new(
        subject,
        predicate.clone(),
        object.clone(),
        graph,
    )))
}

/// The named graphs an earlier push listed in the manifest (none when nothing was pushed).
fn read_manifest(endpoint: &Endpoint) -> Result<Vec<NamedNode>> {
    let query = bound(
        "SELECT ?g WHERE { GRAPH ?m { ?m <http://www.w3.org/ns/sparql-service-description#namedGraph> ?g } }",
        &[(var("m"), manifest_graph().into())],
    )?;
    let QueryResults::Solutions(solutions) = endpoint.query(&query)? else {
        return Err(unexpected(endpoint.url(), "solutions"));
    };
    let mut named = BTreeSet::new();
    for row in solutions {
        if let Some(Term::NamedNode(graph)) = row?.get("g") {
            named.insert(graph.clone());
        }
    }
    Ok(named.into_iter().collect())
}

/// What a push sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pushed {
    /// Named graphs replaced (the passages and references, without hkkg's own two).
    pub graphs: usize,
    /// Triples sent in them, and in the merged graph.
    pub triples: usize,
    pub merged: usize,
    /// Graphs an earlier push had sent that the data no longer has, dropped.
    pub dropped: usize,
}

/// Replaces what an earlier push left at `endpoint` with `graph` (see the module comment).
pub fn push(graph: &super::KnowledgeGraph, endpoint: &Endpoint) -> Result<Pushed> {
    let before = read_manifest(endpoint)?;
    let mut names = Vec::new();
    for name in graph.named_graphs()? {
        match name {
            NamedOrBlankNode::NamedNode(name) => names.push(name),
            NamedOrBlankNode::BlankNode(name) => {
                return Err(Error::GraphName {
                    input: name.to_string(),
                    message: "a graph named by a blank node cannot be pushed: a remote store gives it a new name each time; name it with an IRI".to_owned(),
                })
            }
        }
    }
    names.sort();
    let reserved = [merged_graph(), manifest_graph()];
    if let Some(clash) = names.iter().find(|name| reserved.contains(name)) {
        return Err(Error::GraphName {
            input: clash.to_string(),
            message: "hkkg push writes this graph itself (the merged graph and the list of what was pushed); load the data into another graph".to_owned(),
        });
    }
    let progress =
        crate::output::progress::Progress::start("pushing graphs", Some(names.len() as u64 + 1));
    let mut batch = Batch::new(endpoint);
    let mut triples = 0;
    for name in &names {
        let content: Vec<Triple> = graph
            .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
            .map(|quad| quad.map(Triple::from))
            .collect::<Result<_>>()?;
        triples += content.len();
        batch.replace(name, &content)?;
        progress.advance(1);
    }
    let merged: Vec<Triple> = graph
        .merged_triples()?
        .into_iter()
        .map(Triple::from)
        .collect();
    batch.replace(&merged_graph(), &merged)?;
    progress.advance(1);
    let mut dropped = 0;
    for stale in before
        .iter()
        .filter(|name| names.binary_search(name).is_err())
    {
        batch.add(drop_graph(stale), 1)?;
        dropped += 1;
    }
    // Everything else is in place before the manifest says it is.
    batch.flush()?;
    let manifest = manifest_graph();
    let mut description = vec![Triple::new(
        manifest.clone(),
        sd("defaultGraph"),
        merged_graph(),
    )];
    description.extend(
        names
            .iter()
            .map(|name| Triple::new(manifest.clone(), sd("namedGraph"), name.clone())),
    );
    batch.replace(&manifest, &description)?;
    batch.flush()?;
    Ok(Pushed {
        graphs: names.len(),
        triples,
        merged: merged.len(),
        dropped,
    })
}

fn drop_graph(name: &NamedNode) -> GraphUpdateOperation {
    GraphUpdateOperation::Drop {
        silent: true,
        graph: GraphTarget::NamedNode(name.clone()),
    }
}

/// Operations per update request at most: 200 (a hundred small graphs' `DROP` and `INSERT DATA`)
/// were measured to pass on Virtuoso 7.2.
const MAX_OPERATIONS: usize = 200;

/// Update operations on their way to the endpoint, sent in order, a request each time about
/// [`INSERT_BATCH`] triples (a `DROP` counting as one) or [`MAX_OPERATIONS`] have gathered.
struct Batch<'a> {
    endpoint: &'a Endpoint,
    operations: Vec<GraphUpdateOperation>,
    weight: usize,
}

impl<'a> Batch<'a> {
    fn new(endpoint: &'a Endpoint) -> Self {
        Self {
            endpoint,
            operations: Vec::new(),
            weight: 0,
        }
    }

    /// Replaces the graph `name` at the endpoint with `triples`: with a Graph Store a PUT right
    /// away and, for a large graph, POSTs of the rest; else operations in the batch.
    fn replace(&mut self, name: &NamedNode, triples: &[Triple]) -> Result<()> {
        // A blank node is one node only within one request: a graph with blank nodes goes in one.
        let blank = triples
            .iter()
            .any(|t| t.subject.is_blank_node() || t.object.is_blank_node());
        let whole = triples.len().max(1);
        if self.endpoint.has_graph_store() {
            let chunk = if blank { whole } else { GRAPH_STORE_BATCH };
            for (i, chunk) in triples.chunks(chunk).enumerate() {
                self.endpoint.put_graph(name, chunk, i > 0)?;
            }
            if triples.is_empty() {
                self.endpoint.put_graph(name, triples, false)?;
            }
            return Ok(());
        }
        self.add(drop_graph(name), 1)?;
        let chunk = if blank { whole } else { INSERT_BATCH };
        for chunk in triples.chunks(chunk) {
            let data = chunk
                .iter()
                .map(|triple| spargebra::term::Quad {
                    subject: triple.subject.clone(),
                    predicate: triple.predicate.clone(),
                    object: triple.object.clone(),
                    graph_name: spargebra::term::GraphName::NamedNode(name.clone()),
                })
                .collect();
            self.add(GraphUpdateOperation::InsertData { data }, chunk.len())?;
        }
        Ok(())
    }

    fn add(&mut self, operation: GraphUpdateOperation, weight: usize) -> Result<()> {
        if self.weight + weight > INSERT_BATCH || self.operations.len() == MAX_OPERATIONS {
            self.flush()?;
        }
        self.operations.push(operation);
        self.weight += weight;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if !self.operations.is_empty() {
            self.endpoint.update(&self.operations)?;
            self.operations.clear();
            self.weight = 0;
        }
        Ok(())
    }
}
