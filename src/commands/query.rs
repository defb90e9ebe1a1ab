//! `query` and `queries`: running a named query, a query file, inline text or standard input with
//! the session's parameters policy and time limit, checking one without running it, and listing the
//! catalogue.

use super::Session;
use crate::error::{Error, Result};
use crate::output::results::{self, Display, ResultFormat};
use crate::query::catalog::Catalog;
use crate::query::params::{self, Assignment};
use crate::query::source::QuerySource;
use crate::query::sparql::{self, Answer};
use spargebra::Query;
use std::io::Write;

/// A query to run and how to show its answer.
#[derive(Debug, Clone)]
pub struct QueryRequest {
    pub source: QuerySource,
    pub params: Vec<Assignment>,
    /// None: a table for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE.
    pub format: Option<ResultFormat>,
    /// In tables, show labels (in the session's language) rather than prefixed names.
    pub labels: bool,
    /// Show at most this many rows in a table.
    pub max_rows: Option<usize>,
}

pub fn query(session: &Session, request: &QueryRequest, out: &mut dyn Write) -> Result<()> {
    let answer = evaluate(session, &request.source, &request.params)?;
    let display = Display {
        lang: session.lang,
        labels: request.labels,
        max_rows: request.max_rows,
    };
    // Rows are computed as they are written, so the answer's watchdog stays alive until then.
    let (results, _watchdog) = answer.into_parts();
    results::write_results(&session.graph, results, request.format, display, out)
}

/// The query of `source` resolved, its parameters bound by the one policy, and its evaluation
/// started under the session's time limit: what [`query`] writes, for a front end that shapes the
/// answer itself (the MCP server). Rows are computed as they are read.
pub fn evaluate(session: &Session, source: &QuerySource, given: &[Assignment]) -> Result<Answer> {
    let definition = source.resolve(&session.queries, session.base_iri.as_deref())?;
    let bindings = params::bind(&session.graph, &definition, given, session.lang)?;
    let prepared = sparql::prepare(&definition.text, definition.base_iri.as_deref())?;
    sparql::evaluate(&session.graph, prepared, &bindings, &session.limits)
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

/// The catalogue as text: each entry's name, title, description and parameters.
pub fn list_queries(catalog: &Catalog, out: &mut dyn Write) -> Result<()> {
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
