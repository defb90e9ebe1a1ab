//! `--reason rdfs` agrees with an independent RDFS reasoner (owlrl).

use crate::support::{inferred_lines, reasoning_fixture};
use hkkg::check::reason::{materialize, Reasoning};
use std::process::Command;

#[test]
fn agrees_with_owlrl() {
    let (graph, paths) = reasoning_fixture();
    materialize(&graph, Reasoning::Rdfs).unwrap();
    let output = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/rdfs_closure.py"
        ))
        .args(&paths)
        .output()
        .expect("python3 runs; install .ci/requirements-trust.txt");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(inferred_lines(&graph), theirs);
}
