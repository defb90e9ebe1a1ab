//! What hkkg needs to know about a parsed query before running it: how deeply it nests, which
//! variables it mentions, which it assigns itself (BIND, `(… AS ?x)`, aggregates), and, for the
//! advice given before it runs (`advice`), the IRIs it names in the role each plays (class,
//! property, graph, service, other), and the literals it compares `lang(…)` with.
//!
//! oxigraph's parser and evaluator recurse over the query, so a query nested tens of thousands of
//! levels deep (brackets, or a long chain of `+`) would overflow the stack and kill the process. The
//! walk here is bounded: it stops, with an error, at [`MAX_DEPTH`] levels, long before any stack is
//! at risk, and the evaluator never sees such a query. The text is checked first ([`check_text`])
//! because the parser itself recurses on brackets, and builds (and drops) a nested tree from a long
//! chain of property-path steps, UNIONs, OPTIONALs or MINUSes; arithmetic and boolean chains it
//! handles without deep recursion (measured up to two million terms).

use crate::error::{Error, Result};
use oxigraph::model::NamedNode;
use oxigraph::sparql::Variable;
use spargebra::algebra::{
    AggregateExpression, Expression, Function, GraphPattern, OrderExpression,
    PropertyPathExpression,
};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, TriplePattern};
use spargebra::Query;
use std::collections::BTreeSet;

/// Deepest nesting of the parsed query (patterns and expressions together) hkkg runs. Real queries
/// stay below 30; the evaluator handles a few thousand on hkkg's query thread (see `commands`).
pub const MAX_DEPTH: usize = 500;
/// Deepest bracket nesting in the query text handed to the parser.
pub const MAX_BRACKETS: usize = 250;
/// Most property-path steps (`/`, `|`), UNIONs, OPTIONALs and MINUSes in one query.
pub const MAX_CHAIN: usize = 10_000;

/// What a query mentions and assigns.
#[derive(Debug, Clone, Default)]
pub struct Variables {
    pub mentioned: BTreeSet<Variable>,
    /// Variables given a value by the query itself: BIND, a SELECT expression, an aggregate.
    pub assigned: BTreeSet<Variable>,
}

/// The part an IRI plays where the query names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The object of `a` / `rdf:type` in a triple pattern.
    Class,
    /// A predicate, or a step of a property path.
    Property,
    /// The name in `GRAPH <g> { … }`.
    Graph,
    /// The endpoint in `SERVICE <e> { … }`.
    Service,
    /// A subject, an object, a value in an expression or a VALUES table.
    Other,
}

/// The IRIs a query's WHERE clause names (a CONSTRUCT template's are left out: a query may build
/// new terms) and the literals it compares `lang(…)` with.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// Each (IRI, role) once, in the order met.
    pub iris: Vec<(NamedNode, Role)>,
    /// The literal of each `lang(…) = "…"`, `sameTerm(lang(…), "…")` or `lang(…) IN ("…")`.
    pub lang_comparisons: Vec<String>,
    /// Whether some `GRAPH ?variable { … }` ranges over every named graph (the names of
    /// `GRAPH <iri>` patterns are in [`Self::iris`] with [`Role::Graph`]).
    pub any_graph: bool,
}

impl Mentions {
    fn iri(&mut self, iri: &NamedNode, role: Role) {
        if !self.iris.iter().any(|(i, r)| i == iri && *r == role) {
            self.iris.push((iri.clone(), role));
        }
    }
}

/// Refuses query text whose `(`, `{` and `[` nest deeper than [`MAX_BRACKETS`], or that chains
/// more than [`MAX_CHAIN`] path steps and UNION/OPTIONAL/MINUS, ignoring what strings, IRIs and
/// comments hold.
pub fn check_text(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let (mut depth, mut chain, mut at) = (0usize, 0usize, 0usize);
    while at < bytes.len() {
        match bytes[at] {
            b'#' => {
                at += bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(bytes.len() - at);
            }
            quote @ (b'"' | b'\'') => at = skip_string(bytes, at, quote),
            b'<' => {
                // An IRI reference has no spaces; a comparison `?a < ?b` does.
                let end = bytes[at + 1..]
                    .iter()
                    .position(|&b| b == b'>' || b.is_ascii_whitespace() || b == b'<');
                if let Some(end) = end.filter(|&e| bytes[at + 1 + e] == b'>') {
                    at += end + 1;
                }
            }
            b'/' | b'|' => chain += 1,
            b'U' | b'u' | b'O' | b'o' | b'M' | b'm' if starts_chain_keyword(bytes, at) => {
                chain += 1
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Err(Error::QueryTooDeep {
                        what: "brackets nest",
                        limit: MAX_BRACKETS,
                    });
                }
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if chain > MAX_CHAIN {
            return Err(Error::QueryTooDeep {
                what: "chain of property-path steps, UNIONs, OPTIONALs and MINUSes runs",
                limit: MAX_CHAIN,
            });
        }
        at += 1;
    }
    Ok(())
}

/// `UNION`, `OPTIONAL` or `MINUS` as a keyword (any case) at `at`, not part of a longer name.
fn starts_chain_keyword(bytes: &[u8], at: usize) -> bool {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':' | b'.');
    if at > 0 && is_name(bytes[at - 1]) {
        return false;
    }
    ["UNION", "OPTIONAL", "MINUS"].iter().any(|keyword| {
        let end = at + keyword.len();
        bytes.len() >= end
            && bytes[at..end].eq_ignore_ascii_case(keyword.as_bytes())
            && bytes.get(end).is_none_or(|&b| !is_name(b))
    })
}

/// The index of the closing quote of the string starting at `start` (or the end of the text).
fn skip_string(bytes: &[u8], start: usize, quote: u8) -> usize {
    let long = bytes[start..].starts_with(&[quote; 3]);
    let mut at = start + if long { 3 } else { 1 };
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b if b == quote && (!long || bytes[at..].starts_with(&[quote; 3])) => {
                return at + if long { 2 } else { 0 };
            }
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The variables of `query`, or an error when it nests deeper than [`MAX_DEPTH`].
pub fn variables(query: &Query) -> Result<Variables> {
    Ok(inspect(query)?.0)
}

/// The variables and the mentions of `query`, in one bounded walk.
pub fn inspect(query: &Query) -> Result<(Variables, Mentions)> {
    let mut walk = Walk::default();
    match query {
        Query::Select { pattern, .. }
        | Query::Ask { pattern, .. }
        | Query::Describe { pattern, .. } => walk.pattern(pattern, 0)?,
        Query::Construct {
            template, pattern, ..
        } => {
            walk.quiet = true;
            for triple in template {
                walk.triple(triple);
            }
            walk.quiet = false;
            walk.pattern(pattern, 0)?;
        }
    }
    Ok((walk.found, walk.mentions))
}

#[derive(Default)]
struct Walk {
    found: Variables,
    mentions: Mentions,
    /// Inside a CONSTRUCT template or a SERVICE pattern: IRIs there are not this dataset's terms.
    quiet: bool,
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

impl Walk {
    fn deeper(depth: usize) -> Result<usize> {
        if depth >= MAX_DEPTH {
            return Err(Error::QueryTooDeep {
                what: "patterns and expressions nest",
                limit: MAX_DEPTH,
            });
        }
        Ok(depth + 1)
    }

    fn variable(&mut self, variable: &Variable) {
        self.found.mentioned.insert(variable.clone());
    }

    fn assigned(&mut self, variable: &Variable) {
        self.variable(variable);
        self.found.assigned.insert(variable.clone());
    }

    fn iri(&mut self, iri: &NamedNode, role: Role) {
        if !self.quiet {
            self.mentions.iri(iri, role);
        }
    }

    fn term(&mut self, term: &TermPattern, role: Role) {
        match term {
            TermPattern::Variable(variable) => self.variable(variable),
            TermPattern::NamedNode(iri) => self.iri(iri, role),
            _ => {}
        }
    }

    fn named(&mut self, name: &NamedNodePattern, role: Role) {
        match name {
            NamedNodePattern::Variable(variable) => self.variable(variable),
            NamedNodePattern::NamedNode(iri) => self.iri(iri, role),
        }
    }

    fn triple(&mut self, triple: &TriplePattern) {
        self.term(&triple.subject, Role::Other);
        self.named(&triple.predicate, Role::Property);
        let typing =
            matches!(&triple.predicate, NamedNodePattern::NamedNode(p) if p.as_str() == RDF_TYPE);
        let role = if typing { Role::Class } else { Role::Other };
        self.term(&triple.object, role);
    }

    fn path(&mut self, path: &PropertyPathExpression, depth: usize) -> Result<()> {
        let depth = Self::deeper(depth)?;
        match path {
            PropertyPathExpression::NamedNode(iri) => self.iri(iri, Role::Property),
            PropertyPathExpression::Reverse(inner)
            | PropertyPathExpression::ZeroOrMore(inner)
            | PropertyPathExpression::OneOrMore(inner)
            | PropertyPathExpression::ZeroOrOne(inner) => self.path(inner, depth)?,
            PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
                self.path(a, depth)?;
                self.path(b, depth)?;
            }
            PropertyPathExpression::NegatedPropertySet(iris) => {
                iris.iter().for_each(|iri| self.iri(iri, Role::Property))
            }
        }
        Ok(())
    }

    /// Notes `lang(…) = "literal"` (either way round) for advice.
    fn lang_comparison(&mut self, a: &Expression, b: &Expression) {
        let is_lang = |e: &Expression| matches!(e, Expression::FunctionCall(Function::Lang, _));
        for (call, value) in [(a, b), (b, a)] {
            if let (true, Expression::Literal(literal)) = (is_lang(call), value) {
                self.mentions
                    .lang_comparisons
                    .push(literal.value().to_owned());
            }
        }
    }

    fn pattern(&mut self, pattern: &GraphPattern, depth: usize) -> Result<()> {
        let depth = Self::deeper(depth)?;
        match pattern {
            GraphPattern::Bgp { patterns } => patterns.iter().for_each(|t| self.triple(t)),
            GraphPattern::Path {
                subject,
                path,
                object,
            } => {
                self.term(subject, Role::Other);
                self.path(path, depth)?;
                self.term(object, Role::Other);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                self.pattern(left, depth)?;
                self.pattern(right, depth)?;
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left, depth)?;
                self.pattern(right, depth)?;
                if let Some(expression) = expression {
                    self.expression(expression, depth)?;
                }
            }
            GraphPattern::Filter { expr, inner } => {
                self.expression(expr, depth)?;
                self.pattern(inner, depth)?;
            }
            GraphPattern::Graph { name, inner } => {
                self.named(name, Role::Graph);
                if matches!(name, NamedNodePattern::Variable(_)) && !self.quiet {
                    self.mentions.any_graph = true;
                }
                self.pattern(inner, depth)?;
            }
            GraphPattern::Service { name, inner, .. } => {
                self.named(name, Role::Service);
                let quiet = std::mem::replace(&mut self.quiet, true);
                self.pattern(inner, depth)?;
                self.quiet = quiet;
            }
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                self.assigned(variable);
                self.expression(expression, depth)?;
                self.pattern(inner, depth)?;
            }
            GraphPattern::Values {
                variables,
                bindings,
            } => {
                variables.iter().for_each(|v| self.variable(v));
                for value in bindings.iter().flatten().flatten() {
                    if let GroundTerm::NamedNode(iri) = value {
                        self.iri(iri, Role::Other);
                    }
                }
            }
            GraphPattern::OrderBy { inner, expression } => {
                for order in expression {
                    let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = order;
                    self.expression(e, depth)?;
                }
                self.pattern(inner, depth)?;
            }
            GraphPattern::Project { inner, variables } => {
                variables.iter().for_each(|v| self.variable(v));
                self.pattern(inner, depth)?;
            }
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.pattern(inner, depth)?,
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                variables.iter().for_each(|v| self.variable(v));
                for (variable, aggregate) in aggregates {
                    self.assigned(variable);
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        self.expression(expr, depth)?;
                    }
                }
                self.pattern(inner, depth)?;
            }
        }
        Ok(())
    }

    fn expression(&mut self, expression: &Expression, depth: usize) -> Result<()> {
        let depth = Self::deeper(depth)?;
        match expression {
            Expression::NamedNode(iri) => self.iri(iri, Role::Other),
            Expression::Literal(_) => {}
            Expression::Variable(variable) | Expression::Bound(variable) => self.variable(variable),
            Expression::Equal(a, b) | Expression::SameTerm(a, b) => {
                self.lang_comparison(a, b);
                self.expression(a, depth)?;
                self.expression(b, depth)?;
            }
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b)
            | Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                self.expression(a, depth)?;
                self.expression(b, depth)?;
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expression(a, depth)?
            }
            Expression::In(a, list) => {
                self.expression(a, depth)?;
                for item in list {
                    self.lang_comparison(a, item);
                    self.expression(item, depth)?;
                }
            }
            Expression::Exists(pattern) => self.pattern(pattern, depth)?,
            Expression::If(a, b, c) => {
                self.expression(a, depth)?;
                self.expression(b, depth)?;
                self.expression(c, depth)?;
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                for item in list {
                    self.expression(item, depth)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    fn parse(text: &str) -> Query {
        SparqlParser::new().parse_query(text).unwrap()
    }

    #[test]
    fn finds_mentioned_and_assigned_variables() {
        let query = parse(
            "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o FILTER(?o != ?x) BIND(1 AS ?b) } GROUP BY ?s",
        );
        let found = variables(&query).unwrap();
        for name in ["s", "p", "o", "x", "n", "b"] {
            assert!(
                found.mentioned.contains(&Variable::new_unchecked(name)),
                "{name}"
            );
        }
        // The parser names each aggregate with a variable of its own, assigned too.
        for name in ["b", "n"] {
            assert!(
                found.assigned.contains(&Variable::new_unchecked(name)),
                "{name}"
            );
        }
        assert!(!found.assigned.contains(&Variable::new_unchecked("o")));
    }

    #[test]
    fn refuses_deep_nesting_without_recursing_into_it() {
        // hkkg parses on a thread with a large stack; a debug build's test thread has 2 MiB.
        let deep = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(|| {
                let sum = format!("ASK {{ FILTER({}1) }}", "1 + ".repeat(MAX_DEPTH * 4));
                matches!(variables(&parse(&sum)), Err(Error::QueryTooDeep { .. }))
            })
            .unwrap();
        assert!(deep.join().unwrap());
        let brackets = format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(check_text(&brackets).is_err());
        let path = format!("ASK {{ ?s {} ?o }}", vec!["a"; MAX_CHAIN + 2].join("/"));
        assert!(check_text(&path).is_err());
        let unions = "{ ?s ?p ?o } UNION ".repeat(MAX_CHAIN + 1);
        assert!(check_text(&unions).is_err());
        let quoted = format!(
            "ASK {{ FILTER(\"{}\" = <http://e/(((>) }} # {{{{{{",
            "(".repeat(10_000)
        );
        assert!(check_text(&quoted).is_ok());
        assert!(check_text("ASK { FILTER(1 < 2 && 3 > 2) } # hk:optional-union").is_ok());
        assert!(check_text("SELECT * { ?s hk:minus ?o OPTIONAL { ?s ?p ?o } }").is_ok());
    }
}
