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
GEPHI_NODE_KEYS = {"label": "string", "type": "string", "size": "float", "r": "int", "g": "int", "b": "int",
                   "x": "float", "y": "float"}


def test_keys_are_typed_and_scoped_as_gephi_needs(seed_out: Path) -> None:
    root = ET.parse(seed_out / "graph.graphml").getroot()
    keys = root.findall("g:key", NS)
    assert all(key.get("for") in {"node", "edge"} and key.get("attr.type") for key in keys)
    node_keys = {key.get("attr.name"): key.get("attr.type") for key in keys if key.get("for") == "node"}
    assert GEPHI_NODE_KEYS.items() <= node_keys.items()
    edge_keys = {key.get("attr.name") for key in keys if key.get("for") == "edge"}
    assert {"relation", "weight"} <= edge_keys
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


def test_igraph_reads_the_same_graph(seed_out: Path) -> None:
    graph = igraph.Graph.Read_GraphML(str(seed_out / "graph.graphml"))
    reference = nx.read_graphml(seed_out / "graph.graphml")
    assert (graph.vcount(), graph.ecount()) == (reference.number_of_nodes(), reference.number_of_edges())
    assert {"label", "type", "size", "r", "g", "b", "x", "y"} <= set(graph.vs.attributes())
    assert isinstance(graph.vs[0]["x"], float) and isinstance(graph.vs[0]["label"], str)
    assert sorted(set(graph.es["relation"])) == sorted({d["relation"] for _, _, d in reference.edges(data=True)})


@pytest.mark.consumer
def test_jgrapht_validates_against_the_graphml_schema(seed_out: Path, graphml_check: list[str]) -> None:
    result = subprocess.run([*graphml_check, str(seed_out / "graph.graphml")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    reference = nx.read_graphml(seed_out / "graph.graphml")
    assert f"nodes={reference.number_of_nodes()} edges={reference.number_of_edges()}" in result.stdout
    assert "label, papers, r, same_as" in result.stdout or "label" in result.stdout


def test_node_ids_are_nmtokens_and_distinct() -> None:
    ids = ["paper/doi/10.1%2Fx", "paper/doi/10.1/x", "author/ričards", "method/c%2B%2B", "method/c"]
    mapped = [graphml_id(i) for i in ids]
    assert len(set(mapped)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_.:\-]+", m) for m in mapped)
