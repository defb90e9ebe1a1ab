//! `--reason rdfs`: entailments land in hkg:inferred only and answer queries for superclasses (the
//! interop tier compares them with an independent RDFS reasoner, owlrl).

use crate::support::{inferred_lines, reasoning_fixture_with};
use hkkg::check::reason::{materialize, Reasoning};
use hkkg::query::sparql;
use hkkg::KnowledgeGraph;
use oxigraph::sparql::QueryResults;
use std::process::Command;

fn events(graph: &KnowledgeGraph) -> Vec<String> {
    let QueryResults::Solutions(rows) =
        sparql::execute(graph, "SELECT ?e WHERE { ?e a schema:Event }", &[]).unwrap()
    else {
        panic!("a SELECT gives solutions")
    };
    rows.map(|row| row.unwrap().get("e").unwrap().to_string())
        .collect()
}

#[test]
fn visits_become_events_and_entailments_stay_in_their_own_graph() {
    for merge_stored in [false, true] {
        let (graph, _) = reasoning_fixture_with(merge_stored);
        assert!(events(&graph).is_empty());
        let asserted = graph.len().unwrap();
        let added = materialize(&graph, Reasoning::Rdfs).unwrap();
        // Each entailed triple is in hkg:inferred and, when the merge is stored, copied into the
        // default graph; queries see it either way.
        let copies = if merge_stored { 2 } else { 1 };
        assert_eq!(graph.len().unwrap(), asserted + copies * added);
        assert_eq!(
            events(&graph),
            ["<https://w3id.org/hkkg/resource/visit-2023>"]
        );
        assert_eq!(inferred_lines(&graph).len(), added);
        // Asserted triples are not repeated in hkg:inferred, and a second run finds nothing new.
        assert!(!inferred_lines(&graph)
            .iter()
            .any(|l| l.contains("hkkg/ontology#Visit>")));
        assert_eq!(materialize(&graph, Reasoning::Rdfs).unwrap(), 0);
    }
}
#[test]
fn export_keeps_entailments_in_their_own_graph_only_when_asked() {
    let export = |reason: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hkkg"));
        if reason {
            command.args(["--reason", "rdfs"]);
        }
        // The stated default graph: the merged one would also hold the entailments' copies.
        let output = command
            .args(["export", "-f", "nquads", "--default-graph", "stated"])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let inferred = "<https://w3id.org/hkkg/graph/inferred> .";
    let plain = export(false);
    let reasoned = export(true);
    assert!(!plain.contains(inferred));
    // Every visit of the bundled data is a schema:Event in hkg:inferred, and nothing asserted moved.
    assert!(reasoned.contains(&format!("<https://w3id.org/hkkg/resource/visit-2023-middle-east> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Event> {inferred}")));
    let asserted: Vec<&str> = reasoned
        .lines()
        .filter(|l| !l.ends_with(inferred))
        .collect();
    assert_eq!(asserted, plain.lines().collect::<Vec<_>>());
}
