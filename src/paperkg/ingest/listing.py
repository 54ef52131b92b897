"""Reader for a conference listing page saved as text: page chrome, then one block per paper.

A block is a title, the authors separated by ` · `, and the abstract, with a blank line between them and
two blank lines between blocks. This is what a browser's "save as text" gives for an OpenReview-style
session page (ICLR, NeurIPS virtual sites).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from paperkg.ingest.text import Part, blocks, decode, venue_from_filename
from paperkg.model import Paper, Problem, Source

AUTHOR_SEPARATOR = "·"

#: Lines of the page's navigation that are not part of any paper.
_CHROME = re.compile(r"^(skip to .*|abstract:|chat is not available\.?)$", re.IGNORECASE)
#: The header line that precedes the session's name.
_SESSION_HEADER = "session"
_MAX_NAME_CHARS = 100


def looks_like_listing(head: str) -> bool:
    """True when a file's first kilobytes hold ` · `-separated author lines between blank lines."""
    return bool(re.search(r"\n\n[^\n]{1,300} · [^\n]{1,300}\n\n", head))


def read(path: Path) -> Iterator[Paper | Problem]:
    """Yield the papers of a listing and a Problem for every block that is not one."""
    venue, year = venue_from_filename(path)
    session = ""
    for block in blocks(decode(path)):
        parts = [part for part in block if not _is_chrome(part.text)]
        if not parts:
            continue
        if parts[0].text.lower() == _SESSION_HEADER and len(parts) >= 2 and not session:
            session = parts[1].text
            continue
        page = Paper(title="", authors=(), venue=venue, year=year, session=session)
        for paper in _split_papers(parts):
            yield _paper(paper, page, str(path))


def _split_papers(parts: list[Part]) -> Iterator[list[Part]]:
    """Split a block where a one-line title and a ` · ` author line start another paper.

    Recovers papers whose separating double blank line was lost, instead of gluing them to the abstract.
    """
    start = 0
    for index in range(2, len(parts) - 1):
        if _is_byline(parts[index + 1]) and "\n" not in parts[index].text and index - start >= 2:
            yield parts[start:index]
            start = index
    yield parts[start:]


def _is_byline(part: Part) -> bool:
    return "\n" not in part.text and f" {AUTHOR_SEPARATOR} " in part.text


def _is_chrome(text: str) -> bool:
    return all(_CHROME.match(line.strip()) for line in text.splitlines())


def _paper(parts: list[Part], page: Paper, path: str) -> Paper | Problem:
    """The paper of one block, filling in `page`'s venue and session; or why the block is not a paper."""
    title, *rest = parts
    if not rest:
        return Problem(Source(path, title.line), "expected a title, an author line and an abstract "
                                                  "separated by blank lines; found one paragraph")
    byline = rest[0]
    names = tuple(name for name in (" ".join(raw.split()) for raw in byline.text.split(AUTHOR_SEPARATOR)) if name)
    if "\n" in byline.text or not names or any(len(name) > _MAX_NAME_CHARS for name in names):
        return Problem(Source(path, byline.line), "expected the author line (names separated by ' · ') "
                                                   f"after the title, found {byline.text[:60]!r}")
    return replace(
        page,
        title=" ".join(title.text.split()),
        authors=names,
        abstract="\n\n".join(part.text for part in rest[1:]),
        source=Source(path, title.line),
    )
