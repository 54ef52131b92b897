"""The paperkg ontology's terms as code: a typo is an error, not a new IRI (`ontology/paperkg.ttl`)."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
    """paperkg ontology (https://w3id.org/paperkg/ontology); a test keeps this list in step with the file."""

    _fail = True
    _NS = Namespace("https://w3id.org/paperkg/ontology#")

    # classes
    Paper: URIRef
    PaperWithoutAuthors: URIRef
    Author: URIRef
    Venue: URIRef
    Concept: URIRef
    Method: URIRef
    Dataset: URIRef
    Task: URIRef
    Metric: URIRef
    Authorship: URIRef
    Link: URIRef
    Mention: URIRef
    Extractor: URIRef
    # paper → concept
    conceptLink: URIRef
    proposes: URIRef
    uses: URIRef
    evaluatedOn: URIRef
    addresses: URIRef
    measuredBy: URIRef
    usedFor: URIRef
    # qualified links and evidence
    qualifiedLink: URIRef
    relation: URIRef
    target: URIRef
    support: URIRef
    text: URIRef
    field: URIRef
    start: URIRef
    end: URIRef
    sentence: URIRef
    sentenceIndex: URIRef
    score: URIRef
    # authorship and venue
    authorship: URIRef
    author: URIRef
    position: URIRef
    venue: URIRef
    session: URIRef
    source: URIRef
