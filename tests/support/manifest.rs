//! Shared by the W3C suite runners: where the suites are, their manifests (Turtle with `mf:`
//! entries and RDF lists), files named by `file:` IRIs, and the list of tests a runner may fail.
//!
//! The suites are never copied into the repository: they are read from `<repo>/../shared/w3c/NAME`
//! (or `$HKKG_W3C_DIR/NAME`), and a missing folder fails the test rather than skipping it.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, Triple};
use percent_encoding::percent_decode_str;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";

pub fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// The folder of suite `name` (holding `manifest_file`), canonical.
pub fn suite_dir(name: &str, manifest_file: &str) -> PathBuf {
    let root = std::env::var_os("HKKG_W3C_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/w3c"),
        PathBuf::from,
    );
    let dir = root.join(name);
    assert!(
        dir.join(manifest_file).is_file(),
        "the W3C suite {name} is missing: no {}; set HKKG_W3C_DIR to the folder holding {name}/",
        dir.join(manifest_file).display()
    );
    dir.canonicalize().unwrap()
}

/// The `file:` IRI of an absolute path, as hkkg writes it (relative IRIs in a query file resolve
/// against it, so names the runners give must agree with it).
pub fn file_iri(path: &Path) -> String {
    hkkg::store::source::file_iri(path)
}

/// The path a `file:` IRI names.
pub fn iri_path(iri: &str) -> PathBuf {
    let path = iri.strip_prefix("file://").expect("a file IRI");
    PathBuf::from(percent_decode_str(path).decode_utf8_lossy().into_owned())
}

pub fn read_turtle(text: &[u8], base: Option<&str>) -> Result<Graph, String> {
    read_rdf(text, RdfFormat::Turtle, base)
}

pub fn read_rdf(text: &[u8], format: RdfFormat, base: Option<&str>) -> Result<Graph, String> {
    let mut parser = RdfParser::from_format(format);
    if let Some(base) = base {
        parser = parser.with_base_iri(base).map_err(|e| e.to_string())?;
    }
    parser
        .for_slice(text)
        .map(|q| q.map(Triple::from).map_err(|e| e.to_string()))
        .collect()
}

/// A Turtle file, relative IRIs resolved against its location.
pub fn read_file(path: &Path) -> Graph {
    read_turtle(&std::fs::read(path).unwrap(), Some(&file_iri(path)))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The items of the RDF list at `head`.
pub fn list(graph: &Graph, head: TermRef<'_>) -> Vec<Term> {
    let mut items = Vec::new();
    let mut node = head;
    while let TermRef::BlankNode(b) = node {
        items.push(
            graph
                .object_for_subject_predicate(b, rdf::FIRST)
                .unwrap()
                .into_owned(),
        );
        node = graph.object_for_subject_predicate(b, rdf::REST).unwrap();
        assert!(items.len() < 10_000, "cyclic list");
    }
    items
}

pub fn object<'a>(
    graph: &'a Graph,
    subject: TermRef<'a>,
    predicate: &NamedNode,
) -> Option<TermRef<'a>> {
    graph.object_for_subject_predicate(node(subject)?, predicate)
}

pub fn objects<'a>(
    graph: &'a Graph,
    subject: TermRef<'a>,
    predicate: &'a NamedNode,
) -> impl Iterator<Item = TermRef<'a>> + 'a {
    node(subject)
        .into_iter()
        .flat_map(move |s| graph.objects_for_subject_predicate(s, predicate))
}

fn node(term: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

/// Whether `subject` has `rdf:type` `class`.
pub fn is_a(graph: &Graph, subject: TermRef<'_>, class: NamedNodeRef<'_>) -> bool {
    objects(graph, subject, &rdf::TYPE.into_owned()).any(|t| t == class.into())
}

/// The manifests `manifest` includes (`mf:include`, a list or repeated), depth first, itself
/// first: each with its graph and its own IRI.
pub fn manifests(manifest: &Path) -> Vec<(PathBuf, Graph, NamedNode)> {
    let graph = read_file(manifest);
    let me = NamedNode::new_unchecked(file_iri(manifest));
    let include = iri(MF, "include");
    let mut included = Vec::new();
    for object in objects(&graph, me.as_ref().into(), &include) {
        match object {
            TermRef::NamedNode(n) => included.push(n.into_owned()),
            list_head @ TermRef::BlankNode(_) => {
                for item in list(&graph, list_head) {
                    let Term::NamedNode(n) = item else {
                        panic!("{}: bad mf:include item", manifest.display())
                    };
                    included.push(n);
                }
            }
            _ => panic!("{}: bad mf:include", manifest.display()),
        }
    }
    let mut all = vec![(manifest.to_owned(), graph, me)];
    for child in included {
        all.extend(manifests(&iri_path(child.as_str())));
    }
    all
}

/// The entries (`mf:entries`) of a manifest.
pub fn entries(graph: &Graph, manifest: &NamedNode) -> Vec<Term> {
    object(graph, manifest.as_ref().into(), &iri(MF, "entries"))
        .map(|head| list(graph, head))
        .unwrap_or_default()
}

/// The name of the manifest's folder, and of an entry in it: `folder/local`.
pub fn test_name(manifest: &Path, entry: TermRef<'_>) -> String {
    let TermRef::NamedNode(entry) = entry else {
        panic!("{entry}: a test is named by an IRI")
    };
    let folder = manifest
        .parent()
        .and_then(Path::file_name)
        .unwrap()
        .to_string_lossy();
    let local = entry.as_str().rsplit(['/', '#']).next().unwrap();
    format!("{folder}/{local}")
}

/// Test name → why it is allowed to fail, from `tests/w3c/FILE`: lines `NAME: REASON`, `#` comments.
pub fn allowed_failures(file: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/w3c")
        .join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (name, reason) = l.split_once(": ").expect("NAME: REASON");
            (name.to_owned(), reason.to_owned())
        })
        .collect()
}

/// Fails unless the failures are exactly those `allowed` lists: a test outside the list must pass,
/// and a listed test that passes must leave the list (so the recorded count cannot go stale).
pub fn assert_expected(
    failures: &BTreeMap<String, String>,
    allowed: &BTreeMap<String, String>,
    file: &str,
) {
    let unexpected: Vec<String> = failures
        .iter()
        .filter(|(n, _)| !allowed.contains_key(*n))
        .map(|(n, reason)| format!("{n}: {reason}"))
        .collect();
    let fixed: Vec<&String> = allowed
        .keys()
        .filter(|n| !failures.contains_key(*n))
        .collect();
    assert!(
        unexpected.is_empty(),
        "tests that must pass fail:\n{}",
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "tests listed in tests/w3c/{file} pass now; remove them: {fixed:?}"
    );
}
