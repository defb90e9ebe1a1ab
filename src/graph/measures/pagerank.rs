//! PageRank by power iteration on the compressed adjacency arrays: rustworkx-core has none, and
//! petgraph's is documented O(n·|V|²·|E|).

use crate::graph::network::Network;
use rayon::prelude::*;

/// PageRank scores and whether the power iteration converged.
#[derive(Debug, Clone)]
pub struct PageRank {
    pub scores: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// PageRank by power iteration, as NetworkX computes it: start from the uniform vector; each step
/// spreads `alpha` of every node's score over its edges in proportion to their weights, gives the
/// score of dangling nodes (no edge weight at all) to everyone equally, and adds `(1 - alpha) / n`;
/// stop when the L1 change is below `n * tol`. O(V + E) per step, pulled per node in parallel.
pub fn pagerank(network: &Network, alpha: f64, tol: f64, max_iter: usize) -> PageRank {
    let n = network.node_count();
    if n == 0 {
        return PageRank {
            scores: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let strength: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|v| network.neighbour_weights(v).iter().sum())
        .collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut share = vec![0.0; n];
    for iteration in 1..=max_iter {
        // Each node's score per unit of edge weight, and the score that dangling nodes hand out.
        share
            .par_iter_mut()
            .zip(&x)
            .zip(&strength)
            .for_each(|((s, &xv), &sv)| *s = if sv > 0.0 { xv / sv } else { 0.0 });
        let dangling: f64 = x
            .par_iter()
            .zip(&strength)
            .filter(|(_, &sv)| sv == 0.0)
            .map(|(&xv, _)| xv)
            .sum();
        let base = (alpha * dangling + (1.0 - alpha)) * uniform;
        let next: Vec<f64> = (0..n)
            .into_par_iter()
            .map(|v| {
                let pulled: f64 = network
                    .neighbours(v)
                    .iter()
                    .zip(network.neighbour_weights(v))
                    .map(|(&u, &w)| share[u as usize] * w)
                    .sum();
                alpha * pulled + base
            })
            .collect();
        let change: f64 = next.par_iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if change < n as f64 * tol {
            return PageRank {
                scores: x,
                iterations: iteration,
                converged: true,
            };
        }
    }
    PageRank {
        scores: x,
        iterations: max_iter,
        converged: false,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::network::tests::barbell;

    #[test]
    fn pagerank_sums_to_one_and_is_symmetric_on_a_symmetric_graph() {
        let rank = pagerank(&barbell(), 0.85, 1e-10, 1000);
        assert!(rank.converged);
        assert!((rank.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((rank.scores[2] - rank.scores[3]).abs() < 1e-12);
        assert!(rank.scores[2] > rank.scores[0]);
    }
}
