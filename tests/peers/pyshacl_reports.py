"""Validates many (data, shapes) pairs with pySHACL in one process and writes each report as
Turtle: reads lines "DATA<TAB>SHAPES<TAB>OUT" (Turtle files) from standard input. A pair pySHACL
cannot validate gets no report file, and its error on standard error."""
import sys

import pyshacl
import rdflib

for line in sys.stdin:
    data, shapes, out = line.rstrip("\n").split("\t")
    try:
        data_graph = rdflib.Graph().parse(data, format="turtle")
        shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
        _, report, _ = pyshacl.validate(
            data_graph, shacl_graph=shapes_graph, inference="none", advanced=False
        )
        report.serialize(destination=out, format="turtle")
    except Exception as error:  # one failing pair must not stop the others
        print(f"{data}: {error}", file=sys.stderr)
