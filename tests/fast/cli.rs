//! The command line as analysts use it: every query form and output format, named-query listing,
//! user data beside the bundled data, and citations.

use crate::support::{fixture, hkkg_ok, hkkg_with_stdin};

#[test]
fn ask_construct_and_describe_answer_in_their_own_forms() {
    assert_eq!(
        hkkg_ok(&["query", "-e", "ASK { hkr:qatar a hk:Country }"]).trim(),
        "true"
    );
    assert_eq!(
        hkkg_ok(&["query", "-e", "ASK { hkr:qatar a hk:City }"]).trim(),
        "false"
    );
    let json = hkkg_ok(&[
        "query",
        "-e",
        "ASK { hkr:qatar a hk:Country }",
        "--format",
        "json",
    ]);
    assert!(json.contains("\"boolean\":true"), "{json}");

    let turtle = hkkg_ok(&["query", "-e", "DESCRIBE hkr:oman"]);
    assert!(turtle.starts_with("@prefix"), "{turtle}");
    assert!(turtle.contains("hkr:oman a hk:Country"), "{turtle}");

    let ntriples = hkkg_ok(&[
        "query",
        "-e",
        "CONSTRUCT { ?v schema:location ?c } WHERE { ?v a hk:Visit ; hk:visitedCountry ?c }",
        "--format",
        "ntriples",
    ]);
    assert_eq!(
        ntriples.lines().count(),
        6,
        "three visits, two countries each:\n{ntriples}"
    );
}

#[test]
fn select_results_come_in_every_w3c_format() {
    let query = "SELECT ?c WHERE { ?c hk:iso3166Alpha2 \"QA\" }";
    let qatar = "https://w3id.org/hkkg/resource/qatar";
    assert_eq!(
        hkkg_ok(&["query", "-e", query, "--format", "csv"]),
        format!("c\r\n{qatar}\r\n")
    );
    assert_eq!(
        hkkg_ok(&["query", "-e", query, "--format", "tsv"]),
        format!("?c\n<{qatar}>\n")
    );
    assert!(hkkg_ok(&["query", "-e", query, "--format", "json"])
        .contains(&format!("\"value\":\"{qatar}\"")));
    assert!(hkkg_ok(&["query", "-e", query, "--format", "xml"])
        .contains(&format!("<uri>{qatar}</uri>")));
}

#[test]
fn tables_show_labels_in_the_chosen_language_or_prefixed_names() {
    let query = "SELECT ?c WHERE { ?c hk:iso3166Alpha2 \"QA\" }";
    assert!(hkkg_ok(&["query", "-e", query]).contains("Qatar"));
    assert!(hkkg_ok(&["query", "-e", query, "--lang", "zh"]).contains("卡塔爾"));
    assert!(hkkg_ok(&["query", "-e", query, "--iris"]).contains("hkr:qatar"));
}

#[test]
fn queries_come_from_files_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("count.rq");
    std::fs::write(&file, "SELECT (COUNT(*) AS ?n) WHERE { ?v a hk:Visit }").unwrap();
    assert!(hkkg_ok(&["query", file.to_str().unwrap(), "--format", "csv"]).contains("\r\n3\r\n"));
    let run = hkkg_with_stdin(
        &["query", "-", "--format", "csv"],
        Some("SELECT ?d WHERE { hkr:delegation-2026 hk:memberCount ?d }"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "d\r\n75\r\n");
}

#[test]
fn the_query_list_shows_titles_and_typed_parameters() {
    let listing = hkkg_ok(&["queries"]);
    assert!(
        listing.contains("visit-timeline\n    Timeline of the Chief Executive's visits"),
        "{listing}"
    );
    assert!(
        listing.contains("--param min_days=<integer> = 0"),
        "{listing}"
    );
}

#[test]
fn user_directories_load_beside_the_bundled_data_skipping_non_rdf_files() {
    let extra = fixture("extra");
    let csv = hkkg_ok(&[
        "--data",
        extra.to_str().unwrap(),
        "query",
        "countries",
        "--format",
        "csv",
    ]);
    assert!(csv.contains("resource/test-country"), "{csv}");
    assert!(
        csv.contains("resource/qatar"),
        "the bundled data is still there:\n{csv}"
    );
    let only = hkkg_ok(&[
        "--no-bundled",
        "--data",
        extra.to_str().unwrap(),
        "query",
        "-e",
        "SELECT * WHERE { ?s a ?c }",
        "--format",
        "csv",
    ]);
    assert_eq!(only.lines().count(), 2, "{only}");
}

#[test]
fn cite_quotes_the_passage_behind_each_fact() {
    let text = hkkg_ok(&["cite", "阿曼", "--lang", "zh"]);
    assert!(text.contains("hkp:p046 · line 46"), "{text}");
    assert!(text.contains("阿曼免簽入境期限亦延長至14天"), "{text}");
    let json = hkkg_ok(&["cite", "hkr:visa-2025-om", "--format", "json"]);
    let facts: serde_json::Value = serde_json::from_str(&json).unwrap();
    let days = facts
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["predicate"].as_str().unwrap().ends_with("visaFreeDays>"))
        .expect("the days are cited");
    assert_eq!(days["origin"]["iri"], "https://w3id.org/hkkg/passage/p046");
    assert_eq!(days["origin"]["line_start"], 46);
}

#[test]
fn curated_inferences_are_left_out_unless_asked_for() {
    let graph = "<https://w3id.org/hkkg/graph/curated-inferences>";
    let leader_2025 = "SELECT ?leader WHERE { hkr:visit-2025-middle-east hk:leader ?leader }";
    // Default: no quad of hkg:curated-inferences is loaded, so the 2025 visit has no named leader.
    // As stated: the merged default graph would also hold the inferences' copies.
    let plain = hkkg_ok(&["export", "-f", "nquads", "--default-graph", "stated"]);
    assert!(
        !plain.lines().any(|l| l.ends_with(&format!("{graph} ."))),
        "inferences loaded by default"
    );
    assert_eq!(
        hkkg_ok(&["query", "-e", leader_2025, "--format", "csv"]),
        "leader\r\n"
    );
    // Asked for: the graph is loaded, kept as its own graph, and its conclusions answer queries.
    let with = hkkg_ok(&[
        "--with-inferences",
        "export",
        "-f",
        "nquads",
        "--default-graph",
        "stated",
    ]);
    assert_eq!(
        hkkg_ok(&[
            "--with-inferences",
            "query",
            "-e",
            leader_2025,
            "--format",
            "csv"
        ]),
        "leader\r\nhttps://w3id.org/hkkg/resource/john-lee\r\n"
    );
    // Nothing else moves: the export with inferences is the plain one plus the graph's own quads.
    let plain_lines: std::collections::BTreeSet<&str> = plain.lines().collect();
    let with_lines: std::collections::BTreeSet<&str> = with.lines().collect();
    assert!(plain_lines.is_subset(&with_lines));
    let extra: Vec<&&str> = with_lines.difference(&plain_lines).collect();
    assert!(extra.len() > 20, "{extra:?}");
    assert!(
        extra.iter().all(|l| l.ends_with(&format!("{graph} ."))),
        "{extra:?}"
    );
    // The 2025 leader with inferences, in the named query too.
    let timeline = hkkg_ok(&[
        "--with-inferences",
        "query",
        "visit-timeline",
        "--iris",
        "--format",
        "csv",
    ]);
    let row_2025 = timeline
        .lines()
        .find(|l| l.contains("visit-2025-middle-east"))
        .unwrap();
    assert!(row_2025.ends_with("resource/john-lee"), "{row_2025}");
    // Both states validate against the shapes.
    for args in [&["validate"][..], &["--with-inferences", "validate"][..]] {
        assert!(hkkg_ok(args).contains("conforms"), "{args:?}");
    }
}
