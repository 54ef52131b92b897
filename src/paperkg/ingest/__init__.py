"""Ingest: files of paper listings and metadata → Paper records, with every unreadable record reported.

One reader module per format, each a generator `read(path)` of `Paper | Problem`; this module finds the
files, picks the reader by extension and content, keeps going past any bad record, and merges duplicate
records (`merge_duplicates`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from paperkg.ingest import bibtex, listing, paperlists, tabular
from paperkg.ingest.text import decode_bytes, looks_binary
from paperkg.model import ID_SCHEMES, Paper, Problem, Source, normalise

Reader = Callable[[Path], Iterator[Paper | Problem]]

READERS: dict[str, Reader] = {
    "listing": listing.read,
    "json": paperlists.read,
    "jsonl": paperlists.read_lines,
    "bibtex": bibtex.read,
    "csv": tabular.read_csv,
    "tsv": tabular.read_tsv,
}
#: Extensions that name a structured format outright; `.txt` and the rest are told by their content.
EXTENSIONS = {
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".bib": "bibtex",
    ".bibtex": "bibtex", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
}

_HEAD_BYTES = 16384
_BIBTEX_START = re.compile(r"^\s*(%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")


@dataclass(frozen=True, slots=True)
class Merge:
    """Records that describe one paper: the one kept (with the others' ids and keywords) and the rest."""

    kept: Source
    duplicates: tuple[Source, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FileRead:
    """One input file: the reader chosen ("" when none fits), the encoding it was read in, what came out."""

    path: str
    format: str
    encoding: str
    records: int
    problems: int


@dataclass
class Reading:
    """What a set of inputs gave: the papers in input order (duplicates merged), the problems, the files
    read, the merges, and whether reading stopped at the first problem (`strict`)."""

    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    inputs: list[FileRead] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    records: int = 0
    stopped: bool = False


def detect_format(path: Path) -> str | None:
    """The reader for a file, from its extension and first bytes; None when no reader fits."""
    return _detect(path)[0]


def _detect(path: Path) -> tuple[str | None, str]:
    """(reader, "") or (None, why no reader fits)."""
    with path.open("rb") as file:
        data = file.read(_HEAD_BYTES)
    if looks_binary(data):
        return None, "a binary file, not a format paperkg reads; skipped"
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension, ""
    head = decode_bytes(data)[0].lstrip("\ufeff").replace("\r\n", "\n")
    stripped = head.lstrip()
    if listing.looks_like_listing(head):
        return "listing", ""
    if stripped.startswith("["):
        return "json", ""
    if stripped.startswith("{"):
        return ("jsonl" if "\n{" in stripped.rstrip() else "json"), ""
    if _BIBTEX_START.match(head):
        return "bibtex", ""
    for name, delimiter in (("tsv", "\t"), ("csv", ",")):
        if tabular.looks_tabular(stripped, delimiter):
            return name, ""
    if not stripped:
        return None, "an empty file; nothing read"
    return None, f"not a format paperkg reads ({', '.join(READERS)}); skipped"


def files_in(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each file named, and every file under each folder named, in a stable (sorted) order, with the
    name provenance records: the path from the named file or folder's parent, whatever the working folder.
    A file in a folder is named as the folder was (relative stays relative), so messages and the report
    do not depend on where the inputs sit on this machine."""
    for path in paths:
        if path.is_dir():
            folder = Path(os.path.abspath(path))
            for file in sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder)):
                yield path / file.relative_to(folder), file.relative_to(folder.parent).as_posix()
        else:
            yield path, path.name


def _hidden(path: Path, folder: Path) -> bool:
    """Dot files and anything in a dot folder (`.git/`, an exports folder's `.paperkg.lock`)."""
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def read(paths: Iterable[Path], fmt: str | None = None, *, strict: bool = False) -> Reading:
    """Read every paper from `paths`; a file or record that cannot be read becomes a Problem.

    With `strict`, reading stops at the first problem (`Reading.stopped`). Duplicate records are merged.
    """
    if fmt is not None and fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(READERS)}")
    reading = Reading()
    papers: list[Paper] = []
    for path, name_in_exports in files_in(paths):
        try:
            name, why = (fmt, "") if fmt else _detect(path)
            encoding = decode_bytes(path.read_bytes())[1] if name else ""
        except OSError as error:
            name, why = None, f"cannot read: {error.strerror}"
        if name is None:
            reading.problems.append(Problem(Source(str(path), 0), why))
            reading.inputs.append(FileRead(str(path), "", "", 0, 1))
            if strict:
                reading.stopped = True
                break
            continue
        reading.files.append(path)
        found = problems = 0
        for item in _guarded(READERS[name](path), path):
            if isinstance(item, Paper):
                papers.append(replace(item, source=Source(name_in_exports, item.source.line)))
                found += 1
            else:
                reading.problems.append(item)
                problems += 1
                if strict:
                    break
        if not found and not problems:
            reading.problems.append(Problem(Source(str(path), 0), f"no paper records found (read as {name})"))
            problems += 1
        reading.inputs.append(FileRead(str(path), name, encoding, found, problems))
        if strict and problems:
            reading.stopped = True
            break
    reading.records = len(papers)
    reading.papers, reading.merges = merge_duplicates(papers)
    return reading


def _guarded(items: Iterator[Paper | Problem], path: Path) -> Iterator[Paper | Problem]:
    """The reader's items; should the reader fail on input no test foresaw, a Problem for the rest of the
    file instead of a crash, and the records already read are kept."""
    line = 0
    try:
        for item in items:
            line = item.source.line if item.source else line
            yield item
    except (ValueError, LookupError, TypeError, RecursionError, MemoryError) as error:
        yield Problem(Source(str(path), line), f"cannot read past here ({type(error).__name__}: {error}); "
                                               "rest of the file skipped")


def identity_keys(paper: Paper) -> Iterator[tuple[str, tuple]]:
    """(reason, key) for each way two records can be the same paper: a global id (DOI, arXiv, OpenReview),
    a listing's own id within its venue, the normalised title and authors, and the IRI (`Paper.key`)."""
    for scheme, value in paper.ids:
        if scheme in ID_SCHEMES:
            yield f"same {scheme} id", (scheme, value.lower() if scheme == "doi" else value)
        else:
            yield f"same {scheme} id in {paper.venue_label or 'the same venue'}", (scheme, paper.venue_label, value)
    authors = tuple(sorted(normalise(name) for name in paper.authors))
    yield "same title and authors", ("title+authors", normalise(paper.title), authors)
    yield "same IRI", ("key", paper.key)


def merge_duplicates(papers: Sequence[Paper]) -> tuple[list[Paper], list[Merge]]:
    """One paper per group of records that share any identity key, in order of each group's first record.

    The record kept does not depend on input order: the one with an abstract, the most ids, keywords and
    authors, then by content; it gains the others' ids and keywords and, where it lacks them, URL,
    venue and year.
    """
    parent = list(range(len(papers)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    seen: dict[tuple, int] = {}
    matches: list[tuple[int, str]] = []
    for index, paper in enumerate(papers):
        for reason, key in identity_keys(paper):
            other = seen.setdefault(key, index)
            if other != index:
                matches.append((index, reason))
                a, b = root(index), root(other)
                parent[max(a, b)] = min(a, b)
    reasons: dict[int, set[str]] = {}
    for index, reason in matches:  # every shared key, not only those that joined two groups: order-free
        reasons.setdefault(root(index), set()).add(reason)
    groups: dict[int, list[Paper]] = {}
    for index, paper in enumerate(papers):
        groups.setdefault(root(index), []).append(paper)
    merged, merges = [], []
    for first, group in groups.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        ranked = sorted(group, key=_rank)
        kept = _combine(ranked)
        merged.append(kept)
        merges.append(Merge(kept=ranked[0].source, duplicates=tuple(p.source for p in ranked[1:]),
                            reasons=tuple(sorted(reasons.get(first, ())))))
    return merged, merges


def _rank(paper: Paper) -> tuple:
    return (not paper.abstract, -len(paper.ids), -len(paper.keywords), -len(paper.authors), paper.title,
            paper.authors, paper.abstract, paper.venue, paper.year or 0, paper.url, paper.session,
            str(paper.source))


def _combine(ranked: list[Paper]) -> Paper:
    best = ranked[0]
    keywords = list(best.keywords)
    for paper in ranked[1:]:
        keywords.extend(k for k in paper.keywords if normalise(k) not in {normalise(x) for x in keywords})
    return replace(
        best,
        ids=tuple(sorted({pair for paper in ranked for pair in paper.ids})),
        keywords=tuple(keywords),
        url=best.url or next((p.url for p in ranked if p.url), ""),
        venue=best.venue or next((p.venue for p in ranked if p.venue), ""),
        year=best.year or next((p.year for p in ranked if p.year), None),
    )
