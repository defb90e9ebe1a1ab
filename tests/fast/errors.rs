//! Bad input: each case stops with a message that says where and what to do, a non-zero exit, no
//! partial output, and never a panic.

use crate::support::{fixture, hkkg, hkkg_with_stdin};

fn assert_clean_failure(run: &crate::support::Run, expected: &[&str]) {
    assert_ne!(
        run.code, 0,
        "expected failure, got success:\n{}",
        run.stdout
    );
    assert_ne!(run.code, 101, "hkkg panicked:\n{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no partial output expected, got:\n{}",
        run.stdout
    );
    for needle in expected {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn malformed_turtle_reports_file_line_and_column_and_loads_nothing() {
    let bad = fixture("bad-syntax.ttl");
    let run = hkkg(&["--data", bad.to_str().unwrap(), "stats"]);
    assert_clean_failure(&run, &["bad-syntax.ttl:4:", "nothing was loaded"]);
}

#[test]
fn malformed_trig_after_a_good_file_still_loads_nothing() {
    let good = fixture("blank-nodes.ttl");
    let bad = fixture("bad-graph.trig");
    let run = hkkg(&[
        "--no-bundled",
        "--data",
        good.to_str().unwrap(),
        "--data",
        bad.to_str().unwrap(),
        "export",
    ]);
    assert_clean_failure(&run, &["bad-graph.trig:3:"]);
}

#[test]
fn library_load_fails_whole_and_keeps_no_store() {
    let result = hkkg::KnowledgeGraph::load(&hkkg::LoadOptions {
        inputs: vec![hkkg::store::source::Input::new(
            &fixture("bad-syntax.ttl"),
            None,
        )],
        ..hkkg::LoadOptions::default()
    });
    let error = result.err().expect("a malformed file fails the load");
    match error {
        hkkg::Error::RdfSyntax {
            position: Some(position),
            ..
        } => assert_eq!(position.line, 4),
        other => panic!("expected a positioned syntax error, got {other:?}"),
    }
}

#[test]
fn unknown_file_extension_and_missing_file_are_named() {
    let run = hkkg(&["--data", "Cargo.toml", "stats"]);
    assert_clean_failure(&run, &["Cargo.toml", "extensions"]);
    let run = hkkg(&["--data", "no/such/file.ttl", "stats"]);
    assert_clean_failure(&run, &["no/such/file.ttl"]);
}

#[test]
fn malformed_query_shows_its_position() {
    let run = hkkg(&["query", "-e", "SELECT ?s\nWHERE { ?s ?p }"]);
    assert_clean_failure(&run, &["line 2, column", "^"]);
    let run = hkkg_with_stdin(&["query", "-"], Some("ASK { ?s ?p ?o"));
    assert_clean_failure(&run, &["SPARQL syntax error at line 1"]);
}

#[test]
fn unknown_named_query_suggests_close_names() {
    let run = hkkg(&["query", "visit-timelin"]);
    assert_clean_failure(
        &run,
        &[
            "no named query 'visit-timelin'",
            "did you mean",
            "visit-timeline",
        ],
    );
}

#[test]
fn unknown_parameter_suggests_close_names_and_lists_the_known_ones() {
    let run = hkkg(&["query", "visit-timeline", "--param", "contry=hkr:qatar"]);
    assert_clean_failure(
        &run,
        &["has no parameter 'contry'", "did you mean country?"],
    );
}

#[test]
fn ill_typed_parameter_values_name_the_parameter() {
    let run = hkkg(&["query", "visits-between", "--param", "from=2023-02-30"]);
    assert_clean_failure(&run, &["parameter 'from'", "YYYY-MM-DD"]);
    let run = hkkg(&["query", "visit-timeline", "--param", "country=Atlantis"]);
    assert_clean_failure(
        &run,
        &["parameter 'country'", "no entity matches 'Atlantis'"],
    );
    let run = hkkg(&["query", "visit-timeline", "--param", "country"]);
    assert_clean_failure(&run, &["not of the form name=value"]);
}

#[test]
fn unknown_entity_for_cite_suggests_labels() {
    let run = hkkg(&["cite", "Qatr"]);
    assert_clean_failure(&run, &["no entity matches 'Qatr'", "Qatar"]);
}

#[test]
fn result_format_must_fit_the_query_form() {
    let run = hkkg(&[
        "query",
        "-e",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        "--format",
        "turtle",
    ]);
    assert_clean_failure(&run, &["cannot write SELECT results", "csv"]);
}

#[test]
fn values_that_look_like_sparql_are_bound_not_spliced() {
    // Were the value pasted into the query text, this would widen the query to every triple.
    let injection = "x\" } UNION { ?s ?p ?o } #";
    let run = hkkg(&[
        "query",
        "-e",
        "SELECT ?label WHERE { ?e rdfs:label ?label }",
        "--param",
        &format!("label={injection}"),
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "label",
        "only the header: no entity has that label"
    );
}
