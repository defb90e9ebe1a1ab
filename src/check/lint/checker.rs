//! The checks lint makes on each triple, and across files on each hkr: entity.

use super::parse::{parse, syntax_finding};
use super::{Pending, Severity};
use crate::error::Result;
use crate::rdf::datatype;
use crate::rdf::namespaces::{display_iri, HK, HKR, RDFS};
use crate::rdf::suggest::closest;
use crate::rdf::vocabulary::Vocabulary;
use crate::store::locate::{self, Anchor};
use crate::store::source::Source;
use rio_api::model::{Literal, NamedNode, Subject, Term};
use std::collections::{HashMap, HashSet};

/// What lint learns about each hkr: entity across all files.
#[derive(Default)]
struct Entity {
    /// Indices into `Checker::classes`, each with the first file that asserts it.
    types: Vec<(u32, usize)>,
    english: bool,
    chinese: bool,
    /// The first file that describes it, where a finding about it is reported.
    source: usize,
}

/// The hkr: entities of the context (the bundled data when the user lints their own files): an
/// entity described there is not "described in no file", and its labels there count.
#[derive(Default)]
pub(crate) struct ContextEntities {
    /// (English label, zh-Hant label) of each entity described.
    labels: HashMap<String, (bool, bool)>,
}

impl ContextEntities {
    pub(crate) fn observe(
        &mut self,
        subject: &Subject<'_>,
        predicate: &NamedNode<'_>,
        object: &Term<'_>,
    ) {
        let Subject::NamedNode(s) = subject else {
            return;
        };
        if !s.iri.starts_with(HKR) {
            return;
        }
        let labels = self.labels.entry(s.iri.to_owned()).or_default();
        if let Term::Literal(Literal::LanguageTaggedString { language, .. }) = object {
            if predicate.iri == RDFS_LABEL || predicate.iri == SKOS_PREF_LABEL {
                labels.0 |= language_is(language, "en");
                labels.1 |= language_is(language, "zh-Hant");
            }
        }
    }
}

pub(crate) struct Checker<'v> {
    vocabulary: &'v Vocabulary,
    context: ContextEntities,
    pub(crate) pending: Vec<Pending>,
    pub(crate) triples: u64,
    /// Unknown hk: terms already reported, per file.
    reported_terms: HashSet<(usize, String)>,
    entities: HashMap<String, Entity>,
    /// hkr: IRIs used as objects, with the first file that uses them.
    referenced: HashMap<String, usize>,
    classes: Vec<String>,
    class_ids: HashMap<String, u32>,
    /// Each file's prefix declarations, to spell terms the way that file does.
    pub(crate) prefixes: Vec<HashMap<String, String>>,
}

impl<'v> Checker<'v> {
    pub(crate) fn new(vocabulary: &'v Vocabulary, context: ContextEntities) -> Self {
        Self {
            vocabulary,
            context,
            pending: Vec::new(),
            triples: 0,
            reported_terms: HashSet::new(),
            entities: HashMap::new(),
            referenced: HashMap::new(),
            classes: Vec::new(),
            class_ids: HashMap::new(),
            prefixes: Vec::new(),
        }
    }

    pub(crate) fn check_source(&mut self, index: usize, source: &Source) -> Result<()> {
        let mut triples = 0u64;
        let (prefixes, error) = parse(source, |_graph, subject, predicate, object| {
            triples += 1;
            self.check_triple(index, subject, predicate, object);
        })?;
        self.triples += triples;
        if let Some(error) = error {
            self.pending.push(syntax_finding(index, &error, &prefixes));
        }
        self.prefixes.push(prefixes);
        Ok(())
    }

    fn check_triple(
        &mut self,
        source: usize,
        subject: &Subject<'_>,
        predicate: &NamedNode<'_>,
        object: &Term<'_>,
    ) {
        if let Subject::NamedNode(s) = subject {
            self.check_term(source, s.iri, Role::Term);
            if s.iri.starts_with(HKR) {
                self.observe_entity(source, s.iri, predicate.iri, object);
            }
        }
        self.check_term(source, predicate.iri, Role::Property);
        match object {
            Term::NamedNode(o) => {
                let role = if is_class_position(predicate.iri) {
                    Role::Class
                } else {
                    Role::Term
                };
                self.check_term(source, o.iri, role);
                if o.iri.starts_with(HKR) {
                    self.referenced.entry(o.iri.to_owned()).or_insert(source);
                }
            }
            Term::Literal(literal) => self.check_literal(source, predicate.iri, literal),
            Term::BlankNode(_) | Term::Triple(_) => {}
        }
    }

    fn check_term(&mut self, source: usize, iri: &str, role: Role) {
        let Some(local) = iri.strip_prefix(HK) else {
            return;
        };
        let declared = match role {
            Role::Property => self.vocabulary.is_property(iri),
            Role::Class => self.vocabulary.is_class(iri),
            Role::Term => self.vocabulary.is_property(iri) || self.vocabulary.is_class(iri),
        };
        if declared || !self.reported_terms.insert((source, iri.to_owned())) {
            return;
        }
        let candidates: Vec<&str> = match role {
            Role::Property => self.vocabulary.properties_in(HK).collect(),
            Role::Class => self.vocabulary.classes_in(HK).collect(),
            Role::Term => self
                .vocabulary
                .properties_in(HK)
                .chain(self.vocabulary.classes_in(HK))
                .collect(),
        };
        let locals = candidates.iter().map(|c| &c[HK.len()..]);
        let hint = closest(local, locals).first().map_or_else(
            || " (the ontology does not declare it)".to_owned(),
            |best| format!(" — did you mean hk:{best}?"),
        );
        self.push_iri(
            Severity::Error,
            source,
            iri,
            "unknown-term",
            format!("unknown {} hk:{local}{hint}", role.noun()),
        );
    }

    fn check_literal(&mut self, source: usize, predicate: &str, literal: &Literal<'_>) {
        let (value, datatype) = match literal {
            Literal::Simple { value } => (*value, XSD_STRING),
            Literal::LanguageTaggedString { value, .. } => (*value, RDF_LANG_STRING),
            Literal::Typed { value, datatype } => (*value, datatype.iri),
        };
        if let Some(reason) = datatype::invalid_reason(datatype, value) {
            self.push_literal(
                source,
                value,
                "invalid-literal",
                format!(
                    "\"{value}\" is not a valid {}: {reason}",
                    display_iri(datatype)
                ),
            );
            return;
        }
        let ranges = self.vocabulary.ranges(predicate);
        if ranges.is_empty() || ranges.iter().any(|r| literal_fits(datatype, r)) {
            return;
        }
        let expected: Vec<String> = ranges.iter().map(|r| display_iri(r)).collect();
        self.push_literal(
            source,
            value,
            "range-mismatch",
            format!(
                "{} expects {} but \"{value}\" is {}",
                display_iri(predicate),
                expected.join(" or "),
                if datatype == RDF_LANG_STRING {
                    "a language-tagged string".to_owned()
                } else {
                    display_iri(datatype)
                }
            ),
        );
    }

    fn observe_entity(&mut self, source: usize, iri: &str, predicate: &str, object: &Term<'_>) {
        let class = match object {
            Term::NamedNode(o) if predicate == RDF_TYPE => Some(self.class_id(o.iri)),
            _ => None,
        };
        let entity = self
            .entities
            .entry(iri.to_owned())
            .or_insert_with(|| Entity {
                source,
                ..Entity::default()
            });
        if let Some(class) = class {
            if !entity.types.iter().any(|(c, _)| *c == class) {
                entity.types.push((class, source));
            }
        }
        if let Term::Literal(Literal::LanguageTaggedString { language, .. }) = object {
            if predicate == RDFS_LABEL || predicate == SKOS_PREF_LABEL {
                entity.english |= language_is(language, "en");
                entity.chinese |= language_is(language, "zh-Hant");
            }
        }
    }

    fn class_id(&mut self, iri: &str) -> u32 {
        if let Some(id) = self.class_ids.get(iri) {
            return *id;
        }
        let id = u32::try_from(self.classes.len()).unwrap_or(u32::MAX);
        self.classes.push(iri.to_owned());
        self.class_ids.insert(iri.to_owned(), id);
        id
    }

    /// Checks that need every file: labels, disjoint types, referenced-but-undescribed IRIs.
    pub(crate) fn finish_entities(&mut self) {
        let superclasses = self.vocabulary.superclasses();
        let entities = std::mem::take(&mut self.entities);
        let mut sorted: Vec<_> = entities.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (iri, entity) in sorted {
            let (english, chinese) = self.context.labels.get(iri).copied().unwrap_or_default();
            let missing: Vec<&str> = [
                (entity.english || english, "English (@en)"),
                (entity.chinese || chinese, "zh-Hant"),
            ]
            .into_iter()
            .filter(|(has, _)| !has)
            .map(|(_, what)| what)
            .collect();
            if !missing.is_empty() {
                self.push_iri(
                    Severity::Warning,
                    entity.source,
                    iri,
                    "missing-label",
                    format!("{} has no {} label", display_iri(iri), missing.join(" or ")),
                );
            }
            if self.vocabulary.has_disjointness() {
                self.check_disjoint(iri, entity, &superclasses);
            }
        }
        let referenced = std::mem::take(&mut self.referenced);
        let mut undescribed: Vec<_> = referenced
            .iter()
            .filter(|(iri, _)| {
                !entities.contains_key(*iri) && !self.context.labels.contains_key(*iri)
            })
            .collect();
        undescribed.sort();
        for (iri, source) in undescribed {
            // Compared by local name: the shared namespace would make every IRI look alike.
            let local = &iri[HKR.len()..];
            let hint = closest(local, entities.keys().map(|e| &e[HKR.len()..]))
                .first()
                .map(|best| format!(" — did you mean hkr:{best}?"))
                .unwrap_or_default();
            self.push_iri(
                Severity::Warning,
                *source,
                iri,
                "undescribed-entity",
                format!(
                    "{} is referenced but described in no file{hint}",
                    display_iri(iri)
                ),
            );
        }
    }

    fn check_disjoint(
        &mut self,
        iri: &str,
        entity: &Entity,
        superclasses: &crate::rdf::vocabulary::Closure,
    ) {
        // Each asserted type with its superclasses, remembering which asserted type (and file)
        // it came from.
        let mut reach: Vec<(&str, &str, usize)> = Vec::new();
        for (id, source) in &entity.types {
            let asserted = self.classes[*id as usize].as_str();
            reach.push((asserted, asserted, *source));
            reach.extend(
                superclasses
                    .above(asserted)
                    .iter()
                    .map(|c| (c.as_str(), asserted, *source)),
            );
        }
        for (i, (a, from_a, source_a)) in reach.iter().enumerate() {
            if let Some((b, from_b, source_b)) = reach[i + 1..]
                .iter()
                .find(|(b, ..)| self.vocabulary.are_disjoint(a, b))
            {
                let message = format!(
                    "{} is typed {} and {}, but {} and {} are declared disjoint (owl:disjointWith)",
                    display_iri(iri),
                    display_iri(from_a),
                    display_iri(from_b),
                    display_iri(a),
                    display_iri(b)
                );
                // Reported where the later of the two types is asserted: that is the likely slip.
                let source = *source_a.max(source_b);
                self.push_iri(Severity::Error, source, iri, "disjoint-classes", message);
                return;
            }
        }
    }

    fn push_iri(
        &mut self,
        severity: Severity,
        source: usize,
        iri: &str,
        code: &'static str,
        message: String,
    ) {
        self.pending.push(Pending {
            severity,
            source,
            anchor: Anchor::Iri(iri.to_owned()),
            code,
            message,
        });
    }

    fn push_literal(&mut self, source: usize, value: &str, code: &'static str, message: String) {
        self.pending.push(Pending {
            severity: Severity::Error,
            source,
            anchor: Anchor::Spellings(locate::literal_spellings(value)),
            code,
            message,
        });
    }
}

#[derive(Clone, Copy)]
enum Role {
    Property,
    Class,
    Term,
}

impl Role {
    fn noun(self) -> &'static str {
        match self {
            Role::Property => "property",
            Role::Class => "class",
            Role::Term => "term",
        }
    }
}

const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";

/// Objects of these predicates are classes.
fn is_class_position(predicate: &str) -> bool {
    predicate == RDF_TYPE
        || [
            format!("{RDFS}subClassOf"),
            format!("{RDFS}domain"),
            format!("{RDFS}range"),
        ]
        .iter()
        .any(|p| p == predicate)
}

/// A language tag matches "en" or "zh-Hant" exactly or as a prefix of a longer tag (en-GB).
fn language_is(tag: &str, wanted: &str) -> bool {
    tag.len() >= wanted.len()
        && tag[..wanted.len()].eq_ignore_ascii_case(wanted)
        && (tag.len() == wanted.len() || tag.as_bytes()[wanted.len()] == b'-')
}

/// Whether a literal of `datatype` fits a declared range. Ranges that are classes (rdfs:Literal,
/// or anything outside XML Schema and rdf:langString) are not literal types lint can judge.
fn literal_fits(datatype: &str, range: &str) -> bool {
    let judged = range.starts_with(datatype::XSD) || range == RDF_LANG_STRING;
    !judged || datatype::derives_from(datatype, range)
}

#[cfg(test)]
mod tests {
    use super::language_is;

    #[test]
    fn language_tags_match_case_insensitively_and_by_subtag() {
        assert!(language_is("zh-hant", "zh-Hant"));
        assert!(language_is("en-GB", "en"));
        assert!(!language_is("eng", "en"));
        assert!(!language_is("zh-Hans", "zh-Hant"));
    }
}
