"""Applies a SPARQL Update patch with pyoxigraph (an engine we did not write) and checks the result.
Usage: apply_patch.py OLD PATCH NEW. Loads OLD (.trig .ttl .nq .nt), runs PATCH on it, and exits 0
when the result is isomorphic to NEW (both canonicalized by pyoxigraph), else prints the quads
that differ and exits 1."""
import sys

import pyoxigraph as ox


def load(path):
    store = ox.Store()
    with open(path, "rb") as f:
        store.load(f, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[1]))
    return store


def canonical(store):
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


old, patch, new = sys.argv[1:4]
patched = load(old)
with open(patch, encoding="utf-8") as f:
    patched.update(f.read())
got, want = canonical(patched), canonical(load(new))
for quad in sorted(got - want):
    print("unexpected:", quad)
for quad in sorted(want - got):
    print("missing:", quad)
sys.exit(0 if got == want else 1)
