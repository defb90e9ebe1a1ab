//! Times lint, validate and RDFS inference on the bundled data and on a synthetic graph of about
//! 1M triples shaped like it (visits with dates, countries, leaders, delegations and agreement
//! counts, each in its own passage graph). Run: `cargo run --release --example bench_trust [N]`
//! (N = number of synthetic visits of 19 triples each, default 52 500 ≈ 1M triples). Prints a Markdown table.
//! `… bench_trust generate N FILE` only writes the synthetic TriG (bench/bench_store.py loads it).

use hkkg::check::lint::{bundled_sources, lint, sources_at};
use hkkg::check::reason::{materialize, Reasoning};
use hkkg::check::shacl::{validate, Shapes};
use hkkg::store::read_dataset;
use hkkg::store::source::Input;
use hkkg::{KnowledgeGraph, LoadOptions};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// One visit: 19 triples, every one of which the ontology and shapes have something to say about.
fn synthetic(visits: usize, path: &Path) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "@prefix hk: <https://w3id.org/hkkg/ontology#> .\n@prefix hkr: <https://w3id.org/hkkg/resource/> .\n@prefix hkp: <https://w3id.org/hkkg/passage/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .")?;
    let countries = [
        "qatar",
        "kuwait",
        "uae",
        "saudi-arabia",
        "kazakhstan",
        "uzbekistan",
        "oman",
    ];
    let mut block = String::new();
    for i in 0..visits {
        block.clear();
        let country = countries[i % countries.len()];
        let (month, day) = (1 + i % 12, 1 + i % 20);
        write!(
            block,
            "hkp:s{i} {{\n hkr:v{i} a hk:Visit ; rdfs:label \"訪問{i}\"@zh-Hant, \"visit {i}\"@en ;\n  schema:startDate \"2024-{month:02}-{day:02}\"^^xsd:date ; schema:endDate \"2024-{month:02}-{:02}\"^^xsd:date ;\n  hk:visitedCountry hkr:{country} ; hk:leaderPost hkr:post-chief-executive ; hk:delegation hkr:d{i} ; hk:outcome hkr:o{i} .\n hkr:d{i} a hk:Delegation ; rdfs:label \"代表團{i}\"@zh-Hant, \"delegation {i}\"@en ; hk:memberCount \"{}\"^^xsd:integer .\n hkr:o{i} a hk:AgreementBatch ; rdfs:label \"協議{i}\"@zh-Hant, \"agreements {i}\"@en ;\n  hk:agreementCount \"{}\"^^xsd:integer ; hk:agreementKind hkr:kind-mou ; hk:counterpartCountry hkr:{country} .\n}}\n",
            day + 5,
            20 + i % 50,
            i % 60
        )
        .expect("writing to a String");
        out.write_all(block.as_bytes())?;
    }
    out.flush()
}

fn seconds(start: Instant) -> String {
    format!("{:.2} s", start.elapsed().as_secs_f64())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [command, visits, path] = args.as_slice() {
        if command == "generate" {
            return Ok(synthetic(visits.parse()?, Path::new(path))?);
        }
    }
    let visits: usize = args.first().map_or(Ok(52_500), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("synthetic.trig");
    synthetic(visits, &file)?;
    let shapes = Shapes::load(None)?;
    println!("| data | triples | lint | validate (read + SHACL) | RDFS (load + materialize) | entailed |");
    println!("|---|---|---|---|---|---|");
    for (name, extra) in [("bundled", None), ("synthetic", Some(file.clone()))] {
        let paths: Vec<_> = extra.into_iter().collect();
        let mut sources = bundled_sources(&["ontology", "data"]);
        sources.extend(sources_at(&paths)?);
        let start = Instant::now();
        let report = lint(&sources, &[])?;
        let lint_time = seconds(start);
        assert!(!report.has_errors(), "the benchmark data lints clean");

        let options = LoadOptions {
            inputs: paths.iter().map(|p| Input::new(p, None)).collect(),
            ..LoadOptions::default()
        };
        let start = Instant::now();
        let data = read_dataset(&options)?;
        let read = start.elapsed().as_secs_f64();
        let result = validate(&data, &shapes)?;
        let validate_time = format!(
            "{read:.2} s + {:.2} s",
            start.elapsed().as_secs_f64() - read
        );
        assert!(result.conforms(), "{:?}", result.results.first());
        drop(data);

        let start = Instant::now();
        let graph = KnowledgeGraph::load(&options)?;
        let load = start.elapsed().as_secs_f64();
        let entailed = materialize(&graph, Reasoning::Rdfs)?;
        let total = start.elapsed().as_secs_f64();
        println!(
            "| {name} | {} | {lint_time} | {validate_time} | {load:.2} s + {:.2} s | {entailed} |",
            report.triples,
            total - load
        );
    }
    Ok(())
}
