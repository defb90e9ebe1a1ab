//! Loading RDF files into the embedded oxigraph store: the bundled ontology and data (compiled into
//! the binary) and any files or directories the user names. Loading is all-or-nothing: every file
//! streams through one bulk loader that is committed only after the last file parsed cleanly.
//!
//! Facts live in the named graph of the passage that states them, and one fact may be stated by
//! several passages. So that queries count each fact once, the default graph is the RDF merge of
//! everything: each statement of a named graph is also loaded, once, into the default graph.
//! Queries see the default graph; `GRAPH ?passage { … }` reaches the provenance.

use crate::error::{Error, Position, Result};
use crate::namespaces::{HKG, RDFS, SKOS};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{
    Dataset, GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, TermRef,
};
use oxigraph::store::{LoaderError, Store};
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The files compiled into the binary, as (path relative to the crate root, contents).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// The label languages hkkg writes: English and Traditional Chinese as used in Hong Kong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    #[value(name = "zh", alias = "zh-Hant")]
    Zh,
}

impl Lang {
    /// The BCP 47 tag the data uses for this language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hant",
        }
    }

    fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The ontology and data compiled into the binary.
    pub bundled: bool,
    /// More RDF files, or directories searched recursively for RDF files, in this order.
    pub paths: Vec<PathBuf>,
    /// Also load the graph hkg:curated-inferences (conclusions a curator drew from several
    /// passages, each with its reasoning); without it, quads in that graph are skipped.
    pub inferences: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            bundled: true,
            paths: Vec::new(),
            inferences: false,
        }
    }
}

/// The named graph of curated inferences (data/curated-inferences.trig): kept out of the facts
/// unless [`LoadOptions::inferences`] asks for it.
pub fn curated_inferences_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}curated-inferences"))
}

/// Whether `options` leaves this parsed quad out (a curated inference not asked for). Parse
/// errors are kept so that they are reported.
fn skipped<E>(options: &LoadOptions, quad: &Result<Quad, E>) -> bool {
    !options.inferences
        && matches!(quad, Ok(q) if matches!(&q.graph_name, GraphName::NamedNode(g)
            if g.as_str().strip_prefix(HKG) == Some("curated-inferences")))
}

/// The RDF syntax of a file, from its extension.
pub fn format_for_path(path: &Path) -> Option<RdfFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "ttl" => RdfFormat::Turtle,
        "trig" => RdfFormat::TriG,
        "nt" => RdfFormat::NTriples,
        "nq" => RdfFormat::NQuads,
        "rdf" | "owl" | "xml" => RdfFormat::RdfXml,
        "jsonld" | "json" => RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        },
        _ => return None,
    })
}

/// The knowledge graph: an oxigraph store with hkkg's conventions on top.
pub struct KnowledgeGraph {
    store: Store,
}

impl KnowledgeGraph {
    /// Loads what `options` asks for into a new in-memory store.
    pub fn load(options: &LoadOptions) -> Result<Self> {
        let store = Store::new()?;
        let mut loader = store.bulk_loader();
        for_each_source(options, |path, parser, reader| {
            let kept = parser
                .for_reader(reader)
                .filter(|quad| !skipped(options, quad));
            let with_merged_copy = kept.flat_map(|quad| {
                let copy = match &quad {
                    Ok(quad) if !quad.graph_name.is_default_graph() => Some(Ok(Quad::new(
                        quad.subject.clone(),
                        quad.predicate.clone(),
                        quad.object.clone(),
                        GraphName::DefaultGraph,
                    ))),
                    _ => None,
                };
                std::iter::once(quad).chain(copy)
            });
            loader
                .load_ok_quads::<_, LoaderError>(with_merged_copy)
                .map_err(|error| match error {
                    LoaderError::Parsing(error) => parse_error(path, error),
                    other => Error::Store(format!("{}: {other}", path.display())),
                })
        })?;
        // Without commit() the bulk loader keeps nothing: a failure above leaves the store empty.
        loader.commit()?;
        Ok(Self { store })
    }

    /// The bundled ontology and data only.
    pub fn bundled() -> Result<Self> {
        Self::load(&LoadOptions::default())
    }

    /// Wraps an existing store (for instance an on-disk one).
    pub fn from_store(store: Store) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Whether a default-graph quad is only the merged copy of a statement some named graph holds.
    pub fn is_merged_copy(&self, quad: &Quad) -> Result<bool> {
        if !quad.graph_name.is_default_graph() {
            return Ok(false);
        }
        for stated in self.store.quads_for_pattern(
            Some(quad.subject.as_ref()),
            Some(quad.predicate.as_ref()),
            Some(quad.object.as_ref()),
            None,
        ) {
            if !stated?.graph_name.is_default_graph() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The quads as they were stated: every named graph, and the default-graph statements that are
    /// not merged copies. Loading these again rebuilds the same store.
    pub fn stated_quads(&self) -> Result<Vec<Quad>> {
        let mut quads = Vec::new();
        for quad in self.store.iter() {
            let quad = quad?;
            if !self.is_merged_copy(&quad)? {
                quads.push(quad);
            }
        }
        Ok(quads)
    }

    /// The merged graph: every fact once, whichever graphs state it.
    pub fn merged_triples(&self) -> Result<Vec<Quad>> {
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .collect::<Result<_, _>>()?)
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// The label of a node in `lang`, falling back to the other language, then to any label.
    /// rdfs:label is preferred to skos:prefLabel; among several labels the smallest is taken so
    /// that the answer does not depend on load order.
    pub fn label(&self, node: NamedOrBlankNodeRef<'_>, lang: Lang) -> Option<String> {
        let mut labels: Vec<(u8, String)> = Vec::new();
        for predicate in [format!("{RDFS}label"), format!("{SKOS}prefLabel")] {
            let predicate = NamedNodeRef::new_unchecked(&predicate);
            for quad in self
                .store
                .quads_for_pattern(Some(node), Some(predicate), None, None)
                .flatten()
            {
                if let oxigraph::model::Term::Literal(literal) = &quad.object {
                    let rank = match literal.language() {
                        Some(tag) if tag.eq_ignore_ascii_case(lang.tag()) => 0,
                        Some(tag) if tag.eq_ignore_ascii_case(lang.other().tag()) => 1,
                        _ => 2,
                    };
                    labels.push((rank, literal.value().to_owned()));
                }
            }
            if labels.iter().any(|(rank, _)| *rank == 0) {
                break;
            }
        }
        labels.into_iter().min().map(|(_, label)| label)
    }

    /// The label of any term for display: literals as their value, nodes by label or prefixed name.
    pub fn display_term(&self, term: TermRef<'_>, lang: Lang, prefer_labels: bool) -> String {
        match term {
            TermRef::NamedNode(node) => prefer_labels
                .then(|| self.label(node.into(), lang))
                .flatten()
                .unwrap_or_else(|| crate::namespaces::display_iri(node.as_str())),
            TermRef::BlankNode(node) => node.to_string(),
            TermRef::Literal(literal) => literal.value().to_owned(),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }

    /// True when some quad in any graph has `node` as its subject.
    pub fn describes(&self, node: NamedOrBlankNodeRef<'_>) -> bool {
        self.store
            .quads_for_pattern(Some(node), None, None, None::<GraphNameRef<'_>>)
            .next()
            .is_some()
    }
}

/// Reads what `options` names into a dataset, keeping every literal exactly as written: the store
/// normalises typed literals ("07"^^xsd:integer becomes "7", and xsd:nonNegativeInteger becomes
/// xsd:integer), so checks of datatypes and diffs of files read this instead.
pub fn read_dataset(options: &LoadOptions) -> Result<Dataset> {
    let mut dataset = Dataset::new();
    for_each_source(options, |path, parser, reader| {
        for quad in parser
            .for_reader(reader)
            .filter(|quad| !skipped(options, quad))
        {
            dataset.insert(&quad.map_err(|error| parse_error(path, error))?);
        }
        Ok(())
    })?;
    Ok(dataset)
}

/// Hands each bundled file (when asked for) and each named file to `read` with a parser for its
/// format, in load order.
fn for_each_source(
    options: &LoadOptions,
    mut read: impl FnMut(&Path, RdfParser, &mut dyn Read) -> Result<()>,
) -> Result<()> {
    if options.bundled {
        // The SHACL shapes describe the data; they are not part of it.
        let data = bundled_files()
            .iter()
            .filter(|(path, _)| *path != crate::shacl::SHAPES_PATH);
        for (path, text) in data {
            if let Some(format) = format_for_path(Path::new(path)) {
                read(
                    Path::new(path),
                    RdfParser::from_format(format).rename_blank_nodes(),
                    &mut text.as_bytes(),
                )?;
            }
        }
    }
    for file in expand_paths(&options.paths)? {
        let format =
            format_for_path(&file).ok_or_else(|| Error::UnknownRdfFormat { path: file.clone() })?;
        // Blank node labels are local to a file: `_:b` in two files are two nodes.
        let mut parser = RdfParser::from_format(format).rename_blank_nodes();
        if let Some(base) = file_base_iri(&file) {
            parser = parser.with_base_iri(base).map_err(|e| {
                Error::Store(format!(
                    "{}: cannot use the file path as a base IRI: {e}",
                    file.display()
                ))
            })?;
        }
        let reader = File::open(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        read(&file, parser, &mut BufReader::new(reader))?;
    }
    Ok(())
}

fn parse_error(path: &Path, error: RdfParseError) -> Error {
    match error {
        RdfParseError::Syntax(syntax) => Error::RdfSyntax {
            path: path.to_owned(),
            position: syntax.location().map(|range| Position {
                line: range.start.line + 1,
                column: range.start.column + 1,
            }),
            message: without_position_prefix(&syntax.to_string()),
        },
        RdfParseError::Io(source) => Error::Io {
            path: path.to_owned(),
            source,
        },
    }
}

/// The Turtle-family parsers start messages with "Parser error at line … column …: "; the error
/// already carries the position, so only the explanation is kept.
fn without_position_prefix(message: &str) -> String {
    if message.starts_with("Parser error ") {
        if let Some((_, rest)) = message.split_once(": ") {
            return rest.to_owned();
        }
    }
    message.to_owned()
}

/// Relative IRIs in a user's file resolve against the file's own location, as RDF tools expect.
fn file_base_iri(path: &Path) -> Option<String> {
    let absolute = fs::canonicalize(path).ok()?;
    Some(format!("file://{}", absolute.to_str()?))
}

/// Files named directly are kept (and must have an RDF extension); directories contribute their
/// RDF files, recursively, in sorted order.
pub(crate) fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = fs::metadata(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries {
        let path = entry
            .map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?
            .path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if format_for_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}
