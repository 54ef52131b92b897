"""Export: one module per format, each with a `write_<format>(graph, path)` (and a reader to check it).

`write_all` writes every export of a build; each file goes to a temporary name in the same folder and is
renamed into place, so a reader never sees half a file and a killed build leaves the old one intact.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from paperkg.export.graphml import write_graphml
from paperkg.export.html import write_html
from paperkg.export.rdf import write_rdf

#: File name → writer, in the order they are written.
EXPORTS: dict[str, Callable[[nx.DiGraph, Path], object]] = {
    "graph.ttl": write_rdf,
    "graph.nt": write_rdf,
    "graph.jsonld": write_rdf,
    "graph.graphml": write_graphml,
    "graph.html": write_html,
}


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Run `write` on a temporary file next to `path`, then rename it over `path`."""
    temporary = path.with_name(f".tmp{os.getpid()}.{path.name}")  # keeps the suffix writers go by
    try:
        write(temporary)
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_all(graph: nx.DiGraph, out: Path, progress: Callable[[str], None] = lambda name: None) -> list[Path]:
    """Write every export of `graph` into `out`; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, writer in EXPORTS.items():
        progress(name)
        path = out / name
        write_atomically(path, lambda temporary, writer=writer: writer(graph, temporary))
        written.append(path)
    return written
