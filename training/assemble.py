"""Assemble the shipped extraction pipeline: statistical NER (when given) + gazetteer + cues + acronyms.

    python training/assemble.py src/paperkg/extract/pipelines/default [--ner DIR]

The gazetteer's phrase patterns come from `ontology/vocabulary.ttl`; they are stored inside the pipeline
directory, so loading it needs no vocabulary and no network.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import spacy
from spacy.language import Language

from paperkg.extract import acronyms, cues, labels, phrases  # noqa: F401  (registers paperkg's components)
from paperkg.resolve.concepts import GENERIC, singular
from paperkg.resolve.vocabulary import Entry, read_entries

_COINED = re.compile(r"^(?=.{3,}$)[A-Za-z][\w\-]*$")
#: Curated kinds are precise enough to match even as plain lower-case words.
_CURATED_KINDS = {"Dataset", "Metric"}


def _coined(name: str) -> bool:
    """A one-word name that cannot be an ordinary word: inner capitals or digits (ResNet, BERT, CIFAR-10)."""
    return bool(_COINED.match(name)) and any(c.isupper() or c.isdigit() for c in name[1:])


def gazetteer_patterns(entries: list[Entry]) -> tuple[list[dict], list[dict]]:
    """(case-sensitive patterns for coined one-word names, case-insensitive ones for phrases)."""
    exact, lower = {}, {}
    for entry in entries:
        for name in (entry.label, *entry.alt_labels):
            name = " ".join(name.split())
            if name.lower() in GENERIC or len(name) < 3:
                continue
            plural = f"{name}s" if entry.kind != "Metric" and singular(f"{name}s") == name else None
            if " " in name or (entry.kind in _CURATED_KINDS and not _coined(name)):
                for form in filter(None, (name, plural)):
                    lower.setdefault(form.lower(), {"label": entry.kind, "pattern": form.lower(), "id": entry.iri})
            elif _coined(name):
                for form in filter(None, (name, plural)):
                    exact.setdefault(form, {"label": entry.kind, "pattern": form, "id": entry.iri})
    return sorted(exact.values(), key=lambda p: p["pattern"]), sorted(lower.values(), key=lambda p: p["pattern"])


#: The rule components, in pipeline order; `--without` leaves some out (to measure what each adds).
RULES = ("gazetteer", "cues", "acronyms")


def assemble(entries: list[Entry], ner: Path | None = None, rules: tuple[str, ...] = RULES) -> Language:
    """The extraction pipeline: [tok2vec, ner from `ner`, label filter], sentences, then the `rules`."""
    nlp = spacy.load(ner) if ner else spacy.blank("en")
    if nlp.has_pipe("ner"):
        nlp.add_pipe("paperkg_labels", after="ner")
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
        nlp.add_pipe("sentencizer")
    if "gazetteer" in rules:
        exact, lower = gazetteer_patterns(entries)
        for name, attr, patterns in (("gazetteer_exact", "ORTH", exact), ("gazetteer_phrases", "LOWER", lower)):
            nlp.add_pipe("paperkg_phrases", name=name, config={"phrase_matcher_attr": attr}).add_patterns(patterns)
    if "cues" in rules:
        nlp.add_pipe("paperkg_cues")
    if "acronyms" in rules:
        nlp.add_pipe("paperkg_acronyms")
    nlp.meta.update({
        "name": "paperkg_default", "version": "0.2.0",
        "description": "paperkg extractor: methods, datasets, tasks and metrics in paper titles and abstracts",
        "license": "CC-BY-SA-4.0 (gazetteer from Papers with Code)",
        "sources": [{"name": "SciERC", "author": "Luan et al. 2018", "license": "none stated; research use"},
                    {"name": "TDMSci", "author": "Hou et al. 2021", "license": "Apache-2.0"},
                    {"name": "Papers with Code methods and tasks", "license": "CC-BY-SA-4.0"}],
    })
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--ner", type=Path, help="a trained spaCy pipeline with tok2vec and ner")
    parser.add_argument("--vocabulary", type=Path, default=Path("ontology/vocabulary.ttl"))
    parser.add_argument("--without", nargs="*", default=[], choices=RULES, help="rule components to leave out")
    args = parser.parse_args()
    nlp = assemble(read_entries(args.vocabulary), args.ner, tuple(r for r in RULES if r not in args.without))
    nlp.to_disk(args.out)
    print(f"{args.out}: {nlp.pipe_names}")


if __name__ == "__main__":
    main()
