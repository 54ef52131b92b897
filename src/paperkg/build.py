"""One build, end to end: ingest → extract → resolve → graph → export, with a report of what happened.

The build holds the output folder's lock throughout, and writes `report.json` there (atomically, like the
exports): every problem as file, line and reason, the duplicates merged, and the counts.

The graph's and the exporters' modules (networkx, numpy, rdflib, jinja2: a third of a second) are imported
where they are first needed: after an update has forked the process that extracts its new papers, which
starts loading its pipeline that much sooner.
"""

from __future__ import annotations

import gc
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paperkg import __version__, extract, ingest, state
from paperkg.beside import beside
from paperkg.files import locked, write_atomically
from paperkg.ingest import FileRead, Merge
from paperkg.model import DEFAULT_BASE, Mention, Paper, Problem, Relation
from paperkg.resolve import Prepared, prepare, resolve
from paperkg.resolve import fingerprint as resolve_fingerprint

if TYPE_CHECKING:
    import networkx as nx

    from paperkg.export.splice import Index
    from paperkg.graph import Pins

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
    #: Papers extracted in this run (with --update, only the new and changed ones).
    extracted: int = 0

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
                    layout: bool = True, engine: str = "local") -> nx.DiGraph:
    """Extract, resolve and build: the knowledge graph of `papers`."""
    extractor, mentions = extract_all(papers, pipeline=pipeline, jobs=jobs, engine=engine, progress=progress)
    return resolve_and_build(papers, mentions, extractor, base=base, layout=layout, progress=progress, jobs=jobs)


def extract_all(papers: Sequence[Paper], *, pipeline: str = "default", jobs: int = 1, engine: str = "local",
                progress: Progress = lambda stage, done, total: None,
                known: Mapping[str, list[Mention]] | None = None,
                collect: bool = True) -> tuple[str, list[list[Mention]]]:
    """The extractor's name and the mentions of each paper: from `known` (paper key → mentions) where
    given, else extracted (`jobs` processes, or `engine` "dask" on `jobs` local workers or a cluster).
    `collect`: free the loaded pipeline (it holds reference cycles) before returning; a process that ends
    once it has answered need not."""
    known = known or {}
    todo = [paper for paper in papers if paper.key not in known]
    found: dict[str, list[Mention]] = {}
    if todo:
        progress("extract", 0, len(todo))
    if todo and engine == "dask":
        from paperkg.extract.distributed import dask_paper_mentions

        for paper, mentions in zip(todo, dask_paper_mentions(todo, pipeline, workers=jobs,
                                                             progress=lambda done: progress(
                                                                 "extract", done, len(todo))), strict=True):
            found[paper.key] = mentions
    elif todo:
        nlp = extract.load(pipeline)
        for paper, mentions in zip(todo, extract.paper_mentions(nlp, todo, n_process=jobs), strict=True):
            found[paper.key] = mentions
            progress("extract", len(found), len(todo))
        del nlp
        if collect:  # freed now, for the stages after pause the collector
            gc.collect()
    return extract.describe(pipeline), [known[paper.key] if paper.key in known else found[paper.key]
                                        for paper in papers]


def resolve_and_build(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]], extractor: str, *,
                      base: str = DEFAULT_BASE, layout: bool = True, pins: Pins | None = None,
                      progress: Progress = lambda stage, done, total: None, jobs: int = 1,
                      prepared: Mapping[str, Prepared] | None = None) -> nx.DiGraph:
    """Resolve the mentions (on `jobs` processes: two at most; `prepared` as `resolve` takes it) and build
    the graph (keeping `pins`' ids and positions)."""
    from paperkg.graph import build as build_graph

    resolution = resolve(papers, mentions, jobs=jobs, prepared=prepared)
    progress("resolve", 1, 1)
    graph = build_graph(papers, resolution, base=base, layout=layout, pins=pins)
    graph.graph["extractor"] = extractor
    progress("graph", 1, 1)
    return graph


def run(inputs: Sequence[Path], out: Path, *, fmt: str | None = None, base: str = DEFAULT_BASE,
        pipeline: str = "default", jobs: int = 1, strict: bool = False,
        progress: Progress = lambda stage, done, total: None, html_max_nodes: int | None = None,
        update: bool = False, engine: str = "local") -> Summary:
    """Build the knowledge graph of `inputs` and write every export and the report into `out`; the HTML view
    shows at most `html_max_nodes` nodes of each view (the most connected; None: the page's default).

    With `update`, the papers of `inputs` are added to the build already in `out` (a paper with the key of
    one there replaces it): only papers whose title or abstract are new are extracted, and the ids and
    positions of the nodes already there are kept (see `paperkg.state`).

    Raises `paperkg.files.Locked` when another build is writing into `out`, `paperkg.state.StateError`
    when `update` finds no usable state there.
    """
    started = time.perf_counter()
    with locked(out):
        summary = _run(inputs, out, fmt=fmt, base=base, pipeline=pipeline, jobs=jobs, strict=strict,
                       progress=progress, html_max_nodes=html_max_nodes, update=update, engine=engine)
        summary.report = out / REPORT
        write_atomically(summary.report, lambda path: path.write_text(
            json.dumps(report(summary), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"))
    summary.seconds = time.perf_counter() - started
    return summary


def _run(inputs: Sequence[Path], out: Path, *, fmt: str | None, base: str, pipeline: str, jobs: int,
         strict: bool, progress: Progress, html_max_nodes: int | None, update: bool, engine: str) -> Summary:
    extractor_id = extract.fingerprint(pipeline)  # hashes the pipeline's files: once per build
    resolver_id = resolve_fingerprint()
    # Raises StateError at once when there is no state to update; else which papers it has mentions of.
    extracted_before = state.extracted(out, extractor_id) if update else {}
    with collector_paused():  # (see there) not around extraction: spaCy's objects do hold cycles
        reading = ingest.read(inputs, fmt, strict=strict)
    summary = Summary(papers=len(reading.papers), problems=reading.problems, records=reading.records,
                      merges=reading.merges, inputs=reading.inputs, stopped=reading.stopped)
    progress("read", summary.papers, summary.papers)
    if reading.stopped:
        return summary
    # Paper key → hash of the text extraction reads: of every paper read here (the state's own papers join
    # it as the state has them), made once for choosing what to extract and for saving the state.
    hashes = {paper.key: state.text_hash(paper) for paper in reading.papers}
    new = [paper for paper in reading.papers if extracted_before.get(paper.key) != hashes[paper.key]]
    # An update extracts its new papers in a forked process (on every core once the pipeline is loaded)
    # while this one loads the state.
    fork = update and jobs > 1 and engine == "local" and bool(new)
    known: dict[str, list[Mention]] = {}
    kept: dict[str, str] = {}  # paper key → what the state has prepared of it for resolution, as text
    prepared: dict[str, Prepared] = {}  # and read back
    pins = None
    papers = reading.papers
    with beside(lambda: extract_all(new, pipeline=pipeline, jobs=jobs, engine=engine,
                                    progress=(lambda *_: None) if fork else progress, collect=not fork)[1],
                "extracting the new papers", fork=fork) as extracted:
        from paperkg.export import EXPORTS, whole, write_all  # now (see the module's docstring)
        from paperkg.export.html import DEFAULT_MAX_NODES, write_html
        from paperkg.graph import Pins, lay_out_all

        with collector_paused():
            previous = state.load(out) if update else None
            if previous is not None:
                if previous.meta.get("base", base) != base:
                    raise state.StateError(f"{out}: built with --base {previous.meta['base']}, not {base}: IRIs "
                                           "would change; build again without --update")
                by_key = {key: paper for key, (_, paper, _, _) in previous.papers.items()}
                by_key.update((paper.key, paper) for paper in reading.papers)
                papers = list(by_key.values())
                summary.papers = len(papers)
                hashes = {key: digest for key, (digest, _, _, _) in previous.papers.items()} | hashes
                # The mentions the state has from this pipeline, of papers whose text did not change.
                known = {key: mentions for key, (digest, _, mentions, _) in previous.papers.items()
                         if extracted_before.get(key) == digest == hashes[key]}
                if previous.meta.get("resolver") == resolver_id:  # and of those not read again, what it prepared
                    kept = {key: previous.papers[key][3] for key in known if by_key[key] is previous.papers[key][1]}
                prepared = {key: state.read_prepared(text, known[key]) for key, text in kept.items()}
                pins = Pins(concepts=previous.concept_ids, authors=previous.author_ids,
                            positions=previous.positions)
        # Sorted by identity, so nothing downstream can depend on the order the inputs came in (while the
        # new papers are extracted).
        papers = sorted(papers, key=lambda paper: paper.key)
        found = dict(zip([paper.key for paper in new], extracted(), strict=True))
    if not reading.papers and previous is None:
        return summary
    # What is left: papers the state has mentions of from another pipeline.
    extractor, mentions = extract_all(papers, pipeline=pipeline, jobs=jobs, engine=engine, progress=progress,
                                      known=known | found)
    summary.extracted = len(papers) - len(known)
    progress("extract", summary.extracted, summary.extracted)  # however many processes it took
    with collector_paused():
        ready = {paper.key: prepared[paper.key] if paper.key in kept else prepare(paper, found)
                 for paper, found in zip(papers, mentions, strict=True)}
        del prepared
        texts = [kept.get(paper.key) or state.prepared_text(found, ready[paper.key])
                 for paper, found in zip(papers, mentions, strict=True)]
        # Laid out while the RDF is written (see `write_all`): only the drawn exports need the positions.
        graph = resolve_and_build(papers, mentions, extractor, base=base, pins=pins, progress=progress, layout=False,
                                  jobs=jobs, prepared=ready)
        del ready  # ≈ 70 MB at 11.9k papers: freed before the exports fill memory
        summary.nodes = Counter(data["kind"] for _, data in graph.nodes(data=True))
        summary.links = Counter(data["relation"] for _, _, data in graph.edges(data=True))
        names = list(EXPORTS)
        max_nodes = DEFAULT_MAX_NODES if html_max_nodes is None else html_max_nodes
        html = {"graph.html": whole(lambda graph, path: write_html(graph, path, max_nodes=max_nodes))}
        meta = {"extractor": extractor_id, "resolver": resolver_id, "base": base}
        indexes = write_all(graph, out, lambda name: progress("write", names.index(name), len(names)), html,
                            jobs=jobs, prepare=lambda graph: lay_out_all(graph, pins),
                            indexes=previous.indexes if previous else None,
                            beside_rdf=lambda: _draft_state(out, graph, papers, hashes, mentions, texts, previous,
                                                            meta))
        summary.files = [out / name for name in indexes]
        progress("write", len(names), len(names))
        _finish_state(out, graph, previous, indexes)
        progress("state", 1, 1)
    return summary


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block. Reading and, after extraction, resolving,
    building and writing make millions of objects that live until the build ends and hold no cycles
    (reference counting frees the rest); the collector would scan them again and again as they pile up:
    a quarter of the time after extraction. At the end they join the oldest generation (`gc.freeze` then
    `gc.unfreeze`, which moves them there without scanning them), which the collector seldom scans: left
    in the youngest, they were all scanned by its first collection after the block (0.2-0.3 s each time,
    at 11.9k papers)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _draft_state(out: Path, graph: nx.DiGraph, papers: Sequence[Paper], hashes: Mapping[str, str],
                 mentions: Sequence[list[Mention]], prepared: Sequence[str], previous: state.State | None,
                 meta: Mapping[str, str]) -> None:
    """What the next `--update` needs and the layouts do not change (`state.draft`): papers, their text
    `hashes` (by key), mentions and what resolution prepared of them (and in `meta`, the pipeline and the
    resolver they came from), node ids (the earlier ones kept)."""
    concept_ids = dict(previous.concept_ids) if previous else {}
    concept_ids.update((data["key"], node) for node, data in graph.nodes(data=True) if "key" in data)
    author_ids = dict(previous.author_ids) if previous else {}
    author_ids.update(((node[len("paper/"):], data["position"]), author)  # the papers' own edges, not all
                      for node, edges in graph.adjacency() if node.startswith("paper/")
                      for author, data in edges.items() if data["relation"] == Relation.CREATOR)
    state.draft(out, meta, ((paper, hashes[paper.key], found, text)
                            for paper, found, text in zip(papers, mentions, prepared, strict=True)),
                concept_ids, author_ids, previous)


def _finish_state(out: Path, graph: nx.DiGraph, previous: state.State | None,
                  indexes: Mapping[str, Index | None]) -> None:
    """The rest (`state.finish`): the positions of every layout, and where the exports' blocks are."""
    layouts = {"graph": graph} | graph.graph.get("views", {})
    positions = {name: {node: (data["x"], data["y"]) for node, data in laid_out.nodes(data=True)}
                 for name, laid_out in layouts.items()}
    state.finish(out, positions, indexes, previous)


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
