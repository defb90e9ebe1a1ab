//! Where a query (or a view) comes from — a name in a catalogue, a `.rq`/`.sparql` file, inline
//! text, or standard input — and its definition once read: header, text and base IRI, whichever
//! way it was given. Text is read with a size limit, so an endless file or pipe is refused.

use super::catalog::{is_query_file, read_bounded, read_query_file, Catalog, NamedQuery};
use crate::error::{Error, Result};
use crate::store::source::file_iri;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How the user named a query or a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuerySource {
    /// A name in the catalogue (the bundled ones and those of `--queries`/`--views` directories).
    Named(String),
    File(PathBuf),
    Inline(String),
    Stdin,
}

impl QuerySource {
    /// Reads a positional argument: `-` is standard input; a path (it has a `/` or a query file
    /// extension) is a file; anything else a name.
    pub fn from_argument(argument: &str) -> Self {
        let path = Path::new(argument);
        if argument == "-" {
            Self::Stdin
        } else if argument.contains(['/', std::path::MAIN_SEPARATOR]) || is_query_file(path) {
            Self::File(path.to_owned())
        } else {
            Self::Named(argument.to_owned())
        }
    }

    /// The definition: from `catalog` by name, otherwise read and its header parsed. `base_iri`
    /// overrides the base a file would have (its own location).
    pub fn resolve(&self, catalog: &Catalog, base_iri: Option<&str>) -> Result<NamedQuery> {
        let given_base = base_iri.map(str::to_owned);
        match self {
            Self::Named(name) => {
                let mut query = catalog.find(name)?.clone();
                if given_base.is_some() {
                    query.base_iri = given_base;
                }
                Ok(query)
            }
            Self::File(path) => {
                let (text, base) = self.text(base_iri)?;
                let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("query");
                NamedQuery::unnamed(name, &path.display().to_string(), &text, base)
            }
            Self::Inline(_) => {
                let (text, base) = self.text(base_iri)?;
                NamedQuery::unnamed("inline", "inline", &text, base)
            }
            Self::Stdin => {
                let (text, base) = self.text(base_iri)?;
                NamedQuery::unnamed("stdin", "standard input", &text, base)
            }
        }
    }

    /// The text given as a file, inline or on standard input (a SPARQL query or update), with its
    /// base IRI: `base_iri` when given, else a file's own location. A name has no text of its own
    /// (see [`Self::resolve`]).
    pub fn text(&self, base_iri: Option<&str>) -> Result<(String, Option<String>)> {
        let given_base = base_iri.map(str::to_owned);
        match self {
            Self::Named(name) => Err(Error::UnknownQuery {
                name: name.clone(),
                suggestions: Vec::new(),
            }),
            Self::File(path) => {
                let text = read_query_file(path)?;
                let base = given_base.or_else(|| fs::canonicalize(path).ok().map(|p| file_iri(&p)));
                Ok((text, base))
            }
            Self::Inline(text) => Ok((text.clone(), given_base)),
            Self::Stdin => Ok((
                read_bounded(io::stdin().lock(), "standard input")?,
                given_base,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_name_files_by_slash_or_extension() {
        assert_eq!(
            QuerySource::from_argument("visit-timeline"),
            QuerySource::Named("visit-timeline".to_owned())
        );
        assert_eq!(
            QuerySource::from_argument("q.sparql"),
            QuerySource::File(PathBuf::from("q.sparql"))
        );
        assert_eq!(
            QuerySource::from_argument("queries/q"),
            QuerySource::File(PathBuf::from("queries/q"))
        );
        assert_eq!(QuerySource::from_argument("-"), QuerySource::Stdin);
    }

    #[test]
    fn a_file_keeps_its_header_and_its_location_as_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("copy.rq");
        fs::write(
            &path,
            "# title: Copy\n# param: n: integer = 0 -- at least\nSELECT ?x WHERE { <rel> ?p ?x FILTER(?x >= ?n) }\n",
        )
        .unwrap();
        let catalog = Catalog {
            kind: crate::query::catalog::Kind::Query,
            entries: Vec::new(),
        };
        let query = QuerySource::File(path).resolve(&catalog, None).unwrap();
        assert_eq!(query.title, "Copy");
        assert_eq!(query.params[0].default.as_deref(), Some("0"));
        assert!(query.base_iri.unwrap().starts_with("file:///"));
    }
}
