"""The derived views (co-authorship, concept co-occurrence) and the most-connected cut."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import pytest

from paperkg.graph.views import COOCCURS, _edges_among, coauthors, concepts, most_connected, view

CONCEPT_KINDS = {"Method", "Dataset", "Task", "Metric"}


def test_coauthor_view_of_the_seed_has_every_author_and_pair(seed_graph: nx.DiGraph) -> None:
    authors = seed_graph.graph["views"]["coauthors"]
    assert not authors.is_directed()
    assert (authors.number_of_nodes(), authors.number_of_edges()) == (359, 816)
    assert sum(weight for _, _, weight in authors.edges(data="weight")) == 824
    assert {data["kind"] for _, data in authors.nodes(data=True)} == {"Author"}


def test_coauthor_view_counts_each_authors_papers(seed_graph: nx.DiGraph) -> None:
    authors = view(seed_graph, "coauthors")
    written = Counter(v for _, v, d in seed_graph.edges(data=True) if d["relation"] == "creator")
    assert {node: data["papers"] for node, data in authors.nodes(data=True)} == dict(written)
    assert all(isinstance(data["x"], float) and isinstance(data["y"], float) for _, data in authors.nodes(data=True))


def test_concept_view_weights_are_papers_linking_both(seed_graph: nx.DiGraph) -> None:
    shown = view(seed_graph, "concepts")
    linked = {paper: {v for v in seed_graph.successors(paper) if seed_graph.nodes[v]["kind"] in CONCEPT_KINDS}
              for paper, kind in seed_graph.nodes(data="kind") if kind == "Paper"}
    expected = Counter(pair for concepts_of in linked.values() for pair in combinations(sorted(concepts_of), 2))
    assert {(u, v) if u < v else (v, u): d["weight"] for u, v, d in shown.edges(data=True)} == dict(expected)
    assert {d["relation"] for _, _, d in shown.edges(data=True)} == {COOCCURS}
    concept_nodes = {node for node, kind in seed_graph.nodes(data="kind") if kind in CONCEPT_KINDS}
    assert set(shown) == concept_nodes


def test_views_are_derived_the_same_way_every_time(seed_graph: nx.DiGraph) -> None:
    for make, name in ((coauthors, "coauthors"), (concepts, "concepts")):
        again = make(seed_graph)
        stored = seed_graph.graph["views"][name]
        assert dict(again.nodes(data=True)) == dict(stored.nodes(data=True))
        assert sorted(again.edges(data="weight")) == sorted(stored.edges(data="weight"))


def test_views_do_not_change_the_graph(seed_graph: nx.DiGraph) -> None:
    before = (seed_graph.number_of_nodes(), seed_graph.number_of_edges(), dict(seed_graph.nodes["author/lingyu-duan"]))
    coauthors(seed_graph, layout=False)
    concepts(seed_graph, layout=False)
    assert before == (seed_graph.number_of_nodes(), seed_graph.number_of_edges(),
                      dict(seed_graph.nodes["author/lingyu-duan"]))


def test_most_connected_keeps_the_highest_degree_nodes_and_heaviest_edges() -> None:
    graph = nx.Graph(view="test")
    graph.add_edges_from([("hub", f"leaf{i}", {"weight": i}) for i in range(6)])
    graph.add_edges_from([("leaf1", "leaf2", {"weight": 9}), ("x", "y", {"weight": 1})])
    cut, among = most_connected(graph, 4)
    assert among == cut.number_of_edges() == 4
    assert sorted(cut) == ["hub", "leaf0", "leaf1", "leaf2"]  # degrees 6, 2, 2, then the smallest id of ties
    assert sorted(cut.edges()) == [("hub", "leaf0"), ("hub", "leaf1"), ("hub", "leaf2"), ("leaf1", "leaf2")]
    assert cut.graph["view"] == "test"
    heaviest, among = most_connected(graph, 4, max_edges=2)
    assert among == 4  # the edges among the nodes kept, before the heaviest were taken
    assert sorted(heaviest.edges(data="weight")) == [("hub", "leaf2", 2), ("leaf1", "leaf2", 9)]
    assert sorted(heaviest) == sorted(cut)
    assert most_connected(graph, 100) == (graph, graph.number_of_edges())


@pytest.mark.parametrize("directed", [False, True])
def test_the_cut_picks_and_orders_as_sorting_every_node_and_filtering_every_edge_would(directed: bool) -> None:
    """`most_connected` reads only the kept nodes' neighbours and sorts only degrees: the nodes it keeps,
    and the edges among them in their order and orientation, are those of the plain way."""
    graph = nx.gnm_random_graph(300, 900, seed=7, directed=directed)
    graph = nx.relabel_nodes(graph, {node: f"n{node:03d}" for node in graph})
    graph.add_edge("n005", "n005")  # a self-loop counts twice in a degree
    for max_nodes in (1, 40, 41, 299):
        degree = graph.degree()
        kept = set(sorted(graph, key=lambda node: (-degree[node], node))[:max_nodes])
        among = [(u, v) for u, v in graph.edges() if u in kept and v in kept]
        assert list(_edges_among(graph, kept)) == among
        cut, _ = most_connected(graph, max_nodes)
        assert set(cut) == kept and sorted(map(sorted, cut.edges())) == sorted(map(sorted, among))
