"""The bulk-load path of docs/scaling.md, run for real: `graph.nt` loaded into an Oxigraph server and into
Apache Jena TDB2 with their own loaders, and the bundled queries answered there as paperkg answers them."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import EXPORTS, need

from paperkg import query as sparql

pytestmark = pytest.mark.consumer
SEED_NT = EXPORTS / "graph.nt"
#: Queries with joins, aggregates, OPTIONAL and VALUES: enough to show the loaded store is the export.
QUERIES = ("datasets", "evidence", "collaborating-pairs", "method-on-dataset")


@cache
def _paperkg_store() -> ox.Store:
    return sparql.open_store(SEED_NT, cache=False)


def _expected(name: str) -> list[tuple[str, ...]]:
    """The rows paperkg's own `query` gives, as sorted tuples of plain values."""
    result = sparql.run(_paperkg_store(), sparql.bundled()[name])
    return sorted(tuple("" if term is None else term.value for term in row) for row in result.rows)


def _rows(answer: dict) -> list[tuple[str, ...]]:
    """Rows of a SPARQL 1.1 JSON result, as sorted tuples of plain values."""
    columns = answer["head"]["vars"]
    return sorted(tuple(binding.get(column, {}).get("value", "") for column in columns)
                  for binding in answer["results"]["bindings"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server (the `oxigraph` CLI from PyPI) over a store bulk-loaded from the seed's graph.nt."""
    need(shutil.which("oxigraph") is not None, "the Oxigraph server (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph-store")
    subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(SEED_NT)], check=True,
                   capture_output=True)
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(location), "--bind", address],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://{address}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("the Oxigraph server did not answer within 10 s")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("name", QUERIES)
def test_an_oxigraph_server_answers_as_paperkg_does(oxigraph_server: str, name: str) -> None:
    text = (sparql.QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    request = urllib.request.Request(oxigraph_server, data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = _rows(json.load(response))
    assert rows and rows == _expected(name)


def test_jena_tdb2_loads_the_export_and_answers_as_paperkg_does(jena: list[str], tmp_path: Path) -> None:
    location = tmp_path / "tdb2"
    subprocess.run([*jena, "tdb2.tdbloader", "--loc", str(location), str(SEED_NT)], check=True,
                   capture_output=True)
    for name in QUERIES[:2]:  # a JVM per query: two are enough here (ARQ runs all of them in test_query)
        answer = subprocess.run([*jena, "tdb2.tdbquery", "--loc", str(location), "--results", "json",
                                 "--query", str(sparql.QUERIES / f"{name}.rq")],
                                check=True, capture_output=True, text=True).stdout
        rows = _rows(json.loads(answer))
        assert rows and rows == _expected(name), name
