//! Graphviz DOT: nodes filled with a colour and drawn in a shape per type, labelled in the chosen
//! language (Chinese kept as UTF-8), edges labelled with their relation.

use super::{io, Style};
use crate::error::Result;
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use std::io::Write;

pub fn write(graph: &ViewGraph, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let style = Style::for_graph(graph);
    let g = &graph.graph;
    let mut text = String::new();
    text.push_str(&format!("digraph {} {{\n", quote(&graph.name)));
    text.push_str(&format!(
        // Left to right: views fan out (a visit to its many outcomes), and ranks stacked top to
        // bottom would make pictures tens of thousands of points wide.
        "  graph [charset=\"UTF-8\", label={}, rankdir=LR, overlap=false, fontname=\"Noto Sans CJK TC,sans-serif\"];\n",
        quote(&graph.title)
    ));
    text.push_str("  node [style=filled, fontname=\"Noto Sans CJK TC,sans-serif\"];\n");
    text.push_str("  edge [fontname=\"Noto Sans CJK TC,sans-serif\", fontsize=10];\n");
    for index in g.node_indices() {
        let node = &g[index];
        let (r, gr, b) = style.colour(node);
        text.push_str(&format!(
            "  {} [label={}, shape={}, fillcolor=\"#{r:02x}{gr:02x}{b:02x}\", tooltip={}];\n",
            quote(&node.id),
            quote(&wrapped(node.label(lang))),
            style.shape(node),
            quote(node.kind()),
        ));
    }
    for index in g.edge_indices() {
        let (a, b) = g.edge_endpoints(index).expect("a live edge");
        let edge = &g[index];
        text.push_str(&format!(
            "  {} -> {} [label={}, weight={}];\n",
            quote(&g[a].id),
            quote(&g[b].id),
            quote(edge.label(lang)),
            // Graphviz wants integer-like weights ≥ 0 for dot; keep the view's weight visible.
            edge.weight
        ));
    }
    text.push_str("}\n");
    out.write_all(text.as_bytes()).map_err(io)
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
