//! What an ontology says about its terms, gathered from (subject, predicate, object) IRIs: which
//! classes and properties are declared, the class and property hierarchies (closed transitively),
//! domains, ranges and disjoint classes. `lint` reads it from streamed source files, `reason` from
//! the store; both need the same closures.

use crate::rdf::namespaces::{RDF, RDFS};
use std::collections::{HashMap, HashSet};

const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// rdf:type objects that declare a class.
pub const CLASS_TYPES: &[(&str, &str)] = &[(OWL, "Class"), (RDFS, "Class"), (RDFS, "Datatype")];
/// rdf:type objects that declare a property.
pub const PROPERTY_TYPES: &[(&str, &str)] = &[
    (RDF, "Property"),
    (OWL, "ObjectProperty"),
    (OWL, "DatatypeProperty"),
    (OWL, "AnnotationProperty"),
    (OWL, "FunctionalProperty"),
    (OWL, "InverseFunctionalProperty"),
    (OWL, "TransitiveProperty"),
    (OWL, "SymmetricProperty"),
];

#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    classes: HashSet<String>,
    properties: HashSet<String>,
    sub_class_of: HashMap<String, Vec<String>>,
    sub_property_of: HashMap<String, Vec<String>>,
    domains: HashMap<String, Vec<String>>,
    ranges: HashMap<String, Vec<String>>,
    disjoint: HashSet<(String, String)>,
}

fn is(iri: &str, namespace: &str, local: &str) -> bool {
    iri.len() == namespace.len() + local.len() && iri.starts_with(namespace) && iri.ends_with(local)
}

impl Vocabulary {
    /// Takes note of one triple whose object is an IRI; triples that say nothing about terms are
    /// ignored, so every triple of a file can be fed in.
    pub fn observe(&mut self, subject: &str, predicate: &str, object: &str) {
        let Some(local) = predicate.strip_prefix(RDFS).or_else(|| {
            predicate
                .strip_prefix(RDF)
                .or_else(|| predicate.strip_prefix(OWL))
        }) else {
            return;
        };
        let push = |map: &mut HashMap<String, Vec<String>>| {
            let values = map.entry(subject.to_owned()).or_default();
            if !values.iter().any(|v| v == object) {
                values.push(object.to_owned());
            }
        };
        match local {
            "type" if CLASS_TYPES.iter().any(|(ns, l)| is(object, ns, l)) => {
                self.classes.insert(subject.to_owned());
            }
            "type" if PROPERTY_TYPES.iter().any(|(ns, l)| is(object, ns, l)) => {
                self.properties.insert(subject.to_owned());
            }
            "subClassOf" => push(&mut self.sub_class_of),
            "subPropertyOf" => push(&mut self.sub_property_of),
            "domain" => push(&mut self.domains),
            "range" => push(&mut self.ranges),
            "disjointWith" => {
                self.disjoint
                    .insert((subject.to_owned(), object.to_owned()));
                self.disjoint
                    .insert((object.to_owned(), subject.to_owned()));
            }
            _ => {}
        }
    }

    pub fn is_class(&self, iri: &str) -> bool {
        self.classes.contains(iri)
    }

    pub fn is_property(&self, iri: &str) -> bool {
        self.properties.contains(iri)
    }

    /// The declared classes within `namespace`.
    pub fn classes_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a str> {
        self.classes
            .iter()
            .filter(move |c| c.starts_with(namespace))
            .map(String::as_str)
    }

    /// The declared properties within `namespace`.
    pub fn properties_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a str> {
        self.properties
            .iter()
            .filter(move |c| c.starts_with(namespace))
            .map(String::as_str)
    }

    pub fn are_disjoint(&self, a: &str, b: &str) -> bool {
        self.disjoint.contains(&(a.to_owned(), b.to_owned()))
    }

    pub fn has_disjointness(&self) -> bool {
        !self.disjoint.is_empty()
    }

    pub fn domains(&self, property: &str) -> &[String] {
        self.domains.get(property).map_or(&[], Vec::as_slice)
    }

    pub fn ranges(&self, property: &str) -> &[String] {
        self.ranges.get(property).map_or(&[], Vec::as_slice)
    }

    /// Every class's strict superclasses, transitively (rdfs11).
    pub fn superclasses(&self) -> Closure {
        Closure::of(&self.sub_class_of)
    }

    /// Every property's strict super-properties, transitively (rdfs5).
    pub fn superproperties(&self) -> Closure {
        Closure::of(&self.sub_property_of)
    }
}

/// The transitive closure of a hierarchy: for each node, all nodes above it (not itself, unless a
/// cycle leads back to it).
#[derive(Debug, Default)]
pub struct Closure(HashMap<String, Vec<String>>);

impl Closure {
    fn of(direct: &HashMap<String, Vec<String>>) -> Self {
        let mut closed = HashMap::with_capacity(direct.len());
        for start in direct.keys() {
            // A depth-first walk per node: hierarchies are small and shallow, and the visited set
            // makes cycles (A ⊑ B ⊑ A, which RDFS allows) terminate.
            let mut seen: HashSet<&str> = HashSet::new();
            let mut stack: Vec<&str> = direct[start].iter().map(String::as_str).collect();
            let mut above = Vec::new();
            while let Some(node) = stack.pop() {
                if seen.insert(node) {
                    above.push(node.to_owned());
                    if let Some(next) = direct.get(node) {
                        stack.extend(next.iter().map(String::as_str));
                    }
                }
            }
            above.sort();
            closed.insert(start.clone(), above);
        }
        Self(closed)
    }

    /// The nodes above `node`.
    pub fn above(&self, node: &str) -> &[String] {
        self.0.get(node).map_or(&[], Vec::as_slice)
    }

    /// Every (node, ancestor) pair.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .flat_map(|(node, above)| above.iter().map(move |a| (node.as_str(), a.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_hierarchies_transitively_and_survives_cycles() {
        let mut v = Vocabulary::default();
        let sub = format!("{RDFS}subClassOf");
        v.observe("ex:A", &sub, "ex:B");
        v.observe("ex:B", &sub, "ex:C");
        v.observe("ex:C", &sub, "ex:A");
        let closure = v.superclasses();
        assert_eq!(closure.above("ex:A"), ["ex:A", "ex:B", "ex:C"]);
        assert!(closure.above("ex:D").is_empty());
    }

    #[test]
    fn records_declarations_and_symmetric_disjointness() {
        let mut v = Vocabulary::default();
        v.observe("ex:C", &format!("{RDF}type"), &format!("{OWL}Class"));
        v.observe(
            "ex:p",
            &format!("{RDF}type"),
            &format!("{OWL}ObjectProperty"),
        );
        v.observe("ex:C", &format!("{OWL}disjointWith"), "ex:D");
        assert!(v.is_class("ex:C") && !v.is_class("ex:p"));
        assert!(v.is_property("ex:p"));
        assert!(v.are_disjoint("ex:D", "ex:C"));
    }
}
