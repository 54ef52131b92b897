"""Scoring the extractor against gold mentions: exact span and label, per label and micro P/R/F1.

Gold comes from SciERC (Luan et al., 2018: JSON lines of tokenised abstracts), TDMSci (Hou et al., 2021:
CoNLL token/offset/BIO tag) or our own JSONL. Tokenised corpora become text the way an independent scorer
would write them: tokens joined by single spaces, PTB brackets (`-LRB-`) restored; the gold spans are
character offsets into that text, so `paperkg extract` output can be scored by anyone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int, str]

PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
#: Gold labels of each corpus, as our labels; labels not listed are not scored.
LABEL_MAPS = {
    "scierc": {"Method": "Method", "Task": "Task", "Material": "Dataset", "Metric": "Metric"},
    "tdmsci": {"TASK": "Task", "DATASET": "Dataset", "METRIC": "Metric"},
    "jsonl": {"Method": "Method", "Task": "Task", "Dataset": "Dataset", "Metric": "Metric"},
}
FORMATS = tuple(LABEL_MAPS)


@dataclass(frozen=True)
class Example:
    """A gold text: its id, text and the (start, end, label) spans it holds."""

    id: str
    text: str
    spans: frozenset[Span]


def joined(tokens: Sequence[str]) -> tuple[str, list[int], list[int]]:
    """Tokens as text, one space apart, brackets restored; and each token's start and end offsets."""
    words = [PTB_BRACKETS.get(token, token) for token in tokens]
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return " ".join(words), starts, [start + len(word) for start, word in zip(starts, words, strict=True)]


def read_scierc(path: Path, labels: dict[str, str] = LABEL_MAPS["scierc"]) -> list[Example]:
    """SciERC documents, spans with `labels` (gold label → ours) kept."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        document = json.loads(line)
        tokens = [token for sentence in document["sentences"] for token in sentence]
        text, starts, ends = joined(tokens)
        spans = frozenset((starts[first], ends[last], labels[label])
                          for sentence in document["ner"] for first, last, label in sentence if label in labels)
        examples.append(Example(document["doc_key"], text, spans))
    return examples


def read_tdmsci(path: Path, labels: dict[str, str] = LABEL_MAPS["tdmsci"]) -> list[Example]:
    """TDMSci sentences (numbered in file order: `tdmsci-0`, …), spans with `labels` kept."""
    examples = []
    blocks = [block for block in path.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    for index, block in enumerate(blocks):
        rows = [line.split("\t") for line in block.splitlines() if line.strip()]
        text, starts, ends = joined([row[0] for row in rows])
        spans, open_span = set(), None
        for position, tag in enumerate([row[-1] for row in rows] + ["O"]):
            if open_span and not tag.startswith("I-"):
                spans.add((starts[open_span[0]], ends[position - 1], open_span[1]))
                open_span = None
            if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                open_span = (position, labels[tag[2:]])
        examples.append(Example(f"tdmsci-{index}", text, frozenset(spans)))
    return examples


def read_jsonl(path: Path) -> list[Example]:
    labels = LABEL_MAPS["jsonl"]
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            spans = frozenset((m["start"], m["end"], labels[m["label"]]) for m in record["mentions"]
                              if m["label"] in labels)
            examples.append(Example(str(record["id"]), record["text"], spans))
    return examples


READERS = {"scierc": read_scierc, "tdmsci": read_tdmsci, "jsonl": read_jsonl}


def read_gold(path: Path, fmt: str) -> list[Example]:
    """The gold examples of a file in one of FORMATS."""
    return READERS[fmt](path)


def score(gold: Sequence[Example], predicted: Iterable[Iterable[Span]], labels: Iterable[str]) -> dict[str, dict]:
    """Exact-match P/R/F1 for each label and micro-averaged (`micro`), counting only `labels`."""
    labels = sorted(set(labels))
    tp, fp, fn = Counter(), Counter(), Counter()
    for example, spans in zip(gold, predicted, strict=True):
        found = {span for span in spans if span[2] in labels}
        for span in found & example.spans:
            tp[span[2]] += 1
        for span in found - example.spans:
            fp[span[2]] += 1
        for span in example.spans - found:
            fn[span[2]] += 1
    result = {label: _prf(tp[label], fp[label], fn[label]) for label in labels}
    result["micro"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return result


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}
