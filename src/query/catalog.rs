//! The named, parameterised queries in `queries/*.rq`: their headers, their parameters and the
//! binding of user values to typed RDF terms.
//!
//! A named query file opens with a comment header:
//!
//! ```text
//! # title: Visa-free days by country
//! # description: Visa arrangements reached on the visits, with the days each allows.
//! # param: country: iri -- only this country (IRI, prefixed name or label)
//! # param: min_days: integer = 0 -- only arrangements of at least this many days
//! ```
//!
//! A parameter is a variable of the query. Without a default it is optional: left unbound, the query
//! answers for every value. Types: iri, string, integer, decimal, date, boolean.

use crate::error::{Error, Result};
use crate::query::entity;
use crate::rdf::datatype;
use crate::rdf::suggest::closest;
use crate::store::{bundled_files, KnowledgeGraph, Lang};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNodeRef, Term};
use oxigraph::sparql::Variable;
use std::fmt;
use std::fs;
use std::path::Path;
use std::str::FromStr;

/// The parameter every query may declare to receive the `--lang` option.
pub const LANG_PARAMETER: &str = "lang";

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
                    "unknown parameter type '{s}'; types: {}",
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
    pub description: String,
    pub params: Vec<Param>,
    pub text: String,
}

impl NamedQuery {
    /// Parses a query file's header. `origin` names the file in errors.
    pub fn parse(name: &str, origin: &str, text: &str) -> Result<Self> {
        let header_error = |line: usize, message: String| Error::QueryHeader {
            path: origin.to_owned(),
            line,
            message,
        };
        let mut title = None;
        let mut description = String::new();
        let mut params: Vec<Param> = Vec::new();
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
                _ => {}
            }
        }
        let title = title.ok_or_else(|| header_error(1, "missing '# title: …' line".to_owned()))?;
        let unused = crate::query::sparql::check(text, params.iter().map(|p| p.name.as_str()))
            .map_err(|e| header_error(1, format!("the query does not parse: {e}")))?;
        if let Some(name) = unused {
            return Err(header_error(
                1,
                format!("parameter '{name}' is declared but the query has no variable ?{name}"),
            ));
        }
        Ok(Self {
            name: name.to_owned(),
            title,
            description,
            params,
            text: text.to_owned(),
        })
    }

    /// Turns `name=value` pairs into variable bindings: unknown names are refused with suggestions,
    /// values are checked against the declared type, defaults fill in what was not given, and a
    /// declared `lang` parameter receives `lang` unless given explicitly.
    pub fn bind(
        &self,
        graph: &KnowledgeGraph,
        given: &[(String, String)],
        lang: Lang,
    ) -> Result<Vec<(Variable, Term)>> {
        let mut bindings = Vec::new();
        for (name, value) in given {
            let Some(param) = self.params.iter().find(|p| &p.name == name) else {
                let known: Vec<String> = self.params.iter().map(|p| p.name.clone()).collect();
                return Err(Error::UnknownParameter {
                    query: self.name.clone(),
                    name: name.clone(),
                    suggestions: closest(name, known.iter().map(String::as_str)),
                    known,
                });
            };
            if bindings
                .iter()
                .any(|(v, _): &(Variable, Term)| v.as_str() == name)
            {
                return Err(Error::InvalidParameter {
                    name: name.clone(),
                    message: "given more than once".to_owned(),
                });
            }
            bindings.push((variable(name), typed_term(graph, param, value)?));
        }
        for param in &self.params {
            if given.iter().any(|(name, _)| name == &param.name) {
                continue;
            }
            let fallback = if param.name == LANG_PARAMETER {
                Some(lang.tag().to_owned())
            } else {
                param.default.clone()
            };
            if let Some(value) = fallback {
                bindings.push((variable(&param.name), typed_term(graph, param, &value)?));
            }
        }
        Ok(bindings)
    }
}

/// The queries shipped in the binary plus the `.rq` files of `extra_dirs` (later ones override
/// earlier ones of the same name), sorted by name.
pub fn load_catalog(extra_dirs: &[impl AsRef<Path>]) -> Result<Vec<NamedQuery>> {
    load_queries_in("queries/", extra_dirs)
}

/// The queries shipped in the binary directly under `bundled_dir` (such as "queries/views/") plus
/// the `.rq` files of `extra_dirs`, sorted by name.
pub fn load_queries_in(
    bundled_dir: &str,
    extra_dirs: &[impl AsRef<Path>],
) -> Result<Vec<NamedQuery>> {
    let mut queries: Vec<NamedQuery> = Vec::new();
    let mut add = |query: NamedQuery| {
        queries.retain(|q| q.name != query.name);
        queries.push(query);
    };
    for (path, text) in bundled_files() {
        if let Some(name) = path
            .strip_prefix(bundled_dir)
            .and_then(|p| p.strip_suffix(".rq"))
        {
            if !name.contains('/') {
                add(NamedQuery::parse(name, path, text)?);
            }
        }
    }
    for dir in extra_dirs {
        let dir = dir.as_ref();
        let io_error = |source| Error::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files: Vec<_> = fs::read_dir(dir)
            .map_err(io_error)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io_error)?;
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        {
            let text = fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            add(NamedQuery::parse(name, &path.display().to_string(), &text)?);
        }
    }
    queries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(queries)
}

/// Finds a query by name, or says which names come close.
pub fn find<'a>(catalog: &'a [NamedQuery], name: &str) -> Result<&'a NamedQuery> {
    catalog
        .iter()
        .find(|q| q.name == name)
        .ok_or_else(|| Error::UnknownQuery {
            name: name.to_owned(),
            suggestions: closest(name, catalog.iter().map(|q| q.name.as_str())),
        })
}

/// Binds `name=value` pairs for a query that declares no parameters (a file, inline text or
/// standard input). With no declared type, the value is read as an RDF term: `<iri>` or
/// `prefix:name`, a quoted literal in N-Triples syntax (`"Qatar"@en`, `"5"^^xsd:integer` spelled out),
/// a number or a boolean; anything else is a plain string.
pub fn bind_free(
    graph: &KnowledgeGraph,
    given: &[(String, String)],
) -> Result<Vec<(Variable, Term)>> {
    given
        .iter()
        .map(|(name, value)| {
            let variable = Variable::new(name).map_err(|_| Error::InvalidParameter {
                name: name.clone(),
                message: "not a valid SPARQL variable name".to_owned(),
            })?;
            Ok((variable, untyped_term(graph, value.trim())))
        })
        .collect()
}

fn untyped_term(graph: &KnowledgeGraph, value: &str) -> Term {
    if let Ok(term) = Term::from_str(value) {
        return term;
    }
    if let Ok(node) = entity::resolve(graph, value) {
        return node.into();
    }
    let kind = if value.parse::<i64>().is_ok() {
        Some(xsd::INTEGER)
    } else if matches!(value, "true" | "false") {
        Some(xsd::BOOLEAN)
    } else if value.parse::<f64>().is_ok() && value.contains('.') && !value.contains(['e', 'E']) {
        Some(xsd::DECIMAL)
    } else {
        None
    };
    match kind {
        Some(datatype) => Literal::new_typed_literal(value, datatype).into(),
        None => Literal::new_simple_literal(value).into(),
    }
}

/// Splits `name=value` as given to `--param`.
pub fn parse_assignment(assignment: &str) -> Result<(String, String)> {
    match assignment.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(Error::MalformedParameter(assignment.to_owned())),
    }
}

fn variable(name: &str) -> Variable {
    Variable::new_unchecked(name)
}

fn parse_param(spec: &str) -> Result<Param, String> {
    let (declaration, description) = spec.split_once("--").unwrap_or((spec, ""));
    let (name, rest) = declaration.split_once(':').ok_or_else(|| {
        format!("expected 'name: type [= default] -- description', found '{spec}'")
    })?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("'{name}' is not a valid SPARQL variable name"));
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

fn typed_term(graph: &KnowledgeGraph, param: &Param, value: &str) -> Result<Term> {
    let value = value.trim();
    // The lexical check is the one lint and validate use, so a parameter is accepted exactly when the
    // same literal would be valid in the data.
    let typed = |datatype: NamedNodeRef<'_>, expected: &str| -> Result<Term> {
        match datatype::invalid_reason(datatype.as_str(), value) {
            None => Ok(Literal::new_typed_literal(value, datatype).into()),
            Some(reason) => Err(Error::InvalidParameter {
                name: param.name.clone(),
                message: if reason.contains(expected) || expected.contains(reason.as_str()) {
                    format!("'{value}' is not {expected}")
                } else {
                    format!("'{value}' is not {expected} ({reason})")
                },
            }),
        }
    };
    match param.kind {
        ParamType::Iri => Ok(entity::resolve(graph, value)
            .map_err(|e| Error::InvalidParameter {
                name: param.name.clone(),
                message: e.to_string(),
            })?
            .into()),
        ParamType::String => Ok(Literal::new_simple_literal(value).into()),
        ParamType::Integer => typed(xsd::INTEGER, "an integer"),
        ParamType::Decimal => typed(xsd::DECIMAL, "a decimal number such as 1650000000 or 16.5"),
        ParamType::Date => typed(xsd::DATE, "a date of the form YYYY-MM-DD"),
        ParamType::Boolean => typed(xsd::BOOLEAN, "true or false"),
    }
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
    fn validates_dates() {
        let is_valid_date = |v: &str| datatype::invalid_reason(xsd::DATE.as_str(), v).is_none();
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("2023-13-01"));
        assert!(!is_valid_date("23-01-01"));
    }
}
