"""Helpers every text reader shares: decoding bytes, paragraphs with their line numbers, venue from a name."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

#: File-name spellings of venues that are not simply the upper-cased name.
_VENUE_NAMES = {"nips": "NeurIPS", "neurips": "NeurIPS", "corl": "CoRL", "colt": "COLT"}
_VENUE_IN_NAME = re.compile(r"^([a-z]{2,12})[_\-.]?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def decode(path: Path) -> str:
    """The text of a file: UTF-8 or UTF-16 by BOM, else UTF-8, else Windows-1252, with newlines as `\\n`."""
    data = path.read_bytes()
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    else:
        text = data.decode(encoding, errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def venue_from_filename(path: Path) -> tuple[str, int | None]:
    """`iclr2022_poster_session_10.txt` → ("ICLR", 2022); ("", None) when the name says nothing."""
    match = _VENUE_IN_NAME.match(path.name)
    if not match:
        return "", None
    name = match.group(1).lower()
    return _VENUE_NAMES.get(name, name.upper()), int(match.group(2))


@dataclass(frozen=True, slots=True)
class Part:
    """A paragraph (lines between blank lines) and the 1-based line it starts on."""

    line: int
    text: str


def paragraphs(text: str) -> Iterator[tuple[int, Part]]:
    """Yield each paragraph with the number of blank lines before it."""
    blank, start, lines = 0, 0, []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not lines:
                start, gap, blank = number, blank, 0
            lines.append(line.strip())
            continue
        if lines:
            yield gap, Part(start, "\n".join(lines))
            lines = []
        blank += 1
    if lines:
        yield gap, Part(start, "\n".join(lines))


def blocks(text: str, separator: int = 2) -> Iterator[list[Part]]:
    """Group paragraphs into blocks: a run of `separator` or more blank lines ends a block."""
    block: list[Part] = []
    for gap, part in paragraphs(text):
        if block and gap >= separator:
            yield block
            block = []
        block.append(part)
    if block:
        yield block
