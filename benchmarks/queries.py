"""SPARQL speed: each bundled query's median time with pyoxigraph (on the on-disk store `paperkg query` keeps
next to the export) beside rdflib on the same export, and the load times of both; one run, side by side.

    python benchmarks/queries.py [EXPORT] [--repeat 5] [--rdflib-repeat 3] [--rdflib-timeout 120]
                                 [--no-rdflib] [--cli]

EXPORT defaults to exports/graph.ttl (the seed); give a big build's graph.nt to see how the queries scale.
Query times include reading every row; an rdflib query still running after --rdflib-timeout seconds is
stopped and shown as `> N s`. Rows print as each query finishes. `--cli` adds the wall time of
`paperkg query EXPORT NAME -f csv` in a fresh process (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402
from rdflib import Graph  # noqa: E402

from paperkg import query as sparql  # noqa: E402
from paperkg.export.rdf import FORMATS  # noqa: E402


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


class TimedOut(Exception):
    pass


def within(seconds: int, action: Callable[[], object]) -> object:
    """Run `action`, stopping it with TimedOut after `seconds` (rdflib is pure Python: a signal can stop it)."""
    def stop(signum, frame):
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return action()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path, nargs="?", default=ROOT / "exports" / "graph.ttl")
    parser.add_argument("--repeat", type=int, default=5, help="runs per pyoxigraph query (median)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs per rdflib query (median)")
    parser.add_argument("--rdflib-timeout", type=int, default=120, help="seconds before an rdflib query is stopped")
    parser.add_argument("--no-rdflib", action="store_true", help="pyoxigraph only (rdflib is slow on big builds)")
    parser.add_argument("--cli", action="store_true", help="also time `paperkg query` end to end")
    args = parser.parse_args()
    export = args.export.resolve()
    size = export.stat().st_size

    loads: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as scratch:  # a private copy: the benchmark builds its own store
        copy = Path(scratch) / export.name
        shutil.copy(export, copy)
        seconds, _ = timed(lambda: sparql.open_store(copy), 1)
        loads.append(("pyoxigraph: build the on-disk store", seconds))
        seconds, store = timed(lambda: sparql.open_store(copy), 3)
        loads.append(("pyoxigraph: open the current store", seconds))

        def in_memory() -> ox.Store:
            memory = ox.Store()
            memory.bulk_load(path=str(copy), format=sparql.FORMATS[copy.suffix])
            return memory

        loads.append(("pyoxigraph: parse into memory", timed(in_memory, 1)[0]))
        rdf = None
        if not args.no_rdflib:
            seconds, rdf = timed(lambda: Graph().parse(copy, format=FORMATS[copy.suffix]), 1)
            loads.append(("rdflib: parse into memory", seconds))

        print(f"{export} — {size / 1e6:,.1f} MB, {len(store):,} triples")
        print(f"queries: median of {args.repeat} runs (pyoxigraph), {args.rdflib_repeat} (rdflib); all rows read\n")
        print(f"{'load':<40} {'s':>9}")
        for label, seconds in loads:
            print(f"{label:<40} {seconds:>9.2f}")
        header = f"\n{'query':<22} {'rows':>6} {'pyoxigraph ms':>14} {'rdflib ms':>12} {'rdflib/oxigraph':>16}"
        print(header + (f" {'paperkg query s':>16}" if args.cli else ""), flush=True)
        slowest = ("", 0.0)
        for name, query in sparql.bundled().items():
            oxigraph, result = timed(lambda query=query: sparql.run(store, query), args.repeat)
            count = len(result.rows)
            slowest = max(slowest, (name, oxigraph), key=lambda item: item[1])
            library, ratio = "—", "—"
            if rdf is not None:
                try:
                    seconds, answer = timed(lambda query=query: within(
                        args.rdflib_timeout, lambda: list(rdf.query(query.text))), args.rdflib_repeat)
                    assert len(answer) == count, (name, len(answer), count)
                    library, ratio = ms(seconds), f"{seconds / oxigraph:,.0f}×" if oxigraph > 0 else "—"
                except TimedOut:
                    library, ratio = f"> {args.rdflib_timeout} s", f"> {args.rdflib_timeout / oxigraph:,.0f}×"
            line = f"{name:<22} {count:>6} {ms(oxigraph):>14} {library:>12} {ratio:>16}"
            if args.cli:
                command = [sys.executable, "-c", "from paperkg.cli import app; app()", "query", str(copy), name,
                           "-f", "csv"]
                env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
                cli, _ = timed(lambda command=command, env=env: subprocess.run(
                    command, check=True, capture_output=True, env=env), 3)
                line += f" {cli:>16.2f}"
            print(line, flush=True)
    print(f"\nslowest with pyoxigraph: {slowest[0]} at {ms(slowest[1])} ms")


if __name__ == "__main__":
    main()
