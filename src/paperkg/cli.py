"""The command line: parse arguments, call the stages, report progress. No logic lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from paperkg import __version__

app = typer.Typer(help="paperkg: knowledge graphs of research papers.", no_args_is_help=True,
                  add_completion=False)
console = Console(stderr=True)


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
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first problem; export nothing.")] = False,
) -> None:
    """Build the knowledge graph of INPUTS and write RDF, GraphML and HTML into --out.

    Exit code: 0 every record kept; 2 some skipped (or --strict stopped); 1 nothing usable read; 3 another
    build is writing into --out.
    """
    from paperkg.build import run
    from paperkg.export import Locked
    from paperkg.graph import DEFAULT_BASE
    from paperkg.ingest import READERS

    if fmt is not None and fmt not in READERS:
        typer.echo(f"unknown --format {fmt!r}: choose one of {', '.join(READERS)}", err=True)
        raise typer.Exit(1)

    with Progress(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            summary = run(inputs, out, fmt=fmt, base=base or DEFAULT_BASE, pipeline=pipeline, jobs=jobs,
                          strict=strict, progress=progress)
        except Locked as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(3) from None
    for problem in summary.problems:
        typer.echo(str(problem), err=True)
    if summary.stopped:
        typer.echo("--strict: stopped at the first problem; no export written", err=True)
    if not quiet:
        table = Table(title=f"paperkg {__version__}: built in {summary.seconds:.1f} s", show_header=False)
        table.add_row("records read", str(summary.records))
        table.add_row("duplicates merged", str(summary.merged))
        table.add_row("papers", str(summary.papers))
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


@app.command()
def version() -> None:
    """Print paperkg's version."""
    typer.echo(__version__)
