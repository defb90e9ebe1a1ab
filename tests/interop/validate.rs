//! `hkkg validate` against pySHACL: the same data and shapes, the same conformance and the same
//! number of results per constraint component.

use crate::support::shacl_peer::{counts, pyshacl, Counts};
use hkkg::check::shacl::{validate, Shapes};
use hkkg::store::read_dataset;
use hkkg::LoadOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

fn mini(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mini")
        .join(name)
}

/// Our verdict, and pySHACL's on the same data.
fn both(
    options: &LoadOptions,
    shapes_file: &Path,
    shapes: &Shapes,
) -> ((bool, Counts), (bool, Counts)) {
    let data = read_dataset(options).unwrap();
    let report = validate(&data, shapes).unwrap();
    (
        (report.conforms(), counts(&report)),
        pyshacl(&data, shapes_file),
    )
}

fn mini_options(data: &str) -> LoadOptions {
    LoadOptions {
        bundled: false,
        inputs: vec![
            hkkg::store::source::Input::new(&mini("ontology.ttl"), None),
            hkkg::store::source::Input::new(&mini(data), None),
        ],
        ..LoadOptions::default()
    }
}

#[test]
fn agrees_with_pyshacl_on_clean_and_broken_data() {
    let shapes = Shapes::load(Some(&mini("shapes.ttl"))).unwrap();
    let (ours, theirs) = both(&mini_options("data.trig"), &mini("shapes.ttl"), &shapes);
    assert_eq!(ours, (true, Counts::new()));
    assert_eq!(ours, theirs);
    let (ours, theirs) = both(&mini_options("broken.trig"), &mini("shapes.ttl"), &shapes);
    assert!(!ours.0);
    assert_eq!(ours.1.values().sum::<u64>(), 9, "{ours:?}");
    assert_eq!(ours, theirs);
}

#[test]
fn the_bundled_data_conforms_to_the_bundled_shapes_for_both_engines() {
    let shapes_file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(hkkg::assets::SHAPES_PATH);
    let (ours, theirs) = both(
        &LoadOptions::default(),
        &shapes_file,
        &Shapes::load(None).unwrap(),
    );
    assert_eq!(ours, (true, Counts::new()));
    assert_eq!(ours, theirs);
}

#[test]
fn reports_text_and_a_standard_turtle_report() {
    let shapes = Shapes::load(Some(&mini("shapes.ttl"))).unwrap();
    let report = validate(
        &read_dataset(&mini_options("broken.trig")).unwrap(),
        &shapes,
    )
    .unwrap();
    let mut text = Vec::new();
    report.write_text(&mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("Violation: hkr:visit-2023\n  path: schema:startDate\n  constraint: sh:DatatypeConstraintComponent"), "{text}");
    assert!(
        text.contains("  value: \"2023-02-30\"^^xsd:date\n"),
        "{text}"
    );
    assert!(text.ends_with("does not conform: 9 result(s)\n"), "{text}");
    // The Turtle report is read back by rdflib: one sh:ValidationResult per result.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.ttl");
    let mut out = std::fs::File::create(&file).unwrap();
    hkkg::output::export::write_quads(
        report.to_quads(),
        hkkg::rdf::syntax::RdfSyntax::Turtle,
        &mut out,
    )
    .unwrap();
    let output = Command::new("python3")
        .args(["-c", "import sys, rdflib; g = rdflib.Graph().parse(sys.argv[1]); SH = rdflib.Namespace('http://www.w3.org/ns/shacl#'); print(len(list(g.subjects(rdflib.RDF.type, SH.ValidationResult))), next(g.objects(None, SH.conforms)))"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "9 false",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
