//! An SVG picture of a view. Graphviz lays it out when its `dot` program is on the PATH (it draws
//! dense graphs far better); otherwise the pure-Rust layout-rs crate renders the same DOT text, so
//! a picture comes out on any machine.

use super::{dot, io};
use crate::error::{Error, Result};
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
    let mut dot_text = Vec::new();
    dot::write(graph, lang, &mut dot_text)?;
    let dot_text = String::from_utf8(dot_text).expect("the DOT writer writes UTF-8");
    let svg = match engine {
        SvgEngine::Graphviz => graphviz(&dot_text)?,
        SvgEngine::Rust => layout_rs(&dot_text)?,
        SvgEngine::Auto => match graphviz(&dot_text) {
            Err(Error::GraphTool { message, .. }) if message.starts_with(NOT_INSTALLED) => {
                layout_rs(&dot_text)?
            }
            other => other?,
        },
    };
    out.write_all(svg.as_bytes()).map_err(io)
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
