"""The whole build at scale: the shared paper lists (11.9k papers), all exports.

Each case runs in a fresh process (a child of this script) whose process tree is sampled for its resident
memory every 50 ms; the table shows per-stage wall time, papers/s, the tree's peak RSS (the sum over the
processes, so pages that forked processes share count once per process: an upper bound), its peak PSS (the
sum of each process's proportional share: a page shared by n processes counts 1/n in each, so the sum is
the memory the build really holds; sampled every 0.5 s), and CPU seconds.

Cases, in order, one at a time, each after `sync` (the files of the case before it are on disk):
- `pipe`: bare `nlp.pipe` of the extraction pipeline over the same texts (every title and abstract), one
  process, batch size 64, nothing else (not even reading mentions off the Docs); loading not counted.
- `build1`, `build2`: the `paperkg build` command with `--jobs 1` and `--jobs 2` into a new folder, timed as its
  user waits for it: the process from its start to its end.
- `update`: `--update` of the `build2` folder with 100 new papers (copies of the last 100 NeurIPS 2018
  records, retitled "Revisited: …"), so 100 papers are extracted and everything else is kept.
- `dask`: `--engine dask` on 2 local workers (add it with `--cases`; it is a build like `build2`).

Ratios: each build's wall time over `pipe`'s (both over the same papers, measured in this run).

    PAPERKG_SHARED=/work/shared PYTHONPATH=src python benchmarks/scale.py [--pipeline DIR] [--papers N]
        [--cases pipe build1 build2 update] [--repeat 1] [--json results.json]
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PAPERKG_SHARED", ROOT.parent / "shared"))
STAGES = ("read", "extract", "resolve", "graph", "write", "state")


def corpus(papers: int, folder: Path) -> tuple[Path, Path]:
    """The corpus (its first `papers` records in file order when not 0) and the 100 new papers, as files."""
    source = SHARED / "data" / "paperlists"
    if not source.is_dir():
        raise SystemExit(f"paper lists not found at {source}: set PAPERKG_SHARED")
    files = sorted(source.rglob("*.json"))
    left = papers or sum(len(json.loads(path.read_text(encoding="utf-8"))) for path in files)
    for path in files:
        records = json.loads(path.read_text(encoding="utf-8"))[:left]
        left -= len(records)
        target = folder / "corpus" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(records), encoding="utf-8")
    last = json.loads((source / "nips" / "nips2018.json").read_text(encoding="utf-8"))[-100:]
    new = [{**{k: v for k, v in record.items() if k != "id"}, "title": f"Revisited: {record['title']}"}
           for record in last]
    (folder / "new").mkdir(exist_ok=True)
    (folder / "new" / "nips2018.json").write_text(json.dumps(new), encoding="utf-8")
    return folder / "corpus", folder / "new"


def child(case: str, corpus_dir: Path, new: Path, out: Path, pipeline: str) -> None:
    """One case, in this process, printing its stage times (s), papers and the build's summary as JSON. A
    build is the `paperkg build` command itself (`paperkg.cli.main`), so that the process's wall time, which
    `measure` takes, is what a user of the command waits: its start and its end count too."""
    started = time.perf_counter()
    if case == "pipe":
        from paperkg import extract, ingest

        papers = ingest.read([corpus_dir]).papers
        nlp = extract.load(pipeline)
        texts = [text for paper in papers for text in (paper.title, paper.abstract)]
        begin = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        print(json.dumps({"seconds": time.perf_counter() - begin, "papers": len(papers), "stages": {}}))
        return
    import paperkg.build
    from paperkg.cli import main

    marks: dict[str, float] = {}
    summaries: list[paperkg.build.Summary] = []
    run = paperkg.build.run

    def timed_run(*args, progress: paperkg.build.Progress, **options) -> paperkg.build.Summary:
        def marked(stage: str, done: int, total: int) -> None:
            marks[stage] = time.perf_counter()
            progress(stage, done, total)
        summaries.append(run(*args, progress=marked, **options))
        return summaries[-1]

    def report() -> None:  # when the command has ended, before the process does
        stages, previous = {}, started
        for stage in STAGES:
            if stage in marks:
                stages[stage] = marks[stage] - previous
                previous = marks[stage]
        summary = summaries[0]
        print(json.dumps({"papers": summary.papers, "extracted": summary.extracted, "stages": stages,
                          "nodes": sum(summary.nodes.values()), "edges": sum(summary.links.values())}))

    paperkg.build.run = timed_run  # the command imports it when it runs
    atexit.register(report)
    sys.argv = ["paperkg", "build", str(new if case == "update" else corpus_dir), "--out", str(out),
                "--pipeline", pipeline, "--jobs", "1" if case == "build1" else "2", "--quiet",
                *(["--update"] if case == "update" else []), *(["--engine", "dask"] if case == "dask" else [])]
    main()


def measure(case: str, corpus_dir: Path, new: Path, out: Path, pipeline: str) -> dict:
    """Run a case in a child process, sampling its process tree's RSS; its result with peak RSS and CPU."""
    command = [sys.executable, __file__, "--child", case, "--corpus", str(corpus_dir), "--new", str(new),
               "--out", str(out), "--pipeline", pipeline]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    peak, peak_pss, cpu, done = 0, 0, {}, threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        parent = psutil.Process(process.pid)
        for count in itertools.count():
            if done.is_set():
                break
            # PSS every 10th sample: reading /proc/PID/smaps_rollup walks the page tables, which takes the
            # processes' memory lock; every 50 ms it slowed the build it measures by a few seconds.
            proportional = count % 10 == 0
            try:
                tree = [parent, *parent.children(recursive=True)]
                total = total_pss = 0
                for member in tree:
                    try:
                        total += member.memory_info().rss
                        total_pss += member.memory_full_info().pss if proportional else 0
                        times = member.cpu_times()
                        cpu[member.pid] = times.user + times.system
                    except psutil.NoSuchProcess:
                        pass
                peak, peak_pss = max(peak, total), max(peak_pss, total_pss)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 2):  # 2: some records skipped (the corpus has one without a title)
        raise SystemExit(f"{case} failed with exit code {process.returncode}")
    result = json.loads(output.decode().strip().splitlines()[-1])
    return {"seconds": wall, **result, "peak_rss_mb": peak / 2**20, "peak_pss_mb": peak_pss / 2**20,
            "cpu_s": sum(cpu.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", default="default", help="extraction pipeline (name or folder)")
    parser.add_argument("--papers", type=int, default=0, help="first N records of the corpus (0: all)")
    parser.add_argument("--cases", nargs="+", default=["pipe", "build1", "build2", "update"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (the table shows medians)")
    parser.add_argument("--json", type=Path, help="also write every run's numbers here")
    parser.add_argument("--child")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--new", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.new, args.out, args.pipeline)
        return

    with tempfile.TemporaryDirectory(prefix="paperkg-scale-") as temporary:
        folder = Path(temporary)
        corpus_dir, new = corpus(args.papers, folder)
        load = os.getloadavg()
        runs: dict[str, list[dict]] = {}
        for _ in range(args.repeat):
            for case in args.cases:
                out = folder / ("out2" if case in ("build2", "update") else f"out-{case}")
                os.sync()  # the last case's files on disk: an update does not wait for the build's writeback
                result = measure(case, corpus_dir, new, out, args.pipeline)
                runs.setdefault(case, []).append(result)
                print(f"{case}: {result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB, "
                      f"peak PSS {result['peak_pss_mb']:.0f} MB", file=sys.stderr, flush=True)
        print_table(runs, args, load)
        if args.json:
            args.json.write_text(json.dumps({"load_before": load, "runs": runs}, indent=1), encoding="utf-8")


def print_table(runs: dict[str, list[dict]], args: argparse.Namespace, load: tuple[float, ...]) -> None:
    def median(case: str, key: str, stage: str | None = None) -> float:
        values = [(run["stages"].get(stage, 0.0) if stage else run[key]) for run in runs[case]]
        return statistics.median(values)

    pipe = median("pipe", "seconds") if "pipe" in runs else None
    print(f"\npaperkg build at scale: pipeline {args.pipeline}, {os.cpu_count()} CPUs, load average before "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; medians of {args.repeat} run(s)\n")
    header = ["case", "papers", "wall s", "papers/s", "÷ pipe", "peak RSS MB", "peak PSS MB", "CPU s", *STAGES]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for case, results in runs.items():
        seconds = median(case, "seconds")
        papers = results[0].get("extracted") or results[0]["papers"]
        row = [case, f"{results[0]['papers']:,}" + (f" ({papers:,} extracted)" if case == "update" else ""),
               f"{seconds:.1f}", f"{papers / seconds:.0f}",
               f"{seconds / pipe:.2f}" if pipe and case != "update" and case != "pipe" else "",
               f"{median(case, 'peak_rss_mb'):.0f}", f"{median(case, 'peak_pss_mb'):.0f}",
               f"{median(case, 'cpu_s'):.0f}",
               *(f"{median(case, '', stage):.1f}" if results[0]["stages"] else "" for stage in STAGES)]
        print(" | ".join(row))


if __name__ == "__main__":
    main()
