"""Ingest: files of paper listings and metadata → Paper records, with every unreadable record reported.

One reader module per format, each a generator `read(path)` of `Paper | Problem`; this module finds the
files, picks the reader by extension and content, and keeps going past any bad record.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from paperkg.ingest import listing
from paperkg.model import Paper, Problem, Source

Reader = Callable[[Path], Iterator[Paper | Problem]]

READERS: dict[str, Reader] = {"listing": listing.read}

_HEAD_BYTES = 16384


@dataclass
class Reading:
    """What a set of inputs gave: the papers in input order, the problems, and the files read."""

    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def detect_format(path: Path) -> str | None:
    """The reader for a file, from its extension and first bytes; None when no reader fits."""
    head = path.open("rb").read(_HEAD_BYTES).decode("utf-8", errors="replace")
    if path.suffix.lower() in {".txt", ".text", ""} and listing.looks_like_listing(head.replace("\r\n", "\n")):
        return "listing"
    return None


def files_in(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each file named, and every file under each folder named, in a stable (sorted) order, with the
    name provenance records: the path from the named file or folder's parent, whatever the working folder."""
    for path in paths:
        if path.is_dir():
            folder = Path(os.path.abspath(path))
            for file in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield file, file.relative_to(folder.parent).as_posix()
        else:
            yield path, path.name


def read(paths: Iterable[Path], fmt: str | None = None) -> Reading:
    """Read every paper from `paths`; a file or record that cannot be read becomes a Problem."""
    reading = Reading()
    for path, name_in_exports in files_in(paths):
        try:
            name = fmt or detect_format(path)
        except OSError as error:
            reading.problems.append(Problem(Source(str(path), 0), f"cannot read: {error.strerror}"))
            continue
        if name is None:
            reading.problems.append(Problem(Source(str(path), 0), "not a format paperkg reads "
                                                                   f"({', '.join(READERS)}); skipped"))
            continue
        reading.files.append(path)
        for item in READERS[name](path):
            if isinstance(item, Paper):
                reading.papers.append(replace(item, source=Source(name_in_exports, item.source.line)))
            else:
                reading.problems.append(item)
    return reading
