//! `load` and `update`: the commands that change a graph. `load` adds files to an on-disk store
//! (creating it with the bundled data first); `update` applies SPARQL Update to any knowledge
//! graph — a session's in-memory one (a server's) or an on-disk store ([`UpdateTarget`]);
//! `write_graph` makes the Graph Store Protocol's writes the updates SPARQL defines for them. All
//! are all-or-nothing (see `store::disk` and `query::update`).

use crate::error::{Error, Result};
use crate::query::source::QuerySource;
use crate::query::sparql::Limits;
use crate::query::update;
use crate::rdf::syntax::RdfSyntax;
use crate::store::disk::{self, IfMissing, Writer};
use crate::store::load::{read_sources, Literals};
use crate::store::source::Source;
use crate::store::{KnowledgeGraph, LoadOptions, ReadReport};
use oxigraph::model::{GraphName, NamedNode};
use spargebra::algebra::{GraphTarget, QueryDataset};
use spargebra::term::GraphName as DataGraphName;
use spargebra::{GraphUpdateOperation, Update};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use crate::query::update::UpdateReport;

/// Files to add to the store at `location`.
#[derive(Debug, Clone)]
pub struct LoadRequest {
    pub location: PathBuf,
    /// What to read. The bundled ontology and data (`bundled`) go in only when the store is
    /// created: a store made without them stays without them, and one made with them does not
    /// get them again (an update may have changed them since). `merge` is the store's own from
    /// its creation on.
    pub data: LoadOptions,
}

/// How a load went.
#[derive(Debug, Clone)]
pub struct LoadSummary {
    pub location: PathBuf,
    /// The store did not exist before.
    pub created: bool,
    pub read: ReadReport,
    pub elapsed: Duration,
}

impl fmt::Display for LoadSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} {}: {} statement(s) from {} source(s) in {seconds:.1} s ({:.0} statements/s)",
            if self.created {
                "created the store"
            } else {
                "added to the store"
            },
            self.location.display(),
            self.read.quads,
            self.read.sources,
            self.read.quads as f64 / seconds.max(1e-6),
        )?;
        if self.read.ill_typed > 0 {
            write!(
                f,
                "; accepted {} ill-typed literal(s) (--lenient)",
                self.read.ill_typed
            )?;
        }
        Ok(())
    }
}

/// Where a load is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProgress {
    /// This many statements read and handed to the store so far.
    Reading(u64),
    /// Everything is read; the store is compacting and being published.
    Finishing,
}

/// Adds the files of `request` to its store, creating the store (with the bundled data unless
/// told otherwise) when there is none. Nothing is added unless everything is: until the new
/// generation is published, readers see the store as it was.
pub fn load(request: &LoadRequest, progress: &mut dyn FnMut(LoadProgress)) -> Result<LoadSummary> {
    let started = Instant::now();
    let options_for = |created: bool| LoadOptions {
        bundled: request.data.bundled && created,
        ..request.data.clone()
    };
    // The files are found before the store is touched: a misspelt name costs nothing.
    let mut options = options_for(!disk::exists(&request.location)?);
    let mut sources = options.sources()?;
    let writer = Writer::open(
        &request.location,
        "load",
        IfMissing::Create {
            merged: request.data.merge,
        },
    )?;
    if writer.created() != options.bundled && request.data.bundled {
        // Another process created the store, or it vanished, since it was looked at.
        options = options_for(writer.created());
        sources = options.sources()?;
    }
    if sources.is_empty() && !writer.created() {
        return Err(Error::NothingToLoad {
            dir: request.location.clone(),
        });
    }
    let read = writer.graph().bulk_add(&sources, &options, &mut |n| {
        progress(LoadProgress::Reading(n))
    })?;
    progress(LoadProgress::Finishing);
    let created = writer.created();
    writer.commit(true)?;
    Ok(LoadSummary {
        location: request.location.clone(),
        created,
        read,
        elapsed: started.elapsed(),
    })
}

/// Where an update goes: a graph in memory (a session's, a server's), or the on-disk store at a
/// location, where it makes a new generation published only when the whole update succeeded.
#[derive(Clone, Copy)]
pub enum UpdateTarget<'a> {
    Graph(&'a KnowledgeGraph),
    Store(&'a Path),
}

/// A SPARQL Update and how to run it.
#[derive(Debug, Clone)]
pub struct UpdateRequest {
    /// A file, inline text or standard input (not a name: there is no catalogue of updates).
    pub source: QuerySource,
    /// The IRI relative IRIs resolve against (a file's own location otherwise).
    pub base_iri: Option<String>,
    /// The SPARQL Protocol's `using-graph-uri` and `using-named-graph-uri`: the dataset of every
    /// DELETE/INSERT … WHERE, as a USING clause would give it.
    pub using: UsingGraphs,
    pub limits: Limits,
}

/// Graphs given to an update from outside its text (see [`UpdateRequest::using`]).
#[derive(Debug, Clone, Default)]
pub struct UsingGraphs {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

/// Applies an update (with hkkg's prefixes) to `target`, keeping its merged default graph; all or
/// nothing.
pub fn update(target: UpdateTarget<'_>, request: &UpdateRequest) -> Result<UpdateReport> {
    let (text, base) = request.source.text(request.base_iri.as_deref())?;
    // Parsed before the store is touched: a syntax error costs no copy.
    let mut parsed = update::parse(&text, base.as_deref())?;
    if let Some(refused) = update::refusal(&parsed) {
        return Err(refused);
    }
    request.using.apply_to(&mut parsed)?;
    apply(target, &parsed, &request.limits)
}

/// Parses an update without running it (`hkkg update --check`): what it would do, or the first
/// error with its place.
pub fn check_update(source: &QuerySource, base_iri: Option<&str>) -> Result<String> {
    let (text, base) = source.text(base_iri)?;
    let parsed = update::parse(&text, base.as_deref())?;
    let mut verdict = format!("{} operation(s), syntax correct", parsed.operations.len());
    if let Some(refused) = update::refusal(&parsed) {
        verdict.push_str(&format!("; but it will not run here: {refused}"));
    }
    Ok(verdict)
}

impl UsingGraphs {
    fn apply_to(&self, update: &mut Update) -> Result<()> {
        if self.default_graphs.is_empty() && self.named_graphs.is_empty() {
            return Ok(());
        }
        for operation in &mut update.operations {
            if let GraphUpdateOperation::DeleteInsert { using, .. } = operation {
                if using.is_some() {
                    return Err(Error::UpdateRefused(
                        "the update has a USING clause and the request gives using-graph-uri or using-named-graph-uri: give the graphs one way".to_owned(),
                    ));
                }
                *using = Some(QueryDataset {
                    default: self.default_graphs.clone(),
                    named: Some(self.named_graphs.clone()),
                });
            }
        }
        Ok(())
    }
}

/// A write of the Graph Store Protocol: one graph (or the default graph) replaced, added to or
/// deleted.
#[derive(Debug, Clone)]
pub struct GraphWrite {
    pub kind: GraphWriteKind,
    /// The graph written; `None` is the default graph (its own statements: the merged copies of
    /// the named graphs stay with their graphs).
    pub graph: Option<NamedNode>,
    /// The triples of a replacement or an addition, and their syntax.
    pub body: Option<(Vec<u8>, RdfSyntax)>,
}

/// The Graph Store Protocol's writes, as SPARQL Update defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphWriteKind {
    /// PUT: `DROP SILENT GRAPH g; INSERT DATA { GRAPH g { body } }`.
    Replace,
    /// POST: `INSERT DATA { GRAPH g { body } }`.
    Add,
    /// DELETE: `DROP GRAPH g`.
    Delete,
}

/// Applies a Graph Store Protocol write to `target`, as one update.
pub fn write_graph(
    target: UpdateTarget<'_>,
    write: &GraphWrite,
    limits: &Limits,
) -> Result<UpdateReport> {
    let graph = match &write.graph {
        Some(name) => GraphTarget::NamedNode(name.clone()),
        None => GraphTarget::DefaultGraph,
    };
    let data = match &write.body {
        Some((bytes, syntax)) => body_quads(bytes, *syntax, write.graph.as_ref())?,
        None => Vec::new(),
    };
    let mut operations = Vec::new();
    if write.kind != GraphWriteKind::Add {
        operations.push(GraphUpdateOperation::Drop {
            silent: write.kind == GraphWriteKind::Replace,
            graph,
        });
    }
    if write.kind != GraphWriteKind::Delete {
        operations.push(GraphUpdateOperation::InsertData { data });
    }
    let update = Update {
        base_iri: None,
        operations,
    };
    apply(target, &update, limits)
}

/// The triples of a request body, put into `graph` (or the default graph), read with the same
/// checks as any file (syntax errors with their line and column, ill-typed literals refused).
fn body_quads(
    bytes: &[u8],
    syntax: RdfSyntax,
    graph: Option<&NamedNode>,
) -> Result<Vec<spargebra::term::Quad>> {
    let source = Source::body(bytes.to_vec(), syntax, graph.cloned());
    let mut quads = Vec::new();
    read_sources(&[source], Literals::Strict, |quad| {
        // A named target has put every triple into its graph already (and refused a body that
        // names graphs of its own); the default graph takes triples only.
        let graph_name = match (quad.graph_name, graph) {
            (GraphName::NamedNode(name), Some(_)) => DataGraphName::NamedNode(name),
            (GraphName::DefaultGraph, None) => DataGraphName::DefaultGraph,
            _ => {
                return Err(Error::UpdateRefused(
                    "the body names graphs of its own; a Graph Store write takes the triples of one graph (Turtle, N-Triples, RDF/XML or JSON-LD)".to_owned(),
                ))
            }
        };
        quads.push(spargebra::term::Quad {
            subject: quad.subject,
            predicate: quad.predicate,
            object: quad.object,
            graph_name,
        });
        Ok(())
    })?;
    Ok(quads)
}

fn apply(target: UpdateTarget<'_>, update: &Update, limits: &Limits) -> Result<UpdateReport> {
    match target {
        UpdateTarget::Graph(graph) => update::apply(graph, update, limits),
        UpdateTarget::Store(location) => {
            let writer = Writer::open(location, "update", IfMissing::Refuse)?;
            let report = update::apply(writer.graph(), update, limits)?;
            writer.commit(false)?;
            Ok(report)
        }
    }
}

/// Refuses loading options given alongside `--location` for a command that reads the store as
/// it is (they take effect when the store is loaded: `hkkg load`).
pub fn refuse_load_options(load: &LoadOptions) -> Result<()> {
    const HOW: &str = "the store is used as it was loaded; give it to `hkkg load --location DIR`";
    let defaults = LoadOptions::default();
    let refused = [
        (!load.inputs.is_empty(), "--data"),
        (load.syntax.is_some(), "--data-format"),
        (load.bundled != defaults.bundled, "--no-bundled"),
        (load.lenient != defaults.lenient, "--lenient"),
        (load.inferences != defaults.inferences, "--with-inferences"),
    ];
    match refused.iter().find(|(given, _)| *given) {
        Some((_, option)) => Err(Error::NotWithLocation {
            option,
            reason: HOW,
        }),
        None => Ok(()),
    }
}
