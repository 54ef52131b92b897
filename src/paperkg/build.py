"""One build, end to end: ingest → extract → resolve → graph → export, with a report of what happened.

The build holds the output folder's lock throughout, and writes `report.json` there (atomically, like the
exports): every problem as file, line and reason, the duplicates merged, and the counts.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from paperkg import __version__, extract, ingest
from paperkg.export import EXPORTS, locked, write_all, write_atomically
from paperkg.export.html import DEFAULT_MAX_NODES, write_html
from paperkg.graph import DEFAULT_BASE
from paperkg.graph import build as build_graph
from paperkg.ingest import FileRead, Merge
from paperkg.model import Paper, Problem
from paperkg.resolve import resolve

Progress = Callable[[str, int, int], None]  # (stage, done, total)
REPORT = "report.json"


@dataclass
class Summary:
    """What a build read, found and wrote."""

    papers: int = 0
    nodes: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    #: Paper records read, before duplicates were merged into `papers`.
    records: int = 0
    merges: list[Merge] = field(default_factory=list)
    inputs: list[FileRead] = field(default_factory=list)
    #: True when `strict` stopped the build at its first problem (nothing was exported).
    stopped: bool = False
    report: Path | None = None

    @property
    def exit_code(self) -> int:
        """0: every record kept; 2: some skipped (or `strict` stopped at one); 1: nothing usable read."""
        if self.stopped:
            return 2
        if not self.papers:
            return 1
        return 2 if self.problems else 0

    @property
    def merged(self) -> int:
        """Records merged into another record of the same paper."""
        return sum(len(merge.duplicates) for merge in self.merges)


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
        pipeline: str = "default", jobs: int = 1, strict: bool = False,
        progress: Progress = lambda stage, done, total: None, html_max_nodes: int = DEFAULT_MAX_NODES) -> Summary:
    """Build the knowledge graph of `inputs` and write every export and the report into `out`; the HTML view
    shows at most `html_max_nodes` nodes of each view (the most connected).

    Raises `paperkg.export.Locked` when another build is writing into `out`.
    """
    started = time.perf_counter()
    with locked(out):
        summary = _run(inputs, out, fmt=fmt, base=base, pipeline=pipeline, jobs=jobs, strict=strict,
                       progress=progress, html_max_nodes=html_max_nodes)
        summary.report = out / REPORT
        write_atomically(summary.report, lambda path: path.write_text(
            json.dumps(report(summary), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"))
    summary.seconds = time.perf_counter() - started
    return summary


def _run(inputs: Sequence[Path], out: Path, *, fmt: str | None, base: str, pipeline: str, jobs: int,
         strict: bool, progress: Progress, html_max_nodes: int) -> Summary:
    reading = ingest.read(inputs, fmt, strict=strict)
    summary = Summary(papers=len(reading.papers), problems=reading.problems, records=reading.records,
                      merges=reading.merges, inputs=reading.inputs, stopped=reading.stopped)
    progress("read", summary.papers, summary.papers)
    if not reading.papers or reading.stopped:
        return summary
    # Sorted by identity, so nothing downstream can depend on the order the inputs came in.
    papers = sorted(reading.papers, key=lambda paper: paper.key)

    graph = knowledge_graph(papers, base=base, pipeline=pipeline, jobs=jobs, progress=progress)
    summary.nodes = Counter(data["kind"] for _, data in graph.nodes(data=True))
    summary.links = Counter(data["relation"] for _, _, data in graph.edges(data=True))
    names = list(EXPORTS)
    html = {"graph.html": lambda graph, path: write_html(graph, path, max_nodes=html_max_nodes)}
    summary.files = write_all(graph, out, lambda name: progress("write", names.index(name), len(names)), html)
    return summary


def report(summary: Summary) -> dict:
    """The machine-readable account of a build: no times or dates, and files, problems and duplicates in
    sorted order, so the same inputs give the same report in whatever order they are named."""
    inputs = sorted(summary.inputs, key=lambda item: item.path)
    problems = sorted(summary.problems, key=lambda problem: (problem.source.file, problem.source.line))
    merges = sorted(summary.merges, key=lambda merge: (merge.kept.file, merge.kept.line))
    return {
        "paperkg": __version__,
        "exit_code": summary.exit_code,
        "exports_written": bool(summary.files),
        "stopped_at_first_problem": summary.stopped,
        "counts": {"files": len(summary.inputs), "records": summary.records, "papers": summary.papers,
                   "merged": summary.merged, "problems": len(summary.problems)},
        "files": [{"file": item.path, "format": item.format, "encoding": item.encoding, "records": item.records,
                   "problems": item.problems} for item in inputs],
        "problems": [{"file": problem.source.file, "line": problem.source.line, "reason": problem.reason}
                     for problem in problems],
        "duplicates": [{"kept": str(merge.kept), "merged": [str(source) for source in merge.duplicates],
                        "reasons": list(merge.reasons)} for merge in merges],
    }
