"""Contribution cues as a spaCy component: "we propose X", "called X", "X: …" titles, "the X dataset".

Authors announce what they contribute in a few fixed ways; this component finds the name such a cue
introduces, labels it when the model did not, and marks it `span._.cue = "proposes"` for resolution.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if not Span.has_extension("cue"):
    Span.set_extension("cue", default="")

#: A coined name: CamelCase, capitals or capitals with digits (MoLeR, FlexConv, CDSFNet, GPT-2).
NAME = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z0-9]*(?:[A-Z0-9][A-Za-z0-9]*|-[A-Za-z0-9]+)$"}}
#: A word of a dataset's name: capitalised or carrying digits (Penn Treebank, CIFAR-10, WikiText-103).
NAME_WORD = {"TEXT": {"REGEX": r"^(?:[A-Z][\w\-]*|\w*\d[\w\-]*)$"}, "IS_STOP": False}
INTRODUCE = {"LOWER": {"IN": ["propose", "proposes", "present", "presents", "introduce", "introduces",
                              "develop", "develops"]}}
CALL = {"LOWER": {"IN": ["called", "named", "dubbed", "termed", "namely", "coined"]}}
DATASET_WORD = {"LOWER": {"IN": ["dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"]}}

# (label, role, pattern, index of the first and last token of the name within the pattern)
PATTERNS: dict[str, tuple[str, str, list[dict], int, int]] = {
    "called": ("Method", "proposes", [CALL, {"TEXT": ",", "OP": "?"}, NAME], -1, -1),
    "introduce": ("Method", "proposes", [INTRODUCE, NAME], -1, -1),
    "title": ("Method", "proposes", [{**NAME, "IS_SENT_START": True}, {"TEXT": ":"}], 0, 0),
    "dataset": ("Dataset", "", [NAME_WORD, {**NAME_WORD, "OP": "?"}, {**NAME_WORD, "OP": "?"}, DATASET_WORD], 0, -2),
}


@Language.factory("paperkg_cues")
def make_cues(nlp: Language, name: str) -> ContributionCues:
    return ContributionCues(nlp)


class ContributionCues:
    """Find names introduced by contribution cues; keep existing entities, adding label or role."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for key, (_, _, pattern, _, _) in PATTERNS.items():
            self.matcher.add(key, [pattern], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            label, role, _, first, last = PATTERNS[doc.vocab.strings[match_id]]
            tokens = doc[start:end]
            name = doc[tokens[first].i: tokens[last].i + 1]
            if name[0].text[:1].isalpha() and (label != "Method" or _coined(name)):
                span = Span(doc, name.start, name.end, label=label)
                span._.cue = role
                found.append(span)
        if found:
            existing = {(ent.start, ent.end): ent for ent in doc.ents}
            for span in found:
                if (span.start, span.end) in existing and span._.cue:
                    existing[(span.start, span.end)]._.cue = span._.cue
            doc.ents = filter_spans([*doc.ents, *(s for s in found if (s.start, s.end) not in existing)])
        return doc


def _coined(name: Span) -> bool:
    """A coined name mixes cases or digits inside the word: not a capitalised ordinary word."""
    text = name.text
    return any(char.isupper() or char.isdigit() for char in text[1:])
