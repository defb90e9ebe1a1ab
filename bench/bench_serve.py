#!/usr/bin/env python3
"""Benchmarks `hkkg serve` against `oxigraph serve` (the CLI the `oxigraph` PyPI package ships) on the
same data in one run: the bundled graph, and 1,000,000 generated triples. Each server is started
alone on a loopback port, loaded, and put under the same wrk load (32 connections, 2 threads,
DURATION seconds) on a named query; hkkg answers it at /queries/NAME, oxigraph gets the same SPARQL
with the parameter written in as the VALUES row hkkg binds. Requests/s and p99 latency are
reported with the ratios (above 1: hkkg is better). Also measures how long after its time limit a
runaway query is answered. Writes the `bench_serve` section of BENCHMARKS.md.

Usage: python3 bench/bench_serve.py [--duration SECONDS] [--triples N]
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parent.parent
HKKG = ROOT / "target" / "release" / "hkkg"

EX = "http://example.org/bench/"
# The named query of the synthetic data; hkkg binds ?group, oxigraph gets it as VALUES.
SYNTHETIC_QUERY = f"""# title: Members of a group
# description: The members of one group of the generated benchmark graph, by value.
# param: group: iri = <{EX}g42> -- the group
PREFIX ex: <{EX}>
SELECT ?member ?label ?value ?peer WHERE {{
  ?member ex:group ?group ; rdfs:label ?label ; ex:value ?value ; ex:link ?peer .
}} ORDER BY ?value
"""


def prefixes():
    """The prefixes hkkg declares for its queries, as its Turtle export writes them, for oxigraph."""
    turtle = subprocess.run([str(HKKG), "export", "--format", "turtle"], check=True,
                            capture_output=True, text=True).stdout
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in re.findall(r"@prefix ([\w-]*): <([^>]+)> \.", turtle))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url, process, seconds=600):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped: {url}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not come up: {url}")


def generate(path, triples):
    """About ten triples per member: type, label, group, value, two links, and four facts."""
    members = triples // 10
    with open(path, "w", encoding="utf-8") as out:
        for i in range(members):
            s = f"<{EX}m{i}>"
            out.write(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Member> .\n")
            out.write(f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "member {i}"@en .\n')
            out.write(f"{s} <{EX}group> <{EX}g{i % 1000}> .\n")
            out.write(f'{s} <{EX}value> "{(i * 7919) % 100003}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
            out.write(f"{s} <{EX}link> <{EX}m{(i * 31) % members}> .\n")
            out.write(f"{s} <{EX}link> <{EX}m{(i * 17 + 1) % members}> .\n")
            for k in range(4):
                out.write(f'{s} <{EX}fact{k}> "fact {k} of {i}" .\n')


def wrk(url, duration, headers=()):
    args = ["wrk", "-t2", "-c32", f"-d{duration}s", "--timeout", "30s", "--latency", url]
    for header in headers:
        args[1:1] = ["-H", header]
    report = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", report)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = "Non-2xx" in report or "Socket errors" in report
    return {"rate": rate, "p99": p99_ms, "errors": errors, "report": report}


def start(args, url, log):
    process = subprocess.Popen(args, stdout=log, stderr=log)
    wait_until_up(url, process)
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def hkkg_side(data_args, query_dirs, name, duration, log):
    port = free_port()
    args = [str(HKKG), *data_args, "serve", "--bind", f"127.0.0.1:{port}", *query_dirs]
    server = start(args, f"http://127.0.0.1:{port}/queries", log)
    try:
        url = f"http://127.0.0.1:{port}/queries/{name}?format=json"
        answer = answer_of(urllib.request.Request(url))
        return {**wrk(url, duration), "answer": answer}
    finally:
        stop(server)


def oxigraph_side(nquads, query, duration, log):
    port = free_port()
    args = ["oxigraph", "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    server = start(args, f"http://127.0.0.1:{port}/query", log)
    try:
        with open(nquads, "rb") as body:
            load = urllib.request.Request(
                f"http://127.0.0.1:{port}/store", data=body, method="POST",
                headers={"Content-Type": "application/n-quads"})
            urllib.request.urlopen(load, timeout=3600).read()
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
        accept = "Accept: application/sparql-results+json"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        answer = answer_of(request)
        return {**wrk(url, duration, [accept]), "answer": answer}
    finally:
        stop(server)


def answer_of(request):
    """The rows of a SPARQL JSON answer, as sorted tuples of values (also warms the server)."""
    body = json.loads(urllib.request.urlopen(request, timeout=600).read())
    variables = body["head"]["vars"]
    return sorted(tuple(row.get(v, {}).get("value") for v in variables) for row in body["results"]["bindings"])


def same_answer(label, ours, theirs):
    if ours["answer"] != theirs["answer"]:
        sys.exit(f"{label}: the two servers answer differently ({len(ours['answer'])} and "
                 f"{len(theirs['answer'])} rows); the comparison would be meaningless")


def bound(text, variable, value):
    """The query with `VALUES ?variable { value }` at the head of its WHERE group, as hkkg binds."""
    head, rest = text.split("WHERE {", 1)
    return f"{head}WHERE {{\n  VALUES ?{variable} {{ {value} }}\n{rest}"


def cancellation(log):
    """How long after a 1 s limit a runaway query (a three-way join on shared predicates) is answered."""
    port = free_port()
    server = start([str(HKKG), "--timeout", "1", "serve", "--bind", f"127.0.0.1:{port}"],
                   f"http://127.0.0.1:{port}/queries", log)
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }"
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": query})
        started = time.perf_counter()
        try:
            urllib.request.urlopen(url, timeout=60).read()
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.perf_counter() - started - 1.0
    finally:
        stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--triples", type=int, default=1_000_000)
    options = parser.parse_args()
    for tool in ["wrk", "oxigraph"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: .ci/install-deps installs it")
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    log = open(work / "servers.log", "w", encoding="utf-8")
    results = []

    # The bundled graph: hkkg's own data; oxigraph gets the export with its passage graphs, and
    # --union-default-graph gives it hkkg's merged default graph.
    bundled = work / "bundled.nq"
    bundled.write_bytes(subprocess.run([str(HKKG), "export", "--format", "nquads"],
                                       check=True, capture_output=True).stdout)
    text = (ROOT / "queries" / "visit-timeline.rq").read_text(encoding="utf-8")
    declared = prefixes()
    visits = bound(declared + text, "lang", '"en"')
    results.append(("bundled graph, `visit-timeline`",
                    hkkg_side([], [], "visit-timeline", options.duration, log),
                    oxigraph_side(bundled, visits, options.duration, log)))

    synthetic = work / "synthetic.nt"
    generate(synthetic, options.triples)
    queries = work / "queries"
    queries.mkdir()
    (queries / "members.rq").write_text(SYNTHETIC_QUERY, encoding="utf-8")
    members = bound(declared + SYNTHETIC_QUERY, "group", f"<{EX}g42>")
    results.append((f"{options.triples:,} generated triples, a group's members",
                    hkkg_side(["--no-bundled", "--data", str(synthetic)], ["--queries", str(queries)],
                              "members", options.duration, log),
                    oxigraph_side(synthetic, members, options.duration, log)))
    status, late = cancellation(log)
    for label, ours, theirs in results:
        same_answer(label, ours, theirs)
    write(results, options, status, late)
    shutil.rmtree(work, ignore_errors=True)


def write(results, options, status, late):
    version = subprocess.run(["oxigraph", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "## Server benchmark",
        "",
        f"Measured by `python3 bench/bench_serve.py` (release build) on {platform.machine()} with {os.cpu_count()} cores: "
        f"hkkg serve and {version or 'oxigraph'} `serve` (in memory, `--union-default-graph`), one after the other in the "
        f"same run, each under `wrk -t2 -c32 -d{options.duration}s` on loopback against a named query (oxigraph gets "
        "the same SPARQL with the parameter as the VALUES row hkkg binds; both answers are checked equal first). "
        "Ratios above 1: hkkg is better. The load generator shares the machine's 2 cores with the server; "
        "hkkg runs with its default 30 s time limit, oxigraph without one (with `--timeout-s` it keeps a "
        "sleeping thread per query for that long).",
        "",
        "| data, query | hkkg req/s | oxigraph req/s | ratio | hkkg p99 ms | oxigraph p99 ms | ratio | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, ours, theirs in results:
        errors = "none" if not (ours["errors"] or theirs["errors"]) else "SOME (see wrk)"
        lines.append(
            f"| {label} | {ours['rate']:,.0f} | {theirs['rate']:,.0f} | {ours['rate'] / theirs['rate']:.2f}× "
            f"| {ours['p99']:.2f} | {theirs['p99']:.2f} | {theirs['p99'] / ours['p99']:.2f}× | {errors} |")
    lines += [
        "",
        f"A runaway query (`?a ?p ?b . ?c ?p ?d . ?e ?p ?f`, billions of rows) under a 1 s limit was answered "
        f"{status} {late * 1000:.0f} ms after its limit.",
    ]
    write_section("bench_serve", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
