"""Take docs/graph.png, the README's picture of the HTML view, from the committed seed build.

    PYTHONPATH=src python docs/screenshot.py   # after `paperkg build seeds/ --out exports/`

Headless Debian Chromium through Playwright, no network: the whole graph, with the details of the paper
linked to the most concepts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

from paperkg.export.html import WAIT_UNTIL_DRAWN

ROOT = Path(__file__).resolve().parents[1]
#: The paper whose details are shown: the one linked to the most concepts (ties: the first in id order).
MOST_LINKED = """() => {
  const data = window.paperkg.data;
  let best = null, most = -1;
  data.details.forEach((d, i) => {
    const count = d.concepts ? d.concepts.items.length : -1;
    if (count > most) { most = count; best = data.nodes[i][0]; }
  });
  return best;
}"""


def main() -> None:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                         args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                               "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        page.goto((ROOT / "exports" / "graph.html").as_uri())
        page.evaluate(WAIT_UNTIL_DRAWN, 30_000)
        paper = page.evaluate(MOST_LINKED)
        page.evaluate(f"window.paperkg.network.selectNodes([{paper!r}])")
        page.evaluate(f"window.paperkg.show({paper!r})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ROOT / "docs" / "graph.png"))
        browser.close()


if __name__ == "__main__":
    main()
