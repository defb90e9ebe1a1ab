//! Shortest paths and ego networks, checked on the fixture where they can be counted by hand.

use crate::support::*;

fn run(extra: &[&str]) -> String {
    let mut args = graph_fixture_args();
    args.extend(extra.iter().map(|s| s.to_string()));
    hkkg_ok(&args)
}

#[test]
fn paths_go_both_ways_along_edges_and_print_each_hop_in_the_chosen_language() {
    // Qatar and Kuwait were visited together (one visit) and lie in one region: two 2-hop paths.
    let out = run(&["path", "Qatar", "hkr:kuwait"]);
    assert!(
        out.starts_with("2 shortest paths of 2 hops between Qatar and Kuwait"),
        "{out}"
    );
    assert!(
        out.contains(
            "Qatar ←visited country— 2025 visit to the Middle East —visited country→ Kuwait"
        ),
        "{out}"
    );
    let out = run(&["--lang", "zh", "path", "卡塔爾", "科威特"]);
    assert!(
        out.contains("卡塔爾 ←出訪國家— 2025年中東訪問 —出訪國家→ 科威特"),
        "{out}"
    );
    let out = run(&["path", "Qatar", "Elizabeth Quat"]);
    assert!(
        out.contains("no path between Qatar and Elizabeth Quat"),
        "{out}"
    );
}

#[test]
fn neighbours_lists_the_ego_network_and_dumps_it() {
    let out = run(&["neighbours", "Elizabeth Quat", "--depth", "1"]);
    // Herself, the two organisations she belongs to, and the proposal she conveyed.
    assert!(out.trim_end().ends_with("4 nodes"), "{out}");
    let json = run(&[
        "neighbours",
        "Elizabeth Quat",
        "--depth",
        "2",
        "--format",
        "json",
    ]);
    let graph: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"https://w3id.org/hkkg/resource/northbound-travel"),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"https://w3id.org/hkkg/resource/qatar"),
        "{ids:?}"
    );
}

#[test]
fn limit_caps_the_number_of_paths() {
    let out = run(&["path", "Qatar", "Kuwait", "--limit", "1"]);
    assert!(out.starts_with("1 shortest path of 2 hops"), "{out}");
}
