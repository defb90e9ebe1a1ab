//! The named, parameterised queries in `queries/*.rq`: their headers, their parameters and the
//! binding of user values to typed RDF terms.
//!
//! A named query file opens with a comment header:
//!
//! ```text
//! # title: Visa-free days by country
//! # title-zh: 各國免簽證天數
//! # description: Visa arrangements reached on the visits, with the days each allows.
//! # param: country: iri -- only this country (IRI, prefixed name or label)
//! # param: min_days: integer = 0 -- only arrangements of at least this many days
//! ```
//!
//! A parameter is a variable of the query. Without a default it is optional: left unbound, the query
//! answers for every value. Types: iri, string, integer, decimal, date, boolean.

use crate::assets;
use crate::error::{Error, Result, Shown};
use crate::query::sparql::{self, MAX_QUERY_BYTES};
use crate::rdf::suggest::closest;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    Iri,
    String,
    Integer,
    Decimal,
    Date,
    Boolean,
}

impl ParamType {
    const ALL: [(&'static str, ParamType); 6] = [
        ("iri", ParamType::Iri),
        ("string", ParamType::String),
        ("integer", ParamType::Integer),
        ("decimal", ParamType::Decimal),
        ("date", ParamType::Date),
        ("boolean", ParamType::Boolean),
    ];
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::ALL
            .iter()
            .find(|(_, t)| t == self)
            .map_or("?", |(name, _)| name);
        f.write_str(name)
    }
}

impl FromStr for ParamType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                format!(
                    "unknown parameter type '{}'; types: {}",
                    Shown(s),
                    Self::ALL.map(|(name, _)| name).join(", ")
                )
            })
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub kind: ParamType,
    pub default: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct NamedQuery {
    /// The file stem: what users type after `hkkg query`.
    pub name: String,
    pub title: String,
    /// The title in Traditional Chinese (`# title-zh:`), for pages in that language.
    pub title_zh: Option<String>,
    pub description: String,
    pub params: Vec<Param>,
    /// A view whose header says `# edges: undirected`: its relations have no direction (countries
    /// sharing a visit), so pictures draw them without arrows and dumps mark them undirected.
    pub undirected: bool,
    pub text: String,
    /// Where the query came from, for messages: a bundled path, a file, "inline".
    pub origin: String,
    /// The IRI relative IRIs in the query resolve against: a query file's own location.
    pub base_iri: Option<String>,
}

impl NamedQuery {
    /// Parses a named query's header; it must have a title. `origin` names the file in errors.
    pub fn parse(name: &str, origin: &str, text: &str) -> Result<Self> {
        Self::read(name, origin, text, None)
    }

    /// A query given as a file, inline or on standard input: its header, if it has one, is read as
    /// a named query's is (so a copy of a named query binds its parameters the same way); without a
    /// title, the name stands for it.
    pub fn unnamed(name: &str, origin: &str, text: &str, base_iri: Option<String>) -> Result<Self> {
        Self::read(name, origin, text, Some(base_iri))
    }

    /// `unnamed` is None for a named query (which needs a title), else the base IRI of the text.
    fn read(name: &str, origin: &str, text: &str, unnamed: Option<Option<String>>) -> Result<Self> {
        let header_error = |line: usize, message: String| Error::QueryHeader {
            path: origin.to_owned(),
            line,
            message,
        };
        let mut title = None;
        let mut title_zh = None;
        let mut description = String::new();
        let mut params: Vec<Param> = Vec::new();
        let mut undirected = false;
        for (index, line) in text.lines().enumerate() {
            let line_number = index + 1;
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            let Some((key, value)) = comment.trim().split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "title" => title = Some(value.to_owned()),
                "title-zh" => title_zh = Some(value.to_owned()),
                "description" => {
                    if !description.is_empty() {
                        description.push(' ');
                    }
                    description.push_str(value);
                }
                "param" => {
                    let param =
                        parse_param(value).map_err(|message| header_error(line_number, message))?;
                    if params.iter().any(|p| p.name == param.name) {
                        return Err(header_error(
                            line_number,
                            format!("parameter '{}' is declared twice", param.name),
                        ));
                    }
                    params.push(param);
                }
                "edges" => {
                    undirected = match value {
                        "undirected" => true,
                        "directed" => false,
                        other => {
                            return Err(header_error(
                                line_number,
                                format!(
                                    "'# edges:' is 'directed' or 'undirected', found '{other}'"
                                ),
                            ))
                        }
                    }
                }
                _ => {}
            }
        }
        let title = match title {
            Some(title) => title,
            None if unnamed.is_none() => {
                return Err(header_error(1, "missing '# title: …' line".to_owned()))
            }
            None => name.to_owned(),
        };
        let given_by_user = unnamed.is_some();
        let base_iri = unnamed.flatten();
        let unused = sparql::check(
            text,
            base_iri.as_deref(),
            params.iter().map(|p| p.name.as_str()),
        );
        let unused = match unused {
            Ok(unused) => unused,
            // A query given by the user reports its own syntax errors, with their position.
            Err(error) if given_by_user => return Err(error),
            Err(error) => {
                return Err(header_error(
                    1,
                    format!("the query does not parse: {error}"),
                ))
            }
        };
        if let Some(name) = unused {
            return Err(header_error(
                1,
                format!("parameter '{name}' is declared but the query has no variable ?{name}"),
            ));
        }
        Ok(Self {
            name: name.to_owned(),
            title,
            title_zh,
            description,
            params,
            undirected,
            text: text.to_owned(),
            origin: origin.to_owned(),
            base_iri,
        })
    }
}

/// Which catalogue: the named queries, or the graph views (queries that yield edges).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Query,
    View,
}

/// The named queries (or views) shipped in the binary plus those of the user's directories, sorted
/// by name; a user's query replaces a bundled one of the same name.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub kind: Kind,
    pub entries: Vec<NamedQuery>,
}

impl Catalog {
    /// The bundled entries of `kind` plus the query files of `extra_dirs`.
    pub fn load(kind: Kind, extra_dirs: &[impl AsRef<Path>]) -> Result<Self> {
        let bundled_dir = match kind {
            Kind::Query => assets::QUERIES_DIR,
            Kind::View => assets::VIEWS_DIR,
        };
        let mut entries: Vec<NamedQuery> = Vec::new();
        let mut add = |query: NamedQuery| {
            entries.retain(|q| q.name != query.name);
            entries.push(query);
        };
        for (name, asset) in assets::queries_in(bundled_dir) {
            add(NamedQuery::parse(name, asset.path, asset.text)?);
        }
        for dir in extra_dirs {
            let dir = dir.as_ref();
            let io_error = |source| Error::Io {
                path: dir.to_owned(),
                error: source,
            };
            let mut files: Vec<_> = fs::read_dir(dir)
                .map_err(io_error)?
                .map(|entry| entry.map(|e| e.path()))
                .collect::<Result<_, _>>()
                .map_err(io_error)?;
            files.sort();
            for path in files.into_iter().filter(|p| is_query_file(p)) {
                let text = read_query_file(&path)?;
                let name = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                add(NamedQuery::parse(name, &path.display().to_string(), &text)?);
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { kind, entries })
    }

    /// The entry called `name`, or an error that says which names come close.
    pub fn find(&self, name: &str) -> Result<&NamedQuery> {
        self.entries.iter().find(|q| q.name == name).ok_or_else(|| {
            let known: Vec<String> = self.entries.iter().map(|q| q.name.clone()).collect();
            let suggestions = closest(name, known.iter().map(String::as_str));
            match self.kind {
                Kind::Query => Error::UnknownQuery {
                    name: name.to_owned(),
                    suggestions,
                },
                Kind::View => Error::UnknownView {
                    name: name.to_owned(),
                    suggestions,
                    known,
                },
            }
        })
    }
}

fn parse_param(spec: &str) -> Result<Param, String> {
    let (declaration, description) = spec.split_once("--").unwrap_or((spec, ""));
    let (name, rest) = declaration.split_once(':').ok_or_else(|| {
        format!(
            "expected 'name: type [= default] -- description', found '{}'",
            Shown(spec)
        )
    })?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "'{}' is not a valid SPARQL variable name",
            Shown(name)
        ));
    }
    let (kind, default) = match rest.split_once('=') {
        Some((kind, default)) => (kind, Some(default.trim().trim_matches('"').to_owned())),
        None => (rest, None),
    };
    Ok(Param {
        name: name.to_owned(),
        kind: kind.trim().parse()?,
        default,
        description: description.trim().to_owned(),
    })
}

/// The extensions query files are recognised by.
const QUERY_EXTENSIONS: [&str; 2] = ["rq", "sparql"];

/// Whether the path has a query file extension (`.rq`, `.sparql`).
pub fn is_query_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| QUERY_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads a query file, bounded as [`read_bounded`] is.
pub fn read_query_file(path: &Path) -> Result<String> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        error: source,
    })?;
    read_bounded(file, &path.display().to_string())
}

/// Reads query text, refusing more than [`MAX_QUERY_BYTES`] and text that is not UTF-8.
pub(crate) fn read_bounded(reader: impl Read, origin: &str) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_QUERY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: PathBuf::from(origin),
            error: source,
        })?;
    if bytes.len() as u64 > MAX_QUERY_BYTES {
        return Err(Error::InputTooLarge {
            what: format!("the query in {origin}"),
            limit: MAX_QUERY_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::Io {
        path: PathBuf::from(origin),
        error: io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "# title: T\n# description: D\n# param: n: integer = 3 -- how many\n# param: who: string\nSELECT ?n ?who WHERE {}\n";

    #[test]
    fn parses_headers_with_types_and_defaults() {
        let query = NamedQuery::parse("t", "t.rq", QUERY).unwrap();
        assert_eq!(query.title, "T");
        assert_eq!(query.params.len(), 2);
        assert_eq!(query.params[0].kind, ParamType::Integer);
        assert_eq!(query.params[0].default.as_deref(), Some("3"));
        assert_eq!(query.params[1].default, None);
    }

    #[test]
    fn rejects_unknown_types_with_the_line() {
        let error =
            NamedQuery::parse("t", "t.rq", "# title: T\n# param: n: number\nASK {}").unwrap_err();
        assert!(error.to_string().starts_with("t.rq:2:"), "{error}");
    }

    #[test]
    fn endless_input_is_refused() {
        let endless = io::repeat(b'x');
        let error = read_bounded(endless, "endless").unwrap_err();
        assert!(matches!(error, Error::InputTooLarge { .. }), "{error}");
    }

    #[test]
    fn reads_whether_a_view_is_undirected() {
        let view = "# title: T\n# edges: undirected\nSELECT ?source ?target ?label WHERE {}";
        assert!(NamedQuery::parse("t", "t.rq", view).unwrap().undirected);
        assert!(!NamedQuery::parse("t", "t.rq", QUERY).unwrap().undirected);
        let error =
            NamedQuery::parse("t", "t.rq", "# title: T\n\n# edges: both\nASK {}").unwrap_err();
        assert!(error.to_string().starts_with("t.rq:3:"), "{error}");
    }
}
