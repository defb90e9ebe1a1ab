//! Where RDF comes from: the bundled files, files and directories on disk (gzip-compressed or not),
//! and standard input; the syntax of each, and the base IRI its relative IRIs resolve against.
//!
//! Directories are walked recursively in sorted order, following symbolic links; a link that leads
//! back to one of its own ancestors is an error rather than an endless walk, and a directory that
//! holds no RDF file at all is an error rather than an empty graph (it is nearly always a wrong path).

use crate::assets::Asset;
use crate::error::{Error, Result, Shown};
use crate::rdf::namespaces;
use crate::rdf::syntax::RdfSyntax;
use flate2::bufread::MultiGzDecoder;
use oxigraph::model::NamedNode;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// What a user asked to load: a path (file or directory) or standard input, optionally into a
/// named graph of their choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub location: Location,
    /// Put every triple of this input into this graph. None: triples go to the default graph and
    /// quads keep their own graph. With a graph, an input that names graphs of its own (TriG,
    /// N-Quads, JSON-LD) is refused rather than flattened.
    pub graph: Option<NamedNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Path(PathBuf),
    /// Written `-` on the command line.
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn new(location: &Path, graph: Option<NamedNode>) -> Self {
        let location = if location == Path::new("-") {
            Location::Stdin
        } else {
            Location::Path(location.to_owned())
        };
        Self { location, graph }
    }
}

/// Reads the name a user gives a graph to load an input into: `<IRI>`, an absolute IRI, or a
/// prefixed name with one of hkkg's prefixes (`hkg:my-notes`).
pub fn graph_name(text: &str) -> Result<NamedNode> {
    namespaces::expand(text).map_err(|error| Error::GraphName {
        input: Shown(text).to_string(),
        message: match error {
            Error::InvalidParameter { message, .. } => message,
            other => other.to_string(),
        },
    })
}

/// One stream of RDF, with what is needed to parse it.
#[derive(Debug, Clone)]
pub struct Source {
    pub origin: Origin,
    pub syntax: RdfSyntax,
    compressed: bool,
    /// Every triple of the source goes into this graph.
    pub graph: Option<NamedNode>,
}

#[derive(Debug, Clone)]
pub enum Origin {
    Bundled(Asset),
    File(PathBuf),
    Stdin,
    /// The body of a request (a Graph Store Protocol write).
    Body(Vec<u8>),
}

/// Characters a path may hold that an IRI path cannot (RFC 3987 `ipath` minus the reserved `%`, `?`
/// and `#`): they are percent-encoded in `file:` IRIs. Non-ASCII is encoded too.
const NOT_IN_IRI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file:` IRI of an absolute path, percent-encoded.
pub fn file_iri(absolute: &Path) -> String {
    let text = absolute.to_string_lossy();
    let text = text.replace('\\', "/");
    let slash = if text.starts_with('/') { "" } else { "/" };
    format!(
        "file://{slash}{}",
        utf8_percent_encode(&text, NOT_IN_IRI_PATH)
    )
}

impl Source {
    pub fn bundled(asset: Asset) -> Option<Self> {
        Some(Self {
            syntax: RdfSyntax::of_path(Path::new(asset.path))?,
            origin: Origin::Bundled(asset),
            compressed: false,
            graph: None,
        })
    }

    /// A file whose syntax is known (from its name, or as given).
    pub fn file(path: PathBuf, syntax: RdfSyntax, graph: Option<NamedNode>) -> Self {
        let compressed = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        Self {
            origin: Origin::File(path),
            syntax,
            compressed,
            graph,
        }
    }

    /// A request body.
    pub fn body(bytes: Vec<u8>, syntax: RdfSyntax, graph: Option<NamedNode>) -> Self {
        Self {
            origin: Origin::Body(bytes),
            syntax,
            compressed: false,
            graph,
        }
    }

    /// The name used in messages: the bundled path, the file path, "standard input" or "the
    /// request body".
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::Bundled(asset) => asset.path.to_owned(),
            Origin::File(path) => path.display().to_string(),
            Origin::Stdin => "standard input".to_owned(),
            Origin::Body(_) => "the request body".to_owned(),
        }
    }

    /// The path errors are reported against.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(self.name())
    }

    /// Can the text be read a second time (to find where something is written)?
    pub fn rereadable(&self) -> bool {
        !matches!(self.origin, Origin::Stdin)
    }

    /// The decompressed text.
    pub fn open(&self) -> Result<Box<dyn BufRead + '_>> {
        let reader: Box<dyn BufRead> = match &self.origin {
            Origin::Bundled(asset) => Box::new(asset.text.as_bytes()),
            Origin::File(path) => Box::new(BufReader::with_capacity(
                64 * 1024,
                File::open(path).map_err(|e| self.io_error(e))?,
            )),
            Origin::Stdin => Box::new(io::stdin().lock()),
            Origin::Body(bytes) => Box::new(bytes.as_slice()),
        };
        Ok(if self.compressed {
            Box::new(BufReader::new(MultiGzDecoder::new(reader)))
        } else {
            reader
        })
    }

    /// Relative IRIs in a user's file resolve against the file's own location, as RDF tools expect.
    pub fn base_iri(&self) -> Option<String> {
        match &self.origin {
            Origin::File(path) => Some(file_iri(&fs::canonicalize(path).ok()?)),
            Origin::Bundled(_) | Origin::Stdin | Origin::Body(_) => None,
        }
    }

    pub fn io_error(&self, source: io::Error) -> Error {
        Error::Io {
            path: self.path(),
            error: source,
        }
    }
}

/// The sources of `inputs`, in order: files as named (their syntax from the name, else `syntax`),
/// the RDF files under each directory, standard input (which needs `syntax`).
pub fn resolve(inputs: &[Input], syntax: Option<RdfSyntax>) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let mut stdin_seen = false;
    for input in inputs {
        match &input.location {
            Location::Stdin => {
                if std::mem::replace(&mut stdin_seen, true) {
                    return Err(Error::StdinTwice);
                }
                let syntax = syntax.ok_or(Error::StdinNeedsSyntax)?;
                sources.push(Source {
                    origin: Origin::Stdin,
                    syntax,
                    compressed: false,
                    graph: input.graph.clone(),
                });
            }
            Location::Path(path) => {
                let metadata = fs::metadata(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    error: source,
                })?;
                if metadata.is_dir() {
                    let found = rdf_files_under(path)?;
                    if found.is_empty() {
                        return Err(Error::NoRdfFiles { dir: path.clone() });
                    }
                    sources.extend(
                        found
                            .into_iter()
                            .map(|(file, syntax)| Source::file(file, syntax, input.graph.clone())),
                    );
                } else {
                    let syntax = RdfSyntax::of_path(path)
                        .or(syntax)
                        .ok_or_else(|| Error::UnknownRdfFormat { path: path.clone() })?;
                    sources.push(Source::file(path.clone(), syntax, input.graph.clone()));
                }
            }
        }
    }
    Ok(sources)
}

/// The RDF files under `dir`, recursively, sorted by path.
pub fn rdf_files_under(dir: &Path) -> Result<Vec<(PathBuf, RdfSyntax)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|error| walk_error(dir, error))?;
        if entry.file_type().is_file() {
            if let Some(syntax) = RdfSyntax::of_path(entry.path()) {
                files.push((entry.into_path(), syntax));
            }
        }
    }
    Ok(files)
}

fn walk_error(dir: &Path, error: walkdir::Error) -> Error {
    let path = error.path().unwrap_or(dir).to_owned();
    if let Some(ancestor) = error.loop_ancestor() {
        return Error::SymlinkLoop {
            path,
            ancestor: ancestor.to_owned(),
        };
    }
    let source = error
        .into_io_error()
        .unwrap_or_else(|| io::Error::other("cannot walk the directory"));
    Error::Io {
        path,
        error: source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_iris_are_percent_encoded() {
        assert_eq!(
            file_iri(Path::new("/tmp/my data/a#b%.ttl")),
            "file:///tmp/my%20data/a%23b%25.ttl"
        );
        assert_eq!(
            file_iri(Path::new("/tmp/資料.ttl")),
            "file:///tmp/%E8%B3%87%E6%96%99.ttl"
        );
    }

    #[test]
    fn directories_without_rdf_and_symlink_loops_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not RDF").unwrap();
        let error = resolve(&[Input::new(dir.path(), None)], None).unwrap_err();
        assert!(matches!(error, Error::NoRdfFiles { .. }), "{error}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), dir.path().join("again")).unwrap();
            std::fs::write(dir.path().join("a.ttl"), "").unwrap();
            let error = resolve(&[Input::new(dir.path(), None)], None).unwrap_err();
            assert!(matches!(error, Error::SymlinkLoop { .. }), "{error}");
        }
    }

    #[test]
    fn standard_input_needs_a_syntax_and_is_read_once() {
        let stdin = Input::new(Path::new("-"), None);
        assert!(matches!(
            resolve(std::slice::from_ref(&stdin), None),
            Err(Error::StdinNeedsSyntax)
        ));
        assert!(matches!(
            resolve(&[stdin.clone(), stdin], Some(RdfSyntax::Turtle)),
            Err(Error::StdinTwice)
        ));
    }
}
