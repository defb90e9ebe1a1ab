//! `hkkg mcp` spoken to directly: JSON-RPC lines on the binary's standard input and output, as an
//! MCP client sends them (the interop tier drives it with the official Python client). The
//! protocol's own rules are checked here: the handshake, tool listing, tool errors against
//! protocol errors, a malformed line, the end of the connection.

use crate::support::fixture;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

/// How long any one answer may take before the test calls the server hung.
const PATIENCE: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    next_id: u64,
}

impl Server {
    /// Starts `hkkg GLOBAL… mcp OPTIONS…` and completes the initialize handshake.
    fn start(global: &[&str], options: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hkkg"))
            .args(global)
            .arg("mcp")
            .args(options)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hkkg runs");
        let stdout = child.stdout.take().expect("piped");
        let (send, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut server = Self {
            child,
            stdin,
            lines,
            next_id: 1,
        };
        let init = server.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "hkkg-test", "version": "1"}}),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "hkkg", "{init}");
        server.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string());
        server
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a request and returns the response with its id; every line on standard output must
    /// be a JSON-RPC message.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send(&message.to_string());
        loop {
            let message = self.next_message();
            if message["id"] == id {
                return message;
            }
        }
    }

    /// The next message on standard output, which must be JSON-RPC.
    fn next_message(&mut self) -> Value {
        let line = self
            .lines
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no message within {PATIENCE:?}"));
        let message: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not JSON-RPC on standard output ({e}): {line}"));
        assert_eq!(message["jsonrpc"], "2.0", "{message}");
        message
    }

    /// Calls a tool; the JSON-RPC result.
    fn call(&mut self, name: &str, arguments: Value) -> Value {
        let response = self.request("tools/call", json!({"name": name, "arguments": arguments}));
        assert_eq!(response["error"], Value::Null, "{response}");
        response["result"].clone()
    }

    /// Closes standard input, as a client disconnecting does; the exit code and standard error.
    fn finish(mut self) -> (Option<i32>, String) {
        drop(self.stdin.take());
        let output = self.child.wait_with_output().expect("hkkg ends");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

fn error_text(result: &Value) -> &str {
    assert_eq!(result["isError"], true, "{result}");
    result["content"][0]["text"].as_str().unwrap()
}

#[test]
fn the_server_answers_the_protocol_and_ends_with_the_connection() {
    let mut server = Server::start(&[], &[]);
    let listed = server.request("tools/list", json!({}));
    let tools = listed["result"]["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 7, "{listed}");

    // A tool's answer: structured content, and the same JSON as text for clients without it.
    let result = server.call("run_query", json!({"name": "visit-timeline"}));
    assert_eq!(result["isError"], false, "{result}");
    let rows = result["structuredContent"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let text: Value = serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(text, result["structuredContent"]);

    // Bad arguments are tool errors (the assistant sees them and can correct itself) …
    let refused = server.call("run_query", json!({"name": 7}));
    assert!(error_text(&refused).contains("invalid type"), "{refused}");
    // … JSON that is not a JSON-RPC message gets the protocol's Invalid Request (its id cannot be
    // read, so the answer has none) …
    server.send(&json!({"jsonrpc": "2.0", "id": 99, "method": 7}).to_string());
    let invalid = server.next_message();
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    assert_eq!(invalid["id"], Value::Null, "{invalid}");
    // … a line that is not JSON at all is ignored, as the official SDKs do (answering noise can
    // start an error storm between peers), and the connection goes on …
    server.send("this is not JSON-RPC");
    let result = server.call("cite", json!({"entity": "hkr:qatar", "max_facts": 1}));
    assert_eq!(result["structuredContent"]["entity"]["label"], "Qatar");
    // … and a tool that does not exist is a protocol error.
    let unknown = server.request("tools/call", json!({"name": "drop_all", "arguments": {}}));
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");

    let (code, stderr) = server.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("hkkg mcp: serving"), "{stderr}");
}

#[test]
fn user_queries_and_data_are_served_and_facts_without_a_passage_say_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.rq"),
        "# title: Mine\n# param: who: iri -- an entity\nSELECT ?label WHERE { ?who rdfs:label ?label }\n",
    )
    .unwrap();
    let data = dir.path().join("note.ttl");
    std::fs::write(
        &data,
        "@prefix hkr: <https://w3id.org/hkkg/resource/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\nhkr:note rdfs:label \"a note of my own\"@en .\n",
    )
    .unwrap();
    let queries = dir.path().display().to_string();
    let data = data.display().to_string();
    let mut server = Server::start(&["--no-bundled", "--data", &data], &["--queries", &queries]);
    let catalogue = server.call("list_queries", json!({}));
    let names: Vec<&str> = catalogue["structuredContent"]["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"mine"), "{names:?}");
    let rows = server.call(
        "run_query",
        json!({"name": "mine", "params": {"who": "a note of my own"}}),
    );
    assert_eq!(
        rows["structuredContent"]["rows"][0]["values"]["label"]["value"],
        "a note of my own"
    );
    let cited = server.call("cite", json!({"entity": "hkr:note"}));
    assert_eq!(
        cited["structuredContent"]["cited"][0]["source"]["kind"], "unsourced",
        "{cited}"
    );
    // No file can be read through a tool: a query is named from the catalogue only.
    let path = dir.path().join("mine.rq").display().to_string();
    let refused = server.call("run_query", json!({ "name": path }));
    assert!(error_text(&refused).contains("no named query"), "{refused}");
    let (code, stderr) = server.finish();
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn bad_data_stops_the_server_before_it_serves() {
    let output = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(["--no-bundled", "--data"])
        .arg(fixture("bad-syntax.ttl"))
        .arg("mcp")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad-syntax.ttl:"), "{stderr}");
}

#[test]
fn the_client_configuration_in_the_readme_starts_a_server() {
    let readme = std::fs::read_to_string(crate::support::repo_root().join("README.md")).unwrap();
    let section = &readme[readme
        .find("## Serving AI assistants (MCP)")
        .expect("the section")..];
    let block = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a JSON block");
    let config: Value = serde_json::from_str(block).expect("valid JSON");
    let args: Vec<&str> = config["mcpServers"]["hkkg"]["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let at = args
        .iter()
        .position(|a| *a == "mcp")
        .expect("the mcp command");
    let mut server = Server::start(&args[..at], &args[at + 1..]);
    let result = server.call("search_entities", json!({"text": "Qatar", "limit": 1}));
    assert_eq!(
        result["structuredContent"]["matches"][0]["iri"], "https://w3id.org/hkkg/resource/qatar",
        "{result}"
    );
    let (code, stderr) = server.finish();
    assert_eq!(code, Some(0), "{stderr}");
}
