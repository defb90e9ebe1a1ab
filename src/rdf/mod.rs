//! RDF vocabulary shared by every stage: hkkg's prefixes, XML Schema lexical checks, the label
//! languages, what an ontology declares, and "did you mean" suggestions for names users type.

pub mod datatype;
pub mod lang;
pub mod namespaces;
pub mod suggest;
pub mod syntax;
pub mod vocabulary;
