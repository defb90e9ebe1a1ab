//! The analyst's workbench (issue 10): advice on misspelt terms before a query runs (measured on a
//! corpus of realistic mistakes), syntax errors in words, finding things by name, parameters that
//! name entities, standalone queries, SERVICE against a local endpoint, completions and the manual.

use crate::support::{fixture, hkkg, hkkg_ok};
use hkkg::commands::{self, QueryRequest, Session, SessionOptions};
use hkkg::output::results::ResultFormat;
use hkkg::query::source::QuerySource;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

fn session() -> &'static Session {
    static SESSION: OnceLock<Session> = OnceLock::new();
    SESSION
        .get_or_init(|| Session::open(&SessionOptions::default()).expect("the bundled data loads"))
}

/// What hkkg says about a query: its advice, or its error.
fn said(query: &str) -> String {
    let request = QueryRequest {
        source: QuerySource::Inline(query.to_owned()),
        params: Vec::new(),
        format: Some(ResultFormat::CSV).into(),
        labels: false,
        max_rows: None,
        row_limit: None,
        dataset: None,
        strict: false,
    };
    match commands::query(session(), &request, &mut Vec::new()) {
        Ok(outcome) => outcome
            .advice
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        Err(error) => error.to_string(),
    }
}

/// The first suggestion in what hkkg said: the text after the first "did you mean", or the
/// langMatches rewrite.
fn first_suggestion(said: &str) -> Option<&str> {
    let at = said
        .find("did you mean ")
        .map(|at| at + "did you mean ".len())
        .or_else(|| said.find("langMatches("))?;
    let rest = &said[at..];
    // "langMatches(lang(…), "zh-Hant")" whole; otherwise up to the question mark.
    let end = if rest.starts_with("langMatches") {
        rest.find("\")").map(|e| e + 2)
    } else {
        rest.find(['?', '\n'])
    };
    Some(&rest[..end.unwrap_or(rest.len())])
}

#[test]
fn misspelt_terms_get_the_right_first_suggestion() {
    let corpus = std::fs::read_to_string(fixture("workbench/misspellings.tsv")).unwrap();
    let cases: Vec<(&str, &str, &str)> = corpus
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            (
                fields.next().unwrap(),
                fields.next().expect("a query"),
                fields.next().expect("the expected suggestion"),
            )
        })
        .collect();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut wrong = Vec::new();
    for (kind, query, expected) in &cases {
        let answer = said(query);
        let first = first_suggestion(&answer).unwrap_or("");
        let expected = expected
            .trim_start_matches("did you mean ")
            .trim_end_matches('?');
        if !first.contains(expected) {
            wrong.push(format!(
                "{kind}: {query}\n  expected {expected}\n  said {answer}"
            ));
        }
    }
    let right = cases.len() - wrong.len();
    println!(
        "misspelling corpus: {right} of {} cases ({:.0}%) get the right first suggestion",
        cases.len(),
        100.0 * right as f64 / cases.len() as f64
    );
    assert!(
        wrong.is_empty(),
        "wrong or missing suggestions:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn correct_queries_get_no_warnings() {
    let catalog = &session().queries;
    for query in &catalog.entries {
        let advice = said(&query.text);
        assert!(!advice.contains("warning"), "{}: {advice}", query.name);
    }
    assert_eq!(
        said("SELECT ?s WHERE { ?s a hk:Country ; rdfs:label ?l }"),
        ""
    );
    // A superclass nothing is typed with directly says how to reach its members.
    assert!(said("SELECT ?s WHERE { ?s a schema:Country }").contains("add --reason rdfs"));
}

#[test]
fn strict_refuses_a_query_with_warnings_and_an_empty_answer_says_why() {
    let run = hkkg(&[
        "query",
        "-e",
        "SELECT ?v WHERE { ?v a hk:Vist }",
        "--strict",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not run: 1 warning under --strict"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let run = hkkg(&["query", "-e", "SELECT ?v WHERE { ?v a hk:Vist }"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains(
            "warning[unknown-class] at 1:24: unknown class hk:Vist — did you mean hk:Visit?"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("note[empty-result]"), "{}", run.stderr);
    // A warning on a query that does answer adds no empty-result note.
    let run = hkkg(&[
        "query",
        "-e",
        "SELECT ?v WHERE { ?v a hk:Visit OPTIONAL { ?v hk:leeder ?l } }",
    ]);
    assert!(run.stderr.contains("hk:leader"), "{}", run.stderr);
    assert!(!run.stderr.contains("empty-result"), "{}", run.stderr);
    // Lower-case comparisons hold: a note, not a warning, and --strict runs them.
    let run = hkkg(&[
        "query",
        "--strict",
        "-e",
        "SELECT ?l WHERE { hkr:qatar rdfs:label ?l FILTER(lang(?l) = \"en\") }",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Qatar"), "{}", run.stdout);
    assert!(
        run.stderr.contains("note[lang-comparison]"),
        "{}",
        run.stderr
    );
}

#[test]
fn syntax_errors_say_what_is_wrong_where() {
    let cases = [
        (
            "SELECT ?x WHERE { ?x ?p }",
            "line 1, column 25: this triple pattern has no object",
        ),
        (
            "SELECT ?x WHERE {\n  ?x ?p ?o\n",
            "line 1, column 17: this '{' is never closed",
        ),
        (
            "SELECT ?x WHERE { ?x ?p \"abc }",
            "line 1, column 25: this string is never closed",
        ),
        (
            "SELECT ?x WHERE { ?x ?p ?o } ORDER BY",
            "ORDER BY needs what to sort on",
        ),
        (
            "SELECT ?x WHERE { ?x ?p ?o } LIMIT x",
            "LIMIT needs a whole number",
        ),
        (
            "SELECT WHERE { ?x ?p ?o }",
            "SELECT needs the variables to return",
        ),
        (
            "SELECT ?x WHERE { ?x ?p ?o FILTER(?o = ) }",
            "expected an expression",
        ),
        ("SELECT ?x WHERE { ?x ?p ?o }}", "this '}' closes nothing"),
        (
            "SELECT ?x WHERE { ?x ?p ?o FILTER(?o > 3 }",
            "this '}' cannot close the '(' opened at 1:34",
        ),
    ];
    for (query, expected) in cases {
        let run = hkkg(&["query", "--check", "-e", query]);
        assert_eq!(run.code, 2, "{query}");
        assert!(run.stderr.contains(expected), "{query}:\n{}", run.stderr);
        assert!(run.stderr.contains('^'), "a caret: {}", run.stderr);
        assert!(
            !run.stderr.contains("[_]"),
            "no character classes: {}",
            run.stderr
        );
    }
}

#[test]
fn search_ranks_by_label_alternative_label_and_identifier_in_both_languages() {
    let first_iri = |args: &[&str]| -> String {
        let mut all = vec!["search", "--format", "json"];
        all.extend_from_slice(args);
        let json: serde_json::Value = serde_json::from_str(&hkkg_ok(&all)).unwrap();
        json[0]["iri"].as_str().unwrap_or("").to_owned()
    };
    let hkr = |local: &str| format!("https://w3id.org/hkkg/resource/{local}");
    assert_eq!(first_iri(&["Qianhai"]), hkr("qianhai"));
    assert_eq!(first_iri(&["前海"]), hkr("qianhai"));
    assert_eq!(
        first_iri(&["深港現代服務業"]),
        hkr("qianhai"),
        "Chinese inside a label, without word breaks"
    );
    assert_eq!(
        first_iri(&["Kazakstan"]),
        hkr("kazakhstan"),
        "a typing mistake"
    );
    assert_eq!(
        first_iri(&["哈萨克斯坦"]),
        hkr("kazakhstan"),
        "simplified characters in a traditional name"
    );
    assert_eq!(
        first_iri(&["QA", "--type", "Country"]),
        hkr("qatar"),
        "an ISO code"
    );
    assert_eq!(
        first_iri(&["Almaty", "--type", "hk:AirRoute"]),
        hkr("air-route-hk-almaty")
    );
    let json: serde_json::Value = serde_json::from_str(&hkkg_ok(&[
        "search", "Kazakh", "--type", "國家", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    let table = hkkg_ok(&["search", "Qatar", "--limit", "2"]);
    assert!(
        table.contains("hkr:qatar") && table.contains("country"),
        "{table}"
    );
    assert!(hkkg_ok(&["search", "zzzqqq"]).contains("no entity matches"));
    let run = hkkg(&["search", "x", "--type", "Countyr"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean Country?"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_find_entities_in_cite_path_and_parameters() {
    let cited = hkkg_ok(&["cite", "Qianhai"]);
    assert!(
        cited.starts_with(
            "Qianhai Shenzhen-Hong Kong Modern Service Industry Co-operation Zone (hkr:qianhai)"
        ),
        "{cited}"
    );
    let run = hkkg(&["cite", "Middle East visit"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("matches several entities"),
        "{}",
        run.stderr
    );
    let run = hkkg(&["cite", "Kazakstan"]);
    assert!(
        run.stderr
            .contains("did you mean one of: 'Kazakhstan' (hkr:kazakhstan)"),
        "{}",
        run.stderr
    );
    let path = hkkg_ok(&["path", "Qianhai", "Nansha", "--limit", "1"]);
    assert!(path.contains("between"), "{path}");

    // A free parameter binds to an entity only when one fits, and says which.
    let query = "SELECT ?area WHERE { ?platform hk:cooperationArea ?area }";
    let run = hkkg(&[
        "query",
        "-e",
        query,
        "--param",
        "platform=Nansha",
        "--format",
        "csv",
    ]);
    assert!(run.stdout.contains("sector-shipping"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("note[parameter]: --param platform=Nansha is bound to the entity hkr:nansha"),
        "{}",
        run.stderr
    );
    let run = hkkg(&[
        "query",
        "-e",
        query,
        "--param",
        "platform=Middle East visit",
        "--format",
        "csv",
    ]);
    assert!(
        run.stderr
            .contains("bound to the string \"Middle East visit\": it names several entities"),
        "{}",
        run.stderr
    );
    let run = hkkg(&["query", "-e", query, "--param", "platform=hkr:nansah"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("(hkr:nansha)"), "{}", run.stderr);
    // A declared iri parameter takes a unique partial name and says how it read it.
    let run = hkkg(&[
        "query",
        "statements-about",
        "--param",
        "topic=前海深港",
        "--format",
        "csv",
    ]);
    assert!(
        run.stdout.contains("statement-xi-chunying"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("taken as hkr:qianhai (its Chinese label «前海深港現代服務業合作區» begins with «前海深港»)"),
        "{}",
        run.stderr
    );
    // A partial name several entities share lists them.
    let run = hkkg(&["query", "visit-timeline", "--param", "country=Qata"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("matches several entities")
            && run.stderr.contains("'Qatar' (hkr:qatar)"),
        "{}",
        run.stderr
    );
}

/// Rows of a JSON result as sorted strings.
fn json_rows(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).expect("SPARQL JSON");
    let mut rows: Vec<String> = value["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| row.to_string())
        .collect();
    rows.sort();
    rows
}

#[test]
fn every_shown_named_query_answers_as_the_named_query_does() {
    for query in &session().queries.entries {
        let mut params: Vec<&str> = Vec::new();
        if query.params.iter().any(|p| p.name == "country") {
            params.extend(["--param", "country=Qatar"]);
        }
        let mut show = vec!["--lang", "zh", "queries", "--show", &query.name];
        show.extend(&params);
        let shown = hkkg_ok(&show);
        assert!(
            shown.contains("PREFIX hk: <https://w3id.org/hkkg/ontology#>"),
            "{shown}"
        );
        let bound = !params.is_empty()
            || query
                .params
                .iter()
                .any(|p| p.default.is_some() || p.name == "lang");
        assert_eq!(
            shown.contains("bound as hkkg binds them\n  VALUES"),
            bound,
            "{}:\n{shown}",
            query.name
        );
        // Standalone: it parses without hkkg's prefixes.
        spargebra::SparqlParser::new()
            .parse_query(&shown)
            .unwrap_or_else(|e| panic!("{}: {e}\n{shown}", query.name));
        let mut named = vec!["--lang", "zh", "query", &query.name, "--format", "json"];
        named.extend(&params);
        let expected = json_rows(&hkkg_ok(&named));
        let actual = json_rows(&hkkg_ok(&["query", "-e", &shown, "--format", "json"]));
        assert_eq!(actual, expected, "{}", query.name);
    }
    let run = hkkg(&[
        "queries",
        "--show",
        "visit-timeline",
        "--param",
        "contry=Qatar",
    ]);
    assert!(
        run.stderr.contains("did you mean country"),
        "{}",
        run.stderr
    );
}

/// A SPARQL endpoint on a free loopback port that answers every request with `answer` (or, with
/// None, reads the request and never answers), for `requests` requests; returns its URL.
fn endpoint(answer: Option<&'static str>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let url = format!("http://{}/sparql", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            match answer {
                Some(json) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
                        json.len()
                    );
                }
                None => thread::sleep(Duration::from_secs(20)),
            }
        }
    });
    url
}

#[test]
fn service_joins_an_endpoint_and_gives_up_on_a_silent_one() {
    let answer = r#"{"head":{"vars":["c","wikidata"]},"results":{"bindings":[{"c":{"type":"uri","value":"https://w3id.org/hkkg/resource/qatar"},"wikidata":{"type":"literal","value":"State of Qatar"}}]}}"#;
    let url = endpoint(Some(answer), 1);
    let query = format!("SELECT ?label ?wikidata WHERE {{ SERVICE <{url}> {{ ?c ?p ?wikidata }} ?c rdfs:label ?label FILTER(lang(?label) = \"en\") }}");
    let csv = hkkg_ok(&["query", "-e", &query, "--format", "csv"]);
    assert_eq!(
        csv.replace('\r', ""),
        "label,wikidata\nQatar,State of Qatar\n"
    );

    let silent = endpoint(None, 1);
    let started = Instant::now();
    let run = hkkg(&[
        "--timeout",
        "1",
        "query",
        "-e",
        &format!("SELECT * WHERE {{ SERVICE <{silent}> {{ ?s ?p ?o }} }}"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "bounded by the time limit"
    );
    assert!(
        run.stderr.contains("no answer within 1 s") || run.stderr.contains("time limit"),
        "{}",
        run.stderr
    );

    let run = hkkg(&[
        "query",
        "-e",
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("only http: and https: SPARQL endpoints can be called, not a file: IRI"),
        "{}",
        run.stderr
    );
    // SILENT: a failing endpoint contributes nothing, and the query answers.
    let run = hkkg(&[
        "query",
        "-e",
        "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn completions_and_the_manual_come_from_the_command_line_itself() {
    let bash = hkkg_ok(&["completions", "bash"]);
    assert!(
        bash.contains("complete -F") && bash.contains("search"),
        "{bash}"
    );
    assert!(hkkg_ok(&["completions", "zsh"]).starts_with("#compdef hkkg"));
    assert!(hkkg_ok(&["completions", "fish"]).contains("complete -c hkkg"));
    let man = hkkg_ok(&["man"]);
    assert!(
        man.contains(".TH hkkg") && man.contains("completions"),
        "{man}"
    );
    let page = hkkg_ok(&["man", "query"]);
    assert!(
        page.contains(".TH hkkg-query") && page.contains("\\-\\-strict"),
        "{page}"
    );
    let run = hkkg(&["man", "qeury"]);
    assert!(
        run.stderr.contains("did you mean one of: query"),
        "{}",
        run.stderr
    );
}
