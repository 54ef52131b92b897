"""`paperkg query`: the bundled queries on the seed with pyoxigraph, rdflib and Jena ARQ; parameters; the store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import TOOLS
from graphs import tiny_graph
from rdflib import BNode, Graph, Literal, URIRef
from typer.testing import CliRunner

from paperkg import query as sparql
from paperkg.cli import app
from paperkg.export.rdf import write_rdf

BUNDLED = sparql.bundled()
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Row = tuple[tuple[str, str, str], ...]


def _ox_term(term) -> tuple[str, str, str]:
    if isinstance(term, ox.Literal):
        datatype = "" if term.language or term.datatype.value == XSD_STRING else term.datatype.value
        return ("literal", term.value, term.language or datatype)
    return ("uri" if isinstance(term, ox.NamedNode) else "bnode", term.value, "")


def _rdflib_term(term) -> tuple[str, str, str]:
    if isinstance(term, Literal):
        datatype = "" if term.language or term.datatype in (None, URIRef(XSD_STRING)) else str(term.datatype)
        return ("literal", str(term), term.language or datatype)
    return ("bnode" if isinstance(term, BNode) else "uri", str(term), "")


def _json_term(term: dict) -> tuple[str, str, str]:
    kind = {"typed-literal": "literal"}.get(term["type"], term["type"])
    datatype = term.get("datatype", "")
    return (kind, term["value"], term.get("xml:lang") or ("" if datatype == XSD_STRING else datatype))


def _ox_rows(store: ox.Store, name: str, values: dict[str, str] | None = None) -> list[Row]:
    result = sparql.run(store, BUNDLED[name], values)
    return [tuple(_ox_term(term) for term in row) for row in result.rows]


@pytest.fixture(scope="module")
def seed_nt(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed's N-Triples, so the store cache next to it is this module's own."""
    copy = tmp_path_factory.mktemp("query") / "graph.nt"
    shutil.copy(seed_out / "graph.nt", copy)
    return copy


@pytest.fixture(scope="module")
def store(seed_nt: Path) -> ox.Store:
    return sparql.open_store(seed_nt)


@pytest.fixture(scope="module")
def jena_rows(seed_nt: Path, jena: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Row]]:
    """Every bundled query's rows from Apache Jena ARQ, the data loaded once (tests/tools/RunQueries.java)."""
    out = tmp_path_factory.mktemp("jena-results")
    files = [str(sparql.QUERIES / f"{name}.rq") for name in BUNDLED]
    subprocess.run([*jena, str(TOOLS / "RunQueries.java"), str(seed_nt), str(out), *files], check=True,
                   capture_output=True, timeout=600)
    rows = {}
    for name in BUNDLED:
        answer = json.loads((out / f"{name}.rq.json").read_text(encoding="utf-8"))
        columns = answer["head"]["vars"]
        rows[name] = [tuple(_json_term(binding[c]) if c in binding else ("", "", "") for c in columns)
                      for binding in answer["results"]["bindings"]]
    return rows


def test_at_least_ten_bundled_queries_each_say_what_they_answer() -> None:
    assert len(BUNDLED) >= 10
    for name, query in BUNDLED.items():
        assert query.description, name
        assert query.text.lstrip().startswith("#"), name
        for parameter in query.parameters:
            assert parameter.doc and parameter.default, (name, parameter)


def test_the_issue_s_questions_are_all_bundled() -> None:
    expected = {"coauthors", "collaborating-pairs", "datasets", "task-methods", "method-on-dataset",
                "method-authors", "proposals", "tasks-by-methods", "author-profile", "evidence"}
    assert expected <= set(BUNDLED)
    assert [p.name for p in BUNDLED["method-on-dataset"].parameters] == ["method", "dataset"]
    assert [p.name for p in BUNDLED["coauthors"].parameters] == ["author"]


@pytest.mark.parametrize("name", list(BUNDLED))
def test_each_bundled_query_returns_rows_on_the_seed(store: ox.Store, name: str) -> None:
    rows = _ox_rows(store, name)
    assert rows, name
    assert all(all(term[1] for term in row) for row in rows if name != "method-on-dataset")


@pytest.mark.parametrize("name", list(BUNDLED))
def test_rdflib_gives_the_same_rows_as_pyoxigraph(store: ox.Store, seed_nt: Path, name: str) -> None:
    rdf = _seed_rdflib(seed_nt)
    rows = [tuple(_rdflib_term(term) if term is not None else ("", "", "") for term in row)
            for row in rdf.query(BUNDLED[name].text)]
    assert rows == _ox_rows(store, name)


_RDFLIB: dict[Path, Graph] = {}


def _seed_rdflib(path: Path) -> Graph:
    if path not in _RDFLIB:
        _RDFLIB[path] = Graph().parse(path, format="nt")
    return _RDFLIB[path]


@pytest.mark.consumer
@pytest.mark.parametrize("name", list(BUNDLED))
def test_jena_arq_gives_the_same_rows_as_pyoxigraph(store: ox.Store, jena_rows: dict[str, list[Row]],
                                                   name: str) -> None:
    assert jena_rows[name] == _ox_rows(store, name)


@pytest.mark.consumer
def test_the_arq_command_runs_a_bundled_file_as_it_is(seed_nt: Path, store: ox.Store, jena: list[str]) -> None:
    result = subprocess.run([*jena, "arq", "--data", str(seed_nt), "--query", str(sparql.QUERIES / "coauthors.rq"),
                             "--results=json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    rows = [tuple(_json_term(b[c]) for c in answer["head"]["vars"]) for b in answer["results"]["bindings"]]
    assert rows == _ox_rows(store, "coauthors")


def test_a_parameter_changes_the_answer(store: ox.Store) -> None:
    of_duan = {row[0][1] for row in _ox_rows(store, "coauthors")}
    of_shan = {row[0][1] for row in _ox_rows(store, "coauthors", {"author": "ying SHAN"})}
    assert "Ying Shan" in of_duan and "Lingyu Duan" in of_shan
    assert of_duan != of_shan


def test_parameter_values_are_bound_as_strings_whatever_they_contain(store: ox.Store) -> None:
    nasty = 'x" } ?s ?p ?o { \\ "\n\'; DROP ALL'
    assert _ox_rows(store, "coauthors", {"author": nasty}) == []
    echo = sparql.Query("echo", 'SELECT ?value WHERE { VALUES ?value { "" } }')
    [row] = sparql.run(store, echo, {"value": nasty}).rows
    assert row[0].value == nasty


def test_an_unknown_parameter_names_the_query_and_its_parameters(store: ox.Store) -> None:
    with pytest.raises(sparql.QueryError, match=r"method-on-dataset: no parameter 'author' \(parameters: method, "
                                                r"dataset\)"):
        sparql.run(store, BUNDLED["method-on-dataset"], {"author": "x"})


def test_a_syntax_error_names_the_query(store: ox.Store) -> None:
    with pytest.raises(sparql.QueryError, match=r"^query: "):
        sparql.run(store, sparql.find("SELECT ?x WHERE { ?x }"), {})


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_each_export_format_loads_the_same_triples(seed_out: Path, suffix: str) -> None:
    count = sparql.Query("count", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    [[n]] = sparql.run(sparql.open_store(seed_out / f"graph{suffix}", cache=False), count).rows
    expected = len((seed_out / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert int(n.value) == expected


def test_the_store_is_reused_while_the_export_is_unchanged(tmp_path: Path) -> None:
    export = tmp_path / "graph.nt"
    write_rdf(tiny_graph(), export)
    sparql.open_store(export)
    folder = sparql.store_folder(export)
    assert folder == tmp_path / ".graph.nt.oxigraph" and folder.is_dir()
    marker = folder / "marker"
    marker.touch()
    sparql.open_store(export)
    assert marker.exists()  # not rebuilt
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 10**9))
    sparql.open_store(export)
    assert marker.exists()  # touched, same content: not rebuilt either


def test_the_store_is_rebuilt_when_the_export_changes(tmp_path: Path) -> None:
    export = tmp_path / "graph.ttl"
    used_for = sparql.Query("used-for", "ASK { ?method pkg:usedFor ?task }")
    write_rdf(tiny_graph(used_for=False), export)
    assert sparql.run(sparql.open_store(export), used_for).boolean is False
    write_rdf(tiny_graph(used_for=True), export)
    assert sparql.run(sparql.open_store(export), used_for).boolean is True
    rows = sparql.run(sparql.open_store(export), BUNDLED["task-methods"], {"task": "image classification"}).rows
    assert [(row[0].value, row[1].value) for row in rows] == [("Foo-Net", "1")]
    assert not list(tmp_path.glob("*.tmp*"))


def test_a_store_that_cannot_be_made_falls_back_to_memory(tmp_path: Path) -> None:
    export = tmp_path / "graph.nt"
    write_rdf(tiny_graph(), export)
    sparql.store_folder(export).write_text("a file where the store's folder would go", encoding="utf-8")
    store = sparql.open_store(export)
    assert len(store) == len(export.read_text(encoding="utf-8").splitlines())
    assert sorted(path.name for path in tmp_path.iterdir()) == [".graph.nt.oxigraph", "graph.nt"]


def test_a_broken_export_is_reported_with_its_name_and_place(tmp_path: Path) -> None:
    export = tmp_path / "graph.ttl"
    export.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(sparql.QueryError, match=r"graph\.ttl: not valid ttl: .*1"):
        sparql.open_store(export)
    assert not list(tmp_path.glob(".*.tmp*"))


def test_find_takes_a_name_a_file_or_sparql(tmp_path: Path) -> None:
    assert sparql.find("datasets") == BUNDLED["datasets"]
    path = tmp_path / "mine.rq"
    path.write_text("# Mine.\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    assert sparql.find(str(path)).description == "Mine."
    assert sparql.find("select ?s where { ?s ?p ?o }").name == "query"
    with pytest.raises(sparql.QueryError, match="cannot read"):
        sparql.find(str(tmp_path / "missing.rq"))
    with pytest.raises(sparql.QueryError, match=r"not a \.rq file, a bundled query"):
        sparql.find("no-such-query")


# ---------------------------------------------------------------- the command


def test_list_shows_every_query_with_its_parameters_and_defaults() -> None:
    result = CliRunner().invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    for name, query in BUNDLED.items():
        assert name in result.output and query.description in result.output
    assert "--param author=" in result.output and "Lingyu Duan" in result.output


def test_query_prints_csv_json_and_a_table(seed_nt: Path) -> None:
    runner = CliRunner()
    csv = runner.invoke(app, ["query", str(seed_nt), "coauthors", "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    lines = csv.output.splitlines()
    assert lines[0] == "coauthor,papers" and "Ying Shan,1" in lines
    answer = json.loads(runner.invoke(app, ["query", str(seed_nt), "datasets", "-f", "json"]).output)
    assert answer["head"]["vars"] == ["dataset", "papers"] and answer["results"]["bindings"]
    table = runner.invoke(app, ["query", str(seed_nt), "method-on-dataset", "-p", "method=vision transformer",
                                "-p", "dataset=IMAGENET"])
    assert table.exit_code == 0 and "Dynamic Token Normalization" in table.output


def test_inline_sparql_may_use_the_usual_prefixes_undeclared(seed_nt: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(seed_nt), "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pkg:Paper }",
                                      "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "80"]


def test_ask_and_construct_queries(seed_nt: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["query", str(seed_nt), "ASK { ?p a pkg:Paper }"]).output.strip() == "true"
    construct = runner.invoke(app, ["query", str(seed_nt),
                                    "CONSTRUCT { ?a foaf:name ?n } WHERE { ?a a pkg:Author ; foaf:name ?n }"])
    assert construct.exit_code == 0
    assert len(Graph().parse(data=construct.output, format="nt")) == 359


@pytest.mark.parametrize(("arguments", "message"), [
    (["nowhere.ttl", "datasets"], "nowhere.ttl: no such export"),
    (["{seed}", "SELECT ?x WHERE {"], "query: "),
    (["{seed}", "coauthors", "-p", "nobody"], "expected NAME=VALUE"),
    (["{seed}", "coauthors", "-p", "topic=x"], "coauthors: no parameter 'topic'"),
    (["{seed}", "coauthors", "--format", "xml"], "use table, csv or json"),
    (["{seed}"], "give an EXPORT and a query"),
])
def test_mistakes_exit_1_with_a_message(seed_nt: Path, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["query", *(a.replace("{seed}", str(seed_nt)) for a in arguments)])
    assert result.exit_code == 1
    assert message in result.output
