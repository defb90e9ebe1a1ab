//! Helpers shared by the integration tests: running the `hkkg` binary and checking external tools.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The result of one `hkkg` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn hkkg(args: &[&str]) -> Run {
    hkkg_with_stdin(args, None)
}

pub fn hkkg_with_stdin(args: &[&str], stdin: Option<&str>) -> Run {
    use std::io::Write;
    use std::process::Stdio;
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
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(text.as_bytes())
            .expect("stdin accepts the query");
    }
    let output: Output = child.wait_with_output().expect("hkkg finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `hkkg` and fails the test with its stderr unless it succeeded.
pub fn hkkg_ok(args: &[&str]) -> String {
    let run = hkkg(args);
    assert_eq!(run.code, 0, "hkkg {args:?} failed:\n{}", run.stderr);
    run.stdout
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Runs an external program; the interoperability tests must fail, not skip, when it is missing,
/// because CI installs it (see .ci/run).
pub fn external(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test (installed by .ci/run): {e}"))
}

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

/// The RDF files of the repository's ontology/ and data/, sorted.
pub fn bundled_source_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["ontology", "data"] {
        for entry in std::fs::read_dir(repo_root().join(dir)).expect("the directory exists") {
            let path = entry.expect("readable entry").path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("ttl" | "trig")
            ) && !is_shapes(&path)
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn is_shapes(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "shapes.ttl")
}
