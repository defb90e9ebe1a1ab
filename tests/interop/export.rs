//! Turtle and TriG exports read back by independent parsers (rapper, rdflib) with every statement.

use crate::support::{external, hkkg_ok, python};
use hkkg::KnowledgeGraph;
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, Quad};

/// The merged graph's distinct triples, counted as a canonical dataset.
fn distinct_triples(graph: &KnowledgeGraph) -> usize {
    let mut dataset = Dataset::new();
    for quad in graph.store().iter() {
        let mut quad: Quad = quad.expect("the store reads");
        quad.graph_name = GraphName::DefaultGraph;
        dataset.insert(&quad);
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset.len()
}

#[test]
fn rapper_and_rdflib_read_the_turtle_export_with_every_triple() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let turtle = dir.path().join("hkkg.ttl");
    let trig = dir.path().join("hkkg.trig");
    hkkg_ok(&[
        "export",
        "--format",
        "turtle",
        "--output",
        turtle.to_str().unwrap(),
    ]);
    hkkg_ok(&[
        "export",
        "--format",
        "trig",
        "--output",
        trig.to_str().unwrap(),
    ]);
    let graph = KnowledgeGraph::bundled().expect("bundled data loads");
    let triples = distinct_triples(&graph);
    let quads = graph.stated_quads().expect("the store reads").len();

    let rapper = external(
        "rapper",
        &["--input", "turtle", "--count", turtle.to_str().unwrap()],
    );
    assert!(
        rapper.status.success(),
        "rapper rejects the export:\n{}",
        String::from_utf8_lossy(&rapper.stderr)
    );
    let report = String::from_utf8_lossy(&rapper.stderr);
    assert!(
        report.contains(&format!("returned {triples} triples")),
        "rapper counted: {report}"
    );

    let counts = python(
        "import sys, rdflib\n\
         g = rdflib.Graph(); g.parse(sys.argv[1], format='turtle')\n\
         d = rdflib.Dataset(); d.parse(sys.argv[2], format='trig')\n\
         print(len(g), sum(1 for _ in d.quads((None, None, None, None))))",
        &[turtle.to_str().unwrap(), trig.to_str().unwrap()],
    );
    assert_eq!(
        counts.trim(),
        format!("{triples} {quads}"),
        "rdflib's triple and quad counts"
    );
}
