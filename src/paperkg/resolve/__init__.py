"""Resolve: mentions → canonical concepts with typed links; author names → canonical people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from paperkg import ONTOLOGY
from paperkg.beside import beside
from paperkg.files import digest
from paperkg.model import Concept, ConceptLink, Link, Mention, Paper, Person
from paperkg.resolve.concepts import Prepared, concept_key, label_key, prepare_mentions, resolve_concepts
from paperkg.resolve.keywords import keyword_mentions
from paperkg.resolve.people import resolve_people
from paperkg.resolve.tasks import task_mentions
from paperkg.resolve.vocabulary import Vocabulary, shipped


@dataclass(frozen=True)
class Resolution:
    """Canonical people (per paper, in byline order), concepts, paper→concept and concept→concept links."""

    authors: list[tuple[Person, ...]]
    concepts: list[Concept]
    links: list[Link]
    concept_links: list[ConceptLink]


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with paperkg, keyed as labels are."""
    return Vocabulary(shipped(), label_key)


@cache
def fingerprint() -> str:
    """A digest of what `prepare` is made by: this package's code and the shipped vocabulary. A build's state
    keeps prepared papers, and uses them only while this is the same."""
    return digest((path.name, path) for path in [*sorted(Path(__file__).parent.glob("*.py")),
                                                 ONTOLOGY / "vocabulary.ttl"])


def prepare(paper: Paper, found: Sequence[Mention], vocabulary: Vocabulary | None = None) -> Prepared:
    """What resolution derives from one paper alone: its mentions with those of its author keywords and of
    the tasks it implies (see `tasks`), each with the names its text stands for. A build prepares the
    papers it already has while new ones are extracted (`resolve(..., prepared=)`)."""
    vocabulary = default_vocabulary() if vocabulary is None else vocabulary
    mentions = [*found, *keyword_mentions(paper, vocabulary, concept_key)]
    return prepare_mentions([*mentions, *task_mentions(paper, mentions, vocabulary)])


def resolve(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]],
            vocabulary: Vocabulary | None = None, *, jobs: int = 1,
            prepared: Mapping[str, Prepared] | None = None) -> Resolution:
    """Resolve a corpus: its authors to people, its mentions, author keywords and the tasks they imply (see
    `tasks`) to concepts and links. `prepared`: paper key → `prepare` of that paper and its mentions, made
    before. With `jobs` > 1 the people are resolved in a forked process beside the concepts (the two do not
    depend on each other)."""
    vocabulary = default_vocabulary() if vocabulary is None else vocabulary
    prepared = prepared or {}
    with beside(lambda: resolve_people(papers), "resolving the authors", fork=jobs > 1) as people:
        ready = [prepared[paper.key] if paper.key in prepared else prepare(paper, found, vocabulary)
                 for paper, found in zip(papers, mentions, strict=True)]
        concepts, links, concept_links = resolve_concepts(papers, ready, vocabulary)
        return Resolution(authors=people(), concepts=concepts, links=links, concept_links=concept_links)
