//! GraphML that validates against the GraphML schema: one `<key>` per attribute with its type,
//! node ids `n0`, `n1`, … (the schema's ids are XML name tokens, which IRIs are not) with the IRI
//! in the `iri` attribute, edge ids `e0`, `e1`, …. NetworkX reads it into a MultiDiGraph keyed by
//! `n…`; igraph puts the ids in the vertex attribute `id`.

use super::{edge_values, io, node_keys, node_values, undirected, Key, Value, EDGE_KEYS};
use crate::error::Result;
use crate::graph::view::ViewGraph;
use crate::output::export::is_name_char;
use crate::store::Lang;
use petgraph::visit::NodeIndexable;
use std::fmt::Write as _;
use std::io::Write;

/// Bytes gathered before they go to the writer: a dump writes millions of short elements, and a
/// call through `dyn Write` for each piece of each took most of its time.
const CHUNK: usize = 1 << 16;

/// Writes the dump by hand, in the layout an indenting XML writer gives (two spaces a level,
/// `<data>` text inline), escaping `<`, `>`, `&`, `'` and `"` in text and attribute values.
pub fn write(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let node_keys = node_keys(graph);
    let edge_keys: Vec<&Key> = EDGE_KEYS.iter().collect();
    let mut xml = String::with_capacity(2 * CHUNK);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    write_keys(&mut xml, "node", node_keys.iter().copied());
    write_keys(&mut xml, "edge", EDGE_KEYS.iter());
    xml.push_str("  <graph");
    // GraphML ids are XML name tokens, which IRIs are not ('/' and '#' are not name characters).
    if is_name_token(&graph.name) {
        xml.push_str(" id=\"");
        escape(&mut xml, &graph.name);
        xml.push('"');
    }
    let edgedefault = if undirected(graph) {
        "undirected"
    } else {
        "directed"
    };
    let _ = writeln!(xml, " edgedefault=\"{edgedefault}\">");
    // Node `n{i}` is the `i`th node; this maps a node index to `i`.
    let g = &graph.graph;
    let mut position = vec![usize::MAX; g.node_bound()];
    for (i, index) in g.node_indices().enumerate() {
        position[index.index()] = i;
    }
    for (i, node) in g.node_weights().enumerate() {
        let _ = writeln!(xml, "    <node id=\"n{i}\">");
        write_data(&mut xml, "node", &node_keys, node_values(node, lang));
        xml.push_str("    </node>\n");
        flush_full(&mut xml, out)?;
    }
    for (n, index) in g.edge_indices().enumerate() {
        let (a, b) = g.edge_endpoints(index).expect("a live edge");
        let _ = writeln!(
            xml,
            "    <edge id=\"e{n}\" source=\"n{}\" target=\"n{}\">",
            position[a.index()],
            position[b.index()]
        );
        write_data(&mut xml, "edge", &edge_keys, edge_values(&g[index], lang));
        xml.push_str("    </edge>\n");
        flush_full(&mut xml, out)?;
    }
    xml.push_str("  </graph>\n</graphml>\n");
    out.write_all(xml.as_bytes()).map_err(io)
}

/// Writes what has gathered once it is a chunk.
fn flush_full(xml: &mut String, out: &mut dyn Write) -> Result<()> {
    if xml.len() >= CHUNK {
        out.write_all(xml.as_bytes()).map_err(io)?;
        xml.clear();
    }
    Ok(())
}

/// `text` with XML's five special characters escaped, as quick-xml's `escape` does.
fn escape(xml: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['<', '>', '&', '\'', '"']) {
        xml.push_str(&rest[..at]);
        xml.push_str(match rest.as_bytes()[at] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&apos;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    xml.push_str(rest);
}

/// Whether `text` is an XML name token (`xs:NMTOKEN`), as GraphML's ids must be.
fn is_name_token(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c == ':' || is_name_char(c))
}

/// Key ids are `node_NAME` and `edge_NAME`; `attr.name` is what readers show.
fn write_keys<'k>(xml: &mut String, domain: &str, keys: impl Iterator<Item = &'k Key>) {
    for key in keys {
        let _ = writeln!(
            xml,
            "  <key id=\"{domain}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>",
            name = key.name,
            kind = key.kind.graphml()
        );
    }
}

/// The values whose keys were declared.
fn write_data(
    xml: &mut String,
    domain: &str,
    keys: &[&Key],
    values: Vec<(&'static str, Value<'_>)>,
) {
    for (name, value) in values {
        if !keys.iter().any(|key| key.name == name) {
            continue;
        }
        let _ = write!(xml, "      <data key=\"{domain}_{name}\">");
        match value {
            Value::Text(text) => escape(xml, &text),
            Value::Number(number) => {
                let _ = write!(xml, "{number}");
            }
            Value::Count(count) => {
                let _ = write!(xml, "{count}");
            }
            Value::Bool(flag) => xml.push_str(if flag { "true" } else { "false" }),
        }
        xml.push_str("</data>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_quick_xml_does() {
        for text in [
            "",
            "plain 文字",
            "'cargo first' <&> \"quoted\"",
            "&&",
            "<",
            "a'b",
        ] {
            let mut ours = String::new();
            escape(&mut ours, text);
            assert_eq!(ours, quick_xml::escape::escape(text), "{text}");
        }
    }
}
