"""Group commit: threads that write at the same moment share one write, each gets its result."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from luna_api.audit.group_commit import GroupCommit


class _Recorder:
    """A write that holds the first group until ``release`` is set, and records every group."""

    def __init__(self) -> None:
        self.groups: list[list[int]] = []
        self.first_started = threading.Event()
        self.release = threading.Event()

    def write(self, items: Sequence[int]) -> list[int]:
        if not self.groups:
            self.first_started.set()
            self.release.wait(timeout=10)
        self.groups.append(list(items))
        return [item * 10 for item in items]


def test_items_waiting_while_a_group_is_written_go_together_in_the_next() -> None:
    recorder = _Recorder()
    group: GroupCommit[int, int] = GroupCommit(recorder.write, name="test")
    with ThreadPoolExecutor(max_workers=20) as pool:
        first = pool.submit(group.submit, 0)
        assert recorder.first_started.wait(timeout=10)
        rest = [pool.submit(group.submit, n) for n in range(1, 20)]
        time.sleep(0.2)  # let all 19 queue behind the first write
        recorder.release.set()
        results = [first.result(timeout=10)] + [f.result(timeout=10) for f in rest]
    group.close()
    assert results == [n * 10 for n in range(20)]
    assert recorder.groups[0] == [0]
    assert sorted(recorder.groups[1]) == list(range(1, 20))
    assert len(recorder.groups) == 2


def test_a_failed_write_fails_every_caller_of_its_group_and_not_later_ones() -> None:
    calls = 0

    def write(items: Sequence[str]) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database away")
        return list(items)

    group: GroupCommit[str, str] = GroupCommit(write, name="test")
    with pytest.raises(ConnectionError, match="database away"):
        group.submit("lost")
    assert group.submit("kept") == "kept"
    group.close()


def test_a_closed_group_refuses_new_items() -> None:
    group: GroupCommit[int, int] = GroupCommit(lambda items: list(items), name="test")
    assert group.submit(1) == 1
    group.close()
    with pytest.raises(RuntimeError, match="closed"):
        group.submit(2)
