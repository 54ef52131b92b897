"""Reader for JSON metadata: Paper Copilot paperlists and OpenReview exports (a JSON array of records, an
object holding one, or one record), and JSON Lines (one record per line).

A broken record costs only itself: the array is decoded element by element (`raw_decode`), and after an
element that is not JSON the reader resumes at the next `{` that follows a `,` or `[`. Each record's line
is where its `{` is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from paperkg.ingest import records
from paperkg.ingest.text import decode_bytes, venue_from_filename
from paperkg.model import Paper, Problem, Source

#: Keys under which API responses and dumps hold their list of records.
LIST_KEYS = ("notes", "papers", "records", "items", "results", "data")
#: Lenient about raw control characters inside strings (tabs, newlines, NULs): scrapers leave them there.
_DECODER = json.JSONDecoder(strict=False)
_SPACE = re.compile(r"[ \t\n\r]*")
_NEXT_RECORD = re.compile(r"[,\[][ \t\n\r]*\{")


def read(path: Path) -> Iterator[Paper | Problem]:
    """Yield the papers of a JSON file (array, object or lines) and a Problem for every bad record."""
    text = _text(path)
    defaults = _defaults(path)
    start = _SPACE.match(text).end()
    if start == len(text):
        return
    if text[start] == "[":
        yield from _items(_array(text, start, str(path)), str(path), defaults)
    elif text[start] == "{" and _is_lines(text, start):
        yield from _items(_lines(text, str(path)), str(path), defaults)
    elif text[start] == "{":
        yield from _items(_object(text, start, str(path)), str(path), defaults)
    else:
        yield Problem(Source(str(path), _line(text, start)), "expected a JSON array or object of paper records")


def read_lines(path: Path) -> Iterator[Paper | Problem]:
    """Yield the papers of a JSON Lines file, one record per line, and a Problem for every bad line."""
    yield from _items(_lines(_text(path), str(path)), str(path), _defaults(path))


def _text(path: Path) -> str:
    """The file's text with its line ends as they are: a raw `\\r` inside a JSON string is not a line end."""
    return decode_bytes(path.read_bytes())[0]


def _defaults(path: Path) -> records.Defaults:
    venue, year = venue_from_filename(path)
    return records.Defaults(venue=venue, year=year)


def _items(items: Iterator[tuple[int, object]], path: str, defaults: records.Defaults) -> Iterator[Paper | Problem]:
    for line, item in items:
        yield item if isinstance(item, Problem) else records.paper(item, Source(path, line), defaults)


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


class _Lines:
    """Line numbers of increasing positions in a text, counted incrementally."""

    def __init__(self, text: str) -> None:
        self.text, self.position, self.line = text, 0, 1

    def at(self, position: int) -> int:
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def _array(text: str, start: int, path: str) -> Iterator[tuple[int, object]]:
    """(line, record) for each element of the array at `start`, and (line, Problem) for each broken one."""
    lines = _Lines(text)
    position = _SPACE.match(text, start + 1).end()
    broken = False  # the last element was not JSON: it already explains a missing "]"
    while position < len(text):
        if text.startswith("]", position):  # the end (after a trailing comma too: lenient)
            return
        line = lines.at(position)
        try:
            value, end = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as error:
            yield line, Problem(Source(path, line), f"not a JSON record: {error.msg} (line {error.lineno}, "
                                                   f"column {error.colno}); skipped")
            position, broken = _resume(text, max(error.pos, position + 1)), True
            continue
        yield line, value
        position, broken = _SPACE.match(text, end).end(), False
        if text.startswith(",", position):
            position = _SPACE.match(text, position + 1).end()
        elif position < len(text) and not text.startswith("]", position):
            line = lines.at(position)
            yield line, Problem(Source(path, line), "expected ',' or ']' after a record; skipped to the next record")
            position, broken = _resume(text, position), True
    if not broken:
        line = lines.at(len(text))
        yield line, Problem(Source(path, line), "the JSON array is cut short (no closing ']')")


def _resume(text: str, position: int) -> int:
    """Where the next record starts after a broken one: the next `{` after a `,` or `[`, whose object
    decodes; the end of the text when there is none."""
    for match in _NEXT_RECORD.finditer(text, position):
        candidate = match.end() - 1
        try:
            _DECODER.raw_decode(text, candidate)
        except json.JSONDecodeError:
            continue
        return candidate
    return len(text)


def _is_lines(text: str, start: int) -> bool:
    """True when the text holds more than one JSON value: its first line is a whole object and more follows,
    or its first line is broken and the next non-empty line opens another object."""
    first_end = text.find("\n", start)
    if first_end < 0:
        return False
    following = _SPACE.match(text, first_end).end()
    if following >= len(text):
        return False
    try:
        _DECODER.decode(text[start:first_end])
    except json.JSONDecodeError:
        return text.startswith("{", following)
    return True


def _lines(text: str, path: str) -> Iterator[tuple[int, object]]:
    """(line, record) for each non-empty line, and (line, Problem) for each that is not JSON."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, _DECODER.decode(line)
        except json.JSONDecodeError as error:
            yield number, Problem(Source(path, number), f"not JSON: {error.msg} (column {error.colno}); skipped")


def _object(text: str, start: int, path: str) -> Iterator[tuple[int, object]]:
    """The records of a document that is one object: its list of records (`notes`, `papers`, …) or itself."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        yield _line(text, start), Problem(Source(path, _line(text, start)),
                                          f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})")
        return
    for key in LIST_KEYS:
        if isinstance(value, dict) and isinstance(value.get(key), list):
            found = re.search(rf'"{key}"\s*:\s*\[', text)
            if found:
                yield from _array(text, found.end() - 1, path)
            else:  # the key is spelt with escapes: the records are all there, their lines are not
                yield from ((_line(text, start), item) for item in value[key])
            return
    yield _line(text, start), value
    rest = _SPACE.match(text, end).end()
    if rest < len(text):
        yield _line(text, rest), Problem(Source(path, _line(text, rest)), "content after the JSON object; ignored")
