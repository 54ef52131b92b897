"""The RDF exports: read back by rdflib, pyoxigraph, npm's jsonld and Apache Jena; checked against the SHACL shapes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import SEED
from graphs import AWKWARD_TITLE, tiny_graph
from hypothesis import given
from hypothesis import strategies as st
from rdflib import DCTERMS, RDF, SH, SKOS, Graph, Literal, URIRef
from rdflib import namespace as ns
from typer.testing import CliRunner

from paperkg import ingest
from paperkg.cli import app
from paperkg.export.namespace import PKG
from paperkg.export.rdf import CONTEXT, _external_iri, canonical_decimal, read_rdf, write_rdf
from paperkg.graph import DEFAULT_BASE
from paperkg.model import check_base
from paperkg.resolve.people import display_name
from paperkg.validate import SHAPES, validate

RDF_FILES = ("graph.ttl", "graph.nt", "graph.jsonld")
OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}


def _write_all(graph, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in RDF_FILES:
        write_rdf(graph, folder / name)
    return {name: folder / name for name in RDF_FILES}


def _nquads_triples(text: str) -> set:
    return set(Graph().parse(data=text, format="nt"))


def test_the_three_files_hold_the_same_triples(seed_out: Path) -> None:
    triples = [set(read_rdf(seed_out / name)) for name in RDF_FILES]
    assert len(triples[0]) > 5000
    assert triples[0] == triples[1] == triples[2]


def test_pyoxigraph_reads_each_file_as_the_same_triples(seed_out: Path) -> None:
    counts = set()
    for name in RDF_FILES:
        path = seed_out / name
        quads = list(ox.parse(path=str(path), format=OX_FORMATS[path.suffix]))
        counts.add(len(set(quads)))
    assert counts == {len(read_rdf(seed_out / "graph.nt"))}


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


def test_awkward_strings_survive_every_format(tmp_path: Path) -> None:
    files = _write_all(tiny_graph(), tmp_path)
    for path in files.values():
        titles = set(read_rdf(path).objects(None, DCTERMS.title))
        assert titles == {Literal(AWKWARD_TITLE)}, path.name
        quads = ox.parse(path=str(path), format=OX_FORMATS[path.suffix])
        assert {q.object.value for q in quads if q.predicate.value == str(DCTERMS.title)} == {AWKWARD_TITLE}


def test_hostile_web_addresses_and_lone_surrogates_still_give_valid_rdf(tmp_path: Path) -> None:
    graph = tiny_graph()
    paper = next(node for node, data in graph.nodes(data=True) if data["kind"] == "Paper")
    graph.nodes[paper]["url"] = "https://example.org/a paper[1]?q={x}#top#2"
    graph.nodes[paper]["title"] = "Lone \ud800 surrogate"
    graph.nodes["method/foo-net"]["same_as"] = ("https://paperswithcode.com/method/foo|net", "not a web address")
    files = _write_all(graph, tmp_path)
    triples = set(read_rdf(files["graph.nt"]))
    for path in files.values():
        assert len(set(ox.parse(path=str(path), format=OX_FORMATS[path.suffix]))) == len(triples), path.name
        assert set(read_rdf(path)) == triples
    objects = {str(o) for _, _, o in triples}
    assert "https://example.org/a%20paper%5B1%5D?q=%7Bx%7D#top%232" in objects
    assert "https://paperswithcode.com/method/foo%7Cnet" in objects and "not a web address" not in objects
    assert "Lone \ufffd surrogate" in objects


@given(st.text(max_size=60))
def test_any_web_address_path_becomes_a_valid_iri(path: str) -> None:
    iri = _external_iri(f"https://example.org/{path}")
    assert iri is not None
    ox.NamedNode(str(iri))


def test_used_for_links_are_exported_direct_and_qualified(tmp_path: Path) -> None:
    rdf = read_rdf(_write_all(tiny_graph(), tmp_path)["graph.nt"])
    method, task = URIRef(f"{DEFAULT_BASE}method/foo-net"), URIRef(f"{DEFAULT_BASE}task/image-classification")
    assert (method, PKG.usedFor, task) in rdf
    [link] = rdf.objects(method, PKG.qualifiedLink)
    assert (link, PKG.relation, PKG.usedFor) in rdf and (link, PKG.target, task) in rdf
    assert rdf.value(link, PKG.support) == Literal(2, datatype=ns.XSD.integer)
    mentions = set(rdf.objects(link, rdflib.PROV.wasDerivedFrom))
    assert {str(m) for m in mentions} == {f"{PAPER}#mention/abstract/20-27", f"{PAPER}#mention/abstract/60-80"}
    assert all((m, RDF.type, PKG.Mention) in rdf for m in mentions)  # the paper's mentions, described once


def test_writing_never_builds_an_rdflib_graph(seed_graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every format streams from the networkx graph; an rdflib Graph of the whole export would not scale."""
    def refuse(*args, **kwargs):
        raise AssertionError("write_rdf built an rdflib Graph")

    monkeypatch.setattr(rdflib.Graph, "__init__", refuse)
    for name in RDF_FILES:
        assert write_rdf(seed_graph, tmp_path / name) > 5000


@given(st.floats(min_value=0, max_value=1))
def test_scores_are_canonical_decimals_that_oxigraph_gives_back_as_written(score: float) -> None:
    text = canonical_decimal(score)
    assert abs(float(text) - score) <= 0.00005
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://example.org/m"), ox.NamedNode(str(PKG.score)),
                      ox.Literal(text, datatype=ox.NamedNode(str(ns.XSD.decimal)))))
    assert [quad.object.value for quad in store] == [text]


def test_every_format_counts_the_same_triples(seed_graph, tmp_path: Path) -> None:
    counts = {name: write_rdf(seed_graph, tmp_path / name) for name in RDF_FILES}
    assert len(set(counts.values())) == 1
    assert counts["graph.nt"] == len((tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines())


def test_resources_live_under_the_configured_base(tmp_path: Path) -> None:
    base = "https://example.org/kg/"
    rdf = read_rdf(_write_all(tiny_graph(base), tmp_path)["graph.jsonld"])
    subjects = {str(s) for s in rdf.subjects()}
    assert subjects and all(s.startswith(base) for s in subjects)
    assert f"{base}paper/doi/10.1234/foo.net" in subjects


@pytest.mark.parametrize("base", ["https://example.org/kg", "example.org/kg/", "https://exa mple.org/", ""])
def test_a_base_that_is_not_an_absolute_iri_ending_in_a_slash_or_hash_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="base IRI"):
        check_base(base)


def test_build_refuses_a_bad_base_before_reading_anything(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(SEED), "--out", str(tmp_path), "--base", "example.org/kg"])
    assert result.exit_code == 1
    assert "--base: base IRI 'example.org/kg'" in result.output
    assert not list(tmp_path.iterdir())


def test_validate_command_reports_conformance_and_exits_1_on_a_violation(tmp_path: Path) -> None:
    good = _write_all(tiny_graph(), tmp_path / "good")["graph.ttl"]
    result = CliRunner().invoke(app, ["validate", str(good)])
    assert result.exit_code == 0 and "conforms" in result.output
    broken = read_rdf(good)
    _no_title(broken)
    bad = tmp_path / "bad.nt"
    broken.serialize(bad, format="nt", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: does not conform" in result.output and "dcterms:title" in result.output


def test_every_iri_is_a_valid_rfc_3987_iri(seed_out: Path) -> None:
    iris = {str(term) for triple in read_rdf(seed_out / "graph.nt") for term in triple if isinstance(term, URIRef)}
    assert len(iris) > 1000
    for iri in iris:
        ox.NamedNode(iri)  # oxiri: raises on anything RFC 3987 does not allow
        path = iri.split("#")[0].split("?")[0]
        assert "/./" not in path and "/../" not in path and not path.endswith(("/.", "/..")), iri


def test_jsonld_is_compacted_with_the_shipped_context(seed_out: Path) -> None:
    document = json.loads((seed_out / "graph.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == {**shipped, "kg": DEFAULT_BASE}
    terms = set(shipped)
    keys = {key for node in document["@graph"] for key in node}
    assert keys - {"@id", "@type"} <= terms  # every property has a term: no full or compact IRIs as keys
    types = {t for node in document["@graph"] for t in ([node["@type"]] if isinstance(node["@type"], str)
                                                          else node["@type"])}
    assert types <= terms
    assert all(node["@id"].startswith("kg:") for node in document["@graph"])


@pytest.mark.consumer
def test_npm_jsonld_gives_the_triples_of_graph_nt(seed_out: Path, jsonld_js: list[str]) -> None:
    result = subprocess.run([*jsonld_js, str(seed_out / "graph.jsonld")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert _nquads_triples(result.stdout) == set(read_rdf(seed_out / "graph.nt"))


@pytest.mark.consumer
def test_npm_jsonld_reads_awkward_strings_and_used_for_links(tmp_path: Path, jsonld_js: list[str]) -> None:
    files = _write_all(tiny_graph(), tmp_path)
    result = subprocess.run([*jsonld_js, str(files["graph.jsonld"])], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert _nquads_triples(result.stdout) == set(read_rdf(files["graph.nt"]))


@pytest.mark.consumer
@pytest.mark.parametrize("name", RDF_FILES)
def test_jena_riot_validates_each_export(seed_out: Path, jena: list[str], name: str) -> None:
    syntax = ["--syntax=jsonld10"] if name.endswith(".jsonld") else []
    result = subprocess.run([*jena, "riot", "--validate", *syntax, str(seed_out / name)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARN" not in result.stderr and "ERROR" not in result.stderr, result.stderr


@pytest.mark.consumer
def test_jena_reads_the_jsonld_as_the_triples_of_graph_nt(seed_out: Path, jena: list[str]) -> None:
    result = subprocess.run([*jena, "riot", "--syntax=jsonld10", "--output=nt", str(seed_out / "graph.jsonld")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert _nquads_triples(result.stdout) == set(read_rdf(seed_out / "graph.nt"))


# ---------------------------------------------------------------- SHACL


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_the_seed_exports_conform_to_the_shapes(seed_out: Path, name: str) -> None:
    report = validate(seed_out / name)
    assert report.conforms, report.text


def test_the_hand_made_graph_conforms_to_the_shapes(tmp_path: Path) -> None:
    report = validate(_write_all(tiny_graph(), tmp_path)["graph.ttl"])
    assert report.conforms, report.text



def test_a_paper_whose_source_names_no_authors_is_said_so_and_conforms(tmp_path: Path) -> None:
    """Records without authors are kept (see "Bad input"); the export types them PaperWithoutAuthors, so the
    shapes still hold every other paper to at least one creator."""
    from paperkg.build import run

    records = tmp_path / "in.jsonl"
    records.write_text('{"title": "Nobody Wrote This", "abstract": "We propose Foo-Net."}\n'
                       '{"title": "Somebody Did", "authors": ["Ada Lovelace"]}\n', encoding="utf-8")
    assert run([records], tmp_path / "out").exit_code == 0
    rdf = read_rdf(tmp_path / "out" / "graph.nt")
    [paper] = rdf.subjects(RDF.type, PKG.PaperWithoutAuthors)
    assert str(rdf.value(paper, DCTERMS.title)) == "Nobody Wrote This"
    assert (paper, RDF.type, PKG.Paper) in rdf and rdf.value(paper, DCTERMS.creator) is None
    for name in ("graph.ttl", "graph.jsonld"):
        report = validate(tmp_path / "out" / name)
        assert report.conforms, report.text
    rdf.remove((paper, RDF.type, PKG.PaperWithoutAuthors))  # unmarked, the same paper breaks the shapes
    report = validate(rdf)
    assert (paper, SH.OrConstraintComponent) in _violations(report.graph)

PAPER = URIRef(f"{DEFAULT_BASE}paper/doi/10.1234/foo.net")
DATASET = URIRef(f"{DEFAULT_BASE}dataset/imagenet")
TASK = URIRef(f"{DEFAULT_BASE}task/image-classification")
STRANGER = URIRef(f"{DEFAULT_BASE}author/a-stranger")
MENTION = URIRef(f"{PAPER}#mention/abstract/47-55")


def _no_title(rdf: Graph) -> None:
    rdf.remove((PAPER, DCTERMS.title, None))


def _shared_position(rdf: Graph) -> None:
    first = rdf.value(URIRef(f"{PAPER}#author-1"), PKG.position)
    rdf.set((URIRef(f"{PAPER}#author-2"), PKG.position, first))


def _position_zero(rdf: Graph) -> None:
    rdf.set((URIRef(f"{PAPER}#author-1"), PKG.position, Literal(0, datatype=ns.XSD.integer)))


def _two_pref_labels(rdf: Graph) -> None:
    rdf.add((DATASET, SKOS.prefLabel, Literal("ILSVRC")))


def _untyped_target(rdf: Graph) -> None:
    rdf.remove((TASK, RDF.type, None))


def _link_without_statement(rdf: Graph) -> None:
    rdf.remove((PAPER, PKG.evaluatedOn, DATASET))


def _creator_without_authorship(rdf: Graph) -> None:
    rdf.add((STRANGER, RDF.type, PKG.Author))
    rdf.add((STRANGER, rdflib.FOAF.name, Literal("A Stranger")))
    rdf.add((PAPER, DCTERMS.creator, STRANGER))


def _mention_in_an_unknown_field(rdf: Graph) -> None:
    rdf.set((MENTION, PKG.field, Literal("footnote")))


def _mention_ends_before_it_starts(rdf: Graph) -> None:
    rdf.set((MENTION, PKG.end, Literal(3, datatype=ns.XSD.integer)))


#: A defect, and the (focus node, constraint component) a validator must report for it.
DEFECTS = {
    "paper without a title": (_no_title, PAPER, SH.MinCountConstraintComponent),
    "a byline position of 0": (_position_zero, URIRef(f"{PAPER}#author-1"), SH.MinInclusiveConstraintComponent),
    "two authors at one position": (_shared_position, PAPER, SH.SPARQLConstraintComponent),
    "concept with two preferred labels": (_two_pref_labels, DATASET, SH.MaxCountConstraintComponent),
    "link to an untyped target": (_untyped_target, URIRef(f"{PAPER}#addresses/task/image-classification"),
                                  SH.NodeConstraintComponent),
    "qualified link without its statement": (_link_without_statement,
                                             URIRef(f"{PAPER}#evaluatedOn/dataset/imagenet"),
                                             SH.SPARQLConstraintComponent),
    "creator without a byline position": (_creator_without_authorship, PAPER, SH.SPARQLConstraintComponent),
    "mention ending before it starts": (_mention_ends_before_it_starts, MENTION, SH.LessThanConstraintComponent),
    "mention in an unknown field": (_mention_in_an_unknown_field, MENTION, SH.InConstraintComponent),
}


def _violations(report: Graph) -> set[tuple]:
    return {(report.value(result, SH.focusNode), report.value(result, SH.sourceConstraintComponent))
            for result in report.subjects(RDF.type, SH.ValidationResult)}


@pytest.fixture(scope="module")
def tiny_rdf(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return read_rdf(_write_all(tiny_graph(), tmp_path_factory.mktemp("tiny"))["graph.nt"])


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_pyshacl_reports_each_defect(tiny_rdf: Graph, defect: str) -> None:
    damage, focus, component = DEFECTS[defect]
    broken = Graph()
    for triple in tiny_rdf:
        broken.add(triple)
    damage(broken)
    report = validate(broken)
    assert not report.conforms
    assert (focus, component) in _violations(report.graph), report.text


@pytest.mark.consumer
def test_jena_shacl_reports_every_defect(tiny_rdf: Graph, jena: list[str], tmp_path: Path) -> None:
    broken = Graph()
    for triple in tiny_rdf:
        broken.add(triple)
    for damage, _, _ in DEFECTS.values():
        damage(broken)
    data = tmp_path / "broken.nt"
    broken.serialize(data, format="nt", encoding="utf-8")
    result = subprocess.run([*jena, "shacl", "validate", "--shapes", str(SHAPES), "--data", str(data)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr  # Jena exits 0 either way: the report says
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, SH.conforms, Literal(False)) in report
    expected = {(focus, component) for _, focus, component in DEFECTS.values()}
    assert expected <= _violations(report)


@pytest.mark.consumer
@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt"])
def test_jena_shacl_finds_the_seed_exports_conform(seed_out: Path, jena: list[str], name: str) -> None:
    result = subprocess.run([*jena, "shacl", "validate", "--shapes", str(SHAPES), "--data", str(seed_out / name)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.search(r"sh:conforms\s+true", result.stdout), result.stdout[:3000]
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, SH.conforms, Literal(True)) in report and not _violations(report)
