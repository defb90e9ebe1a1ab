//! From an HTTP request to an answer: reading the request within the limits, deciding what it asks
//! for, answering static files on the connection's thread and everything that reads the graph on a
//! worker, then cross-origin headers and the log line.

use super::http::{decode_segment, Incoming, Reply};
use super::pool::Pool;
use super::status::{seconds, HttpError};
use super::{catalog, linked, log, page, sparql, State};
use crate::query::sparql::CANCELLATION_GRACE;
use oxhttp::model::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, ALLOW, ORIGIN, VARY,
};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use std::io::Read;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the page for analysts.
    Page,
    /// `/assets/NAME`: the page's script, style sheet and icon.
    Asset(String),
    /// `/sparql`: the SPARQL 1.1 Protocol.
    Sparql,
    /// `/store`: the Graph Store Protocol.
    Store,
    /// `/queries`, `/queries/NAME`.
    Queries,
    Query(String),
    /// `/views`, `/views/NAME.FORMAT`.
    Views,
    View(String),
    /// `/cite/ENTITY`.
    Cite(String),
    /// `/resource/NAME`: an `hkr:` entity as linked data.
    Resource(String),
    /// `/labels`: labels of IRIs in both languages, for the page's tables.
    Labels,
}

impl Route {
    /// The methods the route answers (HEAD wherever GET is).
    fn methods(&self) -> &'static [Method] {
        match self {
            Self::Sparql => &[Method::GET, Method::HEAD, Method::POST],
            Self::Store => &[
                Method::GET,
                Method::HEAD,
                Method::PUT,
                Method::POST,
                Method::DELETE,
            ],
            Self::Labels => &[Method::POST],
            _ => &[Method::GET, Method::HEAD],
        }
    }

    /// Whether answering reads the graph (and so runs on a worker).
    fn reads_graph(&self) -> bool {
        !matches!(self, Self::Page | Self::Asset(_))
    }
}

/// Decides the route of a path; None: nothing there.
pub fn route(path: &str) -> Result<Option<Route>, HttpError> {
    let named = |rest: &str| -> Result<Option<String>, HttpError> {
        let name = decode_segment(rest)?;
        Ok((!name.is_empty()).then_some(name))
    };
    Ok(match path {
        "/" => Some(Route::Page),
        "/sparql" => Some(Route::Sparql),
        "/store" => Some(Route::Store),
        "/queries" | "/queries/" => Some(Route::Queries),
        "/views" | "/views/" => Some(Route::Views),
        "/labels" => Some(Route::Labels),
        _ => {
            let (head, rest) = path
                .strip_prefix('/')
                .and_then(|p| p.split_once('/'))
                .unwrap_or(("", ""));
            match head {
                "assets" => named(rest)?.map(Route::Asset),
                "queries" => named(rest)?.map(Route::Query),
                "views" => named(rest)?.map(Route::View),
                "cite" => named(rest)?.map(Route::Cite),
                "resource" => named(rest)?.map(Route::Resource),
                _ => None,
            }
        }
    })
}

/// oxhttp's entry point: every request, whatever happens, gets an answer and a log line.
pub fn respond(state: &Arc<State>, pool: &Pool, request: &mut Request<Body>) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_owned(), |p| p.to_string());
    let origin = request
        .headers()
        .get(ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut reply = match read(request, state.options.limits.max_body) {
        Ok(incoming) if incoming.method == Method::OPTIONS => preflight(state, &incoming),
        Ok(incoming) => answer(state, pool, incoming),
        Err(error) => error.into(),
    };
    if let (Some(allowed), Some(origin)) = (&state.options.cors, &origin) {
        if allowed == "*" || allowed == origin {
            reply = reply
                .with_header(ACCESS_CONTROL_ALLOW_ORIGIN, allowed)
                .with_header(ACCESS_CONTROL_EXPOSE_HEADERS, super::sparql::ADVICE_HEADER)
                .with_header(VARY, "Origin");
        }
    }
    if method == Method::HEAD {
        reply.body.clear();
    }
    log::request(
        &method,
        &target,
        reply.status,
        reply.body.len(),
        started.elapsed(),
    );
    let mut response = Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response
        .body(Body::from(reply.body))
        .unwrap_or_else(|_| Response::new(Body::from("internal error: an invalid response")))
}

/// The request, its body read within `max_body` bytes.
fn read(request: &mut Request<Body>, max_body: usize) -> Result<Incoming, HttpError> {
    let too_large = || {
        HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than the {max_body} bytes this server accepts; send a shorter query, or start the server with a larger --max-body"),
        )
    };
    let body = request.body_mut();
    if body.len().is_some_and(|len| len > max_body as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    body.take(max_body as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| HttpError::bad_request(format!("the request body could not be read: {e}")))?;
    if bytes.len() > max_body {
        return Err(too_large());
    }
    Ok(Incoming {
        method: request.method().clone(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().unwrap_or_default().to_owned(),
        headers: request.headers().clone(),
        body: bytes,
    })
}

fn answer(state: &Arc<State>, pool: &Pool, incoming: Incoming) -> Reply {
    let route = match route(&incoming.path) {
        Ok(Some(route)) => route,
        Ok(None) => {
            return HttpError::new(
                StatusCode::NOT_FOUND,
                format!(
                    "nothing at {}; the server answers /, /sparql, /store, /queries, /views, /cite/ENTITY and /resource/NAME",
                    crate::error::Shown(&incoming.path)
                ),
            )
            .into()
        }
        Err(error) => return error.into(),
    };
    if !route.methods().contains(&incoming.method) {
        let allowed: Vec<&str> = route.methods().iter().map(Method::as_str).collect();
        return HttpError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "{} is not allowed on {}; use {}",
                incoming.method,
                crate::error::Shown(&incoming.path),
                allowed.join(", ")
            ),
        )
        .with_header(ALLOW, &allowed.join(", "))
        .into();
    }
    if !route.reads_graph() {
        return handle(state, route, &incoming).unwrap_or_else(Reply::from);
    }
    on_worker(state, pool, route, incoming)
}

/// What a worker tells the connection waiting for it.
enum Progress {
    Started,
    Done(Reply),
}

/// Runs the handler on a worker and waits for it: until `timeout` for a worker to take it, then
/// the evaluation's own limit and the grace it has to notice its cancellation, never longer.
fn on_worker(state: &Arc<State>, pool: &Pool, route: Route, incoming: Incoming) -> Reply {
    let timeout = state.options.limits.timeout;
    let start_by = Instant::now() + timeout;
    let (send, receive) = mpsc::sync_channel(2);
    let job_state = Arc::clone(state);
    let submitted = pool.submit(start_by, move || {
        // The connection may have stopped waiting; then nobody needs to hear.
        let _ = send.send(Progress::Started);
        let reply = handle(&job_state, route, &incoming).unwrap_or_else(Reply::from);
        let _ = send.send(Progress::Done(reply));
    });
    if submitted.is_err() {
        return busy(state).into();
    }
    let closed = |started: bool| {
        if started {
            HttpError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error: the request handler stopped unexpectedly (logged on the server); please report it",
            )
        } else {
            busy(state)
        }
    };
    match receive.recv_timeout(start_by.saturating_duration_since(Instant::now())) {
        Ok(Progress::Started) => {}
        Ok(Progress::Done(reply)) => return reply,
        Err(RecvTimeoutError::Timeout) => return busy(state).into(),
        Err(RecvTimeoutError::Disconnected) => return closed(false).into(),
    }
    match receive.recv_timeout(timeout + CANCELLATION_GRACE + Duration::from_millis(100)) {
        Ok(Progress::Done(reply)) => reply,
        Ok(Progress::Started) | Err(RecvTimeoutError::Disconnected) => closed(true).into(),
        Err(RecvTimeoutError::Timeout) => HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran past the server's time limit of {} and has not stopped yet; narrow the query",
                seconds(timeout)
            ),
        )
        .into(),
    }
}

fn busy(state: &State) -> HttpError {
    let limits = &state.options.limits;
    HttpError::busy(format!(
        "the server is busy: {} queries are running and {} waiting, its limit; try again shortly",
        limits.max_concurrent, limits.max_queued
    ))
}

/// The answer to a routed request.
fn handle(state: &State, route: Route, incoming: &Incoming) -> Result<Reply, HttpError> {
    match route {
        Route::Page => Ok(page::index()),
        Route::Asset(name) => page::asset(&name),
        Route::Sparql => sparql::endpoint(state, incoming),
        Route::Store => sparql::graph_store(state, incoming),
        Route::Queries => catalog::list(state, incoming, catalog::Kind::Queries),
        Route::Views => catalog::list(state, incoming, catalog::Kind::Views),
        Route::Query(name) => catalog::run_query(state, incoming, &name),
        Route::View(name) => catalog::dump_view(state, incoming, &name),
        Route::Cite(entity) => linked::cite(state, incoming, &entity),
        Route::Resource(name) => linked::resource(state, incoming, &name),
        Route::Labels => linked::labels(state, incoming),
    }
}

/// A CORS preflight: allowed only for the origin given with --cors.
fn preflight(state: &State, incoming: &Incoming) -> Reply {
    let mut reply = Reply {
        status: StatusCode::NO_CONTENT,
        headers: Vec::new(),
        body: Vec::new(),
    };
    if state.options.cors.is_some() && incoming.header(ACCESS_CONTROL_REQUEST_METHOD).is_some() {
        // No Access-Control-Allow-Methods: oxhttp 0.3.3 drops that header from every response (its
        // encoder lists it among the forbidden names), so browsers allow only the CORS-safelisted
        // GET, HEAD and POST across origins; writes by PUT and DELETE come from other clients.
        reply = reply
            .with_header(
                ACCESS_CONTROL_ALLOW_HEADERS,
                "Accept, Content-Type, Authorization",
            )
            .with_header(ACCESS_CONTROL_MAX_AGE, "600");
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_route_by_their_first_segment() {
        assert_eq!(route("/").unwrap(), Some(Route::Page));
        assert_eq!(
            route("/queries/visit-timeline").unwrap(),
            Some(Route::Query("visit-timeline".to_owned()))
        );
        assert_eq!(
            route("/cite/hkr%3Aqatar").unwrap(),
            Some(Route::Cite("hkr:qatar".to_owned()))
        );
        assert_eq!(
            route("/resource/%E5%8D%A1%E5%A1%94%E7%88%BE").unwrap(),
            Some(Route::Resource("卡塔爾".to_owned()))
        );
        assert_eq!(route("/queries/").unwrap(), Some(Route::Queries));
        assert_eq!(route("/resource/").unwrap(), None);
        assert_eq!(route("/nowhere").unwrap(), None);
        assert!(route("/cite/%FF").is_err());
    }
}
