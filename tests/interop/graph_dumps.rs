//! Every dump format is read back by the tool people use it with (NetworkX, igraph, Graphviz),
//! and what they see (nodes, labels in both languages, types, dates, edges, weights) is the view.

use crate::support::*;
use hkkg::commands::{open_view, Session, SessionOptions, ViewRequest};
use hkkg::graph::view::ViewGraph;
use hkkg::query::source::QuerySource;
use hkkg::store::source::Input;
use hkkg::LoadOptions;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const VIEWS: [&str; 5] = ["entities", "visits", "people", "policy", "country-links"];

fn fixture_view(name: &str) -> ViewGraph {
    load_view(false, name)
}

fn load_view(bundled: bool, name: &str) -> ViewGraph {
    let session = Session::open(&SessionOptions {
        load: LoadOptions {
            bundled,
            inputs: if bundled {
                vec![]
            } else {
                vec![Input::new(&graph_fixture(), None)]
            },
            ..LoadOptions::default()
        },
        ..SessionOptions::default()
    })
    .expect("the graph loads");
    let request = ViewRequest {
        source: QuerySource::Named(name.to_owned()),
        params: Vec::new(),
    };
    open_view(&session, &request).expect("the view builds")
}

/// What every reader should see: nodes with their attributes, edges sorted (an undirected edge's
/// ends are in id order in the view, as the readers' sorted pair is).
fn expected(view: &ViewGraph) -> (BTreeMap<String, Value>, Vec<Value>) {
    let g = &view.graph;
    let nodes = g
        .node_weights()
        .map(|n| {
            let mut attrs = json!({"label_en": n.label_en, "label_zh": n.label_zh, "type": n.kind(),
                                   "colour": n.look().hex()});
            if let Some(start) = &n.start {
                attrs["start"] = json!(start);
            }
            (n.id.clone(), attrs)
        })
        .collect();
    let mut edges: Vec<Value> = g
        .edge_indices()
        .map(|e| {
            let (a, b) = g.edge_endpoints(e).unwrap();
            json!([g[a].id, g[b].id, g[e].label_en, g[e].weight])
        })
        .collect();
    edges.sort_by_key(|e| e.to_string());
    (nodes, edges)
}

fn dump_all(load: &[String], view: &str, dir: &std::path::Path) {
    let formats = [
        ("graphml", "view.graphml"),
        ("gexf", "view.gexf"),
        ("json", "view.json"),
        ("cytoscape", "view.cyjs"),
        ("dot", "view.dot"),
        ("csv", "view.csv"),
    ];
    for (format, file) in formats {
        let mut args = load.to_vec();
        args.extend(["graph", view, "--format", format, "-o"].map(String::from));
        args.push(dir.join(file).display().to_string());
        hkkg_ok(&args);
    }
    let mut args = load.to_vec();
    args.extend(
        [
            "graph",
            view,
            "--format",
            "svg",
            "--svg-engine",
            "graphviz",
            "-o",
        ]
        .map(String::from),
    );
    args.push(dir.join("view.svg").display().to_string());
    hkkg_ok(&args);
}

#[test]
fn every_dump_is_read_back_with_the_same_nodes_edges_and_attributes() {
    for name in VIEWS {
        check_dumps(false, name);
    }
}

#[test]
fn every_dump_of_every_shipped_view_of_the_bundled_data_is_read_back() {
    for name in VIEWS {
        check_dumps(true, name);
    }
}

fn check_dumps(bundled: bool, name: &str) {
    {
        let view = load_view(bundled, name);
        assert!(view.edge_count() > 0, "view {name} is empty");
        let dir = tempfile::tempdir().unwrap();
        let load = if bundled {
            Vec::new()
        } else {
            graph_fixture_args()
        };
        dump_all(&load, name, dir.path());
        let seen = peer_json("read_dumps.py", &[dir.path()]);
        let (nodes, edges) = expected(&view);
        for reader in [
            "networkx.read_graphml",
            "igraph.Read_GraphML",
            "networkx.read_gexf",
            "networkx.node_link_graph",
            "networkx.cytoscape_graph",
            "csv",
        ] {
            let got = &seen[reader];
            let got_nodes: BTreeMap<String, Value> =
                serde_json::from_value(got["nodes"].clone()).unwrap();
            assert_eq!(got_nodes, nodes, "{reader} nodes of view {name}");
            let mut got_edges: Vec<Value> = serde_json::from_value(got["edges"].clone()).unwrap();
            got_edges.sort_by_key(|e| e.to_string());
            assert_eq!(got_edges, edges, "{reader} edges of view {name}");
            // A view of relations without direction reads back as an undirected graph.
            let undirected = view.edge_count() > 0 && view.graph.edge_weights().all(|e| !e.directed);
            assert_eq!(got["directed"], json!(!undirected), "{reader}, view {name}");
        }
        for drawer in ["dot -Tsvg", "hkkg svg"] {
            assert_eq!(
                seen[drawer]["svg_nodes"],
                json!(view.node_count()),
                "{drawer}, view {name}"
            );
            assert_eq!(
                seen[drawer]["svg_edges"],
                json!(view.edge_count()),
                "{drawer}, view {name}"
            );
        }
    }
}

#[test]
fn the_visits_timeline_carries_visit_dates_on_nodes_and_edges() {
    let view = fixture_view("visits");
    let g = &view.graph;
    let visit = view
        .node("https://w3id.org/hkkg/resource/visit-2025-middle-east")
        .unwrap();
    assert_eq!(g[visit].start.as_deref(), Some("2025-10-12"));
    assert_eq!(g[visit].end.as_deref(), Some("2025-10-18"));
    // An outcome of the visit is dated by it; a country is not.
    let visa = view
        .node("https://w3id.org/hkkg/resource/visa-2025-qa")
        .unwrap();
    assert_eq!(g[visa].start.as_deref(), Some("2025-10-12"));
    let qatar = view.node("https://w3id.org/hkkg/resource/qatar").unwrap();
    assert_eq!(g[qatar].start, None);
    assert!(
        g.edge_weights().all(|e| e.start.is_some()),
        "every visits edge has the visit's dates"
    );
}

#[test]
fn dumps_are_the_same_on_every_run() {
    let run = || {
        let mut args = graph_fixture_args();
        args.extend(["graph", "entities", "--format", "gexf"].map(String::from));
        hkkg_ok(&args)
    };
    assert_eq!(run(), run());
}

#[test]
fn the_pure_rust_svg_draws_every_node() {
    let view = fixture_view("people");
    let mut args = graph_fixture_args();
    args.extend(["graph", "people", "--format", "svg", "--svg-engine", "rust"].map(String::from));
    let svg = hkkg_ok(&args);
    assert!(
        svg.trim_start().starts_with("<svg") || svg.contains("<svg"),
        "{svg}"
    );
    for node in view.graph.node_weights() {
        let escaped = quick_xml::escape::escape(node.label_en.as_str());
        assert!(
            svg.contains(escaped.as_ref()),
            "no {} in the picture",
            node.label_en
        );
    }
}

#[test]
fn dot_keeps_chinese_and_escapes_quotes() {
    let mut args = graph_fixture_args();
    args.extend(["--lang", "zh", "graph", "people", "--format", "dot"].map(String::from));
    let dot = hkkg_ok(&args);
    assert!(dot.contains("\"葛珮帆\""), "{dot}");
    let mut args = graph_fixture_args();
    args.extend(["graph", "people", "--format", "dot"].map(String::from));
    assert!(hkkg_ok(&args).contains(r#""GBA \"Low-Altitude\" Alliance""#));
}
