//! The in-process half of the scale benchmark (run it through `python3 bench/bench_scale.py`,
//! which times pyoxigraph and NetworkX in the same run and writes BENCHMARKS.md).
//!
//! Loads a generated graph, exports it in each line and document format (to OUT_DIR/hkkg.FORMAT,
//! removed after; the merged default graph included, as `hkkg export` writes it), builds a view
//! from the store, takes it as a network, runs PageRank
//! (as `hkkg analyze` does: alpha 0.85, NetworkX's tolerance 1e-6 per node) and writes the view as
//! GraphML, timing each step; writes the network's weighted edges (`a b weight`, node numbers in
//! the view's order) for NetworkX. Prints the timings and sizes as JSON. Phases are timed here
//! rather than from the CLI because a process's time cannot be split between loading, the view
//! and the dump.
//!
//! usage: bench_scale DATA VIEW OUT_DIR

use hkkg::graph::dump::{self, DumpFormat};
use hkkg::graph::measures::pagerank;
use hkkg::graph::network::Network;
use hkkg::graph::view;
use hkkg::output::export::{export, DefaultGraph};
use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::sparql::Limits;
use hkkg::rdf::syntax::RdfSyntax;
use hkkg::store::source::Input;
use hkkg::{KnowledgeGraph, Lang, LoadOptions};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, view_name, out] = args.as_slice() else {
        return Err("usage: bench_scale DATA VIEW OUT_DIR".into());
    };
    let out = PathBuf::from(out);
    let mut timings = Vec::new();
    let mut time = |name: &str, start: Instant| {
        timings.push(format!("\"{name}\": {:.6}", start.elapsed().as_secs_f64()))
    };

    let start = Instant::now();
    let graph = KnowledgeGraph::load(&LoadOptions {
        bundled: false,
        inputs: vec![Input::new(&PathBuf::from(data), None)],
        ..LoadOptions::default()
    })?;
    time("load", start);

    let mut sizes = Vec::new();
    for (name, syntax) in [
        ("ntriples", RdfSyntax::NTriples),
        ("nquads", RdfSyntax::NQuads),
        ("turtle", RdfSyntax::Turtle),
        ("trig", RdfSyntax::TriG),
        ("rdfxml", RdfSyntax::RdfXml),
    ] {
        let path = out.join(format!("hkkg.{name}"));
        let start = Instant::now();
        let mut file = BufWriter::new(File::create(&path)?);
        export(&graph, syntax, DefaultGraph::Merged, &mut file)?;
        file.flush()?;
        drop(file);
        time(&format!("export_{name}"), start);
        sizes.push(format!(
            "\"bytes_{name}\": {}",
            std::fs::metadata(&path)?.len()
        ));
        std::fs::remove_file(&path)?;
    }

    let views = Catalog::load(Kind::View, &[] as &[&str])?;
    let start = Instant::now();
    let view = view::build(&graph, views.find(view_name)?, &[], &Limits::default())?;
    time("view", start);

    let start = Instant::now();
    let network = Network::from_view(&view);
    time("network", start);

    let start = Instant::now();
    let rank = pagerank(&network, 0.85, 1e-6, 100);
    time("pagerank", start);

    let start = Instant::now();
    let mut file = BufWriter::new(File::create(out.join("hkkg.graphml"))?);
    dump::write(&view, DumpFormat::Graphml, Lang::En, &mut file)?;
    file.flush()?;
    time("graphml", start);

    let mut list = BufWriter::new(File::create(out.join("edges.txt"))?);
    let edges = network.to_petgraph();
    for edge in (&edges).edge_references() {
        let (a, b) = (edge.source().index(), edge.target().index());
        writeln!(list, "{a} {b} {}", edge.weight())?;
    }
    list.flush()?;

    println!(
        "{{{}, {}, \"quads\": {}, \"nodes\": {}, \"view_edges\": {}, \"network_edges\": {}, \"pagerank_iterations\": {}}}",
        timings.join(", "),
        sizes.join(", "),
        graph.len()?,
        view.node_count(),
        view.edge_count(),
        network.edge_count(),
        rank.iterations
    );
    Ok(())
}
