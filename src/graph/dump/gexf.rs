//! GEXF 1.3 for Gephi: a dynamic graph whose visit-related nodes and edges carry the visit's dates
//! as `start`/`end`, so that Gephi's timeline plays the visits; nodes in their class's colour
//! (`viz:color`) and the nearest of GEXF's shapes (`viz:shape`). A view of undirected relations is
//! an undirected graph.
//! Label, weight and the interval are GEXF's own XML attributes; the rest are declared
//! `<attribute>`s.

use super::{
    edge_values, edges, io, node_keys, node_values, undirected, xml_writer, Key, KeyType, Value,
    EDGE_KEYS,
};
use crate::error::Result;
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::io::Write;

/// Written as GEXF's own XML attributes, not as `<attvalue>`s.
const NATIVE: [&str; 4] = ["label", "weight", "start", "end"];

pub fn write(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let edge_type = if undirected(graph) {
        "undirected"
    } else {
        "directed"
    };
    let mut xml = xml_writer(out)?;
    xml.create_element("gexf")
        .with_attribute(("xmlns", "http://gexf.net/1.3"))
        .with_attribute(("xmlns:viz", "http://gexf.net/1.3/viz"))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .with_attribute((
            "xsi:schemaLocation",
            "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        ))
        .with_attribute(("version", "1.3"))
        .write_inner_content(|xml| {
            xml.create_element("meta").write_inner_content(|xml| {
                xml.create_element("creator")
                    .write_text_content(BytesText::new("hkkg"))?;
                xml.create_element("description")
                    .write_text_content(BytesText::new(&graph.title))?;
                Ok(())
            })?;
            xml.create_element("graph")
                .with_attribute(("defaultedgetype", edge_type))
                .with_attribute(("mode", "dynamic"))
                .with_attribute(("timeformat", "date"))
                .write_inner_content(|xml| {
                    declare(xml, "node", node_keys(graph).into_iter())?;
                    declare(xml, "edge", EDGE_KEYS.iter())?;
                    let g = &graph.graph;
                    xml.create_element("nodes").write_inner_content(|xml| {
                        for index in g.node_indices() {
                            let node = &g[index];
                            let look = node.look();
                            let (r, gr, b) = look.fill;
                            let mut element = xml
                                .create_element("node")
                                .with_attribute(("id", node.id.as_str()))
                                .with_attribute(("label", node.label(lang)));
                            element = with_interval(element, &node.start, &node.end);
                            element.write_inner_content(|xml| {
                                write_values(xml, node_values(node, lang))?;
                                xml.create_element("viz:color")
                                    .with_attribute(("r", r.to_string().as_str()))
                                    .with_attribute(("g", gr.to_string().as_str()))
                                    .with_attribute(("b", b.to_string().as_str()))
                                    .write_empty()?;
                                xml.create_element("viz:shape")
                                    .with_attribute(("value", look.shape.gexf()))
                                    .write_empty()?;
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
                    xml.create_element("edges").write_inner_content(|xml| {
                        for (id, a, b, edge) in edges(graph) {
                            let mut element = xml
                                .create_element("edge")
                                .with_attribute(("id", id.as_str()))
                                .with_attribute(("source", a.id.as_str()))
                                .with_attribute(("target", b.id.as_str()))
                                .with_attribute(("label", edge.label(lang)))
                                .with_attribute(("weight", edge.weight.to_string().as_str()));
                            element = with_interval(element, &edge.start, &edge.end);
                            element.write_inner_content(|xml| {
                                write_values(xml, edge_values(edge, lang))
                            })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })
        .map_err(io)?;
    xml.into_inner().write_all(b"\n").map_err(io)
}

fn with_interval<'a, W: Write>(
    element: quick_xml::writer::ElementWriter<'a, W>,
    start: &Option<String>,
    end: &Option<String>,
) -> quick_xml::writer::ElementWriter<'a, W> {
    let element = match start {
        Some(start) => element.with_attribute(("start", start.as_str())),
        None => element,
    };
    match end {
        Some(end) => element.with_attribute(("end", end.as_str())),
        None => element,
    }
}

fn declare<'k, W: Write>(
    xml: &mut Writer<W>,
    class: &str,
    keys: impl Iterator<Item = &'k Key>,
) -> std::io::Result<()> {
    xml.create_element("attributes")
        .with_attribute(("class", class))
        .with_attribute(("mode", "static"))
        .write_inner_content(|xml| {
            for key in keys.filter(|k| !NATIVE.contains(&k.name)) {
                let kind = match key.kind {
                    KeyType::Text => "string",
                    KeyType::Double => "double",
                    KeyType::Int => "integer",
                    KeyType::Boolean => "boolean",
                };
                xml.create_element("attribute")
                    .with_attribute(("id", key.name))
                    .with_attribute(("title", key.name))
                    .with_attribute(("type", kind))
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_values<W: Write>(
    xml: &mut Writer<W>,
    values: Vec<(&'static str, Value<'_>)>,
) -> std::io::Result<()> {
    xml.create_element("attvalues").write_inner_content(|xml| {
        for (name, value) in values.iter().filter(|(n, _)| !NATIVE.contains(n)) {
            xml.create_element("attvalue")
                .with_attribute(("for", *name))
                .with_attribute(("value", value.to_text().as_ref()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}
