"""The benchmarks' scale corpus: the shared Paper Copilot paper lists (JSON arrays) as `Paper` records.

Read here directly (title, abstract, `;`-separated authors; venue and year from the file name) until
paperkg has a reader for the format; then this can call it instead.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from paperkg.model import Paper, Source

#: Next to the repository, or PAPERKG_SHARED (as for the tests).
SHARED = Path(os.environ.get("PAPERKG_SHARED", Path(__file__).resolve().parents[2] / "shared"))
PAPERLISTS = SHARED / "data" / "paperlists"


def paperlists(*venues: str) -> list[Paper]:
    """Every paper of the given venue folders (`nips`, `icml`, `iclr`; all when none), in file order."""
    if not PAPERLISTS.is_dir():
        raise SystemExit(f"paper lists not found at {PAPERLISTS}: set PAPERKG_SHARED to the shared folder")
    folders = venues or ("iclr", "icml", "nips")
    papers = []
    for folder in folders:
        for path in sorted((PAPERLISTS / folder).glob("*.json")):
            venue, year = re.fullmatch(r"([a-z]+)(\d{4})", path.stem).groups()
            for number, record in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
                authors = tuple(name.strip() for name in (record.get("author") or "").split(";") if name.strip())
                if not record.get("title") or not authors:
                    continue
                papers.append(Paper(title=record["title"].strip(), authors=authors,
                                    abstract=(record.get("abstract") or "").strip(), venue=venue.upper(),
                                    year=int(year), source=Source(f"{folder}/{path.name}", number)))
    return papers
