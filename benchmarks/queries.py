"""SPARQL speed: each bundled query's median time with pyoxigraph (on the on-disk store `paperkg query` keeps
next to the export) beside rdflib on the same export, and the load times of both; one run, side by side.

    python benchmarks/queries.py [EXPORT] [--repeat 5] [--rdflib-repeat 3] [--no-rdflib] [--cli]

EXPORT defaults to exports/graph.ttl (the seed); give a big build's graph.nt to see how the queries scale.
Query times include reading every row. `--cli` adds the wall time of `paperkg query EXPORT NAME -f csv` in a
fresh process (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path, nargs="?", default=ROOT / "exports" / "graph.ttl")
    parser.add_argument("--repeat", type=int, default=5, help="runs per pyoxigraph query (median)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs per rdflib query (median)")
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
        triples = len(store)

        rows = []
        for name, query in sparql.bundled().items():
            oxigraph, result = timed(lambda query=query: sparql.run(store, query), args.repeat)
            count = len(result.rows)
            library = None
            if rdf is not None:
                library, answer = timed(lambda query=query: list(rdf.query(query.text)), args.rdflib_repeat)
                assert len(answer) == count, (name, len(answer), count)
            cli = None
            if args.cli:
                command = [sys.executable, "-c", "from paperkg.cli import app; app()", "query", str(copy), name,
                           "-f", "csv"]
                env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
                cli, _ = timed(lambda command=command, env=env: subprocess.run(
                    command, check=True, capture_output=True, env=env), 3)
            rows.append((name, count, oxigraph, library, cli))

    print(f"{export} — {size / 1e6:,.1f} MB, {triples:,} triples")
    print(f"queries: median of {args.repeat} runs (pyoxigraph), {args.rdflib_repeat} (rdflib); all rows read\n")
    print(f"{'load':<40} {'s':>9}")
    for label, seconds in loads:
        print(f"{label:<40} {seconds:>9.2f}")
    header = f"\n{'query':<22} {'rows':>6} {'pyoxigraph ms':>14} {'rdflib ms':>12} {'rdflib/oxigraph':>16}"
    print(header + (f" {'paperkg query s':>16}" if args.cli else ""))
    for name, count, oxigraph, library, cli in rows:
        ratio = f"{library / oxigraph:,.0f}×" if library is not None and oxigraph > 0 else "—"
        line = f"{name:<22} {count:>6} {ms(oxigraph):>14} {ms(library):>12} {ratio:>16}"
        print(line + (f" {cli:>16.2f}" if cli is not None else ""))
    slowest = max(rows, key=lambda row: row[2])
    print(f"\nslowest with pyoxigraph: {slowest[0]} at {ms(slowest[2])} ms")


if __name__ == "__main__":
    main()
