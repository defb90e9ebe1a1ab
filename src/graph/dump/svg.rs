//! An SVG picture of a view, with a legend below it: each class's colour and shape with its name
//! in the chosen language and its node count, and what arrows, plain lines and line widths mean.
//! Graphviz lays it out when its `dot` program is on the PATH (it draws dense graphs far better);
//! otherwise the pure-Rust layout-rs crate renders the same graph, so a picture comes out on any
//! machine (layout-rs draws only boxes: there, colour alone tells the classes apart, and the
//! legend shows boxes).

use super::dot::{self, Dialect, Weights};
use super::io;
use crate::error::{Error, Result};
use crate::graph::picture::Legend;
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use std::io::Write;
use std::process::{Command, Stdio};

/// Which layout engine draws the SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SvgEngine {
    /// Graphviz when `dot` is installed, else layout-rs.
    #[default]
    Auto,
    /// Graphviz `dot -Tsvg` (fails when it is not installed).
    Graphviz,
    /// The pure-Rust layout-rs crate.
    Rust,
}

crate::keywords!(SvgEngine, "SVG engine", [
    Auto "auto": "Graphviz when dot is installed, else layout-rs",
    Graphviz "graphviz": "Graphviz dot -Tsvg (fails when it is not installed)",
    Rust "rust": "the pure-Rust layout-rs crate",
]);

pub fn write(graph: &ViewGraph, lang: Lang, engine: SvgEngine, out: &mut dyn Write) -> Result<()> {
    let graphviz_text = || dot::text(graph, lang, Dialect::Graphviz);
    let (svg, dialect) = match engine {
        SvgEngine::Graphviz => (graphviz(&graphviz_text())?, Dialect::Graphviz),
        SvgEngine::Rust => (
            layout_rs(&dot::text(graph, lang, Dialect::LayoutRs))?,
            Dialect::LayoutRs,
        ),
        SvgEngine::Auto => match graphviz(&graphviz_text()) {
            Err(Error::GraphTool { message, .. }) if message.starts_with(NOT_INSTALLED) => (
                layout_rs(&dot::text(graph, lang, Dialect::LayoutRs))?,
                Dialect::LayoutRs,
            ),
            other => (other?, Dialect::Graphviz),
        },
    };
    let legend = Legend {
        lang,
        classes: Legend::of_classes(
            graph,
            graph.graph.node_weights(),
            lang,
            dialect == Dialect::LayoutRs,
        ),
        directed: graph.graph.edge_weights().any(|e| e.directed),
        undirected: graph.graph.edge_weights().any(|e| !e.directed),
        weights: Weights::of(graph).shown(),
    };
    let svg = with_legend(&svg, &legend)?;
    out.write_all(svg.as_bytes()).map_err(io)
}

/// The engine's picture with the legend below it: an outer `<svg>` holding the picture as a nested
/// `<svg>` (its own coordinates untouched, whichever engine drew it) and the legend.
fn with_legend(svg: &str, legend: &Legend) -> Result<String> {
    let failed = |message: &str| Error::GraphTool {
        tool: "svg".to_owned(),
        message: format!("cannot add the legend: {message}"),
    };
    let root = svg.find("<svg").ok_or_else(|| failed("no <svg> element"))?;
    let tag_end = root
        + svg[root..]
            .find('>')
            .ok_or_else(|| failed("an unclosed <svg> tag"))?;
    let tag = &svg[root..tag_end];
    let dimension = |name: &str| -> Result<(&str, f64)> {
        let value = attribute(tag, name).ok_or_else(|| failed(&format!("no {name}")))?;
        let number = value
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<f64>()
            .map_err(|_| failed(&format!("{name}=\"{value}\"")))?;
        Ok((value, number))
    };
    let ((width_text, width), (height_text, height)) = (dimension("width")?, dimension("height")?);
    let (legend_svg, legend_width, legend_height) = legend.render(width);
    let total = height + legend_height;
    // A small picture (an ego network of three nodes) is widened to hold a column of the legend.
    let outer = width.max(legend_width);
    // In the outer picture's units: Graphviz's "pt" and layout-rs's plain numbers alike.
    let inner_tag = tag
        .replacen(
            &format!(" width=\"{width_text}\""),
            &format!(" x=\"0\" y=\"0\" width=\"{width}\""),
            1,
        )
        .replacen(
            &format!(" height=\"{height_text}\""),
            &format!(" height=\"{height}\""),
            1,
        );
    let mut out = String::with_capacity(svg.len() + legend_svg.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{outer}pt\" height=\"{total}pt\" viewBox=\"0 0 {outer} {total}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    ));
    out.push_str(&inner_tag);
    out.push_str(&svg[tag_end..]);
    out.push_str(&format!(
        "\n<g transform=\"translate(0,{height})\">\n{legend_svg}</g>\n</svg>\n"
    ));
    Ok(out)
}

/// The value of attribute `name` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

const NOT_INSTALLED: &str = "not installed";

fn graphviz(dot_text: &str) -> Result<String> {
    let failed = |message: String| Error::GraphTool {
        tool: "dot".to_owned(),
        message,
    };
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => failed(format!(
                "{NOT_INSTALLED} (install Graphviz, or use --svg-engine rust)"
            )),
            _ => failed(e.to_string()),
        })?;
    // Writing from another thread: dot may fill its stdout pipe before it has read all its input.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    writer
        .join()
        .map_err(|_| failed("writing its input panicked".to_owned()))?
        .map_err(|e| failed(format!("writing its input: {e}")))?;
    if !output.status.success() {
        return Err(failed(String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    String::from_utf8(output.stdout).map_err(|e| failed(format!("its output is not UTF-8: {e}")))
}

fn layout_rs(dot_text: &str) -> Result<String> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};
    let failed = |message: String| Error::GraphTool {
        tool: "layout-rs".to_owned(),
        message,
    };
    let ast = DotParser::new(dot_text).process().map_err(failed)?;
    // layout-rs asserts internally on shapes it cannot place; a panic there must not take hkkg down.
    std::panic::catch_unwind(|| {
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut visual = builder.get();
        let mut svg = SVGWriter::new();
        visual.do_it(false, false, false, &mut svg);
        svg.finalize()
    })
    .map_err(|_| failed("the layout failed on this graph; use --svg-engine graphviz".to_owned()))
}
