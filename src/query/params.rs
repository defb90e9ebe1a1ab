//! The one policy by which user values become the values of a query's variables, for named queries,
//! query files, inline queries and views alike, whichever front end the values come from.
//!
//! * A query whose header declares parameters accepts those names only (others are refused with
//!   suggestions); each value is checked against the declared type; defaults fill in what was not
//!   given; a declared `lang` parameter receives the session's language unless given.
//! * A query without declared parameters binds any variable it has; a value is read as an RDF term
//!   (`<iri>`, `prefix:name`, a quoted N-Triples literal), a number or a boolean, then as the name
//!   of an entity — only when exactly one entity fits (see `entity`), saying which — else as a
//!   plain string (saying so when the name fits several entities).
//! * In both, a name given twice is an error, never "the last one wins".

use super::advice::Advice;
use super::catalog::{NamedQuery, Param, ParamType};
use super::entity::{Lookup, Matches};
use crate::error::{Error, Result, Shown};
use crate::rdf::datatype;
use crate::rdf::namespaces::display_iri;
use crate::rdf::suggest::closest;
use crate::store::Lang;
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

/// The values bound, and notes on how names were read.
#[derive(Debug, Clone, Default)]
pub struct Binding {
    pub values: Vec<(Variable, Term)>,
    pub advice: Vec<Advice>,
}

/// The bindings of `given` for `query`, by the policy above.
pub fn bind(
    lookup: &Lookup<'_>,
    query: &NamedQuery,
    given: &[Assignment],
    lang: Lang,
) -> Result<Binding> {
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
    let mut binding = Binding::default();
    if query.params.is_empty() {
        for assignment in given {
            let variable =
                Variable::new(&assignment.name).map_err(|_| Error::InvalidParameter {
                    name: assignment.name.clone(),
                    message: "not a valid SPARQL variable name".to_owned(),
                })?;
            let term = untyped_term(lookup, assignment, &mut binding.advice)?;
            binding.values.push((variable, term));
        }
        return Ok(binding);
    }
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
        let term = typed_term(lookup, param, &assignment.value, &mut binding.advice)?;
        binding
            .values
            .push((Variable::new_unchecked(&param.name), term));
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
            let term = typed_term(lookup, param, &value, &mut binding.advice)?;
            binding
                .values
                .push((Variable::new_unchecked(&param.name), term));
        }
    }
    Ok(binding)
}

/// With no declared type, the value is read as an RDF term if it is one, as a number or boolean
/// if it looks like one, as an entity if exactly one fits its name (an IRI or prefixed name the
/// graph does not mention is refused, with suggestions), and as a plain string otherwise.
fn untyped_term(
    lookup: &Lookup<'_>,
    assignment: &Assignment,
    advice: &mut Vec<Advice>,
) -> Result<Term> {
    let value = assignment.value.trim();
    if let Ok(term) = Term::from_str(value) {
        return Ok(term);
    }
    if let Some(literal) = number_or_boolean(value) {
        return Ok(literal.into());
    }
    let name = &assignment.name;
    let as_string = || Literal::new_simple_literal(value).into();
    match lookup.matches(value) {
        Ok(Matches::One(found)) => {
            let how = found
                .inexact
                .unwrap_or_else(|| display_iri(found.node.as_str()));
            advice.push(Advice::note(
                "parameter",
                format!("--param {name}={value} is bound to the entity {how}; give it as \"…\" to bind the string instead"),
            ));
            Ok(found.node.into())
        }
        Ok(Matches::Several(hits)) => {
            let candidates: Vec<String> = hits.iter().map(|h| lookup.describe(h)).collect();
            advice.push(Advice::note(
                "parameter",
                format!(
                    "--param {name}={value} is bound to the string \"{value}\": it names several entities ({}); give one by IRI to bind it",
                    candidates.join(", ")
                ),
            ));
            Ok(as_string())
        }
        Ok(Matches::None(hits)) if !super::entity::looks_like_iri(value) => {
            if !hits.is_empty() {
                let close: Vec<String> = hits.iter().map(|h| lookup.describe(h)).collect();
                advice.push(Advice::note(
                    "parameter",
                    format!(
                        "--param {name}={value} is bound to the string \"{value}\": no entity has this name (did you mean {}?)",
                        close.join(", ")
                    ),
                ));
            }
            Ok(as_string())
        }
        // An IRI or prefixed name the graph does not mention is a mistake, not a string.
        Ok(Matches::None(_)) => {
            lookup
                .resolve(value)
                .map(Term::from)
                .map_err(|e| Error::InvalidParameter {
                    name: name.clone(),
                    message: e.to_string(),
                })
        }
        Err(error) => {
            advice.push(Advice::note(
                "parameter",
                format!("--param {name}={value} is bound to the string \"{value}\" ({error})"),
            ));
            Ok(as_string())
        }
    }
}

/// A typed literal for text that reads as a number or a boolean.
fn number_or_boolean(value: &str) -> Option<Literal> {
    let kind = if value.parse::<i64>().is_ok() {
        Some(xsd::INTEGER)
    } else if matches!(value, "true" | "false") {
        Some(xsd::BOOLEAN)
    } else if value.parse::<f64>().is_ok() && value.contains('.') && !value.contains(['e', 'E']) {
        Some(xsd::DECIMAL)
    } else {
        None
    };
    kind.map(|datatype| Literal::new_typed_literal(value, datatype))
}

fn typed_term(
    lookup: &Lookup<'_>,
    param: &Param,
    value: &str,
    advice: &mut Vec<Advice>,
) -> Result<Term> {
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
        ParamType::Iri => {
            let found = lookup.find(value).map_err(|e| Error::InvalidParameter {
                name: param.name.clone(),
                message: e.to_string(),
            })?;
            if let Some(how) = found.inexact {
                advice.push(Advice::note(
                    "parameter",
                    format!("--param {}={value} is taken as {how}", param.name),
                ));
            }
            Ok(found.node.into())
        }
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
    use crate::store::KnowledgeGraph;

    fn assignments(pairs: &[&str]) -> Vec<Assignment> {
        pairs.iter().map(|p| p.parse().unwrap()).collect()
    }

    fn empty_graph() -> KnowledgeGraph {
        KnowledgeGraph::from_store(oxigraph::store::Store::new().unwrap())
    }

    fn bind(
        graph: &KnowledgeGraph,
        query: &NamedQuery,
        given: &[Assignment],
        lang: Lang,
    ) -> Result<Vec<(Variable, Term)>> {
        let index = crate::query::search::SearchIndex::build(graph);
        Ok(super::bind(&Lookup::new(graph, &index), query, given, lang)?.values)
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
