"""How nodes look in every visual export (GraphML, GEXF, HTML): one colour per type, size by degree.

The palette is Okabe & Ito's (2008), distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import math
import re

import networkx as nx

from paperkg.model import Kind

COLOURS: dict[str, tuple[int, int, int]] = {
    Kind.PAPER: (0, 114, 178),     # blue
    Kind.AUTHOR: (230, 159, 0),    # orange
    Kind.METHOD: (0, 158, 115),    # bluish green
    Kind.DATASET: (204, 121, 167), # reddish purple
    Kind.TASK: (213, 94, 0),       # vermillion
    Kind.METRIC: (86, 180, 233),   # sky blue
}

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def colour(kind: str) -> tuple[int, int, int]:
    return COLOURS.get(kind, (153, 153, 153))


def hex_colour(kind: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour(kind))


def sizes(graph: nx.Graph) -> dict[str, float]:
    """Node size grows with the square root of degree, so hubs stand out without hiding the rest."""
    return {node: round(6 + 4 * math.sqrt(degree), 2) for node, degree in graph.degree()}


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)
