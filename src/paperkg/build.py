"""One build, end to end: ingest → extract → resolve → graph → export, with a report of what happened."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from paperkg import extract, ingest
from paperkg.export import EXPORTS, write_all
from paperkg.export.html import DEFAULT_MAX_NODES, write_html
from paperkg.graph import DEFAULT_BASE
from paperkg.graph import build as build_graph
from paperkg.model import Paper, Problem
from paperkg.resolve import resolve

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Summary:
    """What a build read, found and wrote."""

    papers: int = 0
    nodes: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0: every record kept; 2: some skipped; 1: nothing usable read."""
        if not self.papers:
            return 1
        return 2 if self.problems else 0


def knowledge_graph(papers: Sequence[Paper], *, base: str = DEFAULT_BASE, pipeline: str = "default",
                    jobs: int = 1, progress: Progress = lambda stage, done, total: None,
                    layout: bool = True) -> nx.DiGraph:
    """Extract, resolve and build: the knowledge graph of `papers`."""
    nlp = extract.load(pipeline)
    mentions = []
    for paper_mentions in extract.paper_mentions(nlp, papers, n_process=jobs):
        mentions.append(paper_mentions)
        progress("extract", len(mentions), len(papers))
    resolution = resolve(papers, mentions)
    progress("resolve", 1, 1)
    graph = build_graph(papers, resolution, base=base, layout=layout)
    graph.graph["extractor"] = f"{nlp.meta['name']} {nlp.meta['version']}"
    progress("graph", 1, 1)
    return graph


def run(inputs: Sequence[Path], out: Path, *, fmt: str | None = None, base: str = DEFAULT_BASE,
        pipeline: str = "default", jobs: int = 1, progress: Progress = lambda stage, done, total: None,
        html_max_nodes: int = DEFAULT_MAX_NODES) -> Summary:
    """Build the knowledge graph of `inputs` and write every export into `out`; the HTML view shows at
    most `html_max_nodes` nodes of each view (the most connected)."""
    started = time.perf_counter()
    summary = Summary()
    reading = ingest.read(inputs, fmt)
    summary.problems = reading.problems
    summary.papers = len(reading.papers)
    progress("read", summary.papers, summary.papers)
    if not reading.papers:
        summary.seconds = time.perf_counter() - started
        return summary

    graph = knowledge_graph(reading.papers, base=base, pipeline=pipeline, jobs=jobs, progress=progress)
    summary.nodes = Counter(data["kind"] for _, data in graph.nodes(data=True))
    summary.links = Counter(data["relation"] for _, _, data in graph.edges(data=True))
    names = list(EXPORTS)
    html = {"graph.html": lambda graph, path: write_html(graph, path, max_nodes=html_max_nodes)}
    summary.files = write_all(graph, out, lambda name: progress("write", names.index(name), len(names)), html)
    summary.seconds = time.perf_counter() - started
    return summary
