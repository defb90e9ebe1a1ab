//! `query` and `queries`: running a named query, a query file, inline text or standard input with
//! the session's parameters policy and time limit, checking one without running it, and listing the
//! catalogue.

use super::Session;
use crate::error::{Error, Result};
use crate::graph::dump::{self, SvgEngine};
use crate::graph::view;
use crate::output::results::{self, Display, Form, FormatChoice, ResultFormat};
use crate::query::catalog::Catalog;
use crate::query::params::{self, Assignment};
use crate::query::source::QuerySource;
use crate::query::sparql::{self, Dataset};
use crate::rdf::syntax::RdfSyntax;
use oxigraph::sparql::QueryResults;
use spargebra::Query;
use std::io::Write;

/// A query to run and how to show its answer.
#[derive(Debug, Clone)]
pub struct QueryRequest {
    pub source: QuerySource,
    pub params: Vec<Assignment>,
    /// Natural: a table for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE.
    pub format: FormatChoice,
    /// In tables, show labels (in the session's language) rather than prefixed names.
    pub labels: bool,
    /// Show at most this many rows in a table.
    pub max_rows: Option<usize>,
    /// Refuse an answer of more rows (or triples) than this, in any format.
    pub row_limit: Option<usize>,
    /// Run over this dataset instead of the one the query names (the SPARQL Protocol's
    /// default-graph-uri and named-graph-uri).
    pub dataset: Option<Dataset>,
}

/// Runs the query and writes its answer; returns the format written (the natural one resolved).
pub fn query(
    session: &Session,
    request: &QueryRequest,
    out: &mut dyn Write,
) -> Result<ResultFormat> {
    let definition = request
        .source
        .resolve(&session.queries, session.base_iri.as_deref())?;
    let bindings = params::bind(&session.graph, &definition, &request.params, session.lang)?;
    let mut prepared = sparql::prepare(&definition.text, definition.base_iri.as_deref())?;
    if let Some(dataset) = &request.dataset {
        prepared = prepared.with_dataset(dataset);
    }
    let answer = sparql::evaluate(&session.graph, prepared, &bindings, &session.limits)?;
    let display = Display {
        lang: session.lang,
        labels: request.labels,
        max_rows: request.max_rows,
    };
    // Rows are computed as they are written, so the answer's watchdog stays alive until then.
    let (results, _watchdog) = answer.into_parts();
    let format = request.format.resolve(Form::of(&results))?;
    match (results, format) {
        (QueryResults::Graph(triples), Some(ResultFormat::Drawing)) => {
            let triples = results::collect_triples(triples, request.row_limit)?;
            let drawing =
                view::from_triples(&session.graph, &definition.name, triples, &session.limits)?;
            dump::write_svg(&drawing, session.lang, SvgEngine::Auto, out)?;
            Ok(ResultFormat::Drawing)
        }
        (results, format) => {
            let written = format.unwrap_or(match Form::of(&results) {
                Form::Graph => ResultFormat::Rdf(RdfSyntax::Turtle),
                Form::Solutions | Form::Boolean => ResultFormat::Table,
            });
            results::write_results(
                &session.graph,
                results,
                format,
                display,
                request.row_limit,
                out,
            )?;
            Ok(written)
        }
    }
}

/// Checks a query without loading data or running it (`hkkg query --check`): reads it from `source`
/// and parses it as `query` would, with hkkg's prefixes and the base IRI, and says what kind of query
/// it is. A syntax error is the error it would be when run.
pub fn check_query(
    catalog: &Catalog,
    source: &QuerySource,
    base_iri: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let definition = source.resolve(catalog, base_iri)?;
    let prepared = sparql::prepare(&definition.text, definition.base_iri.as_deref())?;
    let form = match prepared.query {
        Query::Select { .. } => "SELECT",
        Query::Construct { .. } => "CONSTRUCT",
        Query::Describe { .. } => "DESCRIBE",
        Query::Ask { .. } => "ASK",
    };
    writeln!(out, "{}: {form} query, syntax correct", definition.origin).map_err(Error::Output)
}

/// How a catalogue is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// Each entry's name, title, description and parameters, for reading.
    Text,
    /// An array of entries with their parameters and query text, for programs (the server's
    /// page offers them as examples).
    Json,
}

crate::keywords!(ListFormat, "list format", [
    Text "text": "name, title, description and parameters of each, for reading",
    Json "json": "an array of entries with their parameters and query text, for programs",
]);

/// The catalogue: each entry's name, title, description and parameters (and text, in JSON).
pub fn list_queries(catalog: &Catalog, format: ListFormat, out: &mut dyn Write) -> Result<()> {
    if format == ListFormat::Json {
        let entries: Vec<serde_json::Value> = catalog
            .entries
            .iter()
            .map(|query| {
                let params: Vec<serde_json::Value> = query
                    .params
                    .iter()
                    .map(|param| {
                        serde_json::json!({
                            "name": param.name,
                            "type": param.kind.to_string(),
                            "default": param.default,
                            "description": param.description,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "name": query.name,
                    "title": query.title,
                    "title_zh": query.title_zh,
                    "description": query.description,
                    "params": params,
                    "text": query.text,
                })
            })
            .collect();
        return serde_json::to_writer_pretty(&mut *out, &entries)
            .map_err(|e| Error::Output(e.into()));
    }
    let mut text = String::new();
    for query in &catalog.entries {
        text.push_str(&format!("{}\n    {}\n", query.name, query.title));
        if !query.description.is_empty() {
            text.push_str(&format!("    {}\n", query.description));
        }
        for param in &query.params {
            let default = param
                .default
                .as_deref()
                .map(|d| format!(" = {d}"))
                .unwrap_or_default();
            text.push_str(&format!(
                "    --param {}=<{}>{default}  {}\n",
                param.name, param.kind, param.description
            ));
        }
    }
    out.write_all(text.as_bytes()).map_err(Error::Output)
}
