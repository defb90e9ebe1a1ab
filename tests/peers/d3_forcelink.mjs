// Reads hkkg's node-link JSON with D3's own force layout, as a web page would:
//   forceSimulation(graph.nodes).force("link", forceLink(graph.links).id(d => d.id))
// forceLink throws "node not found" for a link whose end names no node; after the simulation every
// link's source and target are node objects. Prints what D3 saw, as JSON.
//
// usage: node d3_forcelink.mjs VIEW.json
import { readFileSync } from "node:fs";
import { forceLink, forceManyBody, forceSimulation } from "d3-force";

const graph = JSON.parse(readFileSync(process.argv[2], "utf8"));
const links = forceLink(graph.links).id((d) => d.id);
const simulation = forceSimulation(graph.nodes).force("link", links).force("charge", forceManyBody()).stop();
simulation.tick(50);
const resolved = graph.links.filter(
  (l) => typeof l.source === "object" && typeof l.target === "object" && l.source.id && l.target.id,
);
const placed = graph.nodes.filter((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
console.log(
  JSON.stringify({
    nodes: graph.nodes.length,
    links: graph.links.length,
    resolved: resolved.length,
    placed: placed.length,
    ends: resolved.map((l) => [l.source.id, l.target.id, l.label_en]).sort(),
  }),
);
