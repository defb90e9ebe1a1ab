//! Every picture hkkg ships — each view drawn by Graphviz and by layout-rs, and the measure chart —
//! rendered to PNG by librsvg (`rsvg-convert`) in both languages, with the CJK fonts installed, as a
//! person would open them. The fast tier checks what they say; this checks that an SVG renderer
//! we did not write draws them.

use crate::support::*;

/// The SVG from `args`, rendered to PNG; returns the PNG's width and height.
fn rendered(args: &[&str], dir: &std::path::Path, name: &str) -> (u32, u32) {
    let svg = dir.join(format!("{name}.svg"));
    let png = dir.join(format!("{name}.png"));
    let mut all = args.to_vec();
    all.extend(["-o", svg.to_str().unwrap()]);
    hkkg_ok(&all);
    let render = external(
        "rsvg-convert",
        &[
            "--format",
            "png",
            "-o",
            png.to_str().unwrap(),
            svg.to_str().unwrap(),
        ],
    );
    assert!(
        render.status.success(),
        "rsvg-convert cannot draw {name}: {}",
        String::from_utf8_lossy(&render.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG", "{name} is a PNG");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn the_chinese_labels_have_a_font() {
    let found = external("fc-match", &["Noto Sans CJK TC"]);
    let name = String::from_utf8_lossy(&found.stdout);
    assert!(
        name.contains("Noto Sans CJK"),
        "fonts-noto-cjk is needed (.ci/install-deps installs it); fc-match says {name}"
    );
}

#[test]
fn every_shipped_picture_renders_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "zh"] {
        for (view, extra) in [
            ("entities", &["--top", "40"][..]),
            ("visits", &[]),
            ("people", &[]),
            ("policy", &["--top", "50"]),
            ("country-links", &[]),
        ] {
            let mut args = vec!["--lang", lang, "graph", view, "--format", "svg"];
            args.extend(extra);
            let (width, height) = rendered(&args, dir.path(), &format!("{view}-{lang}"));
            assert!(
                width > 300 && height > 200,
                "{view} {lang}: {width}×{height}"
            );
        }
        for view in ["visits", "people"] {
            let args = [
                "--lang",
                lang,
                "graph",
                view,
                "--format",
                "svg",
                "--svg-engine",
                "rust",
            ];
            rendered(&args, dir.path(), &format!("{view}-rust-{lang}"));
        }
        let (width, height) = rendered(
            &["--lang", lang, "analyze", "entities", "--format", "svg"],
            dir.path(),
            &format!("chart-{lang}"),
        );
        assert!(
            width > 400 && height > 20 * 26,
            "chart {lang}: {width}×{height}"
        );
    }
}
