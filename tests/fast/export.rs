//! Export: deterministic bytes, independence from load order, lossless round trips (the interop
//! tier has independent parsers read the Turtle).

use crate::support::{bundled_source_files, hkkg_ok};
use hkkg::output::export::{export, DefaultGraph};
use hkkg::rdf::syntax::RdfSyntax;
use hkkg::store::source::Input;
use hkkg::{KnowledgeGraph, LoadOptions};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, Quad};
use std::path::PathBuf;

const ALL_FORMATS: [(RdfSyntax, &str); 6] = [
    (RdfSyntax::Turtle, "ttl"),
    (RdfSyntax::TriG, "trig"),
    (RdfSyntax::NTriples, "nt"),
    (RdfSyntax::NQuads, "nq"),
    (RdfSyntax::RdfXml, "rdf"),
    (RdfSyntax::JsonLd, "jsonld"),
];

fn exported(graph: &KnowledgeGraph, format: RdfSyntax) -> Vec<u8> {
    let mut out = Vec::new();
    export(graph, format, DefaultGraph::Merged, &mut out).expect("export succeeds");
    out
}

fn load_paths(paths: Vec<PathBuf>) -> KnowledgeGraph {
    KnowledgeGraph::load(&LoadOptions {
        bundled: false,
        inputs: paths.iter().map(|p| Input::new(p, None)).collect(),
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

/// The dataset as queries see it, its merged default graph stored or not.
fn store_quads(graph: &KnowledgeGraph) -> Vec<Quad> {
    graph
        .merged_dataset()
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
    for format in [RdfSyntax::Turtle, RdfSyntax::TriG] {
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
    let fixture = crate::support::fixture("blank-nodes.ttl");
    let a = exported(&load_paths(vec![fixture.clone()]), RdfSyntax::Turtle);
    let b = exported(
        &load_paths(vec![fixture.clone(), fixture]),
        RdfSyntax::Turtle,
    );
    // Loading the file twice gives fresh blank nodes: twice the statements, so the bytes differ from
    // one load, but each export must equal itself across runs.
    assert_eq!(
        a,
        exported(
            &load_paths(vec![crate::support::fixture("blank-nodes.ttl")]),
            RdfSyntax::Turtle
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
fn quad_exports_with_or_without_the_merged_default_graph_reload_to_the_same_store() {
    let graph = KnowledgeGraph::bundled().expect("bundled data loads");
    let original = canonical(store_quads(&graph), true);
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (format, extension) in [
        (RdfSyntax::TriG, "trig"),
        (RdfSyntax::NQuads, "nq"),
        (RdfSyntax::JsonLd, "jsonld"),
    ] {
        for default_graph in [DefaultGraph::Merged, DefaultGraph::Stated] {
            let mut bytes = Vec::new();
            export(&graph, format, default_graph, &mut bytes).expect("export succeeds");
            let path = dir.path().join(format!("export.{extension}"));
            std::fs::write(&path, &bytes).expect("the export is written");
            let reloaded = load_paths(vec![path]);
            // The merged copies in the file and the ones loading makes are the same quads: no
            // duplicates, nothing lost, and exporting again gives the same bytes.
            assert!(
                canonical(store_quads(&reloaded), true) == original,
                "{format:?} {default_graph:?} does not reload to the same store"
            );
            let mut again = Vec::new();
            export(&reloaded, format, default_graph, &mut again).expect("export succeeds");
            assert!(
                again == bytes,
                "{format:?} {default_graph:?} is not a fixed point"
            );
        }
    }
    let mut merged = Vec::new();
    export(&graph, RdfSyntax::NQuads, DefaultGraph::Merged, &mut merged).unwrap();
    let mut stated = Vec::new();
    export(&graph, RdfSyntax::NQuads, DefaultGraph::Stated, &mut stated).unwrap();
    let lines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count();
    // Each named graph's statements, and every fact once in the default graph.
    let (_, sourced) = graph.stated_counts().unwrap();
    assert_eq!(lines(&merged), sourced + graph.fact_count().unwrap());
    assert_eq!(
        lines(&stated),
        graph.stated_quads().unwrap().len(),
        "stated leaves the merged copies out"
    );
}
