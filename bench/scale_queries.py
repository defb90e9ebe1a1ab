"""The service half of the scale benchmark (bench_scale.py calls it for each size): loading into
an on-disk store and into Virtuoso, named queries four ways, and `analyze` end to end, each next
to its peer in the same run.

* disk load: `hkkg --no-bundled --location DIR load G` against pyoxigraph's RocksDB store given
  the same quads (bench_store.py's PEER_LOAD: `bulk_load`, the merged copies, `optimize`), wall
  seconds and peak memory of the whole processes;
* named queries (bench_store.py's QUERIES, with their defaults), whole processes, A and B in turn,
  the ratio taken pair by pair, answers checked equal:
  - cold (sizes up to bench_scale.py's --cold-up-to: above, it is the load measured already plus
    the query on a store): `hkkg --no-bundled --data G query NAME` (load, then query) against a
    Python process loading pyoxigraph's in-memory store with the named graphs and their merged
    copies (what answering hkkg's queries needs of it) and running the same query;
  - on a store: `hkkg --location DIR query NAME` against pyoxigraph opening its RocksDB store
    read-only (bench_store.py's PEER);
  - over HTTP: the median latency of sequential requests, `hkkg serve --location DIR` answering
    /queries/NAME against `oxigraph serve-read-only` on pyoxigraph's store answering the same
    SPARQL (the parameter written in as the VALUES row hkkg binds);
  - against Virtuoso: `hkkg --endpoint URL query NAME` on the pushed graph, against the same
    command on hkkg's own store (so the ratio is what going to Virtuoso costs);
* Virtuoso loading: `hkkg push --endpoint URL --graph-store URL` (and by SPARQL Update, several
  graphs a request, for sizes up to --update-push-up-to) into a
  fresh Virtuoso, and Virtuoso's own bulk loader (`ld_dir` + `rdf_loader_run`) on hkkg's N-Quads
  export of the same statements into another, wall seconds;
* analyze: `hkkg --location DIR analyze VIEW` (store → view → network → every measure, sampled
  above 5,000 nodes as the command does by default), wall seconds and peak memory.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench_serve import bound, free_port, start, stop
from bench_store import PEER, PEER_LOAD, QUERIES, defaults, paired, prefixes, run, same_rows

ROOT = Path(__file__).resolve().parent.parent

# pyoxigraph in memory, loaded with what hkkg's queries need of a store (the named graphs and
# their merged copies in the default graph), then one query, CSV out.
PEER_COLD = r"""
import sys, pyoxigraph as ox
graph, query_file, prefixes, values = sys.argv[1:5]
store = ox.Store()
store.bulk_load(path=graph)
store.bulk_extend(
    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
    for q in ox.parse(path=graph)
    if not isinstance(q.graph_name, ox.DefaultGraph)
)
prefixes = dict(p.split("=", 1) for p in prefixes.split(" ") if p)
query = open(query_file, encoding="utf-8").read()
for name, value in (v.split("=", 1) for v in values.split(" ") if v):
    query = query.replace("WHERE {", "WHERE { VALUES ?%s { %s }" % (name, value), 1)
sys.stdout.buffer.write(store.query(query, prefixes=prefixes).serialize(format=ox.QueryResultsFormat.CSV))
"""

VIRTUOSO_START_LIMIT = 120


class Virtuoso:
    """A Virtuoso server on a temporary database on loopback ports, as tests/interop/remote.rs
    starts it, with room for a bulk load."""

    def __init__(self, tmp, name):
        self.dir = tmp / name
        self.dir.mkdir()
        self.sql_port, self.http_port = free_port(), free_port()
        root = self.dir
        (root / "virtuoso.ini").write_text(
            f"[Database]\nDatabaseFile={root}/virtuoso.db\nErrorLogFile={root}/virtuoso.log\n"
            f"TransactionFile={root}/virtuoso.trx\nxa_persistent_file={root}/virtuoso.pxa\n"
            f"[TempDatabase]\nDatabaseFile={root}/temp.db\nTransactionFile={root}/temp.trx\n"
            f"[Parameters]\nServerPort=127.0.0.1:{self.sql_port}\nDirsAllowed=.,{root}\n"
            # Debian's defaults are for a small machine; Virtuoso's guide gives 170,000 buffers a GB.
            "NumberOfBuffers=680000\nMaxDirtyBuffers=500000\n"
            f"[HTTPServer]\nServerPort=127.0.0.1:{self.http_port}\nServerRoot={root}\n"
            "[SPARQL]\nResultSetMaxRows=10000000\nMaxQueryExecutionTime=3600\n"
            "MaxQueryCostEstimationTime=3600\n"
        )
        self.process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(root / "virtuoso.ini"), "+foreground"],
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + VIRTUOSO_START_LIMIT
        while not self.isql('GRANT SPARQL_UPDATE TO "SPARQL";', check=False):
            if time.time() > deadline or self.process.poll() is not None:
                sys.exit(f"Virtuoso did not start; see {root}/virtuoso.log")
            time.sleep(0.5)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, statement, check=True):
        done = subprocess.run(
            ["isql-vt", str(self.sql_port), "dba", "dba", f"exec={statement}"],
            capture_output=True, text=True,
        )
        failed = done.returncode != 0 or "*** Error" in done.stdout + done.stderr
        if failed and check:
            sys.exit(f"isql {statement!r} failed:\n{done.stdout}{done.stderr}")
        return not failed

    def close(self):
        self.isql("shutdown;", check=False)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def timed_process(command):
    """(wall seconds, peak MiB) of one whole process, the peak as GNU time reports it: the
    resident size of a child forked from this process would start at this process's own."""
    with tempfile.NamedTemporaryFile("r") as usage:
        done = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", usage.name, *map(str, command)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(map(str, command))} failed:\n{done.stderr}")
        wall, kib = usage.read().split()[-2:]
    return float(wall), int(kib) / 1024


def http_latency(url, headers, requests):
    """Median wall seconds of `requests` sequential requests after one warm-up, and the answer's
    rows (sorted, as tuples of values)."""
    request = urllib.request.Request(url, headers=headers)
    body = urllib.request.urlopen(request, timeout=3600).read()
    walls = []
    for _ in range(requests):
        started = time.perf_counter()
        urllib.request.urlopen(request, timeout=3600).read()
        walls.append(time.perf_counter() - started)
    walls.sort()
    answer = json.loads(body)
    variables = answer["head"]["vars"]
    rows = sorted(tuple(row.get(v, {}).get("value") for v in variables) for row in answer["results"]["bindings"])
    return walls[len(walls) // 2], rows


def measure(hkkg, graph, view, runs, tmp, virtuoso, cold, push_by_update):
    """The figures of one generated graph (see the module documentation)."""
    figures = {"queries": []}
    ours, theirs = tmp / "store-hkkg", tmp / "store-pyoxigraph"
    figures["disk_load"] = timed_process([hkkg, "--no-bundled", "--location", ours, "load", graph])
    figures["py_disk_load"] = timed_process([sys.executable, "-c", PEER_LOAD, theirs, graph])
    prefix_arg = " ".join(f"{p}={iri}" for p, iri in prefixes().items())

    hkkg_port, ox_port = free_port(), free_port()
    log = open(tmp / "servers.log", "ab")
    servers = [
        start([hkkg, "--location", ours, "serve", "--bind", f"127.0.0.1:{hkkg_port}"],
              f"http://127.0.0.1:{hkkg_port}/queries", log),
        start(["oxigraph", "serve-read-only", "--location", theirs, "--bind", f"127.0.0.1:{ox_port}"],
              f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", log),
    ]
    try:
        for query in QUERIES:
            values = defaults(query)
            value_arg = " ".join(f"{k}={v}" for k, v in values.items())
            rq = ROOT / "queries" / f"{query}.rq"
            on_store = [hkkg, "--location", ours, "query", query, "--format", "csv"]
            stored = paired(on_store, [sys.executable, "-c", PEER, theirs, rq, prefix_arg, value_arg], runs)
            pairs = [("store", stored)]
            if cold:
                cold = paired(
                    [hkkg, "--no-bundled", "--data", graph, "query", query, "--format", "csv"],
                    [sys.executable, "-c", PEER_COLD, graph, rq, prefix_arg, value_arg],
                    runs,
                )
                pairs.append(("cold", cold))
            for label, pair in pairs:
                if not same_rows(pair["out_a"], pair["out_b"]):
                    sys.exit(f"{query} ({label}): hkkg and pyoxigraph answer differently")
            text = rq.read_text(encoding="utf-8")
            for name, value in values.items():
                text = bound(text, name, value)
            prefixed = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes().items()) + text
            json_results = {"Accept": "application/sparql-results+json"}
            ours_http, ours_rows = http_latency(
                f"http://127.0.0.1:{hkkg_port}/queries/{query}?format=json", json_results, runs * 5)
            theirs_http, theirs_rows = http_latency(
                f"http://127.0.0.1:{ox_port}/query?" + urllib.parse.urlencode({"query": prefixed}),
                json_results, runs * 5)
            if ours_rows != theirs_rows:
                sys.exit(f"{query} over HTTP: hkkg and oxigraph answer differently")
            rows = len(stored["out_a"].decode().strip().split("\n")) - 1
            figures["queries"].append({
                "query": query, "rows": rows, "cold": cold or None, "store": stored,
                "http": (ours_http, theirs_http), "on_store": on_store,
            })
    finally:
        for server in servers:
            stop(server)
        log.close()

    figures["analyze"] = timed_process([hkkg, "--location", ours, "analyze", view, "-f", "json",
                                        "-o", tmp / "analyze.json"])
    report = json.loads((tmp / "analyze.json").read_text(encoding="utf-8"))
    figures["analyze_nodes"], figures["analyze_edges"] = report["nodes"], report["edges"]
    (tmp / "analyze.json").unlink()

    if virtuoso:
        # Virtuoso comes last, and a failure there is reported rather than losing the run's other figures.
        try:
            figures["virtuoso"] = against_virtuoso(hkkg, graph, figures["queries"], runs, tmp, push_by_update)
        except SystemExit as failure:
            print(f"against Virtuoso: {failure}", file=sys.stderr)
            figures["virtuoso_failed"] = str(failure)
    for path in [ours, theirs]:
        subprocess.run(["rm", "-rf", str(path)], check=True)
    return figures


def against_virtuoso(hkkg, graph, queries, runs, tmp, by_update):
    """Bulk-load the statements into one Virtuoso, push them by the Graph Store Protocol into
    another (and by SPARQL Update into a third when `by_update`), then the named queries through
    hkkg against the pushed one."""
    figures = {}
    tmp = Path(tempfile.mkdtemp(dir=tmp, prefix="virtuoso-"))
    nquads = tmp / "load" / "graph.nq"
    nquads.parent.mkdir()
    subprocess.run([hkkg, "--no-bundled", "--data", graph, "export", "-f", "nquads", "-o", nquads], check=True)
    bulk = Virtuoso(tmp, "virtuoso-bulk")
    try:
        started = time.perf_counter()
        bulk.isql(f"ld_dir('{nquads.parent}', 'graph.nq', 'https://w3id.org/hkkg/graph/merged');")
        bulk.isql("rdf_loader_run();")
        bulk.isql("checkpoint;")
        figures["bulk_load"] = time.perf_counter() - started
    finally:
        bulk.close()
    nquads.unlink()
    push = [hkkg, "--no-bundled", "--data", graph, "push"]
    if by_update:
        server = Virtuoso(tmp, "virtuoso-update")
        try:
            figures["push_update"] = run([*push, "--endpoint", server.endpoint])[0]
        finally:
            server.close()
    server = Virtuoso(tmp, "virtuoso-push")
    try:
        remote = ["--endpoint", server.endpoint]
        store = ["--graph-store", f"http://127.0.0.1:{server.http_port}/sparql-graph-crud"]
        figures["push"] = run([*push, *remote, *store])[0]
        figures["queries"] = []
        for entry in queries:
            pair = paired(entry["on_store"], [hkkg, "--no-bundled", *remote, "query", entry["query"], "--format", "csv"],
                          runs)
            # A wrong answer's time means nothing: the README lists Virtuoso's deviations.
            figures["queries"].append((entry["query"], pair if same_rows(pair["out_a"], pair["out_b"]) else None))
    finally:
        server.close()
        subprocess.run(["rm", "-rf", str(tmp)], check=True)
    return figures


def section(results, view):
    """The lines of BENCHMARKS.md for these figures (the sizes that have them)."""
    results = [r for r in results if r["service"]]
    if not results:
        return []
    lines = [
        "",
        "### On-disk store loading",
        "",
        "Whole processes, wall seconds: hkkg's `load` (parse, bulk load with the merged copies, compact) "
        "against pyoxigraph's `bulk_load` of the same file, the same copies with `bulk_extend`, `optimize`.",
        "",
        "| triples | hkkg s | pyoxigraph s | pyoxigraph/hkkg time | hkkg peak MiB | pyoxigraph peak MiB |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        (h, hm), (p, pm) = r["service"]["disk_load"], r["service"]["py_disk_load"]
        lines.append(f"| {r['triples']:,} | {h:.1f} | {p:.1f} | {p / h:.2f} | {hm:.0f} | {pm:.0f} |")
    lines += [
        "",
        "### Named queries four ways",
        "",
        "Whole processes in turn (the ratio is the median of the pairwise ratios; above 1: hkkg is faster), "
        "answers checked equal. *Cold*: load the file, then query (pyoxigraph in memory with the same quads). "
        "*Store*: open the loaded RocksDB store. *HTTP*: median latency of sequential requests to "
        "`hkkg serve --location` and `oxigraph serve-read-only` on the stores. *Virtuoso*: `hkkg --endpoint` "
        "on the pushed graph against hkkg on its own store (below 1: Virtuoso is slower).",
        "",
        "| triples | query | rows | cold hkkg s | cold pyoxigraph s | cold ratio | store hkkg s | store pyoxigraph s | store ratio | HTTP hkkg ms | HTTP oxigraph ms | HTTP ratio | Virtuoso via hkkg s | store/Virtuoso |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        service = r["service"]
        remote = dict(service.get("virtuoso", {}).get("queries", []))
        for q in service["queries"]:
            cold, stored, (h, o) = q["cold"], q["store"], q["http"]
            if q["query"] not in remote:
                virtuoso = "| – | – |"
            elif remote[q["query"]] is None:
                virtuoso = "| answers differ (a Virtuoso deviation, see README) | – |"
            else:
                v = remote[q["query"]]
                virtuoso = f"| {v['b']:.2f} | {1 / v['ratio']:.2f} |"
            cold = f"{cold['a']:.2f} | {cold['b']:.2f} | {cold['ratio']:.2f}×" if cold else "– | – | –"
            lines.append(
                f"| {r['triples']:,} | `{q['query']}` | {q['rows']:,} | {cold} "
                f"| {stored['a']:.3f} | {stored['b']:.3f} | {stored['ratio']:.2f}× "
                f"| {h * 1000:.1f} | {o * 1000:.1f} | {o / h:.2f}× {virtuoso}"
            )
    if any("virtuoso" in r["service"] for r in results):
        lines += [
            "",
            "### Loading Virtuoso",
            "",
            "`hkkg push` (the named graphs, the merged graph and the manifest) by the Graph Store Protocol "
            "(`--graph-store`, a PUT per graph) and, for the smaller sizes, by SPARQL Update (about 100 triples "
            "a request), against Virtuoso's bulk loader (`ld_dir` + `rdf_loader_run` + `checkpoint`) on "
            "hkkg's N-Quads export of the same statements, each into a fresh database, wall seconds.",
            "",
            "| triples | hkkg push, Graph Store s | hkkg push, Update s | Virtuoso bulk load s | bulk/push time (Graph Store) |",
            "|---|---|---|---|---|",
        ]
        for r in results:
            if "virtuoso" in r["service"]:
                v = r["service"]["virtuoso"]
                update = f"{v['push_update']:.1f}" if "push_update" in v else "–"
                lines.append(f"| {r['triples']:,} | {v['push']:.1f} | {update} | {v['bulk_load']:.1f} "
                             f"| {v['bulk_load'] / v['push']:.2f} |")
    for r in results:
        if "virtuoso_failed" in r["service"]:
            lines += ["", f"At {r['triples']:,} triples the Virtuoso part failed: {r['service']['virtuoso_failed']}"]
    lines += [
        "",
        f"### `analyze {view}` end to end",
        "",
        "`hkkg --location DIR analyze` as a whole process: open the store, build the view, take it as a "
        "network, compute every measure (betweenness and closeness from 500 sampled sources above 5,000 "
        "nodes, the command's default), write the JSON report.",
        "",
        "| triples | nodes | edges | wall s | peak MiB |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        s = r["service"]
        lines.append(f"| {r['triples']:,} | {s['analyze_nodes']:,} | {s['analyze_edges']:,} | {s['analyze'][0]:.1f} | {s['analyze'][1]:.0f} |")
    return lines


def growth_rows(results):
    """(cost, hkkg figures, peer figures) rows for the growth table."""
    service = [r["service"] for r in results]
    if not all(service):
        return []
    rows = [("disk load", [s["disk_load"][0] for s in service], [s["py_disk_load"][0] for s in service])]
    for i, q in enumerate(service[0]["queries"]):
        if all(s["queries"][i]["cold"] for s in service):
            rows.append((f"cold `{q['query']}`", [s["queries"][i]["cold"]["a"] for s in service],
                         [s["queries"][i]["cold"]["b"] for s in service]))
        rows.append((f"store `{q['query']}`", [s["queries"][i]["store"]["a"] for s in service],
                     [s["queries"][i]["store"]["b"] for s in service]))
    rows.append(("analyze end to end", [s["analyze"][0] for s in service], None))
    return rows


if __name__ == "__main__":
    sys.exit("run bench/bench_scale.py")
