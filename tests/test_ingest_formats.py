"""The JSON, JSON Lines, BibTeX and CSV/TSV readers: field mapping, ids, detection, and the paperlists corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg import ingest
from paperkg.ingest import records


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_paperlists_corpus_reads_with_only_its_one_bad_record(shared_data: Path) -> None:
    reading = ingest.read([shared_data / "paperlists"])
    reasons = [str(problem) for problem in reading.problems]
    assert len(reasons) == 2, reasons
    assert reasons[0].endswith("SOURCE.md:0: not a format paperkg reads (listing, json, jsonl, bibtex, csv, tsv); "
                               "skipped")
    assert reasons[1].endswith("iclr/iclr2017.json:11780: no title; skipped")
    assert reading.records == 11908
    assert len(reading.papers) == reading.records - sum(len(m.duplicates) for m in reading.merges) == 11895
    assert sorted({item.format for item in reading.inputs}) == ["", "json"]  # "": SOURCE.md, no reader fits
    venues = {paper.venue_label for paper in reading.papers}
    assert {"ICLR 2013", "ICLR 2017", "ICML 2019", "NeurIPS 1987", "NeurIPS 2018"} <= venues


def test_paperlists_fields_ids_and_keywords(shared_data: Path) -> None:
    papers = {p.title: p for p in ingest.read([shared_data / "paperlists" / "iclr" / "iclr2017.json"]).papers}
    paper = papers["Prototypical Networks for Few-shot Learning"]
    assert paper.authors == ("Jake Snell", "Kevin Swersky", "Richard Zemel")
    assert paper.keywords == ("Deep learning", "Transfer Learning")
    assert (paper.venue, paper.year, paper.venue_label) == ("ICLR", 2017, "ICLR 2017")
    assert paper.ids == (("openreview", "B1-Hhnslg"),)
    assert paper.key == "openreview/B1-Hhnslg"
    assert paper.url == "https://openreview.net/forum?id=B1-Hhnslg"
    assert paper.source is not None and paper.source.file == "iclr2017.json" and paper.source.line == 2


def test_site_specific_ids_do_not_claim_to_be_openreview(shared_data: Path) -> None:
    paper = ingest.read([shared_data / "paperlists" / "nips" / "nips2018.json"]).papers[0]
    assert paper.ids == (("paperlists", "11127"),)
    assert paper.venue_label == "NeurIPS 2018"
    assert paper.authors == ("Lijun Zhang", "Zhi-Hua Zhou")
    assert not paper.key.startswith("openreview/")


def test_json_array_object_and_lines_are_told_apart(tmp_path: Path) -> None:
    record = {"title": "T", "author": "A B"}
    array = _write(tmp_path / "a.json", json.dumps([record, record | {"title": "U"}], indent=1))
    single = _write(tmp_path / "s.json", json.dumps(record))
    wrapped = _write(tmp_path / "w.json", json.dumps({"count": 1, "papers": [record]}, indent=2))
    lines = _write(tmp_path / "l.json", json.dumps(record) + "\n" + json.dumps(record | {"title": "U"}) + "\n")
    assert [p.title for p in ingest.read([array]).papers] == ["T", "U"]
    assert [p.title for p in ingest.read([single]).papers] == ["T"]
    assert [(p.title, p.source.line) for p in ingest.read([wrapped]).papers] == [("T", 4)]
    assert [(p.title, p.source.line) for p in ingest.read([lines]).papers] == [("T", 1), ("U", 2)]


def test_openreview_api_notes_are_flattened(tmp_path: Path) -> None:
    note = {"id": "xYz9", "forum": "xYz9", "content": {
        "title": {"value": "A Note"}, "authors": {"value": ["Ada Lovelace", "Alan Turing"]},
        "abstract": {"value": "Text."}, "keywords": {"value": ["graphs", "theory"]},
        "venue": {"value": "ICLR 2024 poster"}}}
    path = _write(tmp_path / "notes.json", json.dumps({"notes": [note]}))
    paper, = ingest.read([path]).papers
    assert (paper.title, paper.authors, paper.keywords) == ("A Note", ("Ada Lovelace", "Alan Turing"),
                                                            ("graphs", "theory"))
    assert paper.ids == (("openreview", "xYz9"),) and paper.year == 2024


def test_author_strings_split_on_semicolons_bars_or_commas_between_full_names() -> None:
    assert records.split_names("Ada Lovelace; Alan Turing") == ["Ada Lovelace", " Alan Turing"]
    assert records.split_names("Ada Lovelace | Alan Turing") == ["Ada Lovelace ", " Alan Turing"]
    assert records.split_names("Ada Lovelace, Alan Turing") == ["Ada Lovelace", " Alan Turing"]
    assert records.split_names("Lovelace, Ada") == ["Lovelace, Ada"]
    assert records.split_names([{"name": "Ada"}, "Alan"]) == ["Ada", "Alan"]


def test_doi_and_arxiv_ids_are_found_in_fields_and_urls(tmp_path: Path) -> None:
    path = _write(tmp_path / "ids.jsonl", "\n".join(json.dumps(r) for r in (
        {"title": "D", "doi": "https://doi.org/10.1145/ABC.123"},
        {"title": "X", "url": "https://arxiv.org/abs/2101.00001v3"},
        {"title": "E", "eprint": "arXiv:1706.03762"},
    )) + "\n")
    ids = [p.ids for p in ingest.read([path]).papers]
    assert ids == [(("doi", "10.1145/abc.123"),), (("arxiv", "2101.00001"),), (("arxiv", "1706.03762"),)]


def test_bibtex_names_latex_venue_and_ids(tmp_path: Path) -> None:
    path = _write(tmp_path / "refs.bib", r"""
% a comment line
@string{neurips = "Advances in Neural Information Processing Systems"}
@inproceedings{vaswani2017,
  title     = {Attention Is {All} You Need},
  author    = {Vaswani, Ashish and Shazeer, Noam and {Google Brain Team}},
  booktitle = neurips,
  year      = {2017},
  eprint    = {1706.03762}, archivePrefix = {arXiv},
  keywords  = {transformer, attention},
  abstract  = {Schr{\"o}dinger's $\ell_1$ \& more.}
}
@misc{notarxiv, title={Other eprint}, eprint={hep/123}, archivePrefix={HAL}}
""")
    first, second = ingest.read([path]).papers
    assert first.title == "Attention Is All You Need"
    assert first.authors == ("Ashish Vaswani", "Noam Shazeer", "Google Brain Team")
    assert first.venue_label == "Advances in Neural Information Processing Systems 2017"
    assert first.abstract == "Schrödinger's $\\ell_1$ & more."
    assert first.keywords == ("transformer", "attention")
    assert first.ids == (("arxiv", "1706.03762"), ("bibtex", "vaswani2017"))
    assert first.source.line == 4
    assert second.ids == (("bibtex", "notarxiv"),)


@pytest.mark.parametrize(("name", "delimiter"), [("papers.csv", ","), ("papers.tsv", "\t")])
def test_tabular_rows_with_header_aliases(tmp_path: Path, name: str, delimiter: str) -> None:
    header = delimiter.join(["Title", "Authors", "Abstract", "Keywords", "DOI", "Year", "Venue"])
    row = delimiter.join(["A Table Paper", "Ada Lovelace; Alan Turing", "Short.", "graphs; theory",
                          "10.1000/x", "2020", "ICML"])
    path = _write(tmp_path / name, f"{header}\n{row}\n")
    paper, = ingest.read([path]).papers
    assert (paper.title, paper.authors, paper.keywords) == ("A Table Paper", ("Ada Lovelace", "Alan Turing"),
                                                            ("graphs", "theory"))
    assert (paper.venue_label, paper.ids, paper.source.line) == ("ICML 2020", (("doi", "10.1000/x"),), 2)


def test_format_is_detected_by_content_when_the_extension_says_nothing(tmp_path: Path) -> None:
    cases = {
        "a.txt": '[{"title": "T"}]', "b.txt": '{"title": "T"}\n{"title": "U"}\n', "c.dat": "@article{k, title={T}}",
        "d.txt": "title\tauthors\nT\tA\n", "e": "title,authors\nT,A\n",
    }
    for name, text in cases.items():
        _write(tmp_path / name, text)
    assert [ingest.detect_format(tmp_path / name) for name in cases] == ["json", "jsonl", "bibtex", "tsv", "csv"]


def test_format_option_overrides_detection(tmp_path: Path) -> None:
    path = _write(tmp_path / "listing.dat", '{"title": "Read as lines"}\n')
    assert [p.title for p in ingest.read([path], "jsonl").papers] == ["Read as lines"]
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        ingest.read([path], "xml")


def test_folders_are_read_recursively_and_dot_folders_skipped(tmp_path: Path) -> None:
    _write((tmp_path / "a" / "b").mkdir(parents=True) or tmp_path / "a" / "b" / "deep.jsonl", '{"title": "Deep"}\n')
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git" / "config.json", '{"title": "Hidden"}\n')
    assert [p.title for p in ingest.read([tmp_path]).papers] == ["Deep"]


def test_paper_copilot_author_site_stands_in_for_an_empty_author_field(tmp_path: Path) -> None:
    path = tmp_path / "nips2018.json"
    path.write_text(json.dumps([{"title": "T", "author": "", "author_site": "Lijun Zhang, Zhi-Hua Zhou",
                                 "site": "https://nips.cc/x"}]), encoding="utf-8")
    [paper] = ingest.read([path]).papers
    assert paper.authors == ("Lijun Zhang", "Zhi-Hua Zhou")


def test_per_author_ids_are_kept_in_byline_order(tmp_path: Path) -> None:
    path = tmp_path / "iclr2017.json"
    path.write_text(json.dumps([{"title": "T", "author": "Ada Lovelace;Alan Turing;Grace Hopper",
                                 "authorids": "Ada@Example.org;~Alan_Turing1;", "orcid": ";;0000-0002-1825-0097"}]),
                    encoding="utf-8")
    [paper] = ingest.read([path]).papers
    assert paper.author_ids == ((("email", "ada@example.org"),), (("openreview", "~Alan_Turing1"),),
                                (("orcid", "0000-0002-1825-0097"),))


def test_a_shared_author_id_merges_two_spellings_of_a_person(tmp_path: Path) -> None:
    from paperkg.resolve.people import resolve_people

    path = tmp_path / "iclr2017.json"
    path.write_text(json.dumps([{"title": "A", "author": "B. Schölkopf;X Y", "authorids": "bs@mpg.de;xy@a.b"},
                                {"title": "B", "author": "Bernhard Schoelkopf", "authorids": "BS@mpg.de"}]),
                    encoding="utf-8")
    first, second = resolve_people(ingest.read([path]).papers)
    assert first[0] is second[0]
