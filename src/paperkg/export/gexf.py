"""GEXF 1.3 for Gephi, its native format: colours, sizes and the layout as `viz:` elements, typed attributes.

Gephi reads `viz:color`, `viz:size` and `viz:position` straight into its appearance and layout, so the graph
opens as it was laid out, coloured by type. The other attributes are declared once (`<attributes>`, with
GEXF types) and given per node and edge (`<attvalues>`); they are the GraphML export's (see `style`).
Node ids are the graph's own (IRI paths: GEXF ids are plain strings), edge ids the GraphML export's (see
`graphml.edge_id`: the same edge has the same id in both); labels are XML tokens, so their white
space is collapsed. No date is written, so the same graph gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx

from paperkg.export import splice
from paperkg.export.graphml import edge_id
from paperkg.export.splice import BlockWriter, Index, Reuse, elements, write_elements
from paperkg.export.style import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    edge_attributes,
    node_attributes,
    sizes,
    text_value,
    xml_attribute,
)

NAMESPACE = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
#: GraphML attribute types → GEXF's.
_TYPES = {"string": "string", "int": "integer", "float": "float", "double": "double"}
#: Node attributes GEXF carries in its own places: the label attribute and the viz: elements.
_BUILT_IN = frozenset({"label", "size", "r", "g", "b", "x", "y"})
_NODE_COLUMNS = tuple((name, kind) for name, kind in NODE_ATTRIBUTES if name not in _BUILT_IN)
_EDGE_COLUMNS = tuple((name, kind) for name, kind in EDGE_ATTRIBUTES if name not in {"label", "weight"})


def _attr(value: object) -> str:
    return xml_attribute(str(value))


def _token(text: str) -> str:
    """`text` as an xsd:token (GEXF's type for labels): no line breaks, tabs or runs of spaces."""
    return " ".join(text.split())


def write_gexf(graph: nx.Graph, path: Path, reuse: Reuse | None = None,
               fingerprints: Mapping[str, bytes] | None = None) -> Index:
    """Write `graph` as GEXF 1.3, nodes and edges in sorted order; return its index (blocks unchanged since
    `reuse`'s file are copied from there, see `paperkg.export.splice`).

    Only the attributes some node or edge has are declared, so Gephi shows no empty columns.
    """
    size_of = sizes(graph)

    def node(name: str) -> tuple[str, Iterable[str]]:
        values = node_attributes(graph, name, size_of(name))
        attvalues, used = _attvalues(_NODE_COLUMNS, values)
        return (f"      <node id={_attr(name)} label={_attr(_token(str(values['label'])))}>\n{attvalues}"
                f'        <viz:color r="{values["r"]}" g="{values["g"]}" b="{values["b"]}"/>\n'
                f'        <viz:position x="{float(values["x"] or 0)!r}" y="{float(values["y"] or 0)!r}" z="0.0"/>\n'
                f'        <viz:size value="{values["size"]!r}"/>\n'
                "      </node>\n"), used

    def edge(source: str, target: str) -> tuple[str, Iterable[str]]:
        values = edge_attributes(graph.adj[source][target])
        attvalues, used = _attvalues(_EDGE_COLUMNS, values)
        return (f'      <edge id="{edge_id(source, target)}" source={_attr(source)} target={_attr(target)} '
                f'weight="{values["weight"]!r}" label={_attr(values["label"])}>\n{attvalues}      </edge>\n'), used

    fingerprints = fingerprints if fingerprints is not None else splice.fingerprints(graph)
    file = BlockWriter(path, reuse)
    nodes, edge_blocks = elements(graph, file, fingerprints, node, edge)
    file.write('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<gexf xmlns="{NAMESPACE}" xmlns:viz="{VIZ}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">\n'
               f'  <meta>\n    <creator>paperkg</creator>\n    <description>'
               f'{escape(graph.graph.get("view", "knowledge graph"))}</description>\n  </meta>\n'
               f'  <graph defaultedgetype="{"directed" if graph.is_directed() else "undirected"}">\n')
    for scope, columns, blocks in (("node", _NODE_COLUMNS, nodes), ("edge", _EDGE_COLUMNS, edge_blocks)):
        declared = blocks.used
        file.write(f'    <attributes class="{scope}">\n'
                   + "".join(f'      <attribute id="{name}" title="{name}" type="{_TYPES[kind]}"/>\n'
                             for name, kind in columns if name in declared)
                   + "    </attributes>\n")
    file.write(f'    <nodes count="{graph.number_of_nodes()}">\n')
    write_elements(file, nodes)
    file.write(f'    </nodes>\n    <edges count="{graph.number_of_edges()}">\n')
    write_elements(file, edge_blocks)
    file.write("    </edges>\n  </graph>\n</gexf>\n")
    return file.close()


def _attvalues(columns: tuple[tuple[str, str], ...], values: dict[str, object]) -> tuple[str, frozenset[str]]:
    """The `<attvalues>` of a node or an edge, as one string ("" when it has none), and the columns it uses."""
    texts = [(name, text) for name, _ in columns
             if (value := values.get(name)) is not None and (text := text_value(value)) is not None]
    if not texts:
        return "", frozenset()
    lines = "".join(f'          <attvalue for="{name}" value={_attr(text)}/>\n' for name, text in texts)
    return f"        <attvalues>\n{lines}        </attvalues>\n", frozenset(name for name, _ in texts)


def read_gexf(path: Path) -> nx.Graph:
    """Read a GEXF export back with networkx (typed attributes, and `viz` with colour, size, position)."""
    return nx.read_gexf(path, version="1.3")
