//! `hkkg generate`: a synthetic graph in hkkg's model on which every named query and view answers,
//! that lints clean and conforms to the bundled shapes, the same bytes for the same seed, N-Quads
//! and TriG the same graph.

use crate::support::{hkkg, hkkg_ok};
use hkkg::graph::view;
use hkkg::output::export::{export, DefaultGraph};
use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::entity::Lookup;
use hkkg::query::params::{self, Assignment};
use hkkg::query::search::SearchIndex;
use hkkg::query::sparql::{execute, Limits};
use hkkg::rdf::lang::canonical_case;
use hkkg::rdf::syntax::RdfSyntax;
use hkkg::store::source::Input;
use hkkg::{KnowledgeGraph, Lang, LoadOptions};
use oxigraph::io::RdfSerializer;
use oxigraph::sparql::QueryResults;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// 10,000 generated triples (seed 1) in a directory kept for the whole test run.
fn generated() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gen.trig");
        hkkg_ok(&[
            "generate",
            "--triples",
            "10000",
            "--seed",
            "1",
            "-o",
            file.to_str().unwrap(),
        ]);
        dir
    });
    dir.path()
}

fn file() -> PathBuf {
    generated().join("gen.trig")
}

fn graph() -> &'static KnowledgeGraph {
    static GRAPH: OnceLock<KnowledgeGraph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        KnowledgeGraph::load(&LoadOptions {
            bundled: false,
            inputs: vec![Input::new(&file(), None)],
            ..LoadOptions::default()
        })
        .expect("the generated graph loads")
    })
}

/// The first value of `?x` a query over the generated graph gives.
fn first(query: &str) -> String {
    let QueryResults::Solutions(mut rows) = execute(graph(), query, &[]).unwrap() else {
        panic!("a SELECT");
    };
    let row = rows.next().expect("a row").unwrap();
    row.get("x").expect("?x").to_string()
}

/// The number `?x` of a counting query.
fn count(query: &str) -> u64 {
    let term = first(query);
    let digits = term.trim_start_matches('"');
    digits[..digits.find('"').unwrap()].parse().unwrap()
}

/// Values for the parameters whose defaults name entities of the bundled data.
fn parameters(query: &str) -> Vec<(&'static str, String)> {
    match query {
        "alliance-proposals" => vec![(
            "proposer",
            first("SELECT ?x WHERE { ?p hk:proposedBy ?x ; hk:ordinal ?o } LIMIT 1"),
        )],
        "integration-examples" => vec![(
            "passage",
            first("SELECT ?x WHERE { GRAPH ?x { ?m a hk:Measure } } LIMIT 1"),
        )],
        "passage-facts" => vec![(
            "passage",
            first("SELECT ?x WHERE { ?x a hk:Passage } LIMIT 1"),
        )],
        "statements-about" => vec![(
            "topic",
            first("SELECT ?x WHERE { ?s a hk:Statement ; hk:about ?x } LIMIT 1"),
        )],
        _ => Vec::new(),
    }
}

#[test]
fn every_named_query_answers_on_a_generated_graph() {
    let catalog = Catalog::load(Kind::Query, &[] as &[&str]).unwrap();
    let index = SearchIndex::build(graph());
    let mut silent = Vec::new();
    for query in &catalog.entries {
        let given: Vec<Assignment> = parameters(&query.name)
            .into_iter()
            .map(|(name, value)| Assignment {
                name: name.to_owned(),
                value,
            })
            .collect();
        let bindings =
            params::bind(&Lookup::new(graph(), &index), query, &given, Lang::En).unwrap();
        let QueryResults::Solutions(rows) =
            execute(graph(), &query.text, &bindings.values).unwrap()
        else {
            panic!("{} is a SELECT query", query.name);
        };
        if rows.count() == 0 {
            silent.push(query.name.clone());
        }
    }
    assert!(silent.is_empty(), "no rows from {silent:?}");
    assert!(catalog.entries.len() >= 29);
}

#[test]
fn every_view_has_edges_on_a_generated_graph() {
    let catalog = Catalog::load(Kind::View, &[] as &[&str]).unwrap();
    for view in &catalog.entries {
        let built = view::build(graph(), view, &[], &Limits::default()).unwrap();
        assert!(
            built.edge_count() > 0 && built.node_count() > 1,
            "view {} is empty",
            view.name
        );
    }
}

#[test]
fn the_generated_graph_lints_clean_and_conforms() {
    let file = file();
    let lint = hkkg(&["lint", file.to_str().unwrap()]);
    assert_eq!(lint.code, 0, "{}", lint.stderr);
    assert!(
        lint.stdout.contains("0 error(s), 0 warning(s)"),
        "{}",
        lint.stdout
    );
    let validate = hkkg(&["--no-bundled", "--data", file.to_str().unwrap(), "validate"]);
    assert_eq!(validate.code, 0, "{}{}", validate.stdout, validate.stderr);
    // The text lint checks the passages against is the one written beside the graph.
    let text = std::fs::read_to_string(generated().join("gen.txt")).unwrap();
    let passages = text.lines().count();
    assert_eq!(
        count("SELECT (COUNT(?p) AS ?x) WHERE { ?p a hk:Passage }"),
        passages as u64
    );
}

#[test]
fn it_says_it_is_generated_and_sizes_as_asked() {
    let label = first("SELECT ?x WHERE { hkr:source-gen1 dct:title ?x }");
    assert_eq!(label, "\"generated by hkkg generate, seed 1\"@en");
    // About the size asked for: the last passage is finished, and a few statements repeat
    // within a passage (two equal choices), which a graph holds once.
    let triples = count("SELECT (COUNT(*) AS ?x) WHERE { ?s ?p ?o }");
    assert!((9_900..10_100).contains(&triples), "{triples} triples");
    assert!(count("SELECT (COUNT(?v) AS ?x) WHERE { ?v a hk:Visit }") >= 40);
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_nquads_are_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    // The same name, in another directory: the document names its text file.
    let again = dir.path().join("gen.trig");
    let quads = dir.path().join("gen.nq");
    let other = dir.path().join("other.trig");
    hkkg_ok(&[
        "generate",
        "--triples",
        "10000",
        "-o",
        again.to_str().unwrap(),
    ]);
    let nquads = [
        "generate",
        "--triples",
        "10000",
        "--format",
        "nquads",
        "-o",
        quads.to_str().unwrap(),
    ];
    hkkg_ok(&nquads);
    let seed = [
        "generate",
        "--triples",
        "10000",
        "--seed",
        "2",
        "-o",
        other.to_str().unwrap(),
    ];
    hkkg_ok(&seed);
    let bytes = |path: &Path| std::fs::read(path).unwrap();
    assert!(
        bytes(&file()) == bytes(&again),
        "the same seed wrote other bytes"
    );
    assert!(
        bytes(&file()) != bytes(&other),
        "another seed wrote the same bytes"
    );
    let export = |path: &Path| {
        hkkg_ok(&[
            "--no-bundled",
            "--data",
            path.to_str().unwrap(),
            "export",
            "-f",
            "nquads",
        ])
    };
    assert_eq!(export(&file()), export(&quads));
    // Seed 2 names its own entities: the two load side by side without sharing a node.
    let shared = hkkg_ok(&[
        "--no-bundled",
        "--data",
        file().to_str().unwrap(),
        "--data",
        other.to_str().unwrap(),
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?v a hk:Visit ; hk:visitedCountry ?c . ?w a hk:Visit ; hk:visitedCountry ?c . FILTER(STRSTARTS(STR(?v), STR(hkr:gen1-)) && STRSTARTS(STR(?w), STR(hkr:gen2-))) }",
        "--format",
        "csv",
    ]);
    assert_eq!(shared, "n\r\n0\r\n");
}

#[test]
fn too_few_triples_and_a_text_over_the_graph_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.trig");
    let few = hkkg(&["generate", "--triples", "500", "-o", out.to_str().unwrap()]);
    assert_eq!(few.code, 2);
    assert!(
        few.stderr.contains("--triples: 500 is too few"),
        "{}",
        few.stderr
    );
    assert!(!out.exists(), "nothing is written");
    let clash = hkkg(&[
        "generate",
        "--triples",
        "10000",
        "-o",
        out.to_str().unwrap(),
        "--text",
        out.to_str().unwrap(),
    ]);
    assert_eq!(clash.code, 2);
    assert!(
        clash.stderr.contains("would overwrite the graph"),
        "{}",
        clash.stderr
    );
}

/// What the export wrote before it sorted its own lines: every quad (graph names dropped for
/// N-Triples), language tags in canonical case, sorted by their N-Quads text, written by oxigraph.
fn sorted_by_text(quads: Vec<oxigraph::model::Quad>, syntax: RdfSyntax) -> Vec<u8> {
    use oxigraph::model::{GraphName, Literal, Term};
    let mut quads: Vec<_> = quads
        .into_iter()
        .map(|mut quad| {
            if !syntax.keeps_graphs() {
                quad.graph_name = GraphName::DefaultGraph;
            }
            if let Term::Literal(literal) = &quad.object {
                if let Some(language) = literal.language() {
                    quad.object = Literal::new_language_tagged_literal_unchecked(
                        literal.value(),
                        canonical_case(language),
                    )
                    .into();
                }
            }
            quad
        })
        .collect();
    quads.sort_by_cached_key(|q| q.to_string());
    quads.dedup();
    let mut writer = RdfSerializer::from_format(syntax.oxigraph()).for_writer(Vec::new());
    for quad in &quads {
        writer.serialize_quad(quad).unwrap();
    }
    writer.finish().unwrap()
}

#[test]
fn line_exports_of_a_generated_graph_are_its_statements_sorted_by_their_text() {
    let all: Vec<_> = graph().merged_dataset().map(Result::unwrap).collect();
    let stated = graph().stated_quads().unwrap();
    let merged = graph().merged_triples().unwrap();
    let cases = [
        (RdfSyntax::NTriples, DefaultGraph::Merged, merged),
        (RdfSyntax::NQuads, DefaultGraph::Merged, all),
        (RdfSyntax::NQuads, DefaultGraph::Stated, stated),
    ];
    for (syntax, default_graph, quads) in cases {
        let mut out = Vec::new();
        export(graph(), syntax, default_graph, &mut out).unwrap();
        let expected = sorted_by_text(quads, syntax);
        assert!(
            out == expected,
            "{syntax:?} ({default_graph:?}) differs from the statements sorted by text"
        );
        assert!(out.len() > 1_000_000, "{} bytes", out.len());
    }
}

#[test]
fn stats_counts_what_collecting_would_find() {
    let unmerged = KnowledgeGraph::load(&LoadOptions {
        merge: false,
        ..LoadOptions::default()
    })
    .unwrap();
    let bundled = KnowledgeGraph::bundled().unwrap();
    for graph in [graph(), &bundled, &unmerged] {
        let stated = graph.stated_quads().unwrap();
        let sourced = stated
            .iter()
            .filter(|q| !q.graph_name.is_default_graph())
            .count();
        assert_eq!(
            graph.stated_counts().unwrap(),
            (stated.len(), sourced),
            "statements"
        );
        assert_eq!(
            graph.fact_count().unwrap(),
            graph.merged_triples().unwrap().len(),
            "facts"
        );
    }
    // Without the merge some facts stated in two passages are counted once, not twice.
    assert!(unmerged.fact_count().unwrap() < unmerged.len().unwrap());
}
