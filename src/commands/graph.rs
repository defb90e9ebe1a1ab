//! `graph`, `analyze`, `path` and `neighbours`: building a view with the session's parameter policy
//! and time limit, then dumping, measuring or searching it.

use super::query::{list_queries, ListFormat};
use super::Session;
use crate::error::{Error, Result};
use crate::graph::chart;
use crate::graph::dump::{self, DumpFormat, SvgEngine};
use crate::graph::measures::{self, SortKey};
use crate::graph::paths::{self, Hop};
use crate::graph::report::{self, ReportFormat};
use crate::graph::view::{self, ViewGraph};
use crate::keyword::Keyword;
use crate::output::progress;
use crate::query::catalog::Catalog;
use crate::query::params::Assignment;
use crate::query::source::QuerySource;
use petgraph::stable_graph::NodeIndex;
use std::io::Write;

/// Above this many nodes, `analyze` samples betweenness and closeness sources unless told
/// otherwise.
pub const EXACT_CENTRALITY_LIMIT: usize = 5000;
/// The sources sampled then.
pub const DEFAULT_SAMPLES: usize = 500;

/// Which view to build, with which parameter values.
#[derive(Debug, Clone)]
pub struct ViewRequest {
    pub source: QuerySource,
    pub params: Vec<Assignment>,
}

pub fn open_view(session: &Session, request: &ViewRequest) -> Result<ViewGraph> {
    let (definition, binding) =
        session.resolve_bound(&session.views, &request.source, &request.params)?;
    progress::task(&format!("building the view {}", definition.name), || {
        view::build(
            &session.graph,
            &definition,
            &binding.values,
            &session.limits,
        )
    })
}

pub fn list_views(views: &Catalog, format: ListFormat, out: &mut dyn Write) -> Result<()> {
    list_queries(views, format, out)
}

/// Where a dump goes: one stream, or the two CSV tables.
pub enum DumpOutput<'a> {
    Stream(&'a mut dyn Write),
    Tables {
        nodes: &'a mut dyn Write,
        edges: &'a mut dyn Write,
    },
}

/// What `graph` dumps, and how.
#[derive(Debug, Clone)]
pub struct DumpRequest {
    pub view: ViewRequest,
    pub format: DumpFormat,
    pub engine: SvgEngine,
    /// Add each node's measures in the whole view (degree, PageRank, betweenness, closeness,
    /// eigenvector, core, component, community) as node attributes.
    pub with_measures: bool,
    /// Keep only the N nodes highest by `by` (measured on the whole view) and the edges among them.
    pub top: Option<usize>,
    pub by: SortKey,
}

/// The view, dumped in `format`: CSV as two tables, every other format as one stream.
pub fn dump_view(session: &Session, request: &DumpRequest, output: DumpOutput<'_>) -> Result<()> {
    let mut graph = open_view(session, &request.view)?;
    if request.with_measures || request.top.is_some() {
        let mut report = measure(&graph, session, None, DEFAULT_SEED);
        if request.with_measures {
            measures::attach(&mut graph, &report);
        }
        if let Some(top) = request.top {
            report.sort_and_truncate(request.by, Some(top));
            graph = measures::keep(&graph, &report);
        }
    }
    write_dump(&graph, request.format, request.engine, session, output)
}

/// The seed betweenness sources are sampled with unless one is given.
pub const DEFAULT_SEED: u64 = 42;

/// Every measure of `graph`: betweenness and closeness from `samples` sources, or exact up to
/// [`EXACT_CENTRALITY_LIMIT`] nodes and from [`DEFAULT_SAMPLES`] above.
fn measure(
    graph: &ViewGraph,
    session: &Session,
    samples: Option<usize>,
    seed: u64,
) -> measures::Report {
    let samples = samples
        .or_else(|| (graph.node_count() > EXACT_CENTRALITY_LIMIT).then_some(DEFAULT_SAMPLES));
    measures::analyze(graph, session.lang, measures::Options { samples, seed })
}

fn write_dump(
    graph: &ViewGraph,
    format: DumpFormat,
    engine: SvgEngine,
    session: &Session,
    output: DumpOutput<'_>,
) -> Result<()> {
    match (format, output) {
        (DumpFormat::Csv, DumpOutput::Tables { nodes, edges }) => {
            dump::write_csv(graph, session.lang, nodes, edges)
        }
        (DumpFormat::Svg, DumpOutput::Stream(out)) => {
            dump::write_svg(graph, session.lang, engine, out)
        }
        (other, DumpOutput::Stream(out)) => dump::write(graph, other, session.lang, out),
        (other, DumpOutput::Tables { .. }) => Err(Error::UnsupportedFormat {
            format: other.name().to_owned(),
            what: "two tables",
            expected: vec!["csv"],
        }),
    }
}

#[derive(Debug, Clone)]
pub struct AnalyzeRequest {
    pub view: ViewRequest,
    pub format: ReportFormat,
    pub sort: SortKey,
    /// Keep the first N nodes; None: all.
    pub top: Option<usize>,
    /// Betweenness and closeness from this many seeded random sources; None: exact up to
    /// [`EXACT_CENTRALITY_LIMIT`] nodes, [`DEFAULT_SAMPLES`] sources above.
    pub samples: Option<usize>,
    pub seed: u64,
}

pub fn analyze(session: &Session, request: &AnalyzeRequest, out: &mut dyn Write) -> Result<()> {
    let graph = open_view(session, &request.view)?;
    let mut found = progress::task("measuring the view", || {
        measure(&graph, session, request.samples, request.seed)
    });
    found.sort_and_truncate(request.sort, request.top);
    match request.format {
        ReportFormat::Svg => chart::write(&graph, &found, request.sort, session.lang, out),
        format => report::write_report(&found, format, session.lang, out),
    }
}

#[derive(Debug, Clone)]
pub struct PathRequest {
    pub view: ViewRequest,
    pub from: String,
    pub to: String,
    pub limit: usize,
}

pub fn path(session: &Session, request: &PathRequest, out: &mut dyn Write) -> Result<()> {
    let found = find_paths(session, request)?;
    report::write_paths(
        &found.view,
        found.from,
        found.to,
        &found.paths,
        session.lang,
        out,
    )
}

/// The shortest paths between two entities, in the view they were searched in.
pub struct FoundPaths {
    pub view: ViewGraph,
    pub from: NodeIndex,
    pub to: NodeIndex,
    /// Empty when the two are not connected in the view.
    pub paths: Vec<Vec<Hop>>,
}

/// What [`path`] writes: the view built, both entities located in it, and up to `limit` paths.
pub fn find_paths(session: &Session, request: &PathRequest) -> Result<FoundPaths> {
    let view = open_view(session, &request.view)?;
    let lookup = session.lookup();
    let from = paths::locate(&lookup, &view, &request.from)?;
    let to = paths::locate(&lookup, &view, &request.to)?;
    let paths = paths::shortest_paths(&view, from, to, request.limit);
    Ok(FoundPaths {
        view,
        from,
        to,
        paths,
    })
}

#[derive(Debug, Clone)]
pub struct NeighboursRequest {
    pub view: ViewRequest,
    pub entity: String,
    pub depth: usize,
    /// Dump the ego network in this format instead of listing it.
    pub format: Option<DumpFormat>,
}

/// The neighbourhood as a table, or (with a format) the ego network dumped.
pub fn neighbours(
    session: &Session,
    request: &NeighboursRequest,
    output: DumpOutput<'_>,
) -> Result<()> {
    let graph = open_view(session, &request.view)?;
    let center = paths::locate(&session.lookup(), &graph, &request.entity)?;
    match (request.format, output) {
        (Some(format), output) => {
            let ego = paths::ego_network(&graph, center, request.depth);
            write_dump(&ego, format, SvgEngine::Auto, session, output)
        }
        (None, DumpOutput::Stream(out)) => {
            let nodes = paths::neighbourhood(&graph, center, request.depth);
            report::write_neighbourhood(&graph, &nodes, session.lang, out)
        }
        (None, DumpOutput::Tables { .. }) => Err(Error::UnsupportedFormat {
            format: "table".to_owned(),
            what: "two tables",
            expected: vec!["csv"],
        }),
    }
}
