"""Store benchmark: a named query on hkkg's on-disk store (`hkkg query --location DIR`) next to the
same query on a pyoxigraph RocksDB store, in one run, on the bundled data and on ~1M synthetic
triples.

usage: python3 bench/bench_store.py [--visits 52500] [--runs 10]

Builds hkkg (release, --features rocksdb) and its example `bench_trust`, which writes the synthetic
data (visits, delegations and agreement batches, each visit in its own passage graph: 19 triples a
visit). Both stores get the same dataset: hkkg's `load` keeps every named-graph statement also in
the default graph (the merged default graph), so pyoxigraph gets the same copies after its
`bulk_load`. Each query then runs as a whole process, pyoxigraph's as a Python script that opens
the store read-only and writes the W3C CSV results, hkkg's as `hkkg query NAME --format csv` —
A and B in turn, RUNS pairs after a warm-up pair, the ratio taken pair by pair; the answers are
checked equal. hkkg reloading the files for every command (no --location) is timed the same way
against its own store. Loading is timed once per side. Writes its section of BENCHMARKS.md.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- bench_store: begin -->"
END = "<!-- bench_store: end -->"

# The peer: open the store read-only, run one query with the same prefixes and parameter values
# hkkg gives it (hkkg binds a parameter as a VALUES row at the head of the WHERE group, which is
# what is written here), write the results as CSV.
PEER = r"""
import sys, pyoxigraph as ox
store_dir, query_file, prefixes, values = sys.argv[1:5]
prefixes = dict(p.split("=", 1) for p in prefixes.split(" ") if p)
query = open(query_file, encoding="utf-8").read()
for name, value in (v.split("=", 1) for v in values.split(" ") if v):
    query = query.replace("WHERE {", "WHERE { VALUES ?%s { %s }" % (name, value), 1)
store = ox.Store.read_only(store_dir)
results = store.query(query, prefixes=prefixes)
sys.stdout.buffer.write(results.serialize(format=ox.QueryResultsFormat.CSV))
"""

# Queries whose answers do not depend on the store's order (no GROUP_CONCAT), with rows on both
# data sets: an aggregate over every visit, and every visit of a period in date order.
QUERIES = ["agreements-total", "visits-between"]


def prefixes():
    """hkkg's prefixes, as src/rdf/namespaces.rs declares them (every hkkg query sees them)."""
    text = (ROOT / "src/rdf/namespaces.rs").read_text(encoding="utf-8")
    constants = dict(re.findall(r'pub const (\w+): &str = "([^"]+)";', text))
    table = text.split("pub const PREFIXES")[1].split("];")[0]
    found = {}
    for prefix, value in re.findall(r'\(\s*"([\w-]+)",\s*("[^"]+"|\w+),?\s*\)', table):
        found[prefix] = value.strip('"') if value.startswith('"') else constants[value]
    return found


def defaults(query):
    """The parameter defaults a named query declares (`# param: name: type = value -- …`), as
    SPARQL terms."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    values = {}
    for line in (ROOT / "queries" / f"{query}.rq").read_text(encoding="utf-8").splitlines():
        match = re.match(r"# param: (\w+): (\w+) = (\S+)", line)
        if match:
            name, kind, value = match.groups()
            values[name] = f'"{value}"' if kind == "string" else f'"{value}"^^<{xsd}{kind}>'
    return values


def run(command):
    """Runs a command to its end; returns (wall seconds, peak RSS in MiB, standard output)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.stdout.close()
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"{command} failed:\n{errors.read().decode()}")
    return wall, usage.ru_maxrss / 1024, out


def paired(a, b, runs):
    """A and B in turn after a warm-up pair: the medians of each one's wall time and peak, of the
    pairwise ratio B/A, and both answers."""
    run(a), run(b)
    walls_a, walls_b, peaks_a, peaks_b, ratios = [], [], [], [], []
    for _ in range(runs):
        wall_a, peak_a, out_a = run(a)
        wall_b, peak_b, out_b = run(b)
        walls_a.append(wall_a)
        walls_b.append(wall_b)
        peaks_a.append(peak_a)
        peaks_b.append(peak_b)
        ratios.append(wall_b / wall_a)
    median = statistics.median
    return {
        "a": median(walls_a), "b": median(walls_b), "ratio": median(ratios),
        "peak_a": median(peaks_a), "peak_b": median(peaks_b), "out_a": out_a, "out_b": out_b,
    }


def same_rows(a, b):
    """The two CSV answers hold the same rows (order aside: ties may come in any order)."""
    rows = lambda out: sorted(out.decode().replace("\r\n", "\n").strip().split("\n"))
    return rows(a) == rows(b)


# pyoxigraph's store: bulk-loaded files, then every named-graph statement copied into the default
# graph, as hkkg's load does; compacted, as hkkg's load does. In a process of its own, so that the
# benchmark's own memory stays small (a child's peak counts its parent's at the fork).
PEER_LOAD = r"""
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
for path in sys.argv[2:]:
    store.bulk_load(path=path)
for path in sys.argv[2:]:
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in ox.parse(path=path)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )
store.optimize()
store.flush()
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=52_500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    subprocess.run(
        ["cargo", "build", "--release", "--features", "rocksdb", "--bin", "hkkg", "--example", "bench_trust"],
        cwd=ROOT, check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    hkkg = str(target / "hkkg")
    prefix_arg = " ".join(f"{p}={iri}" for p, iri in prefixes().items())

    rows = []
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bundled = tmp / "bundled.nq"
        bundled.write_bytes(subprocess.run([hkkg, "export", "--format", "nquads"], check=True, capture_output=True).stdout)
        synthetic = tmp / "synthetic.trig"
        subprocess.run([str(target / "examples" / "bench_trust"), "generate", str(args.visits), str(synthetic)], check=True)
        datasets = [
            ("bundled", [], [bundled]),
            ("synthetic", ["--no-bundled", "--data", str(synthetic)], [synthetic]),
        ]
        for name, files_args, peer_files in datasets:
            ours, theirs = tmp / f"{name}-hkkg", tmp / f"{name}-pyoxigraph"
            load_args = [hkkg, "--location", str(ours)]
            if files_args:
                load_args += ["--no-bundled", "load", str(synthetic)]
            else:
                load_args += ["load"]
            hkkg_load, hkkg_load_peak, _ = run(load_args)
            peer_load, peer_load_peak, _ = run([sys.executable, "-c", PEER_LOAD, str(theirs), *map(str, peer_files)])
            triples = subprocess.run(
                [hkkg, "--location", str(ours), "query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "tsv"],
                check=True, capture_output=True, text=True,
            ).stdout.split("\n")[1].split("^^")[0].strip('"')
            loads.append((name, int(triples), hkkg_load, peer_load, hkkg_load_peak, peer_load_peak))
            for query in QUERIES:
                values = " ".join(f"{k}={v}" for k, v in defaults(query).items())
                on_store = [hkkg, "--location", str(ours), "query", query, "--format", "csv"]
                peer = [sys.executable, "-c", PEER, str(theirs), str(ROOT / "queries" / f"{query}.rq"), prefix_arg, values]
                versus_peer = paired(on_store, peer, args.runs)
                if not same_rows(versus_peer["out_a"], versus_peer["out_b"]):
                    sys.exit(f"{query} on {name}: hkkg and pyoxigraph answer differently")
                from_files = [hkkg, *files_args, "query", query, "--format", "csv"]
                versus_files = paired(on_store, from_files, max(3, args.runs // 3))
                if not same_rows(versus_files["out_a"], versus_files["out_b"]):
                    sys.exit(f"{query} on {name}: the store and the files answer differently")
                answer_rows = len(versus_peer["out_a"].decode().strip().split("\n")) - 1
                rows.append((name, query, answer_rows, versus_peer, versus_files))

    lines = [
        BEGIN,
        "## On-disk store: a named query on a loaded store",
        "",
        f"Measured by `python3 bench/bench_store.py --visits {args.visits} --runs {args.runs}` on {platform.machine()} "
        f"with {os.cpu_count()} cores: hkkg {hkkg_version(hkkg)} (release, `--features rocksdb`) and pyoxigraph "
        f"{ox.__version__}, both RocksDB, in the same run. Each query is a whole process — hkkg's `hkkg --location DIR "
        "query NAME --format csv`, pyoxigraph's a Python script opening the store read-only and writing the CSV "
        f"results — run in turn, {args.runs} pairs after a warm-up pair; median wall seconds, and the median of the "
        "pairwise ratios (above 1: hkkg is faster). Both answers are checked equal. The last columns time hkkg "
        "loading the files for the command instead of opening its store. Peaks are each process's maximum "
        "resident memory (at least the benchmark's own, about 40 MiB, which a child starts from).",
        "",
        "| data | query | rows | hkkg `--location` s | pyoxigraph s | pyoxigraph / hkkg | peak MiB hkkg / pyoxigraph | hkkg from files s | files / store | peak MiB from files |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, query, answer_rows, peer, files in rows:
        lines.append(
            f"| {name} | `{query}` | {answer_rows:,} | {peer['a']:.3f} | {peer['b']:.3f} | {peer['ratio']:.2f}× "
            f"| {peer['peak_a']:.0f} / {peer['peak_b']:.0f} | {files['b']:.3f} | {files['ratio']:.1f}× | {files['peak_b']:.0f} |"
        )
    lines += [
        "",
        "Loading, once per side (hkkg `load`: parse, bulk load with the merged copies, compact; pyoxigraph: "
        "`bulk_load`, the same copies with `bulk_extend`, `optimize`):",
        "",
        "| data | quads in the default graph | hkkg load s | pyoxigraph load s | pyoxigraph / hkkg | peak MiB hkkg / pyoxigraph |",
        "|---|---|---|---|---|---|",
    ]
    for name, triples, hkkg_load, peer_load, hkkg_peak, peer_peak in loads:
        lines.append(
            f"| {name} | {triples:,} | {hkkg_load:.2f} | {peer_load:.2f} | {peer_load / hkkg_load:.2f}× | {hkkg_peak:.0f} / {peer_peak:.0f} |"
        )
    lines.append(END)
    section = "\n".join(lines) + "\n"
    print(section)

    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN in text:
        text = text.split(BEGIN)[0] + section + text.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def hkkg_version(hkkg):
    return subprocess.run([hkkg, "--version"], check=True, capture_output=True, text=True).stdout.split()[-1]


if __name__ == "__main__":
    main()
