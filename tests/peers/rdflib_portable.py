"""Runs hkkg's named queries, in the standalone form `hkkg queries --show NAME` prints, with rdflib
over hkkg's exported data, so that tests/interop/portable.rs compares rdflib's answers with hkkg's.

Usage: rdflib_portable.py DATA.trig QUERY.rq OUT.srj [QUERY.rq OUT.srj …]

DATA is loaded once into an rdflib Dataset whose default graph is the file's default graph (not
the union of its graphs: hkkg's export writes the merged default graph, which is what plain
patterns read in hkkg). Each QUERY runs unchanged and its answer is written to OUT as SPARQL JSON
results. Prints {"version": "…"} (rdflib's), then one JSON line per query, in order:
{"ok": true} or {"error": "…"}; one failing query does not stop the others."""
import json
import sys

import rdflib
from rdflib import Dataset


def main():
    data, jobs = sys.argv[1], sys.argv[2:]
    if not jobs or len(jobs) % 2:
        sys.exit("usage: rdflib_portable.py DATA QUERY OUT [QUERY OUT …]")
    print(json.dumps({"version": rdflib.__version__}), flush=True)
    dataset = Dataset(default_union=False)
    dataset.parse(data, format="trig")
    for query, out in zip(jobs[::2], jobs[1::2]):
        try:
            with open(query, encoding="utf-8") as file:
                text = file.read()
            result = dataset.query(text)
            with open(out, "wb") as file:
                file.write(result.serialize(format="json"))
            print(json.dumps({"ok": True}), flush=True)
        except Exception as error:  # noqa: BLE001 — reported per query, judged by the test
            print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)


main()
