//! The bundled data keeps its own promises: passages quote the source exactly, every fact sits in a
//! passage (or the reference-names) graph, every entity is labelled in both languages, every hk: term
//! is declared, and nothing is a blank node.

use hkkg::rdf::namespaces::{HK, HKG, HKP, HKR, RDFS};
use hkkg::KnowledgeGraph;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};

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

/// The lines of the bundled text of the document a passage is part of (its hk:fileName, in
/// data/source/).
fn source_lines(graph: &KnowledgeGraph, passage: &NamedNode) -> Vec<&'static str> {
    let is_part_of = NamedNode::new_unchecked("http://purl.org/dc/terms/isPartOf");
    let document = graph
        .store()
        .quads_for_pattern(
            Some(passage.as_ref().into()),
            Some(is_part_of.as_ref()),
            None,
            None,
        )
        .flatten()
        .find_map(|q| match q.object {
            Term::NamedNode(document) => Some(document),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{passage} is part of a document"));
    let file = literal_of(graph, &document, &format!("{HK}fileName"))
        .unwrap_or_else(|| panic!("{document} names its text"));
    let path = format!("data/source/{file}");
    hkkg::assets::all()
        .find(|asset| asset.path == path)
        .unwrap_or_else(|| panic!("{path} is bundled"))
        .text
        .lines()
        .collect()
}

#[test]
fn every_passage_quotes_the_source_lines_exactly() {
    let graph = graph();
    let mut passages = 0;
    for graph_name in graph.store().named_graphs().flatten() {
        let NamedOrBlankNode::NamedNode(passage) = graph_name else {
            continue;
        };
        if !passage.as_str().starts_with(HKP) {
            continue;
        }
        passages += 1;
        let lines = source_lines(&graph, &passage);
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
    // 逾30 (line 38) and 50多 (line 45) are not exact sizes; 75 (line 52) is. 逾 is "more than": the bound
    // is exclusive; 50多 is at least 50 and fewer than 60.
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
    let flag = |delegation: &str, property: &str| {
        literal_of(
            &graph,
            &NamedNode::new_unchecked(format!("{HKR}{delegation}")),
            &format!("{HK}{property}"),
        )
    };
    assert_eq!(
        flag("delegation-2023", "lowerBoundExclusive").as_deref(),
        Some("true")
    );
    assert_eq!(
        flag("delegation-2025", "lowerBoundExclusive").as_deref(),
        Some("false")
    );
    assert_eq!(
        flag("delegation-2025", "maxMemberCount").as_deref(),
        Some("60")
    );
    assert_eq!(
        flag("delegation-2025", "upperBoundExclusive").as_deref(),
        Some("true")
    );
    // 逾16.5億美元 (line 53, restated in line 89): more than US$1.65 billion.
    assert_eq!(
        flag("amount-2026-agreements", "lowerBoundExclusive").as_deref(),
        Some("true")
    );
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

fn graph_with_inferences() -> KnowledgeGraph {
    KnowledgeGraph::load(&hkkg::LoadOptions {
        inferences: true,
        ..hkkg::LoadOptions::default()
    })
    .expect("the bundled data and its curated inferences load")
}

fn iri(local: &str) -> NamedNode {
    NamedNode::new_unchecked(local)
}

#[test]
fn curated_inferences_stay_in_their_own_graph_each_reified_with_its_reasoning() {
    use oxigraph::model::{GraphNameRef, Triple};
    let graph = graph_with_inferences();
    let curated = hkkg::store::curated_inferences_graph();
    let rdf = |l: &str| iri(&format!("http://www.w3.org/1999/02/22-rdf-syntax-ns#{l}"));
    let inference_class = iri(&format!("{HK}CuratedInference"));
    let quads: Vec<_> = graph
        .store()
        .quads_for_pattern(None, None, None, Some(GraphNameRef::from(&curated)))
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(quads.len() > 50, "only {} quads", quads.len());
    // The inference nodes and the triples they reify.
    let nodes: BTreeSet<String> = quads
        .iter()
        .filter(|q| q.predicate == rdf("type") && q.object == Term::from(inference_class.clone()))
        .map(|q| q.subject.to_string())
        .collect();
    assert!(nodes.len() >= 10, "{nodes:?}");
    let one = |subject: &str, predicate: &NamedNode| -> Term {
        let found: Vec<&Term> = quads
            .iter()
            .filter(|q| q.subject.to_string() == subject && &q.predicate == predicate)
            .map(|q| &q.object)
            .collect();
        assert_eq!(found.len(), 1, "{subject} {predicate}: {found:?}");
        found[0].clone()
    };
    let mut reified = std::collections::HashSet::new();
    for node in &nodes {
        let subject = one(node, &rdf("subject"));
        let predicate = one(node, &rdf("predicate"));
        let object = one(node, &rdf("object"));
        let (Term::NamedNode(subject), Term::NamedNode(predicate)) = (subject, predicate) else {
            panic!("{node}: subject and predicate are IRIs");
        };
        let triple = Triple::new(subject, predicate, object);
        // The triple itself is stated in the graph…
        assert!(
            quads.iter().any(|q| Triple::from(q.clone()) == triple),
            "{node} reifies {triple}, which the graph does not state"
        );
        // …and nowhere else: not in a passage graph, not in hkg:source or hkg:reference-names.
        for stated in graph
            .store()
            .quads_for_pattern(
                Some(triple.subject.as_ref()),
                Some(triple.predicate.as_ref()),
                Some(triple.object.as_ref()),
                None,
            )
            .flatten()
        {
            assert!(
                stated.graph_name == GraphName::NamedNode(curated.clone())
                    || stated.graph_name.is_default_graph(),
                "{triple} is also stated in {}",
                stated.graph_name
            );
        }
        // The reasoning in both languages, and the passages it rests on.
        let reasoning: BTreeSet<String> = quads
            .iter()
            .filter(|q| {
                q.subject.to_string() == *node && q.predicate.as_str() == format!("{HK}reasoning")
            })
            .filter_map(|q| match &q.object {
                Term::Literal(l) => l.language().map(str::to_owned),
                _ => None,
            })
            .collect();
        assert_eq!(
            reasoning,
            ["en", "zh-hant"].map(String::from).into(),
            "{node}"
        );
        let sources: Vec<String> = quads
            .iter()
            .filter(|q| {
                q.subject.to_string() == *node
                    && q.predicate.as_str() == "http://www.w3.org/ns/prov#wasDerivedFrom"
            })
            .map(|q| q.object.to_string())
            .collect();
        assert!(
            sources.iter().any(|s| s.starts_with(&format!("<{HKP}"))),
            "{node} rests on no passage: {sources:?}"
        );
        for source in sources.iter().filter(|s| s.starts_with(&format!("<{HKP}"))) {
            let passage = iri(source.trim_matches(['<', '>']));
            assert!(
                literal_of(&graph, &passage, &format!("{HK}text")).is_some(),
                "{node} cites {source}, which is no passage"
            );
        }
        reified.insert(triple);
    }
    // Every other quad of the graph describes an inference node.
    for quad in &quads {
        let triple = Triple::from(quad.clone());
        assert!(
            reified.contains(&triple) || nodes.contains(&quad.subject.to_string()),
            "{quad} is neither an inference nor reified by one"
        );
    }
}

#[test]
fn without_inferences_the_facts_moved_out_of_the_passages_are_absent() {
    // Issue 11: the 2025 visit's leader, the Almaty route's origin, the Mainland cities' strengths and
    // the Hetao park's place in the Hetao zone are curated inferences, not facts of the passages.
    let plain = graph();
    let with = graph_with_inferences();
    for (subject, predicate, object) in [
        ("visit-2025-middle-east", "leader", "john-lee"),
        ("air-route-hk-almaty", "origin", "hong-kong"),
        ("mainland-cities", "hasStrength", "sector-manufacturing"),
        ("mainland-cities", "hasStrength", "sector-market-space"),
        (
            "mainland-cities",
            "hasStrength",
            "sector-technology-transformation",
        ),
        ("hetao", "partnerCity", "shenzhen"),
    ] {
        let s = iri(&format!("{HKR}{subject}"));
        let p = iri(&format!("{HK}{predicate}"));
        let o = iri(&format!("{HKR}{object}"));
        let holds = |g: &KnowledgeGraph| {
            g.store()
                .quads_for_pattern(
                    Some(s.as_ref().into()),
                    Some(p.as_ref()),
                    Some(o.as_ref().into()),
                    None,
                )
                .next()
                .is_some()
        };
        assert!(
            !holds(&plain),
            "{subject} {predicate} {object} is loaded by default"
        );
        assert!(
            holds(&with),
            "{subject} {predicate} {object} is missing with inferences"
        );
    }
}

#[test]
fn with_inferences_every_fact_still_has_a_source_and_every_entity_both_labels() {
    let graph = graph_with_inferences();
    let label = iri(&format!("{RDFS}label"));
    let allowed = [
        format!("{HKG}source"),
        format!("{HKG}reference-names"),
        format!("{HKG}curated-inferences"),
    ];
    let mut languages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for quad in graph.stated_quads().unwrap() {
        if let GraphName::NamedNode(name) = &quad.graph_name {
            assert!(
                name.as_str().starts_with(HKP) || allowed.iter().any(|g| g == name.as_str()),
                "{quad} is in an unknown graph"
            );
        }
        if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
            if subject.as_str().starts_with(HKR) {
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
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn statements_in_identical_words_are_linked_and_kept_apart() {
    // p091's unnamed scholar and p107's 劉暢 are quoted word for word alike: the two statements are linked
    // by hk:sameWordsAs both ways, keep their own speakers, and every pair of statements with equal words
    // is so linked.
    let graph = graph();
    let text = iri(&format!("{HK}text"));
    let same = iri(&format!("{HK}sameWordsAs"));
    let statement_class = iri(&format!("{HK}Statement"));
    let rdf_type = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let mut by_words: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for quad in graph.merged_triples().unwrap() {
        if quad.predicate == text && !quad.subject.to_string().starts_with(&format!("<{HKP}")) {
            if let Term::Literal(l) = &quad.object {
                by_words
                    .entry(l.value().to_owned())
                    .or_default()
                    .insert(quad.subject.to_string());
            }
        }
    }
    let linked = |a: &str, b: &str| {
        let a = iri(a.trim_matches(['<', '>']));
        let b = iri(b.trim_matches(['<', '>']));
        graph
            .store()
            .quads_for_pattern(
                Some(a.as_ref().into()),
                Some(same.as_ref()),
                Some(b.as_ref().into()),
                None,
            )
            .next()
            .is_some()
    };
    let mut pairs = 0;
    for statements in by_words.values().filter(|s| s.len() > 1) {
        for a in statements {
            for b in statements.iter().filter(|b| *b != a) {
                assert!(
                    linked(a, b),
                    "{a} and {b} have the same words but are not linked"
                );
                pairs += 1;
            }
        }
    }
    assert_eq!(pairs, 2, "one pair, both ways");
    // Linked statements are statements with the same words and different speakers.
    for quad in graph.merged_triples().unwrap() {
        if quad.predicate == same {
            let words =
                |node: &str| literal_of(&graph, &iri(node.trim_matches(['<', '>'])), text.as_str());
            let object = quad.object.to_string();
            assert_eq!(words(&quad.subject.to_string()), words(&object), "{quad}");
            let is_statement = |node: &str| {
                let node = iri(node.trim_matches(['<', '>']));
                graph
                    .store()
                    .quads_for_pattern(
                        Some(node.as_ref().into()),
                        Some(rdf_type.as_ref()),
                        Some(statement_class.as_ref().into()),
                        None,
                    )
                    .next()
                    .is_some()
            };
            assert!(is_statement(&quad.subject.to_string()) && is_statement(&object));
        }
    }
    let speaker = |local: &str| -> Vec<String> {
        let node = iri(&format!("{HKR}{local}"));
        graph
            .store()
            .quads_for_pattern(
                Some(node.as_ref().into()),
                Some(iri(&format!("{HK}speaker")).as_ref()),
                None,
                None,
            )
            .flatten()
            .map(|q| q.object.to_string())
            .collect()
    };
    assert_ne!(
        speaker("statement-unnamed-scholar-1"),
        speaker("statement-liu-chang-3")
    );
}
