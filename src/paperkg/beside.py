"""Work done beside the rest of a stage: in a forked process, so a build keeps both cores busy.

A forked child sees the parent's memory as it was at the fork (the graph, the papers) without copying or
pickling it; only what the work returns comes back, pickled through a pipe.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def beside(work: Callable[[], T], what: str, *, fork: bool = True) -> Iterator[Callable[[], T]]:
    """Run `work` (`what` it does, for an error) while the block runs: in a forked process when `fork`, else
    before the block, in this process. Yields the function that gives the result (waiting for it); leaving
    the block waits for the child, so nothing it writes outlives the block. Raises RuntimeError when the
    child fails."""
    if not fork:
        done = work()
        yield lambda: done
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send, args=(sender, work))
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


def _send(connection: Connection, work: Callable[[], object]) -> None:
    connection.send(work())
    connection.close()
