"""Export: one module per format, each with a `write_<format>(graph, path)` (and a reader to check it).

`write_all` writes every export of a build, each whole or not at all (`paperkg.files`).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Protocol

import networkx as nx

from paperkg.beside import Early, beside
from paperkg.export import splice
from paperkg.export.gexf import write_gexf
from paperkg.export.graphml import write_graphml
from paperkg.export.html import write_html
from paperkg.export.rdf import write_rdf, write_rdf_files
from paperkg.export.splice import Index, Reuse
from paperkg.files import Commits, write_all_atomically, write_atomically
from paperkg.graph.views import view


class Writer(Protocol):
    """Writes an export of `graph` to `path`; a spliced one (see `splice`) copies unchanged blocks from
    `reuse`'s file and returns its index. `fingerprints` are `graph`'s, made once for all its exports."""

    def __call__(self, graph: nx.DiGraph, path: Path, reuse: Reuse | None = None,
                 fingerprints: Mapping[str, bytes] | None = None) -> Index | None: ...


def of_view(name: str, writer: Writer) -> Writer:
    """A writer of the derived view `name` (see `paperkg.graph.views`) instead of the whole graph; the
    view's fingerprints are made from the graph's (`splice.of_view`)."""
    def write(graph: nx.DiGraph, path: Path, reuse: Reuse | None = None,
              fingerprints: Mapping[str, bytes] | None = None) -> Index | None:
        derived = view(graph, name)
        made = splice.of_view(derived, graph, splice.fingerprints(graph) if fingerprints is None else fingerprints)
        return writer(derived, path, reuse, made)
    return write


def whole(writer: Callable[[nx.DiGraph, Path], object]) -> Writer:
    """A writer of a file made whole every time, as the HTML page (small at any scale: it shows a cap)."""
    def write(graph: nx.DiGraph, path: Path, reuse: Reuse | None = None,
              fingerprints: Mapping[str, bytes] | None = None) -> None:
        writer(graph, path)
    return write


#: File name → writer, in the order they are written.
EXPORTS: dict[str, Writer] = {
    "graph.ttl": write_rdf,
    "graph.nt": write_rdf,
    "graph.jsonld": write_rdf,
    "graph.graphml": write_graphml,
    "graph.gexf": write_gexf,
    "coauthors.graphml": of_view("coauthors", write_graphml),
    "concepts.graphml": of_view("concepts", write_graphml),
    "graph.html": whole(write_html),
}


def _give_back_freed_memory() -> None:
    """Hand the memory a file's text took, now freed, back to the system: the C library keeps freed blocks for
    reuse (a GraphML file's ≈ 130 MB of text, in a full build), which counts against the build's peak while
    the other writing processes run. Where the C library is not glibc, nothing is done."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def write_all(graph: nx.DiGraph, out: Path, progress: Callable[[str], None] = lambda name: None,
              writers: dict[str, Writer] | None = None, jobs: int = 1,
              prepare: Callable[[nx.DiGraph], object] = lambda graph: None,
              indexes: Mapping[str, Index] | None = None,
              beside_rdf: Callable[[], object] = lambda: None) -> dict[str, Index | None]:
    """Write every export of `graph` into `out` (`writers` replaces some of `EXPORTS`' writers, e.g. one
    configured with options); return each file's index (None for one not spliced). `prepare(graph)` runs
    before the exports other than the RDF are written: what only they need, such as the layouts. Where
    `indexes` (those of the files in `out`, from the last build) have it, unchanged blocks are copied.
    `beside_rdf()` runs once the RDF files are written (while they are synced to disk), in the process that
    wrote them, which has the least to do: other work of the build that needs no layout (its state's draft).

    The RDF files are written together, in one pass over the statements. With `jobs` > 1 a forked process
    writes them while this one prepares the others; then another forked process writes the GraphML and GEXF
    files of the graph itself while this one writes the views' files and the page (the files are the same
    either way). The second process starts once the views are laid out too: started before, it shared a
    core with the RDF process while this one laid them out, and the two ended last.
    """
    out.mkdir(parents=True, exist_ok=True)
    chosen = {**EXPORTS, **(writers or {})}
    rdf = [name for name, writer in chosen.items() if writer is write_rdf]
    others = [name for name in chosen if name not in rdf]
    of_the_graph = [name for name in others if chosen[name] in (write_graphml, write_gexf)]
    indexes = indexes or {}

    def reuse(name: str) -> Reuse | None:
        return Reuse.of(out / name, indexes.get(name))

    fork = jobs > 1  # a forked process reports no progress: the display is this one's
    # The RDF writer makes the graph's fingerprints first; the GraphML/GEXF writer, which starts once the graph
    # is laid out, makes good those (`splice.refreshed`) instead of making them again.
    early: Early[dict[str, bytes]] | None = Early() if fork and rdf and of_the_graph else None
    made: list[dict[str, bytes]] = []

    def write_rdf_group() -> list[Index]:
        written: list[Index] = []
        with Commits() as commits:  # `beside_rdf` runs while the files are synced to disk
            if rdf:
                fingerprints = splice.fingerprints(graph)
                made.append(fingerprints)
                if early:
                    early.send(fingerprints)
                write_all_atomically([out / name for name in rdf], lambda paths: written.extend(
                    write_rdf_files(graph, paths, [reuse(name) for name in rdf], fingerprints)[1]), commits)
            beside_rdf()
        return written

    def write(names: list[str], fingerprints: Mapping[str, bytes] | None = None,
              report: Callable[[str], None] = progress) -> dict[str, Index | None]:
        written: dict[str, Index | None] = {}
        with Commits() as commits:  # each file synced to disk while the next is written
            for name in names:
                report(name)
                write_atomically(out / name, lambda path, name=name: written.__setitem__(
                    name, chosen[name](graph, path, reuse(name), fingerprints)), commits)
                _give_back_freed_memory()
        return written

    def write_of_the_graph(before: Mapping[str, bytes]) -> dict[str, Index | None]:
        # After `prepare` (the drawn exports hold the layout), once for the files sharing them; made good
        # either way, so that their indexes match whether or not the RDF was written beside.
        fingerprints = splice.refreshed(before, graph) if of_the_graph else None
        return write(of_the_graph, fingerprints, report=lambda name: None if fork else progress(name))

    if rdf:
        progress(rdf[0])
    with beside(write_rdf_group, f"writing {', '.join(rdf)} into {out}", fork=fork and bool(rdf),
                yielding=True) as rdf_indexes:
        if early:
            early.listen()
        prepare(graph)
        before = early.get() if early else made[0] if made else None
        if before is None:  # no RDF was written, or its process failed before sending: made here, once for all
            before = splice.fingerprints(graph)
        if fork and of_the_graph:
            progress(of_the_graph[0])
        with beside(lambda: write_of_the_graph(before), f"writing {', '.join(of_the_graph)} into {out}",
                    fork=fork and bool(of_the_graph), yielding=True) as of_the_graph_indexes:
            written = write([name for name in others if name not in of_the_graph], before)
            written |= of_the_graph_indexes() | dict(zip(rdf, rdf_indexes(), strict=True))
    return {name: written[name] for name in chosen}
