//! Writing a view's graph for visualisation and analysis tools: GraphML (yEd, igraph, NetworkX),
//! GEXF 1.3 with a timeline (Gephi), DOT (Graphviz), NetworkX node-link JSON, Cytoscape.js JSON,
//! CSV node and edge tables (Gephi's spreadsheet import) and an SVG picture.
//!
//! Every format carries the same attributes, listed once in [`NODE_KEYS`], [`MEASURE_KEYS`] and
//! [`EDGE_KEYS`], and draws a node in its class's colour and shape ([`crate::graph::style`]); node
//! ids are the IRIs (see [`crate::graph::view::Node::id`]; GraphML, whose ids must be XML name
//! tokens, numbers them `n0`, `n1`, … and keeps the IRI in `iri`), edge ids `e0`, `e1`, … in the
//! view's stable edge order, so a dump is byte-for-byte the same on every run.

mod csv;
mod dot;
mod gexf;
mod graphml;
mod json;
mod svg;

pub use self::csv::{csv_paths, write_csv};
pub(crate) use self::dot::FONTS;
pub use self::svg::{write as write_svg, SvgEngine};

use crate::error::{Error, Result};
use crate::graph::view::{Edge, Node, ViewGraph};
use crate::store::Lang;
use std::borrow::Cow;
use std::io::Write;

/// The formats `hkkg graph` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpFormat {
    /// GraphML with typed keys (yEd, igraph, NetworkX, Gephi).
    Graphml,
    /// GEXF 1.3 with visit dates as node and edge intervals, for Gephi's timeline.
    Gexf,
    /// Graphviz DOT, coloured and shaped by type.
    Dot,
    /// NetworkX node-link JSON (`nx.node_link_graph`).
    Json,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// Two CSV tables, PREFIX-nodes.csv and PREFIX-edges.csv, for Gephi's spreadsheet import (needs -o PREFIX).
    Csv,
    /// An SVG picture (Graphviz `dot` when installed, else the pure-Rust layout-rs).
    Svg,
}

crate::keywords!(DumpFormat, "dump format", [
    Graphml "graphml": "GraphML with typed keys (yEd, igraph, NetworkX, Gephi)",
    Gexf "gexf": "GEXF 1.3 with visit dates as node and edge intervals, for Gephi's timeline",
    Dot "dot": "Graphviz DOT, coloured and shaped by type",
    Json "json": "NetworkX node-link JSON (nx.node_link_graph)",
    Cytoscape "cytoscape": "Cytoscape.js elements JSON",
    Csv "csv": "two CSV tables, PREFIX-nodes.csv and PREFIX-edges.csv, for Gephi's spreadsheet import (needs -o PREFIX)",
    Svg "svg": "an SVG picture (Graphviz dot when installed, else the pure-Rust layout-rs)",
]);

impl DumpFormat {
    /// The media type of one stream of this format (of each table, for CSV).
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Graphml => "application/graphml+xml",
            Self::Gexf => "application/gexf+xml",
            Self::Dot => "text/vnd.graphviz; charset=utf-8",
            Self::Json | Self::Cytoscape => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Svg => "image/svg+xml",
        }
    }
}

/// Writes `graph` in a single-stream `format` (CSV writes two tables: use [`write_csv`]).
pub fn write(graph: &ViewGraph, format: DumpFormat, lang: Lang, out: &mut dyn Write) -> Result<()> {
    match format {
        DumpFormat::Graphml => graphml::write(graph, lang, out),
        DumpFormat::Gexf => gexf::write(graph, lang, out),
        DumpFormat::Dot => dot::write(graph, lang, out),
        DumpFormat::Json => json::write_node_link(graph, lang, out),
        DumpFormat::Cytoscape => json::write_cytoscape(graph, lang, out),
        DumpFormat::Svg => svg::write(graph, lang, SvgEngine::Auto, out),
        DumpFormat::Csv => Err(Error::UnsupportedFormat {
            format: "csv".to_owned(),
            what: "a graph to one stream (it writes a node table and an edge table)",
            expected: vec![
                "graphml",
                "gexf",
                "dot",
                "json",
                "cytoscape",
                "svg",
                "csv with -o PREFIX",
            ],
        }),
    }
}

/// An attribute's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Count(usize),
    Bool(bool),
}

impl Value<'_> {
    fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(text) => Cow::Borrowed(text),
            Value::Number(number) => Cow::Owned(number.to_string()),
            Value::Count(count) => Cow::Owned(count.to_string()),
            Value::Bool(flag) => Cow::Borrowed(if *flag { "true" } else { "false" }),
        }
    }
}

/// The type of an attribute, in the formats that declare types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyType {
    Text,
    Double,
    Int,
    Boolean,
}

impl KeyType {
    /// GraphML's `attr.type` (GEXF's attribute types have the same names but `integer`).
    fn graphml(self) -> &'static str {
        match self {
            KeyType::Text => "string",
            KeyType::Double => "double",
            KeyType::Int => "int",
            KeyType::Boolean => "boolean",
        }
    }
}

/// An attribute every node or edge may carry.
pub(crate) struct Key {
    pub name: &'static str,
    pub kind: KeyType,
}

const fn key(name: &'static str, kind: KeyType) -> Key {
    Key { name, kind }
}

/// `label` is in the language asked for; `type` is the most specific type, `types` all of them;
/// `colour` and `shape` are how hkkg draws the node's class (the same in every view and format).
pub(crate) const NODE_KEYS: [Key; 10] = [
    key("label", KeyType::Text),
    key("label_en", KeyType::Text),
    key("label_zh", KeyType::Text),
    key("type", KeyType::Text),
    key("types", KeyType::Text),
    key("iri", KeyType::Text),
    key("start", KeyType::Text),
    key("end", KeyType::Text),
    key("colour", KeyType::Text),
    key("shape", KeyType::Text),
];

/// The measures `graph --with-measures` adds to every node (see `analyze`).
pub(crate) const MEASURE_KEYS: [Key; 8] = [
    key("degree", KeyType::Int),
    key("pagerank", KeyType::Double),
    key("betweenness", KeyType::Double),
    key("closeness", KeyType::Double),
    key("eigenvector", KeyType::Double),
    key("core", KeyType::Int),
    key("component", KeyType::Int),
    key("community", KeyType::Int),
];

/// `directed` is false for a relation without direction (a symmetric property).
pub(crate) const EDGE_KEYS: [Key; 8] = [
    key("label", KeyType::Text),
    key("label_en", KeyType::Text),
    key("label_zh", KeyType::Text),
    key("predicate", KeyType::Text),
    key("weight", KeyType::Double),
    key("directed", KeyType::Boolean),
    key("start", KeyType::Text),
    key("end", KeyType::Text),
];

/// The node attributes `graph` declares: the measures too when its nodes carry them.
pub(crate) fn node_keys(graph: &ViewGraph) -> Vec<&'static Key> {
    let measured = graph.graph.node_weights().any(|n| n.measures.is_some());
    NODE_KEYS
        .iter()
        .chain(MEASURE_KEYS.iter().filter(|_| measured))
        .collect()
}

/// Whether every edge of `graph` is undirected: the dump is then an undirected graph. (NetworkX
/// refuses an undirected edge in a directed GraphML or GEXF graph, so in a mixed graph the
/// `directed` attribute says which are.)
pub(crate) fn undirected(graph: &ViewGraph) -> bool {
    graph.edge_count() > 0 && graph.graph.edge_weights().all(|e| !e.directed)
}

fn borrowed(text: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(text))
}

/// The node's attributes in [`node_keys`] order, leaving out those it has no value for.
pub(crate) fn node_values(node: &Node, lang: Lang) -> Vec<(&'static str, Value<'_>)> {
    let mut values = vec![
        ("label", borrowed(node.label(lang))),
        ("label_en", borrowed(&node.label_en)),
        ("label_zh", borrowed(&node.label_zh)),
        ("type", borrowed(node.kind())),
    ];
    if !node.types.is_empty() {
        values.push(("types", Value::Text(Cow::Owned(node.types.join(" ")))));
    }
    let optional = [
        ("iri", &node.iri),
        ("start", &node.start),
        ("end", &node.end),
    ];
    values.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| value.as_deref().map(|v| (name, borrowed(v)))),
    );
    let look = node.look();
    values.push(("colour", Value::Text(Cow::Owned(look.hex()))));
    values.push(("shape", borrowed(look.shape.graphviz())));
    if let Some(m) = &node.measures {
        values.extend([
            ("degree", Value::Count(m.degree)),
            ("pagerank", Value::Number(m.pagerank)),
            ("betweenness", Value::Number(m.betweenness)),
            ("closeness", Value::Number(m.closeness)),
        ]);
        if let Some(eigenvector) = m.eigenvector {
            values.push(("eigenvector", Value::Number(eigenvector)));
        }
        values.extend([
            ("core", Value::Count(m.core)),
            ("component", Value::Count(m.component)),
            ("community", Value::Count(m.community)),
        ]);
    }
    values
}

/// The edge's attributes in [`EDGE_KEYS`] order, leaving out those it has no value for.
pub(crate) fn edge_values(edge: &Edge, lang: Lang) -> Vec<(&'static str, Value<'_>)> {
    let mut values = vec![
        ("label", borrowed(edge.label(lang))),
        ("label_en", borrowed(&edge.label_en)),
        ("label_zh", borrowed(&edge.label_zh)),
    ];
    if let Some(predicate) = &edge.predicate {
        values.push(("predicate", borrowed(predicate)));
    }
    values.push(("weight", Value::Number(edge.weight)));
    values.push(("directed", Value::Bool(edge.directed)));
    let optional = [("start", &edge.start), ("end", &edge.end)];
    values.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| value.as_deref().map(|v| (name, borrowed(v)))),
    );
    values
}

/// Every edge with its stable id (`e0`, `e1`, … in the view's edge order) and its two ends.
pub(crate) fn edges(graph: &ViewGraph) -> impl Iterator<Item = (String, &Node, &Node, &Edge)> {
    let g = &graph.graph;
    g.edge_indices().enumerate().map(move |(n, index)| {
        let (a, b) = g.edge_endpoints(index).expect("a live edge");
        (format!("e{n}"), &g[a], &g[b], &g[index])
    })
}

/// An indenting XML writer that has written the XML declaration.
pub(crate) fn xml_writer(out: &mut dyn Write) -> Result<quick_xml::Writer<&mut dyn Write>> {
    let mut xml = quick_xml::Writer::new_with_indent(out, b' ', 2);
    xml.write_event(quick_xml::events::Event::Decl(
        quick_xml::events::BytesDecl::new("1.0", Some("UTF-8"), None),
    ))
    .map_err(io)?;
    Ok(xml)
}

fn io(error: std::io::Error) -> Error {
    Error::Output(error)
}
