"""Helpers every text reader shares: decoding bytes, paragraphs with their line numbers, venue from a name."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 4096
#: Characters that are neither ASCII nor the replacement character: what valid multi-byte UTF-8 decodes to.
_DECODED_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")

#: File-name spellings of venues that are not simply the upper-cased name.
_VENUE_NAMES = {"nips": "NeurIPS", "neurips": "NeurIPS", "corl": "CoRL", "colt": "COLT"}
_VENUE_IN_NAME = re.compile(r"^([a-z]{2,12})[_\-.]?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def detect_encoding(data: bytes) -> str:
    """The encoding of `data`, as `decode_bytes` reads it: a BOM, UTF-16 by its zero bytes, UTF-8, or
    Windows-1252. `"utf-8, invalid bytes replaced"` names UTF-8 with a few stray bytes in it."""
    return decode_bytes(data)[1]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; never fails (bad bytes become U+FFFD).

    Without a BOM: UTF-16 when every other byte of ASCII-range text is zero; else strict UTF-8; else UTF-8
    with replacement when valid multi-byte sequences are there, at least one per four invalid bytes (a
    UTF-8 file with a few stray bytes: Latin-1 text almost never holds a valid UTF-8 sequence); else
    Windows-1252 (a superset of Latin-1's printable range).
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data)
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(_DECODED_NON_ASCII.findall(replaced))
    if valid and 4 * valid >= invalid:
        return replaced, "utf-8, invalid bytes replaced"
    return data.decode("cp1252", errors="replace"), "cp1252"


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when most odd (even) bytes of the first kilobytes are zero: ASCII-range
    text in UTF-16. Text in UTF-8 or a single-byte code has no zero bytes at all."""
    head = data[:_SNIFF_BYTES]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


#: Leading bytes of binary formats people drop into folders of metadata by mistake.
_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"BZh")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are no text in any encoding `decode_bytes` reads: a binary format's magic number,
    more than 1% zero bytes outside UTF-16/32, or more than 10% control characters (compressed data has
    ~11%); a handful is never enough.
    A text with a few raw control characters or zero bytes in it stays text."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(_MAGIC):
        return True
    if not head or any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return head.count(0) > max(4, 0.01 * len(head)) or controls > max(4, 0.1 * len(head))


def decode(path: Path) -> str:
    """The text of a file (see `decode_bytes`), with newlines as `\\n`."""
    text, _ = decode_bytes(path.read_bytes())
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
