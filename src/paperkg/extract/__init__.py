"""Extract: titles and abstracts → Mentions of methods, datasets, tasks and metrics.

The extractor is one spaCy pipeline shipped in the package (`pipelines/<name>/`, what `spacy.load` opens):
statistical and rule components, and this package's own components (`acronyms`, `cues`), registered here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from paperkg.extract import acronyms, cues, labels  # noqa: F401  (registers the component factories)
from paperkg.model import CONCEPT_KINDS, Kind, Mention, Paper

PIPELINES = Path(__file__).parent / "pipelines"
LABELS = frozenset(kind.value for kind in CONCEPT_KINDS)
#: spaCy refuses texts over 1,000,000 characters by default, for the parser's and NER's memory; the shipped
#: pipelines have neither, and a scraped abstract of a megabyte must not stop a build.
MAX_TEXT_CHARS = 50_000_000


def available() -> list[str]:
    """Names of the pipelines shipped in the package."""
    return sorted(path.name for path in PIPELINES.iterdir() if (path / "config.cfg").exists())


def load(name: str = "default") -> Language:
    """Load a shipped pipeline by name, or any spaCy pipeline directory by path."""
    path = PIPELINES / name if (PIPELINES / name).is_dir() else Path(name)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no extraction pipeline {name!r}: choose one of {', '.join(available())}")
    nlp = spacy.load(path)
    nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS)
    return nlp


def doc_mentions(doc: Doc, field: str = "text") -> list[Mention]:
    """The mentions of a processed text, with their sentences, in text order."""
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sentence_of = {token: index for index, sentence in enumerate(sentences)
                   for token in range(sentence.start, sentence.end)}
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        index = sentence_of[ent.start]
        sentence = sentences[index]
        found.append(Mention(
            start=ent.start_char, end=ent.end_char, text=ent.text, label=Kind(ent.label_), field=field,
            sentence=index, sentence_start=sentence.start_char, sentence_end=sentence.end_char,
            role=ent._.cue, long_form=ent._.long_form,
        ))
    return found


def mentions(nlp: Language, texts: Iterable[str], *, batch_size: int = 64,
             n_process: int = 1) -> Iterator[list[Mention]]:
    """The mentions of each text, in order; spaCy batches the texts (`nlp.pipe`)."""
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield doc_mentions(doc)


def paper_mentions(nlp: Language, papers: Iterable[Paper], *, batch_size: int = 64,
                   n_process: int = 1) -> Iterator[list[Mention]]:
    """The mentions in each paper's title and abstract, one list per paper, in order."""
    texts = (text for paper in papers for text in (paper.title, paper.abstract))
    docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    for title, abstract in zip(docs, docs, strict=True):  # the docs come in pairs: title, abstract
        yield doc_mentions(title, "title") + doc_mentions(abstract, "abstract")
