//! Writing query results: a readable table for people (labels in the chosen language, prefixed
//! names otherwise), the W3C result formats (CSV, TSV, JSON, XML) for programs, and RDF for the
//! graphs that CONSTRUCT and DESCRIBE return.

use crate::error::{Error, Result};
use crate::output::export::{write_triples, RdfOutputFormat};
use crate::store::{KnowledgeGraph, Lang};
use comfy_table::{presets, ContentArrangement, Table};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table for the terminal (SELECT, ASK).
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    /// RDF formats, for CONSTRUCT and DESCRIBE.
    Turtle,
    Trig,
    Ntriples,
    Nquads,
    Rdfxml,
    Jsonld,
}

const SOLUTION_FORMATS: [&str; 5] = ["table", "csv", "tsv", "json", "xml"];
const GRAPH_FORMATS: [&str; 6] = ["turtle", "trig", "ntriples", "nquads", "rdfxml", "jsonld"];

impl OutputFormat {
    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn rdf_format(self) -> Option<RdfOutputFormat> {
        match self {
            Self::Turtle => Some(RdfOutputFormat::Turtle),
            Self::Trig => Some(RdfOutputFormat::Trig),
            Self::Ntriples => Some(RdfOutputFormat::Ntriples),
            Self::Nquads => Some(RdfOutputFormat::Nquads),
            Self::Rdfxml => Some(RdfOutputFormat::Rdfxml),
            Self::Jsonld => Some(RdfOutputFormat::Jsonld),
            _ => None,
        }
    }

    fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

/// How tables show RDF terms.
#[derive(Debug, Clone, Copy)]
pub struct Display {
    pub lang: Lang,
    /// Show labels for IRIs that have one; otherwise prefixed names.
    pub labels: bool,
}

/// Writes `results` in `format`, or in the natural default for the kind of result.
pub fn write_results(
    graph: &KnowledgeGraph,
    results: QueryResults<'static>,
    format: Option<OutputFormat>,
    display: Display,
    out: &mut dyn Write,
) -> Result<()> {
    match results {
        QueryResults::Solutions(solutions) => {
            let format = format.unwrap_or(OutputFormat::Table);
            if format == OutputFormat::Table {
                return write_table(graph, solutions, display, out);
            }
            let results_format = format
                .results_format()
                .ok_or_else(|| unsupported(format, "SELECT results", &SOLUTION_FORMATS))?;
            let mut writer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                .map_err(Error::Output)?;
            for solution in solutions {
                writer.serialize(&solution?).map_err(Error::Output)?;
            }
            writer.finish().map_err(Error::Output)?;
            Ok(())
        }
        QueryResults::Boolean(value) => match format.unwrap_or(OutputFormat::Table) {
            OutputFormat::Table => writeln!(out, "{value}").map_err(Error::Output),
            other => {
                let results_format = other
                    .results_format()
                    .ok_or_else(|| unsupported(other, "ASK results", &SOLUTION_FORMATS))?;
                QueryResultsSerializer::from_format(results_format)
                    .serialize_boolean_to_writer(out, value)
                    .map_err(Error::Output)?;
                Ok(())
            }
        },
        QueryResults::Graph(triples) => {
            let format = format.unwrap_or(OutputFormat::Turtle);
            let rdf_format = format
                .rdf_format()
                .ok_or_else(|| unsupported(format, "CONSTRUCT/DESCRIBE results", &GRAPH_FORMATS))?;
            let triples = triples.collect::<Result<Vec<_>, _>>()?;
            write_triples(triples, rdf_format, out)
        }
    }
}

fn unsupported(format: OutputFormat, what: &'static str, expected: &[&'static str]) -> Error {
    Error::UnsupportedFormat {
        format: format.name(),
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
        table.add_row(variables.iter().map(|variable| {
            solution
                .get(variable)
                .map(|term| graph.display_term(term.as_ref(), display.lang, display.labels))
                .unwrap_or_default()
        }));
        rows += 1;
    }
    writeln!(out, "{table}").map_err(Error::Output)?;
    writeln!(out, "{rows} row{}", if rows == 1 { "" } else { "s" }).map_err(Error::Output)
}
