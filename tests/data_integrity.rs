//! The bundled data keeps its own promises: passages quote the source exactly, every fact sits in a
//! passage (or the reference-names) graph, every entity is labelled in both languages, every hk: term
//! is declared, and nothing is a blank node.

use hkkg::rdf::namespaces::{HK, HKG, HKP, HKR, RDFS};
use hkkg::KnowledgeGraph;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};

const SOURCE: &str = include_str!("../data/source/000_798d22a549aca399.txt");

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::bundled().expect("the bundled data loads")
}

fn literal_of(graph: &KnowledgeGraph, subject: &NamedNode, property: &str) -> Option<String> {
    let property = NamedNode::new_unchecked(property);
    graph
        .store()
        .quads_for_pattern(
            Some(subject.as_ref().into()),
            Some(property.as_ref()),
            None,
            None,
        )
        .flatten()
        .find_map(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
}

#[test]
fn every_passage_quotes_the_source_lines_exactly() {
    let graph = graph();
    let lines: Vec<&str> = SOURCE.lines().collect();
    let mut passages = 0;
    for graph_name in graph.store().named_graphs().flatten() {
        let NamedOrBlankNode::NamedNode(passage) = graph_name else {
            continue;
        };
        if !passage.as_str().starts_with(HKP) {
            continue;
        }
        passages += 1;
        let text = literal_of(&graph, &passage, &format!("{HK}text"))
            .expect("a passage graph has a passage record");
        let start: usize = literal_of(&graph, &passage, &format!("{HK}lineStart"))
            .unwrap()
            .parse()
            .unwrap();
        let end: usize = literal_of(&graph, &passage, &format!("{HK}lineEnd"))
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            passage.as_str().ends_with(&format!("p{start:03}")),
            "{passage} starts at line {start}"
        );
        // A passage is its first line, or a sentence broken by the extraction: first and last line joined.
        let expected = if start == end {
            lines[start - 1].to_owned()
        } else {
            format!("{}{}", lines[start - 1], lines[end - 1])
        };
        assert_eq!(text, expected, "{passage}");
    }
    assert!(passages > 50, "only {passages} passage graphs");
}

#[test]
fn every_fact_of_the_data_has_a_source() {
    let graph = graph();
    let allowed_graphs = [format!("{HKG}source"), format!("{HKG}reference-names")];
    for quad in graph.stated_quads().unwrap() {
        match &quad.graph_name {
            GraphName::NamedNode(name) => assert!(
                name.as_str().starts_with(HKP) || allowed_graphs.iter().any(|g| g == name.as_str()),
                "{quad} is in an unknown graph"
            ),
            // The default graph holds the ontology only.
            GraphName::DefaultGraph => {
                let subject = quad.subject.to_string();
                assert!(
                    !subject.starts_with(&format!("<{HKR}")),
                    "{quad} has no source passage"
                )
            }
            GraphName::BlankNode(_) => panic!("{quad} is in a blank-node graph"),
        }
    }
}

#[test]
fn every_entity_is_labelled_in_english_and_traditional_chinese() {
    let graph = graph();
    let label = NamedNode::new_unchecked(format!("{RDFS}label"));
    let mut languages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for quad in graph.merged_triples().unwrap() {
        if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
            if subject.as_str().starts_with(HKR) || subject.as_str().starts_with(HK) {
                let entry = languages.entry(subject.as_str().to_owned()).or_default();
                if quad.predicate == label {
                    if let Term::Literal(l) = &quad.object {
                        entry.insert(l.language().unwrap_or("").to_owned());
                    }
                }
            }
        }
    }
    let missing: Vec<_> = languages
        .iter()
        .filter(|(_, langs)| !(langs.contains("en") && langs.contains("zh-hant")))
        .map(|(entity, langs)| format!("{entity} {langs:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "entities lacking an en or zh-Hant label:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_hk_term_used_is_declared_in_the_ontology() {
    let graph = graph();
    let declared = |term: &str| {
        let node = NamedNode::new_unchecked(term);
        graph
            .store()
            .quads_for_pattern(
                Some(node.as_ref().into()),
                None,
                None,
                Some(GraphName::DefaultGraph.as_ref()),
            )
            .next()
            .is_some()
    };
    for quad in graph.merged_triples().unwrap() {
        let mut terms = vec![quad.predicate.as_str().to_owned()];
        if quad.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
            terms.push(quad.object.to_string().trim_matches(['<', '>']).to_owned());
        }
        for term in terms.into_iter().filter(|t| t.starts_with(HK)) {
            assert!(
                declared(&term),
                "{term} is used but not declared (in {quad})"
            );
        }
    }
}

#[test]
fn the_data_has_no_blank_nodes() {
    for quad in graph().stated_quads().unwrap() {
        assert!(
            !quad.subject.is_blank_node() && !matches!(quad.object, Term::BlankNode(_)),
            "{quad}"
        );
    }
}

#[test]
fn lower_bounds_stay_lower_bounds() {
    // 逾30 (line 38) and 50多 (line 45) are not exact sizes; 75 (line 52) is.
    let graph = graph();
    let exact = format!("{HK}memberCount");
    let minimum = format!("{HK}minMemberCount");
    for (delegation, exact_count, min_count) in [
        ("delegation-2023", None, Some("30")),
        ("delegation-2025", None, Some("50")),
        ("delegation-2026", Some("75"), None),
    ] {
        let node = NamedNode::new_unchecked(format!("{HKR}{delegation}"));
        assert_eq!(
            literal_of(&graph, &node, &exact).as_deref(),
            exact_count,
            "{delegation}"
        );
        assert_eq!(
            literal_of(&graph, &node, &minimum).as_deref(),
            min_count,
            "{delegation}"
        );
    }
}

#[test]
fn the_store_keeps_every_literal_as_written_so_exports_are_faithful() {
    // oxigraph normalises some typed literals (xsd:nonNegativeInteger becomes xsd:integer, "07" becomes
    // "7"); the bundled files avoid those forms, so what the store holds and exports is what they say.
    use oxigraph::model::dataset::CanonicalizationAlgorithm;
    use oxigraph::model::Dataset;
    let mut as_written =
        hkkg::store::read_dataset(&hkkg::LoadOptions::default()).expect("the files read");
    let mut as_stored = Dataset::new();
    for quad in graph().stated_quads().unwrap() {
        as_stored.insert(&quad);
    }
    as_written.canonicalize(CanonicalizationAlgorithm::Unstable);
    as_stored.canonicalize(CanonicalizationAlgorithm::Unstable);
    let differences: Vec<String> = as_written
        .iter()
        .filter(|q| !as_stored.contains(*q))
        .map(|q| q.to_string())
        .take(5)
        .collect();
    assert!(
        differences.is_empty(),
        "written differently from what the store keeps:\n{}",
        differences.join("\n")
    );
    assert_eq!(as_written.len(), as_stored.len());
}
