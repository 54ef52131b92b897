"""Work done beside the rest of a stage: in a forked process, so a build keeps both cores busy.

A forked child sees the parent's memory as it was at the fork (the graph, the papers) without copying or
pickling it; only what the work returns comes back, pickled through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


@contextmanager
def beside(work: Callable[[], T], what: str, *, fork: bool = True, yielding: bool = False) -> Iterator[Callable[[], T]]:
    """Run `work` (`what` it does, for an error) while the block runs: in a forked process when `fork`, else
    before the block, in this process. Yields the function that gives the result (waiting for it); leaving
    the block waits for the child, so nothing it writes outlives the block. Raises RuntimeError when the
    child fails.

    A `yielding` child runs at a lower priority: when more processes than cores want to run, this one (whose
    block the stage waits for) keeps a core, and the children share the rest."""
    if not fork:
        done = work()
        yield lambda: done
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send, args=(sender, work, _YIELDING if yielding else 0))
    child.start()
    sender.close()

    def result() -> T:
        try:
            return receiver.recv()
        except EOFError:  # the child ended without sending: it failed
            child.join()
            raise RuntimeError(f"{what} failed (exit code {child.exitcode}; the error is above)") from None

    try:
        yield result
    finally:
        child.join()
        receiver.close()


_YIELDING = 5  # added to a yielding child's nice value: its share of a core falls to a third of this one's


def _send(connection: Connection, work: Callable[[], object], niceness: int) -> None:
    os.nice(niceness)
    connection.send(work())
    connection.close()


class Early(Generic[T]):
    """A value a child forked by `beside` sends before its work is done (the RDF writer's fingerprints of the
    graph, which another writer needs too): a thread of this process receives it while this process works
    on, so the child never waits on a full pipe. Create it before the fork, `listen` after it."""

    def __init__(self) -> None:
        self._receiver, self._sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._received: list[T] = []
        self._thread = threading.Thread(target=self._receive, daemon=True)

    def send(self, value: T) -> None:
        """In the child: send `value`."""
        self._sender.send(value)

    def listen(self) -> None:
        """Here, once the child is forked: start receiving (only the child can send now)."""
        self._sender.close()
        self._thread.start()

    def get(self) -> T | None:
        """The value, waiting for it; None when the child ended without sending it (it failed)."""
        self._thread.join()
        self._receiver.close()
        return self._received[0] if self._received else None

    def _receive(self) -> None:
        with suppress(EOFError):
            self._received.append(self._receiver.recv())
