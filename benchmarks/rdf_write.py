"""RDF writing at scale: time and peak memory of `write_rdf` for each format (all three stream), beside rdflib
building a Graph of the same triples and serializing it (what a non-streaming writer costs), on the seed graph
replicated to N papers (each copy's papers and authors renamed; concepts shared, as in a real corpus). Each
writer runs in a fresh process that loads the pickled graph; "RSS over graph" is its peak RSS minus the peak
after loading the graph, i.e. the memory writing needed.

    python benchmarks/rdf_write.py [--papers 12000] [--out DIR]

With --out, the replicated exports are kept there, e.g. for `python benchmarks/queries.py DIR/graph.nt`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import networkx as nx  # noqa: E402
from rdflib import Graph  # noqa: E402

from paperkg import extract, ingest  # noqa: E402
from paperkg.export.rdf import triples, write_rdf  # noqa: E402
from paperkg.graph import build  # noqa: E402
from paperkg.model import Kind  # noqa: E402
from paperkg.resolve import resolve  # noqa: E402


def seed_graph() -> nx.DiGraph:
    papers = ingest.read([ROOT / "seeds"]).papers
    mentions = list(extract.paper_mentions(extract.load(), papers))
    return build(papers, resolve(papers, mentions), layout=False)


def replicate(graph: nx.DiGraph, papers: int) -> nx.DiGraph:
    """`graph` copied until it has about `papers` papers; copy i renames papers and authors with a `-c<i>`."""
    seed_papers = sum(1 for _, data in graph.nodes(data=True) if data["kind"] == Kind.PAPER)
    copies = max(1, round(papers / seed_papers))
    big = nx.DiGraph(**graph.graph)
    for copy in range(copies):
        def rename(node: str, copy: int = copy) -> str:
            kind = graph.nodes[node]["kind"]
            return f"{node}-c{copy}" if copy and kind in (Kind.PAPER, Kind.AUTHOR) else node

        for node, data in graph.nodes(data=True):
            big.add_node(rename(node), **data)
        for source, target, data in graph.edges(data=True):
            if copy and graph.nodes[source]["kind"] not in (Kind.PAPER, Kind.AUTHOR):
                continue  # concept→concept links once
            edge = dict(data)
            if "evidence" in edge:
                edge["evidence"] = tuple(dataclasses.replace(e, paper=rename(f"paper/{e.paper}")[6:])
                                         for e in edge["evidence"])
            big.add_edge(rename(source), rename(target), **edge)
    return big


def child(kind: str, graph_file: str, out: str) -> None:
    """One measurement in a fresh interpreter; prints seconds, peak RSS and peak RSS before writing (MB)."""
    graph = pickle.loads(Path(graph_file).read_bytes())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if kind == "rdflib":
        rdf = Graph()
        for triple in triples(graph):
            rdf.add(triple)
        rdf.serialize(out, format="nt", encoding="utf-8")
    else:
        write_rdf(graph, Path(out))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "before": before}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=12000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    graph = replicate(seed_graph(), args.papers)
    count = sum(1 for _, data in graph.nodes(data=True) if data["kind"] == Kind.PAPER)
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        graph_file = Path(scratch) / "graph.pickle"
        graph_file.write_bytes(pickle.dumps(graph))
        cases = [(f"paperkg write_rdf → {name}", name, out / name)
                 for name in ("graph.nt", "graph.ttl", "graph.jsonld")]
        cases.append(("rdflib Graph + serialize → nt", "rdflib", Path(scratch) / "rdflib.nt"))
        rows = []
        for label, kind, path in cases:
            result = subprocess.run([sys.executable, __file__, "--child", kind, str(graph_file), str(path)],
                                    check=True, capture_output=True, text=True)
            measured = json.loads(result.stdout.splitlines()[-1])
            rows.append((label, measured["seconds"], measured["rss"], measured["rss"] - measured["before"],
                         path.stat().st_size / 1e6))
        with (out / "graph.nt").open(encoding="utf-8") as lines:
            triple_count = sum(1 for _ in lines)
    print(f"{count:,} papers, {graph.number_of_nodes():,} nodes, {triple_count:,} triples; one run each, "
          "each in a fresh process\n")
    print(f"{'writer':<34} {'s':>8} {'peak RSS MB':>12} {'RSS over graph':>15} {'file MB':>9}")
    for label, seconds, rss, extra, size in rows:
        print(f"{label:<34} {seconds:>8.1f} {rss:>12.0f} {extra:>15.0f} {size:>9.1f}")


if __name__ == "__main__":
    main()
