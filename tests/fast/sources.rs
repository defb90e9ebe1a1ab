//! `hkkg source`: the bundled passages regenerate byte for byte; a crafted text is cut by the
//! passage rules; an article added to a data directory (the README's walk-through) lints clean and
//! conforms; lint catches facts under a passage that does not exist and passages whose text was
//! edited; `source add` refuses what it would overwrite or repeat, and writes nothing then.

use crate::support::{hkkg, hkkg_ok, repo_root};
use std::fs;
use std::path::{Path, PathBuf};

const BUNDLED_TEXT: &str = "data/source/000_798d22a549aca399.txt";

/// Lines 95 to 99 of the bundled article (a report's lede, then a sentence the extraction broke
/// across a blank line): the README's worked example.
fn excerpt(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(repo_root().join(BUNDLED_TEXT)).unwrap();
    let lines: Vec<&str> = text.lines().skip(94).take(5).collect();
    let path = dir.join("excerpt.txt");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// The README's first fact of the excerpt: its byline (line 1, 「【大公報訊】記者李千泓報道」)
/// names who reported it for whom.
const FIRST_FACT: &str = r#"@prefix dct: <http://purl.org/dc/terms/> .
@prefix hkp: <https://w3id.org/hkkg/passage/> .
@prefix hkr: <https://w3id.org/hkkg/resource/> .

# p001 「【大公報訊】記者李千泓報道：…」: the report is by 李千泓, for Ta Kung Pao.
hkp:tkp-excerpt-p001 {
    hkr:source-tkp-excerpt dct:creator hkr:li-qianhong ;
        dct:publisher hkr:ta-kung-pao .
}
"#;

fn add_excerpt(data: &Path, excerpt: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "source".to_owned(),
        "add".to_owned(),
        excerpt.display().to_string(),
        "--id".to_owned(),
        "tkp-excerpt".to_owned(),
        "--publisher".to_owned(),
        "大公報".to_owned(),
        "--date".to_owned(),
        "2026-07".to_owned(),
        "--title".to_owned(),
        "制度對接可改變碎片化發展".to_owned(),
        "--english-title".to_owned(),
        "Institutional alignment can change fragmented development".to_owned(),
        "--into".to_owned(),
        data.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    hkkg(&args)
}

fn lint(data: &Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "--data".to_owned(),
        data.display().to_string(),
        "lint".to_owned(),
        data.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    hkkg(&args)
}

#[test]
fn the_bundled_passages_regenerate_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("source.trig");
    let run = hkkg(&[
        "source",
        "passages",
        &repo_root().join(BUNDLED_TEXT).display().to_string(),
        "--id",
        "article",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let committed = fs::read(repo_root().join("data/source.trig")).unwrap();
    assert!(
        fs::read(&out).unwrap() == committed,
        "data/source.trig is not what `hkkg source passages` writes; regenerate it"
    );
    // What was decided is said, for a reviewer.
    for decided in [
        "66 passage(s)",
        "lines 81+83, lines 97+99, lines 101+103, lines 111+113, lines 119+125 (across the caption at line 123)",
        "photo captions, passages of their own: lines 65, 123",
        "line 131 (repeats the passage at line 129)",
    ] {
        assert!(run.stderr.contains(decided), "{decided}: {}", run.stderr);
    }
}

#[test]
fn a_crafted_text_is_cut_by_the_passage_rules() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("crafted.txt");
    fs::write(
        &text,
        [
            "測試標題",                                   // 1 a heading
            "",                                           //
            "- 清單項目",                                 // 3 a list item
            "第一段說明背景。其後提到，",                 // 4 a sentence broken across a blank line
            "",                                           //
            "合作日益緊密。",                             // 6 … which ends here
            "",                                           //
            "第二段指出，港人有需求。她建議推動互認，並", // 8 broken across a caption
            "",                                           //
            "▲圖片說明，港人有需求。",                    // 10 a caption, a passage of its own
            "",                                           //
            "加強支援。",                                 // 12 … the end of line 8's sentence
            "",                                           //
            "最後一段提到，有助吸引青年把握機遇。",       // 14
            "",                                           //
            "有助吸引青年把握機遇。",                     // 16 a duplicated end of line 14
            "",
        ]
        .join("\n"),
    )
    .unwrap();
    let data = dir.path().join("data");
    hkkg_ok(&[
        "source",
        "add",
        &text.display().to_string(),
        "--id",
        "crafted",
        "--publisher",
        "hkr:test-publisher",
        "--date",
        "2026",
        "--into",
        &data.display().to_string(),
    ]);
    let rows = hkkg_ok(&[
        "--no-bundled",
        "--data",
        &data.display().to_string(),
        "query",
        "-e",
        "SELECT ?passage ?start ?end ?text WHERE { ?passage hk:lineStart ?start ; hk:lineEnd ?end ; hk:text ?text } ORDER BY ?start",
        "--format",
        "tsv",
    ]);
    let rows: Vec<&str> = rows.lines().skip(1).collect();
    let p = |local: &str| format!("<https://w3id.org/hkkg/passage/{local}>");
    assert_eq!(
        rows,
        [
            format!("{}\t1\t1\t\"測試標題\"@zh-hant", p("crafted-p001")),
            format!("{}\t3\t3\t\"- 清單項目\"@zh-hant", p("crafted-p003")),
            format!(
                "{}\t4\t6\t\"第一段說明背景。其後提到，合作日益緊密。\"@zh-hant",
                p("crafted-p004")
            ),
            format!(
                "{}\t8\t12\t\"第二段指出，港人有需求。她建議推動互認，並加強支援。\"@zh-hant",
                p("crafted-p008")
            ),
            format!(
                "{}\t10\t10\t\"▲圖片說明，港人有需求。\"@zh-hant",
                p("crafted-p010")
            ),
            format!(
                "{}\t14\t14\t\"最後一段提到，有助吸引青年把握機遇。\"@zh-hant",
                p("crafted-p014")
            ),
        ]
    );
}

#[test]
fn an_added_article_and_its_first_fact_lint_clean_and_conform() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("my-data");
    let run = add_excerpt(&data, &excerpt(dir.path()), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("added source 'tkp-excerpt': hkr:source-tkp-excerpt, 2 passage(s), hkp:tkp-excerpt-p001 … hkp:tkp-excerpt-p003"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("joined, a sentence broken across lines: lines 3+5"));
    // The text is kept as given, beside its passages.
    assert_eq!(
        fs::read(data.join("source/tkp-excerpt.txt")).unwrap(),
        fs::read(dir.path().join("excerpt.txt")).unwrap()
    );
    let record = fs::read_to_string(data.join("source/tkp-excerpt.trig")).unwrap();
    for line in [
        "    hkr:source-tkp-excerpt a hk:SourceDocument ;",
        "        dct:issued \"2026-07\"^^xsd:gYearMonth ;",
        "        dct:publisher hkr:ta-kung-pao ;",
        "        hk:fileName \"tkp-excerpt.txt\" .",
        "        hk:lineStart 3 ;\n        hk:lineEnd 5 ;",
    ] {
        assert!(record.contains(line), "{line}:\n{record}");
    }

    fs::write(data.join("documents.trig"), FIRST_FACT).unwrap();
    let linted = lint(&data, &[]);
    assert_eq!(linted.code, 0, "{}{}", linted.stdout, linted.stderr);
    assert!(
        linted
            .stdout
            .ends_with("0 error(s), 0 warning(s) in 2 file(s), 27 triples\n"),
        "{}",
        linted.stdout
    );
    let validated = hkkg(&["--data", &data.display().to_string(), "validate"]);
    assert_eq!(validated.code, 0, "{}", validated.stdout);
    let cited = hkkg_ok(&[
        "--data",
        &data.display().to_string(),
        "cite",
        "hkr:source-tkp-excerpt",
    ]);
    assert!(
        cited.contains("hkp:tkp-excerpt-p001 · line 1\n  「【大公報訊】記者李千泓報道："),
        "{cited}"
    );
}

#[test]
fn lint_catches_facts_under_missing_passages_and_edited_passage_texts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("my-data");
    assert_eq!(add_excerpt(&data, &excerpt(dir.path()), &[]).code, 0);
    // Line 2 of the excerpt is blank: there is no passage hkp:tkp-excerpt-p002.
    fs::write(
        data.join("documents.trig"),
        FIRST_FACT.replace("hkp:tkp-excerpt-p001 {", "hkp:tkp-excerpt-p002 {"),
    )
    .unwrap();
    let passages = data.join("source/tkp-excerpt.trig");
    let record = fs::read_to_string(&passages).unwrap();
    fs::write(
        &passages,
        record.replace("區域融合對香港至關重要", "區域融合對香港很重要"),
    )
    .unwrap();

    let run = lint(&data, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let documents = data.join("documents.trig").display().to_string();
    let source = passages.display().to_string();
    let text = data.join("source/tkp-excerpt.txt").display().to_string();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{documents}:6:1: error[unknown-passage]: graph hkp:tkp-excerpt-p002 is not a passage: no hk:Passage record has this IRI in the files read (a fact goes in the graph of the passage that states it) — did you mean hkp:tkp-excerpt-p001?"),
            format!("{source}:33:5: error[passage-text]: hkp:tkp-excerpt-p003: hk:text does not quote lines 3–5 of {text}: from character 33 the record reads «…珮帆表示，區域融合對香港很重要。她指出，大灣區城…» where the text reads «…珮帆表示，區域融合對香港至關重要。她指出，大灣區…»"),
            "2 error(s), 0 warning(s) in 2 file(s), 27 triples".to_owned(),
        ]
    );

    // The text moved elsewhere: lint says it cannot check, and finds it with --sources.
    fs::write(&passages, record).unwrap();
    fs::write(data.join("documents.trig"), FIRST_FACT).unwrap();
    let elsewhere = dir.path().join("texts");
    fs::create_dir(&elsewhere).unwrap();
    fs::rename(&text, elsewhere.join("tkp-excerpt.txt")).unwrap();
    let run = lint(&data, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error[source-text]: the text of hkr:source-tkp-excerpt (hk:fileName \"tkp-excerpt.txt\") is not found"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("give the folder that holds it with --sources DIR"));
    let run = lint(&data, &["--sources", &elsewhere.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn source_add_refuses_what_it_would_overwrite_or_repeat_and_then_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("my-data");
    let excerpt = excerpt(dir.path());
    assert_eq!(add_excerpt(&data, &excerpt, &[]).code, 0);
    let passages = data.join("source/tkp-excerpt.trig");
    let before = fs::read(&passages).unwrap();

    let again = add_excerpt(&data, &excerpt, &[]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("source 'tkp-excerpt' is already in")
            && again.stderr.contains("--force replaces"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("nothing was written"));
    assert_eq!(fs::read(&passages).unwrap(), before);

    // --force replaces it, here with the broken sentence kept apart, which the file records.
    let forced = add_excerpt(&data, &excerpt, &["--force", "--no-join", "3"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced.stdout.starts_with("replaced source 'tkp-excerpt'"),
        "{}",
        forced.stdout
    );
    let replaced = fs::read_to_string(&passages).unwrap();
    assert!(
        replaced.contains("overriding the passage rules: --no-join 3."),
        "{replaced}"
    );
    assert!(replaced.contains("hkp:tkp-excerpt-p005 a hk:Passage"));

    let run_in = |id: &str, text: &Path, date: &str, publisher: &str, into: &Path| {
        hkkg(&[
            "source",
            "add",
            &text.display().to_string(),
            "--id",
            id,
            "--publisher",
            publisher,
            "--date",
            date,
            "--into",
            &into.display().to_string(),
        ])
    };
    let fresh = dir.path().join("fresh");
    for (id, text, date, publisher, says) in [
        (
            "other",
            excerpt.clone(),
            "2026",
            "大公報",
            "is already the text of",
        ),
        (
            "bundled",
            repo_root().join(BUNDLED_TEXT),
            "2026",
            "大公報",
            "is already the text of the bundled data/source/000_798d22a549aca399.txt",
        ),
        (
            "article",
            dir.path().join("excerpt.txt"),
            "2026",
            "大公報",
            "hkr:source-article is already a source document",
        ),
        (
            "x",
            excerpt.clone(),
            "2026-02-30",
            "大公報",
            "--date: '2026-02-30' is not a valid xsd:date",
        ),
        (
            "x",
            excerpt.clone(),
            "July 2026",
            "大公報",
            "--date: 'July 2026' is not a date",
        ),
        (
            "x",
            excerpt.clone(),
            "2026",
            "明報",
            "--publisher: no entity matches '明報'",
        ),
        (
            "X_1",
            excerpt.clone(),
            "2026",
            "大公報",
            "--id: 'X_1' is not a source id",
        ),
    ] {
        let into = if id == "other" { &data } else { &fresh };
        let run = run_in(id, &text, date, publisher, into);
        assert_eq!(run.code, 2, "{id}: {}", run.stdout);
        assert!(run.stderr.contains(says), "{id}: {}", run.stderr);
    }
    assert!(!fresh.exists(), "a refused source writes nothing");
    let files: Vec<_> = fs::read_dir(data.join("source"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(files.len(), 2, "only tkp-excerpt's text and passages");
}

#[test]
fn lint_checks_the_bundled_passages_against_the_bundled_text() {
    use hkkg::check::lint::{bundled_sources, lint, sources_at};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.trig");
    fs::write(
        &file,
        r#"@prefix hk: <https://w3id.org/hkkg/ontology#> .
@prefix hkg: <https://w3id.org/hkkg/graph/> .
@prefix hkp: <https://w3id.org/hkkg/passage/> .
@prefix hkr: <https://w3id.org/hkkg/resource/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
hkg:source {
    hkp:p036 hk:text "出訪時間：2023年2月5日-11日"@zh-Hant .
}
hkp:p052 {
    hkr:delegation-2026 prov:wasDerivedFrom hkp:p998 .
}
"#,
    )
    .unwrap();
    // The bundled files linted as they are compiled in: each passage is checked against the bundled
    // text its document names, and the bundled passages are known.
    let mut sources = bundled_sources(&["ontology", "data"]);
    sources.extend(sources_at(std::slice::from_ref(&file)).unwrap());
    let report = lint(&sources, &[]).unwrap();
    let found: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let p = f.position.expect("positioned");
            format!(
                "{}:{}:{} {} {}",
                f.file.rsplit('/').next().unwrap(),
                p.line,
                p.column,
                f.code,
                f.message
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "mine.trig:7:5 passage-text hkp:p036: hk:text does not quote line 36 of data/source/000_798d22a549aca399.txt: from character 13 the record reads «出訪時間：2023年2月5日-11日» where the text reads «出訪時間：2023年2月4日-11日»",
            "mine.trig:10:45 unknown-passage hkp:p998 is not a passage: no hk:Passage record has this IRI in the files read — did you mean hkp:p089?",
        ]
    );
}
