"""Extract: titles and abstracts → Mentions of methods, datasets, tasks and metrics.

The extractor is one spaCy pipeline shipped in the package (`pipelines/<name>/`, what `spacy.load` opens):
statistical and rule components, and this package's own components (`acronyms`, `cues`, `labels`,
`phrases`), which the package declares to spaCy as entry points (`spacy_factories`), so plain `spacy.load`
finds them too.

spaCy is imported when a pipeline is loaded, not with this module: importing it takes longer than an
update's other start-up (≈ 0.6 s), and an update's main process never runs the pipeline.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from paperkg.files import digest
from paperkg.model import CONCEPT_KINDS, Kind, Mention, Paper

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PIPELINES = Path(__file__).parent / "pipelines"
LABELS = frozenset(kind.value for kind in CONCEPT_KINDS)
#: spaCy refuses texts over 1,000,000 characters by default, for the parser's and NER's memory; the shipped
#: pipelines have neither, and a scraped abstract of a megabyte must not stop a build.
MAX_TEXT_CHARS = 50_000_000


def available() -> list[str]:
    """Names of the pipelines shipped in the package."""
    return sorted(path.name for path in PIPELINES.iterdir() if (path / "config.cfg").exists())


def path_of(name: str = "default") -> Path:
    """The folder of a shipped pipeline by name, or of any spaCy pipeline directory by path."""
    path = PIPELINES / name if (PIPELINES / name).is_dir() else Path(name)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no extraction pipeline {name!r}: choose one of {', '.join(available())}")
    return path


def describe(name: str = "default") -> str:
    """The pipeline's name and version (as the exports name the extractor), read without loading it."""
    meta_file = path_of(name) / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
    return f"{meta.get('name', 'pipeline')} {meta.get('version', '0.0.0')}"


def fingerprint(name: str = "default") -> str:
    """The pipeline's name, version and a digest of its files: what a build's state records, so that an
    update reuses mentions only from the very same pipeline, wherever it is installed or checked out."""
    path = path_of(name)
    files = sorted(file for file in path.rglob("*") if file.is_file())
    return f"{describe(name)} sha256:{digest((file.relative_to(path).as_posix(), file) for file in files)[:16]}"


def load(name: str = "default") -> Language:
    """Load a shipped pipeline by name, or any spaCy pipeline directory by path."""
    import spacy

    from paperkg.extract import acronyms, cues, labels, phrases  # noqa: F401  (registered, even where not installed)

    nlp = spacy.load(path_of(name))
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
    """The mentions of each text, in order; spaCy batches the texts (`nlp.pipe`), in `n_process` processes."""
    texts = list(texts) if n_process > 1 else texts
    for found in _chunked(nlp, texts, _text_mentions, batch_size, n_process):
        yield from found


def paper_mentions(nlp: Language, papers: Iterable[Paper], *, batch_size: int = 64,
                   n_process: int = 1) -> Iterator[list[Mention]]:
    """The mentions in each paper's title and abstract, one list per paper, in order; `n_process` processes
    each run `nlp.pipe` over a chunk of the papers at a time."""
    papers = list(papers) if n_process > 1 else papers
    for found in _chunked(nlp, papers, papers_mentions, batch_size, n_process):
        yield from found


def papers_mentions(nlp: Language, papers: Iterable[Paper], batch_size: int = 64) -> list[list[Mention]]:
    """The mentions of each paper of one partition, in one process: what every engine's workers run."""
    texts = (text for paper in papers for text in (paper.title, paper.abstract))
    docs = nlp.pipe(texts, batch_size=batch_size)
    # The docs come in pairs: title, abstract.
    return [doc_mentions(title, "title") + doc_mentions(abstract, "abstract")
            for title, abstract in zip(docs, docs, strict=True)]


def _text_mentions(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> list[list[Mention]]:
    return [doc_mentions(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


#: Items (papers or texts) a worker process gets at a time: big enough for `nlp.pipe`'s batches, small
#: enough that progress moves and the last chunk does not leave the other processes idle for long (fewer
#: items are shared out evenly: 100 papers on two processes are two chunks of 50).
CHUNK = 200
_worker_nlp: Language | None = None


def _chunked(nlp: Language, items: Iterable, extract: Callable, batch_size: int,
             n_process: int) -> Iterator[list[list[Mention]]]:
    """`extract(nlp, chunk)` for each chunk of `items`, in order: here, or in `n_process` worker processes.

    Workers send back Mentions, not spaCy Docs (spaCy's own `n_process` pickles every Doc back to the
    parent, which then spends as long unpacking them as a worker spends making them). They are forked, so
    they share the loaded pipeline instead of loading it again.
    """
    size = CHUNK if n_process <= 1 else max(1, min(CHUNK, -(-len(items) // n_process)))  # a chunk per process
    if n_process <= 1 or len(items) <= size:
        chunk = []
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield extract(nlp, chunk, batch_size)
                chunk = []
        if chunk:
            yield extract(nlp, chunk, batch_size)
        return
    global _worker_nlp
    _worker_nlp = nlp
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(n_process) as pool:
            yield from pool.imap(functools.partial(_in_worker, extract, batch_size=batch_size), chunks)
    finally:
        _worker_nlp = None


def _in_worker(extract: Callable, chunk: list, batch_size: int) -> list[list[Mention]]:
    assert _worker_nlp is not None, "extraction workers are forked from the process that loaded the pipeline"
    return extract(_worker_nlp, chunk, batch_size)
