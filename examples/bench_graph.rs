//! The Rust half of the graph benchmark (run it through `python3 bench/bench_graph.py`, which
//! times NetworkX and igraph on the same graph in the same run and writes BENCHMARKS.md).
//!
//! Builds a seeded random graph with a skewed degree distribution (each end of an edge is node
//! ⌊n·u²⌋ for uniform u, so low-numbered nodes are hubs, as in real relationship graphs; distinct
//! pairs only, no self-loops), writes its edge list and
//! the sampled betweenness sources for the peers, and times hkkg's PageRank, sampled betweenness,
//! connected components and GraphML dump. Prints the timings as JSON.
//!
//! usage: bench_graph NODES EDGES SAMPLES SEED OUT_DIR

use hkkg::graph::dump::{self, DumpFormat};
use hkkg::graph::measures::{betweenness, components, pagerank, sample_sources};
use hkkg::graph::network::Network;
use hkkg::graph::view::{Edge, Node, ViewGraph};
use hkkg::Lang;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [nodes, edges, samples, seed, out] = args.as_slice() else {
        return Err("usage: bench_graph NODES EDGES SAMPLES SEED OUT_DIR".into());
    };
    let (n, m, k, seed): (usize, usize, usize, u64) = (
        nodes.parse()?,
        edges.parse()?,
        samples.parse()?,
        seed.parse()?,
    );
    let out = PathBuf::from(out);

    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut seen = HashSet::with_capacity(m);
    let mut pairs = Vec::with_capacity(m);
    while pairs.len() < m {
        let mut end = || ((n as f64) * rng.random::<f64>().powi(2)) as usize;
        let (a, b) = (end(), end());
        if a != b && seen.insert((a.min(b), a.max(b))) {
            pairs.push((a, b));
        }
    }
    let mut list = BufWriter::new(File::create(out.join("edges.txt"))?);
    for (a, b) in &pairs {
        writeln!(list, "{a} {b}")?;
    }
    list.flush()?;

    let mut timings = Vec::new();
    let mut time = |name: &str, seconds: f64| timings.push(format!("\"{name}\": {seconds:.6}"));

    let start = Instant::now();
    let network = Network::from_edges(n, pairs.iter().map(|&(a, b)| (a, b, 1.0)));
    time("build", start.elapsed().as_secs_f64());

    let start = Instant::now();
    // NetworkX stops when the L1 change is below n·tol: with 1e-6 and 10^5 nodes that is 0.1, two
    // iterations; 1e-10 (for NetworkX too) makes it a real solve, closer to what igraph computes.
    let rank = pagerank(&network, 0.85, 1e-10, 1000);
    time("pagerank", start.elapsed().as_secs_f64());
    assert!(rank.converged);

    let sources = sample_sources(&network, k, seed);
    let start = Instant::now();
    let between = betweenness(&network, Some(&sources));
    time("betweenness", start.elapsed().as_secs_f64());

    let start = Instant::now();
    let component = components(&network);
    time("components", start.elapsed().as_secs_f64());

    let view = synthetic_view(n, &pairs);
    let start = Instant::now();
    let mut file = BufWriter::new(File::create(out.join("hkkg.graphml"))?);
    dump::write(&view, DumpFormat::Graphml, Lang::En, &mut file)?;
    file.flush()?;
    time("graphml", start.elapsed().as_secs_f64());

    let sources: Vec<String> = sources.iter().map(usize::to_string).collect();
    println!(
        "{{{}, \"sources\": [{}], \"components_found\": {}, \"pagerank_iterations\": {}, \"max_betweenness\": {}}}",
        timings.join(", "),
        sources.join(", "),
        component.iter().max().map_or(0, |c| c + 1),
        rank.iterations,
        between.iter().copied().fold(0.0, f64::max)
    );
    Ok(())
}

/// The graph as a view with the attributes a real view has (labels, type, weight), so that the
/// dump writes what it writes for real views.
fn synthetic_view(n: usize, pairs: &[(usize, usize)]) -> ViewGraph {
    let mut view = ViewGraph::new("synthetic", "synthetic benchmark graph");
    let indices: Vec<_> = (0..n)
        .map(|i| {
            view.add_node(Node {
                id: format!("n{i}"),
                iri: None,
                label_en: format!("node {i}"),
                label_zh: format!("節點 {i}"),
                types: vec!["hk:Thing".to_owned()],
                start: None,
                end: None,
                measures: None,
            })
        })
        .collect();
    for &(a, b) in pairs {
        let edge = Edge {
            label_en: "link".to_owned(),
            label_zh: "連結".to_owned(),
            predicate: None,
            weight: 1.0,
            start: None,
            end: None,
            directed: true,
        };
        view.graph.add_edge(indices[a], indices[b], edge);
    }
    view
}
