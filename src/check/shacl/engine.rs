//! Evaluating shapes on the data graph (SHACL §3.4, §4 and §5): focus nodes from the targets,
//! value nodes from the path, and each constraint component's results on them.
//!
//! Shapes that refer to other shapes (sh:node, sh:not, sh:and, ...) ask whether a node conforms;
//! the answer is remembered per (shape, node), so a shape shared by many nodes is checked once per
//! node. Recursive shapes are allowed while the data keeps them finite: the same (shape, node)
//! pair met again inside its own evaluation has no defined result in SHACL and is reported as an
//! error, and nesting is bounded so no shapes graph or data can overflow the stack.

use super::data::Data;
use super::shapes::{Bound, Constraint, Pair, ShapeId, Shapes, Target};
use super::shown;
use super::sparql::Solution;
use super::values::{compare, lang_matches, string_value};
use crate::error::{Error, Result};
use crate::rdf::datatype;
use oxigraph::model::{Dataset, NamedNodeRef, TermRef};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// How many shapes may be nested in one evaluation (a shape checking a node against a shape
/// checking a node against ...). Generous for real shapes (SHACL-SHACL nests about ten deep).
pub const MAX_NESTING: usize = 1024;

/// The validation thread's stack: a level of nesting takes about 16 KiB in a debug build (less
/// when optimised), so this holds [`MAX_NESTING`] levels four times over. Only what is used is
/// ever committed.
pub const STACK_SIZE: usize = 64 << 20;

/// One violated constraint on one value (or on the focus node's values together).
#[derive(Debug)]
pub(super) struct Found<'a> {
    pub focus: TermRef<'a>,
    pub shape: ShapeId,
    /// Index in the shape's constraints.
    pub constraint: usize,
    pub value: Option<TermRef<'a>>,
    /// sh:closed: the predicate of the undeclared triple, which is the result's path.
    pub predicate: Option<NamedNodeRef<'a>>,
    pub detail: Detail<'a>,
}

/// What a result's message can say beyond the constraint and the value.
#[derive(Debug)]
pub(super) enum Detail<'a> {
    None,
    /// How many values (or qualified values) there are.
    Count(usize),
    /// The value of the other property it was compared with (sh:lessThan).
    Other(TermRef<'a>),
    /// The language tag used twice (sh:uniqueLang).
    Language(&'a str),
    /// What a SHACL-SPARQL solution binds: the value, path and messages of its result.
    Sparql(Box<Solution>),
}

/// Validates every focus node of every shape with targets.
pub(super) fn run<'a>(dataset: &'a Dataset, shapes: &'a Shapes) -> Result<Vec<Found<'a>>> {
    let mut engine = Engine {
        data: Data::new(dataset),
        shapes,
        conforms: HashMap::new(),
        active: HashSet::new(),
    };
    let mut found = Vec::new();
    for id in shapes.ids() {
        let shape = shapes.get(id);
        if shape.deactivated || shape.targets.is_empty() {
            continue;
        }
        for focus in engine.focus_nodes(&shape.targets) {
            engine.evaluate(id, focus, &mut found, false)?;
        }
    }
    Ok(found)
}

struct Engine<'a> {
    data: Data<'a>,
    shapes: &'a Shapes,
    /// Whether a node conforms to a shape, once known.
    conforms: HashMap<(ShapeId, TermRef<'a>), bool>,
    /// The (shape, node) pairs being evaluated: the nesting so far.
    active: HashSet<(ShapeId, TermRef<'a>)>,
}

impl<'a> Engine<'a> {
    /// The union of a shape's targets, each node once, in a fixed order.
    fn focus_nodes(&self, targets: &'a [Target]) -> Vec<TermRef<'a>> {
        let mut nodes = Vec::new();
        for target in targets {
            match target {
                Target::Node(node) => nodes.push(node.as_ref()),
                Target::Class(class) => nodes.extend(self.data.instances(class.as_ref())),
                Target::SubjectsOf(p) => nodes.extend(self.data.subjects_of(p.as_ref())),
                Target::ObjectsOf(p) => nodes.extend(self.data.objects_of(p.as_ref())),
            }
        }
        nodes.sort_by_cached_key(ToString::to_string);
        nodes.dedup();
        nodes
    }

    /// Adds the results of validating `focus` against shape `id` to `out`; with `first_only`, stops
    /// at the first one (enough to know the node does not conform).
    fn evaluate(
        &mut self,
        id: ShapeId,
        focus: TermRef<'a>,
        out: &mut Vec<Found<'a>>,
        first_only: bool,
    ) -> Result<()> {
        let shape = self.shapes.get(id);
        if shape.deactivated {
            return Ok(());
        }
        if self.active.len() >= MAX_NESTING {
            return Err(Error::ShapeNesting {
                shape: shown(shape.node.as_ref().into()),
                focus: shown(focus),
                limit: MAX_NESTING,
            });
        }
        if !self.active.insert((id, focus)) {
            return Err(Error::RecursiveShape {
                shape: shown(shape.node.as_ref().into()),
                focus: shown(focus),
            });
        }
        let values = match &shape.path {
            Some(path) => path.values(&self.data, &[focus]),
            None => vec![focus],
        };
        let outcome = self.constraints(id, focus, &values, out, first_only);
        self.active.remove(&(id, focus));
        outcome
    }

    fn constraints(
        &mut self,
        id: ShapeId,
        focus: TermRef<'a>,
        values: &[TermRef<'a>],
        out: &mut Vec<Found<'a>>,
        first_only: bool,
    ) -> Result<()> {
        let shapes = self.shapes;
        for (index, constraint) in shapes.get(id).constraints.iter().enumerate() {
            let found = |value: Option<TermRef<'a>>, detail: Detail<'a>| Found {
                focus,
                shape: id,
                constraint: index,
                value,
                predicate: None,
                detail,
            };
            match constraint {
                Constraint::MinCount(min) if (values.len() as u64) < *min => {
                    out.push(found(None, Detail::Count(values.len())));
                }
                Constraint::MaxCount(max) if (values.len() as u64) > *max => {
                    out.push(found(None, Detail::Count(values.len())));
                }
                Constraint::MinCount(_) | Constraint::MaxCount(_) => {}
                Constraint::HasValue(wanted) => {
                    if !values.contains(&wanted.as_ref()) {
                        out.push(found(None, Detail::None));
                    }
                }
                Constraint::UniqueLang => {
                    let mut tags: Vec<&'a str> = values
                        .iter()
                        .filter_map(|v| match v {
                            TermRef::Literal(l) => l.language(),
                            _ => None,
                        })
                        .collect();
                    tags.sort_unstable();
                    let mut repeated: Vec<&'a str> = tags
                        .windows(2)
                        .filter(|w| w[0] == w[1])
                        .map(|w| w[0])
                        .collect();
                    repeated.dedup();
                    out.extend(
                        repeated
                            .into_iter()
                            .map(|tag| found(None, Detail::Language(tag))),
                    );
                }
                Constraint::Pair(pair, property) => {
                    let others: Vec<TermRef<'a>> =
                        self.data.objects(focus, property.as_ref()).collect();
                    match pair {
                        Pair::Equals => {
                            let missing = values.iter().filter(|v| !others.contains(v));
                            let extra = others.iter().filter(|o| !values.contains(o));
                            for value in missing.chain(extra) {
                                out.push(found(Some(*value), Detail::None));
                            }
                        }
                        Pair::Disjoint => {
                            for value in values.iter().filter(|v| others.contains(v)) {
                                out.push(found(Some(*value), Detail::None));
                            }
                        }
                        Pair::LessThan | Pair::LessThanOrEquals => {
                            let passing: &[Ordering] = if *pair == Pair::LessThan {
                                &[Ordering::Less]
                            } else {
                                &[Ordering::Less, Ordering::Equal]
                            };
                            // An ill-formed literal is reported by sh:datatype (and lint), not
                            // again by every comparison: a deliberate departure from SHACL's
                            // "cannot be compared", which pySHACL does not follow either.
                            let well_formed = |t: &&TermRef<'a>| match t {
                                TermRef::Literal(l) => {
                                    datatype::invalid_reason(l.datatype().as_str(), l.value())
                                        .is_none()
                                }
                                _ => true,
                            };
                            for value in values.iter().filter(well_formed) {
                                for other in others.iter().filter(well_formed) {
                                    if !compare(*value, *other)
                                        .is_some_and(|o| passing.contains(&o))
                                    {
                                        out.push(found(Some(*value), Detail::Other(*other)));
                                    }
                                }
                            }
                        }
                    }
                }
                Constraint::QualifiedMinCount(q) | Constraint::QualifiedMaxCount(q) => {
                    let mut count = 0;
                    for value in values {
                        if self.conforms(q.shape, *value)?
                            && !self.any_conforms(&q.siblings, *value)?
                        {
                            count += 1;
                        }
                    }
                    let fails = match constraint {
                        Constraint::QualifiedMinCount(_) => (count as u64) < q.count,
                        _ => (count as u64) > q.count,
                    };
                    if fails {
                        out.push(found(None, Detail::Count(count)));
                    }
                }
                Constraint::Closed(allowed) => {
                    for value in values {
                        for (predicate, object) in self.data.outgoing(*value) {
                            if !allowed.iter().any(|a| a.as_ref() == predicate) {
                                out.push(Found {
                                    predicate: Some(predicate),
                                    ..found(Some(object), Detail::None)
                                });
                            }
                        }
                    }
                }
                Constraint::Sparql(sparql) => {
                    let shape = shapes.get(id);
                    for solution in sparql.solutions(self.data.dataset(), &shape.node, focus)? {
                        out.push(found(None, Detail::Sparql(Box::new(solution))));
                    }
                }
                Constraint::Property(property) => {
                    for value in values {
                        self.evaluate(*property, *value, out, first_only)?;
                        if first_only && !out.is_empty() {
                            return Ok(());
                        }
                    }
                }
                _ => {
                    for value in values {
                        if self.fails(constraint, *value)? {
                            out.push(found(Some(*value), Detail::None));
                            if first_only {
                                return Ok(());
                            }
                        }
                    }
                }
            }
            if first_only && !out.is_empty() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// True when one value node breaks a constraint that looks at each value on its own.
    fn fails(&mut self, constraint: &'a Constraint, value: TermRef<'a>) -> Result<bool> {
        Ok(match constraint {
            Constraint::Class(class) => !self.data.is_instance(value, class.as_ref()),
            Constraint::Datatype(expected) => !matches!(value, TermRef::Literal(l)
                if l.datatype() == expected.as_ref()
                    && datatype::invalid_reason(expected.as_str(), l.value()).is_none()),
            Constraint::NodeKind(kind) => !kind.admits(value),
            Constraint::Range(bound, limit) => {
                let order = compare(value, limit.as_ref().into());
                let passing: &[Ordering] = match bound {
                    Bound::MinExclusive => &[Ordering::Greater],
                    Bound::MinInclusive => &[Ordering::Greater, Ordering::Equal],
                    Bound::MaxExclusive => &[Ordering::Less],
                    Bound::MaxInclusive => &[Ordering::Less, Ordering::Equal],
                };
                !order.is_some_and(|o| passing.contains(&o))
            }
            Constraint::MinLength(min) => {
                string_value(value).is_none_or(|s| (s.chars().count() as u64) < *min)
            }
            Constraint::MaxLength(max) => {
                string_value(value).is_none_or(|s| (s.chars().count() as u64) > *max)
            }
            Constraint::Pattern { regex, .. } => {
                string_value(value).is_none_or(|s| !regex.is_match(s))
            }
            Constraint::LanguageIn(ranges) => !matches!(value, TermRef::Literal(l)
                if l.language().is_some_and(|tag| ranges.iter().any(|r| lang_matches(tag, r)))),
            Constraint::In(allowed) => !allowed.iter().any(|a| a.as_ref() == value),
            Constraint::Node(shape) => !self.conforms(*shape, value)?,
            Constraint::Not(shape) => self.conforms(*shape, value)?,
            Constraint::And(shapes) => {
                let mut all = true;
                for shape in shapes {
                    if !self.conforms(*shape, value)? {
                        all = false;
                        break;
                    }
                }
                !all
            }
            Constraint::Or(shapes) => !self.any_conforms(shapes, value)?,
            Constraint::Xone(shapes) => {
                let mut conforming = 0;
                for shape in shapes {
                    conforming += usize::from(self.conforms(*shape, value)?);
                }
                conforming != 1
            }
            Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::HasValue(_)
            | Constraint::UniqueLang
            | Constraint::Pair(..)
            | Constraint::QualifiedMinCount(_)
            | Constraint::QualifiedMaxCount(_)
            | Constraint::Closed(_)
            | Constraint::Property(_)
            | Constraint::Sparql(_) => unreachable!("checked on all the value nodes together"),
        })
    }

    fn any_conforms(&mut self, shapes: &[ShapeId], node: TermRef<'a>) -> Result<bool> {
        for shape in shapes {
            if self.conforms(*shape, node)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn conforms(&mut self, id: ShapeId, node: TermRef<'a>) -> Result<bool> {
        if let Some(known) = self.conforms.get(&(id, node)) {
            return Ok(*known);
        }
        let mut found = Vec::new();
        self.evaluate(id, node, &mut found, true)?;
        let conforms = found.is_empty();
        self.conforms.insert((id, node), conforms);
        Ok(conforms)
    }
}
