"""Exports written block by block, so that rewriting one copies every block that did not change.

A spliced export is text with *blocks* in it: what one node writes (a resource's statements, a node's
element, its edges' elements), each under a key. A block's *fingerprint* (`fingerprints`) hashes all it is
made from: the node's attributes, degree and edges, and the graph's attributes. Writing a file gives its
`Index`: each block's fingerprint and byte range, and the file's size and modification time. The next write of that
file (an `--update`) gets it back as a `Reuse` and copies each block whose fingerprint is unchanged from the
old file, inside the kernel (`os.copy_file_range`), instead of making it again: the new file has the same
bytes as one written from scratch (the tests compare them), made in a fraction of the time. When the old
file is not the one the index describes (edited, replaced), or was written by other code (another version
of the writers, or of the JSON-LD context), nothing is copied.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import pickle
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import numpy as np

from paperkg import ONTOLOGY
from paperkg.files import digest

#: Key → (fingerprint, offset, length, extra): `extra` is what a writer keeps of a block without reading it
#: (GraphML: the attributes it declares).
Block = tuple[bytes, int, int, object]
Blocks = Mapping[str, Block]


@dataclass
class Index:
    """Where each block of a written file is, and which file that is."""

    blocks: Blocks = field(default_factory=dict)
    #: (size, modification time in ns) of the file when it was written (kept by a copy such as `cp -a`).
    identity: tuple[int, int] = (0, 0)
    #: `writers()` of the code that wrote it.
    writers: str = ""

    def to_bytes(self) -> bytes:
        """A compact form to keep (no pickle: reading it runs no code): the identity and the distinct
        extras as JSON, the keys as lines, then a fixed-size record per block."""
        blocks = self.blocks if isinstance(self.blocks, _Packed) else _Packed.of(self.blocks)
        head = json.dumps([self.identity, self.writers, [sorted(extra) if isinstance(extra, frozenset) else extra
                                                         for extra in blocks.extras]]).encode()
        return _LENGTHS.pack(len(head), len(blocks.lines)) + head + blocks.lines + blocks.records

    def __reduce__(self) -> tuple:
        """Pickled in the compact form: a forked writer sends its index back to the build in a fraction
        of the time a dict of tuples takes to unpickle, and the state then saves it as it came."""
        return Index.from_bytes, (self.to_bytes(),)

    @classmethod
    def from_bytes(cls, data: bytes) -> Index:
        heads, keys_size = _LENGTHS.unpack_from(data)
        start = _LENGTHS.size
        identity, writers, extras = json.loads(data[start:start + heads])
        extras = [frozenset(extra) if isinstance(extra, list) else extra for extra in extras]
        blocks = _Packed(data[start + heads:start + heads + keys_size], data[start + heads + keys_size:], extras)
        count = blocks.lines.count(b"\n") + 1 if blocks.lines else 0
        if len(blocks.records) != count * _RECORD.size:
            raise ValueError(f"an index of {count} keys holds {len(blocks.records)} bytes of records")
        return cls(blocks, tuple(identity), writers)


class _Packed(Mapping[str, Block]):
    """An index's blocks packed (as `Index.to_bytes` keeps them), each unpacked when asked for: unpacking
    half a million records at once took longer than an update's copying. Only a process that looks blocks
    up reads the keys; one that saves or sends the index passes the bytes on as they are."""

    def __init__(self, lines: bytes, records: bytes, extras: list[object]) -> None:
        self.lines = lines  # the keys, UTF-8, a line each
        self.records = records
        self.extras = extras

    @classmethod
    def of(cls, blocks: Blocks) -> _Packed:
        numbers: dict[object, int] = {}
        records = b"".join(_RECORD.pack(fingerprint, offset, length, numbers.setdefault(extra, len(numbers)))
                           for fingerprint, offset, length, extra in blocks.values())
        return cls(_joined(blocks), records, list(numbers))

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Key → its block's number (the records' order)."""
        keys = self.lines.decode("utf-8", "surrogatepass").split("\n") if self.lines else []
        return dict(zip(keys, range(len(self.records) // _RECORD.size), strict=True))

    @cached_property
    def table(self) -> np.ndarray:
        """The records as an array (no copy), for work on many blocks at once."""
        return np.frombuffer(self.records, dtype=_RECORD_ARRAY)

    def __getitem__(self, key: str) -> Block:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Block | None = None) -> Block | None:
        number = self.numbers.get(key)
        if number is None:
            return default
        fingerprint, offset, length, extra = _RECORD.unpack_from(self.records, number * _RECORD.size)
        return fingerprint, offset, length, self.extras[extra]

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)


def _joined(keys: Iterable[str]) -> bytes:
    return "\n".join(keys).encode("utf-8", "surrogatepass")


_LENGTHS = struct.Struct("<II")
_RECORD = struct.Struct("<16sQQI")  # fingerprint, offset, length, extra's number
_RECORD_ARRAY = np.dtype([("fingerprint", "S16"), ("offset", "<u8"), ("length", "<u8"), ("extra", "<u4")])


@cache
def writers() -> str:
    """A digest of what the exports are made by: this package's code and the JSON-LD context."""
    return digest((path.name, path) for path in [*sorted(Path(__file__).parent.glob("*.py")),
                                                 ONTOLOGY / "context.jsonld"])


def identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@dataclass
class Reuse:
    """The file an export replaces and the blocks its index has (`of` gives none for a file that is not the
    indexed one)."""

    path: Path
    blocks: _Packed

    @classmethod
    def of(cls, path: Path, index: Index | None) -> Reuse | None:
        if index is None or index.writers != writers() or not path.is_file() or identity(path) != index.identity:
            return None
        blocks = index.blocks
        return cls(path, blocks if isinstance(blocks, _Packed) else _Packed.of(blocks))

    def unchanged(self, keys: Sequence[str], fingerprints: Sequence[bytes]) -> np.ndarray:
        """For each of `keys`, the number of its old block if that has the same fingerprint, else -1: found
        for every block at once, so that the writers copy whole runs of them (`BlockWriter.copied`)."""
        numbers = self.blocks.numbers
        found = np.fromiter((numbers.get(key, -1) for key in keys), dtype=np.int64, count=len(keys))
        table = self.blocks.table
        if not len(table):
            return found
        same = table["fingerprint"][found] == np.frombuffer(b"".join(fingerprints), dtype="S16")
        return np.where((found >= 0) & same, found, -1)

    def extras(self, numbers: np.ndarray) -> list[object]:
        """The extras of the old blocks `numbers`."""
        extras = self.blocks.extras
        return [extras[extra] for extra in self.blocks.table["extra"][numbers].tolist()]


def fingerprints(graph: nx.Graph) -> dict[str, bytes]:
    """Node → a hash of everything its blocks are made from: its attributes, its degree, the edges of its
    edge block (`edge_block`) with their attributes, the graph's own attributes (but not its views, which
    are graphs of their own), and the fingerprints of the papers whose mentions its edges cite (a concept's
    block describes a mention unless the paper's block does)."""
    pickled = _pickler()
    context = _context(graph, pickled)
    directed = graph.is_directed()
    degree = dict(graph.degree())
    nodes = graph.nodes
    found: dict[str, bytes] = {}
    cites: dict[str, set[str]] = {}
    for node, neighbours in graph.adjacency():  # the neighbours' own dict: no view per edge
        edges = edge_block(node, neighbours, directed)
        found[node] = hashlib.blake2b(pickled((nodes[node], degree[node], edges)), digest_size=16,
                                      key=context).digest()
        papers = {f"paper/{item.paper}" for _, edge in edges for item in edge.get("evidence", ())}
        papers.discard(node)
        if papers:
            cites[node] = papers
    for node, papers in cites.items():
        found[node] = _hash(found[node] + b"".join(found.get(paper, b"") for paper in sorted(papers)))
    return found


def of_view(view: nx.Graph, graph: nx.DiGraph, fingerprints: Mapping[str, bytes]) -> dict[str, bytes]:
    """Node → fingerprint in `view`, a view derived from `graph` (see `paperkg.graph.views`), made from the
    graph's `fingerprints` rather than the view's own edges, which a concept view has hundreds of thousands
    of. A view's edges join nodes that share papers, so a node's blocks are made from its attributes (its
    position in the view's layout among them) and the papers that link to it, each of whose fingerprints
    holds all the paper links to: hashed here with those of the node's other predecessors."""
    pickled = _pickler()
    context = _context(view, pickled)
    nodes, linked_from = view.nodes, graph.pred
    return {node: hashlib.blake2b(pickled(nodes[node]) + b"".join(sorted(fingerprints[source]
                                                                         for source in linked_from[node])),
                                  digest_size=16, key=context).digest()
            for node in view}


def refreshed(fingerprints: Mapping[str, bytes], graph: nx.Graph) -> dict[str, bytes]:
    """`fingerprints` of `graph` made before its nodes' attributes or its own changed (a layout adds
    positions), made good again without its edges, which cost the most to hash: each hashed with the node's
    attributes and the graph's as they are now."""
    pickled = _pickler()
    context = _context(graph, pickled)
    nodes = graph.nodes
    return {node: hashlib.blake2b(fingerprint + pickled(nodes[node]), digest_size=16, key=context).digest()
            for node, fingerprint in fingerprints.items()}


def _pickler() -> Callable[[object], bytes]:
    """A function that pickles a value into bytes with one pickler for all values (one per value took a
    fifth of the fingerprints' time) and no memo: equal values give equal bytes however their parts are
    shared (a fresh build and an update make equal strings in different ways: one object used twice, or
    two)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True

    def pickled(value: object) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        pickler.dump(value)
        return buffer.getvalue()
    return pickled


def _context(graph: nx.Graph, pickled: Callable[[object], bytes]) -> bytes:
    """The hash of the graph's own attributes but its views: the key of every node's fingerprint."""
    return _hash(pickled({key: value for key, value in graph.graph.items() if key != "views"}))


def edge_block(node: str, neighbours: Mapping[str, dict], directed: bool) -> list[tuple[str, dict]]:
    """The edges written in `node`'s edge block, as (target, attributes) sorted by target: its out-edges, or
    in an undirected graph the edges to nodes that sort after it (so each edge is written once, from its
    first end). `neighbours`: the node's own adjacency dict (`graph.adjacency()`)."""
    return sorted(item for item in neighbours.items() if directed or item[0] >= node)


#: The blocks of part of an XML graph export (its nodes, or its edges), in order: runs of blocks copied from
#: the old file (their keys, and their numbers there: see `Reuse.unchanged`), and blocks made now (key,
#: fingerprint, text, the attributes it uses).
Steps = list[tuple[list[str], np.ndarray] | tuple[str, bytes, str, frozenset[str]]]


class Part(NamedTuple):
    """A part of an XML graph export: its blocks (`Steps`) and the attributes they use."""

    steps: Steps
    used: frozenset[str]


def elements(graph: nx.Graph, file: BlockWriter, fingerprints: Mapping[str, bytes],
             node: Callable[[str], tuple[str, Iterable[str]]],
             edge: Callable[[str, str], tuple[str, Iterable[str]]]) -> tuple[Part, Part]:
    """The node blocks and the edge blocks (a node's edges, see `edge_block`) of GraphML or GEXF, each with
    the attributes they use, which the document declares before them: made by `node(node)` and
    `edge(source, target)` (an element's text and the attributes it holds), or, where `file`'s old file
    has the block with the same fingerprint, copied (the attributes from its index)."""

    adjacency, directed = dict(graph.adjacency()), graph.is_directed()

    def edges(source: str) -> tuple[str, Iterable[str]]:
        made = [edge(source, target) for target, _ in edge_block(source, adjacency[source], directed)]
        return "".join(text for text, _ in made), {name for _, used in made for name in used}

    found: list[Part] = []
    names = sorted(graph)
    linked = [name for name in names if adjacency[name]]  # a node without neighbours has no edge block
    for prefix, make, of in (("n:", node, names), ("e:", edges, linked)):
        keys = [prefix + name for name in of]
        old = file.unchanged(keys, [fingerprints[name] for name in of])
        steps: Steps = []
        copied = set(file.reuse.extras(old[old >= 0])) if file.reuse else set()  # each the attributes of blocks
        used = set().union(*copied)
        for run, at in runs(old):
            if run:
                steps.append((keys[run], old[run]))
            if at is not None:
                text, attributes = make(of[at])
                if text:
                    steps.append((keys[at], fingerprints[of[at]], text, frozenset(attributes)))
                    used.update(attributes)
        found.append(Part(steps, frozenset(used)))
    return found[0], found[1]


def runs(old: np.ndarray) -> Iterator[tuple[slice | None, int | None]]:
    """The blocks of a file in order, from what `Reuse.unchanged` found of them (-1: to be made): each run of
    blocks to copy (a slice; None where two blocks to make meet) and the block to make after it (None after
    the last run)."""
    done = 0
    for at in [*np.flatnonzero(old < 0).tolist(), None]:
        stop = len(old) if at is None else at
        yield (slice(done, stop) if stop > done else None), at
        done = stop + 1


def write_elements(file: BlockWriter, part: Part) -> None:
    """Write a part `elements` found: copy its runs, write the blocks it made."""
    for step in part.steps:
        if len(step) == 2:
            file.copied(*step)
        else:
            file.made(*step)


def _copy_range(source: int, target: int, length: int, offset: int) -> int:
    """Copy bytes of `source` at `offset` to `target`'s position: within the kernel where the system can
    (Linux), else through a buffer."""
    if hasattr(os, "copy_file_range"):
        return os.copy_file_range(source, target, length, offset)
    return os.write(target, os.pread(source, min(length, 1 << 24), offset))


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class BlockWriter:
    """Writes a file from text and blocks, copying unchanged blocks from `reuse`'s file; `close` gives the
    new file's index."""

    def __init__(self, path: Path, reuse: Reuse | None) -> None:
        self.path = path
        self.out = path.open("wb")
        self.reuse = reuse
        self.source = reuse.path.open("rb") if reuse else None
        # The index as it grows, packed as `Index.to_bytes` keeps it: a writing child sends it back, and the
        # state saves it, without a pass over half a million blocks to pack them.
        self.keys: list[str] = []
        self.records = bytearray()
        self.extras: dict[object, int] = {}
        self.offset = 0
        self.pending: list[bytes] = []  # new text not yet written, `pending_size` bytes
        self.pending_size = 0
        self.copy: tuple[int, int] | None = None  # (old offset, length) of blocks to copy, not yet copied

    def write(self, text: str) -> None:
        """Text outside any block."""
        self._flush_copy()
        data = text.encode("utf-8")
        self.pending.append(data)
        self.offset += len(data)
        self.pending_size += len(data)
        if self.pending_size > 1 << 20:
            self._flush_pending()

    def unchanged(self, keys: Sequence[str], fingerprints: Sequence[bytes]) -> np.ndarray:
        """`Reuse.unchanged` of the old file (all -1 when there is none): which blocks can be `copied`."""
        return self.reuse.unchanged(keys, fingerprints) if self.reuse else np.full(len(keys), -1, dtype=np.int64)

    def made(self, key: str, fingerprint: bytes, text: str, extra: object) -> None:
        """The block `key`, made now."""
        start = self.offset
        self.write(text)
        self._indexed(key, fingerprint, start, self.offset - start, extra)

    def copied(self, keys: list[str], numbers: np.ndarray) -> None:
        """The blocks `keys`, copied: `numbers` are their blocks in the old file (see `unchanged`). Their
        records are moved to their new offsets all at once, and the runs the old file has in one piece are
        each copied in one call."""
        if not keys:
            return
        assert self.reuse is not None
        records = self.reuse.blocks.table[numbers]  # a copy
        starts = records["offset"].astype(np.int64)
        lengths = records["length"].astype(np.int64)
        ends = starts + lengths
        renumbered = np.zeros(len(self.reuse.blocks.extras), dtype=np.uint32)
        for extra in np.unique(records["extra"]).tolist():
            renumbered[extra] = self.extras.setdefault(self.reuse.blocks.extras[extra], len(self.extras))
        records["extra"] = renumbered[records["extra"]]
        records["offset"] = self.offset + np.cumsum(lengths) - lengths
        self.keys.extend(keys)
        self.records += records.tobytes()
        self.offset += int(lengths.sum())
        pieces = [0, *(np.flatnonzero(starts[1:] != ends[:-1]) + 1).tolist(), len(keys)]
        for first, stop in itertools.pairwise(pieces):
            self._copy(int(starts[first]), int(ends[stop - 1] - starts[first]))

    def _copy(self, offset: int, length: int) -> None:
        """Bytes of the old file to copy next: joined to those before when they follow them there."""
        if self.copy and self.copy[0] + self.copy[1] == offset:
            self.copy = (self.copy[0], self.copy[1] + length)
        else:
            self._flush_copy()
            self.copy = (offset, length)

    def _indexed(self, key: str, fingerprint: bytes, offset: int, length: int, extra: object) -> None:
        self.keys.append(key)
        self.records += _RECORD.pack(fingerprint, offset, length, self.extras.setdefault(extra, len(self.extras)))

    def _flush_copy(self) -> None:
        if self.copy is None:
            return
        assert self.source is not None
        self._flush_pending()
        self.out.flush()
        offset, length = self.copy
        self.copy = None
        while length:
            copied = _copy_range(self.source.fileno(), self.out.fileno(), length, offset)
            if not copied:
                raise OSError(f"{self.reuse.path if self.reuse else ''}: shorter than its index says")
            offset, length = offset + copied, length - copied
        self.out.seek(0, os.SEEK_END)  # the copy moved the file's position under the buffered writer

    def _flush_pending(self) -> None:
        """Write the new text gathered so far (in one call: most blocks are small)."""
        self.out.write(b"".join(self.pending))
        self.pending.clear()
        self.pending_size = 0

    def close(self) -> Index:
        self._flush_copy()
        self._flush_pending()
        self.out.close()
        if self.source:
            self.source.close()
        return Index(_Packed(_joined(self.keys), bytes(self.records), list(self.extras)), identity(self.path),
                     writers())
