//! `hkkg lint` on small fixtures: each kind of mistake is reported with its file:line:column.

use hkkg::check::lint::{lint, sources_at, LintReport, Severity};
use hkkg::store::source::Source;
use std::path::PathBuf;

fn fixture(name: &str) -> Source {
    file(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/mini")
            .join(name),
    )
}

fn file(path: PathBuf) -> Source {
    sources_at(&[path]).expect("a Turtle-family file").remove(0)
}

fn lint_mini(file: &str) -> LintReport {
    lint(&[fixture("ontology.ttl"), fixture(file)], &[]).expect("lint runs")
}

/// "line:column code message" for each finding of a severity, to compare whole lines.
fn lines(report: &LintReport, severity: Severity) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| {
            let p = f
                .position
                .expect("every finding in the fixtures has a position");
            format!("{}:{} {} {}", p.line, p.column, f.code, f.message)
        })
        .collect()
}

#[test]
fn clean_data_has_no_findings() {
    let report = lint_mini("data.trig");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.triples > 50);
}

#[test]
fn each_mistake_is_reported_where_it_is_written() {
    let report = lint(
        &[
            fixture("ontology.ttl"),
            fixture("data.trig"),
            fixture("broken.trig"),
        ],
        &[],
    )
    .unwrap();
    assert!(report
        .findings
        .iter()
        .all(|f| f.file.ends_with("broken.trig")));
    assert_eq!(
        lines(&report, Severity::Error),
        [
            "11:26 invalid-literal \"2023-02-30\" is not a valid xsd:date: 30 is not a valid day of 2",
            "13:37 unknown-term unknown class hk:Visitt — did you mean hk:Visit?",
            "14:43 invalid-literal \"3.5\" is not a valid xsd:integer: not an integer",
            "15:9 unknown-term unknown property hk:signedDurng — did you mean hk:signedDuring?",
            "15:59 range-mismatch hk:agreementCount expects xsd:integer but \"thirty\" is a language-tagged string",
            "17:5 disjoint-classes hkr:john-lee is typed hk:Person and hk:GovernmentBody, but hk:Person and hk:Organization are declared disjoint (owl:disjointWith)",
        ]
    );
    assert_eq!(
        lines(&report, Severity::Warning),
        ["17:104 undescribed-entity hkr:saudi-arabi is referenced but described in no file — did you mean hkr:saudi-arabia?"]
    );
}

#[test]
fn missing_labels_are_warnings_not_errors() {
    let report = lint_mini("broken.trig");
    let warnings = lines(&report, Severity::Warning);
    assert!(
        warnings
            .contains(&"9:5 missing-label hkr:visit-2023 has no English (@en) label".to_owned()),
        "{warnings:#?}"
    );
}

#[test]
fn syntax_errors_and_undeclared_prefixes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(
        &bad,
        "@prefix hk: <https://w3id.org/hkkg/ontology#> .\n\n<http://a> <http://b> \"open ;\n",
    )
    .unwrap();
    let undeclared = dir.path().join("undeclared.ttl");
    std::fs::write(
        &undeclared,
        "<http://a> <http://b> <http://c> .\n  schema:x <http://b>\n  \"x\" .\n",
    )
    .unwrap();
    let report = lint(&[file(bad), file(undeclared)], &[]).unwrap();
    let found: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].ends_with("bad.ttl:3:30: error[syntax]: syntax error: unexpected character '\\n'; the rest of this file was not checked"), "{}", found[0]);
    assert!(found[1].ends_with("undeclared.ttl:2:3: error[undeclared-prefix]: prefix 'schema:' is used but not declared (add `@prefix schema: <http://schema.org/> .`); the rest of this file was not checked"), "{}", found[1]);
}

#[test]
fn the_command_exits_non_zero_on_errors_only() {
    let run = |file: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hkkg"))
            .args(["--no-bundled", "lint", "tests/fixtures/mini/ontology.ttl"])
            .arg(format!("tests/fixtures/mini/{file}"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let clean = run("data.trig");
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    let broken = run("broken.trig");
    assert!(!broken.status.success());
    let text = String::from_utf8_lossy(&broken.stdout);
    let warnings_at = text.find("warnings:\n").expect("warnings are listed apart");
    assert!(text.find("error[").unwrap() < warnings_at);
    assert!(text[warnings_at..].contains("warning[missing-label]"));
}
