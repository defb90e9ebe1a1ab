//! The on-disk store (`hkkg load`, `--location`, `hkkg update`): built with `--features rocksdb`,
//! which CI tests; a build without it is checked to say how to get it.

#[cfg(feature = "rocksdb")]
mod on_disk {
    use crate::support::{fixture, hkkg, hkkg_ok, Run};
    use std::fs;
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    fn location(dir: &Path) -> String {
        dir.display().to_string()
    }

    /// `hkkg --location DIR ARGS…`
    fn at(store: &Path, args: &[&str]) -> Run {
        let mut all = vec!["--location".to_owned(), location(store)];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        hkkg(&all)
    }

    fn at_ok(store: &Path, args: &[&str]) -> String {
        let run = at(store, args);
        assert_eq!(
            run.code, 0,
            "hkkg --location … {args:?} failed:\n{}",
            run.stderr
        );
        run.stdout
    }

    /// The number of quads in the store's default graph, counted by a query.
    fn count(store: &Path) -> u64 {
        let out = at_ok(
            store,
            &[
                "query",
                "-e",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                "--format",
                "tsv",
            ],
        );
        let value = out.lines().nth(1).expect("a row");
        value
            .trim_start_matches('"')
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("a count: {out}"))
    }

    /// The generations a store directory holds.
    fn generations(store: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(store)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("generation-") && !n.ends_with(".readers"))
            .collect();
        names.sort();
        names
    }

    fn ntriples(from: usize, to: usize) -> String {
        (from..to)
            .map(|i| format!("<http://example.org/s{i}> <http://example.org/p> \"v{i}\" .\n"))
            .collect()
    }

    /// A store of `n` generated triples (no bundled data) in a new temporary directory, with the
    /// file it was loaded from.
    fn store_of(n: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let file = dir.path().join("first.nt");
        fs::write(&file, ntriples(0, n)).unwrap();
        at_ok(&store, &["--no-bundled", "load", &location(&file)]);
        (dir, store, file)
    }

    #[test]
    fn a_loaded_store_answers_like_the_files_and_keeps_an_update() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let summary = at(&store, &["load"]);
        assert_eq!(summary.code, 0, "{}", summary.stderr);
        assert!(
            summary.stdout.starts_with("created the store"),
            "{}",
            summary.stdout
        );
        // Not a terminal: no progress bar.
        assert!(summary.stderr.is_empty(), "{}", summary.stderr);
        // (Queries with GROUP_CONCAT list their items in the store's order, which differs between
        // the in-memory and the on-disk store: these have none.)
        for query in [
            "agreements-total",
            "visa-free-days",
            "who-said-what",
            "countries",
        ] {
            assert_eq!(
                at_ok(&store, &["query", query]),
                hkkg_ok(&["query", query]),
                "{query}"
            );
        }
        assert_eq!(at_ok(&store, &["stats"]), hkkg_ok(&["stats"]));
        assert_eq!(
            at_ok(&store, &["export", "--format", "trig"]),
            hkkg_ok(&["export", "--format", "trig"])
        );
        assert_eq!(at(&store, &["validate"]).code, 0);

        let report = at_ok(
            &store,
            &[
                "update",
                "-e",
                "INSERT DATA { GRAPH hkp:p036 { hkr:visit-2023-middle-east rdfs:comment \"added by a test\"@en } }",
            ],
        );
        assert!(report.contains("1 inserted"), "{report}");
        // Reopened by the next command: in its passage graph and in the merged default graph.
        let ask = |pattern: &str| {
            at_ok(
                &store,
                &[
                    "query",
                    "-e",
                    &format!("ASK {{ {pattern} }}"),
                    "--format",
                    "csv",
                ],
            )
        };
        assert!(
            ask("hkr:visit-2023-middle-east rdfs:comment \"added by a test\"@en").contains("true")
        );
        assert!(
            ask("GRAPH hkp:p036 { hkr:visit-2023-middle-east rdfs:comment ?c }").contains("true")
        );
        let cite = at_ok(&store, &["cite", "hkr:visit-2023-middle-east"]);
        assert!(cite.contains("added by a test"), "{cite}");

        // Deleting it from its only graph takes it out of the default graph too.
        at_ok(
            &store,
            &[
                "update",
                "-e",
                "DELETE WHERE { GRAPH ?g { ?s rdfs:comment \"added by a test\"@en } }",
            ],
        );
        assert!(ask("?s rdfs:comment \"added by a test\"@en").contains("false"));
        assert_eq!(
            at_ok(&store, &["export", "--format", "nquads"]),
            hkkg_ok(&["export", "--format", "nquads"])
        );
        assert_eq!(
            generations(&store).len(),
            1,
            "replaced generations are deleted"
        );
    }

    /// The files of the repository's ontology and data, into `dir`, without `leave_out`.
    fn data_dir(dir: &Path, leave_out: &[&str]) -> PathBuf {
        fs::create_dir_all(dir).unwrap();
        for file in crate::support::bundled_source_files() {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if !leave_out.contains(&name.as_str()) {
                fs::copy(&file, dir.join(&name)).unwrap();
            }
        }
        dir.to_owned()
    }

    #[test]
    fn the_patch_of_hkkg_diff_applied_by_hkkg_update_gives_the_new_version() {
        let dir = tempfile::tempdir().unwrap();
        // NEW drops a whole topic (facts some other passages also state) and adds a file with a
        // changed blank node, a retyped literal and statements in the default graph.
        let old = data_dir(&dir.path().join("old"), &[]);
        let new = data_dir(&dir.path().join("new"), &["people.trig"]);
        fs::copy(fixture("diff/new.trig"), new.join("changed.trig")).unwrap();
        fs::copy(fixture("diff/old.trig"), old.join("changed.trig")).unwrap();
        let patch = dir.path().join("change.ru");
        let diff = hkkg(&[
            "diff".as_ref(),
            old.as_os_str(),
            new.as_os_str(),
            "--patch".as_ref(),
            patch.as_os_str(),
        ]);
        assert_eq!(diff.code, 1, "the versions differ: {}", diff.stderr);

        let store = dir.path().join("store");
        let old_arg = location(&old);
        at_ok(
            &store,
            &["--no-bundled", "--with-inferences", "load", &old_arg],
        );
        let applied = at_ok(&store, &["update", &location(&patch)]);
        assert!(applied.contains("deleted"), "{applied}");
        let new_arg = location(&new);
        for format in ["trig", "turtle"] {
            let expected = hkkg_ok(&[
                "--no-bundled",
                "--with-inferences",
                "--data",
                &new_arg,
                "export",
                "--format",
                format,
            ]);
            assert_eq!(
                at_ok(&store, &["export", "--format", format]),
                expected,
                "the store after the patch, as {format}"
            );
        }
        // The check can fail: the store before the patch is not NEW.
        let unpatched = dir.path().join("unpatched");
        at_ok(
            &unpatched,
            &["--no-bundled", "--with-inferences", "load", &old_arg],
        );
        assert_ne!(
            at_ok(&unpatched, &["export", "--format", "trig"]),
            at_ok(&store, &["export", "--format", "trig"])
        );
    }

    #[test]
    fn readers_see_the_store_as_it_was_while_a_load_runs_and_a_second_writer_is_refused() {
        let (_dir, store, first) = store_of(100);
        assert_eq!(count(&store), 100);

        // A load that reads standard input, held open half-way by this test.
        let mut loader = Command::new(env!("CARGO_BIN_EXE_hkkg"))
            .args([
                "--location",
                &location(&store),
                "--data-format",
                "ntriples",
                "load",
                "-",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = loader.stdin.take().unwrap();
        input.write_all(ntriples(100, 3000).as_bytes()).unwrap();
        input.flush().unwrap();
        // The loader holds the writer lock once it has written its pid there.
        let lock = store.join("writer.lock");
        let started = Instant::now();
        while !fs::read_to_string(&lock)
            .unwrap_or_default()
            .contains(&format!("pid {}", loader.id()))
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the load never started"
            );
            std::thread::sleep(Duration::from_millis(20));
        }

        assert_eq!(
            count(&store),
            100,
            "a reader sees the store as before the load"
        );
        assert!(at_ok(
            &store,
            &[
                "query",
                "-e",
                "ASK { <http://example.org/s5> ?p ?o }",
                "--format",
                "csv"
            ]
        )
        .contains("true"));
        for args in [
            vec!["load".to_owned(), location(&first)],
            vec!["update".to_owned(), "-e".to_owned(), "CLEAR ALL".to_owned()],
        ] {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let busy = at(&store, &args);
            assert_eq!(busy.code, 2, "{args:?}");
            assert!(
                busy.stderr.contains("being written by another process")
                    && busy
                        .stderr
                        .contains(&format!("pid {}: hkkg load", loader.id())),
                "{}",
                busy.stderr
            );
        }

        input.write_all(ntriples(3000, 5000).as_bytes()).unwrap();
        drop(input);
        let output = loader.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(count(&store), 5000, "the next reader sees the whole load");
        assert_eq!(count(&store), 5000);
    }

    #[test]
    fn a_generation_being_read_outlives_the_write_that_replaces_it() {
        let (dir, store, _) = store_of(10);
        let reading = hkkg::store::disk::open(&store).unwrap();
        let second = dir.path().join("second.nt");
        fs::write(&second, ntriples(10, 20)).unwrap();
        at_ok(&store, &["load", &location(&second)]);
        assert_eq!(count(&store), 20);
        // The reader opened before still reads its own generation, whole, and keeps it.
        assert_eq!(reading.len().unwrap(), 10);
        assert_eq!(generations(&store).len(), 2);
        drop(reading);
        at_ok(
            &store,
            &[
                "update",
                "-e",
                "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }",
            ],
        );
        assert_eq!(
            generations(&store).len(),
            1,
            "unread, the old generations are deleted"
        );
        assert_eq!(count(&store), 21);
    }

    #[test]
    fn a_failed_load_or_update_leaves_the_store_unchanged() {
        let (dir, store, _) = store_of(50);
        let before = at_ok(&store, &["export", "--format", "nquads"]);

        let more = dir.path().join("more.nt");
        fs::write(&more, ntriples(50, 5000)).unwrap();
        let bad = location(&fixture("bad-syntax.ttl"));
        let failed = at(&store, &["load", &location(&more), &bad]);
        assert_eq!(failed.code, 2);
        assert!(
            failed.stderr.contains("bad-syntax.ttl:"),
            "{}",
            failed.stderr
        );
        assert!(
            failed.stderr.contains("nothing was loaded"),
            "{}",
            failed.stderr
        );
        let missing = at(&store, &["load", "no-such-file.ttl"]);
        assert_eq!(missing.code, 2, "{}", missing.stderr);

        let refused = at(&store, &["update", "-e", "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 } ; DROP GRAPH <http://example.org/none>"]);
        assert_eq!(refused.code, 2);
        assert!(
            refused.stderr.contains("no such graph"),
            "{}",
            refused.stderr
        );
        let syntax = at(
            &store,
            &["update", "-e", "INSERT DATA { <http://example.org/x> }"],
        );
        assert!(
            syntax.stderr.contains("SPARQL syntax error at line 1"),
            "{}",
            syntax.stderr
        );

        assert_eq!(at_ok(&store, &["export", "--format", "nquads"]), before);
        assert_eq!(
            generations(&store).len(),
            1,
            "no half-written generation is left"
        );
    }

    #[test]
    fn stores_of_another_format_and_directories_that_are_no_store_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let missing = at(&store, &["query", "visit-timeline"]);
        assert!(
            missing
                .stderr
                .contains("no hkkg store here; create one with `hkkg load --location"),
            "{}",
            missing.stderr
        );
        assert!(!store.exists(), "a reader creates nothing");

        let small = dir.path().join("small.nt");
        fs::write(&small, ntriples(0, 3)).unwrap();
        at_ok(&store, &["--no-bundled", "load", &location(&small)]);
        let manifest = store.join("hkkg-store.json");
        let text = fs::read_to_string(&manifest).unwrap();
        assert!(text.contains("\"version\": 1"), "{text}");
        fs::write(&manifest, text.replace("\"version\": 1", "\"version\": 2")).unwrap();
        for args in [vec!["stats"], vec!["load", small.to_str().unwrap()]] {
            let newer = at(&store, &args);
            assert_eq!(newer.code, 2);
            assert!(
                newer
                    .stderr
                    .contains("written by a newer hkkg (store format 2; this hkkg reads format 1)"),
                "{}",
                newer.stderr
            );
        }
        fs::write(&manifest, text.replace("\"version\": 1", "\"version\": 0")).unwrap();
        assert!(at(&store, &["stats"]).stderr.contains("an older hkkg"));

        let other = dir.path().join("other");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("notes.txt"), "mine").unwrap();
        let refused = at(&other, &["load"]);
        assert!(
            refused
                .stderr
                .contains("holds other files (notes.txt…) and no hkkg store"),
            "{}",
            refused.stderr
        );
        assert_eq!(
            fs::read_dir(&other).unwrap().count(),
            1,
            "nothing written into it"
        );
    }

    #[test]
    fn options_that_load_files_are_refused_with_a_store() {
        let (_dir, store, small) = store_of(3);
        let data = location(&small);
        for (args, option) in [
            (vec!["--data", &data, "query", "visit-timeline"], "--data"),
            (vec!["--with-inferences", "export"], "--with-inferences"),
            (vec!["--reason", "rdfs", "stats"], "--reason"),
            (vec!["--data", &data, "validate"], "--data"),
        ] {
            let run = at(&store, &args);
            assert_eq!(run.code, 2, "{args:?}");
            assert!(
                run.stderr.contains(&format!(
                    "{option} does not apply to a store opened with --location"
                )),
                "{}",
                run.stderr
            );
        }
        assert!(at(&store, &["lint"])
            .stderr
            .contains("hkkg lint does not take --location"));
        let no_location = hkkg(&["update", "-e", "CLEAR ALL"]);
        assert!(
            no_location
                .stderr
                .contains("give its directory with --location DIR"),
            "{}",
            no_location.stderr
        );
        let nothing = at(&store, &["load"]);
        assert!(
            nothing
                .stderr
                .contains("nothing to load into the existing store"),
            "{}",
            nothing.stderr
        );
    }

    #[test]
    fn a_server_on_a_store_writes_its_updates_into_the_store() {
        use crate::support::server::Server;
        let (_dir, store, _file) = store_of(3);
        let token = "a-test-token-of-some-length";
        let server = Server::start(
            &["--location", &location(&store), "--allow-update"],
            &[("HKKG_UPDATE_TOKEN", token)],
        );
        let bearer = format!("Bearer {token}");
        let answer = server.request(
            "POST",
            "/sparql",
            &[
                ("Authorization", &bearer),
                ("Content-Type", "application/sparql-update"),
            ],
            b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s9> <http://example.org/p> \"v9\" } }",
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        // The server answers from the new generation, and so does another process.
        let asked = server.get(
            &format!(
                "/sparql?query={}",
                crate::support::server::encode("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            ),
            &[("Accept", "text/csv")],
        );
        assert_eq!(asked.body.lines().nth(1), Some("4"), "{}", asked.body);
        assert_eq!(count(&store), 4);
        drop(server);
        assert_eq!(count(&store), 4, "the update outlives the server");
    }
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn a_build_without_the_store_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let location = store.display().to_string();
    for args in [
        vec!["--location", &location, "load"],
        vec!["--location", &location, "query", "visit-timeline"],
        vec!["--location", &location, "update", "-e", "CLEAR ALL"],
    ] {
        let run = crate::support::hkkg(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr
                .contains("built without the on-disk store (--location, load, update); build it with --features rocksdb"),
            "{}",
            run.stderr
        );
    }
    assert!(!store.exists(), "nothing is created");
}

/// The update a server applies to its in-memory session: the same function, the same semantics.
#[test]
fn an_in_memory_graph_takes_the_same_updates() {
    use hkkg::commands::{
        update, Session, SessionOptions, UpdateRequest, UpdateTarget, UsingGraphs,
    };
    use hkkg::query::source::QuerySource;
    use hkkg::query::sparql::{execute, Limits};
    use oxigraph::sparql::QueryResults;

    // Loaded for reading, a graph computes its merge in each query and refuses updates, which
    // could not keep it; loaded as `serve --allow-update` loads it, it stores the merge.
    let reading = Session::open(&SessionOptions::default()).unwrap();
    let refused = update(
        UpdateTarget::Graph(&reading.graph),
        &UpdateRequest {
            source: QuerySource::Inline("INSERT DATA { hkr:a hkr:b hkr:c }".to_owned()),
            base_iri: None,
            using: UsingGraphs::default(),
            limits: Limits::default(),
        },
    );
    assert!(
        matches!(refused, Err(hkkg::Error::ReadOnlyGraph)),
        "{refused:?}"
    );
    let mut options = SessionOptions::default();
    options.load.merge_stored = true;
    let session = Session::open(&options).unwrap();
    let ask = |pattern: &str| match execute(&session.graph, &format!("ASK {{ {pattern} }}"), &[])
        .unwrap()
    {
        QueryResults::Boolean(answer) => answer,
        _ => unreachable!("an ASK query"),
    };
    let request = |text: &str| UpdateRequest {
        source: QuerySource::Inline(text.to_owned()),
        base_iri: None,
        using: UsingGraphs::default(),
        limits: Limits::default(),
    };
    let report = update(
        UpdateTarget::Graph(&session.graph),
        &request("INSERT DATA { GRAPH hkp:p036 { hkr:visit-2023-middle-east rdfs:comment \"in memory\"@en } }"),
    )
    .unwrap();
    assert_eq!(report.inserted, 1);
    assert!(ask(
        "hkr:visit-2023-middle-east rdfs:comment \"in memory\"@en"
    ));
    update(
        UpdateTarget::Graph(&session.graph),
        &request("DROP GRAPH hkp:p036"),
    )
    .unwrap();
    assert!(!ask("hkr:visit-2023-middle-east rdfs:comment ?c"));
    // The start date is stated in p036 only; the visit's type is stated by other passages too.
    assert!(!ask("hkr:visit-2023-middle-east schema:startDate ?d"));
    assert!(ask("hkr:visit-2023-middle-east a hk:Visit"));
    let error = update(
        UpdateTarget::Graph(&session.graph),
        &request("DROP GRAPH hkp:p036"),
    )
    .unwrap_err();
    assert!(error.to_string().contains("no such graph"), "{error}");
}
