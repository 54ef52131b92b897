"""Layout: ForceAtlas2 with exact (pair-by-pair) repulsion against the quadtree (Barnes–Hut) one.

The graphs are real: papers and their authors from the shared paper lists (no extraction needed), the
first N papers in file order, up to the whole corpus (11.9k papers, ~28k nodes). For each: seconds for
a full layout (150 iterations) each way and their ratio; the quadtree's force error against the exact
force on the finished layout (median and 95th percentile of |F̃ − F| / |F|); and, as a check that the
approximation draws the same kind of picture, the mean edge length over the mean distance between nodes
(lower: tighter clusters) for each layout. Exact runs stop at `--exact-up-to` nodes (they grow as n²).

    PAPERKG_SHARED=/work/shared PYTHONPATH=src python benchmarks/layout.py [--sizes 250 500 1000 4000 0]
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np
from corpus import paperlists  # benchmarks/corpus.py: the script's folder is on sys.path

from paperkg.graph import layout


def author_graph(papers) -> nx.Graph:
    graph = nx.Graph()
    for number, paper in enumerate(papers):
        graph.add_node(f"paper/{number}")
        for name in paper.authors:
            graph.add_edge(f"paper/{number}", f"author/{name.casefold()}", weight=1)
    return graph


def spread(graph: nx.Graph, position: dict[str, tuple[float, float]]) -> float:
    """Mean edge length / mean distance between nodes (over a fixed sample of pairs)."""
    nodes = sorted(graph)
    xy = np.array([position[node] for node in nodes])
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges()])
    edge_length = np.sqrt(((xy[edges[:, 0]] - xy[edges[:, 1]]) ** 2).sum(axis=1)).mean()
    pairs = np.random.default_rng(0).integers(0, len(nodes), (20000, 2))
    return float(edge_length / np.sqrt(((xy[pairs[:, 0]] - xy[pairs[:, 1]]) ** 2).sum(axis=1)).mean())


def force_error(graph: nx.Graph, position: dict[str, tuple[float, float]]) -> tuple[float, float]:
    nodes = sorted(graph)
    xy = np.array([position[node] for node in nodes])
    mass = 1.0 + np.array([graph.degree(node) for node in nodes], dtype=np.float64)
    exact, approximate = layout._repulsion(xy, mass, 10.0), layout._repulsion_quadtree(xy, mass, 10.0)
    error = np.sqrt(((approximate - exact) ** 2).sum(axis=1) / np.maximum((exact**2).sum(axis=1), 1e-300))
    return float(np.median(error)), float(np.quantile(error, 0.95))


def timed(graph: nx.Graph, exact: bool) -> tuple[float, dict]:
    started = time.perf_counter()
    position = layout.forceatlas2(graph, exact=exact)
    return time.perf_counter() - started, position


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 4000, 0],
                        help="papers per graph; 0 for the whole corpus")
    parser.add_argument("--exact-up-to", type=int, default=4000, help="nodes above which exact is skipped")
    options = parser.parse_args()
    papers = paperlists()
    print(f"ForceAtlas2, 150 iterations; exact repulsion is the default up to {layout.EXACT_UP_TO:,} nodes")
    print(f"{'papers':>7}{'nodes':>8}{'edges':>8}{'exact s':>9}{'quadtree s':>12}{'ratio':>7}"
          f"{'force err median':>18}{'p95':>7}{'spread exact':>14}{'quadtree':>10}")
    for size in options.sizes:
        graph = author_graph(papers[:size] if size else papers)
        n = graph.number_of_nodes()
        quadtree_seconds, quadtree = timed(graph, exact=False)
        if n <= options.exact_up_to:
            exact_seconds, exact = timed(graph, exact=True)
            median, p95 = force_error(graph, quadtree)
            columns = (f"{exact_seconds:>9.1f}{quadtree_seconds:>12.1f}{exact_seconds / quadtree_seconds:>7.1f}"
                       f"{median:>18.4f}{p95:>7.3f}{spread(graph, exact):>14.3f}{spread(graph, quadtree):>10.3f}")
        else:
            columns = (f"{'—':>9}{quadtree_seconds:>12.1f}{'—':>7}{'—':>18}{'—':>7}{'—':>14}"
                       f"{spread(graph, quadtree):>10.3f}")
        print(f"{size or len(papers):>7,}{n:>8,}{graph.number_of_edges():>8,}{columns}")


if __name__ == "__main__":
    main()
