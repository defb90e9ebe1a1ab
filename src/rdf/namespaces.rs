//! The prefixes hkkg knows: used to write prefixed names in tables and Turtle, to read prefixed names
//! that users type (`hkr:qatar`), and declared for every SPARQL query so analysts need no PREFIX lines.

use crate::error::{Error, Result};
use crate::rdf::suggest::closest;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{LiteralRef, NamedNode, TermRef};

pub const HK: &str = "https://w3id.org/hkkg/ontology#";
pub const HKR: &str = "https://w3id.org/hkkg/resource/";
pub const HKP: &str = "https://w3id.org/hkkg/passage/";
pub const HKG: &str = "https://w3id.org/hkkg/graph/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

/// (prefix, namespace), sorted by prefix so that written prefix blocks are stable.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dct", "http://purl.org/dc/terms/"),
    (
        "fibo-agr",
        "https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Agreements/",
    ),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("geo", "http://www.opengis.net/ont/geosparql#"),
    ("hk", HK),
    ("hkg", HKG),
    ("hkp", HKP),
    ("hkr", HKR),
    ("org", "http://www.w3.org/ns/org#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("schema", "http://schema.org/"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("sh", "http://www.w3.org/ns/shacl#"),
    ("skos", SKOS),
    ("time", "http://www.w3.org/2006/time#"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The graph that holds the passage records (the source text itself).
pub fn source_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}source"))
}

/// Splits an IRI into (prefix, local name) when a known namespace covers it and the local name
/// can be written as a Turtle/SPARQL prefixed name without escapes.
pub fn compact(iri: &str) -> Option<(&'static str, &str)> {
    PREFIXES
        .iter()
        .filter(|(_, namespace)| iri.starts_with(namespace))
        // The longest namespace wins so that nested namespaces compact to the most specific prefix.
        .max_by_key(|(_, namespace)| namespace.len())
        .and_then(|(prefix, namespace)| {
            let local = &iri[namespace.len()..];
            is_plain_local_name(local).then_some((*prefix, local))
        })
}

/// The prefixed name of an IRI, or the IRI in angle brackets.
pub fn display_iri(iri: &str) -> String {
    match compact(iri) {
        Some((prefix, local)) => format!("{prefix}:{local}"),
        None => format!("<{iri}>"),
    }
}

/// A term as Turtle and SPARQL both read it, for people: prefixed names where safe, literals
/// escaped, their datatype as a prefixed name, xsd:string implied.
pub fn display_term(term: TermRef<'_>) -> String {
    match term {
        TermRef::NamedNode(n) => display_iri(n.as_str()),
        TermRef::Literal(l) if l.language().is_some() || l.datatype() == xsd::STRING => {
            l.to_string()
        }
        TermRef::Literal(l) => format!(
            "{}^^{}",
            LiteralRef::new_simple_literal(l.value()),
            display_iri(l.datatype().as_str())
        ),
        other => other.to_string(),
    }
}

/// Reads `<iri>`, a bare absolute IRI, or a prefixed name with a known prefix.
pub fn expand(input: &str) -> Result<NamedNode> {
    let input = input.trim();
    let iri = if let Some(inner) = input.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        inner.to_owned()
    } else if input.contains("://") || input.starts_with("urn:") {
        input.to_owned()
    } else if let Some((prefix, local)) = input.split_once(':') {
        let Some((_, namespace)) = PREFIXES.iter().find(|(p, _)| *p == prefix) else {
            return Err(Error::UnknownPrefix {
                prefix: prefix.to_owned(),
                input: input.to_owned(),
                suggestions: closest(prefix, PREFIXES.iter().map(|(p, _)| *p)),
            });
        };
        format!("{namespace}{local}")
    } else {
        return Err(Error::InvalidParameter {
            name: "iri".to_owned(),
            message: format!("'{input}' is neither <IRI>, an absolute IRI nor prefix:name"),
        });
    };
    NamedNode::new(&iri).map_err(|e| Error::InvalidParameter {
        name: "iri".to_owned(),
        message: format!("'{iri}' is not a valid IRI: {e}"),
    })
}

/// A conservative subset of Turtle's PN_LOCAL: letters, digits, '_', '-' and inner '.', not
/// starting with '-' or '.'. Anything else is written as a full IRI rather than risk an escape bug.
fn is_plain_local_name(local: &str) -> bool {
    let mut chars = local.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphanumeric() || first == '_')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !local.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_to_the_longest_namespace_and_refuses_unsafe_local_names() {
        assert_eq!(compact(&format!("{HKR}qatar")), Some(("hkr", "qatar")));
        assert_eq!(
            compact("http://schema.org/startDate"),
            Some(("schema", "startDate"))
        );
        assert_eq!(compact(&format!("{HKR}a/b")), None);
        assert_eq!(compact(&format!("{HKR}ends.")), None);
        assert_eq!(compact("http://example.org/x"), None);
    }

    #[test]
    fn expands_prefixed_names_and_reports_unknown_prefixes() {
        assert_eq!(expand("hkr:qatar").unwrap().as_str(), format!("{HKR}qatar"));
        assert_eq!(
            expand("<http://e.org/x>").unwrap().as_str(),
            "http://e.org/x"
        );
        let error = expand("hkx:qatar").unwrap_err().to_string();
        assert!(error.contains("did you mean"), "{error}");
    }
}
