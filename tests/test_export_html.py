"""The HTML view in headless Chromium: offline, error-free, drawn, searchable, filterable — and inert to
hostile input."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest

from paperkg.build import run
from paperkg.export import html
from paperkg.export.html import WAIT_UNTIL_DRAWN, write_html
from paperkg.graph import build
from paperkg.graph.views import most_connected
from paperkg.model import Concept, Evidence, Kind, Link, Paper, Relation
from paperkg.resolve import Resolution

pytestmark = pytest.mark.consumer



def _open(chromium, path: Path):
    """A page showing `path` with all non-file requests blocked and recorded, and errors collected."""
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.external, page.errors, page.dialogs = [], [], []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (page.external.append(route.request.url), route.abort()))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.evaluate(WAIT_UNTIL_DRAWN, 30_000)
    return page


def _shown(page) -> tuple[int, int]:
    """Nodes and edges vis-network itself holds now (what the filters let through)."""
    return (page.evaluate("Object.keys(window.paperkg.network.getPositions()).length"),
            page.evaluate("window.paperkg.visibleEdges()"))


def _dom_position(page, node: str) -> dict:
    return page.evaluate(f"window.paperkg.network.canvasToDOM(window.paperkg.network.getPosition({node!r}))")


def test_seed_view_is_offline_error_free_and_drawn(chromium, seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "graph.graphml")
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    page = _open(chromium, seed_out / "graph.html")
    assert page.external == [] and page.errors == []
    assert page.evaluate("window.paperkg.drawnAt") > 0
    assert _shown(page) == (nodes, edges) and nodes > 80 + 359
    canvas = page.locator("#graph canvas")
    assert canvas.count() == 1 and canvas.bounding_box()["width"] > 300
    assert page.locator("#status").inner_text() == f"{nodes:,} of {nodes:,} nodes · {edges:,} of {edges:,} edges shown"
    assert page.locator("#cap").is_hidden()
    page.close()


def test_view_switch_shows_coauthorship_and_concepts(chromium, seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "graph.graphml")
    concepts = nx.read_graphml(seed_out / "concepts.graphml")
    page = _open(chromium, seed_out / "graph.html")
    page.select_option("#view", "coauthors")
    assert _shown(page) == (359, 816)
    assert page.locator("#legend input").evaluate_all("boxes => boxes.map(b => b.dataset.kind)") == ["Author"]
    page.select_option("#view", "concepts")
    assert _shown(page) == (concepts.number_of_nodes(), concepts.number_of_edges())
    page.select_option("#view", "graph")
    assert _shown(page) == (graph.number_of_nodes(), graph.number_of_edges())
    assert page.errors == []
    page.close()


def test_search_focuses_a_node_and_links_fill_the_details(chromium, seed_out: Path) -> None:
    page = _open(chromium, seed_out / "graph.html")
    page.fill("#search", "lingyu")
    page.locator("#matches button", has_text="Lingyu Duan").click()
    assert page.locator("#details h2").inner_text() == "Lingyu Duan"
    assert page.evaluate("window.paperkg.network.getSelectedNodes()") == ["author/lingyu-duan"]
    assert page.locator("#details h3", has_text="Papers (1)").count() == 1
    assert page.locator("#details h3", has_text="Co-authors").count() == 1
    page.locator("#details button").first.click()  # the author's paper
    assert page.locator("#details .kind").inner_text().upper() == "PAPER"
    assert page.locator("#details button", has_text="Lingyu Duan").count() == 1  # among its authors
    assert page.locator("#details h3", has_text="Abstract").count() == 1
    page.close()


def test_search_finds_a_paper_by_its_title_and_enter_focuses_it(chromium, seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "graph.graphml")
    title = next(d["title"] for _, d in sorted(graph.nodes(data=True)) if d["type"] == "Paper")
    page = _open(chromium, seed_out / "graph.html")
    page.fill("#search", title[5:30].upper())
    page.press("#search", "Enter")
    assert page.locator("#details h2").inner_text() == title
    assert len(page.evaluate("window.paperkg.network.getSelectedNodes()")) == 1
    page.close()


def test_clicking_a_node_on_the_canvas_fills_the_details(chromium, seed_out: Path) -> None:
    page = _open(chromium, seed_out / "graph.html")
    page.select_option("#view", "concepts")
    box = page.locator("#graph").bounding_box()
    points = {node: _dom_position(page, node) for node in page.evaluate("window.paperkg.visibleNodes()")}
    def alone(node: str) -> bool:  # inside the canvas, and no other node within 25 px
        p = points[node]
        return (10 < p["x"] < box["width"] - 10 and 10 < p["y"] < box["height"] - 10
                and all(math.dist((p["x"], p["y"]), (q["x"], q["y"])) > 25 for n, q in points.items() if n != node))
    alone = [node for node in points if alone(node)]
    assert len(alone) >= 10
    for node in alone[:10]:
        page.mouse.click(box["x"] + points[node]["x"], box["y"] + points[node]["y"])
        assert page.evaluate("window.paperkg.network.getSelectedNodes()") == [node]
        label = page.evaluate(f"window.paperkg.data.nodes.find(row => row[0] === {node!r})[1]")
        assert page.locator("#details h2").inner_text() == label
        assert page.locator("#details h3", has_text="Papers").count() == 1
    page.close()


def test_filters_hide_nodes_by_type_degree_and_weight(chromium, seed_out: Path) -> None:
    graph = nx.read_graphml(seed_out / "graph.graphml")
    coauthors = nx.read_graphml(seed_out / "coauthors.graphml")
    page = _open(chromium, seed_out / "graph.html")
    page.locator("#legend input[data-kind=Author]").uncheck()
    assert _shown(page)[0] == graph.number_of_nodes() - 359
    assert page.evaluate("window.paperkg.network.getPositions(['author/lingyu-duan'])") == {}
    page.locator("#legend input[data-kind=Author]").check()
    page.fill("#min-degree", "5")
    expected = sorted(node for node, degree in graph.to_undirected(as_view=True).degree() if degree >= 5)
    assert _shown(page)[0] == len(expected)
    page.fill("#min-degree", "0")
    page.select_option("#view", "coauthors")
    page.fill("#min-weight", "2")
    assert _shown(page) == (359, sum(1 for _, _, w in coauthors.edges(data="weight") if w >= 2))
    assert page.locator("#status").inner_text().startswith("359 of 359 nodes · 8 of 816 edges")
    assert page.errors == []
    page.close()


def test_large_graphs_show_their_most_connected_part_and_say_so(chromium, seed_graph, tmp_path: Path) -> None:
    write_html(seed_graph, tmp_path / "capped.html", max_nodes=100)
    page = _open(chromium, tmp_path / "capped.html")
    expected, _ = most_connected(seed_graph, 100, 1000)
    assert sorted(page.evaluate("window.paperkg.visibleNodes()")) == sorted(expected)
    assert _shown(page) == (100, expected.number_of_edges())
    note = page.locator("#cap").inner_text()
    assert f"has {seed_graph.number_of_nodes():,} nodes" in note and "100 most connected" in note
    assert "--html-max-nodes" in note and f"the {expected.number_of_edges()} edges among them" in note
    page.fill("#search", "lingyu")  # an author outside the cut: named in details, but not a link
    assert page.locator("#matches button").count() == 0
    page.close()


def test_a_cut_to_the_heaviest_edges_is_stated(chromium, seed_graph, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(html, "EDGES_PER_NODE", 1)
    write_html(seed_graph, tmp_path / "capped.html", max_nodes=100)
    page = _open(chromium, tmp_path / "capped.html")
    heaviest, among = most_connected(seed_graph, 100, 100)
    assert _shown(page) == (100, 100) and among > 100
    assert sorted(map(tuple, page.evaluate("window.paperkg.network.body.data.edges.get()"
                                           ".map(e => [e.from, e.to, e.value])"))) == sorted(
        (u, v, w) for u, v, w in heaviest.edges(data="weight"))
    assert f"the 100 heaviest of the {among} edges among them" in page.locator("#cap").inner_text()
    page.close()


def test_seed_page_stays_under_two_megabytes(seed_out: Path) -> None:
    assert (seed_out / "graph.html").stat().st_size <= 2_000_000


HOSTILE = [
    '<script>window.pwned = 1</script>',
    '<img src=x onerror="window.pwned = 2">',
    '" onmouseover="window.pwned = 3" x="',
    "javascript:window.pwned = 4",
    "Tom & Jerry's \\ backslash </script><script>window.pwned = 5</script>",
]


def test_hostile_titles_and_names_do_not_execute(chromium, tmp_path: Path) -> None:
    blocks = [f"{title}\n\n<b onclick=\"window.pwned=6\">Eve</b> · Mallory <svg onload=alert(1)>\n\n"
              f"We propose {title} on the <img src=y onerror=alert(2)> dataset." for title in HOSTILE]
    listing = tmp_path / "hostile.txt"
    listing.write_text("\n\n\n".join(blocks) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run([listing], out).papers == len(HOSTILE)
    page = _open(chromium, out / "graph.html")
    box = page.locator("#graph").bounding_box()
    hovered = []
    for view in ("graph", "coauthors", "concepts"):
        page.select_option("#view", view)
        for node in page.evaluate("window.paperkg.visibleNodes()"):
            page.evaluate(f"window.paperkg.focus({node!r})")
            point = _dom_position(page, node)
            page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
            page.wait_for_timeout(30)
            if page.locator("#tooltip").is_visible():
                hovered.append(page.locator("#tooltip").inner_text())
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            for k in range(5):  # follow links in the details (each click shows another node's)
                if page.locator("#details button").count() > k:
                    page.locator("#details button").nth(k).click()
    assert any("<script>window.pwned = 1</script>" in text for text in hovered)  # shown as text
    page.select_option("#view", "graph")
    page.fill("#search", "<script>window")
    page.locator("#matches button").first.click()
    assert page.locator("#details h2").inner_text() == HOSTILE[0]
    assert page.evaluate("window.pwned") is None
    assert page.dialogs == [] and page.errors == [] and page.external == []
    assert page.locator("#side script, #side img, #side svg, #side b, #tooltip *:not(div)").count() == 0
    page.close()


def test_content_security_policy_blocks_injected_script_and_links_only_to_http(chromium, tmp_path: Path) -> None:
    graph = nx.DiGraph(base="https://example.org/")
    for name, url in (("a", "javascript:window.pwned=7"), ("b", "https://example.org/paper?x=1&y=2")):
        graph.add_node(f"paper/{name}", kind="Paper", label=f"Paper {name}", title=f"Paper {name}", url=url,
                       abstract="", x=float(ord(name)), y=0.0, papers=0)
    write_html(graph, tmp_path / "urls.html")
    page = _open(chromium, tmp_path / "urls.html")
    page.evaluate("window.paperkg.focus('paper/a')")
    assert page.locator("#details a").count() == 0
    assert page.locator("#details", has_text="javascript:window.pwned=7").count() == 1  # as text only
    page.evaluate("window.paperkg.focus('paper/b')")
    assert page.locator("#details a").get_attribute("href") == "https://example.org/paper?x=1&y=2"
    page.errors.clear()
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 8';
                             document.body.append(s);
                             const i = document.createElement('img'); i.setAttribute('onerror', 'window.pwned = 9');
                             i.src = 'x:'; document.body.append(i); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert any("Content Security Policy" in error for error in page.errors)
    page.close()


def test_details_lists_name_only_the_entries_they_show() -> None:
    """A concept of 30 papers lists 25 and counts the rest; the page's node table holds no row for those 5."""
    papers = [Paper(title=f"Paper {number:02}", authors=(), abstract="We use X.") for number in range(30)]
    concept = Concept(Kind.METHOD, "x", "X")
    evidence = Evidence(paper="", field="abstract", sentence_index=0, sentence="We use X.", start=7, end=8, text="X")
    links = [Link(paper.key, concept, Relation.USES, (evidence,)) for paper in papers]
    graph = build(papers, Resolution(authors=[()] * 30, concepts=[concept], links=links, concept_links=[]))
    data = html.page_data(graph, max_nodes=1)
    rows = {row[1]: index for index, row in enumerate(data["nodes"])}
    listed = data["details"][rows["X"]]["papers"]
    assert listed["more"] == 5 and len(listed["items"]) == 25
    assert sorted(rows) == sorted(["X", *(f"Paper {number:02}" for number in range(30))][:26])
    assert [data["nodes"][index][1] for index in listed["items"]] == [f"Paper {number:02}" for number in range(25)]
