//! The `hkkg` command line: declares the arguments, maps them onto the library's request types, and
//! calls one library function per command (see `hkkg::commands`). Exit status: 0 success, 1 a
//! negative answer (the data does not lint or conform, the versions differ), 2 an error.

use anyhow::{Context, Result};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use hkkg::check::reason::Reasoning;
use hkkg::commands::{
    self, AnalyzeRequest, DiffRequest, DumpOutput, LintRequest, NeighboursRequest, PathRequest,
    QueryRequest, Session, SessionOptions, ValidateRequest, ValidationFormat, Verdict, ViewRequest,
};
use hkkg::graph::dump::{self, DumpFormat, SvgEngine};
use hkkg::graph::measures::SortKey;
use hkkg::graph::report::ReportFormat;
use hkkg::keyword::Keyword;
use hkkg::output::cite::CiteFormat;
use hkkg::output::results::ResultFormat;
use hkkg::output::sink::{self, Destination};
use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::params::Assignment;
use hkkg::query::source::QuerySource;
use hkkg::query::sparql::Limits;
use hkkg::rdf::syntax::RdfSyntax;
use hkkg::store::source::Input;
use hkkg::{Lang, LoadOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// A knowledge graph of Hong Kong's regional cooperation: the Five-Year Plan's regional cooperation
/// directions, the cooperation platforms, the Chief Executive's visits and what they produced, and
/// who said what, every fact traced to its source passage.
#[derive(Parser)]
#[command(name = "hkkg", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// A clap parser for a library enum that lists its choices (see `hkkg::keyword`).
fn keyword<T: Keyword + Send + Sync + Clone>() -> impl TypedValueParser<Value = T> {
    let values = T::CHOICES.iter().map(|choice| {
        PossibleValue::new(choice.name)
            .help(choice.help)
            .aliases(choice.aliases)
    });
    PossibleValuesParser::new(values).try_map(|name| T::parse_name(&name))
}

#[derive(Args)]
struct GlobalArgs {
    /// Also load these RDF files or directories (.ttl .trig .nt .nq .rdf .jsonld, each also .gz),
    /// or - for standard input; repeatable.
    #[arg(long = "data", value_name = "PATH", global = true)]
    data: Vec<PathBuf>,
    /// The syntax of --data - (standard input) and of files whose name does not tell.
    #[arg(long, value_name = "SYNTAX", value_parser = keyword::<RdfSyntax>(), global = true)]
    data_format: Option<RdfSyntax>,
    /// Do not load the bundled ontology and data.
    #[arg(long, global = true)]
    no_bundled: bool,
    /// Accept literals that do not fit their datatype ("2023-02-30"^^xsd:date), saying how many,
    /// instead of refusing the data.
    #[arg(long, global = true)]
    lenient: bool,
    /// Language for labels in tables and citations.
    #[arg(long, value_parser = keyword::<LangChoice>(), default_value = "en", global = true)]
    lang: LangChoice,
    /// Add what the ontology entails (rdfs: subClassOf, subPropertyOf, domain, range) in the
    /// named graph hkg:inferred, kept apart from the asserted triples.
    #[arg(long, value_name = "REGIME", value_parser = keyword::<Reasoning>(), global = true)]
    reason: Option<Reasoning>,
    /// Also load the curated inferences (graph hkg:curated-inferences: conclusions drawn from
    /// several passages, each with its reasoning), which are left out by default.
    #[arg(long, global = true)]
    with_inferences: bool,
    /// Stop any SPARQL evaluation that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, global = true)]
    timeout: Option<Duration>,
    /// Resolve relative IRIs in queries against this IRI (a query file's own location otherwise).
    #[arg(long, value_name = "IRI", global = true)]
    base: Option<String>,
}

/// `--lang`: the library's `Lang`, chosen by name.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LangChoice(Lang);

hkkg::keywords!(LangChoice, "language", [
    EN "en": "English",
    ZH "zh" ["zh-Hant", "zh-hant"]: "Traditional Chinese (zh-Hant)",
]);

impl LangChoice {
    const EN: Self = Self(Lang::En);
    const ZH: Self = Self(Lang::Zh);
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err("the timeout must be a positive number of seconds".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[derive(Subcommand)]
enum Command {
    /// Run a SPARQL query: a named query, a .rq/.sparql file, inline text (-e) or standard input (-).
    Query(QueryArgs),
    /// List the named queries with their parameters.
    Queries {
        /// Also read named queries from this directory of .rq files; repeatable.
        #[arg(long = "queries", value_name = "DIR")]
        query_dirs: Vec<PathBuf>,
    },
    /// Export the whole graph as RDF.
    Export {
        #[arg(long, short, value_parser = keyword::<RdfSyntax>(), default_value = "turtle")]
        format: RdfSyntax,
        /// Write to this file (- for standard output); the file is replaced only on success.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show each fact about an entity with the source passage it came from.
    Cite {
        /// The entity: an IRI, a prefixed name (hkr:qatar) or a label in either language.
        entity: String,
        #[arg(long, short, value_parser = keyword::<CiteFormat>(), default_value = "text")]
        format: CiteFormat,
    },
    /// Count the triples and the entities of each class.
    Stats,
    /// Check the data against the SHACL shapes (ontology/shapes.ttl); exits 1 unless it conforms.
    Validate {
        /// Use these shapes instead of the bundled ones.
        #[arg(long, value_name = "FILE")]
        shapes: Option<PathBuf>,
        #[arg(long, short, value_parser = keyword::<ValidationFormat>(), default_value = "text")]
        format: ValidationFormat,
        /// Write the report to this file (- for standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show the quads removed and added between two exports or two data directories (blank nodes
    /// matched canonically), optionally as a SPARQL Update patch; exits 1 when they differ.
    Diff {
        /// The old version: an RDF file or a directory of RDF files.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Also write a SPARQL 1.1 Update (DELETE DATA / INSERT DATA) that turns OLD into NEW.
        #[arg(long, value_name = "FILE")]
        patch: Option<PathBuf>,
        /// Write the listing to this file (- for standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check Turtle/TriG source files before loading: syntax, undeclared prefixes, unknown hk:
    /// terms, bad literals, missing labels, disjoint types. Exits 1 on errors.
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

#[derive(Args)]
struct QueryArgs {
    /// A named query (see `hkkg queries`), a path to a .rq/.sparql file, or - for standard input.
    #[arg(required_unless_present = "expression", conflicts_with = "expression")]
    query: Option<String>,
    /// The query text itself.
    #[arg(long, short = 'e', value_name = "SPARQL")]
    expression: Option<String>,
    /// Bind a parameter: name=value; repeatable. A query that declares parameters accepts only
    /// those; any other query binds its own variables.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_assignment)]
    params: Vec<Assignment>,
    /// Output format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).
    #[arg(long, short, value_parser = keyword::<ResultFormat>())]
    format: Option<ResultFormat>,
    /// In tables, show prefixed names instead of labels.
    #[arg(long)]
    iris: bool,
    /// Show at most this many rows in a table (0: all); other formats write every row.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_rows: usize,
    /// Also read named queries from this directory of .rq files; repeatable.
    #[arg(long = "queries", value_name = "DIR")]
    query_dirs: Vec<PathBuf>,
    /// Write to this file (- for standard output); the file is replaced only on success.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn parse_assignment(text: &str) -> Result<Assignment, String> {
    text.parse().map_err(|e: hkkg::Error| e.to_string())
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
struct GraphArgs {
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
    #[arg(long, short, value_parser = keyword::<ReportFormat>(), default_value = "table")]
    format: ReportFormat,
    /// Sort nodes by this measure, highest first.
    #[arg(long, value_parser = keyword::<SortKey>(), default_value = "pagerank")]
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
    /// Write to this file (- for standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Rows an `analyze` table shows unless --top says otherwise.
const DEFAULT_TABLE_ROWS: usize = 20;
/// The view `path` and `neighbours` search unless told otherwise: every entity relationship.
const DEFAULT_VIEW: &str = "entities";

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
    #[arg(long, short, value_parser = keyword::<DumpFormat>())]
    format: Option<DumpFormat>,
    /// Write to this file (for csv: the prefix of PREFIX-nodes.csv and PREFIX-edges.csv).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl GlobalArgs {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            bundled: !self.no_bundled,
            inputs: self
                .data
                .iter()
                .map(|path| Input::new(path, None))
                .collect(),
            syntax: self.data_format,
            lenient: self.lenient,
            inferences: self.with_inferences,
            ..LoadOptions::default()
        }
    }

    fn session(&self, query_dirs: &[PathBuf], view_dirs: &[PathBuf]) -> Result<Session> {
        let session = Session::open(&SessionOptions {
            load: self.load_options(),
            reasoning: self.reason,
            lang: self.lang.0,
            limits: Limits {
                timeout: self.timeout,
                // An evaluation that cannot notice its cancellation is stopped with the process.
                on_overrun: Some(Arc::new(|| {
                    warn(&format!("error: {:#}", hkkg::Error::Cancelled));
                    std::process::exit(2);
                })),
            },
            base_iri: self.base.clone(),
            query_dirs: query_dirs.to_vec(),
            view_dirs: view_dirs.to_vec(),
        })?;
        if session.loaded.ill_typed > 0 {
            warn(&format!(
                "accepted {} ill-typed literal(s) (--lenient); `hkkg validate` lists them",
                session.loaded.ill_typed
            ));
        }
        Ok(session)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Deep input is bounded before it reaches recursive code (see hkkg::query::algebra), and the
    // command runs on a thread with room to spare for what is allowed through.
    let worker = std::thread::Builder::new()
        .name("hkkg".to_owned())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || run(cli));
    let outcome = match worker.map(|handle| handle.join()) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => {
            warn("internal error: hkkg stopped unexpectedly (the message above); please report it");
            return ExitCode::from(101);
        }
        Err(error) => Err(anyhow::Error::new(error).context("starting the command")),
    };
    match outcome {
        Ok(Verdict::Pass) => ExitCode::SUCCESS,
        Ok(Verdict::Fail(summary)) => {
            warn(&summary);
            ExitCode::from(1)
        }
        // A closed pipe (`hkkg query … | head`) is the reader's choice, not a failure.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            warn(&format!("error: {error:#}"));
            ExitCode::from(2)
        }
    }
}

/// A line on standard error; if standard error cannot be written, there is nobody to tell.
fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
        cause.downcast_ref::<io::Error>().is_some_and(kind)
            || matches!(cause.downcast_ref::<hkkg::Error>(), Some(hkkg::Error::Output(e)) if kind(e))
    })
}

fn run(cli: Cli) -> Result<Verdict> {
    let global = &cli.global;
    match cli.command {
        Command::Queries { query_dirs } => {
            let catalog = Catalog::load(Kind::Query, &query_dirs)?;
            to(None, |out| commands::list_queries(&catalog, out))
        }
        Command::Query(args) => {
            let session = global.session(&args.query_dirs, &[])?;
            let source = match args.expression {
                Some(text) => QuerySource::Inline(text),
                None => QuerySource::from_argument(args.query.as_deref().unwrap_or("-")),
            };
            let request = QueryRequest {
                source,
                params: args.params,
                format: args.format,
                labels: !args.iris,
                max_rows: (args.max_rows > 0).then_some(args.max_rows),
            };
            to(args.output.as_deref(), |out| {
                commands::query(&session, &request, out)
            })
        }
        Command::Export { format, output } => {
            let session = global.session(&[], &[])?;
            to(output.as_deref(), |out| {
                commands::export(&session, format, out)
            })
        }
        Command::Cite { entity, format } => {
            let session = global.session(&[], &[])?;
            to(None, |out| commands::cite(&session, &entity, format, out))
        }
        Command::Stats => {
            let session = global.session(&[], &[])?;
            to(None, |out| commands::stats(&session, out))
        }
        Command::Validate {
            shapes,
            format,
            output,
        } => {
            let request = ValidateRequest {
                data: global.load_options(),
                shapes,
                format,
            };
            verdict(output.as_deref(), |out| commands::validate(&request, out))
        }
        Command::Diff {
            old,
            new,
            patch,
            output,
        } => {
            let request = DiffRequest {
                old,
                new,
                patch: patch.map(|p| Destination::from_option(Some(&p))),
            };
            verdict(output.as_deref(), |out| commands::diff(&request, out))
        }
        Command::Lint { paths } => {
            let request = LintRequest {
                paths,
                bundled_vocabulary: !global.no_bundled,
            };
            verdict(None, |out| commands::lint(&request, out))
        }
        Command::Graph(args) => {
            if args.list {
                let views = Catalog::load(Kind::View, &args.source.view_dirs)?;
                return to(None, |out| commands::list_views(&views, out));
            }
            let session = global.session(&[], &args.source.view_dirs)?;
            let request = args.source.request(args.view.as_deref())?;
            dump(args.format, args.output.as_deref(), |output| {
                commands::dump_view(&session, &request, args.format, args.svg_engine, output)
            })
        }
        Command::Analyze(args) => {
            let session = global.session(&[], &args.source.view_dirs)?;
            let request = AnalyzeRequest {
                view: args.source.request(args.view.as_deref())?,
                format: args.format,
                sort: args.sort,
                top: args
                    .top
                    .or((args.format == ReportFormat::Table).then_some(DEFAULT_TABLE_ROWS)),
                samples: args.samples.map(|k| k as usize),
                seed: args.seed,
            };
            to(args.output.as_deref(), |out| {
                commands::analyze(&session, &request, out)
            })
        }
        Command::Path(args) => {
            let session = global.session(&[], &args.source.view_dirs)?;
            let request = PathRequest {
                view: args.source.request(Some(&args.view))?,
                from: args.from,
                to: args.to,
                limit: args.limit,
            };
            to(None, |out| commands::path(&session, &request, out))
        }
        Command::Neighbours(args) => {
            let session = global.session(&[], &args.source.view_dirs)?;
            let request = NeighboursRequest {
                view: args.source.request(Some(&args.view))?,
                entity: args.entity,
                depth: args.depth,
                format: args.format,
            };
            let format = args.format.unwrap_or(DumpFormat::Graphml);
            dump(format, args.output.as_deref(), |output| {
                commands::neighbours(&session, &request, output)
            })
        }
    }
}

/// Runs a command that writes to `output` (standard output when None or `-`).
fn to(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> hkkg::Result<()>,
) -> Result<Verdict> {
    sink::write_to(&Destination::from_option(output), write)?;
    Ok(Verdict::Pass)
}

/// Runs a command that answers with a verdict; its report goes to `output`.
fn verdict(
    output: Option<&Path>,
    check: impl FnOnce(&mut dyn Write) -> hkkg::Result<Verdict>,
) -> Result<Verdict> {
    Ok(sink::write_to(&Destination::from_option(output), check)?)
}

/// Runs a dump: CSV into PREFIX-nodes.csv and PREFIX-edges.csv (both or neither), other formats to
/// `output`.
fn dump(
    format: DumpFormat,
    output: Option<&Path>,
    write: impl FnOnce(DumpOutput<'_>) -> hkkg::Result<()>,
) -> Result<Verdict> {
    if format != DumpFormat::Csv {
        return to(output, |out| write(DumpOutput::Stream(out)));
    }
    let prefix = output
        .filter(|p| *p != Path::new("-"))
        .context("--format csv writes two files: give their prefix with -o PREFIX")?;
    let (nodes, edges) = dump::csv_paths(prefix);
    sink::write_pair(&nodes, &edges, |nodes, edges| {
        write(DumpOutput::Tables { nodes, edges })
    })?;
    Ok(Verdict::Pass)
}
