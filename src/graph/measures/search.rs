//! Breadth-first search over the adjacency arrays, the step betweenness and closeness repeat from
//! every source: O(V + E) time, its arrays reused across sources.

use crate::graph::network::{to_u32, Network};

/// One thread's breadth-first search arrays, reused across sources.
pub(super) struct Search {
    /// The nodes reached from the source, in the order reached (the source first).
    pub(super) order: Vec<u32>,
    /// Hops from the source; `u32::MAX` for a node not reached.
    pub(super) distance: Vec<u32>,
}

impl Search {
    pub(super) fn new(n: usize) -> Self {
        Self {
            order: Vec::with_capacity(n),
            distance: vec![u32::MAX; n],
        }
    }

    /// Searches from `source`, forgetting the previous search in time proportional to it.
    pub(super) fn run(&mut self, network: &Network, source: usize) {
        for &v in &self.order {
            self.distance[v as usize] = u32::MAX;
        }
        self.order.clear();
        self.distance[source] = 0;
        self.order.push(to_u32(source));
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            for &u in network.neighbours(v) {
                let u = u as usize;
                if self.distance[u] == u32::MAX {
                    self.distance[u] = self.distance[v] + 1;
                    self.order.push(to_u32(u));
                }
            }
        }
    }
}
