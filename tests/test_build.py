"""`paperkg build` end to end: the summary, exit codes, determinism and the committed exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import EXPORTS, SEED, SEEDS
from typer.testing import CliRunner

from paperkg.build import Summary, run
from paperkg.cli import app
from paperkg.export import EXPORTS as FILES
from paperkg.export.html import DEFAULT_MAX_NODES


def test_seed_build_writes_every_export(seed_build: tuple[Path, Summary]) -> None:
    out, summary = seed_build
    assert summary.papers == 80 and summary.problems == [] and summary.exit_code == 0
    assert summary.nodes["Paper"] == 80 and summary.nodes["Author"] == 359
    assert summary.links["coauthor"] == 816 and summary.links["creator"] == 370
    assert sorted(path.name for path in summary.files) == sorted(FILES)
    assert all((out / name).stat().st_size > 1000 for name in FILES)
    assert not list(out.glob(".tmp*"))


def test_same_input_gives_byte_identical_exports(seed_out: Path, tmp_path: Path) -> None:
    run([SEEDS], tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (seed_out / name).read_bytes(), name


def test_committed_exports_are_current(seed_out: Path) -> None:
    stale = [name for name in FILES if (EXPORTS / name).read_bytes() != (seed_out / name).read_bytes()]
    assert stale == [], f"exports/ is stale: run `paperkg build seeds/ --out exports/` ({stale})"


def test_a_build_starts_without_the_graphs_or_the_exporters_modules() -> None:
    """An update forks the process that extracts its new papers before the graph's and the exporters' modules
    are imported (see `paperkg.build`): the command line and the build bring none of them in."""
    code = ("import sys, paperkg.build, paperkg.cli, paperkg.state; "
            "print(sorted({'jinja2', 'networkx', 'numpy', 'rdflib', 'spacy'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_exit_codes_tell_kept_skipped_and_nothing(tmp_path: Path) -> None:
    listing = tmp_path / "in.txt"
    shutil.copy(SEED, listing)
    with listing.open("a", encoding="utf-8") as out:
        out.write("\n\n\nA lone paragraph that is not a paper.\n")
    assert run([listing], tmp_path / "a").exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert run([empty], tmp_path / "b").exit_code == 1


@pytest.mark.parametrize("quiet", [False, True])
def test_command_prints_problems_and_summary(tmp_path: Path, quiet: bool) -> None:
    listing = tmp_path / "in.txt"
    listing.write_text("Title\n\nA · B\n\nAbstract.\n\n\nOnly a paragraph.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(listing), "--out", str(tmp_path / "out"),
                                      *(["--quiet"] if quiet else [])])
    assert result.exit_code == 2
    assert f"{listing}:8: expected a title" in result.output
    assert ("papers" in result.output) is not quiet


def test_the_command_as_a_process_exits_with_the_builds_code(tmp_path: Path) -> None:
    """`python -m paperkg` (the `paperkg` script's `main`) ends the process itself: its exit code and output
    are the command's."""
    listing = tmp_path / "in.txt"
    listing.write_text("Title\n\nA · B\n\nAbstract.\n\n\nOnly a paragraph.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "paperkg", "build", str(listing), "--out", str(tmp_path / "out"),
                             "--quiet"], capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{listing}:8: expected a title" in result.stderr
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_html_max_nodes_option_cuts_the_page(tmp_path: Path) -> None:
    listing = tmp_path / "in.txt"
    listing.write_text("First paper\n\nAda Lovelace · Charles Babbage · Mary Somerville\n\nWe propose X.\n\n\n"
                       "Second paper\n\nAda Lovelace · Alan Turing\n\nWe study Y.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(listing), "--out", str(tmp_path / "out"), "-q",
                                      "--html-max-nodes", "3"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page).group(1))
    assert data["max_nodes"] == 3
    assert [len(data["views"][name]["nodes"]) for name in ("graph", "coauthors")] == [3, 3]
    assert data["views"]["coauthors"]["total_nodes"] == 4


def test_command_default_cap_is_the_html_writers() -> None:
    option = next(p for p in typer.main.get_command(app).commands["build"].params if p.name == "html_max_nodes")
    assert option.default == DEFAULT_MAX_NODES


def test_stats_command_prints_tables_and_json() -> None:
    import json

    result = CliRunner().invoke(app, ["stats", str(SEED), "--top", "2", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["papers"] == 80 and set(summary["top"]) == {"Method", "Dataset", "Task", "Metric"}
    tables = CliRunner().invoke(app, ["stats", str(SEED), "--top", "2"])
    assert "People merged (8)" in tables.output and "Typed links per paper" in tables.output


def test_the_report_names_input_files_as_the_command_did(tmp_path: Path, monkeypatch) -> None:
    """A folder given as a relative path gives relative file names, so the committed report is the same on
    every machine."""
    monkeypatch.chdir(SEEDS.parent)
    summary = run([Path(SEEDS.name)], tmp_path)
    report = json.loads(summary.report.read_text(encoding="utf-8"))
    assert [item["file"] for item in report["files"]] == [f"{SEEDS.name}/{SEED.name}"]
    assert report == json.loads((EXPORTS / "report.json").read_text(encoding="utf-8"))
