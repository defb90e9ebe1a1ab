//! How views look and what the pictures and dumps say: one look per class in every view and format,
//! relations without direction, weights, the legend, `--top N`, `--with-measures` and the measure
//! chart, in both languages. The interop tier has other tools read and draw them.

use crate::support::*;
use hkkg::commands::{open_view, Session, SessionOptions, ViewRequest};
use hkkg::graph::style;
use hkkg::query::source::QuerySource;
use hkkg::store::Lang;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn json_dump(args: &[&str]) -> Value {
    let mut all = vec!["graph"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&hkkg_ok(&all)).expect("the dump is JSON")
}

/// Each node's id with one of its attributes.
fn attribute(dump: &Value, name: &str) -> BTreeMap<String, Value> {
    dump["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_owned(), n[name].clone()))
        .collect()
}

/// SVG (or any XML) read to the end by an XML parser; the text of its character data.
fn well_formed(svg: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return text,
            Ok(quick_xml::events::Event::Text(t)) => text.push_str(&t.decode().unwrap()),
            // quick-xml hands entity references (&apos;) over apart from the text around them.
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let name = r.decode().unwrap();
                text.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap());
            }
            Ok(quick_xml::events::Event::End(_)) => text.push('\n'),
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", reader.buffer_position()),
        }
    }
}

#[test]
fn every_class_the_ontology_declares_has_a_look_of_its_own() {
    let classes = hkkg_ok(&[
        "query",
        "-e",
        "SELECT ?class WHERE { ?class a owl:Class . FILTER(STRSTARTS(STR(?class), STR(hk:))) }",
        "--iris",
        "--format",
        "csv",
    ]);
    let declared: BTreeSet<String> = classes
        .lines()
        .skip(1)
        .map(|l| l.trim().to_owned())
        .collect();
    let declared: BTreeSet<String> = declared
        .into_iter()
        .map(|iri| iri.replace("https://w3id.org/hkkg/ontology#", "hk:"))
        .collect();
    let styled: BTreeSet<String> = style::styled_classes().collect();
    assert!(declared.len() > 40, "{declared:?}");
    let missing: Vec<&String> = declared.difference(&styled).collect();
    assert!(
        missing.is_empty(),
        "classes without a look in graph::style: {missing:?}"
    );
    let stale: Vec<&String> = styled.difference(&declared).collect();
    assert!(
        stale.is_empty(),
        "looks of classes the ontology does not declare: {stale:?}"
    );
}

#[test]
fn a_class_looks_the_same_in_every_view_and_every_format() {
    let mut colour_of_class: BTreeMap<String, Value> = BTreeMap::new();
    for view in ["entities", "visits", "people", "policy", "country-links"] {
        let dump = json_dump(&[view]);
        for node in dump["nodes"].as_array().unwrap() {
            let class = node["type"].as_str().unwrap().to_owned();
            let look = serde_json::json!([node["colour"], node["shape"]]);
            let seen = colour_of_class.entry(class.clone()).or_insert(look.clone());
            assert_eq!(*seen, look, "{class} in view {view}");
        }
    }
    // Qatar is a country in the visits view and in the country links; GraphML, GEXF, DOT, CSV and
    // Cytoscape say the same colour.
    let qatar = "https://w3id.org/hkkg/resource/qatar";
    let colour = attribute(&json_dump(&["country-links"]), "colour")[qatar].clone();
    let colour = colour.as_str().unwrap().to_owned();
    assert_eq!(colour, style::look(Some("hk:Country")).hex());
    for format in ["graphml", "gexf", "dot", "cytoscape"] {
        let text = hkkg_ok(&["graph", "visits", "--format", format]);
        assert!(text.contains(&colour), "{format} has Qatar's {colour}");
    }
    let (r, g, b) = style::look(Some("hk:Country")).fill;
    assert!(hkkg_ok(&["graph", "visits", "--format", "gexf"])
        .contains(&format!("<viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>")));
}

#[test]
fn symmetric_relations_are_one_undirected_edge_drawn_without_an_arrow() {
    let dump = json_dump(&["entities"]);
    let same_words: Vec<&Value> = dump["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["predicate"] == "https://w3id.org/hkkg/ontology#sameWordsAs")
        .collect();
    assert!(!same_words.is_empty());
    let mut pairs = BTreeSet::new();
    for edge in &same_words {
        assert_eq!(edge["directed"], false, "{edge}");
        let (a, b) = (
            edge["source"].as_str().unwrap(),
            edge["target"].as_str().unwrap(),
        );
        assert!(a < b, "an undirected edge's ends are in id order: {edge}");
        assert!(pairs.insert((a, b)), "A–B and B–A are one edge: {edge}");
    }
    let directed = dump["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["directed"] == true);
    assert!(
        directed.count() > 100,
        "the other relations keep their direction"
    );
    assert_eq!(dump["directed"], true, "a mixed view is a directed graph");
    let dot = hkkg_ok(&["graph", "entities", "--format", "dot"]);
    assert_eq!(
        dot.lines().filter(|l| l.contains("dir=none")).count(),
        dump["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["directed"] == false)
            .count()
    );
    // A view whose header says its edges have no direction is an undirected graph.
    let dot = hkkg_ok(&["graph", "country-links", "--format", "dot"]);
    assert!(
        dot.starts_with("graph ") && dot.contains(" -- ") && !dot.contains("->"),
        "{dot}"
    );
    assert_eq!(json_dump(&["country-links"])["directed"], false);
    let prefix = tempfile::tempdir().unwrap();
    let csv = prefix.path().join("links");
    hkkg_ok(&[
        "graph",
        "country-links",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    let edges = std::fs::read_to_string(prefix.path().join("links-edges.csv")).unwrap();
    assert!(
        edges.lines().skip(1).all(|l| l.contains(",Undirected,")),
        "{edges}"
    );
}

#[test]
fn weights_show_in_labels_and_line_widths_when_a_view_has_them() {
    let view = "SELECT ?source ?target ?label ?weight WHERE { VALUES (?source ?target ?weight) { \
                (hkr:qatar hkr:kuwait 1) (hkr:qatar hkr:oman 3) (hkr:oman hkr:kuwait 5) } \
                BIND(\"shares\" AS ?label) }";
    let dot = hkkg_ok(&["graph", "--view-query", view, "--format", "dot"]);
    assert!(dot.contains("label=\"shares (5)\", penwidth=5"), "{dot}");
    assert!(dot.contains("label=\"shares (3)\", penwidth=3"), "{dot}");
    assert!(dot.contains("label=\"shares (1)\", penwidth=1"), "{dot}");
    let svg = hkkg_ok(&[
        "graph",
        "--view-query",
        view,
        "--format",
        "svg",
        "--svg-engine",
        "rust",
    ]);
    assert!(
        well_formed(&svg).contains("line width: weight 1–5"),
        "{svg}"
    );
    // All weights 1: nothing to show.
    let dot = hkkg_ok(&["graph", "visits", "--format", "dot"]);
    assert!(!dot.contains("penwidth=2") && !dot.contains(" (1)\""));
}

#[test]
fn pictures_have_a_legend_in_the_chosen_language_whichever_engine_draws_them() {
    for (lang, class, title) in [("en", "visit (3)", "Legend"), ("zh", "出訪 (3)", "圖例")] {
        let svg = hkkg_ok(&[
            "--lang",
            lang,
            "graph",
            "visits",
            "--format",
            "svg",
            "--svg-engine",
            "rust",
        ]);
        let text = well_formed(&svg);
        assert!(
            text.contains(title) && text.contains(class),
            "{lang}: {text}"
        );
        assert!(svg.contains("class=\"legend\""));
        assert!(
            svg.contains("<svg x=\"0\" y=\"0\""),
            "the picture nested whole"
        );
    }
}

#[test]
fn top_n_keeps_the_highest_nodes_by_the_measure_and_the_edges_among_them() {
    let report: Value = serde_json::from_str(&hkkg_ok(&[
        "analyze",
        "entities",
        "--sort",
        "betweenness",
        "--top",
        "12",
        "--format",
        "json",
    ]))
    .unwrap();
    let top: BTreeSet<String> = report["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    let dump = json_dump(&["entities", "--top", "12", "--by", "betweenness"]);
    let kept: BTreeSet<String> = attribute(&dump, "id").into_keys().collect();
    assert_eq!(kept, top);
    for edge in dump["links"].as_array().unwrap() {
        assert!(
            kept.contains(edge["source"].as_str().unwrap())
                && kept.contains(edge["target"].as_str().unwrap())
        );
    }
    assert!(!dump["links"].as_array().unwrap().is_empty());
    let run = hkkg(&["graph", "entities", "--by", "pagerank"]);
    assert_ne!(run.code, 0, "--by needs --top");
    let run = hkkg(&["graph", "entities", "--top", "0"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--top"), "{}", run.stderr);
}

#[test]
fn with_measures_puts_the_whole_view_s_measures_on_the_nodes() {
    let report: Value =
        serde_json::from_str(&hkkg_ok(&["analyze", "visits", "--format", "json"])).unwrap();
    let dump = json_dump(&["visits", "--with-measures"]);
    let pagerank = attribute(&dump, "pagerank");
    let community = attribute(&dump, "community");
    for m in report["measures"].as_array().unwrap() {
        let id = m["id"].as_str().unwrap();
        assert_eq!(pagerank[id], m["pagerank"], "{id}");
        assert_eq!(community[id], m["community"], "{id}");
    }
    // Measured on the whole view, even when only the top nodes are kept.
    let top = json_dump(&["visits", "--with-measures", "--top", "5"]);
    for (id, value) in attribute(&top, "pagerank") {
        assert_eq!(value, pagerank[&id]);
    }
    assert!(attribute(&json_dump(&["visits"]), "pagerank")
        .values()
        .all(Value::is_null));
}

#[test]
fn analyze_draws_the_top_nodes_as_a_bar_chart_in_either_language() {
    let report: Value = serde_json::from_str(&hkkg_ok(&[
        "analyze", "entities", "--top", "15", "--format", "json",
    ]))
    .unwrap();
    let session = Session::open(&SessionOptions::default()).unwrap();
    let view = open_view(
        &session,
        &ViewRequest {
            source: QuerySource::Named("entities".to_owned()),
            params: Vec::new(),
        },
    )
    .unwrap();
    for (lang, words) in [
        (Lang::En, "top 15 by PageRank"),
        (Lang::Zh, "PageRank最高的 15 個節點"),
    ] {
        let flag = if lang == Lang::En { "en" } else { "zh" };
        let svg = hkkg_ok(&[
            "--lang", flag, "analyze", "entities", "--top", "15", "--format", "svg",
        ]);
        let text = well_formed(&svg);
        assert!(text.contains(words), "{flag}: {text}");
        assert_eq!(svg.matches("<g class=\"bar\">").count(), 15);
        for m in report["measures"].as_array().unwrap() {
            let node = &view.graph[view.node(m["id"].as_str().unwrap()).unwrap()];
            let label: String = node.label(lang).chars().take(20).collect();
            assert!(text.contains(&label), "{flag}: {label} in the chart");
            assert!(svg.contains(&node.look().hex()), "bars in the class colour");
        }
        // Bars in the order of the report, longest first.
        let widths: Vec<f64> = svg
            .match_indices("height=\"18\" fill=")
            .map(|(at, _)| {
                let before = &svg[..at];
                let start = before.rfind("width=\"").unwrap() + 7;
                before[start..].split('"').next().unwrap().parse().unwrap()
            })
            .collect();
        assert_eq!(widths.len(), 15);
        assert!(widths.windows(2).all(|w| w[0] >= w[1]), "{widths:?}");
    }
    let chart = hkkg_ok(&[
        "analyze", "visits", "--format", "svg", "--sort", "degree", "--top", "3",
    ]);
    assert!(well_formed(&chart).contains("top 3 by degree"));
}

#[test]
fn a_node_is_drawn_by_its_most_specific_class_even_with_the_entailed_ones() {
    // With RDFS entailment a visa arrangement is also an hk:Outcome (and a prov:Entity).
    let dump: Value = serde_json::from_str(&hkkg_ok(&[
        "--reason", "rdfs", "graph", "visits", "--format", "json",
    ]))
    .unwrap();
    let types = attribute(&dump, "types");
    let visa = "https://w3id.org/hkkg/resource/visa-2025-qa";
    assert!(
        types[visa].as_str().unwrap().contains("hk:Outcome"),
        "{}",
        types[visa]
    );
    assert_eq!(attribute(&dump, "type")[visa], "VisaArrangement");
    assert_eq!(
        attribute(&dump, "colour")[visa],
        style::look(Some("hk:VisaArrangement")).hex()
    );
}

/// The table's summary and headings follow --lang; its figures are the JSON report's.
#[test]
fn the_analysis_table_speaks_the_language_asked_for() {
    let report: Value =
        serde_json::from_str(&hkkg_ok(&["analyze", "visits", "--format", "json"])).unwrap();
    let (nodes, edges) = (&report["nodes"], &report["edges"]);
    let english = hkkg_ok(&["analyze", "visits", "--top", "1"]);
    let summary = english.lines().next().unwrap();
    assert!(
        summary.starts_with(&format!("view visits: {nodes} nodes, {edges} edges, ")),
        "{summary}"
    );
    assert!(english.contains("betweenness"), "{english}");
    let chinese = hkkg_ok(&["--lang", "zh-Hant", "analyze", "visits", "--top", "1"]);
    let summary = chinese.lines().next().unwrap();
    assert!(
        summary.starts_with(&format!("視圖 visits：{nodes} 個節點、{edges} 條邊、")),
        "{summary}"
    );
    assert!(
        chinese.contains("中介中心性") && !chinese.contains("betweenness"),
        "{chinese}"
    );
}
