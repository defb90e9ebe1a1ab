//! The statements of an export with each distinct term kept once and each statement as four
//! integer ids, sorted in the order a writer reads them, each statement once.
//!
//! Sorting a million decoded quads compares their strings again and again (one comparison may
//! read eight), and every decoded quad holds its own copies of its terms. Here each distinct term
//! is stored once, the distinct terms are sorted once, and a term's id is its place in that order,
//! so sorting the statements by their ids as integers gives the order of their terms. Blank nodes
//! get their canonical labels (see `canonical`) before the terms are sorted; only the statements
//! that hold a blank node, the only ones those labels depend on, are kept as quads for that.

use super::canonical::canonical_labels;
use crate::rdf::lang::canonical_case;
use crate::rdf::namespaces::{RDF, RDFS, SKOS};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term,
    TermRef,
};
use std::collections::HashMap;
use std::io::Write as _;

/// The graph id of the default graph; other graph ids are term ids.
pub const DEFAULT_GRAPH: u32 = u32::MAX;

/// A statement as the ids of its terms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Statement {
    pub subject: u32,
    pub predicate: u32,
    pub object: u32,
    /// [`DEFAULT_GRAPH`] or the id of the graph name.
    pub graph: u32,
}

/// How terms and statements are ordered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The pretty writers': by graph (the default graph first, then named graphs, then blank
    /// ones), subject, rdf:type and labels before other predicates, predicate, object; terms by
    /// kind (IRI, blank node, literal), then text (a literal by value, language, datatype).
    Pretty,
    /// The N-Quads text of each statement: its subject, predicate, object and graph name, each by
    /// its N-Triples text (kept in [`Statements::texts`]), the default graph first. A line that
    /// is a prefix of another up to a term's end continues with a space where the other has a
    /// longer term ('@', '^^', a name character), so comparing terms one by one orders the
    /// lines as their bytes; after the object, " ." (the default graph) comes before " <" and
    /// " _:".
    Text,
}

/// Texts of terms in one buffer, by id.
#[derive(Default)]
pub struct Texts {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Texts {
    /// Adds the next text, which `write` appends to the buffer.
    pub fn push(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.bytes);
        self.ends.push(self.bytes.len());
    }

    pub fn get(&self, id: u32) -> &[u8] {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.bytes[start..self.ends[id]]
    }
}

/// Statements as they arrive, terms interned.
pub struct Collector {
    /// foldhash rather than std's SipHash: hashing the terms is much of an export's time.
    ids: HashMap<Term, u32, foldhash::fast::RandomState>,
    statements: Vec<Statement>,
    /// The statements holding a blank node, as given: their canonical labels hash them so.
    blank: Vec<Quad>,
    keep_graphs: bool,
}

impl Collector {
    /// Without `keep_graphs`, every statement is taken into the default graph.
    pub fn new(keep_graphs: bool) -> Self {
        Self {
            ids: HashMap::default(),
            statements: Vec::new(),
            blank: Vec::new(),
            keep_graphs,
        }
    }

    pub fn push(&mut self, mut quad: Quad) {
        if !self.keep_graphs {
            quad.graph_name = GraphName::DefaultGraph;
        }
        if quad.subject.is_blank_node()
            || quad.object.is_blank_node()
            || quad.graph_name.is_blank_node()
        {
            self.blank.push(quad.clone());
        }
        let Quad {
            subject,
            predicate,
            object,
            graph_name,
        } = quad;
        let statement = Statement {
            subject: self.intern(subject.into()),
            predicate: self.intern(predicate.into()),
            object: self.intern(object),
            graph: match graph_name {
                GraphName::DefaultGraph => DEFAULT_GRAPH,
                GraphName::NamedNode(node) => self.intern(node.into()),
                GraphName::BlankNode(node) => self.intern(node.into()),
            },
        };
        self.statements.push(statement);
    }

    fn intern(&mut self, term: Term) -> u32 {
        // Ids stay below DEFAULT_GRAPH: 2^32 distinct terms would not fit in memory anyway.
        let next = u32::try_from(self.ids.len()).expect("fewer than 2^32 distinct terms");
        *self.ids.entry(term).or_insert(next)
    }

    /// The statements sorted by `order`, each once, with canonical blank node labels.
    pub fn finish(self, order: Order) -> Statements {
        let labels = canonical_labels(&self.blank);
        drop(self.blank);
        let mut terms: Vec<(Term, u32)> = self.ids.into_iter().collect();
        // Two literals whose language tags differ in case only become one term here.
        for (term, _) in &mut terms {
            match term {
                Term::BlankNode(node) => *term = labels[node.as_str()].clone().into(),
                Term::Literal(literal) => {
                    if let Some(canonical) = canonical_language(literal) {
                        *term = canonical.into();
                    }
                }
                _ => {}
            }
        }
        drop(labels);
        // Sorted, as (term, id) pairs, with the N-Triples text of each with Order::Text.
        let (terms, unsorted) = match order {
            Order::Pretty => {
                // Places are sorted rather than the terms themselves, which are 16 times larger.
                let mut by_key: Vec<u32> = (0..terms.len() as u32).collect();
                by_key.sort_unstable_by(|a, b| {
                    term_key(&terms[*a as usize].0).cmp(&term_key(&terms[*b as usize].0))
                });
                (permuted(terms, &by_key), None)
            }
            Order::Text => {
                let mut unsorted = Texts::default();
                for (term, _) in &terms {
                    unsorted.push(|bytes| {
                        write!(bytes, "{term}").expect("writing to memory does not fail")
                    });
                }
                let mut by_text: Vec<u32> = (0..terms.len() as u32).collect();
                by_text.sort_unstable_by(|a, b| unsorted.get(*a).cmp(unsorted.get(*b)));
                // The i-th term's text is the by_text[i]-th unsorted one.
                (permuted(terms, &by_text), Some((unsorted, by_text)))
            }
        };
        // A term's rank is its place among the distinct terms. Terms made equal above (language
        // tags in two cases) are adjacent now, and become one.
        let mut rank = vec![0u32; terms.len()];
        let mut distinct: Vec<Term> = Vec::with_capacity(terms.len());
        let mut texts = Texts::default();
        for (at, (term, id)) in terms.into_iter().enumerate() {
            if distinct.last() != Some(&term) {
                if let Some((unsorted, places)) = &unsorted {
                    texts.push(|bytes| bytes.extend_from_slice(unsorted.get(places[at])));
                }
                distinct.push(term);
            }
            rank[id as usize] = (distinct.len() - 1) as u32;
        }
        drop(unsorted);
        let terms = distinct;
        let ranked = |statement: &Statement| Statement {
            subject: rank[statement.subject as usize],
            predicate: rank[statement.predicate as usize],
            object: rank[statement.object as usize],
            graph: match statement.graph {
                DEFAULT_GRAPH => DEFAULT_GRAPH,
                graph => rank[graph as usize],
            },
        };
        let statements = match order {
            Order::Pretty => sort_pretty(&terms, self.statements.iter().map(ranked)),
            Order::Text => sort_by_key(self.statements.iter().map(ranked), text_key, from_text_key),
        };
        Statements {
            terms,
            statements,
            texts,
        }
    }
}

/// `items` in the order of `places`, a permutation of their places.
fn permuted<T>(items: Vec<T>, places: &[u32]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    places
        .iter()
        .map(|&at| {
            slots[at as usize]
                .take()
                .expect("a permutation takes each item once")
        })
        .collect()
}

/// The sorted statements and their terms.
pub struct Statements {
    /// The distinct terms in their order: a term's id is its place here.
    pub terms: Vec<Term>,
    /// Sorted, each once.
    pub statements: Vec<Statement>,
    /// With [`Order::Text`], the N-Triples text of each term; empty otherwise.
    pub texts: Texts,
}

impl Statements {
    pub fn subject(&self, id: u32) -> NamedOrBlankNodeRef<'_> {
        match &self.terms[id as usize] {
            Term::NamedNode(node) => node.as_ref().into(),
            Term::BlankNode(node) => node.as_ref().into(),
            _ => unreachable!("a subject id is the id of a subject"),
        }
    }

    pub fn predicate(&self, id: u32) -> NamedNodeRef<'_> {
        match &self.terms[id as usize] {
            Term::NamedNode(node) => node.as_ref(),
            _ => unreachable!("a predicate id is the id of an IRI"),
        }
    }

    pub fn term(&self, id: u32) -> TermRef<'_> {
        self.terms[id as usize].as_ref()
    }

    pub fn graph(&self, id: u32) -> GraphNameRef<'_> {
        match id {
            DEFAULT_GRAPH => GraphNameRef::DefaultGraph,
            id => match self.subject(id) {
                NamedOrBlankNodeRef::NamedNode(node) => node.into(),
                NamedOrBlankNodeRef::BlankNode(node) => node.into(),
            },
        }
    }

    pub fn quad(&self, statement: &Statement) -> QuadRef<'_> {
        QuadRef::new(
            self.subject(statement.subject),
            self.predicate(statement.predicate),
            self.term(statement.object),
            self.graph(statement.graph),
        )
    }
}

/// Sorts by the pretty writers' order: graph, subject, predicate as [`predicate_rank`] then id,
/// object. The predicates are numbered in their own order first, so that each key fits in 128 bits.
fn sort_pretty(terms: &[Term], statements: impl Iterator<Item = Statement>) -> Vec<Statement> {
    let statements: Vec<Statement> = statements.collect();
    let mut predicates: Vec<u32> = statements.iter().map(|s| s.predicate).collect();
    predicates.sort_unstable();
    predicates.dedup();
    let class = |id: &u32| match &terms[*id as usize] {
        Term::NamedNode(node) => predicate_rank(node.as_str()),
        _ => 3,
    };
    predicates.sort_by_key(|id| (class(id), *id));
    let mut place = vec![0u32; terms.len()];
    for (at, id) in predicates.iter().enumerate() {
        place[*id as usize] = at as u32;
    }
    let by_place = statements.into_iter().map(|s| Statement {
        predicate: place[s.predicate as usize],
        ..s
    });
    sort_by_key(by_place, pretty_key, |key| {
        let statement = from_pretty_key(key);
        Statement {
            predicate: predicates[statement.predicate as usize],
            ..statement
        }
    })
}

/// Sorts statements by a 128-bit key that orders them and holds them whole, each once.
fn sort_by_key(
    statements: impl Iterator<Item = Statement>,
    key: fn(&Statement) -> u128,
    back: impl Fn(u128) -> Statement,
) -> Vec<Statement> {
    let mut keys: Vec<u128> = statements.map(|s| key(&s)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().map(back).collect()
}

/// The default graph (u32::MAX) wraps to 0, before every graph id + 1.
fn graph_key(graph: u32) -> u128 {
    u128::from(graph.wrapping_add(1))
}

fn graph_from_key(key: u128) -> u32 {
    (key as u32).wrapping_sub(1)
}

fn pretty_key(s: &Statement) -> u128 {
    graph_key(s.graph) << 96
        | u128::from(s.subject) << 64
        | u128::from(s.predicate) << 32
        | u128::from(s.object)
}

fn from_pretty_key(key: u128) -> Statement {
    Statement {
        graph: graph_from_key(key >> 96),
        subject: (key >> 64) as u32,
        predicate: (key >> 32) as u32,
        object: key as u32,
    }
}

fn text_key(s: &Statement) -> u128 {
    u128::from(s.subject) << 96
        | u128::from(s.predicate) << 64
        | u128::from(s.object) << 32
        | graph_key(s.graph)
}

fn from_text_key(key: u128) -> Statement {
    Statement {
        subject: (key >> 96) as u32,
        predicate: (key >> 64) as u32,
        object: (key >> 32) as u32,
        graph: graph_from_key(key),
    }
}

/// rdf:type, then labels, then the other predicates by IRI.
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

/// The literal with its language tag in BCP 47's canonical case, if that is not how it is written
/// (oxigraph stores tags lowercased).
fn canonical_language(literal: &Literal) -> Option<Literal> {
    let language = literal.language()?;
    // One subtag, lowercased: as BCP 47 writes it (most tags; spares an allocation for each).
    if !language.contains('-') && !language.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let canonical = canonical_case(language);
    (canonical != language)
        .then(|| Literal::new_language_tagged_literal_unchecked(literal.value(), canonical))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hold_statements_whole_and_put_the_default_graph_first() {
        let statements = [
            Statement {
                subject: 7,
                predicate: u32::MAX - 1,
                object: 0,
                graph: DEFAULT_GRAPH,
            },
            Statement {
                subject: 0,
                predicate: 1,
                object: 2,
                graph: u32::MAX - 1,
            },
        ];
        for s in &statements {
            assert_eq!(from_pretty_key(pretty_key(s)), *s);
            assert_eq!(from_text_key(text_key(s)), *s);
        }
        assert!(pretty_key(&statements[0]) < pretty_key(&statements[1]));
        let named = Statement {
            graph: 0,
            ..statements[0]
        };
        assert!(text_key(&statements[0]) < text_key(&named));
    }
}
