"""Score a trained pipeline (or a voting ensemble of several) on the gold JSONL that convert.py writes,
with paperkg's own scorer (`paperkg.extract.evaluation`: exact span + label, per label and micro P/R/F1).

  python training/evaluate.py MODEL_DIR[,MODEL_DIR...] [--scierc CORPUS/scierc_dev.jsonl]
        [--tdmsci CORPUS/tdmsci_dev.jsonl] [--min-votes N] [--speed] [--json OUT.json]

Model labels are scored as they are (the model's OtherScientificTerm / Generic spans are never gold).
On TDMSci only Task/Dataset/Metric count (TDMSci does not annotate methods). --speed: words/s of
`nlp.pipe` over the unlabelled abstracts, one thread (pinned before NumPy is imported), load time, size.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402  (after the thread pinning above)
import json  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402

from paperkg.extract.evaluation import read_jsonl, score  # noqa: E402

#: Where convert.py wrote the corpus: train.sh's CORPUS, as in the recipe.
CORPUS = Path(os.environ.get("CORPUS", "training/corpus"))
SCIERC_LABELS = ("Method", "Task", "Dataset", "Metric")
TDMSCI_LABELS = ("Task", "Dataset", "Metric")


def predict_spans(nlps: list, texts: list[str], min_votes: int | None = None) -> list[set[tuple[int, int, str]]]:
    """Spans per text; with several pipelines, the spans at least `min_votes` of them find (default: a
    majority), greedily made flat by votes."""
    per_model = [[{(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in nlp.pipe(texts, batch_size=64)]
                 for nlp in nlps]
    if len(nlps) == 1:
        return per_model[0]
    need = min_votes or len(nlps) // 2 + 1
    voted = []
    for index in range(len(texts)):
        votes = Counter(span for found in per_model for span in found[index])
        kept: list[tuple[int, int, str]] = []
        for span in sorted((s for s, n in votes.items() if n >= need), key=lambda s: (-votes[s], s[0])):
            if all(span[1] <= other[0] or span[0] >= other[1] for other in kept):
                kept.append(span)
        voted.append(set(kept))
    return voted


def evaluate(nlps: list, path: Path, labels: tuple[str, ...], min_votes: int | None) -> dict:
    gold = read_jsonl(path)
    return score(gold, predict_spans(nlps, [example.text for example in gold], min_votes), labels)


def speed(model_dir: str, texts_path: Path, n_texts: int = 2000) -> dict:
    started = time.perf_counter()
    nlp = spacy.load(model_dir)
    load_s = time.perf_counter() - started
    texts = texts_path.read_text(encoding="utf8").splitlines()[:n_texts]
    list(nlp.pipe(texts[:50]))  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = sum(p.stat().st_size for p in Path(model_dir).rglob("*") if p.is_file())
    # words per CPU-second of this single-threaded process: robust when the machine is shared
    return {"load_s": round(load_s, 2), "words_per_s": round(words / wall), "words_per_cpu_s": round(words / cpu),
            "n_words": words, "size_mb": round(size / 1e6, 1)}


def line(name: str, result: dict, labels: tuple[str, ...]) -> str:
    micro = result["micro"]
    return (f"{name}: micro P={micro['precision']:.3f} R={micro['recall']:.3f} F={micro['f1']:.3f} | "
            + " ".join(f"{label}={result[label]['f1']:.3f}" for label in labels))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="pipeline dir, or several comma-separated dirs for a voting ensemble")
    parser.add_argument("--scierc", default=str(CORPUS / "scierc_dev.jsonl"), help="'' to skip")
    parser.add_argument("--tdmsci", default=str(CORPUS / "tdmsci_dev.jsonl"), help="'' to skip")
    parser.add_argument("--min-votes", type=int, default=None)
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--speed-texts", type=Path, default=CORPUS / "unlabelled.txt")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    for path in (args.scierc, args.tdmsci, args.speed_texts if args.speed else ""):
        if path and not Path(path).exists():  # a run scored on nothing must not pass for a scored run
            parser.error(f"{path} does not exist (run convert.py, or set CORPUS to where it wrote)")
    dirs = args.model.split(",")
    nlps = [spacy.load(directory) for directory in dirs]
    out: dict = {"model": args.model}
    for name, path, labels in (("scierc", args.scierc, SCIERC_LABELS), ("tdmsci", args.tdmsci, TDMSCI_LABELS)):
        if path:
            out[name] = evaluate(nlps, Path(path), labels, args.min_votes)
            print(line(f"{name:7}", out[name], labels))
    if args.speed and len(dirs) == 1:
        out["speed"] = speed(dirs[0], args.speed_texts)
        print("speed:", out["speed"])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1), encoding="utf8")


if __name__ == "__main__":
    main()
