//! Figures about the loaded graph: statements, graphs, and entities per class.

use crate::error::Result;
use crate::namespaces::display_iri;
use crate::sparql::execute;
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::fmt::Write as _;

const TRIPLES: &str =
    "SELECT (COUNT(*) AS ?triples) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }";
const CLASSES: &str = "SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities) WHERE { ?entity a ?class } GROUP BY ?class ORDER BY DESC(?entities) ?class";

/// A plain-text summary: how many quads and distinct triples, how many named graphs, and how many
/// entities each class has (classes by label in `lang`).
pub fn summary(graph: &KnowledgeGraph, lang: Lang) -> Result<String> {
    let mut out = String::new();
    let quads = graph.len()?;
    let triples = single_number(graph, TRIPLES)?;
    let graphs = graph.store().named_graphs().count();
    let _ = writeln!(
        out,
        "{quads} quads, {triples} distinct triples, {graphs} named graphs"
    );
    let _ = writeln!(out, "entities by class:");
    if let QueryResults::Solutions(solutions) = execute(graph, CLASSES, &[])? {
        for solution in solutions {
            let solution = solution?;
            if let (Some(Term::NamedNode(class)), Some(Term::Literal(count))) =
                (solution.get("class"), solution.get("entities"))
            {
                let label = graph.label(class.as_ref().into(), lang).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{:>6}  {:<32} {label}",
                    count.value(),
                    display_iri(class.as_str())
                );
            }
        }
    }
    Ok(out)
}

fn single_number(graph: &KnowledgeGraph, query: &str) -> Result<u64> {
    if let QueryResults::Solutions(mut solutions) = execute(graph, query, &[])? {
        if let Some(solution) = solutions.next() {
            if let Some(Term::Literal(value)) = solution?.iter().next().map(|(_, t)| t.clone()) {
                return Ok(value.value().parse().unwrap_or(0));
            }
        }
    }
    Ok(0)
}
