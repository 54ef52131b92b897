"""ForceAtlas2 (Jacomy et al., PLoS ONE 2014), computed in Python so that views draw at once.

Written with element-wise NumPy only — no BLAS, no random numbers: the same graph gives the same
coordinates, bit for bit, on any machine, which keeps exports byte-identical. Repulsion is exact (every
pair) up to `EXACT_UP_TO` nodes; above, it is Barnes–Hut's approximation on a regular quadtree, so
tens of thousands of nodes take seconds, not hours.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import networkx as nx
import numpy as np

_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_CHUNK = 1 << 21  # pairs per block of the repulsion step: bounds memory at ~100 MB
#: Largest graph whose repulsion is computed pair by pair; larger ones use `_repulsion_quadtree`.
EXACT_UP_TO = 1000
_MAX_DEPTH = 10  # quadtree levels: at most 4**10 cells in the finest grid
_MARGIN = 3  # empty cells around each level's grid: the interaction list reaches 3 cells away
_NEAR_PAIRS = 48  # near-field pairs per node (on average) above which the quadtree gets a level deeper
#: Graphs up to this many nodes are laid out whole; larger ones iterate over their core (see `layout`).
WHOLE_UP_TO = 5000
#: Iterations over a large graph's core: `ITERATIONS` up to `WHOLE_UP_TO` core nodes, then fewer, to
#: this floor, as the core grows (each costs O(n log n); a started layout needs fewer).
ITERATIONS, MIN_ITERATIONS = 150, 40
_LEAF_DISTANCE = 4.0  # a leaf's distance from its neighbour, times the square root of its rank there


def forceatlas2(graph: nx.Graph, *, iterations: int = 150, scaling: float = 10.0, gravity: float = 5.0,
                weight: str = "weight", exact: bool | None = None,
                start: Mapping[str, tuple[float, float]] | None = None,
                degree: Mapping[str, int] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for the nodes of `graph` (edges taken as undirected), rounded to 0.01.

    `exact` forces (True) or forbids (False) pair-by-pair repulsion; by default it is used up to
    `EXACT_UP_TO` nodes. `start` gives nodes their first positions (the others start on the spiral);
    `degree` their mass (1 + degree) when `graph` is part of a larger graph whose degrees count.
    """
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]), float(data.get(weight, 1) or 1))
                   for u, v, data in graph.edges(data=True) if u != v)
    source = np.array([e[0] for e in edges], dtype=np.int64)
    target = np.array([e[1] for e in edges], dtype=np.int64)
    strength = np.array([e[2] for e in edges], dtype=np.float64)
    mass = 1.0 + np.bincount(np.concatenate([source, target]), minlength=n).astype(np.float64)
    if degree is not None:
        mass = 1.0 + np.array([float(degree[node]) for node in nodes])

    # Initial positions on a sunflower spiral, heavier nodes nearer the middle (math's sin and cos:
    # NumPy's may take CPU-specific SIMD paths).
    order = np.argsort(-mass, kind="stable")
    radius = [10 * math.sqrt(k + 0.5) for k in range(n)]
    spiral = [(r * math.cos(k * _GOLDEN_ANGLE), r * math.sin(k * _GOLDEN_ANGLE)) for k, r in enumerate(radius)]
    position = np.empty((n, 2))
    position[order] = np.array(spiral)
    for node, xy in (start or {}).items():
        if node in index:
            position[index[node]] = xy

    repulsion = _repulsion if (n <= EXACT_UP_TO if exact is None else exact) else _repulsion_quadtree
    previous = np.zeros((n, 2))
    speed, speed_efficiency = 1.0, 1.0
    for _ in range(iterations):
        force = repulsion(position, mass, scaling)
        delta = position[target] - position[source]
        pull = delta * strength[:, None]
        for axis in (0, 1):
            force[:, axis] += np.bincount(source, weights=pull[:, axis], minlength=n)
            force[:, axis] -= np.bincount(target, weights=pull[:, axis], minlength=n)
        centred = position - position.mean(axis=0)
        distance = np.sqrt(centred[:, 0] ** 2 + centred[:, 1] ** 2)
        force -= centred * (gravity * mass / np.maximum(distance, 1e-9))[:, None]

        swinging = mass * np.sqrt(((force - previous) ** 2).sum(axis=1))
        traction = 0.5 * mass * np.sqrt(((force + previous) ** 2).sum(axis=1))
        speed, speed_efficiency = _adapt_speed(n, swinging.sum(), traction.sum(), speed, speed_efficiency)
        node_speed = speed / (1.0 + np.sqrt(speed * swinging))
        magnitude = np.sqrt((force**2).sum(axis=1))
        node_speed = np.minimum(node_speed, 10.0 / np.maximum(magnitude, 1e-9))
        position += force * node_speed[:, None]
        previous = force
    return {node: (round(float(x), 2), round(float(y), 2)) for node, (x, y) in zip(nodes, position, strict=True)}


def _repulsion(position: np.ndarray, mass: np.ndarray, scaling: float) -> np.ndarray:
    """k·m_i·m_j / d between every pair, in blocks of rows to bound memory."""
    n = len(position)
    force = np.zeros((n, 2))
    rows = max(1, _CHUNK // n)
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        dx = position[start:stop, None, 0] - position[None, :, 0]
        dy = position[start:stop, None, 1] - position[None, :, 1]
        squared = dx * dx + dy * dy
        squared[np.arange(stop - start), np.arange(start, stop)] = np.inf  # no self-repulsion
        factor = scaling * mass[start:stop, None] * mass[None, :] / np.maximum(squared, 1e-4)
        force[start:stop, 0] = (dx * factor).sum(axis=1)
        force[start:stop, 1] = (dy * factor).sum(axis=1)
    return force


def _repulsion_quadtree(position: np.ndarray, mass: np.ndarray, scaling: float) -> np.ndarray:
    """Barnes–Hut repulsion on a regular quadtree: exact between nodes in neighbouring finest cells, and
    from every farther cell through its total mass at its centre of mass.

    At each level a cell acts on the nodes of the cells in its "interaction list" (the children of its
    parent's neighbours that are not its own neighbours: 27 cells, each at least one cell width away), so
    every other node is counted exactly once, at the coarsest level where it is well separated. The cost
    is O(n log n); sums run in a fixed order (`np.bincount`, fixed loops), so results are bit-stable.
    """
    n = len(position)
    low = position.min(axis=0)
    span = float((position.max(axis=0) - low).max()) or 1.0
    finest = np.floor((position - low) * ((1 << _MAX_DEPTH) / span)).astype(np.int64)
    np.clip(finest, 0, (1 << _MAX_DEPTH) - 1, out=finest)
    # Deep enough that the near field stays small where nodes crowd: each level more costs every node
    # 27 cells, each halving of the cells' width cuts the pairs in crowded cells by about four.
    depth = min(_MAX_DEPTH, max(2, math.ceil(math.log(max(n, 4), 4)) - 1))
    while depth < _MAX_DEPTH:
        cell = finest >> (_MAX_DEPTH - depth)
        count = np.bincount(cell[:, 0] << depth | cell[:, 1], minlength=1 << 2 * depth)
        if 9 * int((count * count).sum()) <= _NEAR_PAIRS * n:
            break
        depth += 1
    cell = finest >> (_MAX_DEPTH - depth)
    # Work in cell order: the gathers below then read memory nearly in sequence.
    order = np.argsort(cell[:, 0] << depth | cell[:, 1], kind="stable")
    cell_x, cell_y = cell[order, 0], cell[order, 1]
    x, y = position[order, 0], position[order, 1]
    strength = scaling * mass[order]
    force_x, force_y = np.zeros(n), np.zeros(n)

    for level in range(2, depth + 1):
        # Cells of this level on a grid with a margin of 3 empty cells, so no offset needs a bounds check.
        cx, cy = cell_x >> (depth - level), cell_y >> (depth - level)
        width = (1 << level) + 2 * _MARGIN
        key = (cx + _MARGIN) * width + (cy + _MARGIN)
        total = np.bincount(key, weights=mass[order], minlength=width * width)
        safe = np.where(total > 0, total, 1.0)
        centre_x = np.bincount(key, weights=mass[order] * x, minlength=width * width) / safe
        centre_y = np.bincount(key, weights=mass[order] * y, minlength=width * width) / safe
        # The interaction list's offsets depend on which child of its parent a cell is (4 classes).
        child = (cx & 1) << 1 | (cy & 1)
        for kind in range(4):
            nodes = np.flatnonzero(child == kind)
            if not len(nodes):
                continue
            base, xi, yi = key[nodes], x[nodes], y[nodes]
            sum_x, sum_y = np.zeros(len(nodes)), np.zeros(len(nodes))
            first_x, first_y = -2 - (kind >> 1), -2 - (kind & 1)
            for dx in range(first_x, first_x + 6):
                for dy in range(first_y, first_y + 6):
                    if abs(dx) <= 1 and abs(dy) <= 1:
                        continue  # a neighbour: handled a level deeper, or in the near field
                    other = base + (dx * width + dy)
                    ddx, ddy = xi - centre_x[other], yi - centre_y[other]
                    factor = total[other] / np.maximum(ddx * ddx + ddy * ddy, 1e-4)
                    sum_x += ddx * factor
                    sum_y += ddy * factor
            force_x[nodes] += strength[nodes] * sum_x
            force_y[nodes] += strength[nodes] * sum_y

    # Near field: every pair of nodes in the same or neighbouring finest cells, in blocks of nodes.
    side = 1 << depth
    key = cell_x * side + cell_y  # sorted
    count = np.bincount(key, minlength=side * side)
    start = np.cumsum(count) - count
    neighbours = []
    for ox in (-1, 0, 1):
        for oy in (-1, 0, 1):
            other_x, other_y = cell_x + ox, cell_y + oy
            inside = (other_x >= 0) & (other_x < side) & (other_y >= 0) & (other_y < side)
            other = np.where(inside, other_x * side + other_y, 0)
            neighbours.append((start[other], np.where(inside, count[other], 0)))
    pairs = np.cumsum(sum(c for _, c in neighbours))
    near_x, near_y = np.zeros(n), np.zeros(n)
    begin = 0
    while begin < n:
        done = int(pairs[begin - 1]) if begin else 0
        end = min(n, max(begin + 1, int(np.searchsorted(pairs, done + _CHUNK, "right"))))
        block = np.arange(begin, end)
        for first, c in neighbours:
            block_count = c[begin:end]
            i = np.repeat(block, block_count)
            if not len(i):
                continue
            j = np.repeat(first[begin:end] - (np.cumsum(block_count) - block_count), block_count)
            j += np.arange(len(i))
            ddx, ddy = x[i] - x[j], y[i] - y[j]
            factor = np.where(i == j, 0.0, mass[order][j] / np.maximum(ddx * ddx + ddy * ddy, 1e-4))
            near_x[begin:end] += np.bincount(i - begin, weights=ddx * factor, minlength=end - begin)
            near_y[begin:end] += np.bincount(i - begin, weights=ddy * factor, minlength=end - begin)
        begin = end
    force = np.empty((n, 2))
    force[order, 0] = force_x + strength * near_x
    force[order, 1] = force_y + strength * near_y
    return force


def _adapt_speed(n: int, swing: float, traction: float, speed: float,
                 efficiency: float) -> tuple[float, float]:
    """ForceAtlas2's global speed: fast while nodes move steadily, slower when they oscillate."""
    jitter = max(math.sqrt(0.05 * math.sqrt(n)), min(10.0, 0.05 * math.sqrt(n) * traction / n**2))
    if swing / max(traction, 1e-12) > 2.0:
        efficiency = max(efficiency * 0.5, 0.05)
        jitter = max(jitter, 1.0)
    target = jitter * efficiency * traction / swing if swing > 0 else math.inf
    if swing > jitter * traction:
        efficiency = max(efficiency * 0.7, 0.05)
    elif speed < 1000:
        efficiency *= 1.3
    return speed + min(target - speed, 0.5 * speed), efficiency


def layout(graph: nx.Graph, *, start: Mapping[str, tuple[float, float]] | None = None,
           fixed: Mapping[str, tuple[float, float]] | None = None,
           core: Callable[[str], bool] = lambda node: True) -> dict[str, tuple[float, float]]:
    """ForceAtlas2 positions for the nodes of `graph`, cheap enough for hundreds of thousands of nodes.

    Up to `WHOLE_UP_TO` nodes (and without `start`) this is `forceatlas2(graph)`. Larger graphs iterate
    over their core only (nodes of degree ≥ 2 that `core` accepts, weighed with their whole degree), from
    `start` where given, with fewer iterations as the core grows; their leaves are then placed next to
    their one neighbour, where ForceAtlas2 would leave them. With `fixed`, those nodes keep their positions
    and only the others are placed (a build updated with new papers): nothing that was drawn moves.
    """
    if fixed is not None:
        return place(graph, {node: xy for node, xy in fixed.items() if node in graph})
    if graph.number_of_nodes() <= WHOLE_UP_TO and start is None:
        return forceatlas2(graph)
    degree = dict(graph.degree())
    inner = graph.subgraph(node for node, d in degree.items() if d >= 2 and core(node))
    iterations = max(MIN_ITERATIONS, min(ITERATIONS, ITERATIONS * WHOLE_UP_TO // max(len(inner), 1)))
    return place(graph, forceatlas2(inner, iterations=iterations, start=start, degree=degree))


def place(graph: nx.Graph, positions: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """`positions`, and a position for every other node of `graph`: near the centre of its placed
    neighbours (each on a golden-angle spiral around that centre, in id order, so siblings do not overlap);
    nodes with no placed neighbour, after their neighbours are placed, else on a spiral around the drawing."""
    placed = dict(positions)
    todo = sorted(node for node in graph if node not in placed)
    crowd: dict[tuple[float, float], int] = {}
    while todo:
        later = []
        for node in todo:
            around = [placed[other] for other in sorted(nx.all_neighbors(graph, node) if graph.is_directed()
                                                        else graph.neighbors(node)) if other in placed]
            if not around:
                later.append(node)
                continue
            centre = (math.fsum(x for x, _ in around) / len(around), math.fsum(y for _, y in around) / len(around))
            rank = crowd[centre] = crowd.get(centre, 0) + 1
            radius = _LEAF_DISTANCE * math.sqrt(rank)
            placed[node] = (round(centre[0] + radius * math.cos(rank * _GOLDEN_ANGLE), 2),
                            round(centre[1] + radius * math.sin(rank * _GOLDEN_ANGLE), 2))
        if len(later) == len(todo):  # no placed neighbour anywhere: a ring around what is drawn
            reach = max((math.hypot(x, y) for x, y in placed.values()), default=0.0)
            for rank, node in enumerate(later):
                angle = rank * _GOLDEN_ANGLE
                radius = reach + 10 * math.sqrt(rank + 1)
                placed[node] = (round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2))
            break
        todo = later
    return placed
