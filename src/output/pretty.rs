//! A pretty, deterministic Turtle and TriG writer. oxigraph's serializers write quads in store
//! order and declare every prefix; people review our exports in diffs, so this one writes subjects
//! grouped and sorted, rdf:type first, objects sorted, only the prefixes used, blank nodes that are
//! objects exactly once nested as `[ … ]`, and well-formed RDF lists as `( … )`. Input must already
//! have canonical blank node labels (see `export`) for the output to be the same whatever the load
//! order.
//!
//! Nesting is bounded: past [`MAX_NESTING`] levels a blank node is written by its label and its own
//! statements at the top level, so a structure nested a million deep is still written, without
//! deep recursion.

use crate::rdf::namespaces::{compact, RDF, RDFS, SKOS};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, GraphName, Literal, NamedOrBlankNode, Quad, Term};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

/// Objects of one predicate are written on one line while it stays shorter than this.
const MAX_LINE: usize = 100;
/// Deepest `[ … ]` or `( … )` nesting written; deeper blank nodes are written by label.
pub const MAX_NESTING: usize = 24;

/// Writes `quads`, sorted by [`compare_quads`], as TriG (`with_graphs`) or as Turtle (graph names
/// ignored; the caller merges).
pub fn write(quads: &[Quad], with_graphs: bool) -> String {
    let mut writer = Writer::default();
    let mut body = String::new();
    let mut start = 0;
    while start < quads.len() {
        let graph = &quads[start].graph_name;
        let end = start
            + quads[start..]
                .iter()
                .take_while(|q| &q.graph_name == graph)
                .count();
        let block = &quads[start..end];
        match graph {
            GraphName::DefaultGraph => {
                writer.write_block(block, 0, &mut body);
                body.push('\n');
            }
            named => {
                let name = match named {
                    GraphName::NamedNode(node) => writer.iri(node.as_str()),
                    GraphName::BlankNode(node) => format!("_:{}", node.as_str()),
                    GraphName::DefaultGraph => unreachable!("handled above"),
                };
                if with_graphs {
                    let _ = writeln!(body, "{name} {{");
                    writer.write_block(block, 1, &mut body);
                    body.push_str("}\n\n");
                } else {
                    writer.write_block(block, 0, &mut body);
                    body.push('\n');
                }
            }
        }
        start = end;
    }
    let mut out = String::with_capacity(body.len() + 1024);
    for (prefix, namespace) in crate::rdf::namespaces::PREFIXES {
        if writer.used_prefixes.contains(prefix) {
            let _ = writeln!(out, "@prefix {prefix}: <{namespace}> .");
        }
    }
    if !writer.used_prefixes.is_empty() {
        out.push('\n');
    }
    out.push_str(body.trim_end());
    out.push('\n');
    out
}

#[derive(Default)]
struct Writer {
    used_prefixes: BTreeSet<&'static str>,
}

/// Triples of one graph, indexed so that nested blank nodes can find their own triples.
struct Block<'a> {
    quads: &'a [Quad],
    ranges: HashMap<&'a NamedOrBlankNode, (usize, usize)>,
    nestable: HashSet<&'a BlankNode>,
}

/// Where a term is written: its indentation, and how many `[ … ]` or `( … )` enclose it.
#[derive(Clone, Copy)]
struct Place {
    depth: usize,
    nesting: usize,
}

impl<'a> Block<'a> {
    /// When `head` starts a well-formed RDF list that can be written as `( … )` — each node used
    /// once, with exactly one rdf:first and one rdf:rest, ending in rdf:nil — its items and nodes.
    fn list(
        &self,
        head: &BlankNode,
        written: &HashSet<&'a NamedOrBlankNode>,
    ) -> Option<(Vec<&'a Term>, Vec<&'a NamedOrBlankNode>)> {
        let (first, rest, nil) = (
            format!("{RDF}first"),
            format!("{RDF}rest"),
            format!("{RDF}nil"),
        );
        let mut items = Vec::new();
        let mut nodes = Vec::new();
        let mut seen: HashSet<&NamedOrBlankNode> = HashSet::new();
        let mut node = head.clone();
        loop {
            let (key, &(start, end)) = self
                .ranges
                .get_key_value(&NamedOrBlankNode::BlankNode(node.clone()))?;
            let shaped = end - start == 2
                && self.quads[start].predicate.as_str() == first
                && self.quads[start + 1].predicate.as_str() == rest;
            if !shaped
                || !self.nestable.contains(&node)
                || written.contains(key)
                || !seen.insert(*key)
            {
                return None;
            }
            items.push(&self.quads[start].object);
            nodes.push(*key);
            match &self.quads[start + 1].object {
                Term::NamedNode(end) if end.as_str() == nil => return Some((items, nodes)),
                Term::BlankNode(next) => node = next.clone(),
                _ => return None,
            }
        }
    }
}

impl Writer {
    fn write_block(&mut self, quads: &[Quad], depth: usize, out: &mut String) {
        let mut ranges: HashMap<&NamedOrBlankNode, (usize, usize)> = HashMap::new();
        let mut start = 0;
        while start < quads.len() {
            let subject = &quads[start].subject;
            let end = start
                + quads[start..]
                    .iter()
                    .take_while(|q| &q.subject == subject)
                    .count();
            ranges.insert(subject, (start, end));
            start = end;
        }
        let mut object_uses: HashMap<&BlankNode, usize> = HashMap::new();
        for quad in quads {
            if let Term::BlankNode(node) = &quad.object {
                *object_uses.entry(node).or_default() += 1;
            }
        }
        let nestable = object_uses
            .into_iter()
            .filter(|(node, uses)| {
                *uses == 1 && ranges.contains_key(&NamedOrBlankNode::BlankNode((*node).clone()))
            })
            .map(|(node, _)| node)
            .collect();
        let block = Block {
            quads,
            ranges,
            nestable,
        };
        let mut written: HashSet<&NamedOrBlankNode> = HashSet::new();
        let mut first_subject = true;
        // Subjects that are nested somewhere are written there; a cycle of nestable blank nodes has
        // no such place, so the second pass writes whatever the first one left out.
        for only_roots in [true, false] {
            let mut start = 0;
            while start < quads.len() {
                let subject = &quads[start].subject;
                let (_, end) = block.ranges[subject];
                let nested = matches!(subject, NamedOrBlankNode::BlankNode(node) if block.nestable.contains(node));
                if !written.contains(subject) && (!only_roots || !nested) {
                    if !first_subject {
                        out.push('\n');
                    }
                    first_subject = false;
                    let indent = "    ".repeat(depth);
                    let name = self.subject(subject);
                    let _ = write!(out, "{indent}{name}");
                    written.insert(subject);
                    let at = Place {
                        depth: depth + 1,
                        nesting: 0,
                    };
                    self.write_predicates(&block, start, end, at, &mut written, out);
                    out.push_str(" .\n");
                }
                start = end;
            }
        }
    }

    fn write_predicates<'a>(
        &mut self,
        block: &Block<'a>,
        start: usize,
        end: usize,
        at: Place,
        written: &mut HashSet<&'a NamedOrBlankNode>,
        out: &mut String,
    ) {
        let indent = "    ".repeat(at.depth);
        let mut index = start;
        let mut first = true;
        while index < end {
            let predicate = &block.quads[index].predicate;
            let run = block.quads[index..end]
                .iter()
                .take_while(|q| &q.predicate == predicate)
                .count();
            let verb = if predicate.as_str() == format!("{RDF}type") {
                "a".to_owned()
            } else {
                self.iri(predicate.as_str())
            };
            let objects: Vec<String> = block.quads[index..index + run]
                .iter()
                .map(|quad| self.object(block, &quad.object, at, written))
                .collect();
            out.push_str(if first { " " } else { " ;\n" });
            if !first {
                out.push_str(&indent);
            }
            first = false;
            let one_line =
                objects.iter().map(|o| o.len() + 2).sum::<usize>() + verb.len() + indent.len();
            if one_line <= MAX_LINE || objects.len() == 1 {
                let _ = write!(out, "{verb} {}", objects.join(", "));
            } else {
                let _ = write!(
                    out,
                    "{verb}\n{indent}    {}",
                    objects.join(&format!(",\n{indent}    "))
                );
            }
            index += run;
        }
    }

    fn object<'a>(
        &mut self,
        block: &Block<'a>,
        object: &'a Term,
        at: Place,
        written: &mut HashSet<&'a NamedOrBlankNode>,
    ) -> String {
        match object {
            Term::NamedNode(node) => self.iri(node.as_str()),
            Term::BlankNode(node) if at.nesting < MAX_NESTING => {
                if let Some((items, nodes)) = block.list(node, written) {
                    written.extend(nodes);
                    let inner = Place {
                        depth: at.depth,
                        nesting: at.nesting + 1,
                    };
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|item| self.object(block, item, inner, written))
                        .collect();
                    return format!("( {} )", items.join(" ")).replace("(  )", "()");
                }
                let as_subject = block
                    .ranges
                    .get_key_value(&NamedOrBlankNode::BlankNode(node.clone()))
                    .map(|(key, range)| (*key, *range));
                match as_subject {
                    Some((key, (start, end)))
                        if block.nestable.contains(node) && !written.contains(key) =>
                    {
                        written.insert(key);
                        let mut nested = String::new();
                        let inner = Place {
                            depth: at.depth + 1,
                            nesting: at.nesting + 1,
                        };
                        self.write_predicates(block, start, end, inner, written, &mut nested);
                        if nested.contains('\n') {
                            format!(
                                "[\n{}{}\n{}]",
                                "    ".repeat(at.depth + 1),
                                nested.trim_start(),
                                "    ".repeat(at.depth)
                            )
                        } else {
                            format!("[{nested} ]")
                        }
                    }
                    _ => format!("_:{}", node.as_str()),
                }
            }
            Term::BlankNode(node) => format!("_:{}", node.as_str()),
            Term::Literal(literal) => self.literal(literal),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }

    fn subject(&mut self, subject: &NamedOrBlankNode) -> String {
        match subject {
            NamedOrBlankNode::NamedNode(node) => self.iri(node.as_str()),
            NamedOrBlankNode::BlankNode(node) => format!("_:{}", node.as_str()),
            #[allow(unreachable_patterns)]
            other => other.to_string(),
        }
    }

    fn iri(&mut self, iri: &str) -> String {
        match compact(iri) {
            Some((prefix, local)) => {
                self.used_prefixes.insert(prefix);
                format!("{prefix}:{local}")
            }
            None => format!("<{iri}>"),
        }
    }

    fn literal(&mut self, literal: &Literal) -> String {
        let value = literal.value();
        if let Some(language) = literal.language() {
            return format!("{}@{language}", quoted(value));
        }
        let datatype = literal.datatype();
        let bare = (datatype == xsd::INTEGER && is_integer(value))
            || (datatype == xsd::DECIMAL && is_decimal(value))
            || (datatype == xsd::BOOLEAN && matches!(value, "true" | "false"));
        if bare {
            value.to_owned()
        } else if datatype == xsd::STRING {
            quoted(value)
        } else {
            format!("{}^^{}", quoted(value), self.iri(datatype.as_str()))
        }
    }
}

fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => {
            !fraction.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// A Turtle string literal's quoted form: quote and backslash escaped, control characters as escapes.
pub(crate) fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// rdf:type, then labels, then the other predicates by IRI. Called twice per comparison of a
/// sort, so it compares in place rather than building the IRIs it looks for.
fn predicate_rank(iri: &str) -> u8 {
    let is = |namespace: &str, local: &str| iri.strip_prefix(namespace) == Some(local);
    if is(RDF, "type") {
        0
    } else if is(RDFS, "label") {
        1
    } else if is(SKOS, "prefLabel") {
        2
    } else {
        3
    }
}

fn term_key(term: &Term) -> (u8, &str, &str, &str) {
    match term {
        Term::NamedNode(node) => (0, node.as_str(), "", ""),
        Term::BlankNode(node) => (1, node.as_str(), "", ""),
        Term::Literal(literal) => (
            2,
            literal.value(),
            literal.language().unwrap_or(""),
            literal.datatype().as_str(),
        ),
        #[allow(unreachable_patterns)]
        _ => (3, "", "", ""),
    }
}

fn subject_key(subject: &NamedOrBlankNode) -> (u8, &str) {
    match subject {
        NamedOrBlankNode::NamedNode(node) => (0, node.as_str()),
        NamedOrBlankNode::BlankNode(node) => (1, node.as_str()),
        #[allow(unreachable_patterns)]
        _ => (2, ""),
    }
}

fn graph_key(graph: &GraphName) -> (u8, &str) {
    match graph {
        GraphName::DefaultGraph => (0, ""),
        GraphName::NamedNode(node) => (1, node.as_str()),
        GraphName::BlankNode(node) => (2, node.as_str()),
    }
}

/// The order the writer reads in: graph, subject, rdf:type and labels first, then predicate, object.
pub fn compare_quads(a: &Quad, b: &Quad) -> Ordering {
    graph_key(&a.graph_name)
        .cmp(&graph_key(&b.graph_name))
        .then_with(|| subject_key(&a.subject).cmp(&subject_key(&b.subject)))
        .then_with(|| {
            predicate_rank(a.predicate.as_str()).cmp(&predicate_rank(b.predicate.as_str()))
        })
        .then_with(|| a.predicate.as_str().cmp(b.predicate.as_str()))
        .then_with(|| term_key(&a.object).cmp(&term_key(&b.object)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://w3id.org/hkkg/resource/{s}"))
    }

    #[test]
    fn writes_types_first_and_only_used_prefixes() {
        let subject = iri("qatar");
        let mut quads = vec![
            Quad::new(
                subject.clone(),
                NamedNode::new_unchecked(format!("{RDFS}label")),
                Literal::new_language_tagged_literal_unchecked("Qatar", "en"),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                subject,
                NamedNode::new_unchecked(format!("{RDF}type")),
                NamedNode::new_unchecked("https://w3id.org/hkkg/ontology#Country"),
                GraphName::DefaultGraph,
            ),
        ];
        quads.sort_by(compare_quads);
        let text = write(&quads, false);
        assert_eq!(
            text,
            "@prefix hk: <https://w3id.org/hkkg/ontology#> .\n@prefix hkr: <https://w3id.org/hkkg/resource/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\nhkr:qatar a hk:Country ;\n    rdfs:label \"Qatar\"@en .\n"
        );
    }

    #[test]
    fn nests_single_use_blank_nodes_and_survives_cycles() {
        let a = BlankNode::new_unchecked("a");
        let b = BlankNode::new_unchecked("b");
        let p = iri("p");
        let mut quads = vec![
            Quad::new(iri("s"), p.clone(), a.clone(), GraphName::DefaultGraph),
            Quad::new(
                a.clone(),
                p.clone(),
                Literal::from(1),
                GraphName::DefaultGraph,
            ),
            // b -> c -> b: a cycle with no named root must still be written.
            Quad::new(
                b.clone(),
                p.clone(),
                BlankNode::new_unchecked("c"),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                BlankNode::new_unchecked("c"),
                p.clone(),
                b.clone(),
                GraphName::DefaultGraph,
            ),
        ];
        quads.sort_by(compare_quads);
        let text = write(&quads, false);
        assert!(text.contains("hkr:s hkr:p [ hkr:p 1 ] ."), "{text}");
        assert!(text.contains("_:b"), "{text}");
        assert!(text.matches("hkr:p").count() >= 4, "{text}");
    }
}
