//! The SPARQL 1.1 Protocol at `/sparql` (queries by GET, by POST as a form or as
//! `application/sparql-query`; `default-graph-uri` and `named-graph-uri`; results negotiated by
//! `Accept`; a service description when no query is given) and the Graph Store Protocol at
//! `/store` (reading; writes go through [`super::update`]).

use super::http::{Incoming, Params, Reply};
use super::negotiate::{self, offer, Offer};
use super::status::HttpError;
use super::{update, State};
use crate::commands::{self, GraphTarget, QueryRequest};
use crate::error::Shown;
use crate::output::export::DefaultGraph;
use crate::output::results::{FormatChoice, ResultFormat};
use crate::query::source::QuerySource;
use crate::query::sparql::Dataset;
use crate::rdf::syntax::RdfSyntax;
use oxhttp::model::header::HOST;
use oxhttp::model::HeaderName;
use oxhttp::model::{Method, StatusCode};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, NamedNode, Triple};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

/// What SELECT and ASK answers are offered in, the standard media type of each first.
pub const SOLUTION_OFFERS: [Offer<ResultFormat>; 7] = [
    offer("application/sparql-results+json", ResultFormat::JSON),
    offer("application/sparql-results+xml", ResultFormat::XML),
    offer("text/csv", ResultFormat::CSV),
    offer("text/tab-separated-values", ResultFormat::TSV),
    offer("application/json", ResultFormat::JSON),
    offer("application/xml", ResultFormat::XML),
    offer("text/xml", ResultFormat::XML),
];

/// What CONSTRUCT and DESCRIBE answers are offered in.
pub const GRAPH_OFFERS: [Offer<ResultFormat>; 8] = [
    offer("text/turtle", ResultFormat::Rdf(RdfSyntax::Turtle)),
    offer(
        "application/n-triples",
        ResultFormat::Rdf(RdfSyntax::NTriples),
    ),
    offer("application/n-quads", ResultFormat::Rdf(RdfSyntax::NQuads)),
    offer("application/trig", ResultFormat::Rdf(RdfSyntax::TriG)),
    offer("application/rdf+xml", ResultFormat::Rdf(RdfSyntax::RdfXml)),
    offer("application/ld+json", ResultFormat::Rdf(RdfSyntax::JsonLd)),
    offer("image/svg+xml", ResultFormat::Drawing),
    offer("application/xml", ResultFormat::Rdf(RdfSyntax::RdfXml)),
];

/// RDF documents (graphs, the dataset, service descriptions), Turtle first.
pub const RDF_OFFERS: [Offer<RdfSyntax>; 7] = [
    offer("text/turtle", RdfSyntax::Turtle),
    offer("application/trig", RdfSyntax::TriG),
    offer("application/n-triples", RdfSyntax::NTriples),
    offer("application/n-quads", RdfSyntax::NQuads),
    offer("application/rdf+xml", RdfSyntax::RdfXml),
    offer("application/ld+json", RdfSyntax::JsonLd),
    offer("application/xml", RdfSyntax::RdfXml),
];

/// The formats the Accept header chooses for each form of answer, or the `format` a caller named.
pub fn formats(incoming: &Incoming, named: Option<&str>) -> Result<FormatChoice, HttpError> {
    if let Some(name) = named {
        return <ResultFormat as crate::keyword::Keyword>::parse_name(name)
            .map(FormatChoice::Fixed)
            .map_err(|e| HttpError::bad_request(format!("parameter 'format': {e}")));
    }
    Ok(FormatChoice::ByForm {
        solutions: negotiate::choose(incoming.accept(), &SOLUTION_OFFERS)?,
        graph: negotiate::choose(incoming.accept(), &GRAPH_OFFERS)?,
    })
}

/// Runs a query request and answers with what it wrote, in the format's media type.
pub fn answer(
    state: &State,
    incoming: &Incoming,
    params: &Params,
    mut request: QueryRequest,
) -> Result<Reply, HttpError> {
    let current = state.session(incoming.lang(params)?);
    let session = &*current;
    request.row_limit = Some(state.options.limits.max_rows);
    let mut body = Vec::new();
    let outcome = commands::query(session, &request, &mut body)
        .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
    let mut reply = Reply::ok(outcome.format.media_type(), body).negotiated();
    // Advice on the query (a misspelt term, a comparison that never holds) rides beside the
    // answer, one header each, percent-encoded UTF-8 (a header holds ASCII only).
    for advice in &outcome.advice {
        let text = advice.to_string();
        reply = reply.with_header(
            HeaderName::from_static(ADVICE_HEADER),
            &utf8_percent_encode(&text, NON_ALPHANUMERIC).to_string(),
        );
    }
    Ok(reply)
}

/// The response header that carries query advice.
pub const ADVICE_HEADER: &str = "hkkg-advice";

pub fn endpoint(state: &State, incoming: &Incoming) -> Result<Reply, HttpError> {
    let url = incoming.params();
    let (params, body_query, body_update) = match incoming.method {
        Method::POST => match incoming.content_type().as_deref() {
            Some("application/x-www-form-urlencoded") => {
                (url.merged(Params::parse(&incoming.body))?, None, None)
            }
            Some("application/sparql-query") => (url, Some(body_text(incoming)?), None),
            Some("application/sparql-update") => (url, None, Some(body_text(incoming)?)),
            other => {
                return Err(HttpError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "{}; POST a query as application/sparql-query, an update as application/sparql-update, or either as an application/x-www-form-urlencoded form (query= or update=)",
                        other.map_or_else(
                            || "the request has no Content-Type".to_owned(),
                            |t| format!("the body is {}", Shown(t))
                        )
                    ),
                ))
            }
        },
        _ => (url, None, None),
    };
    let from_body_or_params = |text: Option<String>, name: &str| match text {
        Some(_) if params.has(name) => Err(HttpError::bad_request(format!(
            "the {name} is given both in the body and as the parameter '{name}'; give it once"
        ))),
        Some(text) => Ok(Some(text)),
        None => Ok(params.single(name)?.map(str::to_owned)),
    };
    let query = from_body_or_params(body_query, "query")?;
    let sparql_update = from_body_or_params(body_update, "update")?;
    match (query, sparql_update) {
        (Some(_), Some(_)) => Err(HttpError::bad_request(
            "the request has both a query and an update; send one operation per request",
        )),
        (Some(text), None) => {
            let request = QueryRequest {
                source: QuerySource::Inline(text),
                params: Vec::new(),
                format: formats(incoming, None)?,
                labels: true,
                max_rows: None,
                row_limit: None,
                dataset: dataset(&params)?,
                strict: false,
            };
            answer(state, incoming, &params, request)
        }
        (None, Some(_)) if incoming.method != Method::POST => Err(HttpError::bad_request(
            "a SPARQL Update must be POSTed (application/sparql-update, or a form with update=)",
        )),
        (None, Some(text)) => update::sparql_update(state, incoming, &params, &text),
        (None, None) if incoming.method == Method::POST => Err(HttpError::bad_request(
            "the form has neither query= nor update=; send the SPARQL text in one of them",
        )),
        (None, None) => service_description(state, incoming),
    }
}

fn body_text(incoming: &Incoming) -> Result<String, HttpError> {
    String::from_utf8(incoming.body.clone()).map_err(|e| {
        HttpError::bad_request(format!(
            "the body is not UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The dataset named by `default-graph-uri` and `named-graph-uri`, if any is.
fn dataset(params: &Params) -> Result<Option<Dataset>, HttpError> {
    let default = iris(params, "default-graph-uri")?;
    let named = iris(params, "named-graph-uri")?;
    Ok((!default.is_empty() || !named.is_empty()).then_some(Dataset { default, named }))
}

/// The graph IRIs given as the repeatable parameter `name`.
pub fn iris(params: &Params, name: &str) -> Result<Vec<NamedNode>, HttpError> {
    params
        .all(name)
        .map(|iri| iri_parameter(name, iri))
        .collect()
}

fn iri_parameter(name: &str, iri: &str) -> Result<NamedNode, HttpError> {
    NamedNode::new(iri).map_err(|e| {
        HttpError::bad_request(format!(
            "parameter '{name}': '{}' is not an absolute IRI: {e}",
            Shown(iri)
        ))
    })
}

/// The graph a Graph Store request names: `graph=IRI`, `default`, or (`None`) neither.
pub fn graph_target(params: &Params) -> Result<Option<GraphTarget>, HttpError> {
    match (params.single("graph")?, params.has("default")) {
        (Some(_), true) => Err(HttpError::bad_request(
            "give either graph=IRI or default, not both",
        )),
        (Some(iri), false) => Ok(Some(GraphTarget::Named(iri_parameter("graph", iri)?))),
        (None, true) => Ok(Some(GraphTarget::Default)),
        (None, false) => Ok(None),
    }
}

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

/// The SPARQL 1.1 Service Description of the endpoint; a browser is sent to the page instead.
fn service_description(state: &State, incoming: &Incoming) -> Result<Reply, HttpError> {
    #[derive(Clone, Copy)]
    enum Wanted {
        Page,
        Rdf(RdfSyntax),
    }
    let mut offers: Vec<Offer<Wanted>> = RDF_OFFERS
        .iter()
        .map(|o| offer(o.media_type, Wanted::Rdf(o.value)))
        .collect();
    offers.push(offer("text/html", Wanted::Page));
    let syntax = match negotiate::choose(incoming.accept(), &offers)? {
        Some(Wanted::Rdf(syntax)) => syntax,
        Some(Wanted::Page) => return Ok(Reply::see_other("/").negotiated()),
        None => return Err(not_acceptable("the service description", &RDF_OFFERS)),
    };
    let host = incoming.header(HOST).unwrap_or("localhost");
    let endpoint = NamedNode::new(format!("http://{host}/sparql"))
        .map_err(|_| HttpError::bad_request("the Host header is not a valid host name"))?;
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let service = BlankNode::default();
    let dataset = BlankNode::default();
    let mut triples = vec![
        Triple::new(service.clone(), rdf::TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint),
        Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        // The default graph is the merge of every graph (see `store`).
        Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
        Triple::new(service.clone(), sd("defaultDataset"), dataset.clone()),
        Triple::new(dataset, rdf::TYPE, sd("Dataset")),
    ];
    if state.options.update_token.is_some() {
        triples.push(Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Update"),
        ));
    }
    for format in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
        "N-Quads",
        "TriG",
    ] {
        triples.push(Triple::new(
            service.clone(),
            sd("resultFormat"),
            NamedNode::new_unchecked(format!("http://www.w3.org/ns/formats/{format}")),
        ));
    }
    let mut body = Vec::new();
    crate::output::export::write_triples(triples, syntax, &mut body)
        .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
    Ok(Reply::ok(syntax.media_type(), body).negotiated())
}

pub fn not_acceptable<T>(what: &str, offers: &[Offer<T>]) -> HttpError {
    HttpError::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the formats the client accepts can write {what}; accept one of: {}",
            negotiate::listed(offers)
        ),
    )
}

/// The Graph Store Protocol: GET and HEAD read a graph (`?graph=IRI`, `?default`) or, with
/// neither, the whole dataset; PUT, POST and DELETE write.
pub fn graph_store(state: &State, incoming: &Incoming) -> Result<Reply, HttpError> {
    if !matches!(incoming.method, Method::GET | Method::HEAD) {
        return update::graph_write(state, incoming);
    }
    let params = incoming.params();
    let target = graph_target(&params)?;
    let current = state.session(incoming.lang(&params)?);
    let session = &*current;
    let mut body = Vec::new();
    let syntax = match &target {
        Some(target) => {
            let syntax = negotiate::choose(incoming.accept(), &RDF_OFFERS)?
                .ok_or_else(|| not_acceptable("a graph", &RDF_OFFERS))?;
            commands::export_graph(session, target, syntax, &mut body)
                .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
            syntax
        }
        None => {
            // The whole dataset: TriG first, so that the passage graphs come along by default.
            let mut offers = RDF_OFFERS;
            offers.swap(0, 1);
            let syntax = negotiate::choose(incoming.accept(), &offers)?
                .ok_or_else(|| not_acceptable("the dataset", &offers))?;
            commands::export(session, syntax, DefaultGraph::Merged, &mut body)
                .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
            syntax
        }
    };
    Ok(Reply::ok(syntax.media_type(), body).negotiated())
}
