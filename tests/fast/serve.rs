//! `hkkg serve` as clients use it, over real HTTP on a free loopback port: the SPARQL Protocol,
//! content negotiation, named queries with bound parameters, views, citations, entity pages, the
//! Graph Store Protocol, and every refusal with its status — malformed queries, wrong content
//! types, oversized bodies, updates without the token, time limits, row limits, a full queue.

use crate::support::server::{encode, Response, Server};
use std::thread;
use std::time::{Duration, Instant};

const VISITS: &str =
    "SELECT ?visit ?start WHERE { ?visit a hk:Visit ; schema:startDate ?start } ORDER BY ?start";
/// Triples sharing a predicate, three at a time: billions of rows, each join a lookup in the store,
/// so the evaluation notices its cancellation at once.
const ENDLESS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }";
/// A cross product: one side is read once and held, so the evaluation does not notice its
/// cancellation while it joins; the server answers all the same when the grace period ends.
const DEAF: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 1 OFFSET 100000000";

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[test]
fn sparql_protocol_get_post_and_negotiation() {
    let server = Server::start(&[], &[]);
    let path = format!("/sparql?query={}", encode(VISITS));
    let answer = server.get(&path, &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.header("content-type"),
        Some("application/sparql-results+json")
    );
    let rows = json(&answer.body)["results"]["bindings"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(rows, 3, "{}", answer.body);

    let csv = server.get(&path, &[("Accept", "text/csv")]);
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with("visit,start\r\n"), "{}", csv.body);
    let xml = server.get(
        &path,
        &[("Accept", "text/html,application/xml;q=0.9,*/*;q=0.8")],
    );
    assert!(xml.body.contains("<sparql xmlns"), "{}", xml.body);
    let tsv = server.post(
        "/sparql",
        "application/sparql-query",
        VISITS.as_bytes(),
        &[("Accept", "text/tab-separated-values")],
    );
    assert!(tsv.body.starts_with("?visit\t?start\n"), "{}", tsv.body);
    let form = server.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        format!("query={}", encode("ASK { hkr:qatar a hk:Country }")).as_bytes(),
        &[],
    );
    assert_eq!(json(&form.body)["boolean"], true, "{}", form.body);

    let construct = format!(
        "/sparql?query={}",
        encode("CONSTRUCT { ?v a hk:Visit } WHERE { ?v a hk:Visit }")
    );
    for (accept, expected) in [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("image/svg+xml", "image/svg+xml"),
    ] {
        let graph = server.get(&construct, &[("Accept", accept)]);
        assert_eq!(graph.status, 200, "{accept}: {}", graph.body);
        assert_eq!(graph.header("content-type"), Some(expected));
        assert_eq!(graph.header("vary"), Some("Accept"));
    }
    let refused = server.get(&construct, &[("Accept", "application/sparql-results+json")]);
    assert_eq!(refused.status, 406, "{}", refused.body);
    assert!(refused.body.contains("text/turtle"), "{}", refused.body);
    let malformed_accept = server.get(&path, &[("Accept", "json")]);
    assert_eq!(malformed_accept.status, 400, "{}", malformed_accept.body);
}

#[test]
fn the_dataset_of_a_request_replaces_the_default_graph() {
    let server = Server::start(&[], &[]);
    // The passage p036 states the 2023 visit's dates, and only those.
    let query = encode("SELECT ?s ?date WHERE { ?s schema:startDate ?date }");
    let passage = encode("https://w3id.org/hkkg/passage/p036");
    let answer = server.get(
        &format!("/sparql?query={query}&default-graph-uri={passage}"),
        &[("Accept", "text/csv")],
    );
    assert_eq!(
        answer.body,
        "s,date\r\nhttps://w3id.org/hkkg/resource/visit-2023-middle-east,2023-02-04\r\n"
    );
    let named_only = server.get(
        &format!("/sparql?query={query}&named-graph-uri={passage}"),
        &[("Accept", "text/csv")],
    );
    assert_eq!(
        named_only.body, "s,date\r\n",
        "no default graph given: empty"
    );
    let bad = server.get(
        &format!("/sparql?query={query}&default-graph-uri=not%20an%20iri"),
        &[],
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn malformed_requests_get_clear_client_errors() {
    let server = Server::start(&["--max-body", "2000"], &[]);
    let syntax = server.get(
        &format!("/sparql?query={}", encode("SELECT ?x WHERE { ?x ")),
        &[],
    );
    assert_eq!(syntax.status, 400);
    assert!(
        syntax.body.contains("SPARQL syntax error at line 1"),
        "{}",
        syntax.body
    );
    let wrong_type = server.post("/sparql", "text/plain", VISITS.as_bytes(), &[]);
    assert_eq!(wrong_type.status, 415);
    assert!(
        wrong_type.body.contains("application/sparql-query"),
        "{}",
        wrong_type.body
    );
    let large = format!("# {}\n{VISITS}", "x".repeat(5000));
    let oversized = server.post("/sparql", "application/sparql-query", large.as_bytes(), &[]);
    assert_eq!(oversized.status, 413, "{}", oversized.body);
    assert!(oversized.body.contains("2000 bytes"), "{}", oversized.body);
    let twice = server.get(&format!("/sparql?query={0}&query={0}", encode(VISITS)), &[]);
    assert_eq!(twice.status, 400);
    let empty_form = server.post("/sparql", "application/x-www-form-urlencoded", b"", &[]);
    assert_eq!(empty_form.status, 400);
    let not_utf8 = server.post("/sparql", "application/sparql-query", b"SELECT \xff", &[]);
    assert_eq!(not_utf8.status, 400);
    let nowhere = server.get("/nowhere", &[]);
    assert_eq!(nowhere.status, 404);
    let method = server.request("DELETE", "/queries", &[], b"");
    assert_eq!(method.status, 405);
    assert_eq!(method.header("allow"), Some("GET, HEAD"));
    // The server is still up and answering after all of that.
    assert_eq!(server.get("/sparql", &[]).status, 200);
}

#[test]
fn updates_need_the_flag_and_the_token() {
    let read_only = Server::start(&[], &[]);
    let update = b"update=INSERT%20DATA%20%7B%7D";
    let form = "application/x-www-form-urlencoded";
    assert_eq!(read_only.post("/sparql", form, update, &[]).status, 403);
    assert_eq!(
        read_only
            .request(
                "PUT",
                "/store?default",
                &[("Content-Type", "text/turtle")],
                b""
            )
            .status,
        403
    );

    let token = "a-test-token-of-some-length";
    let writable = Server::start(&["--allow-update"], &[("HKKG_UPDATE_TOKEN", token)]);
    let none = writable.post("/sparql", form, update, &[]);
    assert_eq!(none.status, 401);
    assert_eq!(
        none.header("www-authenticate"),
        Some("Bearer realm=\"hkkg\"")
    );
    let wrong = writable.post(
        "/sparql",
        form,
        update,
        &[("Authorization", "Bearer guess-guess-guess")],
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong
        .header("www-authenticate")
        .unwrap()
        .contains("invalid_token"));
    let bearer = format!("Bearer {token}");
    let right = writable.post(
        "/sparql",
        "application/sparql-update",
        b"INSERT DATA {}",
        &[("Authorization", &bearer)],
    );
    assert_eq!(right.status, 200, "{}", right.body);
    assert!(right.body.contains("1 operation(s)"), "{}", right.body);
    let log = writable.log().join("\n");
    assert!(
        !log.contains(token),
        "the token never reaches the log:\n{log}"
    );

    // Without the token in the environment the server refuses to start.
    let run = crate::support::hkkg(&["serve", "--allow-update", "--bind", "127.0.0.1:0"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("HKKG_UPDATE_TOKEN"), "{}", run.stderr);
}

const TOKEN: &str = "a-test-token-of-some-length";

fn writable() -> Server {
    Server::start(&["--allow-update"], &[("HKKG_UPDATE_TOKEN", TOKEN)])
}

/// A write with the server's token.
fn write(server: &Server, method: &str, path: &str, content_type: &str, body: &str) -> Response {
    let bearer = format!("Bearer {TOKEN}");
    server.request(
        method,
        path,
        &[("Authorization", &bearer), ("Content-Type", content_type)],
        body.as_bytes(),
    )
}

fn ask(server: &Server, pattern: &str) -> bool {
    let answer = server.get(
        &format!("/sparql?query={}", encode(&format!("ASK {{ {pattern} }}"))),
        &[],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    json(&answer.body)["boolean"].as_bool().unwrap()
}

#[test]
fn an_authorised_update_changes_what_the_next_requests_see() {
    let server = writable();
    let comment = "<https://w3id.org/hkkg/resource/visit-2023-middle-east> <http://www.w3.org/2000/01/rdf-schema#comment> \"added over HTTP\"@en";
    assert!(!ask(&server, comment));
    let update =
        format!("INSERT DATA {{ GRAPH <https://w3id.org/hkkg/passage/p036> {{ {comment} }} }}");
    let answer = write(
        &server,
        "POST",
        "/sparql",
        "application/sparql-update",
        &update,
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("1 inserted"), "{}", answer.body);
    // In the passage's graph and, merged, in the default graph that plain patterns read.
    assert!(ask(&server, comment));
    assert!(ask(
        &server,
        &format!("GRAPH <https://w3id.org/hkkg/passage/p036> {{ {comment} }}")
    ));
    // The entity's citation is read from the changed graph as well.
    let cite = server.get("/cite/hkr:visit-2023-middle-east?format=text", &[]);
    assert!(cite.body.contains("added over HTTP"), "{}", cite.body);

    // The protocol's using-graph-uri is the dataset of the WHERE clause.
    let delete = "DELETE { GRAPH ?g { ?s rdfs:comment ?c } } WHERE { GRAPH ?g { ?s rdfs:comment ?c FILTER(str(?c) = \"added over HTTP\") } }";
    let both = write(
        &server,
        "POST",
        &format!(
            "/sparql?using-named-graph-uri={}",
            encode("https://w3id.org/hkkg/passage/p036")
        ),
        "application/sparql-update",
        delete,
    );
    assert_eq!(both.status, 200, "{}", both.body);
    assert!(both.body.contains("1 quad(s) deleted"), "{}", both.body);
    assert!(!ask(&server, comment));

    // A broken update changes nothing and says where it is broken.
    let broken = write(
        &server,
        "POST",
        "/sparql",
        "application/sparql-update",
        &format!(
            "INSERT DATA {{ GRAPH <https://w3id.org/hkkg/passage/p036> {{ {comment} }} }} ; DELET"
        ),
    );
    assert_eq!(broken.status, 400, "{}", broken.body);
    assert!(broken.body.contains("line 1"), "{}", broken.body);
    assert!(!ask(&server, comment));
}

#[test]
fn graph_store_writes_replace_add_and_delete_one_graph() {
    let server = writable();
    let graph = "/store?graph=https%3A%2F%2Fexample.org%2Fnotes";
    let triple = "<https://example.org/a> <https://example.org/p> \"one\" .";
    let made = write(&server, "PUT", graph, "text/turtle", triple);
    assert_eq!(made.status, 201, "{}", made.body);
    let read = server.get(graph, &[("Accept", "application/n-triples")]);
    assert_eq!(read.body.trim(), triple);
    assert!(ask(
        &server,
        "<https://example.org/a> <https://example.org/p> \"one\""
    ));

    let replaced = write(
        &server,
        "PUT",
        graph,
        "application/n-triples",
        "<https://example.org/a> <https://example.org/p> \"two\" .\n",
    );
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let added = write(
        &server,
        "POST",
        graph,
        "text/turtle",
        "<https://example.org/a> <https://example.org/p> \"three\" .",
    );
    assert_eq!(added.status, 200, "{}", added.body);
    let read = server.get(graph, &[("Accept", "application/n-triples")]);
    assert!(!read.body.contains("\"one\""), "{}", read.body);
    assert!(read.body.contains("\"two\"") && read.body.contains("\"three\""));
    // The merged default graph follows: the replaced statement left it.
    assert!(!ask(
        &server,
        "<https://example.org/a> <https://example.org/p> \"one\""
    ));

    // Bad bodies change nothing: a syntax error with its place, a media type not RDF.
    let bad = write(
        &server,
        "PUT",
        graph,
        "text/turtle",
        "<https://example.org/a> <p> .",
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("the request body:1:"), "{}", bad.body);
    let unknown = write(&server, "PUT", graph, "text/plain", "hello");
    assert_eq!(unknown.status, 415, "{}", unknown.body);
    assert!(unknown.body.contains("text/turtle"), "{}", unknown.body);
    let nameless = write(&server, "PUT", "/store", "text/turtle", triple);
    assert_eq!(nameless.status, 400, "{}", nameless.body);
    assert!(server.get(graph, &[]).body.contains("three"));

    let deleted = write(&server, "DELETE", graph, "text/turtle", "");
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(server.get(graph, &[]).status, 404);
    assert!(!ask(&server, "<https://example.org/a> ?p ?o"));
    let again = write(&server, "DELETE", graph, "text/turtle", "");
    assert_eq!(again.status, 404, "{}", again.body);
}

#[test]
fn a_query_past_the_time_limit_is_stopped_and_answered_503() {
    let server = Server::start(&["--timeout", "0.5"], &[]);
    let answer = server.get(&format!("/sparql?query={}", encode(ENDLESS)), &[]);
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(
        answer.body.contains("time limit of 0.5 s"),
        "{}",
        answer.body
    );
    assert!(
        answer.header("retry-after").is_none(),
        "retrying the same query will not help"
    );
    // The evaluation noticed its cancellation promptly: well inside the grace period.
    assert!(
        answer.took < Duration::from_millis(1500),
        "took {:?}",
        answer.took
    );
    // And the worker is free again.
    assert_eq!(
        server
            .get(&format!("/sparql?query={}", encode(VISITS)), &[])
            .status,
        200
    );
    // One that cannot notice is answered when the grace period (2 s) ends, and the server lives.
    let deaf = server.get(&format!("/sparql?query={}", encode(DEAF)), &[]);
    assert_eq!(deaf.status, 503, "{}", deaf.body);
    assert!(
        deaf.took < Duration::from_millis(3200),
        "took {:?}",
        deaf.took
    );
    thread::sleep(Duration::from_millis(200));
    assert!(
        server.log().iter().any(|l| l.contains("still running")),
        "{:?}",
        server.log()
    );
}

#[test]
fn a_full_queue_is_answered_503_with_retry_after() {
    let server = Server::start(
        &[
            "--timeout",
            "8",
            "--max-concurrent",
            "1",
            "--max-queued",
            "0",
        ],
        &[],
    );
    let port = server.port;
    let send_slow = || {
        thread::spawn(move || {
            crate::support::server::request(
                port,
                "GET",
                &format!("/sparql?query={}", encode(ENDLESS)),
                &[],
                b"",
            )
        })
    };
    let mut slow = send_slow();
    // The slow request may take a moment to reach the server on a loaded
    // machine; until it holds the only slot, the probe is rightly answered.
    // It holds the slot for 8 s, so probing stops well before it lets go.
    // Arriving while a probe held the slot, it is itself refused: send it again.
    let mut deadline = Instant::now() + Duration::from_millis(6000);
    let mut sent = 1;
    let refused = loop {
        thread::sleep(Duration::from_millis(100));
        if slow.is_finished() {
            let early = slow.join().unwrap();
            assert_eq!(early.status, 503, "{}", early.body);
            assert!(sent < 20, "the slow request never got the slot");
            sent += 1;
            slow = send_slow();
            deadline = Instant::now() + Duration::from_millis(6000);
            continue;
        }
        let probe = server.get(&format!("/sparql?query={}", encode(VISITS)), &[]);
        if probe.status != 200 || Instant::now() > deadline {
            break probe;
        }
    };
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert!(refused.body.contains("busy"), "{}", refused.body);
    assert_eq!(slow.join().unwrap().status, 503);
}

#[test]
fn answers_larger_than_the_row_limit_are_refused() {
    let server = Server::start(&["--max-rows", "2"], &[]);
    let answer = server.get(&format!("/sparql?query={}", encode(VISITS)), &[]);
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("more than 2 rows"), "{}", answer.body);
    let limited = server.get(
        &format!("/sparql?query={}", encode(&format!("{VISITS} LIMIT 2"))),
        &[],
    );
    assert_eq!(limited.status, 200);
}

#[test]
fn named_queries_bind_parameters_as_the_command_line_does() {
    let server = Server::start(&[], &[]);
    let list = json(&server.get("/queries", &[]).body);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"visit-timeline"), "{names:?}");
    let html = server.get("/queries", &[("Accept", "text/html")]);
    assert!(
        html.body.contains("<table class=\"catalog\">"),
        "{}",
        html.body
    );

    let by_label = server.get(
        "/queries/visit-timeline?country=%E5%8D%A1%E5%A1%94%E7%88%BE&format=csv",
        &[],
    );
    assert_eq!(by_label.status, 200, "{}", by_label.body);
    let cli = crate::support::hkkg_ok(&[
        "query",
        "visit-timeline",
        "--param",
        "country=卡塔爾",
        "--format",
        "csv",
    ]);
    assert_eq!(
        by_label.body, cli,
        "the server binds parameters exactly as the CLI does"
    );
    // A value that would break out of a pasted query is only a label that matches nothing.
    let injection = server.get(
        &format!(
            "/queries/visit-timeline?country={}",
            encode("x> } UNION { ?s ?p ?o } #")
        ),
        &[],
    );
    assert_eq!(injection.status, 400, "{}", injection.body);
    assert!(
        injection.body.contains("no entity matches"),
        "{}",
        injection.body
    );
    let typed = server.get("/queries/visa-free-days?min_days=many", &[]);
    assert_eq!(typed.status, 400, "{}", typed.body);
    assert!(typed.body.contains("min_days"), "{}", typed.body);
    let unknown = server.get("/queries/visit-timelin", &[]);
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.body.contains("visit-timeline"),
        "suggests the name: {}",
        unknown.body
    );
    let zh = server.get("/queries/visit-timeline?lang=zh&format=csv", &[]);
    assert!(zh.body.contains("卡塔爾"), "{}", zh.body);
    // A browser following a link is sent to the page with the query opened.
    let browser = server.get(
        "/queries/visit-timeline?country=hkr:qatar",
        &[("Accept", "text/html,*/*;q=0.8")],
    );
    assert_eq!(browser.status, 303);
    assert_eq!(
        browser.header("location"),
        Some("/?name=visit-timeline&country=hkr%3Aqatar")
    );
}

#[test]
fn views_cite_resources_and_graphs() {
    let server = Server::start(&[], &[]);
    let gexf = server.get("/views/visits.gexf", &[]);
    assert_eq!(gexf.status, 200);
    assert_eq!(gexf.header("content-type"), Some("application/gexf+xml"));
    assert!(gexf.body.contains("http://gexf.net/1.3"));
    let nodes = server.get("/views/visits.csv?table=nodes", &[]);
    assert!(
        nodes.body.starts_with("Id,Label,"),
        "Gephi's node table: {}",
        nodes.body
    );
    let edges = server.get("/views/visits.csv", &[]);
    assert!(
        edges.body.starts_with("Source,Target,"),
        "Gephi's edge table: {}",
        edges.body
    );
    assert_eq!(server.get("/views/visits.png", &[]).status, 404);
    assert_eq!(server.get("/views/nothing.svg", &[]).status, 404);

    let cite = json(&server.get("/cite/hkr:delegation-2023", &[]).body);
    assert!(cite
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["origin"]["iri"] == "https://w3id.org/hkkg/passage/p038"));
    let text = server.get(
        "/cite/%E5%8D%A1%E5%A1%94%E7%88%BE",
        &[("Accept", "text/plain")],
    );
    assert!(text.body.contains("hkr:qatar"), "{}", text.body);

    let page = server.get(
        "/resource/visit-2023-middle-east",
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("2023年首次出訪中東")
            && page.body.contains("2023 first visit to the Middle East")
    );
    assert!(
        page.body.contains("「出訪時間：2023年2月4日-11日」"),
        "the passage is quoted"
    );
    assert!(page.body.contains("<svg"), "the ego network is drawn");
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    let turtle = server.get(
        "/resource/visit-2023-middle-east",
        &[("Accept", "text/turtle")],
    );
    assert_eq!(turtle.header("content-type"), Some("text/turtle"));
    assert!(
        turtle
            .body
            .contains("schema:startDate \"2023-02-04\"^^xsd:date"),
        "{}",
        turtle.body
    );
    let trig = server.get("/resource/visit-2023-middle-east?format=trig", &[]);
    assert!(
        trig.body.contains("hkp:p036 {"),
        "facts keep their passage graphs: {}",
        trig.body
    );
    assert_eq!(server.get("/resource/no-such-thing", &[]).status, 404);
    assert_eq!(server.get("/resource/a%20b", &[]).status, 404);

    let graph = server.get(
        &format!(
            "/store?graph={}",
            encode("https://w3id.org/hkkg/passage/p036")
        ),
        &[],
    );
    assert_eq!(graph.status, 200);
    assert!(graph.body.contains("2023-02-11"), "{}", graph.body);
    let missing = server.get("/store?graph=https%3A%2F%2Fexample.org%2Fnone", &[]);
    assert_eq!(missing.status, 404);
    let dataset = server.get("/store", &[]);
    assert_eq!(dataset.header("content-type"), Some("application/trig"));
    let head = server.request("HEAD", "/store?default", &[], b"");
    assert_eq!((head.status, head.body.as_str()), (200, ""));

    let labels = server.post(
        "/labels",
        "application/json",
        br#"["https://w3id.org/hkkg/resource/qatar"]"#,
        &[],
    );
    assert_eq!(
        json(&labels.body)["https://w3id.org/hkkg/resource/qatar"]["zh"],
        "卡塔爾"
    );
}

#[test]
fn cors_is_off_unless_an_origin_is_given_and_every_request_is_logged() {
    let closed = Server::start(&[], &[]);
    let origin = [("Origin", "https://analyst.example")];
    assert!(closed
        .get("/queries", &origin)
        .header("access-control-allow-origin")
        .is_none());
    let open = Server::start(&["--cors", "https://analyst.example"], &[]);
    let answer = open.get("/queries", &origin);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("https://analyst.example")
    );
    let other = open.get("/queries", &[("Origin", "https://elsewhere.example")]);
    assert!(other.header("access-control-allow-origin").is_none());
    let preflight = open.request(
        "OPTIONS",
        "/sparql",
        &[
            ("Origin", "https://analyst.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://analyst.example")
    );
    assert!(preflight
        .header("access-control-allow-headers")
        .unwrap()
        .contains("Content-Type"));
    thread::sleep(Duration::from_millis(100));
    let log = open.log();
    let requests: Vec<&String> = log.iter().filter(|l| l.contains(" \"/")).collect();
    assert_eq!(requests.len(), 3, "one line per request: {log:?}");
    assert!(requests[0].contains("GET \"/queries\" 200"), "{log:?}");
}
