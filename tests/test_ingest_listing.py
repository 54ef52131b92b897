"""The listing reader on the seed and on hand-written broken listings."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from conftest import SEED

from paperkg import ingest
from paperkg.ingest import listing


def test_seed_has_80_papers_with_359_distinct_authors() -> None:
    reading = ingest.read([SEED])
    assert reading.problems == []
    assert len(reading.papers) == 80
    slots = sum(len(p.authors) for p in reading.papers)
    assert slots == 370  # 371 author slots, one of them the empty name after a dangling " · "
    assert len({name for p in reading.papers for name in p.authors}) == 359
    pairs = {pair for p in reading.papers for pair in combinations(sorted(set(p.authors)), 2)}
    assert len(pairs) == 816


def test_dangling_separator_drops_the_empty_name_and_keeps_the_paper() -> None:
    papers = {p.title: p for p in ingest.read([SEED]).papers}
    paper = next(p for p in papers.values() if "Alex Liu" in p.authors)
    assert paper.authors[-1] == "Alex Liu"
    assert "" not in paper.authors


def test_seed_keeps_session_venue_and_source_line() -> None:
    first = ingest.read([SEED]).papers[0]
    assert first.title == "CURVATURE-GUIDED DYNAMIC SCALE NETWORKS FOR MULTI-VIEW STEREO"
    assert first.session == "Poster Session 10"
    assert (first.venue, first.year) == ("ICLR", 2022)
    assert first.source is not None and first.source.line == 12
    assert first.abstract.startswith("Multi-view stereo (MVS) is a crucial task")


def test_page_chrome_is_not_a_paper() -> None:
    titles = [p.title for p in ingest.read([SEED]).papers]
    assert not any(t.startswith(("Skip to", "Session", "Abstract")) for t in titles)


BROKEN = """Skip to yearly menu bar Skip to main content


Session

Oral Session 3

Abstract:
Chat is not available.


A Good First Paper

Ada Lovelace · Charles Babbage

We propose a method.


This block has no author line at all and is only one paragraph of text.


A Paper Whose Author Line Is An Abstract

{long_byline}

Some abstract.


A Good Last Paper

Grace Hopper

A single-author paper has no separator.
""".replace("{long_byline}", "This sentence is far too long to be an author name: it is a paragraph pasted where "
                             "the byline should have been, and it goes on well past one hundred characters.")


def test_bad_blocks_are_reported_with_file_and_line_and_neighbours_kept(tmp_path: Path) -> None:
    path = tmp_path / "listing.txt"
    path.write_text(BROKEN, encoding="utf-8")
    reading = ingest.read([path])
    assert [p.title for p in reading.papers] == ["A Good First Paper", "A Good Last Paper"]
    assert [p.session for p in reading.papers] == ["Oral Session 3"] * 2
    assert reading.papers[1].authors == ("Grace Hopper",)
    reported = [str(problem) for problem in reading.problems]
    assert len(reported) == 2
    assert reported[0].startswith(f"{path}:19: ")
    assert reported[1].startswith(f"{path}:24: ")
    assert "author line" in reported[1]


def test_lost_double_blank_line_does_not_glue_papers_together(tmp_path: Path) -> None:
    path = tmp_path / "listing.txt"
    path.write_text("First Title\n\nA One · B Two\n\nFirst abstract.\n\nSecond Title\n\nC Three · D Four\n\n"
                    "Second abstract.\n", encoding="utf-8")
    papers = ingest.read([path]).papers
    assert [(p.title, p.abstract) for p in papers] == [("First Title", "First abstract."),
                                                        ("Second Title", "Second abstract.")]


def test_unknown_files_are_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# not a listing\n", encoding="utf-8")
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    reading = ingest.read([tmp_path])
    assert len(reading.papers) == 80
    assert [str(p).split(": ")[0] for p in reading.problems] == [f"{tmp_path / 'notes.md'}:0"]


def test_listing_is_detected_by_content() -> None:
    assert listing.looks_like_listing(SEED.read_text(encoding="utf-8")[:16384])
    assert not listing.looks_like_listing("just some text\n\nwith paragraphs\n")
