//! Graphviz DOT: each node in its class's colour and shape (the same in every view and format),
//! labelled in the chosen language (Chinese kept as UTF-8); edges labelled with their relation,
//! and, in a weighted view, with their weight and drawn thicker the heavier they are. Relations
//! without a direction are drawn without arrows: a view of only those is an undirected `graph`.

use super::{io, undirected};
use crate::error::Result;
use crate::graph::style::Shape;
use crate::graph::view::{Edge, ViewGraph};
use crate::store::Lang;
use std::io::Write;

/// Which program reads the DOT text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Graphviz,
    /// layout-rs draws only boxes and circles and no `dir=none`: every node is a box, and an
    /// undirected edge in a directed graph is written `--`, which it draws without an arrow.
    LayoutRs,
}

/// Thickest edge line, for the heaviest edge of a weighted view.
pub(crate) const MAX_PENWIDTH: f64 = 5.0;

pub fn write(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    out.write_all(text(graph, lang, Dialect::Graphviz).as_bytes())
        .map_err(io)
}

/// The DOT text of `graph` for `dialect`.
pub(crate) fn text(graph: &ViewGraph, lang: Lang, dialect: Dialect) -> String {
    let g = &graph.graph;
    let all_undirected = undirected(graph);
    let (keyword, all_arrow) = if all_undirected {
        ("graph", "--")
    } else {
        ("digraph", "->")
    };
    let weights = Weights::of(graph);
    let mut text = String::new();
    text.push_str(&format!("{keyword} {} {{\n", quote(&graph.name)));
    text.push_str(&format!(
        // Left to right: views fan out (a visit to its many outcomes), and ranks stacked top to
        // bottom would make pictures tens of thousands of points wide.
        "  graph [charset=\"UTF-8\", label={}, rankdir=LR, overlap=false, fontname=\"{FONTS}\"];\n",
        quote(&graph.title)
    ));
    text.push_str(&format!("  node [style=filled, fontname=\"{FONTS}\"];\n"));
    text.push_str(&format!("  edge [fontname=\"{FONTS}\", fontsize=10];\n"));
    for node in g.node_weights() {
        let look = node.look();
        let shape = match dialect {
            Dialect::Graphviz => look.shape,
            Dialect::LayoutRs => Shape::Box,
        };
        let class = node.class().and_then(|c| graph.classes.get(c)).map_or(
            node.kind().to_owned(),
            |(en, zh)| match lang {
                Lang::En => en.clone(),
                Lang::Zh => zh.clone(),
            },
        );
        text.push_str(&format!(
            "  {} [label={}, shape={}, fillcolor=\"{}\", fontcolor=\"{}\", tooltip={}];\n",
            quote(&node.id),
            quote(&wrapped(node.label(lang))),
            shape.graphviz(),
            look.hex(),
            look.text(),
            quote(&format!("{class}: {}", node.id)),
        ));
    }
    for index in g.edge_indices() {
        let (a, b) = g.edge_endpoints(index).expect("a live edge");
        let edge = &g[index];
        let (arrow, direction) = match (all_undirected, edge.directed, dialect) {
            (true, _, _) | (false, true, _) => (all_arrow, ""),
            (false, false, Dialect::Graphviz) => ("->", ", dir=none"),
            (false, false, Dialect::LayoutRs) => ("--", ""),
        };
        text.push_str(&format!(
            "  {} {arrow} {} [label={}, penwidth={}, weight={}{direction}];\n",
            quote(&g[a].id),
            quote(&g[b].id),
            quote(&weights.label(edge, lang)),
            weights.penwidth(edge),
            // dot wants integer ranking weights; heavier edges pull their ends closer.
            edge.weight.round().max(1.0)
        ));
    }
    text.push_str("}\n");
    text
}

/// The fonts labels are set in: Noto Sans CJK has the Chinese labels' characters.
pub(crate) const FONTS: &str = "Noto Sans CJK TC,Noto Sans,sans-serif";

/// How a view's weights show: not at all when every edge weighs the same; otherwise in the label
/// and as the line's width, from 1 for the lightest to [`MAX_PENWIDTH`] for the heaviest.
pub(crate) struct Weights {
    range: Option<(f64, f64)>,
}

impl Weights {
    pub(crate) fn of(graph: &ViewGraph) -> Self {
        let mut weights = graph.graph.edge_weights().map(|e| e.weight);
        let first = weights.next();
        let (low, high) = weights.fold(
            (first.unwrap_or(1.0), first.unwrap_or(1.0)),
            |(low, high), w| (low.min(w), high.max(w)),
        );
        Self {
            range: (high > low || low != 1.0).then_some((low, high)),
        }
    }

    /// Whether the picture shows weights.
    pub(crate) fn shown(&self) -> Option<(f64, f64)> {
        self.range
    }

    pub(crate) fn label(&self, edge: &Edge, lang: Lang) -> String {
        match self.range {
            Some(_) => format!("{} ({})", edge.label(lang), edge.weight),
            None => edge.label(lang).to_owned(),
        }
    }

    /// A whole number: layout-rs reads only integer pen widths.
    pub(crate) fn penwidth(&self, edge: &Edge) -> f64 {
        match self.range {
            Some((low, high)) if high > low => {
                (1.0 + (MAX_PENWIDTH - 1.0) * (edge.weight - low) / (high - low)).round()
            }
            _ => 1.0,
        }
    }
}

/// Display columns a node label may take before it wraps: outcome and policy labels are whole
/// sentences, and unwrapped they stretch a layout to tens of thousands of points.
const LABEL_COLUMNS: usize = 28;

/// Breaks a label into lines of at most [`LABEL_COLUMNS`] columns: at spaces where it has them,
/// anywhere in Chinese text (a CJK character takes two columns).
fn wrapped(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 8);
    let mut column = 0;
    for word in label.split_inclusive(' ') {
        let width: usize = word.chars().map(char_columns).sum();
        if column > 0 && column + width > LABEL_COLUMNS {
            out.truncate(out.trim_end_matches(' ').len());
            out.push('\n');
            column = 0;
        }
        for c in word.chars() {
            if column + char_columns(c) > LABEL_COLUMNS && column > 0 {
                out.push('\n');
                column = 0;
            }
            out.push(c);
            column += char_columns(c);
        }
    }
    out
}

fn char_columns(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// A DOT quoted string: only `"` needs escaping in the language, but `\` starts Graphviz's own
/// escapes (`\n`, `\N`, `\l`) in labels, so it is doubled; line breaks become `\n`.
pub(crate) fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::{quote, wrapped};

    #[test]
    fn long_labels_wrap_at_spaces_or_between_chinese_characters() {
        assert_eq!(
            wrapped("direct air route to Almaty, Kazakhstan"),
            "direct air route to Almaty,\nKazakhstan"
        );
        assert_eq!(
            wrapped("香港故宮文化博物館與烏茲別克斯坦國家歷史博物館"),
            "香港故宮文化博物館與烏茲別克\n斯坦國家歷史博物館"
        );
        assert_eq!(wrapped("Qatar"), "Qatar");
    }

    #[test]
    fn quotes_escape_quotes_backslashes_and_newlines_and_keep_chinese() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("一\n二"), r#""一\n二""#);
    }
}
