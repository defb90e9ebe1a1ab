//! Closeness centrality, exact or estimated from seeded sampled sources, by breadth-first search
//! over the adjacency arrays: O(V + E) time per source, sources in parallel.
//!
//! Exact closeness needs a search from every node, O(V·E), which on a view of a million edges is
//! days of work; rustworkx-core cannot sample. The estimate is Eppstein and Wang's: the mean
//! distance from a node to the rest of its component is the mean distance to a uniform sample of
//! it. Sampling is stratified by connected component, so the estimate is defined for every node
//! and costs O(k·(V + E)) in all: a component of at most `k + 1` nodes is searched from every node
//! (exactly, as the sample would be most of it anyway), a larger one from its share of `k` seeded
//! random nodes, and never fewer than two (so each node has a source other than itself).

use super::search::Search;
use crate::graph::network::Network;
use rand::SeedableRng;
use rayon::prelude::*;

/// Closeness of every node, and the sampled sources of the components it was estimated in
/// (`None` when exact; components without a sampled source were searched from every node).
pub struct Closeness {
    pub scores: Vec<f64>,
    pub sampled: Option<Vec<usize>>,
}

/// Closeness centrality with Wasserman and Faust's correction for disconnected graphs, as
/// NetworkX's `closeness_centrality(G, wf_improved=True)`: for a node whose component has `r`
/// nodes, `(r - 1) / (sum of distances to them) · (r - 1) / (n - 1)`. `component` is the component
/// of every node (from [`super::components`]). With `samples`, components larger than `k + 1`
/// nodes are searched from a seeded sample (see the module documentation) and the sum of
/// distances is the sampled mean times `r - 1`.
pub fn closeness(
    network: &Network,
    component: &[usize],
    samples: Option<usize>,
    seed: u64,
) -> Closeness {
    let n = network.node_count();
    let mut sizes = vec![0usize; component.iter().max().map_or(0, |&c| c + 1)];
    for &c in component {
        sizes[c] += 1;
    }
    let (searched, sampled) = match samples.filter(|&k| k < n) {
        Some(k) => {
            let (searched, sampled) = stratified_sources(component, &sizes, k, seed);
            (searched, Some(sampled))
        }
        None => ((0..n).collect(), None),
    };
    // Per node: the sum of distances from the sources (other than itself) and how many there were.
    let (distance_sums, source_counts) = searched
        .par_iter()
        .fold(
            || (Search::new(n), vec![0u64; n], vec![0u64; n]),
            |(mut search, mut sums, mut counts), &source| {
                search.run(network, source);
                for &v in &search.order[1..] {
                    let v = v as usize;
                    sums[v] += search.distance[v] as u64;
                    counts[v] += 1;
                }
                (search, sums, counts)
            },
        )
        .map(|(_, sums, counts)| (sums, counts))
        .reduce(
            || (vec![0; n], vec![0; n]),
            |(mut sums, mut counts), (more_sums, more_counts)| {
                sums.iter_mut().zip(more_sums).for_each(|(a, b)| *a += b);
                counts
                    .iter_mut()
                    .zip(more_counts)
                    .for_each(|(a, b)| *a += b);
                (sums, counts)
            },
        );
    let scores = (0..n)
        .map(|v| {
            let reachable = sizes[component[v]] - 1;
            if reachable == 0 {
                return 0.0;
            }
            // Exactly NetworkX's arithmetic when every other node of the component is a source.
            let sum = if source_counts[v] as usize == reachable {
                distance_sums[v] as f64
            } else {
                distance_sums[v] as f64 / source_counts[v] as f64 * reachable as f64
            };
            reachable as f64 / sum * (reachable as f64 / (n - 1) as f64)
        })
        .collect();
    Closeness { scores, sampled }
}

/// The sources to search from: every node of a component of at most `k + 1` nodes; from a larger
/// one, its share of `k` (at least two) drawn with a seeded generator. Both lists sorted: all the
/// sources, and the drawn ones.
fn stratified_sources(
    component: &[usize],
    sizes: &[usize],
    k: usize,
    seed: u64,
) -> (Vec<usize>, Vec<usize>) {
    let n = component.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); sizes.len()];
    for (v, &c) in component.iter().enumerate() {
        members[c].push(v);
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (mut searched, mut sampled) = (Vec::new(), Vec::new());
    for nodes in members {
        let r = nodes.len();
        if r <= k + 1 {
            searched.extend(nodes);
            continue;
        }
        let share = (k * r).div_ceil(n).clamp(2, r);
        sampled.extend(
            rand::seq::index::sample(&mut rng, r, share)
                .into_iter()
                .map(|i| nodes[i]),
        );
    }
    searched.extend_from_slice(&sampled);
    searched.sort_unstable();
    sampled.sort_unstable();
    (searched, sampled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::measures::components;
    use crate::graph::network::tests::barbell;

    #[test]
    fn exact_closeness_matches_the_hand_count() {
        // The barbell: triangle 0-1-2, bridge 2-3, triangle 3-4-5. From node 2 the distances are
        // 1, 1, 1, 2, 2: closeness 5 / 7; from node 0: 1, 1, 2, 3, 3, closeness 5 / 10.
        let network = barbell();
        let exact = closeness(&network, &components(&network), None, 0);
        assert!(exact.sampled.is_none());
        assert!(
            (exact.scores[2] - 5.0 / 7.0).abs() < 1e-12,
            "{:?}",
            exact.scores
        );
        assert!((exact.scores[0] - 0.5).abs() < 1e-12, "{:?}", exact.scores);
    }

    #[test]
    fn a_sample_of_every_node_is_exact_and_small_components_are_searched_whole() {
        let network = barbell();
        let component = components(&network);
        let exact = closeness(&network, &component, None, 0).scores;
        // k + 1 ≥ 6 nodes: the one component is small, so the "sample" is all of it.
        let all = closeness(&network, &component, Some(5), 3);
        assert_eq!(all.sampled.as_deref(), Some(&[][..]));
        assert_eq!(all.scores, exact);
    }

    #[test]
    fn a_sampled_estimate_is_the_mean_distance_to_the_sources() {
        let network = barbell();
        let component = components(&network);
        // k = 2 < 5: two sources drawn from the six nodes.
        let sampled = closeness(&network, &component, Some(2), 7);
        let sources = sampled.sampled.clone().unwrap();
        assert_eq!(sources.len(), 2);
        let hops = |a: usize, b: usize| -> f64 {
            let side = |v: usize| v / 3;
            let to_bridge = |v: usize| u32::from(v != 2 && v != 3) as f64;
            match (a == b, side(a) == side(b)) {
                (true, _) => 0.0,
                (false, true) => 1.0,
                (false, false) => to_bridge(a) + 1.0 + to_bridge(b),
            }
        };
        for v in 0..6 {
            let others: Vec<usize> = sources.iter().copied().filter(|&s| s != v).collect();
            let mean = others.iter().map(|&s| hops(s, v)).sum::<f64>() / others.len() as f64;
            let expected = 5.0 / (mean * 5.0) * (5.0 / 5.0);
            assert!(
                (sampled.scores[v] - expected).abs() < 1e-12,
                "node {v}: {} against {expected}",
                sampled.scores[v]
            );
        }
    }
}
