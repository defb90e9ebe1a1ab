//! The merged default graph computed by each query (`query::union`, how a graph loaded for reading
//! is queried) answers exactly as the stored merge does (how an on-disk store, or a server that
//! takes updates, holds it): every named query and view, with its defaults, in both languages, on
//! the bundled data (where half the statements are stated by more than one graph) and on a
//! generated graph beside it. Rows are compared as multisets, so a solution counted twice is caught; views
//! by their nodes and their edges with weights.

use crate::support::{group_concat_columns, hkkg_ok};
use hkkg::graph::view;
use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::entity::Lookup;
use hkkg::query::params;
use hkkg::query::search::SearchIndex;
use hkkg::query::sparql::{self, execute, Limits};
use hkkg::store::source::Input;
use hkkg::{KnowledgeGraph, Lang, LoadOptions};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::path::Path;

fn load(inputs: &[&Path], merge_stored: bool) -> KnowledgeGraph {
    KnowledgeGraph::load(&LoadOptions {
        bundled: true,
        inputs: inputs.iter().map(|path| Input::new(path, None)).collect(),
        merge_stored,
        ..LoadOptions::default()
    })
    .expect("the data loads")
}

/// Each row as its sorted bindings, blank nodes unnamed (each load names them anew) and the parts of
/// each GROUP_CONCAT sorted (SPARQL leaves their order to the engine, and it follows the order
/// solutions come in); sorted.
fn rows(
    graph: &KnowledgeGraph,
    text: &str,
    bindings: &[(oxigraph::sparql::Variable, Term)],
) -> Vec<String> {
    let prepared = sparql::prepare(text, None).expect("the query parses");
    let concatenated = group_concat_columns(&prepared.query);
    let QueryResults::Solutions(solutions) =
        execute(graph, text, bindings).expect("the query runs")
    else {
        panic!("a named query is a SELECT");
    };
    let mut rows: Vec<String> = solutions
        .map(|solution| {
            let mut row: Vec<String> = solution
                .expect("a solution")
                .iter()
                .map(
                    |(variable, term)| match (term, concatenated.get(variable.as_str())) {
                        (Term::BlankNode(_), _) => format!("{variable}=_:"),
                        (Term::Literal(joined), Some(separator)) => {
                            let mut parts: Vec<&str> =
                                joined.value().split(separator.as_str()).collect();
                            parts.sort_unstable();
                            format!("{variable}={:?}", parts)
                        }
                        (term, _) => format!("{variable}={term}"),
                    },
                )
                .collect();
            row.sort();
            row.join(" ")
        })
        .collect();
    rows.sort();
    rows
}

/// A view's nodes and its edges with their weights and labels, sorted.
fn network(
    graph: &KnowledgeGraph,
    query: &hkkg::query::catalog::NamedQuery,
    lang: Lang,
) -> Vec<String> {
    let index = SearchIndex::build(graph);
    let bindings = params::bind(&Lookup::new(graph, &index), query, &[], lang)
        .expect("the defaults bind")
        .values;
    let built = view::build(graph, query, &bindings, &Limits::default()).expect("the view builds");
    let mut lines: Vec<String> = built
        .graph
        .node_weights()
        .map(|node| format!("{node:?}"))
        .collect();
    for edge in built.graph.edge_indices() {
        let (a, b) = built.graph.edge_endpoints(edge).expect("an edge has ends");
        lines.push(format!(
            "{} -> {}: {:?}",
            built.graph[a].id, built.graph[b].id, built.graph[edge]
        ));
    }
    lines.sort();
    lines
}

fn compare(inputs: &[&Path]) -> usize {
    let computed = load(inputs, false);
    let stored = load(inputs, true);
    assert!(computed.merges_at_query_time() && !stored.merges_at_query_time());
    assert!(
        computed.len().unwrap() < stored.len().unwrap(),
        "the computed merge stores no copies"
    );
    let queries = Catalog::load(Kind::Query, &[] as &[&str]).expect("the named queries parse");
    let views = Catalog::load(Kind::View, &[] as &[&str]).expect("the views parse");
    let (computed_index, stored_index) =
        (SearchIndex::build(&computed), SearchIndex::build(&stored));
    let mut compared = 0;
    for lang in [Lang::En, Lang::Zh] {
        for query in &queries.entries {
            let bind = |graph, index| {
                params::bind(&Lookup::new(graph, index), query, &[], lang)
                    .expect("the defaults bind")
                    .values
            };
            let here = rows(&computed, &query.text, &bind(&computed, &computed_index));
            let there = rows(&stored, &query.text, &bind(&stored, &stored_index));
            assert!(
                here == there,
                "{} ({lang:?}) answers differently:\ncomputed {here:#?}\nstored {there:#?}",
                query.name
            );
            compared += 1;
        }
        for query in &views.entries {
            assert_eq!(
                network(&computed, query, lang),
                network(&stored, query, lang),
                "view {} ({lang:?})",
                query.name
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn the_merge_computed_by_each_query_answers_as_the_stored_one_on_the_bundled_data() {
    assert!(compare(&[]) >= 60);
}

#[test]
fn the_merge_computed_by_each_query_answers_as_the_stored_one_on_a_generated_graph() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("generated.trig");
    hkkg_ok(&[
        "generate",
        "--triples",
        "10000",
        "--seed",
        "7",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(compare(&[&file]) >= 60);
}

/// Blank nodes, sequence paths, inverse steps and aggregates over facts two graphs state: each
/// shape the rewriting treats on its own, with its count checked against the stored merge.
#[test]
fn counts_over_facts_stated_twice_are_those_of_the_stored_merge() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("twice.trig");
    std::fs::write(
        &file,
        "@prefix ex: <https://example.org/> .\n\
         ex:g1 { ex:a ex:p ex:b . ex:b ex:q ex:c . ex:b ex:q ex:d . ex:a ex:r [ ex:s 1 ] . }\n\
         ex:g2 { ex:a ex:p ex:b . ex:b ex:q ex:c . ex:a ex:p ex:e . ex:e ex:q ex:c . }\n\
         ex:a ex:p ex:b .\n",
    )
    .unwrap();
    let computed = load(&[&file], false);
    let stored = load(&[&file], true);
    for text in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?o WHERE { ex:a ex:p ?o }",
        "SELECT ?c WHERE { ex:a ex:p/ex:q ?c }",
        "SELECT ?a WHERE { ?a ex:p/ex:q ex:c }",
        "SELECT ?a WHERE { ex:c ^ex:q/^ex:p ?a }",
        "SELECT (COUNT(*) AS ?n) WHERE { ex:a ex:p/ex:q ex:c }",
        "SELECT ?x WHERE { ?x ^(ex:p/ex:q) ex:a }",
        "SELECT ?x WHERE { ex:a ex:p/(ex:q|ex:r) ?x }",
        "SELECT ?x WHERE { ?x (ex:p/ex:q)* ex:c }",
        "SELECT ?x WHERE { ex:a ex:p|ex:r ?x }",
        "SELECT ?x WHERE { ex:a ex:p+ ?x }",
        "SELECT ?x WHERE { ex:a !ex:r ?x }",
        "SELECT ?v WHERE { ex:a ex:r [ ex:s ?v ] }",
        "SELECT ?s WHERE { ?s ex:p _:x . _:x ex:q ex:c }",
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ex:p ?o OPTIONAL { ?o ex:q ?c } } GROUP BY ?s",
        "SELECT ?s WHERE { ?s ex:p ?o FILTER EXISTS { ?o ex:q ex:c } }",
        "SELECT ?s WHERE { ?s ex:p ?o MINUS { ?o ex:q ex:d } }",
        "SELECT * WHERE { { SELECT ?o WHERE { ex:a ex:p ?o } } ?o ex:q ?c }",
        "SELECT ?g ?o WHERE { GRAPH ?g { ex:a ex:p ?o } }",
        "SELECT ?o FROM ex:g1 FROM ex:g2 WHERE { ex:a ex:p ?o }",
    ] {
        let text = format!("PREFIX ex: <https://example.org/> {text}");
        assert_eq!(
            rows(&computed, &text, &[]),
            rows(&stored, &text, &[]),
            "{text}"
        );
    }
    let construct =
        "PREFIX ex: <https://example.org/> CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:p ?o }";
    let triples = |graph: &KnowledgeGraph| match execute(graph, construct, &[]).unwrap() {
        QueryResults::Graph(triples) => triples.count(),
        _ => unreachable!("a CONSTRUCT"),
    };
    assert_eq!(triples(&computed), 2);
    assert_eq!(triples(&stored), 2);
}
