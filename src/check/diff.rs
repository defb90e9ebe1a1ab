//! `hkkg diff OLD NEW`: the quads removed and added between two exports or two data directories,
//! for reviewing a data change. The result is written as a readable listing grouped by graph, and
//! as a SPARQL 1.1 Update patch that turns OLD into NEW in any store.
//!
//! Blank nodes are matched canonically, one connected group of blank nodes at a time: each group
//! (blank nodes linked to each other, with every quad that touches them) is canonicalized on its
//! own and its nodes are named after a hash of that canonical form. An unchanged group gets the
//! same names on both sides and drops out of the diff; a changed group is removed and added whole,
//! which is what a patch must do since a blank node cannot be named across documents.

use crate::error::{Error, Result};
use crate::rdf::namespaces::{display_iri, display_term};
use crate::store::source::Input;
use crate::store::{read_dataset, LoadOptions};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{BlankNode, Dataset, GraphName, NamedOrBlankNode, Quad, Term};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Diff {
    /// In OLD only, sorted.
    pub removed: Vec<Quad>,
    /// In NEW only, sorted.
    pub added: Vec<Quad>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }
}

/// Reads an RDF file or a directory of RDF files (any format hkkg loads) into a dataset, literals
/// exactly as written (a change of "30"^^xsd:integer to xsd:nonNegativeInteger is a change).
pub fn read(path: &Path) -> Result<Dataset> {
    read_dataset(&LoadOptions {
        bundled: false,
        inputs: vec![Input::new(path, None)],
        // A diff compares files as they are: every graph, curated inferences included.
        inferences: true,
        ..LoadOptions::default()
    })
}

/// The quads of `old` not in `new` and the other way round, blank nodes matched canonically.
pub fn diff(old: Dataset, new: Dataset) -> Diff {
    let old = canonical_groups(old);
    let new = canonical_groups(new);
    let only = |a: &Dataset, b: &Dataset| {
        let mut quads: Vec<Quad> = a
            .iter()
            .filter(|q| !b.contains(*q))
            .map(|q| q.into_owned())
            .collect();
        quads.sort_by_cached_key(sort_key);
        quads
    };
    Diff {
        removed: only(&old, &new),
        added: only(&new, &old),
    }
}

/// The dataset with each group of connected blank nodes renamed after a hash of the group's
/// canonical form (see the module documentation).
fn canonical_groups(dataset: Dataset) -> Dataset {
    let mut plain = Dataset::new();
    let mut groups = UnionFind::default();
    let mut touching: Vec<(Quad, Vec<String>)> = Vec::new();
    for quad in dataset.iter() {
        let blanks = blank_nodes(&quad.into_owned());
        if blanks.is_empty() {
            plain.insert(quad);
            continue;
        }
        for pair in blanks.windows(2) {
            groups.union(&pair[0], &pair[1]);
        }
        touching.push((quad.into_owned(), blanks));
    }
    let mut by_group: BTreeMap<String, Dataset> = BTreeMap::new();
    for (quad, blanks) in touching {
        by_group
            .entry(groups.find(&blanks[0]))
            .or_default()
            .insert(&quad);
    }
    let mut named: Vec<(String, Vec<Quad>)> = by_group
        .into_values()
        .map(|mut group| {
            group.canonicalize(CanonicalizationAlgorithm::Unstable);
            let mut quads: Vec<Quad> = group.iter().map(|q| q.into_owned()).collect();
            quads.sort_by_cached_key(sort_key);
            let mut hasher = DefaultHasher::new();
            for quad in &quads {
                quad.to_string().hash(&mut hasher);
            }
            (format!("g{:016x}", hasher.finish()), quads)
        })
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (hash, quads) in named {
        // Identical groups (two `[ rdfs:comment "x" ]`) must stay two nodes, not merge into one.
        let copy = seen.entry(hash.clone()).or_default();
        let prefix = format!("{hash}n{copy}_");
        *copy += 1;
        let rename = |b: &BlankNode| BlankNode::new_unchecked(format!("{prefix}{}", b.as_str()));
        for mut quad in quads {
            if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
                quad.subject = rename(b).into();
            }
            if let Term::BlankNode(b) = &quad.object {
                quad.object = rename(b).into();
            }
            if let GraphName::BlankNode(b) = &quad.graph_name {
                quad.graph_name = rename(b).into();
            }
            plain.insert(&quad);
        }
    }
    plain
}

fn blank_nodes(quad: &Quad) -> Vec<String> {
    let mut blanks = Vec::new();
    if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
        blanks.push(b.as_str().to_owned());
    }
    if let Term::BlankNode(b) = &quad.object {
        blanks.push(b.as_str().to_owned());
    }
    if let GraphName::BlankNode(b) = &quad.graph_name {
        blanks.push(b.as_str().to_owned());
    }
    blanks
}

/// Groups of connected blank nodes (path halving keeps `find` near constant time).
#[derive(Default)]
struct UnionFind(HashMap<String, String>);

impl UnionFind {
    fn find(&mut self, node: &str) -> String {
        let mut current = node.to_owned();
        loop {
            let parent = self
                .0
                .get(&current)
                .cloned()
                .unwrap_or_else(|| current.clone());
            if parent == current {
                return current;
            }
            let grandparent = self
                .0
                .get(&parent)
                .cloned()
                .unwrap_or_else(|| parent.clone());
            self.0.insert(current, grandparent.clone());
            current = grandparent;
        }
    }

    fn union(&mut self, a: &str, b: &str) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0.insert(a, b);
        }
    }
}

fn sort_key(quad: &Quad) -> (String, String, String, String) {
    (
        quad.graph_name.to_string(),
        quad.subject.to_string(),
        quad.predicate.to_string(),
        quad.object.to_string(),
    )
}

/// "- " and "+ " lines grouped under each graph, terms as prefixed names, and a count.
pub fn write_listing(diff: &Diff, out: &mut dyn Write) -> Result<()> {
    let mut by_graph: BTreeMap<String, Vec<(char, &Quad)>> = BTreeMap::new();
    for (sign, quads) in [('-', &diff.removed), ('+', &diff.added)] {
        for quad in quads {
            let graph = match &quad.graph_name {
                GraphName::DefaultGraph => "default graph".to_owned(),
                GraphName::NamedNode(n) => format!("graph {}", display_iri(n.as_str())),
                GraphName::BlankNode(b) => format!("graph {b}"),
            };
            by_graph.entry(graph).or_default().push((sign, quad));
        }
    }
    let mut text = String::new();
    for (graph, mut lines) in by_graph {
        // Within a graph, a changed value shows as its removal right above its addition.
        lines.sort_by_cached_key(|(sign, q)| {
            let (_, s, p, o) = sort_key(q);
            (s, p, *sign == '+', o)
        });
        text.push_str(&format!("{graph}\n"));
        for (sign, quad) in lines {
            text.push_str(&format!(
                "  {sign} {} {} {}\n",
                display_term(quad.subject.as_ref().into()),
                display_iri(quad.predicate.as_str()),
                display_term(quad.object.as_ref())
            ));
        }
    }
    text.push_str(&format!(
        "{} removed, {} added\n",
        diff.removed.len(),
        diff.added.len()
    ));
    out.write_all(text.as_bytes()).map_err(Error::Output)
}

/// A SPARQL 1.1 Update request that turns OLD into NEW. Quads without blank nodes go into DELETE
/// DATA / INSERT DATA. SPARQL forbids blank nodes in DELETE DATA, so removed quads that have them
/// become one DELETE … WHERE whose blank nodes are variables restricted to blank nodes; the
/// pattern is their whole removed description, which is what identifies them. Added blank nodes
/// go into INSERT DATA, where they are fresh nodes, as they should be.
pub fn write_patch(diff: &Diff, out: &mut dyn Write) -> Result<()> {
    // Full IRIs, no PREFIX lines: some engines let their own prefix bindings win over the
    // request's (rdflib binds schema: to https://schema.org/).
    let mut text =
        String::from("# SPARQL 1.1 Update written by `hkkg diff`: applied to OLD it gives NEW.\n");
    let (removed_blank, removed_plain): (Vec<&Quad>, Vec<&Quad>) =
        diff.removed.iter().partition(|q| has_blank_node(q));
    let mut operations = Vec::new();
    if !removed_plain.is_empty() {
        operations.push(format!(
            "DELETE DATA {{\n{}}}",
            quad_block(&removed_plain, &mut |b| format!("_:{}", b.as_str()))
        ));
    }
    let mut removed_groups: BTreeMap<&str, Vec<&Quad>> = BTreeMap::new();
    for quad in removed_blank {
        removed_groups.entry(group_of(quad)).or_default().push(quad);
    }
    for group in removed_groups.values() {
        let mut variables: HashMap<String, String> = HashMap::new();
        let mut as_variable = |b: &BlankNode| {
            let next = variables.len();
            variables
                .entry(b.as_str().to_owned())
                .or_insert_with(|| format!("?b{next}"))
                .clone()
        };
        let pattern = quad_block(group, &mut as_variable);
        let mut names: Vec<&String> = variables.values().collect();
        names.sort();
        let filter = names
            .iter()
            .map(|v| format!("isBlank({v})"))
            .collect::<Vec<_>>()
            .join(" && ");
        operations.push(format!(
            "DELETE {{\n{pattern}}}\nWHERE {{\n{pattern}  FILTER({filter})\n}}"
        ));
    }
    if !diff.added.is_empty() {
        let added: Vec<&Quad> = diff.added.iter().collect();
        operations.push(format!(
            "INSERT DATA {{\n{}}}",
            quad_block(&added, &mut |b| format!("_:{}", b.as_str()))
        ));
    }
    text.push_str(&operations.join(" ;\n"));
    text.push('\n');
    out.write_all(text.as_bytes()).map_err(Error::Output)
}

/// The group a quad's blank nodes belong to: the part of their names before '_'.
fn group_of(quad: &Quad) -> &str {
    let name = match (&quad.subject, &quad.object, &quad.graph_name) {
        (NamedOrBlankNode::BlankNode(b), _, _)
        | (_, Term::BlankNode(b), _)
        | (_, _, GraphName::BlankNode(b)) => b.as_str(),
        _ => "",
    };
    name.split_once('_').map_or(name, |(group, _)| group)
}

fn has_blank_node(quad: &Quad) -> bool {
    quad.subject.is_blank_node()
        || matches!(quad.object, Term::BlankNode(_))
        || quad.graph_name.is_blank_node()
}

/// Triples of the default graph, then a GRAPH block per named graph; blank nodes as `blank` says.
fn quad_block(quads: &[&Quad], blank: &mut dyn FnMut(&BlankNode) -> String) -> String {
    let mut by_graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for quad in quads {
        let graph = match &quad.graph_name {
            GraphName::DefaultGraph => String::new(),
            GraphName::NamedNode(n) => n.to_string(),
            GraphName::BlankNode(b) => blank(b),
        };
        let subject = match &quad.subject {
            NamedOrBlankNode::BlankNode(b) => blank(b),
            other => other.to_string(),
        };
        let object = match &quad.object {
            Term::BlankNode(b) => blank(b),
            other => other.to_string(),
        };
        by_graph
            .entry(graph)
            .or_default()
            .push(format!("{subject} {} {object} .", quad.predicate));
    }
    let mut block = String::new();
    for (graph, triples) in by_graph {
        if graph.is_empty() {
            for triple in triples {
                block.push_str(&format!("  {triple}\n"));
            }
        } else {
            block.push_str(&format!("  GRAPH {graph} {{\n"));
            for triple in triples {
                block.push_str(&format!("    {triple}\n"));
            }
            block.push_str("  }\n");
        }
    }
    block
}
