//! The two JSON dumps, both through serde: NetworkX node-link (`nx.node_link_graph` in NetworkX
//! 3.6 reads the key "edges") and Cytoscape.js elements (`{"elements":{"nodes":[…],"edges":[…]}}`,
//! with the top-level keys `nx.cytoscape_graph` also reads).

use super::{edge_id, edge_values, io, node_values, Value};
use crate::error::Result;
use crate::store::Lang;
use crate::view::ViewGraph;
use serde_json::{json, Map, Value as Json};
use std::io::Write;

pub fn write_node_link(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let g = &graph.graph;
    let nodes: Vec<Json> = g
        .node_indices()
        .map(|index| {
            let node = &g[index];
            let mut object = attributes(node_values(node, lang));
            object.insert("id".to_owned(), json!(node.id));
            Json::Object(object)
        })
        .collect();
    let edges: Vec<Json> = g
        .edge_indices()
        .enumerate()
        .map(|(n, index)| {
            let (a, b) = g.edge_endpoints(index).expect("a live edge");
            let mut object = attributes(edge_values(&g[index], lang));
            object.insert("source".to_owned(), json!(g[a].id));
            object.insert("target".to_owned(), json!(g[b].id));
            // A multigraph's edge key: the edge's id, unique even between the same two nodes.
            object.insert("key".to_owned(), json!(edge_id(n)));
            Json::Object(object)
        })
        .collect();
    let document = json!({
        "directed": true,
        "multigraph": true,
        "graph": { "name": graph.name, "title": graph.title },
        "nodes": nodes,
        "edges": edges,
    });
    write_json(&document, out)
}

pub fn write_cytoscape(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let g = &graph.graph;
    let nodes: Vec<Json> = g
        .node_indices()
        .map(|index| {
            let node = &g[index];
            let mut data = attributes(node_values(node, lang));
            data.insert("id".to_owned(), json!(node.id));
            // cytoscape_graph names nodes by "value" when present, else by "id".
            data.insert("value".to_owned(), json!(node.id));
            data.insert("name".to_owned(), json!(node.label(lang)));
            json!({ "data": data, "classes": node.kind() })
        })
        .collect();
    let edges: Vec<Json> = g
        .edge_indices()
        .enumerate()
        .map(|(n, index)| {
            let (a, b) = g.edge_endpoints(index).expect("a live edge");
            let mut data = attributes(edge_values(&g[index], lang));
            data.insert("id".to_owned(), json!(edge_id(n)));
            // cytoscape_graph keys parallel edges by "key"; without it they would collapse.
            data.insert("key".to_owned(), json!(edge_id(n)));
            data.insert("source".to_owned(), json!(g[a].id));
            data.insert("target".to_owned(), json!(g[b].id));
            json!({ "data": data })
        })
        .collect();
    let document = json!({
        "data": { "name": graph.name, "title": graph.title },
        "directed": true,
        "multigraph": true,
        "elements": { "nodes": nodes, "edges": edges },
    });
    write_json(&document, out)
}

fn attributes(values: Vec<(&'static str, Value<'_>)>) -> Map<String, Json> {
    values
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Text(text) => json!(text),
                Value::Number(number) => json!(number),
            };
            (name.to_owned(), value)
        })
        .collect()
}

fn write_json(document: &Json, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, document).map_err(|e| io(std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(io)
}
