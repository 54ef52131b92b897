"""GEXF 1.3 for Gephi, its native format: colours, sizes and the layout as `viz:` elements, typed attributes.

Gephi reads `viz:color`, `viz:size` and `viz:position` straight into its appearance and layout, so the graph
opens as it was laid out, coloured by type. The other attributes are declared once (`<attributes>`, with
GEXF types) and given per node and edge (`<attvalues>`); they are the GraphML export's (see `style`).
Ids are the graph's own (IRI paths: GEXF ids are plain strings); labels are XML tokens, so their white
space is collapsed. No date is written, so the same graph gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx

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


def generate_gexf(graph: nx.Graph) -> Iterator[str]:
    """The GEXF document for `graph`, element by element; nodes and edges in sorted order.

    Only the attributes some node or edge has are declared, so Gephi shows no empty columns.
    """
    size_of = sizes(graph)
    nodes = [(node, node_attributes(graph, node, size_of[node])) for node in sorted(graph)]
    edges = [(u, v, edge_attributes(graph.edges[u, v])) for u, v in sorted(graph.edges())]
    node_columns, edge_columns = _used(_NODE_COLUMNS, nodes), _used(_EDGE_COLUMNS, edges)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (f'<gexf xmlns="{NAMESPACE}" xmlns:viz="{VIZ}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">\n')
    view = graph.graph.get("view", "knowledge graph")
    yield f"  <meta>\n    <creator>paperkg</creator>\n    <description>{escape(view)}</description>\n  </meta>\n"
    directed = "directed" if graph.is_directed() else "undirected"
    yield f'  <graph defaultedgetype="{directed}">\n'
    for scope, columns in (("node", node_columns), ("edge", edge_columns)):
        yield f'    <attributes class="{scope}">\n'
        for name, kind in columns:
            yield f'      <attribute id="{name}" title="{name}" type="{_TYPES[kind]}"/>\n'
        yield "    </attributes>\n"
    yield f'    <nodes count="{len(nodes)}">\n'
    for node, values in nodes:
        yield (f"      <node id={_attr(node)} label={_attr(_token(str(values['label'])))}>\n"
               f"{_attvalues(node_columns, values)}"
               f'        <viz:color r="{values["r"]}" g="{values["g"]}" b="{values["b"]}"/>\n'
               f'        <viz:position x="{float(values["x"] or 0)!r}" y="{float(values["y"] or 0)!r}" z="0.0"/>\n'
               f'        <viz:size value="{values["size"]!r}"/>\n'
               "      </node>\n")
    yield "    </nodes>\n"
    yield f'    <edges count="{len(edges)}">\n'
    for index, (u, v, values) in enumerate(edges):
        yield (f'      <edge id="e{index}" source={_attr(u)} target={_attr(v)} weight="{values["weight"]!r}" '
               f"label={_attr(values['label'])}>\n{_attvalues(edge_columns, values)}      </edge>\n")
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _used(columns: tuple[tuple[str, str], ...], items: list) -> tuple[tuple[str, str], ...]:
    used = {name for *_, values in items for name, value in values.items()
            if value is not None and text_value(value) is not None}
    return tuple(column for column in columns if column[0] in used)


def _attvalues(columns: tuple[tuple[str, str], ...], values: dict[str, object]) -> str:
    """The `<attvalues>` of a node or an edge, as one string ("" when it has none)."""
    lines = [f'          <attvalue for="{name}" value={_attr(text)}/>\n' for name, _ in columns
             if (value := values.get(name)) is not None and (text := text_value(value)) is not None]
    return f"        <attvalues>\n{''.join(lines)}        </attvalues>\n" if lines else ""


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """Write `graph` as GEXF 1.3."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(generate_gexf(graph))


def read_gexf(path: Path) -> nx.Graph:
    """Read a GEXF export back with networkx (typed attributes, and `viz` with colour, size, position)."""
    return nx.read_gexf(path, version="1.3")
