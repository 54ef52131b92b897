"""The GraphML export, as Gephi, networkx, python-igraph and JGraphT (XSD-validating) read it."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pytest

from paperkg.export.graphml import graphml_id

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
GRAPHML_FILES = ("graph.graphml", "coauthors.graphml", "concepts.graphml")
GEPHI_NODE_KEYS = {"label": "string", "type": "string", "size": "float", "r": "int", "g": "int", "b": "int",
                   "x": "float", "y": "float"}


@pytest.mark.parametrize("name", GRAPHML_FILES)
def test_keys_are_typed_and_scoped_as_gephi_needs(seed_out: Path, name: str) -> None:
    root = ET.parse(seed_out / name).getroot()
    keys = root.findall("g:key", NS)
    assert all(key.get("for") in {"node", "edge"} and key.get("attr.type") for key in keys)
    node_keys = {key.get("attr.name"): key.get("attr.type") for key in keys if key.get("for") == "node"}
    assert GEPHI_NODE_KEYS.items() <= node_keys.items()
    edge_keys = {key.get("attr.name") for key in keys if key.get("for") == "edge"}
    assert {"relation", "weight"} <= edge_keys
    used = {data.get("key") for data in root.iter(f"{{{NS['g']}}}data")}
    assert used == {key.get("id") for key in keys}  # no key that nothing uses: no empty column in Gephi
    assert not root.findall("g:graph/g:data", NS)
    assert all(re.fullmatch(r"[\w.:\-]+", node.get("id")) for node in root.iter(f"{{{NS['g']}}}node"))


def test_networkx_reads_typed_attributes(seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "graph.graphml")
    assert graph.number_of_nodes() == 80 + 359 + sum(1 for _, d in graph.nodes(data=True)
                                                    if d["type"] not in ("Paper", "Author"))
    node = graph.nodes[graphml_id("author/lingyu-duan")]
    assert node["label"] == "Lingyu Duan" and node["type"] == "Author"
    assert isinstance(node["x"], float) and isinstance(node["r"], int) and isinstance(node["size"], float)
    assert node["iri"].endswith("/author/lingyu-duan")
    weights = [d["weight"] for _, _, d in graph.edges(data=True) if d["relation"] == "coauthor"]
    assert len(weights) == 816 and sum(weights) == 824.0


@pytest.mark.parametrize("name", GRAPHML_FILES)
def test_igraph_reads_the_same_graph(seed_out: Path, name: str) -> None:
    graph = igraph.Graph.Read_GraphML(str(seed_out / name))
    reference = nx.read_graphml(seed_out / name)
    assert (graph.vcount(), graph.ecount()) == (reference.number_of_nodes(), reference.number_of_edges())
    assert {"label", "type", "size", "r", "g", "b", "x", "y"} <= set(graph.vs.attributes())
    assert isinstance(graph.vs[0]["x"], float) and isinstance(graph.vs[0]["label"], str)
    assert sorted(set(graph.es["relation"])) == sorted({d["relation"] for _, _, d in reference.edges(data=True)})


@pytest.mark.consumer
@pytest.mark.parametrize("name", GRAPHML_FILES)
def test_jgrapht_validates_against_the_graphml_schema(seed_out: Path, graphml_check: list[str], name: str) -> None:
    result = subprocess.run([*graphml_check, str(seed_out / name)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    reference = nx.read_graphml(seed_out / name)
    assert f"nodes={reference.number_of_nodes()} edges={reference.number_of_edges()}" in result.stdout
    columns = re.search(r"node columns=\[(.*?)\]", result.stdout).group(1).split(", ")
    assert set(GEPHI_NODE_KEYS) <= set(columns)


def test_nodes_carry_typed_attributes_of_their_kind(seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "graph.graphml")
    by_kind = {}
    for _, data in sorted(graph.nodes(data=True)):
        by_kind.setdefault(data["type"], data)
    paper, author, method = by_kind["Paper"], by_kind["Author"], by_kind["Method"]
    assert isinstance(paper["title"], str) and paper["title"] == paper["label"]
    assert isinstance(paper["year"], int) and paper["year"] == 2022 and paper["venue"] == "ICLR 2022"
    assert "papers" not in paper and "name" not in paper and "kind" not in paper
    assert isinstance(author["name"], str) and isinstance(author["papers"], int) and author["papers"] >= 1
    assert "title" not in author and "year" not in author
    assert method["kind"] == "Method" and isinstance(method["papers"], int) and method["papers"] >= 1
    assert all(isinstance(d["size"], float) and 0 <= d["r"] <= 255 for _, d in graph.nodes(data=True))


def test_coauthor_graphml_weights_are_shared_papers_and_sizes_paper_counts(seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "coauthors.graphml")
    assert not graph.is_directed()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (359, 816)
    assert sum(weight for _, _, weight in graph.edges(data="weight")) == 824.0
    assert {d["type"] for _, d in graph.nodes(data=True)} == {"Author"}
    one, many = (min((d for _, d in graph.nodes(data=True)), key=lambda d: d["papers"]),
                 max((d for _, d in graph.nodes(data=True)), key=lambda d: d["papers"]))
    assert one["size"] < many["size"] and many["papers"] > 1


def test_concept_graphml_links_concepts_that_share_papers(seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "concepts.graphml")
    assert {d["type"] for _, d in graph.nodes(data=True)} <= {"Method", "Dataset", "Task", "Metric"}
    assert graph.number_of_edges() > 0
    assert all(d["relation"] == "cooccurs" and d["weight"] >= 1 for _, _, d in graph.edges(data=True))


def test_node_ids_are_nmtokens_and_distinct() -> None:
    ids = ["paper/doi/10.1%2Fx", "paper/doi/10.1/x", "author/ričards", "method/c%2B%2B", "method/c"]
    mapped = [graphml_id(i) for i in ids]
    assert len(set(mapped)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_.:\-]+", m) for m in mapped)
