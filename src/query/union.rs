//! The merge of every graph as a query's default graph, computed while the query runs instead of
//! stored.
//!
//! hkkg's queries see a default graph holding every fact once, whichever passages state it (see
//! `store`). A graph loaded into memory for reading does not store that merge: a copy of every
//! fact in the default graph cost two thirds as much memory again as the facts themselves
//! (637 against 376 MiB for a million generated triples, measured). oxigraph can
//! take the union of all graphs as the default graph, but that union is a bag: a fact two passages
//! state is matched twice, and `COUNT(*)` or `SUM` would count it twice.
//!
//! [`over_union`] rewrites a query so that, over that union, it answers exactly what it answers
//! over the stored merge. Only the patterns that read the default graph are touched:
//! - a basic graph pattern becomes `SELECT DISTINCT` over all its variables, its blank nodes made
//!   variables first, so that each solution comes once, as it does over a set of triples, and the
//!   blank nodes still multiply solutions as SPARQL says they do;
//! - a property path step that reads triples one by one (a predicate, its inverse, a negated set)
//!   becomes DISTINCT over its ends; a sequence `a/b` is split at its middle node so that each of
//!   its steps is such a step and the middle still multiplies solutions, as oxigraph evaluates it;
//!   `|`, `*`, `+` and `?` are left alone: oxigraph already keeps each pair of ends once there.
//!
//! Everything above these patterns (joins, OPTIONAL, FILTER, aggregates) then computes over the
//! solutions the merge gives. `GRAPH` patterns read one named graph, a set: they are left as they
//! are, as are `SERVICE` patterns, which another store answers. The walk is as deep as the query,
//! which `algebra` has bounded.

use oxigraph::sparql::Variable;
use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};
use spargebra::term::{BlankNode, NamedNodePattern, TermPattern, TriplePattern};
use spargebra::Query;
use std::collections::HashMap;

/// `query` rewritten to answer over the union of all graphs as it does over their merge (see the
/// module comment). For a query that names no dataset of its own ([`names_dataset`]).
pub fn over_union(mut query: Query) -> Query {
    let (Query::Select { pattern, .. }
    | Query::Construct { pattern, .. }
    | Query::Describe { pattern, .. }
    | Query::Ask { pattern, .. }) = &mut query;
    *pattern = Fresh::default().pattern(std::mem::take(pattern));
    query
}

/// Whether `query` names its own dataset (FROM or FROM NAMED).
pub fn names_dataset(query: &Query) -> bool {
    match query {
        Query::Select { dataset, .. }
        | Query::Construct { dataset, .. }
        | Query::Describe { dataset, .. }
        | Query::Ask { dataset, .. } => dataset.is_some(),
    }
}

/// Makes variables no query can name: `-` is not allowed in a SPARQL variable name.
#[derive(Default)]
struct Fresh {
    made: usize,
    blanks: HashMap<BlankNode, Variable>,
}

impl Fresh {
    fn variable(&mut self) -> Variable {
        self.made += 1;
        Variable::new_unchecked(format!("hkkg-union-{}", self.made))
    }

    fn pattern(&mut self, pattern: GraphPattern) -> GraphPattern {
        let mut inner = |p: Box<GraphPattern>| Box::new(self.pattern(*p));
        match pattern {
            GraphPattern::Bgp { patterns } if !patterns.is_empty() => self.bgp(patterns),
            GraphPattern::Path {
                subject,
                path,
                object,
            } => self.path(subject, path, object),
            GraphPattern::Join { left, right } => {
                let left = inner(left);
                GraphPattern::Join {
                    left,
                    right: inner(right),
                }
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                let left = inner(left);
                let right = inner(right);
                GraphPattern::LeftJoin {
                    left,
                    right,
                    expression: expression.map(|e| self.expression(e)),
                }
            }
            GraphPattern::Lateral { left, right } => {
                let left = inner(left);
                GraphPattern::Lateral {
                    left,
                    right: inner(right),
                }
            }
            GraphPattern::Union { left, right } => {
                let left = inner(left);
                GraphPattern::Union {
                    left,
                    right: inner(right),
                }
            }
            GraphPattern::Minus { left, right } => {
                let left = inner(left);
                GraphPattern::Minus {
                    left,
                    right: inner(right),
                }
            }
            GraphPattern::Filter { expr, inner: p } => {
                let p = inner(p);
                GraphPattern::Filter {
                    expr: self.expression(expr),
                    inner: p,
                }
            }
            GraphPattern::Extend {
                inner: p,
                variable,
                expression,
            } => {
                let p = inner(p);
                GraphPattern::Extend {
                    inner: p,
                    variable,
                    expression: self.expression(expression),
                }
            }
            GraphPattern::OrderBy {
                inner: p,
                expression,
            } => {
                let p = inner(p);
                GraphPattern::OrderBy {
                    inner: p,
                    expression: expression
                        .into_iter()
                        .map(|order| match order {
                            OrderExpression::Asc(e) => OrderExpression::Asc(self.expression(e)),
                            OrderExpression::Desc(e) => OrderExpression::Desc(self.expression(e)),
                        })
                        .collect(),
                }
            }
            GraphPattern::Project {
                inner: p,
                variables,
            } => GraphPattern::Project {
                inner: inner(p),
                variables,
            },
            GraphPattern::Distinct { inner: p } => GraphPattern::Distinct { inner: inner(p) },
            GraphPattern::Reduced { inner: p } => GraphPattern::Reduced { inner: inner(p) },
            GraphPattern::Slice {
                inner: p,
                start,
                length,
            } => GraphPattern::Slice {
                inner: inner(p),
                start,
                length,
            },
            GraphPattern::Group {
                inner: p,
                variables,
                aggregates,
            } => {
                let p = inner(p);
                GraphPattern::Group {
                    inner: p,
                    variables,
                    aggregates: aggregates
                        .into_iter()
                        .map(|(variable, aggregate)| (variable, self.aggregate(aggregate)))
                        .collect(),
                }
            }
            // A named graph is a set; another store answers SERVICE; VALUES and the empty group
            // read nothing.
            untouched @ (GraphPattern::Graph { .. }
            | GraphPattern::Service { .. }
            | GraphPattern::Values { .. }
            | GraphPattern::Bgp { .. }) => untouched,
        }
    }

    /// `SELECT DISTINCT` over the pattern's variables, its blank nodes among them.
    fn bgp(&mut self, patterns: Vec<TriplePattern>) -> GraphPattern {
        let patterns: Vec<TriplePattern> = patterns
            .into_iter()
            .map(|triple| TriplePattern {
                subject: self.term(triple.subject),
                predicate: triple.predicate,
                object: self.term(triple.object),
            })
            .collect();
        let mut variables: Vec<Variable> = Vec::new();
        for triple in &patterns {
            let named = match &triple.predicate {
                NamedNodePattern::Variable(variable) => Some(variable),
                NamedNodePattern::NamedNode(_) => None,
            };
            for variable in [
                term_variable(&triple.subject),
                named,
                term_variable(&triple.object),
            ]
            .into_iter()
            .flatten()
            {
                if !variables.contains(variable) {
                    variables.push(variable.clone());
                }
            }
        }
        distinct_over(GraphPattern::Bgp { patterns }, variables)
    }

    /// A blank node of a pattern as a variable, the same one wherever the node is written: SPARQL
    /// matches it as a variable the answer does not show, and so it must still tell solutions
    /// apart under DISTINCT. The query's projection, fixed when it was parsed (`SELECT *`
    /// included), never shows these variables.
    fn term(&mut self, term: TermPattern) -> TermPattern {
        match term {
            TermPattern::BlankNode(node) => {
                let made = self.blanks.len();
                TermPattern::Variable(
                    self.blanks
                        .entry(node)
                        .or_insert_with(|| {
                            Variable::new_unchecked(format!("hkkg-blank-{}", made + 1))
                        })
                        .clone(),
                )
            }
            other => other,
        }
    }

    fn path(
        &mut self,
        subject: TermPattern,
        path: PropertyPathExpression,
        object: TermPattern,
    ) -> GraphPattern {
        let (subject, object) = (self.term(subject), self.term(object));
        match path {
            PropertyPathExpression::Sequence(first, second) => {
                let middle = self.variable();
                let ends = ends(&subject, &object);
                let first = self.path(subject, *first, middle.clone().into());
                let second = self.path(middle.into(), *second, object);
                GraphPattern::Project {
                    inner: Box::new(GraphPattern::Join {
                        left: Box::new(first),
                        right: Box::new(second),
                    }),
                    variables: ends,
                }
            }
            // The inverse of a sequence is the sequence of the inverses, the other way round.
            PropertyPathExpression::Reverse(inner)
                if matches!(
                    *inner,
                    PropertyPathExpression::Sequence(..) | PropertyPathExpression::Reverse(_)
                ) =>
            {
                self.path(object, *inner, subject)
            }
            kept @ (PropertyPathExpression::Alternative(..)
            | PropertyPathExpression::ZeroOrMore(_)
            | PropertyPathExpression::OneOrMore(_)
            | PropertyPathExpression::ZeroOrOne(_)) => GraphPattern::Path {
                subject,
                path: kept,
                object,
            },
            step => {
                let ends = ends(&subject, &object);
                distinct_over(
                    GraphPattern::Path {
                        subject,
                        path: step,
                        object,
                    },
                    ends,
                )
            }
        }
    }

    fn aggregate(&mut self, aggregate: AggregateExpression) -> AggregateExpression {
        match aggregate {
            AggregateExpression::FunctionCall {
                name,
                expr,
                distinct,
            } => AggregateExpression::FunctionCall {
                name,
                expr: self.expression(expr),
                distinct,
            },
            count_all @ AggregateExpression::CountSolutions { .. } => count_all,
        }
    }

    /// The expression with the patterns of its EXISTS rewritten.
    fn expression(&mut self, expression: Expression) -> Expression {
        let one = |e: Box<Expression>, fresh: &mut Self| Box::new(fresh.expression(*e));
        match expression {
            Expression::Exists(pattern) => Expression::Exists(Box::new(self.pattern(*pattern))),
            Expression::Or(a, b) => Expression::Or(one(a, self), one(b, self)),
            Expression::And(a, b) => Expression::And(one(a, self), one(b, self)),
            Expression::Equal(a, b) => Expression::Equal(one(a, self), one(b, self)),
            Expression::SameTerm(a, b) => Expression::SameTerm(one(a, self), one(b, self)),
            Expression::Greater(a, b) => Expression::Greater(one(a, self), one(b, self)),
            Expression::GreaterOrEqual(a, b) => {
                Expression::GreaterOrEqual(one(a, self), one(b, self))
            }
            Expression::Less(a, b) => Expression::Less(one(a, self), one(b, self)),
            Expression::LessOrEqual(a, b) => Expression::LessOrEqual(one(a, self), one(b, self)),
            Expression::Add(a, b) => Expression::Add(one(a, self), one(b, self)),
            Expression::Subtract(a, b) => Expression::Subtract(one(a, self), one(b, self)),
            Expression::Multiply(a, b) => Expression::Multiply(one(a, self), one(b, self)),
            Expression::Divide(a, b) => Expression::Divide(one(a, self), one(b, self)),
            Expression::UnaryPlus(a) => Expression::UnaryPlus(one(a, self)),
            Expression::UnaryMinus(a) => Expression::UnaryMinus(one(a, self)),
            Expression::Not(a) => Expression::Not(one(a, self)),
            Expression::In(a, list) => Expression::In(
                one(a, self),
                list.into_iter().map(|e| self.expression(e)).collect(),
            ),
            Expression::If(a, b, c) => Expression::If(one(a, self), one(b, self), one(c, self)),
            Expression::Coalesce(list) => {
                Expression::Coalesce(list.into_iter().map(|e| self.expression(e)).collect())
            }
            Expression::FunctionCall(function, list) => Expression::FunctionCall(
                function,
                list.into_iter().map(|e| self.expression(e)).collect(),
            ),
            leaf @ (Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_)) => leaf,
        }
    }
}

fn term_variable(term: &TermPattern) -> Option<&Variable> {
    match term {
        TermPattern::Variable(variable) => Some(variable),
        _ => None,
    }
}

/// The variables among a path's two ends.
fn ends(subject: &TermPattern, object: &TermPattern) -> Vec<Variable> {
    let mut ends: Vec<Variable> = term_variable(subject).into_iter().cloned().collect();
    if let Some(object) = term_variable(object) {
        if !ends.contains(object) {
            ends.push(object.clone());
        }
    }
    ends
}

fn distinct_over(pattern: GraphPattern, variables: Vec<Variable>) -> GraphPattern {
    GraphPattern::Distinct {
        inner: Box::new(GraphPattern::Project {
            inner: Box::new(pattern),
            variables,
        }),
    }
}
