"""RDF export: Turtle, N-Triples and JSON-LD with the same triples, against `ontology/paperkg.ttl`.

`descriptions(graph)` makes the statements one resource at a time (a node with the fragment-IRI nodes
that belong to it: authorships, qualified links, mentions), written in sorted order. All three writers stream
those blocks straight to disk, so no format needs an rdflib Graph of the whole export, and every format is
byte-identical for the same graph. JSON-LD is compacted with `ontology/context.jsonld` (plus `kg:`, the
build's base), Turtle uses the same prefixes; both are written here rather than by rdflib so they stream.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol

import networkx as nx
import numpy as np
import pyoxigraph as ox
from rdflib import DCTERMS, FOAF, PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from paperkg import ONTOLOGY
from paperkg.export import splice
from paperkg.export.namespace import PKG
from paperkg.export.splice import BlockWriter, Index, Reuse, runs
from paperkg.model import Evidence, Kind, Relation, check_base, slug

Triple = tuple[URIRef, URIRef, Node]
# Numbers are xsd:integer and xsd:decimal in canonical form, not derived types such as xsd:positiveInteger:
# Oxigraph stores those as xsd:integer, so a query or a dump would not give back the exported triples.

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
CONTEXT = ONTOLOGY / "context.jsonld"
#: Prefixes of the Turtle export, and the JSON-LD context's; `kg:` is added for the build's base.
PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "dcterms": str(DCTERMS), "foaf": str(FOAF),
            "skos": str(SKOS), "prov": str(PROV), "schema": str(SDO), "pkg": str(PKG._NS)}
_NAMESPACES = tuple(PREFIXES.values())
_WEB_IRI = re.compile(r"^https?://[^/?#\s]+", re.IGNORECASE)
#: The non-ASCII characters an IRI keeps unencoded: RFC 3987 `ucschar` within the Basic Multilingual Plane
#: (Jena 4.5's IRI checker rejects the others, as model.slug explains), less Unicode's deprecated letters.
_UCSCHAR = [(0xA0, 0x672), (0x674, 0x17A2), (0x17A5, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)]
_NOT_IN_IRI = re.compile("[\x00-\x20<>\"{}|\\\\^`\x7f]|[^\x00-\x7f"
                         + "".join(f"{chr(a)}-{chr(b)}" for a, b in _UCSCHAR) + "]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


@cache
def _integer(value: int) -> Literal:
    """An xsd:integer literal; offsets and counts repeat, and making a typed Literal takes ~8 µs."""
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=1 << 14)
def _text(value: str) -> Literal:
    """A string literal; a lone surrogate (which no RDF syntax can write) becomes U+FFFD. Cached: a field's
    name, a sentence with several mentions, a label come again and again, and a Literal takes ~10 µs."""
    return Literal(_SURROGATES.sub("\ufffd", value))


def _external_iri(value: str) -> URIRef | None:
    """A web address from the input as an RFC 3987 IRI (forbidden characters percent-encoded), or None when
    even that is not one (oxiri, Oxigraph's IRI parser, decides)."""
    value = value.strip()
    if not _WEB_IRI.match(value):
        return None
    head, _, fragment = value.partition("#")
    iri = _encode(head, "[]" if "]" not in head.split("/")[2] else "") + ("#" + _encode(fragment, "#[]") if _ else "")
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return URIRef(iri)


def _encode(text: str, also: str) -> str:
    """Percent-encode what an IRI may not hold: controls, spaces, `<>"{}|\\^``, stray `%`, and `also`."""
    pattern = f"{_NOT_IN_IRI.pattern}|[{re.escape(also)}]|%(?![0-9A-Fa-f]{{2}})" if also else \
        f"{_NOT_IN_IRI.pattern}|%(?![0-9A-Fa-f]{{2}})"
    return re.sub(pattern, lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "replace")), text)


def triples(graph: nx.DiGraph) -> Iterator[Triple]:
    """Every statement of the graph, resource by resource in sorted order."""
    own, statements = descriptions(graph)
    for block in own:
        yield from block
    for node in sorted(graph):
        yield from statements(node)


def descriptions(graph: nx.DiGraph) -> tuple[list[list[Triple]], Callable[[str], list[Triple]]]:
    """The statements of the build's own resources (extractor, schemes, venues), one list for each, and a
    function that makes a node's (with the fragment-IRI resources that belong to it), without repeats."""
    base = check_base(graph.graph["base"])
    name = graph.graph.get("extractor", "paperkg")
    extractor = URIRef(f"{base}extractor/{slug(name)}")
    own = [[(extractor, RDF.type, PKG.Extractor), (extractor, RDF.type, PROV.SoftwareAgent),
            (extractor, SKOS.prefLabel, _text(name))]]
    for kind in sorted({data["kind"] for _, data in graph.nodes(data=True)} - {Kind.PAPER, Kind.AUTHOR}):
        scheme = _scheme(base, kind)
        own.append([(scheme, RDF.type, SKOS.ConceptScheme), (scheme, SKOS.prefLabel, _text(f"{kind}s"))])
    for venue in sorted({data["venue"] for _, data in graph.nodes(data=True) if data.get("venue")}):
        iri = _venue(base, venue)
        own.append([(iri, RDF.type, PKG.Venue), (iri, SKOS.prefLabel, _text(venue))])
    return own, lambda node: list(dict.fromkeys(_node(graph, node, extractor)))


def _node(graph: nx.DiGraph, node: str, extractor: URIRef) -> Iterator[Triple]:
    kind = graph.nodes[node]["kind"]
    if kind == Kind.PAPER:
        return _paper(graph, node, extractor)
    if kind == Kind.AUTHOR:
        return _author(graph, node)
    return _concept(graph, node, extractor)


def _scheme(base: str, kind: str) -> URIRef:
    return URIRef(f"{base}scheme/{kind.lower()}")


def _venue(base: str, venue: str) -> URIRef:
    return URIRef(f"{base}venue/{slug(venue)}")


def _author(graph: nx.DiGraph, node: str) -> Iterator[Triple]:
    data = graph.nodes[node]
    author = URIRef(graph.graph["base"] + node)
    yield author, RDF.type, PKG.Author
    yield author, FOAF.name, _text(data["name"])
    for name in data["alt_names"]:
        yield author, SDO.alternateName, _text(name)


def _concept(graph: nx.DiGraph, node: str, extractor: URIRef) -> Iterator[Triple]:
    data = graph.nodes[node]
    base = graph.graph["base"]
    concept = URIRef(base + node)
    yield concept, RDF.type, PKG[data["kind"]]
    yield concept, SKOS.prefLabel, _text(data["label"])
    yield concept, SKOS.inScheme, _scheme(base, data["kind"])
    for label in data["alt_labels"]:
        if label != data["label"]:
            yield concept, SKOS.altLabel, _text(label)
    for iri in data["same_as"]:
        if external := _external_iri(iri):
            yield concept, SKOS.exactMatch, external
    for iri in data["broader"]:
        if external := _external_iri(iri):
            yield concept, SKOS.broadMatch, external
    for _, target, edge in sorted(graph.out_edges(node, data=True), key=lambda e: e[1]):
        evidence = edge.get("evidence", ())
        yield from _link(concept, edge["relation"], base, target, evidence, extractor,
                         described=lambda item: _in_paper_links(graph, item))


def _paper(graph: nx.DiGraph, node: str, extractor: URIRef) -> Iterator[Triple]:
    data = graph.nodes[node]
    base = graph.graph["base"]
    paper = URIRef(base + node)
    yield paper, RDF.type, PKG.Paper
    edges = sorted(graph.out_edges(node, data=True), key=lambda e: (e[2].get("position", 0), e[1]))
    if not any(edge["relation"] == Relation.CREATOR for _, _, edge in edges):
        yield paper, RDF.type, PKG.PaperWithoutAuthors
    yield paper, DCTERMS.title, _text(data["title"])
    if data["abstract"]:
        yield paper, DCTERMS.abstract, _text(data["abstract"])
    if data["year"]:
        yield paper, DCTERMS.issued, Literal(str(data["year"]), datatype=XSD.gYear)
    if data["venue"]:
        yield paper, PKG.venue, _venue(base, data["venue"])
    if data["session"]:
        yield paper, PKG.session, _text(data["session"])
    if data["source"]:
        yield paper, PKG.source, _text(data["source"])
    if url := _external_iri(data["url"]):
        yield paper, SDO.url, url
    for scheme, value in data["ids"]:
        yield paper, DCTERMS.identifier, _text(f"{scheme}:{value}")
    for keyword in data["keywords"]:
        yield paper, SDO.keywords, _text(keyword)
    for _, target, edge in edges:
        if edge["relation"] == Relation.CREATOR:
            authorship = URIRef(f"{paper}#author-{edge['position']}")
            author = URIRef(base + target)
            yield paper, DCTERMS.creator, author
            yield paper, PKG.authorship, authorship
            yield authorship, RDF.type, PKG.Authorship
            yield authorship, PKG.author, author
            yield authorship, PKG.position, _integer(edge["position"])
        else:
            yield from _link(paper, edge["relation"], base, target, edge["evidence"], extractor)


# Terms of the hot loops below, looked up once (a DefinedNamespace attribute is a method call).
_PKG_Link = PKG.Link
_PKG_Mention = PKG.Mention
_PKG_end = PKG.end
_PKG_field = PKG.field
_PKG_qualifiedLink = PKG.qualifiedLink
_PKG_relation = PKG.relation
_PKG_score = PKG.score
_PKG_sentence = PKG.sentence
_PKG_sentenceIndex = PKG.sentenceIndex
_PKG_start = PKG.start
_PKG_support = PKG.support
_PKG_target = PKG.target
_PKG_text = PKG.text
_PROV_wasAttributedTo = PROV.wasAttributedTo
_PROV_wasDerivedFrom = PROV.wasDerivedFrom
_RDF_type = RDF.type
_XSD_decimal = XSD.decimal
_XSD_string = XSD.string
_XSD_STRING_IRI = str(XSD.string)
_RDF_TYPE_IRI = str(RDF.type)


def _link(subject: URIRef, relation: str, base: str, node: str, evidence: Iterable[Evidence], extractor: URIRef,
          described: Callable[[Evidence], bool] = lambda evidence: False) -> Iterator[Triple]:
    """A direct statement and, where mentions support it, its qualified form: a pkg:Link with its support,
    extractor and mentions. A mention is one resource, `<paper>#mention/<field>/<start>-<end>`, however many
    links it supports; it is described here unless `described` says a paper's link describes it already."""
    property_ = PKG[relation]  # an unknown relation fails here, not as a new IRI
    target = URIRef(base + node)
    evidence = tuple(evidence)
    link = URIRef(f"{subject}#{relation}/{node}")
    yield subject, property_, target
    if not evidence:
        return
    yield subject, _PKG_qualifiedLink, link
    yield link, _RDF_type, _PKG_Link
    yield link, _PKG_relation, property_
    yield link, _PKG_target, target
    yield link, _PKG_support, _integer(len(evidence))
    yield link, _PROV_wasAttributedTo, extractor
    for item in evidence:
        mention = URIRef(f"{base}paper/{item.paper}#mention/{item.field}/{item.start}-{item.end}")
        yield link, _PROV_wasDerivedFrom, mention
        if not described(item):
            yield from _mention(mention, item)


def _in_paper_links(graph: nx.DiGraph, evidence: Evidence) -> bool:
    """Whether one of the paper's links holds this evidence (and so its block describes the mention)."""
    return any(evidence in data.get("evidence", ())
               for _, _, data in graph.out_edges(f"paper/{evidence.paper}", data=True))


def _mention(mention: URIRef, evidence: Evidence) -> Iterator[Triple]:
    yield mention, _RDF_type, _PKG_Mention
    yield mention, _PKG_text, _text(evidence.text)
    yield mention, _PKG_field, _text(evidence.field)
    yield mention, _PKG_start, _integer(evidence.start)
    yield mention, _PKG_end, _integer(evidence.end)
    yield mention, _PKG_sentence, _text(evidence.sentence)
    yield mention, _PKG_sentenceIndex, _integer(evidence.sentence_index)
    if evidence.score is not None:
        yield mention, _PKG_score, Literal(canonical_decimal(evidence.score), datatype=_XSD_decimal)


def canonical_decimal(value: float, places: int = 4) -> str:
    """The XSD 1.1 canonical form of `value` rounded to `places` (`0.875`, `1`): stores such as Oxigraph keep
    numbers in canonical form, so any other lexical form would not come back out of them as written."""
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------- writers


def write_rdf(graph: nx.DiGraph, path: Path) -> int:
    """Write the graph as Turtle, N-Triples or JSON-LD, by the file's suffix; return the triple count."""
    count, _ = write_rdf_files(graph, [path])
    return count


def write_rdf_files(graph: nx.DiGraph, paths: Sequence[Path], reuse: Sequence[Reuse | None] = (),
                    fingerprints: Mapping[str, bytes] | None = None) -> tuple[int, list[Index]]:
    """Write the graph into each of `paths` (Turtle, N-Triples or JSON-LD, by suffix) in one pass over its
    statements, which cost more to make than to print; return the triple count and each file's index.
    A resource is copied from the file `reuse` gives for its path when its fingerprint there is unchanged."""
    sinks = []
    for path in paths:
        fmt = FORMATS.get(path.suffix)
        if fmt is None:
            raise ValueError(f"{path}: unknown RDF suffix; use one of {', '.join(FORMATS)}")
        sinks.append({"nt": _NTriples, "turtle": _Turtle, "json-ld": _JsonLd}[fmt])
    base = graph.graph["base"]
    fingerprints = fingerprints if fingerprints is not None else splice.fingerprints(graph)
    reuse = list(reuse) or [None] * len(paths)
    files = [BlockWriter(path, old) for path, old in zip(paths, reuse, strict=True)]
    writers = [sink(base) for sink in sinks]
    own, statements = descriptions(graph)
    count = sum(len(block) for block in own)
    for file, writer in zip(files, writers, strict=True):
        file.write(writer.head() + "".join(writer.text(*_with_subjects(block)) for block in own))
    # Each node's block: copied from the old files in runs, made (once for all files) where one needs it.
    nodes = sorted(graph)
    prints = [fingerprints[node] for node in nodes]
    old = [file.unchanged(nodes, prints) for file in files]
    for run, at in runs(np.min(old, axis=0)) if files else ():
        if run:  # copied by every file
            for file, numbers in zip(files, old, strict=True):
                file.copied(nodes[run], numbers[run])
            count += sum(reuse[0].extras(old[0][run]))  # a block's extra is its triple count
        if at is None:
            break
        made = _with_subjects(statements(nodes[at]))
        for file, writer, numbers in zip(files, writers, old, strict=True):
            if numbers[at] < 0:
                file.made(nodes[at], prints[at], writer.text(*made), len(made[0]))
            else:
                file.copied(nodes[at:at + 1], numbers[at:at + 1])
        count += len(made[0])
    indexes = []
    for file, writer in zip(files, writers, strict=True):
        file.write(writer.tail())
        indexes.append(file.close())
    return count, indexes


def read_rdf(path: Path) -> Graph:
    """Parse an export back into an rdflib Graph."""
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF suffix; use one of {', '.join(FORMATS)}")
    return Graph().parse(path, format=fmt)


class _Sink(Protocol):
    """An RDF syntax, as text: what comes before the statements, a resource's statements, what comes after."""

    def __init__(self, base: str) -> None: ...

    def head(self) -> str: ...

    def text(self, block: list[Triple], grouped: dict[Node, dict[Node, list[Node]]]) -> str: ...

    def tail(self) -> str: ...


class _NTriples:
    def __init__(self, base: str) -> None:
        pass

    def head(self) -> str:
        return ""

    def text(self, block: list[Triple], grouped: dict[Node, dict[Node, list[Node]]]) -> str:
        return "".join([ntriples_line(triple) for triple in block])

    def tail(self) -> str:
        return ""


def _with_subjects(block: list[Triple]) -> tuple[list[Triple], dict[Node, dict[Node, list[Node]]]]:
    return block, _by_subject(block)


def _by_subject(block: list[Triple]) -> dict[Node, dict[Node, list[Node]]]:
    """Subject → predicate → objects, each in first-seen order."""
    grouped: dict[Node, dict[Node, list[Node]]] = {}
    for subject, predicate, obj in block:  # get, not setdefault: no new dict and list for every statement
        properties = grouped.get(subject)
        if properties is None:
            properties = grouped[subject] = {}
        objects = properties.get(predicate)
        if objects is None:
            properties[predicate] = [obj]
        else:
            objects.append(obj)
    return grouped


class _Turtle:
    def __init__(self, base: str) -> None:
        self.names: dict[Node, str] = {RDF.type: "a"}  # vocabulary terms as prefixed names: few, used everywhere

    def head(self) -> str:
        return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(PREFIXES.items()))

    def text(self, block: list[Triple], grouped: dict[Node, dict[Node, list[Node]]]) -> str:
        names = self.names
        descriptions = []
        for subject, properties in grouped.items():
            lines = []
            for predicate, objects in properties.items():
                verb = _turtle_term(predicate, names)
                lines.append(f"{verb} " + ",\n        ".join(_turtle_term(obj, names) for obj in objects))
            descriptions.append(f"\n<{subject}>\n    " + " ;\n    ".join(lines) + " .\n")
        return "".join(descriptions)

    def tail(self) -> str:
        return ""


def _turtle_term(term: Node, names: dict[Node, str]) -> str:
    if type(term) is Literal:  # type(), not isinstance(): rdflib's terms check instances through abc, slowly
        return _literal(term, _TURTLE_SUFFIXES, _turtle_datatype)
    name = names.get(term)
    if name is not None:
        return name
    text = str(term)
    if not text.startswith(_NAMESPACES):  # most IRIs: the build's resources
        return f"<{text}>"
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and _LOCAL_NAME.match(text[len(namespace):]):
            names[term] = f"{prefix}:{text[len(namespace):]}"
            return names[term]
    return f"<{text}>"


class _Compactor:
    """Compacts statements into JSON-LD node objects with the context's terms and prefixes."""

    def __init__(self, context: dict, base: str) -> None:
        self.prefixes = {name: value for name, value in context.items() if isinstance(value, str)
                         and value.endswith(("/", "#"))} | {"kg": base}
        self.terms: dict[str, tuple[str, dict]] = {}  # IRI → (term, definition)
        self.predicates: dict[Node, tuple[str, bool, tuple[str | None, str | None]]] = {}
        for name, value in context.items():
            definition = value if isinstance(value, dict) else {"@id": value}
            if name not in self.prefixes:
                self.terms[self.expand(definition["@id"])] = (name, definition)

    def expand(self, value: str) -> str:
        prefix, _, rest = value.partition(":")
        return self.prefixes[prefix] + rest if prefix in self.prefixes else value

    def iri(self, iri: str, vocab: bool = False) -> str:
        """An IRI as a term (where `vocab`), a compact IRI, or itself."""
        if vocab and iri in self.terms:
            return self.terms[iri][0]
        base = self.prefixes["kg"]
        if iri.startswith(base) and len(iri) > len(base) and not iri.startswith("//", len(base)):
            return f"kg:{iri[len(base):]}"  # most IRIs: the build's resources
        matches = [(len(ns), name) for name, ns in self.prefixes.items()
                   if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//")]
        if matches:
            length, name = max(matches)
            return f"{name}:{iri[length:]}"
        return iri

    def _rule(self, definition: dict | None) -> tuple[str | None, str | None]:
        """A term definition's `@type` and, where that is a datatype, its expanded IRI."""
        kind = (definition or {}).get("@type")
        return kind, self.expand(kind) if kind not in (None, "@id", "@vocab") else None

    def value(self, obj: Node, rule: tuple[str | None, str | None]) -> object:
        """`obj` compacted by `rule` (see `_rule`)."""
        kind, datatype_of_term = rule
        if type(obj) is URIRef:  # type(), not isinstance(): rdflib's terms check instances through abc, slowly
            if kind == "@id" or kind == "@vocab":
                return self.iri(str(obj), vocab=kind == "@vocab")
            return {"@id": self.iri(str(obj))}
        assert isinstance(obj, Literal)
        if obj.language:
            return {"@value": str(obj), "@language": obj.language}
        datatype = _XSD_STRING_IRI if obj.datatype is None else str(obj.datatype)
        if datatype == datatype_of_term or (kind is None and datatype == _XSD_STRING_IRI):
            return str(obj)
        if datatype == _XSD_STRING_IRI:
            return {"@value": str(obj)}
        return {"@value": str(obj), "@type": self.iri(datatype)}

    def _predicate(self, predicate: Node) -> tuple[str, bool, tuple[str | None, str | None]]:
        """A property's key in a node object, whether its values are always a list, and its value rule;
        remembered, as a few properties make all the statements."""
        found = self.predicates.get(predicate)
        if found is None:
            term, definition = self.terms.get(str(predicate), (self.iri(str(predicate), vocab=True), None))
            found = self.predicates[predicate] = (term, (definition or {}).get("@container") == "@set",
                                                  self._rule(definition))
        return found

    def node(self, subject: Node, properties: dict[Node, list[Node]]) -> dict:
        node: dict[str, object] = {"@id": self.iri(str(subject))}
        for predicate, objects in properties.items():
            if str.__eq__(predicate, _RDF_TYPE_IRI):  # str's ==: rdflib's is a Python call
                types = [self.iri(str(obj), vocab=True) for obj in objects]
                node["@type"] = types[0] if len(types) == 1 else types
                continue
            term, always_list, rule = self._predicate(predicate)
            values = [self.value(obj, rule) for obj in objects]
            node[term] = values if always_list or len(values) > 1 else values[0]
        return node


def jsonld_context(base: str) -> dict:
    """The context graph.jsonld is compacted with: ontology/context.jsonld and `kg:` for `base`."""
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    return {**context, "kg": base}


class _JsonLd:
    def __init__(self, base: str) -> None:
        self.context = jsonld_context(base)
        self.compactor = _Compactor(self.context, base)
        self.separator = "\n"  # before the first node object; the build's own resources come first

    def head(self) -> str:
        return '{\n"@context": ' + json.dumps(self.context, ensure_ascii=False, indent=1) + ',\n"@graph": ['

    def text(self, block: list[Triple], grouped: dict[Node, dict[Node, list[Node]]]) -> str:
        objects = []
        for subject, properties in grouped.items():
            node = self.compactor.node(subject, properties)
            objects.append(self.separator + _indented(node, "\n").replace("\ufffd", "\\ufffd"))  # as _TO_ESCAPE
            self.separator = ",\n"
        return "".join(objects)

    def tail(self) -> str:
        return "\n]\n}\n"


def _indented(value: object, newline: str) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)` for the strings, lists and objects of
    a node object, several times faster (json's indenting encoder is pure Python; its string escaping is C)."""
    if isinstance(value, str):
        return _json_string(value)
    inner = newline + " "
    # Strings, most values, are written in place: a call per value would cost more than its escaping.
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{_json_string(key)}: "
                 f"{_json_string(item) if type(item) is str else _indented(item, inner)}"
                 for key, item in sorted(value.items())]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [_json_string(item) if type(item) is str else _indented(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_json_string = json.encoder.encode_basestring  # as json.dumps(..., ensure_ascii=False) writes a string


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
#: U+FFFD too: it stands for bytes an input could not decode, and Jena's riot warns (so `--validate`
#: fails) on the raw character, not on its escape.
_TO_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\ufffd]')


def _quote(text: str) -> str:
    return _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def ntriples_line(triple: Triple) -> str:
    """One N-Triples line, escaped per RDF 1.1 N-Triples."""
    subject, predicate, obj = triple
    value = _literal(obj, _NT_SUFFIXES, _nt_datatype) if type(obj) is Literal else f"<{obj}>"
    return f"<{subject}> <{predicate}> {value} .\n"


def _nt_datatype(datatype: URIRef) -> str:
    return f"^^<{datatype}>"


def _turtle_datatype(datatype: URIRef) -> str:
    return f"^^{_turtle_term(datatype, {})}"


#: Datatype → what follows a literal of it in N-Triples and in Turtle (xsd:string: nothing).
_NT_SUFFIXES: dict[Node, str] = {}
_TURTLE_SUFFIXES: dict[Node, str] = {}


def _literal(literal: Literal, suffixes: dict[Node, str], suffix: Callable[[URIRef], str]) -> str:
    """A literal in N-Triples or Turtle: the quoted text, then its language or its datatype as `suffix`
    writes it, remembered in `suffixes` (there are few datatypes, and comparing rdflib terms is slow)."""
    text = f'"{_quote(str(literal))}"'
    if literal.language:
        return f"{text}@{literal.language}"
    datatype = literal.datatype
    if datatype is None:
        return text
    found = suffixes.get(datatype)
    if found is None:
        found = suffixes[datatype] = "" if datatype == _XSD_string else suffix(datatype)
    return text + found
