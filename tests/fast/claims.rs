//! data/claims.tsv, the checklist of the article's factual claims: each row quotes the source, names the
//! passage that states the claim, and gives a SPARQL ASK that the bundled data must answer `true`, run by
//! the `hkkg` binary. Rows marked `structured` may not lean on the words kept in strings (no hk:text,
//! hk:detail, hk:summary, hk:aim, hk:composition…, no REGEX or CONTAINS); every ASK must turn false when
//! the value it expects is changed, so the check can fail.

use crate::support::{hkkg_with_stdin, repo_root};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
struct Claim {
    id: String,
    line: usize,
    structured: bool,
    claim: String,
    ask: String,
}

fn claims() -> Vec<Claim> {
    let text =
        std::fs::read_to_string(repo_root().join("data/claims.tsv")).expect("data/claims.tsv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(
        lines.next(),
        Some("id\tline\tanswer\tclaim\tenglish\task"),
        "the header row"
    );
    lines
        .map(|row| {
            let fields: Vec<&str> = row.split('\t').collect();
            assert_eq!(fields.len(), 6, "six tab-separated fields: {row}");
            let structured = match fields[2] {
                "structured" => true,
                "text" => false,
                other => panic!("{}: answer is structured or text, not {other}", fields[0]),
            };
            Claim {
                id: fields[0].to_owned(),
                line: fields[1].parse().unwrap_or_else(|_| panic!("{row}: line")),
                structured,
                claim: fields[3].to_owned(),
                ask: fields[5].to_owned(),
            }
        })
        .collect()
}

/// The inner group of `ASK { … }`.
fn group(ask: &str) -> &str {
    let body = ask.trim().strip_prefix("ASK").expect("an ASK query").trim();
    assert!(body.starts_with('{') && body.ends_with('}'), "{ask}");
    body
}

/// Evaluates many ASK queries with few runs of `hkkg query`: each becomes `BIND(EXISTS {…})` in a branch
/// of a UNION, up to BATCH branches a run (the parser nests UNIONs). Returns id → answer.
fn answers(asks: &[(String, String)], extra_args: &[&str]) -> BTreeMap<String, bool> {
    asks.chunks(BATCH)
        .flat_map(|chunk| batch(chunk, extra_args))
        .collect()
}

const BATCH: usize = 200;

fn batch(asks: &[(String, String)], extra_args: &[&str]) -> BTreeMap<String, bool> {
    let branches: Vec<String> = asks
        .iter()
        .map(|(id, ask)| {
            format!(
                "{{ BIND(\"{id}\" AS ?id) BIND(EXISTS {} AS ?ok) }}",
                group(ask)
            )
        })
        .collect();
    let query = format!("SELECT ?id ?ok WHERE {{ {} }}", branches.join(" UNION "));
    let mut args: Vec<&str> = extra_args.to_vec();
    args.extend(["query", "-", "--format", "csv"]);
    let run = hkkg_with_stdin(&args, Some(&query));
    if run.code != 0 {
        // Find the ASK that breaks the batch, so that the failure names it.
        for (id, ask) in asks {
            let single = hkkg_with_stdin(&["query", "-"], Some(ask));
            assert_eq!(single.code, 0, "{id}: {ask}\n{}", single.stderr);
        }
        panic!("the batch of ASK queries failed:\n{}", run.stderr);
    }
    run.stdout
        .lines()
        .skip(1)
        .map(|line| {
            let (id, ok) = line.trim_end().split_once(',').expect("id,ok");
            (id.to_owned(), ok == "true")
        })
        .collect()
}

/// The words of every passage, by the line it starts on.
fn passages() -> BTreeMap<usize, String> {
    let run = hkkg_with_stdin(
        &["query", "-", "--format", "json"],
        Some("SELECT ?line ?text WHERE { ?p a hk:Passage ; hk:lineStart ?line ; hk:text ?text }"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["line"]["value"].as_str().unwrap().parse().unwrap(),
                b["text"]["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_checklist_is_well_formed_and_quotes_each_passage_exactly() {
    let claims = claims();
    assert!(claims.len() >= 300, "only {} claims", claims.len());
    let ids: BTreeSet<&str> = claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), claims.len(), "ids are unique");
    let passages = passages();
    for claim in &claims {
        let text = passages
            .get(&claim.line)
            .unwrap_or_else(|| panic!("{}: no passage starts on line {}", claim.id, claim.line));
        // The source words, quoted with … for what is left out (and the box's "- " bullets as written).
        for fragment in claim.claim.split('…').filter(|f| !f.is_empty()) {
            assert!(
                text.contains(fragment),
                "{}: 「{fragment}」 is not in line {}: {text}",
                claim.id,
                claim.line
            );
        }
        // The claim is checked in the graph of its passage.
        let graph = format!("GRAPH hkp:p{:03} {{", claim.line);
        assert!(claim.ask.contains(&graph), "{}: no {graph}", claim.id);
    }
}

/// Properties whose values are the source's words or our renderings (free text), and functions that
/// search strings. Exact values of short value properties (hk:stage "正式談判", hk:roleLabel "主席") and
/// names (labels) may be matched: they are the value the claim is about, not text searched for it.
const STRING_TERMS: [&str; 11] = [
    "hk:text",
    "hk:detail",
    "hk:summary",
    "hk:aim",
    "hk:composition",
    "hk:role ",
    "hk:plannedActivity",
    "hk:plannedStartText",
    "hk:hasBusinessPlan",
    "hk:relativeTimeText",
    "rdfs:comment",
];
const STRING_FUNCTIONS: [&str; 8] = [
    "REGEX",
    "CONTAINS",
    "STRSTARTS",
    "STRENDS",
    "STRBEFORE",
    "STRAFTER",
    "SUBSTR",
    "LCASE",
];
const LABELS: [&str; 3] = ["rdfs:label", "skos:altLabel", "skos:prefLabel"];

/// Why an ASK is no structured answer: it reads a string property, searches strings, or names things by
/// their labels only.
fn string_matching(ask: &str) -> Option<String> {
    let upper = ask.to_uppercase();
    if let Some(term) = STRING_TERMS.iter().find(|t| ask.contains(*t)) {
        return Some(format!("reads {term}"));
    }
    if let Some(function) = STRING_FUNCTIONS
        .iter()
        .find(|f| upper.contains(&format!("{f}(")))
    {
        return Some(format!("uses {function}"));
    }
    // A label may name an entity, but a structured claim holds at least one typed relation too.
    let mut rest = ask.to_owned();
    for label in LABELS {
        rest = rest.replace(label, "");
    }
    let typed = ["hk:", "schema:", "dct:", "org:", "skos:", " a "]
        .iter()
        .any(|t| rest.contains(t));
    (!typed).then(|| "relies on labels only".to_owned())
}

#[test]
fn string_matching_is_recognised() {
    for ask in [
        "ASK { GRAPH hkp:p038 { hkr:delegation-2023 hk:composition ?c } }",
        "ASK { GRAPH hkp:p075 { hkr:qianhai hk:detail ?d FILTER(CONTAINS(?d, \"專業服務\")) } }",
        "ASK { GRAPH hkp:p069 { ?s ?p ?o FILTER(regex(str(?o), \"金融\")) } }",
        "ASK { GRAPH hkp:p017 { hkr:qianhai rdfs:label \"前海\"@zh-Hant } }",
    ] {
        assert!(string_matching(ask).is_some(), "{ask}");
    }
    assert_eq!(
        string_matching("ASK { GRAPH hkp:p017 { hkr:point-2-1 hk:platform hkr:qianhai } }"),
        None
    );
}

#[test]
fn structured_claims_are_not_answered_by_string_matching() {
    let claims = claims();
    for claim in &claims {
        match (claim.structured, string_matching(&claim.ask)) {
            (true, Some(why)) => {
                panic!("{} is marked structured but {why}: {}", claim.id, claim.ask)
            }
            (false, None) => panic!(
                "{} is marked text but its ASK is structured: {}",
                claim.id, claim.ask
            ),
            _ => {}
        }
    }
    // The figures the checklist is reported with.
    let structured = claims.iter().filter(|c| c.structured).count();
    let share = structured as f64 / claims.len() as f64;
    eprintln!(
        "claims: {}; answerable by structured SPARQL: {structured} ({:.1}%)",
        claims.len(),
        100.0 * share
    );
    assert!(share >= 0.95, "only {:.1}% structured", 100.0 * share);
}

#[test]
fn every_claim_holds_in_the_bundled_data() {
    let claims = claims();
    let asks: Vec<(String, String)> = claims
        .iter()
        .map(|c| (c.id.clone(), c.ask.clone()))
        .collect();
    let answers = answers(&asks, &[]);
    let false_ones: Vec<String> = claims
        .iter()
        .filter(|c| answers.get(&c.id) != Some(&true))
        .map(|c| format!("{} (line {}) {}: {}", c.id, c.line, c.claim, c.ask))
        .collect();
    assert!(
        false_ones.is_empty(),
        "{} claim(s) do not hold:\n{}",
        false_ones.len(),
        false_ones.join("\n")
    );
}

/// Mutations of a claim's ASK that must make it false: the last hkr: entity replaced by one the data does
/// not have; the first number raised by one; the passage graph replaced by a passage that states nothing.
fn mutations(claim: &Claim) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(at) = claim.ask.rfind("hkr:") {
        let end = claim.ask[at..]
            .find(|c: char| !(c.is_alphanumeric() || c == ':' || c == '-'))
            .map_or(claim.ask.len(), |n| at + n);
        let mut ask = claim.ask.clone();
        ask.replace_range(end..end, "-not-in-the-source");
        out.push((format!("{}-entity", claim.id), ask));
    }
    if let Some((start, end, value)) = first_number(&claim.ask) {
        let mut ask = claim.ask.clone();
        ask.replace_range(start..end, &(value + 1).to_string());
        out.push((format!("{}-number", claim.id), ask));
    }
    let graph = format!("GRAPH hkp:p{:03} {{", claim.line);
    out.push((
        format!("{}-passage", claim.id),
        claim.ask.replace(&graph, "GRAPH hkp:p999 {"),
    ));
    out
}

/// The first number the ASK expects: a bare integer or decimal, or the digits of a typed literal
/// ("30"^^xsd:integer, "2023-02-04"^^xsd:date: its day), not the digits inside names.
fn first_number(ask: &str) -> Option<(usize, usize, u64)> {
    let bytes = ask.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let before = if start == 0 { b' ' } else { bytes[start - 1] };
            let after = bytes.get(i).copied().unwrap_or(b' ');
            let bare =
                matches!(before, b' ' | b'(' | b'=') && matches!(after, b' ' | b';' | b')' | b'.');
            let quoted = (before == b'"' || before == b'-') && ask[i..].starts_with("\"^^");
            if bare || quoted {
                return Some((start, i, ask[start..i].parse().ok()?));
            }
        } else {
            i += 1;
        }
    }
    None
}

#[test]
fn every_claim_can_fail_a_changed_value_turns_it_false() {
    let claims = claims();
    let mutated: Vec<(String, String)> = claims.iter().flat_map(mutations).collect();
    let numbers = mutated
        .iter()
        .filter(|(id, _)| id.ends_with("-number"))
        .count();
    assert!(numbers >= 30, "only {numbers} claims expect a number");
    let answers = answers(&mutated, &[]);
    let still_true: Vec<String> = mutated
        .iter()
        .filter(|(id, _)| answers.get(id) != Some(&false))
        .map(|(id, ask)| format!("{id}: {ask}"))
        .collect();
    assert!(
        still_true.is_empty(),
        "{} mutated claim(s) still hold:\n{}",
        still_true.len(),
        still_true.join("\n")
    );
}

#[test]
fn the_mutations_change_what_they_say_they_change() {
    let claim = Claim {
        id: "x".into(),
        line: 38,
        structured: true,
        claim: String::new(),
        ask: "ASK { GRAPH hkp:p038 { hkr:delegation-2023 hk:minMemberCount 30 ; hk:lowerBoundExclusive true } }".into(),
    };
    let got: BTreeMap<String, String> = mutations(&claim).into_iter().collect();
    assert_eq!(
        got["x-entity"],
        "ASK { GRAPH hkp:p038 { hkr:delegation-2023-not-in-the-source hk:minMemberCount 30 ; hk:lowerBoundExclusive true } }"
    );
    assert_eq!(
        got["x-number"],
        "ASK { GRAPH hkp:p038 { hkr:delegation-2023 hk:minMemberCount 31 ; hk:lowerBoundExclusive true } }"
    );
    assert!(got["x-passage"].contains("GRAPH hkp:p999 {"));
    assert_eq!(
        first_number("ASK { GRAPH hkp:p036 { hkr:visit-2023-middle-east schema:endDate \"2023-02-11\"^^xsd:date } }")
            .map(|(_, _, v)| v),
        Some(11)
    );
}

#[test]
fn every_passage_that_states_facts_has_claims_on_the_checklist() {
    let run = hkkg_with_stdin(
        &["query", "-", "--format", "csv"],
        Some(
            "SELECT DISTINCT ?line WHERE { GRAPH ?p { ?s ?v ?o } ?p a hk:Passage ; hk:lineStart ?line } ORDER BY ?line",
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stating: BTreeSet<usize> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.trim().parse().unwrap())
        .collect();
    let claimed: BTreeSet<usize> = claims().iter().map(|c| c.line).collect();
    let missing: Vec<&usize> = stating.difference(&claimed).collect();
    assert!(
        missing.is_empty(),
        "passages with facts but no claim: {missing:?}"
    );
}

#[test]
fn the_claims_still_hold_with_the_curated_inferences_loaded() {
    // Loading hkg:curated-inferences adds statements; it must not change what the passages state.
    let claims = claims();
    let asks: Vec<(String, String)> = claims
        .iter()
        .map(|c| (c.id.clone(), c.ask.clone()))
        .collect();
    let answers = answers(&asks, &["--with-inferences"]);
    assert!(claims.iter().all(|c| answers.get(&c.id) == Some(&true)));
}
