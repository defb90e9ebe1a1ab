//! Communities by the Louvain method, here because no maintained crate offers it for petgraph,
//! and the modularity of a partition.

use crate::graph::measures::components::number_groups;
use crate::graph::network::Network;
use std::collections::HashMap;

/// A partition into communities found by the Louvain method (Blondel et al. 2008), with its
/// modularity (resolution 1, weighted, as `nx.community.modularity`).
#[derive(Debug, Clone)]
pub struct Communities {
    /// Community of every node, numbered by size (largest first).
    pub of: Vec<usize>,
    pub count: usize,
    pub modularity: f64,
}

/// Louvain: move nodes one at a time, in node order, to the neighbouring community that raises
/// modularity most, until no move helps; then merge each community into one node and repeat on
/// that smaller graph until nothing changes. Visiting nodes in a fixed order makes it
/// deterministic.
pub fn louvain(network: &Network) -> Communities {
    let n = network.node_count();
    let mut level = Level::from_network(network);
    // Community of each original node.
    let mut of: Vec<usize> = (0..n).collect();
    loop {
        let assignment = level.local_moves();
        let communities = assignment.iter().max().map_or(0, |&m| m + 1);
        if communities == level.adjacency.len() {
            break;
        }
        for c in &mut of {
            *c = assignment[*c];
        }
        level = level.aggregate(&assignment, communities);
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (v, &c) in of.iter().enumerate() {
        groups[c].push(v);
    }
    groups.retain(|g| !g.is_empty());
    let count = groups.len();
    let of = number_groups(&mut groups, n);
    let modularity = modularity(network, &of);
    Communities {
        of,
        count,
        modularity,
    }
}

/// Modularity of a partition: Σ_c [ in_c / m − (tot_c / 2m)² ].
pub fn modularity(network: &Network, of: &[usize]) -> f64 {
    let two_m: f64 = network.double_total_weight();
    if two_m == 0.0 {
        return 0.0;
    }
    let communities = of.iter().max().map_or(0, |&m| m + 1);
    let mut inside = vec![0.0; communities];
    let mut total = vec![0.0; communities];
    for v in 0..network.node_count() {
        for (&u, &w) in network
            .neighbours(v)
            .iter()
            .zip(network.neighbour_weights(v))
        {
            total[of[v]] += w;
            if of[u as usize] == of[v] {
                inside[of[v]] += w;
            }
        }
    }
    inside
        .iter()
        .zip(&total)
        .map(|(i, t)| i / two_m - (t / two_m).powi(2))
        .sum()
}

/// One level of Louvain: a weighted graph whose nodes are the previous level's communities, with
/// the weight inside each as a self-loop.
struct Level {
    adjacency: Vec<Vec<(usize, f64)>>,
    loops: Vec<f64>,
    /// Twice the total edge weight.
    two_m: f64,
}

impl Level {
    fn from_network(network: &Network) -> Self {
        let adjacency: Vec<Vec<(usize, f64)>> = (0..network.node_count())
            .map(|v| {
                network
                    .neighbours(v)
                    .iter()
                    .zip(network.neighbour_weights(v))
                    .map(|(&u, &w)| (u as usize, w))
                    .collect()
            })
            .collect();
        Self {
            loops: vec![0.0; adjacency.len()],
            two_m: network.double_total_weight(),
            adjacency,
        }
    }

    /// A self-loop counts twice in a node's strength, as in a degree.
    fn strength(&self, v: usize) -> f64 {
        self.adjacency[v].iter().map(|(_, w)| w).sum::<f64>() + 2.0 * self.loops[v]
    }

    /// Phase one: the community of every node after local moves, renumbered 0..count.
    fn local_moves(&self) -> Vec<usize> {
        let n = self.adjacency.len();
        let strength: Vec<f64> = (0..n).map(|v| self.strength(v)).collect();
        let mut community: Vec<usize> = (0..n).collect();
        let mut total = strength.clone();
        let mut links: HashMap<usize, f64> = HashMap::new();
        if self.two_m > 0.0 {
            let mut moved = true;
            while moved {
                moved = false;
                for v in 0..n {
                    let current = community[v];
                    links.clear();
                    for &(u, w) in &self.adjacency[v] {
                        *links.entry(community[u]).or_insert(0.0) += w;
                    }
                    total[current] -= strength[v];
                    // Gain of joining c, up to terms that do not depend on c.
                    let gain = |c: usize, to_c: f64| to_c - total[c] * strength[v] / self.two_m;
                    let mut best = (
                        current,
                        gain(current, links.get(&current).copied().unwrap_or(0.0)),
                    );
                    let mut candidates: Vec<(&usize, &f64)> = links.iter().collect();
                    candidates.sort_unstable_by_key(|(c, _)| **c);
                    for (&c, &to_c) in candidates {
                        let g = gain(c, to_c);
                        // Strictly better only: ties keep the node where it is, so the loop ends.
                        if g > best.1 + 1e-12 {
                            best = (c, g);
                        }
                    }
                    total[best.0] += strength[v];
                    if best.0 != current {
                        community[v] = best.0;
                        moved = true;
                    }
                }
            }
        }
        let mut renumber: HashMap<usize, usize> = HashMap::new();
        community
            .into_iter()
            .map(|c| {
                let next = renumber.len();
                *renumber.entry(c).or_insert(next)
            })
            .collect()
    }

    /// Phase two: one node per community.
    fn aggregate(&self, assignment: &[usize], communities: usize) -> Level {
        let mut merged: Vec<HashMap<usize, f64>> = vec![HashMap::new(); communities];
        let mut loops = vec![0.0; communities];
        for (v, neighbours) in self.adjacency.iter().enumerate() {
            let cv = assignment[v];
            loops[cv] += self.loops[v];
            for &(u, w) in neighbours {
                let cu = assignment[u];
                if cu == cv {
                    // Seen from both ends: each end adds half of the edge.
                    loops[cv] += w / 2.0;
                } else {
                    *merged[cv].entry(cu).or_insert(0.0) += w;
                }
            }
        }
        Level {
            adjacency: merged
                .into_iter()
                .map(|m| {
                    let mut edges: Vec<(usize, f64)> = m.into_iter().collect();
                    edges.sort_unstable_by_key(|(u, _)| *u);
                    edges
                })
                .collect(),
            loops,
            two_m: self.two_m,
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::network::tests::barbell;

    #[test]
    fn louvain_splits_the_barbell_into_its_triangles() {
        let found = louvain(&barbell());
        assert_eq!(found.count, 2);
        assert_eq!(found.of[0], found.of[1]);
        assert_eq!(found.of[0], found.of[2]);
        assert_ne!(found.of[2], found.of[3]);
        // in_c / m = 3/7 each; tot_c / 2m = 7/14 each.
        assert!((found.modularity - (6.0 / 7.0 - 0.5)).abs() < 1e-12);
    }
}
