"""Reads hkkg's graph dumps with the tools people use and prints what each tool saw, as JSON.

usage: read_dumps.py DIR   (DIR holds view.graphml, view.gexf, view.json, view.cyjs,
                            view-nodes.csv, view-edges.csv, view.dot, view.svg)

For every format: the nodes (by IRI) with their label_en / label_zh / type / colour (and start when
present), and the edges as (source id, target id, label_en, weight), the ends of an undirected edge
in sorted order. The Rust test compares this with the view.
"""
import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx


KEYS = ("label_en", "label_zh", "type", "start", "colour")


def ends(graph, a, b):
    return [a, b] if graph.is_directed() else sorted([a, b])


# The measures `graph --with-measures` adds, read back as numbers.
MEASURES = ("pagerank", "betweenness", "degree", "community")


def measures(attributes):
    return {node: {k: float(data[k]) for k in MEASURES if k in data} for node, data in attributes}


def from_networkx(graph):
    nodes = {
        node: {k: data.get(k) for k in KEYS if data.get(k) is not None}
        for node, data in graph.nodes(data=True)
    }
    edges = sorted(
        ends(graph, a, b) + [data.get("label_en"), float(data.get("weight", 1.0))]
        for a, b, data in graph.edges(data=True)
    )
    return {"nodes": nodes, "edges": edges, "directed": graph.is_directed(),
            "measures": measures(graph.nodes(data=True))}


def by_iri(graph):
    """GraphML ids are n0, n1, … (XML name tokens); the IRI is the node's `iri` attribute."""
    return nx.relabel_nodes(graph, {node: data["iri"] for node, data in graph.nodes(data=True)})


def gexf_colours(graph):
    """NetworkX reads viz:color into data["viz"]["color"]; as #rrggbb, as the other formats write it."""
    for _, data in graph.nodes(data=True):
        colour = data.get("viz", {}).get("color")
        assert data.get("colour") == "#{r:02x}{g:02x}{b:02x}".format(**colour), data
    return graph


def from_igraph(graph):
    names = graph.vs["iri"]
    nodes = {
        v["iri"]: {k: v[k] for k in KEYS if k in v.attributes() and v[k] not in (None, "")}
        for v in graph.vs
    }
    pair = (lambda a, b: [a, b]) if graph.is_directed() else (lambda a, b: sorted([a, b]))
    edges = sorted(
        pair(names[e.source], names[e.target]) + [e["label_en"], float(e["weight"])] for e in graph.es
    )
    attributes = [(v["iri"], {k: v[k] for k in v.attributes() if v[k] is not None}) for v in graph.vs]
    return {"nodes": nodes, "edges": edges, "directed": graph.is_directed(), "measures": measures(attributes)}


def from_csv(nodes_path, edges_path):
    with open(edges_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    types = {row["Type"] for row in rows}
    assert types <= {"Directed", "Undirected"}, types
    graph = nx.MultiGraph() if types == {"Undirected"} else nx.MultiDiGraph()
    with open(nodes_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            graph.add_node(row["Id"], **{k: v for k, v in row.items() if v != ""})
    for row in rows:
        graph.add_edge(row["Source"], row["Target"], label_en=row["label_en"], weight=float(row["Weight"]))
    return from_networkx(graph)


def svg_counts(path):
    root = ET.parse(path).getroot()
    classes = [el.get("class") for el in root.iter()]
    return {"svg_nodes": classes.count("node"), "svg_edges": classes.count("edge")}


def main():
    d = Path(sys.argv[1])
    seen = {
        "networkx.read_graphml": from_networkx(by_iri(nx.read_graphml(d / "view.graphml"))),
        "igraph.Read_GraphML": from_igraph(igraph.Graph.Read_GraphML(str(d / "view.graphml"))),
        "networkx.read_gexf": from_networkx(gexf_colours(nx.read_gexf(d / "view.gexf", version="1.3"))),
        "networkx.node_link_graph": from_networkx(nx.node_link_graph(json.loads((d / "view.json").read_text()))),
        "networkx.cytoscape_graph": from_networkx(nx.cytoscape_graph(json.loads((d / "view.cyjs").read_text()))),
        "csv": from_csv(d / "view-nodes.csv", d / "view-edges.csv"),
    }
    # Graphviz must accept the DOT text and draw every node and edge.
    svg = subprocess.run(["dot", "-Tsvg", str(d / "view.dot")], check=True, capture_output=True).stdout
    (d / "graphviz.svg").write_bytes(svg)
    seen["dot -Tsvg"] = svg_counts(d / "graphviz.svg")
    seen["hkkg svg"] = svg_counts(d / "view.svg")
    print(json.dumps(seen, ensure_ascii=False))


main()
