//! SPARQL over HTTP, as a client: the SPARQL 1.1 Protocol (queries and updates) and the Graph Store
//! Protocol (replacing a graph), for `--endpoint` and `hkkg push`, and the one HTTP client `SERVICE`
//! calls go through too ([`Http`]).
//!
//! Queries are sent as the text spargebra serialises from the algebra hkkg prepared and bound
//! (`sparql::evaluate`), never as text with values pasted in. Requests are form-encoded POSTs, which
//! every SPARQL 1.1 store accepts (Virtuoso, GraphDB, Stardog, Neptune, QLever, Fuseki, oxigraph).
//! Every call has a time limit covering connecting, sending and reading; an answer larger than
//! [`MAX_ANSWER_BYTES`] is refused. A failure names the endpoint, the HTTP status and the start of
//! what the endpoint answered, and says what to do.
//!
//! Credentials come from the environment only, so that they never appear in a process listing or
//! a shell history: `HKKG_ENDPOINT_USER` and `HKKG_ENDPOINT_PASSWORD` (HTTP basic authentication),
//! or `HKKG_ENDPOINT_TOKEN` (a bearer token).

use crate::error::{Error, Result, Shown};
use base64::Engine as _;
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, Term, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter, Variable,
};
use oxsdatatypes::{Boolean, Decimal, Double, Float, Integer};
use spargebra::algebra::GraphPattern;
use spargebra::{GraphUpdateOperation, Query};
use std::io::{self, Read};
use std::sync::Arc;
use std::time::Duration;

/// How long one HTTP call may take when the session sets no time limit.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read from an endpoint.
pub const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;
/// Redirections followed (an endpoint moved from http to https, for instance).
const MAX_REDIRECTIONS: usize = 3;
/// How much of a refusal's body is quoted in the error.
const EXCERPT_BYTES: u64 = 2000;

/// Whether this build can call `https:` endpoints.
pub const HAS_TLS: bool = cfg!(feature = "tls");

/// The environment variables credentials are read from.
pub const USER_VARIABLE: &str = "HKKG_ENDPOINT_USER";
pub const PASSWORD_VARIABLE: &str = "HKKG_ENDPOINT_PASSWORD";
pub const TOKEN_VARIABLE: &str = "HKKG_ENDPOINT_TOKEN";

/// An HTTP client whose every call ends within its time limit.
pub struct Http {
    client: oxhttp::Client,
    timeout: Duration,
}

/// A successful answer: its media type and its body, bounded by [`MAX_ANSWER_BYTES`].
pub struct Answer {
    pub content_type: String,
    pub body: Bounded<Body>,
}

impl Http {
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

    /// Sends `request`; an answer other than 2xx is an error quoting the start of its body.
    pub fn send(&self, request: Request<Vec<u8>>) -> std::result::Result<Answer, String> {
        check_scheme(&request.uri().to_string())?;
        let response = self.client.request(request).map_err(|e| {
            if e.kind() == io::ErrorKind::TimedOut || e.kind() == io::ErrorKind::WouldBlock {
                format!(
                    "no answer within {} s (--timeout sets the limit)",
                    self.timeout.as_secs_f64()
                )
            } else {
                format!("the request failed: {e}; check the URL and that the server is running")
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
            let _ = body.take(EXCERPT_BYTES).read_to_string(&mut text);
            let advice = match status.as_u16() {
                401 | 403 => format!(
                    "; give credentials in {USER_VARIABLE} and {PASSWORD_VARIABLE}, or {TOKEN_VARIABLE}, and check the account may do this"
                ),
                404 => "; check the endpoint's URL".to_owned(),
                _ => String::new(),
            };
            return Err(format!("answered {status}{advice}: {}", Shown(text.trim())));
        }
        Ok(Answer { content_type, body })
    }
}

/// Only `http:` and `https:` URLs are called: a `file:` or other IRI is refused by name.
pub(crate) fn check_scheme(url: &str) -> std::result::Result<(), String> {
    match url.split(':').next().unwrap_or_default() {
        "http" => Ok(()),
        "https" if HAS_TLS => Ok(()),
        "https" => Err(
            "this hkkg was built without TLS, so it cannot call https: endpoints; build it with `cargo install --path . --features tls` (or call an http: endpoint)"
                .to_owned(),
        ),
        scheme => Err(format!(
            "only http: and https: SPARQL endpoints can be called, not a {scheme}: IRI"
        )),
    }
}

/// How hkkg proves who it is to an endpoint.
#[derive(Clone)]
pub enum Credentials {
    Basic { user: String, password: String },
    Bearer(String),
}

impl std::fmt::Debug for Credentials {
    /// Never shows the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Basic { user, .. } => write!(f, "Basic({user}, …)"),
            Self::Bearer(_) => f.write_str("Bearer(…)"),
        }
    }
}

impl Credentials {
    /// The credentials the environment gives, if any.
    pub fn from_env() -> Result<Option<Self>> {
        let read = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let refuse = |message: String| Error::InvalidParameter {
            name: "endpoint".to_owned(),
            message,
        };
        match (
            read(USER_VARIABLE),
            read(PASSWORD_VARIABLE),
            read(TOKEN_VARIABLE),
        ) {
            (None, None, None) => Ok(None),
            (Some(user), Some(password), None) => Ok(Some(Self::Basic { user, password })),
            (None, None, Some(token)) => Ok(Some(Self::Bearer(token))),
            (_, _, Some(_)) => Err(refuse(format!(
                "{TOKEN_VARIABLE} and {USER_VARIABLE}/{PASSWORD_VARIABLE} are both set: give one kind of credentials"
            ))),
            _ => Err(refuse(format!(
                "{USER_VARIABLE} and {PASSWORD_VARIABLE} go together: set both, or neither"
            ))),
        }
    }

    fn header(&self) -> String {
        match self {
            Self::Basic { user, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
            Self::Bearer(token) => format!("Bearer {token}"),
        }
    }
}

/// Where a remote store answers.
#[derive(Debug, Clone, Default)]
pub struct EndpointOptions {
    /// The SPARQL query endpoint.
    pub query: String,
    /// The SPARQL update endpoint, when it is not the query endpoint.
    pub update: Option<String>,
    /// The Graph Store Protocol endpoint: `hkkg push` then replaces each graph with one PUT.
    pub graph_store: Option<String>,
    /// The time limit of each HTTP call (None: [`DEFAULT_TIMEOUT`]).
    pub timeout: Option<Duration>,
}

/// A SPARQL 1.1 endpoint, with the credentials the environment gave.
pub struct Endpoint {
    options: EndpointOptions,
    credentials: Option<Credentials>,
    http: Http,
}

impl Endpoint {
    /// Checks the URLs and reads the credentials from the environment; calls nothing yet.
    pub fn new(options: EndpointOptions) -> Result<Self> {
        for (name, url) in [
            ("endpoint", Some(&options.query)),
            ("update-endpoint", options.update.as_ref()),
            ("graph-store", options.graph_store.as_ref()),
        ] {
            let Some(url) = url else { continue };
            let valid = check_scheme(url).and_then(|()| {
                url.parse::<oxhttp::model::Uri>()
                    .map(drop)
                    .map_err(|e| e.to_string())
            });
            if let Err(message) = valid {
                return Err(Error::InvalidParameter {
                    name: name.to_owned(),
                    message: format!("'{}' is not a URL hkkg can call: {message}", Shown(url)),
                });
            }
        }
        Ok(Self {
            credentials: Credentials::from_env()?,
            http: Http::new(options.timeout),
            options,
        })
    }

    /// The query endpoint's URL.
    pub fn url(&self) -> &str {
        &self.options.query
    }

    /// Whether `push` replaces graphs with the Graph Store Protocol (else with SPARQL Update).
    pub fn has_graph_store(&self) -> bool {
        self.options.graph_store.is_some()
    }

    fn request(&self, method: Method, url: &str) -> oxhttp::model::request::Builder {
        let builder = Request::builder().method(method).uri(url);
        match &self.credentials {
            Some(credentials) => builder.header(AUTHORIZATION, credentials.header()),
            None => builder,
        }
    }

    fn send(
        &self,
        url: &str,
        request: oxhttp::model::request::Builder,
        body: Vec<u8>,
    ) -> Result<Answer> {
        let fail = |message: String| Error::Endpoint {
            url: url.to_owned(),
            message,
        };
        let request = request
            .body(body)
            .map_err(|e| fail(format!("not a request hkkg can send: {e}")))?;
        self.http.send(request).map_err(fail)
    }

    fn form(name: &str, value: &str) -> Vec<u8> {
        form_urlencoded::Serializer::new(String::new())
            .append_pair(name, value)
            .finish()
            .into_bytes()
    }

    /// Evaluates `query` on the endpoint. Solutions and booleans are read as SPARQL JSON or XML
    /// results, graphs as N-Triples, Turtle or RDF/XML, streamed as they arrive.
    pub fn query(&self, query: &Query) -> Result<QueryResults<'static>> {
        // ASK is sent in its portable form, a SELECT of at most one row: Virtuoso answers ASK
        // with a one-column table of 1 or 0 instead of a boolean.
        if let Query::Ask {
            dataset,
            pattern,
            base_iri,
        } = query
        {
            let probe = Query::Select {
                dataset: dataset.clone(),
                pattern: GraphPattern::Slice {
                    inner: Box::new(pattern.clone()),
                    start: 0,
                    length: Some(1),
                },
                base_iri: base_iri.clone(),
            };
            return match self.query(&probe)? {
                QueryResults::Solutions(mut rows) => {
                    Ok(QueryResults::Boolean(rows.next().transpose()?.is_some()))
                }
                other => Ok(other),
            };
        }
        let url = self.url();
        let graph = matches!(query, Query::Construct { .. } | Query::Describe { .. });
        let accept = if graph {
            "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
        } else {
            "application/sparql-results+json, application/sparql-results+xml;q=0.9"
        };
        let request = self
            .request(Method::POST, url)
            .header(ACCEPT, accept)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        let answer = self.send(url, request, Self::form("query", &query.to_string()))?;
        let fail = |message: String| Error::Endpoint {
            url: url.to_owned(),
            message,
        };
        let media_type = answer.content_type.clone();
        if graph {
            let format = RdfFormat::from_media_type(&media_type).ok_or_else(|| {
                fail(format!(
                    "answered a graph query with {media_type:?}, not N-Triples, Turtle or RDF/XML"
                ))
            })?;
            let url = url.to_owned();
            let triples = RdfParser::from_format(format)
                .for_reader(answer.body)
                .map(move |quad| {
                    quad.map(|quad| {
                        Triple::new(quad.subject, quad.predicate, canonical(quad.object))
                    })
                    .map_err(|e| {
                        QueryEvaluationError::Service(
                            format!("the answer of {url} is not valid RDF: {e}").into(),
                        )
                    })
                });
            return Ok(QueryResults::Graph(QueryTripleIter::new(triples)));
        }
        let format = QueryResultsFormat::from_media_type(&media_type).ok_or_else(|| {
            fail(format!(
                "answered with {media_type:?}, not SPARQL results (JSON or XML)"
            ))
        })?;
        let results = QueryResultsParser::from_format(format)
            .for_reader(answer.body)
            .map_err(|e| fail(format!("its answer is not SPARQL results: {e}")))?;
        Ok(match results {
            ReaderQueryResultsParserOutput::Boolean(answer) => QueryResults::Boolean(answer),
            ReaderQueryResultsParserOutput::Solutions(solutions) => {
                let variables: Arc<[Variable]> = solutions.variables().into();
                let shared = Arc::clone(&variables);
                let rows = solutions.map(move |row| {
                    let row =
                        row.map_err(|e| QueryEvaluationError::Service(e.to_string().into()))?;
                    let values: Vec<Option<Term>> = row
                        .values()
                        .iter()
                        .cloned()
                        .map(|v| v.map(canonical))
                        .collect();
                    Ok((Arc::clone(&shared), values).into())
                });
                QueryResults::Solutions(QuerySolutionIter::new(variables, rows))
            }
        })
    }

    /// Runs update operations, in order and in one request, on the update endpoint (the query
    /// endpoint when none is given).
    pub fn update(&self, operations: &[GraphUpdateOperation]) -> Result<()> {
        let url = self.options.update.as_deref().unwrap_or(self.url());
        let request = self
            .request(Method::POST, url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        let text = operations
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ;\n");
        self.send(url, request, Self::form("update", &text))
            .map(drop)
    }

    /// Sends `triples` to the graph `name` (Graph Store Protocol, as N-Triples): a PUT that
    /// replaces what the graph holds, or with `add` a POST that adds to it.
    pub fn put_graph(&self, name: &NamedNode, triples: &[Triple], add: bool) -> Result<()> {
        let Some(store) = &self.options.graph_store else {
            return Err(Error::InvalidParameter {
                name: "graph-store".to_owned(),
                message: "replacing a graph with a PUT needs --graph-store URL".to_owned(),
            });
        };
        let separator = if store.contains('?') { '&' } else { '?' };
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("graph", name.as_str())
            .finish();
        let url = format!("{store}{separator}{query}");
        let mut body = Vec::new();
        for triple in triples {
            body.extend_from_slice(triple.to_string().as_bytes());
            body.extend_from_slice(b" .\n");
        }
        let method = if add { Method::POST } else { Method::PUT };
        let request = self
            .request(method, &url)
            .header(CONTENT_TYPE, "application/n-triples");
        self.send(store, request, body).map(drop)
    }
}

/// A literal in the canonical form the embedded store gives it, which keeps values, not lexical
/// forms: stores differ in how they write the same value (Virtuoso keeps booleans as integers and
/// writes "1"^^xsd:boolean for true), and answers must not depend on which store gave them.
fn canonical(term: Term) -> Term {
    let Term::Literal(literal) = &term else {
        return term;
    };
    let value = literal.value();
    let canonical = match literal.datatype().as_str().strip_prefix(XSD) {
        Some("boolean") => value.parse::<Boolean>().map(|v| v.to_string()).ok(),
        Some("integer") => value.parse::<Integer>().map(|v| v.to_string()).ok(),
        Some("decimal") => value.parse::<Decimal>().map(|v| v.to_string()).ok(),
        Some("double") => value.parse::<Double>().map(|v| v.to_string()).ok(),
        Some("float") => value.parse::<Float>().map(|v| v.to_string()).ok(),
        _ => None,
    };
    match canonical {
        Some(canonical) if canonical != value => {
            Literal::new_typed_literal(canonical, literal.datatype().into_owned()).into()
        }
        _ => term,
    }
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A reader that fails once more than its limit has been read, so that an endless answer ends
/// with an error saying why instead of filling memory.
pub struct Bounded<R> {
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
