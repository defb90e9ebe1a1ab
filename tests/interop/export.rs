//! Turtle and TriG exports read back by independent parsers (rapper, rdflib) with every statement.

use crate::support::{external, hkkg_ok, peer_json, python};
use hkkg::KnowledgeGraph;
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, Quad};
use serde_json::Value;

/// The merged graph's distinct triples, counted as a canonical dataset.
fn distinct_triples(graph: &KnowledgeGraph) -> usize {
    let mut dataset = Dataset::new();
    for quad in graph.store().unwrap().iter() {
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
    // The TriG export holds the named graphs and the merged default graph, every fact once.
    let quads = merged_dataset_len(&graph);

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

/// The three quad exports of the bundled data, written with `extra` arguments into `dir`, and what
/// `read_quads.py` saw of them.
fn read_quad_exports(dir: &std::path::Path, extra: &[&str]) -> (Vec<std::path::PathBuf>, Value) {
    let paths: Vec<std::path::PathBuf> = ["trig", "nq", "jsonld"]
        .iter()
        .map(|extension| {
            let path = dir.join(format!("hkkg.{extension}"));
            let mut args = vec![
                "export",
                "--format",
                extension,
                "-o",
                path.to_str().unwrap(),
            ];
            args.extend(extra);
            hkkg_ok(&args);
            path
        })
        .collect();
    let seen = peer_json(
        "read_quads.py",
        &paths.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    (paths, seen)
}

#[test]
fn stores_with_default_settings_see_the_facts_of_the_quad_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (_, seen) = read_quad_exports(dir.path(), &[]);
    for extension in [".trig", ".nq", ".jsonld"] {
        assert_eq!(
            seen["visits"][extension],
            serde_json::json!({"rdflib": 3, "pyoxigraph": 3}),
            "{extension}: the three visits in the default graph"
        );
        let graphs = seen["graphs"][extension].as_array().unwrap();
        assert!(
            graphs
                .iter()
                .any(|g| g == "https://w3id.org/hkkg/passage/p036"),
            "{extension} keeps the passage graphs: {graphs:?}"
        );
    }
    // Leaving the merged copies out leaves the default graph to the ontology: no visit there.
    let stated = tempfile::tempdir().unwrap();
    let (_, seen) = read_quad_exports(stated.path(), &["--default-graph", "stated"]);
    for extension in [".trig", ".nq", ".jsonld"] {
        assert_eq!(
            seen["visits"][extension],
            serde_json::json!({"rdflib": 0, "pyoxigraph": 0}),
            "{extension} with --default-graph stated"
        );
    }
}

#[test]
fn the_json_ld_export_is_compacted_with_our_prefixes_and_a_json_ld_processor_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, seen) = read_quad_exports(dir.path(), &[]);
    let jsonld = &seen["jsonld"];
    let graph = KnowledgeGraph::bundled().unwrap();
    assert_eq!(
        jsonld["quads"],
        serde_json::json!(merged_dataset_len(&graph))
    );
    assert_eq!(
        jsonld["pyld_equals_nquads"], true,
        "pyld reads the N-Quads' RDF"
    );
    assert_eq!(jsonld["pyld_recompacted_equals"], true);
    assert_eq!(jsonld["rdflib_isomorphic"], true);
    assert_eq!(
        jsonld["top_keys"],
        serde_json::json!(["@context", "@graph"])
    );
    assert_eq!(
        jsonld["context"]["hk"], "https://w3id.org/hkkg/ontology#",
        "the context declares hkkg's prefixes"
    );
    assert!(
        jsonld["lines"].as_u64().unwrap() > 10_000,
        "pretty-printed, one value a line"
    );
    let text = std::fs::read_to_string(&paths[2]).unwrap();
    assert!(
        text.contains("\"@id\": \"hkr:visit-2023-middle-east\""),
        "IRIs as prefixed names"
    );
}

/// How many quads an export with the merged default graph holds: each named graph's statements,
/// and every fact once in the default graph (computed by queries or stored, the same).
fn merged_dataset_len(graph: &KnowledgeGraph) -> usize {
    let (_, in_named_graphs) = graph.stated_counts().expect("the store reads");
    in_named_graphs + graph.fact_count().expect("the store reads")
}
