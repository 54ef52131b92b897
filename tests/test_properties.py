"""Property-based tests (hypothesis): every reader survives any bytes and round-trips any text; IRI minting
gives a valid, stable IRI for any Unicode string and never the same IRI for different labels."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkg import ingest
from paperkg.export.graphml import graphml_id
from paperkg.graph import DEFAULT_BASE
from paperkg.ingest import merge_duplicates
from paperkg.model import Paper, Problem, Source, normalise, slug

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ IRI minting

#: RFC 3987 `isegment-nz` characters: iunreserved (with ucschar), sub-delims, ':', '@', and %XX escapes.
_UCSCHAR = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
            "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
            "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
            "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd")
ISEGMENT = re.compile(rf"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@{_UCSCHAR}]|%[0-9A-F]{{2}})+")
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)


@given(ANY_TEXT)
@settings(max_examples=400, deadline=None)
def test_any_label_mints_a_valid_iri_segment(text: str) -> None:
    segment = slug(text)
    assert ISEGMENT.fullmatch(segment), segment
    ox.NamedNode(f"{DEFAULT_BASE}method/{segment}")  # Oxigraph's IRI parser accepts it


@given(ANY_TEXT)
@settings(max_examples=200, deadline=None)
def test_iris_are_stable_they_depend_only_on_the_normalised_label(text: str) -> None:
    assert slug(text) == slug(normalise(text)) == slug(text)


def test_iris_are_stable_across_releases() -> None:
    assert slug("Graph Neural Networks") == "graph-neural-networks"
    assert slug("Ričards Marcinkevičs") == "ričards-marcinkevičs"
    assert slug("C++ & <tags>") == "c%2B%2B-%26-%3Ctags%3E"
    assert slug("x" * 200) == "x" * 120 + "-94218caae9"  # cut, with a digest of the whole label


def _variants(text: str) -> list[str]:
    """Labels a careless minting would confuse with `text`: escapes spelt out, separators, long tails."""
    return [text + "-", text + "%", text + "%2D", "%" + text, text + "\u0301", text.replace("-", "%2D"),
            text + " x", text * 3 + "y", text * 3 + "z", text + "/", text + ".", text + "\u200b"]


@given(ANY_TEXT, ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_different_labels_never_share_an_iri(a: str, b: str) -> None:
    labels = {normalise(label): label for label in [a, b, *_variants(a), *_variants(a * 40)]}
    slugs = {slug(label) for label in labels.values()}
    assert len(slugs) == len(labels)


@given(st.lists(ANY_TEXT, min_size=2, max_size=6, unique=True))
@settings(max_examples=200, deadline=None)
def test_source_ids_give_distinct_valid_paper_iris(values: list[str]) -> None:
    """DOIs that differ beyond case, surrounding space and empty `/` segments are different papers."""
    def same_doi(value: str) -> str:  # DOIs are case-insensitive; "10.1//x " is "10.1/x"
        return "/".join(segment for segment in value.strip().lower().split("/") if segment)

    dois = {same_doi(value) for value in values} - {""}
    keys = {Paper(title="t", authors=(), ids=(("doi", value),)).key for value in values if same_doi(value)}
    assert len(keys) == len(dois)
    for key in keys:
        ox.NamedNode(f"{DEFAULT_BASE}paper/{key}")


@given(st.lists(ANY_TEXT, min_size=2, max_size=6))
@settings(max_examples=200, deadline=None)
def test_graphml_ids_of_distinct_nodes_are_distinct_nmtokens(labels: list[str]) -> None:
    nodes = {f"method/{slug(label)}" for label in labels}
    ids = {graphml_id(node) for node in nodes}
    assert len(ids) == len(nodes)
    assert all(re.fullmatch(r"[A-Za-z0-9_.:\-]+", i) for i in ids)


@pytest.mark.consumer
def test_jena_accepts_iris_minted_from_random_unicode(tmp_path: Path, jena: list[str]) -> None:
    """One N-Triples file of IRIs minted from 2,000 labels drawn from every Unicode plane, validated by riot."""
    import random

    rng = random.Random(7)
    planes = [(0x20, 0x7F), (0x80, 0x800), (0x800, 0xD800), (0xE000, 0x10000), (0x10000, 0x110000)]
    lines = []
    for index in range(2000):
        label = "".join(chr(rng.randrange(*rng.choice(planes))) for _ in range(rng.randint(1, 30)))
        label = label.encode("utf-8", errors="replace").decode("utf-8")
        subject = ox.NamedNode(f"{DEFAULT_BASE}method/{slug(label)}")
        lines.append(f"<{subject.value}> <https://w3id.org/paperkg/ontology#n> \"{index}\" .\n")
    path = tmp_path / "iris.nt"
    path.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run([*jena, "riot", "--validate", str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "WARN" not in result.stderr, result.stderr[-2000:]


# ------------------------------------------------------------------ readers

def _read(data: bytes, name: str, fmt: str | None) -> ingest.Reading:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return ingest.read([path], fmt)


def _well_formed(reading: ingest.Reading) -> None:
    for paper in reading.papers:
        assert paper.title and paper.title == " ".join(paper.title.split())
        assert all(name and "\n" not in name for name in paper.authors)
        paper.title.encode("utf-8")  # no lone surrogates: every export can write it
        paper.abstract.encode("utf-8")
        assert paper.source is not None and paper.source.line >= 1
    for problem in reading.problems:
        assert isinstance(problem, Problem) and problem.source.line >= 0 and problem.reason


ANY_BYTES = st.one_of(
    st.binary(max_size=3000),
    ANY_TEXT.map(lambda text: text.encode("utf-8")),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                     st.sampled_from(["title", "author", "authors", "abstract", "keywords", "id", "doi", "year",
                                      "site", "content", "venue", "papers"]), inner, max_size=6),
                 max_leaves=20).map(lambda value: json.dumps(value).encode("utf-8")),
)


@pytest.mark.parametrize("fmt", [*ingest.READERS, None])
@given(data=ANY_BYTES)
@FAST
def test_every_reader_survives_any_bytes(fmt: str | None, data: bytes) -> None:
    _well_formed(_read(data, "input.dat", fmt))


@given(data=st.binary(max_size=200), cut=st.integers(min_value=0, max_value=2000))
@FAST
def test_truncated_json_keeps_every_record_that_ends_before_the_cut(data: bytes, cut: int) -> None:
    parts = [json.dumps({"title": f"Record {i}", "abstract": data.decode("latin-1")}) for i in range(4)]
    text = "[\n" + ",\n".join(parts) + "\n]\n"
    ends = [len("[\n") + sum(len(part) + 2 for part in parts[:i]) + len(parts[i]) for i in range(len(parts))]
    cut = min(cut, len(text))
    reading = _read(text[:cut].encode("utf-8"), "cut.json", "json")
    _well_formed(reading)
    assert [p.title for p in reading.papers] == [f"Record {i}" for i, end in enumerate(ends) if end <= cut]
    # a cut anywhere before the closing "]" is reported (a "]" inside a cut string is not the closing one)
    assert (len(reading.problems) == 0) == (text[:cut].rstrip() == text.rstrip())


NAME = st.text(st.characters(codec="utf-8", exclude_characters=";|,\x00"), min_size=1, max_size=30).filter(
    lambda name: name.split() != [])
TITLE = ANY_TEXT.filter(lambda text: text.split() != [])
RECORD = st.fixed_dictionaries({"title": TITLE, "authors": st.lists(NAME, max_size=5),
                                "abstract": st.text(st.characters(codec="utf-8", exclude_characters="\r\x00"),
                                                    max_size=300)})


def _expected(record: dict) -> tuple:
    return (" ".join(record["title"].split()), tuple(" ".join(name.split()) for name in record["authors"]),
            record["abstract"].strip())


def _got(reading: ingest.Reading) -> list[tuple]:
    return [(p.title, p.authors, p.abstract) for p in reading.papers]


#: Records with different titles: equal (normalised) titles and authors are one paper, merged.
RECORDS = st.lists(RECORD, min_size=1, max_size=5, unique_by=lambda record: normalise(record["title"]))


@given(RECORDS)
@FAST
def test_json_and_jsonl_round_trip_any_text(items: list[dict]) -> None:
    expected = [_expected(record) for record in items]
    array = json.dumps([record | {"id": str(i)} for i, record in enumerate(items)], indent=1).encode("utf-8")
    lines = "".join(json.dumps(record | {"id": str(i)}, ensure_ascii=False) + "\n"
                    for i, record in enumerate(items)).encode("utf-8")
    assert _got(_read(array, "a.json", "json")) == expected
    assert _got(_read(lines, "a.jsonl", "jsonl")) == expected


@pytest.mark.parametrize(("name", "delimiter"), [("a.csv", ","), ("a.tsv", "\t")])
@given(items=RECORDS.filter(lambda items: not any("\x00" in record["title"] for record in items)))
@FAST
def test_csv_and_tsv_round_trip_any_text(name: str, delimiter: str, items: list[dict]) -> None:
    """Any text but raw NULs, which the decoder may take for UTF-16 when they are most of a file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)  # quotes "\r" too
    writer.writerow(["id", "title", "authors", "abstract"])
    for index, record in enumerate(items):
        writer.writerow([index, record["title"], "; ".join(record["authors"]), record["abstract"]])
    reading = _read(buffer.getvalue().encode("utf-8"), name, name[2:])
    assert _got(reading) == [_expected(record) for record in items]


BIB_TEXT = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?()"),
                   max_size=80)
BIB_NAME = st.from_regex(r"[BCDFGHJKLMNPQRSTVWXZ][bcdfghjklmnpqrstvwxz]{1,8} [BCDFGHJKLMNPQRSTVWXZ][bcdfghjkl]{1,8}",
                         fullmatch=True)


@given(st.lists(st.fixed_dictionaries({"title": BIB_TEXT.filter(lambda t: t.split() != []),
                                       "authors": st.lists(BIB_NAME, max_size=4), "abstract": BIB_TEXT}),
                min_size=1, max_size=5, unique_by=lambda record: normalise(record["title"])))
@FAST
def test_bibtex_round_trips_plain_text(items: list[dict]) -> None:
    entries = "".join(f"@article{{key{i},\n  title = {{{r['title']}}},\n  author = {{{' and '.join(r['authors'])}}},\n"
                      f"  abstract = {{{r['abstract']}}}\n}}\n\n" for i, r in enumerate(items))
    reading = _read(entries.encode("utf-8"), "a.bib", "bibtex")
    expected = [(" ".join(r["title"].split()), tuple(r["authors"]), " ".join(r["abstract"].split()))
                for r in items]
    assert [(p.title, p.authors, " ".join(p.abstract.split())) for p in reading.papers] == expected


# ------------------------------------------------------------------ duplicates

_PAPERS = [
    Paper(title="Graph Dropout", authors=("Ada Lovelace", "Alan Turing"), ids=(("doi", "10.1/a"),)),
    Paper(title="GRAPH DROPOUT", authors=("alan turing", "ada lovelace"), abstract="Longer."),
    Paper(title="Graph dropout (preprint)", authors=("Ada Lovelace",), ids=(("doi", "10.1/A"),), keywords=("x",)),
    Paper(title="Other", authors=("Grace Hopper",), ids=(("openreview", "Q1"),)),
    Paper(title="Other, camera ready", authors=("Grace Hopper",), ids=(("openreview", "Q1"),), abstract="Yes."),
    Paper(title="Alone", authors=("Nobody",), venue="ICLR", year=2020),
    Paper(title="alone", authors=("Somebody",), venue="ICLR", year=2020, keywords=("y",)),
]
_PAPERS = [replace(paper, source=Source("in.jsonl", line)) for line, paper in enumerate(_PAPERS, start=1)]


@given(st.permutations(_PAPERS))
@settings(max_examples=100, deadline=None)
def test_merging_duplicates_does_not_depend_on_input_order(papers: list[Paper]) -> None:
    merged, merges = merge_duplicates(papers)
    reference, reference_merges = merge_duplicates(_PAPERS)
    assert sorted(merged, key=lambda p: p.key) == sorted(reference, key=lambda p: p.key)
    assert sorted(map(str, merges)) == sorted(map(str, reference_merges))
    assert len(merged) == 3
