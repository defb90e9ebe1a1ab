//! SHACL-SPARQL constraints (SHACL §5, `sh:sparql` with `sh:select`): a SELECT query run once per
//! focus node, each solution a result.
//!
//! The query is read when the shapes are: `sh:prefixes` declarations go before it, `$PATH` is
//! replaced by the property shape's path, and the text is parsed then, so a broken query is a
//! shapes error, not a surprise during validation. At validation `$this` and `$currentShape` are
//! pre-bound (SEP-0007 substitution, as spareval does it) and the query's default graph is the
//! union of the data's graphs, the graph SHACL validates. oxigraph's own evaluator (spareval) runs
//! it on the dataset as read, without copying it into a store. `$shapesGraph` is not bound: the shapes
//! graph is not part of the data (SHACL makes it optional).

use super::path::Path;
use super::shapes::boolean;
use super::{shown, SH};
use crate::error::{Error, Result};
use crate::rdf::namespaces::display_term;
use oxigraph::model::{
    Dataset, Graph, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term,
    TermRef, TripleRef, Variable,
};
use spareval::{InternalQuad, QueryEvaluator, QueryResults, QuerySolution, QueryableDataset};
use spargebra::algebra::GraphPattern;
use spargebra::{Query, SparqlParser};
use std::collections::HashSet;
use std::convert::Infallible;

/// One `sh:sparql` constraint of a shape.
#[derive(Debug)]
pub(super) struct SparqlConstraint {
    /// The constraint's node: the report's sh:sourceConstraint.
    pub node: NamedOrBlankNode,
    query: Query,
    /// The pre-bound variables the query uses: `this`, `currentShape`.
    bound: Vec<Variable>,
    /// The constraint's sh:message values (templates with `{?var}` and `{$var}`).
    messages: Vec<Literal>,
}

/// One solution of a constraint's query: a result.
#[derive(Debug, PartialEq)]
pub(super) struct Solution {
    pub value: Option<Term>,
    /// The solution's ?path when it is an IRI.
    pub path: Option<Path>,
    /// The constraint's messages with the solution's bindings filled in.
    pub messages: Vec<Literal>,
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

impl SparqlConstraint {
    /// Reads the constraint `node` of a shape with `path` (None for a node shape); None when the
    /// constraint is deactivated.
    pub fn parse(
        graph: &Graph,
        node: TermRef<'_>,
        path: Option<&Path>,
    ) -> Result<Option<Self>, String> {
        let Some(subject) = super::data::as_subject(node) else {
            return Err(format!("sh:sparql needs a node, not {}", shown(node)));
        };
        let single = |local: &str| {
            let mut values = graph.objects_for_subject_predicate(subject, &sh(local));
            match (values.next(), values.next()) {
                (_, Some(_)) => Err(format!(
                    "the SPARQL constraint {} has more than one sh:{local}",
                    shown(node)
                )),
                (value, None) => Ok(value),
            }
        };
        let deactivated = single("deactivated")?.map(|v| boolean("deactivated", v));
        if deactivated.transpose()? == Some(true) {
            return Ok(None);
        }
        let select = match single("select")? {
            Some(TermRef::Literal(text)) => text.value().to_owned(),
            Some(other) => return Err(format!("sh:select needs a string, not {}", shown(other))),
            None => {
                return Err(format!(
                    "the SPARQL constraint {} needs an sh:select query",
                    shown(node)
                ))
            }
        };
        let mut prefixes = Vec::new();
        for declarations in graph.objects_for_subject_predicate(subject, &sh("prefixes")) {
            prefixes.extend(declared_prefixes(graph, declarations)?);
        }
        prefixes.sort();
        prefixes.dedup();
        let mut text = String::new();
        for (prefix, namespace) in &prefixes {
            text.push_str(&format!("PREFIX {prefix}: <{namespace}>\n"));
        }
        match path {
            Some(path) => text.push_str(&select.replace("$PATH", &path.to_sparql())),
            None if select.contains("$PATH") => {
                return Err(
                    "$PATH appears in the query of a node shape, which has no path".to_owned(),
                )
            }
            None => text.push_str(&select),
        }
        let mut query = SparqlParser::new()
            .parse_query(&text)
            .map_err(|e| format!("the query of {} is not valid SPARQL: {e}", shown(node)))?;
        let Query::Select { pattern, .. } = &mut query else {
            return Err(format!(
                "the query of {} must be a SELECT query",
                shown(node)
            ));
        };
        let mut bound = Vec::new();
        for name in PRE_BOUND {
            if mentions(&select, name) {
                let variable = Variable::new_unchecked(*name);
                project(pattern, &variable);
                bound.push(variable);
            }
        }
        let messages = graph
            .objects_for_subject_predicate(subject, &sh("message"))
            .filter_map(|m| match m {
                TermRef::Literal(l) => Some(l.into_owned()),
                _ => None,
            })
            .collect();
        Ok(Some(Self {
            node: subject.into_owned(),
            query,
            bound,
            messages,
        }))
    }

    /// The solutions for one focus node of `shape`.
    pub fn solutions(
        &self,
        dataset: &Dataset,
        shape: &NamedOrBlankNode,
        focus: TermRef<'_>,
    ) -> Result<Vec<Solution>> {
        let evaluator = QueryEvaluator::new();
        let mut prepared = evaluator.prepare(&self.query);
        for variable in &self.bound {
            let value = match variable.as_str() {
                "this" => focus.into_owned(),
                _ => Term::from(shape.clone()),
            };
            prepared = prepared.substitute_variable(variable.clone(), value);
        }
        let QueryResults::Solutions(rows) = prepared.execute(DataGraph(dataset))? else {
            unreachable!("a SELECT query, checked when read")
        };
        let mut solutions: Vec<Solution> = Vec::new();
        for row in rows {
            let row = row?;
            if matches!(row.get("failure"), Some(Term::Literal(l)) if l.value() == "true") {
                return Err(Error::QueryEvaluation(format!(
                    "the SPARQL constraint {} reports a failure for {}",
                    shown(self.node.as_ref().into()),
                    shown(focus)
                )));
            }
            let solution = Solution {
                value: row.get("value").cloned(),
                path: match row.get("path") {
                    Some(Term::NamedNode(p)) => Some(Path::Predicate(p.clone())),
                    _ => None,
                },
                messages: self.messages.iter().map(|m| fill(m, &row)).collect(),
            };
            // Solutions that differ only in unreported variables make one result.
            if !solutions.contains(&solution) {
                solutions.push(solution);
            }
        }
        Ok(solutions)
    }
}

/// The data graph for SPARQL: the default graph is the union of the dataset's graphs, each triple
/// once (spareval's own union leaves out the default graph); named graphs stay reachable with
/// GRAPH. Terms are owned: SHACL-SPARQL queries are not a hot path.
struct DataGraph<'a>(&'a Dataset);

impl<'a> QueryableDataset<'a> for DataGraph<'a> {
    type InternalTerm = Term;
    type Error = Infallible;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&Term>,
        predicate: Option<&Term>,
        object: Option<&Term>,
        graph_name: Option<Option<&Term>>,
    ) -> impl Iterator<Item = Result<InternalQuad<Term>, Infallible>> + use<'a> {
        let subject = match subject {
            None => Some(None),
            Some(term) => super::data::as_subject(term.as_ref()).map(Some),
        };
        let predicate = match predicate {
            None => Some(None),
            Some(Term::NamedNode(p)) => Some(Some(p.as_ref())),
            Some(_) => None,
        };
        let graph = match graph_name {
            // The default graph: every graph.
            Some(None) => Some(None),
            Some(Some(Term::NamedNode(g))) => Some(Some(GraphNameRef::from(g.as_ref()))),
            Some(Some(Term::BlankNode(g))) => Some(Some(GraphNameRef::from(g.as_ref()))),
            Some(Some(_)) => None,
            // Any named graph.
            None => Some(None),
        };
        let mut quads = Vec::new();
        if let (Some(subject), Some(predicate), Some(graph)) = (subject, predicate, graph) {
            let mut seen = HashSet::new();
            for quad in
                self.0
                    .quads_for_pattern(subject, predicate, object.map(Term::as_ref), graph)
            {
                let named = match quad.graph_name {
                    GraphNameRef::NamedNode(g) => Some(Term::from(g.into_owned())),
                    GraphNameRef::BlankNode(g) => Some(Term::from(g.into_owned())),
                    GraphNameRef::DefaultGraph => None,
                };
                let graph_name = match graph_name {
                    Some(None) if seen.insert(TripleRef::from(quad)) => None,
                    Some(None) => continue,
                    None if named.is_none() => continue,
                    _ => named,
                };
                quads.push(Ok(InternalQuad {
                    subject: quad.subject.into_owned().into(),
                    predicate: quad.predicate.into_owned().into(),
                    object: quad.object.into_owned(),
                    graph_name,
                }));
            }
        }
        quads.into_iter()
    }

    fn internalize_term(&self, term: Term) -> Result<Term, Infallible> {
        Ok(term)
    }

    fn externalize_term(&self, term: Term) -> Result<Term, Infallible> {
        Ok(term)
    }
}

/// The variables SHACL pre-binds and hkkg binds (`$shapesGraph` is not: see the module doc).
const PRE_BOUND: &[&str] = &["this", "currentShape"];

/// Whether the query text uses `$name` or `?name`.
fn mentions(query: &str, name: &str) -> bool {
    ["$", "?"].iter().any(|sigil| {
        let needle = format!("{sigil}{name}");
        query.match_indices(&needle).any(|(at, _)| {
            !query[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\u{b7}')
        })
    })
}

/// Adds `variable` to the query's projection if it is not there: spareval pre-binds (SEP-0007)
/// only projected variables, and SHACL's pre-binding reaches every use of the variable.
fn project(pattern: &mut GraphPattern, variable: &Variable) {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. } => project(inner, variable),
        GraphPattern::Project { variables, .. } if !variables.contains(variable) => {
            variables.push(variable.clone());
        }
        _ => {}
    }
}

/// The (prefix, namespace) pairs `node` declares with sh:declare.
fn declared_prefixes(graph: &Graph, node: TermRef<'_>) -> Result<Vec<(String, String)>, String> {
    let Some(subject) = super::data::as_subject(node) else {
        return Err(format!("sh:prefixes needs a node, not {}", shown(node)));
    };
    graph
        .objects_for_subject_predicate(subject, &sh("declare"))
        .map(|declaration| {
            let declaration: NamedOrBlankNodeRef<'_> = super::data::as_subject(declaration)
                .ok_or_else(|| format!("sh:declare needs a node, not {}", shown(declaration)))?;
            let text =
                |local: &str| match graph.object_for_subject_predicate(declaration, &sh(local)) {
                    Some(TermRef::Literal(l)) => Ok(l.value().to_owned()),
                    _ => Err(format!(
                        "the prefix declaration {} needs an sh:{local} literal",
                        shown(declaration.into())
                    )),
                };
            Ok((text("prefix")?, text("namespace")?))
        })
        .collect()
}

/// A message template with `{?var}` and `{$var}` replaced by the solution's bindings (a literal
/// by its lexical form, as SPARQL's str() gives it).
fn fill(template: &Literal, row: &QuerySolution) -> Literal {
    let mut text = template.value().to_owned();
    for (variable, value) in row {
        let shown = match value {
            Term::Literal(l) => l.value().to_owned(),
            other => display_term(other.as_ref()),
        };
        for marker in ["?", "$"] {
            text = text.replace(&format!("{{{marker}{}}}", variable.as_str()), &shown);
        }
    }
    match template.language() {
        Some(language) => Literal::new_language_tagged_literal_unchecked(text, language),
        None => Literal::new_typed_literal(text, template.datatype()),
    }
}
