//! The `hkkg` command line: parses arguments and hands each command to the library.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use hkkg::catalog::{self, NamedQuery};
use hkkg::cite::{self, CiteFormat};
use hkkg::export::{self, RdfOutputFormat};
use hkkg::reason::Reasoning;
use hkkg::results::{self, Display, OutputFormat};
use hkkg::{entity, sparql, KnowledgeGraph, Lang, LoadOptions};
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
        #[arg(long, short, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
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
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Turtle,
}

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
            })?;
            let report = hkkg::shacl::validate(&data, &shapes);
            with_output(output, |out| match format {
                ReportFormat::Text => report.write_text(out),
                ReportFormat::Turtle => {
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

fn load(args: &LoadArgs) -> Result<KnowledgeGraph> {
    let graph = KnowledgeGraph::load(&LoadOptions {
        bundled: !args.no_bundled,
        paths: args.data.clone(),
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
