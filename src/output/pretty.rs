//! A pretty, deterministic Turtle and TriG writer. oxigraph's serializers write quads in store
//! order and declare every prefix; people review our exports in diffs, so this one writes subjects
//! grouped and sorted, rdf:type first, objects sorted, only the prefixes used, blank nodes that are
//! objects exactly once nested as `[ … ]`, and well-formed RDF lists as `( … )`. It reads the
//! statements `ordered` sorted, with canonical blank node labels, so that the output is the same
//! whatever the load order; each term's text is made once and copied where the term is written.
//!
//! Nesting is bounded: past [`MAX_NESTING`] levels a blank node is written by its label and its own
//! statements at the top level, so a structure nested a million deep is still written, without
//! deep recursion.

use super::ordered::{Statement, Statements, Texts, DEFAULT_GRAPH};
use crate::rdf::namespaces::{compact, PREFIXES, RDF};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, Term};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Objects of one predicate are written on one line while it stays shorter than this.
const MAX_LINE: usize = 100;
/// Deepest `[ … ]` or `( … )` nesting written; deeper blank nodes are written by label.
pub const MAX_NESTING: usize = 24;
/// No prefix: a term written in full.
const NO_PREFIX: u8 = u8::MAX;

/// Writes `statements`, sorted by [`super::ordered::Order::Pretty`], as TriG (`with_graphs`) or as
/// Turtle (graph names ignored; the caller merges). The body is written to memory first: the
/// prefixes it uses come before it.
pub fn write(statements: &Statements, with_graphs: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = Writer::new(statements);
    let mut body = Vec::new();
    let quads = &statements.statements;
    let mut start = 0;
    while start < quads.len() {
        let graph = quads[start].graph;
        let end = start
            + quads[start..]
                .iter()
                .take_while(|q| q.graph == graph)
                .count();
        let block = &quads[start..end];
        if graph == DEFAULT_GRAPH {
            writer.write_block(block, 0, &mut body);
            body.push(b'\n');
        } else {
            let mut name = Vec::new();
            writer.put(graph, &mut name);
            if with_graphs {
                body.extend_from_slice(&name);
                body.extend_from_slice(b" {\n");
                writer.write_block(block, 1, &mut body);
                body.extend_from_slice(b"}\n\n");
            } else {
                writer.write_block(block, 0, &mut body);
                body.push(b'\n');
            }
        }
        start = end;
    }
    let mut head = String::new();
    for (used, (prefix, namespace)) in writer.used_prefixes.iter().zip(PREFIXES) {
        if *used {
            let _ = writeln!(head, "@prefix {prefix}: <{namespace}> .");
        }
    }
    if writer.used_prefixes.contains(&true) {
        head.push('\n');
    }
    // Every block ends in a '.' or '}' and newlines; one newline ends the document.
    while body.last().is_some_and(u8::is_ascii_whitespace) {
        body.pop();
    }
    body.push(b'\n');
    out.write_all(head.as_bytes())?;
    out.write_all(&body)
}

/// The statements and the Turtle text of each term, written once, with the prefix it uses.
struct Writer {
    /// Whether each term is a blank node.
    blank: Vec<bool>,
    texts: Texts,
    /// The place in PREFIXES of the prefix each term's text uses, or NO_PREFIX.
    prefixes: Vec<u8>,
    used_prefixes: Vec<bool>,
    rdf_type: Option<u32>,
    rdf_first: Option<u32>,
    rdf_rest: Option<u32>,
    rdf_nil: Option<u32>,
    /// Buffers for the objects of a predicate, one per nesting level in use.
    buffers: Vec<Objects>,
}

/// The objects of one predicate, written one after another.
#[derive(Default)]
struct Objects {
    text: Vec<u8>,
    ends: Vec<usize>,
}

/// Triples of one graph, indexed so that nested blank nodes can find their own triples.
struct Block<'s> {
    quads: &'s [Statement],
    /// Where the triples of each blank subject are.
    ranges: HashMap<u32, (usize, usize)>,
    /// Blank nodes that are the object of one triple and the subject of some.
    nestable: HashSet<u32>,
}

/// Where a term is written: its indentation, and how many `[ … ]` or `( … )` enclose it.
#[derive(Clone, Copy)]
struct Place {
    depth: usize,
    nesting: usize,
}

fn indent(out: &mut Vec<u8>, depth: usize) {
    out.resize(out.len() + 4 * depth, b' ');
}

impl Writer {
    fn new(statements: &Statements) -> Self {
        let mut writer = Self {
            blank: Vec::with_capacity(statements.terms.len()),
            texts: Texts::default(),
            prefixes: Vec::with_capacity(statements.terms.len()),
            used_prefixes: vec![false; PREFIXES.len()],
            rdf_type: None,
            rdf_first: None,
            rdf_rest: None,
            rdf_nil: None,
            buffers: Vec::new(),
        };
        for (id, term) in statements.terms.iter().enumerate() {
            let mut prefix = NO_PREFIX;
            writer.texts.push(|text| prefix = turtle(term, text));
            writer.prefixes.push(prefix);
            writer.blank.push(matches!(term, Term::BlankNode(_)));
            if let Term::NamedNode(node) = term {
                let slot = match node.as_str().strip_prefix(RDF) {
                    Some("type") => &mut writer.rdf_type,
                    Some("first") => &mut writer.rdf_first,
                    Some("rest") => &mut writer.rdf_rest,
                    Some("nil") => &mut writer.rdf_nil,
                    _ => continue,
                };
                *slot = Some(id as u32);
            }
        }
        writer
    }

    /// Writes a term's text and counts its prefix as used.
    fn put(&mut self, id: u32, out: &mut Vec<u8>) {
        let prefix = self.prefixes[id as usize];
        if prefix != NO_PREFIX {
            self.used_prefixes[usize::from(prefix)] = true;
        }
        out.extend_from_slice(self.texts.get(id));
    }

    fn is_blank(&self, id: u32) -> bool {
        self.blank[id as usize]
    }

    /// When `head` starts a well-formed RDF list that can be written as `( … )` — each node used
    /// once, with exactly one rdf:first and one rdf:rest, ending in rdf:nil — its items and nodes.
    fn list(
        &self,
        block: &Block<'_>,
        head: u32,
        written: &HashSet<u32>,
    ) -> Option<(Vec<u32>, Vec<u32>)> {
        let (first, rest, nil) = (self.rdf_first?, self.rdf_rest?, self.rdf_nil?);
        let mut items = Vec::new();
        let mut nodes = Vec::new();
        let mut seen = HashSet::new();
        let mut node = head;
        loop {
            let &(start, end) = block.ranges.get(&node)?;
            let shaped = end - start == 2
                && block.quads[start].predicate == first
                && block.quads[start + 1].predicate == rest;
            if !shaped
                || !block.nestable.contains(&node)
                || written.contains(&node)
                || !seen.insert(node)
            {
                return None;
            }
            items.push(block.quads[start].object);
            nodes.push(node);
            match block.quads[start + 1].object {
                end if end == nil => return Some((items, nodes)),
                next if self.is_blank(next) => node = next,
                _ => return None,
            }
        }
    }

    fn write_block(&mut self, quads: &[Statement], depth: usize, out: &mut Vec<u8>) {
        let mut ranges = HashMap::new();
        let mut start = 0;
        while start < quads.len() {
            let subject = quads[start].subject;
            let end = start
                + quads[start..]
                    .iter()
                    .take_while(|q| q.subject == subject)
                    .count();
            if self.is_blank(subject) {
                ranges.insert(subject, (start, end));
            }
            start = end;
        }
        let mut object_uses: HashMap<u32, usize> = HashMap::new();
        for quad in quads {
            if self.is_blank(quad.object) {
                *object_uses.entry(quad.object).or_default() += 1;
            }
        }
        let nestable = object_uses
            .into_iter()
            .filter(|(node, uses)| *uses == 1 && ranges.contains_key(node))
            .map(|(node, _)| node)
            .collect();
        let block = Block {
            quads,
            ranges,
            nestable,
        };
        // Blank subjects written so far; an IRI subject is written once, by the first pass.
        let mut written: HashSet<u32> = HashSet::new();
        let mut first_subject = true;
        // Subjects that are nested somewhere are written there; a cycle of nestable blank nodes has
        // no such place, so the second pass writes whatever blank subject the first one left out.
        for only_roots in [true, false] {
            if !only_roots && block.ranges.is_empty() {
                break;
            }
            let mut start = 0;
            while start < quads.len() {
                let subject = quads[start].subject;
                let blank = self.is_blank(subject);
                let end = match block.ranges.get(&subject) {
                    Some(&(_, end)) => end,
                    None => {
                        start
                            + quads[start..]
                                .iter()
                                .take_while(|q| q.subject == subject)
                                .count()
                    }
                };
                let done = if blank {
                    written.contains(&subject)
                } else {
                    !only_roots
                };
                let nested = blank && block.nestable.contains(&subject);
                if !done && (!only_roots || !nested) {
                    if !first_subject {
                        out.push(b'\n');
                    }
                    first_subject = false;
                    indent(out, depth);
                    self.put(subject, out);
                    if blank {
                        written.insert(subject);
                    }
                    let at = Place {
                        depth: depth + 1,
                        nesting: 0,
                    };
                    self.write_predicates(&block, start, end, at, &mut written, out);
                    out.extend_from_slice(b" .\n");
                }
                start = end;
            }
        }
    }

    fn write_predicates(
        &mut self,
        block: &Block<'_>,
        start: usize,
        end: usize,
        at: Place,
        written: &mut HashSet<u32>,
        out: &mut Vec<u8>,
    ) {
        let mut objects = self.buffers.pop().unwrap_or_default();
        let mut index = start;
        let mut first = true;
        while index < end {
            let predicate = block.quads[index].predicate;
            let run = block.quads[index..end]
                .iter()
                .take_while(|q| q.predicate == predicate)
                .count();
            objects.text.clear();
            objects.ends.clear();
            for quad in &block.quads[index..index + run] {
                self.object(block, quad.object, at, written, &mut objects.text);
                objects.ends.push(objects.text.len());
            }
            if first {
                out.push(b' ');
            } else {
                out.extend_from_slice(b" ;\n");
                indent(out, at.depth);
            }
            first = false;
            let verb_len = if Some(predicate) == self.rdf_type {
                1
            } else {
                self.texts.get(predicate).len()
            };
            let count = objects.ends.len();
            let one_line = objects.text.len() + 2 * count + verb_len + 4 * at.depth;
            if Some(predicate) == self.rdf_type {
                out.push(b'a');
            } else {
                self.put(predicate, out);
            }
            let wrapped = one_line > MAX_LINE && count > 1;
            if wrapped {
                out.push(b'\n');
                indent(out, at.depth + 1);
            } else {
                out.push(b' ');
            }
            let mut from = 0;
            for (n, &to) in objects.ends.iter().enumerate() {
                if n > 0 {
                    if wrapped {
                        out.extend_from_slice(b",\n");
                        indent(out, at.depth + 1);
                    } else {
                        out.extend_from_slice(b", ");
                    }
                }
                out.extend_from_slice(&objects.text[from..to]);
                from = to;
            }
            index += run;
        }
        self.buffers.push(objects);
    }

    fn object(
        &mut self,
        block: &Block<'_>,
        object: u32,
        at: Place,
        written: &mut HashSet<u32>,
        out: &mut Vec<u8>,
    ) {
        if !self.is_blank(object) || at.nesting >= MAX_NESTING {
            return self.put(object, out);
        }
        if let Some((items, nodes)) = self.list(block, object, written) {
            written.extend(nodes);
            let inner = Place {
                depth: at.depth,
                nesting: at.nesting + 1,
            };
            out.extend_from_slice(b"( ");
            for (n, item) in items.into_iter().enumerate() {
                if n > 0 {
                    out.push(b' ');
                }
                self.object(block, item, inner, written, out);
            }
            out.extend_from_slice(b" )");
            return;
        }
        match block.ranges.get(&object) {
            Some(&(start, end))
                if block.nestable.contains(&object) && !written.contains(&object) =>
            {
                written.insert(object);
                let mut nested = Vec::new();
                let inner = Place {
                    depth: at.depth + 1,
                    nesting: at.nesting + 1,
                };
                self.write_predicates(block, start, end, inner, written, &mut nested);
                if nested.contains(&b'\n') {
                    out.extend_from_slice(b"[\n");
                    indent(out, at.depth + 1);
                    let text = nested.trim_ascii_start();
                    out.extend_from_slice(text);
                    out.push(b'\n');
                    indent(out, at.depth);
                    out.push(b']');
                } else {
                    out.push(b'[');
                    out.extend_from_slice(&nested);
                    out.extend_from_slice(b" ]");
                }
            }
            _ => self.put(object, out),
        }
    }
}

/// Writes a term as Turtle writes it, with prefixed names where they are safe; returns the place
/// in PREFIXES of the prefix used, or NO_PREFIX.
fn turtle(term: &Term, out: &mut Vec<u8>) -> u8 {
    match term {
        Term::NamedNode(node) => iri(node.as_str(), out),
        Term::BlankNode(node) => {
            out.extend_from_slice(b"_:");
            out.extend_from_slice(node.as_str().as_bytes());
            NO_PREFIX
        }
        Term::Literal(literal) => self::literal(literal, out),
        #[allow(unreachable_patterns)]
        other => {
            out.extend_from_slice(other.to_string().as_bytes());
            NO_PREFIX
        }
    }
}

fn iri(iri: &str, out: &mut Vec<u8>) -> u8 {
    match compact(iri) {
        Some((prefix, local)) => {
            out.extend_from_slice(prefix.as_bytes());
            out.push(b':');
            out.extend_from_slice(local.as_bytes());
            PREFIXES
                .iter()
                .position(|(known, _)| *known == prefix)
                .map_or(NO_PREFIX, |at| at as u8)
        }
        None => {
            out.push(b'<');
            out.extend_from_slice(iri.as_bytes());
            out.push(b'>');
            NO_PREFIX
        }
    }
}

fn literal(literal: &Literal, out: &mut Vec<u8>) -> u8 {
    let value = literal.value();
    if let Some(language) = literal.language() {
        out.extend_from_slice(quoted(value).as_bytes());
        out.push(b'@');
        out.extend_from_slice(language.as_bytes());
        return NO_PREFIX;
    }
    let datatype = literal.datatype();
    let bare = (datatype == xsd::INTEGER && is_integer(value))
        || (datatype == xsd::DECIMAL && is_decimal(value))
        || (datatype == xsd::BOOLEAN && matches!(value, "true" | "false"));
    if bare {
        out.extend_from_slice(value.as_bytes());
        NO_PREFIX
    } else if datatype == xsd::STRING {
        out.extend_from_slice(quoted(value).as_bytes());
        NO_PREFIX
    } else {
        out.extend_from_slice(quoted(value).as_bytes());
        out.extend_from_slice(b"^^");
        iri(datatype.as_str(), out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ordered::{Collector, Order};
    use crate::rdf::namespaces::RDFS;
    use oxigraph::model::{BlankNode, GraphName, NamedNode, Quad};

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://w3id.org/hkkg/resource/{s}"))
    }

    fn turtle(quads: Vec<Quad>) -> String {
        let mut collector = Collector::new(false);
        quads.into_iter().for_each(|quad| collector.push(quad));
        let mut out = Vec::new();
        write(&collector.finish(Order::Pretty), false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_types_first_and_only_used_prefixes() {
        let subject = iri("qatar");
        let quads = vec![
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
        assert_eq!(
            turtle(quads),
            "@prefix hk: <https://w3id.org/hkkg/ontology#> .\n@prefix hkr: <https://w3id.org/hkkg/resource/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\nhkr:qatar a hk:Country ;\n    rdfs:label \"Qatar\"@en .\n"
        );
    }

    #[test]
    fn nests_single_use_blank_nodes_and_survives_cycles() {
        let a = BlankNode::new_unchecked("a");
        let b = BlankNode::new_unchecked("b");
        let p = iri("p");
        let quads = vec![
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
        let text = turtle(quads);
        assert!(text.contains("hkr:s hkr:p [ hkr:p 1 ] ."), "{text}");
        assert!(text.contains("_:"), "{text}");
        assert!(text.matches("hkr:p").count() >= 4, "{text}");
    }

    #[test]
    fn lists_are_written_as_their_items() {
        let first = NamedNode::new_unchecked(format!("{RDF}first"));
        let rest = NamedNode::new_unchecked(format!("{RDF}rest"));
        let nil = NamedNode::new_unchecked(format!("{RDF}nil"));
        let (one, two) = (
            BlankNode::new_unchecked("one"),
            BlankNode::new_unchecked("two"),
        );
        let quads = vec![
            Quad::new(iri("s"), iri("p"), one.clone(), GraphName::DefaultGraph),
            Quad::new(
                one.clone(),
                first.clone(),
                Literal::new_simple_literal("a(  )b"),
                GraphName::DefaultGraph,
            ),
            Quad::new(one, rest.clone(), two.clone(), GraphName::DefaultGraph),
            Quad::new(two.clone(), first, iri("x"), GraphName::DefaultGraph),
            Quad::new(two, rest, nil, GraphName::DefaultGraph),
        ];
        assert_eq!(
            turtle(quads),
            "@prefix hkr: <https://w3id.org/hkkg/resource/> .\n\nhkr:s hkr:p ( \"a(  )b\" hkr:x ) .\n"
        );
    }
}
