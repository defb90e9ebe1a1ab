//! The W3C SHACL Core test suite, run through the `hkkg` binary.
//!
//! The suite is not copied into the repository: it is read from `<repo>/../shared/w3c/shacl-core`
//! (or `$HKKG_W3C_DIR/shacl-core`), and a missing folder fails the test rather than skipping it. The
//! runner follows the manifests (`mf:include`, `mf:entries`), runs
//! `hkkg --no-bundled --data DATA validate --shapes SHAPES --format turtle` for every
//! `sht:Validate` entry and compares the report with `mf:result` as the suite's rules say:
//! `sh:conforms`, and the set of results on focus node, path, value, source shape, source constraint
//! component and severity (messages ignored), blank nodes matched by a one-to-one mapping and paths
//! compared by structure. It prints the passes per folder and the failing tests with their reason,
//! and fails when a test not listed in `tests/w3c/shacl-core.expected` fails or a listed one passes
//! (so the recorded count can neither drop nor go stale).

use crate::support::manifest::{
    allowed_failures, assert_expected, entries, iri, iri_path, is_a, list, manifests, object,
    read_turtle, suite_dir, test_name, MF,
};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Graph, NamedOrBlankNodeRef, Term, TermRef};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";

/// A path written by structure (`(ex:p / ^ex:q)*`), so blank path nodes compare by what they say.
fn path_text(graph: &Graph, path: TermRef<'_>, depth: usize) -> String {
    assert!(depth < 64, "path too deep");
    match path {
        TermRef::NamedNode(n) => format!("<{}>", n.as_str()),
        TermRef::BlankNode(b) => {
            if graph.object_for_subject_predicate(b, rdf::FIRST).is_some() {
                let steps: Vec<String> = list(graph, path)
                    .iter()
                    .map(|s| path_text(graph, s.as_ref(), depth + 1))
                    .collect();
                return format!("({})", steps.join(" / "));
            }
            for (local, wrap) in [
                ("inversePath", "^({})"),
                ("zeroOrMorePath", "({})*"),
                ("oneOrMorePath", "({})+"),
                ("zeroOrOnePath", "({})?"),
            ] {
                if let Some(inner) = graph.object_for_subject_predicate(b, &iri(SH, local)) {
                    return wrap.replace("{}", &path_text(graph, inner, depth + 1));
                }
            }
            if let Some(alternatives) =
                graph.object_for_subject_predicate(b, &iri(SH, "alternativePath"))
            {
                let steps: Vec<String> = list(graph, alternatives)
                    .iter()
                    .map(|s| path_text(graph, s.as_ref(), depth + 1))
                    .collect();
                return format!("({})", steps.join(" | "));
            }
            "(unknown path)".to_owned()
        }
        other => format!("(not a path: {other})"),
    }
}

/// One result's compared fields: focus node, value and source shape as terms (blank nodes matched
/// later), path as structure, component and severity as IRIs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    focus: Option<Term>,
    path: Option<String>,
    value: Option<Term>,
    shape: Option<Term>,
    component: Option<Term>,
    severity: Option<Term>,
}

impl Found {
    fn terms(&self) -> [&Option<Term>; 3] {
        [&self.focus, &self.value, &self.shape]
    }

    fn show(&self) -> String {
        let term = |t: &Option<Term>| t.as_ref().map_or_else(|| "-".to_owned(), short);
        format!(
            "focus {} path {} value {} shape {} {} {}",
            term(&self.focus),
            self.path.as_deref().unwrap_or("-"),
            term(&self.value),
            term(&self.shape),
            term(&self.component),
            term(&self.severity)
        )
    }
}

fn short(term: &Term) -> String {
    term.to_string()
        .replace(SH, "sh:")
        .replace("http://datashapes.org/sh/tests/", "")
}

#[derive(Debug)]
struct Report {
    conforms: bool,
    results: Vec<Found>,
}

fn report(graph: &Graph, node: TermRef<'_>) -> Result<Report, String> {
    let conforms = match object(graph, node, &iri(SH, "conforms")) {
        Some(TermRef::Literal(l)) => l.value() == "true",
        other => return Err(format!("the report has no sh:conforms boolean: {other:?}")),
    };
    let subject = match node {
        TermRef::NamedNode(n) => NamedOrBlankNodeRef::from(n),
        TermRef::BlankNode(b) => b.into(),
        _ => return Err("the report is a literal".to_owned()),
    };
    let field = |result: TermRef<'_>, local: &str| {
        object(graph, result, &iri(SH, local)).map(TermRef::into_owned)
    };
    let results = graph
        .objects_for_subject_predicate(subject, &iri(SH, "result"))
        .map(|result| Found {
            focus: field(result, "focusNode"),
            path: object(graph, result, &iri(SH, "resultPath")).map(|p| path_text(graph, p, 0)),
            value: field(result, "value"),
            shape: field(result, "sourceShape"),
            component: field(result, "sourceConstraintComponent"),
            severity: field(result, "resultSeverity"),
        })
        .collect();
    Ok(Report { conforms, results })
}

/// True when `actual` equals `expected` under a one-to-one mapping of their blank nodes.
fn same_results(expected: &[Found], actual: &[Found]) -> bool {
    fn search(
        expected: &[Found],
        actual: &[Found],
        used: &mut Vec<bool>,
        mapping: &mut HashMap<Term, Term>,
    ) -> bool {
        let Some((first, rest)) = expected.split_first() else {
            return true;
        };
        for (index, candidate) in actual.iter().enumerate() {
            if used[index]
                || (&first.path, &first.component, &first.severity)
                    != (&candidate.path, &candidate.component, &candidate.severity)
            {
                continue;
            }
            let mut added = Vec::new();
            let fits = first
                .terms()
                .iter()
                .zip(candidate.terms())
                .all(|(wanted, got)| match (wanted, got) {
                    (Some(Term::BlankNode(w)), Some(g @ Term::BlankNode(_))) => {
                        let w = Term::from(w.clone());
                        match mapping.get(&w) {
                            Some(mapped) => mapped == g,
                            None if mapping.values().any(|m| m == g) => false,
                            None => {
                                mapping.insert(w.clone(), g.clone());
                                added.push(w);
                                true
                            }
                        }
                    }
                    (wanted, got) => *wanted == got,
                });
            if fits {
                used[index] = true;
                if search(rest, actual, used, mapping) {
                    return true;
                }
                used[index] = false;
            }
            for w in added {
                mapping.remove(&w);
            }
        }
        false
    }
    expected.len() == actual.len()
        && search(
            expected,
            actual,
            &mut vec![false; actual.len()],
            &mut HashMap::new(),
        )
}

struct Case {
    /// folder/name, e.g. node/and-001
    name: String,
    data: PathBuf,
    shapes: PathBuf,
    expected: Report,
}

fn cases(manifest: &std::path::Path) -> Vec<Case> {
    let mut out = Vec::new();
    for (path, graph, me) in manifests(manifest) {
        for entry in entries(&graph, &me) {
            let entry = entry.as_ref();
            if !is_a(&graph, entry, iri(SHT, "Validate").as_ref()) {
                continue;
            }
            let action = object(&graph, entry, &iri(MF, "action")).expect("mf:action");
            let file = |local: &str| match object(&graph, action, &iri(SHT, local)) {
                Some(TermRef::NamedNode(n)) => iri_path(n.as_str()),
                other => panic!("{entry}: sht:{local} is {other:?}"),
            };
            out.push(Case {
                name: test_name(&path, entry),
                data: file("dataGraph"),
                shapes: file("shapesGraph"),
                expected: report(
                    &graph,
                    object(&graph, entry, &iri(MF, "result")).expect("mf:result"),
                )
                .unwrap_or_else(|e| panic!("{entry}: {e}")),
            });
        }
    }
    out
}

/// Runs one test through the binary: None when it passes, or why not.
fn run(case: &Case) -> Option<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .arg("--no-bundled")
        .arg("--data")
        .arg(&case.data)
        .args(["validate", "--format", "turtle", "--shapes"])
        .arg(&case.shapes)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.stdout.is_empty() {
        let reason = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Some(format!("refused: {}", reason.trim_start_matches("error: ")));
    }
    judge(case, &output.stdout, Some(output.status.success()))
}

/// Compares a Turtle report with the expected one: None when they agree, or how they differ.
/// `succeeded`: the exit status, which must say whether the data conforms.
fn judge(case: &Case, turtle: &[u8], succeeded: Option<bool>) -> Option<String> {
    let graph = match read_turtle(turtle, None) {
        Ok(graph) => graph,
        Err(e) => return Some(format!("the report is not Turtle: {e}")),
    };
    let node = graph
        .subject_for_predicate_object(rdf::TYPE, &iri(SH, "ValidationReport"))
        .map(|n| n.into_owned());
    let Some(node) = node else {
        return Some("no sh:ValidationReport in the output".to_owned());
    };
    let actual = match report(&graph, node.as_ref().into()) {
        Ok(report) => report,
        Err(e) => return Some(e),
    };
    if succeeded.is_some_and(|s| s != actual.conforms) {
        return Some(format!(
            "the exit status says the opposite of sh:conforms {}",
            actual.conforms
        ));
    }
    if actual.conforms != case.expected.conforms {
        return Some(format!(
            "sh:conforms {} where {} is expected",
            actual.conforms, case.expected.conforms
        ));
    }
    if same_results(&case.expected.results, &actual.results) {
        return None;
    }
    let (expected, got) = (&case.expected.results, &actual.results);
    // Listed loosely (any blank node matches any), so the listing shows what differs in substance.
    let loose = |a: &Found, b: &Found| {
        let term = |x: &Option<Term>, y: &Option<Term>| {
            matches!((x, y), (Some(Term::BlankNode(_)), Some(Term::BlankNode(_)))) || x == y
        };
        (&a.path, &a.component, &a.severity) == (&b.path, &b.component, &b.severity)
            && a.terms().iter().zip(b.terms()).all(|(x, y)| term(x, y))
    };
    let shown = |these: &[Found], others: &[Found]| {
        let mut shown: Vec<String> = these
            .iter()
            .filter(|e| !others.iter().any(|o| loose(e, o)))
            .map(Found::show)
            .collect();
        shown.sort();
        shown
    };
    let (missing, extra) = (shown(expected, got), shown(got, expected));
    Some(format!(
        "{} result(s) where {} are expected (counting duplicates); missing [{}]; unexpected [{}]",
        got.len(),
        expected.len(),
        missing.join("; "),
        extra.join("; ")
    ))
}

/// The tests pySHACL fails on the same comparison, with the reason; all run in one Python process.
fn pyshacl_failures(cases: &[Case]) -> Vec<(String, String)> {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let out = |index: usize| dir.path().join(format!("{index}.ttl"));
    let mut child = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/pyshacl_reports.py"
        ))
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 runs; install .ci/requirements-trust.txt");
    let mut stdin = child.stdin.take().unwrap();
    for (index, case) in cases.iter().enumerate() {
        writeln!(
            stdin,
            "{}\t{}\t{}",
            case.data.display(),
            case.shapes.display(),
            out(index).display()
        )
        .unwrap();
    }
    drop(stdin);
    assert!(child.wait().unwrap().success(), "pySHACL failed");
    cases
        .iter()
        .enumerate()
        .filter_map(|(index, case)| {
            let reason = match std::fs::read(out(index)) {
                Ok(report) => judge(case, &report, None)?,
                Err(_) => "pySHACL gave no report".to_owned(),
            };
            Some((case.name.clone(), reason))
        })
        .collect()
}

#[test]
fn w3c_shacl_core_suite_through_the_binary() {
    let start = Instant::now();
    let all = cases(&suite_dir("shacl-core", "manifest.ttl").join("manifest.ttl"));
    assert!(all.len() >= 98, "only {} tests found", all.len());
    let allowed = allowed_failures("shacl-core.expected");
    let mut per_folder: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = BTreeMap::new();
    for case in &all {
        let folder = case.name.split('/').next().unwrap().to_owned();
        let counts = per_folder.entry(folder).or_default();
        counts.1 += 1;
        match run(case) {
            None => counts.0 += 1,
            Some(reason) => {
                failures.insert(case.name.clone(), reason);
            }
        }
    }
    let passed: usize = per_folder.values().map(|c| c.0).sum();
    eprintln!("W3C SHACL Core through hkkg validate:");
    for (folder, (pass, total)) in &per_folder {
        eprintln!("  {folder}: {pass} of {total}");
    }
    eprintln!(
        "  all: {passed} of {} ({:.1} s)",
        all.len(),
        start.elapsed().as_secs_f64()
    );
    for (name, reason) in &failures {
        eprintln!("  FAIL {name}: {reason}");
    }
    let theirs = pyshacl_failures(&all);
    eprintln!(
        "pySHACL on the same tests and comparison: {} of {}",
        all.len() - theirs.len(),
        all.len()
    );
    for (name, reason) in &theirs {
        eprintln!("  pySHACL FAIL {name}: {reason}");
    }
    assert_expected(&failures, &allowed, "shacl-core.expected");
}
