//! The request as the handlers see it (owned, so a worker thread can take it), its parameters, and
//! the answer they build.

use super::status::HttpError;
use crate::error::Shown;
use crate::store::Lang;
use oxhttp::model::header::{ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE};
use oxhttp::model::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

/// A request read off the connection, its body within the server's limit.
#[derive(Debug)]
pub struct Incoming {
    pub method: Method,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query string, without `?`.
    pub query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Incoming {
    pub fn header(&self, name: HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn accept(&self) -> Option<&str> {
        self.header(ACCEPT)
    }

    /// The media type of the body, lowercased, without parameters.
    pub fn content_type(&self) -> Option<String> {
        let value = self.header(CONTENT_TYPE)?;
        Some(value.split(';').next()?.trim().to_ascii_lowercase())
    }

    /// The URL's parameters.
    pub fn params(&self) -> Params {
        Params::parse(self.query.as_bytes())
    }

    /// The language asked for: `lang=` in the URL, else the first of ours in Accept-Language.
    pub fn lang(&self, params: &Params) -> Result<Lang, HttpError> {
        if let Some(name) = params.single("lang")? {
            return name.parse().map_err(|e: String| {
                HttpError::bad_request(format!("parameter 'lang': {e}; use en or zh"))
            });
        }
        let preferred = self.header(ACCEPT_LANGUAGE).unwrap_or_default();
        Ok(preferred
            .split(',')
            .filter_map(|item| {
                let tag = item.split(';').next()?.trim().to_ascii_lowercase();
                if tag.starts_with("zh") {
                    Some(Lang::Zh)
                } else if tag.starts_with("en") {
                    Some(Lang::En)
                } else {
                    None
                }
            })
            .next()
            .unwrap_or_default())
    }
}

/// Name-value pairs from a query string or a form body, in order.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(encoded: &[u8]) -> Self {
        Self {
            pairs: form_urlencoded::parse(encoded).into_owned().collect(),
        }
    }

    /// These and `more` together; a name in both is refused (it would be ambiguous which counts).
    pub fn merged(mut self, more: Params) -> Result<Self, HttpError> {
        if let Some((name, _)) = more
            .pairs
            .iter()
            .find(|(name, _)| self.pairs.iter().any(|(n, _)| n == name))
        {
            return Err(HttpError::bad_request(format!(
                "parameter '{}' is given both in the URL and in the body; give it once",
                Shown(name)
            )));
        }
        self.pairs.extend(more.pairs);
        Ok(self)
    }

    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(n, _)| n == name)
    }

    /// The value of a parameter that may be given once.
    pub fn single<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, HttpError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(HttpError::bad_request(format!(
                "parameter '{name}' is given more than once; give it once"
            )));
        }
        Ok(first)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs whose names are not among `reserved`.
    pub fn except<'a>(
        &'a self,
        reserved: &'a [&str],
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.pairs
            .iter()
            .filter(move |(n, _)| !reserved.contains(&n.as_str()))
            .map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn ok(content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status: StatusCode::OK,
            headers: Vec::new(),
            body,
        }
        .with_header(CONTENT_TYPE, content_type)
    }

    /// A 303 to `location` (a path on this server).
    pub fn see_other(location: &str) -> Self {
        Self {
            status: StatusCode::SEE_OTHER,
            headers: Vec::new(),
            body: Vec::new(),
        }
        .with_header(oxhttp::model::header::LOCATION, location)
    }

    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        // Values come from the server itself (media types, paths it built), never raw user text.
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }

    /// Marks an answer chosen by content negotiation, so caches keep one per Accept header.
    pub fn negotiated(self) -> Self {
        self.with_header(oxhttp::model::header::VARY, "Accept")
    }
}

impl From<HttpError> for Reply {
    fn from(error: HttpError) -> Self {
        let mut body = error.message.into_bytes();
        body.push(b'\n');
        let mut reply = Self {
            status: error.status,
            headers: error.headers,
            body,
        };
        reply = reply.with_header(CONTENT_TYPE, "text/plain; charset=utf-8");
        reply
    }
}

/// Percent-decodes one path segment; it must be UTF-8.
pub fn decode_segment(segment: &str) -> Result<String, HttpError> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| HttpError::bad_request("the path is not UTF-8 once percent-decoded"))
}
