//! Compacted JSON-LD, the form web developers read: an `@context` of hkkg's prefixes (those the
//! document uses), IRIs as prefixed names (`"hkr:qatar"`), `@type` for rdf:type, one value bare and
//! several in an array, plain strings for xsd:string, JSON numbers and booleans where the literal is
//! in the canonical form a JSON-LD processor turns them back into, and each named graph as
//! `{"@id": …, "@graph": [ … ]}` after the default graph's nodes. Pretty-printed and
//! deterministic: the input is canonical and sorted (see `export`), and node objects, keys and
//! values follow that order.
//!
//! oxigraph's JSON-LD serializer writes the expanded form (full IRIs as keys, every value an
//! object in an array, on one line), and its prefixes go into a context it does not use.
//!
//! Node objects stay flat (a blank node is referenced by `@id`, not nested), as JSON-LD's own
//! flattening writes them: a blank node may be shared by several subjects or graphs, and flat
//! output is the same whatever the nesting.

use crate::error::{Error, Result};
use crate::rdf::namespaces::{PREFIXES, RDF};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value as Json};
use std::collections::BTreeSet;
use std::io::Write;

/// Integers beyond this lose digits in JavaScript's and Python's JSON readers (doubles), so they
/// stay typed strings.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Writes `quads` (canonical, sorted by graph then subject, without duplicates) as compacted JSON-LD.
pub fn write(quads: &[Quad], out: &mut dyn Write) -> Result<()> {
    let context = Context::for_quads(quads);
    let mut top: Vec<Json> = Vec::new();
    for graph in quads.chunk_by(|a, b| a.graph_name == b.graph_name) {
        let nodes = context.node_objects(graph);
        match &graph[0].graph_name {
            GraphName::DefaultGraph => top.extend(nodes),
            GraphName::NamedNode(name) => top.push(context.graph_object(name.as_str(), nodes)),
            GraphName::BlankNode(name) => top.push(context.graph_object(&name.to_string(), nodes)),
        }
    }
    let mut document = Map::new();
    document.insert("@context".to_owned(), Json::Object(context.declaration()));
    document.insert("@graph".to_owned(), Json::Array(top));
    serde_json::to_writer_pretty(&mut *out, &Json::Object(document))
        .map_err(|e| Error::Output(std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(Error::Output)
}

/// The prefixes the document declares and compacts IRIs with.
struct Context {
    prefixes: Vec<(&'static str, &'static str)>,
}

impl Context {
    /// The prefixes of [`PREFIXES`] that some IRI of `quads` compacts with. A prefix is left out
    /// when an IRI written in full would read as a prefixed name with it (`geo:22.3,114.2` with
    /// `geo` declared): a JSON-LD processor would expand that IRI into another.
    fn for_quads(quads: &[Quad]) -> Self {
        let mut used: BTreeSet<&'static str> = BTreeSet::new();
        let mut schemes: BTreeSet<&str> = BTreeSet::new();
        let all = Context {
            prefixes: PREFIXES.to_vec(),
        };
        for iri in quads.iter().flat_map(quad_iris) {
            match all.split(iri) {
                Some((prefix, _)) => {
                    used.insert(prefix);
                }
                None => {
                    if let Some((scheme, rest)) = iri.split_once(':') {
                        if !rest.starts_with("//") {
                            schemes.insert(scheme);
                        }
                    }
                }
            }
        }
        Context {
            prefixes: PREFIXES
                .iter()
                .copied()
                .filter(|(prefix, _)| used.contains(prefix) && !schemes.contains(prefix))
                .collect(),
        }
    }

    fn declaration(&self) -> Map<String, Json> {
        self.prefixes
            .iter()
            .map(|(prefix, namespace)| ((*prefix).to_owned(), Json::from(*namespace)))
            .collect()
    }

    /// (prefix, local part) when a declared namespace covers `iri` (the longest one) and the
    /// prefixed name reads back as the IRI: a local part starting with `//` would make it an
    /// absolute IRI.
    fn split<'a>(&self, iri: &'a str) -> Option<(&'static str, &'a str)> {
        self.prefixes
            .iter()
            .filter(|(_, namespace)| iri.starts_with(namespace))
            .max_by_key(|(_, namespace)| namespace.len())
            .map(|(prefix, namespace)| (*prefix, &iri[namespace.len()..]))
            .filter(|(_, local)| !local.starts_with("//"))
    }

    fn iri(&self, iri: &str) -> String {
        match self.split(iri) {
            Some((prefix, local)) => format!("{prefix}:{local}"),
            None => iri.to_owned(),
        }
    }

    fn id(&self, node: &NamedOrBlankNode) -> Json {
        match node {
            NamedOrBlankNode::NamedNode(iri) => Json::from(self.iri(iri.as_str())),
            NamedOrBlankNode::BlankNode(blank) => Json::from(blank.to_string()),
        }
    }

    fn graph_object(&self, name: &str, nodes: Vec<Json>) -> Json {
        let name = if name.starts_with("_:") {
            name.to_owned()
        } else {
            self.iri(name)
        };
        let mut object = Map::new();
        object.insert("@id".to_owned(), Json::from(name));
        object.insert("@graph".to_owned(), Json::Array(nodes));
        Json::Object(object)
    }

    /// One node object per subject of `quads` (one graph, sorted by subject).
    fn node_objects(&self, quads: &[Quad]) -> Vec<Json> {
        let rdf_type = format!("{RDF}type");
        let mut nodes = Vec::new();
        for statements in quads.chunk_by(|a, b| a.subject == b.subject) {
            let mut object = Map::new();
            object.insert("@id".to_owned(), self.id(&statements[0].subject));
            let mut types = Vec::new();
            let mut properties: Vec<(String, Vec<Json>)> = Vec::new();
            for quad in statements {
                let is_class = matches!(quad.object, Term::NamedNode(_) | Term::BlankNode(_));
                if quad.predicate.as_str() == rdf_type && is_class {
                    types.push(self.value(&quad.object, true));
                    continue;
                }
                let key = self.iri(quad.predicate.as_str());
                let value = self.value(&quad.object, false);
                match properties.last_mut() {
                    Some((last, values)) if *last == key => values.push(value),
                    _ => properties.push((key, vec![value])),
                }
            }
            if !types.is_empty() {
                object.insert("@type".to_owned(), one_or_many(types));
            }
            for (key, values) in properties {
                object.insert(key, one_or_many(values));
            }
            nodes.push(Json::Object(object));
        }
        nodes
    }

    /// An object as a value: `{"@id": …}` for a node (a bare string under `@type`), a string,
    /// number or boolean where the literal reads back the same, else a value object.
    fn value(&self, term: &Term, as_type: bool) -> Json {
        let reference = |id: Json| {
            if as_type {
                id
            } else {
                let mut object = Map::new();
                object.insert("@id".to_owned(), id);
                Json::Object(object)
            }
        };
        match term {
            Term::NamedNode(iri) => reference(Json::from(self.iri(iri.as_str()))),
            Term::BlankNode(blank) => reference(Json::from(blank.to_string())),
            Term::Literal(literal) => self.literal(literal),
            #[allow(unreachable_patterns)]
            other => Json::from(other.to_string()),
        }
    }

    fn literal(&self, literal: &Literal) -> Json {
        let mut object = Map::new();
        if let Some(language) = literal.language() {
            object.insert("@value".to_owned(), Json::from(literal.value()));
            object.insert("@language".to_owned(), Json::from(language));
            return Json::Object(object);
        }
        let datatype = literal.datatype();
        if datatype == xsd::STRING {
            return Json::from(literal.value());
        }
        if let Some(native) = native(literal.value(), datatype.as_str()) {
            return native;
        }
        object.insert("@value".to_owned(), Json::from(literal.value()));
        object.insert("@type".to_owned(), Json::from(self.iri(datatype.as_str())));
        Json::Object(object)
    }
}

/// The JSON number or boolean a JSON-LD processor turns back into exactly this literal: an
/// xsd:integer in canonical form within doubles' exact range, or xsd:boolean `true`/`false`.
fn native(value: &str, datatype: &str) -> Option<Json> {
    if datatype == xsd::BOOLEAN.as_str() {
        return match value {
            "true" => Some(Json::Bool(true)),
            "false" => Some(Json::Bool(false)),
            _ => None,
        };
    }
    if datatype != xsd::INTEGER.as_str() {
        return None;
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && value != "-0";
    let number: i64 = value.parse().ok()?;
    (canonical && number.abs() <= MAX_SAFE_INTEGER).then(|| Json::from(number))
}

fn one_or_many(mut values: Vec<Json>) -> Json {
    if values.len() == 1 {
        values.pop().expect("one value")
    } else {
        Json::Array(values)
    }
}

/// The IRIs a quad is written with: graph name, subject, predicate (unless it becomes `@type`),
/// object, and a datatype that stays written (not xsd:string, nor one a native JSON value implies).
fn quad_iris(quad: &Quad) -> impl Iterator<Item = &str> {
    let graph = match &quad.graph_name {
        GraphName::NamedNode(name) => Some(name.as_str()),
        _ => None,
    };
    let subject = match &quad.subject {
        NamedOrBlankNode::NamedNode(iri) => Some(iri.as_str()),
        _ => None,
    };
    let is_node = matches!(quad.object, Term::NamedNode(_) | Term::BlankNode(_));
    let predicate =
        Some(quad.predicate.as_str()).filter(|p| !(is_node && p.strip_prefix(RDF) == Some("type")));
    let object = match &quad.object {
        Term::NamedNode(iri) => Some(iri.as_str()),
        Term::Literal(literal) if literal.language().is_none() => {
            let datatype = literal.datatype().as_str();
            (datatype != xsd::STRING.as_str() && native(literal.value(), datatype).is_none())
                .then_some(datatype)
        }
        _ => None,
    };
    [graph, subject, predicate, object].into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, NamedNode};

    fn quad(s: &str, p: &str, o: Term, g: GraphName) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked(p),
            o,
            g,
        )
    }

    fn written(quads: &[Quad]) -> Json {
        let mut out = Vec::new();
        write(quads, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn compacts_with_the_prefixes_used_and_puts_named_graphs_after() {
        let hkr = "https://w3id.org/hkkg/resource/";
        let passage = GraphName::NamedNode(NamedNode::new_unchecked(
            "https://w3id.org/hkkg/passage/p036",
        ));
        let quads = [
            quad(
                &format!("{hkr}qatar"),
                &format!("{RDF}type"),
                NamedNode::new_unchecked("https://w3id.org/hkkg/ontology#Country").into(),
                GraphName::DefaultGraph,
            ),
            quad(
                &format!("{hkr}qatar"),
                "http://www.w3.org/2000/01/rdf-schema#label",
                Literal::new_language_tagged_literal_unchecked("卡塔爾", "zh-Hant").into(),
                GraphName::DefaultGraph,
            ),
            quad(
                &format!("{hkr}visa"),
                "https://w3id.org/hkkg/ontology#visaFreeDays",
                Literal::new_typed_literal("30", xsd::INTEGER).into(),
                passage,
            ),
        ];
        assert_eq!(
            written(&quads),
            serde_json::json!({
                "@context": {
                    "hk": "https://w3id.org/hkkg/ontology#",
                    "hkp": "https://w3id.org/hkkg/passage/",
                    "hkr": hkr,
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                },
                "@graph": [
                    {"@id": "hkr:qatar", "@type": "hk:Country",
                     "rdfs:label": {"@value": "卡塔爾", "@language": "zh-Hant"}},
                    {"@id": "hkp:p036", "@graph": [{"@id": "hkr:visa", "hk:visaFreeDays": 30}]},
                ],
            })
        );
    }

    #[test]
    fn keeps_literals_that_json_would_change_as_typed_strings() {
        let typed = |value: &str, datatype| Literal::new_typed_literal(value, datatype);
        for (literal, expected) in [
            (
                typed("042", xsd::INTEGER),
                serde_json::json!({"@value": "042", "@type": "xsd:integer"}),
            ),
            (
                typed("9007199254740993", xsd::INTEGER),
                serde_json::json!({"@value": "9007199254740993", "@type": "xsd:integer"}),
            ),
            (typed("-7", xsd::INTEGER), serde_json::json!(-7)),
            (
                typed("1", xsd::BOOLEAN),
                serde_json::json!({"@value": "1", "@type": "xsd:boolean"}),
            ),
            (typed("false", xsd::BOOLEAN), serde_json::json!(false)),
            (
                typed("1.5", xsd::DECIMAL),
                serde_json::json!({"@value": "1.5", "@type": "xsd:decimal"}),
            ),
            (Literal::new_simple_literal("30"), serde_json::json!("30")),
        ] {
            let context = Context {
                prefixes: PREFIXES.to_vec(),
            };
            assert_eq!(context.literal(&literal), expected, "{literal}");
        }
    }

    #[test]
    fn leaves_out_a_prefix_that_would_misread_an_iri_written_in_full() {
        let quads = [
            quad(
                "https://w3id.org/hkkg/resource/hk",
                "http://www.opengis.net/ont/geosparql#hasGeometry",
                NamedNode::new_unchecked("geo:22.3,114.2").into(),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                BlankNode::new_unchecked("c14n0"),
                NamedNode::new_unchecked("http://e/p"),
                NamedNode::new_unchecked("https://w3id.org/hkkg/resource///x"),
                GraphName::DefaultGraph,
            ),
        ];
        let document = written(&quads);
        assert!(document["@context"].get("geo").is_none(), "{document}");
        assert_eq!(
            document["@graph"][0]["http://www.opengis.net/ont/geosparql#hasGeometry"],
            serde_json::json!({"@id": "geo:22.3,114.2"})
        );
        assert_eq!(document["@graph"][1]["@id"], "_:c14n0");
        assert_eq!(
            document["@graph"][1]["http://e/p"],
            serde_json::json!({"@id": "https://w3id.org/hkkg/resource///x"})
        );
    }
}
