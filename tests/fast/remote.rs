//! `--endpoint` and `push` without a real store: what is refused before any call, and how a
//! failing or silent endpoint is reported (a loopback listener stands in for the store). The
//! answers of a real store are tested against Virtuoso in the interop tier (`remote`).

use crate::support::hkkg;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

/// A URL on loopback whose server answers each of `requests` requests with `response` (raw HTTP),
/// or, with None, never answers.
fn store(response: Option<&'static str>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let url = format!("http://{}/sparql", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            // The request is small: one read takes it, the answer follows.
            let _ = stream.read(&mut [0; 65536]);
            match response {
                Some(response) => {
                    let _ = stream.write_all(response.as_bytes());
                }
                None => thread::sleep(Duration::from_secs(20)),
            }
        }
    });
    url
}

#[test]
fn a_refusal_names_the_endpoint_its_status_and_what_it_said() {
    let url = store(
        Some("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 21\r\nConnection: close\r\n\r\nthe store is starting"),
        1,
    );
    let run = hkkg(&["stats", "--endpoint", &url]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for part in [url.as_str(), "503", "the store is starting"] {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
}

#[test]
fn a_silent_endpoint_is_given_up_after_the_timeout() {
    let url = store(None, 1);
    let started = Instant::now();
    let run = hkkg(&["stats", "--endpoint", &url, "--timeout", "1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no answer within 1 s"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn what_cannot_reach_an_endpoint_is_refused_before_calling_it() {
    // Nothing listens here: each refusal must come before any call.
    let url = "http://127.0.0.1:9/sparql";
    let cases: [(&[&str], &str); 5] = [
        (&["stats", "--endpoint", url, "--data", "x.ttl"], "--data"),
        (
            &["stats", "--endpoint", url, "--reason", "rdfs"],
            "--reason",
        ),
        (&["validate", "--endpoint", url], "does not apply"),
        (&["push"], "push needs --endpoint"),
        (
            &["stats", "--endpoint", "file:///etc/passwd"],
            "only http: and https:",
        ),
    ];
    for (args, expected) in cases {
        let run = hkkg(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn credentials_come_from_the_environment_whole() {
    let output = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(["stats", "--endpoint", "http://127.0.0.1:9/sparql"])
        .env("HKKG_ENDPOINT_USER", "analyst")
        .env_remove("HKKG_ENDPOINT_PASSWORD")
        .env_remove("HKKG_ENDPOINT_TOKEN")
        .output()
        .expect("hkkg runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("HKKG_ENDPOINT_USER and HKKG_ENDPOINT_PASSWORD go together"),
        "{stderr}"
    );
}
