//! Shared by the SHACL tests: our results per constraint component, and pySHACL's on the same
//! data (the union graph, written as N-Triples exactly as read).

use hkkg::check::shacl::ValidationReport;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Dataset, TripleRef};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

pub type Counts = BTreeMap<String, u64>;

pub fn counts(report: &ValidationReport) -> Counts {
    let mut counts = Counts::new();
    for result in &report.results {
        *counts.entry(result.component.to_owned()).or_default() += 1;
    }
    counts
}

/// (conforms, results per component) by pySHACL.
pub fn pyshacl(data: &Dataset, shapes: &Path) -> (bool, Counts) {
    let dir = tempfile::tempdir().unwrap();
    let nt = dir.path().join("data.nt");
    let mut writer = RdfSerializer::from_format(RdfFormat::NTriples)
        .for_writer(std::fs::File::create(&nt).unwrap());
    for quad in data.iter() {
        writer.serialize_triple(TripleRef::from(quad)).unwrap();
    }
    writer.finish().unwrap();
    let output = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/pyshacl_check.py"
        ))
        .arg(&nt)
        .arg(shapes)
        .output()
        .expect("python3 runs; install .ci/requirements-trust.txt");
    assert!(
        output.status.success(),
        "pySHACL failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    (
        theirs["conforms"].as_bool().unwrap(),
        serde_json::from_value(theirs["results"].clone()).unwrap(),
    )
}
