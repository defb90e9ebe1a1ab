//! Measuring a view: degree, PageRank, betweenness and closeness (exact or sampled), eigenvector
//! centrality, k-core, connected components, articulation points, bridges and Louvain
//! communities, all on the view's undirected [`Network`]. The definitions follow NetworkX on
//! `nx.Graph` (the tests compare against it): PageRank and eigenvector centrality use the
//! weights, betweenness and closeness count hops.
//!
//! rustworkx-core provides eigenvector, core numbers, articulation points and bridges; PageRank,
//! betweenness, closeness, components and Louvain are in the submodules, O(V+E) per iteration and
//! per source.

mod betweenness;
mod closeness;
mod communities;
mod components;
mod pagerank;
mod search;

pub use betweenness::{betweenness, sample_sources};
pub use closeness::{closeness, Closeness};
pub use communities::{louvain, modularity, Communities};
pub use components::components;
pub use pagerank::{pagerank, PageRank};

use crate::graph::network::Network;
use crate::graph::view::{Measured, ViewGraph};
use crate::store::Lang;
use petgraph::stable_graph::NodeIndex;
use rustworkx_core::centrality::eigenvector_centrality;
use rustworkx_core::connectivity::{articulation_points, bridges, core_number};
use serde::Serialize;
use std::convert::Infallible;

/// rustworkx's default of 100 power iterations stops short on sparse, nearly bipartite views (the
/// bundled `entities` view needs a few hundred); each iteration is O(V+E).
const EIGENVECTOR_MAX_ITERATIONS: usize = 10_000;

/// What `analyze` computes.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Betweenness and closeness from this many seeded random sources instead of all nodes.
    pub samples: Option<usize>,
    pub seed: u64,
}

/// The measures of one node.
#[derive(Debug, Clone, Serialize)]
pub struct NodeMeasures {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// degree, pagerank, betweenness, closeness, eigenvector, core, component, community.
    #[serde(flatten)]
    pub measured: Measured,
    pub articulation_point: bool,
}

/// A bridge: an edge whose removal disconnects its two ends.
#[derive(Debug, Clone, Serialize)]
pub struct Bridge {
    pub source: String,
    pub target: String,
}

/// Everything `hkkg analyze` reports about a view.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub view: String,
    pub nodes: usize,
    /// Undirected edges after merging parallel ones.
    pub edges: usize,
    pub components: usize,
    pub communities: usize,
    pub modularity: f64,
    pub pagerank_iterations: usize,
    pub pagerank_converged: bool,
    /// The ids of the nodes betweenness was sampled from; absent when exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betweenness_sources: Option<Vec<String>>,
    /// The ids of the nodes closeness was sampled from, in the components too large to search
    /// from every node; absent when exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closeness_sources: Option<Vec<String>>,
    pub articulation_points: usize,
    pub bridges: Vec<Bridge>,
    pub measures: Vec<NodeMeasures>,
}

/// Computes every measure of `view`.
pub fn analyze(view: &ViewGraph, lang: Lang, options: Options) -> Report {
    let network = Network::from_view(view);
    let graph = network.to_petgraph();
    let nodes: Vec<&crate::graph::view::Node> = view.graph.node_weights().collect();
    let rank = pagerank(&network, 0.85, 1e-6, 100);
    let sources = options
        .samples
        .filter(|&k| k < network.node_count())
        .map(|k| sample_sources(&network, k, options.seed));
    let between = betweenness(&network, sources.as_deref());
    let component = components(&network);
    let near = closeness(&network, &component, options.samples, options.seed);
    let eigenvector = eigenvector_centrality(
        &graph,
        |e| Ok::<f64, Infallible>(*e.weight()),
        Some(EIGENVECTOR_MAX_ITERATIONS),
        None,
    )
    .unwrap_or_else(|never| match never {});
    let cores = core_number(&graph);
    let cut_points = articulation_points(&graph, None);
    let communities = louvain(&network);
    let mut bridges: Vec<Bridge> = bridges(&graph)
        .into_iter()
        .map(|(a, b)| {
            let (a, b) = (a.index().min(b.index()), a.index().max(b.index()));
            Bridge {
                source: nodes[a].id.clone(),
                target: nodes[b].id.clone(),
            }
        })
        .collect();
    bridges.sort_by(|x, y| (&x.source, &x.target).cmp(&(&y.source, &y.target)));
    let measures = nodes
        .iter()
        .enumerate()
        .map(|(i, node)| NodeMeasures {
            id: node.id.clone(),
            label: node.label(lang).to_owned(),
            kind: node.kind().to_owned(),
            measured: Measured {
                degree: network.degree(i),
                pagerank: rank.scores[i],
                betweenness: between[i],
                closeness: near.scores[i],
                eigenvector: eigenvector.as_ref().map(|e| e[i]),
                core: cores.get(&NodeIndex::new(i)).copied().unwrap_or(0),
                component: component[i],
                community: communities.of[i],
            },
            articulation_point: cut_points.contains(&NodeIndex::new(i)),
        })
        .collect();
    Report {
        view: view.name.clone(),
        nodes: network.node_count(),
        edges: network.edge_count(),
        components: component.iter().max().map_or(0, |&c| c + 1),
        communities: communities.count,
        modularity: communities.modularity,
        pagerank_iterations: rank.iterations,
        pagerank_converged: rank.converged,
        betweenness_sources: sources.map(|s| s.into_iter().map(|v| nodes[v].id.clone()).collect()),
        closeness_sources: near
            .sampled
            .map(|s| s.into_iter().map(|v| nodes[v].id.clone()).collect()),
        articulation_points: cut_points.len(),
        bridges,
        measures,
    }
}

/// The measure to sort a report's nodes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Degree,
    Pagerank,
    Betweenness,
    Closeness,
    Eigenvector,
    Core,
}

crate::keywords!(SortKey, "measure", [
    Degree "degree": "number of distinct neighbours",
    Pagerank "pagerank": "PageRank (alpha 0.85, weighted)",
    Betweenness "betweenness": "betweenness centrality (normalised)",
    Closeness "closeness": "closeness centrality",
    Eigenvector "eigenvector": "eigenvector centrality (weighted)",
    Core "core": "k-core number",
]);

impl SortKey {
    /// The measure of `m` (an eigenvector centrality that did not converge sorts last).
    pub fn value(self, m: &NodeMeasures) -> f64 {
        let m = &m.measured;
        match self {
            SortKey::Degree => m.degree as f64,
            SortKey::Pagerank => m.pagerank,
            SortKey::Betweenness => m.betweenness,
            SortKey::Closeness => m.closeness,
            SortKey::Eigenvector => m.eigenvector.unwrap_or(f64::NEG_INFINITY),
            SortKey::Core => m.core as f64,
        }
    }
}

impl Report {
    /// Sorts the nodes by `key`, highest first (ties by label, then id), and keeps the first `top`.
    pub fn sort_and_truncate(&mut self, key: SortKey, top: Option<usize>) {
        self.measures.sort_by(|a, b| {
            key.value(b)
                .total_cmp(&key.value(a))
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.id.cmp(&b.id))
        });
        if let Some(top) = top {
            self.measures.truncate(top);
        }
    }
}

/// Puts each node's measures from `report` (of this view, in its node order, before any sorting)
/// into the node, for the dumps to write as attributes.
pub fn attach(view: &mut ViewGraph, report: &Report) {
    let indices: Vec<NodeIndex> = view.graph.node_indices().collect();
    for (index, m) in indices.into_iter().zip(&report.measures) {
        debug_assert_eq!(view.graph[index].id, m.id);
        view.graph[index].measures = Some(m.measured.clone());
    }
}

/// The part of `view` made of the nodes `report` lists (after `sort_and_truncate`) and the edges
/// among them; nodes stay in the view's order, so the dump is as stable as the view's.
pub fn keep(view: &ViewGraph, report: &Report) -> ViewGraph {
    let wanted: std::collections::HashSet<&str> =
        report.measures.iter().map(|m| m.id.as_str()).collect();
    let kept: Vec<NodeIndex> = view
        .graph
        .node_indices()
        .filter(|&i| wanted.contains(view.graph[i].id.as_str()))
        .collect();
    view.subgraph(&kept)
}
