"""Derived views of the knowledge graph: co-authorship and concept co-occurrence, each with its own layout.

People open these on their own (in Gephi, or the HTML view's view switch): who writes with whom, weighted
by the papers they share, and which methods, datasets, tasks and metrics appear together, weighted by the
papers they share. A view is an undirected networkx graph whose nodes keep the knowledge graph's ids and
attributes (`kind`, `label`, `papers`, …), with `x`, `y` from a layout of the view itself; the graph
attribute `size_by = "papers"` asks the visual exports to size its nodes by paper count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping
from itertools import combinations

import networkx as nx

from paperkg.graph.layout import WHOLE_UP_TO
from paperkg.graph.layout import layout as lay_out
from paperkg.model import CONCEPT_KINDS, Kind, Relation

Positions = Mapping[str, tuple[float, float]]
#: The relation of two concepts linked by a concept view.
COOCCURS = "cooccurs"
_CONCEPT_KINDS = frozenset(kind.value for kind in CONCEPT_KINDS)
_NODE_ATTRIBUTES = ("kind", "label", "name", "alt_names", "alt_labels", "same_as", "papers")


def _empty(graph: nx.Graph, name: str) -> nx.Graph:
    return nx.Graph(base=graph.graph.get("base", ""), view=name, size_by="papers")


def _add_nodes(view: nx.Graph, graph: nx.Graph, kinds: Container[str]) -> None:
    view.add_nodes_from(sorted((node, {key: data[key] for key in _NODE_ATTRIBUTES if key in data})
                               for node, data in graph.nodes(data=True) if data["kind"] in kinds))


def coauthors(graph: nx.Graph, *, layout: bool = True, fixed: Positions | None = None) -> nx.Graph:
    """Authors only; an edge joins two people who wrote a paper together, `weight` = such papers."""
    view = _empty(graph, "coauthors")
    _add_nodes(view, graph, {Kind.AUTHOR.value})
    view.add_edges_from((u, v, {"relation": Relation.COAUTHOR.value, "weight": data["weight"]}) for u in view
                        for v, data in sorted(graph.adj[u].items()) if data["relation"] == Relation.COAUTHOR)
    return _laid_out(view, graph, fixed=fixed) if layout else view


def concepts(graph: nx.Graph, *, layout: bool = True, fixed: Positions | None = None) -> nx.Graph:
    """Concepts only; an edge joins two concepts linked from the same paper, `weight` = such papers."""
    view = _empty(graph, "concepts")
    _add_nodes(view, graph, _CONCEPT_KINDS)
    shared: Counter[tuple[str, str]] = Counter()  # in the order of papers, then concepts: deterministic
    linked, kept = graph.adj, set(view)  # a set, not the view: a million look-ups
    paper = Kind.PAPER.value
    for node in sorted(node for node, kind in graph.nodes(data="kind") if kind == paper):
        shared.update(combinations(sorted(v for v in linked[node] if v in kept), 2))
    view.add_edges_from((u, v, {"relation": COOCCURS, "weight": weight}) for (u, v), weight in shared.items())
    # Iterated over the concepts of two papers or more; each of the rest is placed among its paper's concepts.
    return _laid_out(view, graph, lambda node: view.nodes[node]["papers"] >= 2, fixed) if layout else view


#: View name → how to derive it.
VIEWS: dict[str, Callable[..., nx.Graph]] = {"coauthors": coauthors, "concepts": concepts}


def _laid_out(view: nx.Graph, graph: nx.Graph, core: Callable[[str], bool] = lambda node: True,
              fixed: Positions | None = None) -> nx.Graph:
    """The view with its own layout; a large view starts from the whole graph's positions, where co-authors
    and co-occurring concepts are already near each other, so fewer iterations settle it. `fixed`: the
    positions an earlier build gave (they stay; only new nodes are placed)."""
    start = None
    if view.number_of_nodes() > WHOLE_UP_TO and all("x" in graph.nodes[node] for node in view):
        start = {node: (graph.nodes[node]["x"], graph.nodes[node]["y"]) for node in view}
    positions = lay_out(view, start=start, core=core, fixed=fixed)
    nx.set_node_attributes(view, {node: {"x": x, "y": y} for node, (x, y) in positions.items()})
    return view


def derive(graph: nx.Graph, fixed: Mapping[str, Positions] | None = None) -> dict[str, nx.Graph]:
    """Every view of `graph`, laid out (`fixed`: by view name, positions an earlier build gave)."""
    return {name: make(graph, fixed=(fixed or {}).get(name)) for name, make in VIEWS.items()}


def view(graph: nx.Graph, name: str) -> nx.Graph:
    """The view `name` of `graph`: the one the graph stage derived (`graph.graph["views"]`), else a new one."""
    derived = graph.graph.get("views", {})
    return derived[name] if name in derived else VIEWS[name](graph)


def most_connected(graph: nx.Graph, max_nodes: int, max_edges: int | None = None) -> tuple[nx.Graph, int]:
    """`graph` cut to its `max_nodes` nodes of highest degree and, of the edges among them, the
    `max_edges` heaviest (ties broken by ids, so the cut is deterministic), with the number of edges among
    those nodes; `graph` itself when it fits."""
    if graph.number_of_nodes() <= max_nodes and (max_edges is None or graph.number_of_edges() <= max_edges):
        return graph, graph.number_of_edges()
    kept = _highest_degree(graph, max_nodes)
    edges = list(_edges_among(graph, kept))
    among = len(edges)
    adjacency = graph.adj
    if max_edges is not None and among > max_edges:
        edges = sorted(edges, key=lambda e: (-adjacency[e[0]][e[1]].get("weight", 1), e))[:max_edges]
    cut = graph.__class__()
    cut.graph.update(graph.graph)
    cut.add_nodes_from((node, graph.nodes[node]) for node in sorted(kept))
    cut.add_edges_from((u, v, adjacency[u][v]) for u, v in sorted(edges))
    return cut, among


def _highest_degree(graph: nx.Graph, count: int) -> set[str]:
    """The `count` nodes first by degree (highest first), then id: all above the degree the last one has,
    and the first ids of those with that degree (without sorting every node by a key)."""
    degree = dict(graph.degree())
    if count >= len(degree):
        return set(degree)
    if count <= 0:
        return set()
    last = sorted(degree.values(), reverse=True)[count - 1]
    kept = {node for node, value in degree.items() if value > last}
    kept.update(sorted(node for node, value in degree.items() if value == last)[:count - len(kept)])
    return kept


def _edges_among(graph: nx.Graph, nodes: Container[str]) -> Iterator[tuple[str, str]]:
    """The edges of `graph` between `nodes`, as `graph.edges()` gives them (same order and orientation),
    reading only those nodes' neighbours."""
    seen: set[str] = set()  # in an undirected graph, the nodes whose edges were given: each edge once
    remember = seen.add if not graph.is_directed() else lambda node: None
    for node in graph:
        if node in nodes:
            yield from ((node, other) for other in graph.adj[node] if other in nodes and other not in seen)
            remember(node)
