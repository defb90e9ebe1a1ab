//! The `hkkg` command line: parses arguments and hands each command to the library.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use hkkg::analysis::{self, SortKey};
use hkkg::catalog::{self, NamedQuery};
use hkkg::cite::{self, CiteFormat};
use hkkg::dump::{self, DumpFormat, SvgEngine};
use hkkg::export::{self, RdfOutputFormat};
use hkkg::graph_output::{self, ReportFormat};
use hkkg::reason::Reasoning;
use hkkg::results::{self, Display, OutputFormat};
use hkkg::view::{self, ViewGraph, ViewSource};
use hkkg::{entity, paths, sparql, KnowledgeGraph, Lang, LoadOptions};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A knowledge graph of Hong Kong's regional cooperation: the Five-Year Plan's regional cooperation
/// directions, the cooperation platforms, the Chief Executive's visits and what they produced, and
/// who said what, every fact traced to its source passage.
#[derive(Parser)]
#[command(name = "hkkg", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    load: LoadArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct LoadArgs {
    /// Also load these RDF files or directories (.ttl .trig .nt .nq .rdf .jsonld); repeatable.
    #[arg(long = "data", value_name = "PATH", global = true)]
    data: Vec<PathBuf>,
    /// Do not load the bundled ontology and data.
    #[arg(long, global = true)]
    no_bundled: bool,
    /// Language for labels in tables and citations.
    #[arg(long, value_enum, default_value_t = Lang::En, global = true)]
    lang: Lang,
    /// Add what the ontology entails (rdfs: subClassOf, subPropertyOf, domain, range) in the
    /// named graph hkg:inferred, kept apart from the asserted triples.
    #[arg(long, value_enum, value_name = "REGIME", global = true)]
    reason: Option<Reasoning>,
    /// Also load the curated inferences (graph hkg:curated-inferences: conclusions drawn from
    /// several passages, each with its reasoning), which are left out by default.
    #[arg(long, global = true)]
    with_inferences: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run a SPARQL query: a named query, a .rq file, inline text (-e) or standard input (-).
    Query(QueryArgs),
    /// List the named queries with their parameters.
    Queries {
        /// Also read named queries from this directory of .rq files; repeatable.
        #[arg(long = "queries", value_name = "DIR")]
        query_dirs: Vec<PathBuf>,
    },
    /// Export the whole graph as RDF.
    Export {
        #[arg(long, short, value_enum, default_value_t = RdfOutputFormat::Turtle)]
        format: RdfOutputFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show each fact about an entity with the source passage it came from.
    Cite {
        /// The entity: an IRI, a prefixed name (hkr:qatar) or a label in either language.
        entity: String,
        #[arg(long, short, value_enum, default_value_t = CiteFormat::Text)]
        format: CiteFormat,
    },
    /// Count the triples and the entities of each class.
    Stats,
    /// Check the data against the SHACL shapes (ontology/shapes.ttl); exits non-zero unless it
    /// conforms.
    Validate {
        /// Use these shapes instead of the bundled ones.
        #[arg(long, value_name = "FILE")]
        shapes: Option<PathBuf>,
        /// text: one block per result; turtle: a standard sh:ValidationReport.
        #[arg(long, short, value_enum, default_value_t = ValidationFormat::Text)]
        format: ValidationFormat,
        /// Write the report to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show the quads removed and added between two exports or two data directories (blank nodes
    /// matched canonically), optionally as a SPARQL Update patch.
    Diff {
        /// The old version: an RDF file or a directory of RDF files.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Also write a SPARQL 1.1 Update (DELETE DATA / INSERT DATA) that turns OLD into NEW.
        #[arg(long, value_name = "FILE")]
        patch: Option<PathBuf>,
        /// Write the listing to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check Turtle/TriG source files before loading: syntax, undeclared prefixes, unknown hk:
    /// terms, bad literals, missing labels, disjoint types. Exits non-zero on errors.
    Lint {
        /// Files or directories (default: the bundled ontology and data). Unless --no-bundled, the
        /// bundled ontology also supplies declarations.
        paths: Vec<PathBuf>,
    },
    /// Dump a graph view for Gephi, Cytoscape, Graphviz or NetworkX, or draw it as SVG.
    Graph(GraphArgs),
    /// Measure a view: degree, PageRank, betweenness, closeness, eigenvector, k-core, components,
    /// articulation points, bridges and Louvain communities (edges taken as undirected).
    Analyze(AnalyzeArgs),
    /// Print the shortest paths between two entities, hop by hop with their relations.
    Path(PathArgs),
    /// Show the ego network of an entity: everything within --depth hops, as a table or a dump.
    Neighbours(NeighboursArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ValidationFormat {
    Text,
    Turtle,
}

/// Which view to build. A view is a SPARQL SELECT yielding ?source ?target ?label and optionally
/// ?weight ?start ?end (see `hkkg graph --list`).
#[derive(Args)]
struct ViewArgs {
    /// Use this SPARQL text as the view.
    #[arg(long = "view-query", short = 'e', value_name = "SPARQL")]
    inline: Option<String>,
    /// Also read views from this directory of .rq files; repeatable.
    #[arg(long = "views", value_name = "DIR")]
    view_dirs: Vec<PathBuf>,
    /// Bind a parameter of the view: name=value; repeatable.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    params: Vec<String>,
}

#[derive(Args)]
struct GraphArgs {
    /// A view name (see --list) or a path to a .rq file.
    #[arg(required_unless_present_any = ["inline", "list"])]
    view: Option<String>,
    #[command(flatten)]
    source: ViewArgs,
    /// List the views and exit.
    #[arg(long)]
    list: bool,
    #[arg(long, short, value_enum, default_value_t = DumpFormat::Graphml)]
    format: DumpFormat,
    /// For --format svg: Graphviz `dot` (when installed) or the pure-Rust layout-rs.
    #[arg(long, value_enum, default_value_t = SvgEngine::Auto)]
    svg_engine: SvgEngine,
    /// Write to this file (for csv: the prefix of PREFIX-nodes.csv and PREFIX-edges.csv).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct AnalyzeArgs {
    /// A view name (see `hkkg graph --list`) or a path to a .rq file.
    #[arg(required_unless_present = "inline")]
    view: Option<String>,
    #[command(flatten)]
    source: ViewArgs,
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Sort nodes by this measure, highest first.
    #[arg(long, value_enum, default_value_t = SortKey::Pagerank)]
    sort: SortKey,
    /// Show only the first N nodes (default: 20 in tables, all in JSON and CSV).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Estimate betweenness from K seeded random source nodes instead of all (for large graphs;
    /// the default is exact up to 5000 nodes and 500 sources above).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(2..))]
    samples: Option<u64>,
    /// Seed for choosing the betweenness sources.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct PathArgs {
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

#[derive(Args)]
struct NeighboursArgs {
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
    #[arg(long, short, value_enum)]
    format: Option<DumpFormat>,
    /// Write to this file (for csv: the prefix of PREFIX-nodes.csv and PREFIX-edges.csv).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The view `path` and `neighbours` search unless told otherwise: every entity relationship.
const DEFAULT_VIEW: &str = "entities";
/// Above this many nodes, `analyze` samples betweenness sources unless --samples says otherwise.
const EXACT_BETWEENNESS_LIMIT: usize = 5000;
const DEFAULT_SAMPLES: usize = 500;
const DEFAULT_TABLE_ROWS: usize = 20;

#[derive(Args)]
struct QueryArgs {
    /// A named query (see `hkkg queries`), a path to a .rq file, or - for standard input.
    #[arg(required_unless_present = "expression", conflicts_with = "expression")]
    query: Option<String>,
    /// The query text itself.
    #[arg(long, short = 'e', value_name = "SPARQL")]
    expression: Option<String>,
    /// Bind a parameter of a named query (or any variable of the query): name=value; repeatable.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Output format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).
    #[arg(long, short, value_enum)]
    format: Option<OutputFormat>,
    /// In tables, show prefixed names instead of labels.
    #[arg(long)]
    iris: bool,
    /// Also read named queries from this directory of .rq files; repeatable.
    #[arg(long = "queries", value_name = "DIR")]
    query_dirs: Vec<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`hkkg query … | head`) is the reader's choice, not a failure.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<()> {
    let lang = cli.load.lang;
    match cli.command {
        Command::Queries { query_dirs } => list_queries(&catalog::load_catalog(&query_dirs)?),
        Command::Query(args) => {
            let graph = load(&cli.load)?;
            let catalog = catalog::load_catalog(&args.query_dirs)?;
            let (text, named) = query_text(&args, &catalog)?;
            let given = args
                .params
                .iter()
                .map(|p| catalog::parse_assignment(p))
                .collect::<Result<Vec<_>, _>>()?;
            let bindings = match named {
                Some(query) => query.bind(&graph, &given, lang)?,
                None => catalog::bind_free(&graph, &given)?,
            };
            let results = sparql::execute(&graph, &text, &bindings)?;
            with_output(args.output, |out| {
                results::write_results(
                    &graph,
                    results,
                    args.format,
                    Display {
                        lang,
                        labels: !args.iris,
                    },
                    out,
                )
            })
        }
        Command::Export { format, output } => {
            let graph = load(&cli.load)?;
            with_output(output, |out| export::export(&graph, format, out))
        }
        Command::Cite {
            entity: input,
            format,
        } => {
            let graph = load(&cli.load)?;
            let node = entity::resolve(&graph, &input)?;
            let cited = cite::cite(&graph, &node)?;
            with_output(None, |out| {
                cite::write_citations(&graph, &node, &cited, lang, format, out)
            })
        }
        Command::Validate {
            shapes,
            format,
            output,
        } => {
            let shapes = hkkg::shacl::Shapes::load(shapes.as_deref())?;
            let data = hkkg::store::read_dataset(&LoadOptions {
                bundled: !cli.load.no_bundled,
                paths: cli.load.data.clone(),
                inferences: cli.load.with_inferences,
            })?;
            let report = hkkg::shacl::validate(&data, &shapes);
            with_output(output, |out| match format {
                ValidationFormat::Text => report.write_text(out),
                ValidationFormat::Turtle => {
                    export::write_quads(report.to_quads(), RdfOutputFormat::Turtle, out)
                }
            })?;
            if !report.conforms() {
                anyhow::bail!(
                    "the data does not conform to the shapes: {} result(s)",
                    report.results.len()
                );
            }
            Ok(())
        }
        Command::Diff {
            old,
            new,
            patch,
            output,
        } => {
            let diff = hkkg::diff::diff(hkkg::diff::read(&old)?, hkkg::diff::read(&new)?);
            if let Some(path) = patch {
                with_output(Some(path), |out| hkkg::diff::write_patch(&diff, out))?;
            }
            with_output(output, |out| hkkg::diff::write_listing(&diff, out))
        }
        Command::Lint { paths } => lint(&paths, cli.load.no_bundled),
        Command::Stats => {
            let graph = load(&cli.load)?;
            let text = hkkg::stats::summary(&graph, lang)?;
            io::stdout().write_all(text.as_bytes())?;
            Ok(())
        }
        Command::Graph(args) => {
            if args.list {
                return list_queries(&view::load_views(&args.source.view_dirs)?);
            }
            let kg = load(&cli.load)?;
            let graph = open_view(&kg, args.view.as_deref(), &args.source, lang)?;
            write_dump(&graph, args.format, args.svg_engine, lang, args.output)
        }
        Command::Analyze(args) => {
            let kg = load(&cli.load)?;
            let graph = open_view(&kg, args.view.as_deref(), &args.source, lang)?;
            let samples = args.samples.map(|k| k as usize).or_else(|| {
                (graph.node_count() > EXACT_BETWEENNESS_LIMIT).then_some(DEFAULT_SAMPLES)
            });
            let options = analysis::Options {
                samples,
                seed: args.seed,
            };
            let mut report = analysis::analyze(&graph, lang, options);
            let top = args
                .top
                .or((args.format == ReportFormat::Table).then_some(DEFAULT_TABLE_ROWS));
            report.sort_and_truncate(args.sort, top);
            with_output(args.output, |out| {
                graph_output::write_report(&report, args.format, out)
            })
        }
        Command::Path(args) => {
            let kg = load(&cli.load)?;
            let graph = open_view(&kg, Some(&args.view), &args.source, lang)?;
            let from = paths::locate(&kg, &graph, &args.from)?;
            let to = paths::locate(&kg, &graph, &args.to)?;
            let found = paths::shortest_paths(&graph, from, to, args.limit);
            with_output(None, |out| {
                graph_output::write_paths(&graph, from, to, &found, lang, out)
            })
        }
        Command::Neighbours(args) => {
            let kg = load(&cli.load)?;
            let graph = open_view(&kg, Some(&args.view), &args.source, lang)?;
            let center = paths::locate(&kg, &graph, &args.entity)?;
            match args.format {
                Some(format) => {
                    let ego = paths::ego_network(&graph, center, args.depth);
                    write_dump(&ego, format, SvgEngine::Auto, lang, args.output)
                }
                None => {
                    let nodes = paths::neighbourhood(&graph, center, args.depth);
                    with_output(args.output, |out| {
                        graph_output::write_neighbourhood(&graph, &nodes, lang, out)
                    })
                }
            }
        }
    }
}

fn lint(paths: &[PathBuf], no_bundled: bool) -> Result<()> {
    use hkkg::lint::Source;
    let (sources, vocabulary) = if paths.is_empty() {
        (Source::bundled(&["ontology", "data"]), Vec::new())
    } else if no_bundled {
        (Source::from_paths(paths)?, Vec::new())
    } else {
        (Source::from_paths(paths)?, Source::bundled(&["ontology"]))
    };
    let report = hkkg::lint::lint(&sources, &vocabulary)?;
    with_output(None, |out| report.write_text(out))?;
    if report.has_errors() {
        anyhow::bail!("lint found {} error(s)", report.errors().count());
    }
    Ok(())
}

/// Builds the view named by `name` (or given inline).
fn open_view(
    kg: &KnowledgeGraph,
    name: Option<&str>,
    args: &ViewArgs,
    lang: Lang,
) -> Result<ViewGraph> {
    let source = match (&args.inline, name) {
        (Some(text), _) => ViewSource::Inline(text.clone()),
        (None, Some(name)) => ViewSource::Named(name.to_owned()),
        (None, None) => anyhow::bail!("name a view, or give one with --view-query"),
    };
    let given = args
        .params
        .iter()
        .map(|p| catalog::parse_assignment(p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(view::open(kg, &source, &args.view_dirs, &given, lang)?)
}

fn write_dump(
    graph: &ViewGraph,
    format: DumpFormat,
    svg_engine: SvgEngine,
    lang: Lang,
    output: Option<PathBuf>,
) -> Result<()> {
    match format {
        DumpFormat::Csv => {
            let prefix = output
                .context("--format csv writes two files: give their prefix with -o PREFIX")?;
            let (nodes_path, edges_path) = dump::csv_paths(&prefix);
            let create = |path: &PathBuf| {
                File::create(path)
                    .map(BufWriter::new)
                    .with_context(|| format!("creating {}", path.display()))
            };
            let (mut nodes, mut edges) = (create(&nodes_path)?, create(&edges_path)?);
            dump::write_csv(graph, lang, &mut nodes, &mut edges)?;
            nodes
                .flush()
                .with_context(|| format!("writing {}", nodes_path.display()))?;
            edges
                .flush()
                .with_context(|| format!("writing {}", edges_path.display()))?;
            Ok(())
        }
        DumpFormat::Svg => with_output(output, |out| dump::write_svg(graph, lang, svg_engine, out)),
        other => with_output(output, |out| dump::write(graph, other, lang, out)),
    }
}

fn load(args: &LoadArgs) -> Result<KnowledgeGraph> {
    let graph = KnowledgeGraph::load(&LoadOptions {
        bundled: !args.no_bundled,
        paths: args.data.clone(),
        inferences: args.with_inferences,
    })?;
    if let Some(reasoning) = args.reason {
        hkkg::reason::materialize(&graph, reasoning)?;
    }
    Ok(graph)
}

/// Where the query text comes from, and the named query when it is one.
fn query_text<'a>(
    args: &QueryArgs,
    catalog: &'a [NamedQuery],
) -> Result<(String, Option<&'a NamedQuery>)> {
    if let Some(text) = &args.expression {
        return Ok((text.clone(), None));
    }
    let query = args.query.as_deref().unwrap_or("-");
    if query == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .context("reading the query from standard input")?;
        return Ok((text, None));
    }
    if query.ends_with(".rq") || query.contains('/') {
        let text = std::fs::read_to_string(query)
            .with_context(|| format!("reading the query file {query}"))?;
        return Ok((text, None));
    }
    let named = catalog::find(catalog, query)?;
    Ok((named.text.clone(), Some(named)))
}

fn list_queries(catalog: &[NamedQuery]) -> Result<()> {
    let mut out = String::new();
    for query in catalog {
        out.push_str(&format!("{}\n    {}\n", query.name, query.title));
        if !query.description.is_empty() {
            out.push_str(&format!("    {}\n", query.description));
        }
        for param in &query.params {
            let default = param
                .default
                .as_deref()
                .map(|d| format!(" = {d}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "    --param {}=<{}>{default}  {}\n",
                param.name, param.kind, param.description
            ));
        }
    }
    io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

/// Runs `write` on a buffered file or standard output, and flushes, so write errors surface.
fn with_output(
    path: Option<PathBuf>,
    write: impl FnOnce(&mut dyn Write) -> hkkg::Result<()>,
) -> Result<()> {
    match path {
        Some(path) => {
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut out = BufWriter::new(file);
            write(&mut out)?;
            out.flush()
                .with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush().context("writing to standard output")?;
        }
    }
    Ok(())
}
