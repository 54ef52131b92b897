"""The command line: parse arguments, call the stages, report progress. No logic lives here."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from paperkg import __version__

app = typer.Typer(help="paperkg: knowledge graphs of research papers.", no_args_is_help=True,
                  add_completion=False)
console = Console(stderr=True)


class RateColumn(ProgressColumn):
    """Items per second (papers, while extracting), from rich's recent-speed estimate."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders of paper listings/metadata.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the exports.")] = Path("exports"),
    fmt: Annotated[str | None, typer.Option("--format", help="Reader to use instead of detecting it: listing, json, "
                                                           "jsonl, bibtex, csv or tsv.")] = None,
    base: Annotated[str | None, typer.Option(help="Base IRI of the graph's resources.")] = None,
    pipeline: Annotated[str, typer.Option(help="Extraction pipeline: a shipped name or a folder.")] = "default",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extraction processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only problems.")] = False,
    html_max_nodes: Annotated[int, typer.Option(
        "--html-max-nodes", min=1, help="Nodes the HTML view shows at most per view (the most connected).")] = 2000,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first problem; export nothing.")] = False,
    update: Annotated[bool, typer.Option("--update", help="Add INPUTS to the build already in --out: extract only "
                                                         "new or changed papers, keep existing IRIs and positions.")]
    = False,
    engine: Annotated[str, typer.Option(help="Where extraction runs: local (--jobs processes) or dask (--jobs local "
                                             "workers, or the cluster at $PAPERKG_DASK_SCHEDULER; "
                                             "pip install 'paperkg[dask]').")] = "local",
) -> None:
    """Build the knowledge graph of INPUTS and write RDF, GraphML, GEXF and HTML into --out.

    Exit code: 0 every record kept; 2 some skipped (or --strict stopped); 1 nothing usable read; 3 another
    build is writing into --out.
    """
    from paperkg.build import run
    from paperkg.files import Locked
    from paperkg.ingest import READERS
    from paperkg.model import DEFAULT_BASE, check_base
    from paperkg.state import StateError

    if engine not in ("local", "dask"):
        typer.echo(f"unknown --engine {engine!r}: choose local or dask", err=True)
        raise typer.Exit(1)
    if fmt is not None and fmt not in READERS:
        typer.echo(f"unknown --format {fmt!r}: choose one of {', '.join(READERS)}", err=True)
        raise typer.Exit(1)

    try:
        check_base(base or DEFAULT_BASE)  # before hours of extraction, not when the RDF is written
    except ValueError as error:
        typer.echo(f"paperkg build: --base: {error}", err=True)
        raise typer.Exit(1) from None
    with Progress(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                  TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                  console=console, disable=quiet, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            summary = run(inputs, out, fmt=fmt, base=base or DEFAULT_BASE, pipeline=pipeline, jobs=jobs,
                          strict=strict, progress=progress, html_max_nodes=html_max_nodes, update=update,
                          engine=engine)
        except Locked as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(3) from None
        except StateError as error:
            typer.echo(f"paperkg build --update: {error}", err=True)
            raise typer.Exit(1) from None
    for problem in summary.problems:
        typer.echo(str(problem), err=True)
    if summary.stopped:
        typer.echo("--strict: stopped at the first problem; no export written", err=True)
    if not quiet:
        table = Table(title=f"paperkg {__version__}: built in {summary.seconds:.1f} s", show_header=False)
        table.add_row("records read", str(summary.records))
        table.add_row("duplicates merged", str(summary.merged))
        table.add_row("papers", str(summary.papers))
        table.add_row("papers extracted", str(summary.extracted))
        table.add_row("problems (skipped)", str(len(summary.problems)))
        for kind, count in sorted(summary.nodes.items()):
            table.add_row(f"{kind} nodes", str(count))
        for relation, count in sorted(summary.links.items()):
            table.add_row(f"{relation} edges", str(count))
        for path in [*summary.files, *([summary.report] if summary.report else [])]:
            table.add_row(str(path), f"{path.stat().st_size:,} bytes")
        console.print(table)
    raise typer.Exit(summary.exit_code)


@app.command()
def extract(
    source: Annotated[Path, typer.Argument(help="JSONL of records {\"id\", \"text\"}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL of {id, mentions}; - for stdout.")] = Path("-"),
    pipeline: Annotated[str, typer.Option(help="Extraction pipeline: a shipped name or a folder.")] = "default",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extraction processes.")] = 1,
) -> None:
    """Find Method, Dataset, Task and Metric mentions in each record's text (character offsets)."""
    from paperkg import extract as extraction
    from paperkg.ingest.jsonl import read_records

    records, problems = read_records(source)
    nlp = extraction.load(pipeline)
    out = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    try:
        texts = (record["text"] for record in records)
        for record, found in zip(records, extraction.mentions(nlp, texts, n_process=jobs), strict=True):
            mentions = [{"start": m.start, "end": m.end, "text": m.text, "label": m.label.value,
                         "sentence": m.sentence, **({"score": m.score} if m.score is not None else {})}
                        for m in found]
            out.write(json.dumps({"id": record["id"], "mentions": mentions}, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    for problem in problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(2 if problems else 0)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold mentions: SciERC JSON lines, TDMSci CoNLL or JSONL.")],
    fmt: Annotated[str, typer.Option("--format", help="scierc, tdmsci or jsonl.")] = "jsonl",
    pipeline: Annotated[str, typer.Option(help="Extraction pipeline: a shipped name or a folder.")] = "default",
    predictions: Annotated[Path | None, typer.Option(help="Score this `paperkg extract` output instead.")] = None,
    only: Annotated[Path | None, typer.Option(help="JSON list of example ids to score (a dev split).")] = None,
    write_inputs: Annotated[Path | None, typer.Option(help="Also write the texts as {id, text} JSONL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Score extraction against gold mentions: exact span and label, per label and micro P/R/F1."""
    from paperkg.extract import evaluation

    if fmt not in evaluation.FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(evaluation.FORMATS)}", param_hint="--format")
    examples = evaluation.read_gold(gold, fmt)
    if only is not None:
        wanted = set(json.loads(only.read_text(encoding="utf-8")))
        examples = [example for example in examples if example.id in wanted]
    if write_inputs is not None:
        write_inputs.write_text("".join(json.dumps({"id": e.id, "text": e.text}, ensure_ascii=False) + "\n"
                                        for e in examples), encoding="utf-8")
    if predictions is not None:
        found = {str(record["id"]): {(m["start"], m["end"], m["label"]) for m in record["mentions"]}
                 for record in map(json.loads, predictions.read_text(encoding="utf-8").splitlines())}
        predicted = [found.get(example.id, set()) for example in examples]
    else:
        from paperkg import extract as extraction

        nlp = extraction.load(pipeline)
        predicted = [{(m.start, m.end, m.label.value) for m in mentions}
                     for mentions in extraction.mentions(nlp, (example.text for example in examples))]
    scores = evaluation.score(examples, predicted, set(evaluation.LABEL_MAPS[fmt].values()))
    if as_json:
        typer.echo(json.dumps(scores, indent=1))
        return
    table = Table(title=f"{gold.name}: {len(examples)} texts, exact span + label")
    for column in ("label", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, row in scores.items():
        table.add_row(label, *(f"{row[k]:.3f}" for k in ("precision", "recall", "f1")),
                      *(str(row[k]) for k in ("tp", "fp", "fn")))
    Console().print(table)


@app.command()
def stats(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders of paper listings/metadata.")],
    fmt: Annotated[str | None, typer.Option("--format", help="Reader to use instead of detecting it.")] = None,
    pipeline: Annotated[str, typer.Option(help="Extraction pipeline: a shipped name or a folder.")] = "default",
    top: Annotated[int, typer.Option(help="Concepts listed per type.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Top concepts per type, aliases and people merged, and link counts per paper, for INPUTS."""
    from paperkg import ingest
    from paperkg.build import knowledge_graph
    from paperkg.graph.stats import summarize

    reading = ingest.read(inputs, fmt)
    for problem in reading.problems:
        typer.echo(str(problem), err=True)
    if not reading.papers:
        raise typer.Exit(1)
    summary = summarize(knowledge_graph(reading.papers, pipeline=pipeline, layout=False), top)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    out = Console()
    for kind, rows in summary["top"].items():
        table = Table(title=f"Top {kind} concepts ({summary['concepts'][kind]} in all)")
        table.add_column(kind)
        table.add_column("papers", justify="right")
        for label, count in rows:
            table.add_row(label, str(count))
        out.print(table)
    for title, pairs in (("Aliases merged", summary["aliases"]), ("People merged", summary["people_merged"])):
        table = Table(title=f"{title} ({len(pairs)})")
        table.add_column("shown as")
        table.add_column("also written")
        for shown, others in pairs:
            table.add_row(shown, "; ".join(others))
        out.print(table)
    links = summary["links_per_paper"]
    out.print(f"Typed links per paper: mean {links['mean']}, median {links['median']}, min {links['min']}, "
              f"max {links['max']}; papers with at least one: "
              + ", ".join(f"{kind} {n}/{summary['papers']}" for kind, n in summary["papers_with"].items())
              + f"; usedFor links: {summary['used_for']}", highlight=False)


@app.command()
def query(
    export: Annotated[Path | None, typer.Argument(
        metavar="EXPORT", help="An RDF export: graph.ttl, graph.nt or graph.jsonld.")] = None,
    sparql: Annotated[str | None, typer.Argument(
        metavar="(FILE.rq | NAME | 'SELECT …')", help="A query file, a bundled query's name, or SPARQL.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json (SPARQL results).")] = "table",
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE for a query parameter (see --list); repeatable.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the bundled queries and their parameters.")] = False,
    no_store: Annotated[bool, typer.Option("--no-store", help="Parse the export into memory; no on-disk store.")]
    = False,
) -> None:
    """Run SPARQL 1.1 on an export with pyoxigraph (reusing an on-disk store kept next to it)."""
    from paperkg import query as sparql_query

    if list_:
        for name, bundled in sparql_query.bundled().items():
            typer.echo(f"{name:<20} {bundled.description}")
            for parameter in bundled.parameters:
                typer.echo(f"{'':<20}   --param {parameter.name}=…  {parameter.doc} (default: {parameter.default})")
        raise typer.Exit(0)
    if export is None or sparql is None:
        typer.echo("paperkg query: give an EXPORT and a query (FILE.rq, NAME or SPARQL), or --list", err=True)
        raise typer.Exit(1)
    if fmt not in ("table", "csv", "json"):
        typer.echo(f"paperkg query: --format {fmt!r}: use table, csv or json", err=True)
        raise typer.Exit(1)
    values = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            typer.echo(f"paperkg query: --param {item!r}: expected NAME=VALUE", err=True)
            raise typer.Exit(1)
        values[name.strip()] = value
    try:
        found = sparql_query.find(sparql)
        result = sparql_query.run(sparql_query.open_store(export, cache=not no_store), found, values)
    except sparql_query.QueryError as error:
        typer.echo(f"paperkg query: {error}", err=True)
        raise typer.Exit(1) from None
    if result.triples:
        for triple in result.triples:  # CONSTRUCT, DESCRIBE: N-Triples (pyoxigraph terms print as N-Triples)
            sys.stdout.write(f"{triple.subject} {triple.predicate} {triple.object} .\n")
    elif result.boolean is not None:
        typer.echo(sparql_query.to_json(result) if fmt == "json" else str(result.boolean).lower())
    elif fmt == "csv":
        sys.stdout.write(sparql_query.to_csv(result))
    elif fmt == "json":
        typer.echo(sparql_query.to_json(result))
    else:
        table = Table(*result.columns, title=f"{found.name}: {len(result.rows)} rows")
        for row in result.rows:
            table.add_row(*(sparql_query.compact(term) for term in row))
        Console().print(table)


@app.command()
def validate(
    exports: Annotated[list[Path], typer.Argument(help="RDF exports: graph.ttl, graph.nt or graph.jsonld.")],
) -> None:
    """Check exports against the SHACL shapes (ontology/shapes.ttl) with pyshacl; exit 1 if any does not conform."""
    from paperkg.validate import validate as check

    failed = 0
    for export in exports:
        try:
            report = check(export)
        except (OSError, ValueError, SyntaxError, RuntimeError) as error:
            typer.echo(f"{export}: {error}", err=True)
            failed += 1
            continue
        if report.conforms:
            typer.echo(f"{export}: conforms")
        else:
            failed += 1
            typer.echo(f"{export}: does not conform\n{report.text}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def version() -> None:
    """Print paperkg's version."""
    typer.echo(__version__)


def main() -> None:
    """The `paperkg` command (and `python -m paperkg`)."""
    try:
        app(prog_name="paperkg")
    finally:
        # The process ends here. What a build made (a million objects; the graph's, in reference cycles, are
        # freed only by a collection) is left to the system: Python's last collection took 0.9 s of the
        # 11 s an update of the 11.9k-paper build takes.
        gc.freeze()
