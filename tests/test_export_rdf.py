"""The RDF exports, read back by rdflib, queried by pyoxigraph, validated by Apache Jena."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SEED
from rdflib import OWL, RDF, Graph, URIRef

from paperkg import ONTOLOGY, ingest
from paperkg.export.namespace import PKG
from paperkg.export.rdf import read_rdf
from paperkg.resolve.people import display_name

RDF_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")


def test_the_three_files_hold_the_same_triples(seed_out: Path) -> None:
    graphs = [read_rdf(seed_out / name) for name in RDF_FILES]
    triples = [set(graph) for graph in graphs]
    assert len(triples[0]) > 5000
    assert triples[0] == triples[1] == triples[2]


def test_sparql_finds_the_80_papers_and_their_authors_in_order(seed_out: Path) -> None:
    store = ox.Store()
    store.load(path=str(seed_out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query("""
        PREFIX pkg: <https://w3id.org/paperkg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?title ?name WHERE {
          ?paper a pkg:Paper ; dcterms:title ?title ; pkg:authorship ?a .
          ?a pkg:position ?position ; pkg:author/foaf:name ?name .
        } ORDER BY ?title ?position""")
    authors: dict[str, list[str]] = {}
    for row in rows:
        authors.setdefault(row["title"].value, []).append(row["name"].value)
    expected = {paper.title: [display_name(name) for name in paper.authors] for paper in ingest.read([SEED]).papers}
    assert len(authors) == 80
    assert authors == expected


def test_every_term_used_is_defined_in_the_ontology(seed_out: Path) -> None:
    ontology = Graph().parse(ONTOLOGY / "paperkg.ttl")
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PKG._NS))}
    assert defined == {PKG[name] for name in PKG.__annotations__}
    used = {term for triple in read_rdf(seed_out / "graph.nt") for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(PKG._NS))}
    assert used <= defined
    assert (URIRef("https://w3id.org/paperkg/ontology"), RDF.type, OWL.Ontology) in ontology


@pytest.mark.consumer
@pytest.mark.parametrize("name", RDF_FILES)
def test_jena_riot_validates_each_export(seed_out: Path, jena: list[str], name: str) -> None:
    syntax = ["--syntax=jsonld10"] if name.endswith(".jsonld") else []
    result = subprocess.run([*jena, "riot", "--validate", *syntax, str(seed_out / name)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARN" not in result.stderr and "ERROR" not in result.stderr, result.stderr
