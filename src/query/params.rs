//! The one policy by which user values become the values of a query's variables, for named queries,
//! query files, inline queries and views alike, whichever front end the values come from.
//!
//! * A query whose header declares parameters accepts those names only (others are refused with
//!   suggestions); each value is checked against the declared type; defaults fill in what was not
//!   given; a declared `lang` parameter receives the session's language unless given.
//! * A query without declared parameters binds any variable it has; a value is read as an RDF term
//!   (`<iri>`, `prefix:name`, a quoted N-Triples literal, a number, a boolean), then as the label of
//!   an entity, else as a plain string.
//! * In both, a name given twice is an error, never "the last one wins".

use super::catalog::{NamedQuery, Param, ParamType};
use super::entity;
use crate::error::{Error, Result, Shown};
use crate::rdf::datatype;
use crate::rdf::suggest::closest;
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNodeRef, Term};
use oxigraph::sparql::Variable;
use std::str::FromStr;

/// The parameter every query may declare to receive the session's language.
pub const LANG_PARAMETER: &str = "lang";

/// A value given for a parameter, as typed: `name=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub value: String,
}

impl FromStr for Assignment {
    type Err = Error;

    /// Splits `name=value` as given to `--param`.
    fn from_str(assignment: &str) -> Result<Self> {
        match assignment.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => Ok(Self {
                name: name.trim().to_owned(),
                value: value.to_owned(),
            }),
            _ => Err(Error::MalformedParameter(Shown(assignment).to_string())),
        }
    }
}

/// The bindings of `given` for `query`, by the policy above.
pub fn bind(
    graph: &KnowledgeGraph,
    query: &NamedQuery,
    given: &[Assignment],
    lang: Lang,
) -> Result<Vec<(Variable, Term)>> {
    if let Some(twice) = given
        .iter()
        .enumerate()
        .find(|(i, a)| given[..*i].iter().any(|b| b.name == a.name))
    {
        return Err(Error::InvalidParameter {
            name: twice.1.name.clone(),
            message: "given more than once".to_owned(),
        });
    }
    if query.params.is_empty() {
        return given
            .iter()
            .map(|assignment| {
                let variable =
                    Variable::new(&assignment.name).map_err(|_| Error::InvalidParameter {
                        name: assignment.name.clone(),
                        message: "not a valid SPARQL variable name".to_owned(),
                    })?;
                Ok((variable, untyped_term(graph, assignment.value.trim())))
            })
            .collect();
    }
    let mut bindings = Vec::new();
    for assignment in given {
        let Some(param) = query.params.iter().find(|p| p.name == assignment.name) else {
            let known: Vec<String> = query.params.iter().map(|p| p.name.clone()).collect();
            return Err(Error::UnknownParameter {
                query: query.name.clone(),
                name: assignment.name.clone(),
                suggestions: closest(&assignment.name, known.iter().map(String::as_str)),
                known,
            });
        };
        bindings.push((
            Variable::new_unchecked(&param.name),
            typed_term(graph, param, &assignment.value)?,
        ));
    }
    for param in &query.params {
        if given.iter().any(|a| a.name == param.name) {
            continue;
        }
        let fallback = if param.name == LANG_PARAMETER {
            Some(lang.tag().to_owned())
        } else {
            param.default.clone()
        };
        if let Some(value) = fallback {
            bindings.push((
                Variable::new_unchecked(&param.name),
                typed_term(graph, param, &value)?,
            ));
        }
    }
    Ok(bindings)
}

/// With no declared type, the value is read as an RDF term if it is one, as an entity if it names
/// one, as a number or boolean if it looks like one, and as a plain string otherwise.
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
                    format!("'{}' is not {expected}", Shown(value))
                } else {
                    format!("'{}' is not {expected} ({reason})", Shown(value))
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

    fn assignments(pairs: &[&str]) -> Vec<Assignment> {
        pairs.iter().map(|p| p.parse().unwrap()).collect()
    }

    fn empty_graph() -> KnowledgeGraph {
        KnowledgeGraph::from_store(oxigraph::store::Store::new().unwrap())
    }

    #[test]
    fn typed_parameters_refuse_unknown_names_and_fill_defaults() {
        let query = NamedQuery::parse(
            "t",
            "t.rq",
            "# title: T\n# param: n: integer = 3 -- how many\n# param: lang: string\nSELECT ?n WHERE { BIND(?lang AS ?l) }\n",
        )
        .unwrap();
        let graph = empty_graph();
        let bound = bind(&graph, &query, &[], Lang::Zh).unwrap();
        let shown: Vec<String> = bound.iter().map(|(v, t)| format!("{v}={t}")).collect();
        assert_eq!(
            shown,
            [
                "?n=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                "?lang=\"zh-Hant\""
            ]
        );
        let error = bind(&graph, &query, &assignments(&["m=1"]), Lang::En).unwrap_err();
        assert!(matches!(error, Error::UnknownParameter { .. }), "{error}");
        let error = bind(&graph, &query, &assignments(&["n=x"]), Lang::En).unwrap_err();
        assert!(error.to_string().contains("not an integer"), "{error}");
    }

    #[test]
    fn a_name_given_twice_is_refused_under_both_policies() {
        let free = NamedQuery::unnamed("q", "inline", "SELECT ?x WHERE {}", None).unwrap();
        let error = bind(
            &empty_graph(),
            &free,
            &assignments(&["x=1", "x=2"]),
            Lang::En,
        )
        .unwrap_err();
        assert!(error.to_string().contains("more than once"), "{error}");
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
