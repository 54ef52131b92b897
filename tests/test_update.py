"""`paperkg build --update`: papers added to an existing build, only new text extracted, IRIs and places kept."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from paperkg import extract, ingest, state
from paperkg.build import resolve_and_build, run
from paperkg.cli import app
from paperkg.export import EXPORTS, write_all
from paperkg.export.graphml import read_graphml
from paperkg.graph import Pins, lay_out_all
from paperkg.model import Paper
from paperkg.resolve import fingerprint as resolve_fingerprint
from paperkg.resolve import prepare

RDF = ("graph.nt", "graph.ttl", "graph.jsonld")


def _record(paper: Paper, **changes: object) -> dict:
    record = {"title": paper.title, "authors": list(paper.authors), "abstract": paper.abstract,
              "venue": "ICLR", "year": 2022}
    return {**record, **changes}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    return [_record(paper) for paper in ingest.read([SEEDS]).papers]


@pytest.fixture(scope="module")
def split_builds(seed_records: list[dict], tmp_path_factory: pytest.TempPathFactory):
    """The seed as two files: the first 60 papers built, then the other 20 added with --update; and the
    whole seed built at once."""
    folder = tmp_path_factory.mktemp("update")
    first = _write(folder / "first.jsonl", seed_records[:60])
    second = _write(folder / "second.jsonl", seed_records[60:])
    updated, fresh = folder / "updated", folder / "fresh"
    before = run([first], updated)
    for name in ("graph.graphml", "coauthors.graphml", "concepts.graphml"):
        (folder / f"before-{name}").write_bytes((updated / name).read_bytes())
    after = run([second], updated, update=True)
    whole = run([first, second], fresh)
    return folder, before, after, whole


def test_an_update_extracts_only_the_new_papers(split_builds) -> None:
    _, before, after, whole = split_builds
    assert (before.extracted, after.extracted, whole.extracted) == (60, 20, 80)
    assert after.papers == whole.papers == 80 and after.exit_code == 0


def _pinned(folder: Path) -> dict[str, str]:
    """Node ids the update kept from the first build → the ids a fresh build gives the same nodes.

    A fresh build may name a node otherwise: with 20 more papers, `adversarial training` is voted a Task
    rather than the Method the first 60 papers made it, so a fresh build calls it `task/…`; the update
    keeps the published `method/…` IRI (with the new type)."""
    updated, fresh = state.load(folder / "updated"), state.load(folder / "fresh")
    pairs = ((updated.concept_ids, fresh.concept_ids), (updated.author_ids, fresh.author_ids))
    return {kept: named for ids, fresh_ids in pairs for key, kept in ids.items()
            if (named := fresh_ids.get(key, kept)) != kept}


def _renamed(lines: list[str], renames: dict[str, str]) -> list[str]:
    """N-Triples lines with each kept node id (in a node's IRI or a link's fragment) put as a fresh build names it."""
    if not renames:
        return sorted(lines)
    pattern = re.compile(r"(?<=[/#])(" + "|".join(map(re.escape, renames)) + r")(?=[>#])")
    return sorted(pattern.sub(lambda match: renames[match[1]], line) for line in lines)


def test_an_update_gives_the_graph_a_fresh_build_gives(split_builds) -> None:
    """The same triples but for the IRIs the first build published (kept), and the same GraphML graph but
    for those ids and the positions (kept from the first build, not laid out afresh)."""
    folder, *_ = split_builds
    renames = _pinned(folder)
    updated_nt, fresh_nt = ((folder / build / "graph.nt").read_text(encoding="utf-8").splitlines()
                            for build in ("updated", "fresh"))
    assert _renamed(updated_nt, renames) == sorted(fresh_nt)
    for kept, named in renames.items():  # the published IRI survives; the fresh name is not minted as well
        assert any(f"/id/{kept}>" in line for line in updated_nt)
        assert not any(f"/id/{named}>" in line for line in updated_nt)
    if not renames:
        for name in RDF:
            assert (folder / "updated" / name).read_bytes() == (folder / "fresh" / name).read_bytes(), name
    updated, fresh = (read_graphml(folder / build / "graph.graphml") for build in ("updated", "fresh"))
    updated = nx.relabel_nodes(updated, {kept.replace("/", ":"): named.replace("/", ":")
                                         for kept, named in renames.items()})
    assert sorted(updated.nodes) == sorted(fresh.nodes) and sorted(updated.edges) == sorted(fresh.edges)
    for node, data in fresh.nodes(data=True):
        other = {key: value for key, value in updated.nodes[node].items() if key not in "xy"}
        other["iri"] = _renamed([f"<{other['iri']}>"], renames)[0][1:-1]
        assert other == {key: value for key, value in data.items() if key not in "xy"}


def _assert_written_as_afresh(out: Path, scratch: Path) -> None:
    """`out`'s exports are byte for byte what writing the graph of its state from scratch gives."""
    kept = state.load(out)
    keys = sorted(kept.papers)
    pins = Pins(kept.concept_ids, kept.author_ids, kept.positions)
    graph = resolve_and_build([kept.papers[key][1] for key in keys], [kept.papers[key][2] for key in keys],
                              extract.describe("default"), pins=pins, layout=False)
    write_all(graph, scratch, prepare=lambda graph: lay_out_all(graph, pins))
    for name in EXPORTS:
        assert (scratch / name).read_bytes() == (out / name).read_bytes(), name


def test_an_updates_exports_are_those_its_graph_gives_when_written_afresh(split_builds,
                                                                         tmp_path: Path) -> None:
    """The update copied the unchanged blocks of the exports it replaced (`paperkg.export.splice`): what it
    wrote is byte for byte what writing its graph from scratch gives."""
    folder, *_ = split_builds
    assert set(state.load(folder / "updated").indexes) == set(EXPORTS) - {"graph.html"}
    _assert_written_as_afresh(folder / "updated", tmp_path)


def test_an_update_of_a_fresh_build_copies_most_of_every_export(seed_records: list[dict], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprints of a fresh build (text from the extractor) and of an update (text from the state)
    agree for what did not change, so one new paper leaves most bytes to be copied."""
    out = tmp_path / "out"
    run([_write(tmp_path / "first.jsonl", seed_records[:40])], out)
    before = {name: (out / name).stat().st_size for name in state.load(out).indexes}
    copied: list[int] = []
    copy_file_range = os.copy_file_range

    def counted(*args: int) -> int:
        copied.append(copy_file_range(*args))
        return copied[-1]

    monkeypatch.setattr(os, "copy_file_range", counted)
    assert run([_write(tmp_path / "new.jsonl", seed_records[40:41])], out, update=True).extracted == 1
    assert sum(copied) > 0.8 * sum(before.values())
    _assert_written_as_afresh(out, tmp_path / "scratch")


def test_an_export_edited_or_an_index_damaged_is_written_whole(split_builds, seed_records: list[dict],
                                                              tmp_path: Path) -> None:
    folder, *_ = split_builds
    out = tmp_path / "out"
    shutil.copytree(folder / "updated", out)  # a copy keeps the files' times: the indexes still hold
    assert set(state.load(out).indexes) == set(EXPORTS) - {"graph.html"}
    with sqlite3.connect(out / state.FILE) as db:
        db.execute("UPDATE exports SET blocks = ? WHERE name = 'graph.ttl'", (b"\x00damaged",))
    db.close()
    with (out / "graph.nt").open("a", encoding="utf-8") as nt:  # edited by hand
        nt.write("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    assert "graph.ttl" not in state.load(out).indexes
    changed = _write(tmp_path / "changed.jsonl", [{**seed_records[3], "title": "A retitled paper"}])
    assert run([changed], out, update=True).exit_code == 0
    _assert_written_as_afresh(out, tmp_path / "scratch")
    assert "example.org" not in (out / "graph.nt").read_text(encoding="utf-8")


def test_what_resolution_prepared_is_kept_whole(split_builds) -> None:
    """The state keeps what `prepare` derives from each paper (the mentions it adds, the names and the
    acronym definition of each mention), and gives it back equal to making it again."""
    kept = state.load(split_builds[0] / "updated")
    assert kept.meta["resolver"] == resolve_fingerprint()
    added = 0
    for _, paper, mentions, text in kept.papers.values():
        prepared = prepare(paper, mentions)
        assert state.read_prepared(text, mentions) == prepared
        added += len(prepared) - len(mentions)
    assert added  # tasks named inside methods' names, and titles' problems: kept as mentions of their own


def _plant(out: Path, resolver: str | None = None) -> None:
    """Make every paper's first prepared mention stand for `Planted widget` in the state in `out` (and
    name `resolver` as the one that prepared them)."""
    with sqlite3.connect(out / state.FILE) as db:
        for key, text in db.execute("SELECT key, prepared FROM papers").fetchall():
            added, derived = json.loads(text)
            if derived:
                derived[0][0] = [["Planted widget", "Planted widget", "planted widget", "", False]]
                db.execute("UPDATE papers SET prepared = ? WHERE key = ?", (json.dumps([added, derived]), key))
        if resolver:
            db.execute("UPDATE meta SET value = ? WHERE name = 'resolver'", (resolver,))
    db.close()


def test_an_update_reads_what_the_same_resolver_prepared_and_makes_it_again_for_another(split_builds,
                                                                                     tmp_path: Path) -> None:
    """What the state prepared is used as it is (the update does not prepare those papers again), by the
    resolver that made it only: after a change of the resolution's code or vocabulary, it is made again."""
    for resolver, planted in ((None, True), ("sha256 of another resolver", False)):
        out = tmp_path / str(planted)
        shutil.copytree(split_builds[0] / "updated", out, copy_function=shutil.copy2)
        _plant(out, resolver)
        run([], out, update=True)
        assert ("Planted widget" in (out / "graph.nt").read_text(encoding="utf-8")) is planted
        assert state.load(out).meta["resolver"] == resolve_fingerprint()
    _assert_written_as_afresh(out, tmp_path / "scratch")  # and saved again as the resolver makes it


def test_a_paper_read_again_is_prepared_again(split_builds, seed_records: list[dict], tmp_path: Path) -> None:
    """A paper given again with the same text but new author keywords is not extracted again, but what
    resolution derives from it (its keywords' mentions) is made again."""
    out = tmp_path / "out"
    shutil.copytree(split_builds[0] / "updated", out, copy_function=shutil.copy2)
    again = _write(tmp_path / "again.jsonl", [{**seed_records[5], "keywords": "Contrastive learning"}])
    summary = run([again], out, update=True)
    assert summary.extracted == 0
    _assert_written_as_afresh(out, tmp_path / "scratch")  # which prepares every paper afresh
    [(_, paper, _, text)] = [item for item in state.load(out).papers.values() if item[1].keywords]
    assert paper.keywords == ("Contrastive learning",) and "Contrastive learning" in text


def test_nodes_already_drawn_keep_their_place(split_builds) -> None:
    folder, *_ = split_builds
    for name in ("graph.graphml", "coauthors.graphml", "concepts.graphml"):
        before, after = read_graphml(folder / f"before-{name}"), read_graphml(folder / "updated" / name)
        assert len(after) > len(before)
        moved = [node for node, data in before.nodes(data=True)
                 if (after.nodes[node]["x"], after.nodes[node]["y"]) != (data["x"], data["y"])]
        assert moved == [], name
        xy = {(data["x"], data["y"]) for _, data in after.nodes(data=True)}
        assert len(xy) == len(after), f"{name}: new nodes placed on top of others"


def test_a_changed_abstract_is_extracted_again(seed_records: list[dict], tmp_path: Path) -> None:
    first = _write(tmp_path / "a.jsonl", seed_records[:10])
    run([first], tmp_path / "out")
    changed = _write(tmp_path / "b.jsonl", [{**seed_records[3], "abstract": "We propose BERT for parsing."},
                                            seed_records[4]])
    summary = run([changed], tmp_path / "out", update=True)
    assert summary.extracted == 1 and summary.papers == 10
    saved = state.load(tmp_path / "out")
    [paper] = [paper for _, paper, _, _ in saved.papers.values() if paper.abstract == "We propose BERT for parsing."]
    assert paper.title == seed_records[3]["title"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_mentions_are_reused_from_the_same_pipeline_wherever_it_lies(seed_records: list[dict], tmp_path: Path,
                                                                     jobs: int) -> None:
    """The state names the pipeline by its files' digest, not its folder: another checkout or an installed
    copy reuses the mentions; a pipeline whose files differ extracts everything again. (With `jobs` 2 the
    new papers are extracted in a forked process while the state loads; the old ones, after.)"""
    copy = tmp_path / "pipeline"
    shutil.copytree(extract.path_of("default"), copy)
    out = tmp_path / "out"
    run([_write(tmp_path / "a.jsonl", seed_records[:10])], out)
    new = _write(tmp_path / "b.jsonl", seed_records[10:12])
    assert run([new], out, update=True, pipeline=str(copy), jobs=jobs).extracted == 2
    with (copy / "config.cfg").open("a", encoding="utf-8") as config:
        config.write("\n")
    assert run([new], out, update=True, pipeline=str(copy), jobs=jobs).extracted == 12
    assert len(state.load(out).papers) == 12


def test_an_update_on_two_processes_writes_what_one_process_writes(split_builds, seed_records: list[dict],
                                                                    tmp_path: Path) -> None:
    """With `jobs` 2 an update extracts beside loading the state, resolves the authors beside the concepts
    and writes the exports on three processes: the same files and state as with one."""
    folder = split_builds[0]
    changed = _write(tmp_path / "changed.jsonl", [{**seed_records[0], "abstract": "We propose BERT for parsing."},
                                                  {**seed_records[1], "title": "A new title"}])
    for jobs in (1, 2):
        shutil.copytree(folder / "updated", tmp_path / f"jobs{jobs}", copy_function=shutil.copy2)
        reported: list[tuple[int, int]] = []
        summary = run([changed], tmp_path / f"jobs{jobs}", update=True, jobs=jobs,
                      progress=lambda stage, done, total, reported=reported: reported.append((done, total))
                      if stage == "extract" else None)
        assert summary.extracted == 2 and reported[-1] == (2, 2)  # whichever process extracted them
    for name in EXPORTS:
        assert (tmp_path / "jobs1" / name).read_bytes() == (tmp_path / "jobs2" / name).read_bytes(), name
    one, two = state.load(tmp_path / "jobs1"), state.load(tmp_path / "jobs2")
    assert {name: index.blocks for name, index in one.indexes.items()} == {
        name: index.blocks for name, index in two.indexes.items()}  # the files' times differ
    assert replace(one, indexes={}) == replace(two, indexes={})


def test_published_iris_survive_a_namesake(tmp_path: Path) -> None:
    """A second Jane Roe (told apart by her e-mail) would rename the first one's IRI in a fresh build:
    an update keeps it, and gives the newcomer her own."""
    base = {"abstract": "", "venue": "X", "year": 2020}
    first = _write(tmp_path / "a.jsonl", [{**base, "title": "One", "authors": ["Jane Roe", "Al Bo"],
                                          "authorids": "jane@a.org;al@b.org"}])
    second = _write(tmp_path / "b.jsonl", [{**base, "title": "Two", "authors": ["Jane Roe"],
                                           "authorids": "jane@c.org"}])
    run([first], tmp_path / "updated")
    run([second], tmp_path / "updated", update=True)
    run([first, second], tmp_path / "fresh")
    updated = _authors(tmp_path / "updated" / "graph.graphml")
    fresh = _authors(tmp_path / "fresh" / "graph.graphml")
    assert updated["One"]["Jane Roe"] == "author:jane-roe"
    assert fresh["One"]["Jane Roe"] != "author:jane-roe"
    assert updated["Two"]["Jane Roe"] not in (updated["One"]["Jane Roe"],)
    assert updated["One"]["Al Bo"] == fresh["One"]["Al Bo"]


def _authors(path: Path) -> dict[str, dict[str, str]]:
    """Paper title → author name → the author's GraphML node id."""
    graph: nx.DiGraph = read_graphml(path)
    return {graph.nodes[paper]["label"]: {graph.nodes[author]["label"]: author for author in graph.successors(paper)
                                          if graph.nodes[author]["type"] == "Author"}
            for paper, data in graph.nodes(data=True) if data["type"] == "Paper"}


def test_update_without_a_build_says_so(tmp_path: Path) -> None:
    listing = tmp_path / "in.txt"
    listing.write_text("Title\n\nA · B\n\nAbstract.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(listing), "--out", str(tmp_path / "out"), "--update", "-q"])
    assert result.exit_code == 1
    assert "no build state here" in result.output and str(tmp_path / "out") in result.output


def test_a_state_of_another_version_is_refused(tmp_path: Path, seed_records: list[dict]) -> None:
    run([_write(tmp_path / "a.jsonl", seed_records[:3])], tmp_path / "out")
    import sqlite3

    with sqlite3.connect(tmp_path / "out" / state.FILE) as db:
        db.execute("UPDATE meta SET value = '0' WHERE name = 'version'")
    db.close()
    with pytest.raises(state.StateError, match="version '0'"):
        run([_write(tmp_path / "b.jsonl", seed_records[3:4])], tmp_path / "out", update=True)


def test_a_state_saved_over_its_predecessor_holds_what_a_whole_save_holds(tmp_path: Path) -> None:
    """`state.save(..., previous=)` copies the file and writes only what changed: papers added, replaced
    (new mentions) and gone, ids added, positions moved, added and gone, a layout gone, the indexes."""
    from paperkg.model import Kind, Mention

    def paper(title: str) -> Paper:
        return Paper(title=title, authors=("A B",), abstract=f"About {title}.")

    def mention(text: str) -> Mention:
        return Mention(0, len(text), text, Kind.METHOD, "title", 0, 0, len(text))

    def saved(paper: Paper, mentions: list[Mention]) -> tuple[Paper, str, list[Mention], str]:
        return paper, state.text_hash(paper), mentions, state.prepared_text(mentions, prepare(paper, mentions))

    kept, replaced, gone, new = paper("Kept"), paper("Replaced"), paper("Gone"), paper("New")
    before = tmp_path / "before"
    before.mkdir()
    state.save(before, {"extractor": "x"}, [saved(p, [mention(p.title)]) for p in (kept, replaced, gone)],
               {"kept": "method/kept", "gone": "method/gone"}, {("kept", 0): "author/a-b"},
               {"graph": {"a": (0.0, 1.0), "b": (2.0, 3.0)}, "old-view": {"a": (1.0, 1.0)}}, {})
    previous = state.load(before)
    digest, paper_kept, mentions_kept, prepared_kept = previous.papers[kept.key]
    papers = [(paper_kept, digest, mentions_kept, prepared_kept),
              saved(replaced, [mention("Replaced"), mention("Re")]), saved(new, [])]
    values = ({"extractor": "y"}, papers, {"kept": "method/kept", "new": "method/new"},
              {("kept", 0): "author/a-b", ("new", 0): "author/a-b"},
              {"graph": {"a": (0.0, 1.0), "b": (2.5, 3.0), "c": (4.0, 4.0)}, "coauthors": {"a": (9.0, 9.0)}}, {})
    whole = tmp_path / "whole"
    whole.mkdir()
    state.save(whole, *values)
    state.save(before, *values, previous=previous)
    assert state.load(before) == state.load(whole)
