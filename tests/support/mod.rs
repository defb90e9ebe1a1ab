//! The one harness of the integration tests, shared by both tiers: running the `hkkg` binary,
//! the fixtures, and the independent tools of the interop tier (which CI installs: `.ci/install-deps`;
//! a missing tool fails its test rather than skipping it).

#![allow(dead_code)] // each tier uses a different subset of these helpers

pub mod manifest;
pub mod server;
pub mod shacl_peer;

use spargebra::algebra::{AggregateExpression, AggregateFunction, Expression, GraphPattern};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The result of one `hkkg` run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn hkkg<S: AsRef<OsStr>>(args: &[S]) -> Run {
    hkkg_with_stdin(args, None)
}

pub fn hkkg_with_stdin<S: AsRef<OsStr>>(args: &[S], stdin: Option<&str>) -> Run {
    hkkg_with_bytes(args, stdin.map(str::as_bytes))
}

/// Runs `hkkg` with `stdin` (any bytes) on standard input.
pub fn hkkg_with_bytes<S: AsRef<OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the hkkg binary runs");
    if let Some(bytes) = stdin {
        // hkkg may refuse the input before reading all of it: a closed pipe is its answer.
        let _ = child.stdin.take().expect("piped").write_all(bytes);
    }
    let output: Output = child.wait_with_output().expect("hkkg finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `hkkg` and fails the test with its stderr unless it succeeded.
pub fn hkkg_ok<S: AsRef<OsStr> + std::fmt::Debug>(args: &[S]) -> String {
    let run = hkkg(args);
    assert_eq!(run.code, 0, "hkkg {args:?} failed:\n{}", run.stderr);
    run.stdout
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or directory under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// The small graph the graph tests run on.
pub fn graph_fixture() -> PathBuf {
    fixture("graph/mini.trig")
}

/// The arguments that load only the graph fixture.
pub fn graph_fixture_args() -> Vec<String> {
    vec![
        "--no-bundled".to_owned(),
        "--data".to_owned(),
        graph_fixture().display().to_string(),
    ]
}

/// The RDF files of the repository's ontology/ and data/ (not the shapes), sorted.
pub fn bundled_source_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["ontology", "data"] {
        for entry in std::fs::read_dir(repo_root().join(dir)).expect("the directory exists") {
            let path = entry.expect("readable entry").path();
            let rdf = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("ttl" | "trig")
            );
            if rdf && path.file_name().is_none_or(|n| n != "shapes.ttl") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Runs an external program; a missing one fails the test (CI installs it).
pub fn external(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (.ci/install-deps installs it): {e}")
        })
}

/// Runs inline Python and returns what it printed.
pub fn python(script: &str, args: &[&str]) -> String {
    let mut all = vec!["-c", script];
    all.extend_from_slice(args);
    let output = external("python3", &all);
    assert!(
        output.status.success(),
        "python3 failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("python prints UTF-8")
}

/// Runs a script of tests/peers with python3; fails the test unless it succeeds.
pub fn peer<S: AsRef<OsStr>>(script: &str, args: &[S]) -> Output {
    let output = Command::new("python3")
        .arg(repo_root().join("tests/peers").join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for this test (.ci/install-deps): {e}"));
    assert!(
        output.status.success(),
        "{script} failed (are the packages of .ci/requirements*.txt installed?):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A peer script's JSON output.
pub fn peer_json(script: &str, args: &[&Path]) -> serde_json::Value {
    serde_json::from_slice(&peer(script, args).stdout).expect("the script prints JSON")
}

/// The small ontology and data the reasoning tests run on, loaded, with the files it came from.
pub fn reasoning_fixture() -> (hkkg::KnowledgeGraph, Vec<PathBuf>) {
    reasoning_fixture_with(false)
}

/// [`reasoning_fixture`], its merged default graph stored (`merge_stored`) or computed by queries.
pub fn reasoning_fixture_with(merge_stored: bool) -> (hkkg::KnowledgeGraph, Vec<PathBuf>) {
    let paths = vec![fixture("mini/ontology.ttl"), fixture("mini/data.trig")];
    let graph = hkkg::KnowledgeGraph::load(&hkkg::LoadOptions {
        bundled: false,
        inputs: paths
            .iter()
            .map(|p| hkkg::store::source::Input::new(p, None))
            .collect(),
        merge_stored,
        ..hkkg::LoadOptions::default()
    })
    .expect("the reasoning fixture loads");
    (graph, paths)
}

/// The triples of hkg:inferred as sorted N-Triples lines.
pub fn inferred_lines(graph: &hkkg::KnowledgeGraph) -> Vec<String> {
    let inferred = hkkg::check::reason::inferred_graph();
    let mut lines: Vec<String> = graph
        .quads_for_pattern(None, None, None, Some(inferred.as_ref().into()))
        .map(|q| {
            let q = q.expect("the store reads");
            format!("{} {} {} .", q.subject, q.predicate, q.object)
        })
        .collect();
    lines.sort();
    lines
}

/// The projected columns of a SELECT that are a GROUP_CONCAT, with its separator: the spine of
/// the query (slice, distinct, project, order, the projection's BINDs) down to its GROUP. A
/// column may also be `IF(…, GROUP_CONCAT(…), …)` (a list left unbound when it has no parts).
pub fn group_concat_columns(query: &spargebra::Query) -> BTreeMap<String, String> {
    let spargebra::Query::Select { pattern, .. } = query else {
        return BTreeMap::new();
    };
    let mut renamed = Vec::new();
    let mut pattern = pattern;
    loop {
        match pattern {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Filter { inner, .. } => pattern = inner,
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                let from = match expression {
                    Expression::If(_, then, _) => then.as_ref(),
                    other => other,
                };
                if let Expression::Variable(from) = from {
                    renamed.push((variable.as_str().to_owned(), from.as_str().to_owned()));
                }
                pattern = inner;
            }
            GraphPattern::Group { aggregates, .. } => {
                let separators: BTreeMap<&str, String> = aggregates
                    .iter()
                    .filter_map(|(variable, aggregate)| match aggregate {
                        AggregateExpression::FunctionCall {
                            name: AggregateFunction::GroupConcat { separator },
                            ..
                        } => Some((
                            variable.as_str(),
                            separator.clone().unwrap_or_else(|| " ".to_owned()),
                        )),
                        _ => None,
                    })
                    .collect();
                return renamed
                    .into_iter()
                    .filter_map(|(column, from)| {
                        separators.get(from.as_str()).map(|s| (column, s.clone()))
                    })
                    .collect();
            }
            _ => return BTreeMap::new(),
        }
    }
}
