"""Reader for BibTeX (bibtexparser 2): one paper per entry with a title.

bibtexparser stops a block with unbalanced braces at the next `@type{` and reports it as a failed block,
so a broken entry costs only itself. Field values are decoded from LaTeX (`{\\"o}` → ö; math is kept as it
is); `Last, First` names become `First Last`. Venue: `booktitle`, else `journal`, else the file name.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

from paperkg.ingest import records
from paperkg.ingest.text import decode, venue_from_filename
from paperkg.model import Paper, Problem, Source

#: Entry types that are not works (bibtexparser keeps @string/@preamble/@comment apart already).
_NOT_PAPERS = frozenset({"set", "xdata"})
_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
#: bibtexparser logs each failed block here; paperkg reports them itself, as FILE:LINE problems.
_SPLITTER_LOG = logging.getLogger("bibtexparser.splitter")


def read(path: Path) -> Iterator[Paper | Problem]:
    """Yield a paper for each entry and a Problem for each block that cannot be read."""
    level = _SPLITTER_LOG.level
    _SPLITTER_LOG.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(decode(path))
    finally:
        _SPLITTER_LOG.setLevel(level)
    venue, year = venue_from_filename(path)
    defaults = records.Defaults(venue=venue, year=year, id_scheme="bibtex")
    found: list[tuple[int, Paper | Problem]] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        error = getattr(block, "error", None)
        reason = " ".join(str(getattr(error, "abort_reason", "") or error or "cannot be parsed").split())
        found.append((line, Problem(Source(str(path), line), f"not a BibTeX entry: {reason}; skipped")))
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        if entry.entry_type.lower() not in _NOT_PAPERS:
            found.append((line, _paper(entry, Source(str(path), line), defaults)))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def _paper(entry, source: Source, defaults: records.Defaults) -> Paper | Problem:
    values: dict[str, object] = {}
    raw_authors = ""
    for field in entry.fields:
        if isinstance(field.value, str) and field.key.lower() not in values:
            values[field.key.lower()] = latex_to_text(field.value)
            raw_authors = field.value if field.key.lower() == "author" and not raw_authors else raw_authors
    # Names are split on the raw value: `{Barnes and Noble}` is one name only while its braces are there.
    values["author"] = [latex_to_text(person_name(name)) for name in _names(raw_authors)]
    values["id"] = entry.key
    if str(values.get("archiveprefix", "arxiv")).lower() != "arxiv":
        values.pop("eprint", None)
    return records.paper(values, source, defaults)


#: What pylatexenc makes of LaTeX's plain-text ligatures, done without it for values with no macro: it
#: reads ~100k characters a second, so a corpus of abstracts through it takes minutes.
_LIGATURES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"), ("~", "\u00a0"),
              ("{", ""), ("}", ""))


def latex_to_text(value: str) -> str:
    """A BibTeX value as text: accents and escapes decoded, braces dropped; as it is when LaTeX fails."""
    if "\\" not in value:
        for latex, text in _LIGATURES:
            value = value.replace(latex, text)
        return value
    try:
        return _LATEX.latex_to_text(value)
    except Exception:  # pylatexenc raises many kinds of error on hostile input; the raw text will do
        return value.replace("{", "").replace("}", "")


def _names(value: object) -> list[str]:
    return split_multiple_persons_names(value) if isinstance(value, str) and value.strip() else []


def person_name(name: str) -> str:
    """`Lovelace, Ada` → `Ada Lovelace`; `von Neumann, Jr., John` → `John von Neumann Jr.`"""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        return name
    return " ".join([*parts.first, *parts.von, *parts.last, *parts.jr]) or name
