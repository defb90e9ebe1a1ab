//! Every refusal the server sends: a status and a plain-text body that says why and what to do.
//! The mapping from the library's errors to statuses is here and only here, by variant, with no
//! catch-all: a new kind of error must be given its status.

use crate::error::Error;
use oxhttp::model::{HeaderName, HeaderValue, StatusCode};
use std::time::Duration;

/// An answer that is not the one asked for.
#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub message: String,
    /// Extra headers: `Retry-After`, `WWW-Authenticate`, `Allow`.
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            headers: Vec::new(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }

    /// The server is busy: come back in a second.
    pub fn busy(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
            .with_header(oxhttp::model::header::RETRY_AFTER, "1")
    }

    /// A library error as the client should see it; `timeout` is the server's time limit, named in
    /// the message of a cancelled query.
    pub fn from_error(error: Error, timeout: Duration) -> Self {
        let status = match &error {
            Error::QuerySyntax { .. }
            | Error::QuerySyntaxUnlocated(_)
            | Error::QueryTooDeep { .. }
            | Error::QueryEvaluation(_)
            | Error::QueryHeader { .. }
            | Error::UnknownParameter { .. }
            | Error::InvalidParameter { .. }
            | Error::MalformedParameter(_)
            | Error::AmbiguousEntity { .. }
            | Error::UnknownPrefix { .. }
            | Error::UnknownChoice { .. }
            | Error::UnsupportedFormat { .. }
            | Error::BadView { .. }
            | Error::RdfSyntax { .. }
            | Error::IllTypedLiteral { .. }
            | Error::UnknownRdfFormat { .. }
            | Error::StdinNeedsSyntax
            | Error::StdinTwice
            | Error::GraphName { .. }
            | Error::GraphInGraph { .. }
            | Error::SourceText { .. }
            | Error::SourceOption { .. }
            | Error::GenerateOption { .. }
            | Error::QueryWarnings(_)
            | Error::LocalOnly { .. }
            // An update sent as a query: POST it as an update instead.
            | Error::UpdateNotQuery
            | Error::UpdateRefused(_)
            | Error::ReadOnlyGraph
            | Error::NotWithLocation { .. }
            | Error::NothingToLoad { .. } => StatusCode::BAD_REQUEST,
            // Another process writes the store; the client may try again once it is done.
            Error::StoreBusy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            // The store behind this server failed, not the request.
            Error::Endpoint { .. } => StatusCode::BAD_GATEWAY,
            // A source that would replace one already there.
            Error::SourceConflict { .. } => StatusCode::CONFLICT,
            Error::UnknownQuery { .. }
            | Error::UnknownView { .. }
            | Error::UnknownEntity { .. }
            | Error::UnknownGraph { .. }
            | Error::NotInView { .. } => StatusCode::NOT_FOUND,
            // The answer exists but cannot be written in the formats the client accepts.
            Error::NotAcceptable { .. } | Error::NotWritable { .. } => StatusCode::NOT_ACCEPTABLE,
            Error::InputTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            // The query is fine; its answer is larger than the server hands out.
            Error::TooManyRows { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Cancelled => {
                return Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "the query ran past the server's time limit of {} and was stopped; narrow the query (fewer patterns, a LIMIT, a more selective parameter)",
                        seconds(timeout)
                    ),
                )
            }
            Error::Io { .. }
            | Error::NoRdfFiles { .. }
            | Error::SymlinkLoop { .. }
            | Error::NotLintable { .. }
            | Error::Shapes(_)
            | Error::Shape { .. }
            | Error::RecursiveShape { .. }
            | Error::ShapeNesting { .. }
            | Error::Store(_)
            | Error::GraphTool { .. }
            | Error::Listen { .. }
            | Error::Mcp(_)
            | Error::NoDiskStore
            | Error::NoStore { .. }
            | Error::NotAStore { .. }
            | Error::StoreFormat { .. }
            | Error::Output(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Self::new(status, error.to_string())
    }
}

/// "30 s", "1.5 s".
pub fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}
