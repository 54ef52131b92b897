"""Spliced exports: a rewrite copies unchanged blocks from the file it replaces, and gives the bytes a write
from scratch gives."""

from __future__ import annotations

import copy
import os
import pickle
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from graphs import tiny_graph

from paperkg.export import EXPORTS, write_all
from paperkg.export.rdf import write_rdf_files
from paperkg.export.splice import (
    BlockWriter,
    Index,
    Reuse,
    edge_block,
    fingerprints,
    identity,
    of_view,
    refreshed,
    runs,
)
from paperkg.graph import Pins, lay_out_all
from paperkg.model import CONCEPT_KINDS, Evidence, Kind, Relation


def _write(path: Path, blocks: dict[str, str], reuse: Reuse | None = None) -> tuple[Index, list[str]]:
    """A file of a head, `blocks` (key → text, the text standing for its fingerprint) and a tail, unchanged
    blocks copied in runs; the keys whose text was made rather than copied."""
    made: list[str] = []
    writer = BlockWriter(path, reuse)
    writer.write("head\n")
    keys = list(blocks)
    fingerprints = [text.encode().ljust(16)[:16] for text in blocks.values()]
    old = writer.unchanged(keys, fingerprints)
    for run, at in runs(old):
        if run:
            writer.copied(keys[run], old[run])
        if at is not None:
            made.append(keys[at])
            writer.made(keys[at], fingerprints[at], blocks[keys[at]], len(blocks[keys[at]]))
    writer.write("tail\n")
    return writer.close(), made


def test_unchanged_blocks_are_copied_and_the_bytes_are_those_of_a_fresh_write(tmp_path: Path) -> None:
    old, made = _write(tmp_path / "old", {"a": "alpha\n", "b": "beta\n", "c": "gamma\n", "d": "delta\n"})
    assert made == ["a", "b", "c", "d"]
    blocks = {"a": "alpha\n", "b": "BETA, changed\n", "bb": "new\n", "c": "gamma\n", "d": "delta\n"}
    index, made = _write(tmp_path / "new", blocks, Reuse.of(tmp_path / "old", old))
    assert made == ["b", "bb"]
    _write(tmp_path / "fresh", blocks)
    assert (tmp_path / "new").read_bytes() == (tmp_path / "fresh").read_bytes()
    assert (tmp_path / "new").read_bytes() == b"head\nalpha\nBETA, changed\nnew\ngamma\ndelta\ntail\n"
    assert index.blocks["c"][1:] == (len("head\nalpha\nBETA, changed\nnew\n"), 6, 6)  # offset, length, extra
    # Blocks copied in one run though the old file has them apart (the block between them is gone): the
    # same bytes and the same index as a fresh write's.
    del blocks["bb"]
    newer, made = _write(tmp_path / "newer", blocks, Reuse.of(tmp_path / "new", index))
    assert made == [] and (tmp_path / "newer").read_bytes() == b"head\nalpha\nBETA, changed\ngamma\ndelta\ntail\n"
    assert dict(newer.blocks) == dict(_write(tmp_path / "fresh", blocks)[0].blocks)


def test_runs_of_blocks_to_copy_between_blocks_to_make() -> None:
    assert list(runs(np.array([3, 4, -1, -1, 7]))) == [(slice(0, 2), 2), (None, 3), (slice(4, 5), None)]
    assert list(runs(np.array([-1]))) == [(None, 0), (None, None)]
    assert list(runs(np.array([], dtype=np.int64))) == [(None, None)]


def test_rdf_files_are_copied_from_where_each_can_be(seed_graph: nx.DiGraph, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The three RDF files are written in one pass: where one of them cannot copy a block the others can
    (its old file is gone), it makes the block and they still copy theirs, and all have a fresh write's bytes."""
    names = ["graph.ttl", "graph.nt", "graph.jsonld"]
    for folder in ("old", "new", "fresh"):
        (tmp_path / folder).mkdir()
    _, indexes = write_rdf_files(seed_graph, [tmp_path / "old" / name for name in names])
    changed = _changed(seed_graph)
    reuse = [Reuse.of(tmp_path / "old" / name, index) for name, index in zip(names, indexes, strict=True)]
    reuse[1] = None
    copied = []
    copy_file_range = os.copy_file_range
    monkeypatch.setattr(os, "copy_file_range", lambda *args: copied.append(copy_file_range(*args)) or copied[-1])
    count, _ = write_rdf_files(changed, [tmp_path / "new" / name for name in names], reuse)
    assert count == write_rdf_files(changed, [tmp_path / "fresh" / name for name in names])[0]
    for name in names:
        assert (tmp_path / "new" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    copyable = (tmp_path / "new" / "graph.ttl").stat().st_size + (tmp_path / "new" / "graph.jsonld").stat().st_size
    assert sum(copied) > 0.9 * copyable  # nearly all of the two files that could copy


def test_a_file_that_is_not_the_indexed_one_is_not_copied_from(tmp_path: Path) -> None:
    old, _ = _write(tmp_path / "old", {"a": "alpha\n", "b": "beta\n"})
    (tmp_path / "old").write_text("head\nALPHA\nbeta\ntail\n")  # edited by hand: same size, another time
    os.utime(tmp_path / "old", ns=(old.identity[1] + 10**9, old.identity[1] + 10**9))
    assert Reuse.of(tmp_path / "old", old) is None
    assert Reuse.of(tmp_path / "missing", old) is None
    assert Reuse.of(tmp_path / "old", None) is None
    _write(tmp_path / "other", {"a": "alpha\n"})
    written_by_other_code = Index(old.blocks, identity(tmp_path / "other"), writers="another version")
    assert Reuse.of(tmp_path / "other", written_by_other_code) is None


def test_an_index_survives_its_compact_form(tmp_path: Path) -> None:
    index = Index({"paper/a": (b"f" * 16, 10, 20, frozenset({"label", "x"})), "author/é": (b"g" * 16, 30, 5, 7),
                   "method/b": (b"h" * 16, 35, 1, frozenset({"label", "x"}))}, (123, 456), "abc")
    assert Index.from_bytes(index.to_bytes()) == index
    assert Index.from_bytes(Index().to_bytes()) == Index()
    sent = pickle.loads(pickle.dumps(index))  # as a forked writer sends it back: in the compact form
    assert sent == index and sent.to_bytes() == index.to_bytes()
    assert dict(sent.blocks) == dict(index.blocks) and sent.blocks["author/é"] == (b"g" * 16, 30, 5, 7)


def test_a_fingerprint_changes_with_what_its_blocks_are_made_of() -> None:
    graph = tiny_graph()
    before = fingerprints(graph)
    assert fingerprints(copy.deepcopy(graph)) == before
    changed = copy.deepcopy(graph)
    concept = next(node for node, data in graph.nodes(data=True) if data["kind"] == Kind.DATASET)
    changed.nodes[concept]["label"] = "ImageNet-1k"
    after = fingerprints(changed)
    assert {node for node in graph if after[node] != before[node]} == {concept}
    # A new link of the paper: the paper (its edges) and the concept whose usedFor link cites the paper's
    # mentions (whether it describes them depends on the paper's links) change; the others do not.
    paper = next(node for node, data in graph.nodes(data=True) if data["kind"] == Kind.PAPER)
    linked = copy.deepcopy(graph)
    evidence = Evidence(paper=paper.removeprefix("paper/"), field="abstract", sentence_index=0, sentence="s",
                        start=0, end=1, text="s")
    linked.add_node("method/bar", kind=Kind.METHOD, label="Bar")
    linked.add_edge(paper, "method/bar", relation=Relation.USES, evidence=(evidence,))
    after = fingerprints(linked)
    citing = {node for node in graph for _, _, data in graph.out_edges(node, data=True)
              if node != paper and data.get("evidence")}
    assert citing and {node for node in graph if after[node] != before[node]} == {paper} | citing
    moved = copy.deepcopy(graph)
    moved.graph["base"] = "https://example.org/other/"
    assert not set(fingerprints(moved).values()) & set(before.values())


def test_fingerprints_made_good_after_a_layout_are_as_good_as_made_again() -> None:
    """`refreshed` (what the GraphML/GEXF process makes of the RDF process's fingerprints once the graph is
    laid out) changes where the nodes' or the graph's attributes did, as fingerprints made again would."""
    graph = tiny_graph()
    before = fingerprints(graph)
    laid_out = copy.deepcopy(graph)
    lay_out_all(laid_out)
    again = refreshed(before, laid_out)
    assert again == refreshed(before, copy.deepcopy(laid_out)) and set(again) == set(laid_out)
    assert not set(again.values()) & set(before.values())  # every node has a place now
    moved = copy.deepcopy(laid_out)
    node = sorted(moved)[3]
    moved.nodes[node]["x"] += 1.0
    assert {n for n, fingerprint in refreshed(before, moved).items() if fingerprint != again[n]} == {node}
    moved.graph["base"] = "https://example.org/other/"
    assert not set(refreshed(before, moved).values()) & set(again.values())


def test_a_views_fingerprints_made_from_the_graphs_change_wherever_its_blocks_do(seed_graph: nx.DiGraph) -> None:
    """`of_view` hashes a view node's attributes with the fingerprints of what links to it in the graph, not
    its edges in the view: still, every node whose blocks in the view change gets a new fingerprint."""
    graph = copy.deepcopy(seed_graph)
    changed = _changed(graph)
    new = "paper/zz-new"  # now also using the concept that co-occurs most with the method it uses
    method = next(target for target in changed.succ[new] if changed.nodes[target]["kind"] == Kind.METHOD)
    partner = max(sorted(graph.graph["views"]["concepts"].adj[method].items()), key=lambda item: item[1]["weight"])[0]
    changed.add_edge(new, partner, relation=Relation.USES, evidence=changed.edges[new, method]["evidence"])
    for linked in changed.succ[new]:  # as the graph stage counts them
        changed.nodes[linked]["papers"] += 1
    # A paper that links the concepts `first` and `dropped` links `added` instead: `first` co-occurs with
    # other concepts now, while its attributes (its paper count among them) stay as they were.
    concepts = {node for node, kind in graph.nodes(data="kind") if kind in CONCEPT_KINDS}
    paper, first, dropped = next((paper, *sorted(linked)[:2]) for paper in sorted(graph) if paper.startswith("paper/")
                                 and len(linked := concepts & set(graph.succ[paper])) >= 2)
    added = min(node for node in concepts - set(graph.succ[paper]) if node > first)
    changed.add_edge(paper, added, **changed.edges[paper, dropped])
    changed.remove_edge(paper, dropped)
    changed.nodes[dropped]["papers"] -= 1
    changed.nodes[added]["papers"] += 1
    laid_out = {"graph": {node: (data["x"], data["y"]) for node, data in graph.nodes(data=True)}} | {
        name: {node: (data["x"], data["y"]) for node, data in derived.nodes(data=True)}
        for name, derived in graph.graph["views"].items()}
    lay_out_all(changed, Pins(positions=laid_out))
    for name, before in graph.graph["views"].items():
        after = changed.graph["views"][name]

        def blocks(view: nx.Graph, node: str) -> tuple:  # what a node's blocks in an export are made from
            return view.nodes[node], edge_block(node, view.adj[node], directed=False)

        old, now = of_view(before, graph, fingerprints(graph)), of_view(after, changed, fingerprints(changed))
        kept = [node for node in before if node in after]
        assert kept and now == of_view(after, copy.deepcopy(changed), fingerprints(changed))
        moved = {node for node in kept if blocks(before, node) != blocks(after, node)}
        assert moved, name  # the change reaches both views
        assert name != "concepts" or (first in moved and before.nodes[first] == after.nodes[first])
        assert moved <= {node for node in kept if old[node] != now[node]}, name
        assert any(old[node] == now[node] for node in kept), name  # and the rest is copied


def _changed(graph: nx.DiGraph) -> nx.DiGraph:
    """`graph` with a paper retitled, a concept relabelled and a new paper by one of its authors that uses
    one of its methods: changes that touch blocks in the middle of every export."""
    graph = copy.deepcopy(graph)
    papers = sorted(node for node, kind in graph.nodes(data="kind") if kind == Kind.PAPER)
    methods = sorted(node for node, kind in graph.nodes(data="kind") if kind == Kind.METHOD)
    graph.nodes[papers[len(papers) // 2]]["title"] = "A retitled paper"
    graph.nodes[methods[len(methods) // 2]]["label"] = "a relabelled method"
    template = graph.nodes[papers[0]]
    new = "paper/zz-new"
    graph.add_node(new, **{**template, "title": "A new paper"})
    author = next(target for _, target, data in graph.out_edges(papers[0], data=True)
                  if data["relation"] == Relation.CREATOR)
    graph.add_edge(new, author, relation=Relation.CREATOR, position=1)
    evidence = Evidence(paper="zz-new", field="title", sentence_index=0, sentence="A new paper", start=0,
                        end=5, text="A new")
    graph.add_edge(new, methods[0], relation=Relation.USES, evidence=(evidence,))
    return graph


def test_a_fingerprint_does_not_depend_on_how_equal_values_are_shared() -> None:
    # A fresh build and an update make equal strings in different ways: one object used twice, or two.
    def spelled() -> str:
        return "".join(["graph ", "neural network"])

    once, twice = nx.DiGraph(), nx.DiGraph()
    name = spelled()
    once.add_node("method/gnn", label=name, alt_labels=(name,))
    twice.add_node("method/gnn", label=spelled(), alt_labels=(spelled(),))
    assert fingerprints(once) == fingerprints(twice)
    twice.nodes["method/gnn"]["alt_labels"] = ("GNN",)
    assert fingerprints(once) != fingerprints(twice)


@pytest.mark.parametrize("jobs", [1, 2])
def test_work_beside_the_rdf_runs_in_the_process_that_writes_it(seed_graph: nx.DiGraph, tmp_path: Path,
                                                                jobs: int) -> None:
    """`write_all(beside_rdf=)` runs once the RDF files are written, in their process: forked with jobs=2."""
    graph = copy.deepcopy(seed_graph)
    out = tmp_path / "out"

    def beside_rdf() -> None:
        (tmp_path / "pid").write_text(str(os.getpid()), encoding="utf-8")

    write_all(graph, out, jobs=jobs, beside_rdf=beside_rdf)
    assert (int((tmp_path / "pid").read_text(encoding="utf-8")) == os.getpid()) is (jobs == 1)
    assert all((out / name).is_file() for name in EXPORTS) and not list(out.glob(".tmp*"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_rewriting_every_export_with_the_last_indexes_gives_a_fresh_writes_bytes(
        seed_graph: nx.DiGraph, tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = copy.deepcopy(seed_graph)
    graph.graph.pop("views", None)
    indexes = write_all(graph, tmp_path / "out", jobs=jobs, prepare=lambda graph: lay_out_all(graph))
    assert set(indexes) == set(EXPORTS) and indexes["graph.html"] is None
    changed = _changed(graph)
    positions = {"graph": {node: (data["x"], data["y"]) for node, data in graph.nodes(data=True)}}

    def prepare(graph: nx.DiGraph) -> None:
        lay_out_all(graph, Pins({}, {}, positions))

    copied = []  # bytes copied, seen in this process only: with jobs=2 a forked one writes the RDF files
    copy_file_range = os.copy_file_range

    def counted(*args: int) -> int:
        copied.append(copy_file_range(*args))
        return copied[-1]

    monkeypatch.setattr(os, "copy_file_range", counted)
    write_all(copy.deepcopy(changed), tmp_path / "out", jobs=jobs, prepare=prepare, indexes=indexes)
    assert sum(copied) > (tmp_path / "out" / "graph.graphml").stat().st_size * (3 if jobs == 1 else 1)
    write_all(copy.deepcopy(changed), tmp_path / "fresh", jobs=jobs, prepare=prepare)
    for name in EXPORTS:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
