//! Running SPARQL against the knowledge graph. Every query sees hkkg's prefixes and, unless it names
//! its own dataset with FROM, the union of all graphs as its default graph, so that facts stored in
//! per-passage graphs answer plain triple patterns. Parameters are bound as RDF terms through the
//! evaluator's variable substitution; they are never pasted into the query text.

use crate::error::{Error, Position, Result};
use crate::namespaces::PREFIXES;
use crate::store::KnowledgeGraph;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator, Variable};

/// Evaluates `query` with `bindings` substituted for its variables.
pub fn execute(
    graph: &KnowledgeGraph,
    query: &str,
    bindings: &[(Variable, Term)],
) -> Result<QueryResults<'static>> {
    let mut prepared = prefixed_evaluator()
        .parse_query(query)
        .map_err(|e| syntax_error(query, &e.to_string()))?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    for (variable, term) in bindings {
        prepared = prepared.substitute_variable(variable.clone(), term.clone());
    }
    prepared.on_store(graph.store()).execute().map_err(|error| match error {
        QueryEvaluationError::NotExistingSubstitutedVariable(variable) => Error::InvalidParameter {
            name: variable.as_str().to_owned(),
            message: format!(
                "the query has no variable ?{0} in its result, so a value for it cannot be bound; add ?{0} to the SELECT clause",
                variable.as_str()
            ),
        },
        other => other.into(),
    })
}

/// Checks a query's syntax without running it.
pub fn check_syntax(query: &str) -> Result<()> {
    prefixed_evaluator()
        .parse_query(query)
        .map(drop)
        .map_err(|e| syntax_error(query, &e.to_string()))
}

fn prefixed_evaluator() -> SparqlEvaluator {
    PREFIXES
        .iter()
        .fold(SparqlEvaluator::new(), |evaluator, (prefix, namespace)| {
            evaluator
                .with_prefix(*prefix, *namespace)
                .expect("the built-in namespaces are valid IRIs")
        })
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

    #[test]
    fn syntax_errors_carry_line_column_and_a_caret() {
        let error = check_syntax("SELECT ?x\nWHERE { ?x ?y }").unwrap_err();
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
