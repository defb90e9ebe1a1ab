//! The data graph: the union of a dataset's graphs, read through the dataset's own indexes rather
//! than copied into a `Graph` (a million-triple copy cost more than the validation itself).
//!
//! A triple stated in several graphs comes back once: the dataset orders quads by subject,
//! predicate and object before the graph name, so copies are adjacent and dropped as they come.

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{Dataset, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use std::collections::{HashMap, HashSet};

/// The subject form of a term, when it has one.
pub fn as_subject(term: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

pub struct Data<'a> {
    dataset: &'a Dataset,
    /// Each class met so far with itself and its superclasses (rdfs:subClassOf*).
    superclasses: HashMap<TermRef<'a>, HashSet<TermRef<'a>>>,
}

impl<'a> Data<'a> {
    pub fn new(dataset: &'a Dataset) -> Self {
        Self {
            dataset,
            superclasses: HashMap::new(),
        }
    }

    pub fn dataset(&self) -> &'a Dataset {
        self.dataset
    }

    /// The objects of `subject`'s `predicate` triples.
    pub fn objects<'b>(
        &self,
        subject: TermRef<'b>,
        predicate: NamedNodeRef<'b>,
    ) -> impl Iterator<Item = TermRef<'a>> + 'b
    where
        'a: 'b,
    {
        self.outgoing(subject)
            .filter(move |(p, _)| *p == predicate)
            .map(|(_, o)| o)
    }

    /// The (predicate, object) pairs of `subject`'s triples.
    pub fn outgoing<'b>(
        &self,
        subject: TermRef<'b>,
    ) -> impl Iterator<Item = (NamedNodeRef<'a>, TermRef<'a>)> + 'b
    where
        'a: 'b,
    {
        let dataset = self.dataset;
        let quads = as_subject(subject)
            .into_iter()
            .flat_map(move |s| dataset.quads_for_subject(s));
        distinct(quads).map(|q| (q.predicate, q.object))
    }

    /// The subjects of the `predicate` triples whose object is `object`.
    pub fn subjects<'b>(
        &self,
        predicate: NamedNodeRef<'b>,
        object: TermRef<'b>,
    ) -> impl Iterator<Item = TermRef<'a>> + 'b
    where
        'a: 'b,
    {
        distinct(self.dataset.quads_for_object(object))
            .filter(move |q| q.predicate == predicate)
            .map(|q| q.subject.into())
    }

    /// The subjects of `predicate` triples (sh:targetSubjectsOf), possibly repeated.
    pub fn subjects_of<'b>(
        &self,
        predicate: NamedNodeRef<'b>,
    ) -> impl Iterator<Item = TermRef<'a>> + 'b
    where
        'a: 'b,
    {
        self.dataset
            .quads_for_predicate(predicate)
            .map(|q| q.subject.into())
    }

    /// The objects of `predicate` triples (sh:targetObjectsOf), possibly repeated.
    pub fn objects_of<'b>(
        &self,
        predicate: NamedNodeRef<'b>,
    ) -> impl Iterator<Item = TermRef<'a>> + 'b
    where
        'a: 'b,
    {
        self.dataset
            .quads_for_predicate(predicate)
            .map(|q| q.object)
    }

    /// The SHACL instances of `class`: nodes with an rdf:type that is `class` or a subclass of it.
    pub fn instances(&self, class: TermRef<'a>) -> Vec<TermRef<'a>> {
        let mut classes = vec![class];
        let mut seen = HashSet::from([class]);
        let mut index = 0;
        while let Some(current) = classes.get(index).copied() {
            index += 1;
            for sub in self.subjects(rdfs::SUB_CLASS_OF, current) {
                if seen.insert(sub) {
                    classes.push(sub);
                }
            }
        }
        let mut instances: Vec<TermRef<'a>> = classes
            .iter()
            .flat_map(|c| self.subjects(rdf::TYPE, *c).collect::<Vec<_>>())
            .collect();
        let mut seen = HashSet::new();
        instances.retain(|i| seen.insert(*i));
        instances
    }

    /// True when `node` is a SHACL instance of `class` (rdf:type/rdfs:subClassOf*).
    pub fn is_instance(&mut self, node: TermRef<'a>, class: TermRef<'a>) -> bool {
        let types: Vec<TermRef<'a>> = self.objects(node, rdf::TYPE).collect();
        types
            .into_iter()
            .any(|t| self.superclasses_of(t).contains(&class))
    }

    fn superclasses_of(&mut self, class: TermRef<'a>) -> &HashSet<TermRef<'a>> {
        if !self.superclasses.contains_key(&class) {
            // Breadth first over rdfs:subClassOf, so a cyclic hierarchy ends.
            let mut found = HashSet::from([class]);
            let mut queue = vec![class];
            while let Some(current) = queue.pop() {
                for sup in self.objects(current, rdfs::SUB_CLASS_OF) {
                    if found.insert(sup) {
                        queue.push(sup);
                    }
                }
            }
            self.superclasses.insert(class, found);
        }
        &self.superclasses[&class]
    }
}

/// Quads with the graph name ignored: consecutive copies of a triple dropped.
fn distinct<'a>(quads: impl Iterator<Item = QuadRef<'a>>) -> impl Iterator<Item = QuadRef<'a>> {
    let mut previous: Option<QuadRef<'a>> = None;
    quads.filter(move |q| {
        let repeated = previous.is_some_and(|p| {
            p.subject == q.subject && p.predicate == q.predicate && p.object == q.object
        });
        previous = Some(*q);
        !repeated
    })
}
