"""ForceAtlas2 (Jacomy et al., PLoS ONE 2014), computed in Python so that views draw at once.

Written with element-wise NumPy only — no BLAS, no random numbers: the same graph gives the same
coordinates, bit for bit, on any machine, which keeps exports byte-identical.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_CHUNK = 1 << 21  # pairs per block of the repulsion step: bounds memory at ~100 MB


def forceatlas2(graph: nx.Graph, *, iterations: int = 150, scaling: float = 2.0, gravity: float = 1.0,
                weight: str = "weight") -> dict[str, tuple[float, float]]:
    """Positions for the nodes of `graph` (edges taken as undirected), rounded to 0.01."""
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

    # Initial positions on a sunflower spiral, heavier nodes nearer the middle (math's sin and cos:
    # NumPy's may take CPU-specific SIMD paths).
    order = np.argsort(-mass, kind="stable")
    radius = [10 * math.sqrt(k + 0.5) for k in range(n)]
    spiral = [(r * math.cos(k * _GOLDEN_ANGLE), r * math.sin(k * _GOLDEN_ANGLE)) for k, r in enumerate(radius)]
    position = np.empty((n, 2))
    position[order] = np.array(spiral)

    previous = np.zeros((n, 2))
    speed, speed_efficiency = 1.0, 1.0
    for _ in range(iterations):
        force = _repulsion(position, mass, scaling)
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
