"""The GEXF 1.3 export: what Gephi reads natively (viz colour, size, position), read back by networkx."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from paperkg.export.gexf import read_gexf, write_gexf
from paperkg.export.graphml import graphml_id

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"


def test_document_is_gexf_1_3_with_declared_typed_attributes(seed_out: Path) -> None:
    root = ET.parse(seed_out / "graph.gexf").getroot()
    assert root.tag == f"{{{GEXF}}}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{{{GEXF}}}graph")
    assert graph.get("defaultedgetype") == "directed"
    declared = {(a.get("class"), b.get("id")): b.get("type")
                for a in graph.findall(f"{{{GEXF}}}attributes") for b in a.findall(f"{{{GEXF}}}attribute")}
    assert declared[("node", "year")] == "integer" and declared[("node", "papers")] == "integer"
    assert declared[("node", "title")] == "string" and declared[("edge", "relation")] == "string"
    used = {(scope, value.get("for")) for scope in ("node", "edge")
            for element in graph.iter(f"{{{GEXF}}}{scope}") for value in element.iter(f"{{{GEXF}}}attvalue")}
    assert set(declared) == used  # every declared attribute is used: no empty column in Gephi
    for node in graph.iter(f"{{{GEXF}}}node"):
        assert [child.tag for child in node if child.tag.startswith(f"{{{VIZ}}}")] == [
            f"{{{VIZ}}}color", f"{{{VIZ}}}position", f"{{{VIZ}}}size"]


def test_networkx_reads_the_same_graph_as_the_graphml(seed_out: Path) -> None:
    gexf = read_gexf(seed_out / "graph.gexf")
    graphml = nx.read_graphml(seed_out / "graph.graphml")
    assert gexf.is_directed() and (gexf.number_of_nodes(), gexf.number_of_edges()) == (
        graphml.number_of_nodes(), graphml.number_of_edges())
    for node, data in gexf.nodes(data=True):
        reference = graphml.nodes[graphml_id(node)]
        viz = data["viz"]
        assert data["label"] == reference["label"] and data["type"] == reference["type"]
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (reference["r"], reference["g"],
                                                                            reference["b"])
        assert viz["size"] == reference["size"]
        assert (viz["position"]["x"], viz["position"]["y"]) == (reference["x"], reference["y"])
    author = gexf.nodes["author/lingyu-duan"]
    assert author["name"] == "Lingyu Duan" and isinstance(author["papers"], int)
    paper = next(d for _, d in gexf.nodes(data=True) if d["type"] == "Paper")
    assert isinstance(paper["year"], int) and isinstance(paper["title"], str)
    weights = [d["weight"] for _, _, d in gexf.edges(data=True) if d["relation"] == "coauthor"]
    assert len(weights) == 816 and sum(weights) == 824.0


def test_hostile_text_stays_well_formed_and_round_trips(tmp_path: Path) -> None:
    graph = nx.DiGraph(base="https://example.org/")
    title = 'A "quoted" <b>title</b> & \'more\'\n\twith\x0b control\x00 characters  and  spaces'
    graph.add_node("paper/x", kind="Paper", label=title, title=title, year=2020, x=1.5, y=-2.25, papers=0)
    graph.add_node("author/é", kind="Author", label="Zoë <Ørsted>", name="Zoë <Ørsted>", papers=1, x=0.0, y=0.0)
    graph.add_edge("paper/x", "author/é", relation="creator", position=1, weight=1)
    write_gexf(graph, tmp_path / "g.gexf")
    back = read_gexf(tmp_path / "g.gexf")
    # A label is an XML token: white space (the vertical tab too) collapsed; other attributes keep it.
    label = back.nodes["paper/x"]["label"]
    assert label == 'A "quoted" <b>title</b> & \'more\' with control\ufffd characters and spaces'
    assert back.nodes["paper/x"]["title"].startswith('A "quoted" <b>title</b> & \'more\'\n\twith\ufffd')
    assert back.nodes["author/é"]["name"] == "Zoë <Ørsted>"
    assert back.nodes["paper/x"]["viz"]["position"] == {"x": 1.5, "y": -2.25, "z": 0.0}
    assert list(back.edges(data="relation")) == [("paper/x", "author/é", "creator")]


def test_same_graph_gives_the_same_bytes(seed_graph: nx.DiGraph, tmp_path: Path) -> None:
    write_gexf(seed_graph, tmp_path / "a.gexf")
    write_gexf(seed_graph, tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
