"""What a knowledge graph holds, for `paperkg stats`: top concepts, merged aliases and people, link counts."""

from __future__ import annotations

import statistics
from collections import Counter

import networkx as nx

from paperkg.model import CONCEPT_KINDS, Kind, Relation


def summarize(graph: nx.DiGraph, top: int = 10) -> dict:
    """Plain data (JSON-ready) describing the graph's concepts, people and links."""
    nodes = graph.nodes
    papers = sorted(n for n in graph if nodes[n]["kind"] == Kind.PAPER)
    per_paper: dict[str, Counter[str]] = {paper: Counter() for paper in papers}
    for source, target, data in graph.edges(data=True):
        if nodes[source]["kind"] == Kind.PAPER and data["relation"] != Relation.CREATOR:
            per_paper[source][nodes[target]["kind"]] += 1
    counts = [sum(kinds.values()) for kinds in per_paper.values()] or [0]
    concepts = {kind: sorted((n for n in graph if nodes[n]["kind"] == kind),
                             key=lambda n: (-nodes[n]["papers"], nodes[n]["label"])) for kind in CONCEPT_KINDS}
    return {
        "papers": len(papers),
        "concepts": {kind.value: len(found) for kind, found in concepts.items()},
        "top": {kind.value: [[nodes[n]["label"], nodes[n]["papers"]] for n in found[:top]]
                for kind, found in concepts.items()},
        "aliases": sorted([nodes[n]["label"], list(nodes[n]["alt_labels"])]
                          for found in concepts.values() for n in found if nodes[n]["alt_labels"]),
        "people_merged": sorted([nodes[n]["name"], list(nodes[n]["alt_names"])]
                                for n in graph if nodes[n]["kind"] == Kind.AUTHOR and nodes[n]["alt_names"]),
        "links_per_paper": {"mean": round(statistics.fmean(counts), 2), "median": statistics.median(counts),
                            "min": min(counts), "max": max(counts)},
        "papers_with": {kind.value: sum(1 for kinds in per_paper.values() if kinds[kind]) for kind in CONCEPT_KINDS},
        "used_for": sum(1 for *_, d in graph.edges(data=True) if d["relation"] == Relation.USED_FOR),
    }
