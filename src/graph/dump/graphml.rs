//! GraphML: one `<key>` per attribute with its type, node ids = IRIs, edge ids `e0`, `e1`, ….
//! NetworkX reads it into a MultiDiGraph keyed by IRI; igraph puts the ids in the vertex
//! attribute `id`.

use super::{edge_values, edges, io, node_values, xml_writer, Key, Value, EDGE_KEYS, NODE_KEYS};
use crate::error::Result;
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

pub fn write(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let (node_ids, edge_ids) = (key_ids("node", &NODE_KEYS), key_ids("edge", &EDGE_KEYS));
    let mut xml = xml_writer(out)?;
    xml.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .with_attribute((
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ))
        .write_inner_content(|xml| {
            write_keys(xml, "node", &NODE_KEYS)?;
            write_keys(xml, "edge", &EDGE_KEYS)?;
            xml.create_element("graph")
                .with_attribute(("id", graph.name.as_str()))
                .with_attribute(("edgedefault", "directed"))
                .write_inner_content(|xml| {
                    let g = &graph.graph;
                    for index in g.node_indices() {
                        let node = &g[index];
                        xml.create_element("node")
                            .with_attribute(("id", node.id.as_str()))
                            .write_inner_content(|xml| {
                                write_data(xml, &node_ids, node_values(node, lang))
                            })?;
                    }
                    for (id, a, b, edge) in edges(graph) {
                        xml.create_element("edge")
                            .with_attribute(("id", id.as_str()))
                            .with_attribute(("source", a.id.as_str()))
                            .with_attribute(("target", b.id.as_str()))
                            .write_inner_content(|xml| {
                                write_data(xml, &edge_ids, edge_values(edge, lang))
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })
        .map_err(io)?;
    xml.into_inner().write_all(b"\n").map_err(io)
}

/// Key ids are `node_NAME` and `edge_NAME`; `attr.name` is what readers show.
fn write_keys<W: Write>(xml: &mut Writer<W>, domain: &str, keys: &[Key]) -> std::io::Result<()> {
    for key in keys {
        let id = format!("{domain}_{}", key.name);
        xml.create_element("key")
            .with_attribute(("id", id.as_str()))
            .with_attribute(("for", domain))
            .with_attribute(("attr.name", key.name))
            .with_attribute(("attr.type", if key.numeric { "double" } else { "string" }))
            .write_empty()?;
    }
    Ok(())
}

/// The `<data key="…">` start tag of each attribute name, made once rather than per value (a dump
/// writes millions of them; building each tag anew took most of the dump's time).
fn key_ids(domain: &str, keys: &[Key]) -> Vec<(&'static str, BytesStart<'static>)> {
    keys.iter()
        .map(|key| {
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
