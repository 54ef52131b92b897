"""Metadata records (a JSON object, a CSV row, a BibTeX entry's fields) → Paper: the field names every
structured reader shares, and the clean-up of what scrapers put in them.

Fields, by any of these names (case-insensitive): `title`; `abstract`; `author`/`authors` (a list, or one
string separated by `;`, else `|`, else `, ` between full names); `keywords`/`keyword` (a list, or `;`-,
else `,`-separated); `id` (an OpenReview id when the record's `site` is on openreview.net, else the
listing's own id: scheme `paperlists` in Paper Copilot records, which have a `site`, else `id`); `forum`
(OpenReview); `doi`; `arxiv`/`arxiv_id`/`eprint`; `site`/`url`; `year`; `venue`/`conference`/`booktitle`/
`journal`. OpenReview's API notes (`content` with `{"value": …}`) are flattened first. Venue and year
missing from the fields come from the file name (`iclr2017.json` → ICLR 2017).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from paperkg.model import Paper, Problem, Source

#: Field name → the names it goes by in the wild.
ALIASES = {
    "title": ("title",),
    "abstract": ("abstract", "summary"),
    "authors": ("authors", "author", "author_site"),
    "keywords": ("keywords", "keyword"),
    "id": ("id",),
    "forum": ("forum",),
    "doi": ("doi",),
    "arxiv": ("arxiv", "arxiv_id", "arxivid", "eprint"),
    "url": ("site", "url", "link"),
    "year": ("year",),
    "venue": ("venue", "conference", "booktitle", "journal"),
}
#: Characters that no export can carry: lone surrogates (from JSON `\ud800` escapes).
_UNENCODABLE = re.compile("[\ud800-\udfff]")
_DOI = re.compile(r"(?:doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
_ARXIV = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
                    r"(?:\.pdf)?$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_OPENREVIEW = re.compile(r"^https?://(?:www\.)?openreview\.net/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Defaults:
    """What the file says about all its records: venue and year from its name, and the id scheme."""

    venue: str = ""
    year: int | None = None
    id_scheme: str = "id"


def clean(text: str) -> str:
    """Text as exports can carry it: lone surrogates become U+FFFD; everything else is kept as it is."""
    return _UNENCODABLE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """White space (newlines, tabs) collapsed: titles, names and keywords are one line."""
    return " ".join(clean(text).split())


def flatten(record: Mapping) -> dict:
    """An OpenReview API note (`{"id", "forum", "content": {"title": {"value": …}}}`) as a flat record;
    any other record as it is."""
    content = record.get("content")
    if not isinstance(content, Mapping):
        return dict(record)
    flat = {key: value for key, value in record.items() if key != "content"}
    for key, value in content.items():
        flat.setdefault(key, value.get("value") if isinstance(value, Mapping) else value)
    return flat


def fields(record: Mapping) -> dict[str, object]:
    """The record's values under paperkg's field names; of the aliases holding a value, the first listed
    wins (`author`, else Paper Copilot's `author_site`)."""
    given: dict[str, object] = {}
    for key, value in record.items():
        if value not in (None, "", [], ()):
            given.setdefault(str(key).strip().lower(), value)
    return {name: next(given[alias] for alias in aliases if alias in given)
            for name, aliases in ALIASES.items() if any(alias in given for alias in aliases)}


#: Per-author identifier fields (`;`-separated, one entry per author) → the id scheme of their values.
AUTHOR_ID_FIELDS = {"authorids": None, "orcid": "orcid", "dblp": "dblp", "or_profile": "openreview"}


def author_identifiers(record: Mapping, authors: int) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Each author's ids from the record's per-author fields, when they list exactly one entry per author:
    OpenReview profiles (`~Ada_Lovelace1`), ORCIDs, DBLP ids, e-mail addresses."""
    lowered = {str(key).strip().lower(): value for key, value in record.items()}
    per_author: list[set[tuple[str, str]]] = [set() for _ in range(authors)]
    for name, scheme in AUTHOR_ID_FIELDS.items():
        value = lowered.get(name)
        entries = value if isinstance(value, list) else str(value).split(";") if isinstance(value, str) else []
        if len(entries) != authors:
            continue
        for found, entry in zip(per_author, entries, strict=True):
            entry = one_line(str(entry))
            if entry:
                kind = scheme or ("openreview" if entry.startswith("~") else "email" if "@" in entry else "")
                if kind:
                    found.add((kind, entry.lower() if kind == "email" else entry))
    return tuple(tuple(sorted(found)) for found in per_author) if any(per_author) else ()


def paper(record: Mapping, source: Source, defaults: Defaults | None = None) -> Paper | Problem:
    """The Paper a record describes, or the Problem that keeps it out (no title, a field of the wrong type)."""
    defaults = defaults or Defaults()
    if not isinstance(record, Mapping):
        return Problem(source, f"expected an object with a title, found {type(record).__name__}")
    values = fields(flatten(record))
    try:
        title = one_line(_text(values.get("title", ""), "title"))
        if not title:
            return Problem(source, "no title; skipped")
        authors = tuple(name for name in (one_line(n) for n in split_names(values.get("authors", ""))) if name)
        keywords = tuple(dict.fromkeys(k for k in (one_line(k) for k in split_list(values.get("keywords", ""))) if k))
        abstract = clean(_text(values.get("abstract", ""), "abstract")).strip()
        url = one_line(_text(values.get("url", ""), "url"))
        venue = one_line(_text(values.get("venue", ""), "venue")) or defaults.venue
        year = _year(values.get("year")) or _year(venue) or defaults.year
        ids = identifiers(values, url, "paperlists" if "site" in record else defaults.id_scheme)
        author_ids = author_identifiers(flatten(record), len(authors))
    except _WrongType as error:
        return Problem(source, str(error))
    return Paper(title=title, authors=authors, abstract=abstract, venue=venue, year=year,
                 url=url if url.lower().startswith(("http://", "https://")) else "", ids=ids, keywords=keywords,
                 author_ids=author_ids, source=source)


class _WrongType(ValueError):
    """A field holds a value of a type that cannot mean what the field means."""


def _text(value: object, name: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _WrongType(f"{name!r} is {type(value).__name__}, expected text; skipped")
    return str(value)


def split_names(value: object) -> list[str]:
    """Author names from a list (of names or of `{"name": …}`) or a string: `;`, else `|`, else `, `
    between full names (`Ada Lovelace, Alan Turing`; `Lovelace, Ada` stays one name)."""
    if isinstance(value, list | tuple):
        return [_text(item.get("name", item.get("fullname", "")) if isinstance(item, Mapping) else item, "author")
                for item in value]
    text = _text(value, "author")
    for separator in (";", "|"):
        if separator in text:
            return text.split(separator)
    parts = text.split(",")
    if len(parts) > 1 and all(len(part.split()) > 1 for part in parts):
        return parts
    return [text]


def split_list(value: object) -> list[str]:
    """Keywords from a list or a string separated by `;`, else `,`."""
    if isinstance(value, list | tuple):
        return [_text(item, "keyword") for item in value]
    text = _text(value, "keywords")
    return text.split(";") if ";" in text else text.split(",")


def identifiers(values: Mapping[str, object], url: str, id_scheme: str) -> tuple[tuple[str, str], ...]:
    """The record's source ids as (scheme, value), sorted: DOI and arXiv id (also found in the URL),
    the OpenReview id, and the listing's own id."""
    ids: dict[str, str] = {}
    doi = _DOI.search(_text(values.get("doi", ""), "doi")) or _DOI.search(url)
    if doi:
        ids["doi"] = doi.group(1).rstrip(".").lower()
    arxiv = _ARXIV.search(_text(values.get("arxiv", ""), "arxiv").strip()) or (
        _ARXIV.search(url) if "arxiv.org/" in url.lower() else None)
    if arxiv:
        ids["arxiv"] = arxiv.group(1)
    on_openreview = bool(_OPENREVIEW.match(url)) or "forum" in values
    own = one_line(_text(values.get("id", ""), "id")) or one_line(_text(values.get("forum", ""), "forum"))
    if own:
        ids["openreview" if on_openreview else id_scheme] = own
    return tuple(sorted(ids.items()))


def _year(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1800 <= value <= 2999 else None
    match = _YEAR.search(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def papers(records: Iterable[tuple[int, object]], path: str, defaults: Defaults) -> Iterable[Paper | Problem]:
    """`paper` for each (line, record)."""
    for line, record in records:
        yield paper(record, Source(path, line), defaults)
