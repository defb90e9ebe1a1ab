//! The JSON the tools answer with, and the evidence behind it: RDF terms with their labels, the
//! sources (passages with their quoted text and lines, other graphs with what they derive from)
//! that state the facts an answer shows, and query results with the facts that link the values of
//! each row. Every type derives a JSON schema, which the tools publish as their output schemas.
//!
//! Sizes are bounded here, so that an assistant is never flooded: long literals and quotes are
//! cut (with the original length said), and an answer quotes at most [`MAX_SOURCES`] sources.

use crate::error::Result;
use crate::output::cite::{self, Origin};
use crate::query::advice::{Advice, Severity};
use crate::rdf::lang::canonical_case;
use crate::rdf::namespaces::{display_iri, source_graph, HK, RDF};
use crate::store::{KnowledgeGraph, Lang};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
};
use oxigraph::sparql::{QueryResults, QuerySolution};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Literal values longer than this many characters are cut.
pub const MAX_VALUE_CHARS: usize = 1000;
/// Quoted passages longer than this many characters are cut.
pub const MAX_QUOTE_CHARS: usize = 2000;
/// An answer quotes at most this many sources; further ones are named but not quoted.
pub const MAX_SOURCES: usize = 200;
/// Row evidence makes at most this many lookups per answer (one per pair of values, one per fact
/// pointing to a value), so that a wide or long result cannot make its evidence cost more than
/// the query.
pub const EVIDENCE_LOOKUPS: usize = 50_000;
/// A value more than this many entities point to (a class, Hong Kong, `true`) is a hub: being
/// linked to it says little, so it is not followed back to entities the row does not show.
pub const HUB_FAN_IN: usize = 64;

/// An RDF term: an IRI with its label, a literal with its datatype or language, or a blank node.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Value {
    /// The full IRI, for an IRI; pass it (or its prefixed name) to `cite` or to another tool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iri: Option<String>,
    /// The label of the IRI in the server's language (the other language when it has none there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The lexical value, for a literal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The datatype as a prefixed name (xsd:date, xsd:integer…); absent for plain strings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datatype: Option<String>,
    /// The language tag of a literal (en, zh-Hant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The identifier of a blank node (valid within this answer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blank: Option<String>,
    /// Set when `value` was cut: its full length in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated_from: Option<usize>,
}

impl Value {
    pub fn of(graph: &KnowledgeGraph, term: TermRef<'_>, lang: Lang) -> Self {
        let mut value = Self {
            iri: None,
            label: None,
            value: None,
            datatype: None,
            lang: None,
            blank: None,
            truncated_from: None,
        };
        match term {
            TermRef::NamedNode(node) => {
                value.iri = Some(node.as_str().to_owned());
                value.label = graph.label(node.into(), lang);
            }
            TermRef::BlankNode(node) => value.blank = Some(node.as_str().to_owned()),
            TermRef::Literal(literal) => {
                let (text, truncated_from) = bounded(literal.value(), MAX_VALUE_CHARS);
                value.value = Some(text);
                value.truncated_from = truncated_from;
                value.lang = literal.language().map(canonical_case);
                let datatype = literal.datatype();
                if datatype != xsd::STRING && datatype != rdf::LANG_STRING {
                    value.datatype = Some(display_iri(datatype.as_str()));
                }
            }
            #[allow(unreachable_patterns)]
            other => value.value = Some(other.to_string()),
        }
        value
    }
}

/// `text`, cut after `limit` characters, with its full length when it was cut.
pub fn bounded(text: &str, limit: usize) -> (String, Option<usize>) {
    match text.char_indices().nth(limit) {
        None => (text.to_owned(), None),
        Some((end, _)) => (format!("{}…", &text[..end]), Some(text.chars().count())),
    }
}

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A passage of a source text: `text` quotes it, `line_start`/`line_end` locate it.
    Passage,
    /// Another named graph (for instance the reference list of English names and identifiers).
    Graph,
    /// No source recorded: the default graph (the ontology, or data loaded without graphs).
    Unsourced,
}

/// Where facts come from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Source {
    pub kind: SourceKind,
    /// The passage or graph, as a prefixed name (hkp:p038); the key of `sources` maps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The first and last line of the passage in its source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_end: Option<i64>,
    /// The passage's exact words, as the source text has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Set when `text` was cut: its full length in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_truncated_from: Option<usize>,
    /// The file of the source text the lines refer to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For a graph: what it records itself to be derived from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
}

impl Source {
    pub fn of(graph: &KnowledgeGraph, origin: &Origin) -> Self {
        let mut source = Self {
            kind: SourceKind::Unsourced,
            id: None,
            line_start: None,
            line_end: None,
            text: None,
            text_truncated_from: None,
            file: None,
            derived_from: None,
        };
        match origin {
            Origin::Passage {
                line_start,
                line_end,
                iri,
                text,
            } => {
                let (text, cut) = bounded(text, MAX_QUOTE_CHARS);
                source.kind = SourceKind::Passage;
                source.id = Some(display_iri(iri));
                source.line_start = Some(*line_start);
                source.line_end = Some(*line_end);
                source.text = Some(text);
                source.text_truncated_from = cut;
                source.file = file_of(graph, iri);
            }
            Origin::Graph { iri, derived_from } => {
                source.kind = SourceKind::Graph;
                source.id = Some(display_iri(iri));
                source.derived_from = derived_from.clone();
            }
            Origin::Unsourced => {}
        }
        source
    }
}

/// The file name of the document a passage is part of (`dct:isPartOf`, `hk:fileName`).
fn file_of(graph: &KnowledgeGraph, passage: &str) -> Option<String> {
    let object =
        |subject: NamedOrBlankNodeRef<'_>, property: &str, graph_name: Option<&GraphName>| {
            graph
                .quads_for_pattern(
                    Some(subject),
                    Some(NamedNodeRef::new_unchecked(property)),
                    None,
                    graph_name.map(GraphName::as_ref),
                )
                .flatten()
                .map(|quad| quad.object)
                .min_by_key(Term::to_string)
        };
    let passage = NamedNode::new_unchecked(passage);
    let source = GraphName::NamedNode(source_graph());
    let Some(Term::NamedNode(document)) = object(
        passage.as_ref().into(),
        "http://purl.org/dc/terms/isPartOf",
        Some(&source),
    ) else {
        return None;
    };
    match object(document.as_ref().into(), &format!("{HK}fileName"), None) {
        Some(Term::Literal(name)) => Some(name.value().to_owned()),
        _ => None,
    }
}

/// The sources an answer cites, each quoted once however many facts it states. The keys are
/// the sources' prefixed names, which the facts of the answer refer to.
#[derive(Default)]
pub struct SourceBook {
    pub quoted: BTreeMap<String, Source>,
    /// How many sources were named but not quoted, past [`MAX_SOURCES`].
    pub unquoted: usize,
    known: HashMap<NamedNode, Option<String>>,
}

impl SourceBook {
    /// The key of the source of the graph `name`, quoting it the first time; None for the default
    /// graph, which is no source.
    pub fn cite(&mut self, graph: &KnowledgeGraph, name: &GraphName) -> Option<String> {
        let GraphName::NamedNode(node) = name else {
            return None;
        };
        if let Some(key) = self.known.get(node) {
            return key.clone();
        }
        let key = display_iri(node.as_str());
        if self.quoted.len() < MAX_SOURCES {
            let origin = cite::origin(graph, name);
            self.quoted.insert(key.clone(), Source::of(graph, &origin));
        } else {
            self.unquoted += 1;
        }
        self.known.insert(node.clone(), Some(key.clone()));
        Some(key)
    }

    /// Quotes `node` when it is a passage (a query may show passages as values).
    pub fn quote_passage(&mut self, graph: &KnowledgeGraph, node: &NamedNode) {
        if self.known.contains_key(node) {
            return;
        }
        let name = GraphName::NamedNode(node.clone());
        if matches!(cite::origin(graph, &name), Origin::Passage { .. }) {
            self.cite(graph, &name);
        }
    }

    /// The sources that state `subject predicate object` (any predicate when None), by predicate.
    pub fn stating(
        &mut self,
        graph: &KnowledgeGraph,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: Option<NamedNodeRef<'_>>,
        object: TermRef<'_>,
    ) -> Result<BTreeMap<NamedNode, Vec<String>>> {
        let mut found: BTreeMap<NamedNode, Vec<String>> = BTreeMap::new();
        for quad in graph.quads_for_pattern(Some(subject), predicate, Some(object), None) {
            let quad = quad?;
            if let Some(key) = self.cite(graph, &quad.graph_name) {
                let keys = found.entry(quad.predicate).or_default();
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        for keys in found.values_mut() {
            keys.sort();
        }
        Ok(found)
    }

    /// A note on the sources left unquoted, if any.
    pub fn note(&self) -> Option<String> {
        (self.unquoted > 0).then(|| {
            format!(
                "{} more sources are named but not quoted (an answer quotes at most {MAX_SOURCES}); cite an entity to read them",
                self.unquoted
            )
        })
    }
}

/// A fact the source states between two values of a row: `from` and `to` are column names.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Evidence {
    pub from: String,
    /// The property, as a prefixed name.
    pub property: String,
    pub to: String,
    /// The keys in `sources` of the passages (or graphs) that state it.
    pub sources: Vec<String>,
}

/// A stated fact from an entity the row does not show to one of the row's values.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Link {
    /// The property, as a prefixed name.
    pub property: String,
    /// The column whose value the fact points to.
    pub to: String,
    /// The keys in `sources` of the passages (or graphs) that state it.
    pub sources: Vec<String>,
}

/// An entity the row does not show whose stated facts point to two or more of the row's values:
/// typically the thing a query reads its columns from (a visa arrangement behind a country and a
/// number of days).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Through {
    pub entity: Value,
    pub links: Vec<Link>,
}

/// One solution of a SELECT query.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Row {
    /// The bound columns (an unbound column is absent).
    pub values: BTreeMap<String, Value>,
    /// The stated facts linking two values of this row, with their sources.
    pub evidence: Vec<Evidence>,
    /// Entities not in the row that link two or more of its values, with the stated facts. Values
    /// the query computes (counts, concatenations, words it builds) appear in neither list: cite
    /// the row's entities for the facts behind them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub through: Vec<Through>,
}

/// A triple of a CONSTRUCT or DESCRIBE result, with the sources that state it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Statement {
    pub subject: Value,
    pub predicate: Value,
    pub object: Value,
    /// The keys in `sources` of the passages (or graphs) that state it; empty when it is not
    /// stated as such (a CONSTRUCT template may build new triples).
    pub sources: Vec<String>,
}

/// The answer of a query.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QueryAnswer {
    /// select, ask, or graph (CONSTRUCT and DESCRIBE).
    pub form: String,
    /// The columns of a SELECT, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Row>,
    /// The answer of an ASK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boolean: Option<bool>,
    /// The triples of a CONSTRUCT or DESCRIBE.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub triples: Vec<Statement>,
    /// False when rows or triples were left out (see `notes`).
    pub complete: bool,
    /// The sources the evidence refers to, by key: each passage with its quoted words and lines.
    pub sources: BTreeMap<String, Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Advice on the query, as `hkkg query` prints it: warnings on terms that match nothing
    /// (with the closest known terms), notes on how parameter values were read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<Advised>,
}

/// One piece of advice on a query ([`crate::query::advice`]).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Advised {
    /// warning (the query, or part of it, can match nothing as written) or note.
    pub severity: String,
    /// A stable name: unknown-class, unknown-property, unknown-entity, lang-comparison,
    /// parameter, empty-result…
    pub code: String,
    pub message: String,
    /// Where in the query text the term is first written (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
}

impl Advised {
    pub fn of(advice: &Advice) -> Self {
        Self {
            severity: match advice.severity {
                Severity::Note => "note",
                Severity::Warning => "warning",
            }
            .to_owned(),
            code: advice.code.to_owned(),
            message: advice.message.clone(),
            line: advice.line,
            column: advice.column,
        }
    }
}

/// Reads up to `max_rows` rows (or triples) of `results`, each with its evidence. Reading stops at
/// the cap, so a query with endless results costs no more than the rows shown.
pub fn query_answer(
    graph: &KnowledgeGraph,
    results: QueryResults<'static>,
    lang: Lang,
    max_rows: usize,
) -> Result<QueryAnswer> {
    let mut book = SourceBook::default();
    let mut answer = QueryAnswer {
        form: String::new(),
        columns: Vec::new(),
        rows: Vec::new(),
        boolean: None,
        triples: Vec::new(),
        complete: true,
        sources: BTreeMap::new(),
        notes: Vec::new(),
        advice: Vec::new(),
    };
    let more = |what: &str| {
        format!(
            "only the first {max_rows} {what} are shown: narrow the query (a parameter, FILTER, LIMIT) or raise max_rows"
        )
    };
    match results {
        QueryResults::Boolean(value) => {
            answer.form = "ask".to_owned();
            answer.boolean = Some(value);
        }
        QueryResults::Solutions(solutions) => {
            answer.form = "select".to_owned();
            answer.columns = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect();
            let mut budget = EVIDENCE_LOOKUPS;
            for solution in solutions {
                let solution = solution?;
                if answer.rows.len() == max_rows {
                    answer.complete = false;
                    answer.notes.push(more("rows"));
                    break;
                }
                answer
                    .rows
                    .push(row(graph, &solution, lang, &mut book, &mut budget)?);
            }
            if budget == 0 {
                answer.notes.push(format!(
                    "evidence was looked up for the first {EVIDENCE_LOOKUPS} pairs of values only; ask for fewer rows or columns to see all of it"
                ));
            }
        }
        QueryResults::Graph(triples) => {
            answer.form = "graph".to_owned();
            for triple in triples {
                let triple = triple?;
                if answer.triples.len() == max_rows {
                    answer.complete = false;
                    answer.notes.push(more("triples"));
                    break;
                }
                let stated = book.stating(
                    graph,
                    triple.subject.as_ref(),
                    Some(triple.predicate.as_ref()),
                    triple.object.as_ref(),
                )?;
                answer.triples.push(Statement {
                    subject: Value::of(graph, subject_term(&triple.subject).as_ref(), lang),
                    predicate: Value::of(graph, triple.predicate.as_ref().into(), lang),
                    object: Value::of(graph, triple.object.as_ref(), lang),
                    sources: stated.into_values().flatten().collect(),
                });
            }
        }
    }
    answer.notes.extend(book.note());
    answer.sources = book.quoted;
    Ok(answer)
}

fn subject_term(subject: &NamedOrBlankNode) -> Term {
    subject.clone().into()
}

/// A row's values, and the stated facts between any two of them: for each value that can be a
/// subject (an IRI or blank node) and each other value, the facts linking the first to the second.
fn row(
    graph: &KnowledgeGraph,
    solution: &QuerySolution,
    lang: Lang,
    book: &mut SourceBook,
    budget: &mut usize,
) -> Result<Row> {
    let bound: Vec<(&str, &Term)> = solution.iter().map(|(v, t)| (v.as_str(), t)).collect();
    let values = bound
        .iter()
        .map(|(name, term)| ((*name).to_owned(), Value::of(graph, term.as_ref(), lang)))
        .collect();
    for (_, term) in &bound {
        if let Term::NamedNode(node) = term {
            book.quote_passage(graph, node);
        }
    }
    let mut evidence = Vec::new();
    for (from, subject) in &bound {
        let subject = match subject {
            Term::NamedNode(node) => NamedOrBlankNodeRef::from(node.as_ref()),
            Term::BlankNode(node) => node.as_ref().into(),
            _ => continue,
        };
        for (to, object) in &bound {
            if from == to || *budget == 0 {
                continue;
            }
            *budget -= 1;
            for (property, sources) in book.stating(graph, subject, None, object.as_ref())? {
                evidence.push(Evidence {
                    from: (*from).to_owned(),
                    property: property_name(property.as_ref()),
                    to: (*to).to_owned(),
                    sources,
                });
            }
        }
    }
    let through = through(graph, &bound, &evidence, lang, book, budget)?;
    Ok(Row {
        values,
        evidence,
        through,
    })
}

/// The entities outside the row that best explain it: of those with stated facts pointing to two
/// or more of its columns, one of them a column no direct evidence reaches, those pointing to the
/// most columns. A query reading its columns from an entity it does not show (a visa arrangement
/// behind a country and a number of days) finds that entity here; entities that merely share a
/// value or two with the row (another visa of 30 days) point to fewer columns and are left out.
fn through(
    graph: &KnowledgeGraph,
    bound: &[(&str, &Term)],
    direct: &[Evidence],
    lang: Lang,
    book: &mut SourceBook,
    budget: &mut usize,
) -> Result<Vec<Through>> {
    let shown: Vec<&Term> = bound.iter().map(|(_, term)| *term).collect();
    // entity (by its N-Triples form, for a stable order) → (column, property) → graphs
    type Facts<'a> = BTreeMap<(&'a str, NamedNode), Vec<GraphName>>;
    let mut links: BTreeMap<String, (NamedOrBlankNode, Facts<'_>)> = BTreeMap::new();
    for (column, value) in bound {
        let mut pointing: Vec<(NamedOrBlankNode, NamedNode, GraphName)> = Vec::new();
        let mut subjects = 0;
        for quad in graph.quads_for_pattern(None, None, Some(value.as_ref()), None) {
            let quad = quad?;
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            if pointing
                .last()
                .is_none_or(|(last, _, _)| *last != quad.subject)
            {
                subjects += 1;
            }
            pointing.push((quad.subject, quad.predicate, quad.graph_name));
            if subjects > HUB_FAN_IN {
                break;
            }
        }
        if subjects > HUB_FAN_IN {
            continue;
        }
        for (subject, property, graph_name) in pointing {
            if shown.iter().any(|term| is_term(term, &subject)) {
                continue;
            }
            links
                .entry(subject.to_string())
                .or_insert_with(|| (subject, Facts::new()))
                .1
                .entry((column, property))
                .or_default()
                .push(graph_name);
        }
    }
    let covered = |column: &str| direct.iter().any(|e| e.from == column || e.to == column);
    fn columns<'a>(facts: &Facts<'a>) -> Vec<&'a str> {
        let mut columns: Vec<&str> = facts.keys().map(|(column, _)| *column).collect();
        columns.dedup();
        columns
    }
    let explaining: Vec<(NamedOrBlankNode, Facts<'_>)> = links
        .into_values()
        .filter(|(_, facts)| {
            let columns = columns(facts);
            columns.len() >= 2 && columns.iter().any(|column| !covered(column))
        })
        .collect();
    let best = explaining
        .iter()
        .map(|(_, facts)| columns(facts).len())
        .max()
        .unwrap_or(0);
    let mut through = Vec::new();
    for (entity, facts) in explaining {
        if columns(&facts).len() < best {
            continue;
        }
        let mut found = Vec::new();
        for ((column, property), graphs) in facts {
            let mut sources: Vec<String> = graphs
                .iter()
                .filter_map(|name| book.cite(graph, name))
                .collect();
            sources.sort();
            sources.dedup();
            found.push(Link {
                property: property_name(property.as_ref()),
                to: column.to_owned(),
                sources,
            });
        }
        through.push(Through {
            entity: Value::of(graph, subject_term(&entity).as_ref(), lang),
            links: found,
        });
    }
    Ok(through)
}

fn is_term(term: &Term, subject: &NamedOrBlankNode) -> bool {
    match (term, subject) {
        (Term::NamedNode(a), NamedOrBlankNode::NamedNode(b)) => a == b,
        (Term::BlankNode(a), NamedOrBlankNode::BlankNode(b)) => a == b,
        _ => false,
    }
}

/// A property as a prefixed name; rdf:type as `a`, as Turtle and SPARQL write it.
pub fn property_name(property: NamedNodeRef<'_>) -> String {
    if property.as_str() == format!("{RDF}type") {
        "a".to_owned()
    } else {
        display_iri(property.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::sparql;
    use oxigraph::io::RdfFormat;
    use oxigraph::store::Store;

    /// Two visa arrangements of 30 days, each stated by its passage; only one is Qatar's.
    const DATA: &str = "@prefix hk: <https://w3id.org/hkkg/ontology#> .
        @prefix hkr: <https://w3id.org/hkkg/resource/> .
        @prefix hkp: <https://w3id.org/hkkg/passage/> .
        @prefix hkg: <https://w3id.org/hkkg/graph/> .
        hkp:p001 { hkr:visa-qa hk:country hkr:qatar ; hk:days 30 . hkr:visit hk:outcome hkr:visa-qa . }
        hkp:p002 { hkr:visa-ae hk:country hkr:uae ; hk:days 30 . }
        hkg:source {
          hkp:p001 hk:text \"卡塔爾免簽30天\" ; hk:lineStart 1 ; hk:lineEnd 1 .
          hkp:p002 hk:text \"阿聯酋免簽30天\" ; hk:lineStart 2 ; hk:lineEnd 2 .
        }";

    fn answer(query: &str) -> QueryAnswer {
        let store = Store::new().unwrap();
        store
            .load_from_reader(RdfFormat::TriG, DATA.as_bytes())
            .unwrap();
        // The default graph as hkkg loads it: the merge of the passage graphs.
        for quad in store.iter().collect::<Vec<_>>() {
            let quad = quad.unwrap();
            store
                .insert(oxigraph::model::QuadRef::new(
                    &quad.subject,
                    &quad.predicate,
                    &quad.object,
                    oxigraph::model::GraphNameRef::DefaultGraph,
                ))
                .unwrap();
        }
        let graph = KnowledgeGraph::from_store(store);
        let results = sparql::execute(&graph, query, &[]).unwrap();
        query_answer(&graph, results, Lang::En, 10).unwrap()
    }

    #[test]
    fn a_row_carries_the_facts_linking_its_values_and_the_entity_behind_them() {
        let answer = answer(
            "SELECT ?visit ?country ?days WHERE { ?visit hk:outcome ?v . ?v hk:country ?country ; hk:days ?days }",
        );
        let row = &answer.rows[0];
        assert!(
            row.evidence.is_empty(),
            "no fact links visit, country and days directly"
        );
        // The arrangement is not a column: found through the facts pointing to two columns.
        // The UAE's points to the days only, and is left out.
        assert_eq!(row.through.len(), 1, "{:?}", row.through);
        let through = &row.through[0];
        assert_eq!(
            through.entity.iri.as_deref(),
            Some("https://w3id.org/hkkg/resource/visa-qa")
        );
        let linked: Vec<(&str, &str)> = through
            .links
            .iter()
            .map(|l| (l.property.as_str(), l.to.as_str()))
            .collect();
        assert_eq!(linked, [("hk:country", "country"), ("hk:days", "days")]);
        assert_eq!(through.links[0].sources, ["hkp:p001"]);
        let quoted = &answer.sources["hkp:p001"];
        assert_eq!(quoted.kind, SourceKind::Passage);
        assert_eq!(quoted.text.as_deref(), Some("卡塔爾免簽30天"));
        assert_eq!(quoted.line_start, Some(1));
        // Only what the evidence refers to is quoted.
        assert_eq!(answer.sources.len(), 1);
    }

    #[test]
    fn a_shown_arrangement_is_direct_evidence() {
        let answer = answer("SELECT ?v ?days WHERE { ?v hk:country hkr:uae ; hk:days ?days }");
        let row = &answer.rows[0];
        assert_eq!(row.evidence.len(), 1);
        let fact = &row.evidence[0];
        assert_eq!(
            (fact.from.as_str(), fact.property.as_str(), fact.to.as_str()),
            ("v", "hk:days", "days")
        );
        assert_eq!(fact.sources, ["hkp:p002"]);
        assert!(row.through.is_empty());
    }

    #[test]
    fn rows_past_the_cap_are_not_read_and_the_answer_says_so() {
        let store = Store::new().unwrap();
        let graph = KnowledgeGraph::from_store(store);
        let endless = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 } }";
        let results = sparql::execute(&graph, endless, &[]).unwrap();
        let answer = query_answer(&graph, results, Lang::En, 2).unwrap();
        assert_eq!(answer.rows.len(), 2);
        assert!(!answer.complete);
        assert!(
            answer.notes[0].contains("first 2 rows"),
            "{:?}",
            answer.notes
        );
    }

    #[test]
    fn bounded_cuts_by_characters_and_says_the_length() {
        assert_eq!(bounded("香港", 5), ("香港".to_owned(), None));
        assert_eq!(bounded("香港特區", 2), ("香港…".to_owned(), Some(4)));
    }
}
