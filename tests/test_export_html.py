"""The HTML view in headless Chromium: offline, error-free, drawn, searchable — and inert to hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkg.build import run

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
    page.wait_for_function("window.paperkg && window.paperkg.ready", timeout=30_000)
    return page


def test_seed_view_is_offline_error_free_and_drawn(chromium, seed_out: Path) -> None:
    page = _open(chromium, seed_out / "graph.html")
    assert page.external == []
    assert page.errors == []
    expected = page.evaluate("JSON.parse(document.getElementById('graph-data').textContent).nodes.length")
    assert page.evaluate("window.paperkg.nodes.length") == expected >= 80 + 359
    canvas = page.locator("#graph canvas")
    assert canvas.count() == 1 and canvas.bounding_box()["width"] > 300
    page.close()


def test_search_focuses_a_node_and_click_fills_the_details(chromium, seed_out: Path) -> None:
    page = _open(chromium, seed_out / "graph.html")
    page.fill("#search", "lingyu")
    page.locator("#matches button", has_text="Lingyu Duan").click()
    assert page.locator("#details h2").inner_text() == "Lingyu Duan"
    assert page.evaluate("window.paperkg.network.getSelectedNodes()") == ["author/lingyu-duan"]
    page.locator("#details button").first.click()  # the author's first paper
    assert page.locator("#details .kind").inner_text().upper() == "PAPER"
    assert page.locator("#details h3", has_text="Authors").count() == 1
    page.close()


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
    ids = page.evaluate("window.paperkg.nodes.getIds()")
    for node in ids:
        position = page.evaluate(f"window.paperkg.network.canvasToDOM(window.paperkg.network.getPosition({node!r}))")
        page.evaluate(f"window.paperkg.focus({node!r})")
        page.mouse.move(position["x"], position["y"])
    page.fill("#search", "script")
    page.locator("#matches button").first.click()
    for button in page.locator("#details button").all()[:10]:
        button.click()
    assert page.evaluate("window.pwned") is None
    assert page.dialogs == [] and page.errors == [] and page.external == []
    assert page.locator("#details script, #details img, #details svg, #matches img").count() == 0
    page.close()
