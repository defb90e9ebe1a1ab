//! The commands hkkg runs, one function each, for every front end: the command line calls them
//! with what it parsed, the HTTP server with what a request asked, the MCP server with what an
//! assistant asked. Each takes a validated request and a writer, and knows nothing of where either
//! came from; each front end only maps its own arguments onto these types.
//!
//! A [`Session`] is the knowledge graph loaded once with its catalogues of named queries and views;
//! a command-line run opens one per command, a server one for its lifetime. Its graph is loaded
//! from files into memory, or opened read-only from an on-disk store (`location`; see
//! `store::disk`), which `load` fills and `update` changes.

mod check;
mod data;
mod generate;
mod graph;
mod query;
mod source;
mod store;

pub use check::{
    diff, lint, validate, DiffRequest, LintRequest, ValidateRequest, ValidationFormat,
};
pub use data::{cite, cited, export, export_graph, labels, push, stats, Cited, GraphTarget};
pub use generate::generate;
pub use graph::{
    analyze, dump_view, find_paths, list_views, neighbours, open_view, path, AnalyzeRequest,
    DumpOutput, DumpRequest, FoundPaths, NeighboursRequest, PathRequest, ViewRequest,
    DEFAULT_SAMPLES, DEFAULT_SEED, EXACT_CENTRALITY_LIMIT,
};
pub use query::{
    catalog_entries, check_query, concluded, evaluate, find_entities, list_queries, query, search,
    show_query, CatalogEntry, Evaluation, ListFormat, ParamEntry, QueryOutcome, QueryRequest,
    SearchFormat, SearchRequest, ShowRequest,
};
pub use source::{add_source, source_passages, PassagesRequest};
pub use store::{
    check_update, load, refuse_load_options, update, write_graph, GraphWrite, GraphWriteKind,
    LoadProgress, LoadRequest, LoadSummary, UpdateReport, UpdateRequest, UpdateTarget, UsingGraphs,
};

use crate::check::reason::{self, Reasoning};
use crate::error::{Error, Result};
use crate::query::advice::{self, Knowledge};
use crate::query::catalog::{Catalog, Kind, NamedQuery};
use crate::query::entity::Lookup;
use crate::query::params::{self, Assignment, Binding};
use crate::query::remote::{Endpoint, EndpointOptions};
use crate::query::search::SearchIndex;
use crate::query::source::QuerySource;
use crate::query::sparql::Limits;
use crate::rdf::vocabulary::Vocabulary;
use crate::store::{disk, KnowledgeGraph, Lang, LoadOptions, ReadReport};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The stack a thread running a command needs: deep input is bounded before it reaches recursive
/// code (see [`crate::query::algebra`]), and what is let through needs room to spare. The command
/// line runs each command on such a thread, the MCP server each tool call.
pub const COMMAND_STACK_BYTES: usize = 256 * 1024 * 1024;

/// What a session loads and how it answers.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    pub load: LoadOptions,
    /// Open the on-disk store in this directory instead of loading files (then `load` must ask for
    /// nothing but the defaults, and `reasoning` for nothing: the store is read as it was loaded).
    pub location: Option<PathBuf>,
    /// Materialise entailments of this regime in their own graph after loading.
    pub reasoning: Option<Reasoning>,
    /// The language of labels in tables and citations, and of the `lang` query parameter.
    pub lang: Lang,
    pub limits: Limits,
    /// The IRI relative IRIs in queries resolve against, when the query has no base of its own.
    pub base_iri: Option<String>,
    /// More named queries and views, from directories of query files.
    pub query_dirs: Vec<PathBuf>,
    pub view_dirs: Vec<PathBuf>,
    /// Answer from the graph a SPARQL endpoint holds instead of loading one (`load` is unused).
    pub endpoint: Option<EndpointOptions>,
}

/// The loaded knowledge graph, its catalogues, and how it answers.
pub struct Session {
    pub graph: KnowledgeGraph,
    pub queries: Catalog,
    pub views: Catalog,
    pub lang: Lang,
    pub limits: Limits,
    pub base_iri: Option<String>,
    /// What loading found (for instance ill-typed literals accepted by a lenient load).
    pub loaded: ReadReport,
    /// How many entailed triples reasoning added.
    pub entailed: usize,
    /// The on-disk store the graph was opened from, if it was.
    location: Option<PathBuf>,
    /// The names of the graph's entities, built when first needed (see [`Session::lookup`]);
    /// shared by sessions made from this one.
    index: Arc<OnceLock<SearchIndex>>,
    /// The terms the ontology and the data declare, built when first needed.
    vocabulary: Arc<OnceLock<Vocabulary>>,
}

impl Session {
    pub fn open(options: &SessionOptions) -> Result<Self> {
        // The catalogues first: a broken query file is reported before a long load.
        let queries = Catalog::load(Kind::Query, &options.query_dirs)?;
        let views = Catalog::load(Kind::View, &options.view_dirs)?;
        let (graph, loaded) = match (&options.endpoint, &options.location) {
            (Some(_), Some(_)) => {
                return Err(Error::NotWithLocation {
                    option: "--endpoint",
                    reason: "a session reads one store: the endpoint's, or the one on disk",
                })
            }
            (Some(endpoint), None) => (remote_graph(endpoint, options)?, ReadReport::default()),
            (None, Some(location)) => {
                store::refuse_load_options(&options.load)?;
                if options.reasoning.is_some() {
                    return Err(Error::NotWithLocation {
                        option: "--reason",
                        reason: "entailments are added to a graph loaded from files, and a store is opened read-only; query with the ontology's terms, or load the files without --location",
                    });
                }
                (disk::open(location)?, ReadReport::default())
            }
            (None, None) => crate::output::progress::task("loading the data", || {
                KnowledgeGraph::load_reporting(&options.load)
            })?,
        };
        let entailed = match options.reasoning {
            Some(regime) => {
                crate::output::progress::task("reasoning", || reason::materialize(&graph, regime))?
            }
            None => 0,
        };
        Ok(Self {
            graph,
            queries,
            views,
            lang: options.lang,
            limits: options.limits.clone(),
            base_iri: options.base_iri.clone(),
            loaded,
            entailed,
            location: options.location.clone(),
            index: Arc::default(),
            vocabulary: Arc::default(),
        })
    }

    /// The query or view `source` names in `catalog`, resolved against the session's base IRI,
    /// with the `given` parameters bound as every front end binds them.
    pub fn resolve_bound(
        &self,
        catalog: &Catalog,
        source: &QuerySource,
        given: &[Assignment],
    ) -> Result<(NamedQuery, Binding)> {
        let definition = source.resolve(catalog, self.base_iri.as_deref())?;
        let binding = params::bind(&self.lookup(), &definition, given, self.lang)?;
        Ok((definition, binding))
    }

    /// Where an update of this session's graph goes: its on-disk store, or the graph in memory.
    pub fn update_target(&self) -> UpdateTarget<'_> {
        match &self.location {
            Some(location) => UpdateTarget::Store(location),
            None => UpdateTarget::Graph(&self.graph),
        }
    }

    /// The session after an update of its graph: the same catalogues and settings, with the name
    /// index and vocabulary built anew, and an on-disk store opened again to see the generation
    /// the update published.
    pub fn refreshed(&self) -> Result<Self> {
        let graph = match &self.location {
            Some(location) => disk::open(location)?,
            None => self.graph.clone(),
        };
        Ok(Self {
            graph,
            index: Arc::default(),
            vocabulary: Arc::default(),
            ..self.with_lang(self.lang)
        })
    }

    /// The same graph and catalogues answering in `lang`: a server keeps one session per language
    /// and picks one per request. The store is shared, not copied.
    pub fn with_lang(&self, lang: Lang) -> Self {
        Self {
            graph: self.graph.clone(),
            queries: self.queries.clone(),
            views: self.views.clone(),
            lang,
            limits: self.limits.clone(),
            base_iri: self.base_iri.clone(),
            loaded: self.loaded,
            entailed: self.entailed,
            location: self.location.clone(),
            index: Arc::clone(&self.index),
            vocabulary: Arc::clone(&self.vocabulary),
        }
    }

    /// Finding entities by name, with the index built on first use. A session whose graph changes
    /// (an update) must be opened again for the index to follow.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup::on_first_use(&self.graph, &self.index)
    }

    /// What query advice checks terms against: the lookup and the known vocabulary.
    pub fn knowledge(&self) -> Knowledge<'_> {
        Knowledge {
            lookup: self.lookup(),
            vocabulary: self
                .vocabulary
                .get_or_init(|| advice::known_vocabulary(&self.graph)),
        }
    }
}

/// The graph an endpoint holds; what would change or add to it here is refused, since it would
/// not reach the endpoint.
fn remote_graph(endpoint: &EndpointOptions, options: &SessionOptions) -> Result<KnowledgeGraph> {
    let refuse = |message: &str| Error::InvalidParameter {
        name: "endpoint".to_owned(),
        message: message.to_owned(),
    };
    if !options.load.inputs.is_empty() {
        return Err(refuse("the data is the endpoint's, so --data and --data-graph do not apply; `hkkg push --endpoint URL --data …` uploads files there"));
    }
    if options.reasoning.is_some() {
        return Err(refuse("--reason adds entailments to a graph loaded here; materialise them in the store, or push a graph loaded with --reason"));
    }
    KnowledgeGraph::remote(Endpoint::new(endpoint.clone())?)
}

/// How a command that answers a yes/no question came out. An error is something else: the command
/// could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The data lints clean, conforms, or the two versions are equal.
    Pass,
    /// It does not, with a one-line summary.
    Fail(String),
}
