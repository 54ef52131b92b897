"""Safe writes and determinism: exports renamed into place, a SIGKILLed build leaves the previous exports
whole, two builds never write into one folder at once, and shuffled inputs give byte-identical exports."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT
from rdflib import Graph

from paperkg.build import REPORT, run
from paperkg.export import EXPORTS
from paperkg.files import LOCK, Commits, locked, write_atomically

COMMAND = [sys.executable, "-c", "from paperkg.cli import app; app()", "build"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def _small(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return _jsonl(folder / "small.jsonl", [
        {"title": "Dropout for graphs", "author": "Ada Lovelace;Alan Turing", "abstract": "We propose dropout.",
         "keywords": "Theory"},
        {"title": "Adam on ImageNet", "author": "Alan Turing", "abstract": "We use Adam on ImageNet."},
    ])


def _exports(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in (*EXPORTS, REPORT)}


def test_a_build_killed_while_writing_leaves_every_export_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run([_small(tmp_path / "a")], out).exit_code == 0
    before = _exports(out)
    sentence = "We propose a graph neural network with dropout and Adam, evaluated on ImageNet by accuracy. "
    big = _jsonl(tmp_path / "big.jsonl", [{"title": f"Paper {i}", "author": [f"Author {i}", f"Author {i + 1}"],
                                          "abstract": sentence * 300} for i in range(12)])
    build = subprocess.Popen([*COMMAND, str(big), "--out", str(out), "-q"], env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".tmp*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    build.send_signal(signal.SIGKILL)
    assert build.wait(timeout=30) == -signal.SIGKILL, "the build ended before it could be killed mid-write"

    after = _exports(out)
    unchanged = [name for name in after if after[name] == before[name]]
    assert "graph.html" in unchanged and REPORT in unchanged  # written last: the kill came before them
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        graph = Graph().parse(out / name, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name[6:]])
        assert len(graph) > 50
    assert nx.read_graphml(out / "graph.graphml").number_of_nodes() > 5
    assert json.loads(after[REPORT])["exit_code"] == 0

    # The kernel released the dead build's lock; the next build removes its temporary files.
    assert run([_small(tmp_path / "a")], out).exit_code == 0
    assert _exports(out) == before
    assert not list(out.glob(".tmp*"))


def test_a_second_build_into_a_locked_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = _small(tmp_path / "a")
    assert run([small], out).exit_code == 0
    before = _exports(out)
    with locked(out):
        result = subprocess.run([*COMMAND, str(small), "--out", str(out), "-q"], env=ENV, capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 3
    assert "another paperkg build is writing into this folder" in result.stderr and LOCK in result.stderr
    assert _exports(out) == before


def test_two_builds_at_once_one_is_refused_and_the_other_completes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = _small(tmp_path / "a")
    builds = [subprocess.Popen([*COMMAND, str(small), "--out", str(out), "-q"], env=ENV, stderr=subprocess.PIPE,
                               text=True) for _ in range(2)]
    codes = sorted(build.wait(timeout=300) for build in builds)
    for build in builds:
        build.stderr.close()
    assert codes in ([0, 0], [0, 3])  # both at once: one refused; one after the other: both fine
    assert json.loads((out / REPORT).read_text(encoding="utf-8"))["exit_code"] == 0
    assert not list(out.glob(".tmp*"))


RECORDS = [
    {"title": "Dropout for graphs", "author": "Ada Lovelace;Alan Turing", "keywords": "Theory;dropout",
     "abstract": "We propose graph dropout. It beats Adam on ImageNet in accuracy."},
    {"title": "DROPOUT FOR GRAPHS", "author": "alan turing; ada lovelace", "doi": "10.1000/d1"},
    {"title": "Graph dropout", "author": "A. Lovelace", "abstract": "A graph neural network (GNN) with dropout."},
    {"title": "Transformers", "author": ["Ada Lovelace", "ADA LOVELACE"], "keywords": ["Transformer", "theory"],
     "abstract": "We use the Transformer and graph neural networks (GNNs) on ImageNet."},
    {"title": "Same id", "id": "X1", "site": "https://openreview.net/forum?id=X1", "author": "Grace Hopper"},
    {"title": "Same id (camera ready)", "forum": "X1", "author": "Grace Hopper", "abstract": "Longer wins."},
    {"title": "<b>Hostile</b> \x00 \u202e 🧪", "author": "Eve \\ Mallory", "keywords": "<script>x</script>"},
]


def test_shuffled_inputs_give_byte_identical_exports_and_report(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    files = [_jsonl(folder / f"r{index}.jsonl", [record]) for index, record in enumerate(RECORDS)]
    outputs = []
    for seed in (1, 2, 3):
        order = files[:]
        random.Random(seed).shuffle(order)
        out = tmp_path / f"out{seed}"
        summary = run(order, out)
        assert summary.merged == 2 and summary.exit_code == 0
        outputs.append(_exports(out))
    assert outputs[0] == outputs[1] == outputs[2]


def test_shuffled_records_in_one_file_differ_only_in_their_line_numbers(tmp_path: Path) -> None:
    outputs = []
    for seed in (1, 2):
        records = RECORDS[:]
        random.Random(seed).shuffle(records)
        folder, out = tmp_path / f"in{seed}", tmp_path / f"out{seed}"
        folder.mkdir()
        run([_jsonl(folder / "in.jsonl", records)], out)
        lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
        outputs.append([line for line in lines if "ontology#source>" not in line])
    assert outputs[0] == outputs[1]


def test_strict_build_stops_at_the_first_problem_and_writes_no_export(tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = _small(tmp_path / "a")
    assert run([small], out).exit_code == 0
    before = _exports(out)
    bad = tmp_path / "b" / "bad.jsonl"
    bad.parent.mkdir()
    bad.write_text('{"title": "Good"}\nnot json\n{"title": "Never read"}\n', encoding="utf-8")
    result = subprocess.run([*COMMAND, str(bad), "--out", str(out), "-q", "--strict"], env=ENV,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"{bad}:2: not JSON" in result.stderr and "--strict: stopped" in result.stderr
    after = _exports(out)
    assert {name: after[name] for name in EXPORTS} == {name: before[name] for name in EXPORTS}
    report = json.loads(after[REPORT])
    assert report["stopped_at_first_problem"] is True and report["exports_written"] is False
    assert report["problems"] == [{"file": str(bad), "line": 2, "reason": report["problems"][0]["reason"]}]


@pytest.mark.parametrize(("content", "code"), [("", 1), ('{"title": "One"}\n', 0)])
def test_exit_code_is_1_when_nothing_usable_was_read(tmp_path: Path, content: str, code: int) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(content, encoding="utf-8")
    summary = run([path], tmp_path / "out")
    assert summary.exit_code == code
    assert json.loads((tmp_path / "out" / REPORT).read_text(encoding="utf-8"))["exit_code"] == code


def test_unknown_format_is_refused_with_the_choices(tmp_path: Path) -> None:
    result = subprocess.run([*COMMAND, str(_small(tmp_path)), "--out", str(tmp_path / "out"), "--format", "xml"],
                            env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "unknown --format 'xml'" in result.stderr and "bibtex" in result.stderr


def test_files_committed_by_threads_are_in_place_when_the_block_ends(tmp_path: Path) -> None:
    """`Commits`: each file is synced and renamed by a thread; leaving the block waits for them all and
    raises what failed (here a temporary file gone before its commit), and nothing half-made stays."""
    paths = [tmp_path / f"{number}.txt" for number in range(3)]
    with Commits() as commits:
        for path in paths:
            write_atomically(path, lambda temporary, path=path: temporary.write_text(path.name), commits)
    assert [path.read_text() for path in paths] == [path.name for path in paths]
    with pytest.raises(FileNotFoundError), Commits() as commits:
        write_atomically(tmp_path / "lost.txt", lambda temporary: (temporary.write_text("x"), temporary.unlink()),
                         commits)
    assert not (tmp_path / "lost.txt").exists() and not list(tmp_path.glob(".tmp*"))
