//! `graph`, `analyze`, `path` and `neighbours`: the commands that build a view.

use super::global::{keyword, GlobalArgs};
use super::query::parse_assignment;
use super::{dump_to, to};
use anyhow::Result;
use clap::Args;
use hkkg::commands::{
    self, AnalyzeRequest, DumpRequest, ListFormat, NeighboursRequest, PathRequest, Verdict,
    ViewRequest,
};
use hkkg::graph::dump::{DumpFormat, SvgEngine};
use hkkg::graph::measures::SortKey;
use hkkg::graph::report::ReportFormat;
use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::params::Assignment;
use hkkg::query::source::QuerySource;
use std::path::PathBuf;

/// Rows an `analyze` table shows unless --top says otherwise.
const DEFAULT_TABLE_ROWS: usize = 20;
/// The view `path` and `neighbours` search unless told otherwise: every entity relationship.
const DEFAULT_VIEW: &str = "entities";

/// Which view to build. A view is a SPARQL SELECT yielding ?source ?target ?label and optionally
/// ?weight ?start ?end (see `hkkg graph --list`).
#[derive(Args)]
pub struct ViewArgs {
    /// Use this SPARQL text as the view.
    #[arg(long = "view-query", short = 'e', value_name = "SPARQL")]
    inline: Option<String>,
    /// Also read views from this directory of .rq files; repeatable.
    #[arg(long = "views", value_name = "DIR")]
    view_dirs: Vec<PathBuf>,
    /// Bind a parameter of the view: name=value; repeatable.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_assignment)]
    params: Vec<Assignment>,
}

impl ViewArgs {
    fn request(&self, name: Option<&str>) -> Result<ViewRequest> {
        let source = match (&self.inline, name) {
            (Some(text), _) => QuerySource::Inline(text.clone()),
            (None, Some(name)) => QuerySource::from_argument(name),
            (None, None) => anyhow::bail!("name a view, or give one with --view-query"),
        };
        Ok(ViewRequest {
            source,
            params: self.params.clone(),
        })
    }
}

#[derive(Args)]
pub struct GraphArgs {
    /// A view name (see --list) or a path to a .rq file.
    #[arg(required_unless_present_any = ["inline", "list"])]
    view: Option<String>,
    #[command(flatten)]
    source: ViewArgs,
    /// List the views and exit.
    #[arg(long)]
    list: bool,
    #[arg(long, short, value_parser = keyword::<DumpFormat>(), default_value = "graphml")]
    format: DumpFormat,
    /// For --format svg: Graphviz `dot` (when installed) or the pure-Rust layout-rs.
    #[arg(long, value_parser = keyword::<SvgEngine>(), default_value = "auto")]
    svg_engine: SvgEngine,
    /// Add each node's measures in the whole view (degree, pagerank, betweenness, closeness,
    /// eigenvector, core, component, community) as node attributes, for Gephi or Cytoscape to
    /// size and colour by.
    #[arg(long)]
    with_measures: bool,
    /// Keep only the N nodes highest by --by (measured on the whole view) and the edges among
    /// them: a large view made readable.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    top: Option<u64>,
    /// The measure --top ranks nodes by.
    #[arg(long, value_parser = keyword::<SortKey>(), default_value = "pagerank", requires = "top")]
    by: SortKey,
    /// Write to this file (for csv: the prefix of PREFIX-nodes.csv and PREFIX-edges.csv).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl GraphArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        if self.list {
            let views = Catalog::load(Kind::View, &self.source.view_dirs)?;
            return to(None, |out| {
                commands::list_views(&views, ListFormat::Text, out)
            });
        }
        let session = global.session(&[], &self.source.view_dirs)?;
        let request = DumpRequest {
            view: self.source.request(self.view.as_deref())?,
            format: self.format,
            engine: self.svg_engine,
            with_measures: self.with_measures,
            top: self.top.map(|n| n as usize),
            by: self.by,
        };
        dump_to(self.format, self.output.as_deref(), |output| {
            commands::dump_view(&session, &request, output)
        })
    }
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// A view name (see `hkkg graph --list`) or a path to a .rq file.
    #[arg(required_unless_present = "inline")]
    view: Option<String>,
    #[command(flatten)]
    source: ViewArgs,
    #[arg(long, short, value_parser = keyword::<ReportFormat>(), default_value = "table")]
    format: ReportFormat,
    /// Sort nodes by this measure, highest first.
    #[arg(long, value_parser = keyword::<SortKey>(), default_value = "pagerank")]
    sort: SortKey,
    /// Show only the first N nodes (default: 20 in tables and charts, all in JSON and CSV).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Estimate betweenness and closeness from K seeded random source nodes instead of all (for
    /// large graphs; the default is exact up to 5000 nodes and 500 sources above). Closeness is
    /// sampled per connected component: components of at most K + 1 nodes stay exact.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(2..))]
    samples: Option<u64>,
    /// Seed for choosing the betweenness and closeness sources.
    #[arg(long, default_value_t = commands::DEFAULT_SEED)]
    seed: u64,
    /// Write to this file (- for standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl AnalyzeArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let session = global.session(&[], &self.source.view_dirs)?;
        let request = AnalyzeRequest {
            view: self.source.request(self.view.as_deref())?,
            format: self.format,
            sort: self.sort,
            top: self.top.or(
                matches!(self.format, ReportFormat::Table | ReportFormat::Svg)
                    .then_some(DEFAULT_TABLE_ROWS),
            ),
            samples: self.samples.map(|k| k as usize),
            seed: self.seed,
        };
        to(self.output.as_deref(), |out| {
            commands::analyze(&session, &request, out)
        })
    }
}

#[derive(Args)]
pub struct PathArgs {
    /// The first entity: an IRI, a prefixed name (hkr:qatar) or a label in either language.
    from: String,
    /// The second entity.
    to: String,
    /// The view to search (see `hkkg graph --list`).
    #[arg(long, default_value = DEFAULT_VIEW)]
    view: String,
    #[command(flatten)]
    source: ViewArgs,
    /// Show at most this many shortest paths.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

impl PathArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let session = global.session(&[], &self.source.view_dirs)?;
        let request = PathRequest {
            view: self.source.request(Some(&self.view))?,
            from: self.from,
            to: self.to,
            limit: self.limit,
        };
        to(None, |out| commands::path(&session, &request, out))
    }
}

#[derive(Args)]
pub struct NeighboursArgs {
    /// The entity: an IRI, a prefixed name (hkr:qatar) or a label in either language.
    entity: String,
    /// How many hops out.
    #[arg(long, short, default_value_t = 1)]
    depth: usize,
    /// The view to search (see `hkkg graph --list`).
    #[arg(long, default_value = DEFAULT_VIEW)]
    view: String,
    #[command(flatten)]
    source: ViewArgs,
    /// Dump the ego network in this format instead of printing a table.
    #[arg(long, short, value_parser = keyword::<DumpFormat>())]
    format: Option<DumpFormat>,
    /// Write to this file (for csv: the prefix of PREFIX-nodes.csv and PREFIX-edges.csv).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl NeighboursArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let session = global.session(&[], &self.source.view_dirs)?;
        let request = NeighboursRequest {
            view: self.source.request(Some(&self.view))?,
            entity: self.entity,
            depth: self.depth,
            format: self.format,
        };
        let format = self.format.unwrap_or(DumpFormat::Graphml);
        dump_to(format, self.output.as_deref(), |output| {
            commands::neighbours(&session, &request, output)
        })
    }
}
