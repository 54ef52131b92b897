"""Reader for CSV and TSV with a header row: one paper per row, columns named as in `records.ALIASES`.

A row with more or fewer fields than the header is reported and skipped; quoted fields may span lines
(the row's line is where it starts). Multi-valued cells (authors, keywords) are `;`-separated.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from paperkg.ingest import records
from paperkg.ingest.text import decode, venue_from_filename
from paperkg.model import Paper, Problem, Source

# A 1 MB abstract is one field; the csv module's default limit is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(path: Path) -> Iterator[Paper | Problem]:
    """Yield the papers of a comma-separated file and a Problem for every bad row."""
    yield from read(path, ",")


def read_tsv(path: Path) -> Iterator[Paper | Problem]:
    """Yield the papers of a tab-separated file and a Problem for every bad row."""
    yield from read(path, "\t")


def read(path: Path, delimiter: str) -> Iterator[Paper | Problem]:
    """Yield the papers of a delimited file with a header row, and a Problem for every bad row."""
    venue, year = venue_from_filename(path)
    defaults = records.Defaults(venue=venue, year=year)
    header: list[str] | None = None
    # Lines end at "\n" only: str.splitlines would also cut at \x1c-\x1e, \x85 and \u2028 inside a field.
    for line, row in _rows(io.StringIO(decode(path)).readlines(), delimiter):
        if isinstance(row, str):
            yield Problem(Source(str(path), line), row)
        elif header is None:
            header = [cell.strip().lstrip("\ufeff") for cell in row]
            if not any(name.lower() in records.ALIASES["title"] for name in header):
                yield Problem(Source(str(path), line), f"the header has no 'title' column ({_show(header)})")
                return
        else:
            yield records.paper(dict(zip(header, row, strict=True)), Source(str(path), line), defaults)


def _rows(lines: list[str], delimiter: str) -> Iterator[tuple[int, list[str] | str]]:
    """(line, row) for each non-blank row, or (line, reason) for a row of another width than the first's
    (the header's).

    A stray quote makes the csv module read on to the end of the file as one field; so when a row of the
    wrong width spans lines, only its first line is reported and reading resumes on the next line.
    """
    position, width = 0, None
    while position < len(lines):
        rows = csv.reader(lines[position:], delimiter=delimiter, strict=False)
        start, resume = position + 1, None
        while resume is None:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as error:
                yield start, f"not {'TSV' if delimiter == chr(9) else 'CSV'}: {error}; skipped"
                start = position + rows.line_num + 1
                continue
            line, start = start, position + rows.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            width = len(row) if width is None else width
            if len(row) == width:
                yield line, row
                continue
            yield line, f"expected {width} fields as in the header, found {len(row)}; skipped"
            if start - line > 1:
                resume = line  # the index of the line after the row's first
        if resume is None:
            return
        position = resume


def _show(header: list[str]) -> str:
    text = ", ".join(header)
    return text if len(text) <= 80 else text[:79] + "…"


def looks_tabular(head: str, delimiter: str) -> bool:
    """True when the first line is a header with a title column, split by `delimiter`."""
    first = head.split("\n", 1)[0]
    names = [cell.strip().strip('"').lower() for cell in first.split(delimiter)]
    return len(names) > 1 and any(name in records.ALIASES["title"] for name in names)
