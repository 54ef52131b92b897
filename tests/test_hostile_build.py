"""The whole build on the hostile corpus (tests/hostile.py), its exports opened by the real consumers:
Jena riot, rdflib's JSON-LD expansion, JGraphT with the GraphML XSD, igraph, networkx, and Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import hostile
import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from paperkg import ingest
from paperkg.build import REPORT, Summary, run
from paperkg.cli import app
from paperkg.export import EXPORTS, write_all
from paperkg.graph import build
from paperkg.model import Relation
from paperkg.resolve import resolve
from paperkg.validate import SHAPES

#: The consortium paper's size in whole builds (layout is O(nodes²)); readers get the full 5,000.
BUILD_AUTHORS = 300


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary, dict]:
    folder = tmp_path_factory.mktemp("hostile-build")
    expected = hostile.write(folder / "in", big_authors=BUILD_AUTHORS)
    out = folder / "out"
    return out, run([folder / "in"], out), expected


def test_build_keeps_the_good_records_and_exits_2(hostile_build: tuple[Path, Summary, dict]) -> None:
    _, summary, expected = hostile_build
    assert summary.papers == len(expected["kept"])
    assert summary.merged == expected["merged"] and len(summary.problems) == len(expected["problems"])
    assert summary.exit_code == 2
    assert sorted(path.name for path in summary.files) == sorted(EXPORTS)


def test_report_lists_every_problem_and_the_counts(hostile_build: tuple[Path, Summary, dict]) -> None:
    out, summary, expected = hostile_build
    report = json.loads((out / REPORT).read_text(encoding="utf-8"))
    assert report["exit_code"] == 2 and report["exports_written"] is True
    assert report["counts"] == {"files": len(list((out.parent / "in").iterdir())), "records": summary.records,
                                "papers": len(expected["kept"]),
                                "merged": expected["merged"], "problems": len(expected["problems"])}
    listed = [f"{Path(p['file']).name}:{p['line']}:" for p in report["problems"]]
    assert sorted(listed) == sorted(expected["problems"])
    assert all(p["reason"] for p in report["problems"])
    assert len(report["duplicates"]) == 3
    assert {f["file"].rsplit("/", 1)[-1]: f["encoding"] for f in report["files"]}["latin1.csv"] == "cp1252"


@pytest.mark.consumer
@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld"])
def test_jena_riot_validates_hostile_rdf(hostile_build: tuple[Path, Summary, dict], jena: list[str],
                                         name: str) -> None:
    syntax = ["--syntax=jsonld10"] if name.endswith(".jsonld") else []
    result = subprocess.run([*jena, "riot", "--validate", *syntax, str(hostile_build[0] / name)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WARN" not in result.stderr and "ERROR" not in result.stderr, result.stderr[-2000:]


def test_jena_shacl_finds_hostile_rdf_conforms(hostile_build: tuple[Path, Summary, dict], jena: list[str]) -> None:
    """Hostile input (papers without authors or abstract included) still gives an export the shapes accept."""
    result = subprocess.run([*jena, "shacl", "validate", "--shapes", str(SHAPES), "--data",
                             str(hostile_build[0] / "graph.nt")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.search(r"sh:conforms\s+true", result.stdout), result.stdout[:3000]

def test_jsonld_expands_to_the_same_triples_as_ntriples(hostile_build: tuple[Path, Summary, dict]) -> None:
    out = hostile_build[0]
    expanded = Graph().parse(out / "graph.jsonld", format="json-ld")
    ntriples = Graph().parse(out / "graph.nt", format="nt")
    turtle = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(ntriples) > 1000
    assert set(expanded) == set(ntriples) == set(turtle)


def test_hostile_text_survives_into_rdf_unchanged(hostile_build: tuple[Path, Summary, dict]) -> None:
    store = ox.Store()
    store.load(path=str(hostile_build[0] / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    titles = {row["t"].value for row in store.query(
        "SELECT ?t WHERE { ?p a <https://w3id.org/paperkg/ontology#Paper> ; <http://purl.org/dc/terms/title> ?t }")}
    assert set(hostile_build[2]["kept"]) == titles


def test_author_keywords_become_links_whose_mentions_say_keywords(hostile_build: tuple[Path, Summary, dict]) -> None:
    store = ox.Store()
    store.load(path=str(hostile_build[0] / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX pkg: <https://w3id.org/paperkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?kind ?label ?relation WHERE {
          ?paper pkg:qualifiedLink ?link . ?link pkg:relation ?relation ; pkg:target ?concept ;
                 <http://www.w3.org/ns/prov#wasDerivedFrom> ?mention .
          ?mention pkg:field "keywords" . ?concept a ?kind ; skos:prefLabel ?label .
        }"""))
    found = {(row["kind"].value.rsplit("#")[-1], row["label"].value, row["relation"].value.rsplit("#")[-1])
             for row in rows}
    assert ("Task", "Theory", "addresses") in found
    assert ("Task", "Reinforcement Learning", "addresses") in found
    assert ("Method", "Dropout", "uses") in found  # known to the vocabulary: its kind and preferred label


@pytest.mark.consumer
def test_jgrapht_validates_hostile_graphml(hostile_build: tuple[Path, Summary, dict], graphml_check: list[str]) -> None:
    path = hostile_build[0] / "graph.graphml"
    result = subprocess.run([*graphml_check, str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    reference = nx.read_graphml(path)
    assert f"nodes={reference.number_of_nodes()} edges={reference.number_of_edges()}" in result.stdout


def test_igraph_and_networkx_read_hostile_graphml(hostile_build: tuple[Path, Summary, dict]) -> None:
    path = hostile_build[0] / "graph.graphml"
    graph = igraph.Graph.Read_GraphML(str(path))
    reference = nx.read_graphml(path)
    assert (graph.vcount(), graph.ecount()) == (reference.number_of_nodes(), reference.number_of_edges())
    labels = set(graph.vs["label"])
    assert any(label.startswith("html: <script>") for label in labels)
    assert any("\ufffd" in label for label in labels)  # XML-illegal characters, replaced


def test_gexf_exports_read_back(hostile_build: tuple[Path, Summary, dict]) -> None:
    gexf = [name for name in EXPORTS if name.endswith(".gexf")]
    if not gexf:
        pytest.skip("this build has no GEXF export")
    for name in gexf:
        assert nx.read_gexf(hostile_build[0] / name).number_of_nodes() > 0


@pytest.mark.consumer
def test_nothing_from_the_input_executes_in_the_html(chromium, hostile_build: tuple[Path, Summary, dict]) -> None:
    from test_export_html import _open

    page = _open(chromium, hostile_build[0] / "graph.html")
    ids = page.evaluate("Object.keys(window.paperkg.network.getPositions())")
    papers = [node for node in ids if node.startswith("paper/")]
    assert papers
    for node in papers:
        page.evaluate(f"window.paperkg.focus({json.dumps(node)})")
    for term in ("script", "onerror", "Right", "Emoji", "Quotes"):
        page.fill("#search", term)
        if page.locator("#matches button").count():
            page.locator("#matches button").first.click()
            for _ in range(3):  # follow the details panel's links; each click redraws the panel
                if page.locator("#details button").count():
                    page.locator("#details button").first.click()
    assert page.evaluate("window.pwned") is None
    assert page.dialogs == [] and page.errors == [] and page.external == []
    assert page.locator("#details script, #details img, #matches img").count() == 0
    page.close()


def test_a_5000_author_paper_gets_creator_edges_but_no_pairwise_coauthor_edges(tmp_path: Path) -> None:
    path = tmp_path / "consortium.jsonl"
    path.write_text(json.dumps({"title": "Consortium", "author": [f"Member {i}" for i in range(5000)]}) + "\n"
                    + json.dumps({"title": "Small", "author": ["Member 1", "Member 2"]}) + "\n", encoding="utf-8")
    papers = ingest.read([path]).papers
    graph = build(papers, resolve(papers, [[] for _ in papers]), layout=False)
    creators = [d for _, _, d in graph.edges(data=True) if d["relation"] == Relation.CREATOR]
    coauthors = [(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == Relation.COAUTHOR]
    assert len(creators) == 5002 and coauthors == [("author/member-1", "author/member-2")]
    written = write_all(graph, tmp_path / "out")
    assert igraph.Graph.Read_GraphML(str(tmp_path / "out" / "graph.graphml")).vcount() == 5002
    assert len(written) == len(EXPORTS)


def test_command_prints_each_problem_as_file_line_reason(hostile_build: tuple[Path, Summary, dict],
                                                         tmp_path: Path) -> None:
    source = hostile_build[0].parent / "in"
    small = tmp_path / "in"
    small.mkdir()
    for name in ("broken.json", "ragged.csv", "unbalanced.bib"):
        (small / name).write_bytes((source / name).read_bytes())
    result = CliRunner().invoke(app, ["build", str(small), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith(str(small))]
    assert len(lines) == 11
    assert all(line.split(":")[1].isdigit() and line.split(": ", 1)[1] for line in lines)
