"""Reads hkkg's quad exports (TriG, N-Quads, JSON-LD) the way other systems do with their default
settings, and checks the JSON-LD against a JSON-LD processor; prints what each saw, as JSON.

usage: read_quads.py EXPORT.trig EXPORT.nq EXPORT.jsonld

- "visits": per file and reader, how many ?v answer `?v a hk:Visit` on the default graph, as rdflib's
  Dataset and pyoxigraph's Store query it unless told to take the union of the graphs;
- "graphs": per file, the named graphs rdflib finds;
- "jsonld": pyld's URDNA2015 normal form of the JSON-LD equals that of the N-Quads (language tags
  compared case-insensitively, as BCP 47 says; pyld lowercases them), rdflib's JSON-LD reader
  gives graphs isomorphic to its N-Quads reader's, pyld compacting its own expansion of the file
  with the file's context gives back the same RDF, and the document's shape (context, lines).
"""
import json
import re
import sys

import pyoxigraph
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic

VISITS = "PREFIX hk: <https://w3id.org/hkkg/ontology#> SELECT ?v WHERE { ?v a hk:Visit }"
FORMATS = {".trig": ("trig", pyoxigraph.RdfFormat.TRIG), ".nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
           ".jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD)}


def suffix(path):
    return path[path.rindex("."):]


def rdflib_dataset(path):
    dataset = rdflib.Dataset()
    dataset.parse(path, format=FORMATS[suffix(path)][0])
    return dataset


def oxigraph_visits(path):
    store = pyoxigraph.Store()
    store.load(path=path, format=FORMATS[suffix(path)][1])
    return len(list(store.query(VISITS)))


def normal_form(text, input_format=None):
    options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    if input_format:
        options["inputFormat"] = input_format
    quads = jsonld.normalize(text, options)
    fold = re.compile(r'"@([A-Za-z0-9-]+)(?= (<[^>]*> )?\.$)')
    return sorted(fold.sub(lambda m: '"@' + m.group(1).lower(), line) for line in quads.splitlines())


def graphs(dataset):
    return {str(g.identifier): g for g in dataset.graphs() if len(g) > 0}


def main():
    paths = sys.argv[1:]
    seen = {"visits": {}, "graphs": {}}
    datasets = {}
    for path in paths:
        dataset = rdflib_dataset(path)
        datasets[suffix(path)] = dataset
        seen["visits"][suffix(path)] = {"rdflib": len(list(dataset.query(VISITS))),
                                        "pyoxigraph": oxigraph_visits(path)}
        seen["graphs"][suffix(path)] = sorted(graphs(dataset))
    jsonld_path = next(p for p in paths if p.endswith(".jsonld"))
    nquads_path = next(p for p in paths if p.endswith(".nq"))
    text = open(jsonld_path, encoding="utf-8").read()
    document = json.loads(text)
    ours = normal_form(document)
    theirs = normal_form(open(nquads_path, encoding="utf-8").read(), "application/n-quads")
    recompacted = jsonld.compact(jsonld.expand(document), {"@context": document["@context"]})
    from_rdflib, from_nquads = graphs(datasets[".jsonld"]), graphs(datasets[".nq"])
    seen["jsonld"] = {
        "quads": len(ours),
        "pyld_equals_nquads": ours == theirs,
        "pyld_recompacted_equals": normal_form(recompacted) == ours,
        "rdflib_isomorphic": from_rdflib.keys() == from_nquads.keys()
        and all(isomorphic(from_rdflib[k], from_nquads[k]) for k in from_rdflib),
        "context": document.get("@context"),
        "top_keys": sorted(document),
        "lines": text.count("\n"),
    }
    print(json.dumps(seen))


main()
