//! `hkkg serve` as people and programs use it, on a server the test starts on a free loopback port:
//! SPARQLWrapper and rdflib's SPARQLStore run queries; headless Chromium opens the query page, runs
//! a named query and sees its rows (screenshots kept in `target/test-artefacts/`), and opens an
//! entity page; wrk puts a named query under load (32 connections, 10 s) and must see no error.

use crate::support::server::Server;
use crate::support::{external, peer, repo_root};
use std::path::PathBuf;

#[test]
fn sparql_clients_we_did_not_write_query_the_endpoint() {
    let server = Server::start(&[], &[]);
    let output = peer("sparql_clients.py", &[server.url("/sparql")]);
    let got: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    assert_eq!(
        got["wrapper_select"],
        serde_json::json!([
            [
                "https://w3id.org/hkkg/resource/visit-2023-middle-east",
                "2023-02-04"
            ],
            [
                "https://w3id.org/hkkg/resource/visit-2025-middle-east",
                "2025-05-10"
            ],
            [
                "https://w3id.org/hkkg/resource/visit-2026-central-asia",
                "2026-06-01"
            ]
        ])
    );
    assert_eq!(got["wrapper_ask_post_xml"], "true");
    assert_eq!(got["wrapper_construct_triples"], 3);
    assert_eq!(
        got["store_select"],
        serde_json::json!(["2023-02-04", "2025-05-10", "2026-06-01"])
    );
    let distinct = crate::support::hkkg_ok(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "--format",
        "csv",
    ]);
    assert_eq!(
        got["store_count"].to_string(),
        distinct.lines().nth(1).unwrap()
    );
}

fn chromium(args: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("a temporary profile");
    let profile_arg = format!("--user-data-dir={}", profile.path().display());
    let mut all = vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--virtual-time-budget=15000",
        &profile_arg,
    ];
    all.extend_from_slice(args);
    let output = external("chromium", &all);
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn artefacts() -> PathBuf {
    let dir = repo_root().join("target/test-artefacts");
    std::fs::create_dir_all(&dir).expect("target/ is writable");
    dir
}

#[test]
fn a_browser_runs_a_named_query_and_opens_an_entity_page() {
    let server = Server::start(&[], &[]);
    for (lang, visit, header) in [
        ("en", "2025 second visit to the Middle East", "Run"),
        ("zh", "2025年第二次出訪中東", "執行"),
    ] {
        let page = server.url(&format!("/?name=visit-timeline&run=1&lang={lang}"));
        let dom = chromium(&["--dump-dom", &page]);
        assert!(
            dom.contains("<table class=\"results\">"),
            "no results table:\n{dom}"
        );
        assert_eq!(
            dom.matches("<tr>").count(),
            4,
            "a header and three visits:\n{dom}"
        );
        assert!(
            dom.contains(visit) && dom.contains(header),
            "{lang}:\n{dom}"
        );
        let shot = artefacts().join(format!("serve-page-{lang}.png"));
        chromium(&[&format!("--screenshot={}", shot.display()), &page]);
        assert!(std::fs::metadata(&shot).expect("a screenshot").len() > 10_000);
    }
    let entity = chromium(&["--dump-dom", &server.url("/resource/qatar?lang=zh")]);
    assert!(
        entity.contains("<h1>卡塔爾</h1>") && entity.contains("Qatar"),
        "{entity}"
    );
    assert!(entity.contains("<blockquote"), "passages quoted:\n{entity}");
    // The page asked for its script, style sheet, catalogue, the query and labels: all answered.
    let log = server.log();
    assert!(
        log.iter()
            .all(|l| !l.contains("\" 4") && !l.contains("\" 5")),
        "{log:#?}"
    );
}

#[test]
fn a_named_query_under_load_answers_every_request() {
    let server = Server::start(&[], &[]);
    let output = external(
        "wrk",
        &[
            "-t2",
            "-c32",
            "-d10s",
            "--timeout",
            "10s",
            "--latency",
            &server.url("/queries/visit-timeline?format=json"),
        ],
    );
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "wrk failed: {report}");
    println!("{report}");
    assert!(
        !report.contains("Non-2xx"),
        "error statuses under load:\n{report}"
    );
    assert!(
        !report.contains("Socket errors"),
        "connection errors under load:\n{report}"
    );
    let rate: f64 = report
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("wrk reports a rate");
    assert!(rate > 10.0, "{report}");
}
