//! A bounded, seeded mutation fuzz of the command line: the bundled data files, the named queries
//! and parameter values, mutated (bytes flipped, inserted, deleted, duplicated; control characters,
//! brackets, broken UTF-8, spliced pieces of other inputs), each run through the `hkkg` binary.
//! Every run must end with exit status 0, or 2 and an error that says where: never a panic (101), a
//! signal, or a hang.
//!
//! `HKKG_FUZZ_CASES` (default 240) sets the number of cases, `HKKG_FUZZ_SEED` the seed; a failure
//! prints the seed, the case and the input so that it can be replayed.

use crate::support::repo_root;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// Longest a single run may take before the fuzz calls it a hang.
const HANG: Duration = Duration::from_secs(60);
const THREADS: usize = 3;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Pieces that stress parsers: brackets, quotes, escapes, control characters, broken UTF-8.
const SPLINTERS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b"<",
    b">",
    b"\"",
    b"\"\"\"",
    b"'",
    b"\\",
    b"\\u",
    b"#",
    b"@prefix",
    b"GRAPH",
    b"_:b",
    b"^^",
    b"@",
    b".",
    b";",
    b",",
    b"\0",
    b"\x1b[31m",
    b"\r",
    b"\xff",
    b"\xe6\x97",
    b"\xc3",
    b"\xf0\x9f\x98\x80",
    b"%",
    b"?",
    b"$",
    b"*",
    b"/",
    b"|",
    b"^",
    b"SELECT",
    b"WHERE",
    b"FILTER(",
    b"OPTIONAL",
    b"UNION",
    b"SERVICE",
    b"BIND(",
    b"VALUES",
    b"\"2023-02-30\"^^xsd:date",
    b"1e999999",
    b"-0",
    b"NaN",
    b"hkr:",
    b"hk:Visit",
];

fn mutate(rng: &mut StdRng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..rng.random_range(1..=4) {
        let at = if bytes.is_empty() {
            0
        } else {
            rng.random_range(0..bytes.len())
        };
        match rng.random_range(0..7) {
            0 if !bytes.is_empty() => bytes[at] ^= 1 << rng.random_range(0..8),
            1 => {
                let splinter = SPLINTERS[rng.random_range(0..SPLINTERS.len())];
                bytes.splice(at..at, splinter.iter().copied());
            }
            2 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..256)).min(bytes.len());
                let copy: Vec<u8> = bytes[at..end].to_vec();
                let times = rng.random_range(1..50);
                for _ in 0..times {
                    bytes.splice(at..at, copy.iter().copied());
                }
            }
            4 => bytes.truncate(at),
            5 if !others.is_empty() => {
                let other = &others[rng.random_range(0..others.len())];
                if !other.is_empty() {
                    let from = rng.random_range(0..other.len());
                    let end = (from + rng.random_range(1..200)).min(other.len());
                    bytes.splice(at..at, other[from..end].iter().copied());
                }
            }
            _ => {
                let splinter = SPLINTERS[rng.random_range(0..SPLINTERS.len())];
                let times = rng.random_range(2..400);
                let repeated = splinter.repeat(times);
                bytes.splice(at..at, repeated);
            }
        }
    }
    bytes
}

fn corpus(dir: &str, extension: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = fs::read_dir(repo_root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files.into_iter().map(|p| fs::read(p).unwrap()).collect()
}

struct Outcome {
    code: Option<i32>,
    stderr: String,
}

fn run(args: &[String]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hkkg"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hkkg starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .ok();
            return Outcome {
                code: status.code(),
                stderr,
            };
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            return Outcome {
                code: None,
                stderr: format!("killed after {HANG:?}: a hang"),
            };
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// What a rejected input's message must hold: where the problem is.
enum Located<'a> {
    /// `FILE:LINE:COLUMN:`, or the file and a byte offset.
    InFile(&'a Path),
    /// A SPARQL error: a line and column, or what in the query is wrong.
    InQuery,
    /// The parameter by name.
    Parameter(&'a str),
}

fn check(outcome: &Outcome, located: Located<'_>) -> Result<(), String> {
    match outcome.code {
        Some(0) => return Ok(()),
        Some(2) => {}
        other => return Err(format!("exit {other:?} (a crash?):\n{}", outcome.stderr)),
    }
    let message = &outcome.stderr;
    if message.contains("panicked") || !message.starts_with("error: ") {
        return Err(format!("not a clean error:\n{message}"));
    }
    let ok = match located {
        Located::InFile(path) => {
            let name = path.display().to_string();
            let positioned = message
                .split(&format!("{name}:"))
                .nth(1)
                .is_some_and(|rest| {
                    rest.split(':')
                        .take(2)
                        .all(|n| n.trim().parse::<u64>().is_ok())
                });
            positioned || message.contains(&format!("{name}: at byte "))
        }
        Located::InQuery => {
            message.contains(".rq:")
                || message.contains("line ")
                || message.contains("the query")
                || message.contains("parameter '")
                || message.contains("SPARQL")
                || message.contains("query evaluation failed")
                || message.contains("not UTF-8")
        }
        Located::Parameter(name) => {
            message.contains(&format!("parameter '{name}'"))
                || message.contains(&format!("'{name}'"))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("the error does not say where:\n{message}"))
    }
}

#[test]
fn mutated_data_queries_and_parameters_never_crash_and_errors_say_where() {
    let cases = setting("HKKG_FUZZ_CASES", 240) as usize;
    let seed = setting("HKKG_FUZZ_SEED", 20261201);
    let data = corpus("data", "trig");
    let queries = corpus("queries", "rq");
    let dir = tempfile::tempdir().unwrap();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| loop {
                let case = next.fetch_add(1, Ordering::Relaxed);
                if case >= cases {
                    break;
                }
                let mut rng = StdRng::seed_from_u64(seed.wrapping_add(case as u64));
                let (input, verdict) = match case % 3 {
                    0 => {
                        let original = &data[rng.random_range(0..data.len())];
                        let bytes = mutate(&mut rng, original, &data);
                        let file = dir.path().join(format!("case-{case}.trig"));
                        fs::write(&file, &bytes).unwrap();
                        let args = vec![
                            "--no-bundled".to_owned(),
                            "--data".to_owned(),
                            file.display().to_string(),
                            "export".to_owned(),
                            "-f".to_owned(),
                            "nquads".to_owned(),
                        ];
                        let outcome = run(&args);
                        (bytes, check(&outcome, Located::InFile(&file)))
                    }
                    1 => {
                        let original = &queries[rng.random_range(0..queries.len())];
                        let bytes = mutate(&mut rng, original, &queries);
                        let file = dir.path().join(format!("case-{case}.rq"));
                        fs::write(&file, &bytes).unwrap();
                        let args = vec![
                            "--timeout".to_owned(),
                            "5".to_owned(),
                            "query".to_owned(),
                            file.display().to_string(),
                            "-f".to_owned(),
                            "json".to_owned(),
                        ];
                        let outcome = run(&args);
                        (bytes, check(&outcome, Located::InQuery))
                    }
                    _ => {
                        let (query, param, value) = [
                            ("visit-timeline", "country", "Qatar"),
                            ("visa-free-days", "min_days", "14"),
                            ("visits-between", "from", "2023-01-01"),
                            ("outcomes-of-visit", "visit", "hkr:visit-2026-central-asia"),
                        ][rng.random_range(0..4)];
                        let bytes: Vec<u8> = mutate(&mut rng, value.as_bytes(), &queries)
                            .into_iter()
                            .filter(|&b| b != 0)
                            .collect();
                        let value = String::from_utf8_lossy(&bytes).into_owned();
                        let args = vec![
                            "query".to_owned(),
                            query.to_owned(),
                            "-p".to_owned(),
                            format!("{param}={value}"),
                        ];
                        let outcome = run(&args);
                        (bytes, check(&outcome, Located::Parameter(param)))
                    }
                };
                if let Err(problem) = verdict {
                    let shown =
                        String::from_utf8_lossy(&input[..input.len().min(400)]).into_owned();
                    failures.lock().unwrap().push(format!(
                        "seed {seed} case {case}: {problem}\ninput starts: {shown:?}"
                    ));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {cases} fuzz cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
