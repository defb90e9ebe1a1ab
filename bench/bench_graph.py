"""Graph benchmark: hkkg next to NetworkX and igraph on the same seeded random graph, in one run.

usage: python3 bench/bench_graph.py [--nodes 100000] [--edges 1000000] [--samples 8] [--seed 1]

Builds hkkg's example `bench_graph` in release mode, which generates the graph, writes its edge
list and times hkkg; then loads the edge list into NetworkX and igraph and times the same four
tasks there: PageRank (alpha 0.85), betweenness from the same sampled sources, connected
components, and a GraphML dump with the same attributes. Graph construction is not timed for
anyone. Writes its section of BENCHMARKS.md (see bench/report.py).
"""
import argparse
import json
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from report import write_section

import igraph
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["cargo", "build", "--release", "--example", "bench_graph"], cwd=ROOT, check=True)
        target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        binary = target / "release" / "examples" / "bench_graph"
        output = subprocess.run(
            [str(binary), str(args.nodes), str(args.edges), str(args.samples), str(args.seed), str(tmp)],
            check=True, capture_output=True, text=True,
        ).stdout
        ours = json.loads(output)
        sources = ours["sources"]

        edges = [tuple(map(int, line.split())) for line in open(tmp / "edges.txt")]

        G = nx.Graph()
        G.add_nodes_from(range(args.nodes))
        G.add_edges_from(edges)
        g = igraph.Graph(n=args.nodes, edges=edges, directed=False)

        peers = {"networkx": {}, "igraph": {}}
        peers["networkx"]["pagerank"], _ = timed(lambda: nx.pagerank(G, alpha=0.85, tol=1e-10, max_iter=1000))
        peers["igraph"]["pagerank"], _ = timed(lambda: g.pagerank(damping=0.85))

        class FixedSample(__import__("random").Random):
            def sample(self, population, k):
                return list(sources)

        peers["networkx"]["betweenness"], _ = timed(
            lambda: nx.betweenness_centrality(G, k=len(sources), seed=FixedSample(0)))
        peers["igraph"]["betweenness"], _ = timed(lambda: g.betweenness(sources=sources, directed=False))

        peers["networkx"]["components"], nx_components = timed(lambda: list(nx.connected_components(G)))
        peers["igraph"]["components"], ig_components = timed(lambda: g.connected_components())
        assert len(nx_components) == len(ig_components) == ours["components_found"]

        # The same attributes as hkkg writes for the synthetic view.
        for v in G.nodes:
            G.nodes[v].update(label=f"node {v}", label_en=f"node {v}", label_zh=f"節點 {v}", type="Thing")
        for a, b in G.edges:
            G[a][b].update(label="link", label_en="link", label_zh="連結", weight=1.0)
        g.vs["label"] = g.vs["label_en"] = [f"node {v}" for v in range(args.nodes)]
        g.vs["label_zh"] = [f"節點 {v}" for v in range(args.nodes)]
        g.vs["type"] = ["Thing"] * args.nodes
        g.es["label"] = g.es["label_en"] = ["link"] * g.ecount()
        g.es["label_zh"] = ["連結"] * g.ecount()
        g.es["weight"] = [1.0] * g.ecount()
        peers["networkx"]["graphml"], _ = timed(lambda: nx.write_graphml(G, tmp / "nx.graphml"))
        peers["igraph"]["graphml"], _ = timed(lambda: g.write_graphml(str(tmp / "ig.graphml")))

    tasks = [
        ("pagerank", "PageRank (power iteration, tol 1e-10 per node; igraph: PRPACK)"),
        ("betweenness", f"betweenness from {len(sources)} sampled sources"),
        ("components", "connected components"),
        ("graphml", "GraphML dump (same attributes)"),
    ]
    lines = [
        "## Graph measures and dumps",
        "",
        f"Measured by `python3 bench/bench_graph.py` on {platform.machine()} with {os.cpu_count()} cores: "
        f"a seeded random graph with skewed degrees (edge ends at ⌊n·u²⌋) with {args.nodes:,} nodes and {args.edges:,} undirected edges "
        f"(seed {args.seed}); NetworkX {nx.__version__}, python-igraph {igraph.__version__}, all in the same run. "
        "Times in seconds, graph construction not included; a ratio above 1 means hkkg is faster.",
        "",
        "| task | hkkg | igraph | NetworkX | igraph / hkkg | NetworkX / hkkg |",
        "|---|---|---|---|---|---|",
    ]
    for key, title in tasks:
        h, i, n = ours[key], peers["igraph"][key], peers["networkx"][key]
        lines.append(f"| {title} | {h:.3f} | {i:.3f} | {n:.3f} | {i / h:.1f}× | {n / h:.1f}× |")
    lines += [
        "",
        f"hkkg built its graph structure in {ours['build']:.3f} s; its PageRank took "
        f"{ours['pagerank_iterations']} iterations.",
        "",
    ]
    write_section("bench_graph", lines)
    print("\n".join(lines))


main()
