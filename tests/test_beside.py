"""`beside`: work in a forked process while the block runs, its result sent back; a failure named."""

from __future__ import annotations

import os

import pytest

from paperkg.beside import Early, beside


def test_the_work_runs_in_another_process_and_its_result_comes_back() -> None:
    with beside(lambda: (os.getpid(), [1, 2, 3]), "counting") as result:
        here = os.getpid()
        pid, numbers = result()
    assert pid != here and numbers == [1, 2, 3]


def test_a_yielding_child_runs_at_a_lower_priority_than_this_process() -> None:
    here = os.nice(0)
    with (beside(lambda: os.nice(0), "reading its niceness", yielding=True) as yielding,
          beside(lambda: os.nice(0), "reading its niceness") as plain):
        assert plain() == here and yielding() == min(here + 5, 19)


def test_without_fork_the_work_runs_here_before_the_block() -> None:
    ran: list[str] = []
    with beside(lambda: ran.append("work") or os.getpid(), "counting", fork=False) as result:
        ran.append("block")
        assert result() == os.getpid()
    assert ran == ["work", "block"]


def test_a_child_that_fails_is_an_error_that_says_what_failed() -> None:
    def fail() -> None:
        raise ValueError("broken on purpose")

    with pytest.raises(RuntimeError, match=r"resolving the authors failed \(exit code 1"), \
            beside(fail, "resolving the authors") as result:
        result()


def test_leaving_the_block_waits_for_the_child(tmp_path) -> None:
    marker = tmp_path / "done"

    def slow() -> None:
        import time

        time.sleep(0.5)
        marker.write_text("done")

    with beside(slow, "writing"):
        pass
    assert marker.read_text() == "done"


def test_a_child_sends_a_value_early_and_this_process_gets_it_while_the_child_works_on() -> None:
    """`Early`: a value larger than a pipe holds comes through while the child still works (it does not
    wait for this process to read), and None comes when the child ends without sending (it failed)."""
    early: Early[bytes] = Early()

    def work() -> str:
        early.send(b"x" * (1 << 20))
        return "done"

    with beside(work, "sending early") as result:
        early.listen()
        assert early.get() == b"x" * (1 << 20)
        assert result() == "done"

    silent: Early[bytes] = Early()

    def fail() -> None:
        raise ValueError("broken before sending")

    with pytest.raises(RuntimeError, match="failing early"), beside(fail, "failing early") as result:
        silent.listen()
        assert silent.get() is None
        result()
