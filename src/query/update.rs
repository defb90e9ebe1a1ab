//! SPARQL 1.1 Update on the knowledge graph, in memory or on disk, keeping its merged default
//! graph (see `store`) what loading makes it: every statement of every named graph, plus the
//! statements stated in the default graph itself.
//!
//! oxigraph applies an update with plain dataset semantics, which would break that invariant (an
//! `INSERT DATA { GRAPH hkp:p036 { … } }` would be invisible to plain patterns, a deleted passage
//! statement would linger in the default graph). So hkkg evaluates each operation itself, on one
//! transaction: it computes the quads the operation deletes and inserts exactly as SPARQL defines
//! them (the WHERE pattern is evaluated by oxigraph, against the state the earlier operations
//! left, with the merged default graph as queries see it), applies them, then settles the default
//! graph for the statements touched:
//!
//! - a statement inserted into a named graph is also in the default graph;
//! - a statement deleted from a named graph leaves the default graph when no named graph states it
//!   any more, unless the same operation inserts it into the default graph. (A statement both
//!   stated in the default graph and in a named graph cannot be told from a merged copy, and goes
//!   with the named graph's — as `hkkg export` would have written it.)
//! - a statement deleted from the default graph that some named graph still states stays: the
//!   default graph is their merge. It is counted as kept in the report, which says to delete it
//!   from its graphs (`DELETE WHERE { GRAPH ?g { s p o } }`).
//! - `CLEAR`/`DROP GRAPH g` deletes g's statements as above, `DROP` also forgets the graph;
//!   `CLEAR DEFAULT` removes what is stated only in the default graph; `NAMED` and `ALL` as SPARQL
//!   says. `CREATE GRAPH` is SPARQL's.
//! - `LOAD` is refused: hkkg fetches nothing from the web; `hkkg load` adds files. `LOAD SILENT`
//!   does nothing, as a load that fails silently does.
//!
//! A graph loaded without the merge gets plain SPARQL semantics. The whole request is one
//! transaction: an error in its last operation leaves the graph as it was. The WHERE patterns run
//! under the session's time limit, and are bounded in depth like queries (see `algebra`).

use super::algebra::{self, check_text};
use super::sparql::{parser, syntax_error, Limits, TimeLimit};
use crate::error::{Error, Result, Shown};
use crate::store::{merged_copy, KnowledgeGraph};
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term,
};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Transaction;
use spargebra::algebra::{GraphPattern, GraphTarget, QueryDataset};
use spargebra::term::{
    GraphName as DataGraphName, GraphNamePattern, GroundQuadPattern, GroundTerm, GroundTermPattern,
    NamedNodePattern, QuadPattern, TermPattern,
};
use spargebra::{GraphUpdateOperation, Query, Update};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// What an update changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateReport {
    pub operations: usize,
    /// Quads that were there and are gone (merged copies the update kept in step not counted).
    pub deleted: u64,
    /// Quads that were not there and are now.
    pub inserted: u64,
    /// Statements the update deleted from the default graph that named graphs still state.
    pub kept: u64,
}

impl fmt::Display for UpdateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} operation(s): {} quad(s) deleted, {} inserted",
            self.operations, self.deleted, self.inserted
        )?;
        if self.kept > 0 {
            write!(
                f,
                "; {} statement(s) kept in the default graph because named graphs state them \
                 (the default graph is their merge): delete them from those graphs, \
                 e.g. DELETE WHERE {{ GRAPH ?g {{ … }} }}",
                self.kept
            )?;
        }
        Ok(())
    }
}

/// Parses an update with hkkg's prefixes, refusing patterns nested deeper than queries may be.
pub fn parse(text: &str, base_iri: Option<&str>) -> Result<Update> {
    check_text(text)?;
    let update = parser(base_iri)?
        .parse_update(text)
        .map_err(|e| syntax_error(text, &e.to_string(), base_iri.is_some()))?;
    for operation in &update.operations {
        if let GraphUpdateOperation::DeleteInsert { pattern, using, .. } = operation {
            algebra::variables(&where_query(pattern, using, &update))?;
        }
    }
    Ok(update)
}

/// What hkkg will not run, found before anything is touched: a `LOAD` (hkkg fetches nothing from
/// the web). `LOAD SILENT` is let through: its failure to load is silent, as SPARQL says.
pub fn refusal(update: &Update) -> Option<Error> {
    update
        .operations
        .iter()
        .find_map(|operation| match operation {
            GraphUpdateOperation::Load {
                silent: false,
                source,
                ..
            } => Some(load_refused(source)),
            _ => None,
        })
}

fn load_refused(source: &NamedNode) -> Error {
    Error::UpdateRefused(format!(
        "LOAD <{}>: hkkg reads no URLs; add files to a store with `hkkg load --location DIR FILE…`",
        Shown(source.as_str())
    ))
}

/// The WHERE clause of a DELETE/INSERT as the SELECT that finds its solutions.
fn where_query(pattern: &GraphPattern, using: &Option<QueryDataset>, update: &Update) -> Query {
    Query::Select {
        dataset: using.clone(),
        pattern: pattern.clone(),
        base_iri: update.base_iri.clone(),
    }
}

/// Applies `update` to `graph` in one transaction (see the module comment).
pub fn apply(graph: &KnowledgeGraph, update: &Update, limits: &Limits) -> Result<UpdateReport> {
    if graph.merges_at_query_time() {
        return Err(Error::ReadOnlyGraph);
    }
    let mut transaction = graph.store()?.start_transaction()?;
    let mut report = UpdateReport {
        operations: update.operations.len(),
        ..UpdateReport::default()
    };
    let merged = graph.is_merged();
    for operation in &update.operations {
        let change = Change::of(&transaction, operation, update, limits)?;
        change.apply(&mut transaction, merged, &mut report)?;
    }
    transaction.commit()?;
    Ok(report)
}

/// What one operation does, computed before anything is changed.
#[derive(Default)]
struct Change {
    deleted: Vec<Quad>,
    inserted: Vec<Quad>,
    /// Named graphs the operation forgets (DROP) or makes (CREATE).
    dropped: Vec<NamedOrBlankNode>,
    created: Option<NamedNode>,
    /// Whether deleting a statement that named graphs still state was asked for by name (DELETE),
    /// and so worth reporting; a CLEAR DEFAULT keeps merged copies as a matter of course.
    explicit: bool,
}

impl Change {
    fn of(
        transaction: &Transaction<'_>,
        operation: &GraphUpdateOperation,
        update: &Update,
        limits: &Limits,
    ) -> Result<Self> {
        Ok(match operation {
            GraphUpdateOperation::InsertData { data } => {
                let mut blank_nodes = HashMap::new();
                Self {
                    inserted: data
                        .iter()
                        .map(|quad| Quad {
                            subject: match &quad.subject {
                                NamedOrBlankNode::BlankNode(b) => fresh(b, &mut blank_nodes).into(),
                                named => named.clone(),
                            },
                            predicate: quad.predicate.clone(),
                            object: match &quad.object {
                                Term::BlankNode(b) => fresh(b, &mut blank_nodes).into(),
                                other => other.clone(),
                            },
                            graph_name: data_graph(&quad.graph_name),
                        })
                        .collect(),
                    ..Self::default()
                }
            }
            GraphUpdateOperation::DeleteData { data } => Self {
                deleted: data
                    .iter()
                    .map(|quad| Quad {
                        subject: quad.subject.clone().into(),
                        predicate: quad.predicate.clone(),
                        object: ground(&quad.object),
                        graph_name: data_graph(&quad.graph_name),
                    })
                    .collect(),
                explicit: true,
                ..Self::default()
            },
            GraphUpdateOperation::DeleteInsert {
                delete,
                insert,
                using,
                pattern,
            } => {
                let (token, _limit) = TimeLimit::start(limits);
                let results = SparqlEvaluator::new()
                    .with_cancellation_token(token)
                    .for_query(where_query(pattern, using, update))
                    .on_transaction(transaction)
                    .execute()?;
                let QueryResults::Solutions(solutions) = results else {
                    unreachable!("a SELECT query has solutions")
                };
                let mut change = Self {
                    explicit: true,
                    ..Self::default()
                };
                for solution in solutions {
                    let solution = solution?;
                    change
                        .deleted
                        .extend(delete.iter().filter_map(|q| fill_ground(q, &solution)));
                    let mut blank_nodes = HashMap::new();
                    change.inserted.extend(
                        insert
                            .iter()
                            .filter_map(|q| fill(q, &solution, &mut blank_nodes)),
                    );
                }
                change
            }
            // Loading nothing: hkkg reads no URLs, and SILENT asks for the failure to pass.
            GraphUpdateOperation::Load { silent: true, .. } => Self::default(),
            GraphUpdateOperation::Load {
                silent: false,
                source,
                ..
            } => return Err(load_refused(source)),
            GraphUpdateOperation::Clear { graph, silent } => {
                Self::clearing(transaction, graph, *silent, false)?
            }
            GraphUpdateOperation::Drop { graph, silent } => {
                Self::clearing(transaction, graph, *silent, true)?
            }
            GraphUpdateOperation::Create { graph, silent } => {
                if transaction.contains_named_graph(graph)? {
                    if !silent {
                        return Err(Error::UpdateRefused(format!(
                            "CREATE GRAPH {graph}: the graph exists already (CREATE SILENT ignores that)"
                        )));
                    }
                    Self::default()
                } else {
                    Self {
                        created: Some(graph.clone()),
                        ..Self::default()
                    }
                }
            }
        })
    }

    /// CLEAR (or, `drop`, DROP) of `target`: every quad of the graphs it names.
    fn clearing(
        transaction: &Transaction<'_>,
        target: &GraphTarget,
        silent: bool,
        drop: bool,
    ) -> Result<Self> {
        let quads = |graph: Option<GraphNameRef<'_>>| -> Result<Vec<Quad>> {
            Ok(transaction
                .quads_for_pattern(None, None, None, graph)
                .collect::<Result<_, _>>()?)
        };
        let named_graphs = || -> Result<Vec<NamedOrBlankNode>> {
            Ok(transaction.named_graphs().collect::<Result<_, _>>()?)
        };
        let mut change = Self::default();
        match target {
            GraphTarget::NamedNode(graph) => {
                if !transaction.contains_named_graph(graph)? {
                    if silent {
                        return Ok(change);
                    }
                    return Err(Error::UpdateRefused(format!(
                        "{} GRAPH {graph}: no such graph (add SILENT to ignore that)",
                        if drop { "DROP" } else { "CLEAR" }
                    )));
                }
                change.deleted = quads(Some(graph.into()))?;
                if drop {
                    change.dropped.push(graph.clone().into());
                }
            }
            GraphTarget::DefaultGraph => {
                change.deleted = quads(Some(GraphNameRef::DefaultGraph))?;
            }
            GraphTarget::NamedGraphs | GraphTarget::AllGraphs => {
                let graphs = named_graphs()?;
                for graph in &graphs {
                    change.deleted.extend(quads(Some(graph.as_ref().into()))?);
                }
                if matches!(target, GraphTarget::AllGraphs) {
                    change
                        .deleted
                        .extend(quads(Some(GraphNameRef::DefaultGraph))?);
                }
                if drop {
                    change.dropped = graphs;
                }
            }
        }
        Ok(change)
    }

    /// Deletes, then inserts (as SPARQL orders them), then settles the default graph.
    fn apply(
        self,
        transaction: &mut Transaction<'_>,
        merged: bool,
        report: &mut UpdateReport,
    ) -> Result<()> {
        let inserted: HashSet<&Quad> = self.inserted.iter().collect();
        let deleted: HashSet<&Quad> = self.deleted.iter().collect();
        for &quad in &deleted {
            // A quad both deleted and inserted ends up there; the default graph is settled below.
            if inserted.contains(quad) || (merged && quad.graph_name.is_default_graph()) {
                continue;
            }
            if transaction.contains(quad)? {
                transaction.remove(quad);
                report.deleted += 1;
            }
        }
        for graph in &self.dropped {
            transaction.remove_named_graph(graph)?;
        }
        if let Some(graph) = &self.created {
            transaction.insert_named_graph(graph);
        }
        for &quad in &inserted {
            if !transaction.contains(quad)? {
                transaction.insert(quad);
                report.inserted += 1;
            }
            if merged && !quad.graph_name.is_default_graph() {
                transaction.insert(merged_copy(quad.as_ref()));
            }
        }
        if !merged {
            return Ok(());
        }
        let mut settled = HashSet::new();
        for &quad in &deleted {
            let copy = merged_copy(quad.as_ref());
            if !settled.insert(copy) {
                continue;
            }
            let owned = copy.into_owned();
            let reinserted = inserted.contains(&owned);
            let wanted = reinserted || stated_in_named_graph(transaction, copy)?;
            let present = transaction.contains(copy)?;
            let asked = deleted.contains(&owned);
            if present && !wanted {
                transaction.remove(copy);
                if asked {
                    report.deleted += 1;
                }
            } else if wanted && !present {
                transaction.insert(copy);
            } else if wanted && asked && self.explicit && !reinserted {
                report.kept += 1;
            }
        }
        Ok(())
    }
}

/// Whether some named graph holds the statement of `quad`.
fn stated_in_named_graph(transaction: &Transaction<'_>, quad: QuadRef<'_>) -> Result<bool> {
    for found in transaction.quads_for_pattern(
        Some(quad.subject),
        Some(quad.predicate),
        Some(quad.object),
        None,
    ) {
        if !found?.graph_name.is_default_graph() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A blank node of the update's text as a new node: the same label within one operation is one
/// node, and never a node already in the graph.
fn fresh(label: &BlankNode, nodes: &mut HashMap<BlankNode, BlankNode>) -> BlankNode {
    nodes.entry(label.clone()).or_default().clone()
}

fn data_graph(graph: &DataGraphName) -> GraphName {
    match graph {
        DataGraphName::NamedNode(node) => node.clone().into(),
        DataGraphName::DefaultGraph => GraphName::DefaultGraph,
    }
}

fn ground(term: &GroundTerm) -> Term {
    match term {
        GroundTerm::NamedNode(node) => node.clone().into(),
        GroundTerm::Literal(literal) => literal.clone().into(),
    }
}

// Template instantiation, as SPARQL 1.1 Update §3.1.3 defines it (and spareval does): a template
// quad with an unbound variable, or that binds a literal where RDF allows none, is left out.

fn fill(
    quad: &QuadPattern,
    solution: &QuerySolution,
    blank_nodes: &mut HashMap<BlankNode, BlankNode>,
) -> Option<Quad> {
    Some(Quad {
        subject: subject(fill_term(&quad.subject, solution, blank_nodes)?)?,
        predicate: fill_predicate(&quad.predicate, solution)?,
        object: fill_term(&quad.object, solution, blank_nodes)?,
        graph_name: fill_graph(&quad.graph_name, solution)?,
    })
}

fn fill_ground(quad: &GroundQuadPattern, solution: &QuerySolution) -> Option<Quad> {
    Some(Quad {
        subject: subject(fill_ground_term(&quad.subject, solution)?)?,
        predicate: fill_predicate(&quad.predicate, solution)?,
        object: fill_ground_term(&quad.object, solution)?,
        graph_name: fill_graph(&quad.graph_name, solution)?,
    })
}

fn subject(term: Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(node) => Some(node.into()),
        Term::BlankNode(node) => Some(node.into()),
        _ => None,
    }
}

fn fill_term(
    term: &TermPattern,
    solution: &QuerySolution,
    blank_nodes: &mut HashMap<BlankNode, BlankNode>,
) -> Option<Term> {
    match term {
        TermPattern::NamedNode(node) => Some(node.clone().into()),
        TermPattern::BlankNode(label) => Some(fresh(label, blank_nodes).into()),
        TermPattern::Literal(literal) => Some(literal.clone().into()),
        TermPattern::Variable(variable) => solution.get(variable).cloned(),
        #[allow(unreachable_patterns)] // RDF 1.2 triple terms, when a build enables them
        _ => None,
    }
}

fn fill_ground_term(term: &GroundTermPattern, solution: &QuerySolution) -> Option<Term> {
    match term {
        GroundTermPattern::NamedNode(node) => Some(node.clone().into()),
        GroundTermPattern::Literal(literal) => Some(literal.clone().into()),
        GroundTermPattern::Variable(variable) => solution.get(variable).cloned(),
        #[allow(unreachable_patterns)] // RDF 1.2 triple terms, when a build enables them
        _ => None,
    }
}

fn fill_predicate(predicate: &NamedNodePattern, solution: &QuerySolution) -> Option<NamedNode> {
    match predicate {
        NamedNodePattern::NamedNode(node) => Some(node.clone()),
        NamedNodePattern::Variable(variable) => match solution.get(variable)? {
            Term::NamedNode(node) => Some(node.clone()),
            _ => None,
        },
    }
}

fn fill_graph(graph: &GraphNamePattern, solution: &QuerySolution) -> Option<GraphName> {
    match graph {
        GraphNamePattern::NamedNode(node) => Some(node.clone().into()),
        GraphNamePattern::DefaultGraph => Some(GraphName::DefaultGraph),
        GraphNamePattern::Variable(variable) => match solution.get(variable)? {
            Term::NamedNode(node) => Some(node.clone().into()),
            Term::BlankNode(node) => Some(node.clone().into()),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{LoadOptions, ReadReport};
    use oxigraph::io::RdfFormat;
    use oxigraph::store::Store;

    const EX: &str = "http://example.org/";

    /// A merged graph: `ex:a ex:p 1` stated by graphs g1 and g2, `ex:b ex:p 2` by g1 only, and
    /// `ex:c ex:p 3` stated in the default graph only.
    fn graph() -> KnowledgeGraph {
        let store = Store::new().unwrap();
        store
            .load_from_reader(
                RdfFormat::NQuads,
                "<http://example.org/a> <http://example.org/p> \"1\" <http://example.org/g1> .
                 <http://example.org/a> <http://example.org/p> \"1\" <http://example.org/g2> .
                 <http://example.org/b> <http://example.org/p> \"2\" <http://example.org/g1> .
                 <http://example.org/a> <http://example.org/p> \"1\" .
                 <http://example.org/b> <http://example.org/p> \"2\" .
                 <http://example.org/c> <http://example.org/p> \"3\" .
                "
                .as_bytes(),
            )
            .unwrap();
        KnowledgeGraph::from_store(store)
    }

    fn run(graph: &KnowledgeGraph, text: &str) -> UpdateReport {
        let text = format!("PREFIX ex: <{EX}>\n{text}");
        apply(graph, &parse(&text, None).unwrap(), &Limits::default()).unwrap()
    }

    /// The store's quads as sorted N-Quads lines, `ex:` abbreviated.
    fn quads(graph: &KnowledgeGraph) -> Vec<String> {
        let mut lines: Vec<String> = graph
            .quads()
            .map(|q| q.unwrap().to_string().replace(EX, "ex:"))
            .collect();
        lines.sort();
        lines
    }

    fn in_default(graph: &KnowledgeGraph, s: &str, o: &str) -> bool {
        let line = format!("<ex:{s}> <ex:p> \"{o}\"");
        quads(graph).contains(&line)
    }

    #[test]
    fn inserting_into_a_named_graph_also_inserts_into_the_default_graph() {
        let graph = graph();
        let report = run(&graph, "INSERT DATA { GRAPH ex:g3 { ex:d ex:p \"4\" } }");
        assert_eq!((report.inserted, report.deleted), (1, 0));
        assert!(in_default(&graph, "d", "4"), "{:?}", quads(&graph));
    }

    #[test]
    fn a_statement_leaves_the_default_graph_with_its_last_named_graph() {
        let graph = graph();
        run(
            &graph,
            "DELETE DATA { GRAPH ex:g1 { ex:a ex:p \"1\" . ex:b ex:p \"2\" } }",
        );
        assert!(in_default(&graph, "a", "1"), "still stated by g2");
        assert!(!in_default(&graph, "b", "2"), "stated by no graph now");
        run(&graph, "DELETE WHERE { GRAPH ?g { ex:a ex:p ?o } }");
        assert!(!in_default(&graph, "a", "1"));
        assert!(
            in_default(&graph, "c", "3"),
            "stated in the default graph only"
        );
    }

    #[test]
    fn deleting_a_merged_copy_from_the_default_graph_keeps_it_and_says_so() {
        let graph = graph();
        let report = run(&graph, "DELETE DATA { ex:a ex:p \"1\" . ex:c ex:p \"3\" }");
        assert_eq!((report.deleted, report.kept), (1, 1), "{report}");
        assert!(in_default(&graph, "a", "1"));
        assert!(!in_default(&graph, "c", "3"));
        assert!(report.to_string().contains("kept in the default graph"));
    }

    #[test]
    fn moving_a_statement_between_graphs_keeps_it_in_the_default_graph() {
        let graph = graph();
        run(
            &graph,
            "DELETE { GRAPH ex:g1 { ?s ex:p ?o } } INSERT { GRAPH ex:g9 { ?s ex:p ?o } } WHERE { GRAPH ex:g1 { ?s ex:p ?o } }",
        );
        assert!(in_default(&graph, "b", "2"));
        assert!(quads(&graph).contains(&"<ex:b> <ex:p> \"2\" <ex:g9>".to_owned()));
        assert!(!quads(&graph).iter().any(|q| q.ends_with("<ex:g1>")));
    }

    #[test]
    fn dropping_and_clearing_graphs_settle_the_default_graph() {
        let graph = graph();
        run(&graph, "DROP GRAPH ex:g1");
        assert!(in_default(&graph, "a", "1") && !in_default(&graph, "b", "2"));
        run(&graph, "CLEAR DEFAULT");
        assert!(in_default(&graph, "a", "1"), "g2 still states it");
        assert!(!in_default(&graph, "c", "3"));
        run(&graph, "DROP ALL");
        assert!(quads(&graph).is_empty());
    }

    #[test]
    fn the_request_is_all_or_nothing() {
        let graph = graph();
        let before = quads(&graph);
        let update = parse(
            "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 } ; CLEAR GRAPH <http://example.org/none>",
            None,
        )
        .unwrap();
        let error = apply(&graph, &update, &Limits::default()).unwrap_err();
        assert!(error.to_string().contains("no such graph"), "{error}");
        assert_eq!(quads(&graph), before);
    }

    #[test]
    fn without_the_merge_updates_have_plain_dataset_semantics() {
        let (graph, _): (KnowledgeGraph, ReadReport) =
            KnowledgeGraph::load_reporting(&LoadOptions {
                bundled: false,
                merge: false,
                ..LoadOptions::default()
            })
            .unwrap();
        run(&graph, "INSERT DATA { GRAPH ex:g { ex:a ex:p \"1\" } }");
        assert_eq!(quads(&graph), ["<ex:a> <ex:p> \"1\" <ex:g>"]);
    }

    #[test]
    fn hkkg_prefixes_apply_and_load_is_refused() {
        let graph = graph();
        run(&graph, "INSERT DATA { hkr:x rdfs:label \"x\" }");
        assert!(quads(&graph).iter().any(|q| q.contains("resource/x")));
        let load = parse("LOAD <http://example.org/data.ttl>", None).unwrap();
        let error = refusal(&load).expect("LOAD is refused");
        assert!(error.to_string().contains("hkkg load"), "{error}");
        let before = quads(&graph);
        let silent = parse("LOAD SILENT <http://example.org/data.ttl>", None).unwrap();
        assert!(refusal(&silent).is_none());
        apply(&graph, &silent, &Limits::default()).unwrap();
        assert_eq!(quads(&graph), before, "LOAD SILENT loads nothing");
    }
}
