"""SPARQL 1.1 over an export with pyoxigraph: the bundled queries, parameters, and an on-disk store cache.

A consumer of exports, not a pipeline stage. The store of `graph.ttl` lives next to it in
`.graph.ttl.oxigraph/` and is reused while the export is unchanged (same size and mtime, or same SHA-256),
so repeated queries skip parsing. Bundled queries are `.rq` files in `paperkg/queries/`: the first comment
line says what they answer, `# param NAME: …` lines document the parameters, and each parameter's default
is the query's own `VALUES ?NAME { … }` clause, so the file runs as it is in any SPARQL engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

QUERIES = Path(__file__).parent / "queries"
#: Export suffix → the pyoxigraph parser.
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
#: Prefixes an inline query may use without declaring them.
PREFIXES = {
    "pkg": "https://w3id.org/paperkg/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
_STAMP = "paperkg-stamp.json"
_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:\s*(.*)$")
_QUERY_START = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class QueryError(ValueError):
    """A query that cannot be found, bound or run; the message names the query and what is wrong."""


@dataclass(frozen=True)
class Parameter:
    name: str
    doc: str
    default: str


@dataclass(frozen=True)
class Query:
    """A SPARQL query with where it came from, what it answers and its parameters."""

    name: str
    text: str
    description: str = ""
    parameters: tuple[Parameter, ...] = ()

    def bind(self, values: dict[str, str]) -> str:
        """The query text with each named parameter's VALUES clause set to the given string."""
        text = self.text
        for name, value in values.items():
            clause = _values_clause(name)
            if not clause.search(text):
                known = ", ".join(p.name for p in self.parameters) or "none"
                raise QueryError(f"{self.name}: no parameter {name!r} (parameters: {known})")
            replacement = f"VALUES ?{name} {{ {sparql_string(value)} }}"
            text = clause.sub(lambda _, replacement=replacement: replacement, text, count=1)
        return text


def _values_clause(name: str) -> re.Pattern[str]:
    return re.compile(rf"VALUES\s+\?{re.escape(name)}\s*\{{[^}}]*\}}")


def sparql_string(value: str) -> str:
    """A SPARQL string literal holding `value` exactly, whatever it contains."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def parse(name: str, text: str) -> Query:
    """A query with the description and parameters its leading comment lines declare."""
    description = ""
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAM.match(line):
            default = re.search(rf"VALUES\s+\?{match[1]}\s*\{{\s*\"((?:[^\"\\]|\\.)*)\"", text)
            parameters.append(Parameter(match[1], match[2].strip(), default[1] if default else ""))
        elif not description:
            description = line.lstrip("#").strip()
    return Query(name, text, description, tuple(parameters))


def bundled() -> dict[str, Query]:
    """The queries shipped with paperkg, by name."""
    return {path.stem: parse(path.stem, path.read_text(encoding="utf-8")) for path in sorted(QUERIES.glob("*.rq"))}


def find(spec: str) -> Query:
    """A query from a `.rq` file, a bundled query's name, or SPARQL text."""
    queries = bundled()
    if spec in queries:
        return queries[spec]
    path = Path(spec)
    if spec.endswith((".rq", ".sparql")) or (len(spec) < 4096 and "\n" not in spec and path.is_file()):
        try:
            return parse(str(path), path.read_text(encoding="utf-8"))
        except OSError as error:
            raise QueryError(f"{spec}: cannot read the query file ({error.strerror})") from error
    if _QUERY_START.match(spec):
        return Query("query", spec)
    raise QueryError(f"{spec!r}: not a .rq file, a bundled query ({', '.join(queries)}) or SPARQL text")


# ---------------------------------------------------------------- stores


def store_folder(export: Path) -> Path:
    """Where the on-disk store of an export lives: `.NAME.oxigraph/` next to it."""
    return export.with_name(f".{export.name}.oxigraph")


def _fingerprint(export: Path) -> dict:
    stat = export.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _sha256(export: Path) -> str:
    digest = hashlib.sha256()
    with export.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _format(export: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(export.suffix)
    if fmt is None:
        raise QueryError(f"{export}: unknown RDF suffix; use one of {', '.join(FORMATS)}")
    return fmt


def _is_current(folder: Path, export: Path) -> bool:
    """The store was loaded from this export: same size and mtime, or else the same content."""
    try:
        stamp = json.loads((folder / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    fingerprint = _fingerprint(export)
    if all(stamp.get(key) == value for key, value in fingerprint.items()):
        return True
    if stamp.get("size") != fingerprint["size"] or stamp.get("sha256") != _sha256(export):
        return False
    stamp.update(fingerprint)  # touched but unchanged: remember the new mtime
    with contextlib.suppress(OSError):  # a read-only folder: check the hash again next time
        (folder / _STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    return True


def _build(folder: Path, export: Path) -> None:
    """Load the export into a fresh store beside `folder`, then move it into place."""
    fingerprint = _fingerprint(export)
    temporary = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        store = ox.Store(str(temporary))
        store.bulk_load(path=str(export), format=_format(export))
        store.flush()
        del store
        stamp = {**fingerprint, "sha256": _sha256(export), "source": export.name}
        (temporary / _STAMP).write_text(json.dumps(stamp), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        try:
            temporary.rename(folder)
        except OSError:
            if not _is_current(folder, export):  # another process won the race with an older file
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def open_store(export: Path, *, cache: bool = True) -> ox.Store:
    """A store holding the export: the on-disk one next to it, (re)built if stale; in memory if it cannot be."""
    if not export.is_file():
        raise QueryError(f"{export}: no such export")
    _format(export)
    try:
        if cache:
            folder = store_folder(export)
            try:
                if not _is_current(folder, export):
                    _build(folder, export)
                return ox.Store.read_only(str(folder))
            except OSError:
                pass  # a read-only folder, or a store another process holds: parse into memory instead
        store = ox.Store()
        store.bulk_load(path=str(export), format=_format(export))
        return store
    except SyntaxError as error:
        raise QueryError(f"{export}: not valid {export.suffix[1:]}: {error}") from error


@dataclass(frozen=True)
class Result:
    """A query's answer: SELECT rows (`columns`, `rows` of terms or None), ASK `boolean`, or `triples`."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def run(store: ox.Store, query: Query, values: dict[str, str] | None = None) -> Result:
    """Run a query (with parameter values bound) on a store."""
    text = query.bind(values or {})
    try:
        answer = store.query(text, prefixes=PREFIXES)
    except SyntaxError as error:
        raise QueryError(f"{query.name}: {error}") from error
    if isinstance(answer, ox.QuerySolutions):
        columns = tuple(variable.value for variable in answer.variables)
        return Result(columns=columns, rows=tuple(tuple(row[i] for i in range(len(columns))) for row in answer))
    if isinstance(answer, ox.QueryBoolean):
        return Result(boolean=bool(answer))
    return Result(triples=tuple(answer))


def compact(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as a person reads it: a literal's value, an IRI with a known prefix, `_:b` for blank nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def to_csv(result: Result) -> str:
    """SPARQL 1.1 CSV results: a header, then values (literals as their lexical form)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow("" if term is None else term.value for term in row)
    return buffer.getvalue()


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = []
    for row in result.rows:
        binding = {}
        for column, term in zip(result.columns, row, strict=True):
            if isinstance(term, ox.NamedNode):
                binding[column] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                binding[column] = {"type": "bnode", "value": term.value}
            elif isinstance(term, ox.Literal):
                value: dict[str, str] = {"type": "literal", "value": term.value}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    value["datatype"] = term.datatype.value
                binding[column] = value
        bindings.append(binding)
    return json.dumps({"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1)
