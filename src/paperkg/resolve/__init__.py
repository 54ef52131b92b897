"""Resolve: mentions → canonical concepts with typed links; author names → canonical people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paperkg.model import Concept, Link, Mention, Paper, Person
from paperkg.resolve.concepts import concept_key, resolve_concepts
from paperkg.resolve.keywords import keyword_mentions
from paperkg.resolve.people import resolve_people
from paperkg.resolve.vocabulary import Vocabulary, shipped


@dataclass(frozen=True)
class Resolution:
    """Canonical people (by raw name), concepts and paper→concept links."""

    people: dict[str, Person]
    concepts: list[Concept]
    links: list[Link]


def resolve(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]],
            vocabulary: Vocabulary | None = None) -> Resolution:
    """Resolve a corpus: its authors to people, its mentions and author keywords to concepts and links."""
    vocabulary = vocabulary or Vocabulary(shipped(), concept_key)
    mentions = [[*found, *keyword_mentions(paper, vocabulary, concept_key)]
                for paper, found in zip(papers, mentions, strict=True)]
    people = resolve_people(name for paper in papers for name in paper.authors)
    concepts, links = resolve_concepts(papers, mentions, vocabulary)
    return Resolution(people=people, concepts=concepts, links=links)
