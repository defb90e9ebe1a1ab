//! Betweenness centrality, exact or estimated from seeded sampled sources (rustworkx-core cannot
//! sample), by Brandes' algorithm over the adjacency arrays: O(V + E) time and O(V) memory per
//! source, sources in parallel.

use super::search::Search;
use crate::graph::network::Network;
use rand::SeedableRng;
use rayon::prelude::*;
use std::collections::HashSet;

/// `k` distinct nodes chosen with a seeded generator: the sources of sampled betweenness.
pub fn sample_sources(network: &Network, k: usize, seed: u64) -> Vec<usize> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut sources =
        rand::seq::index::sample(&mut rng, network.node_count(), k.min(network.node_count()))
            .into_vec();
    sources.sort_unstable();
    sources
}

/// Betweenness centrality by Brandes' algorithm (hop counts), normalised as NetworkX's
/// `betweenness_centrality(G, normalized=True)`. With `sources`, only shortest paths from those
/// nodes are counted and the result is scaled as NetworkX scales its `k`-sample estimate (source
/// nodes by 1/((k-1)(n-2)), the others by 1/(k(n-2))). Sources run in parallel.
pub fn betweenness(network: &Network, sources: Option<&[usize]>) -> Vec<f64> {
    let n = network.node_count();
    let all: Vec<usize>;
    let sources = match sources {
        Some(sources) if sources.len() < n => sources,
        _ => {
            all = (0..n).collect();
            &all
        }
    };
    let raw = sources
        .par_iter()
        .fold(
            || (Brandes::new(n), vec![0.0; n]),
            |(mut state, mut sums), &source| {
                state.accumulate(network, source, &mut sums);
                (state, sums)
            },
        )
        .map(|(_, sums)| sums)
        .reduce(
            || vec![0.0; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    // NetworkX's _rescale with endpoints=False: N = n - 1 possible targets.
    if n < 3 {
        return raw;
    }
    let pairs = (n - 2) as f64;
    let k = sources.len();
    if k == n {
        let scale = 1.0 / ((n - 1) as f64 * pairs);
        return raw.into_iter().map(|b| b * scale).collect();
    }
    let is_source: HashSet<usize> = sources.iter().copied().collect();
    let scale_source = if k > 1 {
        1.0 / ((k - 1) as f64 * pairs)
    } else {
        f64::NAN
    };
    let scale_other = 1.0 / (k as f64 * pairs);
    raw.into_iter()
        .enumerate()
        .map(|(v, b)| {
            b * if is_source.contains(&v) {
                scale_source
            } else {
                scale_other
            }
        })
        .collect()
}

/// One thread's working arrays for Brandes' single-source step, reused across sources.
struct Brandes {
    search: Search,
    paths: Vec<f64>,
    dependency: Vec<f64>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Self {
            search: Search::new(n),
            paths: vec![0.0; n],
            dependency: vec![0.0; n],
        }
    }

    /// Adds the dependencies of `source` to `sums`. Predecessors are not stored: a neighbour one hop
    /// closer to the source is one, which keeps the step O(V + E) in time and O(V) in memory.
    fn accumulate(&mut self, network: &Network, source: usize, sums: &mut [f64]) {
        for &v in &self.search.order {
            self.paths[v as usize] = 0.0;
            self.dependency[v as usize] = 0.0;
        }
        self.search.run(network, source);
        let (order, distance) = (&self.search.order, &self.search.distance);
        // In search order every node's count of shortest paths is complete before it is passed on.
        self.paths[source] = 1.0;
        for &v in order {
            let v = v as usize;
            for &u in network.neighbours(v) {
                let u = u as usize;
                if distance[u] == distance[v] + 1 {
                    self.paths[u] += self.paths[v];
                }
            }
        }
        for &w in order.iter().rev() {
            let w = w as usize;
            let coefficient = (1.0 + self.dependency[w]) / self.paths[w];
            for &v in network.neighbours(w) {
                let v = v as usize;
                if distance[v] + 1 == distance[w] {
                    self.dependency[v] += self.paths[v] * coefficient;
                }
            }
            if w != source {
                sums[w] += self.dependency[w];
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::network::tests::barbell;

    #[test]
    fn betweenness_of_the_bridge_ends_matches_the_hand_count() {
        // Node 2 lies on the shortest paths from {0, 1} to {3, 4, 5}: 6 of the 10 pairs not
        // involving it, normalised by (n-1)(n-2)/2 = 10.
        let exact = betweenness(&barbell(), None);
        assert!((exact[2] - 0.6).abs() < 1e-12, "{exact:?}");
        assert_eq!(exact[0], 0.0);
        // Sampling every node is the exact computation.
        let all: Vec<usize> = (0..6).collect();
        assert_eq!(betweenness(&barbell(), Some(&all)), exact);
    }
}
