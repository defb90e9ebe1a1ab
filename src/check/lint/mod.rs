//! `hkkg lint`: checks Turtle-family source files (.ttl .trig .nt .nq) before anything is loaded,
//! streaming them with rio_turtle's zero-copy parser. Errors: syntax, undeclared prefixes, terms in
//! the hk: namespace that the ontology does not declare (with the closest declared term), literals
//! that do not fit their datatype or their property's declared range, entities typed with two
//! disjoint classes, facts in a passage graph (or references to a passage) that no passage record
//! names, and passages whose text does not quote their source text (see [`passages`]). Warnings:
//! hkr: entities without an English or a zh-Hant label, and hkr: IRIs that are referenced but
//! described nowhere (usually a typo); an entity the context (the bundled data) describes and
//! labels counts as described and labelled.
//!
//! Three streaming passes, none holding a file in memory: declarations and passage records from
//! every file (an ontology may come after the data that uses it), then the checks, then, only for
//! files with findings, a search for where each finding is written (see [`locate`]). The source
//! texts are read once each, for the passages of linted files.

mod checker;
mod parse;
mod passages;

use crate::assets;
use crate::error::{Error, Position, Result};
use crate::rdf::syntax::RdfSyntax;
use crate::rdf::vocabulary::Vocabulary;
use crate::store::locate::{self, Anchor};
use crate::store::source::{self, Source};
use checker::Checker;
use rio_api::model::{Subject, Term};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;

/// The bundled files of the given top directories (e.g. "ontology", "data") that lint can read.
pub fn bundled_sources(dirs: &[&str]) -> Vec<Source> {
    assets::under(dirs)
        .filter(|asset| asset.path != assets::SHAPES_PATH)
        .filter_map(Source::bundled)
        .filter(|source| source.syntax.is_turtle_family())
        .collect()
}

/// Files named directly (which must be Turtle-family), and the Turtle-family files under
/// directories, recursively, sorted.
pub fn sources_at(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found: Vec<Source> = source::rdf_files_under(path)?
                .into_iter()
                .filter(|(_, syntax)| syntax.is_turtle_family())
                .map(|(file, syntax)| Source::file(file, syntax, None))
                .collect();
            if found.is_empty() {
                return Err(Error::NoRdfFiles { dir: path.clone() });
            }
            sources.extend(found);
        } else {
            match RdfSyntax::of_path(path) {
                Some(syntax) if syntax.is_turtle_family() => {
                    sources.push(Source::file(path.clone(), syntax, None))
                }
                _ => return Err(Error::NotLintable { path: path.clone() }),
            }
        }
    }
    Ok(sources)
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
    /// invalid-literal, range-mismatch, disjoint-classes, unknown-passage, passage-text,
    /// source-text, missing-label, undescribed-entity.
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
pub(crate) struct Pending {
    severity: Severity,
    source: usize,
    anchor: Anchor,
    code: &'static str,
    message: String,
}

/// What lint needs besides the files.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Folders searched first for the source texts that passages quote (`--sources`).
    pub text_dirs: Vec<PathBuf>,
}

/// Lints `sources`. `context` is read only for its declarations, passage records and entities
/// (the bundled ontology and data when the user lints their own files): nothing in it is reported,
/// and what it describes is not "described in no file".
pub fn lint(sources: &[Source], context: &[Source]) -> Result<LintReport> {
    lint_with(sources, context, &LintOptions::default())
}

/// [`lint`], with options.
pub fn lint_with(
    sources: &[Source],
    context: &[Source],
    options: &LintOptions,
) -> Result<LintReport> {
    let mut vocabulary = Vocabulary::default();
    let mut passages = passages::Passages::default();
    let mut context_entities = checker::ContextEntities::default();
    let all: Vec<&Source> = sources.iter().chain(context).collect();
    for (index, source) in all.iter().enumerate() {
        let linted = index < sources.len();
        // Syntax errors are reported by the checking pass; here the good part of a file still counts.
        let _ = parse::parse(source, |graph, subject, predicate, object| {
            if let (Subject::NamedNode(s), Term::NamedNode(o)) = (subject, object) {
                vocabulary.observe(s.iri, predicate.iri, o.iri);
            }
            passages.observe(index, linted, graph, subject, predicate, object);
            if !linted {
                context_entities.observe(subject, predicate, object);
            }
        })?;
    }
    let mut checker = Checker::new(&vocabulary, context_entities);
    for (index, source) in sources.iter().enumerate() {
        checker.check_source(index, source)?;
    }
    checker.finish_entities();
    checker
        .pending
        .extend(passages.finish(&all, sources.len(), &options.text_dirs));
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
