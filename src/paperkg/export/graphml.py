"""GraphML for Gephi (and JGraphT, igraph, networkx): typed keys, colours, sizes and a precomputed layout.

Gephi's importer reads node attributes `label`, `size`, `r`, `g`, `b`, `x`, `y` and edge attributes
`label`, `weight`; every `<key>` declares `for` and `attr.type`; it rejects graph-level keys; lists must
be joined into strings. Node ids must be XML NMTOKENs, so the id is an escaped IRI path and the full IRI
is kept in the `iri` attribute. The file is generated line by line (`generate_graphml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from paperkg.export.style import colour, sizes, xml_text

#: (attribute, GraphML type) of nodes; values missing on a node are left out.
NODE_KEYS = (
    ("label", "string"), ("type", "string"), ("iri", "string"), ("size", "float"),
    ("r", "int"), ("g", "int"), ("b", "int"), ("x", "float"), ("y", "float"),
    ("papers", "int"), ("year", "int"), ("venue", "string"), ("session", "string"), ("url", "string"),
    ("alt_labels", "string"), ("alt_names", "string"), ("same_as", "string"), ("source", "string"),
)
EDGE_KEYS = (
    ("label", "string"), ("relation", "string"), ("weight", "double"), ("position", "int"),
    ("support", "int"), ("evidence", "string"),
)
_NMTOKEN_UNSAFE = re.compile(r"[^A-Za-z0-9_\-/%]")


def graphml_id(node: str) -> str:
    """An XML NMTOKEN for a node id (an IRI path): `/` → `:`, other characters as `.XX` hex bytes."""
    escaped = _NMTOKEN_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), node)
    return escaped.replace("/", ":").replace("%", ".")


def _value(value: object) -> str | None:
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, tuple | list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _node_values(graph: nx.Graph, node: str, size: float) -> dict[str, object]:
    data = graph.nodes[node]
    r, g, b = colour(data["kind"])
    values = {key: data.get(key) for key, _ in NODE_KEYS}
    values.update(type=data["kind"], iri=graph.graph["base"] + node, size=size, r=r, g=g, b=b,
                  same_as=data.get("same_as"), papers=data.get("papers"))
    return values


def _edge_values(data: dict) -> dict[str, object]:
    evidence = data.get("evidence") or ()
    return {"label": data["relation"], "relation": data["relation"], "weight": float(data.get("weight", 1)),
            "position": data.get("position"), "support": len(evidence) or None,
            "evidence": evidence[0].sentence if evidence else None}


def generate_graphml(graph: nx.Graph) -> Iterator[str]:
    """The GraphML document for `graph`, line by line; nodes and edges in sorted order."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            yield f'  <key id="{scope[0]}_{name}" for="{scope}" attr.name="{name}" attr.type="{kind}"/>\n'
    directed = "directed" if graph.is_directed() else "undirected"
    yield f'  <graph id="G" edgedefault="{directed}">\n'
    size_of = sizes(graph)
    for node in sorted(graph):
        yield f"    <node id={quoteattr(graphml_id(node))}>\n"
        yield from _data("n", NODE_KEYS, _node_values(graph, node, size_of[node]))
        yield "    </node>\n"
    for index, (u, v) in enumerate(sorted(graph.edges())):
        yield f"    <edge id=\"e{index}\" source={quoteattr(graphml_id(u))} target={quoteattr(graphml_id(v))}>\n"
        yield from _data("e", EDGE_KEYS, _edge_values(graph.edges[u, v]))
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def _data(prefix: str, keys: tuple[tuple[str, str], ...], values: dict[str, object]) -> Iterator[str]:
    for name, _ in keys:
        text = _value(values.get(name))
        if text is not None:
            yield f'      <data key="{prefix}_{name}">{escape(xml_text(text))}</data>\n'


def write_graphml(graph: nx.Graph, path: Path) -> None:
    """Write `graph` as Gephi-ready GraphML."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(generate_graphml(graph))


def read_graphml(path: Path) -> nx.Graph:
    """Read a GraphML export back with networkx (typed attributes restored)."""
    return nx.read_graphml(path)
