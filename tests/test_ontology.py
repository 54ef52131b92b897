"""The ontology, the SHACL shapes and the JSON-LD context: complete, in step with the code and with each other."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rdflib import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, Graph, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.collection import Collection

from paperkg import ONTOLOGY
from paperkg.export.namespace import PKG
from paperkg.export.rdf import CONTEXT, read_rdf

FABIO = Namespace("http://purl.org/spar/fabio/")
ONTOLOGY_IRI = URIRef("https://w3id.org/paperkg/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "paperkg.ttl")


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]


def _pkg_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PKG._NS))}


def test_the_namespace_class_lists_exactly_the_ontology_terms(ontology: Graph) -> None:
    assert _pkg_terms(ontology) == {PKG[name] for name in PKG.__annotations__}


def test_the_ontology_has_a_version_iri_and_version(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    version = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")


def test_every_term_has_an_english_label_and_comment(ontology: Graph) -> None:
    for term in _pkg_terms(ontology):
        for predicate in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, predicate))
            assert [value.language for value in values] == ["en"], (term, predicate)
        assert set(ontology.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term


@pytest.mark.parametrize(("term", "aligned"), [
    (PKG.Paper, ns.SDO.ScholarlyArticle), (PKG.Paper, FABIO.ResearchPaper), (PKG.Author, ns.SDO.Person),
    (PKG.Author, FOAF.Person), (PKG.Dataset, ns.SDO.Dataset), (PKG.Concept, SKOS.Concept), (PKG.Link, PROV.Entity),
    (PKG.Mention, PROV.Entity), (PKG.Extractor, PROV.SoftwareAgent), (PKG.Authorship, PROV.Attribution),
])
def test_classes_are_aligned_to_the_standard_vocabularies(ontology: Graph, term: URIRef, aligned: URIRef) -> None:
    assert (term, RDFS.subClassOf, aligned) in ontology


def test_every_paper_link_kind_is_an_object_property_under_concept_link(ontology: Graph) -> None:
    for relation in (PKG.proposes, PKG.uses, PKG.evaluatedOn, PKG.addresses, PKG.measuredBy):
        assert (relation, RDF.type, OWL.ObjectProperty) in ontology
        assert (relation, RDFS.subPropertyOf, PKG.conceptLink) in ontology
    assert (PKG.conceptLink, RDFS.subPropertyOf, DCTERMS.subject) in ontology
    assert (PKG.usedFor, RDFS.domain, PKG.Method) in ontology and (PKG.usedFor, RDFS.range, PKG.Task) in ontology
    kinds = [PKG.Method, PKG.Dataset, PKG.Task, PKG.Metric]
    disjoint = [Collection(ontology, members) for members in ontology.objects(None, OWL.members)]
    assert any(list(members) == kinds for members in disjoint)


def test_every_term_an_export_uses_is_declared(ontology: Graph, seed_out: Path) -> None:
    declared = set(ontology.subjects(RDF.type, None))
    used = {p for _, p, _ in read_rdf(seed_out / "graph.nt")} - {RDF.type}
    used |= set(read_rdf(seed_out / "graph.nt").objects(None, RDF.type))
    assert used - declared == set()


def test_every_context_term_expands_to_a_declared_term(ontology: Graph, context: dict) -> None:
    prefixes = {name: value for name, value in context.items() if isinstance(value, str) and value.endswith(("#", "/"))}
    declared = set(ontology.subjects(RDF.type, None))
    for name, value in context.items():
        if name in prefixes:
            continue
        iri = value if isinstance(value, str) else value["@id"]
        prefix, _, local = iri.partition(":")
        assert URIRef(prefixes[prefix] + local) in declared, name


def test_every_property_and_class_an_export_uses_has_a_context_term(context: dict, seed_out: Path) -> None:
    prefixes = {name: value for name, value in context.items() if isinstance(value, str) and value.endswith(("#", "/"))}
    expanded = set()
    for name, value in context.items():
        if name not in prefixes:
            prefix, _, local = (value if isinstance(value, str) else value["@id"]).partition(":")
            expanded.add(URIRef(prefixes[prefix] + local))
    rdf = read_rdf(seed_out / "graph.nt")
    assert ({p for _, p, _ in rdf} - {RDF.type}) | set(rdf.objects(None, RDF.type)) <= expanded


def test_every_shape_path_and_class_is_an_ontology_term(ontology: Graph) -> None:
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    declared = set(ontology.subjects(RDF.type, None))
    named = set(shapes.objects(None, SH.path)) | set(shapes.objects(None, SH.targetClass))
    named |= set(shapes.objects(None, SH["class"]))
    assert {term for term in named if isinstance(term, URIRef) and term != RDF.type} <= declared  # RDF's own


@pytest.mark.consumer
@pytest.mark.parametrize("name", ["paperkg.ttl", "shapes.ttl"])
def test_jena_riot_validates_the_ontology_and_shapes(jena: list[str], name: str) -> None:
    result = subprocess.run([*jena, "riot", "--validate", str(ONTOLOGY / name)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_vocabulary_keeps_skos_label_integrity() -> None:
    """SKOS S14 (one prefLabel per language) and S13 (prefLabel and altLabel disjoint): what SKOS tools
    and the vocabulary's SPARQL users rely on; labels carry no doubled or outer whitespace."""
    vocabulary = Graph().parse(ONTOLOGY / "vocabulary.ttl")
    two_preferred = vocabulary.query("""
        SELECT ?concept WHERE { ?concept skos:prefLabel ?a, ?b FILTER (?a != ?b && lang(?a) = lang(?b)) }""",
                                     initNs={"skos": SKOS})
    both = vocabulary.query("SELECT ?concept WHERE { ?concept skos:prefLabel ?label ; skos:altLabel ?label }",
                            initNs={"skos": SKOS})
    labels = [str(label) for label in vocabulary.objects(None, SKOS.prefLabel)]
    assert len(labels) > 5000
    assert [row.concept for row in two_preferred] == []
    assert [row.concept for row in both] == []
    assert [label for label in labels if label != " ".join(label.split())] == []
