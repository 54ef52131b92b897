"""Mentions → canonical Concepts, typed paper→concept Links and concept→concept links (`usedFor`).

A concept's identity is the normalised key of its long form: case, Unicode, hyphens and plurals folded,
determiners and evaluative words dropped (`a novel regularization` = `regularization`), acronyms replaced by
the long form they abbreviate (in the paper, or anywhere in the corpus), coordinations split
(`CIFAR-10/100`, `semantic and instance segmentation`). A key gets one kind, the one most mentions give
it (the vocabulary breaks ties); a key found in the vocabulary takes its preferred label and IRI.
Names of nothing in particular (`the method`, `our framework`, `real-world datasets`) never become concepts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from paperkg.model import (
    CONCEPT_KINDS,
    DEFAULT_RELATION,
    Concept,
    ConceptLink,
    Evidence,
    Kind,
    Link,
    Mention,
    Paper,
    Relation,
    normalise,
)
from paperkg.resolve.keywords import field_text
from paperkg.resolve.vocabulary import Vocabulary

#: Words that open a noun phrase without naming anything: dropped from keys and labels.
LEADING = frozenset((
    "the a an our their its his her this these those such each every any all both several many various some "
    "novel new proposed existing recent standard conventional popular traditional previous prior current modern "
    "classical classic state-of-the-art sota different other same typical common well-known widely-used"
).split())
#: Words that on their own name nothing in particular, whatever the kind.
GENERIC = frozenset((
    "method approach model framework algorithm technique system architecture network strategy procedure scheme "
    "mechanism solution idea baseline variant module component design pipeline tool work paper task problem "
    "application setting field area domain data dataset benchmark corpus corpora collection sample example "
    "instance performance efficiency effectiveness quality result metric measure experiment analysis study "
    "it they them this that which one we state-of-the-art art"
).split())
#: Connectives that may sit between generic words (`state of the art`, `tasks and datasets`).
_GLUE = frozenset("of and or for in on to with the a an".split())
_DATASET_WORDS = frozenset("dataset datasets benchmark benchmarks corpus corpora suite treebank".split())
_ACRONYM_PLURAL = re.compile(r"^[A-Z][A-Z0-9\-]*[A-Z0-9]s$")
_WITH_ACRONYM = re.compile(r"^(?P<name>.*\S)\s*\((?P<short>[^()\s]{2,12})\)$")
_SLASHED = re.compile(r"^(?P<stem>.*?[A-Za-z][\-_ ]?)(?P<first>\d+[A-Za-z]?)(?P<rest>(?:/\d+[A-Za-z]?)+)$")
#: A method used for a task, as sentences say it: "M for T", "M to T", "apply M to T"; "T using M", "T with M".
_METHOD_FOR_TASK = re.compile(r"^\s*(?:,\s*)?(?:for|to|in|towards|applied to|for the task of|for solving)\s+"
                              r"(?:the\s+|a\s+|an\s+)?(?:task\s+of\s+|problem\s+of\s+)?$", re.IGNORECASE)
_TASK_BY_METHOD = re.compile(r"^\s*(?:using|with|via|by|based on|through|by means of)\s+(?:the\s+|a\s+|an\s+)?$",
                             re.IGNORECASE)


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


def tidy(text: str) -> str:
    """A name without the punctuation and unmatched brackets a span picked up at its ends (`AS-MLP}`)."""
    text = text.strip().strip(",;:.")
    for opening, closing in ("()", "[]", "{}"):
        if text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[:-1]
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:]
    return text.strip()


#: Words that no name holds: where a span ran on into the sentence (`Entroformer achieves state-of-the-art`).
_VERBS = frozenset((
    "is are was were be been has have can achieves achieve converges converge outperforms outperform matches "
    "match shows show yields yield enables enable improves improve provides provide"
).split())
#: Punctuation that ends a name: em dashes, TeX quotes, bars (`MobileNetV2|ResNet family`); not the en dash
#: of `Kullback--Leibler divergence`.
_RUN_ON = re.compile(r"---|``|''|\|")


@lru_cache(maxsize=1 << 16)  # pure, and names recur across the corpus
def trim(text: str) -> str:
    """A mention's text without what the span ran on into: em dashes and what follows them, TeX math or an
    opening bracket that is never closed and what follows it (`adaptation (inner loop`, `… (\\emph{e.g`), a
    verb and what follows it (`NES converges`), and trailing function words (`generative modeling of`).
    Closed math stays: `$k$-means clustering`."""
    text = text.lstrip("`'-| ")
    run_on = _RUN_ON.search(text)
    text = text[:run_on.start()] if run_on else text
    if text.count("$") % 2:
        text = text[:text.rfind("$")]
    text = tidy(text)
    for opening, closing in ("()", "[]", "{}"):
        cut = text.rfind(opening)
        if cut > 0 and closing not in text[cut:]:
            text = text[:cut]
    words = text.split()
    verb = next((index for index, word in enumerate(words) if index and word in _VERBS), len(words))
    words = words[:verb]
    while len(words) > 1 and words[-1].lower() in _GLUE:
        words = words[:-1]
    return tidy(" ".join(words))


@lru_cache(maxsize=1 << 16)  # pure, and names recur across the corpus
def strip_leading(text: str) -> str:
    """The name without its determiners and evaluative words: `a novel deep network` → `deep network`."""
    words = tidy(text).split()
    while len(words) > 1 and words[0].lower() in LEADING:
        words = words[1:]
    return " ".join(words) if not (len(words) == 1 and words[0].lower() in LEADING) else ""


def label_key(label: str) -> str:
    """The identity of a label as written: case, Unicode, separators and the plural folded."""
    words = label.split()
    return normalise(" ".join([*words[:-1], singular(words[-1])])) if words else ""


@lru_cache(maxsize=1 << 16)  # pure, and names recur across the corpus
def concept_key(text: str) -> str:
    """The identity of a mention: `Graph Neural Networks` and `a novel graph-neural network` share one."""
    return label_key(strip_leading(" ".join(text.split())))


def split_acronym(text: str) -> tuple[str, str]:
    """`reinforcement learning (RL)` → (`reinforcement learning`, `RL`); other text → (text, "")."""
    match = _WITH_ACRONYM.match(text)
    return (match["name"], match["short"]) if match and _is_acronym(match["short"]) else (text, "")


@lru_cache(maxsize=1 << 16)  # pure, and names recur across the corpus
def is_generic(text: str) -> bool:
    """True for names of nothing in particular: `the method`, `our framework`, `this problem`."""
    words = [singular(word) for word in normalise(strip_leading(text) or text).split()]
    return not words or all(word in GENERIC or word in _GLUE or word in LEADING for word in words)


def is_specific(text: str, kind: Kind) -> bool:
    """Whether a mention outside the vocabulary names something specific enough to be a concept.

    Datasets must carry a name (a capital or a digit: `Penn Treebank`, `CIFAR-10`), not just say what the
    data is (`real-world datasets`, `images`).
    """
    return not is_generic(text) and _is_specific_name(text, kind)


@lru_cache(maxsize=1 << 16)  # pure, and names recur across the corpus
def _is_specific_name(text: str, kind: Kind) -> bool:
    """`is_specific` of a name that is not generic (which `prepare_mentions` tells of each name)."""
    if len(text) < 2 or not any(char.isalpha() for char in text):
        return False
    if text.islower() and " " not in text and text.endswith("ed") and not text.endswith("eed"):
        return False  # a participle on its own (`recently-proposed`, `well-established`) names nothing
    if kind == Kind.DATASET:
        words = [word for word in strip_leading(text).split() if word.lower() not in _DATASET_WORDS]
        return any(any(char.isupper() or char.isdigit() for char in word) for word in words)
    return True


def split_coordination(text: str) -> list[str]:
    """The names a coordinated mention stands for: `CIFAR-10/100` → `CIFAR-10`, `CIFAR-100`;
    `semantic and instance segmentation` → `semantic segmentation`, `instance segmentation`."""
    slashed = _SLASHED.match(text)
    if slashed:
        numbers = [slashed["first"], *slashed["rest"].split("/")[1:]]
        return [slashed["stem"] + number for number in numbers]
    parts = re.split(r"\s+(?:and|or|&)\s+|\s*,\s+", text)
    if len(parts) != 2 or not all(parts):
        return [text]
    left, right = parts[0].split(), parts[1].split()
    if len(left) == 1 and len(right) >= 2:  # shared head: "semantic and instance segmentation"
        return [f"{left[0]} {right[-1]}", parts[1]]
    if len(left) >= 2 and len(right) == 1:  # shared modifier: "image classification and segmentation"
        return [parts[0], " ".join([*left[:-1], right[0]])]
    return [parts[0], parts[1]]


def _is_acronym(text: str) -> bool:
    return " " not in text and sum(char.isupper() for char in text) >= 2


def _is_shouted(text: str) -> bool:
    """An all-capitals phrase, as in titles set in capitals: a spelling, not a name."""
    return text.isupper() and " " in text


@dataclass
class _Occurrence:
    """One name a mention stands for, before the concepts are known."""

    paper: Paper
    #: `paper.key`, computed once per paper (it builds slugs).
    paper_key: str
    mention: Mention
    name: str
    key: str
    evidence: Evidence = field(repr=False)
    #: The acronym the name was expanded from, if it was (`MVS` for `multi-view stereo`).
    alias: str = ""
    #: Whether the name names nothing in particular (`is_generic`).
    generic: bool = False


#: A name a mention stands for: as written, the name, its key, the acronym it was defined with (or "") and
#: whether it is generic (`is_generic`: found once per name, not for every kind a key could take).
Name = tuple[str, str, str, str, bool]
#: A paper's mentions, each with what resolution derives from its text alone: the names it stands for
#: (`_names`) and the acronym it defines, if it does (`_definition`).
Prepared = list[tuple[Mention, tuple[Name, ...], tuple[str, str] | None]]


def prepare_mentions(mentions: Sequence[Mention]) -> Prepared:
    """`mentions` with the names each stands for and the acronym it defines (see `Prepared`)."""
    return [(mention, _names(mention.text, mention.long_form), _definition(mention.text, mention.long_form))
            for mention in mentions]


def _occurrences(papers: Sequence[Paper], prepared: Sequence[Prepared]) -> Iterator[_Occurrence]:
    """Every (mention, name) pair, acronyms standing for the long form defined anywhere in the corpus."""
    expansions: dict[str, Counter[str]] = defaultdict(Counter)
    for paper_mentions in prepared:
        for _, _, definition in paper_mentions:
            if definition:
                expansions[definition[0]][definition[1]] += 1
    expanded = {key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
                for key, counts in expansions.items()}
    for paper, paper_mentions in zip(papers, prepared, strict=True):
        paper_key = paper.key
        for mention, names, _ in paper_mentions:
            text = field_text(paper, mention.field)
            evidence = Evidence(paper=paper_key, field=mention.field, sentence_index=mention.sentence,
                                sentence=text[mention.sentence_start:mention.sentence_end], start=mention.start,
                                end=mention.end, text=mention.text, score=mention.score)
            for written, name, key, alias, generic in names:
                if not mention.long_form and key in expanded and _is_acronym(written):
                    key, alias = expanded[key], written
                if key:
                    yield _Occurrence(paper, paper_key, mention, name, key, evidence, alias, generic)


@lru_cache(maxsize=1 << 16)  # pure, and mentions recur across the corpus
def _definition(text: str, long_form: str) -> tuple[str, str] | None:
    """(acronym key, long form key) when a mention defines an acronym, else None."""
    if long_form:
        return concept_key(trim(text)), concept_key(trim(long_form))
    name, acronym = split_acronym(trim(text))
    return (concept_key(acronym), concept_key(name)) if acronym else None  # `graph neural networks (GNNs)`


@lru_cache(maxsize=1 << 16)  # pure, and mentions recur across the corpus
def _names(text: str, long_form: str) -> tuple[Name, ...]:
    """Each name a mention stands for (see `Name`), before acronyms are expanded."""
    stated, acronym = split_acronym(trim(long_form or text))
    alias = tidy(acronym or (text if long_form else ""))
    names = []
    for written in split_coordination(stated):
        name = strip_leading(written)
        names.append((written, name, concept_key(written), alias, is_generic(name)))
    return tuple(names)


def _joined_spellings(occurrences: list[_Occurrence], vocabulary: Vocabulary) -> list[_Occurrence]:
    """Keys that differ only in where words are split (`CIFAR10`/`CIFAR-10`, `pretraining`/`pre-training`)
    become one: the one the vocabulary knows, else the one most occurrences have, then the first in order."""
    counts = Counter(occurrence.key for occurrence in occurrences)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        groups[key.replace(" ", "")].append(key)

    chosen = {}
    for keys in groups.values():
        one = keys[0] if len(keys) == 1 else min(keys, key=lambda k: (not vocabulary.kinds(k), -counts[k], k))
        chosen.update(dict.fromkeys(keys, one))
    for occurrence in occurrences:
        occurrence.key = chosen[occurrence.key]
    return occurrences


def _kinds(occurrences: list[_Occurrence], vocabulary: Vocabulary) -> dict[str, Kind]:
    """One kind per key: the vocabulary's, when it knows the key; else the one most mentions give it (a
    title's count half: titles set in Title Case mislead the model), then kind order."""
    votes: dict[str, dict[Kind, int]] = defaultdict(dict)
    for occurrence in occurrences:
        voted, label = votes[occurrence.key], occurrence.mention.label
        voted[label] = voted.get(label, 0) + (1 if occurrence.mention.field == "title" else 2)
    kinds = {}
    for key, voted in votes.items():
        candidates = vocabulary.kinds(key) or list(voted)
        kinds[key] = min(candidates, key=lambda kind: (-voted.get(kind, 0), CONCEPT_KINDS.index(kind)))
    return kinds


def resolve_concepts(papers: Sequence[Paper], prepared: Sequence[Prepared],
                     vocabulary: Vocabulary) -> tuple[list[Concept], list[Link], list[ConceptLink]]:
    """Canonical concepts of all mentions (each paper's `prepare_mentions`); one link per paper and concept
    with all its evidence; and the `usedFor` links sentences state between a method and a task."""
    occurrences = _joined_spellings(list(_occurrences(papers, prepared)), vocabulary)
    kind_of = _kinds(occurrences, vocabulary)
    kept = []
    known: dict[tuple[Kind, str], tuple[str, Kind] | None] = {}  # (kind, key) → its entry's label key and kind
    for occurrence in occurrences:  # keys found in the vocabulary become the key of the entry's label
        kind_and_key = kind_of[occurrence.key], occurrence.key
        if kind_and_key not in known:
            entry = vocabulary.lookup(*kind_and_key)
            known[kind_and_key] = (label_key(entry.label), entry.kind) if entry else None
        if listed := known[kind_and_key]:
            occurrence.key, kind = listed
            kind_of[occurrence.key] = kind
            kept.append(occurrence)
        elif not occurrence.generic and _is_specific_name(occurrence.name, kind_and_key[0]):
            kept.append(occurrence)

    forms: dict[str, dict[str, int]] = defaultdict(dict)  # key → name → occurrences
    aliases: dict[str, set[str]] = defaultdict(set)
    for occurrence in kept:
        named = forms[occurrence.key]
        named[occurrence.name] = named.get(occurrence.name, 0) + 1
        if occurrence.alias:
            aliases[occurrence.key].add(occurrence.alias)
    concepts: dict[str, Concept] = {}
    for key in sorted(forms):
        kind = kind_of[key]
        entry = vocabulary.lookup(kind, key)
        label = entry.label if entry else _preferred(forms[key])
        alts = {name for name in forms[key] if not _is_shouted(name)} | aliases.get(key, set())
        if entry:
            alts.update(entry.alt_labels)
        alts.discard(label)
        concepts[key] = Concept(kind=kind, key=key, label=label, alt_labels=tuple(sorted(alts)),
                                same_as=(entry.iri,) if entry else (), broader=entry.broader if entry else ())

    by_paper: dict[tuple[str, str], list[_Occurrence]] = defaultdict(list)
    for occurrence in kept:
        by_paper[occurrence.paper_key, occurrence.key].append(occurrence)
    links = []
    for (paper_key, key), found in sorted(by_paper.items()):
        concept = concepts[key]
        if len(found) == 1:  # most links: one mention
            proposed, evidence = _proposes(found[0], concept), (found[0].evidence,)
        else:
            proposed = any(_proposes(o, concept) for o in found)
            # The field breaks ties (keywords and abstract can share offsets): a set's order is not the same
            # in every process (an Evidence without a score hashes None, whose hash is its address before 3.12).
            evidence = tuple(sorted({o.evidence for o in found},
                                    key=lambda e: (e.field != "title", e.start, e.end, e.field)))
        relation = Relation.PROPOSES if proposed else DEFAULT_RELATION[concept.kind]
        links.append(Link(paper=paper_key, concept=concept, relation=relation, evidence=evidence))
    return sorted(concepts.values(), key=lambda c: (c.kind, c.key)), links, _used_for(kept, concepts)


def _proposes(occurrence: _Occurrence, concept: Concept) -> bool:
    """A contribution cue marked it, or it is a coined method name in the paper's title."""
    mention = occurrence.mention
    if mention.role == "proposes":
        return True
    if mention.field != "title" or concept.kind != Kind.METHOD or concept.same_as:
        return False  # decided without scanning the text for capitals (most mentions are not in a title)
    return " " not in mention.text and any(char.isupper() or char.isdigit() for char in mention.text[1:])


def _used_for(kept: list[_Occurrence], concepts: dict[str, Concept]) -> list[ConceptLink]:
    """Method→task links where one sentence joins the two: "M for T", "T using M"."""
    by_sentence: dict[tuple[str, str, int], list[_Occurrence]] = defaultdict(list)
    for occurrence in kept:
        mention = occurrence.mention
        by_sentence[occurrence.paper_key, mention.field, mention.sentence].append(occurrence)
    found: dict[tuple[str, str], set[Evidence]] = defaultdict(set)
    for group in by_sentence.values():
        ordered = sorted(group, key=lambda o: o.mention.start)
        for before, after in pairwise(ordered):
            text = before.paper.title if before.mention.field == "title" else before.paper.abstract
            between = text[before.mention.end:after.mention.start]
            kinds = (concepts[before.key].kind, concepts[after.key].kind)
            if kinds == (Kind.METHOD, Kind.TASK) and _METHOD_FOR_TASK.match(between):
                found[before.key, after.key] |= {before.evidence, after.evidence}
            elif kinds == (Kind.TASK, Kind.METHOD) and _TASK_BY_METHOD.match(between):
                found[after.key, before.key] |= {before.evidence, after.evidence}
    return [ConceptLink(source=concepts[method], target=concepts[task], relation=Relation.USED_FOR,
                        evidence=tuple(sorted(evidence, key=lambda e: (e.paper, e.field != "title", e.start,
                                                                       e.field, e.end))))
            for (method, task), evidence in sorted(found.items()) if method != task]


def _preferred(forms: Mapping[str, int]) -> str:
    """The label people would write: not an acronym when a long form exists, not shouted, most frequent."""
    if len(forms) == 1:
        return next(iter(forms))
    return min(forms, key=lambda form: (_is_acronym(form), _is_shouted(form), -forms[form], form.islower(), form))
