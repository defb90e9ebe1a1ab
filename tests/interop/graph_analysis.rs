//! hkkg's measures agree with NetworkX on the same view: PageRank, betweenness and closeness
//! (exact and sampled), eigenvector and components to 1e-6, and degree, core numbers, articulation points,
//! bridges and the modularity of the communities found.

use crate::support::*;

const TOLERANCE: f64 = 1e-6;

fn check_view(load: Vec<String>, view: &str) {
    let dir = tempfile::tempdir().unwrap();
    let graphml = dir.path().join("view.graphml");
    let report = dir.path().join("report.json");
    let sampled = dir.path().join("sampled.json");
    let run = |extra: &[&str]| {
        let mut args = load.clone();
        args.extend(extra.iter().map(|s| s.to_string()));
        hkkg_ok(&args)
    };
    run(&[
        "graph",
        view,
        "-f",
        "graphml",
        "-o",
        graphml.to_str().unwrap(),
    ]);
    run(&[
        "analyze",
        view,
        "-f",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    run(&[
        "analyze",
        view,
        "-f",
        "json",
        "--samples",
        "3",
        "--seed",
        "7",
        "-o",
        sampled.to_str().unwrap(),
    ]);
    let found = peer_json("compare_measures.py", &[&graphml, &report, &sampled]);
    assert_eq!(found["nodes"][0], found["nodes"][1], "{view}: {found}");
    assert_eq!(found["edges"][0], found["edges"][1], "{view}: {found}");
    for measure in [
        "pagerank",
        "betweenness",
        "sampled_betweenness",
        "closeness",
        "sampled_closeness",
        "eigenvector",
        "degree",
        "core",
        "modularity",
    ] {
        let diff = found[measure].as_f64().unwrap_or(f64::NAN);
        assert!(
            diff < TOLERANCE,
            "{view}: {measure} differs from NetworkX by {diff}"
        );
    }
    for same in [
        "components_equal",
        "articulation_points_equal",
        "bridges_equal",
    ] {
        assert_eq!(found[same], true, "{view}: {same} is false: {found}");
    }
}

#[test]
fn measures_match_networkx_on_every_fixture_view() {
    for view in ["entities", "visits", "people", "policy", "country-links"] {
        check_view(graph_fixture_args(), view);
    }
}

#[test]
fn measures_match_networkx_on_every_shipped_view_of_the_bundled_data() {
    for view in ["entities", "visits", "people", "policy", "country-links"] {
        check_view(Vec::new(), view);
    }
}

#[test]
fn sorted_top_n_tables_are_sorted_and_cut() {
    let mut args = graph_fixture_args();
    args.extend(
        [
            "analyze", "entities", "-f", "csv", "--sort", "degree", "--top", "5",
        ]
        .map(String::from),
    );
    let csv = hkkg_ok(&args);
    let degrees: Vec<usize> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|row| row.unwrap()[3].parse().unwrap())
        .collect();
    assert_eq!(degrees.len(), 5);
    assert!(degrees.windows(2).all(|w| w[0] >= w[1]), "{degrees:?}");
}
