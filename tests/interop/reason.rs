//! `--reason rdfs` agrees with an independent RDFS reasoner (owlrl).

use hkkg::check::reason::{inferred_graph, materialize, Reasoning};
use hkkg::store::source::Input;
use hkkg::{KnowledgeGraph, LoadOptions};
use oxigraph::model::GraphNameRef;
use std::path::PathBuf;
use std::process::Command;

fn mini() -> (KnowledgeGraph, Vec<PathBuf>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let paths = vec![dir.join("ontology.ttl"), dir.join("data.trig")];
    let graph = KnowledgeGraph::load(&LoadOptions {
        bundled: false,
        inputs: paths.iter().map(|p| Input::new(p, None)).collect(),
        ..LoadOptions::default()
    })
    .unwrap();
    (graph, paths)
}

fn inferred_lines(graph: &KnowledgeGraph) -> Vec<String> {
    let inferred = inferred_graph();
    let mut lines: Vec<String> = graph
        .store()
        .quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::from(inferred.as_ref())),
        )
        .map(|q| {
            let q = q.unwrap();
            format!("{} {} {} .", q.subject, q.predicate, q.object)
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn agrees_with_owlrl() {
    let (graph, paths) = mini();
    materialize(&graph, Reasoning::Rdfs).unwrap();
    let output = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/rdfs_closure.py"
        ))
        .args(&paths)
        .output()
        .expect("python3 runs; install .ci/requirements-trust.txt");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(inferred_lines(&graph), theirs);
}
