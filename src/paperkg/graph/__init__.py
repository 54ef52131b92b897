"""Graph: papers, people, concepts and links → one networkx DiGraph that every exporter reads.

Node ids are IRI paths relative to the build's base (`paper/iclr-2022/…`, `author/lingyu-duan`,
`method/graph-neural-network`); attributes hold plain values and tuples. Edges: paper→author
`creator` (with `position`), author→author `coauthor` (one edge per pair, ids in order, `weight` =
shared papers), paper→concept links (`relation`, `weight` = supporting mentions, `evidence`).
With a layout, `graph.graph["views"]` holds the derived views (co-authorship, concepts; see `views`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from paperkg.graph import views
from paperkg.graph.layout import layout as lay_out
from paperkg.model import DEFAULT_BASE, Concept, Kind, Paper, Person, Relation, slug
from paperkg.resolve import Resolution

#: A paper with more authors than this (a consortium's) gets no pairwise co-author edges: n authors make
#: n(n-1)/2 of them (12.5 million for 5,000); its creator edges still tie the authors to it.
MAX_COAUTHORS = 100


def paper_id(paper: Paper) -> str:
    return f"paper/{paper.key}"


def person_id(person: Person) -> str:
    return f"author/{slug(person.key)}"


def concept_id(concept: Concept) -> str:
    return f"{concept.kind.value.lower()}/{slug(concept.key)}"


@dataclass(frozen=True)
class Pins:
    """What an updated build keeps of the build before it: node ids, so no published IRI changes, and
    positions, so nothing drawn moves."""

    #: Concept key → node id.
    concepts: Mapping[str, str] = field(default_factory=dict)
    #: (paper key, byline position from 1) → the author's node id.
    authors: Mapping[tuple[str, int], str] = field(default_factory=dict)
    #: Layout ("graph", or a view's name) → node id → (x, y).
    positions: Mapping[str, Mapping[str, tuple[float, float]]] = field(default_factory=dict)


def build(papers: Sequence[Paper], resolution: Resolution, *, base: str = DEFAULT_BASE,
          layout: bool = True, pins: Pins | None = None) -> nx.DiGraph:
    """The knowledge graph of a resolved corpus, with a ForceAtlas2 layout in `x`, `y` and its views;
    `pins` keeps an earlier build's ids and positions."""
    pins = pins or Pins()
    graph = nx.DiGraph(base=base)
    person_ids = _person_ids(papers, resolution, pins.authors)
    concept_ids = {concept.key: pins.concepts.get(concept.key) or concept_id(concept)
                   for concept in resolution.concepts}
    paper_nodes = []
    paper_kind, author_kind = Kind.PAPER.value, Kind.AUTHOR.value  # read once: enum values are properties
    creator, coauthor = Relation.CREATOR.value, Relation.COAUTHOR.value
    shared: Counter[tuple[str, str]] = Counter()  # co-author pair → papers, in the order pairs first appear
    for paper, people in zip(papers, resolution.authors, strict=True):
        node = paper_id(paper)
        paper_nodes.append(node)
        graph.add_node(node, kind=paper_kind, label=paper.title, title=paper.title, abstract=paper.abstract,
                       venue=paper.venue_label, year=paper.year, session=paper.session, url=paper.url,
                       ids=paper.ids, keywords=paper.keywords, source=str(paper.source or ""))
        people = list(dict.fromkeys(people))  # a name listed twice is one author, at its first place
        for position, person in enumerate(people, start=1):
            author = person_ids[person.key]
            if author not in graph:  # a person's attributes are the same on every byline
                graph.add_node(author, kind=author_kind, label=person.name, name=person.name,
                               alt_names=person.alt_names)
            graph.add_edge(node, author, relation=creator, position=position, weight=1)
        if len(people) <= MAX_COAUTHORS:
            shared.update(combinations(sorted(person_ids[p.key] for p in people), 2))
    graph.add_edges_from((a, b, {"relation": coauthor, "weight": weight}) for (a, b), weight in shared.items())
    # In bulk from here: a hundred thousand links, each added on its own, took a quarter of the stage.
    graph.add_nodes_from((concept_ids[concept.key], {
        "kind": concept.kind.value, "label": concept.label, "alt_labels": concept.alt_labels, "key": concept.key,
        "same_as": concept.same_as, "broader": concept.broader}) for concept in resolution.concepts)
    graph.add_edges_from((f"paper/{link.paper}", concept_ids[link.concept.key], {
        "relation": link.relation.value, "weight": len(link.evidence), "evidence": link.evidence})
        for link in resolution.links)
    graph.add_edges_from((concept_ids[link.source.key], concept_ids[link.target.key], {
        "relation": link.relation.value, "weight": len(link.evidence), "evidence": link.evidence,
        "papers": len(link.papers)}) for link in resolution.concept_links)
    papers_of = Counter(target for node in paper_nodes for target in graph.succ[node])
    nx.set_node_attributes(graph, {node: papers_of.get(node, 0) for node in graph}, "papers")
    if layout:
        lay_out_all(graph, pins)
    return graph


def lay_out_all(graph: nx.DiGraph, pins: Pins | None = None) -> None:
    """Lay out `graph` (its nodes get `x`, `y`) and derive its laid-out views into `graph.graph["views"]`
    (large views start from the graph's positions), keeping `pins`' positions. The drawn exports need it,
    the RDF does not: a build writes the RDF while this runs."""
    pins = pins or Pins()
    positions = lay_out(graph, fixed=pins.positions.get("graph"))
    nx.set_node_attributes(graph, {node: {"x": x, "y": y} for node, (x, y) in positions.items()})
    graph.graph["views"] = views.derive(graph, pins.positions)


def _person_ids(papers: Sequence[Paper], resolution: Resolution,
                pinned: Mapping[tuple[str, int], str]) -> dict[str, str]:
    """Person key → node id. With `pinned`, a person keeps the id most of their bylines had (people with
    more bylines choose first: a person split in two keeps the id with the larger part); a new person, or
    one whose old id is taken, gets their own id (numbered if an old id holds it)."""
    people = {person.key: person for people in resolution.authors for person in people}
    if not pinned:
        return {key: person_id(person) for key, person in people.items()}
    votes: dict[str, dict[str, int]] = {key: {} for key in people}  # person key → old id → bylines
    for paper, authors in zip(papers, resolution.authors, strict=True):
        for position, person in enumerate(dict.fromkeys(authors), start=1):
            if old := pinned.get((paper.key, position)):
                voted = votes[person.key]
                voted[old] = voted.get(old, 0) + 1
    chosen: dict[str, str] = {}
    taken: set[str] = set()  # chosen's values, as a set: there are tens of thousands
    for key in sorted((key for key, voted in votes.items() if voted), key=lambda key: (-sum(votes[key].values()), key)):
        for old, _ in sorted(votes[key].items(), key=lambda item: (-item[1], item[0])):
            if old not in taken:
                chosen[key] = old
                taken.add(old)
                break
    for key in sorted(people.keys() - chosen.keys()):
        node = own = person_id(people[key])
        number = 2
        while node in taken:
            node, number = f"{own}-{number}", number + 1
        chosen[key] = node
        taken.add(node)
    return chosen


def links(graph: nx.DiGraph, relation: Relation | None = None):
    """The paper→concept edges (u, v, data), optionally of one relation."""
    return ((u, v, d) for u, v, d in graph.edges(data=True)
            if d["relation"] not in (Relation.CREATOR, Relation.COAUTHOR)
            and (relation is None or d["relation"] == relation))
