//! SPARQL 1.1 Federated Query: `SERVICE <endpoint> { … }` sends the inner pattern to an HTTP SPARQL
//! endpoint (a POST of `application/sparql-query`, answers in SPARQL JSON or XML) and joins what
//! comes back, through oxigraph's evaluator and oxigraph's own HTTP client (oxhttp).
//!
//! Every call has a time limit — the session's `--timeout`, else [`DEFAULT_TIMEOUT`] — covering
//! connecting, sending and reading, so an endpoint that never answers cannot hang a command or a
//! server worker; an answer larger than [`MAX_ANSWER_BYTES`] is refused rather than held. Only
//! `http:` and `https:` endpoints are called: a `file:` or other IRI is refused by name, so a query
//! cannot make hkkg read local files. `https:` needs TLS, which this build has only with the `tls`
//! feature (rustls with the Mozilla root certificates; see the README's *Federation*).
//! `SERVICE SILENT` turns any of these failures into "no solutions from there", as the standard says.

use super::remote::{check_scheme, Http};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Method, Request};
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use std::time::Duration;

pub use super::remote::{DEFAULT_TIMEOUT, HAS_TLS, MAX_ANSWER_BYTES};

/// Calls SPARQL endpoints over HTTP for `SERVICE`.
pub struct HttpService {
    http: Http,
}

impl HttpService {
    /// A client whose every call ends within `timeout` (None: [`DEFAULT_TIMEOUT`]).
    pub fn new(timeout: Option<Duration>) -> Self {
        Self {
            http: Http::new(timeout),
        }
    }

    fn call(
        &self,
        endpoint: &NamedNode,
        query: String,
    ) -> Result<QuerySolutionIter<'static>, String> {
        // Before building the request, which fails on a file: IRI less clearly.
        check_scheme(endpoint.as_str())?;
        let request = Request::builder()
            .method(Method::POST)
            .uri(endpoint.as_str())
            .header(
                ACCEPT,
                "application/sparql-results+json, application/sparql-results+xml;q=0.9",
            )
            .header(CONTENT_TYPE, "application/sparql-query; charset=utf-8")
            .body(query.into_bytes())
            .map_err(|e| format!("not a URL hkkg can call: {e}"))?;
        let answer = self.http.send(request)?;
        let content_type = answer.content_type;
        let format = QueryResultsFormat::from_media_type(&content_type).ok_or_else(|| {
            format!("answered with {content_type:?}, not SPARQL results (JSON or XML)")
        })?;
        match QueryResultsParser::from_format(format).for_reader(answer.body) {
            Ok(ReaderQueryResultsParserOutput::Solutions(solutions)) => {
                let variables = solutions.variables().into();
                Ok(QuerySolutionIter::new(
                    variables,
                    solutions.map(|row| row.map_err(|e| service_error(e.to_string()))),
                ))
            }
            Ok(ReaderQueryResultsParserOutput::Boolean(_)) => {
                Err("answered a yes/no question, not solutions".to_owned())
            }
            Err(e) => Err(format!("its answer is not SPARQL results: {e}")),
        }
    }
}

impl DefaultServiceHandler for HttpService {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        };
        self.call(service_name, query.to_string())
            .map_err(|message| service_error(format!("SERVICE <{service_name}>: {message}")))
    }
}

fn service_error(message: String) -> QueryEvaluationError {
    QueryEvaluationError::Service(message.into())
}
