//! Writing query results: a readable table for people (labels in the chosen language, prefixed
//! names otherwise), the W3C result formats (CSV, TSV, JSON, XML) for programs, and RDF for the
//! graphs that CONSTRUCT and DESCRIBE return.

use crate::error::{Error, Result};
use crate::keyword::Keyword;
use crate::output::export::write_triples;
use crate::rdf::syntax::RdfSyntax;
use crate::store::{KnowledgeGraph, Lang};
use comfy_table::{presets, ContentArrangement, Table};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::io::Write;

/// How query results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// A table for the terminal (SELECT, ASK).
    Table,
    /// A W3C results format (SELECT, ASK).
    Results(QueryResultsFormat),
    /// An RDF syntax (CONSTRUCT, DESCRIBE).
    Rdf(RdfSyntax),
}

crate::keywords!(ResultFormat, "result format", [
    Table "table": "a table for the terminal (SELECT, ASK)",
    CSV "csv": "SPARQL 1.1 CSV results",
    TSV "tsv": "SPARQL 1.1 TSV results",
    JSON "json": "SPARQL 1.1 JSON results",
    XML "xml": "SPARQL 1.1 XML results",
    TURTLE "turtle" ["ttl"]: "Turtle (CONSTRUCT, DESCRIBE)",
    TRIG "trig": "TriG (CONSTRUCT, DESCRIBE)",
    NTRIPLES "ntriples" ["nt"]: "N-Triples (CONSTRUCT, DESCRIBE)",
    NQUADS "nquads" ["nq"]: "N-Quads (CONSTRUCT, DESCRIBE)",
    RDFXML "rdfxml" ["rdf"]: "RDF/XML (CONSTRUCT, DESCRIBE)",
    JSONLD "jsonld": "JSON-LD (CONSTRUCT, DESCRIBE)",
]);

#[allow(non_upper_case_globals)]
impl ResultFormat {
    pub const CSV: Self = Self::Results(QueryResultsFormat::Csv);
    pub const TSV: Self = Self::Results(QueryResultsFormat::Tsv);
    pub const JSON: Self = Self::Results(QueryResultsFormat::Json);
    pub const XML: Self = Self::Results(QueryResultsFormat::Xml);
    pub const TURTLE: Self = Self::Rdf(RdfSyntax::Turtle);
    pub const TRIG: Self = Self::Rdf(RdfSyntax::TriG);
    pub const NTRIPLES: Self = Self::Rdf(RdfSyntax::NTriples);
    pub const NQUADS: Self = Self::Rdf(RdfSyntax::NQuads);
    pub const RDFXML: Self = Self::Rdf(RdfSyntax::RdfXml);
    pub const JSONLD: Self = Self::Rdf(RdfSyntax::JsonLd);
}

const SOLUTION_FORMATS: [&str; 5] = ["table", "csv", "tsv", "json", "xml"];
const GRAPH_FORMATS: [&str; 6] = ["turtle", "trig", "ntriples", "nquads", "rdfxml", "jsonld"];

/// How tables show RDF terms.
#[derive(Debug, Clone, Copy)]
pub struct Display {
    pub lang: Lang,
    /// Show labels for IRIs that have one; otherwise prefixed names.
    pub labels: bool,
    /// Show at most this many rows in a table; the rest are counted, not shown.
    pub max_rows: Option<usize>,
}

/// Writes `results` in `format`, or in the natural default for the kind of result.
pub fn write_results(
    graph: &KnowledgeGraph,
    results: QueryResults<'static>,
    format: Option<ResultFormat>,
    display: Display,
    out: &mut dyn Write,
) -> Result<()> {
    match (results, format) {
        (QueryResults::Solutions(solutions), None | Some(ResultFormat::Table)) => {
            write_table(graph, solutions, display, out)
        }
        (QueryResults::Solutions(solutions), Some(ResultFormat::Results(format))) => {
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                .map_err(Error::Output)?;
            for solution in solutions {
                writer.serialize(&solution?).map_err(Error::Output)?;
            }
            writer.finish().map_err(Error::Output)?;
            Ok(())
        }
        (QueryResults::Boolean(value), None | Some(ResultFormat::Table)) => {
            writeln!(out, "{value}").map_err(Error::Output)
        }
        (QueryResults::Boolean(value), Some(ResultFormat::Results(format))) => {
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(out, value)
                .map_err(Error::Output)?;
            Ok(())
        }
        (QueryResults::Graph(triples), None | Some(ResultFormat::Rdf(_))) => {
            let syntax = match format {
                Some(ResultFormat::Rdf(syntax)) => syntax,
                _ => RdfSyntax::Turtle,
            };
            let triples = triples.collect::<Result<Vec<_>, _>>()?;
            write_triples(triples, syntax, out)
        }
        (QueryResults::Solutions(_), Some(other)) => {
            Err(unsupported(other, "SELECT results", &SOLUTION_FORMATS))
        }
        (QueryResults::Boolean(_), Some(other)) => {
            Err(unsupported(other, "ASK results", &SOLUTION_FORMATS))
        }
        (QueryResults::Graph(_), Some(other)) => Err(unsupported(
            other,
            "CONSTRUCT/DESCRIBE results",
            &GRAPH_FORMATS,
        )),
    }
}

fn unsupported(format: ResultFormat, what: &'static str, expected: &[&'static str]) -> Error {
    Error::UnsupportedFormat {
        format: format.name().to_owned(),
        what,
        expected: expected.to_vec(),
    }
}

fn write_table(
    graph: &KnowledgeGraph,
    solutions: oxigraph::sparql::QuerySolutionIter<'static>,
    display: Display,
    out: &mut dyn Write,
) -> Result<()> {
    let variables = solutions.variables().to_vec();
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(variables.iter().map(|v| v.as_str()));
    let mut rows = 0usize;
    for solution in solutions {
        let solution = solution?;
        rows += 1;
        if display.max_rows.is_some_and(|max| rows > max) {
            continue;
        }
        table.add_row(variables.iter().map(|variable| {
            solution
                .get(variable)
                .map(|term| graph.display_term(term.as_ref(), display.lang, display.labels))
                .unwrap_or_default()
        }));
    }
    writeln!(out, "{table}").map_err(Error::Output)?;
    let plural = if rows == 1 { "" } else { "s" };
    match display.max_rows {
        Some(max) if rows > max => writeln!(
            out,
            "{rows} row{plural}, the first {max} shown; --max-rows N shows more, --format csv all"
        ),
        _ => writeln!(out, "{rows} row{plural}"),
    }
    .map_err(Error::Output)
}
