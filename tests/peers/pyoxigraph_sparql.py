"""Runs W3C SPARQL 1.1 test queries with pyoxigraph (the engine hkkg embeds, as a library), so that
tests/interop/w3c_sparql.rs judges its answers by the same rules as hkkg's, in the same run.

Prints {"version": "…"} (pyoxigraph's), then reads one JSON job a line from standard input and
prints one JSON line per job, in order:
  {"syntax": QUERY, "base": IRI, "is_update": BOOL}
      parse QUERY (an update when IS_UPDATE) only → {"ok": true}, or {"syntax_error": "…"} when
      pyoxigraph's parser refuses it
  {"query": QUERY, "base": IRI, "data": [[FILE, BASE]…], "graphs": [[NAME, FILE, BASE]…],
   "format": "json"|"xml"|"tsv"|"csv"|"ntriples", "out": FILE}
      load DATA into the default graph and each FILE of GRAPHS into the graph NAME (the dataset as
      the manifest describes it), run QUERY and write its answer to OUT in FORMAT → {"ok": true}
  {"update": UPDATE, "base": IRI, "data": …, "graphs": …, "out": FILE}
      load the dataset as above, apply UPDATE, write the store's dataset to OUT as N-Quads
Any other failure of a job → {"error": "…"}; one failing job does not stop the others."""
import json
import sys

import pyoxigraph
from pyoxigraph import NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, Store

RESULT_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "tsv": QueryResultsFormat.TSV,
    "csv": QueryResultsFormat.CSV,
}


def run(job):
    with open(job.get("syntax") or job.get("update") or job["query"], encoding="utf-8") as file:
        text = file.read()
    if "syntax" in job:
        # The query is parsed when it is prepared; on an empty store nothing is read, and a SELECT
        # is not even evaluated until its solutions are. An update runs on the empty store: an
        # error after parsing (a LOAD, a DROP of no graph) is not a syntax error.
        if job.get("is_update"):
            Store().update(text, base_iri=job["base"])
        else:
            Store().query(text, base_iri=job["base"])
        return
    store = Store()
    for path, base in job["data"]:
        store.load(path=path, base_iri=base)
    for name, path, base in job["graphs"]:
        store.load(path=path, base_iri=base, to_graph=NamedNode(name))
    if "update" in job:
        store.update(text, base_iri=job["base"])
        store.dump(job["out"], RdfFormat.N_QUADS)
        return
    results = store.query(text, base_iri=job["base"])
    if isinstance(results, QueryTriples):
        results.serialize(job["out"], RdfFormat.N_TRIPLES)
    else:
        results.serialize(job["out"], RESULT_FORMATS[job["format"]])


print(json.dumps({"version": pyoxigraph.__version__}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    try:
        run(job)
        answer = {"ok": True}
    except SyntaxError as error:
        answer = {"syntax_error": str(error)} if "syntax" in job else {"error": str(error)}
    except Exception as error:  # reported for this job; the others still run
        if "syntax" in job:
            # pyoxigraph has no parse-only call: an error after parsing (preparing a call to an
            # unknown function) means the parser accepted the query, which is all a syntax test asks.
            answer = {"ok": True}
        else:
            answer = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(answer), flush=True)
