//! Export: deterministic bytes, independence from load order, lossless round trips, and Turtle that
//! independent parsers (rapper, rdflib) read with the same number of triples.

mod common;

use common::{bundled_source_files, external, hkkg_ok, python};
use hkkg::export::{export, RdfOutputFormat};
use hkkg::{KnowledgeGraph, LoadOptions};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, Quad};
use std::path::PathBuf;

const ALL_FORMATS: [(RdfOutputFormat, &str); 6] = [
    (RdfOutputFormat::Turtle, "ttl"),
    (RdfOutputFormat::Trig, "trig"),
    (RdfOutputFormat::Ntriples, "nt"),
    (RdfOutputFormat::Nquads, "nq"),
    (RdfOutputFormat::Rdfxml, "rdf"),
    (RdfOutputFormat::Jsonld, "jsonld"),
];

fn exported(graph: &KnowledgeGraph, format: RdfOutputFormat) -> Vec<u8> {
    let mut out = Vec::new();
    export(graph, format, &mut out).expect("export succeeds");
    out
}

fn load_paths(paths: Vec<PathBuf>) -> KnowledgeGraph {
    KnowledgeGraph::load(&LoadOptions {
        bundled: false,
        paths,
        ..LoadOptions::default()
    })
    .expect("the files load")
}

fn canonical(quads: impl IntoIterator<Item = Quad>, keep_graphs: bool) -> Dataset {
    let mut dataset = Dataset::new();
    for mut quad in quads {
        if !keep_graphs {
            quad.graph_name = GraphName::DefaultGraph;
        }
        dataset.insert(&quad);
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset
}

fn store_quads(graph: &KnowledgeGraph) -> Vec<Quad> {
    graph
        .store()
        .iter()
        .collect::<Result<_, _>>()
        .expect("the store reads")
}

#[test]
fn the_same_graph_exports_to_the_same_bytes_twice() {
    for format in ["turtle", "trig", "nquads"] {
        let first = hkkg_ok(&["export", "--format", format]);
        let second = hkkg_ok(&["export", "--format", format]);
        assert!(!first.is_empty());
        assert_eq!(first, second, "{format} export differs between two runs");
    }
}

#[test]
fn export_does_not_depend_on_load_order() {
    let files = bundled_source_files();
    assert!(
        files.len() >= 3,
        "expected the ontology and several data files, found {files:?}"
    );
    let reference = load_paths(files.clone());
    let mut orders = vec![files.iter().rev().cloned().collect::<Vec<_>>()];
    // A fixed pseudo-random permutation (LCG), so a failure reproduces.
    let mut shuffled = files.clone();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for i in (1..shuffled.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        shuffled.swap(i, (state >> 33) as usize % (i + 1));
    }
    orders.push(shuffled);
    let bundled = KnowledgeGraph::bundled().expect("bundled data loads");
    for format in [RdfOutputFormat::Turtle, RdfOutputFormat::Trig] {
        let expected = exported(&reference, format);
        assert_eq!(
            expected,
            exported(&bundled, format),
            "bundled vs files, {format:?}"
        );
        for order in &orders {
            assert_eq!(
                expected,
                exported(&load_paths(order.clone()), format),
                "order {order:?}, {format:?}"
            );
        }
    }
}

#[test]
fn blank_nodes_do_not_break_determinism() {
    let fixture = common::fixture("blank-nodes.ttl");
    let a = exported(&load_paths(vec![fixture.clone()]), RdfOutputFormat::Turtle);
    let b = exported(
        &load_paths(vec![fixture.clone(), fixture]),
        RdfOutputFormat::Turtle,
    );
    // Loading the file twice gives fresh blank nodes: twice the statements, so the bytes differ from
    // one load, but each export must equal itself across runs.
    assert_eq!(
        a,
        exported(
            &load_paths(vec![common::fixture("blank-nodes.ttl")]),
            RdfOutputFormat::Turtle
        )
    );
    assert_ne!(a, b);
    let text = String::from_utf8(a).expect("Turtle is UTF-8");
    assert!(
        text.contains('['),
        "single-use blank nodes are nested:\n{text}"
    );
}

#[test]
fn every_format_round_trips_to_an_isomorphic_graph() {
    let graph = KnowledgeGraph::bundled().expect("bundled data loads");
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (format, extension) in ALL_FORMATS {
        let path = dir.path().join(format!("export.{extension}"));
        std::fs::write(&path, exported(&graph, format)).expect("the export is written");
        let reloaded = load_paths(vec![path]);
        let keep = format.keeps_graphs();
        assert!(
            canonical(store_quads(&graph), keep) == canonical(store_quads(&reloaded), keep),
            "{format:?} export does not reload to the same graph"
        );
    }
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
    let triples = canonical(store_quads(&graph), false).len();
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
