//! Writes: SPARQL Update at `/sparql` and the Graph Store Protocol's PUT, POST and DELETE at
//! `/store`. A server is read-only (403) unless started with `--allow-update`; then each write
//! must carry `Authorization: Bearer TOKEN` with the token the server read from
//! [`UPDATE_TOKEN_VARIABLE`] (401 without it or with another).
//!
//! INTEGRATION POINT: the writes themselves are `commands::update` (SPARQL Update keeping the
//! merged default graph consistent), built on the `store` branch. Until it is merged, an
//! authorised write is answered 501 by [`not_built`]; connecting it means replacing the two
//! `not_built` calls below with that command (a graph write is the SPARQL Update the Graph Store
//! Protocol defines for it: PUT = DROP SILENT GRAPH + INSERT DATA, POST = INSERT DATA,
//! DELETE = DROP GRAPH).

use super::http::{Incoming, Params, Reply};
use super::status::HttpError;
use super::State;
use crate::error::{Error, Result};
use oxhttp::model::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use oxhttp::model::StatusCode;

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
    _params: &Params,
    _update: &str,
) -> Result<Reply, HttpError> {
    authorize(state, incoming)?;
    // INTEGRATION POINT: commands::update(session, update, with params' "using-graph-uri" and
    // "using-named-graph-uri") replaces this refusal.
    Err(not_built("SPARQL Update"))
}

/// A Graph Store Protocol write (PUT, POST, DELETE on `/store`).
pub fn graph_write(state: &State, incoming: &Incoming) -> Result<Reply, HttpError> {
    authorize(state, incoming)?;
    // INTEGRATION POINT: the Graph Store Protocol's update for incoming.method, through
    // commands::update, replaces this refusal.
    Err(not_built("graph writes"))
}

fn not_built(what: &str) -> HttpError {
    HttpError::new(
        StatusCode::NOT_IMPLEMENTED,
        format!("{what} are not in this build of hkkg yet (they arrive with `commands::update`); the request was authorised but nothing was changed"),
    )
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
