"""A small knowledge graph written by hand, for RDF tests that need exact control over every value."""

from __future__ import annotations

import networkx as nx

from paperkg.graph import DEFAULT_BASE, build
from paperkg.model import Concept, ConceptLink, Evidence, Kind, Link, Paper, Person, Relation
from paperkg.resolve import Resolution

#: A title that needs escaping in every RDF syntax: quotes, a backslash, a tab, a newline, non-ASCII.
AWKWARD_TITLE = 'Foo-Net: "Quoted" \\ back\tslash\nand ünïcode — α'
ABSTRACT = "We propose Foo-Net. Foo-Net is evaluated on ImageNet for image classification."


PAPER = Paper(title=AWKWARD_TITLE, authors=("Ada Lovelace", "Alan Turing"), abstract=ABSTRACT, venue="ICLR",
              year=2022, url="https://example.org/paper?id=1", ids=(("doi", "10.1234/Foo.Net"),),
              keywords=("graphs", "vision"))


def _evidence(text: str, start: int, sentence_index: int = 0, score: float | None = 0.875) -> Evidence:
    sentences = ABSTRACT.split(". ")
    return Evidence(paper=PAPER.key, field="abstract", sentence_index=sentence_index,
                    sentence=sentences[sentence_index], start=start, end=start + len(text), text=text, score=score)


def tiny_graph(base: str = DEFAULT_BASE, *, used_for: bool = True) -> nx.DiGraph:
    """One paper by two authors proposing a method, evaluated on a dataset for a task (and method usedFor task)."""
    paper = PAPER
    people = tuple(Person(key=name.lower(), name=name) for name in paper.authors)
    method = Concept(Kind.METHOD, "foo net", "Foo-Net", alt_labels=("FooNet",),
                     same_as=("https://paperswithcode.com/method/foo-net",))
    dataset = Concept(Kind.DATASET, "imagenet", "ImageNet")
    task = Concept(Kind.TASK, "image classification", "Image Classification")
    links = [
        Link(paper.key, method, Relation.PROPOSES, (_evidence("Foo-Net", 11), _evidence("Foo-Net", 20, 1))),
        Link(paper.key, dataset, Relation.EVALUATED_ON, (_evidence("ImageNet", 47, 1, None),)),
        Link(paper.key, task, Relation.ADDRESSES, (
            _evidence("image classification", 60, 1),
            Evidence(paper=PAPER.key, field="keywords", sentence_index=1, sentence="vision", start=8, end=14,
                     text="vision"))),
    ]
    concept_links = [ConceptLink(method, task, Relation.USED_FOR, (_evidence("Foo-Net", 20, 1),
                                                                   _evidence("image classification", 60, 1)))]
    resolution = Resolution(authors=[people], concepts=[method, dataset, task], links=links,
                            concept_links=concept_links if used_for else [])
    return build([paper], resolution, base=base, layout=False)
