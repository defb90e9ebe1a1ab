//! Running SPARQL against the knowledge graph. Every query sees hkkg's prefixes; its default graph
//! holds every fact once (see `store`), and `GRAPH ?passage { … }` finds where a fact was stated.
//!
//! Parameters are bound as RDF terms, never pasted into the query text: the parsed query gets a
//! `VALUES` table at the head of its WHERE group, exactly as if the analyst had written
//! `VALUES ?country { hkr:qatar }` there. That keeps SPARQL's own semantics: a bound variable
//! restricts the patterns that use it, FILTERs and BINDs of the group see it, aggregates are
//! computed after it, and it need not be projected.

use crate::error::{Error, Position, Result};
use crate::rdf::namespaces::PREFIXES;
use crate::store::KnowledgeGraph;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator, Variable};
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use spargebra::{Query, SparqlParser};

/// Evaluates `query` with `bindings` as the values of its variables.
pub fn execute(
    graph: &KnowledgeGraph,
    query: &str,
    bindings: &[(Variable, Term)],
) -> Result<QueryResults<'static>> {
    let mut parsed = parse(query)?;
    if !bindings.is_empty() {
        parsed = bind(parsed, bindings)?;
    }
    Ok(SparqlEvaluator::new()
        .for_query(parsed)
        .on_store(graph.store())
        .execute()?)
}

fn parse(query: &str) -> Result<Query> {
    PREFIXES
        .iter()
        .fold(SparqlParser::new(), |parser, (prefix, namespace)| {
            parser
                .with_prefix(*prefix, *namespace)
                .expect("the built-in namespaces are valid IRIs")
        })
        .parse_query(query)
        .map_err(|e| syntax_error(query, &e.to_string()))
}

/// Adds `VALUES (?a ?b) { (x y) }` at the head of the query's WHERE group.
fn bind(query: Query, bindings: &[(Variable, Term)]) -> Result<Query> {
    let mentioned = query.to_string();
    let mut variables = Vec::with_capacity(bindings.len());
    let mut row = Vec::with_capacity(bindings.len());
    for (variable, term) in bindings {
        if !mentions_variable(&mentioned, variable) {
            return Err(Error::InvalidParameter {
                name: variable.as_str().to_owned(),
                message: format!("the query has no variable ?{}", variable.as_str()),
            });
        }
        let ground = match term {
            Term::NamedNode(node) => GroundTerm::NamedNode(node.clone()),
            Term::Literal(literal) => GroundTerm::Literal(literal.clone()),
            other => {
                return Err(Error::InvalidParameter {
                    name: variable.as_str().to_owned(),
                    message: format!("{other} cannot be bound: use an IRI or a literal"),
                })
            }
        };
        variables.push(variable.clone());
        row.push(Some(ground));
    }
    let values = GraphPattern::Values {
        variables,
        bindings: vec![row],
    };
    Ok(match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: prepend_to_where(pattern, values, true),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: prepend_to_where(pattern, values, true),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: prepend_to_where(pattern, values, true),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: prepend_to_where(pattern, values, true),
            base_iri,
        },
    })
}

/// Walks down the solution modifiers (slice, distinct, the query's own projection, order, the
/// select expressions and HAVING, grouping), then down the left spine of the WHERE group (joins,
/// OPTIONALs, MINUS, FILTERs and BINDs, whose scope is the whole group), and joins `values` with
/// the group's first element. A projection met inside the group is a subquery: it is not entered.
fn prepend_to_where(pattern: GraphPattern, values: GraphPattern, at_top: bool) -> GraphPattern {
    let descend = |inner: Box<GraphPattern>, values, at_top| {
        Box::new(prepend_to_where(*inner, values, at_top))
    };
    match pattern {
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: descend(inner, values, at_top),
            start,
            length,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: descend(inner, values, at_top),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: descend(inner, values, at_top),
        },
        GraphPattern::Project { inner, variables } if at_top => GraphPattern::Project {
            inner: descend(inner, values, false),
            variables,
        },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
            inner: descend(inner, values, at_top),
            expression,
        },
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: descend(inner, values, false),
            variables,
            aggregates,
        },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
            expr,
            inner: descend(inner, values, at_top),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: descend(inner, values, at_top),
            variable,
            expression,
        },
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: descend(left, values, false),
            right,
        },
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: descend(left, values, false),
            right,
            expression,
        },
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: descend(left, values, false),
            right,
        },
        first => GraphPattern::Join {
            left: Box::new(values),
            right: Box::new(first),
        },
    }
}

/// Whether the serialised query uses `?name` (the parser normalises `$name` to `?name`).
fn mentions_variable(query: &str, variable: &Variable) -> bool {
    let needle = format!("?{}", variable.as_str());
    query.match_indices(&needle).any(|(at, _)| {
        query[at + needle.len()..]
            .chars()
            .next()
            .is_none_or(|next| !(next.is_alphanumeric() || next == '_'))
    })
}

/// Checks a query's syntax without running it, and returns the first of `variables` that the query
/// does not use (a parameter that could never take effect).
pub fn check<'a>(
    query: &str,
    variables: impl IntoIterator<Item = &'a str>,
) -> Result<Option<&'a str>> {
    let normalised = parse(query)?.to_string();
    Ok(variables
        .into_iter()
        .find(|name| !mentions_variable(&normalised, &Variable::new_unchecked(*name))))
}

/// The SPARQL parser reports "error at LINE:COLUMN: expected …"; this turns that into a positioned
/// error with the offending line and a caret under the column.
fn syntax_error(query: &str, message: &str) -> Error {
    let located = message.strip_prefix("error at ").and_then(|rest| {
        let (location, detail) = rest.split_once(": ")?;
        let (line, column) = location.split_once(':')?;
        Some((
            line.parse::<u64>().ok()?,
            column.parse::<u64>().ok()?,
            detail,
        ))
    });
    let Some((line, column, detail)) = located else {
        return Error::QuerySyntaxUnlocated(message.to_owned());
    };
    let source_line = query
        .lines()
        .nth(usize::try_from(line).unwrap_or(0).saturating_sub(1))
        .unwrap_or("");
    let caret_offset: usize = source_line
        .chars()
        .take(usize::try_from(column).unwrap_or(1).saturating_sub(1))
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    Error::QuerySyntax {
        position: Position { line, column },
        message: detail.to_owned(),
        excerpt: format!("  {source_line}\n  {}^", " ".repeat(caret_offset)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::model::{Literal, NamedNode};
    use oxigraph::store::Store;

    const DATA: &str = "@prefix ex: <http://example.org/> .
        ex:a ex:country ex:qa ; ex:days 30 ; ex:label \"A\"@en, \"甲\"@zh-Hant .
        ex:b ex:country ex:qa ; ex:days 14 ; ex:label \"B\"@en .
        ex:c ex:country ex:kw ; ex:days 30 ; ex:label \"C\"@en .";

    fn graph() -> KnowledgeGraph {
        let store = Store::new().unwrap();
        store
            .load_from_reader(RdfFormat::Turtle, DATA.as_bytes())
            .unwrap();
        KnowledgeGraph::from_store(store)
    }

    fn rows(query: &str, bindings: &[(&str, Term)]) -> Vec<String> {
        let bindings: Vec<(Variable, Term)> = bindings
            .iter()
            .map(|(name, term)| (Variable::new_unchecked(*name), term.clone()))
            .collect();
        let QueryResults::Solutions(solutions) = execute(&graph(), query, &bindings).unwrap()
        else {
            panic!("a SELECT query")
        };
        let mut rows: Vec<String> = solutions
            .map(|s| {
                s.unwrap()
                    .iter()
                    .map(|(v, t)| format!("{v}={t}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        rows.sort();
        rows
    }

    fn iri(local: &str) -> Term {
        NamedNode::new_unchecked(format!("http://example.org/{local}")).into()
    }

    #[test]
    fn a_bound_variable_restricts_results_without_being_projected() {
        let query = "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:country ?country }";
        assert_eq!(
            rows(query, &[("country", iri("kw"))]),
            ["?s=<http://example.org/c>"]
        );
    }

    #[test]
    fn filters_and_aggregates_of_the_group_see_the_bound_value() {
        let filtered = "PREFIX ex: <http://example.org/> SELECT ?l WHERE { ?s ex:label ?l FILTER(langMatches(lang(?l), ?lang)) }";
        assert_eq!(
            rows(
                filtered,
                &[("lang", Literal::new_simple_literal("zh-Hant").into())]
            ),
            ["?l=\"甲\"@zh-hant"]
        );
        let grouped = "PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) WHERE { ?s ex:country ?country ; ex:days ?days }";
        assert_eq!(
            rows(grouped, &[("days", Literal::from(30).into())]),
            ["?n=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>"]
        );
    }

    #[test]
    fn a_leading_subquery_is_not_entered() {
        // ?country is not projected by the subquery, so binding it there would be lost; bound at the
        // head of the outer group it restricts the outer pattern instead.
        let query = "PREFIX ex: <http://example.org/> SELECT ?s WHERE { { SELECT ?s WHERE { ?s ex:days 30 } } ?s ex:country ?country }";
        assert_eq!(
            rows(query, &[("country", iri("qa"))]),
            ["?s=<http://example.org/a>"]
        );
    }

    #[test]
    fn binding_a_variable_the_query_lacks_is_refused() {
        let query = "SELECT ?s WHERE { ?s ?p ?o }";
        let bindings = [(Variable::new_unchecked("so"), iri("qa"))];
        let error = execute(&graph(), query, &bindings)
            .err()
            .expect("an unknown variable fails");
        assert!(error.to_string().contains("no variable ?so"), "{error}");
    }

    #[test]
    fn syntax_errors_carry_line_column_and_a_caret() {
        let error = check("SELECT ?x\nWHERE { ?x ?y }", []).unwrap_err();
        let Error::QuerySyntax {
            position, excerpt, ..
        } = &error
        else {
            panic!("expected a located syntax error, got {error:?}");
        };
        assert_eq!(position.line, 2);
        assert!(excerpt.contains("WHERE { ?x ?y }"), "{excerpt}");
        assert!(excerpt.trim_end().ends_with('^'));
    }
}
