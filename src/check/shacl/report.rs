//! The validation report (SHACL §3.6): results with their focus node, path, value, source shape,
//! constraint component, severity and messages, as text for people and as a standard
//! `sh:ValidationReport` graph.

use super::engine::{Detail, Found};
use super::path::Path;
use super::shapes::{Constraint, Pair, ShapeId, Shapes};
use super::{escape_controls, shown, SH};
use crate::error::{Error, Result};
use crate::rdf::namespaces::display_iri;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, TermRef, Triple,
};
use std::io::Write;

/// One validation result, as SHACL defines it.
#[derive(Debug, Clone)]
pub struct ValidationResult {
    pub focus: Term,
    /// The shape's path (None for a node shape), or the undeclared property for sh:closed.
    pub path: Option<Path>,
    pub value: Option<Term>,
    /// The constraint component's local name, e.g. MinCountConstraintComponent.
    pub component: &'static str,
    pub source_shape: NamedOrBlankNode,
    /// The sh:sparql constraint node, for SHACL-SPARQL results.
    pub source_constraint: Option<NamedOrBlankNode>,
    pub severity: NamedNode,
    /// The shape's sh:message values, or else one English message saying what is wrong.
    pub messages: Vec<Literal>,
}

impl ValidationResult {
    /// The message to show: the English one when there is a choice.
    pub fn message(&self) -> &str {
        self.messages
            .iter()
            .find(|m| {
                m.language()
                    .is_some_and(|l| l == "en" || l.starts_with("en-"))
            })
            .or(self.messages.first())
            .map_or("", Literal::value)
    }
}

#[derive(Debug, Default)]
pub struct ValidationReport {
    /// Sorted by focus node, path, constraint component, value and source shape.
    pub results: Vec<ValidationResult>,
}

impl ValidationReport {
    pub(super) fn new(found: Vec<Found<'_>>, shapes: &Shapes) -> Self {
        let mut results: Vec<ValidationResult> = found
            .into_iter()
            .map(|found| result(shapes, found))
            .collect();
        results.sort_by_cached_key(|r| {
            (
                shown(r.focus.as_ref()),
                r.path.as_ref().map(ToString::to_string),
                r.component,
                r.value.as_ref().map(|v| shown(v.as_ref())),
                shown(r.source_shape.as_ref().into()),
                r.message().to_owned(),
            )
        });
        Self { results }
    }

    /// True when validation produced no result at all, whatever its severity (SHACL §3.6.1).
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// One block per result: severity and focus, path, constraint, value, message.
    pub fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        let mut text = String::new();
        for result in &self.results {
            text.push_str(&format!(
                "{}: {}\n  path: {}\n  constraint: sh:{} (shape {})\n",
                display_iri(result.severity.as_str()).trim_start_matches("sh:"),
                shown(result.focus.as_ref()),
                result.path.as_ref().map_or_else(
                    || "(the focus node itself)".to_owned(),
                    |p| escape_controls(&p.to_string())
                ),
                result.component,
                shown(result.source_shape.as_ref().into()),
            ));
            if let Some(value) = &result.value {
                text.push_str(&format!("  value: {}\n", shown(value.as_ref())));
            }
            text.push_str(&format!(
                "  message: {}\n",
                escape_controls(result.message())
            ));
        }
        text.push_str(&if self.conforms() {
            "conforms: the data satisfies every shape\n".to_owned()
        } else {
            format!("does not conform: {} result(s)\n", self.results.len())
        });
        out.write_all(text.as_bytes()).map_err(Error::Output)
    }

    /// The standard report graph: a sh:ValidationReport with one sh:ValidationResult per result.
    pub fn to_quads(&self) -> Vec<Quad> {
        let sh = |local: &str| NamedNode::new_unchecked(format!("{SH}{local}"));
        let report = BlankNode::new_unchecked("report");
        let mut triples = vec![
            Triple::new(report.clone(), rdf::TYPE, sh("ValidationReport")),
            Triple::new(
                report.clone(),
                sh("conforms"),
                Literal::from(self.conforms()),
            ),
        ];
        for (index, result) in self.results.iter().enumerate() {
            let node = BlankNode::new_unchecked(format!("result{index}"));
            let add = |triples: &mut Vec<Triple>, local: &str, object: Term| {
                triples.push(Triple::new(node.clone(), sh(local), object));
            };
            triples.push(Triple::new(report.clone(), sh("result"), node.clone()));
            triples.push(Triple::new(node.clone(), rdf::TYPE, sh("ValidationResult")));
            add(&mut triples, "focusNode", result.focus.clone());
            if let Some(path) = &result.path {
                let path = path.to_rdf(&format!("result{index}path"), &mut triples);
                add(&mut triples, "resultPath", path);
            }
            if let Some(value) = &result.value {
                add(&mut triples, "value", value.clone());
            }
            add(
                &mut triples,
                "resultSeverity",
                result.severity.clone().into(),
            );
            add(
                &mut triples,
                "sourceConstraintComponent",
                sh(result.component).into(),
            );
            add(
                &mut triples,
                "sourceShape",
                result.source_shape.clone().into(),
            );
            for message in &result.messages {
                add(&mut triples, "resultMessage", message.clone().into());
            }
        }
        triples
            .into_iter()
            .map(|t| t.in_graph(GraphName::DefaultGraph))
            .collect()
    }
}

fn result(shapes: &Shapes, found: Found<'_>) -> ValidationResult {
    let shape = shapes.get(found.shape);
    let constraint = &shape.constraints[found.constraint];
    let mut result = ValidationResult {
        focus: found.focus.into_owned(),
        path: match found.predicate {
            Some(predicate) => Some(Path::Predicate(predicate.into_owned())),
            None => shape.path.clone(),
        },
        value: found.value.map(TermRef::into_owned),
        component: constraint.component(),
        source_shape: shape.node.clone(),
        source_constraint: None,
        severity: shape.severity.clone(),
        messages: shape.messages.clone(),
    };
    let described = shape
        .messages
        .is_empty()
        .then(|| describe(shapes, constraint, &found, shape.path.as_ref()));
    if let (Detail::Sparql(solution), Constraint::Sparql(sparql)) = (found.detail, constraint) {
        // SHACL 5.3.2: ?value, else the focus node of a node shape; ?path, else the shape's.
        result.value = solution
            .value
            .or_else(|| shape.path.is_none().then(|| result.focus.clone()));
        result.path = solution.path.or(result.path);
        result.source_constraint = Some(sparql.node.clone());
        if !solution.messages.is_empty() {
            result.messages = solution.messages;
        }
    }
    if let (true, Some(described)) = (result.messages.is_empty(), described) {
        result.messages = vec![Literal::new_language_tagged_literal_unchecked(
            described, "en",
        )];
    }
    result
}

/// A message for a result whose shape has no sh:message.
fn describe(
    shapes: &Shapes,
    constraint: &Constraint,
    found: &Found<'_>,
    path: Option<&Path>,
) -> String {
    let shape_name = |id: ShapeId| shown(shapes.get(id).node.as_ref().into());
    let property = path.map_or_else(|| "the node".to_owned(), ToString::to_string);
    let value = found.value.map_or_else(String::new, shown);
    let count = match found.detail {
        Detail::Count(n) => n,
        _ => 0,
    };
    let names = |n: &NamedNode| display_iri(n.as_str());
    match constraint {
        Constraint::Class(class) => format!("{value} is not an instance of {}", shown(class.as_ref())),
        Constraint::Datatype(datatype) => format!("{value} is not a valid {}", names(datatype)),
        Constraint::NodeKind(kind) => format!("{value} is not of node kind sh:{}", kind.local_name()),
        Constraint::MinCount(min) => format!("needs at least {min} value(s) of {property}, has {count}"),
        Constraint::MaxCount(max) => format!("allows at most {max} value(s) of {property}, has {count}"),
        Constraint::Range(_, bound) => format!("{value} is out of range (bound {})", shown(bound.as_ref().into())),
        Constraint::MinLength(min) => format!("{value} is shorter than {min} characters"),
        Constraint::MaxLength(max) => format!("{value} is longer than {max} characters"),
        Constraint::Pattern { pattern, .. } => format!("{value} does not match the pattern {pattern:?}"),
        Constraint::LanguageIn(ranges) => format!("{value} is not in one of the languages {}", ranges.join(", ")),
        Constraint::UniqueLang => match found.detail {
            Detail::Language(tag) => format!("{property} has more than one value in language {tag:?}"),
            _ => format!("{property} has more than one value in a language"),
        },
        Constraint::Pair(pair, other) => {
            let other_name = names(other);
            match (pair, &found.detail) {
                (Pair::Equals, _) => format!("{value} is not a value of both {property} and {other_name}"),
                (Pair::Disjoint, _) => format!("{value} is a value of both {property} and {other_name}"),
                (Pair::LessThan, Detail::Other(o)) => format!("{value} of {property} must be before {} of {other_name}", shown(*o)),
                (_, Detail::Other(o)) => format!("{value} of {property} must be before or on {} of {other_name}", shown(*o)),
                _ => format!("{value} of {property} cannot be compared with {other_name}"),
            }
        }
        Constraint::Not(shape) => format!("{value} conforms to shape {}, which it must not", shape_name(*shape)),
        Constraint::And(_) => format!("{value} does not conform to all of the shapes"),
        Constraint::Or(_) => format!("{value} conforms to none of the alternatives"),
        Constraint::Xone(_) => format!("{value} does not conform to exactly one of the shapes"),
        Constraint::Node(shape) => format!("{value} does not conform to shape {}", shape_name(*shape)),
        Constraint::Property(_) => unreachable!("a property shape reports its own results"),
        Constraint::QualifiedMinCount(q) => format!("needs at least {} value(s) of {property} conforming to the qualified shape, has {count}", q.count),
        Constraint::QualifiedMaxCount(q) => format!("allows at most {} value(s) of {property} conforming to the qualified shape, has {count}", q.count),
        Constraint::Closed(_) => format!(
            "the shape is closed: {} is not one of its properties",
            found.predicate.map_or_else(String::new, |p| display_iri(p.as_str()))
        ),
        Constraint::HasValue(wanted) => format!("{property} must include {}", shown(wanted.as_ref())),
        Constraint::In(allowed) => {
            let listed: Vec<String> = allowed.iter().map(|t| shown(t.as_ref())).collect();
            format!("{value} is not one of {}", listed.join(", "))
        }
        Constraint::Sparql(sparql) => format!(
            "the SPARQL constraint {} has a solution for this node",
            shown(sparql.node.as_ref().into())
        ),
    }
}
