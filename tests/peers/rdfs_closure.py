"""RDFS closure by owlrl (an independent reasoner), printed as sorted N-Triples lines: only the
entailed triples about data entities (subjects outside the rdf/rdfs/owl/xsd vocabularies), minus
the trivial rdfs:Resource and rdf:Property typings (rdf1, rdfs4), so the output is comparable with `hkkg --reason rdfs`."""
import sys

import owlrl
import rdflib

RESOURCE = rdflib.RDFS.Resource
VOCABULARIES = (str(rdflib.RDF), str(rdflib.RDFS), str(rdflib.OWL), str(rdflib.XSD))

graph = rdflib.Dataset()
for path in sys.argv[1:]:
    graph.parse(path, format="trig" if path.endswith(".trig") else "turtle")
union = rdflib.Graph()
for s, p, o, _ in graph.quads((None, None, None, None)):
    union.add((s, p, o))
asserted = set(union)
owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(union)
lines = set()
for s, p, o in union:
    if (s, p, o) in asserted or o in (RESOURCE, rdflib.RDF.Property) or isinstance(s, rdflib.Literal):
        continue
    if str(s).startswith(VOCABULARIES) or str(p).startswith(VOCABULARIES[2:]):
        continue
    if p in (rdflib.RDFS.subClassOf, rdflib.RDFS.subPropertyOf) and s == o:
        continue  # reflexive axioms (rdfs6, rdfs10)
    lines.add(f"{s.n3()} {p.n3()} {o.n3()} .")
print("\n".join(sorted(lines)))
