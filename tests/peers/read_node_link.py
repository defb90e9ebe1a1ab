"""Reads a node-link JSON dump with NetworkX's `node_link_graph` and its default arguments, as a user
of that NetworkX version would; prints the version, the graph's size and its edges, as JSON.

usage: read_node_link.py [--networkx DIR] VIEW.json

--networkx DIR: use the NetworkX installed in DIR (`pip install --target DIR networkx==3.2.1`;
.ci/install-deps installs 3.2.1 and 3.4.2 under tests/peers/networkx-VERSION) instead of the one
installed for python3. Before 3.4 the edges key is `link="links"`; 3.4 and 3.5 take `edges=None`,
read "links" and warn; 3.6 reads "edges".
"""
import json
import sys
import warnings

args = sys.argv[1:]
if args[0] == "--networkx":
    sys.path.insert(0, args[1])
    args = args[2:]

import networkx as nx  # noqa: E402  (after choosing which NetworkX)

with open(args[0], encoding="utf-8") as f:
    data = json.load(f)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    graph = nx.node_link_graph(data)
print(json.dumps({
    "version": nx.__version__,
    "nodes": graph.number_of_nodes(),
    "edges": sorted([a, b, d.get("label_en")] for a, b, d in graph.edges(data=True)),
    "warnings": [str(w.message) for w in caught if issubclass(w.category, FutureWarning)],
}))
