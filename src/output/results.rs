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
    /// An SVG drawing of the graph (CONSTRUCT, DESCRIBE), laid out as a view's is.
    Drawing,
}

crate::keywords!(ResultFormat, "result format", [
    Table "table": "a table for the terminal (SELECT, ASK)",
    CSV "csv": "SPARQL 1.1 CSV results",
    TSV "tsv": "SPARQL 1.1 TSV results",
    JSON "json": "SPARQL 1.1 JSON results",
    XML "xml": "SPARQL 1.1 XML results",
    Drawing "svg": "an SVG drawing of the graph (CONSTRUCT, DESCRIBE)",
], rdf: Rdf);

#[allow(non_upper_case_globals)]
impl ResultFormat {
    pub const CSV: Self = Self::Results(QueryResultsFormat::Csv);
    pub const TSV: Self = Self::Results(QueryResultsFormat::Tsv);
    pub const JSON: Self = Self::Results(QueryResultsFormat::Json);
    pub const XML: Self = Self::Results(QueryResultsFormat::Xml);
}

const SOLUTION_FORMATS: [&str; 5] = ["table", "csv", "tsv", "json", "xml"];
const GRAPH_FORMATS: [&str; 7] = [
    "turtle", "trig", "ntriples", "nquads", "rdfxml", "jsonld", "svg",
];

/// The form of a query's answer, which decides the formats that can write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// SELECT: solutions.
    Solutions,
    /// ASK: a boolean.
    Boolean,
    /// CONSTRUCT, DESCRIBE: a graph.
    Graph,
}

impl Form {
    pub fn of(results: &QueryResults<'_>) -> Self {
        match results {
            QueryResults::Solutions(_) => Self::Solutions,
            QueryResults::Boolean(_) => Self::Boolean,
            QueryResults::Graph(_) => Self::Graph,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Self::Solutions => "SELECT results",
            Self::Boolean => "ASK results",
            Self::Graph => "CONSTRUCT/DESCRIBE results",
        }
    }
}

/// How the format of an answer is chosen, before the query (and so its form) is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatChoice {
    /// A table for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE.
    #[default]
    Natural,
    /// This format; an error if it cannot write the query's form.
    Fixed(ResultFormat),
    /// One format for solutions and booleans and one for graphs, as HTTP content negotiation
    /// picks them from an Accept header; None where the client accepts no format for that form.
    ByForm {
        solutions: Option<ResultFormat>,
        graph: Option<ResultFormat>,
    },
}

impl From<Option<ResultFormat>> for FormatChoice {
    fn from(format: Option<ResultFormat>) -> Self {
        format.map_or(Self::Natural, Self::Fixed)
    }
}

impl FormatChoice {
    /// The format for an answer of `form` (None: the natural one), or why there is none.
    pub fn resolve(self, form: Form) -> Result<Option<ResultFormat>> {
        match self {
            Self::Natural => Ok(None),
            Self::Fixed(format) => Ok(Some(format)),
            Self::ByForm { solutions, graph } => {
                let chosen = match form {
                    Form::Solutions | Form::Boolean => solutions,
                    Form::Graph => graph,
                };
                chosen.map(Some).ok_or_else(|| Error::NotAcceptable {
                    what: form.what(),
                    offered: ResultFormat::media_types_for(form),
                })
            }
        }
    }
}

impl ResultFormat {
    /// Whether this format can write an answer of `form` (tables write solutions and booleans).
    pub fn writes(self, form: Form) -> bool {
        match self {
            Self::Table | Self::Results(_) => form != Form::Graph,
            Self::Rdf(_) | Self::Drawing => form == Form::Graph,
        }
    }

    /// The media types of the formats that write `form`, tables left out, in the order listed.
    pub fn media_types_for(form: Form) -> Vec<&'static str> {
        let mut types: Vec<&'static str> = Self::choices()
            .iter()
            .map(|choice| choice.value)
            .filter(|format| *format != Self::Table && format.writes(form))
            .map(Self::media_type)
            .collect();
        types.dedup();
        types
    }

    /// The media type of the format (tables and drawings included).
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Table => "text/plain; charset=utf-8",
            Self::Results(format) => format.media_type(),
            Self::Rdf(syntax) => syntax.media_type(),
            Self::Drawing => "image/svg+xml",
        }
    }
}

/// How tables show RDF terms.
#[derive(Debug, Clone, Copy)]
pub struct Display {
    pub lang: Lang,
    /// Show labels for IRIs that have one; otherwise prefixed names.
    pub labels: bool,
    /// Show at most this many rows in a table; the rest are counted, not shown.
    pub max_rows: Option<usize>,
}

/// Writes `results` in `format`, or in the natural default for the kind of result. With a
/// `row_limit`, an answer of more rows (or triples) is refused rather than cut short.
pub fn write_results(
    graph: &KnowledgeGraph,
    results: QueryResults<'static>,
    format: Option<ResultFormat>,
    display: Display,
    row_limit: Option<usize>,
    out: &mut dyn Write,
) -> Result<()> {
    let within = |count: usize| match row_limit {
        Some(limit) if count > limit => Err(Error::TooManyRows { limit }),
        _ => Ok(()),
    };
    match (results, format) {
        (QueryResults::Solutions(solutions), None | Some(ResultFormat::Table)) => {
            write_table(graph, solutions, display, row_limit, out)
        }
        (QueryResults::Solutions(solutions), Some(ResultFormat::Results(format))) => {
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())
                .map_err(Error::Output)?;
            for (count, solution) in solutions.enumerate() {
                within(count + 1)?;
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
            write_triples(collect_triples(triples, row_limit)?, syntax, out)
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

/// The triples of a graph answer, refused past `row_limit`.
pub fn collect_triples(
    triples: oxigraph::sparql::QueryTripleIter<'static>,
    row_limit: Option<usize>,
) -> Result<Vec<oxigraph::model::Triple>> {
    let mut collected = Vec::new();
    for triple in triples {
        if let Some(limit) = row_limit.filter(|&limit| collected.len() >= limit) {
            return Err(Error::TooManyRows { limit });
        }
        collected.push(triple?);
    }
    Ok(collected)
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
    row_limit: Option<usize>,
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
        if let Some(limit) = row_limit.filter(|&limit| rows > limit) {
            return Err(Error::TooManyRows { limit });
        }
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
