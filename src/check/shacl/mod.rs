//! `hkkg validate`: SHACL Core validation of the data against `ontology/shapes.ttl` (or any shapes
//! graph), with a report as text and as a standard `sh:ValidationReport`.
//!
//! The whole of SHACL Core (W3C Recommendation, 2017): every target kind including implicit class
//! targets, every property path form, every Core constraint component, sh:deactivated, severities
//! and messages. It passes the W3C SHACL Core test suite (tests/w3c_shacl.rs runs it through the
//! binary; tests/w3c/shacl-core.expected lists what still fails and why). Written here rather than
//! taken from rudof's `shacl` crate: that one switches on oxrdf's `rdf-12` feature for the whole
//! build and tripled a clean debug build (32 s → 99 s, 71 → 316 locked crates; see
//! BENCHMARKS-trust.md). SHACL-SPARQL (sh:sparql) is refused with an error, like anything else
//! outside SHACL Core: a shapes graph is never read as something weaker than it says.
//!
//! The stages: [`shapes`] reads the shapes graph into numbered shapes, [`path`] evaluates property
//! paths, [`engine`] evaluates constraints on the data (a [`data`] view of the dataset's union
//! graph, with [`values`] for literal comparisons, strings and languages), [`report`] writes the
//! results. Data is read with `store::read_dataset`, not from the store: the store rewrites
//! xsd:nonNegativeInteger as xsd:integer, which would fail every sh:datatype on a count.

mod data;
mod engine;
mod path;
mod report;
mod shapes;
mod sparql;
mod values;

pub use path::Path;
pub use report::{ValidationReport, ValidationResult};
pub use shapes::Shapes;

use crate::assets::SHAPES_PATH;
use crate::error::{Error, Result};
use crate::rdf::namespaces::display_term;
use crate::store::source::Input;
use crate::store::{read_dataset, LoadOptions};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Dataset, Graph, TermRef, TripleRef};

pub const SH: &str = "http://www.w3.org/ns/shacl#";

impl Shapes {
    /// The bundled shapes (`ontology/shapes.ttl`), or the shapes in `path` (the union of its graphs).
    pub fn load(path: Option<&std::path::Path>) -> Result<Self> {
        let dataset = match path {
            Some(path) => read_dataset(&LoadOptions {
                bundled: false,
                inputs: vec![Input::new(path, None)],
                ..LoadOptions::default()
            })?,
            None => {
                let text = crate::assets::shapes().text;
                let mut dataset = Dataset::new();
                for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text) {
                    let quad = quad.map_err(|e| Error::Shapes(format!("{SHAPES_PATH}: {e}")))?;
                    dataset.insert(&quad);
                }
                dataset
            }
        };
        let graph: Graph = dataset
            .iter()
            .map(|q| TripleRef::from(q).into_owned())
            .collect();
        Self::parse(&graph)
    }
}

/// Validates the union of `data`'s graphs against `shapes`. Fails only where SHACL defines no
/// result: a shape that depends on itself for the same node, or nesting beyond
/// [`engine::MAX_NESTING`].
///
/// Runs on a thread of its own whose stack is sized for that nesting, so the bound holds whatever
/// thread calls (a test thread has 2 MiB, less than a debug build needs for the deepest nesting).
pub fn validate(data: &Dataset, shapes: &Shapes) -> Result<ValidationReport> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("shacl".to_owned())
            .stack_size(engine::STACK_SIZE)
            .spawn_scoped(scope, || {
                engine::run(data, shapes).map(|found| ValidationReport::new(found, shapes))
            })
            .expect("the operating system starts a thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// A term for messages and the text report: prefixed names, and no raw control characters.
fn shown(term: TermRef<'_>) -> String {
    escape_controls(&display_term(term))
}

/// `text` with control characters written as `\u{..}` escapes (newlines and tabs included), so
/// nothing read from a graph can move the cursor or recolour a terminal.
fn escape_controls(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            escaped.push_str(&c.escape_unicode().to_string());
        } else {
            escaped.push(c);
        }
    }
    escaped
}

#[cfg(test)]
mod tests;
