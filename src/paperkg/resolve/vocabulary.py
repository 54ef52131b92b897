"""The shipped SKOS vocabulary of known concepts (`ontology/vocabulary.ttl`), indexed by normalised label."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from paperkg import ONTOLOGY
from paperkg.model import CONCEPT_KINDS, Kind

SKOS = "http://www.w3.org/2004/02/skos/core#"
PKG = "https://w3id.org/paperkg/ontology#"


@dataclass(frozen=True, slots=True)
class Entry:
    """One vocabulary concept: its IRI, kind, labels and broader concepts."""

    iri: str
    kind: Kind
    label: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]


class Vocabulary:
    """Lookup of vocabulary entries by kind and by the key of any of their labels."""

    def __init__(self, entries: list[Entry], key: callable) -> None:
        self.entries = entries
        self._index: dict[tuple[Kind, str], Entry] = {}
        for entry in entries:  # prefLabels win over altLabels, then the first entry wins
            self._index.setdefault((entry.kind, key(entry.label)), entry)
        for entry in entries:
            for alt in entry.alt_labels:
                self._index.setdefault((entry.kind, key(alt)), entry)
        kinds: dict[str, list[Kind]] = defaultdict(list)
        for kind, label in self._index:
            if kind in CONCEPT_KINDS:
                kinds[label].append(kind)
        self._kinds = {label: tuple(sorted(found, key=CONCEPT_KINDS.index)) for label, found in kinds.items()}

    def lookup(self, kind: Kind, key: str) -> Entry | None:
        return self._index.get((kind, key))

    def kinds(self, key: str) -> tuple[Kind, ...]:
        """The kinds of the entries with a label of this key, in `CONCEPT_KINDS` order."""
        return self._kinds.get(key, ())

    def __len__(self) -> int:
        return len(self.entries)


def read_entries(path: Path = ONTOLOGY / "vocabulary.ttl") -> list[Entry]:
    """The concepts of a SKOS vocabulary file, sorted by IRI."""
    fields: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    wanted = {SKOS + "prefLabel": "label", SKOS + "altLabel": "alt", SKOS + "broader": "broader", PKG + "kind": "kind"}
    for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        name = wanted.get(triple.predicate.value)
        if name:
            fields[triple.subject.value][name].append(triple.object.value)
    return [
        Entry(iri, Kind(found["kind"][0]), found["label"][0], tuple(sorted(found["alt"])),
              tuple(sorted(found["broader"])))
        for iri, found in sorted(fields.items())
        if found.get("kind") and found.get("label")
    ]


@cache
def shipped() -> list[Entry]:
    """The vocabulary shipped in the package, read once."""
    return read_entries()
