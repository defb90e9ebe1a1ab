//! Every named query, in the standalone form `hkkg queries --show NAME` prints (PREFIX lines, the
//! default parameters bound in VALUES, `?lang` too), run unchanged in an independent engine —
//! rdflib (`tests/peers/rdflib_portable.py`) — over hkkg's own export of the bundled data, and its
//! answer compared with `hkkg query NAME --format json`.
//!
//! rdflib reads the TriG export into a Dataset whose default graph is the file's default graph (the
//! merged default graph hkkg writes), not the union of the graphs, so plain patterns read what they
//! read in hkkg and `GRAPH ?passage` the passage graphs. Answers are compared by the rules of the
//! W3C runner (`w3c_sparql`): a multiset of rows, literals by value, order only where the outermost
//! ORDER BY sorts on projected variables. A GROUP_CONCAT column, whose order SPARQL leaves
//! undefined, is compared as the multiset of its parts, split on the query's separator; the parts
//! are strings, so the tag of the concatenation is not compared but shown where the engines differ:
//! oxigraph keeps the language tag the parts share, as CONCAT does, rdflib gives a simple literal,
//! and no W3C test settles which GROUP_CONCAT (SPARQL 1.1 §18.5.1.7) should give.
//!
//! Every query must agree (the named queries concatenate `STR(?label)` and so no longer meet
//! rdflib#882, `GROUP_CONCAT(DISTINCT ?x)` raising NotBoundError over an unbound ?x). The test
//! prints a table and the figure the README quotes.

use super::w3c_sparql::{judge, order_keys, read_answer, Answer, Row};
use crate::support::{group_concat_columns, hkkg_ok, peer};
use oxigraph::model::{Literal, Term};
use spargebra::SparqlParser;
use std::collections::{BTreeMap, BTreeSet};

/// What rdflib gave for one query.
enum Outcome {
    /// The same answer; how the tags of GROUP_CONCAT values differ, where they do.
    Agree(Option<String>),
    Differ(String),
    Error(String),
}

#[test]
fn named_queries_run_unchanged_in_rdflib_with_the_same_answers() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let listing: serde_json::Value =
        serde_json::from_str(&hkkg_ok(&["queries", "--format", "json"])).expect("queries JSON");
    let names: Vec<String> = listing
        .as_array()
        .expect("a list of queries")
        .iter()
        .map(|q| q["name"].as_str().expect("a query name").to_owned())
        .collect();
    assert!(
        names.len() > 20,
        "the catalogue lists {} queries",
        names.len()
    );

    let data = dir.path().join("data.trig");
    std::fs::write(&data, hkkg_ok(&["export", "--format", "trig"])).unwrap();
    let mut args = vec![data.clone()];
    let mut shown = Vec::new();
    for name in &names {
        let text = hkkg_ok(&["queries", "--show", name]);
        let (query, out) = (
            dir.path().join(format!("{name}.rq")),
            dir.path().join(format!("{name}.srj")),
        );
        std::fs::write(&query, &text).unwrap();
        args.extend([query, out]);
        shown.push(text);
    }
    let run = peer("rdflib_portable.py", &args);
    let stdout = String::from_utf8(run.stdout).expect("the peer prints UTF-8");
    let mut lines = stdout.lines();
    let version: serde_json::Value =
        serde_json::from_str(lines.next().expect("the peer prints its version")).unwrap();
    let replies: Vec<serde_json::Value> = lines
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(replies.len(), names.len(), "one reply per query: {stdout}");

    let mut table = Vec::new();
    let mut failures = Vec::new();
    for ((name, text), (reply, out)) in names
        .iter()
        .zip(&shown)
        .zip(replies.iter().zip(args[2..].iter().step_by(2)))
    {
        let query = SparqlParser::new()
            .parse_query(text)
            .unwrap_or_else(|e| panic!("the shown form of {name} does not parse: {e}"));
        let concatenated = group_concat_columns(&query);
        let ours = read_answer(
            hkkg_ok(&["query", name, "--format", "json"]).as_bytes(),
            "json",
            None,
        )
        .unwrap_or_else(|e| panic!("hkkg's JSON answer to {name}: {e}"));
        let (ours, our_tags) = split_concatenations(ours, &concatenated);
        let rows = match &ours {
            Answer::Solutions { rows, .. } => rows.len().to_string(),
            Answer::Boolean(value) => value.to_string(),
            Answer::Graph(graph) => format!("{} triples", graph.len()),
        };
        let outcome = match reply["error"].as_str() {
            Some(error) => Outcome::Error(error.to_owned()),
            None => {
                let theirs = std::fs::read(out).expect("rdflib's answer");
                match read_answer(&theirs, "json", None) {
                    Err(e) => Outcome::Differ(format!("rdflib's JSON does not read: {e}")),
                    Ok(theirs) => {
                        let (theirs, their_tags) = split_concatenations(theirs, &concatenated);
                        match judge(&ours, &theirs, &order_keys(&query)) {
                            None if our_tags == their_tags => Outcome::Agree(None),
                            None => Outcome::Agree(Some(format!(
                                "; GROUP_CONCAT tagged {} in hkkg, {} in rdflib",
                                tags_shown(&our_tags),
                                tags_shown(&their_tags)
                            ))),
                            Some(why) => Outcome::Differ(why),
                        }
                    }
                }
            }
        };
        let verdict = match &outcome {
            Outcome::Agree(note) => format!("agree{}", note.as_deref().unwrap_or("")),
            Outcome::Error(why) | Outcome::Differ(why) => {
                failures.push(format!("{name}: {why}"));
                format!("DIFFER: {why}")
            }
        };
        table.push((name.clone(), rows, verdict));
    }

    let agree = table
        .iter()
        .filter(|(.., v)| v.starts_with("agree"))
        .count();
    eprintln!("named queries in rdflib {}:", version["version"]);
    eprintln!("  {:<24} {:>5}  agree/why", "query", "rows");
    for (name, rows, verdict) in &table {
        eprintln!("  {name:<24} {rows:>5}  {verdict}");
    }
    eprintln!(
        "{agree} of {} named queries run unchanged in rdflib with the same answers",
        names.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The answer with each GROUP_CONCAT value replaced by its parts, sorted, as a string, so that
/// neither the order in which an engine concatenated them nor the tag it gave counts; and the
/// tags the values had (`@en`, or `plain`).
fn split_concatenations(
    answer: Answer,
    columns: &BTreeMap<String, String>,
) -> (Answer, BTreeSet<String>) {
    let Answer::Solutions {
        variables,
        rows,
        indexed,
    } = answer
    else {
        return (answer, BTreeSet::new());
    };
    let mut tags = BTreeSet::new();
    let mut sort_parts = |mut row: Row| {
        for (column, separator) in columns {
            if let Some(Term::Literal(literal)) = row.get(column) {
                tags.insert(match literal.language() {
                    Some(language) => format!("@{language}"),
                    None => "plain".to_owned(),
                });
                let mut parts: Vec<&str> = literal.value().split(separator.as_str()).collect();
                parts.sort_unstable();
                let sorted = Literal::new_simple_literal(parts.join(separator));
                row.insert(column.clone(), sorted.into());
            }
        }
        row
    };
    let rows = rows.into_iter().map(&mut sort_parts).collect();
    let answer = Answer::Solutions {
        variables,
        rows,
        indexed,
    };
    (answer, tags)
}

fn tags_shown(tags: &BTreeSet<String>) -> String {
    tags.iter().cloned().collect::<Vec<_>>().join("/")
}
