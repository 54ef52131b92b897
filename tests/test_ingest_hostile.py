"""Every reader against the hostile corpus (tests/hostile.py): each good record kept, each bad one reported
as FILE:LINE, nothing lost around it, duplicates merged and counted."""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest

from paperkg import ingest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    return folder, hostile.write(folder)


@pytest.fixture(scope="module")
def reading(corpus: tuple[Path, dict]) -> ingest.Reading:
    return ingest.read([corpus[0]])


def test_every_good_record_is_kept_and_nothing_else(corpus: tuple[Path, dict], reading: ingest.Reading) -> None:
    assert sorted(p.title for p in reading.papers) == sorted(corpus[1]["kept"])


def test_every_bad_record_is_reported_with_file_and_line(corpus: tuple[Path, dict], reading: ingest.Reading) -> None:
    folder, expected = corpus
    reported = [str(problem) for problem in reading.problems]
    assert len(reported) == len(expected["problems"])
    for prefix in expected["problems"]:
        assert sum(line.startswith(f"{folder / prefix}") for line in reported) == 1, (prefix, reported)


def test_encodings_are_detected(reading: ingest.Reading) -> None:
    encodings = {Path(item.path).name: item.encoding for item in reading.inputs}
    assert encodings["latin1.csv"] == "cp1252"
    assert encodings["utf16-bom.tsv"] == "utf-16"
    assert encodings["utf16-nobom.jsonl"] == "utf-16-le"
    assert encodings["invalid-utf8.jsonl"] == "utf-8, invalid bytes replaced"
    latin = next(p for p in reading.papers if p.title.startswith("Schrödinger"))
    assert latin.authors == ("Zoë Brontë", "José Núñez") and latin.abstract == "Über alles"


def test_duplicates_are_merged_keeping_the_richest_record(corpus: tuple[Path, dict], reading: ingest.Reading) -> None:
    assert sum(len(merge.duplicates) for merge in reading.merges) == corpus[1]["merged"]
    assert reading.records == len(reading.papers) + corpus[1]["merged"]
    doi = next(p for p in reading.papers if p.title.startswith("DUPLICATED BY DOI"))
    assert doi.abstract == "The longer record wins." and doi.ids == (("doi", "10.5555/dup.1"),)
    reasons = sorted(reason for merge in reading.merges for reason in merge.reasons if reason != "same IRI")
    assert reasons == ["same doi id", "same openreview id", "same title and authors"]


def test_huge_records_are_kept_whole(corpus: tuple[Path, dict], reading: ingest.Reading) -> None:
    papers = {p.title: p for p in reading.papers}
    assert len(papers[corpus[1]["big_authors"]].authors) == hostile.BIG_AUTHORS
    abstract = papers[corpus[1]["big_abstract"]].abstract
    assert len(abstract) == hostile.BIG_ABSTRACT_CHARS and abstract.endswith(corpus[1]["last_sentence"])


def test_hostile_text_is_kept_verbatim_except_what_no_export_can_carry(reading: ingest.Reading) -> None:
    papers = {p.title.split(":")[0]: p for p in reading.papers}
    assert papers["html"].title.startswith("html: <script>window.pwned = 1</script>")
    assert papers["html"].url == ""  # javascript: is not a link
    assert "\x00" in papers["xml-illegal"].title and "\u202e" in papers["rtl"].title
    assert papers["surrogate"].title == "surrogate: Lone surrogate \ufffd from a JSON escape"
    assert papers["newlines"].title == "newlines: A title with newlines and tabs"
    assert papers["newlines"].abstract == "We propose A title\nwith\r\nnewlines\tand tabs."


def test_strict_stops_at_the_first_problem(corpus: tuple[Path, dict]) -> None:
    reading = ingest.read([corpus[0]], strict=True)
    assert reading.stopped and len(reading.problems) == 1
    assert str(reading.problems[0]).startswith(str(corpus[0] / "binary.dat:0:"))
