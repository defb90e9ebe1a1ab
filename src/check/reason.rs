//! RDFS inference: writes what the asserted triples entail under rdfs:subClassOf,
//! rdfs:subPropertyOf, rdfs:domain and rdfs:range (rules rdfs2, 3, 5, 7, 9, 11) into the named graph
//! `hkg:inferred`, so that an export keeps entailed triples apart from asserted ones (TriG/N-Quads
//! write that graph separately), and, like every named graph (see `store`), into the merged default
//! graph, so that asking for every schema:Event returns each visit. A query that wants asserted
//! facts only can ask `GRAPH ?g { … } FILTER(?g != hkg:inferred)`. Axiomatic triples and the trivial
//! rdfs:Resource typings (rdfs4, 6, 8, 10) are left out: they say nothing about Hong Kong.
//!
//! One pass over the asserted triples is enough: the class and property hierarchies are closed
//! transitively first, so each triple's entailments are read off directly, and an entailed triple
//! has no further consequence that the closures have not already produced (its predicate is
//! rdf:type, whose consequences are superclasses, or a super-property, whose own super-properties,
//! domains and ranges were already applied). Cost: O(asserted + entailed), plus one index lookup
//! per candidate to skip what is already asserted.

use crate::error::Result;
use crate::rdf::namespaces::{HKG, RDF, RDFS};
use crate::rdf::vocabulary::Vocabulary;
use crate::store::KnowledgeGraph;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use std::collections::HashSet;

/// The inference regimes `--reason` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reasoning {
    /// subClassOf, subPropertyOf, domain and range.
    Rdfs,
}

crate::keywords!(Reasoning, "reasoning regime", [
    Rdfs "rdfs": "rdfs:subClassOf, subPropertyOf, domain and range",
]);

/// The named graph that holds entailed triples.
pub fn inferred_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}inferred"))
}

/// Adds the entailments of everything in the store to `hkg:inferred` (and, when the default graph
/// is the merge, its copy to the default graph) and returns how many triples were entailed. Running
/// it again adds nothing.
pub fn materialize(graph: &KnowledgeGraph, reasoning: Reasoning) -> Result<usize> {
    let Reasoning::Rdfs = reasoning;
    let store = graph.store();
    let inferred = inferred_graph();
    let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));

    let mut vocabulary = Vocabulary::default();
    for local in ["subClassOf", "subPropertyOf", "domain", "range"] {
        let predicate = NamedNode::new_unchecked(format!("{RDFS}{local}"));
        for quad in store.quads_for_pattern(None, Some(predicate.as_ref()), None, None) {
            let quad = quad?;
            if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) =
                (&quad.subject, &quad.object)
            {
                vocabulary.observe(s.as_str(), predicate.as_str(), o.as_str());
            }
        }
    }
    let superclasses = vocabulary.superclasses();
    let superproperties = vocabulary.superproperties();

    let mut entailed: HashSet<Triple> = HashSet::new();
    let mut emit = |triple: Triple| {
        entailed.insert(triple);
    };
    for (local, closure) in [
        ("subClassOf", &superclasses),
        ("subPropertyOf", &superproperties),
    ] {
        let predicate = NamedNode::new_unchecked(format!("{RDFS}{local}"));
        for (below, above) in closure.pairs() {
            emit(Triple::new(
                NamedNode::new_unchecked(below),
                predicate.clone(),
                NamedNode::new_unchecked(above),
            ));
        }
    }
    let typed = |node: NamedOrBlankNode, class: &str, emit: &mut dyn FnMut(Triple)| {
        emit(Triple::new(
            node.clone(),
            rdf_type.clone(),
            NamedNode::new_unchecked(class),
        ));
        for above in superclasses.above(class) {
            emit(Triple::new(
                node.clone(),
                rdf_type.clone(),
                NamedNode::new_unchecked(above.as_str()),
            ));
        }
    };
    // The merged default graph holds each asserted fact once; without the merge every graph is
    // read (a fact stated twice entails the same triples twice, which `entailed` keeps once).
    let asserted_in = graph.is_merged().then_some(GraphNameRef::DefaultGraph);
    for quad in store.quads_for_pattern(None, None, None, asserted_in) {
        let quad = quad?;
        let predicate = quad.predicate.as_str();
        let properties = std::iter::once(predicate)
            .chain(superproperties.above(predicate).iter().map(String::as_str));
        for (index, property) in properties.enumerate() {
            if index > 0 {
                emit(Triple::new(
                    quad.subject.clone(),
                    NamedNode::new_unchecked(property),
                    quad.object.clone(),
                ));
            }
            for class in vocabulary.domains(property) {
                typed(quad.subject.clone(), class, &mut emit);
            }
            let object_node = match &quad.object {
                Term::NamedNode(n) => Some(NamedOrBlankNode::from(n.clone())),
                Term::BlankNode(b) => Some(NamedOrBlankNode::from(b.clone())),
                _ => None,
            };
            if let Some(object) = object_node {
                for class in vocabulary.ranges(property) {
                    typed(object.clone(), class, &mut emit);
                }
            }
        }
        if quad.predicate == rdf_type {
            if let Term::NamedNode(class) = &quad.object {
                for above in superclasses.above(class.as_str()) {
                    emit(Triple::new(
                        quad.subject.clone(),
                        rdf_type.clone(),
                        NamedNode::new_unchecked(above.as_str()),
                    ));
                }
            }
        }
    }

    let mut new_quads = Vec::new();
    let mut added = 0;
    for triple in entailed {
        let asserted = store
            .quads_for_pattern(
                Some(triple.subject.as_ref()),
                Some(triple.predicate.as_ref()),
                Some(triple.object.as_ref()),
                None::<GraphNameRef<'_>>,
            )
            .next()
            .transpose()?
            .is_some();
        if !asserted {
            added += 1;
            new_quads.push(Quad::new(
                triple.subject.clone(),
                triple.predicate.clone(),
                triple.object.clone(),
                inferred.clone(),
            ));
            if graph.is_merged() {
                new_quads.push(triple.in_graph(GraphName::DefaultGraph));
            }
        }
    }

    let mut loader = store.bulk_loader();
    loader.load_quads(new_quads)?;
    loader.commit()?;
    Ok(added)
}
