"""Interactive HTML view: pyvis's node and edge model in our own page, with everything inlined.

pyvis's stock templates fetch vis-network and Bootstrap from CDNs and put titles into `innerHTML`; this
page inlines vis-network (from pyvis's bundled copy), carries the data as JSON in a
`<script type="application/json">` block, and builds every piece of text with `textContent`, so nothing
from the input can run. Positions come from the precomputed layout and physics is off: it draws at once.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from paperkg.export.style import COLOURS, hex_colour, sizes
from paperkg.model import Kind, Relation

VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
TEMPLATES = Path(__file__).parent / "templates"
_LABEL_CHARS = 40
_SNIPPET_CHARS = 400

OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "hideEdgesOnDrag": True, "tooltipDelay": 200},
    "edges": {"smooth": False, "color": {"color": "#bbbbbb", "highlight": "#333333", "opacity": 0.5},
              "width": 0.5},
    "nodes": {"shape": "dot", "font": {"size": 12},
              "scaling": {"label": {"enabled": True, "min": 8, "max": 18, "drawThreshold": 7}}},
}


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def network(graph: nx.Graph) -> Network:
    """The pyvis network of `graph`: positions, colours, sizes; labels shortened for the canvas."""
    net = Network(directed=graph.is_directed(), cdn_resources="in_line")
    size_of = sizes(graph)
    for node in sorted(graph):
        data = graph.nodes[node]
        net.add_node(node, label=_short(data["label"]), x=data.get("x", 0) * 10, y=data.get("y", 0) * 10,
                     size=size_of[node], color=hex_colour(data["kind"]), kind=data["kind"])
    for u, v in sorted(graph.edges()):
        data = graph.edges[u, v]
        net.add_edge(u, v, relation=data["relation"], value=data.get("weight", 1))
    net.options = OPTIONS
    return net


def details(graph: nx.Graph) -> dict[str, dict]:
    """What the details panel shows for each node, as plain data (text is escaped by the page)."""
    out: dict[str, dict] = {}
    for node in sorted(graph):
        data = graph.nodes[node]
        entry: dict = {"kind": data["kind"], "label": data["label"]}
        if data["kind"] == Kind.PAPER:
            creators = sorted(((d.get("position", 0), v) for _, v, d in graph.out_edges(node, data=True)
                               if d["relation"] == Relation.CREATOR))
            entry.update(venue=" · ".join(filter(None, (data.get("venue"), data.get("session")))),
                         abstract=_short(data.get("abstract", ""), _SNIPPET_CHARS),
                         authors=[v for _, v in creators],
                         concepts=[[v, d["relation"], d["evidence"][0].sentence if d.get("evidence") else ""]
                                   for _, v, d in sorted(graph.out_edges(node, data=True))
                                   if d["relation"] != Relation.CREATOR])
        else:
            entry["papers"] = sorted(u for u, _ in graph.in_edges(node) if graph.nodes[u]["kind"] == Kind.PAPER)
            entry["related"] = sorted({v for v in nx.all_neighbors(graph, node)
                                       if graph.nodes[v]["kind"] != Kind.PAPER})
        out[node] = entry
    return out


def render(graph: nx.Graph, title: str = "paperkg") -> str:
    """The page as a string."""
    nodes, edges, _, _, _, _ = network(graph).get_network_data()
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     autoescape=jinja2.select_autoescape(["html", "j2"]))
    counts = {kind: sum(1 for _, d in graph.nodes(data=True) if d["kind"] == kind) for kind in COLOURS}
    legend = [(kind.value, hex_colour(kind), counts[kind]) for kind in COLOURS if counts[kind]]
    return environment.get_template("graph.html.j2").render(
        title=title, nodes=nodes, edges=edges, options=OPTIONS, details=details(graph), legend=legend,
        node_count=graph.number_of_nodes(), edge_count=graph.number_of_edges(),
        vis_js=_inline("vis-network.min.js", "</script"), vis_css=_inline("vis-network.css", "</style"),
    )


def _inline(name: str, closing_tag: str) -> Markup:
    """pyvis's bundled vis-network file, to be inlined verbatim (checked not to close its element)."""
    text = (VIS / name).read_text(encoding="utf-8")
    if closing_tag in text.lower():
        raise ValueError(f"{VIS / name} contains {closing_tag!r}: cannot be inlined")
    return Markup(text)


def write_html(graph: nx.Graph, path: Path, title: str = "paperkg") -> None:
    """Write the interactive view of `graph` as one self-contained HTML file."""
    path.write_text(render(graph, title), encoding="utf-8")
