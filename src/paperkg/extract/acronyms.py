"""Acronym detection (Schwartz & Hearst, PSB 2003) as a spaCy component.

Finds definitions like `multi-view stereo (MVS)`. When the long form was found as a concept, every use of
`MVS`/`MVSs` gets its label; when only the short form was, its uses are linked but nothing is added. Either
way the span remembers the long form (`span._.long_form`), so that resolution can merge the two.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if not Span.has_extension("long_form"):
    Span.set_extension("long_form", default="")


def is_short_form(text: str) -> bool:
    """Schwartz–Hearst's test for a short form: 2–10 characters, one or two words, a letter, starts alnum."""
    return (2 <= len(text) <= 10 and len(text.split()) <= 2 and text[0].isalnum()
            and any(char.isalpha() for char in text) and any(char.isupper() for char in text))


def long_form_start(short: str, candidate: str) -> int | None:
    """Where in `candidate` the long form of `short` starts: each letter of `short`, right to left,
    matches a character of `candidate`, and the first one the first letter of a word. None if none does."""
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while c >= 0 and (candidate[c].lower() != char or (s == 0 and c > 0 and candidate[c - 1].isalnum())):
            c -= 1
        if c < 0:
            return None
        s, c = s - 1, c - 1
    return candidate.rfind(" ", 0, c + 1) + 1


@Language.factory("paperkg_acronyms", default_config={"max_words": 10})
def make_acronyms(nlp: Language, name: str, max_words: int) -> AcronymLinker:
    return AcronymLinker(max_words)


class AcronymLinker:
    """Label short forms like their long forms, and link each to its long form."""

    def __init__(self, max_words: int = 10) -> None:
        self.max_words = max_words

    def __call__(self, doc: Doc) -> Doc:
        definitions = dict(self.definitions(doc))
        if not definitions:
            return doc
        spans = list(doc.ents)
        labels = {ent.text: ent.label_ for ent in doc.ents}
        for short, long in definitions.items():
            label = labels.get(long.text) or self._label_of(long)
            for token in doc:
                if token.text not in (short, short + "s"):
                    continue
                if label:  # the long form names a concept: so does every use of the short form
                    span = Span(doc, token.i, token.i + 1, label=label)
                    span._.long_form = long.text
                    spans.append(span)
                elif token.text in labels:  # only the short form was found: link it, add nothing
                    for ent in doc.ents:
                        if ent.start == token.i and ent.end == token.i + 1:
                            ent._.long_form = long.text
            if label:
                spans.append(Span(doc, long.start, long.end, label=label))
        doc.ents = filter_spans(spans)
        return doc

    def definitions(self, doc: Doc) -> Iterator[tuple[str, Span]]:
        """Yield (short form, long-form span) for each `long form (SF)` in the document."""
        for token in doc[:-2]:
            if token.text != "(" or token.i == 0:
                continue
            close = next((t.i for t in doc[token.i + 1: token.i + 4] if t.text == ")"), None)
            if close is None:
                continue
            short = doc[token.i + 1: close].text
            if not is_short_form(short):
                continue
            window = min(len(short) + 5, 2 * len(short), self.max_words)
            sentence_start = token.sent.start if doc.has_annotation("SENT_START") else 0
            first = max(sentence_start, token.i - window)
            candidate = doc[first: token.i]
            start = long_form_start(short, candidate.text)
            if start is None:
                continue
            long = doc.char_span(candidate.start_char + start, candidate.end_char, alignment_mode="expand")
            if long is not None and len(long.text) > len(short):
                yield short, long

    @staticmethod
    def _label_of(long: Span) -> str | None:
        """The label of an entity holding the long form's last word (the head of the name)."""
        return next((ent.label_ for ent in long.doc.ents if ent.start < long.end <= ent.end), None)
