//! `hkkg lint`: checks Turtle-family source files (.ttl .trig .nt .nq) before anything is loaded,
//! streaming them with rio_turtle's zero-copy parser. Errors: syntax, undeclared prefixes, terms in
//! the hk: namespace that the ontology does not declare (with the closest declared term), literals
//! that do not fit their datatype or their property's declared range, entities typed with two
//! disjoint classes. Warnings: hkr: entities without an English or a zh-Hant label, and hkr: IRIs
//! that are referenced but described nowhere (usually a typo).
//!
//! Three streaming passes, none holding a file in memory: declarations from every file (an
//! ontology may come after the data that uses it), then the checks, then, only for files with
//! findings, a search for where each finding is written (see [`locate`]).

mod locate;

use crate::error::{Error, Position, Result};
use crate::rdf::datatype;
use crate::rdf::namespaces::{display_iri, HK, HKR, PREFIXES, RDFS};
use crate::rdf::suggest::closest;
use crate::rdf::vocabulary::Vocabulary;
use locate::Anchor;
use rio_api::model::{Literal, NamedNode, Subject, Term};
use rio_api::parser::{ParseError, QuadsParser, TriplesParser};
use rio_turtle::{NQuadsParser, NTriplesParser, TriGParser, TurtleError, TurtleParser};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// A file to lint: on disk, or compiled into the binary.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Bundled {
        path: &'static str,
        text: &'static str,
    },
}

impl Source {
    /// The bundled files of the given top directories (e.g. "ontology", "data") that lint can read.
    pub fn bundled(dirs: &[&str]) -> Vec<Source> {
        crate::store::bundled_files()
            .iter()
            .filter(|(path, _)| dirs.iter().any(|d| path.starts_with(&format!("{d}/"))))
            .filter(|(path, _)| Syntax::of(Path::new(path)).is_some())
            .map(|(path, text)| Source::Bundled { path, text })
            .collect()
    }

    /// Files named directly (which must be Turtle-family), and the Turtle-family files under
    /// directories, recursively, sorted.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Vec<Source>> {
        if let Some(file) = paths
            .iter()
            .find(|p| p.is_file() && Syntax::of(p).is_none())
        {
            return Err(Error::NotLintable { path: file.clone() });
        }
        Ok(crate::store::expand_paths(paths)?
            .into_iter()
            .filter(|path| Syntax::of(path).is_some())
            .map(Source::File)
            .collect())
    }

    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Bundled { path, .. } => (*path).to_owned(),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Source::File(path) => path,
            Source::Bundled { path, .. } => Path::new(path),
        }
    }

    fn open(&self) -> Result<Box<dyn BufRead + '_>> {
        Ok(match self {
            Source::File(path) => Box::new(BufReader::new(
                File::open(path).map_err(|e| self.io_error(e))?,
            )),
            Source::Bundled { text, .. } => Box::new(text.as_bytes()),
        })
    }

    fn io_error(&self, source: io::Error) -> Error {
        Error::Io {
            path: self.path().to_owned(),
            source,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Turtle,
    TriG,
    NTriples,
    NQuads,
}

impl Syntax {
    fn of(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "ttl" => Some(Self::Turtle),
            "trig" => Some(Self::TriG),
            "nt" => Some(Self::NTriples),
            "nq" => Some(Self::NQuads),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is.
#[derive(Debug, Clone)]
pub struct Finding {
    pub severity: Severity,
    pub file: String,
    /// None when the text could not be found again (e.g. a literal written with escapes).
    pub position: Option<Position>,
    /// A short stable name for the kind of problem: syntax, undeclared-prefix, unknown-term,
    /// invalid-literal, range-mismatch, disjoint-classes, missing-label, undescribed-entity.
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: ", self.file, p.line, p.column)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{severity}[{}]: {}", self.code, self.message)
    }
}

#[derive(Debug, Default)]
pub struct LintReport {
    /// Sorted by file, then position.
    pub findings: Vec<Finding>,
    pub files: usize,
    pub triples: u64,
}

impl LintReport {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Errors first, then warnings under their own heading, then a summary line.
    pub fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        let mut text = String::new();
        for finding in self.errors() {
            text.push_str(&format!("{finding}\n"));
        }
        let warnings: Vec<_> = self.warnings().collect();
        if !warnings.is_empty() {
            text.push_str("warnings:\n");
            for finding in &warnings {
                text.push_str(&format!("{finding}\n"));
            }
        }
        text.push_str(&format!(
            "{} error(s), {} warning(s) in {} file(s), {} triples\n",
            self.errors().count(),
            warnings.len(),
            self.files,
            self.triples
        ));
        out.write_all(text.as_bytes()).map_err(Error::Output)
    }
}

/// A finding before its position is known.
struct Pending {
    severity: Severity,
    source: usize,
    anchor: Anchor,
    code: &'static str,
    message: String,
}

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

/// Lints `sources`. `vocabulary_only` are read just for their declarations (the bundled ontology
/// when the user lints only data).
pub fn lint(sources: &[Source], vocabulary_only: &[Source]) -> Result<LintReport> {
    let mut vocabulary = Vocabulary::default();
    for source in sources.iter().chain(vocabulary_only) {
        // Syntax errors are reported by the checking pass; here the good part of a file still counts.
        let _ = parse(source, |subject, predicate, object| {
            if let (Subject::NamedNode(s), Term::NamedNode(o)) = (subject, object) {
                vocabulary.observe(s.iri, predicate.iri, o.iri);
            }
        })?;
    }
    let mut checker = Checker::new(&vocabulary);
    for (index, source) in sources.iter().enumerate() {
        checker.check_source(index, source)?;
    }
    checker.finish_entities();
    let mut report = LintReport {
        findings: Vec::new(),
        files: sources.len(),
        triples: checker.triples,
    };
    let mut by_source: HashMap<usize, Vec<Pending>> = HashMap::new();
    for pending in std::mem::take(&mut checker.pending) {
        by_source.entry(pending.source).or_default().push(pending);
    }
    for (index, pendings) in by_source {
        let anchors: Vec<&Anchor> = pendings.iter().map(|p| &p.anchor).collect();
        let positions = locate::locate(&sources[index], &anchors, &checker.prefixes[index])?;
        for (pending, position) in pendings.into_iter().zip(positions) {
            report.findings.push(Finding {
                severity: pending.severity,
                file: sources[index].name(),
                position,
                code: pending.code,
                message: pending.message,
            });
        }
    }
    report.findings.sort_by(|a, b| {
        (&a.file, a.position.map(|p| (p.line, p.column)), &a.message).cmp(&(
            &b.file,
            b.position.map(|p| (p.line, p.column)),
            &b.message,
        ))
    });
    Ok(report)
}

/// Streams every triple of `source` (quads lose their graph: lint does not need it) to
/// `on_triple`. Returns the prefixes declared and the first syntax error; rio_turtle cannot resume
/// reliably after an error in Turtle, so the rest of that file goes unchecked.
fn parse(
    source: &Source,
    mut on_triple: impl FnMut(&Subject<'_>, &NamedNode<'_>, &Term<'_>),
) -> Result<(HashMap<String, String>, Option<TurtleError>)> {
    let syntax = Syntax::of(source.path()).ok_or_else(|| Error::NotLintable {
        path: source.path().to_owned(),
    })?;
    let reader = source.open()?;
    let mut triple = |s: &Subject<'_>, p: &NamedNode<'_>, o: &Term<'_>| {
        on_triple(s, p, o);
        Ok::<(), TurtleError>(())
    };
    let (prefixes, error) = match syntax {
        Syntax::Turtle => {
            let mut parser = TurtleParser::new(reader, None);
            let error = drive_triples(&mut parser, &mut triple);
            (parser.prefixes().clone(), error)
        }
        Syntax::NTriples => {
            let mut parser = NTriplesParser::new(reader);
            (HashMap::new(), drive_triples(&mut parser, &mut triple))
        }
        Syntax::TriG => {
            let mut parser = TriGParser::new(reader, None);
            let error = drive_quads(&mut parser, &mut triple);
            (parser.prefixes().clone(), error)
        }
        Syntax::NQuads => {
            let mut parser = NQuadsParser::new(reader);
            (HashMap::new(), drive_quads(&mut parser, &mut triple))
        }
    };
    match error {
        Some(error) if error.textual_position().is_none() => {
            Err(source.io_error(io::Error::other(error.to_string())))
        }
        error => Ok((prefixes, error)),
    }
}

type TripleSink<'a> =
    dyn FnMut(&Subject<'_>, &NamedNode<'_>, &Term<'_>) -> Result<(), TurtleError> + 'a;

fn drive_triples<P: TriplesParser<Error = TurtleError>>(
    parser: &mut P,
    on_triple: &mut TripleSink<'_>,
) -> Option<TurtleError> {
    parser
        .parse_all(&mut |t| on_triple(&t.subject, &t.predicate, &t.object))
        .err()
}

fn drive_quads<P: QuadsParser<Error = TurtleError>>(
    parser: &mut P,
    on_triple: &mut TripleSink<'_>,
) -> Option<TurtleError> {
    parser
        .parse_all(&mut |q| on_triple(&q.subject, &q.predicate, &q.object))
        .err()
}

struct Checker<'v> {
    vocabulary: &'v Vocabulary,
    pending: Vec<Pending>,
    triples: u64,
    /// Unknown hk: terms already reported, per file.
    reported_terms: HashSet<(usize, String)>,
    entities: HashMap<String, Entity>,
    /// hkr: IRIs used as objects, with the first file that uses them.
    referenced: HashMap<String, usize>,
    classes: Vec<String>,
    class_ids: HashMap<String, u32>,
    /// Each file's prefix declarations, to spell terms the way that file does.
    prefixes: Vec<HashMap<String, String>>,
}

impl<'v> Checker<'v> {
    fn new(vocabulary: &'v Vocabulary) -> Self {
        Self {
            vocabulary,
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

    fn check_source(&mut self, index: usize, source: &Source) -> Result<()> {
        let mut triples = 0u64;
        let (prefixes, error) = parse(source, |subject, predicate, object| {
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
    fn finish_entities(&mut self) {
        let superclasses = self.vocabulary.superclasses();
        let entities = std::mem::take(&mut self.entities);
        let mut sorted: Vec<_> = entities.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (iri, entity) in sorted {
            let missing: Vec<&str> = [
                (entity.english, "English (@en)"),
                (entity.chinese, "zh-Hant"),
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
            .filter(|(iri, _)| !entities.contains_key(*iri))
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

fn syntax_finding(
    source: usize,
    error: &TurtleError,
    prefixes: &HashMap<String, String>,
) -> Pending {
    let text = error.to_string();
    // rio appends " on line N at position M"; the position is reported separately.
    let message = text
        .rsplit_once(" on line ")
        .map_or(text.as_str(), |(m, _)| m)
        .to_owned();
    let undeclared = message
        .strip_prefix("unknown prefix '")
        .and_then(|rest| rest.strip_suffix('\''));
    let (code, message, anchor) = match undeclared {
        // rio notices an undeclared prefix only after reading ahead; the use itself is the place.
        Some(prefix) => (
            "undeclared-prefix",
            undeclared_prefix_message(prefix, prefixes),
            Anchor::Prefix(prefix.to_owned()),
        ),
        None => (
            "syntax",
            format!("syntax error: {message}; the rest of this file was not checked"),
            // rio's positions are 1-based, whatever its getters' documentation says (measured).
            error
                .textual_position()
                .map_or(Anchor::LineByte { line: 0, byte: 0 }, |p| {
                    Anchor::LineByte {
                        line: p.line_number().saturating_sub(1),
                        byte: p.byte_number().saturating_sub(1),
                    }
                }),
        ),
    };
    Pending {
        severity: Severity::Error,
        source,
        anchor,
        code,
        message,
    }
}

fn undeclared_prefix_message(prefix: &str, declared: &HashMap<String, String>) -> String {
    let fix = match PREFIXES.iter().find(|(p, _)| *p == prefix) {
        Some((_, namespace)) => format!(" (add `@prefix {prefix}: <{namespace}> .`)"),
        None => closest(prefix, declared.keys().map(String::as_str))
            .first()
            .map(|best| format!(" — did you mean {best}:?"))
            .unwrap_or_default(),
    };
    format!(
        "prefix '{prefix}:' is used but not declared{fix}; the rest of this file was not checked"
    )
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
