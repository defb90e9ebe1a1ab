//! Argument declarations and the dispatch to the library. `global` holds the options every command
//! takes (what to load, the language, the time limit); the other modules one group of commands each.

mod check;
mod data;
mod generate;
mod global;
mod graph;
mod mcp;
mod query;
mod serve;
mod shell;
mod source;
mod store;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand};
use global::GlobalArgs;
use hkkg::commands::{DumpOutput, Verdict};
use hkkg::graph::dump::{self, DumpFormat};
use hkkg::output::sink::{self, Destination};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

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

#[derive(Subcommand)]
enum Command {
    /// Run a SPARQL query: a named query, a .rq/.sparql file, inline text (-e) or standard input (-).
    Query(query::QueryArgs),
    /// List the named queries with their parameters, or print one standalone (--show).
    Queries(query::QueriesArgs),
    /// Find entities by name: labels, alternative labels and identifiers in English and Chinese,
    /// ranked (exact, beginning, words, part, then typing mistakes), with their type and IRI.
    Search(query::SearchArgs),
    /// Export the whole graph as RDF.
    Export(data::ExportArgs),
    /// Show each fact about an entity with the source passage it came from.
    Cite(data::CiteArgs),
    /// Count the triples and the entities of each class.
    Stats,
    /// Upload the graph with its named graphs to a SPARQL store (--endpoint), idempotently.
    Push(data::PushArgs),
    /// Check the data against the SHACL shapes (ontology/shapes.ttl); exits 1 unless it conforms.
    Validate(check::ValidateArgs),
    /// Show the quads removed and added between two exports or two data directories (blank nodes
    /// matched canonically), optionally as a SPARQL Update patch; exits 1 when they differ.
    Diff(check::DiffArgs),
    /// Check Turtle/TriG source files before loading: syntax, undeclared prefixes, unknown hk:
    /// terms, bad literals, missing labels, disjoint types, facts in passage graphs that do not
    /// exist, passages that do not quote their source text. Exits 1 on errors.
    Lint(check::LintArgs),
    /// Dump a graph view for Gephi, Cytoscape, Graphviz or NetworkX, or draw it as SVG.
    Graph(graph::GraphArgs),
    /// Measure a view: degree, PageRank, betweenness, closeness, eigenvector, k-core, components,
    /// articulation points, bridges and Louvain communities (edges taken as undirected).
    Analyze(graph::AnalyzeArgs),
    /// Print the shortest paths between two entities, hop by hop with their relations.
    Path(graph::PathArgs),
    /// Show the ego network of an entity: everything within --depth hops, as a table or a dump.
    Neighbours(graph::NeighboursArgs),
    /// Create an on-disk store in --location DIR (with the bundled data unless --no-bundled), or
    /// add files to it; every command then takes --location DIR instead of loading files.
    Load(store::LoadArgs),
    /// Apply a SPARQL Update (a file, -e text or - for standard input) to the store in
    /// --location DIR, keeping the merged default graph; for instance a `hkkg diff --patch`.
    Update(store::UpdateArgs),
    /// Bring a new article into the data: its text, passages and document record (`source add`).
    Source(source::SourceArgs),
    /// Serve the graph over HTTP: SPARQL 1.1 Protocol at /sparql, named queries, views, entity
    /// pages and a query page at /. Read-only unless --allow-update; each evaluation is stopped
    /// after --timeout seconds (30 when not given).
    Serve(serve::ServeArgs),
    /// Write a synthetic graph in hkkg's model, of about --triples statements, for benchmarks:
    /// every fact generated and labelled so (never mix it into data/).
    Generate(generate::GenerateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff) to standard output: `hkkg man | man -l -`, or one command's.
    Man(shell::ManArgs),
    /// Serve the graph to AI assistants over the Model Context Protocol on standard input and
    /// output: tools to list and run named queries, run read-only SPARQL (each evaluation limited
    /// by --timeout, 30 seconds by default), search and cite entities and find paths, every
    /// answer with the source passages that state it. Runs until the client disconnects.
    Mcp(mcp::McpArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Bars are for a person at a terminal; logs and pipes get none.
    hkkg::output::progress::enable(io::IsTerminal::is_terminal(&io::stderr()));
    // Deep input is bounded before it reaches recursive code (see hkkg::query::algebra), and the
    // command runs on a thread with room to spare for what is allowed through.
    let worker = std::thread::Builder::new()
        .name("hkkg".to_owned())
        .stack_size(hkkg::commands::COMMAND_STACK_BYTES)
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

fn run(cli: Cli) -> Result<Verdict> {
    let global = &cli.global;
    // These read files or the graph's own store, never an endpoint's graph.
    if global.endpoint.is_some()
        && matches!(
            cli.command,
            Command::Validate(_) | Command::Diff(_) | Command::Lint(_) | Command::Source(_)
        )
    {
        anyhow::bail!("--endpoint does not apply to this command: it checks or changes files here");
    }
    match cli.command {
        Command::Query(args) => args.run(global),
        Command::Queries(args) => args.run(global),
        Command::Search(args) => args.run(global),
        Command::Export(args) => args.run(global),
        Command::Cite(args) => args.run(global),
        Command::Stats => data::stats(global),
        Command::Push(args) => args.run(global),
        Command::Validate(args) => args.run(global),
        Command::Diff(args) => args.run(global),
        Command::Lint(args) => args.run(global),
        Command::Graph(args) => args.run(global),
        Command::Analyze(args) => args.run(global),
        Command::Path(args) => args.run(global),
        Command::Neighbours(args) => args.run(global),
        Command::Load(args) => args.run(global),
        Command::Update(args) => args.run(global),
        Command::Source(args) => args.run(global),
        Command::Serve(args) => args.run(global),
        Command::Generate(args) => args.run(),
        Command::Completions(args) => args.run(Cli::command()),
        Command::Man(args) => args.run(Cli::command()),
        Command::Mcp(args) => args.run(global),
    }
}

/// A line on standard error; if standard error cannot be written, there is nobody to tell.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
        cause.downcast_ref::<io::Error>().is_some_and(kind)
            || matches!(cause.downcast_ref::<hkkg::Error>(), Some(hkkg::Error::Output(e)) if kind(e))
    })
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
fn dump_to(
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
