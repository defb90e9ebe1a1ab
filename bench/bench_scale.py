"""Scale benchmark: hkkg next to pyoxigraph and NetworkX on generated graphs, in one run.

usage: python3 bench/bench_scale.py [--sizes 1000000 10000000] [--view entities] [--runs 1]
                                   [--virtuoso-up-to 1000000] [--cold-up-to 1000000]
                                   [--update-push-up-to 100000] [--full-up-to 10000000]
                                   [--networkx-graphml-up-to 3500000] [--save FILE] [--resume FILE]

For each size, `hkkg generate --triples N --seed 1` writes a graph in hkkg's model (TriG), then:

* load: `hkkg --no-bundled --data G query -e 'ASK {}'` against a Python process doing
  pyoxigraph's `Store().load(path=G)` (the same oxigraph store, without hkkg's merged default
  graph), whole processes: CPU time (user + system) and peak memory per million triples;
* export, per format: examples/bench_scale.rs times `hkkg::output::export::export` (what
  `hkkg export -f FORMAT` runs, merged default graph included) on the loaded graph, and this script
  times pyoxigraph's `store.dump` on a store holding the same statements (hkkg's own N-Quads export
  loaded into it), both in process, wall time; the ratio is pyoxigraph's time over hkkg's for the
  same statements, so 0.5 means hkkg writes at half oxigraph's (unsorted, not pretty) speed. The
  peak memory of the whole `hkkg export` process is measured too;
* view and PageRank: examples/bench_scale.rs loads the graph, builds the view from the store,
  takes it as a network and runs PageRank (alpha 0.85, tolerance 1e-6 per node, as `hkkg analyze`),
  timing each step; NetworkX builds an `nx.Graph` from the same weighted edges and runs
  `nx.pagerank` with the same settings;
* GraphML: the example's dump of the view against `nx.write_graphml` of the same network, read
  back from hkkg's file (same nodes, edges and attributes);
* the on-disk store, named queries cold, on a store, over HTTP and against Virtuoso (sizes up to
  --virtuoso-up-to), Virtuoso's loading, and `analyze` end to end: see bench/scale_queries.py.

With sizes above the largest measured, costs are projected from the last growth exponent
(marked as projections, never as measurements).

With two sizes or more, each cost's growth exponent k (cost ∝ size^k between consecutive sizes;
1 is linear) is reported. CPU time, not wall time, for whole processes (the machine may be
shared); wall time inside the example and inside Python for the in-process steps, which are
single-threaded on both sides. Writes its
section of BENCHMARKS.md (see bench/report.py).
"""
import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import write_section
import scale_queries

import networkx as nx
import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent

# hkkg's export format, pyoxigraph's, and whether pyoxigraph dumps the default graph only.
FORMATS = [
    ("ntriples", "N_TRIPLES", True),
    ("nquads", "N_QUADS", False),
    ("turtle", "TURTLE", True),
    ("trig", "TRIG", False),
    ("rdfxml", "RDF_XML", True),
]

PY_LOAD = """
import sys
from pyoxigraph import Store, RdfFormat
store = Store()
store.load(path=sys.argv[1], format=RdfFormat.{format})
"""



def measure(command):
    """(CPU seconds, peak MiB, stderr) of one run of the whole process. GNU time reports the
    peak: a child forked from this Python process would start with its memory counted."""
    with tempfile.NamedTemporaryFile("r") as usage:
        process = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", "-o", usage.name, *map(str, command)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, command))} failed:\n{process.stderr}")
        user, system, kib = usage.read().split()[-3:]
    return float(user) + float(system), int(kib) / 1024, process.stderr


def median_of(runs, command):
    """Median CPU seconds and peak MiB over `runs` runs."""
    results = [measure(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def python(script, *args):
    return [sys.executable, "-c", script, *map(str, args)]


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def one_size(hkkg, example, size, args, tmp):
    """Every figure for one generated graph, as far as the --…-up-to limits in `args` allow."""
    view, runs = args.view, args.runs
    full_figures = size <= args.full_up_to
    graph = tmp / f"gen-{size}.trig"
    _, _, said = measure([hkkg, "generate", "--triples", size, "--seed", 1, "-o", graph])
    triples = int(re.search(r"wrote (\d+) generated triples", said).group(1))
    data = [hkkg, "--no-bundled", "--data", graph]
    figures = {"triples": triples}

    figures["hkkg_load"] = median_of(runs, [*data, "query", "-e", "ASK {}"])
    figures["py_load"] = median_of(runs, python(PY_LOAD.format(format="TRIG"), graph))

    for ours, _, _ in FORMATS:
        out = tmp / f"out.{ours}"
        figures[f"hkkg_export_{ours}_mib"] = (
            median_of(runs, [*data, "export", "-f", ours, "-o", out])[1] if full_figures else None)
        out.unlink(missing_ok=True)
    full = tmp / "full.nq"
    measure([*data, "export", "-f", "nquads", "-o", full])
    # The merged copies too: what pyoxigraph must hold to answer hkkg's queries over its default
    # graph (its union default graph counts a fact once per graph that states it).
    figures["py_load_same_quads"] = median_of(runs, python(PY_LOAD.format(format="N_QUADS"), full))
    store = pyoxigraph.Store()
    store.load(path=str(full), format=pyoxigraph.RdfFormat.N_QUADS)
    full.unlink()
    for ours, theirs, default_only in FORMATS:
        out = tmp / f"py.{ours}"
        graph_only = {"from_graph": pyoxigraph.DefaultGraph()} if default_only else {}
        dump = lambda: store.dump(output=str(out), format=getattr(pyoxigraph.RdfFormat, theirs), **graph_only)
        figures[f"py_export_{ours}"] = statistics.median(timed(dump)[0] for _ in range(runs))
        figures[f"py_bytes_{ours}"] = out.stat().st_size
        out.unlink()
    del store

    output = subprocess.run([str(example), str(graph), view, str(tmp)], check=True, capture_output=True, text=True).stdout
    ours = json.loads(output)
    figures["view"] = ours
    edges = []
    with open(tmp / "edges.txt") as lines:
        for line in lines:
            a, b, w = line.split()
            edges.append((int(a), int(b), float(w)))
    build, G = timed(lambda: nx.Graph(((a, b, {"weight": w}) for a, b, w in edges)))
    G.add_nodes_from(range(ours["nodes"]))
    rank, _ = timed(lambda: nx.pagerank(G, alpha=0.85, tol=1e-6, max_iter=100, weight="weight"))
    figures["nx_build"], figures["nx_pagerank"] = build, rank
    del G, edges
    figures["nx_graphml"], figures["service"] = None, None
    if size <= args.networkx_graphml_up_to:
        dumped = nx.read_graphml(tmp / "hkkg.graphml")
        figures["nx_graphml"], _ = timed(lambda: nx.write_graphml(dumped, tmp / "nx.graphml"))
        del dumped
    for name in ["hkkg.graphml", "nx.graphml", "edges.txt"]:
        (tmp / name).unlink(missing_ok=True)
    if full_figures:
        figures["service"] = scale_queries.measure(
            hkkg, graph, view, max(runs, 3), tmp, virtuoso=size <= args.virtuoso_up_to,
            cold=size <= args.cold_up_to, push_by_update=size <= args.update_push_up_to)
    graph.unlink()
    graph.with_suffix(".txt").unlink(missing_ok=True)
    return figures


def number(value, spec, unit=""):
    """A figure as text, or – where it was not measured at this size."""
    return "–" if value is None else format(value, spec) + unit


def growth(sizes, costs):
    """Exponents k with cost ∝ size^k between consecutive sizes, as text (– where a size lacks the cost)."""
    steps = []
    for (n1, c1), (n2, c2) in zip(zip(sizes, costs), zip(sizes[1:], costs[1:])):
        steps.append("–" if c1 is None or c2 is None else f"{math.log(c2 / c1) / math.log(n2 / n1):.2f}")
    return ", ".join(steps)


def projection(sizes, rows, targets):
    """Each hkkg cost at the `targets` sizes, extrapolated from the last two measured sizes with
    their growth exponent: a projection, labelled as one."""
    targets = [n for n in targets if n > sizes[-1]]
    if not targets:
        return []
    (n1, n2) = sizes[-2:]
    lines = [
        "",
        f"### Projected from the growth between {n1:,} and {n2:,} triples (not measured)",
        "",
        "| cost | " + " | ".join(f"hkkg at {n:,} (projected)" for n in targets) + " |",
        "|---|" + "---|" * len(targets),
    ]
    for name, ours, _ in rows:
        c1, c2 = ours[-2:]
        if c1 is None or c2 is None:
            continue
        exponent = math.log(c2 / c1) / math.log(n2 / n1)
        lines.append(f"| {name} | " + " | ".join(f"{c2 * (n / n2) ** exponent:,.1f}" for n in targets) + " |")
    lines.append("")
    lines.append("Units as in the tables above (seconds; MiB for memory).")
    return lines


def as_json(value):
    """What --save writes for a figure JSON has no type for: commands hold paths, and the outputs
    kept for comparison are bytes (nothing in the report reads them back)."""
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--view", default="entities")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--virtuoso-up-to", type=int, default=1_000_000,
                        help="push to and query Virtuoso for sizes up to this many triples")
    parser.add_argument("--cold-up-to", type=int, default=1_000_000,
                        help="time named queries from the files (load + query) for sizes up to this")
    parser.add_argument("--full-up-to", type=int, default=10_000_000,
                        help="above this, only load, in-process export, view and PageRank figures "
                             "(no export process peaks, stores, queries or analyze)")
    # NetworkX's MultiDiGraph of the 10M graph's view (3M edges), read back from GraphML, passed
    # 24 GB; at 3.5M (1M edges) it fit.
    parser.add_argument("--networkx-graphml-up-to", type=int, default=3_500_000,
                        help="time NetworkX's GraphML writer (which needs the dump read back) up to this")
    parser.add_argument("--update-push-up-to", type=int, default=100_000,
                        help="also push to Virtuoso by SPARQL Update (slower than the Graph Store) up to this")
    parser.add_argument("--save", type=Path,
                        help="write the figures (JSON) after each size, so a long run that stops keeps them")
    parser.add_argument("--resume", type=Path,
                        help="take the sizes already in this --save file from it instead of measuring them again")
    parser.add_argument("--project", type=int, nargs="*", default=[100_000_000],
                        help="sizes to project from the measured growth")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--features", "rocksdb", "--bin", "hkkg", "--example", "bench_scale"],
                   cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    hkkg, example = target / "hkkg", target / "examples" / "bench_scale"

    earlier = json.loads(args.resume.read_text()) if args.resume else {}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            if str(size) in earlier:
                results.append(earlier[str(size)])
                continue
            started = time.perf_counter()
            results.append(one_size(hkkg, example, size, args, Path(tmp)))
            print(f"{size:,} triples measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            if args.save:
                earlier[str(size)] = results[-1]
                args.save.write_text(json.dumps(earlier, default=as_json))

    sizes = [r["triples"] for r in results]
    per_million = lambda r, key: r[key][1] / (r["triples"] / 1e6)
    lines = [
        "## Scale: load, export, views and dumps on generated graphs",
        "",
        f"Measured by `python3 bench/bench_scale.py {' '.join(sys.argv[1:])}` "
        f"on {platform.machine()} with {os.cpu_count()} cores (shared), pyoxigraph {pyoxigraph.__version__}, "
        f"NetworkX {nx.__version__}, {args.runs} run(s) per figure (medians), all in the same run. Graphs from "
        "`hkkg generate --triples N --seed 1`. Whole processes are timed in CPU seconds (user + system); "
        "the view, PageRank and dump steps in wall seconds inside the process. A ratio above 1 means hkkg is faster.",
        "",
        "### Load",
        "",
        "hkkg keeps each fact in its passage's graph and computes the merged default graph in each query "
        "(README, *Where the merge lives*); pyoxigraph's `load` keeps the quads as written.",
        "",
        "The last three columns give pyoxigraph the merged copies too (hkkg's N-Quads export): what it must "
        "hold to answer hkkg's queries, since its union default graph is a bag.",
        "",
        "| triples | hkkg CPU s | pyoxigraph CPU s | pyoxigraph/hkkg time | hkkg MiB per M triples | pyoxigraph MiB per M triples | hkkg/pyoxigraph memory | pyoxigraph, same quads: CPU s | MiB per M triples | hkkg/pyoxigraph memory, same quads |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        (hc, hm), (pc, pm), (sc, sm) = r["hkkg_load"], r["py_load"], r["py_load_same_quads"]
        lines.append(
            f"| {r['triples']:,} | {hc:.2f} | {pc:.2f} | {pc / hc:.2f} | {per_million(r, 'hkkg_load'):.0f} "
            f"| {per_million(r, 'py_load'):.0f} | {hm / pm:.2f} | {sc:.2f} | {per_million(r, 'py_load_same_quads'):.0f} "
            f"| {hm / sm:.2f} |"
        )
    lines += [
        "",
        "### Export (in process, after loading)",
        "",
        "hkkg's exports are sorted (and Turtle/TriG pretty); pyoxigraph dumps in store order. "
        "Both write the same statements (the merged graph for single-graph formats).",
        "",
        "| triples | format | hkkg s | pyoxigraph s | hkkg/pyoxigraph throughput | hkkg MB | pyoxigraph MB | hkkg export process peak MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for ours, _, _ in FORMATS:
            h, p = r["view"][f"export_{ours}"], r[f"py_export_{ours}"]
            lines.append(
                f"| {r['triples']:,} | {ours} | {h:.2f} | {p:.2f} | {p / h:.2f} "
                f"| {r['view'][f'bytes_{ours}'] / 1e6:.0f} | {r[f'py_bytes_{ours}'] / 1e6:.0f} "
                f"| {number(r[f'hkkg_export_{ours}_mib'], '.0f')} |"
            )
    lines += [
        "",
        f"### The `{args.view}` view, PageRank and GraphML",
        "",
        "| triples | view nodes | network edges | hkkg load s | hkkg view s | hkkg network s | hkkg PageRank s | NetworkX build s | NetworkX PageRank s | NetworkX/hkkg PageRank | NetworkX (build + PageRank) / hkkg (view + network + PageRank) | hkkg GraphML s | NetworkX GraphML s | NetworkX/hkkg GraphML |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        v = r["view"]
        ours = v["view"] + v["network"] + v["pagerank"]
        lines.append(
            f"| {r['triples']:,} | {v['nodes']:,} | {v['network_edges']:,} | {v['load']:.2f} | {v['view']:.2f} "
            f"| {v['network']:.3f} | {v['pagerank']:.3f} | {r['nx_build']:.2f} | {r['nx_pagerank']:.2f} "
            f"| {r['nx_pagerank'] / v['pagerank']:.0f}× | {(r['nx_build'] + r['nx_pagerank']) / ours:.1f}× "
            f"| {v['graphml']:.2f} | {number(r['nx_graphml'], '.2f')} "
            f"| {number(r['nx_graphml'] and r['nx_graphml'] / v['graphml'], '.1f', '×')} |"
        )
    lines += scale_queries.section(results, args.view)
    if len(results) > 1:
        lines += ["", "### Growth exponents between sizes (1 = linear)", "", "| cost | hkkg | peer |", "|---|---|---|"]
        rows = [
            ("load time", [r["hkkg_load"][0] for r in results], [r["py_load"][0] for r in results]),
            ("load peak memory", [r["hkkg_load"][1] for r in results], [r["py_load"][1] for r in results]),
        ]
        rows += [
            (f"export {ours}", [r["view"][f"export_{ours}"] for r in results], [r[f"py_export_{ours}"] for r in results])
            for ours, _, _ in FORMATS
        ]
        rows += [
            ("view + network + PageRank (NetworkX: build + PageRank)",
             [r["view"]["view"] + r["view"]["network"] + r["view"]["pagerank"] for r in results],
             [r["nx_build"] + r["nx_pagerank"] for r in results]),
            ("GraphML", [r["view"]["graphml"] for r in results], [r["nx_graphml"] for r in results]),
        ]
        rows += scale_queries.growth_rows(results)
        for name, ours, theirs in rows:
            lines.append(f"| {name} | {growth(sizes, ours)} | {growth(sizes, theirs) if theirs else '–'} |")
        lines += projection(sizes, rows, args.project)
    write_section("bench_scale", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
