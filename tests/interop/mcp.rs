//! `hkkg mcp` driven by a client we did not write: the official Python MCP SDK (PyPI `mcp`,
//! `tests/peers/mcp_client.py`) starts the server over stdio, lists the tools and calls each one
//! with good and bad arguments. The answers are checked against the source text itself (the
//! quoted passages are the article's lines), against what the command line answers, and against
//! the tools' own output schemas (the SDK validates every structured answer).

use crate::support::{hkkg_ok, peer, repo_root};
use serde_json::{json, Value};

const HKR: &str = "https://w3id.org/hkkg/resource/";

/// Runs the Python client in `mode` against `hkkg GLOBAL… mcp`, making `calls`.
fn session(mode: &str, global: &[&str], calls: &Value) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.json");
    std::fs::write(&file, calls.to_string()).unwrap();
    let mut args: Vec<String> = vec![
        mode.to_owned(),
        file.display().to_string(),
        env!("CARGO_BIN_EXE_hkkg").to_owned(),
    ];
    args.extend(global.iter().map(|a| (*a).to_owned()));
    args.push("mcp".to_owned());
    let output = peer("mcp_client.py", &args);
    serde_json::from_slice(&output.stdout).expect("the client prints JSON")
}

/// The answer of the `index`th call, which must have succeeded (and passed the client's check
/// against the tool's output schema).
fn answer(seen: &Value, index: usize) -> &Value {
    let call = &seen["calls"][index];
    assert_eq!(call["client_error"], Value::Null, "{call}");
    assert_eq!(call["is_error"], json!(false), "{call}");
    &call["structured"]
}

/// The message of the `index`th call, which must have been answered as a tool error.
fn refusal(seen: &Value, index: usize) -> String {
    let call = &seen["calls"][index];
    assert_eq!(call["is_error"], json!(true), "{call}");
    call["text"].as_str().expect("a message").to_owned()
}

/// Lines `first` to `last` of the bundled article, as a passage holds them: a sentence the
/// newspaper broke across lines (and a blank line) is joined.
fn source_lines(first: u64, last: u64) -> String {
    let text =
        std::fs::read_to_string(repo_root().join("data/source/000_798d22a549aca399.txt")).unwrap();
    let lines = usize::try_from(first).unwrap() - 1..usize::try_from(last).unwrap();
    text.lines().collect::<Vec<_>>()[lines]
        .iter()
        .map(|line| line.trim())
        .collect()
}

/// Checks that the source `key` of an answer is a passage quoting the article's lines exactly.
fn quotes_the_source(answer: &Value, key: &str) -> String {
    let source = &answer["sources"][key];
    assert_eq!(source["kind"], "passage", "{key}: {source}");
    let (first, last) = (
        source["line_start"].as_u64().expect("a line"),
        source["line_end"].as_u64().expect("a line"),
    );
    let text = source["text"].as_str().unwrap();
    assert_eq!(
        text,
        source_lines(first, last),
        "{key} quotes lines {first}-{last}"
    );
    text.to_owned()
}

fn strings(values: &Value) -> Vec<&str> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn the_python_client_lists_the_tools_and_calls_each_with_good_and_bad_arguments() {
    let calls = json!([
        // 0-2: list_queries, run_query
        {"name": "list_queries", "arguments": {}},
        {"name": "run_query", "arguments": {"name": "visit-timeline"}},
        {"name": "run_query", "arguments": {"name": "visit-timeline", "params": {"country": "卡塔爾"}}},
        // 3: a JSON number for an integer parameter; the row's visa arrangement is not a column
        {"name": "run_query", "arguments": {"name": "visa-free-days", "params": {"min_days": 20, "country": "hkr:qatar"}}},
        // 4-9: refused, each with the library's message
        {"name": "run_query", "arguments": {"name": "visit-timelin"}},
        {"name": "run_query", "arguments": {"name": "visa-free-days", "params": {"min_days": "many"}}},
        {"name": "run_query", "arguments": {"name": "visa-free-days", "params": {"colour": "red"}}},
        {"name": "run_query", "arguments": {"name": "visit-timeline", "max_rows": 501}},
        {"name": "run_query", "arguments": {"name": "visit-timeline", "query": "x"}},
        {"name": "run_query", "arguments": {}},
        // 10-16: sparql
        {"name": "sparql", "arguments": {"query": "SELECT ?passage ?days WHERE { GRAPH ?passage { hkr:visa-2025-om hk:visaFreeDays ?days } }"}},
        {"name": "sparql", "arguments": {"query": "INSERT DATA { hkr:mcp-probe rdfs:label \"x\" }"}},
        {"name": "sparql", "arguments": {"query": "DELETE WHERE { hkr:qatar ?p ?o }"}},
        {"name": "sparql", "arguments": {"query": "ASK { { hkr:mcp-probe ?p ?o } UNION { ?s ?p hkr:mcp-probe } }"}},
        {"name": "sparql", "arguments": {"query": "SELECT (COUNT(*) AS ?facts) WHERE { hkr:qatar ?p ?o }"}},
        {"name": "sparql", "arguments": {"query": "CONSTRUCT { ?visit schema:startDate ?start } WHERE { ?visit a hk:Visit ; schema:startDate ?start }", "max_rows": 2}},
        {"name": "sparql", "arguments": {"query": "SELECT ?x WHERE { ?x ?y }"}},
        // 17-21: search_entities
        {"name": "search_entities", "arguments": {"text": "卡塔爾"}},
        {"name": "search_entities", "arguments": {"text": "visit", "type": "hk:Visit"}},
        {"name": "search_entities", "arguments": {"text": "almaty air route"}},
        {"name": "search_entities", "arguments": {"text": "Qatarr"}},
        {"name": "search_entities", "arguments": {"text": "Qatar", "type": "hk:NoSuchClass"}},
        // 22-24: cite
        {"name": "cite", "arguments": {"entity": "hkr:delegation-2023"}},
        {"name": "cite", "arguments": {"entity": "hkr:delegation-2023", "max_facts": 3}},
        {"name": "cite", "arguments": {"entity": "no such thing"}},
        // 25-26: find_paths
        {"name": "find_paths", "arguments": {"from": "葛珮帆", "to": "哈薩克斯坦", "limit": 10}},
        {"name": "find_paths", "arguments": {"from": "葛珮帆", "to": "哈薩克斯坦", "view": "no-such-view"}},
        // 27: not a tool: a protocol error, not a tool error
        {"name": "no_such_tool", "arguments": {}},
        // 28: show_query, its parameter values bound as `hkkg queries --show` binds them
        {"name": "show_query", "arguments": {"name": "visa-free-days", "params": {"country": "卡塔爾", "min_days": 20}}},
        // 29: a misspelt class: the query runs, its answer says why it is empty
        {"name": "sparql", "arguments": {"query": "SELECT ?visit WHERE { ?visit a hk:Vist }"}},
        // 30: a call's own language
        {"name": "run_query", "arguments": {"name": "visit-timeline", "max_rows": 1, "lang": "zh"}},
        // 31-33: which argument named nothing
        {"name": "find_paths", "arguments": {"from": "葛珮帆", "to": "Atlantis"}},
        {"name": "search_entities", "arguments": {"text": "  "}},
        {"name": "run_query", "arguments": {"name": "visit-timeline", "lang": "fr"}},
        {"name": "find_paths", "arguments": {"from": "葛珮帆", "to": "hkr:qatar", "view": "visits"}},
    ]);
    let seen = session("legacy", &[], &calls);

    // The tools, each described, with schemas for its arguments and its answer, read-only.
    let tools = seen["tools"].as_array().unwrap();
    let mut names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "cite",
            "find_paths",
            "list_queries",
            "run_query",
            "search_entities",
            "show_query",
            "sparql"
        ]
    );
    for tool in tools {
        assert!(tool["description"].as_str().unwrap().len() > 80, "{tool}");
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
        assert_eq!(tool["outputSchema"]["type"], "object", "{tool}");
        assert_eq!(tool["annotations"]["readOnlyHint"], true, "{tool}");
    }
    assert_eq!(seen["server"]["name"], "hkkg");
    assert!(seen["instructions"]
        .as_str()
        .unwrap()
        .contains("source passage"));

    // list_queries: the whole catalogue, typed parameters, and the views.
    let catalogue = answer(&seen, 0);
    let files = std::fs::read_dir(repo_root().join("queries"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "rq")
        })
        .count();
    assert_eq!(catalogue["queries"].as_array().unwrap().len(), files);
    let timeline = catalogue["queries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "visit-timeline")
        .unwrap();
    assert!(timeline["params"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "country" && p["type"] == "iri"));
    assert!(catalogue["views"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["name"] == "entities"));

    // run_query: the visits in date order, each value with its IRI and label, and the stated
    // facts behind the dates quoted from the article's lines.
    let visits = answer(&seen, 1);
    let rows = visits["rows"].as_array().unwrap();
    let starts: Vec<&str> = rows
        .iter()
        .map(|r| r["values"]["start"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2023-02-04", "2025-05-10", "2026-06-01"]);
    assert_eq!(visits["complete"], true);
    let first = &rows[0];
    assert_eq!(
        first["values"]["visit"]["iri"],
        format!("{HKR}visit-2023-middle-east")
    );
    assert_eq!(
        first["values"]["visit"]["label"],
        "2023 first visit to the Middle East"
    );
    assert_eq!(first["values"]["start"]["datatype"], "xsd:date");
    let dated = first["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["property"] == "schema:startDate")
        .expect("the start date is stated");
    assert_eq!(
        (&dated["from"], &dated["to"]),
        (&json!("visit"), &json!("start"))
    );
    let key = dated["sources"][0].as_str().unwrap();
    assert!(quotes_the_source(visits, key).contains("2023年2月4日"));

    // A parameter by its Chinese label.
    let qatar = answer(&seen, 2);
    assert_eq!(qatar["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        qatar["rows"][0]["values"]["visit"]["iri"],
        format!("{HKR}visit-2025-middle-east")
    );

    // The visa arrangement behind the row (not a column) is found with the passage stating it.
    let visas = answer(&seen, 3);
    let row = &visas["rows"][0];
    assert_eq!(row["values"]["days"]["value"], "30");
    let arrangement = row["through"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["entity"]["iri"] == format!("{HKR}visa-2025-qa"))
        .expect("the arrangement behind the row");
    let days = arrangement["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["property"] == "hk:visaFreeDays")
        .unwrap();
    assert_eq!(days["to"], "days");
    let quote = quotes_the_source(visas, days["sources"][0].as_str().unwrap());
    assert!(quote.contains("免簽證入境卡塔爾及阿聯酋30天"), "{quote}");

    // Refusals carry the library's messages, as tool errors the assistant can act on.
    assert!(refusal(&seen, 4).contains("did you mean one of: visit-timeline"));
    assert!(refusal(&seen, 5).contains("parameter 'min_days': 'many' is not an integer"));
    let unknown = refusal(&seen, 6);
    assert!(
        unknown.contains("'colour'") && unknown.contains("country"),
        "{unknown}"
    );
    assert!(refusal(&seen, 7).contains("max_rows"));
    assert!(refusal(&seen, 8).contains("unknown field `query`"));
    assert!(refusal(&seen, 9).contains("missing field `name`"));

    // sparql: a passage shown as a value is quoted; updates are refused and change nothing.
    let graphs = answer(&seen, 10);
    let passage = graphs["rows"][0]["values"]["passage"]["iri"]
        .as_str()
        .unwrap();
    let key = passage.replace("https://w3id.org/hkkg/passage/", "hkp:");
    assert!(quotes_the_source(graphs, &key).contains("阿曼免簽入境期限亦延長至14天"));
    assert!(refusal(&seen, 11).contains("SPARQL Update"));
    assert!(refusal(&seen, 12).contains("SPARQL Update"));
    assert_eq!(answer(&seen, 13)["boolean"], false);
    let count = answer(&seen, 14)["rows"][0]["values"]["facts"]["value"]
        .as_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    assert!(count > 5, "Qatar keeps its facts: {count}");
    let built = answer(&seen, 15);
    assert_eq!(built["form"], "graph");
    assert_eq!(built["complete"], false);
    let triples = built["triples"].as_array().unwrap();
    assert_eq!(triples.len(), 2);
    for triple in triples {
        let key = triple["sources"][0].as_str().expect("a stated triple");
        let date = triple["object"]["value"].as_str().unwrap();
        let year = &date[..4];
        assert!(quotes_the_source(built, key).contains(&format!("{year}年")));
    }
    let syntax = refusal(&seen, 16);
    assert!(
        syntax.contains("line 1, column 25") && syntax.contains("has no object"),
        "{syntax}"
    );

    // search_entities: ranked as `hkkg search` ranks them — by Chinese name, by type, by the
    // words of a name; a misspelling finds the close names, said to be only alike.
    let found = answer(&seen, 17);
    let qatar = &found["matches"][0];
    assert_eq!(qatar["iri"], format!("{HKR}qatar"));
    assert_eq!(qatar["matched"]["grade"], "exact");
    assert_eq!(
        (&qatar["label_en"], &qatar["label_zh"]),
        (&json!("Qatar"), &json!("卡塔爾"))
    );
    let named = qatar["named_in"][0].as_str().unwrap();
    assert!(quotes_the_source(found, named).contains("卡塔爾"));
    let cli: Value = serde_json::from_str(&hkkg_ok(&[
        "search",
        "卡塔爾",
        "--format",
        "json",
        "--limit",
        "10",
    ]))
    .unwrap();
    let iris = |matches: &Value| -> Vec<String> {
        matches
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["iri"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        iris(&found["matches"]),
        iris(&cli),
        "the same ranking as hkkg search"
    );
    let visits = answer(&seen, 18)["matches"].as_array().unwrap().clone();
    assert_eq!(visits.len(), 3);
    assert!(visits.iter().all(|m| m["types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["iri"] == "https://w3id.org/hkkg/ontology#Visit")));
    let route = answer(&seen, 19);
    let best = &route["matches"][0];
    assert_eq!(best["matched"]["grade"], "words", "{route}");
    assert!(
        best["matched"]["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("almaty"),
        "{route}"
    );
    let misspelt = answer(&seen, 20);
    assert_eq!(misspelt["matches"][0]["iri"], format!("{HKR}qatar"));
    assert_eq!(misspelt["matches"][0]["matched"]["grade"], "fuzzy");
    assert!(strings(&misspelt["notes"])
        .iter()
        .any(|n| n.contains("only alike")));
    assert!(refusal(&seen, 21).contains("parameter 'type'"));

    // cite: the delegation's facts grouped by passage, line 38 quoted as the article has it.
    let cited = answer(&seen, 22);
    let group = &cited["cited"][0];
    assert_eq!(group["source"]["line_start"], 38);
    assert_eq!(group["source"]["text"], source_lines(38, 38));
    assert!(group["facts"].as_array().unwrap().iter().any(|f| {
        f["predicate"]["iri"] == "https://w3id.org/hkkg/ontology#minMemberCount"
            && f["object"]["value"] == "30"
    }));
    assert_eq!(cited["complete"], true);
    let total = cited["fact_count"].as_u64().unwrap();
    let few = answer(&seen, 23);
    assert_eq!(few["complete"], false);
    assert_eq!(few["fact_count"].as_u64(), Some(total));
    let shown: usize = few["cited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["facts"].as_array().unwrap().len())
        .sum();
    assert_eq!(shown, 3);
    let nothing = refusal(&seen, 24);
    assert!(
        nothing.contains("parameter 'entity': no entity matches 'no such thing'"),
        "{nothing}"
    );

    // find_paths: the paths `hkkg path` prints, each hop's relation with the passage stating it.
    let paths = answer(&seen, 25);
    assert_eq!(paths["length"], 5);
    let cli = hkkg_ok(&["path", "葛珮帆", "哈薩克斯坦", "--limit", "10"]);
    let texts: Vec<&str> = paths["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    let printed: Vec<&str> = cli.lines().skip(1).map(str::trim).collect();
    assert_eq!(texts, printed);
    for path in paths["paths"].as_array().unwrap() {
        for hop in path["hops"].as_array().unwrap() {
            for relation in hop["relations"].as_array().unwrap() {
                let key = relation["sources"][0].as_str().expect("a stated relation");
                assert_eq!(paths["sources"][key]["kind"], "passage", "{relation}");
            }
        }
    }
    let speaker = &paths["paths"][0]["hops"][0]["relations"][0];
    assert_eq!(speaker["property"], "hk:speaker");
    assert_eq!(speaker["forward"], false);
    assert!(quotes_the_source(paths, speaker["sources"][0].as_str().unwrap()).contains("葛珮帆"));
    let view = refusal(&seen, 26);
    assert!(
        view.contains("argument 'view'") && view.contains("no-such-view"),
        "{view}"
    );

    let protocol = &seen["calls"][27]["protocol_error"];
    assert_eq!(protocol["code"], -32602, "{protocol}");

    // show_query: the text `hkkg queries --show` prints, character for character.
    let shown = answer(&seen, 28);
    let printed = hkkg_ok(&[
        "queries",
        "--show",
        "visa-free-days",
        "--param",
        "country=卡塔爾",
        "--param",
        "min_days=20",
    ]);
    assert_eq!(shown["text"], printed);
    assert!(printed.contains("VALUES (?country ?min_days) { (hkr:qatar"));

    // Advice on a misspelt class: the warning with the closest class, and why nothing was found.
    let misspelt = answer(&seen, 29);
    let advice = misspelt["advice"].as_array().unwrap();
    let warning = advice
        .iter()
        .find(|a| a["code"] == "unknown-class")
        .expect("a warning on hk:Vist");
    assert_eq!(warning["severity"], "warning");
    assert!(
        warning["message"].as_str().unwrap().contains("hk:Visit"),
        "{warning}"
    );
    assert_eq!(
        (&warning["line"], &warning["column"]),
        (&json!(1), &json!(32))
    );
    assert!(
        advice.iter().any(|a| a["code"] == "empty-result"),
        "{misspelt}"
    );
    // A query without mistakes has none.
    assert_eq!(answer(&seen, 1)["advice"], Value::Null);

    // A call in Chinese on a server answering in English.
    assert_eq!(
        answer(&seen, 30)["rows"][0]["values"]["visit"]["label"],
        "2023年首次出訪中東"
    );
    let atlantis = refusal(&seen, 31);
    assert!(
        atlantis.contains("parameter 'to': no entity matches 'Atlantis'"),
        "{atlantis}"
    );
    assert!(refusal(&seen, 32).contains("parameter 'text'"));
    let french = refusal(&seen, 33);
    assert!(french.contains("unknown variant `fr`"), "{french}");
    let elsewhere = refusal(&seen, 34);
    assert!(
        elsewhere.contains("parameter 'from': 葛珮帆 (hkr:")
            && elsewhere.contains("not in the view 'visits'")
            && elsewhere.contains("argument 'view'"),
        "{elsewhere}"
    );
}

#[test]
fn labels_follow_the_language_over_the_2026_protocol() {
    let calls = json!([
        {"name": "run_query", "arguments": {"name": "visit-timeline", "max_rows": 1}},
        {"name": "cite", "arguments": {"entity": "Qatar", "max_facts": 1}},
    ]);
    let seen = session("auto", &["--lang", "zh"], &calls);
    assert_eq!(seen["protocol_version"], "2026-07-28");
    assert_eq!(seen["tools"].as_array().unwrap().len(), 7);
    let visits = answer(&seen, 0);
    assert_eq!(
        visits["rows"][0]["values"]["visit"]["label"],
        "2023年首次出訪中東"
    );
    // The countries in Chinese, joined as a plain string (the query concatenates STR(?label)).
    let countries = &visits["rows"][0]["values"]["countries"];
    assert!(
        countries["value"]
            .as_str()
            .is_some_and(|names| names.contains("沙特阿拉伯")),
        "{countries}"
    );
    assert_eq!(countries["lang"], Value::Null, "{countries}");
    assert_eq!(visits["complete"], false);
    assert_eq!(answer(&seen, 1)["entity"]["label"], "卡塔爾");
}

#[test]
fn a_runaway_query_is_stopped_by_the_time_limit_and_the_server_keeps_answering() {
    let calls = json!([
        // Chains of joins read the store for every row: cancelled at the time limit.
        {"name": "sparql", "arguments": {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?b ?q ?c . ?c ?r ?d . ?d ?s ?e . ?e ?t ?f . ?f ?u ?g }"}},
        {"name": "run_query", "arguments": {"name": "agreements-total"}},
        // A count over a cross product works on rows already read, and does not notice: its call
        // is answered once the grace period is over, and the server goes on.
        {"name": "sparql", "arguments": {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}},
        {"name": "cite", "arguments": {"entity": "hkr:qatar", "max_facts": 1}},
    ]);
    let seen = session("legacy", &["--timeout", "1"], &calls);
    let stopped = refusal(&seen, 0);
    assert!(
        stopped.contains("ran past the server's time limit of 1 s and was stopped"),
        "{stopped}"
    );
    assert_eq!(
        answer(&seen, 1)["rows"][0]["values"]["agreements"]["value"],
        "168"
    );
    assert!(refusal(&seen, 2).contains("did not stop when cancelled"));
    assert_eq!(answer(&seen, 3)["entity"]["label"], "Qatar");
}
