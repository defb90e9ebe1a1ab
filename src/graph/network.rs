//! The network every measure and path search works on: a view taken as an undirected, simple,
//! weighted graph in compressed adjacency arrays.
//!
//! Relationships in a view point one way only because RDF properties do ("visit → country"), not
//! because influence flows that way. So parallel edges and the two directions between a pair are
//! one edge whose weight is the sum, and self-loops are left out, as NetworkX's `nx.Graph` does.

use crate::graph::view::ViewGraph;
use petgraph::stable_graph::{NodeIndex, StableUnGraph};
use rayon::prelude::*;
use std::collections::{HashMap, VecDeque};

/// An undirected simple weighted graph as compressed adjacency arrays: the neighbours of node `v`
/// are `targets[offsets[v]..offsets[v + 1]]`, each edge appears once from each end.
#[derive(Debug, Clone)]
pub struct Network {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Network {
    /// Builds the network of nodes `0..nodes` from `(a, b, weight)` edges: parallel edges (in either
    /// direction) are merged by adding their weights; self-loops are dropped.
    pub fn from_edges(nodes: usize, edges: impl IntoIterator<Item = (usize, usize, f64)>) -> Self {
        let mut arcs: Vec<(u32, u32, f64)> = Vec::new();
        for (a, b, weight) in edges {
            if a != b {
                let (a, b) = (to_u32(a), to_u32(b));
                arcs.push((a, b, weight));
                arcs.push((b, a, weight));
            }
        }
        arcs.par_sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut offsets = vec![0usize; nodes + 1];
        let mut targets = Vec::with_capacity(arcs.len());
        let mut weights: Vec<f64> = Vec::with_capacity(arcs.len());
        let mut last: Option<(u32, u32)> = None;
        for (a, b, weight) in arcs {
            if last == Some((a, b)) {
                *weights.last_mut().expect("a previous arc") += weight;
                continue;
            }
            last = Some((a, b));
            offsets[a as usize + 1] += 1;
            targets.push(b);
            weights.push(weight);
        }
        for v in 0..nodes {
            offsets[v + 1] += offsets[v];
        }
        Self {
            offsets,
            targets,
            weights,
        }
    }

    /// The view as a network whose node `i` is the view's `i`th node.
    pub fn from_view(view: &ViewGraph) -> Self {
        let position: HashMap<NodeIndex, usize> = view
            .graph
            .node_indices()
            .enumerate()
            .map(|(i, index)| (index, i))
            .collect();
        let edges = view.graph.edge_indices().map(|edge| {
            let (a, b) = view.graph.edge_endpoints(edge).expect("a live edge");
            (position[&a], position[&b], view.graph[edge].weight)
        });
        Self::from_edges(view.node_count(), edges)
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of (undirected) edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    pub(crate) fn neighbours(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v]..self.offsets[v + 1]]
    }

    pub(crate) fn neighbour_weights(&self, v: usize) -> &[f64] {
        &self.weights[self.offsets[v]..self.offsets[v + 1]]
    }

    /// Twice the total edge weight: each edge is counted from both ends, as modularity wants it.
    pub fn double_total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    pub fn degree(&self, v: usize) -> usize {
        self.offsets[v + 1] - self.offsets[v]
    }

    /// The same graph as a petgraph `StableUnGraph` (node `i` = `NodeIndex::new(i)`) for
    /// rustworkx-core.
    pub fn to_petgraph(&self) -> StableUnGraph<(), f64> {
        let mut graph = StableUnGraph::with_capacity(self.node_count(), self.edge_count());
        for _ in 0..self.node_count() {
            graph.add_node(());
        }
        for v in 0..self.node_count() {
            for (&u, &w) in self.neighbours(v).iter().zip(self.neighbour_weights(v)) {
                if (u as usize) > v {
                    graph.add_edge(NodeIndex::new(v), NodeIndex::new(u as usize), w);
                }
            }
        }
        graph
    }
}

pub(crate) fn to_u32(v: usize) -> u32 {
    u32::try_from(v).expect("fewer than 2^32 nodes")
}

/// Breadth-first distances (in hops) from `source`, -1 where unreachable; used by paths too.
pub fn hop_distances(network: &Network, source: usize) -> Vec<i64> {
    let mut distance = vec![-1; network.node_count()];
    distance[source] = 0;
    let mut queue = VecDeque::from([source]);
    while let Some(v) = queue.pop_front() {
        for &u in network.neighbours(v) {
            if distance[u as usize] < 0 {
                distance[u as usize] = distance[v] + 1;
                queue.push_back(u as usize);
            }
        }
    }
    distance
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two triangles joined by one edge (2–3).
    pub(crate) fn barbell() -> Network {
        Network::from_edges(
            6,
            [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (3, 5)].map(|(a, b)| (a, b, 1.0)),
        )
    }

    #[test]
    fn merges_parallel_edges_and_drops_self_loops() {
        let network = Network::from_edges(3, [(0, 1, 1.0), (1, 0, 2.0), (1, 1, 5.0), (1, 2, 1.0)]);
        assert_eq!(network.edge_count(), 2);
        assert_eq!(network.neighbour_weights(0), &[3.0]);
        assert_eq!(network.degree(1), 2);
    }
}
