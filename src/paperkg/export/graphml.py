"""GraphML for Gephi (and JGraphT, igraph, networkx): typed keys, colours, sizes and a precomputed layout.

Gephi's importer reads node attributes `label`, `size`, `r`, `g`, `b`, `x`, `y` and edge attributes
`label`, `weight`; every `<key>` declares `for` and `attr.type`; it rejects graph-level keys; lists must
be joined into strings. Node ids must be XML NMTOKENs, so the id is an escaped IRI path and the full IRI
is kept in the `iri` attribute; an edge's id is its ends' ids, so it stays when other edges come and go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

import networkx as nx

from paperkg.export import splice
from paperkg.export.splice import BlockWriter, Index, Reuse, elements, write_elements
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


@lru_cache(maxsize=1 << 18)  # an edge's id repeats its ends' ids: each node's is made once per export
def graphml_id(node: str) -> str:
    """An XML NMTOKEN for a node id (an IRI path): `/` → `:`, other characters as `.XX` hex bytes."""
    escaped = _NMTOKEN_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), node)
    return escaped.replace("/", ":").replace("%", ".")


def write_graphml(graph: nx.Graph, path: Path, reuse: Reuse | None = None,
                  fingerprints: Mapping[str, bytes] | None = None) -> Index:
    """Write `graph` as Gephi-ready GraphML, nodes and edges in sorted order; return its index (blocks
    unchanged since `reuse`'s file are copied from there, see `paperkg.export.splice`).

    Only the attributes some node or edge has get a `<key>`, so Gephi shows no empty columns.
    """
    size_of = sizes(graph)

    def node(name: str) -> tuple[str, Iterable[str]]:
        values = _texts(node_attributes(graph, name, size_of(name)))
        return f"    <node id={quoteattr(graphml_id(name))}>\n{_data('n', values)}    </node>\n", values

    def edge(source: str, target: str) -> tuple[str, Iterable[str]]:
        values = _texts(edge_attributes(graph.adj[source][target]))
        return (f'    <edge id="{edge_id(source, target)}" source="{graphml_id(source)}" '
                f'target="{graphml_id(target)}">\n{_data("e", values)}    </edge>\n'), values

    fingerprints = fingerprints if fingerprints is not None else splice.fingerprints(graph)
    file = BlockWriter(path, reuse)
    nodes, edge_blocks = elements(graph, file, fingerprints, node, edge)
    file.write('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
               'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for scope, keys, blocks in (("node", NODE_ATTRIBUTES, nodes), ("edge", EDGE_ATTRIBUTES, edge_blocks)):
        declared = blocks.used
        file.write("".join(f'  <key id="{scope[0]}_{name}" for="{scope}" attr.name="{name}" attr.type="{kind}"/>\n'
                           for name, kind in keys if name in declared))
    file.write(f'  <graph id="G" edgedefault="{"directed" if graph.is_directed() else "undirected"}">\n')
    write_elements(file, nodes)
    write_elements(file, edge_blocks)
    file.write("  </graph>\n</graphml>\n")
    return file.close()


def edge_id(source: str, target: str) -> str:
    """An edge's id, the same wherever the edge is written: its ends' ids joined by `..` (which no id of
    `graphml_id` holds: there a dot is always followed by two hex digits)."""
    return f"{graphml_id(source)}..{graphml_id(target)}"


def _texts(values: dict[str, object]) -> dict[str, str]:
    """The values that are written, as text, in the order of the attribute lists."""
    return {name: text for name, value in values.items()
            if value is not None and (text := text_value(value)) is not None}


def _data(prefix: str, values: dict[str, str]) -> str:
    """The `<data>` lines of a node or an edge, as one string (one write per element, not per line)."""
    return "".join([f'      <data key="{prefix}_{name}">{xml_escaped(text)}</data>\n' for name, text in values.items()])


def read_graphml(path: Path) -> nx.Graph:
    """Read a GraphML export back with networkx (typed attributes restored)."""
    return nx.read_graphml(path)
