"""Interactive HTML view: the graph and its views in one self-contained page that draws at once.

pyvis's stock page fetches vis-network and Bootstrap from CDNs, runs physics (minutes for 1,500 nodes) and
puts titles into `innerHTML`; its `Network` builder looks each edge's ends up in a list of all nodes (and,
when undirected, scans all edges), so it is not used for the data. This page inlines the vis-network that
pyvis bundles, with vis-network's own options, into our template; it carries the data as JSON in a
`<script type="application/json">` block, in columns (node table, then per view node rows and edges by
index) to stay small; it builds all text with `textContent`; and its Content Security Policy allows no
network and only its own two scripts (by hash). Positions come from the precomputed layouts and physics is
off. A view larger than `max_nodes` is cut to its most connected part, and the page says so.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import jinja2
import networkx as nx
from markupsafe import Markup

from paperkg.export.style import COLOURS, hex_colour, sizes
from paperkg.graph.views import most_connected, view
from paperkg.model import Kind, Relation

T = TypeVar("T")

#: The vis-network files pyvis ships, found without importing pyvis (which imports IPython: 0.07 s of every
#: build's start).
VIS = Path(importlib.util.find_spec("pyvis").submodule_search_locations[0]) / "lib" / "vis-9.1.2"
TEMPLATES = Path(__file__).parent / "templates"
#: Nodes each view shows at most (`paperkg build --html-max-nodes`), and edges per node shown.
DEFAULT_MAX_NODES = 2000
#: For a browser driving the page (tests, benchmarks, docs/screenshot.py): a function of a timeout in ms that
#: resolves once the page has drawn its first frame. Not Playwright's `wait_for_function`: its polling
#: evaluates a string in the page, which the page's Content Security Policy forbids.
WAIT_UNTIL_DRAWN = """(timeout) => new Promise((resolve, reject) => {
  const started = Date.now();
  const check = () => window.paperkg && window.paperkg.ready ? resolve(true)
    : Date.now() - started > timeout ? reject(new Error("page not drawn in time")) : setTimeout(check, 20);
  check();
})"""
EDGES_PER_NODE = 10
#: The views the page switches between: name → title.
VIEWS = {"graph": "Papers, authors and concepts", "coauthors": "Co-authorship", "concepts": "Concept co-occurrence"}
_SNIPPET_CHARS = 400
_EVIDENCE_CHARS = 240
_LIST_ITEMS = 25  # entries per list in the details panel; the rest are counted
_SCALE = 1  # layout units → canvas pixels

#: vis-network's options (the same dictionary pyvis's `Network.options` holds).
OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True, "tooltipDelay": 200},
    "edges": {"smooth": False, "color": {"color": "#bbbbbb", "highlight": "#333333", "hover": "#666666",
                                         "opacity": 0.6},
              "width": 0.5, "scaling": {"min": 0.5, "max": 4}},
    "nodes": {"shape": "dot", "font": {"size": 12},
              "scaling": {"label": {"enabled": True, "min": 8, "max": 18, "drawThreshold": 7}}},
}


class _Table:
    """The page's node table: node id → row index, rows [id, label, kind index, alternative names?]."""

    def __init__(self, graph: nx.Graph, kinds: list[str]) -> None:
        self.graph, self.kinds = graph, kinds
        self.index: dict[str, int] = {}
        self.rows: list[list] = []

    def __call__(self, node: str) -> int:
        found = self.index.get(node)
        if found is None:
            data = self.graph.nodes[node]
            alt = "; ".join(data.get("alt_names", ()) or data.get("alt_labels", ()))
            found = self.index[node] = len(self.rows)
            self.rows.append([node, data["label"], self.kinds.index(data["kind"]), *([alt] if alt else [])])
        return found


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _capped(items: Sequence[T], row: Callable[[T], object], limit: int = _LIST_ITEMS) -> dict:
    """The first `limit` items as rows, and how many more there are (the page counts them, no more)."""
    return {"items": [row(item) for item in items[:limit]], "more": max(0, len(items) - limit)}


def _view_data(graph: nx.Graph, table: _Table, max_nodes: int) -> dict:
    """One view's rows: nodes [index, x, y, size] and edges [from, to, weight], cut to the cap: the most
    connected nodes and, of the edges among them (`edges_among`), the heaviest."""
    size_of = sizes(graph)
    shown, among = most_connected(graph, max_nodes, EDGES_PER_NODE * max_nodes)
    nodes = [[table(node), round(data.get("x", 0) * _SCALE, 1), round(data.get("y", 0) * _SCALE, 1),
              size_of(node)] for node, data in sorted(shown.nodes(data=True))]
    edges = [[table(u), table(v), data.get("weight", 1)] for u, v, data in sorted(shown.edges(data=True))]
    return {"nodes": nodes, "edges": edges, "directed": graph.is_directed(), "edges_among": among,
            # len(edges): networkx's `number_of_edges` sums the nodes' degrees through a view, 4× slower
            "total_nodes": graph.number_of_nodes(), "total_edges": len(graph.edges)}


def _details(graph: nx.Graph, cooccurring: Mapping[str, Mapping[str, dict]], node: str, table: _Table,
             kind_of: Mapping[str, str]) -> dict:
    """What the details panel shows for `node` (text is escaped by the page); `cooccurring`: the concept
    view's adjacency (its plain dicts: networkx's views of them are slow to iterate); `kind_of`: node → kind."""
    data = graph.nodes[node]
    if data["kind"] == Kind.PAPER:
        out = sorted(graph.out_edges(node, data=True), key=lambda edge: edge[:2])
        authors = sorted((d.get("position", 0), v) for _, v, d in out if d["relation"] == Relation.CREATOR)

        def link_row(link: tuple[str, dict]) -> list:  # the concept, the relation, the first evidence sentence
            concept, link_data = link
            evidence = link_data.get("evidence")
            sentence = _short(evidence[0].sentence, _EVIDENCE_CHARS) if evidence else ""
            return [table(concept), link_data["relation"], sentence]

        return {"venue": " · ".join(filter(None, (data.get("venue"), data.get("session")))),
                "url": data.get("url", ""),
                "abstract": _short(data.get("abstract", ""), _SNIPPET_CHARS),
                "authors": _capped([v for _, v in authors], table),
                "concepts": _capped([(v, d) for _, v, d in out if d["relation"] != Relation.CREATOR], link_row)}
    papers = sorted(u for u in graph.predecessors(node) if kind_of[u] == Kind.PAPER)
    if data["kind"] == Kind.AUTHOR:
        heaviest = [(-d["weight"], v) for v, d in graph.adj[node].items() if d["relation"] == Relation.COAUTHOR]
        heaviest += [(-d["weight"], u) for u, d in graph.pred[node].items() if d["relation"] == Relation.COAUTHOR]
    else:
        heaviest = [(-d["weight"], v) for v, d in cooccurring[node].items()] if node in cooccurring else []
    heaviest.sort()  # by weight, then id
    return {"papers": _capped(papers, table),
            "related": _capped(heaviest, lambda item: [table(item[1]), -item[0]])}


def page_data(graph: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES) -> dict:
    """Everything the page shows, as plain data: node table, legend, views and details."""
    kinds = [kind.value for kind in COLOURS]
    table = _Table(graph, kinds)
    views = {"graph": graph, **{name: view(graph, name) for name in VIEWS if name != "graph"}}
    shown = {name: _view_data(g, table, max_nodes) for name, g in views.items()}
    # Details for every node some view shows; the nodes they mention only by name join the table after,
    # without their ids (the page cannot show them: it only names them), which keeps large pages small.
    with_details = list(table.rows)
    kind_of = dict(graph.nodes(data="kind"))
    cooccurring = dict(views["concepts"].adjacency())
    details = [_details(graph, cooccurring, row[0], table, kind_of) for row in with_details]
    for row in table.rows[len(with_details):]:
        row[0] = None
    return {
        "kinds": [[kind, hex_colour(kind)] for kind in kinds],
        "nodes": table.rows,
        "details": details,
        "views": {name: {"title": VIEWS[name], **rows} for name, rows in shown.items()},
        "order": list(shown),  # the JSON's keys are sorted
        "max_nodes": max_nodes,
        "options": OPTIONS,
    }


def _inline(name: str, closing_tag: str, folder: Path = VIS) -> Markup:
    """A script or style file to inline verbatim (checked not to close its element)."""
    text = (folder / name).read_text(encoding="utf-8")
    if closing_tag in text.lower():
        raise ValueError(f"{folder / name} contains {closing_tag!r}: cannot be inlined")
    return Markup(text)


def _hash(text: str) -> str:
    """A Content-Security-Policy source for an inline element's exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(graph: nx.Graph, title: str = "paperkg", max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The page as a string."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     autoescape=jinja2.select_autoescape(["html", "j2"]))
    scripts = [_inline("vis-network.min.js", "</script"), _inline("graph.js", "</script", TEMPLATES)]
    styles = [_inline("vis-network.css", "</style"), _inline("graph.css", "</style", TEMPLATES)]
    return environment.get_template("graph.html.j2").render(
        title=title, data=page_data(graph, max_nodes), scripts=scripts, styles=styles,
        script_hashes=" ".join(map(_hash, scripts)), style_hashes=" ".join(map(_hash, styles)),
    )


def write_html(graph: nx.Graph, path: Path, title: str = "paperkg", max_nodes: int = DEFAULT_MAX_NODES) -> None:
    """Write the interactive view of `graph` as one self-contained HTML file."""
    path.write_text(render(graph, title, max_nodes), encoding="utf-8", newline="\n")
