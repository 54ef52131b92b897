"""Resolve: mentions → canonical concepts with typed links; author names → canonical people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paperkg.beside import beside
from paperkg.model import Concept, ConceptLink, Link, Mention, Paper, Person
from paperkg.resolve.concepts import concept_key, label_key, resolve_concepts
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


def resolve(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]],
            vocabulary: Vocabulary | None = None, *, jobs: int = 1) -> Resolution:
    """Resolve a corpus: its authors to people, its mentions, author keywords and the tasks they imply (see
    `tasks`) to concepts and links. With `jobs` > 1 the people are resolved in a forked process beside
    the concepts (the two do not depend on each other)."""
    vocabulary = Vocabulary(shipped(), label_key) if vocabulary is None else vocabulary
    with beside(lambda: resolve_people(papers), "resolving the authors", fork=jobs > 1) as people:
        mentions = [[*found, *keyword_mentions(paper, vocabulary, concept_key)]
                    for paper, found in zip(papers, mentions, strict=True)]
        mentions = [[*found, *task_mentions(paper, found, vocabulary)]
                    for paper, found in zip(papers, mentions, strict=True)]
        concepts, links, concept_links = resolve_concepts(papers, mentions, vocabulary)
        return Resolution(authors=people(), concepts=concepts, links=links, concept_links=concept_links)
