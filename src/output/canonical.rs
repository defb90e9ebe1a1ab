//! Deterministic blank node labels, so that the same graph is written byte for byte the same
//! whatever order it was loaded in, in time near-linear for the blank nodes real data has.
//!
//! General RDF canonicalization (oxrdf's, RDFC-1.0) distinguishes blank nodes by refining hashes
//! over their neighbourhoods, which takes about n rounds of O(n) on a list or a chain whose items
//! look alike: a 1,000-item list took minutes. But blank nodes in data nearly always form trees —
//! RDF lists, nested `[ … ]`, reification and qualification nodes — each hanging from one parent,
//! and a tree can be labelled in one pass up and one pass down:
//!
//! * up: a node's *content hash* covers its own statements, with each blank child replaced by the
//!   child's content hash, so it describes the whole subtree;
//! * down: a node's *label hash* combines its content hash with its parent's label hash and the
//!   predicates and graphs linking the two (a root: with the named subjects pointing at it).
//!
//! Two nodes of a forest with the same label hash have identical subtrees and identical paths from
//! the root, so swapping them (with their subtrees) changes nothing: numbering such twins in a
//! depth-first walk gives the same output whichever comes first. A connected group of blank nodes
//! that is not a tree (a node with two different parents, a cycle, a blank graph name) falls back to
//! oxrdf's canonicalization of that group alone, which is exact and, on the small groups real data
//! has, fast.

use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{
    BlankNode, BlankNodeRef, Dataset, GraphName, GraphNameRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::HashMap;
use std::hash::Hasher;

/// The canonical label of every blank node of `quads`, by its label there. Only the statements
/// that hold a blank node (as subject, object or graph name) matter, so a caller may pass those
/// alone.
pub fn canonical_labels(quads: &[Quad]) -> HashMap<String, BlankNode> {
    let index = BlankIndex::new(quads);
    if index.nodes.is_empty() {
        return HashMap::new();
    }
    let by_id = index.labels(quads);
    index
        .id
        .iter()
        .map(|(old, id)| {
            (
                (*old).to_owned(),
                BlankNode::new_unchecked(by_id[id].clone()),
            )
        })
        .collect()
}

/// Blank nodes numbered 0.., with the quads each is the subject or object of.
struct BlankIndex<'a> {
    id: HashMap<&'a str, usize>,
    nodes: Vec<&'a BlankNode>,
    /// Quads (by index) where the node is the subject.
    outgoing: Vec<Vec<usize>>,
    /// Quads where the node is the object.
    incoming: Vec<Vec<usize>>,
    /// Blank nodes used as graph names: never treated as trees.
    graph_names: Vec<bool>,
}

impl<'a> BlankIndex<'a> {
    fn new(quads: &'a [Quad]) -> Self {
        let mut index = Self {
            id: HashMap::new(),
            nodes: Vec::new(),
            outgoing: Vec::new(),
            incoming: Vec::new(),
            graph_names: Vec::new(),
        };
        for (at, quad) in quads.iter().enumerate() {
            if let NamedOrBlankNode::BlankNode(node) = &quad.subject {
                let id = index.add(node);
                index.outgoing[id].push(at);
            }
            if let Term::BlankNode(node) = &quad.object {
                let id = index.add(node);
                index.incoming[id].push(at);
            }
            if let GraphName::BlankNode(node) = &quad.graph_name {
                let id = index.add(node);
                index.graph_names[id] = true;
            }
        }
        index
    }

    fn add(&mut self, node: &'a BlankNode) -> usize {
        let next = self.nodes.len();
        let id = *self.id.entry(node.as_str()).or_insert(next);
        if id == next {
            self.nodes.push(node);
            self.outgoing.push(Vec::new());
            self.incoming.push(Vec::new());
            self.graph_names.push(false);
        }
        id
    }

    fn blank_id(&self, term: &Term) -> Option<usize> {
        match term {
            Term::BlankNode(node) => Some(self.id[node.as_str()]),
            _ => None,
        }
    }

    fn subject_id(&self, subject: &NamedOrBlankNode) -> Option<usize> {
        match subject {
            NamedOrBlankNode::BlankNode(node) => Some(self.id[node.as_str()]),
            _ => None,
        }
    }

    /// Groups of blank nodes linked by a quad, each as a list of node ids.
    fn groups(&self, quads: &[Quad]) -> Vec<Vec<usize>> {
        let mut parent: Vec<usize> = (0..self.nodes.len()).collect();
        fn root(parent: &mut [usize], mut node: usize) -> usize {
            while parent[node] != node {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }
            node
        }
        for quad in quads {
            let ids = [
                self.subject_id(&quad.subject),
                self.blank_id(&quad.object),
                match &quad.graph_name {
                    GraphName::BlankNode(node) => Some(self.id[node.as_str()]),
                    _ => None,
                },
            ];
            let mut ids = ids.into_iter().flatten();
            if let Some(first) = ids.next() {
                for other in ids {
                    let (a, b) = (root(&mut parent, first), root(&mut parent, other));
                    parent[a] = b;
                }
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for node in 0..self.nodes.len() {
            groups
                .entry(root(&mut parent, node))
                .or_default()
                .push(node);
        }
        groups.into_values().collect()
    }

    /// The blank parent of each node of a tree group, or None if the group is not a forest.
    fn tree_parents(
        &self,
        quads: &[Quad],
        group: &[usize],
    ) -> Option<HashMap<usize, Option<usize>>> {
        let mut parents = HashMap::with_capacity(group.len());
        for &node in group {
            if self.graph_names[node] {
                return None;
            }
            let mut subjects = self.incoming[node].iter().map(|&q| &quads[q].subject);
            let first = subjects.next();
            if let Some(first) = first {
                if subjects.any(|s| s != first) {
                    return None;
                }
            }
            parents.insert(node, first.and_then(|s| self.subject_id(s)));
        }
        // A cycle of blank nodes has no root to start from; every node of a forest is reached.
        let children = self.children(quads, group);
        let mut reached = 0;
        let mut stack: Vec<usize> = group
            .iter()
            .copied()
            .filter(|n| parents[n].is_none())
            .collect();
        while let Some(node) = stack.pop() {
            reached += 1;
            stack.extend(children.get(&node).into_iter().flatten().copied());
        }
        (reached == group.len()).then_some(parents)
    }

    /// The distinct blank children of each node of the group.
    fn children(&self, quads: &[Quad], group: &[usize]) -> HashMap<usize, Vec<usize>> {
        let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
        for &node in group {
            let mut own: Vec<usize> = self.outgoing[node]
                .iter()
                .filter_map(|&q| self.blank_id(&quads[q].object))
                .collect();
            own.sort_unstable();
            own.dedup();
            children.insert(node, own);
        }
        children
    }

    /// A canonical label for every blank node id.
    fn labels(&self, quads: &[Quad]) -> HashMap<usize, String> {
        let mut labels = HashMap::with_capacity(self.nodes.len());
        let mut forest_hashes: Vec<(u128, Vec<(usize, u128)>)> = Vec::new();
        let mut fallbacks: Vec<(u128, Vec<(usize, String)>)> = Vec::new();
        for group in self.groups(quads) {
            match self.tree_parents(quads, &group) {
                Some(parents) => forest_hashes.push(self.tree_hashes(quads, &group, &parents)),
                None => fallbacks.push(self.fallback(quads, &group)),
            }
        }
        // Twins (equal label hashes) are numbered in the depth-first order of their trees, the trees
        // taken by root hash; any order among twins gives the same output.
        forest_hashes.sort_by_key(|(root_hash, _)| *root_hash);
        let mut seen: HashMap<u128, usize> = HashMap::new();
        for (_, ordered) in forest_hashes {
            for (node, hash) in ordered {
                labels.insert(node, twin_label('b', hash, &mut seen));
            }
        }
        // Every group's own canonical labels start again at c14n0: the group's hash tells the
        // groups apart, and twin groups (equal hashes, the same statements once relabelled) are
        // numbered in any order, which gives the same output.
        fallbacks.sort_by_key(|(group_hash, _)| *group_hash);
        let mut seen: HashMap<u128, usize> = HashMap::new();
        for (group_hash, nodes) in fallbacks {
            let group = twin_label('g', group_hash, &mut seen);
            for (node, label) in nodes {
                labels.insert(node, format!("{group}_{label}"));
            }
        }
        labels
    }

    /// The canonical labels of a group that is not a tree, by oxrdf's canonicalization of the
    /// statements that hold its nodes, and a hash of those statements so relabelled.
    fn fallback(&self, quads: &[Quad], group: &[usize]) -> (u128, Vec<(usize, String)>) {
        let members: std::collections::HashSet<usize> = group.iter().copied().collect();
        let mut dataset = Dataset::new();
        for quad in quads {
            let touches = self
                .subject_id(&quad.subject)
                .is_some_and(|n| members.contains(&n))
                || self
                    .blank_id(&quad.object)
                    .is_some_and(|n| members.contains(&n))
                || matches!(&quad.graph_name, GraphName::BlankNode(b) if members.contains(&self.id[b.as_str()]));
            if touches {
                dataset.insert(quad);
            }
        }
        let mapping = dataset.canonicalize_blank_nodes(CanonicalizationAlgorithm::Unstable);
        let relabel = |node: BlankNodeRef<'_>| mapping[&node].to_string();
        let mut lines: Vec<String> = dataset
            .iter()
            .map(|quad| {
                let subject = match quad.subject {
                    NamedOrBlankNodeRef::BlankNode(node) => relabel(node),
                    other => other.to_string(),
                };
                let object = match quad.object {
                    TermRef::BlankNode(node) => relabel(node),
                    other => other.to_string(),
                };
                let graph = match quad.graph_name {
                    GraphNameRef::BlankNode(node) => relabel(node),
                    other => other.to_string(),
                };
                format!("{subject} {} {object} {graph}", quad.predicate)
            })
            .collect();
        lines.sort_unstable();
        let labels = mapping
            .iter()
            .map(|(from, to)| (self.id[from.as_str()], to.as_str().to_owned()))
            .collect();
        let mut hasher = StableHasher::new();
        hasher.add(b"group");
        lines.iter().for_each(|line| hasher.add(line.as_bytes()));
        (hasher.finish(), labels)
    }

    /// The label hash of every node of a tree, in depth-first order from its root, and the root's.
    fn tree_hashes(
        &self,
        quads: &[Quad],
        group: &[usize],
        parents: &HashMap<usize, Option<usize>>,
    ) -> (u128, Vec<(usize, u128)>) {
        let children = self.children(quads, group);
        let root = group
            .iter()
            .copied()
            .find(|node| parents[node].is_none())
            .expect("a tree has a root (checked by tree_parents)");
        // Up: children before parents, by an explicit stack (a list may be 100,000 deep).
        let mut content: HashMap<usize, u128> = HashMap::with_capacity(group.len());
        let mut stack = vec![(root, false)];
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                let hash = self.content_hash(quads, node, &content);
                content.insert(node, hash);
            } else {
                stack.push((node, true));
                stack.extend(children[&node].iter().map(|&child| (child, false)));
            }
        }
        // Down: parents before children; twins come out next to each other.
        let mut ordered = Vec::with_capacity(group.len());
        let root_hash = {
            let mut anchors: Vec<Vec<u8>> = self.incoming[root]
                .iter()
                .map(|&q| edge_key(&quads[q], Some(&quads[q].subject.to_string())))
                .collect();
            anchors.sort_unstable();
            let mut hasher = StableHasher::new();
            hasher.add(b"root");
            hasher.add(&content[&root].to_le_bytes());
            anchors.iter().for_each(|a| hasher.add(a));
            hasher.finish()
        };
        let mut stack = vec![(root, root_hash)];
        while let Some((node, hash)) = stack.pop() {
            ordered.push((node, hash));
            let mut below: Vec<(u128, usize)> = children[&node]
                .iter()
                .map(|&child| {
                    let mut edges: Vec<Vec<u8>> = self.incoming[child]
                        .iter()
                        .map(|&q| edge_key(&quads[q], None))
                        .collect();
                    edges.sort_unstable();
                    let mut hasher = StableHasher::new();
                    hasher.add(b"child");
                    hasher.add(&hash.to_le_bytes());
                    hasher.add(&content[&child].to_le_bytes());
                    edges.iter().for_each(|e| hasher.add(e));
                    (hasher.finish(), child)
                })
                .collect();
            // Reversed, so that the smallest hash is taken from the stack first.
            below.sort_unstable_by(|a, b| b.cmp(a));
            stack.extend(below.into_iter().map(|(hash, child)| (child, hash)));
        }
        (root_hash, ordered)
    }

    /// A node's statements, each blank child standing for its own content hash.
    fn content_hash(&self, quads: &[Quad], node: usize, content: &HashMap<usize, u128>) -> u128 {
        let mut entries: Vec<Vec<u8>> = self.outgoing[node]
            .iter()
            .map(|&q| {
                let quad = &quads[q];
                let object = match self.blank_id(&quad.object) {
                    Some(child) => format!("_:{:032x}", content[&child]),
                    None => quad.object.to_string(),
                };
                edge_key(quad, Some(&object))
            })
            .collect();
        entries.sort_unstable();
        let mut hasher = StableHasher::new();
        entries.iter().for_each(|e| hasher.add(e));
        hasher.finish()
    }
}

/// `b` or `g`, the hash's first 64 bits, and the number of the twin for the second and later
/// nodes or groups with this hash.
fn twin_label(kind: char, hash: u128, seen: &mut HashMap<u128, usize>) -> String {
    let twins = seen.entry(hash).or_default();
    let label = match *twins {
        0 => format!("{kind}{:016x}", hash as u64),
        n => format!("{kind}{:016x}_{n}", hash as u64),
    };
    *twins += 1;
    label
}

/// The graph and predicate of a quad, and the term at its other end when given.
fn edge_key(quad: &Quad, other_end: Option<&str>) -> Vec<u8> {
    let graph = match &quad.graph_name {
        GraphName::DefaultGraph => String::new(),
        named => named.to_string(),
    };
    let mut key = Vec::with_capacity(graph.len() + quad.predicate.as_str().len() + 64);
    for part in [
        graph.as_str(),
        quad.predicate.as_str(),
        other_end.unwrap_or(""),
    ] {
        key.extend_from_slice(&(part.len() as u64).to_le_bytes());
        key.extend_from_slice(part.as_bytes());
    }
    key
}

/// A SipHash-1-3 128-bit hasher with fixed keys: the same input hashes the same on every machine
/// and Rust version, which `std`'s hashers do not promise.
struct StableHasher(SipHasher13);

impl StableHasher {
    fn new() -> Self {
        Self(SipHasher13::new_with_keys(0x686b_6b67, 0x6361_6e6f))
    }

    /// Adds a length-prefixed byte string, so that ("ab", "c") and ("a", "bc") differ.
    fn add(&mut self, bytes: &[u8]) {
        self.0.write_u64(bytes.len() as u64);
        self.0.write(bytes);
    }

    fn finish(&self) -> u128 {
        self.0.finish128().as_u128()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    /// The quads of `text`, canonicalized, as sorted N-Quads lines.
    fn canonical_lines(text: &str) -> Vec<String> {
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::TriG)
            .rename_blank_nodes()
            .for_slice(text)
            .collect::<Result<_, _>>()
            .unwrap();
        let labels = canonical_labels(&quads);
        let relabel = |node: &BlankNode| labels[node.as_str()].clone();
        let mut lines: Vec<String> = quads
            .into_iter()
            .map(|mut quad| {
                if let NamedOrBlankNode::BlankNode(node) = &quad.subject {
                    quad.subject = relabel(node).into();
                }
                if let Term::BlankNode(node) = &quad.object {
                    quad.object = relabel(node).into();
                }
                if let GraphName::BlankNode(node) = &quad.graph_name {
                    quad.graph_name = relabel(node).into();
                }
                quad.to_string()
            })
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn the_same_graph_gets_the_same_labels_whatever_the_order() {
        let a = "@prefix ex: <http://e/> .
            ex:s ex:p [ ex:q 1 ; ex:r [ ex:q 2 ] ] , [ ex:q 1 ] .
            ex:s ex:list ( 1 1 1 ) .
            [] ex:orphan true .";
        let b = "@prefix ex: <http://e/> .
            [] ex:orphan true .
            ex:s ex:list ( 1 1 1 ) .
            ex:s ex:p [ ex:q 1 ] .
            ex:s ex:p [ ex:r [ ex:q 2 ] ; ex:q 1 ] .";
        assert_eq!(canonical_lines(a), canonical_lines(b));
        assert_eq!(canonical_lines(a).len(), 14);
    }

    #[test]
    fn groups_that_are_not_trees_fall_back_to_full_canonicalization() {
        let cycle = "@prefix ex: <http://e/> . _:a ex:p _:b . _:b ex:p _:a . ex:s ex:q _:a .";
        let relabelled = "@prefix ex: <http://e/> . ex:s ex:q _:y . _:x ex:p _:y . _:y ex:p _:x .";
        assert_eq!(canonical_lines(cycle), canonical_lines(relabelled));
        let shared = "@prefix ex: <http://e/> . ex:s ex:p _:n . ex:t ex:p _:n . _:n ex:q 1 .";
        assert_eq!(canonical_lines(shared).len(), 3);
    }

    #[test]
    fn nodes_of_different_groups_that_are_not_trees_keep_their_own_labels() {
        // Two shared nodes alike (twins) and a cycle: three groups, each labelled from c14n0.
        let a = "@prefix ex: <http://e/> .
            ex:s ex:p _:n , _:m . ex:t ex:p _:n , _:m .
            _:c1 ex:next _:c2 . _:c2 ex:next _:c1 .";
        let b = "@prefix ex: <http://e/> .
            _:x ex:next _:y . _:y ex:next _:x .
            ex:t ex:p _:j . ex:s ex:p _:k , _:j . ex:t ex:p _:k .";
        let lines = canonical_lines(a);
        assert_eq!(lines, canonical_lines(b));
        assert_eq!(lines.len(), 6, "{lines:#?}");
        let labels: std::collections::HashSet<&str> = lines
            .iter()
            .flat_map(|l| l.split_whitespace())
            .filter(|term| term.starts_with("_:"))
            .collect();
        assert_eq!(labels.len(), 4, "{labels:?}");
    }

    #[test]
    fn every_node_of_a_long_list_of_equal_items_gets_its_own_label() {
        let items = "1 ".repeat(100_000);
        let text = format!("<http://e/s> <http://e/p> ( {items}) .");
        let lines = canonical_lines(&text);
        assert_eq!(lines.len(), 200_001);
        let labels: std::collections::HashSet<&str> = lines
            .iter()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(labels.len(), 100_001, "every list node has its own label");
    }
}
