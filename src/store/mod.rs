//! The knowledge graph: an embedded oxigraph store with hkkg's conventions on top, and loading it
//! from the bundled ontology and data (compiled into the binary) and the files, directories or
//! standard input the user names ([`source`], [`load`]). Loading is all-or-nothing.
//!
//! Facts live in the named graph of the passage that states them, and one fact may be stated by
//! several passages. So that queries count each fact once, the default graph is the RDF merge of
//! everything. A graph loaded for reading computes that merge in each query (`query::union`); a
//! store that takes updates (on disk, or a server that allows them) stores it, each statement of
//! a named graph also loaded, once, into the default graph ([`LoadOptions::merge_stored`]).
//! Queries see the default graph; `GRAPH ?passage { … }` reaches the provenance. A user who wants
//! plain dataset semantics turns the merge off.
//!
//! The store is in memory by default, loaded anew by every command; [`disk`] keeps one on disk
//! (the `rocksdb` feature), loaded once by `hkkg load` and opened by later commands.

pub mod disk;
mod guard;
pub mod load;
pub mod locate;
pub mod remote;
pub mod source;

pub use crate::rdf::lang::Lang;
pub use load::ReadReport;

use crate::assets;
use crate::error::Error;
use crate::error::Result;
use crate::query::remote::Endpoint;
use crate::rdf::namespaces::HKG;
use crate::rdf::syntax::RdfSyntax;
use load::{read_sources, Literals};
use oxigraph::model::{
    Dataset, GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef,
};
use oxigraph::store::Store;
use remote::RemoteStore;
use source::{Input, Source};
use std::sync::Arc;

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The ontology and data compiled into the binary.
    pub bundled: bool,
    /// More RDF files, directories searched recursively for RDF files, or standard input, in order.
    pub inputs: Vec<Input>,
    /// The syntax of standard input, and of files whose name does not tell.
    pub syntax: Option<RdfSyntax>,
    /// Make the default graph the merge of every graph (see the module comment).
    pub merge: bool,
    /// Store that merge, a copy of each statement of a named graph in the default graph, rather
    /// than compute it in each query (see `query::union`): two thirds as much memory again, for a
    /// graph that takes updates (an update keeps the copies in step). An on-disk store always
    /// stores it.
    pub merge_stored: bool,
    /// Accept ill-typed literals (counted in the report) instead of refusing the data.
    pub lenient: bool,
    /// Also load the graph hkg:curated-inferences (conclusions a curator drew from several
    /// passages, each with its reasoning); without it, quads in that graph are skipped.
    pub inferences: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            bundled: true,
            inputs: Vec::new(),
            syntax: None,
            merge: true,
            merge_stored: false,
            lenient: false,
            inferences: false,
        }
    }
}

impl LoadOptions {
    /// The bundled data (when asked for) and the user's inputs, as sources in load order.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut sources: Vec<Source> = Vec::new();
        if self.bundled {
            sources.extend(assets::data().filter_map(Source::bundled));
        }
        sources.extend(source::resolve(&self.inputs, self.syntax)?);
        Ok(sources)
    }

    /// Whether a quad read is loaded: everything but curated inferences not asked for.
    fn keeps(&self, quad: &Quad) -> bool {
        self.inferences
            || !matches!(&quad.graph_name, GraphName::NamedNode(graph)
                if graph.as_str().strip_prefix(HKG) == Some(CURATED_INFERENCES))
    }
}

const CURATED_INFERENCES: &str = "curated-inferences";

/// Quads inserted per transaction while loading (see [`KnowledgeGraph::load_reporting`]).
const LOAD_BATCH: usize = 100_000;

/// The named graph of curated inferences (data/curated-inferences.trig): kept out of the facts
/// unless [`LoadOptions::inferences`] asks for it.
pub fn curated_inferences_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}{CURATED_INFERENCES}"))
}

/// The knowledge graph: an oxigraph store with hkkg's conventions on top, or a remote SPARQL store
/// holding the same (see [`remote`]). A clone shares the same store (a server's sessions in two
/// languages read one graph).
#[derive(Clone)]
pub struct KnowledgeGraph {
    backend: Backend,
    merge: Merge,
    /// For a graph read from an on-disk store, the lock that keeps its files from being deleted
    /// while they are read (see [`disk`]). Declared after `store` so that it is released only
    /// once the store is closed; shared by the clones, so that it lasts as long as the last one.
    _lease: Option<Arc<disk::Lease>>,
}

/// How the default graph is the merge of every graph (see [`LoadOptions::merge`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Stored ([`LoadOptions::merge_stored`]): a default-graph statement that a named graph also
    /// holds is that graph's merged copy.
    Stored,
    /// Computed by each query from every graph (see `query::union`).
    AtQueryTime,
    /// Not made: the default graph holds only its own statements.
    Off,
}

/// Where the graph is held.
#[derive(Clone)]
enum Backend {
    Local(Store),
    Remote(Arc<RemoteStore>),
}

/// How many quads the bulk loader is handed at a time: large enough that RocksDB gets few,
/// large table files, small enough that the two batches being written and the one being read stay
/// around a hundred megabytes.
const BULK_BATCH: usize = 200_000;

/// How often (in statements read) loading reports its progress.
const PROGRESS_EVERY: u64 = 10_000;

impl KnowledgeGraph {
    /// Loads what `options` asks for into a new in-memory store.
    pub fn load(options: &LoadOptions) -> Result<Self> {
        Ok(Self::load_reporting(options)?.0)
    }

    /// Loads what `options` asks for, and says what loading found. All or nothing: the store is
    /// new and nobody else sees it until every source parsed cleanly; on an error it is dropped
    /// with what was inserted. The quads go in by reference, in transactions of at most
    /// [`LOAD_BATCH`] quads: a single transaction would keep a log entry per quad (to roll back)
    /// until the end, which nothing here needs.
    pub fn load_reporting(options: &LoadOptions) -> Result<(Self, ReadReport)> {
        let store = Store::new()?;
        let sources = options.sources()?;
        // An `Option` because the store allows one transaction at a time: the full one must be
        // committed before the next can start.
        let mut transaction = Some(store.start_transaction()?);
        let mut pending = 0;
        let stored = options.merge && options.merge_stored;
        let report = read_for_loading(&sources, options, stored, |quad, _| {
            if pending >= LOAD_BATCH {
                if let Some(full) = transaction.take() {
                    full.commit()?;
                }
                pending = 0;
            }
            let open = match &mut transaction {
                Some(open) => open,
                None => transaction.insert(store.start_transaction()?),
            };
            open.insert(quad);
            pending += 1;
            Ok(())
        })?;
        // The emptied `Option` still borrows the store until it is dropped.
        if let Some(last) = transaction.take() {
            last.commit()?;
        }
        drop(transaction);
        Ok((
            Self {
                backend: Backend::Local(store),
                merge: match (options.merge, stored) {
                    (_, true) => Merge::Stored,
                    (true, false) => Merge::AtQueryTime,
                    (false, false) => Merge::Off,
                },
                _lease: None,
            },
            report,
        ))
    }

    /// Adds what `sources` hold (read with `options`' policies) through oxigraph's bulk loader,
    /// reporting the statements read so far to `progress`. The bulk loader writes as it goes, with
    /// no transaction: this is for a store whose all-or-nothing guarantee comes from elsewhere
    /// (the on-disk store's generations, see [`disk`]).
    pub fn bulk_add(
        &self,
        sources: &[Source],
        options: &LoadOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ReadReport> {
        let mut loader = self.store()?.bulk_loader().without_atomicity();
        let mut batch: Vec<Quad> = Vec::with_capacity(BULK_BATCH);
        let mut stated = 0u64;
        let report = read_for_loading(sources, options, self.is_merged(), |quad, copy| {
            if !copy {
                stated += 1;
                if stated.is_multiple_of(PROGRESS_EVERY) {
                    progress(stated);
                }
            }
            batch.push(quad.into_owned());
            if batch.len() >= BULK_BATCH {
                loader.load_quads(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(BULK_BATCH),
                ))?;
            }
            Ok(())
        })?;
        loader.load_quads(batch)?;
        loader.commit()?;
        progress(stated);
        Ok(report)
    }

    /// The bundled ontology and data only.
    pub fn bundled() -> Result<Self> {
        Self::load(&LoadOptions::default())
    }

    /// Wraps an existing store (for instance an on-disk one) whose default graph is taken to be the
    /// merge of its named graphs, as hkkg loads it by default.
    pub fn from_store(store: Store) -> Self {
        Self {
            backend: Backend::Local(store),
            merge: Merge::Stored,
            _lease: None,
        }
    }

    /// The graph a SPARQL endpoint holds, as `hkkg push` put it there (or as loaded by other means:
    /// then its default graph is taken to be the merge).
    pub fn remote(endpoint: Endpoint) -> Result<Self> {
        Ok(Self {
            backend: Backend::Remote(Arc::new(RemoteStore::open(endpoint)?)),
            merge: Merge::Stored,
            _lease: None,
        })
    }

    /// The remote store, when the graph is held by an endpoint.
    pub fn as_remote(&self) -> Option<&RemoteStore> {
        match &self.backend {
            Backend::Remote(remote) => Some(remote),
            Backend::Local(_) => None,
        }
    }

    /// An on-disk store, with the lease that keeps its files while it is read.
    fn on_disk(store: Store, merged: bool, lease: Option<disk::Lease>) -> Self {
        Self {
            backend: Backend::Local(store),
            merge: if merged { Merge::Stored } else { Merge::Off },
            _lease: lease.map(Arc::new),
        }
    }

    /// Whether the default graph stores the merge of every graph (see
    /// [`LoadOptions::merge_stored`]): what an update must keep true.
    pub fn is_merged(&self) -> bool {
        self.merge == Merge::Stored
    }

    /// Whether queries see the merge of every graph as their default graph without its being
    /// stored (see `query::union`).
    pub fn merges_at_query_time(&self) -> bool {
        self.merge == Merge::AtQueryTime
    }

    /// The oxigraph store underneath, for what only a local store does (writing entailments,
    /// evaluating SPARQL in process); a remote graph has none.
    pub fn store(&self) -> Result<&Store> {
        match &self.backend {
            Backend::Local(store) => Ok(store),
            Backend::Remote(_) => Err(Error::LocalOnly {
                what: "this command",
            }),
        }
    }

    /// The quads matching a pattern (None: any), in every graph unless `graph` is given.
    pub fn quads_for_pattern<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Box<dyn Iterator<Item = Result<Quad>> + 'a> {
        self.quads_up_to(subject, predicate, object, graph, None)
    }

    /// [`Self::quads_for_pattern`], at most `limit` of them (a remote store is asked for no more).
    fn quads_up_to<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
        limit: Option<usize>,
    ) -> Box<dyn Iterator<Item = Result<Quad>> + 'a> {
        match &self.backend {
            Backend::Local(store) => Box::new(
                store
                    .quads_for_pattern(subject, predicate, object, graph)
                    .take(limit.unwrap_or(usize::MAX))
                    .map(|quad| Ok(quad?)),
            ),
            Backend::Remote(remote) => {
                match remote.quads_for_pattern(subject, predicate, object, graph, limit) {
                    Ok(quads) => Box::new(quads.into_iter().map(Ok)),
                    Err(error) => Box::new(std::iter::once(Err(error))),
                }
            }
        }
    }

    /// The facts matching a pattern, whichever graphs state them, at most `limit` of them: the
    /// merged default graph's statements when there is one (each fact once, and on a remote store
    /// a query that lists no named graph), else every graph's (a fact stated in two graphs comes
    /// twice). For reading what the data says when it does not matter where it was said.
    pub fn facts_for_pattern<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        limit: Option<usize>,
    ) -> Box<dyn Iterator<Item = Result<Quad>> + 'a> {
        let graph = self.is_merged().then_some(GraphNameRef::DefaultGraph);
        self.quads_up_to(subject, predicate, object, graph, limit)
    }

    /// Whether some fact matches the pattern (see [`Self::facts_for_pattern`]).
    pub fn has_fact(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
    ) -> bool {
        self.facts_for_pattern(subject, predicate, object, Some(1))
            .next()
            .is_some()
    }

    /// The dataset queries see: every named graph's statements, and the merged default graph
    /// (stored, or computed from every graph: then a fact stated in several graphs comes once for
    /// each in the default graph, which a sorted export writes once).
    pub fn merged_dataset(&self) -> Box<dyn Iterator<Item = Result<Quad>> + '_> {
        if !self.merges_at_query_time() {
            return Box::new(self.quads());
        }
        Box::new(
            self.quads()
                .filter(|quad| {
                    quad.as_ref()
                        .map_or(true, |q| !q.graph_name.is_default_graph())
                })
                .chain(self.merged_quads()),
        )
    }

    /// Every quad, in every graph.
    pub fn quads(&self) -> impl Iterator<Item = Result<Quad>> + '_ {
        self.quads_for_pattern(None, None, None, None)
    }

    /// How many named graphs hold statements.
    pub fn named_graph_count(&self) -> Result<usize> {
        Ok(self.named_graphs()?.len())
    }

    /// The named graphs that hold statements.
    pub fn named_graphs(&self) -> Result<Vec<NamedOrBlankNode>> {
        match &self.backend {
            Backend::Local(store) => Ok(store.named_graphs().collect::<Result<_, _>>()?),
            Backend::Remote(remote) => remote.named_graphs(),
        }
    }

    /// Whether a named graph of this name holds statements.
    pub fn contains_named_graph(&self, name: NamedNodeRef<'_>) -> Result<bool> {
        match &self.backend {
            Backend::Local(store) => Ok(store.contains_named_graph(name)?),
            Backend::Remote(remote) => Ok(remote
                .named_graphs()?
                .iter()
                .any(|graph| graph.as_ref() == NamedOrBlankNodeRef::from(name))),
        }
    }

    /// The graphs that hold `quad`'s triple, its own among them.
    fn graphs_holding<'a>(
        &'a self,
        quad: &'a Quad,
    ) -> impl Iterator<Item = Result<GraphName>> + 'a {
        self.quads_for_pattern(
            Some(quad.subject.as_ref()),
            Some(quad.predicate.as_ref()),
            Some(quad.object.as_ref()),
            None,
        )
        .map(|holder| Ok(holder?.graph_name))
    }

    /// Whether a default-graph quad is only the merged copy of a statement some named graph holds.
    pub fn is_merged_copy(&self, quad: &Quad) -> Result<bool> {
        // Computed at query time, the merge holds such a statement anyway (a file exported with
        // its merged default graph, loaded again).
        if self.merge == Merge::Off || !quad.graph_name.is_default_graph() {
            return Ok(false);
        }
        if let Some(remote) = self.as_remote() {
            return remote.is_stated_in_a_named_graph(quad);
        }
        for graph in self.graphs_holding(quad) {
            if !graph?.is_default_graph() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The quads as they were stated: every named graph, and the default-graph statements that are
    /// not merged copies. Loading these again rebuilds the same store.
    pub fn stated_quads(&self) -> Result<Vec<Quad>> {
        self.stated().collect()
    }

    /// [`Self::stated_quads`], one at a time.
    pub fn stated(&self) -> Box<dyn Iterator<Item = Result<Quad>> + '_> {
        if let Some(remote) = self.as_remote() {
            // One query for the default graph's own statements, not one per statement.
            let named = self.quads().filter(|quad| {
                quad.as_ref()
                    .map_or(true, |q| !q.graph_name.is_default_graph())
            });
            return match remote.default_only() {
                Ok(own) => Box::new(named.chain(own.into_iter().map(Ok))),
                Err(error) => Box::new(std::iter::once(Err(error))),
            };
        }
        Box::new(self.quads().filter_map(|quad| match quad {
            Ok(quad) => match self.is_merged_copy(&quad) {
                Ok(true) => None,
                Ok(false) => Some(Ok(quad)),
                Err(error) => Some(Err(error)),
            },
            Err(error) => Some(Err(error)),
        }))
    }

    /// The merged graph, in the default graph: every fact once, whichever graphs state it. Without
    /// the merge at loading, it is computed here from every graph.
    pub fn merged_triples(&self) -> Result<Vec<Quad>> {
        if self.is_merged() {
            return self.merged_quads().collect();
        }
        let mut facts = std::collections::HashSet::new();
        for quad in self.merged_quads() {
            facts.insert(quad?);
        }
        Ok(facts.into_iter().collect())
    }

    /// The statements of the merged graph, in the default graph, one at a time: each fact once
    /// when the merge was made at loading, otherwise once per graph that states it.
    pub fn merged_quads(&self) -> impl Iterator<Item = Result<Quad>> + '_ {
        self.merged_quads_as_stored().map(|quad| {
            let mut quad = quad?;
            quad.graph_name = GraphName::DefaultGraph;
            Ok(quad)
        })
    }

    /// [`Self::merged_quads`] in the graphs that hold them.
    fn merged_quads_as_stored(&self) -> impl Iterator<Item = Result<Quad>> + '_ {
        let graph = self.is_merged().then_some(GraphNameRef::DefaultGraph);
        self.quads_for_pattern(None, None, None, graph)
    }

    /// How many distinct triples the merged graph holds, counted without collecting them. Without
    /// the merge at loading, a statement counts in the first graph that holds it (the default
    /// graph, else the named graph with the smallest IRI); each check looks up that one triple.
    pub fn fact_count(&self) -> Result<usize> {
        let mut count = 0;
        for quad in self.merged_quads_as_stored() {
            let quad = quad?;
            if self.is_merged() || self.first_holder(&quad)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Whether no graph before `quad`'s own (the default graph first, then named graphs by IRI)
    /// holds its triple.
    fn first_holder(&self, quad: &Quad) -> Result<bool> {
        let GraphName::NamedNode(own) = &quad.graph_name else {
            return Ok(true);
        };
        for graph in self.graphs_holding(quad) {
            match graph? {
                GraphName::NamedNode(other) if other.as_str() >= own.as_str() => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// How many statements [`Self::stated`] gives, and how many of them are in named graphs,
    /// counted without collecting them.
    pub fn stated_counts(&self) -> Result<(usize, usize)> {
        let (mut stated, mut sourced) = (0, 0);
        for quad in self.stated() {
            stated += 1;
            if !quad?.graph_name.is_default_graph() {
                sourced += 1;
            }
        }
        Ok((stated, sourced))
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        match &self.backend {
            Backend::Local(store) => Ok(store.len()?),
            Backend::Remote(remote) => remote.quad_count(),
        }
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The rdfs:label and skos:prefLabel literals of `node`, each with the index of its predicate
    /// in order of preference.
    fn label_candidates(&self, node: NamedOrBlankNodeRef<'_>) -> remote::Labels {
        match &self.backend {
            Backend::Local(store) => remote::label_predicates()
                .iter()
                .enumerate()
                .flat_map(|(index, predicate)| {
                    store
                        .quads_for_pattern(Some(node), Some(predicate.as_ref()), None, None)
                        .flatten()
                        .filter_map(move |quad| match quad.object {
                            Term::Literal(literal) => Some((index, literal)),
                            _ => None,
                        })
                })
                .collect(),
            // A label is a convenience: an endpoint that fails here fails the next real query too.
            Backend::Remote(remote) => remote.labels(node).unwrap_or_else(|_| Arc::new([])),
        }
    }

    /// The classes of `node`: its `rdf:type` objects that are IRIs, sorted, each once.
    pub fn types(&self, node: NamedOrBlankNodeRef<'_>) -> Vec<NamedNode> {
        let mut types: Vec<NamedNode> = match (&self.backend, node) {
            // As with labels, an endpoint that fails here fails the next real query too.
            (Backend::Remote(remote), NamedOrBlankNodeRef::NamedNode(node)) => remote
                .types(&node.into_owned())
                .map(|types| types.to_vec())
                .unwrap_or_default(),
            _ => self
                .quads_for_pattern(
                    Some(node),
                    Some(oxigraph::model::vocab::rdf::TYPE),
                    None,
                    None,
                )
                .flatten()
                .filter_map(|quad| match quad.object {
                    Term::NamedNode(class) => Some(class),
                    _ => None,
                })
                .collect(),
        };
        types.sort();
        types.dedup();
        types
    }

    /// Fetches the labels and classes of `nodes` in a few requests when the graph is remote, so
    /// that describing each (a view's nodes) does not cost a request a node; nothing locally.
    pub fn describe_all<'n>(&self, nodes: impl IntoIterator<Item = &'n NamedNode>) -> Result<()> {
        match &self.backend {
            Backend::Remote(remote) => remote.describe_all(nodes),
            Backend::Local(_) => Ok(()),
        }
    }

    /// The label of a node in `lang`, falling back to the other language, then to any label.
    /// rdfs:label is preferred to skos:prefLabel; among several labels the smallest is taken so
    /// that the answer does not depend on load order.
    pub fn label(&self, node: NamedOrBlankNodeRef<'_>, lang: Lang) -> Option<String> {
        let candidates = self.label_candidates(node);
        let mut labels: Vec<(u8, &str)> = Vec::new();
        for predicate in 0..remote::label_predicates().len() {
            for (_, literal) in candidates.iter().filter(|(p, _)| *p == predicate) {
                let rank = match literal.language() {
                    Some(tag) if lang.matches(tag) => 0,
                    Some(tag) if lang.other().matches(tag) => 1,
                    _ => 2,
                };
                labels.push((rank, literal.value()));
            }
            if labels.iter().any(|(rank, _)| *rank == 0) {
                break;
            }
        }
        labels.into_iter().min().map(|(_, label)| label.to_owned())
    }

    /// The label of a node in exactly `lang` (rdfs:label, else skos:prefLabel; the smallest when
    /// there are several), without falling back to another language.
    pub fn label_in(&self, node: NamedOrBlankNodeRef<'_>, lang: Lang) -> Option<String> {
        let candidates = self.label_candidates(node);
        (0..remote::label_predicates().len()).find_map(|predicate| {
            candidates
                .iter()
                .filter(|(p, literal)| {
                    *p == predicate && literal.language().is_some_and(|tag| lang.matches(tag))
                })
                .map(|(_, literal)| literal.value())
                .min()
                .map(str::to_owned)
        })
    }

    /// The label of any term for display: literals as their value, nodes by label or prefixed name.
    pub fn display_term(&self, term: TermRef<'_>, lang: Lang, prefer_labels: bool) -> String {
        match term {
            TermRef::NamedNode(node) => prefer_labels
                .then(|| self.label(node.into(), lang))
                .flatten()
                .unwrap_or_else(|| crate::rdf::namespaces::display_iri(node.as_str())),
            TermRef::BlankNode(node) => node.to_string(),
            TermRef::Literal(literal) => literal.value().to_owned(),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }

    /// True when some quad in any graph has `node` as its subject.
    pub fn describes(&self, node: NamedOrBlankNodeRef<'_>) -> bool {
        match &self.backend {
            Backend::Local(store) => store
                .quads_for_pattern(Some(node), None, None, None::<GraphNameRef<'_>>)
                .next()
                .is_some(),
            Backend::Remote(remote) => remote.describes(node).unwrap_or(false),
        }
    }
}

/// The statement of `quad` in the default graph: its merged copy.
pub(crate) fn merged_copy(quad: QuadRef<'_>) -> QuadRef<'_> {
    QuadRef::new(
        quad.subject,
        quad.predicate,
        quad.object,
        GraphNameRef::DefaultGraph,
    )
}

/// Reads `sources` and hands `insert` each quad `options` keeps and, when `merge`, the merged
/// copy of each named-graph quad (flagged `true`): what loading puts in the store.
fn read_for_loading(
    sources: &[Source],
    options: &LoadOptions,
    merge: bool,
    mut insert: impl FnMut(QuadRef<'_>, bool) -> Result<()>,
) -> Result<ReadReport> {
    let literals = if options.lenient {
        Literals::Lenient
    } else {
        Literals::Strict
    };
    read_sources(sources, literals, |quad| {
        if !options.keeps(&quad) {
            return Ok(());
        }
        insert(quad.as_ref(), false)?;
        if merge && !quad.graph_name.is_default_graph() {
            insert(merged_copy(quad.as_ref()), true)?;
        }
        Ok(())
    })
}

/// Reads what `options` names into a dataset, keeping every literal exactly as written: the store
/// normalises typed literals ("07"^^xsd:integer becomes "7", and xsd:nonNegativeInteger becomes
/// xsd:integer), so checks of datatypes and diffs of files read this instead. Ill-typed literals are
/// kept: reporting them is the checks' job.
pub fn read_dataset(options: &LoadOptions) -> Result<Dataset> {
    let mut dataset = Dataset::new();
    read_sources(&options.sources()?, Literals::Lenient, |quad| {
        if options.keeps(&quad) {
            dataset.insert(&quad);
        }
        Ok(())
    })?;
    Ok(dataset)
}
