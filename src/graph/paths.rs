//! Paths and neighbourhoods in a view: the shortest paths between two entities, hop by hop with the
//! relations that link them, and the ego network of an entity up to some depth. Like the
//! measures in [`crate::graph::measures`], paths follow edges in either direction: "Qatar ← visit →
//! John Lee" is a path although both edges leave the visit.

use crate::error::{Error, Result};
use crate::graph::network::{hop_distances, Network};
use crate::graph::view::ViewGraph;
use crate::query::entity::Lookup;
use crate::rdf::namespaces::display_iri;
use crate::rdf::suggest::closest;
use crate::store::Lang;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

/// One step of a path: from one node to the next, with every edge between the two.
#[derive(Debug, Clone)]
pub struct Hop {
    pub from: NodeIndex,
    pub to: NodeIndex,
    /// The edges joining the two nodes, and whether each points from `from` to `to`.
    pub edges: Vec<(EdgeIndex, bool)>,
}

/// Finds the view node of an entity the user named (IRI, prefixed name or label in either language).
pub fn locate(lookup: &Lookup<'_>, view: &ViewGraph, input: &str) -> Result<NodeIndex> {
    let iri = lookup.resolve(input)?;
    view.node(iri.as_str()).ok_or_else(|| {
        let labels = view
            .graph
            .node_weights()
            .flat_map(|n| [n.label_en.as_str(), n.label_zh.as_str()]);
        Error::NotInView {
            entity: format!("{input} ({})", display_iri(iri.as_str())),
            view: view.name.clone(),
            suggestions: closest(input, labels),
        }
    })
}

/// Up to `limit` shortest paths from `from` to `to`, in a stable order; empty when they are not
/// connected. A path from a node to itself has no hops.
pub fn shortest_paths(
    view: &ViewGraph,
    from: NodeIndex,
    to: NodeIndex,
    limit: usize,
) -> Vec<Vec<Hop>> {
    let (network, indices) = network_of(view);
    let position = |index: NodeIndex| {
        indices
            .iter()
            .position(|&i| i == index)
            .expect("a node of the view")
    };
    let (source, target) = (position(from), position(to));
    let distance = hop_distances(&network, source);
    if distance[target] < 0 {
        return Vec::new();
    }
    // Walk back from the target along neighbours one hop closer to the source, depth first.
    let mut paths: Vec<Vec<usize>> = Vec::new();
    let mut stack: Vec<Vec<usize>> = vec![vec![target]];
    while let Some(partial) = stack.pop() {
        if paths.len() == limit {
            break;
        }
        let last = *partial.last().expect("never empty");
        if last == source {
            paths.push(partial.into_iter().rev().collect());
            continue;
        }
        let mut closer: Vec<usize> = network
            .neighbours(last)
            .iter()
            .map(|&u| u as usize)
            .filter(|&u| distance[u] == distance[last] - 1)
            .collect();
        // Reversed so that the smallest neighbour is taken first from the stack.
        closer.sort_unstable_by(|a, b| b.cmp(a));
        for u in closer {
            let mut longer = partial.clone();
            longer.push(u);
            stack.push(longer);
        }
    }
    paths
        .into_iter()
        .map(|nodes| {
            nodes
                .windows(2)
                .map(|pair| hop(view, indices[pair[0]], indices[pair[1]]))
                .collect()
        })
        .collect()
}

fn hop(view: &ViewGraph, from: NodeIndex, to: NodeIndex) -> Hop {
    let forward = view
        .graph
        .edges_directed(from, Direction::Outgoing)
        .filter(|e| e.target() == to)
        .map(|e| (e.id(), true));
    let backward = view
        .graph
        .edges_directed(to, Direction::Outgoing)
        .filter(|e| e.target() == from)
        .map(|e| (e.id(), false));
    let mut edges: Vec<(EdgeIndex, bool)> = forward.chain(backward).collect();
    edges.sort_unstable();
    Hop { from, to, edges }
}

/// The nodes within `depth` hops of `center`, each with its distance, nearest first (then in view
/// order).
pub fn neighbourhood(view: &ViewGraph, center: NodeIndex, depth: usize) -> Vec<(NodeIndex, usize)> {
    let (network, indices) = network_of(view);
    let source = indices
        .iter()
        .position(|&i| i == center)
        .expect("a node of the view");
    let mut within: Vec<(NodeIndex, usize)> = hop_distances(&network, source)
        .into_iter()
        .enumerate()
        .filter_map(|(v, d)| {
            let d = usize::try_from(d).ok()?;
            (d <= depth).then_some((indices[v], d))
        })
        .collect();
    within.sort_by_key(|&(index, d)| (d, index));
    within
}

/// The ego network of `center`: every node within `depth` hops and the edges among them.
pub fn ego_network(view: &ViewGraph, center: NodeIndex, depth: usize) -> ViewGraph {
    let keep: Vec<NodeIndex> = neighbourhood(view, center, depth)
        .into_iter()
        .map(|(index, _)| index)
        .collect();
    let mut ego = view.subgraph(&keep);
    ego.name = format!("{}-ego", view.name);
    ego
}

/// The undirected network of the view and the view index of each network node.
fn network_of(view: &ViewGraph) -> (Network, Vec<NodeIndex>) {
    (
        Network::from_view(view),
        view.graph.node_indices().collect(),
    )
}

/// A path written out hop by hop: `A —label→ B ←label— C`.
pub fn describe_path(view: &ViewGraph, path: &[Hop], lang: Lang) -> String {
    let g = &view.graph;
    let Some(first) = path.first() else {
        return String::new();
    };
    let mut text = g[first.from].label(lang).to_owned();
    for hop in path {
        let labels: Vec<String> = hop
            .edges
            .iter()
            .map(|&(edge, forward)| {
                let label = g[edge].label(lang);
                if forward {
                    format!("—{label}→")
                } else {
                    format!("←{label}—")
                }
            })
            .collect();
        text.push_str(&format!(
            " {} {}",
            labels.join(" / "),
            g[hop.to].label(lang)
        ));
    }
    text
}
