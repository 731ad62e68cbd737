"""A worker's life: stop cleanly on SIGTERM/SIGINT (Kubernetes and compose send SIGTERM first)."""

from __future__ import annotations

import signal
import threading


class StopFlag:
    """Set by SIGTERM/SIGINT: the worker finishes its batch, then closes (unacked work requeues)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def install(self) -> StopFlag:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self._event.set())
        return self

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)
