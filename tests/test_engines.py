"""Builds on more than one process: `--jobs 2` and `--engine dask` give the exports of a one-process build."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS

from paperkg.build import Summary, run
from paperkg.export import EXPORTS as FILES


def test_two_jobs_give_the_same_bytes(seed_build: tuple[Path, Summary], tmp_path: Path, monkeypatch) -> None:
    from paperkg import extract

    monkeypatch.setattr(extract, "CHUNK", 16)  # the seed's 80 papers in chunks, over two processes
    summary = run([SEEDS], tmp_path, jobs=2)
    assert summary.exit_code == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (seed_build[0] / name).read_bytes(), name


def test_a_failing_parallel_writer_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    from paperkg import export

    def broken(graph, paths) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export, "write_rdf_files", broken)
    with pytest.raises(RuntimeError, match=r"graph\.ttl, graph\.nt, graph\.jsonld .*failed"):
        run([SEEDS], tmp_path, jobs=2)
    assert not (tmp_path / "graph.ttl").exists() and not list(tmp_path.glob(".tmp*"))


def test_dask_on_two_local_workers_gives_the_same_bytes(seed_build: tuple[Path, Summary], tmp_path: Path,
                                                        monkeypatch) -> None:
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'paperkg[dask]'")
    from paperkg.extract import distributed

    monkeypatch.setattr(distributed, "PARTITION", 25)  # four partitions for two workers
    monkeypatch.delenv(distributed.SCHEDULER_VARIABLE, raising=False)
    summary = run([SEEDS], tmp_path, jobs=2, engine="dask")
    assert summary.exit_code == 0 and summary.extracted == 80
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (seed_build[0] / name).read_bytes(), name
