//! hkkg against a production triple store: Virtuoso Open Source 7 (Debian's
//! virtuoso-opensource-7), started by the test on loopback ports with a temporary database. The
//! bundled data is pushed (twice by SPARQL Update, once by the Graph Store Protocol: each must
//! leave the same state), then the named queries with their defaults and the views answer remotely
//! as locally (rows compared as sets, views as sets of nodes and edges), and `stats`, `cite`,
//! `export`, `path`, `neighbours` and `analyze` byte for byte. Then a generated graph (`hkkg
//! generate --triples 20000`) is pushed beside the bundled data, by the Graph Store Protocol in
//! parts, and the named queries compared
//! again. Every named query and view is compared: where Virtuoso 7.2 deviates from SPARQL, the
//! query is written in a form both stores answer alike (README.md lists each workaround). The
//! parts of a GROUP_CONCAT, whose order SPARQL leaves open, are compared as a set.

use crate::support::group_concat_columns;
use crate::support::{hkkg, hkkg_ok};
use spargebra::SparqlParser;
use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Virtuoso may take to start answering.
const START_LIMIT: Duration = Duration::from_secs(60);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A Virtuoso server on a temporary database, shut down (and killed if need be) when dropped.
struct Virtuoso {
    child: Child,
    sql_port: u16,
    http_port: u16,
    _dir: tempfile::TempDir,
}

impl Virtuoso {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (sql_port, http_port) = (free_port(), free_port());
        let root = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile={root}/virtuoso.db\nErrorLogFile={root}/virtuoso.log\nTransactionFile={root}/virtuoso.trx\nxa_persistent_file={root}/virtuoso.pxa\n\
             [TempDatabase]\nDatabaseFile={root}/temp.db\nTransactionFile={root}/temp.trx\n\
             [Parameters]\nServerPort=127.0.0.1:{sql_port}\nDirsAllowed=.,{root}\nNumberOfBuffers=2000\nMaxDirtyBuffers=1200\n\
             [HTTPServer]\nServerPort=127.0.0.1:{http_port}\nServerRoot={root}\n\
             [SPARQL]\nResultSetMaxRows=1000000\nMaxQueryExecutionTime=60\n"
        );
        let config = dir.path().join("virtuoso.ini");
        std::fs::write(&config, ini).expect("the INI is written");
        // +foreground keeps Virtuoso our child, so that it can be killed on drop.
        let child = Command::new("virtuoso-t")
            .arg("+configfile")
            .arg(&config)
            .arg("+foreground")
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "virtuoso-t runs (Debian's virtuoso-opensource-7, installed by .ci/install-deps)",
            );
        let server = Self {
            child,
            sql_port,
            http_port,
            _dir: dir,
        };
        let started = Instant::now();
        while !server.isql("GRANT SPARQL_UPDATE TO \"SPARQL\";") {
            assert!(
                started.elapsed() < START_LIMIT,
                "Virtuoso did not start within {START_LIMIT:?}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
        server
    }

    fn isql(&self, statement: &str) -> bool {
        Command::new("isql-vt")
            .arg(self.sql_port.to_string())
            .args(["dba", "dba", &format!("exec={statement}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http_port)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        self.isql("shutdown;");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the catalogue directory")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "rq").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

/// A node-link JSON dump as sets of nodes and edges (edge keys numbered in order left out).
fn network(json: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let value: serde_json::Value = serde_json::from_str(json).expect("node-link JSON");
    let set = |key: &str| {
        value[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|item| {
                let mut item = item.clone();
                item.as_object_mut().map(|o| o.remove("key"));
                item.to_string()
            })
            .collect()
    };
    (set("nodes"), set("edges"))
}

/// The GROUP_CONCAT columns of a named query, with their separators.
fn concatenated(name: &str) -> BTreeMap<String, String> {
    let shown = hkkg_ok(&["queries", "--show", name]);
    let query = SparqlParser::new()
        .parse_query(&shown)
        .unwrap_or_else(|e| panic!("the shown form of {name} does not parse: {e}"));
    group_concat_columns(&query)
}

/// A named query's TSV answer as a set of rows, each GROUP_CONCAT value (of `concatenated`) as its
/// parts sorted (SPARQL leaves their order to the store: Virtuoso sorts them, oxigraph keeps its
/// index's order).
fn rows(tsv: &str, concatenated: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut lines = tsv.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(|column| column.trim_start_matches('?').to_owned())
        .collect();
    lines
        .map(|line| {
            let cells: Vec<String> = line
                .split('\t')
                .zip(&header)
                .map(|(cell, column)| match concatenated.get(column) {
                    Some(separator)
                        if cell.len() > 1 && cell.starts_with('"') && cell.ends_with('"') =>
                    {
                        let mut parts: Vec<&str> =
                            cell[1..cell.len() - 1].split(separator.as_str()).collect();
                        parts.sort_unstable();
                        format!("\"{}\"", parts.join(separator))
                    }
                    _ => cell.to_owned(),
                })
                .collect();
            cells.join("\t")
        })
        .collect()
}

/// Runs every named query (with its defaults), and every view `with_views`, here over the bundled
/// data and `local_data`, and on the endpoint (`remote`), and compares them. Returns how many were
/// compared.
fn compare_catalogue(remote: &[&str], local_data: &[&str], with_views: bool) -> usize {
    let root = crate::support::repo_root();
    let named = names(&root.join("queries"));
    let views = if with_views {
        names(&root.join("queries/views"))
    } else {
        Vec::new()
    };
    // Two at a time (measured faster than four on two cores): most of a command's time is the
    // endpoint's (each command reads from there the vocabulary its advice checks terms against).
    let compared = std::sync::atomic::AtomicUsize::new(0);
    let jobs: Vec<(bool, &String)> = named
        .iter()
        .map(|name| (false, name))
        .chain(views.iter().map(|name| (true, name)))
        .collect();
    std::thread::scope(|scope| {
        for half in jobs.chunks(jobs.len().div_ceil(2)) {
            let compared = &compared;
            scope.spawn(move || {
                for &(view, name) in half {
                    let args: Vec<&str> = if view {
                        vec!["graph", name, "-f", "json"]
                    } else {
                        vec!["query", name, "-f", "tsv"]
                    };
                    let here = hkkg_ok(&[&args[..], local_data].concat());
                    let there = hkkg(&[&args[..], remote].concat());
                    assert_eq!(there.code, 0, "{args:?}: {}", there.stderr);
                    if view {
                        assert_eq!(network(&there.stdout), network(&here), "view {name}");
                    } else {
                        let concatenated = concatenated(name);
                        assert_eq!(
                            rows(&there.stdout, &concatenated),
                            rows(&here, &concatenated),
                            "named query {name}"
                        );
                    }
                    compared.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    compared.into_inner()
}

#[test]
fn remote_virtuoso_answers_as_the_embedded_store() {
    let server = Virtuoso::start();
    let endpoint = server.endpoint();
    let remote = ["--endpoint", endpoint.as_str()];

    // A graph pushed once and then no longer in the data is dropped by the next push.
    let extra = tempfile::Builder::new().suffix(".ttl").tempfile().unwrap();
    std::fs::write(
        extra.path(),
        "<https://example.org/s> <https://example.org/p> \"stale\" .\n",
    )
    .unwrap();
    let extra = extra.path().to_str().unwrap();
    let stale = hkkg_ok(&[
        "push",
        "--endpoint",
        &endpoint,
        "--data-graph",
        "hkg:stale",
        extra,
    ]);
    assert!(stale.contains("pushed 68 named graphs"), "{stale}");
    let first = hkkg_ok(&["push", "--endpoint", &endpoint]);
    assert!(first.contains("dropped 1 graph"), "{first}");
    let first = hkkg_ok(&["push", "--endpoint", &endpoint]);
    assert!(first.contains("pushed 67 named graphs"), "{first}");
    // Pushing again replaces rather than adds: the counts stay those of one copy.
    let second = hkkg_ok(&["push", "--endpoint", &endpoint]);
    assert_eq!(first, second);
    // And by the Graph Store Protocol, a PUT per graph, to the same state (compared below).
    let store = format!("http://127.0.0.1:{}/sparql-graph-crud", server.http_port);
    let put = hkkg_ok(&["push", "--endpoint", &endpoint, "--graph-store", &store]);
    assert!(put.contains("Graph Store Protocol"), "{put}");
    assert_eq!(
        hkkg_ok(&[&["stats"][..], &remote].concat()),
        hkkg_ok(&["stats"])
    );
    // Byte for byte: the same graph, the same citations, paths, ego networks and measures.
    for args in [
        &["cite", "hkr:qatar"][..],
        &["export", "--format", "nquads"],
        &["export", "--format", "turtle"],
        &["path", "hkr:qatar", "hkr:kazakhstan"],
        &["neighbours", "hkr:qatar"],
        &["analyze", "visits"],
    ] {
        assert_eq!(
            hkkg_ok(&[args, &remote].concat()),
            hkkg_ok(args),
            "{args:?}"
        );
    }

    let compared = compare_catalogue(&remote, &[], true);
    assert!(
        compared >= 34,
        "only {compared} named queries and views compared"
    );

    // A generated graph beside the bundled data: a hundred visits, hundreds of passages and
    // statements the queries were not written against. The named queries only: a remote view
    // asks the endpoint for each node's labels, one request a node (the entities view of this
    // graph takes two minutes), so the views are compared on the bundled data above.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let generated = dir.path().join("generated.trig");
    let generated = generated.to_str().unwrap();
    hkkg_ok(&[
        "generate",
        "--triples",
        "20000",
        "--seed",
        "1",
        "-o",
        generated,
    ]);
    let data = ["--data", generated];
    // By the Graph Store: its merged graph of over 20,000 facts goes as a PUT and POSTs of the
    // rest (GRAPH_STORE_BATCH), which the answers below show to be the whole graph, once.
    let push = ["push", "--endpoint", &endpoint, "--graph-store", &store];
    let pushed = hkkg_ok(&[&push[..], &data].concat());
    assert!(pushed.contains("pushed 641 named graphs"), "{pushed}");
    let compared = compare_catalogue(&remote, &data, false);
    assert!(compared >= 29, "only {compared} named queries compared");

    // A failure names the endpoint, the status and what to do.
    let wrong = format!("http://127.0.0.1:{}/none", server.http_port);
    let refused = hkkg(&["stats", "--endpoint", &wrong]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&wrong) && refused.stderr.contains("404"),
        "{}",
        refused.stderr
    );
}
