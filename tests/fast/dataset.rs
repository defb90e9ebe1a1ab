//! SPARQL datasets as the standard defines them: files loaded into named graphs of the user's
//! choosing (`--data-graph`), the merged default graph turned off (`--no-merge`), a query's own
//! `FROM`/`FROM NAMED` and relative IRIs resolved against the query file, and `query --check`.

use crate::support::{fixture, hkkg, hkkg_ok};
use std::path::{Path, PathBuf};

const WHERE_EACH_FACT_IS: &str =
    "SELECT ?g ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?g ?s";

/// A directory with `a.ttl` (one triple), `b.ttl` (another) and `both.trig` (the first triple in
/// the default graph and in graph <http://example.org/g>, a third in that graph only).
fn files() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().canonicalize().unwrap();
    std::fs::write(
        path.join("a.ttl"),
        "<http://example.org/a> <http://example.org/p> 1 .\n",
    )
    .unwrap();
    std::fs::write(
        path.join("b.ttl"),
        "<http://example.org/b> <http://example.org/p> 2 .\n",
    )
    .unwrap();
    std::fs::write(
        path.join("both.trig"),
        "<http://example.org/a> <http://example.org/p> 1 .\n\
         <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 . \
         <http://example.org/c> <http://example.org/p> 3 . }\n",
    )
    .unwrap();
    (dir, path)
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

/// `hkkg --no-bundled [ARGS…] query -e QUERY --format csv`, rows after the header.
fn rows(load: &[&str], query: &str) -> Vec<String> {
    let mut args = vec!["--no-bundled"];
    args.extend_from_slice(load);
    args.extend_from_slice(&["query", "-e", query, "--format", "csv"]);
    let csv = hkkg_ok(&args);
    csv.lines().skip(1).map(str::to_owned).collect()
}

#[test]
fn a_file_loads_into_the_named_graph_given_and_into_the_merge_unless_no_merge() {
    let (_dir, path) = files();
    let (a, b) = (arg(&path.join("a.ttl")), arg(&path.join("b.ttl")));
    let load = ["--data", &a, "--data-graph", "hkg:notes", &b];
    let notes = "https://w3id.org/hkkg/graph/notes";
    assert_eq!(
        rows(&load, WHERE_EACH_FACT_IS),
        [
            ",http://example.org/a".to_owned(),
            ",http://example.org/b".to_owned(),
            format!("{notes},http://example.org/b"),
        ]
    );
    let mut unmerged = vec!["--no-merge"];
    unmerged.extend_from_slice(&load);
    assert_eq!(
        rows(&unmerged, WHERE_EACH_FACT_IS),
        [
            ",http://example.org/a".to_owned(),
            format!("{notes},http://example.org/b"),
        ],
        "without the merge the default graph holds only a.ttl"
    );
}

#[test]
fn without_the_merge_the_default_graph_is_what_the_files_put_there() {
    let (_dir, path) = files();
    let trig = arg(&path.join("both.trig"));
    let default_graph = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s";
    assert_eq!(
        rows(&["--data", &trig], default_graph),
        ["http://example.org/a", "http://example.org/c"]
    );
    assert_eq!(
        rows(&["--no-merge", "--data", &trig], default_graph),
        ["http://example.org/a"]
    );
    // FROM makes a named graph the default graph, FROM NAMED restricts GRAPH.
    assert_eq!(
        rows(
            &["--no-merge", "--data", &trig],
            "SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o } ORDER BY ?s"
        ),
        ["http://example.org/a", "http://example.org/c"]
    );
    assert_eq!(
        rows(
            &["--no-merge", "--data", &trig],
            "SELECT ?g FROM NAMED <http://example.org/none> WHERE { GRAPH ?g { ?s ?p ?o } }"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn exports_without_the_merge_keep_every_statement() {
    let (_dir, path) = files();
    let trig = arg(&path.join("both.trig"));
    let export = |format: &str| {
        hkkg_ok(&[
            "--no-bundled",
            "--no-merge",
            "--data",
            &trig,
            "export",
            "--format",
            format,
        ])
    };
    // The default-graph statement is the file's own, not a merged copy of the named one.
    assert_eq!(export("nquads").lines().count(), 3, "{}", export("nquads"));
    // Single-graph formats still write every fact once.
    assert_eq!(
        export("ntriples").lines().count(),
        2,
        "{}",
        export("ntriples")
    );
}

#[test]
fn inferences_without_the_merge_stay_in_their_own_graph() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schema.ttl");
    std::fs::write(
        &file,
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <http://example.org/Dog> rdfs:subClassOf <http://example.org/Animal> .\n\
         <http://example.org/rex> a <http://example.org/Dog> .\n",
    )
    .unwrap();
    let file = arg(&file);
    let animals = "SELECT ?g WHERE { { ?x a <http://example.org/Animal> } UNION { GRAPH ?g { ?x a <http://example.org/Animal> } } } ORDER BY ?g";
    let inferred = "https://w3id.org/hkkg/graph/inferred";
    assert_eq!(
        rows(&["--reason", "rdfs", "--data", &file], animals),
        ["", inferred]
    );
    assert_eq!(
        rows(
            &["--reason", "rdfs", "--no-merge", "--data", &file],
            animals
        ),
        [inferred]
    );
}

#[test]
fn a_query_file_resolves_from_and_graph_against_its_own_location() {
    let (_dir, path) = files();
    let b = path.join("b.ttl");
    let query = path.join("q.rq");
    std::fs::write(
        &query,
        "SELECT ?s FROM <b.ttl> WHERE { ?s ?p ?o FILTER(?s IN (<a>, <http://example.org/b>)) }",
    )
    .unwrap();
    let graph = format!("file://{}", b.display());
    let csv = hkkg_ok(&[
        "--no-bundled",
        "--no-merge",
        "--data-graph",
        &graph,
        &arg(&b),
        "query",
        &arg(&query),
        "--format",
        "csv",
    ]);
    assert_eq!(csv, "s\r\nhttp://example.org/b\r\n");
}

#[test]
fn a_file_with_graphs_of_its_own_is_refused_rather_than_flattened() {
    let (_dir, path) = files();
    let run = hkkg(&[
        "--no-bundled",
        "--data-graph",
        "http://example.org/x",
        &arg(&path.join("both.trig")),
        "stats",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("both.trig: states statements in its own graph <http://example.org/g>")
            && run.stderr.contains("--data"),
        "{}",
        run.stderr
    );
    for (name, says) in [
        ("notes", "neither <IRI>, an absolute IRI nor prefix:name"),
        ("hkx:notes", "unknown prefix 'hkx:'"),
    ] {
        let run = hkkg(&[
            "--no-bundled",
            "--data-graph",
            name,
            &arg(&path.join("a.ttl")),
            "stats",
        ]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains(&format!("graph name '{name}'")) && run.stderr.contains(says),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn check_parses_without_loading_and_names_relative_iris() {
    // The broken data file would stop any command that loads it.
    let broken = arg(&fixture("bad-syntax.ttl"));
    let ok = hkkg_ok(&[
        "--data",
        &broken,
        "query",
        "--check",
        "-e",
        "ASK { ?s hk:region ?r }",
    ]);
    assert_eq!(ok, "inline: ASK query, syntax correct\n");
    assert_eq!(
        hkkg_ok(&["query", "--check", "visit-timeline"]),
        "queries/visit-timeline.rq: SELECT query, syntax correct\n"
    );
    let run = hkkg(&["query", "--check", "-e", "SELECT * WHERE { ?s ?p }"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("SPARQL syntax error at line 1, column"),
        "{}",
        run.stderr
    );
    let run = hkkg(&[
        "query",
        "--check",
        "-e",
        "SELECT *\nWHERE { GRAPH <g> { ?s ?p ?o } }",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "SPARQL syntax error at line 2, column 15: the relative IRI <g> cannot be resolved"
        ) && run.stderr.contains("--base IRI"),
        "{}",
        run.stderr
    );
    assert!(hkkg_ok(&[
        "--base",
        "http://example.org/",
        "query",
        "--check",
        "-e",
        "SELECT * WHERE { GRAPH <g> { ?s ?p ?o } }"
    ])
    .contains("syntax correct"));
}
