"""Recomputes hkkg's measures with NetworkX on the same view and prints the largest differences.

usage: compare_measures.py VIEW.graphml REPORT.json [SAMPLED_REPORT.json]

The view is read from hkkg's GraphML dump and turned into the graph hkkg analyses: undirected,
simple (parallel edges and both directions merged, weights added), without self-loops.
"""
import json
import random
import sys

import networkx as nx


def simple_undirected(multi):
    graph = nx.Graph()
    graph.add_nodes_from(multi.nodes())
    for a, b, data in multi.edges(data=True):
        if a == b:
            continue
        weight = float(data.get("weight", 1.0))
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
        else:
            graph.add_edge(a, b, weight=weight)
    return graph


class FixedSample(random.Random):
    """Makes networkx sample exactly the sources hkkg reports it used."""

    def __init__(self, sources):
        super().__init__(0)
        self.sources = sources

    def sample(self, population, k):
        assert k == len(self.sources)
        return list(self.sources)


def sampled_closeness(graph, drawn):
    """Eppstein and Wang's estimate, stratified by component as hkkg documents it: a component
    with drawn sources is measured by the mean distance to them (other than the node itself),
    scaled to the component; one without is measured exactly."""
    n = graph.number_of_nodes()
    result = {}
    for component in nx.connected_components(graph):
        r = len(component)
        sources = drawn & component
        if not sources:
            sub = graph.subgraph(component)
            exact = nx.closeness_centrality(sub, wf_improved=False)
            result.update({v: c * (r - 1) / (n - 1) for v, c in exact.items()})
            continue
        distances = {s: nx.single_source_shortest_path_length(graph, s) for s in sources}
        for v in component:
            others = [s for s in sources if s != v]
            mean = sum(distances[s][v] for s in others) / len(others)
            result[v] = (r - 1) / (mean * (r - 1)) * (r - 1) / (n - 1)
    return result


def max_diff(ours, theirs):
    return max((abs(ours[v] - theirs[v]) for v in theirs), default=0.0)


def main():
    multi = nx.read_graphml(sys.argv[1])
    # GraphML ids are n0, n1, …; the report names nodes by IRI, the dump's `iri` attribute.
    graph = simple_undirected(nx.relabel_nodes(multi, {n: d["iri"] for n, d in multi.nodes(data=True)}))
    report = json.load(open(sys.argv[2], encoding="utf-8"))
    by_id = {m["id"]: m for m in report["measures"]}
    ours = lambda key: {v: by_id[v][key] for v in graph}
    components = list(nx.connected_components(graph))
    our_components = {}
    for v in graph:
        our_components.setdefault(by_id[v]["component"], set()).add(v)
    our_communities = {}
    for v in graph:
        our_communities.setdefault(by_id[v]["community"], set()).add(v)
    result = {
        "nodes": [graph.number_of_nodes(), report["nodes"]],
        "edges": [graph.number_of_edges(), report["edges"]],
        "pagerank": max_diff(ours("pagerank"), nx.pagerank(graph, weight="weight")),
        "betweenness": max_diff(ours("betweenness"), nx.betweenness_centrality(graph)),
        "closeness": max_diff(ours("closeness"), nx.closeness_centrality(graph)),
        # The same power iteration on A + I as hkkg's (rustworkx), with hkkg's iteration cap.
        "eigenvector": max_diff(
            ours("eigenvector"), nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-6, weight="weight")
        ),
        "degree": max_diff(ours("degree"), dict(graph.degree())),
        "core": max_diff(ours("core"), nx.core_number(graph)),
        "components_equal": sorted(map(sorted, components)) == sorted(map(sorted, our_components.values())),
        "articulation_points_equal": {v for v in graph if by_id[v]["articulation_point"]}
        == set(nx.articulation_points(graph)),
        "bridges_equal": {frozenset((b["source"], b["target"])) for b in report["bridges"]}
        == {frozenset(e) for e in nx.bridges(graph)},
        "modularity": abs(
            nx.community.modularity(graph, our_communities.values(), weight="weight") - report["modularity"]
        ),
    }
    if len(sys.argv) > 3:
        sampled = json.load(open(sys.argv[3], encoding="utf-8"))
        sources = sampled["betweenness_sources"]
        theirs = nx.betweenness_centrality(graph, k=len(sources), seed=FixedSample(sources))
        result["sampled_betweenness"] = max_diff({m["id"]: m["betweenness"] for m in sampled["measures"]}, theirs)
        result["sampled_closeness"] = max_diff(
            {m["id"]: m["closeness"] for m in sampled["measures"]},
            sampled_closeness(graph, set(sampled["closeness_sources"])),
        )
    print(json.dumps(result))


main()
