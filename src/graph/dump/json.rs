//! The two JSON dumps, both through serde: node-link JSON and Cytoscape.js elements
//! (`{"elements":{"nodes":[…],"edges":[…]}}`, with the top-level keys `nx.cytoscape_graph` also
//! reads).
//!
//! Node-link JSON has two readers that disagree on one key: D3's `forceLink` and NetworkX before
//! 3.6 read the edges under `links` (NetworkX 3.4 and 3.5 by default, with a warning), NetworkX
//! 3.6's `node_link_graph` reads `edges`. The dump writes the same edge list under both keys, so
//! each reads it with its defaults and no one renames keys; edges name their ends by node `id`
//! (`forceLink(links).id(d => d.id)`).

use super::{edge_values, edges, io, node_values, undirected, Value};
use crate::error::Result;
use crate::graph::view::{Edge, Node, ViewGraph};
use crate::store::Lang;
use serde_json::{json, Map, Value as Json};
use std::io::Write;

pub fn write_node_link(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let nodes: Vec<Json> = graph
        .graph
        .node_weights()
        .map(|node| Json::Object(node_object(node, lang)))
        .collect();
    let edges: Vec<Json> = edges(graph)
        .map(|(id, a, b, edge)| {
            // A multigraph's edge key: the edge's id, unique even between the same two nodes.
            Json::Object(edge_object(&id, a, b, edge, lang, "key"))
        })
        .collect();
    let document = json!({
        "directed": !undirected(graph),
        "multigraph": true,
        "graph": { "name": graph.name, "title": graph.title },
        "nodes": nodes,
        "links": edges,
        "edges": edges,
    });
    write_json(&document, out)
}

pub fn write_cytoscape(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let nodes: Vec<Json> = graph
        .graph
        .node_weights()
        .map(|node| {
            let mut data = node_object(node, lang);
            // cytoscape_graph names nodes by "value" when present, else by "id".
            data.insert("value".to_owned(), json!(node.id));
            data.insert("name".to_owned(), json!(node.label(lang)));
            // In Cytoscape.js's shape names, for `shape: data(shape)`.
            data.insert("shape".to_owned(), json!(node.look().shape.cytoscape()));
            json!({ "data": data, "classes": node.kind() })
        })
        .collect();
    let edges: Vec<Json> = edges(graph)
        .map(|(id, a, b, edge)| {
            let mut data = edge_object(&id, a, b, edge, lang, "id");
            // cytoscape_graph keys parallel edges by "key"; without it they would collapse.
            data.insert("key".to_owned(), json!(id));
            json!({ "data": data })
        })
        .collect();
    let document = json!({
        "data": { "name": graph.name, "title": graph.title },
        "directed": !undirected(graph),
        "multigraph": true,
        "elements": { "nodes": nodes, "edges": edges },
    });
    write_json(&document, out)
}

fn node_object(node: &Node, lang: Lang) -> Map<String, Json> {
    let mut object = attributes(node_values(node, lang));
    object.insert("id".to_owned(), json!(node.id));
    object
}

/// An edge's attributes with its ends, and its id under `id_key`.
fn edge_object(
    id: &str,
    a: &Node,
    b: &Node,
    edge: &Edge,
    lang: Lang,
    id_key: &str,
) -> Map<String, Json> {
    let mut object = attributes(edge_values(edge, lang));
    object.insert(id_key.to_owned(), json!(id));
    object.insert("source".to_owned(), json!(a.id));
    object.insert("target".to_owned(), json!(b.id));
    object
}

fn attributes(values: Vec<(&'static str, Value<'_>)>) -> Map<String, Json> {
    values
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Text(text) => json!(text),
                Value::Number(number) => json!(number),
                Value::Count(count) => json!(count),
                Value::Bool(flag) => json!(flag),
            };
            (name.to_owned(), value)
        })
        .collect()
}

fn write_json(document: &Json, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, document).map_err(|e| io(std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(io)
}
