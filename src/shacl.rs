//! `hkkg validate`: SHACL validation of the data against `ontology/shapes.ttl`, with a report as
//! text and as a standard `sh:ValidationReport` in Turtle.
//!
//! A clear implementation of the SHACL Core constraints our shapes use, rather than rudof's
//! `shacl` crate: that one switches on oxrdf's `rdf-12` feature for the whole build and tripled a
//! clean debug build of oxigraph (32 s → 99 s, 71 → 316 locked crates; see BENCHMARKS-trust.md).
//! A shape using anything outside this subset is refused with an error, never silently ignored.
//! Supported: targets (targetClass with rdfs:subClassOf*, targetNode, targetSubjectsOf,
//! targetObjectsOf), paths (an IRI or sh:inversePath), sh:class, sh:datatype (which also requires
//! a well-formed lexical form), sh:nodeKind, sh:minCount, sh:maxCount, sh:minInclusive,
//! sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:in, sh:hasValue, sh:lessThan,
//! sh:lessThanOrEquals, sh:node, sh:or, sh:message, sh:severity, sh:deactivated.
//!
//! Data is read with `store::read_dataset`, not from the store: the store rewrites
//! xsd:nonNegativeInteger as xsd:integer, which would fail every sh:datatype on a count.

use crate::datatype;
use crate::error::{Error, Result};
use crate::namespaces::{display_iri, display_term, RDF, RDFS};
use crate::store::{read_dataset, LoadOptions};
use crate::vocabulary::{Closure, Vocabulary};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    BlankNode, Dataset, Graph, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad,
    Term, TermRef, TripleRef,
};
use oxsdatatypes::{Date, DateTime, Decimal, Double};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::str::FromStr;

pub const SH: &str = "http://www.w3.org/ns/shacl#";
/// Where the bundled shapes live; the store does not load this file as data.
pub const SHAPES_PATH: &str = "ontology/shapes.ttl";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// Predicates a shape may carry that are not constraints.
const NON_CONSTRAINTS: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "path",
    "property",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
];

/// A property path: the subset our shapes use.
#[derive(Debug, Clone)]
enum Path {
    Predicate(NamedNode),
    Inverse(NamedNode),
}

#[derive(Debug, Clone)]
enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NamedNode),
    MinCount(u64),
    MaxCount(u64),
    /// (component local name, bound, the orderings that pass)
    Range(&'static str, Literal, &'static [Ordering]),
    In(Vec<Term>),
    HasValue(Term),
    /// (component local name, other property, the orderings that pass)
    Compare(&'static str, NamedNode, &'static [Ordering]),
    Node(NamedOrBlankNode),
    Or(Vec<NamedOrBlankNode>),
}

impl Constraint {
    fn component(&self) -> &'static str {
        match self {
            Constraint::Class(_) => "ClassConstraintComponent",
            Constraint::Datatype(_) => "DatatypeConstraintComponent",
            Constraint::NodeKind(_) => "NodeKindConstraintComponent",
            Constraint::MinCount(_) => "MinCountConstraintComponent",
            Constraint::MaxCount(_) => "MaxCountConstraintComponent",
            Constraint::Range(component, ..) | Constraint::Compare(component, ..) => component,
            Constraint::In(_) => "InConstraintComponent",
            Constraint::HasValue(_) => "HasValueConstraintComponent",
            Constraint::Node(_) => "NodeConstraintComponent",
            Constraint::Or(_) => "OrConstraintComponent",
        }
    }
}

#[derive(Debug, Clone)]
struct Shape {
    id: NamedOrBlankNode,
    path: Option<Path>,
    constraints: Vec<Constraint>,
    properties: Vec<NamedOrBlankNode>,
    severity: NamedNode,
    message: Option<String>,
    /// A deactivated shape checks nothing.
    deactivated: bool,
}

/// The shapes of a shapes graph, and which of them have targets.
pub struct Shapes {
    shapes: HashMap<NamedOrBlankNode, Shape>,
    /// (shape, target kind, target term), in the order of the shapes graph's subjects.
    targets: Vec<(NamedOrBlankNode, Target)>,
}

#[derive(Debug, Clone)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

impl Shapes {
    /// The bundled shapes (`ontology/shapes.ttl`), or the shapes in `path`.
    pub fn load(path: Option<&std::path::Path>) -> Result<Self> {
        let dataset = match path {
            Some(path) => read_dataset(&LoadOptions {
                bundled: false,
                paths: vec![path.to_owned()],
                ..LoadOptions::default()
            })?,
            None => {
                let (_, text) = crate::store::bundled_files()
                    .iter()
                    .find(|(p, _)| *p == SHAPES_PATH)
                    .ok_or_else(|| Error::Shapes(format!("{SHAPES_PATH} is not bundled")))?;
                let mut dataset = Dataset::new();
                for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text) {
                    let quad = quad.map_err(|e| Error::Shapes(format!("{SHAPES_PATH}: {e}")))?;
                    dataset.insert(&quad);
                }
                dataset
            }
        };
        let graph: Graph = dataset
            .iter()
            .map(|q| TripleRef::from(q).into_owned())
            .collect();
        Self::parse(&graph)
    }

    /// Reads the shapes of `graph`. Fails on constraints or paths outside the supported subset.
    pub fn parse(graph: &Graph) -> Result<Self> {
        let mut shapes = HashMap::new();
        let mut targets = Vec::new();
        let mut roots: Vec<NamedOrBlankNode> = Vec::new();
        let node_shape = sh("NodeShape");
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        for triple in graph.iter() {
            let is_target = triple.predicate.as_str().starts_with(SH)
                && triple.predicate.as_str()[SH.len()..].starts_with("target");
            if is_target
                || (triple.predicate == rdf_type.as_ref()
                    && triple.object == node_shape.as_ref().into())
            {
                let subject = triple.subject.into_owned();
                if !roots.contains(&subject) {
                    roots.push(subject);
                }
            }
        }
        roots.sort_by_cached_key(ToString::to_string);
        let mut queue = roots.clone();
        while let Some(id) = queue.pop() {
            if shapes.contains_key(&id) {
                continue;
            }
            let mut shape = parse_shape(graph, &id)?;
            queue.extend(shape.properties.iter().cloned());
            for constraint in &shape.constraints {
                match constraint {
                    Constraint::Node(other) => queue.push(other.clone()),
                    Constraint::Or(others) => queue.extend(others.iter().cloned()),
                    _ => {}
                }
            }
            if shape.deactivated {
                shape.constraints.clear();
                shape.properties.clear();
            }
            shapes.insert(id, shape);
        }
        for id in &roots {
            for triple in graph.triples_for_subject(id) {
                let Some(kind) = triple.predicate.as_str().strip_prefix(SH) else {
                    continue;
                };
                let object = triple.object.into_owned();
                let target = match (kind, object) {
                    ("targetClass", Term::NamedNode(class)) => Target::Class(class),
                    ("targetNode", node) => Target::Node(node),
                    ("targetSubjectsOf", Term::NamedNode(p)) => Target::SubjectsOf(p),
                    ("targetObjectsOf", Term::NamedNode(p)) => Target::ObjectsOf(p),
                    _ => continue,
                };
                targets.push((id.clone(), target));
            }
        }
        Ok(Self { shapes, targets })
    }
}

fn parse_shape(graph: &Graph, id: &NamedOrBlankNode) -> Result<Shape> {
    let unsupported = |what: String| Error::Shapes(format!("shape {}: {what}", node_text(id)));
    let mut shape = Shape {
        id: id.clone(),
        path: None,
        constraints: Vec::new(),
        properties: Vec::new(),
        severity: sh("Violation"),
        message: None,
        deactivated: false,
    };
    for triple in graph.triples_for_subject(id) {
        let predicate = triple.predicate.as_str();
        let Some(local) = predicate.strip_prefix(SH) else {
            continue; // rdf:type, rdfs:label, comments: not SHACL's business
        };
        let object = triple.object.into_owned();
        let named = |object: &Term| match object {
            Term::NamedNode(n) => Ok(n.clone()),
            other => Err(unsupported(format!("sh:{local} needs an IRI, not {other}"))),
        };
        let node = |object: &Term| match object {
            Term::NamedNode(n) => Ok(NamedOrBlankNode::from(n.clone())),
            Term::BlankNode(b) => Ok(NamedOrBlankNode::from(b.clone())),
            other => Err(unsupported(format!(
                "sh:{local} needs a shape, not {other}"
            ))),
        };
        let count = |object: &Term| match object {
            Term::Literal(l) => l
                .value()
                .parse::<u64>()
                .map_err(|_| unsupported(format!("sh:{local} needs a non-negative integer"))),
            other => Err(unsupported(format!(
                "sh:{local} needs an integer, not {other}"
            ))),
        };
        let literal = |object: &Term| match object {
            Term::Literal(l) => Ok(l.clone()),
            other => Err(unsupported(format!(
                "sh:{local} needs a literal, not {other}"
            ))),
        };
        use Ordering::{Equal, Greater, Less};
        let constraint = match local {
            "path" => {
                shape.path = Some(parse_path(graph, &object).ok_or_else(|| {
                    unsupported("only IRI and sh:inversePath paths are supported".to_owned())
                })?);
                continue;
            }
            "property" => {
                shape.properties.push(node(&object)?);
                continue;
            }
            "message" => {
                if let Term::Literal(l) = &object {
                    // English wins when a message is given in several languages.
                    if shape.message.is_none() || l.language() == Some("en") {
                        shape.message = Some(l.value().to_owned());
                    }
                }
                continue;
            }
            "severity" => {
                shape.severity = named(&object)?;
                continue;
            }
            "deactivated" => {
                shape.deactivated = matches!(&object, Term::Literal(l) if l.value() == "true");
                continue;
            }
            l if NON_CONSTRAINTS.contains(&l) => continue,
            "class" => Constraint::Class(named(&object)?),
            "datatype" => Constraint::Datatype(named(&object)?),
            "nodeKind" => Constraint::NodeKind(named(&object)?),
            "minCount" => Constraint::MinCount(count(&object)?),
            "maxCount" => Constraint::MaxCount(count(&object)?),
            "minInclusive" => Constraint::Range(
                "MinInclusiveConstraintComponent",
                literal(&object)?,
                &[Greater, Equal],
            ),
            "maxInclusive" => Constraint::Range(
                "MaxInclusiveConstraintComponent",
                literal(&object)?,
                &[Less, Equal],
            ),
            "minExclusive" => Constraint::Range(
                "MinExclusiveConstraintComponent",
                literal(&object)?,
                &[Greater],
            ),
            "maxExclusive" => Constraint::Range(
                "MaxExclusiveConstraintComponent",
                literal(&object)?,
                &[Less],
            ),
            "lessThan" => {
                Constraint::Compare("LessThanConstraintComponent", named(&object)?, &[Less])
            }
            "lessThanOrEquals" => Constraint::Compare(
                "LessThanOrEqualsConstraintComponent",
                named(&object)?,
                &[Less, Equal],
            ),
            "hasValue" => Constraint::HasValue(object),
            "in" => Constraint::In(
                rdf_list(graph, &object)
                    .ok_or_else(|| unsupported("sh:in needs an RDF list".to_owned()))?,
            ),
            "node" => Constraint::Node(node(&object)?),
            "or" => Constraint::Or(
                rdf_list(graph, &object)
                    .ok_or_else(|| unsupported("sh:or needs an RDF list".to_owned()))?
                    .iter()
                    .map(node)
                    .collect::<Result<_>>()?,
            ),
            other => {
                return Err(unsupported(format!(
                    "sh:{other} is not supported by hkkg's SHACL subset"
                )))
            }
        };
        shape.constraints.push(constraint);
    }
    // Constraints in a fixed order, so the report does not depend on the shapes graph's order.
    shape.constraints.sort_by_key(|c| c.component());
    Ok(shape)
}

fn parse_path(graph: &Graph, object: &Term) -> Option<Path> {
    match object {
        Term::NamedNode(n) => Some(Path::Predicate(n.clone())),
        Term::BlankNode(b) => {
            let inverse = sh("inversePath");
            match graph.object_for_subject_predicate(b, &inverse)? {
                TermRef::NamedNode(n) if graph.triples_for_subject(b).count() == 1 => {
                    Some(Path::Inverse(n.into_owned()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The members of an RDF list, or None if `head` is not a well-formed list.
fn rdf_list(graph: &Graph, head: &Term) -> Option<Vec<Term>> {
    let first = NamedNode::new_unchecked(format!("{RDF}first"));
    let rest = NamedNode::new_unchecked(format!("{RDF}rest"));
    let nil = format!("{RDF}nil");
    let mut items = Vec::new();
    let mut node = head.clone();
    // A cyclic list would loop forever; no real list is longer than the graph.
    for _ in 0..=graph.len() {
        match &node {
            Term::NamedNode(n) if n.as_str() == nil => return Some(items),
            Term::BlankNode(b) => {
                items.push(graph.object_for_subject_predicate(b, &first)?.into_owned());
                node = graph.object_for_subject_predicate(b, &rest)?.into_owned();
            }
            _ => return None,
        }
    }
    None
}

/// One validation result, as SHACL defines it.
#[derive(Debug, Clone)]
pub struct ValidationResult {
    pub focus: Term,
    /// The property the shape constrains, in Turtle/SPARQL path syntax (None for node shapes).
    pub path: Option<String>,
    pub value: Option<Term>,
    /// The constraint component's local name, e.g. MinCountConstraintComponent.
    pub component: &'static str,
    pub source_shape: NamedOrBlankNode,
    pub severity: NamedNode,
    pub message: String,
    path_node: Option<Path>,
}

#[derive(Debug, Default)]
pub struct ValidationReport {
    /// Sorted by focus node, path and component.
    pub results: Vec<ValidationResult>,
}

impl ValidationReport {
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// One block per result: focus, path, constraint, value, message.
    pub fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        let mut text = String::new();
        for result in &self.results {
            text.push_str(&format!(
                "{}: {}\n  path: {}\n  constraint: sh:{} (shape {})\n",
                display_iri(result.severity.as_str()).trim_start_matches("sh:"),
                term_text(&result.focus),
                result.path.as_deref().unwrap_or("(the focus node itself)"),
                result.component,
                node_text(&result.source_shape),
            ));
            if let Some(value) = &result.value {
                text.push_str(&format!("  value: {}\n", term_text(value)));
            }
            text.push_str(&format!("  message: {}\n", result.message));
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
        let mut quads = Vec::new();
        let report = BlankNode::new_unchecked("report");
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        let mut add = |s: &BlankNode, p: NamedNode, o: Term| {
            quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
        };
        add(&report, rdf_type.clone(), sh("ValidationReport").into());
        add(
            &report,
            sh("conforms"),
            Literal::from(self.conforms()).into(),
        );
        for (index, result) in self.results.iter().enumerate() {
            let node = BlankNode::new_unchecked(format!("result{index}"));
            add(&report, sh("result"), node.clone().into());
            add(&node, rdf_type.clone(), sh("ValidationResult").into());
            add(&node, sh("focusNode"), result.focus.clone());
            match &result.path_node {
                Some(Path::Predicate(p)) => add(&node, sh("resultPath"), p.clone().into()),
                Some(Path::Inverse(p)) => {
                    let path = BlankNode::new_unchecked(format!("path{index}"));
                    add(&node, sh("resultPath"), path.clone().into());
                    add(&path, sh("inversePath"), p.clone().into());
                }
                None => {}
            }
            if let Some(value) = &result.value {
                add(&node, sh("value"), value.clone());
            }
            add(&node, sh("resultSeverity"), result.severity.clone().into());
            add(
                &node,
                sh("sourceConstraintComponent"),
                sh(result.component).into(),
            );
            add(
                &node,
                sh("sourceShape"),
                Term::from(result.source_shape.clone()),
            );
            add(
                &node,
                sh("resultMessage"),
                Literal::new_language_tagged_literal_unchecked(&result.message, "en").into(),
            );
        }
        quads
    }
}

/// Validates the union of `data`'s graphs against `shapes`.
pub fn validate(data: &Dataset, shapes: &Shapes) -> ValidationReport {
    let mut graph = Graph::new();
    for quad in data.iter() {
        graph.insert(TripleRef::from(quad));
    }
    let mut vocabulary = Vocabulary::default();
    let sub_class_of = NamedNode::new_unchecked(format!("{RDFS}subClassOf"));
    for triple in graph.triples_for_predicate(&sub_class_of) {
        if let (NamedOrBlankNode::NamedNode(s), TermRef::NamedNode(o)) =
            (triple.subject.into_owned(), triple.object)
        {
            vocabulary.observe(s.as_str(), sub_class_of.as_str(), o.as_str());
        }
    }
    let validator = Validator {
        graph: &graph,
        shapes,
        superclasses: vocabulary.superclasses(),
    };
    let mut results = Vec::new();
    for (shape, target) in &shapes.targets {
        for focus in validator.focus_nodes(target) {
            validator.check(shape, &focus, &mut results);
        }
    }
    // Targets can overlap (a node that is the target of two routes to the same shape is
    // validated once per shape, as SHACL says): keep one copy of identical results.
    let mut seen = HashSet::new();
    results.retain(|r: &ValidationResult| {
        seen.insert((
            r.focus.to_string(),
            r.path.clone(),
            r.value.as_ref().map(ToString::to_string),
            r.component,
            r.source_shape.to_string(),
        ))
    });
    results.sort_by_cached_key(|r| {
        (
            term_text(&r.focus),
            r.path.clone(),
            r.component,
            r.value.as_ref().map(term_text),
        )
    });
    ValidationReport { results }
}

struct Validator<'a> {
    graph: &'a Graph,
    shapes: &'a Shapes,
    superclasses: Closure,
}

impl Validator<'_> {
    fn focus_nodes(&self, target: &Target) -> Vec<Term> {
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        let mut nodes: Vec<Term> = match target {
            Target::Node(node) => vec![node.clone()],
            Target::Class(class) => self
                .graph
                .triples_for_predicate(&rdf_type)
                .filter(|t| match t.object {
                    TermRef::NamedNode(c) => self.is_subclass(c, class.as_ref()),
                    _ => false,
                })
                .map(|t| t.subject.into_owned().into())
                .collect(),
            Target::SubjectsOf(p) => self
                .graph
                .triples_for_predicate(p)
                .map(|t| t.subject.into_owned().into())
                .collect(),
            Target::ObjectsOf(p) => self
                .graph
                .triples_for_predicate(p)
                .map(|t| t.object.into_owned())
                .collect(),
        };
        nodes.sort_by_cached_key(ToString::to_string);
        nodes.dedup();
        nodes
    }

    fn is_subclass(&self, class: NamedNodeRef<'_>, of: NamedNodeRef<'_>) -> bool {
        class == of
            || self
                .superclasses
                .above(class.as_str())
                .iter()
                .any(|c| c == of.as_str())
    }

    fn is_instance(&self, node: &Term, class: &NamedNode) -> bool {
        let Some(subject) = as_subject(node) else {
            return false;
        };
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        self.graph
            .objects_for_subject_predicate(&subject, &rdf_type)
            .any(|t| matches!(t, TermRef::NamedNode(c) if self.is_subclass(c, class.as_ref())))
    }

    fn values(&self, focus: &Term, path: &Path) -> Vec<Term> {
        match path {
            Path::Predicate(p) => as_subject(focus).map_or_else(Vec::new, |s| {
                self.graph
                    .objects_for_subject_predicate(&s, p)
                    .map(TermRef::into_owned)
                    .collect()
            }),
            Path::Inverse(p) => self
                .graph
                .subjects_for_predicate_object(p, focus)
                .map(|s| s.into_owned().into())
                .collect(),
        }
    }

    fn conforms(&self, shape: &NamedOrBlankNode, node: &Term) -> bool {
        let mut results = Vec::new();
        self.check(shape, node, &mut results);
        results.is_empty()
    }

    /// Validates `focus` against one shape (and its property shapes), adding results.
    fn check(
        &self,
        shape_id: &NamedOrBlankNode,
        focus: &Term,
        results: &mut Vec<ValidationResult>,
    ) {
        let Some(shape) = self.shapes.shapes.get(shape_id) else {
            return;
        };
        let values = match &shape.path {
            Some(path) => self.values(focus, path),
            None => vec![focus.clone()],
        };
        for constraint in &shape.constraints {
            let mut report = |value: Option<&Term>, default: String| {
                results.push(ValidationResult {
                    focus: focus.clone(),
                    path: shape.path.as_ref().map(path_text),
                    value: value.cloned(),
                    component: constraint.component(),
                    source_shape: shape.id.clone(),
                    severity: shape.severity.clone(),
                    message: shape.message.clone().unwrap_or(default),
                    path_node: shape.path.clone(),
                });
            };
            let property = shape
                .path
                .as_ref()
                .map_or_else(|| "the node".to_owned(), path_text);
            match constraint {
                Constraint::MinCount(min) if (values.len() as u64) < *min => report(
                    None,
                    format!(
                        "needs at least {min} value(s) of {property}, has {}",
                        values.len()
                    ),
                ),
                Constraint::MaxCount(max) if values.len() as u64 > *max => report(
                    None,
                    format!(
                        "allows at most {max} value(s) of {property}, has {}",
                        values.len()
                    ),
                ),
                Constraint::HasValue(wanted) if !values.contains(wanted) => report(
                    None,
                    format!("{property} must include {}", term_text(wanted)),
                ),
                Constraint::Compare(_, other, passing) => {
                    let others: Vec<Term> = as_subject(focus).map_or_else(Vec::new, |s| {
                        self.graph
                            .objects_for_subject_predicate(&s, other)
                            .map(TermRef::into_owned)
                            .collect()
                    });
                    // An ill-formed literal is reported once, by sh:datatype or lint, not again for
                    // every comparison (a deliberate departure from SHACL's "cannot be compared",
                    // which pySHACL does not follow either).
                    let well_formed = |t: &&Term| match t {
                        Term::Literal(l) => {
                            datatype::invalid_reason(l.datatype().as_str(), l.value()).is_none()
                        }
                        _ => true,
                    };
                    for value in values.iter().filter(well_formed) {
                        for against in others.iter().filter(well_formed) {
                            if !compare(value, against).is_some_and(|o| passing.contains(&o)) {
                                report(
                                    Some(value),
                                    format!(
                                        "{} of {property} must be {} {} of {}",
                                        term_text(value),
                                        if passing.len() == 1 {
                                            "before"
                                        } else {
                                            "before or on"
                                        },
                                        term_text(against),
                                        display_iri(other.as_str())
                                    ),
                                );
                            }
                        }
                    }
                }
                _ => {
                    for value in &values {
                        if let Some(message) = self.value_problem(constraint, value) {
                            report(Some(value), message);
                        }
                    }
                }
            }
        }
        for property in &shape.properties {
            self.check(property, focus, results);
        }
    }

    /// Why one value node breaks a value-level constraint, or None when it satisfies it.
    fn value_problem(&self, constraint: &Constraint, value: &Term) -> Option<String> {
        let shown = term_text(value);
        match constraint {
            Constraint::Class(class) => (!self.is_instance(value, class)).then(|| {
                format!(
                    "{shown} is not an instance of {}",
                    display_iri(class.as_str())
                )
            }),
            Constraint::Datatype(datatype) => {
                let fits = matches!(value, Term::Literal(l)
                    if l.datatype() == datatype.as_ref()
                        && datatype::invalid_reason(datatype.as_str(), l.value()).is_none());
                (!fits)
                    .then(|| format!("{shown} is not a valid {}", display_iri(datatype.as_str())))
            }
            Constraint::NodeKind(kind) => {
                let actual = match value {
                    Term::NamedNode(_) => "IRI",
                    Term::BlankNode(_) => "BlankNode",
                    _ => "Literal",
                };
                let allowed = kind.as_str().strip_prefix(SH).unwrap_or("");
                let fits = allowed.split("Or").any(|k| k == actual);
                (!fits)
                    .then(|| format!("{shown} is not of node kind {}", display_iri(kind.as_str())))
            }
            Constraint::Range(_, bound, passing) => {
                let fits =
                    compare(value, &bound.clone().into()).is_some_and(|o| passing.contains(&o));
                (!fits).then(|| {
                    format!(
                        "{shown} is out of range (bound {})",
                        term_text(&bound.clone().into())
                    )
                })
            }
            Constraint::In(allowed) => (!allowed.contains(value)).then(|| {
                let listed: Vec<String> = allowed.iter().map(term_text).collect();
                format!("{shown} is not one of {}", listed.join(", "))
            }),
            Constraint::Node(shape) => (!self.conforms(shape, value))
                .then(|| format!("{shown} does not conform to shape {}", node_text(shape))),
            Constraint::Or(shapes) => (!shapes.iter().any(|s| self.conforms(s, value)))
                .then(|| format!("{shown} conforms to none of the alternatives")),
            Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::HasValue(_)
            | Constraint::Compare(..) => None,
        }
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// Orders two literals the way SPARQL's < does for the types we use: numbers with numbers, dates
/// with dates, date-times with date-times, strings with strings; None when they cannot be compared.
fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else {
        return None;
    };
    // An ill-typed literal ("13.5"^^xsd:integer) has no value to compare, as in SPARQL.
    let ill_typed =
        |l: &Literal| datatype::invalid_reason(l.datatype().as_str(), l.value()).is_some();
    if ill_typed(a) || ill_typed(b) {
        return None;
    }
    let kind = |l: &Literal| {
        let datatype = l.datatype();
        if datatype == xsd::DATE {
            "date"
        } else if datatype == xsd::DATE_TIME {
            "dateTime"
        } else if datatype::derives_from(datatype.as_str(), xsd::DECIMAL.as_str())
            || datatype == xsd::DOUBLE
            || datatype == xsd::FLOAT
        {
            "number"
        } else if datatype == xsd::STRING {
            "string"
        } else {
            "other"
        }
    };
    match (kind(a), kind(b)) {
        ("date", "date") => Date::from_str(a.value())
            .ok()?
            .partial_cmp(&Date::from_str(b.value()).ok()?),
        ("dateTime", "dateTime") => DateTime::from_str(a.value())
            .ok()?
            .partial_cmp(&DateTime::from_str(b.value()).ok()?),
        ("number", "number") => {
            match (Decimal::from_str(a.value()), Decimal::from_str(b.value())) {
                (Ok(x), Ok(y)) => x.partial_cmp(&y),
                _ => Double::from_str(a.value())
                    .ok()?
                    .partial_cmp(&Double::from_str(b.value()).ok()?),
            }
        }
        ("string", "string") => Some(a.value().cmp(b.value())),
        _ => None,
    }
}

fn path_text(path: &Path) -> String {
    match path {
        Path::Predicate(p) => display_iri(p.as_str()),
        Path::Inverse(p) => format!("^{}", display_iri(p.as_str())),
    }
}

fn node_text(node: &NamedOrBlankNode) -> String {
    display_term(node.as_ref().into())
}

fn term_text(term: &Term) -> String {
    display_term(term.as_ref())
}
