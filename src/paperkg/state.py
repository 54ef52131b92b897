"""The state of a build, kept in its output folder (`.paperkg.sqlite`) so that `build --update` can add papers.

Per paper: the record, a hash of the text extraction reads (title and abstract), the mentions found in
it, so only new or changed papers are extracted again, and what resolution derives from the paper alone
(`paperkg.resolve.prepare`: making it again for every paper took 2 s of an update's start). Per node: the
ids the build gave concepts (by key) and authors (by paper and byline position), which pin the IRIs of
everything already published; and the positions of every layout, so existing nodes keep their place and
only new ones are placed. Per export: where its blocks are, so the next build copies those that did not
change (`paperkg.export.splice`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperkg.files import sync, unfinished, write_atomically
from paperkg.model import Kind, Mention, Paper, Source
from paperkg.resolve import Prepared

if TYPE_CHECKING:
    from paperkg.export.splice import Index

FILE = ".paperkg.sqlite"
#: The layout of the tables; a state of another version is not read (the build starts afresh).
VERSION = "2"
Positions = dict[str, tuple[float, float]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (key TEXT PRIMARY KEY, hash TEXT NOT NULL, paper TEXT NOT NULL,
                                   mentions TEXT NOT NULL, prepared TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS concept_ids (key TEXT PRIMARY KEY, id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS author_ids (paper TEXT NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,
                                       PRIMARY KEY (paper, position));
CREATE TABLE IF NOT EXISTS positions (layout TEXT NOT NULL, id TEXT NOT NULL, x REAL NOT NULL,
                                      y REAL NOT NULL, PRIMARY KEY (layout, id));
CREATE TABLE IF NOT EXISTS exports (name TEXT PRIMARY KEY, blocks BLOB NOT NULL);
"""


class StateError(RuntimeError):
    """The output folder holds no build state that `--update` can use."""


def text_hash(paper: Paper) -> str:
    """What extraction depends on, hashed: the title and the abstract."""
    return hashlib.sha256(f"{paper.title}\0{paper.abstract}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class State:
    """What a build leaves for the next `--update`."""

    meta: dict[str, str]
    #: Paper key → (hash, paper, mentions, what resolution prepared of them as `prepared_text` gives it,
    #: made by the resolver `meta["resolver"]` names).
    papers: dict[str, tuple[str, Paper, list[Mention], str]]
    concept_ids: dict[str, str]
    author_ids: dict[tuple[str, int], str]
    positions: dict[str, Positions]
    #: Export file name → where its blocks are (see `paperkg.export.splice`); a state written before
    #: exports were spliced has none.
    indexes: dict[str, Index]


def load(out: Path) -> State:
    """The state of the build in `out`; StateError when there is none, or one this version cannot read."""
    with _opened(out) as db:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        papers = {key: (digest, _paper(json.loads(paper)), [_mention(m) for m in json.loads(mentions)], prepared)
                  for key, digest, paper, mentions, prepared in db.execute("SELECT * FROM papers")}
        concept_ids = dict(db.execute("SELECT key, id FROM concept_ids"))
        author_ids = {(paper, position): node for paper, position, node in
                      db.execute("SELECT paper, position, id FROM author_ids")}
        positions = {layout: {node: (x, y) for node, x, y in db.execute(
            "SELECT id, x, y FROM positions WHERE layout = ?", (layout,))}
            for (layout,) in db.execute("SELECT DISTINCT layout FROM positions").fetchall()}
        indexes = _indexes(db)
    return State(meta, papers, concept_ids, author_ids, positions, indexes)


def extracted(out: Path, extractor: str) -> dict[str, str]:
    """Paper key → text hash of the papers whose mentions the state in `out` holds from `extractor`: what
    an update need not extract (read without the rest of the state). StateError as for `load`."""
    with _opened(out) as db:
        (made_by,) = db.execute("SELECT value FROM meta WHERE name = 'extractor'").fetchone() or (None,)
        return dict(db.execute("SELECT key, hash FROM papers")) if made_by == extractor else {}


@contextmanager
def _opened(out: Path) -> Iterator[sqlite3.Connection]:
    """The state's database, of this version; StateError when there is none, or one this version cannot read."""
    path = out / FILE
    if not path.is_file():
        raise StateError(f"{path}: no build state here (build into {out} once without --update first)")
    try:
        with closing(sqlite3.connect(path)) as db:
            (version,) = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() or (None,)
            if version != VERSION:
                raise StateError(f"{path}: a build state of version {version!r}, not {VERSION!r}: "
                                 "build again without --update")
            yield db
    except sqlite3.DatabaseError as error:
        raise StateError(f"{path}: unreadable build state ({error}): build again without --update") from None


def save(out: Path, meta: Mapping[str, str], papers: Iterable[tuple[Paper, str, list[Mention], str]],
         concept_ids: Mapping[str, str], author_ids: Mapping[tuple[str, int], str],
         positions: Mapping[str, Positions], indexes: Mapping[str, Index | None],
         previous: State | None = None) -> Path:
    """Write the state of a build into `out`, replacing the one there (atomically, as the exports are):
    `draft` then `finish`.

    With `previous`, the state in `out` now (as `load` gave it), its file is copied and only what differs
    is written: after an update, the rows of the new papers, nodes and positions (and every index, since
    blocks move).
    """
    draft(out, meta, papers, concept_ids, author_ids, previous)
    return finish(out, positions, indexes, previous)


def draft(out: Path, meta: Mapping[str, str], papers: Iterable[tuple[Paper, str, list[Mention], str]],
          concept_ids: Mapping[str, str], author_ids: Mapping[tuple[str, int], str],
          previous: State | None = None) -> None:
    """The part of `save` that needs neither the layouts nor the exports, written into the new state's
    unfinished file (`finish` completes it and puts it in place): a build drafts its state beside writing
    its exports, in the process that finishes first."""
    path = out / FILE
    drafted = unfinished(path)
    was = previous or State({}, {}, {}, {}, {}, {})
    if previous is not None:
        shutil.copyfile(path, drafted)
    else:
        drafted.unlink(missing_ok=True)
    with _written(drafted) as db:
        db.executescript(_SCHEMA)
        db.execute("DELETE FROM meta")
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted({**meta, "version": VERSION}.items()))
        kept: set[str] = set()
        rows = []
        for paper, digest, mentions, prepared in papers:
            key = paper.key
            kept.add(key)
            old = was.papers.get(key)
            if old and old[2] is mentions and old[3] == prepared and old[1] == paper:
                continue  # as the file has it: its mentions are the ones `load` read
            rows.append((key, digest, json.dumps(_paper_record(paper), ensure_ascii=False),
                         json.dumps([_mention_record(m) for m in mentions], ensure_ascii=False), prepared))
        db.executemany("DELETE FROM papers WHERE key = ?", ((key,) for key in sorted(set(was.papers) - kept)))
        db.executemany("INSERT OR REPLACE INTO papers VALUES (?, ?, ?, ?, ?)", sorted(rows))
        _write_changes(db, "concept_ids", ("key",), was.concept_ids, concept_ids)
        _write_changes(db, "author_ids", ("paper", "position"), was.author_ids, author_ids)
    sync(drafted)  # on disk now, so that `finish` waits only for what it adds


def finish(out: Path, positions: Mapping[str, Positions], indexes: Mapping[str, Index | None],
           previous: State | None = None) -> Path:
    """Complete the `draft` in `out` with the layouts' positions and where the exports' blocks are, and
    rename it over the state."""
    path = out / FILE
    was = previous or State({}, {}, {}, {}, {}, {})

    def write(temporary: Path) -> None:
        os.replace(unfinished(path), temporary)
        with _written(temporary) as db:
            for layout in sorted(set(positions) | set(was.positions)):
                _write_changes(db, "positions", ("layout", "id"), was.positions.get(layout, {}),
                               positions.get(layout, {}), prefix=(layout,))
            db.execute("DELETE FROM exports")
            db.executemany("INSERT INTO exports VALUES (?, ?)",
                           ((name, index.to_bytes()) for name, index in sorted(indexes.items()) if index))

    write_atomically(path, write)
    return path


@contextmanager
def _written(path: Path) -> Iterator[sqlite3.Connection]:
    """A new state file being written (committed when the block ends), without a journal or a sync per
    transaction: a file not yet in place, which `draft` and `finish` sync once it is complete."""
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        yield db


def _write_changes(db: sqlite3.Connection, table: str, columns: tuple[str, ...], was: Mapping, now: Mapping,
                   prefix: tuple = ()) -> None:
    """Make the rows of `table` that hold `was` hold `now`, touching only the rows that differ. A row is
    `prefix`, the key (its `columns`, with the prefix's) and the value; a tuple key or value spans columns."""
    def spread(item: object) -> tuple:
        return item if isinstance(item, tuple) else (item,)

    where = " AND ".join(f"{column} = ?" for column in columns)
    gone = sorted((*prefix, *spread(key)) for key in was.keys() - now.keys())
    db.executemany(f"DELETE FROM {table} WHERE {where}", gone)
    changed = sorted((*prefix, *spread(key), *spread(value)) for key, value in now.items() if was.get(key) != value)
    if changed:
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * len(changed[0]))})", changed)


def _indexes(db: sqlite3.Connection) -> dict[str, Index]:
    """The exports' indexes that can be read: one that cannot (written by an older paperkg, or damaged)
    only means its file is written whole, so it is left out rather than failing the update."""
    from paperkg.export.splice import Index  # here: `extracted`, which an update runs first, needs no exporter

    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'exports'").fetchone():
        return {}
    indexes = {}
    for name, blocks in db.execute("SELECT name, blocks FROM exports"):
        try:
            indexes[name] = Index.from_bytes(blocks)
        except (ValueError, TypeError, struct.error):
            continue
    return indexes


#: Kind by value: a lookup, not `Kind(label)`, for the state's 100k mentions.
_KINDS = {kind.value: kind for kind in Kind}
_PAPER_FIELDS = ("title", "authors", "abstract", "venue", "year", "session", "url", "ids", "author_ids",
                 "keywords")


def _paper_record(paper: Paper) -> dict:
    record = {name: getattr(paper, name) for name in _PAPER_FIELDS}
    record["source"] = [paper.source.file, paper.source.line] if paper.source else None
    return record


def _paper(record: dict) -> Paper:
    def tuples(value: object) -> object:
        return tuple(tuples(item) for item in value) if isinstance(value, list) else value

    source = record.pop("source")
    return Paper(**{name: tuples(value) for name, value in record.items()},
                 source=Source(*source) if source else None)


def prepared_text(found: Sequence[Mention], prepared: Prepared) -> str:
    """`prepared` (`paperkg.resolve.prepare` of a paper whose mentions are `found`) as the state keeps it:
    the mentions it adds to `found`, and the names and definition of each."""
    added = [_mention_record(mention) for mention, _, _ in prepared[len(found):]]
    return json.dumps([added, [[names, definition] for _, names, definition in prepared]], ensure_ascii=False)


def read_prepared(text: str, found: Sequence[Mention]) -> Prepared:
    """What `prepared_text` kept of a paper whose mentions are `found`."""
    added, derived = json.loads(text)
    mentions = [*found, *map(_mention, added)]
    return [(mention, tuple(map(tuple, names)), tuple(definition) if definition else None)
            for mention, (names, definition) in zip(mentions, derived, strict=True)]


def _mention_record(mention: Mention) -> list:
    return [mention.start, mention.end, mention.text, mention.label.value, mention.field, mention.sentence,
            mention.sentence_start, mention.sentence_end, mention.score, mention.role, mention.long_form]


def _mention(record: list) -> Mention:
    start, end, text, label, field, sentence, sentence_start, sentence_end, score, role, long_form = record
    return Mention(start, end, text, _KINDS[label], field, sentence, sentence_start, sentence_end, score, role,
                   long_form)
