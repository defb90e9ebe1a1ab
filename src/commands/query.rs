//! `query`, `queries` and `search`: running a named query, a query file, inline text or standard
//! input with the session's parameters policy and time limit — with advice on its terms first —,
//! checking one without running it, showing one in its standalone form, listing the catalogue, and
//! finding entities by name.

use super::Session;
use crate::error::{Error, Result};
use crate::graph::dump::{self, SvgEngine};
use crate::graph::view;
use crate::output::results::{self, Display, Form, FormatChoice, ResultFormat};
use crate::query::advice::{self, Advice};
use crate::query::catalog::Catalog;
use crate::query::catalog::NamedQuery;
use crate::query::params::Assignment;
use crate::query::portable;
use crate::query::search::{self, Hit};
use crate::query::source::QuerySource;
use crate::query::sparql::{self, Answer, Dataset};
use crate::rdf::namespaces::{display_iri, HK};
use crate::rdf::syntax::RdfSyntax;
use oxigraph::model::{NamedNode, NamedNodeRef};
use oxigraph::sparql::{QueryResults, QuerySolutionIter, QueryTripleIter};
use schemars::JsonSchema;
use serde::Serialize;
use spargebra::Query;
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

/// A query to run and how to show its answer.
#[derive(Debug, Clone)]
pub struct QueryRequest {
    pub source: QuerySource,
    pub params: Vec<Assignment>,
    /// Natural: a table for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE.
    pub format: FormatChoice,
    /// In tables, show labels (in the session's language) rather than prefixed names.
    pub labels: bool,
    /// Show at most this many rows in a table.
    pub max_rows: Option<usize>,
    /// Refuse an answer of more rows (or triples) than this, in any format.
    pub row_limit: Option<usize>,
    /// Run over this dataset instead of the one the query names (the SPARQL Protocol's
    /// default-graph-uri and named-graph-uri).
    pub dataset: Option<Dataset>,
    /// Refuse to run a query that gets warnings (unknown terms, comparisons that never hold).
    pub strict: bool,
}

/// What a run says besides its answer: the format it was written in (the natural one resolved),
/// and the advice on the query and its parameters (warnings first), with a note when an answer
/// after warnings is empty. A front end shows the advice apart from the answer: the command line
/// on standard error, a server in a header.
#[derive(Debug, Clone)]
pub struct QueryOutcome {
    pub format: ResultFormat,
    pub advice: Vec<Advice>,
}

/// Runs the query and writes its answer.
pub fn query(
    session: &Session,
    request: &QueryRequest,
    out: &mut dyn Write,
) -> Result<QueryOutcome> {
    let Evaluation {
        definition,
        answer,
        advice,
    } = evaluate(
        session,
        &request.source,
        &request.params,
        request.dataset.as_ref(),
        request.strict,
    )?;
    let display = Display {
        lang: session.lang,
        labels: request.labels,
        max_rows: request.max_rows,
    };
    // Rows are computed as they are written, so the answer's watchdog stays alive until then.
    let (results, _watchdog) = answer.into_parts();
    let (results, answered) = counted(results);
    let format = request.format.resolve(Form::of(&results))?;
    let written = match (results, format) {
        (QueryResults::Graph(triples), Some(ResultFormat::Drawing)) => {
            let triples = results::collect_triples(triples, request.row_limit)?;
            let drawing =
                view::from_triples(&session.graph, &definition.name, triples, &session.limits)?;
            dump::write_svg(&drawing, session.lang, SvgEngine::Auto, out)?;
            ResultFormat::Drawing
        }
        (results, format) => {
            let written = format.unwrap_or(match Form::of(&results) {
                Form::Graph => ResultFormat::Rdf(RdfSyntax::Turtle),
                Form::Solutions | Form::Boolean => ResultFormat::Table,
            });
            results::write_results(
                &session.graph,
                results,
                format,
                display,
                request.row_limit,
                out,
            )?;
            written
        }
    };
    Ok(QueryOutcome {
        format: written,
        advice: concluded(advice, answered.get()),
    })
}

/// The advice on a run once its answer is known: a note is added when the answer after warnings
/// is empty (`answered` is false), since the warnings are then the likely reason.
pub fn concluded(mut advice: Vec<Advice>, answered: bool) -> Vec<Advice> {
    let warnings = advice.iter().filter(|a| a.is_warning()).count();
    if warnings > 0 && !answered {
        advice.push(Advice::note(
            "empty-result",
            format!(
                "the query found nothing; the {} above may be why",
                if warnings == 1 { "warning" } else { "warnings" }
            ),
        ));
    }
    advice
}

/// The results, and a flag set once they yield anything (a row, a triple, or `true`).
fn counted(results: QueryResults<'static>) -> (QueryResults<'static>, Rc<Cell<bool>>) {
    let answered = Rc::new(Cell::new(false));
    let seen = Rc::clone(&answered);
    let results = match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().into();
            QueryResults::Solutions(QuerySolutionIter::new(
                variables,
                solutions.inspect(move |_| seen.set(true)),
            ))
        }
        QueryResults::Graph(triples) => QueryResults::Graph(QueryTripleIter::new(
            triples.inspect(move |_| seen.set(true)),
        )),
        QueryResults::Boolean(yes) => {
            answered.set(yes);
            QueryResults::Boolean(yes)
        }
    };
    (results, answered)
}

/// A query resolved, its parameters bound by the one policy, advised on, and its evaluation
/// started under the session's time limit.
pub struct Evaluation {
    pub definition: NamedQuery,
    /// Rows are computed as they are read, under the time limit while the answer lives.
    pub answer: Answer,
    /// The advice on the query's terms and its parameter values (see [`concluded`] for the note
    /// an empty answer adds).
    pub advice: Vec<Advice>,
}

/// What [`query`] writes, for a front end that shapes the answer itself (the MCP server): the
/// query of `source` with the `given` parameters, over `dataset` when one is given instead of the
/// query's own; under `strict`, a query with warnings is refused (`Error::QueryWarnings`).
pub fn evaluate(
    session: &Session,
    source: &QuerySource,
    given: &[Assignment],
    dataset: Option<&Dataset>,
    strict: bool,
) -> Result<Evaluation> {
    let (definition, binding) = session.resolve_bound(&session.queries, source, given)?;
    let mut prepared = sparql::prepare(&definition.text, definition.base_iri.as_deref())?;
    let mut advice = advice::advise(&definition.text, &prepared, &session.knowledge());
    advice.extend(binding.advice);
    if strict && advice.iter().any(Advice::is_warning) {
        return Err(Error::QueryWarnings(
            advice
                .iter()
                .filter(|a| a.is_warning())
                .map(ToString::to_string)
                .collect(),
        ));
    }
    if let Some(dataset) = dataset {
        prepared = prepared.with_dataset(dataset);
    }
    let answer = sparql::evaluate(&session.graph, prepared, &binding.values, &session.limits)?;
    Ok(Evaluation {
        definition,
        answer,
        advice,
    })
}

/// Checks a query without loading data or running it (`hkkg query --check`): reads it from `source`
/// and parses it as `query` would, with hkkg's prefixes and the base IRI, and says what kind of query
/// it is. A syntax error is the error it would be when run.
pub fn check_query(
    catalog: &Catalog,
    source: &QuerySource,
    base_iri: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let definition = source.resolve(catalog, base_iri)?;
    let prepared = sparql::prepare(&definition.text, definition.base_iri.as_deref())?;
    let form = match prepared.query {
        Query::Select { .. } => "SELECT",
        Query::Construct { .. } => "CONSTRUCT",
        Query::Describe { .. } => "DESCRIBE",
        Query::Ask { .. } => "ASK",
    };
    writeln!(out, "{}: {form} query, syntax correct", definition.origin).map_err(Error::Output)
}

/// Which query to show in its standalone form, with which parameter values.
#[derive(Debug, Clone)]
pub struct ShowRequest {
    pub source: QuerySource,
    pub params: Vec<Assignment>,
}

/// Writes the query as it would run, for another engine (`hkkg queries --show`): see
/// [`portable`]. Returns the notes on how parameter values were read.
pub fn show_query(
    session: &Session,
    request: &ShowRequest,
    out: &mut dyn Write,
) -> Result<Vec<Advice>> {
    let (definition, binding) =
        session.resolve_bound(&session.queries, &request.source, &request.params)?;
    let text = portable::standalone(&definition, &binding.values)?;
    out.write_all(text.as_bytes()).map_err(Error::Output)?;
    Ok(binding.advice)
}

/// How a catalogue is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// Each entry's name, title, description and parameters, for reading.
    Text,
    /// An array of entries with their parameters and query text, for programs (the server's
    /// page offers them as examples).
    Json,
}

crate::keywords!(ListFormat, "list format", [
    Text "text": "name, title, description and parameters of each, for reading",
    Json "json": "an array of entries with their parameters and query text, for programs",
]);

/// A parameter of a catalogue entry, as listings show it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ParamEntry {
    pub name: String,
    /// iri (an IRI, prefixed name or name of an entity), string, integer, decimal, date or
    /// boolean.
    #[serde(rename = "type")]
    pub kind: String,
    /// The value used when none is given; without one, leaving it out answers for every value.
    pub default: Option<String>,
    pub description: String,
}

/// A named query or view, as listings show it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CatalogEntry {
    pub name: String,
    pub title: String,
    /// The title in Traditional Chinese, where the query gives one.
    pub title_zh: Option<String>,
    pub description: String,
    pub params: Vec<ParamEntry>,
    /// The query's text (the JSON listing has it; an assistant asks for it with `show_query`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The entries of `catalog` as `hkkg queries --format json` lists them, with their text or not.
pub fn catalog_entries(catalog: &Catalog, with_text: bool) -> Vec<CatalogEntry> {
    catalog
        .entries
        .iter()
        .map(|query| CatalogEntry {
            name: query.name.clone(),
            title: query.title.clone(),
            title_zh: query.title_zh.clone(),
            description: query.description.clone(),
            params: query
                .params
                .iter()
                .map(|param| ParamEntry {
                    name: param.name.clone(),
                    kind: param.kind.to_string(),
                    default: param.default.clone(),
                    description: param.description.clone(),
                })
                .collect(),
            text: with_text.then(|| query.text.clone()),
        })
        .collect()
}

/// The catalogue: each entry's name, title, description and parameters (and text, in JSON).
pub fn list_queries(catalog: &Catalog, format: ListFormat, out: &mut dyn Write) -> Result<()> {
    if format == ListFormat::Json {
        return serde_json::to_writer_pretty(&mut *out, &catalog_entries(catalog, true))
            .map_err(|e| Error::Output(e.into()));
    }
    let mut text = String::new();
    for query in &catalog.entries {
        text.push_str(&format!("{}\n    {}\n", query.name, query.title));
        if !query.description.is_empty() {
            text.push_str(&format!("    {}\n", query.description));
        }
        for param in &query.params {
            let default = param
                .default
                .as_deref()
                .map(|d| format!(" = {d}"))
                .unwrap_or_default();
            text.push_str(&format!(
                "    --param {}=<{}>{default}  {}\n",
                param.name, param.kind, param.description
            ));
        }
    }
    out.write_all(text.as_bytes()).map_err(Error::Output)
}

/// How `search` writes what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchFormat {
    Table,
    Json,
}

crate::keywords!(SearchFormat, "search format", [
    Table "table": "one line per entity: label, type, IRI and what matched",
    Json "json": "an array of entities with their IRI, labels, types, the text that matched and how well",
]);

/// What to look for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: String,
    /// Only entities of this class (or a subclass): an IRI, prefixed name or the class's label.
    pub class: Option<String>,
    pub limit: usize,
    pub format: SearchFormat,
}

/// Entities by name, best first (`hkkg search`): see [`search`].
pub fn search(session: &Session, request: &SearchRequest, out: &mut dyn Write) -> Result<()> {
    let hits = find_entities(
        session,
        &request.text,
        request.class.as_deref(),
        request.limit,
    )?;
    match request.format {
        SearchFormat::Json => write_hits_json(session, &hits, out),
        SearchFormat::Table => write_hits_table(session, &request.text, &hits, out),
    }
}

/// What [`search`] writes, for a front end that shapes it itself (the MCP server): at most
/// `limit` entities matching `text`, best first, only those of `class` (or a subclass) when given.
pub fn find_entities(
    session: &Session,
    text: &str,
    class: Option<&str>,
    limit: usize,
) -> Result<Vec<Hit>> {
    let lookup = session.lookup();
    let knowledge = session.knowledge();
    let class = match class {
        Some(name) => Some(resolve_class(session, name)?),
        None => None,
    };
    let superclasses = knowledge.vocabulary.superclasses();
    let keep = |types: &[NamedNode]| match &class {
        None => true,
        Some(class) => types.iter().any(|t| {
            t == class
                || superclasses
                    .above(t.as_str())
                    .iter()
                    .any(|a| a == class.as_str())
        }),
    };
    Ok(lookup
        .index()
        .search(text, &keep)
        .into_iter()
        .take(limit)
        .collect())
}

/// A class named by IRI, prefixed name, local name or label.
fn resolve_class(session: &Session, name: &str) -> Result<NamedNode> {
    let knowledge = session.knowledge();
    let vocabulary = knowledge.vocabulary;
    let lookup = knowledge.lookup;
    let is_class = |node: NamedNodeRef<'_>| {
        vocabulary.is_class(node.as_str())
            || !vocabulary.superclasses().above(node.as_str()).is_empty()
    };
    let local = NamedNode::new(format!("{HK}{}", name.trim()));
    if let Ok(node) = local.as_ref() {
        if is_class(node.as_ref()) {
            return Ok(node.clone());
        }
    }
    let classes: Vec<Hit> = lookup
        .index()
        .exact(name)
        .into_iter()
        .filter(|hit| is_class(hit.iri.as_ref()))
        .collect();
    match (
        crate::query::entity::looks_like_iri(name),
        classes.as_slice(),
    ) {
        (true, _) => {
            let node = crate::rdf::namespaces::expand(name)?;
            if is_class(node.as_ref()) {
                Ok(node)
            } else {
                Err(unknown_class(vocabulary, name))
            }
        }
        (false, [one]) => Ok(one.iri.clone()),
        (false, []) => Err(unknown_class(vocabulary, name)),
        (false, many) => Err(Error::AmbiguousEntity {
            input: name.to_owned(),
            candidates: many.iter().map(|h| display_iri(h.iri.as_str())).collect(),
        }),
    }
}

fn unknown_class(vocabulary: &crate::rdf::vocabulary::Vocabulary, name: &str) -> Error {
    let classes: Vec<&str> = vocabulary.classes_in(HK).map(|c| &c[HK.len()..]).collect();
    Error::InvalidParameter {
        name: "type".to_owned(),
        message: format!(
            "'{}' is not a class hkkg knows{}",
            crate::error::Shown(name),
            crate::error::DidYouMean(
                &crate::rdf::suggest::closest(name, classes)
                    .into_iter()
                    .take(1)
                    .collect::<Vec<_>>()
            )
        ),
    }
}

/// The most telling type of an entity for a table: its first hk: class, else its first type.
fn shown_type(session: &Session, types: &[NamedNode]) -> String {
    types
        .iter()
        .find(|t| t.as_str().starts_with(HK))
        .or(types.first())
        .map(|t| {
            session
                .graph
                .label(t.as_ref().into(), session.lang)
                .unwrap_or_else(|| search::type_name(t))
        })
        .unwrap_or_default()
}

fn write_hits_table(
    session: &Session,
    input: &str,
    hits: &[Hit],
    out: &mut dyn Write,
) -> Result<()> {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header(["label", "type", "IRI", "matched"]);
    for hit in hits {
        let label = session
            .graph
            .label(hit.iri.as_ref().into(), session.lang)
            .unwrap_or_else(|| display_iri(hit.iri.as_str()));
        table.add_row([
            shorten(&label),
            shown_type(session, &hit.types),
            display_iri(hit.iri.as_str()),
            shorten(hit.reason(input).trim_start_matches("its ")),
        ]);
    }
    let count = hits.len();
    let summary = match count {
        0 => format!(
            "no entity matches «{}»\n",
            crate::error::Shown(input.trim())
        ),
        1 => "1 entity\n".to_owned(),
        n => format!("{n} entities, best first\n"),
    };
    if count > 0 {
        writeln!(out, "{table}").map_err(Error::Output)?;
    }
    out.write_all(summary.as_bytes()).map_err(Error::Output)
}

/// Long labels (statements are labelled by their words) cut for a table; JSON has them whole.
fn shorten(text: &str) -> String {
    const MAX: usize = 70;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    format!("{cut}…")
}

fn write_hits_json(session: &Session, hits: &[Hit], out: &mut dyn Write) -> Result<()> {
    let rows: Vec<serde_json::Value> = hits
        .iter()
        .map(|hit| {
            let node = hit.iri.as_ref().into();
            let labels: serde_json::Map<String, serde_json::Value> = crate::store::Lang::ALL
                .iter()
                .filter_map(|lang| {
                    let label = session.graph.label_in(node, *lang)?;
                    Some((lang.tag().to_owned(), label.into()))
                })
                .collect();
            serde_json::json!({
                "iri": hit.iri.as_str(),
                "name": display_iri(hit.iri.as_str()),
                "labels": labels,
                "types": hit.types.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                "matched": {
                    "field": hit.field,
                    "text": hit.text,
                    "lang": hit.lang,
                    "grade": hit.grade,
                    "score": hit.score,
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows).map_err(|e| Error::Output(e.into()))?;
    writeln!(out).map_err(Error::Output)
}
