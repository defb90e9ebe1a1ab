//! Helpers for the graph tests: running `hkkg`, and running the Python consumers (NetworkX,
//! igraph, Graphviz), which must be installed (.ci/requirements-graph.txt, .ci/apt-graph.txt):
//! a missing tool fails the test rather than skipping it.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture() -> PathBuf {
    root().join("tests/fixtures/graph/mini.trig")
}

/// The arguments that load only the test fixture.
pub fn fixture_args() -> Vec<String> {
    vec![
        "--no-bundled".to_owned(),
        "--data".to_owned(),
        fixture().display().to_string(),
    ]
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn hkkg(args: &[String]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(args)
        .output()
        .expect("the hkkg binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

pub fn hkkg_ok(args: &[String]) -> String {
    let run = hkkg(args);
    assert_eq!(run.code, 0, "hkkg {args:?} failed:\n{}", run.stderr);
    run.stdout
}

/// Runs a script from tests/graph_support with python3 and parses its JSON output.
pub fn python_json(script: &str, args: &[&Path]) -> serde_json::Value {
    let output = Command::new("python3")
        .arg(root().join("tests/graph_support").join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is required for the graph interop tests ({e}); install it and the packages in .ci/requirements-graph.txt")
        });
    assert!(
        output.status.success(),
        "{script} failed (are the packages in .ci/requirements-graph.txt and Graphviz installed?):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}
