//! `/queries` and `/views`: the catalogues (JSON for programs, HTML for people), a named query run
//! with its parameters bound exactly as the command line binds them, and a view dumped for Gephi,
//! Cytoscape, Graphviz or NetworkX.

use super::http::{Incoming, Reply};
use super::negotiate::{self, offer, Offer};
use super::sparql::{self, not_acceptable, GRAPH_OFFERS, SOLUTION_OFFERS};
use super::status::HttpError;
use super::{page, State};
use crate::commands::{self, DumpOutput, DumpRequest, ListFormat, QueryRequest, ViewRequest};
use crate::error::Shown;
use crate::graph::dump::{DumpFormat, SvgEngine};
use crate::graph::measures::SortKey;
use crate::keyword::Keyword;
use crate::query::params::Assignment;
use crate::query::source::QuerySource;
use oxhttp::model::header::CONTENT_DISPOSITION;

/// Which catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Queries,
    Views,
}

/// URL parameters that are the server's, not the query's.
const RESERVED: [&str; 3] = ["format", "lang", "table"];

#[derive(Clone, Copy)]
enum Listing {
    Data(ListFormat),
    Html,
}

const LISTING_OFFERS: [Offer<Listing>; 3] = [
    offer("application/json", Listing::Data(ListFormat::Json)),
    offer("text/html", Listing::Html),
    offer("text/plain", Listing::Data(ListFormat::Text)),
];

pub fn list(state: &State, incoming: &Incoming, kind: Kind) -> Result<Reply, HttpError> {
    let params = incoming.params();
    let lang = incoming.lang(&params)?;
    let current = state.session(lang);
    let session = &*current;
    let catalog = match kind {
        Kind::Queries => &session.queries,
        Kind::Views => &session.views,
    };
    let listing = negotiate::choose(incoming.accept(), &LISTING_OFFERS)?
        .ok_or_else(|| not_acceptable("a catalogue", &LISTING_OFFERS))?;
    let reply = match listing {
        Listing::Html => page::html(page::catalog(catalog, kind, lang)),
        Listing::Data(format) => {
            let mut body = Vec::new();
            commands::list_queries(catalog, format, &mut body)
                .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
            let media_type = match format {
                ListFormat::Json => "application/json",
                ListFormat::Text => "text/plain; charset=utf-8",
            };
            Reply::ok(media_type, body)
        }
    };
    Ok(reply.negotiated())
}

/// The parameters of the URL that are the query's, as assignments.
fn assignments(incoming: &Incoming) -> Vec<Assignment> {
    incoming
        .params()
        .except(&RESERVED)
        .map(|(name, value)| Assignment {
            name: name.to_owned(),
            value: value.to_owned(),
        })
        .collect()
}

/// `/queries/NAME?param=value…`: the named query with its parameters bound; a browser is sent to
/// the page with the query opened.
pub fn run_query(state: &State, incoming: &Incoming, name: &str) -> Result<Reply, HttpError> {
    let params = incoming.params();
    let named_format = params.single("format")?;
    if named_format.is_none() && prefers_html(incoming)? {
        let mut location = format!("/?name={}", encode(name));
        for (key, value) in params.except(&["format"]) {
            location.push_str(&format!("&{}={}", encode(key), encode(value)));
        }
        return Ok(Reply::see_other(&location).negotiated());
    }
    let request = QueryRequest {
        source: QuerySource::Named(name.to_owned()),
        params: assignments(incoming),
        format: sparql::formats(incoming, named_format)?,
        labels: true,
        max_rows: None,
        row_limit: None,
        dataset: None,
        strict: false,
    };
    sparql::answer(state, incoming, &params, request)
}

/// Whether the client would rather have a page than any result format (a browser following a
/// link), by the weights of its Accept header.
fn prefers_html(incoming: &Incoming) -> Result<bool, HttpError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Wanted {
        Results,
        Page,
    }
    let mut offers: Vec<Offer<Wanted>> = SOLUTION_OFFERS
        .iter()
        .map(|o| o.media_type)
        .chain(GRAPH_OFFERS.iter().map(|o| o.media_type))
        .map(|media_type| offer(media_type, Wanted::Results))
        .collect();
    // Last, so that */* means results.
    offers.push(offer("text/html", Wanted::Page));
    Ok(negotiate::choose(incoming.accept(), &offers)? == Some(Wanted::Page))
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `/views/NAME.FORMAT?param=value…`; CSV is the edge table, or the node table with
/// `table=nodes`.
pub fn dump_view(state: &State, incoming: &Incoming, file: &str) -> Result<Reply, HttpError> {
    let formats = || {
        DumpFormat::CHOICES
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((name, extension)) = file.rsplit_once('.') else {
        return Err(HttpError::new(
            oxhttp::model::StatusCode::NOT_FOUND,
            format!(
                "a view is dumped at /views/NAME.FORMAT, FORMAT one of {}; /views lists the views",
                formats()
            ),
        ));
    };
    let format = DumpFormat::parse_name(extension).map_err(|_| {
        HttpError::new(
            oxhttp::model::StatusCode::NOT_FOUND,
            format!(
                "no dump format '{}'; use one of {}",
                Shown(extension),
                formats()
            ),
        )
    })?;
    let params = incoming.params();
    let current = state.session(incoming.lang(&params)?);
    let session = &*current;
    let request = DumpRequest {
        view: ViewRequest {
            source: QuerySource::Named(name.to_owned()),
            params: assignments(incoming),
        },
        format,
        engine: SvgEngine::Auto,
        with_measures: false,
        top: None,
        by: SortKey::Pagerank,
    };
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    let output = if format == DumpFormat::Csv {
        DumpOutput::Tables {
            nodes: &mut nodes,
            edges: &mut edges,
        }
    } else {
        DumpOutput::Stream(&mut edges)
    };
    commands::dump_view(session, &request, output)
        .map_err(|e| HttpError::from_error(e, state.options.limits.timeout))?;
    let (body, suffix) = match params.single("table")? {
        Some("nodes") if format == DumpFormat::Csv => (nodes, "-nodes"),
        None | Some("edges") => (
            edges,
            if format == DumpFormat::Csv {
                "-edges"
            } else {
                ""
            },
        ),
        Some(other) => {
            return Err(HttpError::bad_request(format!(
                "parameter 'table': '{}' is not a table of the CSV dump; use nodes or edges",
                Shown(other)
            )))
        }
    };
    Ok(Reply::ok(format.media_type(), body).with_header(
        CONTENT_DISPOSITION,
        &format!("inline; filename=\"{name}{suffix}.{}\"", format.name()),
    ))
}
