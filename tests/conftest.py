"""Shared fixtures: the seed, one build of it per test session, and the external consumers.

Consumer tests (Jena, JGraphT, Chromium, npm's jsonld) skip with a reason when the tool is missing, unless
PAPERKG_REQUIRE_CONSUMERS=1 (as in CI), where a missing consumer is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from paperkg.build import Summary, run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "iclr2022_poster_session_10.txt"
EXPORTS = ROOT / "exports"
TOOLS = Path(__file__).parent / "tools"
#: The shared corpora (SciERC, TDMSci, Papers with Code, paperlists): next to the repository, or PAPERKG_SHARED.
SHARED_DATA = Path(os.environ.get("PAPERKG_SHARED", ROOT.parent / "shared")) / "data"
REQUIRE_CONSUMERS = os.environ.get("PAPERKG_REQUIRE_CONSUMERS") == "1"
#: Where tests/run installs npm's `jsonld` (outside the repository).
NODE_MODULES = Path(os.environ.get("PAPERKG_NODE_MODULES", Path.home() / ".cache" / "paperkg-node" / "node_modules"))


def need(ok: bool, reason: str) -> None:
    """Skip (or, where consumers are required, fail) when a consumer is not installed."""
    if not ok:
        if REQUIRE_CONSUMERS:
            pytest.fail(f"required consumer missing: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared corpora; tests that need them skip (with the reason) where they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared corpora not found at {SHARED_DATA} (set PAPERKG_SHARED)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """The seed built once into a temporary folder: (folder, summary)."""
    out = tmp_path_factory.mktemp("seed-build")
    return out, run([SEEDS], out)


@pytest.fixture(scope="session")
def seed_graph():
    """The seed's knowledge graph, built stage by stage (without writing files)."""
    from paperkg import extract, ingest
    from paperkg.graph import build
    from paperkg.resolve import resolve

    papers = ingest.read([SEEDS]).papers
    mentions = list(extract.paper_mentions(extract.load(), papers))
    return build(papers, resolve(papers, mentions))


@pytest.fixture(scope="session")
def seed_out(seed_build: tuple[Path, Summary]) -> Path:
    return seed_build[0]


@pytest.fixture(scope="session")
def jena() -> list[str]:
    """The command prefix for Apache Jena's tools."""
    need(shutil.which("java") is not None and Path("/usr/share/java/jena-core.jar").exists(),
         "Apache Jena (apt-get install libapache-jena-java)")
    return ["bash", str(TOOLS / "jena.sh")]


@pytest.fixture(scope="session")
def jsonld_js() -> list[str]:
    """The command that prints a JSON-LD file's triples as N-Quads with npm's `jsonld` (JSON-LD 1.1, offline)."""
    need(shutil.which("node") is not None and (NODE_MODULES / "jsonld").is_dir(),
         f"node and npm's jsonld in {NODE_MODULES} (tests/run installs it)")
    return ["node", str(TOOLS / "jsonld_to_rdf.js"), str(NODE_MODULES / "jsonld")]


@pytest.fixture(scope="session")
def graphml_check(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that validates GraphML with JGraphT against the GraphML XSD."""
    jars = [Path(f"/usr/share/java/{name}.jar") for name in
            ("jgrapht-core", "jgrapht-io", "antlr4-runtime", "commons-text", "commons-lang3", "jheaps", "fastutil")]
    need(shutil.which("javac") is not None and all(jar.exists() for jar in jars),
         "JGraphT (apt-get install libjgrapht-java) and a JDK")
    classes = tmp_path_factory.mktemp("graphml-check")
    classpath = ":".join(map(str, jars))
    subprocess.run(["javac", "-d", str(classes), "-cp", classpath, str(TOOLS / "GraphMLCheck.java")], check=True)
    return ["java", "-cp", f"{classpath}:{classes}", "GraphMLCheck"]


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright, with no network access."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    need(Path(executable).exists(), "Chromium (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield browser
        browser.close()
