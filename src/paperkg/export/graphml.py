"""GraphML for Gephi (and JGraphT, igraph, networkx): typed keys, colours, sizes and a precomputed layout.

Gephi's importer reads node attributes `label`, `size`, `r`, `g`, `b`, `x`, `y` and edge attributes
`label`, `weight`; every `<key>` declares `for` and `attr.type`; it rejects graph-level keys; lists must
be joined into strings. Node ids must be XML NMTOKENs, so the id is an escaped IRI path and the full IRI
is kept in the `iri` attribute. The file is generated element by element (`generate_graphml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

import networkx as nx

from paperkg.export.style import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    edge_attributes,
    node_attributes,
    sizes,
    text_value,
    xml_escaped,
)

_NMTOKEN_UNSAFE = re.compile(r"[^A-Za-z0-9_\-/%]")


def graphml_id(node: str) -> str:
    """An XML NMTOKEN for a node id (an IRI path): `/` → `:`, other characters as `.XX` hex bytes."""
    escaped = _NMTOKEN_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), node)
    return escaped.replace("/", ":").replace("%", ".")


def generate_graphml(graph: nx.Graph) -> Iterator[str]:
    """The GraphML document for `graph`, element by element; nodes and edges in sorted order.

    Only the attributes some node or edge has get a `<key>`, so Gephi shows no empty columns.
    """
    size_of = sizes(graph)
    ids = {node: quoteattr(graphml_id(node)) for node in graph}
    nodes = [(node, _texts(node_attributes(graph, node, size_of[node]))) for node in sorted(graph)]
    edges = [(u, v, _texts(edge_attributes(graph.edges[u, v]))) for u, v in sorted(graph.edges())]
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for scope, keys, items in (("node", NODE_ATTRIBUTES, nodes), ("edge", EDGE_ATTRIBUTES, edges)):
        used = set().union(*(values for *_, values in items))
        for name, kind in keys:
            if name in used:
                yield f'  <key id="{scope[0]}_{name}" for="{scope}" attr.name="{name}" attr.type="{kind}"/>\n'
    directed = "directed" if graph.is_directed() else "undirected"
    yield f'  <graph id="G" edgedefault="{directed}">\n'
    for node, values in nodes:
        yield f"    <node id={ids[node]}>\n{_data('n', values)}    </node>\n"
    for index, (u, v, values) in enumerate(edges):
        yield f"    <edge id=\"e{index}\" source={ids[u]} target={ids[v]}>\n{_data('e', values)}    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def _texts(values: dict[str, object]) -> dict[str, str]:
    """The values that are written, as text, in the order of the attribute lists."""
    return {name: text for name, value in values.items()
            if value is not None and (text := text_value(value)) is not None}


def _data(prefix: str, values: dict[str, str]) -> str:
    """The `<data>` lines of a node or an edge, as one string (one write per element, not per line)."""
    return "".join([f'      <data key="{prefix}_{name}">{xml_escaped(text)}</data>\n' for name, text in values.items()])


def write_graphml(graph: nx.Graph, path: Path) -> None:
    """Write `graph` as Gephi-ready GraphML."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(generate_graphml(graph))


def read_graphml(path: Path) -> nx.Graph:
    """Read a GraphML export back with networkx (typed attributes restored)."""
    return nx.read_graphml(path)
