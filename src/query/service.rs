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

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Method, Request};
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use std::io::{self, Read};
use std::time::Duration;

/// How long a SERVICE call may take when the session sets no time limit.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read from an endpoint.
pub const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;
/// Redirections followed (an endpoint moved from http to https, for instance).
const MAX_REDIRECTIONS: usize = 3;

/// Whether this build can call `https:` endpoints.
pub const HAS_TLS: bool = cfg!(feature = "tls");

/// Calls SPARQL endpoints over HTTP for `SERVICE`.
pub struct HttpService {
    client: oxhttp::Client,
    timeout: Duration,
}

impl HttpService {
    /// A client whose every call ends within `timeout` (None: [`DEFAULT_TIMEOUT`]).
    pub fn new(timeout: Option<Duration>) -> Self {
        let timeout = timeout.unwrap_or(DEFAULT_TIMEOUT);
        let client = oxhttp::Client::new()
            .with_global_timeout(timeout)
            .with_redirection_limit(MAX_REDIRECTIONS)
            .with_user_agent(concat!("hkkg/", env!("CARGO_PKG_VERSION")))
            .expect("the user agent is a valid header value");
        Self { client, timeout }
    }

    fn call(
        &self,
        endpoint: &NamedNode,
        query: String,
    ) -> Result<QuerySolutionIter<'static>, String> {
        let scheme = endpoint.as_str().split(':').next().unwrap_or_default();
        match scheme {
            "http" => {}
            "https" if HAS_TLS => {}
            "https" => {
                return Err(
                    "this hkkg was built without TLS, so it cannot call https: endpoints; build it with `cargo install --path . --features tls` (or call an http: endpoint)"
                        .to_owned(),
                )
            }
            _ => {
                return Err(format!(
                    "only http: and https: SPARQL endpoints can be called, not a {scheme}: IRI"
                ))
            }
        }
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
        let response = self.client.request(request).map_err(|e| {
            if e.kind() == io::ErrorKind::TimedOut || e.kind() == io::ErrorKind::WouldBlock {
                format!(
                    "no answer within {} s (--timeout sets the limit)",
                    self.timeout.as_secs_f64()
                )
            } else {
                format!("the request failed: {e}")
            }
        })?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = Bounded {
            inner: response.into_body(),
            left: MAX_ANSWER_BYTES,
        };
        if !status.is_success() {
            let mut text = String::new();
            let _ = body.take(2000).read_to_string(&mut text);
            return Err(format!(
                "the endpoint answered {status}: {}",
                crate::error::Shown(text.trim())
            ));
        }
        let format = QueryResultsFormat::from_media_type(&content_type).ok_or_else(|| {
            format!("the endpoint answered with {content_type:?}, not SPARQL results (JSON or XML)")
        })?;
        match QueryResultsParser::from_format(format).for_reader(body) {
            Ok(ReaderQueryResultsParserOutput::Solutions(solutions)) => {
                let variables = solutions.variables().into();
                Ok(QuerySolutionIter::new(
                    variables,
                    solutions.map(|row| row.map_err(|e| service_error(e.to_string()))),
                ))
            }
            Ok(ReaderQueryResultsParserOutput::Boolean(_)) => {
                Err("the endpoint answered a yes/no question, not solutions".to_owned())
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

/// A reader that fails once more than its limit has been read, so that an endless answer ends
/// with an error saying why instead of filling memory.
struct Bounded<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other(format!(
                "the answer is larger than the {} MiB hkkg reads from an endpoint",
                MAX_ANSWER_BYTES >> 20
            )));
        }
        let room = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let read = self.inner.read(&mut buf[..room])?;
        self.left -= read as u64;
        Ok(read)
    }
}
