"""Files a build writes whole or not at all, the lock of the folder it writes them into, and digests of the
files a build's results are made by (so that what an older build left is reused only when they are the same).

Each file goes to a temporary name in the same folder and is renamed into place, so a reader never sees half
a file and a killed build leaves the old one intact; `locked(out)` keeps two builds from writing into one
folder at once. (Kept apart from the exporters, which import rdflib and networkx: a build takes its lock and
reads its state before it needs them.)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

LOCK = ".paperkg.lock"
_TEMPORARY = ".tmp"


class Locked(RuntimeError):
    """Another build holds the lock of the output folder."""


@contextmanager
def locked(out: Path) -> Iterator[Path]:
    """Hold an exclusive lock on `out` (creating the folder) for the block, or raise Locked at once.

    The lock is `flock` on `out/.paperkg.lock`: the kernel releases it however the holder ends, even by
    SIGKILL, so a killed build never leaves a folder locked. Temporary files a killed build left are
    removed once the lock is held.
    """
    out.mkdir(parents=True, exist_ok=True)
    with (out / LOCK).open("a") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(f"{out}: another paperkg build is writing into this folder (it holds {out / LOCK}); "
                         "wait for it to finish or choose another --out") from None
        try:
            for stale in out.glob(f"{_TEMPORARY}*"):
                stale.unlink(missing_ok=True)
            yield out
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


class Commits:
    """Where `write_all_atomically` leaves the rest of its work, once the files are written: each group of
    files is synced to disk and renamed into place by a thread of its own, while this one goes on (the
    sync waits for the disk, not for a core: 0.4 s of the three RDF files of an update). Leaving the block
    waits for every thread and raises the first error."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._errors: list[BaseException] = []

    def __enter__(self) -> Commits:
        return self

    def __exit__(self, *exception: object) -> None:
        for thread in self._threads:
            thread.join()
        if self._errors and exception[0] is None:
            raise self._errors[0]

    def add(self, temporaries: list[Path], paths: Sequence[Path]) -> None:
        def commit() -> None:
            try:
                _commit(temporaries, paths)
            except BaseException as error:  # raised by `__exit__`, in the thread that waits
                self._errors.append(error)

        thread = threading.Thread(target=commit, name=f"commit {paths[0].name}")
        thread.start()
        self._threads.append(thread)


def write_atomically(path: Path, write: Callable[[Path], object], commits: Commits | None = None) -> None:
    """Run `write` on a temporary file next to `path`, then rename it over `path` (see `write_all_atomically`)."""
    write_all_atomically([path], lambda temporaries: write(temporaries[0]), commits)


def write_all_atomically(paths: Sequence[Path], write: Callable[[list[Path]], object],
                         commits: Commits | None = None) -> None:
    """Run `write` on temporary files next to `paths`, then sync each to disk and rename it over its path:
    here, or by `commits` (in a thread)."""
    # The temporary keeps the suffix writers go by.
    temporaries = [path.with_name(f"{_TEMPORARY}{os.getpid()}.{path.name}") for path in paths]
    try:
        write(temporaries)
    except BaseException:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    if commits is None:
        _commit(temporaries, paths)
    else:
        commits.add(temporaries, paths)


def _commit(temporaries: list[Path], paths: Sequence[Path]) -> None:
    try:
        for temporary, path in zip(temporaries, paths, strict=True):
            sync(temporary)
            os.replace(temporary, path)
        _sync_folder(paths[0].parent)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def unfinished(path: Path) -> Path:
    """Where a new `path` made in two steps waits between them (see `paperkg.state.draft`); one a killed
    build left is removed when the folder is next locked."""
    return path.with_name(f"{_TEMPORARY}-unfinished.{path.name}")


def sync(path: Path) -> None:
    """Wait until the file's bytes are on disk."""
    with path.open("rb") as written:
        os.fsync(written.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: the folder's entry is on disk too, not only the file's bytes."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def digest(files: Iterable[tuple[str, Path]]) -> str:
    """The SHA-256 (hex) of files under names, in the order given: each name, a NUL, the file's bytes."""
    found = hashlib.sha256()
    for name, path in files:
        found.update(name.encode() + b"\0" + path.read_bytes())
    return found.hexdigest()
