//! `hkkg diff`: a readable listing of a data change (the interop tier has pyoxigraph apply the patch).

use hkkg::check::diff::{diff, read, write_listing, write_patch};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn listing(old: &Path, new: &Path) -> String {
    let mut out = Vec::new();
    write_listing(&diff(read(old).unwrap(), read(new).unwrap()), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn lists_changed_values_and_changed_blank_nodes_only() {
    let text = listing(&fixture("old.trig"), &fixture("new.trig"));
    for expected in [
        "default graph\n  + hk:Visit rdfs:label \"訪問\"@zh-hant\n",
        "graph hkp:p036\n  - hkr:visit-2023 schema:startDate \"2023-02-04\"^^xsd:date\n  + hkr:visit-2023 schema:startDate \"2023-02-05\"^^xsd:date\n",
        "  - hkr:outcome-2025-agreements hk:agreementCount \"30\"^^xsd:integer\n  + hkr:outcome-2025-agreements hk:agreementCount \"30\"^^xsd:nonNegativeInteger\n",
        "schema:minValue \"1650000000\"^^xsd:decimal\n",
        "schema:minValue \"1700000000\"^^xsd:decimal\n",
        "5 removed, 6 added\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // The blank node that did not change is matched canonically and stays out of the diff.
    assert!(!text.contains("unchanged blank node"), "{text}");
    assert_eq!(
        listing(&fixture("old.trig"), &fixture("old.trig")),
        "0 removed, 0 added\n"
    );
}
#[test]
fn compares_directories_and_exports_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(fixture("old.trig"), a.join("visits.trig")).unwrap();
    std::fs::copy(fixture("old.trig"), b.join("visits.trig")).unwrap();
    std::fs::write(b.join("extra.ttl"), "<https://w3id.org/hkkg/resource/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n").unwrap();
    assert_eq!(
        listing(&a, &b),
        "default graph\n  + hkr:x rdfs:label \"x\"@en\n0 removed, 1 added\n"
    );
    let mut patch = Vec::new();
    write_patch(&diff(read(&a).unwrap(), read(&b).unwrap()), &mut patch).unwrap();
    let patch = String::from_utf8(patch).unwrap();
    assert!(patch.contains("INSERT DATA {\n  <https://w3id.org/hkkg/resource/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n}"), "{patch}");
    assert!(!patch.contains("DELETE"), "{patch}");
}
