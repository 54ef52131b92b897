"""How nodes look, and what they carry, in every visual export (GraphML, GEXF, HTML).

One colour per type, from Okabe & Ito's palette (2008), distinguishable with the common colour-vision
deficiencies; size by degree, or by paper count in views that ask for it (`size_by = "papers"`); and one
list of typed attributes (the columns Gephi shows), so the GraphML and GEXF files agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from paperkg.model import CONCEPT_KINDS, Kind

COLOURS: dict[str, tuple[int, int, int]] = {
    Kind.PAPER: (0, 114, 178),     # blue
    Kind.AUTHOR: (230, 159, 0),    # orange
    Kind.METHOD: (0, 158, 115),    # bluish green
    Kind.DATASET: (204, 121, 167), # reddish purple
    Kind.TASK: (213, 94, 0),       # vermillion
    Kind.METRIC: (86, 180, 233),   # sky blue
}

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Characters after which text is not written as it is: escaped (`&<>`, and in attributes quotes and
#: white space that attribute normalisation would change) or replaced (those XML forbids).
_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ATTRIBUTE_SPECIAL = re.compile("[&<>\"'\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def colour(kind: str) -> tuple[int, int, int]:
    return COLOURS.get(kind, (153, 153, 153))


def hex_colour(kind: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour(kind))


def size(count: int) -> float:
    """Size grows with the square root of a count, so hubs stand out without hiding the rest."""
    return round(6 + 4 * math.sqrt(count), 2)


def sizes(graph: nx.Graph) -> Callable[[str], float]:
    """A node → its size: by degree, or by paper count where `graph.graph["size_by"] == "papers"`. Asked
    node by node: an update makes the elements of few nodes, and the page shows a few thousand."""
    if graph.graph.get("size_by") == "papers":
        papers = graph.nodes(data="papers")
        return lambda node: size(papers[node] or 0)
    degree = graph.degree
    return lambda node: size(degree[node])


#: (attribute, type) of nodes in the order exporters write them; types are GraphML's (`int`, `float`, …).
#: Per kind: papers have title, year, venue, session, url; authors name, papers (paper count), alt_names;
#: concepts kind, papers, alt_labels, same_as. Every node has label, type, iri, size, r, g, b, x, y.
NODE_ATTRIBUTES = (
    ("label", "string"), ("type", "string"), ("iri", "string"), ("size", "float"),
    ("r", "int"), ("g", "int"), ("b", "int"), ("x", "float"), ("y", "float"),
    ("title", "string"), ("year", "int"), ("venue", "string"), ("session", "string"), ("url", "string"),
    ("name", "string"), ("kind", "string"), ("papers", "int"),
    ("alt_labels", "string"), ("alt_names", "string"), ("same_as", "string"), ("source", "string"),
)
EDGE_ATTRIBUTES = (
    ("label", "string"), ("relation", "string"), ("weight", "double"), ("position", "int"),
    ("support", "int"), ("evidence", "string"),
)
_CONCEPT_KINDS = frozenset(kind.value for kind in CONCEPT_KINDS)


def node_attributes(graph: nx.Graph, node: str, node_size: float) -> dict[str, object]:
    """The exported attributes of `node` (a value of None or empty is left out by the writers)."""
    data = graph.nodes[node]
    kind = data["kind"]
    r, g, b = colour(kind)
    values = {key: data.get(key) for key, _ in NODE_ATTRIBUTES}
    values.update(type=kind, iri=graph.graph.get("base", "") + node, size=node_size, r=r, g=g, b=b,
                  kind=kind if kind in _CONCEPT_KINDS else None,
                  papers=data.get("papers") if kind != Kind.PAPER else None)
    return values


def edge_attributes(data: dict) -> dict[str, object]:
    """The exported attributes of an edge: its relation as label, weight, and the first evidence sentence."""
    evidence = data.get("evidence") or ()
    return {"label": data["relation"], "relation": data["relation"], "weight": float(data.get("weight", 1)),
            "position": data.get("position"), "support": len(evidence) or None,
            "evidence": evidence[0].sentence if evidence else None}


def text_value(value: object) -> str | None:
    """An attribute value as text: lists joined with `; `, floats in full; None when there is none."""
    kind = type(value)  # the usual types first, without isinstance: exporters call this for every attribute
    if kind is str:
        return value or None
    if kind is float:
        return repr(value)
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, tuple | list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def xml_escaped(text: str) -> str:
    """`escape(xml_text(text))`: element content, with a fast path for the usual text that needs nothing."""
    return escape(xml_text(text)) if _XML_SPECIAL.search(text) else text


def xml_attribute(text: str) -> str:
    """`quoteattr(xml_text(text))`: a quoted attribute value, with the same fast path."""
    return quoteattr(xml_text(text)) if _ATTRIBUTE_SPECIAL.search(text) else f'"{text}"'


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)
