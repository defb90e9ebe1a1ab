//! Input that used to crash, hang, lose data or be accepted silently: each kind is refused with a
//! located message and exit status 2, or handled, and never kills the process.

use crate::support::{fixture, hkkg, hkkg_ok, hkkg_with_bytes, hkkg_with_stdin, repo_root, Run};
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// Exit status 2 (an error, not a crash: a panic is 101, a signal has no code) and a message
/// holding every expected fragment.
fn refused(run: &Run, expected: &[&str]) {
    assert_eq!(run.code, 2, "expected a clean failure, got {run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for fragment in expected {
        assert!(
            run.stderr.contains(fragment),
            "missing {fragment:?} in:\n{}",
            run.stderr
        );
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_copy_of_a_named_query_given_as_a_file_keeps_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.sparql");
    fs::copy(repo_root().join("queries/visa-free-days.rq"), &copy).unwrap();
    let named = hkkg_ok(&["query", "visa-free-days", "--format", "csv"]);
    let from_file = hkkg_ok(&["query", copy.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(named, from_file, "the file's defaults (min_days = 0) apply");
    let run = hkkg(&["query", copy.to_str().unwrap(), "--param", "min_dayz=3"]);
    refused(&run, &["no parameter 'min_dayz'", "min_days"]);
}

#[test]
fn a_view_with_declared_parameters_refuses_unknown_ones_like_a_query() {
    let dir = tempfile::tempdir().unwrap();
    let view = write(
        dir.path(),
        "countries.rq",
        "# title: Countries of a visit\n# param: visit: iri -- the visit\nSELECT ?source ?target ?label WHERE { ?source hk:visitedCountry ?target BIND(hk:visitedCountry AS ?label) FILTER(?source = ?visit) }\n",
    );
    let run = hkkg(&["graph", &view, "--param", "vist=hkr:visit-2023-middle-east"]);
    refused(&run, &["no parameter 'vist'", "did you mean visit"]);
    hkkg_ok(&[
        "graph",
        &view,
        "--param",
        "visit=hkr:visit-2023-middle-east",
    ]);
}

#[test]
fn free_parameters_given_twice_or_assigned_by_the_query_are_refused() {
    let twice = hkkg(&[
        "query",
        "-e",
        "SELECT ?x WHERE { ?x ?p ?o }",
        "-p",
        "x=hkr:qatar",
        "-p",
        "x=hkr:kuwait",
    ]);
    refused(&twice, &["parameter 'x'", "more than once"]);
    let assigned = hkkg(&[
        "query",
        "-e",
        "SELECT ?d WHERE { BIND(30 AS ?d) }",
        "-p",
        "d=14",
    ]);
    refused(&assigned, &["parameter 'd'", "assigns ?d itself"]);
}

#[test]
fn deeply_nested_queries_are_refused_without_a_crash() {
    let brackets = format!(
        "SELECT * WHERE {}?s ?p ?o{}",
        "{ ".repeat(20_000),
        " }".repeat(20_000)
    );
    refused(
        &hkkg(&["query", "-e", &brackets]),
        &["nest deeper than hkkg runs"],
    );
    let path = format!("ASK {{ ?s {} ?o }}", vec!["hk:p"; 20_000].join("/"));
    refused(
        &hkkg_with_stdin(&["query", "-"], Some(&path)),
        &["chain of property-path steps"],
    );
    let sum = format!("ASK {{ FILTER({}1) }}", "1 + ".repeat(100_000));
    refused(
        &hkkg_with_stdin(&["query", "-"], Some(&sum)),
        &["nest deeper than hkkg runs"],
    );
}

#[test]
fn deep_blank_node_structures_and_long_lists_export_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 20_000;
    let nested = write(
        dir.path(),
        "nested.ttl",
        &format!(
            "<http://e/s> <http://e/p> {}\"end\"{} .\n",
            "[ <http://e/p> ".repeat(depth),
            " ]".repeat(depth)
        ),
    );
    let list = write(
        dir.path(),
        "list.ttl",
        &format!(
            "<http://e/s> <http://e/p> ( {}) .\n",
            "\"x\" ".repeat(depth)
        ),
    );
    for (file, triples) in [(&nested, depth + 1), (&list, 2 * depth + 1)] {
        let turtle = dir.path().join("out.ttl");
        hkkg_ok(&[
            "--no-bundled",
            "--data",
            file,
            "export",
            "-o",
            turtle.to_str().unwrap(),
        ]);
        let again = hkkg_ok(&[
            "--no-bundled",
            "--data",
            turtle.to_str().unwrap(),
            "export",
            "-f",
            "ntriples",
        ]);
        assert_eq!(
            again.lines().count(),
            triples,
            "{file} round-trips through Turtle"
        );
        let first = fs::read(&turtle).unwrap();
        hkkg_ok(&[
            "--no-bundled",
            "--data",
            turtle.to_str().unwrap(),
            "export",
            "-o",
            turtle.to_str().unwrap(),
        ]);
        assert_eq!(
            first,
            fs::read(&turtle).unwrap(),
            "{file}: the export is a fixed point"
        );
    }
}

#[test]
fn endless_and_exploding_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        for (name, says) in [
            ("zero.rdf", "NUL"),
            ("zero.ttl", "\\u{0}"),
            ("zero.jsonld", "\\u{0}"),
        ] {
            let link = dir.path().join(name);
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            refused(
                &hkkg(&["--no-bundled", "--data", link.to_str().unwrap(), "stats"]),
                &[&format!("{name}:1:1:"), says],
            );
        }
        refused(&hkkg(&["query", "/dev/zero"]), &["larger than the 4 MiB"]);
    }
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY l0 \"lol\">\n");
    for i in 1..10 {
        laughs.push_str(&format!(
            "<!ENTITY l{i} \"{}\">\n",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    laughs.push_str("]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"http://e/s\"><rdf:value>&l9;</rdf:value></rdf:Description></rdf:RDF>\n");
    let bomb = write(dir.path(), "laughs.rdf", &laughs);
    refused(
        &hkkg(&["--no-bundled", "--data", &bomb, "stats"]),
        &["laughs.rdf:", "expand to more than"],
    );
}

#[test]
fn rdf_xml_syntax_errors_carry_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.rdf",
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <rdf:Description rdf:about=\"http://e/s\">\n    <rdf:value>x</rdf:valu>\n  </rdf:Description>\n</rdf:RDF>\n",
    );
    refused(
        &hkkg(&["--no-bundled", "--data", &bad, "stats"]),
        &["bad.rdf:4:"],
    );
}

#[test]
fn a_runaway_query_is_stopped_by_the_timeout() {
    let runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let run = hkkg(&["--timeout", "1", "query", "-e", runaway]);
    refused(&run, &["ran past its time limit", "--timeout"]);
}

#[test]
fn a_failed_command_leaves_the_previous_output_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("answer.csv");
    fs::write(&out, "previous answer\n").unwrap();
    let run = hkkg(&[
        "query",
        "-e",
        "SELECT ?x WHERE { ?x ?p }",
        "-o",
        out.to_str().unwrap(),
    ]);
    refused(&run, &["SPARQL syntax error"]);
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous answer\n");
    let entries: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file is left behind");
    // CSV tables come in pairs: both or neither.
    let prefix = dir.path().join("view");
    let bad = hkkg(&[
        "graph",
        "-e",
        "SELECT ?source WHERE { ?source ?p ?o }",
        "-f",
        "csv",
        "-o",
        prefix.to_str().unwrap(),
    ]);
    refused(&bad, &["does not yield ?target ?label"]);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    hkkg_ok(&[
        "graph",
        "visits",
        "-f",
        "csv",
        "-o",
        prefix.to_str().unwrap(),
    ]);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn ill_typed_literals_are_errors_with_a_position_unless_lenient() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "dates.ttl",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://e/v> <http://e/start>\n    \"2023-02-30\"^^xsd:date .\n",
    );
    refused(
        &hkkg(&["--no-bundled", "--data", &data, "stats"]),
        &["dates.ttl:3:5:", "\"2023-02-30\"^^xsd:date", "--lenient"],
    );
    let lenient = hkkg(&["--no-bundled", "--lenient", "--data", &data, "stats"]);
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    assert!(
        lenient.stderr.contains("accepted 1 ill-typed literal"),
        "{}",
        lenient.stderr
    );
}

#[test]
fn directories_without_rdf_and_symlink_loops_are_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "not RDF").unwrap();
    let path = dir.path().to_str().unwrap();
    refused(&hkkg(&["--data", path, "stats"]), &["no RDF files"]);
    #[cfg(unix)]
    {
        fs::write(dir.path().join("a.ttl"), "<http://e/s> <http://e/p> 1 .\n").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        refused(&hkkg(&["--data", path, "stats"]), &["symbolic link loop"]);
    }
}

#[test]
fn a_property_shape_without_a_path_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = write(
        dir.path(),
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://e/S> a sh:NodeShape ; sh:targetClass <http://e/C> ; sh:property [ sh:minCount 1 ] .\n",
    );
    let run = hkkg(&["validate", "--shapes", &shapes]);
    refused(&run, &["sh:path"]);
}

#[test]
fn view_weights_must_be_finite_and_edges_must_not_end_before_they_start() {
    let nan = "SELECT ?source ?target ?label ?weight WHERE { ?source hk:visitedCountry ?target BIND(hk:visitedCountry AS ?label) BIND(\"NaN\"^^xsd:double AS ?weight) }";
    refused(&hkkg(&["graph", "-e", nan]), &["?weight is NaN"]);
    let reversed = "SELECT ?source ?target ?label ?start ?end WHERE { ?source hk:visitedCountry ?target ; schema:startDate ?end ; schema:endDate ?start BIND(hk:visitedCountry AS ?label) }";
    refused(
        &hkkg(&["graph", "-e", reversed]),
        &["ends (", "before it starts"],
    );
}

#[test]
fn rdf_xml_export_is_well_formed_or_refused_naming_the_term() {
    let dir = tempfile::tempdir().unwrap();
    let slash = write(
        dir.path(),
        "slash.nt",
        "<http://e/s> <http://e/p/> \"x\" .\n",
    );
    refused(
        &hkkg(&["--no-bundled", "--data", &slash, "export", "-f", "rdfxml"]),
        &["RDF/XML cannot write <http://e/p/>"],
    );
    let control = write(
        dir.path(),
        "control.nt",
        "<http://e/s> <http://e/p> \"bell\\u0007\" .\n",
    );
    refused(
        &hkkg(&["--no-bundled", "--data", &control, "export", "-f", "rdfxml"]),
        &["RDF/XML cannot write \"bell\\u0007\"", "control characters"],
    );
    let xml = hkkg_ok(&["export", "-f", "rdfxml"]);
    let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::RdfXml)
        .for_slice(xml.as_bytes())
        .count();
    assert!(parsed > 1000);
}

#[test]
fn every_export_format_spells_language_tags_the_same_way() {
    for format in ["turtle", "trig", "ntriples", "nquads", "rdfxml", "jsonld"] {
        let text = hkkg_ok(&["export", "-f", format]);
        assert!(text.contains("zh-Hant"), "{format}");
        assert!(
            !text.contains("zh-hant"),
            "{format} writes a lower-case tag"
        );
    }
}

#[test]
fn diff_exits_0_when_equal_1_when_different_2_on_error() {
    let diff = |old: &str, new: &str| {
        hkkg(&[
            "diff",
            fixture(&format!("diff/{old}")).to_str().unwrap(),
            fixture(&format!("diff/{new}")).to_str().unwrap(),
        ])
    };
    assert_eq!(diff("old.trig", "old.trig").code, 0);
    assert_eq!(diff("old.trig", "new.trig").code, 1);
    assert_eq!(diff("old.trig", "missing.trig").code, 2);
}

#[test]
fn unix_conventions_dash_gzip_and_sparql_files() {
    let dir = tempfile::tempdir().unwrap();
    // -o - is standard output.
    assert!(hkkg_ok(&["query", "countries", "-f", "csv", "-o", "-"]).starts_with("country"));
    assert!(!Path::new("-").exists());
    // --data - reads standard input in the syntax given.
    let stdin = hkkg_with_stdin(
        &[
            "--no-bundled",
            "--data",
            "-",
            "--data-format",
            "ntriples",
            "query",
            "-e",
            "SELECT ?o WHERE { ?s ?p ?o }",
            "-f",
            "csv",
        ],
        Some("<http://e/s> <http://e/p> \"from stdin\" .\n"),
    );
    assert_eq!(stdin.stdout, "o\r\nfrom stdin\r\n", "{}", stdin.stderr);
    // .gz files load.
    let gz = dir.path().join("data.nt.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    std::io::Write::write_all(&mut encoder, b"<http://e/s> <http://e/p> \"zipped\" .\n").unwrap();
    encoder.finish().unwrap();
    let zipped = hkkg_ok(&[
        "--no-bundled",
        "--data",
        gz.to_str().unwrap(),
        "query",
        "-e",
        "SELECT ?o WHERE { ?s ?p ?o }",
        "-f",
        "csv",
    ]);
    assert!(zipped.contains("zipped"));
    // A .sparql file is a query file.
    let query = write(dir.path(), "q.sparql", "ASK { hkr:qatar a hk:Country }");
    assert_eq!(hkkg_ok(&["query", &query]).trim(), "true");
}

#[test]
fn relative_iris_in_a_data_path_with_spaces_resolve_to_percent_encoded_file_iris() {
    let dir = tempfile::tempdir().unwrap();
    let spaced = dir.path().join("my data");
    fs::create_dir(&spaced).unwrap();
    let file = write(&spaced, "rel.ttl", "<#thing> <http://e/p> <other.ttl> .\n");
    let out = hkkg_ok(&["--no-bundled", "--data", &file, "export", "-f", "ntriples"]);
    assert!(out.contains("/my%20data/rel.ttl#thing>"), "{out}");
    assert!(out.contains("/my%20data/other.ttl>"), "{out}");
}

#[test]
fn messages_escape_control_characters() {
    let run = hkkg_with_bytes(
        &[
            "--no-bundled",
            "--data",
            "-",
            "--data-format",
            "turtle",
            "stats",
        ],
        Some(b"<http://e/s> <http://e/p> \x1b[31m .\n"),
    );
    refused(&run, &["\\u{1b}"]);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a raw escape reached the terminal"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_or_an_unwritable_stderr_is_no_crash() {
    // The reader goes away after one byte: hkkg stops quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(["export", "-f", "ntriples"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut byte = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut byte).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Writing the error message fails (the device is full): still a clean exit status.
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(["query", "no-such-query"])
        .stderr(full)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
