"""RDF export: Turtle, N-Triples and JSON-LD with the same triples, against `ontology/paperkg.ttl`.

`triples(graph)` yields the statements node by node in sorted order, so N-Triples streams straight to
disk and every format is byte-identical for the same graph. Qualified links (PROV-O style) carry each
paper→concept statement's support and the mentions, with their sentences, it was derived from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from rdflib import DCTERMS, FOAF, PROV, RDF, SDO, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from paperkg import ONTOLOGY
from paperkg.export.namespace import PKG
from paperkg.model import Evidence, Kind, Relation, slug

Triple = tuple[URIRef, URIRef, Node]

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
CONTEXT = ONTOLOGY / "context.jsonld"
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`\x00-\x20]+$")


def triples(graph: nx.DiGraph) -> Iterator[Triple]:
    """Every statement of the graph, node by node in sorted order."""
    base = graph.graph["base"]
    extractor = URIRef(f"{base}extractor/{slug(graph.graph.get('extractor', 'paperkg'))}")
    yield extractor, RDF.type, PKG.Extractor
    yield extractor, RDF.type, PROV.SoftwareAgent
    yield extractor, SKOS.prefLabel, Literal(graph.graph.get("extractor", "paperkg"))
    kinds = sorted({data["kind"] for _, data in graph.nodes(data=True)} - {Kind.PAPER, Kind.AUTHOR})
    for kind in kinds:
        scheme = URIRef(f"{base}scheme/{kind.lower()}")
        yield scheme, RDF.type, SKOS.ConceptScheme
        yield scheme, SKOS.prefLabel, Literal(f"{kind}s")
    venues = sorted({data["venue"] for _, data in graph.nodes(data=True) if data.get("venue")})
    for venue in venues:
        yield _venue(base, venue), RDF.type, PKG.Venue
        yield _venue(base, venue), SKOS.prefLabel, Literal(venue)
    for node in sorted(graph):
        data = graph.nodes[node]
        subject = URIRef(base + node)
        if data["kind"] == Kind.PAPER:
            yield from _paper(graph, node, subject, extractor)
        elif data["kind"] == Kind.AUTHOR:
            yield subject, RDF.type, PKG.Author
            yield subject, FOAF.name, Literal(data["name"])
            for name in data["alt_names"]:
                yield subject, SDO.alternateName, Literal(name)
        else:
            yield subject, RDF.type, PKG[data["kind"]]
            yield subject, SKOS.prefLabel, Literal(data["label"])
            yield subject, SKOS.inScheme, URIRef(f"{base}scheme/{data['kind'].lower()}")
            for label in data["alt_labels"]:
                yield subject, SKOS.altLabel, Literal(label)
            for iri in data["same_as"]:
                yield subject, SKOS.exactMatch, URIRef(iri)
            for iri in data["broader"]:
                yield subject, SKOS.broadMatch, URIRef(iri)


def _venue(base: str, venue: str) -> URIRef:
    return URIRef(f"{base}venue/{slug(venue)}")


def _paper(graph: nx.DiGraph, node: str, paper: URIRef, extractor: URIRef) -> Iterator[Triple]:
    data = graph.nodes[node]
    base = graph.graph["base"]
    yield paper, RDF.type, PKG.Paper
    yield paper, DCTERMS.title, Literal(data["title"])
    if data["abstract"]:
        yield paper, DCTERMS.abstract, Literal(data["abstract"])
    if data["year"]:
        yield paper, DCTERMS.issued, Literal(str(data["year"]), datatype=XSD.gYear)
    if data["venue"]:
        yield paper, PKG.venue, _venue(base, data["venue"])
    if data["session"]:
        yield paper, PKG.session, Literal(data["session"])
    if data["source"]:
        yield paper, PKG.source, Literal(data["source"])
    if _SAFE_IRI.match(data["url"]):
        yield paper, SDO.url, URIRef(data["url"])
    for scheme, value in data["ids"]:
        yield paper, DCTERMS.identifier, Literal(f"{scheme}:{value}")
    for keyword in data["keywords"]:
        yield paper, SDO.keywords, Literal(keyword)
    edges = sorted(graph.out_edges(node, data=True), key=lambda e: (e[2].get("position", 0), e[1]))
    for _, target, edge in edges:
        other = URIRef(base + target)
        if edge["relation"] == Relation.CREATOR:
            authorship = URIRef(f"{paper}#author-{edge['position']}")
            yield paper, DCTERMS.creator, other
            yield paper, PKG.authorship, authorship
            yield authorship, RDF.type, PKG.Authorship
            yield authorship, PKG.author, other
            yield authorship, PKG.position, Literal(edge["position"], datatype=XSD.positiveInteger)
            continue
        relation = PKG[edge["relation"]]
        link = URIRef(f"{paper}#{edge['relation']}/{target}")
        yield paper, relation, other
        yield paper, PKG.qualifiedLink, link
        yield link, RDF.type, PKG.Link
        yield link, PKG.relation, relation
        yield link, PKG.target, other
        yield link, PKG.support, Literal(len(edge["evidence"]), datatype=XSD.integer)
        yield link, PROV.wasAttributedTo, extractor
        for evidence in edge["evidence"]:
            mention = URIRef(f"{paper}#mention/{evidence.field}/{evidence.start}-{evidence.end}")
            yield link, PROV.wasDerivedFrom, mention
            yield from _mention(mention, evidence)


def _mention(mention: URIRef, evidence: Evidence) -> Iterator[Triple]:
    yield mention, RDF.type, PKG.Mention
    yield mention, PKG.text, Literal(evidence.text)
    yield mention, PKG.field, Literal(evidence.field)
    yield mention, PKG.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger)
    yield mention, PKG.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger)
    yield mention, PKG.sentence, Literal(evidence.sentence)
    yield mention, PKG.sentenceIndex, Literal(evidence.sentence_index, datatype=XSD.nonNegativeInteger)
    if evidence.score is not None:
        yield mention, PKG.score, Literal(f"{evidence.score:.4f}", datatype=XSD.decimal)


def to_rdflib(graph: nx.DiGraph) -> Graph:
    """The graph as an rdflib Graph with the project's prefixes bound."""
    rdf = Graph(bind_namespaces="core")
    for prefix, namespace in (("pkg", PKG._NS), ("dcterms", DCTERMS), ("foaf", FOAF), ("skos", SKOS),
                              ("prov", PROV), ("schema", SDO), ("id", graph.graph["base"])):
        rdf.bind(prefix, namespace)
    for triple in triples(graph):
        rdf.add(triple)
    return rdf


def write_rdf(graph: nx.DiGraph, path: Path) -> int:
    """Write the graph as Turtle, N-Triples or JSON-LD, by the file's suffix; return the triple count."""
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF suffix; use one of {', '.join(FORMATS)}")
    if fmt == "nt":
        count = 0
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for triple in triples(graph):
                out.write(ntriples_line(triple))
                count += 1
        return count
    rdf = to_rdflib(graph)
    if fmt == "turtle":
        text = rdf.serialize(format="turtle").replace("\ufffd", "\\uFFFD")  # see _TO_ESCAPE
        path.write_text(text, encoding="utf-8")
    else:
        context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
        document = json.loads(rdf.serialize(format="json-ld", context=context, auto_compact=True))
        document["@graph"] = sorted(document.get("@graph", []), key=lambda item: item["@id"])
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return len(rdf)


def read_rdf(path: Path) -> Graph:
    """Parse an export back into an rdflib Graph."""
    return Graph().parse(path, format=FORMATS[path.suffix])


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
#: U+FFFD too: it stands for bytes an input could not decode, and Jena's riot warns (so `--validate`
#: fails) on the raw character, not on its escape.
_TO_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\ufffd]')


def _quote(text: str) -> str:
    return _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def ntriples_line(triple: Triple) -> str:
    """One N-Triples line, escaped per RDF 1.1 N-Triples."""
    subject, predicate, obj = triple
    if isinstance(obj, Literal):
        if obj.language:
            suffix = f"@{obj.language}"
        elif obj.datatype and obj.datatype != XSD.string:
            suffix = f"^^<{obj.datatype}>"
        else:
            suffix = ""
        value = f'"{_quote(str(obj))}"{suffix}'
    else:
        value = f"<{obj}>"
    return f"<{subject}> <{predicate}> {value} .\n"
