//! Linked data and provenance: `/resource/NAME` answers for the entity `hkr:NAME` — an HTML page
//! for a browser (both labels, every fact with its passage quoted, links to the related entities,
//! the ego network drawn) or RDF for a client, by content negotiation, as DBpedia and Wikidata do;
//! `/cite/ENTITY` gives the provenance of any entity (IRI, prefixed name or label); `/labels`
//! gives labels for the page's tables.

use super::http::{Incoming, Reply};
use super::negotiate::{self, offer, Offer};
use super::sparql::{not_acceptable, RDF_OFFERS};
use super::status::HttpError;
use super::{page, State};
use crate::commands::{self, DumpOutput, NeighboursRequest, ViewRequest};
use crate::error::{Error, Shown};
use crate::graph::dump::DumpFormat;
use crate::keyword::Keyword;
use crate::output::cite::CiteFormat;
use crate::query::source::QuerySource;
use crate::rdf::namespaces::HKR;
use crate::rdf::syntax::RdfSyntax;
use oxhttp::model::header::LINK;
use oxhttp::model::StatusCode;

/// The view an entity page draws the neighbourhood from, and how far.
const EGO_VIEW: &str = "entities";
const EGO_DEPTH: usize = 1;
/// Most IRIs one `/labels` request may ask for.
const MAX_LABELS: usize = 5000;

/// The RDF representations a Link header announces.
const ALTERNATES: [RdfSyntax; 2] = [RdfSyntax::Turtle, RdfSyntax::JsonLd];

fn cite_offers(first: Option<Offer<CiteFormat>>) -> Vec<Offer<CiteFormat>> {
    first
        .into_iter()
        .chain(
            RDF_OFFERS
                .iter()
                .map(|o| offer(o.media_type, CiteFormat::Rdf(o.value))),
        )
        .collect()
}

/// `/cite/ENTITY`: JSON by default, text for reading, or the facts as RDF.
pub fn cite(state: &State, incoming: &Incoming, entity: &str) -> Result<Reply, HttpError> {
    let params = incoming.params();
    let current = state.session(incoming.lang(&params)?);
    let session = &*current;
    let mut offers = cite_offers(Some(offer("application/json", CiteFormat::Json)));
    offers.push(offer("text/plain", CiteFormat::Text));
    let format = chosen(incoming, params.single("format")?, &offers)?;
    let mut body = Vec::new();
    commands::cite(session, entity, format, &mut body)
        .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
    Ok(Reply::ok(media_type(format), body).negotiated())
}

fn media_type(format: CiteFormat) -> &'static str {
    match format {
        CiteFormat::Text => "text/plain; charset=utf-8",
        CiteFormat::Json => "application/json",
        CiteFormat::Rdf(syntax) => syntax.media_type(),
    }
}

/// The format named by `format=`, else the one the Accept header prefers.
fn chosen<T: Keyword>(
    incoming: &Incoming,
    named: Option<&str>,
    offers: &[Offer<T>],
) -> Result<T, HttpError> {
    if let Some(name) = named {
        return T::parse_name(name)
            .map_err(|e| HttpError::bad_request(format!("parameter 'format': {e}")));
    }
    negotiate::choose(incoming.accept(), offers)?
        .ok_or_else(|| not_acceptable("this resource", offers))
}

/// What `/resource/NAME` answers in: a page, or RDF (`format=` names one of the cite formats).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Representation {
    Page,
    Facts(CiteFormat),
}

pub fn resource(state: &State, incoming: &Incoming, name: &str) -> Result<Reply, HttpError> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    {
        return Err(HttpError::new(
            StatusCode::NOT_FOUND,
            format!(
                "'{}' is not the name of an hkr: entity (letters, digits, - . _ ~); /cite/ENTITY finds entities by label",
                Shown(name)
            ),
        ));
    }
    let iri = format!("<{HKR}{name}>");
    let params = incoming.params();
    let lang = incoming.lang(&params)?;
    let current = state.session(lang);
    let session = &*current;
    let mut offers = vec![offer("text/html", Representation::Page)];
    offers.extend(
        cite_offers(None)
            .into_iter()
            .map(|o| offer(o.media_type, Representation::Facts(o.value))),
    );
    let wanted = match params.single("format")? {
        Some("html") => Representation::Page,
        Some(other) => Representation::Facts(chosen::<CiteFormat>(incoming, Some(other), &[])?),
        None => negotiate::choose(incoming.accept(), &offers)?
            .ok_or_else(|| not_acceptable("this resource", &offers))?,
    };
    let failed = |e: Error| HttpError::from_error(e, state.options.limits.timeout);
    let alternates = ALTERNATES
        .iter()
        .map(|syntax| {
            format!(
                "</resource/{name}?format={}>; rel=\"alternate\"; type=\"{}\"",
                CiteFormat::Rdf(*syntax).name(),
                syntax.media_type()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let reply = match wanted {
        Representation::Facts(format) => {
            let mut body = Vec::new();
            commands::cite(session, &iri, format, &mut body).map_err(failed)?;
            Reply::ok(media_type(format), body)
        }
        Representation::Page => {
            let cited = commands::cited(session, &iri).map_err(failed)?;
            let ego = ego_network(session, &iri).map_err(failed)?;
            page::html(page::resource(session, &cited, ego.as_deref(), lang))
        }
    };
    Ok(reply.negotiated().with_header(LINK, &alternates))
}

/// The entity's neighbours in the entities view, drawn; None when the view does not hold it (a
/// class, a passage).
fn ego_network(session: &commands::Session, iri: &str) -> crate::Result<Option<String>> {
    let request = NeighboursRequest {
        view: ViewRequest {
            source: QuerySource::Named(EGO_VIEW.to_owned()),
            params: Vec::new(),
        },
        entity: iri.to_owned(),
        depth: EGO_DEPTH,
        format: Some(DumpFormat::Svg),
    };
    let mut svg = Vec::new();
    match commands::neighbours(session, &request, DumpOutput::Stream(&mut svg)) {
        Ok(()) => Ok(Some(String::from_utf8_lossy(&svg).into_owned())),
        Err(Error::NotInView { .. } | Error::UnknownView { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// `POST /labels` with a JSON array of IRIs: their labels in both languages.
pub fn labels(state: &State, incoming: &Incoming) -> Result<Reply, HttpError> {
    if incoming.content_type().as_deref() != Some("application/json") {
        return Err(HttpError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "POST a JSON array of IRIs as application/json",
        ));
    }
    let iris: Vec<String> = serde_json::from_slice(&incoming.body).map_err(|e| {
        HttpError::bad_request(format!("the body is not a JSON array of IRI strings: {e}"))
    })?;
    if iris.len() > MAX_LABELS {
        return Err(HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_LABELS} IRIs per request"),
        ));
    }
    let mut body = Vec::new();
    commands::labels(&state.session(crate::Lang::En), &iris, &mut body)
        .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
    Ok(Reply::ok("application/json", body))
}
