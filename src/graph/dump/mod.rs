//! Writing a view's graph for visualisation and analysis tools: GraphML (yEd, igraph, NetworkX),
//! GEXF 1.3 with a timeline (Gephi), DOT (Graphviz), NetworkX node-link JSON, Cytoscape.js JSON,
//! CSV node and edge tables (Gephi's spreadsheet import) and an SVG picture.
//!
//! Every format carries the same attributes, listed once in [`NODE_KEYS`] and [`EDGE_KEYS`]; node
//! ids are the IRIs (see [`crate::graph::view::Node::id`]), edge ids `e0`, `e1`, … in the view's stable
//! edge order, so a dump is byte-for-byte the same on every run.

mod csv;
mod dot;
mod gexf;
mod graphml;
mod json;
mod svg;

pub use self::csv::{csv_paths, write_csv};
pub use self::svg::{write as write_svg, SvgEngine};

use crate::error::{Error, Result};
use crate::graph::view::{Edge, Node, ViewGraph};
use crate::store::Lang;
use std::borrow::Cow;
use std::collections::BTreeMap;
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
}

impl Value<'_> {
    fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(text) => Cow::Borrowed(text),
            Value::Number(number) => Cow::Owned(number.to_string()),
        }
    }
}

/// An attribute every node or edge may carry; `numeric` ones are typed double where formats type.
pub(crate) struct Key {
    pub name: &'static str,
    pub numeric: bool,
}

const fn text(name: &'static str) -> Key {
    Key {
        name,
        numeric: false,
    }
}

/// `label` is in the language asked for; `type` is the most specific type, `types` all of them.
pub(crate) const NODE_KEYS: [Key; 8] = [
    text("label"),
    text("label_en"),
    text("label_zh"),
    text("type"),
    text("types"),
    text("iri"),
    text("start"),
    text("end"),
];

pub(crate) const EDGE_KEYS: [Key; 7] = [
    text("label"),
    text("label_en"),
    text("label_zh"),
    text("predicate"),
    Key {
        name: "weight",
        numeric: true,
    },
    text("start"),
    text("end"),
];

fn borrowed(text: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(text))
}

/// The node's attributes in [`NODE_KEYS`] order, leaving out those it has no value for.
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
    let optional = [("start", &edge.start), ("end", &edge.end)];
    values.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| value.as_deref().map(|v| (name, borrowed(v)))),
    );
    values
}

/// A colour and a Graphviz shape per node type, assigned in sorted type order so that the same
/// types get the same look on every run.
pub(crate) struct Style {
    by_kind: BTreeMap<String, usize>,
}

/// Colour-blind-safe (Okabe–Ito, then Tol's muted) colours.
const COLOURS: [(u8, u8, u8); 12] = [
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
    (136, 204, 238),
    (68, 170, 153),
    (221, 204, 119),
    (204, 102, 119),
    (170, 68, 153),
];
const SHAPES: [&str; 6] = ["ellipse", "box", "diamond", "hexagon", "octagon", "house"];

impl Style {
    pub fn for_graph(graph: &ViewGraph) -> Self {
        let mut kinds: Vec<&str> = graph.graph.node_weights().map(Node::kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        Self {
            by_kind: kinds
                .into_iter()
                .enumerate()
                .map(|(i, kind)| (kind.to_owned(), i))
                .collect(),
        }
    }

    fn index(&self, node: &Node) -> usize {
        self.by_kind.get(node.kind()).copied().unwrap_or(0)
    }

    pub fn colour(&self, node: &Node) -> (u8, u8, u8) {
        COLOURS[self.index(node) % COLOURS.len()]
    }

    pub fn shape(&self, node: &Node) -> &'static str {
        SHAPES[self.index(node) % SHAPES.len()]
    }
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
