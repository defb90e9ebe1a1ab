//! tests/broken/: one file per kind of mistake. Each file's header says what must catch it:
//! `# expect lint: CODE: LINE:COLUMN: MESSAGE` (the finding, its position and the start of its
//! message) and `# expect validate: COMPONENT COUNT` (SHACL results added to the bundled data). A
//! file expects no lint error and conforms unless its header says otherwise, and pySHACL must
//! agree with `hkkg validate` on every file.

use hkkg::check::lint::{bundled_sources, lint, sources_at, Severity};
use hkkg::check::shacl::{validate, Shapes};
use hkkg::store::read_dataset;
use hkkg::store::source::Input;
use hkkg::LoadOptions;
use std::collections::BTreeMap;
use std::path::PathBuf;

struct Expectations {
    lint: Vec<String>,
    validate: BTreeMap<String, u64>,
}

fn expectations(text: &str) -> Expectations {
    let mut expected = Expectations {
        lint: Vec::new(),
        validate: BTreeMap::new(),
    };
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# expect lint: ") {
            expected.lint.push(rest.to_owned());
        } else if let Some(rest) = line.strip_prefix("# expect validate: ") {
            let (component, count) = rest.split_once(' ').expect("COMPONENT COUNT");
            expected
                .validate
                .insert(component.to_owned(), count.parse().unwrap());
        }
    }
    expected
}

fn broken_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "trig"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_broken_file_is_caught_as_its_header_says_and_pyshacl_agrees() {
    let files = broken_files();
    assert!(files.len() >= 15, "one file per kind of mistake");
    let shapes = Shapes::load(None).unwrap();
    let (mut by_lint, mut by_validate, mut by_pyshacl) = (0, 0, 0);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let expected = expectations(&std::fs::read_to_string(file).unwrap());
        assert!(
            !expected.lint.is_empty() || !expected.validate.is_empty(),
            "{name} expects nothing"
        );

        let mut sources = bundled_sources(&["ontology", "data"]);
        sources.extend(sources_at(std::slice::from_ref(file)).expect("a TriG file"));
        let report = lint(&sources, &[]).unwrap();
        let found: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.file.ends_with(&name))
            .map(|f| {
                let p = f.position.expect("positioned");
                format!("{}: {}:{}: {}", f.code, p.line, p.column, f.message)
            })
            .collect();
        for wanted in &expected.lint {
            assert!(
                found.iter().any(|f| f.starts_with(wanted.as_str())),
                "{name}: lint did not report {wanted:?}; it found {found:#?}"
            );
        }
        let errors = report.errors().filter(|f| f.file.ends_with(&name)).count();
        let expected_errors = expected
            .lint
            .iter()
            .filter(|l| !l.starts_with("missing-label"))
            .count();
        assert_eq!(errors, expected_errors, "{name}: {found:#?}");
        assert!(report
            .findings
            .iter()
            .all(|f| f.file.ends_with(&name) || f.severity == Severity::Warning));
        by_lint += usize::from(!expected.lint.is_empty());

        let options = LoadOptions {
            bundled: true,
            inputs: vec![Input::new(file, None)],
            ..hkkg::LoadOptions::default()
        };
        let Ok(data) = read_dataset(&options) else {
            // A file that does not parse cannot be validated; lint must have said why.
            assert!(
                expected
                    .lint
                    .iter()
                    .any(|l| l.starts_with("syntax") || l.starts_with("undeclared-prefix")),
                "{name} does not parse"
            );
            continue;
        };
        let ours = crate::support::shacl_peer::counts(&validate(&data, &shapes).unwrap());
        assert_eq!(ours, expected.validate, "{name}: hkkg validate");
        let theirs = crate::support::shacl_peer::pyshacl(
            &data,
            &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(hkkg::assets::SHAPES_PATH),
        );
        assert_eq!(
            (ours.is_empty(), &ours),
            (theirs.0, &theirs.1),
            "{name}: pySHACL disagrees"
        );
        by_validate += usize::from(!ours.is_empty());
        by_pyshacl += usize::from(!theirs.1.is_empty());
    }
    eprintln!(
        "{} broken files: lint catches {by_lint}, validate {by_validate}, pySHACL {by_pyshacl}",
        files.len()
    );
}
