"""Extraction speed: words/s of paperkg's pipeline on 1 and 2 processes, beside spaCy's bare tokenizer and the
bare statistical model on the same texts; load time; peak RSS. Each row runs in a fresh process, repeated,
and the table shows medians.

    python benchmarks/extraction.py [--texts N] [--repeat 3] [--corpus ../shared/data/paperlists]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "spacy.blank('en') tokenizer": ("blank", 1),
    "statistical model only (tok2vec+ner)": ("model", 1),
    "paperkg extract, 1 process": ("full", 1),
    "paperkg extract, 2 processes": ("full", 2),
}


def load_texts(corpus: Path, limit: int) -> list[str]:
    """Abstracts of the shared paperlists corpus (or the seed's, where the corpus is absent)."""
    texts: list[str] = []
    for path in sorted(corpus.rglob("*.json")) if corpus.is_dir() else []:
        texts += [r["abstract"] for r in json.loads(path.read_text(encoding="utf-8")) if r.get("abstract")]
    if not texts:
        from paperkg import ingest

        texts = [p.abstract for p in ingest.read([ROOT / "seeds"]).papers] * 20
    return texts[:limit]


def child(kind: str, processes: int, texts_file: str) -> None:
    """Run one measurement and print it as JSON (called in a fresh interpreter)."""
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    import spacy

    from paperkg import extract

    nlp = spacy.blank("en") if kind == "blank" else extract.load()
    loaded = time.perf_counter() - started
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    if kind == "blank":
        for _ in nlp.tokenizer.pipe(texts, batch_size=256):
            pass
    elif kind == "model":
        statistical = [name for name in ("tok2vec", "ner") if name in nlp.pipe_names]
        with nlp.select_pipes(enable=statistical):
            for _ in nlp.pipe(texts, batch_size=64):
                pass
    else:
        for _ in extract.mentions(nlp, texts, n_process=processes):
            pass
    seconds = time.perf_counter() - started
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"load": loaded, "words_per_s": words / seconds, "rss_mb": rss / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "paperlists")
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.texts)
    words = sum(len(text.split()) for text in texts)
    texts_file = ROOT / "benchmarks" / ".texts.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    print(f"{len(texts)} abstracts, {words:,} words; median of {args.repeat} runs, each in a fresh process\n")
    print(f"{'case':40} {'words/s':>10} {'vs blank':>9} {'load s':>7} {'peak RSS MB':>12}")
    results = {}
    try:
        for name, (kind, processes) in CASES.items():
            runs = [json.loads(subprocess.run([sys.executable, __file__, "--child", kind, str(processes),
                                               str(texts_file)], env=env, capture_output=True, text=True,
                                              check=True).stdout) for _ in range(args.repeat)]
            results[name] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            row = results[name]
            ratio = row["words_per_s"] / results["spacy.blank('en') tokenizer"]["words_per_s"]
            print(f"{name:40} {row['words_per_s']:>10,.0f} {ratio:>9.3f} {row['load']:>7.2f} {row['rss_mb']:>12.0f}")
    finally:
        texts_file.unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
