"""Reading speed of every structured reader on the paperlists corpus (~11.9k papers), side by side.

The corpus is written once per format into a temporary folder (JSON arrays as shipped, then JSON Lines,
CSV, TSV and BibTeX made from the same records); each is read `--runs` times with `paperkg.ingest.read`
(detection, decoding, per-record recovery, duplicate merging included). The table gives the median time,
papers per second, and the ratio to the baseline: the stdlib's `json.load` of the same JSON files, which
does no recovery, mapping or merging at all.

    PAPERKG_SHARED=../shared python benchmarks/ingest_formats.py [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from paperkg import ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PAPERKG_SHARED", ROOT.parent / "shared")) / "data" / "paperlists"
FIELDS = ("id", "title", "author", "abstract", "keywords", "site")


def _records(corpus: Path) -> dict[str, list[dict]]:
    return {path.stem: [{key: str(record.get(key, "")) for key in FIELDS} for record in json.loads(path.read_text())]
            for path in sorted(corpus.rglob("*.json"))}


def _bib(value: str) -> str:
    return value.replace("\\", " ").replace("{", "(").replace("}", ")").replace("@", " at ")


def write_formats(corpus: Path, folder: Path) -> dict[str, Path]:
    """The corpus in each format, one file per venue-year, under folder/<format>/."""
    by_file = _records(corpus)
    out = {"json": corpus}
    for fmt in ("jsonl", "csv", "tsv", "bibtex"):
        (folder / fmt).mkdir(parents=True)
        out[fmt] = folder / fmt
    for stem, records in by_file.items():
        with (folder / "jsonl" / f"{stem}.jsonl").open("w", encoding="utf-8") as file:
            file.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
            with (folder / fmt / f"{stem}.{fmt}").open("w", encoding="utf-8", newline="") as file:
                writer = csv.DictWriter(file, FIELDS, delimiter=delimiter, lineterminator="\n")
                writer.writeheader()
                writer.writerows(records)
        with (folder / "bibtex" / f"{stem}.bib").open("w", encoding="utf-8") as file:
            for index, record in enumerate(records):
                authors = " and ".join(name.strip() for name in record["author"].split(";") if name.strip())
                file.write(f"@inproceedings{{{stem}-{index},\n  title = {{{_bib(record['title'])}}},\n"
                           f"  author = {{{_bib(authors)}}},\n  keywords = {{{_bib(record['keywords'])}}},\n"
                           f"  abstract = {{{_bib(record['abstract'])}}}\n}}\n\n")
    return out


def median_seconds(run: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"paperlists corpus not found at {CORPUS} (set PAPERKG_SHARED)")
    with tempfile.TemporaryDirectory() as temporary:
        folders = write_formats(CORPUS, Path(temporary))
        files = sorted(CORPUS.rglob("*.json"))
        baseline, loaded = median_seconds(lambda: [json.loads(path.read_text(encoding="utf-8")) for path in files],
                                          args.runs)
        papers = sum(len(records) for records in loaded)
        rows = [("json.load (baseline)", baseline, papers, 0, 0)]
        for fmt, folder in folders.items():
            seconds, reading = median_seconds(lambda folder=folder: ingest.read([folder]), args.runs)
            problems = sum(1 for problem in reading.problems if not problem.reason.startswith("not a format"))
            rows.append((f"paperkg {fmt}", seconds, len(reading.papers), problems,
                         sum(len(merge.duplicates) for merge in reading.merges)))
    print(f"paperlists corpus: {papers:,} records in {len(files)} files; median of {args.runs} runs\n")
    print(f"{'reader':<22} {'median s':>9} {'papers':>7} {'papers/s':>9} {'problems':>8} {'merged':>6} "
          f"{'× baseline':>10}")
    for name, seconds, count, problems, merged in rows:
        print(f"{name:<22} {seconds:>9.3f} {count:>7,} {count / seconds:>9,.0f} {problems:>8} {merged:>6} "
              f"{seconds / baseline:>10.1f}")


if __name__ == "__main__":
    main()
