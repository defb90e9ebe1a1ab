//! Figures about the loaded graph: statements, graphs, and entities per class.

use crate::error::Result;
use crate::query::sparql::execute;
use crate::rdf::namespaces::display_iri;
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::fmt::Write as _;

const CLASSES: &str = "SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities) WHERE { ?entity a ?class } GROUP BY ?class ORDER BY DESC(?entities) ?class";

/// A plain-text summary: how many distinct triples, how many statements and named graphs, and how many
/// entities each class has (classes by label in `lang`).
pub fn summary(graph: &KnowledgeGraph, lang: Lang) -> Result<String> {
    let mut out = String::new();
    let facts = graph.fact_count()?;
    let (stated, sourced) = graph.stated_counts()?;
    let graphs = graph.named_graph_count()?;
    let _ = writeln!(
        out,
        "{facts} distinct triples; {stated} statements, {sourced} of them in {graphs} named graphs (passages and references)"
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
                    "{:>6}  {:<48} {label}",
                    count.value(),
                    display_iri(class.as_str())
                );
            }
        }
    }
    Ok(out)
}
