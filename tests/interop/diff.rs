//! `hkkg diff --patch`: a SPARQL Update patch that an engine we did not write (pyoxigraph) applies to
//! OLD to get NEW.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    crate::support::fixture("diff").join(name)
}

/// Runs the pyoxigraph peer: true when OLD + patch is isomorphic to EXPECTED.
fn peer_applies(old: &Path, patch: &Path, expected: &Path) -> bool {
    let output = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/apply_patch.py"
        ))
        .args([old, patch, expected])
        .output()
        .expect("python3 runs; install .ci/requirements-trust.txt");
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "the peer failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.status.success()
}

#[test]
fn the_patch_turns_old_into_new_in_pyoxigraph() {
    let dir = tempfile::tempdir().unwrap();
    let patch = dir.path().join("change.ru");
    let status = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .arg("diff")
        .args([fixture("old.trig"), fixture("new.trig")])
        .arg("--patch")
        .arg(&patch)
        .arg("--output")
        .arg(dir.path().join("listing.txt"))
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "diff exits 1 when the versions differ"
    );
    assert!(peer_applies(
        &fixture("old.trig"),
        &patch,
        &fixture("new.trig")
    ));
    // The check can fail: the same patch does not turn OLD into OLD.
    assert!(!peer_applies(
        &fixture("old.trig"),
        &patch,
        &fixture("old.trig")
    ));
}
