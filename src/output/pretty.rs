//! A pretty, deterministic Turtle and TriG writer. oxigraph's serializers write quads in store
//! order and declare every prefix; people review our exports in diffs, so this one writes subjects
//! grouped and sorted, rdf:type first, objects sorted, only the prefixes used, and blank nodes that
//! are objects exactly once nested as `[ … ]`. Input must already have canonical blank node labels
//! (see `export`) for the output to be the same whatever the load order.

use crate::rdf::namespaces::{compact, RDF, RDFS, SKOS};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, GraphName, Literal, NamedOrBlankNode, Quad, Term};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

/// Objects of one predicate are written on one line while it stays shorter than this.
const MAX_LINE: usize = 100;

/// Writes `quads` as TriG (`with_graphs`) or as Turtle (graph names ignored; the caller merges).
pub fn write(quads: &mut [Quad], with_graphs: bool) -> String {
    quads.sort_by(compare_quads);
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
                    self.write_predicates(&block, start, end, depth + 1, &mut written, out);
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
        depth: usize,
        written: &mut HashSet<&'a NamedOrBlankNode>,
        out: &mut String,
    ) {
        let indent = "    ".repeat(depth);
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
                .map(|quad| self.object(block, &quad.object, depth, written))
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
        depth: usize,
        written: &mut HashSet<&'a NamedOrBlankNode>,
    ) -> String {
        match object {
            Term::NamedNode(node) => self.iri(node.as_str()),
            Term::BlankNode(node) => {
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
                        self.write_predicates(block, start, end, depth + 1, written, &mut nested);
                        if nested.contains('\n') {
                            format!(
                                "[\n{}{}\n{}]",
                                "    ".repeat(depth + 1),
                                nested.trim_start(),
                                "    ".repeat(depth)
                            )
                        } else {
                            format!("[{nested} ]")
                        }
                    }
                    _ => format!("_:{}", node.as_str()),
                }
            }
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
            return format!("{}@{}", quoted(value), canonical_language_case(language));
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

/// oxigraph stores language tags in lower case; BCP 47 writes scripts in title case and regions in
/// upper case ("zh-Hant", "en-GB"), which is what people expect to read.
fn canonical_language_case(tag: &str) -> String {
    tag.split('-')
        .enumerate()
        .map(|(index, part)| match (index, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 4) => {
                let mut chars = part.chars();
                let first = chars
                    .next()
                    .map(|c| c.to_ascii_uppercase())
                    .unwrap_or_default();
                std::iter::once(first)
                    .chain(chars.map(|c| c.to_ascii_lowercase()))
                    .collect()
            }
            (_, 2) => part.to_ascii_uppercase(),
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
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

fn quoted(value: &str) -> String {
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

/// rdf:type, then labels, then the other predicates by IRI.
fn predicate_rank(iri: &str) -> u8 {
    if iri == format!("{RDF}type") {
        0
    } else if iri == format!("{RDFS}label") {
        1
    } else if iri == format!("{SKOS}prefLabel") {
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

fn compare_quads(a: &Quad, b: &Quad) -> Ordering {
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
        let text = write(&mut quads, false);
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
        let text = write(&mut quads, false);
        assert!(text.contains("hkr:s hkr:p [ hkr:p 1 ] ."), "{text}");
        assert!(text.contains("_:b"), "{text}");
        assert!(text.matches("hkr:p").count() >= 4, "{text}");
    }
}
