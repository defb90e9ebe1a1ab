"""Validates DATA (N-Triples) against SHAPES with pySHACL (an engine we did not write) and prints
{"conforms": bool, "results": {constraint component local name: count}} as JSON."""
import collections
import json
import sys

import pyshacl
import rdflib

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

data, shapes = sys.argv[1:3]
data_graph = rdflib.Graph().parse(data, format="nt")
shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
conforms, report, _ = pyshacl.validate(
    data_graph, shacl_graph=shapes_graph, inference="none", advanced=False
)
counts = collections.Counter(
    str(component).removeprefix(str(SH))
    for component in report.objects(None, SH.sourceConstraintComponent)
)
print(json.dumps({"conforms": bool(conforms), "results": dict(sorted(counts.items()))}))
