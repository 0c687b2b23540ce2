"""The actor graph as a file other tools open: GraphML (networkx, yEd), GEXF (Gephi), or an edge list in CSV.

GraphML and GEXF hold only scalar attributes, so the web graph's per-type counts and evidence lists are flattened
here: `types` becomes "ASSAULT:3; COERCE:1" plus one integer column per PLOVER type, evidence becomes a count and
the documents it comes from.
"""

from __future__ import annotations

import csv
import io
from typing import IO, Any

import networkx as nx

from dossier.store.db import Database
from dossier.web.graph import MAX_NODES, actor_graph
from dossier.web.schemas import GraphEdge, GraphOut

GRAPH_FORMATS = ("graphml", "gexf", "csv")
CSV_FIELDS = ["source", "source_name", "source_type", "target", "target_name", "target_type", "polarity", "weight",
              "types", "documents", "first_sentence"]  # fmt: skip


def actor_network(graph: GraphOut) -> nx.MultiDiGraph:
    """A directed multigraph (one edge per polarity between two actors) with scalar attributes only."""
    net = nx.MultiDiGraph(name="dossier actor graph")
    for node in graph.nodes:
        net.add_node(node.id, label=node.name, type=node.type, weight=node.weight)
    for edge in graph.edges:
        net.add_edge(edge.source, edge.target, key=edge.id, **_edge_attributes(edge))
    return net


def _edge_attributes(edge: GraphEdge) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "polarity": edge.polarity,
        "weight": edge.weight,
        "types": "; ".join(f"{kind}:{n}" for kind, n in edge.types.items()),
        "documents": "; ".join(dict.fromkeys(e.doc_id for e in edge.evidence)),
        "first_sentence": edge.evidence[0].sentence if edge.evidence else "",
    }
    for kind, n in edge.types.items():
        attributes[f"n_{kind}"] = n
    return attributes


def collection_network(db: Database, *, min_weight: int = 1) -> nx.MultiDiGraph:
    """The collection's actor graph (its most connected actors, as many as the web view can draw)."""
    return actor_network(actor_graph(db, min_weight=min_weight, max_nodes=MAX_NODES))


def write_network(net: nx.MultiDiGraph, fmt: str, output: IO[str]) -> None:
    """Write in one of GRAPH_FORMATS to a text stream (networkx writes its XML as UTF-8 bytes)."""
    if fmt in ("graphml", "gexf"):
        buffer = io.BytesIO()
        if fmt == "graphml":
            nx.write_graphml(net, buffer, named_key_ids=True)
        else:
            nx.write_gexf(net, buffer)
        output.write(buffer.getvalue().decode("utf-8"))
    elif fmt == "csv":
        writer = csv.DictWriter(output, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for source, target, data in net.edges(data=True):
            ends = {"source_name": net.nodes[source]["label"], "source_type": net.nodes[source]["type"],
                    "target_name": net.nodes[target]["label"], "target_type": net.nodes[target]["type"]}  # fmt: skip
            writer.writerow({"source": source, "target": target, **ends, **data})
    else:
        raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(GRAPH_FORMATS)})")
