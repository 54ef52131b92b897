"""Views: time from navigation to the first drawn frame of `graph.html`, and the sizes of the visual exports.

Graphs: the seed (ICLR 2022 poster session, 573 nodes) and a 5,000-node graph from the shared paper
lists (ICML 2018–2019: 1,397 papers, 5,693 nodes; its page cut to 5,000 nodes, and to the default 2,000);
with `--full`, the whole corpus (11.9k papers) too, its page cut to the default cap.
Each page is opened `--runs` times in headless Chromium (a fresh page each time, network blocked); the
page records `performance.now()` at vis-network's first `afterDrawing`. Side by side, the seed drawn the
way pyvis's defaults draw it (no positions, physics with stabilisation), and the Python time to make the
page versus pyvis's `Network.add_node`/`add_edge` for the same 5,000 nodes.

    PAPERKG_SHARED=/work/shared PYTHONPATH=src python benchmarks/views.py [--runs 5] [--full]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from corpus import paperlists  # benchmarks/corpus.py: the script's folder is on sys.path
from playwright.sync_api import sync_playwright
from pyvis.network import Network

from paperkg import ingest
from paperkg.build import knowledge_graph
from paperkg.export import EXPORTS
from paperkg.export.html import DEFAULT_MAX_NODES, WAIT_UNTIL_DRAWN, render, write_html
from paperkg.graph.views import most_connected

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DATA = re.compile(r'(<script type="application/json" id="graph-data">)(.*?)(</script>)', re.S)
VISUAL = ("graph.graphml", "graph.gexf", "coauthors.graphml", "concepts.graphml", "graph.html")


def write_visual(graph, folder: Path) -> float:
    """Write the visual exports only (RDF is not what this measures, and is slow for large graphs); seconds."""
    started = time.perf_counter()
    folder.mkdir(parents=True)
    for name in VISUAL:
        EXPORTS[name](graph, folder / name)
    return time.perf_counter() - started


def pyvis_defaults(page: Path, out: Path) -> None:
    """The same page drawn as pyvis draws by default: no positions, physics on with stabilisation."""
    text = page.read_text(encoding="utf-8")
    data = json.loads(DATA.search(text).group(2))
    data["options"] = {key: value for key, value in data["options"].items() if key not in ("physics", "layout")}
    for view in data["views"].values():
        view["nodes"] = [[i, None, None, size] for i, _, _, size in view["nodes"]]
    payload = json.dumps(data).replace("<", "\\u003c")
    out.write_text(DATA.sub(lambda m: m.group(1) + payload + m.group(3), text), encoding="utf-8")


def first_frames(browser, page_path: Path, runs: int, timeout: float = 600_000) -> tuple[list[float], int, int]:
    """Milliseconds from navigation to the first drawn frame, per run; nodes and edges drawn."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        external = []
        page.route("**/*", lambda route, external=external: route.continue_() if route.request.url.startswith(
            "file:") else (external.append(route.request.url), route.abort()))
        page.goto(page_path.as_uri())
        page.evaluate(WAIT_UNTIL_DRAWN, timeout)
        times.append(page.evaluate("window.paperkg.drawnAt"))
        nodes = page.evaluate("Object.keys(window.paperkg.network.getPositions()).length")
        edges = page.evaluate("window.paperkg.visibleEdges()")
        assert not external, external
        page.close()
    return times, nodes, edges


def pyvis_network_seconds(graph) -> float:
    """pyvis's own builder for the same nodes and edges (it checks each edge against a list of all nodes)."""
    started = time.perf_counter()
    net = Network(directed=graph.is_directed())
    for node, data in sorted(graph.nodes(data=True)):
        net.add_node(node, label=data["label"][:40], x=data["x"], y=data["y"])
    for u, v, weight in sorted(graph.edges(data="weight")):
        net.add_edge(u, v, value=weight)
    net.get_network_data()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="also the whole corpus (11.9k papers), cut to the cap")
    options = parser.parse_args()
    runs = options.runs
    work = Path(tempfile.mkdtemp(prefix="paperkg-views-"))

    started = time.perf_counter()
    seed = knowledge_graph(ingest.read([ROOT / "seeds"]).papers)
    seed_seconds = time.perf_counter() - started
    writing = {"seed": write_visual(seed, work / "seed")}
    pyvis_defaults(work / "seed" / "graph.html", work / "seed-pyvis-defaults.html")

    papers = [paper for paper in paperlists("icml") if paper.year >= 2018]
    started = time.perf_counter()
    large = knowledge_graph(papers)
    large_seconds = time.perf_counter() - started
    writing["ICML 2018–19"] = write_visual(large, work / "large")
    write_html(large, work / "large" / "graph-5000.html", max_nodes=5000)
    started = time.perf_counter()
    render(large, max_nodes=5000)
    render_seconds = time.perf_counter() - started
    pyvis_seconds = pyvis_network_seconds(most_connected(large, 5000)[0])
    graphs = {"seed": (seed, seed_seconds), "ICML 2018–19": (large, large_seconds)}
    if options.full:
        everything = paperlists()
        started = time.perf_counter()
        full = knowledge_graph(everything)
        graphs["all 11.9k"] = (full, time.perf_counter() - started)
        writing["all 11.9k"] = write_visual(full, work / "full")

    pages = [
        ("seed", "graph.html (ours: layout, physics off)", work / "seed" / "graph.html"),
        ("seed", "pyvis defaults (physics, stabilisation)", work / "seed-pyvis-defaults.html"),
        ("ICML 2018–19", "graph.html cut to 5,000 nodes", work / "large" / "graph-5000.html"),
        ("ICML 2018–19", f"graph.html, default cap {DEFAULT_MAX_NODES:,}", work / "large" / "graph.html"),
    ]
    if options.full:
        pages.append(("all 11.9k", f"graph.html, default cap {DEFAULT_MAX_NODES:,}", work / "full" / "graph.html"))
    rows = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for graph, what, path in pages:
            times, nodes, edges = first_frames(browser, path, runs)
            rows.append((graph, what, nodes, edges, path.stat().st_size, times))
        browser.close()

    print(f"\nFirst drawn frame, ms from navigation (median of {runs}; min–max), headless Chromium")
    print(f"{'graph':<14}{'page':<42}{'nodes':>7}{'edges':>8}{'size MB':>9}{'median':>9}{'min–max':>15}{'ratio':>7}")
    base = {}
    for graph, what, nodes, edges, size, times in rows:
        median = statistics.median(times)
        base.setdefault(graph, median)
        print(f"{graph:<14}{what:<42}{nodes:>7,}{edges:>8,}{size / 1e6:>9.2f}{median:>9.0f}"
              f"{f'{min(times):.0f}–{max(times):.0f}':>15}{median / base[graph]:>7.1f}")

    print("\nFile sizes, bytes")
    folders = {"seed": "seed", "ICML 2018–19": "large", "all 11.9k": "full"}
    print(f"{'file':<20}" + "".join(f"{graph:>16}" for graph in graphs))
    for name in VISUAL:
        print(f"{name:<20}" + "".join(f"{(work / folders[graph] / name).stat().st_size:>16,}" for graph in graphs))
    print(f"{'graph-5000.html':<20}{'':>16}{(work / 'large' / 'graph-5000.html').stat().st_size:>16,}")

    print("\nGraphs (seconds: extract, resolve, graph with its layouts and views; then writing the files above)")
    for graph, (g, seconds) in graphs.items():
        views = g.graph["views"]
        print(f"{graph}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges; co-authorship "
              f"{views['coauthors'].number_of_nodes():,} nodes, {views['coauthors'].number_of_edges():,} edges; "
              f"concepts {views['concepts'].number_of_nodes():,} nodes, {views['concepts'].number_of_edges():,} "
              f"edges; {seconds:.1f} s, writing {writing[graph]:.1f} s")
    print(f"Python, page of 5,000 nodes: paperkg render {render_seconds:.2f} s; pyvis Network add_node/add_edge "
          f"alone {pyvis_seconds:.2f} s (ratio {pyvis_seconds / render_seconds:.1f})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
