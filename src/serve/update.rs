//! Writes: SPARQL Update at `/sparql` and the Graph Store Protocol's PUT, POST and DELETE at
//! `/store`. A server is read-only (403) unless started with `--allow-update`; then each write
//! must carry `Authorization: Bearer TOKEN` with the token the server read from
//! [`UPDATE_TOKEN_VARIABLE`] (401 without it or with another).
//!
//! A write is one update ([`commands::update`], [`commands::write_graph`]: all or nothing, the
//! merged default graph kept), applied to the graph in memory or, for a server on a store
//! (`--location`), to the store on disk as a new generation. Writes run one at a time; reads go
//! on meanwhile and see the graph as it was until the write is complete, then the next requests
//! get a session on the changed graph (its name index and vocabulary built anew).
//!
//! The Graph Store Protocol's writes are the SPARQL Update its specification gives for them: PUT
//! = `DROP SILENT GRAPH g; INSERT DATA { GRAPH g { body } }`, POST = `INSERT DATA`, DELETE =
//! `DROP GRAPH g` (404 when there is no such graph). On the default graph (`?default`) they touch
//! the statements stated in the default graph itself: the named graphs' merged copies go with
//! their graphs.

use super::http::{Incoming, Params, Reply};
use super::log;
use super::sparql::{graph_target, iris, RDF_OFFERS};
use super::status::HttpError;
use super::State;
use crate::commands::{
    self, GraphTarget, GraphWrite, GraphWriteKind, Session, UpdateReport, UpdateRequest,
    UsingGraphs,
};
use crate::error::{Error, Result, Shown};
use crate::query::source::QuerySource;
use crate::rdf::syntax::RdfSyntax;
use crate::store::Lang;
use oxhttp::model::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use oxhttp::model::{Method, StatusCode};
use std::sync::{Arc, PoisonError};

/// The environment variable the update token is read from.
pub const UPDATE_TOKEN_VARIABLE: &str = "HKKG_UPDATE_TOKEN";
/// Shortest token accepted: a guessable token is no protection.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Refuses a token too short to protect anything.
pub fn check_token(token: &str) -> Result<()> {
    if token.chars().count() < MIN_TOKEN_CHARS || token.trim() != token {
        return Err(Error::InvalidParameter {
            name: UPDATE_TOKEN_VARIABLE.to_owned(),
            message: format!(
                "the update token must be at least {MIN_TOKEN_CHARS} characters without surrounding spaces (for instance: export {UPDATE_TOKEN_VARIABLE}=$(openssl rand -hex 24))"
            ),
        });
    }
    Ok(())
}

/// A SPARQL Update (`update`) with its `using-graph-uri` / `using-named-graph-uri` in `params`.
pub fn sparql_update(
    state: &State,
    incoming: &Incoming,
    params: &Params,
    update: &str,
) -> Result<Reply, HttpError> {
    authorize(state, incoming)?;
    let using = UsingGraphs {
        default_graphs: iris(params, "using-graph-uri")?,
        named_graphs: iris(params, "using-named-graph-uri")?,
    };
    let (_, report) = write(state, |session| {
        let request = UpdateRequest {
            source: QuerySource::Inline(update.to_owned()),
            base_iri: session.base_iri.clone(),
            using,
            limits: session.limits.clone(),
        };
        commands::update(session.update_target(), &request).map(|report| ((), report))
    })?;
    Ok(report)
}

/// A Graph Store Protocol write (PUT, POST, DELETE on `/store`): 201 when it made the graph, 200
/// with what changed otherwise.
pub fn graph_write(state: &State, incoming: &Incoming) -> Result<Reply, HttpError> {
    authorize(state, incoming)?;
    let kind = match incoming.method {
        Method::PUT => GraphWriteKind::Replace,
        Method::POST => GraphWriteKind::Add,
        Method::DELETE => GraphWriteKind::Delete,
        _ => {
            return Err(HttpError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "the graph store takes GET, HEAD, PUT, POST and DELETE",
            )
            .with_header(oxhttp::model::header::ALLOW, "GET, HEAD, PUT, POST, DELETE"))
        }
    };
    let graph = match graph_target(&incoming.params())? {
        Some(GraphTarget::Named(name)) => Some(name),
        Some(GraphTarget::Default) => None,
        None => return Err(HttpError::bad_request(
            "name the graph to write: /store?graph=IRI, or /store?default for the default graph",
        )),
    };
    let body = match kind {
        GraphWriteKind::Delete => None,
        GraphWriteKind::Replace | GraphWriteKind::Add => {
            Some((incoming.body.clone(), body_syntax(incoming)?))
        }
    };
    let write_request = GraphWrite { kind, graph, body };
    let (existed, reply) = write(state, |session| {
        let existed = match &write_request.graph {
            Some(name) => session.graph.store().contains_named_graph(name)?,
            None => true,
        };
        if !existed && kind == GraphWriteKind::Delete {
            return Err(Error::UnknownGraph {
                graph: write_request
                    .graph
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
            });
        }
        commands::write_graph(session.update_target(), &write_request, &session.limits)
            .map(|report| (existed, report))
    })?;
    Ok(if existed {
        reply
    } else {
        Reply {
            status: StatusCode::CREATED,
            ..reply
        }
    })
}

/// The RDF syntax of a request body, from its Content-Type.
fn body_syntax(incoming: &Incoming) -> Result<RdfSyntax, HttpError> {
    let given = incoming.content_type();
    RDF_OFFERS
        .iter()
        .find(|offer| given.as_deref() == Some(offer.media_type))
        .map(|offer| offer.value)
        .ok_or_else(|| {
            let media_types: Vec<&str> = RDF_OFFERS.iter().map(|o| o.media_type).collect();
            HttpError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "the body's Content-Type is {}; send the graph as one of {}",
                    given.map_or_else(|| "missing".to_owned(), |t| format!("'{}'", Shown(&t))),
                    media_types.join(", ")
                ),
            )
        })
}

/// Runs `change` on the current session, alone among writes, then makes the changed graph the one
/// the next requests see. Answers 200 with what changed.
fn write<T>(
    state: &State,
    change: impl FnOnce(&Session) -> Result<(T, UpdateReport)>,
) -> Result<(T, Reply), HttpError> {
    let failed = |e| HttpError::from_error(e, state.options.limits.timeout);
    let _alone = state.writing.lock().unwrap_or_else(PoisonError::into_inner);
    let current = state.session(Lang::En);
    let (value, report) = change(&current).map_err(failed)?;
    let refreshed = current.refreshed().map_err(|e| {
        HttpError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the update was applied ({report}), but the server could not open the changed graph: {e}; restart the server"),
        )
    })?;
    let zh = refreshed.with_lang(Lang::Zh);
    *state
        .sessions
        .write()
        .unwrap_or_else(PoisonError::into_inner) = Arc::new([refreshed, zh]);
    log::info(&format!("update: {report}"));
    Ok((
        value,
        Reply::ok(
            "text/plain; charset=utf-8",
            format!("{report}\n").into_bytes(),
        ),
    ))
}

fn authorize(state: &State, incoming: &Incoming) -> Result<(), HttpError> {
    let Some(expected) = &state.options.update_token else {
        return Err(HttpError::new(
            StatusCode::FORBIDDEN,
            format!("this server is read-only; start it with --allow-update and a token in {UPDATE_TOKEN_VARIABLE} to accept updates"),
        ));
    };
    let challenge = |error: Option<&str>| {
        let value = match error {
            Some(error) => format!("Bearer realm=\"hkkg\", error=\"{error}\""),
            None => "Bearer realm=\"hkkg\"".to_owned(),
        };
        move |e: HttpError| e.with_header(WWW_AUTHENTICATE, &value)
    };
    let given = incoming
        .header(AUTHORIZATION)
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(challenge(None)(HttpError::new(
            StatusCode::UNAUTHORIZED,
            "updates need the header Authorization: Bearer TOKEN, with the token the server was started with",
        ))),
        Some(token) if same(token.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(challenge(Some("invalid_token"))(HttpError::new(
            StatusCode::UNAUTHORIZED,
            "the bearer token is not the server's update token",
        ))),
    }
}

/// Compares in time that depends on the lengths only, so the comparison does not tell an attacker
/// how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole_and_must_be_long() {
        assert!(same(b"abcdefghijklmnop", b"abcdefghijklmnop"));
        assert!(!same(b"abcdefghijklmnop", b"abcdefghijklmnoq"));
        assert!(!same(b"abc", b"abcd"));
        assert!(check_token("short").is_err());
        assert!(check_token(" padded-token-of-length ").is_err());
        assert!(check_token("0123456789abcdef").is_ok());
    }
}
