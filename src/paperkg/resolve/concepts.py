"""Mentions → canonical Concepts and typed paper→concept Links.

A concept's identity is the normalised key of its long form: case, Unicode, hyphens and plurals folded,
determiners dropped, acronyms replaced by the long form they abbreviate (in the paper, or anywhere in the
corpus). A key found in the vocabulary takes the vocabulary's preferred label and IRI.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from paperkg.model import DEFAULT_RELATION, Concept, Evidence, Kind, Link, Mention, Paper, Relation, normalise
from paperkg.resolve.keywords import field_text
from paperkg.resolve.vocabulary import Vocabulary

#: Words that open a noun phrase without naming anything.
_DETERMINERS = frozenset((
    "the a an our their its his her this these those such each every any all both several many "
    "various some"
).split())
#: Heads that on their own (with determiners) name nothing in particular.
GENERIC = frozenset((
    "method methods approach approaches model models framework frameworks dataset datasets data task "
    "tasks problem problems algorithm algorithms technique techniques system systems architecture "
    "architectures network networks strategy strategies procedure procedures scheme schemes baseline "
    "baselines benchmark benchmarks work works setting settings experiment experiments result results "
    "performance it they them this that which one ones we paper papers idea ideas solution solutions "
    "module modules component components metric metrics measure measures"
).split())
_ACRONYM_PLURAL = re.compile(r"^[A-Z][A-Z0-9\-]*[A-Z0-9]s$")


def singular(word: str) -> str:
    """English singular of a head noun, by suffix rules (no dictionary): networks → network, CNNs → CNN."""
    lower = word.lower()
    if _ACRONYM_PLURAL.match(word):
        return word[:-1]
    if len(word) <= 3 or not lower.endswith("s") or lower.endswith(("ss", "us", "is", "'s")):
        return word
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def strip_determiners(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def concept_key(text: str) -> str:
    """The identity of a concept name: `Graph Neural Networks` and `graph-neural network` share one."""
    words = normalise(strip_determiners(text)).split()
    if not words:
        return ""
    return " ".join([*words[:-1], normalise(singular(strip_determiners(text).split()[-1]))])


def is_generic(text: str) -> bool:
    """True for names of nothing in particular: `the method`, `our framework`, `this problem`."""
    words = normalise(text).split()
    return not words or all(word in GENERIC or word in _DETERMINERS for word in words)


def _is_acronym(text: str) -> bool:
    return " " not in text and sum(char.isupper() for char in text) >= 2


def resolve_concepts(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]],
                     vocabulary: Vocabulary) -> tuple[list[Concept], list[Link]]:
    """Canonical concepts of all mentions, and one link per paper and concept with all its evidence."""
    # Acronyms defined anywhere in the corpus stand for their long form everywhere.
    expansions: dict[tuple[Kind, str], Counter[str]] = defaultdict(Counter)
    for paper_mentions in mentions:
        for mention in paper_mentions:
            if mention.long_form:
                expansions[mention.label, concept_key(mention.text)][concept_key(mention.long_form)] += 1

    def key_of(mention: Mention) -> str:
        if mention.long_form:
            return concept_key(mention.long_form)
        key = concept_key(mention.text)
        if _is_acronym(mention.text) and (mention.label, key) in expansions:
            return min(expansions[mention.label, key].items(), key=lambda item: (-item[1], item[0]))[0]
        return key

    surfaces: dict[tuple[Kind, str], Counter[str]] = defaultdict(Counter)
    evidence: dict[tuple[str, Kind, str], list[tuple[Mention, Evidence]]] = defaultdict(list)
    for paper, paper_mentions in zip(papers, mentions, strict=True):
        for mention in paper_mentions:
            if is_generic(mention.text):
                continue
            key = key_of(mention)
            surfaces[mention.label, key][strip_determiners(mention.text)] += 1
            text = field_text(paper, mention.field)
            evidence[paper.key, mention.label, key].append((mention, Evidence(
                field=mention.field, sentence_index=mention.sentence,
                sentence=text[mention.sentence_start:mention.sentence_end],
                start=mention.start, end=mention.end, text=mention.text, score=mention.score)))

    concepts = {}
    for (kind, key), forms in sorted(surfaces.items()):
        entry = vocabulary.lookup(kind, key)
        label = entry.label if entry else _preferred(forms)
        alts = {form for form in forms if not _is_shouted(form)} | set(entry.alt_labels if entry else ())
        alts.discard(label)
        concepts[kind, key] = Concept(kind=kind, key=key, label=label, alt_labels=tuple(sorted(alts)),
                                      same_as=(entry.iri,) if entry else (), broader=entry.broader if entry else ())

    links = []
    for (paper_key, kind, key), found in sorted(evidence.items()):
        proposed = any(mention.role == "proposes" for mention, _ in found)
        relation = Relation.PROPOSES if proposed else DEFAULT_RELATION[kind]
        ordered = tuple(sorted((item for _, item in found), key=lambda e: (e.field != "title", e.start)))
        links.append(Link(paper=paper_key, concept=concepts[kind, key], relation=relation, evidence=ordered))
    return sorted(concepts.values(), key=lambda c: (c.kind, c.key)), links


def _is_shouted(text: str) -> bool:
    """An all-capitals phrase, as in titles set in capitals: a spelling, not a name."""
    return text.isupper() and " " in text


def _preferred(forms: Counter[str]) -> str:
    """The label people would write: not an acronym when a long form exists, not shouted, most frequent."""
    return min(forms, key=lambda form: (_is_acronym(form), _is_shouted(form), -forms[form], form.islower(), form))
