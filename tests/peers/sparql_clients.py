"""Queries a running `hkkg serve` with two SPARQL clients we did not write, SPARQLWrapper and rdflib's
SPARQLStore, and prints what each got back as JSON for the Rust test to check."""

import json
import sys

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

endpoint = sys.argv[1]
PREFIXES = """PREFIX hk: <https://w3id.org/hkkg/ontology#>
PREFIX hkr: <https://w3id.org/hkkg/resource/>
PREFIX schema: <http://schema.org/>
"""
VISITS = PREFIXES + "SELECT ?visit ?start WHERE { ?visit a hk:Visit ; schema:startDate ?start } ORDER BY ?start"

out = {}

wrapper = SPARQLWrapper(endpoint)
wrapper.setQuery(VISITS)
wrapper.setReturnFormat(JSON)
rows = wrapper.query().convert()["results"]["bindings"]
out["wrapper_select"] = [(r["visit"]["value"], r["start"]["value"]) for r in rows]

wrapper = SPARQLWrapper(endpoint)
wrapper.setMethod("POST")
wrapper.setQuery(PREFIXES + "ASK { hkr:qatar a hk:Country }")
wrapper.setReturnFormat(XML)
out["wrapper_ask_post_xml"] = wrapper.query().convert().getElementsByTagName("boolean")[0].firstChild.data

wrapper = SPARQLWrapper(endpoint)
wrapper.setQuery(PREFIXES + "CONSTRUCT { ?v schema:startDate ?d } WHERE { ?v a hk:Visit ; schema:startDate ?d }")
wrapper.setReturnFormat(TURTLE)
turtle = wrapper.query().convert()
out["wrapper_construct_triples"] = len(Graph().parse(data=turtle, format="turtle"))

store = SPARQLStore(endpoint)
graph = Graph(store=store)
out["store_select"] = sorted(str(row.start) for row in graph.query(VISITS))
out["store_count"] = int(next(iter(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])

print(json.dumps(out))
