//! The RDF syntaxes hkkg reads and writes, by name and by file extension.

use crate::keywords;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RdfSyntax {
    Turtle,
    TriG,
    NTriples,
    NQuads,
    RdfXml,
    JsonLd,
}

keywords!(RdfSyntax, "RDF syntax", [
    Turtle "turtle" ["ttl"]: "Turtle: one graph, prefixed and readable",
    TriG "trig": "TriG: Turtle with named graphs",
    NTriples "ntriples" ["nt", "n-triples"]: "N-Triples: one triple per line",
    NQuads "nquads" ["nq", "n-quads"]: "N-Quads: one quad per line, with its graph",
    RdfXml "rdfxml" ["rdf", "xml", "rdf/xml"]: "RDF/XML",
    JsonLd "jsonld" ["json-ld", "json"]: "JSON-LD",
]);

impl RdfSyntax {
    /// The syntax a file name says, looking through a `.gz` suffix: `data.ttl.gz` is Turtle.
    pub fn of_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let (_, extension) = name.rsplit_once('.')?;
        Some(match extension {
            "ttl" => Self::Turtle,
            "trig" => Self::TriG,
            "nt" => Self::NTriples,
            "nq" => Self::NQuads,
            "rdf" | "owl" | "xml" => Self::RdfXml,
            "jsonld" | "json" => Self::JsonLd,
            _ => return None,
        })
    }

    /// Whether the syntax can hold named graphs.
    pub fn keeps_graphs(self) -> bool {
        matches!(self, Self::TriG | Self::NQuads | Self::JsonLd)
    }

    /// Turtle, TriG, N-Triples and N-Quads: what the streaming lint reads.
    pub fn is_turtle_family(self) -> bool {
        matches!(
            self,
            Self::Turtle | Self::TriG | Self::NTriples | Self::NQuads
        )
    }

    pub fn media_type(self) -> &'static str {
        self.oxigraph().media_type()
    }

    pub fn oxigraph(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::TriG => RdfFormat::TriG,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }

    /// The extensions (without the dot) files of this syntax are recognised by, for messages.
    pub const EXTENSIONS: &'static str =
        ".ttl .trig .nt .nq .rdf/.owl/.xml .jsonld/.json (each also .gz)";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyword::Keyword;

    #[test]
    fn syntax_from_names_and_paths() {
        assert_eq!(
            RdfSyntax::of_path(Path::new("a/b.TTL")),
            Some(RdfSyntax::Turtle)
        );
        assert_eq!(
            RdfSyntax::of_path(Path::new("b.nq.gz")),
            Some(RdfSyntax::NQuads)
        );
        assert_eq!(RdfSyntax::of_path(Path::new("b.gz")), None);
        assert_eq!(RdfSyntax::of_path(Path::new("README")), None);
        assert_eq!(RdfSyntax::parse_name("ttl").unwrap(), RdfSyntax::Turtle);
        assert!(RdfSyntax::parse_name("turtel").is_err());
    }
}
