//! Advice on a query before it runs, so that a misspelt term does not answer with silence: every
//! IRI the WHERE clause names (see [`algebra::Mentions`]) is checked against what hkkg knows —
//! the ontology's classes and properties (the bundled ontology and whatever the loaded data
//! declares), the entities, passages and graphs of the loaded data, and the predicates and types
//! the data uses — and a term that can match nothing gets a warning with the closest known terms.
//! Comparing `lang(…)` with a literal gets a hint: oxigraph stores language tags in lower case,
//! so `lang(?l) = "zh-Hant"` never holds, where `langMatches` ignores case.
//!
//! Advice is data, not printing: the command line writes it to standard error, a server can put
//! it in a header or its answer's body. `--strict` makes warnings errors; notes stay notes.

use super::algebra::Role;
use super::entity::{Lookup, Matches};
use super::sparql::Prepared;
use super::syntax;
use crate::assets;
use crate::rdf::namespaces::{display_iri, HK, HKG, HKP, HKR, RDF, RDFS};
use crate::rdf::suggest::closest;
use crate::rdf::vocabulary::{Vocabulary, CLASS_TYPES, PROPERTY_TYPES};
use crate::store::KnowledgeGraph;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// How much a piece of advice matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing: how a value was read, a better way to write something.
    Note,
    /// The query (or part of it) can match nothing as written; `--strict` refuses it.
    Warning,
}

/// One piece of advice, with where in the query it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub severity: Severity,
    /// A stable name for programs: `unknown-class`, `unknown-property`, `unknown-term`,
    /// `unknown-entity`, `unused-property`, `unused-class`, `unknown-graph`, `lang-comparison`,
    /// `parameter`, `empty-result`.
    pub code: &'static str,
    pub message: String,
    /// 1-based line and column in the query text, where the term is first written.
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl Advice {
    pub fn note(code: &'static str, message: String) -> Self {
        Self {
            severity: Severity::Note,
            code,
            message,
            line: None,
            column: None,
        }
    }

    fn warning(code: &'static str, message: String, at: Option<(u64, u64)>) -> Self {
        Self {
            severity: Severity::Warning,
            code,
            message,
            line: at.map(|p| p.0),
            column: at.map(|p| p.1),
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Advice {
    /// `warning[unknown-class] 3:12: …`, as compilers write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]", self.code)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " at {line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The terms hkkg knows: the bundled ontology's declarations and those of the loaded data.
pub fn known_vocabulary(graph: &KnowledgeGraph) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    let mut observe = |s: &NamedOrBlankNode, p: &NamedNode, o: &Term| {
        if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (s, o) {
            vocabulary.observe(s.as_str(), p.as_str(), o.as_str());
        }
    };
    for asset in assets::data().filter(|a| a.path.starts_with("ontology/")) {
        for quad in RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(asset.text.as_bytes())
            .flatten()
        {
            observe(&quad.subject, &quad.predicate, &quad.object);
        }
    }
    // Declarations only, by their objects: reading every rdf:type would read every instance's
    // typing, a tenth of a large graph, on each query.
    let mut read = |predicate: &str, object: Option<&str>| {
        let predicate = NamedNode::new_unchecked(predicate);
        let object = object.map(NamedNode::new_unchecked);
        let quads = graph.facts_for_pattern(
            None,
            Some(predicate.as_ref()),
            object.as_ref().map(|o| o.as_ref().into()),
            None,
        );
        for quad in quads.flatten() {
            observe(&quad.subject, &quad.predicate, &quad.object);
        }
    };
    for (namespace, local) in CLASS_TYPES.iter().chain(PROPERTY_TYPES) {
        read(&format!("{RDF}type"), Some(&format!("{namespace}{local}")));
    }
    read(&format!("{RDFS}subClassOf"), None);
    read(&format!("{RDFS}subPropertyOf"), None);
    vocabulary
}

/// What advice is checked against.
pub struct Knowledge<'a> {
    pub lookup: Lookup<'a>,
    pub vocabulary: &'a Vocabulary,
}

/// The advice on `prepared` (parsed from `text`), warnings first, then notes, each in the order
/// its term is first written.
pub fn advise(text: &str, prepared: &Prepared, known: &Knowledge<'_>) -> Vec<Advice> {
    let tokens = syntax::tokens(text);
    let at = |iri: &str| syntax::find_term(text, &tokens, iri);
    let mut advice = Vec::new();
    let mut used = Usage::default();
    for (iri, role) in &prepared.mentions.iris {
        if let Some(message) = check_term(iri, *role, known, &mut used) {
            let (code, message) = message;
            advice.push(Advice::warning(code, message, at(iri.as_str())));
        }
    }
    for literal in &prepared.mentions.lang_comparisons {
        let never = literal.chars().any(|c| c.is_ascii_uppercase());
        let message = if never {
            format!(
                "lang(…) = \"{literal}\" never holds: language tags are stored in lower case (\"{}\") and = compares them exactly; write langMatches(lang(…), \"{literal}\"), which ignores case",
                literal.to_ascii_lowercase()
            )
        } else {
            format!(
                "lang(…) = \"{literal}\" compares the tag exactly: langMatches(lang(…), \"{literal}\") ignores case and also takes regional tags ({literal}-…)"
            )
        };
        let mut item = Advice::warning("lang-comparison", message, None);
        if !never {
            item.severity = Severity::Note;
        }
        advice.push(item);
    }
    advice.sort_by_key(|a| std::cmp::Reverse(a.severity));
    advice
}

/// How many statements a suggestion reads at most to learn which predicates and classes the data
/// uses. All of them would be exact, and on a store of a million triples take longer than the
/// query (20 s measured against 2 s); whether a term is used at all is always checked exactly,
/// and the declared vocabulary is always among the candidates (a declared property only if the
/// data uses it: one index lookup each).
const USAGE_SCAN_LIMIT: usize = 10_000;

/// What the data uses, read once when first needed: only a warning's suggestions need it.
#[derive(Default)]
struct Usage {
    predicates: Option<BTreeSet<String>>,
    classes: Option<BTreeSet<String>>,
}

impl Usage {
    fn predicates(&mut self, graph: &KnowledgeGraph, vocabulary: &Vocabulary) -> &BTreeSet<String> {
        self.predicates.get_or_insert_with(|| {
            let mut predicates: BTreeSet<String> = graph
                .facts_for_pattern(None, None, None, Some(USAGE_SCAN_LIMIT))
                .flatten()
                .map(|q| q.predicate.as_str().to_owned())
                .collect();
            predicates.extend(
                vocabulary
                    .properties_in("")
                    .filter(|p| is_used_predicate(graph, NamedNodeRef::new_unchecked(p)))
                    .map(str::to_owned),
            );
            predicates
        })
    }

    fn classes(&mut self, graph: &KnowledgeGraph, vocabulary: &Vocabulary) -> &BTreeSet<String> {
        self.classes.get_or_insert_with(|| {
            let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
            let mut classes: BTreeSet<String> = graph
                .facts_for_pattern(None, Some(rdf_type.as_ref()), None, Some(USAGE_SCAN_LIMIT))
                .flatten()
                .filter_map(|q| match q.object {
                    Term::NamedNode(class) => Some(class.as_str().to_owned()),
                    _ => None,
                })
                .collect();
            classes.extend(vocabulary.classes_in("").map(str::to_owned));
            classes
        })
    }
}

fn is_used_predicate(graph: &KnowledgeGraph, iri: NamedNodeRef<'_>) -> bool {
    graph.has_fact(None, Some(iri), None)
}

fn is_used_class(graph: &KnowledgeGraph, iri: NamedNodeRef<'_>) -> bool {
    let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
    graph.has_fact(None, Some(rdf_type.as_ref()), Some(iri.into()))
}

/// " — did you mean hk:visitedCountry?", from full IRIs: the closest one only (the runners-up of
/// a misspelling are noise).
fn did_you_mean(iri: &str, candidates: impl IntoIterator<Item = String>) -> String {
    let shown: Vec<String> = candidates.into_iter().map(|c| display_iri(&c)).collect();
    closest(&display_iri(iri), shown.iter().map(String::as_str))
        .first()
        .map(|best| format!(" — did you mean {best}?"))
        .unwrap_or_default()
}

/// The warning for one term, if it can match nothing.
fn check_term(
    iri: &NamedNode,
    role: Role,
    known: &Knowledge<'_>,
    used: &mut Usage,
) -> Option<(&'static str, String)> {
    let graph = known.lookup.graph;
    let vocabulary = known.vocabulary;
    let shown = display_iri(iri.as_str());
    let name = iri.as_str();
    if name.starts_with(HK) {
        let (declared, candidates, code, noun): (bool, Vec<String>, _, _) = match role {
            Role::Class => (
                vocabulary.is_class(name) || is_used_class(graph, iri.as_ref()),
                vocabulary.classes_in(HK).map(str::to_owned).collect(),
                "unknown-class",
                "class",
            ),
            Role::Property => (
                vocabulary.is_property(name) || is_used_predicate(graph, iri.as_ref()),
                vocabulary.properties_in(HK).map(str::to_owned).collect(),
                "unknown-property",
                "property",
            ),
            _ => (
                vocabulary.is_class(name)
                    || vocabulary.is_property(name)
                    || super::entity::mentions(graph, iri.as_ref()),
                vocabulary
                    .classes_in(HK)
                    .chain(vocabulary.properties_in(HK))
                    .map(str::to_owned)
                    .collect(),
                "unknown-term",
                "term",
            ),
        };
        if declared {
            return None;
        }
        let hint = did_you_mean(name, candidates);
        return Some((
            code,
            format!("unknown {noun} {shown}{hint} (the ontology declares no such {noun} and the data does not use it, so this part of the query matches nothing)"),
        ));
    }
    if role == Role::Graph || name.starts_with(HKG) {
        let exists = graph.contains_named_graph(iri.as_ref()).unwrap_or(true)
            || super::entity::mentions(graph, iri.as_ref());
        if exists {
            return None;
        }
        let graphs: Vec<String> = graph
            .named_graphs()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|g| match g {
                NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
                NamedOrBlankNode::BlankNode(_) => None,
            })
            .collect();
        return Some((
            "unknown-graph",
            format!(
                "no graph {shown} in the loaded data{}",
                did_you_mean(name, graphs)
            ),
        ));
    }
    if name.starts_with(HKR) || name.starts_with(HKP) {
        let Ok(Matches::None(hits)) = known.lookup.matches(&shown) else {
            return None;
        };
        let hint = hits
            .first()
            .map(|best| format!(" — did you mean {}?", known.lookup.describe(best)))
            .unwrap_or_default();
        return Some((
            "unknown-entity",
            format!("no entity {shown} in the loaded data{hint} (`hkkg search NAME` finds entities by name)"),
        ));
    }
    match role {
        Role::Property
            if !vocabulary.is_property(name) && !is_used_predicate(graph, iri.as_ref()) =>
        {
            let namespace = namespace_of(name);
            let candidates: Vec<String> = used
                .predicates(graph, vocabulary)
                .iter()
                .filter(|p| p.starts_with(namespace))
                .cloned()
                .collect();
            Some((
                "unused-property",
                format!(
                    "no statement in the loaded data uses the property {shown}, so this part of the query matches nothing{}",
                    did_you_mean(name, candidates)
                ),
            ))
        }
        Role::Class if !is_used_class(graph, iri.as_ref()) => {
            let subclasses: Vec<String> = vocabulary
                .superclasses()
                .pairs()
                .filter(|(_, above)| *above == name)
                .map(|(below, _)| display_iri(below))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if !subclasses.is_empty() {
                return Some((
                    "unused-class",
                    format!(
                        "nothing in the loaded data has the type {shown} itself; its subclasses do ({}): add --reason rdfs to infer the type, or ask for a subclass",
                        subclasses.join(", ")
                    ),
                ));
            }
            let namespace = namespace_of(name);
            let candidates: Vec<String> = used
                .classes(graph, vocabulary)
                .iter()
                .filter(|c| c.starts_with(namespace))
                .cloned()
                .collect();
            Some((
                "unused-class",
                format!(
                    "nothing in the loaded data has the type {shown}, so this part of the query matches nothing{}",
                    did_you_mean(name, candidates)
                ),
            ))
        }
        _ => None,
    }
}

/// The namespace of an IRI: up to its last `#` or `/`.
fn namespace_of(iri: &str) -> &str {
    iri.rfind(['#', '/']).map_or(iri, |at| &iri[..=at])
}
