//! Running SPARQL against the knowledge graph. Every query sees hkkg's prefixes; its default graph
//! holds every fact once (see `store`), and `GRAPH ?passage { … }` finds where a fact was stated.
//!
//! Parameters are bound as RDF terms, never pasted into the query text: the parsed query gets a
//! `VALUES` table at the head of its WHERE group, exactly as if the analyst had written
//! `VALUES ?country { hkr:qatar }` there. That keeps SPARQL's own semantics: a bound variable
//! restricts the patterns that use it, FILTERs and BINDs of the group see it, aggregates are
//! computed after it, and it need not be projected. A variable the query assigns itself (BIND,
//! `(… AS ?x)`) cannot be a parameter: the query's own value would silently win.
//!
//! A time limit cancels the evaluation through oxigraph's cancellation token: a watchdog thread
//! fires it when the limit passes, and the rows not yet produced are never computed. oxigraph checks
//! the token whenever it reads the store, which is nearly always; an evaluation busy on data it has
//! already read (a join of two large materialised sides) notices only when it next reads. For that
//! case a front end may give [`Limits::on_overrun`], called if the evaluation is still running a
//! grace period after the cancellation: the command line exits there.

use super::algebra::{self, check_text};
use super::service::HttpService;
use super::syntax;
use super::union;
use crate::error::{Error, Position, Result, Shown};
use crate::rdf::namespaces::PREFIXES;
use crate::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{
    CancellationToken, QueryResults, QueryTripleIter, SparqlEvaluator, Variable,
};
use spargebra::algebra::{GraphPattern, QueryDataset};
use spargebra::term::GroundTerm;
use spargebra::{Query, SparqlParser};
use std::fmt;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// Longest query text accepted, so that a query read from an endless file or pipe is refused
/// rather than held in memory.
pub const MAX_QUERY_BYTES: u64 = 4 * 1024 * 1024;

/// How long after the cancellation an evaluation may take to notice it before `on_overrun`.
pub const CANCELLATION_GRACE: Duration = Duration::from_secs(2);

/// How a query runs.
#[derive(Clone, Default)]
pub struct Limits {
    /// Cancel the evaluation after this long.
    pub timeout: Option<Duration>,
    /// Called when an evaluation is still running [`CANCELLATION_GRACE`] after its cancellation.
    pub on_overrun: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl fmt::Debug for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limits")
            .field("timeout", &self.timeout)
            .field("on_overrun", &self.on_overrun.is_some())
            .finish()
    }
}

/// A parsed query ready to run, with the variables it uses and the IRIs it names.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub query: Query,
    pub variables: algebra::Variables,
    pub mentions: algebra::Mentions,
}

/// The RDF dataset a request names, as the SPARQL Protocol's `default-graph-uri` and
/// `named-graph-uri` do: it replaces the query's own FROM and FROM NAMED. Naming only named graphs
/// leaves the default graph empty, as FROM NAMED alone does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    pub default: Vec<NamedNode>,
    pub named: Vec<NamedNode>,
}

impl Prepared {
    /// The query over `dataset` instead of the one its FROM clauses (or their absence) name.
    pub fn with_dataset(mut self, dataset: &Dataset) -> Self {
        let replacement = Some(QueryDataset {
            default: dataset.default.clone(),
            named: Some(dataset.named.clone()),
        });
        match &mut self.query {
            Query::Select { dataset, .. }
            | Query::Construct { dataset, .. }
            | Query::Describe { dataset, .. }
            | Query::Ask { dataset, .. } => *dataset = replacement,
        }
        self
    }
}

/// Parses `text` with hkkg's prefixes; relative IRIs resolve against `base_iri`.
pub fn prepare(text: &str, base_iri: Option<&str>) -> Result<Prepared> {
    check_text(text)?;
    let query = parser(base_iri)?.parse_query(text).map_err(|e| {
        if is_update(text, base_iri) {
            return Error::UpdateNotQuery;
        }
        let located = syntax_error(text, &e.to_string(), base_iri.is_some());
        match base_iri {
            None => relative_iri_error(text).unwrap_or(located),
            Some(_) => located,
        }
    })?;
    let (variables, mentions) = algebra::inspect(&query)?;
    Ok(Prepared {
        query,
        variables,
        mentions,
    })
}

/// The SPARQL parser with hkkg's prefixes and `base_iri`, for queries and updates alike.
pub(crate) fn parser(base_iri: Option<&str>) -> Result<SparqlParser> {
    let parser = PREFIXES
        .iter()
        .fold(SparqlParser::new(), |parser, (prefix, namespace)| {
            parser
                .with_prefix(*prefix, *namespace)
                .expect("the built-in namespaces are valid IRIs")
        });
    match base_iri {
        None => Ok(parser),
        Some(base) => parser
            .with_base_iri(base)
            .map_err(|e| Error::InvalidParameter {
                name: "base".to_owned(),
                message: format!("'{}' is not an absolute IRI: {e}", Shown(base)),
            }),
    }
}

/// Whether `text`, which is not a query, is a well-formed SPARQL Update: then the right answer is
/// that updates are not run, not the parser's complaint that it expected SELECT.
fn is_update(text: &str, base_iri: Option<&str>) -> bool {
    parser(Some(base_iri.unwrap_or(PROBE_BASE)))
        .is_ok_and(|parser| parser.parse_update(text).is_ok())
}

/// A base no query has, to tell a relative IRI from other syntax errors.
const PROBE_BASE: &str = "http://base.hkkg.invalid/";

/// Without a base, the parser reports a relative IRI as whatever it expected instead (`expected
/// OPTIONAL`), which says nothing of the cause. When the query parses against a probe base, a
/// relative IRI was the only fault: this names the first one as written, at its place in the text.
fn relative_iri_error(text: &str) -> Option<Error> {
    parser(Some(PROBE_BASE)).ok()?.parse_query(text).ok()?;
    let advice = "it needs a base IRI: give --base IRI (a query file's own location is its base)";
    let Some((offset, relative)) = first_relative_iri(text) else {
        return Some(Error::QuerySyntaxUnlocated(format!(
            "the query uses a relative IRI; {advice}"
        )));
    };
    let (line, column) = syntax::line_column(text, offset);
    let message = format!("the relative IRI <{relative}> cannot be resolved: {advice}");
    Some(located(text, line, column, &message))
}

/// The first `<…>` of `text` that is an IRI reference without a scheme, with its byte offset.
fn first_relative_iri(text: &str) -> Option<(usize, &str)> {
    let not_in_iri = |c: char| c <= ' ' || "<\"{}|^`\\".contains(c);
    text.match_indices('<').find_map(|(offset, _)| {
        let rest = &text[offset + 1..];
        let inner = &rest[..rest.find(|c: char| c == '>' || not_in_iri(c))?];
        let closed = rest[inner.len()..].starts_with('>');
        let scheme = inner.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        (closed && !scheme).then_some((offset, inner))
    })
}

/// An answer being produced: the results, and the watchdog that cancels them when their time is up.
/// Results are computed as they are read, so the watchdog must outlive the reading.
pub struct Answer {
    pub results: QueryResults<'static>,
    limit: TimeLimit,
}

/// Keeps a time limit running while it is alive.
pub struct TimeLimit {
    _watchdog: Option<Watchdog>,
}

impl Answer {
    pub fn into_parts(self) -> (QueryResults<'static>, TimeLimit) {
        (self.results, self.limit)
    }
}

impl TimeLimit {
    /// Starts `limits`' time limit: the token to hand to the evaluator, fired when the time is up
    /// unless the returned limit is dropped first.
    pub(crate) fn start(limits: &Limits) -> (CancellationToken, Self) {
        let token = CancellationToken::new();
        let watchdog = limits
            .timeout
            .map(|timeout| Watchdog::start(timeout, token.clone(), limits.on_overrun.clone()));
        (
            token,
            Self {
                _watchdog: watchdog,
            },
        )
    }
}

/// Evaluates `prepared` with `bindings` as the values of its variables.
pub fn evaluate(
    graph: &KnowledgeGraph,
    prepared: Prepared,
    bindings: &[(Variable, Term)],
    limits: &Limits,
) -> Result<Answer> {
    let query = if bindings.is_empty() {
        prepared.query
    } else {
        bind(prepared.query, &prepared.variables, bindings)?
    };
    // A remote store evaluates under its own time limit, and every HTTP call has one (see remote).
    if let Some(remote) = graph.as_remote() {
        return Ok(Answer {
            results: remote.evaluate(query)?,
            limit: TimeLimit { _watchdog: None },
        });
    }
    let (token, limit) = TimeLimit::start(limits);
    let over_union = graph.merges_at_query_time() && !union::names_dataset(&query);
    let query = if over_union {
        union::over_union(query)
    } else {
        query
    };
    let mut prepared = SparqlEvaluator::new()
        .with_default_service_handler(HttpService::new(limits.timeout))
        .with_cancellation_token(token)
        .for_query(query);
    if over_union {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = match prepared.on_store(graph.store()?).execute()? {
        // A CONSTRUCT template or a DESCRIBE over the union meets each fact once per graph
        // stating it; the answer is a graph, each triple once.
        QueryResults::Graph(triples) if over_union => {
            let mut seen = std::collections::HashSet::new();
            QueryResults::Graph(QueryTripleIter::new(triples.filter(move |triple| {
                triple.as_ref().map_or(true, |t| seen.insert(t.clone()))
            })))
        }
        results => results,
    };
    Ok(Answer { results, limit })
}

/// Parses and evaluates `text` (hkkg's own internal queries, and tests).
pub fn execute(
    graph: &KnowledgeGraph,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<QueryResults<'static>> {
    Ok(evaluate(graph, prepare(text, None)?, bindings, &Limits::default())?.results)
}

/// Adds `VALUES (?a ?b) { (x y) }` at the head of the query's WHERE group.
pub(crate) fn bind(
    query: Query,
    variables: &algebra::Variables,
    bindings: &[(Variable, Term)],
) -> Result<Query> {
    let mut names = Vec::with_capacity(bindings.len());
    let mut row = Vec::with_capacity(bindings.len());
    for (variable, term) in bindings {
        let refuse = |message: String| Error::InvalidParameter {
            name: variable.as_str().to_owned(),
            message,
        };
        if !variables.mentioned.contains(variable) {
            return Err(refuse(format!(
                "the query has no variable ?{}",
                variable.as_str()
            )));
        }
        if variables.assigned.contains(variable) {
            return Err(refuse(format!(
                "the query assigns ?{} itself (BIND or `AS ?{0}`), which would override the value given; rename one of them",
                variable.as_str()
            )));
        }
        if names.contains(variable) {
            return Err(refuse("given more than once".to_owned()));
        }
        let ground = match term {
            Term::NamedNode(node) => GroundTerm::NamedNode(node.clone()),
            Term::Literal(literal) => GroundTerm::Literal(literal.clone()),
            other => {
                return Err(refuse(format!(
                    "{other} cannot be bound: use an IRI or a literal"
                )))
            }
        };
        names.push(variable.clone());
        row.push(Some(ground));
    }
    let values = GraphPattern::Values {
        variables: names,
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
/// The walk is as deep as the query, which `algebra` has bounded.
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

/// Fires a cancellation token when its time is up, unless dropped first. Dropping it wakes the
/// thread, which then ends at once.
struct Watchdog {
    done: Arc<(Mutex<bool>, Condvar)>,
}

impl Watchdog {
    fn start(
        timeout: Duration,
        token: CancellationToken,
        on_overrun: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Self {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let shared = Arc::clone(&done);
        thread::spawn(move || {
            let (lock, wake) = &*shared;
            let Ok(finished) = lock.lock() else { return };
            let Ok((finished, _)) = wake.wait_timeout_while(finished, timeout, |f| !*f) else {
                return;
            };
            if *finished {
                return;
            }
            token.cancel();
            let Ok((finished, _)) = wake.wait_timeout_while(finished, CANCELLATION_GRACE, |f| !*f)
            else {
                return;
            };
            if !*finished {
                if let Some(on_overrun) = on_overrun {
                    on_overrun();
                }
            }
        });
        Self { done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, wake) = &*self.done;
        if let Ok(mut finished) = lock.lock() {
            *finished = true;
        }
        wake.notify_all();
    }
}

/// Checks a query's syntax without running it, and returns the first of `variables` that the query
/// does not use (a parameter that could never take effect).
pub fn check<'a>(
    query: &str,
    base_iri: Option<&str>,
    variables: impl IntoIterator<Item = &'a str>,
) -> Result<Option<&'a str>> {
    let prepared = prepare(query, base_iri)?;
    Ok(variables.into_iter().find(|name| {
        !prepared
            .variables
            .mentioned
            .contains(&Variable::new_unchecked(*name))
    }))
}

/// Query lines longer than this are cut around the error column in messages.
const EXCERPT_CHARS: usize = 100;

/// The SPARQL parser reports "error at LINE:COLUMN: expected …"; this says in words what is wrong
/// (see [`syntax::explain`]), at the place it is wrong, with the line and a caret under the column.
pub(crate) fn syntax_error(query: &str, message: &str, has_base: bool) -> Error {
    if !has_base && message.contains("No base IRI") {
        return Error::QuerySyntaxUnlocated(format!(
            "{message}: the query uses a relative IRI; give a base IRI with --base IRI (a query file's own location is its base)"
        ));
    }
    let position = message.strip_prefix("error at ").and_then(|rest| {
        let (location, detail) = rest.split_once(": ")?;
        let (line, column) = location.split_once(':')?;
        Some((
            line.parse::<u64>().ok()?,
            column.parse::<u64>().ok()?,
            detail,
        ))
    });
    let Some((line, column, detail)) = position else {
        return Error::QuerySyntaxUnlocated(Shown(message).to_string());
    };
    let explained = syntax::explain(query, line, column, detail);
    located(query, explained.line, explained.column, &explained.message)
}

/// A syntax error at `line`:`column` of `query`, with the line and a caret under the column.
fn located(query: &str, line: u64, column: u64, detail: &str) -> Error {
    let source_line = query
        .lines()
        .nth(usize::try_from(line).unwrap_or(0).saturating_sub(1))
        .unwrap_or("");
    let column_index = usize::try_from(column).unwrap_or(1).saturating_sub(1);
    // Long lines (a query on one line) are shown from a little before the error.
    let skip = column_index.saturating_sub(EXCERPT_CHARS / 2);
    let shown: String = source_line.chars().skip(skip).take(EXCERPT_CHARS).collect();
    let caret_offset: usize = shown
        .chars()
        .take(column_index - skip)
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    let ellipsis = if skip > 0 { "…" } else { "" };
    Error::QuerySyntax {
        position: Position { line, column },
        message: detail.to_owned(),
        excerpt: format!(
            "  {ellipsis}{}\n  {}{}^",
            Shown(&shown),
            if skip > 0 { " " } else { "" },
            " ".repeat(caret_offset)
        ),
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
    fn binding_a_variable_the_query_lacks_or_assigns_is_refused() {
        let unknown = execute(
            &graph(),
            "SELECT ?s WHERE { ?s ?p ?o }",
            &[(Variable::new_unchecked("so"), iri("qa"))],
        )
        .err()
        .expect("an unknown variable fails");
        assert!(unknown.to_string().contains("no variable ?so"), "{unknown}");
        let assigned = execute(
            &graph(),
            "SELECT ?d WHERE { ?s ?p ?o BIND(30 AS ?d) }",
            &[(Variable::new_unchecked("d"), Literal::from(14).into())],
        )
        .err()
        .expect("a variable the query assigns fails");
        assert!(
            assigned.to_string().contains("assigns ?d itself"),
            "{assigned}"
        );
    }

    #[test]
    fn syntax_errors_carry_line_column_and_a_caret() {
        let error = check("SELECT ?x\nWHERE { ?x ?y }", None, []).unwrap_err();
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

    #[test]
    fn a_relative_iri_without_a_base_is_named_where_it_is_written() {
        let query = "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 || ?s IN (1, <../x>)) }";
        let error = check(query, None, []).unwrap_err();
        let Error::QuerySyntax {
            position, message, ..
        } = &error
        else {
            panic!("expected a located syntax error, got {error:?}");
        };
        assert!(message.contains("the relative IRI <../x>"), "{message}");
        assert_eq!(position.column as usize, query.find("<../x>").unwrap() + 1);
        assert!(check(query, Some("http://example.org/q/"), []).is_ok());
        // Other syntax errors are reported as the parser found them.
        let error = check("SELECT * WHERE { <x> ?p }", None, []).unwrap_err();
        assert!(!error.to_string().contains("relative IRI"), "{error}");
    }

    #[test]
    fn an_update_is_refused_as_such() {
        for update in [
            "INSERT DATA { hkr:x rdfs:label \"x\" }",
            "DELETE WHERE { ?s ?p ?o }",
            "CLEAR ALL",
            "LOAD <http://example.org/data.ttl>",
        ] {
            let error = prepare(update, None).unwrap_err();
            assert!(matches!(error, Error::UpdateNotQuery), "{update}: {error}");
        }
        // Text that is neither stays a syntax error, with its position.
        let error = prepare("INSERT DATA { hkr:x }", None).unwrap_err();
        assert!(matches!(error, Error::QuerySyntax { .. }), "{error}");
    }

    #[test]
    fn a_timeout_cancels_a_runaway_query() {
        // Seven-way cross product of 12 triples: 35 million rows, read from the store row by row.
        let endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r . ?s ?t ?u }";
        let limits = Limits {
            timeout: Some(Duration::from_millis(100)),
            on_overrun: None,
        };
        let answer = evaluate(&graph(), prepare(endless, None).unwrap(), &[], &limits).unwrap();
        let QueryResults::Solutions(solutions) = answer.results else {
            panic!("a SELECT query")
        };
        let stopped = solutions
            .map(|row| row.map_err(Error::from))
            .find_map(Result::err);
        assert!(matches!(stopped, Some(Error::Cancelled)), "{stopped:?}");
    }
}
