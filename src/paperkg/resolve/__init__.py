"""Resolve: mentions → canonical concepts with typed links; author names → canonical people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
            vocabulary: Vocabulary | None = None) -> Resolution:
    """Resolve a corpus: its authors to people, its mentions, author keywords and the tasks they imply (see
    `tasks`) to concepts and links."""
    vocabulary = Vocabulary(shipped(), label_key) if vocabulary is None else vocabulary
    mentions = [[*found, *keyword_mentions(paper, vocabulary, concept_key)]
                for paper, found in zip(papers, mentions, strict=True)]
    mentions = [[*found, *task_mentions(paper, found, vocabulary)]
                for paper, found in zip(papers, mentions, strict=True)]
    concepts, links, concept_links = resolve_concepts(papers, mentions, vocabulary)
    return Resolution(authors=resolve_people(papers), concepts=concepts, links=links, concept_links=concept_links)
