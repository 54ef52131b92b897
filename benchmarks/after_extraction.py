"""What a build costs after extraction, for two source trees side by side: `--update` and the write stage.

Both cases start from one prebuilt folder (`paperkg build CORPUS --out BUILD`), copied for every run, so no
run waits for a full extraction; first, for each tree, an untimed `--update` with no new papers gives the
copy that tree's export indexes (the state only trusts indexes the same export code wrote):
- `update`: `--update` of the copy with 100 new papers (the last 100 NeurIPS 2018 records, retitled, as in
  `scale.py`), `--jobs 2`; the stages' times as `paperkg build` reports them, "read" with importing paperkg.
- `command`: the same update as the `paperkg build --update --jobs 2 --quiet` command a user runs, timed
  from the process's start to its end (its start-up and its exit count too; stages are not reported).
- `write`: a full build's write stage: the graph of the copy's state (resolved and built, not timed), then
  `write_all` with `--jobs 2`, laid out afresh in it (as `paperkg build` does, beside the RDF).

The trees take turns, run by run, so a slow spell of the (shared) machine falls on both. Each run is a
fresh process with PYTHONPATH set to the tree and PYTHONHASHSEED=0 (so the exports of the two
trees can be compared byte for byte: the last column says whether they match the first tree's). The state's
extractor is set to the tree's own, so neither tree extracts the old papers again.

    PAPERKG_SHARED=/work/shared python benchmarks/after_extraction.py BUILD --trees /path/to/main/src src
        [--cases update command write] [--repeat 3]

A tree whose state has another version than BUILD's needs a build of its own (the same corpus, the same
exports): `BUILD OTHER_BUILD`, one per tree, in order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PAPERKG_SHARED", ROOT.parent / "shared"))
STAGES = ("read", "extract", "resolve", "graph", "write", "state")


def new_papers(folder: Path) -> Path:
    """The 100 new papers of `scale.py`'s update case, as a file in `folder`."""
    last = json.loads((SHARED / "data" / "paperlists" / "nips" / "nips2018.json").read_text(encoding="utf-8"))
    new = [{**{k: v for k, v in record.items() if k != "id"}, "title": f"Revisited: {record['title']}"}
           for record in last[-100:]]
    (folder / "new").mkdir(exist_ok=True)
    (folder / "new" / "nips2018.json").write_text(json.dumps(new), encoding="utf-8")
    return folder / "new"


def child(case: str, out: Path, new: Path) -> dict:
    """One run, in this process, on the copy `out`: stage times (s) and a digest of every export."""
    begun = time.perf_counter()
    from paperkg import extract, state
    from paperkg.build import run

    imported = time.perf_counter() - begun  # an update's "read" counts it, as a command's start-up would
    with sqlite3.connect(out / state.FILE) as db:
        db.execute("UPDATE meta SET value = ? WHERE name = 'extractor'", (extract.fingerprint("default"),))
    db.close()
    started = time.perf_counter()
    stages: dict[str, float] = {}
    if case == "prime":
        run([], out, jobs=2, update=True)
    elif case == "update":
        marks: dict[str, float] = {}
        run([new], out, jobs=2, update=True, progress=lambda stage, done, total: marks.__setitem__(
            stage, time.perf_counter()))
        previous = started - imported
        for stage in STAGES:
            stages[stage], previous = marks[stage] - previous, marks[stage]
        stages["total"] = time.perf_counter() - started + imported
    else:  # what an update imports once it has forked its extraction process, imported here untimed
        from paperkg import graph as graph_stage
        from paperkg.build import resolve_and_build
        from paperkg.export import write_all

        found = state.load(out)
        keys = sorted(found.papers)
        graph = resolve_and_build([found.papers[key][1] for key in keys], [found.papers[key][2] for key in keys],
                                  "benchmark", layout=False)
        started = time.perf_counter()
        if hasattr(graph_stage, "derive_views"):  # laid out as a build lays it out, in the trees that split it
            write_all(graph, out, jobs=2, prepare=graph_stage.lay_out_graph, prepare_views=graph_stage.derive_views)
        else:
            write_all(graph, out, jobs=2, prepare=graph_stage.lay_out_all)
        stages["write"] = time.perf_counter() - started
    return {"stages": stages, "digest": digests(out)}


def digests(out: Path) -> dict[str, str]:
    """Each export's SHA-256, by file name."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(out.iterdir())
            if not path.name.startswith(".") and path.name != "report.json"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builds", type=Path, nargs="*", help="a folder `paperkg build` wrote (or one per tree)")
    parser.add_argument("--trees", nargs="+", type=Path, default=[ROOT / "src"], help="source trees (src folders)")
    parser.add_argument("--cases", nargs="+", default=["update", "command", "write"],
                        choices=["update", "command", "write"])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case and tree (the table shows medians)")
    parser.add_argument("--child", choices=["prime", "update", "write"])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--new", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.out, args.new)))
        return
    if len(args.builds) not in (1, len(args.trees)):
        parser.error("one build folder, or one per tree")
    builds = dict(zip(args.trees, args.builds * len(args.trees) if len(args.builds) == 1 else args.builds,
                      strict=True))

    with tempfile.TemporaryDirectory(prefix="paperkg-after-") as temporary:
        folder = Path(temporary)
        new = new_papers(folder)
        print(f"{'case':7} {'tree':40} " + " ".join(f"{stage:>7}" for stage in (*STAGES, "total")) + "  same bytes")
        def environment(tree: Path) -> dict[str, str]:
            return {**os.environ, "PYTHONPATH": str(tree.resolve()), "PYTHONHASHSEED": "0"}

        def in_child(case: str, out: Path, tree: Path) -> dict:
            if case == "command":  # the primed copy's state already names the tree's extractor
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "paperkg", "build", str(new), "--out", str(out), "--update",
                                "--jobs", "2", "--quiet"], check=True, env=environment(tree))
                return {"stages": {"total": time.perf_counter() - started}, "digest": digests(out)}
            command = [sys.executable, __file__, "--child", case, "--out", str(out), "--new", str(new)]
            result = subprocess.run(command, check=True, stdout=subprocess.PIPE, env=environment(tree))
            return json.loads(result.stdout.decode().strip().splitlines()[-1])

        primed = {}
        for number, tree in enumerate(args.trees):
            primed[tree] = folder / f"build-{number}"
            shutil.copytree(builds[tree], primed[tree])
            in_child("prime", primed[tree], tree)
        for case in args.cases:
            first = None
            runs_of: dict[Path, list[dict]] = {tree: [] for tree in args.trees}
            for _ in range(args.repeat):  # one run at a time (the machine is shared), the trees taking turns
                for tree in args.trees:
                    out = folder / "out"
                    shutil.rmtree(out, ignore_errors=True)
                    shutil.copytree(primed[tree], out)
                    runs_of[tree].append(in_child(case, out, tree))
            for tree, runs in runs_of.items():
                first = first or runs[0]["digest"]
                medians = {stage: statistics.median(run["stages"][stage] for run in runs)
                           for stage in runs[0]["stages"]}
                cells = " ".join(f"{medians[stage]:7.1f}" if stage in medians else f"{'':7}"
                                 for stage in (*STAGES, "total"))
                differ = sorted({name for run in runs for name, digest in run["digest"].items()
                                 if digest != first.get(name)})
                print(f"{case:7} {str(tree)[-40:]:40} {cells}  {'yes' if not differ else 'NO: ' + ' '.join(differ)}",
                      flush=True)


if __name__ == "__main__":
    main()
