//! Bad input to the graph commands: a clear message naming what is wrong and what exists, a
//! non-zero exit, and no output file.

use crate::support::*;

fn fails(extra: &[&str]) -> String {
    let mut args = graph_fixture_args();
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = hkkg(&args);
    assert_ne!(
        run.code, 0,
        "hkkg {extra:?} should fail; stdout:\n{}",
        run.stdout
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn an_unknown_view_is_named_with_the_views_that_exist() {
    let error = fails(&["graph", "visit"]);
    assert!(error.contains("no view 'visit'"), "{error}");
    assert!(error.contains("did you mean visits"), "{error}");
    for view in ["country-links", "entities", "people", "policy", "visits"] {
        assert!(error.contains(view), "{error}");
    }
    let error = fails(&["analyze", "nothing-like-it"]);
    assert!(error.contains("views: country-links, entities"), "{error}");
}

#[test]
fn an_unknown_entity_gets_suggestions_and_one_outside_the_view_names_the_view() {
    let error = fails(&["path", "Qatr", "Kuwait"]);
    assert!(
        error.contains("no entity matches 'Qatr'") && error.contains("Qatar"),
        "{error}"
    );
    let error = fails(&["path", "Qatar", "葛珮帆", "--view", "visits"]);
    assert!(error.contains("not in view 'visits'"), "{error}");
    let error = fails(&["neighbours", "Nowhere-at-all"]);
    assert!(
        error.contains("no entity matches 'Nowhere-at-all'"),
        "{error}"
    );
}

#[test]
fn a_view_without_the_required_variables_says_which_are_missing() {
    let error = fails(&["graph", "-e", "SELECT ?s ?label WHERE { ?s ?label ?o }"]);
    assert!(error.contains("does not yield ?source ?target"), "{error}");
    assert!(error.contains("it yields ?s ?label"), "{error}");
    let error = fails(&["analyze", "-e", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"]);
    assert!(error.contains("must be a SELECT"), "{error}");
}

#[test]
fn bad_values_in_a_view_name_the_row_and_the_variable() {
    let weight = r#"SELECT ?source ?target ?label ?weight WHERE { ?source ?label ?target . FILTER(isIRI(?target)) BIND("heavy" AS ?weight) }"#;
    let error = fails(&["graph", "-e", weight]);
    assert!(
        error.contains("?weight is not a number") && error.contains("row 1"),
        "{error}"
    );
    let date = r#"SELECT ?source ?target ?label ?start WHERE { ?source ?label ?target . FILTER(isIRI(?target)) BIND("soon" AS ?start) }"#;
    let error = fails(&["graph", "-e", date]);
    assert!(error.contains("?start must be a date"), "{error}");
    let syntax = fails(&["graph", "-e", "SELECT ?source WHERE { ?source ?label }"]);
    assert!(syntax.contains("SPARQL syntax error at line 1"), "{syntax}");
}

#[test]
fn csv_needs_an_output_prefix() {
    let error = fails(&["graph", "entities", "-f", "csv"]);
    assert!(error.contains("-o PREFIX"), "{error}");
}
