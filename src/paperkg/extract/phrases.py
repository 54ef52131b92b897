"""Gazetteer phrases, as a spaCy component: spaCy's SpanRuler, loaded without making a Doc of each pattern.

A SpanRuler makes a Doc of every phrase pattern it loads: the tokenizer, and a lexeme for every new word
with all its lexical attributes. For the shipped gazetteers' 12k patterns that was 0.5 s of every load of
the pipeline, and so of every `--update`'s start. This ruler keeps each pattern's tokens, as the pipeline's
tokenizer split them when the pattern was added, in the pattern itself (`"tokens"`, saved with it), and
matches the ids of their ORTH or LOWER values against the doc's (`Doc.to_array`): the matches spaCy's
PhraseMatcher finds on that attribute. The rest (entities set without overwriting those before) is the
SpanRuler's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.pipeline.span_ruler import SpanRuler, prioritize_existing_ents_filter
from spacy.tokens import Doc
from spacy.vocab import Vocab


@Language.factory("paperkg_phrases", default_config={"phrase_matcher_attr": "LOWER"})
def make_phrases(nlp: Language, name: str, phrase_matcher_attr: str) -> PhraseRuler:
    return PhraseRuler(nlp, name, spans_key=None, annotate_ents=True, ents_filter=prioritize_existing_ents_filter,
                       overwrite=False, phrase_matcher_attr=phrase_matcher_attr)


class PhraseRuler(SpanRuler):
    """A SpanRuler of phrase patterns (`{"label", "pattern", "id"}`, the pattern a string) that adds them
    as entities where none is, matched on `phrase_matcher_attr`: "ORTH" (as written) or "LOWER"."""

    def clear(self) -> None:
        super().clear()
        self.phrase_matcher = Phrases(self.nlp.vocab, self.phrase_matcher_attr)

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        for entry in patterns:
            if not isinstance(entry["pattern"], str):
                raise ValueError(f"{self.name}: a phrase pattern is a string, not {entry['pattern']!r}")
            label, pattern_id = entry["label"], entry.get("id", "")
            key = repr((label, pattern_id))  # as the SpanRuler names a pattern's matches
            tokens = entry.get("tokens") or [token.text for token in self.nlp.make_doc(entry["pattern"])]
            self._match_label_id_map[self.nlp.vocab.strings.as_int(key)] = {"label": label, "id": pattern_id}
            self.phrase_matcher.add(key, tokens)
            self._patterns.append({**entry, "tokens": tokens})


class Phrases:
    """Token sequences found in docs, as spaCy's PhraseMatcher finds them (every occurrence of every
    pattern, overlapping ones too), from the patterns' token texts rather than their Docs."""

    def __init__(self, vocab: Vocab, attr: str) -> None:
        if attr not in ("ORTH", "LOWER"):
            raise ValueError(f"phrases match on ORTH or LOWER, not {attr!r}")
        self.vocab = vocab
        self.attr = attr
        self.value = vocab.lex_attr_getters.get(LOWER, str.lower) if attr == "LOWER" else str
        #: First token's id → (the pattern's ids, its key's), for each pattern.
        self.starting: dict[int, list[tuple[tuple[int, ...], int]]] = {}

    def add(self, key: str, tokens: Sequence[str]) -> None:
        hashes = tuple(map(self.vocab.strings.as_int, map(self.value, tokens)))  # a symbol's id, else the hash
        if hashes:
            self.starting.setdefault(hashes[0], []).append((hashes, self.vocab.strings.add(key)))

    def __contains__(self, key: str) -> bool:
        key_hash = self.vocab.strings.as_int(key)
        return any(found == key_hash for patterns in self.starting.values() for _, found in patterns)

    def remove(self, key: str) -> None:
        key_hash = self.vocab.strings.as_int(key)
        for first, patterns in list(self.starting.items()):
            self.starting[first] = [pattern for pattern in patterns if pattern[1] != key_hash]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key hash, start, end) of each match, as the PhraseMatcher gives them (the ruler sorts them)."""
        hashes = doc.to_array(self.attr).tolist()
        found = []
        for start, first in enumerate(hashes):
            for pattern, key in self.starting.get(first, ()):
                end = start + len(pattern)
                if len(pattern) == 1 or tuple(hashes[start:end]) == pattern:
                    found.append((key, start, end))
        return found
