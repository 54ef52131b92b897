"""The records every stage shares: ingest makes Papers, extract Mentions, resolve People, Concepts and Links.

All records are frozen: a stage never edits what an earlier stage produced, it makes new records.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import quote


class Kind(StrEnum):
    """Node types of the knowledge graph; the concept kinds are the extractor's labels."""

    PAPER = "Paper"
    AUTHOR = "Author"
    METHOD = "Method"
    DATASET = "Dataset"
    TASK = "Task"
    METRIC = "Metric"


CONCEPT_KINDS: tuple[Kind, ...] = (Kind.METHOD, Kind.DATASET, Kind.TASK, Kind.METRIC)


class Relation(StrEnum):
    """Edge types. Paper→concept relations come first, in order of precedence."""

    PROPOSES = "proposes"
    USES = "uses"
    EVALUATED_ON = "evaluatedOn"
    ADDRESSES = "addresses"
    MEASURED_BY = "measuredBy"
    USED_FOR = "usedFor"
    CREATOR = "creator"
    COAUTHOR = "coauthor"


#: The relation a paper has to a concept it merely mentions, by the concept's kind.
DEFAULT_RELATION: dict[Kind, Relation] = {
    Kind.METHOD: Relation.USES,
    Kind.DATASET: Relation.EVALUATED_ON,
    Kind.TASK: Relation.ADDRESSES,
    Kind.METRIC: Relation.MEASURED_BY,
}


#: Source identifier schemes, in the order in which they name a paper.
ID_SCHEMES = ("doi", "arxiv", "openreview")

_ARXIV_VERSION = re.compile(r"v\d+$")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_]+")
_MAX_SLUG = 120
#: Letters with Unicode's Deprecated property that NFKC keeps (the others are not letters or fold away).
_DEPRECATED = frozenset("\u0673\u17a3\u17a4")
#: ASCII that `slug` percent-encodes: all but letters, digits, `.` and the space (which becomes `-`).
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9. ]")


def normalise(text: str) -> str:
    """The identity of a label: NFKC, case-folded, hyphens, underscores and white space as one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def slug(text: str) -> str:
    """A readable IRI path segment (RFC 3987) that is distinct for distinct normalised texts.

    Letters and digits stay (any script), and so does `.`; spaces become `-`, everything else is
    percent-encoded, so the mapping is one-to-one on `normalise`d text. Very long texts are cut and given a
    hash to stay distinct. A slug is never `.` or `..`, which IRI resolution would remove. Letters beyond the
    Basic Multilingual Plane (CJK extension B, `𠮷`) and Unicode's deprecated letters are percent-encoded too:
    Jena's IRI checker (4.5) rejects them (it sees the former as surrogates).
    """
    key = normalise(text)
    if key.isascii():  # the common case, in one pass of a regular expression
        result = _ASCII_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", key).replace(" ", "-") or "-"
        return _slug_end(result, key)
    out = []
    for char in key:
        if char == " ":
            out.append("-")
        elif (char.isascii() and (char.isalnum() or char == ".")) or (
                not char.isascii() and char <= "\uffff" and char not in _DEPRECATED
                and unicodedata.category(char)[0] in "LN"):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return _slug_end("".join(out) or "-", key)


def _slug_end(result: str, key: str) -> str:
    if result in (".", ".."):
        result = result.replace(".", "%2E")
    if len(result) > _MAX_SLUG:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        result = f"{result[:_MAX_SLUG].rstrip('-%0123456789ABCDEF')}-{digest}"
    return result


#: The base IRI node ids are relative to, unless a build is given another (`--base`).
DEFAULT_BASE = "https://w3id.org/paperkg/id/"
_BASE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x20]*[/#]$")


def check_base(base: str) -> str:
    """The base IRI of a build's resources, if it is one: absolute, ending in `/` or `#`."""
    if not _BASE.match(base):
        raise ValueError(f"base IRI {base!r}: expected an absolute IRI ending in '/' or '#', "
                         "such as https://w3id.org/paperkg/id/")
    return base


def id_path(scheme: str, value: str) -> str:
    """A source identifier as a readable IRI path: DOIs case-folded (they are case-insensitive), arXiv ids
    without their version (`2101.00001v2` is the paper `2101.00001`); `/` kept between non-empty segments,
    other characters outside RFC 3986's unreserved set percent-encoded."""
    value = value.strip()
    if scheme == "doi":
        value = value.lower()
    elif scheme == "arxiv":
        value = _ARXIV_VERSION.sub("", value)
    segments = [quote(segment, safe="") for segment in value.split("/") if segment]
    return "/".join(segment.replace(".", "%2E") if segment in (".", "..") else segment for segment in segments)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from, so every message and provenance can point back to it."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that could not be read; reported as `FILE:LINE: reason` and counted, never fatal."""

    source: Source
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as a listing or metadata file describes it, before any interpretation."""

    title: str
    authors: tuple[str, ...]
    abstract: str = ""
    venue: str = ""
    year: int | None = None
    session: str = ""
    url: str = ""
    #: Identifiers in the source, as (scheme, value): ("openreview", "rJxy..."), ("doi", "10...").
    ids: tuple[tuple[str, str], ...] = ()
    #: Per author, in byline order, the person's identifiers in the source: (("orcid", "0000-…"),), or ().
    author_ids: tuple[tuple[tuple[str, str], ...], ...] = ()
    keywords: tuple[str, ...] = ()
    source: Source | None = field(default=None, compare=False)
    #: Stable identity and IRI path: a source id when there is one, else the venue and the title. Made once:
    #: every stage asks for it, several times per paper (180k times in an update of 11.9k papers), and it
    #: costs slugs.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _paper_key(self))

    @property
    def venue_label(self) -> str:
        """Venue and year as people write them: `ICLR 2022`."""
        year = str(self.year or "")
        return self.venue if year in self.venue else f"{self.venue} {year}".strip()


def _paper_key(paper: Paper) -> str:
    ids = dict(paper.ids)
    for scheme in ID_SCHEMES:
        path = id_path(scheme, ids.get(scheme, ""))
        if path:
            return f"{scheme}/{path}"
    return f"{slug(paper.venue_label)}/{slug(paper.title)}" if paper.venue_label else slug(paper.title)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a paper's title or abstract that names a concept."""

    start: int
    end: int
    text: str
    label: Kind
    field: str = "abstract"
    #: Index of the sentence within the field, and the sentence's character offsets.
    sentence: int = 0
    sentence_start: int = 0
    sentence_end: int = 0
    score: float | None = None
    #: The contribution cue that marked the mention ("proposes") or "" when none did.
    role: str = ""
    #: For an acronym, the long form it abbreviates in this text (`MVS` → `multi-view stereo`).
    long_form: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A mention that supports a link: its sentence and its offsets into the paper's title or abstract."""

    paper: str
    field: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    text: str
    score: float | None = None

    def __reduce__(self) -> tuple:
        """Pickled as its fields: three times faster than a slotted dataclass by default, and the exports'
        fingerprints (`paperkg.export.splice`) pickle every evidence in the graph."""
        return Evidence, (self.paper, self.field, self.sentence_index, self.sentence, self.start, self.end,
                          self.text, self.score)


@dataclass(frozen=True, slots=True)
class Person:
    """A canonical author: one node however many spellings the sources use."""

    key: str
    name: str
    alt_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Concept:
    """A canonical method, dataset, task or metric; `key` is its normalised identity within its kind."""

    kind: Kind
    key: str
    label: str
    alt_labels: tuple[str, ...] = ()
    #: IRIs of the same concept in a published vocabulary (Papers with Code).
    same_as: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A typed paper→concept statement with the sentences that support it."""

    paper: str
    concept: Concept
    relation: Relation
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ConceptLink:
    """A typed concept→concept statement (a method `usedFor` a task) with the sentences that say so."""

    source: Concept
    target: Concept
    relation: Relation
    evidence: tuple[Evidence, ...]

    @property
    def papers(self) -> tuple[str, ...]:
        return tuple(sorted({evidence.paper for evidence in self.evidence}))
