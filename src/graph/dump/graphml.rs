//! GraphML that validates against the GraphML schema: one `<key>` per attribute with its type,
//! node ids `n0`, `n1`, … (the schema's ids are XML name tokens, which IRIs are not) with the IRI
//! in the `iri` attribute, edge ids `e0`, `e1`, …. NetworkX reads it into a MultiDiGraph keyed by
//! `n…`; igraph puts the ids in the vertex attribute `id`.

use super::{
    edge_values, edges, io, node_keys, node_values, undirected, xml_writer, Key, Value, EDGE_KEYS,
};
use crate::error::Result;
use crate::graph::view::ViewGraph;
use crate::output::export::is_name_char;
use crate::store::Lang;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::collections::HashMap;
use std::io::Write;

pub fn write(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let node_keys = node_keys(graph);
    let (node_tags, edge_tags) = (
        key_ids("node", node_keys.iter().copied()),
        key_ids("edge", EDGE_KEYS.iter()),
    );
    // GraphML ids are XML name tokens, which IRIs are not ('/' and '#' are not name characters).
    let positions: HashMap<&str, String> = graph
        .graph
        .node_weights()
        .enumerate()
        .map(|(i, node)| (node.id.as_str(), format!("n{i}")))
        .collect();
    let mut xml = xml_writer(out)?;
    xml.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .with_attribute((
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ))
        .write_inner_content(|xml| {
            write_keys(xml, "node", node_keys.iter().copied())?;
            write_keys(xml, "edge", EDGE_KEYS.iter())?;
            let mut element = xml.create_element("graph");
            if is_name_token(&graph.name) {
                element = element.with_attribute(("id", graph.name.as_str()));
            }
            let edgedefault = if undirected(graph) { "undirected" } else { "directed" };
            element
                .with_attribute(("edgedefault", edgedefault))
                .write_inner_content(|xml| {
                    for node in graph.graph.node_weights() {
                        xml.create_element("node")
                            .with_attribute(("id", positions[node.id.as_str()].as_str()))
                            .write_inner_content(|xml| {
                                write_data(xml, &node_tags, node_values(node, lang))
                            })?;
                    }
                    for (id, a, b, edge) in edges(graph) {
                        xml.create_element("edge")
                            .with_attribute(("id", id.as_str()))
                            .with_attribute(("source", positions[a.id.as_str()].as_str()))
                            .with_attribute(("target", positions[b.id.as_str()].as_str()))
                            .write_inner_content(|xml| {
                                write_data(xml, &edge_tags, edge_values(edge, lang))
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })
        .map_err(io)?;
    xml.into_inner().write_all(b"\n").map_err(io)
}

/// Whether `text` is an XML name token (`xs:NMTOKEN`), as GraphML's ids must be.
fn is_name_token(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c == ':' || is_name_char(c))
}

/// Key ids are `node_NAME` and `edge_NAME`; `attr.name` is what readers show.
fn write_keys<'k, W: Write>(
    xml: &mut Writer<W>,
    domain: &str,
    keys: impl Iterator<Item = &'k Key>,
) -> std::io::Result<()> {
    for key in keys {
        let id = format!("{domain}_{}", key.name);
        xml.create_element("key")
            .with_attribute(("id", id.as_str()))
            .with_attribute(("for", domain))
            .with_attribute(("attr.name", key.name))
            .with_attribute(("attr.type", key.kind.graphml()))
            .write_empty()?;
    }
    Ok(())
}

/// The `<data key="…">` start tag of each attribute name, made once rather than per value (a dump
/// writes millions of them; building each tag anew took most of the dump's time).
fn key_ids<'k>(
    domain: &str,
    keys: impl Iterator<Item = &'k Key>,
) -> Vec<(&'static str, BytesStart<'static>)> {
    keys.map(|key| {
        let tag = BytesStart::new("data")
            .with_attributes([("key", format!("{domain}_{}", key.name).as_str())])
            .into_owned();
        (key.name, tag)
    })
    .collect()
}

fn write_data<W: Write>(
    xml: &mut Writer<W>,
    tags: &[(&'static str, BytesStart<'static>)],
    values: Vec<(&'static str, Value<'_>)>,
) -> std::io::Result<()> {
    for (name, value) in values {
        let Some((_, tag)) = tags.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        xml.write_event(Event::Start(tag.borrow()))?;
        xml.write_event(Event::Text(BytesText::new(&value.to_text())))?;
        xml.write_event(Event::End(BytesEnd::new("data")))?;
    }
    Ok(())
}
