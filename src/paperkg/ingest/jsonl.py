"""JSON Lines records: one JSON object per line; a broken line is reported and the rest still read."""

from __future__ import annotations

import json
from pathlib import Path

from paperkg.ingest.text import decode
from paperkg.model import Problem, Source


def read_records(path: Path, required: tuple[str, ...] = ("id", "text")) -> tuple[list[dict], list[Problem]]:
    """The objects of a JSONL file that have the `required` keys, and a Problem for every other line."""
    records, problems = [], []
    for number, line in enumerate(decode(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(Source(str(path), number), f"not JSON: {error.msg}"))
            continue
        missing = [key for key in required if not isinstance(record, dict) or key not in record]
        if missing:
            problems.append(Problem(Source(str(path), number), f"missing {', '.join(map(repr, missing))}"))
            continue
        if not isinstance(record["text"], str):
            problems.append(Problem(Source(str(path), number), "'text' is not a string"))
            continue
        records.append(record)
    return records, problems
