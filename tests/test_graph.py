"""The networkx graph of the seed, and the layout."""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np

from paperkg.graph import layout
from paperkg.graph.layout import forceatlas2


def _edges(graph: nx.DiGraph, relation: str) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d["relation"] == relation]


def test_authors_and_coauthorship_of_the_seed(seed_graph: nx.DiGraph) -> None:
    kinds = defaultdict(int)
    for _, data in seed_graph.nodes(data=True):
        kinds[data["kind"]] += 1
    assert kinds["Paper"] == 80
    assert kinds["Author"] == 359
    coauthor = _edges(seed_graph, "coauthor")
    assert len(coauthor) == 816
    assert sum(d["weight"] for _, _, d in coauthor) == 824
    assert all(u < v for u, v, _ in coauthor)


def test_authorship_keeps_byline_order(seed_graph: nx.DiGraph) -> None:
    creators = _edges(seed_graph, "creator")
    assert len(creators) == 370
    positions = defaultdict(list)
    for paper, _, data in creators:
        positions[paper].append(data["position"])
    assert all(sorted(p) == list(range(1, len(p) + 1)) for p in positions.values())


def test_every_concept_link_has_evidence(seed_graph: nx.DiGraph) -> None:
    links = [(u, v, d) for u, v, d in seed_graph.edges(data=True)
             if d["relation"] not in ("creator", "coauthor") and seed_graph.nodes[u]["kind"] == "Paper"]
    assert links
    for paper, _, data in links:
        assert data["weight"] == len(data["evidence"]) >= 1
        for evidence in data["evidence"]:
            text = seed_graph.nodes[paper]["title" if evidence.field == "title" else "abstract"]
            assert text[evidence.start:evidence.end] == evidence.text
            assert evidence.text in evidence.sentence


def test_layout_is_deterministic_and_independent_of_insertion_order() -> None:
    graph = nx.karate_club_graph()
    graph = nx.relabel_nodes(graph, {n: f"n{n:02d}" for n in graph})
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph, reverse=True))
    shuffled.add_edges_from((v, u, d) for u, v, d in sorted(graph.edges(data=True), reverse=True))
    first, again, other = forceatlas2(graph), forceatlas2(graph), forceatlas2(shuffled)
    assert first == again == other
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())


def test_layout_puts_connected_nodes_closer_than_unconnected_ones() -> None:
    graph = nx.Graph([("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b1")])
    pos = forceatlas2(graph)
    def distance(u: str, v: str) -> float:
        return math.dist(pos[u], pos[v])
    assert max(distance("a1", "a2"), distance("b1", "b2")) < min(distance("a1", "b1"), distance("a2", "b3"))


def _laid_out_graph(seed_graph: nx.DiGraph) -> tuple[np.ndarray, np.ndarray]:
    """Positions and masses of a real layout: the seed graph's."""
    nodes = sorted(seed_graph)
    position = np.array([(seed_graph.nodes[n]["x"], seed_graph.nodes[n]["y"]) for n in nodes])
    mass = 1.0 + np.array([seed_graph.degree(n) for n in nodes], dtype=np.float64)
    return position, mass


def test_quadtree_repulsion_is_close_to_the_exact_one(seed_graph: nx.DiGraph) -> None:
    position, mass = _laid_out_graph(seed_graph)
    exact, approximate = layout._repulsion(position, mass, 10.0), layout._repulsion_quadtree(position, mass, 10.0)
    error = np.sqrt(((approximate - exact) ** 2).sum(axis=1) / (exact**2).sum(axis=1))
    assert np.median(error) < 0.01 and np.quantile(error, 0.95) < 0.05


def test_quadtree_repulsion_does_not_depend_on_the_block_size(seed_graph: nx.DiGraph, monkeypatch) -> None:
    position, mass = _laid_out_graph(seed_graph)
    whole = layout._repulsion_quadtree(position, mass, 10.0)
    monkeypatch.setattr(layout, "_CHUNK", 97)
    assert np.array_equal(layout._repulsion_quadtree(position, mass, 10.0), whole)


def test_quadtree_layout_is_deterministic_and_independent_of_insertion_order() -> None:
    graph = nx.relabel_nodes(nx.les_miserables_graph(), lambda name: name.lower())
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph, reverse=True))
    shuffled.add_edges_from((v, u, d) for u, v, d in sorted(graph.edges(data=True), reverse=True))
    first, again, other = (forceatlas2(g, exact=False) for g in (graph, graph, shuffled))
    assert first == again == other
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert len(set(first.values())) == graph.number_of_nodes()


def test_large_graphs_use_the_quadtree(monkeypatch) -> None:
    used = []
    monkeypatch.setattr(layout, "_repulsion_quadtree", lambda *args: used.append(1) or np.zeros((len(args[0]), 2)))
    forceatlas2(nx.path_graph(layout.EXACT_UP_TO), iterations=1)
    assert used == []
    forceatlas2(nx.path_graph(layout.EXACT_UP_TO + 1), iterations=1)
    assert used == [1]


def test_used_for_links_join_a_method_to_a_task_with_evidence(seed_graph: nx.DiGraph) -> None:
    used_for = _edges(seed_graph, "usedFor")
    assert used_for
    for method, task, data in used_for:
        assert (seed_graph.nodes[method]["kind"], seed_graph.nodes[task]["kind"]) == ("Method", "Task")
        assert data["weight"] == len(data["evidence"]) >= 2 and data["papers"] >= 1


def test_stats_summarize_concepts_people_and_links(seed_graph: nx.DiGraph) -> None:
    from paperkg.graph.stats import summarize

    summary = summarize(seed_graph, top=3)
    assert summary["papers"] == 80
    assert all(len(rows) <= 3 for rows in summary["top"].values())
    assert ["Lingyu Duan", ["LINGYU DUAN"]] in summary["people_merged"]
    assert len(summary["people_merged"]) == 8  # the seed's names in capitals or lower case
    assert any(label == "Model-Agnostic Meta-Learning" and "MAML" in alts for label, alts in summary["aliases"])
    assert summary["links_per_paper"]["max"] >= summary["links_per_paper"]["mean"] > 0


def _star_forest(stars: int, leaves: int) -> nx.Graph:
    """Hubs in a ring, each with its own leaves: a graph whose core is the ring."""
    graph = nx.Graph()
    for star in range(stars):
        graph.add_edge(f"hub{star:03d}", f"hub{(star + 1) % stars:03d}")
        graph.add_edges_from((f"hub{star:03d}", f"leaf{star:03d}-{leaf:02d}") for leaf in range(leaves))
    return graph


def test_a_large_graph_iterates_over_its_core_and_puts_leaves_by_their_neighbour(monkeypatch) -> None:
    monkeypatch.setattr(layout, "WHOLE_UP_TO", 50)
    graph = _star_forest(20, 6)
    iterated = []
    real = layout.forceatlas2
    monkeypatch.setattr(layout, "forceatlas2",
                        lambda core, **options: iterated.append(sorted(core)) or real(core, **options))
    pos = layout.layout(graph)
    assert iterated == [sorted(node for node in graph if node.startswith("hub"))]
    assert sorted(pos) == sorted(graph) and len(set(pos.values())) == len(graph)
    hub_gap = min(math.dist(pos[f"hub{i:03d}"], pos[f"hub{i + 1:03d}"]) for i in range(19))
    for node in graph:
        if node.startswith("leaf"):
            assert math.dist(pos[node], pos["hub" + node[4:7]]) < hub_gap


def test_a_large_layout_is_deterministic_and_independent_of_insertion_order(monkeypatch) -> None:
    monkeypatch.setattr(layout, "WHOLE_UP_TO", 50)
    graph = _star_forest(20, 6)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph, reverse=True))
    shuffled.add_edges_from((v, u) for u, v in sorted(graph.edges(), reverse=True))
    assert layout.layout(graph) == layout.layout(graph) == layout.layout(shuffled)


def test_fixed_positions_stay_and_only_new_nodes_are_placed() -> None:
    graph = _star_forest(5, 3)
    before = layout.layout(graph)
    graph.add_edges_from([("hub000", "new-a"), ("new-a", "new-b"), ("island-1", "island-2")])
    graph.add_node("alone")
    after = layout.layout(graph, fixed=before)
    assert {node: after[node] for node in before} == before
    assert len(set(after.values())) == len(graph)
    assert math.dist(after["new-a"], before["hub000"]) < math.dist(after["new-a"], before["hub002"])
    reach = max(math.hypot(x, y) for x, y in before.values())
    assert all(math.hypot(*after[node]) > reach for node in ("island-1", "island-2", "alone"))


def test_views_of_a_large_graph_start_from_its_layout(seed_graph: nx.DiGraph, monkeypatch) -> None:
    from paperkg.graph import views

    monkeypatch.setattr(views, "WHOLE_UP_TO", 100)
    starts = []
    real = views.lay_out
    monkeypatch.setattr(views, "lay_out",
                        lambda view, **options: starts.append(options["start"]) or real(view, **options))
    coauthors = views.coauthors(seed_graph)
    assert starts[0] == {node: (seed_graph.nodes[node]["x"], seed_graph.nodes[node]["y"]) for node in coauthors}


def test_seed_concepts_meet_the_resolution_targets(seed_graph: nx.DiGraph) -> None:
    from paperkg.graph.stats import summarize
    from paperkg.resolve.concepts import label_key

    concepts = [(d["kind"], d["label"]) for _, d in seed_graph.nodes(data=True) if d["kind"] not in ("Paper", "Author")]
    keys = [(kind, label_key(label).replace(" ", "")) for kind, label in concepts]
    assert len(keys) == len(set(keys)), "two concepts differ only by case, plural or hyphenation"
    labels = {(kind, label) for kind, label in concepts}
    for _, data in seed_graph.nodes(data=True):  # an acronym never stands beside its own long form
        for alt in data.get("alt_labels", ()):
            if alt.isupper() and alt != data["label"]:
                assert (data["kind"], alt) not in labels
    summary = summarize(seed_graph)
    assert summary["papers_with"]["Method"] == 80
    assert summary["papers_with"]["Task"] == 80
    assert summary["links_per_paper"]["mean"] <= 15
