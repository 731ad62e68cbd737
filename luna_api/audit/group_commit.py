"""Group commit: many threads' writes, one transaction.

Every audit event takes the trail's lock, reads the last event and inserts, in a transaction
of its own: about five round trips to PostgreSQL with the lock held, and under load most of
the API's database connections sat waiting for that lock (``SELECT waiting`` in ``ps``, 32
concurrent submissions). Here the waiting threads hand their records to one writer thread,
which writes all that have arrived in one transaction and wakes each thread with its own
result, or with the error, so a caller still returns only once its record is committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# A bound, so one transaction stays short even when thousands of threads are waiting.
MAX_GROUP = 256


@dataclass
class _Waiting(Generic[Item, Result]):
    item: Item
    done: threading.Event = field(default_factory=threading.Event)
    result: Result | None = None
    error: BaseException | None = None


class GroupCommit(Generic[Item, Result]):
    """Calls ``write(items)`` on a thread of its own with every item submitted meanwhile.

    ``write`` returns one result per item, in order; when it raises, each of its callers
    gets that exception.
    """

    def __init__(self, write: Callable[[Sequence[Item]], Sequence[Result]], *, name: str) -> None:
        self._write = write
        self._name = name
        self._waiting: list[_Waiting[Item, Result]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, item: Item) -> Result:
        """Write ``item`` with whatever else is waiting; its result once committed."""
        waiting: _Waiting[Item, Result] = _Waiting(item)
        with self._wake:
            if self._closed:
                raise RuntimeError(f"{self._name} is closed")
            self._waiting.append(waiting)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._wake.notify()
        waiting.done.wait()
        if waiting.error is not None:
            raise waiting.error
        return waiting.result  # type: ignore[return-value]  # set whenever error is not

    def close(self) -> None:
        """Write what is waiting, then stop the writer thread."""
        with self._wake:
            self._closed = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._waiting and not self._closed:
                    self._wake.wait()
                if not self._waiting:
                    return
                group = self._waiting[:MAX_GROUP]
                del self._waiting[:MAX_GROUP]
            self._write_group(group)

    def _write_group(self, group: list[_Waiting[Item, Result]]) -> None:
        try:
            results = self._write([waiting.item for waiting in group])
            if len(results) != len(group):
                raise RuntimeError(f"{self._name}: {len(results)} results for {len(group)} items")
        except BaseException as exc:  # noqa: BLE001 - handed to every caller, who raises it
            for waiting in group:
                waiting.error = exc
                waiting.done.set()
            return
        for waiting, result in zip(group, results, strict=True):
            waiting.result = result
            waiting.done.set()
